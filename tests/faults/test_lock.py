"""One plan, one writer, whatever its name: hard links, symlinks, other paths, kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.store.database import Store, StoreError
from planner.store.tables import Organisation

# Holds a plan open (as a window would) until killed; says "ready" once it has it.
HOLDER = """
import sys, time
from planner.store.database import Store
store = Store.open(sys.argv[1])
with store.work() as work:
    work.count(__import__("planner.store.tables", fromlist=["x"]).Organisation)
print("ready", flush=True)
time.sleep(600)
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    with Store.open(path, create=True) as store, store.work() as work:
        work.add(Organisation(name="Riverside Trust", is_self=True))
    return path


@pytest.fixture
def holder(plan: Path) -> Iterator[subprocess.Popen[str]]:
    """Another Partnership Planner process with ``plan`` open."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(plan)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
    yield child
    if child.poll() is None:
        child.kill()
    child.wait(timeout=30)


def _other_names(plan: Path) -> list[Path]:
    """The same plan file under three more names."""
    hard = plan.with_name("hard-link.sqlite")
    os.link(plan, hard)
    soft = plan.with_name("shortcut.sqlite")
    soft.symlink_to(plan)
    (plan.parent / "x").mkdir()
    return [hard, soft, plan.parent / "x" / ".." / plan.name]


def test_the_same_plan_under_another_name_is_refused_while_open(plan: Path) -> None:
    names = _other_names(plan)
    with Store.open(plan):
        for name in names:
            with pytest.raises(StoreError, match="already open in another Partnership Planner"):
                Store.open(name)
    # Closed: any of the names opens it.
    Store.open(names[0]).close()


def test_another_process_through_a_hard_link_is_refused_and_named(
        plan: Path, holder: subprocess.Popen[str]) -> None:
    hard = plan.with_name("hard-link.sqlite")
    os.link(plan, hard)
    with pytest.raises(StoreError) as info:
        Store.open(hard)
    message = str(info.value)
    assert "already open in another Partnership Planner" in message
    assert f"process {holder.pid}" in message
    assert "\n" not in message
    # Nothing was written through the second name: the plan still has its one row.
    holder.kill()
    holder.wait(timeout=30)
    with Store.open(hard) as store, store.work() as work:
        assert [o.name for o in work.list(Organisation)] == ["Riverside Trust"]


def test_a_killed_holder_leaves_no_lock_behind(plan: Path,
                                               holder: subprocess.Popen[str]) -> None:
    with pytest.raises(StoreError, match="already open"):
        Store.open(plan)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    with Store.open(plan) as store, store.work() as work:
        work.add(Organisation(name="After the crash"))
    assert not list(plan.parent.glob("*.lock")), "no lock file beside the plan"


def test_check_reads_alongside_another_check_but_not_beside_a_writer(plan: Path) -> None:
    # A window cannot start writing while the plan is being checked...
    with (Store.open(plan, read_only=True), Store.open(plan, read_only=True),
          pytest.raises(StoreError, match="already open")):
        Store.open(plan)
    # ...and a check does not read a plan a window is writing.
    with Store.open(plan), pytest.raises(StoreError, match="already open"):
        Store.open(plan, read_only=True)



# A writer driven line by line: "write N TAG", "checkpoint", "quit". With "store" it opens
# the plan as the program does; with "raw" it goes straight to SQLite, as any program
# without our lock would (and as the planner did through a second name before the fix).
WRITER = """
import sqlite3, sys
path, how = sys.argv[1], sys.argv[2]
if how == "store":
    from planner.store.database import Store, StoreError
    try:
        store = Store.open(path)
    except StoreError as exc:
        print("refused:", exc, flush=True)
        sys.exit(0)
    con = store.engine.raw_connection().driver_connection
else:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA wal_autocheckpoint=0")
print("ready", flush=True)
for line in sys.stdin:
    word, *rest = line.split()
    if word == "write":  # one save of N partners, acknowledged by "ok"
        con.execute("BEGIN")
        for n in range(int(rest[0])):
            con.execute("INSERT INTO organisation (row_version, name, is_self, kind, sector, "
                        "location, website, notes) VALUES (1, ?, 0, '', '', '', '', '')",
                        (f"{rest[1]} {n}",))
        con.execute("COMMIT")
    elif word == "checkpoint":
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        break
    print("ok", flush=True)
"""


def _writer(path: Path, how: str) -> tuple[subprocess.Popen[str], str]:
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), how], text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert child.stdout is not None
    return child, child.stdout.readline().strip()


def _tell(child: subprocess.Popen[str], line: str) -> None:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(line + "\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == "ok"


def _saved(path: Path) -> tuple[int, str]:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        count = con.execute("SELECT count(*) FROM organisation").fetchone()[0]
        return count, con.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return -1, str(exc)
    finally:
        con.close()


def test_two_writers_through_two_names_lose_saves_and_the_lock_stops_the_second(
        plan: Path) -> None:
    """The issue's corruption, before and after. SQLite names its write-ahead log after the
    path, so two writers through a hard link keep two logs and each checkpoint writes its
    own view of the pages: acknowledged saves are lost. Opened as the program opens a plan,
    the second writer is refused instead."""
    hard = plan.with_name("hard-link.sqlite")
    os.link(plan, hard)
    first, said = _writer(plan, "raw")
    assert said == "ready"
    second, said = _writer(hard, "raw")
    assert said == "ready"
    _tell(first, "write 50 first")
    _tell(second, "write 50 second")
    _tell(second, "checkpoint")
    _tell(first, "checkpoint")
    for child in (first, second):
        child.communicate("quit\n", timeout=30)
    count, integrity = _saved(plan)
    # Here: 51 rows of 101 and integrity "ok", i.e. 50 acknowledged saves silently gone.
    assert (count, integrity) != (101, "ok"), "both writers' saves survived"

    fresh = plan.with_name("fresh.sqlite")
    Store.open(fresh, create=True).close()
    os.link(fresh, plan.with_name("fresh-link.sqlite"))
    first, said = _writer(fresh, "store")
    assert said == "ready"
    second, said = _writer(plan.with_name("fresh-link.sqlite"), "store")
    assert said.startswith("refused:") and "already open" in said
    _tell(first, "write 50 first")
    first.communicate("quit\n", timeout=30)
    second.wait(timeout=30)
    assert _saved(fresh) == (50, "ok")
