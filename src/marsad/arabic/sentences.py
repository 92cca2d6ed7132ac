"""Sentence segmentation for Arabic news text, as character spans over the original string.

This splitter is hand-written for marsad and tuned to Arabic wire copy; it is not a port of a
general-purpose (English-first) segmenter. It uses only ``re`` and runs in linear time: every
regular expression is applied once per line, and each look-behind is bounded by a small
constant, so it is safe on inputs of tens of megabytes.

Rules, in the order they are applied:

* A line break (``\\n``, ``\\r``, ``\\r\\n``, U+2028, ... exactly the breaks of
  ``str.splitlines``) always ends a sentence. News bodies separate paragraphs with a single
  ``\\n``, so a dateline on a line of its own is a sentence of its own.
* Terminators are ``.``, ``!``, ``?``, ``؟``, ``…`` (and ``‼ ⁇ ⁈ ⁉ ۔``). A run of them
  (``؟!``, ``!!``, ``...``) stays with the sentence it ends, together with any closing quotes
  or brackets right after it (``»``, ``”``, ``"``, ``)``...): a sentence never ends between a
  terminator and its closing quote.
* The Arabic semicolon ``؛`` does not end a sentence: in news prose it joins clauses (often a
  cause and its effect) much like a strong comma. The colon and the dashes of a dateline
  (``دمشق - مرصد:``, ``بغداد (رويترز) -``) do not end one either, so a dateline on the same line
  belongs to the first sentence.
* A terminator ends a sentence only when a space, the end of the line, or (for ``. ! ? ؟``
  only) an Arabic letter follows it. Numbers (``2.4``, ``3.5%``, ``٢٫٥``, ``2،4``), IP and
  version numbers, URLs and e-mail addresses therefore never split; ``عام 2016. وقال`` does,
  and so does the unspaced ``الأمر.وقال`` common in scraped copy.
* Quotes: inside a ``«...»``, ``“...”`` or ``"..."`` pair closed on the same line, no sentence
  ends, so a multi-sentence quote stays with the speaker who introduces it. A quote that ends
  with a terminator (``«انتهى الأمر.» وأضاف``) ends the sentence after its closing quote.
  ASCII ``"`` pairs are used only when a line holds an even number of them; unbalanced quotes
  are ignored.
* A single ``.`` does not end a sentence after an abbreviation:

  - an Arabic word of one letter (``د.`` doctor, ``م.`` engineer, ``أ.`` professor, ``ص.`` page),
    a chain of one- or two-letter parts joined by dots (``ص.ب.``, ``أ.د.``, ``ق.م.``,
    ``د.ب.أ.``), or a known two-letter abbreviation (``مج.`` volume, ``تح.`` edited by);
  - but an era or time marker right after a number ends the sentence (``عام 1440 هـ. وقال``,
    ``عام 300 ق.م. وكان``, ``الساعة 9 م. ثم``), unless ``الموافق`` follows;
  - Latin abbreviations (``Dr.``, ``No.``, ``e.g.``, ``U.S.``, ``a.m.``), initials
    (``J. Smith``), or any Latin word followed by a lowercase Latin word;
  - a list number of at most three digits opening a sentence (``1. انسحاب القوات``).
* A terminator run with no letter or digit before it in its sentence (a stray ``...`` at the
  start of a paragraph) does not end a sentence.

Whitespace is what ``str.isspace`` says it is; every other character (including invisible
marks such as U+200F) lies in exactly one sentence.
"""

from __future__ import annotations

import re

from marsad.arabic.wordlists import load_wordlist

__all__ = ["split_sentences"]

# Lines: maximal runs without a line break (the same breaks as str.splitlines).
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_NON_SPACE = re.compile(r"\S")
_WORD_CHAR = re.compile(r"[^\W_]")

