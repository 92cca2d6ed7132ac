"""ACLED rows (ACLED's 31 export columns, in its order) and PLOVER-style rows for the political
interactions, with English notes generated from the structured fields; and their CSV writers.

The column specs are data: ``resources/export/acled_columns.tsv`` (ACLED's columns, the dtype an
analyst loads each with, and how marsad fills it) and ``plover_columns.tsv``. Conventions:

- ``event_id_cnty``: the ISO alpha-3 code of the event's country (``XXX`` when unknown) and a
  number unique in the store and stable across exports: the document's store sequence number
  times 1000 plus the event's position in the document (1-based). ``marsad analyze`` numbers
  its documents 1, 2, ... in input order instead (there is no store).
- ``event_date`` is the event's resolved date; when the article gives no time for the event it
  is the publication date with ``time_precision`` 2 (ACLED: "within the week"), since wire copy
  reports the day's or the previous days' events. 1 is a day, 3 a month or longer.
- ``geo_precision``: 1 town or point, 2 part of a region (governorate, district), 3 a country.
  The same codes are written in the GeoJSON and Parquet exports.
- ``fatalities`` is 0 when the article gives no figure, as ACLED writes it, and the tags say
  ``fatalities not reported`` so that this 0 can be told from a reported 0.
- Political interactions (``consult``، ``accuse``...), which ACLED does not code, never appear
  in ACLED rows: they are the PLOVER rows (``marsad export --format plover-csv``).
- The ``marsad_*`` columns after ACLED's (unless ``acled_only``) keep each row's provenance:
  the document, the event's id in it, marsad's type codes, the evidence offsets, the Arabic
  names, the confidence.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import IO, Any, Final

from marsad.arabic.translit import transliterate
from marsad.arabic.wordlists import load_wordlist
from marsad.doc import Document, Entity, Event, Place, Time
from marsad.errors import ExportError
from marsad.extract.actors.kb import ActorKB
from marsad.extract.events.taxonomy import (
    ACLED_TYPES,
    CIVILIAN_TARGETING_TYPES,
    disorder_type,
    event_type,
    sub_type,
)
from marsad.extract.places.gazetteer import Gazetteer, GeoEntry
from marsad.extract.times.rules import time_days
from marsad.resources import read_lines, tsv_rows

__all__ = [
    "ACLED_COLUMNS",
    "EXTRA_COLUMNS",
    "INTER_CODES",
    "PLOVER_COLUMNS",
    "Country",
    "acled_row",
    "acled_rows",
    "column_spec",
    "country",
    "csv_writer",
    "event_number",
    "geo_precision",
    "is_acled",
    "plover_row",
    "write_acled_csv",
]

_PACKAGE: Final = "marsad.resources.export"
# The most events one document may number (event_id_cnty = seq * 1000 + position).
MAX_EVENTS_PER_DOCUMENT: Final = 999


@lru_cache(maxsize=4)
def column_spec(name: str = "acled_columns.tsv") -> tuple[tuple[str, str, str], ...]:
    """``(column, pandas dtype, how marsad fills it)`` of a checked-in column spec."""
    header = ("column", "dtype", "filled_from")
    return tuple((c[0], c[1], c[2]) for _, c in tsv_rows(read_lines(_PACKAGE, name), header, name))


#: ACLED's 31 export columns in its order.
ACLED_COLUMNS: Final = tuple(c for c, _, _ in column_spec())
#: The PLOVER-style columns of the political interactions.
PLOVER_COLUMNS: Final = tuple(c for c, _, _ in column_spec("plover_columns.tsv"))
#: marsad's provenance columns after ACLED's.
EXTRA_COLUMNS: Final = (
    "marsad_document_id",
    "marsad_event_id",
    "marsad_type",
    "marsad_sub_type",
    "marsad_injured",
    "marsad_confidence",
    "marsad_trigger",
    "marsad_evidence_start",
    "marsad_evidence_end",
    "marsad_actor1_ar",
    "marsad_actor2_ar",
    "marsad_location_ar",
    "marsad_url",
    "marsad_extractor",
)

# ACLED's actor categories (the knowledge base's ``category``) and their inter codes.
INTER_CODES: Final[Mapping[str, int]] = {
    "state_forces": 1,
    "rebel_group": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external_other_forces": 8,
}
_CIVILIANS: Final = 7
_GEO_PRECISION: Final[Mapping[str, int]] = {"point": 1, "town": 1, "region": 2, "country": 3}
_TIME_PRECISION: Final[Mapping[str, int]] = {"day": 1, "week": 2}
# Actors named after the crowd or victims they are: the event's country names them.
_PEOPLE: Final = frozenset({"civilians", "protesters", "rioters"})
_UNKNOWN_COUNTRY: Final = " (country unknown)"
_OUTLET_KEY: Final = re.compile(r"[\s._\-]+")


def geo_precision(precision: str | None) -> int | None:
    """ACLED's geo precision code (1 town, 2 region, 3 country) of a place precision."""
    return _GEO_PRECISION.get(precision or "")


