"""The JSON Schema of the ``marsad.document/1`` contract, and validation against it."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, cast

from jsonschema import Draft202012Validator

from marsad.errors import InvalidDocumentError


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) shipped in ``marsad/resources``."""
    path = resources.files("marsad.resources").joinpath("document.schema.json")
    return cast(dict[str, Any], json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(document_schema())


def schema_errors(data: Any) -> list[str]:
    """Every schema violation in a document dict, as ``path: message`` lines."""
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
        for err in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


def validate_document(data: Any) -> None:
    """Raise InvalidDocumentError naming the first violations when ``data`` breaks the schema."""
    errors = schema_errors(data)
    if errors:
        raise InvalidDocumentError("; ".join(errors[:5]))
