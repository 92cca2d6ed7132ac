"""The corpus table (``marsad gold stats``): articles and items per split, outlet, stratum
and category, in Markdown for the corpus README."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from marsad.evaluation.annotation.corpus import AnnotatedCorpus
from marsad.evaluation.annotation.select import Selected

__all__ = ["COLUMNS", "stats_table"]

COLUMNS = ("articles", "annotated", "events", "negatives", "entities", "toponyms", "tolls", "times")


def _counts(record: dict[str, Any]) -> Counter[str]:
    c: Counter[str] = Counter(annotated=1)
    for key in ("events", "negatives", "entities", "toponyms", "times"):
        c[key] += len(record.get(key, []))
    c["tolls"] += sum(1 for f in record.get("figures", []) if f.get("role") == "toll")
    return c


def stats_table(corpus: AnnotatedCorpus) -> str:
    """One Markdown table per grouping: split, outlet, country stratum, category."""
    records = {row.id: rec for row, rec in corpus.records()}
    groupings: dict[str, Callable[[Selected], str]] = {
        "split": lambda r: r.split,
        "outlet": lambda r: r.source,
        "stratum (main country)": lambda r: r.stratum,
        "category": lambda r: r.category,
    }
    out: list[str] = []
    for title, key in groupings.items():
        table: dict[str, Counter[str]] = defaultdict(Counter)
        for row in corpus.selection.values():
            c = table[key(row)]
            c["articles"] += 1
            if row.id in records:
                c.update(_counts(records[row.id]))
        total: Counter[str] = Counter()
        for c in table.values():
            total.update(c)
        out.append(f"| {title} | " + " | ".join(COLUMNS) + " |")
        out.append("|---|" + "---:|" * len(COLUMNS))
        for name in sorted(table, key=lambda k: (-table[k]["articles"], k)):
            out.append(f"| {name} | " + " | ".join(str(table[name][c]) for c in COLUMNS) + " |")
        out.append("| **all** | " + " | ".join(f"**{total[c]}**" for c in COLUMNS) + " |")
        out.append("")
    return "\n".join(out)
