"""Fitting the document gate (:mod:`marsad.extract.events.gate`) on the ANT news corpus.

Each article of ANT v2.1 (gzipped JSON lines: ``id``, ``categories``, ``title``, ``text``)
is one example, labelled by its categories: ``middleEast`` and ``internationalNews`` are news
of conflict and politics (positive), ``sport``, ``economy``, ``technology`` and ``culture``
are not (negative); an article filed under both kinds (a World Cup story also filed as
international news) is left out, its label being unclear. The annotated corpus's articles
are left out too (``exclude``), so that its dev and test splits stay unseen.

A share of the articles (``holdout``, drawn by a hash of the id, so the same every run) is
kept out of training and scores the model. The fit has two passes: a first logistic model
over every word seen in ``min_count`` articles or more, then the final, calibrated one over
the ``max_features`` words of largest weight in the first, which keeps the shipped model
small (a few thousand weights, well under 300 KB gzipped) at little cost in accuracy.

Call::

    from marsad.services.train_gate import train_gate
    report = train_gate(Path("ant_v2.1_multisource.jsonl.gz"),
                        Path("src/marsad/resources/events/models/gate.json.gz"),
                        exclude=ids_of_the_annotated_corpus)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from marsad.errors import ConfigError
from marsad.extract.events.gate import GATE_MODEL, MAX_CHARS, gate_features
from marsad.extract.linear import LinearModel
from marsad.services.learn import Example, fit_logistic

__all__ = [
    "NEGATIVE",
    "POSITIVE",
    "gate_label",
    "read_gate_examples",
    "score_articles",
    "train_gate",
]

#: The ANT categories of news where events are coded.
POSITIVE = frozenset({"middleEast", "internationalNews"})
#: The ANT categories of other news.
NEGATIVE = frozenset({"sport", "economy", "technology", "culture"})
# A JSON line longer than this is not a news article: skipped unread.
_MAX_LINE = 1 << 20


def gate_label(categories: Iterable[str]) -> bool | None:
    """True for news of conflict or politics, False for other news, None when unclear
    (categories of both kinds, or none known).

    >>> gate_label(["middleEast"]), gate_label(["sport"]), gate_label(["sport", "middleEast"])
    (True, False, None)
    """
    cats = set(categories)
    pos, neg = bool(cats & POSITIVE), bool(cats & NEGATIVE)
    return pos if pos != neg else None


def _held_out(article_id: str, share: float) -> bool:
    digest = hashlib.sha1(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") < share * (1 << 32)


def _records(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if len(line) > _MAX_LINE or not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict):
                    yield record
    except OSError as exc:
        raise ConfigError(f"cannot read the corpus: {exc}", source=str(path)) from exc


def read_gate_examples(
    path: Path, *, exclude: Iterable[str] = (), max_chars: int = MAX_CHARS
) -> Iterator[tuple[str, bool | None, dict[str, float]]]:
    """``(id, label, features)`` for each article with a text and an id not in ``exclude``
    (label None when the categories do not tell; see :func:`gate_label`)."""
    skip = set(exclude)
    pool: dict[str, str] = {}  # one string per feature name: 30,000 articles share them
    for record in _records(path):
        article_id, text = record.get("id"), record.get("text")
        if not isinstance(article_id, str) or not isinstance(text, str) or not text.strip():
            continue
        if article_id in skip:
            continue
        cats = record.get("categories")
        label = (
            gate_label(c for c in cats if isinstance(c, str)) if isinstance(cats, list) else None
        )
        title = record.get("title")
        features = gate_features(text[:max_chars], title if isinstance(title, str) else None)
        yield article_id, label, {pool.setdefault(f, f): v for f, v in features.items()}


def _scores(model: LinearModel, examples: Iterable[Example]) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    for e in examples:
        predicted = model.probability(e.features) >= model.threshold
        if predicted and e.label:
            tp += 1
        elif predicted:
            fp += 1
        elif e.label:
            fn += 1
        else:
            tn += 1
    n = tp + fp + fn + tn
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "articles": n,
        "positives": tp + fn,
        "accuracy": round((tp + tn) / n, 4) if n else None,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }


def train_gate(
    ant: Path,
    out: Path,
    exclude: Iterable[str] = (),
    *,
    holdout: float = 0.1,
    c: float = 0.1,
    min_count: int = 5,
    max_features: int = 3000,
    folds: int = 5,
    max_chars: int = MAX_CHARS,
) -> dict[str, Any]:
    """Fit the gate on the ANT corpus at ``ant``, save it at ``out`` (``.json.gz``), and
    return a report: how many articles, the held-out scores, the model's size.

    ``exclude``: article ids never to train on nor score (the annotated corpus).
    ``holdout``: the share of articles kept out of training to score the model (0: none).
    ``min_count``: a word must be in this many training articles to be a feature;
    ``max_features``: how many words (largest weights) the shipped model keeps; ``c``: the
    inverse strength of the L2 penalty (0.1 and 3,000 words were the best of
    c ∈ {0.03, 0.05, 0.1, 0.3, 1} × {2,000, 3,000, 4,000, 8,000} on a validation share of the
    training articles: as accurate as the whole vocabulary, and smaller weights)."""
    started = time.perf_counter()
    train: list[Example] = []
    held: list[Example] = []
    unclear = 0
    for article_id, label, features in read_gate_examples(
        ant, exclude=exclude, max_chars=max_chars
    ):
        if label is None:
            unclear += 1
            continue
        example = Example(features, label, article_id)
        (held if _held_out(article_id, holdout) else train).append(example)
    if not train:
        raise ConfigError("no labelled article to train the gate on", source=str(ant))
    read_s = time.perf_counter() - started

    # First pass: every word seen often enough, to rank the words by weight (no calibration).
    first = fit_logistic("gate", train, c=c, min_count=min_count, folds=1)
    ranked = sorted(first.weights, key=lambda f: (-abs(first.weights[f]), f))
    keep = frozenset(ranked[:max_features])
    pruned = [
        Example({f: v for f, v in e.features.items() if f in keep}, e.label, e.group) for e in train
    ]
    meta = {
        "data": "ANT corpus v2.1 (multi-source Arabic news, 2018)",
        "positive": sorted(POSITIVE),
        "negative": sorted(NEGATIVE),
        "feature_set": f"binary words of the title and the first {max_chars} characters",
        "vocabulary_min_count": min_count,
        "max_features": max_features,
        "holdout": holdout,
    }
    model = fit_logistic("gate", pruned, c=c, min_count=1, folds=folds, meta=meta)
    model.save(out)
    report: dict[str, Any] = {
        "model": str(out),
        "resource": GATE_MODEL,
        "bytes": out.stat().st_size,
        "train": {
            "articles": len(train),
            "positives": sum(e.label for e in train),
            "unclear_left_out": unclear,
            "vocabulary": len(first.weights),
        },
        "features": len(model.weights),
        "calibration": list(model.calibration),
        "held_out": _scores(model, held) if held else None,
        "seconds": {"read": round(read_s, 1), "total": round(time.perf_counter() - started, 1)},
        "top": {
            "conflict": [f for f, w in sorted(model.weights.items(), key=lambda x: -x[1])[:15]],
            "other": [f for f, w in sorted(model.weights.items(), key=lambda x: x[1])[:15]],
        },
    }
    return report


def score_articles(
    ant: Path, ids: Mapping[str, str], model: LinearModel, *, max_chars: int = MAX_CHARS
) -> dict[str, list[float]]:
    """The gate's probability of the articles ``ids`` (id → group), listed by group: how the
    gate sees a set of articles it was not trained on (the annotated corpus's dev split)."""
    out: dict[str, list[float]] = {group: [] for group in sorted(set(ids.values()))}
    for record in _records(ant):
        article_id, text, title = record.get("id"), record.get("text"), record.get("title")
        if article_id in ids and isinstance(text, str):
            features = gate_features(text[:max_chars], title if isinstance(title, str) else None)
            out[ids[str(article_id)]].append(model.probability(features))
    return out
