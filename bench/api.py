"""Benchmark: latency of the REST API (``marsad serve``) under a bounded concurrent load.

    .venv/bin/python bench/api.py [--db /tmp/bench-full/full.db] [--requests 2000] [--clients 20]
        [--workers 1]

Starts ``marsad serve`` (uvicorn, ``--workers`` processes) on a free loopback port over an
existing store (``--db``, a SQLite file made by ``bench/ingest.py --workdir``; only read here),
waits until ``/api`` answers, sends a warm-up of 50 requests that are not counted, then
``--requests`` requests from ``--clients`` concurrent clients (threads, each with its own keep-alive
``httpx.Client``, pulling from one shared queue), the five kinds in about equal numbers:

- search: ``/api/search?q=...&limit=20``, the queries of ``bench/ingest.py`` (words, quoted
  two-word phrases and prefixes from the stored titles, 75/15/10);
- events: ``/api/events?limit=50`` pages at random offsets, half of them filtered by an event
  type or a country (or both) that occur in the store;
- document: ``/api/documents/{id}`` (the full document JSON) for ids sampled from the store;
- entities: ``/api/entities?limit=50`` pages among the first 20, a third of them of one label;
- geojson: ``/api/events.geojson?limit=1000``, a map's view: half of them inside the bounding
  box of one of the store's ten commonest event countries (``bbox``), half anywhere.

The plan (the mix, the order, offsets, ids) is drawn with ``--seed``. Latency is measured in
the client, from sending the request to having read the whole body. Reported per kind: count,
errors (non-2xx or no answer), p50/p90/p99/max in ms and the mean body size; overall: the
throughput (requests over the wall time of the timed run), the server's peak resident memory
(``VmHWM``, summed over its processes) and its CPU time. The client runs on the same machine
and takes CPU from it.

Prints a markdown table (for BENCHMARKS.md) and one JSON line, also written to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import queue
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path
from typing import IO, Any

import httpx

from ant import ROOT, cpu_model, run_info
from ingest import make_queries
from marsad.store import Store
from marsad.store.database import Database

MARSAD = Path(sys.executable).with_name("marsad")
DEFAULT_DB = Path("/tmp/bench-full/full.db")
DEFAULT_OUT = ROOT / "bench" / "results" / "api.json"
HOST = "127.0.0.1"
KINDS = ("search", "events", "document", "entities", "geojson")
MAP_FEATURES = 1000
LABELS = ("PER", "ORG", "LOC")
WARMUP = 50
PAGE = 50
START_TIMEOUT_S = 120.0
REQUEST_TIMEOUT_S = 120.0
ERRORS_KEPT = 5


@dataclass(frozen=True, slots=True)
class Call:
    kind: str
    path: str
    params: dict[str, str | int]


@dataclass(frozen=True, slots=True)
class Sample:
    kind: str
    status: int  # 0: no answer (timeout, connection error)
    ms: float
    size: int
    detail: str = ""


# -- the plan -------------------------------------------------------------------------------


def read_only_store(db: Path) -> Store:
    """The store opened read-only (no migration, no WAL switch): the benchmark writes nothing."""
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    return Store(Database(conn, "sqlite", str(db)))


def make_plan(db: Path, n: int, seed: int, events_total: int) -> list[Call]:
    """``n`` calls, the kinds in turn and then shuffled, with their parameters."""
    rng = random.Random(seed)
    kinds = [KINDS[i % len(KINDS)] for i in range(n)]
    rng.shuffle(kinds)
    n_search = kinds.count("search")
    with read_only_store(db) as store:
        n_words, n_phrases = round(n_search * 0.75), round(n_search * 0.15)
        texts = make_queries(store, n_words, n_phrases, n_search - n_words - n_phrases)
        ids = [r["id"] for r in store.db.rows("SELECT id FROM documents ORDER BY seq")]
        types = [r["type"] for r in store.db.rows("SELECT DISTINCT type FROM events ORDER BY 1")]
        countries = [
            r["country"]
            for r in store.db.rows(
                "SELECT DISTINCT country FROM events WHERE country IS NOT NULL ORDER BY 1"
            )
        ]
        boxes = [
            f"{r['w']},{r['s']},{r['e']},{r['n']}"
            for r in store.db.rows(
                "SELECT country, min(lon) AS w, min(lat) AS s, max(lon) AS e, max(lat) AS n "
                "FROM events WHERE lat IS NOT NULL AND country IS NOT NULL "
                "GROUP BY country ORDER BY count(*) DESC, country LIMIT 10"
            )
        ]
    rng.shuffle(texts)
    doc_ids = rng.sample(ids, min(kinds.count("document"), len(ids)))
    searches, documents = cycle(texts), cycle(doc_ids)  # cycle: only on a tiny store
    plan = []
    for kind in kinds:
        if kind == "search":
            plan.append(Call(kind, "/api/search", {"q": next(searches), "limit": 20}))
        elif kind == "document":
            plan.append(Call(kind, f"/api/documents/{next(documents)}", {}))
        elif kind == "entities":
            params: dict[str, str | int] = {"limit": PAGE, "offset": rng.randrange(20) * PAGE}
            if rng.random() < 1 / 3:
                params["label"] = rng.choice(LABELS)
            plan.append(Call(kind, "/api/entities", params))
        elif kind == "geojson":
            params = {"limit": MAP_FEATURES}
            if boxes and rng.random() < 0.5:
                params["bbox"] = rng.choice(boxes)
            plan.append(Call(kind, "/api/events.geojson", params))
        else:
            plan.append(
                Call(kind, "/api/events", event_params(rng, events_total, types, countries))
            )
    return plan


def event_params(
    rng: random.Random, total: int, types: list[str], countries: list[str]
) -> dict[str, str | int]:
    """Half unfiltered pages anywhere in the list; half filtered, among the first 10 pages."""
    draw = rng.random()
    if draw < 0.5 or not (types and countries):
        return {"limit": PAGE, "offset": rng.randrange(0, max(total, 1), PAGE)}
    params: dict[str, str | int] = {"limit": PAGE, "offset": rng.randrange(10) * PAGE}
    if draw < 0.75:
        params["type"] = rng.choice(types)
    else:
        params["country"] = rng.choice(countries)
        if draw >= 0.9:
            params["type"] = rng.choice(types)
    return params


# -- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(db: Path, workers: int = 1) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``marsad serve`` in its own session (a Ctrl-C reaches only this script, which then
    stops it): the process and its base URL once ``/api`` answers. Stopped on the way out."""
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [
                *(str(MARSAD), "serve", "--db", str(db), "--host", HOST, "--port", str(port)),
                *(("--workers", str(workers)) if workers > 1 else ()),
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        try:
            wait_ready(proc, base, log)
            yield proc, base
        finally:
            stop(proc)


def wait_ready(proc: subprocess.Popen[bytes], base: str, log: IO[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"marsad serve exited with {proc.returncode}:\n{tail}")
        try:
            if httpx.get(f"{base}/api", timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"marsad serve did not answer on {base}/api in {START_TIMEOUT_S:.0f} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn's graceful shutdown), then SIGKILL if it has not exited in 15 s."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (``serve --workers N``: the supervisor and its workers)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {pid}, True
    while grew:
        found = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return sorted(tree)


def proc_status(pid: int) -> dict[str, Any]:
    """The server's peak and current resident memory (MB) and CPU seconds so far, summed
    over its processes."""
    total = {"peak_rss_mb": 0, "rss_mb": 0, "cpu_s": 0.0, "processes": 0}
    ticks = os.sysconf("SC_CLK_TCK")
    for one in _tree(pid):
        try:
            status = Path(f"/proc/{one}/status").read_text().splitlines()
            stat = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        for line in status:
            key, _, value = line.partition(":")
            if key == "VmHWM":
                total["peak_rss_mb"] += round(int(value.split()[0]) / 1024)
            elif key == "VmRSS":
                total["rss_mb"] += round(int(value.split()[0]) / 1024)
        total["cpu_s"] += (int(stat[11]) + int(stat[12])) / ticks  # utime + stime
        total["processes"] += 1
    total["cpu_s"] = round(total["cpu_s"], 1)
    return total


# -- the load -------------------------------------------------------------------------------


def client(
    base: str, calls: queue.SimpleQueue[Call], out: list[Sample], halt: threading.Event
) -> None:
    """One client: its own connection, the next call from the queue until none is left."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as http:
        while not halt.is_set():
            try:
                call = calls.get_nowait()
            except queue.Empty:
                return
            started = time.perf_counter()
            try:
                response = http.get(call.path, params=call.params)
                status, size = response.status_code, len(response.content)
                detail = "" if response.is_success else response.text[:300]
            except httpx.HTTPError as exc:
                status, size, detail = 0, 0, f"{type(exc).__name__}: {exc}"
            ms = (time.perf_counter() - started) * 1000
            out.append(Sample(call.kind, status, ms, size, detail))


def run_load(base: str, plan: list[Call], clients: int) -> tuple[list[Sample], float]:
    """All of ``plan`` from ``clients`` threads; the samples and the wall time in seconds."""
    calls: queue.SimpleQueue[Call] = queue.SimpleQueue()
    for call in plan:
        calls.put(call)
    samples: list[Sample] = []
    halt = threading.Event()
    threads = [
        threading.Thread(target=client, args=(base, calls, samples, halt), daemon=True)
        for _ in range(clients)
    ]
    started = time.perf_counter()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)  # a short wait, so that Ctrl-C gets through
    except BaseException:
        halt.set()
        raise
    return samples, time.perf_counter() - started


# -- the report -----------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted ``values``."""
    return values[min(len(values), max(1, math.ceil(q * len(values)))) - 1]


def summarize(samples: list[Sample]) -> dict[str, Any]:
    ms = sorted(s.ms for s in samples)
    errors = [s for s in samples if not 200 <= s.status < 300]
    return {
        "requests": len(samples),
        "errors": len(errors),
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p90_ms": round(percentile(ms, 0.90), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "max_ms": round(ms[-1], 1),
        "mean_kb": round(sum(s.size for s in samples) / len(samples) / 1024, 1),
        "error_examples": [f"{s.status} {s.detail}" for s in errors[:ERRORS_KEPT]],
    }


def markdown(result: dict[str, Any]) -> str:
    rows = [
        "| kind | requests | errors | p50 ms | p90 ms | p99 ms | max ms | mean KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, r in result["kinds"].items():
        name = f"**{kind}**" if kind == "all" else kind
        rows.append(
            f"| {name} | {r['requests']:,} | {r['errors']} | {r['p50_ms']:,} | {r['p90_ms']:,} "
            f"| {r['p99_ms']:,} | {r['max_ms']:,} | {r['mean_kb']:,} |"
        )
    server = result["server"]
    rows += [
        "",
        f"Store: {result['store']['documents']:,} documents, {result['store']['events']:,} "
        f"events ({result['store_mb']:,} MB, SQLite). Load: {result['requests']:,} requests "
        f"from {result['clients']} concurrent clients (after {WARMUP} warm-up requests) in "
        f"{result['seconds']} s: **{result['requests_per_s']} requests/s**. Server: "
        f"{result['workers']} uvicorn worker(s), {server['processes']} processes, peak RSS "
        f"{server['peak_rss_mb']:,} MB, {server['cpu_s']} CPU s "
        f"during the timed run; the clients {result['client_cpu_s']} CPU s. "
        f"Machine: {result['cpus']} cores, `{result['cpu']}`, Python "
        f"{result['python']}; the client threads run on the same cores.",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, default=DEFAULT_DB, help="the SQLite store (only read)")
    ap.add_argument("--requests", type=int, default=2000, help="timed requests")
    ap.add_argument("--clients", type=int, default=20, help="concurrent clients")
    ap.add_argument("--seed", type=int, default=7, help="draws the plan")
    ap.add_argument("--workers", type=int, default=1, help="marsad serve --workers")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the result as JSON")
    args = ap.parse_args(argv)
    if not args.db.is_file():
        print(f"skipped: {args.db} not found (make it with bench/ingest.py --workdir)")
        return 0
    with serve(args.db, args.workers) as (proc, base):
        info = httpx.get(f"{base}/api", timeout=60).json()
        events_total = httpx.get(f"{base}/api/events", params={"limit": 1}, timeout=60).json()
        plan = make_plan(args.db, WARMUP + args.requests, args.seed, events_total["total"])
        print(
            f"marsad serve on {base} (pid {proc.pid}): {info['counts']['documents']:,} documents; "
            f"{WARMUP} warm-up + {args.requests} requests from {args.clients} clients",
            file=sys.stderr,
            flush=True,
        )
        run_load(base, plan[:WARMUP], args.clients)
        before, client_before = proc_status(proc.pid), time.process_time()
        samples, seconds = run_load(base, plan[WARMUP:], args.clients)
        server = proc_status(proc.pid)
        client_cpu_s = round(time.process_time() - client_before, 1)
    server["cpu_s"] = round(server["cpu_s"] - before["cpu_s"], 1)
    kinds = {k: summarize([s for s in samples if s.kind == k]) for k in KINDS}
    kinds["all"] = summarize(samples)
    size = sum(p.stat().st_size for p in args.db.parent.glob(args.db.name + "*"))
    result: dict[str, Any] = run_info("api") | {
        "cpu": cpu_model(),
        "db": str(args.db),
        "store": info["counts"],
        "store_mb": round(size / 2**20),
        "requests": len(samples),
        "clients": args.clients,
        "workers": args.workers,
        "seed": args.seed,
        "seconds": round(seconds, 1),
        "requests_per_s": round(len(samples) / seconds, 1),
        "server": server,
        "client_cpu_s": client_cpu_s,
        "kinds": kinds,
    }
    print(markdown(result))
    line = json.dumps(result, ensure_ascii=False)
    print(line)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(line + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the server is stopped by then
        print("interrupted", file=sys.stderr)
        sys.exit(130)
