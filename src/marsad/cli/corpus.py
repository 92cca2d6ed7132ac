"""The corpus commands of the ``marsad`` CLI: ingest, reanalyze, search, events, entities,
figures, export and stats. Arguments in, rendering out; the work is in ``marsad.corpus``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from marsad.corpus import export, queries
from marsad.corpus.ingest import IngestReport, ingest, reanalyze
from marsad.errors import ConfigError
from marsad.inputs.reading import validate_published
from marsad.settings import Settings
from marsad.store import Filters, Store

EXIT_OK, EXIT_FAILED_INPUTS = 0, 1
COMMANDS = (
    "ingest",
    "reanalyze",
    "search",
    "events",
    "entities",
    "figures",
    "export",
    "stats",
    "load",
    "spark",
    "serve",
)


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the store: a SQLite file or a postgresql:// URL (default: settings store.url)",
    )


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="from this date")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="up to this date")
    parser.add_argument("--source", help="only this source (outlet) as stored")
    parser.add_argument("--entity", help="mentions this entity: a name or a key (kb:Q858)")
    parser.add_argument("--place", help="mentions this place: a name, geo:ID or a country code")
    parser.add_argument("--type", dest="event_type", help="has an event of this type/sub-type")


def _paging(parser: argparse.ArgumentParser, limit: int) -> None:
    parser.add_argument("--limit", type=int, default=limit, help="how many (default %(default)s)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many first")


def add_commands(commands: Any) -> None:
    """Register the corpus sub-commands on the main parser's sub-parsers."""
    p = commands.add_parser(
        "ingest",
        help="ingest files, directories, feeds, WARCs or URLs into the store",
        description="Read .txt, .html, .json/.jsonl, RSS/Atom feeds (.xml/.rss/.atom), WARC "
        "files, directories of them and http(s) URLs; analyze each document and store it. "
        "Documents already stored (same content) are skipped, so a run can be repeated.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH|URL")
    _db(p)
    p.add_argument("--no-analyze", action="store_true", help="store and index only, no facts")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="analyse in N processes (default 1; the writes stay in one); results are "
        "identical, in input order",
    )
    p.add_argument("--published", metavar="YYYY-MM-DD", help="override the publication date")
    p.add_argument(
        "--failures",
        metavar="FILE",
        default="ingest-failures.jsonl",
        help="where failed inputs are listed with their reasons, rewritten by each run "
        "(default: %(default)s)",
    )
    _json_flag(p)

    p = commands.add_parser(
        "reanalyze", help="run the current pipeline again over stored documents"
    )
    _db(p)
    p.add_argument("--all", action="store_true", help="every document, not only older ones")

    p = commands.add_parser(
        "search",
        help="full-text search with highlighted snippets",
        description='Words must all occur; "a phrase"; prefix*; -excluded. Clitics and '
        "spelling are normalized: الموصل finds بالموصل.",
    )
    p.add_argument("query")
    _db(p)
    _filters(p)
    _paging(p, 10)
    _json_flag(p)

    p = commands.add_parser("events", help="list events (each event once per story)")
    _db(p)
    _filters(p)
    p.add_argument("--country", help="two-letter country code of the event's place")
    p.add_argument(
        "--with-duplicates", action="store_true", help="also copies of one story's events"
    )
    _paging(p, 50)
    _json_flag(p)

    p = commands.add_parser("entities", help="canonical entities across the corpus")
    p.add_argument("name", nargs="?", help="only entities whose name contains this")
    _db(p)
    p.add_argument("--label", choices=("PER", "ORG", "LOC", "MISC"))
    p.add_argument("--show", metavar="KEY", help="one entity: counts, mentions, quotes, events")
    _paging(p, 30)
    _json_flag(p)

    p = commands.add_parser(
        "figures", help="claims about one subject over time, with sources and reporters"
    )
    p.add_argument("subject")
    _db(p)
    p.add_argument("--limit", type=int, default=200)
    _json_flag(p)

    p = commands.add_parser("export", help="export the corpus")
    _db(p)
    p.add_argument("--format", choices=export.FORMATS, required=True)
    p.add_argument(
        "--out", metavar="PATH", help="output file (a directory for parquet); default stdout"
    )

    p = commands.add_parser(
        "load",
        help="load the tables `marsad spark run` wrote into the store",
        description="Load a `marsad spark run` output directory into the store, one "
        "publication date at a time; documents already stored are skipped, so a load can be "
        "repeated or resumed.",
    )
    p.add_argument("directory", metavar="DIR")
    _db(p)
    p.add_argument("--failures", metavar="FILE", default="load-failures.jsonl")
    _json_flag(p)

    spark = commands.add_parser("spark", help="run the pipeline on Apache Spark").add_subparsers(
        dest="spark_command", required=True, metavar="COMMAND"
    )
    p = spark.add_parser(
        "run",
        help="analyse JSONL, Parquet or text on Spark and write the store's tables as Parquet",
        description="Read --input (any Spark-readable glob: JSON lines, .gz included; Parquet "
        "with a text column; or .txt files, one document each), run the configured pipeline "
        "once per executor process, and write documents, mentions, places, times, "
        "quantities, quotes, events, event_arguments (partitioned by publication date), "
        "entities and errors as Parquet under --output. Needs pyspark (marsad[spark]).",
    )
    p.add_argument("--input", required=True, metavar="GLOB")
    p.add_argument("--output", required=True, metavar="DIR")
    p.add_argument("--format", choices=("auto", "jsonl", "parquet", "text"), default="auto")
    p.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")

    p = commands.add_parser(
        "serve",
        help="serve the web UI and the REST API over the store",
        description="Serve the analyst web UI (/) and the REST API (/api, OpenAPI docs at "
        "/docs) over the store. Nothing is written to the store; when --token is set, the "
        "analyze routes (POST /api/analyze, the /analyze form) require it.",
    )
    _db(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", help="bearer token required by the write routes")

    p = commands.add_parser("stats", help="what the store holds, and its migrations")
    _db(p)
    _json_flag(p)


def run(args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    """Run one corpus command (``args.command`` is in :data:`COMMANDS`)."""
    if args.command == "spark":
        return _spark_run(args, settings, out, err)
    if args.command == "serve":
        return _serve(args, settings, err)
    with Store.open(args.db or settings.store.url) as store:
        handler: Callable[[argparse.Namespace, Store, Settings, Console, Console], int] = {
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


def _print_json(out: Console, value: Any) -> None:
    out.out(json.dumps(value, ensure_ascii=False, indent=2, default=str), highlight=False)


def _ingest(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
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
        _print_json(out, report.to_dict())
    else:
        out.print(_report_line(report), highlight=False)
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
    )


def _search(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    result = queries.search(
        store, args.query, _make_filters(args), limit=args.limit, offset=args.offset
    )
    if args.json:
        _print_json(out, result.to_dict())
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
    total, rows = queries.events(
        store,
        _make_filters(args),
        country=args.country,
        with_duplicates=args.with_duplicates,
        limit=args.limit,
        offset=args.offset,
    )
    if args.json:
        _print_json(out, {"total": total, "events": rows})
        return EXIT_OK
    table = Table(title=f"{total} events", show_lines=False)
    for column in ("date", "type", "actor1", "actor2", "place", "killed", "source"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["date"] or "",
            r["sub_type"] or r["type"],
            r["actor1_en"] or r["actor1"] or "",
            r["actor2_en"] or r["actor2"] or "",
            ", ".join(x for x in (r["place_en"] or r["place"], r["country"]) if x),
            "" if r["fatalities"] is None else str(r["fatalities"]),
            r["source"] or r["doc_id"],
        )
    out.print(table)
    return EXIT_OK


def _entities(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    if args.show:
        found = queries.entity(store, args.show)
        if args.json:
            _print_json(out, found)
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
        _print_json(out, rows)
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
    rows = queries.figures(store, args.subject, limit=args.limit)
    if args.json:
        _print_json(out, rows)
        return EXIT_OK
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
    return EXIT_OK


def _export(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    if args.format == "parquet":
        if not args.out:
            err.print("[red]error[/] --format parquet needs --out DIRECTORY")
            return 2
        counts = export.export_parquet(store, Path(args.out))
        err.print(", ".join(f"{t}: {n}" for t, n in counts.items()), highlight=False)
        return EXIT_OK
    with ExitStack() as stack:
        fh: TextIO = sys.stdout
        if args.out:
            fh = stack.enter_context(Path(args.out).open("w", encoding="utf-8", newline=""))
        if args.format == "jsonl":
            err.print(f"{export.export_jsonl(store, fh)} documents", highlight=False)
        elif args.format == "acled-csv":
            err.print(f"{export.export_acled_csv(store, fh)} events", highlight=False)
        else:
            written, skipped = export.export_geojson(store, fh)
            err.print(f"{written} events ({skipped} without coordinates left out)")
    return EXIT_OK


def _stats(
    args: argparse.Namespace, store: Store, settings: Settings, out: Console, err: Console
) -> int:
    counts = store.counts()
    migrations = store.migrations()
    if args.json:
        _print_json(out, {"store": store.db.url, "counts": counts, "migrations": migrations})
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
    from marsad.corpus.load import load

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
        _print_json(out, report.to_dict())
    else:
        out.print(_report_line(report), highlight=False)
    for failure in report.failed[:20]:
        err.print(f"[red]failed[/] [{failure.code}] {failure.input}: {failure.message}")
    return EXIT_FAILED_INPUTS if report.failed else EXIT_OK


def _spark_run(args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    try:
        from marsad.spark.job import run_job, session
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigError("marsad spark needs pyspark: pip install 'marsad[spark]'") from exc
    spark = session(args.master)
    try:
        report = run_job(
            spark,
            args.input,
            args.output,
            components=settings.pipeline.components,
            fmt=args.format,
            config=settings.pipeline.config_json(),
        )
    finally:
        spark.stop()
    out.print(
        f"{report.documents} documents and {report.errors} errors written to {report.output} "
        f"(load them with: marsad load {report.output})",
        highlight=False,
    )
    return EXIT_OK


def _serve(args: argparse.Namespace, settings: Settings, err: Console) -> int:
    import uvicorn

    from marsad.api.app import create_app
    from marsad.api.inputs import ApiConfig

    app = create_app(ApiConfig(args.db or settings.store.url, settings, token=args.token))
    err.print(
        f"marsad on http://{args.host}:{args.port}/ (API: /api, docs: /docs)", highlight=False
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
