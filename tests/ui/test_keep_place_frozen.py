"""Typing kept through a colleague's change that makes the record read-only.

A colleague marked the agreement agreed while the user was typing in one of its clauses
(the typing waited for its pause). The clause box became read-only but went on showing
the typing, and so did the preview below it, as if it were part of the agreed text; it
was never saved and nothing said so (seen with two windows on a team database). Now the
box and the preview show the agreed text, the typing is put on the clipboard, and the
status bar says so."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from planner.store.database import Store
from tests.ui.test_keep_place import _agreements, arrive, focus


def test_typing_in_a_clause_a_colleague_froze_is_not_shown_as_agreed_text(
        window_factory, sample_store: Store, colleague_of, qtbot, type_text) -> None:  # type: ignore[no-untyped-def]
    from planner.services import agreements as svc

    window, view, section = _agreements(window_factory, sample_store)
    agreement = view.agreement_id
    assert agreement is not None
    stored = section.body
    body = view.editor.bodyEdit
    focus(qtbot, window, body)
    body.moveCursor(body.textCursor().MoveOperation.End)
    type_text(body, " Late words.")
    colleague = colleague_of(window)
    svc.mark_agreed(colleague, agreement)
    arrive(window, agreement=(agreement,), agreement_section=(section.id,))
    view.flush_edits()  # the typing pause
    qtbot.wait(50)
    assert body.isReadOnly()
    assert body.toPlainText() == stored  # the agreed text, not the typing
    assert "Late words." not in view.section_editor.preview.text()
    saved = svc.get_agreement(colleague, agreement).section(section.id)  # type: ignore[union-attr]
    assert saved is not None and saved.body == stored
    assert QApplication.clipboard().text() == stored + " Late words."
    message = window.statusBar().currentMessage()
    assert "not saved" in message and "clipboard" in message, message
