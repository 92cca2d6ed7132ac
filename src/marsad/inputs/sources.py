"""The one reader of marsad's inputs: files, directories, stdin and http(s) URLs holding text,
JSON, JSONL, HTML pages, RSS/Atom feeds or WARC archives, gzip-compressed or not.

``marsad analyze``, ``marsad ingest`` and the API read through :func:`read_inputs` (the API
through its record reader), so one input gives the same document everywhere. It is a
generator from end to end: one input at a time, one JSONL line or WARC record at a time, and
one bad input never stops the others. The parsers of HTML (trafilatura), feeds (feedparser)
and archives (warcio), and urllib for URLs, are imported only when an input needs them.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from marsad.errors import (
    InputError,
    InputNotFoundError,
    InputTooLargeError,
    MalformedInputError,
    UnsupportedInputError,
)
from marsad.inputs.plain import iter_plain
from marsad.inputs.reading import (
    Loaded,
    cannot_read,
    decode_text,
    load_record_line,
    read_file_bytes,
)
from marsad.inputs.sniff import (
    GZIP_MAGIC,
    Kind,
    is_url,
    kind_of_response,
    kind_of_suffix,
    sniff,
    source_suffix,
)

__all__ = ["SOURCE_SUFFIXES", "is_source", "read_inputs"]

# What a directory is searched for; other files in it (READMEs, images) are left alone.
SOURCE_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".json", ".jsonl", ".ndjson", ".html", ".htm", ".xml", ".rss", ".atom"}
    | {".warc", ".warc.gz", ".arc", ".arc.gz"}
)
_GZ = ".gz"
_STDIN = "<stdin>"
_SKIP_CHUNK = 1 << 20


def is_source(name: str) -> bool:
    """True for a file name a directory scan reads: a source suffix, or one followed by .gz.

    >>> is_source("a.jsonl.gz"), is_source("a.html"), is_source("README"), is_source("x.gz")
    (True, True, False, False)
    """
    suffix = source_suffix(name)
    if suffix == _GZ:
        return source_suffix(name[: -len(_GZ)]) in SOURCE_SUFFIXES
    return suffix in SOURCE_SUFFIXES


def read_inputs(
    paths: Iterable[str],
    *,
    max_bytes: int,
    published: str | None = None,
    stdin: BinaryIO | None = None,
    timeout: float = 30.0,
) -> Iterator[Loaded]:
    """Every document in ``paths``: files, directories (recursive, sorted, the files
    :func:`is_source` accepts), ``-`` for stdin, and http(s) URLs.

    ``max_bytes`` limits each file, decompressed file, JSONL line, URL body, feed and WARC
    record; ``published`` (an ISO date) overrides every input's own date; ``timeout``
    (seconds) bounds each URL's fetch.
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
    return sorted(p for p in directory.rglob("*") if p.is_file() and is_source(p.name))


def _load_path(raw: str, max_bytes: int, published: str | None) -> Iterator[Loaded]:
    path = Path(raw)
    if not path.is_file():
        yield Loaded(raw, error=InputNotFoundError("no such file", source=raw))
        return
    suffix = source_suffix(raw)
    try:
        if suffix == _GZ:
            yield from _load_gzip_file(path, raw, max_bytes, published)
            return
        kind = kind_of_suffix(suffix)
        if kind == "jsonl":  # streamed line by line: a JSONL file can be any size
            with path.open("rb") as fh:
                yield from _jsonl_stream(fh, str(path), max_bytes, published)
            return
        if kind == "warc":  # streamed record by record, never read whole
            from marsad.inputs.warc import iter_warc_file

            yield from iter_warc_file(path, raw, max_bytes=max_bytes, published=published)
            return
        data = read_file_bytes(path, max_bytes)
    except InputError as exc:
        yield Loaded(raw, error=exc)
        return
    except OSError as exc:
        yield Loaded(raw, error=cannot_read(raw, exc))
        return
    # .xml or an unknown suffix: the bytes tell (a page saved as .xml is still a page).
    yield from _load_data(data, raw, kind or sniff(data), max_bytes=max_bytes, published=published)


def _load_gzip_file(
    path: Path, raw: str, max_bytes: int, published: str | None
) -> Iterator[Loaded]:
    """A ``.jsonl.gz``/``.json.gz``/``.txt.gz``/``.html.gz``... file: decompressed as a stream,
    the limits applying to the decompressed bytes (a small file can hold a bomb)."""
    inner = kind_of_suffix(source_suffix(raw[: -len(_GZ)]))
    try:
        with gzip.open(path, "rb") as fh:
            if inner == "jsonl":
                yield from _jsonl_stream(fh, str(path), max_bytes, published)
                return
            data = _read_bounded(fh, raw, max_bytes)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Loaded(raw, error=_bad_gzip(raw, exc))
        return
    yield from _load_data(data, raw, inner or sniff(data), max_bytes=max_bytes, published=published)


