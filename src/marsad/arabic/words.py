"""The word and clitic layer every extractor uses: words with offsets, proclitics, clauses.

The tokenizer (:mod:`marsad.arabic.tokenize`) makes the document's tokens with a lexicon
judgement of where a clitic ends. The rule-based extractors work on plain strings (often
normalized text) and need cheaper, predictable readings of a word; this module is the one
place that defines them, so that every extractor splits words, strips ``و ف ب ل ك ال`` and
ends clauses the same way:

- words: :func:`word_spans` / :func:`word_list` (runs of word characters, or whitespace-
  separated chunks with ``spaced=True``), with exact offsets;
- clitics: :data:`CONJUNCTIONS`, :data:`PREPOSITIONS`, :data:`ARTICLE`; :func:`has_article`,
  :func:`strip_article`, :func:`toggle_article`, :func:`strip_definite`,
  :func:`starts_with_conjunction`, :func:`without_proclitic`, :func:`without_enclitic`,
  :func:`possessor_readings`, :func:`lam_length`,
  :func:`proclitic_splits` (every reading of a word as proclitics + stem, with the stem's
  offset), :func:`restore_article` (``ل`` + ``لمدينة`` is ``ل`` + ``المدينة``),
  :data:`PROCLITIC_SEQUENCES` and the regex sources :data:`PROCLITICS_PATTERN` /
  :data:`ENCLITICS_PATTERN`;
- regex fragments for the proclitics a pattern lets a word carry: :data:`CONJ_OPT`
  (``[وف]?``), :data:`PREP_OPT` (``[بل]?``, see :data:`COMMON_PREPOSITIONS`) and
  :data:`PROCLITIC_OPT` (``[وفبل]?``, one letter of either kind);
- clauses: :data:`CLAUSE_MARKS` and :func:`clause_break_re`.

Callers differ only through explicit options (minimum stem lengths, which connectives end a
clause); the defaults are the common policy.

The fragments in a pattern:

>>> bool(re.fullmatch(CONJ_OPT + PREP_OPT + "الموصل", "وبالموصل"))
True
>>> [bool(re.fullmatch(CONJ_OPT + "من", w)) for w in ("فمن", "ومن", "بمن")]
[True, True, False]
>>> [bool(re.fullmatch(PROCLITIC_OPT + "العدد", w)) for w in ("والعدد", "بالعدد", "وبالعدد")]
[True, True, False]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Final, NamedTuple

from marsad.arabic.normalize import word_alternation

__all__ = [
    "ARTICLE",
    "CLAUSE_MARKS",
    "COMMON_PREPOSITIONS",
    "CONJUNCTIONS",
    "CONJ_OPT",
    "ENCLITICS_PATTERN",
    "PREPOSITIONS",
    "PREP_OPT",
    "PROCLITICS_PATTERN",
    "PROCLITIC_OPT",
    "PROCLITIC_SEQUENCES",
    "SPACED_WORD_PATTERN",
    "Split",
    "WordSpan",
    "clause_break_re",
    "has_article",
    "lam_length",
    "possessor_readings",
    "proclitic_splits",
    "restore_article",
    "starts_with_conjunction",
    "strip_article",
    "strip_definite",
    "toggle_article",
    "without_proclitic",
    "word_list",
    "word_spans",
]

# --------------------------------------------------------------------------------------------
# Words

# Word characters, plus the harakat and tatweel that ``\w`` leaves out (they are marks, not
# letters): on raw text ``مُحَمَّد`` is one word; on normalized text this is plain ``\w+``.
_WORD_RE: Final = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+")
#: A whitespace-separated chunk (a word with the punctuation glued to it), as a regex source
#: for patterns that span several words (``(?:\s+ال\S+){1,2}``).
SPACED_WORD_PATTERN: Final = r"\S+"
_SPACED_RE: Final = re.compile(SPACED_WORD_PATTERN)


class WordSpan(NamedTuple):
    """A word of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def word_spans(
    text: str, start: int = 0, end: int | None = None, *, spaced: bool = False
) -> Iterator[WordSpan]:
    """The words of ``text[start:end]`` with offsets into ``text``.

    A word is a run of word characters (``\\w``: letters, digits) and harakat or tatweel, so
    punctuation never sticks to it; with ``spaced=True`` it is a whitespace-separated chunk instead.
    Works on raw or normalized text alike (offsets are into the string given).

    >>> [(w.start, w.end, w.text) for w in word_spans("قال: «وبالموصل» 2.5")]
    [(0, 3, 'قال'), (6, 14, 'وبالموصل'), (16, 17, '2'), (18, 19, '5')]
    >>> [w.text for w in word_spans("مُحَمَّد")]
    ['مُحَمَّد']
    >>> [w.text for w in word_spans("قال: «وبالموصل»", spaced=True)]
    ['قال:', '«وبالموصل»']
    """
    pattern = _SPACED_RE if spaced else _WORD_RE
    stop = len(text) if end is None else end
    for m in pattern.finditer(text, start, stop):
        yield WordSpan(m.start(), m.end(), m.group())


