"""Corpus readers: tiny hand-written files for each format, then the real corpora when present."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from marsad.errors import (
    ConfigError,
    EncodingError,
    InputNotFoundError,
    MalformedInputError,
)
from marsad.evaluation.conll import (
    ENTITY_TYPES,
    FANE_TABLE,
    FANE_TO_MARSAD,
    TaggedSentence,
    entity_counts,
    read_conll,
)

LRM, RLM, BOM = "\u200e", "\u200f", "\ufeff"


def _write(path: Path, text: str, *, gz: bool = False) -> Path:
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


# --- ANERcorp --------------------------------------------------------------------------------


def test_anercorp_maps_pers_and_splits_sentences(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "a.txt",
        "غيث B-PERS\nالطراونة I-PERS\nفي O\nعمان B-LOC\n\nالأمم B-ORG\nالمتحدة I-ORG\n",
    )
    assert read_conll(path, "anercorp") == [
        TaggedSentence(("غيث", "الطراونة", "في", "عمان"), ("B-PER", "I-PER", "O", "B-LOC")),
        TaggedSentence(("الأمم", "المتحدة"), ("B-ORG", "I-ORG")),
    ]


def test_anercorp_repairs_invalid_iob(tmp_path: Path) -> None:
    # I- after O, and I- after another type, both open a chunk; MISC passes through.
    path = _write(tmp_path / "a.txt", "a O\nb I-LOC\nc I-PERS\nd I-PERS\ne B-MISC\nf I-MISC")
    [sentence] = read_conll(path, "anercorp")
    assert sentence.labels == ("O", "B-LOC", "B-PER", "I-PER", "B-MISC", "I-MISC")


def test_extra_blank_lines_crlf_and_no_final_newline(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "\r\n\r\na O\r\nb B-LOC\r\n\r\n\r\nc O")
    sentences = read_conll(path, "anercorp")
    assert [s.tokens for s in sentences] == [("a", "b"), ("c",)]


def test_bom_and_bidi_marks_are_stripped(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", f"{BOM}{LRM}عمان B-LOC\n{RLM}في{LRM} O\n")
    [sentence] = read_conll(path, "anercorp")
    assert sentence.tokens == ("عمان", "في")


def test_gzip_is_read_whatever_the_name(tmp_path: Path) -> None:
    text = "عمان B-LOC\n"
    for name in ("a.txt.gz", "a.txt"):
        path = _write(tmp_path / name, text, gz=True)
        assert read_conll(path, "anercorp") == [TaggedSentence(("عمان",), ("B-LOC",))]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a O\nb B-LOC extra\n", 2, "field"),
        ("a O\n\nb\n", 3, "field"),
        ("a O\nb B-PERSON\n", 2, "unknown label 'B-PERSON'"),
        ("a O\nb LOC\n", 2, "unknown label"),
        (f"a O\n{LRM} O\n", 2, "empty token"),
    ],
)
def test_malformed_line_names_file_and_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = _write(tmp_path / "bad.txt", text)
    with pytest.raises(MalformedInputError, match=fragment) as info:
        read_conll(path, "anercorp")
    assert info.value.source == f"{path}:{line}"
    assert f"{path}:{line}" in str(info.value) and "[M007]" in str(info.value)


def test_missing_file_not_utf8_bad_gzip_and_bad_format(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError):
        read_conll(tmp_path / "nope.txt", "anercorp")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"a O\n" + "é B-LOC\n".encode("latin-1"))
    with pytest.raises(EncodingError) as info:
        read_conll(latin, "anercorp")
    assert info.value.source == f"{latin}:2"
    broken = tmp_path / "broken.gz"
    broken.write_bytes(gzip.compress(b"a O\n" * 1000)[:40])
    with pytest.raises(MalformedInputError, match="gzip"):
        read_conll(broken, "anercorp")
    with pytest.raises(ConfigError):
        read_conll(latin, "conll2003")  # type: ignore[arg-type]


# --- Wojood ----------------------------------------------------------------------------------

WOJOOD = """\
مقابلة O
مع O
أحمد B-PERS
حسن I-PERS
في O
قرية B-GPE
المجدل I-GPE
. O
$#$ O

