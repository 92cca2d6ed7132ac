"""Text, JSON and JSONL that arrive as bytes (a URL's response): the same records as files.

Files go through :func:`marsad.reading.load_inputs`; this is the same reading for bytes that
have no path, built on reading's public pieces (``decode_bytes``, ``document_from_record``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from marsad.errors import InputError, MalformedInputError
from marsad.reading import Loaded, decode_bytes, document_from_record
from marsad.sources.html import host_name
from marsad.sources.sniff import Kind


def _decode(data: bytes, name: str, charset: str | None) -> str:
    """A declared charset when it decodes the bytes, else reading's detection."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, name)


def _kind_of_text(text: str) -> Kind:
    """JSON, JSONL or text, as reading tells them apart on stdin."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        try:
            json.loads(stripped)
        except json.JSONDecodeError:
            return "jsonl"
        return "json"
    return "text"


def iter_plain(
    data: bytes,
    name: str,
    kind: Kind,
    *,
    url: str | None = None,
    charset: str | None = None,
    published: str | None = None,
) -> Iterator[Loaded]:
    """Documents from text, JSON (a record or a list) or JSONL bytes; ``plain``: tell which.

    JSON records keep their own url/source; a plain text gets ``url`` and its host name.
    """
    try:
        text = _decode(data, name, charset)
    except InputError as exc:
        yield Loaded(name, error=exc)
        return
    if kind == "plain":
        kind = _kind_of_text(text)
    if kind == "json":
        yield from _json(text, name, published)
    elif kind == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield _json_line(line, f"{name}:{number}", published)
    else:
        record = {"text": text, "url": url, "source": host_name(url)}
        yield _record(record, name, published)


def _json(text: str, name: str, published: str | None) -> Iterator[Loaded]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Loaded(name, error=MalformedInputError(f"malformed JSON: {exc}", source=name))
        return
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        yield _record(record, name if len(records) == 1 else f"{name}[{i}]", published)


def _json_line(line: str, name: str, published: str | None) -> Loaded:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Loaded(name, error=MalformedInputError(f"malformed JSON line: {exc}", source=name))
    return _record(record, name, published)


def _record(record: Any, name: str, published: str | None) -> Loaded:
    try:
        return Loaded(name, document_from_record(record, name, published))
    except InputError as exc:
        return Loaded(name, error=exc)
