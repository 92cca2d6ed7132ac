"""Export speed: every event export of a store, timed (rows, seconds, rows per second).

    python bench/export.py --db STORE.db

The ACLED and PLOVER CSVs read each document with events once (the notes, actors and places
need the whole document); the GeoJSON reads one joined page of events at a time and two narrow
table scans for the ids; Parquet writes every table. Nothing is written but temporary files.
"""

from __future__ import annotations

import argparse
import io
import resource
import tempfile
import time
from pathlib import Path

from marsad.services import export
from marsad.store import Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="an existing store")
    args = parser.parse_args()
    if not Path(args.db).is_file():
        parser.error(f"no store at {args.db}")
    with Store.open(args.db) as store, tempfile.TemporaryDirectory() as tmp:
        counts = store.counts()
        print(f"store: {counts['documents']:,} documents, {counts['events']:,} events")
        runs = {
            "acled-csv": lambda: export.export_acled_csv(store, io.StringIO()),
            "plover-csv": lambda: export.export_acled_csv(store, io.StringIO(), political=True),
            "geojson": lambda: sum(export.export_geojson(store, io.StringIO())),
            "parquet": lambda: export.export_parquet(store, Path(tmp) / "t")["events"],
        }
        for name, run in runs.items():
            start = time.perf_counter()
            rows = run()
            seconds = time.perf_counter() - start
            rate = rows / seconds if seconds else 0.0
            print(f"{name:<11} {rows:>7,} events  {seconds:6.2f} s  {rate:8.1f} events/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB (the gazetteer and the actor knowledge base included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
