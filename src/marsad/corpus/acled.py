"""ACLED-compatible rows for a document's events, and the CSV writer.

ACLED's columns come first, with its display names for types and sub-types (``Explosions/Remote
violence``، ``Air/drone strike``); marsad's extras follow. Conventions:

- ``event_date`` is the event's resolved date; when the article gives no time for the event it
  is the publication date with ``time_precision`` 2 (ACLED: "within the week"), since wire copy
  reports the day's or the previous days' events. ``time_precision`` is 1 for a day, 2 for a
  week, 3 for a month or longer.
- ``geo_precision``: 1 town or point, 2 region, 3 country (ACLED's scale); empty when unknown.
- ``fatalities`` and ``injured`` are empty when the article gives no figure: marsad never
  guesses, and 0 would say that nobody was killed.
- political interactions (``consult``، ``accuse``...) keep marsad's type names: ACLED has none.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any, Final

from marsad.doc import Document, Entity, Event
from marsad.extract.events.taxonomy import ACLED_TYPES, event_type, sub_type

__all__ = ["ACLED_COLUMNS", "EXTRA_COLUMNS", "acled_rows", "write_acled_csv"]

ACLED_COLUMNS: Final = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
EXTRA_COLUMNS: Final = (
    "injured",
    "country",
    "document_id",
    "event_id",
    "trigger",
    "evidence_start",
    "evidence_end",
    "actor1_ar",
    "actor2_ar",
    "reported_by",
    "confidence",
    "extractor",
)


def _type_name(code: str) -> str:
    """ACLED's display name of a type (``Explosions/Remote violence``); a political
    interaction, which ACLED does not code, keeps marsad's code."""
    return event_type(code).name_en if code in ACLED_TYPES else code


def _sub_type_name(code: str | None) -> str:
    """ACLED's display name of a sub-type (``Air/drone strike``); empty for none."""
    if not code:
        return ""
    try:
        return sub_type(code).name_en
    except KeyError:
        return code


_GEO_PRECISION: Final = {"point": 1, "town": 1, "region": 2, "country": 3}
_TIME_PRECISION: Final = {"day": 1, "week": 2}


def _actor_name(entity: Entity | None) -> str:
    if entity is None:
        return ""
    return entity.name_en or entity.canonical or entity.text


def acled_rows(doc: Document) -> list[dict[str, Any]]:
    """One row per event of ``doc``, keyed by :data:`ACLED_COLUMNS` + :data:`EXTRA_COLUMNS`."""
    entities = {e.id: e for e in doc.entities}
    places = {p.id: p for p in doc.places}
    times = {t.id: t for t in doc.times}
    rows: list[dict[str, Any]] = []
    for ev in doc.events:
        rows.append(_row(doc, ev, entities, places, times))
    return rows


def _row(
    doc: Document,
    ev: Event,
    entities: dict[str, Entity],
    places: dict[str, Any],
    times: dict[str, Any],
) -> dict[str, Any]:
    a1 = entities.get(ev.actor1 or "")
    a2 = entities.get(ev.actor2 or "")
    reporter = entities.get(ev.reported_by or "")
    place = places.get(ev.place or "")
    time = times.get(ev.time or "")
    if time is not None and time.value is not None:
        date = time.interval[0] if time.interval else time.value
        precision = _TIME_PRECISION.get(time.granularity or "", 3)
    else:
        date, precision = doc.meta.published or "", 2
    return {
        "event_date": date,
        "time_precision": precision if date else "",
        "event_type": _type_name(ev.type),
        "sub_event_type": _sub_type_name(ev.sub_type),
        "actor1": _actor_name(a1),
        "assoc_actor_1": "",
        "actor2": _actor_name(a2),
        "admin1": place.admin1 or "" if place else "",
        "location": (place.name_en or place.name) if place else "",
        "latitude": place.lat if place and place.lat is not None else "",
        "longitude": place.lon if place and place.lon is not None else "",
        "geo_precision": _GEO_PRECISION.get(place.precision or "", "") if place else "",
        "source": doc.meta.source or "",
        "notes": ev.evidence.text,
        "fatalities": "" if ev.fatalities is None else ev.fatalities,
        "injured": "" if ev.injured is None else ev.injured,
        "country": place.country or "" if place else "",
        "document_id": doc.id,
        "event_id": ev.id,
        "trigger": ev.trigger.text,
        "evidence_start": ev.evidence.start,
        "evidence_end": ev.evidence.end,
        "actor1_ar": a1.text if a1 else "",
        "actor2_ar": a2.text if a2 else "",
        "reported_by": _actor_name(reporter),
        "confidence": "" if ev.confidence is None else ev.confidence,
        "extractor": ev.source or "",
    }


def write_acled_csv(docs: Iterable[Document], fh: IO[str], *, header: bool = True) -> int:
    """Write the events of ``docs`` as CSV rows to ``fh``; returns the number of rows."""
    writer = csv.DictWriter(fh, fieldnames=[*ACLED_COLUMNS, *EXTRA_COLUMNS], lineterminator="\n")
    if header:
        writer.writeheader()
    n = 0
    for doc in docs:
        for row in acled_rows(doc):
            writer.writerow(row)
            n += 1
    return n
