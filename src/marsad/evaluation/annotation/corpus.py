"""Where the annotated corpus lives and how it is read.

``eval/corpus/selection.tsv`` lists the 600 articles (split, group, flags, text digest);
``eval/corpus/annotations/<split>/<id>.json`` holds the adjudicated record of each article and
``eval/corpus/agreement/<id>.json`` the independent second annotation of the agreement sample.
Snippet files (article words) stay out of git in ``eval/corpus/raw/`` (ignored).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import ConfigError, MalformedInputError
from marsad.evaluation.annotation.select import Selected, read_selection
from marsad.evaluation.gold import read_corpus

__all__ = ["AnnotatedCorpus", "read_articles"]

SPLITS = ("train", "dev", "test")


def read_articles(ant: Path, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The ANT records with these ids (a missing corpus or id is an error naming it)."""
    wanted = set(ids)
    if wanted and not ant.exists():
        raise ConfigError("the ANT corpus is not here (../shared is needed)", source=str(ant))
    return read_corpus(ant, wanted)


@dataclass(frozen=True)
class AnnotatedCorpus:
    """The corpus folder (``eval/corpus``)."""

    root: Path

    @property
    def selection(self) -> dict[str, Selected]:
        path = self.root / "selection.tsv"
        if not path.exists():
            raise ConfigError("no selection.tsv: is this the annotated corpus?", source=str(path))
        return {row.id: row for row in read_selection(path)}

    def annotation_path(self, row: Selected, *, second: bool = False) -> Path:
        if second:
            return self.root / "agreement" / f"{row.id}.json"
        return self.root / "annotations" / row.split / f"{row.id}.json"

    def records(
        self, split: str | None = None, *, second: bool = False
    ) -> Iterator[tuple[Selected, dict[str, Any]]]:
        """``(row, record)`` for every annotated article (of ``split``), in selection order."""
        if split is not None and split not in SPLITS:
            raise ConfigError(f"split {split!r} is not one of {SPLITS}")
        for row in self.selection.values():
            if split is not None and row.split != split:
                continue
            path = self.annotation_path(row, second=second)
            if path.exists():
                try:
                    yield row, json.loads(path.read_text(encoding="utf-8"))
                except json.JSONDecodeError as exc:
                    raise MalformedInputError(f"not JSON: {exc}", source=str(path)) from exc
