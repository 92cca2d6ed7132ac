"""Benchmark: one process, the multiprocessing path and Spark local mode on real articles.

    .venv/bin/python bench/spark.py [--limit 3000] [--data ../shared/data]

Input: the first ``--limit`` articles of ``ant-corpus-news/ant_v2.1_multisource.jsonl.gz``,
written once to a plain JSONL file. Skips with a message when the corpus is absent.

Each run is a child process timed from start to exit, as a user runs it, with the full
default pipeline:

1. ``marsad ingest FILE`` into a fresh SQLite store (one process);
2. ``marsad ingest FILE --workers 2`` (analysis in 2 processes, writes in one);
3. ``marsad spark run --master local[1]`` and ``local[2]`` (Parquet tables out; JVM start-up
   and the Python workers' model loading included), then ``marsad load`` of the local[2]
   output into SQLite, timed on its own.

Reported: articles/s for each, and the scaling efficiency of the 2-core runs (the rate over
twice the one-core rate of the same path), plus a projection of the cores needed for 500,000
articles a day. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ant import DEFAULT_DATA, corpus_path, run_info
from ingest import workdir_with_input

MARSAD = Path(sys.executable).with_name("marsad")
ARTICLES_PER_DAY = 500_000
# Traffic is not flat: size for the busiest hour at this multiple of the day's average.
PEAK_FACTOR = 3


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(MARSAD), *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some inputs failed, reported in the failures file
        raise SystemExit(f"marsad {args[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    seconds = time.perf_counter() - started
    print(f"marsad {' '.join(args[:2])}: {seconds:.1f} s", file=sys.stderr, flush=True)
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args(argv)
    corpus = corpus_path(args.data)
    if corpus is None:
        return 0
    work, source, n = workdir_with_input(corpus, args.limit, args.workdir, "marsad-spark-")
    common = ["--failures", str(work / "failures.jsonl")]
    runs: dict[str, float] = {}
    runs["one process"] = timed(["ingest", str(source), "--db", str(work / "one.db"), *common])
    runs["multiprocessing, 2 workers"] = timed(
        ["ingest", str(source), "--db", str(work / "two.db"), "--workers", "2", *common]
    )
    for cores in (1, 2):
        runs[f"spark local[{cores}]"] = timed(
            [
                "spark",
                "run",
                "--input",
                str(source),
                "--output",
                str(work / f"out{cores}"),
                "--master",
                f"local[{cores}]",
            ]
        )
    load_seconds = timed(["load", str(work / "out2"), "--db", str(work / "loaded.db"), *common])

    rates = {name: n / seconds for name, seconds in runs.items()}
    efficiency = {
        "multiprocessing": rates["multiprocessing, 2 workers"] / (2 * rates["one process"]),
        "spark": rates["spark local[2]"] / (2 * rates["spark local[1]"]),
    }
    per_core = rates["spark local[2]"] / 2
    needed = ARTICLES_PER_DAY / 86_400 * PEAK_FACTOR / per_core
    table = Table(title=f"{n} ANT articles, full pipeline, 2-core VM")
    for column in ("run", "seconds", "articles/s"):
        table.add_column(column)
    for name, seconds in runs.items():
        table.add_row(name, f"{seconds:.1f}", f"{rates[name]:.1f}")
    table.add_row(
        "marsad load (local[2] output → SQLite)", f"{load_seconds:.1f}", f"{n / load_seconds:.1f}"
    )
    console = Console()
    console.print(table)
    console.print(
        f"scaling efficiency on 2 cores: multiprocessing {efficiency['multiprocessing']:.0%}, "
        f"Spark {efficiency['spark']:.0%}; 500,000 articles/day at {PEAK_FACTOR}x peak needs "
        f"about {needed:.1f} cores at Spark's per-core rate ({per_core:.1f} articles/s)"
    )
    result: dict[str, Any] = run_info("spark") | {
        "articles": n,
        "seconds": {k: round(v, 1) for k, v in runs.items()},
        "articles_per_s": {k: round(v, 1) for k, v in rates.items()},
        "load_seconds": round(load_seconds, 1),
        "efficiency": {k: round(v, 3) for k, v in efficiency.items()},
        "cores_for_500k_per_day": round(needed, 2),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
