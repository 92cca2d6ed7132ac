"""The baseline gate: loading, checking and ratcheting floors in eval/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.errors import BaselineError, ConfigError, InputNotFoundError
from marsad.evaluation.baseline import TOLERANCE, check, load_baseline, update

ROOT = Path(__file__).resolve().parents[1]
KEY = "ner.anercorp-test.micro_f1"


def _baseline(tmp_path: Path, floors: dict[str, object]) -> Path:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"_comment": "test", "floors": floors}), encoding="utf-8")
    return path


def test_checked_in_baseline_loads() -> None:
    path = ROOT / "eval" / "baseline.json"
    floors = load_baseline(path)
    assert all(isinstance(v, float) for v in floors.values())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["_comment"]
    # Stored the way update() writes it, so a later update gives a minimal diff.
    assert path.read_text(encoding="utf-8") == json.dumps(data, indent=2, sort_keys=True) + "\n"


def test_load_returns_floats(tmp_path: Path) -> None:
    assert load_baseline(_baseline(tmp_path, {KEY: 0.8, "n": 1})) == {KEY: 0.8, "n": 1.0}


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"floors": []}',
        '{"_comment": "no floors"}',
        '{"floors": {"k": "0.8"}}',
        '{"floors": {"k": true}}',
        '{"floors": {"k": NaN}}',
    ],
)
def test_load_rejects_bad_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_baseline(path)
    assert str(path) in str(info.value)


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError):
        load_baseline(tmp_path / "none.json")


def test_check_passes_at_and_just_under_the_floor() -> None:
    floors = {KEY: 0.8}
    assert check({KEY: 0.9}, floors) == []
    assert check({KEY: 0.8}, floors) == []
    assert check({KEY: 0.8 - TOLERANCE / 2}, floors) == []


def test_check_fails_below_the_floor_and_on_nan() -> None:
    floors = {KEY: 0.8, "b.f1": 0.5}
    failures = check({KEY: 0.79, "b.f1": float("nan")}, floors)
    assert len(failures) == 2
    assert failures[0].startswith("b.f1:")  # sorted by key
    assert KEY in failures[1] and "0.7900" in failures[1] and "0.8000" in failures[1]


def test_check_missing_metrics_only_when_required() -> None:
    floors = {KEY: 0.8}
    assert check({}, floors) == []
    [message] = check({}, floors, require_all=True)
    assert KEY in message and "missing" in message
    assert check({"unfloored": 0.0}, {}) == []


def test_update_creates_raises_and_keeps_other_floors(tmp_path: Path) -> None:
    path = tmp_path / "eval" / "baseline.json"
    assert update(path, {KEY: 0.81234567, "z.f1": 0.5}) == {KEY: 0.812346, "z.f1": 0.5}
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["_comment"]
    assert update(path, {KEY: 0.9}) == {KEY: 0.9, "z.f1": 0.5}
    assert load_baseline(path) == {KEY: 0.9, "z.f1": 0.5}


def test_update_refuses_to_lower_a_floor(tmp_path: Path) -> None:
    path = _baseline(tmp_path, {KEY: 0.8, "other": 0.7})
    before = path.read_bytes()
    with pytest.raises(BaselineError, match="refusing to lower") as info:
        update(path, {KEY: 0.75, "other": 0.9})
    assert KEY in str(info.value) and "other" not in str(info.value)
    assert path.read_bytes() == before  # nothing written, not even the raised floor


def test_update_allow_lower(tmp_path: Path) -> None:
    path = _baseline(tmp_path, {KEY: 0.8})
    assert update(path, {KEY: 0.75}, allow_lower=True) == {KEY: 0.75}


def test_update_within_tolerance_keeps_the_old_floor(tmp_path: Path) -> None:
    path = _baseline(tmp_path, {KEY: 0.8})
    assert update(path, {KEY: 0.8 - TOLERANCE / 2}) == {KEY: 0.8}


def test_update_rejects_nan(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        update(tmp_path / "b.json", {KEY: float("nan")})


def test_update_output_is_sorted_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    update(path, {"b": 0.5, "a": 0.25})
    first = path.read_text(encoding="utf-8")
    update(path, {"a": 0.25, "b": 0.5})
    assert path.read_text(encoding="utf-8") == first
    assert first.index('"_comment"') < first.index('"floors"')
    assert first.index('"a"') < first.index('"b"')
    assert first.endswith("}\n")
    assert not list(tmp_path.glob("*.tmp"))
