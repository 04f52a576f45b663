"""Where the export and import dialogs open: never the folder the program was started
from (a bare "timeline.pdf" there: Save pressed at once wrote the file wherever that was),
but the folder the user last chose a file in, else Documents (or home)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from planner.ui.shell import file_dialogs
from planner.ui.timeline import exports


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The folder or file each dialog opened with; the user picks tmp_path/chosen/…"""
    seen: list[str] = []
    monkeypatch.setattr(file_dialogs, "_last", [])
    monkeypatch.chdir(tmp_path)  # the program started from somewhere else altogether
    (tmp_path / "chosen").mkdir()

    def save(_parent: Any, _title: str, start: str, _filters: str) -> tuple[str, str]:
        seen.append(start)
        return str(tmp_path / "chosen" / Path(start).name), ""

    def open_(_parent: Any, _title: str, start: str, _filters: str) -> tuple[str, str]:
        seen.append(start)
        return str(tmp_path / "chosen" / "milestones.xml"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_)
    return seen


def test_the_first_dialog_opens_in_documents_and_the_next_where_the_user_went(
        asked: list[str], tmp_path: Path, qapp: Any) -> None:
    out = exports.ask_view_path(None, "png")  # the chart as a picture
    first = Path(asked[0])
    assert first.is_absolute() and first.name == "timeline.png"
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert first.parent in {Path.home(), Path(documents)}
    assert Path(os.getcwd()) != first.parent  # not the folder the program started from
    assert out == tmp_path / "chosen" / "timeline.png"
    exports.ask_data_path(None, "ics")  # the next export: where the last one went
    assert Path(asked[1]) == tmp_path / "chosen" / "milestones.ics"
    exports.ask_import_path(None)  # and an import looks there too
    assert Path(asked[2]) == tmp_path / "chosen"
