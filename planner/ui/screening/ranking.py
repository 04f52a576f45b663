"""The ranked opportunities as a table model, the search filter over it, and the floor that
keeps their titles readable in a narrow table (ui layer)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from planner.domain.capacity import STAGE_LABELS, Stage
from planner.domain.screening import RankedOption, stability_words
from planner.services import screening as svc
from planner.ui.screening.common import (
    GATE_LABELS,
    GREEN,
    GREY,
    ID_ROLE,
    NOT_SCORED,
    RED,
    ROOT,
    SEARCH_ROLE,
    SORT_ROLE,
    STAGE_ROLE,
    percent,
)


class RankingTableModel(QAbstractTableModel):
    """The ranked opportunities over detached snapshot rows."""

    # The partner shows in the tooltip and the editor (and is searchable): titles need the room.
    COLUMNS = ("Rank", "Opportunity", "Score", "Gates", "Confidence", "Stability", "Stage")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[RankedOption, svc.OpportunityRow, float | None]] = []
        self.k = svc.DEFAULT_TOP_K
        self._cache: dict[tuple[int, int, int], Any] = {}

    def set_rows(self, rows: list[tuple[RankedOption, svc.OpportunityRow, float | None]],
                 k: int) -> None:
        self.beginResetModel()
        self.rows, self.k = rows, k
        self._cache.clear()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return {
                "Score": "0–100: each criterion's weight times its level (cost criteria count "
                         "inversely); unscored criteria add nothing",
                "Confidence": "The share of criteria scored with an evidence note",
                "Stability": f"How often it stays in the top {self.k} when the weights wobble",
                "Gates": "Must-pass questions: a failed gate takes it out of the ranking",
            }.get(self.COLUMNS[section], self.COLUMNS[section])  # else the whole title
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        # Views and the proxy ask for the same cells again and again: answer from a cache.
        key = (index.row(), index.column(), role)
        if key in self._cache:
            return self._cache[key]
        value = self._data(index.row(), index.column(), role)
        self._cache[key] = value
        return value

    def _data(self, row: int, col: int, role: int) -> Any:
        ranked, opp, share = self.rows[row]
        column = self.COLUMNS[col]
        if role == ID_ROLE:
            return ranked.id
        if role == SEARCH_ROLE:
            return opp.search_text()
        if role == STAGE_ROLE:
            return opp.stage
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "Rank": str(ranked.rank) if ranked.rank is not None else "—",
                "Opportunity": ranked.title,
                "Score": NOT_SCORED if ranked.unscored else f"{ranked.score:.0f}",
                "Gates": GATE_LABELS.get(ranked.gate_status, ranked.gate_status),
                "Confidence": "—" if ranked.unscored else percent(ranked.confidence),
                "Stability": percent(share),
                "Stage": STAGE_LABELS.get(opp.stage, opp.stage)
                + (f" ({opp.tier})" if opp.tier and opp.stage == Stage.PURSUED else ""),
            }[column]
        if role == SORT_ROLE:
            return {
                "Rank": ranked.rank if ranked.rank is not None else 10_000,
                "Opportunity": ranked.title.casefold(),
                "Score": -1.0 if ranked.unscored else ranked.score,
                "Gates": ranked.gate_status,
                "Confidence": -1.0 if ranked.unscored else ranked.confidence,
                "Stability": share if share is not None else -1.0,
                "Stage": opp.stage,
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "Gates" and ranked.failed_gates:
                return "Failed: " + ", ".join(ranked.failed_gates)
            if column == "Stability" and share is not None:
                return stability_words(share, self.k).capitalize()
            if ranked.unscored and column in ("Rank", "Score", "Confidence", "Stability"):
                return "Not yet scored: no criterion has a score, so it has no rank, " \
                       "confidence or stability yet."
            if column == "Confidence":
                return f"{ranked.evidenced} of {len(ranked.contributions)} criteria scored " \
                       f"with evidence ({ranked.scored} scored)"
            if column == "Opportunity":
                # The title first: the column elides long ones.
                tip = ranked.title[:300] + (f"\nWith {opp.partner_name}."
                                            if opp.partner_name else "")
                d = opp.latest_decision
                if d is not None:
                    tip += (f"\n{d.outcome.capitalize()} on {d.decided_on.day} {d.decided_on:%b %Y}: "
                            f"{d.rationale[:300]}")
                return tip
            if column == "Stage":
                return self._data(row, col, Qt.ItemDataRole.DisplayRole)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "Gates" and ranked.gate_status == "fail":
                return QBrush(RED.qcolor())
            if column == "Gates" and ranked.gate_status == "pass":
                return QBrush(GREEN.qcolor())
            if ranked.rank is None:
                return QBrush(GREY.qcolor())
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                "Rank", "Score", "Confidence", "Stability"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_of(self, ident: int) -> int:
        for row, (ranked, _opp, _share) in enumerate(self.rows):
            if ranked.id == ident:
                return row
        return -1


class RankingFilterProxy(QSortFilterProxyModel):
    """Search over title, partner, purpose and decision rationales; declined can be hidden."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.show_declined = True
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.search = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_declined(self, show: bool) -> None:
        self.beginFilterChange()
        self.show_declined = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if not self.show_declined and model.data(index, STAGE_ROLE) == "declined":
            return False
        if not self.search:
            return True
        return all(word in (model.data(index, SEARCH_ROLE) or "")
                   for word in self.search.split())


class TitleFloor(QObject):
    """The title column takes the width the other columns leave while that is at least
    ``least`` px (every column in view); when it is less, the titles get ``floor`` px and the
    table scrolls sideways to the other columns. On a laptop the others already fill the
    table, and a Stretch section then shrank the titles to "…" at the first change of the
    table's width."""

    def __init__(self, table: QTableView, column: int, least: int, floor: int) -> None:
        super().__init__(table)
        self.table, self.column, self.least, self.floor = table, column, least, floor
        header = table.horizontalHeader()
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._resized)
        table.viewport().installEventFilter(self)
        self.fit()

    def width(self) -> int:
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != self.column and not header.isSectionHidden(c))
        left = self.table.viewport().width() - others
        return left if left >= self.least else self.floor

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        width = self.width()
        if header.sectionSize(self.column) != width:
            header.resizeSection(self.column, width)

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if column != self.column:  # another column dragged wider or narrower
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
