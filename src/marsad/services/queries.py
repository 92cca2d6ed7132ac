"""Reading the corpus: search, events, entities and figures, with user input normalized the
way the store's keys are (so ``البنتاجون`` finds ``البنتاغون``) and checked first (a bad date
or an unknown event type is a QueryError naming it, never a database error)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from marsad.corpus.acled import event_id_cnty
from marsad.corpus.rows import document_from_rows, key_text
from marsad.corpus.search import Query, Snippet, parse_query, snippet
from marsad.doc import Document
from marsad.errors import AmbiguousEntityError, EntityNotFoundError, NotFoundError, QueryError
from marsad.extract.entities.canonical import AliasTable, variant_key
from marsad.extract.events.taxonomy import ALL_CODES
from marsad.services.cache import AnswerCache
from marsad.store import Filters, Store

MAX_PAGE = 1_000
# The deepest row a page may start at: far past any corpus, and far inside the 64-bit
# integers of SQLite and PostgreSQL (a bigger offset was a database error, not an M051).
MAX_OFFSET = 1_000_000_000
# The most features one GeoJSON request may ask for with ``limit`` (without it: all).
MAX_GEOJSON_FEATURES = 100_000
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


# ---------------------------------------------------------------------------------------------
# An entity by any of its names
# ---------------------------------------------------------------------------------------------

# The most candidates an ambiguous name lists.
MAX_CANDIDATES = 20


def _known_names(name: str) -> tuple[set[str], set[str]]:
    """(keys, folded canonical names) of the actor or place the knowledge bases know by
    ``name``: the NER alias table (places, people, organizations) and the actor knowledge
    base, each matched on the whole name in any spelling the normalizer folds (``داعش``,
    ``Islamic State``, ``ترمب``)."""
    # Late import: the actor knowledge base loads its word lists when imported.
    from marsad.extract.actors.kb import ActorKB

    keys: set[str] = set()
    names: set[str] = set()
    entry = AliasTable.load().lookup(name)
    if entry is not None:
        names.add(variant_key(entry.canonical))
        if entry.kb_id:
            keys.add(f"kb:{entry.kb_id}")
    actor = ActorKB.load().lookup(name)
    if actor is not None:
        names.add(variant_key(actor.canonical))
        if actor.kb_id:
            keys.add(f"kb:{actor.kb_id}")
    return keys, names


def _identities(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped by the entity they name: one folded name and at most one English name.

    One place may be stored under two keys (``geo:2660646`` and ``kb:Q71`` for جنيف), so rows
    of the same name are one entity; ``عمان`` as Oman and as Amman are two (two English names).
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        english = variant_key(row["name_en"]) if row["name_en"] else ""
        groups.setdefault((variant_key(row["name"]), english), []).append(row)
    # A row without an English name joins the only group of its name that has one.
    for (name, english), members in list(groups.items()):
        others = [k for k in groups if k[0] == name and k[1]]
        if not english and len(others) == 1:
            groups[others[0]] += members
            del groups[(name, english)]
    return list(groups.values())


def _words_in(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


def _candidate(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in ("key", "label", "name", "name_en", "mentions")}


def resolve_entity(store: Store, name: str) -> tuple[str, ...]:
    """The stored entity keys that ``name`` (a key, or a name in Arabic or English, in any
    spelling the normalizer folds) stands for: one entity, possibly under several keys.

    In order: a key as given (``kb:Q858``); the actor or place the knowledge bases know by
    that name (``داعش`` and ``Islamic State`` → ``kb:Q2429253``); a stored entity with that
    folded name or English name (``Geneva``); a stored person or organization whose name
    contains all its words (``كيربي`` → ``جون كيربي``). EntityNotFoundError (M080) when
    nothing in the store answers; AmbiguousEntityError (M081, with the candidates) when
    several different entities do.
    """
    value = " ".join(name.split())
    if not value:
        raise QueryError("the entity to look up is empty")
    if _KEY_PREFIX.match(value):
        if store.entities_named(keys=[value], limit=1):
            return (value,)
        raise EntityNotFoundError(f"no entity with the key {value!r} in the store")
    key = variant_key(value)
    if not key:
        raise QueryError(f"the entity name {name!r} has no letters to look up")
    kb_keys, kb_names = _known_names(value)
    rows: list[dict[str, Any]] = []
    if kb_keys or kb_names:
        # Everything stored under the known actor: one entity, however many keys it has.
        rows = store.entities_named(keys=sorted(kb_keys), name_keys=sorted(kb_names))
        if rows:
            return tuple(r["key"] for r in rows)
    rows = store.entities_named(name_keys=[key], english=value, limit=MAX_CANDIDATES * 5)
    if not rows:
        words = key.split()
        rows = [
            r
            for r in store.entities(name_key=key, limit=MAX_CANDIDATES * 5)
            if r["label"] != "LOC" and _words_in(words, r["key"].split(":", 1)[-1].split())
        ]
    if not rows:
        raise EntityNotFoundError(f"no entity named {value!r} in the store")
    groups = _identities(rows)
    if len(groups) == 1:
        return tuple(r["key"] for r in groups[0])
    candidates = [_candidate(g[0]) for g in groups][:MAX_CANDIDATES]
    listed = "; ".join(
        " ".join(
            x
            for x in (c["name"], f"({c['name_en']})" if c["name_en"] else "", shown_key(c["key"]))
            if x
        )
        for c in candidates
    )
    raise AmbiguousEntityError(
        f"{value!r} names {len(groups)} different entities; give the full name or id of one: "
        f"{listed}",
        candidates=candidates,
    )


def entity_label(store: Store, value: str) -> str:
    """What to show a reader for an entity filter: the entity's name (``الجيش الإسرائيلي``),
    never the folded key it is stored under (``ORG:غيش اسرائيلي``); the value itself when it
    names no single entity."""
    try:
        keys = resolve_entity(store, value)
    except (QueryError, NotFoundError):
        return value.strip()
    rows = store.entities_named(keys=keys, limit=1)
    return str(rows[0]["name"]) if rows else value.strip()


def shown_key(key: str) -> str:
    """An entity key as a reader may be shown it: knowledge-base and gazetteer ids
    (``kb:Q858``, ``geo:170017``) as they are; a key made of a folded name (``ORG:غيش
    اسرائيلي``) is no name to show, so empty (the entity's name stands for it)."""
    return key if key.startswith(("kb:", "geo:")) else ""


def resolve_filters(store: Store, filters: Filters | None) -> Filters:
    """``filters`` with its ``entity`` (a name or a key) resolved to the stored entity keys
    (:func:`resolve_entity`: M080 when none, M081 when the name is ambiguous)."""
    f = filters or Filters()
    if not f.entity or f.entity_keys:
        return f
    return replace(f, entity=None, entity_keys=resolve_entity(store, f.entity))


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
        entity=entity.strip() if entity and entity.strip() else None,
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
    return store.documents(resolve_filters(store, filters), limit=limit, offset=offset)


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
    f = resolve_filters(store, filters)
    total, rows = store.search(query.clauses, f, limit=limit, offset=offset)
    hits = [Hit(row, snippet(row["text"], query)) for row in rows]
    return SearchResult(query, total, hits)


def search_facets(
    store: Store, text: str, filters: Filters | None = None
) -> dict[str, list[dict[str, Any]]]:
    """How the hits of a search spread over sources, months, event types and entities."""
    return store.search_facets(parse_query(text).clauses, resolve_filters(store, filters))


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
        resolve_filters(store, filters),
        country=_country_code(country),
        with_duplicates=with_duplicates,
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
        resolve_filters(store, filters),
        country=_country_code(country),
        with_duplicates=with_duplicates,
    )