def word_list(text: str, *, spaced: bool = False) -> list[str]:
    """The words of ``text`` as strings (see :func:`word_spans`).

    >>> word_list("قتل 3 مدنيين، وجرح آخرون")
    ['قتل', '3', 'مدنيين', 'وجرح', 'آخرون']
    """
    return (_SPACED_RE if spaced else _WORD_RE).findall(text)


# --------------------------------------------------------------------------------------------
# Clitics (on normalized words: ``أ إ آ`` are ``ا``, ``ة`` is ``ه``, no harakat)

#: The conjunctions written joined to the next word: ``و`` and, ``ف`` then/so.
CONJUNCTIONS: Final = "وف"
#: The prepositions glued to a noun, a number or a date in news text: ``ب`` with/in, ``ل``
#: for/to. Regexes that scan running text allow only these two: ``ك`` (like) is rare there
#: and begins many words (``كان``، ``كبير``).
COMMON_PREPOSITIONS: Final = "بل"
#: The prepositions written joined to the next word: ``ب`` with/in, ``ل`` for/to, ``ك`` like.
PREPOSITIONS: Final = COMMON_PREPOSITIONS + "ك"
#: The definite article.
ARTICLE: Final = "ال"
#: Every proclitic sequence, longest first: conjunction + preposition, then one alone.
PROCLITIC_SEQUENCES: Final[tuple[str, ...]] = (
    *(c + p for c in CONJUNCTIONS for p in PREPOSITIONS),
    *CONJUNCTIONS,
    *PREPOSITIONS,
)
#: Regex source: the proclitics a surface word may carry before a stem (conjunction, then a
#: preposition or the future ``س``), for highlighting patterns.
PROCLITICS_PATTERN: Final = rf"(?:[{CONJUNCTIONS}]?[{PREPOSITIONS}]?|[{CONJUNCTIONS}]?س)"
#: Regex source: an optional pronoun enclitic after a stem (``ه ها هم هما هن ك كم كما نا ي``).
ENCLITICS_PATTERN: Final = r"(?:ه|ها|هم|هما|هن|ك|كم|كما|نا|ي)?"

# Regex fragments for the clitic policy of the rule-based extractors: a pattern names the
# proclitics a word may carry with these instead of spelling ``[وف]?`` itself, so the policy
# has one definition. Each is a single optional character class (no group), safe to put
# anywhere a character may stand.

#: Regex source: an optional conjunction (``و`` or ``ف``) before a word: ``وقال``، ``فمن``.
CONJ_OPT: Final = f"[{CONJUNCTIONS}]?"
#: Regex source: an optional ``ب`` or ``ل`` (:data:`COMMON_PREPOSITIONS`) before a word or a
#: number; after :data:`CONJ_OPT` it reads a conjunction then a preposition (``وبنحو``).
PREP_OPT: Final = f"[{COMMON_PREPOSITIONS}]?"
#: Regex source: at most one proclitic letter, a conjunction or a common preposition
#: (``والعدد``، ``بالعدد``; not ``وبالعدد``): for words seldom seen with two.
PROCLITIC_OPT: Final = f"[{CONJUNCTIONS}{COMMON_PREPOSITIONS}]?"


def has_article(
    word: str, *, min_stem: int = 0, lil: bool = False, conjunction: bool = False
) -> bool:
    """Whether ``word`` begins with the article and at least ``min_stem`` letters after it.

    ``lil=True`` also accepts ``لل`` (ل + the article, its alef dropped); ``conjunction=True``
    first skips leading ``و``/``ف`` letters.

    >>> has_article("الوزير"), has_article("وزير"), has_article("والوزير", conjunction=True)
    (True, False, True)
    >>> has_article("للوزير"), has_article("للوزير", lil=True), has_article("ال", min_stem=1)
    (False, True, False)
    """
    if conjunction:
        word = word.lstrip(CONJUNCTIONS)
    if len(word) - len(ARTICLE) < min_stem:
        return False
    return word.startswith(ARTICLE) or (lil and word.startswith("لل"))


