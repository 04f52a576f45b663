"""The collector is paused while the first plan opens (planner/startup.py): at 100,000
milestones it took 0.6-0.8 s of the start. It must be on again afterwards, whatever happened
while the plan opened, or a long session would keep every cycle of garbage it makes."""

from __future__ import annotations

import gc

import pytest

from planner import startup


def test_the_collector_is_paused_while_the_plan_opens_and_on_again_after() -> None:
    assert gc.isenabled()
    with startup.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what the start made lives on out of the walk
    gc.unfreeze()


def test_a_plan_that_fails_to_open_leaves_the_collector_on() -> None:
    with pytest.raises(RuntimeError), startup.collector_paused():
        raise RuntimeError("damaged")
    assert gc.isenabled()
    gc.unfreeze()


def test_garbage_made_after_the_start_is_collected_again() -> None:
    with startup.collector_paused():
        pass
    made: list[object] = []
    made.append(made)  # a cycle: only the collector frees it
    probe = id(made)
    del made
    gc.collect()
    assert all(id(o) != probe for o in gc.get_objects())
    gc.unfreeze()