# -- reference tables ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    """A country as ACLED writes it: ``SY`` → SYR, 760, Syria, Middle East."""

    iso2: str
    iso3: str
    numeric: int
    name: str
    region: str


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    lines = read_lines("marsad.resources.places", "countries.tsv")
    header = ("iso2", "iso3", "numeric", "name", "region")
    return {
        c[0]: Country(c[0], c[1], int(c[2]), c[3], c[4])
        for _, c in tsv_rows(lines, header, "countries.tsv")
    }


def country(iso2: str | None) -> Country | None:
    """The country of an ISO alpha-2 code (``"SY"``), or None."""
    return _countries().get((iso2 or "").upper())


@lru_cache(maxsize=1)
def _outlets() -> dict[str, tuple[str, str]]:
    # A declared word list (resources/wordlists.toml): loading checks its entries and scales.
    table = load_wordlist("export/outlets.tsv")
    return {_outlet_key(r["source"]): (r["name"], r["scale"]) for r in table.rows}


def _outlet_key(name: str) -> str:
    return _OUTLET_KEY.sub("", name.casefold())


def _outlet(name: str | None) -> tuple[str, str]:
    """An outlet's English name and scale: the table's, else the stored name and no scale
    (a transliterated outlet name reads worse than none: وكالة is not a name)."""
    if not name:
        return "", ""
    return _outlets().get(_outlet_key(name)) or (name, "")


@lru_cache(maxsize=1)
def _templates() -> dict[tuple[str, str], str]:
    lines = read_lines(_PACKAGE, "acled_notes.tsv")
    return {
        (c[0], c[1]): c[2]
        for _, c in tsv_rows(lines, ("code", "actors", "template"), "acled_notes.tsv")
    }


def _english(name: str) -> str:
    """A person's name in Latin letters: transliterated when it has Arabic letters."""
    return transliterate(name) if re.search(r"[\u0600-\u06ff]", name) else name


# -- one event, resolved -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Actor:
    name: str  # ACLED's style, e.g. "Civilians (Yemen)"
    short: str  # for the notes, e.g. "civilians"
    category: str | None
    country: str | None  # ISO alpha-2
    arabic: str


