"""Find quantitative claims in Arabic text: value, kind, unit, hedge, range, change and subject.

Hand-written for marsad (no code taken from other projects): no library reads Arabic figures
in running text. Numbers themselves come from :mod:`marsad.arabic.numbers`; this module reads
what surrounds them. Everything runs on the normalized text (hamza alefs, ``ة``/``ى``,
harakat and digit scripts folded; see :mod:`marsad.arabic.normalize`), with every span mapped
back to the original, so ``text[f.start:f.end] == f.text``.

What a figure is made of:

- **kind and unit**, read after the number (skipping ``من``): percent (``%``, ``٪``,
  ``في المئة``, ``في المائة``, ``بالمئة``); money with an ISO 4217 code (``دولار`` USD,
  ``يورو`` EUR, ``ليرة سورية`` SYP, ``دينار عراقي`` IQD, ``ريال`` + country...; ``$``/``€``/``£``
  before the number too; a bare ``ليرة``/``دينار``/``ريال``/``درهم`` is money with unit None,
  as it names several currencies); measures (``كم`` km, ``طن`` ton, ``ساعة`` hour...);
  otherwise a count whose unit is the lemma of the counted noun (``مسلحين`` → ``مسلح``,
  ``قتلى`` → ``قتيل``) from a hand-written table of news nouns, or by the sound-plural rules
  (``-ين``/``-ون`` dropped, ``-ات`` → ``-ة``) for other nouns. Ordinals are kind ``ordinal``;
  a fraction alone (``ثلث السكان``) is a percent of the noun after it (33.33).
- **span**: money, percent and measures cover the number and its unit (``2،4 مليار دولار``,
  ``40 في المئة``); a count covers the number only (the noun is its ``unit``); qualifiers are
  outside the span (they are the ``qualifier`` field); a range covers ``بين``/``من`` to the end
  of its second figure.
- **qualifier** before the number: ``نحو``/``حوالي``/``قرابة``/``زهاء``/``ما يقرب من``/
  ``ما يناهز`` → about; ``أكثر من``/``ما يزيد على``/``أزيد من``/``ما يربو على``/``ما يفوق``
  → more_than; ``ما لا يقل عن`` → at_least; ``أقل من``/``ما يقل عن``/``دون`` → less_than;
  ``حتى``/``ما يصل إلى`` → up_to; after the figure: ``على الأقل`` → at_least, ``تقريبًا`` → about.
- **ranges**: ``(ما) بين A و B``, ``من A إلى/حتى B`` (when no change verb governs it),
  ``A - B``: one figure with ``low``/``high`` and ``value`` None. A scale word on B
  distributes to a bare A when the result stays below B: ``ما بين 12 و15 ألفًا`` → 12000-15000.
- **changes**: a change verb or noun (``ارتفع``, ``زيادة``, ``تراجعت``, ``انخفاض``...) before
  ``من A ... إلى B`` links A and B (direction from the values, else from the verb);
  ``بنسبة 40 في المئة`` after it is a percentage change; ``إلى B`` alone is a change to B.
- **subject**: the noun phrase between a change verb and its figures (``تراجع عائدات التنظيم من
  النفط من 2،4 مليار`` → ``عائدات التنظيم من النفط``); between a verb of amount (``بلغ``,
  ``يقدر``, ``تجاوز``, ``وصل``...) and the figure (``تبلغ المساحة التي تسيطر عليها في الجنوب نحو
  300 كم``); from a head noun (``عدد``, ``قيمة``, ``حجم``, ``نسبة``, ``حصيلة``...) to the figure;
  or an event noun right before a count (``مقتل سبعة``, ``إصابة العشرات``). None otherwise.

Numbers inside spans the caller excludes (time expressions: ``12 يناير 2017``) are skipped,
and so are numbers that name things rather than count them (``القرار 2254``, ``إف 16``,
``رقم 5``).

>>> f = find_figures("تراجعت عائدات التنظيم من النفط من 2،4 مليار دولار إلى 640 مليون دولار")
>>> [(x.text, x.value, x.unit) for x in f]
[('2،4 مليار دولار', 2400000000.0, 'USD'), ('640 مليون دولار', 640000000.0, 'USD')]
>>> f[0].change
FigureChange(from_index=0, to_index=1, direction='down', percent=None)
>>> f[0].subject
'عائدات التنظيم من النفط'
>>> [(x.text, x.value, x.unit, x.qualifier) for x in find_figures("مقتل سبعة مسلحين على الأقل")]
[('سبعة', 7.0, 'مسلح', 'at_least')]
>>> r = find_figures("يتراوح عددهم ما بين 12 و15 ألفًا")[0]
>>> r.text, r.low, r.high, r.value
('بين 12 و15 ألفًا', 12000.0, 15000.0, None)
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final, Literal, cast

from marsad.arabic.normalize import (
    Normalized,
    normalize,
    normalize_text,
    strip_diacritics,
    word_alternation,
)
from marsad.arabic.numbers import number_spans, trailing_scale
from marsad.arabic.wordlists import WordList, load_wordlist
from marsad.arabic.words import (
    CONJ_OPT,
    PREP_OPT,
    PROCLITIC_OPT,
    clause_break_re,
    starts_with_conjunction,
)
from marsad.resources import read_lines

__all__ = ["Figure", "FigureChange", "find_figures"]

FigureKind = Literal["money", "percent", "count", "measure", "ordinal"]
Qualifier = Literal["about", "at_least", "more_than", "less_than", "up_to"]
Direction = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A change a figure takes part in; indices point into the list :func:`find_figures` returns."""

    from_index: int | None
    to_index: int | None
    direction: Direction | None
    percent: float | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantitative claim, with its span in the original text."""

    start: int
    end: int
    text: str
    value: float | None
    kind: FigureKind
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier | None = None
    vague: bool = False
    subject: str | None = None
    change: FigureChange | None = None


# ---------------------------------------------------------------------------------------------
# Lexicons, written in ordinary spelling and normalized once.


def _n(s: str) -> str:
    return normalize_text(s)


def _words(s: str) -> list[str]:
    """A long word list written as one string."""
    return s.split()


_alt: Final = word_alternation


def _figures(name: str) -> WordList:
    """The validated word list ``resources/figures/<name>.tsv`` (``units``: كم، طن...)."""
    return load_wordlist(f"figures/{name}.tsv")


def _grouped(words: WordList, column: str) -> dict[str, tuple[str, ...]]:
    """``{value of column: its entries in file order}``, values in order of first use:
    ``units`` by ``unit`` → ``{"km": ("كم", "كلم", ...), ...}``."""
    groups: dict[str, list[str]] = {}
    for row in words.rows:
        groups.setdefault(row[column], []).append(row[words.spec.columns[0]])
    return {value: tuple(entries) for value, entries in groups.items()}


def _currency_code(name: str) -> str | None:
    """The ISO code a currency noun decides alone (دولار USD), None when an adjective must."""
    codes = {r["code"] for r in _figures("currencies").select(currency=name)}
    return None if codes == {"-"} else codes.pop()


# The manifest allows only the five Qualifier values in the qualifier column.
_QUALIFIERS_BEFORE: Final[dict[Qualifier, tuple[str, ...]]] = {
    cast(Qualifier, q): words for q, words in _grouped(_figures("qualifiers"), "qualifier").items()
}
_QUALIFIER_OF: Final[dict[str, Qualifier]] = {
    _n(w): q for q, words in _QUALIFIERS_BEFORE.items() for w in words
}
# A qualifier, possibly with proclitics (بنحو، ولأكثر من), at the end of the text before a
# number (which may itself carry ب or ل: بـ40).
_QUAL_BEFORE_RE: Final = re.compile(
    rf"(?:^|(?<=[\s(،,])){CONJ_OPT}{PREP_OPT}(?P<q>{_alt(_QUALIFIER_OF)})\s*{PREP_OPT}$"
)
_QUAL_AFTER_RE: Final = re.compile(
    rf"^\s*(?P<q>{_alt(_figures('qualifiers').words(after='yes'))})(?!\w)"
)

_PERCENT_RE: Final = re.compile(
    rf"^\s?(?:%|٪|{_alt(_figures('units').words(unit='percent'))})(?!\w)"
)

# Currency nouns (all forms) → their code when the name alone decides it, else None; an
# adjective after a name that needs one picks the code.
_CURRENCY_NOUNS: Final[dict[str, tuple[str | None, tuple[str, ...]]]] = {
    name: (_currency_code(name), forms)
    for name, forms in _grouped(_figures("currencies"), "currency").items()
}
_CURRENCY_ADJ: Final[dict[str, dict[str, str]]] = {
    name: _figures("currency_adjectives").mapping("code", currency=name)
    for name in _grouped(_figures("currency_adjectives"), "currency")
}
# Each adjective in its masculine, feminine and accusative forms (ليرة سورية، دينارا عراقيا).
_ADJ_ENDINGS: Final = ("", "ة", "ا", "ين", "ه")
_CURRENCY_WORD_OF: Final[dict[str, str]] = {
    _n(form): name for name, (_, forms) in _CURRENCY_NOUNS.items() for form in forms
}
_CURRENCY_RE: Final = re.compile(
    rf"^\s*(?:من\s+)?(?P<cur>{_alt(_CURRENCY_WORD_OF)})(?!\w)"
    rf"(?:\s+(?P<adj>[^\W\d_]+))?"
)
_SYMBOL_CODES: Final[dict[str, str]] = {"$": "USD", "€": "EUR", "£": "GBP"}
_SYMBOL_BEFORE_RE: Final = re.compile(r"(?:US|U\.S\.)?(?P<sym>[$€£])\s*$")
_SYMBOL_AFTER_RE: Final = re.compile(r"^\s?(?P<sym>[$€£])")

_MEASURES: Final[dict[str, tuple[str, ...]]] = {
    unit: forms for unit, forms in _grouped(_figures("units"), "unit").items() if unit != "percent"
}
_MEASURE_OF: Final[dict[str, str]] = {
    _n(form): unit for unit, forms in _MEASURES.items() for form in forms
}
# ال is allowed for the construct of a vague amount: عشرات السنين، مئات الكيلومترات.
_MEASURE_RE: Final = re.compile(rf"^\s*(?:ال)?(?P<unit>{_alt(_MEASURE_OF)})(?!\w)")

# Words that never are the counted noun after a number: particles, prepositions, pronouns,
# copulas and a few frequent verbs. A word with a و/ف proclitic starts a new phrase.
_NOT_COUNTED: Final[frozenset[str]] = _figures("words").normalized(list="not_counted")

# Number words that are also common other words (ست "lady", وست in وست بروميتش): figures only
# when a counted noun or a unit follows.
_AMBIGUOUS_NUMBERS: Final = frozenset({"ست"})
# ثلاثة أرباع، خمسة أعشار: the parts a whole is cut into.
_SHARES: Final[dict[str, int]] = {_n("أرباع"): 4, _n("أخماس"): 5, _n("أعشار"): 10}
_SHARES_RE: Final = re.compile(rf"\s+(?P<s>{_alt(_SHARES)})(?!\w)")

# Numbers that name rather than count: the word before them.
_NAMING_WORDS: Final[frozenset[str]] = _figures("words").normalized(list="naming")
# The naming word may be followed by a bracket or quotes: المادة (20)، رقم "272".
_NAMING_BEFORE_RE: Final = re.compile(rf"(?:^|(?<=\s)){PROCLITIC_OPT}(?P<w>[^\W\d_]+)[\s\-(\"«]*$")
# A list item's number: at a line or text start, then "." "-" or ")" (1. المحافظة على).
_LIST_ITEM_RE: Final = re.compile(r"^[\s\-•*]*$")
_LIST_MARK_RE: Final = re.compile(r"\s*[.\-)–]\s")
# Digits glued to Latin letters or a hyphen (F-16, G20, كوفيد-19, 3D) are names or codes.
_CODE_AROUND_RE: Final = re.compile(r"[A-Za-z]-?$|^-?[A-Za-z]")

_CHANGE_UP: Final = _figures("changes").words(direction="up")
_CHANGE_DOWN: Final = _figures("changes").words(direction="down")
_CHANGE_NEUTRAL: Final = _figures("changes").words(direction="none")
_DIRECTION_OF: Final[dict[str, Direction | None]] = {
    **{_n(w): "up" for w in _CHANGE_UP},
    **{_n(w): "down" for w in _CHANGE_DOWN},
    **{_n(w): None for w in _CHANGE_NEUTRAL},
}
_CHANGE_RE: Final = re.compile(
    rf"(?:^|(?<=[\s(])){CONJ_OPT}{PREP_OPT}(?P<v>{_alt(_DIRECTION_OF)})(?!\w)"
)

# Verbs of amount: what stands between them and the figure is its subject.
_AMOUNT_VERBS: Final = _figures("words").words(list="amount_verb")
_AMOUNT_VERB_RE: Final = re.compile(
    rf"(?:^|(?<=[\s(])){CONJ_OPT}(?P<v>{_alt(_AMOUNT_VERBS)})(?!\w)"
)
_HEAD_NOUNS: Final = _figures("words").words(list="head_noun")
_HEAD_RE: Final = re.compile(rf"(?:^|(?<=[\s(])){PROCLITIC_OPT}(?P<h>{_alt(_HEAD_NOUNS)})(?!\w)")
# Event nouns right before a count: the count is of what they name (مقتل سبعة، إصابة العشرات).
_EVENT_NOUNS: Final = _figures("words").words(list="event_noun")
_EVENT_BEFORE_RE: Final = re.compile(
    rf"(?:^|(?<=[\s(])){PROCLITIC_OPT}(?P<e>{_alt(_EVENT_NOUNS)})\s*$"
)

# Clause boundaries: punctuation, and connectives that start a new clause.
_CLAUSE_BREAK_RE: Final = clause_break_re(("فيما", "بينما", "في حين", "حيث", "كما"))
_RANGE_START_RE: Final = re.compile(rf"(?:^|(?<=[\s(]))(?:ما\s+)?{CONJ_OPT}(?P<w>بين|من)\s*$")
_FROM_RE: Final = re.compile(rf"(?:^|(?<=\s)){CONJ_OPT}من\s*$")
_TO_RE: Final = re.compile(r"(?:^|(?<=\s))(?:الي|حتي|ل)\s*$")
_BY_PERCENT_RE: Final = re.compile(r"(?:^|(?<=\s))(?:بنسبه|بمعدل|بمقدار|ب)\s*$")
_ORDINAL_DIGITS_RE: Final = re.compile(rf"(?:^|(?<=\s)){PROCLITIC_OPT}ال(?P<d>\d+)(?![\d.,])")
# The counted noun after a number: a word of two letters or more, not glued to a digit
# (the و of و15 is not a noun), possibly after من (آلاف من المقاتلين).
_COUNTED_RE: Final = re.compile(r"\s*(?:من\s+)?(?P<w>[^\W\d_]{2,})(?!\d)")


@lru_cache(maxsize=1)
def _noun_rows() -> list[tuple[str, list[str]]]:
    """``counted_nouns.tsv`` as (lemma, plural forms) rows, read once."""
    rows: list[tuple[str, list[str]]] = []
    for line in read_lines("marsad.resources.figures", "counted_nouns.tsv"):
        if line.strip() and not line.startswith("#"):
            lemma, _, plurals = line.partition("\t")
            rows.append((lemma, plurals.split()))
    return rows


@lru_cache(maxsize=1)
def _counted_nouns() -> dict[str, str]:
    """Normalized form (singular, plural, dual; with and without ال) → lemma."""
    table: dict[str, str] = {}
    for lemma, plurals in _noun_rows():
        for form in [lemma, *plurals, *_duals(lemma, plurals)]:
            key = _n(form)
            table.setdefault(key, lemma)
            table.setdefault("ال" + key, lemma)
    return table


def _duals(lemma: str, plurals: Sequence[str]) -> list[str]:
    """Dual forms of a counted noun: سيارة → سيارتين، سيارتان; شخص → شخصين.

    Unvowelled, a dual in ``-ين``/``-ان`` looks like a sound plural (مسلحين is "armed men"
    far more often than "two armed men"): nouns with a sound plural (مسلح، مدني) get no dual.
    """
    stem = lemma[:-1] + "ت" if lemma.endswith("ة") else lemma
    if any(p.endswith(("ين", "ون")) for p in plurals):
        return []
    return [stem + "ين", stem + "ان"]


@lru_cache(maxsize=1)
def _dual_re() -> re.Pattern[str]:
    """Matches a dual counted noun standing alone: قتل شخصين → 2 شخص."""
    duals = [form for lemma, plurals in _noun_rows() for form in _duals(lemma, plurals)]
    return re.compile(rf"(?<![^\W\d_]){PROCLITIC_OPT}(?P<w>{_alt(duals)})(?![^\W\d_])")


def _lemma(word: str) -> str | None:
    """The lemma of a counted noun (original spelling), or None when ``word`` is not one.

    >>> _lemma("مسلحين"), _lemma("قتلى"), _lemma("مستشارًا"), _lemma("بلداً"), _lemma("في")
    ('مسلح', 'قتيل', 'مستشار', 'بلد', None)
    """
    plain = strip_diacritics(word)
    key = _n(plain)
    if key in _NOT_COUNTED or (starts_with_conjunction(key) and key[1:] in _counted_nouns()):
        return None
    known = _counted_nouns().get(key)
    if known is not None:
        return known
    if starts_with_conjunction(key) or len(key) < 3:
        return None
    # Sound plurals and the accusative -ًا of an unlisted noun: مهاجرين → مهاجر, بلداً → بلد.
    stem = plain.removeprefix("ال") if len(plain) > 4 else plain
    if len(stem) >= 5 and stem.endswith(("ين", "ون")):
        return stem[:-2]
    if len(stem) >= 5 and stem.endswith("ات"):
        return stem[:-2] + "ة"
    if len(stem) >= 4 and stem.endswith("ا"):
        return stem[:-1]
    return stem


# ---------------------------------------------------------------------------------------------
# Reading one number's surroundings.


@dataclass(slots=True)
class _Atom:
    """A number and what was read around it, in normalized offsets."""

    start: int  # the figure's span
    end: int
    num_start: int  # the number itself
    num_end: int
    value: float
    kind: FigureKind
    unit: str | None = None
    qualifier: Qualifier | None = None
    qual_start: int | None = None  # where the qualifier begins (subjects stop there)
    vague: bool = False
    scale: float = 1.0
    bare: bool = True  # no unit after it (a range's first number)
    low: float | None = None
    high: float | None = None
    share_of: str | None = None  # ثلث السكان: the noun a fraction is a share of


def _next_word(text: str, nmap: Normalized, pos: int) -> str | None:
    """The original text of the word right after normalized position ``pos``."""
    m = _COUNTED_RE.match(nmap.text, pos)
    if m is None:
        return None
    s, e = nmap.to_original(m.start("w"), m.end("w"))
    return text[s:e]


def _currency(name: str, adj: str | None) -> tuple[str | None, bool]:
    """(ISO code, whether the adjective is part of it) for a currency noun and the word after."""
    code = _CURRENCY_NOUNS[name][0]
    if adj:
        for base, adj_code in _CURRENCY_ADJ.get(name, {}).items():
            b = _n(base)
            if any(_n(adj) == b + e for e in _ADJ_ENDINGS):
                return adj_code, True
    return code, False


def _read_unit(text: str, nmap: Normalized, atom: _Atom) -> None:
    """Kind, unit and span end from what follows the number (and a currency sign before it)."""
    nt = nmap.text
    after = nt[atom.num_end : atom.num_end + 60]
    before = nt[max(0, atom.num_start - 6) : atom.num_start]
    m = _PERCENT_RE.match(after)
    if m:
        atom.kind, atom.unit, atom.end, atom.bare = "percent", None, atom.num_end + m.end(), False
        return
    sym = _SYMBOL_BEFORE_RE.search(before)
    if sym:
        atom.kind, atom.unit, atom.bare = "money", _SYMBOL_CODES[sym["sym"]], False
        atom.start = atom.num_start - (len(before) - sym.start())
        return
    m = _SYMBOL_AFTER_RE.match(after)
    if m:
        atom.kind, atom.unit, atom.bare = "money", _SYMBOL_CODES[m["sym"]], False
        atom.end = atom.num_end + m.end()
        return
    m = _CURRENCY_RE.match(after)
    if m:
        code, with_adj = _currency(_CURRENCY_WORD_OF[m["cur"]], m["adj"])
        atom.kind, atom.unit, atom.bare = "money", code, False
        atom.end = atom.num_end + (m.end("adj") if with_adj else m.end("cur"))
        return
    m = _MEASURE_RE.match(after)
    if m:
        atom.kind, atom.unit, atom.bare = "measure", _MEASURE_OF[m["unit"]], False
        atom.end = atom.num_end + m.end()
        return
    atom.kind = "count"
    m = _COUNTED_RE.match(nmap.text, atom.num_end)
    if m:
        s, e = nmap.to_original(m.start("w"), m.end("w"))
        atom.unit = _lemma(text[s:e])
        atom.bare = atom.unit is None


def _read_qualifier(nt: str, atom: _Atom, limit: int) -> None:
    before = nt[max(limit, atom.start - 30) : atom.start]
    m = _QUAL_BEFORE_RE.search(before)
    if m:
        atom.qualifier = _QUALIFIER_OF[re.sub(r"\s+", " ", m["q"])]
        atom.qual_start = atom.start - (len(before) - m.start())
        return
    # After the counted noun (مقتل سبعة مسلحين على الأقل) or after the figure.
    tail = nt[atom.end : atom.end + 40]
    if atom.kind == "count" and atom.unit:
        w = re.match(r"^\s*(?:من\s+)?[^\W\d_]+", tail)
        if w:
            tail = tail[w.end() :]
    m = _QUAL_AFTER_RE.match(tail)
    if m:
        atom.qualifier = "at_least" if m["q"].startswith("علي") else "about"


def _is_naming(nt: str, original: str, nmap: Normalized, start: int, end: int) -> bool:
    """A number that names something (القرار 2254، إف-16، G20) rather than counting."""
    m = _NAMING_BEFORE_RE.search(nt[max(0, start - 20) : start])
    if m and m["w"] in _NAMING_WORDS:
        return True
    line_start = nt.rfind("\n", 0, start) + 1
    if _LIST_ITEM_RE.match(nt[line_start:start]) and _LIST_MARK_RE.match(nt, end):
        return True
    s, e = nmap.to_original(start, end)
    return bool(
        _CODE_AROUND_RE.search(original[max(0, s - 2) : s])
        or _CODE_AROUND_RE.match(original[e : e + 2])
    )


# ---------------------------------------------------------------------------------------------


def find_figures(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """All figures in ``text`` in order; numbers overlapping an ``exclude`` span are skipped.

    ``exclude`` holds original-text spans, typically the time expressions found in the text.
    """
    nmap = normalize(text)
    nt = nmap.text
    excluded = sorted(exclude)
    atoms: list[_Atom] = []
    for start, end, value, kind in number_spans(nt):
        if _overlaps(nmap.to_original(start, end), excluded):
            continue
        if kind == "ordinal":
            # آل ثاني is a family name, not "second".
            if not re.search(r"(?:^|\s)ال\s+$", nt[max(0, start - 4) : start]):
                atoms.append(_Atom(start, end, start, end, value, "ordinal"))
            continue
        if _is_naming(nt, text, nmap, start, end):
            continue
        atom = _Atom(start, end, start, end, value, "count", vague=kind == "vague")
        atom.scale = trailing_scale(nt[start:end])
        share = _SHARES_RE.match(nt, end)
        if kind == "fraction" and atom.scale == 1.0:
            # ثلث السكان: a share of what follows.
            atom.kind, atom.value, atom.bare = "percent", round(value * 100, 2), False
            atom.share_of = _next_word(text, nmap, end)
        elif share and kind == "cardinal" and value < _SHARES[share["s"]]:
            # ثلاثة أرباع الجيل: three quarters.
            atom.kind, atom.bare = "percent", False
            atom.value = round(100 * value / _SHARES[share["s"]], 2)
            atom.end = share.end()
            atom.share_of = _next_word(text, nmap, share.end())
        else:
            _read_unit(text, nmap, atom)
            known = atom.kind != "count" or _n(atom.unit or "") in _counted_nouns()
            if nt[start:end] in _AMBIGUOUS_NUMBERS and not known:
                continue
        atoms.append(atom)
    taken = sorted((a.start, a.end + 2) for a in atoms)  # + 2: a noun counted by a number
    for m in _dual_re().finditer(nt):
        s, e = m.span("w")
        if not _overlaps((s, e), taken) and not _overlaps(nmap.to_original(s, e), excluded):
            o_s, o_e = nmap.to_original(s, e)
            atoms.append(_Atom(s, e, s, e, 2.0, "count", unit=_lemma(text[o_s:o_e]), bare=False))
    for m in _ORDINAL_DIGITS_RE.finditer(nt):  # الذكرى الـ70، القمة الـ29
        s, e = m.start("d") - 2, m.end("d")
        if not _overlaps(nmap.to_original(s, e), excluded) and not _MEASURE_RE.match(nt[e:]):
            atoms.append(_Atom(s, e, s, e, float(m["d"]), "ordinal"))
    atoms.sort(key=lambda a: a.start)
    breaks = [m.start() for m in _CLAUSE_BREAK_RE.finditer(nt)]
    for atom in atoms:
        if atom.kind != "ordinal":
            _read_qualifier(nt, atom, _clause_start(breaks, atom.start))
    atoms = _merge_ranges(nt, atoms)
    changes = _find_changes(nt, atoms, breaks)
    figures: list[Figure] = []
    for i, atom in enumerate(atoms):
        s, e = nmap.to_original(atom.start, atom.end)
        unit = atom.unit
        figures.append(
            Figure(
                start=s,
                end=e,
                text=text[s:e],
                value=atom.value if atom.low is None else None,
                kind=atom.kind,
                unit=unit,
                low=atom.low,
                high=atom.high,
                qualifier=atom.qualifier,
                vague=atom.vague,
                subject=_subject(text, nmap, atoms, i, breaks, changes.get(i)),
                change=changes.get(i, (None, None))[0],
            )
        )
    return figures


def _overlaps(span: tuple[int, int], excluded: Sequence[tuple[int, int]]) -> bool:
    s, e = span
    i = bisect_right(excluded, (s, 1 << 62))
    # A span before s may still reach into it; spans are few, so look back one or two.
    for j in range(max(0, i - 3), min(len(excluded), i + 1)):
        a, b = excluded[j]
        if a < e and s < b:
            return True
    return False


def _clause_start(breaks: Sequence[int], pos: int) -> int:
    i = bisect_right(breaks, pos - 1)
    return breaks[i - 1] + 1 if i else 0


def _clause_end(breaks: Sequence[int], pos: int, n: int) -> int:
    i = bisect_left(breaks, pos)
    return breaks[i] if i < len(breaks) else n


def _merge_ranges(nt: str, atoms: list[_Atom]) -> list[_Atom]:
    """Join ``بين A و B``, ``من A إلى B`` and ``A - B`` into one figure with low and high.

    ``من A إلى B`` after a change verb is a change, not a range: left to :func:`_find_changes`.
    """
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None and a.kind != "ordinal" and b.kind != "ordinal" and a.bare:
            base = max(0, a.start - 12)
            start_m = _RANGE_START_RE.search(nt, base, a.start)
            word = start_m["w"] if start_m else None
            mid = nt[a.end : b.start]
            if word == "بين":
                joined = re.fullmatch(r"\s*و\s*", mid) is not None
            elif word == "من":
                joined = re.fullmatch(r"\s*(?:الي|حتي)\s*", mid) is not None
                joined = joined and not _change_before(nt, a.start)
            else:
                joined = re.fullmatch(r"\s*[-–]\s*", mid) is not None and a.num_end == a.end
            distributed = a.value * b.scale
            low = distributed if a.scale == 1.0 and distributed <= b.value else a.value
            if joined and low < b.value:
                out.append(
                    replace(
                        b,
                        start=start_m.start("w") if start_m else a.start,
                        num_start=a.num_start,
                        low=low,
                        high=b.value,
                        qualifier=b.qualifier or a.qualifier,
                        qual_start=a.qual_start,
                    )
                )
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _change_before(nt: str, pos: int) -> bool:
    """Whether a change verb stands earlier in the clause of ``pos``."""
    start = max(0, pos - 120)
    segment = nt[start:pos]
    cut = max((m.end() for m in _CLAUSE_BREAK_RE.finditer(segment)), default=0)
    return _CHANGE_RE.search(segment, cut) is not None


_ChangeInfo = tuple[FigureChange, int]  # the change and where its verb ends (normalized)


def _find_changes(nt: str, atoms: Sequence[_Atom], breaks: Sequence[int]) -> dict[int, _ChangeInfo]:
    """Changes keyed by atom index: from → to pairs, percentage changes, changes to a value."""
    out: dict[int, _ChangeInfo] = {}
    atom_starts = [a.start for a in atoms]
    for verb in _CHANGE_RE.finditer(nt):
        direction = _DIRECTION_OF[verb["v"]]
        c_end = _clause_end(breaks, verb.end(), len(nt))
        lo, hi = bisect_left(atom_starts, verb.end()), bisect_left(atom_starts, c_end)
        inside = [i for i in range(lo, hi) if atoms[i].kind != "ordinal" and i not in out]
        if not inside:
            continue
        first = inside[0]
        a = atoms[first]
        lead = a.qual_start if a.qual_start is not None else a.start
        second = inside[1] if len(inside) > 1 else None
        if _FROM_RE.search(nt[max(0, lead - 6) : lead]) and second is not None:
            b = atoms[second]
            b_lead = b.qual_start if b.qual_start is not None else b.start
            if _TO_RE.search(nt[max(0, b_lead - 6) : b_lead]):
                av, bv = a.value if a.low is None else a.low, b.value if b.low is None else b.low
                if av != bv:
                    direction = "up" if bv > av else "down"
                change = FigureChange(first, second, direction)
                if a.bare and not b.bare:  # من 20 إلى 35 قتيلا: the unit is said once
                    a.kind, a.unit = b.kind, b.unit
                out[first] = (change, verb.end())
                out[second] = (change, verb.end())
                continue
        before = nt[max(0, lead - 8) : lead]
        # نما 3.5 بالمئة، زادت حوادث التخريب 86 في المئة: a percent soon after the verb.
        near = len(nt[verb.end() : lead].split()) <= _MAX_SUBJECT_WORDS
        if a.kind == "percent" and (near or _BY_PERCENT_RE.search(before)):
            out[first] = (FigureChange(None, None, direction, a.value), verb.end())
        elif _TO_RE.search(before):
            out[first] = (FigureChange(None, first, direction), verb.end())
        elif _BY_PERCENT_RE.search(before):
            out[first] = (FigureChange(None, None, direction), verb.end())
    return out


_SUBJECT_TRIM_RE: Final = re.compile(
    r"(?:\s+(?:و|ف|من|الي|ب|بين|ما|عند|الى|في|بنحو|بحوالي|بما|بنسبه|بمقدار|بمعدل|بقيمه|لي|ليصل|لتصل))+\s*$"
)


_MAX_SUBJECT_WORDS: Final = 9


def _phrase(
    text: str, nmap: Normalized, start: int, end: int, max_words: int = _MAX_SUBJECT_WORDS
) -> str | None:
    """The original text of a normalized span as a subject, trimmed; None if empty or too long."""
    nt = nmap.text
    seg = nt[start:end]
    seg = _SUBJECT_TRIM_RE.sub("", " " + seg)[1:] if seg else seg
    seg_end = start + len(seg.rstrip())
    lead = len(seg) - len(seg.lstrip())
    seg_start = start + lead
    if seg_end <= seg_start:
        return None
    words = nt[seg_start:seg_end].split()
    if not words or len(words) > max_words:
        return None
    s, e = nmap.to_original(seg_start, seg_end)
    return text[s:e].strip(" ،,") or None


def _subject(
    text: str,
    nmap: Normalized,
    atoms: Sequence[_Atom],
    i: int,
    breaks: Sequence[int],
    change: _ChangeInfo | None,
) -> str | None:
    nt = nmap.text
    atom = atoms[i]
    if atom.kind == "ordinal":
        return None
    if atom.share_of is not None:
        return atom.share_of
    lead = atom.qual_start if atom.qual_start is not None else atom.start
    c_start = _clause_start(breaks, lead)
    if change is not None:
        fig_change, verb_end = change
        first = atoms[fig_change.from_index] if fig_change.from_index is not None else atom
        f_lead = first.qual_start if first.qual_start is not None else first.start
        found = _phrase(text, nmap, verb_end, f_lead)
        if found:
            return found
    prev_end = atoms[i - 1].end if i > 0 else 0
    floor = max(c_start, prev_end)
    verbs = list(_AMOUNT_VERB_RE.finditer(nt, floor, lead))
    if verbs:
        found = _phrase(text, nmap, verbs[-1].end(), lead)
        if found:
            return found
    # A head with ب or ل (بنسبة 40، بقيمة 3 مليارات) introduces the figure, not its subject.
    heads = [
        h
        for h in _HEAD_RE.finditer(nt, floor, lead)
        if not set(nt[h.start() : h.start("h")]) & {"ب", "ل"}
    ]
    if heads:
        # The first head of the clause: خسائر بقيمة 3 مليارات → خسائر.
        h = heads[0]
        # Up to a verb between the head and the figure: عدد القتلى ارتفع إلى 50.
        verb = _AMOUNT_VERB_RE.search(nt, h.end(), lead)
        stop = verb.start() if verb else lead
        found = _phrase(text, nmap, h.start("h"), stop)
        if found:
            return found
    base = max(floor, lead - 20)
    event = _EVENT_BEFORE_RE.search(nt[base:lead])
    if event:
        s, e = nmap.to_original(base + event.start("e"), base + event.end("e"))
        return text[s:e]
    return None
