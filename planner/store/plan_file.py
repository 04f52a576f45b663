"""Is this file a plan we may open? The checks made before SQLite opens a plan file.

Moved out of planner/store/database.py (which re-offers every name): the refusals a user
reads when a file is missing, locked, read-only, damaged, foreign or newer than this version.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from planner.store import engine as eng
from planner.store.errors import ReadOnlyPlace, StoreError
from planner.store.lock import FileLock, LockedError
from planner.store.migrations import HEAD, KNOWN_REVISIONS

APP_TABLES = {"organisation", "profile", "opportunity", "milestone"}


def _describe(path: Path) -> str:
    return f"“{path}”"


# Where a user whose plan is refused as damaged goes next (the window cannot open it).
RESTORE_HINT = "Restore a backup: “planner backups --db FILE” lists them."


def check_existing_file(path: Path, *, thorough: bool = True,
                        integrity: bool = True) -> str | None:
    """Why an existing file cannot be opened as a plan, or None when it can.

    ``thorough=False``: SQLite's quick check instead of its full integrity and foreign-key
    checks; the caller runs the full one later (``Store.full_check``) before any write.
    ``integrity=False``: neither; the caller runs :func:`integrity_problem` itself (the
    window, alongside its first reads: ``Store.open(check_alongside=True)``).

    Reads the file only (read-only connections), so a refused file is left as it was.
    Call it before SQLite opens the file in this process: it opens and closes its own
    descriptor, which would drop SQLite's locks (planner/store/lock.py).
    """
    name = _describe(path)
    if path.is_dir():
        return f"{name} is a folder, not a plan file."
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(eng.SQLITE_MAGIC))
    except PermissionError:
        return f"{name} cannot be read: permission denied."
    except OSError as exc:
        return f"{name} cannot be read: {exc.strerror or exc}."
    if size == 0:
        return f"{name} is empty (0 bytes); it is not a Partnership Planner plan."
    if header != eng.SQLITE_MAGIC:
        return f"{name} is not a Partnership Planner plan (it is not a database file)."
    try:
        cut = eng.sqlite_size_problem(path)
    except OSError as exc:
        return f"{name} cannot be read: {exc.strerror or exc}."
    if cut:
        return f"{name} is damaged: {cut}. {RESTORE_HINT}"
    # A -wal file left by a crash holds committed work: read through it. Otherwise read
    # the file as immutable so that inspecting it leaves nothing beside it.
    untouched = not Path(f"{path}-wal").exists()
    try:
        problems = eng.sqlite_integrity(path, untouched=untouched, quick=not thorough) \
            if integrity else []
        tables = eng.sqlite_tables(path, untouched=untouched)
    except sqlite3.DatabaseError as exc:
        return _unreadable(path, exc, untouched)
    if problems:
        return damaged(path, problems)
    if "alembic_version" not in tables or not tables >= APP_TABLES:
        return f"{name} is a database made by another application, not a Partnership Planner plan."
    try:
        revision = eng.sqlite_revision(path, untouched=untouched)
    except sqlite3.DatabaseError as exc:
        return f"{name} is damaged ({exc}). {RESTORE_HINT}"
    if revision not in KNOWN_REVISIONS:
        return (f"{name} was saved by a newer version of Partnership Planner (schema {revision});"
                f" this version reads schemas up to {HEAD}. Please update the program.")
    return None


def integrity_problem(path: Path, *, thorough: bool, untouched: bool) -> str | None:
    """Why SQLite's integrity check (``thorough``) or quick check finds the file damaged, in
    the words :func:`check_existing_file` says it, or None when it is sound (for a file
    that passed ``check_existing_file(path, integrity=False)``, the two then agree).
    ``untouched``: read it as immutable (as check_existing_file does with no -wal file)."""
    try:
        problems = eng.sqlite_integrity(path, untouched=untouched, quick=not thorough)
    except sqlite3.DatabaseError as exc:
        return _unreadable(path, exc, untouched)
    return damaged(path, problems) if problems else None


class CheckAlongside:
    """SQLite's quick check of a plan file that passed ``check_existing_file(path,
    integrity=False)``, on a thread of its own (issue 22): the window reads the first
    view's figures meanwhile (SQLite lets go of Python's lock while it checks), and shows
    them, or refuses the plan in the words a check in line would have said, once
    :meth:`verdict` answers. Its connection is read-only and SQLite's own, so opening and
    closing it drops no lock of the plan's (planner/store/lock.py)."""

    def __init__(self, path: Path) -> None:
        # As check_existing_file reads it, decided now: the plan's engine is about to add
        # a -wal file beside it.
        untouched = not Path(f"{path}-wal").exists()
        self._answer: tuple[str | None, BaseException | None] = (None, None)
        self._thread = threading.Thread(target=self._run, args=(path, untouched),
                                        name="plan quick check", daemon=True)
        self._thread.start()

    def _run(self, path: Path, untouched: bool) -> None:
        try:
            self._answer = (integrity_problem(path, thorough=False, untouched=untouched), None)
        except BaseException as exc:  # handed to whoever asks for the verdict
            self._answer = (None, exc)

    def wait(self) -> None:
        self._thread.join()

    def verdict(self) -> str | None:
        """Why the quick check finds the plan damaged (None when sound), once it has
        answered; an error it met is raised here."""
        self._thread.join()
        problem, error = self._answer
        if error is not None:
            raise error
        return problem


