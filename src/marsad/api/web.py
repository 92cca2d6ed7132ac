"""The analyst web UI: server-rendered Arabic pages (Jinja2, right to left) over the same use
cases as the REST API (``marsad.services.queries``). An adapter: no SQL and no NLP here.

Every page has a JSON twin: the same URL with ``format=json`` (or ``Accept:
application/json``) returns the data the page is drawn from. Everything from an article is
escaped by Jinja2's autoescaping; links to an article's own URL keep only http(s); pages carry
a Content-Security-Policy allowing scripts, styles, fonts and data from this server only.
"""

# No ``from __future__ import annotations``: FastAPI reads the route signatures at run time.
import calendar
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from marsad import __version__
from marsad.api import charts, highlight
from marsad.api.guard import AnalysisWorkers
from marsad.api.inputs import ApiConfig, analyze_payload, check_token, limited_body, query_filters
from marsad.corpus.rows import document_from_rows
from marsad.errors import MarsadError
from marsad.extract.events.taxonomy import EVENT_TYPES
from marsad.services import queries
from marsad.store import Filters, Store

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
SEARCH_PAGE = 20
LIST_PAGE = 50
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# ACLED's event types and marsad's political ones, as the UI names them (the taxonomy's
# Arabic names, in its order: the type filter and the chart legend list them so).
EVENT_NAMES: Mapping[str, str] = {t.code: t.name_ar for t in EVENT_TYPES}
LABEL_NAMES: Mapping[str, str] = {"PER": "أشخاص", "ORG": "منظمات", "LOC": "أماكن", "MISC": "أخرى"}
_FILTER_PARAMS = ("from", "to", "source", "entity", "place", "type", "min_confidence", "country")


def wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def page_url(request: Request, **changes: Any) -> str:
    """The current page's URL with some query parameters changed (None drops one); the page
    number resets unless given, since a new filter starts at the first page."""
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "format")}
    for key, value in changes.items():
        key = key.rstrip("_")  # from_= in a template is the "from" parameter
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def json_url(request: Request) -> str:
    params = dict(request.query_params) | {"format": "json"}
    return request.url.path + "?" + urlencode(params)


def safe_url(url: object) -> str | None:
    """An article's own URL, only when it is http(s): ``javascript:`` never becomes a link."""
    if not isinstance(url, str):
        return None
    return url if urlsplit(url.strip()).scheme in ("http", "https") else None


def month_range(month: str) -> tuple[str, str]:
    """``2017-09`` → (``2017-09-01``, ``2017-09-30``): a month facet as a date filter."""
    year, m = int(month[:4]), int(month[5:7])
    return f"{month}-01", f"{month}-{calendar.monthrange(year, m)[1]:02d}"


