"""Find Arabic time expressions and resolve them against a publication date.

Hand-written for marsad (no code taken from other projects). ``dateparser`` was tried and not
used: it misses ``أمس الأول``, ``منتصف 2014``, ``صيف 2014``, ``الثلاثاء الماضي``,
``العام الماضي``, ``منذ ثلاثة أشهر`` and ``كانون الثاني 2017``, and misreads ``2،4`` (a
decimal number) as a date. It also gives no spans in running text.

How it works: the text goes through :func:`~marsad.arabic.normalize.normalize` (hamza alefs,
``ة``/``ى``, harakat, tatweel and digit scripts are folded, with a map back to the original);
a fixed list of precompiled regexes (written in normalized spelling) is run over the normalized
text; every hit is resolved by a small function; all candidates are sorted longest first and
kept when they do not overlap a longer one. Offsets are mapped back with
:meth:`~marsad.arabic.normalize.Normalized.to_original`, so ``text[m.start:m.end] == m.text``.

Forms and conventions (P is the publication date):

- absolute: ``12 يناير 2017``, ``12 من كانون الثاني 2017``, ``الأحد 12 يناير 2017`` (a weekday
  in front is part of the span), ``يناير 2017`` / ``يناير من العام 2017`` (month),
  ``عام 2017`` / ``سنة 2017`` / ``العام 2017`` / ``2017م`` after those words, ``منذ 2011``
  (the year only). A bare year (1900-2099 only) is read after a word that introduces one
  (``في 2016``, ``حتى 2019``, ``حرب 1948``, ``انتخابات 2018``) unless money, a scale word or
  an accusative noun follows (``في 2000 شخصا``), and alone in brackets (``القدس (1948)``);
  elsewhere a 4-digit number is not a year (``قتل 2017 شخصا`` has no match). Decades of the
  last century: ``الثمانينيات`` → 1980-1989 (``range``).
  Month names: Levantine (``كانون الثاني``...), Egyptian/Gulf (``يناير``...) and Maghrebi
  (``جانفي``...), also both together ``كانون الثاني/يناير``. Numeric dates ``2017/1/12``,
  ``2017-01-12`` (year first), ``12/1/2017``, ``12-01-2017``, ``12.1.2017`` (day first; month
  first only when the second number cannot be a month). ``12 يناير`` without a year takes the
  year of P (unresolved without P).
- Hijri: ``15 رمضان 1438 هـ``, ``رمضان 1438``, ``1438هـ``, ``15/9/1438 هـ``. Converted with the
  tabular (arithmetical) Islamic calendar, civil epoch 16 July 622 (Julian), leap years
  2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of the 30-year cycle. Real (sighted or Umm al-Qura)
  dates differ from it by up to 1-2 days. A Hijri day is granularity ``day``; a Hijri month or
  year does not align with Gregorian months, so it is a ``range`` whose value is its first day.
- relative to P: ``اليوم`` P; ``أمس``/``البارحة`` P-1; ``أمس الأول``/``أول أمس``/``أول من أمس``
  P-2; ``غدًا``/``يوم غد`` P+1; ``بعد غد`` P+2. Weekdays: ``الثلاثاء الماضي`` is the last
  Tuesday strictly before P, ``الثلاثاء المقبل`` the first strictly after P; a weekday without
  a qualifier (``يوم الأحد``, ``الأحد``) is the most recent such day ON OR BEFORE P (news
  reports past events). Bare ``الاثنين`` is not read (it is also "the two"): it needs ``يوم``
  or a qualifier.
- weeks are ISO weeks, Monday to Sunday (value ``2017-W23``), to agree with ISO week notation;
  ``الأسبوع الماضي`` is the week before the week of P.
- ``الشهر الماضي/الحالي/الجاري/المقبل``, ``هذا الشهر``; ``العام/السنة الماضي/المنصرم/الفائت/
  المقبل/الحالي/الجاري``, ``هذا العام``; ``يناير الماضي`` is the last January before P's month.
- points: ``منذ ثلاثة أشهر``, ``قبل 3 أيام``, ``قبل أسبوعين``, ``منذ عام``: P - n units, with
  the granularity of the unit (the month, week or year containing that date). The count is
  digits or ONE number word (``خمسة عشر`` is not read); plurals without a count (``منذ سنوات``)
  are too vague and are not matched.
- ranges: ``الأشهر الستة الماضية``, ``الأسابيع الثلاثة الماضية``, ``الـ6 أشهر الماضية``,
  ``العامين الماضيين``: interval [P - n units, P] (``المقبلة``: [P, P + n units]),
  granularity ``range``, value = interval start. Without a count (``الأيام الماضية``) n is 7 for
  days and 3 (the smallest Arabic plural) for weeks, months and years.
- partial: a year or a month is cut in thirds. ``أوائل/مطلع/بداية 2013`` = Jan-Apr,
  ``منتصف/أواسط 2015`` = May-Aug, ``أواخر/نهاية 2013`` = Sep-Dec; of a month: days 1-10, 11-20,
  21-end (``منتصف الشهر الماضي``, ``أواخر يناير 2017``). ``مطلع العام`` is P's year.
  Granularity ``range``.
- seasons (meteorological): spring Mar-May, summer Jun-Aug, autumn Sep-Nov, winter YEAR =
  Dec YEAR-1 to end of Feb YEAR. ``صيف 2014``, ``شتاء العام الماضي``, ``الصيف الماضي`` (the
  last summer that ended before P), ``الصيف المقبل``, ``هذا الصيف``. Granularity ``season``,
  value = interval start.

- what events need: a month alone after a preposition or with two names (``في يناير``, ``منذ
  آب/أغسطس``, ``في شهر آذار``) and a day without a year (``11 كانون الأول``) are placed by the
  tense of their clause (:func:`clause_tense`, words of ``times/tense_cues.tsv``): past → on or
  before P, future → on or after P; without a tense a day takes P's year, a month the nearest.
  Day ranges (``من 3 إلى 9 آذار``, ``بين 12 و15 تموز``, ``3-9 مارس``) and weekday ranges (``من
  الأحد إلى الأربعاء``) are one ``range``. A part of a day (``فجر الاثنين``, ``صباح اليوم``,
  ``صباح أمس الأحد``) is that day. Ordinal days (``الخامس عشر من أيار``) and days of a
  relative month (``25 من الشهر الجاري``, ``23 أيار الماضي``) are days. A decade before an age
  (``في العشرينات من عمرها``) is not read.

Without P every relative form is still found, with ``value`` and ``interval`` None.

>>> from datetime import date
>>> [(m.text, m.value) for m in find_times("وصل أمس الأول إلى دمشق", date(2017, 6, 12))]
[('أمس الأول', '2017-06-10')]
>>> m = find_times("في 12 كانون الثاني 2017", None)[0]
>>> m.text, m.value, m.granularity
('12 كانون الثاني 2017', '2017-01-12', 'day')
>>> find_times("منذ ثلاثة أشهر", date(2017, 6, 12))[0].interval
('2017-03-01', '2017-03-31')
>>> find_times("صيف ٢٠١٤", None)[0].interval
('2014-06-01', '2014-08-31')
>>> find_times("قتل 2017 شخصا", None)
[]
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import zip_longest
from typing import Final, Literal

from marsad.arabic.lexicon import load_lexicon
from marsad.arabic.normalize import normalize, normalize_text, word_alternation
from marsad.arabic.numbers import words_to_number
from marsad.arabic.wordlists import WordList, load_wordlist
from marsad.arabic.words import (
    CONJ_OPT,
    ENCLITICS_PATTERN,
    PREP_OPT,
    strip_article,
    without_enclitic,
    without_proclitic,
    word_list,
)
from marsad.doc import Time

__all__ = [
    "TimeMatch",
    "clause_tense",
    "find_times",
    "first_day",
    "gregorian_to_hijri",
    "hijri_to_gregorian",
    "time_days",
]

Granularity = Literal["day", "week", "month", "season", "year", "range"]


@dataclass(frozen=True, slots=True)
class TimeMatch:
    """A time expression: span in the original text and its resolution (ISO strings)."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: Granularity
    interval: tuple[str, str] | None


_Res = tuple[str | None, Granularity, tuple[str, str] | None]

# ---------------------------------------------------------------------------------------------
# Hijri (tabular Islamic calendar)

_HIJRI_EPOCH: Final = 227015  # date.toordinal() of 1 Muharram 1 AH = 16 July 622 (Julian)


