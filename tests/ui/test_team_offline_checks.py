"""Edits whose view checks the value against the plan before pushing the step (a conflict
area's rating, through ``check_update``), made while the team database is frozen (every
server process SIGSTOPped): the window does not stop for the server's answer budget, the
step waits on the undo stack like any other and is saved once the server answers. Before,
the check's read on the window's thread stopped the window for the whole budget, then the
edit was dropped (not on the undo stack, the box still showing it) while the status bar
said "nothing is lost"; once offline every such edit was dropped at once."""

from __future__ import annotations

import pytest

from planner.services import conflicts as svc
from planner.services.sample import create_sample
from planner.store.database import Store
from planner.ui.conflicts.view import ConflictsView
from tests import pg
from tests.ui.test_team_offline import BUDGET, STALL, Heartbeat

pytestmark = pytest.mark.postgresql


def _rating(store: Store, area_id: int) -> tuple[int, int]:
    row = next(r for r in svc.register(store).rows if r.id == area_id)
    return row.residual_likelihood, row.residual_impact


def test_a_conflict_rating_changed_on_a_frozen_server_waits_and_is_saved_once_it_answers(
        window_factory, pg_url: str, pg_server: str, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, errors: list[str]) -> None:
    from planner.ui.shell import offline

    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", str(BUDGET))
    monkeypatch.setattr(offline, "RETRY_MS", 500)
    with Store.open(pg_url) as first:
        create_sample(first)
    window = window_factory(Store.open(pg_url))  # the plan as a colleague made it, reopened
    window.resize(1366, 768)
    view = window.show_view("conflicts")
    assert isinstance(view, ConflictsView)
    area = view.reg.rows[0].id if view.reg else 0
    assert view.select_area(area)
    likelihood, impact = _rating(window.store, area)
    new_likelihood = 1 if likelihood != 1 else 2
    new_impact = 1 if impact != 1 else 2
    steps_before = window.undo.count()
    heart = Heartbeat()
    with pg.frozen(pg_server):
        view.ui.residualLikelihoodCombo.setCurrentIndex(new_likelihood - 1)
        qtbot.waitUntil(lambda: window.windowTitle().endswith("— offline"), timeout=15000)
        view.ui.residualImpactCombo.setCurrentIndex(new_impact - 1)  # once offline, too
        qtbot.wait(100)
        stall = heart.longest()
        assert window.undo.count() == steps_before + 2, "an edit was dropped"
        for index in (steps_before, steps_before + 1):
            assert window.undo.command(index).text().endswith("(waiting to be saved)")
        assert "2 changes kept in this window" in window.offline.label.text()
        assert "nothing is lost" not in window.statusBar().currentMessage()
        assert errors == []
    assert stall < STALL, f"the window stopped for {stall:.2f} s"
    qtbot.waitUntil(lambda: not window.offline.active, timeout=15000)
    with Store.open(pg_url) as other:
        assert _rating(other, area) == (new_likelihood, new_impact)
    assert heart.stop() < STALL


def test_an_action_the_frozen_server_stops_says_it_was_not_done(
        window_factory, pg_url: str, pg_server: str, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, errors: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A view that must read the plan before it acts (Alt+→ on the timeline reads the
    milestone) cannot act on a frozen server: the status bar said "what you see is what
    was read before; nothing is lost" while the move the user asked for was not made."""
    import sys

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from planner.services import timeline as timeline_svc
    from planner.ui.shell import error_hook, offline
    from planner.ui.timeline.view import TimelineView

    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", str(BUDGET))
    monkeypatch.setattr(offline, "RETRY_MS", 500)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back afterwards
    with Store.open(pg_url) as first:
        create_sample(first)
    window = window_factory(Store.open(pg_url))
    error_hook.install(window, tmp_path / "planner.log")  # as the program does
    view = window.show_view("timeline")
    assert isinstance(view, TimelineView) and view.chart.data is not None
    ident = next(int(i) for i, summary in zip(view.chart.data.ids, view.chart.data.summary,
                                               strict=True) if not summary and i > 0)
    before = timeline_svc.get_milestone(window.store, ident)["forecast_date"]
    view.chart.select_milestone(ident)
    view.chart.setFocus()
    steps_before = window.undo.count()
    with pg.frozen(pg_server):
        QTest.keyClick(view.chart, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        message = window.statusBar().currentMessage()
        assert window.undo.count() == steps_before  # (the move needs the milestone read)
        assert "nothing is lost" not in message
        assert "not answering" in message and "not done" in message, message
        assert errors == []
    qtbot.waitUntil(lambda: not window.offline.active, timeout=15000)
    assert timeline_svc.get_milestone(window.store, ident)["forecast_date"] == before


def test_typing_while_the_server_is_down_waits_and_is_saved_once_it_is_back(
        window_factory, pg_url: str, pg_server: str, type_text, qtbot,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, errors: list[str]) -> None:
    """A server that is shut down (a restart, a reboot) refuses the connection at once; a
    frozen one never answers. Both are the same to the user: the step waits, offline, and
    is saved once the server is back. Before, a stopped server gave a modal box with
    libpq's words ("connection failed: connection to server at … Connection refused Is the
    server running on that host and accepting TCP/IP connections?.") and the typing was
    taken out of the box, never saved."""
    from planner.services.organisation import get_profile
    from planner.ui.organisation.view import OrganisationView
    from planner.ui.shell import offline

    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", str(BUDGET))
    monkeypatch.setattr(offline, "RETRY_MS", 500)
    with Store.open(pg_url) as first:
        create_sample(first)
    window = window_factory(Store.open(pg_url))
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    vision = get_profile(window.store).vision
    steps_before = window.undo.count()
    with pg.stopped(pg_server):
        view.ui.visionEdit.setFocus()
        view.ui.visionEdit.moveCursor(view.ui.visionEdit.textCursor().MoveOperation.End)
        type_text(view.ui.visionEdit, " Typed while it restarts.")
        qtbot.waitUntil(lambda: window.windowTitle().endswith("— offline"), timeout=15000)
        assert errors == [], errors  # no box: the status bar says it
        assert view.ui.visionEdit.toPlainText() == vision + " Typed while it restarts."
        assert window.undo.count() == steps_before + 1
        assert window.undo.command(steps_before).text().endswith("(waiting to be saved)")
        assert "kept in this window" in window.offline.label.text()
    qtbot.waitUntil(lambda: not window.offline.active, timeout=20000)
    with Store.open(pg_url) as other:
        assert get_profile(other).vision == vision + " Typed while it restarts."
    assert errors == []
