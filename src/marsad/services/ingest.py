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
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import BinaryIO

from marsad.corpus.rows import document_rows, meta_from_row
from marsad.corpus.search import TOKENIZE_ONLY
from marsad.corpus.writer import BatchWriter, Failure, FailureLog, IngestReport, Prepared, prepare
from marsad.doc import Document
from marsad.errors import AnalysisError, MarsadError, WorkerError
from marsad.inputs import Loaded, read_inputs
from marsad.pipeline import Pipeline, pipeline_for
from marsad.services.analysis import build_pipeline, default_settings
from marsad.settings import Settings
from marsad.store import Store
from marsad.store.store import now

__all__ = ["Failure", "IngestReport", "ReanalyzeReport", "ingest", "ingest_loaded", "reanalyze"]


def _analyze(pipeline: Pipeline, doc: Document, name: str) -> Document:
    try:
        return pipeline(doc)
    except MarsadError:
        raise
    except Exception as exc:  # a bug in one component must not take the batch down
        raise AnalysisError(f"analysis failed: {exc!r}", source=name) from exc


ProgressFn = Callable[[str, IngestReport], None]
Analysed = tuple[str, "Prepared | Failure"]
# What the analyser gives back for one document: its id, its input name, and its rows or failure.
Result = tuple[str, str, "Prepared | Failure"]

# Documents submitted to the workers and not yet taken back, per worker: enough to keep every
# worker busy while the parent writes, never the whole input (memory stays flat).
IN_FLIGHT_PER_WORKER = 4
# How long terminated workers get to exit before they are killed (seconds).
_STOP_GRACE = 2.0

# The pipeline of a worker process of ``ingest --workers``: built once, by the initializer
# (or the error that building it raised, given back with the first document).
_WORKER_PIPELINE: list[Pipeline | Exception] = []


def _analyse_one(pipeline: Pipeline, analyze: bool, name: str, doc: Document) -> Analysed:
    try:
        return name, prepare(_analyze(pipeline, doc, name), analyzed=analyze)
    except MarsadError as exc:
        return name, Failure(name, exc.code, exc.message)


def _init_worker(components: tuple[str, ...], config: str) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _WORKER_PIPELINE[:] = [pipeline_for(components, config)]
    except Exception as exc:  # a bad setting or model: raised in the parent, not a dead worker
        _WORKER_PIPELINE[:] = [exc]


def _analyse_in_worker(item: tuple[str, Document, bool]) -> Analysed:
    name, doc, analyze = item
    pipeline = _WORKER_PIPELINE[0]
    if isinstance(pipeline, Exception):
        raise pipeline
    return _analyse_one(pipeline, analyze, name, doc)


def _exit_status(code: int) -> str:
    if code >= 0:
        return f"exit code {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


def worker_count(asked: int) -> int:
    """The processes ``--workers`` gets: at least 1 and at most the machine's CPUs (each
    holds a pipeline of ~200 MB; more processes than cores only add memory, and
    ``--workers 10000`` once exhausted a 24 GB machine)."""
    return max(1, min(asked, os.cpu_count() or 1))