def _hijri_ordinal(year: int, month: int, day: int) -> int:
    return (
        _HIJRI_EPOCH
        - 1
        + day
        + (59 * (month - 1) + 1) // 2
        + (year - 1) * 354
        + (3 + 11 * year) // 30
    )


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Convert a Hijri date with the tabular Islamic calendar (±1-2 days from sighting).

    >>> hijri_to_gregorian(1438, 9, 1)
    datetime.date(2017, 5, 27)
    >>> hijri_to_gregorian(1445, 1, 1)
    datetime.date(2023, 7, 19)
    """
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError("bad Hijri date")
    if day == 30 and _hijri_ordinal(year, month, 30) >= _hijri_next_month(year, month):
        raise ValueError("bad Hijri date")
    return date.fromordinal(_hijri_ordinal(year, month, day))


def _hijri_next_month(year: int, month: int) -> int:
    return _hijri_ordinal(year + 1, 1, 1) if month == 12 else _hijri_ordinal(year, month + 1, 1)


def gregorian_to_hijri(d: date) -> tuple[int, int, int]:
    """Inverse of :func:`hijri_to_gregorian`.

    >>> gregorian_to_hijri(date(2017, 5, 27))
    (1438, 9, 1)
    """
    n = d.toordinal()
    year = (30 * (n - _HIJRI_EPOCH) + 10646) // 10631
    while _hijri_ordinal(year + 1, 1, 1) <= n:
        year += 1
    while _hijri_ordinal(year, 1, 1) > n:
        year -= 1
    month = 12
    while _hijri_ordinal(year, month, 1) > n:
        month -= 1
    return year, month, n - _hijri_ordinal(year, month, 1) + 1


# ---------------------------------------------------------------------------------------------
# Vocabulary (written in ordinary spelling, normalized when the regexes are built): the word
# lists of resources/times/*.tsv


def _times(name: str) -> WordList:
    """The validated word list ``resources/times/<name>.tsv`` (``months``: يناير، شباط...)."""
    return load_wordlist(f"times/{name}.tsv")


# The index of a part of a period, as the interval code reads it: early, middle, late.
_PART_INDEX: Final[dict[str, int]] = {"early": 0, "middle": 1, "late": 2}

_MONTHS: Final[dict[str, int]] = {
    r["word"]: int(r["month"]) for r in _times("months").rows if r["family"] != "hijri"
}

_HIJRI_MONTHS: Final[dict[str, int]] = {
    w: int(m) for w, m in _times("months").mapping("month", family="hijri").items()
}

_WEEKDAYS: Final[dict[str, int]] = {
    w: int(d) for w, d in _times("weekdays").mapping("weekday").items()
}

_UNITS: Final[dict[str, tuple[str, int | None]]] = {
    # form -> (unit, count implied by the form: 1 singular, 2 dual, None plural)
    r["word"]: (r["unit"], None if r["count"] == "many" else int(r["count"]))
    for r in _times("durations").rows
}

_VAGUE_COUNT: Final[dict[str, int]] = {"day": 7, "week": 3, "month": 3, "year": 3}

_PAST: Final = list(_times("relative").words(relation="past", plural_only="no"))
_NEXT: Final = list(_times("relative").words(relation="next", plural_only="no"))
_CUR: Final = list(_times("relative").words(relation="current", plural_only="no"))
_PLURAL_PAST: Final = [*_PAST, *_times("relative").words(relation="past", plural_only="yes")]
_PLURAL_NEXT: Final = [*_NEXT, *_times("relative").words(relation="next", plural_only="yes")]

_PARTS: Final[dict[str, int]] = {
    w: _PART_INDEX[p] for w, p in _times("parts").mapping("part").items()
}
_SEASONS: Final[dict[str, int]] = {w: int(m) for w, m in _times("seasons").mapping("month").items()}
# Month names that are a month alone after a preposition (في أيار); آب، ماي need more.
_ALONE_MONTHS: Final[frozenset[str]] = frozenset(
    normalize_text(r["word"]) for r in _times("months").rows if r["alone"] == "yes"
)
_DAY_PARTS: Final = list(_times("day_parts").words())
_ORDINALS: Final[dict[str, int]] = {w: int(d) for w, d in _times("ordinals").mapping("day").items()}
_TENSE_CUES: Final = _times("tense_cues")


def _n(word: str) -> str:
    return normalize_text(word)


def _key(s: str) -> str:
    return " ".join(s.split())


_alt: Final = word_alternation


_MONTH_N: Final[dict[str, int]] = {_n(k): v for k, v in _MONTHS.items()}
_HMONTH_N: Final[dict[str, int]] = {_n(k): v for k, v in _HIJRI_MONTHS.items()}
_WEEKDAY_N: Final[dict[str, int]] = {_n(k): v for k, v in _WEEKDAYS.items()}
_UNIT_N: Final[dict[str, tuple[str, int | None]]] = {_n(k): v for k, v in _UNITS.items()}
_PART_N: Final[dict[str, int]] = {_n(k): v for k, v in _PARTS.items()}
_SEASON_N: Final[dict[str, int]] = {_n(k): v for k, v in _SEASONS.items()}
_PAST_N: Final[frozenset[str]] = frozenset(_n(w) for w in _PLURAL_PAST)
_NEXT_N: Final[frozenset[str]] = frozenset(_n(w) for w in _PLURAL_NEXT)
_ORDINAL_N: Final[dict[str, int]] = {_key(_n(k)): v for k, v in _ORDINALS.items()}
_PAST_CUE_N: Final = frozenset(_TENSE_CUES.normalized(tense="past"))
_FUTURE_CUE_N: Final = frozenset(_TENSE_CUES.normalized(tense="future"))
_NOT_VERB_N: Final = frozenset(_TENSE_CUES.normalized(tense="not_verb"))


# ---------------------------------------------------------------------------------------------
# Regex pieces (normalized spelling)

_B: Final = r"(?<![^\W_])"  # start of a word
_E: Final = r"(?![^\W_])"  # end of a word
# A word may carry the proclitics و ف ب ل (وفي، والعام، بعام، لعام): the expression starts
# after them, where the empty group ``pb`` stands. (Consuming them and marking the start is
# three times faster than a lookbehind per proclitic, tried at every position.)
_PB: Final = rf"(?<![^\W_]){CONJ_OPT}{PREP_OPT}(?P<pb>)"
_NB: Final = r"(?<![\d.,/-])"  # no digit or date separator before a number
_NE: Final = r"(?![\d]|[.,/-]\d)"
_DAY: Final = r"(?:3[01]|[12]\d|0?[1-9])"
_MON_NUM: Final = r"(?:1[0-2]|0?[1-9])"
_YEAR: Final = r"[12]\d{3}"
_MONTH_RE: Final = _alt(_MONTHS)
_HMONTH_RE: Final = _alt(_HIJRI_MONTHS)
_WD_RE: Final = _alt(_WEEKDAYS)
_WD_NO_ITHNAYN: Final = _alt([w for w in _WEEKDAYS if _n(w) != _n("الاثنين")])
_ITHNAYN: Final = _alt([w for w in _WEEKDAYS if _n(w) == _n("الاثنين")])
_PAST_RE: Final = _alt(_PAST)
_NEXT_RE: Final = _alt(_NEXT)
_CUR_RE: Final = _alt(_CUR)
_REL_RE: Final = _alt([*_PAST, *_NEXT, *_CUR])
_HIJRI_MARK: Final = r"(?:\s*(?:ه|هجري|هجريه)" + _E + ")"
_GREG_MARK: Final = r"(?:\s*م" + _E + ")?"
_YEAR_WORD: Final = r"(?:(?:ال)?(?:عام|سنه)\s+)"


# Month name, or two names for one month (كانون الثاني/يناير, يناير (كانون الثاني)).
# A month's second name after a slash, in brackets or (Reuters) after a space: مايو/أيار،
# مايو (أيار)، مايو أيار.
def _months_re(group: str) -> str:
    """A month's name, or two names for one month, the first in group ``group``."""
    return (
        rf"(?P<{group}>{_MONTH_RE})"
        rf"(?:\s*/\s*{_MONTH_RE}|\s*\(\s*{_MONTH_RE}\s*\)|\s+{_MONTH_RE}(?![^\W_]))?"
    )


