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

>>> [(m.text, m.type, m.sub_type) for m in find_triggers("وقصفت طائرات روسية بلدة كفرنبل")]
[('قصفت', 'explosions_remote_violence', 'air_drone_strike')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from marsad.text.normalize import Normalized, normalize, normalize_text

__all__ = [
    "ACLED_TYPES",
    "POLITICAL_TYPES",
    "TERRITORY",
    "TollRole",
    "TriggerMatch",
    "find_triggers",
    "toll_role",
]

#: ACLED's six event types and their sub-types (DESIGN.md, snake_case).
ACLED_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "battles": (
        "armed_clash",
        "government_regains_territory",
        "non_state_actor_overtakes_territory",
    ),
    "explosions_remote_violence": (
        "chemical_weapon",
        "air_drone_strike",
        "suicide_bomb",
        "shelling_artillery_missile_attack",
        "remote_explosive_landmine_ied",
        "grenade",
    ),
    "violence_against_civilians": ("sexual_violence", "attack", "abduction_forced_disappearance"),
    "protests": (
        "peaceful_protest",
        "protest_with_intervention",
        "excessive_force_against_protesters",
    ),
    "riots": ("violent_demonstration", "mob_violence"),
    "strategic_developments": (
        "agreement",
        "arrests",
        "change_to_group_activity",
        "disrupted_weapons_use",
        "headquarters_or_base_established",
        "looting_property_destruction",
        "non_violent_transfer_of_territory",
        "other",
    ),
}
#: PLOVER-style political interactions that ACLED does not code; their sub-type is the type.
POLITICAL_TYPES: Final = (
    "consult",
    "agree",
    "accuse",
    "threaten",
    "request",
    "aid",
    "sanction",
    "retreat",
)
#: Placeholder sub-type of a territorial change, settled by who the agent is.
TERRITORY: Final = "territory"

_WORD_RE: Final = re.compile(r"\w+")
_BATTLES, _EXPLOSIONS, _VAC = "battles", "explosions_remote_violence", "violence_against_civilians"
_STRATEGIC = "strategic_developments"


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
    # Words that must follow within three words for the trigger to count (``بحث`` + ``مع``).
    needs: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """An event trigger in original offsets, with its (refined) type and sub-type."""

    start: int
    end: int
    text: str
    type: str
    sub_type: str
    pos: Literal["verb", "noun"]
    weight: float


def _add(
    table: dict[str, _Entry],
    words: str,
    type_: str,
    sub_type: str,
    pos: Literal["verb", "noun"],
    weight: float = 0.8,
    refine: str | None = None,
    needs: str | None = None,
) -> None:
    need = frozenset(normalize_text(w) for w in needs.split()) if needs else None
    for w in words.split():
        table[normalize_text(w)] = _Entry(type_, sub_type, pos, weight, refine, need)


