"""Corpus inputs: HTML pages, RSS/Atom feeds, WARC archives, URLs, directories of all of them."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO, ClassVar

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.doc import Document, content_id
from marsad.errors import (
    EmptyInputError,
    FetchError,
    InputNotFoundError,
    InputTooLargeError,
    MalformedInputError,
    UnsupportedInputError,
)
from marsad.inputs import SOURCE_SUFFIXES, read_inputs
from marsad.inputs.html import decode_html, decode_html_text, html_to_text
from marsad.inputs.plain import iter_plain
from marsad.inputs.reading import Loaded
from marsad.inputs.sniff import (
    kind_of_response,
    looks_like_feed,
    looks_like_html,
    looks_like_warc,
    source_suffix,
)
from marsad.inputs.warc import iter_warc

# Invented news, written for these tests.
BRIDGE = (
    "أعلنت بلدية مدينة الواحة يوم الأحد افتتاح جسر جديد فوق النهر يربط الحي الشمالي بالسوق القديم.",
    "وقال رئيس البلدية سالم الحداد إن المشروع كلف اثني عشر مليون دينار واستغرق بناؤه عامين.",
    "ويتوقع المهندسون أن يخفف الجسر الازدحام المروري في وسط المدينة خلال ساعات الذروة.",
)
CONVOY = (
    "وصلت قافلة تضم ثلاثين شاحنة من المساعدات الغذائية إلى القرى الشرقية بعد أسبوع من الفيضانات.",
    "وأوضح منسق الإغاثة أن الطرق الجبلية ما زالت مغلقة أمام السيارات الصغيرة.",
)
CLINIC = (
    "افتتحت جمعية أهلية عيادة متنقلة في بلدة الرمان لتقديم الفحوص المجانية للأطفال وكبار السن.",
    "وقالت الطبيبة المشرفة إن العيادة استقبلت في يومها الأول أكثر من مئة مراجع.",
)
NAV = ("الرئيسية", "سياسة", "اقتصاد", "رياضة")
FOOTER = "جميع الحقوق محفوظة لصحيفة الأفق"
MAX = 1_000_000


def page(
    paragraphs: tuple[str, ...],
    *,
    title: str = "افتتاح جسر جديد",
    head: str = "",
    charset: str | None = "utf-8",
) -> str:
    """A news page: a menu, the article, a footer."""
    meta = f'<meta charset="{charset}">' if charset else ""
    menu = "".join(f'<li><a href="/s{i}">{item}</a></li>' for i, item in enumerate(NAV))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html>\n<html lang='ar' dir='rtl'><head>{meta}<title>{title} | الأفق</title>"
        f"{head}</head><body><header><nav><ul>{menu}</ul></nav></header>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        f"<footer><p>{FOOTER}</p><a href='/contact'>اتصل بنا</a></footer></body></html>"
    )


def load(
    *paths: str | Path, published: str | None = None, stdin: BinaryIO | None = None
) -> list[Loaded]:
    sources = read_inputs([str(p) for p in paths], max_bytes=MAX, published=published, stdin=stdin)
    return list(sources)


def check(document: Document | None) -> Document:
    """The contract every document from every source keeps."""
    assert document is not None
    assert document.text.strip() == document.text != ""
    assert document.id == content_id(document.text)
    assert Document.from_dict(document.to_dict()) == document
    return document


def only_document(loaded: list[Loaded]) -> Document:
    assert [item.error for item in loaded] == [None]
    return check(loaded[0].document)


def documents(loaded: list[Loaded]) -> list[Document]:
    return [check(item.document) for item in loaded if item.error is None]


def errors(loaded: list[Loaded]) -> list[tuple[str, type[Exception]]]:
    return [(item.name, type(item.error)) for item in loaded if item.error is not None]


# ---------------------------------------------------------------- HTML


def test_html_page_keeps_the_article_and_its_metadata(tmp_path: Path) -> None:
    head = (
        '<link rel="canonical" href="https://www.alofoq.example/news/2024/bridge">'
        '<meta property="og:site_name" content="صحيفة الأفق">'
        '<meta property="article:published_time" content="2024-03-05T09:30:00+03:00">'
    )
    path = tmp_path / "bridge.html"
    path.write_text(page(BRIDGE, head=head), encoding="utf-8")

    loaded = load(path)
    doc = only_document(loaded)

    assert loaded[0].name == str(path)
    assert all(sentence in doc.text for sentence in BRIDGE)
    assert not any(item in doc.text for item in NAV)
    assert FOOTER not in doc.text and "اتصل بنا" not in doc.text
    # One paragraph a line: the sentence splitter treats a line break as a boundary.
    assert "\n".join(BRIDGE) in doc.text
    assert doc.meta.title == "افتتاح جسر جديد"
    assert doc.meta.published == "2024-03-05"
    assert doc.meta.url == "https://www.alofoq.example/news/2024/bridge"
    assert doc.meta.source == "صحيفة الأفق"
    assert doc.meta.lang == "ar"


def test_html_source_falls_back_to_the_host_name(tmp_path: Path) -> None:
    path = tmp_path / "p.htm"
    head = '<link rel="canonical" href="https://www.alofoq.example/news/7">'
    path.write_text(page(CONVOY, head=head), encoding="utf-8")
    doc = only_document(load(path))
    assert doc.meta.source == "alofoq.example"
    assert doc.meta.published is None


def test_html_without_url_has_no_source(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(page(CONVOY), encoding="utf-8")
    doc = only_document(load(path))
    assert doc.meta.url is None and doc.meta.source is None


def test_published_argument_overrides_the_page_date(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    head = '<meta name="date" content="2023-01-02">'
    path.write_text(page(BRIDGE, head=head), encoding="utf-8")
    assert only_document(load(path)).meta.published == "2023-01-02"
    assert only_document(load(path, published="2024-07-01")).meta.published == "2024-07-01"


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1256">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
        "",
    ],
    ids=["meta-charset", "http-equiv", "undeclared"],
)
def test_cp1256_html_decodes(tmp_path: Path, declaration: str) -> None:
    # Latin-heavy markup in the head: the undeclared page must still read as cp1256.
    head = declaration + "".join(
        f'<link rel="stylesheet" href="/static/css/theme-{i}.css" media="screen">'
        for i in range(20)
    )
    path = tmp_path / "old.html"
    path.write_bytes(page(BRIDGE, head=head, charset=None).encode("cp1256"))
    doc = only_document(load(path))
    assert BRIDGE[0] in doc.text
    assert doc.meta.title == "افتتاح جسر جديد"


def test_a_stale_cp1256_declaration_on_a_utf8_page_is_ignored() -> None:
    data = page(BRIDGE, charset="windows-1256").encode("utf-8")
    assert BRIDGE[1] in decode_html(data, "p.html")


@pytest.mark.parametrize("declared", [None, "utf-8", "windows-1256"])
def test_a_utf8_page_with_a_few_bad_bytes_is_not_read_as_cp1256(
    tmp_path: Path, declared: str | None
) -> None:
    """One invalid byte in a UTF-8 page (issue 24): read as UTF-8 with U+FFFD and a warning,
    never as cp1256 mojibake that still looks Arabic, whatever the page declares."""
    data = page(BRIDGE, charset=declared).encode("utf-8")
    first = BRIDGE[0].encode()
    path = tmp_path / "page.html"
    path.write_bytes(data.replace(first, first[:6] + b"\xff" + first[6:], 1))
    loaded = load(path)
    doc = only_document(loaded)
    assert BRIDGE[1] in doc.text and "\ufffd" in doc.text
    assert loaded[0].warnings == ("not valid UTF-8: 1 invalid byte sequence replaced by U+FFFD",)
    # From a URL whose header says windows-1256, the same.
    text, warnings = decode_html_text(path.read_bytes(), "p", charset="windows-1256")
    assert BRIDGE[1] in text and warnings == loaded[0].warnings


def test_utf8_text_served_as_cp1256_is_read_as_utf8() -> None:
    data = CLINIC[0].encode("utf-8")
    for body, warned in ((data, False), (data[:8] + b"\xff" + data[8:], True)):
        (loaded,) = iter_plain(body, "u", "text", charset="windows-1256")
        assert loaded.document is not None and CLINIC[0][4:] in loaded.document.text
        assert bool(loaded.warnings) == warned
    # Real cp1256 stays cp1256.
    (loaded,) = iter_plain(CLINIC[0].encode("cp1256"), "u", "text", charset="windows-1256")
    assert loaded.document is not None and loaded.document.text == CLINIC[0]


def test_the_http_charset_wins_over_detection() -> None:
    text = "<p>قصف مدفعي على القرية</p>"
    assert decode_html(text.encode("cp1256"), "p", charset="windows-1256") == text


def test_malformed_html_is_still_extracted(tmp_path: Path) -> None:
    broken = (
        "<html><head><title>جسر الواحة</title><body><nav><a href=/>الرئيسية</a><a href=/x>سياسة"
        f"</nav><div class=story><p>{BRIDGE[0]}<p>{BRIDGE[1]}<b>"
        f"<div><p>{BRIDGE[2]}</span></td></table><p"
    )
    path = tmp_path / "broken.html"
    path.write_text(broken, encoding="utf-8")
    doc = only_document(load(path))
    assert BRIDGE[0] in doc.text and BRIDGE[2] in doc.text
    assert doc.text.startswith(BRIDGE[0] + "\n")


@pytest.mark.parametrize(
    "html",
    [
        "<!DOCTYPE html><html><head><title>الأفق</title></head><body><nav><ul>"
        + "".join(f"<li><a href='/{i}'>{item}</a></li>" for i, item in enumerate(NAV))
        + f"</ul></nav><footer><p>{FOOTER}</p></footer></body></html>",
        "<html><body><img src='/a.png'></body></html>",
    ],
    ids=["menu-only", "image-only"],
)
def test_html_without_an_article_is_a_named_error(tmp_path: Path, html: str) -> None:
    path = tmp_path / "index.html"
    path.write_text(html, encoding="utf-8")
    [item] = load(path)
    assert isinstance(item.error, EmptyInputError)
    assert "no article text found in the HTML" in str(item.error)
    assert str(path) in str(item.error) and item.name == str(path)


def test_empty_and_oversized_html_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  \n")
    big = tmp_path / "big.html"
    big.write_text(page(BRIDGE * 50), encoding="utf-8")
    loaded = list(read_inputs([str(empty), str(big)], max_bytes=2_000))
    assert errors(loaded) == [(str(empty), EmptyInputError), (str(big), InputTooLargeError)]


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    fragment = (
        f"<div><p>{CONVOY[0]}</p><script>var x = 1;</script><p>{CONVOY[1]}"
        "<br>الطريق &amp; الجسر</p></div>"
    )
    assert html_to_text(fragment) == f"{CONVOY[0]}\n{CONVOY[1]}\nالطريق & الجسر"


# ---------------------------------------------------------------- feeds


def escaped(paragraphs: tuple[str, ...]) -> str:
    """Paragraphs as HTML escaped inside an XML element, as RSS descriptions carry them."""
    return "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs)


RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>وكالة أنباء الواحة</title><link>https://wna.example/</link>
<item><title>افتتاح جسر جديد</title><link>https://wna.example/news/1</link>
<pubDate>Tue, 05 Mar 2024 23:30:00 +0300</pubDate>
<description>{escaped(BRIDGE)}</description></item>
<item><title>وصول قافلة مساعدات</title><link>https://wna.example/news/2</link>
<pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate>
<description>{escaped(CONVOY)}</description></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>مرصد الرمان</title>
<link href="https://rumman.example/"/><id>urn:rumman</id><updated>2024-03-08T10:00:00Z</updated>
<entry><title>عيادة متنقلة</title><link href="https://rumman.example/clinic"/><id>urn:1</id>
<published>2024-03-07T22:00:00-02:00</published><updated>2024-03-08T10:00:00Z</updated>
<content type="html">{escaped(CLINIC)}</content></entry>
<entry><title>قافلة</title><link href="https://rumman.example/convoy"/><id>urn:2</id>
<updated>2024-03-08T09:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{CONVOY[0]}</p>
<p>{CONVOY[1]}</p></div></content></entry>
</feed>
"""


