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

