"""Issue 23: the store in third-party tools. Its foreign keys are declared (facts → documents,
arguments → events, mentions → entities), added to an existing store by a migration on SQLite
and on a real PostgreSQL server, and enforced; its documents are searchable from datasette
through the shipped metadata (docs/datasette.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from marsad.errors import StoreError
from marsad.services.ingest import ingest
from marsad.services.queries import load_document
from marsad.store import Store
from marsad.store import store as store_module
from marsad.store.schema import MIGRATIONS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXPECTED = {
    ("events", ("doc_id",), "documents", ("id",)),
    ("event_arguments", ("doc_id",), "documents", ("id",)),
    ("event_arguments", ("doc_id", "event_id"), "events", ("doc_id", "id")),
    ("mentions", ("doc_id",), "documents", ("id",)),
    ("mentions", ("entity_key",), "entities", ("key",)),
    ("places", ("doc_id",), "documents", ("id",)),
    ("times", ("doc_id",), "documents", ("id",)),
    ("quantities", ("doc_id",), "documents", ("id",)),
    ("quotes", ("doc_id",), "documents", ("id",)),
    ("entity_stats", ("key",), "entities", ("key",)),
}


def foreign_keys(store: Store) -> set[tuple[str, tuple[str, ...], str, tuple[str, ...]]]:
    """The foreign keys as the database reports them (what datasette reads on SQLite)."""
    found = set()
    if store.dialect == "sqlite":
        tables = [
            r["name"] for r in store.db.rows("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            keys: dict[int, list[dict[str, Any]]] = {}
            for row in store.db.rows(f"PRAGMA foreign_key_list({table})"):
                keys.setdefault(row["id"], []).append(row)
            for parts in keys.values():
                parts.sort(key=lambda r: r["seq"])
                found.add(
                    (
                        table,
                        tuple(p["from"] for p in parts),
                        parts[0]["table"],
                        tuple(p["to"] for p in parts),
                    )
                )
        return found
    names = (
        "(SELECT array_agg(a.attname ORDER BY k.n) FROM unnest(c.{keys}) "
        "WITH ORDINALITY k(num, n) JOIN pg_attribute a ON a.attrelid = c.{rel} "
        "AND a.attnum = k.num)"
    )
    rows = store.db.rows(
        "SELECT c.conrelid::regclass::text AS tbl, c.confrelid::regclass::text AS ref, "
        f"{names.format(keys='conkey', rel='conrelid')} AS cols, "
        f"{names.format(keys='confkey', rel='confrelid')} AS refcols "
        "FROM pg_constraint c WHERE c.contype = 'f'"
    )
    return {(r["tbl"], tuple(r["cols"]), r["ref"], tuple(r["refcols"])) for r in rows}


def test_a_new_store_declares_its_foreign_keys(store_url: str) -> None:
    with Store.open(store_url) as store:
        assert foreign_keys(store) == EXPECTED


def test_the_migration_gives_an_existing_store_its_keys_and_keeps_its_rows(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A store made before the keys existed: the migrations up to 0004, the later ones after.
    names = [m.name for m in MIGRATIONS]
    before = list(MIGRATIONS[: names.index("0004_foreign_keys")])
    monkeypatch.setattr(store_module, "MIGRATIONS", before)
    with Store.open(store_url) as old:
        assert ingest([str(EXAMPLES)], old).ingested == 9
        assert foreign_keys(old) == set()
        counts = old.counts()
        ids = list(old.document_ids())
        docs = [load_document(old, i).to_dict() for i in ids]
        entity = old.entity("kb:Q858")
    monkeypatch.undo()
    with Store.open(store_url) as new:
        assert [m["name"] for m in new.migrations()][len(before) :] == names[len(before) :]
        assert foreign_keys(new) == EXPECTED
        assert new.counts() == counts
        assert [load_document(new, i).to_dict() for i in ids] == docs
        assert new.entity("kb:Q858") == entity
        # The indexes came back with the rebuilt tables, and the search index still finds.
        from marsad.services.queries import search

        assert search(new, "الموصل").total == 1
        if new.dialect == "sqlite":
            indexes = {
                r["name"] for r in new.db.rows("SELECT name FROM sqlite_master WHERE type='index'")
            }
            assert {
                "mentions_entity",
                "events_date",
                "events_list",
                "entity_stats_list",
                "quotes_speaker",
                "entity_stats_mentions",
            } <= indexes
            assert new.db.rows("PRAGMA foreign_key_check") == []
        # More documents go in as before.
        report = ingest([str(EXAMPLES / "01-idlib-airstrike.json")], new)
        assert report.ingested == 0 and not report.failed


@pytest.mark.parametrize(
    ("table", "row"),
    [
        (
            "mentions",
            {
                "doc_id": "no-such-doc",
                "id": "e1",
                "ordinal": 0,
                "label": "PER",
                "entity_key": "PER:x",
                "data": "{}",
            },
        ),
        ("event_arguments", {"doc_id": "D", "event_id": "v9", "role": "actor1", "ref": "e1"}),
    ],
)
def test_an_orphan_row_is_refused(store_url: str, table: str, row: dict[str, Any]) -> None:
    with Store.open(store_url) as store:
        ingest([str(EXAMPLES / "01-idlib-airstrike.json")], store)
        doc_id = next(store.document_ids())
        if table == "event_arguments":
            row = row | {"doc_id": doc_id}  # a real document, an event it does not have
        with pytest.raises(StoreError), store.transaction():
            store.db.insert(table, [row])
        # Rolled back whole: the orphan is not there.
        a, b = list(row)[:2]
        left = f"SELECT count(*) FROM {table} WHERE {a} = ? AND {b} = ?"
        assert store.db.scalar(left, (row[a], row[b])) == 0


# -- datasette ---------------------------------------------------------------------------------


def test_the_datasette_metadata_names_what_the_store_has(tmp_path: Path) -> None:
    """docs/datasette.json makes documents searchable: datasette then runs the search below
    (rows whose fts_pk is among the full-text table's matching rowids)."""
    meta = json.loads((ROOT / "docs" / "datasette.json").read_text(encoding="utf-8"))
    documents = meta["databases"]["marsad"]["tables"]["documents"]
    with Store.open(str(tmp_path / "marsad.db")) as store:
        ingest([str(EXAMPLES)], store)
        columns = {r["name"] for r in store.db.rows("PRAGMA table_info(documents)")}
        assert documents["fts_pk"] in columns and documents["label_column"] in columns
        fts = documents["fts_table"]
        sql = (
            f'SELECT title FROM documents WHERE "{documents["fts_pk"]}" IN '
            f"(SELECT rowid FROM [{fts}] WHERE [{fts}] MATCH ?)"
        )
        titles = [r["title"] for r in store.db.rows(sql, ['"الموصل"'])]
        assert len(titles) == 1 and "الحويجة" in titles[0]


def test_datasette_searches_and_links_the_store(tmp_path: Path) -> None:
    """The real datasette, in process, where it is installed (it is not a dependency)."""
    datasette_app = pytest.importorskip("datasette.app")
    import asyncio

    path = tmp_path / "marsad.db"
    with Store.open(str(path)) as store:
        ingest([str(EXAMPLES)], store)
    meta = json.loads((ROOT / "docs" / "datasette.json").read_text(encoding="utf-8"))

    async def get(url: str) -> Any:
        ds = datasette_app.Datasette([str(path)], metadata=meta)
        response = await ds.client.get(url)
        assert response.status_code == 200, response.text[:300]
        return response.json()

    found = asyncio.run(get("/marsad/documents.json?_search=الموصل&_shape=array"))
    assert len(found) == 1 and "الحويجة" in found[0]["title"]
    mentions = asyncio.run(get("/marsad/mentions.json?_shape=array&_size=1&_labels=on"))
    assert mentions[0]["doc_id"]["label"] and mentions[0]["entity_key"]["label"]
