"""Draw the annotated corpus from the ANT news corpus with a fixed seed (``marsad gold select``).

The recipe (also written in ``eval/corpus/README.md``):

1. Candidates: ANT articles of 400–5,000 characters, not already in ``eval/events`` or
   ``eval/quotes``, one per normalized title.
2. *Conflict* articles: category middleEast or internationalNews, with at least one event cue
   word (the one-word rows of ``resources/events/triggers.tsv`` as the corpus was drawn, frozen
   in ``eval/corpus/selection_cues.tsv``; matched on normalized words). Each gets a main
   country: the country most often named by the gazetteer's countries, admin1 regions and
   towns of 100k+ people in its title and first 600 characters (the gazetteer as it was when
   the corpus was drawn: ``eval/corpus/selection_places.tsv.gz``). Articles are drawn stratum by
   stratum (``STRATA``), outlets taken in turn so all five appear.
3. *Non-conflict* articles: sport, economy, technology, culture and no middleEast /
   internationalNews; two thirds of them contain a violent-sounding word (``FALSE_ALARM_CUES``,
   the words that make rules fire on sport and cyber text), one third are drawn at random.
4. Splits by article: each group (conflict, other) in stratum order, seeded within a stratum,
   is dealt 4:1:1 into train, dev and test (400 / 100 / 100 in all); 10 % of each split (at
   least 10) is annotated twice; the entity layer covers all of dev and test and 200 train
   articles.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import normalize_text
from marsad.arabic.words import strip_article, word_list

__all__ = ["COLUMNS", "Selected", "read_selection", "select", "text_digest", "write_selection"]

MIN_CHARS, MAX_CHARS = 400, 5000
CONFLICT_CATEGORIES = frozenset({"middleEast", "internationalNews"})
OTHER_CATEGORIES = ("sport", "economy", "technology", "culture")
OTHER_QUOTA = {"sport": 45, "economy": 40, "technology": 35, "culture": 30}
SPLIT_SHARES = {"train": 4 / 6, "dev": 1 / 6, "test": 1 / 6}
EUROPE = frozenset(
    [
        "GB",
        "FR",
        "DE",
        "IT",
        "ES",
        "NL",
        "BE",
        "SE",
        "NO",
        "DK",
        "FI",
        "PL",
        "AT",
        "CH",
        "GR",
        "PT",
        "IE",
        "CZ",
        "HU",
        "RO",
        "BG",
        "RS",
        "HR",
        "UA",
        "BY",
        "RU",
        "MD",
        "LT",
        "LV",
        "EE",
        "SK",
        "SI",
        "BA",
        "MK",
        "AL",
        "XK",
        "CY",
        "MT",
        "LU",
        "IS",
    ]
)
AMERICAS = frozenset(
    [
        "US",
        "CA",
        "MX",
        "BR",
        "AR",
        "CO",
        "VE",
        "CU",
        "CL",
        "PE",
        "EC",
        "BO",
        "UY",
        "PY",
        "NI",
        "HN",
        "GT",
        "SV",
        "PA",
        "DO",
        "HT",
    ]
)
GULF = frozenset(["SA", "AE", "QA", "BH", "KW", "OM"])
# stratum -> number of conflict articles; a short stratum's rest is drawn from all others
STRATA: dict[str, int] = {
    "SY": 50,
    "IQ": 45,
    "YE": 45,
    "PS/IL": 45,
    "LY": 25,
    "EG": 25,
    "LB": 20,
    "SD": 15,
    "SO": 15,
    "AF": 20,
    "Gulf": 25,
    "TR": 20,
    "IR": 25,
    "Europe": 25,
    "Americas": 20,
    "Asia": 20,
    "Africa": 10,
}
FALSE_ALARM_CUES = normalize_text(
    "هجوم الهجوم هجوما ضربة ضربات قصف انفجار اختراق هجمات قتل مقتل معركة اشتباك "
    "سلاح حرب الحرب غزو صاروخ قنبلة اغتيال هدف أهداف تفجير"
).split()
COLUMNS = (
    "id",
    "split",
    "group",
    "category",
    "source",
    "country",
    "stratum",
    "entities",
    "double",
    "chars",
    "sha1",
)


@dataclass(frozen=True, slots=True)
class Selected:
    """One article of the annotated corpus (a row of ``selection.tsv``)."""

    id: str
    split: str
    group: str  # conflict | other
    category: str
    source: str
    country: str
    stratum: str
    entities: bool
    double: bool
    chars: int
    sha1: str

    def row(self) -> list[str]:
        values = [getattr(self, c) for c in COLUMNS]
        return ["yes" if v is True else "no" if v is False else str(v) for v in values]


def text_digest(text: str) -> str:
    """The first 12 hex digits of the SHA-1 of an article's text: a check that the text the
    offsets point into is the one that was annotated."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _stratum(country: str, continent: str) -> str:
    if country in ("PS", "IL"):
        return "PS/IL"
    if country in GULF:
        return "Gulf"
    if country in EUROPE:
        return "Europe"
    if country in AMERICAS:
        return "Americas"
    if country in STRATA:
        return country
    return {"AS": "Asia", "AF": "Africa", "OC": "Asia"}.get(continent, "Asia")


