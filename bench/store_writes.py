"""Benchmark: the store's write path alone, with and without the foreign keys (issue 23).

    .venv/bin/python bench/store_writes.py [--copies 100] [--rounds 3] [--postgres]

The examples are analysed once; each is then written ``--copies`` times under new ids (its
facts and entities as ``marsad ingest`` writes them, 50 documents per transaction) into a
fresh SQLite store with every migration, and into one without ``0004_foreign_keys`` (the
same columns and indexes, no keys). ``--postgres``: into fresh databases of a throwaway
PostgreSQL server instead (Debian's binaries, started as the tests start it). Rounds
alternate the two; the median documents/s of each is printed with the ratio. No analysis
is timed: this isolates what the keys cost a write.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from marsad.corpus.rows import document_rows
from marsad.corpus.search import body_words, tokenized
from marsad.doc import Document
from marsad.services.analysis import analyze_inputs, default_settings
from marsad.store import Store
from marsad.store import store as store_module
from marsad.store.schema import MIGRATIONS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BATCH = 50


def write(url: str, docs: Sequence[Document], copies: int, keys: bool) -> float:
    """Documents written per second into a fresh store at ``url``."""
    saved = store_module.MIGRATIONS
    if not keys:
        store_module.MIGRATIONS = [m for m in MIGRATIONS if m.name != "0004_foreign_keys"]
    try:
        store = Store.open(url)
    finally:
        store_module.MIGRATIONS = saved
    words = {d.id: " ".join(body_words(tokenized(d))) for d in docs}
    todo = [(d, k) for k in range(copies) for d in docs]
    started = time.perf_counter()
    with store:
        for i in range(0, len(todo), BATCH):
            with store.transaction():
                for doc, k in todo[i : i + BATCH]:
                    copy = doc.with_(id=f"{doc.id}-{k}")
                    rows = document_rows(copy, ingested_at="2024-01-01", analyzed_at=None)
                    store.add_document(rows, index_text=words[doc.id])
    return len(todo) / (time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--postgres", action="store_true", help="write to PostgreSQL")
    args = ap.parse_args()
    server = None
    if args.postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from pg_server import start_server

        server = start_server()
        if server is None:
            sys.exit("skipped: PostgreSQL is not installed")
    outcomes = analyze_inputs([str(EXAMPLES)], settings=default_settings())
    docs = [o.document for o in outcomes if o.document is not None]
    speeds: dict[str, list[float]] = {"with_keys": [], "without_keys": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for r in range(args.rounds):
                for name, keys in (("with_keys", True), ("without_keys", False)):
                    url = (
                        server.create_database(f"bench_{name}_{r}")
                        if server
                        else str(Path(tmp) / f"{name}-{r}.db")
                    )
                    speeds[name].append(write(url, docs, args.copies, keys))
    finally:
        if server:
            server.stop()
    result = {name: round(statistics.median(v), 1) for name, v in speeds.items()}
    result["ratio"] = round(result["with_keys"] / result["without_keys"], 3)
    result["documents"] = len(docs) * args.copies
    backend = "postgresql" if server else "sqlite"
    print(json.dumps({"bench": "store_writes", "backend": backend, **result}))


if __name__ == "__main__":
    main()
