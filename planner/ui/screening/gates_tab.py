"""The Gates tab of the screening editor (ui layer): the must-pass questions, answered per
opportunity with a rationale, a failure overridden only with a recorded reason.

The tab pushes nothing: an answer is emitted as ``answer_changed``, a new gate as
``gate_added``, a removal as ``gate_removed``; the view records them as undo steps.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.services import screening as svc
from planner.services import validate
from planner.services.changes import ValidationError
from planner.ui.screening.common import GREY, clear_grid, error_label, html, set_text
from planner.ui.shell.wheel_guard import steady_wheels

GateAnswer = tuple[str, str, bool, str]  # result, rationale, overridden, override reason


class GatesTab(QScrollArea):
    """One row of answer, rationale and override per gate; a box to add a gate of one's own."""

    # opportunity id, gate id, old answer, new answer, gate name
    answer_changed = Signal(int, int, object, object, str)
    gate_added = Signal(str)  # the cleaned name
    gate_removed = Signal(int, str)  # gate id, name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opp: svc.OpportunityRow | None = None
        self.gates: list[svc.GateRow] = []
        self.loading = False
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        intro = QLabel("Must-pass questions. A failed gate keeps the opportunity out of the "
                       "ranking and blocks “pursue”, unless you override it and record why.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        add_row = QHBoxLayout()
        self.new_gate_edit = QLineEdit()
        self.new_gate_edit.setPlaceholderText("A deal-breaker of your own: safeguarding, legal, "
                                              "data protection …")
        self.add_gate_button = QPushButton("Add gate")  # no letter: the Gates tab has G
        add_row.addWidget(self.new_gate_edit)
        add_row.addWidget(self.add_gate_button)
        layout.addLayout(add_row)
        self.add_gate_error = error_label()
        layout.addWidget(self.add_gate_error)
        layout.addStretch(1)
        # A message about one gate's answer goes on the row under that gate (see
        # show_gate_error), not at the foot of a long page.
        self.gate_error = error_label(self.page)
        self.gate_error.hide()
        self._gate_row: dict[int, int] = {}
        self.setWidgetResizable(True)
        self.setWidget(self.page)
        self.add_gate_button.clicked.connect(self.add_gate)
        self.new_gate_edit.returnPressed.connect(self.add_gate)
        self.rows: dict[int, tuple[QComboBox, QLineEdit, QCheckBox, QLineEdit]] = {}
        self._key: tuple[Any, ...] = ()

    def build(self, data: svc.ScreeningData) -> None:
        """One row per gate; rebuilt only when the gates themselves change."""
        self.gates = list(data.gates)
        key = tuple((g.id, g.name, g.question, g.is_headline) for g in data.gates)
        if key == self._key:
            return
        self._key = key
        self.grid.removeWidget(self.gate_error)  # kept: clear_grid deletes what it finds
        self.show_gate_error(None, "")
        clear_grid(self.grid)
        self.rows = {}
        self._gate_row = {}
        for index, gate in enumerate(data.gates):
            row = index * 4  # name and answer, rationale, override reason, a message
            self._gate_row[gate.id] = row
            name = QLabel(f"<b>{html(gate.name)}</b>"
                          + (f"<br><span style='color:{GREY}'>{html(gate.question)}</span>"
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
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(result, row, 1)
            self.grid.addWidget(override, row, 2)
            self.grid.addWidget(rationale, row + 1, 0, 1, 4)
            self.grid.addWidget(reason, row + 2, 0, 1, 4)
            if not gate.is_headline:
                remove = QPushButton("Remove")
                remove.setToolTip(f"Remove the gate “{gate.name}” from every opportunity")
                remove.clicked.connect(
                    lambda _c=False, g=gate: self.gate_removed.emit(g.id, g.name))
                self.grid.addWidget(remove, row, 3)
            self.rows[gate.id] = (result, rationale, override, reason)
            result.currentIndexChanged.connect(lambda _i, g=gate: self._edited(g, "result"))
            rationale.textEdited.connect(lambda _t, g=gate: self._edited(g, "rationale"))
            override.toggled.connect(lambda _v, g=gate: self._edited(g, "override"))
            reason.textEdited.connect(lambda _t, g=gate: self._edited(g, "reason"))
        self.grid.setColumnStretch(0, 1)
        steady_wheels(self)  # the new answer boxes

    def _edited(self, gate: svc.GateRow, what: str) -> None:
        if self.loading or self.opp is None:
            return
        result, rationale, override, reason = self.rows[gate.id]
        current = self.opp.gates.get(gate.id, svc.GateResultRow(gate.id))
        old = (current.result, current.rationale, current.overridden, current.override_reason)
        value = result.currentData()
        overridden = override.isChecked() and value == "fail"
        new = (value, rationale.text(), overridden, reason.text() if value == "fail" else "")
        if overridden and not new[3].strip():
            self.show_gate_error(gate.id, f"Write the reason for overriding “{gate.name}” "
                                          "first; it is kept on record.")
            self.loading = True
            override.setChecked(False)
            self.loading = False
            reason.setFocus()
            return
        if current.overridden and what == "reason" and not new[3].strip():
            self.show_gate_error(gate.id, "An override needs its reason; untick Override to "
                                          "remove it.")
            return
        self.show_gate_error(None, "")
        if new != old:
            self.answer_changed.emit(self.opp.id, gate.id, old, new, gate.name)

    def show_gate_error(self, gate_id: int | None, message: str) -> None:
        """Show ``message`` under gate ``gate_id``'s fields ("" hides it)."""
        self.gate_error.setText(message)
        row = self._gate_row.get(gate_id) if gate_id is not None else None
        if message and row is not None:
            self.grid.addWidget(self.gate_error, row + 3, 0, 1, 4)
        self.gate_error.setVisible(bool(message) and row is not None)

    def load(self, o: svc.OpportunityRow | None) -> None:
        if o is None or self.opp is None or o.id != self.opp.id:
            self.show_gate_error(None, "")  # it was about the one shown before
        self.opp = o
        if o is None:
            return
        self.loading = True
        try:
            for gate_id, (result, rationale, override, reason) in self.rows.items():
                r = o.gates.get(gate_id, svc.GateResultRow(gate_id))
                result.setCurrentIndex(max(result.findData(r.result), 0))
                set_text(rationale, r.rationale)
                override.setChecked(r.overridden)
                override.setEnabled(r.result == "fail")
                reason.setVisible(r.result == "fail")
                if r.overridden or not reason.hasFocus():
                    set_text(reason, r.override_reason)
        finally:
            self.loading = False

    def add_gate(self) -> None:
        try:
            cleaned = validate.name(self.new_gate_edit.text(), "The gate's name")
            if any(g.name.casefold() == cleaned.casefold() for g in self.gates):
                raise ValidationError(f"There is already a gate called “{cleaned}”.")
        except ValidationError as exc:
            self.add_gate_error.setText(exc.message)
            return
        self.add_gate_error.clear()
        self.new_gate_edit.clear()
        self.gate_added.emit(cleaned)