def _lexicon() -> dict[str, _Entry]:
    t: dict[str, _Entry] = {}
    # Battles.
    _add(t, "اشتباكات اشتباك معارك معركة مواجهات كمين الكمين", _BATTLES, "armed_clash", "noun")
    _add(t, "اشتبك اشتبكت اشتبكوا تشتبك يشتبك تدور دارت", _BATTLES, "armed_clash", "verb", 0.7)
    _add(t, "هاجم هاجمت هاجموا يهاجم تهاجم", _BATTLES, "armed_clash", "verb", 0.7, "attack")
    _add(t, "هجوم هجوما هجمات هجمة", _BATTLES, "armed_clash", "noun", 0.6, "attack")
    _add(t, "استعاد استعادت استعادة استرجع استرجعت حرر حررت تحرير", _BATTLES, TERRITORY, "verb")
    _add(t, "سيطر سيطرت سيطروا استولى استولت الاستيلاء", _BATTLES, TERRITORY, "verb", 0.7)
    # Explosions and remote violence.
    _add(t, "غارة غارات غاره ضربة ضربات", _EXPLOSIONS, "air_drone_strike", "noun", 0.85, "strike")
    _add(
        t,
        "قصف قصفت قصفوا يقصف تقصف",
        _EXPLOSIONS,
        "shelling_artillery_missile_attack",
        "verb",
        0.8,
        "strike",
    )
    _add(
        t,
        "قذيفة قذائف صاروخ صواريخ",
        _EXPLOSIONS,
        "shelling_artillery_missile_attack",
        "noun",
        0.6,
        "strike",
    )
    _add(t, "استهدف استهدفت استهدفوا تستهدف يستهدف استهداف", _EXPLOSIONS, "", "verb", 0.6, "strike")
    _add(
        t,
        "عبوة عبوات لغم ألغام مفخخة انفجار تفجير",
        _EXPLOSIONS,
        "remote_explosive_landmine_ied",
        "noun",
        0.75,
        "strike",
    )
    _add(
        t,
        "انفجرت انفجر فجرت",
        _EXPLOSIONS,
        "remote_explosive_landmine_ied",
        "verb",
        0.6,
        "strike",
    )
    _add(t, "انتحاري انتحارية انتحاريين انتحاريان", _EXPLOSIONS, "suicide_bomb", "noun", 0.85)
    # Violence against civilians.
    _add(t, "أعدم أعدمت أعدموا إعدام اغتال اغتالت اغتالوا اغتيال ذبح", _VAC, "attack", "verb")
    _add(
        t,
        "اختطف اختطفت اختطفوا اختطاف خطف خطفت خطفوا",
        _VAC,
        "abduction_forced_disappearance",
        "verb",
    )
    _add(t, "اغتصاب اغتصب اغتصبوا", _VAC, "sexual_violence", "verb")
    # Protests and riots.
    _add(
        t,
        "تظاهر تظاهرت تظاهروا تظاهرة تظاهرات مظاهرة مظاهرات احتجاج احتجاجات اعتصام اعتصم "
        "اعتصموا احتج احتجت احتجوا",
        "protests",
        "peaceful_protest",
        "noun",
        0.75,
        "protest",
    )
    _add(t, "شغب", "riots", "violent_demonstration", "noun", 0.8)
    # Strategic developments.
    _add(
        t,
        "اعتقل اعتقلت اعتقلوا اعتقال اعتقالات توقيف أوقفت احتجز احتجزت احتجاز",
        _STRATEGIC,
        "arrests",
        "verb",
    )
    _add(t, "القبض", _STRATEGIC, "arrests", "noun")
    _add(t, "هدنة الهدنة تهدئة", _STRATEGIC, "agreement", "noun", 0.6, needs=None)
    _add(t, "نهب نهبوا هدم هدمت جرفت", _STRATEGIC, "looting_property_destruction", "verb", 0.6)
    _add(
        t,
        "تفكيك فكك فككت إبطال أبطل أبطلت أسقطت أسقط إسقاط اعترضت اعترض اعتراض أحبطت أحبط إحباط",
        _STRATEGIC,
        "disrupted_weapons_use",
        "verb",
        0.6,
    )
    _add(t, "نزوح نزح نزحت نزحوا تهجير", _STRATEGIC, "other", "noun", 0.6)
    _add(t, "تسلم تسلمت تسليم", _STRATEGIC, "non_violent_transfer_of_territory", "verb", 0.4)
    # Political interactions (PLOVER-style).
    _add(
        t,
        "التقى التقت يلتقي تلتقي لقاء اجتمع اجتمعت اجتماع محادثات مباحثات زار زارت زيارة "
        "استقبل استقبلت",
        "consult",
        "consult",
        "verb",
        0.7,
    )
    _add(t, "بحث بحثت يبحث تبحث", "consult", "consult", "verb", 0.6, needs="مع")
    _add(t, "اتصال اتصالا", "consult", "consult", "noun", 0.6, needs="هاتفي هاتفيا")
    _add(t, "اتفاقية", "agree", "agree", "noun", 0.6)
    _add(t, "وقع وقعت توقيع", "agree", "agree", "verb", 0.6, needs="اتفاق اتفاقية مذكرة اتفاقا")
    _add(
        t,
        "اتهم اتهمت اتهموا يتهم تتهم اتهام اتهامات حمل حملت",
        "accuse",
        "accuse",
        "verb",
        0.6,
        "accuse",
    )
    _add(t, "أدان أدانت دان دانت ندد نددت استنكر استنكرت", "accuse", "accuse", "verb", 0.5)
    _add(t, "هدد هددت هددوا يهدد تهدد توعد توعدت تهديد تهديدات", "threaten", "threaten", "verb")
    _add(
        t,
        "طالب طالبت يطالب تطالب ناشد ناشدت حث حثت دعا دعت يدعو تدعو",
        "request",
        "request",
        "verb",
        0.5,
    )
    _add(t, "مساعدات", "aid", "aid", "noun", 0.5)
    _add(t, "عقوبات", "sanction", "sanction", "noun", 0.6)
    _add(t, "انسحاب انسحب انسحبت انسحبوا سحب سحبت", "retreat", "retreat", "verb", 0.5)
    return t


