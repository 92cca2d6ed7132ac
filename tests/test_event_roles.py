"""The actor-role model: features, the choice it makes, the shipped model, its training."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.doc import Document, Meta
from marsad.extract.events.candidates import find_candidates
from marsad.extract.events.component import EventContext, EventDraft
from marsad.extract.events.learned import learned_events, load_model
from marsad.extract.events.roles import (
    ROLES,
    ROLES_MODEL,
    assign_roles,
    for_role,
    role_features,
    role_pool,
)
from marsad.extract.linear import LinearModel
from marsad.pipeline import Pipeline

_BEFORE_EVENTS = [
    "sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1", "actors.kb.v1",
    "places.gazetteer.v1", "times.rules.v1", "quantities.rules.v1", "quotes.rules.v1",
]  # fmt: skip
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
TEXT = "قصفت طائرات التحالف مواقع لجماعة الحوثي في محافظة صعدة أمس."


@pytest.fixture(scope="module")
def analysed() -> Document:
    nlp = Pipeline.from_names(_BEFORE_EVENTS)
    return nlp(Document.from_text(TEXT, Meta(published="2018-05-02")))


def _strike(doc: Document) -> tuple[EventContext, EventDraft]:
    ctx = EventContext(doc)
    found = [c for c in find_candidates(doc, ctx, None) if c.trigger.text == "قصفت"]
    assert found, "the verb is a candidate"
    return ctx, found[0].draft


def test_the_pool_and_the_features_of_each_entity(analysed: Document) -> None:
    ctx, draft = _strike(analysed)
    pool = role_pool(ctx, draft)
    names = [e.text for e in pool]
    assert any("التحالف" in n for n in names) and any("الحوثي" in n for n in names)
    coalition = next(e for e in pool if "التحالف" in e.text)
    base = role_features(ctx, draft, coalition, pool, (None, None))
    assert base["side=after"] == 1.0 and base["side_pos=after|verb"] == 1.0
    houthi = next(e for e in pool if "الحوثي" in e.text)
    far = role_features(ctx, draft, houthi, pool, (None, None))
    assert far["crossed=after|1"] == 1.0  # the coalition stands between the verb and it
    assert set(for_role("actor2", base)) == {f"actor2|{k}" for k in base} | {"actor2|bias"}


def test_assign_roles_follows_the_weights_and_leaves_an_unsure_role_empty(
    analysed: Document,
) -> None:
    ctx, draft = _strike(analysed)
    # Hand-made weights: actor1 is the first entity after the verb, actor2 one further on.
    weights = {
        "actor1|crossed=after|0": 4.0,
        "actor2|crossed=after|1": 4.0,
        "actor1|bias": -2.0,
        "actor2|bias": -2.0,
    }
    model = LinearModel("roles", 0.0, weights, meta={"thresholds": dict.fromkeys(ROLES, 0.5)})
    assign_roles(ctx, draft, model)
    assert draft.actor1 is not None and "التحالف" in draft.actor1.text
    assert draft.actor2 is not None and "الحوثي" in draft.actor2.text
    unsure = LinearModel("roles", 0.0, weights, meta={"thresholds": dict.fromkeys(ROLES, 0.99)})
    assign_roles(ctx, draft, unsure)
    assert (draft.actor1, draft.actor2) == (None, None)


def test_the_shipped_role_model_has_a_threshold_per_role_and_no_article_text() -> None:
    model = load_model(ROLES_MODEL)
    assert set(model.meta["thresholds"]) == set(ROLES)
    assert all(0.0 < t < 1.0 for t in model.meta["thresholds"].values())
    assert max(len(f) for f in model.weights) < 80


def test_events_without_the_role_model_keep_the_rules_actors(analysed: Document) -> None:
    model = load_model("events/models/candidates.json.gz")
    ruled, _ = learned_events(analysed, model, roles=None)
    learned, _ = learned_events(analysed, model)
    assert [e.type for e in ruled] == [e.type for e in learned]
    assert learned and learned[0].actor1 is not None


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "ant-corpus-news").is_dir(), reason="needs ../shared/data")
def test_training_beats_the_rules_on_dev(tmp_path: Path) -> None:
    from marsad.services.train_roles import train_roles

    root = Path(__file__).resolve().parents[1] / "eval" / "corpus"
    ant = SHARED / "ant-corpus-news" / "ant_v2.1_multisource.jsonl.gz"
    report = train_roles(root, ant, tmp_path / "roles.json.gz")
    for role in ROLES:
        assert report["dev_model"][role]["f1"] > report["dev_rules"][role]["f1"]
    assert LinearModel.load(tmp_path / "roles.json.gz").meta["thresholds"]
