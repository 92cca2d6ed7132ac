"""The time forms events need (marsad.extract.times.rules): a month alone placed by the clause's
tense, day ranges, parts of a day, ordinal days, ages that are not dates, and days without a
year that a past verb keeps before the publication date. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.extract.times.rules import clause_tense, find_times

MAY = date(2018, 5, 14)  # a Monday


def one(text: str, published: date | None = MAY) -> tuple[str, str | None, str, object]:
    """The one time of ``text``: (text, value, granularity, interval), offsets checked."""
    (m,) = find_times(text, published)
    assert text[m.start : m.end] == m.text
    return m.text, m.value, m.granularity, m.interval


# 1. a month alone, placed by the tense of its clause
@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("قتل مسلحون ثلاثة جنود في يناير", "يناير", "2018-01"),  # past, before May: this year
        ("اعتقلت الشرطة الرجل في أكتوبر", "أكتوبر", "2017-10"),  # past, after May: last year
        ("وسيعقد المؤتمر في ديسمبر", "ديسمبر", "2018-12"),  # future, after May: this year
        ("ستجرى الانتخابات في فبراير", "فبراير", "2019-02"),  # future, before May: next year
        ("بدأت الحملة في شهر آذار", "شهر آذار", "2018-03"),
        ("وصل الوفد في إبريل نيسان", "إبريل نيسان", "2018-04"),
        ("الاجتماع الأخير في ديسمبر", "ديسمبر", "2017-12"),  # no tense word: the nearest
        # a future verb after the date opens the next clause: no tense, the nearest
        ("الصفقة في يناير، لكنه لن يستطيع اللعب", "يناير", "2018-01"),
    ],
)
def test_month_alone_by_tense(text: str, span: str, value: str) -> None:
    got = one(text)
    assert (got[0], got[1], got[2]) == (span, value, "month")


def test_since_a_month_runs_to_publication() -> None:
    # منذ: the month is placed as past (last August), and the time runs to the publication day
    text, value, gran, interval = one("تستمر المعارك منذ آب/أغسطس")
    assert (text, value, gran) == ("آب/أغسطس", "2017-08/2018-05-14", "range")
    assert interval == ("2017-08-01", "2018-05-14")


def test_the_past_month_and_a_month_without_publication_date() -> None:
    assert one("انسحبت القوات الشهر الماضي")[1] == "2018-04"
    assert one("قتل في يناير", None)[1:] == (None, "month", None)


@pytest.mark.parametrize(
    "text",
    [
        "حرب تموز",  # a name: a noun, not a preposition, before the month
        "زار آب الكنيسة",  # آب alone is also "father"
        "قالت تيريزا ماي إن",  # ماي alone is a name
        "في آب",  # needs a day, a year, شهر or a second name
    ],
)
def test_no_month_alone(text: str) -> None:
    assert find_times(text, MAY) == []


# 2. a date range is one time with an interval
@pytest.mark.parametrize(
    ("text", "span", "interval"),
    [
        ("عقد المؤتمر من 3 إلى 9 آذار", "3 إلى 9 آذار", ("2018-03-03", "2018-03-09")),
        ("جرت المفاوضات بين 12 و15 تموز 2016", "12 و15 تموز 2016", ("2016-07-12", "2016-07-15")),
        ("معرض 3-9 مارس", "3-9 مارس", ("2018-03-03", "2018-03-09")),
        ("قصفت الطائرات في 26، 27 و28 أبريل", "26، 27 و28 أبريل", ("2018-04-26", "2018-04-28")),
        # a past range after the publication date is last year's
        ("قتل العشرات بين 12 و15 تموز", "12 و15 تموز", ("2017-07-12", "2017-07-15")),
        (
            "زار الوفد المدينة من الأحد إلى الأربعاء",
            "الأحد إلى الأربعاء",
            ("2018-05-06", "2018-05-09"),
        ),
    ],
)
def test_ranges(text: str, span: str, interval: tuple[str, str]) -> None:
    got = one(text)
    assert (got[0], got[1], got[2], got[3]) == (span, interval[0], "range", interval)


def test_not_a_range() -> None:
    # the second day must come after the first
    assert [m.text for m in find_times("بين 15 و3 تموز", MAY)] == ["3 تموز"]


# 3. a part of a day with a weekday (or اليوم, أمس) is that day
@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("شن الحرس الثوري فجر الاثنين هجوما", "فجر الاثنين", "2018-05-14"),
        ("سقطت قذائف مساء الخميس على المدينة", "مساء الخميس", "2018-05-10"),
        ("اندلعت اشتباكات ليل السبت", "ليل السبت", "2018-05-12"),
        ("دخلت القافلة صباح اليوم", "صباح اليوم", "2018-05-14"),
        ("انفجرت سيارة صباح أمس الأحد", "صباح أمس الأحد", "2018-05-13"),
        ("وقع الانفجار ظهر الجمعة الماضي", "ظهر الجمعة الماضي", "2018-05-11"),
        ("وسيصل الوفد مساء الخميس", "مساء الخميس", "2018-05-17"),  # future: the coming one
        ("وبالأمس، دخلت القافلة", "الأمس", "2018-05-13"),
    ],
)
def test_parts_of_a_day(text: str, span: str, value: str) -> None:
    assert one(text)[:3] == (span, value, "day")


def test_bare_ithnayn_between_commas_but_not_the_two() -> None:
    assert one("وقالت الوزارة، الاثنين، إن القصف توقف")[:2] == ("الاثنين", "2018-05-14")
    # «اتفق الاثنين» (the two agreed) now reads as Monday: of the 154 uses of الاثنين in the
    # corpus's train and dev articles, the few that count two follow بين, إن or a definite
    # plural (test_monday_alone); after a verb it was always Monday
    assert one("اتفق الاثنين على الهدنة")[:2] == ("الاثنين", "2018-05-14")
    assert find_times("وقع الخلاف بين الاثنين.", MAY) == []


# 4. ordinal days
@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("اغتيل في الخامس عشر من أيار 2016", "الخامس عشر من أيار 2016", "2016-05-15"),
        ("استهدفت سفينة في الأول من مارس", "الأول من مارس", "2018-03-01"),
        ("انسحبت في التاسع من مايو المنصرم", "التاسع من مايو المنصرم", "2017-05-09"),
        ("قتلت في 25 من الشهر الجاري", "25 من الشهر الجاري", "2018-05-25"),
        ("سيلتقيان في الـ12 من الشهر المقبل", "الـ12 من الشهر المقبل", "2018-06-12"),
        ("وقع في الحادي والعشرين من كانون الثاني", "الحادي والعشرين من كانون الثاني", "2018-01-21"),
        ("قضت المحكمة في 3 نيسان الماضي", "3 نيسان الماضي", "2018-04-03"),
    ],
)
def test_ordinal_days(text: str, span: str, value: str) -> None:
    assert one(text)[:3] == (span, value, "day")


def test_an_ordinal_needs_min_before_the_month() -> None:
    # ``الثاني`` of ``تشرين الثاني`` is no day
    assert one("في تشرين الثاني 2017")[:2] == ("تشرين الثاني 2017", "2017-11")


# 5. ages are not dates
@pytest.mark.parametrize(
    "text",
    [
        "امرأة في العشرينات من عمرها",
        "شاب في الثلاثين من عمره",
        "قتل رجل عمره 25 عاما",
        "طفل في الخامسة من العمر",
        "رجال في الأربعينيات من العمر",
    ],
)
def test_ages_are_not_dates(text: str) -> None:
    assert find_times(text, MAY) == []


def test_a_decade_of_the_century_is_still_read() -> None:
    assert one("هاجروا في الثمانينيات من القرن الماضي")[1] == "1980-01-01"


# 6. a day and month without a year, and a past verb
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("قتل في 11 كانون الأول/ديسمبر", "2017-12-11"),  # past and after publication: last year
        ("قتل في 11 آذار/مارس", "2018-03-11"),  # past and before: this year
        ("ستجرى الانتخابات في 3 يناير", "2019-01-03"),  # future and before: next year
        ("تنتهي المهلة في 11 كانون الأول", "2018-12-11"),  # no tense word: P's year
        ("رفعت الدعوى في 25 آب/أغسطس2017", "2017-08-25"),  # a year glued to the month
    ],
)
def test_day_and_month_without_a_year(text: str, value: str) -> None:
    assert one(text)[1] == value


def test_a_past_verb_in_another_sentence_does_not_count() -> None:
    # the verb of the sentence before says nothing of this date
    times = find_times("قتل ثلاثة. ويبدأ الموسم في 11 كانون الأول", MAY)
    assert [m.value for m in times] == ["2018-12-11"]


def test_clause_tense() -> None:
    from marsad.arabic.normalize import normalize_text

    s = normalize_text("وكان الهجوم في يناير")
    assert clause_tense(s, s.index("يناير"), len(s)) == "past"
    s = normalize_text("في السيارة في يناير")  # a noun of the shape س + ي is no future verb
    assert clause_tense(s, s.index("يناير"), len(s)) is None
    s = normalize_text("سيطرت القوات على المدينة في يناير")  # listed as past
    assert clause_tense(s, s.index("يناير"), len(s)) == "past"


# The corpus guidelines' conventions for منذ, parts of a period and a coming day
JULY_6 = date(2018, 7, 6)


@pytest.mark.parametrize(
    ("text", "span", "value", "interval"),
    [
        ("نزح الآلاف منذ 2014", "2014", "2014/2018-07-06", ("2014-01-01", "2018-07-06")),
        ("ومنذ 2015، دخل تحالف الحرب", "2015", "2015/2018-07-06", ("2015-01-01", "2018-07-06")),
        (
            "يحاصر الجيش البلدة منذ العام 2013",
            "العام 2013",
            "2013/2018-07-06",
            ("2013-01-01", "2018-07-06"),
        ),
        (
            "تتواصل الغارات منذ 5 يونيو",
            "5 يونيو",
            "2018-06-05/2018-07-06",
            ("2018-06-05", "2018-07-06"),
        ),
        # a date after publication is no "since": it stays as read
        ("لن يتغير شيء منذ 2020", "2020", "2020", ("2020-01-01", "2020-12-31")),
        # a count back has منذ in its own span and stays a point
        ("اعتقل منذ ثلاثة أشهر", "منذ ثلاثة أشهر", "2018-04", ("2018-04-01", "2018-04-30")),
    ],
)
def test_since_runs_to_publication(
    text: str, span: str, value: str, interval: tuple[str, str]
) -> None:
    got = one(text, JULY_6)
    assert (got[0], got[1], got[3]) == (span, value, interval)


def test_part_of_a_period_has_the_period_as_value() -> None:
    assert one("انسحبت القوات أواخر 2016", JULY_6)[1::2] == ("2016", ("2016-09-01", "2016-12-31"))
    assert one("قتل في منتصف مايو 2018", JULY_6)[1::2] == ("2018-05", ("2018-05-11", "2018-05-20"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("أمهلت المحكمة السكان حتى 11 يوليو المقبل", "2018-07-11"),  # later this month
        ("يعقد الاجتماع في 3 يوليو المقبل", "2019-07-03"),  # passed this month: next year
        ("تجرى الانتخابات في 2 أغسطس المقبل", "2018-08-02"),
        ("قتل في 23 يوليو الماضي", "2017-07-23"),  # past: the month's reading stays
    ],
)
def test_a_coming_day_of_the_publication_month(text: str, value: str) -> None:
    assert one(text, JULY_6)[1] == value


def test_a_name_shaped_like_a_future_verb_is_no_future() -> None:
    # سيرغي has the shape of سيعقد, but يرغي is no word: the clause is not future
    march = date(2018, 3, 28)
    assert one("تسمم العميل سيرغي سكريبال في الرابع من مارس", march)[1] == "2018-03-04"
    # a real future verb still places the day after publication
    assert one("سيعقد المؤتمر في الرابع من مارس", march)[1] == "2019-03-04"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("وقعت التفجيرات الاثنين في كابول", True),  # Monday, no comma needed
        ("فرضت الحكومة الاثنين رسوما جمركية", True),
        ("قال الوزير، الاثنين، إن", True),
        ("دون الفصل بين الاثنين ما يعيق العمل", False),  # between the two
        ("رفع الحظر عن المدعين الاثنين.", False),  # the two plaintiffs
        ("التقى الاثنين معا", False),
        ("وقالت الوزارة إن الاثنين كانا في حالة حرجة", False),
        ("أفرج عن اثنين من المعتقلين", False),
    ],
)
def test_monday_alone(text: str, found: bool) -> None:
    got = find_times(text, MAY)
    assert bool(got) == found
    if found:
        assert (got[0].text, got[0].value) == ("الاثنين", "2018-05-14")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("نفذت هجمات بين عامي 2002 و2004", "عامي 2002 و2004", "2002/2004"),
        ("أعلنت ما بين 1975 و1976 تأسيس الجمهورية", "1975 و1976", "1975/1976"),
        ("خلال الحرب الأهلية (1975-1990) قاتل", "1975-1990", "1975/1990"),
        ("تولى المنصب في الفترة من 2016 إلى 2017", "2016 إلى 2017", "2016/2017"),
        ("في الموسم الرياضي 2017-2018.", "2017-2018", "2017/2018"),
    ],
)
def test_a_range_of_years_is_one_interval(text: str, span: str, value: str) -> None:
    got = one(text)
    assert got[:2] == (span, value)
    assert got[3] == (f"{value[:4]}-01-01", f"{value[5:]}-12-31")


@pytest.mark.parametrize(
    "text",
    [
        "قتل ما بين 1500 و2000 مقاتل",  # counts, not years
        "بين 2000 و2500 شخص",
        "الأرقام 2011-2012-2013",  # a list of numbers
        "بين 2015 و1990",  # out of order
    ],
)
def test_no_range_of_years(text: str) -> None:
    assert [m.value for m in find_times(text, MAY) if "/" in (m.value or "")] == []


def test_a_month_with_its_second_name_after_a_space() -> None:
    # Reuters writes the two names of a month without a slash
    assert one("ووجه إنذارا يوم 12 يناير كانون الثاني قائلا")[:2] == (
        "12 يناير كانون الثاني",
        "2018-01-12",
    )
    assert one("قتل في 3 مارس آذار الماضي")[:2] == ("3 مارس آذار الماضي", "2018-03-03")


def test_a_past_verb_with_a_pronoun_tells_the_tense() -> None:
    # ``أصدرتها`` is ``أصدرت`` + ``ها``: past, so October is last year's, not this year's
    text, value, _, _ = one("وستبقى الأوامر التي أصدرتها للجنود في 30 أكتوبر")
    assert (text, value) == ("30 أكتوبر", "2017-10-30")


def test_dates_without_a_year_follow_the_year_of_the_story_told() -> None:
    """After a date of a past year written in full, days without a year are that year's
    (a story of 2003 told in 2018); a date of the publication year ends the story, and words
    that place a date against publication keep it there."""
    text = (
        "بدأت الحرب في 20 آذار/مارس 2003. وفي 25 آذار/مارس عبر الجنود النهر، ثم سقطت المدينة "
        "بين 7 و9 نيسان/أبريل. وكانت الضربات بدأت في 21 آذار/مارس. وفي 2 أيار/مايو 2018 "
        "قال الوزير إن ما جرى في 11 أيار/مايو الجاري لن يتكرر، وزار العاصمة في 3 أيار/مايو."
    )
    got = [(m.text, m.interval) for m in find_times(text, MAY)]
    assert [(t, i[0] if i[0] == i[1] else "/".join(i)) for t, i in got] == [  # type: ignore[index]
        ("20 آذار/مارس 2003", "2003-03-20"),
        ("25 آذار/مارس", "2003-03-25"),
        ("7 و9 نيسان/أبريل", "2003-04-07/2003-04-09"),
        ("21 آذار/مارس", "2003-03-21"),  # a recap a few weeks back
        ("2 أيار/مايو 2018", "2018-05-02"),
        ("11 أيار/مايو الجاري", "2018-05-11"),
        ("3 أيار/مايو", "2018-05-03"),
    ]


@pytest.mark.parametrize(
    ("text", "span", "interval"),
    [
        (
            "تستمر البطولة من 14 حزيران/يونيو لغاية 15 تموز/يوليو 2018",
            "14 حزيران/يونيو لغاية 15 تموز/يوليو 2018",
            ("2018-06-14", "2018-07-15"),
        ),
        ("قتل 30 شخصا بين 1 يناير و30 يونيو", "1 يناير و30 يونيو", ("2018-01-01", "2018-06-30")),
        (
            "يزور الوفد إسرائيل في 31 أيار/مايو و1 حزيران/يونيو",
            "31 أيار/مايو و1 حزيران/يونيو",
            ("2018-05-31", "2018-06-01"),
        ),
        ("من 28 ديسمبر 2017 إلى 3 يناير", "28 ديسمبر 2017", ("2017-12-28", "2017-12-28")),
        (
            "أقيم المعرض من 28 ديسمبر إلى 3 يناير 2018",
            "28 ديسمبر إلى 3 يناير 2018",
            ("2017-12-28", "2018-01-03"),
        ),
    ],
)
def test_a_range_of_days_across_months_is_one_interval(
    text: str, span: str, interval: tuple[str, str]
) -> None:
    found = find_times(text, MAY)
    assert (found[0].text, found[0].interval) == (span, interval)


def test_two_dates_joined_by_and_stay_two_dates() -> None:
    # «في 12 مايو و14 يونيو»: two days, not the month between them
    found = find_times("وقعت الهجمات في 12 مايو و14 يونيو", MAY)
    assert [m.text for m in found] == ["12 مايو", "14 يونيو"]
    # the 1st of a month after a day that is not the last of the month before: two dates too
    found = find_times("وقعت الهجمات في 15 أيار و1 حزيران", MAY)
    assert [m.text for m in found] == ["15 أيار", "1 حزيران"]
    # the last of February (29 in a leap year) and the 1st of March: two days in a row
    leap = find_times("زار الوفد المدينة في 29 شباط و1 آذار 2016", MAY)[0]
    assert (leap.text, leap.interval) == ("29 شباط و1 آذار 2016", ("2016-02-29", "2016-03-01"))


def test_a_day_just_after_publication_in_a_past_clause_is_this_year() -> None:
    # a deadline or a meeting a past clause sets lies ahead, not eleven months back
    assert one("وهدد الرئيس بالانسحاب من الاتفاق بحلول 30 مايو")[1] == "2018-05-30"
    assert one("واعتقلت الشرطة الرجل في 30 يوليو")[1] == "2017-07-30"


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("إجراء انتخابات في النصف الأول من عام 2018", "النصف الأول من عام 2018", "2018-01/2018-06"),
        ("في النصف الثاني من العام الماضي", "النصف الثاني من العام الماضي", "2017-07/2017-12"),
        (
            "نزح مليون شخص خلال الشهور الستة الأولى من العام الجاري",
            "الشهور الستة الأولى من العام الجاري",
            "2018-01/2018-06",
        ),
        (
            "ارتفعت الأسهم في الـ9 أشهر الأولى من العام الحالي",
            "الـ9 أشهر الأولى من العام الحالي",
            "2018-01/2018-09",
        ),
    ],
)
def test_a_half_or_the_first_months_of_a_year(text: str, span: str, value: str) -> None:
    got = one(text)
    assert (got[0], got[1], got[2]) == (span, value, "range")


def test_the_weekday_after_today_or_yesterday_wins_over_the_publication_date() -> None:
    # MAY (14 May 2018) is a Monday: «اليوم الأحد» was written on Sunday, a day before
    assert one("قتل ثلاثة في هجوم اليوم الأحد")[1] == "2018-05-13"
    assert one("قتل ثلاثة في هجوم اليوم الاثنين")[1] == "2018-05-14"
    assert one("وقع الهجوم أمس الأحد")[1] == "2018-05-13"
