"""The benchmarks' input: article bodies of the ANT news corpus in ``../shared/data``.

Imported by the scripts next to it (``python bench/ner.py`` puts this folder on the path).
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import resource
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from marsad.doc import Document, Meta

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
CORPUS = Path("ant-corpus-news") / "ant_v2.1_multisource.jsonl.gz"


def corpus_path(data: Path) -> Path | None:
    """The corpus file under ``data``, or None (with a message) when it is absent."""
    path = data / CORPUS
    if not path.is_file():
        print(f"skipped: {path} not found", file=sys.stderr)
        return None
    return path


def read_articles(path: Path, limit: int) -> Iterator[dict[str, Any]]:
    """The first ``limit`` records with a non-empty ``text`` (all of them when ``limit`` is 0)."""
    count = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not row.get("text"):
                continue
            yield row
            count += 1
            if limit and count >= limit:
                return


def load_texts(path: Path, limit: int) -> list[str]:
    return [row["text"] for row in read_articles(path, limit)]


def load_documents(path: Path, limit: int) -> list[Document]:
    """Documents with their publication date, so that relative times resolve."""
    return [
        Document.from_text(row["text"], Meta(published=row.get("date")))
        for row in read_articles(path, limit)
    ]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_info(bench: str) -> dict[str, Any]:
    """The head of a benchmark's JSON line: its name, the date and the machine it ran on."""
    return {
        "bench": bench,
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
