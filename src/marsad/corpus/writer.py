"""Writing documents into the store: rows, search text and MinHash of a document
(:func:`prepare`), the story it joins (:func:`link_story`), batched writes that a bad document
cannot spoil (:class:`BatchWriter`) and the failures list.

The machinery shared by ``marsad ingest`` (:mod:`marsad.services.ingest`), ``marsad load``
(:mod:`marsad.services.load`) and the Spark job; it runs no pipeline and reads no input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from marsad.corpus.minhash import band_keys, signature, similarity
from marsad.corpus.rows import document_rows
from marsad.corpus.search import body_words, title_words
from marsad.doc import Document
from marsad.errors import ConfigError, MarsadError, StoreError
from marsad.settings import CorpusSettings
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


@dataclass(frozen=True, slots=True)
class InputWarning:
    """Something the reader repaired in one input (bytes replaced, NULs removed, a date that
    is not one left out): the document was stored, with the repair."""

    input: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"input": self.input, "message": self.message}


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
    warnings: list[InputWarning] = field(default_factory=list)

    def warn(self, name: str, warnings: tuple[str, ...]) -> None:
        """Keep the reader's warnings about input ``name``."""
        self.warnings.extend(InputWarning(name, message) for message in warnings)

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
            "warnings": [w.to_dict() for w in self.warnings],
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
            _check_writable(path)
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


def _check_writable(path: Path) -> None:
    """Refuse (M020) a failures file that cannot be written, before the run starts: found at
    the first bad input, it would stop the run there and lose the batch."""
    existed = path.exists()
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(f"cannot write the failures file {path}: {reason}") from exc
    if not existed:
        path.unlink(missing_ok=True)


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
