"""A Document as table rows, and back: pure functions, no database.

The same rows go into SQLite, PostgreSQL and the Parquet export. Keys that link facts across
documents are made here:

- an entity's ``entity_key`` is its knowledge-base id (``kb:Q2429253``), else the gazetteer id
  of the place it names (``geo:170017``), else its label and normalized canonical name
  (``PER:جون كيربي``) in the spelling-variant key of the NER (``ner.canonical.variant_key``:
  article, ة/ه, غ/ج folded), so ``البنتاغون`` and ``البنتاجون`` in two articles are one entity;
- a place's ``name_key`` and a figure's ``subject_key`` are normalized spellings;
- an event's ``date`` is its resolved time, else the publication date (as in the ACLED export).

>>> from marsad.doc import Entity
>>> entity_key(Entity("e1", "ORG", 0, 9, "البنتاجون", canonical="البنتاجون"), {})
'ORG:بنتاغون'
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from marsad.arabic.normalize import normalize_text
from marsad.doc import SCHEMA, Document, Entity, Event, Meta, Place, Quantity, Quote, Time
from marsad.extract.entities.canonical import variant_key
from marsad.store.schema import FACT_TABLES
from marsad.store.store import DocumentRows

Row = dict[str, Any]


def key_text(text: str) -> str:
    return " ".join(normalize_text(text).split())


def entity_key(entity: Entity, place_of_entity: Mapping[str, Place]) -> str:
    """The corpus-wide key of an entity (see the module docstring)."""
    if entity.kb_id:
        return f"kb:{entity.kb_id}"
    place = place_of_entity.get(entity.id)
    if place is not None and place.geonameid is not None:
        return f"geo:{place.geonameid}"
    return f"{entity.label}:{variant_key(entity.canonical or entity.text)}"


def place_key(place: Place) -> str:
    return f"geo:{place.geonameid}" if place.geonameid is not None else key_text(place.name)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _time_date(time: Time | None) -> str | None:
    if time is None or time.value is None:
        return None
    return time.interval[0] if time.interval else time.value


def document_row(doc: Document, *, ingested_at: str, analyzed_at: str | None) -> Row:
    meta = doc.meta
    return {
        "id": doc.id,
        "title": meta.title,
        "source": meta.source,
        "url": meta.url,
        "published": meta.published,
        "lang": meta.lang,
        "text": doc.text,
        "meta": _json(dict(meta.extra)) if meta.extra else None,
        "sentences": _json([[s.start, s.end] for s in doc.sentences]),
        "pipeline": _json(list(doc.pipeline)),
        "ingested_at": ingested_at,
        "analyzed_at": analyzed_at,
    }


class _Context:
    """Lookups shared by the fact rows of one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.places = {p.id: p for p in doc.places}
        self.times = {t.id: t for t in doc.times}
        self.place_of_entity = {p.entity: p for p in doc.places if p.entity}
        self.keys = {e.id: entity_key(e, self.place_of_entity) for e in doc.entities}

    def key(self, entity_id: str | None) -> str | None:
        return self.keys.get(entity_id) if entity_id else None

    def date_of(self, time_id: str | None) -> str | None:
        return _time_date(self.times.get(time_id or "")) or self.doc.meta.published


def _head(doc: Document, fact_id: str, ordinal: int, fact: Any) -> Row:
    return {
        "doc_id": doc.id,
        "id": fact_id,
        "ordinal": ordinal,
        "source": fact.source,
        "data": _json(fact.to_dict()),
    }


def _mention(ctx: _Context, i: int, e: Entity) -> Row:
    return _head(ctx.doc, e.id, i, e) | {
        "label": e.label,
        "start": e.start,
        "end": e.end,
        "text": e.text,
        "canonical": e.canonical,
        "name_en": e.name_en,
        "kb_id": e.kb_id,
        "score": e.score,
        "entity_key": ctx.keys[e.id],
    }


def _place(ctx: _Context, i: int, p: Place) -> Row:
    return _head(ctx.doc, p.id, i, p) | {
        "entity": p.entity,
        "name": p.name,
        "name_key": key_text(p.name),
        "name_en": p.name_en,
        "lat": p.lat,
        "lon": p.lon,
        "country": p.country,
        "admin1": p.admin1,
        "geonameid": p.geonameid,
        "precision": p.precision,
    }


def _time(ctx: _Context, i: int, t: Time) -> Row:
    return _head(ctx.doc, t.id, i, t) | {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "value": t.value,
        "granularity": t.granularity,
        "interval_start": t.interval[0] if t.interval else None,
        "interval_end": t.interval[1] if t.interval else None,
    }


def _quantity(ctx: _Context, i: int, q: Quantity) -> Row:
    return _head(ctx.doc, q.id, i, q) | {
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "kind": q.kind,
        "unit": q.unit,
        "qualifier": q.qualifier,
        "subject": q.subject,
        "subject_key": key_text(q.subject) if q.subject else None,
        "time": q.time,
        "date": ctx.date_of(q.time),
        "reported_by": q.reported_by,
        "reporter_key": ctx.key(q.reported_by),
        "quote": q.quote,
    }


