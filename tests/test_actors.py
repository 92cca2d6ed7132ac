"""Tests for the actor knowledge base (marsad.extract.actors.kb) and the actors.kb.v1 component.

Every Arabic sentence here was written for these tests.
"""

from __future__ import annotations

import re
import time
from importlib import resources

import pytest

import marsad.extract.actors.component  # noqa: F401  (registers actors.kb.v1)
from marsad.doc import Document, Entity, Place
from marsad.errors import PipelineError
from marsad.extract.actors.component import NAME, ActorLinker, actor_of, linked
from marsad.extract.actors.kb import CATEGORIES, ActorKB, ActorMatch, phrase_key
from marsad.pipeline import Pipeline, create
from marsad.resources import read_lines
from marsad.schema import schema_errors

PIPELINE = ["sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1", "actors.kb.v1"]


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline([create(name) for name in PIPELINE])


def found(kb: ActorKB, text: str) -> list[tuple[str, str]]:
    """(surface, actor id) of every match; checks the offset invariant on the way."""
    matches = kb.find(text)
    for m in matches:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.actor.id) for m in matches]


# --- the shipped table ----------------------------------------------------------------------


def test_table_loads_and_is_large_enough(kb: ActorKB) -> None:
    assert len(kb) >= 170
    assert kb is ActorKB.load()  # cached


def test_table_rows_are_well_formed(kb: ActorKB) -> None:
    ids = [a.id for a in kb]
    assert len(ids) == len(set(ids))
    for actor in kb:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", actor.id), actor.id
        assert actor.category in CATEGORIES, actor.id
        assert actor.kb_id is None or re.fullmatch(r"Q[1-9][0-9]*", actor.kb_id), actor.id
        assert actor.country is None or re.fullmatch(r"[A-Z]{2}", actor.country), actor.id
        assert actor.canonical and actor.name_en


def test_every_category_and_required_actor_is_present(kb: ActorKB) -> None:
    assert {a.category for a in kb} == CATEGORIES
    for actor_id in (
        *("isis", "sdf", "ypg", "ypj", "pkk", "ndf", "cts_iq", "pmf", "kataib_hezbollah"),
        *("asaib_ahl_al_haq", "badr", "peshmerga", "global_coalition", "irgc", "quds_force"),
        *("hts", "nusra", "ahrar_al_sham", "fsa", "jaysh_al_islam", "faylaq_al_rahman", "nlf"),
        *("sna", "hamza_division", "sultan_murad", "hurras_al_din", "al_qaeda", "aqap", "aqim"),
        *("houthis", "saudi_coalition", "stc", "security_belt", "lna", "gna", "rsf", "splm_n"),
        *("jem", "hamas", "qassam", "pij", "saraya_al_quds", "fatah", "settlers_il"),
        *("hezbollah", "amal", "is_sinai", "muslim_brotherhood", "al_shabaab", "boko_haram"),
        *("taliban", "polisario", "kdp", "puk", "unifil", "undof", "protesters", "rioters"),
        *("civilians", "unidentified_armed_group"),
    ):
        assert kb.get(actor_id) is not None, actor_id


def test_every_country_has_military_and_police(kb: ActorKB) -> None:
    required = "SY IQ YE LY SD EG LB JO PS IL TR IR SA AE QA KW BH OM TN DZ MA MR SO US RU FR GB"
    for code in required.split():
        military, police = kb.get(f"military_{code.lower()}"), kb.get(f"police_{code.lower()}")
        assert military is not None and police is not None, code
        assert military.name_en.startswith("Military Forces of "), code
        assert police.name_en.startswith("Police Forces of "), code
        assert military.category == police.category == "state_forces"
        assert military.country == police.country == code
    for code in kb.countries():  # every country the patterns know resolves both ways
        assert kb.forces(code) is not None and kb.forces(code, police=True) is not None


def test_alias_keys_are_unique_in_shipped_table() -> None:
    seen: dict[tuple[str, ...], str] = {}
    for line in read_lines("marsad.resources.events", "actors.tsv"):
        if not line.strip() or line.startswith(("#", "id\t")):
            continue
        cells = line.split("\t")
        names = [cells[1], cells[2], *[a for a in cells[6].split("|") if a.strip()]]
        for name in names:
            key = phrase_key(name)
            assert seen.setdefault(key, cells[0]) == cells[0], (name, seen[key])


def test_package_marker_and_readme_exist() -> None:
    folder = resources.files("marsad.resources.events")
    assert folder.joinpath("README.md").is_file()
    assert folder.joinpath("nationalities.tsv").is_file()


HEADER = "id\tcanonical\tname_en\tkb_id\tcategory\tcountry\taliases"


