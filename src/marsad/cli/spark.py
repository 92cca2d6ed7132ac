"""``marsad spark run``: the pipeline on Apache Spark (needs the ``spark`` extra)."""

from __future__ import annotations

import argparse

from rich.console import Console

from marsad.cli.output import EXIT_OK
from marsad.errors import ConfigError
from marsad.settings import load_settings


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``marsad spark run``: the configured pipeline over ``--input`` on Spark."""
    settings = load_settings(args.config)
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
            max_chars=settings.input.max_chars,
        )
    finally:
        spark.stop()
    out.print(
        f"{report.documents} documents and {report.errors} errors written to {report.output} "
        f"(load them with: marsad load {report.output})",
        highlight=False,
    )
    return EXIT_OK