_LEXICON: Final = _lexicon()

# Phrases whose first word alone means nothing (or something else): word tuples, normalized.
_PHRASES: Final[dict[tuple[str, ...], _Entry]] = {
    tuple(normalize_text(p).split()): e
    for p, e in {
        "وقف إطلاق النار": _Entry(_STRATEGIC, "agreement", "noun", 0.7),
        "وقف لإطلاق النار": _Entry(_STRATEGIC, "agreement", "noun", 0.7),
        "تبادل الأسرى": _Entry(_STRATEGIC, "agreement", "noun", 0.6),
        "تبادل إطلاق النار": _Entry(_BATTLES, "armed_clash", "noun", 0.7),
        "تبادل لإطلاق النار": _Entry(_BATTLES, "armed_clash", "noun", 0.7),
        "أطلق النار": _Entry(_VAC, "attack", "verb", 0.6, "fire"),
        "أطلقت النار": _Entry(_VAC, "attack", "verb", 0.6, "fire"),
        "أطلقوا النار": _Entry(_VAC, "attack", "verb", 0.6, "fire"),
        "فجر نفسه": _Entry(_EXPLOSIONS, "suicide_bomb", "verb", 0.9),
        "حزام ناسف": _Entry(_EXPLOSIONS, "suicide_bomb", "noun", 0.9),
        "قنبلة يدوية": _Entry(_EXPLOSIONS, "grenade", "noun", 0.85),
        "قنابل يدوية": _Entry(_EXPLOSIONS, "grenade", "noun", 0.85),
        "أعمال شغب": _Entry("riots", "violent_demonstration", "noun", 0.8),
        "وقفة احتجاجية": _Entry("protests", "peaceful_protest", "noun", 0.8, "protest"),
        "مسيرة احتجاجية": _Entry("protests", "peaceful_protest", "noun", 0.8, "protest"),
        "مسيرات احتجاجية": _Entry("protests", "peaceful_protest", "noun", 0.8, "protest"),
        "ألقت القبض": _Entry(_STRATEGIC, "arrests", "verb", 0.85),
        "ألقى القبض": _Entry(_STRATEGIC, "arrests", "verb", 0.85),
        "ألقوا القبض": _Entry(_STRATEGIC, "arrests", "verb", 0.85),
        "فرض عقوبات": _Entry("sanction", "sanction", "verb", 0.7),
        "فرضت عقوبات": _Entry("sanction", "sanction", "verb", 0.7),
        "قطع العلاقات": _Entry("sanction", "sanction", "verb", 0.6),
        "سحب قواته": _Entry("retreat", "retreat", "verb", 0.7),
        "بسط سيطرته": _Entry(_BATTLES, TERRITORY, "verb", 0.7),
        "بسطت سيطرتها": _Entry(_BATTLES, TERRITORY, "verb", 0.7),
        "حمل المسؤولية": _Entry("accuse", "accuse", "verb", 0.6),
        "حملت المسؤولية": _Entry("accuse", "accuse", "verb", 0.6),
        "غاز الكلور": _Entry(_EXPLOSIONS, "chemical_weapon", "noun", 0.8),
        "هجوم كيماوي": _Entry(_EXPLOSIONS, "chemical_weapon", "noun", 0.85),
        "هجوم كيميائي": _Entry(_EXPLOSIONS, "chemical_weapon", "noun", 0.85),
        "الأسلحة الكيماوية": _Entry(_EXPLOSIONS, "chemical_weapon", "noun", 0.5),
    }.items()
}
_PHRASE_FIRST: Final = frozenset(p[0] for p in _PHRASES)
_MAX_PHRASE: Final = max(len(p) for p in _PHRASES)


