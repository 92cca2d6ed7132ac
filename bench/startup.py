"""Benchmark: how long the ``marsad`` command takes to import before it does anything.

    .venv/bin/python bench/startup.py [--runs 5] [--src src] [-- ARGS...]

Runs ``python -X importtime -m marsad.cli ARGS`` (default ``--help``) ``--runs`` times in
fresh interpreters and reports the median of two figures from the ``-X importtime`` report:
the cumulative import time of ``marsad.cli`` and the total, the sum of the cumulative times
of every top-level import (the interpreter's own start-up modules included, so it is the
figure to compare across layouts: a command module loaded at run time is a top-level import
of its own). Also the median wall time of the whole run. ``--src`` puts a checkout's
``src`` first on ``PYTHONPATH`` (to compare two checkouts with one interpreter).

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def _figures(report: str) -> tuple[float, float]:
    """(marsad.cli cumulative, total of top-level cumulative), in ms, from -X importtime."""
    cli = total = 0.0
    for line in report.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if not cumulative.strip().isdigit():
            continue  # the header line
        if name.startswith(" ") and not name.startswith("  "):  # a top-level import
            total += int(cumulative) / 1000
            if name.strip() == "marsad.cli":
                cli = int(cumulative) / 1000
    return cli, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", help="a checkout's src directory, first on PYTHONPATH")
    parser.add_argument("args", nargs="*", default=["--help"], help="marsad's arguments")
    options = parser.parse_args()
    env = dict(os.environ)
    if options.src:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (options.src, os.environ.get("PYTHONPATH")) if p
        )
    clis, totals, walls = [], [], []
    for _ in range(options.runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "marsad.cli", *options.args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        walls.append((time.perf_counter() - started) * 1000)
        cli, total = _figures(done.stderr)
        clis.append(cli)
        totals.append(total)
    result = {
        "args": options.args,
        "runs": options.runs,
        "marsad_cli_ms": round(statistics.median(clis), 1),
        "imports_total_ms": round(statistics.median(totals), 1),
        "wall_ms": round(statistics.median(walls), 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
