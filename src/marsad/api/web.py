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
from datetime import date, timedelta
from functools import lru_cache
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
from marsad.arabic.wordlists import load_wordlist
from marsad.corpus.rows import document_from_rows
from marsad.errors import MarsadError, QueryError
from marsad.extract.events.taxonomy import label, labels
from marsad.extract.places.gazetteer import Gazetteer
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
EVENT_NAMES: Mapping[str, str] = labels("type", "ar")
LABEL_NAMES: Mapping[str, str] = {"PER": "أشخاص", "ORG": "منظمات", "LOC": "أماكن", "MISC": "أخرى"}
# The filters a page takes, in the order of its chips, with the name a chip shows.
FILTER_NAMES: Mapping[str, str] = {
    "from": "من",
    "to": "إلى",
    "source": "المصدر",
    "entity": "الكيان",
    "place": "المكان",
    "type": "النوع",
    "min_confidence": "أدنى ثقة",
    "country": "الدولة",
}
_FILTER_PARAMS = tuple(FILTER_NAMES)
# The month names under the timeline: the most widely read family of the times word list.
MONTH_FAMILY = "egypt_gulf"


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


@lru_cache(maxsize=1)
def month_names() -> Mapping[int, str]:
    """``{1: "يناير", ...}``: the timeline's month labels, from ``times/months.tsv``."""
    rows = load_wordlist("times/months.tsv").select(family=MONTH_FAMILY)
    names: dict[int, str] = {}
    for row in rows:
        names.setdefault(int(row["month"]), row["word"])
    return names


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str:
    """A country's Arabic name from its ISO code (the gazetteer's), else the code."""
    if not code:
        return ""
    entry = Gazetteer.load().country(code.upper())
    return entry.name_ar if entry is not None else code


@lru_cache(maxsize=4096)
def place_kind(key: str, name: str) -> str | None:
    """The gazetteer kind (country, admin1, admin2, town, village) of an entity whose key is
    a place (``geo:79415``), found among the places named ``name``; None when not a place."""
    if not key.startswith("geo:") or not key[4:].isdigit():
        return None
    geonameid = int(key[4:])
    for entry in Gazetteer.load().candidates(name):
        if entry.geonameid == geonameid:
            return entry.kind
    return None


def place_kind_name(key: str, name: str) -> str:
    """The Arabic name of a place entity's kind (مدينة، محافظة), "" for other entities: what
    tells the city of الحديدة from its governorate."""
    kind = place_kind(key, name)
    return label("place_kind", kind) if kind else ""


def filter_chip(name: str, value: str) -> str:
    """A filter as its chip reads: the filter's Arabic name and its value's (a type's name,
    a country's name)."""
    shown = value
    if name == "type":
        shown = label("sub_type", value)
    elif name == "country":
        try:
            shown = country_name(queries.country_code_of(value))
        except QueryError:
            shown = value
    return f"{FILTER_NAMES.get(name, name)}: {shown}"


def _day_before(month: str) -> str:
    return (date.fromisoformat(f"{month}-01") - timedelta(days=1)).isoformat()


def _day_after(month: str) -> str:
    return (date.fromisoformat(month_range(month)[1]) + timedelta(days=1)).isoformat()


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
        filter_chip=filter_chip,
        place_kind_name=place_kind_name,
        token_required=config.token is not None,
    )
    env.filters["safe_url"] = safe_url
    env.filters["event_name"] = lambda t: EVENT_NAMES.get(t, t)
    env.filters["sub_type_name"] = lambda t: label("sub_type", t)
    env.filters["role_name"] = lambda r: label("role", r)
    env.filters["precision_name"] = lambda p: label("precision", p)
    env.filters["country_name"] = country_name
    env.filters["figure_kind_name"] = lambda k: label("figure_kind", k)
    env.filters["quote_kind_name"] = lambda k: label("quote_kind", k)
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
        return render(request, "search.html", data, lambda: {"active": active_filters(request)})

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
        offset = queries.page_offset(page, LIST_PAGE)
        unknown_country = None
        try:
            c = queries.country_code_of(country)
        except QueryError:
            if wants_json(request):
                raise
            # A page, not an error: the form stays, with a word on what it takes.
            c, unknown_country = None, (country or "").strip()
        data: dict[str, Any] = {
            "total": 0,
            "page": page,
            "page_size": LIST_PAGE,
            "events": [],
            "timeline": [],
            "points": [],
        }
        if unknown_country is None:
            total, rows = queries.events(
                s, f, country=c, with_duplicates=with_duplicates, limit=LIST_PAGE, offset=offset
            )
            data |= {
                "total": total,
                "events": rows,
                "timeline": queries.event_timeline(
                    s, f, country=c, with_duplicates=with_duplicates
                ),
                "points": queries.event_points(s, f, country=c, with_duplicates=with_duplicates),
            }

        def html() -> dict[str, Any]:
            series: dict[str, dict[str, int]] = defaultdict(dict)
            for r in data["timeline"]:
                series[r["period"]][r["type"]] = r["events"]
            chart = charts.stacked_bars(
                list(series.items()), order=list(EVENT_NAMES), clip=True, month_names=month_names()
            )
            codes = sorted({p["country"] for p in data["points"] if p["country"]})
            gone = chart.left_out
            return {
                "chart": chart,
                "active": active_filters(request),
                "unknown_country": unknown_country,
                "country_code": c,
                "earlier_url": page_url(request, to=_day_before(gone.first))
                if gone.before
                else None,
                "later_url": page_url(request, from_=_day_after(gone.last)) if gone.after else None,
                "map_labels": {
                    "countries": {code: country_name(code) for code in codes},
                    "precision": dict(labels("precision", "ar")),
                },
                "country_choices": [country_name(code) for code in codes],
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
            return {"chart": charts.stacked_bars(series, month_names=month_names())}

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


# Charts on the figures page at most: one per unit, the commonest first; the others are named.
MAX_UNIT_CHARTS = 4


def figures_view(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Claims grouped by source, and a chart per unit of their values over time: values in
    different units never share an axis. Past ``MAX_UNIT_CHARTS`` units, and for undated
    values, ``left_out`` says what was not drawn."""
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_source[r["source"] or "—"].append(r)
    sources = list(by_source)
    by_unit: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["value"] is not None:
            by_unit[(r["kind"] or "", r["unit"] or "")].append(r)
    ranked = sorted(by_unit.items(), key=lambda item: (-len(item[1]), item[0]))
    unit_charts, left_out = [], []
    for (kind, unit), group in ranked[:MAX_UNIT_CHARTS]:
        points = [
            (
                r["date"] or r["published"] or "",
                float(r["value"]),
                sources.index(r["source"] or "—"),
                r["text"],
            )
            for r in group
        ]
        chart = charts.dots_over_time(points)
        unit_charts.append(
            {
                "kind": kind,
                "unit": unit,
                "chart": chart,
                "count": len(group),
                "undated": len(group) - len(chart.dots),
            }
        )
    for (kind, unit), group in ranked[MAX_UNIT_CHARTS:]:
        left_out.append({"kind": kind, "unit": unit, "count": len(group)})
    return {"by_source": dict(by_source), "unit_charts": unit_charts, "left_out": left_out}
