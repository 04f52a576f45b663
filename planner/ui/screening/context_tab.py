"""The Context tab of the screening editor (ui layer): who, why, what each side gives and gets,
the estimated hours and money, in a Designer form (forms/screening_context.ui).

The tab holds no store and pushes nothing: each edit is emitted as ``edited`` (field name,
value, the widget it came from) and the view checks and records it, answering a refusal with
``show_error`` on the row below the field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from planner.services import screening as svc
from planner.ui.forms.ui_screening_context import Ui_ScreeningContextForm
from planner.ui.screening.common import (
    RED,
    form_row,
    parse_resources,
    resources_text,
    set_text,
)
from planner.ui.shell.keep_place import show_value

# The boxes where a partner or a person is chosen: field, table of the record chosen.
CHOOSER_FIELDS = (("partner_id", "organisation"), ("sponsor_id", "person"),
                  ("lead_id", "person"))


class ContextTab(QScrollArea):
    """The opportunity's context; scrolls vertically on a short screen."""

    edited = Signal(str, object, QWidget)  # field name, value, the widget edited
    new_spanner_requested = Signal()  # "New person…" beside the boundary-spanners

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opp: svc.OpportunityRow | None = None
        self.loading = False
        self.form_widget = QWidget()
        self.cui = Ui_ScreeningContextForm()
        self.cui.setupUi(self.form_widget)
        c = self.cui
        for edit in (c.purposeEdit, c.goalsEdit, c.weGiveEdit, c.weGetEdit, c.notesEdit):
            edit.setFixedHeight(64)
        c.spannersList.setFixedHeight(90)
        # On a narrow pane labels go above their fields instead of clipping them.
        c.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for combo in self.chooser_boxes():
            # Long names must not widen the form beyond the pane; use the field's width, so
            # a partner's or person's name is read in full.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        c.errorLabel.setStyleSheet(f"color: {RED};")
        c.form.setRowVisible(c.errorLabel, False)
        # The form only widens Expanding fields: a message must use the field's full width.
        c.errorLabel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._error_cell = QLabel()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(self.form_widget)
        for combo, name in ((c.contextCombo, "relational_context"),
                            (c.routeCombo, "route"), (c.trustCombo, "trust_stance")):
            for value in svc.CONTEXT_CHOICES[name]:
                combo.addItem(value.capitalize() if value else "—", value)
        # A boundary-spanner not in the plan yet is added here and ticked.
        self.new_spanner = QPushButton("New person…")
        self.new_spanner.setToolTip("Add a person to the plan and tick them as a "
                                    "boundary-spanner of this opportunity")
        c.form.insertRow(form_row(c.form, c.spannersList) + 1, "", self.new_spanner)
        self.new_spanner.clicked.connect(lambda: self.new_spanner_requested.emit())
        self._connect()

    def chooser_boxes(self) -> tuple[QComboBox, QComboBox, QComboBox]:
        """The partner, sponsor and lead boxes, in the order of CHOOSER_FIELDS."""
        return (self.cui.partnerCombo, self.cui.sponsorCombo, self.cui.leadCombo)

    def _connect(self) -> None:
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
        c.fundingCheck.toggled.connect(lambda v: self._edit("rests_on_funding", v, c.fundingCheck))
        c.endorsementCheck.toggled.connect(
            lambda v: self._edit("rests_on_endorsement", v, c.endorsementCheck))
        for spin, name in ((c.ceoHoursSpin, "est_ceo_hours_per_month"),
                           (c.staffHoursSpin, "est_staff_hours_per_month"),
                           (c.costSpin, "est_cost"), (c.incomeSpin, "est_income")):
            spin.valueChanged.connect(lambda v, n=name, s=spin: self._edit(n, float(v), s))
        c.spannersList.itemChanged.connect(lambda _item: self._edit(
            "boundary_spanners", self._checked_people(), c.spannersList))

    def _edit(self, name: str, value: Any, widget: QWidget) -> None:
        if not self.loading and self.opp is not None:
            self.edited.emit(name, value, widget)

    def picked(self, name: str, combo: QComboBox, value: Any) -> None:
        """A partner or person chosen (or just created) in one of the chooser boxes."""
        self._edit(name, value, combo)

    def saved(self, name: str) -> Any:
        return self.opp.get(name) if self.opp is not None else None

    def add_spanner(self, ident: int) -> None:
        """Tick a person (just added to the plan) as a boundary-spanner."""
        if self.opp is not None:
            spanners = [*(self.opp.get("boundary_spanners") or []), ident]
            self._edit("boundary_spanners", spanners, self.cui.spannersList)

    def _checked_people(self) -> list[int]:
        lst = self.cui.spannersList
        return [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
                if lst.item(i).checkState() == Qt.CheckState.Checked]

    def show_error(self, message: str, widget: QWidget | None = None) -> None:
        """Say what is wrong on the row just below the field, and scroll it into view."""
        form, label = self.cui.form, self.cui.errorLabel
        label.setText(message)
        if message and widget is not None:
            widget.setProperty("invalid", True)
            target = form_row(form, widget)
            if target >= 0 and form_row(form, label) != target + 1:
                form.takeRow(label)
                # The empty label cell travels with the message, so nothing is left behind.
                form.insertRow(form_row(form, widget) + 1, self._error_cell, label)
        form.setRowVisible(label, bool(message))
        if message:
            self.ensureWidgetVisible(label)

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str, Any]], current: Any) -> None:
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def load(self, data: svc.ScreeningData, o: svc.OpportunityRow | None) -> None:
        self.opp = o
        if o is None:
            return
        self.loading = True
        try:
            self._load(data, o)
        finally:
            self.loading = False

    def _load(self, data: svc.ScreeningData, o: svc.OpportunityRow) -> None:
        c = self.cui
        if not c.errorLabel.text() or not c.titleEdit.hasFocus():
            set_text(c.titleEdit, o.title)
        set_text(c.sourceEdit, str(o.get("source") or ""))
        set_text(c.trustNoteEdit, str(o.get("trust_note") or ""))
        set_text(c.divisionEdit, str(o.get("lead_division") or ""))
        for edit, name in ((c.purposeEdit, "purpose"), (c.goalsEdit, "goals"),
                           (c.notesEdit, "notes")):
            set_text(edit, str(o.get(name) or ""))
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
