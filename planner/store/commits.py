"""Which tables the commits to a plan wrote (store layer): the token answers are kept by.

Every statement run on the store's connections is looked at as it runs: an INSERT, UPDATE
or DELETE notes the table it names on its connection, any other statement that is not a
plain read notes "*" (any table). When the unit of work commits, its notes are counted.

Every engine made for a plan (``engine.make_engine``) is watched from the start; the
store commits through :meth:`Commits.commit`; :func:`version` is the token readers keep
answers by. Commits made elsewhere count as "*". On a plan file a connection of our own watches
SQLite's ``PRAGMA data_version``, which moves with every commit by any other connection
(ours included). Our own commit is made holding SQLite's write lock (taken by its first
INSERT, UPDATE or DELETE), so no other commit can come between the value read just before
it and the one read just after: a move at any other time is someone else's commit. On a
team database :func:`version` reads the server's snapshot and counts the transactions that
ended since it last looked and are not this program's own (whose tables it knows): a
colleague's commit, the server's own work. Our commits to tables the figures do not read
then leave them kept there too.
"""

from __future__ import annotations

import collections
import contextlib
import re
import threading
import weakref
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event, text

if TYPE_CHECKING:
    from planner.store.database import Store

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
        # A server: our own transactions' ids (their tables are counted), the snapshot
        # last looked at (xmax, ids then running), and how many times since the first look
        # a transaction not ours may have ended.
        self._ours: set[int] = set()
        self._snapshot: tuple[int, frozenset[int]] | None = None
        self._others = 0
        event.listen(engine, "after_cursor_execute", _note)
        event.listen(engine, "checkin", _forget)
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    @staticmethod
    def written(session: Any) -> set[str]:
        """The tables the session's transaction wrote (taken: call just before commit,
        while the session still holds its connection)."""
        if not session.in_transaction():
            return set()
        return set(session.connection().info.pop(_WRITTEN, set()))

    @staticmethod
    def writes(session: Any) -> bool:
        """Whether the session's transaction has written anything so far (flush first)."""
        return session.in_transaction() and bool(session.connection().info.get(_WRITTEN))

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
            # Counted before and again after: a token asked meanwhile differs from both
            # the one before and the one after, so what is read meanwhile is not kept
            # past the commit (the snapshot does not tell our own commits apart by table).
            with self._lock:
                self._counts.update(written)
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

    def commit(self, session: Any, ident: str | None = None) -> None:
        """Commit the session, counting the tables its transaction wrote. ``ident``: on a
        server, the transaction's id when the caller has already asked for it."""
        written = self.written(session)
        if written and not self._file:  # known as ours when the snapshot shows it ended
            if ident is None:
                ident = session.execute(text(
                    "SELECT pg_current_xact_id_if_assigned()::text")).scalar()
            if ident is not None:
                with self._lock:
                    self._ours.add(int(ident))
        with self.committing(written):
            session.commit()

    def others(self, snapshot: str) -> int:
        """How many times, by the server's ``snapshot`` (pg_current_snapshot's text) and
        those seen before, a transaction that is not one of this program's own may have
        ended: it changes when a colleague's (or the server's own) commit may have changed
        anything, and not for ours, whose tables :meth:`counts` tells."""
        _xmin, xmax, running = snapshot.split(":")
        now = (int(xmax), frozenset(int(i) for i in running.split(",") if i))
        with self._lock:
            before = self._snapshot
            if before is None or now[0] < before[0] or now[0] - before[0] > 10_000:
                self._others += 1  # nothing to compare with (or too far): assume one
                self._ours = {i for i in self._ours if i >= now[0] or i in now[1]}
            else:
                ended = (before[1] | set(range(before[0], now[0]))) - now[1]
                if ended - self._ours:
                    self._others += 1
                self._ours -= ended
            if before is None or now[0] >= before[0]:
                self._snapshot = now
            return self._others

    def counts(self, tables: Sequence[str]) -> tuple[int, ...]:
        """Commits so far that wrote anything unnamed, then each of ``tables``."""
        with self._lock:
            if self._file:
                self._look_outside()
            return (self._counts["*"], *(self._counts[t] for t in tables))

    def close(self) -> None:
        with self._lock:
            if self._watch is not None:
                self._watch.invalidate()  # its pool is gone: the connection is closed now
                self._watch = None


_WATCHED: weakref.WeakKeyDictionary[Engine, Commits] = weakref.WeakKeyDictionary()
_WATCHING = threading.Lock()


def of(engine: Engine) -> Commits:
    """The commits to the plan of ``engine`` (watched from now on, if not already)."""
    with _WATCHING:
        if engine not in _WATCHED:
            _WATCHED[engine] = Commits(engine)
        return _WATCHED[engine]


def version(store: Store, tables: Sequence[str]) -> tuple[Any, ...]:
    """A token that changes whenever anyone's commit may have changed one of ``tables``
    of the plan: ask it before reading, and a commit in between makes the next one differ.
    The commits through the store by table, anyone else's on a plan file, and on a team
    database any transaction not ours that ended since (the server's snapshot)."""
    watched = of(store.engine)
    mine = watched.counts(tables)
    if store.notifier is None:
        return mine
    with store.work() as work:
        now = work.session.execute(text("SELECT pg_current_snapshot()::text")).scalar()
    return (*mine, watched.others(str(now)))
