"""The window on a team database that stops answering (every server process SIGSTOPped):
the edit stays on the undo stack as waiting, the title bar and the status bar say the
window is offline, further typing waits behind it without blocking the window, and once
the server runs again (SIGCONT) everything typed is saved, in order, exactly once."""

from __future__ import annotations

import importlib
import itertools
import time
from pathlib import Path

import pytest

from planner.services.organisation import get_profile
from planner.store.database import Store
from planner.ui.organisation.view import OrganisationView
from planner.ui.shell.views import VIEW_SPECS
from tests import pg

pytestmark = pytest.mark.postgresql

BUDGET = 1.5
STALL = 0.75  # the longest the window may stop (goal 0.5 s; a blocked save is the budget)


class Heartbeat:
    """A timer ticking every 20 ms on the GUI thread: the longest gap between two ticks is
    the longest time the window did not answer the user."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.ticks: list[float] = [time.monotonic()]
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))
        self.timer.start()

    def longest(self) -> float:
        self.ticks.append(time.monotonic())
        return max(b - a for a, b in itertools.pairwise(self.ticks))

    def stop(self) -> float:
        self.timer.stop()
        return self.longest()


def test_typing_on_a_frozen_server_waits_offline_and_is_saved_when_it_answers(
        window_factory, pg_url: str, pg_server: str, type_text, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, errors: list[str]) -> None:
    from planner.ui.shell import offline

    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", str(BUDGET))
    monkeypatch.setattr(offline, "RETRY_MS", 500)
    window = window_factory(Store.open(pg_url))
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    view.ui.nameEdit.selectAll()
    type_text(view.ui.nameEdit, "Saved first")
    assert get_profile(window.store).name == "Saved first"
    steps_before = window.undo.count()
    heart = Heartbeat()
    with pg.frozen(pg_server):
        start = time.monotonic()
        view.ui.visionEdit.setFocus()
        type_text(view.ui.visionEdit, "A")  # saved in the background: the window goes on
        type_text(view.ui.visionEdit, "BC")  # behind it
        typed = time.monotonic() - start
        label = window.offline.label
        assert "Saving" in label.text() or "is not answering" in label.text()
        qtbot.waitUntil(lambda: window.windowTitle().endswith("— offline"), timeout=15000)
        to_offline = time.monotonic() - start
        qtbot.wait(300)
        assert label.isVisible() or not label.isHidden()
        assert "is not answering" in label.text() and "kept in this window" in label.text()
        assert window.undo.count() == steps_before + 1  # the typing, one step as usual
        assert window.undo.command(window.undo.count() - 1).text().endswith(
            "(waiting to be saved)")
        assert errors == []  # no error dialog: the status bar says it
        stall = heart.longest()
    assert typed < 1.0, typed
    assert stall < STALL, f"the window stopped for {stall:.2f} s"
    assert to_offline < offline.SILENT_MS / 1000 + 1.5, to_offline  # not the whole budget
    qtbot.waitUntil(lambda: not window.offline.active, timeout=15000)
    assert heart.stop() < STALL  # nor while it saved what waited
    assert not window.windowTitle().endswith("— offline")
    assert label.isHidden()
    with Store.open(pg_url) as other:
        assert get_profile(other).vision.endswith("ABC")
        assert get_profile(other).vision.count("ABC") == 1 and "AA" not in get_profile(other).vision
        assert get_profile(other).name == "Saved first"
    assert not window.undo.command(window.undo.count() - 1).text().endswith("saved)")
    while window.undo.count() > steps_before and window.undo.canUndo() and \
            get_profile(window.store).vision.endswith(("A", "ABC")):
        window.menus.undo_action.trigger()  # undo works on the saved steps as before
        qtbot.wait(50)
    qtbot.waitUntil(lambda: not get_profile(window.store).vision.endswith(("ABC", "A")),
                    timeout=3000)


def test_waiting_changes_saved_on_leaving_are_applied_once_when_the_server_answers(
        window_factory, pg_url: str, pg_server: str, type_text, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, errors: list[str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from planner.cli import main
    from planner.ui.shell import offline

    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", str(BUDGET))
    monkeypatch.setattr(offline, "RETRY_MS", 500)
    saved_to = tmp_path / "waiting.planner-changes.json"
    asked: list[str] = []

    def leave(_parent, _title: str, text: str, *_more):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "warning", leave)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(saved_to), ""))
    window = window_factory(Store.open(pg_url))
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    view.ui.nameEdit.selectAll()
    type_text(view.ui.nameEdit, "Saved first")
    with pg.frozen(pg_server):
        view.ui.visionEdit.setFocus()
        view.ui.visionEdit.selectAll()
        type_text(view.ui.visionEdit, "Typed offline")
        view.ui.nameEdit.setFocus()
        view.ui.nameEdit.selectAll()
        type_text(view.ui.nameEdit, "Renamed offline")
        qtbot.waitUntil(lambda: window.windowTitle().endswith("— offline"), timeout=15000)
        window.close_plan_asking()  # Save in the question: the file, then the plan closes
        assert window.store is None
        assert "Save writes them to a file first" in asked[0]
        assert saved_to.exists()
    with Store.open(pg_url) as plan:  # what waited did not reach the server (the first
        # key's save, sent before the freeze, may land as the server runs again)
        assert "Typed offline".startswith(get_profile(plan).vision)
        assert get_profile(plan).name == "Saved first"
    assert main(["changes", "show", str(saved_to)]) == 0
    shown = capsys.readouterr().out
    assert "waiting changes of" in shown and "(redo by hand)" not in shown
    # The server answers again: File › Apply Waiting Changes… in a window on it.
    from planner.ui.shell import apply_changes

    reports: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_a, **_k: (str(saved_to), ""))
    monkeypatch.setattr(apply_changes, "ask", lambda _box: QMessageBox.StandardButton.Apply)
    monkeypatch.setattr(apply_changes, "show_report",
                        lambda _parent, _title, _text, details: reports.append(details))
    window = window_factory(Store.open(pg_url))
    window.menus.apply_waiting_action.trigger()
    qtbot.waitUntil(lambda: bool(reports), timeout=15000)
    assert "applied:" in reports[0] and "not applied" in reports[0].splitlines()[-1]
    with Store.open(pg_url) as plan:
        assert get_profile(plan).vision == "Typed offline"
        assert get_profile(plan).name == "Renamed offline"

    def name_saved() -> str:
        with Store.open(pg_url) as plan:
            return get_profile(plan).name

    window.undo.undo()  # one step puts back what the file replaced, on the server too
    qtbot.waitUntil(lambda: name_saved() == "Saved first", timeout=10000)
    window.undo.redo()
    qtbot.waitUntil(lambda: name_saved() == "Renamed offline", timeout=10000)
    window.close_plan()
    # Applied again (or after the server saved some after all): nothing twice.
    assert main(["changes", "apply", "--db", pg_url, str(saved_to)]) == 0
    again = capsys.readouterr().out
    assert "already there" in again and "0 applied" in again
    with Store.open(pg_url) as plan:
        assert get_profile(plan).vision == "Typed offline"
        assert get_profile(plan).name == "Renamed offline"
    assert errors == []


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_a_waiting_change_a_colleague_overtook_is_settled_side_by_side(
        window_factory, pg_url: str, pg_server: str, type_text, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, errors: list[str], answers, choice: str) -> None:
    from planner.services.organisation import update_profile
    from planner.ui.shell import offline

    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", str(BUDGET))
    monkeypatch.setattr(offline, "RETRY_MS", 500)
    window = window_factory(Store.open(pg_url))
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    view.ui.nameEdit.selectAll()
    type_text(view.ui.nameEdit, "Saved first")
    steps_before = window.undo.count()
    with pg.frozen(pg_server):
        view.ui.visionEdit.setFocus()
        view.ui.visionEdit.selectAll()
        type_text(view.ui.visionEdit, "Mine offline")
        qtbot.waitUntil(lambda: window.windowTitle().endswith("— offline"), timeout=15000)
        # The first key's save gives up (no answer), so nothing of it reaches the server.
        qtbot.waitUntil(lambda: all(i.flight is None for i in window.offline.held),
                        timeout=15000)
        window.offline.timer.stop()  # the window tries again once the colleague has saved
    with Store.open(pg_url) as colleague:
        update_profile(colleague, "vision", "Theirs meanwhile")
    answers.queue.append(choice)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.offline.timer.start()
    qtbot.waitUntil(lambda: not window.offline.active, timeout=15000)
    assert len(answers) == 1, answers  # one question for the typing, theirs beside mine
    assert answers[0]["theirs"] == "Theirs meanwhile"
    assert answers[0]["mine"] == "Mine offline"  # the typing, one step
    assert errors == []
    with Store.open(pg_url) as plan:
        saved = get_profile(plan).vision
    if choice == "mine":
        assert saved == "Mine offline"
        assert not window.undo.command(window.undo.count() - 1).text().endswith("saved)")
        assert window.undo.count() == steps_before + 1
        window.menus.undo_action.trigger()  # one undo brings theirs back, not the empty vision
        qtbot.waitUntil(lambda: get_profile(window.store).vision == "Theirs meanwhile",
                        timeout=3000)
        assert answers[1:] == []
    else:
        assert saved == "Theirs meanwhile"
        qtbot.waitUntil(lambda: view.ui.visionEdit.toPlainText() == "Theirs meanwhile"
                        if hasattr(view.ui.visionEdit, "toPlainText")
                        else view.ui.visionEdit.text() == "Theirs meanwhile", timeout=3000)
        assert any("Kept the" in message for message in said), said
        window.menus.undo_action.trigger()  # the dropped steps go quietly; Undo undoes the name
        qtbot.waitUntil(lambda: get_profile(window.store).name != "Saved first", timeout=3000)
        assert get_profile(window.store).vision == "Theirs meanwhile"
        assert len(answers) == 1


def test_a_slow_save_goes_on_in_the_background_and_what_follows_waits_behind_it(
        window_factory, pg_url: str, type_text, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, errors: list[str]) -> None:
    """A colleague's transaction holds the profile's row for a moment: the save waits for
    the lock longer than the window waits for it, goes on in the background ("Saving …"),
    the typing after it waits behind it, and both land without the window going offline."""
    import psycopg

    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", "5")
    window = window_factory(Store.open(pg_url))
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    view.ui.visionEdit.setFocus()
    view.ui.visionEdit.selectAll()
    type_text(view.ui.visionEdit, "Q")
    assert get_profile(window.store).vision == "Q"
    titles: list[str] = []
    window.windowTitleChanged.connect(titles.append)
    heart = Heartbeat()
    with psycopg.connect(pg._libpq(pg_url)) as colleague:
        colleague.execute("SELECT * FROM profile FOR UPDATE")  # held until the commit
        type_text(view.ui.visionEdit, "uick")
        label = window.offline.label
        assert label.text().startswith("Saving ") and "change" in label.text()
        assert window.offline.active
        qtbot.wait(600)  # the colleague takes their time
        colleague.commit()
    qtbot.waitUntil(lambda: not window.offline.active, timeout=10000)
    assert heart.stop() < STALL
    assert get_profile(window.store).vision == "Quick"
    with Store.open(pg_url) as other:
        assert get_profile(other).vision == "Quick"
    assert not any(t.endswith("— offline") for t in titles)
    assert label.isHidden() and errors == []
    assert not window.undo.command(window.undo.count() - 1).text().endswith("saved)")


def test_undoing_a_step_still_being_saved_then_editing_on_keeps_every_change_in_order(
        window_factory, pg_url: str, type_text, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, errors: list[str]) -> None:
    """Undo of a step whose save is still running waits behind it (it may reach the
    server), and a new edit after that undo (which makes Qt delete the undone step) breaks
    nothing: the server ends as the window says — the step saved, then undone, then the new
    edit."""
    import psycopg

    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", "5")
    window = window_factory(Store.open(pg_url))
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    view.ui.visionEdit.setFocus()
    view.ui.visionEdit.selectAll()
    type_text(view.ui.visionEdit, "Q")
    name = get_profile(window.store).name
    with psycopg.connect(pg._libpq(pg_url)) as colleague:
        colleague.execute("SELECT * FROM profile FOR UPDATE")
        type_text(view.ui.visionEdit, "u")  # its save waits for the colleague's lock
        assert window.offline.active
        window.menus.undo_action.trigger()
        view.ui.nameEdit.setFocus()
        view.ui.nameEdit.end(False)
        type_text(view.ui.nameEdit, "!")  # Qt deletes the undone step here
        qtbot.wait(300)
        colleague.commit()
    qtbot.waitUntil(lambda: not window.offline.active, timeout=10000)
    with Store.open(pg_url) as other:
        assert get_profile(other).vision == "Q"
        assert get_profile(other).name == name + "!"
    assert errors == []


def test_showing_views_while_the_server_is_frozen_never_hangs_the_window(
        window_factory, pg_url: str, pg_server: str, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, errors: list[str]) -> None:
    """Reading, not only saving: the first read that gets no answer takes the window
    offline; from then on a view switch is refused at once (the status bar says why, the
    view in front stays), and once the server answers the views open and read again."""
    from planner.ui.shell import offline

    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", str(BUDGET))
    monkeypatch.setattr(offline, "RETRY_MS", 500)
    window = window_factory(Store.open(pg_url))
    window.show_view("organisation")
    front = window.stack.currentWidget()
    for spec in VIEW_SPECS:  # the code of every view loaded: what is timed is the server
        importlib.import_module(spec.module)
    with pg.frozen(pg_server):
        heart = Heartbeat()
        window.show_view("conflicts")  # asked off the window's thread, 0.2 s at most
        assert window.windowTitle().endswith("— offline")
        assert "showing what was read before" in window.offline.label.text()
        assert window.stack.currentWidget() is front  # the view in front stays
        assert "not answering" in window.statusBar().currentMessage()
        for name in ("conflicts", "timeline", "screening"):
            window.show_view(name)  # never read yet: refused at once
            qtbot.wait(30)
            assert window.stack.currentWidget() is front
            assert window.sidebar.currentItem().text() == "Organisation"
        dashboard = window.views["dashboard"]  # read before the freeze: shown as it was
        assert window.show_view("dashboard") is dashboard
        assert window.stack.currentWidget() is dashboard
        stall = heart.stop()
        assert errors == []  # no box on every click: the status bar says it
    assert stall < STALL, f"the window stopped for {stall:.2f} s while the server was frozen"
    qtbot.waitUntil(lambda: not window.windowTitle().endswith("— offline"), timeout=15000)
    view = window.show_view("conflicts")
    assert view is not None and window.stack.currentWidget() is view
    assert "answers again" in window.statusBar().currentMessage()
