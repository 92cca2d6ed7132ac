"""Decoding and reading inputs: encodings, bad input, JSON/JSONL records, directories."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from marsad.errors import (
    BinaryInputError,
    ConfigError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputNotFoundError,
    InputTooLargeError,
    MalformedInputError,
)
from marsad.inputs import read_inputs
from marsad.inputs.reading import (
    decode_bytes,
    detect_lang,
    document_from_record,
    parse_published,
    validate_published,
)

ARABIC = "أعلنت وزارة الصحة في صنعاء ارتفاع عدد الإصابات إلى 120 حالة خلال الأسبوع الماضي."


@pytest.mark.parametrize(
    "data",
    [
        ARABIC.encode("utf-8"),
        b"\xef\xbb\xbf" + ARABIC.encode("utf-8"),
        ARABIC.encode("utf-16"),  # with a BOM
        ARABIC.encode("utf-16-le"),  # no BOM: the spaces leave NULs in odd bytes
        ARABIC.encode("utf-16-be"),
        ARABIC.encode("cp1256"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1256"],
)
def test_arabic_decodes_from_common_encodings(data: bytes) -> None:
    assert decode_bytes(data, "in.txt") == ARABIC


def test_latin1_french_is_not_mistaken_for_cp1256() -> None:
    # charset-normalizer needs a sentence or two to tell cp1252 from cp1250.
    text = (
        "Le ministère a annoncé une réunion à Genève la semaine prochaine. Les délégués "
        "étrangers arriveront mercredi après-midi, selon le communiqué publié à Paris."
    )
    assert decode_bytes(text.encode("latin-1"), "fr.txt") == text


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_input_is_named(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match=r"M003.*empty\.txt"):
        decode_bytes(data, "empty.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        bytes(range(256)) * 40,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 50 + b"\x01\x02\x03" * 100,
    ],
    ids=["png", "all-bytes", "elf"],
)
def test_binary_input_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match=r"M004.*blob\.bin"):
        decode_bytes(data, "blob.bin")


def test_bad_bytes_after_a_bom_give_an_encoding_error() -> None:
    with pytest.raises(EncodingError, match=r"M005.*odd\.txt"):
        decode_bytes(b"\xef\xbb\xbf" + "قصف".encode() + b"\xff\xfe\x80", "odd.txt")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-06-14", "2017-06-14"),
        ("2017-06-14T08:30:00Z", "2017-06-14"),
        ("Thu, 11 Oct 2012 04:04:00 +0400", "2012-10-11"),
        ("", None),
        (None, None),
        ("الأسبوع الماضي", None),
    ],
)
def test_parse_published(value: str | None, expected: str | None) -> None:
    assert parse_published(value) == expected


def test_validate_published() -> None:
    assert validate_published("2020-02-29") == "2020-02-29"
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        validate_published("2021-02-30")


def test_record_fields_map_onto_meta_and_extras_are_kept() -> None:
    record = {
        "text": ARABIC,
        "title": "عنوان",
        "url": "http://x",
        "published": "2018-03-01",
        "source": "وكالة",
        "author": "صنعاء - وكالة",
        "categories": ["health"],
    }
    doc = document_from_record(record, "r")
    assert (doc.meta.title, doc.meta.url, doc.meta.published) == ("عنوان", "http://x", "2018-03-01")
    assert doc.meta.extra == {"author": "صنعاء - وكالة", "categories": ["health"]}
    assert doc.meta.lang == "ar"
    assert document_from_record(record, "r", published="2019-01-01").meta.published == "2019-01-01"


@pytest.mark.parametrize(
    ("record", "error"),
    [
        ({"title": "بلا نص"}, MalformedInputError),
        ({"text": 42}, MalformedInputError),
        (["text"], MalformedInputError),
        ({"text": " ... "}, EmptyInputError),
    ],
)
def test_bad_records_are_named(record: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="rec:3"):
        document_from_record(record, "rec:3")


def test_detect_lang() -> None:
    assert detect_lang(ARABIC) == "ar"
    assert detect_lang("The army said on Monday that 12 people were hurt.") == "und"


def test_jsonl_keeps_going_past_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": ARABIC, "published": "2018-05-02"}, ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "وصل الوفد إلى عمّان."}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    results = list(read_inputs([str(path)], max_bytes=10_000))
    assert [r.name.rsplit(":", 1)[1] for r in results] == ["1", "2", "4", "5"]
    assert [r.document is not None for r in results] == [True, False, False, True]
    assert isinstance(results[1].error, MalformedInputError)
    assert f"{path}:2" in str(results[1].error)


def test_directories_missing_files_and_size_limit(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_text(json.dumps({"text": ARABIC}), encoding="utf-8")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    (tmp_path / "big.txt").write_text(ARABIC * 100, encoding="utf-8")
    results = list(read_inputs([str(tmp_path), str(tmp_path / "nope.txt")], max_bytes=5_000))
    names = [Path(r.name).name for r in results]
    assert names == ["a.txt", "big.txt", "b.json", "nope.txt"]
    assert isinstance(results[1].error, InputTooLargeError)
    assert isinstance(results[3].error, InputNotFoundError)
    assert results[0].document is not None and results[2].document is not None


def test_stdin_is_sniffed_as_text_json_or_jsonl() -> None:
    def from_stdin(data: str) -> list[str | None]:
        stream = io.BytesIO(data.encode("utf-8"))
        return [
            r.document.text if r.document else None
            for r in read_inputs(["-"], max_bytes=10_000, stdin=stream)
        ]

    assert from_stdin(ARABIC) == [ARABIC]
    assert from_stdin(json.dumps({"text": ARABIC})) == [ARABIC]
    assert from_stdin(json.dumps({"text": "أ ب"}) + "\n" + json.dumps({"text": ARABIC})) == [
        "أ ب",
        ARABIC,
    ]


def test_a_jsonl_record_with_a_line_separator_inside_stays_whole() -> None:
    """JSON allows U+2028, U+2029 and U+0085 unescaped in a string (a real ANT article has
    one); JSON Lines records end at \n only, with or without \r."""
    texts = ["أ\u2028ب", "ج\u2029د\u0085هـ", ARABIC]
    data = "\r\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts) + "\n"
    stream = io.BytesIO(data.encode("utf-8"))
    loaded = list(read_inputs(["-"], max_bytes=10_000, stdin=stream))
    assert [r.document.text if r.document else r.error for r in loaded] == texts


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2_000))
def test_any_bytes_decode_or_fail_with_a_named_input_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "fuzz.bin")
    except InputError as exc:
        assert "fuzz.bin" in str(exc) and exc.code.startswith("M")
    else:
        assert isinstance(text, str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_text_in_a_unicode_encoding_reads_back_exactly(text: str, codec: str) -> None:
    # Surrogates cannot be encoded; text with no letters or digits is "empty" by design.
    assume(not any("\ud800" <= ch <= "\udfff" for ch in text) and text.strip())
    assume(not text.startswith("\ufeff"))  # a leading BOM is read as a byte-order mark
    # UTF-8 bytes with NULs are genuinely ambiguous with UTF-16 (b"0\x00" is "0" in UTF-16-LE);
    # real text has no NULs.
    assume("\x00" not in text)
    try:
        decoded = decode_bytes(text.encode(codec), "t.txt")
    except (BinaryInputError, EmptyInputError):
        return  # control characters or NUL-heavy text can look binary; never a wrong text
    assert decoded == text
