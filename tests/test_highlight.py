"""The article page's segments and the server-drawn charts (pure functions)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from marsad.api import charts, highlight
from marsad.services.analysis import analyze_inputs

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@st.composite
def text_and_marks(draw: st.DrawFn) -> tuple[str, list[highlight.Mark]]:
    text = draw(st.text(alphabet="ابت ثج\n", min_size=1, max_size=60))
    spans = draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=12)
    )
    marks = [
        highlight.Mark("entity", f"e{i}", min(a, b), max(a, b), "ent", "x")
        for i, (a, b) in enumerate(spans)
        if a != b
    ]
    return text, marks


@given(text_and_marks())
def test_segments_cut_the_text_without_losing_a_character(case: tuple[str, list]) -> None:
    text, marks = case
    segments = highlight.segments(text, marks)
    assert "".join(s.text for s in segments) == text
    for s in segments:
        assert text[s.start : s.end] == s.text
        assert all(m.start <= s.start and s.end <= m.end for m in s.marks)
    for m in marks:  # each mark is exactly the union of the segments that carry it
        carried = [s for s in segments if m in s.marks]
        assert "".join(s.text for s in carried) == text[m.start : m.end]


def test_marks_of_real_documents_sit_on_their_characters() -> None:
    for outcome in analyze_inputs([str(EXAMPLES)]):
        assert outcome.document is not None
        doc = outcome.document.to_dict()
        marks = highlight.marks(doc)
        facts = {
            f["id"]: f for kind in ("entities", "times", "quantities", "quotes") for f in doc[kind]
        }
        for m in marks:
            if m.kind == "event":
                event = next(v for v in doc["events"] if v["id"] == m.fact)
                assert doc["text"][m.start : m.end] == event["trigger"]["text"]
            else:
                assert doc["text"][m.start : m.end] == facts[m.fact]["text"]
            assert m.title


def test_descriptions_show_normalized_values() -> None:
    assert "7" in highlight.describe_quantity({"kind": "count", "value": 7.0, "unit": "مدني"})
    assert "1,500–2,000" in highlight.describe_quantity({"low": 1500.0, "high": 2000.0})
    change = {"from": "q1", "to": "q2", "direction": "down", "percent": 40.0}
    assert "down · 40% · q1 → q2" in highlight.describe_quantity({"value": 1.0, "change": change})
    place = {"lat": 36.2, "lon": 37.15, "country": "SY"}
    entity = {"label": "LOC", "canonical": "حلب", "name_en": "Aleppo"}
    assert highlight.describe_entity(entity, place) == "LOC · حلب · Aleppo · SY (36.200, 37.150)"
    army = {"label": "ORG", "canonical": "الجيش العراقي", "generic": True}
    assert highlight.describe_entity(army) == "ORG · الجيش العراقي · generic"
    assert "2017-09-19" in highlight.describe_time({"value": "2017-09-19", "granularity": "day"})


def test_stacked_bars_fill_missing_months_and_scale_to_the_tallest() -> None:
    chart = charts.stacked_bars(
        [("2018-11", {"battles": 3}), ("2019-02", {"battles": 1, "protests": 5})]
    )
    assert [b.period for b in chart.bars] == ["2018-11", "2018-12", "2019-01", "2019-02"]
    assert chart.top == 6 and chart.keys == ("battles", "protests")
    tallest = chart.bars[-1]
    assert sum(p.height for p in tallest.stack) == chart.baseline - charts.PAD_TOP
    assert charts.stacked_bars([]).bars == ()
    many = charts.stacked_bars([("2001-01", {"x": 1}), ("2020-12", {"x": 1})])
    # 20 years: no month labels, a year label every few years (12 labels at most).
    assert many.ticks == () and 1 < len(many.years) <= charts.MOST_MONTH_LABELS
    assert all(t.label.isdigit() and len(t.label) == 4 for t in many.years)


def test_dots_place_time_left_to_right_and_values_bottom_to_top() -> None:
    chart = charts.dots_over_time(
        [("2019-01-01", 10.0, 0, "a"), ("2020", 30.0, 1, "b"), ("", 5.0, 0, "undated")]
    )
    assert len(chart.dots) == 2
    first, second = chart.dots
    assert first.x < second.x and first.y > second.y
