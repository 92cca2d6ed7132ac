"""Chunk metrics against hand-made label sequences and a line-by-line port of conlleval.pl."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.evaluation.metrics import Report, Scores, score, score_spans, spans

# --- spans -----------------------------------------------------------------------------------


def test_spans_of_clean_iob2() -> None:
    labels = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "O", "B-ORG"]
    assert spans(labels) == [("PER", 0, 2), ("LOC", 3, 4), ("LOC", 4, 6), ("ORG", 7, 8)]


def test_spans_i_after_o_or_other_type_opens_a_chunk() -> None:
    assert spans(["I-PER", "I-PER"]) == [("PER", 0, 2)]
    assert spans(["O", "I-LOC", "O"]) == [("LOC", 1, 2)]
    assert spans(["B-PER", "I-LOC", "I-LOC"]) == [("PER", 0, 1), ("LOC", 1, 3)]


def test_spans_types_may_contain_hyphens() -> None:
    assert spans(["B-Population-Center", "I-Population-Center"]) == [("Population-Center", 0, 2)]


def test_spans_empty_and_all_outside() -> None:
    assert spans([]) == []
    assert spans(["O", "O"]) == []


@pytest.mark.parametrize("bad", ["PER", "B-", "E-PER", "S-PER", "o", ""])
def test_spans_rejects_labels_outside_iob(bad: str) -> None:
    with pytest.raises(ValueError, match="not an IOB label"):
        spans(["O", bad])


# --- score -----------------------------------------------------------------------------------


def test_exact_match_scores_one() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["O", "B-ORG"]]
    report = score(gold, gold)
    assert (report.micro.gold, report.micro.predicted, report.micro.correct) == (3, 3, 3)
    assert report.micro.precision == report.micro.recall == report.micro.f1 == 1.0
    assert report.accuracy == 1.0
    assert list(report.by_type) == ["LOC", "ORG", "PER"]


def test_boundary_error_is_one_false_positive_and_one_false_negative() -> None:
    report = score([["B-PER", "I-PER", "I-PER"]], [["B-PER", "I-PER", "O"]])
    m = report.micro
    assert (m.tp, m.fp, m.fn) == (0, 1, 1)
    assert m.f1 == 0.0
    assert report.token_correct == 2


def test_type_error_counts_against_both_types() -> None:
    report = score([["B-PER", "O", "B-LOC"]], [["B-ORG", "O", "B-LOC"]])
    assert report.by_type["PER"] == Scores(gold=1, predicted=0, correct=0)
    assert report.by_type["ORG"] == Scores(gold=0, predicted=1, correct=0)
    assert report.by_type["LOC"] == Scores(gold=1, predicted=1, correct=1)
    assert report.micro == Scores(gold=2, predicted=2, correct=1)
    assert report.micro.precision == report.micro.recall == report.micro.f1 == 0.5


def test_i_after_o_in_prediction_matches_a_gold_b() -> None:
    # conlleval reads the stray I-LOC as a LOC chunk starting there, so it is correct.
    report = score([["O", "B-LOC", "I-LOC"]], [["O", "I-LOC", "I-LOC"]])
    assert report.micro == Scores(gold=1, predicted=1, correct=1)
    assert report.accuracy == pytest.approx(2 / 3)


def test_chunks_never_cross_sentences() -> None:
    report = score([["B-PER"], ["I-PER"]], [["B-PER"], ["B-PER"]])
    assert report.micro == Scores(gold=2, predicted=2, correct=2)


def test_empty_input_scores_zero_like_conlleval() -> None:
    for gold, pred in (([], []), ([[]], [[]]), ([["O"]], [["O"]])):
        report = score(gold, pred)
        assert report.micro == Scores(0, 0, 0)
        assert (report.micro.precision, report.micro.recall, report.micro.f1) == (0.0, 0.0, 0.0)
        assert report.by_type == {}
    assert score([], []).accuracy == 0.0


def test_precision_recall_f1_arithmetic() -> None:
    s = Scores(gold=4, predicted=2, correct=2)
    assert (s.precision, s.recall) == (1.0, 0.5)
    assert s.f1 == pytest.approx(2 / 3)
    assert (s.tp, s.fp, s.fn) == (2, 0, 2)


def test_types_restricts_both_sides_and_lists_absent_types() -> None:
    gold = [["B-PER", "O", "B-LOC"]]
    pred = [["B-PER", "B-MISC", "B-LOC"]]
    report = score(gold, pred, types=["PER", "ORG", "LOC"])
    assert report.micro == Scores(gold=2, predicted=2, correct=2)
    assert list(report.by_type) == ["LOC", "ORG", "PER"]
    assert report.by_type["ORG"] == Scores(0, 0, 0)
    assert report.token_correct == 2  # accuracy looks at raw labels, MISC included


@pytest.mark.parametrize(
    ("gold", "pred"),
    [([["O"]], []), ([["O", "O"]], [["O"]])],
)
def test_mismatched_lengths_raise(gold: list[list[str]], pred: list[list[str]]) -> None:
    with pytest.raises(ValueError):
        score(gold, pred)


def test_report_to_dict_and_flat() -> None:
    report = score([["B-PER", "O"]], [["B-PER", "B-LOC"]])
    d = report.to_dict()
    assert d["micro"] == {
        "gold": 1,
        "predicted": 2,
        "correct": 1,
        "tp": 1,
        "fp": 1,
        "fn": 0,
        "precision": 0.5,
        "recall": 1.0,
        "f1": pytest.approx(2 / 3),
    }
    assert d["tokens"] == 2 and d["accuracy"] == 0.5
    by_type = d["by_type"]
    assert isinstance(by_type, dict) and set(by_type) == {"LOC", "PER"}
    flat = report.flat("ner.t")
    assert flat["ner.t.micro_f1"] == pytest.approx(2 / 3)
    assert flat["ner.t.PER_f1"] == 1.0 and flat["ner.t.LOC_precision"] == 0.0
    assert report.macro_f1 == 0.5


# --- score_spans -----------------------------------------------------------------------------


def test_score_spans_on_character_spans() -> None:
    gold = [{("DATE", 0, 10), ("NUM", 15, 17)}, set()]
    pred: list[set[tuple[str, int, int]]] = [{("DATE", 0, 10), ("NUM", 15, 18)}, {("NUM", 1, 2)}]
    report = score_spans(gold, pred)
    assert report.by_type["DATE"] == Scores(1, 1, 1)
    assert report.by_type["NUM"] == Scores(gold=1, predicted=2, correct=0)
    assert report.accuracy is None and report.tokens is None


def test_score_spans_accepts_lists_and_counts_duplicates_once() -> None:
    report = score_spans([[("X", 0, 1), ("X", 0, 1)]], [[("X", 0, 1)]])
    assert report.micro == Scores(1, 1, 1)


def test_score_spans_length_mismatch_raises() -> None:
    with pytest.raises(ValueError, match="differ in number"):
        score_spans([set()], [])


def test_score_spans_nothing() -> None:
    assert score_spans([], []) == Report(micro=Scores(0, 0, 0), by_type={})


# --- agreement with conlleval.pl -------------------------------------------------------------


def _split_tag(tag: str) -> tuple[str, str]:
    prefix, sep, kind = tag.partition("-")
    return (prefix, kind) if sep else (tag, "")


def _end_of_chunk(prev_tag: str, tag: str, prev_type: str, kind: str) -> bool:
    return (prev_tag, tag) in {("B", "B"), ("B", "O"), ("I", "B"), ("I", "O")} or (
        prev_tag != "O" and prev_type != kind
    )


def _start_of_chunk(prev_tag: str, tag: str, prev_type: str, kind: str) -> bool:
    return (prev_tag, tag) in {("B", "B"), ("I", "B"), ("O", "B"), ("O", "I")} or (
        tag != "O" and prev_type != kind
    )


def _conlleval(gold: list[list[str]], pred: list[list[str]]) -> tuple[int, int, int]:
    """conlleval.pl's streaming counts (IOB tags only): found gold, found guessed, correct."""
    found_correct = found_guessed = correct_chunks = 0
    in_correct = False
    last_c, last_ct, last_g, last_gt = "O", "", "O", ""
    lines: list[tuple[str, str]] = []
    for g_sent, p_sent in zip(gold, pred, strict=True):
        lines.extend(zip(g_sent, p_sent, strict=True))
        lines.append(("O", "O"))  # the blank line between sentences reads as O/O
    for g_label, p_label in lines:
        c, ct = _split_tag(g_label)
        g, gt = _split_tag(p_label)
        if in_correct:
            end_c = _end_of_chunk(last_c, c, last_ct, ct)
            end_g = _end_of_chunk(last_g, g, last_gt, gt)
            if end_c and end_g and last_gt == last_ct:
                in_correct = False
                correct_chunks += 1
            elif end_c != end_g or gt != ct:
                in_correct = False
        start_c = _start_of_chunk(last_c, c, last_ct, ct)
        start_g = _start_of_chunk(last_g, g, last_gt, gt)
        if start_c and start_g and gt == ct:
            in_correct = True
        found_correct += start_c
        found_guessed += start_g
        last_c, last_ct, last_g, last_gt = c, ct, g, gt
    if in_correct:
        correct_chunks += 1
    return found_correct, found_guessed, correct_chunks


