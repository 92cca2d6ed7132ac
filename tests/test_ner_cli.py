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


def test_separate_conventions_train_a_private_copy_for_the_conll_corpus(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pycrfsuite

    from marsad.extract.entities.features import Featurizer

    model = tmp_path / "conv.crfsuite"
    args = ["train", "ner", "--data", str(corpus), "--separate-conventions", "--out", str(model)]
    assert main(args) == 0
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    attributes = {attr for attr, _ in tagger.info().state_features}
    private = {a.removeprefix("anercorp:") for a in attributes if a.startswith("anercorp:")}
    assert private  # the corpus's own copies of convention features took weights
    assert private < {a for a in attributes if ":" not in a}  # beside the shared ones
    assert not any(a.startswith(("len=", "p3=", "fq=")) for a in private)  # not conventions
    # The pipeline's featurizer shows the shared features only; asked, the corpus's as well.
    words = ["زار", "وفد", "من", "منظمة", "الصحة"]
    assert not any(":" in f for fs in Featurizer().strings(words) for f in fs)
    assert "anercorp:s=منظمه" in Featurizer(conventions="anercorp").strings(words)[3]
    evaluate = ["eval", "ner", "--data", str(corpus), "--format", "anercorp", "--model", str(model)]
    capsys.readouterr()
    assert main([*evaluate, "--conventions", "anercorp", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["conventions"] == "anercorp"
    assert result["micro"]["f1"] > 0.5


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
    from marsad.services.train import Source, train_ner

    articles = tmp_path / "news.jsonl"
    text = "قال سمير خليل في بيروت إن الوفد وصل . زار وفد من منظمة الصحة العالمية دمشق أمس ."
    articles.write_text(
        json.dumps({"text": text}, ensure_ascii=False) + "\n" + json.dumps({"title": "x"}) + "\n",
        encoding="utf-8",
    )
    model = tmp_path / "self.crfsuite"
    # The tiny model is sure of nothing: min_prob decides alone what is added.
    figures = train_ner([Source("anercorp", corpus)], model, unlabeled=articles, min_prob=0.0)
    assert model.stat().st_size > 0
    assert figures["self_training_sentences"] == 2  # both sentences hold an entity
    figures = train_ner([Source("anercorp", corpus)], model, unlabeled=articles, min_prob=1.01)
    assert figures["self_training_sentences"] == 0


def test_eval_refuses_a_name_without_floors(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"floors": {"ner.tiny.micro_f1": 0.1}}), encoding="utf-8")
    args = ["eval", "ner", "--data", str(corpus), "--format", "anercorp"]
    assert main([*args, "--baseline", str(baseline)]) == 2  # the default name is "anercorp"
    assert "no floors for ner.anercorp; pass --name (tiny)" in capsys.readouterr().err


# Our own sentence in Wojood's layout: nested tags, outermost first.
WOJOOD_TINY = """\
وصل O
وفد O
الصليب B-ORG
الأحمر I-ORG
إلى O
مطار B-FAC
بيروت I-FAC B-GPE
قبل O
مؤتمر B-EVENT
جنيف I-EVENT B-GPE
مع O
الفلسطينيين B-NORP
$#$ O
"""


def test_train_on_several_sources(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wojood = tmp_path / "wojood.txt"
    wojood.write_text(WOJOOD_TINY, encoding="utf-8")
    model = tmp_path / "two.crfsuite"
    args = ["train", "ner", "--data", f"{corpus}:anercorp", "--data", f"{wojood}:wojood:2"]
    assert main([*args, "--out", str(model)]) == 0
    err = capsys.readouterr().err
    assert "3 sentences, 23 tokens" in err  # the ANERcorp file
    assert "1 sentences, 12 tokens" in err  # Wojood, without its segment marker
    assert "5 sentences" in err  # 3 + 2 × 1: the weight repeats Wojood's sentence
    assert model.stat().st_size > 0


def test_wojood_training_mapping(tmp_path: Path) -> None:
    from marsad.services.train import Source, conll_sentences

    wojood = tmp_path / "wojood.txt"
    wojood.write_text(WOJOOD_TINY, encoding="utf-8")
    (sentence,) = conll_sentences(Source("wojood", wojood))
    assert sentence.labels == (
        "O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "I-LOC", "O", "B-MISC", "I-MISC", "O", "O",
    )  # fmt: skip
    # The evaluation keeps its own narrower mapping: FAC and EVENT are not scored.
    from marsad.evaluation.conll import read_conll

    (scored,) = read_conll(wojood, "wojood")
    assert scored.labels[5:10] == ("O", "B-LOC", "O", "O", "B-LOC")


def test_source_specs() -> None:
    from marsad.errors import ConfigError
    from marsad.services.train import parse_source

    assert parse_source("a/b.txt").kind == "anercorp"
    spec = parse_source("eval/corpus:corpus:3", ant=Path("ant.jsonl.gz"))
    assert (spec.kind, spec.path, spec.weight, spec.ant) == (
        "corpus", Path("eval/corpus"), 3, Path("ant.jsonl.gz"),
    )  # fmt: skip
    assert parse_source("c:/x.txt:fane").path == Path("c:/x.txt")
    with pytest.raises(ConfigError):
        parse_source("x.txt:wojood:0")


def test_training_needs_a_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "ner", "--out", str(tmp_path / "m.crfsuite")]) == 2
    assert "no training data" in capsys.readouterr().err


@pytest.mark.shared
def test_corpus_entities_land_on_marsad_tokens(shared_data: Path) -> None:
    """The corpus's train spans, put on marsad's tokens, give back the same spans."""
    from marsad.evaluation.annotation.corpus import AnnotatedCorpus
    from marsad.evaluation.metrics import spans
    from marsad.extract.entities.component import stem_end, stem_start
    from marsad.services.train import corpus_sentences

    root = Path(__file__).resolve().parent.parent / "eval" / "corpus"
    ant = shared_data / "ant-corpus-news" / "ant_v2.1_multisource.jsonl.gz"
    sentences, stats = corpus_sentences(root, ant, "train")
    assert stats.entities > 4000 and stats.missed == 0
    assert stats.exact / stats.entities > 0.98
    gold = {
        (row.id, e["span"][0], e["span"][1], e["type"])
        for row, record in AnnotatedCorpus(root).records("train")
        if "entities" in record.get("layers", [])
        for e in record["entities"]
    }
    rebuilt = {
        (s.article, stem_start(s.tokens[start]), stem_end(s.tokens[end - 1]), kind)
        for s in sentences
        for kind, start, end in spans(s.labels)
    }
    # A few entities cannot come back: one crossing a sentence boundary of marsad's splitter,
    # or one ending inside a token (``stats.exact`` counts those that can).
    assert stats.exact - 5 <= len(gold & rebuilt) <= stats.exact
