"""A new plan appears whole or not at all: built beside its name, put in place when complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.store.creation import new_plan
from planner.store.database import Store, StoreError
from planner.store.tables import Organisation


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_plan_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "plan.sqlite"
    with new_plan(target) as store:
        with store.work() as work:
            work.add(Organisation(name="Riverside Trust", is_self=True))
        # Half-way, nothing answers to the plan's name: a kill now leaves no plan.
        assert not target.exists()
        assert [n for n in _names(tmp_path) if n.startswith("plan.sqlite")] == []
    assert _names(tmp_path) == ["plan.sqlite"]
    with Store.open(target) as store:
        assert store.check() == []
        with store.work() as work:
            assert [o.name for o in work.list(Organisation)] == ["Riverside Trust"]


def test_a_failure_half_way_leaves_nothing_and_the_same_run_works_again(tmp_path: Path) -> None:
    target = tmp_path / "plan.sqlite"
    with pytest.raises(RuntimeError), new_plan(target) as store:
        with store.work() as work:
            work.add(Organisation(name="Riverside Trust", is_self=True))
        raise RuntimeError("the rest of the import failed")
    assert _names(tmp_path) == []
    with new_plan(target):
        pass
    assert _names(tmp_path) == ["plan.sqlite"]


def test_an_existing_file_is_refused_and_untouched(tmp_path: Path) -> None:
    target = tmp_path / "plan.sqlite"
    target.write_bytes(b"precious")
    with pytest.raises(StoreError, match="already exists"), new_plan(target):
        pass
    assert target.read_bytes() == b"precious"
    assert _names(tmp_path) == ["plan.sqlite"]


def test_a_file_made_meanwhile_by_another_program_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "plan.sqlite"
    with pytest.raises(StoreError, match="created by another program"), new_plan(target):
        target.write_bytes(b"theirs")
    assert target.read_bytes() == b"theirs"
    assert _names(tmp_path) == ["plan.sqlite"]


def test_a_killed_runs_leftovers_are_cleared_by_the_next_run(tmp_path: Path) -> None:
    target = tmp_path / "plan.sqlite"
    for name in (".plan.sqlite.partial-0badf00d", ".plan.sqlite.partial-0badf00d-wal",
                 ".plan.sqlite.partial-0badf00d-shm"):
        (tmp_path / name).write_bytes(b"half a plan")
    (tmp_path / ".other.sqlite.partial-12345678").write_bytes(b"not ours to clear")
    with new_plan(target):
        pass
    assert _names(tmp_path) == [".other.sqlite.partial-12345678", "plan.sqlite"]


HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("ready", flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(os.name == "nt", reason="leftovers are told apart by flock")
def test_a_temporary_another_run_is_writing_is_left_alone(tmp_path: Path) -> None:
    busy = tmp_path / ".plan.sqlite.partial-00c0ffee"
    busy.write_bytes(b"being written")
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(busy)], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        with new_plan(tmp_path / "plan.sqlite"):
            pass
        assert busy.read_bytes() == b"being written"
    finally:
        child.kill()
        child.wait()


def test_a_refusal_names_the_plan_not_the_temporary(tmp_path: Path) -> None:
    from planner.store.database import StoreError as Refusal

    target = tmp_path / "plan.sqlite"
    with pytest.raises(Refusal) as caught, new_plan(target) as store:
        assert store.path is not None
        raise Refusal(f"The disk holding “{store.path}” is full: the last change was not saved.")
    assert str(caught.value) == (f"The disk holding “{target}” is full: the last change was "
                                 "not saved.")
