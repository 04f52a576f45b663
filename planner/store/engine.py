"""The one engine factory (store layer): the only place that knows it may be talking to SQLite.

Everything SQLite-specific (pragmas, file checks, the backup API) lives here, so the rest of
the store runs unchanged against PostgreSQL given a URL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

SQLITE_MAGIC = b"SQLite format 3\x00"


def database_url(target: str | Path) -> str:
    """A path becomes a SQLite URL; anything with ``://`` is taken as a URL already."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy own BEGIN so that DDL in migrations is transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: object) -> None:
        connection.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]

    return engine


def sqlite_backup(source: Path, destination: Path) -> None:
    """A consistent copy of a live database through SQLite's online backup API."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(destination.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(destination)


def _read_only(path: Path, *, untouched: bool = True) -> sqlite3.Connection:
    """A read-only connection. ``untouched`` also keeps SQLite from creating -wal/-shm files
    beside the file, so inspecting a file we may refuse leaves no trace."""
    flags = "mode=ro&immutable=1" if untouched else "mode=ro"
    return sqlite3.connect(f"file:{path}?{flags}", uri=True)


def sqlite_integrity(path: Path, *, untouched: bool = True) -> list[str]:
    """Problems SQLite's own integrity and foreign-key checks find (empty when sound)."""
    con = _read_only(path, untouched=untouched)
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"row {rowid} of {table} points to a missing {parent}")
        return problems
    finally:
        con.close()


def sqlite_tables(path: Path, *, untouched: bool = True) -> set[str]:
    con = _read_only(path, untouched=untouched)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def sqlite_revision(path: Path, *, untouched: bool = True) -> str | None:
    con = _read_only(path, untouched=untouched)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    finally:
        con.close()
