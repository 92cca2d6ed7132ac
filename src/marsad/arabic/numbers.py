"""Read Arabic numbers: digits in any script, number words, fractions, ordinals, vague amounts.

Hand-written for marsad (no code taken from other projects). pyarabic's ``text2number`` was
not used: it reads a string made only of number words and gives no spans, while the "figures"
feature needs to find numbers inside running text and report where they are.

Three pure functions:

- :func:`parse_digits` reads one digit string (ASCII, Arabic-Indic ``٠-٩`` or Persian
  ``۰-۹``; decimal ``.`` ``،`` ``٫``; thousands ``,`` ``٬``, and ``.`` when it groups by
  thousands at least twice: ``1.250.000``).
- :func:`words_to_number` reads a sequence of number words (``ثلاثمائة وخمسة وعشرون``).
- :func:`find_numbers` scans a text and returns :class:`NumberMatch` objects with offsets into
  the ORIGINAL text.

How :func:`find_numbers` works: the text goes through :func:`~marsad.arabic.normalize.normalize`
(hamza alefs, ``ة``/``ى``, harakat and tanween, digit scripts and separators are folded, with a
map back to the original); one precompiled regex finds number terms (a closed vocabulary of
number words, with optional proclitics ``و ف`` + ``ب ل ك`` and article ``ال``, and digit
runs); terms separated only by spaces, or by a conjunction ``و``, form a chain; each chain is
read left to right, always taking the longest valid number, so matches never overlap.

Grammar of a cardinal (all term values come from dict lookups):

- units ``واحد``...``عشرة`` (masculine and feminine forms), tens ``عشرون/عشرين``..., hundreds
  ``مئة/مائة``, ``مئتان/مئتين/مئتا``, ``ثلاثمئة``/``ثلاثمائة``/``ثلاث مئة``...; parts joined
  by ``و`` in the order hundreds, units, tens (``ثلاثمائة وخمسة وعشرون``);
- teens: a unit without ``و`` + ``عشر``/``عشرة`` (``ثلاثة عشر``, ``إحدى عشرة``, ``اثنا عشر``);
  ``أحد``/``إحدى``/``اثنا``/``اثني`` are numbers only there, and ``عشر`` alone is not read;
- scales ``ألف``/``ألفًا``/``ألفان``/``ألفين``/``آلاف``/``ألوف``, ``مليون``/``مليونين``/
  ``ملايين``, ``مليار``/``مليارات``, ``بليون``/``بلايين`` (10^9), ``تريليون`` (10^12): they
  multiply the number before them (``ثلاثة آلاف``, ``مئة ألف``, ``640 مليون``,
  ``2،4 مليار``) and must decrease along the number (``مليون وخمسمائة ألف``);
- ``ونصف``/``وربع``/``وثلث`` at the end add a fraction of the number or of the last scale
  (``مليون ونصف`` → 1500000).

Kinds: ``cardinal``; ``fraction`` for ``نصف``/``ربع``/``ثلث``/``ثلثا`` (also when a scale
follows: ``نصف مليون`` → 500000, kind ``fraction``); ``ordinal`` for ``الأول``...``العاشر``,
``الحادي عشر``...``التاسع عشر``, ``الحادي والعشرون``..., and without the article ``أول``,
``ثاني``, ``ثالث``/``ثالثة``...``عاشر`` (not ``ثانية``, which is also "a second", nor
``رابعة``, a name); ``vague`` (``vague=True``) with ACLED's values: ``بضع``/``بضعة`` 3,
``عشرات`` 10, ``مئات`` 100, ``آلاف``/``ألوف`` alone 1000 (``ملايين`` 10^6, ``مليارات`` 10^9),
``عشرات الآلاف`` 10000, ``مئات الآلاف`` 100000, ``بضعة آلاف`` 3000.

Not read: cardinals with the article (``الثلاثة``, ``الخمسين``: ``القرن العشرين`` is an
ordinal use, and ``الاثنين``/``الأحد`` are weekdays), duals of counted nouns (``يومين``),
``عشر`` alone, percent signs (``40%`` gives 40), dates (``12.5.2020`` is not a number; in
``2020/5/12`` each part is one), ranges and negative numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from marsad.arabic.normalize import normalize, normalize_text
from marsad.arabic.wordlists import load_wordlist
from marsad.arabic.words import PROCLITIC_SEQUENCES

__all__ = [
    "NumberMatch",
    "find_numbers",
    "number_spans",
    "parse_digits",
    "trailing_scale",
    "words_to_number",
]

Kind = Literal["cardinal", "ordinal", "fraction", "vague"]


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number found in a text; ``text == original[start:end]``."""

    start: int
    end: int
    text: str
    value: float
    kind: Kind
    vague: bool = False


