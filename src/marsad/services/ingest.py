"""Ingest inputs into the store, and re-analyze what is stored with a newer pipeline.

Streaming: a few inputs at a time (read ahead by a thread of their own), a batch of
``corpus.batch_size`` documents per transaction (or what is ready when the input pauses), so
memory stays flat however large the input. Idempotent: a document whose content hash is
stored is skipped before any analysis, so running the same command again after a crash (even
``kill -9``) stores each document exactly once. One bad record is reported (and written to the
failures file) and the run goes on.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import queue
import signal
import sys
import threading
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
# Inputs read ahead of the analysis, by a thread of their own (each up to input.max_bytes).
READ_AHEAD = 4
# How long the input may be idle before the results ready so far are stored (seconds): a
# pipe that sends a few records and pauses gets them stored while it waits.
IDLE_STORE_SECONDS = 0.2

# The pipeline of a worker process of ``ingest --workers``: built once, by the initializer
# (or the error that building it raised, given back with the first document).
_WORKER_PIPELINE: list[Pipeline | Exception] = []


def _analyse_one(pipeline: Pipeline, analyze: bool, name: str, doc: Document) -> Analysed:
    try:
        return name, prepare(_analyze(pipeline, doc, name), analyzed=analyze)
    except MarsadError as exc:
        return name, Failure(name, exc.code, exc.message)


# How often a worker checks that the run's process is still its parent (seconds).
PARENT_CHECK_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """End this worker when ``parent`` (the run's process) dies, even by ``kill -9``, which
    gives the parent no chance to stop its workers: left alone, they would wait for work
    forever, each holding a pipeline.

    On Linux the kernel sends SIGKILL at once (``prctl(PR_SET_PDEATHSIG)``); everywhere, a
    thread checks every :data:`PARENT_CHECK_SECONDS` that the parent is still the parent
    (an orphan is adopted by another process)."""
    if sys.platform == "linux":
        import ctypes  # only here: the one call that needs it

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the thread below still watches
            pass
    if os.getppid() != parent:  # the parent died before the watch began
        os._exit(1)
    threading.Thread(
        target=_watch_parent, args=(parent,), name="marsad-parent-watch", daemon=True
    ).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)  # no clean-up to do: the parent owns the store and the results


def _init_worker(components: tuple[str, ...], config: str, parent: int) -> None:
    _die_with_parent(parent)
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

    The workers start once ``workers`` documents wait (or at the end, or when the input
    pauses, as many as there are documents: never more workers than inputs, and one document
    is analysed here). At most
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
        return self._collect(keep=0, here=self._start_waiting(ended=True))

    def ready(self) -> Iterator[Result]:
        """The input is idle: start on the documents waiting for the workers, and give back
        the results finished now, in input order (waits for none)."""
        here = self._start_waiting(ended=False)
        return self._collect(keep=len(self._flight), here=here)

    def _start_waiting(self, *, ended: bool) -> list[Result]:
        """Analyse the documents waiting for the workers to start. At the end of the input, one
        is analysed here and more in as many workers as there are of them (never more workers
        than documents). On a pause the pool starts whole: its processes are spawned as work
        comes (never more than the documents submitted), and a slow input (a pipe, feeds)
        still gets every worker it asked for."""
        if self._executor is not None or not self._waiting:
            return []
        if ended and len(self._waiting) == 1:
            waiting, self._waiting = self._waiting, []
            return [self._here(name, doc) for name, doc in waiting]
        self._start(len(self._waiting) if ended else self.workers)
        return []

    def _here(self, name: str, doc: Document) -> Result:
        if self._pipeline is None:
            self._pipeline = pipeline_for(self.components, self.config)
        return (doc.id, *_analyse_one(self._pipeline, self.analyze, name, doc))

    def _start(self, workers: int) -> None:
        # Spawn, not fork: the run reads its inputs in a thread of its own, and a process
        # forked while that thread holds a lock (an import under way, a file's buffer) would
        # find it held forever.
        context = multiprocessing.get_context("spawn")
        self._executor = ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.components, self.config, os.getpid()),
        )
        waiting, self._waiting = self._waiting, []
        for name, doc in waiting:
            self._submit(name, doc)

    def _submit(self, name: str, doc: Document) -> None:
        assert self._executor is not None
        try:
            future = self._executor.submit(_analyse_in_worker, (name, doc, self.analyze))
        except BrokenProcessPool as exc:  # raised in its turn: the results before it count
            future = Future()
            future.set_exception(exc)
        self._flight.append((doc.id, name, future))
        # The executor's own processes (started one per submit until there are enough): the
        # only handle to stop them on Ctrl-C, kept apart from the executor, which forgets
        # them once one has died.
        for process in getattr(self._executor, "_processes", {}).values():
            if all(process is not known for known in self._processes):
                self._processes.append(process)

    def _collect(self, keep: int, here: list[Result] | None = None) -> Iterator[Result]:
        """``here`` (results analysed in this process), then the results of the finished
        documents at the head of the queue, waiting for the head until at most ``keep``
        documents are in flight. One at a time: the results before a dead worker's document
        are the caller's before :class:`WorkerError`."""
        yield from here or ()
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


class _Raised:
    """An exception of the reader thread, raised again in the run's thread."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_END = object()


class _ReadAhead:
    """The inputs, read in a thread of their own at most ``size`` ahead, so the run can store
    what is analysed while the input is idle (a pipe that pauses, a slow URL).

    The thread is a daemon: a read blocked on stdin cannot be interrupted, and it must not
    keep the process alive after Ctrl-C or an error."""

    def __init__(self, items: Iterator[Loaded], size: int) -> None:
        self._queue: queue.Queue[object] = queue.Queue(maxsize=size)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(items,), name="marsad-ingest-reader", daemon=True
        )
        self._thread.start()

    def _run(self, items: Iterator[Loaded]) -> None:
        try:
            for item in items:
                if not self._put(item):
                    return
        except BaseException as exc:  # a bug in a reader: raised in the run, not lost here
            self._put(_Raised(exc))
            return
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # the generator's open files, in the thread that opened them
        self._put(_END)

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def get(self, timeout: float) -> Loaded | None:
        """The next input; None when none came within ``timeout`` seconds; StopIteration at
        the end."""
        try:
            item = self._queue.get(timeout=timeout)
        except queue.Empty:
            return None
        if item is _END:
            raise StopIteration
        if isinstance(item, _Raised):
            raise item.exc
        assert isinstance(item, Loaded)
        return item

    def close(self) -> None:
        """Stop reading (the thread ends at its next input)."""
        self._stop.set()


def _own_stdin(stdin: BinaryIO | None) -> BinaryIO | None:
    """Standard input read through a buffer of our own on its file descriptor.

    The reader thread may block in a read of stdin; through ``sys.stdin.buffer`` it would hold
    that object's lock meanwhile, and the interpreter's exit (which closes ``sys.stdin``)
    would wait on that lock forever (a fatal error, after Ctrl-C)."""
    if stdin is None:
        return None
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's stream): as is
        return stdin
    return io.BufferedReader(io.FileIO(fd, "rb", closefd=False))


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
        paths,
        max_bytes=settings.input.max_bytes,
        published=published,
        stdin=_own_stdin(stdin),
        max_chars=settings.input.max_chars,
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
    reader: _ReadAhead | None = None
    try:
        analyser = _Analyser(components, config, analyze, workers)
        reader = _ReadAhead(iter(inputs), READ_AHEAD)
        while True:
            try:
                loaded = reader.get(IDLE_STORE_SECONDS)
            except StopIteration:
                break
            if loaded is None:  # the input is idle: store what is ready meanwhile
                take(analyser.ready())
                if writer.batch:
                    writer.flush()
                continue
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
        if reader is not None:
            reader.close()
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
