"""Issue 24: the API never answers 500 with a plain-text body and never blocks its event loop.

The real app through FastAPI's TestClient over a store of the examples, as in test_api.py."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from marsad.api.app import create_app
from marsad.api.inputs import ApiConfig
from marsad.cli import main
from marsad.services import queries
from marsad.services.analysis import default_settings
from marsad.services.ingest import ingest
from marsad.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HUGE = "99999999999999999999"  # past SQLite's 64-bit integers
SENTENCE = "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب أمس، وقال مصدر محلي إن ثلاثة قتلوا. "


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("hardening") / "api.db")
    with Store.open(path) as store:
        ingest([str(EXAMPLES)], store)
    return path


def _app_client(store_path: str, **config: Any) -> TestClient:
    return TestClient(create_app(ApiConfig(store_path, default_settings(), **config)))


@pytest.fixture(scope="module")
def client(store_path: str) -> Iterator[TestClient]:
    with _app_client(store_path, max_analyze_bytes=400_000) as c:
        yield c


def _json_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/documents", {"offset": HUGE}),
        ("/api/search", {"q": "الموصل", "offset": HUGE}),
        ("/api/events", {"offset": HUGE}),
        ("/api/entities", {"offset": HUGE}),
        ("/api/events", {"offset": str(2**63)}),
        ("/api/events", {"offset": str(queries.MAX_OFFSET + 1)}),
        ("/api/events", {"offset": "-1"}),
        ("/api/documents", {"limit": HUGE}),
        ("/api/figures", {"subject": "الصادرات", "limit": HUGE}),
        ("/events", {"page": HUGE, "format": "json"}),
        ("/search", {"page": HUGE, "format": "json"}),
        ("/entities", {"page": HUGE, "format": "json"}),
        ("/search", {"q": "الموصل", "page": "0", "format": "json"}),
    ],
)
def test_paging_out_of_range_is_a_400_json_error(
    client: TestClient, url: str, params: dict[str, str]
) -> None:
    _json_error(client.get(url, params=params), 400, "M051")


def test_the_deepest_page_still_answers(client: TestClient) -> None:
    deepest = client.get("/api/events", params={"offset": str(queries.MAX_OFFSET)})
    assert deepest.status_code == 200 and deepest.json()["events"] == []
    last = queries.MAX_OFFSET // 50 + 1
    assert client.get("/events", params={"page": last, "format": "json"}).status_code == 200
    html = client.get("/events", params={"page": HUGE})
    assert html.status_code == 400 and html.headers["content-type"].startswith("text/html")


def test_cli_checks_the_same_range(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["events", "--db", store_path, "--offset", HUGE])
    err = capsys.readouterr().err
    assert code == 2 and "M051" in err and "offset must be between" in err


@pytest.mark.parametrize(
    "published", [5, ["x"], "0001-01-01", "9999-12-31", {"y": 1}, True, "2019-02-30"]
)
def test_bad_published_is_a_400_json_error(client: TestClient, published: object) -> None:
    response = client.post("/api/analyze", json={"text": SENTENCE, "published": published})
    assert response.status_code == 400 and response.json()["error"]["code"] in ("M051", "M020")


def test_published_absent_blank_or_in_range_is_read(client: TestClient) -> None:
    for published in (None, "", "1800-01-01", "2199-12-31"):
        response = client.post("/api/analyze", json={"text": SENTENCE, "published": published})
        assert response.status_code == 200, (published, response.text[:200])
    form = client.post("/analyze", data={"text": SENTENCE, "published": "0001-01-01"})
    assert form.status_code == 400 and form.headers["content-type"].startswith("text/html")


def test_an_unexpected_error_is_a_json_500_and_logged(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "entities", broken)
    with caplog.at_level("ERROR", logger="marsad.api"):
        response = client.get("/api/entities")
    _json_error(response, 500, "M099")
    assert "secret internals" not in response.text and "RuntimeError" in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert any("secret internals" in r.exc_text for r in caplog.records if r.exc_text)
    page = client.get("/entities")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "M099" in page.text


def test_a_slow_analysis_does_not_block_other_requests(store_path: str) -> None:
    text = SENTENCE * 1_200  # about 100 KB: a few seconds of analysis
    with _app_client(store_path, max_analyze_bytes=400_000) as c:
        assert c.get("/api/entities").status_code == 200
        done = threading.Event()
        result: dict[str, Any] = {}

        def analyze() -> None:
            result["response"] = c.post("/api/analyze", json={"text": text})
            done.set()

        worker = threading.Thread(target=analyze)
        started = time.perf_counter()
        worker.start()
        time.sleep(0.3)
        waits = []
        while not done.is_set() and len(waits) < 5:
            t = time.perf_counter()
            assert c.get("/api/entities", params={"limit": 5}).status_code == 200
            waits.append(time.perf_counter() - t)
        overlapped = not done.is_set()
        worker.join(timeout=60)
        took = time.perf_counter() - started
    assert result["response"].status_code == 200
    assert overlapped, f"the analysis ({took:.1f} s) ended before the reads; make it longer"
    assert waits and max(waits) < 1.0, (waits, took)
    assert took > 2 * max(waits)


def test_an_analysis_over_the_time_limit_is_a_503(store_path: str) -> None:
    with _app_client(store_path, max_analyze_bytes=400_000, analyze_time_limit=0.05) as c:
        response = c.post("/api/analyze", json={"text": SENTENCE * 300})
        _json_error(response, 503, "M062")


def test_analyses_and_exports_past_their_slots_are_a_429(store_path: str) -> None:
    with _app_client(store_path, max_analyze_bytes=400_000, analyze_slots=1) as c:
        slow = threading.Thread(
            target=lambda: c.post("/api/analyze", json={"text": SENTENCE * 600})
        )
        slow.start()
        time.sleep(0.3)
        _json_error(c.post("/api/analyze", json={"text": SENTENCE}), 429, "M061")
        slow.join(timeout=60)
        assert c.post("/api/analyze", json={"text": SENTENCE}).status_code == 200
    with _app_client(store_path, export_slots=0) as c:
        _json_error(c.get("/api/export/jsonl"), 429, "M061")
        _json_error(c.get("/api/events.geojson"), 429, "M061")
        # A map's view (a limit) is a query, not a download: it needs no export slot.
        bounded = c.get("/api/events.geojson", params={"limit": 100})
        assert bounded.status_code == 200
        assert bounded.headers["content-type"].startswith("application/geo+json")
        assert bounded.json()["marsad"] == {"limit": 100, "more": False}
        _json_error(c.get("/api/events.geojson", params={"limit": 100_000}), 429, "M061")
    with _app_client(store_path, export_slots=1) as c:
        for _ in range(3):  # the slot is given back after each download
            assert c.get("/api/export/acled-csv").status_code == 200


def test_the_pipeline_loads_at_start_up(store_path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.api.app as app_module

    loaded: list[str] = []
    real = app_module.build_pipeline
    monkeypatch.setattr(
        app_module,
        "build_pipeline",
        lambda s: loaded.append(threading.current_thread().name) or real(s),
    )
    with _app_client(store_path):
        assert loaded and loaded[0].startswith("marsad-analyze")


@pytest.mark.parametrize(
    "url", ["/", "/events", "/api", "/api/events", "/static/marsad.css", "/api/nope", "/docs"]
)
def test_nosniff_on_every_response(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.headers["x-content-type-options"] == "nosniff"


def test_docs_work_offline_under_a_policy(client: TestClient) -> None:
    page = client.get("/docs")
    csp = page.headers["content-security-policy"]
    assert (
        page.status_code == 200 and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    )
    assert "http" not in csp and "'unsafe-eval'" not in csp
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    for s in sources:
        assert client.get(s).status_code == 200, s
    assert "'sha256-" in csp and "<script>" in page.text  # the inline set-up script, by hash
    assert client.get("/openapi.json").json()["paths"]


BAD_VALUES = [
    HUGE,
    "-" + HUGE,
    "-1",
    "0",
    "1e400",
    "NaN",
    "inf",
    "",
    " ",
    "\x00",
    "'; DROP TABLE documents; --",
    '"unclosed',
    "%",
    "*",
    "(",
    "OR",
    "x" * 5_000,
    "ب" * 3_000,
    "\ud7ff\ufffd",
    "kb:",
    "geo:",
    "9999-12-31",
    "0001-01-01",
]


def _get_routes(client: TestClient) -> list[tuple[str, list[str], list[str]]]:
    """Every GET route with parameters: its path, path parameters and query parameters."""
    routes = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        if not isinstance(route, APIRoute) or "GET" not in route.methods:
            continue
        dependant = route.dependant
        path_params = [p.name for p in dependant.path_params]
        query = [p.alias for p in dependant.query_params]
        for sub in dependant.dependencies:
            query += [p.alias for p in sub.query_params]
        if path_params or query:
            routes.append((route.path_format, path_params, query))
    return routes


def test_no_route_answers_a_plain_text_500_to_bad_parameters(client: TestClient) -> None:
    routes = _get_routes(client)
    assert len(routes) >= 10 and any(p == "/api/export/{fmt}" for p, _, _ in routes)
    failures = []
    for path, path_params, query in routes:
        for value in BAD_VALUES:
            url = path
            for name in path_params:
                url = url.replace("{" + name + "}", quote(value, safe="") or "x")
            tries: list[dict[str, str]] = [{name: value} for name in query] or [{}]
            for params in tries:
                if path.startswith("/api/export") or path == "/api/events.geojson":
                    params = {k: v for k, v in params.items() if len(v) < 100}
                response = client.get(url, params=params)
                kind = response.headers.get("content-type", "")
                if response.status_code >= 500 or not (
                    kind.startswith(("application/json", "text/html"))
                    or response.status_code == 200
                ):
                    failures.append(
                        (
                            url[:60],
                            {k: v[:20] for k, v in params.items()},
                            response.status_code,
                            kind,
                        )
                    )
    assert not failures, failures[:20]
    for body in (b"\xff\xfe", b"[]", b"null", b'{"text": 5}'):
        response = client.post("/api/analyze", content=body)
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"].startswith("application/json")
