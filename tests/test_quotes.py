"""Quotes: the pure finder (marsad.extract.quotes.rules) and the component's speaker resolution and
attribution of figures. The sentences are written for these tests."""

from __future__ import annotations

from functools import cache

import pytest

from marsad.doc import Document, Entity, Meta, Quantity
from marsad.extract.quotes.rules import QuoteMatch, find_quotes
from marsad.pipeline import Pipeline
from marsad.schema import schema_errors

# (text, [(kind, quote text, cue, speaker phrase or None, elided)])
FINDER_CASES: list[tuple[str, list[tuple[str, str, str | None, str | None, bool]]]] = [
    (
        "قال وزير الزراعة سامر حداد: «المحصول هذا العام أفضل من المتوقع بكثير».",
        [
            (
                "direct",
                "المحصول هذا العام أفضل من المتوقع بكثير",
                "قال",
                "وزير الزراعة سامر حداد",
                False,
            )
        ],
    ),
    (
        "«لن نتراجع عن مطالبنا مهما طال الإضراب»، قالت النقابية منى سليم.",
        [("direct", "لن نتراجع عن مطالبنا مهما طال الإضراب", "قالت", "النقابية منى سليم", False)],
    ),
    (
        "وأضاف: “الطريق إلى المدينة مغلق منذ يومين، والإمدادات لا تصل”.",
        [("direct", "الطريق إلى المدينة مغلق منذ يومين، والإمدادات لا تصل", "أضاف", None, True)],
    ),
    (
        'وتابع قائلًا "نحن بحاجة إلى هدنة فورية لإجلاء الجرحى من الحي".',
        [("direct", "نحن بحاجة إلى هدنة فورية لإجلاء الجرحى من الحي", "قائلًا", None, True)],
    ),
    (
        "وقال الوزير: الوضع في المخيمات خطير للغاية.",
        [("direct", "الوضع في المخيمات خطير للغاية", "قال", "الوزير", False)],
    ),
    (
        "وأكد المتحدث باسم الجيش، العقيد رامي ناصر، أن القوات استعادت السيطرة على التلة.",
        [("indirect", "أن القوات استعادت السيطرة على التلة", "أكد", "المتحدث باسم الجيش", False)],
    ),
    (
        "وأشارت الدراسة إلى أن نصف الأسر تعتمد على المساعدات، مضيفة أن الأسعار تضاعفت.",
        [
            ("indirect", "أن نصف الأسر تعتمد على المساعدات", "أشارت", "الدراسة", False),
            ("indirect", "أن الأسعار تضاعفت", "مضيفة", None, True),
        ],
    ),
    (
        "وحذرت المنظمة في بيان من أن الأوبئة قد تنتشر في الصيف.",
        [("indirect", "أن الأوبئة قد تنتشر في الصيف", "حذرت", "المنظمة", False)],
    ),
    (
        "قُتل 12 مدنيًا في القصف على السوق، بحسب المرصد السوري لحقوق الإنسان.",
        [
            (
                "indirect",
                "قُتل 12 مدنيًا في القصف على السوق",
                "بحسب",
                "المرصد السوري لحقوق الإنسان",
                False,
            )
        ],
    ),
    (
        "ووفقًا لمصادر طبية، وصل إلى المستشفى 30 جريحًا.",
        [("indirect", "وصل إلى المستشفى 30 جريحًا", "وفقًا", "مصادر طبية", False)],
    ),
    (
        "ونقلت وكالة الأنباء عن مسؤول محلي قوله إن المياه انقطعت عن الأحياء الشرقية.",
        [("indirect", "إن المياه انقطعت عن الأحياء الشرقية", "نقلت", "مسؤول محلي", False)],
    ),
    (
        "وقال مدير المستشفى لـ«صحيفة المدينة» إن الأدوية نفدت.",
        [("indirect", "إن الأدوية نفدت", "قال", "مدير المستشفى", False)],
    ),
    # A quote inside a quote is part of the outer one.
    (
        "وقال أحد السكان: «صرخ فينا الجندي "
        + "\u201cارحلوا الآن\u201d ثم أغلق الطريق أمامنا بالكامل».",
        [
            (
                "direct",
                "صرخ فينا الجندي \u201cارحلوا الآن\u201d ثم أغلق الطريق أمامنا بالكامل",
                "قال",
                "أحد السكان",
                False,
            )
        ],
    ),
    # One pair of marks over two sentences is one quote.
    (
        "وقالت الطبيبة: «لم ننم منذ ثلاثة أيام. المرضى في الممرات».",
        [("direct", "لم ننم منذ ثلاثة أيام. المرضى في الممرات", "قالت", "الطبيبة", False)],
    ),
    # Not quotes: names in marks, a scare quote, a cue with a noun object, "يذكر أن".
    ("وأطلق الجيش عملية «غصن الزيتون» في الشمال.", []),
    ("ووصف الوزير الهجوم بـ«الجبان».", []),
    ("وأعلن الجيش السيطرة على البلدة بعد معارك عنيفة.", []),
    ("يذكر أن المدينة شهدت احتجاجات مماثلة العام الماضي.", []),
    (
        "وقال الرئيس بعد أن التقى الوفد إن المحادثات كانت مثمرة.",
        [
            ("indirect", "إن المحادثات كانت مثمرة", "قال", "الرئيس", False),
        ],
    ),
]