def test_rss_feed_gives_one_document_per_item(tmp_path: Path) -> None:
    path = tmp_path / "wna.rss"
    path.write_text(RSS, encoding="utf-8")
    loaded = load(path)
    first, second = documents(loaded)

    assert [item.name for item in loaded] == [f"{path}#entry-1", f"{path}#entry-2"]
    assert first.text == "\n".join(BRIDGE)
    assert first.meta.title == "افتتاح جسر جديد"
    assert first.meta.url == "https://wna.example/news/1"
    # The date as the agency wrote it (its own time zone), not shifted to UTC.
    assert first.meta.published == "2024-03-05"
    assert first.meta.source == "وكالة أنباء الواحة"
    assert second.text == "\n".join(CONVOY)
    assert second.meta.published == "2024-03-06"


def test_atom_feed_with_html_and_xhtml_content(tmp_path: Path) -> None:
    path = tmp_path / "rumman.atom"
    path.write_text(ATOM, encoding="utf-8")
    clinic, convoy = documents(load(path))
    assert clinic.text == "\n".join(CLINIC)
    assert clinic.meta.published == "2024-03-07"
    assert clinic.meta.url == "https://rumman.example/clinic"
    assert clinic.meta.source == "مرصد الرمان"
    assert convoy.text == "\n".join(CONVOY)
    assert convoy.meta.published == "2024-03-08"  # no <published>: <updated> stands in


