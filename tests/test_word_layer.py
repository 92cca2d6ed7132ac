"""The word and clitic layer (marsad.arabic.words), and the rule that no extractor keeps its
own word regex or clitic stripper: outside marsad/arabic/ they all go through that layer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad.arabic.tokenize import tokenize
from marsad.arabic.words import (
    PROCLITIC_SEQUENCES,
    clause_break_re,
    has_article,
    proclitic_splits,
    restore_article,
    strip_article,
    strip_definite,
    toggle_article,
    word_list,
    word_spans,
)
from marsad.extract.places import Geocoder, strip_clitics

SRC = Path(__file__).resolve().parent.parent / "src" / "marsad"

# One proclitic letter in a regex: و ف ب ل ك, or its \u escape (\u0648 \u0641 \u0628 \u0644 \u0643).
_CLITIC_LETTER = r"(?:[وفبلك]|\\u06(?:48|41|28|44|43))"

# What a private word splitter or clitic stripper looks like in Python source.
_OFFENCES: dict[str, re.Pattern[str]] = {
    # a word regex of its own: \w+ or \S+ in a string literal
    # (not an encoding name such as koi8_\w+)
    "word regex": re.compile(r"""["'][^"'\n]*(?<![A-Za-z0-9_])\\[wS]\+"""),
    # a run of Arabic letters given as a range: [\u0621-\u064A]+ or [ء-ي]+
    "Arabic letter range": re.compile(
        r"\[[^\]\n]*(?:\\u06[0-9A-Fa-f]{2}|[\u0600-\u06ff])-"
        r"(?:\\u06[0-9A-Fa-f]{2}|[\u0600-\u06ff])[^\]\n]*\][+*]"
    ),
    # startswith("ال") / startswith("و") / startswith(("و", "ف")) / startswith("لل")
    "startswith a clitic": re.compile(r"""\.startswith\(\(?\s*["'](?:ال|لل|[وفبلك])["']"""),
    # lstrip("وف")
    "lstrip of clitics": re.compile(r"""\.lstrip\(\s*["'][وفبلك]+["']"""),
    # word[0] in "وف", word[:1] in ("ب", "ل")
    "first letter in clitics": re.compile(r"""\[(?:0|:1)\]\s+in\s+\(?\s*["'][وفبلك]{1,3}["']"""),
    # ("و", "ف") / ("وب", "ول", ...): a tuple of proclitics
    "tuple of proclitics": re.compile(r"""\(\s*["'][وفبلك]{1,2}["']\s*,\s*["'][وفبلك]{1,2}["']"""),
    # _CONJUNCTIONS = "وف", "بلك"
    "string of proclitics": re.compile(r"""=\s*["'](?:وف|فو|بلك|بكل|لبك)["']"""),
    # a regex that spells the clitic policy itself instead of CONJ_OPT / PREP_OPT /
    # PROCLITIC_OPT: [وف]? [بل]? [وفبل]? [فو] [بلك], (?:و|ف)?, (?:ب|ل|وب), the letters as
    # \u escapes too
    "inline clitic class": re.compile(
        rf"\[{_CLITIC_LETTER}{{2,5}}\]"
        rf"|\(\?:{_CLITIC_LETTER}{{1,2}}(?:\|{_CLITIC_LETTER}{{1,2}})+\)"
    ),
}


def offences(source: str) -> list[tuple[int, str]]:
    """(line number, offence) for each line of ``source`` that splits words or strips
    clitics by itself; comments and docstring lines with ``>>>`` are code too."""
    found: list[tuple[int, str]] = []
    for number, line in enumerate(source.splitlines(), 1):
        code = line.split("#", 1)[0]
        for name, pattern in _OFFENCES.items():
            if pattern.search(code):
                found.append((number, name))
    return found


def test_no_private_word_regex_or_clitic_stripper() -> None:
    bad: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        if (SRC / "arabic") in path.parents:
            continue
        for number, name in offences(path.read_text(encoding="utf-8")):
            bad.append(f"{path.relative_to(SRC)}:{number}: {name}")
    assert not bad, "use marsad.arabic.words instead:\n" + "\n".join(bad)


@pytest.mark.parametrize(
    "snippet",
    [
        '_WORD_RE = re.compile(r"\\w+")',
        'for m in re.finditer(r"\\S+", text):',
        '_AR = re.compile("[\\u0621-\\u064A]+")',
        'if word.startswith("ال") and len(word) > 4:',
        'if w.startswith(("و", "ف")):',
        'if w.startswith("لل"):',
        'definite = word.lstrip("وف").startswith("ال")',
        'if len(word) > 3 and word[0] in "وف":',
        'linked = surface[:1] in ("ب", "ل")',
        '_PROCLITICS = ("وب", "ول", "و", "ف")',
        '_CONJUNCTIONS: Final = "وف"',
        '_STOP_PREFIX_RE: Final = re.compile(r"^[وف]")',
        '_QUAL_RE = re.compile(rf"(?:^|(?<=\\s))[وف]?[بل]?(?P<q>{_alt(_Q)})\\s*[بل]?$")',
        'pattern = re.compile(rf"(?<!\\S)[وفبل]?(?P<name>{head})")',
        '_GLUE = r"\\s*(?:[فو]?(?:في|خلال))"',
        '_PREP = "[بلك]"',
        '_STOP = re.compile(r"[،,]\\s*(?:و|ف)?(?:قال|اكد)(?!\\w)")',
        '_PB = r"(?:و|ف|وب|ول)?(?P<pb>)"',
        '_CONJ = "[\\u0648\\u0641]?"',
    ],
)
def test_the_check_catches_offending_code(snippet: str) -> None:
    assert offences(snippet), snippet


