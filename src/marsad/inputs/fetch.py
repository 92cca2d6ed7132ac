"""Fetching a URL's bytes with urllib: a timeout, a size limit and errors that name the URL."""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from marsad.errors import FetchError, InputTooLargeError
from marsad.inputs.sniff import parse_content_type

USER_AGENT = "marsad (Arabic news reader)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Fetched:
    """A URL's response: ``url`` after redirects, the body, and its Content-Type's parts."""

    url: str
    data: bytes
    media_type: str | None
    charset: str | None
    content_type: str | None  # the header as sent, for parsers that read it themselves


def fetch(url: str, *, max_bytes: int, timeout: float = 30.0) -> Fetched:
    """GET ``url``; raise FetchError (naming it) on any network or HTTP error, and
    InputTooLargeError for a body over ``max_bytes``.

    ``timeout`` bounds each network wait and the whole download, so a server that trickles
    bytes cannot hold a batch up.
    """
    # Identity encoding: a compressed body would need its own size limit while inflating.
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "identity"}
    try:
        with urlopen(Request(url, headers=headers), timeout=timeout) as response:
            header = response.headers.get("Content-Type")
            _check_length(response.headers.get("Content-Length"), url, max_bytes)
            data = _read_limited(response, url, max_bytes, time.monotonic() + timeout)
            final_url = response.geturl()
    except HTTPError as exc:
        exc.close()
        raise FetchError(f"HTTP {exc.code} {exc.reason}", source=url) from exc
    except URLError as exc:
        raise FetchError(f"cannot fetch: {exc.reason}", source=url) from exc
    except TimeoutError as exc:
        raise FetchError(f"no complete answer within {timeout:g} s", source=url) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # A dropped connection, a broken response, a malformed URL (``http://[::1``).
        raise FetchError(f"cannot fetch: {exc or type(exc).__name__}", source=url) from exc
    media_type, charset = parse_content_type(header)
    return Fetched(final_url, data, media_type, charset, header)


def _check_length(value: str | None, url: str, max_bytes: int) -> None:
    if value and value.strip().isdigit() and int(value) > max_bytes:
        raise InputTooLargeError(
            f"{int(value):,} bytes is over the limit of {max_bytes:,} (settings: input.max_bytes)",
            source=url,
        )


def _read_limited(
    response: http.client.HTTPResponse, url: str, max_bytes: int, deadline: float
) -> bytes:
    """The body, in chunks, stopping one byte past the limit (no Content-Length is trusted)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(min(_CHUNK, max_bytes + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputTooLargeError(
                f"the body is over the limit of {max_bytes:,} bytes (settings: input.max_bytes)",
                source=url,
            )
        if time.monotonic() > deadline:
            raise TimeoutError
    return b"".join(chunks)
