"""Arabic word tokenization with clitic segmentation (multi-word tokens) and glued-word repair.

Hand-written for marsad: the character classes, the clitic rules and the lexicon-evidence
decisions below are Arabic-specific logic written for this project (no code from other
tokenizers). Tokens are slices of the ORIGINAL text; normalization is used only to look words
up in the lexicon (:mod:`marsad.arabic.lexicon`), never to change the text.

Base split
----------
- Whitespace (``str.isspace``) separates tokens and is never inside one.
- Invisible format characters (LRM/RLM, bidi embeddings and isolates, ALM U+061C, ZWSP, ZWNJ,
  ZWJ, word joiner, BOM, soft hyphen: :data:`IGNORABLE`) are kept inside a token when they sit
  between two Arabic letters of one word; anywhere else they separate tokens like whitespace
  and belong to no token.
- ``word``: a run of Arabic letters, harakat and tatweel (harakat and tatweel are never a
  token of their own; a run of them with no letter, e.g. a stray haraka after a digit or a
  tatweel used as a dash, is a ``symbol`` token).
- ``number``: digits of ASCII, Arabic-Indic ``٠-٩`` and Persian ``۰-۹``, with ``. , ، ٫ ٬``
  between digits and an optional trailing ``%``/``٪``/``‰``: ``2،4``, ``٢٫٥``, ``1,500``, ``40%``.
- ``latin``: a word in another script, mostly Latin (``U.S.``, ``Al-Qaeda``, ``COVID-19``,
  ``F16``, ``5G``), with internal ``. ' ’ - &``.
- ``punct``: one punctuation character (Unicode category P*, e.g. ``، ؛ ؟ « »``), or a run of
  the same one (``...``, ``!!``). Everything else (``$``, ``+``, emoji) is a ``symbol``.

Clitic segmentation (an Arabic ``word`` token becomes several :class:`~marsad.doc.Word`)
------------------------------------------------------------------------------------------
Proclitics ``و ف`` (conjunctions), then ``ب ل ك`` (prepositions) or ``س`` (future, only
before ``ي ت ن أ``), in that order; the article ``ال`` stays inside the stem (``definite``);
``ل`` + ``ال`` is written ``لل``: ``للمدينة`` → ``ل`` + ``لمدينة`` (form ``المدينة``);
pronoun enclitics ``ه ها هم هما هن ك كم كما كن نا ني ي``; a stem ending in ``ت`` before an
enclitic gets its ``ة`` back in ``form`` (``مدينتهم`` → ``مدينت``/``مدينة`` + ``هم``), and
``ا``/``ؤ``/``ئ`` get ``ى``/``ء`` back when the lexicon says so (``مستواه``, ``أبناؤهم``).

A split is made only on lexicon evidence: the stem (normalized) must be a frequent enough word
relative to the whole surface word, with a threshold per clitic (``و`` is cheap, ``ك`` and
``ي`` are expensive). The lexicon's ``tm``/``bare`` columns restore what normalization erases
(``وحده`` is not ``و`` + ``حدة``; ``وادي`` is not ``و`` + ``أدى``), a hamza right after a
proclitic (``وأضاف``) is strong evidence for a split, person-name types (``وليد``, ``والتر``)
need much more evidence, and a short hand-written list protects function words and known traps.

Glued words
-----------
A word missing its space (``لبنانوسوريا``) is split into two tokens when the whole is not a
known word, no clitic analysis explains it, and both halves are frequent words: either the
second half starts with the conjunction ``و`` or the first ends in a letter that does not join
to the left (``ا د ذ ر ز و ة ى ء``), where a missing space is invisible on screen.

Speed: one compiled regex finds the tokens; every Arabic surface word is analysed once and the
result cached (``functools.lru_cache``), so the hot path is a regex match, a dict hit and the
construction of the Token/Word objects.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from marsad.arabic.lexicon import Lexicon, load_lexicon
from marsad.arabic.normalize import normalize_text
from marsad.arabic.wordlists import load_wordlist
from marsad.doc import Token, TokenKind, Word, WordKind

__all__ = [
    "ARABIC_WORD_PATTERN",
    "IGNORABLE",
    "segment",
    "split_glued",
    "tokenize",
]

# --------------------------------------------------------------------------------------------
# Character classes


def _ranges(chars: Iterable[str]) -> str:
    """A regex character-class body for a set of characters, compressed into ranges."""
    codes = sorted({ord(c) for c in chars})
    out: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = chr(codes[i]), chr(codes[j])
        out.append(re.escape(first) if i == j else f"{re.escape(first)}-{re.escape(last)}")
        i = j + 1
    return "".join(out)


_ARABIC_BLOCKS: Final = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFE),
)

#: Invisible format characters: inside a word they stay in its token, elsewhere they
#: separate tokens (and are covered by none).
IGNORABLE: Final[frozenset[str]] = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad"
)
_TATWEEL: Final = "\u0640"


def _arabic_classes() -> tuple[frozenset[str], frozenset[str]]:
    letters: set[str] = set()
    marks: set[str] = {_TATWEEL}
    for first, last in _ARABIC_BLOCKS:
        for code in range(first, last + 1):
            ch = chr(code)
            cat = unicodedata.category(ch)
            if ch == _TATWEEL:
                continue
            if cat[0] == "L":
                letters.add(ch)
            elif cat in ("Mn", "Mc"):
                marks.add(ch)
    return frozenset(letters), frozenset(marks)


_AR_LETTERS, _AR_MARKS = _arabic_classes()
_AR_CLASS: Final = _ranges(_AR_LETTERS | _AR_MARKS)
_IGN_CLASS: Final = _ranges(IGNORABLE)
_DIGIT: Final = "0-9\u0660-\u0669\u06f0-\u06f9"
_LAT: Final = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"

#: An Arabic word run: letters, harakat and tatweel, with invisible characters allowed only
#: between two such characters.
ARABIC_WORD_PATTERN: Final = f"[{_AR_CLASS}]+(?:[{_IGN_CLASS}]+[{_AR_CLASS}]+)*"

_G_ARABIC, _G_LATIN, _G_NUMBER, _G_OTHER, _G_OTHER_DIGITS, _G_PUNCT = 1, 2, 3, 4, 5, 6
_TOKEN_RE: Final = re.compile(
    # 1 Arabic word (first: most tokens are)
    rf"({ARABIC_WORD_PATTERN})"
    # 2 latin: acronyms with dots (U.S., e.g.), else words with internal . ' ’ - &
    rf"|((?:[A-Za-z]\.){{2,}}(?![{_LAT}0-9])"
    rf"|[0-9]*[{_LAT}][{_LAT}0-9\u0300-\u036f]*(?:['’.\-&][{_LAT}0-9][{_LAT}0-9\u0300-\u036f]*)*)"
    # 3 number: digits of three scripts, separators between digits, trailing percent sign
    rf"|([{_DIGIT}]+(?:[.,\u060c\u066b\u066c][{_DIGIT}]+)*[%\u066a\u2030]?)"
    # 4 letters of other scripts (Cyrillic, Greek, CJK...)
    r"|([^\W\d_]+)"
    # 5 digits of other scripts
    r"|(\d+)"
    # 6 anything else that is not whitespace nor invisible: a run of one repeated character
    rf"|([^\s{_IGN_CLASS}])\6*"
)

_GROUP_KIND: Final[tuple[TokenKind, ...]] = ("symbol", "word", "latin", "number", "latin", "number")
_PUNCT_KIND: dict[str, TokenKind] = {}


def _char_kind(ch: str) -> TokenKind:
    kind = _PUNCT_KIND.get(ch)
    if kind is None:
        kind = "punct" if unicodedata.category(ch).startswith("P") else "symbol"
        _PUNCT_KIND[ch] = kind
    return kind


# --------------------------------------------------------------------------------------------
# Skeleton: the normalized letters of a surface word, each with its index in the surface

_NORM_CACHE: dict[str, str] = {}


def _norm_char(ch: str) -> str:
    n = _NORM_CACHE.get(ch)
    if n is None:
        n = "" if ch in IGNORABLE else normalize_text(ch)
        _NORM_CACHE[ch] = n
    return n


_HAS_IGNORABLE: Final = re.compile(f"[{_IGN_CLASS}]").search


def _skeleton(surface: str) -> tuple[str, list[int]]:
    """Normalized letters of ``surface`` and, for each, the index of its source character.

    Harakat, tatweel and invisible characters normalize to nothing; a presentation-form
    ligature (``ﻻ``) gives two letters with the same index.
    """
    norm = normalize_text(surface)
    if len(norm) == len(surface) and not _HAS_IGNORABLE(surface):
        return norm, list(range(len(surface)))  # every char one letter (no harakat...)
    letters: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(surface):
        for n in _norm_char(ch):
            letters.append(n)
            index.append(i)
    return "".join(letters), index


# --------------------------------------------------------------------------------------------
# Clitic rules

_CONJ: Final = ("و", "ف")
_PREP: Final = ("ب", "ل", "ك")
_FUTURE: Final = "س"
_IMPERFECT: Final = frozenset("يتنا")  # after س: يفعل تفعل نفعل أفعل (normalized ا)

# Per-clitic thresholds: a split needs evidence(stem) >= theta * evidence(whole word).
_THETA_PRE: Final[dict[str, float]] = {"و": 0.25, "ف": 3.0, "ب": 1.0, "ل": 0.5, "ك": 5.0, "س": 1.0}
# Enclitic: (theta, minimum stem length, minimum stem evidence)
_ENCLITICS: Final[dict[str, tuple[float, int, int]]] = {
    "هما": (0.3, 2, 5),
    "ها": (0.3, 2, 5),
    "هم": (0.3, 2, 5),
    "هن": (1.0, 2, 10),
    "ه": (0.5, 2, 5),
    "كما": (10.0, 3, 100),
    "كم": (10.0, 3, 100),
    "ك": (10.0, 3, 100),
    "نا": (1.0, 2, 20),
    "ني": (2.0, 3, 20),
    "ي": (200.0, 3, 100),  # mostly dual construct or nisba in news: مليوني، لبناني
}
_ENCLITIC_ORDER: Final = sorted(_ENCLITICS, key=len, reverse=True)
_ENCLITIC_LAST: Final = frozenset(e[-1] for e in _ENCLITICS)
_DEFINITE_THETA: Final = 0.1  # the article is a strong boundary cue
_HAMZA_THETA: Final[dict[str, float]] = {"و": 0.05, "ف": 0.05, "ب": 0.2, "ل": 0.2, "ك": 0.2}
_NAME_THETA: Final = 10.0
_BOTH_SIDES_THETA: Final = (
    4.0  # proclitic AND enclitic: ل+بنا+ني is لبناني  # the whole word is a person-name token
)
_MIN_EVIDENCE: Final = 3
_HAMZA_ALEFS: Final = frozenset("أإآ")

# (ل|ب) + pronoun with no stem: لها بهم لنا وبه ... always split.
_PRONOUN_PREPS: Final = frozenset(("ل", "ب"))
_PRONOUN_ONLY: Final = frozenset(("ه", "ها", "هم", "هما", "هن", "كم", "كما", "نا"))


_TOKENIZER_WORDS: Final = load_wordlist("arabic/tokenizer.tsv")
# Normalized words never split into clitics: function words and known traps where the
# lexicon's counts mislead (و+لي for ولي "guardian", و+إلى for والي "governor").
_PROTECTED: Final = _TOKENIZER_WORDS.normalized(list="protected")
# Words that look definite but are not: الذي، التي، الله...
_NOT_ARTICLE: Final = _TOKENIZER_WORDS.normalized(list="not_article")
# Prepositions written with ى on their own but ي before an enclitic: عليه → على + ه.
_PREP_FORMS: Final[dict[str, str]] = load_wordlist("arabic/preposition_forms.tsv").mapping("form")
_NON_JOINING: Final = frozenset("اأإآٱدذرزوؤةىء")

# Glued words: the whole must be (nearly) unknown; each half a frequent word of some length.
_GLUE_MAX_WHOLE: Final = 3
_GLUE_MIN_LEFT_LEN: Final = 3
_GLUE_WAW_MIN: Final = 50  # لبنان + وسوريا: right half starts with the conjunction
_GLUE_WAW_MIN_STEM: Final = 3  # letters after that و
_GLUE_EDGE_MIN: Final = 100  # مدينة + دمشق: left half ends in a non-joining letter
_GLUE_EDGE_MIN_RIGHT: Final = 4


# Relative word spec: (start, end, form, kind, definite), offsets into the surface word.
_WordSpec = tuple[int, int, str, WordKind, bool]
# Relative token spec: (start, end, kind, words)
_TokSpec = tuple[int, int, TokenKind, tuple[_WordSpec, ...]]


def _evidence(lex: Lexicon, form: str, first: str, last: str) -> float:
    """Lexicon count of ``form``, restricted by how its first/last letters were written.

    ``first``/``last`` are the ORIGINAL characters (or the restored ones): a final ``ة`` counts
    only the ``ة`` spellings (``tm``), a final ``ه`` only the others; a leading bare ``ا``
    counts only bare spellings, a hamza alef only the hamza ones.
    """
    e = lex.get(form)
    c = float(e.count)
    if c <= 0:
        return 0.0
    if form[-1] == "ه":
        if last == "ة":
            c *= e.tm / e.count
        elif last == "ه":
            c *= (e.count - e.tm) / e.count
    if form[0] == "ا":
        if first == "ا":
            c *= e.bare / e.count
        elif first in _HAMZA_ALEFS:
            c *= (e.count - e.bare) / e.count
    return c


def _is_definite(norm_stem: str, first_orig: str) -> bool:
    return (
        len(norm_stem) >= 4
        and norm_stem.startswith("ال")
        and first_orig == "ا"
        and norm_stem not in _NOT_ARTICLE
    )


_FORM_DELETE: Final[dict[int, None]] = dict.fromkeys(map(ord, IGNORABLE | {_TATWEEL}))


def _clean_form(text: str) -> str:
    """A word's text as written on its own: without tatweel and invisible characters."""
    return text.translate(_FORM_DELETE)


