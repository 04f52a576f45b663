"""The Timeline's dialogs: the milestone editor, a dependency, what goes into a calendar.

They show what they are given and hand back what was chosen (``values()``, ``options()``);
the view turns that into undo commands.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain import timeline as tl
from planner.services import timeline as svc
from planner.services import validate
from planner.ui.forms.ui_milestone_editor import Ui_MilestoneEditorDialog
from planner.ui.shell import chooser
from planner.ui.shell.context import ViewContext
from planner.ui.shell.dates import improve_all
from planner.ui.shell.settings import Settings
from planner.ui.shell.wheel_guard import steady_wheels

if TYPE_CHECKING:
    from planner.services.exchange import CalendarOptions

NO_DATE = QDate(1999, 12, 31)  # the editors' minimum, shown as "none"


def _qdate(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else NO_DATE


def _pydate(value: QDate) -> dt.date | None:
    if value <= NO_DATE:
        return None
    return dt.date(value.year(), value.month(), value.day())


def _keep_for_save(_value: Any) -> None:
    """A choice in a dialog is saved with the dialog (``values()``), not at once."""


def left_to_right(message: str) -> str:
    """The program's sentence with a left-to-right mark before it: a label takes its
    direction from its first letter, so one starting with a title in Arabic or Hebrew was
    laid out right to left, its English words out of order."""
    return "\u200e" + message


def refuse(parent: QWidget, message: str) -> None:
    """An edit the plan refused, said in a message box."""
    QMessageBox.warning(parent, "Timeline", left_to_right(message))


class MilestoneDialog(QDialog):
    """The milestone editor (Designer form). ``values()`` gives only what the user changed."""

    DATE_EDITS = {"start_date": "startEdit", "due_date": "dueEdit",
                  "baseline_date": "baselineEdit", "forecast_date": "forecastEdit",
                  "actual_date": "actualEdit"}

    def __init__(self, ctx: ViewContext, record: dict[str, Any], parents: list[tuple[int, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MilestoneEditorDialog()
        self.ui.setupUi(self)
        self.record = record
        new = record.get("id") is None
        self.setWindowTitle("New milestone" if new else "Edit milestone")
        self.ui.headingLabel.setText("<b>New milestone</b>" if new else
                                     f"<b>{html.escape(record['title'])}</b>")
        self.ui.titleEdit.setText(record.get("title", ""))
        self.ui.doneEdit.setPlainText(record.get("definition_of_done", ""))
        self.ui.parentCombo.addItem("— none (a top-level goal) —", None)
        for ident, title in parents:
            if ident != record.get("id"):
                self.ui.parentCombo.addItem(title, ident)
        self._select(self.ui.parentCombo, record.get("parent_id"))
        people = svc.people(ctx.store)
        for combo, key in ((self.ui.ownerOursCombo, "owner_ours_id"),
                           (self.ui.ownerTheirsCombo, "owner_theirs_id")):
            combo.addItem("— nobody named —", None)
            for ident, name, org in people:
                combo.addItem(f"{name} ({org})" if org else name, ident)
            self._select(combo, record.get(key))
            # “New person…” adds one (its own undo step); the dialog saves the choice.
            chooser.attach(combo, ctx, "person", _keep_for_save)
        today = QDate.currentDate()
        for key, name in self.DATE_EDITS.items():
            edit = getattr(self.ui, name)
            edit.setMaximumDate(QDate(validate.LAST_YEAR, 12, 31))  # the service refuses later
            edit.setDate(_qdate(record.get(key)))
            if record.get(key) is None:  # "none": open the calendar on this month, not 1999
                edit.calendarWidget().setCurrentPage(today.year(), today.month())
        for status in tl.STATUSES:
            self.ui.statusCombo.addItem(tl.STATUS_LABELS[status], status)
        self._select(self.ui.statusCombo, record.get("status", "not_started"))
        self.ui.progressSpin.setValue(int(record.get("progress", 0)))
        self.ui.smallWinCheck.setChecked(bool(record.get("small_win", False)))
        self.ui.celebrationEdit.setText(record.get("celebration_note", ""))
        self.ui.notesEdit.setPlainText(record.get("notes", ""))
        improve_all(self)  # the date boxes as everywhere: one format, open at today, clear
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        # Messages quote titles, which may hold "<" or "&": show them as typed.
        self.ui.errorLabel.setTextFormat(Qt.TextFormat.PlainText)
        steady_wheels(self)  # a passing wheel scrolls, it changes no date or choice here

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(0, index))

    def all_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "title": self.ui.titleEdit.text(),
            "definition_of_done": self.ui.doneEdit.toPlainText(),
            "parent_id": self.ui.parentCombo.currentData(),
            "owner_ours_id": self.ui.ownerOursCombo.currentData(),
            "owner_theirs_id": self.ui.ownerTheirsCombo.currentData(),
            "status": self.ui.statusCombo.currentData(),
            "progress": self.ui.progressSpin.value(),
            "small_win": self.ui.smallWinCheck.isChecked(),
            "celebration_note": self.ui.celebrationEdit.text(),
            "notes": self.ui.notesEdit.toPlainText(),
        }
        for key, name in self.DATE_EDITS.items():
            values[key] = _pydate(getattr(self.ui, name).date())
        return values

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.all_values().items() if self.record.get(k) != v}

    FIELD_WIDGETS = {"title": "titleEdit", "definition_of_done": "doneEdit",
                     "parent_id": "parentCombo", "owner_ours_id": "ownerOursCombo",
                     "owner_theirs_id": "ownerTheirsCombo", "status": "statusCombo",
                     "progress": "progressSpin", "celebration_note": "celebrationEdit",
                     "notes": "notesEdit", **DATE_EDITS}

    def show_error(self, message: str, field: str = "") -> None:
        """The message under the form, and the cursor in the field it is about."""
        self.ui.errorLabel.setText(left_to_right(message))
        name = self.FIELD_WIDGETS.get(field)
        if name is not None:
            getattr(self.ui, name).setFocus()


class LinkDialog(QDialog):
    """Make the selected milestone depend on another one."""

    def __init__(self, successor: str, choices: list[tuple[int, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add dependency")
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{html.escape(successor)}</b> depends on:"))
        self.predecessor = QComboBox()
        for ident, title in choices:
            self.predecessor.addItem(title, ident)
        self.kind = QComboBox()
        for kind in tl.DEPENDENCY_KINDS:
            self.kind.addItem(f"{tl.DEPENDENCY_LABELS[kind]} ({kind})", kind)
        self.lag = QSpinBox()
        self.lag.setRange(-365, 365)
        self.lag.setSuffix(" days")
        form.addRow("Milestone", self.predecessor)
        form.addRow("Type", self.kind)
        form.addRow("Lag", self.lag)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it quotes titles as typed
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        steady_wheels(self)  # a passing wheel scrolls, it changes no date or choice here




class CalendarDialog(QDialog):
    """What goes into the diary; the choices are remembered for next time."""

    CHOICES = (
        ("spans", "Show each milestone as a span from its start to its due date",
         "Off: one event on the due day, which keeps the diary readable."),
        ("reviews", "Add the review dates of open conflict areas", ""),
        ("meetings", "Add planned partnership meetings", ""),
        ("include_confidential", "Include confidential conflict areas and meetings",
         "Off: a calendar is easily shared; confidential records stay in the plan."),
    )

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Calendar export")
        self.settings = settings
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for key, text, hint in self.CHOICES:
            box = QCheckBox(text)
            box.setChecked(bool(settings.get_int(f"calendar/{key}", 0)))
            box.setToolTip(hint)
            self.boxes[key] = box
            layout.addWidget(box)
        note = QLabel("Re-importing the file updates the events already in the diary rather "
                      "than adding them twice.")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Choose file…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def options(self) -> CalendarOptions:
        from planner.services.exchange import CalendarOptions

        chosen = {key: box.isChecked() for key, box in self.boxes.items()}
        for key, value in chosen.items():
            self.settings.set_value(f"calendar/{key}", int(value))
        return CalendarOptions(**chosen)


def ask_partnership(parent: QWidget, choices: list[tuple[int, str]]) -> int | None:
    """The partnership a new milestone goes into: the only one, or the one picked from a
    list; None (said why) when there is none yet or the question was cancelled."""
    if not choices:
        QMessageBox.information(parent, "Timeline", "Pursue a partnership first: milestones "
                                "belong to a partnership.")
        return None
    if len(choices) == 1:
        return choices[0][0]
    title, ok = QInputDialog.getItem(parent, "New milestone", "Partnership:",
                                     [t for _i, t in choices], 0, False)
    if not ok:
        return None
    return next(i for i, t in choices if t == title)
