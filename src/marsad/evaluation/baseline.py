"""The baseline gate: checked-in floors that evaluation results must not fall below.

``eval/baseline.json`` (repository root) maps metric keys such as
``ner.anercorp-test.micro_f1`` to floors::

    {"_comment": "...", "floors": {"ner.anercorp-test.micro_f1": 0.8123}}

:func:`check` reports every metric under its floor (less :data:`TOLERANCE`, so float noise and
rounding never fail a run). :func:`update` raises floors to new results and refuses to lower
one unless told to: a regression is never recorded silently. The file is written with sorted
keys and a fixed layout so that its diffs stay small and reviewable.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from marsad.errors import BaselineError, ConfigError, InputNotFoundError

TOLERANCE: Final = 1e-4
# Floors are stored to 6 decimals: far below TOLERANCE, and stable across platforms.
_DECIMALS: Final = 6
_COMMENT: Final = (
    "Floors for evaluation metrics (key -> lowest accepted value). A run fails when a metric "
    "falls below its floor by more than 1e-4. Raise floors with "
    "marsad.evaluation.baseline.update(); lowering one needs allow_lower=True and a reason in "
    "the commit message."
)


def load_baseline(path: Path) -> dict[str, float]:
    """The floors in ``path``, by metric key."""
    return {key: float(value) for key, value in _read(Path(path))["floors"].items()}


def check(
    results: Mapping[str, float],
    floors: Mapping[str, float],
    *,
    require_all: bool = False,
    tolerance: float = TOLERANCE,
) -> list[str]:
    """One message per metric below its floor (sorted by key); empty when all pass.

    A floor whose metric is absent from ``results`` fails only with ``require_all`` (a run may
    evaluate part of the suite). A NaN result always fails.
    """
    failures: list[str] = []
    for key in sorted(floors):
        floor = floors[key]
        if key not in results:
            if require_all:
                failures.append(f"{key}: missing from the results (floor {floor:.4f})")
            continue
        value = results[key]
        if not math.isfinite(value) or value < floor - tolerance:
            failures.append(f"{key}: {value:.4f} is below its floor {floor:.4f}")
    return failures


def update(
    path: Path,
    results: Mapping[str, float],
    allow_lower: bool = False,
    *,
    tolerance: float = TOLERANCE,
) -> dict[str, float]:
    """Record ``results`` as the floors in ``path`` (created when missing); return all floors.

    Floors for keys not in ``results`` stay. A result below its floor by more than
    ``tolerance`` raises BaselineError naming every such key, unless ``allow_lower``; a result
    within the tolerance keeps the old floor, since that is noise rather than a change.
    """
    path = Path(path)
    data: dict[str, Any] = _read(path) if path.exists() else {"_comment": _COMMENT, "floors": {}}
    floors: dict[str, float] = data["floors"]
    for key, value in results.items():
        if not math.isfinite(value):
            raise ConfigError(f"result {key} is {value}, not a number", source=str(path))
    lowered = sorted(k for k, v in results.items() if k in floors and v < floors[k] - tolerance)
    if lowered and not allow_lower:
        detail = ", ".join(f"{k} {floors[k]:.4f} -> {results[k]:.4f}" for k in lowered)
        raise BaselineError(
            f"refusing to lower floors ({detail}); fix the regression or pass allow_lower",
            source=str(path),
        )
    new = dict(floors)
    for key, value in results.items():
        if key in floors and value < floors[key] and not allow_lower:
            continue  # within tolerance of the floor: keep it
        new[key] = round(float(value), _DECIMALS)
    data["floors"] = dict(sorted(new.items()))
    _write(path, data)
    return dict(data["floors"])


def _read(path: Path) -> dict[str, Any]:
    """The whole baseline object, its ``floors`` checked to map keys to finite numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputNotFoundError("no such baseline file", source=str(path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{path}:{exc.lineno}"
        raise ConfigError(f"not valid JSON ({exc.msg})", source=where) from None
    if not isinstance(data, dict) or not isinstance(data.get("floors"), dict):
        raise ConfigError('expected an object with a "floors" object', source=str(path))
    for key, value in data["floors"].items():
        # bool is an int subclass; true/false as a floor is a mistake, not 1/0.
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value):
            raise ConfigError(f"floor {key!r} is {value!r}, not a number", source=str(path))
    return data


def _write(path: Path, data: Mapping[str, Any]) -> None:
    """Sorted, indented, newline-terminated; replaced atomically so a crash leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