def _words(*groups: str) -> frozenset[str]:
    return frozenset(normalize_text(w) for g in groups for w in g.split())


# Sub-type refinement: words near a strike trigger that name the weapon.
_AIR: Final = _words(
    "طائرات طائرة طيران الطيران مقاتلات مقاتلة مروحيات مروحية جوي جوية جويا غارات غارة "
    "الحربية حربية براميل البراميل ضربات"
)
_DRONE: Final = _words("مسيرة مسيرات درون بدون")
_SHELLING: Final = _words(
    "مدفعي مدفعية المدفعية مدفعيا صاروخي صاروخية صواريخ صاروخ قذائف قذيفة هاون الهاون "
    "راجمات راجمة الدبابات دبابة مدافع كاتيوشا الباليستي باليستي باليستية"
)
_IED: Final = _words("عبوة عبوات ناسفة ناسف مفخخة مفخخ لغم ألغام لغما")
_SUICIDE: Final = _words("انتحاري انتحارية انتحاريا انتحاريين انتحاريان")
_CHEMICAL: Final = _words("كيماوي كيميائي كيماوية كيميائية الكلور السارين سامة سام")
_GRENADE: Final = _words("يدوية")
_CIVILIANS: Final = _words(
    "مدنيين مدنيون مدني المدنيين المدنيون مواطنين مواطنا مواطن أطفال طفل نساء امرأة سكان "
    "مصلين المصلين عائلة أسرة"
)
_INTERVENTION: Final = _words("فرقت تفريق لتفريق المسيل مسيلة للدموع الهراوات اعتقلت اعتقال خراطيم")
_KILLING: Final = _words("قتل مقتل قتلى مصرع استشهاد شهداء قتيل قتيلا")
_PROTESTERS: Final = _words("متظاهرين متظاهرون المتظاهرين المتظاهرون محتجين المحتجين المحتجون")
_RIOT: Final = _words("أحرقوا أحرق رشقوا رشق بالحجارة أضرموا شغب اقتحموا")

# Words before a trigger that say it did not happen, or not yet (normalized).
_NEGATION: Final = _words("لم لن لا دون بدون عدم نفى نفت ينفي تنفي غير ولم ولا")
_IRREALIS: Final = _words(
    "يعتزم تعتزم ينوي تنوي خطط تخطط يخطط مخطط محتمل احتمال حال إذا اذا لو "
    "لمنع منع يتوقع تتوقع متوقع ستشن سيشن يجب ينبغي مستعد مستعدة قادرة قادر تهدد يهدد هدد هددت"
)
_HISTORY: Final = _words("منذ ذكرى الذكرى سابقا")
# ``لا تزال الاشتباكات مستمرة``: "still", not a negation.
_STILL: Final = _words("تزال يزال زالت زال")
_YEAR_RE: Final = re.compile(r"(?:19|20)\d\d")

_PROCLITIC_1: Final = ("و", "ف")
_PROCLITIC_2: Final = ("ب", "ل", "ك")


