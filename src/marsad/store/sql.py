"""Pure functions that build SQL (no connection): full-text expressions and filters.

Kept apart from the code that runs them so they can be tested and printed on their own.

>>> from types import SimpleNamespace as C
>>> fts5_match([C(words=("قوات", "الامن"), prefix=False, negated=False, alternatives=("x",)),
...             C(words=("بغداد",), prefix=False, negated=True, alternatives=("بغداد",))])
'"قوات الامن" NOT "بغداد"'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from marsad.store.schema import Dialect


class ClauseLike(Protocol):
    """One query clause (see marsad.corpus.search.Clause); words are normalized stems."""

    @property
    def words(self) -> tuple[str, ...]: ...
    @property
    def prefix(self) -> bool: ...
    @property
    def negated(self) -> bool: ...
    @property
    def alternatives(self) -> tuple[str, ...]: ...


def _fts_word(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts5_clause(c: ClauseLike) -> str:
    if len(c.words) > 1:
        return _fts_word(" ".join(c.words))
    if c.prefix:
        return _fts_word(c.words[0]) + "*"
    alts = c.alternatives
    return _fts_word(alts[0]) if len(alts) == 1 else "(" + " OR ".join(map(_fts_word, alts)) + ")"


def fts5_match(clauses: Sequence[ClauseLike]) -> str:
    """An FTS5 MATCH expression: every positive clause, then ``NOT`` each negated one."""
    positive = " AND ".join(_fts5_clause(c) for c in clauses if not c.negated)
    negative = "".join(f" NOT {_fts5_clause(c)}" for c in clauses if c.negated)
    return positive + negative


def _ts_word(word: str) -> str:
    return "'" + word.replace("\\", "").replace("'", "''") + "'"


def _ts_clause(c: ClauseLike) -> str:
    if len(c.words) > 1:
        return "(" + " <-> ".join(map(_ts_word, c.words)) + ")"
    if c.prefix:
        return _ts_word(c.words[0]) + ":*"
    return "(" + " | ".join(map(_ts_word, c.alternatives)) + ")"


def tsquery(clauses: Sequence[ClauseLike]) -> str:
    """A PostgreSQL tsquery (for ``to_tsquery('simple', ...)``) with the same meaning."""
    parts = [_ts_clause(c) for c in clauses if not c.negated]
    parts += [f"!{_ts_clause(c)}" for c in clauses if c.negated]
    return " & ".join(parts)


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters shared by search and event queries. Keys are normalized (see corpus.rows).

    ``entity`` is an entity key (``kb:Q..``, ``PER:...``) or a normalized name; ``place`` a
    normalized place name, a ``geo:`` key or a two-letter country code. ``min_confidence``
    keeps events whose calibrated confidence is at least this (events without one are left
    out when it is set); on documents it applies only with ``event_type`` (the document must
    have an event of that type that sure). ``country`` (an upper-case ISO alpha-2 code) keeps
    the events in that country, and the documents with an event there.
    """

    date_from: str | None = None
    date_to: str | None = None
    source: str | None = None
    entity: str | None = None
    place: str | None = None
    event_type: str | None = None
    min_confidence: float | None = None
    country: str | None = None
    # Events only: inside (min lon, min lat, max lon, max lat), WGS84 degrees.
    bbox: tuple[float, float, float, float] | None = None
    # The entity keys ``entity`` resolved to (marsad.services.queries.resolve_filters): when
    # set, they replace ``entity`` and a mention must have one of them.
    entity_keys: tuple[str, ...] = ()


def entity_keys_condition(column: str, keys: Sequence[str]) -> str:
    """``column IN (?, ...)`` for ``keys`` (their values are the parameters)."""
    return f"{column} IN ({', '.join('?' for _ in keys)})"


