"""A WARC (or ARC) web archive → one Document per HTML page it captured, named ``file@offset``.

Records are streamed one at a time with warcio, so an archive of any size is read in constant
memory; only the payload of one page (at most ``max_bytes``) is held at once.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from marsad.errors import (
    EmptyInputError,
    InputTooLargeError,
    MalformedInputError,
)
from marsad.inputs.html import load_html
from marsad.inputs.reading import Loaded, cannot_read, parse_published
from marsad.inputs.sniff import looks_like_html, parse_content_type

_PAGE_RECORDS = frozenset({"response", "resource"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True, slots=True)
class _Page:
    """One HTML page read out of its record, or a payload too large to read."""

    name: str
    url: str | None
    captured: str | None
    charset: str | None
    data: bytes = b""
    too_large: bool = False


class _Truncated(Exception):
    """A record that ends before its Content-Length: the archive was cut short."""


def iter_warc_file(
    path: Path, name: str, *, max_bytes: int, published: str | None = None
) -> Iterator[Loaded]:
    """Every HTML page in the WARC/ARC file at ``path`` (gzip-compressed or not)."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Loaded(name, error=cannot_read(name, exc))
        return
    with stream:
        yield from iter_warc(stream, name, max_bytes=max_bytes, published=published)


def iter_warc(
    stream: BinaryIO, name: str, *, max_bytes: int, published: str | None = None
) -> Iterator[Loaded]:
    """Every HTML page in a WARC/ARC stream; a corrupt or cut record ends it with one error.

    Pages before the damage are kept: a crawl cut short by a full disk is still worth reading.
    """
    archive = ArchiveIterator(stream, arc2warc=True)
    offset = 0  # where the next record starts, for naming the damage
    while True:
        try:
            record = next(archive, None)
            if record is None:
                _check_complete(stream, archive.offset)
                break
            page = _read_page(archive, record, name, max_bytes)
        except Exception as exc:  # warcio raises ArchiveLoadFailed, EOFError, zlib.error...
            yield _damaged(name, offset, exc)
            return
        offset = archive.offset
        if page is not None:
            yield _load_page(page, max_bytes, published)
    if offset == 0:
        yield Loaded(name, error=EmptyInputError("no WARC records", source=name))


def _check_complete(stream: BinaryIO, offset: int) -> None:
    """Raise _Truncated when bytes are left after the last whole record.

    warcio takes a record cut inside its headers for the end of the archive.
    """
    try:
        end = stream.seek(0, io.SEEK_END)
    except (OSError, ValueError):
        return  # not seekable (a pipe): nothing to compare with
    if end > offset:
        raise _Truncated(f"{end - offset:,} bytes at the end are not a whole record")


def _damaged(name: str, offset: int, exc: Exception) -> Loaded:
    item = f"{name}@{offset}"
    if isinstance(exc, _Truncated):
        reason = str(exc)
    else:
        reason = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    message = f"a truncated or corrupt WARC record at byte {offset} of {name} ({reason})"
    return Loaded(item, error=MalformedInputError(message, source=item))


def _read_page(archive: Any, record: Any, name: str, max_bytes: int) -> _Page | None:
    """The HTML page in ``record``, None for any other record; raises _Truncated."""
    media_type, charset = _content_type(record)
    wanted = _is_page(record) and media_type in (*_HTML_TYPES, None)
    # One byte past the limit tells a payload that is too large; the rest is skipped unread.
    data = record.content_stream().read(max_bytes + 1) if wanted else b""
    offset: int = archive.get_record_offset()  # reads the record to its end first
    # warcio bounds a record's block by its Content-Length; bytes still owed mean the file
    # ended inside the record, and no bound at all means its headers were cut.
    missing = getattr(record.raw_stream, "limit", None)
    declared = record.rec_headers.get_header("Content-Length") or ""
    if missing is None or not declared.strip().isdigit():
        raise _Truncated("the record's headers are cut short or have no Content-Length")
    if missing:
        raise _Truncated(f"the record ends {missing:,} bytes early")
    if not wanted or (media_type is None and not looks_like_html(data)):
        return None
    return _Page(
        name=f"{name}@{offset}",
        url=record.rec_headers.get_header("WARC-Target-URI"),
        captured=parse_published(record.rec_headers.get_header("WARC-Date")),
        charset=charset,
        data=data,
        too_large=len(data) > max_bytes,
    )


def _is_page(record: Any) -> bool:
    """A captured response with a success status, or a stored resource."""
    if record.rec_type not in _PAGE_RECORDS:
        return False
    if record.rec_type == "response":
        http = record.http_headers
        # Redirects and error pages are not articles; a response with no HTTP headers is
        # not a web page (dns: records).
        return http is not None and str(http.get_statuscode()).startswith("2")
    return True


def _content_type(record: Any) -> tuple[str | None, str | None]:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    return parse_content_type(headers.get_header("Content-Type") if headers else None)


def _load_page(page: _Page, max_bytes: int, published: str | None) -> Loaded:
    if page.too_large:
        error = InputTooLargeError(
            f"a payload over the limit of {max_bytes:,} bytes (settings: input.max_bytes)",
            source=page.name,
        )
        return Loaded(page.name, error=error)
    return load_html(
        page.data,
        page.name,
        url=page.url,
        charset=page.charset,
        published=published,
        fallback_published=page.captured,
    )
