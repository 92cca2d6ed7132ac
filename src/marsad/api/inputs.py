"""What requests bring in, shared by the REST API and the web UI: the server's config, the
write token, the body size limit, and the text to analyze."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query
from starlette.requests import Request

from marsad.doc import Document
from marsad.errors import InputTooLargeError, MalformedInputError, QueryError, UnauthorizedError
from marsad.inputs.reading import (
    check_text,
    document_from_record,
    parse_json,
    validate_published,
)
from marsad.services import queries
from marsad.services.analysis import analyze_document
from marsad.settings import Settings
from marsad.store import Filters

DEFAULT_MAX_ANALYZE_BYTES = 1_000_000
# A 1 MB text takes about 20 s on one core; an analysis still running after this is refused.
DEFAULT_ANALYZE_TIME_LIMIT = 60.0
MIN_PUBLISHED = "1800-01-01"
MAX_PUBLISHED = "2199-12-31"


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """What ``marsad serve`` serves: the store, the settings its analysis runs with, the
    token that write routes need (None: no token, the server is local), the body limit,
    how many analyses may wait or run at once and for how long (seconds), how many
    exports may be written at once, and how long a computed map view or event total may be
    served again (seconds; a new document makes it out of date at once, see
    :mod:`marsad.services.cache`)."""

    store_url: str
    settings: Settings
    token: str | None = None
    max_analyze_bytes: int = DEFAULT_MAX_ANALYZE_BYTES
    analyze_slots: int = 4
    analyze_time_limit: float = DEFAULT_ANALYZE_TIME_LIMIT
    export_slots: int = 2
    cache_seconds: float = 30.0


def query_filters(
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    source: str | None = None,
    entity: Annotated[
        str | None,
        Query(
            description="mentions this entity: a key (kb:Q858) or any of its names in Arabic "
            "or English (داعش, Islamic State); 404 M080 when none matches, 400 M081 with the "
            "candidates when several do"
        ),
    ] = None,
    place: str | None = None,
    type: str | None = None,
    min_confidence: Annotated[
        str | None,
        Query(description="only events at least this sure: a probability from 0 to 1"),
    ] = None,
) -> Filters:
    """The filters of a request's query string (a FastAPI dependency shared by the API and
    the pages): ``from``, ``to``, ``source``, ``entity``, ``place``, ``type``,
    ``min_confidence`` (text, so that a blank form field is no filter and a bad value is the
    same M051 error as the CLI's)."""
    return queries.make_filters(
        date_from=date_from,
        date_to=date_to,
        source=source,
        entity=entity,
        place=place,
        event_type=type,
        min_confidence=min_confidence,
    )


def check_token(token: str | None, given: str | None) -> None:
    """``given`` is the Authorization header (``Bearer <token>``) or a form's bare token."""
    if token is None:
        return
    bare = (given or "").removeprefix("Bearer ")
    if not hmac.compare_digest(bare.encode(), token.encode()):
        raise UnauthorizedError("this server needs 'Authorization: Bearer <token>' to write")


async def limited_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it is known to pass ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise InputTooLargeError(f"the body is over the limit of {limit:,} bytes", source="request")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise InputTooLargeError(
                f"the body is over the limit of {limit:,} bytes", source="request"
            )
    return body


def json_object(body: bytes) -> dict[str, Any]:
    try:
        # parse_json refuses nesting deeper than the readers allow, as ingest does: a body
        # nested 100,000 deep raised RecursionError here (a 500; found by scripts/fuzz_api.py).
        payload = parse_json(body.decode("utf-8"), "request")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the body is not JSON: {exc}") from exc
    except MalformedInputError as exc:
        raise QueryError(f"the body is not JSON: {exc.message}") from exc
    if not isinstance(payload, dict):
        raise QueryError("the body must be a JSON object")
    return payload


def analyze_payload(payload: dict[str, Any], settings: Settings) -> Document:
    """Analyze ``{"text", "published"?, "title"?}`` from a request (not stored)."""
    text = payload.get("text")
    if not isinstance(text, str):
        raise QueryError("the body must be a JSON object with a string field 'text'")
    check_text(text, "request")  # before the date, as the first error a client sees
    published = payload.get("published")
    title = payload.get("title")
    # The same record reader as a JSON input of `marsad analyze` or `marsad ingest`, so a
    # text gives the same document here; the API is strict about the date (a bad one is an
    # error, not a date left out) and reads only these fields.
    record = {"text": text, "title": title if isinstance(title, str) and title.strip() else None}
    return analyze_document(
        document_from_record(record, "request", published_date(published)), settings=settings
    )


def published_date(value: object) -> str | None:
    """A request's ``published``: absent or blank, or a date YYYY-MM-DD from
    ``MIN_PUBLISHED`` to ``MAX_PUBLISHED`` (the time rules count days from it; year 1 or
    9999 overflowed Python's dates)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise QueryError(f"published must be a date YYYY-MM-DD (a string), not {value!r}")
    iso = validate_published(value.strip())
    if not MIN_PUBLISHED <= iso <= MAX_PUBLISHED:
        raise QueryError(
            f"published must be a date from {MIN_PUBLISHED} to {MAX_PUBLISHED}, not {value!r}"
        )
    return iso
