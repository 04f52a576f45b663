"""The conflict-area editor (ui layer): one area of the register, in four tabs.

A Designer form (forms/conflict_editor.ui): the area (partnership, title, overlap,
description, drivers), its rating before and after treatment, openness and review (owners,
next review, "Reviewed today"), the clauses that handle it, and its history. The editor
holds no store and pushes no edit: it shows the area it is given and says what the user
changed or asked for through its signals; the view checks and saves each edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QListWidgetItem,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from planner.domain import agreements as agreement_rules
from planner.domain import conflicts as rules
from planner.services import conflicts as svc
from planner.ui.conflicts.register_model import ROW_ROLE, flag_text
from planner.ui.forms.ui_conflict_editor import Ui_ConflictEditorForm
from planner.ui.shell.keep_place import same_current_item, show_value
from planner.ui.shell.theme import colour as themed

if TYPE_CHECKING:  # the view imports the agreements' services when a clause is linked
    from planner.services import agreements as agreements_svc

NO_DATE = QDate(2000, 1, 1)  # the date edits' "not set" value (special value text)
TYPED_FIELDS = ("title", "description", "drivers", "partner_view")  # kept when refused


class ConflictEditor(QWidget):
    fieldEdited = Signal(str, object)  # the area's field and the value typed or chosen
    reviewRequested = Signal()  # "Reviewed today"
    clauseOpened = Signal(int)  # a clause double-clicked: its agreement section
    linkRequested = Signal(int)  # name the area in this (draft) clause
    unlinkRequested = Signal()  # take it out of the clause selected
    linkTargetsWanted = Signal()  # the link menu opens: the view answers offer_links()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ConflictEditorForm()
        self.ui.setupUi(self)
        self.ui.flagLabel.setStyleSheet(f"color: {themed('warn')};")  # readable dark or light
        self._filling = False
        self._fill_choices()
        self._connect()

    def _fill_choices(self) -> None:
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
            edit.setMinimumDate(NO_DATE)
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

    def _connect(self) -> None:
        ui = self.ui
        ui.titleEdit.textEdited.connect(lambda text: self._edited("title", text))
        for edit, name in ((ui.descriptionEdit, "description"), (ui.driversEdit, "drivers"),
                           (ui.partnerViewEdit, "partner_view")):
            edit.textChanged.connect(lambda e=edit, n=name: self._edited(n, e.toPlainText()))
        for combo, name in ((ui.overlapCombo, "overlap_domain"),
                            (ui.tensionCombo, "tension_type")):
            combo.currentTextChanged.connect(
                lambda text, n=name: self._edited(n, text.strip()))
        for combo, name in ((ui.partnershipCombo, "opportunity_id"),
                            (ui.likelihoodCombo, "likelihood"), (ui.impactCombo, "impact"),
                            (ui.residualLikelihoodCombo, "residual_likelihood"),
                            (ui.residualImpactCombo, "residual_impact"),
                            (ui.opennessCombo, "openness"), (ui.statusCombo, "status"),
                            (ui.treatmentCombo, "treatment"),
                            (ui.separationCombo, "separation")):
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, n=name: self._edited(n, c.currentData()))
        ui.reviewEverySpin.valueChanged.connect(lambda v: self._edited("review_every_days", v))
        ui.nextReviewEdit.dateChanged.connect(
            lambda d: self._edited("next_review", from_qdate(d)))
        ui.identifiedEdit.dateChanged.connect(
            lambda d: self._edited("identified_on", from_qdate(d)))
        ui.confidentialCheck.toggled.connect(lambda on: self._edited("confidential", on))
        ui.reviewedButton.clicked.connect(self.reviewRequested)
        ui.clausesList.itemDoubleClicked.connect(self._open_clause)
        ui.clausesList.currentRowChanged.connect(lambda _r: self._update_unlink())
        self.linkMenu = QMenu(ui.linkClauseButton)
        self.linkMenu.aboutToShow.connect(self.linkTargetsWanted)
        ui.linkClauseButton.setMenu(self.linkMenu)
        ui.unlinkClauseButton.clicked.connect(self.unlinkRequested)

    def _edited(self, name: str, value: Any) -> None:
        if not self._filling:
            self.fieldEdited.emit(name, value)

    # ------------------------------------------------------------------ showing

    def set_partnerships(self, partnerships: Sequence[tuple[int, str]]) -> None:
        """The partnerships an area can belong to."""
        self._filling = True
        try:
            combo = self.ui.partnershipCombo
            combo.clear()
            for ident, title in partnerships:
                combo.addItem(title, ident)
        finally:
            self._filling = False

    def show_area(self, row: svc.RegisterRow | None, reg: svc.Register | None,
                  history: Sequence[svc.HistoryEntry] = ()) -> None:
        """Show ``row`` (None: nothing selected) with the register's people and its
        ``history``."""
        self._filling = True
        try:
            self._show(row, reg, history)
        finally:
            self._filling = False

    def _show(self, row: svc.RegisterRow | None, reg: svc.Register | None,
              history: Sequence[svc.HistoryEntry]) -> None:
        ui = self.ui
        self.setEnabled(row is not None)
        if row is None:
            ui.headingLabel.setText("<b>No conflict area selected.</b> Choose one in the "
                                    "table, or add one with New area.")
            ui.flagLabel.clear()
            ui.historyList.clear()
            ui.clausesList.clear()
            return
        ui.headingLabel.setText(f"<b>{row.code}</b> · {_html(row.partnership)}"
                                + (f" · partner: {_html(row.partner)}" if row.partner else ""))
        flags = flag_text(row, long=True)
        ui.flagLabel.setText("⚑ " + flags[:1].upper() + flags[1:] if flags else "")
        if ui.titleEdit.text().strip() != row.title:  # keep a space being typed
            show_value(ui.titleEdit, row.title)  # a colleague's: keep what is typed
        for edit, text in ((ui.descriptionEdit, row.description), (ui.driversEdit, row.drivers),
                           (ui.partnerViewEdit, row.partner_view),
                           (ui.overlapCombo, row.overlap_domain),
                           (ui.tensionCombo, row.tension_type)):
            show_value(edit, text)
        if reg is not None:
            self._fill_people(row, reg)
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
        show_value(ui.nextReviewEdit, to_qdate(row.next_review))
        show_value(ui.identifiedEdit, to_qdate(row.identified_on))
        ui.confidentialCheck.setChecked(row.confidential)
        ui.ratingLabel.setText(
            f"Before treatment <b>{row.inherent_score} {row.inherent_band}</b> → after "
            f"<b>{row.residual_score} {row.residual_band}</b>")
        with same_current_item(ui.clausesList, Qt.ItemDataRole.UserRole):  # by section
            self._fill_clauses(row)
        self._update_unlink()
        self._show_history(history)

    def _fill_people(self, row: svc.RegisterRow, reg: svc.Register) -> None:
        """Our owner from our people; the partner's owner from the partner's people."""
        ours = reg.self_organisation_id
        choices = (
            (self.ui.ownerOursCombo, row.owner_ours_id,
             [p for p in reg.people if p[2] == ours]),
            (self.ui.ownerTheirsCombo, row.owner_theirs_id,
             [p for p in reg.people if p[2] != ours
              and (row.partner_id is None or p[2] == row.partner_id)]),
        )
        for combo, current, people in choices:
            combo.clear()
            combo.addItem("Nobody yet", None)
            for ident, name, _org in people:
                combo.addItem(name, ident)
            if current is not None and combo.findData(current) < 0:
                # Someone from elsewhere was chosen earlier: keep showing them.
                name = next((p[1] for p in reg.people if p[0] == current), "?")
                combo.addItem(name, current)

    def _fill_clauses(self, row: svc.RegisterRow) -> None:
        lst = self.ui.clausesList
        lst.clear()
        for clause in row.clauses:
            state = agreement_state(clause.state)
            item = QListWidgetItem(f"{clause.agreement} — {clause.title} ({state})")
            item.setData(Qt.ItemDataRole.UserRole, clause.section_id)
            item.setData(ROW_ROLE, clause)
            item.setToolTip(f"{clause.agreement}\n{clause.title} · {state}")
            lst.addItem(item)
        if not row.clauses:
            lst.addItem("No clause handles this area yet: use “Link to a clause” below.")

    def _show_history(self, history: Sequence[svc.HistoryEntry]) -> None:
        self.ui.historyList.clear()
        for h in history:
            label = svc.FIELD_LABELS.get(h.field, h.field.capitalize())
            if h.field == "created":
                what = "Created"
            elif h.field == "review":
                what = f"Reviewed; next review {h.new or 'not set'}"
            else:
                what = f"{label}: {value_label(h.field, h.old)} → {value_label(h.field, h.new)}"
            note = f" — {h.note}" if h.note else ""
            self.ui.historyList.addItem(f"{h.at.day} {h.at:%b %Y %H:%M} · "
                                        f"{h.who or 'unknown'} · {what}{note}")

    # ------------------------------------------------------------------ clauses

    def clause(self) -> svc.Clause | None:
        """The clause selected in the list (None for the "no clause yet" line)."""
        item = self.ui.clausesList.currentItem()
        clause = item.data(ROW_ROLE) if item is not None else None
        return clause if isinstance(clause, svc.Clause) else None

    def _update_unlink(self) -> None:
        clause = self.clause()
        self.ui.unlinkClauseButton.setEnabled(
            clause is not None and clause.state == agreement_rules.AgreementState.DRAFT)

    def _open_clause(self, item: QListWidgetItem) -> None:
        section = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(section, int):
            self.clauseOpened.emit(section)

    def offer_links(self, targets: Sequence[agreements_svc.ClauseTarget] | None) -> None:
        """Fill the link menu with the clauses the area could be named in (None: no area
        is selected)."""
        self.linkMenu.clear()
        for target in targets or ():
            action = self.linkMenu.addAction(target.label.replace("&", "&&"))
            action.triggered.connect(
                lambda _=False, t=target: self.linkRequested.emit(t.section_id))
        if not targets:
            empty = self.linkMenu.addAction(
                "No draft conflict-protocols clause left to link; start or amend an agreement"
                if targets is not None else "Choose an area first")
            empty.setEnabled(False)

    # ------------------------------------------------------------------ messages

    def take_note(self) -> str:
        """The note for the history typed so far (the box is emptied for the next one)."""
        note = self.ui.noteEdit.text().strip()
        self.ui.noteEdit.clear()
        return note

    def say(self, text: str) -> None:
        """Why an edit was refused (empty clears it), brought into sight once laid out."""
        self.ui.errorLabel.setText(text)
        if text:
            QTimer.singleShot(0, self.ui.errorLabel, self._show_message)

    def _show_message(self) -> None:
        """The field being edited, then the message: both in sight when they fit."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the message's room
        field = self.focusWidget()
        if field is not None and self.isAncestorOf(field):
            bring_into_view(field)
        bring_into_view(self.ui.errorLabel)


# --------------------------------------------------------------------------- helpers


def bring_into_view(widget: QWidget) -> None:
    """Scroll every scroll area holding the widget so that it is in sight (whatever the
    window's size: a refusal nobody sees looks like nothing happened)."""
    parent = widget.parentWidget()
    while parent is not None:
        inside = parent.widget() if isinstance(parent, QScrollArea) else None
        if isinstance(parent, QScrollArea) and inside is not None and \
                inside.isAncestorOf(widget):
            parent.ensureWidgetVisible(widget, 0, 8)
        parent = parent.parentWidget()


def to_qdate(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else NO_DATE


def from_qdate(value: QDate) -> dt.date | None:
    if value == NO_DATE or not value.isValid():
        return None
    return dt.date(value.year(), value.month(), value.day())


def value_label(field: str, value: str) -> str:
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


def agreement_state(state: str) -> str:
    """An agreement's state as people read it ("partly signed", not "partly_signed")."""
    return state.replace("_", " ")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
