"""Logistic models over named features, stored as JSON and scored in pure Python.

The learned decisions of the extractors (is this article news of conflict or politics; is this
trigger a new event; is this figure this event's toll) are linear: a weight per named feature,
a bias, and a Platt calibration fitted on held-out margins, so that ``probability`` is a
calibrated probability. Training (``marsad train ...``, scikit-learn) writes the weights; run
time needs neither scikit-learn nor numpy: a few dictionary lookups per decision.

>>> m = LinearModel("demo", bias=-1.0, weights={"word=قصف": 2.5})
>>> round(m.probability({"word=قصف": 1.0}), 3)
0.818
>>> round(m.probability({"word=مباراة": 1.0}), 3)
0.269
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from marsad.errors import ModelError

__all__ = ["Features", "LinearModel", "load_model", "sigmoid"]

Features = Mapping[str, float]

_FORMAT = "marsad.linear.v1"


def sigmoid(z: float) -> float:
    """The logistic function, without overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class LinearModel:
    """``probability(x) = sigmoid(a · (bias + Σ w_f x_f) + b)`` with ``(a, b)`` the Platt
    calibration (identity unless trained with one)."""

    name: str
    bias: float
    weights: Mapping[str, float]
    calibration: tuple[float, float] = (1.0, 0.0)
    threshold: float = 0.5
    meta: Mapping[str, Any] = field(default_factory=dict)

    def margin(self, features: Features) -> float:
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) * v for f, v in features.items())

    def probability(self, features: Features) -> float:
        a, b = self.calibration
        return sigmoid(a * self.margin(features) + b)

    def explain(self, features: Features, n: int = 8) -> list[tuple[str, float]]:
        """The ``n`` features that moved the margin most, signed (for error analysis)."""
        parts = [(f, self.weights.get(f, 0.0) * v) for f, v in features.items()]
        return sorted((p for p in parts if p[1]), key=lambda p: -abs(p[1]))[:n]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": _FORMAT,
            "name": self.name,
            "bias": self.bias,
            "calibration": list(self.calibration),
            "threshold": self.threshold,
            "meta": dict(self.meta),
            "weights": dict(sorted(self.weights.items())),
        }

    def save(self, path: Path) -> None:
        """Write the model as JSON (gzipped when ``path`` ends in ``.gz``)."""
        data = json.dumps(self.to_dict(), ensure_ascii=False, indent=0, sort_keys=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".gz":
            # mtime=0: the same weights give the same bytes, so a rebuilt model diffs clean.
            with (
                open(path, "wb") as raw,
                gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh,
            ):
                fh.write(data.encode("utf-8"))
        else:
            path.write_text(data + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: Any, where: str) -> LinearModel:
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            raise ModelError(f"not a {_FORMAT} model", source=where)
        try:
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            a, b = (float(x) for x in data.get("calibration", (1.0, 0.0)))
            return cls(
                name=str(data["name"]),
                bias=float(data["bias"]),
                weights=weights,
                calibration=(a, b),
                threshold=float(data.get("threshold", 0.5)),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"malformed model: {exc}", source=where) from exc

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            data = json.loads(raw.decode("utf-8"))
        except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"cannot read model: {exc}", source=str(path)) from exc
        return cls.from_dict(data, str(path))


@cache
def load_model(name: str) -> LinearModel:
    """A shipped model, ``resources/<name>`` (``events/models/candidates.json.gz``)."""
    resource = files("marsad.resources").joinpath(name)
    with as_file(resource) as path:
        if not Path(path).is_file():
            raise ModelError("the shipped model is missing: rebuild it (marsad train)", source=name)
        return LinearModel.load(Path(path))
