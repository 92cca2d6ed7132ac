"""Event triggers, arguments, merging, the ACLED export; texts written for these tests."""

from __future__ import annotations

import csv
import io
from functools import cache

import pytest

from marsad.corpus.acled import ACLED_COLUMNS, EXTRA_COLUMNS, acled_rows, write_acled_csv
from marsad.doc import Document, Meta
from marsad.extract.events.taxonomy import ACLED_TYPES, POLITICAL_TYPES
from marsad.extract.events.triggers import find_triggers, toll_role
from marsad.pipeline import Pipeline
from marsad.schema import validate_document
from marsad.settings import load_settings

TRIGGERS = [
    ("اندلعت اشتباكات عنيفة بين الجيش والمسلحين", "armed_clash"),
    ("وشنت طائرات حربية غارات على البلدة", "air_drone_strike"),
    ("قصفت المدفعية مواقع المسلحين", "shelling_artillery_missile_attack"),
    ("وشن الجيش هجوما صاروخيا على ثلاثة مواقع", "shelling_artillery_missile_attack"),
    ("واستهدفت طائرة مسيرة سيارة على الطريق", "air_drone_strike"),
    ("انفجرت عبوة ناسفة بدورية للشرطة", "remote_explosive_landmine_ied"),
    ("وفجر انتحاري نفسه وسط السوق", "suicide_bomb"),
    ("ألقى مجهول قنبلة يدوية على المحل", "grenade"),
    ("اتهمت المعارضة النظام بشن هجوم كيماوي على البلدة", "chemical_weapon"),
    ("وأعدم التنظيم خمسة مدنيين", "attack"),
    ("واختطف مسلحون ثلاثة عمال", "abduction_forced_disappearance"),
    ("وخرجت مظاهرة في وسط المدينة", "peaceful_protest"),
    ("خرج آلاف المتظاهرين في شوارع العاصمة", "peaceful_protest"),
    ("استشهد 12 فلسطينيا برصاص الجيش", "attack"),
    ("وفرقت الشرطة مظاهرة بالغاز المسيل للدموع", "protest_with_intervention"),
    ("واعتقلت قوات الأمن عشرة أشخاص", "arrests"),
    ("وألقت الشرطة القبض على المشتبه به", "arrests"),
    ("أعلن الطرفان وقف إطلاق النار", "agreement"),
    ("وتمكن الجيش من تفكيك عبوة في الطريق", "disrupted_weapons_use"),
    ("وتصدت الدفاعات الجوية لهجوم صاروخي على المطار", "disrupted_weapons_use"),
    ("والتقى وزير الخارجية نظيره التركي", "consult"),
    ("وبحث الرئيس مع السفير العلاقات", "consult"),
    ("وهدد قائد الفصيل بالرد", "threaten"),
    ("وفرضت واشنطن عقوبات على الشركة", "sanction"),
]


@pytest.mark.parametrize(("text", "sub_type"), TRIGGERS)
def test_trigger_type_and_sub_type(text: str, sub_type: str) -> None:
    found = [(m.type, m.sub_type) for m in find_triggers(text, 2020)]
    type_ = next((t for t, subs in ACLED_TYPES.items() if sub_type in subs), sub_type)
    assert (type_, sub_type) in found, found
    for m in find_triggers(text, 2020):
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "ولم تسجل أي اشتباكات في المدينة خلال اليوم",
        "ويعتزم الجيش شن هجوم على المدينة",
        "وفي حال قصف المدينة سترد الفصائل",
        "ومنذ هجوم عام 2014 تغير كل شيء",
        "وذكرت الصحيفة أن الرجل عاد فجر اليوم إلى منزله",
    ],
)
def test_no_event_from_negated_planned_or_past_triggers(text: str) -> None:
    assert [m.text for m in find_triggers(text, 2020) if m.type in ACLED_TYPES] == []


def test_a_bare_noun_after_ithr_tells_the_event_when_none_was_told() -> None:
    (m,) = find_triggers("أعلنت السلطات مقتل 25 شخصا إثر انفجارين متتاليين في كابول", 2018)
    assert (m.text, m.anaphoric, m.follows_up) == ("انفجارين", False, True)
    # definite or with a pronoun, it points back at an event told before
    (m,) = find_triggers("قتل جنديان إثر الغارة", 2018)
    assert m.anaphoric
    found = find_triggers("اشتبكت القوات مع مسلحين عقب اقتحامها المخيم", 2018, every=True)
    assert [f.anaphoric for f in found if f.text == "اقتحامها"] == [True]


def test_going_out_is_a_protest_only_with_protesters() -> None:
    assert [m.type for m in find_triggers("ونزل المحتجون إلى الشوارع", 2020)] == ["protests"]
    assert find_triggers("خرج الوزير من القاعة غاضبا", 2020) == []


