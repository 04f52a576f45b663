"""The Conflicts view (ui layer): the conflict-area register, its heat map and an editor.

Left, the register as a sortable, filterable table; right, the 5 x 5 heat map (click a
cell to show only its areas) above an editor for the selected area. Every edit is an undo
command; bad input is explained beside the editor and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain import conflicts as rules
from planner.services import agreements as agreements_svc
from planner.services import conflicts as svc
from planner.services.changes import ChangeSet, ValidationError
from planner.ui.conflicts.commands import (
    BandLimitsCommand,
    ConflictCreateCommand,
    ConflictDeleteCommand,
    ConflictEditCommand,
    ConflictLinkCommand,
    ConflictReviewCommand,
)
from planner.ui.conflicts.heat_map import BAND_COLOURS, HeatMapWidget, StatusTrendChart
from planner.ui.forms.ui_conflict_bands import Ui_ConflictBandsDialog
from planner.ui.forms.ui_conflict_editor import Ui_ConflictEditorForm
from planner.ui.shell import chooser
from planner.ui.shell.background import JobRunner
from planner.ui.shell.context import ViewContext
from planner.ui.shell.keep_place import same_current_item, show_value
from planner.ui.shell.theme import colour as themed
from planner.ui.shell.views import BaseView

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    ("code", "Ref"), ("title", "Conflict area"), ("inherent", "Before"),
    ("residual", "After"), ("theirs", "Theirs"), ("status", "Status"), ("openness", "Openness"),
    ("next_review", "Next review"), ("flags", "Flags"), ("partnership", "Partnership"),
    ("owner_ours", "Owner"), ("treatment", "Treatment"),
)
_NO_DATE = QDate(2000, 1, 1)  # the date edits' "not set" value (special value text)
# Kinds an edit of areas touches; anything else (a renamed partnership, a new person)
# reloads the whole register.
_ROW_KINDS = frozenset({"conflict_area", "conflict_history", "opportunity"})
_RELOAD_KINDS = ("conflict_area", "conflict_history", "opportunity", "person", "profile",
                 "organisation", "agreement", "agreement_section", "partner_answers")


def needs_clause(row: svc.RegisterRow) -> bool:
    return row.needs_clause


def flag_text(row: svc.RegisterRow, *, long: bool = False) -> str:
    """Why the area is flagged: short for the table column, in full words for the editor
    (the register's own wording, which the exports and the report share)."""
    return row.flag_text(long=long)


def _date(value: dt.date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""  # the interface's one format


# --------------------------------------------------------------------------- models


class ConflictTableModel(QAbstractTableModel):
    """Register rows (detached snapshots) as a table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[svc.RegisterRow] = []

    def set_rows(self, rows: list[svc.RegisterRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

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
            row = by_id.get(area_id)
            if at is not None and row is not None:
                self.rows[at] = row
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(COLUMNS) - 1))
            elif at is None and row is not None:
                end = len(self.rows)
                self.beginInsertRows(QModelIndex(), end, end)
                self.rows.append(row)
                self.endInsertRows()
            elif at is not None:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self.rows[at]
                self.endRemoveRows()

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
            if row.theirs_likelihood is None or row.theirs_impact is None:
                return ""
            score = row.theirs_likelihood * row.theirs_impact
            return f"{score}{' ▲ worse' if row.theirs_worse else ''}"
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
            return (-1 if row.theirs_likelihood is None or row.theirs_impact is None
                    else row.theirs_likelihood * row.theirs_impact)
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
        self.setSortRole(SORT_ROLE)

    def set_filter(self, **values: Any) -> None:
        self.beginFilterChange()
        for name, value in values.items():
            setattr(self, name, value)
        self.endFilterChange()

    def rating(self, row: svc.RegisterRow) -> tuple[int, int]:
        if self.mode == "inherent":
            return row.likelihood, row.impact
        return row.residual_likelihood, row.residual_impact

    def accepts(self, row: svc.RegisterRow, *, ignore_cell: bool = False) -> bool:
        if self.partnership_id is not None and row.opportunity_id != self.partnership_id:
            return False
        if self.band:
            shown = row.inherent_band if self.mode == "inherent" else row.residual_band
            if shown != self.band:
                return False
        if self.status == "active" and row.status in rules.INACTIVE_STATUSES:
            return False
        if self.status not in ("", "active") and row.status != self.status:
            return False
        if self.flagged_only and not row.flagged:
            return False
        if not ignore_cell and self.cell is not None and self.rating(row) != self.cell:
            return False
        if self.text:
            needle = self.text.casefold()
            haystack = " ".join((row.code, row.title, row.partnership, row.partner,
                                 row.overlap_domain, row.description)).casefold()
            if needle not in haystack:
                return False
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ConflictTableModel) or source_row >= len(model.rows):
            return False
        return self.accepts(model.rows[source_row])


# --------------------------------------------------------------------------- bands


class ConflictBandsDialog(QDialog):
    """Choose the organisation's bands; OK only while the three limits rise."""

    def __init__(self, limits: tuple[int, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ConflictBandsDialog()
        self.ui.setupUi(self)
        self.spins = (self.ui.lowSpin, self.ui.mediumSpin, self.ui.highSpin)
        self.set_limits(limits)
        for spin in self.spins:
            spin.valueChanged.connect(self._preview)
        self.ui.defaultsButton.clicked.connect(
            lambda: self.set_limits(rules.DEFAULT_BAND_LIMITS))
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)
        self._preview()

    def set_limits(self, limits: tuple[int, ...]) -> None:
        for spin, value in zip(self.spins, limits, strict=False):
            spin.setValue(value)

    def limits(self) -> tuple[int, ...]:
        return tuple(spin.value() for spin in self.spins)

    def _preview(self) -> None:
        ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            low, medium, high = rules.check_band_limits(self.limits())
        except ValueError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.previewLabel.clear()
            ok.setEnabled(False)
            return
        self.ui.errorLabel.clear()
        ok.setEnabled(True)
        self.ui.previewLabel.setText(
            f"Low 1–{low} · Medium {low + 1}–{medium} · High {medium + 1}–{high} · "
            f"Critical {high + 1}–25")


# --------------------------------------------------------------------------- the view


class ConflictsView(BaseView):
    exportFinished = Signal(str, str)  # file, problem ("" when written)

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.reg: svc.Register | None = None
        self.current: svc.RegisterRow | None = None
        self._loading = False
        self.jobs = JobRunner(self)  # the register's export
        self._stale = False  # changes arrived while another view was in front

        self.model = ConflictTableModel(self)
        self.proxy = ConflictFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_filters()
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # worst "after" first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((58, 230, 86, 86, 70, 90, 130, 96, 170, 170, 120)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.heat = HeatMapWidget()
        self.heat.cellChosen.connect(self._cell_chosen)
        self.heat.cellCleared.connect(self._cell_cleared)
        self.modeCombo = QComboBox()
        self.modeCombo.addItem("After treatment (residual)", "residual")
        self.modeCombo.addItem("Before treatment (inherent)", "inherent")
        self.modeCombo.setToolTip("Which rating the heat map and the band filter use")
        self.modeCombo.currentIndexChanged.connect(self._mode_changed)

        self.editor = QWidget()
        self.ui = Ui_ConflictEditorForm()
        self.ui.setupUi(self.editor)
        self.ui.flagLabel.setStyleSheet(f"color: {themed('warn')};")  # readable dark or light
        self._fill_editor_choices()
        self._connect_editor()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        heat_page = QWidget()
        heat_layout = QVBoxLayout(heat_page)
        heat_layout.setContentsMargins(4, 4, 4, 0)
        mode_row = QHBoxLayout()
        mode_row.addWidget(QLabel("Rating:"))
        mode_row.addWidget(self.modeCombo, 1)
        heat_layout.addLayout(mode_row)
        heat_layout.addWidget(self.heat, 1)
        self.trend = StatusTrendChart()
        self.trend.setToolTip("How many areas were in each status at the end of each month, "
                              "for the partnership chosen above")
        self.chartTabs = QTabWidget()
        self.chartTabs.addTab(heat_page, "&Heat map")
        self.chartTabs.addTab(self.trend, "Over &time")
        self.chartTabs.currentChanged.connect(lambda _i: self._update_trend())
        right_layout.addWidget(self.chartTabs, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.editor)
        # The splitter keeps the editor whole; the table gives up the width instead.
        scroll.setMinimumWidth(self.editor.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width() + 4)
        right_layout.addWidget(scroll, 3)
        # Refusals show below the editor's scroll area, so they are seen whichever field
        # was being edited (inside it, the message could be scrolled out of sight).
        self.ui.outerLayout.removeWidget(self.ui.errorLabel)
        right_layout.addWidget(self.ui.errorLabel)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 480])

        layout = QVBoxLayout(self)
        layout.addLayout(self.filterRow)
        layout.addLayout(self.actionRow)
        layout.addWidget(splitter, 1)
        self.reload()

    # ------------------------------------------------------------------ building

    def _build_filters(self) -> None:
        self.partnershipFilter = QComboBox()
        self.partnershipFilter.setToolTip("Show one partnership's areas")
        self.bandFilter = QComboBox()
        self.bandFilter.addItem("Any band", "")
        for name in rules.BANDS:
            self.bandFilter.addItem(name.capitalize(), name)
        self.statusFilter = QComboBox()
        self.statusFilter.addItem("Active", "active")
        self.statusFilter.addItem("Any status", "")
        for name in rules.STATUSES:
            self.statusFilter.addItem(rules.STATUS_LABELS[name], name)
        self.flaggedCheck = QCheckBox("&Flagged only")
        self.flaggedCheck.setToolTip(
            "Overdue reviews, areas internal only for more than 30 days, and high or critical "
            "areas with no agreement clause")
        self.searchEdit = QLineEdit()
        self.searchEdit.setPlaceholderText("Search")
        self.searchEdit.setClearButtonEnabled(True)
        self.searchEdit.setMinimumWidth(100)
        self.partnershipFilter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.partnershipFilter.setMinimumContentsLength(16)
        self.newButton = QPushButton("&New area")
        self.newButton.setToolTip("Name a new area of overlap for the partnership chosen above "
                                  "(or the selected area's)")
        self.deleteButton = QPushButton("&Delete")
        self.deleteButton.setToolTip("Delete the selected area (Edit › Undo brings it back); "
                                     "one handled by an agreed clause can only be closed")
        self.exportButton = QPushButton("&Export…")
        self.exportButton.setToolTip("Write the areas shown to a CSV or Excel file")
        self.bandsButton = QPushButton("Bands…")
        self.bandsButton.setToolTip("Choose which scores count as low, medium, high and critical")
        self.bannerLabel = QLabel()
        self.bannerLabel.setWordWrap(True)

        row = QHBoxLayout()
        for label, widget in (("&Partnership", self.partnershipFilter),
                              ("&Band", self.bandFilter), ("&Status", self.statusFilter)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        row.addWidget(self.flaggedCheck)
        row.addWidget(self.searchEdit, 1)
        self.filterRow = row
        # Actions share a line with the summary, so the view fits a 1024-pixel screen.
        actions = QHBoxLayout()
        actions.addWidget(self.bannerLabel, 1)
        for button in (self.newButton, self.deleteButton, self.exportButton, self.bandsButton):
            actions.addWidget(button)
        self.actionRow = actions

        self.partnershipFilter.currentIndexChanged.connect(
            lambda _i: self._set_filter(partnership_id=self.partnershipFilter.currentData()))
        self.bandFilter.currentIndexChanged.connect(
            lambda _i: self._set_filter(band=self.bandFilter.currentData()))
        self.statusFilter.currentIndexChanged.connect(
            lambda _i: self._set_filter(status=self.statusFilter.currentData()))
        self.flaggedCheck.toggled.connect(lambda on: self._set_filter(flagged_only=on))
        self.searchEdit.textChanged.connect(lambda text: self._set_filter(text=text.strip()))
        self.newButton.clicked.connect(self.new_area)
        self.deleteButton.clicked.connect(self.delete_area)
        self.exportButton.clicked.connect(lambda: self.export())
        self.bandsButton.clicked.connect(lambda: self.edit_bands())
        self.proxy.set_filter(status="active")

    def _fill_editor_choices(self) -> None:
        ui = self.ui
        for combo in (ui.likelihoodCombo, ui.residualLikelihoodCombo):
            for k, name in enumerate(rules.LIKELIHOOD_LABELS, start=1):
                combo.addItem(f"{k} – {name}", k)
        for combo in (ui.impactCombo, ui.residualImpactCombo):
            for k, name in enumerate(rules.IMPACT_LABELS, start=1):
                combo.addItem(f"{k} – {name}", k)
        for name in rules.OPENNESS:
            ui.opennessCombo.addItem(rules.OPENNESS_LABELS[name], name)
        for name in rules.STATUSES:
            ui.statusCombo.addItem(rules.STATUS_LABELS[name], name)
        for name in rules.TREATMENTS:
            ui.treatmentCombo.addItem(name.capitalize() or "Not decided", name)
        for name in rules.SEPARATIONS:
            ui.separationCombo.addItem(name.capitalize() or "Not kept apart", name)
        ui.overlapCombo.addItems(["", *rules.OVERLAP_DOMAINS])
        ui.tensionCombo.addItems(list(rules.TENSION_TYPES))
        for edit in (ui.nextReviewEdit, ui.identifiedEdit):
            edit.setMinimumDate(_NO_DATE)
            edit.setSpecialValueText("not set")
        ui.tabs.setCurrentIndex(0)
        # Long partnership and people names must not widen the editor past its column.
        for combo in (ui.partnershipCombo, ui.ownerOursCombo, ui.ownerTheirsCombo,
                      ui.overlapCombo, ui.tensionCombo, ui.opennessCombo, ui.statusCombo,
                      ui.treatmentCombo, ui.separationCombo, ui.likelihoodCombo,
                      ui.impactCombo, ui.residualLikelihoodCombo, ui.residualImpactCombo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _connect_editor(self) -> None:
        ui = self.ui
        ui.titleEdit.textEdited.connect(lambda text: self._edit("title", text))
        for edit, name in ((ui.descriptionEdit, "description"), (ui.driversEdit, "drivers"),
                           (ui.partnerViewEdit, "partner_view")):
            edit.textChanged.connect(lambda e=edit, n=name: self._edit(n, e.toPlainText()))
        for combo, name in ((ui.overlapCombo, "overlap_domain"),
                            (ui.tensionCombo, "tension_type")):
            combo.currentTextChanged.connect(lambda text, n=name: self._edit(n, text.strip()))
        for combo, name in ((ui.partnershipCombo, "opportunity_id"),
                            (ui.likelihoodCombo, "likelihood"), (ui.impactCombo, "impact"),
                            (ui.residualLikelihoodCombo, "residual_likelihood"),
                            (ui.residualImpactCombo, "residual_impact"),
                            (ui.opennessCombo, "openness"), (ui.statusCombo, "status"),
                            (ui.treatmentCombo, "treatment"),
                            (ui.separationCombo, "separation")):
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, n=name: self._edit(n, c.currentData()))
        # The owners' boxes offer “New person…” (ours in our organisation, theirs in the
        # partner's) and create a typed name that is not listed.
        for combo, name, org in ((ui.ownerOursCombo, "owner_ours_id", self._our_org),
                                 (ui.ownerTheirsCombo, "owner_theirs_id", self._their_org)):
            chooser.attach(combo, self.ctx, "person", partial(self._edit, name),
                           partial(self._saved, name), org)
        ui.reviewEverySpin.valueChanged.connect(lambda v: self._edit("review_every_days", v))
        ui.nextReviewEdit.dateChanged.connect(
            lambda d: self._edit("next_review", _from_qdate(d)))
        ui.identifiedEdit.dateChanged.connect(
            lambda d: self._edit("identified_on", _from_qdate(d)))
        ui.confidentialCheck.toggled.connect(lambda on: self._edit("confidential", on))
        ui.reviewedButton.clicked.connect(self.record_review)
        ui.clausesList.itemDoubleClicked.connect(self._open_clause)
        ui.clausesList.currentRowChanged.connect(lambda _r: self._update_unlink())
        self.linkMenu = QMenu(ui.linkClauseButton)
        self.linkMenu.aboutToShow.connect(self._fill_link_menu)
        ui.linkClauseButton.setMenu(self.linkMenu)
        ui.unlinkClauseButton.clicked.connect(lambda: self.unlink_clause())

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read the register again, keeping the filters and the selected area."""
        keep = self.current.id if self.current else None
        self.reg = svc.register(self.ctx.store)
        self._loading = True
        try:
            self._fill_partnerships()
            self.model.set_rows(list(self.reg.rows))
        finally:
            self._loading = False
        self._update_heat_map()
        self._update_banner()
        self._keep_current(keep)

    def _fill_partnerships(self) -> None:
        assert self.reg is not None
        chosen = self.partnershipFilter.currentData()
        self.partnershipFilter.blockSignals(True)
        self.partnershipFilter.clear()
        self.partnershipFilter.addItem("All partnerships", None)
        with_areas = {r.opportunity_id for r in self.reg.rows}
        for ident, title in self.reg.partnerships:
            if ident in with_areas or ident == chosen:
                self.partnershipFilter.addItem(title, ident)
        found = self.partnershipFilter.findData(chosen)
        self.partnershipFilter.setCurrentIndex(max(0, found))
        self.partnershipFilter.blockSignals(False)
        if found < 0 and chosen is not None:
            self.proxy.set_filter(partnership_id=None)
        combo = self.ui.partnershipCombo
        combo.clear()
        for ident, title in self.reg.partnerships:
            combo.addItem(title, ident)

    def _fill_people(self, row: svc.RegisterRow) -> None:
        """Our owner from our people; the partner's owner from the partner's people."""
        assert self.reg is not None
        ours = self.reg.self_organisation_id
        choices = (
            (self.ui.ownerOursCombo, row.owner_ours_id,
             [p for p in self.reg.people if p[2] == ours]),
            (self.ui.ownerTheirsCombo, row.owner_theirs_id,
             [p for p in self.reg.people if p[2] != ours
              and (row.partner_id is None or p[2] == row.partner_id)]),
        )
        for combo, current, people in choices:
            combo.clear()
            combo.addItem("Nobody yet", None)
            for ident, name, _org in people:
                combo.addItem(name, ident)
            if current is not None and combo.findData(current) < 0:
                # Someone from elsewhere was chosen earlier: keep showing them.
                name = next((p[1] for p in self.reg.people if p[0] == current), "?")
                combo.addItem(name, current)

    def _visible_rows(self) -> list[svc.RegisterRow]:
        rows = []
        for r in range(self.proxy.rowCount()):
            row = self.proxy.index(r, 0).data(ROW_ROLE)
            if row is not None:
                rows.append(row)
        return rows

    def _update_heat_map(self) -> None:
        if self.reg is None:
            return
        # The map counts what the other filters let through, so clicking a cell narrows
        # the table within the current partnership, band and status.
        cells = [self.proxy.rating(row) for row in self.model.rows
                 if self.proxy.accepts(row, ignore_cell=True)]
        self.heat.set_counts(rules.heat_counts(cells), self.reg.band_limits)
        self.heat.set_selected_cell(self.proxy.cell)
        self.heat.set_caption("Areas after treatment (residual)" if self.proxy.mode == "residual"
                              else "Areas before treatment (inherent)")
        self._update_arrow()
        self._update_trend()

    def _update_trend(self) -> None:
        """Rebuild the status chart, only while it is the tab in front (it reads history)."""
        if self.chartTabs.currentWidget() is not self.trend:
            return
        trend = svc.status_trend(self.ctx.store, opportunity_id=self.proxy.partnership_id)
        self.trend.set_trend(trend.dates, trend.counts)

    def _update_arrow(self) -> None:
        row = self.current
        if row is None:
            self.heat.set_arrow(None, None)
        else:
            self.heat.set_arrow((row.likelihood, row.impact),
                                (row.residual_likelihood, row.residual_impact))

    def _update_banner(self) -> None:
        rows = [r for r in self.model.rows if r.status not in rules.INACTIVE_STATUSES]
        overdue = sum(r.overdue for r in rows)
        stale = sum(r.stale_internal for r in rows)
        unlinked = sum(needs_clause(r) for r in rows)
        parts = []
        if overdue:
            parts.append(f"{overdue} review{'s' if overdue != 1 else ''} overdue")
        if stale:
            parts.append(f"{stale} area{'s' if stale != 1 else ''} still internal only after "
                         f"{rules.INTERNAL_GRACE_DAYS} days")
        if unlinked:
            parts.append(f"{unlinked} high or critical area{'s' if unlinked != 1 else ''} "
                         "with no agreement clause")
        shown = self.proxy.rowCount()
        summary = f"{shown} of {len(self.model.rows)} areas shown"
        if self.proxy.cell is not None:
            likelihood, impact = self.proxy.cell
            summary += (f" · heat-map cell likelihood {likelihood} × impact {impact} "
                        "(click it again to show all)")
        text = summary + ("  ·  ⚑ " + " · ".join(parts) if parts else "")
        if not self.model.rows:
            text = ("No conflict areas yet. Where the partner also competes with you (for "
                    "pupils, staff, funding or reputation), press New area to name it."
                    if self.reg and self.reg.partnerships else
                    "No conflict areas yet. Each area belongs to a partnership: add an "
                    "opportunity in Screening first.")
        self.bannerLabel.setText(text)

    # ------------------------------------------------------------------ selection

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.table.selectRow(0)
            self._row_changed(self.proxy.index(0, 0), QModelIndex())
        else:
            self._show(None)

    def select_area(self, area_id: int) -> bool:
        source = self.model.row_of(area_id)
        if source is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._show(self.model.rows[source])
        return True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        self._show(row)

    def _show(self, row: svc.RegisterRow | None) -> None:
        self.current = row
        self._load_editor()
        self._update_arrow()
        self.deleteButton.setEnabled(row is not None)

    def _load_editor(self) -> None:
        ui, row = self.ui, self.current
        self._loading = True
        try:
            self.editor.setEnabled(row is not None)
            if row is None:
                ui.headingLabel.setText("<b>No conflict area selected.</b> Choose one in the "
                                        "table, or add one with New area.")
                ui.flagLabel.clear()
                ui.historyList.clear()
                ui.clausesList.clear()
                return
            ui.headingLabel.setText(f"<b>{row.code}</b> · {_html(row.partnership)}"
                                    + (f" · partner: {_html(row.partner)}"
                                       if row.partner else ""))
            flags = flag_text(row, long=True)
            ui.flagLabel.setText("⚑ " + flags[:1].upper() + flags[1:] if flags else "")
            if ui.titleEdit.text().strip() != row.title:  # keep a space being typed
                show_value(ui.titleEdit, row.title)  # a colleague's: keep what is typed
            _set_plain(ui.descriptionEdit, row.description)
            _set_plain(ui.driversEdit, row.drivers)
            _set_plain(ui.partnerViewEdit, row.partner_view)
            self._fill_people(row)
            _set_editable(ui.overlapCombo, row.overlap_domain)
            _set_editable(ui.tensionCombo, row.tension_type)
            for combo, value in ((ui.partnershipCombo, row.opportunity_id),
                                 (ui.likelihoodCombo, row.likelihood),
                                 (ui.impactCombo, row.impact),
                                 (ui.residualLikelihoodCombo, row.residual_likelihood),
                                 (ui.residualImpactCombo, row.residual_impact),
                                 (ui.opennessCombo, row.openness), (ui.statusCombo, row.status),
                                 (ui.treatmentCombo, row.treatment),
                                 (ui.separationCombo, row.separation),
                                 (ui.ownerOursCombo, row.owner_ours_id),
                                 (ui.ownerTheirsCombo, row.owner_theirs_id)):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            show_value(ui.reviewEverySpin, row.review_every_days)
            show_value(ui.nextReviewEdit, _to_qdate(row.next_review))
            show_value(ui.identifiedEdit, _to_qdate(row.identified_on))
            ui.confidentialCheck.setChecked(row.confidential)
            ui.ratingLabel.setText(
                f"Before treatment <b>{row.inherent_score} {row.inherent_band}</b> → after "
                f"<b>{row.residual_score} {row.residual_band}</b>")
            with same_current_item(ui.clausesList, Qt.ItemDataRole.UserRole):  # by section
                self._fill_clauses(row)
            self._update_unlink()
            self._load_history(row.id)
        finally:
            self._loading = False

    def _fill_clauses(self, row: svc.RegisterRow) -> None:
        lst = self.ui.clausesList
        lst.clear()
        for clause in row.clauses:
            state = rules_agreement_state(clause.state)
            item = QListWidgetItem(f"{clause.agreement} — {clause.title} ({state})")
            item.setData(Qt.ItemDataRole.UserRole, clause.section_id)
            item.setData(ROW_ROLE, clause)
            item.setToolTip(f"{clause.agreement}\n{clause.title} · {state}")
            lst.addItem(item)
        if not row.clauses:
            lst.addItem("No clause handles this area yet: use “Link to a clause” below.")

    def _load_history(self, area_id: int) -> None:
        self.ui.historyList.clear()
        for h in svc.history(self.ctx.store, area_id):
            label = svc.FIELD_LABELS.get(h.field, h.field.capitalize())
            if h.field == "created":
                what = "Created"
            elif h.field == "review":
                what = f"Reviewed; next review {h.new or 'not set'}"
            else:
                what = f"{label}: {_value_label(h.field, h.old)} → {_value_label(h.field, h.new)}"
            note = f" — {h.note}" if h.note else ""
            self.ui.historyList.addItem(f"{h.at.day} {h.at:%b %Y %H:%M} · {h.who or 'unknown'} · "
                                        f"{what}{note}")

    # ------------------------------------------------------------------ filters

    def _set_filter(self, **values: Any) -> None:
        if self._loading:
            return
        self.proxy.set_filter(**values)
        self._update_heat_map()
        self._update_banner()
        if self.current is None or not self.select_area(self.current.id):
            self._select_first()

    def _cell_chosen(self, likelihood: int, impact: int) -> None:
        self._set_filter(cell=(likelihood, impact))

    def _cell_cleared(self) -> None:
        self._set_filter(cell=None)

    def _mode_changed(self, _index: int) -> None:
        self._set_filter(mode=self.modeCombo.currentData(), cell=None)

    # ------------------------------------------------------------------ editing

    def _saved(self, name: str) -> Any:
        return getattr(self.current, name) if self.current is not None else None

    def _our_org(self) -> int | None:
        return None  # a new person of ours

    def _their_org(self) -> int | None:
        return self.current.partner_id if self.current is not None else None

    def _edit(self, name: str, value: Any) -> None:
        if self._loading or self.current is None:
            return
        row = self.current
        old = getattr(row, name)
        if old == value or (name == "title" and old == value.strip()):
            return
        try:
            svc.check_update(self.ctx.store, row.id, {name: value})
        except ValidationError as exc:
            self.ui.errorLabel.setText(exc.message)
            if name not in ("title", "description", "drivers", "partner_view"):
                self._load_editor()  # a refused choice goes back to what is saved
            return
        self.ui.errorLabel.clear()
        note = ""
        if name in rules.TRACKED_FIELDS:
            note = self.ui.noteEdit.text().strip()
            self.ui.noteEdit.clear()
        command = ConflictEditCommand(self.ctx, row.id, {name: old}, {name: value}, note)
        self.ctx.push(command)
        if command.problem:
            self.ui.errorLabel.setText(command.problem)

    def new_area(self) -> int | None:
        partnership = self.proxy.partnership_id
        if partnership is None and self.current is not None:
            partnership = self.current.opportunity_id
        if partnership is None and self.reg and self.reg.partnerships:
            partnership = self.reg.partnerships[0][0]
        if partnership is None:
            QMessageBox.information(self, "New conflict area",
                                    "Add an opportunity first: every conflict area belongs "
                                    "to a partnership.")
            return None
        command = ConflictCreateCommand(self.ctx, {"opportunity_id": partnership,
                                                   "title": "New conflict area"})
        try:
            self.ctx.push(command)
        except ValidationError as exc:  # pragma: no cover - values above are valid
            QMessageBox.warning(self, "New conflict area", exc.message)
            return None
        if command.ident is None:
            return None
        if self.model.row_of(command.ident) is None:
            self.reload()
        if not self.select_area(command.ident):
            self.clear_filters(keep_partnership=True)
            self.select_area(command.ident)
        self.ui.tabs.setCurrentIndex(0)
        self.ui.titleEdit.setFocus()
        self.ui.titleEdit.selectAll()
        return command.ident

    def delete_area(self) -> None:
        if self.current is None:
            return
        row = self.current
        try:
            svc.check_delete(self.ctx.store, row.id)
        except ValidationError as exc:
            QMessageBox.information(self, "Delete conflict area", exc.message)
            return
        self.ctx.push(ConflictDeleteCommand(self.ctx, row.id, row.title))
        self.ctx.events.status.emit(f"Deleted “{row.title}”; Edit › Undo brings it back.")

    def record_review(self) -> None:
        if self.current is None:
            return
        note = self.ui.noteEdit.text().strip()
        self.ui.noteEdit.clear()
        self.ctx.push(ConflictReviewCommand(self.ctx, self.current.id, note))

    def edit_bands(self, limits: tuple[int, ...] | None = None) -> bool:
        """Ask for new bands (or use ``limits``) and apply them as one undo step."""
        old = self.reg.band_limits if self.reg else rules.DEFAULT_BAND_LIMITS
        if limits is None:
            dialog = ConflictBandsDialog(old, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            limits = dialog.limits()
        if tuple(limits) == tuple(old):
            return False
        try:
            rules.check_band_limits(limits)
        except ValueError as exc:
            QMessageBox.warning(self, "Conflict bands", str(exc))
            return False
        self.ctx.push(BandLimitsCommand(self.ctx, tuple(old), tuple(limits)))
        return True

    def _open_clause(self, item: QListWidgetItem) -> None:
        section = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(section, int):
            self.ctx.events.open_record.emit("agreement_section", section)

    def _fill_link_menu(self) -> None:
        """The clauses this area could be linked to, read when the menu opens."""
        self.linkMenu.clear()
        row = self.current
        targets = [t for t in agreements_svc.clause_targets(self.ctx.store, row.id)
                   if not t.linked] if row is not None else []
        for target in targets:
            action = self.linkMenu.addAction(target.label.replace("&", "&&"))
            action.triggered.connect(lambda _=False, t=target: self.link_clause(t.section_id))
        if not targets:
            empty = self.linkMenu.addAction(
                "No draft conflict-protocols clause left to link; start or amend an agreement"
                if row is not None else "Choose an area first")
            empty.setEnabled(False)

    def link_clause(self, section_id: int, *, link: bool = True) -> bool:
        """Name the selected area in a clause (or take it out) as one undo step."""
        row = self.current
        if row is None:
            return False
        targets = {t.section_id: t for t in agreements_svc.clause_targets(self.ctx.store, row.id)}
        target = targets.get(section_id)
        if target is None:
            self.ui.errorLabel.setText("Only clauses of a draft agreement of this partnership "
                                       "can be changed here; amend an agreed one first.")
            return False
        # Settled before any edit is pushed: is an internal-only area being shown to the
        # partner for the first time?
        from planner.ui.shell import raise_check

        answer = raise_check.LINK_ONLY
        if link:
            internal = svc.internal_areas(self.ctx.store, [row.id])
            if internal:
                answer = raise_check.ask(self, internal)
                if answer == raise_check.CANCEL:
                    return False
        command = ConflictLinkCommand(self.ctx, section_id, row.id, link, target.title)
        if answer == raise_check.RECORD:
            self.ctx.undo.beginMacro(f"Raise and link conflict area to “{target.title}”")
            self.ctx.push(ConflictEditCommand(self.ctx, row.id, {"openness": "internal"},
                                              {"openness": "raised"},
                                              note=raise_check.RAISED_NOTE))
            self.ctx.push(command)
            self.ctx.undo.endMacro()
        else:
            self.ctx.push(command)
        if command.problem:
            self.ui.errorLabel.setText(command.problem)
            return False
        self.ui.errorLabel.clear()
        return True

    def unlink_clause(self) -> bool:
        item = self.ui.clausesList.currentItem()
        clause = item.data(ROW_ROLE) if item is not None else None
        if not isinstance(clause, svc.Clause):
            return False
        return self.link_clause(clause.section_id, link=False)

    def _update_unlink(self) -> None:
        item = self.ui.clausesList.currentItem()
        clause = item.data(ROW_ROLE) if item is not None else None
        self.ui.unlinkClauseButton.setEnabled(
            isinstance(clause, svc.Clause) and clause.state == "draft")

    def export(self, path: str | None = None) -> Path | None:
        """Write the areas shown to a file, off the GUI thread; ``exportFinished`` reports.

        Returns the file being written, or None when the user cancelled.
        """
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the conflict register", "conflict-register.xlsx",
                "Excel workbook (*.xlsx);;Comma-separated values (*.csv)")
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() not in (".xlsx", ".csv"):
            out = out.with_suffix(".xlsx")
        ids = [row.id for row in self._visible_rows()]
        store = self.ctx.store
        self.exportButton.setEnabled(False)
        self.exportButton.setText("Exporting…")
        self.ctx.events.status.emit(f"Writing the conflict register to {out}…")
        self.jobs.start(lambda: svc.export_register(store, out, rows=ids),
                        done=lambda count: self._exported(out, count, ""),
                        failed=lambda message: self._exported(out, 0, message),
                        unexpected="unexpected problem")
        return out

    def _exported(self, out: Path, count: object, problem: str) -> None:
        self.exportButton.setEnabled(True)
        self.exportButton.setText("&Export…")
        if problem:
            QMessageBox.warning(self, "Export the conflict register",
                                f"The register could not be written to {out}: {problem}")
        else:
            self.ctx.events.status.emit(f"{count} conflict areas written to {out}")
        self.exportFinished.emit(str(out), problem)

    # ------------------------------------------------------------------ contract

    def refresh(self, changes: ChangeSet) -> None:
        if not changes.touches(*_RELOAD_KINDS):
            return
        if self.isHidden():
            # Another view is in front: catch up when this one is shown again, so typing
            # elsewhere never waits for the register to reload.
            self._stale = True
            return
        ids = {i for kind, i in changes.ids if kind == "conflict_area"}
        if ids and changes.kinds <= _ROW_KINDS and self.reg is not None:
            self._reload_rows(ids)
        else:
            self.reload()

    def _reload_rows(self, ids: set[int]) -> None:
        """An edit of a few areas: read just those rows (a full reload costs ~0.2 ms a row)."""
        assert self.reg is not None
        fresh = svc.register(self.ctx.store, area_ids=sorted(ids))
        before = {i: self._map_key(self.model.rows[at]) for i in ids
                  if (at := self.model.row_of(i)) is not None}
        after = {row.id: self._map_key(row) for row in fresh.rows}
        self._loading = True
        try:
            self.model.update_rows(ids, list(fresh.rows))
            if {r.opportunity_id for r in fresh.rows} - {
                    self.partnershipFilter.itemData(i)
                    for i in range(self.partnershipFilter.count())}:
                self._fill_partnerships()
        finally:
            self._loading = False
        if before != after:  # typing a description changes nothing the map or banner show
            self._update_heat_map()
            self._update_banner()
        self._keep_current(self.current.id if self.current else None)

    def _map_key(self, row: svc.RegisterRow) -> tuple[object, ...]:
        """What of a row the heat map, the trend, the banner and the filters depend on."""
        key: tuple[object, ...] = (
            row.likelihood, row.impact, row.residual_likelihood, row.residual_impact,
            row.status, row.opportunity_id, row.overdue, row.stale_internal,
            needs_clause(row), row.inherent_band, row.residual_band, row.identified_on)
        if self.proxy.text:
            key += (row.code, row.title, row.partnership, row.partner, row.overlap_domain,
                    row.description)
        return key

    def _keep_current(self, keep: int | None) -> None:
        """Stay on the area being edited, even when the edit moved it out of the filter."""
        if keep is not None and not self.select_area(keep):
            at = self.model.row_of(keep)
            if at is not None:
                self.table.clearSelection()
                self._show(self.model.rows[at])
                return
        if keep is None or self.model.row_of(keep) is None:
            self._select_first()

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        if visible and self._stale:
            self._stale = False
            self.reload()

    def show_record(self, kind: str, ident: int) -> bool:
        if kind != "conflict_area":
            return False
        if self._stale:
            self._stale = False
            self.reload()
        if self.model.row_of(ident) is None:
            self.reload()
        if not self.select_area(ident):
            self.clear_filters()
            return self.select_area(ident)
        return True

    def clear_filters(self, *, keep_partnership: bool = False) -> None:
        """Show every area (of the chosen partnership), widgets and filter alike."""
        self._loading = True
        try:
            if not keep_partnership:
                self.partnershipFilter.setCurrentIndex(0)
            self.bandFilter.setCurrentIndex(0)
            self.statusFilter.setCurrentIndex(self.statusFilter.findData(""))
            self.flaggedCheck.setChecked(False)
            self.searchEdit.clear()
        finally:
            self._loading = False
        self.proxy.set_filter(partnership_id=self.partnershipFilter.currentData(), band="",
                              status="", flagged_only=False, cell=None, text="")
        self._update_heat_map()
        self._update_banner()


# --------------------------------------------------------------------------- helpers


def _to_qdate(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else _NO_DATE


def _from_qdate(value: QDate) -> dt.date | None:
    if value == _NO_DATE or not value.isValid():
        return None
    return dt.date(value.year(), value.month(), value.day())


def _set_plain(edit: Any, text: str) -> None:
    show_value(edit, text)


def _set_editable(combo: QComboBox, text: str) -> None:
    show_value(combo, text)


def _value_label(field: str, value: str) -> str:
    """A history value as people read it (labels, not stored codes)."""
    if not value:
        return "—"
    if field == "status":
        return rules.STATUS_LABELS.get(value, value)
    if field == "openness":
        return rules.OPENNESS_LABELS.get(value, value)
    if field == "treatment":
        return value.capitalize()
    return value


def rules_agreement_state(state: str) -> str:
    """An agreement's state as people read it ("partly signed", not "partly_signed")."""
    return state.replace("_", " ")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
