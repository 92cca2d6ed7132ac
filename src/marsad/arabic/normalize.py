"""Arabic normalization for matching, with an offset map back to the original text.

Hand-written for marsad (no code taken from other projects). The original string is never
modified: :func:`normalize` returns the normalized text together with, for every normalized
character, the span of the original it came from, so a match found in the normalized text
(``محمد``) can be reported on the original (``مُحَمَّدٌ``).

What is normalized (every rule is a per-character rule except the digit separators):

- presentation forms U+FB50–U+FDFF and U+FE70–U+FEFF go through NFKC, one char at a time
  (never the whole string): ``ﻻ`` → ``لا``, ``ﺍ`` → ``ا``, ``ﷲ`` → ``الله``; the spacing forms
  of harakat (``ﹰ``, ``ﱞ``...) are removed like the harakat themselves;
- removed: tatweel ``ـ``, harakat U+064B–U+065F, superscript alef U+0670, Quranic marks
  U+06D6–U+06ED, bidi controls, zero-width characters, the soft hyphen;
- ``أ إ آ ٱ ٲ ٳ ٵ`` → ``ا``; ``ى`` → ``ي``; ``ة`` → ``ه``; Persian/Urdu letters
  ``ک ڪ`` → ``ك``, ``ی`` → ``ي``, ``ۀ ۃ ھ ہ`` → ``ه``;
- ``ؤ`` and ``ئ`` are KEPT: unlike the alef hamzas they are rarely mistyped, and folding them
  merges real words (``مسؤول`` is not ``مسوول`` to a reader; ``ئ`` → ``ي`` would make
  ``بيئة`` and ``بيية`` one word while gaining nothing in news spelling);
- Arabic-Indic ``٠-٩`` and Persian ``۰-۹`` digits → ASCII ``0-9``;
- typographic quotes → ``"`` or ``'``; other spaces (NBSP, U+2000–U+200A, tab...) → ``" "``,
  one for one (runs are not collapsed, so the map stays 1:1 and the rule idempotent).

Digit separators (the only context rule), judged on the text after the rules above, so a
bidi mark or a haraka between a digit and a comma does not hide it:

- ``،`` (U+060C) and ``٫`` (U+066B) between two digits are decimal separators → ``.``:
  ``2،4`` → ``2.4``, ``٢٫٥`` → ``2.5``;
- ``,`` and ``٬`` (U+066C) between digits: a run such as ``1,250,000`` or ``١٬٢٥٠`` that is
  valid grouping by thousands (1–3 leading digits, not starting with 0, then groups of 3) keeps
  thousands separators → ``,``; any other run (``2,4``, ``3,14``, ``0,5``) is a decimal comma
  → ``.``. After normalization ``.`` between digits is therefore always a decimal point and
  ``,`` between digits always a thousands separator. (An ASCII comma in Arabic text with exactly
  three digits after it is a thousands separator far more often than a decimal comma.)
- elsewhere ``،`` stays ``،``: punctuation is not what we match on, and sentence and clause
  splitters see the Arabic comma, semicolon and question mark unchanged.

Guarantees (tested with hypothesis): ``normalize(x).text == normalize_text(x)``; both are
idempotent; removed characters never produce output nor change it wherever they are inserted.
Round trip: for a span ``[a, b)`` of the normalized text, ``normalize_text`` of the original
slice that :meth:`Normalized.to_original` returns equals ``text[a:b]``, except when a cut
falls (1) inside one character's expansion (``ﻻ`` → ``لا``: the original char cannot be split,
so the whole ``ﻻ`` comes back), or (2) inside a number, where ``،`` / ``,`` depend on the
digits around them (``2.4`` cut to ``2.`` maps to ``2،``, which alone stays ``2،``).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "Normalized",
    "normalize",
    "normalize_text",
    "normalized_words",
    "strip_diacritics",
    "word_alternation",
]


def _chars(first: int, last: int) -> list[str]:
    return [chr(c) for c in range(first, last + 1)]


# Marks that sit on the preceding letter: removed, and kept with that letter when a span of
# the normalized text is mapped back (see Normalized.to_original).
_TATWEEL: Final = "\u0640"
_DIACRITICS: Final[frozenset[str]] = frozenset(
    [*_chars(0x064B, 0x065F), "\u0670", *_chars(0x06D6, 0x06ED)]
)
_ATTACHED: Final[frozenset[str]] = _DIACRITICS | {_TATWEEL}

# Invisible format characters: removed, never part of a word edge.
_INVISIBLE: Final[frozenset[str]] = frozenset(
    [
        "\u200e",  # LRM
        "\u200f",  # RLM
        *_chars(0x202A, 0x202E),  # LRE RLE PDF LRO RLO
        *_chars(0x2066, 0x2069),  # LRI RLI FSI PDI
        "\u061c",  # ARABIC LETTER MARK
        "\u200b",  # ZERO WIDTH SPACE
        "\u200c",  # ZWNJ
        "\u200d",  # ZWJ
        "\ufeff",  # BOM / ZWNBSP
        "\u2060",  # WORD JOINER
        "\u00ad",  # SOFT HYPHEN: invisible unless at a line break, splits words in web text
    ]
)

_LETTERS: Final[dict[str, str]] = {
    # alef with hamza above/below, madda, wasla, wavy hamza, high hamza → bare alef
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0672": "\u0627",  # ٲ
    "\u0673": "\u0627",  # ٳ
    "\u0675": "\u0627",  # ٵ
    "\u0649": "\u064a",  # ى alef maksura → ي (مصطفى / مصطفي are one name in the press)
    "\u0629": "\u0647",  # ة → ه (final ة/ه are confused constantly in web text)
    "\u06cc": "\u064a",  # ی Farsi yeh → ي
    "\u06a9": "\u0643",  # ک keheh → ك
    "\u06aa": "\u0643",  # ڪ swash kaf → ك
    "\u06c0": "\u0647",  # ۀ heh with yeh above → ه
    "\u06c3": "\u0647",  # ۃ ta marbuta goal → ه
    "\u06be": "\u0647",  # ھ heh doachashmee (Urdu keyboards) → ه
    "\u06c1": "\u0647",  # ہ heh goal → ه
}

_DIGITS: Final[dict[str, str]] = {
    **{chr(0x0660 + d): str(d) for d in range(10)},  # ٠-٩
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # ۰-۹
}

_QUOTES: Final[dict[str, str]] = {
    **dict.fromkeys("«»“”„‟″❝❞〝〞〟＂", '"'),
    **dict.fromkeys("‘’‚‛′‹›", "'"),
}

_SPACES: Final[frozenset[str]] = frozenset(
    ["\t", "\u00a0", *_chars(0x2000, 0x200A), "\u202f", "\u205f", "\u3000"]
)


def _base_map() -> dict[str, str]:
    """Single-character rules (everything except presentation forms and separators)."""
    table: dict[str, str] = {}
    for ch in _ATTACHED | _INVISIBLE:
        table[ch] = ""
    table.update(_LETTERS)
    table.update(_DIGITS)
    table.update(_QUOTES)
    for ch in _SPACES:
        table[ch] = " "
    return table


def _build_char_map() -> dict[str, str]:
    """Map every character that changes to its replacement (possibly empty or several chars)."""
    base = _base_map()
    table = dict(base)
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        ch = chr(code)
        if ch in table:  # U+FEFF is already an invisible char
            continue
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed == ch:
            continue  # no compatibility mapping (unassigned, ornate parentheses, ﷽ ...)
        # Re-apply the single-char rules: ﻷ → لأ → لا, ﯼ → ی → ي, ﷺ → ... صلى → صلي.
        out = "".join(base.get(c, c) for c in decomposed)
        if out.strip() == "":
            # Spacing forms of harakat (ﹰ = " ً", ﱞ = " ٌّ"): NFKC adds a space to carry the
            # mark; they are diacritics, so they vanish like the combining ones.
            out = ""
        table[ch] = out
    return table


_CHAR_MAP: Final[dict[str, str]] = _build_char_map()


def _build_translate() -> dict[int, int | str]:
    # str.translate raises and swallows a LookupError for every char missing from the table,
    # which dominates its cost; explicit identity entries for Latin and Arabic (U+0000–U+07FF)
    # make plain Arabic text about 1.7x faster. Values: an ordinal, "" or several chars.
    table: dict[int, int | str] = {code: code for code in range(0x0800)}
    table.update({ord(k): v for k, v in _CHAR_MAP.items()})
    return table


_TRANSLATE: Final[dict[int, int | str]] = _build_translate()
_STRIP_TABLE: Final[dict[int, None]] = dict.fromkeys(map(ord, _ATTACHED))

# Characters replaced by exactly one character (أ → ا, ة → ه, ى → ي, ٣ → 3): they keep every
# offset, so normalize() replaces them in one str.translate pass. Only the characters that
# vanish or expand (harakat, tatweel, bidi marks, ligatures) are looked at one by one: in
# news text they are a few in a thousand, the one-for-one letters about one in ten.
_ONE_FOR_ONE: Final[dict[int, int | str]] = {
    code: rep for code, rep in _TRANSLATE.items() if isinstance(rep, int) or len(rep) == 1
}
_SHIFTING: Final = sorted(k for k, v in _CHAR_MAP.items() if len(v) != 1)
# Used to find the unchanged stretches in normalize(), after the one-for-one pass; that pass
# must not write a character this pattern would then take for a shifting one.
_SHIFTING_RE: Final = re.compile("[" + "".join(re.escape(c) for c in _SHIFTING) + "]")
assert not {v for v in _ONE_FOR_ONE.values() if isinstance(v, str)} & set(_SHIFTING)

# Separator rules, on text whose digits are already ASCII ([0-9], never \d: \d would also
# match Devanagari and other digits this module leaves alone).
_DECIMAL_SEP_RE: Final = re.compile(r"(?<=[0-9])[\u060c\u066b](?=[0-9])")
_GROUP_RUN_RE: Final = re.compile(r"[0-9]+(?:[,\u066c][0-9]+)+")
_THOUSANDS_RE: Final = re.compile(r"[1-9][0-9]{0,2}(?:[,\u066c][0-9]{3})+")
_GROUP_SEP_RE: Final = re.compile(r"[,\u066c]")
_SEPARATORS: Final = ("\u060c", "\u066b", ",", "\u066c")


def _group_run(match: re.Match[str]) -> str:
    run = match.group()
    sep = "," if _THOUSANDS_RE.fullmatch(run) else "."
    return _GROUP_SEP_RE.sub(sep, run)


def _fix_separators(text: str) -> str:
    """Apply the digit-separator rules; length-preserving (one char for one char)."""
    if "\u060c" in text or "\u066b" in text:
        text = _DECIMAL_SEP_RE.sub(".", text)
    if "," in text or "\u066c" in text:
        text = _GROUP_RUN_RE.sub(_group_run, text)
    return text


def normalize_text(text: str) -> str:
    """Normalize ``text`` for matching; no offset map (fast path for tokens and queries).

    >>> normalize_text("مُحَمَّدٌ وإبراهيم في مصطفى")
    'محمد وابراهيم في مصطفي'
    >>> normalize_text("من ٢،٤ مليار إلى 1,250,000")
    'من 2.4 مليار الي 1,250,000'
    """
    out = text.translate(_TRANSLATE)
    for sep in _SEPARATORS:
        if sep in out:
            return _fix_separators(out)
    return out


def normalized_words(*groups: str) -> frozenset[str]:
    """The space-separated words of ``groups``, normalized: a word list for set lookups.

    >>> sorted(normalized_words("قالت أكدت", "إصابة"))
    ['اصابه', 'اكدت', 'قالت']
    """
    return frozenset(normalize_text(w) for g in groups for w in g.split())


def strip_diacritics(text: str) -> str:
    """Remove harakat, Quranic marks and tatweel only, for display: ``مُحَمَّـدٌ`` → ``محمد``.

    Letters, hamzas, digits and punctuation are left as written.
    """
    return text.translate(_STRIP_TABLE)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text with a per-character map back to the original.

    ``text[i]`` came from ``original[starts[i]:ends[i]]``. Characters of one multi-char
    expansion (``ﻻ`` → ``لا``) share the same start and end. The maps are a function of
    ``original``, so they take no part in hashing.
    """

    original: str
    text: str
    starts: Sequence[int] = field(hash=False, repr=False)
    ends: Sequence[int] = field(hash=False, repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text back to a span of the original text.

        Empty spans map to a position: the start of normalized char ``start`` in the original,
        or ``len(original)`` at the end. A non-empty span runs from the start of its first
        char to the end of its last char, extended over the harakat, Quranic marks and tatweel
        that follow that last char (they belong to its letter): the span of ``محمد`` in
        ``مُحَمَّدٌ`` is the whole ``مُحَمَّدٌ``, so entity spans never cut a word's harakat off.
        Removed chars before the first char (bidi marks, a stray haraka of the previous
        letter) are not included. A span that cuts a multi-char expansion (only ``ا`` of the
        ``لا`` from ``ﻻ``) maps to the whole source char, which cannot be split.
        """
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span ({start}, {end}) is outside normalized text of length {n}")
        original = self.original
        if start == end:
            pos = self.starts[start] if start < n else len(original)
            return pos, pos
        s = self.starts[start]
        e = self.ends[end - 1]
        limit = self.starts[end] if end < n else len(original)
        while e < limit and original[e] in _ATTACHED:
            e += 1
        return s, e


# 0, 1, 2, ...: the maps of an unchanged stretch are slices of it (a copy in C) instead of
# ranges extended number by number, which was half of normalize()'s time. Grown, by
# doubling, to the longest text seen; a new array replaces the old one whole, so a thread
# reading the old one is unaffected.
_iota = array("q", range(1 << 16))


def _counting(upto: int) -> array[int]:
    """An array of 0 .. at least ``upto``."""
    global _iota
    numbers = _iota
    if len(numbers) <= upto:
        numbers = array("q", range(max(upto + 1, 2 * len(numbers))))
        _iota = numbers
    return numbers


def normalize(text: str) -> Normalized:
    """Normalize ``text`` and keep, for each normalized char, the original span it came from.

    >>> n = normalize("قال مُحَمَّدٌ")
    >>> n.text
    'قال محمد'
    >>> n.to_original(4, 8)
    (4, 13)
    """
    parts: list[str] = []
    starts = array("q")
    ends = array("q")
    pos = 0
    original, text = text, text.translate(_ONE_FOR_ONE)
    numbers = _counting(len(text))
    # Stretches without a vanishing or expanding character are copied whole (ranges extend
    # the maps in C); only those characters are looked at one by one. Linear in len(text).
    for m in _SHIFTING_RE.finditer(text):
        i = m.start()
        if i > pos:
            parts.append(text[pos:i])
            starts.extend(numbers[pos:i])
            ends.extend(numbers[pos + 1 : i + 1])
        rep = _CHAR_MAP[m.group()]
        if rep:
            parts.append(rep)
            k = len(rep)
            starts.extend([i] * k)
            ends.extend([i + 1] * k)
        pos = i + 1
    if pos < len(text):
        parts.append(text[pos:])
        starts.extend(numbers[pos : len(text)])
        ends.extend(numbers[pos + 1 : len(text) + 1])
    # The separator rules replace one char by one char, so the maps stay valid.
    out = _fix_separators("".join(parts))
    return Normalized(original=original, text=out, starts=starts, ends=ends)


def word_alternation(words: Iterable[str]) -> str:
    """A regex group matching any of ``words`` in normalized spelling, longest first (so the
    longest wins); a space inside a phrase matches any run of whitespace.

    >>> print(word_alternation(["أمس", "أمس الأول"]))
    (?:امس\\s+الاول|امس)
    """
    forms = sorted({normalize_text(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) + ")"
