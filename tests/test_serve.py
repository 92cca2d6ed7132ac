"""``marsad serve --workers N``: a real server of N processes, each answering the API.

Slow (each worker loads the pipeline), so marked like the other server tests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from marsad.store import Store
from servers import free_port, wait_until_up

pytestmark = pytest.mark.slow


def _children(pid: int) -> set[int]:
    """The live child processes of ``pid`` (Linux /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(entry.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_serve_with_workers_answers_from_several_processes(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    Store.open(db).close()
    port, log = free_port(), tmp_path / "serve.log"
    command = [sys.executable, "-m", "marsad.cli", "serve", "--db", db, "--port", str(port)]
    with log.open("w") as fh:
        proc = subprocess.Popen([*command, "--workers", "2"], stdout=fh, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc, log, seconds=120)
        expected = min(2, os.cpu_count() or 1)
        workers = _children(proc.pid) - {proc.pid}
        # uvicorn's supervisor may also keep a helper process (resource tracker): at least
        # the workers asked for, never more than a handful.
        assert expected <= len(workers) <= expected + 1, log.read_text()
        body = json.dumps({"text": "قالت وزارة الصحة في غزة إن ثلاثة أشخاص قتلوا."}).encode()
        for _ in range(4):
            request = urllib.request.Request(
                f"{base}/api/analyze", data=body, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=120) as response:
                assert response.status == 200
                assert json.load(response)["text"].startswith("قالت")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    time.sleep(0.5)
    assert not _children(proc.pid), "worker processes outlived the server"


def test_serve_refuses_a_missing_settings_file_before_starting_workers(tmp_path: Path) -> None:
    command = [
        sys.executable, "-m", "marsad.cli", "--config", str(tmp_path / "none.toml"),
        "serve", "--db", str(tmp_path / "s.db"), "--workers", "2", "--port", str(free_port()),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "M020" in done.stderr