_MONTHS_RE: Final = _months_re("mon")
# Reference to a year: 2015, عام 2015, العام, العام الماضي, هذا العام.
_YEAR_REF: Final = (
    rf"(?:{_YEAR_WORD}?(?P<y>{_YEAR}){_GREG_MARK}{_E}"
    rf"|(?P<yrel>(?:العام|السنه)(?:\s+{_REL_RE})?|هذا\s+العام|هذه\s+السنه){_E})"
)
# Reference to a month: يناير 2017, يناير, الشهر الماضي, هذا الشهر.
_MONTH_REF: Final = (
    rf"(?:{_MONTHS_RE}(?:\s+(?:من\s+)?{_YEAR_WORD}?(?P<my>{_YEAR}){_GREG_MARK})?{_E}"
    rf"|(?P<mrel>الشهر(?:\s+{_REL_RE})?|هذا\s+الشهر){_E})"
)
# A bare year is read only after a word that introduces one (في 2016، حرب 1948) or alone in
# brackets, and only 1900-2099: a bare 4-digit number is a count as often as a year.
_RECENT_YEAR: Final = r"(?:19|20)\d{2}"
_YEAR_CUES: Final = _times("year_cues").words()
# Only the prepositions introduce a month alone (في أيار); a noun before one is a name (حرب تموز).
_MONTH_CUE_BEFORE_RE: Final = re.compile(
    rf"(?<![^\W_]){CONJ_OPT}(?:{_alt(_times('year_cues').words(kind='preposition'))})\s+$"
)
# Checked on the text before a candidate year (a lookbehind per cue made the scan 10x slower).
_YEAR_CUE_BEFORE_RE: Final = re.compile(
    rf"(?<![^\W_]){CONJ_OPT}(?:{'|'.join(re.escape(_n(c)) for c in _YEAR_CUES)})\s$"
)
# Not a year when money, a scale or a counted noun in the accusative follows (في 2000 شخصا).
_NOT_COUNTED: Final = (
    r"(?!\s*(?:مليون|مليار|الف|الاف|دولار|يورو|ليره|دينار|ريال|جنيه|شخص|%|٪)"
    r"|\s+[^\W\d_]{2,}ا(?![^\W_]))"
)
_AMOUNT_BEFORE_RE: Final = re.compile(
    rf"(?<![^\W_]){CONJ_OPT}(?:بلغ|بلغت|يبلغ|تبلغ|عدد|عددهم|نحو|حوالي|قرابه|اكثر|اقل|الي|وصل|وصلت"
    r"|يقدر|تقدر|مجموع|اجمالي|رقم|قدره|قدرها|بمبلغ|مبلغ)(?![^\W_])"
)
_DECADES: Final[dict[str, int]] = {w: int(y) for w, y in _times("decades").mapping("year").items()}
_COUNT: Final = r"(?:\d{1,3}|[^\W\d_]+)"
_COUNT_AL: Final = r"(?:ال\s*\d{1,3}|ال[^\W\d_]+|\d{1,3})"
_UNIT_RE: Final = _alt(_UNITS)
_PLURAL_UNIT_RE: Final = _alt([u for u, (_, c) in _UNITS.items() if c != 1])


# ---------------------------------------------------------------------------------------------
# Calendar helpers


def _iso(d: date) -> str:
    return d.isoformat()


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _shift(d: date, unit: str, n: int) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    if unit == "month":
        return _add_months(d, n)
    return _add_months(d, 12 * n)


def _day(d: date) -> _Res:
    return _iso(d), "day", (_iso(d), _iso(d))


def _week(d: date) -> _Res:
    monday = d - timedelta(days=d.weekday())
    iy, iw, _ = monday.isocalendar()
    return f"{iy:04d}-W{iw:02d}", "week", (_iso(monday), _iso(monday + timedelta(days=6)))


def _month(y: int, m: int) -> _Res:
    return f"{y:04d}-{m:02d}", "month", (_iso(date(y, m, 1)), _iso(_month_end(y, m)))


def _year(y: int) -> _Res:
    return f"{y:04d}", "year", (f"{y:04d}-01-01", f"{y:04d}-12-31")


def _span(a: date, b: date, gran: Granularity = "range") -> _Res:
    return _iso(a), gran, (_iso(a), _iso(b))


def _unit_period(d: date, unit: str) -> _Res:
    if unit == "day":
        return _day(d)
    if unit == "week":
        return _week(d)
    if unit == "month":
        return _month(d.year, d.month)
    return _year(d.year)


def _offset(word: str) -> int:
    w = _key(word)
    if w in {_n(x) for x in _PAST}:
        return -1
    if w in {_n(x) for x in _NEXT}:
        return 1
    return 0


def _none(gran: Granularity) -> _Res:
    return None, gran, None


def _count(word: str) -> int | None:
    w = word.replace(" ", "")
    w = strip_article(w, min_stem=0)
    if w.isdigit():
        return int(w)
    if w in {"عشر", "عشره"}:
        return 10
    v = words_to_number(w)
    return int(v) if v is not None and v == int(v) and 0 < v < 1000 else None


# ---------------------------------------------------------------------------------------------
# Tense: a date without a year is placed against P by the verb of its clause

Tense = Literal["past", "future"]

# The future prefix س on an imperfect verb (سيعقد، ستجري، سنعمل); nouns of that shape are
# listed as not_verb in times/tense_cues.tsv.
_FUTURE_SHAPE_RE: Final = re.compile(r"س[يتن][^\W\d_]{2,}")
# Where a sentence ends: the verb of another sentence says nothing of this date (commas do not
# end the search: وفي 12 مايو، قتل...).
_SENTENCE_END_RE: Final = re.compile(r"[!?؟;؛\n]|\.(?!\d)")


def _word_tense(word: str) -> Tense | None:
    """The tense a word tells (``قتل`` past, ``سيعقد`` future), or None."""
    for w in (word, without_proclitic(word)):
        if w in _PAST_CUE_N:
            return "past"
        if w in _FUTURE_CUE_N:
            return "future"
        if w in _NOT_VERB_N:
            return None
    if without_proclitic(without_enclitic(word)) in _PAST_CUE_N:
        return "past"  # ``أصدرتها``، ``وقتلهم``
    return "future" if _future_shape(without_proclitic(word)) else None


def _future_shape(word: str) -> bool:
    """``سيعقد``، ``ستجرى``: س before an imperfect verb that news writes without it (يعقد is
    in the lexicon). Names of that shape are not (سيرغي، ستيفن، سيناء: يرغي، تيفن، يناء are
    not words)."""
    return bool(_FUTURE_SHAPE_RE.fullmatch(word)) and load_lexicon().count(word[1:]) >= 5


def clause_tense(s: str, start: int, end: int) -> Tense | None:
    """The tense of the clause around ``s[start:end]`` (normalized text): the nearest word
    that tells one, up to 8 words before and 4 after, within the sentence.

    >>> from marsad.arabic.normalize import normalize_text as n
    >>> s = n("قتل ثلاثة في يناير")
    >>> clause_tense(s, s.index("يناير"), len(s))
    'past'
    >>> s = n("وسيعقد المؤتمر في ديسمبر")
    >>> clause_tense(s, s.index("ديسمبر"), len(s))
    'future'
    """
    before = s[max(0, start - 90) : start]
    cut = [m.end() for m in _SENTENCE_END_RE.finditer(before)]
    before = before[cut[-1] :] if cut else before
    after = s[end : end + 50]
    stop = _SENTENCE_END_RE.search(after)
    after = after[: stop.start()] if stop else after
    nearest = zip_longest(reversed(word_list(before)[-8:]), word_list(after)[:4])
    for left, right in nearest:
        tense = _word_tense(left) if left else None
        if tense is not None:
            return tense
        # After the date, only a past verb speaks for it: a future one there mostly opens
        # the next clause (``انتقل في يناير، وأكد أنه لن يستطيع``).
        if right and _word_tense(right) == "past":
            return "past"
    return None


# A day without a year this many days after publication is this year's even in a past clause.
_SOON: Final = 31


def _year_of_date(p: date, month: int, day: int | None, tense: Tense | None) -> int:
    """The year of a month (and day) written without one, against P: before P when the clause
    is past, unless a day falls in the month after P (a deadline or a meeting that a past
    clause sets); after P when future. Without a tense a day takes P's year (the corpus
    guideline) and a month alone the nearest such month.

    >>> p = date(2018, 5, 14)
    >>> _year_of_date(p, 12, 11, "past"), _year_of_date(p, 1, None, "future")
    (2017, 2019)
    >>> _year_of_date(p, 5, 30, "past"), _year_of_date(p, 7, 30, "past")
    (2018, 2017)
    """
    here = (month, day or 1)
    now = (p.month, p.day if day else 1)
    if tense == "past":
        this_year = _safe_date(p.year, month, day) if day is not None else None
        if this_year is not None and 0 < (this_year - p).days <= _SOON:
            return p.year  # a deadline or a meeting a past clause sets: هدد بالانسحاب بحلول 12 مايو
        return p.year - 1 if here > now else p.year
    if tense == "future":
        return p.year + 1 if here < now else p.year
    if day is None and abs(month - p.month) > 6:
        return p.year - 1 if month > p.month else p.year + 1
    return p.year


