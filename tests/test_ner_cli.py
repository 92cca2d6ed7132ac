"""``marsad train ner`` and ``marsad eval ner`` end to end, on a tiny corpus written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.cli import main

# Our own sentences, CoNLL layout (token LABEL), ANERcorp's label names.
TINY = """\
قال B-PERS
سمير I-PERS
خليل I-PERS
في O
بيروت B-LOC
. O

زار O
وفد O
من O
منظمة B-ORG
الصحة I-ORG
العالمية I-ORG
دمشق B-LOC
. O

التقى O
كريم B-PERS
نصار I-PERS
ممثلي O
الأمم B-ORG
المتحدة I-ORG
في O
عمان B-LOC
. O
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.txt"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_train_then_evaluate_a_model(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "tiny.crfsuite"
    assert main(["train", "ner", "--data", str(corpus), "--out", str(model)]) == 0
    assert model.stat().st_size > 0
    args = ["eval", "ner", "--data", str(corpus), "--format", "anercorp", "--model", str(model)]
    assert main([*args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["micro"]["f1"] > 0.5  # it has seen these very sentences
    assert set(result["by_type"]) == {"PER", "ORG", "LOC", "MISC"}
    assert result["tokens"] == 23


def test_eval_checks_and_updates_a_baseline(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"floors": {"ner.tiny.micro_f1": 1.01}}), encoding="utf-8")
    args = ["eval", "ner", "--data", str(corpus), "--format", "anercorp", "--name", "tiny"]
    assert main([*args, "--baseline", str(baseline)]) == 1
    assert "below floor" in capsys.readouterr().err
    # Raising is fine, lowering needs --allow-lower.
    assert main([*args, "--baseline", str(baseline), "--update-baseline"]) == 1
    assert "refusing to lower" in capsys.readouterr().err
    assert main([*args, "--baseline", str(baseline), "--update-baseline", "--allow-lower"]) == 0
    floors = json.loads(baseline.read_text(encoding="utf-8"))["floors"]
    assert floors["ner.tiny.micro_f1"] < 1.01
    assert main([*args, "--baseline", str(baseline)]) == 0


def test_eval_names_a_malformed_corpus_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("قال O\nسمير B-NOPE\n", encoding="utf-8")
    assert main(["eval", "ner", "--data", str(bad), "--format", "anercorp"]) == 1
    assert "bad.txt:2" in capsys.readouterr().err


def test_eval_missing_model_is_a_clear_error(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["eval", "ner", "--data", str(corpus), "--format", "anercorp"]
    assert main([*args, "--model", str(tmp_path / "nope.crfsuite")]) == 1
    assert "M031" in capsys.readouterr().err


def test_self_training_adds_confident_news_sentences(corpus: Path, tmp_path: Path) -> None:
    from marsad.services.train import train_ner

    articles = tmp_path / "news.jsonl"
    text = "قال سمير خليل في بيروت إن الوفد وصل . زار وفد من منظمة الصحة العالمية دمشق أمس ."
    articles.write_text(
        json.dumps({"text": text}, ensure_ascii=False) + "\n" + json.dumps({"title": "x"}) + "\n",
        encoding="utf-8",
    )
    model = tmp_path / "self.crfsuite"
    # The tiny model is sure of nothing: min_prob decides alone what is added.
    figures = train_ner(corpus, model, unlabeled=articles, min_prob=0.0)
    assert model.stat().st_size > 0
    assert figures["self_training_sentences"] == 2  # both sentences hold an entity
    figures = train_ner(corpus, model, unlabeled=articles, min_prob=1.01)
    assert figures["self_training_sentences"] == 0


def test_eval_refuses_a_name_without_floors(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"floors": {"ner.tiny.micro_f1": 0.1}}), encoding="utf-8")
    args = ["eval", "ner", "--data", str(corpus), "--format", "anercorp"]
    assert main([*args, "--baseline", str(baseline)]) == 2  # the default name is "anercorp"
    assert "no floors for ner.anercorp; pass --name (tiny)" in capsys.readouterr().err
