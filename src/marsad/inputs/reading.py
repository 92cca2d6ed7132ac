"""Inputs' bytes and records into Documents: decoding, JSON/JSONL records, dates, language.

Which inputs there are (files, directories, stdin, URLs) and what kind each holds is
:mod:`marsad.inputs.sources`' job; this module turns their bytes and records into Documents.

Bytes are decoded with encoding detection (UTF-8, UTF-16 with or without a BOM, cp1256, which
is common in Arabic news archives, then charset-normalizer for the rest). Every problem becomes
a named InputError carried in the result, so one bad input never stops a batch.

What can be repaired is repaired here, once, with a warning carried in ``Loaded.warnings``
(the CLI prints it with the record's name; ``ingest`` lists it in its report): a few invalid
bytes in UTF-8 (U+FFFD), lone surrogates (U+FFFD) and NULs (removed) in any string of a
record, a ``published`` that is not a date and metadata that is not a string (both left out
of ``Meta`` and kept in ``meta.extra`` as ``<field>_raw``). JSON nested deeper than
:data:`MAX_JSON_DEPTH` is refused (M007) before it is parsed.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal

from marsad.doc import Document, Meta
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

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
_ANY_LETTER = re.compile(r"[^\W\d_]")
_CONTROL = re.compile(rb"[\x00-\x08\x0B\x0E-\x1A\x1C-\x1F\x7F]")
# Fields of a JSON record that map onto Meta; the rest is kept in Meta.extra.
_META_FIELDS = ("title", "source", "url", "published")
# A lone surrogate (JSON allows "\ud800" escapes; UTF-8 cannot encode them, so neither can the
# store nor the output) or a NUL (PostgreSQL refuses it in text): nothing a reader wants.
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# How deep a JSON input may nest. News records nest a few levels; 100 is far below the
# interpreter's recursion limit (1,000), so a record that passes can be parsed, walked and
# serialized again (json.dumps into the store or the output) at any depth of the call stack.
MAX_JSON_DEPTH = 100
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")

# Publication years marsad takes for a date: older or later ones are typos or placeholders
# (0001-01-01), and dates near the ends of Python's calendar overflow when "yesterday" or
# "last Sunday" is resolved against them.
_YEARS = range(1800, 2200)


@dataclass(frozen=True, slots=True)
class Loaded:
    """One input: a Document ready for the pipeline, or the error that stopped it."""

    name: str
    document: Document | None = None
    error: InputError | None = None
    warnings: tuple[str, ...] = ()

    def warned(self, warnings: tuple[str, ...]) -> Loaded:
        """This result with ``warnings`` before its own."""
        if not warnings:
            return self
        return dataclasses.replace(self, warnings=(*warnings, *self.warnings))


# How much of a text arabic_ratio reads: enough to tell the script (about 180 words), and
# cheap on every document (a full scan was a tenth of analysis time).
SCRIPT_SAMPLE_CHARS = 1_000


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic script in the first 1,000 characters (0.0: none)."""
    sample = text[:SCRIPT_SAMPLE_CHARS]
    letters = len(_ANY_LETTER.findall(sample))
    return len(_ARABIC_LETTER.findall(sample)) / letters if letters else 0.0