# ---------------------------------------------------------------------------------------------
# Resolvers: (match, publication date) -> result, or None to drop the match

_Resolver = Callable[["_Norm", date | None], _Res | None]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _r_dmy(m: _Norm, p: date | None) -> _Res | None:
    d = _safe_date(int(m["y"]), _MONTH_N[_key(m["mon"])], int(m["d"]))
    return _day(d) if d else None


def _day_number(m: _Norm) -> int:
    """The day of a match: digits (``15``) or an ordinal (``الخامس عشر``)."""
    return int(m["d"]) if m.get("d") else _ORDINAL_N[_key(m["ord"])]


def _r_dm(m: _Norm, p: date | None) -> _Res | None:
    """``11 كانون الأول`` without a year: P's year, or the year before when the clause is
    past and the day would fall after P (قتل في 11 كانون الأول, published in May)."""
    if p is None:
        return _none("day")
    mon, day = _MONTH_N[_key(m["mon"])], _day_number(m)
    d = _safe_date(_year_of_date(p, mon, day, m.tense()), mon, day)
    return _day(d) if d else None


def _r_dmy_ord(m: _Norm, p: date | None) -> _Res | None:
    """``الخامس عشر من أيار 2017``: an ordinal day, a month and a year."""
    d = _safe_date(int(m["y"]), _MONTH_N[_key(m["mon"])], _day_number(m))
    return _day(d) if d else None


def _r_dm_rel(m: _Norm, p: date | None) -> _Res | None:
    """``23 أيار الماضي``، ``الأول من مارس المقبل``: a day of a month placed by its word. A
    coming day of the publication month is this month's: ``11 تموز المقبل`` written on 6 July
    is five days on, not a year (news writes the month's own coming days so). A past one
    keeps the month's reading: ``9 أيار المنصرم`` written in May is last year's (this
    month's would be ``9 من الشهر الجاري``)."""
    if m.get("mon") and p is not None and _offset(m["rel"]) > 0:
        mon, day = _MONTH_N[_key(m["mon"])], _day_number(m)
        if mon == p.month:
            d = _safe_date(p.year, mon, day)
            if d is not None and d > p:
                return _day(d)
    month = _r_month_rel(m, p) if m.get("mon") else _r_period(m, p)
    if month is None or month[0] is None:
        return _none("day")
    y, mon = (int(x) for x in month[0].split("-")[:2])
    d = _safe_date(y, mon, _day_number(m))
    return _day(d) if d else None


def _r_month_alone(m: _Norm, p: date | None) -> _Res | None:
    """``في يناير``، ``منذ آب/أغسطس``، ``في شهر آذار``: a month alone after a preposition (or
    with two names), in the year the clause's tense gives (see :func:`_year_of_date`)."""
    first = _key(m["mon"])
    if not (m.get("second") or m.get("shahr") or first in _ALONE_MONTHS):
        return None
    if not (m.get("second") or m.get("shahr") or _MONTH_CUE_BEFORE_RE.search(m.before(12))):
        return None
    if p is None:
        return _none("month")
    mon = _MONTH_N[first]
    return _month(_year_of_date(p, mon, None, m.tense()), mon)


def _r_day_range(m: _Norm, p: date | None) -> _Res | None:
    """``من 3 إلى 9 آذار``، ``بين 12 و15 تموز``، ``3-9 مارس``، ``26، 27 و28 تموز``: one
    interval of days in one month, placed like a day without a year."""
    mon, d1, d2 = _MONTH_N[_key(m["mon"])], int(m["d1"]), int(m["d2"])
    if d2 <= d1:
        return None
    if m.get("y"):
        y = int(m["y"])
    elif p is None:
        return _none("range")
    else:
        y = _year_of_date(p, mon, d1, m.tense())
    a, b = _safe_date(y, mon, d1), _safe_date(y, mon, d2)
    return _span(a, b) if a and b else None


def _r_month_to_month(m: _Norm, p: date | None) -> _Res | None:
    """``من 14 حزيران لغاية 15 تموز``، ``بين 1 يناير و30 يونيو``، ``31 أيار و1 حزيران``: one
    interval of days across months (at most a year), placed like a day without a year. Joined
    by و it is a range only after بين or for two days in a row: ``في 12 مايو و14 يونيو`` is
    two dates."""
    ma, mb = _MONTH_N[_key(m["ma"])], _MONTH_N[_key(m["mb"])]
    d1, d2 = int(m["d1"]), int(m["d2"])
    if ma == mb:
        return None
    after_bayna = re.search(r"(?<![^\W_])بين\s+$", m.before(8)) is not None
    # the last day of a month and the first of the next (a common year's month end, so that
    # 28 and 29 February both count; a day past the month's end is refused below)
    two_days_in_a_row = d2 == 1 and (mb - ma) % 12 == 1 and d1 >= _month_end(2001, ma).day
    if m["link"].strip() == "و" and not (after_bayna or two_days_in_a_row):
        return None
    if m.get("y"):
        last_year = int(m["y"])
        first_year = last_year if ma < mb else last_year - 1
    elif p is None:
        return _none("range")
    else:
        first_year = _year_of_date(p, ma, d1, m.tense())
        last_year = first_year if ma < mb else first_year + 1
    a, b = _safe_date(first_year, ma, d1), _safe_date(last_year, mb, d2)
    if a is None or b is None or not a < b or (b - a).days > 366:
        return None
    return _span(a, b)


def _r_weekday_range(m: _Norm, p: date | None) -> _Res | None:
    """``من الأحد إلى الأربعاء``: the days from one weekday to the next, ending on or before P
    (after it when the clause is future)."""
    if not re.search(rf"(?<![^\W_]){CONJ_OPT}(?:من|بين)\s+$", m.before(8)):
        return None
    if p is None:
        return _none("range")
    wa, wb = _WEEKDAY_N[_key(m["wa"])], _WEEKDAY_N[_key(m["wb"])]
    length = (wb - wa) % 7
    if m.tense() == "future":
        start = p + timedelta(days=(wa - p.weekday()) % 7)
        return _span(start, start + timedelta(days=length))
    end = p - timedelta(days=(p.weekday() - wb) % 7)
    return _span(end - timedelta(days=length), end)


def _r_day_part(m: _Norm, p: date | None) -> _Res | None:
    """``فجر الاثنين``، ``مساء الخميس``، ``صباح اليوم``، ``صباح أمس الأحد``: a part of a day
    is that day (a weekday as :func:`_r_weekday` reads it, the coming one when future)."""
    if p is None:
        return _none("day")
    rd = m.get("rd")
    if rd is not None:
        back = {"اليوم": 0, "امس": -1, "الامس": -1, "غد": 1, "الغد": 1}[_key(rd)]
        day = p + timedelta(days=back)
        if m.get("wd") is not None:
            # The weekday the text names wins over the publication date, which often lags
            # the writing by a day (``اليوم السبت`` published on Sunday is Saturday).
            ahead = (_WEEKDAY_N[_key(m["wd"])] - day.weekday()) % 7
            day += timedelta(days=ahead - 7 if ahead > 3 else ahead)
        return _day(day)
    if m.get("rel") is None and m.tense() == "future":
        wd = _WEEKDAY_N[_key(m["wd"])]
        return _day(p + timedelta(days=(wd - p.weekday()) % 7))
    return _r_weekday(m, p)


