"""Fitting the extractors' linear models (:class:`marsad.extract.linear.LinearModel`).

scikit-learn fits a logistic regression over named features; the Platt calibration is fitted
on out-of-fold margins (``folds``-fold cross-validation over groups, an article being a
group, so that no article's own examples calibrate it); the weights are exported so that run
time needs neither scikit-learn nor numpy. scikit-learn is a training dependency only
(``pip install marsad[train]``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.errors import ConfigError
from marsad.evaluation.metrics import reliability
from marsad.extract.linear import Features, LinearModel

__all__ = ["Example", "fit_logistic", "reliability"]


@dataclass(frozen=True, slots=True)
class Example:
    """One decision to learn: its features, its answer, and the article it comes from."""

    features: Features
    label: bool
    group: str


def _sklearn() -> Any:
    try:
        import sklearn
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigError(
            "training needs scikit-learn: pip install 'marsad[train]' (run time does not)"
        ) from exc
    return sklearn


def fit_logistic(
    name: str,
    examples: Sequence[Example],
    *,
    c: float = 1.0,
    min_count: int = 2,
    folds: int = 5,
    class_weight: str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> LinearModel:
    """A calibrated logistic model of ``examples``; features seen in fewer than ``min_count``
    examples are dropped (they would only memorize one article)."""
    _sklearn()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    labels = [int(e.label) for e in examples]
    if len(set(labels)) < 2:
        raise ConfigError(f"{name}: training needs positive and negative examples")
    counts: Counter[str] = Counter(f for e in examples for f in e.features)
    rows = [{f: v for f, v in e.features.items() if counts[f] >= min_count} for e in examples]
    vec = DictVectorizer(sparse=True)
    x = vec.fit_transform(rows)
    groups = [e.group for e in examples]

    def model() -> Any:
        return LogisticRegression(C=c, max_iter=2000, class_weight=class_weight)

    # Out-of-fold margins, one fold never sharing an article with another.
    margins = [0.0] * len(examples)
    n_groups = len(set(groups))
    k = min(folds, n_groups)
    if k >= 2:
        for train_idx, held_idx in GroupKFold(n_splits=k).split(x, labels, groups):
            if len({labels[i] for i in train_idx}) < 2:
                continue
            m = model().fit(x[train_idx], [labels[i] for i in train_idx])
            for i, z in zip(held_idx, m.decision_function(x[held_idx]), strict=True):
                margins[i] = float(z)
        platt = LogisticRegression(C=1e4, max_iter=1000).fit([[z] for z in margins], labels)
        calibration = (float(platt.coef_[0][0]), float(platt.intercept_[0]))
    else:
        calibration = (1.0, 0.0)
    final = model().fit(x, labels)
    names = vec.get_feature_names_out()
    weights = {
        str(f): round(float(w), 5)
        for f, w in zip(names, final.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    info = {
        "examples": len(examples),
        "positives": sum(labels),
        "articles": n_groups,
        "features": len(weights),
        "c": c,
        "min_count": min_count,
        **(meta or {}),
    }
    return LinearModel(
        name,
        bias=round(float(final.intercept_[0]), 5),
        weights=weights,
        calibration=(round(calibration[0], 5), round(calibration[1], 5)),
        meta=info,
    )
