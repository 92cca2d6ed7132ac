"""Fuzz the REST API and the web pages: thousands of requests, zero server errors.

    .venv/bin/python scripts/fuzz_api.py [--db STORE] [--requests 3000] [--seed 24]

Every route of the application (the API and the HTML pages, found by introspecting the app,
so a new route or parameter is fuzzed without editing this file) is called with parameters
drawn from a pool of hostile values: empty, huge, negative and out-of-range numbers, NaN,
malformed dates, Arabic and mixed-direction text, SQL and HTML fragments, control characters,
percent-encoded invalid UTF-8, very long strings, repeated parameters, unknown parameters.
``POST`` routes get malformed bodies (wrong types, deep nesting, bad JSON, wrong content
types). The requests run in process through FastAPI's test client against a real SQLite
store (the examples are ingested into a temporary one unless ``--db`` is given).

A response is a failure when its status is 500 or above, except the documented 503 of an
analysis over its time limit (M062), or when an error response is not the JSON error shape
(``{"error": {"code": "M###", ...}}``) of the API routes. Failures are printed with the
request that caused them and the script exits 1. ``tests/test_api_fuzz.py`` runs a short
seeded run on every CI build; the full run's figures are in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fastapi.routing import APIRoute  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from marsad.api.app import create_app  # noqa: E402
from marsad.api.inputs import ApiConfig  # noqa: E402
from marsad.services.analysis import default_settings  # noqa: E402
from marsad.services.ingest import ingest  # noqa: E402
from marsad.store import Store  # noqa: E402

EXAMPLES = ROOT / "examples"

# Values every parameter may get. Raw strings are percent-encoded on the way out, except the
# entries of RAW_QUERY, which go into the URL as they are (invalid UTF-8 and the like).
HOSTILE: tuple[str, ...] = (
    "",
    " ",
    "0",
    "1",
    "-1",
    "-0",
    "3.5",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "-inf",
    "9" * 30,
    "-" + "9" * 30,
    "٣",
    "٣٠",
    "2018-06-14",
    "2018-13-45",
    "0001-01-01",
    "9999-12-31",
    "2018-06-14T25:61:00",
    "سوريا",
    "داعش",
    "تنظيم الدولة الإسلامية",
    "Syria",
    "SY",
    "sy",
    "ZZ",
    "armed_clash",
    "battles",
    "explosions_remote_violence",
    "PER",
    "ORG:الأمم المتحدة",
    "LOC:دمشق",
    "' OR 1=1 --",
    '"; DROP TABLE documents; --',
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "a\x00b",
    "\t\n\r",
    "../../../../etc/passwd",
    "%",
    "%%",
    "*",
    '"',
    '"قصف',
    "قصف*",
    "-قصف",
    "قصف OR غارة",
    "()",
    "x" * 5000,
    "ب" * 3000,
    "😀",
    "true",
    "false",
    "null",
    "[]",
    "{}",
)
RAW_QUERY: tuple[str, ...] = ("%ED%A0%80", "%FF%FE", "%C0%AF", "%00", "%E2%80%A8")

BODIES: tuple[Any, ...] = (
    {"text": "قصفت طائرات حربية بلدة في ريف إدلب أمس."},
    {"text": ""},
    {"text": " "},
    {"text": 5},
    {"text": None},
    {"text": ["قصف"]},
    {"text": {"a": 1}},
    {"title": "بلا نص"},
    {"text": "نص", "published": 5},
    {"text": "نص", "published": ["x"]},
    {"text": "نص", "published": "0001-01-01"},
    {"text": "نص", "published": "2018-02-30"},
    {"text": "نص", "source": {"name": "x"}},
    {"text": "نص", "url": 7, "lang": []},
    {"text": "\ud800 نص"},
    {"text": "نص\x00نص"},
    {"text": "قال \u2028 الوزير"},
    [],
    [1, 2, 3],
    "text",
    42,
    None,
)


@dataclass
class Outcome:
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    requests: int = 0


def _routes(app: Any) -> list[tuple[str, str, list[str], list[str]]]:
    """(method, path, path parameters, query parameters) of every route."""
    out = []
    for route in app.routes:
        if not isinstance(route, APIRoute):
            continue
        path_params = [p.name for p in route.dependant.path_params]
        query = [p.alias for p in route.dependant.query_params]
        for sub in route.dependant.dependencies:  # filters gathered by a dependency
            query += [p.alias for p in sub.query_params]
        for method in sorted(route.methods or ()):
            out.append((method, route.path, path_params, query))
    return out


def _value(rng: random.Random, samples: dict[str, list[str]]) -> str:
    if samples and rng.random() < 0.25:
        pool = rng.choice(list(samples.values()))
        if pool:
            return quote(rng.choice(pool), safe="")
    if rng.random() < 0.1:
        return rng.choice(RAW_QUERY)
    return quote(rng.choice(HOSTILE), safe="")


def _requests(
    app: Any, rng: random.Random, samples: dict[str, list[str]], n: int
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    routes = _routes(app)
    for _ in range(n):
        method, path, path_params, query = rng.choice(routes)
        url = path
        for name in path_params:
            url = url.replace(f"{{{name}}}", _value(rng, samples)).replace(
                f"{{{name}:path}}", _value(rng, samples)
            )
        chosen = rng.sample(query, k=rng.randint(0, len(query))) if query else []
        if rng.random() < 0.1:
            chosen.append("no_such_parameter")
        if chosen and rng.random() < 0.1:
            chosen.append(chosen[0])  # a repeated parameter
        parts = [f"{quote(name)}={_value(rng, samples)}" for name in chosen]
        if parts:
            url += "?" + "&".join(parts)
        kwargs: dict[str, Any] = {}
        if method == "POST":
            body = rng.choice(BODIES)
            if path.startswith("/api/"):
                if rng.random() < 0.15:
                    kwargs["content"] = b'{"text": "\xd9\x82' + b"[" * rng.randint(1, 5000)
                    kwargs["headers"] = {"Content-Type": "application/json"}
                elif rng.random() < 0.05:
                    depth = rng.choice((50, 5000, 100_000))  # written out: json.dumps recurses
                    nested = "[" * depth + '"x"' + "]" * depth
                    kwargs["content"] = '{"text": "نص", "m": ' + nested + "}"
                    kwargs["headers"] = {"Content-Type": "application/json"}
                else:  # \u escapes: a lone surrogate reaches the server as JSON allows
                    kwargs["content"] = json.dumps(body, ensure_ascii=True)
                    kwargs["headers"] = {"Content-Type": "application/json"}
            else:  # the /analyze form
                text = body.get("text") if isinstance(body, dict) else body
                raw = ("" if text is None else str(text)).encode("utf-8", "surrogatepass")
                kwargs["content"] = b"text=" + quote(raw, safe="").encode()
                kwargs["headers"] = {"Content-Type": "application/x-www-form-urlencoded"}
        yield method, url, kwargs


def _samples(store_url: str) -> dict[str, list[str]]:
    """Real ids and keys from the store, so requests also reach the found-it paths."""
    with Store.open(store_url, migrate=False) as store:
        return {
            "doc_id": [r["id"] for r in store.db.rows("SELECT id FROM documents LIMIT 50")],
            "key": [r["key"] for r in store.db.rows("SELECT key FROM entities LIMIT 50")],
            "fmt": ["csv", "jsonl", "geojson", "parquet", "acled", "xlsx"],
        }


def _is_error_shape(response: Any) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return isinstance(code, str) and code.startswith("M")


def fuzz(store_url: str, n: int, seed: int, *, quiet: bool = False) -> Outcome:
    """Send ``n`` seeded hostile requests; the statuses seen and the failures."""
    rng = random.Random(seed)
    app = create_app(ApiConfig(store_url, default_settings(), analyze_time_limit=30.0))
    samples = _samples(store_url)
    outcome = Outcome()
    with TestClient(app, raise_server_exceptions=False) as client:
        for method, url, kwargs in _requests(app, rng, samples, n):
            response = client.request(method, url, **kwargs)
            outcome.requests += 1
            outcome.statuses[response.status_code] += 1
            api = url.startswith("/api/")
            bad = response.status_code >= 500 and not (
                response.status_code == 503 and "M062" in response.text
            )
            if api and response.status_code >= 400 and not _is_error_shape(response):
                bad = True
            if bad:
                outcome.failures.append(
                    f"{method} {url[:300]} → {response.status_code}: {response.text[:300]}"
                )
            if not quiet and outcome.requests % 500 == 0:
                print(f"{outcome.requests} requests · {len(outcome.failures)} failures")
    return outcome


def examples_store(folder: Path) -> str:
    """A temporary SQLite store of the examples."""
    url = str(folder / "fuzz.db")
    with Store.open(url) as store:
        ingest([str(EXAMPLES)], store)
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an existing store (default: the examples, ingested)")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or examples_store(Path(tmp))
        started = time.perf_counter()
        outcome = fuzz(url, args.requests, args.seed)
        seconds = time.perf_counter() - started
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(outcome.statuses.items()))
    print(f"{outcome.requests} requests in {seconds:.0f} s · statuses {statuses}")
    for failure in outcome.failures[:50]:
        print("FAIL", failure)
    print(f"{len(outcome.failures)} failures")
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
