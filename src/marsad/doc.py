"""The Document model: original text, spans with character offsets, and facts.

Offsets are Python string indices (code points) into ``Document.text``, end exclusive.
``Document.text`` is never changed: ``doc.text[span.start:span.end] == span.text`` always,
for every span of every kind (sentences, tokens, words, entities, times, quantities, quotes,
cues, triggers, evidence). ``to_dict()`` produces the public ``marsad.document/1`` contract
(DESIGN.md); ``from_dict()`` reads it back and checks every offset.

Everything here is a frozen dataclass: components return a new Document
(``dataclasses.replace``) instead of mutating one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar, Literal, NamedTuple, Self, cast

from marsad.errors import InvalidDocumentError

SCHEMA = "marsad.document/1"

WordKind = Literal["proclitic", "stem", "enclitic"]
TokenKind = Literal["word", "number", "punct", "latin", "symbol"]
EntityLabel = Literal["PER", "ORG", "LOC", "MISC"]
Precision = Literal["point", "town", "region", "country"]
Granularity = Literal["day", "week", "month", "season", "year", "range"]
QuantityKind = Literal["money", "percent", "count", "measure", "ordinal"]
Qualifier = Literal["about", "at_least", "more_than", "less_than", "up_to"]
QuoteKind = Literal["direct", "indirect"]
SpeakerLabel = Literal["PER", "ORG", "DOC"]

JSON = dict[str, Any]


def content_id(text: str) -> str:
    """Stable content hash of a text: the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


Converters = Mapping[str, Callable[[Any], Any]]


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


