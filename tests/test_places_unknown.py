"""Names the gazetteer cannot place (issue 21): they get the country the text states for them,
or the one country their article is set in, or the one country of the towns beside them in
their sentence, without a point; never a country for an ordinary
word, a nationality adjective or a country's formal name the gazetteer lacks.

Every sentence here was written for these tests; the place names ``المشعوطي``, ``كفرموشة``,
``شلهوبة`` and ``ونشستون`` are invented (the tests check that the gazetteer lacks them).
"""

from __future__ import annotations

import pytest

import marsad.extract.places.component  # noqa: F401  (registers places.gazetteer.v1)
from marsad.doc import Document, Entity, Place
from marsad.extract.places import Gazetteer
from marsad.extract.places.component import GazetteerPlaces
from marsad.extract.places.gazetteer import normalize_key

INVENTED = ("المشعوطي", "كفرموشة", "شلهوبة", "ونشستون")


@pytest.fixture(scope="module")
def component() -> GazetteerPlaces:
    return GazetteerPlaces()


def places_of(component: GazetteerPlaces, text: str, *mentions: str) -> dict[str, list[Place]]:
    """The places of ``text`` whose mentions are every occurrence of ``mentions`` (LOC)."""
    spans = []
    for mention in mentions:
        start = text.find(mention)
        while start >= 0:
            spans.append((start, start + len(mention)))
            start = text.find(mention, start + 1)
    spans.sort()
    entities = tuple(
        Entity(f"e{k}", "LOC", s, e, text[s:e], source="ner.crf.v1")
        for k, (s, e) in enumerate(spans, 1)
    )
    _, places = component.find(Document.from_text(text).with_(entities=entities))
    by_text: dict[str, list[Place]] = {}
    for entity, place in zip(entities, places, strict=True):
        by_text.setdefault(entity.text, []).append(place)
    return by_text


def test_the_invented_names_are_unknown() -> None:
    gazetteer = Gazetteer.load()
    assert not any(normalize_key(name) in gazetteer for name in INVENTED)


def test_an_unknown_name_lies_in_the_country_its_article_is_set_in(
    component: GazetteerPlaces,
) -> None:
    text = (
        "قصفت الطائرات مواقع في صنعاء وتعز، واشتدت المعارك في جبهة المشعوطي "
        "شمال الحديدة. وقال مسؤول إن القوات تقدمت في المشعوطي."
    )
    found = places_of(component, text, "صنعاء", "تعز", "الحديدة", "المشعوطي")
    assert [p.country for p in found["المشعوطي"]] == ["YE", "YE"]
    # the country only: where in Yemen is not known
    assert all(p.lat is None and p.lon is None for p in found["المشعوطي"])
    assert all(p.precision is None for p in found["المشعوطي"])
    assert found["صنعاء"][0].lat is not None  # places found as before


def test_no_country_where_the_article_is_set_in_none(component: GazetteerPlaces) -> None:
    # one place in Yemen, one in Egypt: the article is set in neither
    text = "التقى الوفد في القاهرة بعد عودته من صنعاء، ثم زار كفرموشة."
    found = places_of(component, text, "القاهرة", "صنعاء", "كفرموشة")
    assert found["كفرموشة"][0].country is None
    # one place only sets no scene either, unless it stands near the name in its sentence
    text = (
        "زار الوزير صنعاء يوم الأحد. وبعد أسبوعين من الاجتماعات المتواصلة مع المسؤولين "
        "والخبراء في الوزارات والهيئات توجه الوفد إلى كفرموشة."
    )
    found = places_of(component, text, "صنعاء", "كفرموشة")
    assert found["كفرموشة"][0].country is None
    text = "زار الوزير صنعاء يوم الأحد بعد جولة طويلة شملت عواصم ومدنا كثيرة ثم توجه إلى كفرموشة."
    found = places_of(component, text, "صنعاء", "كفرموشة")
    assert found["كفرموشة"][0].country is None


def test_a_town_beside_an_unplaced_name_gives_its_country(component: GazetteerPlaces) -> None:
    """A town or unit a few words from an unplaced name in its sentence says its country
    (``مطار X العسكري غرب العاصمة دمشق``), when the name's namesakes, if any, lie there too;
    a country named beside it does not (``سفير الولايات المتحدة لدى X``)."""
    text = "قصفت طائرات مطار كفرموشة العسكري غرب العاصمة دمشق. وأكد المتحدث أن الهجوم فشل."
    found = places_of(component, text, "كفرموشة", "دمشق")
    assert found["كفرموشة"][0].country == "SY"
    assert found["كفرموشة"][0].lat is None and found["كفرموشة"][0].precision is None
    text = "وقال سفير الولايات المتحدة لدى كفرموشة إن الزيارة تأجلت."
    found = places_of(component, text, "الولايات المتحدة", "كفرموشة")
    assert found["كفرموشة"][0].country is None


def test_the_country_the_text_states_wins_over_the_articles(
    component: GazetteerPlaces,
) -> None:
    text = "انفجرت عبوة في بغداد والموصل والبصرة. وتوفي الزوجان، من ونشستون ببريطانيا، في بغداد."
    found = places_of(component, text, "بغداد", "الموصل", "البصرة", "ونشستون")
    assert found["ونشستون"][0].country == "GB"


