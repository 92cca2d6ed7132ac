"""Text, JSON and JSONL that arrive as bytes (a URL's response): the same records as files.

Files go through :func:`marsad.inputs.reading.load_inputs`; this is the same reading for bytes that
have no path, built on reading's public pieces (``decode_bytes``, ``load_text``).
"""

from __future__ import annotations

from collections.abc import Iterator

from marsad.errors import InputError
from marsad.inputs.html import host_name
from marsad.inputs.reading import Loaded, decode_bytes, load_text
from marsad.inputs.sniff import Kind


def _decode(data: bytes, name: str, charset: str | None) -> str:
    """A declared charset when it decodes the bytes, else reading's detection."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, name)


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
    reading_kind = "sniff" if kind == "plain" else kind
    yield from load_text(text, name, reading_kind, published, url=url, source=host_name(url))
