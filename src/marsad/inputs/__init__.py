"""The inputs of a corpus: files, directories, stdin and URLs of text, JSON, HTML, feeds, WARC.

:func:`iter_sources` extends :func:`marsad.inputs.reading.load_inputs` (which still reads every
``.txt``/``.json``/``.jsonl`` file) to web pages, RSS/Atom feeds, web archives and URLs. It is
a generator from end to end: one input at a time, one WARC record at a time, and one bad
input never stops the others.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from marsad.errors import (
    InputError,
    InputNotFoundError,
    InputTooLargeError,
    UnsupportedInputError,
)
from marsad.inputs.feeds import iter_feed
from marsad.inputs.fetch import fetch, is_url
from marsad.inputs.html import load_html
from marsad.inputs.plain import iter_plain
from marsad.inputs.reading import Loaded, cannot_read, load_inputs, read_file_bytes
from marsad.inputs.sniff import (
    READING_KINDS,
    SNIFF_BYTES,
    Kind,
    kind_of_response,
    kind_of_suffix,
    sniff,
    source_suffix,
)
from marsad.inputs.warc import iter_warc, iter_warc_file

__all__ = ["SOURCE_SUFFIXES", "iter_sources", "source_suffix"]

# What a directory is searched for; other files in it (READMEs, images) are left alone.
SOURCE_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".json", ".jsonl", ".ndjson", ".html", ".htm", ".xml", ".rss", ".atom"}
    | {".warc", ".warc.gz", ".arc", ".arc.gz"}
)
_STDIN = "<stdin>"


def iter_sources(
    paths: Iterable[str],
    *,
    max_bytes: int,
    published: str | None = None,
    stdin: BinaryIO | None = None,
    timeout: float = 30.0,
) -> Iterator[Loaded]:
    """Every document in paths: files, directories (recursive, sorted, SOURCE_SUFFIXES), '-' for
    stdin, and http(s) URLs.

    ``max_bytes`` limits each file, URL body, feed and WARC record; ``published`` (an ISO
    date) overrides every input's own date; ``timeout`` (seconds) bounds each URL's fetch.
    """
    for raw in paths:
        if raw == "-":
            yield from _load_stdin(stdin, max_bytes, published)
        elif is_url(raw):
            yield from _load_url(raw, max_bytes, published, timeout)
        elif Path(raw).is_dir():
            for path in _directory_files(Path(raw)):
                yield from _load_path(str(path), max_bytes, published)
        else:
            yield from _load_path(raw, max_bytes, published)


def _directory_files(directory: Path) -> list[Path]:
    """The directory's source files, recursively, sorted (paths only: nothing is read)."""
    return sorted(
        p for p in directory.rglob("*") if p.is_file() and source_suffix(p.name) in SOURCE_SUFFIXES
    )


def _load_path(raw: str, max_bytes: int, published: str | None) -> Iterator[Loaded]:
    kind = kind_of_suffix(source_suffix(raw))
    if kind in READING_KINDS:
        yield from load_inputs([raw], max_bytes=max_bytes, published=published)
        return
    path = Path(raw)
    if not path.is_file():
        yield Loaded(raw, error=InputNotFoundError("no such file", source=raw))
        return
    try:
        kind = kind or sniff(_read_head(path))  # .xml or an unknown suffix: the bytes tell
        data = read_file_bytes(path, max_bytes) if kind in ("html", "feed") else b""
    except InputError as exc:
        yield Loaded(raw, error=exc)
        return
    except OSError as exc:
        yield Loaded(raw, error=cannot_read(raw, exc))
        return
    if kind == "warc":  # streamed from the file, never read whole
        yield from iter_warc_file(path, raw, max_bytes=max_bytes, published=published)
    elif kind == "plain":
        yield from load_inputs([raw], max_bytes=max_bytes, published=published)
    else:
        yield from _load_data(data, raw, kind, max_bytes=max_bytes, published=published)


def _read_head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(SNIFF_BYTES)


def _load_stdin(stdin: BinaryIO | None, max_bytes: int, published: str | None) -> Iterator[Loaded]:
    if stdin is None:
        yield Loaded(_STDIN, error=InputNotFoundError("no standard input", source=_STDIN))
        return
    data = stdin.read(max_bytes + 1)
    if len(data) > max_bytes:
        error = InputTooLargeError(f"over the limit of {max_bytes:,} bytes", source=_STDIN)
        yield Loaded(_STDIN, error=error)
        return
    kind = sniff(data)
    if kind == "plain":
        # reading's own stdin handling, on the bytes already read.
        yield from load_inputs(
            ["-"], max_bytes=max_bytes, published=published, stdin=io.BytesIO(data)
        )
    else:
        yield from _load_data(data, _STDIN, kind, max_bytes=max_bytes, published=published)


def _load_url(raw: str, max_bytes: int, published: str | None, timeout: float) -> Iterator[Loaded]:
    try:
        response = fetch(raw, max_bytes=max_bytes, timeout=timeout)
    except InputError as exc:
        yield Loaded(raw, error=exc)
        return
    kind = kind_of_response(response.media_type, response.data, response.url)
    yield from _load_data(
        response.data,
        raw,
        kind,
        max_bytes=max_bytes,
        published=published,
        url=response.url,
        charset=response.charset,
        content_type=response.content_type,
    )


def _load_data(
    data: bytes,
    name: str,
    kind: Kind,
    *,
    max_bytes: int,
    published: str | None,
    url: str | None = None,
    charset: str | None = None,
    content_type: str | None = None,
) -> Iterator[Loaded]:
    """Documents from an input's bytes once its kind is known."""
    if kind == "html":
        yield load_html(data, name, url=url, charset=charset, published=published)
    elif kind == "feed":
        yield from iter_feed(data, name, url=url, content_type=content_type, published=published)
    elif kind == "warc":
        stream = io.BytesIO(data)
        yield from iter_warc(stream, name, max_bytes=max_bytes, published=published)
    elif kind in ("xml", "unsupported"):
        yield Loaded(name, error=_unsupported(name, kind, content_type))
    else:
        yield from iter_plain(data, name, kind, url=url, charset=charset, published=published)


def _unsupported(name: str, kind: Kind, content_type: str | None) -> UnsupportedInputError:
    if kind == "xml":
        return UnsupportedInputError("XML that is neither an RSS/Atom feed nor HTML", source=name)
    return UnsupportedInputError(f"{content_type} is not a document marsad reads", source=name)
