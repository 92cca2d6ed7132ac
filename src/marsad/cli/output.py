"""What the command modules share: exit codes, consoles that write UTF-8, JSON printing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console

EXIT_OK, EXIT_FAILED_INPUTS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def utf8(stream: TextIO) -> TextIO:
    """``stream`` writing UTF-8 whatever the locale: CI machines often run with LANG=C, and
    Arabic output must not depend on it."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8")
    return stream


def consoles() -> tuple[Console, Console]:
    """The consoles for results (stdout) and for messages (stderr)."""
    # Piped output gets a wide table instead of rich's default 80 columns.
    out = Console(file=utf8(sys.stdout), width=None if sys.stdout.isatty() else 160)
    err = Console(file=utf8(sys.stderr), stderr=True, soft_wrap=True)  # one line per message
    return out, err


def print_json(out: Console, value: Any, *, indent: int | None = 2) -> None:
    """``value`` as JSON, Arabic kept readable, no rich markup or highlighting."""
    out.out(json.dumps(value, ensure_ascii=False, indent=indent, default=str), highlight=False)


def existing_store(url: str) -> str:
    """``url`` when it names a store that exists; a read command (search, events, export,
    stats, serve...) must not create an empty store for a mistyped ``--db``. PostgreSQL URLs
    are checked by connecting."""
    from marsad.errors import StoreNotFoundError

    if url.startswith(("postgresql://", "postgres://")):
        return url
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    if path != ":memory:" and not Path(path).expanduser().is_file():
        raise StoreNotFoundError(
            "no store here: `marsad ingest ... --db PATH` creates one; pass the store of a "
            "read command with --db (or set store.url in the settings)",
            source=url,
        )
    return url
