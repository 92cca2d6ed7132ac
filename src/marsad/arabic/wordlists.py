"""Language data as validated files: the word lists under ``marsad/resources``.

Every word list (trigger words, cue words, titles, units, qualifiers, quote verbs, month
names...) is a TSV file declared in ``resources/wordlists.toml`` with its columns, the values
a column may take and the columns that must be unique together. A file is::

    # comment lines, anywhere
    word	type
    قال	speech
    أكد	speech

The first column is the entry: a word or a phrase, written as a reader would write it (``أكد``,
not ``اكد``); matching code normalizes it (:func:`marsad.arabic.normalize.normalize_text`).
Loading rejects, naming the file and line (M033):

- an entry that is not clean text: empty, spaces around it or doubled inside, tatweel,
  harakat, invisible or bidi marks, presentation forms, Arabic-Indic digits, or not in NFC;
- a value outside the declared set of its column (an unknown ``type``);
- a value that is not a decimal number in a column declared ``numeric`` (a ``weight``);
- a duplicate: two rows equal on the ``unique`` columns after normalization (``رئيس`` twice,
  or ``أكد`` and ``اكد``).

>>> verbs = WordList.parse("x.tsv", ["word\\ttype", "قال\\tspeech", "أكد\\tspeech"],
...     WordListSpec(columns=("word", "type"), values={"type": frozenset({"speech"})}))
>>> sorted(verbs.normalized(type="speech"))
['اكد', 'قال']
"""

from __future__ import annotations

import math
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Final

from marsad.arabic.normalize import normalize_text, strip_diacritics
from marsad.errors import ResourceError
from marsad.resources import tsv_rows

__all__ = ["MANIFEST", "WordList", "WordListSpec", "load_wordlist", "wordlist_names"]

MANIFEST: Final = "wordlists.toml"
_PACKAGE: Final = "marsad.resources"
_TATWEEL: Final = "\u0640"


@dataclass(frozen=True, slots=True)
class WordListSpec:
    """What a word list must look like: its columns (the first is the entry), the values
    allowed in some columns, and the columns that must be unique together."""

    columns: tuple[str, ...]
    values: Mapping[str, frozenset[str]] = field(default_factory=dict)
    unique: tuple[str, ...] = ()
    description: str = ""
    # Columns whose values must be finite decimal numbers (``0.85``); read with float().
    numeric: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, ...]:
        return self.unique or (self.columns[0],)


