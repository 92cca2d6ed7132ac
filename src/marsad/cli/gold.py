"""``marsad gold``: the annotated corpus in ``eval/corpus`` — draw it, read an article, find a
snippet, look a place up, draft, anchor an annotator's snippet file, validate, agreement."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console

from marsad.cli.output import EXIT_FAILED_INPUTS, EXIT_OK
from marsad.errors import ConfigError, MalformedInputError
from marsad.evaluation.annotation.anchor import AnchorErrors, anchor_record
from marsad.evaluation.annotation.corpus import AnnotatedCorpus, read_articles
from marsad.evaluation.annotation.select import Selected, text_digest
from marsad.evaluation.annotation.validate import validate_record
from marsad.services.annotate import GAZETTEER


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Dispatch ``marsad gold ACTION``."""
    corpus = AnnotatedCorpus(Path(args.root))
    action = args.action
    if action == "select":
        return _select(args, corpus, err)
    if action == "gaz":
        from marsad.evaluation.annotation.tools import lookup_place

        hits = lookup_place(args.name, GAZETTEER, country=args.country)
        lines = [json.dumps(hit, ensure_ascii=False) for hit in hits]
        out.out("\n".join(lines) if lines else "no match", highlight=False)
        return EXIT_OK
    if action in ("show", "find", "render"):
        ids = args.ids if action != "find" else [args.id]
        rows = [_row(corpus, i) for i in ids]
        articles = read_articles(Path(args.ant), [row.id for row in rows])
        for row in rows:
            record = articles[row.id]
            out.out(_view(action, args, corpus, row, record), highlight=False)
        return EXIT_OK
    if action == "check":
        return _check(args, corpus, out, err)
    if action == "validate":
        return _validate(args, corpus, out, err)
    if action == "agreement":
        from marsad.evaluation.annotation.agreement import agreement_table

        out.out(agreement_table(corpus, json_out=args.json), highlight=False)
        return EXIT_OK
    if action == "stats":
        from marsad.evaluation.annotation.stats import stats_table

        out.out(stats_table(corpus), highlight=False)
        return EXIT_OK
    raise ConfigError(f"unknown gold action {action!r}")


def _view(
    action: str,
    args: argparse.Namespace,
    corpus: AnnotatedCorpus,
    row: Selected,
    record: dict[str, Any],
) -> str:
    from marsad.evaluation.annotation.tools import find_snippet, render_record, show_article

    if action == "find":
        return "\n".join(find_snippet(record["text"], s) for s in args.snippet)
    if action == "render":
        path = corpus.annotation_path(row, second=args.second)
        if not path.exists():
            return f"{row.id}: no record at {path}"
        stored = json.loads(path.read_text(encoding="utf-8"))
        return render_record(stored, record["text"])
    shown = show_article(record, row)
    if args.draft:
        from marsad.services.annotate import draft

        d = draft(record["text"], record.get("date"), entities=row.entities)
        shown += "\ndraft (today's system; correct every item):\n" + _draft_json(
            {"id": row.id, **d}
        )
    return shown + "\n" + "=" * 40


def _draft_json(d: dict[str, Any]) -> str:
    """One item a line: easy to read and to edit."""
    parts = []
    for key, value in d.items():
        if isinstance(value, list):
            items = ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f' "{key}": [\n  {items}\n ]' if value else f' "{key}": []')
        else:
            parts.append(f' "{key}": {json.dumps(value, ensure_ascii=False)}')
    return "{\n" + ",\n".join(parts) + "\n}"


def _row(corpus: AnnotatedCorpus, article_id: str) -> Selected:
    rows = corpus.selection
    if article_id not in rows:
        raise ConfigError(
            f"{article_id} is not in the selection", source=str(corpus.root / "selection.tsv")
        )
    return rows[article_id]


