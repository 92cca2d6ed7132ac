"""The toll classifier (marsad.extract.events.tolls): a war's running total is no event's toll,
a same-day toll is; its training (marsad.services.train_tolls) builds labelled candidates."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.doc import Document, Meta
from marsad.extract.events.tolls import (
    MODEL,
    is_event_toll,
    toll_features,
    toll_model,
    toll_probability,
)
from marsad.pipeline import Pipeline

# Written for these tests.
CUMULATIVE = (
    "وتقول الأمم المتحدة إن أكثر من 62 ألف شخص قتلوا في الحرب منذ عام 2011، بينهم آلاف الأطفال."
)
SAME_DAY = "وقتل سبعة مدنيين اليوم الأحد في غارة جوية على قرية قرب مدينة إدلب."
BOTH = (
    "وقتل خمسة مدنيين اليوم الأحد في غارة جوية على بلدة في ريف إدلب. "
    "وارتفعت حصيلة القتلى منذ بداية الحرب عام 2011 إلى أكثر من 62 ألف قتيل حتى الآن."
)
PUBLISHED = "2018-03-04"

_NAMES = [
    "sentences.rules.v1",
    "tokenize.rules.v1",
    "ner.crf.v1",
    "actors.kb.v1",
    "places.gazetteer.v1",
    "times.rules.v1",
    "quantities.rules.v1",
    "quotes.rules.v1",
    "events.rules.v1",
]


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline.from_names(_NAMES)


def _analyze(nlp: Pipeline, text: str) -> Document:
    return nlp(Document.from_text(text, Meta(published=PUBLISHED)))


def _figure(doc: Document, surface: str):  # type: ignore[no-untyped-def]
    return next(q for q in doc.quantities if surface in q.text)


def test_the_model_ships_with_its_threshold() -> None:
    model = toll_model()
    assert model.name == "events.tolls"
    assert 0.0 < model.threshold < 1.0
    assert model.weights and MODEL.endswith(".json.gz")


def test_a_war_total_is_less_likely_a_toll_than_a_same_day_toll(nlp: Pipeline) -> None:
    war = _analyze(nlp, CUMULATIVE)
    day = _analyze(nlp, SAME_DAY)
    p_war = toll_probability(war.text, _figure(war, "62"), PUBLISHED)
    p_day = toll_probability(day.text, _figure(day, "سبعة"), PUBLISHED)
    assert 0.0 <= p_war < p_day <= 1.0
    assert not is_event_toll(war.text, _figure(war, "62"), PUBLISHED)
    assert is_event_toll(day.text, _figure(day, "سبعة"), PUBLISHED)


def test_a_cumulative_war_total_is_not_an_events_toll(nlp: Pipeline) -> None:
    doc = _analyze(nlp, CUMULATIVE)
    assert all(e.fatalities != 62000 for e in doc.events)


def test_a_same_day_toll_is_the_events_toll(nlp: Pipeline) -> None:
    doc = _analyze(nlp, SAME_DAY)
    strikes = [e for e in doc.events if e.sub_type == "air_drone_strike"]
    assert strikes and strikes[0].fatalities == 7


def test_the_events_toll_beside_a_running_total(nlp: Pipeline) -> None:
    doc = _analyze(nlp, BOTH)
    assert doc.events
    assert {e.fatalities for e in doc.events} & {5}
    assert all(e.fatalities != 62000 for e in doc.events)


def test_features_read_cues_years_and_magnitude(nlp: Pipeline) -> None:
    doc = _analyze(nlp, CUMULATIVE)
    f = toll_features(doc.text, _figure(doc, "62"), PUBLISHED)
    assert f["role=killed"] == 1.0
    assert "year_before_pub@sentence" in f
    assert any(k.startswith("cue:since@") for k in f)
    assert any(k.startswith("cue:conflict@") for k in f)
    assert f["mag=5"] == 1.0
    day = _analyze(nlp, SAME_DAY)
    g = toll_features(day.text, _figure(day, "سبعة"), PUBLISHED)
    assert "cue:today@after" in g and "trigger=violent" in g
    assert "year@sentence" not in g


def test_training_candidates_are_labelled_by_the_gold_figures(nlp: Pipeline) -> None:
    from marsad.services.train_tolls import toll_candidates

    doc = _analyze(nlp, BOTH)
    five = _figure(doc, "خمسة")
    total = _figure(doc, "62")
    figures = [
        {"span": [five.start, five.end], "value": 5, "kind": "killed", "role": "toll"},
        {"span": [total.start, total.end], "value": 62000, "kind": "killed", "role": "cumulative"},
    ]
    candidates = toll_candidates(doc, figures, "doc-1")
    by_start = {c.start: c for c in candidates}
    assert by_start[five.start].example.label is True
    assert by_start[total.start].example.label is False
    assert by_start[total.start].gold_role == "cumulative"
    assert all(c.example.group == "doc-1" for c in candidates)
    assert all(c.example.features for c in candidates)


def test_training_fits_and_saves_a_model(nlp: Pipeline, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from marsad.extract.linear import LinearModel
    from marsad.services.learn import fit_logistic
    from marsad.services.train_tolls import choose_threshold, toll_candidates

    examples = []
    for i, (text, toll) in enumerate(((SAME_DAY, "سبعة"), (CUMULATIVE, None), (BOTH, "خمسة")) * 3):
        doc = _analyze(nlp, text)
        figures = [
            {"span": [q.start, q.end], "role": "toll" if toll and toll in q.text else "cumulative"}
            for q in doc.quantities
        ]
        examples += [c.example for c in toll_candidates(doc, figures, f"a{i}")]
    model = fit_logistic("events.tolls", examples, min_count=1, folds=3)
    pairs = [(model.probability(e.features), e.label) for e in examples]
    threshold = choose_threshold(pairs)
    assert 0.0 < threshold < 1.0
    path = tmp_path / "tolls.json.gz"
    model.save(path)
    assert LinearModel.load(path).weights == model.weights