def _actor(entity: Entity | None, where: Country | None) -> _Actor | None:
    if entity is None:
        return None
    kb = ActorKB.load()
    found = kb.lookup(entity.canonical or entity.text) or kb.lookup(entity.text)
    arabic = entity.canonical or entity.text
    if found is None:
        # A person's name transliterates well; an organisation's words do not (صحيفة), so
        # one without an English name keeps its Arabic name.
        name = entity.name_en or (_english(arabic) if entity.label == "PER" else arabic)
        return _Actor(name, name, None, None, arabic)
    name, short = found.name_en, found.name_en
    if found.category in _PEOPLE:
        # Civilians, or Civilians (Yemen) where actors.country.v1 placed them: the notes say
        # "civilians", the actor column names the country.
        short = name.partition(" (")[0].lower()
        if "(" not in name and where is not None:
            name = f"{name} ({where.name})"
    elif name.endswith(_UNKNOWN_COUNTRY) and where is not None:
        # Government forces an article does not name are the forces of the event's country.
        the = "the " if where.name.startswith("United ") else ""
        name = short = f"{name.removesuffix(_UNKNOWN_COUNTRY)} of {the}{where.name}"
    return _Actor(name, short, found.category, found.country or None, arabic)


def _inter(actor: _Actor | None) -> int:
    return INTER_CODES.get(actor.category or "", 0) if actor else 0


def _interaction(a: int, b: int) -> int:
    if a and b:
        return min(a, b) * 10 + max(a, b)
    return (a or b) * 10


@dataclass(frozen=True, slots=True)
class _Where:
    location: str
    location_ar: str
    admin1: str
    admin2: str
    lat: float | None
    lon: float | None
    precision: int | None
    country: Country | None


def _geo_entry(place: Place) -> GeoEntry | None:
    """The gazetteer entry a place was resolved to (its hierarchy), or None."""
    candidates = Gazetteer.load().candidates(place.name)
    for entry in candidates:
        if place.geonameid is not None and entry.geonameid == place.geonameid:
            return entry
    for entry in candidates:
        if entry.name_en == place.name_en and entry.country == place.country:
            return entry
    return None


def _where(place: Place | None) -> _Where:
    if place is None:
        return _Where("", "", "", "", None, None, None, None)
    entry = _geo_entry(place)
    admin1 = place.admin1 or (entry.admin1_en if entry else "")
    admin2 = entry.admin2_en if entry else ""
    if entry is not None and entry.kind == "admin2":
        admin2 = entry.name_en
    if entry is not None and entry.kind == "admin1":
        admin1 = entry.name_en
    return _Where(
        location=place.name_en or _english(place.name),
        location_ar=place.name,
        admin1=admin1 or "",
        admin2=admin2 or "",
        lat=place.lat,
        lon=place.lon,
        precision=geo_precision(place.precision),
        country=country(place.country),
    )


def _when(ev: Event, times: Mapping[str, Time], published: str | None) -> tuple[str, int, str]:
    """The event's date (YYYY-MM-DD), its time precision, and its granularity."""
    found = time_days(times.get(ev.time or ""), published)
    if found is None:
        return "", 0, ""
    day, end, granularity = found
    if granularity == "published":
        return day.isoformat(), 2, "published"
    precision = _TIME_PRECISION.get(granularity, 3)
    # A span of a few days is ACLED's "within the week"; a longer one is 3.
    if granularity == "range" and end is not None and (end - day).days <= 7:
        precision = 2
    return day.isoformat(), precision, granularity


# -- notes -----------------------------------------------------------------------------------


def _date_phrase(iso: str, granularity: str) -> str:
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    day = f"{d.day} {d:%B} {d.year}"
    if granularity == "day":
        return f"On {day}"
    if granularity in ("week", "published"):
        return f"On or shortly before {day}"
    if granularity == "range":
        return f"From {day}"
    if granularity == "year":
        return f"In {d.year}"
    return f"In {d:%B} {d.year}"


def _clause(code: str, type_code: str, a1: _Actor | None, a2: _Actor | None) -> str:
    templates = _templates()
    actors = "both" if a1 and a2 else "actor1" if a1 else "actor2" if a2 else "none"
    template = templates.get((code, actors)) or templates[(type_code, actors)]
    return template.format(actor1=a1.short if a1 else "", actor2=a2.short if a2 else "")