def _quote(ctx: _Context, i: int, c: Quote) -> Row:
    sp = c.speaker
    speaker_key = None
    if sp is not None:
        speaker_key = ctx.key(sp.entity) or f"{sp.label or 'PER'}:{variant_key(sp.text)}"
    return _head(ctx.doc, c.id, i, c) | {
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "kind": c.kind,
        "speaker": (sp.canonical or sp.text) if sp else None,
        "speaker_entity": sp.entity if sp else None,
        "speaker_key": speaker_key,
        "role": sp.role if sp else None,
    }


def _event(ctx: _Context, i: int, v: Event) -> Row:
    place = ctx.places.get(v.place or "")
    return _head(ctx.doc, v.id, i, v) | {
        "type": v.type,
        "sub_type": v.sub_type,
        "trigger_start": v.trigger.start,
        "trigger_end": v.trigger.end,
        "trigger": v.trigger.text,
        "evidence_start": v.evidence.start,
        "evidence_end": v.evidence.end,
        "actor1": v.actor1,
        "actor2": v.actor2,
        "place": v.place,
        "time": v.time,
        "date": ctx.date_of(v.time),
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "place_key": place_key(place) if place else None,
        "fatalities": v.fatalities,
        "injured": v.injured,
        "reported_by": v.reported_by,
        "confidence": v.confidence,
        "story_id": None,
        "duplicate_of": None,
    }


def _arguments(ctx: _Context, v: Event) -> list[Row]:
    out = []
    for role in ("actor1", "actor2", "reported_by"):
        ref = getattr(v, role)
        if ref:
            out.append({"role": role, "ref": ref, "entity_key": ctx.key(ref)})
    place = ctx.places.get(v.place or "")
    if place is not None:
        out.append({"role": "place", "ref": place.id, "entity_key": place_key(place)})
    if v.time:
        out.append({"role": "time", "ref": v.time, "entity_key": None})
    return [{"doc_id": ctx.doc.id, "event_id": v.id} | row for row in out]


def entity_row(mention: Mapping[str, Any]) -> Row:
    """The canonical-entity row a mention row stands for (named after that mention)."""
    name = mention["canonical"] or mention["text"]
    return {
        "key": mention["entity_key"],
        "label": mention["label"],
        "name": name,
        "name_key": variant_key(name),
        "name_en": mention["name_en"],
        "kb_id": mention["kb_id"],
    }


def document_rows(doc: Document, *, ingested_at: str, analyzed_at: str | None) -> DocumentRows:
    """All rows of ``doc``. ``analyzed_at`` is None for a document stored without analysis."""
    ctx = _Context(doc)
    facts = {
        "mentions": [_mention(ctx, i, e) for i, e in enumerate(doc.entities)],
        "places": [_place(ctx, i, p) for i, p in enumerate(doc.places)],
        "times": [_time(ctx, i, t) for i, t in enumerate(doc.times)],
        "quantities": [_quantity(ctx, i, q) for i, q in enumerate(doc.quantities)],
        "quotes": [_quote(ctx, i, c) for i, c in enumerate(doc.quotes)],
        "events": [_event(ctx, i, v) for i, v in enumerate(doc.events)],
    }
    assert tuple(facts) == FACT_TABLES
    return DocumentRows(
        document=document_row(doc, ingested_at=ingested_at, analyzed_at=analyzed_at),
        facts=facts,
        entities=[entity_row(m) for m in facts["mentions"]],
        event_arguments=[a for v in doc.events for a in _arguments(ctx, v)],
    )


# Contract keys of the fact tables (mentions are the contract's ``entities``).
_CONTRACT_KEY = {"mentions": "entities"}


def meta_from_row(document: Row) -> Meta:
    """The Meta a ``documents`` row holds."""
    return Meta(
        title=document["title"],
        source=document["source"],
        url=document["url"],
        published=document["published"],
        lang=document["lang"],
        extra=json.loads(document["meta"]) if document["meta"] else {},
    )


def document_from_rows(document: Row, facts: Mapping[str, Sequence[Row]]) -> Document:
    """The Document a ``documents`` row and its fact rows (any order) describe."""
    meta = meta_from_row(document)
    d: dict[str, Any] = {
        "schema": SCHEMA,
        "id": document["id"],
        "text": document["text"],
        "meta": meta.to_dict(),
        "sentences": [{"start": s, "end": e} for s, e in json.loads(document["sentences"] or "[]")],
        "pipeline": json.loads(document["pipeline"] or "[]"),
    }
    for table in FACT_TABLES:
        rows = sorted(facts.get(table, ()), key=lambda r: int(r["ordinal"]))
        d[_CONTRACT_KEY.get(table, table)] = [json.loads(r["data"]) for r in rows]
    return Document.from_dict(d)
