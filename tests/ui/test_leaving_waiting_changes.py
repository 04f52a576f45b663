"""Changes waiting for a team database that does not answer are never dropped silently:
closing the window, File › Close or opening another plan asks first (issue 20)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.store.database import Store
from planner.ui.shell.offline import Held, Offline


def _waiting(window: Any, count: int) -> Offline:
    """The window as it is after ``count`` saves went unanswered (no server needed)."""
    offline = Offline(window, lambda: window.store, lambda _changes: None)
    offline.host = "db.trust.example"
    offline.held.extend(Held(command=object(), forward=True, in_doubt=None)  # type: ignore[arg-type]
                        for _ in range(count))
    window.offline = offline
    return offline


class Answers:
    """The questions asked, each answered with ``button``."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.button = QMessageBox.StandardButton.Cancel

    def warning(self, _parent: Any, _title: str, text: str,
                *_more: Any) -> QMessageBox.StandardButton:
        self.asked.append(text)
        return self.button


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    answering = Answers()
    monkeypatch.setattr(QMessageBox, "warning", answering.warning)
    return answering


def test_closing_with_waiting_changes_asks_and_keeps_them_unless_told(
        window_factory: Any, sample_store: Store, answers: Answers) -> None:
    asked = answers.asked
    window = window_factory(sample_store)
    offline = _waiting(window, 2)
    assert not window.close()  # Cancel: the window stays, the changes still wait
    assert window.store is not None and len(offline.held) == 2
    assert asked == [
        "2 changes you made have not reached the team database at db.trust.example, which is "
        "not answering. They are kept in this window and saved as soon as it answers.\n\n"
        "If you close the plan now, they are lost. Save writes them to a file first, to "
        "apply once the server answers (planner changes apply)."]
    window.close_plan_asking()  # File › Close: the same question
    assert window.store is not None and len(asked) == 2
    answers.button = QMessageBox.StandardButton.Discard
    window.close_plan_asking()
    assert window.store is None


def test_opening_another_plan_asks_first(window_factory: Any, sample_store: Store,
                                        answers: Answers, tmp_path: Path) -> None:
    asked = answers.asked
    window = window_factory(sample_store)
    _waiting(window, 1)
    assert not window.open_path(tmp_path / "other.sqlite", create=True)
    assert window.store is sample_store
    assert not (tmp_path / "other.sqlite").exists()
    assert "1 change you made has not reached" in asked[0] and "it is lost" in asked[0]


def test_nothing_waiting_nothing_asked(window_factory: Any, sample_store: Store,
                                       answers: Answers) -> None:
    asked = answers.asked
    window = window_factory(sample_store)
    window.close_plan_asking()
    assert window.store is None and asked == []


def test_the_file_menu_offers_to_save_waiting_changes_only_while_some_wait(
        window_factory: Any, sample_store: Store) -> None:
    window = window_factory(sample_store)
    file_menu = window.menus["&File"]
    file_menu.aboutToShow.emit()
    assert not window.menus.save_waiting_action.isEnabled()
    _waiting(window, 1)
    file_menu.aboutToShow.emit()
    assert window.menus.save_waiting_action.isEnabled()
    assert window.menus.save_waiting_action.text() == "Save &Waiting Changes…"
