"""``marsad train roles``: fit the actor-role model (:mod:`marsad.extract.events.roles`).

The examples are the rules' event candidates of the corpus's train articles whose trigger is
the trigger (or an ``also`` mention) of an annotated event of the same type: for each entity
of the candidate's role pool and each role, whether the annotated event names that entity in
that role (the scorer's comparison: overlapping spans, a mention at the annotated span that
is the same entity, the same words, or the same actor of the knowledge base). An event
without an annotated actor2 makes every entity a negative for actor2, so the model also
learns to leave a role empty.

Each role's threshold is chosen on the dev split's candidates of annotated events, as the
threshold of best F1 of that role (each candidate counts once, like an event). The test split
is not read. The model does not depend on the event model: train it before ``marsad train
events``, whose merging of mentions reads the actors it chooses.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from marsad.evaluation.events import GoldEvent, actor_agrees
from marsad.evaluation.metrics import Scores
from marsad.extract.events.candidates import Candidate, find_candidates
from marsad.extract.events.component import EventContext
from marsad.extract.events.gate import conflict_probability
from marsad.extract.events.roles import ROLES, assign_roles, for_role, role_features, role_pool
from marsad.extract.linear import LinearModel
from marsad.pipeline import Pipeline
from marsad.services.learn import Example, fit_logistic
from marsad.services.train_events import (
    MODELS_DIR,
    Analyzed,
    analyze_split,
    before_events,
    told_event,
)

__all__ = ["DEFAULT_OUT", "role_examples", "role_scores", "train_roles"]

DEFAULT_OUT = MODELS_DIR / "roles.json.gz"
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 15))


@dataclass(frozen=True, slots=True)
class _Told:
    """A candidate that tells an annotated event, in its analysed article."""

    article: Analyzed
    ctx: EventContext
    candidate: Candidate
    gold: GoldEvent


def _told(articles: Sequence[Analyzed]) -> Iterator[_Told]:
    for a in articles:
        ctx = EventContext(a.doc)
        gate = conflict_probability(a.doc.text, a.doc.meta.title)
        for c in find_candidates(a.doc, ctx, gate):
            gold = told_event(c, a.gold, same_type=True)
            if gold is not None:
                yield _Told(a, ctx, c, gold)


def role_examples(articles: Sequence[Analyzed]) -> list[Example]:
    """One example per (candidate of an annotated event, entity of its pool, role)."""
    out = []
    for told in _told(articles):
        draft, doc = told.candidate.draft, told.article.doc
        pool = role_pool(told.ctx, draft)
        for e in pool:
            base = role_features(told.ctx, draft, e, pool, (draft.actor1, draft.actor2))
            for role in ROLES:
                span = getattr(told.gold, role)
                label = span is not None and actor_agrees(span, e, doc.text, doc.entities)
                out.append(Example(for_role(role, base), label, told.article.id))
    return out


def role_scores(
    articles: Sequence[Analyzed], model: LinearModel | None, thresholds: Sequence[float]
) -> dict[float, dict[str, Scores]]:
    """Per threshold and role: the actors chosen for the candidates of annotated events
    against the annotation (``model`` None: the rules' choice, the same at every threshold)."""
    out: dict[float, dict[str, Scores]] = {}
    told = list(_told(articles))
    for threshold in thresholds:
        counts = {role: [0, 0, 0] for role in ROLES}  # gold, predicted, right
        for t in told:
            draft = replace(t.candidate.draft)
            if model is not None:
                meta = {**model.meta, "thresholds": dict.fromkeys(ROLES, threshold)}
                assign_roles(t.ctx, draft, replace(model, meta=meta))
            for role in ROLES:
                span, chosen = getattr(t.gold, role), getattr(draft, role)
                counts[role][0] += span is not None
                counts[role][1] += chosen is not None
                doc = t.article.doc
                counts[role][2] += bool(
                    span is not None and actor_agrees(span, chosen, doc.text, doc.entities)
                )
        out[threshold] = {r: Scores(*c) for r, c in counts.items()}
    return out


def _row(s: Scores) -> dict[str, Any]:
    return {
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
        "gold": s.gold,
        "predicted": s.predicted,
        "right": s.correct,
    }


def _best(scores: dict[float, dict[str, Scores]], role: str) -> float:
    """The threshold of best F1 for ``role`` (the higher one on a tie: fewer, surer actors)."""
    return max(scores, key=lambda t: (round(scores[t][role].f1, 4), t))


def train_roles(
    root: Path, ant: Path, out: Path | None = DEFAULT_OUT, *, c: float = 0.3
) -> dict[str, Any]:
    """Fit on train, choose each role's threshold on dev, write the model to ``out``; the
    report has the dev figures of the rules and of the model."""
    from marsad.services.analysis import build_pipeline, default_settings

    started = time.perf_counter()
    names = [x.name for x in build_pipeline(default_settings()).components]
    nlp = Pipeline.from_names(before_events(names))
    train = analyze_split(root, ant, "train", nlp)
    dev = analyze_split(root, ant, "dev", nlp)
    examples = role_examples(train)
    model = fit_logistic("events.roles", examples, c=c, min_count=2)
    scores = role_scores(dev, model, THRESHOLDS)
    chosen = {role: _best(scores, role) for role in ROLES}
    model = replace(
        model,
        meta={
            **model.meta,
            "thresholds": chosen,
            "trained_on": "corpus train",
            "thresholds_chosen_on": "corpus dev",
        },
    )
    if out is not None:
        model.save(out)
    rules = role_scores(dev, None, (0.5,))[0.5]
    return {
        "examples": len(examples),
        "positives": sum(e.label for e in examples),
        "features": len(model.weights),
        "thresholds": chosen,
        "dev_rules": {r: _row(rules[r]) for r in ROLES},
        "dev_model": {r: _row(scores[chosen[r]][r]) for r in ROLES},
        "bytes": out.stat().st_size if out is not None else None,
        "seconds": round(time.perf_counter() - started, 1),
    }