class _Analyser:
    """Analyses documents in this process, or in worker processes; the results come back in
    input order, so story links do not depend on the workers.

    The workers start once ``workers`` documents wait (or at the end, as many as there are
    documents: never more workers than inputs, and one document is analysed here). At most
    ``IN_FLIGHT_PER_WORKER`` documents per worker are submitted and not yet taken back. A
    worker that dies fails the run with :class:`WorkerError`; :meth:`abort` terminates them.
    """

    def __init__(
        self, components: tuple[str, ...], config: str, analyze: bool, workers: int
    ) -> None:
        self.analyze = analyze
        self.components, self.config = components, config
        self.workers = worker_count(workers)
        self.limit = self.workers * IN_FLIGHT_PER_WORKER
        self._pipeline: Pipeline | None = None
        self._executor: ProcessPoolExecutor | None = None
        self._processes: list[BaseProcess] = []
        self._waiting: list[tuple[str, Document]] = []  # until the workers start
        self._flight: deque[tuple[str, str, Future[Analysed]]] = deque()
        if self.workers == 1:  # a bad pipeline fails before any input is read
            self._pipeline = pipeline_for(components, config)

    @property
    def processes(self) -> int:
        """How many worker processes were started (0: all analysed in this process)."""
        return len(self._processes)

    def put(self, name: str, doc: Document) -> Iterator[Result]:
        """Analyse ``doc``; the results ready now, in input order, to be consumed before the
        next call (waits while too many documents are in flight)."""
        if self.workers == 1:
            return iter([self._here(name, doc)])
        if self._executor is None:
            self._waiting.append((name, doc))
            if len(self._waiting) < self.workers:
                return iter([])
            self._start(self.workers)
        else:
            self._submit(name, doc)
        return self._collect(keep=self.limit - 1)

    def finish(self) -> Iterator[Result]:
        """The results of every document put and not yet given back, in input order."""
        if self._executor is None:
            if len(self._waiting) <= 1:
                waiting, self._waiting = self._waiting, []
                return iter([self._here(name, doc) for name, doc in waiting])
            self._start(len(self._waiting))
        return self._collect(keep=0)

    def _here(self, name: str, doc: Document) -> Result:
        if self._pipeline is None:
            self._pipeline = pipeline_for(self.components, self.config)
        return (doc.id, *_analyse_one(self._pipeline, self.analyze, name, doc))

    def _start(self, workers: int) -> None:
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        self._executor = ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.components, self.config),
        )
        waiting, self._waiting = self._waiting, []
        for name, doc in waiting:
            self._submit(name, doc)
        # The executor's own processes: the only handle to stop them on Ctrl-C (with fork
        # they all start at the first submit).
        self._processes = list(getattr(self._executor, "_processes", {}).values())

    def _submit(self, name: str, doc: Document) -> None:
        assert self._executor is not None
        try:
            future = self._executor.submit(_analyse_in_worker, (name, doc, self.analyze))
        except BrokenProcessPool as exc:  # raised in its turn: the results before it count
            future = Future()
            future.set_exception(exc)
        self._flight.append((doc.id, name, future))

    def _collect(self, keep: int) -> Iterator[Result]:
        """The results of the finished documents at the head of the queue, waiting for the
        head until at most ``keep`` documents are in flight. One at a time: the results
        before a dead worker's document are the caller's before :class:`WorkerError`."""
        while self._flight and (len(self._flight) > keep or self._flight[0][2].done()):
            doc_id, name, future = self._flight.popleft()
            try:
                result = future.result()
            except BrokenProcessPool as exc:
                raise self._died(name) from exc
            yield (doc_id, *result)

    def _died(self, name: str) -> WorkerError:
        # The executor's thread reaps the dead worker and terminates the others: a moment.
        deadline = time.monotonic() + 1.0
        while any(p.exitcode is None for p in self._processes) and time.monotonic() < deadline:
            time.sleep(0.02)
        codes = {p.exitcode for p in self._processes if p.exitcode not in (None, 0)}
        if len(codes) > 1:  # the executor terminates the others once one has died
            codes.discard(-signal.SIGTERM)
        how = ", ".join(_exit_status(c) for c in sorted(c for c in codes if c is not None))
        how = f" ({how})" if how else ""
        return WorkerError(
            f"a worker process died{how} before this document was analysed; the documents "
            "already stored are kept: run the same command again to go on",
            source=name,
        )

    def abort(self) -> None:
        """Stop now (Ctrl-C, a dead worker, an error): terminate the workers, drop the work
        in flight."""
        executor, self._executor = self._executor, None
        self._flight.clear()
        self._waiting.clear()
        if executor is None:
            return
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + _STOP_GRACE
        for process in self._processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(_STOP_GRACE)
        executor.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Shut the workers down once every result is taken back."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)


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
    ``workers`` > 1 analyses in that many processes (the writes stay in this one).

    A worker that dies raises :class:`WorkerError` (what was analysed before it is stored
    first); Ctrl-C (``KeyboardInterrupt``) terminates the workers and propagates. Either way
    the batches already committed stay, and the same call again resumes after them."""
    settings = settings or default_settings()
    loaded = read_inputs(
        paths, max_bytes=settings.input.max_bytes, published=published, stdin=stdin
    )
    return ingest_loaded(
        loaded,
        store,
        settings=settings,
        analyze=analyze,
        workers=workers,
        failures_path=failures_path,
        progress=progress,
    )


def ingest_loaded(
    inputs: Iterable[Loaded],
    store: Store,
    *,
    settings: Settings | None = None,
    analyze: bool = True,
    workers: int = 1,
    failures_path: Path | None = None,
    progress: ProgressFn | None = None,
) -> IngestReport:
    """:func:`ingest` of documents already read (``marsad watch`` reads its feeds itself, to
    choose the entries it has not seen); the same analysis, dedupe and batched writes."""
    settings = settings or default_settings()
    # Without analysis the store still gets sentences and the search index (from the tokenizer).
    components = tuple(settings.pipeline.components) if analyze else TOKENIZE_ONLY
    report = IngestReport()
    failures = FailureLog(report, failures_path)
    writer = BatchWriter(store, settings.corpus, report, failures)
    config = settings.pipeline.config_json() if analyze else "{}"
    waiting: set[str] = set()  # ids in the analyser: a copy in the input is not analysed twice

    def take(results: Iterator[Result]) -> None:
        for doc_id, name, result in results:
            waiting.discard(doc_id)
            if isinstance(result, Failure):
                failures.add_failure(result)
            else:
                writer.add(name, result)
            if progress is not None:
                progress(name, report)

    started = time.perf_counter()
    analyser: _Analyser | None = None
    try:
        analyser = _Analyser(components, config, analyze, workers)
        for loaded in inputs:
            report.warn(loaded.name, loaded.warnings)
            doc = loaded.document
            if doc is not None and doc.id not in waiting and not writer.seen(doc.id):
                waiting.add(doc.id)
                take(analyser.put(loaded.name, doc))
                continue
            if doc is None:
                assert loaded.error is not None
                failures.add(loaded.name, loaded.error)
            else:
                report.duplicates += 1
            if progress is not None:
                progress(loaded.name, report)
        take(analyser.finish())
        writer.flush()
        analyser.close()
    except WorkerError:
        assert analyser is not None
        analyser.abort()
        writer.flush()  # the documents analysed before the worker died
        raise
    except BaseException:  # Ctrl-C included: the workers never outlive the run
        if analyser is not None:
            analyser.abort()
        raise
    finally:
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