def _prefix_sequences(s: str) -> list[tuple[str, ...]]:
    """Possible proclitic sequences at the start of normalized ``s`` (longest last)."""
    out: list[tuple[str, ...]] = []
    heads: list[tuple[str, ...]] = [()]
    if s[:1] in _CONJ:
        heads.append((s[0],))
    for head in heads:
        k = len(head)
        if head:
            out.append(head)
        nxt = s[k : k + 1]
        if nxt in _PREP or (nxt == _FUTURE and s[k + 1 : k + 2] in _IMPERFECT):
            out.append((*head, nxt))
    return out


class _Analysis:
    __slots__ = ("definite", "enclitic", "form_fix", "prefixes", "score", "stem_end")

    def __init__(
        self,
        prefixes: tuple[str, ...],
        stem_end: int,
        enclitic: str,
        definite: bool,
        form_fix: str,
        score: float,
    ) -> None:
        self.prefixes = prefixes
        self.stem_end = stem_end  # normalized index where the enclitic starts
        self.enclitic = enclitic
        self.definite = definite
        self.form_fix = (
            form_fix  # "", "lil" (لل → ال), "tm" (ت → ة), "alef" (ا → ى), "hamza", "prep"
        )
        self.score = score


def _stem_candidates(
    stem: str, orig: str, enclitic: str, after_lil: bool
) -> list[tuple[str, str, str, str, bool]]:
    """Lookup forms for a stem: (normalized form, first orig char, last orig char, fix, definite).

    ``orig`` is the stem's original letters (normalization aside, one char per letter).
    """
    first, last = orig[0], orig[-1]
    out: list[tuple[str, str, str, str, bool]] = []
    if after_lil and len(stem) >= 3:
        # ل + لمدينة: the stem is المدينة with its alef dropped.
        out.append(("ا" + stem, "ا", last, "lil", True))
        if enclitic and stem[-1] == "ت":
            out.append(("ا" + stem[:-1] + "ه", "ا", "ة", "lil-tm", True))
    definite = _is_definite(stem, first)
    out.append((stem, first, last, "", definite))
    if enclitic:
        if stem[-1] == "ت":
            out.append((stem[:-1] + "ه", first, "ة", "tm", definite))
        elif stem[-1] == "ا" and len(stem) >= 3:
            out.append((stem[:-1] + "ي", first, "ى", "alef", definite))
        elif stem[-1] in "ؤئ":
            out.append((stem[:-1] + "ء", first, "ء", "hamza", definite))
    return out


