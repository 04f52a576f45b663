"""Unexpected errors reach the user as a message and the log, never only a console."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from planner.store.errors import StoreError
from planner.ui.shell import error_hook


def test_unexpected_error_is_logged_and_shown(qtbot, tmp_path: Path, errors: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    parent = QWidget()
    qtbot.addWidget(parent)
    log = tmp_path / "logs" / "planner.log"
    error_hook.install(parent, log)
    try:
        raise RuntimeError("the printer caught fire")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert "the printer caught fire" in errors[0]
    assert "Your plan is safe" in errors[0]
    assert "RuntimeError: the printer caught fire" in log.read_text()


def test_store_errors_are_shown_as_worded(qtbot, tmp_path: Path, errors: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    parent = QWidget()
    qtbot.addWidget(parent)
    error_hook.install(parent, tmp_path / "log")
    sys.excepthook(StoreError, StoreError("The disk is full."), None)
    assert errors == ["The disk is full."]
    assert not (tmp_path / "log").exists()
