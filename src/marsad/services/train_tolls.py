"""Train the toll classifier (:mod:`marsad.extract.events.tolls`) on the annotated corpus.

The candidates are the figures the event rules would read as a toll: every count quantity of
an article, found by the pipeline up to the quotes (the events component itself, which reads
the model, does not run), that :func:`~marsad.extract.events.triggers.toll_role` marks killed
or injured. A candidate is positive when it overlaps a gold figure of role ``toll``; one that
overlaps a ``cumulative`` or ``neither`` figure, or none, is negative.

The model is fitted on the train split; its threshold is chosen on the dev split, precision
first (ACLED's values are conservative: a total taken as one event's toll is worse than a toll
left out): the threshold of the best F0.5 there. The test split is not read.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from marsad.doc import Document, Meta
from marsad.evaluation.annotation.evaluate import CorpusDoc, corpus_docs
from marsad.evaluation.metrics import overlap
from marsad.extract.events.tolls import toll_features
from marsad.extract.events.triggers import toll_role
from marsad.extract.linear import LinearModel
from marsad.pipeline import Pipeline, pipeline_for
from marsad.services.learn import Example, fit_logistic, reliability

__all__ = ["Candidate", "toll_candidates", "train_tolls"]

NAME = "events.tolls"
_BETA = 0.5  # F-beta of the threshold choice: precision counts four times as much


@dataclass(frozen=True, slots=True)
class Candidate:
    """One figure the event rules would read as a toll, its features, label and gold role."""

    example: Example
    gold_role: str | None
    start: int
    end: int
    value: float | None


def _pipeline() -> Pipeline:
    """The default pipeline up to (not including) the events component."""
    from marsad.services.analysis import default_settings
    from marsad.services.train_events import before_events

    settings = default_settings()
    names = tuple(before_events(settings.pipeline.components))
    return pipeline_for(names, settings.pipeline.config_json())


def toll_candidates(
    doc: Document, figures: Sequence[dict[str, Any]], group: str
) -> list[Candidate]:
    """The toll candidates of an analyzed ``doc`` labelled by its gold ``figures``
    (``[{"span": [s, e], "role": ...}]``)."""
    text = doc.text
    sentences = [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
    out: list[Candidate] = []
    k = 0
    for q in sorted(doc.quantities, key=lambda x: x.start):
        if q.kind != "count" or toll_role(text, q.start, q.end) not in ("killed", "injured"):
            continue
        while k + 1 < len(sentences) and sentences[k + 1][0] <= q.start:
            k += 1
        sent = (sentences[k][0], max(sentences[k][1], q.end))
        roles = [f["role"] for f in figures if overlap((q.start, q.end), tuple(f["span"]))]
        gold = "toll" if "toll" in roles else (roles[0] if roles else None)
        features = toll_features(text, q, doc.meta.published, sent)
        out.append(
            Candidate(Example(features, gold == "toll", group), gold, q.start, q.end, q.value)
        )
    return out


def _candidates(docs: Iterable[CorpusDoc], nlp: Pipeline) -> Iterator[Candidate]:
    for d in docs:
        doc = nlp(Document.from_text(d.text, Meta(published=d.published)))
        yield from toll_candidates(doc, d.record.get("figures", []), d.row.id)


def _pr(pairs: Sequence[tuple[float, bool]], threshold: float) -> dict[str, Any]:
    taken = [ok for p, ok in pairs if p >= threshold]
    positives = sum(ok for _, ok in pairs)
    tp = sum(taken)
    precision = tp / len(taken) if taken else 0.0
    recall = tp / positives if positives else 0.0
    b2 = _BETA * _BETA
    f = (1 + b2) * precision * recall / (b2 * precision + recall) if tp else 0.0
    return {
        "threshold": round(threshold, 3),
        "taken": len(taken),
        "correct": tp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f0.5": round(f, 4),
    }


def choose_threshold(pairs: Sequence[tuple[float, bool]]) -> float:
    """The threshold of the best F0.5 on ``pairs`` (probability, is a toll); the lower one of
    a tie, so that no more tolls are left out than needed."""
    grid = [round(0.05 * i, 2) for i in range(1, 20)]
    return max(grid, key=lambda t: (_pr(pairs, t)["f0.5"], -t))


def train_tolls(
    corpus_root: Path,
    ant: Path,
    out: Path,
    *,
    c: float = 0.1,
    min_count: int = 2,
) -> dict[str, Any]:
    """Fit the toll classifier on the train split of the annotated corpus at ``corpus_root``
    (texts from the ANT file ``ant``), choose its threshold on dev, write it to ``out``
    (``.json.gz``), and return a report: examples, dev precision and recall before (every
    candidate taken as a toll) and after, the threshold, the reliability table, the size."""
    started = time.perf_counter()
    nlp = _pipeline()
    train = list(_candidates(corpus_docs(corpus_root, ant, "train"), nlp))
    dev = list(_candidates(corpus_docs(corpus_root, ant, "dev"), nlp))
    model = fit_logistic(
        NAME,
        [x.example for x in train],
        c=c,
        min_count=min_count,
        meta={"trained_on": "eval/corpus train", "threshold_from": "eval/corpus dev, best F0.5"},
    )
    pairs = [(model.probability(x.example.features), x.example.label) for x in dev]
    threshold = choose_threshold(pairs)
    model = replace(model, threshold=threshold)
    model.save(out)
    return _report(model, train, dev, pairs, out, time.perf_counter() - started)


def _report(
    model: LinearModel,
    train: Sequence[Candidate],
    dev: Sequence[Candidate],
    pairs: Sequence[tuple[float, bool]],
    out: Path,
    seconds: float,
) -> dict[str, Any]:
    def counts(xs: Sequence[Candidate]) -> dict[str, int]:
        by: dict[str, int] = {}
        for x in xs:
            key = x.gold_role or "none"
            by[key] = by.get(key, 0) + 1
        return {"candidates": len(xs), "tolls": sum(x.example.label for x in xs), **by}

    top = sorted(model.weights.items(), key=lambda kv: -abs(kv[1]))[:15]
    return {
        "model": str(out),
        "bytes": out.stat().st_size,
        "features": len(model.weights),
        "threshold": model.threshold,
        "train": counts(train),
        "dev": counts(dev),
        "dev_all_taken": _pr(pairs, 0.0),
        "dev_at_0.5": _pr(pairs, 0.5),
        "dev_at_threshold": _pr(pairs, model.threshold),
        "dev_reliability": reliability(pairs),
        "top_weights": [[f, w] for f, w in top],
        "seconds": round(seconds, 1),
    }
