"""The REST API over the store (FastAPI): an adapter, no NLP and no SQL here.

Every route calls ``marsad.corpus`` (or ``marsad.services`` for analyze) and returns JSON;
errors are JSON ``{"error": {"code": "M051", "message": "..."}}`` with the HTTP status the
error class names (400 bad query, 404 unknown id, 413 too large). Read-only by default: the
write route (``POST /api/analyze``) needs the bearer token when one is configured.
Each worker thread keeps its own store connection (SQLite connections are not shared
between threads).
"""

# No ``from __future__ import annotations``: FastAPI reads the route signatures at run time,
# and the dependency aliases are local to create_app. Routes return JSONResponse themselves:
# FastAPI's serialization of a returned dict took four times as long as reading the document.
import os
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Annotated

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad import __version__
from marsad.api.inputs import (
    ApiConfig,
    analyze_payload,
    check_token,
    json_object,
    limited_body,
    query_filters,
)
from marsad.api.web import add_web_ui
from marsad.errors import MarsadError, NotFoundError, QueryError
from marsad.services import export, queries
from marsad.services.queries import load_document
from marsad.store import Filters, Store


class _Stores(threading.local):
    store: Store | None = None


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def create_app(config: ApiConfig) -> FastAPI:
    """The API application over ``config.store_url`` (the store is opened and migrated once
    here, so a bad URL fails at start-up, not on the first request)."""
    Store.open(config.store_url).close()
    app = FastAPI(
        title="marsad",
        version=__version__,
        description="Arabic news as a searchable, source-attributed record of who did what, "
        "where, when and how many.",
        docs_url=None,
        redoc_url=None,
    )
    local = _Stores()

    def store() -> Store:
        if local.store is None:
            local.store = Store.open(config.store_url, migrate=False)
        return local.store

    StoreDep = Annotated[Store, Depends(store)]

    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, exc: MarsadError) -> Response:
        if not request.url.path.startswith("/api"):
            page: Callable[[Request, MarsadError], Response] = app.state.error_page
            return page(request, exc)
        return _error(exc.http_status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # An unknown route or method: the same error shape as every other error.
        if exc.status_code == 404:
            return await marsad_error(request, NotFoundError(f"no such page: {request.url.path}"))
        error = QueryError(str(exc.detail))
        error.http_status = exc.status_code
        return await marsad_error(request, error)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        return await marsad_error(request, QueryError(problems))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI from this server's static folder: FastAPI's default loads it from a CDN.
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="marsad API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    FiltersDep = Annotated[Filters, Depends(query_filters)]

    @app.get("/api", summary="what this server is")
    def root(s: StoreDep) -> JSONResponse:
        return JSONResponse({"name": "marsad", "version": __version__, "counts": s.counts()})

    @app.get("/api/documents", summary="stored documents, in ingestion order")
    def documents(s: StoreDep, f: FiltersDep, limit: int = 50, offset: int = 0) -> JSONResponse:
        return JSONResponse({"documents": queries.documents(s, f, limit=limit, offset=offset)})

    @app.get("/api/documents/{doc_id}", summary="one document in the marsad.document/1 contract")
    def document(doc_id: str, s: StoreDep) -> JSONResponse:
        return JSONResponse(load_document(s, doc_id).to_dict())

    @app.get("/api/search", summary="ranked full-text search with highlighted snippets")
    def search(
        q: str, s: StoreDep, f: FiltersDep, limit: int = 20, offset: int = 0
    ) -> JSONResponse:
        return JSONResponse(queries.search(s, q, f, limit=limit, offset=offset).to_dict())

    @app.get("/api/events", summary="events, each once per story unless with_duplicates")
    def events(
        s: StoreDep,
        f: FiltersDep,
        country: str | None = None,
        with_duplicates: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> JSONResponse:
        total, rows = queries.events(
            s, f, country=country, with_duplicates=with_duplicates, limit=limit, offset=offset
        )
        return JSONResponse({"total": total, "events": rows})

    @app.get("/api/events.geojson", summary="the geocoded events as a GeoJSON FeatureCollection")
    def events_geojson(s: StoreDep, f: FiltersDep) -> FileResponse:
        return _file_response(
            lambda fh: export.export_geojson(s, fh, f), "application/geo+json", ".geojson"
        )

    @app.get("/api/entities", summary="canonical entities, most mentioned first")
    def entities(
        s: StoreDep,
        name: str | None = None,
        label: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> JSONResponse:
        return JSONResponse(
            {"entities": queries.entities(s, name=name, label=label, limit=limit, offset=offset)}
        )

    @app.get("/api/entities/{key:path}", summary="one entity with its mentions, quotes and events")
    def entity(key: str, s: StoreDep) -> JSONResponse:
        return JSONResponse(queries.entity(s, key))

    @app.get("/api/figures", summary="the claims about one subject over time")
    def figures(subject: str, s: StoreDep, limit: int = 200) -> JSONResponse:
        return JSONResponse(
            {"subject": subject, "figures": queries.figures(s, subject, limit=limit)}
        )

    @app.get("/api/export/{fmt}", summary="the corpus as jsonl, acled-csv or geojson")
    def export_corpus(
        fmt: str,
        s: StoreDep,
        min_confidence: Annotated[
            str | None,
            Query(description="only events at least this sure: a probability from 0 to 1"),
        ] = None,
    ) -> FileResponse:
        if fmt not in _EXPORTS:
            raise QueryError(f"unknown export format {fmt!r}; one of: {', '.join(_EXPORTS)}")
        sure = queries.make_filters(min_confidence=min_confidence).min_confidence
        media, suffix, write = _EXPORTS[fmt]
        return _file_response(lambda fh: write(s, fh, sure), media, suffix)

    @app.post("/api/analyze", summary="analyze one text (not stored)")
    async def analyze(
        request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> JSONResponse:
        check_token(config.token, authorization)
        payload = json_object(await limited_body(request, config.max_analyze_bytes))
        return JSONResponse(analyze_payload(payload, config.settings).to_dict())

    add_web_ui(app, config, store)
    return app


def _file_response(write: Callable[[IO[str]], object], media: str, suffix: str) -> FileResponse:
    """Written to a temporary file first (not memory: a corpus export can be gigabytes),
    then streamed as a download and deleted."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=suffix, delete=False, newline=""
    ) as fh:
        write(fh)
    return FileResponse(
        fh.name,
        media_type=f"{media}; charset=utf-8",
        filename=f"marsad{suffix}",
        background=BackgroundTask(os.unlink, fh.name),
    )


# Each writer takes the store, the file and the minimum confidence of the events (or None).
_EXPORTS: dict[str, tuple[str, str, Callable[[Store, IO[str], float | None], object]]] = {
    "jsonl": (
        "application/x-ndjson",
        ".jsonl",
        lambda s, fh, sure: export.export_jsonl(s, fh, min_confidence=sure),
    ),
    "acled-csv": (
        "text/csv",
        ".csv",
        lambda s, fh, sure: export.export_acled_csv(s, fh, min_confidence=sure),
    ),
    "geojson": (
        "application/geo+json",
        ".geojson",
        lambda s, fh, sure: export.export_geojson(s, fh, Filters(min_confidence=sure)),
    ),
}