def snippet_parts(hit: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """A search hit's snippet as (text, highlighted) pieces; highlights are document
    offsets, the snippet starts at ``snippet_start``."""
    text, base = hit["snippet"], hit["snippet_start"]
    parts, at = [], 0
    for start, end in hit["highlights"]:
        s, e = start - base, end - base
        if s < at or e > len(text):
            continue
        parts += [(text[at:s], False), (text[s:e], True)]
        at = e
    parts.append((text[at:], False))
    return [p for p in parts if p[0]]


def _by_id(doc: Mapping[str, Any], kind: str, ref: str, field: str) -> str:
    """A referenced fact's display value (an event's actor, place or time), or the id."""
    for fact in doc.get(kind, []):
        if fact["id"] == ref:
            return str(fact.get(field) or fact.get("text") or ref)
    return ref


def _country(value: str | None) -> str | None:
    return value.strip().upper() if value and value.strip() else None


def add_web_ui(
    app: FastAPI, config: ApiConfig, store: Callable[[], Store], workers: AnalysisWorkers
) -> None:
    """Mount ``/static`` and the HTML pages on ``app``; analyses run on ``workers``."""
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.globals.update(
        page_url=page_url,
        snippet_parts=snippet_parts,
        entity_name=lambda doc, ref: _by_id(doc, "entities", ref, "canonical"),
        place_name=lambda doc, ref: _by_id(doc, "places", ref, "name"),
        time_value=lambda doc, ref: _by_id(doc, "times", ref, "value"),
        json_url=json_url,
        month_range=month_range,
        version=__version__,
        EVENT_NAMES=EVENT_NAMES,
        LABEL_NAMES=LABEL_NAMES,
        token_required=config.token is not None,
    )
    env.filters["safe_url"] = safe_url
    env.filters["event_name"] = lambda t: EVENT_NAMES.get(t, t)
    env.filters["number"] = lambda v: "" if v is None else highlight.format_number(v)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    StoreDep = Annotated[Store, Depends(store)]

    def render(
        request: Request,
        template: str,
        data: dict[str, Any],
        html: Callable[[], dict[str, Any]] | None = None,
        status: int = 200,
    ) -> Response:
        if wants_json(request):
            return JSONResponse(data, status_code=status)
        context = {"data": data, **(html() if html else {})}
        response = templates.TemplateResponse(request, template, context, status_code=status)
        response.headers.update(SECURITY_HEADERS)
        return response

    def error_page(request: Request, exc: MarsadError) -> Response:
        data = {"error": {"code": exc.code, "message": exc.message}}
        return render(request, "error.html", data, status=exc.http_status)

    app.state.error_page = error_page

    FiltersDep = Annotated[Filters, Depends(query_filters)]

    def active_filters(request: Request) -> list[tuple[str, str]]:
        return [(k, request.query_params[k]) for k in _FILTER_PARAMS if request.query_params.get(k)]

    def filter_labels(request: Request, s: Store) -> dict[str, str]:
        """What the chips and fields show for a filter: the entity's name, not its key."""
        entity = request.query_params.get("entity", "").strip()
        return {"entity": queries.entity_label(s, entity)} if entity else {}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, s: StoreDep) -> Response:
        total, events = queries.events(s, limit=10)
        data = {
            "counts": s.counts(),
            "entities": queries.entities(s, limit=12),
            "events": events,
            "events_total": total,
        }
        return render(request, "home.html", data)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request, s: StoreDep, f: FiltersDep, q: str = "", page: int = 1
    ) -> Response:
        offset = queries.page_offset(page, SEARCH_PAGE)
        data: dict[str, Any] = {"query": q, "page": page, "page_size": SEARCH_PAGE}
        if q.strip():
            result = queries.search(s, q, f, limit=SEARCH_PAGE, offset=offset)
            data |= result.to_dict() | {"facets": queries.search_facets(s, q, f)}
        else:
            docs = queries.documents(s, f, limit=SEARCH_PAGE, offset=offset)
            data |= {"total": None, "hits": docs, "facets": None}
        return render(
            request,
            "search.html",
            data,
            lambda: {"active": active_filters(request), "labels": filter_labels(request, s)},
        )

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, s: StoreDep) -> Response:
        row, facts = s.document(doc_id)  # read once: the contract and the entity keys
        doc = document_from_rows(row, facts).to_dict()
        story = {"story_id": row["story_id"], "duplicate_of": row["duplicate_of"]}
        keys = {m["id"]: m["entity_key"] for m in facts["mentions"]}
        data = {"document": doc, "story": story, "entity_keys": keys}
        return render(request, "document.html", data, lambda: article_view(doc))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(
        request: Request,
        s: StoreDep,
        f: FiltersDep,
        country: str | None = None,
        with_duplicates: bool = False,
        page: int = 1,
    ) -> Response:
        c = _country(country)
        offset = queries.page_offset(page, LIST_PAGE)
        total, rows = queries.events(
            s, f, country=c, with_duplicates=with_duplicates, limit=LIST_PAGE, offset=offset
        )
        data: dict[str, Any] = {
            "total": total,
            "page": page,
            "page_size": LIST_PAGE,
            "events": rows,
            "timeline": queries.event_timeline(s, f, country=c, with_duplicates=with_duplicates),
            "points": queries.event_points(s, f, country=c, with_duplicates=with_duplicates),
        }

        def html() -> dict[str, Any]:
            series: dict[str, dict[str, int]] = defaultdict(dict)
            for r in data["timeline"]:
                series[r["period"]][r["type"]] = r["events"]
            return {
                "chart": charts.stacked_bars(list(series.items())),
                "active": active_filters(request),
                "labels": filter_labels(request, s),
            }

        return render(request, "events.html", data, html)

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(
        request: Request,
        s: StoreDep,
        name: str | None = None,
        label: str | None = None,
        page: int = 1,
    ) -> Response:
        offset = queries.page_offset(page, LIST_PAGE)
        rows = queries.entities(s, name=name, label=label or None, limit=LIST_PAGE, offset=offset)
        data = {"name": name, "label": label, "page": page, "entities": rows}
        return render(request, "entities.html", data)

    @app.get("/entities/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, key: str, s: StoreDep) -> Response:
        data = queries.entity(s, key)

        def html() -> dict[str, Any]:
            series = [(r["period"], {"mentions": r["mentions"]}) for r in data["timeline"]]
            return {"chart": charts.stacked_bars(series)}

        return render(request, "entity.html", data, html)

    @app.get("/figures", response_class=HTMLResponse, include_in_schema=False)
    def figures_page(request: Request, s: StoreDep, subject: str = "") -> Response:
        rows = queries.figures(s, subject) if subject.strip() else []
        data = {"subject": subject, "figures": rows}
        return render(request, "figures.html", data, lambda: figures_view(rows))

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_form(request: Request) -> Response:
        return render(request, "analyze.html", {"document": None})

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_submit(request: Request) -> Response:
        body = await limited_body(request, config.max_analyze_bytes)
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        check_token(config.token, request.headers.get("authorization") or form.get("token"))
        form.pop("token", None)

        def work() -> Response:  # in the analysis thread: analysis and the page
            doc = analyze_payload(form, config.settings).to_dict()
            return render(request, "analyze.html", {"document": doc}, lambda: article_view(doc))

        return await workers.run(work)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg")


def article_view(doc: Mapping[str, Any]) -> dict[str, Any]:
    """What the article template draws: the text in segments, and the facts by id."""
    marks = highlight.marks(doc)
    places = {p["entity"]: p for p in doc.get("places", []) if p.get("entity")}
    return {
        "segments": highlight.segments(doc["text"], marks),
        "titles": {m.fact: m.title for m in marks},
        "places_by_entity": places,
    }


def figures_view(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Claims grouped by source, and a chart of the most common unit's values over time."""
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_source[r["source"] or "—"].append(r)
    units: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        if r["value"] is not None:
            units[(r["kind"] or "", r["unit"] or "")] += 1
    chart = None
    unit = None
    if units:
        unit = max(units, key=lambda k: units[k])
        sources = list(by_source)
        points = [
            (
                r["date"] or r["published"] or "",
                float(r["value"]),
                sources.index(r["source"] or "—"),
                r["text"],
            )
            for r in rows
            if r["value"] is not None and ((r["kind"] or ""), (r["unit"] or "")) == unit
        ]
        chart = charts.dots_over_time(points)
    return {"by_source": dict(by_source), "chart": chart, "chart_unit": unit}
