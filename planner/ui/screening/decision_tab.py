"""The Decision tab of the screening editor (ui layer): pursue (with a tier), defer or decline,
with a rationale, a date and a review date; the decisions so far.

Nothing is chosen for the user. Pursuing what has not been screened asks for screening first;
pursuing with open gates or low confidence asks for a reason (``pursue_caveats``). The tab
pushes nothing: a decision ready to record is emitted as ``decision_requested`` and the view
checks the capacity, asks how to make room if needed, and records it, answering with
``recorded`` or ``show_error``. A decision half written (an outcome chosen, a rationale
typed) is kept with its opportunity while another is looked at, until it is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from planner.domain.capacity import TIER_LABELS, TIERS
from planner.services import screening as svc
from planner.ui.screening.common import AMBER, GREY, RED, breakable, error_label


@dataclass(frozen=True)
class DecisionRequest:
    """A decision the user asked to record, checked as far as the snapshot allows."""

    opportunity_id: int
    title: str
    outcome: str
    rationale: str
    decided_on: dt.date
    tier: str
    review_on: dt.date | None
    despite: bool = False  # pursued before screening is complete; the rationale says why
    partner_answers_id: int | None = None  # the round of the partner's answers it cites


@dataclass(frozen=True)
class _Draft:
    """The form as the user left it for one opportunity, not yet recorded."""

    outcome: str
    tier: str
    decided_on: QDate
    review: bool
    review_on: QDate
    rationale: str
    despite: bool


class DecisionTab(QWidget):
    """The decision form and the history of decisions."""

    decision_requested = Signal(object)  # DecisionRequest

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opp: svc.OpportunityRow | None = None
        self.data: svc.ScreeningData | None = None
        self._decision_for: int | None = None
        self._drafts: dict[int, _Draft] = {}  # opportunity id → its unrecorded decision
        form = QFormLayout(self)
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
        # A decision can cite a round of the partner's own answers (the Partner's view tab).
        self.cites_combo = QComboBox()
        self.cites_combo.setAccessibleName("The partner's answers this decision draws on")
        self.cites_combo.setToolTip("The round of the partner's own answers this decision "
                                    "draws on; it is kept with the decision")
        self.capacity_note = QLabel()
        self.capacity_note.setWordWrap(True)
        self.decision_error = error_label()
        self.despite_check = QCheckBox("Pursue anyway: the rationale says why")
        self.despite_check.setVisible(False)
        self.decide_button = QPushButton("&Record decision")
        self.history = QListWidget()
        # Entries wrap to the list's width (a sideways scroll bar hid the rest of each one).
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form.addRow("&Outcome", self.outcome_combo)
        form.addRow("Tier", self.tier_combo)  # no letter: T, I, E and R are taken here
        form.addRow("Decided &on", self.date_edit)  # Alt+D: the Decision tab; O goes round
        form.addRow("", review_row)
        form.addRow("Rationa&le", self.rationale_edit)  # Alt+R: Record decision
        form.addRow("Dra&ws on", self.cites_combo)
        form.addRow("", self.capacity_note)
        form.addRow("", self.decision_error)
        form.addRow("", self.despite_check)
        form.addRow("", self.decide_button)
        form.addRow("Decisions so far", self.history)
        self.outcome_combo.currentIndexChanged.connect(self._inputs_changed)
        self.tier_combo.currentIndexChanged.connect(self._inputs_changed)
        self.decide_button.clicked.connect(self.record_decision)

    def _inputs_changed(self) -> None:
        pursue = self.outcome_combo.currentData() == "pursue"
        self.tier_combo.setEnabled(pursue)
        self.decision_error.clear()
        self.capacity_note.clear()
        if not pursue:
            self.despite_check.setVisible(False)
            self.despite_check.setChecked(False)
        if (self.opp is None or self.data is None or not pursue
                or not self.tier_combo.currentData()):
            return
        check = self.data.pursue_check(self.opp.id, self.tier_combo.currentData())
        colour = {"ok": GREY, "last_slot": AMBER, "over_limit": RED}[check.status]
        self.capacity_note.setText(f"<span style='color:{colour}'>{check.message}</span>")

    def load(self, data: svc.ScreeningData, o: svc.OpportunityRow | None,
             rounds: Sequence[tuple[int, str]] = ()) -> None:
        """``rounds``: the partner's rounds of answers about ``o`` (id, how to name it)."""
        self.data, self.opp = data, o
        chosen = self.cites_combo.currentData() if self._decision_for == (o and o.id) else None
        self.cites_combo.clear()
        self.cites_combo.addItem("No answers from the partner" if not rounds
                                 else "Not the partner's answers", None)
        for ident, text in rounds:
            self.cites_combo.addItem(text, ident)
        self.cites_combo.setCurrentIndex(max(self.cites_combo.findData(chosen), 0))
        self.cites_combo.setEnabled(bool(rounds))
        if o is None:
            return
        drafted = False
        if self._decision_for != o.id:  # another opportunity: its own draft, or afresh
            self._keep_draft()
            self._decision_for = o.id
            drafted = self._show_draft(self._drafts.get(o.id))
        self.history.clear()
        for d in o.decisions:
            tier = f" as {d.tier}" if d.tier else ""
            review = f"; review {d.review_on.day} {d.review_on:%b %Y}" if d.review_on else ""
            cites = f"; {d.cites}" if d.cites else ""
            head = f"{d.decided_on.day} {d.decided_on:%b %Y}: {d.outcome}{tier}{review}{cites} — "
            # A very long rationale shows its start; the tooltip holds much more of it.
            shown = d.rationale if len(d.rationale) <= 600 else d.rationale[:600] + "…"
            item = QListWidgetItem(breakable(head + shown))
            item.setToolTip(head + breakable(d.rationale[:2000], 80))
            self.history.addItem(item)
        if o.tier and not drafted:
            self.tier_combo.setCurrentIndex(max(self.tier_combo.findData(o.tier), 0))
        self._inputs_changed()

    def unrecorded(self) -> list[int]:
        """The opportunities with a decision half written here and not recorded."""
        self._keep_draft()
        return list(self._drafts)

    def _keep_draft(self) -> None:
        """Keep what the form holds for the opportunity it leaves (a rationale typed there
        was thrown away on choosing another opportunity)."""
        if self._decision_for is None:
            return
        draft = _Draft(self.outcome_combo.currentData() or "",
                       self.tier_combo.currentData() or "", self.date_edit.date(),
                       self.review_check.isChecked(), self.review_edit.date(),
                       self.rationale_edit.toPlainText(), self.despite_check.isChecked())
        if draft.outcome or draft.rationale.strip() or draft.review:
            self._drafts[self._decision_for] = draft
        else:
            self._drafts.pop(self._decision_for, None)

    def _show_draft(self, draft: _Draft | None) -> bool:
        """The form as ``draft`` left it, or blank (today's date) for None."""
        today = QDate.currentDate()
        d = draft or _Draft("", "", today, False, today.addMonths(6), "", False)
        self.outcome_combo.setCurrentIndex(max(self.outcome_combo.findData(d.outcome), 0))
        self.tier_combo.setCurrentIndex(max(self.tier_combo.findData(d.tier), 0))
        self.date_edit.setDate(d.decided_on)
        self.review_check.setChecked(d.review)
        self.review_edit.setDate(d.review_on)
        if self.rationale_edit.toPlainText() != d.rationale:
            self.rationale_edit.setPlainText(d.rationale)
        self.despite_check.setChecked(d.despite)
        self.despite_check.setVisible(d.despite)
        return draft is not None

    def record_decision(self) -> None:
        """Check what the snapshot can tell, then ask the view to record the decision."""
        if self.opp is None or self.data is None:
            return
        outcome = self.outcome_combo.currentData()
        tier = self.tier_combo.currentData() if outcome == "pursue" else ""
        rationale = self.rationale_edit.toPlainText()
        if not outcome:
            self.decision_error.setText("Choose an outcome: pursue, defer or decline.")
            return
        despite = False
        if outcome == "pursue":
            caveats = svc.pursue_caveats(self.data, self.opp.id)
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
                despite = True  # the service records what was not yet known with it
        decided_on = self.date_edit.date().toPython()
        review = self.review_edit.date().toPython()
        assert isinstance(decided_on, dt.date) and isinstance(review, dt.date)
        self.decision_requested.emit(DecisionRequest(
            self.opp.id, self.opp.title, outcome, rationale, decided_on, tier,
            review if self.review_check.isChecked() else None, despite,
            self.cites_combo.currentData()))

    def show_error(self, message: str) -> None:
        self.decision_error.setText(message)

    def recorded(self) -> None:
        """The decision was recorded: the form is ready for the next one."""
        if self._decision_for is not None:
            self._drafts.pop(self._decision_for, None)
        self.outcome_combo.setCurrentIndex(0)  # the next decision is chosen afresh, too
        self.review_check.setChecked(False)
        self.decision_error.clear()
        self.rationale_edit.clear()
        self.despite_check.setChecked(False)
        self.despite_check.setVisible(False)
        self.cites_combo.setCurrentIndex(0)
