"""Confidential meetings in the meeting log: the editor's checkbox (undoable), the padlock in
the list, and a team colleague who is not a named reader (real PostgreSQL roles)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from planner.services import meetings as svc
from planner.store.database import Store
from planner.ui.dashboard.meeting_log import CONFIDENTIAL_TIP, MeetingEditorDialog, MeetingLogWidget
from planner.ui.dashboard.view import DashboardView
from planner.ui.shell.main_window import MainWindow
from tests.services.test_dashboard import build_portfolio
from tests.ui.test_meeting_log import answer_dialog, ctx_of, fill


def _log(window: MainWindow) -> MeetingLogWidget:
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)
    view.show_page("meetings")
    return view.meeting_log


@pytest.fixture
def log(window_factory, store: Store) -> MeetingLogWidget:  # type: ignore[no-untyped-def]
    build_portfolio(store)
    return _log(window_factory(store))


def _marked(log: MeetingLogWidget) -> dict[int, tuple[bool, object]]:
    """Per meeting id: whether the date cell has the padlock, and its tooltip."""
    model = log.model
    return {m.id or 0: (model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole)
                        is not None,
                        model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole))
            for row, m in enumerate(model.rows)}


def test_marking_a_meeting_confidential_is_undoable_and_shows_a_padlock(
        log: MeetingLogWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    first = log.model.rows[0]
    assert first.id is not None and not first.confidential
    assert not any(lock for lock, _tip in _marked(log).values())
    log.select_meeting(first.id)

    def tick(dialog: MeetingEditorDialog) -> None:
        check = dialog.ui.confidentialCheck
        assert check.isEnabled() and not check.isChecked()
        assert "confidential readers" in check.toolTip()
        check.setChecked(True)

    answer_dialog(monkeypatch, tick)
    log.edit_button.click()
    assert svc.get_meeting(ctx_of(log).store, first.id).confidential
    assert _marked(log)[first.id] == (True, CONFIDENTIAL_TIP)
    assert ctx_of(log).undo.undoText().startswith("Edit meeting of")
    accessible = log.model.data(log.model.index(log.model.row_of(first.id), 0),
                                Qt.ItemDataRole.AccessibleTextRole)
    assert str(accessible).endswith("confidential")

    ctx_of(log).undo.undo()
    assert svc.get_meeting(ctx_of(log).store, first.id) == first
    assert _marked(log)[first.id][0] is False
    ctx_of(log).undo.redo()
    assert svc.get_meeting(ctx_of(log).store, first.id).confidential
    assert _marked(log)[first.id][0] is True

    # Opening it again shows the box ticked; unticking it is a step of its own.
    def untick(dialog: MeetingEditorDialog) -> None:
        assert dialog.ui.confidentialCheck.isChecked()
        dialog.ui.confidentialCheck.setChecked(False)

    answer_dialog(monkeypatch, untick)
    log.edit_button.click()
    assert not svc.get_meeting(ctx_of(log).store, first.id).confidential
    ctx_of(log).undo.undo()
    assert svc.get_meeting(ctx_of(log).store, first.id).confidential


def test_a_new_meeting_can_be_logged_confidential(log: MeetingLogWidget,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def confidential(dialog: MeetingEditorDialog) -> None:
        fill(dialog)
        dialog.ui.confidentialCheck.setChecked(True)

    answer_dialog(monkeypatch, confidential)
    count = log.model.rowCount()
    log.new_button.click()
    chosen = log.selected()
    assert chosen is not None and chosen.confidential and log.model.rowCount() == count + 1
    assert _marked(log)[chosen.id or 0][0]
    ctx_of(log).undo.undo()
    assert log.model.rowCount() == count


# ------------------------------------------------------------------ a team colleague

COLLEAGUE = "planner_test_finance"


@pytest.fixture
def team_url(pg_server: str) -> Iterator[str]:
    from planner.store.postgres import add_team_member, setup_team_access
    from tests import pg

    url = pg.new_database(pg_server)
    with Store.open(url) as owner:
        ids = build_portfolio(owner)
        data = svc.get_meeting(owner, ids["uni_meeting"])
        svc.update_meeting(owner, replace(data, confidential=True))
        setup_team_access(owner.engine)
        add_team_member(owner.engine, COLLEAGUE)
    yield url
    pg.drop_database(url)


@pytest.mark.postgresql
def test_a_colleague_who_is_no_reader_neither_sees_nor_can_mark_one(
        window_factory, team_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests import pg

    with Store.open(team_url) as owner:
        everything = {m.id for m in svc.list_meetings(owner)}
        hidden = {m.id for m in svc.list_meetings(owner) if m.confidential}
    assert len(hidden) == 1
    log = _log(window_factory(Store.open(pg.with_user(team_url, COLLEAGUE))))
    assert {m.id for m in log.model.rows} == everything - hidden
    assert not any(lock for lock, _tip in _marked(log).values())

    seen: list[tuple[bool, str]] = []
    check: Callable[[MeetingEditorDialog], None] = lambda d: seen.append(  # noqa: E731
        (d.ui.confidentialCheck.isEnabled(), d.ui.confidentialCheck.toolTip()))
    answer_dialog(monkeypatch, lambda d: (fill(d), check(d)))
    log.new_button.click()
    [(enabled, tip)] = seen
    assert not enabled and "you would no longer see it" in tip
    assert log.selected() is not None and log.selected().held_on < dt.date.today()  # type: ignore[union-attr]
