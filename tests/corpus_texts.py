# ruff: noqa: E501  (article texts: one paragraph per line)
"""Articles written for the corpus tests (invented events; real place names).

``STORY_A`` is a wire story; ``STORY_B`` a rewrite of it by another outlet (new dateline, a
different last paragraph); ``STORY_C`` a near-exact copy (one word changed); ``OTHER`` an
unrelated article.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STORY_A = """إدلب - مرصد: قتل خمسة مدنيين وأصيب عشرة آخرون اليوم الاثنين في قصف مدفعي استهدف بلدة كفرنبل في ريف إدلب الجنوبي، بحسب ما أفاد به الدفاع المدني السوري.
وقال مسؤول في الدفاع المدني إن القذائف سقطت على سوق البلدة في ساعات الصباح، وإن فرق الإسعاف نقلت الجرحى إلى مستشفى قريب.
وتشهد المنطقة منذ أسابيع تصعيدا عسكريا متواصلا رغم اتفاق خفض التصعيد الذي أعلن العام الماضي، فيما نزحت مئات العائلات نحو الحدود التركية.
وطالبت منظمات إنسانية الأطراف المتحاربة بتحييد المدنيين والسماح بدخول المساعدات إلى القرى المحاصرة في المنطقة."""

STORY_B = (
    STORY_A.replace("إدلب - مرصد:", "إدلب (وكالات):").rsplit("\n", 1)[0]
    + "\nولم تعلق الحكومة السورية على الحادث حتى الآن، كما لم يصدر أي بيان عن الفصائل "
    "المسلحة في المنطقة."
)

STORY_C = STORY_A.replace("مئات العائلات", "آلاف العائلات")

OTHER = """عمان - مرصد: ارتفعت صادرات الأردن من الخضار إلى دول الخليج بنسبة 12 في المئة خلال الربع الأول من العام، وفق أرقام نشرتها وزارة الزراعة الأردنية.
وقال المتحدث باسم الوزارة إن قيمة الصادرات بلغت نحو 90 مليون دينار، مشيرا إلى أن فتح معبر جديد مع العراق ساهم في هذا الارتفاع."""

STORY_RECORDS: list[dict[str, Any]] = [
    {
        "title": "مقتل خمسة مدنيين بقصف على كفرنبل",
        "text": STORY_A,
        "published": "2019-03-04",
        "source": "مرصد",
        "url": "https://example.org/a",
    },
    {
        "title": "قصف على ريف إدلب يوقع قتلى",
        "text": STORY_B,
        "published": "2019-03-04",
        "source": "وكالة الأنباء",
        "url": "https://example.org/b",
    },
    {
        "title": "خمسة قتلى في كفرنبل",
        "text": STORY_C,
        "published": "2019-03-05",
        "source": "صحيفة الغد",
        "url": "https://example.org/c",
    },
    {
        "title": "صادرات الخضار الأردنية",
        "text": OTHER,
        "published": "2019-03-04",
        "source": "مرصد",
        "url": "https://example.org/d",
    },
]

_TOWNS = ("كفرنبل", "سراقب", "أريحا", "جسر الشغور", "معرة النعمان", "خان شيخون", "بنش", "سرمين")
_VERBS = ("قصفت", "استهدفت", "ضربت")
_WEAPONS = ("طائرات حربية", "مدفعية ثقيلة", "راجمات صواريخ")


def numbered_articles(n: int) -> list[dict[str, Any]]:
    """``n`` distinct short articles (different towns, tolls and dates) for bulk tests."""
    out = []
    for i in range(n):
        town = _TOWNS[i % len(_TOWNS)]
        text = (
            f"{_VERBS[i % 3]} {_WEAPONS[(i // 3) % 3]} بلدة {town} في ريف إدلب، ما أدى إلى مقتل "
            f"{i % 9 + 2} مدنيين وإصابة {i + 3} آخرين، وفق حصيلة رقم {i}.\n"
            f"وقال شاهد من أهالي {town} إن السكان فروا نحو المزارع القريبة بعد الغارة {i + 1}."
        )
        out.append(
            {
                "title": f"خبر رقم {i}",
                "text": text,
                "published": f"2019-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
                "source": "مرصد",
            }
        )
    return out


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


# An article whose text and metadata carry script and HTML injection: every page must show it
# as text (tests/test_web.py, tests/test_browser.py).
INJECTION_MARKER = "<script>window.__pwned=1</script>"
INJECTION_RECORD: dict[str, Any] = {
    "title": f"عنوان {INJECTION_MARKER} خبيث",
    "text": (
        "بغداد - مرصد: قتل ثلاثة مدنيين في انفجار عبوة ناسفة في بغداد اليوم الأحد، "
        f'وقال المتحدث باسم الشرطة إن "{INJECTION_MARKER}" ليس إلا نصا. '
        'وكتب أحدهم <img src=x onerror="window.__pwned=2"> في تعليق على الخبر.\n'
        'ونقلت وكالة "</textarea><b>مرصد</b>" أن التحقيقات مستمرة.'
    ),
    "published": "2019-05-05",
    "source": '"><svg onload="window.__pwned=3">',
    "url": "javascript:window.__pwned=4",
}
