"""The word lists under marsad/resources: every declared file loads clean, and the loader
rejects duplicates, unknown types and un-normalized entries, naming the file and line."""

from __future__ import annotations

from importlib import resources

import pytest

from marsad.arabic.wordlists import (
    WordList,
    WordListSpec,
    load_wordlist,
    unclean_reason,
    wordlist_names,
)
from marsad.errors import ResourceError

SPEC = WordListSpec(columns=("word", "type"), values={"type": frozenset({"speech", "claim"})})


def parse(*rows: str, spec: WordListSpec = SPEC) -> WordList:
    return WordList.parse("test.tsv", ["# a comment", "word\ttype", *rows], spec)


@pytest.mark.parametrize("name", wordlist_names())
def test_every_declared_word_list_loads_clean(name: str) -> None:
    words = load_wordlist(name)
    assert words.rows, f"{name} is empty"


def test_the_manifest_declares_every_tsv_word_list_it_should() -> None:
    assert "quotes/same.tsv" in wordlist_names()
    # The event and actor word lists; actors.tsv and nationalities.tsv are tables with their
    # own parser (extract/actors/kb.py).
    events = resources.files("marsad.resources").joinpath("events")
    tsv = {f"events/{f.name}" for f in events.iterdir() if f.name.endswith(".tsv")}
    tables = {"events/actors.tsv", "events/nationalities.tsv"}
    assert tsv - tables <= set(wordlist_names())
    assert len(tsv - tables) == 16


def test_rows_select_and_normalize() -> None:
    words = parse("قال\tspeech", "أكد\tspeech", "بحسب\tclaim")
    assert words.words(type="speech") == ("قال", "أكد")
    assert words.normalized(type="claim") == frozenset({"بحسب"})
    assert words.normalized() == frozenset({"قال", "اكد", "بحسب"})
    assert words.mapping("type") == {"قال": "speech", "أكد": "speech", "بحسب": "claim"}


def test_a_duplicate_after_normalization_is_refused_with_both_lines() -> None:
    with pytest.raises(ResourceError, match=r"M033.*test.tsv line 4.*duplicate of line 3"):
        parse("أكد\tspeech", "اكد\tclaim")


def test_the_unique_columns_can_allow_one_word_under_two_types() -> None:
    spec = WordListSpec(SPEC.columns, SPEC.values, unique=("word", "type"))
    assert len(parse("قال\tspeech", "قال\tclaim", spec=spec).rows) == 2
    with pytest.raises(ResourceError, match="duplicate"):
        parse("قال\tspeech", "قال\tspeech", spec=spec)


def test_an_unknown_type_is_refused() -> None:
    with pytest.raises(ResourceError, match=r"line 3.*unknown type 'speach'"):
        parse("قال\tspeach")


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("قالَ", "harakat"),
        ("قـال", "tatweel"),
        (" قال", "spaces around"),
        ("قال  إن", "doubled"),
        ("قال\u200f", "invisible"),
        ("\ufefb", "presentation form"),
        ("١٢", "Arabic-Indic"),
        ("", "empty"),
    ],
)
def test_unclean_entries_are_refused(entry: str, reason: str) -> None:
    assert reason in (unclean_reason(entry) or "")
    with pytest.raises(ResourceError, match="line 3"):
        parse(f"{entry}\tspeech")


def test_a_wrong_header_or_column_count_is_refused() -> None:
    with pytest.raises(ResourceError, match="header"):
        WordList.parse("t.tsv", ["entry\ttype"], SPEC)
    with pytest.raises(ResourceError, match="1 columns, not 2"):
        parse("قال")
    with pytest.raises(ResourceError, match="no header"):
        WordList.parse("t.tsv", ["# only comments"], SPEC)


def test_an_undeclared_list_is_an_error() -> None:
    with pytest.raises(ResourceError, match="not declared"):
        load_wordlist("quotes/nothing.tsv")


def test_a_numeric_column_takes_decimal_numbers_only() -> None:
    spec = WordListSpec(("word", "weight"), numeric=("weight",))
    words = WordList.parse("t.tsv", ["word\tweight", "قصف\t0.8", "غارة\t1"], spec)
    assert [float(r["weight"]) for r in words.rows] == [0.8, 1.0]
    for bad in ("high", "", "nan", "inf", " 0.8"):
        with pytest.raises(ResourceError, match=r"t.tsv line 2.*not a decimal number"):
            WordList.parse("t.tsv", ["word\tweight", f"قصف\t{bad}"], spec)


def test_the_export_outlets_table_is_declared_and_refuses_a_malformed_row() -> None:
    assert "export/outlets.tsv" in wordlist_names()
    spec = load_wordlist("export/outlets.tsv").spec
    header = "source\tname\tscale"
    with pytest.raises(ResourceError, match=r"outlets.tsv line 2.*unknown scale 'Global'"):
        WordList.parse("outlets.tsv", [header, "bbc\tBBC News Arabic\tGlobal"], spec)
    with pytest.raises(ResourceError, match=r"line 3.*duplicate of line 2"):
        WordList.parse("outlets.tsv", [header, *["cnn\tCNN\tInternational"] * 2], spec)
    with pytest.raises(ResourceError, match="2 columns, not 3"):
        WordList.parse("outlets.tsv", [header, "cnn\tCNN"], spec)