def test_loader_rejects_a_shared_alias_key_naming_the_row() -> None:
    lines = [
        HEADER,
        "a\tجماعة ألف\tGroup A\t\trebel_group\t\tالجماعة الأولى",
        "# a comment",
        "b\tجماعة باء\tGroup B\t\trebel_group\t\tالجماعه الاولى",  # same key: ة/ه, hamza
    ]
    with pytest.raises(ValueError, match=r"line 4.*'b'.*already an alias of 'a'"):
        ActorKB.from_lines(lines)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x\tاسم\tName\tQ0\trebel_group\t\t", "not a Wikidata QID"),
        ("x\tاسم\tName\t\tterrorists\t\t", "not an ACLED"),
        ("X-1\tاسم\tName\t\trebel_group\t\t", "ascii slug"),
        ("x\tاسم\tName\t\trebel_group\tSyria\t", "ISO2"),
        ("x\tاسم\tName\t\trebel_group", "columns"),
    ],
)
def test_loader_rejects_bad_rows(row: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ActorKB.from_lines([HEADER, row])


def test_loader_rejects_duplicate_ids_and_bad_header() -> None:
    row = "x\tاسم\tName\t\trebel_group\t\t"
    with pytest.raises(ValueError, match="used twice"):
        ActorKB.from_lines([HEADER, row, row.replace("اسم", "اسم آخر").replace("Name", "N2")])
    with pytest.raises(ValueError, match="header"):
        ActorKB.from_lines(["id\tname", row])


def test_country_without_forces_rows_is_rejected() -> None:
    nationalities = [
        "country\tname_en\tnames\tadjectives\tpeople",
        "TR\tTurkey\tتركيا\tتركي\tالأتراك",
    ]
    with pytest.raises(ValueError, match="military_tr"):
        ActorKB.from_lines([HEADER], nationalities)


# --- names, clitics, spelling variants --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعلن داعش مسؤوليته عن الهجوم", [("داعش", "isis")]),
        ("تصدى المقاتلون لداعش في البادية", [("داعش", "isis")]),
        ("وداعش ما زال ينشط في الصحراء", [("داعش", "isis")]),
        ("ألحقت الغارات خسائر بتنظيم الدولة قرب الحدود", [("تنظيم الدولة", "isis")]),
        ("وجه رئيس الوزراء الشكر للحشد الشعبي", [("لحشد الشعبي", "pmf")]),
        ("فالحوثيون رفضوا المبادرة", [("الحوثيون", "houthis")]),
        ("التحقت الكتيبة بالجيش التركي", [("الجيش التركي", "military_tr")]),
        ("نشرت الصحيفة بيانا لـ«داعش» أمس", [("داعش", "isis")]),
        ('وصف البيان "هيئة تحرير الشام" بالإرهابية', [("هيئة تحرير الشام", "hts")]),
        ("قالت البنتاجون إن الضربة دقيقة", [("البنتاجون", "military_us")]),
        ("هيئه تحرير الشام سيطرت على القرية", [("هيئه تحرير الشام", "hts")]),
        ("تقدمت قوات سورية الديموقراطية نحو البلدة", [("قوات سورية الديموقراطية", "sdf")]),
        ("انسحب الجيش الأمريكى من القاعدة", [("الجيش الأمريكى", "military_us")]),
        ("هاجمت انصار الله سفينة تجارية", [("انصار الله", "houthis")]),
        ("تبنى تنظيم «الدولة الإسلامية» التفجير", [("الدولة الإسلامية", "isis")]),
        ("دخلت قوات فاجنر إلى المدينة", [("قوات فاجنر", "wagner")]),
        ("قال متحدث باسم al-Qaeda إن", [("al-Qaeda", "al_qaeda")]),
        (
            "اشتبك مسلحو الحوثي مع قوات المجلس الانتقالي الجنوبي",
            [
                ("مسلحو الحوثي", "houthis"),
                ("قوات المجلس الانتقالي الجنوبي", "stc"),
            ],
        ),
    ],
)
def test_find_names(kb: ActorKB, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(kb, text) == expected


def test_clitic_is_outside_the_span(kb: ActorKB) -> None:
    text = "ووجهت الاتهامات لداعش وللحشد الشعبي وبحزب الله"
    matches = kb.find(text)
    assert [m.text for m in matches] == ["داعش", "لحشد الشعبي", "حزب الله"]
    for m in matches:
        assert text[m.start - 1] in "وبلف"


def test_diacritics_and_tatweel_stay_inside_the_span(kb: ActorKB) -> None:
    text = "قصفت مواقعَ الحَشْدِ الشَّعْبِيِّ ومقرات داعـــش"
    assert found(kb, text) == [("الحَشْدِ الشَّعْبِيِّ", "pmf"), ("داعـــش", "isis")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قاتل الجيش السوري الحر في الشمال", "fsa"),  # not Military Forces of Syria
        ("قصفت كتائب حزب الله قاعدة", "kataib_hezbollah"),  # not Hezbollah
        ("أعلنت حركة طالبان باكستان الهدنة", "ttp"),  # not the Taliban
        ("انتشرت قوات الأمن العراقية في الساحة", "police_iq"),  # not unspecified police
        ("هاجمت القوات الحكومية الأفغانية القرية", "military_af"),  # not government forces
        ("تبنى تنظيم القاعدة في جزيرة العرب الهجوم", "aqap"),  # not al-Qaeda
    ],
)
def test_longest_match_wins(kb: ActorKB, text: str, expected: str) -> None:
    assert [actor for _, actor in found(kb, text)] == [expected]


