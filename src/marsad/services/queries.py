"""Reading the corpus: search, events, entities and figures, with user input normalized the
way the store's keys are (so ``البنتاجون`` finds ``البنتاغون``) and checked first (a bad date
or an unknown event type is a QueryError naming it, never a database error)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from marsad.corpus.rows import document_from_rows, key_text
from marsad.corpus.search import Query, Snippet, parse_query, snippet
from marsad.doc import Document
from marsad.errors import QueryError
from marsad.extract.entities.canonical import variant_key
from marsad.extract.events.taxonomy import ALL_CODES
from marsad.store import Filters, Store

MAX_PAGE = 1_000
# The deepest row a page may start at: far past any corpus, and far inside the 64-bit
# integers of SQLite and PostgreSQL (a bigger offset was a database error, not an M051).
MAX_OFFSET = 1_000_000_000
# Types and sub-types a query may filter on.
EVENT_TYPES = ALL_CODES
_KEY_PREFIX = re.compile(r"^(kb|geo|PER|ORG|LOC|MISC|DOC):")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _key_or_name(value: str | None) -> str | None:
    """An entity key as given (``kb:Q858``), else the normalized name."""
    if not value or not value.strip():
        return None
    value = value.strip()
    return value if _KEY_PREFIX.match(value) else variant_key(value)


def _place(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    value = value.strip()
    if _COUNTRY.match(value):
        return value.upper()
    return value if value.startswith("geo:") else key_text(value)


def _confidence(value: float | str | None, name: str) -> float | None:
    """A probability from user input (a number or its text); blank is no minimum."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: float | None = None
    if not isinstance(value, bool):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = None
    if number is None or not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise QueryError(f"{name} must be a number from 0 to 1, not {value!r}")
    return number


def make_filters(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    entity: str | None = None,
    place: str | None = None,
    event_type: str | None = None,
    min_confidence: float | str | None = None,
) -> Filters:
    """Filters from user input, checked and normalized; QueryError names a bad value.
    ``min_confidence`` (0 to 1, a number or its text) keeps the events at least that sure."""
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    if start and end and start > end:
        raise QueryError(f"the date range is empty: {start} is after {end}")
    if event_type and event_type not in EVENT_TYPES:
        raise QueryError(
            f"unknown event type {event_type!r}; one of: {', '.join(sorted(EVENT_TYPES))}"
        )
    return Filters(
        date_from=start,
        date_to=end,
        source=source or None,
        entity=_key_or_name(entity),
        place=_place(place),
        event_type=event_type or None,
        min_confidence=_confidence(min_confidence, "--min-confidence"),
    )


def _page(limit: int, offset: int) -> None:
    """The one check of paging parameters, for the CLI, the API and the pages."""
    if not 1 <= limit <= MAX_PAGE:
        raise QueryError(f"limit must be between 1 and {MAX_PAGE}, not {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET:,}, not {offset}")


def page_offset(page: int, page_size: int) -> int:
    """The offset of page ``page`` (from 1) of ``page_size`` rows, checked like an offset."""
    last = MAX_OFFSET // page_size + 1
    if not 1 <= page <= last:
        raise QueryError(f"page must be between 1 and {last:,}, not {page}")
    return (page - 1) * page_size


