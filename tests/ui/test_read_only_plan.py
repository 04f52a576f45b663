"""A plan in a read-only place (a read-only disk, a shared folder) can be read.

Found with the real program: a plan on a read-only mount was refused outright ("The folder
… is read-only: the plan … cannot be saved there.") and a CEO could not even read it.
Now the window offers to open it to read: everything is shown, no change is saved (one
message says why), and Save a Copy… makes a copy to work on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.store.database import Store
from planner.ui.shell import error_hook
from tests.faults.conftest import small_disk  # noqa: F401  (a fixture)


@pytest.fixture
def read_only_plan(small_disk, sample_file: Path) -> Path:  # type: ignore[no-untyped-def]  # noqa: F811
    disk = small_disk("4m")
    plan = disk / "plan.sqlite"
    shutil.copyfile(sample_file, plan)
    done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True,
                          text=True)
    if done.returncode:
        pytest.skip(f"cannot make the disk read-only here: {done.stderr.strip()}")
    return plan


def test_a_plan_on_a_read_only_disk_opens_to_read(
        window_factory, read_only_plan: Path, tmp_path: Path, errors: list[str],
        monkeypatch: pytest.MonkeyPatch, qtbot, type_text) -> None:  # type: ignore[no-untyped-def]
    before = read_only_plan.read_bytes()
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    window = window_factory()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    error_hook.install(window, tmp_path / "planner.log")
    assert not window.open_path(read_only_plan)  # Cancel: nothing opened
    assert window.store is None and "is read-only" in asked[0] and not errors
    answer[0] = QMessageBox.StandardButton.Open
    assert window.open_path(read_only_plan)
    assert window.store is not None and "(read only)" in window.windowTitle()
    view = window.show_view("organisation")
    assert view.ui.nameEdit.text() == "Riverbend Learning Trust"  # read, and shown
    window.show()
    qtbot.waitExposed(window)
    view.ui.visionEdit.setFocus()
    type_text(view.ui.visionEdit, " more")
    assert len(errors) == 1 and "cannot be written (read-only)" in errors[0]
    window.close_plan()
    assert read_only_plan.read_bytes() == before  # not a byte changed
    with Store.open(read_only_plan, read_only=True) as again:
        assert again.check() == []
