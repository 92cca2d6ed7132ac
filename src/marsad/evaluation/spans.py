"""``marsad eval spans``: marsad's time and figure spans scored on Wojood, dateparser beside it.

Gold: every DATE, TIME, CARDINAL, MONEY and PERCENT chunk of a Wojood file, at **any** nesting
level (each level is read as its own IOB2 sequence, chunked the way conlleval reads it).

Prediction: each sentence is rebuilt as text (:func:`detokenize`, with the offsets of every
token) and run through marsad's pipeline (:data:`MARSAD_COMPONENTS`) as a document of its
own, without a publication date. ``doc.times`` are DATE; ``doc.quantities`` of kind money,
percent and count are MONEY, PERCENT and CARDINAL (measures and ordinals are not scored).
marsad finds no time of day yet, so TIME has no predictions. A predicted character span
covers every token it overlaps.

Matching is exact on ``(type, first token, last token)``, per sentence, micro over the five
types and per type. It is reported twice:

- **trimmed** (the headline): both gold and predicted spans first lose, at either end, tokens
  that are only punctuation, and at the start the date-introducing ``بتاريخ`` / ``تاريخ``.
  Wojood puts them inside its spans (``بتاريخ ( 27 / 9 / 1948 )``, ``عام ( 1993 )``) where
  marsad and dateparser do not; trimming scores what was found rather than whose bracket
  convention it followed.
- **strict**: the spans as they are.

dateparser (``search_dates(text, languages=["ar"])``, optional: the ``dev`` extra) runs on the
same sentences for comparison; its finds are DATE. It returns substrings, not offsets: each is
located left to right in the sentence.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from marsad.doc import Document, Meta
from marsad.errors import ConfigError, MalformedInputError

# conll.py's private helpers are shared on purpose: one line reader (gzip, encodings, file:line
# errors), one invisible-mark filter and one tag parser for both Wojood readers.
from marsad.evaluation.conll import (
    _FIELD_SEP,
    _INVISIBLE,
    WOJOOD_SEGMENT_MARKER,
    WOJOOD_TYPES,
    _excerpt,
    _parse_tag,
    _read_lines,
    _Tag,
)
from marsad.evaluation.metrics import Report, Span, score_spans, spans
from marsad.pipeline import Pipeline

__all__ = [
    "DATE_INTRODUCERS",
    "MARSAD_COMPONENTS",
    "QUANTITY_TYPES",
    "SPAN_TYPES",
    "Detokenized",
    "SpanEvaluation",
    "SpanSentence",
    "SystemScores",
    "dateparser_spans",
    "detokenize",
    "evaluate_spans",
    "marsad_spans",
    "read_spans",
    "score_char_spans",
    "to_tokens",
    "trim",
]

SPAN_TYPES: Final[tuple[str, ...]] = ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT")
MARSAD_COMPONENTS: Final[tuple[str, ...]] = (
    "sentences.rules.v1",
    "times.rules.v1",
    "quantities.rules.v1",
)
QUANTITY_TYPES: Final = {"money": "MONEY", "percent": "PERCENT", "count": "CARDINAL"}
DATE_INTRODUCERS: Final = frozenset({"بتاريخ", "تاريخ"})

# Detokenization: no space before closing marks, none after opening ones. The Arabic question
# mark and semicolon are closing marks like their Latin twins.
_CLOSING: Final = frozenset(".,،:;!?)]»%؟؛")
_OPENING: Final = frozenset("([«")
# Between two digit tokens these glue: 26 / 4 / 1947 → 26/4/1947, 13 . 2 → 13.2, 2 , 500 → 2,500.
_DIGIT_JOINERS: Final = frozenset({"/", ".", ",", "-", ":"})
# Percent signs are punctuation to Unicode but the content of a PERCENT span: never trimmed.
_KEPT_MARKS: Final = frozenset("%٪‰")

CharSpan = tuple[str, int, int]
"""``(type, start, end)`` in characters of a sentence's text, end exclusive."""


