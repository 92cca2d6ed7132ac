"""The ``marsad`` command line: parse arguments, call services, render results.

No NLP here: everything goes through ``marsad.services``. Errors are MarsadError subclasses,
mapped to exit codes here (0 ok, 1 some inputs failed, 2 bad usage or settings).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console, JustifyMethod
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from marsad import __version__
from marsad.cli import corpus as cli_corpus
from marsad.corpus.acled import write_acled_csv
from marsad.doc import Document, Quantity
from marsad.errors import ConfigError, MarsadError
from marsad.evaluation.conll import FORMATS
from marsad.evaluation.events import ROLES
from marsad.evaluation.spans import SPAN_TYPES
from marsad.inputs.reading import validate_published
from marsad.pipeline import registered
from marsad.schema import document_schema
from marsad.services import (
    Outcome,
    analyze_inputs,
    build_pipeline,
    check_baseline,
    evaluate_events,
    evaluate_ner_model,
    evaluate_quotes,
    evaluate_spans,
    pinned_floors,
    pinned_names,
    train_ner_model,
)
from marsad.settings import load_settings

# Where the ANT corpus sits in a checkout next to the shared data (for `eval quotes`).
DEFAULT_ANT_CORPUS = Path("../shared/data/ant-corpus-news/ant_v2.1_multisource.jsonl.gz")

EXIT_OK, EXIT_FAILED_INPUTS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
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
        description="Analyze .txt/.json/.jsonl files, directories of them, or - for stdin.",
    )
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - (stdin)")
    analyze.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="publication date (relative dates resolve against it); "
        "default: the input's own metadata where it has any",
    )
    analyze.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "acled-csv"),
        default="text",
        help="acled-csv: one row per event, ACLED's columns then marsad's extras",
    )
    analyze.add_argument(
        "--tokens", action="store_true", help="include tokens and their words in JSON output"
    )

    train = commands.add_parser("train", help="train a model").add_subparsers(
        dest="model", required=True, metavar="MODEL"
    )
    train_ner = train.add_parser(
        "ner",
        help="train the NER CRF on an annotated corpus",
        description="Train the CRF named-entity model on a CoNLL corpus (ANERcorp's train "
        "split) and write it; the package ships the model trained this way.",
    )
    train_ner.add_argument("--data", required=True, metavar="PATH", help="training corpus")
    train_ner.add_argument("--format", choices=FORMATS, default="anercorp")
    train_ner.add_argument("--out", required=True, metavar="PATH", help="model file to write")
    train_ner.add_argument(
        "--self-train",
        metavar="JSONL",
        help="news articles (JSONL, .gz ok, field text) to self-train on (see the model card)",
    )

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
    eval_ner.add_argument("--format", choices=FORMATS, required=True)
    eval_ner.add_argument("--model", metavar="PATH", help="a model file (default: the shipped)")
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
        help="list every missed and spurious event and every wrong argument",
    )
    _add_gate_arguments(eval_events)

    cli_corpus.add_commands(commands)
    commands.add_parser("schema", help="print the JSON Schema of the document contract")
    commands.add_parser("components", help="list the registered pipeline components")
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Piped output gets a wide table instead of rich's default 80 columns.
    out = Console(file=_utf8(sys.stdout), width=None if sys.stdout.isatty() else 160)
    err = Console(file=_utf8(sys.stderr), stderr=True, soft_wrap=True)  # one line per message
    try:
        if args.command == "schema":
            out.out(json.dumps(document_schema(), ensure_ascii=False, indent=2), highlight=False)
            return EXIT_OK
        if args.command in cli_corpus.COMMANDS:
            return cli_corpus.run(args, load_settings(args.config), out, err)
        if args.command == "components":
            return _components(out, args.config)
        if args.command == "train":
            return _train_ner(args, err)
        if args.command == "eval" and args.task == "spans":
            return _eval_spans(args, out, err)
        if args.command == "eval" and args.task == "quotes":
            return _eval_quotes(args, out, err)
        if args.command == "eval" and args.task == "events":
            return _eval_events(args, out, err)
        if args.command == "eval":
            return _eval_ner(args, out, err)
        return _analyze(args, out, err)
    except ConfigError as exc:
        err.print(f"[bold red]error[/] {exc}", highlight=False, markup=True)
        return EXIT_USAGE
    except MarsadError as exc:
        err.print(f"[bold red]error[/] {exc}", highlight=False)
        return exc.exit_code


def _utf8(stream: TextIO) -> TextIO:
    # Arabic output must not depend on the locale (CI machines often run with LANG=C).
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8")
    return stream


def _components(out: Console, config: str | None) -> int:
    active = set(load_settings(config).pipeline.components)
    table = Table(title="pipeline components")
    for column in ("name", "requires", "assigns", "in settings"):
        table.add_column(column)
    for name, factory in sorted(registered().items()):
        requires = ", ".join(sorted(getattr(factory, "requires", ())))
        assigns = ", ".join(sorted(getattr(factory, "assigns", ())))
        table.add_row(name, requires, assigns, "yes" if name in active else "")
    out.print(table)
    return EXIT_OK


def _train_ner(args: argparse.Namespace, err: Console) -> int:
    def progress(message: str) -> None:
        err.print(message, highlight=False)

    with err.status("training", spinner="dots"):
        figures = train_ner_model(
            Path(args.data),
            Path(args.out),
            fmt=args.format,
            unlabeled=Path(args.self_train) if args.self_train else None,
            progress=progress,
        )
    err.print(
        f"wrote {args.out}: {figures['bytes'] / 1e6:.1f} MB, {figures['sentences']} sentences, "
        f"{figures['seconds']:.0f}s of training",
        highlight=False,
    )
    return EXIT_OK


def _eval_ner(args: argparse.Namespace, out: Console, err: Console) -> int:
    model = Path(args.model) if args.model else None
    result = evaluate_ner_model(Path(args.data), args.format, model=model)
    report = result.report
    name = args.name or args.format
    if args.json:
        out.out(json.dumps({"name": name, **result.to_dict()}, ensure_ascii=False), highlight=False)
    else:
        table = Table(title=f"NER on {args.data} ({result.sentences} sentences)")
        for column in ("type", "precision", "recall", "F1", "gold", "predicted"):
            table.add_column(column, justify="left" if column == "type" else "right")
        for kind, s in [*report.by_type.items(), ("micro", report.micro)]:
            table.add_row(
                kind,
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.f1:.3f}",
                str(s.gold),
                str(s.predicted),
            )
        out.print(table)
        out.print(
            f"{report.tokens} tokens in {result.seconds:.2f}s: "
            f"{result.tokens_per_second:,.0f} tokens/s",
            highlight=False,
        )
    if args.baseline:
        # F1 is pinned; precision and recall may trade against each other.
        results = {k: v for k, v in report.flat(f"ner.{name}").items() if k.endswith("_f1")}
        return _gate(args, err, "ner", name, results)
    return EXIT_OK


def _gate(
    args: argparse.Namespace, err: Console, task: str, name: str, results: dict[str, float]
) -> int:
    """Check ``results`` against (or raise) the floors of ``task.name`` in ``--baseline``."""
    if not args.update_baseline:
        pinned = pinned_names(Path(args.baseline), task)
        if name not in pinned:
            raise ConfigError(
                f"no floors for {task}.{name}; pass --name "
                f"({', '.join(sorted(pinned)) or 'none pinned yet'})",
                source=args.baseline,
            )
    failures = check_baseline(
        results, Path(args.baseline), update=args.update_baseline, allow_lower=args.allow_lower
    )
    for failure in failures:
        err.print(f"[bold red]below floor[/] {failure}", highlight=False)
    if failures:
        return EXIT_FAILED_INPUTS
    verb = "updated" if args.update_baseline else "checked against"
    err.print(f"{verb} {args.baseline}: ok", highlight=False)
    return EXIT_OK


def _eval_spans(args: argparse.Namespace, out: Console, err: Console) -> int:
    data = Path(args.data)
    result = evaluate_spans(data)
    name = args.name or f"wojood-spans-{data.name.split('.')[0]}"
    marsad, dateparser = result.marsad.trimmed, result.dateparser.trimmed
    if args.json:
        out.out(json.dumps({"name": name, **result.to_dict()}, ensure_ascii=False), highlight=False)
    else:
        table = Table(title=f"time and figure spans on {args.data} ({result.sentences} sentences)")
        for column in ("system", "type", "precision", "recall", "F1", "gold", "predicted"):
            table.add_column(column, justify="left" if column in ("system", "type") else "right")
        rows = [("marsad", kind, marsad.by_type[kind]) for kind in SPAN_TYPES]
        rows += [("marsad", "micro", marsad.micro), ("dateparser", "DATE", dateparser.micro)]
        for system, kind, s in rows:
            table.add_row(
                system,
                kind,
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.f1:.3f}",
                str(s.gold),
                str(s.predicted),
            )
        out.print(table)
        out.print(
            f"marsad DATE F1 {marsad.by_type['DATE'].f1:.3f} vs dateparser "
            f"{dateparser.micro.f1:.3f}",
            highlight=False,
        )
        out.print(
            "spans match exactly after trimming, from gold and predicted alike, "
            "punctuation-only tokens at both ends and a leading بتاريخ/تاريخ",
            highlight=False,
        )
        out.print(
            f"untrimmed micro F1: marsad {result.marsad.strict.micro.f1:.3f}, dateparser DATE "
            f"{result.dateparser.strict.micro.f1:.3f} (--json has every untrimmed figure)",
            highlight=False,
        )
        out.print(
            f"{result.tokens} tokens: marsad {result.marsad.seconds:.2f}s, dateparser "
            f"{result.dateparser_version} {result.dateparser.seconds:.2f}s "
            f"({result.dateparser_failures} sentences failed, "
            f"{result.dateparser_unlocated} finds not located)",
            highlight=False,
        )
    if args.baseline:
        results = result.floor_metrics(name)  # F1 only, as for NER
        if args.update_baseline:
            # A floor of 0 gates nothing (TIME has no predictions yet): a zero figure is
            # recorded only over an existing floor, so that update() still refuses to lower it.
            pinned = pinned_floors(Path(args.baseline), f"spans.{name}.")
            results = {k: v for k, v in results.items() if v > 0 or k in pinned}
        return _gate(args, err, "spans", name, results)
    return EXIT_OK


def _finish_gold_eval(
    args: argparse.Namespace,
    err: Console,
    task: str,
    skipped: Sequence[str],
    errors: Sequence[tuple[str, dict[str, Any]]],
    floors: dict[str, float],
) -> int:
    """The common end of ``eval quotes`` and ``eval events``: parts skipped for want of the
    corpus, the ``--errors`` listing (one JSON line each), and the baseline gate."""
    for note in skipped:
        err.print(f"[yellow]skipped[/] {note}", highlight=False)
    if args.errors:
        for part, error in errors:
            err.out(json.dumps({"part": part, **error}, ensure_ascii=False), highlight=False)
    if args.baseline:
        return _gate(args, err, task, "written", floors)
    return EXIT_OK


def _eval_quotes(args: argparse.Namespace, out: Console, err: Console) -> int:
    result = evaluate_quotes(Path(args.gold), Path(args.corpus), keep_errors=args.errors)
    if args.json:
        out.out(json.dumps(result.to_dict(), ensure_ascii=False), highlight=False)
    else:
        table = Table(title=f"quotes on {args.gold}")
        columns = ("part", "documents", "gold", "predicted", "precision", "recall", "F1")
        for column in (*columns, "speaker acc.", "kind acc."):
            table.add_column(column, justify="left" if column == "part" else "right")
        for p in result.parts:
            table.add_row(
                p.name, str(p.documents), str(p.gold), str(p.predicted), f"{p.precision:.3f}",
                f"{p.recall:.3f}", f"{p.f1:.3f}", f"{p.speaker_accuracy:.3f}",
                f"{p.kind_accuracy:.3f}",
            )  # fmt: skip
        out.print(table)
        out.print(
            "a quote matches when it overlaps a gold quote by at least half of the longer span; "
            "speaker accuracy is over matched quotes",
            highlight=False,
        )
    errors = [(p.name, error) for p in result.parts for error in p.errors]
    return _finish_gold_eval(args, err, "quotes", result.skipped, errors, result.floor_metrics())


def _eval_events(args: argparse.Namespace, out: Console, err: Console) -> int:
    result = evaluate_events(Path(args.gold), Path(args.corpus), keep_errors=args.errors)
    if args.json:
        out.out(json.dumps(result.to_dict(), ensure_ascii=False), highlight=False)
    else:
        table = Table(title=f"events on {args.gold}")
        columns = ("part", "docs", "gold", "pred", "P", "R", "F1", "sub-type", "places",
                   "geocoded", "country", "≤25 km", "fatalities")  # fmt: skip
        for column in columns:
            table.add_column(column, justify="left" if column == "part" else "right")
        for p in result.parts:
            table.add_row(
                p.name, str(p.documents), str(p.gold), str(p.predicted), f"{p.precision:.3f}",
                f"{p.recall:.3f}", f"{p.f1:.3f}", f"{p.subtype_accuracy:.3f}", str(p.places),
                f"{p.place_coverage:.3f}", f"{p.place_country:.3f}", f"{p.place_near:.3f}",
                f"{p.fatalities_exact:.3f}",
            )  # fmt: skip
        out.print(table)
        roles = Table(title="argument F1 (P/R) per role")
        roles.add_column("part")
        for role in ROLES:
            roles.add_column(role, justify="right")
        for p in result.parts:
            cells = [f"{f:.2f} ({pr:.2f}/{r:.2f})" for pr, r, f in map(p.arg_f1, ROLES)]
            roles.add_row(p.name, *cells)
        out.print(roles)
        out.print(
            "an event matches a gold event of the same type whose trigger it overlaps or whose "
            "evidence holds it; place accuracy is over the gold places marsad geocoded",
            highlight=False,
        )
    errors = [(p.name, error) for p in result.parts for error in p.errors]
    return _finish_gold_eval(args, err, "events", result.skipped, errors, result.floor_metrics())


def _analyze(args: argparse.Namespace, out: Console, err: Console) -> int:
    settings = load_settings(args.config)
    published = validate_published(args.published) if args.published else None
    build_pipeline(settings)  # fail on a bad pipeline before reading any input
    outcomes = analyze_inputs(
        args.paths, settings=settings, published=published, stdin=sys.stdin.buffer
    )
    done: list[Outcome] = []  # kept for json and text output; jsonl streams instead
    analysed = failed = 0
    with Progress(
        SpinnerColumn(),
        TextColumn("analysing"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("analyse", total=None)
        for outcome in outcomes:
            progress.advance(task)
            for warning in outcome.warnings:
                err.print(f"[yellow]warning[/] {outcome.name}: {warning}", highlight=False)
            if outcome.error is not None:
                failed += 1
                err.print(f"[bold red]failed[/] {outcome.error}", highlight=False)
                continue
            analysed += 1
            if args.format == "jsonl":
                out.out(_json(outcome, args.tokens, indent=None), highlight=False)
            elif args.format == "acled-csv":
                buffer = io.StringIO()
                write_acled_csv([_doc(outcome)], buffer, header=analysed == 1)
                out.file.write(buffer.getvalue())
            else:
                done.append(outcome)
    if args.format == "json":
        dicts = [_doc(o).to_dict(with_tokens=args.tokens) for o in done]
        payload = dicts[0] if len(dicts) == 1 and failed == 0 else dicts
        out.out(json.dumps(payload, ensure_ascii=False, indent=2), highlight=False)
    elif args.format == "text":
        _render_text(out, done)
    if failed:
        err.print(f"[bold]{analysed} analysed, {failed} failed[/]", highlight=False)
        return EXIT_FAILED_INPUTS
    return EXIT_OK


def _doc(outcome: Outcome) -> Document:
    assert outcome.document is not None
    return outcome.document


def _json(outcome: Outcome, with_tokens: bool, indent: int | None) -> str:
    return json.dumps(
        _doc(outcome).to_dict(with_tokens=with_tokens), ensure_ascii=False, indent=indent
    )


# How many documents get a segmented preview of their first sentences in text output.
_PREVIEW_DOCUMENTS = 3
_PREVIEW_SENTENCES = 2
_PREVIEW_ENTITIES = 12


def _render_text(out: Console, outcomes: list[Outcome]) -> None:
    table = Table(title=f"marsad: {len(outcomes)} documents", show_lines=False)
    columns = (
        "input",
        "title",
        "published",
        "lang",
        "chars",
        "sents",
        "tokens",
        "words",
        "ents",
        "places",
        "times",
        "figs",
        "quotes",
        "events",
    )
    for column in columns:
        if column in ("input", "title"):
            table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=24)
        else:
            justify: JustifyMethod = "left" if column in columns[:4] else "right"
            table.add_column(column, justify=justify, no_wrap=True, min_width=len(column))
    for outcome in outcomes:
        d = _doc(outcome)
        table.add_row(
            outcome.name,
            d.meta.title or "",
            d.meta.published or "",
            d.meta.lang or "",
            *(
                str(n)
                for n in (
                    len(d.text),
                    len(d.sentences),
                    len(d.tokens),
                    sum(len(t.words) for t in d.tokens),
                    len(d.entities),
                    len(d.places),
                    len(d.times),
                    len(d.quantities),
                    len(d.quotes),
                    len(d.events),
                )
            ),
        )
    out.print(table)
    for outcome in outcomes[:_PREVIEW_DOCUMENTS]:
        d = _doc(outcome)
        out.print(f"\n[bold]{outcome.name}[/]  (words split at clitics with +)", highlight=False)
        for sentence in d.sentences[:_PREVIEW_SENTENCES]:
            tokens = [t for t in d.tokens if sentence.start <= t.start < sentence.end]
            segmented = " ".join("+".join(w.text for w in t.words) for t in tokens)
            out.print(f"  • {segmented}", highlight=False, markup=False)
        if d.entities:
            out.print(f"  entities ({len(d.entities)}):", highlight=False)
            for e in d.entities[:_PREVIEW_ENTITIES]:
                extra = [
                    x for x in (e.canonical if e.canonical != e.text else None, e.name_en) if x
                ]
                more = f" → {' / '.join(extra)}" if extra else ""
                kb = f" [{e.kb_id}]" if e.kb_id else ""
                out.print(f"    {e.label:<4} {e.text}{more}{kb}", highlight=False, markup=False)
        if d.times:
            out.print(f"  times ({len(d.times)}):", highlight=False)
            for t in d.times[:_PREVIEW_ENTITIES]:
                when = t.value or "unresolved: no publication date"
                line = f"    {t.id:<4} {t.text} → {when} ({t.granularity})"
                out.print(line, highlight=False, markup=False)
        if d.quantities:
            out.print(f"  figures ({len(d.quantities)}):", highlight=False)
            times = {t.id: t.text for t in d.times}
            for q in d.quantities[:_PREVIEW_ENTITIES]:
                out.print(f"    {q.id:<4} {_figure_line(q, times)}", highlight=False, markup=False)
        if d.quotes:
            out.print(f"  quotes ({len(d.quotes)}):", highlight=False)
            for c in d.quotes[:_PREVIEW_ENTITIES]:
                who = c.speaker.canonical or c.speaker.text if c.speaker else "?"
                said = c.text if len(c.text) <= 60 else c.text[:57] + "..."
                line = f"    {c.id:<4} {who} ({c.kind}): {said}"
                out.print(line, highlight=False, markup=False)
        if d.events:
            out.print(f"  events ({len(d.events)}):", highlight=False)
            for line in _event_lines(d):
                out.print(f"    {line}", highlight=False, markup=False)


def _event_lines(d: Document) -> list[str]:
    """One line per event for the text preview: type, trigger, actors, place, date, toll."""
    names = {e.id: e.name_en or e.canonical or e.text for e in d.entities}
    places = {p.id: f"{p.name_en or p.name} ({p.country or '?'})" for p in d.places}
    times = {t.id: t.value or t.text for t in d.times}
    lines: list[str] = []
    for ev in d.events[:_PREVIEW_ENTITIES]:
        kind = f"{ev.type}/{ev.sub_type}" if ev.sub_type else ev.type
        parts = [f"{ev.id:<4} {kind} «{ev.trigger.text}»"]
        if ev.actor1 or ev.actor2:
            parts.append(f"{names.get(ev.actor1 or '', '?')} → {names.get(ev.actor2 or '', '?')}")
        if ev.place:
            parts.append(f"at {places.get(ev.place, '?')}")
        if ev.time:
            parts.append(f"on {times.get(ev.time, '?')}")
        if ev.fatalities is not None or ev.injured is not None:
            parts.append(f"killed {_toll(ev.fatalities)}, injured {_toll(ev.injured)}")
        lines.append(", ".join(parts))
    return lines


def _toll(value: int | None) -> str:
    return "?" if value is None else str(value)


def _number(value: float | None) -> str:
    """``2400000000.0`` → ``2,400,000,000``; ``15.5`` stays ``15.5``."""
    if value is None:
        return "?"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,g}"


def _figure_line(q: Quantity, times: dict[str, str]) -> str:
    """One figure for the text preview: ``2،4 مليار دولار → 2400000000 USD, subject: ...``."""
    if q.low is not None and q.high is not None:
        amount = f"{_number(q.low)}-{_number(q.high)}"
    else:
        amount = _number(q.value)
    parts = [f"{q.text} → {q.qualifier + ' ' if q.qualifier else ''}{amount}"]
    parts[0] += f" {q.unit}" if q.unit else ""
    parts[0] += f" ({q.kind}{', vague' if q.vague else ''})"
    if q.subject:
        parts.append(f"subject: {q.subject}")
    if q.change:
        arrow = {"up": "↑", "down": "↓"}.get(q.change.direction or "", "")
        pct = f" {q.change.percent:g}%" if q.change.percent is not None else ""
        parts.append(f"change{arrow}{pct} {q.change.from_ or ''}→{q.change.to or ''}")
    if q.time:
        parts.append(f"time: {times.get(q.time, q.time)}")
    return ", ".join(parts)