def _place_phrase(where: _Where) -> str:
    country_name = where.country.name if where.country else ""
    if where.precision == 3 or (not where.location and country_name):
        return f" in {country_name}" if country_name else ""
    if not where.location:
        return ""
    inside = [x for x in (where.admin1, country_name) if x and x != where.location]
    return f" in {where.location}" + (f" ({', '.join(inside)})" if inside else "")


def _notes(ev: Event, r: _Resolved) -> str:
    """The English note of an event (``r``: its resolved fields): when, who did what to whom,
    where, the toll, the source.

    ``On 2 August 2018, Saudi-led Coalition carried out an air or drone strike that hit
    civilians in Al Hudaydah (Yemen). 20 killed, 10 injured. Reported by BBC News Arabic.``
    """
    clause = _clause(ev.sub_type or ev.type, ev.type, r.actor1, r.actor2)
    when = _date_phrase(r.iso_date, r.granularity)
    sentence = f"{when}, {clause}" if when else clause[:1].upper() + clause[1:]
    parts = [sentence + _place_phrase(r.where) + "."]
    toll = []
    if ev.fatalities is not None:
        toll.append(f"{ev.fatalities} killed")
    if ev.injured is not None:
        toll.append(f"{ev.injured} injured")
    if toll:
        parts.append(", ".join(toll) + ".")
    outlet, reporter = r.outlet, r.reporter
    if outlet or reporter:
        by = outlet or reporter
        citing = f", citing {reporter}" if reporter and outlet and reporter != outlet else ""
        parts.append(f"Reported by {by}{citing}.")
    return " ".join(parts)


# -- rows ------------------------------------------------------------------------------------


def event_id_cnty(country_code: str | None, seq: int, ordinal: int) -> str:
    """The id of the stored event at ``ordinal`` (0-based) in document number ``seq``: the
    same in every export and in the API (ISO3, then :func:`event_number`)."""
    found = country(country_code)
    return f"{found.iso3 if found else 'XXX'}{event_number(seq, ordinal + 1)}"


def event_number(seq: int, position: int) -> int:
    """The number of ``event_id_cnty``: the document's sequence number times 1000 plus the
    event's 1-based position in it."""
    if not 1 <= position <= MAX_EVENTS_PER_DOCUMENT:
        raise ExportError(
            f"document number {seq} has more than {MAX_EVENTS_PER_DOCUMENT} events; "
            "event_id_cnty cannot number them"
        )
    return seq * 1000 + position


@dataclass(frozen=True, slots=True)
class _Resolved:
    """What the ACLED and PLOVER rows of one event share."""

    event_id: str
    iso_date: str
    precision: int
    granularity: str
    actor1: _Actor | None
    actor2: _Actor | None
    where: _Where
    outlet: str
    scale: str
    reporter: str
    timestamp: int


def _resolve(doc: Document, ev: Event, position: int, seq: int, timestamp: int | None) -> _Resolved:
    entities = {e.id: e for e in doc.entities}
    places = {p.id: p for p in doc.places}
    times = {t.id: t for t in doc.times}
    where = _where(places.get(ev.place or ""))
    a1 = _actor(entities.get(ev.actor1 or ""), where.country)
    a2 = _actor(entities.get(ev.actor2 or ""), where.country)
    iso_date, precision, granularity = _when(ev, times, doc.meta.published)
    outlet, scale = _outlet(doc.meta.source)
    reporter_entity = entities.get(ev.reported_by or "")
    reporter, reporter_scale = "", ""
    if reporter_entity is not None:
        # Only a named reporter is a source (not مصادر طبية, "medical sources"; not the
        # forces of an unnamed country).
        reporter = reporter_entity.name_en or ""
        if reporter.endswith(_UNKNOWN_COUNTRY):
            reporter = ""
        known = _outlets().get(_outlet_key(reporter or reporter_entity.text))
        if known:
            reporter, reporter_scale = known
    scales = [s for s in (scale, reporter_scale) if s]
    iso3 = where.country.iso3 if where.country else "XXX"
    return _Resolved(
        event_id=f"{iso3}{event_number(seq, position)}",
        iso_date=iso_date,
        precision=precision,
        granularity=granularity,
        actor1=a1,
        actor2=a2,
        where=where,
        outlet=outlet,
        scale="-".join(dict.fromkeys(scales)),
        reporter=reporter,
        timestamp=timestamp if timestamp is not None else int(datetime.now(UTC).timestamp()),
    )


