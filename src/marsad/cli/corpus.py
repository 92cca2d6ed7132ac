"""The corpus commands of the ``marsad`` CLI: ingest, reanalyze, search, events, entities,
figures, export, stats and load. Arguments in, rendering out; the work is in
``marsad.services`` (each command imports only the service it runs)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from marsad.cli.output import (
    EXIT_FAILED_INPUTS,
    EXIT_OK,
    EXIT_USAGE,
    existing_store,
    print_json,
)
from marsad.errors import QueryError
from marsad.inputs.reading import validate_published
from marsad.services import queries
from marsad.settings import Settings, load_settings
from marsad.store import Filters, Store

if TYPE_CHECKING:
    from marsad.corpus.writer import IngestReport

Handler = Callable[[argparse.Namespace, Store, Settings, Console, Console], int]
# The commands that may create the store; every other one refuses a store that is not there.
_WRITERS = frozenset({"ingest", "load"})


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Run one corpus command over the store that ``--db`` (or the settings) names."""
    settings = load_settings(args.config)
    url = args.db or settings.store.url
    if args.command not in _WRITERS:
        url = existing_store(url)
    with Store.open(url) as store:
        handler: Handler = {
            "ingest": _ingest,
            "reanalyze": _reanalyze,
            "search": _search,
            "events": _events,
            "entities": _entities,
            "figures": _figures,
            "export": _export,
            "stats": _stats,
            "load": _load,
        }[args.command]
        return handler(args, store, settings, out, err)


