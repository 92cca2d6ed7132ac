"""``marsad load DIR``: the tables ``marsad spark run`` wrote, into the store.

Reads one publication-date partition at a time (constant memory however many days), and
writes each document with the same code as ``marsad ingest`` (a batch per transaction, story
links from the MinHash, events of one story counted once), so loading is idempotent: a
document already stored is skipped, and a load cut short and run again completes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.corpus.tables import OUTPUT_TABLES, PARTITION, prepared_documents
from marsad.corpus.writer import BatchWriter, FailureLog, IngestReport
from marsad.errors import InputNotFoundError, MalformedInputError
from marsad.services.analysis import default_settings
from marsad.settings import Settings
from marsad.store import Store

# Tables read per partition (entities are rebuilt from the mentions).
_PARTITIONED = tuple(t for t in OUTPUT_TABLES if t not in ("documents", "entities"))


def partitions(directory: Path) -> list[str]:
    """The publication-date partitions of a job's output, in date order (``unknown`` last)."""
    documents = directory / "documents"
    if not documents.is_dir():
        raise InputNotFoundError(
            "not the output of `marsad spark run` (no documents/ table)", source=str(directory)
        )
    values = [
        p.name.split("=", 1)[1] for p in documents.iterdir() if p.name.startswith(f"{PARTITION}=")
    ]
    return sorted(values, key=lambda v: (v == "unknown", v))


def _read(table_dir: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    if not table_dir.is_dir():
        return []
    try:
        table = pq.read_table(table_dir, partitioning=None)
    except Exception as exc:  # a truncated or foreign file: name it
        raise MalformedInputError(f"unreadable Parquet: {exc}", source=str(table_dir)) from exc
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def load(
    directory: Path,
    store: Store,
    *,
    settings: Settings | None = None,
    failures_path: Path | None = None,
    progress: Callable[[str, IngestReport], None] | None = None,
) -> IngestReport:
    """Load every partition of ``directory`` into ``store``; documents already stored are
    counted as duplicates."""
    settings = settings or default_settings()
    report = IngestReport()
    failures = FailureLog(report, failures_path)
    writer = BatchWriter(store, settings.corpus, report, failures)
    started = time.perf_counter()
    try:
        for value in partitions(directory):
            part = f"{PARTITION}={value}"
            documents = _read(directory / "documents" / part)
            facts = {t: _read(directory / t / part) for t in _PARTITIONED}
            for item in prepared_documents(documents, facts):
                doc_id = item.rows.document["id"]
                if writer.seen(doc_id):
                    report.duplicates += 1
                else:
                    writer.add(f"{part}/{doc_id}", item)
            writer.flush()
            if progress is not None:
                progress(part, report)
    finally:
        failures.close()
        report.seconds = time.perf_counter() - started
    return report