class _Record:
    """``to_dict`` / ``from_dict`` over a dataclass's own fields, in field order.

    Nested records and tuples become dicts and lists; ``_nested`` names the converters that
    turn them back. A field missing from the dict takes its default (a required one raises
    TypeError, which Document.from_dict reports as InvalidDocumentError).
    """

    __slots__ = ()
    _nested: ClassVar[Converters] = {}

    def to_dict(self) -> JSON:
        return {f.name: _jsonable(getattr(self, f.name)) for f in fields(cast(Any, self))}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Self:
        kwargs: dict[str, Any] = {}
        for f in fields(cast(Any, cls)):
            if f.name in d:
                value, convert = d[f.name], cls._nested.get(f.name)
                kwargs[f.name] = convert(value) if convert and value is not None else value
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Span(_Record):
    """A slice of the original text: ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str


# Word and Token are NamedTuples rather than frozen dataclasses: a document holds one Token and
# about 1.2 Words per running word, and a frozen dataclass's __init__ (one object.__setattr__
# per field) made up half of tokenization time; building a tuple is several times cheaper.
# They are just as immutable, and compare and hash by value.


class Word(NamedTuple):
    """One syntactic word inside a surface token (Stanza's multi-word token model).

    ``text`` is the exact slice of the original text; ``form`` is the word as it would be
    written on its own. In ``للمدينة`` the words are ``ل`` (proclitic) and ``لمدينة`` whose
    form is ``المدينة`` (stem, definite); in ``مدينتهم`` the stem ``مدينت`` has form ``مدينة``.
    """

    start: int
    end: int
    text: str
    form: str
    kind: WordKind = "stem"
    definite: bool = False

    def to_dict(self) -> JSON:
        return self._asdict()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Word:
        return cls(**{name: d[name] for name in cls._fields if name in d})


class Token(NamedTuple):
    """A surface token: a slice of the text with the words it is made of, in order.

    ``وبسوريا`` is one token with words ``و`` + ``ب`` + ``سوريا``; the words cover the token
    exactly and contiguously.
    """

    start: int
    end: int
    text: str
    words: tuple[Word, ...]
    kind: TokenKind = "word"

    def to_dict(self) -> JSON:
        d = self._asdict()
        d["words"] = [w.to_dict() for w in self.words]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Token:
        fields_ = {name: d[name] for name in cls._fields if name in d}
        fields_["words"] = tuple(Word.from_dict(w) for w in d["words"])
        return cls(**fields_)


@dataclass(frozen=True, slots=True)
class Entity(_Record):
    """A named-entity mention: ``مايكل هارت`` (PER), ``هيئة تحرير الشام`` (ORG).

    ``generic`` marks a mention that names no one but that a fact needs as its entity: an
    event's actor or source the text only describes (``الجيش``, ``المدنيين``, ``مصدر محلي``,
    ``الجنود الإسرائيليين``). It links like any mention (``الجيش`` in Iraq → Military Forces
    of Iraq); it is not a named entity, so the entity scores leave it out."""

    id: str
    label: EntityLabel
    start: int
    end: int
    text: str
    canonical: str | None = None
    name_en: str | None = None
    kb_id: str | None = None
    score: float | None = None
    source: str | None = None
    generic: bool = False


@dataclass(frozen=True, slots=True)
class Place(_Record):
    """A geocoded place, pointing at the entity mention it resolves (``entity``)."""

    id: str
    entity: str | None
    name: str
    name_en: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    precision: Precision | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Time(_Record):
    """A time expression resolved to ISO dates: ``أمس الأول`` → publication date − 2 days."""

    id: str
    start: int
    end: int
    text: str
    value: str | None
    granularity: Granularity | None = None
    interval: tuple[str, str] | None = None
    source: str | None = None

    _nested: ClassVar[Converters] = {"interval": lambda v: (str(v[0]), str(v[1]))}


@dataclass(frozen=True, slots=True)
class Change:
    """A change between two figures: ``من 2،4 مليار دولار ... إلى 640 مليون دولار``."""

    from_: str | None
    to: str | None
    direction: Literal["up", "down"] | None = None
    percent: float | None = None

    def to_dict(self) -> JSON:
        d: JSON = {"from": self.from_, "to": self.to, "direction": self.direction}
        if self.percent is not None:
            d["percent"] = self.percent
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Change:
        return cls(d.get("from"), d.get("to"), d.get("direction"), d.get("percent"))


@dataclass(frozen=True, slots=True)
class Quantity(_Record):
    """A quantitative claim: value (or low/high for ranges), kind, unit, hedge, subject, time."""

    id: str
    start: int
    end: int
    text: str
    value: float | None
    kind: QuantityKind
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    qualifier: Qualifier | None = None
    subject: str | None = None
    time: str | None = None
    change: Change | None = None
    # An amount given in words without a number (عشرات → 10, مئات → 100): ACLED's values.
    vague: bool = False
    # Who reported the figure (an entity id) and the statement it sits in (a quote id): set
    # when the figure is inside a quote or a claim attributed with بحسب / وفقًا لـ.
    reported_by: str | None = None
    quote: str | None = None
    source: str | None = None

    _nested: ClassVar[Converters] = {"change": lambda v: Change.from_dict(v)}


@dataclass(frozen=True, slots=True)
class Speaker(_Record):
    """Who said it: the surface text, the entity it resolves to, and the role in apposition."""

    text: str
    entity: str | None = None
    canonical: str | None = None
    role: str | None = None
    start: int | None = None
    end: int | None = None
    # PER, ORG, or DOC for a document that speaks (الدراسة، التقرير); None when unknown.
    label: SpeakerLabel | None = None

    def to_dict(self) -> JSON:
        d: JSON = {
            "text": self.text,
            "entity": self.entity,
            "canonical": self.canonical,
            "role": self.role,
            "label": self.label,
        }
        if self.start is not None and self.end is not None:
            d["start"], d["end"] = self.start, self.end
        return d


@dataclass(frozen=True, slots=True)
class Quote(_Record):
    """A direct («...») or indirect (أكد أن ...) statement with its speaker and cue verb."""

    id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: Speaker | None = None
    cue: Span | None = None
    source: str | None = None

    _nested: ClassVar[Converters] = {
        "speaker": lambda v: Speaker.from_dict(v),
        "cue": lambda v: Span.from_dict(v),
    }


@dataclass(frozen=True, slots=True)
class Event(_Record):
    """An ACLED-style event (or PLOVER-style political interaction) with its arguments.

    ``actor1``, ``actor2``, ``place``, ``time`` and ``reported_by`` are ids of entities,
    places and times in the same document.
    """

    id: str
    type: str
    sub_type: str | None
    trigger: Span
    evidence: Span
    actor1: str | None = None
    actor2: str | None = None
    place: str | None = None
    time: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    reported_by: str | None = None
    confidence: float | None = None
    source: str | None = None

    _nested: ClassVar[Converters] = {
        "trigger": lambda v: Span.from_dict(v),
        "evidence": lambda v: Span.from_dict(v),
    }


_META_KEYS = ("title", "source", "url", "published", "lang")
_ENTITY_ID_RE = re.compile(r"e([0-9]+)")


@dataclass(frozen=True, slots=True)
class Meta:
    """Article metadata. ``published`` is an ISO date (``2017-06-14``) or None.

    ``extra`` keeps any other field the input carried (author, categories...).
    """

    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    lang: str | None = "ar"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> JSON:
        d: JSON = {k: getattr(self, k) for k in _META_KEYS}
        for key, value in self.extra.items():
            d.setdefault(key, value)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Meta:
        extra = {k: v for k, v in d.items() if k not in _META_KEYS}
        return cls(
            d.get("title"), d.get("source"), d.get("url"), d.get("published"), d.get("lang"), extra
        )


@dataclass(frozen=True, slots=True)
class Document:
    """One article: the original text, never changed, and everything found in it.

    >>> doc = Document.from_text("قصفت طائرات مواقع في إدلب.")
    >>> doc.text[0:4]
    'قصفت'
    """

    text: str
    id: str = ""
    meta: Meta = field(default_factory=Meta)
    sentences: tuple[Span, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[Time, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    # Versioned names of the components that produced this document, in order.
    pipeline: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))

    @classmethod
    def from_text(cls, text: str, meta: Meta | None = None) -> Document:
        return cls(text=text, meta=meta or Meta())

    def span(self, start: int, end: int) -> Span:
        """The Span for ``text[start:end]`` (raises if out of bounds)."""
        if not 0 <= start <= end <= len(self.text):
            raise InvalidDocumentError(f"span [{start}, {end}) outside a text of {len(self.text)}")
        return Span(start, end, self.text[start:end])

    def next_entity_number(self) -> int:
        """The number for a new entity id: one past the highest ``eN`` in use, so that a
        component adding entities never renumbers the ones already pointed at."""
        numbers = (int(m.group(1)) for e in self.entities if (m := _ENTITY_ID_RE.fullmatch(e.id)))
        return 1 + max(numbers, default=0)

    def with_(self, **changes: Any) -> Document:
        """A copy with some fields replaced (the Document itself is immutable)."""
        return replace(self, **changes)

    def iter_spans(self) -> Iterator[tuple[str, int, int, str | None]]:
        """Every (where, start, end, text) this document claims, for offset checks.

        ``text`` is None where the contract carries no text (sentences).
        """
        for i, s in enumerate(self.sentences):
            yield f"sentences[{i}]", s.start, s.end, None
        for i, t in enumerate(self.tokens):
            yield f"tokens[{i}]", t.start, t.end, t.text
            for j, w in enumerate(t.words):
                yield f"tokens[{i}].words[{j}]", w.start, w.end, w.text
        for e in self.entities:
            yield f"entities[{e.id}]", e.start, e.end, e.text
        for tm in self.times:
            yield f"times[{tm.id}]", tm.start, tm.end, tm.text
        for q in self.quantities:
            yield f"quantities[{q.id}]", q.start, q.end, q.text
        for c in self.quotes:
            yield f"quotes[{c.id}]", c.start, c.end, c.text
            if c.cue:
                yield f"quotes[{c.id}].cue", c.cue.start, c.cue.end, c.cue.text
            sp = c.speaker
            if sp and sp.start is not None and sp.end is not None:
                yield f"quotes[{c.id}].speaker", sp.start, sp.end, sp.text
        for v in self.events:
            yield f"events[{v.id}].trigger", v.trigger.start, v.trigger.end, v.trigger.text
            yield f"events[{v.id}].evidence", v.evidence.start, v.evidence.end, v.evidence.text

    def offset_errors(self) -> list[str]:
        """Every span that does not slice back to its text; empty when the document is sound."""
        n = len(self.text)
        errors = []
        for where, start, end, text in self.iter_spans():
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= n):
                errors.append(f"{where}: [{start}, {end}) outside a text of {n} characters")
            elif text is not None and self.text[start:end] != text:
                errors.append(
                    f"{where}: text[{start}:{end}] is {self.text[start:end]!r}, not {text!r}"
                )
        return errors

    def to_dict(self, *, with_tokens: bool = False) -> JSON:
        """The ``marsad.document/1`` JSON contract (tokens only when asked for)."""
        d: JSON = {
            "schema": SCHEMA,
            "id": self.id,
            "text": self.text,
            "meta": self.meta.to_dict(),
            "sentences": [{"start": s.start, "end": s.end} for s in self.sentences],
            "entities": [e.to_dict() for e in self.entities],
            "places": [p.to_dict() for p in self.places],
            "times": [t.to_dict() for t in self.times],
            "quantities": [q.to_dict() for q in self.quantities],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [v.to_dict() for v in self.events],
            "pipeline": list(self.pipeline),
        }
        if with_tokens:
            d["tokens"] = [t.to_dict() for t in self.tokens]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Document:
        """Read the contract back; raises InvalidDocumentError naming what is wrong."""
        schema = d.get("schema", SCHEMA)
        if schema != SCHEMA:
            raise InvalidDocumentError(f"unsupported schema {schema!r} (expected {SCHEMA!r})")
        if not isinstance(d.get("text"), str):
            raise InvalidDocumentError("field 'text' is missing or not a string")
        text: str = d["text"]
        try:
            doc = cls(
                text=text,
                id=str(d.get("id") or content_id(text)),
                meta=Meta.from_dict(d.get("meta") or {}),
                sentences=tuple(
                    Span(int(s["start"]), int(s["end"]), text[int(s["start"]) : int(s["end"])])
                    for s in d.get("sentences", ())
                ),
                tokens=tuple(Token.from_dict(t) for t in d.get("tokens", ())),
                entities=tuple(Entity.from_dict(e) for e in d.get("entities", ())),
                places=tuple(Place.from_dict(p) for p in d.get("places", ())),
                times=tuple(Time.from_dict(t) for t in d.get("times", ())),
                quantities=tuple(Quantity.from_dict(q) for q in d.get("quantities", ())),
                quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", ())),
                events=tuple(Event.from_dict(v) for v in d.get("events", ())),
                pipeline=tuple(str(p) for p in d.get("pipeline", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidDocumentError(f"malformed document: {exc!r}") from exc
        errors = doc.offset_errors()
        if errors:
            raise InvalidDocumentError("; ".join(errors[:5]))
        return doc
