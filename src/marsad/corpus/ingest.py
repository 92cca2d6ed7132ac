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
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from pathlib import Path
from typing import IO, BinaryIO

from marsad.corpus.minhash import band_keys, signature, similarity
from marsad.corpus.rows import document_from_rows, document_rows, meta_from_row
from marsad.corpus.search import TOKENIZE_ONLY, body_words, title_words
from marsad.doc import Document
from marsad.errors import AnalysisError, MarsadError, StoreError
from marsad.inputs import iter_sources
from marsad.pipeline import Pipeline
from marsad.services import build_pipeline, default_settings, pipeline_for
from marsad.settings import CorpusSettings, Settings
from marsad.store import DocumentRows, Store, StoryLink
from marsad.store.store import now


@dataclass(frozen=True, slots=True)
class Failure:
    """One input that could not be stored, and why."""

    input: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"input": self.input, "code": self.code, "message": self.message}


@dataclass(slots=True)
class IngestReport:
    """What one run did. ``linked`` documents joined a story already stored (near-duplicates
    and rewrites); ``copies`` of them are near-exact copies."""

    ingested: int = 0
    duplicates: int = 0
    linked: int = 0
    copies: int = 0
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def seen(self) -> int:
        return self.ingested + self.duplicates + len(self.failed)

    def to_dict(self) -> dict[str, object]:
        return {
            "ingested": self.ingested,
            "duplicates_skipped": self.duplicates,
            "linked_to_story": self.linked,
            "near_copies": self.copies,
            "failed": len(self.failed),
            "seconds": round(self.seconds, 2),
            "failures": [f.to_dict() for f in self.failed],
        }


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document turned into what the store writes."""

    rows: DocumentRows
    index_text: str
    minhash: bytes | None
    bands: list[int]


def prepare(doc: Document, *, analyzed: bool, ingested_at: str | None = None) -> Prepared:
    """Rows, search text and MinHash of an analysed (or only tokenized) document."""
    # Copies of a wire story often carry their own headline: compare the bodies only.
    words = body_words(doc)
    sig = signature(words)
    stamp = ingested_at or now()
    rows = document_rows(doc, ingested_at=stamp, analyzed_at=stamp if analyzed else None)
    index_text = " ".join([*title_words(doc), *words])
    return Prepared(rows, index_text, sig, band_keys(sig) if sig else [])


def link_story(store: Store, item: Prepared, config: CorpusSettings) -> StoryLink:
    """The story a new document joins: that of the most similar stored document at least
    ``story_threshold`` similar, else its own."""
    doc_id = item.rows.document["id"]
    if item.minhash is None:
        return StoryLink(doc_id)
    best, best_sim = None, 0.0
    for cand in store.story_candidates(item.bands):
        if cand["minhash"] is None or cand["id"] == doc_id:
            continue
        sim = similarity(item.minhash, bytes(cand["minhash"]))
        if sim > best_sim:
            best, best_sim = cand, sim
    if best is None or best_sim < config.story_threshold:
        return StoryLink(doc_id)
    copy_of = (
        (best["duplicate_of"] or best["id"]) if best_sim >= config.duplicate_threshold else None
    )
    return StoryLink(best["story_id"], copy_of, round(best_sim, 3))


class FailureLog:
    """Failures, kept in the report and appended to a JSONL file opened on the first one."""

    def __init__(self, report: IngestReport, path: Path | None) -> None:
        self.report = report
        self.path = path
        self._fh: IO[str] | None = None
        if path is not None:
            # Each run rewrites the file: a stale list from an earlier run would mislead.
            path.unlink(missing_ok=True)

    def add(self, name: str, error: MarsadError) -> None:
        self.add_failure(Failure(name, error.code, error.message))

    def add_failure(self, failure: Failure) -> None:
        self.report.failed.append(failure)
        if self.path is None:
            return
        if self._fh is None:
            self._fh = self.path.open("w", encoding="utf-8")
        self._fh.write(json.dumps(failure.to_dict(), ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _analyze(pipeline: Pipeline, doc: Document, name: str) -> Document:
    try:
        return pipeline(doc)
    except MarsadError:
        raise
    except Exception as exc:  # a bug in one component must not take the batch down
        raise AnalysisError(f"analysis failed: {exc!r}", source=name) from exc


class BatchWriter:
    """Writes prepared documents in batches; a batch that fails is retried one by one, so a
    single bad document costs only itself."""

    def __init__(
        self, store: Store, config: CorpusSettings, report: IngestReport, failures: FailureLog
    ) -> None:
        self.store, self.config, self.report, self.failures = store, config, report, failures
        self.batch: list[tuple[str, Prepared]] = []
        self.pending: set[str] = set()

    def seen(self, doc_id: str) -> bool:
        return doc_id in self.pending or self.store.contains(doc_id)

    def add(self, name: str, item: Prepared) -> None:
        self.batch.append((name, item))
        self.pending.add(item.rows.document["id"])
        if len(self.batch) >= self.config.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        try:
            with self.store.transaction():
                outcomes = [self._write(item) for _, item in batch]
        except Exception:  # the batch rolled back whole: write one by one to find the culprit
            outcomes = []
            for name, item in batch:
                try:
                    outcomes.append(self._write(item))
                except StoreError as exc:
                    self.failures.add(name, exc)
                except Exception as exc:
                    self.failures.add(name, StoreError(f"cannot store: {exc!r}", source=name))
        for link in outcomes:
            self._count(link)
        self.pending.clear()

    def _write(self, item: Prepared) -> StoryLink | None:
        link = link_story(self.store, item, self.config)
        written = self.store.add_document(
            item.rows,
            index_text=item.index_text,
            minhash=item.minhash,
            band_keys=item.bands,
            story=link,
        )
        return link if written else None

    def _count(self, link: StoryLink | None) -> None:
        if link is None:  # stored meanwhile by another run
            self.report.duplicates += 1
            return
        self.report.ingested += 1
        if link.similarity is not None:
            self.report.linked += 1
            self.report.copies += link.duplicate_of is not None


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


class _Analyser:
    """Analyses documents in this process, or in ``workers`` processes (the order of the
    results is the order of the input, so story links do not depend on the workers)."""

    def __init__(
        self, components: tuple[str, ...], config: str, analyze: bool, workers: int
    ) -> None:
        self.analyze = analyze
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
        for loaded in iter_sources(
            paths, max_bytes=settings.input.max_bytes, published=published, stdin=stdin
        ):
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


def load_document(store: Store, doc_id: str) -> Document:
    """A stored document in the ``marsad.document/1`` contract."""
    row, facts = store.document(doc_id)
    return document_from_rows(row, facts)


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