def _r_year_range(m: _Norm, p: date | None) -> _Res | None:
    """``بين عامي 2005 و2009``، ``(1975-1990)``، ``من 2016 إلى 2017``: the years from the first
    to the second, written ``2005/2009`` (the corpus guidelines' value); two years out of order
    or more than 60 apart are no range."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not (1800 <= y1 < y2 <= 2099 and y2 - y1 <= 60):
        return None
    return f"{y1:04d}/{y2:04d}", "range", (f"{y1:04d}-01-01", f"{y2:04d}-12-31")


def _r_my(m: _Norm, p: date | None) -> _Res | None:
    return _month(int(m["y"]), _MONTH_N[_key(m["mon"])])


def _r_month_rel(m: _Norm, p: date | None) -> _Res | None:
    if p is None:
        return _none("month")
    mon = _MONTH_N[_key(m["mon"])]
    off = _offset(m["rel"])
    y = p.year
    if off < 0:
        y = p.year if mon < p.month else p.year - 1
    elif off > 0:
        y = p.year if mon > p.month else p.year + 1
    return _month(y, mon)


def _r_numeric(m: _Norm, p: date | None) -> _Res | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if m.get("ymd"):
        d = _safe_date(y, a, b)
    else:
        d = _safe_date(y, b, a) if b <= 12 else _safe_date(y, a, b)
    return _day(d) if d else None


def _r_hijri_numeric(m: _Norm, p: date | None) -> _Res | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    day, mon = (b, a) if m.get("ymd") else (a, b)
    try:
        return _day(hijri_to_gregorian(y, mon, day))
    except ValueError:
        return None


def _r_year(m: _Norm, p: date | None) -> _Res | None:
    return _year(int(m["y"]))


def _r_cued_year(m: _Norm, p: date | None) -> _Res | None:
    """A bare year, read only after a cue word (في 2016، حرب 1948)."""
    if not _YEAR_CUE_BEFORE_RE.search(m.before(16)):
        return None
    return _year(int(m["y"]))


def _r_final_year(m: _Norm, p: date | None) -> _Res | None:
    """A year at a sentence's end, unless an amount word precedes it (بلغ عددهم 2015.)."""
    if _AMOUNT_BEFORE_RE.search(m.before(30)):
        return None
    return _year(int(m["y"]))


# An age follows: في العشرينات من عمرها (the words of times/age_nouns.tsv, with a pronoun).
_AGE_AFTER_RE: Final = re.compile(
    rf"\s+من\s+{_alt(_times('age_nouns').words())}{ENCLITICS_PATTERN}(?![^\W_])"
)


def _r_decade(m: _Norm, p: date | None) -> _Res | None:
    """``الثمانينيات`` → 1980-1989 (decades of the last century, as the bare word means);
    none before an age (``في العشرينات من عمرها``)."""
    if _AGE_AFTER_RE.match(m.after(30)):
        return None
    y = {_n(k): v for k, v in _DECADES.items()}[m["dec"]]
    return _span(date(y, 1, 1), date(y + 9, 12, 31))


def _r_hijri(m: _Norm, p: date | None) -> _Res | None:
    y = int(m["y"])
    if m.get("hmon") is None:
        return _span(hijri_to_gregorian(y, 1, 1), hijri_to_gregorian(y + 1, 1, 1) - timedelta(1))
    mon = _HMONTH_N[_key(m["hmon"])]
    try:
        if m.get("d"):
            return _day(hijri_to_gregorian(y, mon, int(m["d"])))
    except ValueError:
        return None
    start = hijri_to_gregorian(y, mon, 1)
    return _span(start, date.fromordinal(_hijri_next_month(y, mon) - 1))


def _r_fixed(days: int) -> _Resolver:
    def resolve(m: _Norm, p: date | None) -> _Res | None:
        return _day(p + timedelta(days=days)) if p else _none("day")

    return resolve


# «الاثنين» alone is Monday unless it counts two: «بين الاثنين», «إن الاثنين كانا» (a subject
# after إن/أن), «المدعين الاثنين» (after a definite plural or dual), «الاثنين معا».
_TWO_BEFORE_RE: Final = re.compile(
    r"(?:(?<![^\W_])(?:بين|كلا|هذين|هذان|ان|لان)|(?<![^\W_])ال[^\W\d_]+(?:ين|ان|ون))\s+$"
)
_TWO_AFTER_RE: Final = re.compile(r"\s*(?:معا|منهما|منهم|الاخرين|كليهما)(?![^\W_])")


def _r_monday(m: _Norm, p: date | None) -> _Res | None:
    """``الاثنين`` alone: Monday, read like any weekday, where it does not count two."""
    if _TWO_BEFORE_RE.search(m.before(30)) or _TWO_AFTER_RE.match(m.after(12)):
        return None
    return _r_weekday(m, p)


def _r_weekday(m: _Norm, p: date | None) -> _Res | None:
    if p is None:
        return _none("day")
    wd = _WEEKDAY_N[_key(m["wd"])]
    off = _offset(m["rel"]) if m.get("rel") else 0
    if off > 0:
        return _day(p + timedelta(days=(wd - p.weekday() - 1) % 7 + 1))
    back = (p.weekday() - wd) % 7
    if off < 0 and back == 0:
        back = 7
    return _day(p - timedelta(days=back))