def test_table_name_beats_pattern_on_a_tie(kb: ActorKB) -> None:
    # القوات اللبنانية is the party; the pattern would read "Lebanese forces".
    assert found(kb, "انتقدت القوات اللبنانية الحكومة") == [
        ("القوات اللبنانية", "lebanese_forces_party")
    ]


# --- generic patterns -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "name_en"),
    [
        ("قصفت طائرات روسية ريف المدينة", "طائرات روسية", "Military Forces of Russia"),
        ("استهدفت مدفعية الجيش التركي القرى", "مدفعية الجيش التركي", "Military Forces of Turkey"),
        ("تقدمت قوات النظام السوري في البادية", "قوات النظام السوري", "Military Forces of Syria"),
        ("أطلقت المدفعية الإسرائيلية قذائف", "المدفعية الإسرائيلية", "Military Forces of Israel"),
        (
            "أغار الطيران الحربي الروسي على البلدة",
            "الطيران الحربي الروسي",
            "Military Forces of Russia",
        ),
        ("أسقطت طائرة مسيرة تركية صاروخا", "طائرة مسيرة تركية", "Military Forces of Turkey"),
        ("قتل جنديان من الجنود الأتراك", "الجنود الأتراك", "Military Forces of Turkey"),
        ("وصل جنود أمريكيون إلى القاعدة", "جنود أمريكيون", "Military Forces of the United States"),
        (
            "نفذت وحدات من الجيش اللبناني مداهمات",
            "وحدات من الجيش اللبناني",
            "Military Forces of Lebanon",
        ),
        ("اعتقلت الشرطة العراقية ثلاثة أشخاص", "الشرطة العراقية", "Police Forces of Iraq"),
        ("فرقت قوات الأمن المصرية التجمع", "قوات الأمن المصرية", "Police Forces of Egypt"),
        ("اعتقل الأمن الأردني المشتبه به", "الأمن الأردني", "Police Forces of Jordan"),
        ("داهمت قوات الاحتلال المخيم", "قوات الاحتلال", "Military Forces of Israel"),
        (
            "اقتحم جيش الاحتلال الإسرائيلي البلدة",
            "جيش الاحتلال الإسرائيلي",
            "Military Forces of Israel",
        ),
        ("اعتدت شرطة الاحتلال على المصلين", "شرطة الاحتلال", "Police Forces of Israel"),
        ("حلقت مقاتلات سعودية فوق المدينة", "مقاتلات سعودية", "Military Forces of Saudi Arabia"),
        (
            "أعلن سلاح الجو الإسرائيلي انتهاء الغارة",
            "سلاح الجو الإسرائيلي",
            "Military Forces of Israel",
        ),
        ("ردت البحرية الإيرانية على التحذير", "البحرية الإيرانية", "Military Forces of Iran"),
        (
            "هاجمت القوات الحكومية الأفغانية الحركة",
            "القوات الحكومية الأفغانية",
            "Military Forces of Afghanistan",
        ),
        ("دمرت دبابات الجيش الليبي العربات", "دبابات الجيش الليبي", "Military Forces of Libya"),
        ("عبر جيش مصر القناة", "جيش مصر", "Military Forces of Egypt"),
        (
            "انتشرت القوات الأمنية التونسية في الشوارع",
            "القوات الأمنية التونسية",
            "Police Forces of Tunisia",
        ),
    ],
)
def test_force_patterns(kb: ActorKB, text: str, surface: str, name_en: str) -> None:
    matches = kb.find(text)
    assert [(m.text, m.actor.name_en) for m in matches] == [(surface, name_en)]