def test_a_broken_entry_fails_alone(tmp_path: Path) -> None:
    feed = RSS.replace(f"<description>{escaped(BRIDGE)}</description>", "")
    path = tmp_path / "wna.rss"
    path.write_text(feed, encoding="utf-8")
    loaded = load(path)
    assert errors(loaded) == [(f"{path}#entry-1", EmptyInputError)]
    assert "#entry-1" in str(loaded[0].error)
    [doc] = documents(loaded)
    assert doc.meta.url == "https://wna.example/news/2"


def test_a_cut_feed_keeps_the_entries_it_has(tmp_path: Path) -> None:
    # feedparser marks the feed bozo (not well-formed) but still returns what it read.
    path = tmp_path / "cut.rss"
    path.write_text(RSS[: RSS.index("<pubDate>Wed")], encoding="utf-8")
    loaded = load(path)
    assert documents(loaded)[0].text == "\n".join(BRIDGE)
    assert errors(loaded) == [(f"{path}#entry-2", EmptyInputError)]


def test_an_unreadable_feed_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.rss"
    path.write_text("<rss><<channel>> خبر بلا قناة &", encoding="utf-8")
    [item] = load(path)
    assert isinstance(item.error, MalformedInputError)
    assert "not a readable RSS/Atom feed" in str(item.error) and str(path) in str(item.error)


