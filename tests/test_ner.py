"""The NER component on sentences written for these tests: clitics, canonical names, offsets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from marsad.arabic.tokenize import tokenize
from marsad.doc import Document
from marsad.errors import ModelError
from marsad.extract.entities.component import stem_end, stem_start
from marsad.extract.entities.crf import CrfTagger
from marsad.extract.entities.features import Featurizer, stem_key, token_of_string
from marsad.extract.entities.recognize import Mention, decode, to_iob
from marsad.pipeline import Pipeline

PIPELINE = ["sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1"]

# Written for these tests (not from any corpus).
KIRBY = (
    "قال المتحدث باسم البنتاغون جون كيربي إن الولايات المتحدة ستواصل دعم حلفائها في سوريا "
    "والعراق. وأضاف كيربي أن وزارة الدفاع الأمريكية لا تخطط لإرسال قوات برية إلى الموصل."
)
CLITICS = (
    "وصل الوفد إلى بغداد قادما من عمّان، وقالت مصادر أمنية إن القوات العراقية شنت هجوما على "
    "مواقع لداعش بالموصل، فيما أكدت الحكومة دعمها لسوريا."
)


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline.from_names(PIPELINE)


def _entities(nlp: Pipeline, text: str) -> Document:
    doc = nlp(Document.from_text(text))
    assert doc.offset_errors() == []
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text
        assert e.source == "ner.crf.v1"
    return doc


def test_entities_have_exact_offsets_and_known_names(nlp: Pipeline) -> None:
    doc = _entities(nlp, KIRBY)
    found = {(e.text, e.label) for e in doc.entities}
    assert ("جون كيربي", "PER") in found
    assert ("سوريا", "LOC") in found
    assert ("العراق", "LOC") in found  # written والعراق: the conjunction stays outside
    assert all(
        not e.text.startswith("و") or e.text == "وزارة الدفاع الأمريكية" for e in doc.entities
    )


def test_short_mention_resolves_to_the_full_name_with_english_form(nlp: Pipeline) -> None:
    doc = _entities(nlp, KIRBY)
    kirby = [e for e in doc.entities if e.label == "PER"]
    assert [e.text for e in kirby] == ["جون كيربي", "كيربي"]
    assert {e.canonical for e in kirby} == {"جون كيربي"}
    assert {e.name_en for e in kirby} == {"John Kirby"}


def test_alias_table_sets_kb_id_for_the_pentagon(nlp: Pipeline) -> None:
    doc = _entities(nlp, KIRBY)
    pentagon = [e for e in doc.entities if e.text == "البنتاغون"]
    assert pentagon and pentagon[0].kb_id is not None
    assert pentagon[0].name_en


def test_clitics_are_outside_entity_spans(nlp: Pipeline) -> None:
    doc = _entities(nlp, CLITICS)
    texts = {e.text for e in doc.entities}
    assert "سوريا" in texts and "لسوريا" not in texts
    assert "الموصل" in texts and "بالموصل" not in texts
    assert "داعش" in texts and "لداعش" not in texts
    daesh = next(e for e in doc.entities if e.text == "داعش")
    assert daesh.label == "ORG" and daesh.kb_id == "Q2429253"


def test_stem_bounds_skip_proclitics_and_enclitics() -> None:
    tok = tokenize("وبالموصل")[0]
    assert "وبالموصل"[stem_start(tok) : stem_end(tok)] == "الموصل"
    tok = tokenize("لسوريا")[0]
    assert "لسوريا"[stem_start(tok) : stem_end(tok)] == "سوريا"


def test_empty_and_non_arabic_documents(nlp: Pipeline) -> None:
    assert _entities(nlp, "").entities == ()
    doc = _entities(nlp, "The quick brown fox. 12345 !!")
    assert all(e.text for e in doc.entities)


def test_entity_ids_are_sequential_in_text_order(nlp: Pipeline) -> None:
    doc = _entities(nlp, KIRBY + " " + CLITICS)
    assert [e.id for e in doc.entities] == [f"e{i + 1}" for i in range(len(doc.entities))]
    assert [e.start for e in doc.entities] == sorted(e.start for e in doc.entities)


def test_decode_follows_conlleval() -> None:
    labels = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-LOC"]
    assert [(m.label, m.start, m.end) for m in decode(labels)] == [
        ("PER", 0, 2),
        ("LOC", 3, 4),
        ("ORG", 4, 5),
        ("ORG", 5, 6),
        ("LOC", 6, 7),
    ]
    assert to_iob(decode(labels), len(labels)) == [
        "B-PER",
        "I-PER",
        "O",
        "B-LOC",
        "B-ORG",
        "B-ORG",
        "B-LOC",
    ]
    assert decode([]) == []
    assert decode(["B-PER", "I-PER"], [0.9, 0.6]) == [Mention("PER", 0, 2, 0.6)]


def test_features_use_the_clitic_free_stem() -> None:
    assert stem_key(tokenize("وبسوريا")[0]) == "سوريا"
    assert stem_key(tokenize("٢٠١٧")[0]) == "0000"
    assert token_of_string("(د").text == "د"
    fz = Featurizer()
    feats = fz.strings(["وزار", "الرئيس", "السوري", "دمشق"])
    assert "s=دمشق" in feats[3] and "-1s=السوري" in feats[3]
    assert any(f.startswith("c256=") for f in feats[3])
    assert "g=CITY" in feats[3] or "g=ADMIN" in feats[3]


def test_missing_or_broken_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        CrfTagger(tmp_path / "absent.crfsuite")
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match=r"bad\.crfsuite"):
        CrfTagger(bad)


def test_alias_names_overrule_a_wrongly_typed_piece(nlp: Pipeline) -> None:
    text = "وقالت قوات سوريا الديمقراطية إنها سيطرت على قرية جديدة شرق دير الزور."
    doc = _entities(nlp, text)
    sdf = [e for e in doc.entities if e.text == "قوات سوريا الديمقراطية"]
    assert sdf and sdf[0].label == "ORG" and sdf[0].name_en == "Syrian Democratic Forces"
    assert "سوريا" not in {e.text for e in doc.entities}


def test_a_datelines_outlet_is_boilerplate_but_the_outlet_named_in_the_story_is_not(
    nlp: Pipeline,
) -> None:
    """The corpus guidelines: «(CNN)» of «دبي، الإمارات العربية المتحدة (CNN)--» is not
    tagged; the same outlet cited in the text is."""
    text = (
        "دبي، الإمارات العربية المتحدة (CNN)-- أعلنت الشركة عن منتج جديد، وقالت لشبكة CNN إن "
        "المبيعات ارتفعت."
    )
    doc = _entities(nlp, text)
    cnn = [e for e in doc.entities if e.text == "CNN"]
    assert [e.start for e in cnn] == [text.rindex("CNN")]
    assert [e.id for e in doc.entities] == [f"e{i}" for i in range(1, len(doc.entities) + 1)]


def test_a_site_takes_its_head_noun_and_a_university_is_an_org() -> None:
    """The corpus guidelines make a named facility one LOC («ميناء الحديدة») and a university
    an ORG; where the tagger saw only the place after the head, the mention takes the head.
    Not a head with a pronoun, nor a place behind a preposition (a hospital *in* Afrin)."""
    from marsad.extract.entities.recognize import Recognizer

    fz = Featurizer()

    def heads(words: str, place_at: int) -> list[tuple[str, int, int]]:
        infos = [fz.info(token_of_string(w), surface=w) for w in words.split()]
        found = [Mention("LOC", place_at, place_at + 1, 0.9)]
        return [(m.label, m.start, m.end) for m in Recognizer._take_heads(infos, found)]

    assert heads("وصلت السفينة إلى ميناء الحديدة", 4) == [("LOC", 3, 5)]
    assert heads("قال أستاذ في جامعة كولومبيا", 4) == [("ORG", 3, 5)]
    assert heads("قصف مستشفى بعفرين", 2) == [("LOC", 2, 3)]
    assert heads("أغلقت السلطات ميناءها الحديدة", 3) == [("LOC", 3, 4)]
    assert heads("وصلوا إلى مدينة الحديدة", 3) == [("LOC", 3, 4)]  # مدينة stays out


def test_every_site_head_is_a_facility_word_of_the_geocoder() -> None:
    """A LOC that took its head («معتقل غوانتانامو») is geocoded through the head's facility
    frame; a head the geocoder does not know as one would lose the place."""
    from marsad.arabic.wordlists import load_wordlist

    heads = load_wordlist("entities/name_heads.tsv").normalized(label="LOC")
    facilities = load_wordlist("places/cues.tsv").normalized(list="facility")
    assert heads and heads <= facilities, sorted(heads - facilities)


def test_two_touching_person_mentions_are_one_name() -> None:
    """The tagger sometimes splits a full name in two («كريستيانو» + «رونالدو»); two people
    side by side are written with a comma or و between them, and those stay apart."""
    from marsad.extract.entities.recognize import _join_names

    fz = Featurizer()

    def joined(words: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        infos = [fz.info(token_of_string(w), surface=w) for w in words.split()]
        found = [Mention("PER", s, e, 0.9) for s, e in spans]
        return [(m.start, m.end) for m in _join_names(infos, found)]

    assert joined("سجل كريستيانو رونالدو هدفا", [(1, 2), (2, 3)]) == [(1, 3)]
    assert joined("التقى ماكرون وميركل", [(1, 2), (2, 3)]) == [(1, 2), (2, 3)]
    assert joined("التقى ماكرون ، ميركل", [(1, 2), (3, 4)]) == [(1, 2), (3, 4)]
    infos = [fz.info(token_of_string(w), surface=w) for w in ["زار", "ماكرون", "باريس"]]
    mixed = [Mention("PER", 1, 2, 0.9), Mention("LOC", 2, 3, 0.9)]
    assert _join_names(infos, mixed) == mixed  # a person and a place stay two


class _FullNamesOnly(CrfTagger):
    """A tagger that knows persons only by their full names, as the CRF often does: the
    surname alone, in a poorer context, it leaves untagged."""

    def __init__(self, names: list[tuple[str, ...]]) -> None:
        self.names = names

    def tag(self, feats: Sequence[Sequence[str]]) -> tuple[list[str], list[float]]:
        stems = [next(f[2:] for f in fs if f.startswith("s=")) for fs in feats]
        labels = ["O"] * len(stems)
        for name in self.names:
            for i in range(len(stems) - len(name) + 1):
                if tuple(stems[i : i + len(name)]) == name:
                    labels[i : i + len(name)] = ["B-PER"] + ["I-PER"] * (len(name) - 1)
        return labels, [0.9] * len(stems)


def test_a_full_names_surname_alone_is_that_person_in_the_rest_of_the_document() -> None:
    """«هيذر نويرت» once, then «نويرت» alone: the same person. A surname that is a frequent
    word of news (``الله`` of «حسن نصر الله») does not spread."""
    from marsad.extract.entities.recognize import Recognizer

    fz = Featurizer()
    tagger = _FullNamesOnly([("هيذر", "نويرت"), ("حسن", "نصر", "الله")])
    rec = Recognizer(tagger=tagger, featurizer=fz, use_matcher=False)
    sentences = [
        "قالت المتحدثة هيذر نويرت إن الوضع خطير",
        "ودعت نويرت الأطراف إلى الحوار",
        "وقال حسن نصر الله إن الله معنا",
    ]
    infos = [[fz.info(token_of_string(w), surface=w) for w in s.split()] for s in sentences]
    found = rec.document(infos)
    assert [(m.label, m.start, m.end) for m in found[1]] == [("PER", 1, 2)]
    assert [(m.start, m.end) for m in found[2]] == [(1, 4)]  # الله alone stays a word


def test_a_surname_the_document_lends_joins_the_first_name_it_touches() -> None:
    """The tagger saw «كريم بنزيمة» once and only «كريم» later: the surname the document
    lends there and the first name are one person, not two."""
    from marsad.extract.entities.recognize import Recognizer

    class _Partial(_FullNamesOnly):
        def tag(self, feats: Sequence[Sequence[str]]) -> tuple[list[str], list[float]]:
            labels, probs = super().tag(feats)
            stems = [next(f[2:] for f in fs if f.startswith("s=")) for fs in feats]
            if stems[0] != "سجل":  # the later sentence: the first name alone
                labels = ["B-PER" if s == "كريم" else "O" for s in stems]
            return labels, probs

    fz = Featurizer()
    rec = Recognizer(tagger=_Partial([("كريم", "بنزيمه")]), featurizer=fz)
    sentences = ["سجل كريم بنزيمة هدفا", "ثم أدرك اللاعب كريم بنزيمة التعادل"]
    infos = [[fz.info(token_of_string(w), surface=w) for w in s.split()] for s in sentences]
    found = rec.document(infos)
    assert [(m.label, m.start, m.end) for m in found[1] if m.label == "PER"] == [("PER", 3, 5)]