def _analyses(surface: str, s: str, index: list[int], lex: Lexicon) -> _Analysis | None:
    """The best clitic analysis of a surface word, or None to keep it whole."""
    n = len(s)
    orig_letters = [surface[i] for i in index]

    def cuttable(k: int) -> bool:  # a boundary before normalized letter k is a real char edge
        return 0 < k < n and index[k] != index[k - 1]

    # enclitic options: none, or each enclitic that ends the word
    enclitics: list[tuple[str, int]] = [("", n)]
    if s[-1] in _ENCLITIC_LAST:
        for enc in _ENCLITIC_ORDER:
            m = n - len(enc)
            if s.endswith(enc) and cuttable(m):
                if "ه" in enc and orig_letters[n - 1] == "ة":
                    continue
                if enc[-1] == "ي" and orig_letters[n - 1] != "ي":
                    continue
                enclitics.append((enc, m))
    prefix_options = _prefix_sequences(s)
    if not prefix_options and len(enclitics) == 1:
        return None
    whole = _evidence(lex, s, orig_letters[0], orig_letters[-1])
    entry = lex.get(s)
    name_factor = 1.0
    if entry.name > 0:  # a person-name token: وليد، والتر، لينا
        name_factor = _NAME_THETA * (10.0 if 2 * entry.name >= entry.count else 1.0)

    best: _Analysis | None = None
    for prefixes in [(), *prefix_options]:
        k = len(prefixes)
        if k and not cuttable(k):
            continue
        theta_pre = 1.0
        for p in prefixes:
            theta_pre *= _THETA_PRE[p]
        after_lil = bool(prefixes) and prefixes[-1] == "ل" and s[k : k + 1] == "ل"
        if k and prefixes[-1] in _HAMZA_THETA and orig_letters[k] in _HAMZA_ALEFS:
            theta_pre *= _HAMZA_THETA[prefixes[-1]]
        for enc, m in enclitics:
            if m < k or (not prefixes and not enc):
                continue
            stem = s[k:m]
            if len(prefixes) > 1 and s[len(prefixes[0]) : m] in _PROTECTED:
                continue  # ف+ل+ما: لما is one word
            if not stem:
                # preposition + pronoun: لها، بهم، ولنا
                if (
                    prefixes
                    and prefixes[-1] in _PRONOUN_PREPS
                    and enc in _PRONOUN_ONLY
                    and cuttable(k)
                    and (best is None or best.score < 1e9)
                ):
                    best = _Analysis(prefixes, m, enc, False, "", 1e9)
                continue
            if enc:
                theta_enc, min_len, min_ev = _ENCLITICS[enc]
            else:
                theta_enc, min_len, min_ev = 1.0, 2, _MIN_EVIDENCE
            if len(stem) < min_len:
                continue
            orig_stem = "".join(orig_letters[k:m])
            lil = after_lil and not stem.startswith("ال")
            for form, first, last, fix, definite in _stem_candidates(stem, orig_stem, enc, lil):
                if form.startswith("ال") and not definite and first == "ا" and len(form) < 4:
                    continue  # bare ال + one letter: not a stem
                if definite and len(form) - 2 < 2:
                    continue
                theta = theta_pre * theta_enc * name_factor
                if prefixes and enc:  # two clitics at once are rarer than either
                    theta *= _BOTH_SIDES_THETA
                    if len(form) == 2:
                        theta = max(theta, 2.0)  # و+جو+ه is وجوه
                if definite and prefixes:
                    theta *= _DEFINITE_THETA
                ev = _evidence(lex, form, first, last)
                if enc and ev > 0 and 2 * lex.get(form).name >= lex.count(form):
                    ev *= 0.1  # names take no possessive pronouns: لي+نا is لينا
                ok = ev >= max(min_ev, theta * whole)
                if (
                    not ok
                    and definite
                    and prefixes
                    and not enc
                    and whole == 0
                    and lex.count(s) == 0
                    and len(form) - 2 >= 3
                    and any(p in "وبل" for p in prefixes)
                ):
                    # Unknown word = proclitic + ال + a long unknown stem: والكفرنبلية
                    ok, ev = True, 1.0
                if not ok:
                    continue
                score = ev / theta
                if best is None or score > best.score:
                    best = _Analysis(prefixes, m, enc, definite, fix, score)
    return best


