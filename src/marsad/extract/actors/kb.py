"""The actor knowledge base of conflict events: who fights, protests or is attacked.

Hand-written for marsad. ``marsad/resources/events/actors.tsv`` lists the actors of Middle East
and North Africa conflicts with an ACLED-style English name and category (``داعش`` →
Islamic State, rebel_group; ``الجيش التركي`` → Military Forces of Turkey, state_forces);
``nationalities.tsv`` lists the countries whose forces generic phrases name
(``طائرات روسية``, ``مدفعية الجيش التركي``, ``قوات الاحتلال``).

:meth:`ActorKB.find` finds every actor mention in a text, with offsets into the original text:

- names and aliases from the table, matched word by word on :func:`variant_key` (hamza forms,
  ة/ه, ى/ي, غ/ج, the article; but a final ية is kept, see :func:`_word_key`), so
  ``البنتاجون`` finds ``البنتاغون``;
- a leading clitic is peeled off the first word (``وداعش``, ``لداعش``, ``بتنظيم الدولة``,
  ``للحشد الشعبي``) and left out of the span; the article stays in it (``بالجيش`` → ``الجيش``);
- force nouns followed by a nationality (``الجيش|قوات|طائرات|الشرطة...`` + ``التركي|روسية|
  الأمريكيين...``) give the military or the police of that country; a country name in
  construct after ``جيش|قوات|جنود`` does too (``جيش مصر``);
- crowds and victims followed by a nationality (``المتظاهرين العراقيين``) give a per-country
  actor (Protesters (Iraq)); without one, the generic actor (Protesters);
- a bare ``التحالف`` after a force noun or a strike noun (``طائرات التحالف``, ``غارات التحالف``)
  is the Saudi-led coalition in a text about Yemen and the US-led one otherwise.

The longest match wins; on a tie, a name from the table beats a generic pattern. Matching costs
a few dict lookups per word (aliases are indexed by their first word), never a scan over all
aliases.

>>> kb = ActorKB.load()
>>> [(m.text, m.actor.name_en) for m in kb.find("قصفت طائرات روسية مواقع لداعش")]
[('طائرات روسية', 'Military Forces of Russia'), ('داعش', 'Islamic State')]
>>> kb.lookup("الحشد الشعبي").category
'political_militia'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from typing import Final, Literal, NamedTuple, cast, get_args

from marsad.arabic.normalize import normalize, normalize_text
from marsad.arabic.wordlists import load_wordlist
from marsad.arabic.words import (
    PREPOSITIONS,
    has_article,
    proclitic_splits,
    restore_article,
    toggle_article,
    word_spans,
)
from marsad.extract.entities.canonical import variant_key
from marsad.resources import read_lines, tsv_rows

__all__ = [
    "ACTORS_FILE",
    "CATEGORIES",
    "NATIONALITIES_FILE",
    "Actor",
    "ActorCategory",
    "ActorKB",
    "ActorMatch",
    "phrase_key",
]

ActorCategory = Literal[
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external_other_forces",
]
CATEGORIES: Final[frozenset[str]] = frozenset(get_args(ActorCategory))

ACTORS_FILE: Final = "actors.tsv"
NATIONALITIES_FILE: Final = "nationalities.tsv"
_PACKAGE: Final = "marsad.resources.events"
_HEADER: Final = ("id", "canonical", "name_en", "kb_id", "category", "country", "aliases")
_NAT_HEADER: Final = ("country", "name_en", "names", "adjectives", "people")
_ID_RE: Final = re.compile(r"[a-z][a-z0-9_]*")
_QID_RE: Final = re.compile(r"Q[1-9][0-9]*")
_COUNTRY_RE: Final = re.compile(r"[A-Z]{2}")

# A word: letters and digits (Arabic or Latin). Quotes, commas and brackets are not part of
# any name, so «داعش» is the word داعش.
_WORD_RE: Final = re.compile(r"[^\W_]+")
# What may separate two words of one name: spaces with at most one line break, or a hyphen
# (al-Qaeda). A comma, a full stop, a quote mark or a blank line ends the name.
_JOIN_RE: Final = re.compile(r"[^\S\n]*(?:\n|-)?[^\S\n]*")

Key = tuple[str, ...]


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    """:func:`variant_key` of one word, except that a final ية stays ية.

    variant_key reads a bare word ending in ية as a country name (سورية → سوريا); here that
    would make مدنية (civil, a very common adjective) the key of مدنيا (civilians), and
    مدفعية a different key from المدفعية. Country names are listed in both spellings instead.
    """
    # Cached: an article repeats its words, and every text word is keyed once per find().
    key = variant_key(word)
    if key.endswith("يا") and normalize_text(word).endswith("يه"):
        key = key[:-2] + "يه"
    return key


def phrase_key(text: str) -> Key:
    """The matching key of a phrase: one :func:`variant_key` per word.

    >>> phrase_key("«قوات سوريا الديموقراطية»") == phrase_key("قوات سوريا الديمقراطية")
    True
    >>> phrase_key("مدنية") == phrase_key("مدنيا")
    False
    """
    return tuple(_word_key(w) for w in _WORD_RE.findall(normalize_text(text)))


# ---------------------------------------------------------------------------------------------
# Clitics
# ---------------------------------------------------------------------------------------------

# بحماس is "with enthusiasm" far more often than "by Hamas"; لحماس and وحماس stay.
_NO_PREPOSITION: Final[frozenset[str]] = frozenset({_word_key("حماس")})
# Names that never take the article: الحماس is enthusiasm.
_NO_ARTICLE: Final[frozenset[str]] = frozenset({_word_key("حماس")})
# Names that count only with the article on their first word, because without it they are
# ordinary words or the start of another name (resources/events/actor_article.tsv): جيش alone
# starts جيش المهدي, نصرة is support, أخوان is brothers.
_ARTICLE_REQUIRED: Final[frozenset[Key]] = frozenset(
    tuple(_word_key(w) for w in name.split())
    for name in load_wordlist("events/actor_article.tsv").words()
)


def _definite(word: str) -> bool:
    """Whether a (normalized) word carries the article: الجيش yes, جيش and الله... no."""
    return has_article(word, min_stem=2)


class _Form(NamedTuple):
    skip: int  # clitic letters before the name
    key: str
    definite: bool


@lru_cache(maxsize=1 << 16)
def _first_forms(word: str) -> tuple[_Form, ...]:
    """The keys a word may have at the start of a name, with the clitic letters skipped.

    ``وللحشد`` → the word itself, ``للحشد`` (و), ``لحشد`` (ول) and ``الحشد`` (ول + the article
    that ل swallows). The unstripped word comes first: ``ولاية`` and ``بدر`` are names.

    >>> [f.skip for f in _first_forms("لداعش") if f.key == "داعش"]
    [1]
    >>> [f.key for f in _first_forms("للحماس")]  # never ال + حماس
    ['للحماس', 'لحماس']
    """
    found: dict[str, _Form] = {}

    def add(skip: int, form: str) -> None:
        if len(form) < 2:
            return
        key = _word_key(form)
        definite = _definite(form)
        if definite and key in _NO_ARTICLE:
            return
        found.setdefault(key, _Form(skip, key, definite))

    for split in proclitic_splits(word):
        preposition = split.proclitics[-1:] if split.proclitics[-1:] in PREPOSITIONS else ""
        if preposition and preposition != "ل" and _word_key(split.stem) in _NO_PREPOSITION:
            continue
        add(split.offset, split.stem)
        definite = restore_article(split.stem, min_stem=2) if preposition == "ل" else None
        if definite is not None:
            add(split.offset, definite)  # للحشد = ل + الحشد
    return tuple(found.values())


# ---------------------------------------------------------------------------------------------
# Generic patterns: force nouns, modifiers
# ---------------------------------------------------------------------------------------------

Kind = Literal["military", "police"]


def _with_and_without_article(word: str) -> tuple[str, str]:
    # variant_key drops the article only from words of four letters or more; listing both
    # spellings keeps short words (درك / الدرك) matching either way.
    other = toggle_article(word)
    return (word, word if other is None else other)


def _keys_of(phrase: str) -> set[Key]:
    words = phrase.split()
    return {
        tuple(_word_key(w) for w in combo)
        for combo in product(*(_with_and_without_article(w) for w in words))
    }


def _table(phrases: dict[str, Kind]) -> dict[Key, Kind]:
    return {key: kind for phrase, kind in phrases.items() for key in _keys_of(phrase)}


# Nouns that name armed forces or their weapons: "X + nationality" is that country's military
# or police; modifiers may come between (resources/events/actor_forces.tsv). Written without
# the article; both spellings are keyed.
_FORCES: Final = load_wordlist("events/actor_forces.tsv")


def _kinds(part: str) -> dict[str, Kind]:
    return {
        row["word"]: "police" if row["kind"] == "police" else "military"
        for row in _FORCES.select(part=part)
    }


_HEADS: Final[dict[Key, Kind]] = _table(_kinds("head"))
# The longest head starting with each word: most words start none, and are rejected by
# one dict lookup.
_HEAD_LENGTHS: Final[dict[str, int]] = {}
for _key in _HEADS:
    _HEAD_LENGTHS[_key[0]] = max(_HEAD_LENGTHS.get(_key[0], 0), len(_key))
# Heads after which a country NAME (not only an adjective) names the forces: جيش مصر. Not
# أمن: أمن مصر is Egypt's security, not its police.
_CONSTRUCT_HEADS: Final[frozenset[str]] = frozenset(
    _word_key(w) for w in _FORCES.words(part="head", construct="yes")
)
# Words between the heads and the nationality: القوات الجوية الروسية، قوات النظام السوري.
_MODIFIERS: Final[dict[Key, Kind]] = _table(_kinds("modifier"))
_MODIFIER_WORDS: Final[dict[str, Kind]] = {key[0]: kind for key, kind in _MODIFIERS.items()}
# A bare التحالف, and the words that say which coalition it is
# (resources/events/actor_coalition.tsv).
_COALITION_CUES: Final = load_wordlist("events/actor_coalition.tsv")


def _coalition_keys(cue: str) -> frozenset[str]:
    return frozenset(_word_key(w) for w in _COALITION_CUES.words(cue=cue))


(_COALITION,) = _coalition_keys("coalition")
# Strike nouns before a bare التحالف: the coalition is the actor, the noun is not part of it.
_STRIKES: Final[frozenset[str]] = _coalition_keys("strike")
# Words that place a text in Yemen or in Syria/Iraq, to tell the two coalitions apart.
_YEMEN_HINTS: Final[frozenset[str]] = _coalition_keys("yemen")
_LEVANT_HINTS: Final[frozenset[str]] = _coalition_keys("levant")
# Words that may follow an actor's name inside a mention (resources/events/actor_trailers.tsv).
_TRAILERS: Final = load_wordlist("events/actor_trailers.tsv")
_DESCRIBE: Final[frozenset[str]] = frozenset(_word_key(w) for w in _TRAILERS.words(kind="describe"))
_OPENS: Final[frozenset[str]] = frozenset(_word_key(w) for w in _TRAILERS.words(kind="opens"))
# Actors of crowds and victims that take a nationality: المتظاهرين العراقيين.
_GROUP_IDS: Final = ("protesters", "rioters", "civilians")
# Generic forces and the force of a country each stands for there (الجيش in an Iraqi event:
# the Iraqi military; قوات الأمن: its police).
_COUNTRY_FORCES: Final[dict[str, Kind]] = {
    "government_forces": "military",
    "security_forces": "police",
}
# Actors that name a kind of actor rather than one (ActorKB.is_generic).
_GENERIC_IDS: Final = frozenset({*_COUNTRY_FORCES, *_GROUP_IDS, "unidentified_armed_group"})


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor: ``الحوثيون`` → Houthis (Ansar Allah), rebel_group, YE."""

    id: str
    canonical: str
    name_en: str
    kb_id: str | None
    category: ActorCategory
    country: str | None
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every written form that finds this actor: canonical, aliases, English name."""
        return (self.canonical, *self.aliases, self.name_en)


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor mention: ``text == original[start:end]``, without a leading clitic."""

    start: int
    end: int
    text: str
    actor: Actor


