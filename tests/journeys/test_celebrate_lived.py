"""Celebrating a step done months ago keeps the day it was done.

Found using the real program on the sample plan made by ``planner demo``: Timeline,
right-click "Twelve mentors trained" (done on 20 July), Celebrate…, a note, OK. Its bar
then stretched from June to today and the partnership's first phase with it: celebrating
had written today over the day it was done. The dashboard then listed it among the small
wins of the last 60 days, and the history of when the work was done was lost.

Here the window opens the sample made by another process, the milestone is celebrated as
the menu does it, and the done date is read back by another connection, after Edit › Undo
and Redo, and by a fresh Store once the window has closed the plan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog

from planner.services import timeline as tl
from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow
from tests.journeys.conftest import peek


def _done_step(store: Store) -> tuple[int, str, dt.date]:
    """A step of the sample done some time ago and not yet celebrated."""
    for partnership_id, _name in tl.partnerships(store):
        for item in tl.load_timeline(store, partnership_id).items:
            record = tl.get_milestone(store, item.id)
            if record["status"] == "done" and not record["small_win"] and \
                    record["actual_date"] and record["actual_date"] < dt.date.today():
                return item.id, record["title"], record["actual_date"]
    raise AssertionError("the sample has no done step left to celebrate")


def _state(store: Store, ident: int) -> tuple[Any, ...]:
    record = tl.get_milestone(store, ident)
    return record["status"], record["small_win"], record["actual_date"], \
        record["celebration_note"]


def test_celebrating_an_old_win_keeps_the_day_it_was_done(
        window: MainWindow, demo_plan: Path, monkeypatch: pytest.MonkeyPatch,
        shown: list[str]) -> None:
    from planner.ui.timeline.view import TimelineView

    view = window.show_view("timeline")
    assert isinstance(view, TimelineView)
    ident, title, done_on = _done_step(window.store)
    note = "Twelve engineers now mentor — أول نجاح 🎉"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (note, True))
    view.chart.select_milestone(ident)
    view.celebrate()  # as the chart's menu "Celebrate…" does
    assert shown == []
    reader = peek(demo_plan)
    try:
        assert _state(reader, ident) == ("done", True, done_on, note), \
            f"celebrating “{title}” changed the day it was done"
        window.menus.undo_action.trigger()
        assert _state(reader, ident) == ("done", False, done_on, "")
        window.menus.redo_action.trigger()
        assert _state(reader, ident) == ("done", True, done_on, note)
    finally:
        reader.engine.dispose()
    window.close_plan()
    with Store.open(demo_plan) as fresh:
        assert _state(fresh, ident) == ("done", True, done_on, note)