def events(
    store: Store,
    filters: Filters | None = None,
    *,
    country: str | None = None,
    with_duplicates: bool = False,
    limit: int = 100,
    offset: int = 0,
    totals: AnswerCache[int] | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """The total and one page of events (copies within a story left out by default).
    ``totals``: where a server keeps the totals it counted (see :mod:`.cache`)."""
    _page(limit, offset)
    country = _country_code(country)
    f = resolve_filters(store, filters)

    def count() -> int:
        return store.count_events(f, country=country, with_duplicates=with_duplicates)

    key = (f, country, with_duplicates)
    total = count() if totals is None else totals.get(key, store.newest_document(), count)
    rows = store.events(
        f, country=country, with_duplicates=with_duplicates, limit=limit, offset=offset
    )
    for row in rows:  # the exports' id in place of the numbers it is made of
        seq, ordinal = row.pop("doc_seq"), row.pop("ordinal")
        row["event_id_cnty"] = event_id_cnty(row["country"], int(seq), int(ordinal))
    return total, rows


def entities(
    store: Store,
    *,
    name: str | None = None,
    label: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Canonical entities across the corpus, most mentioned first.

    ``name`` keeps those whose folded name contains it, and puts first, on the first page and
    on top of its ``limit`` rows, the entity it names in any language or spelling
    (:func:`resolve_entity`: ``داعش`` lists تنظيم الدولة الإسلامية; an ambiguous name lists
    every candidate). EntityNotFoundError (M080) when a
    name matches nothing at all."""
    _page(limit, offset)
    if label is not None and label not in {"PER", "ORG", "LOC", "MISC"}:
        raise QueryError(f"label must be PER, ORG, LOC or MISC, not {label!r}")
    rows = store.entities(label=label, name_key=_key_or_name(name), limit=limit, offset=offset)
    if not name or not name.strip() or offset:
        return rows
    try:
        keys: list[str] = list(resolve_entity(store, name))
    except AmbiguousEntityError as exc:
        keys = [str(c["key"]) for c in exc.candidates]
    except EntityNotFoundError:
        keys = []
    seen = {r["key"] for r in rows}
    named = [
        r
        for r in _stats_rows(store, keys)
        if r["key"] not in seen and (label is None or r["label"] == label)
    ]
    # The entities the name stands for come first, on top of the page (not in place of its
    # last rows, which the next page, at offset ``limit``, would never show).
    found = named + rows
    if not found:
        raise EntityNotFoundError(f"no entity named {name.strip()!r} in the store")
    return found


def _stats_rows(store: Store, keys: list[str]) -> list[dict[str, Any]]:
    """The entity list's rows (counts, first and last seen) of ``keys``, in that order."""
    rows: list[dict[str, Any]] = []
    for key in keys:
        try:
            found = store.entity(key, limit=0)
        except NotFoundError:
            continue
        rows.append(
            {
                k: found.get(k)
                for k in (
                    "key",
                    "label",
                    "name",
                    "name_en",
                    "kb_id",
                    "mentions",
                    "documents",
                    "first_seen",
                    "last_seen",
                )
            }
        )
    return rows


def entity(store: Store, key: str) -> dict[str, Any]:
    """One entity by its key (M052 when unknown), or by any of its names
    (:func:`resolve_entity`: M080 when none, M081 when ambiguous; of an entity stored under
    several keys, the most mentioned)."""
    value = key.strip()
    if _KEY_PREFIX.match(value):
        return store.entity(value)
    return store.entity(resolve_entity(store, value)[0])


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
    return store.figures(key, resolve_filters(store, filters), limit=limit, offset=offset)


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


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """``min lon,min lat,max lon,max lat`` as four degrees (M051 when it is not one).

    >>> parse_bbox("35.5,32,42.5,37.5")
    (35.5, 32.0, 42.5, 37.5)
    >>> parse_bbox(None) is None
    True
    """
    if text is None or not text.strip():
        return None
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise QueryError(f"bbox must be four numbers: min lon,min lat,max lon,max lat: {text!r}")
    west, south, east, north = values
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise QueryError(
            f"bbox must have -180 <= min lon <= max lon <= 180 and -90 <= min lat <= max lat "
            f"<= 90: {text!r}"
        )
    return west, south, east, north
