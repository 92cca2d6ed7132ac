"""Read CoNLL-style NER corpora into sentences with marsad's labels (IOB2 over PER/ORG/LOC/MISC).

Three formats, one token per line and a blank line between sentences (``.gz`` files are read
transparently, whatever their name; BOM and bidi marks such as U+200E/U+200F are removed from
tokens; CRLF is accepted):

``anercorp``
    ``token LABEL`` (space-separated). Types PERS, ORG, LOC, MISC; PERS becomes PER.
``wojood``
    ``token TAG [TAG ...]``, one tag per nesting level, outermost first (21 types). PERS → PER,
    ORG → ORG, GPE and LOC → LOC, the other 17 types → O. Nested lines are flattened token by
    token: **each token takes the first (outermost) of its tags whose type maps to
    PER/ORG/LOC**, so an ORG wrapping a GPE stays one ORG (``جامعة بيرزيت`` is ORG, not
    ORG + LOC), while a GPE inside an unmapped span (an OCC such as ``المندوب الدائم للمغرب``)
    surfaces as LOC. The ``$#$ O`` segment markers of the source are dropped wherever they occur
    (mostly at a sentence's end, sometimes in runs mid-sentence).
``fane``
    ``token<TAB>LABEL`` (WikiFANE/NewsFANE Gold 2014), BIO over 51 fine types; the sentence
    separator is a line holding one TAB. Fine types map through :data:`FANE_TABLE`.

Labels are repaired after reading: an ``I-X`` after ``O`` or after another *source* type opens
a chunk and becomes ``B-X`` (how conlleval would read it). The repair runs on the source types
before mapping, so two adjacent FANE spans of different fine types that both map to LOC
(``B-Nation I-Population-Center``) stay two LOC chunks instead of merging.

An unknown label, a line with the wrong number of fields or a token that is empty once the
invisible marks are gone raises :class:`~marsad.errors.MalformedInputError` naming
``file:line``.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from marsad.errors import (
    ConfigError,
    EncodingError,
    InputError,
    InputNotFoundError,
    MalformedInputError,
)
from marsad.evaluation.metrics import spans

Format = Literal["anercorp", "wojood", "fane"]
FORMATS: Final[tuple[Format, ...]] = ("anercorp", "wojood", "fane")
ENTITY_TYPES: Final[tuple[str, ...]] = ("PER", "ORG", "LOC", "MISC")

ANERCORP_TO_MARSAD: Final[Mapping[str, str]] = {
    "PERS": "PER",
    "PER": "PER",  # other ANERcorp copies spell it PER; accepting it costs nothing
    "ORG": "ORG",
    "LOC": "LOC",
    "MISC": "MISC",
}

WOJOOD_TYPES: Final[frozenset[str]] = frozenset(
    {
        "PERS", "NORP", "OCC", "ORG", "GPE", "LOC", "FAC", "EVENT", "DATE", "TIME", "LANGUAGE",
        "WEBSITE", "LAW", "PRODUCT", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "UNIT",
        "MONEY", "CURR",
    }
)  # fmt: skip
WOJOOD_TO_MARSAD: Final[Mapping[str, str]] = {
    "PERS": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
}
WOJOOD_SEGMENT_MARKER: Final = "$#$"

# FANE (Alotaibi & Lee, COLING 2014) annotates 50+ fine types under an ACE 2005-style coarse
# level, which the corpus files do not carry (tags are ``B-Politician``, not
# ``B-PER_Politician``). Rows: fine type, its ACE-style family, the marsad label.
#
# Choices, and why:
# - PER family → PER, except ``Group`` → MISC. FANE's Group is ACE's PER.Group: demonyms and
#   religious or ethnic collectives (العرب, المسلمين, الاكراد, الشيعة), not person names. CoNLL
#   puts nationalities in MISC; ANERcorp, whose text NewsFANE re-annotates, leaves most of them
#   O (العرب: 87 of 88 O). MISC keeps them out of PER and lets a PER/ORG/LOC evaluation drop them.
# - ``Police`` is a person type here (رامسفيلد, حالوتس: defence and army chiefs) → PER.
# - ORG family → ORG (``Sports`` is clubs: برشلونة, الأهلي).
# - GPE and LOC families → LOC (countries, cities, regions, continents, seas, mountains, Mars).
# - FAC (buildings, airports, roads, sites) → LOC: they answer "where", which is what marsad
#   uses LOC for, and the common OntoNotes/ACE → CoNLL mappings fold FAC into LOC. ANERcorp is
#   inconsistent here (البيت الأبيض MISC, الكرملين ORG, غوانتانامو LOC); expect disagreement.
# - VEH, WEA and the FANE product family PRO → MISC (CoNLL MISC covers products and works:
#   car makes such as نيسان, aircraft, weapons, books, films, software, drugs).
FANE_TABLE: Final[tuple[tuple[str, str, str], ...]] = (
    ("Artist", "PER", "PER"),
    ("Athlete", "PER", "PER"),
    ("Businessperson", "PER", "PER"),
    ("Engineer", "PER", "PER"),
    ("Group", "PER", "MISC"),
    ("Lawyer", "PER", "PER"),
    ("Other_PER", "PER", "PER"),
    ("Police", "PER", "PER"),
    ("Politician", "PER", "PER"),
    ("Religious_PER", "PER", "PER"),
    ("Scientist", "PER", "PER"),
    ("Commercial", "ORG", "ORG"),
    ("Educational", "ORG", "ORG"),
    ("Entertainment", "ORG", "ORG"),
    ("Government", "ORG", "ORG"),
    ("Media", "ORG", "ORG"),
    ("Medical-Science", "ORG", "ORG"),
    ("Non-Governmental", "ORG", "ORG"),
    ("Religious_ORG", "ORG", "ORG"),
    ("Sports", "ORG", "ORG"),
    ("Continent", "GPE", "LOC"),
    ("County-or-District", "GPE", "LOC"),
    ("GPE-Cluster", "GPE", "LOC"),
    ("Nation", "GPE", "LOC"),
    ("Population-Center", "GPE", "LOC"),
    ("State-or-Province", "GPE", "LOC"),
    ("Celestial", "LOC", "LOC"),
    ("Land-Region-Natural", "LOC", "LOC"),
    ("Water-Body", "LOC", "LOC"),
    ("Airport", "FAC", "LOC"),
    ("Building-Grounds", "FAC", "LOC"),
    ("Path", "FAC", "LOC"),
    ("Plant", "FAC", "LOC"),
    ("Subarea-Facility", "FAC", "LOC"),
    ("Air", "VEH", "MISC"),
    ("Land", "VEH", "MISC"),
    ("Water", "VEH", "MISC"),
    ("Blunt", "WEA", "MISC"),
    ("Chemical", "WEA", "MISC"),
    ("Exploding", "WEA", "MISC"),
    ("Nuclear", "WEA", "MISC"),
    ("Projectile", "WEA", "MISC"),
    ("Sharp", "WEA", "MISC"),
    ("Shooting", "WEA", "MISC"),
    ("Book", "PRO", "MISC"),
    ("Drug", "PRO", "MISC"),
    ("Food", "PRO", "MISC"),
    ("Hardware", "PRO", "MISC"),
    ("Movie", "PRO", "MISC"),
    ("Software", "PRO", "MISC"),
    ("Sound", "PRO", "MISC"),
)
FANE_TO_MARSAD: Final[Mapping[str, str]] = {fine: label for fine, _, label in FANE_TABLE}

# Byte-order mark, LRM/RLM, Arabic letter mark and the bidi embedding/isolate controls: invisible,
# never part of a word, and FANE puts an LRM before almost every token.
_INVISIBLE = re.compile("[\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_FIELD_SEP = re.compile(r"[ \t]+")
_GZIP_MAGIC = b"\x1f\x8b"

_Tag = tuple[str, str]  # (prefix "O" | "B" | "I", source type; "" with O)
_OUTSIDE: Final[_Tag] = ("O", "")


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """One sentence: tokens and their IOB2 labels (``O``, ``B-PER``, ``I-LOC`` …)."""

    tokens: tuple[str, ...]
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.tokens) != len(self.labels):
            raise ValueError(f"{len(self.tokens)} tokens but {len(self.labels)} labels")


def read_conll(
    path: Path, fmt: Format, *, wojood: Mapping[str, str] | None = None
) -> list[TaggedSentence]:
    """All sentences of one corpus file, labels mapped onto PER/ORG/LOC/MISC (see module doc).

    ``wojood`` replaces :data:`WOJOOD_TO_MARSAD` for a Wojood file (training maps more types
    than the evaluation scores).
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown corpus format {fmt!r} (expected one of {', '.join(FORMATS)})")
    path = Path(path)
    wojood_map = WOJOOD_TO_MARSAD if wojood is None else wojood
    mapping = {
        "anercorp": ANERCORP_TO_MARSAD,
        "wojood": wojood_map,
        "fane": FANE_TO_MARSAD,
    }[fmt]
    sentences: list[TaggedSentence] = []
    tokens: list[str] = []
    tags: list[_Tag] = []
    for lineno, line in _read_lines(path):
        if not _INVISIBLE.sub("", line).strip():
            if tokens:
                sentences.append(_finish(tokens, tags, mapping))
                tokens, tags = [], []
            continue
        parsed = _parse_line(line, fmt, f"{path}:{lineno}", wojood_map)
        if parsed is not None:
            tokens.append(parsed[0])
            tags.append(parsed[1])
    if tokens:  # no blank line at the end of the file
        sentences.append(_finish(tokens, tags, mapping))
    return sentences


