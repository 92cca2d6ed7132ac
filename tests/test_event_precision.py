"""Precision of the learned events: the gate bar of non-conflict articles, and the false
alarms counted there (issue 20)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.doc import Document, Meta
from marsad.evaluation.annotation.evaluate import FalseAlarms
from marsad.extract.events.learned import MODEL, gate_bar, gate_of, learned_events
from marsad.extract.linear import load_model
from marsad.pipeline import Pipeline
from marsad.services.analysis import default_settings
from marsad.services.train_events import EventCounts, before_events, choose_gate_bar

_NEWS = "قتل سبعة مدنيين في غارات جوية روسية على بلدة كفرنبل في ريف إدلب صباح اليوم."


@pytest.fixture(scope="module")
def pre() -> Pipeline:
    return Pipeline.from_names(before_events(default_settings().pipeline.components))


def _analyzed(pre: Pipeline, text: str) -> Document:
    return pre(Document.from_text(text, Meta(published="2018-05-02")))


# ---- the gate bar --------------------------------------------------------------------------


def test_the_gate_bar_raises_the_threshold_only_under_the_gate(pre: Pipeline) -> None:
    model = load_model(MODEL)
    doc = _analyzed(pre, _NEWS)
    kept = learned_events(doc, replace(model, meta={**model.meta, "gate_bar": None}))[0]
    assert [e.type for e in kept] == ["explosions_remote_violence"]
    confidence = kept[0].confidence
    assert confidence is not None and confidence < 0.99
    gate = gate_of(doc, model)
    assert gate is not None
    # A bar that applies to this article (its gate is under ``below``) drops the event ...
    barred = replace(model, meta={**model.meta, "gate_bar": {"below": 1.0, "min_confidence": 0.99}})
    assert gate_bar(barred, gate) == 0.99
    assert learned_events(doc, barred)[0] == ()
    # ... unless asked for every candidate (calibration and reliability read them all),
    assert [e.type for e in learned_events(doc, barred, gated=False)[0]] == [kept[0].type]
    # and a bar for articles under a gate this article is above leaves it alone.
    above = replace(model, meta={**model.meta, "gate_bar": {"below": gate, "min_confidence": 0.99}})
    assert gate_bar(above, gate) == 0.0
    assert [e.type for e in learned_events(doc, above)[0]] == [kept[0].type]


def test_a_model_without_the_gate_feature_still_reads_the_gate_for_its_bar(
    pre: Pipeline,
) -> None:
    """The bar and the feature are apart (``train_events(gate=False, gate_bar=True)``): a
    model that does not weigh the gate still raises the bar in a non-conflict article."""
    model = load_model(MODEL)
    doc = _analyzed(pre, _NEWS)
    plain = replace(model, meta={**model.meta, "gate": False, "gate_bar": None})
    assert gate_of(doc, plain) is None  # neither a feature nor a bar: the gate is not read
    barred = replace(plain, meta={**plain.meta, "gate_bar": {"below": 1.0, "min_confidence": 1.0}})
    assert gate_of(doc, barred) == gate_of(doc, model)
    assert learned_events(doc, plain)[0] and learned_events(doc, barred)[0] == ()


def test_the_shipped_model_has_a_gate_bar_above_its_threshold() -> None:
    model = load_model(MODEL)
    bar = model.meta.get("gate_bar")
    assert bar is not None, "marsad train events chose no gate bar"
    assert 0.0 < float(bar["below"]) <= 1.0
    assert model.threshold < float(bar["min_confidence"]) < 1.0  # informs, never vetoes


def _at(gold: int, kept: dict[float, tuple[int, int]]) -> dict[float, EventCounts]:
    return {t: EventCounts(gold, p, m) for t, (p, m) in kept.items()}


def test_choose_gate_bar_keeps_none_when_the_bar_costs_f1() -> None:
    # The low-gate article's event is right: a bar would lose it.
    news = (0.9, _at(2, {0.3: (2, 1), 0.5: (1, 1), 0.6: (1, 1)}))
    sport = (0.1, _at(1, {0.3: (1, 1), 0.5: (0, 0), 0.6: (0, 0)}))
    bar, report = choose_gate_bar([news, sport])
    assert bar is None
    assert report["flat_threshold"] == 0.3
    # A sport article with a false event: the bar that drops it is chosen.
    news = (0.9, _at(2, {0.3: (2, 2), 0.5: (1, 1), 0.6: (1, 1)}))
    sport = (0.1, _at(0, {0.3: (1, 0), 0.5: (1, 0), 0.6: (0, 0)}))
    bar, report = choose_gate_bar([news, sport])
    assert report["flat_threshold"] == 0.3
    assert bar == {"below": 0.5, "min_confidence": 0.6}


# ---- the false alarms of non-conflict articles ---------------------------------------------


def test_false_alarms_count_the_events_of_other_articles_that_match_nothing() -> None:
    alarms = FalseAlarms(
        other_articles=4, on_other_articles=3, gold_on_other_articles=2, false_on_other_articles=1
    )
    out = alarms.to_dict()
    assert out["per_other_article"] == 0.75
    assert out["gold_per_other_article"] == 0.5
    assert out["false_per_other_article"] == 0.25
