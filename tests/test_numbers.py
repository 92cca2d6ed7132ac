"""Tests for marsad.arabic.numbers (phrases written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.numbers import NumberMatch, find_numbers, parse_digits, words_to_number

# phrase, expected (text, value, kind) of every match, in order
CASES: list[tuple[str, list[tuple[str, float, str]]]] = [
    # digits
    ("وصل 12 زائرا", [("12", 12, "cardinal")]),
    ("وصل ١٢ زائرا", [("١٢", 12, "cardinal")]),
    ("وصل ۱۲ زائرا", [("۱۲", 12, "cardinal")]),
    ("نسبة 2،4 بالمئة", [("2،4", 2.4, "cardinal")]),
    ("نسبة ٢٫٥ بالمئة", [("٢٫٥", 2.5, "cardinal")]),
    ("دفع 1,500 دينار", [("1,500", 1500, "cardinal")]),
    ("دفع ١٬٥٠٠ دينار", [("١٬٥٠٠", 1500, "cardinal")]),
    ("بلغ 1.250.000 نسمة", [("1.250.000", 1250000, "cardinal")]),
    ("ارتفع 40% عن العام", [("40", 40, "cardinal")]),
    ("طائرة F16 حلقت", []),
    ("عام 2023 كان صعبا", [("2023", 2023, "cardinal")]),
    # digits + scale
    ("أنفقت 640 مليون دولار", [("640 مليون", 640e6, "cardinal")]),
    ("بقيمة 2،4 مليار", [("2،4 مليار", 2.4e9, "cardinal")]),
    ("حضر 12 ألفًا", [("12 ألفًا", 12000, "cardinal")]),
    ("فقد ٣ آلاف وظيفة", [("٣ آلاف", 3000, "cardinal")]),
    ("ديون بـ5 مليارات", [("5 مليارات", 5e9, "cardinal")]),
    ("بلغت 1.5 تريليون", [("1.5 تريليون", 1.5e12, "cardinal")]),
    ("3 مليارات و200 مليون", [("3 مليارات و200 مليون", 3.2e9, "cardinal")]),
    ("بين 5 و7 أيام", [("5", 5, "cardinal"), ("7", 7, "cardinal")]),
    # units and tens
    ("ثلاثة رجال", [("ثلاثة", 3, "cardinal")]),
    ("ثلاث نساء", [("ثلاث", 3, "cardinal")]),
    ("واحد فقط", [("واحد", 1, "cardinal")]),
    ("اثنان منهم", [("اثنان", 2, "cardinal")]),
    ("اثنتين من", [("اثنتين", 2, "cardinal")]),
    ("ثماني سنوات", [("ثماني", 8, "cardinal")]),
    ("ثمانية أشهر", [("ثمانية", 8, "cardinal")]),
    ("عشرة جنود", [("عشرة", 10, "cardinal")]),
    ("عشرون طالبا", [("عشرون", 20, "cardinal")]),
    ("خمسين طالبا", [("خمسين", 50, "cardinal")]),
    ("تسعون يوما", [("تسعون", 90, "cardinal")]),
    ("خمسة وعشرون", [("خمسة وعشرون", 25, "cardinal")]),
    ("سبعة و ثلاثون", [("سبعة و ثلاثون", 37, "cardinal")]),
    ("واحد وأربعون", [("واحد وأربعون", 41, "cardinal")]),
    ("اثنين وستين", [("اثنين وستين", 62, "cardinal")]),
    ("أربعة وخمسين", [("أربعة وخمسين", 54, "cardinal")]),
    ("صفر أهداف", [("صفر", 0, "cardinal")]),
    ("خمسةَ عشرَ رجلًا", [("خمسةَ عشرَ", 15, "cardinal")]),
    # teens
    ("ثلاثة عشر قتيلا", [("ثلاثة عشر", 13, "cardinal")]),
    ("إحدى عشرة سيارة", [("إحدى عشرة", 11, "cardinal")]),
    ("أحد عشر كوكبا", [("أحد عشر", 11, "cardinal")]),
    ("اثنا عشر شهرا", [("اثنا عشر", 12, "cardinal")]),
    ("اثني عشر شهرا", [("اثني عشر", 12, "cardinal")]),
    ("ثماني عشرة دولة", [("ثماني عشرة", 18, "cardinal")]),
    ("تسعة عشر", [("تسعة عشر", 19, "cardinal")]),
    ("أحد المسؤولين", []),
    ("عشر", []),
    # hundreds
    ("مئة شخص", [("مئة", 100, "cardinal")]),
    ("مائة شخص", [("مائة", 100, "cardinal")]),
    ("مئتان", [("مئتان", 200, "cardinal")]),
    ("مئتين وخمسين", [("مئتين وخمسين", 250, "cardinal")]),
    ("ثلاثمائة وخمسة وعشرون", [("ثلاثمائة وخمسة وعشرون", 325, "cardinal")]),
    ("ثمانمئة", [("ثمانمئة", 800, "cardinal")]),
    ("ستمائة وواحد", [("ستمائة وواحد", 601, "cardinal")]),
    ("ثلاث مئة وعشرة", [("ثلاث مئة وعشرة", 310, "cardinal")]),
    ("مئة وثلاثة عشر", [("مئة وثلاثة عشر", 113, "cardinal")]),
    ("خمسمئة وأحد عشر", [("خمسمئة وأحد عشر", 511, "cardinal")]),
    # scales
    ("ألف ليلة", [("ألف", 1000, "cardinal")]),
    ("ألفان", [("ألفان", 2000, "cardinal")]),
    ("ألفين", [("ألفين", 2000, "cardinal")]),
    ("ثلاثة آلاف", [("ثلاثة آلاف", 3000, "cardinal")]),
    ("عشرة آلاف", [("عشرة آلاف", 10000, "cardinal")]),
    ("أحد عشر ألفًا", [("أحد عشر ألفًا", 11000, "cardinal")]),
    ("مئة ألف", [("مئة ألف", 100000, "cardinal")]),
    ("مئتا ألف", [("مئتا ألف", 200000, "cardinal")]),
    ("مليون", [("مليون", 1e6, "cardinal")]),
    ("مليونين", [("مليونين", 2e6, "cardinal")]),
    ("خمسة ملايين", [("خمسة ملايين", 5e6, "cardinal")]),
    ("مليار", [("مليار", 1e9, "cardinal")]),
    ("ثلاثة مليارات", [("ثلاثة مليارات", 3e9, "cardinal")]),
    ("بليون", [("بليون", 1e9, "cardinal")]),
    ("مليون وخمسمائة ألف", [("مليون وخمسمائة ألف", 1.5e6, "cardinal")]),
    ("ألف وتسعمائة وتسعون", [("ألف وتسعمائة وتسعون", 1990, "cardinal")]),
    ("مليون ونصف", [("مليون ونصف", 1.5e6, "cardinal")]),
    ("ثلاثة ونصف", [("ثلاثة ونصف", 3.5, "cardinal")]),
    # proclitics
    ("بخمسة دنانير", [("خمسة", 5, "cardinal")]),
    ("لثلاثة أيام", [("ثلاثة", 3, "cardinal")]),
    ("فعشرون", [("عشرون", 20, "cardinal")]),
    ("وسبعة", [("سبعة", 7, "cardinal")]),
    ("بنحو مئة", [("مئة", 100, "cardinal")]),
    # fractions
    ("نصف السكان", [("نصف", 0.5, "fraction")]),
    ("ربع ساعة", [("ربع", 0.25, "fraction")]),
    ("ثلث الميزانية", [("ثلث", 1 / 3, "fraction")]),
    ("ثلثي الأعضاء", [("ثلثي", 2 / 3, "fraction")]),
    ("نصف مليون", [("نصف مليون", 5e5, "fraction")]),
    ("ربع مليار", [("ربع مليار", 2.5e8, "fraction")]),
    # ordinals
    ("الأول", [("الأول", 1, "ordinal")]),
    ("المرة الأولى", [("الأولى", 1, "ordinal")]),
    ("الفصل الثاني", [("الثاني", 2, "ordinal")]),
    ("الساعة الثانية", [("الثانية", 2, "ordinal")]),
    ("الدورة الخامسة", [("الخامسة", 5, "ordinal")]),
    ("اليوم العاشر", [("العاشر", 10, "ordinal")]),
    ("الحادي عشر من سبتمبر", [("الحادي عشر", 11, "ordinal")]),
    ("الحادية عشرة", [("الحادية عشرة", 11, "ordinal")]),
    ("الثاني عشر", [("الثاني عشر", 12, "ordinal")]),
    ("الثالث عشر", [("الثالث عشر", 13, "ordinal")]),
    ("الحادي والعشرين", [("الحادي والعشرين", 21, "ordinal")]),
    ("ثالث أكبر", [("ثالث", 3, "ordinal")]),
    ("ثالثة", [("ثالثة", 3, "ordinal")]),
    ("للمرة الثالثة", [("الثالثة", 3, "ordinal")]),
    ("والسادس", [("السادس", 6, "ordinal")]),
    ("الحادي", []),
    ("30 ثانية", [("30", 30, "cardinal")]),
    ("ميدان رابعة", []),
    # vague
    ("عشرات الجرحى", [("عشرات", 10, "vague")]),
    ("مئات المحتجين", [("مئات", 100, "vague")]),
    ("آلاف المتظاهرين", [("آلاف", 1000, "vague")]),
    ("عشرات الآلاف", [("عشرات الآلاف", 10000, "vague")]),
    ("مئات الآلاف", [("مئات الآلاف", 100000, "vague")]),
    ("بضعة أيام", [("بضعة", 3, "vague")]),
    ("بضع ساعات", [("بضع", 3, "vague")]),
    ("بضعة آلاف", [("بضعة آلاف", 3000, "vague")]),
    ("وعشرات", [("عشرات", 10, "vague")]),
    # non-numbers and traps
    ("يوم الأحد", []),
    ("يوم الاثنين", []),
    ("يوم الثلاثاء", []),
    ("يوم الأربعاء", []),
    ("الخميس والجمعة", []),
    ("أعلن الرئيس عن خطة جديدة", []),
    ("", []),
]


@pytest.mark.parametrize(("phrase", "expected"), CASES)
def test_find_numbers_table(phrase: str, expected: list[tuple[str, float, str]]) -> None:
    got = find_numbers(phrase)
    assert [(m.text, m.kind) for m in got] == [(t, k) for t, _, k in expected]
    for m, (_, value, kind) in zip(got, expected, strict=True):
        assert m.value == pytest.approx(value)
        assert m.vague == (kind == "vague")
        assert phrase[m.start : m.end] == m.text


def test_cases_count() -> None:
    assert len(CASES) >= 80


def test_several_in_one_sentence() -> None:
    s = "قتل خمسة وجرح ثلاثة عشر في اليوم الثاني، وشارك عشرات الآلاف وأنفق 2،4 مليار."
    got = [(m.text, m.value) for m in find_numbers(s)]
    assert got == [
        ("خمسة", 5),
        ("ثلاثة عشر", 13),
        ("الثاني", 2),
        ("عشرات الآلاف", 10000),
        ("2،4 مليار", 2.4e9),
    ]


def test_harakat_and_tatweel_in_span() -> None:
    s = "ثلاثـمائةٍ وخمسةٌ"
    (m,) = find_numbers(s)
    assert (m.text, m.value) == (s, 305)
    assert m == NumberMatch(0, len(s), s, 305.0, "cardinal")


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("ثلاثمائة وخمسة وعشرون", 325),
        ("ألفان", 2000),
        ("ألفين", 2000),
        ("مليونين", 2e6),
        ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10000),
        ("ألفًا", 1000),
        ("ثلاثين", 30),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("ثماني عشرة", 18),
        ("مئتين", 200),
        ("مليار وثلاثمائة مليون", 1.3e9),
        ("ثلاثة ملايين و ألف", 3_001_000),
        ("وخمسة", 5),
        ("12 ألف", 12000),
    ],
)
def test_words_to_number(words: str, value: float) -> None:
    assert words_to_number(words.split()) == value


@pytest.mark.parametrize(
    "words", ["", "خمسة ثلاثة", "اثنا", "عشر", "ألف مليون", "نحو", "الثالث", "عشرات", "و"]
)
def test_words_to_number_rejects(words: str) -> None:
    assert words_to_number(words.split()) is None


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("2،4", 2.4),
        ("٢٫٥", 2.5),
        ("1,500", 1500),
        ("1.250.000", 1250000),
        ("١٢", 12),
        ("۱۲", 12),
        ("3.14", 3.14),
        ("0,5", 0.5),
        ("12,345,678.5", 12345678.5),
    ],
)
def test_parse_digits(s: str, value: float) -> None:
    assert parse_digits(s) == pytest.approx(value)


@pytest.mark.parametrize("s", ["", "abc", "12a", "1.2.3", "40%", "-5", "خمسة", "1,,5"])
def test_parse_digits_rejects(s: str) -> None:
    assert parse_digits(s) is None


# ---------------------------------------------------------------------------------------------
# Property tests: a small MSA renderer

_UNITS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
_UNITS_F = ["", "إحدى", "اثنتا", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع"]
_TEEN_UNITS = ["", "أحد", "اثنا", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
_TENS = ["", "", "عشر", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثمان", "تسع"]
_HUNDREDS = ["", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة"]
_HUNDREDS.append("تسعمئة")


def _chunk(n: int, draw: st.DrawFn) -> list[str]:
    """Words for 1..999; parts joined later with و."""
    parts: list[str] = []
    h, r = divmod(n, 100)
    if h:
        word = _HUNDREDS[h]
        if draw(st.booleans()):
            word = word.replace("مئة", "مائة").replace("مئتان", "مائتان")
        parts.append(word)
    if 1 <= r <= 10:
        parts.append(_UNITS[r])
    elif 11 <= r <= 19:
        fem = draw(st.booleans())
        u = r - 10
        unit = _UNITS_F[u] if fem and u != 2 else _TEEN_UNITS[u]
        parts.append(unit + " " + ("عشرة" if fem else "عشر"))
    elif r >= 20:
        t, u = divmod(r, 10)
        ten = _TENS[t] + draw(st.sampled_from(["ون", "ين"]))
        parts.append((_UNITS[u] + " و" + ten) if u else ten)
    return [" و".join(parts)]


def _scaled(n: int, sing: str, dual: str, plural: str, draw: st.DrawFn) -> str:
    if n == 1:
        return sing
    if n == 2:
        return dual
    words = " و".join(_chunk(n, draw))
    if 3 <= n % 100 <= 10:
        return words + " " + plural
    return words + " " + sing


@st.composite
def rendered(draw: st.DrawFn) -> tuple[int, str]:
    n = draw(st.integers(0, 999_999_999))
    if n == 0:
        return n, "صفر"
    m, rest = divmod(n, 1_000_000)
    k, u = divmod(rest, 1000)
    parts: list[str] = []
    if m:
        parts.append(
            _scaled(m, "مليون", draw(st.sampled_from(["مليونان", "مليونين"])), "ملايين", draw)
        )
    if k:
        sing = draw(st.sampled_from(["ألف", "ألفًا"])) if k % 100 > 10 else "ألف"
        parts.append(_scaled(k, sing, draw(st.sampled_from(["ألفان", "ألفين"])), "آلاف", draw))
    if u:
        parts.extend(_chunk(u, draw))
    return n, " و".join(parts)


@given(rendered())
def test_words_roundtrip(case: tuple[int, str]) -> None:
    n, text = case
    assert words_to_number(text.split()) == n
    (m,) = find_numbers(f"قال إن {text} شخص")
    assert (m.text, m.value) == (text, n)


_SCRIPTS = {"ascii": "0123456789", "arabic": "٠١٢٣٤٥٦٧٨٩", "persian": "۰۱۲۳۴۵۶۷۸۹"}


@given(
    st.integers(0, 10**12),
    st.sampled_from(sorted(_SCRIPTS)),
    st.sampled_from(["", ",", "٬", "."]),
)
def test_digits_roundtrip(n: int, script: str, sep: str) -> None:
    s = f"{n:,}".replace(",", sep) if n >= 1000 or sep == "" else str(n)
    if sep == "." and n < 1_000_000:  # one dot group reads as a decimal point
        s = str(n)
    s = s.translate(str.maketrans("0123456789", _SCRIPTS[script]))
    assert parse_digits(s) == n
    (m,) = find_numbers(f"بلغ {s} دولار")
    assert (m.text, m.value) == (s, n)


@given(st.integers(0, 10**6), st.integers(1, 99), st.sampled_from([".", "،", "٫"]))
def test_decimal_roundtrip(whole: int, frac: int, sep: str) -> None:
    s = f"{whole}{sep}{frac:02d}"
    assert parse_digits(s) == pytest.approx(whole + frac / 100)


_PLAIN_WORDS = [
    "سلام",
    "عليكم",
    "قال",
    "الرئيس",
    "في",
    "يوم",
    "من",
    "أجل",
    "الأحد",
    "أحد",
    "بنحو",
    "الثلاثاء",
    "الأربعاء",
]


@given(st.lists(st.sampled_from(_PLAIN_WORDS), max_size=12).map(" ".join))
def test_plain_words_give_nothing(s: str) -> None:
    assert find_numbers(s) == []


@given(st.text(max_size=80))
def test_offsets_invariant(s: str) -> None:
    prev_end = 0
    for m in find_numbers(s):
        assert s[m.start : m.end] == m.text
        assert m.start >= prev_end
        assert m.start < m.end
        prev_end = m.end


def test_wahida_after_a_number_is_not_split_into_wa_and_a_missing_word() -> None:
    # واحدة after a number once raised KeyError: و + احدة is not a number word.
    assert [(m.text, m.value) for m in find_numbers("خمسة واحدة")] == [
        ("خمسة", 5.0),
        ("واحدة", 1.0),
    ]
