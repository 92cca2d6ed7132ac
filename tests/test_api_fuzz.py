"""A short seeded run of ``scripts/fuzz_api.py``: hostile parameters and bodies on every route,
no 500 and every API error in the JSON error shape. The full run (thousands of requests) is
the script itself; its figures are in BENCHMARKS.md."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fuzz_api.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_api", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_a_seeded_fuzz_run_finds_no_server_error(tmp_path: Path) -> None:
    fuzz = _script()
    outcome = fuzz.fuzz(fuzz.examples_store(tmp_path), 400, seed=7, quiet=True)
    assert outcome.requests == 400
    assert outcome.failures == []
    # The run reached both the answers and the refusals (a fuzzer stuck on one is no test).
    assert outcome.statuses[200] > 50 and outcome.statuses[400] > 50


def test_a_deeply_nested_analyze_body_is_a_400_not_a_500(tmp_path: Path) -> None:
    """Found by the fuzzer: the API parsed bodies with plain json.loads (RecursionError)."""
    from fastapi.testclient import TestClient

    from marsad.api.app import create_app
    from marsad.api.inputs import ApiConfig
    from marsad.services.analysis import default_settings

    app = create_app(ApiConfig(str(tmp_path / "s.db"), default_settings()))
    body = '{"text": "نص", "m": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(
            "/api/analyze", content=body, headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "M051"
    assert "nested" in response.json()["error"]["message"]