جامعة I-ORG B-ORG
بيرزيت I-ORG I-ORG B-GPE
المندوب B-OCC
الدائم I-OCC
للمغرب I-OCC B-GPE
في O
جبل B-LOC
$#$ O
$#$ O
الشيخ I-LOC
عام B-DATE
1948 I-DATE
دولار B-CURR
$#$ O
"""


def test_wojood_outermost_mapped_level_and_dropped_markers(tmp_path: Path) -> None:
    first, second = read_conll(_write(tmp_path / "w.txt", WOJOOD), "wojood")
    assert first.tokens[-1] == "."  # the trailing $#$ is gone
    assert first.labels == ("O", "O", "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O")
    assert "$#$" not in second.tokens
    assert second.labels == (
        # جامعة بيرزيت: the ORG level wins over the GPE nested inside it; the outermost I-ORG
        # opens the sentence, so it is repaired to B-ORG.
        "B-ORG",
        "I-ORG",
        # OCC is not kept, so the GPE inside it surfaces.
        "O",
        "O",
        "B-LOC",
        "O",
        # LOC split by segment markers is one LOC once they are dropped.
        "B-LOC",
        "I-LOC",
        # DATE and CURR are not kept.
        "O",
        "O",
        "O",
    )


def test_wojood_sentence_of_only_markers_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path / "w.txt", "$#$ O\n\nنابلس B-GPE\n")
    assert read_conll(path, "wojood") == [TaggedSentence(("نابلس",), ("B-LOC",))]


def test_wojood_rejects_unknown_types_and_bare_tokens(tmp_path: Path) -> None:
    with pytest.raises(MalformedInputError, match="B-CITY"):
        read_conll(_write(tmp_path / "w.txt", "نابلس B-GPE B-CITY\n"), "wojood")
    with pytest.raises(MalformedInputError, match="field"):
        read_conll(_write(tmp_path / "w.txt", "نابلس\n"), "wojood")


# --- FANE ------------------------------------------------------------------------------------


def test_fane_bom_lrm_tab_separators_and_mapping(tmp_path: Path) -> None:
    lines = [
        f"{BOM}{LRM}فرانكفورت\tB-Population-Center",
        "(\tO",
        f"{LRM}د\tB-Media",
        f"{LRM}ب\tI-Media",
        ")\tO",
        "\t",
        f"{LRM}العرب\tB-Group",
        f"{LRM}في\tO",
        f"{LRM}مطار\tB-Airport",
        f"{LRM}دبي\tI-Airport",
        f"{LRM}المانيا\tB-Nation",
        f"{LRM}برلين\tI-Population-Center",
        f"{LRM}اف\tI-Air",
        "\t",
    ]
    path = _write(tmp_path / "f.txt.gz", "\r\n".join(lines) + "\r\n", gz=True)
    first, second = read_conll(path, "fane")
    assert first == TaggedSentence(
        ("فرانكفورت", "(", "د", "ب", ")"), ("B-LOC", "O", "B-ORG", "I-ORG", "O")
    )
    assert second.tokens[0] == "العرب"
    assert second.labels == (
        "B-MISC",  # Group: demonyms, not person names
        "O",
        "B-LOC",  # FAC folds into LOC
        "I-LOC",
        "B-LOC",
        "B-LOC",  # I-Population-Center after Nation: a second LOC, not a longer one
        "B-MISC",  # I- without B- opens a chunk
    )


def test_fane_needs_tabs(tmp_path: Path) -> None:
    with pytest.raises(MalformedInputError, match="token<TAB>label") as info:
        read_conll(_write(tmp_path / "f.txt", "\u200eعمان B-Nation\n"), "fane")
    assert info.value.source == f"{tmp_path / 'f.txt'}:1"


def test_fane_table_is_complete_and_consistent() -> None:
    fines = [fine for fine, _, _ in FANE_TABLE]
    assert len(fines) == len(set(fines)) == 51
    assert set(FANE_TO_MARSAD.values()) == set(ENTITY_TYPES)
    families = {family for _, family, _ in FANE_TABLE}
    assert families == {"PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA", "PRO"}


def test_tagged_sentence_checks_lengths() -> None:
    with pytest.raises(ValueError):
        TaggedSentence(("a",), ())


# --- the real corpora ------------------------------------------------------------------------

# (format, file, sentences, tokens, entities per type after mapping and IOB repair)
REAL = [
    (
        "anercorp",
        "anercorp-camellab/ANERCorp_CamelLab_train.txt",
        3973,
        125_102,
        {"LOC": 3779, "MISC": 900, "ORG": 1586, "PER": 2735},
    ),
    (
        "anercorp",
        "anercorp-camellab/ANERCorp_CamelLab_test.txt",
        925,
        25_008,
        {"LOC": 676, "MISC": 243, "ORG": 459, "PER": 907},
    ),
    (
        "wojood",
        "wojood-sample/test.txt",
        357,
        5_344 - 117,  # SOURCE.md's count includes the 117 $#$ markers
        {"LOC": 144, "ORG": 191, "PER": 73},
    ),
    (
        "fane",
        "fane-gold-2014/WikiFANE_Gold_2014_500K.txt.gz",
        15_763,
        489_561,
        {"LOC": 17578, "MISC": 5776, "ORG": 4314, "PER": 8927},
    ),
    (
        "fane",
        "fane-gold-2014/NewsFANE_Gold_2014_170K.txt.gz",
        4_760,
        168_080,
        {"LOC": 4568, "MISC": 974, "ORG": 2358, "PER": 3523},
    ),
]


@pytest.mark.shared
@pytest.mark.parametrize(("fmt", "name", "n_sentences", "n_tokens", "entities"), REAL)
def test_real_corpus_counts(
    shared_data: Path,
    fmt: str,
    name: str,
    n_sentences: int,
    n_tokens: int,
    entities: dict[str, int],
) -> None:
    path = shared_data / name
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    sentences = read_conll(path, fmt)  # type: ignore[arg-type]
    assert len(sentences) == n_sentences
    assert sum(len(s.tokens) for s in sentences) == n_tokens
    assert entity_counts(sentences) == entities
    marks = (LRM, RLM, BOM)
    assert not any(m in token for s in sentences for token in s.tokens for m in marks)
    assert "$#$" not in {token for s in sentences for token in s.tokens}
    # Every label is clean IOB2 over marsad's types.
    allowed = {"O"} | {f"{p}-{t}" for p in "BI" for t in ENTITY_TYPES}
    for s in sentences:
        assert set(s.labels) <= allowed
        assert all(
            not label.startswith("I-") or prev[2:] == label[2:]
            for prev, label in zip(("O", *s.labels), s.labels, strict=False)
        )
