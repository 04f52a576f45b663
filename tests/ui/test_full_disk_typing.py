"""Typing on a full disk, in a field saved at each keystroke.

Found with the real program (Organisation › Vision on a plan on a full 400 kB disk): a
modal "Not saved — the disk … is full" opened at every keystroke, and the keys typed while
it was up went to the box, not the field (a Space or Enter among them pressed OK). Now the
box is shown once, the status bar says it again while it goes on, the typing stays in the
field, and the first keystroke once there is room saves the whole text."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from planner.store.database import Store
from planner.ui.shell import error_hook
from tests.faults.conftest import leave_free, small_disk  # noqa: F401  (a fixture)


def test_a_full_disk_says_so_once_and_keeps_what_is_typed(
        window_factory, small_disk, sample_file: Path, tmp_path: Path, errors: list[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch, qtbot, type_text) -> None:  # type: ignore[no-untyped-def]
    disk = small_disk("2m")
    plan = disk / "plan.sqlite"
    shutil.copyfile(sample_file, plan)
    window = window_factory(Store.open(plan))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    error_hook.install(window, tmp_path / "planner.log")
    view = window.show_view("organisation")
    vision = view.ui.visionEdit
    window.show()
    qtbot.waitExposed(window)
    vision.setFocus()
    vision.moveCursor(vision.textCursor().MoveOperation.End)
    before = vision.toPlainText()
    filler = leave_free(disk, 0)
    type_text(vision, " abc")
    assert len(errors) == 1 and "full" in errors[0]  # one box, not one a keystroke
    assert vision.toPlainText() == before + " abc"  # every key reached the field
    assert window.statusBar().currentMessage().startswith("Still not saved:")
    filler.unlink()  # room again: the next keystroke saves the whole text
    type_text(vision, "d")
    assert len(errors) == 1
    window.close_plan()
    from planner.services.organisation import get_profile

    with Store.open(plan) as again:
        assert get_profile(again).vision == before + " abcd"