def _view(text: str, m: QuoteMatch) -> tuple[str, str, str | None, str | None, bool]:
    cue = text[m.cue[0] : m.cue[1]] if m.cue else None
    speaker = text[m.speaker[0] : m.speaker[1]] if m.speaker else None
    return m.kind, m.text, cue, speaker, m.elided


@pytest.mark.parametrize(("text", "expected"), FINDER_CASES)
def test_find_quotes(
    text: str, expected: list[tuple[str, str, str | None, str | None, bool]]
) -> None:
    found = find_quotes(text)
    assert [_view(text, m) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text


def test_apposition_after_the_speaker_is_the_role() -> None:
    text = "قال طارق حبيب، المستشار في وزارة الصحة، إن اللقاح آمن."
    (m,) = find_quotes(text)
    assert m.speaker and text[m.speaker[0] : m.speaker[1]] == "طارق حبيب"
    assert m.role and text[m.role[0] : m.role[1]] == "المستشار في وزارة الصحة"


def test_sources_given_as_entities_count_after_an_attribution_word() -> None:
    text = "ارتفع عدد النازحين إلى ألفين، بحسب كاريتاس."
    assert find_quotes(text) == []  # كاريتاس is not a source noun
    start = text.index("كاريتاس")
    (m,) = find_quotes(text, sources=[(start, start + len("كاريتاس"))])
    assert m.attribution and m.text == "ارتفع عدد النازحين إلى ألفين"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no Arabic at all: he said «hello» and left.",
        "« قال: »",
        '«««« »»»» "" “” ” « »',
        'وقال: "' * 500,
        "قال إن " * 2000,
        "بحسب المصادر، " * 2000,
        ("كلمة " * 50_000) + "قال الوزير: «نعم»",
    ],
)
def test_find_quotes_survives_odd_and_large_input(text: str) -> None:
    for m in find_quotes(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        for span in (m.cue, m.speaker, m.role):
            assert span is None or 0 <= span[0] < span[1] <= len(text)


# ---- the component -------------------------------------------------------------------------


@cache
def _nlp() -> Pipeline:
    return Pipeline.from_names(
        (
            "sentences.rules.v1",
            "tokenize.rules.v1",
            "ner.crf.v1",
            "times.rules.v1",
            "quantities.rules.v1",
            "quotes.rules.v1",
        )
    )


def _analyze(text: str) -> Document:
    doc = _nlp()(Document.from_text(text, Meta(published="2024-03-14")))
    assert doc.offset_errors() == []
    assert schema_errors(doc.to_dict()) == []
    return doc


def test_surname_role_and_elided_subject_resolve_to_the_full_speaker() -> None:
    doc = _analyze(
        "قال المتحدث باسم وزارة الخارجية الفرنسية جان مارتان إن باريس تدعم الهدنة. "
        "وأضاف أن الحوار هو الحل الوحيد. "
        "وقال مارتان إن الاتصالات مستمرة. "
        "وأكد المتحدث الفرنسي أن بلاده سترسل مساعدات."
    )
    speakers = [q.speaker.canonical if q.speaker else None for q in doc.quotes]
    assert speakers == ["جان مارتان"] * 4
    first = doc.quotes[0].speaker
    assert first is not None
    assert first.role == "المتحدث باسم وزارة الخارجية الفرنسية"
    assert first.label == "PER" and first.entity is not None


def test_statement_of_an_institution_goes_to_the_institution() -> None:
    doc = _analyze(
        "أعلنت وزارة الصحة الأردنية تسجيل إصابات جديدة. "
        "وقال بيان صادر عن الوزارة إن 40 مريضا غادروا المستشفيات."
    )
    (quote,) = doc.quotes
    assert quote.speaker is not None
    assert quote.speaker.canonical is not None and "وزارة الصحة" in quote.speaker.canonical


def test_a_document_that_speaks_is_a_doc_speaker() -> None:
    doc = _analyze("وأشارت الدراسة إلى أن ثلث الطلاب يعانون من قلة النوم.")
    (quote,) = doc.quotes
    assert quote.speaker is not None and quote.speaker.label == "DOC"


def test_figures_inside_a_quote_are_reported_by_its_speaker() -> None:
    doc = _analyze(
        "قال الناطق باسم الدفاع المدني محمود بصل إن 25 شخصا قتلوا في الغارة. "
        "وارتفعت أسعار الخبز بنسبة 30 في المئة في المدينة."
    )
    (quote,) = doc.quotes
    assert quote.speaker is not None and quote.speaker.canonical == "محمود بصل"
    inside = [q for q in doc.quantities if quote.start <= q.start and q.end <= quote.end]
    outside = [q for q in doc.quantities if q.start >= quote.end]
    assert inside and outside
    assert all(q.quote == quote.id for q in inside)
    assert quote.speaker is not None
    assert all(q.reported_by == quote.speaker.entity for q in inside)
    assert all(q.quote is None and q.reported_by is None for q in outside)


def test_an_attributed_claim_carries_its_source() -> None:
    doc = _analyze("قتل 12 مدنيا في القصف على السوق، بحسب المرصد السوري لحقوق الإنسان.")
    (quote,) = doc.quotes
    assert quote.cue is not None and quote.cue.text == "بحسب"
    (count,) = [q for q in doc.quantities if q.value == 12]
    assert count.quote == quote.id


def test_attribute_leaves_quantities_outside_quotes_alone() -> None:
    from marsad.extract.quotes.component import attribute

    q = Quantity("q1", 0, 2, "12", 12.0, "count")
    assert attribute([q], []) == (q,)


def test_speaker_entity_ids_point_at_entities_of_the_document() -> None:
    doc = _analyze("وقال الرئيس اللبناني ميشال سليمان: «نريد حلا سياسيا».")
    ids = {e.id for e in doc.entities}
    for quote in doc.quotes:
        assert quote.speaker is None or quote.speaker.entity in ids | {None}


def test_entities_are_optional_input() -> None:
    """Without any entity the quotes still come, with the phrase as the speaker."""
    from marsad.extract.quotes.component import resolve_speakers

    text = "وقال مصدر أمني إن الطريق فتح."
    doc = Document.from_text(text)
    quotes = resolve_speakers(doc, find_quotes(text))
    assert [(q.text, q.speaker.text if q.speaker else None) for q in quotes] == [
        ("إن الطريق فتح", "مصدر أمني")
    ]
    assert not isinstance(quotes[0].speaker, Entity)
