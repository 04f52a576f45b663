"""The Screening view (ui layer): rank opportunities, screen one, agree weights, see capacity.

Three pages. **Ranking**: the ranked table (search, declined kept and searchable), a
stacked bar of each criterion's weighted contribution, and the editor for the selected
opportunity (context, gates, scores with evidence, decisions). **Weights**: sliders that
always total 100 or a pairwise grid with the live consistency ratio; changes are a draft
previewed in the ranking until agreed with a reason (the log keeps every change), plus the
criteria themselves and how far each weight can move before the top group changes.
**Capacity**: the board of strategic slots and CEO hours.

Every edit goes through an undo command (``screening_commands``); the view reloads its
snapshot from the service when a ChangeSet concerns screening.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, cast

import pyqtgraph as pg
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.domain import ahp
from planner.domain.capacity import (
    TIER_LABELS,
    TIERS,
    Choice,
    PursueCheck,
    hours_line,
    preferred_choice,
)
from planner.domain.screening import RankedOption, rebalance, stability_words, to_percentages
from planner.services import screening as svc
from planner.services import validate
from planner.services.changes import ChangeSet, ValidationError
from planner.ui.capacity.board import CapacityBoard
from planner.ui.forms.ui_screening_choice import Ui_CapacityChoiceDialog
from planner.ui.forms.ui_screening_context import Ui_ScreeningContextForm
from planner.ui.screening import commands as cmd
from planner.ui.shell import chooser
from planner.ui.shell.commands import EditCommand
from planner.ui.shell.context import ViewContext
from planner.ui.shell.keep_place import focus_place, focused_place, show_value
from planner.ui.shell.views import BaseView

SCREENING_KINDS = ("opportunity", "criterion", "gate", "gate_result", "criterion_score",
                   "decision", "weight_profile", "profile", "organisation", "person",
                   "conflict_area",  # the register feeds conflict exposure
                   "partner_answers")  # the Partner's view tab
# Changes that only concern the opportunities they name (their ids are in the ChangeSet).
PER_OPPORTUNITY_KINDS = frozenset({"opportunity", "criterion_score", "gate_result", "decision",
                                   "partner_answers"})
RED = "#b00020"
GREEN = "#1b6e3a"
AMBER = "#9a6700"
GREY = "#6b7780"
NOT_SCORED = "not yet scored"
PALETTE = ("#1f6f8b", "#f2b134", "#5b8c5a", "#c8553d", "#8a6fb0", "#4aa3a2", "#b07d48",
           "#7d8c99", "#d46a92", "#2f4858", "#99b35a", "#e0815e")
GATE_LABELS = {"pass": "Pass", "fail": "Failed", "unknown": "Open", "overridden": "Overridden"}
STAGE_LABELS = {"identified": "Identified", "screening": "Screening", "pursued": "Pursued",
                "deferred": "Deferred", "declined": "Declined", "paused": "Paused",
                "exited": "Exited"}
SORT_ROLE = Qt.ItemDataRole.UserRole
_ROOT = QModelIndex()
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
STAGE_ROLE = Qt.ItemDataRole.UserRole + 3


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


# --------------------------------------------------------------------------- table model


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

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
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
                "Confidence": "—" if ranked.unscored else _percent(ranked.confidence),
                "Stability": _percent(share),
                "Stage": STAGE_LABELS.get(opp.stage, opp.stage)
                + (f" ({opp.tier})" if opp.tier and opp.stage == "pursued" else ""),
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
                return QBrush(QColor(RED))
            if column == "Gates" and ranked.gate_status == "pass":
                return QBrush(QColor(GREEN))
            if ranked.rank is None:
                return QBrush(QColor(GREY))
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


# --------------------------------------------------------------------------- chart


class ContributionChart(pg.PlotWidget):  # type: ignore[misc]
    """One horizontal stacked bar per ranked opportunity: each criterion's weighted points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setMinimumHeight(180)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMenuEnabled(False)
        self.getPlotItem().setLabel("bottom", "Score (points of 100)")
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.2)
        self.bars: list[pg.BarGraphItem] = []
        self.titles: list[str] = []
        # The key is a label beside the chart (a legend inside the plot would cover bars).
        self.key = QLabel()
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.RichText)

    def set_data(self, criteria: list[str], ranked: list[RankedOption]) -> None:
        plot = self.getPlotItem()
        if len(self.bars) != len(criteria):
            for bar in self.bars:
                plot.removeItem(bar)
            self.bars = []
        shown = [r for r in ranked if r.eligible][:12]
        self.titles = [r.title for r in shown]
        # The best is at the top: row 0 is drawn highest.
        y = [len(shown) - 1 - i for i in range(len(shown))]
        left = [0.0] * len(shown)
        for c, name in enumerate(criteria):
            widths = [r.contributions[c] if c < len(r.contributions) else 0.0 for r in shown]
            if c < len(self.bars):
                self.bars[c].setOpts(x0=list(left), y=y, width=widths, name=name)
            else:
                bar = pg.BarGraphItem(x0=list(left), y=y, height=0.6, width=widths,
                                      brush=PALETTE[c % len(PALETTE)],
                                      pen=pg.mkPen("w", width=0.5), name=name)
                plot.addItem(bar)
                self.bars.append(bar)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        # A left-to-right mark first: "2. " before an Arabic title stays on the left.
        ticks = [(yy, f"\u200e{r.rank}. {r.title[:28]}{'…' if len(r.title) > 28 else ''}")
                 for yy, r in zip(y, shown, strict=True)]
        plot.getAxis("left").setTicks([ticks])
        plot.setXRange(0, 100, padding=0.02)
        plot.setYRange(-0.6, max(len(shown), 1) - 0.4, padding=0)
        self.key.setText("&nbsp;&nbsp; ".join(
            f"<span style='color:{PALETTE[c % len(PALETTE)]}'>&#9632;</span>&nbsp;"
            f"{_unbroken(name)}"
            for c, name in enumerate(criteria)))

    def totals(self) -> list[float]:
        """The drawn length of each bar, top to bottom (what a reader sees)."""
        if not self.bars:
            return []
        n = len(self.titles)
        sums = [0.0] * n
        for bar in self.bars:
            for i, width in enumerate(bar.opts["width"]):
                sums[i] += float(width)
        return sums


class WeightRangeChart(pg.PlotWidget):  # type: ignore[misc]
    """Per criterion, the weight range that keeps the top group (bar) and today's weight (dot)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setMinimumHeight(160)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMenuEnabled(False)
        plot = self.getPlotItem()
        plot.setLabel("bottom", "Weight (%)")
        plot.showGrid(x=True, y=False, alpha=0.2)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.5, width=[], brush="#cfe3ec",
                                    pen=pg.mkPen("#1f6f8b"))
        self.dots = pg.ScatterPlotItem(size=9, brush=pg.mkBrush("#c8553d"), pen=None)
        plot.addItem(self.bars)
        plot.addItem(self.dots)
        self.ranges: list[Any] = []

    def set_ranges(self, ranges: list[Any]) -> None:
        self.ranges = list(ranges)
        n = len(ranges)
        y = [n - 1 - i for i in range(n)]
        self.bars.setOpts(x0=[r.low for r in ranges], y=y,
                          width=[max(r.high - r.low, 0.4) for r in ranges])
        self.dots.setData(x=[r.current for r in ranges], y=y)
        self.getPlotItem().getAxis("left").setTicks(
            [[(yy, r.name[:22] + ("…" if len(r.name) > 22 else ""))
              for yy, r in zip(y, ranges, strict=True)]])
        self.getPlotItem().setXRange(0, 100, padding=0.02)
        self.getPlotItem().setYRange(-0.6, max(n, 1) - 0.4, padding=0)


class MessageLabel(QLabel):
    """A message line that takes no room while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hide()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


# --------------------------------------------------------------------------- dialogs


class CapacityChoiceDialog(QDialog):
    """The choice when one strategic partnership too many is pursued."""

    def __init__(self, check: PursueCheck, parent: QWidget | None = None, *,
                 options: list[svc.RoomOption] | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CapacityChoiceDialog()
        self.ui.setupUi(self)
        self.check = check
        self.ui.messageLabel.setText(check.message)
        # Long titles wrap in the list instead of hiding behind a sideways scroll bar.
        self.ui.choiceList.setWordWrap(True)
        self.ui.choiceList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        by_choice = {(o.choice.kind, o.choice.target_id, o.choice.tier): o.facts
                     for o in options or []}
        for choice in check.choices:
            # Each option with the rank, score, health and CEO hours of what it touches.
            line = by_choice.get((choice.kind, choice.target_id, choice.tier), "")
            item = QListWidgetItem(f"{choice.label}\n    {line}" if line else choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice)
            item.setToolTip(hours_line(choice.hours_after, check.hours_budget))
            self.ui.choiceList.addItem(item)
        self.ui.choiceList.currentRowChanged.connect(self._show_hours)
        # The option offered first keeps the CEO within the hours when one can.
        self.ui.choiceList.setCurrentRow(preferred_choice(check))
        self._show_hours()
        self.ui.choiceList.itemDoubleClicked.connect(lambda _i: self.accept())

    def _show_hours(self, _row: int = 0) -> None:
        """The hours line follows the option chosen."""
        choice = self.chosen()
        hours = choice.hours_after if choice is not None else self.check.hours_after
        over = hours > self.check.hours_budget + 1e-9
        self.ui.hoursLabel.setText(f"<span style='color:{RED if over else GREY}'>"
                                   f"{hours_line(hours, self.check.hours_budget)}</span>")

    def chosen(self) -> Choice | None:
        item = self.ui.choiceList.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)