@dataclass(frozen=True, slots=True)
class _Country:
    code: str
    name_en: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    people: str


class _Nationality(NamedTuple):
    length: int
    country: str
    is_name: bool


class _Candidate(NamedTuple):
    length: int
    priority: int  # 1 for a name from the table, 0 for a generic pattern
    actor: Actor


def _adjective_forms(entry: str) -> list[str]:
    """تركي → تركي، تركية، تركيون، تركيين، تركيات, each with and without the article."""
    bases = [entry]
    if entry.endswith("ي"):
        bases += [entry + "ة", entry + "ون", entry + "ين", entry + "ات"]
    return [form for base in bases for form in _with_and_without_article(base)]


# ---------------------------------------------------------------------------------------------
# One text, split into words with their keys
# ---------------------------------------------------------------------------------------------


class _Scan:
    """The words of a normalized text, their keys, and how many words join from each one."""

    __slots__ = ("_coalition", "definite", "ends", "keys", "n", "run", "starts", "words")

    def __init__(self, text: str) -> None:
        matches = list(_WORD_RE.finditer(text))
        self.words = [m.group() for m in matches]
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]
        self.keys = [_word_key(w) for w in self.words]
        self.definite = [_definite(w) for w in self.words]
        # run[j]: how many words, from word j on, may belong to one name (no comma, quote
        # mark or paragraph break between them).
        self.n = n = len(matches)
        self.run = [1] * n
        for j in range(n - 2, -1, -1):
            if _JOIN_RE.fullmatch(text, self.ends[j], self.starts[j + 1]):
                self.run[j] = self.run[j + 1] + 1
        self._coalition: Actor | bool | None = False  # False: not decided yet

    def __len__(self) -> int:
        return self.n

    def joined(self, j: int) -> bool:
        """Whether word ``j + 1`` may continue a name that word ``j`` is part of."""
        return 0 <= j < self.n - 1 and self.run[j] > 1

    def key(self, j: int, first: str | None = None) -> str:
        return first if first is not None else self.keys[j]


