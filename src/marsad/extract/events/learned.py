"""Events decided by a learned model over the rules' candidates (``events.learned.v1``).

The rules of :mod:`marsad.extract.events.component` find the triggers and their arguments; a
logistic model trained on the annotated corpus (``marsad train events``) decides, for each
trigger and each type it could be, the probability that it tells a new event of that type in
the news window. A candidate keeps its most probable type when that probability reaches the
model's threshold (chosen on the corpus's dev split); the probability is the event's
``confidence``, calibrated on held-out articles. In an article the document gate reads as
sport, economy, culture or technology news, an event needs more: the model's gate bar
(:func:`gate_bar`, chosen by cross-validation on the train split), so the gate weighs more
than one feature among many without vetoing (a sport article may still report a bombing that
the model is sure of). Mentions of one event are then merged as the
rules merge them, the event keeping the highest probability of its mentions.

>>> from marsad.doc import Meta
>>> from marsad.pipeline import Pipeline
>>> nlp = Pipeline.from_names(["sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1",
...     "actors.kb.v1", "places.gazetteer.v1", "times.rules.v1", "quantities.rules.v1",
...     "quotes.rules.v1", "events.learned.v1"])
>>> doc = nlp(Document.from_text("قتل سبعة مدنيين في غارات روسية على بلدة كفرنبل أمس.",
...     Meta(published="2018-05-02")))
>>> [(e.type, e.fatalities) for e in doc.events]
[('explosions_remote_violence', 7)]
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Final, Literal

from marsad.doc import Document, Entity, Event
from marsad.extract.events.candidates import (
    TYPED_PREFIXES,
    Candidate,
    candidate_types,
    find_candidates,
)
from marsad.extract.events.candidates import typed_features as typed_features
from marsad.extract.events.component import (
    EventContext,
    EventDraft,
    merge_mentions,
)
from marsad.extract.events.roles import ROLES_MODEL, assign_roles, shipped_roles
from marsad.extract.events.taxonomy import ACLED_TYPES
from marsad.extract.linear import LinearModel, load_model, sigmoid
from marsad.pipeline import register

__all__ = [
    "MODEL",
    "LearnedEventTagger",
    "decide",
    "event_confidence",
    "gate_bar",
    "gate_of",
    "learned_events",
]

MODEL: Final = "events/models/candidates.json.gz"


class _Weights:
    """A candidate model's weights split for scoring every type of a candidate at once: the
    shared part of the margin is summed once, the typed part looked up without building the
    ``TYPE|feature`` names (:func:`typed_features` is what training sees; the margins agree)."""

    def __init__(self, model: LinearModel) -> None:
        self.model = model
        self.by_type: dict[str, dict[str, float]] = {}
        for name, w in model.weights.items():
            head, sep, rest = name.partition("|")
            if sep and not head.startswith("T="):
                self.by_type.setdefault(head, {})[rest] = w

    def decide(self, features: dict[str, float], rule_type: str) -> tuple[str, float]:
        w = self.model.weights
        shared = self.model.bias + sum(w.get(f, 0.0) * v for f, v in features.items())
        typed = [(f, v) for f, v in features.items() if f.startswith(TYPED_PREFIXES)]
        a, b = self.model.calibration
        best = ("", -1.0)
        for k in candidate_types(rule_type):
            own = self.by_type.get(k, {})
            margin = shared + w.get(f"T={k}", 0.0) + w.get(f"T={k}|same={k == rule_type}", 0.0)
            margin += sum(own.get(f, 0.0) * v for f, v in typed)
            p = sigmoid(a * margin + b)
            if p > best[1]:
                best = (k, p)
        return best


_SPLIT: dict[int, _Weights] = {}


def _weights(model: LinearModel) -> _Weights:
    split = _SPLIT.get(id(model))
    if split is None or split.model is not model:
        split = _SPLIT[id(model)] = _Weights(model)
    return split


def decide(c: Candidate, model: LinearModel) -> tuple[str, float]:
    """The candidate's most probable type and its probability, calibrated at the level of
    events (see :func:`event_confidence`)."""
    type_, p = _weights(model).decide(c.features, c.trigger.type)
    return type_, event_confidence(p, model)


def event_confidence(p: float, model: LinearModel) -> float:
    """``p`` recalibrated on events: the pair model's probability is calibrated on (candidate,
    type) pairs, but an event is right or wrong after its mentions merge, so training fits a
    second Platt scaling on held-out events (``meta.event_calibration``; none: ``p``)."""
    cal = model.meta.get("event_calibration")
    if not cal:
        return p
    p = min(max(p, 1e-6), 1 - 1e-6)
    return sigmoid(float(cal[0]) * math.log(p / (1 - p)) + float(cal[1]))


def gate_of(doc: Document, model: LinearModel) -> float | None:
    """The document gate's probability that ``doc`` is conflict or political news, where the
    model reads it: as a feature (its ``meta.gate``) or for its gate bar (``meta.gate_bar``)."""
    if not (model.meta.get("gate") or model.meta.get("gate_bar")):
        return None
    from marsad.extract.events.gate import conflict_probability

    return conflict_probability(doc.text, doc.meta.title)


def gate_bar(model: LinearModel, gate: float | None) -> float:
    """The confidence an event needs in an article of gate probability ``gate`` beyond the
    model's threshold: the model's ``meta.gate_bar`` (``{"below": p, "min_confidence": c}``)
    where the gate is under ``p``, else 0.

    >>> from marsad.extract.linear import LinearModel
    >>> m = LinearModel("m", 0.0, {}, meta={"gate_bar": {"below": 0.5, "min_confidence": 0.45}})
    >>> gate_bar(m, 0.1), gate_bar(m, 0.9), gate_bar(m, None)
    (0.45, 0.0, 0.0)
    """
    bar = model.meta.get("gate_bar")
    if not bar or gate is None or gate >= float(bar["below"]):
        return 0.0
    return float(bar["min_confidence"])


def _retyped(c: Candidate, type_: str, model: LinearModel, ctx: EventContext) -> EventDraft:
    if type_ == c.trigger.type:
        return c.draft
    # A new type takes the sub-type most often annotated for it in training (the rules'
    # refinements are written per lexicon type).
    defaults = model.meta.get("default_sub_types", {})
    sub = defaults.get(type_, type_) if type_ in ACLED_TYPES else type_
    draft = ctx.draft(replace(c.trigger, type=type_, sub_type=sub), strict=False)
    assert draft is not None
    return draft


# ``roles`` not given: the packaged role model (see :mod:`marsad.extract.events.roles`).
SHIPPED_ROLES: Final = "shipped"


def learned_events(
    doc: Document,
    model: LinearModel,
    *,
    threshold: float | None = None,
    source: str | None = None,
    roles: LinearModel | Literal["shipped"] | None = SHIPPED_ROLES,
    gated: bool = True,
) -> tuple[tuple[Event, ...], list[Entity]]:
    """The events of ``doc`` the model keeps (``threshold``: the model's own by default;
    ``gated``: and the gate bar of a non-conflict article, :func:`gate_bar`), ids ``v1``...
    in text order, and the source entities they name (see ``extract_events``). ``roles``
    chooses the actors (None: the rules' choice)."""
    gate = gate_of(doc, model)
    keep = model.threshold if threshold is None else threshold
    if gated:
        keep = max(keep, gate_bar(model, gate))
    role_model = shipped_roles() if roles == SHIPPED_ROLES else roles
    ctx = EventContext(doc, source)
    drafts: list[EventDraft] = []
    for c in find_candidates(doc, ctx, gate if model.meta.get("gate") else None):
        type_, p = decide(c, model)
        if p < keep:
            continue
        draft = _retyped(c, type_, model, ctx)
        draft.probability = round(p, 3)
        if isinstance(role_model, LinearModel):
            assign_roles(ctx, draft, role_model)
        drafts.append(draft)
    merged = merge_mentions(drafts)
    ctx.after_merging(merged)
    events = tuple(
        d.to_event(f"v{i + 1}", doc, source)
        for i, d in enumerate(sorted(merged, key=lambda d: d.trigger.start))
    )
    used = {e.reported_by for e in events}
    return events, [e for e in ctx.new_sources.values() if e.id in used]


@register("events.learned.v1")
class LearnedEventTagger:
    """Assigns ``events``: the rules' candidates kept and typed by the learned model, with
    calibrated confidence, their actors chosen by the role model (``roles``: a model file, or
    "" for the rules' choice). ``min_confidence`` overrides the model's threshold."""

    name = "events.learned.v1"
    requires = frozenset(
        {"text", "sentences", "entities", "places", "times", "quantities", "quotes"}
    )
    assigns = frozenset({"events", "entities"})

    def __init__(
        self, model: str = MODEL, min_confidence: float | None = None, roles: str = ROLES_MODEL
    ) -> None:
        # A shipped model by resource name, or a model file ``marsad train events --out`` wrote.
        self.model = _load(model)
        self.min_confidence = min_confidence
        # ``roles = ""``: the rules choose the actors.
        self.roles = (shipped_roles() if roles == ROLES_MODEL else _load(roles)) if roles else None

    def __call__(self, doc: Document) -> Document:
        events, sources = learned_events(
            doc, self.model, threshold=self.min_confidence, source=self.name, roles=self.roles
        )
        if not sources:
            return doc.with_(events=events)
        entities = sorted((*doc.entities, *sources), key=lambda e: (e.start, -e.end))
        return doc.with_(events=events, entities=tuple(entities))


def _load(model: str) -> LinearModel:
    path = Path(model)
    return LinearModel.load(path) if path.suffix and path.is_file() else load_model(model)