def detect_lang(text: str) -> str:
    """``ar`` when Arabic letters dominate, else ``und`` (undetermined, BCP 47)."""
    return "ar" if arabic_ratio(text) >= 0.5 else "und"


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII spaces and punctuation leave NULs in every other byte."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2 or 1
    if odd / half > 0.2 and even == 0:
        return "utf-16-le"
    if even / half > 0.2 and odd == 0:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, source: str) -> str:
    """Decode an input's bytes to text, or raise an InputError naming ``source``
    (:func:`decode_text` without its warnings).

    >>> decode_bytes("قصف".encode("cp1256"), "old.txt")
    'قصف'
    """
    return decode_text(data, source)[0]


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few invalid byte sequences: the text with U+FFFD in their place and how
    many there were; None when the bytes are not mostly UTF-8.

    Mostly UTF-8 means at most 1% of the characters are replacements (at least one is
    allowed, for a short JSONL line) and the valid non-ASCII characters outnumber them.
    The second condition keeps cp1256 Arabic (nearly every letter byte is invalid UTF-8)
    and Latin-1 (no valid multi-byte sequence at all) on their own paths.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if bad <= max(1, len(text) // 100) and non_ascii - bad > bad:
        return text, bad
    return None


# Single-byte code pages, by Python's codec name: they decode any bytes, so a wrong
# declaration never fails loudly.
_SINGLE_BYTE = re.compile(r"^(cp\d+|iso8859_\d+|latin_1|koi8_\w+|mac_\w+)$")


def is_single_byte(codec: str) -> bool:
    """True for a single-byte code page (cp1256, iso-8859-6, latin-1...), by any label.

    >>> is_single_byte("windows-1256"), is_single_byte("utf-8"), is_single_byte("nonsense")
    (True, False, False)
    """
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return False
    return _SINGLE_BYTE.match(name.replace("-", "_")) is not None


def utf8_text(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """Non-ASCII bytes that are UTF-8, or mostly (see :func:`_mostly_utf8`): the text and
    the warnings of the decoding; None otherwise. For inputs that declare a single-byte code
    page (cp1256 decodes any bytes, so a wrong declaration never fails loudly).

    >>> utf8_text("قصف".encode() + b"\\xff")[1]
    ('not valid UTF-8: 1 invalid byte sequence replaced by U+FFFD',)
    >>> utf8_text("قصف".encode("cp1256")) is None
    True
    """
    if data.isascii():
        return None
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    return None if mostly is None else (mostly[0], _replaced(mostly[1]))


def _replaced(bad: int) -> tuple[str, ...]:
    plural = "sequence" if bad == 1 else "sequences"
    return (f"not valid UTF-8: {bad} invalid byte {plural} replaced by U+FFFD",)


def decode_text(data: bytes, source: str) -> tuple[str, tuple[str, ...]]:
    """Decode an input's bytes to text and the warnings of the decoding, or raise an
    InputError naming ``source``.

    UTF-8 with a few invalid bytes (see :func:`_mostly_utf8`) is read as UTF-8 with U+FFFD
    in their place and a warning: one bad byte must not turn a UTF-8 file into cp1256
    mojibake that still looks Arabic.

    >>> text, warnings = decode_text("قصف".encode() + b"\\xff", "a.txt")
    >>> text == "قصف\\ufffd", warnings
    (True, ('not valid UTF-8: 1 invalid byte sequence replaced by U+FFFD',))
    """
    if not data.strip():
        raise EmptyInputError("the input is empty", source=source)
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), ()
            except UnicodeDecodeError as exc:
                mostly = _mostly_utf8(data[len(bom) :]) if codec == "utf-8-sig" else None
                if mostly is not None:
                    return mostly[0], _replaced(mostly[1])
                raise EncodingError(
                    f"has a {codec} byte-order mark but {exc}", source=source
                ) from exc
    sample = data[:8192]
    if b"\x00" in sample:
        codec16 = _looks_like_utf16(data)
        if codec16 is None:
            raise BinaryInputError("binary data (NUL bytes), not text", source=source)
        try:
            return data.decode(codec16), ()
        except UnicodeDecodeError as exc:
            raise BinaryInputError("binary data (NUL bytes), not text", source=source) from exc
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 20):
        raise BinaryInputError("binary data (control bytes), not text", source=source)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly[0], _replaced(mostly[1])
    # cp1256 maps every byte, so it always decodes: accept it only when the result reads as
    # Arabic. It is checked before charset-normalizer, which often mistakes it for cp1252.
    cp1256 = data.decode("cp1256", errors="replace")
    if arabic_ratio(cp1256) >= 0.5:
        return cp1256, ()
    from charset_normalizer import from_bytes  # the last resort: loaded only when needed

    best = from_bytes(data).best()
    if best is not None:
        return str(best), ()
    raise EncodingError("not UTF-8, UTF-16 or cp1256, and no other encoding fits", source=source)


def parse_published(value: Any) -> str | None:
    """An ISO date from ``2017-06-14``, ``2017-06-14T10:00:00Z`` or an RFC 822 date; else None.

    Only a string (or a date) is read: a number or a list is not a date. A year outside
    1800-2199 is not taken either (``0001-01-01`` is a placeholder, not a date).
    """
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d") if value.year in _YEARS else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        try:
            day = parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return day.isoformat() if day.year in _YEARS else None


def validate_published(value: str) -> str:
    """Check a ``--published YYYY-MM-DD`` value; raise ConfigError otherwise."""
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"--published must be a date YYYY-MM-DD, not {value!r}") from exc
    if day.year not in _YEARS:
        raise ConfigError(
            f"--published must be a date from {_YEARS.start} to {_YEARS.stop - 1}, not {value!r}"
        )
    return day.isoformat()


