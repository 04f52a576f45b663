"""The meeting log (ui layer): a table of meetings, their actions, and the meeting editor.

Held against expected: when a partnership is chosen, the line above the table compares the
meetings held with what its agreed protocol expects. The log shows what the Dashboard view
gives it and emits signals (read, new, edit, delete, tick) that the view turns into reads
and undo commands; neither the log nor the editor holds the plan's context.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.services import meetings as svc
from planner.services import validate
from planner.services.changes import ValidationError
from planner.services.dashboard import CadenceRow, fmt_date, fmt_hours
from planner.ui.dashboard import action_cells
from planner.ui.forms.ui_meeting_editor import Ui_MeetingEditorDialog
from planner.ui.shell import theme
from planner.ui.shell.chooser import PeopleOffer
from planner.ui.shell.cut_cells import say_whole_cells
from planner.ui.shell.dates import improve_all
from planner.ui.shell.wheel_guard import steady_wheels

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_COLOURS = {"cancelled": theme.Ink("#b26a00"), "missed": theme.Ink("#c62828"),
                 "planned": theme.Ink("#5f6b7a")}  # readable in light and dark
Index = QModelIndex | QPersistentModelIndex
CONFIDENTIAL_TIP = ("Confidential: only the plan's owner and the named confidential readers "
                    "see this meeting, its decisions, notes and actions.")
NOT_A_READER_TIP = ("Only the plan's owner and the people named as confidential readers can "
                    "mark a meeting confidential: you would no longer see it yourself.")
_lock_icon: QIcon | None = None


def lock_icon() -> QIcon:
    """A small padlock, drawn (no emoji font is needed), marking confidential meetings."""
    global _lock_icon
    if _lock_icon is None:
        icon = QIcon()
        for size in (16, 32):
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            unit = size / 16
            colour = QColor("#6a4c93")
            painter.setPen(QPen(colour, 1.8 * unit))
            shackle = QPainterPath()
            shackle.moveTo(5 * unit, 8 * unit)
            shackle.lineTo(5 * unit, 5.5 * unit)
            shackle.arcTo(5 * unit, 2 * unit, 6 * unit, 6 * unit, 180, -180)
            shackle.lineTo(11 * unit, 8 * unit)
            painter.drawPath(shackle)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(3 * unit, 7.5 * unit, 10 * unit, 7.5 * unit), unit, unit)
            painter.setBrush(QColor("white"))
            painter.drawEllipse(QRectF(7 * unit, 9.8 * unit, 2 * unit, 2 * unit))
            painter.end()
            icon.addPixmap(pixmap)
        _lock_icon = icon
    return _lock_icon


class MeetingTableModel(QAbstractTableModel):
    COLUMNS = ("Date", "Partnership", "Type", "State", "Attendees", "CEO h", "Staff h",
               "Open actions", "Decisions")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[svc.MeetingData] = []

    def set_rows(self, rows: list[svc.MeetingData]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) \
                and 0 <= section < len(self.COLUMNS):  # the tooltip: the whole title
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        m = self.rows[index.row()]
        col = index.column()
        if role == ROW_ROLE:
            return m
        if role == Qt.ItemDataRole.DisplayRole:
            values = (fmt_date(m.held_on), m.partnership, svc.KIND_LABELS.get(m.kind, m.kind),
                      svc.STATE_LABELS.get(m.state, m.state), str(len(m.attendees)),
                      fmt_hours(m.ceo_hours) if m.ceo_hours else "",
                      fmt_hours(m.staff_hours) if m.staff_hours else "",
                      str(m.open_actions) if m.open_actions else "",
                      m.decisions.splitlines()[0][:160] if m.decisions.strip() else "")
            return values[col]
        if col == 0 and m.confidential:
            if role == Qt.ItemDataRole.DecorationRole:
                return lock_icon()
            if role == Qt.ItemDataRole.ToolTipRole:
                return CONFIDENTIAL_TIP
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{fmt_date(m.held_on)}, confidential"
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:  # long partnership names are cut short in the column
                return m.partnership
            if col == 4:
                return "\n".join(m.attendees) or "Nobody recorded"
            if col == 8 and m.decisions:
                return m.decisions[:2000]
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and m.state in STATE_COLOURS:
            return QBrush(STATE_COLOURS[m.state].qcolor())
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (4, 5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_of(self, meeting_id: int) -> int:
        return next((i for i, m in enumerate(self.rows) if m.id == meeting_id), -1)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class MeetingEditorDialog(QDialog):
    """Edit one meeting as a whole; Save checks it with the service and keeps the dialog
    open, with the message beside the form, until it is right (nothing typed is lost)."""

    def __init__(self, partnerships: list[tuple[int, str]], data: svc.MeetingData | None,
                 parent: QWidget | None = None, *, default_partnership: int | None = None,
                 today: dt.date | None = None, may_mark_confidential: bool = True,
                 people: PeopleOffer | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MeetingEditorDialog()
        self.ui.setupUi(self)
        improve_all(self)  # the interface's one date format; typing and today as elsewhere
        self.people_combo = QComboBox()
        self.owners: action_cells.OwnerBoxes | None = None
        self._dates = action_cells.DateDelegate(self.ui.actionsTable)
        for col in (action_cells.DUE, action_cells.DONE):
            self.ui.actionsTable.setItemDelegateForColumn(col, self._dates)
        self.people = people
        if people is not None:
            self._offer_people(people)
        self.today = today or dt.date.today()
        self.original = data
        self.result_data: svc.MeetingData | None = None
        self.ui.errorLabel.setTextFormat(Qt.TextFormat.PlainText)  # messages quote names
        self.ui.dateEdit.setDateRange(QDate(validate.FIRST_YEAR, 1, 1), QDate(validate.LAST_YEAR, 12, 31))
        for ident, title in partnerships:
            self.ui.partnershipCombo.addItem(title, ident)
        for key, label in svc.KIND_LABELS.items():
            self.ui.kindCombo.addItem(label, key)
        for key, label in svc.STATE_LABELS.items():
            self.ui.stateCombo.addItem(label, key)
        header = self.ui.actionsTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 150), (2, 100), (3, 100)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.ui.addActionButton.clicked.connect(self.add_action_row)
        self.ui.removeActionButton.clicked.connect(self.remove_action_row)
        self.ui.buttonBox.accepted.connect(self.try_accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._action_ids: list[int | None] = []
        if not may_mark_confidential:  # a colleague who is not a named reader
            self.ui.confidentialCheck.setEnabled(False)
            self.ui.confidentialCheck.setToolTip(NOT_A_READER_TIP)
        if data is None:
            self.setWindowTitle("Log a meeting")
            self.ui.headingLabel.setText("<b>Log a meeting</b>")
            self.ui.dateEdit.setDate(_qdate(self.today))
            if default_partnership is not None:
                self._select(self.ui.partnershipCombo, default_partnership)
        else:
            self.setWindowTitle("Edit meeting")
            self.ui.headingLabel.setText(
                f"<b>{html.escape(data.partnership)}</b> — meeting of "
                f"{fmt_date(data.held_on)}")
            self.load(data)
        steady_wheels(self)  # a passing wheel scrolls, it changes no date or choice here

    def _offer_people(self, people: PeopleOffer) -> None:
        """Attendees from the plan's people (or a new person), and owners' names offered
        as they are typed."""
        combo = self.people_combo
        combo.setToolTip("Add a person of the plan to the attendees, or add a new person")
        combo.addItem("— add an attendee from the plan's people —", None)
        directory = people.load()
        for p in directory.people:
            combo.addItem(p.label, p.id)
        self.ui.formLayout.insertRow(5, "", combo)
        people.attach(combo, self._add_attendee)
        self.owners = action_cells.OwnerBoxes(self.ui.actionsTable, people)

    def _add_attendee(self, ident: Any) -> None:
        if ident is None or self.people is None:
            return
        directory = self.people.load()
        if self.owners is not None:
            self.owners.directory = directory  # a new person can own an action too
        person = directory.person(ident)
        if person is None:
            return
        names = [line.strip() for line in self.ui.attendeesEdit.toPlainText().splitlines()
                 if line.strip()]
        if person.name not in names:
            self.ui.attendeesEdit.setPlainText("\n".join([*names, person.name]))
        blocked = self.people_combo.blockSignals(True)
        self.people_combo.setCurrentIndex(0)  # ready for the next one
        self.people_combo.blockSignals(blocked)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def load(self, data: svc.MeetingData) -> None:
        self._select(self.ui.partnershipCombo, data.opportunity_id)
        self._select(self.ui.kindCombo, data.kind)
        self._select(self.ui.stateCombo, data.state)
        self.ui.dateEdit.setDate(_qdate(data.held_on))
        self.ui.attendeesEdit.setPlainText("\n".join(data.attendees))
        self.ui.ceoSpin.setValue(data.ceo_hours)
        self.ui.staffSpin.setValue(data.staff_hours)
        self.ui.decisionsEdit.setPlainText(data.decisions)
        self.ui.notesEdit.setPlainText(data.notes)
        self.ui.confidentialCheck.setChecked(data.confidential)
        for a in data.actions:
            self.add_action_row(a)

    def add_action_row(self, action: svc.ActionData | None = None) -> None:
        table = self.ui.actionsTable
        row = table.rowCount()
        table.insertRow(row)
        a = action if isinstance(action, svc.ActionData) else None
        table.setItem(row, 0, QTableWidgetItem(a.text if a else ""))
        table.setItem(row, action_cells.OWNER, QTableWidgetItem(a.owner if a else ""))
        table.setItem(row, action_cells.DUE, action_cells.date_item(a.due_on if a else None))
        table.setItem(row, action_cells.DONE, action_cells.date_item(a.done_on if a else None))
        if self.owners is not None:
            self.owners.attach(row)
        self._action_ids.append(a.id if a else None)
        if a is None:
            table.setCurrentCell(row, 0)

    def remove_action_row(self) -> None:
        row = self.ui.actionsTable.currentRow()
        if row >= 0:
            self.ui.actionsTable.removeRow(row)
            del self._action_ids[row]

    def _cell(self, row: int, col: int) -> str:
        item = self.ui.actionsTable.item(row, col)
        return item.text() if item is not None else ""

    def collect(self) -> svc.MeetingData:
        """The form as a MeetingData (not yet checked)."""
        qd = self.ui.dateEdit.date()
        actions = []
        for row in range(self.ui.actionsTable.rowCount()):
            cells = [self._cell(row, c) for c in range(4)]
            if not any(c.strip() for c in cells):
                continue  # a blank row left over is not an action
            table = self.ui.actionsTable
            actions.append({"text": cells[0], "owner": cells[1],
                            "due_on": action_cells.cell_date(table.item(row, action_cells.DUE)),
                            "done_on": action_cells.cell_date(
                                table.item(row, action_cells.DONE)),
                            "id": self._action_ids[row]})
        attendees = tuple(line.strip() for line in
                          self.ui.attendeesEdit.toPlainText().splitlines() if line.strip())
        partnership = self.ui.partnershipCombo.currentData()
        return svc.MeetingData(
            id=self.original.id if self.original else None,
            opportunity_id=int(partnership) if partnership is not None else -1,
            held_on=dt.date(qd.year(), qd.month(), qd.day()),
            kind=str(self.ui.kindCombo.currentData()), state=str(self.ui.stateCombo.currentData()),
            attendees=attendees, ceo_hours=self.ui.ceoSpin.value(),
            staff_hours=self.ui.staffSpin.value(),
            decisions=self.ui.decisionsEdit.toPlainText(), notes=self.ui.notesEdit.toPlainText(),
            confidential=self.ui.confidentialCheck.isChecked(),
            # A date typed as text is passed on; clean_meeting names a bad one.
            actions=tuple(svc.ActionData(**a) for a in actions),  # type: ignore[arg-type]
            partnership=self.ui.partnershipCombo.currentText())

    def try_accept(self) -> None:
        try:
            data = svc.clean_meeting(self.collect(), today=self.today)
            if data.opportunity_id < 0:
                raise ValidationError("Choose the partnership the meeting belongs to.",
                                      "opportunity_id")
        except ValidationError as exc:
            self.ui.errorLabel.setText(exc.message)
            target = {"kind": self.ui.kindCombo, "state": self.ui.stateCombo,
                      "held_on": self.ui.dateEdit, "attendees": self.ui.attendeesEdit,
                      "ceo_hours": self.ui.ceoSpin, "staff_hours": self.ui.staffSpin,
                      "decisions": self.ui.decisionsEdit, "notes": self.ui.notesEdit,
                      "actions": self.ui.actionsTable,
                      "confidential": self.ui.confidentialCheck,
                      "opportunity_id": self.ui.partnershipCombo}.get(exc.field)
            if target is not None:
                target.setFocus()
            return
        self.result_data = data
        self.accept()


class MeetingLogWidget(QWidget):
    """Meetings of one partnership (or all), the selected meeting's actions, and buttons.

    It shows what it is given (set_partnerships, show_meetings) and says what the user
    wants as signals: ``readWanted(partnership id or None)`` when the meetings shown must
    be read again; ``newWanted()``, ``editWanted(meeting)``, ``deleteWanted(meeting)``;
    ``actionTicked(action id, text, day done or None)``. The Dashboard view answers them.
    """

    ALL = -1
    readWanted = Signal(object)
    newWanted = Signal()
    editWanted = Signal(object)
    deleteWanted = Signal(object)
    actionTicked = Signal(int, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partnerships: list[tuple[int, str]] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.partnership_combo = QComboBox()
        self.partnership_combo.setAccessibleName("Partnership")
        self.partnership_combo.setMinimumWidth(280)
        top.addWidget(QLabel("Partnership:"))
        top.addWidget(self.partnership_combo)
        top.addStretch(1)
        self.new_button = QPushButton("Log a meeting…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.new_button.setToolTip("Record a meeting held, cancelled, missed or planned")
        self.edit_button.setToolTip("Edit the chosen meeting (Enter, or double-click it)")
        self.delete_button.setToolTip("Delete the chosen meeting (Delete); Undo brings it back")
        for b in (self.new_button, self.edit_button, self.delete_button):
            top.addWidget(b)
        layout.addLayout(top)
        self.cadence_label = QLabel()
        self.cadence_label.setWordWrap(True)
        layout.addWidget(self.cadence_label)

        split = QSplitter(Qt.Orientation.Vertical)
        self.model = MeetingTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col in (0, 2, 3, 4, 5, 6, 7):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 260)
        self.table.setWordWrap(False)
        split.addWidget(self.table)
        self.actions_tree = QTreeWidget()
        self.actions_tree.setHeaderLabels(["Action (tick when done)", "Owner", "Due", "Done"])
        self.actions_tree.setRootIsDecorated(False)
        self.actions_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.actions_tree.header().setStretchLastSection(False)
        for column in (1, 2, 3):  # owners' full names and dates, never "Zofia Dąbrow…"
            self.actions_tree.header().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        split.addWidget(self.actions_tree)
        split.setSizes([400, 160])
        layout.addWidget(split, 1)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        say_whole_cells(self)  # a cut cell says its whole text on hover

        self.partnership_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        for keys, slot, what in (((Qt.Key.Key_Return, Qt.Key.Key_Enter), self.edit_selected,
                                  "Edit the chosen meeting (in the meeting list)"),
                                 ((Qt.Key.Key_Delete,), self.delete_selected,
                                  "Delete the chosen meeting (in the meeting list)")):
            for key in keys:  # the keyboard does what a double-click or the button does
                shortcut = QShortcut(QKeySequence(key), self.table)
                shortcut.setWhatsThis(what)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(slot)
        self.new_button.clicked.connect(self.new_meeting)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.actions_tree.itemChanged.connect(self._action_ticked)
        self._filling = False

    # -------------------------------------------------------------------- shown

    def set_partnerships(self, partnerships: list[tuple[int, str]]) -> None:
        """The partnerships a meeting can be logged against, as (id, title); the one chosen
        stays chosen."""
        current = self.partnership_combo.currentData()
        self.partnerships = list(partnerships)
        self.partnership_combo.blockSignals(True)
        self.partnership_combo.clear()
        self.partnership_combo.addItem("All partnerships", self.ALL)
        for ident, title in self.partnerships:
            self.partnership_combo.addItem(title, ident)
        index = self.partnership_combo.findData(current)
        self.partnership_combo.setCurrentIndex(max(0, index))
        self.partnership_combo.blockSignals(False)

    @property
    def partnership_id(self) -> int | None:
        value = self.partnership_combo.currentData()
        return None if value in (None, self.ALL) else int(value)

    def reload(self) -> None:
        """Ask for the meetings of the partnership chosen to be read again."""
        self.readWanted.emit(self.partnership_id)

    def show_meetings(self, rows: list[svc.MeetingData],
                      cadence: list[CadenceRow] | None) -> None:
        """The meetings of the partnership chosen (all: ``cadence`` None), and how many
        were held against its protocol; the meeting selected stays selected."""
        selected = self.selected()
        pid = self.partnership_id
        self.model.set_rows(rows)
        # One partnership chosen: its name on every row would say nothing.
        self.table.setColumnHidden(1, pid is not None)
        if cadence is None:
            self.cadence_label.setText("")
        elif not cadence:
            self.cadence_label.setText("No meeting cadence agreed in a protocol yet.")
        else:
            parts = []
            for r in cadence:
                text = r.describe()
                alert = theme.colour("alert")
                parts.append(f"<span style='color:{alert}'>{text} — behind</span>"
                             if r.behind else text)
            which = "the protocol" if cadence[0].agreed else "the draft protocol"
            self.cadence_label.setText(f"Held against {which}: " + "; ".join(parts))
        self.cadence_label.setVisible(bool(self.cadence_label.text()))
        self.empty_label.setText("" if self.model.rows else
                                 "No meetings logged yet. Log each partnership meeting — "
                                 "held, cancelled or missed — to track hours and actions.")
        self.empty_label.setVisible(not self.model.rows)
        if selected is not None and selected.id is not None:
            self.select_meeting(selected.id)
        self._selection_changed()

    def selected(self) -> svc.MeetingData | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        data: svc.MeetingData = self.model.data(rows[0], ROW_ROLE)
        return data

    def select_meeting(self, meeting_id: int) -> bool:
        row = self.model.row_of(meeting_id)
        if row < 0 and self.partnership_id is not None:
            self.partnership_combo.setCurrentIndex(0)  # show all (read again), look again
            row = self.model.row_of(meeting_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def show_partnership(self, opportunity_id: int | None) -> None:
        """Filter the log to one partnership (None: all of them)."""
        index = self.partnership_combo.findData(self.ALL if opportunity_id is None
                                                else opportunity_id)
        self.partnership_combo.setCurrentIndex(max(0, index))

    def _selection_changed(self) -> None:
        m = self.selected()
        self.edit_button.setEnabled(m is not None)
        self.delete_button.setEnabled(m is not None)
        self._filling = True
        self.actions_tree.clear()
        for a in (m.actions if m else ()):
            item = QTreeWidgetItem([a.text, a.owner, fmt_date(a.due_on), fmt_date(a.done_on)])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if a.done_on else
                               Qt.CheckState.Unchecked)
            item.setData(0, ACTION_ROLE, a)
            if a.done_on is None and a.due_on is not None and a.due_on < dt.date.today():
                for col in range(4):
                    item.setForeground(col, QBrush(QColor(theme.colour("alert"))))
                item.setToolTip(0, "Overdue")
            self.actions_tree.addTopLevelItem(item)
        self._filling = False

    # -------------------------------------------------------------------- wanted

    def new_meeting(self) -> None:
        self.newWanted.emit()

    def edit_selected(self) -> None:
        m = self.selected()
        if m is not None:
            self.editWanted.emit(m)

    def delete_selected(self) -> None:
        m = self.selected()
        if m is not None:
            self.deleteWanted.emit(m)

    def _action_ticked(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0:
            return
        a: svc.ActionData = item.data(0, ACTION_ROLE)
        if a is None or a.id is None:
            return
        done = item.checkState(0) == Qt.CheckState.Checked
        if done == (a.done_on is not None):
            return
        m = self.selected()
        day = max(dt.date.today(), m.held_on) if (done and m) else None
        self.actionTicked.emit(a.id, a.text, day)