def test_xml_files_are_sniffed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(ATOM, encoding="utf-8")
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0"?><urlset><url><loc>https://x.example/1</loc></url></urlset>'
    )
    xhtml = tmp_path / "page.xml"
    xhtml.write_text(page(CLINIC), encoding="utf-8")
    loaded = load(feed, sitemap, xhtml)
    assert [item.name for item in loaded] == [
        f"{feed}#entry-1",
        f"{feed}#entry-2",
        str(sitemap),
        str(xhtml),
    ]
    assert errors(loaded) == [(str(sitemap), UnsupportedInputError)]
    assert "neither an RSS/Atom feed nor HTML" in str(loaded[2].error)
    assert CLINIC[0] in check(loaded[3].document).text


# ---------------------------------------------------------------- WARC


def warc_bytes(records: Sequence[tuple[str, str, str | None, bytes]], *, compress: bool) -> bytes:
    """A WARC of (uri, HTTP status, Content-Type, body) responses, as a crawler writes it."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for uri, status, content_type, body in records:
        headers = [("Content-Type", content_type)] if content_type else []
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2024-03-09T12:00:00Z"},
        )
        writer.write_record(record)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
CRAWL = [
    ("https://alofoq.example/bridge", "200 OK", "text/html; charset=utf-8", page(BRIDGE).encode()),
    ("https://alofoq.example/logo.png", "200 OK", "image/png", PNG),
    (
        "https://alofoq.example/convoy",
        "200 OK",
        "text/html; charset=windows-1256",
        page(CONVOY, head='<meta name="date" content="2024-03-01">', charset=None).encode("cp1256"),
    ),
]


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_warc_gives_its_html_pages(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(warc_bytes(CRAWL, compress=compress))
    loaded = load(path)
    bridge, convoy = documents(loaded)

    assert loaded[0].name == f"{path}@0"
    assert loaded[1].name.startswith(f"{path}@") and loaded[1].name != loaded[0].name
    assert bridge.meta.url == "https://alofoq.example/bridge"
    assert convoy.meta.url == "https://alofoq.example/convoy"
    assert bridge.text.startswith(BRIDGE[0]) or BRIDGE[0] in bridge.text
    assert CONVOY[1] in convoy.text  # decoded with the HTTP header's windows-1256
    assert bridge.meta.published == "2024-03-09"  # no date in the page: the capture date
    assert convoy.meta.published == "2024-03-01"  # the page's own date wins


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_a_truncated_warc_keeps_what_came_before(tmp_path: Path, compress: bool) -> None:
    data = warc_bytes([CRAWL[0], CRAWL[2], CRAWL[1]], compress=compress)
    whole = tmp_path / ("whole.warc.gz" if compress else "whole.warc")
    whole.write_bytes(data)
    second = int(load(whole)[1].name.rpartition("@")[2])
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(data[: second + 300])  # cut in the middle of the second record

    loaded = load(path)
    assert len(loaded) == 2
    assert check(loaded[0].document).meta.url == "https://alofoq.example/bridge"
    error = loaded[1].error
    assert isinstance(error, MalformedInputError)
    assert str(path) in str(error) and "truncated or corrupt WARC record" in str(error)
    assert loaded[1].name == f"{path}@{second}"


def test_warc_skips_redirects_and_sniffs_pages_without_a_content_type(tmp_path: Path) -> None:
    records = [
        ("https://alofoq.example/old", "301 Moved Permanently", None, b""),
        ("https://alofoq.example/missing", "404 Not Found", "text/html", page(CONVOY).encode()),
        ("https://alofoq.example/clinic", "200 OK", None, page(CLINIC).encode()),
        ("https://alofoq.example/data.json", "200 OK", "application/json", b'{"a": 1}'),
    ]
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_bytes(records, compress=False))
    [doc] = documents(load(path))
    assert doc.meta.url == "https://alofoq.example/clinic"


def test_warc_resource_records_are_read(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    body = page(BRIDGE).encode()
    writer.write_record(
        writer.create_warc_record(
            "file:///mirror/bridge.html",
            "resource",
            payload=io.BytesIO(body),
            warc_content_type="text/html",
        )
    )
    path = tmp_path / "mirror.warc"
    path.write_bytes(buffer.getvalue())
    assert BRIDGE[0] in only_document(load(path)).text


def test_a_warc_record_over_the_limit_fails_alone(tmp_path: Path) -> None:
    big = ("https://alofoq.example/big", "200 OK", "text/html", page(BRIDGE * 40).encode())
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_bytes([big, CRAWL[0]], compress=True))
    loaded = list(read_inputs([str(path)], max_bytes=8_000))
    assert errors(loaded) == [(f"{path}@0", InputTooLargeError)]
    assert documents(loaded)[0].meta.url == "https://alofoq.example/bridge"


class _CountingStream(io.BytesIO):
    """A stream that counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_warc_is_streamed_a_record_at_a_time() -> None:
    data = warc_bytes([CRAWL[0], CRAWL[1]] * 100, compress=True)
    stream = _CountingStream(data)
    pages = iter_warc(stream, "big.warc.gz", max_bytes=MAX)
    assert BRIDGE[0] in check(next(pages).document).text
    assert stream.bytes_read < len(data) // 4
    assert len(list(pages)) == 99