def _read_bounded(stream: BinaryIO | gzip.GzipFile, name: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLargeError(f"over the limit of {max_bytes:,} bytes", source=name)
    return data


def _bad_gzip(name: str, exc: Exception) -> MalformedInputError:
    return MalformedInputError(f"not a readable gzip file: {exc}", source=name)


def _jsonl_stream(
    stream: BinaryIO | gzip.GzipFile, name: str, max_bytes: int, published: str | None
) -> Iterator[Loaded]:
    """One document per non-empty line (named ``name:LINE``), read in constant memory: a
    line over ``max_bytes`` is skipped in chunks and reported, never held."""
    number = 0
    while raw := stream.readline(max_bytes + 1):
        number += 1
        item_name = f"{name}:{number}"
        if len(raw) > max_bytes:
            size = len(raw) + (0 if raw.endswith(b"\n") else _skip_line(stream))
            error = InputTooLargeError(
                f"a line of {size:,} bytes is over the limit of {max_bytes:,}", source=item_name
            )
            yield Loaded(item_name, error=error)
            continue
        if not raw.strip():
            continue
        try:
            line, warnings = decode_text(raw, item_name)
        except InputError as exc:
            yield Loaded(item_name, error=exc)
            continue
        yield load_record_line(line, item_name, published).warned(warnings)


def _skip_line(stream: BinaryIO | gzip.GzipFile) -> int:
    """Read past the rest of an over-long line; how many bytes were skipped."""
    skipped = 0
    while chunk := stream.readline(_SKIP_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _load_stdin(stdin: BinaryIO | None, max_bytes: int, published: str | None) -> Iterator[Loaded]:
    if stdin is None:
        yield Loaded(_STDIN, error=InputNotFoundError("no standard input", source=_STDIN))
        return
    try:
        data = _read_bounded(stdin, _STDIN, max_bytes)
        kind = sniff(data)
        if kind != "warc" and data.startswith(GZIP_MAGIC):  # a gzipped WARC is read as is
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = _read_bounded(fh, _STDIN, max_bytes)
            kind = sniff(data)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Loaded(_STDIN, error=_bad_gzip(_STDIN, exc))
        return
    except InputError as exc:
        yield Loaded(_STDIN, error=exc)
        return
    yield from _load_data(data, _STDIN, kind, max_bytes=max_bytes, published=published)


def _load_url(raw: str, max_bytes: int, published: str | None, timeout: float) -> Iterator[Loaded]:
    from marsad.inputs.fetch import fetch  # urllib, http.client, ssl: only for URLs

    try:
        response = fetch(raw, max_bytes=max_bytes, timeout=timeout)
    except InputError as exc:
        yield Loaded(raw, error=exc)
        return
    data = response.data
    kind = kind_of_response(response.media_type, data, response.url)
    if kind != "warc" and data.startswith(GZIP_MAGIC):
        # A .jsonl.gz (or any gzipped document) served as application/gzip: read what is
        # inside, as for a file or stdin; the kind is the inner document's.
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = _read_bounded(fh, raw, max_bytes)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            yield Loaded(raw, error=_bad_gzip(raw, exc))
            return
        except InputError as exc:
            yield Loaded(raw, error=exc)
            return
        path, query, rest = response.url.partition("?")
        inner = path.removesuffix(".gz").removesuffix(".GZ") + query + rest
        kind = kind_of_response(None, data, inner)
    yield from _load_data(
        data,
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
        from marsad.inputs.html import load_html

        yield load_html(data, name, url=url, charset=charset, published=published)
    elif kind == "feed":
        from marsad.inputs.feeds import iter_feed

        yield from iter_feed(data, name, url=url, content_type=content_type, published=published)
    elif kind == "warc":
        from marsad.inputs.warc import iter_warc

        yield from iter_warc(io.BytesIO(data), name, max_bytes=max_bytes, published=published)
    elif kind in ("xml", "unsupported"):
        yield Loaded(name, error=_unsupported(name, kind, content_type))
    else:
        yield from iter_plain(data, name, kind, url=url, charset=charset, published=published)


def _unsupported(name: str, kind: Kind, content_type: str | None) -> UnsupportedInputError:
    if kind == "xml":
        return UnsupportedInputError("XML that is neither an RSS/Atom feed nor HTML", source=name)
    return UnsupportedInputError(f"{content_type} is not a document marsad reads", source=name)