@pytest.mark.parametrize(
    "text",
    [
        "يشكل ذلك تهديدا لأمن مصر",  # a country name after أمن is not the police
        "أبدى الوفد حماسا بحماس ظاهر",  # بحماس: with enthusiasm
        "أعادت الحكومة فتح المعابر",  # فتح alone is a verb here
        "أقامت القوات قاعدة عسكرية جديدة",  # قاعدة is a base; القوات alone names no one
        "شاركت الطائرات في العرض الجوي",  # a force noun without a nationality
        "استقبل المطار الحماس الجماهيري",  # الحماس: Hamas never takes the article
        "طالب بدولة مدنية ومؤسسات مدنية",  # مدنية (civil) is not مدنيا (civilians)
        "دعا إلى نصرة المظلومين",  # نصرة is support; only النصرة is the front
        "أقامت البلدية حزاما أمنيا وحزام أمني آخر",  # a buffer zone, not the Security Belt
        "سعت الدولة إلى امتلاك قوة ردع نووي",  # deterrence, not the Rada force
        "هبطت طائرة إيرانية في المطار",  # one airliner is not the armed forces
        "يتميز المجتمع بالعدل والمساواة",  # justice and equality, not JEM
        "",
    ],
)
def test_no_actor(kb: ActorKB, text: str) -> None:
    assert kb.find(text) == []


def test_punctuation_ends_a_name(kb: ActorKB) -> None:
    assert found(kb, "وصل الجيش، السوري منهم والعراقي") == [("الجيش", "government_forces")]
    assert found(kb, "قوات.\nالنظام") == []


def test_definite_noun_is_not_in_construct(kb: ActorKB) -> None:
    # مجلس الأمن + وحدات: the article on الأمن means a new phrase starts after it.
    assert found(kb, "لا يصنف مجلس الأمن وحدات حماية الشعب جماعة إرهابية") == [
        ("وحدات حماية الشعب", "ypg")
    ]
    assert found(kb, "وسيقود الجيش قوات الشرطة") == [
        ("الجيش", "government_forces"),
        ("قوات الشرطة", "security_forces"),
    ]


def test_named_actor_after_force_nouns(kb: ActorKB) -> None:
    assert found(kb, "قصفت طائرات التحالف الدولي الجسر") == [
        ("طائرات التحالف الدولي", "global_coalition")
    ]
    assert found(kb, "تقدمت قوات الجيش العربي السوري") == [
        ("قوات الجيش العربي السوري", "military_sy")
    ]


def test_bare_coalition_follows_the_text(kb: ActorKB) -> None:
    yemen = "شنت طائرات التحالف غارات على صنعاء، وقال الحوثيون إن غارات التحالف قتلت مدنيين"
    syria = "قالت مصادر إن غارات التحالف استهدفت مواقع داعش في الرقة"
    assert ("طائرات التحالف", "saudi_coalition") in found(kb, yemen)
    assert ("التحالف", "saudi_coalition") in found(kb, yemen)
    assert ("التحالف", "global_coalition") in found(kb, syria)
    assert found(kb, "وقع التحالف اتفاقا") == []  # no strike noun, no force noun


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أطلق مسلحون مجهولون النار على الحافلة", ("مسلحون مجهولون", "Unidentified Armed Group")),
        ("اغتال مسلحين مجهولين ضابطا", ("مسلحين مجهولين", "Unidentified Armed Group")),
        ("أضرم مجهولون النار في المكتب", ("مجهولون", "Unidentified Armed Group")),
        ("أغلق المحتجون الطريق الرئيسي", ("المحتجون", "Protesters")),
        ("تفرق المتظاهرين بعد الظهر", ("المتظاهرين", "Protesters")),
        ("خرج المتظاهرون العراقيون إلى الساحات", ("المتظاهرون العراقيون", "Protesters (Iraq)")),
        ("رفع محتجين لبنانيين لافتات", ("محتجين لبنانيين", "Protesters (Lebanon)")),
        ("قتل ثلاثة مدنيين في القصف", ("مدنيين", "Civilians")),
        ("قتل سبعة مدنيا", ("مدنيا", "Civilians")),
        ("نزح المدنيون السوريون من القرى", ("المدنيون السوريون", "Civilians (Syria)")),
        ("أحرق مثيرو الشغب الإطارات", ("مثيرو الشغب", "Rioters")),
        ("هاجم مستوطنون المزارعين", ("مستوطنون", "Israeli Settlers")),
    ],
)
def test_group_nouns(kb: ActorKB, text: str, expected: tuple[str, str]) -> None:
    assert [(m.text, m.actor.name_en) for m in kb.find(text)] == [expected]


def test_derived_group_actor(kb: ActorKB) -> None:
    actor = kb.get("protesters_iq")
    assert actor is not None
    assert (actor.canonical, actor.category, actor.country) == (
        "المتظاهرون العراقيون",
        "protesters",
        "IQ",
    )
    assert kb.lookup(actor.canonical) == actor