_TERMINATORS = ".!?؟…‼⁇⁈⁉۔"
_CLOSERS = "»”’\"')]}›"
# A run of terminators, possibly interleaved with closing quotes and brackets: `.»`, `؟!»`, `!».`
_TERM_RUN = re.compile(
    "[" + re.escape(_TERMINATORS) + "][" + re.escape(_TERMINATORS + _CLOSERS) + "]*"
)
_QUOTE = re.compile(r'[«»“”"]')
_QUOTE_PAIRS = {"»": "«", "”": "“"}

# Arabic letters (base block, extended letters, presentation forms); diacritics and tatweel.
_AR_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff"
_AR_LETTERS += "\ufb50-\ufdfb\ufe70-\ufefc"
_AR_MARKS = "\u0640\u064b-\u065f\u0670\u06d6-\u06ed"
_AR_LETTER = re.compile("[" + _AR_LETTERS + "]")
_AR_MARK = re.compile("[" + _AR_MARKS + "]")
_AR_WORD = re.compile("[" + _AR_LETTERS + _AR_MARKS + "]+")
_AR_DOTTED = re.compile(r"[" + _AR_LETTERS + r"]{1,2}(?:\.[" + _AR_LETTERS + r"]{1,2})+")
_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+")
_LIST_NUMBER = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]{1,3}")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)*")
_LATIN_INITIALISM = re.compile(r"[A-Za-z](?:\.[A-Za-z])+")

# Two-letter Arabic abbreviations written with a dot (one-letter ones are always abbreviations).
_AR_ABBREVIATIONS = frozenset(load_wordlist("arabic/abbreviations.tsv").words(list="abbreviation"))
# Markers that follow a number: م (ميلادي / مساءً), ه (هجري, written هـ), ص (صباحًا), ق.م.
_AR_AFTER_NUMBER = frozenset(load_wordlist("arabic/abbreviations.tsv").words(list="after_number"))
_CONTINUATIONS = load_wordlist("arabic/abbreviations.tsv").words(list="continuation")

# fmt: off
_LATIN_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "nos", "vs", "etc", "al", "cf",
    "ed", "eds", "approx", "dept", "est", "rev", "hon", "gen", "col", "lt", "sgt", "capt", "maj",
    "gov", "sen", "rep", "mt", "ft", "inc", "ltd", "co", "corp", "fig", "vol", "ch", "sec",
    "art", "para", "op", "pp", "p", "ph.d",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
# fmt: on

# Punctuation stripped from both ends of the word before a dot: `(رويترز)`, `«د`.
_WRAPPERS = "()[]{}«»“”\"'‹›"
_LOOKBACK = 40  # the longest "word before the dot" examined, in characters


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences.

    Returns ``(start, end)`` spans over the original text, in order and non-overlapping, each
    trimmed of surrounding whitespace, together covering every non-whitespace character
    exactly once. Empty or whitespace-only text gives ``[]``. The rules are listed in the
    module docstring.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        _split_line(text, line.start(), line.end(), spans)
    return spans


def _split_line(text: str, line_start: int, line_end: int, spans: list[tuple[int, int]]) -> None:
    first = _NON_SPACE.search(text, line_start, line_end)
    if first is None:
        return
    start = first.start()
    quotes = _quoted_regions(text, line_start, line_end)
    qi = 0
    has_word = False
    scanned = start
    for run in _TERM_RUN.finditer(text, start, line_end):
        s, e = run.span()
        if e >= line_end:
            break
        while qi < len(quotes) and quotes[qi][1] < s:
            qi += 1
        if qi < len(quotes) and quotes[qi][0] < s and e <= quotes[qi][1]:
            continue  # inside a quote that closes later on this line
        follower = text[e]
        spaced = follower.isspace()
        if not spaced and _AR_LETTER.match(follower) is None:
            continue
        if not has_word:
            has_word = _WORD_CHAR.search(text, scanned, s) is not None
            scanned = e
            if not has_word:
                continue
        nxt = _NON_SPACE.search(text, e, line_end)
        next_start = nxt.start() if nxt is not None else line_end
        if not _ends_sentence(text, start, s, e, next_start, line_end, spaced):
            continue
        spans.append((start, e))
        if nxt is None:
            return
        start = next_start
        has_word = False
        scanned = start
    end = line_end
    while text[end - 1].isspace():
        end -= 1
    spans.append((start, end))


