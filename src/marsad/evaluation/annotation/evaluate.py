"""Score marsad on the annotated corpus (``marsad eval events|entities|places --split``).

- events: the event scorer of :mod:`marsad.evaluation.events` over the split's records, plus
  the false alarms the corpus can see: predicted events whose trigger is an annotated
  negative, and predicted events on the non-conflict articles;
- entities: exact span and type, per type and micro, over the articles with the entity layer;
- places: toponym recognition (a predicted place's mention overlaps a gold toponym) and
  resolution (country, and within 161 km, of the gold coordinates) over matched toponyms,
  within 161 km over every gold toponym, the count of places more than 161 km off, all of it
  per corpus stratum and for the strata beyond the Levant together.

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
from marsad.evaluation.events import (
    GoldDocument,
    PartScores,
    gold_events,
    match_events,
    score_part,
)
from marsad.evaluation.metrics import Scores, first_fit_pairs, km, overlap, ratio
from marsad.pipeline import Pipeline

Spn = tuple[int, int]

__all__ = [
    "BEYOND_LEVANT",
    "CorpusDoc",
    "EntityScores",
    "PlaceCounts",
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
    # Sport, economy and technology news may report a raid or a protest that the corpus
    # annotates: ``per_other_article`` counts those too (a perfect extractor scores the gold's
    # own rate), so the events there that match no annotated event are counted apart.
    gold_on_other_articles: int = 0  # annotated events of those articles
    false_on_other_articles: int = 0  # predicted events there that match none

    def to_dict(self) -> dict[str, Any]:
        return {
            "on_negatives": self.on_negatives,
            "cumulative_as_toll": self.cumulative_as_toll,
            "other_articles": self.other_articles,
            "events_on_other_articles": self.on_other_articles,
            "per_other_article": round(ratio(self.on_other_articles, self.other_articles), 6),
            "gold_per_other_article": round(
                ratio(self.gold_on_other_articles, self.other_articles), 6
            ),
            "false_per_other_article": round(
                ratio(self.false_on_other_articles, self.other_articles), 6
            ),
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
    for (d, doc), g in zip(_analyzed(docs, nlp), gold, strict=True):
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
            alarms.gold_on_other_articles += len(g.events)
            matched = len(match_events(g.events, predicted))
            alarms.false_on_other_articles += len(predicted) - matched
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
    """Exact span-and-type scores over the articles that have the entity layer; generic
    mentions (an event's «الجيش» or «مصدر محلي», :class:`~marsad.doc.Entity`) are no names
    and are not scored."""
    result = EntityScores()
    for d, doc in _analyzed([d for d in docs if "entities" in d.record.get("layers", [])], nlp):
        result.documents += 1
        gold = {(e["span"][0], e["span"][1], e["type"]) for e in d.record["entities"]}
        predicted = {(e.start, e.end, e.label) for e in doc.entities if not e.generic}
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


#: The corpus strata about places outside the Levant (selection.tsv's ``stratum``): the
#: "beyond the Levant" set of issue 21.
BEYOND_LEVANT = frozenset(
    {"Gulf", "EG", "LY", "Europe", "Americas", "Asia", "AF", "TR", "IR", "Africa", "SD", "SO"}
)


@dataclass(slots=True)
class PlaceCounts(Found):
    """Toponyms found and resolved over a set of articles.

    ``with_coords`` counts the matched gold toponyms that have coordinates, ``gold_coords``
    every gold toponym that has them (matched or not), ``placed`` the matched ones marsad gave
    coordinates too; ``wrong_far`` counts marsad's coordinates more than 161 km from gold's (a
    confident wrong place), ``spurious_placed`` coordinates given where gold has no toponym."""

    resolved_pairs: int = 0  # matched toponyms that gold resolves
    country_ok: int = 0
    country_given: int = 0  # ... to which marsad gave a country
    with_coords: int = 0
    gold_coords: int = 0
    placed: int = 0
    near_ok: int = 0
    wrong_far: int = 0
    spurious_placed: int = 0

    @property
    def country_accuracy(self) -> float:
        return ratio(self.country_ok, self.resolved_pairs)

    @property
    def acc161(self) -> float:
        """Within 161 km over the matched gold toponyms with coordinates."""
        return ratio(self.near_ok, self.with_coords)

    @property
    def acc161_resolved(self) -> float:
        """Within 161 km over the matched toponyms that both gold and marsad placed."""
        return ratio(self.near_ok, self.placed)

    @property
    def acc161_all(self) -> float:
        """Within 161 km over every gold toponym with coordinates (missed ones count wrong)."""
        return ratio(self.near_ok, self.gold_coords)

    def add(self, other: PlaceCounts) -> None:
        """Add another set's counts to these."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "detection": self.detection.to_dict(),
            "resolved_pairs": self.resolved_pairs,
            "country_accuracy": round(self.country_accuracy, 6),
            "country_accuracy_given": round(ratio(self.country_ok, self.country_given), 6),
            "within_161km": round(self.acc161, 6),
            "within_161km_resolved": round(self.acc161_resolved, 6),
            "within_161km_all": round(self.acc161_all, 6),
            "gold_with_coords": self.gold_coords,
            "placed": self.placed,
            "near": self.near_ok,
            "wrong_over_161km": self.wrong_far,
            "spurious_placed": self.spurious_placed,
        }


