"""Tests for marsad.arabic.normalize: the rules, the offset map, and the invariants.

All Arabic examples are written for these tests.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from marsad.arabic.normalize import Normalized, normalize, normalize_text, strip_diacritics

# --- table-driven rules -------------------------------------------------------------------

CASES: list[tuple[str, str, str]] = [
    # (id, input, expected normalize_text output)
    ("empty", "", ""),
    ("latin-sentence", "The Pentagon said on Monday.", "The Pentagon said on Monday."),
    ("latin-money", "Revenue fell to $1,250,000 (2.5%)", "Revenue fell to $1,250,000 (2.5%)"),
    ("latin-newlines-kept", "line one\nline two\r\n", "line one\nline two\r\n"),
    ("plain-arabic-unchanged", "الموصل", "الموصل"),
    ("harakat-name", "مُحَمَّد", "محمد"),
    ("harakat-tanwin-shadda", "مُحَمَّدٌ وَعَلِيٌّ", "محمد وعلي"),
    ("alef-hamza-below", "إبراهيم", "ابراهيم"),
    ("alef-hamza-above", "أحمد وأسامة", "احمد واسامه"),
    ("alef-madda", "آمنة", "امنه"),
    ("alef-wasla-superscript-alef", "ٱلرَّحْمَٰنِ", "الرحمن"),
    ("alef-wavy-hamza", "ٲ ٳ", "ا ا"),
    ("alef-maksura-name", "مصطفى", "مصطفي"),
    ("alef-maksura-preposition", "إلى دمشق", "الي دمشق"),
    ("ta-marbuta", "مدرسة الحكومة", "مدرسه الحكومه"),
    ("waw-hamza-kept", "مسؤول", "مسؤول"),
    ("yeh-hamza-kept", "بيئة", "بيئه"),
    ("tatweel", "الحـــرب", "الحرب"),
    ("tatweel-with-harakat", "مـُحـَمـَّد", "محمد"),
    ("quranic-marks", "قَالُوا۟ ذَٰلِكَ ۖ", "قالوا ذلك "),
    ("persian-keheh-yeh", "کرمانشاه ایران", "كرمانشاه ايران"),
    ("persian-heh-yeh-above", "خانۀ", "خانه"),
    ("urdu-heh", "ھہ", "هه"),
    ("arabic-indic-digits", "عام ٢٠١٧", "عام 2017"),
    ("persian-digits", "سال ۱۳۹۶", "سال 1396"),
    ("decimal-arabic-comma", "2،4 مليار دولار", "2.4 مليار دولار"),
    ("decimal-arabic-comma-indic", "٢،٤ مليار", "2.4 مليار"),
    ("decimal-separator-066b", "٢٫٥ في المئة", "2.5 في المئه"),
    ("decimal-mixed-scripts", "٢،5 و۳٫٧", "2.5 و3.7"),
    ("decimal-chain", "1،2،3", "1.2.3"),
    ("decimal-ascii-comma", "نحو 3,14 كم", "نحو 3.14 كم"),
    ("decimal-ascii-leading-zero", "0,500 طن", "0.500 طن"),
    ("thousands-066c", "١٬٢٥٠ عنصرا", "1,250 عنصرا"),
    ("thousands-066c-long", "١٬٠٠٠٬٠٠٠", "1,000,000"),
    ("thousands-ascii", "1,250,000 دولار", "1,250,000 دولار"),
    ("thousands-then-decimal", "1,234،5", "1,234.5"),
    ("arabic-comma-between-words", "حلب، إدلب", "حلب، ادلب"),
    ("arabic-comma-after-number", "في 2016، قال", "في 2016، قال"),
    ("arabic-comma-before-number", "قال، 15 قتيلا", "قال، 15 قتيلا"),
    ("separator-not-between-digits", "٫ ٬ ,x", "٫ ٬ ,x"),
    ("rlm-between-digit-and-comma", "2\u200f،\u200f4", "2.4"),
    ("haraka-between-digit-and-comma", "2\u064e،4", "2.4"),
    ("bidi-marks", "\u200fدمشق\u200e \u202bحمص\u202c \u2067حماة\u2069 \u061c", "دمشق حمص حماه "),
    ("zero-width", "ب\u200cي\u200dت\u200b\u2060", "بيت"),
    ("bom", "\ufeffبغداد", "بغداد"),
    ("soft-hyphen", "الحكو\u00adمة", "الحكومه"),
    ("presentation-lam-alef", "ﻻ", "لا"),
    ("presentation-lam-alef-hamza", "ﻷن", "لان"),
    ("presentation-word", "ﺍﻟﻤﻮﺻﻞ", "الموصل"),
    ("presentation-allah", "ﷲ", "الله"),
    ("presentation-salla", "النبي ﷺ", "النبي صلي الله عليه وسلم"),
    ("presentation-rial-persian-yeh", "١٠ ﷼", "10 ريال"),
    ("presentation-isolated-harakat", "ﹰﹶﱞ", ""),
    ("presentation-farsi-yeh", "ﯾ", "ي"),
    ("guillemets", "«بيان»", '"بيان"'),
    ("curly-double-quotes", "“الأمن” „x‟ ＂y＂ ❝z❞ 〝w〞", '"الامن" "x" "y" "z" "w"'),
    ("single-quotes", "‘وسوريا’ ‚a‛ 5′ 6″", "'وسوريا' 'a' 5' 6\""),
    ("nbsp", "10\u00a0آلاف", "10 الاف"),
    ("spaces-not-collapsed", "أ\u00a0\u00a0\u2003\u202f\u205f\u3000\tب", "ا       ب"),
    ("other-digits-untouched", "१،२", "१،२"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_normalize_text_rules(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_normalize_matches_normalize_text_and_is_idempotent(text: str, expected: str) -> None:
    n = normalize(text)
    assert n.original == text
    assert n.text == expected
    assert normalize_text(expected) == expected
    _check_maps(n)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("مُحَمَّـدٌ", "محمد"),
        ("إبراهيم ومصطفى في الموصل", "إبراهيم ومصطفى في الموصل"),
        ("الحـرب عام ٢٠١٧، ٢،٤", "الحرب عام ٢٠١٧، ٢،٤"),
        ("ذَٰلِكَ", "ذلك"),
        ("\u200fدمشق", "\u200fدمشق"),
    ],
)
def test_strip_diacritics_only_touches_harakat_and_tatweel(text: str, expected: str) -> None:
    assert strip_diacritics(text) == expected


# --- the offset map ----------------------------------------------------------------------


def _find(n: Normalized, needle: str) -> tuple[int, int]:
    i = n.text.index(normalize_text(needle))
    return n.to_original(i, i + len(normalize_text(needle)))


def test_span_over_name_includes_its_harakat() -> None:
    original = "قال مُحَمَّدٌ إنّ"
    n = normalize(original)
    s, e = _find(n, "محمد")
    assert original[s:e] == "مُحَمَّدٌ"


def test_span_inside_word_takes_following_marks_not_preceding_ones() -> None:
    original = "مُحَمَّدٌ"
    n = normalize(original)
    s, e = n.to_original(1, 4)  # "حمد"
    assert original[s:e] == "حَمَّدٌ"


def test_span_with_tatweel_and_hamza_variants() -> None:
    original = "وصل إبْـرَاهِيمُ إلى الموصلِ."
    n = normalize(original)
    s, e = _find(n, "ابراهيم")
    assert original[s:e] == "إبْـرَاهِيمُ"
    s, e = _find(n, "الموصل")
    assert original[s:e] == "الموصلِ"


def test_bidi_marks_at_span_edges_are_left_out() -> None:
    original = "\u200fدمشق\u200f"
    n = normalize(original)
    assert n.text == "دمشق"
    assert n.to_original(0, 4) == (1, 5)


def test_presentation_expansion_maps_to_the_whole_source_char() -> None:
    original = "قال ﷲ"
    n = normalize(original)
    assert n.text == "قال الله"
    assert list(n.starts[4:]) == [4, 4, 4, 4]
    assert list(n.ends[4:]) == [5, 5, 5, 5]
    assert n.to_original(4, 8) == (4, 5)
    # Cutting the expansion cannot cut the source char: the whole ﷲ comes back.
    assert n.to_original(5, 6) == (4, 5)


def test_decimal_comma_span_maps_back_to_the_arabic_comma() -> None:
    original = "من 2،4 مليار"
    n = normalize(original)
    assert n.text == "من 2.4 مليار"
    s, e = n.to_original(3, 6)
    assert original[s:e] == "2،4"


def test_empty_spans_map_to_positions() -> None:
    original = "\u200fأَب"
    n = normalize(original)
    assert n.text == "اب"
    assert n.to_original(0, 0) == (1, 1)
    assert n.to_original(1, 1) == (3, 3)
    assert n.to_original(2, 2) == (4, 4)
    assert normalize("").to_original(0, 0) == (0, 0)


@pytest.mark.parametrize(("start", "end"), [(-1, 1), (2, 1), (0, 5)])
def test_out_of_range_spans_raise(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        normalize("ابن").to_original(start, end)


def test_normalized_is_frozen_and_hashable() -> None:
    n = normalize("إبراهيم")
    assert n == normalize("إبراهيم")
    assert hash(n) == hash(normalize("إبراهيم"))
    with pytest.raises(AttributeError):
        n.text = "x"  # type: ignore[misc]


# --- whole-table checks ------------------------------------------------------------------

_PRESENTATION = [chr(c) for c in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]]


def test_every_presentation_form_is_normalized_and_stable() -> None:
    for ch in _PRESENTATION:
        out = normalize_text(ch)
        assert normalize_text(out) == out, hex(ord(ch))
        # Nothing is left in a presentation form, and digits never come out of one.
        assert not any(c in _PRESENTATION and c != ch for c in out), hex(ord(ch))
        assert not any(c.isdigit() for c in out), hex(ord(ch))
        if unicodedata.normalize("NFKC", ch) == ch and ch != "\ufeff":
            assert out == ch, hex(ord(ch))  # no compatibility mapping: left alone


def test_every_single_char_is_idempotent() -> None:
    for code in range(0x0000, 0x3100):
        if 0xD800 <= code <= 0xDFFF:
            continue
        once = normalize_text(chr(code))
        assert normalize_text(once) == once, hex(code)


# --- properties --------------------------------------------------------------------------

_ARABIC_LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىةٱکیۀ"
_HARAKAT = "".join(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)])
_DELETED_ONLY = (
    _HARAKAT + "\u0640\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u061c\u200b\u200c\u200d\ufeff\u2060"
)
_DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
_COMMAS = ",،٫٬."
_QUOTES = "«»“”„‟″❝❞〝〞＂‘’‚‛′\"'"
_SPACES = " \t\n\u00a0\u2002\u2009\u202f\u205f\u3000"
_OTHER = "abcXYZ-()!?؟؛:;/%"

_piece = st.one_of(
    st.sampled_from(_ARABIC_LETTERS),
    st.sampled_from(_HARAKAT + "\u0640"),
    st.sampled_from(_DELETED_ONLY),
    st.sampled_from(_DIGITS),
    st.sampled_from(_DIGITS),  # digits twice as likely: separators need digit neighbours
    st.sampled_from(_COMMAS),
    st.sampled_from(_QUOTES + _SPACES + _OTHER),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
    st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
)
mixed_text = st.lists(_piece, max_size=40).map("".join)

_NUMERIC = frozenset("0123456789.,")


def _check_maps(n: Normalized) -> None:
    size = len(n.text)
    assert len(n.starts) == len(n.ends) == size
    for i in range(size):
        assert 0 <= n.starts[i] < n.ends[i] <= len(n.original)
        if i:
            assert n.starts[i - 1] <= n.starts[i]
            assert n.ends[i - 1] <= n.ends[i]


def _cuts_cleanly(n: Normalized, p: int) -> bool:
    """May the normalized text be cut at position ``p`` and still round-trip?

    Not inside one char's expansion (ﻻ → لا cannot be split in the original), and not inside
    a number: whether ``،`` or ``,`` becomes ``.`` depends on the digits around it.
    """
    if p in (0, len(n.text)):
        return True
    if n.starts[p - 1] == n.starts[p]:
        return False
    return not (n.text[p - 1] in _NUMERIC and n.text[p] in _NUMERIC)


@settings(max_examples=400)
@given(mixed_text)
@example("1،2،3")
@example("١٬٢٣٤,5٫6")
@example("ﻻ2،ﷲ4")
@example("مُحَمَّدٌ\u200f،٣")
def test_normalize_agrees_with_normalize_text_and_is_idempotent(x: str) -> None:
    n = normalize(x)
    assert n.original == x
    assert n.text == normalize_text(x)
    assert normalize_text(n.text) == n.text
    _check_maps(n)


@settings(max_examples=200)
@given(mixed_text)
@example("قال مُحَمَّدٌ، ٢،٤")
@example("1,234,567 و0,5")
def test_every_clean_span_round_trips(x: str) -> None:
    n = normalize(x)
    size = len(n.text)
    for a in range(size + 1):
        for b in range(a, size + 1):
            s, e = n.to_original(a, b)
            assert 0 <= s <= e <= len(x)
            if a == b:
                assert s == e
            elif _cuts_cleanly(n, a) and _cuts_cleanly(n, b):
                assert normalize_text(x[s:e]) == n.text[a:b], (a, b, x[s:e])


@given(st.text(alphabet=_DELETED_ONLY, max_size=30))
def test_deleting_only_chars_produce_nothing(x: str) -> None:
    n = normalize(x)
    assert n.text == ""
    assert len(n.starts) == len(n.ends) == 0


@given(mixed_text, st.lists(st.tuples(st.integers(0, 40), st.sampled_from(_DELETED_ONLY))))
def test_inserting_deleted_chars_changes_nothing(x: str, inserts: list[tuple[int, str]]) -> None:
    # Separators are judged after deletion, so a stray RLM between "2" and "،" is harmless.
    y = list(x)
    for pos, ch in inserts:
        y.insert(min(pos, len(y)), ch)
    assert normalize_text("".join(y)) == normalize_text(x)


@given(mixed_text)
def test_output_has_no_removed_or_mapped_chars(x: str) -> None:
    out = normalize_text(x)
    assert not set(out) & set(_DELETED_ONLY)
    assert not set(out) & set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹أإآٱىةکیۀ«»“”‘’\u00a0\t")


@given(st.text(alphabet=_ARABIC_LETTERS + _HARAKAT + "\u0640 ", max_size=40))
def test_strip_diacritics_is_a_subset_of_normalize(x: str) -> None:
    stripped = strip_diacritics(x)
    assert not set(stripped) & set(_HARAKAT + "\u0640")
    assert normalize_text(stripped) == normalize_text(x)