@pytest.mark.parametrize("data", [b"", b"not a web archive\n" * 20], ids=["empty", "not-warc"])
def test_an_empty_or_foreign_warc_is_one_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(data)
    [item] = load(path)
    assert isinstance(item.error, EmptyInputError | MalformedInputError)
    assert str(path) in str(item.error)


# ---------------------------------------------------------------- directories, stdin, paths


def test_a_directory_of_every_kind(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "web").mkdir(parents=True)
    (corpus / "a.txt").write_text(CLINIC[0], encoding="utf-8")
    (corpus / "b.json").write_text(f'{{"text": "{CONVOY[0]}", "title": "قافلة"}}', "utf-8")
    (corpus / "c.jsonl").write_text(
        f'{{"text": "{BRIDGE[0]}"}}\n{{"text": "{BRIDGE[1]}"}}\n', encoding="utf-8"
    )
    (corpus / "web" / "d.html").write_text(page(BRIDGE), encoding="utf-8")
    (corpus / "web" / "e.rss").write_text(RSS, encoding="utf-8")
    (corpus / "web" / "f.xml").write_text(ATOM, encoding="utf-8")
    (corpus / "web" / "g.warc.gz").write_bytes(warc_bytes(CRAWL, compress=True))
    (corpus / "web" / "h.xml").write_text("<urlset></urlset>", encoding="utf-8")
    # Not sources: left alone.
    (corpus / "README.md").write_text("# مدونة", encoding="utf-8")
    (corpus / "web" / "logo.png").write_bytes(PNG)

    loaded = load(corpus)
    names = [item.name for item in loaded]
    assert names == [
        str(corpus / "a.txt"),
        str(corpus / "b.json"),
        f"{corpus / 'c.jsonl'}:1",
        f"{corpus / 'c.jsonl'}:2",
        str(corpus / "web" / "d.html"),
        f"{corpus / 'web' / 'e.rss'}#entry-1",
        f"{corpus / 'web' / 'e.rss'}#entry-2",
        f"{corpus / 'web' / 'f.xml'}#entry-1",
        f"{corpus / 'web' / 'f.xml'}#entry-2",
        f"{corpus / 'web' / 'g.warc.gz'}@0",
        loaded[10].name,
        str(corpus / "web" / "h.xml"),
    ]
    assert loaded[10].name.startswith(f"{corpus / 'web' / 'g.warc.gz'}@")
    assert errors(loaded) == [(str(corpus / "web" / "h.xml"), UnsupportedInputError)]
    assert len(documents(loaded)) == 11


