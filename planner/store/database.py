"""Opening, checking, migrating and backing up a plan database (store layer).

``Store.open`` refuses a bad file before touching it: nothing is created, changed or
overwritten unless the file is a sound Partnership Planner database (or a new file in a
writable folder). Work happens in short units of work that commit on exit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sqlalchemy import Engine, func, text
from sqlalchemy import select as sa_select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    DatabaseError,
    DataError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, col, select

from planner import PLAN_FILE_ID, atomic
from planner.store import commits, naming, refusals
from planner.store import engine as eng
from planner.store.edits import Expectation, check
from planner.store.errors import EditClash, NotAnswering, NotFoundError, StoreError
from planner.store.lock import FileLock
from planner.store.migrations import HEAD, KNOWN_REVISIONS
from planner.store.plain_reads import plain_tuples, row_class, rows_of
from planner.store.plan_file import (
    APP_TABLES,
    RESTORE_HINT,
    CheckAlongside,
    _describe,
    check_existing_file,
    check_to_open,
    check_writable,
    damaged,
    lock_plan,
)
from planner.store.tables import AuditEvent

if TYPE_CHECKING:
    from planner.store.postgres import Notifier

T = TypeVar("T", bound=SQLModel)

__all__ = ["RESTORE_HINT", "Before", "EditClash", "NotFoundError", "Store", "StoreError", "UnitOfWork",
           "check_existing_file", "check_writable", "lock_plan"]

_row_class = row_class  # under its older name (planner/store/health_reads.py reads it so)


class Before(NamedTuple):
    """A filter value for ``UnitOfWork.columns``: the column is below ``value`` (SQL ``<``;
    a NULL never is)."""

    value: Any


def _filtered(query: Any, model: type[SQLModel], order_by: Sequence[str],
              equal: dict[str, Any]) -> Any:
    """``query`` with ``column == value`` (or ``IN`` for a collection, ``<`` for a
    ``Before``) for each of ``equal``, ordered by ``order_by`` (a leading "-": descending)."""
    for name, value in equal.items():
        column = getattr(model, name)
        if isinstance(value, Before):
            query = query.where(column < value.value)
        elif isinstance(value, (list, tuple, set, frozenset)):
            query = query.where(col(column).in_(list(value)))
        else:
            query = query.where(column == value)
    for name in order_by:
        descending = name.startswith("-")
        column = col(getattr(model, name.lstrip("-")))
        query = query.order_by(column.desc() if descending else column)
    return query


class UnitOfWork:
    """Generic reads and writes inside one transaction, so services need no SQL."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, model: type[T], ident: int) -> T | None:
        return self.session.get(model, ident)

    def one(self, model: type[T], ident: int) -> T:
        row = self.session.get(model, ident)
        if row is None:
            raise NotFoundError(f"{model.__name__} {ident} no longer exists")
        return row

    def list(self, model: type[T], *, order_by: Sequence[str] = ("id",), **equal: Any) -> list[T]:
        query = _filtered(select(model), model, order_by, equal)
        return list(self.session.exec(query).all())

    def batch(self, model: type[SQLModel], names: Sequence[str], *, after: int | None,
              size: int) -> Sequence[tuple[Any, ...]]:
        """Up to ``size`` rows with ids above ``after`` (from the first when None), in id
        order, as plain tuples of the columns ``names``: a large table read a piece per
        statement (keyset), each piece quick to answer, with no record objects made (a
        whole plan held as records or dicts took twice the memory)."""
        table = model.__table__  # type: ignore[attr-defined]  # every table model has one
        ident = table.c.id
        query = sa_select(*(table.c[n] for n in names)).order_by(ident).limit(size)
        if after is not None:
            query = query.where(ident > after)
        return plain_tuples(self.session.connection(), query)

    def columns(self, model: type[SQLModel], names: Sequence[str] | None = None, *,
                order_by: Sequence[str] = ("id",), **equal: Any) -> Sequence[Any]:
        """The matching rows as read-only named tuples (``row.title``) of just the columns
        ``names`` (all of them when None), for reads of many rows: no objects for the
        session to build and track, which is most of the cost of reading 100,000
        milestones. Filters and order as ``list``."""
        table = model.__table__  # type: ignore[attr-defined]  # every table model has one
        wanted = [table.c[n] for n in names] if names is not None else list(table.c)
        query = _filtered(sa_select(*wanted), model, order_by, equal)
        # On the session's connection (same transaction), past the ORM's result machinery
        # (psycopg's own rows where they hold the same: plain_reads); as named tuples, whose
        # attributes cost a third of a Row's.
        make = row_class(table.name, tuple(c.name for c in wanted))._make
        return list(map(make, rows_of(self.session.connection(), query)))

    def tuples(self, model: type[SQLModel], names: Sequence[str], *,
               order_by: Sequence[str] = ("id",), **equal: Any) -> Sequence[tuple[Any, ...]]:
        """The matching rows as plain tuples of the columns ``names``, in that order: the
        cheapest form of a read of tens of thousands of rows into objects of the caller's
        own (a plain tuple of plain values is soon left alone by the garbage collector,
        which walks every named tuple again each time it runs). Filters and order as
        ``list``."""
        table = model.__table__  # type: ignore[attr-defined]  # every table model has one
        query = _filtered(sa_select(*(table.c[n] for n in names)), model, order_by, equal)
        return plain_tuples(self.session.connection(), query)

    def distinct_rows(self, model: type[SQLModel], names: Sequence[str],
                      **equal: Any) -> Sequence[Any]:
        """The distinct combinations of the columns ``names`` among the matching rows
        (SELECT DISTINCT), as ``columns`` gives rows, in no particular order: for a rule
        that needs only a few values many rows share (29,000 conflict areas hold a few
        thousand (partnership, status, rating) combinations)."""
        table = model.__table__  # type: ignore[attr-defined]  # every table model has one
        query = _filtered(sa_select(*(table.c[n] for n in names)).distinct(), model, (), equal)
        make = row_class(table.name, tuple(names))._make
        return list(map(make, rows_of(self.session.connection(), query)))

    def count_by(self, model: type[SQLModel], name: str) -> dict[Any, int]:
        """How many rows hold each value of one column (GROUP BY, through its index)."""
        column = model.__table__.c[name]  # type: ignore[attr-defined]
        query = sa_select(column, func.count()).group_by(column)
        return {value: int(n) for value, n in self.session.connection().execute(query)}

    def distinct(self, model: type[SQLModel], name: str) -> set[Any]:
        """The distinct values of one column (read through its index where it has one)."""
        column = model.__table__.c[name]  # type: ignore[attr-defined]
        query = sa_select(column).distinct()
        return {value for (value,) in self.session.connection().execute(query)}

    def first(self, model: type[T], **equal: Any) -> T | None:
        rows = self.list(model, **equal)
        return rows[0] if rows else None

    def count(self, model: type[T], **equal: Any) -> int:
        query = select(func.count()).select_from(model)
        for name, value in equal.items():
            query = query.where(getattr(model, name) == value)
        return int(self.session.exec(query).one())

    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def delete(self, row: SQLModel) -> None:
        self.session.delete(row)
        self.session.flush()

    def audit(self, entity: str, entity_id: int | None, action: str, detail: str = "") -> None:
        if self.session.get_bind().dialect.name == "postgresql":
            from planner.store.postgres import audit_tail

            prev = audit_tail(self.session)  # serialised across colleagues, past row security
        else:
            last = self.session.exec(
                select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(1)
            ).first()
            prev = last.hash if last else ""
        at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        digest = hashlib.sha256(
            f"{prev}|{at.isoformat()}|{entity}|{entity_id}|{action}|{detail}".encode()
        ).hexdigest()
        self.session.add(AuditEvent(at=at, entity=entity, entity_id=entity_id, action=action,
                                    detail=detail[:2000], prev_hash=prev, hash=digest))


