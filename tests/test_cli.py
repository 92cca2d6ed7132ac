"""The `marsad` command line, in-process (fast) plus one run of the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.doc import Document
from marsad.schema import schema_errors

ARTICLE = (
    "بيروت - مرصد: قصفت طائرات حربية مواقع في بلدة على أطراف إدلب أمس، ما أسفر عن مقتل "
    "أربعة مسلحين على الأقل. وقال مصدر محلي: «سمعنا ثلاثة انفجارات». وأكد أن السكان نزحوا."
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_analyze_json_follows_the_contract(
    capsys: pytest.CaptureFixture[str], article: Path
) -> None:
    code, out, _ = run(
        capsys, "analyze", str(article), "--format", "json", "--published", "2021-05-06", "--tokens"
    )
    assert code == 0
    data = json.loads(out)
    assert schema_errors(data) == []
    assert data["meta"]["published"] == "2021-05-06"
    assert data["text"] == ARTICLE
    doc = Document.from_dict(data)  # checks every offset
    assert doc.offset_errors() == []
    assert len(doc.sentences) == 3
    assert data["entities"], "the default pipeline recognizes named entities"
    # NER finds the names; the events step adds the source it reports from (مصدر محلي).
    assert {e["source"] for e in data["entities"]} <= {
        "ner.crf.v1",
        "events.rules.v1",
        "events.learned.v1",
    }
    assert any(e["source"] == "ner.crf.v1" for e in data["entities"])
    # أمس resolves against --published.
    assert [(t["text"], t["value"]) for t in data["times"]] == [("أمس", "2021-05-05")]
    # The direct quote and the elided وأكد أن both go to the local source.
    quotes = [
        (c["kind"], c["text"], c["speaker"]["text"], c["cue"]["text"]) for c in data["quotes"]
    ]
    assert quotes == [
        ("direct", "سمعنا ثلاثة انفجارات", "مصدر محلي", "قال"),
        ("indirect", "أن السكان نزحوا", "مصدر محلي", "أكد"),
    ]
    places = {p["id"]: (p["name"], p["country"]) for p in data["places"]}
    assert sorted(places.values()) == [("إدلب", "SY"), ("بيروت", "LB")]
    strike = data["events"][0]
    assert (strike["type"], strike["sub_type"]) == (
        "explosions_remote_violence",
        "air_drone_strike",
    )
    assert (strike["trigger"]["text"], strike["fatalities"]) == ("قصفت", 4)
    assert places[strike["place"]] == ("إدلب", "SY")


def test_analyze_jsonl_streams_one_document_per_line(
    capsys: pytest.CaptureFixture[str], example_paths: list[Path]
) -> None:
    code, out, _ = run(capsys, "analyze", *map(str, example_paths), "--format", "jsonl")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == len(example_paths)
    for line in lines:
        assert schema_errors(json.loads(line)) == []


def test_published_comes_from_the_input_metadata(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "a.json"
    record = {"text": ARTICLE, "published": "Mon, 05 Mar 2018 10:00:00 +0300", "title": "قصف"}
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    _, out, _ = run(capsys, "analyze", str(path), "--format", "json")
    assert json.loads(out)["meta"]["published"] == "2018-03-05"
    _, out, _ = run(capsys, "analyze", str(path), "--format", "json", "--published", "2019-01-02")
    assert json.loads(out)["meta"]["published"] == "2019-01-02"


def test_text_format_prints_a_summary_table(
    capsys: pytest.CaptureFixture[str], article: Path
) -> None:
    code, out, _ = run(capsys, "analyze", str(article))
    assert code == 0
    assert "sents" in out and "tokens" in out and "article.txt" in out
    assert "و+قال" in out  # the segmented preview of the first two sentences
    assert "قصفت" in out


def test_a_bad_input_does_not_stop_the_batch(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, article: Path
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "old.txt").write_bytes(ARTICLE.encode("cp1256"))
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    paths = [tmp_path / n for n in ("empty.txt", "blob.bin", "old.txt", "bad.json")]
    code, out, err = run(
        capsys,
        "analyze",
        str(paths[0]),
        str(paths[1]),
        str(article),
        str(paths[2]),
        str(paths[3]),
        str(tmp_path / "missing.txt"),
        "--format",
        "jsonl",
    )
    assert code == 1
    docs = [json.loads(line) for line in out.strip().splitlines()]
    assert [d["text"] for d in docs] == [ARTICLE, ARTICLE]  # utf-8 and cp1256 both read
    for name, code_ in (
        ("empty.txt", "M003"),
        ("blob.bin", "M004"),
        ("bad.json", "M007"),
        ("missing.txt", "M002"),
    ):
        assert any(name in line and code_ in line for line in err.splitlines()), (name, err)
    assert "2 analysed, 4 failed" in err


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    fake = io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, _ = run(capsys, "analyze", "-", "--format", "json")
    assert code == 0
    assert json.loads(out)["text"] == ARTICLE


def test_non_arabic_text_is_analysed_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "en.txt"
    path.write_text("The ministry said on Monday that talks would resume.", encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(path), "--format", "json")
    assert code == 0
    assert json.loads(out)["meta"]["lang"] == "und"
    assert "en.txt" in err and "not Arabic" in err


def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "analyze", str(article), "--published", "2021-13-01")
    assert code == 2 and "YYYY-MM-DD" in err
    bad = tmp_path / "bad.toml"
    bad.write_text('[pipeline]\ncomponents = ["tokenize.rules.v1", "nope.v1"]\n')
    code, _, err = run(capsys, "--config", str(bad), "analyze", str(article))
    assert code == 2 and "nope.v1" in err and "M021" in err
    typo = tmp_path / "typo.toml"
    typo.write_text("[input]\nmax_byte = 3\n")
    code, _, err = run(capsys, "--config", str(typo), "analyze", str(article))
    assert code == 2 and "max_byte" in err


def test_settings_limit_applies(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    small = tmp_path / "small.toml"
    small.write_text("[input]\nmax_bytes = 100\n")
    code, _, err = run(capsys, "--config", str(small), "analyze", str(article))
    assert code == 1 and "M006" in err and "article.txt" in err


def test_schema_and_components_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "marsad.document/1"
    code, out, _ = run(capsys, "components")
    assert code == 0 and "tokenize.rules.v1" in out and "sentences.rules.v1" in out


def test_read_commands_refuse_a_store_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "mistyped.db"
    commands = (
        ("search", "x"),
        ("events",),
        ("entities",),
        ("figures", "مقتل"),
        ("export", "--format", "jsonl"),
        ("stats",),
        ("reanalyze",),
    )
    for command in commands:
        code, out, err = run(capsys, *command, "--db", str(missing))
        assert code == 3 and "M041" in err and str(missing) in err, command
        assert out == "" and not missing.exists(), command
    # Without --db, the settings' store (marsad.db here) is not created either.
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "events")
    assert code == 3 and "M041" in err and not (tmp_path / "marsad.db").exists()


def test_text_output_says_what_its_previews_leave_out(
    capsys: pytest.CaptureFixture[str], article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.cli import analyze

    code, out, _ = run(capsys, "analyze", str(article), "--published", "2021-05-06")
    assert code == 0 and "... and 1 more sentences" in out  # 3 sentences, 2 previewed
    assert "more entities" not in out  # every entity shown: nothing said
    monkeypatch.setattr(analyze, "_PREVIEW_ENTITIES", 1)
    monkeypatch.setattr(analyze, "_PREVIEW_DOCUMENTS", 1)
    code, out, _ = run(capsys, "analyze", str(article), str(article), "--published", "2021-05-06")
    assert code == 0
    assert re.search(r"\.\.\. and \d+ more entities \(--format json gives them all\)", out)
    assert "... and 1 more quotes" in out
    assert "previews of the first 1 of 2 documents" in out


@pytest.mark.slow
def test_a_20_mb_file_is_analysed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    paragraph = ARTICLE + "\n"
    path.write_text(
        paragraph * (20_000_000 // len(paragraph.encode("utf-8")) + 1), encoding="utf-8"
    )
    assert path.stat().st_size >= 20_000_000
    code, out, _ = run(capsys, "analyze", str(path), "--format", "jsonl")
    assert code == 0
    data = json.loads(out)
    assert len(data["text"]) == len(path.read_text(encoding="utf-8"))
    assert len(data["sentences"]) > 100_000


def test_installed_entry_point_runs(tmp_path: Path, article: Path) -> None:
    exe = Path(sys.executable).parent / "marsad"
    if not exe.exists():
        pytest.skip("marsad is not installed as a script in this environment")
    env = {**os.environ, "LANG": "C", "LC_ALL": "C"}
    result = subprocess.run(
        [str(exe), "analyze", str(article), "--format", "json"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout.decode("utf-8"))["text"] == ARTICLE


def test_text_output_previews_times_and_figures(
    capsys: pytest.CaptureFixture[str], article: Path
) -> None:
    code, out, _ = run(capsys, "analyze", str(article), "--published", "2021-05-06")
    assert code == 0
    assert "أمس → 2021-05-05 (day)" in out
    assert "أربعة → at_least 4 مسلح (count), subject: مقتل, time: أمس" in out
    # Quotes and events are previewed too.
    assert "مصدر محلي (direct): سمعنا ثلاثة انفجارات" in out
    assert "explosions_remote_violence/air_drone_strike «قصفت»" in out
    assert "killed 4, injured ?" in out


def test_acled_csv_output(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, _ = run(
        capsys, "analyze", str(article), str(article), "--format", "acled-csv",
        "--published", "2021-05-06",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    strikes = [r for r in rows if r["sub_event_type"] == "Air/drone strike"]
    assert len(strikes) == 2  # one per input, a single header
    assert strikes[0]["event_date"] == "2021-05-05" and strikes[0]["fatalities"] == "4"
    assert strikes[0]["country"] == "Syria" and strikes[0]["marsad_document_id"]
    # analyze numbers its documents in input order: the ids never repeat within a run.
    assert [s["event_id_cnty"] for s in strikes] == ["SYR1001", "SYR2001"]