def _sources(r: _Resolved) -> str:
    return "; ".join(dict.fromkeys(s for s in (r.outlet, r.reporter) if s))


def _blank(value: Any) -> Any:
    return "" if value is None else value


def acled_row(
    doc: Document, ev: Event, *, position: int, seq: int, timestamp: int | None = None
) -> dict[str, Any]:
    """The ACLED row (ACLED's columns, then marsad's) of an event of ACLED's types."""
    r = _resolve(doc, ev, position, seq, timestamp)
    inter1, inter2 = _inter(r.actor1), _inter(r.actor2)
    type_name = event_type(ev.type).name_en
    sub_name = sub_type(ev.sub_type).name_en if ev.sub_type else ""
    # Violence against civilians targets them by definition; a strike or a riot when its
    # second actor is civilians.
    targeting = ev.type in CIVILIAN_TARGETING_TYPES and (
        inter2 == _CIVILIANS or ev.type == "violence_against_civilians"
    )
    tags = []
    if ev.fatalities is None:
        tags.append("fatalities not reported")
    if ev.injured is not None:
        tags.append(f"injured={ev.injured}")
    if ev.type == "protests":
        tags.append("crowd size=no report")
    c = r.where.country
    return {
        "event_id_cnty": r.event_id,
        "event_date": r.iso_date,
        "year": int(r.iso_date[:4]) if r.iso_date else "",
        "time_precision": r.precision or "",
        "disorder_type": disorder_type(ev.type, ev.sub_type) or "",
        "event_type": type_name,
        "sub_event_type": sub_name,
        "actor1": r.actor1.name if r.actor1 else "",
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": r.actor2.name if r.actor2 else "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targeting else "",
        "iso": c.numeric if c else 0,
        "region": c.region if c else "",
        "country": c.name if c else "",
        "admin1": r.where.admin1,
        "admin2": r.where.admin2,
        "admin3": "",
        "location": r.where.location,
        "latitude": _blank(r.where.lat),
        "longitude": _blank(r.where.lon),
        "geo_precision": _blank(r.where.precision),
        "source": _sources(r),
        "source_scale": r.scale,
        "notes": _notes(ev, r),
        "fatalities": ev.fatalities or 0,
        "tags": "; ".join(tags),
        "timestamp": r.timestamp,
        "marsad_document_id": doc.id,
        "marsad_event_id": ev.id,
        "marsad_type": ev.type,
        "marsad_sub_type": ev.sub_type or "",
        "marsad_injured": _blank(ev.injured),
        "marsad_confidence": _blank(ev.confidence),
        "marsad_trigger": ev.trigger.text,
        "marsad_evidence_start": ev.evidence.start,
        "marsad_evidence_end": ev.evidence.end,
        "marsad_actor1_ar": r.actor1.arabic if r.actor1 else "",
        "marsad_actor2_ar": r.actor2.arabic if r.actor2 else "",
        "marsad_location_ar": r.where.location_ar,
        "marsad_url": doc.meta.url or "",
        "marsad_extractor": ev.source or "",
    }