def check_to_open(path: Path, *, read_only: bool, quick: bool,
                  alongside: bool) -> CheckAlongside | None:
    """``Store.open``'s checks of an existing plan file (its lock held): StoreError, in one
    line, when it may not be opened. ``alongside``: the quick check is left running on a
    thread (returned) when opening and closing the plan writes nothing to it: in WAL mode
    already, and no -wal file left by a crash (closing the last connection would copy its
    work into the file)."""
    later = quick and alongside and eng.sqlite_in_wal_mode(path) and \
        not Path(f"{path}-wal").exists()
    problem = check_existing_file(path, thorough=not quick, integrity=not later)
    unwritable = None if read_only else check_writable(path)
    if (problem or unwritable) and later:  # in the words of a check in line: damage first
        problem = check_existing_file(path, thorough=False)
    if problem:
        raise StoreError(problem)
    if unwritable:  # a sound plan in a read-only place: it may still be read
        raise (ReadOnlyPlace if path.parent.is_dir() else StoreError)(unwritable)
    return CheckAlongside(path) if later else None


def _unreadable(path: Path, exc: sqlite3.DatabaseError, untouched: bool) -> str:
    name = _describe(path)
    if isinstance(exc, sqlite3.OperationalError) and not untouched and \
            "unable to open" in str(exc):
        # Not damage: reading through a -wal file needs a -shm file, which SQLite
        # cannot create in a read-only folder.
        return (f"{name} cannot be read here: its recent changes are in “{path.name}-wal”, "
                "which SQLite can only read in a folder it may write to. Copy both files "
                "to a writable folder and open it there.")
    return f"{name} is damaged or truncated ({exc}). {RESTORE_HINT}"


def damaged(path: Path, problems: list[str]) -> str:
    """What the user reads about a plan file SQLite's checks find damaged."""
    return f"{_describe(path)} is damaged: {problems[0]}. {RESTORE_HINT}"


def lock_plan(path: Path, *, shared: bool = False, create: bool = False) -> FileLock:
    """The plan's lock, taken: one writer (or several readers) per file, whatever its name.
    StoreError when another Partnership Planner has it open."""
    lock = FileLock(path, shared=shared, create=create)
    try:
        lock.acquire()
    except LockedError as exc:
        raise StoreError(f"{_describe(path)} is already open in another Partnership Planner "
                         f"({exc}). Close it there first.") from None
    except PermissionError:
        raise StoreError(f"{_describe(path)} cannot be read: permission denied.") from None
    except OSError as exc:
        raise StoreError(f"Cannot lock {_describe(path)}: {exc.strerror or exc}.") from None
    return lock


def check_writable(path: Path) -> str | None:
    folder = path.parent
    if not folder.is_dir():
        return f"The folder “{folder}” does not exist."
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"The folder “{folder}” is read-only: the plan {_describe(path)} cannot be saved there."
    if path.exists() and not os.access(path, os.W_OK):
        return f"{_describe(path)} is read-only; copy it somewhere writable to work on it."
    return None