def strip_article(word: str, min_stem: int = 3) -> str:
    """``word`` without its article when at least ``min_stem`` letters remain, else as is.

    >>> strip_article("الهجوم"), strip_article("الحي"), strip_article("الحي", min_stem=2)
    ('هجوم', 'الحي', 'حي')
    """
    return word[len(ARTICLE) :] if has_article(word, min_stem=min_stem) else word


def toggle_article(word: str, min_bare: int = 0) -> str | None:
    """The other spelling of a name: ``الموصل`` ↔ ``موصل``; None when the bare form would have
    fewer than ``min_bare`` letters (short bare forms are ordinary words: ``صور``, ``باب``).

    >>> toggle_article("الموصل"), toggle_article("موصل"), toggle_article("الباب", min_bare=4)
    ('موصل', 'الموصل', None)
    """
    if word.startswith(ARTICLE):
        bare = word[len(ARTICLE) :]
        return bare if len(bare) >= min_bare else None
    return ARTICLE + word if len(word) >= min_bare else None


def starts_with_conjunction(word: str) -> bool:
    """Whether ``word`` begins with the letter of a conjunction (``وقال``; also ``وزير``).

    >>> starts_with_conjunction("وقال"), starts_with_conjunction("قال"), starts_with_conjunction("")
    (True, False, False)
    """
    return word[:1] != "" and word[0] in CONJUNCTIONS


def without_proclitic(word: str, letters: str = CONJUNCTIONS, min_length: int = 4) -> str:
    """``word`` without a leading proclitic letter of ``letters`` (the conjunctions unless
    told) when it has at least ``min_length`` letters (``وأضاف`` → ``أضاف``; ``وزن`` stays).

    >>> without_proclitic("فأكد"), without_proclitic("وزن"), without_proclitic("لمصادر", "ل")
    ('أكد', 'وزن', 'مصادر')
    """
    return word[1:] if len(word) >= min_length and word[0] in letters else word


# The object and possessive pronouns of two letters, longest first. The one-letter ones
# (ه، ك، ي) are left on: in normalized text ه is also the folded ta marbuta (وزاره).
_LONG_ENCLITICS: Final = ("هما", "كما", "هم", "هن", "ها", "كم", "نا")


def without_enclitic(word: str, min_stem: int = 3) -> str:
    """``word`` without a trailing pronoun of two or three letters when a stem of at least
    ``min_stem`` letters stays (``أصدرتها`` → ``أصدرت``; ``منها`` stays).

    >>> without_enclitic("أصدرتها"), without_enclitic("قتلهم"), without_enclitic("منها")
    ('أصدرت', 'قتل', 'منها')
    """
    for suffix in _LONG_ENCLITICS:
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            return word[: -len(suffix)]
    return word


# Pronouns a noun in construct takes (normalized text): its ta marbuta is written ت before
# them, ``زيارة`` + ``ه`` → ``زيارته``, and its final hamza on a seat, ``لقاء`` + ``هما`` →
# ``لقائهما``.
_POSSESSIVES: Final = ("هما", "هم", "هن", "ها", "ه")


def possessor_readings(word: str, min_stem: int = 3) -> tuple[str, ...]:
    """A normalized noun's readings without a possessive pronoun, as the word before the
    pronoun is written alone (normalized: ة is ه): ``زيارته`` → ``زياره``, ``مطالبتها`` →
    ``مطالبه``, ``لقائهما`` → ``لقاء``, ``مباحثاته`` → ``مباحثات``. A bare ``ه`` comes off
    only after ت or a plural's ات, where it cannot be the ta marbuta itself (``وزاره``).

    >>> possessor_readings("زيارته"), possessor_readings("لقائهما"), possessor_readings("مباحثاته")
    (('زياره',), ('لقاء',), ('مباحثات',))
    >>> possessor_readings("وزاره"), possessor_readings("منها")
    ((), ())
    """
    out: list[str] = []
    for suffix in _POSSESSIVES:
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)]
        if len(stem) < min_stem:
            break
        if stem.endswith("ات"):
            out.append(stem)
        elif stem.endswith("ت"):
            out.append(stem[:-1] + "ه")
        elif stem.endswith(("ائ", "اؤ")):
            out.append(stem[:-1] + "ء")
        break  # the longest pronoun that ends the word is the only reading
    return tuple(out)


