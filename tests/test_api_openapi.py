"""Issue 23: the OpenAPI document describes the server as it answers, and every filter a
route takes is applied.

The real app (FastAPI's TestClient) over a real store of the examples and a near copy of one
of them (so that one story has a copied event), as in test_api.py.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from marsad.api.app import create_app
from marsad.api.inputs import ApiConfig
from marsad.corpus.rows import key_text
from marsad.services.analysis import default_settings
from marsad.services.ingest import ingest
from marsad.store import Store

openapi_spec_validator = pytest.importorskip("openapi_spec_validator")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
Row = dict[str, Any]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("openapi")
    record = json.loads((EXAMPLES / "01-idlib-airstrike.json").read_text(encoding="utf-8"))
    # A wire copy of the first example in another outlet, a day later: one story, its
    # events copies of the first one's.
    copy_of = record | {
        "text": record["text"] + "\nوأفاد ناشطون بأن الطائرات حلقت فوق المنطقة.",
        "source": "نشرة الأخبار المنقولة",
        "published": "2017-09-20",
    }
    (folder / "copy.jsonl").write_text(json.dumps(copy_of, ensure_ascii=False) + "\n", "utf-8")
    path = str(folder / "api.db")
    with Store.open(path) as store:
        ingest([str(EXAMPLES), str(folder / "copy.jsonl")], store)
    return path


@pytest.fixture(scope="module")
def client(store_path: str) -> Iterator[TestClient]:
    with TestClient(create_app(ApiConfig(store_path, default_settings()))) as c:
        yield c


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    return dict(client.get("/openapi.json").json())


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            yield path, method, op


# -- the document itself ---------------------------------------------------------------------


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_spec_is_valid_openapi(spec: dict[str, Any]) -> None:
    openapi_spec_validator.validate(spec)
    schemas = spec["components"]["schemas"]
    refs = set(_refs(spec))
    assert "#/components/schemas/Document" in refs
    for ref in refs:
        assert ref.removeprefix("#/components/schemas/") in schemas, f"{ref} does not resolve"


def test_every_200_has_a_non_empty_schema_for_each_media_type(spec: dict[str, Any]) -> None:
    seen = 0
    for path, method, op in _operations(spec):
        ok = op["responses"].get("200")
        assert ok is not None, f"{method} {path} documents no 200"
        assert ok.get("content"), f"{method} {path}: the 200 has no content"
        for media, body in ok["content"].items():
            assert body.get("schema"), f"{method} {path} {media}: empty schema"
            seen += 1
    assert seen >= 13


def test_errors_are_documented_as_the_server_answers(spec: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, method, op in _operations(spec):
        responses = op["responses"]
        assert "422" not in responses, f"{method} {path} documents FastAPI's 422"
        for status in ("400", "500", "503"):
            assert status in responses, f"{method} {path} leaves out {status}"
        for status, response in responses.items():
            if status != "200":
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, (path, status)
    error = spec["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"code", "message"}


def test_analyze_has_its_body_and_a_bearer_scheme(spec: dict[str, Any], store_path: str) -> None:
    analyze = spec["paths"]["/api/analyze"]["post"]
    body = analyze["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/AnalyzeRequest"}
    request = spec["components"]["schemas"]["AnalyzeRequest"]
    assert request["required"] == ["text"] and {"published", "title"} <= set(request["properties"])
    assert not [p for p in analyze.get("parameters", []) if p["in"] == "header"]
    scheme = spec["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    # Without a token the route is open: the scheme is one of the choices, beside none.
    assert analyze["security"] == [{}, {"bearer": []}]
    with TestClient(create_app(ApiConfig(store_path, default_settings(), token="t"))) as c:
        closed = c.get("/openapi.json").json()["paths"]["/api/analyze"]["post"]
        assert closed["security"] == [{"bearer": []}]
        text = {"text": "قال المتحدث إن الوضع هادئ."}
        assert c.post("/api/analyze", json=text).status_code == 401
        wrong = c.post("/api/analyze", json=text, headers={"Authorization": "Bearer x"})
        assert wrong.status_code == 401
        assert c.post("/api/analyze", json=text, headers={"Authorization": "bearer t"}).is_success


# -- answers against the document -----------------------------------------------------------


def _closed(schema: Any) -> Any:
    """The schema with every object closed: an answer's key that the spec does not declare
    fails validation (the spec leaves them open to clients, for later additions)."""
    if isinstance(schema, dict):
        out = {k: _closed(v) for k, v in schema.items()}
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_closed(v) for v in schema]
    return schema


def _check(
    spec: dict[str, Any], path: str, method: str, status: int, media: str, body: Any
) -> None:
    response = spec["paths"][path][method]["responses"].get(str(status))
    assert response is not None, f"{method} {path} answered {status}, which it does not document"
    schema = response["content"][media]["schema"]
    root = _closed({**schema, "components": spec["components"]})
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(root).iter_errors(body)
    ]
    assert not problems, f"{method} {path} {status}: {problems[:5]}"


def test_every_route_answers_as_its_schema_says(client: TestClient, spec: dict[str, Any]) -> None:
    doc_id = client.get("/api/documents").json()["documents"][0]["id"]
    key = client.get("/api/entities", params={"label": "LOC"}).json()["entities"][0]["key"]
    gets = [
        ("/api", "/api", {}),
        ("/api/documents", "/api/documents", {"limit": 1000}),
        ("/api/documents/{doc_id}", f"/api/documents/{doc_id}", {}),
        ("/api/search", "/api/search", {"q": "قال", "limit": 100}),
        ("/api/events", "/api/events", {"limit": 1000, "with_duplicates": "true"}),
        ("/api/events.geojson", "/api/events.geojson", {}),
        ("/api/entities", "/api/entities", {"limit": 1000}),
        ("/api/entities/{key}", f"/api/entities/{key}", {}),
        ("/api/figures", "/api/figures", {"subject": "الصادرات"}),
        ("/api/export/{fmt}", "/api/export/geojson", {}),
    ]
    for path, url, params in gets:
        response = client.get(url, params=params)
        media = response.headers["content-type"].split(";")[0]
        _check(spec, path, "get", response.status_code, media, response.json())
    answer = client.post("/api/analyze", json={"text": "قصفت طائرات حربية بلدة كفرنبل أمس."})
    _check(spec, "/api/analyze", "post", answer.status_code, "application/json", answer.json())


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("jsonl", "application/x-ndjson"),
        ("acled-csv", "text/csv"),
        ("plover-csv", "text/csv"),
        ("geojson", "application/geo+json"),
    ],
)
def test_downloads_have_their_declared_media_type(
    client: TestClient, spec: dict[str, Any], fmt: str, media: str
) -> None:
    response = client.get(f"/api/export/{fmt}")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    declared = spec["paths"]["/api/export/{fmt}"]["get"]["responses"]["200"]["content"]
    assert media in declared and "application/json" not in declared
    enum = spec["paths"]["/api/export/{fmt}"]["get"]["parameters"][0]["schema"]["enum"]
    assert fmt in enum
    geo = spec["paths"]["/api/events.geojson"]["get"]["responses"]["200"]["content"]
    assert list(geo) == ["application/geo+json"]


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status", "code"),
    [
        ("get", "/api/documents/nope", {}, 404, "M052"),
        ("get", "/api/entities/kb:Q0", {}, 404, "M052"),
        ("get", "/api/search", {}, 400, "M051"),
        ("get", "/api/events", {"params": {"limit": "many"}}, 400, "M051"),
        ("get", "/api/entities", {"params": {"label": "CITY"}}, 400, "M051"),
        ("get", "/api/events.geojson", {"params": {"country": "X1"}}, 400, "M051"),
        ("get", "/api/entities", {"params": {"from": "2017-01-01"}}, 400, "M063"),
        ("get", "/api/documents", {"params": {"country": "SY"}}, 400, "M063"),
        ("get", "/api/export/jsonl", {"params": {"limit": "5"}}, 400, "M063"),
        ("get", "/api/export/jsonl", {"params": {"with_duplicates": "1"}}, 400, "M051"),
        ("get", "/api/export/xlsx", {}, 400, "M051"),
        ("post", "/api/analyze", {"content": b"not json"}, 400, "M051"),
        ("post", "/api/analyze?lang=ar", {"json": {"text": "نص"}}, 400, "M063"),
    ],
)
def test_error_answers_match_the_route_documentation(
    client: TestClient,
    spec: dict[str, Any],
    method: str,
    url: str,
    kwargs: dict[str, Any],
    status: int,
    code: str,
) -> None:
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status and response.json()["error"]["code"] == code
    template = {
        "/api/documents/nope": "/api/documents/{doc_id}",
        "/api/entities/kb:Q0": "/api/entities/{key}",
        "/api/export/jsonl": "/api/export/{fmt}",
        "/api/export/xlsx": "/api/export/{fmt}",
    }
    path = template.get(url, url.split("?")[0])
    _check(spec, path, method, status, "application/json", response.json())


# -- every filter on every route ------------------------------------------------------------


def _all_events(client: TestClient) -> list[Row]:
    page = client.get("/api/events", params={"limit": 1000, "with_duplicates": "true"}).json()
    assert page["total"] == len(page["events"])
    return list(page["events"])


def _all_documents(client: TestClient) -> dict[str, Row]:
    listed = client.get("/api/documents", params={"limit": 1000}).json()["documents"]
    return {d["id"]: client.get(f"/api/documents/{d['id']}").json() for d in listed}


class Probe:
    """The values filtered on, taken from the store: each narrows every route it applies to."""

    def __init__(self, client: TestClient) -> None:
        self.events = _all_events(client)
        self.docs = _all_documents(client)
        # An entity that is an argument of some events, named in some documents.
        for row in client.get("/api/entities", params={"limit": 1000}).json()["entities"]:
            entity = client.get(f"/api/entities/{row['key']}").json()
            if entity["events"] and row["documents"] < len(self.docs) - 1:
                break
        self.entity = entity["key"]
        self.entity_docs = {m["doc_id"] for m in entity["recent"]}
        self.entity_events = {(v["doc_id"], v["id"]) for v in entity["events"]}
        placed = next(v for v in self.events if v["place"] and v["country"] == "IQ")
        self.place = placed["place"]


def _doc_has_event(doc: Row, code: str, sure: float | None = None) -> bool:
    return any(
        code in (v["type"], v.get("sub_type"))
        and (sure is None or (v.get("confidence") or 0) >= sure)
        for v in doc["events"]
    )


# For each filter: its value, and what every answer row must satisfy, on documents and on
# events (None: the route kind does not take it).
DocCheck = Callable[[Probe, Row], bool]
EventCheck = Callable[[Probe, Row], bool]
FILTERS: dict[str, tuple[Callable[[Probe], str], DocCheck | None, EventCheck | None]] = {
    "from": (
        lambda p: "2017-09-20",
        lambda p, d: (d["meta"].get("published") or "") >= "2017-09-20",
        lambda p, v: (v["date"] or "") >= "2017-09-20",
    ),
    "to": (
        lambda p: "2017-09-19",
        lambda p, d: (d["meta"].get("published") or "9999") <= "2017-09-19",
        lambda p, v: (v["date"] or "9999") <= "2017-09-19",
    ),
    "source": (
        lambda p: "صحيفة المغرب العربي اليوم",
        lambda p, d: d["meta"].get("source") == "صحيفة المغرب العربي اليوم",
        lambda p, v: v["source"] == "صحيفة المغرب العربي اليوم",
    ),
    "entity": (
        lambda p: p.entity,
        lambda p, d: d["id"] in p.entity_docs,
        lambda p, v: (v["doc_id"], v["id"]) in p.entity_events,
    ),
    "place": (
        lambda p: p.place,
        lambda p, d: any(key_text(pl["name"]) == key_text(p.place) for pl in d["places"]),
        lambda p, v: key_text(v["place"] or "") == key_text(p.place),
    ),
    "type": (
        lambda p: "air_drone_strike",
        lambda p, d: _doc_has_event(d, "air_drone_strike"),
        lambda p, v: "air_drone_strike" in (v["type"], v["sub_type"]),
    ),
    "min_confidence": (
        lambda p: "0.6",
        None,  # on documents, only with a type (below)
        lambda p, v: v["confidence"] is not None and v["confidence"] >= 0.6,
    ),
    "country": (
        lambda p: "IQ",
        lambda p, d: any(v.get("country") == "IQ" for v in d["events"]),
        lambda p, v: v["country"] == "IQ",
    ),
}
# The routes that filter, what their rows are, and how to read the rows of an answer.
ROUTES: dict[str, tuple[str, dict[str, str], Callable[[Any], list[Row]]]] = {
    "/api/documents": ("documents", {"limit": "1000"}, lambda j: j["documents"]),
    "/api/search": ("documents", {"q": "قال", "limit": "1000"}, lambda j: j["hits"]),
    "/api/events": ("events", {"limit": "1000"}, lambda j: j["events"]),
    "/api/events.geojson": ("events", {}, lambda j: [f["properties"] for f in j["features"]]),
}
# Parameters that are not filters, each tested on its own below.
OTHER_PARAMETERS = {
    "/api/documents": {"limit", "offset"},
    "/api/search": {"q", "limit", "offset"},
    "/api/events": {"limit", "offset", "with_duplicates"},
    # bbox and limit: test_geojson_takes_a_box_and_a_limit_and_is_compressed (test_api.py).
    "/api/events.geojson": {"with_duplicates", "bbox", "limit"},
    "/api/entities": {"name", "label", "limit", "offset"},
    "/api/figures": {"subject", "limit"},
    "/api/export/{fmt}": {"with_duplicates"},
}
# The routes whose filters are checked (the exports in test_every_filter_on_every_export).
FILTERED = {*ROUTES, "/api/export/{fmt}"}


def test_every_query_parameter_of_every_route_is_tested(spec: dict[str, Any]) -> None:
    # The event routes take every filter (the GeoJSON once ignored the country); the
    # document routes all but the country (a document has no one country).
    for path in ("/api/events", "/api/events.geojson", "/api/export/{fmt}"):
        assert set(FILTERS) <= _params_of(spec, path), path
    for path in ("/api/documents", "/api/search"):
        assert set(FILTERS) - {"country"} <= _params_of(spec, path), path
    for path, _, op in _operations(spec):
        query = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        filters = query & set(FILTERS) if path in FILTERED else set()
        assert query - filters == OTHER_PARAMETERS.get(path, set()), path


@pytest.fixture(scope="module")
def probe(client: TestClient) -> Probe:
    return Probe(client)


def _params_of(spec: dict[str, Any], path: str) -> set[str]:
    op = spec["paths"][path]["get"]
    return {p["name"] for p in op["parameters"] if p["in"] == "query"}


@pytest.mark.parametrize("path", list(ROUTES))
@pytest.mark.parametrize("name", list(FILTERS))
def test_every_filter_narrows_every_route(
    client: TestClient, spec: dict[str, Any], probe: Probe, path: str, name: str
) -> None:
    kind, base, rows_of = ROUTES[path]
    if name not in _params_of(spec, path):
        # Not taken: refused by name, never silently ignored.
        refused = client.get(path, params=base | {name: "x"})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "M063"
        return
    value, on_doc, on_event = FILTERS[name]
    params = base | {name: value(probe)}
    if kind == "documents" and name == "min_confidence":
        # On documents a minimum confidence qualifies the type: an event of it that sure.
        params |= {"type": "air_drone_strike"}
        check: Callable[[Row], bool] = lambda r: _doc_has_event(  # noqa: E731
            probe.docs[r["id"]], "air_drone_strike", 0.6
        )
    elif kind == "documents":
        assert on_doc is not None
        check = lambda r: on_doc(probe, probe.docs[r["id"]])  # noqa: E731
    else:
        assert on_event is not None
        check = lambda r: on_event(probe, r)  # noqa: E731
    every = rows_of(client.get(path, params=base).json())
    kept = rows_of(client.get(path, params=params).json())
    assert kept, f"{path}?{name}: nothing kept, the check proves nothing"
    assert len(kept) < len(every), f"{path}?{name}={params[name]} filtered nothing"
    wrong = [r.get("id") for r in kept if not check(r)]
    assert not wrong, f"{path}?{name}={params[name]} kept rows it should not: {wrong}"
    expected = [r for r in every if check(r)]
    assert len(kept) == len(expected), f"{path}?{name}: {len(kept)} kept of {len(expected)}"


def test_paging_and_duplicates(client: TestClient) -> None:
    for path, key, extra in (
        ("/api/documents", "documents", {}),
        ("/api/search", "hits", {"q": "قال"}),
        ("/api/events", "events", {}),
        ("/api/entities", "entities", {}),
    ):
        every = client.get(path, params=extra | {"limit": 1000}).json()[key]
        two = client.get(path, params=extra | {"limit": 2, "offset": 1}).json()[key]
        assert len(every) > 3 and two == every[1:3], path
    figures = client.get("/api/figures", params={"subject": "الصادرات"}).json()["figures"]
    one = client.get("/api/figures", params={"subject": "الصادرات", "limit": 1}).json()
    assert len(figures) > 1 and one["figures"] == figures[:1]
    assert all("الصادرات" in key_text(f["subject"]) for f in figures)
    once = client.get("/api/events", params={"limit": 1000}).json()
    copies = _all_events(client)
    assert 0 < once["total"] < len(copies)
    assert all(v["duplicate_of"] is None for v in once["events"])
    # The GeoJSON counts each event once per story, as /api/events does by default.
    geo = client.get("/api/events.geojson").json()["features"]
    assert len(geo) == sum(v["lat"] is not None for v in once["events"])


def test_entity_name_and_label(client: TestClient) -> None:
    every = client.get("/api/entities", params={"limit": 1000}).json()["entities"]
    places = client.get("/api/entities", params={"label": "LOC", "limit": 1000}).json()
    assert 0 < len(places["entities"]) < len(every)
    assert all(e["label"] == "LOC" for e in places["entities"])
    named = client.get("/api/entities", params={"name": "سورية"}).json()["entities"]
    assert named and len(named) < len(every)
    assert all("سوري" in key_text(e["name"]) or e["key"] == "kb:Q858" for e in named)


def _csv_rows(client: TestClient, fmt: str, params: dict[str, str]) -> list[dict[str, str]]:
    response = client.get(f"/api/export/{fmt}", params=params)
    assert response.status_code == 200, response.text[:300]
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))


@pytest.mark.parametrize("name", [*FILTERS, "with_duplicates"])
def test_every_filter_on_every_export(client: TestClient, probe: Probe, name: str) -> None:
    """Each export keeps what /api/events (or /api/documents) keeps with the same filter:
    the ACLED rows and the PLOVER rows together are the events, the GeoJSON their geocoded
    ones, the JSONL the documents."""
    params = {name: "true"} if name == "with_duplicates" else {name: FILTERS[name][0](probe)}
    every = client.get("/api/events", params={"limit": 1000}).json()
    events = client.get("/api/events", params=params | {"limit": 1000}).json()
    assert 0 < events["total"] != every["total"], f"{name} does not change the events"
    acled = _csv_rows(client, "acled-csv", params)
    plover = _csv_rows(client, "plover-csv", params)
    assert len(acled) + len(plover) == events["total"], name
    geo = client.get("/api/export/geojson", params=params).json()["features"]
    assert len(geo) == sum(v["lat"] is not None for v in events["events"]), name
    assert geo == client.get("/api/events.geojson", params=params).json()["features"]
    if name == "with_duplicates":
        refused = client.get("/api/export/jsonl", params=params)
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "M051"
        return
    lines = client.get("/api/export/jsonl", params=params).text.splitlines()
    docs = [json.loads(line) for line in lines]
    if name == "country":  # the documents with an event there, a copied one included
        copies = client.get("/api/events", params=params | {"with_duplicates": "true"}).json()
        expected = {v["doc_id"] for v in copies["events"]}
    elif name == "min_confidence":  # every document, less its events under the minimum
        expected = set(probe.docs)
        assert all(v["confidence"] >= 0.6 for d in docs for v in d["events"])
    else:
        listed = client.get("/api/documents", params=params | {"limit": 1000}).json()
        expected = {d["id"] for d in listed["documents"]}
    assert {d["id"] for d in docs} == expected and len(docs) == len(expected), name


# -- the pages' JSON twins --------------------------------------------------------------------


def test_json_twins_hold_the_api_data(client: TestClient, probe: Probe) -> None:
    filters = {"country": "IQ", "min_confidence": "0.3"}
    page = client.get("/events", params=filters | {"format": "json"}).json()
    api = client.get("/api/events", params=filters | {"limit": 50}).json()
    assert page["total"] == api["total"] and page["events"] == api["events"]
    search = client.get("/search", params={"q": "قال", "format": "json"}).json()
    found = client.get("/api/search", params={"q": "قال"}).json()
    assert search["total"] == found["total"] and search["hits"] == found["hits"]
    entities = client.get("/entities", params={"label": "LOC", "format": "json"}).json()
    listed = client.get("/api/entities", params={"label": "LOC"}).json()
    assert entities["entities"] == listed["entities"]
    doc_id = next(iter(probe.docs))
    twin = client.get(f"/documents/{doc_id}", params={"format": "json"}).json()
    assert twin["document"] == probe.docs[doc_id]
    figures = client.get("/figures", params={"subject": "الصادرات", "format": "json"}).json()
    claims = client.get("/api/figures", params={"subject": "الصادرات"}).json()
    assert figures["figures"] == claims["figures"]


def test_closed_schema_catches_an_undeclared_key(spec: dict[str, Any]) -> None:
    """The check above can fail: an answer with one key more is refused."""
    body = {"name": "marsad", "version": "1", "counts": {}, "extra": 1}
    with pytest.raises(AssertionError):
        _check(spec, "/api", "get", 200, "application/json", copy.deepcopy(body))
