"""Tests for marsad.extract.entities.canonical: variant keys, the alias table, canonical names
in an article.

All Arabic sentences and mentions are written for these tests. Entities are built with offsets
into the test's own text, so ``text[start:end] == entity.text`` holds for every one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import pytest

from marsad.doc import Entity, EntityLabel
from marsad.extract.entities.canonical import (
    AliasEntry,
    AliasTable,
    canonicalize,
    clean_mention,
    variant_key,
)

# --- helpers --------------------------------------------------------------------------------


def mentions(text: str, spec: Sequence[tuple[str, EntityLabel]]) -> list[Entity]:
    """Entities for each (surface, label) in order, found left to right in ``text``."""
    out: list[Entity] = []
    pos = 0
    for n, (surface, label) in enumerate(spec, 1):
        start = text.index(surface, pos)
        end = start + len(surface)
        out.append(Entity(f"e{n}", label, start, end, surface, score=0.9, source="test"))
        pos = end
    return out


def fake_translit(name: str) -> str:
    """A stand-in transliterator: knows two names, marks anything else."""
    known = {"جون كيربي": "John Kirby", "مايكل هارت": "Michael Hart"}
    return known.get(name, f"<{name}>")


def by_text(entities: Sequence[Entity]) -> dict[str, Entity]:
    return {e.text: e for e in entities}


# --- variant_key ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("البنتاغون", "البنتاجون"),  # foreign G written غ or ج
        ("غوتيريش", "جوتيريش"),
        ("گوتيريش", "غوتيريش"),  # Persian gaf
        ("سورية", "سوريا"),  # final ية / يا of a bare word
        ("ليبية", "ليبيا"),
        ("الديموقراطية", "الديمقراطية"),  # و dropped in وقراط
        ("البيروقراطية", "البيروقراطيه"),
        ("إيران", "ايران"),  # hamza on alef
        ("مُحَمَّد", "محمد"),  # harakat
        ("كيـــربي", "كيربي"),  # tatweel
        ("عبد الله الثاني", "عبدالله الثاني"),  # عبد joined
        ("تنظيم الدولة", "تنظيم دولة"),  # article dropped per word
        ("ISIS", "isis"),  # Latin case
        ("Erdoğan", "Erdogan"),  # Latin accents
        ("al-Qaeda", "Al Qaeda"),  # punctuation
        ("U.S.", "US"),  # abbreviation dots
        ("«داعش»", "داعش"),
        ("جون  \u200fكيربي", "جون كيربي"),  # bidi mark, double space
    ],
)
def test_variant_key_unifies(a: str, b: str) -> None:
    assert variant_key(a) == variant_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("التركية", "تركيا"),  # a definite adjective is not the country
        ("السورية", "سوريا"),
        ("مسؤول", "مسوول"),  # ؤ kept, as in normalize_text
        ("أمريكا", "أميركا"),  # a reordering: the alias table's job, not a rule
        ("كوكل", "غوغل"),  # ك is not folded with غ/ج
    ],
)
def test_variant_key_keeps_apart(a: str, b: str) -> None:
    assert variant_key(a) != variant_key(b)


def test_variant_key_article_rule_needs_a_word_left() -> None:
    # "ال" alone or "الى" (إلى) are not an article + word.
    assert variant_key("ال") == "ال"
    assert variant_key("إلى") == "الي"
    assert variant_key("الموصل") == "موصل"


def test_variant_key_examples() -> None:
    assert variant_key("قوات سوريا الديموقراطية") == "قوات سوريا ديمقراطيه"
    assert variant_key("عبد الرحمن") == "عبدالرحمن"
    assert variant_key("Erdoğan") == "erdogan"
    assert variant_key("") == ""


def test_clean_mention_keeps_letters() -> None:
    assert clean_mention("  إِسْمَاعِيل   هَنِيَّة ") == "إسماعيل هنية"
    assert clean_mention("سورية") == "سورية"  # no letter is changed
    assert clean_mention("البنتا\u200cجون") == "البنتاجون"


# --- the packaged alias table ---------------------------------------------------------------


def _tsv_lines() -> list[str]:
    resource = resources.files("marsad.resources").joinpath("entities", "aliases.tsv")
    return resource.read_text(encoding="utf-8").splitlines()


def test_tsv_shape() -> None:
    lines = _tsv_lines()
    assert lines[0] == "canonical\tlabel\tname_en\tkb_id\taliases"
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    assert len(rows) >= 80
    assert all(len(row) == 5 for row in rows)
    assert all(row[1] in {"PER", "ORG", "LOC", "MISC"} for row in rows)
    assert len(AliasTable.load()) == len(rows)


def test_tsv_no_alias_key_shared_by_two_entries() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for entry in AliasTable.from_lines(_tsv_lines()):
        for name in entry.names():
            key = variant_key(name)
            if owner.setdefault(key, entry.canonical) != entry.canonical:
                clashes.append((name, owner[key], entry.canonical))
    assert clashes == []


def test_tsv_qids_are_unique_and_well_formed() -> None:
    qids = [e.kb_id for e in AliasTable.load() if e.kb_id]
    assert len(qids) == len(set(qids))
    assert all(q.startswith("Q") and q[1:].isdigit() for q in qids)


@pytest.mark.parametrize(
    ("mention", "canonical", "kb_id"),
    [
        ("داعش", "تنظيم الدولة الإسلامية", "Q2429253"),
        ("تنظيم الدولة", "تنظيم الدولة الإسلامية", "Q2429253"),
        ("ISIS", "تنظيم الدولة الإسلامية", "Q2429253"),
        ("البنتاجون", "البنتاغون", "Q11209"),
        ("وزارة الدفاع الأميركية", "البنتاغون", "Q11209"),
        ("أميركا", "الولايات المتحدة", "Q30"),
        ("سورية", "سوريا", "Q858"),
        ("قسد", "قوات سوريا الديمقراطية", None),
        ("أنصار الله", "الحوثيون", None),
        ("الحوثيين", "الحوثيون", None),
        ("الناتو", "حلف شمال الأطلسي", "Q7184"),
        ("أ ف ب", "فرانس برس", "Q40464"),
    ],
)
def test_lookup(mention: str, canonical: str, kb_id: str | None) -> None:
    entry = AliasTable.load().lookup(mention)
    assert entry is not None
    assert (entry.canonical, entry.kb_id) == (canonical, kb_id)


def test_lookup_respects_person_label() -> None:
    table = AliasTable.load()
    assert table.lookup("ترامب", "PER") is not None
    assert table.lookup("ترامب", "LOC") is None  # a place is never a person's entry
    assert table.lookup("روسيا", "ORG") is not None  # ORG/LOC metonymy is allowed
    assert table.lookup("مدينة لا يعرفها الجدول") is None


def test_load_is_cached() -> None:
    assert AliasTable.load() is AliasTable.load()


def test_from_lines_rejects_a_shared_alias() -> None:
    lines = [
        "canonical\tlabel\tname_en\tkb_id\taliases",
        "البنتاغون\tORG\tThe Pentagon\tQ11208\t",
        "وزارة الدفاع\tORG\t\t\tالبنتاجون",  # same key as البنتاغون
    ]
    with pytest.raises(ValueError, match="already an alias"):
        AliasTable.from_lines(lines)


@pytest.mark.parametrize(
    "row",
    [
        "حماس\tGROUP\tHamas\t\t",  # unknown label
        "حماس\tORG\tHamas\t38799\t",  # not a QID
        "حماس\tORG\tHamas",  # missing columns
        "\tORG\tHamas\t\t",  # no canonical name
    ],
)
def test_from_lines_rejects_bad_rows(row: str) -> None:
    with pytest.raises(ValueError):
        AliasTable.from_lines(["canonical\tlabel\tname_en\tkb_id\taliases", row])


def test_from_lines_needs_the_header() -> None:
    with pytest.raises(ValueError, match="header"):
        AliasTable.from_lines(["حماس\tORG\tHamas\t\t"])


# --- canonicalize ---------------------------------------------------------------------------

EMPTY = AliasTable([])


def test_surname_resolves_to_full_name_with_english_name() -> None:
    text = (
        "وقال المتحدث باسم البنتاغون جون كيربي للصحفيين إن الضربة استهدفت مخزنا للأسلحة. "
        "وأضاف كيربي أن التحقيق مستمر."
    )
    ents = mentions(text, [("البنتاغون", "ORG"), ("جون كيربي", "PER"), ("كيربي", "PER")])
    out = by_text(canonicalize(ents, aliases=EMPTY, transliterate=fake_translit))
    assert out["كيربي"].canonical == "جون كيربي"
    assert out["كيربي"].name_en == "John Kirby"
    assert out["جون كيربي"].name_en == "John Kirby"
    assert out["البنتاغون"].name_en is None  # not a person, not in this (empty) table


def test_surname_before_full_name_also_resolves() -> None:
    text = "قال هارت إن الوفد وصل. وكان مايكل هارت قد زار المدينة أمس."
    ents = mentions(text, [("هارت", "PER"), ("مايكل هارت", "PER")])
    out = canonicalize(ents, aliases=EMPTY, transliterate=fake_translit)
    assert [e.canonical for e in out] == ["مايكل هارت", "مايكل هارت"]
    assert [e.name_en for e in out] == ["Michael Hart", "Michael Hart"]


def test_ambiguous_surname_is_left_alone() -> None:
    text = "التقى مايكل هارت وسارة هارت بالمحافظ، وقال هارت إن اللقاء كان إيجابيا."
    ents = mentions(text, [("مايكل هارت", "PER"), ("سارة هارت", "PER"), ("هارت", "PER")])
    out = by_text(canonicalize(ents, aliases=EMPTY, transliterate=fake_translit))
    assert out["هارت"].canonical == "هارت"
    assert out["هارت"].name_en == "<هارت>"
    assert out["سارة هارت"].canonical == "سارة هارت"


def test_nested_full_names_resolve_to_the_longest() -> None:
    text = "أعلن جون ف. كيربي أن جون كيربي سيغادر، ثم قال كيربي إنه باق."
    ents = mentions(text, [("جون ف. كيربي", "PER"), ("جون كيربي", "PER"), ("كيربي", "PER")])
    out = canonicalize(ents, aliases=EMPTY)
    assert {e.canonical for e in out} == {"جون ف. كيربي"}
    assert all(e.name_en is None for e in out)  # no transliterator, no table entry


def test_particle_alone_is_not_resolved() -> None:
    text = "قال محمد بن راشد إن بن سيعود."
    ents = mentions(text, [("محمد بن راشد", "PER"), ("بن", "PER")])
    out = canonicalize(ents, aliases=EMPTY)
    assert out[1].canonical == "بن"


def test_short_name_is_not_taken_from_an_organization() -> None:
    text = "أصدرت مؤسسة هارت بيانا، وقال هارت إنه لم يطلع عليه."
    ents = mentions(text, [("مؤسسة هارت", "ORG"), ("هارت", "PER")])
    out = canonicalize(ents, aliases=EMPTY)
    assert out[1].canonical == "هارت"


def test_pentagon_spellings_unify_with_the_table() -> None:
    text = "نفى البنتاجون التقرير، لكن مسؤولا في البنتاغون أكده لاحقا، كما قال البنتاجون."
    ents = mentions(text, [("البنتاجون", "ORG"), ("البنتاغون", "ORG"), ("البنتاجون", "ORG")])
    out = canonicalize(ents)
    assert {e.canonical for e in out} == {"البنتاغون"}
    assert {e.kb_id for e in out} == {"Q11209"}
    assert {e.name_en for e in out} == {"United States Department of Defense"}


def test_spellings_unify_to_the_most_frequent_form_without_table() -> None:
    text = "نفى البنتاجون التقرير، لكن مسؤولا في البنتاغون أكده، ثم عاد البنتاغون ونفاه."
    ents = mentions(text, [("البنتاجون", "ORG"), ("البنتاغون", "ORG"), ("البنتاغون", "ORG")])
    out = canonicalize(ents, aliases=EMPTY)
    assert [e.canonical for e in out] == ["البنتاغون"] * 3
    # a tie goes to the first form seen
    tie = canonicalize(ents[:2], aliases=EMPTY)
    assert [e.canonical for e in tie] == ["البنتاجون"] * 2


def test_syria_spellings_unify() -> None:
    text = "عاد اللاجئون إلى سورية بعد أن غادروا سوريا قبل عشر سنوات."
    ents = mentions(text, [("سورية", "LOC"), ("سوريا", "LOC")])
    out = canonicalize(ents)
    assert [e.canonical for e in out] == ["سوريا", "سوريا"]
    assert [e.kb_id for e in out] == ["Q858", "Q858"]
    # Without the table the first-seen form wins, on the variant key alone.
    assert [e.canonical for e in canonicalize(ents, aliases=EMPTY)] == ["سورية", "سورية"]


def test_isis_names_share_canonical_and_qid() -> None:
    text = "تبنى تنظيم الدولة الإسلامية الهجوم، فيما قالت مصادر إن داعش فقد مواقعه قرب الرقة."
    ents = mentions(text, [("تنظيم الدولة الإسلامية", "ORG"), ("داعش", "ORG"), ("الرقة", "LOC")])
    out = canonicalize(ents)
    assert out[0].canonical == out[1].canonical == "تنظيم الدولة الإسلامية"
    assert out[0].kb_id == out[1].kb_id == "Q2429253"
    assert out[1].name_en == "Islamic State"
    assert (out[2].canonical, out[2].kb_id) == ("الرقة", "Q283368")


def test_short_mention_takes_the_table_entry_of_its_full_name() -> None:
    table = AliasTable(
        [AliasEntry("مايكل هارت", "PER", "Michael Hart", "Q999999", ("Michael Hart",))]
    )
    text = "قال مايكل هارت إن هارت لن يترشح."
    ents = mentions(text, [("مايكل هارت", "PER"), ("هارت", "PER")])
    out = canonicalize(ents, aliases=table, transliterate=fake_translit)
    assert [(e.canonical, e.name_en, e.kb_id) for e in out] == [
        ("مايكل هارت", "Michael Hart", "Q999999")
    ] * 2


def test_table_beats_transliteration_for_people() -> None:
    text = "قال أردوغان إن رجب طيب أردوغان لا يحتاج إلى تعريف."
    ents = mentions(text, [("أردوغان", "PER"), ("رجب طيب أردوغان", "PER")])
    out = canonicalize(ents, transliterate=fake_translit)
    assert {(e.canonical, e.name_en, e.kb_id) for e in out} == {
        ("رجب طيب أردوغان", "Recep Tayyip Erdoğan", "Q39259")
    }


def test_fallback_cleans_the_mention() -> None:
    text = "وصل وفدُ مجلسِ  المـدينة إلى مَرْكَز الإيواء."
    surface = "مجلسِ  المـدينة"
    start = text.index(surface)
    ent = Entity("e1", "ORG", start, start + len(surface), surface)
    (out,) = canonicalize([ent], aliases=EMPTY, transliterate=fake_translit)
    assert out.canonical == "مجلس المدينة"
    assert out.name_en is None  # transliteration is for persons only
    assert out.kb_id is None


def test_ids_offsets_and_provenance_are_kept() -> None:
    text = "قال جون كيربي إن البنتاجون لن يعلق، وأضاف كيربي أن سورية ليست طرفا."
    ents = mentions(
        text,
        [("جون كيربي", "PER"), ("البنتاجون", "ORG"), ("كيربي", "PER"), ("سورية", "LOC")],
    )
    out = canonicalize(ents, transliterate=fake_translit)
    assert len(out) == len(ents)
    for before, after in zip(ents, out, strict=True):
        assert (after.id, after.label, after.start, after.end, after.text) == (
            before.id,
            before.label,
            before.start,
            before.end,
            before.text,
        )
        assert (after.score, after.source) == (before.score, before.source)
        assert text[after.start : after.end] == after.text
    assert ents[0].canonical is None  # the input is not changed


def test_existing_values_are_kept_when_nothing_better_is_known() -> None:
    text = "زار الوفد بلدة صغيرة."
    start = text.index("بلدة صغيرة")
    ent = Entity("e1", "LOC", start, start + 10, "بلدة صغيرة", name_en="Small Town", kb_id="Q1")
    (out,) = canonicalize([ent], aliases=EMPTY)
    assert (out.name_en, out.kb_id) == ("Small Town", "Q1")


def test_transliterate_is_called_once_per_name() -> None:
    calls: list[str] = []

    def counting(name: str) -> str:
        calls.append(name)
        return name

    text = "قال جون كيربي، ثم قال كيربي، وكرر كيربي."
    ents = mentions(text, [("جون كيربي", "PER"), ("كيربي", "PER"), ("كيربي", "PER")])
    canonicalize(ents, aliases=EMPTY, transliterate=counting)
    assert calls == ["جون كيربي"]


def test_empty_input() -> None:
    assert canonicalize([], aliases=EMPTY) == []


def test_a_surname_after_the_preposition_lam_resolves_to_its_full_name() -> None:
    """«مقابلة للحبيب» spans «لحبيب» (the article's ل is all that is left of it): the same
    person as «طارق الحبيب» earlier in the article."""
    text = "قال طارق الحبيب إن ... وفي مقابلة للحبيب"
    start = text.index("لحبيب", text.index("مقابلة"))
    ents = [
        Entity("e1", "PER", 4, 15, "طارق الحبيب"),
        Entity("e2", "PER", start, start + 5, "لحبيب"),
    ]
    assert [e.canonical for e in canonicalize(ents)] == ["طارق الحبيب", "طارق الحبيب"]
    # Without a longer name to claim it, the mention is left as written.
    alone = canonicalize([Entity("e1", "PER", 0, 5, "لطفي")])
    assert alone[0].canonical == "لطفي"
