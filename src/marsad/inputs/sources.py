"""The one reader of marsad's inputs: files, directories, stdin and http(s) URLs holding text,
JSON, JSONL, HTML pages, RSS/Atom feeds or WARC archives, gzip-compressed or not.

``marsad analyze``, ``marsad ingest`` and the API read through :func:`read_inputs` (the API
through its record reader), so one input gives the same document everywhere. It is a
generator from end to end: one input at a time, one JSONL line or WARC record at a time, and
one bad input never stops the others. The parsers of HTML (trafilatura), feeds (feedparser)
and archives (warcio), and urllib for URLs, are imported only when an input needs them.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

from marsad.errors import (
    DocumentTooLongError,
    InputError,
    InputNotFoundError,
    InputTooLargeError,
    MalformedInputError,
    SymlinkError,
    UnsupportedInputError,
)
from marsad.inputs.plain import iter_plain
from marsad.inputs.reading import (
    Loaded,
    cannot_read,
    decode_text,
    load_record_line,
    parse_json,
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
    max_chars: int | None = None,
) -> Iterator[Loaded]:
    """Every document in ``paths``: files, directories (recursive, sorted, the files
    :func:`is_source` accepts), ``-`` for stdin, and http(s) URLs.

    ``max_bytes`` limits each file, decompressed file, JSONL line, URL body, feed and WARC
    record; ``max_chars`` each document's text (a longer one is DocumentTooLongError, M011);
    ``published`` (an ISO date) overrides every input's own date; ``timeout`` (seconds)
    bounds each URL's fetch.
    """
    loaded = _read_inputs(paths, max_bytes, published, stdin, timeout)
    if max_chars is None:
        yield from loaded
        return
    for item in loaded:
        yield _within(item, max_chars)


def too_long(text: str, max_chars: int, source: str) -> DocumentTooLongError | None:
    """DocumentTooLongError (M011) for a text over ``max_chars`` characters, else None: the
    one rule of every input path (files, the API, Spark)."""
    if len(text) <= max_chars:
        return None
    return DocumentTooLongError(
        f"a text of {len(text):,} characters is over the analysis limit of "
        f"{max_chars:,} (settings: input.max_chars); split it into several documents",
        source=source,
    )


def _within(loaded: Loaded, max_chars: int) -> Loaded:
    """``loaded``, or DocumentTooLongError (M011) when its text is over ``max_chars``."""
    doc = loaded.document
    error = None if doc is None else too_long(doc.text, max_chars, loaded.name)
    if error is None:
        return loaded
    return Loaded(loaded.name, error=error, warnings=loaded.warnings)


def _read_inputs(
    paths: Iterable[str],
    max_bytes: int,
    published: str | None,
    stdin: BinaryIO | None,
    timeout: float,
) -> Iterator[Loaded]:
    for raw in paths:
        if raw == "-":
            yield from _load_stdin(stdin, max_bytes, published)
        elif is_url(raw):
            yield from _load_url(raw, max_bytes, published, timeout)
        elif Path(raw).is_dir():
            for path, error in _directory_files(Path(raw)):
                if error is None:
                    yield from _load_path(str(path), max_bytes, published)
                else:
                    yield Loaded(str(path), error=error)
        else:
            yield from _load_path(raw, max_bytes, published)


def _directory_files(directory: Path) -> list[tuple[Path, InputError | None]]:
    """The directory's source files, recursively, sorted (paths only: nothing is read), with
    an error in place of each one that cannot be read.

    Symbolic links inside the folder are never followed: one to a file or folder of the
    folder adds nothing (it is read at its own place), and a link to an ancestor would loop
    forever. One whose target is outside the folder (``/etc/passwd``), missing, or a loop of
    links is reported (M012) when it has a source name or leads to a folder; a subfolder
    that cannot be listed is reported too (M002), and the scan goes on.
    """
    root = directory.resolve()
    found: list[tuple[Path, InputError | None]] = []
    folders = [directory]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as exc:
            found.append((folder, cannot_read(str(folder), exc)))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    error = _link_error(path, root)
                    if error is not None:
                        found.append((path, error))
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.is_file(follow_symlinks=False) and is_source(entry.name):
                    found.append((path, None))
            except OSError as exc:  # gone meanwhile, or its metadata unreadable
                found.append((path, cannot_read(str(path), exc)))
    return sorted(found, key=lambda item: item[0])


def _link_error(path: Path, root: Path) -> SymlinkError | None:
    """Why the symbolic link ``path`` in the folder ``root`` is not read, when it matters:
    None for a link that stays inside the folder (its target is read at its own place) or
    that a scan would not read anyway (a name that is not a source's)."""
    name = str(path)
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        if not is_source(path.name):
            return None
        return SymlinkError(
            f"a symbolic link to {os.readlink(path)}, which does not exist", source=name
        )
    except (RuntimeError, OSError):  # a loop of links (RuntimeError in Python 3.11, ELOOP after)
        if not is_source(path.name):
            return None
        return SymlinkError("a loop of symbolic links", source=name)
    if target == root or target.is_relative_to(root):
        return None
    if not (target.is_dir() or is_source(path.name)):
        return None
    return SymlinkError(
        f"a symbolic link out of the folder (to {target}): not followed", source=name
    )


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
        # JSON Lines are streamed, each record as soon as its line comes (a pipe that sends a
        # few records and pauses gets them analysed and stored); anything else is read whole.
        first = stdin.readline(max_bytes + 1)
        if _first_of_jsonl(first):
            yield from _jsonl_stdin(first, stdin, max_bytes, published)
            return
        data = first + stdin.read(max_bytes + 1 - len(first))
        if len(data) > max_bytes:
            raise InputTooLargeError(f"over the limit of {max_bytes:,} bytes", source=_STDIN)
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


def _first_of_jsonl(line: bytes) -> bool:
    """True for a first line of stdin that is a whole JSON object on a line of its own: the
    input is JSON Lines (or one record, which reads the same either way)."""
    if not line.endswith(b"\n") or not line.lstrip(codecs.BOM_UTF8).lstrip().startswith(b"{"):
        return False
    try:
        text, _ = decode_text(line, _STDIN)
        return isinstance(parse_json(text, _STDIN), dict)
    except InputError:
        return False


def _jsonl_stdin(
    first: bytes, stdin: BinaryIO, max_bytes: int, published: str | None
) -> Iterator[Loaded]:
    """Records of JSON Lines on stdin, each given as soon as its line is read. A record alone
    is read as a JSON input (named ``<stdin>``, not ``<stdin>:1``)."""
    second = stdin.readline(max_bytes + 1)
    if not second:
        yield from _load_data(first, _STDIN, "plain", max_bytes=max_bytes, published=published)
        return
    # _jsonl_stream reads lines only: what _Prefixed gives.
    rest = cast(BinaryIO, _Prefixed([first, second], stdin))
    yield from _jsonl_stream(rest, _STDIN, max_bytes, published)


class _Prefixed:
    """A stream with ``lines`` (already read from it) put back in front."""

    def __init__(self, lines: list[bytes], stream: BinaryIO) -> None:
        self._lines, self._stream = lines, stream

    def readline(self, size: int = -1) -> bytes:
        if self._lines:  # each as read, with the size it was read with
            return self._lines.pop(0)
        return self._stream.readline(size)


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