def test_sociology_is_no_meeting() -> None:
    (m,) = find_triggers("وهو أستاذ في علم الاجتماع في جامعة ماريلاند", 2018, every=True)
    assert m.filtered == "context"
    assert find_triggers("وهو أستاذ في علم الاجتماع في جامعة ماريلاند", 2018) == []


def test_still_is_not_a_negation() -> None:
    assert [m.type for m in find_triggers("ولا تزال الاشتباكات مستمرة")] == ["battles"]


def test_trigger_span_leaves_the_conjunction_out() -> None:
    (m,) = find_triggers("وقصفت الطائرات البلدة")
    assert m.text == "قصفت"


def test_the_figure_before_a_killing_verb_with_its_own_figure_counts_the_killers() -> None:
    text = "وقالت الشرطة إن 3 انتحاريين قتلوا 18 شخصا في السوق"
    roles = {w: toll_role(text, text.index(w), text.index(w) + len(w)) for w in ("3", "18")}
    assert roles == {"3": None, "18": "killed"}
    text = "وأسفر القصف عن سبعة قتلى و10 جرحى"  # a second figure after و is another count
    assert toll_role(text, text.index("سبعة"), text.index("سبعة") + 4) == "killed"


def test_a_noun_with_a_possessive_is_its_trigger() -> None:
    # the ta marbuta is written ت before the pronoun, a final hamza sits on a seat
    found = find_triggers("وخلال زيارته لبغداد بحث مع نظيره العراقي، وكان لقاؤهما الأول", 2018)
    assert [(m.text, m.type) for m in found][:1] == [("زيارته", "consult")]
    text = "عقد الوزيران لقاءهما في الرياض، وتناول لقائهما الثاني الملف اليمني"
    assert [m.text for m in find_triggers(text, 2018)] == ["لقاءهما", "لقائهما"]
    # a ministry is no visit: the ta marbuta itself is never read as a pronoun
    assert find_triggers("وأعلنت وزارة الخارجية أن الوفد وصل") == []


def test_a_two_letter_verb_after_wa_is_its_trigger() -> None:
    # «وحث» is too short for the proclitic splitter, which leaves «وعد» and «ولد» whole
    found = find_triggers("وحث الوزير الأطراف على وقف التصعيد، وحض الحكومة على الحوار", 2018)
    assert [(m.text, m.type) for m in found] == [("حث", "request"), ("حض", "request")]
    assert find_triggers("وعد الوزير بالرد") == []


def test_toll_role_reads_the_nearest_casualty_word() -> None:
    text = "ما أسفر عن مقتل ثلاثة جنود وإصابة 9 آخرين، وسقط 4 قتلى في قرية مجاورة"
    role = {w: toll_role(text, text.index(w), text.index(w) + len(w)) for w in ("ثلاثة", "9", "4")}
    assert role == {"ثلاثة": "killed", "9": "injured", "4": "killed"}
    assert toll_role("وصل 40 شاحنة", 4, 6) is None


def test_taxonomy_is_the_contracts() -> None:
    assert set(ACLED_TYPES) == {
        "battles",
        "explosions_remote_violence",
        "violence_against_civilians",
        "protests",
        "riots",
        "strategic_developments",
    }
    assert set(POLITICAL_TYPES) == {
        "consult", "agree", "accuse", "threaten", "request", "aid", "sanction", "retreat",
    }  # fmt: skip


# ---- the component, end to end ---------------------------------------------------------------


@cache
def _nlp() -> Pipeline:
    return Pipeline.from_names(load_settings(None, use_user_file=False).pipeline.components)


def _analyse(text: str, published: str = "2018-03-10") -> Document:
    doc = _nlp()(Document.from_text(text, Meta(published=published)))
    assert doc.offset_errors() == []
    validate_document(doc.to_dict())
    return doc


LEAD = (
    "قصفت مدفعية الجيش التركي مواقع لوحدات حماية الشعب الكردية في قرية مرعناز بريف حلب "
    "الشمالي أمس، ما أسفر عن مقتل ثلاثة مقاتلين على الأقل وإصابة 9 آخرين، بحسب وكالة الأناضول."
)


def test_the_issue_example() -> None:
    doc = _analyse(LEAD)
    (ev,) = doc.events
    assert (ev.type, ev.sub_type) == (
        "explosions_remote_violence",
        "shelling_artillery_missile_attack",
    )
    ents = {e.id: e for e in doc.entities}
    assert ev.actor1 is not None and "التركي" in ents[ev.actor1].text
    assert ev.actor2 is not None and "وحدات حماية الشعب" in ents[ev.actor2].text
    assert (ev.fatalities, ev.injured) == (3, 9)
    time = next(t for t in doc.times if t.id == ev.time)
    assert time.value == "2018-03-09"
    place = next(p for p in doc.places if p.id == ev.place)
    assert place.country == "SY"
    assert ev.reported_by is not None and "الأناضول" in ents[ev.reported_by].text
    assert doc.text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
    assert ev.evidence.start <= ev.trigger.start < ev.trigger.end <= ev.evidence.end