# --------------------------------------------------------------------------- editor


def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Replace the text only when it differs, so the cursor stays where the user is typing
    (and a colleague's change leaves the text being typed alone; see keep_place)."""
    show_value(widget, text)


def resources_text(items: list[dict[str, str]]) -> str:
    return "\n".join(f"{i.get('kind', '')}: {i.get('what', '')}" for i in items)


def parse_resources(text: str) -> list[dict[str, str]]:
    """``kind: what`` per line; a line without a known kind is kept for the service to refuse."""
    items = []
    for line in text.splitlines():
        if not line.strip():
            continue
        kind, sep, what = line.partition(":")
        if sep and kind.strip().casefold() in svc.RESOURCE_KINDS:
            items.append({"kind": kind.strip().casefold(), "what": what.strip()})
        else:
            items.append({"kind": "", "what": line.strip()})
    return items


class OpportunityEditor(QWidget):
    """Context, gates, scores and decision for one opportunity."""

    def __init__(self, view: ScreeningView) -> None:
        super().__init__()
        self.view = view
        self.opp: svc.OpportunityRow | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)

        # Context (Designer form)
        self.context = QWidget()
        self.cui = Ui_ScreeningContextForm()
        self.cui.setupUi(self.context)
        for edit in (self.cui.purposeEdit, self.cui.goalsEdit, self.cui.weGiveEdit,
                     self.cui.weGetEdit, self.cui.notesEdit):
            edit.setFixedHeight(64)
        self.cui.spannersList.setFixedHeight(90)
        # On a narrow pane labels go above their fields instead of clipping them.
        self.cui.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for combo in (self.cui.partnerCombo, self.cui.sponsorCombo, self.cui.leadCombo):
            # Long names must not widen the form beyond the pane.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.cui.errorLabel.setStyleSheet(f"color: {RED};")
        self.cui.form.setRowVisible(self.cui.errorLabel, False)
        # The form only widens Expanding fields: a message must use the field's full width.
        self.cui.errorLabel.setSizePolicy(QSizePolicy.Policy.Expanding,
                                          QSizePolicy.Policy.Preferred)
        self._error_cell = QLabel()
        for combo in (self.cui.partnerCombo, self.cui.sponsorCombo, self.cui.leadCombo):
            # Use the field's width, so a partner's or person's name is read in full.
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.context)
        self.context_scroll = scroll
        self.tabs.addTab(scroll, "&Context")
        for combo, name in ((self.cui.contextCombo, "relational_context"),
                            (self.cui.routeCombo, "route"), (self.cui.trustCombo, "trust_stance")):
            for value in svc.CONTEXT_CHOICES[name]:
                combo.addItem(value.capitalize() if value else "—", value)
        self._connect_context()

        # Gates
        self.gates_page = QWidget()
        gates_layout = QVBoxLayout(self.gates_page)
        gates_intro = QLabel("Must-pass questions. A failed gate keeps the opportunity out of "
                             "the ranking and blocks “pursue”, unless you override it and record "
                             "why.")
        gates_intro.setWordWrap(True)
        gates_layout.addWidget(gates_intro)
        self.gates_grid = QGridLayout()
        gates_layout.addLayout(self.gates_grid)
        add_row = QHBoxLayout()
        self.new_gate_edit = QLineEdit()
        self.new_gate_edit.setPlaceholderText("A deal-breaker of your own: safeguarding, legal, "
                                              "data protection …")
        self.add_gate_button = QPushButton("Add &gate")
        add_row.addWidget(self.new_gate_edit)
        add_row.addWidget(self.add_gate_button)
        gates_layout.addLayout(add_row)
        self.add_gate_error = QLabel()
        self.add_gate_error.setStyleSheet(f"color: {RED};")
        self.add_gate_error.setWordWrap(True)
        gates_layout.addWidget(self.add_gate_error)
        gates_layout.addStretch(1)
        # A message about one gate's answer goes on the row under that gate (see
        # show_gate_error), not at the foot of a long page.
        self.gate_error = QLabel(self.gates_page)
        self.gate_error.setStyleSheet(f"color: {RED};")
        self.gate_error.setWordWrap(True)
        self.gate_error.hide()
        self._gate_row: dict[int, int] = {}
        gates_scroll = QScrollArea()
        gates_scroll.setWidgetResizable(True)
        gates_scroll.setWidget(self.gates_page)
        self.tabs.addTab(gates_scroll, "&Gates")
        self.add_gate_button.clicked.connect(self._add_gate)
        self.new_gate_edit.returnPressed.connect(self._add_gate)
        self.gate_rows: dict[int, tuple[QComboBox, QLineEdit, QCheckBox, QLineEdit]] = {}

        # Scores
        self.scores_page = QWidget()
        scores_layout = QVBoxLayout(self.scores_page)
        scores_intro = QLabel("Pick the level whose description fits the evidence, and note the "
                              "evidence: confidence counts the criteria scored with evidence.")
        scores_intro.setWordWrap(True)
        scores_layout.addWidget(scores_intro)
        self.scores_grid = QGridLayout()
        self.scores_grid.setColumnStretch(1, 1)
        scores_layout.addLayout(self.scores_grid)
        scores_layout.addStretch(1)
        scores_scroll = QScrollArea()
        scores_scroll.setWidgetResizable(True)
        scores_scroll.setWidget(self.scores_page)
        self.tabs.addTab(scores_scroll, "&Scores")
        self.score_rows: dict[int, tuple[QComboBox, QLineEdit]] = {}
        self._criteria_key: tuple[Any, ...] = ()
        self._gates_key: tuple[Any, ...] = ()

        # Decision
        self.decision_page = QWidget()
        form = QFormLayout(self.decision_page)
        # Nothing is chosen for the user: a decision starts as "Choose…", not "Pursue".
        self.outcome_combo = QComboBox()
        self.outcome_combo.addItem("Choose…", "")
        for outcome in svc.OUTCOMES:
            self.outcome_combo.addItem(outcome.capitalize(), outcome)
        self.tier_combo = QComboBox()
        self.tier_combo.addItem("Choose…", "")
        for tier in TIERS:
            self.tier_combo.addItem(TIER_LABELS[tier], tier)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.review_check = QCheckBox("Review on")
        self.review_edit = QDateEdit(QDate.currentDate().addMonths(6))
        self.review_edit.setCalendarPopup(True)
        self.review_edit.setDisplayFormat("d MMM yyyy")
        self.review_edit.setEnabled(False)
        self.review_check.toggled.connect(self.review_edit.setEnabled)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_check)
        review_row.addWidget(self.review_edit)
        review_row.addStretch(1)
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setPlaceholderText("Why: kept with the opportunity, and searchable")
        self.rationale_edit.setFixedHeight(90)
        self.capacity_note = QLabel()
        self.capacity_note.setWordWrap(True)
        self.decision_error = QLabel()
        self.decision_error.setWordWrap(True)
        self.decision_error.setStyleSheet(f"color: {RED};")
        self.despite_check = QCheckBox("Pursue before screening is complete — the rationale "
                                       "says why")
        self.despite_check.setVisible(False)
        self.decide_button = QPushButton("&Record decision")
        self.history = QListWidget()
        # Entries wrap to the list's width (a sideways scroll bar hid the rest of each one).
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form.addRow("&Outcome", self.outcome_combo)
        form.addRow("&Tier", self.tier_combo)
        form.addRow("&Decided on", self.date_edit)
        form.addRow("", review_row)
        form.addRow("&Rationale", self.rationale_edit)
        form.addRow("", self.capacity_note)
        form.addRow("", self.decision_error)
        form.addRow("", self.despite_check)
        form.addRow("", self.decide_button)
        form.addRow("Decisions so far", self.history)
        self.tabs.addTab(self.decision_page, "&Decision")

        # The partner's own view: questionnaire out, answers in, theirs beside ours.
        from planner.ui.screening.partner_tab import PartnerViewPage

        self.partner_page = PartnerViewPage(view)
        self.tabs.addTab(self.partner_page, "Partner's vie&w")
        self.outcome_combo.currentIndexChanged.connect(self._decision_inputs_changed)
        self.tier_combo.currentIndexChanged.connect(self._decision_inputs_changed)
        self.decide_button.clicked.connect(self.record_decision)

    # ------------------------------------------------------------------ context

    def _connect_context(self) -> None:
        c = self.cui
        c.titleEdit.textEdited.connect(lambda t: self._edit("title", t, c.titleEdit))
        c.sourceEdit.textEdited.connect(lambda t: self._edit("source", t, c.sourceEdit))
        c.trustNoteEdit.textEdited.connect(lambda t: self._edit("trust_note", t, c.trustNoteEdit))
        c.divisionEdit.textEdited.connect(
            lambda t: self._edit("lead_division", t, c.divisionEdit))
        for edit, name in ((c.purposeEdit, "purpose"), (c.goalsEdit, "goals"),
                           (c.notesEdit, "notes")):
            edit.textChanged.connect(
                lambda e=edit, n=name: self._edit(n, e.toPlainText(), e))
        for edit, name in ((c.weGiveEdit, "we_give"), (c.weGetEdit, "we_get")):
            edit.textChanged.connect(
                lambda e=edit, n=name: self._edit(n, parse_resources(e.toPlainText()), e))
        for combo, name in ((c.contextCombo, "relational_context"), (c.routeCombo, "route"),
                            (c.trustCombo, "trust_stance")):
            combo.currentIndexChanged.connect(
                lambda _i, cb=combo, n=name: self._edit(n, cb.currentData(), cb))
        # Partner and people boxes offer “New…” and create a typed name that is not listed.
        for combo, name, table in ((c.partnerCombo, "partner_id", "organisation"),
                                   (c.sponsorCombo, "sponsor_id", "person"),
                                   (c.leadCombo, "lead_id", "person")):
            chooser.attach(combo, self.view.ctx, table, partial(self._picked, name, combo),
                           partial(self._saved, name))
        c.fundingCheck.toggled.connect(lambda v: self._edit("rests_on_funding", v, c.fundingCheck))
        c.endorsementCheck.toggled.connect(
            lambda v: self._edit("rests_on_endorsement", v, c.endorsementCheck))
        for spin, name in ((c.ceoHoursSpin, "est_ceo_hours_per_month"),
                           (c.staffHoursSpin, "est_staff_hours_per_month"),
                           (c.costSpin, "est_cost"), (c.incomeSpin, "est_income")):
            spin.valueChanged.connect(lambda v, n=name, s=spin: self._edit(n, float(v), s))
        c.spannersList.itemChanged.connect(lambda _item: self._edit(
            "boundary_spanners", self._checked_people(), c.spannersList))
        # A boundary-spanner not in the plan yet is added here and ticked.
        self.new_spanner = QPushButton("New person…")
        self.new_spanner.setToolTip("Add a person to the plan and tick them as a "
                                    "boundary-spanner of this opportunity")
        c.form.insertRow(_form_row(c.form, c.spannersList) + 1, "", self.new_spanner)
        self.new_spanner.clicked.connect(lambda: self.new_boundary_spanner())

    def show_context_error(self, message: str, widget: QWidget | None = None) -> None:
        """Say what is wrong on the row just below the field, and scroll it into view."""
        form, label = self.cui.form, self.cui.errorLabel
        label.setText(message)
        if message and widget is not None:
            target = _form_row(form, widget)
            if target >= 0 and _form_row(form, label) != target + 1:
                form.takeRow(label)
                # The empty label cell travels with the message, so nothing is left behind.
                form.insertRow(_form_row(form, widget) + 1, self._error_cell, label)
        form.setRowVisible(label, bool(message))
        if message:
            self.context_scroll.ensureWidgetVisible(label)

    def new_boundary_spanner(self) -> int | None:
        """Add a person (one undo step) and tick them as a boundary-spanner (another)."""
        if self.opp is None:
            return None
        partner = self.opp.partner_id
        ident = chooser.create_record(self.context, self.view.ctx, "person", "", partner)
        if ident is None or self.opp is None:
            return None
        spanners = [*(self.opp.get("boundary_spanners") or []), ident]
        self._edit("boundary_spanners", spanners, self.cui.spannersList)
        return ident

    def _picked(self, name: str, combo: QComboBox, value: Any) -> None:
        self._edit(name, value, combo)

    def _saved(self, name: str) -> Any:
        return self.opp.get(name) if self.opp is not None else None

    def _checked_people(self) -> list[int]:
        lst = self.cui.spannersList
        return [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
                if lst.item(i).checkState() == Qt.CheckState.Checked]

    def _edit(self, name: str, value: Any, widget: QWidget) -> None:
        if self._loading or self.opp is None:
            return
        old = self.opp.get(name)
        try:
            cleaned = svc.check_opportunity_value(self.view.ctx.store, name, value)
        except ValidationError as exc:
            self.show_context_error(exc.message, widget)
            widget.setProperty("invalid", True)
            return
        self.show_context_error("")
        if cleaned == old:
            return
        self.view.push(cmd.UpdateOpportunityCommand(self.view.ctx, self.opp.id, name, old,
                                                    cleaned))

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str, Any]], current: Any) -> None:
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _load_context(self, data: svc.ScreeningData, o: svc.OpportunityRow) -> None:
        c = self.cui
        if not c.errorLabel.text() or not c.titleEdit.hasFocus():
            _set_text(c.titleEdit, o.title)
        _set_text(c.sourceEdit, str(o.get("source") or ""))
        _set_text(c.trustNoteEdit, str(o.get("trust_note") or ""))
        _set_text(c.divisionEdit, str(o.get("lead_division") or ""))
        for edit, name in ((c.purposeEdit, "purpose"), (c.goalsEdit, "goals"),
                           (c.notesEdit, "notes")):
            _set_text(edit, str(o.get(name) or ""))
        for edit, name in ((c.weGiveEdit, "we_give"), (c.weGetEdit, "we_get")):
            stored = list(o.get(name) or [])
            # The same entries written differently stay as the user wrote them.
            same = parse_resources(edit.toPlainText()) == stored
            show_value(edit, edit.toPlainText() if same else resources_text(stored))
        for combo, name in ((c.contextCombo, "relational_context"), (c.routeCombo, "route"),
                            (c.trustCombo, "trust_stance")):
            combo.setCurrentIndex(max(combo.findData(o.get(name) or ""), 0))
        self._fill_combo(c.partnerCombo, [("—", None), *[(n, i) for i, n in data.partners]],
                         o.partner_id)
        people = [("—", None), *[(f"{p.name} ({p.organisation})" if p.organisation else p.name,
                                  p.id) for p in data.people]]
        self._fill_combo(c.sponsorCombo, people, o.get("sponsor_id"))
        self._fill_combo(c.leadCombo, people, o.get("lead_id"))
        spanners = set(o.get("boundary_spanners") or [])
        c.spannersList.clear()
        for p in data.people:
            item = QListWidgetItem(f"{p.name} — {p.organisation}" if p.organisation else p.name)
            item.setToolTip(item.text())  # a narrow pane cuts long organisation names
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.id in spanners
                               else Qt.CheckState.Unchecked)
            c.spannersList.addItem(item)
        c.fundingCheck.setChecked(bool(o.get("rests_on_funding")))
        c.endorsementCheck.setChecked(bool(o.get("rests_on_endorsement")))
        for spin, name in ((c.ceoHoursSpin, "est_ceo_hours_per_month"),
                           (c.staffHoursSpin, "est_staff_hours_per_month"),
                           (c.costSpin, "est_cost"), (c.incomeSpin, "est_income")):
            if abs(spin.value() - float(o.get(name) or 0.0)) > 1e-9:
                spin.setValue(float(o.get(name) or 0.0))

    # ------------------------------------------------------------------ gates

    def _build_gates(self, data: svc.ScreeningData) -> None:
        key = tuple((g.id, g.name, g.question, g.is_headline) for g in data.gates)
        if key == self._gates_key:
            return
        self._gates_key = key
        self.gates_grid.removeWidget(self.gate_error)  # kept: _clear deletes what it finds
        self.show_gate_error(None, "")
        _clear(self.gates_grid)
        self.gate_rows = {}
        self._gate_row = {}
        for index, gate in enumerate(data.gates):
            row = index * 4  # name and answer, rationale, override reason, a message
            self._gate_row[gate.id] = row
            name = QLabel(f"<b>{_html(gate.name)}</b>"
                          + (f"<br><span style='color:{GREY}'>{_html(gate.question)}</span>"
                             if gate.question else ""))
            name.setToolTip(gate.question)
            name.setWordWrap(True)
            result = QComboBox()
            for value, text in (("unknown", "Open"), ("pass", "Pass"), ("fail", "Fail")):
                result.addItem(text, value)
            result.setAccessibleName(f"{gate.name}: answer")
            rationale = QLineEdit()
            rationale.setPlaceholderText("Rationale: what the answer rests on")
            rationale.setAccessibleName(f"{gate.name}: rationale")
            override = QCheckBox("Override")
            override.setToolTip("Let it through despite the failure; the reason is recorded")
            reason = QLineEdit()
            reason.setPlaceholderText("Why override this failure (kept on record)")
            reason.setAccessibleName(f"{gate.name}: reason for overriding")
            self.gates_grid.addWidget(name, row, 0)
            self.gates_grid.addWidget(result, row, 1)
            self.gates_grid.addWidget(override, row, 2)
            self.gates_grid.addWidget(rationale, row + 1, 0, 1, 4)
            self.gates_grid.addWidget(reason, row + 2, 0, 1, 4)
            if not gate.is_headline:
                remove = QPushButton("Remove")
                remove.setToolTip(f"Remove the gate “{gate.name}” from every opportunity")
                remove.clicked.connect(lambda _c=False, g=gate: self.view.push(
                    cmd.RemoveGateCommand(self.view.ctx, g.id, g.name)))
                self.gates_grid.addWidget(remove, row, 3)
            self.gate_rows[gate.id] = (result, rationale, override, reason)
            result.currentIndexChanged.connect(lambda _i, g=gate: self._gate_edited(g, "result"))
            rationale.textEdited.connect(lambda _t, g=gate: self._gate_edited(g, "rationale"))
            override.toggled.connect(lambda _v, g=gate: self._gate_edited(g, "override"))
            reason.textEdited.connect(lambda _t, g=gate: self._gate_edited(g, "reason"))
        self.gates_grid.setColumnStretch(0, 1)

    def _gate_edited(self, gate: svc.GateRow, what: str) -> None:
        if self._loading or self.opp is None:
            return
        result, rationale, override, reason = self.gate_rows[gate.id]
        current = self.opp.gates.get(gate.id, svc.GateResultRow(gate.id))
        old = (current.result, current.rationale, current.overridden, current.override_reason)
        value = result.currentData()
        overridden = override.isChecked() and value == "fail"
        new = (value, rationale.text(), overridden, reason.text() if value == "fail" else "")
        if overridden and not new[3].strip():
            self.show_gate_error(gate.id, f"Write the reason for overriding “{gate.name}” "
                                          "first; it is kept on record.")
            self._loading = True
            override.setChecked(False)
            self._loading = False
            reason.setFocus()
            return
        if current.overridden and what == "reason" and not new[3].strip():
            self.show_gate_error(gate.id, "An override needs its reason; untick Override to "
                                          "remove it.")
            return
        self.show_gate_error(None, "")
        if new != old:
            self.view.push(cmd.SetGateCommand(self.view.ctx, self.opp.id, gate.id, old, new,
                                              gate.name))

    def show_gate_error(self, gate_id: int | None, message: str) -> None:
        """Show ``message`` under gate ``gate_id``'s fields ("" hides it)."""
        self.gate_error.setText(message)
        row = self._gate_row.get(gate_id) if gate_id is not None else None
        if message and row is not None:
            self.gates_grid.addWidget(self.gate_error, row + 3, 0, 1, 4)
        self.gate_error.setVisible(bool(message) and row is not None)

    def _load_gates(self, o: svc.OpportunityRow) -> None:
        for gate_id, (result, rationale, override, reason) in self.gate_rows.items():
            r = o.gates.get(gate_id, svc.GateResultRow(gate_id))
            result.setCurrentIndex(max(result.findData(r.result), 0))
            _set_text(rationale, r.rationale)
            override.setChecked(r.overridden)
            override.setEnabled(r.result == "fail")
            reason.setVisible(r.result == "fail")
            if r.overridden or not reason.hasFocus():
                _set_text(reason, r.override_reason)

    def _add_gate(self) -> None:
        name = self.new_gate_edit.text()
        try:
            cleaned = validate.name(name, "The gate's name")
            if any(g.name.casefold() == cleaned.casefold() for g in self.view.data.gates):
                raise ValidationError(f"There is already a gate called “{cleaned}”.")
        except ValidationError as exc:
            self.add_gate_error.setText(exc.message)
            return
        self.add_gate_error.clear()
        self.new_gate_edit.clear()
        self.view.push(cmd.AddGateCommand(self.view.ctx, cleaned))

    # ------------------------------------------------------------------ scores

    def _build_scores(self, data: svc.ScreeningData) -> None:
        key = tuple((c.id, c.name, c.direction, c.levels) for c in data.criteria)
        if key == self._criteria_key:
            return
        self._criteria_key = key
        _clear(self.scores_grid)
        for row in range(self.scores_grid.rowCount()):
            self.scores_grid.setRowMinimumHeight(row, 0)  # fewer criteria: no gaps left over
        self.score_rows = {}
        self.anchor_labels: dict[int, QLabel] = {}
        self.register_criteria = {c.id for c in data.criteria if c.source == "conflict_register"}
        for row, c in enumerate(data.criteria):
            name = QLabel(c.name + (" <i>(counts against)</i>" if c.direction == "cost" else ""))
            name.setToolTip(c.description)
            name.setWordWrap(True)
            level = QComboBox()
            level.addItem("— not scored", None)
            for i, anchor in enumerate(c.levels, start=1):
                level.addItem(f"{i} – {anchor}" if anchor else str(i), i)
                level.setItemData(i, anchor, Qt.ItemDataRole.ToolTipRole)
            level.setAccessibleName(f"{c.name}: level")
            level.setMinimumContentsLength(18)
            level.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            evidence = QLineEdit()
            evidence.setPlaceholderText(f"Evidence for {c.name.lower()}: what you saw or "
                                        "were told")
            evidence.setAccessibleName(f"{c.name}: evidence")
            anchor_label = QLabel()
            anchor_label.setWordWrap(True)
            anchor_label.setStyleSheet(f"color: {GREY};")
            # Level, its description, then the evidence note at full width below: side by
            # side, the note was a sliver on a laptop-width pane.
            self.scores_grid.addWidget(name, 4 * row, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
            self.scores_grid.addWidget(level, 4 * row, 1)
            self.scores_grid.addWidget(anchor_label, 4 * row + 1, 1)
            self.scores_grid.addWidget(evidence, 4 * row + 2, 1)
            self.scores_grid.setRowMinimumHeight(4 * row + 3, 10)  # air between criteria
            self.score_rows[c.id] = (level, evidence)
            self.anchor_labels[c.id] = anchor_label
            level.currentIndexChanged.connect(lambda _i, cr=c: self._score_edited(cr))
            evidence.textEdited.connect(lambda _t, cr=c: self._score_edited(cr))

    def _score_edited(self, criterion: svc.CriterionRow) -> None:
        if self._loading or self.opp is None:
            return
        level, evidence = self.score_rows[criterion.id]
        current = self.opp.scores.get(criterion.id, svc.ScoreRow(criterion.id))
        old = (current.level, current.evidence)
        new = (level.currentData(), evidence.text())
        if new != old:
            self.view.push(cmd.SetScoreCommand(self.view.ctx, self.opp.id, criterion.id, old,
                                               new, criterion.name))

    def _load_scores(self, data: svc.ScreeningData, o: svc.OpportunityRow) -> None:
        fed = data.register_levels.get(o.id)
        for criterion_id, (level, evidence) in self.score_rows.items():
            s = o.scores.get(criterion_id, svc.ScoreRow(criterion_id))
            level.setCurrentIndex(max(level.findData(s.level), 0) if s.level else 0)
            _set_text(evidence, s.evidence)
            anchor = level.itemData(level.currentIndex(), Qt.ItemDataRole.ToolTipRole) or ""
            if criterion_id in self.register_criteria:
                if fed is None:
                    anchor = (anchor + " " if anchor else "") + \
                        "(No conflict areas recorded yet; the register will feed this level.)"
                elif s.level is None:
                    anchor = f"Level {fed} from the conflict register (choose a level to " \
                             "override it)."
                elif s.level != fed:
                    anchor = f"{anchor} (The conflict register suggests level {fed}.)"
            self.anchor_labels[criterion_id].setText(anchor)

    # ------------------------------------------------------------------ decision

    def _decision_inputs_changed(self) -> None:
        pursue = self.outcome_combo.currentData() == "pursue"
        self.tier_combo.setEnabled(pursue)
        self.decision_error.clear()
        self.capacity_note.clear()
        if not pursue:
            self.despite_check.setVisible(False)
            self.despite_check.setChecked(False)
        if self.opp is None or not pursue or not self.tier_combo.currentData():
            return
        check = self.view.data.pursue_check(self.opp.id, self.tier_combo.currentData())
        colour = {"ok": GREY, "last_slot": AMBER, "over_limit": RED}[check.status]
        self.capacity_note.setText(f"<span style='color:{colour}'>{check.message}</span>")

    def _load_decision(self, o: svc.OpportunityRow) -> None:
        if getattr(self, "_decision_for", None) != o.id:  # another opportunity: start afresh
            self._decision_for = o.id
            self.outcome_combo.setCurrentIndex(0)
            self.tier_combo.setCurrentIndex(0)
            self.despite_check.setChecked(False)
            self.despite_check.setVisible(False)
        self.history.clear()
        for d in o.decisions:
            tier = f" as {d.tier}" if d.tier else ""
            review = f"; review {d.review_on.day} {d.review_on:%b %Y}" if d.review_on else ""
            head = f"{d.decided_on.day} {d.decided_on:%b %Y}: {d.outcome}{tier}{review} — "
            # A very long rationale shows its start; the tooltip holds much more of it.
            shown = d.rationale if len(d.rationale) <= 600 else d.rationale[:600] + "…"
            item = QListWidgetItem(_breakable(head + shown))
            item.setToolTip(head + _breakable(d.rationale[:2000], 80))
            self.history.addItem(item)
        if o.tier:
            self.tier_combo.setCurrentIndex(max(self.tier_combo.findData(o.tier), 0))
        self._decision_inputs_changed()

    def record_decision(self) -> None:
        if self.opp is None:
            return
        outcome = self.outcome_combo.currentData()
        tier = self.tier_combo.currentData() if outcome == "pursue" else ""
        rationale = self.rationale_edit.toPlainText()
        if not outcome:
            self.decision_error.setText("Choose an outcome: pursue, defer or decline.")
            return
        if outcome == "pursue":
            caveats = svc.pursue_caveats(self.view.data, self.opp.id)
            if caveats.unscreened:
                self.decision_error.setText(
                    f"“{caveats.title}” has not been screened yet: answer its gates and score "
                    "it (the Gates and Scores tabs) before deciding to pursue it — or defer "
                    "it until you can.")
                return
            if caveats.needs_reason:
                if not self.despite_check.isChecked() or not rationale.strip():
                    self.despite_check.setVisible(True)
                    gaps = caveats.sentence.removeprefix("Pursued with ")
                    self.decision_error.setText(
                        f"{gaps[:1].upper()}{gaps[1:]} "
                        "Say in the rationale why it should be pursued before screening is "
                        "complete, and tick the box below; or finish screening first.")
                    return
                rationale = f"{caveats.sentence} {rationale.strip()}"  # kept with the record
        decided_on = self.date_edit.date().toPython()
        review = self.review_edit.date().toPython()
        assert isinstance(decided_on, dt.date) and isinstance(review, dt.date)
        review_on = review if self.review_check.isChecked() else None
        choice: Choice | None = None
        try:
            check = svc.check_decision(self.view.ctx.store, self.opp.id, outcome, rationale,
                                       decided_on, tier=tier, review_on=review_on,
                                       data=self.view.data)
        except svc.CapacityChoiceNeeded as needed:
            dialog = CapacityChoiceDialog(needed.check, self, options=svc.room_options(
                self.view.ctx.store, self.view.data, needed.check))
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
                self.decision_error.setText("Not recorded: no room was made.")
                return
            choice = dialog.chosen()
            check = needed.check
        except ValidationError as exc:
            self.decision_error.setText(exc.message)
            return
        self.decision_error.clear()
        title = self.opp.title
        self.view.push(cmd.DecideCommand(self.view.ctx, self.opp.id, outcome, rationale,
                                         decided_on, tier, review_on, choice, title))
        self.rationale_edit.clear()
        self.despite_check.setChecked(False)
        self.despite_check.setVisible(False)
        if check is not None and check.status == "last_slot":
            self.view.ctx.events.status.emit(f"“{title}” fills the last strategic slot.")
        else:
            self.view.ctx.events.status.emit(f"Decision recorded: {outcome} “{title}”.")

    # ------------------------------------------------------------------ loading

    def load(self, data: svc.ScreeningData, ranked: RankedOption | None,
             share: float | None) -> None:
        self._loading = True
        # A colleague's new gate or criterion rebuilds these rows: the keyboard stays put.
        gate_place = focused_place(self.gate_rows)
        score_place = focused_place(self.score_rows)
        try:
            self._build_gates(data)
            self._build_scores(data)
            previous = self.opp.id if self.opp is not None else None
            self.opp = data.opportunity(ranked.id) if ranked is not None else None
            if self.opp is None or self.opp.id != previous:
                self.show_gate_error(None, "")  # it was about the one shown before
            self.setEnabled(self.opp is not None)
            if self.opp is None or ranked is None:
                self.partner_page.load(None, "")
                self.header.setText("<h3>No opportunity selected</h3><p>Choose one in the "
                                    "table, or add a new one.</p>")
                return
            o = self.opp
            rank = f"ranked {ranked.rank}" if ranked.rank is not None else "not ranked"
            if ranked.unscored:
                share = None  # no stability figure for what nobody has scored
            gates = GATE_LABELS.get(ranked.gate_status, ranked.gate_status).lower()
            words = stability_words(share, data.top_k) if share is not None else ""
            failed = (f"<br><span style='color:{RED}'>Failed: {', '.join(ranked.failed_gates)}"
                      "</span>") if ranked.failed_gates else ""
            figures = (f"<b>{NOT_SCORED.capitalize()}</b>: score it on the criteria below to "
                       f"give it a rank and a confidence; gates {gates}" if ranked.unscored
                       else f"Score <b>{ranked.score:.0f}</b>, {rank}; gates {gates}; "
                            f"confidence {_percent(ranked.confidence)}"
                            f"{'; ' + words if words else ''}")
            self.header.setText(
                f"<h3>{_html(_breakable(o.title))}</h3><p>{figures}.{failed}</p>")
            self._load_context(data, o)
            self._load_gates(o)
            self._load_scores(data, o)
            self._load_decision(o)
            self.partner_page.load(o.id, o.title)
            if o.id == previous:
                focus_place(self.gate_rows, gate_place)
                focus_place(self.score_rows, score_place)
        finally:
            self._loading = False


def _form_row(form: QFormLayout, widget: QWidget) -> int:
    """The form row holding ``widget``, or -1."""
    row, _role = cast(tuple[int, Any], form.getWidgetPosition(widget))
    return row


def _clear(layout: QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _breakable(text: str, every: int = 20) -> str:
    """``text`` with a zero-width break every ``every`` characters of a very long word.

    A wrapping label is as wide as its longest word: one long word in a title would push
    the editor over the ranking table.
    """
    words = []
    for word in text.split(" "):
        if len(word) > every + 4:
            word = "\u200b".join(word[i:i + every] for i in range(0, len(word), every))
        words.append(word)
    return " ".join(words)


def _unbroken(text: str) -> str:
    """``text`` as HTML that never wraps inside it (a key entry stays on one line)."""
    return _html(text).replace(" ", "&nbsp;").replace("-", "\u2011")


# --------------------------------------------------------------------------- weights page


class ScaleDelegate(QStyledItemDelegate):
    """Edit a pairwise judgement with a list of Saaty scale values."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        for value in reversed(ahp.SCALE):
            combo.addItem(_scale_text(value), value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.UserRole) or 1.0
        editor.setCurrentIndex(max(editor.findText(_scale_text(float(value))), 0))

    def setModelData(self, editor: QWidget, model: Any,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.UserRole)


def _scale_text(value: float) -> str:
    return str(round(value)) if value >= 1 else f"1/{round(1 / value)}"


class WeightsPage(QWidget):
    """Draft weights by sliders or pairwise comparison, agreed with a reason; the criteria."""

    draft_changed = Signal()

    def __init__(self, view: ScreeningView) -> None:
        super().__init__()
        self.view = view
        self.draft: dict[int, float] | None = None
        self.method = "direct"
        self.matrix: list[list[float]] = []
        self.sliders: dict[int, tuple[QSlider, QSpinBox]] = {}
        self._updating = False
        self._key: tuple[Any, ...] = ()
        self.suggestion: ahp.Judgement | None = None

        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        outer.addLayout(left, 3)
        self.method_tabs = QTabWidget()
        left.addWidget(self.method_tabs)

        slider_page = QWidget()
        slider_layout = QVBoxLayout(slider_page)
        intro = QLabel("Drag a slider: the others give way in proportion, so the total stays "
                       "100. The ranking previews the draft until you agree it.")
        intro.setWordWrap(True)
        slider_layout.addWidget(intro)
        self.slider_grid = QGridLayout()
        slider_layout.addLayout(self.slider_grid)
        self.total_label = QLabel()
        slider_layout.addWidget(self.total_label)
        slider_layout.addStretch(1)
        self.method_tabs.addTab(slider_page, "&Sliders")

        pair_page = QWidget()
        pair_layout = QVBoxLayout(pair_page)
        pair_intro = QLabel("How much more important is the row than the column? 1 = equal, "
                            "3 = moderately, 5 = strongly, 7 = very strongly, 9 = extremely "
                            "(1/3 means the column matters more). Edit the cells above the "
                            "diagonal with F2 or a double-click.")
        pair_intro.setWordWrap(True)
        pair_layout.addWidget(pair_intro)
        self.grid = QTableWidget()
        self.grid.setItemDelegate(ScaleDelegate(self.grid))
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.grid.itemChanged.connect(self._cell_changed)
        pair_layout.addWidget(self.grid)
        self.cr_label = QLabel()
        self.cr_label.setObjectName("consistencyRatio")
        self.cr_label.setWordWrap(True)
        pair_layout.addWidget(self.cr_label)
        hint_row = QHBoxLayout()
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.accept_hint = QPushButton("&Use suggestion")
        self.accept_hint.clicked.connect(self.accept_suggestion)
        hint_row.addWidget(self.hint_label, 1)
        hint_row.addWidget(self.accept_hint)
        pair_layout.addLayout(hint_row)
        self.use_pairwise = QPushButton("Preview these &weights")
        self.use_pairwise.clicked.connect(self.preview_pairwise)
        pair_layout.addWidget(self.use_pairwise)
        self.method_tabs.addTab(pair_page, "&Pairwise comparison")

        criteria_page = self._build_criteria_page()
        self.method_tabs.addTab(criteria_page, "&Criteria")

        agree = QGroupBox("Agree the weights")
        agree_layout = QGridLayout(agree)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Why the weights change (kept in the log)")
        self.agree_button = QPushButton("&Agree weights")
        self.revert_button = QPushButton("Re&vert draft")
        self.weights_error = QLabel()
        self.weights_error.setStyleSheet(f"color: {RED};")
        self.weights_error.setWordWrap(True)
        agree_layout.addWidget(QLabel("Reason"), 0, 0)
        agree_layout.addWidget(self.reason_edit, 0, 1)
        agree_layout.addWidget(self.agree_button, 0, 2)
        agree_layout.addWidget(self.revert_button, 0, 3)
        agree_layout.addWidget(self.weights_error, 1, 0, 1, 4)
        left.addWidget(agree)
        self.agree_button.clicked.connect(self.agree)
        self.revert_button.clicked.connect(self.revert)
        self.reason_edit.returnPressed.connect(self.agree)

        right = QVBoxLayout()
        outer.addLayout(right, 2)
        right.addWidget(QLabel("<h3>How robust is the top group?</h3>"))
        self.k_spin = QSpinBox()
        self.k_spin.setRange(1, 50)
        self.k_spin.setPrefix("Top group: ")
        self.k_spin.valueChanged.connect(lambda _v: self._k_changed())
        right.addWidget(self.k_spin)
        self.ranges_label = QLabel()
        self.ranges_label.setWordWrap(True)
        self.ranges_label.setTextFormat(Qt.TextFormat.RichText)
        self.range_chart = WeightRangeChart()
        right.addWidget(self.range_chart)
        right.addWidget(self.ranges_label)
        right.addWidget(QLabel("<h3>Weight log</h3>"))
        self.log = QListWidget()
        self.log.setWordWrap(True)
        right.addWidget(self.log, 1)

    # ------------------------------------------------------------------ criteria editor

    def _build_criteria_page(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        column = QVBoxLayout()
        self.criteria_list = QListWidget()
        # Long names wrap rather than hide behind a sideways scroll bar.
        self.criteria_list.setWordWrap(True)
        self.criteria_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.criteria_list.currentRowChanged.connect(self._criterion_selected)
        column.addWidget(self.criteria_list)
        # The new name gets a line of its own: beside the direction and the button it was
        # too narrow to read what was typed.
        self.new_criterion = QLineEdit()
        self.new_criterion.setPlaceholderText("Name of a new criterion")
        self.new_criterion.setAccessibleName("New criterion name")
        column.addWidget(self.new_criterion)
        add_row = QHBoxLayout()
        self.new_direction = QComboBox()
        self.new_direction.addItem("counts for", "benefit")
        self.new_direction.addItem("counts against", "cost")
        self.new_direction.setAccessibleName("New criterion direction")
        add = QPushButton("Add criterion")
        add.clicked.connect(self.add_criterion)
        self.new_criterion.returnPressed.connect(self.add_criterion)
        add_row.addWidget(self.new_direction, 1)
        add_row.addWidget(add)
        column.addLayout(add_row)
        self.remove_criterion_button = QPushButton("Remove criterion")
        self.remove_criterion_button.clicked.connect(self.remove_criterion)
        column.addWidget(self.remove_criterion_button)
        layout.addLayout(column, 1)
        form = QFormLayout()
        self.crit_name = QLineEdit()
        self.crit_description = QLineEdit()
        self.crit_direction = QComboBox()
        self.crit_direction.addItem("Benefit (higher is better)", "benefit")
        self.crit_direction.addItem("Cost (higher counts against)", "cost")
        self.level_edits = [QLineEdit() for _ in range(5)]
        form.addRow("Name", self.crit_name)
        form.addRow("Description", self.crit_description)
        form.addRow("Direction", self.crit_direction)
        for i, edit in enumerate(self.level_edits, start=1):
            form.addRow(f"Level {i}", edit)
        self.criteria_error = QLabel()
        self.criteria_error.setStyleSheet(f"color: {RED};")
        self.criteria_error.setWordWrap(True)
        form.addRow("", self.criteria_error)
        layout.addLayout(form, 2)
        self.crit_name.textEdited.connect(lambda t: self._criterion_edit("name", t))
        self.crit_description.textEdited.connect(
            lambda t: self._criterion_edit("description", t))
        self.crit_direction.currentIndexChanged.connect(
            lambda _i: self._criterion_edit("direction", self.crit_direction.currentData()))
        for edit in self.level_edits:
            edit.textEdited.connect(lambda _t: self._criterion_edit(
                "levels", [e.text() for e in self.level_edits]))
        return page

    def _current_criterion(self) -> svc.CriterionRow | None:
        row = self.criteria_list.currentRow()
        criteria = self.view.data.criteria
        return criteria[row] if 0 <= row < len(criteria) else None

    def _criterion_selected(self, _row: int) -> None:
        c = self._current_criterion()
        self._updating = True
        try:
            if c is None:
                return
            _set_text(self.crit_name, c.name)
            _set_text(self.crit_description, c.description)
            self.crit_direction.setCurrentIndex(max(self.crit_direction.findData(c.direction), 0))
            for edit, text in zip(self.level_edits, c.levels, strict=True):
                _set_text(edit, text)
                edit.setToolTip(text)  # whole, when it is longer than the field
        finally:
            self._updating = False

    def _criterion_edit(self, field: str, value: Any) -> None:
        c = self._current_criterion()
        if self._updating or c is None:
            return
        try:
            if field == "name":
                value = validate.name(value, "The criterion's name", field="name")
                if any(o.id != c.id and o.name.casefold() == value.casefold()
                       for o in self.view.data.criteria):
                    raise ValidationError(f"There is already a criterion called “{value}”.")
            elif field in ("description",):
                value = validate.text(value, "The description", max_len=2000)
            elif field == "levels":
                value = [validate.text(v, "A level", max_len=500).strip() for v in value]
        except ValidationError as exc:
            self.criteria_error.setText(exc.message)
            return
        self.criteria_error.clear()
        old = {"name": c.name, "description": c.description, "direction": c.direction,
               "levels": list(c.levels)}[field]
        if old != value:
            self.view.push(cmd.UpdateCriterionCommand(self.view.ctx, c.id, field, old, value))

    def add_criterion(self) -> None:
        try:
            name = validate.name(self.new_criterion.text(), "The criterion's name")
            if any(o.name.casefold() == name.casefold() for o in self.view.data.criteria):
                raise ValidationError(f"There is already a criterion called “{name}”.")
        except ValidationError as exc:
            self.criteria_error.setText(exc.message)
            return
        self.criteria_error.clear()
        self.new_criterion.clear()
        self.view.push(cmd.AddCriterionCommand(self.view.ctx, name,
                                               self.new_direction.currentData()))
        self.criteria_list.setCurrentRow(self.criteria_list.count() - 1)

    def remove_criterion(self) -> None:
        c = self._current_criterion()
        if c is None:
            return
        others = [o for o in self.view.data.criteria if o.id != c.id]
        if not others or not any(o.weight > 0 for o in others):
            self.criteria_error.setText(
                f"“{c.name}” carries all the weight (or is the only criterion); give another "
                "criterion some weight first.")
            return
        self.criteria_error.clear()
        self.view.push(cmd.RemoveCriterionCommand(self.view.ctx, c.id, c.name))

    # ------------------------------------------------------------------ sliders

    def _build(self, data: svc.ScreeningData) -> None:
        key = tuple((c.id, c.name) for c in data.criteria)
        if key == self._key:
            return
        self._key = key
        _clear(self.slider_grid)
        self.sliders = {}
        for row, c in enumerate(data.criteria):
            label = QLabel(c.name)
            label.setToolTip(c.description)
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setAccessibleName(f"Weight of {c.name}")
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setAccessibleName(f"Weight of {c.name}, percent")
            label.setBuddy(slider)
            self.slider_grid.addWidget(label, row, 0)
            self.slider_grid.addWidget(slider, row, 1)
            self.slider_grid.addWidget(spin, row, 2)
            self.sliders[c.id] = (slider, spin)
            slider.valueChanged.connect(lambda v, ident=c.id: self.set_slider(ident, v))
            spin.valueChanged.connect(lambda v, ident=c.id: self.set_slider(ident, v))
        self.slider_grid.setColumnStretch(1, 1)
        self.draft = None
        self.matrix = []

    def slider_values(self) -> dict[int, int]:
        return {ident: slider.value() for ident, (slider, _spin) in self.sliders.items()}

    def _show_sliders(self, values: dict[int, int]) -> None:
        self._updating = True
        try:
            for ident, (slider, spin) in self.sliders.items():
                slider.setValue(values.get(ident, 0))
                spin.setValue(values.get(ident, 0))
        finally:
            self._updating = False
        self.total_label.setText(f"Total: <b>{sum(values.values())}</b>")

    def set_slider(self, ident: int, value: int) -> None:
        """One slider moved: rebalance the rest so the total stays 100, preview the draft."""
        if self._updating:
            return
        ids = list(self.sliders)
        current = self.slider_values()
        values = rebalance([current[i] for i in ids], ids.index(ident), value)
        balanced = dict(zip(ids, values, strict=True))
        self._show_sliders(balanced)
        self.method = "direct"
        self.set_draft({i: float(v) for i, v in balanced.items()})

    def set_draft(self, weights: dict[int, float] | None) -> None:
        agreed = {c.id: c.weight for c in self.view.data.criteria}
        if weights is not None and all(abs(weights.get(i, 0) - w) < 1e-6
                                       for i, w in agreed.items()):
            weights = None
        self.draft = weights
        self.weights_error.clear()
        self.draft_changed.emit()

    def revert(self) -> None:
        self.method = "direct"
        self.load(self.view.data, force=True)
        self.set_draft(None)

    def agree(self) -> None:
        if self.draft is None:
            self.weights_error.setText("Nothing to agree: move a slider or compare criteria "
                                       "first.")
            return
        reason = self.reason_edit.text().strip()
        if not reason:
            self.weights_error.setText("Say why the weights change; the reason is kept in the "
                                       "log.")
            self.reason_edit.setFocus()
            return
        try:
            cleaned = svc.clean_weights(self.view.ctx.store, self.draft)
        except ValidationError as exc:
            self.weights_error.setText(exc.message)
            return
        old = {c.id: c.weight for c in self.view.data.criteria}
        pairwise = self.matrix if self.method == "pairwise" else None
        self.reason_edit.clear()
        self.draft = None
        self.view.push(cmd.SetWeightsCommand(self.view.ctx, old, cleaned, reason, self.method,
                                             pairwise))

    # ------------------------------------------------------------------ pairwise

    def _default_matrix(self, data: svc.ScreeningData) -> list[list[float]]:
        """The last pairwise table when the criteria match, else one implied by the weights."""
        n = len(data.criteria)
        ids = [str(c.id) for c in data.criteria]
        for entry in data.weight_log:
            if (entry.method == "pairwise" and sorted(ids) == sorted(entry.weights)
                    and len(entry.pairwise) == n):
                # The table was saved in criteria order at the time; reuse it when unchanged.
                return [list(row) for row in entry.pairwise]
            break  # only the latest weighting counts
        weights = [max(c.weight, 0.5) for c in data.criteria]
        return [[1.0 if i == j else ahp.snap_to_scale(weights[i] / weights[j])
                 for j in range(n)] for i in range(n)]

    def _show_matrix(self) -> None:
        names = [c.name for c in self.view.data.criteria]
        n = len(names)
        self.grid.blockSignals(True)
        self.grid.setRowCount(n)
        self.grid.setColumnCount(n)
        self.grid.setHorizontalHeaderLabels([f"{i + 1}" for i in range(n)])
        self.grid.setVerticalHeaderLabels([f"{i + 1}. {name}" for i, name in enumerate(names)])
        for i in range(n):
            for j in range(n):
                value = self.matrix[i][j]
                item = QTableWidgetItem(_scale_text(value))
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if j <= i:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setForeground(QBrush(QColor(GREY)))
                else:
                    item.setToolTip(f"{names[i]} versus {names[j]}: "
                                    f"{ahp.describe_value(value)}")
                self.grid.setItem(i, j, item)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.blockSignals(False)
        self._update_ratio()

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        i, j = item.row(), item.column()
        value = item.data(Qt.ItemDataRole.UserRole)
        if j <= i or value is None:
            return
        self.set_judgement(i, j, float(value))

    def set_judgement(self, i: int, j: int, value: float) -> None:
        """Row i versus column j (above the diagonal); the mirror cell follows."""
        self.matrix[i][j] = value
        self.matrix[j][i] = 1.0 / value
        self._show_matrix()

    def _update_ratio(self) -> None:
        if not self.matrix:
            return
        result = ahp.analyse(self.matrix)
        cr = result.consistency_ratio
        colour = GREEN if result.acceptable else RED
        verdict = "acceptable" if result.acceptable else "too inconsistent (aim below 0.10)"
        note = " (less reliable beyond ten criteria)" if len(self.matrix) > 10 else ""
        weights = to_percentages(result.weights)
        names = [c.name for c in self.view.data.criteria]
        self.cr_label.setText(
            f"Consistency ratio <b style='color:{colour}'>{cr:.3f}</b>: {verdict}{note}.<br>"
            "Weights: " + ", ".join(f"{n} {w}%" for n, w in zip(names, weights, strict=True)))
        self.suggestion = ahp.most_inconsistent(self.matrix) if not result.acceptable else None
        if self.suggestion is None:
            self.hint_label.clear()
            self.accept_hint.setEnabled(False)
        else:
            s = self.suggestion
            self.hint_label.setText(
                f"Most at odds with the rest: <b>{_html(names[s.row])}</b> versus "
                f"<b>{_html(names[s.col])}</b>, now {_scale_text(s.current)}. The other "
                f"judgements suggest {_scale_text(s.suggested)}, which would bring the ratio "
                f"to {s.ratio_after:.3f}. Accept it only if it matches your view.")
            self.accept_hint.setEnabled(True)

    def accept_suggestion(self) -> None:
        if self.suggestion is not None:
            self.set_judgement(self.suggestion.row, self.suggestion.col,
                               self.suggestion.suggested)

    def preview_pairwise(self) -> None:
        result = ahp.analyse(self.matrix)
        ids = [c.id for c in self.view.data.criteria]
        values = dict(zip(ids, to_percentages(result.weights), strict=True))
        self._show_sliders(values)
        self.method = "pairwise"
        self.set_draft({i: round(w * 100, 4) for i, w in zip(ids, result.weights, strict=True)})

    # ------------------------------------------------------------------ sensitivity

    def _k_changed(self) -> None:
        new = self.k_spin.value()
        if new != self.view.data.top_k:
            self.view.push(cmd.SetTopKCommand(self.view.ctx, self.view.data.top_k, new))

    def show_ranges(self) -> None:
        data = self.view.data
        ranges = data.weight_ranges(weights=self.draft)
        k = data.top_k
        self.range_chart.set_ranges(ranges)
        if not ranges:
            self.ranges_label.setText("Give at least one criterion a weight.")
        elif all(r.high - r.low < 0.5 for r in ranges):
            self.ranges_label.setText(
                f"There is a tie at the edge of the top {k}: any change of weight decides which "
                "of the tied opportunities is in it. Score them further, or look at their "
                "evidence, before deciding.")
        else:
            self.ranges_label.setText(
                f"The top {k} stays the same while a weight moves within these ranges (the "
                "others keep their proportions):<ul>"
                + "".join(f"<li>{_html(r.words)}</li>" for r in ranges) + "</ul>")

    # ------------------------------------------------------------------ loading

    def load(self, data: svc.ScreeningData, *, force: bool = False) -> None:
        self._build(data)
        if self.draft is None or force:
            agreed = [c.weight for c in data.criteria]
            if any(w > 0 for w in agreed):
                self._show_sliders(dict(zip([c.id for c in data.criteria],
                                            to_percentages(agreed), strict=True)))
            else:
                self._show_sliders({c.id: 0 for c in data.criteria})
            self.matrix = self._default_matrix(data)
        elif len(self.matrix) != len(data.criteria):
            self.matrix = self._default_matrix(data)
        self._show_matrix()
        self.k_spin.blockSignals(True)
        self.k_spin.setValue(data.top_k)
        self.k_spin.blockSignals(False)
        row = self.criteria_list.currentRow()
        current = self.criteria_list.currentItem()
        chosen = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.criteria_list.blockSignals(True)
        self.criteria_list.clear()
        for c in data.criteria:
            item = QListWidgetItem(f"{c.name} ({c.weight:.0f}%)"
                                   + (" — counts against" if c.direction == "cost" else ""))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.criteria_list.addItem(item)
        self.criteria_list.blockSignals(False)
        # The criterion being edited stays chosen wherever it moved (by id, not by row).
        ids = [c.id for c in data.criteria]
        self.criteria_list.setCurrentRow(ids.index(chosen) if chosen in ids
                                         else min(max(row, 0), len(data.criteria) - 1))
        self.log.clear()
        names = {str(c.id): c.name for c in data.criteria}
        for entry in data.weight_log[:200]:
            ratio = (f", consistency ratio {entry.consistency_ratio:.2f}"
                     if entry.consistency_ratio is not None else "")
            weights = ", ".join(f"{names.get(k, 'removed')} {v:.0f}%"
                                for k, v in entry.weights.items())
            who = f" by {entry.author}" if entry.author else ""
            self.log.addItem(f"{entry.created_at.day} {entry.created_at:%b %Y %H:%M}{who} ({entry.method}{ratio}): "
                             f"{entry.reason}\n{weights}")
        self.show_ranges()


# --------------------------------------------------------------------------- the view


class ScreeningView(BaseView):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data = svc.load(ctx.store)
        self.ranking: list[RankedOption] = []
        self.shares: dict[int, float] = {}
        self._selected: int | None = None
        self._board_key: tuple[Any, ...] = ()
        self._stale = False  # changes arrived while another view was in front

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.pages = QTabWidget()
        layout.addWidget(self.pages)

        # Ranking page
        ranking_page = QWidget()
        ranking_layout = QVBoxLayout(ranking_page)
        ranking_layout.setContentsMargins(0, 0, 0, 0)
        self.preview_banner = QLabel()
        self.preview_banner.setStyleSheet("background: #fff6dc; padding: 4px;")
        self.preview_banner.setWordWrap(True)
        self.preview_banner.hide()
        ranking_layout.addWidget(self.preview_banner)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        ranking_layout.addWidget(splitter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, partners, purposes and decision reasons")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search opportunities")
        self.show_declined = QCheckBox("Show &declined")
        self.show_declined.setChecked(True)
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("New opportunity title")
        self.new_button = QPushButton("&New opportunity")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete an opportunity screened by mistake (decline it to "
                                      "keep it on record)")
        tools.addWidget(self.search, 2)
        tools.addWidget(self.show_declined)
        tools.addWidget(self.new_title, 1)
        tools.addWidget(self.new_button)
        tools.addWidget(self.delete_button)
        left_layout.addLayout(tools)
        self.message = MessageLabel()
        self.message.setStyleSheet(f"color: {RED};")
        self.message.setWordWrap(True)
        left_layout.addWidget(self.message)
        self.empty_note = QLabel()
        self.empty_note.setWordWrap(True)
        self.empty_note.setStyleSheet(f"color: {GREY}; padding: 6px 2px;")
        self.empty_note.hide()
        left_layout.addWidget(self.empty_note)
        self.model = RankingTableModel(self)
        self.proxy = RankingFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Widths from the header text, not the contents: sizing to contents reads every cell
        # of every row on each reload, which is slow with hundreds of opportunities.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = header.fontMetrics()
        for column, title in enumerate(RankingTableModel.COLUMNS):
            header.resizeSection(column, metrics.horizontalAdvance(title) + 28)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Room for the longest stage, "Pursued (operational)", rather than eliding it.
        header.resizeSection(6, metrics.horizontalAdvance("Pursued (operational)") + 16)
        # Titles get two lines (the second elided, the whole title in the tooltip): one
        # line left most of each title unread beside the editor. A fixed row height keeps
        # reloads quick (no per-row measuring).
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(
            2 * self.table.fontMetrics().lineSpacing() + 10)
        self.table.setAccessibleName("Ranked opportunities")
        chart_split = QSplitter(Qt.Orientation.Vertical)
        chart_split.addWidget(self.table)
        self.chart = ContributionChart()
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_title = QLabel("<b>What each criterion contributes</b> (ranked opportunities)")
        chart_layout.addWidget(chart_title)
        chart_layout.addWidget(self.chart, 1)
        chart_layout.addWidget(self.chart.key)
        chart_split.addWidget(chart_box)
        chart_split.setSizes([320, 260])
        left_layout.addWidget(chart_split)
        splitter.addWidget(left)
        self.editor = OpportunityEditor(self)
        splitter.addWidget(self.editor)
        splitter.setSizes([760, 480])
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.pages.addTab(ranking_page, "Ranking")

        self.weights = WeightsPage(self)
        self.pages.addTab(self.weights, "Weights")
        self.board = CapacityBoard()
        self.pages.addTab(self.board, "Capacity")

        self.search.textChanged.connect(self.proxy.set_search)
        self.show_declined.toggled.connect(self.proxy.set_show_declined)
        for signal in (self.search.textChanged, self.show_declined.toggled):
            signal.connect(lambda *_a: self._show_empty_note())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.new_button.clicked.connect(self.new_opportunity)
        self.new_title.returnPressed.connect(self.new_opportunity)
        self.delete_button.clicked.connect(self.delete_opportunity)
        self.weights.draft_changed.connect(self._show_ranking)
        self.board.open_requested.connect(lambda ident: self.show_record("opportunity", ident))
        self.board.move_requested.connect(self.move_on_board)
        # The descriptions are what Help › Keyboard shortcuts lists.
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search).setWhatsThis(
            "Search the opportunities")
        QShortcut(QKeySequence("Ctrl+L"), self, lambda: self.table.setFocus()).setWhatsThis(
            "Go to the list of opportunities")
        QShortcut(QKeySequence("Ctrl+E"), self, self._focus_editor).setWhatsThis(
            "Go to the chosen opportunity's details")
        self.setTabOrder(self.search, self.table)
        self._apply(None)  # self.data was loaded above

    # ------------------------------------------------------------------ contract

    def refresh(self, changes: ChangeSet) -> None:
        if not changes.touches(*SCREENING_KINDS):
            return
        if self.isHidden():
            # Another view is in front: catch up when this one is shown again, so edits
            # elsewhere never wait for the ranking and stability to be worked out.
            self._stale = True
            return
        self._reload(changes)

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        if visible and self._stale:
            self._stale = False
            self._reload()

    def show_record(self, kind: str, ident: int) -> bool:
        if kind not in ("opportunity", "decision"):
            return False
        if self._stale:
            self._stale = False
            self._reload()
        if self.data.opportunity(ident) is None:
            return False
        self.pages.setCurrentIndex(0)
        self.search.clear()
        self.show_declined.setChecked(True)
        self.select(ident)
        return True

    def show_page(self, name: str) -> QWidget | None:
        """Switch to a sub-page ("ranking", "weights", "capacity", or "partner": the Partner's
        view tab of the first opportunity with the partner's answers); the window is grabbed."""
        index = {"ranking": 0, "weights": 1, "capacity": 2, "partner": 0}.get(name)
        if index is not None:
            self.pages.setCurrentIndex(index)
        if name == "partner":
            from planner.services.partner_view import rounds

            answered = [o.id for o in self.data.opportunities
                        if rounds(self.ctx.store, o.id)]
            if answered:
                self.select(answered[0])
            self.editor.tabs.setCurrentWidget(self.editor.partner_page)
        return None

    # ------------------------------------------------------------------ working

    def push(self, command: EditCommand) -> bool:
        """Push an undo command; a refusal the view did not foresee is shown, not raised."""
        self.ctx.push(command)
        if command.problem:
            self.message.setText(command.problem)
            self._reload()  # show the plan as it is, not as the refused edit hoped
            return False
        return True

    def _reload(self, changes: ChangeSet | None = None) -> None:
        ids = [i for kind, i in (changes.ids if changes else ()) if kind == "opportunity"]
        if (changes is not None and ids and changes.kinds <= PER_OPPORTUNITY_KINDS
                and "*" not in changes.kinds):
            # An edit to some opportunities: read just those again (typing stays quick).
            self.data = svc.reload_opportunities(self.ctx.store, self.data, ids)
        else:
            self.data = svc.load(self.ctx.store)
        self._apply(changes)

    def _apply(self, changes: ChangeSet | None) -> None:
        """Show ``self.data``: weights page, board and ranking."""
        # Typing a score or a rationale reloads on every key: skip what it cannot change.
        if changes is None or changes.touches("criterion", "weight_profile", "profile"):
            self.weights.load(self.data)
        state = self.data.capacity_state()
        board_key = (state.limit, state.hours_budget,
                     tuple(sorted((e.id, e.title, e.tier, e.ceo_hours)
                                  for e in self.data.engagements())))
        if board_key != self._board_key:
            self._board_key = board_key
            self.board.set_state(state)
        self._show_ranking()

    def _show_ranking(self) -> None:
        draft = self.weights.draft
        self.ranking = self.data.ranking(draft)
        stability = self.data.stability(weights=draft)
        self.shares = stability.shares
        rows = []
        for r in self.ranking:
            opp = self.data.opportunity(r.id)
            assert opp is not None
            rows.append((r, opp, self.shares.get(r.id)))
        keep = self._selected
        self.model.set_rows(rows, self.data.top_k)
        self._show_empty_note()
        self.chart.set_data([c.name for c in self.data.criteria], self.ranking)
        if draft is not None:
            self.preview_banner.setText("Previewing draft weights: the ranking shows what they "
                                        "would do. Agree them with a reason on the Weights page, "
                                        "or revert.")
            self.preview_banner.show()
        else:
            self.preview_banner.hide()
        self.weights.show_ranges()
        if keep is not None and self.data.opportunity(keep) is not None:
            self.select(keep)
        elif self.proxy.rowCount() > 0:
            self.table.selectRow(0)
        else:
            self._selected = None
            self.editor.load(self.data, None, None)

    def _show_empty_note(self) -> None:
        """Say why the table is empty, and what to do, instead of showing a blank grid."""
        if self.model.rowCount() == 0:
            text = ("No opportunities yet. Type a title in the box above and press Enter (or "
                    "New opportunity) to start screening one.")
        elif self.proxy.rowCount() == 0:
            text = (f"Nothing matches “{self.search.text()}”." if self.search.text()
                    else "Every opportunity here is declined: tick Show declined to see them.")
        else:
            text = ""
        self.empty_note.setText(text)
        self.empty_note.setVisible(bool(text))

    def select(self, ident: int) -> None:
        row = self.model.row_of(ident)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._selected = ident
        if index.isValid() and index.row() != self.table.currentIndex().row():
            self.table.setCurrentIndex(index)  # _current_changed loads the editor
        else:
            if index.isValid():
                self.table.selectionModel().select(
                    index, self.table.selectionModel().SelectionFlag.ClearAndSelect
                    | self.table.selectionModel().SelectionFlag.Rows)
            self._load_editor()
        if index.isValid():
            self.table.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        ident = self.proxy.data(current, ID_ROLE)
        if ident != self._selected:
            self._selected = ident
            self.editor.rationale_edit.clear()
        self._load_editor()

    def _load_editor(self) -> None:
        ranked = next((r for r in self.ranking if r.id == self._selected), None)
        self.editor.load(self.data, ranked, self.shares.get(self._selected or -1))

    def selected_id(self) -> int | None:
        return self._selected

    def new_opportunity(self) -> None:
        try:
            title = validate.name(self.new_title.text(), "The title")
        except ValidationError as exc:
            self.message.setText(exc.message)
            self.new_title.setFocus()
            return
        self.message.clear()
        self.new_title.clear()
        command = cmd.CreateOpportunityCommand(self.ctx, title)
        self.push(command)
        if command.ident is not None:
            self.select(command.ident)
            self.editor.tabs.setCurrentIndex(0)

    def delete_opportunity(self) -> None:
        ident = self._selected
        opp = self.data.opportunity(ident) if ident is not None else None
        if opp is None:
            return
        blocker = svc.delete_blocker(self.ctx.store, opp.id)
        if blocker:
            self.message.setText(blocker)
            return
        self.message.clear()
        self._selected = None
        self.push(cmd.DeleteOpportunityCommand(self.ctx, opp.id, opp.title))

    def move_on_board(self, ident: int, move: str) -> None:
        opp = self.data.opportunity(ident)
        if opp is None or (move == opp.tier and opp.stage == "pursued"):
            return  # dropped where it already was
        choice: Choice | None = None
        if move == "strategic":
            check = svc.board_check(self.data, ident)
            if check.needs_choice:
                # The same choice a recorded decision offers: what makes room.
                dialog = CapacityChoiceDialog(check, self, options=svc.room_options(
                    self.ctx.store, self.data, check))
                if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
                    self.board.show_error(f"“{opp.title}” stays {opp.tier}: no strategic slot "
                                          "was made free.")
                    return
                choice = dialog.chosen()
        self.board.show_error("")
        if self.push(cmd.BoardMoveCommand(self.ctx, ident, move, opp.title, choice)):
            if choice is not None:
                self.ctx.events.status.emit(f"“{opp.title}” is now strategic.")
        else:
            self.board.show_error(self.message.text())

    def _focus_search(self) -> None:
        self.pages.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def _focus_editor(self) -> None:
        self.pages.setCurrentIndex(0)
        self.editor.tabs.currentWidget().setFocus()
        self.editor.tabs.setFocus()
