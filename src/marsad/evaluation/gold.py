"""Reading gold files: JSON lines with an ``id``, and the ANT corpus records they point at.

Shared by the evaluations whose gold set has a team-written part (text in the file) and
offsets-only parts over real ANT articles (text read from ``../shared`` at evaluation time).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from marsad.errors import ConfigError, MalformedInputError

__all__ = ["read_corpus", "read_records", "span_or_none"]

Spn = tuple[int, int]


def read_records(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, record)`` for every non-empty line of ``path``; ``where`` is ``file:line``."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedInputError(f"not JSON: {exc}", source=where) from exc
            if not isinstance(record, dict) or "id" not in record:
                raise MalformedInputError("expected an object with an id", source=where)
            yield where, record


def read_corpus(corpus: Path, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The records of the gzipped JSONL ``corpus`` whose ids are in ``ids`` (read once, stops
    early); a missing id is an error that names it."""
    wanted = set(ids)
    found: dict[str, dict[str, Any]] = {}
    if not wanted:
        return found
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("id") in wanted:
                found[record["id"]] = record
                if len(found) == len(wanted):
                    break
    missing = sorted(wanted - set(found))
    if missing:
        raise ConfigError(
            f"{len(missing)} gold ids are not in the corpus: {missing[:5]}", source=str(corpus)
        )
    return found


def span_or_none(value: Any, where: str, length: int | None = None) -> Spn | None:
    """``[start, end]`` as a tuple (checked against a text of ``length``), or None for null."""
    if value is None:
        return None
    if not (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise MalformedInputError(f"expected [start, end] or null, got {value!r}", source=where)
    s, e = value
    if length is not None and not 0 <= s < e <= length:
        raise MalformedInputError(
            f"span [{s}, {e}) outside a text of {length} characters", source=where
        )
    return s, e