def _bare_forms(word: str) -> Iterable[str]:
    """The word and its clitic-stripped readings, longest first: ``وبالغارات`` → ``غارات``."""
    yield word
    forms = [word]
    if len(word) > 3 and word[0] in _PROCLITIC_1:
        forms.append(word[1:])
        yield word[1:]
    for w in list(forms):
        if len(w) > 3 and w[0] in _PROCLITIC_2:
            forms.append(w[1:])
            yield w[1:]
            if w[1:].startswith("ال") and len(w) > 5:
                yield w[3:]
        if w.startswith("لل") and len(w) > 4:
            yield w[2:]
    for w in forms:
        if w.startswith("ال") and len(w) > 4:
            yield w[2:]


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


def find_triggers(text: str, published_year: int | None = None) -> list[TriggerMatch]:
    """Every event trigger in ``text`` that reports a happening, in text order.

    ``published_year`` lets a year before publication (``هجوم عام 2014``) mark a trigger as
    history. Spans are in original offsets.

    >>> [m.sub_type for m in find_triggers("وأعلنت الشرطة اعتقال خمسة أشخاص")]
    ['arrests']
    >>> find_triggers("ولم تسجل أي اشتباكات في المنطقة")
    []
    """
    norm = normalize(text)
    words = [_Word(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(norm.text)]
    found: list[TriggerMatch] = []
    i = 0
    while i < len(words):
        hit = _match_at(words, i)
        if hit is None:
            i += 1
            continue
        entry, n, cut = hit
        if entry.needs is not None and not _followed_by(words, i + n, entry.needs):
            i += n
            continue
        if _reported(words, i, n, norm.text, published_year):
            sub = _refine(entry, words, i, n)
            if sub is not None:
                first = _Word(words[i].start + cut, words[i].end, words[i].form[cut:])
                found.append(_to_match(norm, first, words[i + n - 1], entry, sub))
        i += n
    return found


def _match_at(words: Sequence[_Word], i: int) -> tuple[_Entry, int, int] | None:
    """The entry matching at word ``i``, its length in words, and where in the first word the
    trigger starts once و/ف/ب/ل/ك are left off (the article stays: ``الاشتباكات``)."""
    for form in _bare_forms(words[i].form):
        if form in _PHRASE_FIRST:
            for n in range(min(_MAX_PHRASE, len(words) - i), 1, -1):
                key = (form, *(w.form for w in words[i + 1 : i + n]))
                entry = _PHRASES.get(key)
                if entry is None:
                    key = (form, *(_strip_article(w.form) for w in words[i + 1 : i + n]))
                    entry = _PHRASES.get(key)
                if entry is not None:
                    return entry, n, _stem_offset(words[i].form, form)
    for form in _bare_forms(words[i].form):
        entry = _LEXICON.get(form)
        if entry is not None:
            return entry, 1, _stem_offset(words[i].form, form)
    return None


def _stem_offset(word: str, form: str) -> int:
    cut = len(word) - len(form)
    if cut >= 2 and word[cut - 2 : cut] == "ال":
        cut -= 2
    return cut


def _strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _followed_by(words: Sequence[_Word], j: int, needs: frozenset[str]) -> bool:
    return any(_bare(w.form) in needs or w.form in needs for w in words[j : j + 3])


def _reported(
    words: Sequence[_Word], i: int, n: int, text: str, published_year: int | None
) -> bool:
    """False for a negated, planned or hypothetical trigger, or one that reports history."""
    before = [set(_bare_forms(w.form)) for w in words[max(0, i - 3) : i]]
    if any(f & _NEGATION for f in before) and not any(f & _STILL for f in before):
        return False
    if any(f & _IRREALIS for f in before):
        return False
    after = words[i + n : i + n + 6]
    if after and after[0].form in _HISTORY:
        return False
    if published_year is not None:
        for w in after:
            if _YEAR_RE.fullmatch(w.form) and int(w.form) < published_year:
                return False
    return True


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
        if near & _GRENADE and "قنبله" in near:
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
    if rule == "fire":
        return "attack" if near & _CIVILIANS or near & _PROTESTERS else "armed_clash"
    if rule == "accuse":
        # حمّل alone is "loaded"; only حمّل ... المسؤولية accuses (the phrase table has it).
        return entry.sub_type if words[i].form not in ("حمل", "حملت") else None
    return entry.sub_type


def _type_of(sub_type: str, default: str) -> str:
    for type_, subs in ACLED_TYPES.items():
        if sub_type in subs:
            return type_
    return default


def _to_match(norm: Normalized, first: _Word, last: _Word, entry: _Entry, sub: str) -> TriggerMatch:
    s, e = norm.to_original(first.start, last.end)
    return TriggerMatch(
        start=s,
        end=e,
        text=norm.original[s:e],
        type=_type_of(sub, entry.type),
        sub_type=sub,
        pos=entry.pos,
        weight=entry.weight,
    )


_ALL_MODIFIERS: Final = (
    _AIR
    | _DRONE
    | _SHELLING
    | _IED
    | _SUICIDE
    | _CHEMICAL
    | _GRENADE
    | _CIVILIANS
    | _INTERVENTION
    | _KILLING
    | _PROTESTERS
    | _RIOT
)

# ---------------------------------------------------------------------------------------------
# Casualty figures
# ---------------------------------------------------------------------------------------------

TollRole = Literal["killed", "injured"]

_KILLED_CUES: Final = _words(
    "قتل قتلت قتلوا مقتل قتلى القتلى قتيل قتيلا قتيلين مصرع استشهاد استشهد استشهدوا شهداء "
    "شهيدا شهيد الشهداء حتفهم حتفه لقوا لقي جثث جثة أعدم إعدام أودى أودت ضحايا الضحايا وفاة "
    "توفي"
)
_INJURED_CUES: Final = _words(
    "إصابة اصابه إصابات أصيب أصيبوا أصيبت جرحى الجرحى جريح جريحا جريحين جرح جرحوا مصابين "
    "المصابين مصابا بجروح إصابته"
)
_TOLL_STOP: Final = frozenset(".;:!?؟؛،,\n")


def toll_role(text: str, start: int, end: int) -> TollRole | None:
    """Whether the figure at ``text[start:end]`` counts the killed or the injured, or neither.

    The nearest casualty word within a few words before the figure decides (``مقتل ثلاثة``،
    ``وإصابة 9 آخرين``); failing that, one right after it (``سبعة قتلى``، ``9 جرحى``).

    >>> t = "ما أسفر عن مقتل ثلاثة مقاتلين وإصابة 9 آخرين"
    >>> toll_role(t, t.index("ثلاثة"), t.index("ثلاثة") + 5), toll_role(t, t.index("9"), t.index("9") + 1)
    ('killed', 'injured')
    """
    before = _clause_words(text[max(0, start - 60) : start], reverse=True)[:4]
    for w in before:
        role = _role_of(w)
        if role is not None:
            return role
    after = _clause_words(text[end : end + 50], reverse=False)[:3]
    for w in after:
        role = _role_of(w)
        if role is not None:
            return role
    return None


def _clause_words(chunk: str, reverse: bool) -> list[str]:
    # Stop at a sentence or clause end so that a figure never takes a cue across one.
    cut = [k for k, c in enumerate(chunk) if c in _TOLL_STOP]
    if cut:
        chunk = chunk[cut[-1] + 1 :] if reverse else chunk[: cut[0]]
    words = [m.group() for m in _WORD_RE.finditer(normalize_text(chunk))]
    return words[::-1] if reverse else words


def _role_of(word: str) -> TollRole | None:
    for form in _bare_forms(word):
        if form in _KILLED_CUES:
            return "killed"
        if form in _INJURED_CUES:
            return "injured"
    return None
