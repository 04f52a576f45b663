"""Quitting while a save is stuck on a frozen team database ends at once, nothing lost.

Found using the real program on a team database: the server froze (every process
SIGSTOPped) while an edit was being saved; the user quit, chose Save in the question about
the change not yet saved, and the window closed, but the process stayed for about 9 s: it
waited for the stuck save to give up (the 5 s budget, then a new connection's timeout)
before it could end. A user who starts the program again meanwhile meets a second copy
still holding the plan, and a desktop that ends programs after a few seconds kills it.

Closing the plan now tells the calls still waiting for the unanswering server to give up
at once; the change is in the file the user saved it to (applied once the server answers).
The fault is real: the test server's processes are stopped while the save runs.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.services import change_file
from planner.services.organisation import get_profile
from planner.store.database import Store
from planner.ui.organisation.view import OrganisationView
from planner.ui.shell import background
from tests import pg

pytestmark = pytest.mark.postgresql

QUIT_SECONDS = 2.0


def test_quitting_with_a_save_stuck_on_a_frozen_server_ends_in_two_seconds(
        window_factory: Any, pg_url: str, pg_server: str, type_text: Any, qtbot: Any,
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    saved_to = tmp_path / "waiting.planner-changes.json"
    asked: list[str] = []

    def leave(_parent: object, _title: str, text: str, *_more: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "warning", leave)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(saved_to), ""))
    window = window_factory(Store.open(pg_url))  # an empty plan made earlier, reopened
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    view.ui.nameEdit.selectAll()
    type_text(view.ui.nameEdit, "Saved first")
    assert get_profile(window.store).name == "Saved first"
    with pg.frozen(pg_server):
        view.ui.visionEdit.setFocus()
        type_text(view.ui.visionEdit, "Typed while it froze")
        view.ui.nameEdit.setFocus()  # the edit is saved: it waits for the frozen server
        assert window.offline is not None and window.offline.held  # it waits: not saved yet
        assert window.offline.jobs.running  # a call to the frozen server is under way
        waiting = len(window.offline.held)
        start = time.monotonic()
        window.close()  # File › Quit: the question, Save, then the window closes
        background.wait_all()  # what the program does next, before it ends (app.run)
        took = time.monotonic() - start
        assert window.store is None and len(asked) == 1 and "not reached" in asked[0]
        # One change is "it", several "they" (the question said "1 change … They are kept").
        assert ("It is kept" in asked[0]) == (waiting == 1), asked[0]
        assert ("They are kept" in asked[0]) == (waiting > 1), asked[0]
        assert background.running_jobs() == []  # no worker left for the exit to wait for
    assert took <= QUIT_SECONDS, f"quitting took {took:.1f} s"
    _plan, steps = change_file.load(saved_to)
    assert any("Typed while it froze" in str(w.new) for s in steps for w in s.writes), steps
    with Store.open(pg_url) as plan:  # the server answers again: the file is applied
        outcomes = change_file.apply(plan, steps, saved_to.name)
        assert all(o.ok for o in outcomes)
        assert get_profile(plan).vision == "Typed while it froze"
        assert get_profile(plan).name == "Saved first"