_LABELS = st.sampled_from(["O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC"])


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]]]:
    lengths = draw(st.lists(st.integers(0, 8), max_size=4))
    gold = [draw(st.lists(_LABELS, min_size=n, max_size=n)) for n in lengths]
    pred = [draw(st.lists(_LABELS, min_size=n, max_size=n)) for n in lengths]
    return gold, pred


@given(_pairs())
def test_counts_agree_with_conlleval(pair: tuple[list[list[str]], list[list[str]]]) -> None:
    gold, pred = pair
    m = score(gold, pred).micro
    assert (m.gold, m.predicted, m.correct) == _conlleval(gold, pred)


# --- the corpus's entity layer ----------------------------------------------------------------


def test_corpus_entity_scores_leave_generic_mentions_out() -> None:
    """An event's «الجيش» is an entity the facts need, not a named entity: the corpus
    guidelines do not tag it, and the entity scores do not count it."""
    from marsad.doc import Document, Entity
    from marsad.evaluation.annotation.evaluate import CorpusDoc, score_corpus_entities
    from marsad.evaluation.annotation.select import Selected

    text = "قصف الجيش مواقع حركة حماس"
    army, hamas = text.index("الجيش"), text.index("حركة حماس")
    row = Selected("a1", "dev", "conflict", "c", "s", "PS", "Levant", True, False, len(text), "x")
    record = {"layers": ["entities"], "entities": [{"span": [hamas, len(text)], "type": "ORG"}]}

    def tagged(generic: bool) -> Document:
        return Document.from_text(text).with_(
            entities=(
                Entity("e1", "ORG", army, army + 5, "الجيش", generic=generic),
                Entity("e2", "ORG", hamas, len(text), "حركة حماس"),
            )
        )

    def named(d: Document) -> Document:
        return tagged(False)

    def generic(d: Document) -> Document:
        return tagged(True)

    def org(nlp: Callable[[Document], Document]) -> tuple[int, int, int]:
        docs = [CorpusDoc(row, record, text, None)]
        s = score_corpus_entities(docs, nlp).scores("ORG")  # type: ignore[arg-type]
        return s.gold, s.predicted, s.correct

    assert org(named) == (1, 2, 1)  # a named ORG that gold lacks: a false one
    assert org(generic) == (1, 1, 1)