@pytest.mark.parametrize(
    "snippet",
    [
        'return url.startswith(("postgresql://", "postgres://"))',
        'pattern = r"\\W+".join(parts)',
        '_ARABIC_LETTER = re.compile(r"[\\u0621-\\u064A]")',
        "if has_article(word, min_stem=1):",
        'rest = text.split()  # not r"\\w+"',
        '_SINGLE_BYTE = re.compile(r"^(cp\\d+|koi8_\\w+|mac_\\w+)$")',
        '_FROM_RE = re.compile(rf"(?:^|(?<=\\s)){CONJ_OPT}من\\s*$")',
        'rf"{_PB}(?:(?:ال|ل)?(?:عام|سنه)\\s+)"',
        'r")(?!\\w)|\\sو(?:" + acts',
        '_TO_RE = re.compile(r"(?:^|(?<=\\s))(?:الي|حتي|ل)\\s*$")',
        '_PUNCT = re.compile(r"[،,؛:]")',
    ],
)
def test_the_check_leaves_legitimate_code_alone(snippet: str) -> None:
    assert not offences(snippet), snippet


# -- words -------------------------------------------------------------------------------------


def test_word_spans_are_exact() -> None:
    text = "قال مُحَمَّد: «وبالموصل قُتل 2.5 ألف»، والـ(رقة)."
    for spaced in (False, True):
        spans = list(word_spans(text, spaced=spaced))
        assert spans
        for w in spans:
            assert text[w.start : w.end] == w.text
    assert [w.text for w in word_spans(text)][:3] == ["قال", "مُحَمَّد", "وبالموصل"]
    assert word_list(text, spaced=True)[1] == "مُحَمَّد:"


def test_word_spans_of_a_slice_keep_text_offsets() -> None:
    text = "في ريف إدلب الجنوبي"
    s = text.index("إدلب")
    assert [(w.start, w.text) for w in word_spans(text, s, len(text))] == [
        (s, "إدلب"),
        (s + 5, "الجنوبي"),
    ]


# -- clitics -----------------------------------------------------------------------------------


def test_proclitic_splits_offsets_are_exact() -> None:
    for word in ("وبالموصل", "فللرقه", "كالبحر", "ولبنان", "بغداد"):
        for split in proclitic_splits(word):
            assert word[split.offset :] == split.stem
            assert word[: split.offset] == split.proclitics
            assert split.proclitics in ("", *PROCLITIC_SEQUENCES)


def test_short_words_keep_their_first_letter() -> None:
    # three letters or fewer: never a clitic reading (ولد، بلد، فوق)
    for word in ("ولد", "بلد", "فوق", "كان"):
        assert [s.stem for s in proclitic_splits(word)] == [word]


def test_article_helpers() -> None:
    assert strip_article("الهجوم") == "هجوم"
    assert strip_article("الحي") == "الحي"  # too short to be ال + a stem
    assert toggle_article("صور", min_bare=4) is None
    assert restore_article("لمدينه") == "المدينه"
    assert strip_definite("وللوزير") == "وزير"
    assert strip_definite("والوزير") == "وزير"
    assert not has_article("الله", min_stem=3)


def test_clause_breaks_keep_numbers_whole() -> None:
    text = "قتل 2.5 ألف، و1,500 جريح; فيما نزح آخرون"
    marks = [m.group() for m in clause_break_re(("فيما",)).finditer(text)]
    assert marks == ["،", ";", "فيما"]


# -- names keep their first letter -------------------------------------------------------------


def test_names_stay_whole_in_the_tokenizer() -> None:
    for name in ("بغداد", "وليد", "لبنان"):
        (token,) = tokenize(name)
        assert [w.text for w in token.words] == [name]


def test_the_geocoder_reads_the_name_as_written_first() -> None:
    assert strip_clitics("ببيلا")[0] == (0, "ببيلا")
    assert strip_clitics("بالموصل") == [(0, "بالموصل"), (1, "الموصل")]


@pytest.mark.parametrize("text", ["وصلت القوات إلى ببيلا", "قصفت الطائرات بلدة ببيلا جنوب دمشق"])
def test_babila_is_not_biyala(text: str) -> None:
    # The tokenizer splits ببيلا as ب + بيلا, so the NER tags بيلا; the geocoder must not send
    # that Damascus suburb to Biyala, Egypt.
    g = Geocoder()
    s = text.index("ببيلا")
    for start in (s, s + 1):
        r = g.resolve(text, start, s + 5)
        assert r is not None and r.entry is not None
        assert (r.entry.name_en, r.entry.country, r.name) == ("Babila", "SY", "ببيلا")


def test_a_preposition_before_a_place_is_still_stripped() -> None:
    text = "دخلت القوات بحلب"
    s = text.index("حلب")
    r = Geocoder().resolve(text, s, s + 3)
    assert r is not None and r.entry is not None and r.entry.name_en == "Aleppo"
    assert r.name == "حلب"


def test_an_ordinary_word_does_not_become_a_place() -> None:
    # ``في بستان`` (in an orchard): the NER takes ستان after the ب; no place is named ستان,
    # so the whole word (Bostan, Iran) is not looked at either.
    text = "انفجر لغم أرضي في بستان بأطراف المقدادية"
    s = text.index("بستان")
    r = Geocoder().resolve(text, s + 1, s + 5)
    assert r is None or r.entry is None or r.entry.country != "IR"
