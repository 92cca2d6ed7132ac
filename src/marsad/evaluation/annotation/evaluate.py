"""Score marsad on the annotated corpus (``marsad eval events|entities|places --split``).

- events: the event scorer of :mod:`marsad.evaluation.events` over the split's records, plus
  the false alarms the corpus can see: predicted events whose trigger is an annotated
  negative, and predicted events on the non-conflict articles;
- entities: exact span and type, per type and micro, over the articles with the entity layer;
- places: toponym recognition (a predicted place's mention overlaps a gold toponym) and
  resolution (country, and within 161 km, of the gold coordinates) over matched toponyms.

The test split may only be scored in aggregate: no error listing is produced for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.doc import Document, Meta
from marsad.errors import ConfigError
from marsad.evaluation.annotation.corpus import AnnotatedCorpus, read_articles
from marsad.evaluation.annotation.select import Selected
from marsad.evaluation.events import GoldDocument, PartScores, gold_events, score_part
from marsad.evaluation.metrics import Scores, first_fit_pairs, km, overlap, ratio
from marsad.pipeline import Pipeline

Spn = tuple[int, int]

__all__ = [
    "CorpusDoc",
    "EntityScores",
    "PlaceScores",
    "corpus_docs",
    "score_corpus_entities",
    "score_corpus_events",
    "score_corpus_figures",
    "score_corpus_places",
    "score_corpus_times",
]

NEAR_KM = 161.0  # the toponym-resolution convention (100 miles)


@dataclass(frozen=True)
class CorpusDoc:
    row: Selected
    record: dict[str, Any]
    text: str
    published: str | None


def corpus_docs(
    root: Path, ant: Path, split: str, *, errors: bool = False, second: bool = False
) -> list[CorpusDoc]:
    """The annotated articles of ``split`` with their texts (``second``: the agreement
    sample's second annotations); refuses error listings on test."""
    if errors and split == "test":
        raise ConfigError(
            "the test split is scored in aggregate only: its errors are not listed (use dev)"
        )
    corpus = AnnotatedCorpus(root)
    pairs = list(corpus.records(split, second=second))
    if not pairs:
        raise ConfigError(f"no annotated records for split {split!r}", source=str(root))
    articles = read_articles(ant, [row.id for row, _ in pairs])
    docs = []
    for row, record in pairs:
        article = articles[row.id]
        docs.append(CorpusDoc(row, record, article["text"], article.get("date")))
    return docs


_ANALYZED: dict[tuple[int, str, str | None], Document] = {}
_ANALYZED_MAX = 2000  # articles kept: the five scores of two splits share one run


def _analyze(nlp: Pipeline | Callable[[Document], Document], doc: Document) -> Document:
    """``nlp(doc)``, remembered for the same pipeline object, text and date."""
    key = (id(nlp), doc.text, doc.meta.published)
    if key not in _ANALYZED:
        if len(_ANALYZED) >= _ANALYZED_MAX:
            _ANALYZED.clear()
        _ANALYZED[key] = nlp(doc)
    return _ANALYZED[key]


def _analyzed(docs: list[CorpusDoc], nlp: Pipeline) -> Iterator[tuple[CorpusDoc, Document]]:
    for d in docs:
        yield d, _analyze(nlp, Document.from_text(d.text, Meta(published=d.published)))


@dataclass(slots=True)
class FalseAlarms:
    """Predicted events the corpus says are none."""

    on_negatives: int = 0  # the trigger overlaps an annotated negative
    cumulative_as_toll: int = 0  # fatalities equal to a cumulative figure, no toll's value
    other_articles: int = 0  # non-conflict articles scored
    on_other_articles: int = 0  # events predicted on them

    def to_dict(self) -> dict[str, Any]:
        return {
            "on_negatives": self.on_negatives,
            "cumulative_as_toll": self.cumulative_as_toll,
            "other_articles": self.other_articles,
            "events_on_other_articles": self.on_other_articles,
            "per_other_article": round(ratio(self.on_other_articles, self.other_articles), 6),
        }


def score_corpus_events(
    docs: list[CorpusDoc], nlp: Pipeline, name: str, *, keep_errors: bool = False
) -> tuple[PartScores, FalseAlarms]:
    """Event scores of ``docs`` (one part called ``name``) and their false alarms."""
    gold = [
        GoldDocument(d.row.id, d.text, d.published, gold_events(d.record, d.text, d.row.id))
        for d in docs
    ]
    # The scorer runs the pipeline; the false alarms below read the same (cached) analyses.
    scores = score_part(
        name, gold, _as_pipeline(lambda doc: _analyze(nlp, doc)), keep_errors=keep_errors
    )
    alarms = FalseAlarms()
    for d, doc in _analyzed(docs, nlp):
        predicted = doc.events
        negatives = [tuple(n["trigger"]) for n in d.record.get("negatives", [])]
        figures = d.record.get("figures", [])
        tolls = {f["value"] for f in figures if f["role"] == "toll"}
        cumulative = {f["value"] for f in figures if f["role"] == "cumulative"} - tolls
        for event in predicted:
            t = (event.trigger.start, event.trigger.end)
            alarms.on_negatives += any(overlap(t, n) for n in negatives)
            alarms.cumulative_as_toll += event.fatalities in cumulative
        if d.row.group == "other":
            alarms.other_articles += 1
            alarms.on_other_articles += len(predicted)
    return scores, alarms


def _as_pipeline(run: Callable[[Document], Document]) -> Pipeline:
    """``run`` where the event scorer expects a pipeline (it only calls it)."""
    return run  # type: ignore[return-value]


@dataclass(slots=True)
class EntityScores:
    documents: int = 0
    by_type: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, label: str, key: str, n: int = 1) -> None:
        self.by_type.setdefault(label, Counter())[key] += n

    def scores(self, label: str | None = None) -> Scores:
        counts: Counter[str] = Counter()
        for kind, c in self.by_type.items():
            if label is None or kind == label:
                counts.update(c)
        return Scores(counts["gold"], counts["predicted"], counts["correct"])

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.documents}
        for label in sorted(self.by_type):
            out[label] = self.scores(label).to_dict()
        out["micro"] = self.scores().to_dict()
        return out


