"""The window on a team database that stops answering (every server process SIGSTOPped):
the edit stays on the undo stack as waiting, the title bar and the status bar say the
window is offline, further typing waits behind it without blocking the window, and once
the server runs again (SIGCONT) everything typed is saved, in order, exactly once."""

from __future__ import annotations

import time

import pytest

from planner.services.organisation import get_profile
from planner.store.database import Store
from planner.ui.organisation.view import OrganisationView
from tests import pg

pytestmark = pytest.mark.postgresql

BUDGET = 1.5


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
    with pg.frozen(pg_server):
        start = time.monotonic()
        view.ui.visionEdit.setFocus()
        type_text(view.ui.visionEdit, "A")  # the first save waits for the budget, then holds
        first = time.monotonic() - start
        start = time.monotonic()
        type_text(view.ui.visionEdit, "BC")  # behind it: the window does not wait again
        later = time.monotonic() - start
        assert window.windowTitle().endswith("— offline")
        label = window.offline.label
        assert label.isVisible() or not label.isHidden()
        assert "is not answering" in label.text() and "1 change kept in this window" in label.text()
        assert window.undo.count() == steps_before + 1  # the typing, one step as usual
        assert window.undo.command(window.undo.count() - 1).text().endswith(
            "(waiting to be saved)")
        assert errors == []  # no error dialog: the status bar says it
    assert first <= BUDGET + 2 + 2.0, first
    assert later < 1.0, later
    qtbot.waitUntil(lambda: not window.offline.active, timeout=15000)
    assert not window.windowTitle().endswith("— offline")
    assert label.isHidden()
    with Store.open(pg_url) as other:
        assert get_profile(other).vision.endswith("ABC")
        assert get_profile(other).name == "Saved first"
    assert not window.undo.command(window.undo.count() - 1).text().endswith("saved)")
    window.undo_action.trigger()  # undo works on the saved steps as before
    qtbot.waitUntil(lambda: not get_profile(window.store).vision.endswith("ABC"), timeout=3000)
