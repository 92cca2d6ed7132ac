"""The REST API over the store (FastAPI): an adapter, no NLP and no SQL here.

Every route calls ``marsad.corpus`` (or ``marsad.services`` for analyze) and returns JSON;
errors are JSON ``{"error": {"code": "M051", "message": "..."}}`` with the HTTP status the
error class names (400 bad query, 404 unknown id, 413 too large, 429 busy, 503 over the time
limit, 500 M099 anything unexpected: logged, never a plain-text body). Read-only by default:
the write route (``POST /api/analyze``) needs the bearer token when one is configured.
Each worker thread keeps its own store connection (SQLite connections are not shared
between threads). Analyses run in one bounded worker thread with a time limit, exports in a
bounded number of threads (``marsad.api.guard``): the event loop only reads and answers.
A query parameter an /api route does not take is refused (400 M063), and ``/openapi.json``
documents the answers as they are (``marsad.api.models``, ``marsad.api.openapi``).
"""

# No ``from __future__ import annotations``: FastAPI reads the route signatures at run time,
# and the dependency aliases are local to create_app. Routes return JSONResponse themselves:
# FastAPI's serialization of a returned dict took four times as long as reading the document.
import base64
import functools
import hashlib
import io
import re
import threading
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import IO, Annotated, Final, Literal

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad import __version__
from marsad.api.guard import AnalysisWorkers, ExportSlots, Guard
from marsad.api.inputs import (
    ApiConfig,
    analyze_payload,
    check_token,
    json_object,
    limited_body,
    query_filters,
)
from marsad.api.models import (
    AnalyzeRequest,
    DocumentList,
    EntityDetail,
    EntityList,
    EventFeatureCollection,
    EventPage,
    FigureList,
    SearchResult,
    ServerInfo,
)
from marsad.api.openapi import (
    CSV,
    DOCUMENT_REF,
    EXPORT_CONTENT,
    GEOJSON,
    JSONL,
    bearer,
    errors,
    install_openapi,
    json_200,
    known_parameters,
    schema_ref,
)
from marsad.api.web import add_web_ui
from marsad.errors import AmbiguousEntityError, MarsadError, NotFoundError, QueryError
from marsad.services import export, queries
from marsad.services.analysis import build_pipeline
from marsad.services.cache import AnswerCache
from marsad.services.queries import MAX_GEOJSON_FEATURES, load_document
from marsad.store import Filters, Store

# ``events.geojson?limit=N`` up to this many features is built in memory and answered like a
# query, not as an export download (a feature is ~1 KB: at most ~5 MB before gzip).
INLINE_GEOJSON_FEATURES: Final = 5_000


class _Stores(threading.local):
    store: Store | None = None


def _error(
    status: int, code: str, message: str, candidates: list[dict[str, object]] | None = None
) -> JSONResponse:
    error: dict[str, object] = {"code": code, "message": message}
    if candidates:  # an ambiguous entity name (M081): the entities to choose from
        error["candidates"] = candidates
    return JSONResponse({"error": error}, status_code=status)


GZIP_LEVEL: Final = 6


@dataclass(frozen=True, slots=True)
class MapView:
    """A map view's GeoJSON, plain and gzipped once: a cached view asked again costs no
    compression (20 ms of a 1 MB view's ~25 ms of work, taken on every request before)."""

    body: bytes
    gzipped: bytes

    @classmethod
    def of(cls, body: bytes) -> "MapView":
        packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip
        return cls(body, packer.compress(body) + packer.flush())

    def response(self, request: Request) -> Response:
        """The gzipped body for a client that accepts it (the GZip middleware leaves a
        response that has its encoding alone), else the plain one."""
        media_type = f"{GEOJSON}; charset=utf-8"
        if "gzip" not in request.headers.get("accept-encoding", ""):
            return Response(self.body, media_type=media_type)  # the middleware adds Vary
        headers = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        return Response(self.gzipped, media_type=media_type, headers=headers)


