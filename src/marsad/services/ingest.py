"""Ingest inputs into the store, and re-analyze what is stored with a newer pipeline.

Streaming: one input at a time, a batch of ``corpus.batch_size`` documents per transaction, so
memory stays flat however large the input. Idempotent: a document whose content hash is
stored is skipped before any analysis, so running the same command again after a crash (even
``kill -9``) stores each document exactly once. One bad record is reported (and written to the
failures file) and the run goes on.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from pathlib import Path
from typing import BinaryIO

from marsad.corpus.rows import document_rows, meta_from_row
from marsad.corpus.search import TOKENIZE_ONLY
from marsad.corpus.writer import BatchWriter, Failure, FailureLog, IngestReport, Prepared, prepare
from marsad.doc import Document
from marsad.errors import AnalysisError, MarsadError
from marsad.inputs import read_inputs
from marsad.pipeline import Pipeline, pipeline_for
from marsad.services.analysis import build_pipeline, default_settings
from marsad.settings import Settings
from marsad.store import Store
from marsad.store.store import now

__all__ = ["Failure", "IngestReport", "ReanalyzeReport", "ingest", "reanalyze"]


def _analyze(pipeline: Pipeline, doc: Document, name: str) -> Document:
    try:
        return pipeline(doc)
    except MarsadError:
        raise
    except Exception as exc:  # a bug in one component must not take the batch down
        raise AnalysisError(f"analysis failed: {exc!r}", source=name) from exc


ProgressFn = Callable[[str, IngestReport], None]
Analysed = tuple[str, "Prepared | Failure"]

# The pipeline of a worker process of ``ingest --workers``: built once, by the initializer.
_WORKER_PIPELINE: list[Pipeline] = []


def _analyse_one(pipeline: Pipeline, analyze: bool, name: str, doc: Document) -> Analysed:
    try:
        return name, prepare(_analyze(pipeline, doc, name), analyzed=analyze)
    except MarsadError as exc:
        return name, Failure(name, exc.code, exc.message)


def _init_worker(components: tuple[str, ...], config: str) -> None:
    _WORKER_PIPELINE[:] = [pipeline_for(components, config)]


def _analyse_in_worker(item: tuple[str, Document, bool]) -> Analysed:
    name, doc, analyze = item
    return _analyse_one(_WORKER_PIPELINE[0], analyze, name, doc)


def worker_count(asked: int) -> int:
    """The processes ``--workers`` gets: at least 1 and at most the machine's CPUs (each
    holds a pipeline of ~200 MB; more processes than cores only add memory, and
    ``--workers 10000`` once exhausted a 24 GB machine)."""
    return max(1, min(asked, os.cpu_count() or 1))


class _Analyser:
    """Analyses documents in this process, or in ``workers`` processes (the order of the
    results is the order of the input, so story links do not depend on the workers)."""

    def __init__(
        self, components: tuple[str, ...], config: str, analyze: bool, workers: int
    ) -> None:
        self.analyze = analyze
        workers = worker_count(workers)
        self.window = 1 if workers <= 1 else workers * 8
        self._pool: Pool | None = None
        if workers > 1:
            context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
            self._pool = context.Pool(
                workers, initializer=_init_worker, initargs=(components, config)
            )
        else:
            self._pipeline = pipeline_for(components, config)

    def __call__(self, items: Sequence[tuple[str, Document]]) -> list[Analysed]:
        if self._pool is None:
            return [_analyse_one(self._pipeline, self.analyze, n, d) for n, d in items]
        work = [(name, doc, self.analyze) for name, doc in items]
        return self._pool.map(_analyse_in_worker, work, chunksize=4)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    settings: Settings | None = None,
    analyze: bool = True,
    workers: int = 1,
    published: str | None = None,
    failures_path: Path | None = None,
    progress: ProgressFn | None = None,
    stdin: BinaryIO | None = None,
) -> IngestReport:
    """Ingest every document of ``paths`` (files, directories, URLs, ``-``) into ``store``;
    ``workers`` > 1 analyses in that many processes (the writes stay in this one)."""
    settings = settings or default_settings()
    # Without analysis the store still gets sentences and the search index (from the tokenizer).
    components = tuple(settings.pipeline.components) if analyze else TOKENIZE_ONLY
    report = IngestReport()
    failures = FailureLog(report, failures_path)
    writer = BatchWriter(store, settings.corpus, report, failures)
    config = settings.pipeline.config_json() if analyze else "{}"
    analyser = _Analyser(components, config, analyze, workers)
    window: list[tuple[str, Document]] = []
    waiting: set[str] = set()

    def drain() -> None:
        for name, result in analyser(window):
            if isinstance(result, Failure):
                failures.add_failure(result)
            else:
                writer.add(name, result)
            if progress is not None:
                progress(name, report)
        window.clear()
        waiting.clear()

    started = time.perf_counter()
    try:
        for loaded in read_inputs(
            paths, max_bytes=settings.input.max_bytes, published=published, stdin=stdin
        ):
            report.warn(loaded.name, loaded.warnings)
            doc = loaded.document
            if doc is not None and doc.id not in waiting and not writer.seen(doc.id):
                window.append((loaded.name, doc))
                waiting.add(doc.id)
                if len(window) >= analyser.window:
                    drain()
                continue
            if doc is None:
                assert loaded.error is not None
                failures.add(loaded.name, loaded.error)
            else:
                report.duplicates += 1
            if progress is not None:
                progress(loaded.name, report)
        drain()
        writer.flush()
    finally:
        analyser.close()
        failures.close()
        report.seconds = time.perf_counter() - started
    return report


@dataclass(slots=True)
class ReanalyzeReport:
    reanalyzed: int = 0
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0


def reanalyze(
    store: Store,
    *,
    settings: Settings | None = None,
    everything: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ReanalyzeReport:
    """Run the configured pipeline again over stored documents: those another pipeline (or
    none) produced, or all with ``everything``. Story links and ids are kept."""
    settings = settings or default_settings()
    pipeline = build_pipeline(settings)
    names = json.dumps(list(pipeline.names), ensure_ascii=False, separators=(",", ":"))
    ids = list(store.document_ids(pipeline_not=None if everything else names))
    report = ReanalyzeReport()
    started = time.perf_counter()
    size = settings.corpus.batch_size
    for first in range(0, len(ids), size):
        with store.transaction():
            for doc_id in ids[first : first + size]:
                row, _ = store.document(doc_id)
                bare = Document.from_text(row["text"], meta_from_row(row))
                try:
                    doc = _analyze(pipeline, bare, doc_id)
                except MarsadError as exc:
                    report.failed.append(Failure(doc_id, exc.code, exc.message))
                    continue
                rows = document_rows(doc, ingested_at=row["ingested_at"], analyzed_at=now())
                store.replace_facts(rows)
                report.reanalyzed += 1
        if progress is not None:
            progress(min(first + size, len(ids)), len(ids))
    report.seconds = time.perf_counter() - started
    return report
