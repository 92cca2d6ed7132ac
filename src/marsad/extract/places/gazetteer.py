"""The geocoding gazetteer: countries, governorates, districts, towns and villages.

The shipped table (``marsad/resources/places/places.tsv.gz``, built by
``scripts/build_geo_gazetteer.py``; sources and licences in that folder's README) has one row
per (alias key, place). Keys are NORMALIZED names (:func:`marsad.arabic.normalize.normalize_text`,
words joined by one space, kind words such as ``محافظة`` stripped): ``حلب``, ``دير الزور``.
A key usually has several places (``طرابلس``: Tripoli in Libya and in Lebanon, a district,
a governorate); choosing among them is :mod:`marsad.extract.places.geocode`'s job.

All lookups are dict lookups. The table (about 70,000 rows) loads in well under a second and
is cached for the process (:meth:`Gazetteer.load`); rows of one place share one GeoEntry.

>>> g = Gazetteer.from_rows([("حلب", "حلب", "Aleppo", "town", "SY", "Aleppo", "حلب", "",
...                           36.2, 37.16, 2098210, 170063, None)])
>>> [e.name_en for e in g.candidates("حلب")]
['Aleppo']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from marsad.arabic.normalize import normalize_text
from marsad.arabic.words import strip_article
from marsad.doc import Precision
from marsad.resources import read_lines

__all__ = ["GEO_FILE", "KINDS", "Gazetteer", "GeoEntry", "GeoKind", "normalize_key"]

GEO_FILE: Final = "places.tsv.gz"
_PACKAGE: Final = "marsad.resources.places"

GeoKind = Literal["country", "admin1", "admin2", "town", "village"]
#: Every kind, the broadest first.
KINDS: Final[tuple[GeoKind, ...]] = ("country", "admin1", "admin2", "town", "village")
_KIND_RANK: Final[dict[str, int]] = {k: i for i, k in enumerate(KINDS)}

# Persian, Kurdish and Urdu letters that normalize_text leaves alone (the build script folds
# them the same way): ``گ`` → ``ك``.
_EXTRA_LETTERS: Final = str.maketrans(
    {"گ": "ك", "چ": "ج", "پ": "ب", "ڤ": "ف", "ژ": "ز", "ڕ": "ر", "ڵ": "ل", "ۆ": "و", "ێ": "ي",
     "ە": "ه", "ې": "ي", "ۇ": "و", "ٹ": "ت", "ڈ": "د", "ں": "ن", "ے": "ي",
     # hashtags join a name's words with underscores: #كوريا_الشمالية
     "_": " "}
)  # fmt: skip


@lru_cache(maxsize=65536)
def normalize_key(name: str) -> str:
    """The lookup key of a name as written: normalized, one space between words.

    >>> normalize_key("دَيْر  الزُّور"), normalize_key("إدلب"), normalize_key("حماة")
    ('دير الزور', 'ادلب', 'حماه')
    >>> normalize_key("كوريا_الشمالية")
    'كوريا الشماليه'
    """
    return " ".join(normalize_text(name).translate(_EXTRA_LETTERS).split())


# Long vowels, the hamza's seats and spaces: transliterations of one foreign name differ in
# them (``كراكاس``/``كاراكاس``, ``سلوفانيا``/``سلوفينيا``, ``بيونغ يانغ``/``بيونغيانغ``), and
# in the letter chosen for a foreign sound: s/z (``إنزبروك``/``إنسبروك``), g (``غ ج ك ق``),
# t, d.
_NOT_SKELETON: Final = str.maketrans(
    {"ز": "س", "ص": "س", "ث": "س", "ذ": "س", "غ": "ك", "ج": "ك", "ق": "ك", "ط": "ت", "ض": "د"}
    | dict.fromkeys("اويىءئؤ ")
)


def skeleton(key: str) -> str:
    """A key without long vowels and spaces, foreign sounds' letters folded: ``كاراكاس`` →
    ``كركس``, ``إنزبروك`` → ``انسبرك``."""
    return key.translate(_NOT_SKELETON)


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One place: its names, kind, hierarchy, coordinates and identifiers.

    ``admin1_en`` / ``admin1_ar`` name the governorate, ``admin2_en`` the district; empty
    strings where unknown. ``population`` is 0 when unknown (most villages).

    >>> e = GeoEntry("الميادين", "Al Mayadin", "town", "SY", "Deir ez-Zor", "دير الزور",
    ...              "Al Mayadin", 35.0198, 40.4515, 54534, 173480, 1125980167)
    >>> e.precision, e.is_admin
    ('town', False)
    """

    name_ar: str
    name_en: str
    kind: GeoKind
    country: str
    admin1_en: str
    admin1_ar: str
    admin2_en: str
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None
    wof_id: int | None

    @property
    def precision(self) -> Precision:
        """The precision of this entry's coordinates (DESIGN.md's value set)."""
        if self.kind == "country":
            return "country"
        return "region" if self.kind in ("admin1", "admin2") else "town"

    @property
    def is_admin(self) -> bool:
        """A governorate or a district (``محافظة حلب``, ``قضاء الحويجة``)."""
        return self.kind in ("admin1", "admin2")

    @property
    def kind_rank(self) -> int:
        """0 for a country … 4 for a village: the broader, the smaller."""
        return _KIND_RANK[self.kind]


