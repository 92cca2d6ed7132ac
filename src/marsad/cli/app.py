"""The ``marsad`` parser and the dispatch of a parsed command to its module.

Nothing here imports a command's module, NLP or a heavy library: ``marsad --help`` (and a
usage error) runs on argparse alone. The choices that mirror other modules' constants are
spelled out here for that reason; tests/test_layout.py checks that they agree.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from marsad import __version__

# Where the ANT corpus sits in a checkout next to the shared data (for `eval quotes`).
DEFAULT_ANT_CORPUS = Path("../shared/data/ant-corpus-news/ant_v2.1_multisource.jsonl.gz")
# marsad.evaluation.conll.FORMATS and marsad.services.export.FORMATS.
CONLL_FORMATS = ("anercorp", "wojood", "fane")
EXPORT_FORMATS = ("jsonl", "acled-csv", "plover-csv", "geojson", "parquet")

# The module of marsad.cli that runs each command: imported only when it runs.
COMMAND_MODULES: dict[str, str] = {
    "analyze": "analyze",
    "train": "evaluate",
    "eval": "evaluate",
    **dict.fromkeys(
        ("ingest", "reanalyze", "search", "events", "entities", "figures", "export", "stats"),
        "corpus",
    ),
    "load": "corpus",
    "serve": "serve",
    "spark": "spark",
    "schema": "info",
    "components": "info",
    "gold": "gold",
    "watch": "watch",
}


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; errors become messages and exit codes (0 ok, 1
    some inputs failed, 2 bad usage or settings, 130 interrupted by Ctrl-C)."""
    args = build_parser().parse_args(argv)
    from marsad.cli.output import EXIT_INTERRUPTED, EXIT_USAGE, consoles
    from marsad.errors import ConfigError, MarsadError

    out, err = consoles()
    module = import_module(f"marsad.cli.{COMMAND_MODULES[args.command]}")
    try:
        code: int = module.run(args, out, err)
    except ConfigError as exc:
        err.print(f"[bold red]error[/] {exc}", highlight=False, markup=True)
        return EXIT_USAGE
    except MarsadError as exc:
        err.print(f"[bold red]error[/] {exc}", highlight=False)
        return exc.exit_code
    except KeyboardInterrupt:  # Ctrl-C: what was committed stays; no traceback
        err.print("interrupted", highlight=False)
        return EXIT_INTERRUPTED
    return code