def document_from_record(record: Any, source: str, published: str | None = None) -> Document:
    """A Document from a JSON record (:func:`read_record` without its warnings)."""
    return read_record(record, source, published)[0]


def read_record(
    record: Any, source: str, published: str | None = None
) -> tuple[Document, tuple[str, ...]]:
    """A Document from a JSON record with ``text`` and optional title/url/published/source,
    and the warnings of what was repaired on the way.

    Any other field is kept in ``meta.extra``; ``published`` is read from ``published`` or
    ``date`` and normalized to an ISO date unless the caller overrides it. Lone surrogates
    become U+FFFD and NULs are removed in every string of the record; a ``published`` that
    is not a date, and a title, source or url that is not a string, are left out of ``Meta``
    and kept in ``meta.extra`` as ``<field>_raw``, each with a warning.
    """
    if not isinstance(record, Mapping):
        raise MalformedInputError(
            f"expected a JSON object, got {type(record).__name__}", source=source
        )
    warnings: list[str] = []
    record = _clean_record(record, warnings)
    text = record.get("text")
    if not isinstance(text, str):
        raise MalformedInputError("the record has no string field 'text'", source=source)
    check_text(text, source)
    extra = {k: v for k, v in record.items() if k not in (*_META_FIELDS, "text")}
    raw_published = record.get("published") or record.get("date")
    iso = published or parse_published(raw_published)
    if raw_published is not None and iso is None:
        extra.setdefault("published_raw", raw_published)
        warnings.append(
            f"'published' is not a date: {_shown(raw_published)} left out "
            "(kept in meta.extra as published_raw)"
        )
    strings = {key: _string_field(record, key, extra, warnings) for key in _META_STRINGS}
    meta = Meta(**strings, published=iso, lang=detect_lang(text), extra=extra)
    return Document.from_text(text, meta), tuple(warnings)


_META_STRINGS = ("title", "source", "url")


def _string_field(
    record: Mapping[str, Any], key: str, extra: dict[str, Any], warnings: list[str]
) -> str | None:
    """A metadata field that must be a string: None when absent; anything else (an object,
    a list, a number) is kept in ``extra`` as ``<key>_raw`` with a warning, never its repr."""
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    extra.setdefault(f"{key}_raw", value)
    kind = _JSON_TYPES.get(type(value), type(value).__name__)
    warnings.append(
        f"'{key}' is {kind}, not a string: {_shown(value)} left out "
        f"(kept in meta.extra as {key}_raw)"
    )
    return None


