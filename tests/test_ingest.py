"""Ingestion end to end through the CLI: bad records, kill -9 and rerun, on both backends."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from corpus_texts import OTHER, STORY_A, STORY_B, STORY_RECORDS, numbered_articles, write_jsonl
from marsad.cli import main
from marsad.extract.events.taxonomy import ACLED_TYPES
from marsad.inputs import reading
from marsad.services.analysis import analyze_inputs
from marsad.services.ingest import ingest
from marsad.services.queries import load_document
from marsad.store import Store
from marsad.store.schema import FACT_TABLES

MARSAD = [sys.executable, "-m", "marsad.cli"]


def _html(title: str, body: str, charset_meta: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        f"<html><head>{charset_meta}<title>{title}</title></head><body>"
        "<nav><a href='/'>الرئيسية</a> | <a href='/sport'>رياضة</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def _rss(items: list[tuple[str, str | None]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>https://example.org/{i}</link>"
        "<pubDate>Mon, 04 Mar 2019 10:00:00 +0000</pubDate>"
        + (f"<description><![CDATA[<p>{text}</p>]]></description>" if text else "")
        + "</item>"
        for i, (title, text) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>نشرة مرصد</title><link>https://example.org</link>{entries}</channel></rss>"
    )


def _warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(record)


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    """A directory where every kind of input has a broken record beside good ones."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    lines = STORY_A.split("\n")
    (inputs / "feed.xml").write_text(
        _rss([("خبر أول", lines[0]), ("خبر بلا نص", None), ("خبر ثان", OTHER)]), "utf-8"
    )
    good = json.dumps(
        {"text": STORY_B, "title": "قصف", "published": "2019-03-04"}, ensure_ascii=False
    )
    (inputs / "records.jsonl").write_text(
        good
        + "\n{not json\n"
        + json.dumps({"title": "بلا نص"})
        + "\n"
        + json.dumps({"text": lines[2]}, ensure_ascii=False)
        + "\n",
        "utf-8",
    )
    warc = inputs / "crawl.warc.gz"
    _warc(
        warc,
        [
            ("https://example.org/w1", _html("صفحة أولى", STORY_A)),
            ("https://example.org/w2", _html("صفحة ثانية", OTHER + "\n" + lines[1])),
        ],
    )
    data = warc.read_bytes()
    second = data.index(b"\x1f\x8b", 10)  # each record is a gzip member: cut the second
    warc.write_bytes(data[: second + (len(data) - second) // 2])
    (inputs / "old-page.html").write_bytes(
        _html("صفحة بترميز قديم", lines[1] + "\n" + lines[3]).encode("cp1256")
    )
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    return inputs


def test_bad_records_are_reported_and_the_rest_is_stored(
    bad_inputs: Path, store_url: str, tmp_path: Path
) -> None:
    failures = tmp_path / "failures.jsonl"
    with Store.open(store_url) as store:
        report = ingest([str(bad_inputs)], store, failures_path=failures)
        stored = {r["id"]: r for r in store.documents(limit=50)}
        failed = {f.input: f for f in report.failed}
        assert report.ingested == len(stored)
        titles = {r["title"] for r in stored.values()}
        assert {"خبر أول", "خبر ثان", "صفحة أولى", "صفحة بترميز قديم"} <= titles
        assert any(name.endswith("feed.xml#entry-2") for name in failed)
        assert sum("records.jsonl:" in name for name in failed) == 2
        assert any("crawl.warc.gz" in name for name in failed)
        assert any(name.endswith("broken.txt") for name in failed)
        written = [json.loads(line) for line in failures.read_text("utf-8").splitlines()]
        assert {w["input"] for w in written} == set(failed)
        assert all(w["code"].startswith("M") and w["message"] for w in written)
        again = ingest([str(bad_inputs)], store)
        assert again.ingested == 0 and again.duplicates == report.ingested
        for doc_id in stored:
            assert load_document(store, doc_id).offset_errors() == []


def test_cli_ingest_then_query(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    examples = str(Path(__file__).resolve().parents[1] / "examples")
    failures = str(tmp_path / "f.jsonl")
    assert main(["ingest", examples, "--db", db, "--json", "--failures", failures]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ingested"] == 9 and report["failed"] == 0
    assert main(["search", "بالموصل", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] >= 1
    assert main(["search", '"غير مغلق', "--db", db]) == 2
    assert "M051" in capsys.readouterr().err
    assert main(["events", "--db", db, "--country", "SY", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] >= 1
    assert main(["entities", "--db", db, "--label", "LOC", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert main(["figures", "دولار", "--db", db, "--json"]) == 0
    capsys.readouterr()
    out = tmp_path / "events.geojson"
    assert main(["export", "--db", db, "--format", "geojson", "--out", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["type"] == "FeatureCollection"
    assert main(["stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["documents"] == 9
    assert main(["search", "x", "--db", str(tmp_path / "missing" / "c.db")]) == 3


def test_cli_min_confidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    examples = str(Path(__file__).resolve().parents[1] / "examples")
    failures = str(tmp_path / "f.jsonl")
    assert main(["ingest", examples, "--db", db, "--json", "--failures", failures]) == 0
    capsys.readouterr()
    assert main(["events", "--db", db, "--json", "--limit", "1000"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert main(["events", "--db", db, "--json", "--limit", "1000", "--min-confidence", "0.5"]) == 0
    sure = json.loads(capsys.readouterr().out)
    assert 0 < sure["total"] < every["total"]
    assert sure["total"] == sum(e["confidence"] >= 0.5 for e in every["events"])
    assert all(e["confidence"] >= 0.5 for e in sure["events"])
    strikes = [e for e in sure["events"] if e["sub_type"] == "air_drone_strike"]
    assert strikes, "the examples hold a sure air strike"
    assert (
        main(["events", "--db", db, "--min-confidence", "0.5", "--type", "air_drone_strike"]) == 0
    )
    table = capsys.readouterr().out
    assert "confidence" in table and f"{strikes[0]['confidence']:.2f}" in table
    for bad in ("1.2", "likely"):
        assert main(["events", "--db", db, "--min-confidence", bad]) == 2
        err = capsys.readouterr().err
        assert "M051" in err and "--min-confidence" in err
    out = tmp_path / "sure.csv"
    args = ["export", "--db", db, "--format", "acled-csv", "--out", str(out)]
    assert main([*args, "--min-confidence", "0.5"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    acled = [e for e in sure["events"] if e["type"] in ACLED_TYPES]
    assert len(rows) == len(acled) and all(float(r["marsad_confidence"]) >= 0.5 for r in rows)
    parquet = ["export", "--db", db, "--format", "parquet", "--out", str(tmp_path / "t")]
    assert main([*parquet, "--min-confidence", "0.5"]) == 2
    assert main(["search", "قصف", "--db", db, "--min-confidence", "0.5", "--json"]) == 0


class _GzipSite(BaseHTTPRequestHandler):
    """Serves gzipped JSONL and text as a download would: application/gzip."""

    bodies: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.bodies.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_gz_inputs_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`marsad ingest data.jsonl.gz`, a gzipped directory member, gzipped stdin and gzipped
    URLs all read the documents inside, as the uncompressed inputs do."""
    records = numbered_articles(6)
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    data = tmp_path / "data.jsonl.gz"
    data.write_bytes(gzip.compress(jsonl))
    db = str(tmp_path / "gz.db")
    failures = str(tmp_path / "f.jsonl")
    args = ["--db", db, "--no-analyze", "--failures", failures, "--json"]
    assert main(["ingest", str(data), *args]) == 0
    assert json.loads(capsys.readouterr().out)["ingested"] == 6
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "more.txt.gz").write_bytes(gzip.compress(records[0]["text"].encode() + b" 2"))
    assert main(["ingest", str(folder), *args]) == 0
    assert json.loads(capsys.readouterr().out)["ingested"] == 1
    with Store.open(db) as store:
        stdin = io.BytesIO(gzip.compress(records[1]["text"].encode() + b" 3"))
        assert ingest(["-"], store, analyze=False, stdin=stdin).ingested == 1
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
            monkeypatch.delenv(name, raising=False)
        lines = [json.dumps(r | {"text": r["text"] + " 4"}, ensure_ascii=False) for r in records]
        _GzipSite.bodies = {
            "/data.jsonl.gz": gzip.compress("\n".join(lines).encode()),
            "/note.txt.gz?x=1": gzip.compress(records[2]["text"].encode() + b" 5"),
            "/broken.jsonl.gz": gzip.compress(jsonl)[:40],
        }
        server = ThreadingHTTPServer(("127.0.0.1", 0), _GzipSite)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            site = f"http://127.0.0.1:{server.server_address[1]}"
            urls = [f"{site}/data.jsonl.gz", f"{site}/note.txt.gz?x=1", f"{site}/broken.jsonl.gz"]
            report = ingest(urls, store, analyze=False)
        finally:
            server.shutdown()
            server.server_close()
        assert report.ingested == 7
        (failure,) = report.failed
        assert failure.code == "M007" and "broken.jsonl.gz" in failure.input
        texts = {load_document(store, i).text for i in store.document_ids()}
    assert {r["text"] + " 4" for r in records} <= texts
    assert records[2]["text"] + " 5" in texts


def _count(url: str) -> int:
    try:
        with Store.open(url, migrate=False) as store:
            return int(store.db.scalar("SELECT count(*) FROM documents"))
    except Exception:  # not created yet
        return 0


@pytest.mark.slow
def test_kill_9_then_rerun_stores_every_document_exactly_once(
    store_url: str, tmp_path: Path
) -> None:
    records = numbered_articles(120)
    source = write_jsonl(tmp_path / "bulk.jsonl", records)
    config = tmp_path / "settings.toml"
    config.write_text("[corpus]\nbatch_size = 4\n", "utf-8")
    command = [
        *MARSAD,
        "--config",
        str(config),
        "ingest",
        str(source),
        "--db",
        store_url,
        "--failures",
        str(tmp_path / "f.jsonl"),
    ]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(store_url) < 12 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = _count(store_url)
    assert 0 < killed_at < len(records), "the ingest was not killed in the middle"

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    expected = {o.document.id: o.document for o in analyze_inputs([str(source)]) if o.document}
    assert len(expected) == len(records)
    with Store.open(store_url) as store:
        ids = [r["id"] for r in store.db.rows("SELECT id FROM documents")]
        assert sorted(ids) == sorted(expected)  # each exactly once
        for table in FACT_TABLES:
            orphans = store.db.scalar(
                f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)"
            )
            assert orphans == 0, table
        for doc_id, doc in expected.items():  # none half-written
            assert load_document(store, doc_id).to_dict() == doc.to_dict()


def test_a_document_the_database_refuses_costs_only_itself(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL's TEXT cannot hold NUL characters; SQLite can. On PostgreSQL the batch rolls
    # back, is written again one document at a time, and only the bad one fails. The reader
    # removes NULs (tests/test_bad_records.py): let this one through, as a stand-in for any
    # document the database refuses.
    monkeypatch.setattr(reading, "_clean_record", lambda record, warnings: dict(record))
    records = numbered_articles(6)
    records[3]["text"] += "\x00"
    source = write_jsonl(tmp_path / "nul.jsonl", records)
    with Store.open(store_url) as store:
        report = ingest([str(source)], store)
        if store.dialect == "postgresql":
            assert report.ingested == 5 and len(report.failed) == 1
            assert report.failed[0].code == "M050" and report.failed[0].input.endswith(":4")
        else:
            assert report.ingested == 6 and not report.failed
        assert store.counts()["documents"] == report.ingested


def test_workers_give_the_same_store_as_one_process(tmp_path: Path) -> None:
    records = [*numbered_articles(10), *STORY_RECORDS]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    with Store.open(str(tmp_path / "one.db")) as one, Store.open(str(tmp_path / "two.db")) as two:
        first = ingest([str(source)], one)
        second = ingest([str(source)], two, workers=2)
        assert first.to_dict() | {"seconds": 0} == second.to_dict() | {"seconds": 0}
        assert one.counts() == two.counts()
        for row in one.documents(limit=50):
            assert (
                load_document(two, row["id"]).to_dict() == load_document(one, row["id"]).to_dict()
            )
        assert [(r["id"], r["story_id"], r["duplicate_of"]) for r in one.documents(limit=50)] == [
            (r["id"], r["story_id"], r["duplicate_of"]) for r in two.documents(limit=50)
        ]


def test_analyze_and_ingest_read_a_page_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One input path: `marsad analyze page.html` analyses the article (not the markup) and
    gives the very document `marsad ingest` stores."""
    body = (
        "قال المتحدث باسم الجيش إن القوات دخلت مدينة الموصل صباح اليوم.\nوأضاف أن الاشتباكات توقفت."
    )
    page = tmp_path / "page.html"
    page.write_text(_html("القوات تدخل الموصل", body), encoding="utf-8")
    assert main(["analyze", str(page), "--format", "json"]) == 0
    analysed = json.loads(capsys.readouterr().out)
    assert analysed["meta"]["title"] == "القوات تدخل الموصل"
    assert analysed["meta"]["lang"] == "ar"
    assert "<" not in analysed["text"] and "الرئيسية" not in analysed["text"]  # no markup, no menu
    assert "المتحدث باسم الجيش" in analysed["text"]
    assert not any("html" in e["text"] or "head" in e["text"] for e in analysed["entities"])
    with Store.open(str(tmp_path / "s.db")) as store:
        assert ingest([str(page)], store).ingested == 1
        stored = load_document(store, analysed["id"]).to_dict()
    for key in ("id", "text", "meta", "sentences", "entities", "places", "times", "events"):
        assert stored[key] == analysed[key], key


def test_analyze_reads_every_kind_ingest_reads(
    bad_inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Feeds, WARC records and pages in a directory are analysed one by one, and the bad
    ones are reported by name with their M### code, as ingest does."""
    assert main(["analyze", str(bad_inputs), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    titles = {json.loads(line)["meta"]["title"] for line in captured.out.splitlines()}
    assert {"خبر أول", "خبر ثان", "صفحة أولى", "صفحة بترميز قديم"} <= titles
    assert "feed.xml#entry-2" in captured.err and "broken.txt" in captured.err
    assert "[M004]" in captured.err  # broken.txt: binary data, named with its code


def test_workers_never_outnumber_the_cpus() -> None:
    """`--workers 10000` once forked ~200 pipeline processes and exhausted the machine."""
    import os

    from marsad.services.ingest import worker_count

    cpus = os.cpu_count() or 1
    assert worker_count(10_000) == cpus
    assert worker_count(0) == worker_count(-3) == 1
    assert worker_count(1) == 1


def test_a_document_over_the_analysis_limit_is_m011_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``input.max_chars`` bounds the analysis of one document (issue 24: a 50 MB one-line
    text ran for more than 10 minutes at 5 GB); a longer one is refused, the others go on."""
    from marsad.settings import load_settings

    records = numbered_articles(3)
    long_text = " ".join([records[1]["text"]] * 20)
    records[1] = {**records[1], "text": long_text}
    limit = len(long_text) - 1
    source = write_jsonl(tmp_path / "in.jsonl", records)
    settings = load_settings(overrides={"input": {"max_chars": limit}}, use_user_file=False)
    with Store.open(str(tmp_path / "s.db")) as store:
        report = ingest([str(source)], store, settings=settings, analyze=False)
        assert report.ingested == 2
        assert [(f.input, f.code) for f in report.failed] == [(f"{source}:2", "M011")]
        assert f"{len(long_text):,} characters" in report.failed[0].message
    # analyze too, from a settings file: the long text is refused, the short one analysed.
    config = tmp_path / "settings.toml"
    config.write_text(f"[input]\nmax_chars = {limit}\n", "utf-8")
    (tmp_path / "long.txt").write_text(long_text, "utf-8")
    (tmp_path / "short.txt").write_text(records[0]["text"], "utf-8")
    paths = [str(tmp_path / "long.txt"), str(tmp_path / "short.txt")]
    code = main(["--config", str(config), "analyze", *paths, "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 1 and "[M011]" in err and "long.txt" in err and "input.max_chars" in err
    assert [json.loads(line)["text"] for line in out.splitlines()] == [records[0]["text"]]
    # At the limit exactly, a text is analysed.
    config.write_text(f"[input]\nmax_chars = {len(long_text)}\n", "utf-8")
    assert main(["--config", str(config), "analyze", paths[0], "--format", "jsonl"]) == 0


def test_a_spark_partition_refuses_a_text_over_the_analysis_limit_and_goes_on() -> None:
    """The Spark path reads ``input.max_chars`` too (run_job's ``max_chars``): a longer text
    is an M011 row of the job's errors table; the next record is analysed. The partition
    function runs here without Spark, as a Spark executor runs it."""
    from marsad.services.analysis import default_settings
    from marsad.spark.job import ERRORS_TABLE, analyze_partition

    records = numbered_articles(2)
    limit = len(records[1]["text"])
    long_text = records[0]["text"] + " " + "ا" * limit
    payloads = [json.dumps({**records[0], "text": long_text}), json.dumps(records[1])]
    rows = list(
        analyze_partition(
            [("in.jsonl", i, p) for i, p in enumerate(payloads)],
            components=default_settings().pipeline.components,
            fmt="jsonl",
            stamp="2026-12-07T00:00:00Z",
            max_chars=limit,
        )
    )
    errors = [json.loads(row) for table, _, row in rows if table == ERRORS_TABLE]
    assert [(e["input"], e["code"]) for e in errors] == [("in.jsonl#0", "M011")]
    assert "input.max_chars" in errors[0]["message"]
    documents = [json.loads(row) for table, _, row in rows if table == "documents"]
    assert [d["text"] for d in documents] == [records[1]["text"]]
