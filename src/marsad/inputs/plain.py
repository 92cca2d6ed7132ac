"""Text, JSON and JSONL bytes (a file, stdin, a URL's response) → one Document per record.

Files, stdin and URL bodies all come here once :mod:`marsad.inputs.sources` knows their kind,
built on reading's public pieces (``decode_text``, ``load_text``).
"""

from __future__ import annotations

from collections.abc import Iterator

from marsad.errors import InputError
from marsad.inputs.reading import Loaded, decode_text, is_single_byte, load_text, utf8_text
from marsad.inputs.sniff import Kind, host_name


def _decode(data: bytes, name: str, charset: str | None) -> tuple[str, tuple[str, ...]]:
    """A declared charset when it decodes the bytes, else reading's detection (and its
    warnings). UTF-8 bytes (a few invalid ones included) declared as a single-byte code page
    are read as UTF-8: cp1256 decodes anything, into mojibake that still looks Arabic."""
    if charset and is_single_byte(charset):
        utf8 = utf8_text(data)
        if utf8 is not None:
            return utf8
    if charset:
        try:
            return data.decode(charset), ()
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


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
    A warning of the decoding (bytes replaced) comes with the input's first result.
    """
    try:
        text, warnings = _decode(data, name, charset)
    except InputError as exc:
        yield Loaded(name, error=exc)
        return
    reading_kind = "sniff" if kind == "plain" else kind
    for loaded in load_text(text, name, reading_kind, published, url=url, source=host_name(url)):
        yield loaded.warned(warnings)
        warnings = ()
