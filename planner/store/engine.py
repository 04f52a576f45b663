"""The one engine factory (store layer): the only place that knows it may be talking to SQLite.

Everything SQLite-specific (pragmas, file checks, the backup API) lives here, so the rest of
the store runs unchanged against PostgreSQL given a URL.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

from planner import atomic
from planner.store import commits
from planner.store.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


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


def _file_uri(path: Path, flags: str) -> str:
    # Quoted, so that a folder named "a?b" or "50% done" is still the folder meant.
    return f"file:{quote(str(path))}?{flags}"


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """The engine for a plan. ``read_only`` (SQLite): nothing is ever written to the file,
    not even the switch to WAL, so a read-only file or folder can be checked; the caller
    holds the plan's lock, so no Partnership Planner writes while it reads."""
    if not is_sqlite(url):
        # A frozen server never hangs the program: every call is watched (watchdog.py).
        from planner.store import watchdog

        server = create_engine(url, pool_pre_ping=True, connect_args=watchdog.connect_args())

        @event.listens_for(server, "do_connect")
        def _watched(_dialect: object, _record: object, cargs: list[object],
                     cparams: dict[str, object]) -> object:
            return watchdog.connect(server, *cargs, **cparams)

        commits.of(server)  # every commit counted by table from the start (commits.py)
        return server
    if read_only:
        path = sqlite_path(url)
        assert path is not None
        uri = _file_uri(path, _read_only_flags(path))
        # "sqlite://" alone would mean an in-memory database, whose pool hands every caller
        # in a thread the same connection; a plan file gets a pool of its own connections.
        engine = create_engine("sqlite://", poolclass=QueuePool, creator=lambda: sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=15))
    else:
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy own BEGIN so that DDL in migrations is transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: object) -> None:
        connection.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]

    commits.of(engine)
    return engine


def sqlite_application_id(path: Path) -> int:
    """The application id in an SQLite file's header (0 when none is set or unreadable);
    read from the file itself, so asking does not open (and so change) the database."""
    try:
        with path.open("rb") as handle:
            header = handle.read(72)
    except OSError:
        return 0
    return int.from_bytes(header[68:72], "big") if len(header) == 72 else 0


def mark_plan_file(engine: Engine) -> None:
    """Write the plan's application id into the SQLite file's header, once (a plan made
    before it was written gets it when a writer next opens it)."""
    from planner import PLAN_FILE_ID

    with engine.begin() as conn:
        if conn.exec_driver_sql("PRAGMA application_id").scalar() != PLAN_FILE_ID:
            conn.exec_driver_sql(f"PRAGMA application_id = {PLAN_FILE_ID}")


def sqlite_backup(source: Path, destination: Path, *, untouched: bool = False) -> None:
    """A consistent copy of a live database through SQLite's online backup API, written
    whole or not at all (planner/atomic.py: a temporary file beside, synced, renamed).
    ``untouched``: the caller holds the plan's shared lock (a reader: ``planner backup``),
    so the plan is read as ``check`` reads it, leaving no -wal/-shm beside it and working
    in a read-only folder.

    Any failure (a full disk, an unwritable folder) is one readable StoreError naming the
    destination, and leaves neither a temporary file nor a destination behind.
    """
    existed = destination.exists()
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with atomic.replacing(destination) as tmp:
            flags = _read_only_flags(source) if untouched else "mode=ro"
            src = sqlite3.connect(_file_uri(source, flags), uri=True)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
    except atomic.WriteFailed as exc:
        raise StoreError(str(exc)) from None
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(str(atomic.failure(destination, _as_os_error(exc),
                                            existed=existed))) from None


def _as_os_error(exc: BaseException) -> BaseException:
    """SQLite's words for a full disk or a read-only folder, as the errors they stand for
    (so that the message is the one every other file write gives)."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.Error) and "full" in text:
        return OSError(errno.ENOSPC, str(exc))
    if isinstance(exc, sqlite3.Error) and ("readonly" in text or "unable to open" in text):
        return OSError(errno.EROFS, str(exc))
    return exc


def _read_only_flags(path: Path) -> str:
    """A -wal file left by a crash holds committed work: read through it. Otherwise read
    the file as immutable, so that reading leaves nothing beside it (and works in a
    read-only folder)."""
    return "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"


def sqlite_in_wal_mode(path: Path) -> bool:
    """Whether the file's header says write-ahead logging (bytes 18-19): opening it as the
    engine does then writes nothing to it (its ``journal_mode=WAL`` is already so)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"


def sqlite_size_problem(path: Path) -> str | None:
    """Why the file's size does not fit its header, or None when it does.

    SQLite reads a file cut a few bytes short of its last page without complaint (the
    missing bytes read as zeros: a progress of 100 became 0 in a test), so compare the size
    with the page size (header bytes 16-17) and the page count (28-31). The count is only
    valid when the change counter (24-27) matches its version-valid-for copy (92-95). With
    a -wal file beside it the file may legitimately lag the header (a checkpoint cut short
    by a crash is finished from the -wal), so then only whole pages are required.
    """
    with path.open("rb") as handle:
        header = handle.read(HEADER_SIZE)
        size = os.fstat(handle.fileno()).st_size
    if len(header) < HEADER_SIZE:
        return f"it is cut short ({size} bytes, less than a database header)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged (impossible page size)"
    if size % page_size:
        return (f"it ends part-way through a page ({size} bytes is not a whole number of "
                f"{page_size}-byte pages): it was cut short or overwritten")
    pages = int.from_bytes(header[28:32], "big")
    valid = pages > 0 and header[24:28] == header[92:96]
    if valid and size < pages * page_size and not Path(f"{path}-wal").exists():
        return (f"it is cut short: its header counts {pages} pages ({pages * page_size} bytes) "
                f"but the file holds {size} bytes")
    return None


def _read_only(path: Path, *, untouched: bool = True) -> sqlite3.Connection:
    """A read-only connection. ``untouched`` also keeps SQLite from creating -wal/-shm files
    beside the file, so inspecting a file we may refuse leaves no trace."""
    flags = "mode=ro&immutable=1" if untouched else "mode=ro"
    return sqlite3.connect(_file_uri(path, flags), uri=True)


def sqlite_integrity(path: Path, *, untouched: bool = True, quick: bool = False) -> list[str]:
    """Problems SQLite's own integrity and foreign-key checks find (empty when sound).
    ``quick``: SQLite's quick_check only (about a third of the time on a long plan: it
    does not compare the indexes with their tables, nor look at foreign keys)."""
    con = _read_only(path, untouched=untouched)
    try:
        if quick:
            rows = [r[0] for r in con.execute("PRAGMA quick_check").fetchall()]
            return [] if rows == ["ok"] else rows
        return integrity_problems(con)
    finally:
        con.close()


def integrity_problems(con: Any) -> list[str]:
    """SQLite's full integrity check and foreign-key check on an open DB-API connection."""
    rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
    problems = [] if rows == ["ok"] else rows
    for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"row {rowid} of {table} points to a missing {parent}")
    return problems


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
