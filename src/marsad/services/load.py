"""``marsad load DIR``: the tables ``marsad spark run`` wrote, into the store.

Reads one publication-date partition at a time (constant memory however many days), and
writes each document with the same code as ``marsad ingest`` (a batch per transaction, story
links from the MinHash, events of one story counted once), so loading is idempotent: a
document already stored is skipped, and a load cut short and run again completes it.

Only a complete job output is loaded: every table present and committed (Spark writes a
``_SUCCESS`` marker when a table's write finished). A partial output — a job that failed or
was cut short — would store documents without their facts, and a later complete load would
skip them as already stored, so it is refused before anything is written. The records the job
could not analyse (its ``errors`` table) are reported as failures of the load.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.corpus.tables import OUTPUT_TABLES, PARTITION, prepared_documents
from marsad.corpus.writer import BatchWriter, Failure, FailureLog, IngestReport
from marsad.errors import InputNotFoundError, MalformedInputError
from marsad.services.analysis import default_settings
from marsad.settings import Settings
from marsad.store import Store

# Tables read per partition (entities are rebuilt from the mentions).
_PARTITIONED = tuple(t for t in OUTPUT_TABLES if t not in ("documents", "entities"))
# The job's records that could not be analysed (``spark/job.py`` ERRORS_TABLE); named here
# rather than imported, since services must not import the Spark adapter.
ERRORS_TABLE = "errors"
_SUCCESS = "_SUCCESS"


def check_complete(directory: Path) -> None:
    """Refuse (M007) a job output with a table missing or not committed, naming them."""
    missing = [t for t in (*OUTPUT_TABLES, ERRORS_TABLE) if not (directory / t).is_dir()]
    unfinished = [
        t
        for t in (*OUTPUT_TABLES, ERRORS_TABLE)
        if t not in missing and not (directory / t / _SUCCESS).is_file()
    ]
    if not missing and not unfinished:
        return
    parts = []
    if missing:
        parts.append("missing tables: " + ", ".join(f"{t}/" for t in missing))
    if unfinished:
        parts.append(
            "tables not committed (no _SUCCESS): " + ", ".join(f"{t}/" for t in unfinished)
        )
    raise MalformedInputError(
        "incomplete output of `marsad spark run` (" + "; ".join(parts) + "): the job failed "
        "or was cut short; run it again to a fresh folder and load that. Nothing was loaded",
        source=str(directory),
    )


def job_errors(directory: Path) -> list[Failure]:
    """The records the job could not read or analyse, as failures (input, code, message)."""
    return [
        Failure(
            str(row.get("input") or "?"),
            str(row.get("code") or "M000"),
            str(row.get("message") or ""),
        )
        for row in _read(directory / ERRORS_TABLE)
    ]


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
    counted as duplicates. The job's own errors are reported as failures."""
    values = partitions(directory)
    check_complete(directory)
    settings = settings or default_settings()
    report = IngestReport()
    failures = FailureLog(report, failures_path)
    writer = BatchWriter(store, settings.corpus, report, failures)
    started = time.perf_counter()
    try:
        for failure in job_errors(directory):
            failures.add_failure(failure)
        for value in values:
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
