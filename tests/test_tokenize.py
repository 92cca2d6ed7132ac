"""Tests for marsad.arabic.tokenize: base split, clitics, glued words, and the offset invariants.

All Arabic examples are written for these tests. The lexicon ships inside the package, so
nothing here needs ../shared.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from marsad.arabic.lexicon import load_lexicon
from marsad.arabic.tokenize import IGNORABLE, segment, split_glued, tokenize
from marsad.doc import Token


def _show(tokens: list[Token]) -> list[str]:
    """Each token as its words' texts joined by '+'."""
    return ["+".join(w.text for w in t.words) for t in tokens]


def _check_invariants(text: str, tokens: list[Token]) -> None:
    covered = [0] * len(text)
    prev_end = 0
    for tok in tokens:
        assert prev_end <= tok.start < tok.end <= len(text), (tok, prev_end)
        assert tok.text == text[tok.start : tok.end]
        prev_end = tok.end
        assert tok.words, tok
        pos = tok.start
        for w in tok.words:
            assert w.start == pos and w.end > w.start, (tok, w)
            assert w.text == text[w.start : w.end]
            pos = w.end
        assert pos == tok.end
        for i in range(tok.start, tok.end):
            covered[i] += 1
    for i, ch in enumerate(text):
        if ch.isspace():
            assert covered[i] == 0, (i, ch)
        elif ch in IGNORABLE:
            assert covered[i] <= 1
        else:
            assert covered[i] == 1, (i, ch, text)


# --- clitic segmentation: (id, word, expected words) -------------------------------------

SEGMENT_CASES: list[tuple[str, str, str]] = [
    ("waw-bi-definite", "وبالموصل", "و+ب+الموصل"),
    ("li-name", "لداعش", "ل+داعش"),
    ("waw-definite", "والعراق", "و+العراق"),
    ("fa-sa-verb", "فسيقول", "ف+س+يقول"),
    ("sa-verb", "سيعقد", "س+يعقد"),
    ("lil", "للمدينة", "ل+لمدينة"),
    ("waw-lil", "وللمدينة", "و+ل+لمدينة"),
    ("bi-stem-enclitic", "بمدينتهم", "ب+مدينت+هم"),
    ("noun-ha", "كتابها", "كتاب+ها"),
    ("waw-country", "وسوريا", "و+سوريا"),
    ("waw-verb", "وقال", "و+قال"),
    ("waw-hamza-verb", "وأضاف", "و+أضاف"),
    ("bi-country", "بسوريا", "ب+سوريا"),
    ("waw-li-verb", "وليؤكد", "و+ل+يؤكد"),
    ("li-lebanon-not-definite", "للبنان", "ل+لبنان"),
    ("prep-pronoun", "لها", "ل+ها"),
    ("waw-prep-pronoun", "وبهم", "و+ب+هم"),
    ("particle-pronoun", "منهم", "من+هم"),
    ("fi-pronoun", "فيه", "في+ه"),
    ("ala-pronoun", "عليه", "علي+ه"),
    ("waw-min-pronoun", "ومنه", "و+من+ه"),
    ("alef-maksura-restored", "مستواه", "مستوا+ه"),
    ("hamza-restored", "أبناؤهم", "أبناؤ+هم"),
    ("nouns-na", "بلادنا", "بلاد+نا"),
    ("ka-definite", "كالعادة", "ك+العادة"),
    ("waw-lakin", "ولكن", "و+لكن"),
    ("fa-lamma", "فلما", "ف+لما"),
    ("tatweel-after-proclitic", "بـالموصل", "بـ+الموصل"),
    ("harakat", "وَالْعِرَاقِ", "وَ+الْعِرَاقِ"),
    ("bi-leadership", "بقيادة", "ب+قيادة"),
    # must NOT be split
    ("keep-walid", "وليد", "وليد"),
    ("keep-baghdad", "بغداد", "بغداد"),
    ("keep-wilaya", "ولاية", "ولاية"),
    ("keep-wazir", "وزير", "وزير"),
    ("keep-beirut", "بيروت", "بيروت"),
    ("keep-kirkuk", "كركوك", "كركوك"),
    ("keep-palestine", "فلسطين", "فلسطين"),
    ("keep-libya", "ليبيا", "ليبيا"),
    ("keep-walad", "ولد", "ولد"),
    ("keep-balda", "بلدة", "بلدة"),
    ("keep-katiba", "كتيبة", "كتيبة"),
    ("keep-silah", "سلاح", "سلاح"),
    ("keep-wadi", "وادي", "وادي"),
    ("keep-wali", "والي", "والي"),
    ("keep-wahdahu", "وحده", "وحده"),
    ("keep-lebanon", "لبنان", "لبنان"),
    ("keep-syria", "سوريا", "سوريا"),
    ("keep-kabul", "كابول", "كابول"),
    ("keep-france", "فرنسا", "فرنسا"),
    ("keep-sultan", "سلطان", "سلطان"),
    ("keep-kama", "كما", "كما"),
    ("keep-lakin", "لكن", "لكن"),
    ("keep-faqat", "فقط", "فقط"),
    ("keep-baad", "بعد", "بعد"),
    ("keep-bayna", "بين", "بين"),
    ("keep-nisba-lebanese", "لبناني", "لبناني"),
    ("keep-nisba-iranian", "إيراني", "إيراني"),
    ("keep-nisba-arab", "عربي", "عربي"),
    ("keep-sayyara", "سيارة", "سيارة"),
    ("keep-sana", "سنة", "سنة"),
    ("keep-beijing", "بكين", "بكين"),
    ("keep-bank", "بنك", "بنك"),
    ("keep-malik", "ملك", "ملك"),
    ("keep-dhalika", "ذلك", "ذلك"),
    ("keep-wujuh", "وجوه", "وجوه"),
    ("keep-yatamakkan", "يتمكن", "يتمكن"),
    ("keep-allah", "الله", "الله"),
    ("keep-ta-marbuta-not-enclitic", "جامعة", "جامعة"),
    ("keep-wazara", "وزارة", "وزارة"),
    ("keep-wasail", "وسائل", "وسائل"),
]