def _words_from_analysis(
    surface: str, s: str, index: list[int], a: _Analysis
) -> tuple[_WordSpec, ...]:
    n = len(s)

    def pos(k: int) -> int:  # leading harakat stay with the first word
        return 0 if k == 0 else index[k] if k < n else len(surface)

    words: list[_WordSpec] = []
    k = 0
    for p in a.prefixes:
        start, end = pos(k), pos(k + len(p))
        words.append((start, end, _clean_form(surface[start:end]), "proclitic", False))
        k += len(p)
    m = a.stem_end
    if m > k:
        start, end = pos(k), pos(m)
        text = surface[start:end]
        form = _clean_form(text)
        repl = _RESTORED_LETTER.get(a.form_fix)
        if repl is not None:
            # replace the stem's last letter, keeping the harakat after it
            last = index[m - 1]
            form = _clean_form(surface[start:last] + repl + surface[last + 1 : end])
        if a.form_fix.startswith("lil"):
            form = "ا" + form
        if a.enclitic:
            fixed = _PREP_FORMS.get(s[k:m])
            if fixed is not None:  # عليه → على, إليهم → إلى (harakat are not kept here)
                form = fixed
        words.append((start, end, form, "stem", a.definite))
    if a.enclitic:
        start, end = pos(m), len(surface)
        words.append((start, end, _clean_form(surface[start:end]), "enclitic", False))
    return tuple(words)


