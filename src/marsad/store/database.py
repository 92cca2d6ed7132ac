"""A thin connection wrapper that hides the two drivers (sqlite3, psycopg) behind one API.

SQL is written once with ``?`` placeholders; for PostgreSQL they become ``%s``. Transactions
are explicit: SQLite opens ``BEGIN IMMEDIATE`` (one writer at a time, no upgrade deadlock),
PostgreSQL a plain transaction that takes one advisory lock, so writers there also go one at
a time (no deadlock between concurrent ingests, no race between first starts). A crash (even
``kill -9``) inside one rolls it back whole.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from marsad.errors import StoreError
from marsad.store.schema import Dialect

Params = Sequence[Any]
_PLACEHOLDER = re.compile(r"\?")
# The PostgreSQL advisory lock key of marsad's writers ("marsad" in ASCII, then 1).
WRITE_LOCK = 0x6D61727361640001


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


class Database:
    """One open connection to SQLite or PostgreSQL."""

    def __init__(self, connection: Any, dialect: Dialect, url: str) -> None:
        self._conn = connection
        self.dialect: Dialect = dialect
        self.url = url
        self._depth = 0

    # -- statements -------------------------------------------------------------------------

    def _sql(self, sql: str) -> str:
        if self.dialect == "postgresql":
            return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))
        return sql

    def execute(self, sql: str, params: Params = ()) -> Any:
        try:
            return self._conn.execute(self._sql(sql), tuple(params))
        except (sqlite3.Error, _pg_error()) as exc:
            raise StoreError(f"{exc}".strip(), source=self.url) from exc

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        if not rows:
            return
        try:
            if self.dialect == "sqlite":
                self._conn.executemany(sql, rows)
            else:
                with self._conn.cursor() as cur:
                    cur.executemany(self._sql(sql), rows)
        except (sqlite3.Error, _pg_error()) as exc:
            raise StoreError(f"{exc}".strip(), source=self.url) from exc

    def rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        cur = self.execute(sql, params)
        if cur.description is None:
            return []
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def iter_rows(self, sql: str, params: Params = ()) -> Iterator[dict[str, Any]]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        while batch := cur.fetchmany(500):
            for row in batch:
                yield dict(zip(names, row, strict=True))

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def insert(self, table: str, rows: Sequence[dict[str, Any]], *, ignore: bool = False) -> None:
        """Insert dict rows (all with the same keys); ``ignore`` skips key conflicts."""
        if not rows:
            return
        names = list(rows[0])
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" for _ in names)
        conflict = " ON CONFLICT DO NOTHING" if ignore else ""
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}){conflict}"
        self.executemany(sql, [tuple(r[n] for n in names) for r in rows])

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together or not at all; nested blocks join the outer."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.execute("BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
        self._depth = 1
        try:
            if self.dialect == "postgresql":
                # Every marsad transaction writes. SQLite's BEGIN IMMEDIATE already lets one
                # writer in at a time; on PostgreSQL concurrent writers (two ingests, or first
                # starts migrating) upserted entity_stats and entities in different key orders
                # and deadlocked, or raced on CREATE TABLE. One advisory lock, released at
                # commit or rollback, orders the writers; readers never take it.
                self.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            yield
        except BaseException:
            self._depth = 0
            with suppress(Exception):  # a broken connection has nothing left to roll back
                self._conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.execute("COMMIT")
        except BaseException:
            # A COMMIT refused (a deferred foreign key) leaves SQLite's transaction open:
            # end it, so the connection does not go on inside it.
            with suppress(Exception):
                self._conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._conn.close()


def _pg_error() -> type[Exception]:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return sqlite3.Error
    return psycopg.Error


def connect(url: str) -> Database:
    """Open a store: a SQLite file path (created when missing) or a ``postgresql://`` URL."""
    if is_postgres_url(url):
        return _connect_postgres(url)
    return _connect_sqlite(url)


def _connect_sqlite(url: str) -> Database:
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    if path != ":memory:":
        parent = Path(path).expanduser().parent
        if not parent.is_dir():
            raise StoreError(f"the directory {parent} does not exist", source=url)
    try:
        # The busy timeout first (timeout=): switching a new file to WAL takes a lock, and
        # processes opening one store at once failed there with "database is locked".
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        # WAL: readers never block the writer, and a killed writer leaves the file consistent.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        # The declared foreign keys are checked, as PostgreSQL always does (SQLite's default
        # is to declare them only).
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the SQLite store: {exc}", source=url) from exc
    return Database(conn, "sqlite", url)


def _connect_postgres(url: str) -> Database:
    import psycopg

    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to PostgreSQL: {exc}".strip(), source=url) from exc
    return Database(conn, "postgresql", url)