@pytest.mark.parametrize(
    ("phrase", "actor_id"),
    [
        ("الحوثيون", "houthis"),
        ("جماعة الحوثي", "houthis"),
        ("أنصار الله", "houthis"),
        ("ميليشيات الحوثي", "houthis"),
        ("الحشد الشعبي", "pmf"),
        ("قوات الدعم السريع", "rsf"),
        ("الجنجويد", "rsf"),
        ("وحدات حماية الشعب الكردية", "ypg"),
        ("هيئة تحرير الشام", "hts"),
        ("جبهة فتح الشام", "nusra"),
        ("قوات حفتر", "lna"),
        ("حكومة الوفاق", "gna"),
        ("التحالف العربي", "saudi_coalition"),
        ("تحالف دعم الشرعية", "saudi_coalition"),
        ("التحالف الدولي", "global_coalition"),
        ("جيش الاحتلال", "military_il"),
        ("الجيش الإسرائيلي", "military_il"),
        ("ولاية سيناء", "is_sinai"),
        ("كتائب القسام", "qassam"),
        ("سرايا القدس", "saraya_al_quds"),
        ("البيشمركة", "peshmerga"),
        ("البشمركة", "peshmerga"),
        ("«الجيش اللبناني»", "military_lb"),
        ("ISIS", "isis"),
        ("Houthis", "houthis"),
        ("  داعش  ", "isis"),
    ],
)
def test_lookup(kb: ActorKB, phrase: str, actor_id: str) -> None:
    actor = kb.lookup(phrase)
    assert actor is not None and actor.id == actor_id


@pytest.mark.parametrize("phrase", ["", "التحالف", "داعش في سوريا", "المرصد السوري", "hello"])
def test_lookup_needs_the_whole_phrase(kb: ActorKB, phrase: str) -> None:
    assert kb.lookup(phrase) is None


def test_every_canonical_name_looks_up_its_actor(kb: ActorKB) -> None:
    for actor in kb:
        assert kb.lookup(actor.canonical) == actor, actor.id


# --- odd input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\n", "Hello world, nothing here.", "123 456", "؟!«»"]
)
def test_odd_input_finds_nothing(kb: ActorKB, text: str) -> None:
    assert kb.find(text) == []


def test_latin_names_in_english_text(kb: ActorKB) -> None:
    assert found(kb, "The SDF and the YPG fought ISIS.") == [
        ("SDF", "sdf"),
        ("YPG", "ypg"),
        ("ISIS", "isis"),
    ]


def test_very_long_text(kb: ActorKB) -> None:
    sentence = "قصفت طائرات روسية مواقع لهيئة تحرير الشام، وردت فصائل المعارضة بقذائف. "
    text = sentence * 600  # about 44,000 characters
    begin = time.perf_counter()
    matches = kb.find(text)
    elapsed = time.perf_counter() - begin
    assert len(matches) == 3 * 600
    assert all(text[m.start : m.end] == m.text for m in matches)
    assert elapsed < 5.0


def test_match_record() -> None:
    kb = ActorKB.load()
    [m] = kb.find("قال داعش")
    assert isinstance(m, ActorMatch)
    assert (m.start, m.end, m.text, m.actor.id) == (4, 8, "داعش", "isis")


# --- the component --------------------------------------------------------------------------


def check_document(doc: Document) -> None:
    assert doc.offset_errors() == []
    assert schema_errors(doc.to_dict()) == []
    ids = [e.id for e in doc.entities]
    assert len(ids) == len(set(ids))
    assert [e.start for e in doc.entities] == sorted(e.start for e in doc.entities)


ARTICLE = (
    "قصفت طائرات روسية مواقع لهيئة تحرير الشام في ريف إدلب الجنوبي، فيما تقدمت قوات النظام "
    "السوري نحو بلدة جديدة. وقال مصدر محلي إن مسلحين مجهولين اغتالوا قياديا سابقا في الجيش "
    "السوري الحر، وإن ثلاثة مدنيين قتلوا في القصف.\n"
    "وفي العراق، أعلنت قوات الحشد الشعبي أنها صدت هجوما لداعش غرب الأنبار، بينما خرج "
    "المتظاهرون العراقيون في بغداد مطالبين بالإصلاح."
)


def test_component_end_to_end(nlp: Pipeline) -> None:
    doc = nlp(Document.from_text(ARTICLE))
    check_document(doc)
    assert doc.pipeline[-1] == NAME
    by_text = {e.text: e for e in doc.entities}
    for surface, name_en in [
        ("طائرات روسية", "Military Forces of Russia"),
        ("هيئة تحرير الشام", "Hay'at Tahrir al-Sham"),
        ("قوات النظام السوري", "Military Forces of Syria"),
        ("مسلحين مجهولين", "Unidentified Armed Group"),
        ("الجيش السوري الحر", "Free Syrian Army"),
        ("مدنيين", "Civilians"),
        ("قوات الحشد الشعبي", "Popular Mobilization Forces"),
        ("داعش", "Islamic State"),
        ("المتظاهرون العراقيون", "Protesters (Iraq)"),
    ]:
        assert surface in by_text, (surface, sorted(by_text))
        entity = by_text[surface]
        assert entity.name_en == name_en
        assert entity.label == "ORG"
        actor = actor_of(entity)
        assert actor is not None and actor.name_en == name_en
    isis = by_text["داعش"]
    assert isis.kb_id == "Q2429253" and isis.canonical == "تنظيم الدولة الإسلامية"
    # Places the tagger found are untouched.
    assert by_text["بغداد"].label == "LOC"


