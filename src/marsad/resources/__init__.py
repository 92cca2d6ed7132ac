"""Data files only (lexicons, gazetteers, models), loaded lazily, plus the one way to read them."""

from __future__ import annotations

import gzip
from importlib import resources


def read_lines(package: str, name: str) -> list[str]:
    """The lines of a shipped text resource, gunzipped when its name ends in ``.gz``.

    >>> read_lines("marsad.resources.ner", "aliases.tsv")[0].split("\\t")[:2]
    ['canonical', 'label']
    """
    ref = resources.files(package).joinpath(name)
    if not name.endswith(".gz"):
        return ref.read_text(encoding="utf-8").splitlines()
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return fh.read().split("\n")
