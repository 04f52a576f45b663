"""The conflict register as a Qt table (ui layer): the rows, their filter and sort.

``ConflictTableModel`` shows register rows (detached snapshots from the service) with
labels people read, colours for the bands and tooltips for what a cell cuts short;
``ConflictFilterProxy`` keeps the rows the filters let through (partnership, band, status,
flagged, a heat-map cell, search text) and rates them before or after treatment.

Sorting is done by the table model in Python (one key per row, ``sorted``), not by the proxy:
the proxy's sort asked ``data()`` twice per comparison, 640,000 calls to show 29,000 areas.
The proxy passes a column header's sort on to the model and shows the rows in its order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from planner.domain import conflicts as rules
from planner.services import conflicts as svc
from planner.ui.conflicts.heat_map import BAND_COLOURS

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    ("code", "Ref"), ("title", "Conflict area"), ("inherent", "Before"),
    ("residual", "After"), ("theirs", "Theirs"), ("status", "Status"), ("openness", "Openness"),
    ("next_review", "Next review"), ("flags", "Flags"), ("partnership", "Partnership"),
    ("owner_ours", "Owner"), ("treatment", "Treatment"),
)


# Columns whose sort key (ConflictTableModel._sort_key) is one attribute of the row.
_ATTRIBUTE_KEYS = {"code": attrgetter("id"), "inherent": attrgetter("inherent_score"),
                   "residual": attrgetter("residual_score")}


def needs_clause(row: svc.RegisterRow) -> bool:
    return row.needs_clause


def flag_text(row: svc.RegisterRow, *, long: bool = False) -> str:
    """Why the area is flagged: short for the table column, in full words for the editor
    (the register's own wording, which the exports and the report share)."""
    return row.flag_text(long=long)


def _date(value: dt.date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""  # the interface's one format


class ConflictTableModel(QAbstractTableModel):
    """Register rows (detached snapshots) as a table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[svc.RegisterRow] = []  # as shown: sorted
        self._given: list[svc.RegisterRow] = []  # in the register's order (ties keep it)
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: list[svc.RegisterRow]) -> None:
        self.beginResetModel()
        self._given = list(rows)
        self.rows = self._sorted()
        self.endResetModel()

    def _sorted(self) -> list[svc.RegisterRow]:
        if not 0 <= self.sort_column < len(COLUMNS):
            return list(self._given)
        key = COLUMNS[self.sort_column][0]
        # The scores and the reference are plain attributes: read in C (what _sort_key says).
        by = _ATTRIBUTE_KEYS.get(key) or (lambda row: self._sort_key(row, key))
        return sorted(self._given, key=by,
                      reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (stable: ties keep the register's order)."""
        self.sort_column, self.sort_order = column, order
        self._resort()

    def _resort(self) -> None:
        ordered = self._sorted()
        if [r.id for r in ordered] == [r.id for r in self.rows]:
            self.rows = ordered
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self.rows[i.row()].id if 0 <= i.row() < len(self.rows) else None for i in old]
        self.rows = ordered
        place = {row.id: n for n, row in enumerate(ordered)}
        self.changePersistentIndexList(old, [
            self.index(place[i], index.column()) if i in place else QModelIndex()
            for i, index in zip(ids, old, strict=True)])
        self.layoutChanged.emit()

    def row_of(self, area_id: int) -> int | None:
        for i, row in enumerate(self.rows):
            if row.id == area_id:
                return i
        return None

    def update_rows(self, ids: set[int], fresh: list[svc.RegisterRow]) -> None:
        """Replace, add or remove just the rows ``ids`` (no reset: sorting stays cheap)."""
        by_id = {row.id: row for row in fresh}
        for area_id in sorted(ids):
            at = self.row_of(area_id)
            given = next((n for n, r in enumerate(self._given) if r.id == area_id), None)
            row = by_id.get(area_id)
            if at is not None and row is not None:
                self.rows[at] = row
                if given is not None:
                    self._given[given] = row
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(COLUMNS) - 1))
            elif at is None and row is not None:
                end = len(self.rows)
                self.beginInsertRows(QModelIndex(), end, end)
                self.rows.append(row)
                self._given.append(row)
                self.endInsertRows()
            elif at is not None:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self.rows[at]
                if given is not None:
                    del self._given[given]
                self.endRemoveRows()
        self._resort()  # an edited rating or date moves the row to its place

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The tooltip is the whole title, for a column too narrow to show it ("Nex…").
        if (role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
                and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS)):
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == SORT_ROLE:
            return self._sort_key(row, key)
        if role == Qt.ItemDataRole.BackgroundRole and key in ("inherent", "residual"):
            return QBrush(BAND_COLOURS[row.inherent_band if key == "inherent"
                                       else row.residual_band])
        if role == Qt.ItemDataRole.ForegroundRole:
            if key in ("inherent", "residual"):
                return QBrush(QColor("#1b1b1b"))
            if (key == "flags" or (key == "next_review" and row.overdue)
                    or (key == "theirs" and row.theirs_worse)):
                return QBrush(QColor("#a03000"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("inherent", "residual"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _display(row: svc.RegisterRow, key: str) -> str:
        if key == "inherent":
            return f"{row.inherent_score} {row.inherent_band}"
        if key == "residual":
            return f"{row.residual_score} {row.residual_band}"
        if key == "openness":
            return rules.OPENNESS_LABELS.get(row.openness, row.openness)
        if key == "status":
            return rules.STATUS_LABELS.get(row.status, row.status)
        if key == "treatment":
            return row.treatment.capitalize()
        if key == "next_review":
            return _date(row.next_review)
        if key == "flags":
            return flag_text(row)
        if key == "theirs":
            return row.theirs_text()
        return str(getattr(row, key))

    @staticmethod
    def _sort_key(row: svc.RegisterRow, key: str) -> Any:
        if key == "code":
            return row.id
        if key == "inherent":
            return row.inherent_score
        if key == "residual":
            return row.residual_score
        if key == "openness":
            return rules.OPENNESS.index(row.openness) if row.openness in rules.OPENNESS else 9
        if key == "status":
            return rules.STATUSES.index(row.status) if row.status in rules.STATUSES else 9
        if key == "next_review":
            return row.next_review.toordinal() if row.next_review else 10**7
        if key == "theirs":
            return -1 if row.theirs_score is None else row.theirs_score
        if key == "flags":
            return (row.days_overdue * 4 + row.stale_internal * 2 + needs_clause(row))
        return ConflictTableModel._display(row, key).casefold()

    @staticmethod
    def _tooltip(row: svc.RegisterRow, key: str) -> str | None:
        if key == "title" and row.description:
            return row.description[:500]
        if key in ("inherent", "residual"):
            return (f"Before treatment: likelihood {row.likelihood} × impact {row.impact} = "
                    f"{row.inherent_score} ({row.inherent_band}). After: "
                    f"{row.residual_likelihood} × {row.residual_impact} = "
                    f"{row.residual_score} ({row.residual_band}).")
        if key == "flags":
            return flag_text(row, long=True) or None
        if key == "theirs" and row.theirs_likelihood is not None:
            return (f"The partner's own rating (their latest questionnaire answers): "
                    f"likelihood {row.theirs_likelihood} × impact {row.theirs_impact}; ours "
                    f"before treatment: {row.likelihood} × {row.impact}. Theirs never "
                    "changes ours.")
        return None


class ConflictFilterProxy(QSortFilterProxyModel):
    """Filters by partnership, band, status, flags, heat-map cell and text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partnership_id: int | None = None
        self.band: str = ""
        self.status: str = ""  # "" all, "active" not closed, or one status
        self.flagged_only = False
        self.cell: tuple[int, int] | None = None
        self.mode = "residual"  # which rating the band and cell filters read
        self.text = ""
        self._test: Callable[[svc.RegisterRow], bool] | None = None  # see test()
        self._table: ConflictTableModel | None = None  # the source model, kept at hand
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The table model sorts (see the module's docstring); the proxy keeps its order."""
        model = self.sourceModel()
        if isinstance(model, ConflictTableModel):
            model.sort(column, order)
        else:  # pragma: no cover - the view always gives it a ConflictTableModel
            super().sort(column, order)

    def set_filter(self, **values: Any) -> None:
        self.beginFilterChange()
        for name, value in values.items():
            setattr(self, name, value)
        self._test = self.test()
        self.endFilterChange()

    def rating(self, row: svc.RegisterRow) -> tuple[int, int]:
        if self.mode == "inherent":
            return row.likelihood, row.impact
        return row.residual_likelihood, row.residual_impact

    def accepts(self, row: svc.RegisterRow, *, ignore_cell: bool = False) -> bool:
        test = self.test(ignore_cell=ignore_cell)
        return test is None or test(row)

    def test(self, *, ignore_cell: bool = False) -> Callable[[svc.RegisterRow], bool] | None:
        """The filters as they are now, as one function of a row (None: every row passes).

        Made once per filter change, not per row: the table asks it of 29,000 rows on each
        reload, and the heat map asks it of them all again."""
        tests: list[Callable[[svc.RegisterRow], bool]] = []
        partnership_id, band, status = self.partnership_id, self.band, self.status
        inherent = self.mode == "inherent"
        if partnership_id is not None:
            tests.append(lambda row: row.opportunity_id == partnership_id)
        if band:
            tests.append((lambda row: row.inherent_band == band) if inherent
                         else (lambda row: row.residual_band == band))
        inactive = rules.INACTIVE_STATUSES
        if status == "active":
            tests.append(lambda row: row.status not in inactive)
        elif status:
            tests.append(lambda row: row.status == status)
        if self.flagged_only:
            tests.append(lambda row: row.flagged)
        cell = self.cell
        if not ignore_cell and cell is not None:
            tests.append((lambda row: (row.likelihood, row.impact) == cell) if inherent
                         else (lambda row: (row.residual_likelihood, row.residual_impact)
                               == cell))
        if self.text:
            needle = self.text.casefold()
            tests.append(lambda row: needle in " ".join((
                row.code, row.title, row.partnership, row.partner, row.overlap_domain,
                row.description)).casefold())
        if not tests:
            return None
        if len(tests) == 1:
            return tests[0]
        return lambda row: all(test(row) for test in tests)

    def setSourceModel(self, model: Any) -> None:
        self._table = model if isinstance(model, ConflictTableModel) else None
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Qt asks this of every row on each reload (29,000 calls): no call back into Qt here.
        model = self._table
        if model is None or source_row >= len(model.rows):
            return False
        return self._test is None or self._test(model.rows[source_row])