def _entity_condition(doc: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = {doc} AND (m.entity_key = ? OR "
        "m.entity_key IN (SELECT key FROM entities WHERE name_key = ?)))"
    )


def _place_condition(doc: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM places p WHERE p.doc_id = {doc} AND "
        "(p.name_key = ? OR p.country = ? OR 'geo:' || CAST(p.geonameid AS TEXT) = ?))"
    )


def document_filters(
    f: Filters, *, doc: str = "d.id", date: str = "d.published"
) -> tuple[list[str], list[Any]]:
    """WHERE conditions and their parameters for documents (aliased ``d``)."""
    where: list[str] = []
    params: list[Any] = []
    if f.date_from:
        where.append(f"{date} >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append(f"{date} <= ?")
        params.append(f.date_to)
    if f.source:
        where.append("d.source = ?")
        params.append(f.source)
    if f.entity_keys:
        keys = entity_keys_condition("m.entity_key", f.entity_keys)
        where.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = {doc} AND {keys})")
        params += list(f.entity_keys)
    elif f.entity:
        where.append(_entity_condition(doc))
        params += [f.entity, f.entity]
    if f.place:
        where.append(_place_condition(doc))
        params += [f.place, f.place.upper(), f.place]
    if f.event_type:
        sure = "" if f.min_confidence is None else " AND v2.confidence >= ?"
        where.append(
            f"EXISTS (SELECT 1 FROM events v2 WHERE v2.doc_id = {doc} AND "
            f"(v2.type = ? OR v2.sub_type = ?){sure})"
        )
        params += [f.event_type, f.event_type]
        if f.min_confidence is not None:
            params.append(f.min_confidence)
    if f.country:
        where.append(f"EXISTS (SELECT 1 FROM events v3 WHERE v3.doc_id = {doc} AND v3.country = ?)")
        params.append(f.country)
    return where, params


def _matching(
    dialect: Dialect, clauses: Sequence[ClauseLike], f: Filters, columns: str
) -> tuple[str, list[Any]]:
    """``SELECT columns`` of the documents matching the clauses and the filters; the
    full-text table is ``documents_fts`` (SQLite) or the query ``q`` (PostgreSQL)."""
    where, params = document_filters(f)
    if dialect == "sqlite":
        sql = (
            f"SELECT {columns} FROM documents_fts "
            "JOIN documents d ON d.seq = documents_fts.rowid WHERE documents_fts MATCH ?"
        )
        params = [fts5_match(clauses), *params]
    else:
        sql = f"SELECT {columns} FROM documents d, to_tsquery('simple', ?) q WHERE d.search @@ q"
        params = [tsquery(clauses), *params]
    return sql + "".join(f" AND {w}" for w in where), params


def _matching_numbers(
    dialect: Dialect, clauses: Sequence[ClauseLike], f: Filters, rank: str | None = None
) -> tuple[str, list[Any]]:
    """``seq`` (and ``rank``) of the documents matching the clauses and the filters. On
    SQLite without a filter on the document row the full-text index alone answers: a join
    would read every hit's row (whose start holds its text) only to learn its number."""
    extra = f", {rank} AS rank" if rank else ""
    if dialect == "sqlite" and not document_filters(f)[0]:
        sql = (
            f"SELECT documents_fts.rowid AS seq{extra} FROM documents_fts "
            "WHERE documents_fts MATCH ?"
        )
        return sql, [fts5_match(clauses)]
    return _matching(dialect, clauses, f, f"d.seq AS seq{extra}")


def search_sql(
    dialect: Dialect, clauses: Sequence[ClauseLike], f: Filters, *, limit: int, offset: int
) -> tuple[str, list[Any]]:
    """The ranked search: documents matching the clauses and the filters, best first."""
    rank = "bm25(documents_fts)" if dialect == "sqlite" else "-ts_rank(d.search, q)"
    columns = "d.id, d.title, d.source, d.url, d.published, d.story_id, d.duplicate_of, d.text"
    # The page is ranked on bare numbers and only its rows read their text: ranking whole
    # rows made the sort carry every hit's text (a word in 9,000 articles: 60 -> 29 ms).
    page, params = _matching_numbers(dialect, clauses, f, rank)
    sql = (
        f"SELECT {columns}, pg.rank FROM ({page} ORDER BY rank, seq LIMIT ? OFFSET ?) pg "
        "JOIN documents d ON d.seq = pg.seq ORDER BY pg.rank, pg.seq"
    )
    return sql, [*params, limit, offset]


def match_sql(dialect: Dialect, clauses: Sequence[ClauseLike], f: Filters) -> tuple[str, list[Any]]:
    """The id, source and date of every document :func:`search_sql` would find, unranked."""
    return _matching(dialect, clauses, f, "d.id, d.source, d.published")


def count_sql(dialect: Dialect, clauses: Sequence[ClauseLike], f: Filters) -> tuple[str, list[Any]]:
    """How many documents :func:`search_sql` would find without its limit."""
    sql, params = _matching_numbers(dialect, clauses, f)
    return f"SELECT count(*) FROM ({sql}) found", params