# ---------------------------------------------------------------------------------------------
# The knowledge base
# ---------------------------------------------------------------------------------------------


class ActorKB:
    """Actors by the keys of their names, country forces, and the matcher over texts.

    >>> kb = ActorKB.load()
    >>> kb.lookup("«قوات سورية الديموقراطية»").name_en
    'Syrian Democratic Forces'
    >>> kb.lookup("مدفعية الجيش التركي").name_en
    'Military Forces of Turkey'
    >>> kb.lookup("المتظاهرين العراقيين").name_en
    'Protesters (Iraq)'
    """

    __slots__ = (
        "_actors",
        "_alias",
        "_by_id",
        "_derived",
        "_first_max",
        "_forces",
        "_nat",
        "_starters",
    )

    def __init__(
        self,
        actors: Iterable[Actor],
        countries: Iterable[_Country] = (),
        *,
        origins: Sequence[str] | None = None,
    ) -> None:
        self._actors: tuple[Actor, ...] = tuple(actors)
        where = list(origins) if origins is not None else [a.id for a in self._actors]
        self._by_id: dict[str, Actor] = {}
        self._alias: dict[Key, Actor] = {}
        self._first_max: dict[str, int] = {}
        for actor, origin in zip(self._actors, where, strict=True):
            if actor.id in self._by_id:
                raise ValueError(f"{origin}: actor id {actor.id!r} is used twice")
            self._by_id[actor.id] = actor
            for name in actor.names():
                key = phrase_key(name)
                if not key:
                    raise ValueError(f"{origin}: alias {name!r} of {actor.id!r} has an empty key")
                other = self._alias.setdefault(key, actor)
                if other is not actor:
                    raise ValueError(
                        f"{origin}: alias {name!r} of {actor.id!r} (key {' '.join(key)!r}) "
                        f"is already an alias of {other.id!r}"
                    )
                self._first_max[key[0]] = max(self._first_max.get(key[0], 0), len(key))
        # First words of anything that can match: names, force nouns, a bare التحالف.
        self._starters = frozenset(self._first_max) | frozenset(_HEAD_LENGTHS) | {_COALITION}
        self._nat: dict[Key, _Nationality] = {}
        self._forces: dict[tuple[str, Kind], Actor] = {}
        self._derived: dict[tuple[str, str], Actor] = {}
        for country in countries:
            self._add_country(country)

    def _add_country(self, country: _Country) -> None:
        code = country.code
        kinds: tuple[Kind, ...] = ("military", "police")
        for kind in kinds:
            actor = self._by_id.get(f"{kind}_{code.lower()}")
            if actor is None:
                raise ValueError(f"country {code}: the table has no actor {kind}_{code.lower()}")
            self._forces[code, kind] = actor
        entries = [(f, False) for a in country.adjectives for f in _adjective_forms(a)]
        entries += [(name, True) for name in country.names]
        for form, is_name in entries:
            key = phrase_key(form)
            other = self._nat.get(key)
            if other is not None and other.country != code:
                raise ValueError(
                    f"country {code}: {form!r} (key {' '.join(key)!r}) "
                    f"is already a nationality of {other.country}"
                )
            # تركية is both an adjective and (read as a bare word) تركيا: the adjective wins,
            # as it may follow any head.
            if other is None or other.is_name:
                self._nat[key] = _Nationality(len(key), code, is_name)
        for group_id in _GROUP_IDS:
            base = self._by_id.get(group_id)
            if base is None:
                continue
            derived = Actor(
                id=f"{group_id}_{code.lower()}",
                canonical=f"{base.canonical} {country.people}",
                name_en=f"{base.name_en} ({country.name_en})",
                kb_id=None,
                category=base.category,
                country=code,
            )
            self._derived[group_id, code] = derived
            self._by_id.setdefault(derived.id, derived)

    # --- loading -----------------------------------------------------------------------------

    @classmethod
    def from_lines(cls, lines: Iterable[str], nationalities: Iterable[str] = ()) -> ActorKB:
        """Parse ``actors.tsv`` (and ``nationalities.tsv``): a header line, then one row a line;
        blank lines and ``#`` comments are skipped. Raises ValueError naming the bad line."""
        actors: list[Actor] = []
        origins: list[str] = []
        for number, cells in tsv_rows(lines, _HEADER, ACTORS_FILE):
            origins.append(f"{ACTORS_FILE} line {number}")
            actors.append(_actor(cells, origins[-1]))
        countries = [
            _country(cells, f"{NATIONALITIES_FILE} line {number}")
            for number, cells in tsv_rows(nationalities, _NAT_HEADER, NATIONALITIES_FILE)
        ]
        return cls(actors, countries, origins=origins)

    @classmethod
    def load(cls) -> ActorKB:
        """The packaged tables, parsed once per process and cached."""
        return _default_kb()

    # --- access ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors)

    def get(self, actor_id: str) -> Actor | None:
        """An actor by id, derived ones included (``protesters_iq``)."""
        return self._by_id.get(actor_id)

    def forces(self, country: str, *, police: bool = False) -> Actor | None:
        """The military (or police) of a country by ISO code: ``forces("TR")``."""
        return self._forces.get((country, "police" if police else "military"))

    @staticmethod
    def is_generic(actor: Actor) -> bool:
        """Whether the actor names a kind of actor, not one: the forces of a country not
        named, crowds, civilians, unidentified gunmen (``الجيش``, ``المدنيين``,
        ``مسلحون مجهولون``); not the Islamic State or a coalition, which have no country
        either."""
        return actor.id in _GENERIC_IDS

    def in_country(self, actor: Actor, country: str) -> Actor | None:
        """The actor that a generic one (forces of a country not named, civilians,
        protesters, rioters) is in ``country``; None for any other actor or an unknown
        country.

        >>> kb = ActorKB.load()
        >>> kb.in_country(kb.lookup("الجيش"), "IQ").name_en
        'Military Forces of Iraq'
        >>> kb.in_country(kb.lookup("المدنيين"), "SY").name_en
        'Civilians (Syria)'
        >>> kb.in_country(kb.lookup("الحوثيون"), "YE") is None
        True
        """
        if actor.country is not None:
            return None
        kind = _COUNTRY_FORCES.get(actor.id)
        if kind is not None:
            return self._forces.get((country, kind))
        return self._derived.get((actor.id, country))

    def countries(self) -> list[str]:
        """ISO codes of the countries the generic patterns know."""
        return sorted({code for code, _ in self._forces})

    # --- matching ----------------------------------------------------------------------------

    def find(self, text: str) -> list[ActorMatch]:
        """Every actor mention in ``text``, left to right, longest first, never overlapping.

        >>> kb = ActorKB.load()
        >>> [(m.start, m.text) for m in kb.find("اشتباكات بين «داعش» وقوات النظام السوري")]
        [(14, 'داعش'), (21, 'قوات النظام السوري')]
        """
        if not text:
            return []
        norm = normalize(text)
        scan = _Scan(norm.text)
        found: list[ActorMatch] = []
        i = 0
        while i < len(scan):
            best = self._best_at(scan, i)
            if best is None:
                i += 1
                continue
            length, skip, actor = best
            start, end = norm.to_original(scan.starts[i] + skip, scan.ends[i + length - 1])
            found.append(ActorMatch(start, end, text[start:end], actor))
            i += length
        return found

    def lookup(self, phrase: str) -> Actor | None:
        """The actor a whole phrase names (same tolerance as :meth:`find`), else None."""
        scan = _Scan(normalize_text(phrase))
        if not len(scan):
            return None
        best = self._best_at(scan, 0)
        return best[2] if best is not None and best[0] == len(scan) else None

    def describes(self, words: str) -> bool:
        """Whether ``words``, after an actor's name in one mention, only describe that actor:
        nationality adjectives and words like الإرهابي, or a phrase opened by المدعومة or
        الموالية (``الحوثيون المدعومون من إيران``). ``المسيحي`` after حزب الاتحاد الديمقراطي
        does not: that is another party.

        >>> kb = ActorKB.load()
        >>> kb.describes("اللبناني الإرهابي"), kb.describes("المدعومة من إيران")
        (True, True)
        >>> kb.describes("المسيحي")
        False
        """
        scan = _Scan(normalize_text(words))
        p = 0
        while p < len(scan):
            key = scan.keys[p]
            if key in _OPENS:
                return True
            if key in _DESCRIBE:
                p += 1
                continue
            nat = self._nationality_at(scan, p)
            if nat is None or nat.is_name:
                return False
            p += nat.length
        return True

    def name_length(self, mention: str) -> int:
        """How much of ``mention`` names the actor: up to the word that opens a phrase about
        it (``الحوثيون المدعومون من إيران`` → ``الحوثيون``; ``التحالف بقيادة السعودية`` →
        ``التحالف``), else all of it. The phrase's place is a place of its own.

        >>> kb = ActorKB.load()
        >>> text = "الحوثيون المدعومون من إيران"
        >>> text[: kb.name_length(text)], kb.name_length("الحشد الشعبي") == len("الحشد الشعبي")
        ('الحوثيون', True)
        """
        for w in list(word_spans(mention))[1:]:
            if _word_key(normalize_text(w.text)) in _OPENS:
                return len(mention[: w.start].rstrip())
        return len(mention)

    def _best_at(self, scan: _Scan, i: int) -> tuple[int, int, Actor] | None:
        """(words, clitic letters skipped, actor) of the best match starting at word ``i``."""
        best: tuple[int, int, int] | None = None
        chosen: Actor | None = None
        for skip, first, definite in _first_forms(scan.words[i]):
            # Most words start no name and no force phrase: one set lookup rejects them.
            if first not in self._starters:
                continue
            for cand in self._candidates(scan, i, first, definite):
                rank = (cand.length, cand.priority, -skip)
                if best is None or rank > best:
                    best, chosen = rank, cand.actor
        if best is None or chosen is None:
            return None
        return best[0], -best[2], chosen

    def _candidates(self, scan: _Scan, i: int, first: str, definite: bool) -> Iterator[_Candidate]:
        named = self._alias_at(scan, i, first)
        if named is not None and not definite:
            key = (first, *scan.keys[i + 1 : i + named[0]])
            if key in _ARTICLE_REQUIRED:
                named = None
        if named is not None:
            length, actor = named
            if actor.id in _GROUP_IDS:
                # المتظاهرين العراقيين: the crowd of one country.
                nat = (
                    self._nationality_at(scan, i + length) if scan.joined(i + length - 1) else None
                )
                derived = self._derived.get((actor.id, nat.country)) if nat else None
                if nat is not None and derived is not None and not nat.is_name:
                    yield _Candidate(length + nat.length, 1, derived)
            yield _Candidate(length, 1, actor)
        forces = self._forces_at(scan, i, first, definite)
        if forces is not None:
            yield _Candidate(forces[0], 0, forces[1])
        if first == _COALITION and scan.joined(i - 1):
            before = _first_forms(scan.words[i - 1])
            if any(form.key in _STRIKES for form in before):
                coalition = self._coalition(scan)
                if coalition is not None:
                    yield _Candidate(1, 0, coalition)

    def _alias_at(self, scan: _Scan, p: int, first: str | None = None) -> tuple[int, Actor] | None:
        """The longest table name starting at word ``p`` (its first key may be given)."""
        head = scan.key(p, first)
        longest = min(self._first_max.get(head, 0), scan.run[p])
        for length in range(longest, 0, -1):
            actor = self._alias.get((head, *scan.keys[p + 1 : p + length]))
            if actor is not None:
                return length, actor
        return None

    def _nationality_at(self, scan: _Scan, p: int) -> _Nationality | None:
        if p >= len(scan):
            return None
        for length in (2, 1):
            if length <= scan.run[p]:
                nat = self._nat.get(tuple(scan.keys[p : p + length]))
                if nat is not None:
                    return nat
        return None

    def _head_at(self, scan: _Scan, p: int, first: str | None) -> tuple[int, Kind, str] | None:
        head = scan.key(p, first)
        longest = min(_HEAD_LENGTHS.get(head, 0), scan.run[p])
        for length in range(longest, 0, -1):
            kind = _HEADS.get((head, *scan.keys[p + 1 : p + length]))
            if kind is not None:
                return length, kind, scan.keys[p + length - 1]
        return None

    def _forces_at(
        self, scan: _Scan, i: int, first: str, definite: bool
    ) -> tuple[int, Actor] | None:
        """Force nouns, modifiers, a nationality: ``مدفعية الجيش التركي``, ``قوات الاحتلال``,
        ``القوات الحكومية الأفغانية``; or force nouns before a name (``طائرات التحالف الدولي``).

        A force noun takes another noun or a name after it only in construct, that is without
        the article (``قوات الأمن``, ``طائرات التحالف``): in ``مجلس الأمن وحدات حماية الشعب``
        and ``يقود الجيش قوات الشرطة`` the nouns are not one phrase.
        """
        best: tuple[int, Actor] | None = None
        pos, police, heads = i, False, 0
        key: str | None = first
        while heads < 3 and pos < len(scan):
            head = self._head_at(scan, pos, key)
            if head is None:
                break
            length, kind, last = head
            police = police or kind == "police"
            if length > 1 or pos > i:
                definite = scan.definite[pos + length - 1]
            pos, heads, key = pos + length, heads + 1, None
            if not scan.joined(pos - 1):
                break
            construct = not definite
            found = self._after_heads(scan, pos, police, construct, last in _CONSTRUCT_HEADS)
            if found is not None and (best is None or pos - i + found[0] > best[0]):
                best = (pos - i + found[0], found[1])
            if not construct:
                break
        return best

    def _after_heads(
        self, scan: _Scan, pos: int, police: bool, construct: bool, takes_country: bool
    ) -> tuple[int, Actor] | None:
        """What follows force nouns at word ``pos``: (words, actor). ``construct``: the last
        noun has no article, so a name may follow (``قوات حزب الله``); ``takes_country``: it is
        جيش, قوات or جنود, so a country name may (``جيش مصر``)."""
        options: list[tuple[int, Actor]] = []
        named = self._alias_at(scan, pos) if construct else None
        if named is not None and named[1].id not in _GROUP_IDS:
            options.append(named)
        if construct and scan.keys[pos] == _COALITION:
            coalition = self._coalition(scan)
            if coalition is not None:
                options.append((1, coalition))
        m = pos
        while m - pos < 3 and m < len(scan) and scan.keys[m] in _MODIFIER_WORDS:
            police = police or _MODIFIER_WORDS[scan.keys[m]] == "police"
            m += 1
            if not scan.joined(m - 1):
                break
        nat = self._nationality_at(scan, m) if m == pos or scan.joined(m - 1) else None
        if nat is not None and (not nat.is_name or (m == pos and construct and takes_country)):
            end = m + nat.length
            # قوات الاحتلال الإسرائيلي: a second word for the same country belongs to it.
            again = self._nationality_at(scan, end) if scan.joined(end - 1) else None
            if again is not None and again.country == nat.country and not again.is_name:
                end += again.length
            actor = self._forces.get((nat.country, "police" if police else "military"))
            if actor is not None:
                options.append((end - pos, actor))
        return max(options, key=lambda o: o[0], default=None)

    def _coalition(self, scan: _Scan) -> Actor | None:
        """The coalition a bare التحالف names in this text: Saudi-led where the text is about
        Yemen more than about Syria or Iraq, else the US-led one. Decided once per text."""
        if scan._coalition is False:
            yemen = sum(1 for k in scan.keys if k in _YEMEN_HINTS)
            levant = sum(1 for k in scan.keys if k in _LEVANT_HINTS)
            wanted = "saudi_coalition" if yemen > levant else "global_coalition"
            scan._coalition = self._by_id.get(wanted)
        return cast(Actor | None, scan._coalition)


