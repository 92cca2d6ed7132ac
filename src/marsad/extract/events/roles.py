"""Who acts and who is acted on: a learned choice of an event's ``actor1`` and ``actor2``.

The rules (:mod:`marsad.extract.events.component`) pick the agent and the target by position
and cue words (``قصفت طائرات روسية`` → the entity after the verb acts; ``غارة على`` → the
entity after the preposition is the target). On the corpus's dev split they get about one
actor in five right. A logistic model trained on the annotated corpus (``marsad train roles``)
scores every actor entity of the trigger's sentence for each role, from the same evidence as
features (side of the trigger, distance, entities in between, the word before the entity, a
glued preposition, the entity's label and ACLED actor category, the trigger's type and part
of speech, and whether the rules chose it), so it learns how far to trust each cue. A role is
given to the best-scoring entity when its probability reaches the model's threshold (chosen
on dev); otherwise it stays empty: precision first.

>>> from marsad.doc import Document, Meta
>>> from marsad.pipeline import Pipeline
>>> nlp = Pipeline.from_names(["sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1",
...     "actors.kb.v1", "places.gazetteer.v1", "times.rules.v1", "quantities.rules.v1",
...     "quotes.rules.v1", "events.learned.v1"])
>>> doc = nlp(Document.from_text(
...     "شنت طائرات التحالف غارة على مواقع لجماعة الحوثي في صعدة أمس.",
...     Meta(published="2018-05-02")))
>>> [(e.type, e.actor1 is not None) for e in doc.events]
[('explosions_remote_violence', True)]
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Final

from marsad.arabic.normalize import normalize_text
from marsad.arabic.words import word_list
from marsad.doc import Entity
from marsad.extract.actors.component import actor_of
from marsad.extract.events.component import (
    EventContext,
    EventDraft,
    entities_overlap,
    glued_preposition,
    same_actor,
)
from marsad.extract.events.taxonomy import ACLED_TYPES
from marsad.extract.linear import Features, LinearModel, load_model

__all__ = [
    "ROLES",
    "ROLES_MODEL",
    "assign_roles",
    "for_role",
    "role_features",
    "role_pool",
    "shipped_roles",
]

ROLES_MODEL: Final = "events/models/roles.json.gz"
ROLES: Final = ("actor1", "actor2")


@cache
def shipped_roles() -> LinearModel | None:
    """The packaged role model, or None where it was not built (the rules' choice stays)."""
    resource = files("marsad.resources").joinpath(ROLES_MODEL)
    if not resource.is_file():  # not built (before the first `marsad train roles`): the rules
        return None
    return load_model(ROLES_MODEL)  # a broken file is an error (M031), never silently rules


def role_pool(ctx: EventContext, draft: EventDraft) -> list[Entity]:
    """The entities that may fill a role: the actors of the trigger's sentence (for political
    interactions also countries and people, as the rules use), and the speaker when the
    trigger is a quote's cue (``ودعت`` → who called)."""
    sent = ctx.sentences[draft.sentence]
    pool = list(ctx.actors_in(sent, draft.type not in ACLED_TYPES))
    speaker = draft.cue_speaker
    if speaker is not None and all(e.id != speaker.id for e in pool):
        pool.append(speaker)
    return pool


def _bucket(n: int) -> str:
    if n <= 2:
        return str(n)
    return "3-5" if n <= 5 else "6-10" if n <= 10 else "11+"


def role_features(
    ctx: EventContext,
    draft: EventDraft,
    e: Entity,
    pool: list[Entity],
    rules: tuple[Entity | None, Entity | None],
) -> dict[str, float]:
    """What says whether ``e`` fills a role of ``draft``'s event (role-free; see
    :func:`for_role`). ``rules``: the rules' own (actor1, actor2)."""
    t, text = draft.trigger, ctx.text
    side = "after" if e.start >= t.end else "before" if e.end <= t.start else "in"
    if side == "after":
        between = text[t.end : e.start]
        crossed = [o for o in pool if o is not e and t.end <= o.start < e.start]
    elif side == "before":
        between = text[e.end : t.start]
        crossed = [o for o in pool if o is not e and e.end <= o.start and o.end <= t.start]
    else:
        between, crossed = "", []
    words = word_list(normalize_text(between))
    before = word_list(normalize_text(text[max(0, e.start - 25) : e.start]))
    prev = before[-1] if before else "^"
    glued = glued_preposition(text, e.start) or "-"
    actor = actor_of(e)
    category = actor.category if actor is not None else "none"
    family = "acled" if t.type in ACLED_TYPES else "political"
    rule1, rule2 = (e is rules[0]), (e is rules[1])
    speaker = draft.cue_speaker
    names = (
        f"side={side}",
        f"side_pos={side}|{t.pos}",
        f"distance={side}|{_bucket(len(words))}",
        f"crossed={side}|{_bucket(len(crossed))}",
        f"prev={prev}",
        f"prev_side={side}|{prev}",
        f"glued={side}|{glued}|{t.pos}",
        f"label={e.label}",
        f"label_side={e.label}|{side}|{family}",
        f"category={category}",
        f"category_type={category}|{t.type}",
        f"category_sub={category}|{t.sub_type}",
        f"type_side={t.type}|{side}",
        f"sub_side={t.sub_type}|{side}|{t.pos}",
        f"rule1={rule1}",
        f"rule2={rule2}",
        f"rule1_side={rule1}|{side}|{t.pos}",
        f"speaker={speaker is not None and e.id == speaker.id}",
        f"first_between={words[0] if words else '^'}|{side}",
        f"last_between={words[-1] if words else '^'}|{side}",
    )
    return dict.fromkeys(names, 1.0)


def for_role(role: str, base: dict[str, float]) -> Features:
    """``base`` as the features of one role (each role has its own weights and bias)."""
    out = {f"{role}|{k}": v for k, v in base.items()}
    out[f"{role}|bias"] = 1.0
    return out


def assign_roles(ctx: EventContext, draft: EventDraft, model: LinearModel) -> None:
    """Set ``draft``'s actors from ``model``: for each role the best-scoring entity of the
    pool if its probability reaches the role's threshold (``meta.thresholds``), else none;
    actor2 is never actor1 again."""
    pool = role_pool(ctx, draft)
    rules = (draft.actor1, draft.actor2)
    thresholds = model.meta.get("thresholds", {})
    scored = [(e, role_features(ctx, draft, e, pool, rules)) for e in pool]
    chosen: dict[str, Entity | None] = {}
    for role in ROLES:
        first = chosen.get("actor1")
        best: tuple[float, Entity] | None = None
        for e, base in scored:
            if first is not None and (entities_overlap(e, first) or same_actor(e, first)):
                continue
            p = model.probability(for_role(role, base))
            if best is None or p > best[0]:
                best = (p, e)
        keep = best is not None and best[0] >= float(thresholds.get(role, model.threshold))
        chosen[role] = best[1] if keep and best is not None else None
    draft.actor1, draft.actor2 = chosen["actor1"], chosen["actor2"]
