"""The conflict register as a Qt table (ui layer): the rows, their filter and sort.

``ConflictTableModel`` shows register rows (detached snapshots from the service) with
labels people read, colours for the bands and tooltips for what a cell cuts short;
``ConflictFilterProxy`` holds the filters (partnership, band, status, flagged, a heat-map
cell, search text) and rates the rows before or after treatment.

Sorting and filtering are done by the table model in Python, not by the proxy: the proxy's
sort asked ``data()`` twice per comparison (640,000 calls to show 29,000 areas), and its
filter was a Python ``filterAcceptsRow`` Qt called for every row on each reload and filter
change (29,000 calls from C++, ~60 ms; ``filter`` over the rows takes ~5). The proxy turns
the filters into one test the model applies, passes a column header's sort on to the model,
and shows the model's rows as they are. A filter change is a layout change of the model,
so the chosen area stays chosen when it is still shown, as it did with the proxy's filter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterator
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


@contextlib.contextmanager
def building_rows() -> Iterator[None]:
    """Around reading the register and filling the table, heat map and banner (the view's
    ``reload``): the cyclic garbage collector is paused, and on again when this returns,
    whatever happened inside, if it was on before.

    At 29,000 areas the rows (each tracked by the collector when made, a named tuple until
    a collection finds it holds plain values, a frozen dataclass before) made it run
    ~150 young collections and one full one over whatever the window keeps unfrozen while
    they were built, with nothing to free, as the rows all live on: ~20-30 ms of the view's
    wait with the start-up's objects frozen (as the window freezes them), 70-150 ms without.
    Nothing is frozen (unlike :func:`planner.startup.collector_paused`), so whatever becomes
    cyclic garbage here is found by the collector's next run, as it would have been: the
    pause only moves that run past the first paint. Reference counting still frees everything
    else at once; a test reloads the view and checks the old rows are freed."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

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
    """Register rows (detached snapshots) as a table: those the filter lets through."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[svc.RegisterRow] = []  # every row, sorted
        self.shown: list[svc.RegisterRow] = []  # those the test lets through: the table's
        self._given: list[svc.RegisterRow] = []  # in the register's order (ties keep it)
        self._test: Callable[[svc.RegisterRow], bool] | None = None  # None: every row
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: list[svc.RegisterRow]) -> None:
        self.beginResetModel()
        self._given = list(rows)
        self.rows = self._sorted()
        self.shown = self._passing(self.rows)
        self.endResetModel()

    def set_test(self, test: Callable[[svc.RegisterRow], bool] | None) -> None:
        """Show only the rows ``test`` lets through (None: every row)."""
        self._test = test
        self._arrange(self.rows)

    def _passing(self, rows: list[svc.RegisterRow]) -> list[svc.RegisterRow]:
        return list(rows) if self._test is None else list(filter(self._test, rows))

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
        self._arrange(self._sorted())

    def _arrange(self, ordered: list[svc.RegisterRow]) -> None:
        """Show the rows of ``ordered`` the test lets through, in that order: a layout
        change that keeps each index people hold (the chosen area) on its row, or drops it
        when its row is no longer shown."""
        shown = self._passing(ordered)
        if [r.id for r in shown] == [r.id for r in self.shown]:
            self.rows, self.shown = ordered, shown
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self.shown[i.row()].id if 0 <= i.row() < len(self.shown) else None
               for i in old]
        self.rows, self.shown = ordered, shown
        place = {row.id: n for n, row in enumerate(shown)}
        self.changePersistentIndexList(old, [
            self.index(place[i], index.column()) if i in place else QModelIndex()
            for i, index in zip(ids, old, strict=True)])
        self.layoutChanged.emit()

    def row_of(self, area_id: int) -> int | None:
        """Where the area is among every row (``rows``), shown or not."""
        for i, row in enumerate(self.rows):
            if row.id == area_id:
                return i
        return None

    def shown_row_of(self, area_id: int) -> int | None:
        """The table row of the area, if the filter lets it through."""
        for i, row in enumerate(self.shown):
            if row.id == area_id:
                return i
        return None

    def update_rows(self, ids: set[int], fresh: list[svc.RegisterRow]) -> None:
        """Replace, add or remove just the rows ``ids`` (no reset: sorting stays cheap); a
        row the edit took out of the filter leaves the table, one it brought in joins it."""
        by_id = {row.id: row for row in fresh}
        test = self._test
        for area_id in sorted(ids):
            anywhere = self.row_of(area_id)
            given = next((n for n, r in enumerate(self._given) if r.id == area_id), None)
            row = by_id.get(area_id)
            if row is not None:
                if anywhere is not None:
                    self.rows[anywhere] = row
                else:
                    self.rows.append(row)
                if given is not None:
                    self._given[given] = row
                else:
                    self._given.append(row)
            else:
                if anywhere is not None:
                    del self.rows[anywhere]
                if given is not None:
                    del self._given[given]
            at = self.shown_row_of(area_id)
            passing = row if row is not None and (test is None or test(row)) else None
            if at is not None and passing is not None:
                self.shown[at] = passing
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(COLUMNS) - 1))
            elif at is None and passing is not None:
                end = len(self.shown)
                self.beginInsertRows(QModelIndex(), end, end)
                self.shown.append(passing)
                self.endInsertRows()
            elif at is not None:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self.shown[at]
                self.endRemoveRows()
        self._resort()  # an edited rating or date moves the row to its place

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

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
        if not index.isValid() or not 0 <= index.row() < len(self.shown):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        row = self.shown[index.row()]
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
        for name, value in values.items():
            setattr(self, name, value)
        self._test = self.test()
        if self._table is not None:
            self._table.set_test(self._test)  # the model filters: see the module's docstring

    def rating(self, row: svc.RegisterRow) -> tuple[int, int]:
        if self.mode == "inherent":
            return row.likelihood, row.impact
        return row.residual_likelihood, row.residual_impact

    def accepts(self, row: svc.RegisterRow, *, ignore_cell: bool = False) -> bool:
        test = self.test(ignore_cell=ignore_cell)
        return test is None or test(row)

    def test(self, *, ignore_cell: bool = False) -> Callable[[svc.RegisterRow], bool] | None:
        """The filters as they are now, as one function of a row (None: every row passes).

        Made once per filter change, not per row: the table model asks it of 29,000 rows
        on each reload, and the heat map asks it of them all again."""
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
        if self._table is not None:
            self._table.set_test(self._test)
