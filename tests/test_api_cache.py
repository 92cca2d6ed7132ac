"""Map views and event totals kept by the server (marsad.services.cache): reused, bounded,
and never older than the store's newest document or the time limit."""

from __future__ import annotations

import gzip
from pathlib import Path

from fastapi.testclient import TestClient

from marsad.api.app import MapView, create_app
from marsad.api.inputs import ApiConfig
from marsad.services.analysis import default_settings
from marsad.services.cache import AnswerCache
from marsad.services.ingest import ingest
from marsad.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_reused_until_the_store_changes_or_it_is_too_old() -> None:
    clock = _Clock()
    cache: AnswerCache[bytes] = AnswerCache(size=2, ttl=30, clock=clock)
    made: list[str] = []

    def make(body: str) -> bytes:
        made.append(body)
        return body.encode()

    assert cache.get("a", 1, lambda: make("a1")) == b"a1"
    assert cache.get("a", 1, lambda: make("again")) == b"a1"  # reused
    assert cache.get("a", 2, lambda: make("a2")) == b"a2"  # a new document: made again
    clock.now += 31
    assert cache.get("a", 2, lambda: make("a3")) == b"a3"  # too old: made again
    cache.get("b", 2, lambda: make("b"))
    cache.get("c", 2, lambda: make("c"))  # three keys in a cache of two: "a" goes
    assert cache.get("a", 2, lambda: make("a4")) == b"a4"
    assert made == ["a1", "a2", "a3", "b", "c", "a4"]
    assert (cache.hits, cache.misses) == (1, 6)
    assert AnswerCache[bytes](size=0).get("x", 1, lambda: b"x") == b"x"  # keeps nothing


def _store_article(db: str, path: Path, text: str) -> None:
    """``text`` ingested into the store ``db`` while the server runs, as a user would."""
    path.write_text(text + "\n", encoding="utf-8")
    with Store.open(db) as store:
        assert ingest([str(path)], store).ingested == 1


def test_a_map_view_shows_a_new_document_at_once(tmp_path: Path) -> None:
    db = str(tmp_path / "cache.db")
    with Store.open(db) as store:
        ingest([str(EXAMPLES)], store)
    with TestClient(create_app(ApiConfig(db, default_settings(), cache_seconds=3600))) as c:
        first = c.get("/api/events.geojson", params={"limit": 1000})
        assert first.status_code == 200
        again = c.get("/api/events.geojson", params={"limit": 1000})
        assert again.content == first.content
        before = {f["properties"]["doc_id"] for f in first.json()["features"]}
        _store_article(
            db,
            tmp_path / "new.txt",
            "قتل خمسة مدنيين وأصيب ثمانية آخرون يوم الاثنين في غارة جوية استهدفت سوقا شعبيا "
            "في مدينة إدلب شمال غربي سوريا، بحسب ما أفاد الدفاع المدني السوري.",
        )
        after = c.get("/api/events.geojson", params={"limit": 1000}).json()["features"]
        new = {f["properties"]["doc_id"] for f in after} - before
        assert len(new) == 1, "the new document's event is on the map at once"
        # The events list's total is kept too, and counts the next document at once.
        total = c.get("/api/events", params={"limit": 1}).json()["total"]
        assert c.get("/api/events", params={"limit": 1}).json()["total"] == total
        _store_article(
            db,
            tmp_path / "second.txt",
            "قصفت مدفعية الجيش مواقع في ريف حماة الشمالي يوم الثلاثاء، ما أسفر عن مقتل ثلاثة "
            "مسلحين، وفق المرصد السوري لحقوق الإنسان.",
        )
        assert c.get("/api/events", params={"limit": 1}).json()["total"] > total


def test_a_cached_map_view_is_gzipped_once_and_served_plain_to_who_asks(tmp_path: Path) -> None:
    db = str(tmp_path / "cache.db")
    with Store.open(db) as store:
        ingest([str(EXAMPLES)], store)
    view = MapView.of(b'{"type": "FeatureCollection", "features": []}' * 100)
    assert gzip.decompress(view.gzipped) == view.body
    with TestClient(create_app(ApiConfig(db, default_settings(), cache_seconds=3600))) as c:
        params = {"limit": 1000}
        packed = c.get("/api/events.geojson", params=params, headers={"Accept-Encoding": "gzip"})
        plain = c.get("/api/events.geojson", params=params, headers={"Accept-Encoding": "identity"})
        assert packed.status_code == plain.status_code == 200
        assert packed.headers["content-encoding"] == "gzip"
        assert "content-encoding" not in plain.headers
        assert packed.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
        assert packed.content == plain.content  # the client's decoded body is the plain one
        assert plain.json()["features"], "the examples have geocoded events"
        assert packed.headers["content-type"] == plain.headers["content-type"]
