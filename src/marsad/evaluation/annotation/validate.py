"""Check an anchored annotation record (``marsad gold validate``, run in CI).

Without the article text it checks the schema and the taxonomy; with it (``../shared``
present) also that the text is the annotated one (``sha1``) and that every span is a clean
slice of it.
"""

from __future__ import annotations

import re
from typing import Any

from marsad.evaluation.annotation.vocab import (
    ENTITY_TYPES,
    EVENT_TYPES,
    FIGURE_KINDS,
    FIGURE_ROLES,
    LAYERS,
    NEGATIVE_REASONS,
    PRECISIONS,
    sub_type_ok,
)

__all__ = ["validate_record"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTERVAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?")
_COUNTRY = re.compile(r"[A-Z]{2}")
_GID = re.compile(r"(geonames|wof):\d+")


def _int_or_none(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


class _Checker:
    def __init__(self, record: dict[str, Any], text: str | None, digest: str | None) -> None:
        self.record, self.text = record, text
        self.problems: list[str] = []
        if digest is not None and record.get("sha1") != digest:
            self.problems.append(f"sha1 {record.get('sha1')} is not the article's ({digest})")
            self.text = None  # offsets into another text: do not slice

    def fail(self, where: str, why: str) -> None:
        self.problems.append(f"{where}: {why}")

    def span(self, value: Any, where: str, *, optional: bool = False) -> bool:
        if value is None:
            if not optional:
                self.fail(where, "missing span")
            return False
        if not (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            and 0 <= value[0] < value[1]
        ):
            self.fail(where, f"not a span: {value!r}")
            return False
        if self.text is not None:
            if value[1] > len(self.text):
                self.fail(where, f"span {value} past the end of the text ({len(self.text)})")
                return False
            piece = self.text[value[0] : value[1]]
            if piece != piece.strip():
                self.fail(where, f"span {value} starts or ends with a space")
        return True

    def place(self, p: dict[str, Any], where: str) -> None:
        country = p.get("country")
        if country is not None and not (isinstance(country, str) and _COUNTRY.fullmatch(country)):
            self.fail(where, f"country {country!r} is not ISO 3166-1 alpha-2")
        lat, lon = p.get("lat"), p.get("lon")
        if (lat is None) != (lon is None):
            self.fail(where, "lat and lon go together")
        elif lat is not None and not (
            isinstance(lat, int | float)
            and isinstance(lon, int | float)
            and -90 <= lat <= 90
            and -180 <= lon <= 180
        ):
            self.fail(where, f"bad coordinates {lat!r}, {lon!r}")
        if p.get("precision") not in PRECISIONS:
            self.fail(where, f"precision {p.get('precision')!r} not in {sorted(PRECISIONS)}")
        gid = p.get("gid")
        if gid is not None and not (isinstance(gid, str) and _GID.fullmatch(gid)):
            self.fail(where, f"gid {gid!r} is not geonames:N or wof:N")


def validate_record(
    record: dict[str, Any], text: str | None = None, digest: str | None = None
) -> list[str]:
    """Every problem of an anchored ``record`` (empty when it is valid)."""
    c = _Checker(record, text, digest)
    if not isinstance(record.get("id"), str):
        c.fail("id", "missing")
    if not isinstance(record.get("annotator"), str) or not record.get("annotator"):
        c.fail("annotator", "missing")
    layers = record.get("layers")
    if not isinstance(layers, list) or not set(layers) <= set(LAYERS):
        c.fail("layers", f"expected a list of {LAYERS}")
        return c.problems
    for layer in layers:
        if not isinstance(record.get(layer), list):
            c.fail(layer, "declared but not a list")
            return c.problems
    for i, e in enumerate(record.get("entities", [])):
        c.span(e.get("span"), f"entities[{i}].span")
        if e.get("type") not in ENTITY_TYPES:
            c.fail(f"entities[{i}]", f"type {e.get('type')!r} not in {sorted(ENTITY_TYPES)}")
    seen_entities = [
        (tuple(e["span"]), e.get("type")) for e in record.get("entities", []) if e.get("span")
    ]
    if len(set(s for s, _ in seen_entities)) != len(seen_entities):
        c.fail("entities", "the same span twice")
    for i, t in enumerate(record.get("toponyms", [])):
        c.span(t.get("span"), f"toponyms[{i}].span")
        if t.get("resolution") is not None:
            c.place(t["resolution"], f"toponyms[{i}]")
            if t["resolution"].get("country") is None:
                c.fail(f"toponyms[{i}]", "a resolved toponym needs its country")
    for i, t in enumerate(record.get("times", [])):
        c.span(t.get("span"), f"times[{i}].span")
        if not (isinstance(t.get("value"), str) and _INTERVAL.fullmatch(t["value"])):
            c.fail(f"times[{i}]", f"value {t.get('value')!r} is not an ISO date or interval")
    for i, f in enumerate(record.get("figures", [])):
        c.span(f.get("span"), f"figures[{i}].span")
        if not (_int_or_none(f.get("value")) and f.get("value") is not None):
            c.fail(f"figures[{i}]", f"value {f.get('value')!r} is not a count")
        if f.get("kind") not in FIGURE_KINDS:
            c.fail(f"figures[{i}]", f"kind {f.get('kind')!r} not in {sorted(FIGURE_KINDS)}")
        if f.get("role") not in FIGURE_ROLES:
            c.fail(f"figures[{i}]", f"role {f.get('role')!r} not in {sorted(FIGURE_ROLES)}")
    keys: set[tuple[Any, ...]] = set()
    for i, e in enumerate(record.get("events", [])):
        where = f"events[{i}]"
        if e.get("type") not in EVENT_TYPES or not sub_type_ok(e["type"], e.get("sub_type")):
            c.fail(
                where, f"type/sub_type {e.get('type')!r}/{e.get('sub_type')!r} not in the taxonomy"
            )
        if c.span(e.get("trigger"), f"{where}.trigger") and c.span(
            e.get("evidence"), f"{where}.evidence"
        ):
            t, ev = e["trigger"], e["evidence"]
            if not (ev[0] <= t[0] and t[1] <= ev[1]):
                c.fail(where, f"trigger {t} lies outside its evidence {ev}")
        for role in ("actor1", "actor2", "reported_by"):
            c.span(e.get(role), f"{where}.{role}", optional=True)
        for j, s in enumerate(e.get("also") or []):
            c.span(s, f"{where}.also[{j}]")
        for side in ("actor1", "actor2"):
            for j, s in enumerate(e.get(f"{side}_associated") or []):
                c.span(s, f"{where}.{side}_associated[{j}]")
        if e.get("place") is not None:
            c.span(e["place"].get("span"), f"{where}.place.span")
            c.place(e["place"], f"{where}.place")
        if e.get("date") is not None and not (
            isinstance(e["date"], str) and _DATE.fullmatch(e["date"])
        ):
            c.fail(where, f"date {e['date']!r} is not YYYY-MM-DD")
        for key in ("fatalities", "injured"):
            if not _int_or_none(e.get(key)):
                c.fail(where, f"{key} {e.get(key)!r} is not a count or null")
        event_key = (e.get("type"), tuple(e.get("trigger") or ()))
        if event_key in keys:
            c.fail(where, "duplicate event (same type and trigger)")
        keys.add(event_key)
    for i, n in enumerate(record.get("negatives", [])):
        c.span(n.get("trigger"), f"negatives[{i}].trigger")
        if n.get("reason") not in NEGATIVE_REASONS:
            c.fail(
                f"negatives[{i}]", f"reason {n.get('reason')!r} not in {sorted(NEGATIVE_REASONS)}"
            )
        if n.get("type") is not None and n["type"] not in EVENT_TYPES:
            c.fail(f"negatives[{i}]", f"type {n['type']!r} not in the taxonomy")
    return c.problems
