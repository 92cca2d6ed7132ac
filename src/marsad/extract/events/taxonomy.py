"""The event taxonomy: ACLED's event types and sub-types, and marsad's political interactions.

The one place that names event types. Every other module (the trigger lexicon's checks, the
event component, the ACLED export, the corpus queries, the web UI, the evaluation) imports it.

- ACLED's six types and their 25 sub-types, with ACLED's English display names as its
  codebook writes them (``Explosions/Remote violence``، ``Air/drone strike``) and snake_case
  codes (``explosions_remote_violence``، ``air_drone_strike``), the codes of marsad's document
  contract (``resources/document.schema.json``);
- eight PLOVER-style political interactions ACLED does not code (``consult``، ``accuse``...).
  They have no sub-types: the contract gives their events ``sub_type`` None.

Each type and sub-type has an Arabic name for the UI (``معارك``، ``غارة جوية أو بمسيرة``).
The other codes outputs carry (an argument's role, a place's precision and kind, a figure's
or a quote's kind) are named in
``resources/events/labels.tsv``, a validated word list read by :func:`label`.

>>> event_type("explosions_remote_violence").name_en
'Explosions/Remote violence'
>>> type_of("air_drone_strike"), sub_type("air_drone_strike").name_ar
('explosions_remote_violence', 'غارة جوية أو بمسيرة')
>>> event_type("consult").family, event_type("consult").sub_types
('political', ())
>>> label("role", "actor1", "en"), label("sub_type", "grenade", "en")
('Actor 1', 'Grenade')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "ACLED_TYPES",
    "ALL_CODES",
    "CIVILIAN_TARGETING_TYPES",
    "EVENT_TYPES",
    "POLITICAL_TYPES",
    "TERRITORIAL_SUB_TYPES",
    "VIOLENT_TYPES",
    "EventType",
    "Family",
    "SubType",
    "disorder_type",
    "event_type",
    "label",
    "labels",
    "sub_type",
    "type_of",
]

Family = Literal["acled", "political"]
#: The groups of codes that have display names: the taxonomy's own, and labels.tsv's.
LabelGroup = Literal[
    "type", "sub_type", "role", "precision", "place_kind", "figure_kind", "quote_kind"
]
Lang = Literal["ar", "en"]
LABELS_FILE: Final = "events/labels.tsv"


@dataclass(frozen=True, slots=True)
class SubType:
    """An ACLED sub-event type: ``air_drone_strike`` → ``Air/drone strike``.

    ``territorial``: ground changed hands (ACLED codes the fighting that took it as the
    change of territory, so a clash merges into it).
    """

    code: str
    name_en: str
    name_ar: str
    territorial: bool = False


@dataclass(frozen=True, slots=True)
class EventType:
    """An event type: ACLED's (with sub-types) or a political interaction (without).

    ``violent``: an act of violence, whose casualties are counted and which a bare ``هجوم``
    of its sentence yields to (battles, explosions, violence against civilians, riots).
    """

    code: str
    name_en: str
    name_ar: str
    family: Family
    violent: bool = False
    sub_types: tuple[SubType, ...] = ()


def _acled(
    code: str, name_en: str, name_ar: str, *subs: SubType, violent: bool = False
) -> EventType:
    return EventType(code, name_en, name_ar, "acled", violent, subs)


def _political(code: str, name_en: str, name_ar: str) -> EventType:
    return EventType(code, name_en, name_ar, "political")


S = SubType
#: Every event type, ACLED's first (in the codebook's order), then the political ones.
EVENT_TYPES: Final[tuple[EventType, ...]] = (
    _acled(
        "battles",
        "Battles",
        "معارك",
        S("armed_clash", "Armed clash", "اشتباك مسلح"),
        S(
            "government_regains_territory",
            "Government regains territory",
            "استعادة الحكومة أراضي",
            territorial=True,
        ),
        S(
            "non_state_actor_overtakes_territory",
            "Non-state actor overtakes territory",
            "سيطرة جهة غير حكومية على أراض",
            territorial=True,
        ),
        violent=True,
    ),
    _acled(
        "explosions_remote_violence",
        "Explosions/Remote violence",
        "انفجارات وعنف عن بعد",
        S("chemical_weapon", "Chemical weapon", "سلاح كيميائي"),
        S("air_drone_strike", "Air/drone strike", "غارة جوية أو بمسيرة"),
        S("suicide_bomb", "Suicide bomb", "تفجير انتحاري"),
        S(
            "shelling_artillery_missile_attack",
            "Shelling/artillery/missile attack",
            "قصف مدفعي أو صاروخي",
        ),
        S("remote_explosive_landmine_ied", "Remote explosive/landmine/IED", "عبوة ناسفة أو لغم"),
        S("grenade", "Grenade", "قنبلة يدوية"),
        violent=True,
    ),
    _acled(
        "violence_against_civilians",
        "Violence against civilians",
        "عنف ضد المدنيين",
        S("sexual_violence", "Sexual violence", "عنف جنسي"),
        S("attack", "Attack", "اعتداء"),
        S("abduction_forced_disappearance", "Abduction/forced disappearance", "خطف أو إخفاء قسري"),
        violent=True,
    ),
    _acled(
        "protests",
        "Protests",
        "احتجاجات",
        S("peaceful_protest", "Peaceful protest", "احتجاج سلمي"),
        S("protest_with_intervention", "Protest with intervention", "احتجاج مع تدخل"),
        S(
            "excessive_force_against_protesters",
            "Excessive force against protesters",
            "قوة مفرطة ضد المحتجين",
        ),
    ),
    _acled(
        "riots",
        "Riots",
        "أعمال شغب",
        S("violent_demonstration", "Violent demonstration", "مظاهرة عنيفة"),
        S("mob_violence", "Mob violence", "عنف حشود"),
        violent=True,
    ),
    _acled(
        "strategic_developments",
        "Strategic developments",
        "تطورات استراتيجية",
        S("agreement", "Agreement", "اتفاق"),
        S("arrests", "Arrests", "اعتقالات"),
        S("change_to_group_activity", "Change to group/activity", "تغير في جماعة أو نشاطها"),
        S("disrupted_weapons_use", "Disrupted weapons use", "إحباط استخدام أسلحة"),
        S(
            "headquarters_or_base_established",
            "Headquarters or base established",
            "إقامة مقر أو قاعدة",
        ),
        S("looting_property_destruction", "Looting/property destruction", "نهب أو تدمير ممتلكات"),
        S(
            "non_violent_transfer_of_territory",
            "Non-violent transfer of territory",
            "انتقال أراض دون عنف",
        ),
        S("other", "Other", "أخرى"),
    ),
    _political("consult", "Consult", "تشاور"),
    _political("agree", "Agree", "اتفاق"),
    _political("accuse", "Accuse", "اتهام"),
    _political("threaten", "Threaten", "تهديد"),
    _political("request", "Request", "مطالبة"),
    _political("aid", "Aid", "مساعدة"),
    _political("sanction", "Sanction", "عقوبات"),
    _political("retreat", "Retreat", "انسحاب"),
)
del S

_BY_CODE: Final = {t.code: t for t in EVENT_TYPES}
_SUB_BY_CODE: Final = {s.code: (t, s) for t in EVENT_TYPES for s in t.sub_types}

#: ACLED's types and their sub-type codes: ``{"battles": ("armed_clash", ...), ...}``.
ACLED_TYPES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {t.code: tuple(s.code for s in t.sub_types) for t in EVENT_TYPES if t.family == "acled"}
)
#: The political interactions' codes (their sub-type is the type in the trigger lexicon).
POLITICAL_TYPES: Final[tuple[str, ...]] = tuple(
    t.code for t in EVENT_TYPES if t.family == "political"
)
#: Every type and sub-type code (what a query may filter on).
ALL_CODES: Final[frozenset[str]] = frozenset(_BY_CODE) | frozenset(_SUB_BY_CODE)
VIOLENT_TYPES: Final[frozenset[str]] = frozenset(t.code for t in EVENT_TYPES if t.violent)
TERRITORIAL_SUB_TYPES: Final[frozenset[str]] = frozenset(
    code for code, (_, s) in _SUB_BY_CODE.items() if s.territorial
)


# ACLED's disorder types (its codebook): political violence (battles, explosions/remote
# violence, violence against civilians), demonstrations (protests, riots), strategic
# developments; two sub-types are both kinds. Read by the ACLED export (corpus/acled.py).
_DISORDER: Final[Mapping[str, str]] = MappingProxyType(
    {
        "battles": "Political violence",
        "explosions_remote_violence": "Political violence",
        "violence_against_civilians": "Political violence",
        "protests": "Demonstrations",
        "riots": "Demonstrations",
        "strategic_developments": "Strategic developments",
        "excessive_force_against_protesters": "Political violence; Demonstrations",
        "mob_violence": "Political violence; Demonstrations",
    }
)
#: The ACLED types whose events target civilians when their second actor is civilians
#: (violence against civilians always does).
CIVILIAN_TARGETING_TYPES: Final[frozenset[str]] = frozenset(
    {"explosions_remote_violence", "riots", "violence_against_civilians"}
)


def disorder_type(type_code: str, sub_type_code: str | None = None) -> str | None:
    """ACLED's disorder type of an event; None for a political interaction.

    >>> disorder_type("riots", "mob_violence"), disorder_type("battles"), disorder_type("aid")
    ('Political violence; Demonstrations', 'Political violence', None)
    """
    return _DISORDER.get(sub_type_code or "") or _DISORDER.get(type_code)


def event_type(code: str) -> EventType:
    """The type with this code; KeyError for an unknown one."""
    return _BY_CODE[code]


def sub_type(code: str) -> SubType:
    """The ACLED sub-type with this code; KeyError for an unknown one."""
    return _SUB_BY_CODE[code][1]


def type_of(sub_type_code: str) -> str | None:
    """The ACLED type a sub-type belongs to, or None when it is none of ACLED's.

    >>> type_of("arrests"), type_of("consult")
    ('strategic_developments', None)
    """
    found = _SUB_BY_CODE.get(sub_type_code)
    return found[0].code if found else None


@cache
def labels(group: LabelGroup, lang: Lang = "ar") -> Mapping[str, str]:
    """``{code: display name}`` of one group of codes, in the taxonomy's (or the file's) order.

    >>> labels("role")["actor2"], list(labels("type"))[:2]
    ('الطرف الآخر', ['battles', 'explosions_remote_violence'])
    """
    field = "name_ar" if lang == "ar" else "name_en"
    if group == "type":
        return MappingProxyType({t.code: getattr(t, field) for t in EVENT_TYPES})
    if group == "sub_type":
        return MappingProxyType({c: getattr(s, field) for c, (_, s) in _SUB_BY_CODE.items()})
    # Late import: the word-list loader (TOML, normalization) only when a label is asked for.
    from marsad.arabic.wordlists import load_wordlist

    rows = load_wordlist(LABELS_FILE).select(group=group)
    return MappingProxyType({r["code"]: r[field] for r in rows})


def label(group: LabelGroup, code: str | None, lang: Lang = "ar") -> str:
    """The display name of a code (a political type names its own sub-type, as the contract
    stores it); the code itself when it has none, so nothing is hidden; "" for None.

    >>> label("sub_type", "air_drone_strike"), label("sub_type", "consult", "en")
    ('غارة جوية أو بمسيرة', 'Consult')
    """
    if not code:
        return ""
    found = labels(group, lang).get(code)
    if found is None and group == "sub_type":
        found = labels("type", lang).get(code)
    return found if found is not None else code
