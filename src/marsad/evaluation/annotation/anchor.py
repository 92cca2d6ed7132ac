"""Turn an annotator's snippet file into offsets (``marsad gold check``).

Annotators never type offsets. They copy the words of a span from the article and, when the
words occur more than once, say which occurrence (``n``, counted from 0 over the whole text,
as ``marsad gold find`` lists them). A snippet is written as

- ``"قصفت"``: the words, when they occur exactly once in the article;
- ``["قصفت", 2]``, ``{"s": "قصفت", "n": 2}`` or ``{"s": ["قصفت", 2]}``: the third
  occurrence.

Anchoring refuses a snippet that is missing, ambiguous (several occurrences and no ``n``),
out of range, or padded with spaces; every problem is reported with its place in the file, so
an annotator fixes them all in one go.
"""

from __future__ import annotations

import re
from typing import Any

from marsad.arabic.sentences import split_sentences
from marsad.evaluation.annotation.vocab import LAYERS

__all__ = ["AnchorErrors", "anchor_record", "occurrences"]

Spn = list[int]
EVENT_SPANS = ("trigger", "evidence", "actor1", "actor2", "reported_by")
EVENT_VALUES = ("type", "sub_type", "date", "fatalities", "injured", "actor1_kb", "actor2_kb")


class AnchorErrors(Exception):
    """Every snippet that could not be anchored, one ``where: why`` line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def occurrences(text: str, snippet: str) -> list[int]:
    """Start offsets of every occurrence of ``snippet`` in ``text`` (overlaps included).

    >>> occurrences("قصفت الطائرات وقصفت المدفعية", "قصفت")
    [0, 15]
    """
    return [m.start() for m in re.finditer(f"(?={re.escape(snippet)})", text)] if snippet else []


class _Anchorer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[str] = []
        self._sentences: list[tuple[int, int]] | None = None

    def span(self, value: Any, where: str) -> Spn | None:
        """``[start, end]`` of a snippet (None for null); a problem is recorded, not raised."""
        if value is None:
            return None
        n: Any = None
        if isinstance(value, dict) and isinstance(value.get("s"), list):  # {"s": ["words", n]}
            value = value["s"]
        if isinstance(value, str):
            snippet = value
        elif isinstance(value, list) and len(value) == 2 and isinstance(value[0], str):
            snippet, n = value
        elif isinstance(value, dict) and isinstance(value.get("s"), str):
            snippet, n = value["s"], value.get("n")
        else:
            self.problems.append(f'{where}: expected "words", ["words", n] or {{"s", "n"}}')
            return None
        if not snippet or snippet != snippet.strip():
            self.problems.append(f"{where}: snippet {snippet!r} is empty or padded with spaces")
            return None
        found = occurrences(self.text, snippet)
        if not found:
            self.problems.append(f"{where}: {snippet!r} is not in the article")
            return None
        if n is None:
            if len(found) > 1:
                self.problems.append(
                    f"{where}: {snippet!r} occurs {len(found)} times: give n (0..{len(found) - 1})"
                )
                return None
            n = 0
        if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < len(found):
            self.problems.append(
                f"{where}: occurrence n={n!r} of {snippet!r}: it occurs {len(found)} times"
            )
            return None
        return [found[n], found[n] + len(snippet)]

    def sentence_of(self, span: Spn) -> Spn:
        """The sentence around ``span`` (the default evidence of an event)."""
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        for s, e in self._sentences:
            if s <= span[0] and span[1] <= e:
                return [s, e]
        starts = [s for s, _ in self._sentences if s <= span[0]] or [span[0]]
        ends = [e for _, e in self._sentences if e >= span[1]] or [span[1]]
        return [max(starts), min(ends)]


def _items(raw: dict[str, Any], layer: str, problems: list[str]) -> list[dict[str, Any]]:
    items = raw.get(layer, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        problems.append(f"{layer}: expected a list of objects")
        return []
    return items


def _place(a: _Anchorer, value: Any, where: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        a.problems.append(f"{where}: expected an object or null")
        return None
    place = {k: value.get(k) for k in ("country", "lat", "lon", "precision", "gid")}
    place["span"] = a.span(value, where)
    return {"span": place.pop("span"), **place}


def anchor_record(raw: dict[str, Any], text: str, digest: str) -> dict[str, Any]:
    """The offsets-only record of an annotator's snippet file ``raw`` over ``text``.

    Raises :class:`AnchorErrors` listing every snippet that failed.
    """
    a = _Anchorer(text)
    known = {"id", "annotator", "reviewer", "pre_annotation", "notes", *LAYERS}
    unknown = sorted(k for k in set(raw) - known if not k.startswith("_"))
    if unknown:
        a.problems.append(f"unknown keys {unknown}")
    out: dict[str, Any] = {
        "id": raw.get("id"),
        "sha1": digest,
        "annotator": raw.get("annotator"),
        "reviewer": raw.get("reviewer"),
        "pre_annotation": raw.get("pre_annotation"),
        "layers": [layer for layer in LAYERS if layer in raw],
    }
    if "entities" in raw:
        out["entities"] = [
            {"span": a.span(e, f"entities[{i}]"), "type": e.get("type"), "kb": e.get("kb")}
            for i, e in enumerate(_items(raw, "entities", a.problems))
        ]
    if "toponyms" in raw:
        out["toponyms"] = []
        for i, t in enumerate(_items(raw, "toponyms", a.problems)):
            where = f"toponyms[{i}]"
            resolution = None
            if not t.get("unresolvable"):
                resolution = {k: t.get(k) for k in ("gid", "lat", "lon", "country", "admin1")}
                resolution["precision"] = t.get("precision")
            out["toponyms"].append(
                {
                    "span": a.span(t, where),
                    "dateline": bool(t.get("dateline", False)),
                    "resolution": resolution,
                }
            )
    if "times" in raw:
        out["times"] = [
            {"span": a.span(t, f"times[{i}]"), "value": t.get("value")}
            for i, t in enumerate(_items(raw, "times", a.problems))
        ]
    if "figures" in raw:
        out["figures"] = [
            {
                "span": a.span(f, f"figures[{i}]"),
                "value": f.get("value"),
                "kind": f.get("kind"),
                "role": f.get("role"),
            }
            for i, f in enumerate(_items(raw, "figures", a.problems))
        ]
    if "events" in raw:
        out["events"] = [
            _event(a, e, f"events[{i}]") for i, e in enumerate(_items(raw, "events", a.problems))
        ]
    if "negatives" in raw:
        out["negatives"] = [
            {
                "trigger": a.span(n.get("trigger"), f"negatives[{i}].trigger"),
                "type": n.get("type"),
                "reason": n.get("reason"),
            }
            for i, n in enumerate(_items(raw, "negatives", a.problems))
        ]
    if a.problems:
        raise AnchorErrors(a.problems)
    return out


def _event(a: _Anchorer, e: dict[str, Any], where: str) -> dict[str, Any]:
    known = {*EVENT_SPANS, *EVENT_VALUES, "also", "place", "actor1_associated", "actor2_associated"}
    unknown = sorted(k for k in set(e) - known if not k.startswith("_"))
    if unknown:
        a.problems.append(f"{where}: unknown keys {unknown}")
    event: dict[str, Any] = {"type": e.get("type"), "sub_type": e.get("sub_type") or e.get("type")}
    for role in EVENT_SPANS:
        event[role] = a.span(e.get(role), f"{where}.{role}")
    if event["evidence"] is None and event["trigger"] is not None:
        event["evidence"] = a.sentence_of(event["trigger"])
    event["also"] = [a.span(s, f"{where}.also[{j}]") for j, s in enumerate(e.get("also") or [])]
    for side in ("actor1", "actor2"):
        event[f"{side}_kb"] = e.get(f"{side}_kb")
        event[f"{side}_associated"] = [
            a.span(s, f"{where}.{side}_associated[{j}]")
            for j, s in enumerate(e.get(f"{side}_associated") or [])
        ]
    event["place"] = _place(a, e.get("place"), f"{where}.place")
    for key in ("date", "fatalities", "injured"):
        event[key] = e.get(key)
    return event
