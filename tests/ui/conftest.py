"""Fixtures for window tests: a main window on a plan, with settings in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow
from planner.ui.shell.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def no_unexpected_clash_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A side-by-side conflict dialog no test asked for fails the test instead of hanging it
    (tests that expect one patch ``clash_dialog.resolve_clash``)."""
    from planner.ui.shell.clash_dialog import ClashDialog

    def refuse(self: ClashDialog) -> int:
        raise AssertionError(f"unexpected conflict dialog: {self.windowTitle()}")

    monkeypatch.setattr(ClashDialog, "exec", refuse)


@pytest.fixture(autouse=True)
def raised_question(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The "raised with the partner?" question before an internal-only area is linked into
    agreement text: never opened as a modal in a test; it answers "link without recording"
    unless a test sets ``raised_question.answer``. Each question asked is kept (area titles)."""
    from planner.ui.shell import raise_check

    asked: Answered = Answered()

    def ask(_parent: object, areas: object) -> str:
        asked.append([a.title for a in areas])  # type: ignore[attr-defined]
        return asked.answer

    monkeypatch.setattr(raise_check, "ask", ask)
    return asked


class Answered(list[list[str]]):
    answer = "link"


@pytest.fixture
def colleague_of() -> Iterator[object]:
    """A colleague's own connection to the plan a window has open (their program)."""
    from planner.store import engine as eng

    others: list[Store] = []

    def make(window: MainWindow) -> Store:
        assert window.store is not None
        other = Store(window.store.url, eng.make_engine(window.store.url), None)
        others.append(other)
        return other

    yield make
    for other in others:
        other.engine.dispose()


class Answers(list[dict[str, object]]):
    """What the patched side-by-side dialog was shown; ``queue`` holds its next answers
    (clash_dialog.THEIRS / MINE / (MERGED, text))."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[object] = []


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    from planner.ui.shell import clash_dialog

    shown = Answers()

    def resolve(what: str, theirs: str, mine: str, validate: object = None,
                **kw: object) -> clash_dialog.Resolution:
        shown.append({"what": what, "theirs": theirs, "mine": mine, **kw})
        answer = shown.queue.pop(0)
        if isinstance(answer, clash_dialog.Resolution):
            return answer
        if isinstance(answer, tuple):
            return clash_dialog.Resolution(*answer)
        return clash_dialog.Resolution(str(answer), "")

    monkeypatch.setattr(clash_dialog, "resolve_clash", resolve)
    return shown


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the window would have shown in a modal box (none is opened)."""
    shown: list[str] = []

    def record(_parent: object, _title: str, text: str, *a: object, **k: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown


@pytest.fixture
def window_factory(qtbot, settings: Settings, tmp_path: Path, errors: list[str]):  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def make(store: Store | None = None) -> MainWindow:
        window = MainWindow(settings, tmp_path / "data", auto_backup=False)
        qtbot.addWidget(window)
        if store is not None:
            window.install_store(store)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close_plan()


@pytest.fixture
def plan_window(window_factory, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "plan.sqlite", create=True)
    yield window_factory(store)


def send_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type any Unicode text into a widget as key events (QTest.keyClicks is ASCII-only
    and aborts the process on anything else)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


@pytest.fixture
def type_text():  # type: ignore[no-untyped-def]
    return send_text
