"""A PostgreSQL server for the tests: one throw-away database per test.

`make test` (through .ci/with-pg.sh; `.ci/run` installs PostgreSQL first if missing) starts
a private server and exports ``PLANNER_TEST_PG_URL`` (a superuser URL, e.g.
``postgresql+psycopg://postgres@127.0.0.1:PORT/postgres``). With ``CI=true`` a missing
server fails the PostgreSQL tests; elsewhere they are skipped with the reason. By hand:
``source .ci/pg.sh && pg_start`` then run pytest in that shell, and ``pg_stop``.

Tests share one migrated database, emptied (DELETE, sequences restarted: a few ms) before
each test. A test that changes the schema, roles or policies asks for a database of its
own (``new_database``: a copy of a template migrated once per run; about a second).
"""

from __future__ import annotations

import contextlib
import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ENV = "PLANNER_TEST_PG_URL"
TEMPLATE = "planner_test_template"
SHARED = "planner_test_shared"
_template_ready: set[str] = set()
_shared_ready: set[str] = set()


def server_url() -> str:
    """The superuser URL of the test server; skips (or fails under CI) without one."""
    url = os.environ.get(ENV, "").strip()
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    if not url:
        reason = (f"no PostgreSQL test server: set {ENV} (make test starts one; by hand: "
                  "source .ci/pg.sh && pg_start)")
        if in_ci:
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    try:
        import psycopg

        with psycopg.connect(_libpq(url), connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        if in_ci:
            pytest.fail(f"PostgreSQL test server {url} does not answer: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL test server {url} does not answer: {exc}")
    return url


def _libpq(url: str) -> str:
    from planner.store.postgres import libpq_conninfo

    return libpq_conninfo(url)


def with_database(url: str, name: str) -> str:
    """The same server and user, another database."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def with_user(url: str, user: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=user, password=None).render_as_string(hide_password=False)


def admin(url: str, *statements: str) -> None:
    """Run statements outside a transaction (CREATE/DROP DATABASE need that)."""
    import psycopg

    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement.encode())


def _ensure_template(url: str) -> None:
    if url in _template_ready:
        return
    from planner.store.database import Store

    admin(url, f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)',
          f'CREATE DATABASE "{TEMPLATE}"')
    Store.open(with_database(url, TEMPLATE)).close()
    _template_ready.add(url)


def new_database(url: str, *, migrated: bool = True) -> str:
    """A new, empty plan database (migrated unless ``migrated`` is False); its URL."""
    name = f"planner_t_{uuid.uuid4().hex[:12]}"
    if migrated:
        _ensure_template(url)
        admin(url, f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}" STRATEGY FILE_COPY')
    else:
        admin(url, f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin(with_database(url, "postgres"), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def shared_database(url: str) -> str:
    """The shared test plan database, emptied; its URL."""
    shared = with_database(url, SHARED)
    if url not in _shared_ready:
        _ensure_template(url)
        admin(url, f'DROP DATABASE IF EXISTS "{SHARED}" WITH (FORCE)',
              f'CREATE DATABASE "{SHARED}" TEMPLATE "{TEMPLATE}"')
        _shared_ready.add(url)
    else:
        empty(shared)
    return shared


def empty(url: str) -> None:
    """Delete every row (foreign-key triggers off for the purpose) and restart the ids."""
    import psycopg

    with psycopg.connect(_libpq(url)) as conn:
        conn.execute("SET lock_timeout = '5s'")  # a test that left a transaction open
        conn.execute("SET session_replication_role = replica")
        tables = [r[0] for r in conn.execute(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'")]
        for table in tables:
            conn.execute(f"DELETE FROM {table}".encode())
        for (sequence,) in conn.execute(
                "SELECT quote_ident(sequencename) FROM pg_sequences "
                "WHERE schemaname = 'public'").fetchall():
            conn.execute(f"ALTER SEQUENCE {sequence} RESTART".encode())


def server_pids(url: str) -> list[int]:
    """The postmaster of the test server and all its children (backends, writers)."""
    import psycopg

    with psycopg.connect(_libpq(url)) as conn:
        data = str(conn.execute("SHOW data_directory").fetchone()[0])  # type: ignore[index]
    postmaster = int(Path(data, "postmaster.pid").read_text().split()[0])
    pids = [postmaster]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                    pids.append(int(entry.name))
    return pids


@contextlib.contextmanager
def frozen(url: str) -> Iterator[None]:
    """Every process of the test server stopped (SIGSTOP), as on a frozen machine; running
    again (SIGCONT) afterwards, whatever happened."""
    import subprocess

    pids = server_pids(url)
    # Should this process die while the server is stopped, the server runs again anyway.
    failsafe = subprocess.Popen(["sh", "-c", f"sleep 60; kill -CONT {' '.join(map(str, pids))}"],
                                start_new_session=True)
    try:
        for pid in pids:
            # A backend that ended since it was listed is no longer there to stop.
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
        yield
    finally:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        failsafe.kill()
        failsafe.wait()


@contextlib.contextmanager
def stopped(url: str) -> Iterator[None]:
    """The test server shut down (``pg_ctl stop -m fast``: its sessions ended, new
    connections refused), as when it restarts or its machine reboots; started again on the
    same port afterwards, whatever happened."""
    import pwd
    import shlex
    import subprocess

    import psycopg

    with psycopg.connect(_libpq(url)) as conn:
        data = str(conn.execute("SHOW data_directory").fetchone()[0])  # type: ignore[index]
    words = shlex.split(Path(data, "postmaster.opts").read_text())
    port = words[words.index("-p") + 1]
    pg_ctl = str(Path(words[0]).with_name("pg_ctl"))
    owner = pwd.getpwuid(Path(data).stat().st_uid).pw_name
    as_owner = ["runuser", "-u", owner, "--"] if os.geteuid() == 0 else []
    subprocess.run([*as_owner, pg_ctl, "-D", data, "-m", "fast", "-w", "stop"], check=True,
                   capture_output=True)
    try:
        yield
    finally:
        subprocess.run([*as_owner, pg_ctl, "-D", data, "-w", "-t", "60", "-o", f"-p {port}",
                        "-l", str(Path(data).parent / "server.log"), "start"], check=True,
                       capture_output=True)