def build_parser() -> argparse.ArgumentParser:
    """The whole ``marsad`` parser, every command's arguments included."""
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Arabic news to a source-attributed record of who did what, where, "
        "when and how many.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    parser.add_argument("--config", metavar="FILE", help="settings file merged over the defaults")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="analyze texts and print documents",
        description="Analyze .txt, .json/.jsonl, .html pages, RSS/Atom feeds, WARC files "
        "(.gz too), directories of them, http(s) URLs, or - for stdin: the same reader as "
        "`marsad ingest`, so a web page gives its article, not its markup.",
    )
    analyze.add_argument(
        "paths", nargs="+", metavar="PATH|URL", help="file, directory, URL, or - (stdin)"
    )
    analyze.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="publication date (relative dates resolve against it); "
        "default: the input's own metadata where it has any",
    )
    analyze.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "acled-csv", "plover-csv"),
        default="text",
        help="acled-csv: one row per event of ACLED's types, ACLED's 31 columns then marsad's "
        "marsad_* columns; plover-csv: the political interactions (documents numbered 1, 2... "
        "in input order in event ids)",
    )
    analyze.add_argument(
        "--tokens", action="store_true", help="include tokens and their words in JSON output"
    )

    train = commands.add_parser("train", help="train a model").add_subparsers(
        dest="model", required=True, metavar="MODEL"
    )
    train_ner = train.add_parser(
        "ner",
        help="train the NER CRF on annotated corpora",
        description="Train the CRF named-entity model on one or more annotated sources and "
        "write it: CoNLL files (--data PATH[:FORMAT[:WEIGHT]], repeatable) and the entity "
        "layer of the annotated news corpus's train split (--corpus-train), put onto marsad's "
        "own tokens. The package ships the model trained this way (see its MODEL_CARD.md).",
    )
    train_ner.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="PATH[:FORMAT[:WEIGHT]]",
        help="a training corpus; FORMAT is anercorp, wojood, fane or corpus (default: "
        "--format), WEIGHT repeats it (default 1); repeat --data for several",
    )
    train_ner.add_argument(
        "--format", choices=CONLL_FORMATS, default="anercorp", help="format of a bare --data PATH"
    )
    train_ner.add_argument(
        "--corpus-train",
        action="store_true",
        help="also train on the entity layer of the annotated corpus's train split (--root)",
    )
    train_ner.add_argument("--root", default="eval/corpus", metavar="DIR", help="corpus folder")
    train_ner.add_argument(
        "--corpus", default=str(DEFAULT_ANT_CORPUS), metavar="PATH", help="the ANT corpus"
    )
    train_ner.add_argument("--out", required=True, metavar="PATH", help="model file to write")
    train_ner.add_argument(
        "--separate-conventions",
        action="store_true",
        help="give each --data corpus its own copy of the features that carry annotation "
        "conventions (the news corpus and the tagger at run time use the shared ones)",
    )
    train_ner.add_argument(
        "--self-train",
        metavar="JSONL",
        help="news articles (JSONL, .gz ok, field text) to self-train on (see the model card)",
    )

    train_events = train.add_parser(
        "events",
        help="train the learned event model on the annotated corpus",
        description="Fit the event candidate model on the annotated corpus's train split "
        "(eval/corpus), choose its confidence threshold on dev, and write it; the package "
        "ships the model trained this way. The test split is not read.",
    )
    train_events.add_argument("--root", default="eval/corpus", metavar="DIR", help="corpus folder")
    train_events.add_argument(
        "--corpus", default=str(DEFAULT_ANT_CORPUS), metavar="PATH", help="the ANT corpus"
    )
    train_events.add_argument(
        "--out", metavar="PATH", help="model file to write (default: the shipped model)"
    )
    train_events.add_argument(
        "--c", type=float, default=0.5, help="inverse regularization (default: %(default)s)"
    )
    train_events.add_argument(
        "--min-precision",
        type=float,
        default=0.0,
        help="the least dev precision the threshold must give; among those, the best dev F1 "
        "(default: %(default)s, the best F1)",
    )
    train_events.add_argument("--json", action="store_true", help="print the report as JSON")

    for model, what in (
        ("gate", "the document gate (conflict or political news, or not) on ANT's categories"),
        ("tolls", "the toll classifier (this event's toll or a running total) on the corpus"),
        ("roles", "the actor-role model (who acts, who is acted on) on the corpus"),
    ):
        p = train.add_parser(
            model,
            help=f"train {what}",
            description=f"Train {what} and write it (default: the shipped model). Train it "
            "before `marsad train events`, whose candidates use it.",
        )
        p.add_argument("--root", default="eval/corpus", metavar="DIR", help="corpus folder")
        p.add_argument(
            "--corpus", default=str(DEFAULT_ANT_CORPUS), metavar="PATH", help="the ANT corpus"
        )
        p.add_argument("--out", metavar="PATH", help="model file to write")

    evaluate = commands.add_parser("eval", help="evaluate against annotated data").add_subparsers(
        dest="task", required=True, metavar="TASK"
    )
    eval_ner = evaluate.add_parser(
        "ner",
        help="entity-level precision, recall and F1 of the NER",
        description="Score the NER on a CoNLL corpus: exact-match mentions (conlleval), "
        "micro-averaged and per type, and tokens per second.",
    )
    eval_ner.add_argument("--data", required=True, metavar="PATH", help="annotated corpus")
    eval_ner.add_argument("--format", choices=CONLL_FORMATS, required=True)
    eval_ner.add_argument("--model", metavar="PATH", help="a model file (default: the shipped)")
    eval_ner.add_argument(
        "--conventions",
        choices=CONLL_FORMATS,
        help="tag with this training corpus's own annotation conventions, learned by "
        "`train ner --separate-conventions` (default: the news conventions of the pipeline)",
    )
    eval_ner.add_argument(
        "--name", help="metric key in the baseline: ner.NAME.micro_f1 (default: the format)"
    )
    _add_gate_arguments(eval_ner)
    eval_spans = evaluate.add_parser(
        "spans",
        help="time and figure spans on Wojood, with dateparser for comparison",
        description="Score marsad's dates (DATE) and figures (CARDINAL, MONEY, PERCENT; TIME "
        "has no predictions yet) on a Wojood file: exact-match token spans, micro-averaged and "
        "per type, after trimming punctuation and a leading بتاريخ from both sides; dateparser's "
        "search_dates is scored on DATE beside it (needs the dev extra).",
    )
    eval_spans.add_argument("--data", required=True, metavar="PATH", help="Wojood file")
    eval_spans.add_argument(
        "--name",
        help="metric key in the baseline: spans.NAME.micro_f1 (default: wojood-spans-FILESTEM)",
    )
    _add_gate_arguments(eval_spans)
    eval_quotes = evaluate.add_parser(
        "quotes",
        help="quote spans and speakers on marsad's gold set",
        description="Score the quotes component on the gold set in eval/quotes: quote span "
        "precision, recall and F1 (a match overlaps by at least half of the longer span) and "
        "speaker accuracy over matched quotes, for the team-written articles and for the "
        "offsets-only annotations of ANT corpus articles (skipped when the corpus is absent).",
    )
    eval_quotes.add_argument(
        "--gold", default="eval/quotes", metavar="DIR", help="gold directory (default: %(default)s)"
    )
    eval_quotes.add_argument(
        "--corpus",
        default=str(DEFAULT_ANT_CORPUS),
        metavar="PATH",
        help="the ANT corpus JSONL.gz for the real-article part (default: %(default)s)",
    )
    eval_quotes.add_argument(
        "--errors", action="store_true", help="list every missed, spurious and wrong-speaker quote"
    )
    _add_gate_arguments(eval_quotes)
    eval_events = evaluate.add_parser(
        "events",
        help="events, their arguments and places on marsad's gold set",
        description="Score event extraction on the gold set in eval/events: detection "
        "precision, recall and F1 (type match), sub-type accuracy, argument F1 per role, place "
        "accuracy (country; within 25 km) and the fatalities exact-match rate, for the "
        "team-written articles and the offsets-only annotations of ANT corpus articles "
        "(skipped when the corpus is absent).",
    )
    eval_events.add_argument(
        "--gold", default="eval/events", metavar="DIR", help="gold directory (default: %(default)s)"
    )
    eval_events.add_argument(
        "--corpus",
        default=str(DEFAULT_ANT_CORPUS),
        metavar="PATH",
        help="the ANT corpus JSONL.gz for the real-article parts (default: %(default)s)",
    )
    eval_events.add_argument(
        "--errors",
        action="store_true",
        help="list every missed and spurious event and every wrong argument (never on test)",
    )
    _add_split_argument(eval_events)
    _add_gate_arguments(eval_events)
    for task, what in (
        ("entities", "entity spans (PER/ORG/LOC/MISC, exact span and type)"),
        ("places", "toponym recognition and resolution (country; within 161 km)"),
        ("times", "time expressions that date events (found; ISO value right)"),
        ("figures", "casualty and count figures (found; value right)"),
    ):
        p = evaluate.add_parser(
            task,
            help=f"{what} on the annotated corpus",
            description=f"Score {what} on a split of the annotated news corpus (eval/corpus); "
            "the article texts come from the ANT corpus in ../shared.",
        )
        p.add_argument(
            "--corpus", default=str(DEFAULT_ANT_CORPUS), metavar="PATH", help="the ANT corpus"
        )
        if task == "places":
            p.add_argument(
                "--errors",
                action="store_true",
                help="list every place more than 161 km from gold's (never on test)",
            )
        _add_split_argument(p, required=True)
        _add_gate_arguments(p)

    _add_corpus_commands(commands)
    _add_gold_commands(commands)
    commands.add_parser("schema", help="print the JSON Schema of the document contract")
    commands.add_parser("components", help="list the registered pipeline components")
    return parser


