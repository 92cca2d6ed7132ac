"""`marsad ingest --workers N` cannot hang: a dead worker fails the run with M034, Ctrl-C
exits 130, and both keep the batches already committed. Real processes, no mocked pool."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from corpus_texts import numbered_articles, write_jsonl
from marsad.cli import main
from marsad.corpus.search import TOKENIZE_ONLY
from marsad.inputs import read_inputs
from marsad.services.ingest import (
    IN_FLIGHT_PER_WORKER,
    READ_AHEAD,
    _Analyser,
    ingest,
    worker_count,
)
from marsad.store import Store

MARSAD = [sys.executable, "-m", "marsad.cli"]
BATCH = 4

pytestmark = pytest.mark.skipif(worker_count(2) < 2, reason="needs two CPUs for two workers")


def _ids(path: Path) -> list[str]:
    """The document ids of ``path`` in input order (no analysis)."""
    return [
        loaded.document.id
        for loaded in read_inputs([str(path)], max_bytes=1 << 20)
        if loaded.document is not None
    ]


def _stored(db: Path) -> list[str]:
    """The ids in the store, read on a connection of its own while a run may be writing."""
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db, timeout=0.2) as conn:
            return [r[0] for r in conn.execute("SELECT id FROM documents")]
    except sqlite3.OperationalError:  # not created yet, or locked by a commit
        return []


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "settings.toml"
    config.write_text(f"[corpus]\nbatch_size = {BATCH}\n", "utf-8")
    return config


class _StdinAfter:
    """Standard input that holds the run until the test lets it go: the parent has then
    read every document of the file before it (at most ``READ_AHEAD`` not yet submitted)."""

    def __init__(self, payload: bytes) -> None:
        self.payload = payload
        self.reading = threading.Event()
        self.go = threading.Event()

    def read(self, size: int = -1) -> bytes:
        self.reading.set()
        assert self.go.wait(30), "the test never let the input go"
        payload, self.payload = self.payload, b""
        return payload

    def readline(self, size: int = -1) -> bytes:  # stdin's JSON Lines are read line by line
        self.reading.set()
        assert self.go.wait(30), "the test never let the input go"
        line, newline, self.payload = self.payload.partition(b"\n")
        return line + newline

    @property
    def buffer(self) -> _StdinAfter:  # sys.stdin.buffer, what the CLI reads
        return self

    def close(self) -> None:  # multiprocessing closes sys.stdin in a worker
        pass


def test_a_dead_worker_fails_the_run_and_keeps_committed_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    records = numbered_articles(50)
    source = write_jsonl(tmp_path / "first.jsonl", records[:40])
    later = write_jsonl(tmp_path / "later.jsonl", records[40:])
    stdin = _StdinAfter(later.read_bytes())
    monkeypatch.setattr(sys, "stdin", stdin)
    db = tmp_path / "corpus.db"
    command = ["--config", str(_config(tmp_path)), "ingest", str(source), "-", "--db", str(db)]
    command += ["--workers", "2", "--no-analyze", "--failures", str(tmp_path / "f.jsonl")]
    killed: list[float] = []

    def kill_a_worker() -> None:
        assert stdin.reading.wait(60), "the run never reached its second input"
        workers = multiprocessing.active_children()
        assert len(workers) == 2, workers
        os.kill(workers[0].pid or 0, signal.SIGKILL)
        killed.append(time.monotonic())
        # The pool notices the death once no result is coming: the other worker may first
        # finish every document in flight (then no document was lost, and the run fails at
        # the next one). The input waits a moment, so the run always has one more to fail.
        time.sleep(1.0)
        stdin.go.set()

    killer = threading.Thread(target=kill_a_worker, daemon=True)
    killer.start()
    code = main(command)
    ended = time.monotonic()
    killer.join(5)
    assert killed, "no worker was killed"
    assert ended - killed[0] < 5, f"the run took {ended - killed[0]:.1f} s to notice"
    err = capsys.readouterr().err
    assert code == 1, err
    assert "[M034]" in err and "worker process died" in err and "killed by SIGKILL" in err
    assert not multiprocessing.active_children()  # no worker left behind

    # What was analysed before the death is stored, in input order: every committed batch
    # and more; at most the documents in flight (4 per worker) and those read ahead are
    # lost. (The executor notices the death a moment late: the other worker may analyse a
    # few later documents.)
    order = _ids(source) + _ids(later)
    stored = _stored(db)
    assert 40 - 2 * IN_FLIGHT_PER_WORKER - READ_AHEAD <= len(stored) < 50
    assert sorted(stored) == sorted(order[: len(stored)])

    # The same command again goes on where the run stopped: every document exactly once.
    stdin = _StdinAfter(later.read_bytes())
    monkeypatch.setattr(sys, "stdin", stdin)
    stdin.go.set()
    assert main(command) == 0
    with Store.open(str(db)) as store:
        assert store.counts()["documents"] == 50
    assert sorted(_stored(db)) == sorted(order)


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux's /proc, no psutil)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _workers(pid: int) -> list[int]:
    """The worker processes among the children of ``pid`` (multiprocessing's spawned
    processes; not its resource tracker)."""
    out: list[int] = []
    for child in _children(pid):
        with contextlib.suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                out.append(child)
    return out


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("moment", ["analysing", "waiting for input"])
def test_ctrl_c_stops_the_workers_and_exits_130(tmp_path: Path, moment: str) -> None:
    """SIGINT to the process group, as a terminal's Ctrl-C sends it: to the parent and to
    the workers alike."""
    many = 3000 if moment == "analysing" else 20  # 3000: the run cannot end before the signal
    source = write_jsonl(tmp_path / "in.jsonl", numbered_articles(many))
    db = tmp_path / "corpus.db"
    command = [*MARSAD, "--config", str(_config(tmp_path)), "ingest", str(source)]
    command += ["-", "--db", str(db), "--workers", "2", "--no-analyze"]
    command += ["--failures", str(tmp_path / "f.jsonl")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,  # left open: "-" waits for it after the file
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    # Analysing: once a batch is stored. Waiting for input: once every document of the file
    # is stored, which happens while stdin is idle (it stays open).
    enough = BATCH if moment == "analysing" else many
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if len(_stored(db)) >= enough and len(_workers(proc.pid)) == 2:
                break
            time.sleep(0.05)
        workers = _workers(proc.pid)
        left = _children(proc.pid)  # the workers and multiprocessing's resource tracker
        assert proc.poll() is None and len(workers) == 2, (proc.poll(), workers)
        os.killpg(proc.pid, signal.SIGINT)
        sent = time.monotonic()
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    took = time.monotonic() - sent
    message = err.decode()
    assert proc.returncode == 130, message
    assert took < 5, f"{took:.1f} s to stop"
    assert "interrupted" in message and "Traceback" not in message
    # The workers end with the run; the resource tracker a moment later (at the end of the
    # pipe the run and its workers held).
    ended = time.monotonic()
    while any(_alive(pid) for pid in left) and time.monotonic() < ended + 5:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)
    assert not any(_alive(pid) for pid in left), [_cmdline(pid) for pid in left if _alive(pid)]
    stored = _stored(db)
    # What was committed stays: the first documents of the input, in order, none half-written.
    assert enough <= len(stored) <= many
    assert moment == "waiting for input" or len(stored) < many
    assert sorted(stored) == sorted(_ids(source)[: len(stored)])


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_workers_end_when_the_run_is_killed(tmp_path: Path) -> None:
    """``kill -9`` of the run leaves it no chance to stop its workers: they notice their
    parent is gone and end by themselves, instead of waiting for work forever."""
    source = write_jsonl(tmp_path / "in.jsonl", numbered_articles(40))
    db = tmp_path / "corpus.db"
    command = [*MARSAD, "--config", str(_config(tmp_path)), "ingest", str(source), "-"]
    command += ["--db", str(db), "--workers", "2", "--no-analyze"]
    command += ["--failures", str(tmp_path / "f.jsonl")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,  # left open: the run waits for it with its workers started
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline and len(workers) < 2:
            workers = _workers(proc.pid)
            time.sleep(0.05)
        assert proc.poll() is None and len(workers) == 2, (proc.poll(), workers)
        while len(_stored(db)) < BATCH and time.monotonic() < deadline:
            time.sleep(0.05)  # the workers are past their start-up: their watch has begun
        workers = _children(proc.pid)  # and multiprocessing's resource tracker
        proc.kill()
        proc.wait(5)
        killed = time.monotonic()
        while any(_alive(pid) for pid in workers) and time.monotonic() < killed + 5:
            time.sleep(0.05)
        left = [pid for pid in workers if _alive(pid)]
    finally:
        for pid in workers:  # never leave the test's own processes behind
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    assert not left, f"workers {left} outlived the killed run"


@pytest.mark.parametrize("workers", [1, 2])
def test_documents_are_stored_while_stdin_is_idle(tmp_path: Path, workers: int) -> None:
    """A pipe that sends a few records and pauses: they are analysed and stored while it
    waits, not when more input comes or it closes (with --workers, up to 8 analysed
    documents used to wait unstored)."""
    records = numbered_articles(7)
    lines = write_jsonl(tmp_path / "in.jsonl", records).read_bytes().splitlines(keepends=True)
    db = tmp_path / "corpus.db"
    command = [*MARSAD, "--config", str(_config(tmp_path)), "ingest", "-", "--db", str(db)]
    command += ["--workers", str(workers), "--no-analyze", "--failures", str(tmp_path / "f")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert proc.stdin is not None
    try:
        proc.stdin.write(b"".join(lines[:5]))  # 5: a whole batch of 4 and one more
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while len(_stored(db)) < 5 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        order = _ids(tmp_path / "in.jsonl")
        assert sorted(_stored(db)) == sorted(order[:5])  # stdin still open
        proc.stdin.write(b"".join(lines[5:]))
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert sorted(_stored(db)) == sorted(order)


@pytest.mark.parametrize("documents", [1, 2, 9])
def test_never_more_workers_than_documents(tmp_path: Path, documents: int) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", numbered_articles(documents))
    seen: list[int] = []
    with Store.open(str(tmp_path / "s.db")) as store:
        report = ingest(
            [str(source)],
            store,
            analyze=False,
            workers=2,
            progress=lambda name, report: seen.append(len(multiprocessing.active_children())),
        )
        assert report.ingested == documents
        assert [r["id"] for r in store.db.rows("SELECT id FROM documents ORDER BY rowid")] == (
            _ids(source)
        )
    assert max(seen) == (0 if documents == 1 else 2)  # one document is analysed here
    assert not multiprocessing.active_children()


def test_documents_in_flight_are_bounded() -> None:
    from marsad.doc import Document

    analyser = _Analyser(TOKENIZE_ONLY, "{}", False, 2)
    docs = [Document.from_text(f"خبر رقم {i} من بغداد", {}) for i in range(60)]
    names: list[str] = []
    try:
        for i, doc in enumerate(docs):
            names += [name for _, name, _ in analyser.put(str(i), doc)]
            assert analyser.processes == (0 if i == 0 else 2)  # starts at two documents
            assert len(analyser._flight) <= analyser.limit == 2 * 4
        names += [name for _, name, _ in analyser.finish()]
    finally:
        analyser.close()
    assert names == [str(i) for i in range(60)]
