"""Fixtures of the journey tests: plans made earlier (another Store or another process),
reopened for every step; the ``planner`` command run as its own process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import planner
from planner.store import engine as eng
from planner.store.database import Store
from planner.store.engine import sqlite_backup
from planner.store.errors import EditClash
from tests.journeys.journey import STEPS, Journey

if TYPE_CHECKING:
    from planner.ui.shell.main_window import MainWindow

__all__ = ["EditClash", "JourneyRun", "open_window", "peek", "run_planner", "run_python"]

# The code under test, as the test process imports it: a subprocess runs the same copy.
_CODE_ROOT = str(Path(planner.__file__).resolve().parent.parent)


def _python_path() -> str:
    return os.pathsep.join(p for p in (_CODE_ROOT, os.environ.get("PYTHONPATH", "")) if p)


def run_planner(*args: str, timeout: float = 120, env: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess[str]:
    """``planner ARGS`` as its own process (the installed command's code), offscreen."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=_python_path(), **(env or {}))
    return subprocess.run([sys.executable, "-m", "planner.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


def run_python(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """A ``python -c`` snippet as its own process, on the same code as the tests."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=_python_path())
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every modal dialog or message box the program tried to open (none opens): a dialog
    answers Cancel, a message box OK. A side-by-side clash dialog is one of them."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    seen: list[str] = []

    def dialog(self: QDialog) -> int:
        seen.append(f"dialog: {self.windowTitle()}")
        return int(QDialog.DialogCode.Rejected)

    def box(_parent: object, title: str, text: str, *a: object, **k: object) -> object:
        seen.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QDialog, "exec", dialog)
    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, box)
    return seen


def open_window(qtbot: Any, tmp_path: Path, plan: Path | None = None,
                shown: list[str] | None = None, *, size: tuple[int, int] = (1024, 738)
                ) -> MainWindow:
    """The real main window with settings of its own, shown at ``size`` (a 1024×768 laptop
    less its panel, unless told), with ``plan`` (made earlier) open in it when given."""
    from PySide6.QtCore import QSettings

    from planner.ui.shell.main_window import MainWindow
    from planner.ui.shell.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    made = MainWindow(settings, tmp_path / "data", auto_backup=False)
    qtbot.addWidget(made)
    made.resize(*size)
    made.show()
    if plan is not None:
        assert made.open_path(plan), shown
    return made


@pytest.fixture
def window(qtbot: Any, demo_plan: Path, tmp_path: Path, shown: list[str]
           ) -> Iterator[MainWindow]:
    """The window at a laptop's size with the sample plan (made by another process) open."""
    made = open_window(qtbot, tmp_path, demo_plan, shown)
    yield made
    made.close_plan()


def peek(path: str | Path) -> Store:
    """Another connection to a plan a window (or context) has open: the lock stays with
    it, as another reader of the file would. Dispose of its engine when done."""
    url = eng.database_url(path)
    return Store(url, eng.make_engine(url), None)


@pytest.fixture(scope="session")
def demo_made_elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plan as ``planner demo`` writes it, in another process (copy before use)."""
    path = tmp_path_factory.mktemp("demo") / "sample.sqlite"
    done = run_planner("demo", "--db", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def demo_plan(demo_made_elsewhere: Path, tmp_path: Path) -> Path:
    """A private copy of the sample plan made by another process."""
    copy = tmp_path / "sample.sqlite"
    shutil.copyfile(demo_made_elsewhere, copy)
    return copy


@dataclass
class JourneyRun:
    """The service journey on a plan file, run once per test session: a copy of the file
    after each step (a plan made in earlier Stores), the ids met, and the first failure."""

    journey: Journey
    checkpoints: dict[str, Path] = field(default_factory=dict)
    failed: tuple[str, BaseException] | None = None

    def plan_after(self, step: str, folder: Path) -> Journey:
        """A private copy of the plan as it was after ``step`` (skips if the journey did
        not get that far: its own test reports why)."""
        if step not in self.checkpoints:
            where = self.failed[0] if self.failed else "?"
            pytest.skip(f"the service journey stopped at {where!r}, before {step!r}")
        copy = folder / "plan.sqlite"
        shutil.copyfile(self.checkpoints[step], copy)
        return Journey(str(copy), folder, ids=dict(self.journey.ids),
                       files=dict(self.journey.files))


@pytest.fixture(scope="session")
def journey_run(tmp_path_factory: pytest.TempPathFactory) -> JourneyRun:
    folder = tmp_path_factory.mktemp("journey")
    run = JourneyRun(Journey(str(folder / "plan.sqlite"), folder))
    saved = tmp_path_factory.mktemp("checkpoints")
    for name, step in STEPS:
        try:
            step(run.journey)
        except BaseException as exc:  # reported by test_services_journey
            run.failed = (name, exc)
            break
        if Path(run.journey.target).exists():
            copy = saved / (name.replace(" ", "-") + ".sqlite")
            sqlite_backup(Path(run.journey.target), copy)
            run.checkpoints[name] = copy
    return run


@pytest.fixture
def journey_ids(journey_run: JourneyRun) -> dict[str, int]:
    return journey_run.journey.ids


