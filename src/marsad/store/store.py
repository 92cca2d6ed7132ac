"""The corpus store: documents and their facts in SQLite or PostgreSQL, one schema for both.

Row-level API: the caller (``marsad.services``) turns Documents into rows and back. Writes
happen inside :meth:`Store.transaction`; a document and all its facts are written in one
transaction, so a crash leaves each document whole or absent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from marsad.errors import NotFoundError, StoreError
from marsad.store.database import Database, connect
from marsad.store.schema import (
    ENTITY_STATS_SELECT,
    FACT_TABLES,
    MIGRATIONS,
    MIGRATIONS_TABLE,
    TABLES,
)
from marsad.store.sql import (
    ClauseLike,
    Filters,
    count_sql,
    document_filters,
    entity_keys_condition,
    match_sql,
    search_sql,
)

Row = dict[str, Any]
# Events of one story are the same event when type, sub-type and place agree and their dates
# are at most this many days apart (wire copies published a day later say "yesterday").
SAME_EVENT_DAYS = 2
MAX_CANDIDATES = 50
# Adds one document's mentions of an entity to its counts. Written out rather than min()/
# LEAST() because those treat a missing date differently in SQLite and PostgreSQL.
_COUNT_ENTITY = (
    "INSERT INTO entity_stats (key, mentions, documents, first_seen, last_seen) "
    "VALUES (?, ?, 1, ?, ?) ON CONFLICT (key) DO UPDATE SET "
    "mentions = entity_stats.mentions + excluded.mentions, "
    "documents = entity_stats.documents + 1, "
    "first_seen = CASE WHEN entity_stats.first_seen IS NULL "
    "OR excluded.first_seen < entity_stats.first_seen "
    "THEN excluded.first_seen ELSE entity_stats.first_seen END, "
    "last_seen = CASE WHEN entity_stats.last_seen IS NULL "
    "OR excluded.last_seen > entity_stats.last_seen "
    "THEN excluded.last_seen ELSE entity_stats.last_seen END"
)
# Facet and timeline buckets: the year-month prefix of an ISO date.
_MONTH = "substr({}, 1, 7)"


@dataclass(slots=True)
class DocumentRows:
    """Everything one document writes: its ``documents`` row and its fact rows by table."""

    document: Row
    facts: dict[str, list[Row]] = field(default_factory=dict)
    entities: list[Row] = field(default_factory=list)
    event_arguments: list[Row] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoryLink:
    """Where a new document belongs: its story, and the document it copies (if any)."""

    story_id: str
    duplicate_of: str | None = None
    similarity: float | None = None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """An open store. ``Store.open(url)`` connects and applies pending migrations."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        store = cls(connect(url))
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def transaction(self) -> AbstractContextManager[None]:
        return self.db.transaction()

    # -- migrations --------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, each in its own transaction; their names.

        Safe when several processes start on a new store at once: each transaction holds the
        writers' lock (see ``database.py``) and checks again, inside it, whether another
        process applied the migration meanwhile.
        """
        if all(m.name in self._recorded_migrations() for m in MIGRATIONS):
            return []  # the common case takes no write lock: readers never wait for a writer
        with self.db.transaction():
            self.db.execute(MIGRATIONS_TABLE)
        applied = []
        for migration in MIGRATIONS:
            with self.db.transaction():
                if self.db.scalar(
                    "SELECT count(*) FROM migrations WHERE name = ?", (migration.name,)
                ):
                    continue
                for statement in migration.sql(self.db.dialect):
                    self.db.execute(statement)
                self.db.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                    (migration.name, now()),
                )
            applied.append(migration.name)
        return applied

    def _recorded_migrations(self) -> set[str]:
        try:
            return {r["name"] for r in self.db.rows("SELECT name FROM migrations")}
        except StoreError:  # a new store: no migrations table yet
            return set()

    def migrations(self) -> list[Row]:
        return self.db.rows("SELECT name, applied_at FROM migrations ORDER BY name")

    # -- writing ----------------------------------------------------------------------------

    def contains(self, doc_id: str) -> bool:
        return self.db.scalar("SELECT 1 FROM documents WHERE id = ?", (doc_id,)) is not None

    def story_candidates(self, band_keys: Sequence[int]) -> list[Row]:
        """Stored documents sharing LSH bands with ``band_keys``, those sharing the most first;
        at most :data:`MAX_CANDIDATES` (boilerplate shared by many pages must not make every
        new document compare with all of them)."""
        if not band_keys:
            return []
        marks = ", ".join("?" for _ in band_keys)
        return self.db.rows(
            "SELECT d.id, d.minhash, d.story_id, d.duplicate_of FROM documents d JOIN "
            f"(SELECT doc_id, count(*) AS shared FROM lsh_bands WHERE band_key IN ({marks}) "
            "GROUP BY doc_id ORDER BY shared DESC, doc_id LIMIT ?) c ON c.doc_id = d.id "
            "ORDER BY c.shared DESC, d.id",
            [*band_keys, MAX_CANDIDATES],
        )

    def add_document(
        self,
        rows: DocumentRows,
        *,
        index_text: str,
        minhash: bytes | None = None,
        band_keys: Sequence[int] = (),
        story: StoryLink | None = None,
    ) -> bool:
        """Write one document with its facts; False when its id is already stored.

        Call inside :meth:`transaction` to batch several documents in one commit.
        """
        doc = rows.document
        story = story or StoryLink(doc["id"])
        with self.db.transaction():
            inserted = self._insert_document(
                doc
                | {
                    "story_id": story.story_id,
                    "duplicate_of": story.duplicate_of,
                    "similarity": story.similarity,
                    "minhash": minhash,
                }
            )
            if inserted is None:
                return False
            self._index(inserted, index_text)
            self.db.insert("lsh_bands", [{"band_key": k, "doc_id": doc["id"]} for k in band_keys])
            self._write_facts(rows, story.story_id)
            self._count_entities(rows, doc.get("published"))
        return True

    def _insert_document(self, row: Row) -> int | None:
        names = list(row)
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" for _ in names)
        cur = self.db.execute(
            f"INSERT INTO documents ({columns}) VALUES ({marks}) "
            "ON CONFLICT (id) DO NOTHING RETURNING seq",
            [row[n] for n in names],
        )
        found = cur.fetchone()
        return None if found is None else int(found[0])

    def _index(self, seq: int, index_text: str) -> None:
        if self.db.dialect == "sqlite":
            self.db.execute(
                "INSERT INTO documents_fts (rowid, body) VALUES (?, ?)", (seq, index_text)
            )
        else:
            self.db.execute(
                "UPDATE documents SET search = to_tsvector('simple', ?) WHERE seq = ?",
                (index_text, seq),
            )

    def _write_facts(self, rows: DocumentRows, story_id: str) -> None:
        doc_id = rows.document["id"]
        for table in FACT_TABLES:
            facts = rows.facts.get(table, [])
            if table == "events":
                facts = [self._link_event(v | {"story_id": story_id}, doc_id) for v in facts]
            self.db.insert(table, facts)
        self.db.insert("entities", _unique(rows.entities, "key"), ignore=True)
        self.db.insert("event_arguments", rows.event_arguments)

    def _count_entities(self, rows: DocumentRows, published: str | None) -> None:
        """Add a newly stored document's mentions to ``entity_stats``."""
        per_key = Counter(m["entity_key"] for m in rows.facts.get("mentions", []))
        self.db.executemany(
            _COUNT_ENTITY, [(key, n, published, published) for key, n in per_key.items()]
        )

    def _recount_entities(self, keys: Iterable[str]) -> None:
        """Recompute ``entity_stats`` exactly for ``keys`` (after facts were replaced: a
        first-seen date cannot be taken back incrementally)."""
        ordered = sorted(set(keys))
        for i in range(0, len(ordered), 500):
            chunk = ordered[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            self.db.execute(f"DELETE FROM entity_stats WHERE key IN ({marks})", chunk)
            self.db.execute(
                f"INSERT INTO entity_stats {ENTITY_STATS_SELECT} "
                f"WHERE m.entity_key IN ({marks}) GROUP BY m.entity_key",
                chunk,
            )

    def _link_event(self, event: Row, doc_id: str) -> Row:
        """Mark an event that an earlier document of the same story already reported."""
        if event["story_id"] == doc_id:
            return event
        earlier = self.db.rows(
            "SELECT doc_id, id, date FROM events WHERE story_id = ? AND doc_id <> ? AND "
            "type = ? AND COALESCE(sub_type, '') = ? AND COALESCE(place_key, '') = ? AND "
            "duplicate_of IS NULL ORDER BY doc_id, ordinal",
            (
                event["story_id"],
                doc_id,
                event["type"],
                event["sub_type"] or "",
                event["place_key"] or "",
            ),
        )
        for other in earlier:
            if _days_apart(other["date"], event["date"]) <= SAME_EVENT_DAYS:
                return event | {"duplicate_of": f"{other['doc_id']}/{other['id']}"}
        return event

    def replace_facts(self, rows: DocumentRows) -> None:
        """Replace a stored document's facts (``marsad reanalyze``), in one transaction."""
        doc = rows.document
        with self.db.transaction():
            story_id = self.db.scalar("SELECT story_id FROM documents WHERE id = ?", (doc["id"],))
            if story_id is None:
                raise NotFoundError(f"no document {doc['id']!r} in the store", source=self.db.url)
            old_keys = [
                r["entity_key"]
                for r in self.db.rows(
                    "SELECT DISTINCT entity_key FROM mentions WHERE doc_id = ?", (doc["id"],)
                )
            ]
            for table in (*FACT_TABLES, "event_arguments"):
                self.db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc["id"],))
            self.db.execute(
                "UPDATE documents SET sentences = ?, pipeline = ?, analyzed_at = ? WHERE id = ?",
                (doc["sentences"], doc["pipeline"], doc["analyzed_at"], doc["id"]),
            )
            self._write_facts(rows, story_id)
            new_keys = [m["entity_key"] for m in rows.facts.get("mentions", [])]
            self._recount_entities([*old_keys, *new_keys])

    # -- reading documents ------------------------------------------------------------------

    def document(self, doc_id: str) -> tuple[Row, dict[str, list[Row]]]:
        """A document row and its fact rows; NotFoundError when the id is unknown."""
        found = self.db.rows("SELECT * FROM documents WHERE id = ?", (doc_id,))
        if not found:
            raise NotFoundError(f"no document {doc_id!r} in the store", source=self.db.url)
        facts = {
            t: self.db.rows(f"SELECT * FROM {t} WHERE doc_id = ?", (doc_id,)) for t in FACT_TABLES
        }
        return found[0], facts

    def document_ids(self, *, pipeline_not: str | None = None) -> Iterator[str]:
        """Every stored id in ingestion order (only those whose pipeline differs, if given)."""
        sql, params = "SELECT id FROM documents", []
        if pipeline_not is not None:
            sql += " WHERE pipeline IS NULL OR pipeline <> ?"
            params.append(pipeline_not)
        for row in self.db.iter_rows(sql + " ORDER BY seq", params):
            yield row["id"]

    def event_document_ids(self) -> Iterator[str]:
        """Ids of the documents with at least one event, in ingestion order."""
        sql = (
            "SELECT d.id FROM documents d WHERE EXISTS "
            "(SELECT 1 FROM events v WHERE v.doc_id = d.id) ORDER BY d.seq"
        )
        for row in self.db.iter_rows(sql):
            yield row["id"]

    def iter_table(
        self, table: str, columns: Sequence[str], *, chunk: int = 5_000
    ) -> Iterator[list[Row]]:
        """A whole table in chunks of rows (for exports); bytes come back as ``bytes``."""
        if table not in TABLES:
            raise StoreError(f"no table {table!r} in the store", source=self.db.url)
        names = ", ".join(f'"{c}"' for c in columns)
        rows: list[Row] = []
        for row in self.db.iter_rows(f"SELECT {names} FROM {table}"):
            rows.append({k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()})
            if len(rows) >= chunk:
                yield rows
                rows = []
        if rows:
            yield rows

    def documents(self, f: Filters | None = None, *, limit: int = 50, offset: int = 0) -> list[Row]:
        where, params = document_filters(f or Filters())
        sql = (
            "SELECT d.id, d.title, d.source, d.url, d.published, d.lang, d.story_id, "
            "d.duplicate_of, d.pipeline, d.ingested_at FROM documents d"
        )
        sql += (" WHERE " + " AND ".join(where)) if where else ""
        return self.db.rows(f"{sql} ORDER BY d.seq LIMIT ? OFFSET ?", [*params, limit, offset])

    def newest_document(self) -> int:
        """The sequence number of the last document stored (0 for none): it changes with every
        ingest, so what was computed from the store can tell it is out of date."""
        return int(self.db.scalar("SELECT coalesce(max(seq), 0) FROM documents"))

    def counts(self) -> dict[str, int]:
        """Rows per table, and documents that copy another."""
        out = {
            t: int(self.db.scalar(f"SELECT count(*) FROM {t}"))
            for t in ("documents", *FACT_TABLES, "entities")
        }
        out["duplicates"] = int(
            self.db.scalar("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL")
        )
        out["stories"] = int(self.db.scalar("SELECT count(DISTINCT story_id) FROM documents"))
        return out

    # -- search -----------------------------------------------------------------------------

    def search(
        self, clauses: Sequence[ClauseLike], f: Filters, *, limit: int = 20, offset: int = 0
    ) -> tuple[int, list[Row]]:
        """The total number of hits and one page of them, best first."""
        sql, params = count_sql(self.db.dialect, clauses, f)
        total = int(self.db.scalar(sql, params))
        sql, params = search_sql(self.db.dialect, clauses, f, limit=limit, offset=offset)
        return total, self.db.rows(sql, params)

    def search_facets(
        self, clauses: Sequence[ClauseLike], f: Filters, *, limit: int = 10
    ) -> dict[str, list[Row]]:
        """How a search's hits spread: ``{"source"|"type"|"entity": [{value, n}],
        "month": [{value, n}] oldest first}``; each ``n`` counts documents."""
        hits, params = match_sql(self.db.dialect, clauses, f)
        month = _MONTH.format("published")
        return {
            "source": self.db.rows(
                f"SELECT source AS value, count(*) AS n FROM ({hits}) h "
                "WHERE source IS NOT NULL GROUP BY source ORDER BY n DESC, value LIMIT ?",
                [*params, limit],
            ),
            "month": self.db.rows(
                f"SELECT {month} AS value, count(*) AS n FROM ({hits}) h "
                f"WHERE published IS NOT NULL GROUP BY {month} ORDER BY value",
                params,
            ),
            "type": self.db.rows(
                "SELECT v.type AS value, count(DISTINCT v.doc_id) AS n FROM events v "
                f"WHERE v.doc_id IN (SELECT id FROM ({hits}) h) "
                "GROUP BY v.type ORDER BY n DESC, value",
                params,
            ),
            "entity": self.db.rows(
                "SELECT e.key AS value, e.name, e.label, c.n FROM ("
                "SELECT m.entity_key, count(DISTINCT m.doc_id) AS n FROM mentions m "
                f"WHERE m.doc_id IN (SELECT id FROM ({hits}) h) GROUP BY m.entity_key "
                "ORDER BY n DESC, m.entity_key LIMIT ?) c "
                "JOIN entities e ON e.key = c.entity_key ORDER BY c.n DESC, e.key",
                [*params, limit],
            ),
        }

    # -- events, entities, figures ----------------------------------------------------------

    def events(
        self,
        f: Filters,
        *,
        country: str | None = None,
        with_duplicates: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Row]:
        """Events with their actors' and place's names, newest first; copies of one story's
        event are left out unless ``with_duplicates``; events of one day in the order of their
        documents' ids and their place in them. ``ordinal`` and ``doc_seq`` (the
        event's place in its document, the document's number) make its ``event_id_cnty``."""
        where, params = _event_filters(f, country, with_duplicates)
        # The order of the events_list index (newest first, then document and place in it):
        # a page is an index walk, not a sort of every event.
        order = "v.date DESC NULLS LAST, v.doc_id, v.ordinal"
        # The page is chosen first and only its rows are joined to names: a deep page then
        # skips bare index entries instead of fully joined rows (600 ms -> 1 ms at 27k).
        # Only the source filter reads the document row.
        page = "SELECT v.doc_id, v.id FROM events v"
        page += " JOIN documents d ON d.id = v.doc_id" if f.source else ""
        page += (" WHERE " + " AND ".join(where)) if where else ""
        page += f" ORDER BY {order} LIMIT ? OFFSET ?"
        sql = (
            "SELECT v.doc_id, v.id, v.type, v.sub_type, v.date, v.trigger, v.evidence_start, "
            "v.evidence_end, v.fatalities, v.injured, v.confidence, v.country, v.lat, v.lon, "
            "v.story_id, v.duplicate_of, v.source AS extractor, "
            "a1.canonical AS actor1, a1.name_en AS actor1_en, "
            "a2.canonical AS actor2, a2.name_en AS actor2_en, "
            "r.canonical AS reported_by, p.name AS place, p.name_en AS place_en, "
            "p.admin1, p.precision AS geo_precision, v.ordinal, d.seq AS doc_seq, "
            f"d.title, d.source, d.url, d.published FROM ({page}) pg "
            "JOIN events v ON v.doc_id = pg.doc_id AND v.id = pg.id "
            "JOIN documents d ON d.id = v.doc_id "
            "LEFT JOIN mentions a1 ON a1.doc_id = v.doc_id AND a1.id = v.actor1 "
            "LEFT JOIN mentions a2 ON a2.doc_id = v.doc_id AND a2.id = v.actor2 "
            "LEFT JOIN mentions r ON r.doc_id = v.doc_id AND r.id = v.reported_by "
            "LEFT JOIN places p ON p.doc_id = v.doc_id AND p.id = v.place "
            f"ORDER BY {order}"
        )
        return self.db.rows(sql, [*params, limit, offset])

    def event_timeline(
        self, f: Filters, *, country: str | None = None, with_duplicates: bool = False
    ) -> list[Row]:
        """Events per month and type (``{period, type, events, fatalities}``), oldest first;
        events dated to a year only are left out."""
        where, params = _event_filters(f, country, with_duplicates)
        where.append("length(v.date) >= 7")
        month = _MONTH.format("v.date")
        return self.db.rows(
            f"SELECT {month} AS period, v.type, count(*) AS events, "
            "sum(coalesce(v.fatalities, 0)) AS fatalities FROM events v "
            "JOIN documents d ON d.id = v.doc_id WHERE " + " AND ".join(where) + " "
            f"GROUP BY {month}, v.type ORDER BY period, v.type",
            params,
        )

    def event_points(
        self,
        f: Filters,
        *,
        country: str | None = None,
        with_duplicates: bool = False,
        limit: int = 2_000,
    ) -> list[Row]:
        """Geocoded events grouped by coordinates (``{lat, lon, place, place_en, country,
        precision, events, fatalities}``), the places with most events first; ``precision``
        (town, region, country) tells a town from a country's centroid."""
        where, params = _event_filters(f, country, with_duplicates)
        where.append("v.lat IS NOT NULL AND v.lon IS NOT NULL")
        return self.db.rows(
            "SELECT v.lat, v.lon, min(p.name) AS place, min(p.name_en) AS place_en, "
            "min(v.country) AS country, max(p.precision) AS precision, count(*) AS events, "
            "sum(coalesce(v.fatalities, 0)) AS fatalities FROM events v "
            "JOIN documents d ON d.id = v.doc_id "
            "LEFT JOIN places p ON p.doc_id = v.doc_id AND p.id = v.place WHERE "
            + " AND ".join(where)
            + " GROUP BY v.lat, v.lon ORDER BY events DESC, v.lat, v.lon LIMIT ?",
            [*params, limit],
        )

    def count_events(
        self, f: Filters, *, country: str | None = None, with_duplicates: bool = False
    ) -> int:
        where, params = _event_filters(f, country, with_duplicates)
        # Only the source filter reads the document row; without it the join is pure cost.
        sql = "SELECT count(*) FROM events v"
        sql += " JOIN documents d ON d.id = v.doc_id" if f.source else ""
        sql += (" WHERE " + " AND ".join(where)) if where else ""
        return int(self.db.scalar(sql, params))

    def duplicate_event_ids(self, doc_id: str) -> set[str]:
        rows = self.db.rows(
            "SELECT id FROM events WHERE doc_id = ? AND duplicate_of IS NOT NULL", (doc_id,)
        )
        return {r["id"] for r in rows}

    def entities(
        self,
        *,
        label: str | None = None,
        name_key: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Row]:
        """Canonical entities with mention and document counts and first/last seen dates,
        most mentioned first."""
        where, params = ["e.key = s.key"], []
        if label:
            where.append("e.label = ?")
            params.append(label)
        if name_key:
            where.append("(e.name_key LIKE ? OR e.key = ?)")
            params += [f"%{name_key}%", name_key]
        # CROSS JOIN: SQLite then walks the statistics in mention order and stops at the
        # page, instead of sorting every entity of a label (ORG on 30k articles: 35 -> 11 ms);
        # PostgreSQL plans it as the plain join it is.
        sql = (
            "SELECT e.key, e.label, e.name, e.name_en, e.kb_id, s.mentions, s.documents, "
            "s.first_seen, s.last_seen FROM entity_stats s CROSS JOIN entities e"
        )
        sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY s.mentions DESC, s.key LIMIT ? OFFSET ?"  # entity_stats_list
        return self.db.rows(sql, [*params, limit, offset])

    def entities_named(
        self,
        *,
        keys: Sequence[str] = (),
        name_keys: Sequence[str] = (),
        english: str | None = None,
        limit: int = 50,
    ) -> list[Row]:
        """Entities whose key is one of ``keys``, whose folded name is one of ``name_keys``,
        or whose English name is ``english`` (any case); most mentioned first."""
        where: list[str] = []
        params: list[Any] = []
        if keys:
            where.append(entity_keys_condition("e.key", keys))
            params += list(keys)
        if name_keys:
            where.append(entity_keys_condition("e.name_key", name_keys))
            params += list(name_keys)
        if english:
            where.append("lower(e.name_en) = lower(?)")
            params.append(english)
        if not where:
            return []
        return self.db.rows(
            "SELECT e.key, e.label, e.name, e.name_en, e.kb_id, "
            "coalesce(s.mentions, 0) AS mentions, coalesce(s.documents, 0) AS documents "
            "FROM entities e LEFT JOIN entity_stats s ON s.key = e.key "
            f"WHERE {' OR '.join(where)} ORDER BY mentions DESC, e.key LIMIT ?",
            [*params, limit],
        )

    def entity(self, key: str, *, limit: int = 100) -> Row:
        """One entity with its counts, its latest mentions, its quotes and its events."""
        found = self.db.rows("SELECT * FROM entities WHERE key = ?", (key,))
        if not found:
            raise NotFoundError(f"no entity {key!r} in the store", source=self.db.url)
        counted = self.db.rows(
            "SELECT mentions, documents, first_seen, last_seen FROM entity_stats WHERE key = ?",
            (key,),
        )
        stats = counted[0] if counted else _NO_STATS
        month = _MONTH.format("d.published")
        timeline = self.db.rows(
            f"SELECT {month} AS period, count(*) AS mentions FROM mentions m "
            "JOIN documents d ON d.id = m.doc_id "
            f"WHERE m.entity_key = ? AND d.published IS NOT NULL GROUP BY {month} ORDER BY period",
            (key,),
        )
        mentions = self.db.rows(
            "SELECT m.doc_id, m.id, m.text, m.start, m.end, d.title, d.published, d.source "
            "FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_key = ? "
            "ORDER BY d.published DESC NULLS LAST, d.seq, m.ordinal LIMIT ?",
            (key, limit),
        )
        quotes = self.db.rows(
            "SELECT c.doc_id, c.id, c.text, c.kind, c.role, d.title, d.published, d.source "
            "FROM quotes c JOIN documents d ON d.id = c.doc_id WHERE c.speaker_key = ? "
            "ORDER BY d.published DESC NULLS LAST, d.seq, c.ordinal LIMIT ?",
            (key, limit),
        )
        events = self.db.rows(
            "SELECT DISTINCT v.doc_id, v.id, v.type, v.sub_type, v.date, v.trigger, a.role, "
            "v.fatalities, v.confidence, v.duplicate_of, d.title FROM event_arguments a "
            "JOIN events v ON v.doc_id = a.doc_id AND v.id = a.event_id "
            "JOIN documents d ON d.id = v.doc_id WHERE a.entity_key = ? "
            "ORDER BY v.date DESC NULLS LAST LIMIT ?",
            (key, limit),
        )
        return (
            found[0]
            | stats
            | {"timeline": timeline, "recent": mentions, "quotes": quotes, "events": events}
        )

    def figures(
        self, subject_key: str, f: Filters | None = None, *, limit: int = 200, offset: int = 0
    ) -> list[Row]:
        """Claims whose subject contains ``subject_key`` (normalized), oldest first, with the
        document's source and the entity that reported each; ``f`` filters their documents
        (the dates apply to the claim's date, else its document's publication date)."""
        # The event filters (type, confidence) are the document's: it reports such an event.
        where, params = document_filters(
            f or Filters(), doc="q.doc_id", date="COALESCE(q.date, d.published)"
        )
        return self.db.rows(
            "SELECT q.doc_id, q.id, q.text, q.value, q.low, q.high, q.kind, q.unit, "
            "q.qualifier, q.subject, q.date, q.start, q.end, r.canonical AS reported_by, "
            "d.title, d.source, d.url, d.published, d.duplicate_of FROM quantities q "
            "JOIN documents d ON d.id = q.doc_id "
            "LEFT JOIN mentions r ON r.doc_id = q.doc_id AND r.id = q.reported_by "
            "WHERE q.subject_key LIKE ?" + "".join(f" AND {w}" for w in where) + " "
            "ORDER BY q.date NULLS LAST, d.seq, q.ordinal LIMIT ? OFFSET ?",
            [f"%{subject_key}%", *params, limit, offset],
        )