# --------------------------------------------------------------------------------------------
# Digits

_GROUPED_COMMA: Final = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_GROUPED_DOT: Final = re.compile(r"[1-9]\d{0,2}(?:\.\d{3}){2,}")
_PLAIN: Final = re.compile(r"\d+(?:\.\d+)?")
_ASCII_DIGITS: Final = re.compile(r"[0-9.,]+", re.ASCII)


def _parse_ascii(s: str) -> float | None:
    """Read a normalized digit run (ASCII digits, ``.`` decimal or grouping, ``,`` grouping)."""
    if "," in s:
        if _GROUPED_COMMA.fullmatch(s) is None:
            return None
        return float(s.replace(",", ""))
    if s.count(".") >= 2:
        if _GROUPED_DOT.fullmatch(s) is None:
            return None
        return float(s.replace(".", ""))
    if _PLAIN.fullmatch(s) is None:
        return None
    return float(s)


def parse_digits(s: str) -> float | None:
    """Read a number written in digits of any script; ``None`` if ``s`` is not one.

    >>> parse_digits("2،4"), parse_digits("٢٫٥"), parse_digits("1,500")
    (2.4, 2.5, 1500.0)
    >>> parse_digits("1.250.000"), parse_digits("١٢"), parse_digits("۱۲"), parse_digits("١٬٢٥٠")
    (1250000.0, 12.0, 12.0, 1250.0)
    >>> parse_digits("12.5.2020") is None, parse_digits("خمسة") is None, parse_digits("") is None
    (True, True, True)
    """
    t = normalize_text(s.strip())
    if not t or _ASCII_DIGITS.fullmatch(t) is None:
        return None
    return _parse_ascii(t)


# --------------------------------------------------------------------------------------------
# Vocabulary (normalized forms: no hamza on alef, ة → ه, ى → ي, no harakat or tanween)

# Term types.
_UNIT: Final = 0  # 0..10; flags say "only before عشر" / "only as the teen marker"
_TEN: Final = 1  # 20..90
_HUNDRED: Final = 2  # 100..900
_SCALE: Final = 3  # 10^3.. with a form
_FRACTION: Final = 4
_ORDINAL: Final = 5
_VAGUE: Final = 6  # بضع عشرات مئات
_DIGITS: Final = 7

_SING: Final = 0
_DUAL: Final = 1
_PLURAL: Final = 2


@dataclass(frozen=True, slots=True)
class _Info:
    type: int
    value: float
    teen_only: bool = False  # احد احدي اثنا اثني اثنتا اثنتي: a number only before عشر
    teen_marker: bool = False  # عشر عشره after a unit
    form: int = _SING  # for scales
    bare_hundred: bool = False  # مئه مائه: may follow a unit (ثلاث مئه = 300)
    construct: bool = False  # مئتا مائتا مئتي مائتي: only before a scale
    bare_ordinal: bool = False  # ordinal allowed without ال
    ordinal_teen_only: bool = False  # حادي حاديه: only before عشر or و + ال-tens


_TYPES: Final[dict[str, int]] = {
    "unit": _UNIT,
    "ten": _TEN,
    "hundred": _HUNDRED,
    "scale": _SCALE,
    "fraction": _FRACTION,
    "ordinal": _ORDINAL,
    "vague": _VAGUE,
}
_FORMS: Final[dict[str, int]] = {"-": _SING, "singular": _SING, "dual": _DUAL, "plural": _PLURAL}


def _value(text: str, kind: str) -> float:
    """A value of ``numbers.tsv``: ``300``, ``0.5`` or a fraction ``1/3``; an integer stays an
    int except for a scale (the arithmetic below was written and checked with these types)."""
    numerator, _, denominator = text.partition("/")
    if denominator:
        return int(numerator) / int(denominator)
    if text.isdigit() and kind != "scale":
        return int(text)
    return float(text)