# ---------------------------------------------------------------------------------------------
# Parsing the tables
# ---------------------------------------------------------------------------------------------


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _actor(cells: list[str], origin: str) -> Actor:
    actor_id, canonical, name_en, kb_id, category, country, aliases = cells
    if not _ID_RE.fullmatch(actor_id):
        raise ValueError(f"{origin}: id {actor_id!r} is not an ascii slug")
    if not canonical or not name_en:
        raise ValueError(f"{origin}: {actor_id!r} needs a canonical and an English name")
    if kb_id and not _QID_RE.fullmatch(kb_id):
        raise ValueError(f"{origin}: kb_id {kb_id!r} of {actor_id!r} is not a Wikidata QID")
    if category not in CATEGORIES:
        raise ValueError(f"{origin}: category {category!r} of {actor_id!r} is not an ACLED one")
    if country and not _COUNTRY_RE.fullmatch(country):
        raise ValueError(f"{origin}: country {country!r} of {actor_id!r} is not an ISO2 code")
    return Actor(
        id=actor_id,
        canonical=canonical,
        name_en=name_en,
        kb_id=kb_id or None,
        category=cast(ActorCategory, category),
        country=country or None,
        aliases=_split(aliases),
    )


def _country(cells: list[str], origin: str) -> _Country:
    code, name_en, names, adjectives, people = cells
    if not _COUNTRY_RE.fullmatch(code) or not name_en or not people:
        raise ValueError(f"{origin}: needs an ISO2 code, an English name and a people noun")
    return _Country(code, name_en, _split(names), _split(adjectives), people)


@cache
def _default_kb() -> ActorKB:
    return ActorKB.from_lines(
        read_lines(_PACKAGE, ACTORS_FILE), read_lines(_PACKAGE, NATIONALITIES_FILE)
    )
