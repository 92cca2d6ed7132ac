"""One HTML page → one Document: the article's text, title, date, URL and site, no boilerplate.

trafilatura finds the main text and leaves menus, footers and comments out; the page's bytes
are decoded here first, honouring a declared charset (many Arabic archives are windows-1256).
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document as Extracted

from marsad.doc import Document
from marsad.errors import EmptyInputError, InputError, MalformedInputError
from marsad.inputs.reading import (
    Loaded,
    arabic_ratio,
    decode_text,
    is_single_byte,
    read_record,
    utf8_text,
)
from marsad.inputs.sniff import host_name

# A charset declared in the page: <meta charset=...> or the http-equiv Content-Type's charset=.
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:-]+)""", re.I)
# The HTML standard looks at the first 1,024 bytes; pages with long scripts in the head put
# the declaration later, and a late one is still better than guessing.
_CHARSET_SCAN_BYTES = 8192
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
# Options for htmldate: the original publication date, from the page's markup and URL only,
# not a date mentioned somewhere in the article.
_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}


def clean_lines(text: str) -> str:
    """Whitespace runs collapsed within each line; blank lines dropped; lines kept apart."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag, or None."""
    match = _META_CHARSET.search(data[:_CHARSET_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    """Python's codec for a charset label, or None for a label to ignore."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        # A page that could declare this in ASCII is not UTF-16 (the HTML standard's rule).
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        # Browsers read these labels as windows-1252, a superset.
        return "cp1252"
    return name


def decode_html(data: bytes, source: str, charset: str | None = None) -> str:
    """A page's text (:func:`decode_html_text` without its warnings).

    >>> decode_html('<meta charset="windows-1256"><p>قصف</p>'.encode("cp1256"), "old.html")
    '<meta charset="windows-1256"><p>قصف</p>'
    """
    return decode_html_text(data, source, charset)[0]


def decode_html_text(
    data: bytes, source: str, charset: str | None = None
) -> tuple[str, tuple[str, ...]]:
    """A page's text and the warnings of its decoding: from its BOM, else the HTTP
    ``charset``, else a ``<meta>`` declaration, else detected (UTF-8, cp1256 judged on the
    text outside the tags, then ``reading.decode_text``).

    UTF-8 with a few invalid bytes stays UTF-8 (U+FFFD in their place, and a warning),
    whatever the page declares: one bad byte must not turn a page into cp1256 mojibake that
    still looks Arabic.
    """
    if not data.strip():
        raise EmptyInputError("the input is empty", source=source)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, source)
    for label in (charset, declared_charset(data)):
        codec = _codec(label)
        if codec is None:
            continue
        if codec == "utf-8" or is_single_byte(codec):
            # Pages saved as UTF-8 keep their old windows-1256 declaration surprisingly often.
            utf8 = utf8_text(data)
            if utf8 is not None:
                return utf8
        try:
            return data.decode(codec), ()
        except UnicodeDecodeError:
            break  # the declaration is wrong: detect instead
    return _detect(data, source)


def _detect(data: bytes, source: str) -> tuple[str, tuple[str, ...]]:
    utf8 = utf8_text(data)
    if utf8 is not None:
        return utf8
    # reading's check for cp1256 counts the Latin letters of tag names against it; judge the
    # text a reader would see instead.
    cp1256 = data.decode("cp1256", errors="replace")
    if arabic_ratio(_TAG.sub(" ", _SCRIPT_OR_STYLE.sub(" ", cp1256))) >= 0.5:
        return cp1256, ()
    return decode_text(data, source)


def _extract(page: str, url: str | None, source: str) -> Extracted | None:
    try:
        result = trafilatura.bare_extraction(
            page,
            url=url,
            with_metadata=True,
            # Precision: a page with no article (an index, a menu) yields nothing rather than
            # its navigation links.
            favor_precision=True,
            include_comments=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # a third-party parser on untrusted markup: report, never crash
        raise MalformedInputError(f"the HTML could not be parsed: {exc}", source=source) from exc
    return result if isinstance(result, Extracted) else None


def html_document(
    data: bytes,
    source: str,
    *,
    url: str | None = None,
    charset: str | None = None,
    published: str | None = None,
    fallback_published: str | None = None,
) -> Document:
    """The article in an HTML page as a Document, or an InputError naming ``source``.

    ``url`` is where the page came from (a canonical link in the page wins); ``published``
    overrides the page's date, ``fallback_published`` (a WARC's capture date) stands in for a
    missing one.
    """
    return _html_document(data, source, url, charset, published, fallback_published)[0]


def _html_document(
    data: bytes,
    source: str,
    url: str | None,
    charset: str | None,
    published: str | None,
    fallback_published: str | None,
) -> tuple[Document, tuple[str, ...]]:
    """:func:`html_document` and the warnings of the decoding and the record."""
    page, decoded = decode_html_text(data, source, charset)
    extracted = _extract(page, url, source)
    text = clean_lines(extracted.text or "") if extracted else ""
    if extracted is None or not text:
        raise EmptyInputError("no article text found in the HTML", source=source)
    page_url = extracted.url or url
    record = {
        "text": text,
        "title": extracted.title or None,
        "url": page_url,
        "published": extracted.date or fallback_published,
        "source": _site_name(extracted.sitename, url, page_url),
    }
    document, warnings = read_record(record, source, published)
    return document, (*decoded, *warnings)


def _site_name(sitename: str | None, url: str | None, page_url: str | None) -> str | None:
    """The site's own name (``og:site_name``...), else the page's host name.

    trafilatura fills a missing name with the fetched URL's host, port and all; the page's
    canonical host without a port names the source better.
    """
    derived = {urlsplit(u).netloc.lower().removeprefix("www.") for u in (url, page_url) if u}
    if sitename and sitename.lower() not in derived:
        return sitename
    return host_name(page_url)


def load_html(
    data: bytes,
    name: str,
    *,
    url: str | None = None,
    charset: str | None = None,
    published: str | None = None,
    fallback_published: str | None = None,
) -> Loaded:
    """:func:`html_document` as a Loaded: the Document, or the error that stopped it."""
    try:
        document, warnings = _html_document(data, name, url, charset, published, fallback_published)
    except InputError as exc:
        return Loaded(name, error=exc)
    return Loaded(name, document, warnings=warnings)


# Elements that start a new line of text; everything else runs on within its line.
_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"}
    | {"nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tr", "ul"}
)
_HIDDEN_TAGS = frozenset({"script", "style", "template", "head", "title"})


class _TextCollector(HTMLParser):
    """The visible text of an HTML fragment, a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one line per paragraph.

    >>> html_to_text("<p>قصف <b>مدفعي</b> على القرية.</p><p>ولا إصابات.</p>")
    'قصف مدفعي على القرية.\\nولا إصابات.'
    """
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return clean_lines("".join(collector.parts))