def documents(
    store: Store, filters: Filters | None = None, *, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Stored documents (metadata, no text) in ingestion order."""
    _page(limit, offset)
    return store.documents(filters, limit=limit, offset=offset)


@dataclass(frozen=True, slots=True)
class Hit:
    document: dict[str, Any]
    snippet: Snippet

    def to_dict(self) -> dict[str, Any]:
        doc = {k: v for k, v in self.document.items() if k != "text"}
        return doc | {
            "snippet": self.snippet.text,
            "snippet_start": self.snippet.start,
            "highlights": [list(h) for h in self.snippet.highlights],
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: Query
    total: int
    hits: list[Hit]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query.text,
            "total": self.total,
            "hits": [h.to_dict() for h in self.hits],
        }


def search(
    store: Store, text: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0
) -> SearchResult:
    """Documents matching ``text`` (see marsad.corpus.search for the syntax), best first,
    each with a highlighted snippet of its original text."""
    _page(limit, offset)
    query = parse_query(text)
    total, rows = store.search(query.clauses, filters or Filters(), limit=limit, offset=offset)
    hits = [Hit(row, snippet(row["text"], query)) for row in rows]
    return SearchResult(query, total, hits)


def search_facets(
    store: Store, text: str, filters: Filters | None = None
) -> dict[str, list[dict[str, Any]]]:
    """How the hits of a search spread over sources, months, event types and entities."""
    return store.search_facets(parse_query(text).clauses, filters or Filters())


def _country_code(country: str | None) -> str | None:
    if country is not None and not _COUNTRY.match(country):
        raise QueryError(f"country must be a two-letter ISO code, not {country!r}")
    return country.upper() if country else None


def country_code(country: str | None) -> str | None:
    """A country filter from user input: an ISO alpha-2 code, upper-cased; QueryError else."""
    return _country_code(country)


def event_timeline(
    store: Store,
    filters: Filters | None = None,
    *,
    country: str | None = None,
    with_duplicates: bool = False,
) -> list[dict[str, Any]]:
    """Events per month and type, oldest first."""
    return store.event_timeline(
        filters or Filters(), country=_country_code(country), with_duplicates=with_duplicates
    )


def event_points(
    store: Store,
    filters: Filters | None = None,
    *,
    country: str | None = None,
    with_duplicates: bool = False,
) -> list[dict[str, Any]]:
    """Geocoded events grouped by place, for a map."""
    return store.event_points(
        filters or Filters(), country=_country_code(country), with_duplicates=with_duplicates
    )


def events(
    store: Store,
    filters: Filters | None = None,
    *,
    country: str | None = None,
    with_duplicates: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """The total and one page of events (copies within a story left out by default)."""
    _page(limit, offset)
    country = _country_code(country)
    f = filters or Filters()
    total = store.count_events(f, country=country, with_duplicates=with_duplicates)
    rows = store.events(
        f, country=country, with_duplicates=with_duplicates, limit=limit, offset=offset
    )
    return total, rows


def entities(
    store: Store,
    *,
    name: str | None = None,
    label: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Canonical entities across the corpus, most mentioned first."""
    _page(limit, offset)
    if label is not None and label not in {"PER", "ORG", "LOC", "MISC"}:
        raise QueryError(f"label must be PER, ORG, LOC or MISC, not {label!r}")
    return store.entities(label=label, name_key=_key_or_name(name), limit=limit, offset=offset)


def entity(store: Store, key: str) -> dict[str, Any]:
    return store.entity(key)


def figures(
    store: Store,
    subject: str,
    filters: Filters | None = None,
    *,
    limit: int = 200,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Claims about ``subject`` over time (normalized substring match on the figure's
    subject: ``النفط`` finds ``عائدات التنظيم من النفط``), in documents ``filters`` match."""
    _page(limit, offset)
    key = key_text(subject)
    if len(key) < 2:
        raise QueryError(f"the subject {subject!r} is too short to look up")
    return store.figures(key, filters, limit=limit, offset=offset)


def load_document(store: Store, doc_id: str) -> Document:
    """A stored document in the ``marsad.document/1`` contract."""
    row, facts = store.document(doc_id)
    return document_from_rows(row, facts)


def country_code_of(value: str | None) -> str | None:
    """The ISO alpha-2 code a country filter names: a code (``sy``), or the country's name in
    Arabic or English as the gazetteer knows it (``سوريا``، ``سورية``، ``Syria``); None when
    blank; QueryError (M051) naming the value when no country has that name.

    >>> country_code_of("سوريا"), country_code_of(" syria "), country_code_of("ye")
    ('SY', 'SY', 'YE')
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    if _COUNTRY.match(value):
        return value.upper()
    from marsad.extract.places.gazetteer import Gazetteer  # late: 70,000 rows, loaded once

    gazetteer = Gazetteer.load()
    for entry in gazetteer.candidates(value):
        if entry.kind == "country":
            return entry.country
    folded = " ".join(value.casefold().split())
    for entry in gazetteer.countries():
        if entry.name_en.casefold() == folded:
            return entry.country
    raise QueryError(f"no country is named {value!r}; give its name or its ISO code (SY)")