def score_corpus_entities(docs: list[CorpusDoc], nlp: Pipeline) -> EntityScores:
    """Exact span-and-type scores over the articles that have the entity layer."""
    result = EntityScores()
    for d, doc in _analyzed([d for d in docs if "entities" in d.record.get("layers", [])], nlp):
        result.documents += 1
        gold = {(e["span"][0], e["span"][1], e["type"]) for e in d.record["entities"]}
        predicted = {(e.start, e.end, e.label) for e in doc.entities}
        for label in ("PER", "ORG", "LOC", "MISC"):
            g = {x for x in gold if x[2] == label}
            p = {x for x in predicted if x[2] == label}
            result.add(label, "gold", len(g))
            result.add(label, "predicted", len(p))
            result.add(label, "correct", len(g & p))
    return result


@dataclass(slots=True)
class Found:
    """Gold spans found: a predicted span overlaps one (one to one, in text order)."""

    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def detection(self) -> Scores:
        return Scores(self.gold, self.predicted, self.matched)

    def match(self, gold: list[Spn], predicted: list[Spn]) -> list[tuple[int, int]]:
        """Count one article's spans; the ``(gold, predicted)`` index pairs that match."""
        self.documents += 1
        self.gold += len(gold)
        self.predicted += len(predicted)
        pairs = first_fit_pairs(gold, predicted, overlap)
        self.matched += len(pairs)
        return pairs


@dataclass(slots=True)
class PlaceScores(Found):
    resolved_pairs: int = 0  # matched toponyms that gold resolves
    country_ok: int = 0
    with_coords: int = 0
    near_ok: int = 0

    @property
    def country_accuracy(self) -> float:
        return ratio(self.country_ok, self.resolved_pairs)

    @property
    def acc161(self) -> float:
        return ratio(self.near_ok, self.with_coords)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "detection": self.detection.to_dict(),
            "resolved_pairs": self.resolved_pairs,
            "country_accuracy": round(self.country_accuracy, 6),
            "within_161km": round(self.acc161, 6),
        }


def score_corpus_places(docs: list[CorpusDoc], nlp: Pipeline) -> PlaceScores:
    """Toponym recognition and resolution over every annotated article of ``docs``."""
    result = PlaceScores()
    for d, doc in _analyzed(docs, nlp):
        by_entity = {e.id: e for e in doc.entities}
        predicted = []
        for place in doc.places:
            entity = by_entity.get(place.entity or "")
            if entity is not None:
                predicted.append(((entity.start, entity.end), place))
        gold = d.record.get("toponyms", [])
        spans = [(t["span"][0], t["span"][1]) for t in gold]
        for gi, pi in result.match(spans, [span for span, _ in predicted]):
            r = gold[gi].get("resolution")
            if r is None:
                continue
            place = predicted[pi][1]
            result.resolved_pairs += 1
            result.country_ok += place.country == r.get("country")
            if r.get("lat") is not None:
                result.with_coords += 1
                if place.lat is not None and place.lon is not None:
                    result.near_ok += km(r["lat"], r["lon"], place.lat, place.lon) <= NEAR_KM
    return result


@dataclass(slots=True)
class SpanValueScores(Found):
    """Spans found and their values right. The gold layer is partial (times that date events,
    casualty and count figures), so recall and value accuracy are the figures to read;
    precision counts every other time or number."""

    value_ok: int = 0

    @property
    def value_accuracy(self) -> float:
        return ratio(self.value_ok, self.matched)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "detection": self.detection.to_dict(),
            "value_accuracy": round(self.value_accuracy, 6),
        }


def _time_value(time: Any) -> set[str]:
    values = {time.value} if time.value else set()
    if time.interval:
        values.add(f"{time.interval[0]}/{time.interval[1]}")
    return values


def _score_spans(
    docs: list[CorpusDoc],
    nlp: Pipeline,
    layer: str,
    predicted_of: Callable[[Document], list[tuple[int, int, set[Any]]]],
) -> SpanValueScores:
    result = SpanValueScores()
    for d, doc in _analyzed(docs, nlp):
        gold = d.record.get(layer, [])
        predicted = predicted_of(doc)
        spans = [(g["span"][0], g["span"][1]) for g in gold]
        for gi, pi in result.match(spans, [(ps, pe) for ps, pe, _ in predicted]):
            result.value_ok += gold[gi]["value"] in predicted[pi][2]
    return result


def score_corpus_times(docs: list[CorpusDoc], nlp: Pipeline) -> SpanValueScores:
    """Annotated time expressions found, and their ISO value (a day, or an interval a/b)."""
    return _score_spans(
        docs, nlp, "times", lambda doc: [(t.start, t.end, _time_value(t)) for t in doc.times]
    )


def score_corpus_figures(docs: list[CorpusDoc], nlp: Pipeline) -> SpanValueScores:
    """Annotated casualty and count figures found among the quantities, and their value."""

    def of(doc: Document) -> list[tuple[int, int, set[Any]]]:
        return [
            (
                q.start,
                q.end,
                {int(q.value)} if q.value is not None and q.value.is_integer() else set(),
            )
            for q in doc.quantities
        ]

    return _score_spans(docs, nlp, "figures", of)
