"""The store's tables, one definition for SQLite, PostgreSQL and Parquet, and the migrations.

Migrations are named, applied in order and recorded in the ``migrations`` table. Each is data:
the tables it creates, and the statements per dialect it runs (indexes, the full-text index).
The current shape of every table is the fold of all migrations, so a column added by a later
migration shows up in :data:`TABLES` (and in the Parquet export) without touching the old ones.

Every fact row carries ``source``, the versioned component that produced it (``ner.crf.v1``),
and ``data``, the fact's contract JSON, so a document read back is exactly the one stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal

Dialect = Literal["sqlite", "postgresql"]
ColumnType = Literal["text", "int", "real", "bytes", "seq"]

# Column types per dialect. ``seq`` is the document's integer surrogate key: the SQLite
# full-text index (FTS5) addresses rows by an integer rowid.
_TYPES: Final[dict[Dialect, dict[ColumnType, str]]] = {
    "sqlite": {
        "text": "TEXT",
        "int": "INTEGER",
        "real": "REAL",
        "bytes": "BLOB",
        "seq": "INTEGER PRIMARY KEY",
    },
    "postgresql": {
        "text": "TEXT",
        "int": "BIGINT",
        "real": "DOUBLE PRECISION",
        "bytes": "BYTEA",
        "seq": "BIGSERIAL PRIMARY KEY",
    },
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType
    not_null: bool = False


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """``columns`` of a table point at ``target`` of ``table`` (its primary key or a unique
    key). Checked when the transaction commits, so a document's rows go in in any order."""

    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...]

    def sql(self) -> str:
        return (
            f"FOREIGN KEY ({', '.join(self.columns)}) REFERENCES {self.table} "
            f"({', '.join(self.target)}) DEFERRABLE INITIALLY DEFERRED"
        )


def _fk(columns: str, table: str, target: str) -> ForeignKey:
    return ForeignKey(tuple(columns.split()), table, tuple(target.split()))


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    unique: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def create_sql(self, dialect: Dialect, name: str | None = None) -> str:
        types = _TYPES[dialect]
        parts = [
            f'"{c.name}" {types[c.type]}' + (" NOT NULL" if c.not_null else "")
            for c in self.columns
        ]
        if self.primary_key:
            parts.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        if self.unique:
            parts.append(f"UNIQUE ({', '.join(self.unique)})")
        parts += [fk.sql() for fk in self.foreign_keys]
        return f"CREATE TABLE {name or self.name} (\n  " + ",\n  ".join(parts) + "\n)"


def _cols(spec: str) -> tuple[Column, ...]:
    """Columns from ``"name:type name:type!"`` (``!`` for NOT NULL): short, readable specs."""
    out = []
    for item in spec.split():
        name, kind = item.split(":")
        not_null = kind.endswith("!")
        out.append(Column(name, kind.rstrip("!"), not_null))  # type: ignore[arg-type]
    return tuple(out)


# The columns every fact table starts with: the document, the fact's id in it and its order.
_FACT_HEAD = "doc_id:text! id:text! ordinal:int!"
_SPAN = "start:int end:int text:text"
_FACT_TAIL = "source:text data:text!"


def _fact_table(name: str, middle: str) -> Table:
    return Table(name, _cols(f"{_FACT_HEAD} {middle} {_FACT_TAIL}"), primary_key=("doc_id", "id"))


_INITIAL_TABLES: Final = (
    Table(
        "documents",
        _cols(
            "seq:seq id:text! title:text source:text url:text published:text lang:text "
            "text:text! meta:text sentences:text pipeline:text ingested_at:text! "
            "analyzed_at:text story_id:text duplicate_of:text similarity:real minhash:bytes"
        ),
        unique=("id",),
    ),
    # Entity mentions in one document; ``entity_key`` links them across the corpus.
    _fact_table(
        "mentions",
        f"label:text! {_SPAN} canonical:text name_en:text kb_id:text score:real entity_key:text!",
    ),
    # Canonical entities across documents: one row per key, named after its first mention.
    Table(
        "entities",
        _cols("key:text! label:text! name:text! name_key:text! name_en:text kb_id:text"),
        primary_key=("key",),
    ),
    _fact_table(
        "places",
        "entity:text name:text! name_key:text! name_en:text lat:real lon:real country:text "
        "admin1:text geonameid:int precision:text",
    ),
    _fact_table(
        "times",
        f"{_SPAN} value:text granularity:text interval_start:text interval_end:text",
    ),
    _fact_table(
        "quantities",
        f"{_SPAN} value:real low:real high:real kind:text unit:text qualifier:text "
        "subject:text subject_key:text time:text date:text reported_by:text "
        "reporter_key:text quote:text",
    ),
    _fact_table(
        "quotes",
        f"{_SPAN} kind:text speaker:text speaker_entity:text speaker_key:text role:text",
    ),
    _fact_table(
        "events",
        "type:text! sub_type:text trigger_start:int trigger_end:int trigger:text "
        "evidence_start:int evidence_end:int actor1:text actor2:text place:text time:text "
        "date:text country:text lat:real lon:real place_key:text fatalities:int injured:int "
        "reported_by:text confidence:real story_id:text duplicate_of:text",
    ),
    # Who and what an event points at, resolved across the corpus (entity keys).
    Table(
        "event_arguments",
        _cols("doc_id:text! event_id:text! role:text! ref:text! entity_key:text"),
        primary_key=("doc_id", "event_id", "role"),
    ),
    # MinHash LSH bands: documents sharing a band key are candidate copies of one story.
    Table("lsh_bands", _cols("band_key:int! doc_id:text!"), primary_key=("band_key", "doc_id")),
)

