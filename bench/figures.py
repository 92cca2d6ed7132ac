"""Benchmark: speed of the time (``times.rules.v1``) and figure (``quantities.rules.v1``) steps
on real news articles.

    .venv/bin/python bench/figures.py [--limit 2000] [--data ../shared/data]

Input: article bodies of the ANT news corpus (``ant-corpus-news/ant_v2.1_multisource.jsonl.gz``,
the first ``--limit`` articles), each with its publication date (``date``) so that relative
expressions resolve. Skips with a message when the file is absent.

Sentences are split first (not timed); then each step runs over every document, timed alone,
in one process (one core). Reported: articles/s and characters/s of each step, the time
expressions and figures found (per second and per article), figures by kind, the share of
figures linked to a time expression, and peak resident memory (``ru_maxrss``).

Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ant import DEFAULT_DATA, corpus_path, load_documents, rss_mb, run_info
from marsad.pipeline import create


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args(argv)
    path = corpus_path(args.data)
    if path is None:
        return 0

    sentences = create("sentences.rules.v1")
    docs = [sentences(d) for d in load_documents(path, args.limit)]
    chars = sum(len(d.text) for d in docs)

    times_step = create("times.rules.v1")
    t0 = time.perf_counter()
    docs = [times_step(d) for d in docs]
    times_s = time.perf_counter() - t0

    figures_step = create("quantities.rules.v1")
    t0 = time.perf_counter()
    docs = [figures_step(d) for d in docs]
    figures_s = time.perf_counter() - t0

    n_times = sum(len(d.times) for d in docs)
    quantities = [q for d in docs for q in d.quantities]
    kinds = Counter(q.kind for q in quantities)
    linked = sum(q.time is not None for q in quantities)
    result = {
        **run_info("figures"),
        "articles": len(docs),
        "chars": chars,
        "times": n_times,
        "quantities": len(quantities),
        "kinds": dict(kinds.most_common()),
        "linked_to_time": round(linked / max(1, len(quantities)), 3),
        "times_s": round(times_s, 2),
        "figures_s": round(figures_s, 2),
        "times_articles_per_s": round(len(docs) / times_s, 1),
        "figures_articles_per_s": round(len(docs) / figures_s, 1),
        "times_per_s": round(n_times / times_s),
        "figures_per_s": round(len(quantities) / figures_s),
        "times_chars_per_s": round(chars / times_s),
        "figures_chars_per_s": round(chars / figures_s),
        "rss_mb_peak": round(rss_mb()),
    }
    table = Table(
        title=f"Times and figures on {len(docs)} ANT articles, {chars:,} chars (one process)"
    )
    table.add_column("measure")
    table.add_column("times.rules.v1", justify="right")
    table.add_column("quantities.rules.v1", justify="right")
    table.add_row(
        "articles/s", str(result["times_articles_per_s"]), str(result["figures_articles_per_s"])
    )
    table.add_row(
        "characters/s", f"{result['times_chars_per_s']:,}", f"{result['figures_chars_per_s']:,}"
    )
    table.add_row("found/s", f"{result['times_per_s']:,}", f"{result['figures_per_s']:,}")
    table.add_row("found", f"{n_times:,}", f"{len(quantities):,}")
    table.add_row("per article", f"{n_times / len(docs):.1f}", f"{len(quantities) / len(docs):.1f}")
    table.add_row("figures by kind", "", ", ".join(f"{k} {v:,}" for k, v in kinds.most_common()))
    table.add_row("figures linked to a time", "", f"{100 * result['linked_to_time']:.1f}%")
    table.add_row("peak RSS, MB", str(result["rss_mb_peak"]), "")
    Console().print(table)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
