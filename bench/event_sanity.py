"""Benchmark: corpus-wide sanity of the events the default pipeline finds in ANT news.

    .venv/bin/python bench/event_sanity.py [--n 5000] [--seed 1] [--check]

Input: the ANT news corpus (``--ant``, JSON lines with ``id``, ``categories``, ``text``,
``date``). Articles with a non-empty body in one of ``--categories`` (by default the news
categories ``middleEast`` and ``internationalNews``) are candidates, less those of the annotated
corpus (``eval/corpus/selection.tsv``: an article whose id or one of whose
``duplicate_docnos`` is listed there is skipped). ``--n`` of them are drawn with
``random.Random(--seed)`` from the candidates in id order, so a sample is the same on every run.

The default pipeline (settings.default.toml, not the user's file) runs over every article in
one process, with the article's publication date (``date``) and source as Document meta, so
that relative times resolve. Events below ``--min-confidence`` are left out (by default none).

Reported, over the events kept:

- events in all and per article, by type;
- every event with a fatality figure of ``--fatality-limit`` (1,000) or more: article id, type,
  fatalities, trigger text and the evidence sentence (cut to 200 characters);
- the dates: an event's ``time`` is the id of one of ``doc.times``; its interval (or, without
  one, the day, ISO week, month or year its value names) is compared with the window
  [publication - 1 calendar month, publication]. An event is *outside* when the two do not
  overlap (before the window, or after publication). Events without a time, and events whose
  time has no value (unresolved), are counted apart and are neither inside nor outside. The
  share outside is taken over the dated events (and also given over all events), with a
  listing of those events;
- the share of events with a place (and with a geocoded one: a country, coordinates);
- the 30 most frequent place names over every place mention (not only events'), each with
  its resolutions (English name, country, precision) and how often each was given;
- articles/s (the pipeline alone, after a warm-up document) and peak resident memory.

Writes ``report.json`` (figures and listings) and ``summary.md`` into ``--out`` (by default
``bench/results/event_sanity``, which git ignores: the listings quote article text), prints a
table and one JSON line with the figures only. With ``--check`` the exit status is 1 when a
limit is broken: share outside the window over ``--max-outside`` (2 %), share with a place
under ``--min-place`` (80 %), or any event at or over ``--fatality-limit``.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import gzip
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import MofNCompleteColumn, Progress
from rich.table import Table

from ant import CORPUS, DEFAULT_DATA, ROOT, cpu_model, rss_mb, run_info
from marsad.doc import Document, Event, Meta, Time
from marsad.services.analysis import build_pipeline
from marsad.settings import load_settings

DEFAULT_CATEGORIES = ("middleEast", "internationalNews")
SELECTION = ROOT / "eval" / "corpus" / "selection.tsv"
DEFAULT_OUT = ROOT / "bench" / "results" / "event_sanity"
EVIDENCE_CHARS = 200
TOP_PLACES = 30  # the most frequent place names listed with their resolutions


# ---------------------------------------------------------------------------------------------
# Input


def selection_ids(path: Path) -> set[str]:
    """The article ids of the annotated corpus (empty, with a message, if the file is absent)."""
    if not path.is_file():
        print(f"note: {path} not found, no article is skipped", file=sys.stderr)
        return set()
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["id"] for row in csv.DictReader(fh, delimiter="\t")}


def candidates(
    path: Path, categories: set[str], skip: set[str]
) -> tuple[list[dict[str, Any]], int]:
    """Articles with a body in one of ``categories`` and not in ``skip``, sorted by id, and
    how many were skipped for being in ``skip``."""
    rows: list[dict[str, Any]] = []
    skipped = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not row.get("text") or not categories & set(row.get("categories") or ()):
                continue
            if row["id"] in skip or skip.intersection(row.get("duplicate_docnos") or ()):
                skipped += 1
                continue
            rows.append({k: row.get(k) for k in ("id", "categories", "text", "date", "source")})
    rows.sort(key=lambda r: str(r["id"]))
    return rows, skipped


def sample(rows: list[dict[str, Any]], n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` rows drawn with ``random.Random(seed)``, in id order (all of them if fewer)."""
    if n <= 0 or n >= len(rows):
        return rows
    picked = sorted(random.Random(seed).sample(range(len(rows)), n))
    return [rows[i] for i in picked]


