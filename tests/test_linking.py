"""A knowledge-base id attaches to a mention only when the whole mention (or its head, before
words that only describe it) names that actor or place, never because a part of it does.

Every Arabic sentence here was written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.arabic.normalize import normalize_text
from marsad.arabic.words import restore_article
from marsad.doc import Document, Entity
from marsad.extract.actors.component import ActorLinker
from marsad.extract.actors.kb import ActorKB
from marsad.extract.entities.canonical import AliasTable, variant_key
from marsad.services.analysis import analyze_inputs, analyze_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# (sentence, the actor's name in it, the place inside that name, the place's id): the tagger
# often reads the place alone, with the place's id.
INSIDE = [
    ("أعلن فيلق القدس التابع للحرس الثوري مقتل اثنين من عناصره.", "فيلق القدس", "القدس", "Q1218"),
    (
        "تبنت جماعة أنصار بيت المقدس الهجوم على الكمين.",
        "جماعة أنصار بيت المقدس",
        "بيت المقدس",
        "Q1218",
    ),
    ("سيطرت قوات سوريا الديموقراطية على حقل النفط.", "قوات سوريا الديموقراطية", "سوريا", "Q858"),
    ("سيطرت قوات سورية الديمقراطية على حقل النفط.", "قوات سورية الديمقراطية", "سورية", "Q858"),
    (
        "قال تحالف دعم الشرعية في اليمن إن طائراته قصفت المعسكر.",
        "تحالف دعم الشرعية في اليمن",
        "اليمن",
        "Q805",
    ),
    (
        # the mention ends before the phrase about the actor (ActorKB.name_length)
        "هاجم الحوثيون المدعومون من إيران مواقع الجيش.",
        "الحوثيون",
        "إيران",
        "Q794",
    ),
    ("قصفت سرايا القدس مستوطنة قريبة من القطاع.", "سرايا القدس", "القدس", "Q1218"),
]


def _kb_names(kb_id: str, kb: ActorKB, aliases: AliasTable) -> list[str]:
    """Every name the knowledge bases give the entity with this id."""
    names = [n for e in aliases if e.kb_id == kb_id for n in e.names()]
    return names + [n for a in kb if a.kb_id == kb_id for n in a.names()]


def named_by(mention: str, kb_id: str, label: str, kb: ActorKB, aliases: AliasTable) -> bool:
    """Whether the mention, whole or its head before describing words (``تنظيم داعش
    الإرهابي``), is one of the names of ``kb_id``; for a person, also a part of one of them
    (``كيربي`` of ``جون كيربي``: the article names the person in full elsewhere)."""
    words = mention.split()
    keys = {variant_key(n) for n in _kb_names(kb_id, kb, aliases)}
    # ``لأمم المتحدة`` of ``للأمم المتحدة``: the whole name, its article's alef taken by ل.
    restored = restore_article(normalize_text(words[0])) if words else None
    if restored is not None and variant_key(" ".join([restored, *words[1:]])) in keys:
        return True
    for cut in range(len(words), 0, -1):
        head, rest = " ".join(words[:cut]), " ".join(words[cut:])
        if variant_key(head) in keys and (not rest or kb.describes(rest)):
            return True
    if label == "PER":
        mine = variant_key(mention).split()
        for key in keys:
            it = iter(key.split())
            if all(w in it for w in mine):
                return True
    return False


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


@pytest.fixture(scope="module")
def aliases() -> AliasTable:
    return AliasTable.load()


@pytest.mark.parametrize(
    ("text", "actor", "place", "place_id"), INSIDE, ids=[f"inside-{i}" for i in range(len(INSIDE))]
)
def test_a_place_inside_an_actor_name_lends_it_no_id(
    text: str, actor: str, place: str, place_id: str, kb: ActorKB
) -> None:
    # The tagger's part of the name, with the place's id, as the NER gives it.
    start = text.index(place)
    tagged = Entity("e1", "LOC", start, start + len(place), place, canonical=place, kb_id=place_id)
    doc = Document.from_text(text).with_(entities=(tagged,))
    linked = ActorLinker(kb)(doc)
    (entity,) = [e for e in linked.entities if e.text == actor]
    assert entity.kb_id != place_id
    assert entity.kb_id is None or entity.kb_id == kb.lookup(actor).kb_id  # type: ignore[union-attr]
    assert linked.text[entity.start : entity.end] == entity.text


def test_an_alias_that_describes_its_actor_leaves_the_described_place_a_place(
    kb: ActorKB,
) -> None:
    """``الحوثيون المدعومون من إيران`` is a table alias of the Houthis: it links them, but
    the mention is «الحوثيون» and «إيران» stays the LOC the tagger found (issue 22)."""
    text = "وقال الحوثيون المدعومون من إيران إنهم أسقطوا الطائرة."
    start = text.index("إيران")
    tagged = Entity("e1", "LOC", start, start + 5, "إيران", canonical="إيران", kb_id="Q794")
    linked = ActorLinker(kb)(Document.from_text(text).with_(entities=(tagged,))).entities
    assert [(e.text, e.label) for e in linked] == [("الحوثيون", "ORG"), ("إيران", "LOC")]
    assert linked[0].canonical == kb.lookup("الحوثيون").canonical  # type: ignore[union-attr]
    assert linked[1].kb_id == "Q794"


def test_an_actor_keeps_its_own_id_and_a_tagged_whole_name_keeps_the_actor_s() -> None:
    text = "قتل ثلاثة من عناصر تنظيم داعش في الهجوم."
    start = text.index("تنظيم داعش")
    tagged = Entity("e1", "ORG", start, start + 10, "تنظيم داعش", kb_id="Q1")
    (entity,) = ActorLinker()(Document.from_text(text).with_(entities=(tagged,))).entities
    assert entity.kb_id == "Q2429253"  # the actor's id replaces whatever the tagger had


def test_a_longer_mention_naming_another_organization_is_not_linked(kb: ActorKB) -> None:
    # Germany's CDU starts with the Syrian PYD's name; the party after it is another one.
    text = "قال حزب الاتحاد الديمقراطي المسيحي إن الائتلاف صامد."
    name = "حزب الاتحاد الديمقراطي المسيحي"
    start = text.index(name)
    tagged = Entity("e1", "ORG", start, start + len(name), name)
    (entity,) = ActorLinker(kb)(Document.from_text(text).with_(entities=(tagged,))).entities
    assert entity.name_en is None and entity.canonical is None
    # Words that only describe the actor keep the link.
    text = "أعلن حزب الاتحاد الديمقراطي الكردي السوري موقفه."
    name = "حزب الاتحاد الديمقراطي الكردي السوري"
    start = text.index(name)
    tagged = Entity("e1", "ORG", start, start + len(name), name)
    (entity,) = ActorLinker(kb)(Document.from_text(text).with_(entities=(tagged,))).entities
    assert entity.name_en == "Democratic Union Party (PYD)"


def test_describes(kb: ActorKB) -> None:
    assert kb.describes("الإرهابي")
    assert kb.describes("اللبناني")
    assert kb.describes("المدعومة من إيران")
    assert kb.describes("الموالية لتركيا")
    assert not kb.describes("المسيحي")
    assert not kb.describes("في الجامعة")


def _check_no_substring_ids(doc: Document, kb: ActorKB, aliases: AliasTable) -> list[str]:
    bad = []
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text
        if e.kb_id and not named_by(e.text, e.kb_id, e.label, kb, aliases):
            bad.append(f"{e.text!r} ({e.label}) has {e.kb_id}")
    return bad


def test_no_id_through_a_substring_in_the_full_pipeline(kb: ActorKB, aliases: AliasTable) -> None:
    """The whole pipeline, whatever the tagger reads, over sentences where actors' names hold
    places: every id on a mention is one of the mention's own names."""
    bad = []
    for text, *_ in INSIDE:
        bad += _check_no_substring_ids(analyze_text(text), kb, aliases)
    assert not bad, bad


