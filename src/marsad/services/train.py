"""``marsad train ner``: fit the CRF on a CoNLL corpus (ANERcorp's train split).

Training reads the corpus's own tokens, describes each with the same features the component
uses at run time (:class:`~marsad.extract.entities.features.Featurizer`), and writes a crfsuite
model.

With ``unlabeled`` (a JSONL file of news articles, gzipped or not, with a ``text`` field) it
self-trains: a first model tags the articles' sentences, the sentences whose whole label
sequence it is sure of (probability ≥ ``min_prob``) and that hold an entity are added to the
labeled ones, and the final model is trained on both. Names new to ANERcorp then appear in
training, in news contexts.

A use case, not part of the extractor: it reads annotated corpora with
:mod:`marsad.evaluation.conll`, which the evaluation shares, and ``marsad.extract`` must not
depend on ``marsad.evaluation`` (which scores the extractors).
"""

from __future__ import annotations

import gzip
import json
import random
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pycrfsuite

from marsad.arabic.sentences import split_sentences
from marsad.arabic.tokenize import tokenize
from marsad.evaluation.conll import Format, read_conll
from marsad.extract.entities.crf import train_crf
from marsad.extract.entities.features import Featurizer

__all__ = ["train_ner"]

Rows = list[tuple[list[list[str]], list[str]]]
# Sentences outside this length are poor self-training material (headlines, run-ons).
_MIN_TOKENS, _MAX_TOKENS = 6, 50


def _article_texts(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                text = json.loads(line).get("text")
                if isinstance(text, str):
                    yield text


def _confident_sentences(
    model: Path, fz: Featurizer, texts: Sequence[str], min_prob: float
) -> Rows:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    rows: Rows = []
    for text in texts:
        for start, end in split_sentences(text):
            toks = tokenize(text[start:end])
            if not _MIN_TOKENS <= len(toks) <= _MAX_TOKENS:
                continue
            feats = fz.tokens(toks)
            tagger.set(feats)
            labels: list[str] = tagger.tag()
            if all(x == "O" for x in labels) or tagger.probability(labels) < min_prob:
                continue
            rows.append((feats, labels))
    return rows


def train_ner(
    data: Path,
    out: Path,
    *,
    fmt: Format = "anercorp",
    unlabeled: Path | None = None,
    articles: int = 8000,
    min_prob: float = 0.9,
    keep: int = 10000,
    params: dict[str, float | int | bool] | None = None,
    featurizer: Featurizer | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Train a CRF NER model on ``data`` (plus self-training on ``unlabeled``) into ``out``."""
    say = progress or (lambda message: None)
    sentences = read_conll(data, fmt)
    fz = featurizer if featurizer is not None else Featurizer()
    t0 = time.perf_counter()
    rows: Rows = [(fz.strings(s.tokens), list(s.labels)) for s in sentences]
    tokens = sum(len(s.tokens) for s in sentences)
    say(f"{len(rows)} sentences, {tokens} tokens featurized in {time.perf_counter() - t0:.0f}s")
    if unlabeled is None:
        figures = train_crf(rows, out, params, progress=say)
        figures["self_training_sentences"] = 0
        return figures

    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "first.crfsuite"
        train_crf(rows, first, params, progress=say)
        rng = random.Random(7)  # a fixed sample: the shipped model can be rebuilt exactly
        texts = list(_article_texts(unlabeled))
        rng.shuffle(texts)
        say(f"tagging {min(articles, len(texts))} unlabeled articles")
        extra = _confident_sentences(first, fz, texts[:articles], min_prob)
    rng.shuffle(extra)
    extra = extra[:keep]
    say(f"{len(extra)} confident sentences added")
    figures = train_crf(rows + extra, out, params, progress=say)
    figures["self_training_sentences"] = len(extra)
    return figures
