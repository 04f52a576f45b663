"""Two people on one plan: conflicts shown side by side, undo that spares a colleague's
change, live refresh from a colleague's commit, and File › Connect to team database…"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from planner.services.organisation import get_profile, update_profile
from planner.store import engine as eng
from planner.store.database import Store
from planner.ui.organisation.view import OrganisationView
from planner.ui.shell.clash_dialog import MERGED, MINE, THEIRS, ClashDialog, Resolution
from planner.ui.shell.connect_dialog import ConnectDialog, team_url
from planner.ui.shell.main_window import MainWindow


def _view(window: MainWindow) -> OrganisationView:
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    return view


@pytest.fixture
def colleague(plan_window: MainWindow) -> Iterator[Store]:
    """A colleague's connection to the same plan (a second engine on the file)."""
    store = plan_window.store
    assert store is not None
    other = Store(store.url, eng.make_engine(store.url), None)
    yield other
    other.engine.dispose()


def _shown(answers) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(what, theirs, mine) of each side-by-side dialog the user was shown."""
    return [(str(a["what"]), str(a["theirs"]), str(a["mine"])) for a in answers]


def test_saving_over_a_colleague_shows_both_and_saves_the_merge(
        plan_window: MainWindow, colleague: Store, answers, type_text) -> None:  # type: ignore[no-untyped-def]
    view = _view(plan_window)
    update_profile(colleague, "vision", "Theirs")  # after my view read the profile
    answers.queue.append(Resolution(MERGED, "Theirs and mine"))
    view.ui.visionEdit.moveCursor(view.ui.visionEdit.textCursor().MoveOperation.End)
    type_text(view.ui.visionEdit, "M")
    assert _shown(answers) == [("vision of the organisation profile", "Theirs", "M")]
    assert get_profile(colleague).vision == "Theirs and mine"
    assert view.ui.visionEdit.toPlainText() == "Theirs and mine"
    # Undo brings back theirs (what stood before my save), not the older past.
    plan_window.menus.undo_action.trigger()
    assert get_profile(colleague).vision == "Theirs"


def test_keeping_theirs_writes_nothing_and_leaves_no_undo_step(
        plan_window: MainWindow, colleague: Store, answers) -> None:  # type: ignore[no-untyped-def]
    view = _view(plan_window)
    update_profile(colleague, "strategic_limit", 3)
    answers.queue.append(Resolution(THEIRS, ""))
    view.ui.limitSpin.setValue(9)
    assert _shown(answers) == [("strategic limit of the organisation profile", "3", "9")]
    assert get_profile(colleague).strategic_limit == 3
    assert view.ui.limitSpin.value() == 3  # the view shows what is saved
    assert plan_window.undo.count() == 0


def test_undo_never_reverts_a_colleagues_later_change(
        plan_window: MainWindow, colleague: Store, answers, type_text) -> None:  # type: ignore[no-untyped-def]
    view = _view(plan_window)
    view.ui.nameEdit.selectAll()
    type_text(view.ui.nameEdit, "Mine")
    assert get_profile(colleague).name == "Mine"
    update_profile(colleague, "name", "Theirs, later")
    answers.queue.append(Resolution(THEIRS, ""))
    plan_window.menus.undo_action.trigger()
    assert _shown(answers) == [("name of the organisation “Theirs, later”", "Theirs, later",
                                "Our organisation")]
    assert answers[0]["undoing"] is True
    assert get_profile(colleague).name == "Theirs, later"
    assert view.ui.nameEdit.text() == "Theirs, later"
    # Insisting on the undo applies it over theirs, knowingly.
    view.ui.nameEdit.selectAll()
    type_text(view.ui.nameEdit, "Mine again")
    get_profile(colleague)  # their program shows my latest (live refresh) ...
    update_profile(colleague, "name", "Theirs once more")  # ... and they change it
    answers.queue.append(Resolution(MINE, ""))
    plan_window.menus.undo_action.trigger()
    assert _shown(answers)[-1] == ("name of the organisation “Theirs once more”",
                                   "Theirs once more", "Theirs, later")
    assert get_profile(colleague).name == "Theirs, later"


def test_list_fields_are_merged_line_by_line(
        plan_window: MainWindow, colleague: Store, answers) -> None:  # type: ignore[no-untyped-def]
    view = _view(plan_window)
    update_profile(colleague, "priorities", ["Literacy"])
    answers.queue.append(Resolution(MERGED, "Literacy\n\nNew priority\n"))
    view.ui.addPriority.click()
    assert _shown(answers) == [("strategic priorities of the organisation profile", "Literacy",
                                "New priority")]
    assert get_profile(colleague).priorities == ("Literacy", "New priority")


def test_the_dialog_refuses_a_merge_that_cannot_be_saved(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ClashDialog("name", "Theirs", "Mine",
                            lambda text: None if text.strip() else "The name cannot be empty.")
    qtbot.addWidget(dialog)
    assert dialog.theirs_edit.isReadOnly() and not dialog.merged_edit.isReadOnly()
    dialog.merged_edit.setPlainText("  ")
    dialog.merged_button.click()
    assert dialog.error_label.text() == "The name cannot be empty."
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.merged_edit.setPlainText("Both")
    dialog.merged_button.click()
    assert dialog.resolution == Resolution(MERGED, "Both")


# ----------------------------------------------------------------------------- team database


def test_connect_dialog_remembers_everything_but_the_password(settings) -> None:  # type: ignore[no-untyped-def]
    dialog = ConnectDialog(settings)
    dialog.host.setText("")
    dialog.try_accept()
    assert dialog.error.text() == "Enter the host."
    dialog.host.setText("db.example.org")
    dialog.port.setValue(6543)
    dialog.database.setText("team plan")
    dialog.user.setText("chair@trust")
    dialog.password.setText("s3cret/!")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.url() == ("postgresql+psycopg://chair%40trust:s3cret%2F%21@db.example.org:6543"
                            "/team%20plan")
    assert settings.get_str("team/user") == "chair@trust"
    assert settings.get_int("team/port", 0) == 6543
    settings.sync()
    stored = Path(settings._s.fileName()).read_text()
    assert "s3cret" not in stored
    assert team_url("::1", 5432, "p", "ceo") == "postgresql+psycopg://ceo@[::1]:5432/p"


@pytest.mark.postgresql
def test_connecting_opens_the_team_plan_and_refreshes_live(
        window_factory, pg_url: str, monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.shell import connect_dialog

    window = window_factory()
    monkeypatch.setattr(connect_dialog, "ask_team_database", lambda *a: pg_url)
    action = next(a for a in window.menus["&File"].actions()
                  if a.text() == "Connect to &Team Database…")
    action.trigger()
    assert window.store is not None and window.store.url == pg_url
    assert window.windowTitle().startswith("The team database “") and "postgres@" not in \
        window.windowTitle()
    assert window.live is not None
    view = _view(window)
    with Store.open(pg_url) as other:
        update_profile(other, "vision", "Seen without reopening")
        qtbot.waitUntil(lambda: view.ui.visionEdit.toPlainText() == "Seen without reopening",
                        timeout=5000)
    listener = window.live.listener
    window.close_plan()
    assert window.live is None and not listener.running


def test_a_burst_of_notices_is_one_refresh(qtbot) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from planner.services.changes import ChangeSet
    from planner.store.postgres import Notice
    from planner.ui.shell.context import AppEvents
    from planner.ui.shell.live_refresh import LiveRefresh

    events = AppEvents()
    seen: list[ChangeSet] = []
    events.changed.connect(seen.append)
    store = SimpleNamespace(url="postgresql+psycopg://chair@127.0.0.1:1/plan", instance="me")
    live = LiveRefresh(store, events)  # type: ignore[arg-type]  # never started: fed by hand
    # each notice handed over as the listener thread does it
    live.listener.on_notice(Notice("them", {"milestone": (4,)}))
    live.listener.on_notice(Notice("them", {"milestone": (5,), "opportunity": (1,)}))
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
    assert seen[0].touches("milestone") and seen[0].touches("opportunity")
    assert set(seen[0].ids) == {("milestone", 4), ("milestone", 5), ("opportunity", 1)}
    live.listener.on_notice(Notice("", everything=True))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=2000)
    assert seen[1].touches("anything at all")
    live.stop()


def test_a_team_database_that_cannot_be_reached_is_explained(
        window_factory, errors: list[str], monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.shell import connect_dialog

    window = window_factory()
    monkeypatch.setattr(connect_dialog, "ask_team_database",
                        lambda *a: "postgresql+psycopg://chair@127.0.0.1:1/plan")
    window.connect_team_database()
    assert window.store is None
    assert len(errors) == 1
    # The database and its server, never the user ("postgresql+psycopg://chair@…" before).
    assert errors[0].startswith("Cannot open the team database “plan” on 127.0.0.1:1: ")
    assert "chair" not in errors[0]
    monkeypatch.setattr(connect_dialog, "ask_team_database", lambda *a: None)  # cancelled
    window.connect_team_database()
    assert len(errors) == 1


def test_a_dropped_save_is_not_folded_into_the_typing_before_it(
        plan_window: MainWindow, colleague: Store, answers, type_text) -> None:  # type: ignore[no-untyped-def]
    view = _view(plan_window)
    view.ui.nameEdit.selectAll()
    type_text(view.ui.nameEdit, "Mine")
    assert plan_window.undo.count() == 1
    update_profile(colleague, "name", "Theirs")
    answers.queue.append(Resolution(THEIRS, ""))
    type_text(view.ui.nameEdit, "!")  # same field, would merge into the step above
    assert get_profile(colleague).name == "Theirs"
    assert plan_window.undo.count() == 1
    step = plan_window.undo.command(0)
    assert step.edit[0].new == "Mine"  # still only what was really saved


def test_the_dialog_stays_responsive_with_a_huge_unbroken_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A colleague's 1 MB paste: Qt's default wrapping took minutes to lay it out."""
    from PySide6.QtGui import QTextOption

    dialog = ClashDialog("vision", "x" * 200_000, "y", step="Edit vision")
    qtbot.addWidget(dialog)
    for edit in (dialog.theirs_edit, dialog.mine_edit, dialog.merged_edit):
        assert edit.wordWrapMode() == QTextOption.WrapMode.WordWrap
