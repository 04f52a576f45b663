"""The one background-job mechanism (planner/ui/shell/background.py): work runs on a worker
thread, its outcome is delivered on the GUI thread, exactly once, and nothing the GUI
thread owns is freed on a worker."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
import weakref
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QMessageBox, QWidget

from planner.store.database import Store
from planner.store.errors import StoreError
from planner.ui.shell import background, error_hook
from planner.ui.shell.background import JobRunner
from planner.ui.shell.main_window import MainWindow
from planner.ui.shell.settings import Settings


def test_the_result_is_delivered_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    runner = JobRunner(owner)
    worked_on: list[str] = []
    heard: list[tuple[object, str]] = []

    def work() -> int:
        worked_on.append(threading.current_thread().name)
        return 42

    job = runner.start(work, done=lambda r: heard.append((r, threading.current_thread().name)))
    assert job.running and runner.running
    qtbot.waitUntil(lambda: bool(heard), timeout=5000)
    assert heard == [(42, threading.main_thread().name)]
    assert worked_on and worked_on[0] != threading.main_thread().name
    assert job.state == "done" and job.result == 42 and not runner.running


@pytest.mark.parametrize(("error", "line"), [
    (OSError(28, "No space left on device", "/full/plan.sqlite"),
     "No space left on device (/full/plan.sqlite)"),
    (sqlite3.OperationalError("database or disk is full"), "database or disk is full"),
    (StoreError("Could not write “x”: the disk is full."), "Could not write “x”: the disk is full."),
    (KeyError("surprise"), "Unexpected problem: KeyError: 'surprise'"),
])
def test_an_exception_is_delivered_as_one_line(qtbot, error: Exception, line: str) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    done: list[object] = []
    failed: list[tuple[str, str]] = []

    def work() -> None:
        raise error

    job = runner.start(work, done=done.append,
                       failed=lambda text: failed.append((text, threading.current_thread().name)))
    assert job.wait(5)
    assert failed == [(line, threading.main_thread().name)] and done == []
    assert job.state == "failed" and job.error == line


def test_callbacks_are_let_go_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A callback holds widgets: it must never be freed by a worker thread."""
    runner = JobRunner()
    freed_on: list[str] = []

    class Callback:
        def __call__(self, _result: object) -> None:
            pass

    callback = Callback()
    weakref.finalize(callback, lambda: freed_on.append(threading.current_thread().name))
    job = runner.start(lambda: time.sleep(0.05), done=callback)
    del callback
    assert job.wait(5)
    assert freed_on == [threading.main_thread().name]


def test_closing_the_window_while_a_job_runs_does_not_crash(
        qtbot, settings: Settings, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings, tmp_path / "data", auto_backup=False)  # deleted below
    window.install_store(store)
    window.show()
    gate = threading.Event()
    heard: list[object] = []
    job = window.jobs.start(lambda: gate.wait(5) and "written", done=heard.append)
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gate.set()
    assert job.wait(5)
    QCoreApplication.processEvents()
    # Nobody was left to tell; the job still finished its work.
    assert heard == [] and job.state == "done" and job.result == "written"


def test_a_closed_but_living_window_still_hears_back(window_factory, store) -> None:  # type: ignore[no-untyped-def]
    window = window_factory(store)
    gate = threading.Event()
    heard: list[object] = []
    job = window.jobs.start(lambda: gate.wait(5) and "written", done=heard.append)
    window.close()
    gate.set()
    assert background.wait_all(5)
    assert heard == ["written"] and job.state == "done" and background.running_jobs() == []


def test_many_jobs_at_once_each_deliver_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    heard: list[int] = []
    for n in range(40):
        runner.start(lambda n=n: n * n, done=heard.append)
    assert runner.wait(10)
    assert sorted(heard) == [n * n for n in range(40)] and not runner.running


def test_waiting_for_one_job_tells_only_that_job(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A save waits for its own job; a board pack that ended meanwhile is told later, from
    the event loop, never inside the save (its message would open in the middle of it)."""
    runner = JobRunner()
    heard: list[str] = []
    other = runner.start(lambda: "board pack", done=heard.append)
    assert other.finished.wait(5)  # ended, its outcome posted, not yet told
    mine = runner.start(lambda: "saved", done=heard.append)
    assert mine.wait(5)
    assert heard == ["saved"] and mine.state == "done" and other.running
    qtbot.waitUntil(lambda: heard == ["saved", "board pack"], timeout=5000)
    assert other.state == "done" and not runner.running and background.running_jobs() == []


def test_an_error_on_a_worker_thread_is_shown_by_the_gui_thread(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The error hook never builds a widget off the GUI thread: it logs there and hands
    the message over."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[tuple[str, str]] = []

    def record(_parent: object, _title: str, text: str, *a: object, **k: object) -> object:
        shown.append((text, threading.current_thread().name))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", record)
    parent = QWidget()
    qtbot.addWidget(parent)
    log = tmp_path / "planner.log"
    error_hook.install(parent, log)

    def fail() -> None:
        raise RuntimeError("the printer caught fire")

    worker = threading.Thread(target=fail, name="a-worker")
    worker.start()
    worker.join(5)
    assert "the printer caught fire" in log.read_text()
    assert shown == []  # not on the worker
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "the printer caught fire" in shown[0][0]
    assert shown[0][1] == threading.main_thread().name


def test_a_document_written_in_the_background_says_so_and_frees_its_button(
        qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    owner = QWidget()
    qtbot.addWidget(owner)
    button = QPushButton("Export", owner)
    runner = JobRunner(owner)
    lines: list[str] = []
    problems: list[str] = []
    out = tmp_path / "pack.pdf"
    runner.write_document(lambda: out.write_bytes(b"%PDF"), out, what="the board pack",
                          button=button, status=lines.append, failed=problems.append)
    assert not button.isEnabled() and lines == ["Writing the board pack…"]
    assert runner.wait(10)
    assert button.isEnabled() and lines[-1] == f"Board pack written to {out}" and not problems
    gone = tmp_path / "gone" / "pack.pdf"
    runner.write_document(lambda: gone.write_bytes(b"%PDF"), gone, what="the board pack",
                          button=button, status=lines.append, failed=problems.append)
    assert runner.wait(10)
    assert button.isEnabled() and len(problems) == 1
    assert problems[0].startswith(f"The board pack could not be written to {gone}: ")
