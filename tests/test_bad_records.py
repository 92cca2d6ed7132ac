"""Issue 24: every bad input record is a named M### error or a repair with a warning, and the
run goes on: the good records around a bad one are analysed and stored.

Each test feeds a small input of its own through the real CLI (``marsad analyze``, ``marsad
ingest`` on a temporary store), with good records before and after the bad one.
"""

from __future__ import annotations

import io
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from marsad.cli import main
from marsad.store import Store

ROOT = Path(__file__).resolve().parent.parent

# Our own sentences, one per record: a document's id is its text's hash, so each is different.
GOOD = [
    "قال مسؤول محلي إن الأمطار الغزيرة أغلقت الطريق الساحلي صباح الثلاثاء.",
    "أعلنت البلدية افتتاح سوق جديد للخضار في وسط المدينة بعد عامين من العمل.",
    "ذكر شهود أن حريقا اندلع في مستودع قرب الميناء دون أن يسفر عن إصابات.",
    "وصل وفد من المزارعين إلى العاصمة للمطالبة بتخفيض أسعار الأسمدة.",
]


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _analyze_jsonl(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, list, str]:
    """``marsad analyze --format jsonl``: the exit code, the documents, the error stream."""
    capsys.readouterr()
    code = main(["analyze", "--format", "jsonl", *map(str, paths)])
    captured = capsys.readouterr()
    docs = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return code, docs, captured.err


def _ingest(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, *paths: Path
) -> tuple[int, dict[str, Any], str]:
    """``marsad ingest --json``: the exit code, the report, the error stream."""
    capsys.readouterr()
    failures = str(tmp_path / "failures.jsonl")
    code = main(["ingest", *map(str, paths), "--db", db, "--json", "--failures", failures])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def _stored_texts(db: str) -> set[str]:
    with Store.open(db) as store:
        return {store.document(row["id"])[0]["text"] for row in store.documents(limit=100)}


def test_deeply_nested_json_is_m007_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 100,000 levels: json.loads raised RecursionError out of the reader, which lost the batch
    # and every later input.
    deep = '{"text": "x", "m": ' + "[" * 100_000 + "]" * 100_000 + "}"
    first = _write_lines(
        tmp_path / "deep.jsonl", [_line({"text": GOOD[0]}), deep, _line({"text": GOOD[1]})]
    )
    later = _write_lines(tmp_path / "later.jsonl", [_line({"text": GOOD[2]})])
    # Just over the limit, with brackets inside strings that do not count.
    nested = {"text": GOOD[3], "m": "[[[[" * 50}
    for _ in range(101):
        nested = {"text": GOOD[3], "m": [nested]}
    too_deep = _write_lines(tmp_path / "too_deep.jsonl", [_line(nested)])

    code, docs, err = _analyze_jsonl(capsys, first, later, too_deep)
    assert code == 1
    assert [d["text"] for d in docs] == GOOD[:3]
    assert f"[M007] {first}:2: JSON line nested more than 100 levels deep" in err
    assert f"[M007] {too_deep}:1:" in err
    assert "Traceback" not in err

    db = str(tmp_path / "store.db")
    code, report, _ = _ingest(capsys, db, tmp_path, first, later)
    assert code == 1 and report["ingested"] == 3
    assert [(f["input"], f["code"]) for f in report["failures"]] == [(f"{first}:2", "M007")]
    assert _stored_texts(db) == set(GOOD[:3])