def test_mentions_of_one_attack_merge_and_distinct_attacks_do_not() -> None:
    text = (
        "قتل خمسة مدنيين في غارة جوية على بلدة سراقب بريف إدلب اليوم. "
        "وقال شهود إن الغارة استهدفت سوقا شعبيا في سراقب. "
        "وفي العراق، اندلعت اشتباكات بين القوات العراقية ومسلحي داعش في قضاء الحويجة."
    )
    doc = _analyse(text)
    kinds = sorted((e.type, e.sub_type) for e in doc.events)
    assert kinds == [
        ("battles", "armed_clash"),
        ("explosions_remote_violence", "air_drone_strike"),
    ]
    strike = next(e for e in doc.events if e.type == "explosions_remote_violence")
    assert strike.fatalities == 5


def test_an_event_is_not_placed_where_its_source_sits() -> None:
    """«الذي يتخذ من بريطانيا مقرا له» says where the observatory sits: the strikes its
    sentence reports were placed in the United Kingdom (issue 20)."""
    text = (
        "قتل ثلاثة مدنيين صباح الأحد في قصف مدفعي على بلدة كفرنبل بريف إدلب. وقال المرصد "
        "السوري لحقوق الإنسان، الذي يتخذ من بريطانيا مقرا له، إن طائرات حربية شنت غارات "
        "على البلدة ما أسفر عن مقتل مدنيين."
    )
    doc = _analyse(text)
    countries = {p.id: p.country for p in doc.places}
    assert doc.events and "GB" in countries.values()
    assert {countries[e.place] for e in doc.events if e.place} == {"SY"}


def test_an_event_far_from_any_place_takes_the_article_place_before_it() -> None:
    """A violent event whose sentence and the two before it name no place happened where the
    article told it: the most precise place of the last sentence before it naming one; a
    meeting gets no such place (the annotated corpus gives most political interactions
    none)."""
    text = (
        "تشهد محافظة درعا جنوب سوريا توترا أمنيا منذ أسابيع. "
        "وتتبادل الأطراف الاتهامات بخرق الاتفاق. "
        "ويقول السكان إن الأسعار ارتفعت كثيرا. "
        "ويخشى التجار من إغلاق الطرق. "
        "وقتل أربعة مدنيين صباح اليوم في غارة جوية استهدفت سوقا شعبيا. "
        "والتقى وزير الخارجية نظيره التركي لبحث الأوضاع."
    )
    doc = _analyse(text)
    places = {p.id: p for p in doc.places}
    strike = next(e for e in doc.events if e.sub_type == "air_drone_strike")
    assert strike.place is not None and places[strike.place].country == "SY"
    assert "درعا" in places[strike.place].name  # the sentence's most precise place
    assert all(e.place is None for e in doc.events if e.type not in ACLED_TYPES)


def test_an_event_is_never_dated_after_its_article() -> None:
    """A date still to come in the event's sentence belongs to another clause (a summit, a
    deadline): the event keeps no time and the record dates it by its article."""
    text = (
        "قصفت طائرات حربية بلدة كفرنبل بريف إدلب، قبل أيام من القمة المقررة في 20 آذار/مارس المقبل."
    )
    doc = _analyse(text, "2018-03-10")
    assert [t.value for t in doc.times] == ["2018-03-20"]
    strike = next(e for e in doc.events if e.sub_type == "air_drone_strike")
    assert strike.time is None
    doc = _analyse(text.replace("، قبل", " أمس، قبل"), "2018-03-10")
    strike = next(e for e in doc.events if e.sub_type == "air_drone_strike")
    assert next(t for t in doc.times if t.id == strike.time).value == "2018-03-09"


def test_background_attacks_are_not_new_events() -> None:
    text = (
        "عقد وزراء داخلية الاتحاد الأوروبي اجتماعا في بروكسل اليوم لبحث التعاون الأمني، بعد "
        "ثلاثة أعوام على هجمات عام 2015 في باريس."
    )
    doc = _analyse(text, "2018-11-20")
    assert [e.type for e in doc.events if e.type in ACLED_TYPES] == []


def test_no_events_in_odd_input() -> None:
    for text in ("", "   ", "The army shelled the town.", "١٢٣٤٥"):
        assert _analyse(text).events == ()