def test_component_requires_entities() -> None:
    with pytest.raises(PipelineError, match="entities"):
        Pipeline([create("sentences.rules.v1"), create("actors.kb.v1")])


def test_component_adds_new_entities_with_fresh_ids() -> None:
    text = "قال مسؤول إن طائرات روسية قصفت مواقع داعش"
    tagged = Entity("e7", "PER", 4, 9, "مسؤول", source="test")  # odd id on purpose
    doc = ActorLinker()(Document(text=text, entities=(tagged,)))
    check_document(doc)
    assert [e.id for e in doc.entities] == ["e7", "e8", "e9"]
    new = doc.entities[1]
    assert (new.label, new.text, new.source, new.score) == ("ORG", "طائرات روسية", NAME, None)
    assert new.canonical == "الجيش الروسي"


def test_partial_entity_takes_the_actor_span() -> None:
    text = "اشتبكت قوات الدعم السريع مع الجيش"
    start = text.index("الدعم")
    partial = Entity("e1", "ORG", start, start + len("الدعم السريع"), "الدعم السريع", score=0.8)
    doc = ActorLinker()(Document(text=text, entities=(partial,)))
    check_document(doc)
    first = doc.entities[0]
    assert (first.id, first.text, first.name_en) == (
        "e1",
        "قوات الدعم السريع",
        "Rapid Support Forces",
    )
    assert first.source == NAME and first.score is None


def test_split_entity_is_merged_and_references_follow() -> None:
    text = "تقدمت قوات سوريا الديمقراطية نحو الرقة"
    a = text.index("قوات")
    b = text.index("سوريا")
    e1 = Entity("e1", "ORG", a, a + 4, "قوات")
    e2 = Entity("e2", "LOC", b, b + len("سوريا"), "سوريا")
    place = Place("p1", "e2", "سوريا", country="SY")
    doc = ActorLinker()(Document(text=text, entities=(e1, e2), places=(place,)))
    check_document(doc)
    assert [(e.id, e.text, e.label) for e in doc.entities] == [
        ("e1", "قوات سوريا الديمقراطية", "ORG")
    ]
    assert doc.places[0].entity == "e1"


def test_longer_entity_keeps_its_span_and_takes_the_names() -> None:
    text = "هاجم الحشد الشعبي العراقي المواقع"
    start = text.index("الحشد")
    entity = Entity("e1", "ORG", start, start + len("الحشد الشعبي العراقي"), "الحشد الشعبي العراقي")
    doc = ActorLinker()(Document(text=text, entities=(entity,)))
    check_document(doc)
    [out] = doc.entities
    assert out.text == "الحشد الشعبي العراقي" and out.name_en == "Popular Mobilization Forces"


def test_unrelated_containing_entity_is_left_alone() -> None:
    text = "أفاد المرصد السوري لحقوق الإنسان بمقتل مدنيين"
    entity = Entity("e1", "ORG", 5, 32, text[5:32], canonical="المرصد السوري لحقوق الإنسان")
    doc = ActorLinker()(Document(text=text, entities=(entity,)))
    check_document(doc)
    assert doc.entities[0] == entity
    assert [e.text for e in doc.entities[1:]] == ["مدنيين"]


def test_tagged_org_resolved_by_its_canonical_name() -> None:
    # The matcher leaves bare القاعدة alone (a base, a rule); NER already named it.
    text = "هاجمت القاعدة الدورية"
    entity = Entity("e1", "ORG", 6, 13, "القاعدة", canonical="تنظيم القاعدة")
    doc = ActorLinker()(Document(text=text, entities=(entity,)))
    [out] = doc.entities
    assert out.name_en == "al-Qaeda" and out.kb_id == "Q34490"


@pytest.mark.parametrize("text", ["", "Nothing Arabic here.", "؟؟؟"])
def test_component_odd_input(nlp: Pipeline, text: str) -> None:
    doc = nlp(Document.from_text(text))
    check_document(doc)


def test_component_long_input(nlp: Pipeline) -> None:
    doc = nlp(Document.from_text(ARTICLE * 20))
    check_document(doc)
    assert sum(e.name_en == "Islamic State" for e in doc.entities) == 20


