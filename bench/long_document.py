"""Benchmark: one very long document, the case of issue 24 (a 50 MB one-line text ran for more
than 10 minutes at 5.3 GB of memory without finishing).

    .venv/bin/python bench/long_document.py [--mb 50] [--at-limit 2000000] [--skip-limit]

The text is generated: the team-written example articles of ``examples/`` joined by spaces
into one line (no newline, no paragraph), repeated up to the size asked. Each case runs
marsad in a child process, timed from start to exit, with its peak resident memory
(``wait4``):

1. ``marsad analyze`` of the ``--mb`` MB text with the default settings: refused with M011
   (``input.max_chars``) before any analysis.
2. ``marsad ingest`` of the same file into a fresh SQLite store: M011, the run ends.
3. ``marsad analyze`` of a one-line text of exactly ``--at-limit`` characters (the default
   ``input.max_chars``): the largest document the defaults analyse, with its time and memory
   (``--skip-limit`` leaves it out: minutes on a busy machine).

Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ant import run_info

ROOT = Path(__file__).resolve().parents[1]
MARSAD = [sys.executable, "-m", "marsad.cli"]


def one_line_text(chars: int) -> str:
    """``chars`` characters of Arabic news text on one line (the examples, repeated)."""
    texts = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        texts.append(" ".join(json.loads(path.read_text("utf-8"))["text"].split()))
    unit = " ".join(texts) + " "
    return (unit * (chars // len(unit) + 1))[:chars]


def run_child(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``; its exit code, wall seconds, peak RSS (MB) and the last line it printed
    on stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    # The error line (M011...) when there is one, else the last line.
    lines = [line for line in err.splitlines() if "[M" in line] or err.splitlines()[-1:]
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(seconds, 2),
        # ru_maxrss is in kilobytes on Linux.
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "message": lines[0].strip()[:160] if lines else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the long text (MB)")
    parser.add_argument("--at-limit", type=int, default=2_000_000, help="characters")
    parser.add_argument("--skip-limit", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = run_info("long_document")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "long.txt"
        # Arabic letters are 2 bytes in UTF-8: characters for the size asked.
        text = one_line_text(int(args.mb * 1_000_000 / 1.8))
        big.write_text(text, "utf-8")
        results["long_text"] = {"bytes": big.stat().st_size, "chars": len(text), "lines": 1}
        del text
        failures = str(Path(tmp) / "failures.jsonl")
        results["analyze_long"] = run_child([*MARSAD, "analyze", str(big), "--format", "jsonl"])
        db = str(Path(tmp) / "store.db")
        ingest = [*MARSAD, "ingest", str(big), "--db", db, "--failures", failures]
        results["ingest_long"] = run_child(ingest)
        if not args.skip_limit:
            at_limit = Path(tmp) / "at_limit.txt"
            at_limit.write_text(one_line_text(args.at_limit), "utf-8")
            results["at_limit_chars"] = args.at_limit
            cmd = [*MARSAD, "analyze", str(at_limit), "--format", "jsonl"]
            results["analyze_at_limit"] = run_child(cmd)
    print(f"{'case':<20} {'exit':>4} {'seconds':>8} {'peak RSS MB':>12}  message")
    for case in ("analyze_long", "ingest_long", "analyze_at_limit"):
        if case in results:
            r = results[case]
            row = f"{case:<20} {r['exit']:>4} {r['seconds']:>8} {r['peak_rss_mb']:>12}"
            print(f"{row}  {r['message']}")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