def test_symbolic_links_in_a_folder_are_never_followed(tmp_path: Path) -> None:
    """Links out of the folder, dangling and looping links are named errors (M012); links
    inside it (to an ancestor, too) add nothing and cannot loop; the scan goes on."""
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    (corpus / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text(CONVOY[1], "utf-8")
    (corpus / "a.txt").write_text(CLINIC[0], "utf-8")
    (corpus / "sub" / "b.txt").write_text(CONVOY[0], "utf-8")
    (corpus / "passwd.txt").symlink_to(outside / "secret.txt")  # out of the folder
    (corpus / "elsewhere").symlink_to(outside, target_is_directory=True)
    (corpus / "gone.txt").symlink_to(corpus / "nothing.txt")  # dangling
    (corpus / "x.txt").symlink_to(corpus / "y.txt")  # a loop of two links
    (corpus / "y.txt").symlink_to(corpus / "x.txt")
    (corpus / "sub" / "up").symlink_to("..", target_is_directory=True)  # to an ancestor
    (corpus / "again.txt").symlink_to("a.txt")  # inside: a.txt is read at its own place
    (corpus / "README").symlink_to(corpus / "nowhere")  # not a source: never read anyway

    loaded = load(corpus)
    assert [(item.name, item.error and item.error.code) for item in loaded] == [
        (str(corpus / "a.txt"), None),
        (str(corpus / "elsewhere"), "M012"),
        (str(corpus / "gone.txt"), "M012"),
        (str(corpus / "passwd.txt"), "M012"),
        (str(corpus / "sub" / "b.txt"), None),
        (str(corpus / "x.txt"), "M012"),
        (str(corpus / "y.txt"), "M012"),
    ]
    messages = {item.name: str(item.error) for item in loaded if item.error is not None}
    assert "out of the folder" in messages[str(corpus / "passwd.txt")]
    assert "does not exist" in messages[str(corpus / "gone.txt")]
    assert "loop" in messages[str(corpus / "x.txt")]
    assert [d.text for d in documents(loaded)] == [CLINIC[0], CONVOY[0]]
    # A link given by name is the user's choice: followed.
    assert only_document(load(corpus / "passwd.txt")).text == CONVOY[1]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file: needs a user's rights")
def test_unreadable_files_and_folders_in_a_folder_are_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "hidden.txt").write_text(CONVOY[0], "utf-8")
    (corpus / "a.txt").write_text(CLINIC[0], "utf-8")
    (corpus / "b.txt").write_text(CONVOY[1], "utf-8")
    (corpus / "locked").chmod(0)
    (corpus / "b.txt").chmod(0)
    try:
        loaded = load(corpus)
    finally:
        (corpus / "locked").chmod(0o755)
        (corpus / "b.txt").chmod(0o644)
    assert [(item.name, item.error and item.error.code) for item in loaded] == [
        (str(corpus / "a.txt"), None),
        (str(corpus / "b.txt"), "M002"),
        (str(corpus / "locked"), "M002"),
    ]
    assert all("cannot read" in str(item.error) for item in loaded[1:])


