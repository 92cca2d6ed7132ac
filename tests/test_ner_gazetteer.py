"""The NER gazetteer: the shipped table (examples that must hold) and Gazetteer on small tables."""

from __future__ import annotations

import pytest

from marsad.arabic.normalize import normalize_text
from marsad.extract.entities.gazetteer import (
    MAX_PHRASE_WORDS,
    TYPES,
    Gazetteer,
    GazetteerEntry,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


# --------------------------------------------------------------------------------------------
# The shipped table


def test_load_is_cached() -> None:
    # Load time is measured in bench/ner.py (model and resources together), not here.
    first = Gazetteer.load()
    assert Gazetteer.load() is first
    assert len(first) > 50_000


@pytest.mark.parametrize("name", ["سوريا", "سورية", "سوريه"])
def test_syria_spellings_are_country(gaz: Gazetteer, name: str) -> None:
    assert "COUNTRY" in gaz.types_of(normalize_text(name))
    best = gaz.lookup(name)[0]
    assert (best.type, best.name_en) == ("COUNTRY", "Syria")


@pytest.mark.parametrize(
    ("form", "kind"),
    [
        ("الموصل", "CITY"),
        ("موصل", "CITY"),
        ("حلب", "CITY"),
        ("بغداد", "CITY"),
        ("محافظة", "LOC_CUE"),
        ("المحافظة", "LOC_CUE"),
        ("وزارة", "ORG_CUE"),
        ("الوزارة", "ORG_CUE"),
        ("الرئيس", "PER_CUE"),
        ("العقيد", "PER_CUE"),
        ("محمد", "PERSON"),
        ("العراق", "COUNTRY"),
        ("أمريكا", "COUNTRY"),
        ("أميركا", "COUNTRY"),
        ("بريطانيا", "COUNTRY"),
        ("روسيا", "COUNTRY"),
        ("السعودية", "COUNTRY"),
        ("الإمارات", "COUNTRY"),
        ("نينوى", "ADMIN"),
        ("السوري", "NATIONALITY"),
        ("العراقيين", "NATIONALITY"),
        ("الأمريكية", "NATIONALITY"),
    ],
)
def test_shipped_types(gaz: Gazetteer, form: str, kind: str) -> None:
    assert kind in gaz.types_of(normalize_text(form))


def test_raw_forms_are_normalized(gaz: Gazetteer) -> None:
    # types_of and person_weight accept unnormalized words (ة, hamza, harakat) as well
    assert gaz.types_of("محافظة") == gaz.types_of("محافظه")
    assert gaz.person_weight("مُحَمَّد") == gaz.person_weight("محمد") > 100


def test_person_weights(gaz: Gazetteer) -> None:
    assert gaz.person_weight("محمد") > gaz.person_weight("ترامب") > 0
    assert gaz.person_weight("في") == 0.0  # function word: dropped from the name tokens
    assert gaz.person_weight("الموصل") == 0.0


def test_mosul_entry(gaz: Gazetteer) -> None:
    city = next(e for e in gaz.lookup("الموصل") if e.type == "CITY")
    assert city.name_en == "Mosul"
    assert city.weight > 1_000_000


def test_match_country_phrase(gaz: Gazetteer) -> None:
    forms = ["قال", "الرئيس", "في", "الولايات", "المتحدة"]
    hits = gaz.match([normalize_text(f) for f in forms])
    country = [(s, e, x.name_en) for s, e, x in hits if x.type == "COUNTRY"]
    assert country == [(3, 5, "United States")]


def test_match_longest_and_priority(gaz: Gazetteer) -> None:
    forms = normalize_text("وصل الى الإمارات العربية المتحدة من عمان و بغداد").split()
    hits = {(s, e): x for s, e, x in gaz.match(forms)}
    assert hits[(2, 5)].name_en == "United Arab Emirates"  # not الإمارات alone
    assert hits[(6, 7)].type == "COUNTRY"  # عمان: Oman (COUNTRY) beats Amman (CITY)
    assert hits[(8, 9)].type == "ADMIN"  # بغداد: the governorate beats the city
    places = gaz.match(forms, types={"CITY"})
    assert [(s, e, x.name_en) for s, e, x in places if s == 6] == [(6, 7, "Amman")]


def test_shipped_phrases_are_normalized_and_short(gaz: Gazetteer) -> None:
    for phrase, entries in gaz._by_phrase.items():
        assert phrase == " ".join(normalize_text(phrase).split())
        assert 1 <= len(phrase.split(" ")) <= MAX_PHRASE_WORDS
        for e in entries:
            assert e.type in TYPES


def test_generic_words_are_not_places(gaz: Gazetteer) -> None:
    for word in ("الخميس", "العاصمة", "الجديدة", "مدينة"):
        assert not gaz.types_of(normalize_text(word)) & {"CITY", "ADMIN"}, word


# --------------------------------------------------------------------------------------------
# Gazetteer on small tables


def small() -> Gazetteer:
    return Gazetteer.from_rows(
        [
            ("سورية", "COUNTRY", "Syria", 100),
            ("الموصل", "CITY", "Mosul", 1_600_000),
            ("حلب", "CITY", "Aleppo", 2_000_000),
            ("بغداد", "CITY", "Baghdad", 7_000_000),
            ("بغداد", "ADMIN", "Baghdad Governorate", 1),
            ("دير الزور", "CITY", "Deir ez-Zor", 240_000),
            ("دير", "CITY", "Deir", 5),
            ("الولايات المتحدة", "COUNTRY", "United States", 300),
            ("الولايات المتحدة الأمريكية", "COUNTRY", "United States", 300),
            ("محمد", "PERSON", "mohamed", 1303),
            ("وزارة", "ORG_CUE", None, 1),
            ("الرئيس", "PER_CUE", "", 1),
            ("الحسن", "PERSON", "hassan", 7),
            ("صور", "CITY", "Tyre", 100),
        ]
    )


def test_from_rows_normalizes_and_builds_entries() -> None:
    g = small()
    assert g.lookup("سوريه") == [GazetteerEntry("سوريه", "COUNTRY", "Syria", 100.0)]
    assert g.lookup("سورية") == g.lookup("سوريه")
    assert g.lookup("وزارة")[0].name_en is None
    assert g.lookup("الرئيس")[0].name_en is None  # "" means no English name
    assert g.lookup("غير موجود") == []
    assert len(g) == 14


def test_types_of_toggles_the_article_for_towns_only() -> None:
    g = small()
    assert g.types_of("الموصل") == {"CITY"}
    assert g.types_of("موصل") == {"CITY"}
    assert g.types_of("السوريه") == frozenset()  # countries: the adjective is not Syria
    assert g.types_of("حسن") == frozenset()  # person tokens are not toggled
    assert g.types_of("الصور") == frozenset()  # bare form under four letters: not toggled
    assert g.types_of("بغداد") == {"CITY", "ADMIN"}
    assert g.types_of("الولايات") == frozenset()  # only one-word phrases count


def test_person_weight() -> None:
    g = small()
    assert g.person_weight("محمد") == 1303.0
    assert g.person_weight("سوريه") == 0.0


def test_match_greedy_longest_non_overlapping() -> None:
    g = small()
    forms = normalize_text("زار الرئيس الولايات المتحدة الأمريكية ثم دير الزور وبغداد").split()
    got = [(s, e, x.type, x.name_en) for s, e, x in g.match(forms)]
    assert got == [
        (1, 2, "PER_CUE", None),
        (2, 5, "COUNTRY", "United States"),
        (6, 8, "CITY", "Deir ez-Zor"),  # the two-word phrase, not دير alone
    ]  # وبغداد is one unsegmented word: no match (callers pass stems)


def test_match_priority_and_type_filter() -> None:
    g = small()
    assert [x.type for _, _, x in g.match(["بغداد"])] == ["ADMIN"]
    assert [x.type for _, _, x in g.match(["بغداد"], types={"CITY"})] == ["CITY"]
    assert g.match(["الرئيس", "محمد"], types={"COUNTRY"}) == []


def test_match_is_exact_and_handles_edges() -> None:
    g = small()
    assert g.match([]) == []
    assert g.match(["موصل"]) == []  # types_of toggles the article, the matcher does not
    assert [(s, e) for s, e, _ in g.match(["دير"])] == [(0, 1)]  # phrase cut by the end
    assert [(s, e) for s, e, _ in g.match(["الولايات", "الموصل"])] == [(1, 2)]


def test_lookup_sorts_by_priority_then_weight() -> None:
    g = Gazetteer.from_rows(
        [
            ("طرابلس", "CITY", "Tripoli (Lebanon)", 229_398),
            ("طرابلس", "PERSON", "tarabulsi", 3),
            ("طرابلس", "CITY", "Tripoli", 1_150_989),
            ("طرابلس", "ADMIN", "Tripoli District", 1),
        ]
    )
    assert [(e.type, e.name_en) for e in g.lookup("طرابلس")] == [
        ("ADMIN", "Tripoli District"),
        ("CITY", "Tripoli"),
        ("CITY", "Tripoli (Lebanon)"),
        ("PERSON", "tarabulsi"),
    ]


def test_from_lines_reads_the_file_format() -> None:
    lines = [
        "# comment",
        "phrase\ttype\tname_en\tweight",
        "سوريه\tCOUNTRY\tSyria\t16906283",
        "وزاره\tORG_CUE\t\t1",
        "",
    ]
    g = Gazetteer.from_lines(lines)
    assert g.lookup("سوريه")[0].weight == 16906283.0
    assert g.lookup("وزاره")[0].name_en is None
    assert len(g) == 2