def _ingest(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    from marsad.services.ingest import ingest  # MinHash (datasketch, numpy): only to write

    published = validate_published(args.published) if args.published else None
    failures = Path(args.failures)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("ingesting")

        def progress(name: str, report: IngestReport) -> None:
            rate = report.seen / max(bar.tasks[0].elapsed or 1e-9, 1e-9)
            bar.update(
                task,
                description=f"{report.ingested} stored · {report.duplicates} already stored · "
                f"{len(report.failed)} failed · {rate:.1f}/s · {name[-60:]}",
            )

        report = ingest(
            args.paths,
            store,
            settings=settings,
            analyze=not args.no_analyze,
            workers=max(1, args.workers),
            published=published,
            failures_path=failures,
            progress=progress,
            stdin=sys.stdin.buffer,
        )
    if args.json:
        print_json(out, report.to_dict())
    else:
        out.print(_report_line(report), highlight=False)
    for warning in report.warnings[:20]:
        err.print(f"[yellow]warning[/] {warning.input}: {warning.message}", highlight=False)
    if len(report.warnings) > 20:
        err.print(f"... and {len(report.warnings) - 20} more warnings")
    for failure in report.failed[:20]:
        err.print(f"[red]failed[/] [{failure.code}] {failure.input}: {failure.message}")
    if len(report.failed) > 20:
        err.print(f"... and {len(report.failed) - 20} more")
    if report.failed:
        err.print(f"failures listed in {failures}", highlight=False)
    return EXIT_FAILED_INPUTS if report.failed else EXIT_OK


def _reanalyze(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    from marsad.services.ingest import reanalyze

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("reanalyzing", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = reanalyze(store, settings=settings, everything=args.all, progress=progress)
    out.print(
        f"reanalyzed {report.reanalyzed} · failed {len(report.failed)} · {report.seconds:.1f} s",
        highlight=False,
    )
    for failure in report.failed:
        err.print(f"[red]failed[/] [{failure.code}] {failure.input}: {failure.message}")
    return EXIT_FAILED_INPUTS if report.failed else EXIT_OK


def _make_filters(args: argparse.Namespace) -> Filters:
    return queries.make_filters(
        date_from=args.date_from,
        date_to=args.date_to,
        source=args.source,
        entity=args.entity,
        place=args.place,
        event_type=args.event_type,
        min_confidence=args.min_confidence,
    )


def _search(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    result = queries.search(
        store, args.query, _make_filters(args), limit=args.limit, offset=args.offset
    )
    if args.json:
        print_json(out, result.to_dict())
        return EXIT_OK
    out.print(f"{result.total} documents match {args.query!r}", highlight=False)
    for hit in result.hits:
        d = hit.document
        head = " · ".join(str(x) for x in (d["published"], d["source"], d["id"]) if x)
        out.print(f"\n[bold]{d['title'] or '(no title)'}[/]  [dim]{head}[/]", highlight=False)
        text = hit.snippet.marked("\x00", "\x01").replace("[", r"\[")
        out.print(text.replace("\x00", "[bold yellow]").replace("\x01", "[/]"), highlight=False)
    return EXIT_OK


def _events(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    filters = _make_filters(args)
    total, rows = _all_pages(
        lambda limit, offset: queries.events(
            store,
            filters,
            country=args.country,
            with_duplicates=args.with_duplicates,
            limit=limit,
            offset=offset,
        ),
        args.limit,
        args.offset,
    )
    if args.json:
        print_json(out, {"total": total, "offset": args.offset, "events": rows})
        _say_shown(err, len(rows), total, args.offset)
        return EXIT_OK
    table = Table(title=f"{total} events", show_lines=False)
    columns = ("date", "type", "actor1", "actor2", "place", "killed", "confidence", "source")
    for column in columns:
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["date"] or "",
            r["sub_type"] or r["type"],
            r["actor1_en"] or r["actor1"] or "",
            r["actor2_en"] or r["actor2"] or "",
            ", ".join(x for x in (r["place_en"] or r["place"], r["country"]) if x),
            "" if r["fatalities"] is None else str(r["fatalities"]),
            "" if r["confidence"] is None else f"{r['confidence']:.2f}",
            r["source"] or r["doc_id"],
        )
    out.print(table)
    _say_shown(err, len(rows), total, args.offset)
    return EXIT_OK


def _all_pages(
    fetch: Callable[[int, int], tuple[int, list[dict[str, Any]]]], limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """The total and ``limit`` rows from ``offset`` (0: every row), fetched a page at a time:
    the CLI has no cap, only the pages it asks for have one."""
    if limit < 0:
        raise QueryError(f"--limit must be 0 (all) or more, not {limit}")
    total, rows = fetch(min(limit or queries.MAX_PAGE, queries.MAX_PAGE), offset)
    wanted = total - offset if limit == 0 else min(limit, total - offset)
    while len(rows) < wanted:
        step = min(wanted - len(rows), queries.MAX_PAGE)
        _, page = fetch(step, offset + len(rows))
        if not page:
            break
        rows += page
    return total, rows


def _say_shown(err: Console, shown: int, total: int, offset: int) -> None:
    """Say on stderr when the rows shown are not all there are (never a silent cut)."""
    if offset or shown < total:
        err.print(
            f"showing {shown} of {total} from row {offset + 1}: --limit N (0 for all) and "
            "--offset N page through the rest",
            highlight=False,
        )


def _entities(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    if args.show:
        found = queries.entity(store, args.show)
        if args.json:
            print_json(out, found)
            return EXIT_OK
        out.print(
            f"[bold]{found['name']}[/] ({found['label']}, {found['key']}) "
            f"{found['name_en'] or ''}: {found['mentions']} mentions in {found['documents']} "
            f"documents, {found['first_seen']} → {found['last_seen']}",
            highlight=False,
        )
        for quote in found["quotes"][:10]:
            out.print(f"  «{quote['text'][:120]}» — {quote['published']}", highlight=False)
        for ev in found["events"][:10]:
            out.print(f"  {ev['date']} {ev['sub_type'] or ev['type']} ({ev['role']})")
        return EXIT_OK
    rows = queries.entities(
        store, name=args.name, label=args.label, limit=args.limit, offset=args.offset
    )
    if args.json:
        print_json(out, rows)
        return EXIT_OK
    table = Table(title="entities")
    for column in ("key", "name", "english", "mentions", "docs", "first", "last"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["key"],
            r["name"],
            r["name_en"] or "",
            str(r["mentions"]),
            str(r["documents"]),
            r["first_seen"] or "",
            r["last_seen"] or "",
        )
    out.print(table)
    return EXIT_OK


def _figures(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    filters = _make_filters(args)
    # One row more than asked says whether there are more.
    ask = None if args.limit == 0 else args.limit + 1
    rows = _figure_rows(store, args.subject, filters, ask)
    more = ask is not None and len(rows) > args.limit
    rows = rows[: args.limit] if more else rows
    if args.json:
        print_json(out, rows)
    else:
        table = Table(title=f"{len(rows)} claims about {args.subject}")
        for column in ("date", "figure", "value", "unit", "subject", "reported by", "source"):
            table.add_column(column)
        for r in rows:
            table.add_row(
                r["date"] or "",
                r["text"],
                "" if r["value"] is None else f"{r['value']:g}",
                r["unit"] or "",
                r["subject"] or "",
                r["reported_by"] or "",
                r["source"] or r["doc_id"],
            )
        out.print(table)
    if more:
        err.print(
            f"showing the first {args.limit} claims; there are more: --limit N (0 for all) "
            "or the filters (--from, --to, --source, --place...) narrow them",
            highlight=False,
        )
    return EXIT_OK


def _figure_rows(
    store: Store, subject: str, filters: Filters, limit: int | None
) -> list[dict[str, Any]]:
    """Up to ``limit`` claims (None: all), fetched a page at a time."""
    if limit is not None and limit < 1:
        raise QueryError(f"--limit must be 0 (all) or more, not {limit - 1}")
    rows: list[dict[str, Any]] = []
    while limit is None or len(rows) < limit:
        step = queries.MAX_PAGE if limit is None else min(limit - len(rows), queries.MAX_PAGE)
        page = queries.figures(store, subject, filters, limit=step, offset=len(rows))
        rows += page
        if len(page) < step:
            break
    return rows


def _export(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    from marsad.services import export

    filters = _make_filters(args)
    if args.format == "parquet":
        if filters != Filters() or args.country or args.with_duplicates:
            err.print(
                "[red]error[/] --format parquet writes the whole store: the filters are for "
                "jsonl, acled-csv, plover-csv and geojson"
            )
            return EXIT_USAGE
        if not args.out:
            err.print("[red]error[/] --format parquet needs --out DIRECTORY")
            return EXIT_USAGE
        counts = export.export_parquet(store, Path(args.out))
        err.print(", ".join(f"{t}: {n}" for t, n in counts.items()), highlight=False)
        return EXIT_OK
    if args.bom and args.format not in ("acled-csv", "plover-csv"):
        err.print("[red]error[/] --bom is for acled-csv and plover-csv")
        return EXIT_USAGE
    if args.acled_only and args.format != "acled-csv":
        err.print("[red]error[/] --acled-only is for acled-csv")
        return EXIT_USAGE
    country, copies = queries.country_code(args.country), args.with_duplicates
    with ExitStack() as stack:
        fh: TextIO = sys.stdout
        if args.out:
            fh = stack.enter_context(Path(args.out).open("w", encoding="utf-8", newline=""))
        if args.format == "jsonl":
            if args.country or args.with_duplicates:
                err.print("[red]error[/] --country and --with-duplicates are for event exports")
                return EXIT_USAGE
            n = export.export_jsonl(store, fh, filters=filters)
            err.print(f"{n} documents", highlight=False)
        elif args.format in ("acled-csv", "plover-csv"):
            n = export.export_acled_csv(
                store,
                fh,
                filters=filters,
                political=args.format == "plover-csv",
                acled_only=args.acled_only,
                bom=args.bom,
                country=country,
                with_duplicates=copies,
            )
            what = "political interactions" if args.format == "plover-csv" else "events"
            err.print(f"{n} {what}", highlight=False)
        else:
            written, skipped = export.export_geojson(
                store, fh, filters, country=country, with_duplicates=copies
            )
            err.print(f"{written} events ({skipped} without coordinates left out)")
    return EXIT_OK


def _stats(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    counts = store.counts()
    migrations = store.migrations()
    if args.json:
        print_json(out, {"store": store.db.url, "counts": counts, "migrations": migrations})
        return EXIT_OK
    out.print(f"store {store.db.url} ({store.dialect})", highlight=False)
    for name, n in counts.items():
        out.print(f"  {name}: {n}")
    out.print("migrations: " + ", ".join(m["name"] for m in migrations), highlight=False)
    return EXIT_OK


def _report_line(report: IngestReport) -> str:
    return (
        f"ingested {report.ingested} · duplicates skipped {report.duplicates} · "
        f"linked to a stored story {report.linked} (near copies {report.copies}) · "
        f"failed {len(report.failed)} · {report.seconds:.1f} s"
    )


def _load(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    from marsad.services.load import load

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True
    ) as bar:
        task = bar.add_task("loading")

        def progress(part: str, report: IngestReport) -> None:
            bar.update(task, description=f"{report.ingested} stored · {part}")

        report = load(
            Path(args.directory),
            store,
            settings=settings,
            failures_path=Path(args.failures),
            progress=progress,
        )
    if args.json:
        print_json(out, report.to_dict())
    else:
        out.print(_report_line(report), highlight=False)
    for failure in report.failed[:20]:
        err.print(f"[red]failed[/] [{failure.code}] {failure.input}: {failure.message}")
    return EXIT_FAILED_INPUTS if report.failed else EXIT_OK
