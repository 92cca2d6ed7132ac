"""Benchmark: ingest the ANT news corpus into a SQLite store, then search it.

    .venv/bin/python bench/ingest.py [--limit 0] [--full-limit 0] [--data ../shared/data]

Input: the articles of ``ant-corpus-news/ant_v2.1_multisource.jsonl.gz`` (``--limit``, 0 for
all 30k), written once to a plain JSONL file as a user would feed them. Skips with a message
when the corpus is absent.

1. ``marsad ingest FILE --no-analyze`` into a fresh store: articles/s end to end (a child
   process, timed from start to exit), peak resident memory of that process (``wait4``), and
   the size of the store on disk.
2. ``marsad ingest FILE`` with the full default pipeline into another fresh store
   (``--full-limit`` articles, 0 for the same as ``--limit``): the same figures, and what the
   store holds (documents, facts, stories, near copies).
3. 200 search queries against the full store through ``marsad.services.queries.search`` (the
   ranked query plus the highlighted snippets of the first 10 hits): p50 and p99 latency.
   Queries are drawn with a fixed seed from the stored titles: 150 words, 30 two-word
   phrases, 20 prefixes.

Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ant import DEFAULT_DATA, corpus_path, read_articles, run_info
from marsad.errors import QueryError
from marsad.services.queries import search
from marsad.store import Store

MARSAD = Path(sys.executable).with_name("marsad")


def write_input(corpus: Path, limit: int, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for row in read_articles(corpus, limit):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def workdir_with_input(
    corpus: Path, limit: int, workdir: Path | None, prefix: str
) -> tuple[Path, Path, int]:
    """A working directory (given or temporary, old stores removed) holding the first
    ``limit`` articles as ``articles.jsonl``; returns it, the file and the article count."""
    work = workdir or Path(tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    for stale in work.glob("*.db*"):
        stale.unlink()
    source = work / "articles.jsonl"
    return work, source, write_input(corpus, limit, source)


def run_ingest(source: Path, db: Path, *, analyze: bool) -> dict[str, Any]:
    """One ``marsad ingest`` in a child process; its time, peak memory and report."""
    cmd = [
        str(MARSAD),
        "ingest",
        str(source),
        "--db",
        str(db),
        "--json",
        "--failures",
        str(db.with_suffix(".failures.jsonl")),
    ]
    if not analyze:
        cmd.append("--no-analyze")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"marsad ingest failed with exit code {proc.returncode}")
    report = json.loads(output)
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    return {
        "articles": report["ingested"] + report["duplicates_skipped"] + report["failed"],
        "ingested": report["ingested"],
        "duplicates_skipped": report["duplicates_skipped"],
        "linked_to_story": report["linked_to_story"],
        "near_copies": report["near_copies"],
        "failed": report["failed"],
        "seconds": round(seconds, 1),
        "articles_per_s": round((report["ingested"] + report["duplicates_skipped"]) / seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "store_mb": round(size / 2**20, 1),
    }


def make_queries(
    store: Store, n_words: int = 150, n_phrases: int = 30, n_prefix: int = 20
) -> list[str]:
    rng = random.Random(7)
    titles = [
        r["title"] for r in store.db.rows("SELECT title FROM documents WHERE title IS NOT NULL")
    ]
    words = [w for t in titles for w in t.split() if len(w) >= 4 and w.isalpha()]
    pairs = [
        p
        for t in titles
        for p in zip(t.split(), t.split()[1:], strict=False)
        if all(len(w) >= 3 and w.isalpha() for w in p)
    ]
    queries = rng.sample(words, min(n_words, len(words)))
    queries += [f'"{a} {b}"' for a, b in rng.sample(pairs, min(n_phrases, len(pairs)))]
    queries += [w[:4] + "*" for w in rng.sample(words, min(n_prefix, len(words)))]
    return queries


def time_searches(db: Path, queries: list[str]) -> dict[str, Any]:
    with Store.open(str(db)) as store:
        search(store, "الحكومة", limit=10)  # warm the tokenizer and the page cache
        latencies, hits = [], []
        for q in queries:
            started = time.perf_counter()
            try:
                result = search(store, q, limit=10)
            except QueryError:
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            hits.append(result.total)
    latencies.sort()
    return {
        "queries": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "median_hits": statistics.median(hits),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="articles (0: all)")
    ap.add_argument("--full-limit", type=int, default=0, help="articles for the full pipeline")
    ap.add_argument("--workdir", type=Path, help="keep the stores here (default: a temp dir)")
    args = ap.parse_args(argv)
    corpus = corpus_path(args.data)
    if corpus is None:
        return 0
    work, source, n = workdir_with_input(corpus, args.limit, args.workdir, "marsad-bench-")
    full_source = source
    if args.full_limit and args.full_limit < n:
        full_source = work / "articles-full.jsonl"
        write_input(corpus, args.full_limit, full_source)
    bare = run_ingest(source, work / "bare.db", analyze=False)
    full = run_ingest(full_source, work / "full.db", analyze=True)
    with Store.open(str(work / "full.db")) as store:
        counts = store.counts()
        queries = make_queries(store)
    searches = time_searches(work / "full.db", queries)

    table = Table(title=f"marsad ingest on {n} ANT articles (SQLite, one process)")
    for column in ("run", "articles", "articles/s", "peak RSS MB", "store MB", "linked", "copies"):
        table.add_column(column)
    for name, r in (("--no-analyze", bare), ("full pipeline", full)):
        table.add_row(
            name,
            str(r["articles"]),
            str(r["articles_per_s"]),
            str(r["peak_rss_mb"]),
            str(r["store_mb"]),
            str(r["linked_to_story"]),
            str(r["near_copies"]),
        )
    console = Console()
    console.print(table)
    console.print(f"store: {counts}")
    console.print(f"search over {counts['documents']} documents: {searches}")
    print(
        json.dumps(
            run_info("ingest")
            | {"no_analyze": bare, "full": full, "store": counts, "search": searches},
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