def _build_vocab() -> dict[str, _Info]:
    """Normalized number word → what it means, from ``resources/arabic/numbers.tsv``
    (``أربعة`` → ``اربعه``: unit 4)."""
    v: dict[str, _Info] = {}
    for row in load_wordlist("arabic/numbers.tsv").rows:
        flags = set(row["flags"].split()) - {"-"}
        v[normalize_text(row["word"])] = _Info(
            _TYPES[row["type"]],
            _value(row["value"], row["type"]),
            teen_only="teen_only" in flags,
            teen_marker="teen_marker" in flags,
            form=_FORMS[row["form"]],
            bare_hundred="bare_hundred" in flags,
            construct="construct" in flags,
            bare_ordinal="bare_ordinal" in flags,
            ordinal_teen_only="ordinal_teen_only" in flags,
        )
    return v


_VOCAB: Final[dict[str, _Info]] = _build_vocab()

_TERM_RE: Final = re.compile(
    r"(?<!\w)(?:"
    r"(?P<pre>[وف]??[بلك]??)(?P<al>ال|(?<=ل)ل)?(?P<w>"
    + "|".join(sorted(map(re.escape, _VOCAB), key=len, reverse=True))
    + r")(?!\w)"
    r"|(?P<dpre>[وف]?[بل]?)(?P<d>\d+(?:[.,]\d+)*)(?!\d))"
)
_GAP_RE: Final = re.compile(r"[^\S\n]+(?:و[^\S\n]*)?")


@dataclass(frozen=True, slots=True)
class _Term:
    info: _Info
    start: int  # span of the term (without proclitics) in the normalized text
    end: int
    wa: bool  # joined to the previous term by و
    al: bool


# --------------------------------------------------------------------------------------------
# Chain readers: each returns (number of terms used, value) or None


def _read_cardinal(terms: Sequence[_Term], i: int) -> tuple[int, float, bool] | None:
    """Longest cardinal starting at ``terms[i]``: (end index, value, starts with a fraction)."""
    best: tuple[int, float, bool] | None = None
    total = 0.0
    cur: float | None = None  # the group being built before a scale multiplies it
    has_h = has_u = has_t = False
    digits = False  # cur came from digits: no word parts may be added
    last_scale = float("inf")
    pending_teen = False  # a teen-only unit waits for عشر
    frac_first = False
    done = False  # after a trailing fraction nothing more may come
    prev: _Info | None = None
    construct = False  # مئتا: a scale must follow
    for k in range(i, len(terms)):
        term = terms[k]
        info = term.info
        t = info.type
        first = k == i
        if done or term.al:
            break
        if not first and not term.wa:
            # Joined by a space: teens, split hundreds, a scale after its multiplier.
            if info.teen_marker and prev is not None and prev.type == _UNIT:
                if not (1 <= prev.value <= 9) or has_t or cur is None:
                    break
                cur += 10
                has_t = True
                pending_teen = False
            elif (
                info.bare_hundred
                and prev is not None
                and prev.type == _UNIT
                and 3 <= prev.value <= 9
                and not has_h
                and not has_t
                and cur == prev.value
                and not pending_teen
            ):
                cur = prev.value * 100
                has_h, has_u = True, False
            elif t == _SCALE and cur is not None and not pending_teen:
                if info.value >= last_scale or info.form == _DUAL:
                    break
                total += cur * info.value
                cur, last_scale = None, info.value
                has_h = has_u = has_t = digits = construct = False
            else:
                break
        else:
            if pending_teen or construct:
                break
            if frac_first and cur is not None:
                break
            if t == _UNIT and not (info.teen_only and info.teen_marker):
                if digits or has_u or has_t:
                    break
                if prev is not None and prev.type == _FRACTION:
                    break
                cur = (cur or 0.0) + info.value
                has_u = True
                pending_teen = info.teen_only
            elif t == _TEN:
                if digits or has_t or (prev is not None and prev.type == _FRACTION):
                    break
                cur = (cur or 0.0) + info.value
                has_t = True
            elif t == _HUNDRED:
                if cur is not None:
                    break
                cur = info.value
                has_h = True
                construct = info.construct
            elif t == _DIGITS:
                if cur is not None:
                    break
                cur = info.value
                digits = True
            elif t == _SCALE:
                if cur is not None or info.value >= last_scale or info.form == _PLURAL:
                    break
                mult = 2.0 if info.form == _DUAL else 1.0
                total += mult * info.value
                last_scale = info.value
            elif t == _FRACTION:
                if first:
                    cur = info.value
                    frac_first = True
                elif cur is not None:
                    if frac_first:
                        break
                    cur += info.value
                    done = True
                elif last_scale != float("inf"):
                    total += info.value * last_scale
                    done = True
                else:
                    break
            else:
                break
        prev = info
        if not pending_teen and not construct:
            best = (k + 1, total + (cur or 0.0), frac_first)
    return best


