"""A view is as tall as it needs, whatever other views were opened before (found in the real
program at 1366×768).

The plan opens on the Dashboard. Going on to Conflicts, the whole view then scrolled by 379
px and the area editor under the heat map was a sliver: the window's stack of views was as
tall as the tallest view made so far (the sample's Dashboard), not the one in front;
Conflicts itself needs 123 px more than the window has. Now it scrolls by that. On the
sample plan made earlier and reopened.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from planner.store.database import Store
from planner.store.engine import sqlite_backup
from planner.ui.shell.main_window import MainWindow


def test_conflicts_after_the_dashboard_scrolls_only_as_it_needs(
        window_factory: Any, sample_file: Any, tmp_path: Any, qtbot: Any) -> None:
    copy = tmp_path / "sample.sqlite"
    sqlite_backup(sample_file, copy)
    window: MainWindow = window_factory(Store.open(copy))
    window.resize(1366, 738)
    window.show()
    qtbot.waitExposed(window)
    for name in ("dashboard", "conflicts"):  # as a plan is used: it opens on the Dashboard
        view = window.show_view(name)
        for _ in range(5):
            QApplication.processEvents()
    assert view is not None
    port = window.view_scroll.viewport()
    own = max(0, view.heightForWidth(port.width()) - port.height())
    scroll = window.view_scroll.verticalScrollBar().maximum()
    assert scroll == own, f"Conflicts scrolls by {scroll} px; it needs {own}"
