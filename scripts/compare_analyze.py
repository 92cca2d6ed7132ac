"""Check that a refactoring changes no output: snapshot `marsad analyze --format json` over the
bundled examples and every evaluation set, then diff two snapshots document by document.

    python scripts/compare_analyze.py snapshot before/     # on the old code
    python scripts/compare_analyze.py snapshot after/      # on the new code
    python scripts/compare_analyze.py diff before/ after/  # exit 1 when anything differs

The inputs: every file of ``examples/``, the team-written gold sets (their text is in the
file) and the real ANT articles the offsets-only gold sets point at, read from
``../shared/data/ant-corpus-news`` (left out, with a note, when the shared data is absent).
The documents are analyzed through the CLI, as a user would run it; the ``pipeline`` field
(component names with versions) is kept, so a renamed component shows up in the diff.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANT = ROOT.parent / "shared" / "data" / "ant-corpus-news" / "ant_v2.1_multisource.jsonl.gz"
GOLD_WITH_TEXT = ("eval/events/written.jsonl", "eval/quotes/written.jsonl")
GOLD_OFFSETS_ONLY = (
    "eval/events/ant.jsonl",
    "eval/events/ant-holdout.jsonl",
    "eval/quotes/ant.jsonl",
    "eval/quotes/ant-holdout.jsonl",
)


def _analyze(paths: list[Path]) -> list[dict[str, Any]]:
    """The documents `marsad analyze --format json` prints for ``paths``."""
    command = [sys.executable, "-m", "marsad.cli", "analyze", "--format", "json"]
    done = subprocess.run(
        [*command, *map(str, paths)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        raise SystemExit(f"analyze failed ({done.returncode}) on {paths}:\n{done.stderr[-2000:]}")
    out = json.loads(done.stdout)
    return out if isinstance(out, list) else [out]


def _ant_records(ids: set[str]) -> Iterator[dict[str, Any]]:
    with gzip.open(ANT, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("id") in ids:
                yield {
                    "id": record["id"],
                    "text": record["text"],
                    "published": record.get("published") or record.get("date"),
                }


def _gold_ids() -> set[str]:
    ids: set[str] = set()
    for name in GOLD_OFFSETS_ONLY:
        with (ROOT / name).open(encoding="utf-8") as fh:
            ids.update(json.loads(line)["id"] for line in fh if line.strip())
    return ids


def snapshot(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    sets: dict[str, list[Path]] = {
        "examples": sorted(p for p in (ROOT / "examples").iterdir() if p.suffix != ".md"),
        "gold-written": [ROOT / name for name in GOLD_WITH_TEXT],
    }
    with tempfile.TemporaryDirectory() as tmp:
        if ANT.exists():
            ant_file = Path(tmp) / "ant-gold.jsonl"
            with ant_file.open("w", encoding="utf-8") as fh:
                for record in _ant_records(_gold_ids()):
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            sets["gold-ant"] = [ant_file]
        else:
            print(f"note: {ANT} is absent; the ANT gold articles are left out", file=sys.stderr)
        for name, paths in sets.items():
            docs = _analyze(paths)
            target = out_dir / f"{name}.jsonl"
            with target.open("w", encoding="utf-8") as fh:
                for doc in docs:
                    fh.write(json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n")
            print(f"{name}: {len(docs)} documents -> {target}")


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if type(a) is not type(b):
        return f"{path}: {a!r:.120} != {b!r:.120}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), f"{path}.{key}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {a!r:.120} != {b!r:.120}"


def diff(before: Path, after: Path) -> int:
    changed = 0
    for old_file in sorted(before.glob("*.jsonl")):
        new_file = after / old_file.name
        if not new_file.exists():
            print(f"{old_file.name}: missing in {after}")
            changed += 1
            continue
        old = old_file.read_text(encoding="utf-8").splitlines()
        new = new_file.read_text(encoding="utf-8").splitlines()
        if len(old) != len(new):
            print(f"{old_file.name}: {len(old)} documents before, {len(new)} after")
            changed += 1
            continue
        same = 0
        for a, b in zip(old, new, strict=True):
            if a == b:
                same += 1
                continue
            changed += 1
            da, db = json.loads(a), json.loads(b)
            print(f"{old_file.name} {da.get('id')}: {_first_difference(da, db)}")
        print(f"{old_file.name}: {same}/{len(old)} documents identical")
    return 1 if changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    snap = commands.add_parser("snapshot")
    snap.add_argument("out_dir", type=Path)
    cmp = commands.add_parser("diff")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.out_dir)
        return 0
    return diff(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
