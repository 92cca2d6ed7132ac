"""Gazetteers for NER: places, nationalities, person-name tokens and cue words.

The shipped table (``marsad/resources/entities/gazetteer.tsv.gz``, built by
``scripts/build_ner_gazetteer.py``; sources and licences in that folder's README) maps
NORMALIZED phrases (:func:`marsad.arabic.normalize.normalize_text`, words joined by one space)
to typed entries. Types, in priority order (when one phrase has several, the first wins):

``COUNTRY``      countries and territories (``سوريا``, ``الولايات المتحدة``), English name;
``REGION``       continents and regions (``الشرق الأوسط``, ``الخليج``, ``قطاع غزة``);
``ADMIN``        first-level subdivisions: governorates, provinces (``نينوى``, ``إدلب``);
``CITY``         towns and cities from GeoNames, weight = population (``الموصل``);
``NATIONALITY``  gentilic adjectives (``سوري``, ``السورية``, ``العراقيين``): a feature, not an
                 entity in ANERcorp;
``ORG_CUE``      words that open organization names (``وزارة``, ``الجيش``);
``PER_CUE``      titles before person names (``الرئيس``, ``الوزير``, ``العقيد``);
``LOC_CUE``      words before place names (``مدينة``, ``محافظة``, ``ريف``);
``PERSON``       person-name tokens (``محمد``, ``ترامب``), weight = count in Wikidata names.

All lookups are dict lookups; the shipped table (about 56,000 rows) loads in a fraction of a
second and is cached for the process (:meth:`Gazetteer.load`).

>>> g = Gazetteer.from_rows([("سورية", "COUNTRY", "Syria", 1.0), ("الموصل", "CITY", "Mosul", 1.0)])
>>> sorted(g.types_of("موصل"))
['CITY']
>>> [(s, e, x.name_en) for s, e, x in g.match(["في", "سورية", "والموصل"])]
[(1, 2, 'Syria')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from marsad.arabic.normalize import normalize_text
from marsad.arabic.words import toggle_article
from marsad.resources import read_lines

__all__ = [
    "ARTICLE_TYPES",
    "GAZETTEER_FILE",
    "MAX_PHRASE_WORDS",
    "PLACE_TYPES",
    "TYPES",
    "Gazetteer",
    "GazetteerEntry",
]

GAZETTEER_FILE: Final = "gazetteer.tsv.gz"
_PACKAGE: Final = "marsad.resources.entities"

#: Every type, highest priority first (see the module docstring).
TYPES: Final[tuple[str, ...]] = (
    "COUNTRY",
    "REGION",
    "ADMIN",
    "CITY",
    "NATIONALITY",
    "ORG_CUE",
    "PER_CUE",
    "LOC_CUE",
    "PERSON",
)
_PRIORITY: Final[dict[str, int]] = {t: i for i, t in enumerate(TYPES)}
PLACE_TYPES: Final = frozenset({"COUNTRY", "REGION", "ADMIN", "CITY"})
#: Types whose one-word phrases :meth:`Gazetteer.types_of` also finds with the article added
#: or removed: towns and subdivisions, whose names GeoNames and ISO list with or without
#: ``ال`` (``الموصل`` / ``موصل``). Not countries and regions: their article is fixed and the
#: toggled form is another word (``سورية`` → ``السورية`` the adjective, ``الهند`` → ``هند`` a
#: name); nor person tokens (``الحسن`` and ``حسن`` are distinct names), nor nationalities and
#: cues, which are stored in both forms.
ARTICLE_TYPES: Final = frozenset({"CITY", "ADMIN"})
#: The longest phrase the matcher looks for, in words.
MAX_PHRASE_WORDS: Final = 5

_EMPTY: Final[frozenset[str]] = frozenset()


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One gazetteer row: a normalized phrase, its type, English name and weight.

    ``weight`` is the population for ``CITY`` and ``COUNTRY``, the name count for ``PERSON``,
    1 otherwise. ``name_en`` is None for cue words.

    >>> GazetteerEntry("سوريا", "COUNTRY", "Syria", 16906283.0).name_en
    'Syria'
    """

    phrase: str
    type: str
    name_en: str | None
    weight: float


