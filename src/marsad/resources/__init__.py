"""Data files only (lexicons, gazetteers, models), loaded lazily, plus the one way to read them."""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from importlib import resources


def read_lines(package: str, name: str) -> list[str]:
    """The lines of a shipped text resource, gunzipped when its name ends in ``.gz``.

    >>> read_lines("marsad.resources.entities", "aliases.tsv")[0].split("\\t")[:2]
    ['canonical', 'label']
    """
    ref = resources.files(package).joinpath(name)
    if not name.endswith(".gz"):
        return ref.read_text(encoding="utf-8").splitlines()
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return fh.read().split("\n")


def tsv_rows(
    lines: Iterable[str], header: tuple[str, ...], source: str | None = None, *, strip: bool = True
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` for every data row of a hand-written TSV table.

    Blank and ``#`` lines are skipped; the first other line must be ``header``; every row must
    have as many cells as the header. A ``ValueError`` names the line (after ``source``).
    Cells are stripped of surrounding spaces unless ``strip=False`` (the word lists keep them,
    to refuse an entry with stray spaces rather than hide it).

    >>> list(tsv_rows(["# note", "a\\tb", "1\\t2"], ("a", "b")))
    [(3, ['1', '2'])]
    """
    header_seen = False
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source} line {number}" if source else f"line {number}"
        cells = line.split("\t")
        if strip:
            cells = [cell.strip() for cell in cells]
        if not header_seen:
            if tuple(cells) != header:
                raise ValueError(f"{where}: header must be {'<TAB>'.join(header)}")
            header_seen = True
            continue
        if len(cells) != len(header):
            raise ValueError(f"{where}: {len(cells)} columns, not {len(header)}")
        yield number, cells
