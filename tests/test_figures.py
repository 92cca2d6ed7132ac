"""Figures: a hand-written table of phrases and their expected readings, properties, and the
quantities component (time links, offsets, the contract)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.doc import Document, Meta
from marsad.extract.figures.rules import find_figures
from marsad.extract.times.rules import find_times
from marsad.pipeline import Pipeline
from marsad.schema import schema_errors

# (phrase, figure text, value, kind, unit, qualifier, vague): every phrase was written for
# this table and its reading checked by hand.
SIMPLE = [
    ("بلغت الخسائر 5 ملايين دولار", "5 ملايين دولار", 5000000.0, "money", "USD", None, False),
    ("تبرع بـ200 ألف دولار أمريكي", "200 ألف دولار أمريكي", 200000.0, "money", "USD", None, False),
    ("رصد 1.5 مليار يورو للمشروع", "1.5 مليار يورو", 1500000000.0, "money", "EUR", None, False),
    ("دفع 25 ألف ليرة سورية", "25 ألف ليرة سورية", 25000.0, "money", "SYP", None, False),
    ("بيعت بـ3000 ليرة لبنانية", "3000 ليرة لبنانية", 3000.0, "money", "LBP", None, False),
    (
        "تبلغ الموازنة 100 تريليون ليرة تركية",
        "100 تريليون ليرة تركية",
        100000000000000.0,
        "money",
        "TRY",
        None,
        False,
    ),
    ("خصص 50 مليون دينار عراقي", "50 مليون دينار عراقي", 50000000.0, "money", "IQD", None, False),
    ("رواتب بقيمة 300 دينار أردني", "300 دينار أردني", 300.0, "money", "JOD", None, False),
    (
        "منحة قدرها 10 ملايين دينار كويتي",
        "10 ملايين دينار كويتي",
        10000000.0,
        "money",
        "KWD",
        None,
        False,
    ),
    (
        "استثمارات بـ4 مليارات ريال سعودي",
        "4 مليارات ريال سعودي",
        4000000000.0,
        "money",
        "SAR",
        None,
        False,
    ),
    ("خسر 500 مليون ريال قطري", "500 مليون ريال قطري", 500000000.0, "money", "QAR", None, False),
    ("وصل سعر الصرف إلى 600 ريال يمني", "600 ريال يمني", 600.0, "money", "YER", None, False),
    ("دفع 20 ألف درهم إماراتي", "20 ألف درهم إماراتي", 20000.0, "money", "AED", None, False),
    (
        "صدرت بقيمة 7 ملايين درهم مغربي",
        "7 ملايين درهم مغربي",
        7000000.0,
        "money",
        "MAD",
        None,
        False,
    ),
    ("يبلغ الراتب 3000 جنيه مصري", "3000 جنيه مصري", 3000.0, "money", "EGP", None, False),
    (
        "بلغت الصادرات 2 مليار جنيه إسترليني",
        "2 مليار جنيه إسترليني",
        2000000000.0,
        "money",
        "GBP",
        None,
        False,
    ),
    ("غرامة 1000 شيكل", "1000 شيكل", 1000.0, "money", "ILS", None, False),
    ("قرض بـ5 مليارات روبل", "5 مليارات روبل", 5000000000.0, "money", "RUB", None, False),
    ("استثمر 30 مليار يوان", "30 مليار يوان", 30000000000.0, "money", "CNY", None, False),
    ("دفع 40 دولارا", "40 دولارا", 40.0, "money", "USD", None, False),
    ("بلغت 2،4 مليار دولار", "2،4 مليار دولار", 2400000000.0, "money", "USD", None, False),
    ("تكلف $640 مليون", "$640 مليون", 640000000.0, "money", "USD", None, False),
    ("خسائر بـ€30 مليون", "€30 مليون", 30000000.0, "money", "EUR", None, False),
    ("وصل إلى 200 دينار", "200 دينار", 200.0, "money", None, None, False),
    (
        "نحو مئات الملايين من الدولارات",
        "مئات الملايين من الدولارات",
        100000000.0,
        "money",
        "USD",
        "about",
        True,
    ),
    ("أصيب 59% من هؤلاء", "59%", 59.0, "percent", None, None, False),
    ("صوت 45٪ من الناخبين", "45٪", 45.0, "percent", None, None, False),
    ("نحو 60 % منهم", "60 %", 60.0, "percent", None, "about", False),
    ("يسيطر على ثلث المحافظة", "ثلث", 33.33, "percent", None, None, False),
    ("مسافة 300 كم", "300 كم", 300.0, "measure", "km", None, False),
    ("على بعد 20 كلم من المدينة", "20 كلم", 20.0, "measure", "km", None, False),
    ("طريق طوله 15 كيلومترا", "15 كيلومترا", 15.0, "measure", "km", None, False),
    ("مساحة 10 آلاف كيلومتر مربع", "10 آلاف كيلومتر مربع", 10000.0, "measure", "km2", None, False),
    ("ضبط 3 أطنان من المخدرات", "3 أطنان", 3.0, "measure", "ton", None, False),
    ("شحنة من 500 طن", "500 طن", 500.0, "measure", "ton", None, False),
    ("إنتاج مليون برميل يوميا", "مليون برميل", 1000000.0, "measure", "barrel", None, False),
    ("ضبط 40 كيلوغراما من الحشيش", "40 كيلوغراما", 40.0, "measure", "kg", None, False),
    ("مدة 48 ساعة", "48 ساعة", 48.0, "measure", "hour", None, False),
    ("سجن 5 سنوات", "5 سنوات", 5.0, "measure", "year", None, False),
    ("بعد 10 دقائق", "10 دقائق", 10.0, "measure", "minute", None, False),
    ("قتل 12 شخصا", "12", 12.0, "count", "شخص", None, False),
    ("مقتل خمسة مدنيين", "خمسة", 5.0, "count", "مدني", None, False),
    ("اعتقال ثلاثين عنصرا", "ثلاثين", 30.0, "count", "عنصر", None, False),
    ("وصل 300 مهاجر", "300", 300.0, "count", "مهاجر", None, False),
    ("نزوح مئات العائلات", "مئات", 100.0, "count", "عائلة", None, True),
    ("عشرات القتلى", "عشرات", 10.0, "count", "قتيل", None, True),
    ("قتل سبعة أطفال", "سبعة", 7.0, "count", "طفل", None, False),
    ("أرسل 2000 جندي", "2000", 2000.0, "count", "جندي", None, False),
    ("تدمير 15 دبابة", "15", 15.0, "count", "دبابة", None, False),
    ("شن 20 غارة", "20", 20.0, "count", "غارة", None, False),
    ("أطلق 40 صاروخا", "40", 40.0, "count", "صاروخ", None, False),
    ("قصف 3 قرى", "3", 3.0, "count", "قرية", None, False),
    ("في 8 محافظات", "8", 8.0, "count", "محافظة", None, False),
    ("وقعت 162 دولة", "162", 162.0, "count", "دولة", None, False),
    ("ويتولى مائة وأربعون مستشارا", "مائة وأربعون", 140.0, "count", "مستشار", None, False),
    ("نحو 5000 عنصر", "5000", 5000.0, "count", "عنصر", "about", False),
    ("حوالي 4 آلاف شخص", "4 آلاف", 4000.0, "count", "شخص", "about", False),
    ("قرابة 300 قتيل", "300", 300.0, "count", "قتيل", "about", False),
    ("زهاء 70 طائرة", "70", 70.0, "count", "طائرة", "about", False),
    ("ما يقرب من 200 سيارة", "200", 200.0, "count", "سيارة", "about", False),
    ("ما يناهز 600 عائلة", "600", 600.0, "count", "عائلة", "about", False),
    ("أكثر من 200 شخص", "200", 200.0, "count", "شخص", "more_than", False),
    ("ما يزيد على 100 مقاتل", "100", 100.0, "count", "مقاتل", "more_than", False),
    ("ما يزيد عن 50 قتيلا", "50", 50.0, "count", "قتيل", "more_than", False),
    ("أزيد من 30 جريحا", "30", 30.0, "count", "جريح", "more_than", False),
    ("أقل من 10 أشخاص", "10", 10.0, "count", "شخص", "less_than", False),
    ("ما يقل عن 5 بالمئة", "5 بالمئة", 5.0, "percent", None, "less_than", False),
    ("ما لا يقل عن 30 قتيلا", "30", 30.0, "count", "قتيل", "at_least", False),
    ("مقتل 7 مسلحين على الأقل", "7", 7.0, "count", "مسلح", "at_least", False),
    ("حتى 500 عنصر", "500", 500.0, "count", "عنصر", "up_to", False),
    ("ما يصل إلى 1000 شخص", "1000", 1000.0, "count", "شخص", "up_to", False),
    ("100 شخص تقريبا", "100", 100.0, "count", "شخص", "about", False),
    ("قتل شخصين", "شخصين", 2.0, "count", "شخص", None, False),
    ("دمرت سيارتين", "سيارتين", 2.0, "count", "سيارة", None, False),
    ("أصيب طفلين", "طفلين", 2.0, "count", "طفل", None, False),
    ("أسر جنديين", "جنديين", 2.0, "count", "جندي", None, False),
    ("يقدر عدد مقاتلي الحركة بنحو 9 آلاف عنصر", "9 آلاف", 9000.0, "count", "عنصر", "about", False),
    (
        "تبلغ المساحة التي تسيطر عليها في الجنوب نحو 300 كم",
        "300 كم",
        300.0,
        "measure",
        "km",
        "about",
        False,
    ),
    ("بلغت حصيلة القتلى 45 قتيلا", "45", 45.0, "count", "قتيل", None, False),
    ("تجاوز عدد اللاجئين مليوني لاجئ", "مليوني", 2000000.0, "count", "لاجئ", None, False),
    (
        "وصلت قيمة الصادرات إلى 20 مليار دولار",
        "20 مليار دولار",
        20000000000.0,
        "money",
        "USD",
        None,
        False,
    ),
    ("عدد السكان نحو 5 ملايين نسمة", "5 ملايين", 5000000.0, "count", "نسمة", "about", False),
    (
        "أسفر عن مقتل سبعة مسلحين على الأقل وإصابة العشرات",
        "سبعة",
        7.0,
        "count",
        "مسلح",
        "at_least",
        False,
    ),
    (
        "أسفر عن مقتل سبعة مسلحين على الأقل وإصابة العشرات",
        "العشرات",
        10.0,
        "count",
        None,
        None,
        True,
    ),
    ("اعتقال 12 ناشطا", "12", 12.0, "count", "ناشط", None, False),
    ("الذكرى الـ70", "الـ70", 70.0, "ordinal", None, None, False),
    ("القمة الحادية عشرة", "الحادية عشرة", 11.0, "ordinal", None, None, False),
    ("للمرة الثالثة", "الثالثة", 3.0, "ordinal", None, None, False),
    ("الدورة العاشرة", "العاشرة", 10.0, "ordinal", None, None, False),
    ("قتل 2017 شخصا", "2017", 2017.0, "count", "شخص", None, False),
    ("نصف مليون لاجئ", "نصف مليون", 500000.0, "count", "لاجئ", None, False),
    ("مليون ونصف نازح", "مليون ونصف", 1500000.0, "count", "نازح", None, False),
    ("ثلاثمائة وخمسة وعشرون شخصا", "ثلاثمائة وخمسة وعشرون", 325.0, "count", "شخص", None, False),
    ("٢٥٠ مقاتلا", "٢٥٠", 250.0, "count", "مقاتل", None, False),
    ("۱۲ طفلا", "۱۲", 12.0, "count", "طفل", None, False),
    ("1,250,000 دولار", "1,250,000 دولار", 1250000.0, "money", "USD", None, False),
    ("12.5 مليون دولار", "12.5 مليون دولار", 12500000.0, "money", "USD", None, False),
    ("بضعة آلاف من المقاتلين", "بضعة آلاف", 3000.0, "count", "مقاتل", None, True),
    ("عشرات الآلاف من النازحين", "عشرات الآلاف", 10000.0, "count", "نازح", None, True),
]

# (phrase, span, low, high, kind, unit): ranges, with the scale word distributed.
RANGES = [
    ("ما بين 12 و15 ألفا", "بين 12 و15 ألفا", 12000.0, 15000.0, "count", None),
    ("بين 5 و7 آلاف مقاتل", "بين 5 و7 آلاف", 5000.0, 7000.0, "count", "مقاتل"),
    ("بين 5000 و7000 مقاتل", "بين 5000 و7000", 5000.0, 7000.0, "count", "مقاتل"),
    ("من 20 إلى 30 شخصا", "من 20 إلى 30", 20.0, 30.0, "count", "شخص"),
    ("5-7 آلاف عنصر", "5-7 آلاف", 5000.0, 7000.0, "count", "عنصر"),
    (
        "بين 2 و3 مليارات دولار",
        "بين 2 و3 مليارات دولار",
        2000000000.0,
        3000000000.0,
        "money",
        "USD",
    ),
    ("ما بين 10 و20 في المئة", "بين 10 و20 في المئة", 10.0, 20.0, "percent", None),
]

# (phrase, [(text, value, unit, subject, (from, to, direction, percent) or None)]).
CHANGES = [
    (
        "انخفض إلى 50 جنيها سودانيا",
        [("50 جنيها سودانيا", 50.0, "SDG", None, (None, 0, "down", None))],
    ),
    ("ارتفعت بنسبة 40 في المئة", [("40 في المئة", 40.0, None, None, (None, None, "up", 40.0))]),
    ("انخفض بنسبة 12 في المائة", [("12 في المائة", 12.0, None, None, (None, None, "down", 12.0))]),
    ("نما 3.5 بالمئة", [("3.5 بالمئة", 3.5, None, None, (None, None, "up", 3.5))]),
    ("تراجع 7 بالمائة", [("7 بالمائة", 7.0, None, None, (None, None, "down", 7.0))]),
    (
        "تراجعت عائدات التنظيم من النفط من 2،4 مليار دولار إلى 640 مليون دولار",
        [
            (
                "2،4 مليار دولار",
                2400000000.0,
                "USD",
                "عائدات التنظيم من النفط",
                (0, 1, "down", None),
            ),
            (
                "640 مليون دولار",
                640000000.0,
                "USD",
                "عائدات التنظيم من النفط",
                (0, 1, "down", None),
            ),
        ],
    ),
    (
        "ارتفع عدد القتلى من 20 إلى 35 قتيلا",
        [
            ("20", 20.0, "قتيل", "عدد القتلى", (0, 1, "up", None)),
            ("35", 35.0, "قتيل", "عدد القتلى", (0, 1, "up", None)),
        ],
    ),
    (
        "انخفضت البطالة من 15% إلى 12%",
        [
            ("15%", 15.0, None, "البطالة", (0, 1, "down", None)),
            ("12%", 12.0, None, "البطالة", (0, 1, "down", None)),
        ],
    ),
    (
        "زاد الإنتاج من مليون إلى مليون ونصف برميل",
        [
            ("مليون", 1000000.0, "barrel", "الإنتاج", (0, 1, "up", None)),
            ("مليون ونصف برميل", 1500000.0, "barrel", "الإنتاج", (0, 1, "up", None)),
        ],
    ),
    (
        "انخفضت الصادرات بنسبة 40 في المئة",
        [("40 في المئة", 40.0, None, "الصادرات", (None, None, "down", 40.0))],
    ),
    ("ارتفعت الأسعار بنسبة 12%", [("12%", 12.0, None, "الأسعار", (None, None, "up", 12.0))]),
    (
        "ارتفع عدد مقاتلي الحركة إلى 9 آلاف",
        [("9 آلاف", 9000.0, None, "عدد مقاتلي الحركة", (None, 0, "up", None))],
    ),
    (
        "تراجع عدد النازحين إلى 300 ألف",
        [("300 ألف", 300000.0, None, "عدد النازحين", (None, 0, "down", None))],
    ),
]

# (phrase, figure text, subject).
SUBJECTS = [
    ("بلغت الخسائر 5 ملايين دولار", "5 ملايين دولار", "الخسائر"),
    ("تبلغ الموازنة 100 تريليون ليرة تركية", "100 تريليون ليرة تركية", "الموازنة"),
    ("رواتب بقيمة 300 دينار أردني", "300 دينار أردني", "رواتب"),
    ("وصل سعر الصرف إلى 600 ريال يمني", "600 ريال يمني", "سعر الصرف"),
    ("يبلغ الراتب 3000 جنيه مصري", "3000 جنيه مصري", "الراتب"),
    ("بلغت الصادرات 2 مليار جنيه إسترليني", "2 مليار جنيه إسترليني", "الصادرات"),
    ("خسائر بـ€30 مليون", "€30 مليون", "خسائر"),
    ("يسيطر على ثلث المحافظة", "ثلث", "المحافظة"),
    ("مساحة 10 آلاف كيلومتر مربع", "10 آلاف كيلومتر مربع", "مساحة"),
    ("مقتل خمسة مدنيين", "خمسة", "مقتل"),
    ("اعتقال ثلاثين عنصرا", "ثلاثين", "اعتقال"),
    ("نزوح مئات العائلات", "مئات", "نزوح"),
    ("مقتل 7 مسلحين على الأقل", "7", "مقتل"),
    ("أسر جنديين", "جنديين", "أسر"),
    ("يقدر عدد مقاتلي الحركة بنحو 9 آلاف عنصر", "9 آلاف", "عدد مقاتلي الحركة"),
    (
        "تبلغ المساحة التي تسيطر عليها في الجنوب نحو 300 كم",
        "300 كم",
        "المساحة التي تسيطر عليها في الجنوب",
    ),
    ("بلغت حصيلة القتلى 45 قتيلا", "45", "حصيلة القتلى"),
    ("تجاوز عدد اللاجئين مليوني لاجئ", "مليوني", "عدد اللاجئين"),
    ("وصلت قيمة الصادرات إلى 20 مليار دولار", "20 مليار دولار", "قيمة الصادرات"),
    ("عدد السكان نحو 5 ملايين نسمة", "5 ملايين", "عدد السكان"),
    ("أسفر عن مقتل سبعة مسلحين على الأقل وإصابة العشرات", "سبعة", "مقتل"),
    ("أسفر عن مقتل سبعة مسلحين على الأقل وإصابة العشرات", "العشرات", "إصابة"),
    ("اعتقال 12 ناشطا", "12", "اعتقال"),
]

# Numbers that name things, not amounts.
NOT_FIGURES = [
    "استناداً إلى المادة ( 20 ) من التعليمات",
    "صدر في نشرة الأونروا عدد 72",
    'بموجب قرار رقم "272" من المجلس',
    "1. المحافظة على البيئة",
    "صدر القرار 2254",
    "طائرات إف-16",
    "منظومة إس 400",
    "اتصل على الرقم 5",
    "المادة 17 من الدستور",
    "مجموعة العشرين G20",
]


def test_the_table_is_big_enough() -> None:
    assert len(SIMPLE) + len(RANGES) + len(CHANGES) + len(NOT_FIGURES) >= 120


@pytest.mark.parametrize(("phrase", "text", "value", "kind", "unit", "qualifier", "vague"), SIMPLE)
def test_figure_reading(
    phrase: str,
    text: str,
    value: float,
    kind: str,
    unit: str | None,
    qualifier: str | None,
    vague: bool,
) -> None:
    found = [f for f in find_figures(phrase) if f.text == text]
    assert len(found) == 1, find_figures(phrase)
    f = found[0]
    assert (f.value, f.kind, f.unit, f.qualifier, f.vague) == (value, kind, unit, qualifier, vague)
    assert phrase[f.start : f.end] == f.text


@pytest.mark.parametrize(("phrase", "text", "low", "high", "kind", "unit"), RANGES)
def test_range_reading(
    phrase: str, text: str, low: float, high: float, kind: str, unit: str | None
) -> None:
    [f] = find_figures(phrase)
    assert (f.text, f.low, f.high, f.value, f.kind, f.unit) == (text, low, high, None, kind, unit)


@pytest.mark.parametrize(("phrase", "expected"), CHANGES)
def test_change_reading(phrase: str, expected: list[tuple[object, ...]]) -> None:
    got = [
        (
            f.text,
            f.value,
            f.unit,
            f.subject,
            (f.change.from_index, f.change.to_index, f.change.direction, f.change.percent)
            if f.change
            else None,
        )
        for f in find_figures(phrase)
    ]
    assert got == expected


@pytest.mark.parametrize(("phrase", "text", "subject"), SUBJECTS)
def test_subject(phrase: str, text: str, subject: str) -> None:
    [f] = [f for f in find_figures(phrase) if f.text == text]
    assert f.subject == subject


@pytest.mark.parametrize("phrase", NOT_FIGURES)
def test_numbers_that_name_things_are_not_figures(phrase: str) -> None:
    assert find_figures(phrase) == []


def test_numbers_inside_excluded_spans_are_skipped() -> None:
    text = "في 12 يناير 2017 قتل 5 أشخاص"
    times = find_times(text, None)
    assert [t.text for t in times] == ["12 يناير 2017"]
    figures = find_figures(text, [(t.start, t.end) for t in times])
    assert [(f.text, f.value, f.unit) for f in figures] == [("5", 5.0, "شخص")]


def test_a_plural_in_ين_is_not_read_as_a_dual() -> None:
    # مسلحين is "armed men": a noun with a sound plural gets no dual.
    assert find_figures("اشتبك مسلحين مع الجيش") == []
    assert [(f.text, f.value) for f in find_figures("اعتقل عنصرين")] == [("عنصرين", 2.0)]


def test_harakat_and_tatweel_stay_inside_the_span() -> None:
    text = "قُتل خمسةٌ وعشرونَ شخصًا ودُفع ٣٠٠ ألـف دولارٍ"
    got = find_figures(text)
    assert [(f.value, f.unit) for f in got] == [(25.0, "شخص"), (300000.0, "USD")]
    assert all(text[f.start : f.end] == f.text for f in got)


_SCALES = {"ألف": 1e3, "مليون": 1e6, "مليار": 1e9}
_CURRENCIES = {
    "دولار": "USD",
    "يورو": "EUR",
    "ليرة سورية": "SYP",
    "دينار عراقي": "IQD",
    "ريال سعودي": "SAR",
    "جنيه مصري": "EGP",
}
_DIGITS = {"ascii": "0123456789", "arabic": "٠١٢٣٤٥٦٧٨٩", "persian": "۰۱۲۳۴۵۶۷۸۹"}


@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from(sorted(_SCALES)),
    st.sampled_from(sorted(_CURRENCIES)),
    st.sampled_from(sorted(_DIGITS)),
)
def test_money_round_trips(n: int, scale: str, currency: str, script: str) -> None:
    digits = str(n).translate(str.maketrans("0123456789", _DIGITS[script]))
    text = f"خصصت الحكومة {digits} {scale} {currency} للمشروع"
    [f] = find_figures(text)
    assert (f.value, f.kind, f.unit) == (n * _SCALES[scale], "money", _CURRENCIES[currency])
    assert f.text == f"{digits} {scale} {currency}"


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_range_round_trips(low: int, width: int) -> None:
    high = low + width
    [f] = find_figures(f"يتراوح العدد ما بين {low} و{high} شخص")
    assert (f.low, f.high, f.value, f.unit) == (low, high, None, "شخص")


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=99))
def test_percent_round_trips(whole: int, tenths: int) -> None:
    value = whole + tenths / 100
    text = f"بلغت النسبة {value:g} في المئة"
    [f] = find_figures(text)
    assert (f.value, f.kind) == (pytest.approx(value), "percent")


DESIGN_EXAMPLE = (
    "فيما أشار تقرير لمعهد دراسات الحرب إلى تراجع عائدات التنظيم من النفط من 2،4 مليار دولار "
    "في أواخر 2014 إلى 640 مليون دولار في 2016. وقصفت طائرات روسية مواقع في بلدة كفرنبل، ما "
    "أسفر عن مقتل سبعة مسلحين على الأقل وإصابة العشرات. وقال مصدر إن 300 عائلة نزحت أمس."
)


@pytest.fixture(scope="module")
def analyzed() -> Document:
    nlp = Pipeline.from_names(["sentences.rules.v1", "times.rules.v1", "quantities.rules.v1"])
    return nlp(Document.from_text(DESIGN_EXAMPLE, Meta(published="2017-06-14")))


def test_the_design_example(analyzed: Document) -> None:
    times = {t.id: t for t in analyzed.times}
    q = {x.text: x for x in analyzed.quantities}
    assert set(q) == {"2،4 مليار دولار", "640 مليون دولار", "سبعة", "العشرات", "300"}
    first, second = q["2،4 مليار دولار"], q["640 مليون دولار"]
    assert (first.value, first.unit, second.value, second.unit) == (2.4e9, "USD", 6.4e8, "USD")
    assert first.subject == second.subject == "عائدات التنظيم من النفط"
    assert first.change is not None and first.change == second.change
    assert (first.change.from_, first.change.to, first.change.direction) == (
        first.id,
        second.id,
        "down",
    )
    assert first.time is not None and times[first.time].text == "أواخر 2014"
    assert second.time is not None and times[second.time].text == "2016"
    killed, injured = q["سبعة"], q["العشرات"]
    assert (killed.value, killed.qualifier, killed.unit, killed.subject) == (
        7,
        "at_least",
        "مسلح",
        "مقتل",
    )
    assert (injured.value, injured.vague, injured.subject) == (10, True, "إصابة")
    assert killed.time is None  # its sentence has no time expression
    families = q["300"]
    assert families.unit == "عائلة"
    assert families.time is not None and times[families.time].value == "2017-06-13"


def test_quantities_keep_the_offset_invariant_and_the_contract(analyzed: Document) -> None:
    assert analyzed.offset_errors() == []
    data = analyzed.to_dict()
    assert schema_errors(data) == []
    assert Document.from_dict(data).quantities == analyzed.quantities


def test_times_resolve_against_the_publication_date() -> None:
    nlp = Pipeline.from_names(["times.rules.v1"])
    doc = nlp(Document.from_text("وصل أمس الأول", Meta(published="2017-06-14T09:00:00+03:00")))
    assert [(t.text, t.value) for t in doc.times] == [("أمس الأول", "2017-06-12")]
    undated = nlp(Document.from_text("وصل أمس الأول", Meta(published="not a date")))
    assert [(t.text, t.value) for t in undated.times] == [("أمس الأول", None)]
    assert find_times("وصل أمس الأول", date(2017, 6, 14))[0].value == "2017-06-12"


def test_words_that_only_look_like_numbers() -> None:
    # وست بروميتش is a club; آل ثاني a family; ست needs a counted noun or a unit after it.
    got = find_figures("ضم نادي وست بروميتش لاعبا من آل ثاني بعد ست سنوات")
    assert [(f.text, f.kind, f.unit) for f in got] == [("ست سنوات", "measure", "year")]


def test_shares_and_vague_durations() -> None:
    [f] = find_figures("ثلاثة أرباع الجيل")
    assert (f.text, f.value, f.kind, f.subject) == ("ثلاثة أرباع", 75.0, "percent", "الجيل")
    [g] = find_figures("منذ عشرات السنين")
    assert (g.value, g.kind, g.unit, g.vague) == (10.0, "measure", "year", True)
