"""``marsad analyze``: analyze inputs and print the documents (nothing is stored)."""

from __future__ import annotations

import argparse
import io
import json
import sys

from rich.console import Console, JustifyMethod
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from marsad.cli.output import EXIT_FAILED_INPUTS, EXIT_OK
from marsad.doc import Document, Quantity
from marsad.inputs.reading import validate_published
from marsad.services.analysis import Outcome, analyze_inputs, build_pipeline
from marsad.settings import load_settings


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``marsad analyze``: every document of the inputs, as a table, JSON, JSONL or ACLED CSV."""
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
            elif args.format in ("acled-csv", "plover-csv"):
                buffer = io.StringIO()
                from marsad.corpus.acled import write_acled_csv  # only for these formats

                write_acled_csv(
                    [_doc(outcome)],
                    buffer,
                    political=args.format == "plover-csv",
                    header=analysed == 1,
                    first=analysed,
                )
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
        _more(out, len(d.sentences), _PREVIEW_SENTENCES, "sentences")
        if d.entities:
            out.print(f"  entities ({len(d.entities)}):", highlight=False)
            for e in d.entities[:_PREVIEW_ENTITIES]:
                extra = [
                    x for x in (e.canonical if e.canonical != e.text else None, e.name_en) if x
                ]
                more = f" → {' / '.join(extra)}" if extra else ""
                kb = f" [{e.kb_id}]" if e.kb_id else ""
                kind = " (generic)" if e.generic else ""
                line = f"    {e.label:<4} {e.text}{more}{kb}{kind}"
                out.print(line, highlight=False, markup=False)
            _more(out, len(d.entities), _PREVIEW_ENTITIES, "entities")
        if d.times:
            out.print(f"  times ({len(d.times)}):", highlight=False)
            for t in d.times[:_PREVIEW_ENTITIES]:
                when = t.value or "unresolved: no publication date"
                line = f"    {t.id:<4} {t.text} → {when} ({t.granularity})"
                out.print(line, highlight=False, markup=False)
            _more(out, len(d.times), _PREVIEW_ENTITIES, "times")
        if d.quantities:
            out.print(f"  figures ({len(d.quantities)}):", highlight=False)
            times = {t.id: t.text for t in d.times}
            for q in d.quantities[:_PREVIEW_ENTITIES]:
                out.print(f"    {q.id:<4} {_figure_line(q, times)}", highlight=False, markup=False)
            _more(out, len(d.quantities), _PREVIEW_ENTITIES, "figures")
        if d.quotes:
            out.print(f"  quotes ({len(d.quotes)}):", highlight=False)
            for c in d.quotes[:_PREVIEW_ENTITIES]:
                who = c.speaker.canonical or c.speaker.text if c.speaker else "?"
                said = c.text if len(c.text) <= 60 else c.text[:57] + "... (cut)"
                line = f"    {c.id:<4} {who} ({c.kind}): {said}"
                out.print(line, highlight=False, markup=False)
            _more(out, len(d.quotes), _PREVIEW_ENTITIES, "quotes")
        if d.events:
            out.print(f"  events ({len(d.events)}):", highlight=False)
            for line in _event_lines(d):
                out.print(f"    {line}", highlight=False, markup=False)
            _more(out, len(d.events), _PREVIEW_ENTITIES, "events")
    if len(outcomes) > _PREVIEW_DOCUMENTS:
        out.print(
            f"\n(previews of the first {_PREVIEW_DOCUMENTS} of {len(outcomes)} documents; "
            "--format json or jsonl gives every one whole)",
            highlight=False,
        )


def _more(out: Console, total: int, shown: int, what: str) -> None:
    """Say what a preview left out: the text output never cuts a list silently."""
    if total > shown:
        out.print(
            f"    ... and {total - shown} more {what} (--format json gives them all)",
            highlight=False,
            markup=False,
        )


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
