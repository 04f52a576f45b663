"""The capacity board at 1024×768 with far more strategic partnerships than slots (the long
plan has 70 for 7 slots), on a plan made and closed earlier.

Found on the long plan: the board's rows of seven cards were laid out for its whole width,
the vertical scroll bar then covered the seventh column (cut at "Partnershi"). The rows now
take what fits beside the scroll bar: seven at 1024, fewer on a narrower board.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QScrollArea

from planner.services.organisation import ensure_self, update_profile
from planner.store.database import Store
from planner.store.tables import Opportunity
from planner.ui.shell.main_window import MainWindow

STRATEGIC = 70


@pytest.fixture
def crowded(tmp_path: Path) -> Any:
    path = tmp_path / "crowded.sqlite"
    with Store.open(path, create=True) as store:
        with store.work() as w:
            ensure_self(w, "Riverbend Learning Trust")
            for p in range(STRATEGIC + 5):
                w.add(Opportunity(title=f"Partnership {p + 1:03d} with Oakfield Primary",
                                  stage="pursued", tier="strategic" if p < STRATEGIC
                                  else "operational",
                                  start_date=dt.date(2026, 1, 5),
                                  est_ceo_hours_per_month=float(1 + p % 4)))
        update_profile(store, "strategic_limit", 7)
    store = Store.open(path)  # made earlier, opened again
    yield store
    store.close()


def _settle() -> None:
    for _ in range(10):
        QApplication.processEvents()


def _cut(board: Any) -> list[str]:
    area = board.findChild(QScrollArea)
    port, bar = area.viewport(), area.verticalScrollBar()
    assert bar.isVisible(), "70 cards need the scroll bar"
    cut = []
    for card in board.cards:
        where = QRect(card.mapTo(port, QPoint(0, 0)), card.size())
        if where.right() >= port.width() or where.left() < 0:
            cut.append(f"{card.accessibleName()} at x {where.left()}..{where.right()} "
                       f"(shown up to {port.width() - 1})")
    return cut


@pytest.mark.parametrize("width", [1024, 900])
def test_every_card_of_a_crowded_board_is_seen_whole(width: int, window_factory: Any,
                                                       crowded: Store, qtbot: Any) -> None:
    window: MainWindow = window_factory(crowded)
    window.resize(width, 738)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_page("screening", "capacity")
    _settle()
    board = view.board  # type: ignore[union-attr]
    assert board.titles("strategic")[:2] == ["Partnership 001 with Oakfield Primary",
                                             "Partnership 002 with Oakfield Primary"]
    assert len(board.titles("strategic")) == STRATEGIC
    assert _cut(board) == []
    if width == 1024:
        assert window.view_scroll.horizontalScrollBar().maximum() == 0
        # A row is the seven slots: the seventh card beside the first, not under it.
        cards = [c for c in board.cards if c.engagement is not None and c.tier == "strategic"]
        rows = {c.mapTo(board, QPoint(0, 0)).y() for c in cards[:7]}
        assert len(rows) == 1, "the seven slots no longer share a row"
    # Made narrower while shown (the window resized), the rows follow.
    window.resize(width - 150, 738)
    _settle()
    assert _cut(board) == []
