"""Splitting a late milestone cuts what is left of it, from today: no bite is born past due.

Found using the real program on the sample plan made by ``planner demo``: Timeline,
right-click "Data-sharing schedule approved by both DPOs" (started three months ago, late,
forecast in a few weeks), *Split into bites*. The bites were spread over the whole span from
its start, so two of the three were at once past due and not done: the CEO who split a late
step to make it manageable got two new warnings and no plan for the weeks ahead.

A CEO eats the elephant from where they stand: the bites cover the days left, from today to
the forecast. A step whose forecast has already passed is refused, with what to do first
(move the forecast), since no bite of it could be planned.

Here the window opens the sample made by another process; the menu's action splits; what
the chart, the Bites tab and the status bar show is checked, and a fresh Store reads the
bites back once the window has closed the plan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from planner.services import timeline as tl
from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow
from tests.journeys.conftest import open_window

LATE_STEP = "Data-sharing schedule approved by both DPOs"
PASSED_STEP = "Aligned timetable block"


def _find(store: Store, title: str) -> tuple[int, int, dict[str, Any]]:
    """(partnership, milestone, its record) of the sample's step called ``title``."""
    for partnership_id, _name in tl.partnerships(store):
        for item in tl.load_timeline(store, partnership_id).items:
            if item.title == title:
                return partnership_id, item.id, tl.get_milestone(store, item.id)
    raise AssertionError(f"the sample has no “{title}”")


def _bites(store: Store, partnership_id: int, parent: int) -> list[tuple[dt.date, dt.date]]:
    return [(i.start, i.end) for i in tl.load_timeline(store, partnership_id).items
            if i.parent_id == parent]


def _split(window: MainWindow, ident: int, days: int) -> Any:
    from planner.ui.timeline.view import TimelineView

    view = window.show_view("timeline")
    assert isinstance(view, TimelineView)
    view.bite_days.setValue(days)
    menu = view.context_menu(ident)
    next(a for a in menu.actions() if a.text() == f"Split into {days}-day bites").trigger()
    return view


def _bite_list(view: Any) -> list[str]:
    return [view.bites.item(row).text() for row in range(view.bites.count())]


def test_a_late_step_is_split_from_today_and_no_bite_is_past_due(
        window: MainWindow, demo_plan: Path, shown: list[str]) -> None:
    today = dt.date.today()
    partnership, ident, goal = _find(window.store, LATE_STEP)
    assert goal["status"] == "late" and goal["start_date"] < today < goal["forecast_date"]
    view = _split(window, ident, 14)
    assert shown == []
    bites = _bites(window.store, partnership, ident)
    assert len(bites) >= 2
    assert bites[0][0] == today and bites[-1][1] == goal["forecast_date"]
    assert all(end >= today for _start, end in bites), f"bites already past due: {bites}"
    assert not [line for line in _bite_list(view) if "step" in line and "was due" in line]
    said = window.statusBar().currentMessage()
    assert f"what is left of it is now {len(bites)} bites" in said, said
    window.close_plan()
    with Store.open(demo_plan) as fresh:
        assert _bites(fresh, partnership, ident) == bites


def test_a_short_rest_becomes_one_bite_and_the_bite_check_is_answered(
        window: MainWindow, shown: list[str]) -> None:
    """The Bites tab says the step "spans 116 days …: split it"; about four weeks are left,
    one 42-day bite: splitting makes that one step, not a refusal the list contradicts."""
    today = dt.date.today()
    partnership, ident, goal = _find(window.store, LATE_STEP)
    view = window.show_view("timeline")
    asked = [line for line in _bite_list(view) if LATE_STEP in line and "split it" in line]
    assert len(asked) == 1, _bite_list(view)
    _split(window, ident, 42)
    assert shown == []
    assert _bites(window.store, partnership, ident) == [(today, goal["forecast_date"])]
    assert not [line for line in _bite_list(view) if LATE_STEP in line and "split it" in line]
    assert "what is left of it is now one bite" in window.statusBar().currentMessage()


def test_a_step_past_its_forecast_asks_for_a_new_forecast_first(
        demo_plan: Path, qtbot: Any, tmp_path: Path, shown: list[str]) -> None:
    past = dt.date.today() - dt.timedelta(days=3)
    with Store.open(demo_plan) as earlier:  # the CEO let it pass, in an earlier session
        _, ident, _goal = _find(earlier, PASSED_STEP)
        tl.update_milestone(earlier, ident, {"forecast_date": past})
    window = open_window(qtbot, tmp_path, demo_plan, shown)
    try:
        partnership, ident, _goal = _find(window.store, PASSED_STEP)
        _split(window, ident, 14)
        assert len(shown) == 1, shown
        assert f"was due on {past.day} " in shown[0] and "move its forecast" in shown[0]
        assert _bites(window.store, partnership, ident) == []
    finally:
        window.close_plan()