def _add_gold_commands(commands: Any) -> None:
    """``marsad gold ACTION``: the annotated corpus in eval/corpus."""
    gold = commands.add_parser(
        "gold", help="the annotated news corpus: select, read, anchor, validate, agree"
    ).add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(name: str, help_: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = gold.add_parser(name, help=help_, description=help_)
        p.add_argument("--root", default="eval/corpus", metavar="DIR", help="corpus folder")
        p.add_argument("--ant", default=str(DEFAULT_ANT_CORPUS), metavar="PATH", help="ANT corpus")
        return p

    p = action("select", "draw the corpus's articles (writes selection.tsv)")
    p.add_argument("--seed", type=int, default=19)
    p.add_argument(
        "--exclude-from",
        default="eval",
        metavar="DIR",
        help="leave out the ANT articles of DIR/*/ant*.jsonl (default: %(default)s)",
    )
    p.add_argument(
        "--place-names",
        default="eval/corpus/selection_places.tsv.gz",
        metavar="PATH",
        help="the main-country finder's place names, frozen as the corpus was drawn "
        "(default: %(default)s)",
    )
    p.add_argument(
        "--event-cues",
        default="eval/corpus/selection_cues.tsv",
        metavar="PATH",
        help="the event cue words of a conflict article, frozen as the corpus was drawn "
        "(default: %(default)s)",
    )
    p = action("show", "print articles for annotation")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--draft", action="store_true", help="add today's entities and toponyms")
    p = action("render", "print stored records with the words of every span")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--second", action="store_true", help="the agreement annotation")
    p = action("find", "list the occurrences (n) of snippets in an article")
    p.add_argument("id")
    p.add_argument("snippet", nargs="+")
    p = action("gaz", "look a place up in marsad's gazetteer")
    p.add_argument("name")
    p.add_argument("--country", metavar="CC")
    p = action("check", "anchor annotators' snippet files and report every problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--write", action="store_true", help="store the anchored records")
    p.add_argument("--second", action="store_true", help="they are agreement annotations")
    action("validate", "validate every stored record (texts too when the ANT corpus is here)")
    p = action("agreement", "agreement per layer on the doubly annotated articles")
    p.add_argument("--json", action="store_true")
    action("stats", "the corpus table: articles and items per split, outlet, country, category")


def _add_split_argument(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """``--split`` (and ``--root``): score a split of the annotated corpus in eval/corpus."""
    parser.add_argument(
        "--split",
        choices=("train", "dev", "test"),
        required=required,
        help="score this split of the annotated corpus (test: aggregate figures only)",
    )
    parser.add_argument(
        "--root", default="eval/corpus", metavar="DIR", help="the annotated corpus folder"
    )
    parser.add_argument(
        "--from-scratch",
        action="store_true",
        help="score against the agreement sample's second annotations, made without marsad's "
        "draft (no pre-annotation bias; fewer articles)",
    )


def _add_gate_arguments(parser: argparse.ArgumentParser) -> None:
    """The baseline gate's options, the same for every evaluation."""
    parser.add_argument("--baseline", metavar="FILE", help="check the floors in this file")
    parser.add_argument(
        "--update-baseline", action="store_true", help="raise the floors to these results"
    )
    parser.add_argument(
        "--allow-lower", action="store_true", help="with --update-baseline: allow lowering"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


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
    parser.add_argument(
        "--entity",
        help="mentions this entity: a key (kb:Q858) or any of its names in Arabic or English "
        "(داعش, 'Islamic State'); an unknown name is error M080, an ambiguous one M081",
    )
    parser.add_argument("--place", help="mentions this place: a name, geo:ID or a country code")
    parser.add_argument("--type", dest="event_type", help="has an event of this type/sub-type")
    _min_confidence(parser, "only events at least this sure (with --type for documents)")


def _event_scope(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--country", help="two-letter country code of the event's place")
    parser.add_argument(
        "--with-duplicates", action="store_true", help="also copies of one story's events"
    )


def _min_confidence(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--min-confidence", metavar="X", help=f"{help}: a probability from 0 to 1")


def _paging(parser: argparse.ArgumentParser, limit: int) -> None:
    parser.add_argument("--limit", type=int, default=limit, help="how many (default %(default)s)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many first")


def _add_corpus_commands(commands: Any) -> None:
    """Register the corpus sub-commands on the main parser's sub-parsers."""
    p = commands.add_parser(
        "ingest",
        help="ingest files, directories, feeds, WARCs or URLs into the store",
        description="Read .txt, .html, .json/.jsonl, RSS/Atom feeds (.xml/.rss/.atom), WARC "
        "files (.gz too), directories of them, http(s) URLs and - (stdin); analyze each "
        "document and store it. "
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
        help="analyse in N processes (default 1, at most the number of CPUs; the writes stay "
        "in one); results are identical, in input order",
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
    _event_scope(p)
    p.add_argument("--limit", type=int, default=50, help="how many (default %(default)s; 0: all)")
    p.add_argument("--offset", type=int, default=0, help="skip this many first")
    _json_flag(p)

    p = commands.add_parser("entities", help="canonical entities across the corpus")
    p.add_argument(
        "name",
        nargs="?",
        help="only entities whose name contains this; the entity it names in Arabic or "
        "English (داعش, 'Islamic State') comes first",
    )
    _db(p)
    p.add_argument("--label", choices=("PER", "ORG", "LOC", "MISC"))
    p.add_argument(
        "--show",
        metavar="KEY|NAME",
        help="one entity, by key or any of its names: counts, mentions, quotes, events",
    )
    _paging(p, 30)
    _json_flag(p)

    p = commands.add_parser(
        "figures", help="claims about one subject over time, with sources and reporters"
    )
    p.add_argument("subject")
    _db(p)
    _filters(p)
    p.add_argument("--limit", type=int, default=200, help="how many (default %(default)s; 0: all)")
    _json_flag(p)

    p = commands.add_parser(
        "export",
        help="export the corpus",
        description="jsonl: the documents; acled-csv: the events of ACLED's types in ACLED's "
        "31 columns and order (English notes, numeric codes; marsad_* provenance columns "
        "after them unless --acled-only); plover-csv: the political interactions "
        "(consult, accuse...) in PLOVER-style columns; geojson: the geocoded events; parquet: "
        "every table, typed. The filters select events (for jsonl: documents). No byte order "
        "mark by default (pandas, R and the command line read the file as is); --bom for "
        "Excel, which otherwise shows Arabic as garbage.",
    )
    _db(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument(
        "--out", metavar="PATH", help="output file (a directory for parquet); default stdout"
    )
    _filters(p)
    _event_scope(p)
    p.add_argument(
        "--bom", action="store_true", help="start a CSV with a UTF-8 byte order mark (Excel)"
    )
    p.add_argument(
        "--acled-only", action="store_true", help="acled-csv: ACLED's 31 columns and no others"
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
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="serve from N processes (default 1, at most the number of CPUs; each loads the "
        "pipeline, ~200 MB)",
    )

    p = commands.add_parser("stats", help="what the store holds, and its migrations")
    _db(p)
    _json_flag(p)

    p = commands.add_parser(
        "watch",
        help="poll feeds and URLs on a schedule, ingest what is new, alert on events",
        description="Poll RSS/Atom feeds and pages (URLs given here, in --feeds FILE, one "
        "`URL [INTERVAL]` a line, or [[watch.feeds]] in the settings) and ingest their new "
        "entries; a failing feed is retried with backoff, the state (next to the store) "
        "survives restarts. Ctrl-C stops (exit 130).",
    )
    p.add_argument("urls", nargs="*", metavar="URL")
    p.add_argument("--feeds", metavar="FILE", help="feeds file: `URL [INTERVAL]` per line")
    p.add_argument(
        "--interval", metavar="SECONDS|15m", help="default interval (settings watch.interval)"
    )
    p.add_argument("--once", action="store_true", help="poll every feed once, then exit (cron)")
    _db(p)
    p.add_argument("--state", metavar="FILE", help="state file (default: DB.watch.json)")
    p.add_argument("--no-analyze", action="store_true", help="store and index only, no facts")
    p.add_argument("--alert-jsonl", metavar="FILE", help="append matching new events here")
    p.add_argument("--alert-webhook", metavar="URL", help="POST matching new events here")
    p.add_argument("--alert-type", metavar="TYPE", help="alert: event type or sub-type")
    p.add_argument("--alert-country", metavar="CC", help="alert: two-letter country code")
    p.add_argument("--alert-entity", metavar="NAME|KEY", help="alert: an actor of the event")
    p.add_argument("--alert-min-fatalities", type=int, metavar="N", help="alert: at least N")
    p.add_argument("--json", action="store_true", help="one JSON object per poll")