def test_actor_of_falls_back_to_text() -> None:
    entity = Entity("e1", "ORG", 0, 8, "الحوثيين", canonical="شيء آخر")
    actor = actor_of(entity)
    assert actor is not None and actor.id == "houthis"
    assert actor_of(Entity("e2", "LOC", 0, 5, "حلب")) is None


# -- actors.country.v1: generic actors placed in their country ---------------------------------


@pytest.fixture(scope="module")
def full() -> Pipeline:
    from marsad.services.analysis import default_settings

    settings = default_settings()
    assert settings.pipeline.components[-1] == "actors.country.v1"
    return Pipeline([create(name) for name in settings.pipeline.components])


def _orgs(doc: Document) -> dict[str, str | None]:
    return {e.text: e.name_en for e in doc.entities if e.label == "ORG"}


def test_a_generic_army_takes_the_country_of_its_event(full: Pipeline) -> None:
    doc = full(
        Document.from_text(
            "قصف الجيش مواقع لتنظيم الدولة في محافظة الأنبار غربي العراق يوم الاثنين، ما "
            "أسفر عن مقتل عشرة مسلحين."
        )
    )
    army = next(e for e in doc.entities if e.text == "الجيش")
    assert (army.canonical, army.name_en) == ("الجيش العراقي", "Military Forces of Iraq")
    assert any(army.id in (v.actor1, v.actor2) for v in doc.events)
    assert army.generic  # the event's actor, not a named entity
    assert _orgs(doc)["تنظيم الدولة"] == "Islamic State"  # a named actor is left alone
    assert not next(e for e in doc.entities if e.text == "تنظيم الدولة").generic


def test_a_generic_actor_takes_the_one_country_its_sentence_names(full: Pipeline) -> None:
    one = full(Document.from_text("اعتقلت قوات الأمن خمسة أشخاص في القاهرة مساء أمس."))
    assert _orgs(one)["قوات الأمن"] == "Police Forces of Egypt"
    # Two countries in the sentence: it stays generic.
    two = full(Document.from_text("قالت قوات الأمن إن الوضع في بغداد ودمشق هادئ."))
    assert _orgs(two)["قوات الأمن"] == "Police Forces (country unknown)"


def test_a_bare_generic_that_nothing_points_at_is_no_entity(full: Pipeline) -> None:
    """The corpus guidelines: «المتظاهرين», «قوات الأمن» alone are no named entities. The
    linker adds them for the events; one that no event, quote or figure uses goes."""
    text = "وأفاد شهود بأن المتظاهرين تجمعوا أمام البرلمان. وتقع بغداد على نهر دجلة."
    without = Pipeline([create(n) for n in [*PIPELINE, "places.gazetteer.v1"]])
    assert "المتظاهرين" in _orgs(without(Document.from_text(text)))  # the linker's
    assert "المتظاهرين" not in _orgs(full(Document.from_text(text)))
    # A quote's speaker stays, in its sentence's country.
    said = full(Document.from_text("وقالت قوات الأمن إنها تلاحق المهاجمين شرقي الموصل."))
    police = next(e for e in said.entities if e.text == "قوات الأمن")
    assert police.name_en == "Police Forces of Iraq"
    assert police.generic
    assert any(q.speaker and q.speaker.entity == police.id for q in said.quotes)


def test_the_event_country_wins_over_the_sentence_and_only_generic_actors_move() -> None:
    from marsad.doc import Event, Span
    from marsad.extract.actors.country import ActorCountry

    text = "قتل الجيش مدنيين قرب بلدة على حدود العراق"
    spans = {w: (text.index(w), text.index(w) + len(w)) for w in ("الجيش", "مدنيين", "العراق")}
    entities = tuple(
        Entity(f"e{i}", label, *spans[w], w)
        for i, (label, w) in enumerate((("ORG", "الجيش"), ("ORG", "مدنيين"), ("LOC", "العراق")))
    )
    doc = Document.from_text(text).with_(
        sentences=(Span(0, len(text), text),),
        entities=entities,
        places=(
            Place("p1", "e2", "العراق", country="IQ"),
            Place("p2", None, "إدلب", country="SY"),  # the event's place, not in the text
        ),
        events=(
            Event(
                "v1",
                "violence_against_civilians",
                "attack",
                Span(0, 3, "قتل"),
                Span(0, len(text), text),
                actor1="e0",
                place="p2",
            ),
        ),
    )
    out = ActorCountry()(doc)
    names = {e.id: e.name_en for e in out.entities}
    assert names["e0"] == "Military Forces of Syria"  # the event's country
    assert names["e1"] == "Civilians (Iraq)"  # not an actor of the event: its sentence's
    assert out.entities[2] == doc.entities[2]  # a place mention is left alone
    assert [(e.start, e.end, e.text) for e in out.entities] == [
        (e.start, e.end, e.text) for e in doc.entities
    ]