def _r_period(m: _Norm, p: date | None) -> _Res | None:
    unit = {"الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[m["u"]]
    gran: Granularity = "week" if unit == "week" else "month" if unit == "month" else "year"
    if p is None:
        return _none(gran)
    off = _offset(m["rel"]) if m.get("rel") else 0
    return _unit_period(_shift(p, unit, off), unit)


def _r_ago(m: _Norm, p: date | None) -> _Res | None:
    unit, implied = _UNIT_N[_key(m["u"])]
    if m.get("n") is not None:
        n = _count(m["n"]) if implied is None or implied == 1 else None
    else:
        n = implied
    if n is None:
        return None
    gran: Granularity = unit  # type: ignore[assignment]
    return _unit_period(_shift(p, unit, -n), unit) if p else _none(gran)


def _r_range(m: _Norm, p: date | None) -> _Res | None:
    unit, implied = _UNIT_N[_key(m["u"])]
    if m.get("n") is not None:
        if implied is not None:
            return None
        n = _count(m["n"])
        if n is None:
            return None
    else:
        n = implied if implied is not None else _VAGUE_COUNT[unit]
    if p is None:
        return _none("range")
    if _key(m["dir"]) in _PAST_N:
        return _span(_shift(p, unit, -n), p)
    return _span(p, _shift(p, unit, n))


def _year_of(m: _Norm, p: date | None) -> int | None:
    if m.get("y"):
        return int(m["y"])
    if p is None:
        return None
    words = _key(m["yrel"]).split()
    return p.year + (_offset(words[-1]) if len(words) == 2 and words[0] != "هذا" else 0)


def _month_of(m: _Norm, p: date | None) -> tuple[int, int] | None:
    if m.get("mon"):
        mon = _MONTH_N[_key(m["mon"])]
        if m.get("my"):
            return int(m["my"]), mon
        return (p.year, mon) if p else None
    if p is None:
        return None
    words = _key(m["mrel"]).split()
    off = _offset(words[-1]) if len(words) == 2 and words[0] != "هذا" else 0
    d = _add_months(p.replace(day=1), off)
    return d.year, d.month


def _r_part(m: _Norm, p: date | None) -> _Res | None:
    """``أواخر سبتمبر``، ``نهاية 2016``: a third of a month or a year. The value is the month
    or the year it is part of (as TIMEX3 writes ``2016`` with a modifier), the interval the
    third: the value never claims a day the text does not give."""
    third = _PART_N[_key(m["part"])]
    if m.get("mon") or m.get("mrel"):
        ym = _month_of(m, p)
        if ym is None:
            return _none("range")
        y, mon = ym
        first = (1, 11, 21)[third]
        last = (10, 20, calendar.monthrange(y, mon)[1])[third]
        _, gran, interval = _span(date(y, mon, first), date(y, mon, last))
        return f"{y:04d}-{mon:02d}", gran, interval
    y2 = _year_of(m, p)
    if y2 is None:
        return _none("range")
    _, gran, interval = _span(date(y2, 4 * third + 1, 1), _month_end(y2, 4 * third + 4))
    return f"{y2:04d}", gran, interval


def _months_of_year(y: int, first: int, last: int) -> _Res:
    """Months ``first..last`` of year ``y``: the value ``2018-01/2018-06``, and its days."""
    value = f"{y:04d}-{first:02d}/{y:04d}-{last:02d}"
    return value, "range", (_iso(date(y, first, 1)), _iso(_month_end(y, last)))


def _r_half(m: _Norm, p: date | None) -> _Res | None:
    """``النصف الأول من عام 2018``: January to June; ``النصف الثاني``: July to December."""
    y = _year_of(m, p)
    if y is None:
        return _none("range")
    return _months_of_year(y, 1, 6) if m["half"] == "اول" else _months_of_year(y, 7, 12)


def _r_first_months(m: _Norm, p: date | None) -> _Res | None:
    """``الأشهر الستة الأولى من العام الجاري``، ``الـ9 أشهر الأولى من 2018``: the year's first
    months."""
    n = _count(m["n"])
    if n is None or not 1 <= n <= 12:
        return None
    y = _year_of(m, p)
    if y is None:
        return _none("range")
    return _months_of_year(y, 1, n)


def _season(y: int, start_month: int) -> _Res:
    first = date(y - 1, 12, 1) if start_month == 12 else date(y, start_month, 1)
    last = _add_months(first, 2)
    return _span(first, _month_end(last.year, last.month), "season")


def _r_season(m: _Norm, p: date | None) -> _Res | None:
    sm = _SEASON_N[_key(m["s"])]
    y = _year_of(m, p)
    return _season(y, sm) if y is not None else _none("season")


def _r_season_rel(m: _Norm, p: date | None) -> _Res | None:
    sm = _SEASON_N[_key(m["s"])]
    if p is None:
        return _none("season")
    off = _offset(m["rel"]) if m.get("rel") else 0
    if off == 0:
        return _season(p.year + (1 if sm == 12 and p.month == 12 else 0), sm)
    y = p.year + off
    for cand in (p.year + 2 * off, p.year + off, p.year, p.year - off):
        _, _, iv = _season(cand, sm)
        assert iv is not None
        if (off < 0 and iv[1] < _iso(p)) or (off > 0 and iv[0] > _iso(p)):
            y = cand
    return _season(y, sm)


# ---------------------------------------------------------------------------------------------
# The patterns

_WD_PREFIX: Final = rf"(?:(?:يوم\s+)?{_WD_RE}\s*[،,]?\s*)?"

_ORD_RE: Final = _alt(_ORDINALS)
# A day of a month: digits (15 أيار، 15 من أيار) or an ordinal, which needs من (الخامس عشر من
# أيار): without it ``الثاني`` is also the second word of ``تشرين الثاني``.
_DAY_OF: Final = rf"(?:{_NB}(?P<d>{_DAY})\s+(?:من\s+)?|(?P<ord>{_ORD_RE})\s+من\s+)"
_RD_RE: Final = r"(?P<rd>اليوم|امس|الامس|غد|الغد)"

# Forms that events need (ordinal days, ranges, parts of a day, a month alone); they are
# tried with the others and the longest match wins.
_EVENT_PATTERNS: Final[list[tuple[re.Pattern[str], _Resolver]]] = [
    (
        # الخامس عشر من أيار 2017، الأول من أكتوبر/تشرين الأول 2016
        re.compile(
            rf"{_PB}{_WD_PREFIX}(?P<ord>{_ORD_RE})\s+من\s+(?:شهر\s+)?{_MONTHS_RE}"
            rf"\s*[،,]?\s*(?:من\s+)?{_YEAR_WORD}?(?P<y>{_YEAR}){_GREG_MARK}{_E}"
        ),
        _r_dmy_ord,
    ),
    (
        # الخامس عشر من أيار، في الأول من مارس
        re.compile(rf"{_PB}{_WD_PREFIX}(?P<ord>{_ORD_RE})\s+من\s+(?:شهر\s+)?{_MONTHS_RE}{_E}"),
        _r_dm,
    ),
    (
        # 23 أيار/مايو الماضي، التاسع من مايو المنصرم، 6 مايو المقبل
        re.compile(
            rf"{_PB}{_WD_PREFIX}{_DAY_OF}(?:شهر\s+)?{_MONTHS_RE}"
            rf"\s+(?P<rel>{_PAST_RE}|{_NEXT_RE}|{_CUR_RE}){_E}"
        ),
        _r_dm_rel,
    ),
    (
        # 25 من الشهر الجاري، الـ12 من الشهر الماضي، الرابع من هذا الشهر
        re.compile(
            rf"{_PB}(?:(?:ال\s*)?{_NB}(?P<d>{_DAY})|(?P<ord>{_ORD_RE}))\s+من\s+"
            rf"(?:(?P<u>الشهر)\s+(?P<rel>{_REL_RE})|هذا\s+(?P<u2>الشهر)){_E}"
        ),
        _r_dm_rel,
    ),
    (
        # 31 أيار/مايو و1 حزيران/يونيو، من 14 حزيران لغاية 15 تموز 2018، بين 1 يناير و30 يونيو
        re.compile(
            rf"{_PB}{_NB}(?P<d1>{_DAY})\s+(?:من\s+)?(?:شهر\s+)?{_months_re('ma')}"
            rf"(?P<link>\s*[-–]\s*|\s+و?(?:الي|حتي|لغايه)\s+|\s+و\s*)"
            rf"{_NB}(?P<d2>{_DAY})\s+(?:من\s+)?(?:شهر\s+)?{_months_re('mb')}"
            rf"(?:\s*[،,]?\s*(?:من\s+)?{_YEAR_WORD}?(?P<y>{_YEAR}){_GREG_MARK})?{_E}"
        ),
        _r_month_to_month,
    ),
    (
        # 3-9 مارس، من 3 إلى 9 آذار 2017، بين 12 و15 تموز، 26، 27 و28 تموز
        re.compile(
            rf"{_PB}{_NB}(?P<d1>{_DAY})(?:\s*[،,]\s*{_DAY})*"
            rf"(?:\s*[-–]\s*|\s+(?:الي|حتي)\s+|\s+و\s*)(?P<d2>{_DAY})\s+(?:من\s+)?"
            rf"(?:شهر\s+)?{_MONTHS_RE}"
            rf"(?:\s*[،,]?\s*(?:من\s+)?{_YEAR_WORD}?(?P<y>{_YEAR}){_GREG_MARK})?{_E}"
        ),
        _r_day_range,
    ),
    (
        # بين عامي 2005 و2009، ما بين 1975 و1976، بين العامين 2011 و2015: one interval of years
        re.compile(
            rf"{_B}(?:ما\s+)?بين\s+(?P<pb>)(?:(?:عامي|العامين|الاعوام|اعوام|سنتي)\s+)?{_NB}"
            rf"(?P<y1>{_YEAR})\s*و\s*(?:عام\s+)?(?P<y2>{_YEAR}){_E}{_NOT_COUNTED}"
        ),
        _r_year_range,
    ),
    (
        # من 2016 إلى 2017، من عام 1884 حتى 1976
        re.compile(
            rf"{_B}من\s+(?P<pb>)(?:(?:عام|العام)\s+)?{_NB}(?P<y1>{_YEAR})\s+"
            rf"(?:الي|حتي|وحتي|لغايه)\s+(?:عام\s+|العام\s+)?(?P<y2>{_YEAR}){_E}{_NOT_COUNTED}"
        ),
        _r_year_range,
    ),
    # (1975-1990)، 2010 - 2012، الموسم 2017-2018
    (
        re.compile(
            rf"{_NB}(?P<y1>{_YEAR})\s*[-–]\s*(?P<y2>{_YEAR})(?![\d/-]|[.,]\d){_NOT_COUNTED}"
        ),
        _r_year_range,
    ),
    (
        # من الأحد إلى الأربعاء
        re.compile(
            rf"{_PB}(?:يوم\s+)?(?P<wa>{_WD_RE})\s+(?:الي|حتي)\s+(?:يوم\s+)?(?P<wb>{_WD_RE}){_E}"
        ),
        _r_weekday_range,
    ),
    (
        # فجر الاثنين، مساء الخميس الماضي، صباح اليوم، صباح أمس الأحد
        re.compile(
            rf"{_PB}(?P<part>{_alt(_DAY_PARTS)})\s+(?:{_RD_RE}(?:\s+(?:يوم\s+)?(?P<wd>{_WD_RE}))?"
            rf"|(?:يوم\s+)?(?P<wd2>{_WD_RE})(?:\s+(?P<rel>{_PAST_RE}|{_NEXT_RE}))?){_E}"
        ),
        _r_day_part,
    ),
    # أمس الأحد، اليوم الاثنين: the weekday names the same day
    (re.compile(rf"{_PB}{_RD_RE}\s+(?:يوم\s+)?(?P<wd>{_WD_RE}){_E}"), _r_day_part),
    (
        # في يناير، منذ آب/أغسطس، في شهر آذار، في إبريل نيسان
        re.compile(
            rf"{_PB}(?:(?P<shahr>شهر)\s+)?(?P<mon>{_MONTH_RE})(?P<second>\s*/\s*{_MONTH_RE}"
            rf"|\s*\(\s*{_MONTH_RE}\s*\)|\s+{_MONTH_RE})?{_E}"
        ),
        _r_month_alone,
    ),
]

# Parts of a year counted in months (one statement apart: the main list is long enough).
_MONTHS_OF_YEAR_PATTERNS: Final[list[tuple[re.Pattern[str], _Resolver]]] = [
    (
        # النصف الأول من عام 2018، النصف الثاني من العام الماضي
        re.compile(rf"{_PB}(?:ال)?نصف\s+(?:ال)?(?P<half>اول|ثاني)\s+من\s+{_YEAR_REF}"),
        _r_half,
    ),
    (
        # الأشهر الستة الأولى من العام الجاري، الـ9 أشهر الأولى من عام 2018
        re.compile(
            rf"{_PB}(?:ال(?:اشهر|شهور)\s+(?P<n>ال[^\W\d_]+)|(?P<n2>ال\s*\d{{1,2}})\s+(?:اشهر|شهور))"
            rf"\s+الاولي\s+من\s+{_YEAR_REF}"
        ),
        _r_first_months,
    ),
]

_PATTERNS: Final[list[tuple[re.Pattern[str], _Resolver]]] = [
    *_EVENT_PATTERNS,
    *_MONTHS_OF_YEAR_PATTERNS,
    (
        re.compile(
            rf"{_PB}{_WD_PREFIX}{_NB}(?P<d>{_DAY})\s+(?:من\s+)?(?:شهر\s+)?{_MONTHS_RE}"
            rf"\s*[،,]?\s*(?:من\s+)?{_YEAR_WORD}?(?P<y>{_YEAR}){_GREG_MARK}{_E}"
        ),
        _r_dmy,
    ),
    (
        re.compile(rf"{_PB}{_WD_PREFIX}{_NB}(?P<d>{_DAY})\s+(?:من\s+)?(?:شهر\s+)?{_MONTHS_RE}{_E}"),
        _r_dm,
    ),
    (
        re.compile(
            rf"{_PB}(?:شهر\s+)?{_MONTHS_RE}\s*[،,]?\s*(?:من\s+)?{_YEAR_WORD}?"
            rf"(?P<y>{_YEAR}){_GREG_MARK}{_E}"
        ),
        _r_my,
    ),
    (re.compile(rf"{_PB}{_MONTHS_RE}\s+(?P<rel>{_PAST_RE}|{_NEXT_RE}){_E}"), _r_month_rel),
    (
        re.compile(
            rf"{_NB}(?:(?P<ymd>(?P<y1>{_YEAR})(?P<s1>[/.-])(?P<a1>{_MON_NUM})(?P=s1)"
            rf"(?P<b1>{_DAY}))|(?P<a2>{_DAY})(?P<s2>[/.-])(?P<b2>{_DAY})(?P=s2)(?P<y2>{_YEAR}))"
            rf"{_NE}(?P<hm>{_HIJRI_MARK})?"
        ),
        lambda m, p: (_r_hijri_numeric if m.get("hm") else _r_numeric)(m, p),
    ),
    (
        re.compile(
            rf"{_PB}(?:(?:(?P<d>{_DAY})\s+(?:من\s+)?)?(?:شهر\s+)?(?P<hmon>{_HMONTH_RE})\s+"
            rf"(?:من\s+)?{_YEAR_WORD}?(?P<y>1[3-5]\d{{2}}){_HIJRI_MARK}?{_E}"
            rf"|{_YEAR_WORD}?(?P<y2>1[3-5]\d{{2}}){_HIJRI_MARK}"
            rf"|{_YEAR_WORD}?\(\s*(?P<y3>1[3-5]\d{{2}})\s*\){_HIJRI_MARK})"
        ),
        _r_hijri,
    ),
    (
        # عام 2017، العام 2017، للعام 2009 (ل + العام), العام المقبل 2011, عام (1993)
        re.compile(
            rf"{_PB}(?:(?:ال|ل)?(?:عام|سنه)\s+(?:{_REL_RE}\s+)?)"
            rf"(?:\(\s*(?P<y1>{_YEAR})\s*\)|(?P<y>{_YEAR}){_GREG_MARK}{_NE}{_E})"
        ),
        _r_year,
    ),
    (
        # نيسان (26/4/1947): a month name, then the full date in brackets (archive captions)
        re.compile(
            rf"{_PB}{_MONTHS_RE}\s*\(\s*(?P<a2>{_DAY})\s*/\s*(?P<b2>{_DAY})\s*/\s*"
            rf"(?P<y2>{_YEAR})\s*\)"
        ),
        _r_numeric,
    ),
    (
        # حزيران (1984), ديسمبر (كانون الأول) (1931)
        re.compile(rf"{_PB}{_MONTHS_RE}\s*\(\s*(?P<y>{_YEAR})\s*\)"),
        _r_my,
    ),
    (re.compile(rf"(?<=منذ\s)(?P<y>{_YEAR}){_GREG_MARK}{_NE}{_E}"), _r_year),
    (
        re.compile(rf"(?<=\s)(?P<y>{_RECENT_YEAR}){_GREG_MARK}{_NE}{_E}{_NOT_COUNTED}"),
        _r_cued_year,
    ),
    (re.compile(rf"(?:(?<=\()|(?<=\(\s))(?P<y>{_RECENT_YEAR}){_NE}(?=\s*\))"), _r_year),
    # A year closing a sentence after a name or a place (captions: صورة في بيت لحم 1951.).
    (re.compile(rf"(?<=[^\W\d_]\s)(?P<y>{_RECENT_YEAR})(?=\s*(?:\.(?!\d)|$))"), _r_final_year),
    (re.compile(rf"{_PB}ال(?P<dec>{_alt(_DECADES)})(?:يات|ات){_E}"), _r_decade),
    (re.compile(rf"{_PB}(?:اليوم|هذا\s+اليوم){_E}"), _r_fixed(0)),
    (re.compile(rf"{_PB}(?:(?:ال)?امس|البارحه){_E}"), _r_fixed(-1)),
    (
        re.compile(rf"{_PB}(?:امس\s+الاول|اول\s+(?:من\s+)?امس|اول\s+البارحه){_E}"),
        _r_fixed(-2),
    ),
    (re.compile(rf"{_PB}(?:غدا|يوم\s+غد){_E}"), _r_fixed(1)),
    (re.compile(rf"{_B}بعد\s+غد{_E}"), _r_fixed(2)),
    (
        re.compile(
            rf"{_PB}(?:(?:يوم\s+)?(?P<wd>{_WD_RE})\s+(?P<rel>{_PAST_RE}|{_NEXT_RE})"
            rf"|يوم\s+(?P<wd2>{_WD_RE})|(?P<wd3>{_WD_NO_ITHNAYN})){_E}"
        ),
        _r_weekday,
    ),
    (re.compile(rf"{_PB}(?P<wd>{_ITHNAYN}){_E}"), _r_monday),
    (
        re.compile(
            rf"{_PB}(?:(?P<u>الاسبوع|الشهر|العام|السنه)\s+(?P<rel>{_REL_RE})"
            rf"|(?:هذا|هذه)\s+(?P<u2>الاسبوع|الشهر|العام|السنه)){_E}"
        ),
        _r_period,
    ),
    (
        re.compile(rf"{_B}(?:منذ|قبل)\s+(?:(?P<n>{_COUNT})\s+)?(?P<u>{_UNIT_RE}){_E}(?!\s*\d)"),
        _r_ago,
    ),
    (
        re.compile(
            rf"{_PB}(?:ال(?P<u>{_PLURAL_UNIT_RE})(?:\s+(?P<n>{_COUNT_AL}))?"
            rf"|(?P<n2>{_COUNT_AL})\s+(?P<u2>{_PLURAL_UNIT_RE}))"
            rf"\s+(?P<dir>{_alt([*_PLURAL_PAST, *_PLURAL_NEXT])}){_E}"
        ),
        _r_range,
    ),
    (
        re.compile(rf"{_PB}(?P<part>{_alt(_PARTS)})\s+(?:{_YEAR_REF}|(?:شهر\s+)?{_MONTH_REF})"),
        _r_part,
    ),
    (re.compile(rf"{_PB}(?P<s>{_alt(_SEASONS)})\s+{_YEAR_REF}"), _r_season),
    (
        re.compile(
            rf"{_PB}(?:ال(?P<s>{_alt(_SEASONS)})\s+(?P<rel>{_REL_RE})"
            rf"|(?:هذا|هذه)\s+ال(?P<s2>{_alt(_SEASONS)})){_E}"
        ),
        _r_season_rel,
    ),
]

# The resolvers of dates written with their year, and of those without one that a story's
# year may place (_in_story_year).
_WRITTEN_IN_FULL: Final[frozenset[_Resolver]] = frozenset({_r_dmy, _r_my})
_WITHOUT_YEAR: Final[frozenset[_Resolver]] = frozenset({_r_dm, _r_day_range, _r_month_to_month})


class _Norm:
    """View of a match that merges numbered alternatives (``y1``/``y2`` → ``y``...)."""

    __slots__ = ("_m",)

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def get(self, name: str) -> str | None:
        groups = self._m.groupdict()
        for key in (name, f"{name}1", f"{name}2", f"{name}3"):
            value = groups.get(key)
            if value is not None:
                return value
        return None

    def before(self, n: int) -> str:
        """Up to ``n`` characters of the searched text before the match."""
        start = self._m.start()
        return self._m.string[max(0, start - n) : start]

    def after(self, n: int) -> str:
        """Up to ``n`` characters of the searched text after the match."""
        end = self._m.end()
        return self._m.string[end : end + n]

    def tense(self) -> Tense | None:
        """The tense of the match's clause (:func:`clause_tense`)."""
        m = self._m
        start = m.start("pb") if "pb" in m.re.groupindex else m.start()
        return clause_tense(m.string, start, m.end())

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value


def find_times(text: str, published: date | None) -> list[TimeMatch]:
    """Find time expressions in ``text`` (non-overlapping, longest first, in text order).

    ``published`` resolves relative forms; without it they are found with value None.

    >>> [(m.text, m.value, m.granularity) for m in find_times(
    ...     "قال الثلاثاء الماضي إن الاتفاق وقع عام ٢٠١٥", date(2017, 6, 15))]
    [('الثلاثاء الماضي', '2017-06-13', 'day'), ('عام ٢٠١٥', '2015', 'year')]
    >>> find_times("خلال الأشهر الستة الماضية", date(2017, 6, 12))[0].interval
    ('2016-12-12', '2017-06-12')
    """
    norm = normalize(text)
    s = norm.text
    cands: list[tuple[int, int, _Res]] = []
    resolvers: dict[tuple[int, int], _Resolver] = {}
    for pattern, resolve in _PATTERNS:
        for m in pattern.finditer(s):
            if m.end() == m.start():
                continue
            start = m.start("pb") if "pb" in pattern.groupindex else m.start()
            if start == m.end():
                continue
            res = resolve(_Norm(m), published)
            if res is not None:
                cands.append((start, m.end(), res))
                resolvers.setdefault((start, m.end()), resolve)
    cands.sort(key=lambda c: (c[0] - c[1], c[0]))
    # Longest first; kept spans never overlap, so sorted by start they are sorted by end too
    # and a candidate only needs checking against its two neighbours (no quadratic scan on
    # a 20 MB document).
    taken: list[tuple[int, int, _Res]] = []
    kept_starts: list[int] = []
    for c in cands:
        i = bisect_left(kept_starts, c[0])
        if (i == 0 or taken[i - 1][1] <= c[0]) and (i == len(taken) or c[1] <= taken[i][0]):
            taken.insert(i, c)
            kept_starts.insert(i, c[0])
    if published is not None:
        taken = _in_story_year(s, taken, resolvers, published)
    out: list[TimeMatch] = []
    for a, b, (value, gran, interval) in taken:
        if published is not None and _SINCE_BEFORE_RE.search(s, max(0, a - 8), a):
            value, gran, interval = _since((value, gran, interval), published)
        start, end = norm.to_original(a, b)
        out.append(TimeMatch(start, end, text[start:end], value, gran, interval))
    return out


# A date without a year this many characters or fewer after a date of a past year written in
# full is told in that year's story (see _in_story_year).
_STORY_REACH: Final = 1500
# ... and no more than this before the story's last date (a recap goes back a few days).
_STORY_BACK: Final = timedelta(days=31)


def _in_story_year(
    s: str,
    taken: list[tuple[int, int, _Res]],
    resolvers: dict[tuple[int, int], _Resolver],
    published: date,
) -> list[tuple[int, int, _Res]]:
    """Dates without a year placed in the year of the story being told: after «بدأت الحرب في
    20 آذار/مارس 2003», «في 25 آذار/مارس» and «في التاسع من نيسان/أبريل» are 2003's, not the
    publication year's. A day or a range of days (``_r_dm``, ``_r_day_range``,
    ``_r_month_to_month``; a month alone is too often the present's) within ``_STORY_REACH``
    characters after a day or month written with a year before the publication year, and in
    that year no more than a month before the story's last date (a recap steps back a few
    days; ``_STORY_BACK``), takes that year; it carries the story on. A date written with the
    publication year (or a later one) ends it; a date placed against publication by the words
    after it (``الجاري``، ``من العام الماضي``) keeps its reading. ``s`` is the normalized
    text."""
    anchor: tuple[int, date] | None = None  # where the story's last date ends, and its day
    out = []
    for a, b, res in taken:
        resolve = resolvers.get((a, b))
        interval = res[2]
        if resolve in _WRITTEN_IN_FULL and interval is not None:
            day = date.fromisoformat(interval[0])
            anchor = (b, day) if day.year < published.year else None
        elif (
            resolve in _WITHOUT_YEAR
            and anchor is not None
            and interval is not None
            and a - anchor[0] <= _STORY_REACH
            and not _RELATIVE_AFTER_RE.match(s, b)
        ):
            moved = _to_year(res, anchor[1].year)
            if (
                moved is not None
                and moved[2] is not None
                and moved[2][0] >= _iso(anchor[1] - _STORY_BACK)
            ):
                res = moved
                anchor = (b, date.fromisoformat(moved[2][0]))
        out.append((a, b, res))
    return out


# Words right after a date that place it against the publication date, not a story's year.
_RELATIVE_AFTER_RE: Final = re.compile(rf"\s*(?:{_REL_RE}|من\s+(?:العام|السنه|هذا))")


def _to_year(res: _Res, year: int) -> _Res | None:
    """A day, range or month of another year moved to start in ``year`` (None: no such day
    there); a range across the new year keeps its length (28 December to 3 January).

    >>> _to_year(("2018-12-28", "range", ("2018-12-28", "2019-01-03")), 2003)[2]
    ('2003-12-28', '2004-01-03')
    """
    _, gran, interval = res
    if interval is None:
        return None
    first, last = date.fromisoformat(interval[0]), date.fromisoformat(interval[1])
    shift = year - first.year
    try:
        first, last = first.replace(year=year), last.replace(year=last.year + shift)
    except ValueError:  # 29 February
        return None
    if gran == "month":
        return _month(year, first.month)
    return _day(first) if gran == "day" else _span(first, last)


# ``منذ`` (``ومنذ``) right before a date: the time runs from it to the publication day.
_SINCE_BEFORE_RE: Final = re.compile(rf"(?<![^\W\d_]){CONJ_OPT}منذ\s+$")


def _since(res: _Res, published: date) -> _Res:
    """``منذ 2011``، ``منذ آذار 2015``: from that year, month or day to the publication day,
    written ``2011/2018-03-06`` (the corpus guidelines' value). Other times after منذ (a count
    back, ``منذ ثلاثة أشهر``, has منذ in its span) and dates after publication stay as read."""
    value, gran, interval = res
    if value is None or interval is None or gran not in ("year", "month", "day"):
        return res
    if interval[0] > _iso(published):
        return res
    return f"{value}/{_iso(published)}", "range", (interval[0], _iso(published))


def first_day(value: str | None) -> date | None:
    """The first day of an ISO date, month or year (``2018-08`` → 2018-08-01); else None."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value[:10])
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def time_days(time: Time | None, published: str | None) -> tuple[date, date | None, str] | None:
    """The first day an event's time stands for, the last day of its interval (None without
    one) and its granularity; without a resolved time, the publication day and
    ``"published"``; None without either. What the exports write as the event's date.

    >>> time_days(Time("t1", 0, 3, "أمس", "2018-05-09", "day"), "2018-05-10")
    (datetime.date(2018, 5, 9), None, 'day')
    >>> time_days(None, "2018-05-10")
    (datetime.date(2018, 5, 10), datetime.date(2018, 5, 10), 'published')
    """
    if time is not None and time.value is not None:
        first = first_day(time.interval[0] if time.interval else time.value)
        if first is not None:
            last = first_day(time.interval[1]) if time.interval else None
            return first, last, time.granularity or "day"
    day = first_day(published)
    return None if day is None else (day, day, "published")
