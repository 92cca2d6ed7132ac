"""``marsad eval events``: event detection, sub-types, arguments and places on marsad's gold set.

The gold set (``eval/events`` in the repository; its ``GUIDELINES.md`` holds the rules):

- ``written.jsonl``: short conflict articles the team wrote, text included;
- ``ant.jsonl`` and ``ant-holdout.jsonl``: offsets only into real ANT articles, whose text is
  read from ``../shared`` at evaluation time; skipped when the corpus is absent. ``ant`` was
  read while the rules were tuned; ``ant-holdout`` never was.

Scoring, per part (the guidelines' "Scoring" section says the same in prose):

- a predicted event matches a gold event of the same type when its trigger overlaps the gold
  trigger or one of its other mentions (``also``), or lies inside the gold evidence; one to one,
  trigger overlaps first. Detection P/R/F1 count the matches;
- sub-type accuracy over the matched pairs;
- argument P/R/F1 per role over all events: a predicted argument is right when its event is
  matched and it agrees with the gold one (see :func:`_agrees`);
- place accuracy over the gold places the system geocoded (a place whose entity overlaps the
  gold toponym): country correct, and within 25 km where gold has coordinates; coverage is the
  share of gold places geocoded at all;
- fatalities exact-match rate over matched pairs where gold or prediction gives a figure;
- record detection (``record_*``), the match an analyst's table makes (issue 20's bar): a
  predicted event matches a gold one of the same type in the same article whose place has the
  same country (when gold names one) and whose date is within a day of the gold date (when gold
  gives one), wherever in the text its trigger is. The predicted date is the one the exports
  write: the event's time (a day, or an interval, widened by a day each side; a month or a year
  counts as its first day), else the publication day. One to one, trigger overlaps first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from marsad.arabic.normalize import normalize_text
from marsad.arabic.words import strip_article
from marsad.doc import Document, Entity, Event, Meta, Place, Time
from marsad.errors import ConfigError, MalformedInputError
from marsad.evaluation.gold import read_corpus, read_records, span_or_none
from marsad.evaluation.metrics import DetectionRates, Scores, km, overlap, ratio, reliability
from marsad.extract.entities.canonical import variant_key
from marsad.extract.events.taxonomy import ACLED_TYPES
from marsad.extract.times.rules import first_day, time_days
from marsad.pipeline import Pipeline
from marsad.settings import load_settings

__all__ = [
    "ROLES",
    "EventEvaluation",
    "GoldDocument",
    "GoldEvent",
    "GoldPlace",
    "PartScores",
    "evaluate_events",
    "gold_events",
    "load_ant",
    "load_written",
    "match_events",
    "match_records",
    "score_part",
]

Spn = tuple[int, int]
ROLES: Final = ("actor1", "actor2", "place", "time", "fatalities", "injured", "reported_by")
_NEAR_KM: Final = 25.0


@dataclass(frozen=True, slots=True)
class GoldPlace:
    span: Spn
    country: str | None
    lat: float | None
    lon: float | None
    precision: str | None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    type: str
    sub_type: str | None
    trigger: Spn
    evidence: Spn
    also: tuple[Spn, ...] = ()
    actor1: Spn | None = None
    actor2: Spn | None = None
    place: GoldPlace | None = None
    date: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    reported_by: Spn | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    published: str | None
    events: tuple[GoldEvent, ...]


@dataclass(slots=True)
class PartScores(DetectionRates):
    """Counts for one gold part; the rates are properties."""

    name: str
    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    subtype_ok: int = 0
    arg_gold: Counter[str] = field(default_factory=Counter)
    arg_pred: Counter[str] = field(default_factory=Counter)
    arg_ok: Counter[str] = field(default_factory=Counter)
    places: int = 0
    places_geocoded: int = 0
    country_ok: int = 0
    places_with_coords: int = 0
    near_ok: int = 0
    toll_pairs: int = 0
    toll_ok: int = 0
    record_matched: int = 0
    # Each predicted event's confidence and whether it matched: the reliability table, and
    # issue 20's calibration bar (events at 0.8 or above should be right 90 % of the time).
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def subtype_accuracy(self) -> float:
        return ratio(self.subtype_ok, self.matched)

    def arg_f1(self, role: str) -> tuple[float, float, float]:
        s = Scores(self.arg_gold[role], self.arg_pred[role], self.arg_ok[role])
        return s.precision, s.recall, s.f1

    @property
    def place_coverage(self) -> float:
        return ratio(self.places_geocoded, self.places)

    @property
    def place_country(self) -> float:
        return ratio(self.country_ok, self.places_geocoded)

    @property
    def place_near(self) -> float:
        return ratio(self.near_ok, self.places_with_coords)

    @property
    def fatalities_exact(self) -> float:
        return ratio(self.toll_ok, self.toll_pairs)

    @property
    def record_scores(self) -> Scores:
        """Detection where a match is type, country and date within a day (see the module)."""
        return Scores(self.gold, self.predicted, self.record_matched)

    def reliability(self) -> list[dict[str, Any]]:
        """The predicted events per confidence bin of 0.2: how many, and how many of them
        matched a gold event (:func:`~marsad.evaluation.metrics.reliability`)."""
        return reliability(self.confidences)

    @property
    def precision_at_08(self) -> float:
        """Precision of the events with confidence 0.8 or more."""
        top = [ok for confidence, ok in self.confidences if confidence >= 0.8]
        return ratio(sum(top), len(top))

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            **self.detection_dict(),
            "precision_at_confidence_0.8": _r6(self.precision_at_08),
            "reliability": self.reliability(),
            "subtype_accuracy": round(self.subtype_accuracy, 6),
            "arguments": {
                role: dict(
                    zip(("precision", "recall", "f1"), map(_r6, self.arg_f1(role)), strict=True)
                )
                for role in ROLES
            },
            "places": self.places,
            "place_coverage": round(self.place_coverage, 6),
            "place_country": round(self.place_country, 6),
            "place_within_25km": round(self.place_near, 6),
            "fatalities_exact": round(self.fatalities_exact, 6),
            "record_precision": _r6(self.record_scores.precision),
            "record_recall": _r6(self.record_scores.recall),
            "record_f1": _r6(self.record_scores.f1),
        }


def _r6(x: float) -> float:
    return round(x, 6)


@dataclass(frozen=True, slots=True)
class EventEvaluation:
    parts: tuple[PartScores, ...]
    skipped: tuple[str, ...] = ()

    def floor_metrics(self) -> dict[str, float]:
        """The figures pinned in the eval baseline, ``events.PART.METRIC``."""
        out: dict[str, float] = {}
        for p in self.parts:
            out[f"events.{p.name}.f1"] = _r6(p.f1)
            out[f"events.{p.name}.subtype_accuracy"] = _r6(p.subtype_accuracy)
            out[f"events.{p.name}.place_country"] = _r6(p.place_country)
            out[f"events.{p.name}.fatalities_exact"] = _r6(p.fatalities_exact)
            out[f"events.{p.name}.record_f1"] = _r6(p.record_scores.f1)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"parts": {p.name: p.to_dict() for p in self.parts}, "skipped": list(self.skipped)}


# ---- reading the gold set ----------------------------------------------------------------


def _number(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise MalformedInputError(f"expected a count or null, got {value!r}", source=where)


def _gold_place(value: Any, where: str, n: int) -> GoldPlace | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise MalformedInputError(f"expected a place object, got {value!r}", source=where)
    span = span_or_none(value.get("span"), where, n)
    if span is None:
        raise MalformedInputError("a place needs a span", source=where)
    lat, lon = value.get("lat"), value.get("lon")
    return GoldPlace(
        span,
        value.get("country"),
        float(lat) if lat is not None else None,
        float(lon) if lon is not None else None,
        value.get("precision"),
    )


def gold_events(record: dict[str, Any], text: str, where: str) -> tuple[GoldEvent, ...]:
    events: list[GoldEvent] = []
    n = len(text)
    for k, ev in enumerate(record.get("events", [])):
        here = f"{where} event {k}"
        try:
            trigger = span_or_none(ev["trigger"], here, n)
            evidence = span_or_none(ev.get("evidence"), here, n) or trigger
            if trigger is None or evidence is None:
                raise MalformedInputError("an event needs a trigger", source=here)
            events.append(
                GoldEvent(
                    type=str(ev["type"]),
                    # The guidelines repeat a political type as its sub-type; the contract
                    # gives political interactions none.
                    sub_type=ev.get("sub_type") if ev["type"] in ACLED_TYPES else None,
                    trigger=trigger,
                    evidence=evidence,
                    also=tuple(
                        s for s in (span_or_none(a, here, n) for a in ev.get("also") or []) if s
                    ),
                    actor1=span_or_none(ev.get("actor1"), here, n),
                    actor2=span_or_none(ev.get("actor2"), here, n),
                    place=_gold_place(ev.get("place"), here, n),
                    date=ev.get("date"),
                    fatalities=_number(ev.get("fatalities"), here),
                    injured=_number(ev.get("injured"), here),
                    reported_by=span_or_none(ev.get("reported_by"), here, n),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedInputError(f"bad event record: {exc}", source=here) from exc
    return tuple(events)


def load_written(path: Path) -> list[GoldDocument]:
    """The team-written articles, text included."""
    docs: list[GoldDocument] = []
    for where, record in read_records(path):
        text = record.get("text")
        if not isinstance(text, str) or not text:
            raise MalformedInputError("the record has no text", source=where)
        events = gold_events(record, text, where)
        docs.append(GoldDocument(str(record["id"]), text, record.get("published"), events))
    return docs


def load_ant(paths: Sequence[Path], corpus: Path) -> dict[str, list[GoldDocument]]:
    """Offsets-only files of ANT articles, by file stem, joined with the corpus texts."""
    gold = {path.stem: list(read_records(path)) for path in paths}
    found = read_corpus(corpus, (str(r["id"]) for rows in gold.values() for _, r in rows))
    out: dict[str, list[GoldDocument]] = {}
    for stem, rows in gold.items():
        out[stem] = []
        for where, record in rows:
            source = found[str(record["id"])]
            text = source["text"]
            events = gold_events(record, text, where)
            out[stem].append(GoldDocument(str(record["id"]), text, source.get("date"), events))
    return out


# ---- scoring -----------------------------------------------------------------------------


def _inside(a: Spn, b: Spn) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def match_events(gold: Sequence[GoldEvent], predicted: Sequence[Event]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: same type, and the predicted trigger
    overlaps a gold trigger mention (preferred) or lies inside the gold evidence."""
    candidates: list[tuple[int, int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if p.type != g.type:
                continue
            t = (p.trigger.start, p.trigger.end)
            if any(overlap(t, m) for m in (g.trigger, *g.also)):
                rank = 0
            elif _inside(t, g.evidence):
                rank = 1
            else:
                continue
            candidates.append((rank, abs(t[0] - g.trigger[0]), gi, pi))
    return _one_to_one(candidates)


def record_days(
    event: Event, times: dict[str, Time], published: str | None
) -> tuple[date, date] | None:
    """The days a predicted event's record can stand for, a day of slack each side: the days
    its date in the exports stands for (:func:`time_days`); None without a date."""
    found = time_days(times.get(event.time or ""), published)
    if found is None:
        return None
    first, last, _ = found
    one = timedelta(days=1)
    return first - one, (last or first) + one


def _record_agrees(
    g: GoldEvent, p: Event, places: dict[str, Place], days: tuple[date, date] | None
) -> bool:
    if g.type != p.type:
        return False
    if g.place is not None and g.place.country:
        place = places.get(p.place or "")
        if place is None or place.country != g.place.country:
            return False
    gold_day = first_day(g.date)
    if gold_day is not None and len(g.date or "") >= 10:
        return days is not None and days[0] <= gold_day <= days[1]
    return True


def match_records(
    gold: Sequence[GoldEvent], predicted: Sequence[Event], doc: Document
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of the record match (see the module):
    trigger overlaps first, then evidence, then the nearest trigger."""
    places = {p.id: p for p in doc.places}
    times = {t.id: t for t in doc.times}
    days = [record_days(p, times, doc.meta.published) for p in predicted]
    candidates: list[tuple[int, int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if not _record_agrees(g, p, places, days[pi]):
                continue
            t = (p.trigger.start, p.trigger.end)
            rank = (
                0
                if any(overlap(t, m) for m in (g.trigger, *g.also))
                else 1
                if _inside(t, g.evidence)
                else 2
            )
            candidates.append((rank, abs(t[0] - g.trigger[0]), gi, pi))
    return _one_to_one(candidates)


def _one_to_one(candidates: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


def _key(text: str) -> str:
    words = normalize_text(text).split()
    return " ".join(strip_article(w) for w in words)


def same_entity(a: Entity, b: Entity) -> bool:
    """Whether marsad makes two mentions one entity, as the store keys them: the same
    knowledge-base id where both have one, else the same label and canonical name up to its
    spelling variants («ترامب» and «دونالد ترامب» of one article both read «دونالد ترامب»)."""
    if a.kb_id and b.kb_id:
        return a.kb_id == b.kb_id
    return a.label == b.label and variant_key(a.canonical or a.text) == variant_key(
        b.canonical or b.text
    )


def actor_agrees(
    gold: Spn, entity: Entity | None, text: str, mentions: Sequence[Entity] = ()
) -> bool:
    """Whether ``entity`` names the annotated actor at ``gold``: overlapping spans, a mention
    of ``mentions`` at the gold span that is the same entity (:func:`same_entity`: the event
    names «دونالد ترامب» where the annotator marked «ترامب»), the same words, or the same
    actor of the knowledge base."""
    if entity is None:
        return False
    if overlap(gold, (entity.start, entity.end)):
        return True
    if any(overlap(gold, (m.start, m.end)) and same_entity(m, entity) for m in mentions):
        return True
    surface = _key(text[gold[0] : gold[1]])
    if surface in (_key(entity.text), _key(entity.canonical or "")):
        return True
    from marsad.extract.actors.kb import ActorKB  # the KB is only needed for this comparison

    kb = ActorKB.load()
    gold_actors = {m.actor.id for m in kb.find(text[gold[0] : gold[1]])}
    predicted = {m.actor.id for m in kb.find(entity.canonical or entity.text)}
    predicted |= {m.actor.id for m in kb.find(entity.text)}
    return bool(gold_actors & predicted)


def _near(gold: GoldPlace, place: Place) -> bool:
    if None in (gold.lat, gold.lon, place.lat, place.lon):
        return False
    assert gold.lat is not None and gold.lon is not None
    assert place.lat is not None and place.lon is not None
    return km(gold.lat, gold.lon, place.lat, place.lon) <= _NEAR_KM


def _place_ok(gold: GoldPlace, place: Place | None, entities: dict[str, Entity]) -> bool:
    if place is None:
        return False
    e = entities.get(place.entity or "")
    if e is not None and overlap(gold.span, (e.start, e.end)):
        return True
    return place.country == gold.country and _near(gold, place)


def _time_ok(gold: str, time_id: str | None, doc: Document) -> bool:
    t = next((t for t in doc.times if t.id == time_id), None)
    if t is None:
        return False
    if t.interval is not None:
        return t.interval[0] <= gold <= t.interval[1]
    return t.value == gold


def _agrees(role: str, g: GoldEvent, p: Event, doc: Document, ctx: _Lookup) -> bool:
    if role in ("actor1", "actor2", "reported_by"):
        span: Spn | None = getattr(g, role)
        chosen = ctx.entities.get(getattr(p, role))
        return span is not None and actor_agrees(span, chosen, doc.text, doc.entities)
    if role == "place":
        return g.place is not None and _place_ok(
            g.place, ctx.places.get(p.place or ""), ctx.entities
        )
    if role == "time":
        return g.date is not None and _time_ok(g.date, p.time, doc)
    value: int | None = getattr(g, role)
    return value is not None and value == getattr(p, role)


_GOLD_HAS: Final[dict[str, Callable[[GoldEvent], bool]]] = {
    "place": lambda g: g.place is not None,
    "time": lambda g: g.date is not None,
}


@dataclass(frozen=True, slots=True)
class _Lookup:
    entities: dict[str, Entity]
    places: dict[str, Place]


def score_part(
    name: str, docs: Sequence[GoldDocument], nlp: Pipeline, *, keep_errors: bool = False
) -> PartScores:
    scores = PartScores(name, documents=len(docs))
    for gd in docs:
        doc = nlp(Document.from_text(gd.text, Meta(published=gd.published)))
        ctx = _Lookup({e.id: e for e in doc.entities}, {p.id: p for p in doc.places})
        pairs = match_events(gd.events, doc.events)
        scores.gold += len(gd.events)
        scores.predicted += len(doc.events)
        scores.matched += len(pairs)
        scores.record_matched += len(match_records(gd.events, doc.events, doc))
        matched = {pi: gi for gi, pi in pairs}
        for g in gd.events:
            for role in ROLES:
                has = _GOLD_HAS.get(role, lambda g, r=role: getattr(g, r) is not None)(g)
                scores.arg_gold[role] += has
        for pi, p in enumerate(doc.events):
            if p.confidence is not None:
                scores.confidences.append((p.confidence, pi in matched))
            for role in ROLES:
                if getattr(p, role) is None:
                    continue
                scores.arg_pred[role] += 1
                gi = matched.get(pi)
                if gi is not None and _agrees(role, gd.events[gi], p, doc, ctx):
                    scores.arg_ok[role] += 1
        for gi, pi in pairs:
            g, p = gd.events[gi], doc.events[pi]
            scores.subtype_ok += g.sub_type == p.sub_type
            if g.fatalities is not None or p.fatalities is not None:
                scores.toll_pairs += 1
                scores.toll_ok += g.fatalities == p.fatalities
            if keep_errors:
                _argument_errors(scores.errors, gd, g, p, doc, ctx)
        _score_places(scores, gd, doc, ctx)
        if keep_errors:
            hit_g = {gi for gi, _ in pairs}
            hit_p = set(matched)
            for gi, g in enumerate(gd.events):
                if gi not in hit_g:
                    scores.errors.append(_error(gd, "missed", g.type, g.sub_type, g.trigger))
            for pi, p in enumerate(doc.events):
                if pi not in hit_p:
                    trig = (p.trigger.start, p.trigger.end)
                    scores.errors.append(_error(gd, "spurious", p.type, p.sub_type, trig))
    return scores


def _error(gd: GoldDocument, kind: str, type_: str, sub: str | None, t: Spn) -> dict[str, Any]:
    context = gd.text[max(0, t[0] - 40) : t[1] + 60].replace("\n", " ")
    return {"id": gd.id, "error": kind, "type": type_, "sub_type": sub, "trigger": list(t),
            "context": context}  # fmt: skip


def _argument_errors(
    errors: list[dict[str, Any]],
    gd: GoldDocument,
    g: GoldEvent,
    p: Event,
    doc: Document,
    ctx: _Lookup,
) -> None:
    for role in ROLES:
        gold_has = _GOLD_HAS.get(role, lambda g, r=role: getattr(g, r) is not None)(g)
        if not gold_has and getattr(p, role) is None:
            continue
        if gold_has and _agrees(role, g, p, doc, ctx):
            continue
        errors.append(
            {
                "id": gd.id,
                "error": f"argument {role}",
                "trigger": [g.trigger[0], g.trigger[1]],
                "gold": _show(role, g, gd.text),
                "predicted": _show_pred(role, p, ctx, doc),
            }
        )


def _show(role: str, g: GoldEvent, text: str) -> Any:
    if role == "place":
        return None if g.place is None else text[g.place.span[0] : g.place.span[1]]
    if role == "time":
        return g.date
    value = getattr(g, role)
    return text[value[0] : value[1]] if isinstance(value, tuple) else value


def _show_pred(role: str, p: Event, ctx: _Lookup, doc: Document) -> Any:
    value = getattr(p, role)
    if role in ("actor1", "actor2", "reported_by") and value in ctx.entities:
        return ctx.entities[value].text
    if role == "place" and value in ctx.places:
        pl = ctx.places[value]
        return f"{pl.name} ({pl.country}, {pl.precision})"
    if role == "time":
        t = next((t for t in doc.times if t.id == value), None)
        return None if t is None else f"{t.text} = {t.value}"
    return value


def _score_places(scores: PartScores, gd: GoldDocument, doc: Document, ctx: _Lookup) -> None:
    seen: set[Spn] = set()
    for g in gd.events:
        if g.place is None or g.place.span in seen:
            continue
        seen.add(g.place.span)
        scores.places += 1
        geocoded = [
            p
            for p in doc.places
            if p.country is not None
            and p.entity in ctx.entities
            and overlap(g.place.span, (ctx.entities[p.entity].start, ctx.entities[p.entity].end))
        ]
        if not geocoded:
            continue
        place = geocoded[0]
        scores.places_geocoded += 1
        scores.country_ok += place.country == g.place.country
        if g.place.lat is not None:
            scores.places_with_coords += 1
            scores.near_ok += _near(g.place, place)


def evaluate_events(
    gold_dir: Path,
    corpus: Path | None,
    pipeline: Pipeline | None = None,
    *,
    keep_errors: bool = False,
) -> EventEvaluation:
    """Score the written part, and the ANT parts when ``corpus`` exists."""
    written = gold_dir / "written.jsonl"
    if not written.is_file():
        raise ConfigError("no written.jsonl in the event gold directory", source=str(gold_dir))
    if pipeline is None:
        pipeline = Pipeline.from_names(load_settings(None, use_user_file=False).pipeline.components)
    parts = [score_part("written", load_written(written), pipeline, keep_errors=keep_errors)]
    skipped: list[str] = []
    ant_files = sorted(gold_dir.glob("ant*.jsonl"))
    if corpus is not None and corpus.is_file():
        for stem, docs in load_ant(ant_files, corpus).items():
            parts.append(score_part(stem, docs, pipeline, keep_errors=keep_errors))
    else:
        skipped += [f"{path.stem}: corpus {corpus} not found" for path in ant_files]
    return EventEvaluation(tuple(parts), tuple(skipped))
