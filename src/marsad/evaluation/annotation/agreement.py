"""Inter-annotator agreement on the doubly annotated articles (``marsad gold agreement``).

Two independent annotations of the same article are compared layer by layer as F1 (one
annotation is taken as gold, the other as prediction; F1 is symmetric):

- events: one-to-one matches on type + place country + date;
- entities: exact span and type;
- toponyms: overlapping spans whose resolutions agree (both unresolvable, or countries equal
  and coordinates within 161 km; a resolution without coordinates needs the country only);
- tolls: figures with role ``toll``, overlapping spans with the same value and kind;
- times: overlapping spans with the same value;
- negatives: overlapping triggers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from marsad.evaluation.annotation.corpus import AnnotatedCorpus
from marsad.evaluation.annotation.evaluate import NEAR_KM
from marsad.evaluation.metrics import Scores, first_fit_pairs, km, overlap

__all__ = ["LAYER_RULES", "agreement", "agreement_table"]

Item = dict[str, Any]


def _same_resolution(a: Item | None, b: Item | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a.get("country") != b.get("country"):
        return False
    if None in (a.get("lat"), b.get("lat")):
        return True
    return km(a["lat"], a["lon"], b["lat"], b["lon"]) <= NEAR_KM


def _event_key(e: Item) -> tuple[Any, ...]:
    place = e.get("place") or {}
    return (e.get("type"), place.get("country"), e.get("date"))


LAYER_RULES: dict[str, tuple[str, Callable[[Item], bool], Callable[[Item, Item], bool]]] = {
    # layer: (the record key, which items count, when two items agree)
    "events": ("events", lambda e: True, lambda a, b: _event_key(a) == _event_key(b)),
    "entities": (
        "entities",
        lambda e: True,
        lambda a, b: a["span"] == b["span"] and a["type"] == b["type"],
    ),
    "toponyms": (
        "toponyms",
        lambda t: True,
        lambda a, b: (
            overlap(a["span"], b["span"])
            and _same_resolution(a.get("resolution"), b.get("resolution"))
        ),
    ),
    "tolls": (
        "figures",
        lambda f: f.get("role") == "toll",
        lambda a, b: (
            overlap(a["span"], b["span"]) and a["value"] == b["value"] and a["kind"] == b["kind"]
        ),
    ),
    "times": (
        "times",
        lambda t: True,
        lambda a, b: overlap(a["span"], b["span"]) and a["value"] == b["value"],
    ),
    "negatives": (
        "negatives",
        lambda n: True,
        lambda a, b: overlap(a["trigger"], b["trigger"]),
    ),
}


def agreement(pairs: Sequence[tuple[Item, Item]]) -> dict[str, Scores]:
    """Per-layer agreement over ``(first, second)`` record pairs."""
    out: dict[str, Scores] = {}
    for layer, (key, counts, same) in LAYER_RULES.items():
        gold = predicted = correct = 0
        for first, second in pairs:
            if key not in first.get("layers", []) or key not in second.get("layers", []):
                continue
            a = [x for x in first[key] if counts(x)]
            b = [x for x in second[key] if counts(x)]
            gold, predicted = gold + len(a), predicted + len(b)
            correct += len(first_fit_pairs(a, b, same))
        out[layer] = Scores(gold, predicted, correct)
    return out


def agreement_table(corpus: AnnotatedCorpus, *, json_out: bool = False) -> str:
    """The agreement per layer and split as a Markdown table (or JSON)."""
    firsts = {row.id: (row, rec) for row, rec in corpus.records()}
    by_split: dict[str, list[tuple[Item, Item]]] = {"all": []}
    for row, second in corpus.records(second=True):
        if row.id in firsts:
            pair = (firsts[row.id][1], second)
            by_split.setdefault(row.split, []).append(pair)
            by_split["all"].append(pair)
    results = {split: agreement(pairs) for split, pairs in by_split.items()}
    if json_out:
        return json.dumps(
            {
                split: {"articles": len(by_split[split])}
                | {layer: s.to_dict() for layer, s in scores.items()}
                for split, scores in results.items()
            },
            ensure_ascii=False,
        )
    layers = list(LAYER_RULES)
    lines = [
        "| split | articles | " + " | ".join(layers) + " |",
        "|---|---:|" + "---:|" * len(layers),
    ]
    for split in ("train", "dev", "test", "all"):
        if split not in results:
            continue
        cells = [
            f"{s.f1:.2f} ({s.gold}/{s.predicted})" if s.gold + s.predicted else "–"
            for s in results[split].values()
        ]
        lines.append(f"| {split} | {len(by_split[split])} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("F1 (items of annotator 1 / annotator 2)")
    return "\n".join(lines)
