"""The evaluation use cases: score the NER, the time and figure spans, the quotes and the
events on annotated data, and check (or raise) the floors of a baseline file.

Each imports its evaluation module when called: none of them is needed to analyze.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.errors import ConfigError

if TYPE_CHECKING:
    from marsad.evaluation.conll import Format
    from marsad.evaluation.events import EventEvaluation
    from marsad.evaluation.ner import NerEvaluation
    from marsad.evaluation.quotes import QuoteEvaluation
    from marsad.evaluation.spans import SpanEvaluation

__all__ = [
    "check_baseline",
    "evaluate_corpus",
    "evaluate_events",
    "evaluate_ner_model",
    "evaluate_quotes",
    "evaluate_spans",
    "pinned_floors",
    "pinned_names",
]


def evaluate_ner_model(
    data: Path, fmt: Format, *, model: Path | None = None, conventions: str | None = None
) -> NerEvaluation:
    """Score the NER recognizer (the shipped model, or ``model``) on an annotated corpus;
    ``conventions``: tag with that training corpus's own annotation conventions."""
    from marsad.evaluation.ner import evaluate_ner
    from marsad.extract.entities.crf import CrfTagger
    from marsad.extract.entities.features import Featurizer
    from marsad.extract.entities.recognize import Recognizer

    recognizer = None
    if model is not None or conventions:
        recognizer = Recognizer(
            tagger=CrfTagger(model), featurizer=Featurizer(conventions=conventions or None)
        )
    return evaluate_ner(data, fmt, recognizer)


def evaluate_spans(data: Path) -> SpanEvaluation:
    """Score marsad's time and figure spans (and dateparser's dates beside them) on a Wojood
    file; dateparser comes with the ``dev`` extra."""
    from marsad.evaluation.spans import evaluate_spans as evaluate

    return evaluate(data)


def evaluate_quotes(
    gold: Path, corpus: Path | None, *, keep_errors: bool = False
) -> QuoteEvaluation:
    """Score the quotes component on the gold set in ``gold`` (the ANT part needs ``corpus``)."""
    from marsad.evaluation.quotes import evaluate_quotes as evaluate

    return evaluate(gold, corpus, keep_errors=keep_errors)


def evaluate_events(
    gold: Path, corpus: Path | None, *, keep_errors: bool = False
) -> EventEvaluation:
    """Score event extraction on the gold set in ``gold`` (the ANT parts need ``corpus``)."""
    from marsad.evaluation.events import evaluate_events as evaluate

    return evaluate(gold, corpus, keep_errors=keep_errors)


def evaluate_corpus(
    task: str,
    root: Path,
    corpus: Path,
    split: str,
    *,
    keep_errors: bool = False,
    from_scratch: bool = False,
) -> dict[str, Any]:
    """Score ``task`` (events, entities, places, times or figures) on ``split`` of the
    annotated corpus: ``{"name", "result", "floors": {key: value}, "errors": [...]}``.
    ``from_scratch`` scores against the agreement sample's second annotations, made without
    today's draft (the entity and toponym layers of the others were drafted by marsad)."""
    from marsad.evaluation.annotation import evaluate as scoring
    from marsad.evaluation.events import EventEvaluation
    from marsad.services.analysis import build_pipeline, default_settings

    docs = scoring.corpus_docs(root, corpus, split, errors=keep_errors, second=from_scratch)
    nlp = build_pipeline(default_settings())  # one per process: the scores share its analyses
    name = f"corpus-{split}" + ("-scratch" if from_scratch else "")
    if task == "events":
        part, alarms = scoring.score_corpus_events(docs, nlp, name, keep_errors=keep_errors)
        # the old gold's pinned figures, and precision (the corpus's false alarms are the gap)
        floors = EventEvaluation((part,)).floor_metrics()
        floors[f"events.{name}.precision"] = round(part.precision, 6)
        result = {**part.to_dict(), "false_alarms": alarms.to_dict()}
        return {"name": name, "result": result, "floors": floors, "errors": part.errors}
    if task == "entities":
        ents = scoring.score_corpus_entities(docs, nlp)
        floors = {f"entities.{name}.micro_f1": round(ents.scores().f1, 6)}
        for label in ("PER", "ORG", "LOC", "MISC"):
            floors[f"entities.{name}.{label}_f1"] = round(ents.scores(label).f1, 6)
        return {"name": name, "result": ents.to_dict(), "floors": floors, "errors": []}
    if task == "places":
        places = scoring.score_corpus_places(docs, nlp, keep_errors=keep_errors)
        beyond = places.beyond_levant
        floors = {
            f"places.{name}.f1": round(places.detection.f1, 6),
            f"places.{name}.country_accuracy": round(places.country_accuracy, 6),
            f"places.{name}.within_161km": round(places.acc161, 6),
            f"places.{name}.within_161km_resolved": round(places.acc161_resolved, 6),
            f"places.{name}.within_161km_all": round(places.acc161_all, 6),
            f"places.{name}.beyond_levant_country_accuracy": round(beyond.country_accuracy, 6),
            f"places.{name}.beyond_levant_within_161km_all": round(beyond.acc161_all, 6),
        }
        result = places.to_dict()
        return {"name": name, "result": result, "floors": floors, "errors": places.wrong}
    if task in ("times", "figures"):
        score = scoring.score_corpus_times if task == "times" else scoring.score_corpus_figures
        spans = score(docs, nlp)
        floors = {
            f"{task}.{name}.recall": round(spans.detection.recall, 6),
            f"{task}.{name}.value_accuracy": round(spans.value_accuracy, 6),
        }
        return {"name": name, "result": spans.to_dict(), "floors": floors, "errors": []}
    raise ConfigError(f"no corpus evaluation for {task!r}")


def check_baseline(
    results: dict[str, float], baseline: Path, *, update: bool = False, allow_lower: bool = False
) -> list[str]:
    """Compare results with the floors in ``baseline`` (or raise them with ``update``).

    Returns the failures (empty when every pinned metric is at or above its floor).
    """
    from marsad.evaluation import baseline as floors

    if update:
        floors.update(baseline, results, allow_lower=allow_lower)
        return []
    return floors.check(results, floors.load_baseline(baseline))


def pinned_names(baseline: Path, task: str) -> set[str]:
    """The corpus names with floors for ``task`` in a baseline file (``ner.NAME.metric``)."""
    from marsad.evaluation.baseline import load_baseline

    return {key.split(".")[1] for key in load_baseline(baseline) if key.startswith(f"{task}.")}


def pinned_floors(baseline: Path, prefix: str) -> dict[str, float]:
    """The floors in ``baseline`` whose keys start with ``prefix``; none when it does not exist."""
    from marsad.evaluation.baseline import load_baseline

    if not baseline.exists():
        return {}
    return {k: v for k, v in load_baseline(baseline).items() if k.startswith(prefix)}