_RESTORED_LETTER: Final[dict[str, str]] = {"tm": "ة", "lil-tm": "ة", "alef": "ى", "hamza": "ء"}


def _whole_word(surface: str, s: str, index: list[int]) -> tuple[_WordSpec, ...]:
    definite = bool(s) and _is_definite(s, surface[index[0]])
    return ((0, len(surface), _clean_form(surface), "stem", definite),)


def _segment_norm(surface: str, s: str, index: list[int]) -> tuple[_WordSpec, ...]:
    if not s:
        return ((0, len(surface), surface, "stem", False),)
    if len(s) < 3 or s in _PROTECTED:
        return _whole_word(surface, s, index)
    a = _analyses(surface, s, index, load_lexicon())
    if a is None:
        return _whole_word(surface, s, index)
    return _words_from_analysis(surface, s, index, a)


def _glue_point(surface: str, s: str, index: list[int], lex: Lexicon) -> int | None:
    """Normalized index where a glued word splits (``لبنانوسوريا`` → 5), or None."""
    n = len(s)
    if n < 2 * _GLUE_MIN_LEFT_LEN or lex.count(s) > _GLUE_MAX_WHOLE:
        return None
    first, last = surface[index[0]], surface[index[-1]]
    best, best_score = None, 0.0
    for k in range(_GLUE_MIN_LEFT_LEN, n - _GLUE_MIN_LEFT_LEN + 1):
        if index[k] == index[k - 1] or s[k] == s[k - 1]:
            continue  # inside a ligature, or across a doubled letter (مقررين)
        right = s[k:]
        left_edge = surface[index[k - 1]]
        if right[0] == "و" and len(right) - 1 >= _GLUE_WAW_MIN_STEM:
            need = _GLUE_WAW_MIN
            c_right = max(
                _evidence(lex, right, "و", last),
                0.25 * _evidence(lex, right[1:], surface[index[k + 1]], last),
            )
        elif left_edge in _NON_JOINING and len(right) >= _GLUE_EDGE_MIN_RIGHT:
            need = _GLUE_EDGE_MIN
            c_right = _evidence(lex, right, surface[index[k]], last)
        else:
            continue
        if c_right < need:
            continue
        c_left = _evidence(lex, s[:k], first, left_edge)
        score = min(c_left, c_right)
        if score >= need and score > best_score:
            best, best_score = k, score
    return best


