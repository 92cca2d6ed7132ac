"""Exports of the stored corpus: the contract as JSONL, ACLED CSV, PLOVER-style CSV for the
political interactions, GeoJSON and Parquet tables.

Event exports count each event once: an event that an earlier copy of the same story already
reported (``duplicate_of``) is left out unless ``with_duplicates``, which is what keeps a wire
story picked up by twenty outlets from becoming twenty strikes. Every event export takes the
filters of ``marsad events`` (dates, source, entity, place, type, confidence, country).

One taxonomy for every output: the ACLED CSV, the GeoJSON and the Parquet ``events`` table all
carry ``event_id_cnty`` (the same id for the same event), marsad's type codes (``type``,
``sub_type``; ``marsad_type`` in the CSV) and ACLED's English names (``event_type``,
``sub_event_type``), and ``geo_precision`` as ACLED's 1–3 codes. Parquet dates are typed
(``date32``; the times of ingestion and analysis ``timestamp``), a partial date (a month, a
year) its first day, with the date as written kept beside it in ``<column>_text``.
Everything streams: memory does not grow with the corpus, but for the Parquet export's map
of document ids to their sequence numbers (the events' ids need it; about 100 bytes a
document).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Final, Literal

from marsad.corpus.acled import (
    acled_row,
    csv_writer,
    event_id_cnty,
    geo_precision,
    plover_row,
)
from marsad.corpus.acled import country as country_of
from marsad.corpus.rows import document_from_rows
from marsad.doc import Document, Event
from marsad.errors import ExportError
from marsad.extract.events.taxonomy import POLITICAL_TYPES, disorder_type, event_type, sub_type
from marsad.extract.times.rules import first_day
from marsad.services.queries import load_document, resolve_filters
from marsad.store import Filters, Store
from marsad.store.schema import TABLES, ColumnType

ExportFormat = Literal["jsonl", "acled-csv", "plover-csv", "geojson", "parquet"]
FORMATS: Final = ("jsonl", "acled-csv", "plover-csv", "geojson", "parquet")
# Columns left out of the Parquet tables: the store's own surrogate key and LSH signature.
_INTERNAL_COLUMNS: Final = frozenset({"seq", "minhash"})
_PAGE: Final = 500
_MAX_PAGE: Final = 5_001
_WORLD: Final = (-180.0, -90.0, 180.0, 90.0)  # min lon, min lat, max lon, max lat
# Parquet columns that hold dates (typed date32) and times (typed timestamps).
_DATE_COLUMNS: Final = frozenset(
    {"published", "date", "interval_start", "interval_end", "first_seen", "last_seen"}
)
_TIME_COLUMNS: Final = frozenset({"ingested_at", "analyzed_at", "applied_at"})
_DOCUMENT_CACHE: Final = 64


def _sure(doc: Document, min_confidence: float | None) -> Document:
    """The document less its events under ``min_confidence`` (and those without one)."""
    if min_confidence is None:
        return doc
    kept = tuple(
        v for v in doc.events if v.confidence is not None and v.confidence >= min_confidence
    )
    return doc if len(kept) == len(doc.events) else doc.with_(events=kept)


def export_jsonl(
    store: Store,
    fh: IO[str],
    *,
    min_confidence: float | None = None,
    filters: Filters | None = None,
) -> int:
    """Every stored document (those ``filters`` match) in the ``marsad.document/1`` contract,
    one per line; with ``min_confidence``, each document's events under it are left out (the
    document is not)."""
    # Resolved before the first line: an entity given by name filters (or is an M080).
    f = resolve_filters(store, filters)
    sure = min_confidence if min_confidence is not None else f.min_confidence
    ids = store.document_ids() if f == Filters() else _document_ids(store, f)
    n = 0
    for doc_id in ids:
        doc = _sure(load_document(store, doc_id), sure)
        fh.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _document_ids(store: Store, f: Filters) -> Iterator[str]:
    offset = 0
    while page := store.documents(f, limit=_PAGE, offset=offset):
        yield from (row["id"] for row in page)
        offset += len(page)


@dataclass(frozen=True, slots=True)
class _Stored:
    """A stored document with what its export ids and timestamps need."""

    doc: Document
    seq: int
    timestamp: int | None
    position: dict[str, int]  # event id -> 1-based position in the document


class _Documents:
    """Stored documents by id, the last few kept: the events of one document come together."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache: OrderedDict[str, _Stored] = OrderedDict()

    def get(self, doc_id: str) -> _Stored:
        found = self._cache.get(doc_id)
        if found is not None:
            self._cache.move_to_end(doc_id)
            return found
        row, facts = self._store.document(doc_id)
        doc = document_from_rows(row, facts)
        found = _Stored(
            doc,
            int(row["seq"]),
            _unix(row.get("analyzed_at") or row.get("ingested_at")),
            {ev.id: i for i, ev in enumerate(doc.events, 1)},
        )
        self._cache[doc_id] = found
        if len(self._cache) > _DOCUMENT_CACHE:
            self._cache.popitem(last=False)
        return found

    def event(self, doc_id: str, event_id: str) -> tuple[_Stored, Event, int]:
        stored = self.get(doc_id)
        position = stored.position[event_id]
        return stored, stored.doc.events[position - 1], position