_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    bool: "a boolean",
    int: "a number",
    float: "a number",
}


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a warning shows it: its JSON, cut at ``limit`` characters."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _clean_record(record: Mapping[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The record with lone surrogates replaced by U+FFFD and NULs removed in its strings
    (keys and nested values included), and a warning naming the fields that had them."""
    surrogates: list[str] = []
    nuls: list[str] = []
    cleaned: dict[str, Any] = {}
    for key, value in record.items():
        found: set[str] = set()
        new_key = _clean(key, found) if isinstance(key, str) else key
        cleaned[new_key] = _clean(value, found)
        if "\x00" in found:
            nuls.append(new_key)
        if found - {"\x00"}:
            surrogates.append(new_key)
    if surrogates:
        warnings.append(f"lone surrogates replaced by U+FFFD in {', '.join(map(repr, surrogates))}")
    if nuls:
        warnings.append(f"NUL characters removed from {', '.join(map(repr, nuls))}")
    return cleaned


def _clean(value: Any, found: set[str]) -> Any:
    """``value`` with its strings cleaned (see :func:`_clean_record`); ``found`` collects
    the bad characters seen. Nesting is bounded by the reader (:data:`MAX_JSON_DEPTH`)."""
    if isinstance(value, str):
        if _BAD_CHARS.search(value) is None:
            return value
        found.update(_BAD_CHARS.findall(value))
        return _SURROGATE.sub("\ufffd", value.replace("\x00", ""))
    if isinstance(value, Mapping):
        return {
            (_clean(k, found) if isinstance(k, str) else k): _clean(v, found)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_clean(v, found) for v in value]
    return value


def check_text(text: str, source: str) -> None:
    """Raise EmptyInputError for text with no letters or digits at all."""
    if not any(ch.isalnum() for ch in text):
        raise EmptyInputError("the text has no letters or digits", source=source)


def cannot_read(name: str, exc: OSError) -> InputNotFoundError:
    """The error for an input the operating system would not let us read."""
    return InputNotFoundError(f"cannot read: {exc.strerror}", source=name)


def read_file_bytes(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, or InputTooLargeError when it is over ``max_bytes``."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputTooLargeError(
            f"{size:,} bytes is over the limit of {max_bytes:,} (settings: input.max_bytes)",
            source=str(path),
        )
    return path.read_bytes()


def load_text(
    text: str,
    name: str,
    kind: str,
    published: str | None,
    *,
    url: str | None = None,
    source: str | None = None,
) -> Iterator[Loaded]:
    """Documents from one input's decoded text: JSONL, JSON (a record or a list), or a plain
    text (which takes ``url`` and ``source``); ``sniff`` tells them apart by the text."""
    if kind == "sniff":
        kind = text_kind(text)
    if kind == "jsonl":
        # Records end at "\n" only: str.splitlines() would also cut a record at the U+2028,
        # U+2029, U+0085 or \x1c-\x1e that JSON allows unescaped inside a string.
        yield from load_jsonl_lines(text.split("\n"), name, published)
    elif kind == "json":
        yield from load_json_text(text, name, published)
    else:
        yield load_record({"text": text, "url": url, "source": source}, name, published)


def load_json_text(text: str, name: str, published: str | None) -> Iterator[Loaded]:
    """One JSON record, or a list of them (each named ``name[i]``)."""
    try:
        data = parse_json(text, name)
    except MalformedInputError as exc:
        yield Loaded(name, error=exc)
        return
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        item_name = name if len(records) == 1 else f"{name}[{i}]"
        yield load_record(record, item_name, published)


def json_too_deep(text: str) -> bool:
    """True when the brackets of a JSON text nest deeper than :data:`MAX_JSON_DEPTH`
    (brackets inside strings do not count). Read before parsing: ``json.loads`` recurses once
    per level, and a record nested 100,000 deep raised RecursionError out of the reader.

    Linear, and nearly free on real records: with no more opening brackets than the limit
    the text cannot nest deeper, and only a text with more is scanned.
    """
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for ch in _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)):
        if ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth -= 1
    return False


def parse_json(text: str, source: str, what: str = "JSON") -> Any:
    """``json.loads``, every failure a MalformedInputError (M007) naming ``source``: malformed
    JSON, or JSON nested deeper than :data:`MAX_JSON_DEPTH` (refused before parsing)."""
    if json_too_deep(text):
        raise MalformedInputError(
            f"{what} nested more than {MAX_JSON_DEPTH} levels deep", source=source
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(f"malformed {what}: {exc}", source=source) from exc
    except RecursionError as exc:  # shallower than the limit, but the call stack was deep
        raise MalformedInputError(f"{what} nested too deeply to read", source=source) from exc


def text_kind(text: str) -> Literal["json", "jsonl", "text"]:
    """JSON (an object or a list), JSONL (several objects) or plain text, from the text."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        if json_too_deep(stripped):
            # Not parsed to tell: several lines that open an object are JSON Lines (the deep
            # record is refused either way, by the reader of its kind).
            return "jsonl" if len(_LINE_OPENS_OBJECT.findall(stripped)) > 1 else "json"
        try:
            json.loads(stripped)
            return "json"
        except json.JSONDecodeError:
            return "jsonl"
    return "text"


_LINE_OPENS_OBJECT = re.compile(r"^\{", re.MULTILINE)


def load_record(record: Any, item_name: str, published: str | None) -> Loaded:
    try:
        document, warnings = read_record(record, item_name, published)
    except InputError as exc:
        return Loaded(item_name, error=exc)
    return Loaded(item_name, document, warnings=warnings)


def load_record_line(line: str, item_name: str, published: str | None) -> Loaded:
    try:
        record = parse_json(line, item_name, "JSON line")
    except MalformedInputError as exc:
        return Loaded(item_name, error=exc)
    return load_record(record, item_name, published)


def load_jsonl_lines(lines: Iterable[str], name: str, published: str | None) -> Iterator[Loaded]:
    """One document per non-empty line (each named ``name:LINE``)."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield load_record_line(line, f"{name}:{number}", published)