_INITIAL_INDEXES: Final = (
    "CREATE INDEX documents_published ON documents (published)",
    "CREATE INDEX documents_source ON documents (source)",
    "CREATE INDEX documents_story ON documents (story_id)",
    "CREATE INDEX mentions_entity ON mentions (entity_key)",
    "CREATE INDEX entities_name ON entities (name_key)",
    "CREATE INDEX places_name ON places (name_key)",
    "CREATE INDEX places_country ON places (country)",
    "CREATE INDEX quantities_subject ON quantities (subject_key)",
    "CREATE INDEX quotes_speaker ON quotes (speaker_key)",
    "CREATE INDEX events_type ON events (type, sub_type)",
    "CREATE INDEX events_story ON events (story_id, type)",
    "CREATE INDEX events_date ON events (date)",
    "CREATE INDEX event_arguments_entity ON event_arguments (entity_key)",
    "CREATE INDEX lsh_bands_doc ON lsh_bands (doc_id)",
)

# Full-text search over the normalized, clitic-split words (see store.search). SQLite: an
# FTS5 table without its own copy of the text (content=''), addressed by documents.seq.
# Arabic harakat are already gone from the indexed text, so the tokenizer needs no folding.
_SEARCH_SQL: Final[dict[Dialect, tuple[str, ...]]] = {
    "sqlite": (
        "CREATE VIRTUAL TABLE documents_fts USING fts5("
        "body, content='', tokenize='unicode61 remove_diacritics 0')",
    ),
    "postgresql": (
        "ALTER TABLE documents ADD COLUMN search tsvector",
        "CREATE INDEX documents_search ON documents USING GIN (search)",
    ),
}


@dataclass(frozen=True, slots=True)
class Migration:
    """One named schema change: tables to create, tables to give new constraints (same
    columns), then statements (shared or per dialect)."""

    name: str
    creates: tuple[Table, ...] = ()
    statements: tuple[str, ...] = ()
    by_dialect: dict[Dialect, tuple[str, ...]] = field(default_factory=dict)
    constrains: tuple[Table, ...] = ()

    def sql(self, dialect: Dialect) -> list[str]:
        return [
            *(t.create_sql(dialect) for t in self.creates),
            *(s for t in self.constrains for s in _constrain_sql(t, dialect)),
            *self.statements,
            *self.by_dialect.get(dialect, ()),
        ]


def _constrain_sql(table: Table, dialect: Dialect) -> list[str]:
    """Statements that give an existing table ``table``'s foreign keys, its rows kept.

    PostgreSQL adds them in place (checking the rows already there). SQLite cannot add a
    constraint to a table: it is rebuilt, as its documentation prescribes (a new table, the
    rows copied, the old one dropped, the new one renamed, its indexes made again).
    """
    if dialect == "postgresql":
        return [
            f"ALTER TABLE {table.name} ADD CONSTRAINT {table.name}_{'_'.join(fk.columns)}_fkey "
            + fk.sql()
            for fk in table.foreign_keys
        ]
    columns = ", ".join(f'"{c}"' for c in table.column_names)
    return [
        table.create_sql(dialect, f"{table.name}_new"),
        f"INSERT INTO {table.name}_new ({columns}) SELECT {columns} FROM {table.name}",
        f"DROP TABLE {table.name}",
        f"ALTER TABLE {table.name}_new RENAME TO {table.name}",
        *(i for i in _ALL_INDEXES if f" ON {table.name} (" in i),
    ]


