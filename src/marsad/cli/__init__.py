"""The ``marsad`` command line: parse arguments, call services, render results.

Modules: :mod:`~marsad.cli.app` (the parser and the dispatch), then one per command group:
:mod:`~marsad.cli.analyze`, :mod:`~marsad.cli.evaluate` (train and eval),
:mod:`~marsad.cli.corpus` (ingest, reanalyze, search, events, entities, figures, export,
stats, load), :mod:`~marsad.cli.serve`, :mod:`~marsad.cli.spark` and :mod:`~marsad.cli.info`
(schema, components); :mod:`~marsad.cli.output` holds what they share. A command's module,
and the libraries it needs, are imported only when that command runs, so that ``marsad
--help`` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``marsad`` command with ``argv`` (default: ``sys.argv[1:]``); the exit code."""
    from marsad.cli.app import run

    return run(argv)
