"""Exports of the stored corpus: the contract as JSONL, ACLED CSV, GeoJSON and Parquet tables.

Event exports count each event once: an event that an earlier copy of the same story already
reported (``duplicate_of``) is left out, which is what keeps a wire story picked up by twenty
outlets from becoming twenty strikes. Everything streams: memory does not grow with the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final, Literal

from marsad.corpus.acled import write_acled_csv
from marsad.doc import Document
from marsad.errors import ConfigError
from marsad.services.queries import load_document, resolve_filters
from marsad.store import Filters, Store
from marsad.store.schema import TABLES, ColumnType

ExportFormat = Literal["jsonl", "acled-csv", "geojson", "parquet"]
FORMATS: Final = ("jsonl", "acled-csv", "geojson", "parquet")
# Columns left out of the Parquet tables: the store's own surrogate key and LSH signature.
_INTERNAL_COLUMNS: Final = frozenset({"seq", "minhash"})
_PAGE: Final = 500


def _sure(doc: Document, min_confidence: float | None) -> Document:
    """The document less its events under ``min_confidence`` (and those without one)."""
    if min_confidence is None:
        return doc
    kept = tuple(
        v for v in doc.events if v.confidence is not None and v.confidence >= min_confidence
    )
    return doc if len(kept) == len(doc.events) else doc.with_(events=kept)


def export_jsonl(store: Store, fh: IO[str], *, min_confidence: float | None = None) -> int:
    """Every stored document in the ``marsad.document/1`` contract, one per line; with
    ``min_confidence``, each document's events under it are left out (the document is not)."""
    n = 0
    for doc_id in store.document_ids():
        doc = _sure(load_document(store, doc_id), min_confidence)
        fh.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def export_acled_csv(store: Store, fh: IO[str], *, min_confidence: float | None = None) -> int:
    """ACLED's columns then marsad's, one row per event, each event once per story; with
    ``min_confidence``, only the events at least that sure."""
    return write_acled_csv(_without_copied_events(store, min_confidence), fh)


def _without_copied_events(store: Store, min_confidence: float | None) -> Iterator[Document]:
    """The documents with events, less the events an earlier copy of the story reported
    and those under ``min_confidence``."""
    for doc_id in store.event_document_ids():
        doc = _sure(load_document(store, doc_id), min_confidence)
        copies = store.duplicate_event_ids(doc_id)
        yield doc.with_(events=tuple(v for v in doc.events if v.id not in copies))


def _iter_events(store: Store, filters: Filters) -> Iterator[dict[str, Any]]:
    offset = 0
    while page := store.events(filters, limit=_PAGE, offset=offset):
        yield from page
        offset += len(page)


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
    "geo_precision",
    "confidence",
    "story_id",
    "title",
    "source",
    "url",
    "published",
)


def export_geojson(store: Store, fh: IO[str], filters: Filters | None = None) -> tuple[int, int]:
    """A GeoJSON FeatureCollection of the geocoded events (points, lon/lat); returns the
    features written and the events left out for want of coordinates."""
    # Resolved before the first byte: an unknown entity name is an error, not an empty map.
    filters = resolve_filters(store, filters)
    written = skipped = 0
    fh.write('{"type":"FeatureCollection","features":[\n')
    for event in _iter_events(store, filters):
        if event["lat"] is None or event["lon"] is None:
            skipped += 1
            continue
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [event["lon"], event["lat"]]},
            "properties": {k: event[k] for k in _FEATURE_PROPERTIES},
        }
        fh.write(("," if written else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        written += 1
    fh.write("]}\n")
    return written, skipped


def _arrow_type(kind: ColumnType) -> Any:
    import pyarrow as pa

    return {
        "text": pa.string(),
        "int": pa.int64(),
        "seq": pa.int64(),
        "real": pa.float64(),
        "bytes": pa.binary(),
    }[kind]


def export_parquet(store: Store, directory: Path) -> dict[str, int]:
    """One Parquet file per table (documents, mentions, entities, places, times, quantities,
    quotes, events, event_arguments) in ``directory``; rows written per table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if directory.exists() and not directory.is_dir():
        raise ConfigError(f"{directory} exists and is not a directory")
    directory.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name, table in TABLES.items():
        if name == "lsh_bands":
            continue
        columns = [c for c in table.columns if c.name not in _INTERNAL_COLUMNS]
        schema = pa.schema([(c.name, _arrow_type(c.type)) for c in columns])
        names = [c.name for c in columns]
        n = 0
        with pq.ParquetWriter(directory / f"{name}.parquet", schema) as writer:
            for chunk in store.iter_table(name, names, chunk=5_000):
                writer.write_batch(pa.RecordBatch.from_pylist(chunk, schema=schema))
                n += len(chunk)
        counts[name] = n
    return counts