def test_document_ids_are_stable(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(page(BRIDGE), encoding="utf-8")
    (tmp_path / "b.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "c.warc").write_bytes(warc_bytes(CRAWL, compress=False))
    first = [d.id for d in documents(load(tmp_path))]
    second = [d.id for d in documents(load(tmp_path))]
    assert first == second and len(first) == 5
    # The id is the text's: the same article from a page and from an archive is one document.
    html, rss_1, rss_2, warc_bridge, warc_convoy = first
    assert html == warc_bridge and len({html, rss_1, rss_2, warc_convoy}) == 4


def test_missing_paths_do_not_stop_the_run(tmp_path: Path) -> None:
    (tmp_path / "ok.html").write_text(page(CLINIC), encoding="utf-8")
    missing = [tmp_path / "gone.html", tmp_path / "gone.warc.gz", tmp_path / "gone.txt"]
    loaded = load(*missing, tmp_path / "ok.html")
    assert errors(loaded) == [(str(p), InputNotFoundError) for p in missing]
    assert CLINIC[0] in documents(loaded)[0].text


def test_an_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    saved = tmp_path / "article.php"
    saved.write_text(page(CONVOY), encoding="utf-8")
    plain = tmp_path / "note"
    plain.write_text(CLINIC[0], encoding="utf-8")
    html_doc, text_doc = documents(load(saved, plain))
    assert CONVOY[0] in html_doc.text and text_doc.text == CLINIC[0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (page(BRIDGE).encode(), BRIDGE[0]),
        (RSS.encode(), BRIDGE[0]),
        (CLINIC[0].encode("cp1256"), CLINIC[0]),
        (f'{{"text": "{CONVOY[0]}"}}'.encode(), CONVOY[0]),
        (warc_bytes(CRAWL, compress=True), BRIDGE[0]),
    ],
    ids=["html", "rss", "text", "json", "warc"],
)
def test_stdin_is_sniffed(data: bytes, expected: str) -> None:
    loaded = load("-", stdin=io.BytesIO(data))
    assert loaded[0].name.startswith("<stdin>")
    assert expected in documents(loaded)[0].text


def test_stdin_json_lines_are_given_as_they_come() -> None:
    """A pipe that sends two records and pauses: both are read before it closes (a watcher
    piping news into ``marsad ingest -`` gets them stored while it waits)."""
    lines = [json.dumps({"text": text}, ensure_ascii=False).encode() + b"\n" for text in CONVOY]
    read, write = os.pipe()
    os.write(write, lines[0] + lines[1])
    both = threading.Event()
    # Closes the pipe once the test has both records, or after 10 s (the reader then sees the
    # end, and the test fails instead of hanging).
    closer = threading.Thread(target=lambda: (both.wait(10), os.close(write)), daemon=True)
    closer.start()
    with open(read, "rb") as stdin:
        inputs = read_inputs(["-"], max_bytes=MAX, stdin=stdin)
        first, second = next(inputs), next(inputs)
        ended = not closer.is_alive()
        both.set()
        rest = list(inputs)
    assert not ended, "the records came only when stdin closed"
    assert [first.name, second.name] == ["<stdin>:1", "<stdin>:2"] and rest == []
    assert [d.text for d in documents([first, second])] == list(CONVOY[:2])


def test_a_json_record_alone_on_stdin_keeps_its_name() -> None:
    record = json.dumps({"text": CONVOY[0]}, ensure_ascii=False).encode() + b"\n"
    loaded = load("-", stdin=io.BytesIO(record))
    assert [r.name for r in loaded] == ["<stdin>"] and documents(loaded)[0].text == CONVOY[0]
    # A line over the limit is refused alone, the others are read.
    stream = io.BytesIO(record + record[:-1] * 20 + b"\n" + record)
    over = list(read_inputs(["-"], max_bytes=len(record) * 2, stdin=stream))
    assert [(r.name, r.error and r.error.code) for r in over] == [
        ("<stdin>:1", None),
        ("<stdin>:2", "M006"),
        ("<stdin>:3", None),
    ]


# ---------------------------------------------------------------- URLs


class _Site(BaseHTTPRequestHandler):
    """A small news site: path → (status, Content-Type, body)."""

    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {
        "/news/bridge": (
            200,
            "text/html; charset=windows-1256",
            page(BRIDGE, charset=None).encode("cp1256"),
        ),
        "/feed": (200, "application/rss+xml", RSS.encode()),
        "/feed-as-html": (200, "text/html", ATOM.encode()),
        "/article.json": (200, "application/json", f'{{"text": "{CLINIC[0]}"}}'.encode()),
        "/note.txt": (200, "text/plain; charset=utf-8", CONVOY[0].encode()),
        "/crawl.warc.gz": (200, "application/octet-stream", warc_bytes(CRAWL, compress=True)),
        "/logo.png": (200, "image/png", PNG),
        "/sitemap.xml": (200, "application/xml", b"<urlset><url/></urlset>"),
        "/big": (200, "text/html", page(BRIDGE * 50).encode()),
        "/old": (301, "text/html", b""),
    }

    def do_GET(self) -> None:
        path = self.path.removesuffix("?unsized").removesuffix("?slow")
        status, content_type, body = self.routes.get(path, (404, "text/html", b"not found"))
        if self.path.endswith("?slow"):
            time.sleep(1.5)
        # The client hangs up on bodies over its limit and on slow answers; that is expected.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(status)
            if status == 301:
                self.send_header("Location", "/news/bridge")
            self.send_header("Content-Type", content_type)
            if not self.path.endswith("?unsized"):  # no length: the reader must count itself
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_html_url(site: str) -> None:
    url = f"{site}/news/bridge"
    loaded = load(url)
    doc = only_document(loaded)
    assert loaded[0].name == url
    assert BRIDGE[2] in doc.text and FOOTER not in doc.text
    assert doc.meta.url == url
    assert doc.meta.source == "127.0.0.1"


def test_a_redirected_url_keeps_its_name_and_records_where_it_landed(site: str) -> None:
    loaded = load(f"{site}/old")
    assert loaded[0].name == f"{site}/old"
    assert only_document(loaded).meta.url == f"{site}/news/bridge"


def test_feed_urls(site: str) -> None:
    loaded = load(f"{site}/feed", f"{site}/feed-as-html")
    assert [item.name for item in loaded] == [
        f"{site}/feed#entry-1",
        f"{site}/feed#entry-2",
        f"{site}/feed-as-html#entry-1",
        f"{site}/feed-as-html#entry-2",
    ]
    assert documents(loaded)[0].meta.source == "وكالة أنباء الواحة"


def test_json_text_and_warc_urls(site: str) -> None:
    loaded = load(f"{site}/article.json", f"{site}/note.txt", f"{site}/crawl.warc.gz")
    clinic, note, bridge, _ = documents(loaded)
    assert clinic.text == CLINIC[0]
    assert note.text == CONVOY[0] and note.meta.url == f"{site}/note.txt"
    assert bridge.meta.url == "https://alofoq.example/bridge"
    assert loaded[2].name == f"{site}/crawl.warc.gz@0"


def test_bad_urls_are_errors_and_the_run_goes_on(site: str) -> None:
    with _ClosedPort() as dead:
        urls = [
            f"{site}/gone",
            dead,
            f"{site}/news/bridge?slow",
            f"{site}/logo.png",
            f"{site}/sitemap.xml",
            f"{site}/big",
            f"{site}/big?unsized",
        ]
        sources = read_inputs([*urls, f"{site}/news/bridge"], max_bytes=20_000, timeout=0.3)
        loaded = list(sources)
    assert errors(loaded) == [
        (urls[0], FetchError),
        (urls[1], FetchError),
        (urls[2], FetchError),
        (urls[3], UnsupportedInputError),
        (urls[4], UnsupportedInputError),
        (urls[5], InputTooLargeError),
        (urls[6], InputTooLargeError),
    ]
    not_found = loaded[0].error
    assert isinstance(not_found, FetchError)
    assert "HTTP 404" in str(not_found) and urls[0] in str(not_found)
    assert not_found.code == "M008" and not_found.http_status == 502
    assert BRIDGE[0] in documents(loaded)[0].text


class _ClosedPort:
    """A URL on a local port that nothing listens on (connection refused)."""

    def __enter__(self) -> str:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}/x"

    def __exit__(self, *exc: object) -> None:
        self._socket.close()