def create_app(config: ApiConfig) -> FastAPI:
    """The API application over ``config.store_url`` (the store is opened and migrated once
    here, so a bad URL fails at start-up, not on the first request; the pipeline loads at
    start-up too, so the first analysis does not wait for it)."""
    Store.open(config.store_url).close()
    workers = AnalysisWorkers(config.analyze_slots, config.analyze_time_limit)
    exports = ExportSlots(config.export_slots)
    # At most 16 map views of up to 5,000 features (~5 MB each, and its gzip about a tenth of
    # that) per server process.
    map_views: AnswerCache[MapView] = AnswerCache(size=16, ttl=config.cache_seconds)
    event_totals: AnswerCache[int] = AnswerCache(size=256, ttl=config.cache_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The pipeline loads before the first request, in the thread that will run it.
        await workers.warm(lambda: build_pipeline(config.settings))
        yield
        workers.close()

    app = FastAPI(
        lifespan=lifespan,
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

    def render_error(request: Request, exc: MarsadError) -> Response:
        if not request.url.path.startswith("/api"):
            page: Callable[[Request, MarsadError], Response] = app.state.error_page
            return page(request, exc)
        candidates = exc.candidates if isinstance(exc, AmbiguousEntityError) else None
        return _error(exc.http_status, exc.code, exc.message, candidates)

    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, exc: MarsadError) -> Response:
        return render_error(request, exc)

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

    # Around the routes and the handlers above: nosniff everywhere, JSON for the unexpected.
    app.add_middleware(Guard, render_error=render_error)
    # Compressed for clients that ask (a map's GeoJSON shrinks about tenfold); added last, so
    # the outermost: it compresses the Guard's error bodies too. Level 6, gzip's own default,
    # not Starlette's 9: a 1 MB map view takes 20 ms instead of 46 for 4 % more bytes.
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=GZIP_LEVEL)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI from this server's static folder: FastAPI's default loads it from a CDN
        # (which this offline product cannot reach, and which the policy would refuse).
        return _docs_page()

    FiltersDep = Annotated[Filters, Depends(query_filters)]
    CountryParam = Annotated[
        str | None, Query(description="only events in this country: an ISO 3166-1 alpha-2 code")
    ]
    # Every /api route refuses a query parameter it does not take (M063), so a filter is
    # either applied or an error, never silently dropped.
    checked = [Depends(known_parameters)]
    get = functools.partial(app.get, dependencies=checked)
    post = functools.partial(app.post, dependencies=checked)

    @get("/api", summary="what this server is", response_model=ServerInfo, responses=errors())
    def root(s: StoreDep) -> JSONResponse:
        return JSONResponse({"name": "marsad", "version": __version__, "counts": s.counts()})

    @get(
        "/api/documents",
        summary="stored documents, in ingestion order",
        response_model=DocumentList,
        responses=errors(),
    )
    def documents(s: StoreDep, f: FiltersDep, limit: int = 50, offset: int = 0) -> JSONResponse:
        return JSONResponse({"documents": queries.documents(s, f, limit=limit, offset=offset)})

    @get(
        "/api/documents/{doc_id}",
        summary="one document in the marsad.document/1 contract",
        responses=errors(404) | json_200(DOCUMENT_REF, "the document, its text and its facts"),
    )
    def document(doc_id: str, s: StoreDep) -> JSONResponse:
        return JSONResponse(load_document(s, doc_id).to_dict())

    @get(
        "/api/search",
        summary="ranked full-text search with highlighted snippets",
        response_model=SearchResult,
        responses=errors(),
    )
    def search(
        q: str, s: StoreDep, f: FiltersDep, limit: int = 20, offset: int = 0
    ) -> JSONResponse:
        return JSONResponse(queries.search(s, q, f, limit=limit, offset=offset).to_dict())

    @get(
        "/api/events",
        summary="events, each once per story unless with_duplicates",
        response_model=EventPage,
        responses=errors(),
    )
    def events(
        s: StoreDep,
        f: FiltersDep,
        country: CountryParam = None,
        with_duplicates: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> JSONResponse:
        total, rows = queries.events(
            s,
            f,
            country=country,
            with_duplicates=with_duplicates,
            limit=limit,
            offset=offset,
            totals=event_totals,
        )
        return JSONResponse({"total": total, "events": rows})

    @get(
        "/api/events.geojson",
        summary="the geocoded events as GeoJSON, each once per story unless with_duplicates",
        response_class=Response,
        responses=errors(429)
        | {
            200: {
                "description": "a download: RFC 7946 GeoJSON, one point per event",
                "content": {GEOJSON: {"schema": schema_ref(EventFeatureCollection)}},
            }
        },
    )
    async def events_geojson(
        request: Request,
        f: FiltersDep,
        country: CountryParam = None,
        with_duplicates: bool = False,
        bbox: Annotated[
            str | None,
            Query(
                description="only events inside this box: min lon,min lat,max lon,max lat "
                "(WGS84 degrees, as a map's view gives it)",
                examples=["35.5,32.0,42.5,37.5"],
            ),
        ] = None,
        limit: Annotated[
            int | None,
            Query(
                ge=1,
                le=MAX_GEOJSON_FEATURES,
                description="at most this many features, newest first; the collection's "
                '"marsad" member then says {"limit": N, "more": true|false}',
            ),
        ] = None,
    ) -> Response:
        # Checked here, before the download starts (a bad country or box is an M051).
        f = replace(f, country=queries.country_code(country), bbox=queries.parse_bbox(bbox))
        if limit is not None and limit <= INLINE_GEOJSON_FEATURES:
            # A map's view (a box, a few thousand points) is a query, answered from memory
            # in the request pool like /api/events; only a whole-corpus download takes one
            # of the few export slots (a crowd of map clients would otherwise get 429s).
            def build() -> MapView:
                buffer = io.StringIO()
                export.export_geojson(
                    store(), buffer, f, with_duplicates=with_duplicates, limit=limit
                )
                return MapView.of(buffer.getvalue().encode("utf-8"))

            def view() -> MapView:  # a map view asked again is served from the cache
                key = (f, with_duplicates, limit)
                return map_views.get(key, store().newest_document(), build)

            return (await run_in_threadpool(view)).response(request)
        # The store is opened in the writer's thread: a connection stays in its thread.
        return await exports.respond(
            request,
            lambda fh: export.export_geojson(
                store(), fh, f, with_duplicates=with_duplicates, limit=limit
            ),
            GEOJSON,
            ".geojson",
        )

    @get(
        "/api/entities",
        summary="canonical entities, most mentioned first",
        response_model=EntityList,
        responses=errors(),
    )
    def entities(
        s: StoreDep,
        name: str | None = None,
        label: Annotated[
            Literal["PER", "ORG", "LOC", "MISC"] | None, Query(description="the entity type")
        ] = None,
        limit: int = 50,
        offset: int = 0,
    ) -> JSONResponse:
        return JSONResponse(
            {"entities": queries.entities(s, name=name, label=label, limit=limit, offset=offset)}
        )

    @get(
        "/api/entities/{key:path}",
        summary="one entity with its mentions, quotes and events",
        response_model=EntityDetail,
        responses=errors(404),
    )
    def entity(key: str, s: StoreDep) -> JSONResponse:
        return JSONResponse(queries.entity(s, key))

    @get(
        "/api/figures",
        summary="the claims about one subject over time",
        response_model=FigureList,
        responses=errors(),
    )
    def figures(subject: str, s: StoreDep, limit: int = 200) -> JSONResponse:
        return JSONResponse(
            {"subject": subject, "figures": queries.figures(s, subject, limit=limit)}
        )

    @get(
        "/api/export/{fmt}",
        summary="the corpus as jsonl, acled-csv, plover-csv or geojson (a download)",
        description="The filters are those of /api/events: the event formats hold the events "
        "they keep (each once per story unless with_duplicates); jsonl holds the documents "
        "they keep (country: those with an event there), less their events under "
        "min_confidence. acled-csv holds ACLED's event types, plover-csv the political "
        "interactions.",
        response_class=Response,
        responses=errors(429)
        | {200: {"description": "a download in the format asked for", "content": EXPORT_CONTENT}},
    )
    async def export_corpus(
        request: Request,
        fmt: Annotated[
            str, Path(description="the format", json_schema_extra={"enum": list(_EXPORTS)})
        ],
        f: FiltersDep,
        country: CountryParam = None,
        with_duplicates: Annotated[
            bool, Query(description="every copy of a story's events (event formats only)")
        ] = False,
    ) -> Response:
        if fmt not in _EXPORTS:
            raise QueryError(f"unknown export format {fmt!r}; one of: {', '.join(_EXPORTS)}")
        media, suffix, write = _EXPORTS[fmt]
        if with_duplicates and fmt == "jsonl":
            raise QueryError("with_duplicates applies to the event exports, not to jsonl")
        f = replace(f, country=queries.country_code(country))
        return await exports.respond(
            request, lambda fh: write(store(), fh, f, with_duplicates), media, suffix
        )

    @post(
        "/api/analyze",
        summary="analyze one text (not stored)",
        description="Needs the bearer token when the server has one (`marsad serve --token`).",
        responses=errors(401, 413, 429, 503)
        | json_200(DOCUMENT_REF, "the text's document: its facts, with offsets into it"),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": schema_ref(AnalyzeRequest)}},
            }
        },
    )
    async def analyze(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> JSONResponse:
        check_token(config.token, None if credentials is None else credentials.credentials)
        body = await limited_body(request, config.max_analyze_bytes)

        def work() -> JSONResponse:  # in the analysis thread: parsing, analysis, JSON
            doc = analyze_payload(json_object(body), config.settings)
            return JSONResponse(doc.to_dict())

        return await workers.run(work)

    install_openapi(app, token_required=config.token is not None)
    add_web_ui(app, config, store, workers)
    return app


_DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' {hashes}; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_docs: dict[str, tuple[str, str]] = {}


def _docs_page() -> HTMLResponse:
    """FastAPI's Swagger UI page over the vendored files, with a Content-Security-Policy
    that allows its inline script by hash and nothing from another origin."""
    if "page" not in _docs:
        html = bytes(
            get_swagger_ui_html(
                openapi_url="/openapi.json",
                title="marsad API",
                swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                swagger_favicon_url="/static/favicon.svg",
            ).body
        ).decode("utf-8")
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in _INLINE_SCRIPT.findall(html)
        )
        _docs["page"] = (html, _DOCS_CSP.format(hashes=hashes))
    html, csp = _docs["page"]
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})


# Each writer takes the store, the file, the filters (country included) and whether to keep
# every copy of a story's events.
_Writer = Callable[[Store, IO[str], Filters, bool], object]
_EXPORTS: dict[str, tuple[str, str, _Writer]] = {
    "jsonl": (JSONL, ".jsonl", lambda s, fh, f, _: export.export_jsonl(s, fh, filters=f)),
    "acled-csv": (
        CSV,
        ".csv",
        lambda s, fh, f, w: export.export_acled_csv(s, fh, filters=f, with_duplicates=w),
    ),
    "plover-csv": (
        CSV,
        ".csv",
        lambda s, fh, f, w: export.export_plover_csv(s, fh, filters=f, with_duplicates=w),
    ),
    "geojson": (
        GEOJSON,
        ".geojson",
        lambda s, fh, f, w: export.export_geojson(s, fh, f, with_duplicates=w),
    ),
}
