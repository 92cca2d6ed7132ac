"""The annotated news corpus (eval/corpus): snippet anchoring, the record validator, the
agreement measure, and the stored corpus itself (validated in CI; against the article texts
when ../shared is present)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.evaluation.annotation.agreement import agreement
from marsad.evaluation.annotation.anchor import AnchorErrors, anchor_record, occurrences
from marsad.evaluation.annotation.corpus import AnnotatedCorpus
from marsad.evaluation.annotation.select import read_selection, text_digest
from marsad.evaluation.annotation.validate import validate_record

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "corpus"
ANT = "ant-corpus-news/ant_v2.1_multisource.jsonl.gz"

# Our own text (not from any corpus): two strikes, a cumulative toll, a sports metaphor.
TEXT = (
    "دمشق - قصفت طائرات حربية بلدة سرمين في ريف إدلب أمس، ما أدى إلى مقتل 7 مدنيين. "
    "وقصفت المدفعية قرية أخرى. وقتل أكثر من 62 ألفا منذ 2011. وسجل اللاعب هدفا من ضربة جزاء."
)
DIGEST = text_digest(TEXT)


def _raw(**layers: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "x1", "annotator": "t1"}
    base.update(layers)
    return base


def _full_raw() -> dict[str, object]:
    return _raw(
        toponyms=[
            {"s": "دمشق", "dateline": True, "gid": "geonames:170654", "lat": 33.51,
             "lon": 36.29, "country": "SY", "admin1": "Damascus", "precision": "town"},
            {"s": "سرمين", "gid": None, "lat": 35.9, "lon": 36.72, "country": "SY",
             "precision": "town"},
            {"s": "إدلب", "unresolvable": True},
        ],
        times=[{"s": "أمس", "value": "2018-03-04"}, {"s": "2011", "value": "2011/2018-03-05"}],
        figures=[
            {"s": "7", "value": 7, "kind": "killed", "role": "toll"},
            {"s": "62 ألفا", "value": 62000, "kind": "killed", "role": "cumulative"},
        ],
        events=[
            {"type": "explosions_remote_violence", "sub_type": "air_drone_strike",
             "trigger": ["قصفت", 0], "actor1": "طائرات حربية", "actor2": "مدنيين",
             "place": {"s": "ريف إدلب", "country": "SY", "lat": 35.9, "lon": 36.6,
                       "precision": "region"},
             "date": "2018-03-04", "fatalities": 7, "injured": None, "reported_by": None},
            {"type": "explosions_remote_violence",
             "sub_type": "shelling_artillery_missile_attack", "trigger": ["قصفت", 1],
             "actor1": "المدفعية"},
        ],
        negatives=[
            {"trigger": "وقتل", "type": "violence_against_civilians", "reason": "background"},
            {"trigger": "ضربة", "type": "explosions_remote_violence", "reason": "metaphor"},
        ],
    )  # fmt: skip


def test_occurrences_count_substrings() -> None:
    assert occurrences(TEXT, "قصفت") == [7, TEXT.index("وقصفت") + 1]
    assert occurrences(TEXT, "غائب") == []
    assert occurrences(TEXT, "") == []


def test_anchoring_gives_spans_that_slice_back() -> None:
    record = anchor_record(_full_raw(), TEXT, DIGEST)
    assert validate_record(record, TEXT, DIGEST) == []
    strike, shelling = record["events"]
    assert TEXT[slice(*strike["trigger"])] == "قصفت"
    assert TEXT[slice(*shelling["trigger"])] == "قصفت"
    assert shelling["trigger"][0] > strike["trigger"][0]
    assert TEXT[slice(*strike["place"]["span"])] == "ريف إدلب"
    # The default evidence is the sentence around the trigger.
    assert TEXT[slice(*strike["evidence"])].endswith("7 مدنيين.")
    assert record["toponyms"][2]["resolution"] is None
    assert record["toponyms"][0]["dateline"] is True
    # offsets and values only: no article word is stored
    assert not re.search("[\u0600-\u06ff]", json.dumps(record, ensure_ascii=False))


def test_anchoring_refuses_missing_ambiguous_and_padded_snippets() -> None:
    raw = _raw(
        events=[{"type": "battles", "sub_type": "armed_clash", "trigger": "قصفت"}],
        times=[{"s": "غدا", "value": "2018-03-06"}, {"s": " أمس", "value": "2018-03-04"}],
        figures=[{"s": ["7", 3], "value": 7, "kind": "killed", "role": "toll"}],
    )
    with pytest.raises(AnchorErrors) as caught:
        anchor_record(raw, TEXT, DIGEST)
    problems = "\n".join(caught.value.problems)
    assert "events[0].trigger: 'قصفت' occurs 2 times: give n (0..1)" in problems
    assert "times[0]: 'غدا' is not in the article" in problems
    assert "times[1]: snippet ' أمس' is empty or padded" in problems
    assert "figures[0]: occurrence n=3" in problems


def test_anchoring_refuses_unknown_keys_but_keeps_notes() -> None:
    raw = _raw(events=[], colour="red", _note="kept out of the record")
    with pytest.raises(AnchorErrors, match="unknown keys"):
        anchor_record(raw, TEXT, DIGEST)
    assert anchor_record(_raw(events=[], _note="ok"), TEXT, DIGEST)["layers"] == ["events"]


def test_validator_names_each_bad_value() -> None:
    record = anchor_record(_full_raw(), TEXT, DIGEST)
    record["events"][0]["type"] = "battles"  # air_drone_strike is not a battles sub-type
    record["events"][1]["fatalities"] = -1
    record["figures"][0]["role"] = "total"
    record["toponyms"][1]["resolution"]["lat"] = 123.0
    record["times"][0]["value"] = "yesterday"
    record["negatives"][0]["reason"] = "because"
    record["entities"] = [{"span": [0, 4], "type": "PLACE", "kb": None}]
    record["layers"].append("entities")
    problems = "\n".join(validate_record(record, TEXT, DIGEST))
    for expected in (
        "events[0]: type/sub_type 'battles'/'air_drone_strike' not in the taxonomy",
        "events[1]: fatalities -1 is not a count or null",
        "figures[0]: role 'total'",
        "toponyms[1]: bad coordinates 123.0",
        "times[0]: value 'yesterday' is not an ISO date",
        "negatives[0]: reason 'because'",
        "entities[0]: type 'PLACE'",
    ):
        assert expected in problems


def test_validator_checks_spans_against_the_text() -> None:
    record = anchor_record(_full_raw(), TEXT, DIGEST)
    record["events"][1] = dict(record["events"][0])  # the same event twice
    record["events"][0]["evidence"] = [0, 4]  # the trigger is outside it
    record["times"][0]["span"] = [len(TEXT) - 2, len(TEXT) + 5]
    problems = "\n".join(validate_record(record, TEXT, DIGEST))
    assert "duplicate event" in problems
    assert "lies outside its evidence" in problems
    assert "past the end of the text" in problems
    assert validate_record(record, TEXT, "0" * 12)[0].startswith("sha1")


def test_agreement_is_f1_per_layer() -> None:
    first = anchor_record(_full_raw(), TEXT, DIGEST)
    second = json.loads(json.dumps(first))
    assert all(s.f1 == 1.0 for s in agreement([(first, second)]).values() if s.gold)
    second["events"][1]["type"] = "battles"
    second["events"][1]["sub_type"] = "armed_clash"
    second["toponyms"][1]["resolution"]["lat"] = 37.5  # ~180 km north: no agreement
    second["figures"][0]["value"] = 8
    scores = agreement([(first, second)])
    assert scores["events"].correct == 1 and scores["events"].f1 == 0.5
    assert scores["toponyms"].correct == 2
    assert scores["tolls"].correct == 0 and scores["tolls"].gold == 1
    assert scores["negatives"].f1 == 1.0


# ---- the stored corpus ------------------------------------------------------------------


def test_selection_has_the_documented_shape() -> None:
    rows = read_selection(CORPUS / "selection.tsv")
    assert len(rows) == len({r.id for r in rows}) == 600
    shape = Counter((r.split, r.group) for r in rows)
    assert shape == {
        ("train", "conflict"): 300, ("train", "other"): 100, ("dev", "conflict"): 75,
        ("dev", "other"): 25, ("test", "conflict"): 75, ("test", "other"): 25,
    }  # fmt: skip
    assert len({r.source for r in rows}) == 5
    assert len({r.country for r in rows if r.group == "conflict"}) >= 12
    for split, size in (("train", 400), ("dev", 100), ("test", 100)):
        part = [r for r in rows if r.split == split]
        assert sum(r.double for r in part) >= max(10, size // 10)
    entity_layer = Counter(r.split for r in rows if r.entities)
    assert entity_layer == {"train": 200, "dev": 100, "test": 100}


def test_every_stored_record_is_valid() -> None:
    """The validator CI runs: schema and taxonomy always; texts when ../shared is here."""
    assert main(["gold", "validate", "--root", str(CORPUS), "--ant", "/nonexistent"]) == 0


def test_stored_records_hold_offsets_and_values_only() -> None:
    arabic = re.compile("[\u0600-\u06ff]")
    for path in sorted(CORPUS.glob("annotations/*/*.json")) + sorted(
        CORPUS.glob("agreement/*.json")
    ):
        assert not arabic.search(path.read_text(encoding="utf-8")), path


def test_stored_records_slice_back_to_the_articles(shared_data: Path) -> None:
    assert main(["gold", "validate", "--root", str(CORPUS), "--ant", str(shared_data / ANT)]) == 0


def test_test_split_errors_are_never_listed(shared_data: Path) -> None:
    corpus = AnnotatedCorpus(CORPUS)
    if not any(True for _ in corpus.records("test")):
        pytest.skip("no test-split records yet")
    code = main(
        ["eval", "events", "--split", "test", "--errors", "--corpus", str(shared_data / ANT)]
    )
    assert code == 2


def test_selection_is_reproducible_from_its_seed(shared_data: Path, tmp_path: Path) -> None:
    """`marsad gold select` draws the same 600 articles, splits and flags again."""
    root = tmp_path / "corpus"
    assert main(["gold", "select", "--root", str(root), "--ant", str(shared_data / ANT)]) == 0
    assert (root / "selection.tsv").read_text() == (CORPUS / "selection.tsv").read_text()


@pytest.mark.parametrize("split", ["dev", "test"])
@pytest.mark.parametrize("task", ["events", "entities", "places", "times", "figures"])
def test_todays_system_stays_above_its_corpus_floors(
    shared_data: Path, task: str, split: str
) -> None:
    """The baseline the learned models must beat, pinned in eval/baseline.json (one pipeline
    run per article, shared by the five scores)."""
    if not any(True for _ in AnnotatedCorpus(CORPUS).records(split)):
        pytest.skip(f"no {split} records yet")
    args = ["eval", task, "--split", split, "--corpus", str(shared_data / ANT)]
    assert main([*args, "--baseline", str(ROOT / "eval" / "baseline.json")]) == 0


def test_check_reports_every_bad_snippet_file_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    stranger = tmp_path / "stranger.json"
    stranger.write_text(json.dumps({"id": "not-selected", "events": []}), encoding="utf-8")
    code = main(["gold", "check", str(broken), str(stranger), "--root", str(CORPUS)])
    assert code == 1
    err = capsys.readouterr().err
    assert "broken.json: cannot read" in err
    assert "stranger.json" in err and "id is in the selection" in err
