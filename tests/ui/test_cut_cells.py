"""A cell cut short on a 1024-pixel screen says its whole text on hover (issue 17): in every
table of our own records (screening, conflicts, people, the meeting log), each cell whose
text is wider than its column shows a tooltip holding that text in full."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QApplication, QTableView, QToolTip

from planner.store.database import Store


def _plain(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_every_cut_cell_says_its_whole_text_on_hover(window_factory: Any,
                                                     sample_store: Store, qtbot: Any) -> None:
    window = window_factory(sample_store)
    window.resize(1024, 738)
    window.show()
    qtbot.waitExposed(window)
    cut, said = [], []
    for name, page in (("screening", ""), ("conflicts", ""), ("people", ""),
                       ("dashboard", "meetings")):
        view = window.show_page(name, page) if page else window.show_view(name)
        qtbot.wait(30)
        for table in view.findChildren(QTableView):
            if not table.isVisible() or table.model() is None:
                continue
            model = table.model()
            metrics = QFontMetrics(table.font())
            for row in range(min(model.rowCount(), 25)):
                for column in range(model.columnCount()):
                    index = model.index(row, column)
                    text = index.data(Qt.ItemDataRole.DisplayRole)
                    rect = table.visualRect(index)
                    if not isinstance(text, str) or not text.strip() or rect.width() <= 0 \
                            or not table.viewport().rect().contains(rect.center()):
                        continue
                    if metrics.horizontalAdvance(text.split("\n")[0]) <= rect.width() - 6:
                        continue  # it fits
                    cut.append(text)
                    QToolTip.hideText()
                    centre = rect.center()
                    QApplication.sendEvent(table.viewport(), QHelpEvent(
                        QEvent.Type.ToolTip, centre, table.viewport().mapToGlobal(centre)))
                    tip = QToolTip.text() if QToolTip.isVisible() else ""
                    if _plain(text) not in _plain(tip):
                        said.append(f"{name}: {text!r} cut in {rect.width()} px, "
                                    f"tooltip {tip!r}")
    QToolTip.hideText()
    assert len(cut) >= 5, cut  # at 1024 px, long titles and names are cut
    assert said == [], "\n".join(said)
