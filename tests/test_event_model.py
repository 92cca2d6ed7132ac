"""The learned event model: linear models, candidates, the shipped model, its training."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marsad.doc import Document, Meta, Place
from marsad.errors import ModelError
from marsad.extract.events.candidates import candidate_types, find_candidates, typed_features
from marsad.extract.events.component import EventContext, EventDraft, one_row_per_event
from marsad.extract.events.learned import MODEL, decide, event_confidence
from marsad.extract.events.triggers import TriggerMatch, find_triggers
from marsad.extract.linear import LinearModel, load_model
from marsad.pipeline import Pipeline
from marsad.services.learn import Example, fit_logistic, reliability

_BEFORE_EVENTS = [
    "sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1", "actors.kb.v1",
    "places.gazetteer.v1", "times.rules.v1", "quantities.rules.v1", "quotes.rules.v1",
]  # fmt: skip


@pytest.fixture(scope="module")
def learned() -> Pipeline:
    return Pipeline.from_names([*_BEFORE_EVENTS, "events.learned.v1"])


# ---- linear models -------------------------------------------------------------------------


def test_linear_model_round_trips_as_json_and_gzip(tmp_path: Path) -> None:
    m = LinearModel("t", bias=-0.5, weights={"a": 1.5, "ب=ج": -2.0}, calibration=(0.9, 0.1))
    for name in ("m.json", "m.json.gz"):
        m.save(tmp_path / name)
        back = LinearModel.load(tmp_path / name)
        assert back == LinearModel("t", -0.5, {"a": 1.5, "ب=ج": -2.0}, (0.9, 0.1))
        assert back.probability({"a": 1.0}) == pytest.approx(m.probability({"a": 1.0}))
    # The same weights give the same bytes (a rebuilt model diffs clean).
    m.save(tmp_path / "again.json.gz")
    assert (tmp_path / "again.json.gz").read_bytes() == (tmp_path / "m.json.gz").read_bytes()


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01binary", b'{"format": "other"}', b'{"format": "marsad.linear.v1"}'],
)
def test_a_broken_model_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ModelError) as err:
        LinearModel.load(path)
    assert err.value.code == "M031" and "bad.json" in str(err.value)


def test_a_truncated_gzip_model_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.json.gz"
    path.write_bytes(gzip.compress(b'{"format": "marsad.linear.v1", "weights"')[:20])
    with pytest.raises(ModelError):
        LinearModel.load(path)


def test_fit_logistic_learns_a_word_and_calibrates() -> None:
    pytest.importorskip("sklearn")
    examples = []
    for i in range(60):
        examples.append(Example({"w=غارة": 1.0, f"n={i % 7}": 1.0}, True, f"a{i % 12}"))
        examples.append(Example({"w=مباراة": 1.0, f"n={i % 5}": 1.0}, False, f"a{i % 12}"))
    model = fit_logistic("toy", examples, c=1.0)
    assert model.probability({"w=غارة": 1.0}) > 0.8 > 0.2 > model.probability({"w=مباراة": 1.0})
    assert model.meta["examples"] == 120 and model.meta["articles"] == 12
    table = reliability([(0.9, True), (0.85, False), (0.1, False)])
    assert table[-1] == {"bin": "[0.8, 1.0]", "n": 2, "precision": 0.5}
    assert table[0]["n"] == 1


# ---- candidates ----------------------------------------------------------------------------


def test_every_trigger_keeps_what_the_rules_filter_with_the_reason() -> None:
    text = "ولم تسجل أي اشتباكات في المنطقة"
    assert find_triggers(text) == []
    (t,) = find_triggers(text, every=True)
    assert t.filtered == "report" and text[t.start : t.end] == t.text


def test_candidate_types_stay_in_the_triggers_family() -> None:
    assert "explosions_remote_violence" in candidate_types("battles")
    assert "accuse" not in candidate_types("battles")
    assert "accuse" in candidate_types("consult")
    f = typed_features({"w=هجوم": 1.0, "time=old": 1.0}, "explosions_remote_violence", "battles")
    assert f["explosions_remote_violence|w=هجوم"] == 1.0 and f["time=old"] == 1.0
    assert "explosions_remote_violence|time=old" not in f


def test_candidates_carry_history_and_sport_features(learned: Pipeline) -> None:
    pre = Pipeline.from_names(_BEFORE_EVENTS)
    doc = pre(
        Document.from_text(
            "وسجل المهاجم هدفين في المباراة بعد هجوم منظم. وفي عام 2011 قصفت الطائرات المدينة.",
            Meta(published="2018-05-02"),
        )
    )
    by_word = {c.trigger.text: c.features for c in find_candidates(doc, EventContext(doc))}
    assert by_word["هجوم"].get("cue=sport") == 1.0
    assert by_word["قصفت"].get("year_before") == 1.0


# ---- the shipped model ---------------------------------------------------------------------


def test_the_shipped_model_loads_with_a_dev_threshold() -> None:
    model = load_model(MODEL)
    assert 0.0 < model.threshold < 1.0
    assert model.meta["threshold_chosen_on"] == "corpus dev"
    assert model.calibration[0] > 0  # a higher margin never lowers the confidence


def test_the_learned_events_keep_news_and_drop_sport(learned: Pipeline) -> None:
    news = learned(
        Document.from_text(
            "قتل سبعة مدنيين في غارات جوية روسية على بلدة كفرنبل في ريف إدلب صباح اليوم.",
            Meta(published="2018-05-02"),
        )
    )
    assert [e.type for e in news.events] == ["explosions_remote_violence"]
    event = news.events[0]
    assert news.text[event.trigger.start : event.trigger.end] == event.trigger.text
    assert event.confidence is not None and 0.0 <= event.confidence <= 1.0
    sport = learned(
        Document.from_text(
            "احتسب الحكم ضربة جزاء للفريق الضيف في الشوط الثاني من مباراة الدوري، وسجل المهاجم "
            "هدفين بعد هجوم منظم.",
            Meta(published="2018-05-02"),
        )
    )
    assert sport.events == ()


def test_min_confidence_setting_filters_events() -> None:
    text = "قتل سبعة مدنيين في غارات جوية روسية على بلدة كفرنبل في ريف إدلب صباح اليوم."
    strict = Pipeline.from_names(
        [*_BEFORE_EVENTS, "events.learned.v1"],
        {"events.learned.v1": {"min_confidence": 1.0}},
    )
    assert strict(Document.from_text(text, Meta(published="2018-05-02"))).events == ()


def test_decide_returns_a_type_of_the_family() -> None:
    model = load_model(MODEL)
    pre = Pipeline.from_names(_BEFORE_EVENTS)
    doc = pre(
        Document.from_text("شنت الطائرات هجوما على البلدة أمس.", Meta(published="2018-05-02"))
    )
    (c,) = [c for c in find_candidates(doc, EventContext(doc)) if c.trigger.text == "هجوما"]
    type_, p = decide(c, model)
    rule_type = c.trigger.type
    assert type_ in candidate_types(rule_type) and 0.0 <= p <= 1.0
    # The fast scorer agrees with the model on the features training sees.
    slow = max(
        (event_confidence(model.probability(typed_features(c.features, k, rule_type)), model), k)
        for k in candidate_types(rule_type)
    )
    assert (slow[1], pytest.approx(slow[0])) == (type_, p)


def test_model_json_has_no_article_text() -> None:
    """The shipped weights name words and cues, never a sentence of a training article."""
    model = load_model(MODEL)
    longest = max(len(f) for f in model.weights)
    assert longest < 80, longest
    assert json.dumps(model.to_dict())  # serializable as shipped


def test_loose_words_are_candidates_only() -> None:
    text = "وانتقدت الخارجية الروسية القرار وحذر الرئيس من رد قاس"
    assert find_triggers(text) == []
    found = [(t.text, t.type, t.filtered) for t in find_triggers(text, every=True)]
    assert found == [("انتقدت", "accuse", "loose"), ("حذر", "threaten", "loose")]


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "2018-13-40", None])
def test_placeholder_publication_dates_leave_times_unresolved(
    learned: Pipeline, published: str | None
) -> None:
    """Year 1 or 9999 is a placeholder, not a date to count days from (it crashed)."""
    text = "قتل سبعة مدنيين في غارة جوية على إدلب أمس في 3 آذار الماضي"
    doc = learned(Document.from_text(text, Meta(published=published)))
    assert [t.value for t in doc.times] == [None, None]
    assert not doc.offset_errors()


def test_mentions_of_one_event_merge_when_their_times_say_the_same_day() -> None:
    """The lead says أمس and the detail paragraph الاثنين: two time ids, one day. They used
    to be compared by id, so one air strike told twice stayed two events."""
    from marsad.extract.events.component import EventDraft, same_story_event
    from marsad.extract.events.triggers import TriggerMatch

    def mention(sentence: int, time_id: str, value: str) -> EventDraft:
        trigger = TriggerMatch(0, 4, "غارة", "explosions_remote_violence", "air_drone_strike",
                               "noun", 0.8)  # fmt: skip
        return EventDraft(trigger, sentence, (0, 4), time=time_id, time_value=value)

    lead, detail = mention(0, "t1", "2018-06-11"), mention(3, "t4", "2018-06-11")
    assert same_story_event(lead, detail)
    assert not same_story_event(lead, mention(3, "t4", "2018-06-09"))
    # An unresolved time agrees with anything, as a missing one does.
    unresolved = EventDraft(lead.trigger, 5, (0, 4), time="t6", time_value=None)
    assert same_story_event(lead, unresolved)


def _draft(
    start: int, type_: str, sub: str, p: float, country: str | None, day: str | None
) -> EventDraft:
    trigger = TriggerMatch(start, start + 4, "غارة", type_, sub, "noun", 0.8)
    place = Place(f"p{start}", None, "x", country=country) if country else None
    return EventDraft(
        trigger, start // 100, (start, start + 50), place=place, time_value=day, probability=p
    )


def test_one_row_per_event_folds_what_a_table_would_show_twice() -> None:
    air = "explosions_remote_violence"
    drafts = [
        _draft(0, air, "air_drone_strike", 0.6, "SY", "2018-05-09"),
        _draft(300, air, "air_drone_strike", 0.9, "SY", "2018-05-09"),  # the same row
        _draft(500, air, "air_drone_strike", 0.7, "SY", "2018-05-08"),  # another day
        _draft(700, air, "shelling_artillery_missile_attack", 0.7, "SY", "2018-05-09"),
        _draft(900, air, "air_drone_strike", 0.7, None, "2018-05-09"),  # no place: a value
        _draft(1000, "consult", "consult", 0.8, "IQ", None),
        _draft(1100, "consult", "consult", 0.5, None, "2018-05-09"),  # fills the first's gaps
        _draft(1200, "consult", "consult", 0.5, "JO", None),  # names another country
    ]
    kept = one_row_per_event(drafts)
    assert sorted(d.trigger.start for d in kept) == [300, 500, 700, 900, 1000, 1200]
    strike = next(d for d in kept if d.trigger.start == 300)
    assert strike.mentions == 2 and strike.probability == 0.9
    meeting = next(d for d in kept if d.trigger.start == 1000)
    assert meeting.time_value == "2018-05-09" and meeting.mentions == 2
