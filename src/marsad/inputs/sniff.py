"""What kind of input a file, a URL response or stdin holds: by suffix, content type or bytes.

Suffixes and content types are hints that can lie (a feed served as ``text/html``, a page saved
as ``.xml``), so markup is also sniffed from its first bytes.
"""

from __future__ import annotations

import codecs
import re
import zlib
from email.message import Message
from pathlib import PurePath
from typing import Literal
from urllib.parse import urlsplit

# plain: text, JSON or JSONL, told apart after decoding; xml: markup that is neither a feed
# nor HTML; unsupported: an image, a PDF, anything that is not a document.
Kind = Literal["text", "json", "jsonl", "html", "feed", "warc", "plain", "xml", "unsupported"]

# Kinds that marsad.inputs.reading reads, by the path's suffix.
READING_KINDS: frozenset[Kind] = frozenset({"text", "json", "jsonl"})

SUFFIX_KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".arc": "warc",
    ".arc.gz": "warc",
}

_CONTENT_TYPE_KINDS: dict[str, Kind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/json": "json",
    "text/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/warc": "warc",
}
_BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")

# How many bytes sniffing looks at: a page's head can hold long comments or scripts.
SNIFF_BYTES = 4096
GZIP_MAGIC = b"\x1f\x8b"
# Leading noise before the root element: an XML declaration, comments, processing
# instructions (xml-stylesheet) and whitespace.
_PROLOG = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>/]|<!doctype rss")
_HTML_START = re.compile(
    rb"<(?:!doctype html|html|head|body|meta|title|div|p|article|section|table|h[1-6])[\s>/]"
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body)[\s>]")


def source_suffix(path: str) -> str:
    """The lower-case suffix that says what a path holds, double suffixes included.

    >>> source_suffix("crawl/2024-03.WARC.gz"), source_suffix("news.html"), source_suffix("x.gz")
    ('.warc.gz', '.html', '.gz')
    """
    suffixes = [s.lower() for s in PurePath(path).suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz" and suffixes[-2] in (".warc", ".arc"):
        return suffixes[-2] + suffixes[-1]
    return suffixes[-1] if suffixes else ""


def is_url(value: str) -> bool:
    """True for an ``http://`` or ``https://`` URL (any case)."""
    return value[:8].lower().startswith(("http://", "https://"))


def host_name(url: str | None) -> str | None:
    """The host of a URL without ``www.``, or None.

    >>> host_name("https://www.alofoq.example/news/1")
    'alofoq.example'
    """
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def kind_of_suffix(suffix: str) -> Kind | None:
    """The kind a suffix promises, or None where the bytes must tell (``.xml``, unknown)."""
    return SUFFIX_KINDS.get(suffix)


def url_suffix(url: str) -> str:
    """The suffix of a URL's path (``https://x.example/feed.rss?page=2`` → ``.rss``)."""
    return source_suffix(urlsplit(url).path)


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type header, lower-case; (None, None) when absent.

    >>> parse_content_type("text/html; charset=Windows-1256")
    ('text/html', 'windows-1256')
    """
    if not value:
        return None, None
    message = Message()
    message["content-type"] = value
    return message.get_content_type(), message.get_content_charset()


def _head(data: bytes) -> bytes:
    """The first bytes after any prolog, lower-cased, as ASCII-compatible bytes."""
    head = data[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Markup is ASCII: re-encoding the decoded head lets one set of patterns serve.
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    head = head.removeprefix(codecs.BOM_UTF8)
    return _PROLOG.sub(b"", head, count=1).lower()


def looks_like_feed(data: bytes) -> bool:
    """True when the root element is ``<rss>``, ``<feed>`` (Atom) or ``<rdf:RDF>`` (RSS 1.0)."""
    return _FEED_ROOT.match(_head(data)) is not None


def looks_like_html(data: bytes) -> bool:
    """True when the bytes start like an HTML page or fragment, or hold ``<html>``/``<body>``."""
    head = _head(data)
    if _HTML_START.match(head):
        return True
    return head.startswith(b"<") and _HTML_ANYWHERE.search(head) is not None


def looks_like_warc(data: bytes) -> bool:
    """True for a WARC or ARC file, plain or gzip-compressed record by record."""
    head = data[:SNIFF_BYTES]
    if head.startswith(GZIP_MAGIC):
        try:
            # Only the first member's first bytes are needed; a partial stream is fine.
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def sniff(data: bytes) -> Kind:
    """The kind of some bytes: warc, feed, html, xml (other markup) or plain (text, JSON)."""
    if looks_like_warc(data):
        return "warc"
    if looks_like_feed(data):
        return "feed"
    if looks_like_html(data):
        return "html"
    if _head(data).startswith(b"<"):
        return "xml"
    return "plain"


def kind_of_response(media_type: str | None, data: bytes, url: str) -> Kind:
    """The kind of a URL's response from its Content-Type, the URL's suffix, then its bytes.

    A feed served as HTML or XML is still a feed: feeds are sniffed before trusting the type.
    """
    kind = _CONTENT_TYPE_KINDS.get(media_type or "")
    if kind == "html":
        return "feed" if looks_like_feed(data) else "html"
    if kind is not None:
        return kind
    if media_type is not None and media_type.startswith(_BINARY_TYPES):
        return "unsupported"
    by_suffix = kind_of_suffix(url_suffix(url))
    if by_suffix is not None and by_suffix not in READING_KINDS:
        return by_suffix
    sniffed = sniff(data)
    if sniffed == "plain" and by_suffix is not None:
        return by_suffix
    return sniffed
