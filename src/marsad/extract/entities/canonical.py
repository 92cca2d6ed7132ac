"""Canonical names for the entity mentions of one article, and an alias table of known actors.

An article names the same actor in several ways: ``جون كيربي`` then ``كيربي``; ``البنتاغون``
in one paragraph and ``البنتاجون`` in the next; ``داعش`` in the headline and ``تنظيم الدولة
الإسلامية`` in the body. :func:`canonicalize` gives every mention a ``canonical`` name (and,
where known, ``name_en`` and a Wikidata ``kb_id``) so that all of them count as one actor.

Three sources, in this order of precedence:

a) the alias table (``marsad/resources/entities/aliases.tsv``, :class:`AliasTable`): hand-written
   entries for well-known MENA actors, matched on :func:`variant_key`;
b) the article itself: a short person mention whose words all occur, in order, in one longer
   person mention resolves to the longest such name (``كيربي`` → ``جون كيربي``), unless two
   different full names could claim it; other mentions with the same :func:`variant_key`
   unify to their most frequent written form (``سورية`` / ``سوريا``);
c) otherwise the mention itself, with harakat, tatweel and invisible marks removed and spaces
   collapsed (:func:`clean_mention`): the letters are kept as written.

The table (UTF-8 TSV, one entry a line after the header) has the columns ``canonical``,
``label`` (PER/ORG/LOC/MISC), ``name_en``, ``kb_id`` (a Wikidata QID, left empty unless
checked) and ``aliases`` (``|``-separated: Arabic spellings and Latin forms such as ``ISIS``).
The canonical name and the English name are aliases too. Two different entries may not share
an alias key: :meth:`AliasTable.from_lines` raises ``ValueError`` when they do.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Final, cast, get_args

from marsad.arabic.normalize import normalize_text, strip_diacritics
from marsad.arabic.words import restore_article
from marsad.doc import Entity, EntityLabel
from marsad.resources import read_lines, tsv_rows

__all__ = [
    "ALIASES_FILE",
    "AliasEntry",
    "AliasTable",
    "canonicalize",
    "clean_mention",
    "variant_key",
]

ALIASES_FILE: Final = "aliases.tsv"
_PACKAGE: Final = "marsad.resources"
_SUBDIR: Final = "entities"
_HEADER: Final = ("canonical", "label", "name_en", "kb_id", "aliases")
_LABELS: Final[frozenset[str]] = frozenset(get_args(EntityLabel))
_QID_RE: Final = re.compile(r"Q[1-9][0-9]*")

# ---------------------------------------------------------------------------------------------
# Matching key
# ---------------------------------------------------------------------------------------------

# Invisible format characters (bidi controls, zero-width marks, soft hyphen): they change
# nothing a reader sees, so they are no part of a name.
_INVISIBLE_RE: Final = re.compile(
    "[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
# Anything that is neither a letter, a digit nor a space separates words in a key: ``al-Qaeda``
# and ``al Qaeda``, ``«داعش»`` and ``داعش`` get one key. Dots are removed instead (below), so
# that ``U.S.`` is ``us`` and ``أ.ف.ب`` is one token.
_PUNCT_RE: Final = re.compile(r"[^\w\s]|_")
# ``عبد الله`` and ``عبدالله`` are both common; join ``عبد`` to the next word before the
# article is stripped, or ``الله`` would become ``له`` in one spelling and not in the other.
_ABD_RE: Final = re.compile(r"(?<!\S)(عبد) +(?=\S)")
# A foreign G is written غ (غوتيريش), ج (جوتيريش, Egyptian usage) or گ (Persian/Iraqi); one
# symbol stands for all three. Over-merge risk: native words that differ only in غ/ج become
# one key (غرب/جرب, غزة/جزة). That only matters when both are entries or both are mentions in
# one article, which the alias-table test checks for the table. ك is left alone: it is far too
# common a native letter to merge with the others. ڤ (V) → ف and پ (P) → ب the same way.
_LETTER_FOLD: Final = str.maketrans({"ج": "غ", "گ": "غ", "ڤ": "ف", "پ": "ب"})
_ARTICLE: Final = "ال"


def _latin_fold_table() -> dict[int, str]:
    """Latin letters with accents → their base letters (``Erdoğan`` → ``Erdogan``).

    Built for Latin-1 and Latin Extended only: NFKD on Arabic would split ``ؤ``/``ئ`` into a
    bare letter and a hamza, which :mod:`marsad.arabic.normalize` deliberately keeps.
    """
    table: dict[int, str] = {ord("ı"): "i"}
    for code in range(0x00C0, 0x0250):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base and base != ch:
            table[code] = base
    return table


_LATIN_FOLD: Final = _latin_fold_table()


def _key_word(word: str) -> str:
    """One word of a key: the article removed, a final ``يه`` of a bare word read as ``يا``."""
    had_article = len(word) > len(_ARTICLE) + 1 and word.startswith(_ARTICLE)
    if had_article:
        word = word[len(_ARTICLE) :]
    # سورية/سوريا, ليبية/ليبيا: country names end in ية or يا and take no article. Adjectives
    # (السورية, التركية) carry one when definite, so they are left alone: "التركية" must not
    # become "تركيا". (ة is already ه after normalize_text.)
    elif len(word) > 3 and word.endswith("يه"):
        word = word[:-2] + "يا"
    return word


def variant_key(text: str) -> str:
    """A matching key under which spelling variants of one name are equal.

    ``normalize_text`` (hamza forms of alef, ى/ي, ة/ه, harakat, tatweel), Latin lower case
    without accents, punctuation out, ``عبد X`` joined, then per word: the article ``ال``
    removed; a final ``ية`` of a word without article read as ``يا``; غ/ج/گ one letter;
    ``وقراط`` → ``قراط`` (ديموقراطية/ديمقراطية, بيروقراطية). أمريكا/أميركا and other
    reorderings are not rules: they are aliases in the table.

    >>> variant_key("البنتاجون") == variant_key("البنتاغون")
    True
    >>> variant_key("سورية") == variant_key("سوريا")
    True
    >>> variant_key("قوات سوريا الديموقراطية") == variant_key("قوات سورية الديمقراطية")
    True
    >>> variant_key("التركية") == variant_key("تركيا")
    False
    """
    s = normalize_text(text).translate(_LATIN_FOLD).lower().replace(".", "")
    s = _PUNCT_RE.sub(" ", s)
    s = _ABD_RE.sub(r"\1", s)
    s = " ".join(_key_word(w) for w in s.split())
    return s.translate(_LETTER_FOLD).replace("وقراط", "قراط")


def clean_mention(text: str) -> str:
    """The mention as a name: harakat, tatweel and invisible marks removed, spaces collapsed.

    Letters are kept as written (hamzas, ة, ى): this is what a reader sees, not a key.

    >>> clean_mention("جُون   كيـربي")
    'جون كيربي'
    """
    return " ".join(_INVISIBLE_RE.sub("", strip_diacritics(text)).split())


# ---------------------------------------------------------------------------------------------
# Alias table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One known actor: ``داعش`` → ``تنظيم الدولة الإسلامية``, Islamic State, Q2429253."""

    canonical: str
    label: EntityLabel
    name_en: str | None = None
    kb_id: str | None = None
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every written form that should find this entry: canonical, aliases, English name."""
        extra = (self.name_en,) if self.name_en else ()
        return (self.canonical, *self.aliases, *extra)


def _compatible(query: EntityLabel | None, entry: EntityLabel) -> bool:
    """Whether a mention of label ``query`` may take an entry of label ``entry``.

    A person never takes an organization's or a place's entry and vice versa (``روحاني`` the
    man is not the adjective "spiritual", and ``ترامب`` is not a place). ORG, LOC and MISC may
    take each other's entries: taggers often label ``واشنطن`` or ``روسيا`` ORG when the country
    acts, and the actor is the same.
    """
    return query is None or (query == "PER") == (entry == "PER")


class AliasTable:
    """Known actors by :func:`variant_key` of each of their names.

    >>> table = AliasTable.load()
    >>> table.lookup("البنتاجون").kb_id
    'Q11209'
    >>> table.lookup("تنظيم الدولة").canonical
    'تنظيم الدولة الإسلامية'
    """

    __slots__ = ("_by_key", "_entries")

    def __init__(self, entries: Iterable[AliasEntry]) -> None:
        self._entries: tuple[AliasEntry, ...] = tuple(entries)
        self._by_key: dict[str, AliasEntry] = {}
        for entry in self._entries:
            for name in entry.names():
                key = variant_key(name)
                if not key:
                    raise ValueError(f"alias {name!r} of {entry.canonical!r} has an empty key")
                other = self._by_key.setdefault(key, entry)
                if other is not entry:
                    raise ValueError(
                        f"alias {name!r} (key {key!r}) of {entry.canonical!r} "
                        f"is already an alias of {other.canonical!r}"
                    )

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[AliasEntry]:
        return iter(self._entries)

    def lookup(self, text: str, label: EntityLabel | None = None) -> AliasEntry | None:
        """The entry one of whose names has the key of ``text`` (and a compatible label)."""
        return self._lookup_key(variant_key(text), label)

    def _lookup_key(self, key: str, label: EntityLabel | None) -> AliasEntry | None:
        entry = self._by_key.get(key)
        if entry is None or not _compatible(label, entry.label):
            return None
        return entry

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> AliasTable:
        """Parse the TSV: a header line, then one entry a line (blank and ``#`` lines skipped)."""
        entries: list[AliasEntry] = []
        for number, cells in tsv_rows(lines, _HEADER):
            canonical, label, name_en, kb_id, aliases = cells
            if not canonical:
                raise ValueError(f"line {number}: empty canonical name")
            if label not in _LABELS:
                raise ValueError(f"line {number}: label {label!r} is not one of {sorted(_LABELS)}")
            if kb_id and not _QID_RE.fullmatch(kb_id):
                raise ValueError(f"line {number}: kb_id {kb_id!r} is not a Wikidata QID")
            entries.append(
                AliasEntry(
                    canonical=canonical,
                    label=cast(EntityLabel, label),
                    name_en=name_en or None,
                    kb_id=kb_id or None,
                    aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
                )
            )
        return cls(entries)

    @classmethod
    def load(cls) -> AliasTable:
        """The packaged table (``marsad/resources/entities/aliases.tsv``), parsed once, cached."""
        return _default_table()


@cache
def _default_table() -> AliasTable:
    return AliasTable.from_lines(read_lines(f"{_PACKAGE}.{_SUBDIR}", ALIASES_FILE))


# ---------------------------------------------------------------------------------------------
# Canonicalization within one article
# ---------------------------------------------------------------------------------------------

# Name particles that cannot identify anyone on their own: a mention made only of them
# (``بن``, ``أبو``) is never resolved to a longer name. Keys, so already without ال.
_PARTICLES: Final[frozenset[str]] = frozenset(
    variant_key(w)
    for w in (
        *("بن", "ابن", "بنت", "أبو", "أبي", "أم", "آل", "عبد"),
        *("bin", "ibn", "al", "el", "abu", "de", "di", "da", "del"),
        *("van", "von", "der", "la", "le"),
    )
)


@dataclass(frozen=True, slots=True)
class _Target:
    """What a group of mentions resolves to."""

    canonical: str
    name_en: str | None
    kb_id: str | None


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether the words of ``short`` occur in ``long`` in the same order (gaps allowed)."""
    it = iter(long)
    return all(word in it for word in short)


def _longer_names(words: tuple[str, ...], person_names: dict[str, tuple[str, ...]]) -> list[str]:
    """The keys of the person names with more words than ``words`` that contain them."""
    return [k for k, w in person_names.items() if len(w) > len(words) and _is_subsequence(words, w)]


def _most_frequent_first(forms: Sequence[str]) -> str:
    """The most frequent form; among equally frequent ones, the first seen."""
    counts = Counter(forms)
    best = max(counts.values())
    return next(form for form in forms if counts[form] == best)


def _after_preposition(
    surface: str, table: AliasTable, label: EntityLabel | None
) -> AliasEntry | None:
    """The entry of a mention whose first word lost its article's alef to the preposition
    ل (``للأمم المتحدة`` spans ``لأمم المتحدة``: the ل of the article is all that is left of
    it), read with the article back; only a name the table knows, so that ``لبنان`` (in the
    table as written) is never ``البنان``."""
    first, _, rest = surface.partition(" ")
    restored = restore_article(normalize_text(first))
    if restored is None:
        return None
    return table._lookup_key(variant_key(f"{restored} {rest}".strip()), label)


def canonicalize(
    entities: Sequence[Entity],
    *,
    aliases: AliasTable | None = None,
    transliterate: Callable[[str], str] | None = None,
) -> list[Entity]:
    """New entities (same order, ids and offsets) with ``canonical``, ``name_en``, ``kb_id``.

    ``entities`` are the mentions of ONE article: names are unified across them and nowhere
    else. ``aliases`` defaults to the packaged table; ``transliterate`` (Arabic → Latin) gives
    ``name_en`` to persons the table does not know, and a short mention takes the English name
    of the full name it resolves to. Where nothing gives a value for ``name_en`` or ``kb_id``,
    the value the entity already had is kept.

    >>> text = "قال جون كيربي إن البنتاجون ... وأضاف كيربي"
    >>> ents = [Entity("e1", "PER", 4, 13, "جون كيربي"), Entity("e2", "ORG", 17, 26, "البنتاجون"),
    ...         Entity("e3", "PER", 37, 42, "كيربي")]
    >>> [(e.canonical, e.kb_id) for e in canonicalize(ents)]
    [('جون كيربي', None), ('البنتاغون', 'Q11209'), ('جون كيربي', None)]
    """
    table = aliases if aliases is not None else AliasTable.load()
    surfaces = [clean_mention(e.text) for e in entities]
    keys = [variant_key(s) for s in surfaces]
    is_per = [e.label == "PER" for e in entities]

    english: dict[str, str | None] = {}

    def translit(canonical: str) -> str | None:
        # One call per distinct name: transliterators can be slow, and one name may occur
        # many times in an article.
        if transliterate is None:
            return None
        if canonical not in english:
            english[canonical] = transliterate(canonical) or None
        return english[canonical]

    # Mentions with the same key (and the same PER/non-PER kind) are one name. Each name gets
    # a target: the alias entry when the table knows it, else its most frequent written form.
    groups: dict[tuple[bool, str], list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault((is_per[i], key), []).append(i)
    targets: dict[tuple[bool, str], _Target] = {}
    from_table: set[tuple[bool, str]] = set()
    for (per, key), members in groups.items():
        label = entities[members[0]].label
        entry = table._lookup_key(key, label) if key else None
        if entry is None and key:
            entry = _after_preposition(surfaces[members[0]], table, label)
        if entry is not None:
            targets[(per, key)] = _Target(entry.canonical, entry.name_en, entry.kb_id)
            from_table.add((per, key))
        else:
            canonical = _most_frequent_first([surfaces[i] for i in members])
            targets[(per, key)] = _Target(canonical, None, None)

    # Short person names → the longest full name that contains them, when only one does.
    person_names = {key: tuple(key.split()) for (per, key) in groups if per and key}
    resolved: dict[tuple[bool, str], _Target] = {}
    for key, words in person_names.items():
        if (True, key) in from_table or all(w in _PARTICLES for w in words):
            continue
        longer = _longer_names(words, person_names)
        restored = restore_article(words[0]) if not longer else None
        if restored is not None:
            # «للحبيب» spans «لحبيب»: the surname of «طارق الحبيب» after the preposition ل
            longer = _longer_names((_key_word(restored), *words[1:]), person_names)
        # The longest names are those no other candidate contains: ``جون كيربي`` inside
        # ``جون ف كيربي`` is not one of them.
        maximal = [
            k
            for k in longer
            if not any(
                len(person_names[o]) > len(person_names[k])
                and _is_subsequence(person_names[k], person_names[o])
                for o in longer
            )
        ]
        choices = {targets[(True, k)] for k in maximal}
        if len(choices) == 1:  # two different full names share these words: leave it alone
            resolved[(True, key)] = choices.pop()
    targets.update(resolved)

    out: list[Entity] = []
    for i, entity in enumerate(entities):
        target = targets[(is_per[i], keys[i])]
        # English name: the table's; else, for a person, the transliterated canonical name
        # (so a short mention gets its full name's, computed once for both).
        name_en = target.name_en
        if name_en is None and is_per[i]:
            name_en = translit(target.canonical)
        out.append(
            replace(
                entity,
                canonical=target.canonical,
                name_en=name_en if name_en is not None else entity.name_en,
                kb_id=target.kb_id if target.kb_id is not None else entity.kb_id,
            )
        )
    return out
