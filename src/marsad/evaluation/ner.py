"""``marsad eval ner``: entity-level scores of the NER recognizer on a CoNLL corpus.

Scores follow conlleval (a mention counts only with the right type, start and end), micro
over all mentions and per type, on the corpus's own tokenization. The recognizer is the one
the pipeline component runs (CRF, document consistency, gazetteer matches), fed each corpus
token as a string.

CoNLL corpora mark sentences, not articles, so consecutive sentences are read in windows of
:data:`DOCUMENT_SENTENCES` as pseudo-documents for the document-consistency step (a news
article has about that many). ``document_sentences=1`` scores sentence by sentence.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from marsad.evaluation.conll import ENTITY_TYPES, Format, read_conll
from marsad.evaluation.metrics import Report, score
from marsad.extract.entities.recognize import Recognizer

__all__ = ["DOCUMENT_SENTENCES", "NerEvaluation", "evaluate_ner"]

DOCUMENT_SENTENCES = 20


@dataclass(frozen=True, slots=True)
class NerEvaluation:
    """Scores on one corpus plus the tagging speed (tokens per second, one process)."""

    data: str
    fmt: str
    sentences: int
    report: Report
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        tokens = self.report.tokens or 0
        return tokens / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "data": self.data,
            "format": self.fmt,
            "sentences": self.sentences,
            **self.report.to_dict(),
            "seconds": round(self.seconds, 2),
            "tokens_per_second": round(self.tokens_per_second),
        }


def evaluate_ner(
    path: Path,
    fmt: Format,
    recognizer: Recognizer | None = None,
    *,
    document_sentences: int = DOCUMENT_SENTENCES,
) -> NerEvaluation:
    """Tag every sentence of ``path`` and score the mentions against its gold labels."""
    sentences = read_conll(path, fmt)
    rec = recognizer if recognizer is not None else Recognizer()
    step = max(1, document_sentences)
    t0 = time.perf_counter()
    predicted: list[list[str]] = []
    for k in range(0, len(sentences), step):
        predicted += rec.strings([s.tokens for s in sentences[k : k + step]])
    seconds = time.perf_counter() - t0
    gold = [list(s.labels) for s in sentences]
    types = ENTITY_TYPES if fmt != "wojood" else ("PER", "ORG", "LOC")
    report = score(gold, predicted, types=types)
    return NerEvaluation(str(path), fmt, len(sentences), report, seconds)