def _unix(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(datetime.fromisoformat(value).timestamp())
    except ValueError:
        return None


def _iter_events(
    store: Store,
    filters: Filters,
    country: str | None = None,
    with_duplicates: bool = False,
    page_size: int = _PAGE,
) -> Iterator[dict[str, Any]]:
    offset = 0
    while page := store.events(
        filters, country=country, with_duplicates=with_duplicates, limit=page_size, offset=offset
    ):
        yield from page
        offset += len(page)


def export_acled_csv(
    store: Store,
    fh: IO[str],
    *,
    min_confidence: float | None = None,
    filters: Filters | None = None,
    country: str | None = None,
    with_duplicates: bool = False,
    political: bool = False,
    acled_only: bool = False,
    bom: bool = False,
) -> int:
    """ACLED's 31 columns (then marsad's, unless ``acled_only``), one row per event of ACLED's
    types, newest first, each event once per story; with ``political`` the PLOVER-style rows
    of the political interactions instead. ``bom`` starts the file with a UTF-8 byte order
    mark, for Excel. Returns the rows written."""
    f = resolve_filters(store, _with_confidence(filters, min_confidence))
    writer = csv_writer(fh, political=political, acled_only=acled_only, bom=bom)
    make = plover_row if political else acled_row
    docs = _Documents(store)
    for row in _iter_events(store, f, country, with_duplicates):
        if (row["type"] not in _POLITICAL) == political:
            continue
        stored, ev, position = docs.event(row["doc_id"], row["id"])
        writer.write(
            make(stored.doc, ev, position=position, seq=stored.seq, timestamp=stored.timestamp)
        )
    return writer.rows


def export_plover_csv(
    store: Store,
    fh: IO[str],
    *,
    filters: Filters | None = None,
    country: str | None = None,
    with_duplicates: bool = False,
    bom: bool = False,
) -> int:
    """The political interactions in PLOVER-style columns (see :func:`export_acled_csv`)."""
    return export_acled_csv(
        store,
        fh,
        filters=filters,
        country=country,
        with_duplicates=with_duplicates,
        political=True,
        bom=bom,
    )


def _with_confidence(filters: Filters | None, min_confidence: float | None) -> Filters:
    f = filters or Filters()
    return f if min_confidence is None else replace(f, min_confidence=min_confidence)


_POLITICAL: Final = frozenset(POLITICAL_TYPES)


def _document_numbers(store: Store) -> dict[str, int]:
    """Each document's sequence number, from one narrow table scan (the Parquet events'
    ``event_id_cnty``)."""
    return {
        r["id"]: int(r["seq"])
        for chunk in store.iter_table("documents", ["id", "seq"])
        for r in chunk
    }


_FEATURE_PROPERTIES: Final = (
    "doc_id",
    "id",
    "type",
    "sub_type",
    "date",
    "trigger",
    "fatalities",
    "injured",
    "actor1",
    "actor1_en",
    "actor2",
    "actor2_en",
    "reported_by",
    "place",
    "place_en",
    "admin1",
    "country",
    "confidence",
    "story_id",
    "title",
    "source",
    "url",
    "published",
)


def export_geojson(
    store: Store,
    fh: IO[str],
    filters: Filters | None = None,
    *,
    country: str | None = None,
    with_duplicates: bool = False,
    limit: int | None = None,
) -> tuple[int, int]:
    """A GeoJSON FeatureCollection of the geocoded events (points, lon/lat) that ``filters``
    and ``country`` (ISO alpha-2) match; returns the features written and the events left out
    for want of coordinates (counted without ``limit`` only, else 0). ``limit``: at most that
    many features, newest first; the collection then says so in its ``marsad`` member
    (``{"limit": N, "more": true}``), never silently.

    Each feature carries the store's fields (``type``/``sub_type`` codes, ``fatalities`` null
    when the article gives none) and the ACLED export's codes and names: ``event_id_cnty``,
    ``event_type``, ``sub_event_type``, ``disorder_type``, ``geo_precision`` (1–3), ``iso``,
    ``country_name``, ``region``; and the Arabic names of the type and sub-type. The rows come
    from one query per page: no document is read (the notes are the CSV's)."""
    # Resolved before the first byte: an unknown entity name is an error, not an empty map.
    filters = resolve_filters(store, filters)
    # Only geocoded events are read (a box around the world when none is asked): a map's
    # page of 1,000 points no longer reads and drops the ~60 % of events without any.
    mapped = filters if filters.bbox is not None else replace(filters, bbox=_WORLD)
    skipped = 0
    if limit is None:
        every = store.count_events(filters, country=country, with_duplicates=with_duplicates)
        skipped = every - store.count_events(
            mapped, country=country, with_duplicates=with_duplicates
        )
    written = 0
    fh.write('{"type":"FeatureCollection","features":[\n')
    more = False
    # A bounded map view in one query (each page sorts the matching events again).
    size = min(limit + 1, _MAX_PAGE) if limit is not None else _PAGE
    for event in _iter_events(store, mapped, country, with_duplicates, size):
        if limit is not None and written >= limit:
            more = True
            break
        found = country_of(event["country"])
        code, sub = event["type"], event["sub_type"]
        properties = {k: event[k] for k in _FEATURE_PROPERTIES} | {
            "event_id_cnty": event_id_cnty(event["country"], event["doc_seq"], event["ordinal"]),
            "event_type": event_type(code).name_en,
            "sub_event_type": sub_type(sub).name_en if sub else None,
            "type_ar": event_type(code).name_ar,
            "sub_type_ar": sub_type(sub).name_ar if sub else None,
            "disorder_type": disorder_type(code, sub),
            "geo_precision": geo_precision(event["geo_precision"]),
            "iso": found.numeric if found else 0,
            "country_name": found.name if found else None,
            "region": found.region if found else None,
        }
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [event["lon"], event["lat"]]},
            "properties": properties,
        }
        fh.write(("," if written else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        written += 1
    # A foreign member (RFC 7946 §6.1): map clients ignore it, a reader learns of the cut.
    tail = f',"marsad":{json.dumps({"limit": limit, "more": more})}' if limit is not None else ""
    fh.write(f"]{tail}}}\n")
    return written, skipped


# -- Parquet ---------------------------------------------------------------------------------


def _arrow_type(name: str, kind: ColumnType) -> Any:
    import pyarrow as pa

    if kind == "text" and name in _DATE_COLUMNS:
        return pa.date32()
    if kind == "text" and name in _TIME_COLUMNS:
        return pa.timestamp("s", tz="UTC")
    return {
        "text": pa.string(),
        "int": pa.int64(),
        "seq": pa.int64(),
        "real": pa.float64(),
        "bytes": pa.binary(),
    }[kind]


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


# Derived columns of the events table: the ACLED export's id and names.
_EVENT_EXTRAS: Final = ("event_id_cnty", "event_type", "sub_event_type")
_PLACE_EXTRAS: Final = ("geo_precision",)


def export_parquet(store: Store, directory: Path) -> dict[str, int]:
    """One Parquet file per table (documents, mentions, entities, places, times, quantities,
    quotes, events, event_arguments...) in ``directory``; rows written per table.

    Date columns are typed; ``events`` adds ``event_id_cnty``, ``event_type`` and
    ``sub_event_type`` (as in the ACLED CSV), ``places`` adds ``geo_precision`` (1–3)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} exists and is not a directory")
    directory.mkdir(parents=True, exist_ok=True)
    seqs = _document_numbers(store)
    counts: dict[str, int] = {}
    for name, table in TABLES.items():
        if name == "lsh_bands":
            continue
        columns = [c for c in table.columns if c.name not in _INTERNAL_COLUMNS]
        names = [c.name for c in columns]
        fields = [(c.name, _arrow_type(c.name, c.type)) for c in columns]
        partial = [c.name for c in columns if c.type == "text" and c.name in _DATE_COLUMNS]
        fields += [(f"{c}_text", pa.string()) for c in partial]
        if name == "events":
            fields += [(c, pa.string()) for c in _EVENT_EXTRAS]
        if name == "places":
            fields += [("geo_precision", pa.int64())]
        schema = pa.schema(fields)
        n = 0
        with pq.ParquetWriter(directory / f"{name}.parquet", schema) as writer:
            for chunk in store.iter_table(name, names, chunk=5_000):
                rows = [_typed(name, row, partial, seqs) for row in chunk]
                writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
                n += len(chunk)
        counts[name] = n
    return counts


def _typed(
    table: str, row: dict[str, Any], partial: list[str], seqs: dict[str, int]
) -> dict[str, Any]:
    out = dict(row)
    for column in partial:
        out[f"{column}_text"] = row[column]
        out[column] = first_day(row[column])
    for column in _TIME_COLUMNS & out.keys():
        out[column] = _instant(row[column])
    if table == "events":
        seq = seqs.get(row["doc_id"])
        out["event_id_cnty"] = (
            None if seq is None else event_id_cnty(row["country"], seq, int(row["ordinal"]))
        )
        out["event_type"] = event_type(row["type"]).name_en
        out["sub_event_type"] = sub_type(row["sub_type"]).name_en if row["sub_type"] else None
    if table == "places":
        out["geo_precision"] = geo_precision(row.get("precision"))
    return out
