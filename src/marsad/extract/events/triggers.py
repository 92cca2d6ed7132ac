"""Find event triggers in Arabic news: the words that name an attack, a clash, an arrest, a meeting.

Hand-written for marsad (no code taken from other projects): no library tags ACLED events in
Arabic. A trigger is a verb or noun of a lexicon (``قصفت``، ``غارة``، ``اشتباكات``، ``اعتقلت``،
``التقى``) matched on the normalized text after its proclitics (``و``، ``ف``، ``ب``، ``ل``،
``ك``، the article) are stripped; a few phrases need their second word (``وقف إطلاق النار``،
``عبوة ناسفة``، ``فجر نفسه``). Words around the trigger refine the sub-type: ``قصف`` is an air
strike when ``طائرات``/``غارات``/``جوي`` are near it and shelling otherwise; ``هجوم`` is a suicide
bombing when ``انتحاري`` follows it.

Triggers that do not report a happening are dropped: negated (``لم تسجل اشتباكات``), planned or
hypothetical (``يعتزم اقتحام``، ``في حال شن هجوم``), and history (``هجمات عام 2014``، ``منذ``).

The sub-type ``territory`` (``سيطر``، ``استعاد``) is settled by the component, which knows whether
the agent is a state force. Casualty words are classified by :func:`toll_role`.

The words are data, not code: the lexicon is ``resources/events/triggers.tsv`` and the words
around a trigger are ``trigger_needs.tsv``, ``sub_type_cues.tsv``, ``report_cues.tsv`` and
``tolls.tsv`` there, validated by :mod:`marsad.arabic.wordlists`. Types and sub-types are the
codes of :mod:`marsad.extract.events.taxonomy`.

>>> [(m.text, m.type, m.sub_type) for m in find_triggers("وقصفت طائرات روسية بلدة كفرنبل")]
[('قصفت', 'explosions_remote_violence', 'air_drone_strike')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from marsad.arabic.normalize import Normalized, normalize, normalize_text
from marsad.arabic.numbers import words_to_number
from marsad.arabic.wordlists import WordList, load_wordlist
from marsad.arabic.words import (
    CONJUNCTIONS,
    PREPOSITIONS,
    clause_break_re,
    has_article,
    possessor_readings,
    proclitic_splits,
    restore_article,
    starts_with_conjunction,
    strip_article,
    word_list,
    word_spans,
)
from marsad.extract.events.taxonomy import type_of

__all__ = [
    "GROUND_WORDS",
    "TERRITORY",
    "TollRole",
    "TriggerMatch",
    "find_triggers",
    "ground_follows",
    "implicit_tolls",
    "toll_role",
]

#: Placeholder sub-type of a territorial change, settled by who the agent is.
TERRITORY: Final = "territory"


@dataclass(frozen=True, slots=True)
class _Entry:
    type: str
    sub_type: str
    # "verb" triggers take the agent after them (VSO) or before them; "noun" triggers take it
    # in a genitive or an adjective after them (غارات روسية، قصف لقوات النظام).
    pos: Literal["verb", "noun"]
    weight: float
    # The name of the rule that refines the sub-type from nearby words, if any.
    refine: str | None = None
    # Words one of which must follow within six words for the trigger to count
    # (``بحث`` + ``مع``، ``فرضت`` + ``عقوبات``).
    needs: frozenset[str] | None = None
    # Words one of which must come within six words before it (``أعلن`` ... ``وقف إطلاق
    # النار``). With ``needs`` as well, either one suffices (``أطلقوا قذائف``، ``قذائف أطلقها``).
    needs_before: frozenset[str] | None = None
    # A general verb (``استهدف``) that usually goes on telling the event of the sentence before.
    follows_up: bool = False


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """An event trigger in original offsets, with its (refined) type and sub-type.

    ``anaphoric`` marks a definite or pointed-back noun (``الغارات``، ``هذا الهجوم``،
    ``الهجوم الذي``): news uses these for an event already told, so they add to an earlier
    event rather than start one.
    """

    start: int
    end: int
    text: str
    type: str
    sub_type: str
    pos: Literal["verb", "noun"]
    weight: float
    anaphoric: bool = False
    follows_up: bool = False
    # ``هجوم``/``هاجم`` left as an armed clash for want of a weapon word: a more specific
    # violent event of its sentence (``انفجرت قنبلة``) is the same attack.
    generic: bool = False
    # Why the rules would not report it (``find_triggers(..., every=True)`` only): ``loose``
    # (a word of events/candidate_triggers.tsv), ``context`` (a needed word is missing,
    # ``لاعتقال`` is a purpose) or ``report`` (negated, planned, history).
    filtered: str | None = None


# The trigger lexicon and the words its entries need near them (resources/events/*.tsv).
_TRIGGERS: Final = load_wordlist("events/triggers.tsv")
_NEEDS: Final = load_wordlist("events/trigger_needs.tsv")
#: Place nouns (normalized) that make a territorial verb a change of ground.
GROUND_WORDS: Final = _NEEDS.normalized(group="ground")


def _lexicon(
    triggers: WordList, needs: WordList
) -> tuple[dict[str, _Entry], dict[tuple[str, ...], _Entry]]:
    """One-word triggers by their normalized form, and phrases by their normalized words
    (``وقف إطلاق النار``: its first word alone means nothing, or something else)."""
    groups: dict[str, frozenset[str] | None] = {"-": None}

    def group(name: str) -> frozenset[str] | None:
        if name not in groups:
            groups[name] = needs.normalized(group=name)
        return groups[name]

    words: dict[str, _Entry] = {}
    phrases: dict[tuple[str, ...], _Entry] = {}
    for row in triggers.rows:
        pos: Literal["verb", "noun"] = "verb" if row["pos"] == "verb" else "noun"
        entry = _Entry(
            type=row["type"],
            sub_type="" if row["sub_type"] == "-" else row["sub_type"],
            pos=pos,
            weight=float(row["weight"]),
            refine=None if row["refine"] == "-" else row["refine"],
            needs=group(row["needs"]),
            needs_before=group(row["needs_before"]),
            follows_up=row["follows_up"] == "yes",
        )
        key = normalize_text(row["word"])
        if " " in key:
            phrases[tuple(key.split())] = entry
        else:
            words[key] = entry
    return words, phrases


_LEXICON, _PHRASES = _lexicon(_TRIGGERS, _NEEDS)
# Loose words the learned model weighs but the rules never report (``انتقد``، ``مسيرة``).
_LOOSE, _ = _lexicon(load_wordlist("events/candidate_triggers.tsv"), _NEEDS)
_PHRASE_FIRST: Final = frozenset(p[0] for p in _PHRASES)
_MAX_PHRASE: Final = max(len(p) for p in _PHRASES)


# Sub-type refinement: words near a strike trigger that name the weapon, near an attack its
# victims, near a protest what happened to it (resources/events/sub_type_cues.tsv).
_SUB_TYPE_CUES: Final = load_wordlist("events/sub_type_cues.tsv")
_AIR: Final = _SUB_TYPE_CUES.normalized(cue="air")
_DRONE: Final = _SUB_TYPE_CUES.normalized(cue="drone")
_SHELLING: Final = _SUB_TYPE_CUES.normalized(cue="shelling")
_IED: Final = _SUB_TYPE_CUES.normalized(cue="ied")
_SUICIDE: Final = _SUB_TYPE_CUES.normalized(cue="suicide")
_CHEMICAL: Final = _SUB_TYPE_CUES.normalized(cue="chemical")
# ``قنبلة يدوية``: both words.
_HAND: Final = _SUB_TYPE_CUES.normalized(cue="hand")
_GRENADE: Final = _SUB_TYPE_CUES.normalized(cue="grenade")
_CIVILIANS: Final = _SUB_TYPE_CUES.normalized(cue="civilians")
_INTERVENTION: Final = _SUB_TYPE_CUES.normalized(cue="intervention")
_KILLING: Final = _SUB_TYPE_CUES.normalized(cue="killing")
_PROTESTERS: Final = _SUB_TYPE_CUES.normalized(cue="protesters")

# Words around a trigger that say it did not happen, or not yet, or long ago, and whether it
# tells a new event (resources/events/report_cues.tsv; normalized).
_REPORT_CUES: Final = load_wordlist("events/report_cues.tsv")
_NEGATION: Final = _REPORT_CUES.normalized(cue="negation")
_IRREALIS: Final = _REPORT_CUES.normalized(cue="irrealis")
_HISTORY: Final = _REPORT_CUES.normalized(cue="history")
# ``687 حالة اعتقال``: a count of cases, not one event; ``علم الاجتماع``: a field of study;
# ``في اجتماع``: the venue of another act; ``هجوم مفترض``: alleged.
_COUNTING: Final = _REPORT_CUES.normalized(cue="counting") | _REPORT_CUES.normalized(cue="compound")
_VENUE: Final = _REPORT_CUES.normalized(cue="venue")
_ALLEGED: Final = _REPORT_CUES.normalized(cue="alleged")
# Before a definite noun: it is told here, not pointed back at (``عشرات الصواريخ``، ``تجددت
# الاشتباكات``).
_AMOUNT: Final = _REPORT_CUES.normalized(cue="amount")
_OCCUR: Final = _REPORT_CUES.normalized(cue="occur")
# Before a noun: it follows from an event told before (``إثر هجوم``، ``عقب الغارة``).
_AFTERMATH: Final = _REPORT_CUES.normalized(cue="aftermath")
# After a trigger: ``في أبريل من العام الماضي``، ``خلال السنوات الماضية``.
_PAST_AFTER: Final = _REPORT_CUES.normalized(cue="past_after")
_PAST_PHRASES: Final = tuple(
    tuple(normalize_text(p).split()) for p in _REPORT_CUES.words(cue="past_phrase")
)
# Before a noun: it points back at an event already told (``هذا الهجوم``).
_DEMONSTRATIVES: Final = _REPORT_CUES.normalized(cue="demonstrative")
_RELATIVES: Final = _REPORT_CUES.normalized(cue="relative")
# ``لا تزال الاشتباكات مستمرة``: "still", not a negation.
_STILL: Final = _REPORT_CUES.normalized(cue="still")
_YEAR_RE: Final = re.compile(r"(?:19|20)\d\d")


def _bare_forms(word: str) -> Iterable[str]:
    """The word and its clitic-stripped readings, longest first: ``وبالغارات`` → ``غارات``.

    The readings of :func:`~marsad.arabic.words.proclitic_splits`; after a preposition the
    stem also without its article (``لل`` + X → X), then the word and the conjunction-less
    word without theirs."""
    splits = proclitic_splits(word)
    for split in splits:
        yield split.stem
        if split.proclitics and split.proclitics[-1] in PREPOSITIONS:
            definite = restore_article(split.stem) if split.proclitics[-1] == "ل" else None
            form = definite or split.stem
            bare = strip_article(form)
            if bare != form:
                yield bare
    for split in splits:
        if split.proclitics in ("", *CONJUNCTIONS):
            bare = strip_article(split.stem)
            if bare != split.stem:
                yield bare


def _bare(word: str) -> str:
    """The clitic-free form of a modifier word, for set lookups (best effort)."""
    for form in _bare_forms(word):
        if form in _ALL_MODIFIERS:
            return form
    return word


@dataclass(frozen=True, slots=True)
class _Word:
    start: int  # normalized offsets
    end: int
    form: str


def find_triggers(
    text: str, published_year: int | None = None, *, every: bool = False
) -> list[TriggerMatch]:
    """Every event trigger in ``text`` that reports a happening, in text order.

    ``published_year`` lets a year before publication (``هجوم عام 2014``) mark a trigger as
    history. Spans are in original offsets. ``every``: also the triggers the rules would not
    report, marked with why in ``filtered`` (the learned model's candidates).

    >>> [m.sub_type for m in find_triggers("وأعلنت الشرطة اعتقال خمسة أشخاص")]
    ['arrests']
    >>> find_triggers("ولم تسجل أي اشتباكات في المنطقة")
    []
    """
    norm = normalize(text)
    words = [_Word(w.start, w.end, w.text) for w in word_spans(norm.text)]
    found: list[TriggerMatch] = []
    i = 0
    while i < len(words):
        hit = _match_at(words, i)
        loose = hit is None and every
        if loose:
            hit = _match_at(words, i, _LOOSE)
        if hit is None:
            i += 1
            continue
        entry, n, cut = hit
        filtered = None
        if not _counts(entry, words, i, n, cut):
            filtered = "context"
        elif not _reported(words, i, n, published_year):
            filtered = "report"
        if loose:
            filtered = "loose" if filtered is None else f"loose_{filtered}"
        if filtered is None or every:
            sub = _refine(entry, words, i, n)
            if sub is not None:
                first = _Word(words[i].start + cut, words[i].end, words[i].form[cut:])
                anaphoric = entry.pos == "noun" and _points_back(words, i, n, cut)
                match = _to_match(norm, first, words[i + n - 1], entry, sub, anaphoric)
                if not anaphoric and entry.pos == "noun" and _after_aftermath(words, i):
                    match = replace(match, follows_up=True)
                found.append(replace(match, filtered=filtered) if filtered else match)
        i += n
    return found


def _match_at(
    words: Sequence[_Word], i: int, lexicon: dict[str, _Entry] | None = None
) -> tuple[_Entry, int, int] | None:
    """The entry matching at word ``i``, its length in words, and where in the first word the
    trigger starts once و/ف/ب/ل/ك are left off (the article stays: ``الاشتباكات``);
    ``lexicon``: one-word entries to use instead of the triggers (no phrases)."""
    word = words[i].form
    if lexicon is not None:
        for stem in (word, *_suffix_stripped(word)):
            for form in _bare_forms(stem):
                entry = lexicon.get(form)
                if entry is not None:
                    return entry, 1, _stem_offset(stem, form)
        return _two_letter_verb(word, lexicon)
    for form in _bare_forms(word):
        if form in _PHRASE_FIRST:
            for n in range(min(_MAX_PHRASE, len(words) - i), 1, -1):
                key = (form, *(w.form for w in words[i + 1 : i + n]))
                entry = _PHRASES.get(key)
                if entry is None:
                    key = (form, *(strip_article(w.form) for w in words[i + 1 : i + n]))
                    entry = _PHRASES.get(key)
                if entry is not None:
                    return entry, n, _stem_offset(word, form)
    # The word as written, then without an enclitic pronoun or the accusative alef
    # (``غاراتها``، ``توعدوها``، ``هجوما``، ``اعتصاما``).
    for stem in (word, *_suffix_stripped(word)):
        for form in _bare_forms(stem):
            entry = _LEXICON.get(form)
            if entry is not None:
                return entry, 1, _stem_offset(stem, form)
    return _two_letter_verb(word, _LEXICON)


def _two_letter_verb(word: str, lexicon: dict[str, _Entry]) -> tuple[_Entry, int, int] | None:
    """``وحث``, ``وحض``: a conjunction before a verb of two letters, a word too short for
    :func:`~marsad.arabic.words.proclitic_splits` to split."""
    if len(word) == 3 and word[0] in CONJUNCTIONS:
        entry = lexicon.get(word[1:])
        if entry is not None:
            return entry, 1, 1
    return None


# Not ``ه``: normalization has folded ة into it (``وزارة`` must not read as ``زار``).
_ENCLITICS: Final = ("هما", "ها", "هم", "ا")


def _suffix_stripped(word: str) -> Iterable[str]:
    for suffix in _ENCLITICS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            yield word[: -len(suffix)]
    # A noun with a possessive, as written alone: ``زيارته`` → ``زيارة``, ``لقائهما`` → ``لقاء``.
    yield from possessor_readings(word)


def _stem_offset(word: str, form: str) -> int:
    cut = len(word) - len(form)
    if cut >= 2 and word[cut - 2 : cut] == "ال":
        cut -= 2
    return cut


def _counts(entry: _Entry, words: Sequence[_Word], i: int, n: int, cut: int) -> bool:
    """The entry's context conditions hold, and a verbal noun is no purpose (``لاعتقال``)."""
    after = entry.needs is None or _near(words[i + n : i + n + 6], entry.needs)
    before = entry.needs_before is None or _near(words[max(0, i - 6) : i], entry.needs_before)
    if entry.needs is not None and entry.needs_before is not None:
        if not (_near(words[i + n : i + n + 6], entry.needs) or before):
            return False
    elif not (after and before):
        return False
    prefix = words[i].form[:cut]
    prefix = prefix[:-2] if prefix.endswith("ال") else prefix
    if n == 1 and prefix.endswith("ل"):
        return False
    previous = words[i - 1].form if i > 0 else ""
    if previous in _COUNTING or (entry.type == "consult" and previous in _VENUE):
        return False
    following = words[i + n].form if i + n < len(words) else ""
    return following not in _ALLEGED


def ground_follows(text: str, end: int) -> bool:
    """A place noun within ten words after ``end`` (``سيطرت على مدينة ...``)."""
    words = word_list(normalize_text(text[end : end + 120]))[:10]
    return any(not GROUND_WORDS.isdisjoint(_bare_forms(w)) for w in words)


def _near(words: Sequence[_Word], wanted: frozenset[str]) -> bool:
    for w in words:
        for stem in (w.form, *_suffix_stripped(w.form)):
            if not wanted.isdisjoint(_bare_forms(stem)):
                return True
    return False


def _points_back(words: Sequence[_Word], i: int, n: int, cut: int) -> bool:
    """A definite noun (``الهجوم``), one after هذا or before الذي, or one with a pronoun after
    إثر or عقب (``عقب اقتحامها``). A possessive elsewhere (``غاراتها``) is not: ``كثفت
    الطائرات غاراتها على صعدة`` tells a new strike."""
    previous = {f for w in words[max(0, i - 3) : i] for f in _bare_forms(w.form)}
    if (i > 0 and words[i - 1].form in _AMOUNT) or previous & _OCCUR:
        return False  # ``عشرات الصواريخ``، ``اندلعت أمس الاشتباكات``: told here
    if has_article(words[i].form[cut:]):
        return True
    if i > 0 and words[i - 1].form in _DEMONSTRATIVES:
        return True
    if _after_aftermath(words, i) and not _bare_noun(words[i].form):
        return True  # ``عقب اقتحامها``: its storming, told before
    return i + n < len(words) and words[i + n].form in _RELATIVES


def _after_aftermath(words: Sequence[_Word], i: int) -> bool:
    """A noun after إثر or عقب: the cause of what was just told. Definite or with a pronoun
    (``إثر الغارة``، ``عقب اقتحامها``) it points back; bare, «مقتل 25 شخصا إثر انفجارين», it
    goes on telling an event told just before, and where none was, it is the event."""
    return i > 0 and words[i - 1].form in _AFTERMATH


def _bare_noun(word: str) -> bool:
    """Whether the trigger word carries no pronoun: one of its readings is in the lexicon
    without an enclitic taken off."""
    return any(f in _LEXICON or f in _LOOSE for f in _bare_forms(word))


def _reported(words: Sequence[_Word], i: int, n: int, published_year: int | None) -> bool:
    """False for a negated, planned or hypothetical trigger, or one that reports history."""
    before = [set(_bare_forms(w.form)) for w in words[max(0, i - 3) : i]]
    if any(f & _NEGATION for f in before) and not any(f & _STILL for f in before):
        return False
    if any(f & _IRREALIS for f in before):
        return False
    if any(f & _HISTORY for f in before):
        return False
    after = words[i + n : i + n + 10]
    if after and after[0].form in _HISTORY:
        return False
    forms = [w.form for w in after]
    if any(f in _PAST_AFTER for f in forms):
        return False
    if any(_has_phrase(forms, p) for p in _PAST_PHRASES):
        return False
    if published_year is not None:
        # A year before publication right after the trigger or just before it, in its
        # clause: ``هجوما في نيسان 2017``، ``بين عامي 2014 و2017 مواجهات``.
        for w in (*after, *words[max(0, i - 4) : i]):
            if _YEAR_RE.fullmatch(w.form) and int(w.form) < published_year:
                return False
    return True


def _has_phrase(forms: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(forms[k : k + n]) == phrase for k in range(len(forms) - n + 1))


def _window(words: Sequence[_Word], i: int, n: int, before: int, after: int) -> set[str]:
    out: set[str] = set()
    for w in words[max(0, i - before) : i + n + after]:
        out.add(w.form)
        out.add(_bare(w.form))
    return out


def _refine(entry: _Entry, words: Sequence[_Word], i: int, n: int) -> str | None:
    """The sub-type from nearby words; None when the trigger is not an event after all."""
    rule = entry.refine
    if rule is None:
        return entry.sub_type
    near = _window(words, i, n, 4, 6)
    if rule in ("strike", "attack"):
        if near & _CHEMICAL:
            return "chemical_weapon"
        if near & _SUICIDE:
            return "suicide_bomb"
        if near & _IED:
            return "remote_explosive_landmine_ied"
        if near & _HAND and near & _GRENADE:
            return "grenade"
        if near & _DRONE or near & _AIR:
            return "air_drone_strike"
        if near & _SHELLING:
            return "shelling_artillery_missile_attack"
        if rule == "attack":
            return "attack" if near & _CIVILIANS else entry.sub_type
        return entry.sub_type or None
    if rule == "protest":
        wide = _window(words, i, n, 8, 20)
        if wide & _KILLING:
            return "excessive_force_against_protesters"
        if wide & _INTERVENTION:
            return "protest_with_intervention"
        return entry.sub_type
    if rule == "riot":
        return entry.sub_type if _window(words, i, n, 4, 4) & _PROTESTERS else None
    if rule == "fire":
        return "attack" if near & _CIVILIANS or near & _PROTESTERS else "armed_clash"
    return entry.sub_type


def _type_of(sub_type: str, default: str) -> str:
    return type_of(sub_type) or default


def _to_match(
    norm: Normalized, first: _Word, last: _Word, entry: _Entry, sub: str, anaphoric: bool
) -> TriggerMatch:
    s, e = norm.to_original(first.start, last.end)
    return TriggerMatch(
        start=s,
        end=e,
        text=norm.original[s:e],
        type=_type_of(sub, entry.type),
        sub_type=sub,
        pos=entry.pos,
        weight=entry.weight,
        anaphoric=anaphoric,
        follows_up=entry.follows_up,
        generic=entry.refine == "attack" and sub == entry.sub_type,
    )


# Every refinement word: a modifier's clitic-free form is looked up among them.
_ALL_MODIFIERS: Final = _SUB_TYPE_CUES.normalized()

# ---------------------------------------------------------------------------------------------
# Casualty figures
# ---------------------------------------------------------------------------------------------

TollRole = Literal["killed", "injured"]

# Casualty words (resources/events/tolls.tsv).
_TOLLS: Final = load_wordlist("events/tolls.tsv")
_KILLED_CUES: Final = _TOLLS.normalized(role="killed")
_INJURED_CUES: Final = _TOLLS.normalized(role="injured")


def toll_role(text: str, start: int, end: int) -> TollRole | None:
    """Whether the figure at ``text[start:end]`` counts the killed or the injured, or neither.

    The nearest casualty word within four words before the figure decides (``مقتل ثلاثة``،
    ``وإصابة 9 آخرين``); failing that, one within five words after it (``سبعة قتلى``،
    ``إن 14 مقاتلا من الطرفين قتلوا``), unless a figure follows that word: in «3 انتحاريين
    قتلوا 18 شخصا» the 3 are the killers.

    >>> t = "ما أسفر عن مقتل ثلاثة مقاتلين وإصابة 9 آخرين"
    >>> k, w = t.index("ثلاثة"), t.index("9")
    >>> toll_role(t, k, k + 5), toll_role(t, w, w + 1)
    ('killed', 'injured')
    """
    before = _clause_words(text[max(0, start - 60) : start], reverse=True)[:4]
    for w in before:
        role = _role_of(w)
        if role is not None:
            return role
    after = _clause_words(text[end : end + 60], reverse=False)[:6]
    for k, w in enumerate(after[:5]):
        role = _role_of(w)
        if role is not None:
            # «3 انتحاريين قتلوا 18 شخصا»: a figure right after the verb is its object, the
            # victims; the one before it counts the killers
            nxt = after[k + 1] if k + 1 < len(after) else ""
            if nxt and not starts_with_conjunction(nxt) and words_to_number([nxt]) is not None:
                return None
            return role
    return None


# Victims named by a singular or dual noun with no figure: ``مقتل جندي``، ``جنديين قتلا``.
_ONE: Final = _TOLLS.normalized(role="one")
_TWO: Final = _TOLLS.normalized(role="two")


def implicit_tolls(text: str) -> tuple[int | None, int | None]:
    """Killed and injured named without a figure in a clause: 1 for ``مقتل جندي``، 2 for
    ``جنديين قتلا``; None where the clause names none.

    >>> implicit_tolls("ما أدى إلى مقتل جندي وإصابة شرطيين")
    (1, 2)
    """
    words = word_list(normalize_text(text))
    found: dict[TollRole, int] = {}
    for k, w in enumerate(words):
        role = _role_of(w)
        if role is None or role in found:
            continue
        for other in (*words[k + 1 : k + 3], *words[max(0, k - 2) : k]):
            forms = set(_bare_forms(other))
            if forms & _TWO:
                found[role] = 2
                break
            if forms & _ONE:
                found[role] = 1
                break
    return found.get("killed"), found.get("injured")


def _clause_words(chunk: str, reverse: bool) -> list[str]:
    # Stop at a sentence or clause end so that a figure never takes a cue across one.
    cut = [m.span() for m in clause_break_re().finditer(chunk)]
    if cut:
        chunk = chunk[cut[-1][1] :] if reverse else chunk[: cut[0][0]]
    words = word_list(normalize_text(chunk))
    return words[::-1] if reverse else words


def _role_of(word: str) -> TollRole | None:
    for form in _bare_forms(word):
        if form in _KILLED_CUES:
            return "killed"
        if form in _INJURED_CUES:
            return "injured"
    return None
