"""Tests for marsad.arabic.sentences: a table of Arabic news cases and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


CASES: list[tuple[str, str, list[str]]] = [
    # --- basic terminators and paragraphs ---
    (
        "two_sentences",
        "قصفت طائرات حربية مواقع في ريف حماة. وقال المرصد إن القصف استمر ساعتين.",
        ["قصفت طائرات حربية مواقع في ريف حماة.", "وقال المرصد إن القصف استمر ساعتين."],
    ),
    (
        "no_final_terminator",
        "عاد الهدوء إلى المدينة. ولم تعلن أي جهة مسؤوليتها",
        ["عاد الهدوء إلى المدينة.", "ولم تعلن أي جهة مسؤوليتها"],
    ),
    (
        "arabic_question_mark",
        "هل تصمد الهدنة؟ يقول مراقبون إن الأيام المقبلة حاسمة.",
        ["هل تصمد الهدنة؟", "يقول مراقبون إن الأيام المقبلة حاسمة."],
    ),
    (
        "exclamation",
        "إنها كارثة حقيقية! هكذا وصف أحد السكان ما جرى.",
        ["إنها كارثة حقيقية!", "هكذا وصف أحد السكان ما جرى."],
    ),
    (
        "single_newline_ends_paragraph",
        "قتل ثلاثة جنود في هجوم على نقطة تفتيش\nوأعلن الجيش حظر التجوال في البلدة",
        ["قتل ثلاثة جنود في هجوم على نقطة تفتيش", "وأعلن الجيش حظر التجوال في البلدة"],
    ),
    (
        "blank_lines_and_crlf",
        "  الفقرة الأولى.  \r\n\r\n\tالفقرة الثانية \n\n",
        ["الفقرة الأولى.", "الفقرة الثانية"],
    ),
    (
        "semicolon_does_not_split",
        "أغلقت السلطات المعبر؛ بسبب تدهور الأوضاع الأمنية. وتكدست الشاحنات على الحدود.",
        [
            "أغلقت السلطات المعبر؛ بسبب تدهور الأوضاع الأمنية.",
            "وتكدست الشاحنات على الحدود.",
        ],
    ),
    (
        "missing_space_after_period",
        "انتهى الاجتماع دون اتفاق.وقال مصدر إن جولة جديدة ستعقد قريبًا.",
        ["انتهى الاجتماع دون اتفاق.", "وقال مصدر إن جولة جديدة ستعقد قريبًا."],
    ),
    # --- repeated marks and ellipsis stay with their sentence ---
    (
        "question_exclamation_run",
        "أين ذهبت المساعدات؟! تساءل النائب في جلسة البرلمان.",
        ["أين ذهبت المساعدات؟!", "تساءل النائب في جلسة البرلمان."],
    ),
    (
        "double_exclamation",
        "لن نغادر أرضنا!! قالها الشيخ وهو يقف أمام منزله المهدم.",
        ["لن نغادر أرضنا!!", "قالها الشيخ وهو يقف أمام منزله المهدم."],
    ),
    (
        "ellipsis_three_dots",
        "وانتظر الأهالي طويلًا... ثم وصلت فرق الإنقاذ أخيرًا.",
        ["وانتظر الأهالي طويلًا...", "ثم وصلت فرق الإنقاذ أخيرًا."],
    ),
    (
        "ellipsis_char_and_glued_ellipsis",
        "تأجلت المفاوضات… ولا موعد جديدًا. لكن…ربما الشهر المقبل",
        ["تأجلت المفاوضات…", "ولا موعد جديدًا.", "لكن…ربما الشهر المقبل"],
    ),
    (
        "leading_ellipsis_is_not_a_sentence",
        "... وتابع المتحدث حديثه عن الخسائر.",
        ["... وتابع المتحدث حديثه عن الخسائر."],
    ),
    # --- quotes ---
    (
        "closing_guillemet_after_period",
        "قال: «انتهى الأمر.» ثم غادر القاعة.",
        ["قال: «انتهى الأمر.»", "ثم غادر القاعة."],
    ),
    (
        "period_after_closing_guillemet",
        "وقال الوزير: «لن نتراجع عن قرارنا». وأضاف أن الحكومة ستعلن التفاصيل غدًا.",
        [
            "وقال الوزير: «لن نتراجع عن قرارنا».",
            "وأضاف أن الحكومة ستعلن التفاصيل غدًا.",
        ],
    ),
    (
        "multi_sentence_quote_stays_with_speaker",
        "وصرح المبعوث: «الوضع خطير. نحتاج إلى ممرات آمنة فورًا». ثم انتهى المؤتمر.",
        [
            "وصرح المبعوث: «الوضع خطير. نحتاج إلى ممرات آمنة فورًا».",
            "ثم انتهى المؤتمر.",
        ],
    ),
    (
        "question_inside_quote",
        "سأل الصحفي: «متى تبدأ الانتخابات؟» فأجاب المسؤول بأن الموعد لم يحدد.",
        ["سأل الصحفي: «متى تبدأ الانتخابات؟»", "فأجاب المسؤول بأن الموعد لم يحدد."],
    ),
    (
        "straight_double_quotes",
        'وكتب الناشط: "الشوارع فارغة. الجميع خائف." وأرفق صورة للساحة.',
        ['وكتب الناشط: "الشوارع فارغة. الجميع خائف."', "وأرفق صورة للساحة."],
    ),
    (
        "curly_quotes",
        "ووصف البيان الهجوم بأنه “عمل جبان.” ودعا إلى محاسبة المسؤولين.",
        ["ووصف البيان الهجوم بأنه “عمل جبان.”", "ودعا إلى محاسبة المسؤولين."],
    ),
    (
        "unclosed_quote_does_not_swallow_line",
        "قال الضابط: «سنواصل العمليات. ولن نتوقف حتى تحرير القرى",
        ["قال الضابط: «سنواصل العمليات.", "ولن نتوقف حتى تحرير القرى"],
    ),
    (
        "period_after_closing_parenthesis",
        "وصل الوفد إلى العاصمة (بحسب وكالة الأنباء الرسمية). وبدأ محادثاته فورًا.",
        [
            "وصل الوفد إلى العاصمة (بحسب وكالة الأنباء الرسمية).",
            "وبدأ محادثاته فورًا.",
        ],
    ),
    # --- numbers ---
    (
        "decimals_of_three_scripts_do_not_split",
        "ارتفع النمو إلى 2.4 في المئة و٢٫٥ في المئة و۳.۵ في المئة، وبلغ العجز 3.5%.",
        ["ارتفع النمو إلى 2.4 في المئة و٢٫٥ في المئة و۳.۵ في المئة، وبلغ العجز 3.5%."],
    ),
    (
        "decimal_comma",
        "بلغت العائدات 2،4 مليار دولار. وهو رقم قياسي.",
        ["بلغت العائدات 2،4 مليار دولار.", "وهو رقم قياسي."],
    ),
    (
        "year_then_period_splits",
        "وقعت الحادثة في عام 2016. وقال شهود إن الانفجار هز الحي بأكمله.",
        ["وقعت الحادثة في عام 2016.", "وقال شهود إن الانفجار هز الحي بأكمله."],
    ),
    (
        "arabic_indic_year_then_period",
        "أغلق المصنع في ٢٠١٧. وسرح العمال البالغ عددهم ٣٥٠ عاملًا.",
        ["أغلق المصنع في ٢٠١٧.", "وسرح العمال البالغ عددهم ٣٥٠ عاملًا."],
    ),
    (
        "numbered_list_items",
        "1. انسحاب القوات من المدينة. 2. فتح الطرق أمام المساعدات.",
        ["1. انسحاب القوات من المدينة.", "2. فتح الطرق أمام المساعدات."],
    ),
    (
        "ip_version_url_email",
        "نشرت الوزارة التحديث 3.2.1 على www.example.gov.sy/news?id=5 وعنوان الخادم "
        "10.0.0.12، وللاستفسار press@example.org. وشكرًا.",
        [
            "نشرت الوزارة التحديث 3.2.1 على www.example.gov.sy/news?id=5 وعنوان الخادم "
            "10.0.0.12، وللاستفسار press@example.org.",
            "وشكرًا.",
        ],
    ),
    # --- abbreviations ---
    (
        "arabic_doctor_abbreviation",
        "وأوضح د. خالد العمر مدير المستشفى أن الجرحى نقلوا إلى دمشق.",
        ["وأوضح د. خالد العمر مدير المستشفى أن الجرحى نقلوا إلى دمشق."],
    ),
    (
        "professor_doctor_and_po_box",
        "وتتلقى لجنة أ.د. سامي الحلبي الطلبات على ص.ب. 2217 في عمّان. وتنتهي المهلة غدًا.",
        [
            "وتتلقى لجنة أ.د. سامي الحلبي الطلبات على ص.ب. 2217 في عمّان.",
            "وتنتهي المهلة غدًا.",
        ],
    ),
    (
        "engineer_abbreviation_with_harakat",
        "وأشرف مُ. رامي على الترميم وانتهى العمل.",
        ["وأشرف مُ. رامي على الترميم وانتهى العمل."],
    ),
    (
        "hijri_year_marker_ends_sentence",
        "افتتح المسجد سنة 1440 هـ. وحضر الافتتاح آلاف المصلين.",
        ["افتتح المسجد سنة 1440 هـ.", "وحضر الافتتاح آلاف المصلين."],
    ),
    (
        "era_marker_before_corresponding_date",
        "في 5 رمضان 1440 هـ. الموافق 10 مايو 2019 م. أعلنت الهيئة النتائج.",
        ["في 5 رمضان 1440 هـ. الموافق 10 مايو 2019 م.", "أعلنت الهيئة النتائج."],
    ),
    (
        "before_christ_marker",
        "بنيت القلعة نحو عام 300 ق.م. وما زالت أسوارها قائمة.",
        ["بنيت القلعة نحو عام 300 ق.م.", "وما زالت أسوارها قائمة."],
    ),
    (
        "agency_initials",
        "ونقلت وكالة د.ب.أ. عن مصدر أمني أن التحقيق مستمر.",
        ["ونقلت وكالة د.ب.أ. عن مصدر أمني أن التحقيق مستمر."],
    ),
    (
        "latin_abbreviations_and_initial",
        "والتقى الوفد Dr. Sarah Miller من جامعة U.S. Naval Academy والسفير J. Smith أمس.",
        ["والتقى الوفد Dr. Sarah Miller من جامعة U.S. Naval Academy والسفير J. Smith أمس."],
    ),
    (
        "latin_eg_am_no",
        "تبدأ الجلسة في 9 a.m. بحسب الجدول No. 4 الذي يضم e.g. بنودًا مالية.",
        ["تبدأ الجلسة في 9 a.m. بحسب الجدول No. 4 الذي يضم e.g. بنودًا مالية."],
    ),
    (
        "latin_acronym_ends_sentence",
        "وأصدر حلف شمال الأطلسي (NATO). وردت موسكو ببيان مضاد.",
        ["وأصدر حلف شمال الأطلسي (NATO).", "وردت موسكو ببيان مضاد."],
    ),
    # --- datelines ---
    (
        "dateline_with_dash_and_colon",
        "دمشق - مرصد: قصفت طائرات روسية بلدة في ريف إدلب. وقال المرصد إن القصف عنيف.",
        [
            "دمشق - مرصد: قصفت طائرات روسية بلدة في ريف إدلب.",
            "وقال المرصد إن القصف عنيف.",
        ],
    ),
    (
        "dateline_with_agency_in_parentheses",
        "بغداد (رويترز) - أعلن الجيش العراقي بدء عملية في الأنبار. وتشارك فيها طائرات.",
        [
            "بغداد (رويترز) - أعلن الجيش العراقي بدء عملية في الأنبار.",
            "وتشارك فيها طائرات.",
        ],
    ),
    (
        "dateline_with_en_dash",
        "القاهرة – وكالة الأنباء العربية: ارتفعت أسعار الخبز بنسبة 40 في المئة.",
        ["القاهرة – وكالة الأنباء العربية: ارتفعت أسعار الخبز بنسبة 40 في المئة."],
    ),
    (
        "dateline_on_its_own_line",
        "تونس - مرصد:\nتظاهر المئات أمام مقر الحكومة.",
        ["تونس - مرصد:", "تظاهر المئات أمام مقر الحكومة."],
    ),
    # --- degenerate input ---
    ("empty", "", []),
    ("whitespace_only", " \n\t\r\n\u2028 ", []),
    ("punctuation_only", "؟!", ["؟!"]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in CASES], ids=[name for name, _, _ in CASES]
)
def test_split_sentences_table(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_are_offsets_into_the_original_text() -> None:
    text = "\n  بيروت - مرصد: وصل الوزير.  وقال: «نعم.»\n"
    spans = split_sentences(text)
    assert spans == [(3, 28), (30, 42)]
    assert text[3:28] == "بيروت - مرصد: وصل الوزير."
    assert text[30:42] == "وقال: «نعم.»"


def test_linear_on_long_pathological_runs() -> None:
    # Many candidate terminators without any word and an unclosed quote: must stay linear.
    assert split_sentences("! " * 20_000) == [(0, 39_999)]
    text = "«" + "د. " * 20_000
    assert split_sentences(text) == [(0, len(text) - 1)]


# --- property tests ---

_ALPHABET = (
    "ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآةىـ"
    "\u064b\u064e\u0650\u0651\u0652"
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    '.،؟!?؛…:«»"“”()-'
    "  \n\r\t\u00a0\u2028\u200f"
    "ADSaemp"
)

_random_text = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=120)
_word = st.sampled_from(
    ["قال", "د", "م", "هـ", "ق.م", "2016", "٢٠١٧", "2،4", "3.5", "Dr", "U.S", "J", "الموافق"]
)
_sep = st.sampled_from([" ", ". ", ".", "؟ ", "!! ", "... ", "«", "»", '"', "\n", " - ", ": "])
_wordy_text = st.lists(st.tuples(_word, _sep), max_size=30).map(
    lambda parts: "".join(w + s for w, s in parts)
)


def _check_invariants(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace()
        assert not text[end - 1].isspace()
        previous_end = end
    covered = [0] * len(text)
    for start, end in spans:
        for i in range(start, end):
            covered[i] += 1
    for i, ch in enumerate(text):
        if ch.isspace():
            assert covered[i] <= 1, (text, spans, i)
        else:
            assert covered[i] == 1, (text, spans, i)
    if not text.strip():
        assert spans == []


@settings(max_examples=400)
@given(_random_text)
def test_invariants_on_random_strings(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=400)
@given(_wordy_text)
def test_invariants_on_word_like_strings(text: str) -> None:
    _check_invariants(text)


@given(_random_text)
def test_whitespace_inside_sentences_is_kept(text: str) -> None:
    # Joining the sentences with the text between them reproduces the original exactly.
    spans = split_sentences(text)
    rebuilt = []
    cursor = 0
    for start, end in spans:
        assert text[cursor:start].strip() == ""
        rebuilt.append(text[cursor:end])
        cursor = end
    rebuilt.append(text[cursor:])
    assert "".join(rebuilt) == text