def plover_row(
    doc: Document, ev: Event, *, position: int, seq: int, timestamp: int | None = None
) -> dict[str, Any]:
    """The PLOVER-style row of a political interaction (``consult``، ``accuse``...)."""
    r = _resolve(doc, ev, position, seq, timestamp)
    c = r.where.country

    def iso3(actor: _Actor | None) -> str:
        found = country(actor.country) if actor else None
        return found.iso3 if found else ""

    return {
        "event_id": r.event_id,
        "event_date": r.iso_date,
        "year": int(r.iso_date[:4]) if r.iso_date else "",
        "time_precision": r.precision or "",
        "event_type": ev.type.upper(),
        "event_name": event_type(ev.type).name_en,
        "actor": r.actor1.name if r.actor1 else "",
        "actor_country": iso3(r.actor1),
        "actor_inter": _inter(r.actor1),
        "recipient": r.actor2.name if r.actor2 else "",
        "recipient_country": iso3(r.actor2),
        "recipient_inter": _inter(r.actor2),
        "iso": c.numeric if c else 0,
        "region": c.region if c else "",
        "country": c.name if c else "",
        "admin1": r.where.admin1,
        "admin2": r.where.admin2,
        "location": r.where.location,
        "latitude": _blank(r.where.lat),
        "longitude": _blank(r.where.lon),
        "geo_precision": _blank(r.where.precision),
        "source": _sources(r),
        "source_scale": r.scale,
        "notes": _notes(ev, r),
        "confidence": _blank(ev.confidence),
        "document_id": doc.id,
        "marsad_event_id": ev.id,
        "actor_ar": r.actor1.arabic if r.actor1 else "",
        "recipient_ar": r.actor2.arabic if r.actor2 else "",
        "trigger": ev.trigger.text,
        "evidence_start": ev.evidence.start,
        "evidence_end": ev.evidence.end,
        "url": doc.meta.url or "",
        "timestamp": r.timestamp,
    }


def is_acled(ev: Event) -> bool:
    """True for an event of ACLED's types; False for a political interaction."""
    return ev.type in ACLED_TYPES


def acled_rows(
    doc: Document, *, seq: int, timestamp: int | None = None, political: bool = False
) -> list[dict[str, Any]]:
    """The rows of one document's events: ACLED rows for ACLED's types, or with
    ``political`` the PLOVER rows of its political interactions."""
    make = plover_row if political else acled_row
    return [
        make(doc, ev, position=i, seq=seq, timestamp=timestamp)
        for i, ev in enumerate(doc.events, 1)
        if is_acled(ev) != political
    ]


class _Writer:
    """A CSV writer of ACLED or PLOVER rows, with an optional UTF-8 BOM for Excel."""

    def __init__(
        self,
        fh: IO[str],
        *,
        political: bool,
        acled_only: bool = False,
        bom: bool = False,
        header: bool = True,
    ) -> None:
        if political:
            columns = list(PLOVER_COLUMNS)
        else:
            columns = list(ACLED_COLUMNS) + ([] if acled_only else list(EXTRA_COLUMNS))
        if bom and header:
            fh.write("\ufeff")
        self._writer = csv.DictWriter(
            fh, fieldnames=columns, lineterminator="\n", extrasaction="ignore"
        )
        if header:
            self._writer.writeheader()
        self.rows = 0

    def write(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow(row)
        self.rows += 1


def write_acled_csv(
    docs: Iterable[Document],
    fh: IO[str],
    *,
    political: bool = False,
    acled_only: bool = False,
    bom: bool = False,
    header: bool = True,
    first: int = 1,
) -> int:
    """Write the ACLED rows (or with ``political`` the PLOVER rows) of ``docs``, numbered
    ``first``, ``first + 1``... in their order (documents that are not in a store; a caller
    writing one document at a time passes its number and ``header`` for the first only);
    returns the number of rows."""
    writer = _Writer(fh, political=political, acled_only=acled_only, bom=bom, header=header)
    for seq, doc in enumerate(docs, first):
        for row in acled_rows(doc, seq=seq, political=political):
            writer.write(row)
    return writer.rows


def csv_writer(
    fh: IO[str], *, political: bool, acled_only: bool = False, bom: bool = False
) -> _Writer:
    """A writer for rows made one by one (the store's export)."""
    return _Writer(fh, political=political, acled_only=acled_only, bom=bom)