def unclean_reason(entry: str) -> str | None:
    """Why ``entry`` is not clean text for a word list, or None when it is.

    >>> unclean_reason("قال"), unclean_reason("قالَ"), unclean_reason("قا ل ")
    (None, 'harakat or tatweel', 'spaces around it')
    """
    if not entry:
        return "empty"
    if entry != entry.strip():
        return "spaces around it"
    if "  " in entry or any(ch.isspace() and ch != " " for ch in entry):
        return "a doubled or non-plain space"
    if _TATWEEL in entry or strip_diacritics(entry) != entry:
        return "harakat or tatweel"
    if unicodedata.normalize("NFC", entry) != entry:
        return "not in Unicode NFC"
    for ch in entry:
        if unicodedata.category(ch) == "Cf":
            return f"an invisible or bidi mark U+{ord(ch):04X}"
        if "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff":
            return f"a presentation form U+{ord(ch):04X}"
        if "\u0660" <= ch <= "\u0669" or "\u06f0" <= ch <= "\u06f9":
            return "Arabic-Indic digits (write 0-9)"
    return None


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value)) and value.strip() == value
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class WordList:
    """The rows of one validated word list, in file order, as ``{column: value}``."""

    name: str
    spec: WordListSpec
    rows: tuple[Mapping[str, str], ...]

    @classmethod
    def parse(cls, name: str, lines: Iterable[str], spec: WordListSpec) -> WordList:
        """Parse and validate the lines of a word list file (errors name ``name`` and line)."""
        lines = list(lines)
        try:
            table = list(tsv_rows(lines, spec.columns, name, strip=False))
        except ValueError as exc:  # a wrong header or column count, naming the line
            raise ResourceError(str(exc)) from exc
        if not table and all(not line.strip() or line.startswith("#") for line in lines):
            raise ResourceError("no header line", source=name)
        rows: list[Mapping[str, str]] = []
        seen: dict[tuple[str, ...], int] = {}
        for number, cells in table:
            where = f"{name} line {number}"
            row = dict(zip(spec.columns, cells, strict=True))
            reason = unclean_reason(row[spec.columns[0]])
            if reason:
                raise ResourceError(f"entry {row[spec.columns[0]]!r}: {reason}", source=where)
            for column, allowed in spec.values.items():
                if row[column] not in allowed:
                    raise ResourceError(
                        f"unknown {column} {row[column]!r}; allowed: {', '.join(sorted(allowed))}",
                        source=where,
                    )
            for column in spec.numeric:
                if not _is_number(row[column]):
                    raise ResourceError(
                        f"{column} {row[column]!r} is not a decimal number", source=where
                    )
            key = tuple(normalize_text(row[column]) for column in spec.key)
            if key in seen:
                raise ResourceError(
                    f"duplicate of line {seen[key]}: {' / '.join(key)}", source=where
                )
            seen[key] = number
            rows.append(row)
        return cls(name, spec, tuple(rows))

    def select(self, **where: str) -> tuple[Mapping[str, str], ...]:
        """The rows whose columns have the given values (``type="speech"``)."""
        unknown = sorted(set(where) - set(self.spec.columns))
        if unknown:
            raise ResourceError(f"no column {unknown} in this word list", source=self.name)
        return tuple(r for r in self.rows if all(r[k] == v for k, v in where.items()))

    def words(self, **where: str) -> tuple[str, ...]:
        """The entries (first column) of the selected rows, as written, in file order."""
        first = self.spec.columns[0]
        return tuple(r[first] for r in self.select(**where))

    def normalized(self, **where: str) -> frozenset[str]:
        """The normalized entries of the selected rows, for matching."""
        return frozenset(normalize_text(w) for w in self.words(**where))

    def mapping(self, value: str, **where: str) -> dict[str, str]:
        """``{entry as written: its value in column value}`` for the selected rows."""
        first = self.spec.columns[0]
        return {r[first]: r[value] for r in self.select(**where)}


@lru_cache(maxsize=1)
def _manifest() -> dict[str, WordListSpec]:
    text = resources.files(_PACKAGE).joinpath(MANIFEST).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"not TOML: {exc}", source=MANIFEST) from exc
    specs: dict[str, WordListSpec] = {}
    for name, table in data.items():
        columns = tuple(table.get("columns", ()))
        if not columns:
            raise ResourceError(f"{name}: no columns", source=MANIFEST)
        values = {k: frozenset(v) for k, v in table.get("values", {}).items()}
        unique = tuple(table.get("unique", ()))
        numeric = tuple(table.get("numeric", ()))
        stray = sorted((set(values) | set(unique) | set(numeric)) - set(columns))
        if stray:
            raise ResourceError(f"{name}: unknown columns {stray}", source=MANIFEST)
        description = str(table.get("description", ""))
        specs[name] = WordListSpec(columns, values, unique, description, numeric)
    return specs


def wordlist_names() -> list[str]:
    """Every word list the manifest declares (paths under ``marsad/resources``)."""
    return sorted(_manifest())


@cache
def load_wordlist(name: str) -> WordList:
    """The validated word list ``name`` (``"quotes/verbs.tsv"``), read once per process."""
    spec = _manifest().get(name)
    if spec is None:
        raise ResourceError(f"not declared in {MANIFEST}", source=name)
    ref = resources.files(_PACKAGE).joinpath(*name.split("/"))
    try:
        lines = ref.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise ResourceError("the file is missing from the package", source=name) from exc
    return WordList.parse(name, lines, spec)
