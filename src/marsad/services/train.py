"""``marsad train ner``: fit the CRF on annotated sentences from one or more sources.

Sources (:class:`Source`, ``--data PATH:FORMAT`` on the command line):

- a CoNLL file (``anercorp``, ``wojood``, ``fane``; :mod:`marsad.evaluation.conll`), read on
  its own tokens. A Wojood file is mapped for training with :data:`WOJOOD_TRAINING`, which
  keeps more of its 21 types than the evaluation scores;
- ``corpus``: the entity layer of a split of the annotated news corpus (``eval/corpus``, texts
  from the ANT corpus). Its character spans are put onto **marsad's own tokens** (the
  sentence and token components of the pipeline), the tokens the runtime tagger sees: a token
  is inside an entity when its clitic-free part (what the component reports as the mention)
  overlaps the span.

Every sentence is described with the same features the component uses at run time
(:class:`~marsad.extract.entities.features.Featurizer`); a source may be repeated ``weight``
times to count more in training.

With ``unlabeled`` (a JSONL file of news articles, gzipped or not, with a ``text`` field) it
self-trains: a first model tags the articles' sentences, the sentences whose whole label
sequence it is sure of (probability ≥ ``min_prob``) and that hold an entity are added to the
labeled ones, and the final model is trained on both.

A use case, not part of the extractor: it reads annotated corpora with
:mod:`marsad.evaluation`, which the evaluation shares, and ``marsad.extract`` must not
depend on ``marsad.evaluation`` (which scores the extractors).
"""

from __future__ import annotations

import gzip
import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, NamedTuple, cast

import pycrfsuite

from marsad.arabic.sentences import split_sentences
from marsad.arabic.tokenize import tokenize
from marsad.doc import Document, Meta, Token
from marsad.errors import ConfigError
from marsad.evaluation.conll import FORMATS, Format, TaggedSentence, read_conll
from marsad.extract.entities.component import sentence_tokens, stem_end, stem_start
from marsad.extract.entities.crf import train_crf
from marsad.extract.entities.features import Featurizer, with_conventions
from marsad.pipeline import Pipeline

__all__ = [
    "WOJOOD_TRAINING",
    "CorpusAlignment",
    "CorpusSentence",
    "Source",
    "corpus_sentences",
    "parse_source",
    "source_rows",
    "train_ner",
]

Rows = list[tuple[list[list[str]], list[str]]]
SourceKind = Literal["anercorp", "wojood", "fane", "corpus"]
SOURCE_KINDS: Final[tuple[str, ...]] = (*FORMATS, "corpus")
# Sentences outside this length are poor self-training material (headlines, run-ons).
_MIN_TOKENS, _MAX_TOKENS = 6, 50

# Wojood's 21 nested types for training, following the annotated corpus's guidelines
# (eval/corpus/GUIDELINES.md §2, ANERcorp conventions): people → PER; organizations → ORG;
# states, places and named facilities (GPE, LOC, FAC) → LOC; named events, laws and products
# (EVENT, LAW, PRODUCT) → MISC. Nationalities and groups (NORP), occupations (OCC) and the
# temporal and numeric types are not names there → O. Each token takes its outermost mapped
# tag, so an ORG wrapping a GPE stays one ORG.
WOJOOD_TRAINING: Final[dict[str, str]] = {
    "PERS": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "EVENT": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
}


@dataclass(frozen=True, slots=True)
class Source:
    """One body of training sentences.

    ``path`` is a CoNLL file for the CoNLL kinds; for ``corpus`` it is the annotated corpus
    folder (``eval/corpus``), read with ``split`` and the ANT corpus at ``ant``.
    """

    kind: SourceKind
    path: Path
    weight: int = 1
    split: str = "train"
    ant: Path | None = None

    @property
    def name(self) -> str:
        if self.kind == "corpus":
            return f"corpus-{self.split}"
        return f"{self.kind}:{self.path.name}"


def parse_source(spec: str, default: str = "anercorp", ant: Path | None = None) -> Source:
    """``PATH[:FORMAT[:WEIGHT]]`` → a :class:`Source` (``eval/corpus:corpus:2``).

    >>> parse_source("data/train.txt:wojood")
    Source(kind='wojood', path=PosixPath('data/train.txt'), weight=1, split='train', ant=None)
    """
    parts = spec.split(":")
    weight = 1
    if len(parts) >= 3 and parts[-1].isdigit() and parts[-2] in SOURCE_KINDS:
        weight = int(parts[-1])
        parts = parts[:-1]
    kind = default
    if len(parts) >= 2 and parts[-1] in SOURCE_KINDS:
        kind = parts[-1]
        parts = parts[:-1]
    path = ":".join(parts)
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"unknown source format {kind!r} (one of {', '.join(SOURCE_KINDS)})")
    if not path or weight < 1:
        raise ConfigError(f"bad training source {spec!r}: expected PATH[:FORMAT[:WEIGHT]]")
    return Source(cast(SourceKind, kind), Path(path), weight, ant=ant)


@dataclass(slots=True)
class CorpusAlignment:
    """How well the corpus's character spans fit marsad's tokens."""

    entities: int = 0
    exact: int = 0  # the span is exactly the mention its tokens would give
    missed: int = 0  # no token's clitic-free part overlaps the span
    types: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, object]:
        return {
            "entities": self.entities,
            "exact": self.exact,
            "missed": self.missed,
            "types": dict(sorted(self.types.items())),
        }


