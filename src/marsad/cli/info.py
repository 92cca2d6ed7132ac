"""``marsad schema`` and ``marsad components``: what the document contract and the pipeline
look like."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.table import Table

from marsad.cli.output import EXIT_OK
from marsad.pipeline import registered
from marsad.settings import load_settings


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Print the JSON Schema of the document contract, or the table of components."""
    if args.command == "schema":
        from marsad.schema import document_schema  # jsonschema: only for this command

        out.out(json.dumps(document_schema(), ensure_ascii=False, indent=2), highlight=False)
        return EXIT_OK
    active = set(load_settings(args.config).pipeline.components)
    table = Table(title="pipeline components")
    for column in ("name", "requires", "assigns", "follows", "in settings"):
        table.add_column(column)
    for name, factory in sorted(registered().items()):
        requires = ", ".join(sorted(getattr(factory, "requires", ())))
        assigns = ", ".join(sorted(getattr(factory, "assigns", ())))
        follows = ", ".join(sorted(getattr(factory, "follows", ())))
        table.add_row(name, requires, assigns, follows, "yes" if name in active else "")
    out.print(table)
    return EXIT_OK