# Per-entity counts, kept up to date as documents are written (Store._count_entities), so
# listing the most mentioned entities is an index scan instead of a GROUP BY over every
# mention (5 s on 30k articles). The migration fills it from the mentions already stored.
_ENTITY_STATS = Table(
    "entity_stats",
    _cols("key:text! mentions:int! documents:int! first_seen:text last_seen:text"),
    primary_key=("key",),
)
ENTITY_STATS_SELECT: Final = (
    "SELECT m.entity_key, count(*), count(DISTINCT m.doc_id), min(d.published), "
    "max(d.published) FROM mentions m JOIN documents d ON d.id = m.doc_id"
)

_ENTITY_STATS_INDEX: Final = "CREATE INDEX entity_stats_mentions ON entity_stats (mentions)"
# Every index the migrations make, so that a table rebuilt on SQLite gets its own back.
_ALL_INDEXES: Final = (*_INITIAL_INDEXES, _ENTITY_STATS_INDEX)

# What points at what: a fact at its document, an event's argument at its event, a mention
# and an entity's counts at the entity (so that datasette and other tools link the rows,
# and the database refuses an orphan). The tables keep their columns.
_DOCUMENT = _fk("doc_id", "documents", "id")
_FOREIGN_KEYS: Final[dict[str, tuple[ForeignKey, ...]]] = {
    "events": (_DOCUMENT,),
    "event_arguments": (_DOCUMENT, _fk("doc_id event_id", "events", "doc_id id")),
    "mentions": (_DOCUMENT, _fk("entity_key", "entities", "key")),
    "places": (_DOCUMENT,),
    "times": (_DOCUMENT,),
    "quantities": (_DOCUMENT,),
    "quotes": (_DOCUMENT,),
    "entity_stats": (_fk("key", "entities", "key"),),
}


def _with_foreign_keys() -> tuple[Table, ...]:
    tables = {t.name: t for t in (*_INITIAL_TABLES, _ENTITY_STATS)}
    # The events first: the arguments' new key points at them.
    return tuple(replace(tables[n], foreign_keys=fks) for n, fks in _FOREIGN_KEYS.items())


# The lists of the API, the web UI and the CLI walk these indexes in their order instead of
# sorting: the events newest first (a page at offset 25,000 of 27,000 events took 35 ms, now
# 1 ms), on SQLite with the columns their commonest filters read (copies, type, country), so
# that a page and its count never read the wide event rows; the entities most mentioned
# first, ties by key (a page of the first thousand: 3.6 -> 1.1 ms, one label 2x faster).
_LIST_INDEXES: Final[dict[Dialect, tuple[str, ...]]] = {
    "sqlite": (
        "CREATE INDEX events_list ON events "
        "(date DESC, doc_id, ordinal, duplicate_of, id, type, sub_type, country)",
        "CREATE INDEX entity_stats_list ON entity_stats (mentions DESC, key)",
    ),
    "postgresql": (
        "CREATE INDEX events_list ON events (date DESC NULLS LAST, doc_id, ordinal) "
        "INCLUDE (duplicate_of, id, type, sub_type, country)",
        "CREATE INDEX entity_stats_list ON entity_stats (mentions DESC, key)",
    ),
}

MIGRATIONS: Final[Sequence[Migration]] = (
    Migration("0001_tables", creates=_INITIAL_TABLES, statements=_INITIAL_INDEXES),
    Migration("0002_full_text_search", by_dialect=_SEARCH_SQL),
    Migration(
        "0003_entity_stats",
        creates=(_ENTITY_STATS,),
        statements=(
            _ENTITY_STATS_INDEX,
            f"INSERT INTO entity_stats {ENTITY_STATS_SELECT} GROUP BY m.entity_key",
        ),
    ),
    Migration("0004_foreign_keys", constrains=_with_foreign_keys()),
    Migration("0005_list_indexes", by_dialect=_LIST_INDEXES),
)

MIGRATIONS_TABLE: Final = (
    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
)


def current_tables() -> dict[str, Table]:
    """Every table as the migrations leave it, by name (in the order first created)."""
    tables: dict[str, Table] = {}
    for m in MIGRATIONS:
        for t in (*m.creates, *m.constrains):
            tables[t.name] = t
    return tables


TABLES: Final = current_tables()
# The tables that hold one document's facts, in the order they are written and deleted.
FACT_TABLES: Final = ("mentions", "places", "times", "quantities", "quotes", "events")
