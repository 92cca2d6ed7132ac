"""Benchmark: speed of the quotes step (``quotes.rules.v1``) on real news articles.

    .venv/bin/python bench/quotes.py [--limit 2000] [--data ../shared/data]

Input: article bodies of the ANT news corpus (``ant-corpus-news/ant_v2.1_multisource.jsonl.gz``,
the first ``--limit`` articles). Skips with a message when the file is absent.

Sentences, tokens and entities come first (not timed: the quotes step needs the entities for
its speakers); then the quotes step runs over every document, timed alone, in one process
(one core). Reported: articles/s and characters/s, quotes found (direct/indirect/attributed,
with a speaker, with a speaker that is an entity), and peak resident memory (``ru_maxrss``).

Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ant import DEFAULT_DATA, corpus_path, load_documents, rss_mb, run_info
from marsad.pipeline import Pipeline, create


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args(argv)
    path = corpus_path(args.data)
    if path is None:
        return 0

    before = Pipeline.from_names(("sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1"))
    docs = [before(d) for d in load_documents(path, args.limit)]
    chars = sum(len(d.text) for d in docs)

    step = create("quotes.rules.v1")
    t0 = time.perf_counter()
    docs = [step(d) for d in docs]
    seconds = time.perf_counter() - t0

    quotes = [q for d in docs for q in d.quotes]
    attributed = sum(q.cue is not None and q.cue.text.lstrip("و") in _ATTRIBUTION for q in quotes)
    result = {
        **run_info("quotes"),
        "articles": len(docs),
        "chars": chars,
        "quotes": len(quotes),
        "direct": sum(q.kind == "direct" for q in quotes),
        "indirect": sum(q.kind == "indirect" for q in quotes),
        "attributed": attributed,
        "with_speaker": sum(q.speaker is not None for q in quotes),
        "speaker_is_entity": sum(
            q.speaker is not None and q.speaker.entity is not None for q in quotes
        ),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(docs) / seconds, 1),
        "chars_per_s": round(chars / seconds),
        "rss_mb_peak": round(rss_mb()),
    }
    table = Table(title=f"Quotes on {len(docs)} ANT articles, {chars:,} chars (one process)")
    table.add_column("measure")
    table.add_column("quotes.rules.v1", justify="right")
    for key in ("articles_per_s", "chars_per_s", "quotes", "direct", "indirect", "attributed",
                "with_speaker", "speaker_is_entity", "rss_mb_peak"):  # fmt: skip
        table.add_row(key, f"{result[key]:,}")
    Console().print(table)
    print(json.dumps(result))
    return 0


# The attribution words as the cue text carries them (بحسب، حسب، وفقًا...), for the count.
_ATTRIBUTION = frozenset(
    ("بحسب", "حسب", "حسبما", "وفق", "وفقا", "وفقًا", "وفقاً", "طبقا", "طبقًا", "نقلا", "نقلًا")
)

if __name__ == "__main__":
    sys.exit(main())
