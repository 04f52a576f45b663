"""A refused new partner or person says why, in full.

Found using the real program: Partners & people › New organisation…, OK with the name left
empty, showed "The organisation's name cannot be empty." cut through the middle of both of
its lines (and New person… the same with "… does not look like an email address."): the
message wrapped to two lines but the small form kept the height it opened with. Here the
form is opened from the People view's own buttons, on the sample plan made and closed
earlier, OK is pressed on what a hurried user types, and the message must be shown whole
and inside the form.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from planner.store.database import Store
from planner.ui.shell import chooser
from planner.ui.shell.main_window import MainWindow


@pytest.mark.parametrize(("button", "typed", "said"), [
    ("new_org", {}, "name cannot be empty"),
    ("new_person", {"name": "Emma Clarke", "email": "not-an-email"}, "email address"),
])
def test_the_refusal_is_shown_whole(button: str, typed: dict[str, str], said: str,
                                    window_factory: Any, sample_store: Store, qtbot: Any,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    window: MainWindow = window_factory(sample_store)
    window.resize(1024, 738)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_view("people")
    seen: list[dict[str, Any]] = []

    def look(dialog: chooser.NewRecordDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        for field, text in typed.items():
            getattr(dialog, field).setText(text)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        for _ in range(5):
            QApplication.processEvents()
        error = dialog.error
        inside = dialog.rect().contains(error.geometry())
        seen.append({"text": error.text(), "shown": error.isVisible(), "inside": inside,
                     "height": error.height(),
                     "needs": error.heightForWidth(error.width()),
                     "ok_below": ok.mapTo(dialog, ok.rect().topLeft()).y()
                     >= error.geometry().bottom()})
        dialog.hide()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(chooser.NewRecordDialog, "exec", look)
    qtbot.mouseClick(getattr(view, button), Qt.MouseButton.LeftButton)
    assert len(seen) == 1, "the form did not open"
    shown = seen[0]
    assert said in shown["text"] and shown["shown"]
    assert shown["height"] >= shown["needs"], (
        f"the message is cut: {shown['height']} px shown of the {shown['needs']} px its "
        f"{shown['text']!r} needs")
    assert shown["inside"] and shown["ok_below"], shown


@pytest.mark.parametrize("button", ["new_org", "new_person"])
def test_a_long_name_is_seen_whole_while_typed(button: str, window_factory: Any,
                                               sample_store: Store, qtbot: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """New organisation… opened a form 125 pixels wide at 1366×768: typing "Harrowgate
    Engineering Works Limited" showed "ering Works Limited"."""
    window: MainWindow = window_factory(sample_store)
    window.resize(1024, 738)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_view("people")
    name = "Harrowgate Engineering Works Limited"
    room: list[tuple[int, int]] = []

    def look(dialog: chooser.NewRecordDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.name, name)
        room.append((dialog.name.fontMetrics().horizontalAdvance(name),
                     dialog.name.contentsRect().width() - 8))  # less the text margins
        assert dialog.width() <= 1024
        dialog.hide()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(chooser.NewRecordDialog, "exec", look)
    qtbot.mouseClick(getattr(view, button), Qt.MouseButton.LeftButton)
    assert len(room) == 1, "the form did not open"
    needed, shown = room[0]
    assert needed <= shown, f"the name is scrolled: it needs {needed} px, the box shows {shown}"
