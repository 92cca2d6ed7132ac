"""Benchmark: the places step (places.gazetteer.v1) on real news articles.

    .venv/bin/python bench/places.py [--limit 1000] [--data ../shared/data] [--top 30]

Input: article bodies of the ANT news corpus (the first ``--limit`` articles of
``ant-corpus-news/ant_v2.1_multisource.jsonl.gz``). Skips with a message when it is absent.

The steps the places step needs (sentences, tokens, NER, actors as in the default settings)
run first; then the places step alone is timed over every document, after a warm-up document
(the gazetteer and the lexicon load lazily). Reported: ms per article of the places step and
its CPU time per article (steadier on a busy machine), the places found and the share
geocoded (a country at least), by precision, and the ``--top`` most frequent place names with
their resolutions (English name, country, precision: mentions), for reading by hand.

Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ant import DEFAULT_DATA, corpus_path, load_documents, run_info
from marsad.doc import Document
from marsad.pipeline import Pipeline
from marsad.settings import load_settings

PLACES = "places.gazetteer.v1"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args(argv)
    path = corpus_path(args.data)
    if path is None:
        return 0

    names = load_settings(None, use_user_file=False).pipeline.components
    before = Pipeline.from_names(names[: names.index(PLACES)])
    places = Pipeline.from_names([*names[: names.index(PLACES)], PLACES]).components[-1]
    docs = [before(d) for d in load_documents(path, args.limit)]
    places(before(Document.from_text("قصفت طائرات روسية بلدة كفرنبل في ريف إدلب أمس.")))

    t0, c0 = time.perf_counter(), time.process_time()
    out = [places(d) for d in docs]
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0

    found = [p for d in out for p in d.places]
    geocoded = [p for p in found if p.country is not None]
    by_name: dict[str, Counter[tuple[str, str, str]]] = {}
    for p in found:
        reading = (p.name_en or "-", p.country or "-", p.precision or "-")
        by_name.setdefault(p.name, Counter())[reading] += 1
    top = sorted(by_name.items(), key=lambda kv: -sum(kv[1].values()))[: args.top]
    result = {
        **run_info("places"),
        "articles": len(out),
        "ms_per_article": round(1000 * seconds / max(1, len(out)), 2),
        # CPU time of this process: less sensitive than wall time to a busy shared machine
        "cpu_ms_per_article": round(1000 * cpu / max(1, len(out)), 2),
        "places": len(found),
        "geocoded": len(geocoded),
        "geocoded_share": round(len(geocoded) / max(1, len(found)), 3),
        "by_precision": dict(Counter(p.precision or "none" for p in found).most_common()),
        "top": [
            {"name": name, "mentions": sum(c.values()), "readings": [list(r) for r in c]}
            for name, c in top
        ],
    }

    console = Console()
    table = Table(title=f"places step on {len(out)} ANT articles")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("ms per article (places step alone)", str(result["ms_per_article"]))
    table.add_row("CPU ms per article", str(result["cpu_ms_per_article"]))
    table.add_row("places / geocoded", f"{len(found)} / {len(geocoded)}")
    table.add_row("by precision", str(result["by_precision"]))
    console.print(table)
    names_table = Table(title=f"the {args.top} most frequent place names")
    for column in ("name", "mentions", "readings (name_en, country, precision: n)"):
        names_table.add_column(column)
    for name, c in top:
        readings = "; ".join(f"{e}, {cc}, {pr}: {n}" for (e, cc, pr), n in c.most_common())
        names_table.add_row(name, str(sum(c.values())), readings)
    console.print(names_table)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