def _quoted_regions(text: str, line_start: int, line_end: int) -> list[tuple[int, int]]:
    """Outermost quoted regions of a line as (open, close) index pairs, disjoint and sorted."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: list[int] = []
    for m in _QUOTE.finditer(text, line_start, line_end):
        ch, pos = m.group(), m.start()
        if ch == '"':
            straight.append(pos)
        elif ch in _QUOTE_PAIRS:
            opener = _QUOTE_PAIRS[ch]
            # Pop to the nearest matching opener; unmatched openers above it are dropped.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    pairs.append((stack[depth][1], pos))
                    del stack[depth:]
                    break
        else:
            stack.append((ch, pos))
    if straight and len(straight) % 2 == 0:
        pairs.extend(zip(straight[::2], straight[1::2], strict=True))
    if not pairs:
        return []
    pairs.sort()
    merged = [pairs[0]]
    for open_, close in pairs[1:]:
        last_open, last_close = merged[-1]
        if open_ < last_close:
            merged[-1] = (last_open, max(last_close, close))
        else:
            merged.append((open_, close))
    return merged


def _ends_sentence(
    text: str, start: int, s: int, e: int, next_start: int, line_end: int, spaced: bool
) -> bool:
    """Decide whether the terminator run ``text[s:e]`` ends the sentence begun at ``start``."""
    core = text[s:e].rstrip(_CLOSERS)
    if core.strip(".…"):  # contains ! ? ؟ or another strong mark
        return True
    if len(core) > 1 or "…" in core:  # an ellipsis: a pause when glued to the next word
        return spaced
    # A single dot: look at the word before it.
    word_start = s
    limit = max(start, s - _LOOKBACK)
    while word_start > limit and not text[word_start - 1].isspace():
        word_start -= 1
    raw = text[word_start:s]
    word = raw.strip(_WRAPPERS)
    if not word:
        return True
    if _AR_WORD.fullmatch(word.replace(".", "")) is not None:
        return _arabic_word_ends(text, word, word_start, s, next_start, line_end, spaced)
    if _DIGITS.fullmatch(word) is not None:
        return not (word_start == start and _LIST_NUMBER.fullmatch(word) is not None)
    if spaced and _LATIN_WORD.fullmatch(word) is not None:
        if word.lower() in _LATIN_ABBREVIATIONS or len(word) == 1:
            return False
        if _LATIN_INITIALISM.fullmatch(word) is not None:
            return False
        return not ("a" <= text[next_start : next_start + 1] <= "z")
    # Mixed tokens: `2019م.` ends, URLs and e-mails end only before a space.
    return spaced


def _arabic_word_ends(
    text: str, word: str, word_start: int, s: int, next_start: int, line_end: int, spaced: bool
) -> bool:
    bare = _AR_MARK.sub("", word)
    letters = bare.replace(".", "")
    dotted = "." in bare
    is_abbreviation = (
        len(letters) == 1
        or (dotted and _AR_DOTTED.fullmatch(bare) is not None)
        or bare in _AR_ABBREVIATIONS
    )
    if not is_abbreviation:
        return not dotted  # `كذا.كذا.` glued chains are not sentence ends
    if bare in _AR_AFTER_NUMBER and _follows_number(text, word_start):
        return not text.startswith(_CONTINUATIONS, next_start, line_end)
    return False


def _follows_number(text: str, word_start: int) -> bool:
    """True when the word at ``word_start`` comes right after a number (`1440 هـ`)."""
    i = word_start
    limit = max(0, word_start - 3)
    while i > limit and text[i - 1] in " \t\u00a0":
        i -= 1
    return i > 0 and _DIGITS.match(text[i - 1]) is not None
