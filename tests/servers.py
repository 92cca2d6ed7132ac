"""A real ``marsad serve`` for the tests that drive one: a free port, and waiting until it
answers (test_browser.py, test_serve.py)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(
    base: str, proc: subprocess.Popen[bytes], log: Path, *, seconds: float = 60.0
) -> None:
    """Wait until ``base``/api answers; kill the server and fail with its log when it exits
    or takes longer than ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{base}/api", timeout=2).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"marsad serve did not start: {log.read_text()}")
            time.sleep(0.2)
