"""``marsad eval events``: the gold set loads, the scorer counts right, and the shipped
components stay above the floors pinned in eval/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.doc import Document, Entity, Event, Meta, Place, Span, Time
from marsad.errors import MalformedInputError
from marsad.evaluation.baseline import check, load_baseline
from marsad.evaluation.events import (
    GoldEvent,
    GoldPlace,
    PartScores,
    actor_agrees,
    evaluate_events,
    load_ant,
    load_written,
    match_events,
    match_records,
)
from marsad.extract.events.taxonomy import ACLED_TYPES, POLITICAL_TYPES

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "events"
BASELINE = ROOT / "eval" / "baseline.json"
CORPUS = "ant-corpus-news/ant_v2.1_multisource.jsonl.gz"


def _event(type_: str, trigger: tuple[int, int]) -> Event:
    span = Span(trigger[0], trigger[1], "x" * (trigger[1] - trigger[0]))
    return Event("v", type_, None, span, span)


def test_match_needs_the_type_and_the_trigger_or_evidence() -> None:
    gold = [
        GoldEvent("battles", "armed_clash", (10, 20), (0, 50)),
        GoldEvent("battles", "armed_clash", (60, 70), (55, 90), also=((100, 110),)),
    ]
    predicted = [
        _event("battles", (30, 35)),  # inside the first evidence
        _event("battles", (101, 105)),  # another mention of the second
        _event("protests", (12, 18)),  # wrong type
        _event("battles", (200, 205)),  # nowhere
    ]
    assert match_events(gold, predicted) == [(1, 1), (0, 0)]
    # One to one: two predictions on one gold event give one match.
    assert match_events(gold[:1], [_event("battles", (10, 20)), _event("battles", (12, 14))]) == [
        (0, 0)
    ]


def test_record_match_needs_type_country_and_date_within_a_day() -> None:
    # Issue 20's match: wherever the trigger is, the same type, the gold place's country and
    # a date within a day; the record's date is the event's time, else the publication day.
    doc = Document.from_text("x" * 300, Meta(published="2018-05-10")).with_(
        places=(
            Place("p1", None, "دمشق", country="SY"),
            Place("p2", None, "بغداد", country="IQ"),
        ),
        times=(
            Time("t1", 0, 3, "أمس", "2018-05-09", "day"),
            Time("t2", 3, 6, "الشهر", "2018-03", "month"),
            Time("t3", 6, 9, "بين", "2018-05-01", "range", ("2018-05-01", "2018-05-03")),
        ),
    )
    syria = GoldPlace((0, 1), "SY", None, None, None)
    gold = [GoldEvent("battles", "armed_clash", (10, 20), (0, 50), place=syria, date="2018-05-08")]

    def ev(place: str | None, time: str | None, type_: str = "battles") -> Event:
        span = Span(200, 205, "x" * 5)
        return Event("v", type_, None, span, span, place=place, time=time)

    assert match_records(gold, [ev("p1", "t1")], doc) == [(0, 0)]  # a day off: kept
    assert match_records(gold, [ev("p2", "t1")], doc) == []  # another country
    assert match_records(gold, [ev(None, "t1")], doc) == []  # gold names a country
    assert match_records(gold, [ev("p1", None)], doc) == []  # published 05-10: two days off
    assert match_records(gold, [ev("p1", "t2")], doc) == []  # a month counts as its first day
    assert match_records(gold, [ev("p1", "t1", "protests")], doc) == []
    near_range = GoldEvent(
        "battles", "armed_clash", (10, 20), (0, 50), place=syria, date="2018-05-04"
    )
    assert match_records([near_range], [ev("p1", "t3")], doc) == [(0, 0)]
    # Without a gold place or date, only the type is asked; one to one.
    bare = GoldEvent("battles", "armed_clash", (10, 20), (0, 50))
    assert match_records([bare], [ev(None, None), ev("p2", "t2")], doc) == [(0, 0)]


def test_an_actor_named_by_another_mention_of_the_same_entity_agrees() -> None:
    # a made-up person, so that no knowledge-base actor decides it
    text = "قال سليم الحداد إن بلاده سترد، واتهم الحداد إيران بدعم الهجمات"
    full = text.index("سليم")
    short = text.index("الحداد", full + 10)
    gold = (short, short + 6)  # the annotator marked the second «الحداد»
    named = Entity("e1", "PER", full, full + 11, "سليم الحداد", canonical="سليم الحداد")
    again = Entity("e2", "PER", short, short + 6, "الحداد", canonical="سليم الحداد")
    iran = Entity("e3", "LOC", text.index("إيران"), text.index("إيران") + 5, "إيران")
    mentions = (named, again, iran)
    assert actor_agrees(gold, named, text, mentions)
    assert not actor_agrees(gold, named, text)  # without the document's mentions
    assert not actor_agrees(gold, iran, text, mentions)
    # the same words under another label are another entity
    org = Entity("e4", "ORG", short, short + 6, "الحداد", canonical="الحداد")
    assert not actor_agrees(gold, named, text, (named, org))


def test_written_gold_is_sound() -> None:
    docs = load_written(GOLD / "written.jsonl")
    assert len(docs) >= 40
    events = [e for d in docs for e in d.events]
    assert len(events) >= 80
    known = set(ACLED_TYPES) | set(POLITICAL_TYPES)
    assert {e.type for e in events} <= known
    for e in events:
        if e.type in ACLED_TYPES:
            assert e.sub_type in ACLED_TYPES[e.type]
    assert any(not d.events for d in docs), "some articles have no event at all"
    for d in docs:
        for e in d.events:
            assert e.evidence[0] <= e.trigger[0] < e.trigger[1] <= e.evidence[1]


def test_ant_gold_holds_offsets_only() -> None:
    for path in sorted(GOLD.glob("ant*.jsonl")):
        text = path.read_text(encoding="utf-8")
        assert not any("\u0600" <= c <= "\u06ff" for c in text), "no article text in the project"
        for line in text.splitlines():
            assert set(json.loads(line)) == {"id", "events"}


def test_a_bad_gold_record_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "written.jsonl"
    record = {"id": "x", "text": "قصف", "events": [{"type": "battles", "trigger": [0, 99]}]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"written\.jsonl:1"):
        load_written(path)
    record["events"] = [{"trigger": [0, 3]}]
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"written\.jsonl:1"):
        load_written(path)


def test_the_reliability_table_bins_events_by_confidence() -> None:
    scores = PartScores("x")
    for confidence, right in ((0.9, True), (0.85, False), (1.0, True), (0.3, False), (0.2, True)):
        scores.confidences.append((confidence, right))
    table = {row["bin"]: row for row in scores.reliability()}
    assert (table["[0.8, 1.0]"]["n"], table["[0.8, 1.0]"]["precision"]) == (3, 0.667)
    assert (table["[0.2, 0.4)"]["n"], table["[0.2, 0.4)"]["precision"]) == (2, 0.5)
    assert table["[0.0, 0.2)"]["n"] == 0
    assert round(scores.precision_at_08, 4) == 0.6667
    # The written part's events all carry a confidence, each counted in one bin once.
    (written,) = evaluate_events(GOLD, None).parts
    assert sum(r["n"] for r in written.reliability()) == written.predicted


def test_written_part_stays_above_its_floors() -> None:
    result = evaluate_events(GOLD, None)
    (written,) = result.parts
    assert written.name == "written" and written.documents >= 40
    assert result.skipped  # the ANT parts need the corpus
    floors = {k: v for k, v in load_baseline(BASELINE).items() if k.startswith("events.written.")}
    assert "events.written.f1" in floors
    assert check(result.floor_metrics(), floors) == []


def test_real_articles_stay_above_their_floors(shared_data: Path) -> None:
    result = evaluate_events(GOLD, shared_data / CORPUS)
    names = {p.name for p in result.parts}
    assert names == {"written", "ant", "ant-holdout"}
    assert sum(p.documents for p in result.parts if p.name != "written") >= 30
    floors = {  # the annotated corpus's parts are gated in test_gold_corpus.py
        k: v
        for k, v in load_baseline(BASELINE).items()
        if k.startswith("events.") and k.split(".")[1] in names
    }
    assert check(result.floor_metrics(), floors, require_all=True) == []


def test_ant_loader_joins_the_corpus_text(shared_data: Path) -> None:
    docs = load_ant([GOLD / "ant.jsonl"], shared_data / CORPUS)["ant"]
    assert len(docs) >= 20
    for doc in docs:
        for e in doc.events:
            assert doc.text[e.trigger[0] : e.trigger[1]].strip()


def test_cli_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"floors": {"events.written.f1": 1.01}}), encoding="utf-8")
    args = ["eval", "events", "--gold", str(GOLD), "--corpus", str(tmp_path / "absent.gz")]
    assert main([*args, "--baseline", str(baseline)]) == 1
    assert "below floor" in capsys.readouterr().err
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parts"]["written"]["gold"] >= 80
    assert set(data["parts"]["written"]["arguments"]) >= {"actor1", "place", "fatalities"}
    assert main(["eval", "events", "--gold", str(tmp_path)]) == 2  # no written.jsonl