@dataclass(slots=True)
class PlaceScores(PlaceCounts):
    """The counts of every article, and the same counts per corpus stratum."""

    by_stratum: dict[str, PlaceCounts] = field(default_factory=dict)
    #: Where a matched place is more than 161 km off (kept on request, never for test).
    wrong: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: PlaceCounts) -> None:
        for name in PlaceCounts.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def beyond_levant(self) -> PlaceCounts:
        """The strata of :data:`BEYOND_LEVANT` together."""
        total = PlaceCounts()
        for stratum, counts in self.by_stratum.items():
            if stratum in BEYOND_LEVANT:
                total.add(counts)
        return total

    def to_dict(self) -> dict[str, Any]:
        out = PlaceCounts.to_dict(self)
        out["beyond_levant"] = self.beyond_levant.to_dict()
        out["by_stratum"] = {s: c.to_dict() for s, c in sorted(self.by_stratum.items())}
        return out


def score_corpus_places(
    docs: list[CorpusDoc], nlp: Pipeline, *, keep_errors: bool = False
) -> PlaceScores:
    """Toponym recognition and resolution over every annotated article of ``docs``."""
    result = PlaceScores()
    for d, doc in _analyzed(docs, nlp):
        one = PlaceCounts()
        by_entity = {e.id: e for e in doc.entities}
        predicted = []
        for place in doc.places:
            entity = by_entity.get(place.entity or "")
            if entity is not None:
                predicted.append(((entity.start, entity.end), place))
        gold = d.record.get("toponyms", [])
        spans = [(t["span"][0], t["span"][1]) for t in gold]
        one.gold_coords = sum(1 for t in gold if (t.get("resolution") or {}).get("lat") is not None)
        pairs = one.match(spans, [span for span, _ in predicted])
        matched = {pi for _, pi in pairs}
        one.spurious_placed = sum(
            1 for k, (_, p) in enumerate(predicted) if k not in matched and p.lat is not None
        )
        for gi, pi in pairs:
            r = gold[gi].get("resolution")
            if r is None:
                continue
            place = predicted[pi][1]
            one.resolved_pairs += 1
            one.country_ok += place.country == r.get("country")
            one.country_given += place.country is not None
            if r.get("lat") is None:
                continue
            one.with_coords += 1
            if place.lat is None or place.lon is None:
                continue
            one.placed += 1
            off = km(r["lat"], r["lon"], place.lat, place.lon)
            if off <= NEAR_KM:
                one.near_ok += 1
                continue
            one.wrong_far += 1
            if keep_errors:
                s, e = spans[gi]
                result.wrong.append(
                    {
                        "article": d.row.id,
                        "span": [s, e],
                        "text": d.text[s:e],
                        "gold": r.get("gid"),
                        "gold_country": r.get("country"),
                        "predicted": place.name_en,
                        "predicted_country": place.country,
                        "geonameid": place.geonameid,
                        "km": round(off),
                    }
                )
        result.add(one)
        result.by_stratum.setdefault(d.row.stratum, PlaceCounts()).add(one)
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
