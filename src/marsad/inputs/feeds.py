"""An RSS or Atom feed → one Document per entry, named ``feed.xml#entry-3``.

feedparser reads the feed's bytes (never a URL: fetching is :mod:`marsad.inputs.fetch`'s job)
and copes with most broken feeds; an entry without text fails alone.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser

from marsad.errors import EmptyInputError, InputError, MalformedInputError
from marsad.inputs.html import clean_lines, html_to_text
from marsad.inputs.reading import Loaded, document_from_record, parse_published
from marsad.inputs.sniff import host_name

_PLAIN_TYPES = frozenset({"text/plain", "text"})


def _parse(data: bytes, url: str | None, content_type: str | None) -> Any:
    headers = {}
    if url:
        headers["content-location"] = url  # resolves relative links against the feed's URL
    if content_type:
        headers["content-type"] = content_type  # its charset, when the server gave one
    # A stream, not bytes: feedparser tries to open bytes as a file name first.
    return feedparser.parse(io.BytesIO(data), response_headers=headers)


def iter_feed(
    data: bytes,
    name: str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    published: str | None = None,
) -> Iterator[Loaded]:
    """One Loaded per entry of the feed in ``data``, or one error for a feed with none.

    ``url`` is where the feed came from; ``content_type`` the HTTP header, for its charset.
    """
    parsed = _parse(data, url, content_type)
    entries = parsed.get("entries") or []
    if not entries:
        yield Loaded(name, error=_no_entries(parsed, name))
        return
    feed = parsed.get("feed") or {}
    source = feed.get("title") or host_name(feed.get("link") or url)
    for number, entry in enumerate(entries, start=1):
        yield load_entry(entry, f"{name}#entry-{number}", source, published)


def _no_entries(parsed: Mapping[str, Any], name: str) -> InputError:
    if parsed.get("bozo"):
        reason = parsed.get("bozo_exception") or "unknown error"
        return MalformedInputError(f"not a readable RSS/Atom feed: {reason}", source=name)
    if not parsed.get("version"):
        return MalformedInputError(
            "not a readable RSS/Atom feed: no <rss>, <feed> or <rdf:RDF> root", source=name
        )
    return EmptyInputError("the feed has no entries", source=name)


def load_entry(
    entry: Mapping[str, Any], name: str, source: str | None, published: str | None
) -> Loaded:
    """One feed entry as a Loaded; ``source`` is the feed's title or host name."""
    text = entry_text(entry)
    if not text:
        error = EmptyInputError("the feed entry has no content or summary", source=name)
        return Loaded(name, error=error)
    record = {
        "text": text,
        "title": entry.get("title") or None,
        "url": entry.get("link") or None,
        "published": _entry_date(entry),
        "source": source,
    }
    try:
        return Loaded(name, document_from_record(record, name, published))
    except InputError as exc:
        return Loaded(name, error=exc)


def entry_text(entry: Mapping[str, Any]) -> str:
    """An entry's full content when it has one, else its summary, as plain text."""
    for content in entry.get("content") or []:
        text = _plain(content.get("value"), content.get("type"))
        if text:
            return text
    detail = entry.get("summary_detail") or {}
    return _plain(entry.get("summary"), detail.get("type"))


def _plain(value: Any, media_type: Any) -> str:
    if not isinstance(value, str):
        return ""
    if media_type in _PLAIN_TYPES:
        return clean_lines(value)
    return html_to_text(value)


def _entry_date(entry: Mapping[str, Any]) -> str | None:
    """The entry's date as written (its own time zone), else feedparser's parse of it (UTC)."""
    for key in ("published", "updated", "created"):
        iso = parse_published(entry.get(key))
        if iso:
            return iso
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return time.strftime("%Y-%m-%d", parsed)
    raw = entry.get("published") or entry.get("updated")
    # Unreadable: document_from_record keeps it in meta.extra as published_raw.
    return str(raw) if raw else None