@lru_cache(maxsize=1 << 18)
def _analyze(surface: str) -> tuple[_TokSpec, ...]:
    """Tokens (relative offsets) and their words for one Arabic surface run; cached."""
    s, index = _skeleton(surface)
    if not s:  # harakat or tatweel with no letter
        return ((0, len(surface), "symbol", ((0, len(surface), surface, "stem", False),)),)
    words = _segment_norm(surface, s, index)
    if len(words) == 1 and len(s) >= 5 and s not in _PROTECTED:
        k = _glue_point(surface, s, index, load_lexicon())
        if k is not None:
            cut = index[k]
            out: list[_TokSpec] = []
            for start, end in ((0, cut), (cut, len(surface))):
                for ts, te, kind, ws in _analyze(surface[start:end]):
                    out.append(
                        (
                            ts + start,
                            te + start,
                            kind,
                            tuple((a + start, b + start, f, kd, d) for a, b, f, kd, d in ws),
                        )
                    )
            return tuple(out)
    return ((0, len(surface), "word", words),)


# One-word Arabic tokens by surface: (form, definite, token kind). A plain dict in front of
# the lru_cache of _analyze: the hot path of tokenize is one dict lookup per word.
_SIMPLE: dict[str, tuple[str, bool, TokenKind]] = {}
_SIMPLE_MAX: Final = 1 << 19

