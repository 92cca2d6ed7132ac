"""``marsad train`` and ``marsad eval``: train the NER model; score marsad on annotated data
and gate the scores against a baseline file."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from marsad.cli.output import EXIT_FAILED_INPUTS, EXIT_OK
from marsad.errors import ConfigError
from marsad.evaluation.events import ROLES
from marsad.evaluation.spans import SPAN_TYPES
from marsad.services.evaluate import (
    check_baseline,
    evaluate_corpus,
    evaluate_events,
    evaluate_ner_model,
    evaluate_quotes,
    evaluate_spans,
    pinned_floors,
    pinned_names,
)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``marsad train ner`` or one of ``marsad eval ner|spans|quotes|events``."""
    if args.command == "train" and args.model == "events":
        return _train_events(args, out, err)
    if args.command == "train" and args.model in ("gate", "tolls", "roles"):
        return _train_small(args, out, err)
    if args.command == "train":
        return _train_ner(args, err)
    if args.task == "spans":
        return _eval_spans(args, out, err)
    if args.task == "quotes":
        return _eval_quotes(args, out, err)
    if args.task in ("entities", "places", "times", "figures") or (
        args.task == "events" and args.split
    ):
        return _eval_corpus(args, out, err)
    if args.task == "events":
        return _eval_events(args, out, err)
    return _eval_ner(args, out, err)


def _train_ner(args: argparse.Namespace, err: Console) -> int:
    def progress(message: str) -> None:
        err.print(message, highlight=False)

    from marsad.services.train import Source, parse_source, train_ner  # pycrfsuite: only here

    ant = Path(args.corpus)
    sources = [parse_source(spec, args.format, ant=ant) for spec in args.data]
    if args.corpus_train:
        sources.append(Source("corpus", Path(args.root), ant=ant))
    if not sources:
        raise ConfigError("no training data: give --data PATH[:FORMAT] or --corpus-train")
    with err.status("training", spinner="dots"):
        figures = train_ner(
            sources,
            Path(args.out),
            unlabeled=Path(args.self_train) if args.self_train else None,
            progress=progress,
            separate_conventions=args.separate_conventions,
        )
    err.print(
        f"wrote {args.out}: {figures['bytes'] / 1e6:.1f} MB, {figures['sentences']} sentences, "
        f"{figures['seconds']:.0f}s of training",
        highlight=False,
    )
    return EXIT_OK