def _read_ordinal(terms: Sequence[_Term], i: int) -> tuple[int, float] | None:
    head = terms[i]
    info = head.info
    if not head.al and not info.bare_ordinal:
        return None
    nxt = terms[i + 1] if i + 1 < len(terms) else None
    if nxt is not None and 1 <= info.value <= 9:
        if nxt.info.teen_marker and not nxt.wa and not nxt.al:
            return i + 2, info.value + 10
        if nxt.info.type == _TEN and nxt.wa and nxt.al == head.al:
            return i + 2, info.value + nxt.info.value
    if info.ordinal_teen_only:
        return None
    return i + 1, info.value


def _read_vague(terms: Sequence[_Term], i: int) -> tuple[int, float] | None:
    head = terms[i]
    info = head.info
    nxt = terms[i + 1] if i + 1 < len(terms) else None
    if info.type == _VAGUE:
        if nxt is not None and not nxt.wa and nxt.info.type == _SCALE and nxt.info.form == _PLURAL:
            return i + 2, info.value * nxt.info.value
        return i + 1, info.value
    if info.type == _SCALE and info.form == _PLURAL:
        return i + 1, info.value
    return None


def _read_chain(terms: Sequence[_Term]) -> list[tuple[int, int, float, Kind]]:
    """Split a chain into numbers: (first term, end term, value, kind), longest first."""
    out: list[tuple[int, int, float, Kind]] = []
    i = 0
    n = len(terms)
    while i < n:
        t = terms[i].info.type
        if t == _ORDINAL:
            r = _read_ordinal(terms, i)
            if r is not None:
                out.append((i, r[0], r[1], "ordinal"))
                i = r[0]
                continue
        elif t == _VAGUE or (t == _SCALE and terms[i].info.form == _PLURAL):
            r = _read_vague(terms, i)
            if r is not None:
                out.append((i, r[0], r[1], "vague"))
                i = r[0]
                continue
        else:
            c = _read_cardinal(terms, i)
            if c is not None:
                out.append((i, c[0], c[1], "fraction" if c[2] else "cardinal"))
                i = c[0]
                continue
        i += 1
    return out


def _chains(norm: str) -> list[list[_Term]]:
    chains: list[list[_Term]] = []
    chain: list[_Term] = []
    prev_end = -1
    for m in _TERM_RE.finditer(norm):
        d = m.group("d")
        if d is not None:
            value = _parse_ascii(d)
            if value is None:
                prev_end = -1
                continue
            info = _Info(_DIGITS, value)
            pre = m.group("dpre")
            al = False
            start, end = m.start("d"), m.end("d")
        else:
            w = m.group("w")
            pre = m.group("pre")
            al = m.group("al") is not None
            end = m.end()
            # the span starts at ال, or at the word after لل (ل + ال cannot be split)
            start = m.start("al") if m.group("al") == "ال" else m.start("w")
            if w[0] == "و" and w[1:] in _VOCAB and chain and not pre and not al and prev_end >= 0:
                # واحد right after a number is و + أحد: خمسمئة وأحد عشر
                w, pre, start = w[1:], "و", start + 1
            info = _VOCAB[w]
        wa = False
        joined = False
        if chain and prev_end >= 0:
            gap = norm[prev_end : m.start()]
            if pre == "و" and gap and gap.isspace() and "\n" not in gap:
                joined = wa = True
            elif not pre and _GAP_RE.fullmatch(gap):
                joined = True
                wa = "و" in gap
        if not joined:
            if chain:
                chains.append(chain)
            chain = []
        chain.append(_Term(info, start, end, wa, al))
        prev_end = end
    if chain:
        chains.append(chain)
    return chains