def entity_counts(sentences: Iterable[TaggedSentence]) -> dict[str, int]:
    """Chunks per type over ``sentences`` (conlleval chunking), sorted by type."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        counts.update(kind for kind, _, _ in spans(sentence.labels))
    return dict(sorted(counts.items()))


def _read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` without the line ending; gzip is recognised by its magic bytes."""
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise InputNotFoundError("no such file", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", source=str(path)) from None
    with raw:
        compressed = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
        stream: Iterable[bytes] = gzip.GzipFile(fileobj=raw) if compressed else raw
        lineno = 0
        try:
            for lineno, data in enumerate(stream, 1):
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise EncodingError(
                        f"not UTF-8 (bad byte at column {exc.start + 1})",
                        source=f"{path}:{lineno}",
                    ) from None
                yield lineno, text.rstrip("\r\n")
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            raise MalformedInputError(
                f"corrupt gzip data: {exc}", source=f"{path}:{lineno + 1}"
            ) from None


def _parse_line(
    line: str, fmt: Format, source: str, wojood: Mapping[str, str] = WOJOOD_TO_MARSAD
) -> tuple[str, _Tag] | None:
    """The token and its chosen source tag; None for a line to drop (Wojood's ``$#$``)."""
    if fmt == "fane":
        fields = [f.strip(" ") for f in line.split("\t")]
        layout = "token<TAB>label"
    else:
        fields = _FIELD_SEP.split(line.strip(" \t"))
        layout = "token label" if fmt == "anercorp" else "token tag [tag ...]"
    if len(fields) < 2 or (fmt != "wojood" and len(fields) != 2):
        raise MalformedInputError(
            f"expected {layout!r}, got {len(fields)} field(s): {_excerpt(line)}", source=source
        )
    token = _INVISIBLE.sub("", fields[0])
    if not token:
        raise MalformedInputError(f"empty token: {_excerpt(line)}", source=source)
    if fmt == "anercorp":
        return token, _parse_tag(fields[1], ANERCORP_TO_MARSAD, source)
    if fmt == "fane":
        return token, _parse_tag(_INVISIBLE.sub("", fields[1]), FANE_TO_MARSAD, source)
    levels = [_parse_tag(tag, WOJOOD_TYPES, source) for tag in fields[1:]]
    if token == WOJOOD_SEGMENT_MARKER and all(prefix == "O" for prefix, _ in levels):
        return None
    # Outermost level whose type marsad keeps; unmapped outer levels (OCC, EVENT…) are looked
    # through rather than hiding the PER/ORG/LOC nested inside them.
    chosen = next((tag for tag in levels if tag[1] in wojood), _OUTSIDE)
    return token, chosen


def _parse_tag(tag: str, known: Collection[str], source: str) -> _Tag:
    if tag == "O":
        return _OUTSIDE
    prefix, sep, kind = tag.partition("-")  # first hyphen only: B-Population-Center
    if sep and prefix in ("B", "I") and kind in known:
        return prefix, kind
    # The short type lists are worth showing; FANE's 51 types would drown the message.
    types = ", ".join(sorted(known)) if len(known) <= 25 else "see the format's type table"
    raise MalformedInputError(
        f"unknown label {tag!r} (expected O, B-TYPE or I-TYPE; TYPE: {types})", source=source
    )


def _finish(tokens: list[str], tags: list[_Tag], mapping: Mapping[str, str]) -> TaggedSentence:
    """Repair IOB on the source types, then map them to marsad's labels."""
    labels: list[str] = []
    previous = ""  # source type of the previous token's chunk; "" after O
    for prefix, kind in tags:
        if prefix == "O":
            labels.append("O")
            previous = ""
            continue
        if prefix == "I" and kind != previous:
            prefix = "B"  # an I- after O or another type opens a chunk, as conlleval reads it
        labels.append(f"{prefix}-{mapping[kind]}")
        previous = kind
    return TaggedSentence(tuple(tokens), tuple(labels))


def _excerpt(line: str, limit: int = 60) -> str:
    return repr(line if len(line) <= limit else line[:limit] + "…")