def test_only_kinds_of_actors_are_generic(kb: ActorKB) -> None:
    """The Islamic State and the coalitions have no country either, but each is one actor:
    actors.country.v1 neither places nor drops them."""
    from marsad.extract.actors.country import ActorCountry

    assert [kb.is_generic(kb.lookup(w)) for w in ("الجيش", "المدنيين", "مسلحون مجهولون")] == [
        True,
        True,
        True,
    ]
    named = ("تنظيم الدولة الإسلامية", "التحالف العربي", "تنظيم القاعدة")
    assert [kb.is_generic(kb.lookup(w)) for w in named] == [False, False, False]
    text = "ينشط تنظيم الدولة الإسلامية في المنطقة"
    start = text.index("تنظيم")
    entity = Entity("e1", "ORG", start, start + 22, text[start : start + 22], source=NAME)
    doc = Document.from_text(text).with_(entities=(entity,))
    assert ActorCountry(kb)(doc).entities == (entity,)  # unused, but named: kept, as a name


def test_an_unused_mention_of_an_actors_members_or_weapons_is_no_entity(kb: ActorKB) -> None:
    """«الجنود الإسرائيليين», «مقاتلو المعارضة», «طائرات التحالف» describe an actor's members or
    weapons; the corpus guidelines tag no such mention. The linker's unused ones go, one an
    event points at stays (its actor), and so does a named actor or a tagger's mention."""
    from marsad.doc import Event, Span
    from marsad.extract.actors.country import ActorCountry, descriptive

    assert [descriptive(w) for w in ("مقاتلو المعارضة", "لمستوطنين", "طائرات التحالف")] == [
        True,
        True,
        True,
    ]
    assert [descriptive(w) for w in ("قوات التحالف", "الجيش الإسرائيلي", "طيران التحالف")] == [
        False,
        False,
        False,
    ]
    text = "وصل الجنود الإسرائيليين إلى القرية، وقصفت طائرات التحالف مخزنا، وتقدم مقاتلو المعارضة."

    def mention(n: int, words: str, source: str | None = NAME) -> Entity:
        start = text.index(words)
        return Entity(f"e{n}", "ORG", start, start + len(words), words, source=source)

    soldiers, planes, fighters = (
        mention(1, "الجنود الإسرائيليين"),
        mention(2, "طائرات التحالف"),
        mention(3, "مقاتلو المعارضة", source="ner.crf.v1"),
    )
    strike = Event(
        "v1",
        "explosions_remote_violence",
        "air_drone_strike",
        Span(text.index("قصفت"), text.index("قصفت") + 4, "قصفت"),
        Span(0, len(text), text),
        actor1="e2",
    )
    doc = Document.from_text(text).with_(
        sentences=(Span(0, len(text), text),),
        entities=(soldiers, planes, fighters),
        events=(strike,),
    )
    out = ActorCountry(kb)(doc).entities
    assert [e.id for e in out] == ["e2", "e3"]  # the unused soldiers go; the event's planes
    # and the tagger's stay; the planes as the event's generic entity, no name
    assert [e.generic for e in out] == [True, False]


def test_a_bare_alias_stays_linked_but_is_no_name(kb: ActorKB) -> None:
    """«قوات النظام» is the Syrian army in a Syrian story and events need it as their actor,
    but it names no one (the corpus guidelines: a bare generic is no entity); «قوات سوريا
    الديمقراطية» and a tagger's mention are names."""
    from marsad.extract.actors.country import ActorCountry, bare

    assert [bare(w) for w in ("قوات النظام", "لتحالف", "الفصائل المعارضة")] == [True] * 3
    assert [bare(w) for w in ("قوات النظام السوري", "قوات الشرعية", "التحالف الدولي")] == [
        False
    ] * 3
    text = "تقدمت قوات النظام نحو درعا وقاتلت قوات سوريا الديمقراطية، وقصفت قوات التحالف."

    def mention(n: int, words: str, source: str = NAME) -> Entity:
        start = text.index(words)
        return Entity(f"e{n}", "ORG", start, start + len(words), words, source=source)

    army = kb.lookup("قوات النظام")
    assert army is not None
    entities = (
        linked(mention(1, "قوات النظام"), army),
        mention(2, "قوات سوريا الديمقراطية"),
        mention(3, "قوات التحالف", source="ner.crf.v1"),
    )
    doc = Document.from_text(text).with_(entities=entities)
    out = ActorCountry(kb)(doc).entities
    assert [(e.id, e.generic) for e in out] == [("e1", True), ("e2", False), ("e3", False)]
    assert out[0].name_en == "Military Forces of Syria"  # still linked, though unused
