"""The dashboard's Next steps checklist: a new plan opens on it, its links go to the place
of each step, it ticks itself from the plan, hides when done and comes back from the View
menu."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.services import organisation, screening
from planner.store.database import Store
from planner.ui.dashboard.view import DashboardView
from planner.ui.shell.main_window import MainWindow
from planner.ui.shell.settings import Settings
from tests.services.test_next_steps import _screen


def _dashboard(window: MainWindow) -> DashboardView:
    view = window.views.get("dashboard")
    assert isinstance(view, DashboardView)
    return view


def _marks(view: DashboardView) -> dict[str, bool]:
    return {key: label.text().startswith("<span style='color:#2e7d32'>✓")
            for key, label in view.next_steps.items.items()}


def test_a_new_plan_opens_on_the_checklist(window_factory, settings: Settings,  # type: ignore[no-untyped-def]
                                           tmp_path: Path) -> None:
    settings.last_view = "timeline"  # where the user was in another plan
    window: MainWindow = window_factory()
    window.resize(1024, 768)
    window.show()
    assert window.open_path(tmp_path / "new.sqlite", create=True)
    view = _dashboard(window)
    assert window.stack.currentWidget() is view
    assert view.next_steps.isVisible()
    assert "0 of 8 done" in view.next_steps.title.text()
    assert not any(_marks(view).values())
    assert "Write down the vision" in view.next_steps.next_line.text()

    view.open_step("conflicts")  # each step links to its place
    assert window.stack.currentWidget() is window.views["conflicts"]
    view.open_step("cadence")
    assert window.stack.currentWidget() is view
    assert view.tabs.currentWidget() is view._log_page


def test_the_checklist_ticks_itself_on_a_plan_made_earlier(window_factory,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    path = tmp_path / "earlier.sqlite"
    with Store.open(path, create=True) as store:
        for field, value in (("vision", "Every child thrives"), ("values", ["Openness"]),
                             ("priorities", ["Careers"])):
            organisation.update_profile(store, field, value)
        _, opp = screening.create_opportunity(store, "Careers with the employer")
    window: MainWindow = window_factory()
    window.show()
    assert window.open_path(path)
    window.show_view("dashboard")
    view = _dashboard(window)
    assert [k for k, done in _marks(view).items() if done] == ["profile", "opportunity"]

    assert window.store is not None
    _screen(window.store, opp)
    screening.decide(window.store, opp, "decline", "Not now: no capacity",
                     dt.date.today())
    window.refresh_all()
    assert [k for k, done in _marks(view).items() if done] == [
        "profile", "opportunity", "screening", "decision"]
    assert "4 of 8 done" in view.next_steps.title.text()

    # Hidden by the user, shown again from the View menu; the choice outlives the window.
    view.next_steps.hide_link.linkActivated.emit("hide")
    assert not view.next_steps.isVisible() and view.show_steps_link.isVisible()
    assert "4 of 8 done" in view.show_steps_link.text()
    window.close_plan()
    assert window.open_path(path)
    window.show_view("dashboard")
    view = _dashboard(window)
    assert not view.next_steps.isVisible()
    window.show_view("timeline")
    window.menus.next_steps_action.trigger()
    assert window.stack.currentWidget() is view and view.next_steps.isVisible()


def test_the_checklist_hides_once_everything_is_done(window_factory, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from planner.services import next_steps

    window: MainWindow = window_factory(Store.open(tmp_path / "p.sqlite", create=True))
    window.show()
    window.show_view("dashboard")
    view = _dashboard(window)
    assert view.next_steps.isVisible()
    steps = next_steps.next_steps(view.ctx.store)
    done = tuple(type(s)(**{**s.__dict__, "done": True}) for s in steps)
    monkeypatch.setattr(next_steps, "next_steps", lambda store: done)
    view.reload()
    assert not view.next_steps.isVisible()
    assert "8 of 8 done" in view.show_steps_link.text()
    view.show_steps_link.linkActivated.emit("show")
    assert view.next_steps.isVisible()
    assert "Every step of the method is done" in view.next_steps.next_line.text()
