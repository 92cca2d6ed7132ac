"""The word-type lexicon shipped in ``marsad/resources/lexicon``, loaded lazily and cached.

The resource (built by ``scripts/build_lexicon.py``; sources and licences in its README) is a
gzipped TSV of NORMALIZED word types (:func:`marsad.arabic.normalize.normalize_text`) with
counts. It holds word types and counts only, never sentences. Columns:

``form``  the normalized word type (``مدينه``, ``الموصل``, ``ادي``);
``count`` occurrences in the news corpora it was counted on;
``tm``    how many of those occurrences were written with a final ``ة`` (normalized to ``ه``):
          ``مدينه`` is almost always ``مدينة``, ``كتابه`` never is;
``bare``  for forms starting with ``ا``: how many occurrences started with a bare ``ا`` (no
          hamza): ``العراق`` always does, ``ادي`` (``أدى``) almost never does;
``name``  how often the type occurs as a token of a person name (Wikidata name pairs).

The tokenizer uses ``tm`` and ``bare`` to recover the distinctions normalization erases
(``وادي`` is not ``و`` + ``أدى``), and ``name`` to protect names (``وليد``, ``والتر``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from marsad.resources import read_lines

__all__ = ["LEXICON_FILE", "Entry", "Lexicon", "load_lexicon"]

LEXICON_FILE: Final = "words.tsv.gz"
_PACKAGE: Final = "marsad.resources.lexicon"


@dataclass(frozen=True, slots=True)
class Entry:
    """Counts for one normalized word type."""

    count: int
    tm: int = 0
    bare: int = 0
    name: int = 0


_ABSENT: Final = Entry(0)


class Lexicon:
    """Normalized word types with counts; lookups of unknown forms give zero counts."""

    __slots__ = ("_entries", "meta")

    def __init__(self, entries: dict[str, Entry], meta: dict[str, str] | None = None) -> None:
        self._entries = entries
        self.meta: dict[str, str] = dict(meta or {})

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, form: object) -> bool:
        return form in self._entries

    def get(self, form: str) -> Entry:
        """The counts of a normalized form (all zero when the form is unknown)."""
        return self._entries.get(form, _ABSENT)

    def count(self, form: str) -> int:
        """How often the normalized form was seen (0 when unknown)."""
        return self._entries.get(form, _ABSENT).count

    @classmethod
    def from_lines(cls, lines: list[str]) -> Lexicon:
        """Parse the TSV lines of the resource (``#`` lines are metadata ``# key: value``)."""
        entries: dict[str, Entry] = {}
        meta: dict[str, str] = {}
        for line in lines:
            if not line:
                continue
            if line.startswith("#"):
                key, sep, value = line[1:].partition(":")
                if sep:
                    meta[key.strip()] = value.strip()
                continue
            parts = line.split("\t")
            if parts[0] == "form":  # header
                continue
            nums = [int(p) if p else 0 for p in parts[1:5]]
            nums += [0] * (4 - len(nums))
            entries[parts[0]] = Entry(nums[0], nums[1], nums[2], nums[3])
        return cls(entries, meta)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the shipped lexicon once (about a second) and keep it for the process."""
    return Lexicon.from_lines(read_lines(_PACKAGE, LEXICON_FILE))
