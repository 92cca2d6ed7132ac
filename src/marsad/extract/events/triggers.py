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

from marsad.arabic.normalize import Normalized, normalize, normalize_text, normalized_words
from marsad.arabic.words import (
    CONJUNCTIONS,
    PREPOSITIONS,
    clause_break_re,
    has_article,
    proclitic_splits,
    restore_article,
    strip_article,
    word_list,
    word_spans,
)

__all__ = [
    "ACLED_TYPES",
    "GROUND_WORDS",
    "POLITICAL_TYPES",
    "TERRITORY",
    "TollRole",
    "TriggerMatch",
    "find_triggers",
    "ground_follows",
    "implicit_tolls",
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


def _set(words: str | None) -> frozenset[str] | None:
    return normalized_words(words) if words else None


def _add(
    table: dict[str, _Entry],
    words: str,
    type_: str,
    sub_type: str,
    pos: Literal["verb", "noun"],
    weight: float = 0.8,
    refine: str | None = None,
    needs: str | None = None,
    needs_before: str | None = None,
    follows_up: bool = False,
) -> None:
    entry = _Entry(
        type_, sub_type, pos, weight, refine, _set(needs), _set(needs_before), follows_up
    )
    for w in words.split():
        table[normalize_text(w)] = entry


# Words after a territorial verb that say ground changed hands (a place noun).
_GROUND = (
    "مدينة بلدة قرية منطقة مناطق مواقع موقع تلة تلال جبل حي أحياء مطار قاعدة معبر مدن قرى "
    "بلدات مركز مديرية قضاء ناحية ريف الطريق طريق جزيرة ميناء سد حقل معسكر"
)
_LAUNCH_AFTER = "أطلقها أطلقتها أطلقوها سقطت سقط أطلقت أطلق"
#: Place nouns (normalized) that make a territorial verb a change of ground.
GROUND_WORDS: Final = normalized_words(_GROUND)
_LAUNCH = (
    "سقوط سقط سقطت أطلق أطلقت أطلقوا أصاب أصابت تساقط استهدف استهدفت قصف قصفت "
    "بقذائف بصواريخ بقذيفة بصاروخ"
)


def _lexicon() -> dict[str, _Entry]:
    t: dict[str, _Entry] = {}
    # Battles.
    _add(t, "اشتباكات اشتباك معارك معركة مواجهات كمين", _BATTLES, "armed_clash", "noun")
    _add(t, "اشتبك اشتبكت اشتبكوا تشتبك يشتبك", _BATTLES, "armed_clash", "verb", 0.7)
    _add(t, "هاجم هاجمت هاجموا يهاجم تهاجم", _BATTLES, "armed_clash", "verb", 0.7, "attack")
    _add(t, "هجوم هجمات هجمة", _BATTLES, "armed_clash", "noun", 0.6, "attack")
    # Territorial verbs also need ground after them (a place noun here, or a place entity,
    # which the component checks): ``سيطر الخوف على الشارع`` is no battle.
    # They outweigh the clash words of their sentence: ground that changed hands is the event
    # (ACLED codes the fighting that took it as part of it).
    _add(t, "استعاد استعادت استرجع استرجعت حرر حررت", _BATTLES, TERRITORY, "verb", 0.85)
    # Their verbal nouns name a goal as often as a deed (``تستهدف تحرير المناطق``): only an
    # announced or achieved one counts.
    _add(t, "استعادة تحرير", _BATTLES, TERRITORY, "verb", 0.85,
         needs_before="أعلن أعلنت أعلنوا تمكن تمكنت تمكنوا إعلان")  # fmt: skip
    _add(t, "سيطر سيطرت سيطروا استولى استولت", _BATTLES, TERRITORY, "verb", 0.85)
    _add(t, "سيطرتها سيطرته السيطرة", _BATTLES, TERRITORY, "verb", 0.85,
         needs_before="أعلن أعلنت أعلنوا بسط بسطت فرض فرضت أحكم أحكمت تمكن تمكنت")  # fmt: skip
    # Explosions and remote violence.
    _add(t, "غارة غارات ضربة ضربات", _EXPLOSIONS, "air_drone_strike", "noun", 0.85, "strike")
    _add(t, "قصف قصفت قصفوا يقصف تقصف", _EXPLOSIONS, "shelling_artillery_missile_attack",
         "verb", 0.8, "strike")  # fmt: skip
    _add(t, "قذيفة قذائف صاروخ صواريخ رشقات رشقة", _EXPLOSIONS,
         "shelling_artillery_missile_attack", "noun", 0.6, "strike", needs=_LAUNCH_AFTER,
         needs_before=_LAUNCH)  # fmt: skip
    _add(t, "استهدف استهدفت استهدفوا", _EXPLOSIONS, "", "verb", 0.6, "strike", follows_up=True)
    _add(t, "عبوة عبوات لغم ألغام مفخخة انفجار تفجير", _EXPLOSIONS,
         "remote_explosive_landmine_ied", "noun", 0.75, "strike")  # fmt: skip
    _add(t, "انفجرت انفجر فجرت", _EXPLOSIONS, "remote_explosive_landmine_ied", "verb", 0.6,
         "strike")  # fmt: skip
    _add(t, "انتحاري انتحارية انتحاريين انتحاريان", _EXPLOSIONS, "suicide_bomb", "noun", 0.85)
    # Violence against civilians.
    _add(t, "أعدم أعدمت أعدموا إعدام اغتال اغتالت اغتالوا اغتيال ذبح", _VAC, "attack", "verb")
    _add(t, "اختطف اختطفت اختطفوا اختطاف خطف خطفت خطفوا", _VAC,
         "abduction_forced_disappearance", "verb")  # fmt: skip
    _add(t, "اغتصاب اغتصب اغتصبوا", _VAC, "sexual_violence", "verb")
    # Protests and riots.
    _add(t, "تظاهر تظاهرت تظاهروا تظاهرة تظاهرات مظاهرة مظاهرات احتجاج احتجاجات اعتصام "
         "اعتصم اعتصموا احتج احتجت احتجوا", "protests", "peaceful_protest", "noun", 0.75,
         "protest")  # fmt: skip
    _add(t, "احتشد احتشدت احتشدوا تجمعوا تجمهر تجمهروا", "protests", "peaceful_protest", "verb",
         0.6, "protest")  # fmt: skip
    _add(t, "شغب", "riots", "violent_demonstration", "noun", 0.8)
    _add(t, "أضرم أضرموا أضرمت إضرام", "riots", "violent_demonstration", "verb", 0.7, "riot")
    # Strategic developments.
    _add(t, "اعتقل اعتقلت اعتقلوا اعتقال أوقف أوقفت أوقفوا احتجز احتجزت", _STRATEGIC,
         "arrests", "verb")  # fmt: skip
    # ``ألقت الشرطة القبض على``: the verb and its object are split by the subject.
    _add(t, "القبض", _STRATEGIC, "arrests", "verb", 0.85, needs_before="ألقت ألقى ألقوا إلقاء")
    _add(t, "اعتقالات حملة", _STRATEGIC, "arrests", "noun", 0.6, needs="اعتقالات دهم واعتقال")
    _add(t, "اتفاق اتفاقا", _STRATEGIC, "agreement", "noun", 0.7,
         needs="لوقف وقف هدنة لهدنة تبادل لتبادل تهدئة للتهدئة مصالحة إخلاء لإخلاء")  # fmt: skip
    _add(t, "نهب نهبوا هدم هدمت جرفت", _STRATEGIC, "looting_property_destruction", "verb", 0.6)
    _add(t, "تفكيك فكك فككت إبطال أبطل أبطلت", _STRATEGIC, "disrupted_weapons_use", "verb",
         0.6, needs="عبوة عبوات ناسفة لغم ألغام مفخخة حزام")  # fmt: skip
    _add(t, "أسقطت أسقط إسقاط اعترضت اعترض اعتراض", _STRATEGIC, "disrupted_weapons_use",
         "verb", 0.6, needs="طائرة طائرات مسيرة مسيرات صاروخ صواريخ قذيفة درون")  # fmt: skip
    _add(t, "أحبطت أحبط إحباط", _STRATEGIC, "disrupted_weapons_use", "verb", 0.6,
         needs="هجوم هجوما تفجير عملية مخطط")  # fmt: skip
    _add(t, "نزح نزحت نزحوا", _STRATEGIC, "other", "verb", 0.6)
    # Political interactions (PLOVER-style).
    _add(t, "التقى التقت يلتقي تلتقي لقاء اجتمع اجتمعت اجتماع محادثات مباحثات زار زارت زيارة "
         "استقبل استقبلت", "consult", "consult", "verb", 0.7)  # fmt: skip
    _add(t, "بحث بحثت يبحث تبحث", "consult", "consult", "verb", 0.6, needs="مع")
    _add(t, "اتصال اتصالا", "consult", "consult", "noun", 0.6, needs="هاتفي هاتفيا")
    _add(t, "اتفاقية", "agree", "agree", "noun", 0.6)
    _add(t, "وافق وافقت وافقوا", "agree", "agree", "verb", 0.5, needs="على")
    _add(t, "تعهد تعهدت تعهدا تعهدوا", "agree", "agree", "verb", 0.5)
    _add(t, "مكالمة", "consult", "consult", "noun", 0.6, needs="مع هاتفية")
    _add(t, "وقع وقعت توقيع", "agree", "agree", "verb", 0.6, needs="اتفاق اتفاقية مذكرة اتفاقا")
    _add(t, "اتهم اتهمت اتهموا يتهم تتهم اتهام اتهامات متهما متهمة", "accuse", "accuse",
         "verb", 0.6)  # fmt: skip
    _add(t, "حمل حملت حملوا يحمل تحمل", "accuse", "accuse", "verb", 0.6, needs="المسؤولية مسؤولية")
    _add(t, "أقامت أقام أنشأت أنشأ", _STRATEGIC, "headquarters_or_base_established", "verb",
         0.6, needs="قاعدة مقرا مقر")  # fmt: skip
    _add(t, "أدان أدانت دان دانت ندد نددت استنكر استنكرت", "accuse", "accuse", "verb", 0.5)
    _add(t, "هدد هددت هددوا يهدد تهدد توعد توعدت توعدوا تهديد تهديدات", "threaten", "threaten",
         "verb")  # fmt: skip
    # Past forms and participles only: ``لافتات تدعو إلى`` states a standing demand.
    _add(t, "طالب طالبت ناشد ناشدت حث حثت دعا دعت طلب طلبت مطالبا مطالبة داعيا داعية", "request",
         "request", "verb", 0.5)  # fmt: skip
    _add(t, "مساعدات", "aid", "aid", "noun", 0.5)
    _add(t, "فرض فرضت تفرض يفرض", "sanction", "sanction", "verb", 0.7, needs="عقوبات")
    _add(t, "سحب سحبت", "retreat", "retreat", "verb", 0.6, needs="قوات قواته قواتها جنود جنوده")
    return t


_LEXICON: Final = _lexicon()

_AGREED: Final = _set(
    "أعلن أعلنت أعلنوا اتفق اتفقت اتفقا توصل توصلت توصلا وقع وقعت سريان بدء "
    "دخل دخلت إعلان اتفاق اتفاقا التوصل"
)

# Phrases whose first word alone means nothing (or something else): word tuples, normalized.
_PHRASES: Final[dict[tuple[str, ...], _Entry]] = {
    tuple(normalize_text(p).split()): e
    for p, e in {
        "تبادل الأسرى": _Entry(_STRATEGIC, "agreement", "noun", 0.6),
        "وقف إطلاق النار": _Entry(_STRATEGIC, "agreement", "noun", 0.7, needs_before=_AGREED),
        "وقف لإطلاق النار": _Entry(_STRATEGIC, "agreement", "noun", 0.7, needs_before=_AGREED),
        "أضرم النار": _Entry("riots", "violent_demonstration", "verb", 0.75, "riot"),
        "أضرموا النار": _Entry("riots", "violent_demonstration", "verb", 0.75, "riot"),
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
        "قطع العلاقات": _Entry("sanction", "sanction", "verb", 0.6),
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


# Sub-type refinement: words near a strike trigger that name the weapon.
_AIR: Final = normalized_words(
    "طائرات طائرة طيران الطيران مقاتلات مقاتلة مروحيات مروحية جوي جوية جويا غارات غارة "
    "الحربية حربية براميل البراميل ضربات"
)
_DRONE: Final = normalized_words("مسيرة مسيرات درون بدون")
_SHELLING: Final = normalized_words(
    "مدفعي مدفعية المدفعية مدفعيا صاروخي صاروخية صواريخ صاروخ قذائف قذيفة هاون الهاون "
    "راجمات راجمة الدبابات دبابة مدافع كاتيوشا الباليستي باليستي باليستية"
)
_IED: Final = normalized_words("عبوة عبوات ناسفة ناسف مفخخة مفخخ لغم ألغام لغما قنبلة بقنبلة")
_SUICIDE: Final = normalized_words("انتحاري انتحارية انتحاريا انتحاريين انتحاريان")
_CHEMICAL: Final = normalized_words("كيماوي كيميائي كيماوية كيميائية الكلور السارين سامة سام")
_GRENADE: Final = normalized_words("يدوية")
_CIVILIANS: Final = normalized_words(
    "مدنيين مدنيون مدني المدنيين المدنيون مواطنين مواطنا مواطن أطفال طفل نساء امرأة سكان "
    "مصلين المصلين عائلة أسرة"
)
_INTERVENTION: Final = normalized_words(
    "فرقت تفريق لتفريق المسيل مسيلة للدموع الهراوات اعتقلت اعتقال خراطيم"
)
_KILLING: Final = normalized_words("قتل مقتل قتلى مصرع استشهاد شهداء قتيل قتيلا")
_PROTESTERS: Final = normalized_words(
    "متظاهرين متظاهرون المتظاهرين المتظاهرون محتجين المحتجين المحتجون محتجون غاضبون"
)
_RIOT: Final = normalized_words("أحرقوا أحرق رشقوا رشق بالحجارة أضرموا شغب اقتحموا")

# Words before a trigger that say it did not happen, or not yet (normalized).
_NEGATION: Final = normalized_words("لم لن لا دون بدون عدم نفى نفت ينفي تنفي غير ولم ولا")
_IRREALIS: Final = normalized_words(
    "يعتزم تعتزم ينوي تنوي خطط تخطط يخطط مخطط محتمل احتمال حال إذا اذا لو أي "
    "لمنع منع يتوقع تتوقع متوقع ستشن سيشن يجب ينبغي مستعد مستعدة قادرة قادر تهدد يهدد هدد هددت "
    "مخاوف خشية تخوف تخشى يخشى بهدف تهدف يهدف تستهدف يستهدف استكمالا تجارب تجربة"
)
_HISTORY: Final = normalized_words("منذ ذكرى الذكرى سابقا يتذكر تذكر")
# ``687 حالة اعتقال``: a count of cases, not one event; ``في اجتماع``: the venue of another
# act; ``هجوم مفترض``: alleged.
_COUNTING: Final = normalized_words("حالة حالات")
_VENUE: Final = normalized_words("في خلال")
_ALLEGED: Final = normalized_words("مفترض المفترض المزعوم مزعوم")
# Before a definite noun: it is told here, not pointed back at (``عشرات الصواريخ``، ``تجددت
# الاشتباكات``).
_AMOUNT: Final = normalized_words("عشرات مئات آلاف رشقات سلسلة عدد من")
_OCCUR: Final = normalized_words(
    "اندلعت اندلع تواصلت تواصل تتواصل تجددت تجدد دارت تدور شهدت شهد استمرت وقعت اشتدت"
)
# Before a noun: it follows from an event told before (``إثر هجوم``، ``عقب الغارة``).
_AFTERMATH: Final = normalized_words("إثر اثر عقب")
# After a trigger: ``في أبريل من العام الماضي``، ``خلال السنوات الماضية``.
_PAST_AFTER: Final = normalized_words("السنوات الأعوام سنوات أعوام")
_LAST_YEAR: Final = (normalize_text("العام"), normalize_text("الماضي"))
# Before a noun: it points back at an event already told (``هذا الهجوم``).
_DEMONSTRATIVES: Final = normalized_words("هذا هذه ذلك تلك")
_RELATIVES: Final = normalized_words("الذي التي اللذين اللتين الذين")
# ``لا تزال الاشتباكات مستمرة``: "still", not a negation.
_STILL: Final = normalized_words("تزال يزال زالت زال")
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
    words = [_Word(w.start, w.end, w.text) for w in word_spans(norm.text)]
    found: list[TriggerMatch] = []
    i = 0
    while i < len(words):
        hit = _match_at(words, i)
        if hit is None:
            i += 1
            continue
        entry, n, cut = hit
        if _counts(entry, words, i, n, cut) and _reported(words, i, n, published_year):
            sub = _refine(entry, words, i, n)
            if sub is not None:
                first = _Word(words[i].start + cut, words[i].end, words[i].form[cut:])
                anaphoric = entry.pos == "noun" and _points_back(words, i, n, cut)
                found.append(_to_match(norm, first, words[i + n - 1], entry, sub, anaphoric))
        i += n
    return found


def _match_at(words: Sequence[_Word], i: int) -> tuple[_Entry, int, int] | None:
    """The entry matching at word ``i``, its length in words, and where in the first word the
    trigger starts once و/ف/ب/ل/ك are left off (the article stays: ``الاشتباكات``)."""
    word = words[i].form
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
    return None


# Not ``ه``: normalization has folded ة into it (``وزارة`` must not read as ``زار``).
_ENCLITICS: Final = ("هما", "ها", "هم", "ا")


def _suffix_stripped(word: str) -> Iterable[str]:
    for suffix in _ENCLITICS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            yield word[: -len(suffix)]


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
    """A definite noun (``الهجوم``), or one after هذا or before الذي. A possessive
    (``غاراتها``) is not: ``كثفت الطائرات غاراتها على صعدة`` tells a new strike."""
    previous = {f for w in words[max(0, i - 3) : i] for f in _bare_forms(w.form)}
    if (i > 0 and words[i - 1].form in _AMOUNT) or previous & _OCCUR:
        return False  # ``عشرات الصواريخ``، ``اندلعت أمس الاشتباكات``: told here
    if has_article(words[i].form[cut:]):
        return True
    if i > 0 and (words[i - 1].form in _DEMONSTRATIVES or words[i - 1].form in _AFTERMATH):
        return True
    return i + n < len(words) and words[i + n].form in _RELATIVES


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
    if any(forms[k : k + 2] == list(_LAST_YEAR) for k in range(len(forms) - 1)):
        return False
    if published_year is not None:
        # A year before publication right after the trigger or just before it, in its
        # clause: ``هجوما في نيسان 2017``، ``بين عامي 2014 و2017 مواجهات``.
        for w in (*after, *words[max(0, i - 4) : i]):
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
    if rule == "riot":
        return entry.sub_type if _window(words, i, n, 4, 4) & _PROTESTERS else None
    if rule == "fire":
        return "attack" if near & _CIVILIANS or near & _PROTESTERS else "armed_clash"
    return entry.sub_type


def _type_of(sub_type: str, default: str) -> str:
    for type_, subs in ACLED_TYPES.items():
        if sub_type in subs:
            return type_
    return default


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

_KILLED_CUES: Final = normalized_words(
    "قتل قتلت قتلوا مقتل قتلى القتلى قتيل قتيلا قتيلين مصرع استشهاد استشهد استشهدوا شهداء "
    "شهيدا شهيد الشهداء حتفهم حتفه لقوا لقي جثث جثة أعدم إعدام أودى أودت ضحايا الضحايا وفاة "
    "توفي"
)
_INJURED_CUES: Final = normalized_words(
    "إصابة اصابه إصابات أصيب أصيبوا أصيبت جرحى الجرحى جريح جريحا جريحين جرح جرحوا مصابين "
    "المصابين مصابا بجروح إصابته"
)


def toll_role(text: str, start: int, end: int) -> TollRole | None:
    """Whether the figure at ``text[start:end]`` counts the killed or the injured, or neither.

    The nearest casualty word within four words before the figure decides (``مقتل ثلاثة``،
    ``وإصابة 9 آخرين``); failing that, one within five words after it (``سبعة قتلى``،
    ``إن 14 مقاتلا من الطرفين قتلوا``).

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
    after = _clause_words(text[end : end + 60], reverse=False)[:5]
    for w in after:
        role = _role_of(w)
        if role is not None:
            return role
    return None


# Victims named by a singular or dual noun with no figure: ``مقتل جندي``، ``جنديين قتلا``.
_ONE: Final = normalized_words(
    "جندي مدني شخص طفل امرأة عنصر مقاتل شرطي ضابط ناشط مواطن قائد مسلح رجل شاب سائق صحفي"
)
_TWO: Final = normalized_words(
    "جنديين جنديان شخصين شخصان طفلين طفلان عنصرين عنصران شرطيين شرطيان ضابطين ضابطان "
    "قتيلين قتيلان جريحين جريحان"
)


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