@pytest.mark.parametrize(
    ("word", "expected"), [c[1:] for c in SEGMENT_CASES], ids=[c[0] for c in SEGMENT_CASES]
)
def test_segment(word: str, expected: str) -> None:
    words = segment(word)
    assert "+".join(w.text for w in words) == expected
    assert "".join(w.text for w in words) == word
    # the same through tokenize
    assert _show(tokenize(word)) == [expected]


@pytest.mark.parametrize(
    ("word", "forms", "kinds", "definite"),
    [
        ("للمدينة", ["ل", "المدينة"], ["proclitic", "stem"], [False, True]),
        ("بمدينتهم", ["ب", "مدينة", "هم"], ["proclitic", "stem", "enclitic"], [False] * 3),
        ("وبالموصل", ["و", "ب", "الموصل"], ["proclitic", "proclitic", "stem"], [0, 0, 1]),
        ("عليه", ["على", "ه"], ["stem", "enclitic"], [False, False]),
        ("مستواه", ["مستوى", "ه"], ["stem", "enclitic"], [False, False]),
        ("إليهم", ["إلى", "هم"], ["stem", "enclitic"], [False, False]),
        ("لديهم", ["لدى", "هم"], ["stem", "enclitic"], [False, False]),
        ("مدينتها", ["مدينة", "ها"], ["stem", "enclitic"], [False, False]),
        ("أبناؤهم", ["أبناء", "هم"], ["stem", "enclitic"], [False, False]),
        ("الـــعراق", ["العراق"], ["stem"], [True]),
        ("وللمدينة", ["و", "ل", "المدينة"], ["proclitic", "proclitic", "stem"], [0, 0, 1]),
        ("للبنان", ["ل", "لبنان"], ["proclitic", "stem"], [False, False]),
        ("التي", ["التي"], ["stem"], [False]),
        ("بـالموصل", ["ب", "الموصل"], ["proclitic", "stem"], [False, True]),
    ],
)
def test_forms_kinds_definite(
    word: str, forms: list[str], kinds: list[str], definite: list[bool]
) -> None:
    words = segment(word)
    assert [w.form for w in words] == forms
    assert [w.kind for w in words] == kinds
    assert [w.definite for w in words] == [bool(d) for d in definite]


def test_harakat_kept_in_form() -> None:
    words = segment("وَالْعِرَاقِ")
    assert [w.form for w in words] == ["وَ", "الْعِرَاقِ"]
    assert words[1].definite


# --- glued words -------------------------------------------------------------------------

GLUE_CASES: list[tuple[str, str, list[str]]] = [
    ("lebanon-and-syria", "لبنانوسوريا", ["لبنان", "و+سوريا"]),
    ("iraq-and-syria", "العراقوسوريا", ["العراق", "و+سوريا"]),
    ("city-damascus", "مدينةدمشق", ["مدينة", "دمشق"]),
    ("state-islamic", "الدولةالإسلامية", ["الدولة", "الإسلامية"]),
    ("in-sentence", "زار لبنانوسوريا أمس", ["زار", "لبنان", "و+سوريا", "أمس"]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in GLUE_CASES], ids=[c[0] for c in GLUE_CASES]
)
def test_glued_words(text: str, expected: list[str]) -> None:
    tokens = tokenize(text)
    assert _show(tokens) == expected
    _check_invariants(text, tokens)


@pytest.mark.parametrize(
    "word",
    [
        "الاستراتيجية",
        "والمسؤولين",
        "مقررين",
        "إصلاحان",
        "أمروهم",
        "المتحدثون",
        "وبالإضافة",
        "كفرنبل",
        "الديمقراطية",
        "واشنطن",
        "بريطانيا",
        "الانتخابات",
        "وزارة",
        "فلسطينيون",
        "استراتيجيتهما",
        "الحويجة",
        "الميادين",
        "أوكارا",
    ],
)
def test_real_words_never_glue_split(word: str) -> None:
    assert split_glued(word) == [word]


# --- base split --------------------------------------------------------------------------

