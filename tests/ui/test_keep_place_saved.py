"""Typing already saved is not kept over a colleague's newer change.

Seen with two windows on a team database: B typed a conflict area's title (each keystroke
is saved), A then saw B's title arrive, typed over it and saved. B's box went on showing
B's title, kept as if it were unsaved typing: the register's row said A's title, the box
B's, and nothing said which was stored. A next keystroke in B would have saved over A's
title without B ever seeing it. What B typed was saved; the box now shows what is stored."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planner.store.database import Store
from tests.ui.test_keep_place import arrive, focus, type_over


def test_a_title_saved_then_changed_by_a_colleague_shows_the_colleagues(
        window_factory, sample_store: Store, colleague_of, qtbot, type_text) -> None:  # type: ignore[no-untyped-def]
    from planner.services import conflicts as svc
    from planner.ui.conflicts.view import ConflictsView

    window = window_factory(sample_store)
    view = window.show_view("conflicts")
    assert isinstance(view, ConflictsView)
    view.clear_filters()
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    chosen = sorted(view.reg.rows, key=lambda r: r.title)[1]  # type: ignore[union-attr]
    assert view.select_area(chosen.id)
    title = view.ui.titleEdit
    focus(qtbot, window, title)
    type_over(title, "B's title", type_text)
    colleague = colleague_of(window)
    assert svc.get_area(colleague, chosen.id).title == "B's title"  # saved as typed
    svc.update_area(colleague, chosen.id, {"title": "A's title"})
    arrive(window, conflict_area=(chosen.id,))
    assert title.hasFocus()
    assert title.text() == "A's title"  # what is stored now, not B's saved typing
    row = view.table.currentIndex().siblingAtColumn(1)
    assert row.data() == "A's title"
    # B goes on typing: over A's title, which B now sees.
    title.end(False)
    type_text(title, "!")
    assert svc.get_area(colleague, chosen.id).title == "A's title!"