# ---------------------------------------------------------------- sniffing


def test_source_suffixes() -> None:
    assert {".html", ".rss", ".atom", ".xml", ".warc", ".warc.gz", ".txt", ".jsonl"} <= (
        SOURCE_SUFFIXES
    )
    assert source_suffix("a/b.tar.gz") == ".gz"
    assert source_suffix("CRAWL.ARC.GZ") == ".arc.gz"
    assert source_suffix("noext") == ""


def test_sniffing() -> None:
    bom = b"\xef\xbb\xbf"
    assert looks_like_feed(bom + b'<?xml version="1.0"?>\n<!-- x -->\n<rss version="2.0">')
    assert looks_like_feed(b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>")
    assert looks_like_feed("<feed>".encode("utf-16"))
    assert not looks_like_feed(b"<html><body>")
    assert looks_like_html(b"\n <!doctype HTML><html>")
    assert looks_like_html(b"<p>\xd9\x82\xd8\xb5\xd9\x81</p>")
    assert not looks_like_html("قصف مدفعي <b> على القرية".encode())
    assert looks_like_warc(gzip.compress(b"WARC/1.0\r\n"))
    assert not looks_like_warc(gzip.compress(b"<html>"))
    assert kind_of_response("text/html", RSS.encode(), "https://x.example/") == "feed"
    assert kind_of_response(None, b"...", "https://x.example/feed.rss") == "feed"
    assert kind_of_response("text/plain", b'{"text": "x"}', "https://x.example/a.json") == "json"
    assert kind_of_response("image/jpeg", b"\xff\xd8", "https://x.example/a") == "unsupported"


# ---------------------------------------------------------------- gzip


def _record(text: str, **fields: str) -> str:
    return json.dumps({"text": text, **fields}, ensure_ascii=False)


def test_gzipped_files_read_as_their_inner_kind(tmp_path: Path) -> None:
    lines = "\n".join(_record(t, title=f"خبر {i}") for i, t in enumerate(CONVOY))
    (tmp_path / "records.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    (tmp_path / "note.txt.gz").write_bytes(gzip.compress(CLINIC[0].encode()))
    (tmp_path / "bridge.html.gz").write_bytes(gzip.compress(page(BRIDGE).encode()))
    (tmp_path / "archive.tar.gz").write_bytes(gzip.compress(b"not a source"))  # left alone
    loaded = load(tmp_path)  # a directory scan finds the .gz sources
    names = [Path(item.name).name for item in loaded]
    assert names == ["bridge.html.gz", "note.txt.gz", "records.jsonl.gz:1", "records.jsonl.gz:2"]
    texts = [d.text for d in documents(loaded)]
    assert all(p in texts[0] for p in BRIDGE)  # the article of the page, not its markup
    assert "<" not in texts[0] and FOOTER not in texts[0]
    assert texts[1:] == [CLINIC[0], *CONVOY]


def test_gzip_limits_apply_to_the_decompressed_bytes(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(CLINIC[0].encode() * 20_000))  # ~2.6 MB from a few KB
    assert bomb.stat().st_size < MAX
    lines = tmp_path / "lines.jsonl.gz"
    long_line = _record(CLINIC[1] * 20_000)
    lines.write_bytes(gzip.compress(f"{long_line}\n{_record(CONVOY[0])}\n".encode()))
    loaded = load(bomb, lines)
    assert errors(loaded) == [
        (str(bomb), InputTooLargeError),
        (f"{lines}:1", InputTooLargeError),  # an over-long line is skipped, not held
    ]
    assert [d.text for d in documents(loaded)] == [CONVOY[0]]


def test_a_broken_gzip_file_is_a_named_error(tmp_path: Path) -> None:
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(f"{_record(CONVOY[0])}\n{_record(CONVOY[1])}\n".encode())[:-30])
    fake = tmp_path / "fake.txt.gz"
    fake.write_bytes(CLINIC[0].encode())
    loaded = load(cut, fake)
    failed = [(item.name, item.error) for item in loaded if item.error is not None]
    assert [name for name, _ in failed] == [str(cut), str(fake)]
    assert all(isinstance(e, MalformedInputError) and e.code == "M007" for _, e in failed)
    assert str(fake) in str(failed[1][1])


def test_gzipped_stdin_is_decompressed(tmp_path: Path) -> None:
    data = gzip.compress("\n".join(_record(t) for t in CONVOY).encode())
    assert [d.text for d in documents(load("-", stdin=io.BytesIO(data)))] == list(CONVOY)
    html = gzip.compress(page(CLINIC).encode())
    assert CLINIC[1] in only_document(load("-", stdin=io.BytesIO(html))).text
