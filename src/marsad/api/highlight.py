"""The article page's highlighting: a document's facts as marks on its text, and the text cut
into segments at every mark boundary, so nested facts (a name inside a quote inside an event's
sentence) render as flat, non-overlapping ``<span>``s that each list the facts covering them.

Works on the contract JSON (``Document.to_dict()``), the same form the API returns. Every
segment is a slice of the original text: ``"".join(s.text for s in segments) == text``.

>>> text = "قال الوزير إن 20 مدنيا قتلوا"
>>> marks = [Mark("entity", "e1", 4, 10, "ent-PER", "الوزير"),
...          Mark("quantity", "q1", 14, 16, "qty", "20")]
>>> [(s.text, [m.fact for m in s.marks]) for s in segments(text, marks)]
[('قال ', []), ('الوزير', ['e1']), (' إن ', []), ('20', ['q1']), (' مدنيا قتلوا', [])]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.extract.events.taxonomy import label

Fact = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Mark:
    """One fact's span: ``kind`` (entity, time, quantity, quote, event), the fact's id, the
    CSS class it is drawn with and the normalized value shown on hover."""

    kind: str
    fact: str
    start: int
    end: int
    css: str
    title: str


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str
    marks: tuple[Mark, ...]

    @property
    def css(self) -> str:
        return " ".join(sorted({m.css for m in self.marks}))

    @property
    def facts(self) -> str:
        return " ".join(m.fact for m in self.marks)

    @property
    def title(self) -> str:
        return "\n".join(m.title for m in self.marks)


def _join(*parts: object) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, "", [], ()))


def describe_entity(e: Fact, place: Fact | None = None) -> str:
    """``سوريا · Syria · Q858 · SY (34.8, 39.0)``: the entity's normalized value; an event's
    generic actor or source (``الجيش``, ``مصدر محلي``) says so."""
    geo = None
    if place and place.get("lat") is not None:
        geo = f"{place.get('country') or ''} ({place['lat']:.3f}, {place['lon']:.3f})".strip()
    kind = "generic" if e.get("generic") else None
    return _join(e.get("label"), e.get("canonical"), e.get("name_en"), e.get("kb_id"), geo, kind)


def describe_time(t: Fact) -> str:
    interval = list(t.get("interval") or ())
    span = (
        f"{interval[0]} → {interval[1]}"
        if len(interval) == 2 and interval[0] != interval[1]
        else None
    )
    return _join(t.get("value"), t.get("granularity"), span)


def format_number(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def describe_quantity(q: Fact) -> str:
    if q.get("low") is not None or q.get("high") is not None:
        amount = f"{format_number(q.get('low'))}–{format_number(q.get('high'))}"
    else:
        amount = format_number(q.get("value"))
    change = q.get("change")
    moved = None
    if change:
        percent = change.get("percent")
        moved = _join(
            change.get("direction"),
            f"{format_number(percent)}%" if percent is not None else None,
            f"{change.get('from') or '?'} → {change.get('to') or '?'}",
        )
    return _join(
        label("figure_kind", q.get("kind")),
        q.get("qualifier"),
        amount,
        q.get("unit"),
        q.get("subject"),
        moved,
    )


def describe_quote(c: Fact) -> str:
    speaker = c.get("speaker") or {}
    return _join(
        label("quote_kind", c.get("kind")),
        speaker.get("canonical") or speaker.get("text"),
        speaker.get("role"),
    )


def describe_event(v: Fact) -> str:
    return _join(
        label("type", v.get("type")),
        label("sub_type", v.get("sub_type")) if v.get("sub_type") != v.get("type") else None,
        f"قتلى {v['fatalities']}" if v.get("fatalities") is not None else None,
        f"جرحى {v['injured']}" if v.get("injured") is not None else None,
    )


def marks(doc: Fact) -> list[Mark]:
    """Every highlightable fact of a contract-JSON document, in text order."""
    places = {p["entity"]: p for p in doc.get("places", []) if p.get("entity")}
    out = [
        Mark(
            "entity",
            e["id"],
            e["start"],
            e["end"],
            f"ent ent-{e['label']}",
            describe_entity(e, places.get(e["id"])),
        )
        for e in doc.get("entities", [])
    ]
    out += [
        Mark("time", t["id"], t["start"], t["end"], "time", describe_time(t))
        for t in doc.get("times", [])
    ]
    out += [
        Mark("quantity", q["id"], q["start"], q["end"], "qty", describe_quantity(q))
        for q in doc.get("quantities", [])
    ]
    out += [
        Mark("quote", c["id"], c["start"], c["end"], "quote", describe_quote(c))
        for c in doc.get("quotes", [])
    ]
    out += [
        Mark(
            "event",
            v["id"],
            v["trigger"]["start"],
            v["trigger"]["end"],
            f"trigger ev-{v['type']}",
            describe_event(v),
        )
        for v in doc.get("events", [])
        if v.get("trigger")
    ]
    return sorted(out, key=lambda m: (m.start, -m.end, m.kind))


def segments(text: str, all_marks: Sequence[Mark]) -> list[Segment]:
    """``text`` cut at every mark boundary; each piece carries the marks that cover it whole
    (in ``all_marks`` order). One sweep over the cuts, so a long article with thousands of
    facts costs marks + cuts, not their product."""
    valid = [(i, m) for i, m in enumerate(all_marks) if 0 <= m.start < m.end <= len(text)]
    opening: dict[int, list[tuple[int, Mark]]] = {}
    for i, m in valid:
        opening.setdefault(m.start, []).append((i, m))
    points = sorted({0, len(text)} | {m.start for _, m in valid} | {m.end for _, m in valid})
    out = []
    active: list[tuple[int, Mark]] = []
    for start, end in itertools.pairwise(points):
        # Cuts fall on every boundary, so a mark open at a piece's start covers all of it.
        active = sorted([a for a in active if a[1].end > start] + opening.get(start, []))
        covering = tuple(m for _, m in active)
        out.append(Segment(start, end, text[start:end], covering))
    return out