def test_deep_json_on_stdin_is_m007(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Standard input (or a URL) is sniffed: telling JSON from JSONL must not parse the deep
    # record either.
    deep = '{"text": "x", "m": ' + "[" * 100_000 + "]" * 100_000 + "}"
    data = "\n".join([_line({"text": GOOD[0]}), deep, _line({"text": GOOD[1]})]) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    later = _write_lines(tmp_path / "later.jsonl", [_line({"text": GOOD[2]})])
    code, docs, err = _analyze_jsonl(capsys, Path("-"), later)
    assert code == 1 and [d["text"] for d in docs] == GOOD[:3]
    assert "[M007] <stdin>:2: JSON line nested more than 100 levels deep" in err


def test_lone_surrogates_become_u_fffd_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "\ud800" crashed the jsonl output (title) and the CRF tagger (text), and the store
    # refused the document ("cannot store").
    source = _write_lines(
        tmp_path / "surrogates.jsonl",
        [
            _line({"text": GOOD[0]}),
            '{"title": "عنوان \\ud800 الخبر", "text": "' + GOOD[1] + '"}',
            '{"text": "' + GOOD[2].replace(" ", " \\udc00 ", 1) + '"}',
            _line({"text": GOOD[3]}),
        ],
    )
    code, docs, err = _analyze_jsonl(capsys, source)
    assert code == 0 and len(docs) == 4
    assert docs[1]["meta"]["title"] == "عنوان \ufffd الخبر"
    assert docs[2]["text"] == GOOD[2].replace(" ", " \ufffd ", 1)
    assert f"{source}:2: lone surrogates replaced by U+FFFD in 'title'" in err
    assert f"{source}:3: lone surrogates replaced by U+FFFD in 'text'" in err

    db = str(tmp_path / "store.db")
    code, report, err = _ingest(capsys, db, tmp_path, source)
    assert code == 0 and report["ingested"] == 4 and not report["failures"]
    assert [w["input"] for w in report["warnings"]] == [f"{source}:2", f"{source}:3"]
    assert "lone surrogates" in err


def test_nul_is_removed_on_every_store(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLite stored a NUL, PostgreSQL refused the document: now neither sees one.
    source = _write_lines(
        tmp_path / "nul.jsonl",
        [
            _line({"text": GOOD[0]}),
            _line({"title": "عنوان\x00", "text": GOOD[1].replace(" ", "\x00 ", 1), "tag": "a\x00"}),
            _line({"text": GOOD[2]}),
        ],
    )
    code, report, err = _ingest(capsys, store_url, tmp_path, source)
    assert code == 0 and report["ingested"] == 3 and not report["failures"]
    assert report["warnings"] == [
        {"input": f"{source}:2", "message": "NUL characters removed from 'title', 'text', 'tag'"}
    ]
    assert f"{source}:2: NUL characters removed" in err
    assert _stored_texts(store_url) == set(GOOD[:3])

    code, docs, err = _analyze_jsonl(capsys, source)
    assert code == 0 and [d["meta"]["title"] for d in docs] == [None, "عنوان", None]
    assert docs[1]["meta"]["tag"] == "a"


@pytest.mark.parametrize("published", [5, ["x"], "0001-01-01", "yesterday", True, {"y": 1}])
def test_published_that_is_not_a_date_is_left_out_with_a_warning(
    published: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "0001-01-01" made the times component overflow (M030) on "يوم الأحد"; the others were
    # left out silently.
    text = "قال المتحدث إن القوات انسحبت من البلدة يوم الأحد الماضي بعد اشتباكات."
    source = _write_lines(
        tmp_path / "dates.jsonl",
        [
            _line({"text": GOOD[0], "published": "2021-03-04"}),
            _line({"text": text, "published": published}),
            _line({"text": GOOD[1]}),
        ],
    )
    code, docs, err = _analyze_jsonl(capsys, source)
    assert code == 0 and [d["text"] for d in docs] == [GOOD[0], text, GOOD[1]]
    assert [d["meta"]["published"] for d in docs] == ["2021-03-04", None, None]
    assert docs[1]["meta"]["published_raw"] == published
    assert f"{source}:2: 'published' is not a date: " in err


def test_metadata_that_is_not_a_string_is_not_stored_as_a_repr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write_lines(
        tmp_path / "meta.jsonl",
        [
            _line({"text": GOOD[0], "source": "وكالة محلية"}),
            _line({"text": GOOD[1], "source": {"name": "x"}, "title": ["a"], "url": 5}),
            _line({"text": GOOD[2]}),
        ],
    )
    code, docs, err = _analyze_jsonl(capsys, source)
    assert code == 0 and len(docs) == 3
    meta = docs[1]["meta"]
    assert (meta["source"], meta["title"], meta["url"]) == (None, None, None)
    assert (meta["source_raw"], meta["title_raw"], meta["url_raw"]) == ({"name": "x"}, ["a"], 5)
    assert f"{source}:2: 'source' is an object, not a string" in err
    assert f"{source}:2: 'title' is an array, not a string" in err

    db = str(tmp_path / "store.db")
    code, report, _ = _ingest(capsys, db, tmp_path, source)
    assert code == 0 and report["ingested"] == 3 and len(report["warnings"]) == 3
    with Store.open(db) as store:
        sources = {row["source"] for row in store.documents(limit=10)}
    assert sources == {"وكالة محلية", None}


def test_a_few_bad_bytes_in_utf8_decode_as_utf8_not_cp1256(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One invalid byte made the whole file decode as cp1256 mojibake that still "looks Arabic".
    body = " ".join(GOOD)
    raw = body.encode("utf-8")
    cut = raw.index(b" ", 40) + 1  # between two words: one invalid sequence
    broken = tmp_path / "broken.txt"
    broken.write_bytes(raw[:cut] + b"\xff" + raw[cut:])
    legacy = tmp_path / "legacy.txt"  # a genuinely cp1256 file is still read as cp1256
    legacy.write_bytes(GOOD[0].encode("cp1256"))
    lines = tmp_path / "lines.jsonl"  # a JSONL line is decoded on its own
    lines.write_bytes(
        _line({"text": GOOD[1]}).encode()
        + b"\n"
        + _line({"text": GOOD[2]}).encode()[:30]
        + b"\xfe"
        + _line({"text": GOOD[2]}).encode()[30:]
        + b"\n"
        + _line({"text": GOOD[3]}).encode()
        + b"\n"
    )
    code, docs, err = _analyze_jsonl(capsys, broken, legacy, lines)
    assert code == 0
    texts = [d["text"] for d in docs]
    assert texts[0] == body[: len(raw[:cut].decode())] + "\ufffd" + body[len(raw[:cut].decode()) :]
    assert texts[1] == GOOD[0]
    assert texts[2] == GOOD[1] and texts[4] == GOOD[3]
    assert "\ufffd" in texts[3] and texts[3].replace("\ufffd", "") == GOOD[2]
    assert f"{broken}: not valid UTF-8: 1 invalid byte sequence replaced by U+FFFD" in err
    assert f"{lines}:2: not valid UTF-8" in err
    assert str(legacy) not in err


@pytest.mark.parametrize("where", ["parent-is-a-file", "a-directory", "default-in-cwd"])
def test_an_unwritable_failures_file_stops_ingest_at_start(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # It crashed ingest at the first bad input, losing the batch. Tests run as root, which
    # writes to read-only folders, so the unwritable path is one no user can write.
    source = _write_lines(
        tmp_path / "in.jsonl", [_line({"text": GOOD[0]}), "{bad json", _line({"text": GOOD[1]})]
    )
    db = str(tmp_path / "store.db")
    args = ["ingest", str(source), "--db", db]
    if where == "parent-is-a-file":
        (tmp_path / "file").write_text("x")
        args += ["--failures", str(tmp_path / "file" / "failures.jsonl")]
    elif where == "a-directory":
        args += ["--failures", str(tmp_path)]
    else:
        work = tmp_path / "work"
        (work / "ingest-failures.jsonl").mkdir(parents=True)
        monkeypatch.chdir(work)
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "[M020] cannot write the failures file" in err and "Traceback" not in err
    assert _stored_texts(db) == set()  # nothing was read

    # A writable one: the run goes past the bad line and lists it.
    code, report, _ = _ingest(capsys, db, tmp_path, source)
    assert code == 1 and report["ingested"] == 2
    assert [f["code"] for f in report["failures"]] == ["M007"]


def test_lxml_html_clean_is_declared() -> None:
    # trafilatura imports lxml.html.clean, a package of its own since lxml 5.2; the pip of
    # Python 3.11 (23.2) does not install it through trafilatura.
    with (ROOT / "pyproject.toml").open("rb") as fh:
        dependencies = tomllib.load(fh)["project"]["dependencies"]
    assert any(d.replace("-", "_").startswith("lxml_html_clean") for d in dependencies)
