"""A frozen team database never hangs the program (store layer; PostgreSQL only).

A server stopped mid-way (a frozen machine, a process stopped by SIGSTOP) keeps its TCP
connections open: the kernel still acknowledges what we send, so neither TCP keepalives nor
the server's own statement_timeout ever fire, and libpq waits for an answer forever. Every
call that waits for the server — a statement, a commit, a rollback, the pool's ping — is
therefore watched from a thread of its own: when the server has not answered within the
budget, the watchdog shuts the connection's socket down, the waiting call returns at once
with ``NotAnswering``, and SQLAlchemy's pool throws that connection away (the next save
opens a new one, so saving resumes by itself once the server answers again).

Connecting has libpq's own ``connect_timeout``; a live but slow server is stopped by the
server-side ``statement_timeout`` and ``lock_timeout`` (set per connection, see
``connect_args``) at the same budget, and a dead network by TCP keepalives.

Imported only for a server URL (planner/store/engine.py), so SQLite never loads psycopg.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import weakref
from collections.abc import Iterator
from typing import Any

import psycopg  # noqa: TID253 -- this module is imported only for a server URL

ENV = "PLANNER_PG_ANSWER_SECONDS"
DEFAULT_SECONDS = 5.0
PATIENT_SECONDS = 120.0  # a schema upgrade, or waiting for another program's
CONNECT_SECONDS = 4  # libpq's connect_timeout (whole seconds, at least 2)


def answer_seconds() -> float:
    """How long a call may wait for the server (``PLANNER_PG_ANSWER_SECONDS``, default 5)."""
    try:
        value = float(os.environ.get(ENV, "") or DEFAULT_SECONDS)
    except ValueError:
        value = DEFAULT_SECONDS
    return max(value, 0.5)


def connect_args() -> dict[str, Any]:
    """libpq settings for every connection of a team database's engine."""
    budget = answer_seconds()
    ms = int(budget * 1000)
    return {
        "connect_timeout": max(2, min(CONNECT_SECONDS, int(budget))),
        "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 3,
        "keepalives_count": 3,
        "options": (f"-c statement_timeout={ms} -c lock_timeout={max(ms // 2, 500)} "
                    "-c idle_in_transaction_session_timeout=600000"),
        "cursor_factory": WatchedCursor,
    }


class NotAnswering(psycopg.OperationalError):
    """The server did not answer within the budget; the connection was given up."""


class _Watch:
    __slots__ = ("connection", "deadline", "fired")

    def __init__(self, connection: psycopg.Connection[Any], deadline: float) -> None:
        self.connection = connection
        self.deadline = deadline
        self.fired = False


class _Watchdog:
    """One daemon thread for every watched call of the program."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._watches: set[_Watch] = set()
        self._thread: threading.Thread | None = None

    def watch(self, connection: psycopg.Connection[Any], seconds: float) -> _Watch:
        item = _Watch(connection, time.monotonic() + seconds)
        with self._lock:
            self._watches.add(item)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="planner-watchdog",
                                                daemon=True)
                self._thread.start()
            self._lock.notify()
        return item

    def done(self, item: _Watch) -> None:
        with self._lock:
            self._watches.discard(item)

    def give_up(self, owner: object) -> None:
        """Every call waiting now on a connection of ``owner`` gives up at once, as if its
        budget had run out."""
        with self._lock:
            for item in self._watches:
                ref = getattr(item.connection, "planner_owner", None)
                if ref is not None and ref() is owner:
                    item.deadline = 0.0
            self._lock.notify()

    def _run(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                expired = [w for w in self._watches if w.deadline <= now]
                for item in expired:
                    self._watches.discard(item)
                    item.fired = True
                if not expired:
                    nearest = min((w.deadline for w in self._watches), default=now + 60)
                    self._lock.wait(max(nearest - now, 0.01))
                    continue
            for item in expired:
                _cut(item.connection)


def _cut(connection: psycopg.Connection[Any]) -> None:
    """Shut the connection's socket down: the call waiting on it returns with an error."""
    with contextlib.suppress(Exception):
        fd = connection.pgconn.socket
        sock = socket.socket(fileno=os.dup(fd))
        try:
            sock.shutdown(socket.SHUT_RDWR)
        finally:
            sock.close()


