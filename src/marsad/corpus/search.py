"""Arabic-aware search: what gets indexed, how a query is read, and highlighted snippets.

Written by hand because it is Arabic-specific: the index holds the *stems* of the tokenizer's
words, normalized (``وبالموصل`` is indexed as ``الموصل``, ``مُحمّد`` as ``محمد``), and a query is
read by the same tokenizer and normalizer, so ``الموصل`` finds ``بالموصل`` and ``للمدينة``
(stem ``المدينة``) is found by ``المدينة``. A bare word also finds its definite form: ``موصل``
finds ``الموصل``.

Query syntax: words (all must occur), ``"a phrase"``, ``prefix*``, ``-excluded``.

>>> q = parse_query('"قوات الأمن" بالموصل -بغداد اقتص*')
>>> for c in q.clauses:
...     print(c.words, c.prefix, c.negated)
('قوات', 'الامن') False False
('الموصل',) False False
('بغداد',) False True
('اقتص',) True False
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize, normalize_text
from marsad.arabic.words import ENCLITICS_PATTERN, PROCLITICS_PATTERN, has_article, word_list
from marsad.doc import Document, Token
from marsad.errors import QueryError
from marsad.pipeline import Pipeline, pipeline_for

# The search index covers the first 200,000 words of a document (PostgreSQL caps a tsvector
# at 1 MB); news articles are a few thousand words at most.
MAX_INDEXED_WORDS = 200_000
MAX_QUERY_CHARS = 1_000
_INDEXED_KINDS = frozenset({"word", "number", "latin"})
_CLAUSE_RE = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)|(")')


@dataclass(frozen=True, slots=True)
class Clause:
    """One part of a query: a word (with its alternatives), a phrase, or a prefix."""

    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False

    @property
    def alternatives(self) -> tuple[str, ...]:
        """Spellings a one-word clause also matches: the definite form of a bare word."""
        if len(self.words) != 1 or self.prefix:
            return self.words
        word = self.words[0]
        if has_article(word) or not _is_arabic(word) or len(word) < 2:
            return (word,)
        return (word, "ال" + word)


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    clauses: tuple[Clause, ...]

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)


def _is_arabic(word: str) -> bool:
    return any("\u0621" <= ch <= "\u06ff" for ch in word)


# The components the search index needs: sentences and the tokenizer's words.
TOKENIZE_ONLY = ("sentences.rules.v1", "tokenize.rules.v1")


def _tokenizer() -> Pipeline:
    return pipeline_for(TOKENIZE_ONLY)


def stems(tokens: Iterable[Token]) -> list[str]:
    """The normalized stems of the words of ``tokens``: what the index holds."""
    out: list[str] = []
    for token in tokens:
        if token.kind not in _INDEXED_KINDS:
            continue
        for word in token.words:
            if word.kind == "stem":
                out.extend(word_list(normalize_text(word.form)))
    return out


def tokenized(doc: Document) -> Document:
    """``doc`` with tokens (running the tokenizer only when it has none)."""
    return doc if doc.tokens or not doc.text.strip() else _tokenizer()(doc)


def title_words(doc: Document) -> list[str]:
    """The stems of ``doc``'s title (none without a title)."""
    return stems(_tokenizer()(Document.from_text(doc.meta.title)).tokens) if doc.meta.title else []


def body_words(doc: Document) -> list[str]:
    """The stems of ``doc``'s text, in order (at most :data:`MAX_INDEXED_WORDS`)."""
    return stems(tokenized(doc).tokens)[:MAX_INDEXED_WORDS]


def _query_words(text: str) -> tuple[str, ...]:
    return tuple(stems(_tokenizer()(Document.from_text(text)).tokens)) if text.strip() else ()


def parse_query(text: str) -> Query:
    """Read a query; raise QueryError for an unclosed quote, an over-long query or nothing
    to search for."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    clauses: list[Clause] = []
    for m in _CLAUSE_RE.finditer(text):
        if m.group(5):
            raise QueryError(f"unclosed quote in the query {text!r}")
        if m.group(2) is not None:
            words = _query_words(m.group(2))
            if words:
                clauses.append(Clause(words, negated=bool(m.group(1))))
            continue
        raw, negated = m.group(4), bool(m.group(3))
        if raw.endswith("*") and len(raw) > 1:
            words = tuple(word_list(normalize_text(raw[:-1])))
            if len(words) == 1 and len(words[0]) >= 2:
                clauses.append(Clause(words, prefix=True, negated=negated))
                continue
            raise QueryError(f"a prefix needs at least two letters: {raw!r}")
        for word in _query_words(raw):
            clauses.append(Clause((word,), negated=negated))
    query = Query(text, tuple(clauses))
    if not query.positive:
        raise QueryError(f"the query {text!r} has no word to search for")
    return query


# -- highlighting ----------------------------------------------------------------------------


def _word_pattern(word: str, prefix: bool) -> str:
    core = re.escape(word)
    if has_article(word, min_stem=1):
        # ``للمدينة``: the article's alef drops after the preposition ل.
        core = "(?:ال|ل)" + re.escape(word[2:])
    # Clitics a surface word may carry around an indexed stem (to highlight the original).
    return PROCLITICS_PATTERN + core + (r"\w*" if prefix else ENCLITICS_PATTERN)


def _clause_pattern(clause: Clause) -> str:
    if len(clause.words) > 1:
        return r"\W+".join(_word_pattern(w, False) for w in clause.words)
    return "|".join(_word_pattern(w, clause.prefix) for w in clause.alternatives)


@lru_cache(maxsize=256)
def _highlighter(query: Query) -> re.Pattern[str]:
    parts = [f"(?:{_clause_pattern(c)})" for c in query.positive]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A window of the original text around the first hit; ``highlights`` are offsets into
    the document's text, so ``text[start:end]`` is the window."""

    start: int
    end: int
    text: str
    highlights: tuple[tuple[int, int], ...]

    def marked(self, left: str = "[", right: str = "]") -> str:
        """The window with each hit between ``left`` and ``right``."""
        out, pos = [], self.start
        for s, e in self.highlights:
            if s < pos or e > self.end:
                continue
            out += [self.text[pos - self.start : s - self.start], left]
            out += [self.text[s - self.start : e - self.start], right]
            pos = e
        out.append(self.text[pos - self.start :])
        return "".join(out)


def highlights(text: str, query: Query) -> list[tuple[int, int]]:
    """Offsets in ``text`` (the original) of every word the query's positive clauses match."""
    norm = normalize(text)
    return [norm.to_original(m.start(), m.end()) for m in _highlighter(query).finditer(norm.text)]


def snippet(text: str, query: Query, width: int = 240) -> Snippet:
    """The window of about ``width`` characters around the first hit (the text's start when
    the hit is in the title only)."""
    hits = highlights(text, query)
    first = hits[0][0] if hits else 0
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (hits[0][1] if hits else start) else end
    inside = tuple((s, e) for s, e in hits if start <= s and e <= end)
    return Snippet(start, end, text[start:end], inside)