# --------------------------------------------------------------------------------------------
# Public API


def segment(word: str) -> list[Word]:
    """Split one Arabic surface word into its clitics and stem (no glued-word repair).

    Offsets are relative to ``word``; ``word[w.start:w.end] == w.text`` and the words cover
    ``word`` contiguously. A word that should not be split comes back as one stem.

    >>> [(w.text, w.form, w.kind) for w in segment("للمدينة")]
    [('ل', 'ل', 'proclitic'), ('لمدينة', 'المدينة', 'stem')]
    """
    if not word:
        return []
    s, index = _skeleton(word)
    specs = _segment_norm(word, s, index)
    return [Word(a, b, word[a:b], f, k, d) for a, b, f, k, d in specs]


def split_glued(word: str) -> list[str]:
    """The pieces of a word glued by a missing space (``لبنانوسوريا`` → two); else ``[word]``."""
    return [word[a:b] for a, b, _, _ in _analyze(word)] if word else []


def tokenize(text: str) -> list[Token]:
    """Tokenize ``text`` into Tokens over the original string, with clitics as Words.

    Tokens are in order and do not overlap; every character that is neither whitespace nor
    an invisible format character between tokens (:data:`IGNORABLE`) belongs to exactly one
    token; ``token.text == text[token.start:token.end]``; each token's words cover it
    contiguously in order, with ``word.text == text[word.start:word.end]``.

    >>> [(t.text, [w.text for w in t.words]) for t in tokenize("وبالموصل 2،4%")]
    [('وبالموصل', ['و', 'ب', 'الموصل']), ('2،4%', ['2،4%'])]
    """
    tokens: list[Token] = []
    append = tokens.append
    simple_get = _SIMPLE.get
    for m in _TOKEN_RE.finditer(text):
        g = m.lastindex or _G_PUNCT
        start, end = m.span()
        surface = m.group()
        if g == _G_ARABIC:
            hit = simple_get(surface)
            if hit is not None:  # hot path: a known one-word token
                form, definite, tkind = hit
                w = Word(start, end, surface, form, "stem", definite)
                append(Token(start, end, surface, (w,), tkind))
                continue
            specs = _analyze(surface)
            if len(specs) == 1:
                _, _, tkind, words = specs[0]
                if len(words) == 1:
                    _, _, form, wkind, definite = words[0]
                    if len(_SIMPLE) >= _SIMPLE_MAX:
                        _SIMPLE.clear()
                    _SIMPLE[surface] = (form, definite, tkind)
                    w = Word(start, end, surface, form, wkind, definite)
                    append(Token(start, end, surface, (w,), tkind))
                    continue
            for ts, te, tkind, wspecs in specs:
                words_out = tuple(
                    Word(start + a, start + b, text[start + a : start + b], f, k, d)
                    for a, b, f, k, d in wspecs
                )
                append(
                    Token(start + ts, start + te, text[start + ts : start + te], words_out, tkind)
                )
            continue
        kind = _GROUP_KIND[g] if g != _G_PUNCT else _char_kind(surface[0])
        w = Word(start, end, surface, surface, "stem", False)
        append(Token(start, end, surface, (w,), kind))
    return tokens