def _select(args: argparse.Namespace, corpus: AnnotatedCorpus, err: Console) -> int:
    from marsad.evaluation.annotation.select import select, write_selection

    shared = Path(args.ant).parent.parent
    exclude = set()  # the ANT articles of the older gold sets (the rules were tuned on them)
    for path in Path(args.exclude_from).glob("*/ant*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                exclude.add(json.loads(line)["id"])
    rows = select(
        Path(args.ant),
        # The place names as the corpus was drawn (the shipped gazetteer has grown since).
        Path(args.place_names),
        shared / "gazetteer-mena" / "countries_ar_en.tsv",
        # The event cue words as the corpus was drawn (the trigger lexicon has grown since).
        Path(args.event_cues),
        exclude,
        seed=args.seed,
    )
    corpus.root.mkdir(parents=True, exist_ok=True)
    write_selection(rows, corpus.root / "selection.tsv")
    counts = Counter((r.split, r.group) for r in rows)
    err.print(
        f"wrote {corpus.root / 'selection.tsv'}: {len(rows)} articles {dict(counts)}",
        highlight=False,
    )
    return EXIT_OK


def _check(args: argparse.Namespace, corpus: AnnotatedCorpus, out: Console, err: Console) -> int:
    """Anchor snippet files; with --write, store the records they give."""
    rows = corpus.selection
    raws = []
    bad = 0
    for name in args.files:  # a bad file is reported and the others still go through
        path = Path(name)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("id") not in rows:
                raise MalformedInputError(
                    "expected an object whose id is in the selection", source=name
                )
        except (OSError, json.JSONDecodeError, MalformedInputError) as exc:
            problem = exc if isinstance(exc, MalformedInputError) else f"{name}: cannot read: {exc}"
            err.print(f"[bold red]error[/] {problem}", highlight=False)
            bad += 1
            continue
        raws.append((path, raw))
    articles = read_articles(Path(args.ant), [raw["id"] for _, raw in raws])
    for path, raw in raws:
        row = rows[raw["id"]]
        text = articles[row.id]["text"]
        try:
            record = anchor_record(raw, text, text_digest(text))
            problems = validate_record(record, text, row.sha1)
        except AnchorErrors as exc:
            problems = exc.problems
        if problems:
            bad += 1
            err.print(f"[bold red]{path}[/]: {len(problems)} problem(s)", highlight=False)
            for problem in problems:
                err.print(f"  {problem}", highlight=False, markup=False)
            continue
        if args.write:
            target = corpus.annotation_path(row, second=args.second)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            out.out(f"{path}: ok → {target}", highlight=False)
        else:
            out.out(f"{path}: ok", highlight=False)
    return EXIT_FAILED_INPUTS if bad else EXIT_OK


def _validate(args: argparse.Namespace, corpus: AnnotatedCorpus, out: Console, err: Console) -> int:
    """Validate every stored record (and their texts when the ANT corpus is present)."""
    rows = corpus.selection
    ant = Path(args.ant)
    stored = [(row, rec, False) for row, rec in corpus.records()]
    stored += [(row, rec, True) for row, rec in corpus.records(second=True)]
    articles = read_articles(ant, {row.id for row, _, _ in stored}) if ant.exists() else {}
    bad = 0
    for row, record, second in stored:
        text = articles.get(row.id, {}).get("text")
        problems = validate_record(record, text, row.sha1 if text is not None else None)
        if record.get("id") != row.id:
            problems.append(f"id {record.get('id')!r} in the file of {row.id}")
        if second and row.double is False:
            problems.append("a second annotation of an article outside the agreement sample")
        if problems:
            bad += 1
            where = corpus.annotation_path(row, second=second)
            err.print(f"[bold red]{where}[/]: {len(problems)} problem(s)", highlight=False)
            for problem in problems:
                err.print(f"  {problem}", highlight=False, markup=False)
    texts = "with" if articles else "without"
    out.out(
        f"{len(stored)} records ({len(rows)} articles selected), {texts} article texts: "
        f"{bad} invalid",
        highlight=False,
    )
    return EXIT_FAILED_INPUTS if bad else EXIT_OK