def test_a_stated_country_holds_for_every_mention_of_the_name(
    component: GazetteerPlaces,
) -> None:
    text = (
        "عاد العمال من بغداد والموصل وكركوك إلى ولاية شلهوبة الهندية. "
        "وكان العمال من أسر فقيرة في ولاية شلهوبة."
    )
    found = places_of(component, text, "بغداد", "الموصل", "كركوك", "شلهوبة")
    assert [p.country for p in found["شلهوبة"]] == ["IN", "IN"]


def test_an_ordinary_word_gets_no_country(component: GazetteerPlaces) -> None:
    # ``الاتفاق`` (the agreement) tagged as a place by mistake: news write it too often to
    # be a name, and no cue word says it is one
    text = "وقعت الأطراف في صنعاء وتعز والحديدة على الاتفاق أمس."
    found = places_of(component, text, "صنعاء", "تعز", "الحديدة", "الاتفاق")
    assert found["الاتفاق"][0].country is None


def test_a_formal_name_or_an_adjective_gets_no_country(component: GazetteerPlaces) -> None:
    text = "زار رئيس جمهورية شلهوبة صنعاء وتعز والحديدة، وتفقد الموقع الاستراتيجي فيها."
    found = places_of(component, text, "صنعاء", "تعز", "الحديدة", "جمهورية شلهوبة", "الاستراتيجي")
    assert found["جمهورية شلهوبة"][0].country is None
    assert found["الاستراتيجي"][0].country is None


def test_no_article_country_where_the_sentence_names_another_country(
    component: GazetteerPlaces,
) -> None:
    # an article on Gaza: a town the gazetteer lacks, in a sentence about Israeli towns, may
    # lie on either side
    text = (
        "قصفت الطائرات رفح وخان يونس في قطاع غزة. وسقطت الصواريخ على البلدات "
        "الإسرائيلية وأصاب أحدها منزلا في مدينة ونشستون."
    )
    found = places_of(component, text, "رفح", "خان يونس", "قطاع غزة", "ونشستون")
    assert found["ونشستون"][0].country is None
    # without that sentence's adjective, the article's country
    text = text.replace("البلدات الإسرائيلية", "البلدات المجاورة")
    found = places_of(component, text, "رفح", "خان يونس", "قطاع غزة", "ونشستون")
    assert found["ونشستون"][0].country == "PS"


def test_no_country_for_a_region_wider_than_a_country(component: GazetteerPlaces) -> None:
    text = "قصفت الطائرات صنعاء وتعز والحديدة، في أخطر تصعيد تشهده منطقة الشرق الأوسط وأوروبا."
    found = places_of(component, text, "صنعاء", "تعز", "الحديدة", "الشرق الأوسط", "وأوروبا")
    assert found["الشرق الأوسط"][0].country is None
    assert found["وأوروبا"][0].country is None


@pytest.mark.parametrize(
    "after",
    ["الإنجليزية", "جنوبي بريطانيا", "الواقعة في بريطانيا", "الواقعة شمال بريطانيا"],
)
def test_a_country_stated_by_an_adjective_a_direction_or_located_in(
    component: GazetteerPlaces, after: str
) -> None:
    text = f"انفجرت عبوة في بغداد والموصل والبصرة. وتوفي الزوجان في مدينة ونشستون {after} أمس."
    found = places_of(component, text, "بغداد", "الموصل", "البصرة", "ونشستون")
    assert found["ونشستون"][0].country == "GB"


def test_no_country_for_a_body_or_a_cue_word(component: GazetteerPlaces) -> None:
    text = (
        "قصفت الطائرات صنعاء وتعز والحديدة. ودان الاتحاد الأوربي القصف، وقالت الجماعة "
        "إن الغارات طالت مواقع بمديرية شلهوبة."
    )
    found = places_of(component, text, "صنعاء", "تعز", "الحديدة", "الاتحاد الأوربي", "بمديرية")
    assert found["الاتحاد الأوربي"][0].country is None
    assert found["بمديرية"][0].country is None


def test_a_unit_of_namesakes_after_the_name_gives_its_best_reading(
    component: GazetteerPlaces,
) -> None:
    # an article on Lebanon: a palace the gazetteer lacks, said to lie in Riyadh
    text = "زار الرئيس بيروت وصيدا وطرابلس، ثم استقبله الملك في قصر شلهوبة في الرياض أمس."
    found = places_of(component, text, "بيروت", "صيدا", "طرابلس", "قصر شلهوبة")
    assert found["قصر شلهوبة"][0].country == "SA"


def test_a_mention_whose_head_is_a_lone_clitic_gets_no_country(
    component: GazetteerPlaces,
) -> None:
    # a mention opening on a detached proclitic («ب كفرموشة»): no reading of its head word, so
    # no country (this crashed on a real article before)
    text = "قصفت الطائرات صنعاء وتعز والحديدة، ثم ب كفرموشة أمس."
    found = places_of(component, text, "صنعاء", "تعز", "الحديدة", "ب كفرموشة")
    assert found["ب كفرموشة"][0].country is None
