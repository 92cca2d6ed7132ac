"""The REST API in-process (FastAPI's TestClient) over a real store with the examples."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.api.app import create_app
from marsad.api.inputs import ApiConfig
from marsad.extract.events.taxonomy import ACLED_TYPES
from marsad.services.analysis import analyze_inputs, default_settings
from marsad.services.ingest import ingest
from marsad.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("api") / "api.db")
    with Store.open(path) as store:
        ingest([str(EXAMPLES)], store)
    return path


@pytest.fixture(scope="module")
def client(store_path: str) -> Iterator[TestClient]:
    app = create_app(ApiConfig(store_path, default_settings(), max_analyze_bytes=20_000))
    with TestClient(app) as c:
        yield c


def _error_code(response: object) -> str:
    return str(response.json()["error"]["code"])  # type: ignore[attr-defined]


def test_documents_list_and_one_in_the_contract(client: TestClient) -> None:
    listed = client.get("/api/documents", params={"limit": 5}).json()["documents"]
    assert len(listed) == 5
    doc = client.get(f"/api/documents/{listed[0]['id']}").json()
    assert doc["schema"] == "marsad.document/1" and doc["id"] == listed[0]["id"]
    for e in doc["entities"]:
        assert doc["text"][e["start"] : e["end"]] == e["text"]


def test_search_events_entities_figures(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "بالموصل"}).json()
    assert found["total"] >= 1 and found["hits"][0]["highlights"]
    events = client.get("/api/events", params={"country": "YE"}).json()
    assert events["total"] >= 1 and all(e["country"] == "YE" for e in events["events"])
    geo = client.get("/api/events.geojson").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    entities = client.get("/api/entities", params={"name": "سورية"}).json()["entities"]
    key = entities[0]["key"]
    one = client.get(f"/api/entities/{key}").json()
    assert one["key"] == key and one["mentions"] >= 1
    figures = client.get("/api/figures", params={"subject": "الصادرات"}).json()
    assert figures["figures"]


def test_exports_download(client: TestClient) -> None:
    response = client.get("/api/export/acled-csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and "event_date" in rows[0]
    lines = client.get("/api/export/jsonl").text.splitlines()
    assert len(lines) == 9 and json.loads(lines[0])["schema"] == "marsad.document/1"


def test_min_confidence_parameter(client: TestClient) -> None:
    every = client.get("/api/events", params={"limit": 1000}).json()
    sure = client.get("/api/events", params={"limit": 1000, "min_confidence": "0.5"}).json()
    assert 0 < sure["total"] < every["total"]
    assert sure["total"] == sum(e["confidence"] >= 0.5 for e in every["events"])
    assert all(e["confidence"] >= 0.5 for e in sure["events"])
    blank = client.get("/api/events", params={"min_confidence": ""}).json()
    assert blank["total"] == every["total"]  # an empty form field is no filter
    geo = client.get("/api/events.geojson", params={"min_confidence": 0.5}).json()
    assert all(f["properties"]["confidence"] >= 0.5 for f in geo["features"])
    csv_text = client.get("/api/export/acled-csv", params={"min_confidence": 0.5}).text
    # The ACLED CSV holds ACLED's types (the political interactions are the PLOVER export's).
    acled = [e for e in sure["events"] if e["type"] in ACLED_TYPES]
    assert len(list(csv.DictReader(io.StringIO(csv_text)))) == len(acled)
    lines = client.get("/api/export/jsonl", params={"min_confidence": 0.5}).text.splitlines()
    events = [v for line in lines for v in json.loads(line)["events"]]
    assert len(lines) == 9 and len(events) == sure["total"]
    strike = {"type": "air_drone_strike"}
    docs = client.get("/api/documents", params=strike).json()["documents"]
    fewer = client.get("/api/documents", params=strike | {"min_confidence": 0.7}).json()
    assert 0 < len(fewer["documents"]) < len(docs)
    params = client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]
    assert "min_confidence" in {p["name"] for p in params}


def test_analyze_a_text(client: TestClient) -> None:
    body = {"text": "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب أمس.", "published": "2019-03-04"}
    doc = client.post("/api/analyze", json=body).json()
    assert doc["events"] and doc["meta"]["published"] == "2019-03-04"


def test_analyze_gives_the_document_of_the_same_json_input(
    client: TestClient, tmp_path: Path
) -> None:
    """One input path: the API reads its body with the record reader of a .json input."""
    record = {
        "text": "قال وزير الخارجية إن الوفد وصل إلى بغداد أمس لبحث ملف الحدود.",
        "title": "وصول الوفد",
        "published": "2020-02-03",
    }
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (outcome,) = analyze_inputs([str(path)], settings=default_settings())
    assert outcome.document is not None
    from_api = client.post("/api/analyze", json=record).json()
    assert from_api == outcome.document.to_dict()


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status", "code"),
    [
        ("get", "/api/documents/nope", {}, 404, "M052"),
        ("get", "/api/no-such-route", {}, 404, "M052"),
        ("get", "/api/analyze", {}, 405, "M051"),
        ("get", "/api/entities/kb:Q0", {}, 404, "M052"),
        ("get", "/api/search", {"params": {"q": '"unclosed'}}, 400, "M051"),
        ("get", "/api/search", {}, 400, "M051"),
        ("get", "/api/events", {"params": {"from": "2018-99-01"}}, 400, "M051"),
        ("get", "/api/events", {"params": {"limit": "many"}}, 400, "M051"),
        ("get", "/api/export/xlsx", {}, 400, "M051"),
        ("get", "/api/events", {"params": {"min_confidence": "high"}}, 400, "M051"),
        ("get", "/api/events", {"params": {"min_confidence": "1.01"}}, 400, "M051"),
        ("get", "/api/events.geojson", {"params": {"min_confidence": "-1"}}, 400, "M051"),
        ("get", "/api/documents", {"params": {"min_confidence": "NaN"}}, 400, "M051"),
        ("get", "/api/export/acled-csv", {"params": {"min_confidence": "x"}}, 400, "M051"),
        ("post", "/api/analyze", {"content": b"not json"}, 400, "M051"),
        ("post", "/api/analyze", {"json": {"text": "   "}}, 400, "M003"),
        ("post", "/api/analyze", {"json": {"text": "ب" * 30_000}}, 413, "M006"),
    ],
)
def test_errors_are_json_with_a_code(
    client: TestClient, method: str, url: str, kwargs: dict[str, object], status: int, code: str
) -> None:
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status
    assert _error_code(response) == code and response.json()["error"]["message"]


def test_writes_need_the_token_when_one_is_set(store_path: str) -> None:
    app = create_app(ApiConfig(store_path, default_settings(), token="s3cret"))
    with TestClient(app) as c:
        body = {"text": "قال المتحدث إن الوضع هادئ."}
        refused = c.post("/api/analyze", json=body)
        assert refused.status_code == 401 and _error_code(refused) == "M060"
        allowed = c.post("/api/analyze", json=body, headers={"Authorization": "Bearer s3cret"})
        assert allowed.status_code == 200
        assert c.get("/api/documents").status_code == 200  # reads stay open


def test_openapi_documents_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/search", "/api/events", "/api/entities/{key}", "/api/analyze"):
        assert route in paths


# -- an entity by any of its names (issue 22) -------------------------------------------------


def _doc_ids(client: TestClient, **params: str) -> list[str]:
    response = client.get("/api/search", params={"q": "في", **params})
    assert response.status_code == 200, response.text
    return sorted(h["id"] for h in response.json()["hits"])


def test_entity_filter_takes_any_name_of_the_entity(client: TestClient) -> None:
    by_key = _doc_ids(client, entity="kb:Q2429253")
    assert by_key
    for name in ("داعش", "Islamic State", "ISIL", "تنظيم الدولة"):
        assert _doc_ids(client, entity=name) == by_key, name
    events = client.get("/api/events", params={"entity": "kb:Q2429253"}).json()
    assert events["total"] >= 1
    for name in ("داعش", "Islamic State"):
        assert client.get("/api/events", params={"entity": name}).json() == events
    listed = client.get("/api/entities", params={"name": "Islamic State"}).json()["entities"]
    assert listed[0]["key"] == "kb:Q2429253" and listed[0]["name"] == "تنظيم الدولة الإسلامية"
    one = client.get("/api/entities/داعش").json()
    assert one["key"] == "kb:Q2429253" and one["mentions"] >= 1


def test_an_unknown_or_ambiguous_entity_name_is_a_json_error(client: TestClient) -> None:
    for url in ("/api/search", "/api/events", "/api/documents", "/api/events.geojson"):
        # Only search takes ``q`` (an unknown parameter is refused, M063).
        query = {"q": "في"} if url == "/api/search" else {}
        response = client.get(url, params={**query, "entity": "دونالد ترامب"})
        assert response.status_code == 404 and _error_code(response) == "M080", url
    response = client.get("/api/entities", params={"name": "زززز"})
    assert response.status_code == 404 and _error_code(response) == "M080"
    response = client.get("/api/search", params={"q": "في", "entity": "جيش"})
    assert response.status_code == 400 and _error_code(response) == "M081"
    candidates = response.json()["error"]["candidates"]
    names = {c["name"] for c in candidates}
    assert {"الجيش الروسي", "الجيش العربي السوري"} <= names
    assert all(c["key"] and c["mentions"] >= 1 for c in candidates)


def test_geojson_takes_a_box_and_a_limit_and_is_compressed(client: TestClient) -> None:
    """A map asks for its view (bbox) and a bounded number of points; the answer says when
    it was cut, and travels compressed."""
    everything = client.get("/api/events.geojson").json()["features"]
    assert len(everything) >= 3
    # A box around the Levant and Iraq: every point inside, and fewer than the world.
    levant = client.get("/api/events.geojson", params={"bbox": "34,29,49,38"}).json()
    inside = levant["features"]
    assert inside and len(inside) < len(everything)
    for f in inside:
        lon, lat = f["geometry"]["coordinates"]
        assert 34 <= lon <= 49 and 29 <= lat <= 38
    assert "marsad" not in levant  # no limit asked: nothing to say
    cut = client.get("/api/events.geojson", params={"limit": 1}).json()
    assert len(cut["features"]) == 1 and cut["marsad"] == {"limit": 1, "more": True}
    assert cut["features"][0] == everything[0]  # newest first, as the full collection
    whole = client.get("/api/events.geojson", params={"limit": 10_000}).json()
    assert whole["marsad"] == {"limit": 10_000, "more": False}
    for bad in ("1,2,3", "a,b,c,d", "50,0,40,10", "0,0,200,10", "nan,0,1,1"):
        response = client.get("/api/events.geojson", params={"bbox": bad})
        assert response.status_code == 400 and _error_code(response) == "M051", bad
    response = client.get("/api/events.geojson", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["features"] == everything


def test_an_event_row_carries_the_exports_id(client: TestClient) -> None:
    """/api/events gives each event the event_id_cnty the GeoJSON (and the CSV) give it."""
    rows = client.get("/api/events", params={"limit": 1000}).json()["events"]
    features = client.get("/api/events.geojson").json()["features"]
    by_key = {(r["doc_id"], r["id"]): r["event_id_cnty"] for r in rows}
    assert features and len(set(by_key.values())) == len(by_key)
    for f in features:
        p = f["properties"]
        assert p["event_id_cnty"] == by_key[(p["doc_id"], p["id"])]
    assert all("doc_seq" not in r and "ordinal" not in r for r in rows)