def test_acled_rows_and_csv() -> None:
    doc = _analyse(LEAD)
    (row,) = acled_rows(doc, seq=1)
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["event_date"] == "2018-03-09" and row["time_precision"] == 1
    assert row["fatalities"] == 3 and row["marsad_injured"] == 9
    assert (row["country"], row["iso"], row["event_id_cnty"]) == ("Syria", 760, "SYR1001")
    assert row["geo_precision"] in (1, 2)
    # The notes are English, from the structured fields, not the Arabic evidence.
    assert row["notes"].startswith("On 9 March 2018, ") and "3 killed, 9 injured." in row["notes"]
    buffer = io.StringIO()
    assert write_acled_csv([doc, doc], buffer) == 2
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert list(rows[0]) == [*ACLED_COLUMNS, *EXTRA_COLUMNS]
    assert rows[1]["fatalities"] == "3"
    assert [r["event_id_cnty"] for r in rows] == ["SYR1001", "SYR2001"]


def test_acled_row_without_a_time_uses_the_publication_date() -> None:
    doc = _analyse("وشنت طائرات التحالف غارات على مواقع لداعش في هجين.", "2018-05-02")
    (row,) = acled_rows(doc, seq=1)
    assert (row["event_date"], row["time_precision"]) == ("2018-05-02", 2)
    # ACLED writes 0 where no toll is reported; the tags say that it was not.
    assert row["fatalities"] == 0 and "fatalities not reported" in row["tags"]


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # A crowd is no toll: the dead of the sentence are the nine.
        (
            "اندلعت مواجهات يوم الجمعة لدى تظاهر الآلاف عند الحدود الشرقية لقطاع غزة حيث "
            "قتل تسعة فلسطينيين برصاص الجيش الإسرائيلي.",
            9,
        ),
        # 1,500 dead is a total, never one event's toll, and no implicit «one killed» either.
        ("قتل 1500 شخص في قصف جوي استهدف مدينة إدلب السورية يوم الاثنين، وفق الدفاع المدني.", None),
        ("قتل 15 شخصا في قصف جوي استهدف مدينة إدلب السورية يوم الاثنين، وفق الدفاع المدني.", 15),
    ],
)
def test_a_thousand_dead_or_more_is_no_events_toll(text: str, fatalities: int | None) -> None:
    events = _analyse(text).events
    assert events and all(e.fatalities == fatalities for e in events), events


def test_a_source_the_ner_tagged_is_reused_not_doubled() -> None:
    """A quote's speaker that no entity was linked to gets an entity for ``reported_by``; where
    the NER tagged the same span (as a place, even) or an organization inside the speaker's
    words, that mention is the source instead of a second ORG on top of it."""
    from marsad.doc import Entity, Speaker
    from marsad.extract.events.component import EventContext

    text = "قالت الصين إن مصدرا في الرئاسة التركية ومصدر محلي أكدوا الخبر."

    def at(words: str) -> tuple[int, int]:
        return text.index(words), text.index(words) + len(words)

    china, presidency = at("الصين"), at("الرئاسة التركية")
    doc = Document.from_text(text).with_(
        entities=(
            Entity("e1", "LOC", *china, "الصين"),
            Entity("e2", "ORG", *presidency, "الرئاسة التركية"),
        )
    )
    ctx = EventContext(doc)

    def source(words: str) -> str | None:
        start, end = at(words)
        return ctx._source_entity(Speaker(words, start=start, end=end, label="ORG"))

    assert source("الصين") == "e1"  # the same span, whatever its label
    assert source("مصدرا في الرئاسة التركية") == "e2"  # the organization inside
    local = source("مصدر محلي")  # nothing tagged: a new entity, as before
    assert local not in (None, "e1", "e2")
    assert [(e.label, e.text, e.generic) for e in ctx.new_sources.values()] == [
        ("ORG", "مصدر محلي", True)  # the event's source, not a named entity
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("قالت الصين، الأربعاء، إن كيم زار بكين والتقى مع الرئيس شي جين بينغ.", "بكين"),
        ("ويزور الرئيس الفرنسي واشنطن لمحاولة إقناع ترامب بالبقاء في الاتفاق.", "واشنطن"),
        ("والتقى وزير الداخلية نظراءه الأوروبيين في مدينة إنزبروك النمساوية أمس.", "إنزبروك"),
    ],
)
def test_a_meeting_takes_place_where_it_is_held_or_visited(text: str, place: str) -> None:
    nlp = Pipeline.from_names(load_settings(None, use_user_file=False).pipeline.components)
    doc = nlp(Document.from_text(text, Meta(published="2018-03-28")))
    (event,) = [e for e in doc.events if e.type == "consult"]
    assert next(p.name for p in doc.places if p.id == event.place) == place
