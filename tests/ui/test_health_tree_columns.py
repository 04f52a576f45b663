"""The health tree's Health and hours columns fit their contents as Qt itself measures them
over every row shown, while the tree measures only one cell per distinct text and font
(issue 22: Qt asked the style about a thousand rows per column at each layout, 70 ms on a
plan of 100,000 milestones)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QApplication, QTreeView

from planner.store.database import Store
from planner.ui.dashboard.view import DashboardView


def _as_qt_measures(tree: QTreeView, column: int) -> int:
    """Qt's own measure of the column: every row shown, the heading too."""
    header = tree.header()
    precision = header.resizeContentsPrecision()
    header.setResizeContentsPrecision(-1)  # every row, not the first thousand
    try:
        cells = QTreeView.sizeHintForColumn(tree, column)
    finally:
        header.setResizeContentsPrecision(precision)
    wanted = max(cells, header.sectionSizeHint(column))
    return min(max(wanted, header.minimumSectionSize()), header.maximumSectionSize())


def test_health_and_hours_columns_fit_every_row_shown(window_factory, long_plan: Path,  # type: ignore[no-untyped-def]
                                                      tmp_path: Path) -> None:
    path = tmp_path / "long.sqlite"
    shutil.copyfile(long_plan, path)
    window = window_factory(Store.open(path))
    window.resize(1366, 768)
    window.show()
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)
    tree = view.health_tree
    tops = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert len(tops) > 3 and sum(top.childCount() for top in tops) > 20
    for expanded in (None, True, False):  # as opened; every partnership open; all closed
        if expanded is not None:
            for top in tops:
                top.setExpanded(expanded)
        QApplication.processEvents()
        for column in (1, 2):
            assert tree.header().sectionSize(column) == _as_qt_measures(tree, column), column
