"""The document gate (marsad.extract.events.gate): the shipped model, its features, and
training it (marsad.services.train_gate) on a corpus written here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marsad.extract.events.gate import (
    GATE_MODEL,
    MAX_CHARS,
    conflict_probability,
    gate_features,
    gate_model,
)
from marsad.extract.linear import LinearModel

SPORT = "سجل المهاجم هدفين في مباراة الدوري"
CONFLICT = "قتل خمسة مدنيين في غارة جوية على ريف إدلب"


def test_shipped_model_loads_and_ranks() -> None:
    model = gate_model()
    assert model.name == "gate"
    assert 500 <= len(model.weights) <= 5000
    sport, conflict = conflict_probability(SPORT), conflict_probability(CONFLICT)
    assert 0.0 <= sport < conflict <= 1.0
    assert sport < 0.5 < conflict


def test_shipped_model_is_small() -> None:
    from importlib.resources import files

    assert files("marsad.resources").joinpath(GATE_MODEL).read_bytes().__len__() < 300_000


def test_features_are_normalized_words_without_clitics() -> None:
    # The title counts; the article and proclitics go; numbers do not count.
    f = gate_features("وبالموصل 12 قتيلا", title="الموصل")
    assert f == {"word=موصل": 1.0, "word=قتيلا": 1.0}
    # Only the beginning of a long text is read.
    late = "غارة " * 10
    assert "word=غاره" not in gate_features("x" * MAX_CHARS + " " + late)
    assert "word=غاره" in gate_features(late)


_CONFLICT_TEXTS = [
    "قصفت طائرات حربية مواقع المسلحين في ريف حلب وقتل عشرة مدنيين",
    "أعلن الجيش مقتل جنديين في هجوم بعبوة ناسفة على دورية عسكرية",
    "اشتباكات عنيفة بين القوات الحكومية والمعارضة المسلحة في درعا",
    "غارة جوية تستهدف قافلة للمسلحين وسقوط قتلى وجرحى",
    "البرلمان يصوت على الحكومة الجديدة وسط احتجاجات المعارضة",
    "تظاهر آلاف المحتجين ضد الحكومة واعتقلت الشرطة العشرات",
]
_OTHER_TEXTS = [
    "فاز الفريق على منافسه بثلاثة أهداف في مباراة الدوري",
    "سجل اللاعب هدف الفوز في الدقيقة الأخيرة من المباراة",
    "ارتفعت أسعار النفط وصعدت الأسهم في البورصة اليوم",
    "أطلقت الشركة هاتفا ذكيا جديدا بكاميرا متطورة",
    "المدرب يعلن تشكيلة المنتخب قبل مباراة الكأس",
    "افتتح المهرجان السينمائي بعرض فيلم جديد للمخرج",
]


def _write_corpus(path: Path) -> None:
    records = [
        {"id": f"c{i}", "categories": ["middleEast"], "title": "", "text": t}
        for i, t in enumerate(_CONFLICT_TEXTS)
    ] + [
        {"id": f"o{i}", "categories": [cat], "title": "", "text": t}
        for i, (t, cat) in enumerate(
            zip(
                _OTHER_TEXTS,
                ["sport", "sport", "economy", "technology", "sport", "culture"],
                strict=True,
            )
        )
    ]
    records += [
        {"id": "both", "categories": ["sport", "internationalNews"], "text": _OTHER_TEXTS[0]},
        {"id": "empty", "categories": ["middleEast"], "text": ""},
        {"id": "notext", "categories": ["middleEast"]},
        {"id": "kept-out", "categories": ["sport"], "text": _CONFLICT_TEXTS[0]},
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.write("not json\n")


def test_train_gate_on_a_tiny_corpus(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from marsad.services.train_gate import train_gate

    corpus, out = tmp_path / "ant.jsonl.gz", tmp_path / "models" / "gate.json.gz"
    _write_corpus(corpus)
    report = train_gate(
        corpus, out, {"kept-out"}, holdout=0.0, c=1.0, min_count=1, max_features=50, folds=2
    )
    assert report["train"]["articles"] == 12
    assert report["train"]["positives"] == 6
    assert report["train"]["unclear_left_out"] == 1
    assert report["held_out"] is None
    assert 0 < report["features"] <= 50
    model = LinearModel.load(out)
    assert model.name == "gate" and len(model.weights) == report["features"]
    p_sport = model.probability(gate_features(SPORT))
    p_conflict = model.probability(gate_features(CONFLICT))
    assert p_sport < p_conflict


def test_train_gate_reports_held_out_scores(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from marsad.services.train_gate import train_gate

    corpus, out = tmp_path / "ant.jsonl.gz", tmp_path / "gate.json.gz"
    _write_corpus(corpus)
    report = train_gate(corpus, out, (), holdout=0.3, min_count=1, folds=2)
    # A hash of the id holds out c0, c1, o0, o2 and kept-out: the same ones every run.
    held = report["held_out"]
    assert (held["articles"], held["positives"], report["train"]["articles"]) == (5, 2, 8)
    assert 0.0 <= held["accuracy"] <= 1.0
    assert sum(held["confusion"].values()) == 5
