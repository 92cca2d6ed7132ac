"""Benchmark: the full pipeline, events included, on real news articles.

    .venv/bin/python bench/events.py [--limit 1000] [--data ../shared/data]

Input: article bodies of the ANT news corpus (``ant-corpus-news/ant_v2.1_multisource.jsonl.gz``,
the first ``--limit`` articles), with their publication dates. Skips with a message when the
file is absent.

The default pipeline (settings.default.toml: sentences, tokens, NER, actors, places, times,
figures, quotes, events) runs over every document in one process (one core), timed end to end
after a warm-up document (models and gazetteers load lazily). Each step is also timed alone.
Reported: articles/s and characters/s for the whole pipeline, the share of each step, events
found by type, the share of events with a place, an actor and a fatality figure, and peak
resident memory (``ru_maxrss``).

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
from marsad.doc import Document
from marsad.pipeline import Pipeline
from marsad.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=1000)
    args = ap.parse_args(argv)
    path = corpus_path(args.data)
    if path is None:
        return 0

    nlp = Pipeline.from_names(load_settings(None, use_user_file=False).pipeline.components)
    docs = load_documents(path, args.limit)
    chars = sum(len(d.text) for d in docs)
    nlp(Document.from_text("قصفت طائرات روسية بلدة كفرنبل في ريف إدلب أمس."))  # warm-up

    step_seconds: Counter[str] = Counter()
    out: list[Document] = []
    t0 = time.perf_counter()
    for doc in docs:
        for component in nlp.components:
            s = time.perf_counter()
            doc = component(doc)
            step_seconds[component.name] += time.perf_counter() - s
        out.append(doc)
    seconds = time.perf_counter() - t0

    events = [e for d in out for e in d.events]
    n = max(1, len(events))
    result = {
        **run_info("events"),
        "articles": len(out),
        "chars": chars,
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(out) / seconds, 1),
        "chars_per_s": round(chars / seconds),
        "ms_per_article": round(1000 * seconds / max(1, len(out)), 1),
        "steps_ms_per_article": {
            name: round(1000 * s / max(1, len(out)), 2) for name, s in step_seconds.items()
        },
        "events": len(events),
        "events_by_type": dict(Counter(e.type for e in events).most_common()),
        "with_place": round(sum(e.place is not None for e in events) / n, 3),
        "with_actor1": round(sum(e.actor1 is not None for e in events) / n, 3),
        "with_fatalities": round(sum(e.fatalities is not None for e in events) / n, 3),
        "places_geocoded": sum(p.country is not None for d in out for p in d.places),
        "places": sum(len(d.places) for d in out),
        "rss_mb_peak": round(rss_mb()),
    }
    table = Table(title=f"Full pipeline on {len(out)} ANT articles, {chars:,} chars (one process)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in ("articles_per_s", "chars_per_s", "ms_per_article", "events", "with_place",
                "with_actor1", "with_fatalities", "places", "places_geocoded",
                "rss_mb_peak"):  # fmt: skip
        table.add_row(key, f"{result[key]:,}")
    for name, ms in result["steps_ms_per_article"].items():  # type: ignore[union-attr]
        table.add_row(f"  {name} ms/article", f"{ms}")
    Console().print(table)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