@dataclass(frozen=True, slots=True)
class SpanSentence:
    """One sentence: its tokens and gold spans ``(type, start, end)`` in tokens, end exclusive."""

    tokens: tuple[str, ...]
    spans: frozenset[Span]


@dataclass(frozen=True, slots=True)
class Detokenized:
    """A sentence as text, and each token's ``(start, end)`` in it."""

    text: str
    offsets: tuple[tuple[int, int], ...]


# --- reading ---------------------------------------------------------------------------------


def read_spans(path: Path, types: Iterable[str] | None = SPAN_TYPES) -> list[SpanSentence]:
    """All sentences of a Wojood file with their gold spans of ``types`` (None: every type).

    Lines are ``token TAG [TAG ...]``, one IOB2 tag per nesting level, outermost first; a line
    with fewer tags is O on the deeper levels. ``$#$ O`` segment markers are dropped. A bad line
    raises MalformedInputError naming ``file:line``.
    """
    path = Path(path)
    keep = None if types is None else frozenset(types)
    sentences: list[SpanSentence] = []
    tokens: list[str] = []
    levels: list[list[_Tag]] = []
    for lineno, line in _read_lines(path):
        if not _INVISIBLE.sub("", line).strip():
            if tokens:
                sentences.append(_sentence(tokens, levels, keep))
                tokens, levels = [], []
            continue
        parsed = _parse_wojood(line, f"{path}:{lineno}")
        if parsed is not None:
            tokens.append(parsed[0])
            levels.append(parsed[1])
    if tokens:  # no blank line at the end of the file
        sentences.append(_sentence(tokens, levels, keep))
    return sentences


def _parse_wojood(line: str, source: str) -> tuple[str, list[_Tag]] | None:
    """The token and its tags, outermost first; None for a ``$#$`` marker line."""
    fields = _FIELD_SEP.split(line.strip(" \t"))
    if len(fields) < 2:
        raise MalformedInputError(
            f"expected 'token tag [tag ...]', got {len(fields)} field(s): {_excerpt(line)}",
            source=source,
        )
    token = _INVISIBLE.sub("", fields[0])
    if not token:
        raise MalformedInputError(f"empty token: {_excerpt(line)}", source=source)
    tags = [_parse_tag(tag, WOJOOD_TYPES, source) for tag in fields[1:]]
    if token == WOJOOD_SEGMENT_MARKER and all(prefix == "O" for prefix, _ in tags):
        return None
    return token, tags


def _sentence(
    tokens: list[str], levels: list[list[_Tag]], keep: frozenset[str] | None
) -> SpanSentence:
    depth = max(len(tags) for tags in levels)
    found: set[Span] = set()
    for level in range(depth):
        # Each level is one IOB2 sequence; a token with fewer tags is O at the deeper levels.
        labels = [_label(tags[level]) if level < len(tags) else "O" for tags in levels]
        found.update(s for s in spans(labels) if keep is None or s[0] in keep)
    return SpanSentence(tuple(tokens), frozenset(found))


def _label(tag: _Tag) -> str:
    prefix, kind = tag
    return "O" if prefix == "O" else f"{prefix}-{kind}"


# --- text and offsets ------------------------------------------------------------------------


def _made_of(token: str, chars: frozenset[str]) -> bool:
    return bool(token) and all(c in chars for c in token)


def detokenize(tokens: Sequence[str]) -> Detokenized:
    """Rebuild a sentence as running text, with every token's offsets in it.

    >>> d = detokenize(["في", "(", "26", "/", "4", "/", "1947", ")", "."])
    >>> d.text
    'في (26/4/1947).'
    >>> d.text[slice(*d.offsets[6])]
    '1947'
    """
    digits = [t.isdecimal() for t in tokens]

    def joiner(i: int) -> bool:
        """Token i glues two digit tokens (``26 / 4``)."""
        return (
            0 < i < len(tokens) - 1
            and tokens[i] in _DIGIT_JOINERS
            and digits[i - 1]
            and digits[i + 1]
        )

    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    for i, token in enumerate(tokens):
        if i and not (
            _made_of(token, _CLOSING)
            or _made_of(tokens[i - 1], _OPENING)
            or joiner(i)
            or joiner(i - 1)
        ):
            parts.append(" ")
            position += 1
        parts.append(token)
        offsets.append((position, position + len(token)))
        position += len(token)
    return Detokenized("".join(parts), tuple(offsets))