class _CountryFinder:
    """Place names → country code: the countries, admin1 regions and towns of 100k+ people of
    the marsad gazetteer as the corpus was drawn, frozen in ``eval/corpus/selection_places.tsv.gz``
    (see :func:`freeze_place_names`). The shipped gazetteer keeps growing; the draw must not
    change with it."""

    def __init__(self, place_names: Path) -> None:
        self.keys: dict[str, str] = {}
        with gzip.open(place_names, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or line.startswith("key\t"):
                    continue
                key, country = line.rstrip("\n").split("\t")
                self.keys.setdefault(key, country)

    def main_country(self, text: str) -> str | None:
        words = [strip_article(w) for w in word_list(normalize_text(text))]
        counts: Counter[str] = Counter()
        for i, w in enumerate(words):
            for key in (w, f"{w} {words[i + 1]}" if i + 1 < len(words) else ""):
                country = self.keys.get(key) or self.keys.get("ال" + key)
                if country:
                    counts[country] += 1
        return counts.most_common(1)[0][0] if counts else None


def freeze_place_names(gazetteer: Path, out: Path) -> int:
    """Write the finder's table from a marsad gazetteer (how the frozen file was made, from
    the gazetteer of 2026-12-05); the number of names."""
    keys: dict[str, str] = {}
    with gzip.open(gazetteer, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("key\t"):
                continue
            row = line.rstrip("\n").split("\t")
            kind, country, population = row[3], row[4], row[10]
            big = kind == "town" and population.isdigit() and int(population) >= 100_000
            if kind in ("country", "admin1") or big:
                keys.setdefault(row[0], country)
    body = "".join(f"{k}\t{v}\n" for k, v in keys.items())
    header = (
        "# The place names of marsad gold select's main-country finder, frozen as the corpus\n"
        "# was drawn (the marsad gazetteer's countries, admin1 regions and towns of 100k+).\n"
        "key\tcountry\n"
    )
    with gzip.GzipFile(out, "wb", mtime=0) as fh:
        fh.write((header + body).encode("utf-8"))
    return len(keys)


def _event_cues(path: Path) -> frozenset[str]:
    cues = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip() or line.startswith("word\t"):
            continue
        form = line.split("\t")[0]
        if " " not in form:
            cues.add(normalize_text(form))
    return frozenset(cues)


def _articles(corpus: Path, exclude: set[str]) -> Iterator[dict[str, Any]]:
    seen_titles: set[str] = set()
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            text = record.get("text") or ""
            title = normalize_text(record.get("title") or "")
            if record["id"] in exclude or not MIN_CHARS <= len(text) <= MAX_CHARS:
                continue
            if title and title in seen_titles:
                continue
            seen_titles.add(title)
            yield record


def _take_by_outlet(pool: list[dict[str, Any]], n: int, rng: random.Random) -> list[dict[str, Any]]:
    """``n`` records of ``pool``, the outlets taken in turn (a seeded order within each)."""
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in pool:
        by_source[record["source"]].append(record)
    queues = [by_source[s] for s in sorted(by_source)]
    for queue in queues:
        rng.shuffle(queue)
    taken: list[dict[str, Any]] = []
    while len(taken) < n and any(queues):
        for queue in queues:
            if queue and len(taken) < n:
                taken.append(queue.pop())
    return taken


def select(
    corpus: Path,
    place_names: Path,
    countries: Path,
    event_cues: Path,
    exclude: Iterable[str],
    seed: int = 19,
) -> list[Selected]:
    """The 600 articles of the annotated corpus, in a deterministic order."""
    rng = random.Random(seed)
    finder = _CountryFinder(place_names)
    continent = {}
    for line in countries.read_text(encoding="utf-8").splitlines()[1:]:
        row = line.split("\t")
        continent[row[0]] = row[6]
    cues = _event_cues(event_cues)
    conflict: dict[str, list[dict[str, Any]]] = defaultdict(list)
    other: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in _articles(corpus, set(exclude)):
        categories = set(record.get("categories") or [])
        head = f"{record.get('title') or ''}\n{record['text'][:600]}"
        if categories & CONFLICT_CATEGORIES:
            words = set(word_list(normalize_text(record["text"])))
            if not words & cues:
                continue
            country = finder.main_country(head)
            if country is None:
                continue
            record["_country"] = country
            record["_stratum"] = _stratum(country, continent.get(country, ""))
            record["_category"] = sorted(categories & CONFLICT_CATEGORIES)[0]
            conflict[record["_stratum"]].append(record)
        elif categories & set(OTHER_CATEGORIES):
            category = next(c for c in OTHER_CATEGORIES if c in categories)
            record["_country"] = finder.main_country(head) or ""
            record["_stratum"] = category
            record["_category"] = category
            other[category].append(record)
    chosen: list[tuple[str, list[dict[str, Any]]]] = []
    used: set[str] = set()
    for stratum, quota in STRATA.items():
        picked = _take_by_outlet(conflict.get(stratum, []), quota, rng)
        used.update(r["id"] for r in picked)
        chosen.append((stratum, picked))
    short = sum(STRATA.values()) - sum(len(p) for _, p in chosen)
    if short > 0:  # fill from every stratum's rest
        rest = [r for rs in conflict.values() for r in rs if r["id"] not in used]
        rest.sort(key=lambda r: r["id"])
        chosen.append(("fill", _take_by_outlet(rest, short, rng)))
    for category, quota in OTHER_QUOTA.items():
        pool = sorted(other.get(category, []), key=lambda r: r["id"])
        alarm = [
            r for r in pool if set(word_list(normalize_text(r["text"]))) & set(FALSE_ALARM_CUES)
        ]
        n_alarm = quota * 2 // 3
        picked = _take_by_outlet(alarm, n_alarm, rng)
        ids = {r["id"] for r in picked}
        picked += _take_by_outlet([r for r in pool if r["id"] not in ids], quota - len(picked), rng)
        chosen.append((category, picked))
    return _assign(chosen, rng)


def _split_sequence(n: int) -> list[str]:
    """``n`` split names in the shares of ``SPLIT_SHARES``, spread evenly (largest deficit
    first), so a group's strata each land in every split in proportion."""
    assigned = dict.fromkeys(SPLIT_SHARES, 0)
    sequence = []
    for i in range(n):
        split = max(SPLIT_SHARES, key=lambda s: SPLIT_SHARES[s] * (i + 1) - assigned[s])
        assigned[split] += 1
        sequence.append(split)
    return sequence


def _assign(chosen: list[tuple[str, list[dict[str, Any]]]], rng: random.Random) -> list[Selected]:
    rows: list[Selected] = []
    for group in ("conflict", "other"):
        ordered: list[dict[str, Any]] = []
        for stratum, records in chosen:  # stratum by stratum, a seeded order within each
            if ("other" if stratum in OTHER_QUOTA else "conflict") != group:
                continue
            records = sorted(records, key=lambda r: r["id"])
            rng.shuffle(records)
            ordered += records
        for split, record in zip(_split_sequence(len(ordered)), ordered, strict=True):
            rows.append(
                Selected(
                    id=record["id"],
                    split=split,
                    group=group,
                    category=record["_category"],
                    source=record["source"],
                    country=record["_country"],
                    stratum=record["_stratum"],
                    entities=False,
                    double=False,
                    chars=len(record["text"]),
                    sha1=text_digest(record["text"]),
                )
            )
    by_split: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_split[row.split].append(i)
    double: set[int] = set()
    entities: set[int] = set()
    for split, indexes in sorted(by_split.items()):
        order = list(indexes)
        rng.shuffle(order)
        n_double = max(10, -(-len(order) // 10))
        double.update(order[:n_double])
        entities.update(order[: len(order) if split != "train" else 200])
    rows = [replace(r, double=i in double, entities=i in entities) for i, r in enumerate(rows)]
    rank = {"train": 0, "dev": 1, "test": 2}
    return sorted(rows, key=lambda r: (rank[r.split], r.id))


def write_selection(rows: list[Selected], path: Path) -> None:
    lines = ["\t".join(COLUMNS)] + ["\t".join(r.row()) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_selection(path: Path) -> list[Selected]:
    """The rows of ``selection.tsv``."""
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    header = tuple(lines[0].split("\t"))
    if header != COLUMNS:
        from marsad.errors import MalformedInputError

        raise MalformedInputError(f"expected columns {COLUMNS}", source=f"{path}:1")
    for line in lines[1:]:
        v = dict(zip(COLUMNS, line.split("\t"), strict=True))
        rows.append(
            Selected(
                id=v["id"],
                split=v["split"],
                group=v["group"],
                category=v["category"],
                source=v["source"],
                country=v["country"],
                stratum=v["stratum"],
                entities=v["entities"] == "yes",
                double=v["double"] == "yes",
                chars=int(v["chars"]),
                sha1=v["sha1"],
            )
        )
    return rows
