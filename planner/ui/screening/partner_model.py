"""Ours | theirs | gap as a table model (ui layer): one row per gate, criterion or conflict
area the partner answered, sorted by gap (the service sorts), the topics to talk about shaded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from planner.domain import partner_view as pv
from planner.ui.screening.common import ROOT

TOPIC_BG = "#fdf1d6"
KIND_LABELS = {"gate": "Gate", "criterion": "Criterion", "conflict": "Conflict area"}
COLUMNS = ("Question (and their comment)", "Ours", "Theirs", "Gap")
GAP_ROLE = Qt.ItemDataRole.UserRole  # the Gap itself


class GapTableModel(QAbstractTableModel):
    """The comparison of one round of the partner's answers with ours; read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gaps: tuple[pv.Gap, ...] = ()

    def set_comparison(self, comparison: pv.Comparison) -> None:
        self.beginResetModel()
        self.gaps = tuple(comparison.gaps)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.gaps)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS) and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.gaps):
            return None
        g = self.gaps[index.row()]
        col = index.column()
        if role == GAP_ROLE:
            return g
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(g, col)
            if role == Qt.ItemDataRole.ToolTipRole and col == 0 and g.worse:
                return f"{text}\nThey rate this area worse than we do."
            return text
        if role == Qt.ItemDataRole.BackgroundRole and g.topic:
            return QBrush(QColor(TOPIC_BG))
        return None

    @staticmethod
    def _text(g: pv.Gap, col: int) -> str:
        if col == 0:
            question = f"{KIND_LABELS.get(g.kind, g.kind)}: {g.label}"
            return question + (f"\n“{g.comment}”" if g.comment else "")
        if col == 1:
            return g.ours
        if col == 2:
            return g.theirs
        gap = "—" if g.gap is None else str(g.gap)
        return gap + (" (worse)" if g.worse else "")