def _order(entry: GazetteerEntry) -> tuple[int, float, str]:
    # Highest-priority type first, then the heaviest (the largest of the towns called
    # طرابلس), then the English name so the order never depends on input order.
    return (_PRIORITY.get(entry.type, len(TYPES)), -entry.weight, entry.name_en or "")


def _toggle_article(form: str) -> str | None:
    """``الموصل`` → ``موصل``, ``موصل`` → ``الموصل``; None when the bare form has fewer than
    four letters: short bare forms are mostly ordinary words (``صور`` Tyre / ``الصور`` the
    pictures, ``الباب`` al-Bab / ``باب`` door)."""
    return toggle_article(form, min_bare=4)


class Gazetteer:
    """Typed phrases with O(1) lookups: one-word types, person weights, phrase matching.

    Build it with :meth:`load` (the shipped table, cached) or :meth:`from_rows` (tests).
    """

    __slots__ = ("_by_phrase", "_person", "_span", "_types")

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        grouped: dict[str, list[GazetteerEntry]] = {}
        for e in entries:
            grouped.setdefault(e.phrase, []).append(e)
        # phrase -> its entries, best first (the matcher takes the first allowed one)
        self._by_phrase: dict[str, tuple[GazetteerEntry, ...]] = {
            p: tuple(sorted(es, key=_order)) for p, es in grouped.items()
        }
        # first word -> longest phrase (in words) starting with it: the matcher tries only
        # lengths that exist, so a word that starts no multiword phrase costs one dict miss.
        self._span: dict[str, int] = {}
        types: dict[str, set[str]] = {}
        person: dict[str, float] = {}
        for phrase, es in self._by_phrase.items():
            words = phrase.split(" ")
            if len(words) > 1:
                if len(words) > self._span.get(words[0], 1):
                    self._span[words[0]] = len(words)
                continue
            types[phrase] = {e.type for e in es}
            for e in es:
                if e.type == "PERSON":
                    person[phrase] = person.get(phrase, 0.0) + e.weight
        # Article toggling (see types_of): only onto forms the table does not hold at all, so
        # ``خليل`` stays a name and does not also become Hebron (``الخليل``).
        toggled: dict[str, set[str]] = {}
        for phrase, kinds in types.items():
            placed = kinds & ARTICLE_TYPES
            other = _toggle_article(phrase) if placed else None
            if other is not None and other not in types:
                toggled.setdefault(other, set()).update(placed)
        types.update(toggled)
        # Intern the type sets: a few dozen distinct sets serve tens of thousands of words.
        interned: dict[frozenset[str], frozenset[str]] = {}
        self._types: dict[str, frozenset[str]] = {
            w: interned.setdefault(frozenset(k), frozenset(k)) for w, k in types.items()
        }
        self._person = person

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[object]]) -> Gazetteer:
        """Build from ``(phrase, type, name_en, weight)`` rows; phrases are normalized here.

        ``name_en`` may be None or ``""``; ``weight`` anything ``float()`` accepts.

        >>> g = Gazetteer.from_rows([("وزارة", "ORG_CUE", None, 1)])
        >>> g.lookup("وزاره")[0].type
        'ORG_CUE'
        """
        entries = []
        for phrase, kind, name_en, weight in rows:
            norm = " ".join(normalize_text(str(phrase)).split())
            if not norm:
                continue
            name = str(name_en) if name_en else None
            entries.append(GazetteerEntry(norm, str(kind), name, float(str(weight))))
        return cls(entries)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Gazetteer:
        """Parse the shipped TSV (``#`` lines are comments, then a header line).

        Phrases are trusted to be normalized already (the build script did it).
        """
        entries = []
        for line in lines:
            if not line or line[0] == "#":
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or parts[1] == "type":
                continue
            phrase, kind, name_en, weight = parts
            entries.append(GazetteerEntry(phrase, kind, name_en or None, float(weight)))
        return cls(entries)

    @classmethod
    def load(cls) -> Gazetteer:
        """The shipped gazetteer, loaded once per process."""
        return _load_default()

    # -- lookups ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return sum(len(es) for es in self._by_phrase.values())

    def lookup(self, phrase: str) -> list[GazetteerEntry]:
        """Entries for an exact phrase (normalized here), best first; [] when unknown.

        >>> g = Gazetteer.from_rows([("طرابلس", "CITY", "Tripoli", 1150989),
        ...                          ("طرابلس", "CITY", "Tripoli (Lebanon)", 229398)])
        >>> [e.name_en for e in g.lookup("طرابلس")]
        ['Tripoli', 'Tripoli (Lebanon)']
        """
        hit = self._by_phrase.get(phrase)
        if hit is None:
            hit = self._by_phrase.get(" ".join(normalize_text(phrase).split()), ())
        return list(hit)

    def types_of(self, form: str) -> frozenset[str]:
        """The types of the one-word phrases equal to ``form`` (a normalized word form).

        For towns and subdivisions (:data:`ARTICLE_TYPES`) the form also matches with
        its article toggled, so ``الموصل`` and ``موصل`` both give ``CITY`` whichever one the
        table holds (GeoNames lists either), unless the toggled form is a phrase of its own
        or the bare form is shorter than four letters (``صور`` is Tyre, ``الصور`` is "the
        pictures"). A form that is not normalized is normalized first.

        >>> g = Gazetteer.from_rows([("موصل", "CITY", "Mosul", 1), ("الرئيس", "PER_CUE", "", 1)])
        >>> sorted(g.types_of("الموصل")), sorted(g.types_of("رئيس"))
        (['CITY'], [])
        """
        hit = self._types.get(form)
        if hit is None:
            norm = normalize_text(form)
            hit = self._types.get(norm, _EMPTY) if norm != form else _EMPTY
        return hit

    def person_weight(self, form: str) -> float:
        """How often ``form`` was seen as a person-name token (0.0 when never).

        >>> Gazetteer.from_rows([("محمد", "PERSON", "mohamed", 1303)]).person_weight("محمد")
        1303.0
        """
        hit = self._person.get(form)
        if hit is None:
            norm = normalize_text(form)
            hit = self._person.get(norm, 0.0) if norm != form else 0.0
        return hit

    def match(
        self, forms: Sequence[str], types: Iterable[str] | None = None
    ) -> list[tuple[int, int, GazetteerEntry]]:
        """Greedy longest-first, non-overlapping phrase matches over a word sequence.

        ``forms`` are word forms (normalized here; the NER features pass each token's
        clitic-free stem). Returns ``(start, end, entry)`` word ranges, end exclusive, in
        order; a phrase with several types gives its highest-priority entry (COUNTRY >
        REGION > ADMIN > CITY > the rest), among ``types`` when given (default: all types).
        Matching is exact: the article is not toggled here, unlike :meth:`types_of`, so a
        match is always a phrase the table holds as written (high precision).

        >>> g = Gazetteer.from_rows([("الولايات المتحدة", "COUNTRY", "United States", 1)])
        >>> [(s, e, x.type) for s, e, x in g.match(["قال", "الرئيس", "في", "الولايات", "المتحدة"])]
        [(3, 5, 'COUNTRY')]
        """
        allowed = None if types is None else frozenset(types)
        norm = [normalize_text(f) for f in forms]
        by_phrase = self._by_phrase
        span = self._span
        out: list[tuple[int, int, GazetteerEntry]] = []
        n = len(norm)
        i = 0
        while i < n:
            longest = min(span.get(norm[i], 1), n - i, MAX_PHRASE_WORDS)
            found: GazetteerEntry | None = None
            k = longest
            while k >= 1:
                key = norm[i] if k == 1 else " ".join(norm[i : i + k])
                entries = by_phrase.get(key)
                if entries is not None:
                    found = next((e for e in entries if allowed is None or e.type in allowed), None)
                    if found is not None:
                        break
                k -= 1
            if found is None:
                i += 1
            else:
                out.append((i, i + k, found))
                i += k
        return out


@lru_cache(maxsize=1)
def _load_default() -> Gazetteer:
    return Gazetteer.from_lines(read_lines(_PACKAGE, GAZETTEER_FILE))
