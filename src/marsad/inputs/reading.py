"""Inputs' bytes and records into Documents: decoding, JSON/JSONL records, dates, language.

Which inputs there are (files, directories, stdin, URLs) and what kind each holds is
:mod:`marsad.inputs.sources`' job; this module turns their bytes and records into Documents.

Bytes are decoded with encoding detection (UTF-8, UTF-16 with or without a BOM, cp1256, which
is common in Arabic news archives, then charset-normalizer for the rest). Every problem becomes
a named InputError carried in the result, so one bad input never stops a batch.
"""

from __future__ import annotations

import codecs
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


@dataclass(frozen=True, slots=True)
class Loaded:
    """One input: a Document ready for the pipeline, or the error that stopped it."""

    name: str
    document: Document | None = None
    error: InputError | None = None


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
    """Decode an input's bytes to text, or raise an InputError naming ``source``.

    >>> decode_bytes("قصف".encode("cp1256"), "old.txt")
    'قصف'
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
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"has a {codec} byte-order mark but {exc}", source=source
                ) from exc
    sample = data[:8192]
    if b"\x00" in sample:
        codec16 = _looks_like_utf16(data)
        if codec16 is None:
            raise BinaryInputError("binary data (NUL bytes), not text", source=source)
        try:
            return data.decode(codec16)
        except UnicodeDecodeError as exc:
            raise BinaryInputError("binary data (NUL bytes), not text", source=source) from exc
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 20):
        raise BinaryInputError("binary data (control bytes), not text", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # cp1256 maps every byte, so it always decodes: accept it only when the result reads as
    # Arabic. It is checked before charset-normalizer, which often mistakes it for cp1252.
    cp1256 = data.decode("cp1256", errors="replace")
    if arabic_ratio(cp1256) >= 0.5:
        return cp1256
    from charset_normalizer import from_bytes  # the last resort: loaded only when needed

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    raise EncodingError("not UTF-8, UTF-16 or cp1256, and no other encoding fits", source=source)


def parse_published(value: Any) -> str | None:
    """An ISO date from ``2017-06-14``, ``2017-06-14T10:00:00Z`` or an RFC 822 date; else None."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def validate_published(value: str) -> str:
    """Check a ``--published YYYY-MM-DD`` value; raise ConfigError otherwise."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise ConfigError(f"--published must be a date YYYY-MM-DD, not {value!r}") from exc


def document_from_record(record: Any, source: str, published: str | None = None) -> Document:
    """A Document from a JSON record with ``text`` and optional title/url/published/source.

    Any other field is kept in ``meta.extra``; ``published`` is read from ``published`` or
    ``date`` and normalized to an ISO date unless the caller overrides it.
    """
    if not isinstance(record, Mapping):
        raise MalformedInputError(
            f"expected a JSON object, got {type(record).__name__}", source=source
        )
    text = record.get("text")
    if not isinstance(text, str):
        raise MalformedInputError("the record has no string field 'text'", source=source)
    check_text(text, source)
    extra = {k: v for k, v in record.items() if k not in (*_META_FIELDS, "text")}
    raw_published = record.get("published") or record.get("date")
    iso = published or parse_published(raw_published)
    if raw_published is not None and iso is None:
        extra["published_raw"] = raw_published
    meta = Meta(
        title=_optional_str(record.get("title")),
        source=_optional_str(record.get("source")),
        url=_optional_str(record.get("url")),
        published=iso,
        lang=detect_lang(text),
        extra=extra,
    )
    return Document.from_text(text, meta)


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


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
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Loaded(name, error=MalformedInputError(f"malformed JSON: {exc}", source=name))
        return
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        item_name = name if len(records) == 1 else f"{name}[{i}]"
        yield load_record(record, item_name, published)


def text_kind(text: str) -> Literal["json", "jsonl", "text"]:
    """JSON (an object or a list), JSONL (several objects) or plain text, from the text."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        try:
            json.loads(stripped)
            return "json"
        except json.JSONDecodeError:
            return "jsonl"
    return "text"


def load_record(record: Any, item_name: str, published: str | None) -> Loaded:
    try:
        return Loaded(item_name, document_from_record(record, item_name, published))
    except InputError as exc:
        return Loaded(item_name, error=exc)


def load_record_line(line: str, item_name: str, published: str | None) -> Loaded:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        error = MalformedInputError(f"malformed JSON line: {exc}", source=item_name)
        return Loaded(item_name, error=error)
    return load_record(record, item_name, published)


def load_jsonl_lines(lines: Iterable[str], name: str, published: str | None) -> Iterator[Loaded]:
    """One document per non-empty line (each named ``name:LINE``)."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield load_record_line(line, f"{name}:{number}", published)