# ---------------------------------------------------------------------------------------------
# Dates

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")


def time_bounds(t: Time) -> tuple[date, date] | None:
    """The first and last day a resolved time covers: its interval, else the day, ISO week,
    month or year its value names; None when it has no value or one not read here."""
    try:
        if t.interval is not None:
            return date.fromisoformat(t.interval[0]), date.fromisoformat(t.interval[1])
        value = t.value or ""
        if m := _DAY.fullmatch(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _WEEK.fullmatch(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := _MONTH.fullmatch(value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _YEAR.fullmatch(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def month_before(d: date) -> date:
    """The same day one calendar month earlier (the month's last day when it is shorter)."""
    y, m = (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def publication(doc: Document) -> date | None:
    try:
        return date.fromisoformat(doc.meta.published or "")
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Per-event checks


@dataclass
class Tally:
    articles: int = 0
    chars: int = 0
    events: int = 0
    with_place: int = 0
    with_country: int = 0
    with_coords: int = 0
    no_time: int = 0
    unresolved_time: int = 0
    no_publication: int = 0
    inside: int = 0
    before_window: int = 0
    after_publication: int = 0
    dropped_low_confidence: int = 0


def cut(text: str, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def event_line(doc_id: str, doc: Document, e: Event) -> dict[str, Any]:
    return {
        "id": doc_id,
        "published": doc.meta.published,
        "event": e.id,
        "type": e.type,
        "sub_type": e.sub_type,
        "fatalities": e.fatalities,
        "confidence": e.confidence,
        "trigger": e.trigger.text,
        "evidence": cut(e.evidence.text),
    }


class Sanity:
    """Accumulates the checks over the analysed documents."""

    def __init__(self, min_confidence: float | None, fatality_limit: int) -> None:
        self.min_confidence = min_confidence
        self.fatality_limit = fatality_limit
        self.tally = Tally()
        self.by_type: Counter[str] = Counter()
        self.with_place_by_type: Counter[str] = Counter()
        self.per_article: Counter[int] = Counter()
        self.outside_by_granularity: Counter[str] = Counter()
        self.big_fatalities: list[dict[str, Any]] = []
        self.outside: list[dict[str, Any]] = []
        # place name -> (English name, country, precision) -> mentions
        self.place_names: dict[str, Counter[tuple[str, str, str]]] = {}

    def kept(self, events: Iterable[Event]) -> list[Event]:
        out = []
        for e in events:
            if self.min_confidence is not None and (e.confidence or 0.0) < self.min_confidence:
                self.tally.dropped_low_confidence += 1
                continue
            out.append(e)
        return out

    def add(self, doc_id: str, doc: Document) -> None:
        t = self.tally
        t.articles += 1
        t.chars += len(doc.text)
        events = self.kept(doc.events)
        self.per_article[len(events)] += 1
        times = {x.id: x for x in doc.times}
        places = {p.id: p for p in doc.places}
        for p in doc.places:
            name = " ".join(p.name.split())
            self.place_names.setdefault(name, Counter())[
                (p.name_en or "-", p.country or "-", p.precision or "-")
            ] += 1
        pub = publication(doc)
        for e in events:
            t.events += 1
            self.by_type[e.type] += 1
            t.with_place += e.place is not None
            self.with_place_by_type[e.type] += e.place is not None
            place = places.get(e.place) if e.place is not None else None
            t.with_country += place is not None and place.country is not None
            t.with_coords += place is not None and place.lat is not None
            if e.fatalities is not None and e.fatalities >= self.fatality_limit:
                self.big_fatalities.append(event_line(doc_id, doc, e))
            tm = times.get(e.time) if e.time is not None else None
            if tm is None:
                t.no_time += 1
                continue
            bounds = time_bounds(tm)
            if bounds is None:
                t.unresolved_time += 1
                continue
            if pub is None:
                t.no_publication += 1
                continue
            first, last = bounds
            if last < month_before(pub):
                t.before_window += 1
                where = "before"
            elif first > pub:
                t.after_publication += 1
                where = "after"
            else:
                t.inside += 1
                continue
            self.outside_by_granularity[tm.granularity or "?"] += 1
            self.outside.append(
                {
                    **event_line(doc_id, doc, e),
                    "where": where,
                    "time_text": tm.text,
                    "time_value": tm.value,
                    "time_interval": list(tm.interval) if tm.interval else None,
                    "granularity": tm.granularity,
                }
            )

    def top_places(self, n: int = TOP_PLACES) -> list[dict[str, Any]]:
        """The ``n`` most frequent place names and how each was resolved."""
        ranked = sorted(self.place_names.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        return [
            {
                "name": name,
                "mentions": sum(res.values()),
                "resolutions": [
                    {"name_en": en, "country": c, "precision": pr, "mentions": k}
                    for (en, c, pr), k in res.most_common()
                ],
            }
            for name, res in ranked[:n]
        ]

    def figures(self, seconds: float) -> dict[str, Any]:
        t = self.tally
        dated = t.inside + t.before_window + t.after_publication
        outside = t.before_window + t.after_publication
        return {
            "articles": t.articles,
            "chars": t.chars,
            "seconds": round(seconds, 2),
            "articles_per_s": round(t.articles / seconds, 1) if seconds else None,
            "events": t.events,
            "events_per_article": round(t.events / max(1, t.articles), 3),
            "articles_without_events": self.per_article[0],
            "events_by_type": dict(self.by_type.most_common()),
            "dropped_low_confidence": t.dropped_low_confidence,
            "with_place": t.with_place,
            "share_with_place": _share(t.with_place, t.events),
            "share_with_place_country": _share(t.with_country, t.events),
            "share_with_place_coordinates": _share(t.with_coords, t.events),
            "share_with_place_by_type": {
                k: _share(self.with_place_by_type[k], n) for k, n in self.by_type.most_common()
            },
            "fatalities_at_or_over_limit": len(self.big_fatalities),
            "dated": dated,
            "no_time": t.no_time,
            "unresolved_time": t.unresolved_time,
            "no_publication_date": t.no_publication,
            "inside_window": t.inside,
            "outside_window": outside,
            "before_window": t.before_window,
            "after_publication": t.after_publication,
            "share_outside_of_dated": _share(outside, dated),
            "share_outside_of_all": _share(outside, t.events),
            "outside_by_granularity": dict(self.outside_by_granularity.most_common()),
            "rss_mb_peak": round(rss_mb()),
        }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# ---------------------------------------------------------------------------------------------
# Running


def progress_iter(
    rows: list[dict[str, Any]], console: Console
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows, with a rich progress bar on a terminal, else a line every 30 s."""
    if console.is_terminal:
        with Progress(
            *Progress.get_default_columns(), MofNCompleteColumn(), console=console
        ) as bar:
            task = bar.add_task("analysing", total=len(rows))
            for i, row in enumerate(rows):
                yield i, row
                bar.advance(task)
        return
    t0 = last = time.perf_counter()
    for i, row in enumerate(rows):
        yield i, row
        now = time.perf_counter()
        if now - last >= 30 or i + 1 == len(rows):
            last = now
            rate = (i + 1) / (now - t0)
            print(
                f"{i + 1}/{len(rows)} articles, {rate:.1f}/s, "
                f"{(len(rows) - i - 1) / rate:.0f} s left",
                file=sys.stderr,
                flush=True,
            )


def limits_broken(figures: dict[str, Any], args: argparse.Namespace) -> list[str]:
    broken = []
    outside = figures["share_outside_of_dated"]
    if outside is not None and outside > args.max_outside:
        broken.append(
            f"{outside:.1%} of the dated events lie outside [publication - 1 month, "
            f"publication] (limit {args.max_outside:.0%})"
        )
    place = figures["share_with_place"]
    if place is not None and place < args.min_place:
        broken.append(f"{place:.1%} of the events have a place (limit {args.min_place:.0%})")
    if figures["fatalities_at_or_over_limit"]:
        broken.append(
            f"{figures['fatalities_at_or_over_limit']} events with {args.fatality_limit:,} "
            "fatalities or more"
        )
    return broken


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def esc(s: object) -> str:
    """A table cell: no pipes, no newlines."""
    return " ".join(str(s).split()).replace("|", "\\|")


def markdown(result: dict[str, Any], report: dict[str, Any], broken: list[str]) -> str:
    f = result
    lines = [
        "# Event sanity on ANT news",
        "",
        f"{f['date']}, {f['cpu_model']} ({f['cpus']} CPUs), Python {f['python']}.",
        f"Sample: {f['articles']} articles of {', '.join(f['categories'])} "
        f"(seed {f['seed']}, {f['candidates']} candidates, "
        f"{f['skipped_annotated']} skipped as annotated), "
        f"min confidence {f['min_confidence']}.",
        "",
        "| measure | value |",
        "| --- | ---: |",
        f"| events | {f['events']:,} ({f['events_per_article']} per article; "
        f"{f['articles_without_events']} articles without any) |",
        f"| events with a place | {f['with_place']:,} ({pct(f['share_with_place'])}; "
        f"with a country {pct(f['share_with_place_country'])}, with coordinates "
        f"{pct(f['share_with_place_coordinates'])}) |",
        f"| events with fatalities >= {f['fatality_limit']:,} | "
        f"{f['fatalities_at_or_over_limit']} |",
        f"| dated events | {f['dated']:,} (no time {f['no_time']:,}, unresolved time "
        f"{f['unresolved_time']:,}, no publication date {f['no_publication_date']}) |",
        f"| dated outside [pub - 1 month, pub] | {f['outside_window']:,}: "
        f"{pct(f['share_outside_of_dated'])} of dated, {pct(f['share_outside_of_all'])} of all "
        f"(before {f['before_window']:,}, after publication {f['after_publication']:,}) |",
        "| outside, by granularity | "
        + ", ".join(f"{k} {v}" for k, v in f["outside_by_granularity"].items())
        + " |",
        f"| articles/s | {f['articles_per_s']} ({f['seconds']} s) |",
        f"| peak RSS | {f['rss_mb_peak']} MB |",
        "",
        "Events by type: " + ", ".join(f"{k} {v}" for k, v in f["events_by_type"].items()),
        "",
        "Share with a place, by type: "
        + ", ".join(f"{k} {pct(v)}" for k, v in f["share_with_place_by_type"].items()),
        "",
        "Limits: " + ("; ".join(broken) if broken else "none broken"),
        "",
        f"## Events with {f['fatality_limit']:,} fatalities or more",
        "",
        "| article | type | fatalities | trigger | evidence |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for e in report["big_fatalities"]:
        lines.append(
            f"| {e['id']} | {e['type']} | {e['fatalities']:,} | {esc(e['trigger'])} | "
            f"{esc(e['evidence'])} |"
        )
    lines += [
        "",
        f"## The {TOP_PLACES} most frequent place names",
        "",
        "| name | mentions | resolutions (English name, country, precision: mentions) |",
        "| --- | ---: | --- |",
    ]
    for p in report["top_places"]:
        res = "; ".join(
            f"{r['name_en']}, {r['country']}, {r['precision']}: {r['mentions']}"
            for r in p["resolutions"]
        )
        lines.append(f"| {esc(p['name'])} | {p['mentions']:,} | {esc(res)} |")
    lines += [
        "",
        "## Events dated outside the window",
        "",
        "| article | published | where | time | value / interval | type | trigger | evidence |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for e in report["outside_window"]:
        value = e["time_value"] if not e["time_interval"] else "/".join(e["time_interval"])
        lines.append(
            f"| {e['id']} | {e['published']} | {e['where']} | {esc(e['time_text'])} | {value} | "
            f"{e['type']} | {esc(e['trigger'])} | {esc(e['evidence'])} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ant", type=Path, default=DEFAULT_DATA / CORPUS, help="the ANT corpus")
    ap.add_argument("--n", type=int, default=5000, help="articles to sample (0: all)")
    ap.add_argument(
        "--categories",
        default=",".join(DEFAULT_CATEGORIES),
        help="comma-separated ANT categories (default: %(default)s)",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the reports go")
    ap.add_argument("--min-confidence", type=float, default=None)
    ap.add_argument("--selection", type=Path, default=SELECTION, help=argparse.SUPPRESS)
    ap.add_argument("--check", action="store_true", help="exit 1 when a limit is broken")
    ap.add_argument("--max-outside", type=float, default=0.02)
    ap.add_argument("--min-place", type=float, default=0.80)
    ap.add_argument("--fatality-limit", type=int, default=1000)
    args = ap.parse_args(argv)
    if not args.ant.is_file():
        print(f"skipped: {args.ant} not found", file=sys.stderr)
        return 0
    console = Console(stderr=True)
    categories = {c.strip() for c in args.categories.split(",") if c.strip()}

    rows, skipped = candidates(args.ant, categories, selection_ids(args.selection))
    picked = sample(rows, args.n, args.seed)
    console.print(
        f"{len(rows):,} candidate articles ({skipped} annotated skipped), {len(picked):,} drawn"
    )

    nlp = build_pipeline(load_settings(None, use_user_file=False))
    nlp(Document.from_text("قصفت طائرات روسية بلدة كفرنبل في ريف إدلب أمس.", Meta("x")))

    sanity = Sanity(args.min_confidence, args.fatality_limit)
    seconds = 0.0
    for _, row in progress_iter(picked, console):
        doc = Document.from_text(row["text"], Meta(source=row.get("source"), published=row["date"]))
        t0 = time.perf_counter()
        doc = nlp(doc)
        seconds += time.perf_counter() - t0
        sanity.add(str(row["id"]), doc)

    result = {
        **run_info("event_sanity"),
        "cpu_model": cpu_model(),
        "pipeline": list(nlp.names),
        "categories": sorted(categories),
        "seed": args.seed,
        "candidates": len(rows),
        "skipped_annotated": skipped,
        "min_confidence": args.min_confidence,
        "fatality_limit": args.fatality_limit,
        **sanity.figures(seconds),
    }
    broken = limits_broken(result, args)
    result["limits_broken"] = broken
    report = {
        "figures": result,
        "big_fatalities": sanity.big_fatalities,
        "outside_window": sanity.outside,
        "top_places": sanity.top_places(),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (args.out / "summary.md").write_text(markdown(result, report, broken), encoding="utf-8")

    table = Table(title=f"Event sanity on {result['articles']} ANT articles")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in ("events", "events_per_article", "share_with_place",
                "share_with_place_country", "share_with_place_coordinates",
                "fatalities_at_or_over_limit", "dated", "no_time", "unresolved_time",
                "outside_window", "before_window", "after_publication",
                "share_outside_of_dated", "share_outside_of_all", "articles_per_s",
                "rss_mb_peak"):  # fmt: skip
        table.add_row(key, f"{result[key]}")
    Console().print(table)
    for e in sanity.big_fatalities[:10]:
        console.print(
            f"fatalities {e['fatalities']:,}: {e['id']} {e['type']} «{e['trigger']}»", markup=False
        )
    places = Table(title=f"The {TOP_PLACES} most frequent place names")
    places.add_column("name")
    places.add_column("mentions", justify="right")
    places.add_column("resolutions")
    for p in report["top_places"]:
        places.add_row(
            p["name"],
            str(p["mentions"]),
            "; ".join(
                f"{r['name_en']} {r['country']} {r['precision']} ×{r['mentions']}"
                for r in p["resolutions"][:3]
            ),
        )
    Console().print(places)
    console.print(f"reports: {args.out / 'report.json'}, {args.out / 'summary.md'}")
    for line in broken:
        console.print(f"[red]limit broken:[/red] {escape(line)}")
    print(json.dumps(result, ensure_ascii=False))
    return 1 if args.check and broken else 0


if __name__ == "__main__":
    sys.exit(main())