def _not_answering(exc: BaseException, *, or_down: bool = True) -> bool:
    """Whether the server did not answer (or, ``or_down``, is down or out of reach)."""
    from planner.store.watchdog import is_not_answering, is_out_of_reach

    return is_out_of_reach(exc) if or_down else is_not_answering(exc)


def _conflict(exc: StaleDataError) -> EditClash:
    """A stale UPDATE or DELETE found by the ORM, as a conflict the user can read."""
    import re

    found = re.search(r"on table '([^']+)'", str(exc))
    return EditClash(found.group(1) if found else "record", None)


class Store:
    """An open plan database. Create with :meth:`open`; close when done."""

    def __init__(self, url: str, engine: Engine, lock: FileLock | None) -> None:
        self.url = url
        self.engine = engine
        self._lock = lock
        self.path = eng.sqlite_path(url)
        self.notifier: Notifier | None = None
        self._held_thread: int | None = None  # its units of work fail at once (hold_thread)
        # Opened after SQLite's quick check only: the full one runs before any write.
        self._unchecked = False
        self._damage: str | None = None  # what the full check found
        self._checking = threading.RLock()
        self._alongside: CheckAlongside | None = None  # the quick check, while it runs
        if engine.dialect.name == "postgresql":
            from planner.store.postgres import Notifier

            self.notifier = Notifier()  # tells other programs what each commit changed

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, target: str | Path, *, create: bool = False, read_only: bool = False,
             pre_migration_backup_dir: Path | None = None, quick_check: bool = False,
             check_alongside: bool = False) -> Store:
        """Open a plan, refusing (StoreError, one line) a bad file before touching it.

        ``read_only``: for ``check`` and other readers: never writes, migrates or creates
        anything, works on a read-only file or folder, and lets other readers in. A plan
        at an older schema opens as it is (see :meth:`revision`); a writer upgrades it.
        ``quick_check`` (the window): an existing plan file is opened after SQLite's quick
        check; the full check (:meth:`full_check`) runs before the first write, or sooner
        when the caller asks (the window, in the background once the plan is shown).
        ``check_alongside`` (the window): that quick check runs on a thread while the caller
        reads (a plan in WAL mode, which opening leaves unwritten); :meth:`opening_problem`.
        """
        url = eng.database_url(target)
        path = eng.sqlite_path(url)
        if path is None:
            return cls._open_server(url, migrate=not read_only)

        existed = path.exists()
        if not existed:
            problem = (check_writable(path) if create and not read_only
                       else f"{_describe(path)} does not exist.")
            if problem:
                raise StoreError(problem)
        # The lock first: a plan open elsewhere is refused as such, and nobody starts
        # writing it while it is checked.
        lock = lock_plan(path, shared=read_only, create=not existed)
        try:
            alongside = check_to_open(path, read_only=read_only, quick=quick_check and not
                                      read_only, alongside=check_alongside) if existed else None
            store = cls(url, eng.make_engine(url, read_only=read_only), lock)
            store._unchecked = existed and quick_check and not read_only
            store._alongside = alongside
        except BaseException:
            lock.release()
            if not existed:
                path.unlink(missing_ok=True)
            raise
        if read_only:
            return store
        try:
            current = eng.sqlite_revision(path, untouched=False) if existed else None
            if existed and current != HEAD:
                if store.full_check():  # before the upgrade writes anything
                    raise StoreError(store.full_check() or "")
                folder = pre_migration_backup_dir or path.parent
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                eng.sqlite_backup(path, folder / f"{path.stem}-before-upgrade-{stamp}.sqlite")
            if current != HEAD:  # a plan already at head needs no Alembic (half a second)
                store._migrate()
            marked = eng.sqlite_application_id(path) == PLAN_FILE_ID
            if (current != HEAD or not marked) and store.full_check():  # before writing
                raise StoreError(store.full_check() or "")
            if current != HEAD or not marked:
                eng.mark_plan_file(store.engine)  # a plan at head is otherwise not touched
        except Exception as exc:
            store.close()
            if not existed:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
            if isinstance(exc, StoreError):
                raise
            # SQLite's own words, as every other write says them ("the disk is full"),
            # never SQLAlchemy's rendering of them (the SQL it ran, a web address).
            reason = atomic.why(eng._as_os_error(getattr(exc, "orig", None) or exc))
            raise StoreError(f"Could not prepare {_describe(path)}: {reason}.") from exc
        return store

    @classmethod
    def _open_server(cls, url: str, *, migrate: bool = True) -> Store:
        """A database server (PostgreSQL): refused like a file when newer or foreign."""
        from sqlalchemy import inspect
        from sqlalchemy.exc import DBAPIError

        engine = eng.make_engine(url)
        shown = naming.shown(url, capital=True)
        try:
            with engine.connect() as connection:
                names = set(inspect(connection).get_table_names())
                revision = None
                if "alembic_version" in names:
                    row = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
                    first = row.first()
                    revision = None if first is None else str(first[0])
            problem = None
            if names and ("alembic_version" not in names or not names >= APP_TABLES):
                problem = (f"{shown} holds tables of another application, not a Partnership "
                           "Planner plan.")
            elif revision is not None and revision not in KNOWN_REVISIONS:
                problem = (f"{shown} was saved by a newer version of Partnership Planner (schema "
                           f"{revision}); this version reads schemas up to {HEAD}. "
                           "Please update the program.")
            if problem:
                raise StoreError(problem)
            store = cls(url, engine, None)
            from planner.store.postgres import migration_lock

            # A plan already at head needs no Alembic (importing it alone is a third of a
            # second of the window's start); a new or older one is upgraded under the lock.
            if migrate and revision != HEAD:
                with migration_lock(engine):  # two colleagues opening a new plan at once
                    store._migrate()
        except DBAPIError as exc:
            engine.dispose()
            if _not_answering(exc, or_down=False):  # a server that is down says why
                host = make_url(url).host or "localhost"
                raise StoreError(f"The team database at {host} is not answering; try again "
                                 "in a moment.") from None
            said = naming.private(str(exc.orig if exc.orig is not None else exc).strip(), url)
            raise refusals.refused(said, url) from None
        except BaseException:
            engine.dispose()
            raise
        return store

    def _migrate(self) -> None:
        from planner.store.migrations.runner import upgrade

        upgrade(self.engine)

    def close(self) -> None:
        with self._checking:  # a full check still running ends first; none starts after
            self._unchecked = False
            if self._alongside is not None:  # its connection closed before the lock's
                self._alongside.wait()
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ working

    @contextlib.contextmanager
    def work(self, expect: Sequence[Expectation] = ()) -> Iterator[UnitOfWork]:
        """One transaction: committed on a clean exit, rolled back on an exception.

        ``expect``: the fields an edit is about to change, with the values the user was
        shown; checked first, on those fields only (planner/store/edits.py), and the edit
        is refused with EditClash when someone else changed one since.
        """
        if self._held_thread is not None and threading.get_ident() == self._held_thread:
            raise NotAnswering(self.host)
        with Session(self.engine, expire_on_commit=False) as session:
            if self.notifier is not None:
                self.notifier.track(session)
            try:
                if expect:
                    check(session, expect)
                yield UnitOfWork(session)
                in_doubt = None
                if self.notifier is not None:
                    self.notifier.send(session)
                    session.flush()
                    # Should the commit go unanswered, this says later whether it happened.
                    # A unit of work that only read has nothing in doubt: no trip to the
                    # server for it (most units of work only read).
                    if commits.Commits.writes(session):
                        in_doubt = session.execute(text(
                            "SELECT pg_current_xact_id_if_assigned()::text")).scalar()
                if self._unchecked or self._damage:
                    self._refuse_if_damaged(session)
                try:
                    commits.of(self.engine).commit(session, in_doubt)  # counted by table
                except OperationalError as exc:
                    if self.notifier is not None and _not_answering(exc):
                        raise NotAnswering(self.host, in_doubt) from exc
                    raise
            except NotAnswering:
                with contextlib.suppress(Exception):
                    session.rollback()  # the connection is gone: nothing to wait for
                raise
            except StaleDataError as exc:
                session.rollback()
                raise _conflict(exc) from None
            except DataError as exc:
                session.rollback()
                if "NUL" not in str(exc.orig):
                    raise
                # PostgreSQL cannot store U+0000 in text; SQLite can. Services refuse it
                # first; this is the last line, so the user still reads a sentence.
                raise StoreError("Text containing a NUL character (U+0000) cannot be saved in "
                                 "this database: remove it and try again.") from None
            except ProgrammingError as exc:
                session.rollback()
                if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient privilege
                    raise
                # Row-level security or grants on a team database (planner/store/postgres.py).
                raise StoreError(f"The team database refused this change: your role may not "
                                 f"make it ({str(exc.orig).strip()}).") from None
            except OperationalError as exc:
                with contextlib.suppress(Exception):
                    session.rollback()
                if self.notifier is not None and _not_answering(exc):
                    raise NotAnswering(self.host) from exc
                raise StoreError(self._explain(exc)) from exc
            except IntegrityError as exc:
                session.rollback()
                # The schema's last line (a CHECK, a UNIQUE, a record taken since): services
                # refuse bad input first, so this is rare; the rule broken is named.
                rule = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else ""
                raise StoreError(f"The plan refused this change ({rule}); nothing was saved. "
                                 "A colleague may have just added the same record.") from None
            except BaseException:
                session.rollback()
                raise

    def full_check(self) -> str | None:
        """Why the plan file is damaged, by SQLite's full integrity and foreign-key checks,
        or None when it is sound (or was already checked whole when it was opened).

        Run once, on a connection of the plan's own (no other descriptor of the file is
        opened, planner/store/lock.py); any thread may ask, later askers wait for it.
        """
        with self._checking:
            self.opening_problem()
            if self._unchecked and self.path is not None:
                try:
                    with self.engine.connect() as connection:
                        problems = eng.integrity_problems(connection.connection.driver_connection)
                except DatabaseError as exc:
                    problems = [f"SQLite could not read it ({exc.orig or exc})"]
                self._damage = damaged(self.path, problems) if problems else None
                self._unchecked = False
            return self._damage

    def opening_problem(self) -> str | None:
        """Why the quick check run alongside the first reads (``check_alongside``) finds
        the plan damaged, once it has answered (None: sound, or none ran)."""
        with self._checking:  # also taken by full_check, which asks this first
            if self._alongside is not None:
                problem, self._alongside = self._alongside.verdict(), None
                if problem:  # no change is saved; the full check need not run
                    self._damage, self._unchecked = problem, False
            return self._damage

    def _refuse_if_damaged(self, session: Session) -> None:
        """Before a commit on a plan opened after a quick check: nothing is written to a
        file the full check finds damaged (waiting for the check if it is still running)."""
        session.flush()
        if not commits.Commits.writes(session):
            return
        problem = self.full_check()
        if problem:
            raise StoreError(f"{problem} This change was not saved: the plan can be read "
                             "but not changed.")

    def hold_thread(self, ident: int | None) -> None:
        """Units of work started on thread ``ident`` fail at once with NotAnswering (a
        window's thread while its team database does not answer: it never waits for a
        server known to be frozen, while its background saves still ask); None: they run
        again."""
        self._held_thread = ident

    def _explain(self, exc: OperationalError) -> str:
        """The database's complaint in words a user can act on; nothing was saved."""
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        lowered = reason.lower()
        where = naming.shown(self.url)
        if "full" in lowered:
            return (f"The disk holding {where} is full: the last change was not saved. "
                    "Free some space and try again.")
        if "readonly" in lowered or "read-only" in lowered:
            return f"{where} cannot be written (read-only): the last change was not saved."
        if "locked" in lowered:
            return f"{where} is busy in another program: the last change was not saved."
        return f"The last change could not be saved to {where}: {reason}."

    @property
    def host(self) -> str:
        """The server's host name (a team database), for messages."""
        return make_url(self.url).host or "localhost"

    def answering(self) -> bool:
        """Whether the database answers now (within the time budget). Safe on any thread."""
        from sqlalchemy import text

        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def committed(self, xid: str) -> bool | None:
        """Whether the transaction ``xid`` (``NotAnswering.in_doubt``) was committed: True,
        False (rolled back, never to be), or None (still unknown: the server is still
        finishing it, or does not answer)."""
        from sqlalchemy import text

        try:
            with self.engine.connect() as connection:
                status = connection.execute(text("SELECT pg_xact_status(CAST(:x AS xid8))"),
                                            {"x": xid}).scalar()
        except OperationalError:
            return None
        return {"committed": True, "aborted": False}.get(str(status))

    @property
    def instance(self) -> str:
        """This program's id in change notices (empty without a server)."""
        return self.notifier.instance if self.notifier is not None else ""

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return naming.shown(self.url)

    def revision(self) -> str | None:
        from sqlalchemy import text

        try:
            with self.engine.connect() as connection:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except Exception as exc:
            if self.notifier is not None and _not_answering(exc):
                raise NotAnswering(self.host) from exc
            return None
        return None if row is None else str(row[0])

    def check(self) -> list[str]:
        """Integrity and schema problems (empty when sound).

        An older schema this version knows is not a problem: the plan is sound and is
        upgraded (after a backup) when a writer opens it. Its tables are then compared
        with nothing, since the models describe the newest schema only.
        """
        problems: list[str] = []
        if self.path is not None:
            untouched = not Path(f"{self.path}-wal").exists()  # as when it was opened
            problems += eng.sqlite_integrity(self.path, untouched=untouched)
        revision = self.revision()
        if revision not in KNOWN_REVISIONS:
            problems.append(refusals.revision_problem(revision, HEAD))
        elif revision == HEAD:
            from planner.store.migrations.runner import schema_differences

            problems += schema_differences(self.engine)
        return problems

    def backup_to(self, destination: Path) -> None:
        if self.path is None:
            raise StoreError("Backups through the file copy API need a SQLite plan.")
        eng.sqlite_backup(self.path, destination, untouched=bool(self._lock and self._lock.shared))
        problems = check_existing_file(destination)
        if problems:
            destination.unlink(missing_ok=True)
            raise StoreError(f"The backup failed its check: {problems}")