def lam_length(word: str, min_length: int = 1) -> int:
    """How many letters ``ل`` glued before a word takes: 2 for ``للجيش`` (the preposition and
    the article's ``ل``), 1 for ``لمصادر`` (a word of ``min_length`` letters or more), else 0.

    >>> lam_length("للجيش"), lam_length("لمصادر"), lam_length("لها", min_length=4)
    (2, 1, 0)
    """
    if word.startswith("لل"):
        return 2
    return 1 if len(word) >= min_length and word.startswith("ل") else 0


def strip_definite(word: str, min_stem: int = 3) -> str:
    """The bare head of a definite word: no article, and no ``و``/``ف``/``ل`` glued before
    it (``والوزير``، ``للوزير`` → ``وزير``). An initial ``و``/``ف``/``ل`` before anything
    else stays: ``وزير`` and ``لجنة`` begin with it.

    >>> strip_definite("والوزير"), strip_definite("للوزير"), strip_definite("وزير")
    ('وزير', 'وزير', 'وزير')
    """
    w = word
    if len(w) > 4 and starts_with_conjunction(w) and has_article(w[1:], lil=True):
        w = w[1:]
    if has_article(w, min_stem=min_stem, lil=True):
        return w[len(ARTICLE) :]
    return w


def restore_article(stem: str, min_stem: int = 3) -> str | None:
    """``ال`` + X for a stem written ``لX`` after the preposition ``ل`` (``للمدينة`` is ``ل``
    + ``لمدينة``, read ``المدينة``), when the stem has more than ``min_stem`` letters and
    is not already definite; else None.

    >>> restore_article("لرقه"), restore_article("الرقه"), restore_article("لها")
    ('الرقه', None, None)
    """
    if len(stem) > min_stem and stem.startswith("ل") and not stem.startswith(ARTICLE):
        return "ا" + stem
    return None


class Split(NamedTuple):
    """One reading of a word as proclitics + stem: ``stem == word[offset:]``."""

    offset: int
    proclitics: str
    stem: str


@lru_cache(maxsize=1 << 16)
def proclitic_splits(word: str, min_length: int = 4) -> tuple[Split, ...]:
    """Every reading of a normalized word as proclitics + stem, the word itself first.

    A conjunction (``و ف``) is split from a word of at least ``min_length`` letters, then a
    preposition (``ب ل ك``) from what remains when that has ``min_length`` letters or more.
    The order is: the word, without its conjunction, without a preposition, without both.
    The article stays in the stem (:func:`strip_article`, :func:`restore_article`).
    Readings are not checked against a lexicon: the caller looks the stems up in its own
    word list or gazetteer, which is the evidence for a split (``بغداد`` is a key as written,
    so ``غداد`` is never looked at).

    >>> [(s.offset, s.proclitics, s.stem) for s in proclitic_splits("وبالموصل")]
    [(0, '', 'وبالموصل'), (1, 'و', 'بالموصل'), (2, 'وب', 'الموصل')]
    >>> [s.stem for s in proclitic_splits("بلد")]
    ['بلد']
    """
    out = [Split(0, "", word)]
    if len(word) >= min_length and word[0] in CONJUNCTIONS:
        out.append(Split(1, word[0], word[1:]))
    for base in list(out):
        rest = base.stem
        if len(rest) >= min_length and rest[0] in PREPOSITIONS:
            out.append(Split(base.offset + 1, base.proclitics + rest[0], rest[1:]))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Clauses

#: Punctuation that ends a clause: sentence terminators, colons, semicolons, commas and
#: line breaks (Arabic and Latin forms).
CLAUSE_MARKS: Final = frozenset(".,،;؛:!?؟\n")


@lru_cache(maxsize=16)
def clause_break_re(connectives: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A regex matching each clause boundary: a mark of :data:`CLAUSE_MARKS` (a ``.`` or
    ``,`` between two digits is a decimal or thousands separator, not a boundary), or one of
    ``connectives`` (``فيما``، ``بينما``، ``في حين``...) standing as whole words, in
    normalized spelling (:func:`~marsad.arabic.normalize.word_alternation`).

    >>> [m.group() for m in clause_break_re(("فيما",)).finditer("قتل 2.5، فيما جرح 3")]
    ['،', 'فيما']
    """
    marks = "".join(sorted(CLAUSE_MARKS - {".", ","}))
    pattern = r"(?<!\d)[.,]|[.,](?!\d)|[" + re.escape(marks) + "]"
    if connectives:
        pattern += rf"|(?:^|(?<=\s)){word_alternation(connectives)}(?!\w)"
    return re.compile(pattern)