def test_no_id_through_a_substring_in_the_examples(kb: ActorKB, aliases: AliasTable) -> None:
    outcomes = list(analyze_inputs([str(EXAMPLES)]))
    assert len(outcomes) >= 9
    bad, with_ids = [], 0
    for outcome in outcomes:
        assert outcome.document is not None, outcome.error
        with_ids += sum(1 for e in outcome.document.entities if e.kb_id)
        found = _check_no_substring_ids(outcome.document, kb, aliases)
        bad += [f"{outcome.name}: {b}" for b in found]
    assert with_ids >= 10  # the check ran over linked mentions, not over none
    assert not bad, bad


ALIASES = {
    "Islamic State": ["داعش", "تنظيم الدولة", "الدولة الإسلامية", "ISIS", "ISIL", "Islamic State"],
    "Hezbollah": ["حزب الله", "Hezbollah", "Hizbollah"],
    "Syrian Democratic Forces": ["قسد", "SDF", "قوات سوريا الديموقراطية"],
    "Houthis (Ansar Allah)": ["الحوثيون", "أنصار الله", "Houthis", "Ansar Allah"],
}


@pytest.mark.parametrize("name_en", sorted(ALIASES))
def test_actor_aliases_in_arabic_and_english(name_en: str, kb: ActorKB) -> None:
    for alias in ALIASES[name_en]:
        actor = kb.lookup(alias)
        assert actor is not None and actor.name_en == name_en, alias


@pytest.mark.parametrize(
    ("alias", "name_en"),
    [
        ("جيمس ماتيس", "Jim Mattis"),
        ("ماتيس", "Jim Mattis"),
        ("مارتن جريفيث", "Martin Griffiths"),
        ("نوري المالكي", "Nouri al-Maliki"),
        ("روبرت مولر", "Robert Mueller"),
        ("كيم جونج أون", "Kim Jong-un"),
        ("Islamic State", "Islamic State"),
        ("ترمب", "Donald Trump"),
    ],
)
def test_english_names_of_well_known_people(alias: str, name_en: str, aliases: AliasTable) -> None:
    entry = aliases.lookup(alias)
    assert entry is not None and entry.name_en == name_en


def test_a_name_whose_article_lost_its_alef_to_the_preposition() -> None:
    # للأمم المتحدة: the mention after the preposition is لأمم المتحدة, still the whole name.
    from marsad.extract.entities.canonical import canonicalize

    text = "لأمم المتحدة"
    (entity,) = canonicalize([Entity("e1", "ORG", 0, len(text), text)])
    assert (entity.canonical, entity.kb_id) == ("الأمم المتحدة", "Q1065")
    (entity,) = canonicalize([Entity("e1", "LOC", 0, 5, "لبنان")])
    assert entity.kb_id == "Q822"  # a name the table has as written is never read as البنان