def to_tokens(offsets: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The tokens a character span overlaps, as ``(first, last + 1)``; None when it overlaps none.

    >>> to_tokens([(0, 2), (3, 7), (8, 10)], 4, 9)
    (1, 3)
    """
    hit = [i for i, (s, e) in enumerate(offsets) if s < end and start < e]
    return (hit[0], hit[-1] + 1) if hit else None


def _is_punctuation(token: str) -> bool:
    return all(unicodedata.category(c).startswith("P") and c not in _KEPT_MARKS for c in token)


def trim(span: Span, tokens: Sequence[str]) -> Span | None:
    """``span`` without punctuation-only tokens at either end nor a leading ``بتاريخ``/``تاريخ``.

    None when nothing is left.

    >>> trim(("DATE", 0, 7), ["بتاريخ", "(", "3", "/", "2", "/", "1948", ")"])
    ('DATE', 2, 7)
    """
    kind, start, end = span
    while start < end and (_is_punctuation(tokens[start]) or tokens[start] in DATE_INTRODUCERS):
        start += 1
    while start < end and _is_punctuation(tokens[end - 1]):
        end -= 1
    return (kind, start, end) if start < end else None


def _trimmed(found: Iterable[Span], tokens: Sequence[str]) -> set[Span]:
    return {t for s in found if (t := trim(s, tokens)) is not None}


# --- predictions -----------------------------------------------------------------------------


def marsad_spans(doc: Document) -> list[CharSpan]:
    """The scored character spans of an analysed document: times as DATE, some quantities."""
    found: list[CharSpan] = [("DATE", t.start, t.end) for t in doc.times]
    found += [
        (QUANTITY_TYPES[q.kind], q.start, q.end) for q in doc.quantities if q.kind in QUANTITY_TYPES
    ]
    return found


SearchDates = Callable[..., list[tuple[str, object]] | None]


def _search_dates() -> tuple[SearchDates, str]:
    """dateparser's ``search_dates`` and version, imported late: only this comparison needs it."""
    try:
        import dateparser
        from dateparser.search import search_dates
    except ImportError:
        raise ConfigError(
            "the dateparser comparison needs dateparser: pip install 'marsad[dev]' "
            "(or pip install 'dateparser>=1.2')"
        ) from None
    return search_dates, str(getattr(dateparser, "__version__", "unknown"))


def dateparser_spans(text: str, search: SearchDates) -> tuple[list[CharSpan], int]:
    """dateparser's finds in ``text`` as DATE character spans, and how many it returned that
    could not be located in the text (dateparser gives substrings, not offsets)."""
    found: list[CharSpan] = []
    lost = 0
    cursor = 0
    for substring, _ in search(text, languages=["ar"]) or ():
        start = text.find(substring, cursor)
        if start < 0:
            start = text.find(substring)  # out of order: take the first occurrence
        if start < 0 or not substring:
            lost += 1
            continue
        found.append(("DATE", start, start + len(substring)))
        cursor = start + len(substring)
    return found, lost


# --- evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SystemScores:
    """One system's scores, trimmed (the headline) and strict."""

    trimmed: Report
    strict: Report
    seconds: float

    def to_dict(self) -> dict[str, object]:
        return {
            "trimmed": self.trimmed.to_dict(),
            "strict": self.strict.to_dict(),
            "seconds": round(self.seconds, 2),
        }


@dataclass(frozen=True, slots=True)
class SpanEvaluation:
    """marsad's and dateparser's span scores on one Wojood file."""

    data: str
    sentences: int
    tokens: int
    components: tuple[str, ...]
    marsad: SystemScores
    dateparser: SystemScores
    dateparser_version: str
    dateparser_failures: int  # sentences on which search_dates raised (counted as no finds)
    dateparser_unlocated: int  # substrings it returned that are not in the sentence

    def floor_metrics(self, name: str) -> dict[str, float]:
        """marsad's trimmed F1 figures under baseline keys ``spans.NAME.DATE_f1`` …"""
        flat = self.marsad.trimmed.flat(f"spans.{name}")
        return {key: value for key, value in flat.items() if key.endswith("_f1")}

    def to_dict(self) -> dict[str, object]:
        return {
            "data": self.data,
            "sentences": self.sentences,
            "tokens": self.tokens,
            "types": list(SPAN_TYPES),
            "trimming": "punctuation-only tokens at either end and a leading بتاريخ/تاريخ",
            "marsad": {"components": list(self.components), **self.marsad.to_dict()},
            "dateparser": {
                "version": self.dateparser_version,
                **self.dateparser.to_dict(),
                "failures": self.dateparser_failures,
                "unlocated": self.dateparser_unlocated,
            },
        }


def evaluate_spans(path: Path, pipeline: Pipeline | None = None) -> SpanEvaluation:
    """Score marsad (``pipeline``, default :data:`MARSAD_COMPONENTS`) and dateparser on ``path``."""
    search, version = _search_dates()  # fail before the slow part when it is missing
    sentences = read_spans(path)
    nlp = pipeline if pipeline is not None else Pipeline.from_names(MARSAD_COMPONENTS)
    texts = [detokenize(s.tokens) for s in sentences]

    t0 = time.perf_counter()
    docs = nlp.pipe(Document.from_text(d.text, Meta(published=None)) for d in texts)
    marsad_chars = [marsad_spans(doc) for doc in docs]
    marsad_seconds = time.perf_counter() - t0

    t0 = time.perf_counter()
    dateparser_chars: list[list[CharSpan]] = []
    failures = unlocated = 0
    for d in texts:
        try:
            found, lost = dateparser_spans(d.text, search)
        except Exception:  # a third-party failure on one sentence is no finds, not a crash
            failures += 1
            found, lost = [], 0
        dateparser_chars.append(found)
        unlocated += lost
    dateparser_seconds = time.perf_counter() - t0

    marsad = SystemScores(*score_char_spans(sentences, texts, marsad_chars), marsad_seconds)
    dateparser = SystemScores(
        *score_char_spans(sentences, texts, dateparser_chars, ("DATE",)), dateparser_seconds
    )
    return SpanEvaluation(
        data=str(path),
        sentences=len(sentences),
        tokens=sum(len(s.tokens) for s in sentences),
        components=nlp.names,
        marsad=marsad,
        dateparser=dateparser,
        dateparser_version=version,
        dateparser_failures=failures,
        dateparser_unlocated=unlocated,
    )


def score_char_spans(
    sentences: Sequence[SpanSentence],
    texts: Sequence[Detokenized],
    predicted: Sequence[Iterable[CharSpan]],
    types: Sequence[str] = SPAN_TYPES,
) -> tuple[Report, Report]:
    """``(trimmed, strict)`` scores of character spans predicted on each sentence's ``texts``.

    Each predicted span becomes the tokens it overlaps; matching is exact on the token span.
    """
    pred_tokens: list[set[Span]] = []
    for text, found in zip(texts, predicted, strict=True):
        item: set[Span] = set()
        for kind, start, end in found:
            covered = to_tokens(text.offsets, start, end)
            if covered is not None:
                item.add((kind, *covered))
        pred_tokens.append(item)
    gold = [set(s.spans) for s in sentences]
    strict = score_spans(gold, pred_tokens, types=types)
    trimmed = score_spans(
        [_trimmed(g, s.tokens) for g, s in zip(gold, sentences, strict=True)],
        [_trimmed(p, s.tokens) for p, s in zip(pred_tokens, sentences, strict=True)],
        types=types,
    )
    return trimmed, strict