BASE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("decimal-arabic-comma", "2،4 مليار", [("2،4", "number"), ("مليار", "word")]),
    ("arabic-indic-decimal", "٢٫٥", [("٢٫٥", "number")]),
    ("thousands", "1,500 قتيل", [("1,500", "number"), ("قتيل", "word")]),
    ("percent", "40%", [("40%", "number")]),
    ("arabic-percent", "٤٠٪", [("٤٠٪", "number")]),
    ("persian-digits", "۱۲۳", [("۱۲۳", "number")]),
    ("comma-after-number", "2014، ثم", [("2014", "number"), ("،", "punct"), ("ثم", "word")]),
    ("guillemets", "«داعش»", [("«", "punct"), ("داعش", "word"), ("»", "punct")]),
    ("arabic-question", "لماذا؟", [("لماذا", "word"), ("؟", "punct")]),
    ("arabic-semicolon", "قال؛ ثم", [("قال", "word"), ("؛", "punct"), ("ثم", "word")]),
    ("ellipsis-run", "انتهى...", [("انتهى", "word"), ("...", "punct")]),
    ("latin-acronym", "U.S. قوات", [("U.S.", "latin"), ("قوات", "word")]),
    ("latin-hyphen", "COVID-19", [("COVID-19", "latin")]),
    ("latin-apostrophe", "O'Brien", [("O'Brien", "latin")]),
    ("latin-digits-first", "5G", [("5G", "latin")]),
    ("mixed-glue", "iPhoneالجديد", [("iPhone", "latin"), ("الجديد", "word")]),
    (
        "tatweel-dash",
        "بغداد ـــ رويترز",
        [("بغداد", "word"), ("ـــ", "symbol"), ("رويترز", "word")],
    ),
    ("tatweel-inside", "الـــعراق", [("الـــعراق", "word")]),
    ("symbol", "$10", [("$", "symbol"), ("10", "number")]),
    ("parentheses", "(رويترز)", [("(", "punct"), ("رويترز", "word"), (")", "punct")]),
    ("stray-haraka-after-digit", "5\u064b", [("5", "number"), ("\u064b", "symbol")]),
    ("bidi-between", "\u200fبغداد\u200f", [("بغداد", "word")]),
    ("zwnj-inside", "می\u200cخواهم", [("می\u200cخواهم", "word")]),
    ("cyrillic", "Путин", [("Путин", "latin")]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in BASE_CASES], ids=[c[0] for c in BASE_CASES]
)
def test_base_split(text: str, expected: list[tuple[str, str]]) -> None:
    tokens = tokenize(text)
    assert [(t.text, t.kind) for t in tokens] == expected
    _check_invariants(text, tokens)


def test_sentence_offsets() -> None:
    text = "وأكد العقيد مايكل هارت أن التنظيم خسر 2،4 مليار دولار في بلدة كفرنبل بريف إدلب."
    tokens = tokenize(text)
    _check_invariants(text, tokens)
    shown = _show(tokens)
    assert shown[0] == "و+أكد"
    assert "2،4" in shown and "بلدة" in shown and "ب+ريف" in shown and shown[-1] == "."


def test_empty_and_whitespace() -> None:
    assert tokenize("") == []
    assert tokenize(" \n\t\u00a0") == []
    assert segment("") == []


def test_lexicon_loads() -> None:
    lex = load_lexicon()
    assert len(lex) > 50_000
    assert lex.count("العراق") > 1000
    assert lex.get("مدينه").tm > lex.get("مدينه").count // 2
    assert lex.get("ادي").bare < lex.get("ادي").count // 10
    assert lex.count("لا-كلمة-هنا") == 0


# --- properties --------------------------------------------------------------------------

_ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئىةٱ"  # letters
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # harakat, tatweel
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"  # three digit scripts
    "\u200e\u200f\u202a\u202c\u2066\u2069\u061c\u200b\u200c\u200d\ufeff\u00ad"  # invisible
    ".,،؛؟!«»\"'()-%٪٫٬:/$"  # punctuation and symbols
    "  \n\t\u00a0"  # whitespace
    "abcXYZé"  # latin
    "ﻻﷲ"  # presentation forms
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
@example("وبالموصل 2،4% «لبنانوسوريا»")
@example("\u200fو\u200fبالموصل\u200f")
@example("ﻻ لل للل ـ ــ \u064b")
def test_tokenize_invariants(text: str) -> None:
    _check_invariants(text, tokenize(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "و",
                "ف",
                "ب",
                "ل",
                "ك",
                "س",
                "ال",
                "لل",
                "مدينة",
                "مدينت",
                "هم",
                "ها",
                "ه",
                "نا",
                "ي",
                "سوريا",
                "يقول",
                "\u064e",
                "\u0651",
                "\u0640",
                "\u200c",
                "ة",
                "ى",
            ]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_segment_covers_word(parts: list[str]) -> None:
    word = "".join(parts)
    words = segment(word)
    pos = 0
    for w in words:
        assert w.start == pos < w.end
        assert w.text == word[w.start : w.end]
        assert w.form
        pos = w.end
    assert pos == len(word)