class CorpusSentence(NamedTuple):
    """One sentence of an annotated article on marsad's tokens."""

    article: str
    tokens: list[Token]
    labels: list[str]


def corpus_sentences(
    root: Path, ant: Path, split: str = "train"
) -> tuple[list[CorpusSentence], CorpusAlignment]:
    """The entity layer of ``split`` as (marsad tokens, IOB2 labels) sentences.

    Sentences and tokens come from the pipeline's own components, grouped by sentence as the
    NER component groups them. A token takes an entity's label when its clitic-free part
    overlaps the entity's span (``للجيش`` for the span ``لجيش``; ``وسوريا`` for ``سوريا``).
    """
    from marsad.evaluation.annotation.corpus import AnnotatedCorpus, read_articles

    corpus = AnnotatedCorpus(root)
    pairs = [
        (row, record)
        for row, record in corpus.records(split)
        if "entities" in record.get("layers", [])
    ]
    if not pairs:
        raise ConfigError(f"no articles with the entity layer in split {split!r}", source=str(root))
    articles = read_articles(ant, [row.id for row, _ in pairs])
    base = Pipeline.from_names(["sentences.rules.v1", "tokenize.rules.v1"])
    stats = CorpusAlignment()
    out: list[CorpusSentence] = []
    for row, record in pairs:
        article = articles[row.id]
        doc = base(Document.from_text(article["text"], Meta(published=article.get("date"))))
        groups = sentence_tokens(doc)
        flat = [(g, k, tok) for g, toks in enumerate(groups) for k, tok in enumerate(toks)]
        spans = [(stem_start(tok), stem_end(tok)) for _, _, tok in flat]
        labels = [["O"] * len(toks) for toks in groups]
        for entity in sorted(record["entities"], key=lambda e: (e["span"][0], -e["span"][1])):
            start, end = entity["span"]
            kind = entity["type"]
            stats.entities += 1
            stats.types[kind] += 1
            inside = [i for i, (s, e) in enumerate(spans) if s < end and start < e and e > s]
            if not inside:
                stats.missed += 1
                continue
            if spans[inside[0]][0] == start and spans[inside[-1]][1] == end:
                stats.exact += 1
            for n, i in enumerate(inside):
                g, k, _ = flat[i]
                if labels[g][k] == "O":
                    labels[g][k] = f"{'B' if n == 0 else 'I'}-{kind}"
        out += [CorpusSentence(row.id, t, lab) for t, lab in zip(groups, labels, strict=True)]
    return out, stats


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


def conll_sentences(source: Source) -> list[TaggedSentence]:
    """The sentences of a CoNLL source, with the training mapping for Wojood."""
    fmt = cast(Format, source.kind)
    return read_conll(source.path, fmt, wojood=WOJOOD_TRAINING if fmt == "wojood" else None)


def source_rows(
    source: Source, fz: Featurizer, progress: Callable[[str], None] | None = None
) -> Rows:
    """Featurized (features, labels) sentences of one source (not yet weighted)."""
    say = progress or (lambda message: None)
    t0 = time.perf_counter()
    if source.kind == "corpus":
        if source.ant is None:
            raise ConfigError(
                "the annotated corpus needs the ANT corpus path", source=str(source.path)
            )
        sents, stats = corpus_sentences(source.path, source.ant, source.split)
        rows: Rows = [(fz.tokens(s.tokens), s.labels) for s in sents if s.tokens]
        say(
            f"{source.name}: {stats.entities} entities, {stats.exact} exactly on marsad tokens, "
            f"{stats.missed} on none"
        )
    else:
        rows = [(fz.strings(s.tokens), list(s.labels)) for s in conll_sentences(source)]
    tokens = sum(len(labels) for _, labels in rows)
    say(f"{source.name}: {len(rows)} sentences, {tokens} tokens in {time.perf_counter() - t0:.0f}s")
    return rows


def train_ner(
    sources: Sequence[Source],
    out: Path,
    *,
    unlabeled: Path | None = None,
    articles: int = 8000,
    min_prob: float = 0.9,
    keep: int = 10000,
    params: dict[str, float | int | bool] | None = None,
    featurizer: Featurizer | None = None,
    progress: Callable[[str], None] | None = None,
    separate_conventions: bool = False,
) -> dict[str, float]:
    """Train a CRF NER model on ``sources`` (plus self-training on ``unlabeled``) into ``out``.

    ``separate_conventions``: each CoNLL source gets its own copy of the features that carry
    annotation conventions (:func:`~marsad.extract.entities.features.with_conventions`); the
    news corpus, like the tagger at run time, has only the shared ones.
    """
    if not sources:
        raise ConfigError("no training data: give at least one source")
    say = progress or (lambda message: None)
    fz = featurizer if featurizer is not None else Featurizer()
    rows: Rows = []
    for source in sources:
        part = source_rows(source, fz, say)
        if separate_conventions and source.kind != "corpus":
            part = [(with_conventions(feats, source.kind), labels) for feats, labels in part]
        rows += part * source.weight
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