def _train_small(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``marsad train gate|tolls|roles``: the models the event candidates read."""
    from marsad.services.train_events import MODELS_DIR

    target = Path(args.out) if args.out else MODELS_DIR / f"{args.model}.json.gz"
    with err.status(f"training the {args.model} model", spinner="dots"):
        if args.model == "gate":
            from marsad.evaluation.annotation.select import read_selection
            from marsad.services.train_gate import train_gate

            exclude = {r.id for r in read_selection(Path(args.root) / "selection.tsv")}
            report = train_gate(Path(args.corpus), target, exclude)
        elif args.model == "roles":
            from marsad.services.train_roles import train_roles

            report = train_roles(Path(args.root), Path(args.corpus), target)
        else:
            from marsad.services.train_tolls import train_tolls

            report = train_tolls(Path(args.root), Path(args.corpus), target)
    out.out(json.dumps(report, ensure_ascii=False, default=str), highlight=False)
    err.print(f"wrote {target}", highlight=False)
    return EXIT_OK


def _train_events(args: argparse.Namespace, out: Console, err: Console) -> int:
    from marsad.services.train_events import DEFAULT_OUT, train_event_models

    if not 0.0 < args.c <= 1e6:
        raise ConfigError(f"--c must be in (0, 1e6]: {args.c}")
    if not 0.0 <= args.min_precision <= 1.0:
        raise ConfigError(f"--min-precision must be in [0, 1]: {args.min_precision}")
    target = Path(args.out) if args.out else DEFAULT_OUT
    with err.status("training", spinner="dots") as status:
        report = train_event_models(
            Path(args.root),
            Path(args.corpus),
            target,
            c=args.c,
            min_precision=args.min_precision,
            progress=lambda message: status.update(message),
        )
    if args.json:
        out.out(json.dumps(report, ensure_ascii=False), highlight=False)
        return EXIT_OK
    table = Table(title=f"events on the corpus's dev split (threshold {report['threshold']})")
    for column in ("", "precision", "recall", "F1", "predicted", "per other article"):
        table.add_column(column, justify="left" if not column else "right")
    rows = (
        ("rules", report["dev_rules"]),
        ("+ candidate model", report["dev_model_without_gate"]),
        ("+ document gate", report["dev_model_without_gate_bar"]),
        ("+ gate bar", report["dev_model"]),
    )
    for label, row in rows:
        table.add_row(
            label,
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
            str(row["predicted"]),
            f"{row['events_per_other_article']:.2f}",
        )
    out.print(table)
    err.print(
        f"wrote {target}: {report['bytes'] / 1e3:.0f} kB, {report['features']} features, "
        f"{report['examples']} examples, {report['seconds']:.0f}s",
        highlight=False,
    )
    return EXIT_OK


def _eval_ner(args: argparse.Namespace, out: Console, err: Console) -> int:
    model = Path(args.model) if args.model else None
    result = evaluate_ner_model(
        Path(args.data), args.format, model=model, conventions=args.conventions
    )
    report = result.report
    name = args.name or args.format
    if args.json:
        row = {"name": name, "conventions": args.conventions, **result.to_dict()}
        out.out(json.dumps(row, ensure_ascii=False), highlight=False)
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
        row = {"name": name, **result.to_dict()}
        out.out(json.dumps(row, ensure_ascii=False), highlight=False)
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


def _eval_corpus(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``eval events|entities|places --split S``: a split of the annotated corpus."""
    keep_errors = bool(getattr(args, "errors", False))
    scored = evaluate_corpus(
        args.task,
        Path(args.root),
        Path(args.corpus),
        args.split,
        keep_errors=keep_errors,
        from_scratch=args.from_scratch,
    )
    name, result, floors = scored["name"], scored["result"], scored["floors"]
    if args.json:
        out.out(json.dumps({"name": name, **result}, ensure_ascii=False), highlight=False)
    else:
        table = Table(title=f"{args.task} on the annotated corpus, split {args.split}")
        table.add_column("metric")
        table.add_column("value", justify="right")
        for key, value in floors.items():
            table.add_row(key.split(".", 2)[2], f"{value:.3f}")
        for key, value in _flat(result):
            table.add_row(key, str(value))
        out.print(table)
        if "by_stratum" in result:
            out.print(_strata_table(result))
        if args.split == "test":
            out.print("test split: aggregate figures only (its errors are never listed)")
    for error in scored["errors"]:
        err.out(json.dumps({"part": name, **error}, ensure_ascii=False), highlight=False)
    if args.baseline:
        return _gate(args, err, args.task, name, floors)
    return EXIT_OK


def _strata_table(result: dict[str, Any]) -> Table:
    """Places per corpus stratum, and the strata beyond the Levant together."""
    table = Table(title="places per stratum")
    names = ("gold", "F1", "country", "161km res.", "161km all", ">161km")
    for column in ("stratum", *names):
        table.add_column(column, justify="left" if column == "stratum" else "right")
    rows = [*result["by_stratum"].items(), ("beyond the Levant", result["beyond_levant"])]
    for stratum, r in rows:
        table.add_row(
            stratum,
            str(r["detection"]["gold"]),
            f"{r['detection']['f1']:.3f}",
            f"{r['country_accuracy']:.3f}",
            f"{r['within_161km_resolved']:.3f}",
            f"{r['within_161km_all']:.3f}",
            str(r["wrong_over_161km"]),
        )
    return table


def _flat(d: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Counts of a nested result as ``a.b`` rows (rates are in the floors above); per-stratum
    counts have their own table."""
    rows: list[tuple[str, Any]] = []
    for key, value in d.items():
        if key in ("by_stratum", "beyond_levant"):
            continue
        if isinstance(value, dict):
            rows += _flat(value, f"{prefix}{key}.")
        elif isinstance(value, int) and not isinstance(value, bool):
            rows.append((f"{prefix}{key}", value))
    return rows
