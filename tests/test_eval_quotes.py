"""``marsad eval quotes``: the gold set loads, the scorer counts right, and the shipped
components stay above the floors pinned in eval/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.errors import MalformedInputError
from marsad.evaluation.baseline import check, load_baseline
from marsad.evaluation.quotes import (
    evaluate_quotes,
    load_ant,
    load_written,
    match_quotes,
    same_speaker,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "quotes"
BASELINE = ROOT / "eval" / "baseline.json"
CORPUS = "ant-corpus-news/ant_v2.1_multisource.jsonl.gz"


def test_match_is_one_to_one_and_needs_half_the_longer_span() -> None:
    gold = [(0, 10), (20, 30)]
    assert match_quotes(gold, [(0, 10), (1, 9), (24, 40)]) == [(0, 0)]
    assert match_quotes(gold, [(2, 10), (20, 29)]) == [(0, 0), (1, 1)]


def test_same_speaker_needs_the_full_name_but_forgives_spelling() -> None:
    assert same_speaker("مايكل هارت", ["مايكل هارت"])
    assert not same_speaker("مايكل هارت", ["هارت"])
    assert same_speaker("دونالد ترمب", ["دونالد ترامب"])
    assert same_speaker("وزارة الخارجية الروسية", ["الخارجية الروسية"])
    assert same_speaker(None, [])
    assert not same_speaker(None, ["مصدر"])
    assert not same_speaker("مصدر طبي", [])


def test_written_gold_is_sound() -> None:
    docs = load_written(GOLD / "written.jsonl")
    assert len(docs) >= 40
    assert sum(len(d.quotes) for d in docs) >= 100
    kinds = {q.kind for d in docs for q in d.quotes}
    assert kinds == {"direct", "indirect"}
    assert any(not d.quotes for d in docs), "some articles have no quote at all"


def test_ant_gold_holds_offsets_only() -> None:
    for path in sorted(GOLD.glob("ant*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert set(record) == {"id", "quotes"}, "no article text in the project"
            for quote in record["quotes"]:
                assert set(quote) == {"start", "end", "kind", "cue", "speaker"}


def test_a_bad_gold_record_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "written.jsonl"
    record = {"id": "x", "text": "قال: نعم", "quotes": [{"start": 5, "end": 99, "kind": "direct"}]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"written\.jsonl:1"):
        load_written(path)
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"written\.jsonl:1"):
        load_written(path)


def test_written_part_stays_above_its_floors() -> None:
    result = evaluate_quotes(GOLD, None)
    (written,) = result.parts
    assert written.name == "written"
    assert result.skipped  # the ANT parts need the corpus
    floors = {k: v for k, v in load_baseline(BASELINE).items() if k.startswith("quotes.written.")}
    assert set(floors) == {"quotes.written.f1", "quotes.written.speaker_accuracy"}
    assert check(result.floor_metrics(), floors) == []


def test_real_articles_stay_above_their_floors(shared_data: Path) -> None:
    result = evaluate_quotes(GOLD, shared_data / CORPUS)
    names = [p.name for p in result.parts]
    assert names[0] == "written" and "ant" in names
    ant = next(p for p in result.parts if p.name == "ant")
    assert ant.documents >= 30
    floors = {k: v for k, v in load_baseline(BASELINE).items() if k.startswith("quotes.")}
    assert check(result.floor_metrics(), floors, require_all=True) == []


def test_ant_loader_joins_the_corpus_text(shared_data: Path) -> None:
    docs = load_ant([GOLD / "ant.jsonl"], shared_data / CORPUS)["ant"]
    for doc in docs:
        for q in doc.quotes:
            assert doc.text[q.start : q.end].strip() == doc.text[q.start : q.end]


def test_cli_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"floors": {"quotes.written.f1": 1.01}}), encoding="utf-8")
    args = ["eval", "quotes", "--gold", str(GOLD), "--corpus", str(tmp_path / "absent.gz")]
    assert main([*args, "--baseline", str(baseline)]) == 1
    assert "below floor" in capsys.readouterr().err
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parts"]["written"]["gold"] >= 100
    assert main(["eval", "quotes", "--gold", str(tmp_path)]) == 2  # no written.jsonl