_NO_STATS: dict[str, Any] = {"mentions": 0, "documents": 0, "first_seen": None, "last_seen": None}


def _event_filters(
    f: Filters, country: str | None, with_duplicates: bool
) -> tuple[list[str], list[Any]]:
    # The entity, place, type and country filters read the event itself (below), not its
    # document: an event in Aleppo, not an event in an article that also names Aleppo.
    doc_filters = replace(
        f,
        entity=None,
        entity_keys=(),
        place=None,
        event_type=None,
        min_confidence=None,
        country=None,
        bbox=None,
    )
    where, params = document_filters(doc_filters, doc="v.doc_id", date="v.date")
    if f.place:
        where.append(
            "EXISTS (SELECT 1 FROM places p0 WHERE p0.doc_id = v.doc_id AND p0.id = v.place AND "
            "(p0.name_key = ? OR p0.country = ? OR 'geo:' || CAST(p0.geonameid AS TEXT) = ?))"
        )
        params += [f.place, f.place.upper(), f.place]
    if f.event_type:
        where.append("(v.type = ? OR v.sub_type = ?)")
        params += [f.event_type, f.event_type]
    if f.min_confidence is not None:
        # An event without a confidence (NULL) is never "at least" a minimum.
        where.append("v.confidence >= ?")
        params.append(f.min_confidence)
    if f.entity_keys:
        keys = entity_keys_condition("a.entity_key", f.entity_keys)
        where.append(
            "EXISTS (SELECT 1 FROM event_arguments a WHERE a.doc_id = v.doc_id AND "
            f"a.event_id = v.id AND {keys})"
        )
        params += list(f.entity_keys)
    elif f.entity:
        where.append(
            "EXISTS (SELECT 1 FROM event_arguments a WHERE a.doc_id = v.doc_id AND "
            "a.event_id = v.id AND (a.entity_key = ? OR a.entity_key IN "
            "(SELECT key FROM entities WHERE name_key = ?)))"
        )
        params += [f.entity, f.entity]
    if f.bbox is not None:
        where.append("v.lon >= ? AND v.lat >= ? AND v.lon <= ? AND v.lat <= ?")
        params += list(f.bbox)
    country = country or f.country
    if country:
        where.append("v.country = ?")
        params.append(country.upper())
    if not with_duplicates:
        where.append("v.duplicate_of IS NULL")
    return where, params


def _unique(rows: Sequence[Mapping[str, Any]], key: str) -> list[Row]:
    seen: dict[Any, Row] = {}
    for row in rows:
        seen.setdefault(row[key], dict(row))
    return list(seen.values())


def _days_apart(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:  # a year or a month only: too coarse to tell two events apart
        return 0
