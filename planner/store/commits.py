"""Which tables the commits to a plan wrote (store layer), for ``Store.version``.

Every statement run on the store's connections is looked at as it runs: an INSERT, UPDATE
or DELETE notes the table it names on its connection, any other statement that is not a
plain read notes "*" (any table). When the unit of work commits, its notes are counted.

Commits made elsewhere count as "*". On a plan file a connection of our own watches
SQLite's ``PRAGMA data_version``, which moves with every commit by any other connection
(ours included). Our own commit is made holding SQLite's write lock (taken by its first
INSERT, UPDATE or DELETE), so no other commit can come between the value read just before
it and the one read just after: a move at any other time is someone else's commit. On a
team database ``Store.version`` adds the server's snapshot instead.
"""

from __future__ import annotations

import collections
import contextlib
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Engine, event

_WRITTEN = "planner_written"
_READS = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SHOW",
          "SET ", "EXPLAIN", "LISTEN", "UNLISTEN")
_WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)'
                    r'\s+"?(\w+)"?', re.IGNORECASE)


def _note(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    if statement.lstrip()[:10].upper().startswith(_READS):
        return
    found = _WRITE.match(statement)
    conn.info.setdefault(_WRITTEN, set()).add(found.group(1).lower() if found else "*")


def _forget(_dbapi_connection: Any, record: Any) -> None:
    record.info.pop(_WRITTEN, None)  # a transaction rolled back: its notes go with it


class Commits:
    """Commits to one plan, counted per table they wrote ("*": any, or unknown)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._counts: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._file = engine.dialect.name == "sqlite"
        self._watch: Any = None  # the connection asked for data_version (a plan file)
        self._seen: int | None = None
        event.listen(engine, "after_cursor_execute", _note)
        event.listen(engine, "checkin", _forget)

    @staticmethod
    def written(session: Any) -> set[str]:
        """The tables the session's transaction wrote (taken: call just before commit,
        while the session still holds its connection)."""
        if not session.in_transaction():
            return set()
        return set(session.connection().info.pop(_WRITTEN, set()))

    def _data_version(self) -> int:
        if self._watch is None:
            self._watch = self._engine.raw_connection()
        cursor = self._watch.cursor()
        try:
            return int(cursor.execute("PRAGMA data_version").fetchone()[0])
        finally:
            cursor.close()

    def _look_outside(self) -> None:
        """Count "*" if someone else committed to the plan file since we last looked."""
        now = self._data_version()
        if self._seen is not None and now != self._seen:
            self._counts["*"] += 1
        self._seen = now

    @contextlib.contextmanager
    def committing(self, written: set[str]) -> Iterator[None]:
        """Around a commit that wrote ``written``: counted once it is done."""
        if not written:
            yield
            return
        if not self._file:  # a server: never wait on a commit (it may not answer) here
            yield
            with self._lock:
                self._counts.update(written)
            return
        with self._lock:
            if written != {"*"}:  # a write statement ran: SQLite's write lock is ours
                self._look_outside()
            yield
            self._counts.update(written)
            self._seen = self._data_version()

    def counts(self, tables: Sequence[str]) -> tuple[int, ...]:
        """Commits so far that wrote anything unnamed, then each of ``tables``."""
        with self._lock:
            if self._file:
                self._look_outside()
            return (self._counts["*"], *(self._counts[t] for t in tables))

    def close(self) -> None:
        with self._lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None