def find_numbers(text: str) -> list[NumberMatch]:
    """Find the numbers in ``text``, left to right, longest first, never overlapping.

    >>> [(m.text, m.value, m.kind) for m in find_numbers("قتل ثلاثمائة وخمسة وعشرون شخصا")]
    [('ثلاثمائة وخمسة وعشرون', 325.0, 'cardinal')]
    >>> [(m.text, m.value) for m in find_numbers("خسائر بـ2،4 مليار دولار و640 مليون يورو")]
    [('2،4 مليار', 2400000000.0), ('640 مليون', 640000000.0)]
    >>> [(m.text, m.value, m.kind) for m in find_numbers("نزح عشرات الآلاف في اليوم الثالث عشر")]
    [('عشرات الآلاف', 10000.0, 'vague'), ('الثالث عشر', 13.0, 'ordinal')]
    >>> [(m.text, m.value, m.kind) for m in find_numbers("يعيش نصف مليون لاجئ")]
    [('نصف مليون', 500000.0, 'fraction')]
    >>> find_numbers("قال الوزير إن الوضع مستقر")
    []
    """
    nt = normalize(text)
    out: list[NumberMatch] = []
    for start, end, value, kind in number_spans(nt.text):
        s, e = nt.to_original(start, end)
        out.append(NumberMatch(s, e, text[s:e], value, kind, kind == "vague"))
    return out


def trailing_scale(normalized: str) -> float:
    """The scale word that ends a normalized number, or 1: ``15 الفا`` → 1000.

    A range distributes it to a bare first number (``بين 12 و15 ألفًا`` → 12000 to 15000).

    >>> trailing_scale("15 الفا"), trailing_scale("2.4 مليار"), trailing_scale("12")
    (1000.0, 1000000000.0, 1.0)
    """
    words = normalized.split()
    if words:
        info = _VOCAB.get(words[-1].removeprefix("و")) or _VOCAB.get(words[-1])
        if info is not None and info.type == _SCALE and info.form != _DUAL:
            return float(info.value)
    return 1.0


def number_spans(normalized: str) -> list[tuple[int, int, float, Kind]]:
    """:func:`find_numbers` on text that is already normalized: (start, end, value, kind)
    with offsets into ``normalized``, for callers that work on the normalized text."""
    out: list[tuple[int, int, float, Kind]] = []
    for chain in _chains(normalized):
        for i, j, value, kind in _read_chain(chain):
            out.append((chain[i].start, chain[j - 1].end, float(value), kind))
    return out


def _strip_word(word: str, first: bool) -> tuple[_Info, bool] | None:
    """Look a word up: (info, joined by و). Proclitics ``و ف ب ل`` may be stripped."""
    w = normalize_text(word)
    if not first and w.startswith("و") and w[1:] in _VOCAB:  # وأحد عشر, not واحد
        return _VOCAB[w[1:]], True
    info = _VOCAB.get(w)
    if info is not None:
        return info, False
    value = parse_digits(w)
    if value is not None:
        return _Info(_DIGITS, value), False
    for p in PROCLITIC_SEQUENCES:
        if w.startswith(p) and (first or p == "و"):
            rest = w[len(p) :]
            info = _VOCAB.get(rest)
            if info is None:
                value = parse_digits(rest)
                if value is None:
                    continue
                info = _Info(_DIGITS, value)
            return info, p == "و" and not first
    return None


def words_to_number(words: Sequence[str]) -> float | None:
    """Read a whole sequence of number words (and digits); ``None`` unless all are one number.

    A plain string is split on whitespace. Parts after the first are joined by ``و``,
    attached (``وخمسة``) or alone (``و``, ``خمسة``).

    >>> words_to_number("ثلاثمائة وخمسة وعشرون".split())
    325.0
    >>> words_to_number(["ثلاثة", "آلاف"]), words_to_number(["مليونين"]), words_to_number("ألفين")
    (3000.0, 2000000.0, 2000.0)
    >>> words_to_number("إحدى عشرة"), words_to_number("مليون ونصف"), words_to_number("اثنا")
    (11.0, 1500000.0, None)
    >>> words_to_number("خمسة ثلاثة") is None, words_to_number("قال") is None
    (True, True)
    """
    if isinstance(words, str):
        words = words.split()
    terms: list[_Term] = []
    wa_next = False
    for word in words:
        if normalize_text(word).strip() == "و":
            wa_next = True
            continue
        r = _strip_word(word, not terms)
        if r is None:
            return None
        info, wa = r
        terms.append(_Term(info, 0, 0, wa or wa_next, False))
        wa_next = False
    if not terms or wa_next:
        return None
    res = _read_cardinal(terms, 0)
    if res is None or res[0] != len(terms):
        return None
    return float(res[1])
