"""Shared fixtures. Tests that need ../shared/data skip cleanly when it is absent."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from pg_server import PostgresServer, start_server

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def example_paths() -> list[Path]:
    paths = sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".json", ".txt"})
    assert paths, "examples/ has no articles"
    return paths


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole run (Debian's binaries); skips when not installed."""
    server = start_server()
    if server is None:
        pytest.skip("PostgreSQL is not installed (apt install postgresql)")
    try:
        yield server
    finally:
        server.stop()


_databases = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store on each backend: the same behaviour suite runs on both."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database(f"t{next(_databases)}")
