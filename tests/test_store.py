"""The corpus store's behaviour suite, run on SQLite and on a real PostgreSQL server.

Every test gets an empty store on each backend (``store_url``); PostgreSQL comes from Debian's
binaries started by the tests (tests/pg_server.py) and the PostgreSQL half skips without them.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import threading
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from corpus_texts import STORY_RECORDS, write_jsonl
from marsad.corpus.rows import document_rows
from marsad.errors import NotFoundError, QueryError
from marsad.extract.events.taxonomy import ACLED_TYPES
from marsad.services import export, queries
from marsad.services.analysis import analyze_inputs
from marsad.services.ingest import ingest, reanalyze
from marsad.services.queries import load_document
from marsad.store import Store
from marsad.store.schema import MIGRATIONS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def store(store_url: str) -> Store:
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def examples_store(store: Store) -> Store:
    report = ingest([str(EXAMPLES)], store)
    assert report.ingested == 9 and not report.failed
    return store


@pytest.fixture
def story_store(store: Store, tmp_path: Path) -> Store:
    ingest([str(write_jsonl(tmp_path / "story.jsonl", STORY_RECORDS))], store)
    return store


# -- schema and idempotence ------------------------------------------------------------------


def test_migrations_are_named_recorded_and_applied_once(store_url: str) -> None:
    with Store.open(store_url) as first:
        names = [m["name"] for m in first.migrations()]
    assert names == [m.name for m in MIGRATIONS]
    with Store.open(store_url) as again:
        assert again.migrate() == []


def test_a_stored_document_reads_back_exactly_as_analysed(examples_store: Store) -> None:
    analysed = {o.document.id: o.document for o in analyze_inputs([str(EXAMPLES)]) if o.document}
    assert len(analysed) == 9
    for doc_id, doc in analysed.items():
        stored = load_document(examples_store, doc_id)
        assert stored.to_dict() == doc.to_dict()
        assert stored.offset_errors() == []


def test_ingesting_again_stores_nothing_twice(examples_store: Store) -> None:
    before = examples_store.counts()
    report = ingest([str(EXAMPLES)], examples_store)
    assert (report.ingested, report.duplicates) == (0, 9)
    assert examples_store.counts() == before


def test_unknown_document_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        load_document(store, "nope")


# -- search ----------------------------------------------------------------------------------


def _ids(result: queries.SearchResult) -> set[str]:
    return {h.document["id"] for h in result.hits}


def test_search_matches_through_clitics_and_spelling(examples_store: Store) -> None:
    # The Hawija article writes بالموصل and الموصل; a query for the bare word finds it too.
    for query in ("الموصل", "موصل", "بالموصل", "البنتاجون"):
        result = queries.search(examples_store, query)
        assert result.total >= 1, query
    hit = queries.search(examples_store, "الموصل").hits[0]
    text = hit.document["text"]
    assert hit.snippet.highlights
    for start, end in hit.snippet.highlights:
        assert "موصل" in text[start:end]


def test_search_phrases_prefixes_and_exclusions(examples_store: Store) -> None:
    phrase = queries.search(examples_store, '"المرصد السوري لحقوق الإنسان"')
    assert phrase.total >= 1
    scrambled = queries.search(examples_store, '"الإنسان لحقوق السوري المرصد"')
    assert scrambled.total == 0
    prefix = queries.search(examples_store, "تظاهر*")
    assert prefix.total >= 1
    both = queries.search(examples_store, "سوريا")
    without = queries.search(examples_store, "سوريا -إدلب")
    assert 0 < without.total < both.total


def test_search_filters(examples_store: Store) -> None:
    everything = queries.search(examples_store, "قال", limit=50)
    assert everything.total >= 5
    dated = queries.search(
        examples_store, "قال", queries.make_filters(date_from="2017-09-01", date_to="2017-09-30")
    )
    assert dated.total and all("2017-09" in h.document["published"] for h in dated.hits)
    tunisia = queries.search(examples_store, "قال", queries.make_filters(place="TN"))
    assert tunisia.total == 1
    protests = queries.search(
        examples_store, "قال", queries.make_filters(event_type="peaceful_protest")
    )
    assert _ids(protests) <= _ids(everything) and protests.total >= 1
    syria = queries.search(examples_store, "قال", queries.make_filters(entity="سورية"))
    assert syria.total >= 1
    source = everything.hits[0].document["source"]
    by_source = queries.search(examples_store, "قال", queries.make_filters(source=source))
    assert all(h.document["source"] == source for h in by_source.hits)


@pytest.mark.parametrize(
    "query",
    ['"قوات', "-بغداد", "", "   ", "*", "ب*", "؟؟ !!", "x" * 1001],
)
def test_malformed_queries_are_clear_errors(examples_store: Store, query: str) -> None:
    with pytest.raises(QueryError):
        queries.search(examples_store, query)


def test_operators_in_a_query_are_words_not_syntax(examples_store: Store) -> None:
    # FTS5 and tsquery operators typed by a user must not reach the engine as syntax.
    for query in ("NOT OR AND", "قوات)(", "a:b", "' OR 1=1 --", "NEAR(قوات"):
        queries.search(examples_store, query)  # no exception


@pytest.mark.parametrize(
    "kwargs",
    [
        {"date_from": "2017-13-01"},
        {"date_from": "2018-01-02", "date_to": "2018-01-01"},
        {"event_type": "bombing"},
        {"min_confidence": "-0.1"},
        {"min_confidence": 1.5},
        {"min_confidence": "sure"},
        {"min_confidence": "nan"},
        {"min_confidence": True},
    ],
)
def test_bad_filters_are_clear_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(QueryError) as raised:
        queries.make_filters(**kwargs)
    assert raised.value.code == "M051"
    if "min_confidence" in kwargs:
        assert "--min-confidence" in raised.value.message


def test_min_confidence_is_read_from_text_and_blank_is_none() -> None:
    assert queries.make_filters(min_confidence=" 0.75 ").min_confidence == 0.75
    assert queries.make_filters(min_confidence=0).min_confidence == 0.0
    assert queries.make_filters(min_confidence="").min_confidence is None
    assert queries.make_filters().min_confidence is None


# -- stories and events ----------------------------------------------------------------------


def test_copies_and_rewrites_join_one_story(story_store: Store) -> None:
    docs = {r["url"]: r for r in story_store.documents(limit=10)}
    a, b, c, d = (docs[f"https://example.org/{x}"] for x in "abcd")
    assert b["story_id"] == c["story_id"] == a["id"]
    assert c["duplicate_of"] == a["id"]  # a near-exact copy
    assert b["duplicate_of"] is None  # a rewrite: same story, not a copy
    assert d["story_id"] == d["id"]
    counts = story_store.counts()
    assert counts["documents"] == 4 and counts["stories"] == 2


def test_a_story_event_is_counted_once(story_store: Store) -> None:
    f = queries.make_filters(event_type="shelling_artillery_missile_attack")
    total, rows = queries.events(story_store, f)
    assert total == 1 and rows[0]["fatalities"] == 5 and rows[0]["place_en"] == "Kafranbel"
    total_all, _ = queries.events(story_store, f, with_duplicates=True)
    assert total_all == 3
    out = io.StringIO()
    export.export_acled_csv(story_store, out)
    shelling = [
        r
        for r in csv.DictReader(io.StringIO(out.getvalue()))
        if r["sub_event_type"] == "Shelling/artillery/missile attack"
    ]
    assert len(shelling) == 1
    geo = io.StringIO()
    export.export_geojson(story_store, geo)
    features = json.loads(geo.getvalue())["features"]
    assert (
        sum(f["properties"]["sub_type"] == "shelling_artillery_missile_attack" for f in features)
        == 1
    )


def test_events_filters_and_paging(examples_store: Store) -> None:
    total, first = queries.events(examples_store, limit=3)
    assert total >= 10 and len(first) == 3
    _, second = queries.events(examples_store, limit=3, offset=3)
    assert {(r["doc_id"], r["id"]) for r in first}.isdisjoint(
        (r["doc_id"], r["id"]) for r in second
    )
    _, yemen = queries.events(examples_store, country="ye")
    assert yemen and all(r["country"] == "YE" for r in yemen)
    with pytest.raises(QueryError):
        queries.events(examples_store, country="Yemen")
    with pytest.raises(QueryError):
        queries.events(examples_store, limit=0)


def _sure_enough(row: dict[str, object], least: float) -> bool:
    confidence = row["confidence"]
    return isinstance(confidence, float) and confidence >= least


def test_events_filter_on_confidence(examples_store: Store) -> None:
    store = examples_store
    # One event without a confidence (as a rules-only pipeline stores them).
    unsure = store.db.rows("SELECT doc_id, id FROM events ORDER BY confidence DESC")[0]
    with store.transaction():
        store.db.execute(
            "UPDATE events SET confidence = NULL WHERE doc_id = ? AND id = ?",
            (unsure["doc_id"], unsure["id"]),
        )
    stored = store.db.rows("SELECT doc_id, id, type, sub_type, date, confidence FROM events")
    least = sorted(r["confidence"] for r in stored if r["confidence"] is not None)[len(stored) // 2]

    total, _ = queries.events(store, with_duplicates=True, limit=1_000)
    assert total == len(stored)  # no minimum: the event without a confidence is kept
    f = queries.make_filters(min_confidence=least)
    total, rows = queries.events(store, f, with_duplicates=True, limit=1_000)
    expected = {(r["doc_id"], r["id"]) for r in stored if _sure_enough(r, least)}
    assert 0 < total < len(stored) and total == len(expected)
    assert {(r["doc_id"], r["id"]) for r in rows} == expected  # the minimum itself is kept
    assert (unsure["doc_id"], unsure["id"]) not in expected
    zero = queries.make_filters(min_confidence="0")
    assert queries.events(store, zero, with_duplicates=True)[0] == len(stored) - 1
    assert queries.events(store, queries.make_filters(min_confidence=1))[0] == 0
    # The timeline and the map count the same events.
    timeline = queries.event_timeline(store, f, with_duplicates=True)
    dated = [r for r in stored if _sure_enough(r, least) and len(r["date"] or "") >= 7]
    assert sum(r["events"] for r in timeline) == len(dated)
    placed = sum(p["events"] for p in queries.event_points(store, f, with_duplicates=True))
    assert placed == sum(r["lat"] is not None for r in rows)
    # With a type, with the other filters: the type and the minimum hold for the same event.
    strike = "air_drone_strike"
    typed = queries.make_filters(event_type=strike, min_confidence=least)
    _, rows = queries.events(store, typed, with_duplicates=True, limit=1_000)
    assert rows and all(r["sub_type"] == strike and r["confidence"] >= least for r in rows)


def test_documents_with_an_event_of_a_type_at_least_this_sure(examples_store: Store) -> None:
    store = examples_store
    stored = store.db.rows("SELECT doc_id, type, sub_type, confidence FROM events")
    strike = "air_drone_strike"
    strikes = [r for r in stored if strike in (r["type"], r["sub_type"])]
    assert len({r["doc_id"] for r in strikes}) >= 2
    # Between the documents' best strikes: one document has a strike that sure, one has not.
    best = sorted(
        {
            max(r["confidence"] for r in strikes if r["doc_id"] == d)
            for d in {r["doc_id"] for r in strikes}
        }
    )
    least = (best[0] + best[-1]) / 2
    expected = {r["doc_id"] for r in strikes if r["confidence"] >= least}
    typed = queries.make_filters(event_type=strike)
    sure = queries.make_filters(event_type=strike, min_confidence=least)
    all_docs = {d["id"] for d in queries.documents(store, typed)}
    assert {d["id"] for d in queries.documents(store, sure)} == expected
    assert expected < all_docs
    # Without a type, the minimum does not filter documents (it is a filter of events).
    alone = queries.make_filters(min_confidence=0.99)
    assert len(queries.documents(store, alone)) == len(queries.documents(store))


def test_exports_honour_the_minimum_confidence(examples_store: Store) -> None:
    store = examples_store
    stored = store.db.rows("SELECT type, confidence FROM events")
    least = 0.5
    sure = sum(r["confidence"] >= least for r in stored)
    assert 0 < sure < len(stored)
    out = io.StringIO()
    # The ACLED CSV holds ACLED's types; the political interactions are the PLOVER export's.
    acled = sum(r["confidence"] >= least and r["type"] in ACLED_TYPES for r in stored)
    assert export.export_acled_csv(store, out, min_confidence=least) == acled
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert all(float(r["marsad_confidence"]) >= least for r in rows)
    out = io.StringIO()
    assert export.export_jsonl(store, out, min_confidence=least) == 9  # every document
    events = [v for line in out.getvalue().splitlines() for v in json.loads(line)["events"]]
    assert len(events) == sure and all(v["confidence"] >= least for v in events)
    geo = io.StringIO()
    written, skipped = export.export_geojson(store, geo, queries.make_filters(min_confidence=least))
    features = json.loads(geo.getvalue())["features"]
    assert written + skipped == sure
    assert all(f["properties"]["confidence"] >= least for f in features)


# -- entities and figures --------------------------------------------------------------------


def test_entities_resolve_across_documents(examples_store: Store) -> None:
    rows = queries.entities(examples_store, name="سوريا", limit=5)
    syria = next(r for r in rows if r["key"] == "kb:Q858")
    assert syria["documents"] >= 3 and syria["first_seen"] <= syria["last_seen"]
    found = queries.entity(examples_store, "kb:Q858")
    assert found["mentions"] == syria["mentions"] and found["recent"]
    doc = load_document(examples_store, found["recent"][0]["doc_id"])
    m = found["recent"][0]
    assert doc.text[m["start"] : m["end"]] == m["text"]
    with pytest.raises(NotFoundError):
        queries.entity(examples_store, "kb:Q0")


_EXACT_STATS = (
    "SELECT m.entity_key AS key, count(*) AS mentions, count(DISTINCT m.doc_id) AS documents, "
    "min(d.published) AS first_seen, max(d.published) AS last_seen FROM mentions m "
    "JOIN documents d ON d.id = m.doc_id GROUP BY m.entity_key ORDER BY m.entity_key"
)


def _kept_stats(store: Store) -> list[dict[str, object]]:
    return store.db.rows(
        "SELECT key, mentions, documents, first_seen, last_seen FROM entity_stats ORDER BY key"
    )


def test_entity_counts_kept_as_documents_are_written_and_reanalysed(store: Store) -> None:
    ingest([str(EXAMPLES)], store)
    exact = store.db.rows(_EXACT_STATS)
    assert len(exact) > 50 and _kept_stats(store) == exact
    # Reanalysis with fewer facts: the counts are recomputed, not left behind.
    doc_id = store.db.scalar("SELECT doc_id FROM mentions GROUP BY doc_id ORDER BY doc_id")
    doc = load_document(store, doc_id)
    emptied = dataclasses.replace(
        doc, entities=(), places=(), times=(), quantities=(), quotes=(), events=()
    )
    store.replace_facts(document_rows(emptied, ingested_at="x", analyzed_at="y"))
    assert _kept_stats(store) == store.db.rows(_EXACT_STATS)
    # A store made before the counts existed gets them from the migration.
    store.db.execute("DELETE FROM entity_stats")
    store.db.execute("DELETE FROM migrations WHERE name = '0003_entity_stats'")
    store.db.execute("DROP TABLE entity_stats")
    assert store.migrate() == ["0003_entity_stats"]
    assert _kept_stats(store) == store.db.rows(_EXACT_STATS)


def test_search_facets_count_the_hits(examples_store: Store) -> None:
    from marsad.corpus.search import parse_query
    from marsad.store import Filters

    query = parse_query("سوريا")
    total, _ = examples_store.search(query.clauses, Filters(), limit=50)
    facets = examples_store.search_facets(query.clauses, Filters())
    assert sum(r["n"] for r in facets["source"]) <= total
    assert facets["month"] == sorted(facets["month"], key=lambda r: r["value"])
    assert all(len(r["value"]) == 7 for r in facets["month"])
    syria = next(r for r in facets["entity"] if r["value"] == "kb:Q858")
    assert syria["n"] == total  # every hit mentions the country searched for
    assert {r["value"] for r in facets["type"]} <= set(queries.EVENT_TYPES)


def test_event_timeline_and_map_points_agree_with_the_event_list(examples_store: Store) -> None:
    from marsad.store import Filters

    _, rows = queries.events(examples_store, limit=1000)
    timeline = examples_store.event_timeline(Filters())
    monthly = sum(1 for r in rows if r["date"] and len(r["date"]) >= 7)
    assert sum(r["events"] for r in timeline) == monthly
    points = examples_store.event_points(Filters())
    assert sum(p["events"] for p in points) == sum(1 for r in rows if r["lat"] is not None)
    yemen = examples_store.event_points(Filters(), country="YE")
    assert yemen and all(p["country"] == "YE" for p in yemen)


def test_figures_follow_one_subject(examples_store: Store) -> None:
    rows = queries.figures(examples_store, "الصادرات")
    assert rows
    for r in rows:
        doc = load_document(examples_store, r["doc_id"])
        assert doc.text[r["start"] : r["end"]] == r["text"]
    with pytest.raises(QueryError):
        queries.figures(examples_store, "ا")


# -- reanalyze and exports -------------------------------------------------------------------


def test_reanalyze_fills_documents_stored_without_analysis(store: Store) -> None:
    ingest([str(EXAMPLES)], store, analyze=False)
    assert store.counts()["events"] == 0
    assert queries.search(store, "الموصل").total >= 1  # indexed all the same
    report = reanalyze(store)
    assert report.reanalyzed == 9 and not report.failed
    assert store.counts()["events"] > 0
    assert reanalyze(store).reanalyzed == 0  # nothing older left
    analysed = next(o.document for o in analyze_inputs([str(EXAMPLES / "05-tunis-protest.json")]))
    assert analysed is not None
    assert load_document(store, analysed.id).to_dict() == analysed.to_dict()


def test_exports(examples_store: Store, tmp_path: Path) -> None:
    out = io.StringIO()
    assert export.export_jsonl(examples_store, out) == 9
    lines = out.getvalue().splitlines()
    assert all(json.loads(line)["schema"] == "marsad.document/1" for line in lines)
    counts = export.export_parquet(examples_store, tmp_path / "tables")
    stored = examples_store.counts()
    for table in ("documents", "mentions", "places", "events"):
        assert pq.read_table(tmp_path / "tables" / f"{table}.parquet").num_rows == stored[table]
        assert counts[table] == stored[table]
    geo = io.StringIO()
    written, skipped = export.export_geojson(examples_store, geo)
    collection = json.loads(geo.getvalue())
    assert len(collection["features"]) == written and written + skipped == stored["events"]
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


# -- concurrent writers ----------------------------------------------------------------------


def _run_together(jobs: list[Any]) -> list[BaseException]:
    """Run the callables in threads started at once; the exceptions they raised."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Any) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as exc:  # collected, asserted on by the caller
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    return errors


