"""The Conflicts view's two top rows (ui layer): the register's filters and its actions.

First row: partnership, band, status, "flagged only" and a search box. Second row: what
the register shows and what needs attention (overdue reviews, areas internal only too long,
high or critical areas with no clause), then New area, Delete, Export and Bands. The bar
holds no store: it shows what it is given and says what the user chose through signals.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain import conflicts as rules
from planner.services import conflicts as svc

EXPORT_TEXT = "E&xport…"


class FilterBar(QWidget):
    filterChanged = Signal(str, object)  # a filter of ConflictFilterProxy and its value
    newRequested = Signal()
    deleteRequested = Signal()
    exportRequested = Signal()
    bandsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.flaggedCheck = QCheckBox("Fla&gged only")
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
        self.exportButton = QPushButton(EXPORT_TEXT)
        self.exportButton.setToolTip("Write the areas shown to a CSV or Excel file")
        self.bandsButton = QPushButton("Bands…")
        self.bandsButton.setToolTip("Choose which scores count as low, medium, high and critical")
        self.bannerLabel = QLabel()
        self.bannerLabel.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        for label, widget in (("&Partnership", self.partnershipFilter),
                              ("&Band", self.bandFilter), ("&Status", self.statusFilter)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        row.addWidget(self.flaggedCheck)
        row.addWidget(self.searchEdit, 1)
        layout.addLayout(row)
        # Actions share a line with the summary, so the view fits a 1024-pixel screen.
        actions = QHBoxLayout()
        actions.addWidget(self.bannerLabel, 1)
        for button in (self.newButton, self.deleteButton, self.exportButton, self.bandsButton):
            actions.addWidget(button)
        layout.addLayout(actions)

        self.partnershipFilter.currentIndexChanged.connect(
            lambda _i: self.filterChanged.emit("partnership_id",
                                               self.partnershipFilter.currentData()))
        self.bandFilter.currentIndexChanged.connect(
            lambda _i: self.filterChanged.emit("band", self.bandFilter.currentData()))
        self.statusFilter.currentIndexChanged.connect(
            lambda _i: self.filterChanged.emit("status", self.statusFilter.currentData()))
        self.flaggedCheck.toggled.connect(lambda on: self.filterChanged.emit("flagged_only", on))
        self.searchEdit.textChanged.connect(
            lambda text: self.filterChanged.emit("text", text.strip()))
        self.newButton.clicked.connect(self.newRequested)
        self.deleteButton.clicked.connect(self.deleteRequested)
        self.exportButton.clicked.connect(self.exportRequested)
        self.bandsButton.clicked.connect(self.bandsRequested)

    def partnership(self) -> int | None:
        ident = self.partnershipFilter.currentData()
        return ident if isinstance(ident, int) else None

    def show_partnerships(self, partnerships: Sequence[tuple[int, str]],
                          with_areas: set[int]) -> bool:
        """Offer the partnerships that have areas (and the one chosen); False when the
        one chosen is gone (the filter falls back to all partnerships)."""
        combo = self.partnershipFilter
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All partnerships", None)
        for ident, title in partnerships:
            if ident in with_areas or ident == chosen:
                combo.addItem(title, ident)
        found = combo.findData(chosen)
        combo.setCurrentIndex(max(0, found))
        combo.blockSignals(False)
        return not (found < 0 and chosen is not None)

    def offers(self) -> set[object]:
        """The partnerships the filter offers."""
        return {self.partnershipFilter.itemData(i) for i in range(self.partnershipFilter.count())}

    def clear(self, *, keep_partnership: bool = False) -> None:
        """Every filter back to "all" (the caller stops listening while this runs)."""
        if not keep_partnership:
            self.partnershipFilter.setCurrentIndex(0)
        self.bandFilter.setCurrentIndex(0)
        self.statusFilter.setCurrentIndex(self.statusFilter.findData(""))
        self.flaggedCheck.setChecked(False)
        self.searchEdit.clear()

    def set_exporting(self, busy: bool) -> None:
        self.exportButton.setEnabled(not busy)
        self.exportButton.setText("Exporting…" if busy else EXPORT_TEXT)

    def show_summary(self, rows: Sequence[svc.RegisterRow], shown: int,
                     cell: tuple[int, int] | None, has_partnerships: bool) -> None:
        """How many areas are shown, and what needs attention among the active ones."""
        overdue = stale = unlinked = 0
        inactive, serious = rules.INACTIVE_STATUSES, rules.SERIOUS_BANDS
        for r in rows:  # one pass: 29,000 rows at the largest plans measured
            if r.status in inactive:
                continue
            overdue += r.overdue
            stale += r.stale_internal
            # RegisterRow.needs_clause (its status is active here), without a call per row
            unlinked += not r.clauses and r.residual_band in serious
        parts = []
        if overdue:
            parts.append(f"{overdue} review{'s' if overdue != 1 else ''} overdue")
        if stale:
            parts.append(f"{stale} area{'s' if stale != 1 else ''} still internal only after "
                         f"{rules.INTERNAL_GRACE_DAYS} days")
        if unlinked:
            parts.append(f"{unlinked} high or critical area{'s' if unlinked != 1 else ''} "
                         "with no agreement clause")
        summary = f"{shown} of {len(rows)} areas shown"
        if cell is not None:
            likelihood, impact = cell
            summary += (f" · heat-map cell likelihood {likelihood} × impact {impact} "
                        "(click it again to show all)")
        text = summary + ("  ·  ⚑ " + " · ".join(parts) if parts else "")
        if not rows:
            text = ("No conflict areas yet. Where the partner also competes with you (for "
                    "pupils, staff, funding or reputation), press New area to name it."
                    if has_partnerships else
                    "No conflict areas yet. Each area belongs to a partnership: add an "
                    "opportunity in Screening first.")
        self.bannerLabel.setText(text)