def _order(entry: GeoEntry) -> tuple[int, int, str, int]:
    # Broadest kind first, then the most populous; ids make the order total.
    return (entry.kind_rank, -entry.population, entry.name_en, entry.geonameid or 0)


def _float(value: str) -> float | None:
    return float(value) if value else None


def _int(value: str) -> int | None:
    return int(value) if value else None


class Gazetteer:
    """Places by normalized key, with lookups of countries and governorates by name.

    Build it with :meth:`load` (the shipped table, cached) or :meth:`from_rows` (tests).
    Rows are kept as their text until a key is first asked for: a document names a few
    dozen places out of 70,000, so parsing them all up front would be wasted time and memory.
    """

    __slots__ = (
        "_admin1",
        "_admin2",
        "_countries",
        "_entries",
        "_formal",
        "_parsed",
        "_raw",
        "_skeletons",
    )

    def __init__(self, raw: dict[str, list[str]]) -> None:
        # key -> the rows' tails (every field after the key), identical tails shared
        self._raw = raw
        self._skeletons: dict[str, list[str]] | None = None
        self._formal: dict[str, frozenset[str]] | None = None
        self._parsed: dict[str, tuple[GeoEntry, ...]] = {}
        self._entries: dict[str, GeoEntry] = {}
        self._countries: dict[str, GeoEntry] = {}
        self._admin1: dict[tuple[str, str], GeoEntry] = {}
        self._admin2: dict[tuple[str, str], GeoEntry] = {}
        for tails in raw.values():
            for tail in tails:
                kind = tail.split("\t", 3)[2]
                if kind not in ("country", "admin1", "admin2"):
                    continue
                e = self._entry(tail)
                if kind == "country":
                    self._countries.setdefault(e.country, e)
                elif kind == "admin1":
                    self._admin1.setdefault((e.country, e.admin1_en), e)
                else:
                    self._admin2.setdefault((e.country, e.admin2_en), e)

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[object]]) -> Gazetteer:
        """Build from 13-field rows in the file's column order; keys are normalized here."""
        lines = []
        for row in rows:
            key, *rest = ("" if v is None else str(v) for v in row)
            lines.append("\t".join([normalize_key(key), *rest]))
        return cls.from_lines(lines)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Gazetteer:
        """Parse the shipped TSV (``#`` comment lines, then a header line)."""
        raw: dict[str, list[str]] = {}
        shared: dict[str, str] = {}
        for line in lines:
            if not line or line[0] == "#" or line.startswith("key\t"):
                continue
            key, _, tail = line.partition("\t")
            # Rows of one place differ only in their key: one string serves them all.
            tail = shared.setdefault(tail, tail)
            tails = raw.setdefault(key, [])
            if tail not in tails:
                tails.append(tail)
        return cls(raw)

    @classmethod
    def load(cls) -> Gazetteer:
        """The shipped gazetteer, loaded once per process."""
        return _load_default()

    # -- lookups ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return sum(len(ts) for ts in self._raw.values())

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def candidates(self, key: str) -> list[GeoEntry]:
        """Places under a key, broadest kind first, then by population; [] when unknown.

        The key is normalized here when it is not found as given.

        >>> [e.kind for e in Gazetteer.load().candidates("إدلب")][:2]
        ['admin1', 'admin2']
        """
        hit = self._parsed.get(key)
        if hit is not None:
            return list(hit)
        tails = self._raw.get(key)
        if tails is None:
            key = normalize_key(key)
            tails = self._raw.get(key)
            if tails is None:
                return []
        entries = tuple(sorted((self._entry(t) for t in tails), key=_order))
        self._parsed[key] = entries
        return list(entries)

    def same_skeleton(self, key: str) -> list[str]:
        """The keys written with the same consonants as ``key`` (:func:`skeleton`):
        ``كراكاس`` finds ``كاراكاس``. The index is built on first use.

        >>> "كاراكاس" in Gazetteer.load().same_skeleton("كراكاس")
        True
        """
        if self._skeletons is None:
            index: dict[str, list[str]] = {}
            for k in self._raw:
                index.setdefault(skeleton(k), []).append(k)
            self._skeletons = index
        return [k for k in self._skeletons.get(skeleton(key), ()) if k != key]

    def formal_countries(self, word: str) -> frozenset[str]:
        """The countries (ISO codes) a name of which begins with ``word``, article or not:
        ``المملكه`` → Saudi Arabia, Jordan, Morocco, the United Kingdom... (built on first use).

        >>> "SA" in Gazetteer.load().formal_countries("المملكه")
        True
        """
        if self._formal is None:
            index: dict[str, set[str]] = {}
            for key, tails in self._raw.items():
                head, _, rest = key.partition(" ")
                if not rest:
                    continue
                for tail in tails:
                    f = tail.split("\t", 4)
                    if f[2] == "country":
                        index.setdefault(_bare(head), set()).add(f[3])
            self._formal = {k: frozenset(v) for k, v in index.items()}
        return self._formal.get(_bare(word), frozenset())

    def country(self, code: str) -> GeoEntry | None:
        """The country entry of an ISO 3166-1 alpha-2 code.

        >>> Gazetteer.load().country("SY").name_en
        'Syria'
        """
        return self._countries.get(code)

    def countries(self) -> list[GeoEntry]:
        """Every country entry, by ISO code (to read a country's name in any language)."""
        return [self._countries[code] for code in sorted(self._countries)]

    def admin1(self, country: str, name_en: str) -> GeoEntry | None:
        """The governorate entry ``name_en`` of a country (``("SY", "Idlib")``), or None."""
        return self._admin1.get((country, name_en))

    def admin2(self, country: str, name_en: str) -> GeoEntry | None:
        """The district entry ``name_en`` of a country (``("IQ", "Hawija")``), or None."""
        return self._admin2.get((country, name_en))

    def _entry(self, tail: str) -> GeoEntry:
        entry = self._entries.get(tail)
        if entry is None:
            entry = self._entries[tail] = _entry(tail.split("\t"))
        return entry


def _bare(word: str) -> str:
    """A word without its article (``المملكه`` → ``مملكه``), for :meth:`formal_countries`."""
    return strip_article(word)


def _entry(f: Sequence[str]) -> GeoEntry:
    kind = f[2]
    if kind not in _KIND_RANK:
        raise ValueError(f"unknown place kind {kind!r}")
    return GeoEntry(
        name_ar=f[0],
        name_en=f[1],
        kind=kind,  # type: ignore[arg-type]  # checked just above
        country=f[3],
        admin1_en=f[4],
        admin1_ar=f[5],
        admin2_en=f[6],
        lat=_float(f[7]),
        lon=_float(f[8]),
        population=_int(f[9]) or 0,
        geonameid=_int(f[10]),
        wof_id=_int(f[11]),
    )


@lru_cache(maxsize=1)
def _load_default() -> Gazetteer:
    return Gazetteer.from_lines(read_lines(_PACKAGE, GEO_FILE))