def test_concurrent_first_starts_migrate_once(store_url: str) -> None:
    """Four processes opening a new store at once (each its own connection): on PostgreSQL
    1–3 of them used to fail with a duplicate key while creating the same tables."""

    def start() -> None:
        Store.open(store_url).close()

    assert _run_together([start] * 4) == []
    with Store.open(store_url) as store:
        names = [m["name"] for m in store.migrations()]
    assert names == [m.name for m in MIGRATIONS]


_NAMES = [f"اسم{i}" for i in range(40)]


def _named_document(number: int, names: list[str]) -> Any:
    """A document mentioning ``names`` in this order (its rows, ready to store)."""
    from marsad.doc import Document, Entity

    text = " ".join(names) + f" {number}"
    entities, at = [], 0
    for i, name in enumerate(names):
        entities.append(Entity(f"e{i + 1}", "PER", at, at + len(name), name, canonical=name))
        at += len(name) + 1
    doc = Document(text=text, id=f"doc{number:04d}", entities=tuple(entities))
    return document_rows(doc, ingested_at="2026-12-07", analyzed_at="2026-12-07")


def test_concurrent_writers_sharing_entities_do_not_deadlock(store_url: str) -> None:
    """Two ingests whose batches count the same entities in opposite orders: on PostgreSQL
    their entity_stats upserts deadlocked. Both finish, and the counts are exact."""
    forward = [_named_document(n, _NAMES) for n in range(0, 30)]
    backward = [_named_document(n, _NAMES[::-1]) for n in range(30, 60)]

    def writer(docs: list[Any]) -> Any:
        def write() -> None:
            with Store.open(store_url) as store:
                for i in range(0, len(docs), 5):
                    with store.transaction():
                        for rows in docs[i : i + 5]:
                            store.add_document(rows, index_text="")

        return write

    Store.open(store_url).close()  # migrated first: this test is about the writers
    assert _run_together([writer(forward), writer(backward)]) == []
    with Store.open(store_url) as store:
        assert store.counts()["documents"] == 60
        assert _kept_stats(store) == store.db.rows(_EXACT_STATS)
        assert {r["documents"] for r in _kept_stats(store)} == {60}


def test_entities_by_name_page_through_every_match(examples_store: Store) -> None:
    """The entity a name stands for comes first on page 1, on top of the page: it used to
    push the page's last rows out, and page 2 (at offset = limit) never showed them."""
    name = "الجيش"
    every = examples_store.entities(name_key=queries._key_or_name(name), limit=100, offset=0)
    assert len(every) >= 3
    first = queries.entities(examples_store, name=name, limit=2)
    second = queries.entities(examples_store, name=name, limit=2, offset=2)
    listed = {r["key"] for r in (*first, *second)}
    assert {r["key"] for r in every[:4]} <= listed
