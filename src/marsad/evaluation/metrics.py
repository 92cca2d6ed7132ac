"""Chunk-level precision, recall and F1 with the semantics of CoNLL's ``conlleval`` script.

A chunk (entity span) is ``(type, start, end)`` with ``end`` exclusive. It counts as correct only
when its type, start and end all match a gold chunk. Reading IOB labels, a chunk starts at
``B-X``, or at ``I-X`` after ``O`` or after a chunk of another type (conlleval reads an ``I-``
after ``O`` as the start of a chunk, so IOB1 and broken IOB2 are scored the way conlleval scores
them); it runs while ``I-X`` of the same type follows.

:func:`score_spans` takes spans directly, so evaluations of character spans (dates, numbers)
use the same counting and the same :class:`Report`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any, TypeVar

Span = tuple[str, int, int]
"""``(type, start, end)``: token (or character) offsets, ``end`` exclusive."""


def _split(label: str) -> tuple[str, str]:
    """``(prefix, type)`` of an IOB label: ``("O", "")`` or ``("B" | "I", type)``."""
    if label == "O":
        return "O", ""
    prefix, sep, kind = label.partition("-")
    if sep and kind and prefix in ("B", "I"):
        return prefix, kind
    raise ValueError(f"not an IOB label: {label!r} (expected O, B-TYPE or I-TYPE)")


def spans(labels: Sequence[str]) -> list[Span]:
    """The chunks of one IOB label sequence, in order, as ``(type, start, end)``.

    >>> spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"])
    [('PER', 0, 2), ('LOC', 3, 4), ('LOC', 4, 5), ('ORG', 5, 6)]
    """
    out: list[Span] = []
    kind, start = "", 0  # kind "" while outside a chunk
    for i, label in enumerate(labels):
        prefix, label_kind = _split(label)
        if prefix == "I" and label_kind == kind:
            continue  # the open chunk goes on
        if kind:
            out.append((kind, start, i))
        kind, start = label_kind, i  # "" for O; otherwise B-X, or an I-X that opens a chunk
    if kind:
        out.append((kind, start, len(labels)))
    return out


A = TypeVar("A")
B = TypeVar("B")


def overlap(a: Sequence[int], b: Sequence[int]) -> bool:
    """Two character spans ``[start, end)`` share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (the place scores' "within 25 / 161 km")."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def first_fit_pairs(
    gold: Sequence[A], predicted: Sequence[B], same: Callable[[A, B], bool]
) -> list[tuple[int, int]]:
    """One-to-one ``(gold, predicted)`` index pairs: each gold item, in order, takes the first
    unused predicted item that is ``same`` as it."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if pi not in used and same(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def ratio(part: int, whole: int) -> float:
    """``part / whole``, 0.0 when there is no whole (an accuracy over no pairs)."""
    return part / whole if whole else 0.0


def reliability(
    pairs: Sequence[tuple[float, bool]], edges: Sequence[float] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
) -> list[dict[str, Any]]:
    """A reliability table: for each confidence bin, how many and how many were right."""
    out = []
    for lo, hi in pairwise(edges):
        inside = [ok for p, ok in pairs if lo <= p < hi or (hi == edges[-1] and p == hi)]
        out.append(
            {
                "bin": f"[{lo:.1f}, {hi:.1f}{']' if hi == edges[-1] else ')'}",
                "n": len(inside),
                "precision": round(sum(inside) / len(inside), 3) if inside else None,
            }
        )
    return out


@dataclass(frozen=True, slots=True)
class Scores:
    """Chunk counts of one type (or of all types) and the scores they give.

    Like conlleval, precision is 0.0 when nothing was predicted and recall is 0.0 when there
    was nothing to find.
    """

    gold: int
    predicted: int
    correct: int

    @property
    def tp(self) -> int:
        return self.correct

    @property
    def fp(self) -> int:
        return self.predicted - self.correct

    @property
    def fn(self) -> int:
        return self.gold - self.correct

    @property
    def precision(self) -> float:
        return ratio(self.correct, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.correct, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.correct,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


class DetectionRates:
    """Precision, recall and F1 of a dataclass with ``gold``, ``predicted`` and ``matched``
    counts (a match is a correct prediction): the quote and event evaluations' parts."""

    __slots__ = ()
    gold: int
    predicted: int
    matched: int

    @property
    def scores(self) -> Scores:
        return Scores(self.gold, self.predicted, self.matched)

    @property
    def precision(self) -> float:
        return self.scores.precision

    @property
    def recall(self) -> float:
        return self.scores.recall

    @property
    def f1(self) -> float:
        return self.scores.f1

    def detection_dict(self) -> dict[str, int | float]:
        """The counts and the three rates (rounded to 6 places), for a report's JSON."""
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 6),
            "recall": round(self.recall, 6),
            "f1": round(self.f1, 6),
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Micro-averaged and per-type scores; token accuracy when labels (not spans) were scored."""

    micro: Scores
    by_type: dict[str, Scores] = field(default_factory=dict)
    tokens: int | None = None
    token_correct: int | None = None

    @property
    def accuracy(self) -> float | None:
        """Share of tokens whose predicted label equals the gold one (conlleval's accuracy)."""
        if self.tokens is None or self.token_correct is None:
            return None
        return self.token_correct / self.tokens if self.tokens else 0.0

    @property
    def macro_f1(self) -> float:
        """Unweighted mean of the per-type F1 (0.0 with no types); conlleval does not print it."""
        if not self.by_type:
            return 0.0
        return sum(s.f1 for s in self.by_type.values()) / len(self.by_type)

    def to_dict(self) -> dict[str, object]:
        return {
            "micro": self.micro.to_dict(),
            "macro_f1": self.macro_f1,
            "by_type": {kind: s.to_dict() for kind, s in self.by_type.items()},
            "tokens": self.tokens,
            "accuracy": self.accuracy,
        }

    def flat(self, prefix: str) -> dict[str, float]:
        """Metric keys as the baseline file names them: ``{prefix}.micro_f1``, ``{prefix}.PER_f1``.

        >>> Report(Scores(2, 2, 1), {"PER": Scores(2, 2, 1)}).flat("ner.x")["ner.x.PER_f1"]
        0.5
        """
        out = {
            f"{prefix}.micro_precision": self.micro.precision,
            f"{prefix}.micro_recall": self.micro.recall,
            f"{prefix}.micro_f1": self.micro.f1,
        }
        for kind, s in self.by_type.items():
            out[f"{prefix}.{kind}_precision"] = s.precision
            out[f"{prefix}.{kind}_recall"] = s.recall
            out[f"{prefix}.{kind}_f1"] = s.f1
        return out


def score_spans(
    gold: Iterable[Collection[Span]],
    pred: Iterable[Collection[Span]],
    *,
    types: Collection[str] | None = None,
) -> Report:
    """Score predicted spans against gold spans, item by item (sentence or document).

    Each item's spans are compared as sets (a duplicate span counts once). ``types`` keeps only
    those types on both sides, and lists each of them in ``by_type`` even when it never occurs,
    so metric keys stay stable (evaluate PER/ORG/LOC on a corpus without MISC, for example).
    Raises ValueError when ``gold`` and ``pred`` have different lengths.
    """
    keep = None if types is None else frozenset(types)
    counts: dict[str, list[int]] = {kind: [0, 0, 0] for kind in keep or ()}
    try:
        pairs = list(zip(gold, pred, strict=True))
    except ValueError as exc:
        raise ValueError(f"gold and predicted items differ in number: {exc}") from None
    for gold_item, pred_item in pairs:
        g = {s for s in gold_item if keep is None or s[0] in keep}
        p = {s for s in pred_item if keep is None or s[0] in keep}
        for index, group in enumerate((g, p, g & p)):  # gold, predicted, correct
            for kind, _, _ in group:
                counts.setdefault(kind, [0, 0, 0])[index] += 1
    by_type = {kind: Scores(*counts[kind]) for kind in sorted(counts)}
    micro = Scores(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return Report(micro=micro, by_type=by_type)


def score(
    gold: Sequence[Sequence[str]],
    pred: Sequence[Sequence[str]],
    *,
    types: Collection[str] | None = None,
) -> Report:
    """conlleval over sentences of IOB labels: chunk scores plus token accuracy.

    Token accuracy compares the raw labels and ignores ``types``. Raises ValueError when the
    sentence counts differ, a sentence's lengths differ, or a label is not O/B-X/I-X.

    >>> r = score([["B-PER", "I-PER", "O"]], [["B-PER", "O", "O"]])
    >>> r.micro.correct, r.micro.fp, r.micro.fn, r.accuracy
    (0, 1, 1, 0.6666666666666666)
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    gold_spans: list[set[Span]] = []
    pred_spans: list[set[Span]] = []
    tokens = token_correct = 0
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        if len(g) != len(p):
            raise ValueError(f"sentence {i}: {len(g)} gold labels but {len(p)} predicted")
        tokens += len(g)
        token_correct += sum(a == b for a, b in zip(g, p, strict=True))
        gold_spans.append(set(spans(g)))
        pred_spans.append(set(spans(p)))
    report = score_spans(gold_spans, pred_spans, types=types)
    return replace(report, tokens=tokens, token_correct=token_correct)
