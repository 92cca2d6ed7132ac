"""What an annotator uses: show an article, find a snippet's occurrences, look a place up in
the gazetteer (today's system's draft is in ``services/annotate.py``)."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import normalize_text
from marsad.arabic.words import toggle_article
from marsad.evaluation.annotation.anchor import occurrences
from marsad.evaluation.annotation.select import Selected

__all__ = ["find_snippet", "lookup_place", "render_record", "show_article"]


def show_article(record: dict[str, Any], row: Selected) -> str:
    """The article as an annotator reads it: its facts, then its paragraphs."""
    lines = [
        f"id: {record['id']}   split: {row.split}   group: {row.group}   "
        f"entities layer: {'yes' if row.entities else 'no'}",
        f"published: {record.get('date')}   source: {record.get('source')}   "
        f"categories: {', '.join(record.get('categories') or [])}",
        f"author/dateline field: {record.get('author') or '-'}",
        f"title (not annotated): {record.get('title') or '-'}",
        "text:",
    ]
    for i, paragraph in enumerate(record["text"].split("\n")):
        lines.append(f"[{i}] {paragraph}")
    return "\n".join(lines)


def find_snippet(text: str, snippet: str, width: int = 35) -> str:
    """Every occurrence of ``snippet`` with its ``n`` and the words around it."""
    found = occurrences(text, snippet)
    if not found:
        return f"{snippet!r}: not in the article"
    out = [f"{snippet!r}: {len(found)} occurrence(s)"]
    for n, start in enumerate(found):
        before = text[max(0, start - width) : start].replace("\n", " ¶ ")
        after = text[start + len(snippet) : start + len(snippet) + width].replace("\n", " ¶ ")
        out.append(f"  n={n}: …{before}【{snippet}】{after}…")
    return "\n".join(out)


@cache
def _gazetteer_rows(path: Path) -> tuple[tuple[str, ...], ...]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return tuple(
            tuple(line.rstrip("\n").split("\t"))
            for line in fh
            if not line.startswith("#") and not line.startswith("key\t")
        )


def lookup_place(
    name: str, gazetteer: Path, country: str | None = None, limit: int = 12
) -> list[dict[str, Any]]:
    """Gazetteer rows whose key is ``name`` (normalized, with or without the article) or whose
    English name starts with it; biggest kinds and populations first."""
    key = normalize_text(name).strip()
    keys = {key, toggle_article(key) or key}
    english = name.strip().lower()
    hits: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _gazetteer_rows(gazetteer):
        if row[0] in keys or (english.isascii() and row[2].lower().startswith(english)):
            if country and row[4] != country:
                continue
            gid = f"geonames:{row[11]}" if row[11] else (f"wof:{row[12]}" if row[12] else None)
            entry = {
                "gid": gid,
                "name_ar": row[1],
                "name_en": row[2],
                "kind": row[3],
                "country": row[4],
                "admin1": row[5] or None,
                "lat": float(row[8]) if row[8] else None,
                "lon": float(row[9]) if row[9] else None,
                "population": int(row[10]) if row[10].isdigit() else 0,
            }
            hits.setdefault((str(gid), row[2]), entry)
    rank = {"country": 0, "admin1": 1, "admin2": 2, "town": 3, "village": 4}
    ordered = sorted(hits.values(), key=lambda e: (rank.get(e["kind"], 5), -e["population"]))
    return ordered[:limit]


def _words(text: str, span: Any) -> str:
    return f"«{text[span[0] : span[1]]}»" if span else "-"


def render_record(record: dict[str, Any], text: str) -> str:
    """A stored record with the words of each span, for review."""

    def w(span: Any) -> str:
        return _words(text, span)

    who = f"annotator {record.get('annotator')}, reviewer {record.get('reviewer') or '-'}"
    lines = [f"== {record['id']} ({who})"]
    for e in record.get("entities", []):
        lines.append(f"  ENT {e['type']:4} {w(e['span'])} kb={e.get('kb')}")
    for t in record.get("toponyms", []):
        r = t.get("resolution")
        where = "unresolvable"
        if r:
            where = f"{r.get('country')} {r.get('admin1') or ''} ({r.get('lat')}, {r.get('lon')})"
            where += f" {r.get('precision')} {r.get('gid')}"
        lines.append(f"  TOP {w(t['span'])}{' [dateline]' if t.get('dateline') else ''} → {where}")
    for t in record.get("times", []):
        lines.append(f"  TIME {w(t['span'])} = {t['value']}")
    for f in record.get("figures", []):
        lines.append(f"  FIG {w(f['span'])} = {f['value']} {f['kind']} {f['role']}")
    for e in record.get("events", []):
        p = e.get("place")
        place = f"{w(p['span'])} {p.get('country')} {p.get('precision')}" if p else "-"
        lines.append(
            f"  EVENT {e['type']}/{e.get('sub_type')} trigger {w(e['trigger'])} "
            f"also {[text[a[0] : a[1]] for a in e.get('also') or []]}"
        )
        lines.append(
            f"        actor1 {w(e.get('actor1'))} ({e.get('actor1_kb')}) "
            f"actor2 {w(e.get('actor2'))} ({e.get('actor2_kb')}) "
            f"place {place} date {e.get('date')} "
            f"killed {e.get('fatalities')} injured {e.get('injured')} by {w(e.get('reported_by'))}"
        )
        lines.append(f"        evidence {w(e.get('evidence'))}")
    for n in record.get("negatives", []):
        lines.append(f"  NEG {w(n['trigger'])} {n.get('type')} ({n['reason']})")
    return "\n".join(lines)
