"""What ``/openapi.json`` says beyond FastAPI's defaults, so that it describes the server as it
answers: the errors it really returns (400 ``{"error": …}``, never FastAPI's 422), the
document contract's JSON Schema, the download media types, the bearer token as a security
scheme, and the refusal of a query parameter a route does not take."""

from __future__ import annotations

import copy
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from pydantic import BaseModel

from marsad.api.models import AnalyzeRequest, ErrorResponse, EventFeatureCollection, schema_of
from marsad.errors import UnknownParameterError
from marsad.schema import document_schema

GEOJSON: Final = "application/geo+json"
JSONL: Final = "application/x-ndjson"
CSV: Final = "text/csv"
DOCUMENT_REF: Final = {"$ref": "#/components/schemas/Document"}
BEARER: Final = "bearer"

# What each error status means on this server, with the codes that answer with it.
_ERRORS: Final[dict[int, str]] = {
    400: "a bad parameter or body: M051 (a bad filter, query or value), M063 (a parameter "
    "this route does not take), M003 (a text with nothing to analyze)",
    401: "M060: the server has a token and the request did not bring it",
    404: "M052: no such document, entity or page",
    413: "M006: the body is over the server's limit",
    429: "M061: the server already runs as many analyses or exports as it allows",
    500: "M099: an unexpected error, logged on the server",
    503: "M050: the store cannot be read; M062: the analysis took longer than the time limit",
}
# Every /api route may answer these (a bad parameter, the store down, a bug).
_ALWAYS: Final = (400, 500, 503)

bearer = HTTPBearer(
    auto_error=False,
    scheme_name=BEARER,
    description="`Authorization: Bearer <token>`: the token of `marsad serve --token`, "
    "needed by the write route when the server has one; reads need none.",
)


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses of a route: the common ones and ``statuses``."""
    return {
        s: {"model": ErrorResponse, "description": _ERRORS[s]}
        for s in sorted({*_ALWAYS, *statuses})
    }


def schema_ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def json_200(schema: dict[str, Any], description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {"application/json": {"schema": schema}}}}


EXPORT_CONTENT: Final = {
    JSONL: {
        "schema": {
            "type": "string",
            "description": "one marsad.document/1 document (see Document) per line",
        }
    },
    f"{CSV}": {
        "schema": {
            "type": "string",
            "description": "one event per row (UTF-8): acled-csv ACLED's columns then "
            "marsad's; plover-csv the political interactions in PLOVER-style columns",
        }
    },
    GEOJSON: {"schema": schema_ref(EventFeatureCollection)},
}

# Models that only the hand-written parts of the spec name (the routes name the others).
_EXTRA_MODELS: Final = (EventFeatureCollection, AnalyzeRequest)


def _document_component() -> dict[str, Any]:
    schema = copy.deepcopy(document_schema())
    # The contract's own identifiers would rebase references inside the API's document.
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


def install_openapi(app: FastAPI, *, token_required: bool) -> None:
    """Make ``app.openapi()`` the corrected spec (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = _corrected(spec, token_required)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _corrected(spec: dict[str, Any], token_required: bool) -> dict[str, Any]:
    components = spec.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for operations in spec.get("paths", {}).values():
        for op in operations.values():
            # FastAPI documents 422 for its own validation errors; this server answers them
            # with 400 and the error shape (marsad.api.app's handler).
            op.get("responses", {}).pop("422", None)
            if "security" in op and not token_required:
                # Without a token the write route is open too: the scheme is optional.
                op["security"] = [{}, *op["security"]]
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Document"] = _document_component()
    for model in _EXTRA_MODELS:
        for name, schema in _model_components(model).items():
            schemas.setdefault(name, schema)
    return spec


def _model_components(model: type[BaseModel]) -> dict[str, Any]:
    schema = schema_of(model)
    nested = schema.pop("$defs", {})
    return {model.__name__: schema, **nested}


def _parameters(route: APIRoute) -> set[str]:
    """The query parameters a route takes, by the name a client writes (a walk over a few
    objects: not worth a cache, which routes, unhashable, would have to be kept in)."""
    names: set[str] = set()
    todo: list[Dependant] = [route.dependant]
    while todo:  # the route's own parameters and those of its dependencies (the filters)
        dependant = todo.pop()
        names.update(p.alias for p in dependant.query_params)
        todo.extend(dependant.dependencies)
    return names


async def known_parameters(request: Request) -> None:
    """A dependency of every /api route: refuse (M063) a query parameter it does not take."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    taken = _parameters(route)
    unknown = sorted(set(request.query_params) - taken)
    if unknown:
        accepted = ", ".join(sorted(taken)) or "none"
        raise UnknownParameterError(
            f"{request.url.path} does not take the parameter(s) {', '.join(unknown)}; "
            f"it takes: {accepted}"
        )