_DOG = _Watchdog()


_GIVEN_UP: weakref.WeakSet[Any] = weakref.WeakSet()  # engines whose plan was closed


def give_up(owner: object) -> None:
    """Every call still waiting for the server through ``owner`` (an engine) gives up now
    with ``NotAnswering``, and none connects again: its plan is being closed, its user was
    asked about what waits, so nobody waits for the rest of the budget or a new
    connection's timeout, nor the program for them before it ends."""
    _GIVEN_UP.add(owner)
    _DOG.give_up(owner)


def connect(owner: object, *args: Any, **kwargs: Any) -> psycopg.Connection[Any]:
    """A new watched connection for ``owner`` (an engine); refused at once after
    :func:`give_up`."""
    if owner in _GIVEN_UP:
        raise NotAnswering("the plan was closed while its server did not answer")
    connection = WatchedConnection.connect(*args, **kwargs)
    connection.planner_owner = weakref.ref(owner)  # type: ignore[attr-defined]
    return connection


@contextlib.contextmanager
def guarded(connection: psycopg.Connection[Any]) -> Iterator[None]:
    """Watch one call on ``connection``; ``NotAnswering`` when the budget ran out.
    A connection marked ``planner_patient`` (a schema upgrade) waits longer: PATIENT_SECONDS."""
    seconds = PATIENT_SECONDS if getattr(connection, "planner_patient", False) \
        else answer_seconds()
    item = _DOG.watch(connection, seconds)
    try:
        yield
    except psycopg.Error as exc:
        if item.fired:
            raise NotAnswering(f"the server did not answer within {seconds:g} s") from exc
        raise
    finally:
        _DOG.done(item)


class WatchedCursor(psycopg.Cursor[Any]):
    def execute(self, *args: Any, **kwargs: Any) -> Any:
        with guarded(self.connection):
            return super().execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> Any:
        with guarded(self.connection):
            return super().executemany(*args, **kwargs)


class WatchedConnection(psycopg.Connection[Any]):
    def commit(self) -> None:
        with guarded(self):
            super().commit()

    def rollback(self) -> None:
        with guarded(self):
            super().rollback()


def is_not_answering(exc: BaseException) -> bool:
    """Whether a (SQLAlchemy-wrapped) error means the server did not answer in time."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, NotAnswering):
        return True
    text = str(orig).lower()
    return "timeout expired" in text or "canceling statement due to statement timeout" in text


# libpq's words for a server that is down, restarting or out of reach: it refuses or drops
# the connection at once rather than never answering, but for a save it is the same.
_OUT_OF_REACH = (
    "connection refused", "server closed the connection unexpectedly",
    "terminating connection due to administrator command", "the connection is closed",
    "the database system is shutting down", "the database system is starting up",
    "the database system is in recovery mode", "consuming input failed",
    "could not receive data from server", "could not send data to server",
    "connection reset by peer", "broken pipe", "no route to host", "network is unreachable",
)


def is_out_of_reach(exc: BaseException) -> bool:
    """Whether the server did not answer in time, or is down or out of reach now (a
    restart, a reboot, a network cut): either way a save should wait for it."""
    if is_not_answering(exc):
        return True
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(words in text for words in _OUT_OF_REACH)


@contextlib.contextmanager
def patient(connection: psycopg.Connection[Any]) -> Iterator[None]:
    """Let ``connection`` wait up to PATIENT_SECONDS per call (a schema upgrade, or waiting
    for another program's): the server's timeouts too. Back to the budget afterwards."""
    ms = int(PATIENT_SECONDS * 1000)
    connection.planner_patient = True  # type: ignore[attr-defined]
    try:
        with connection.cursor() as cur:
            cur.execute(f"SET statement_timeout = {ms}; SET lock_timeout = {ms}".encode())
        yield
    finally:
        connection.planner_patient = False  # type: ignore[attr-defined]
        with contextlib.suppress(psycopg.Error), connection.cursor() as cur:
            cur.execute(b"RESET statement_timeout; RESET lock_timeout")
