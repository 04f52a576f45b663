"""The one chooser for partner organisations and people (ui layer).

Any combo box where a partner or a person is chosen is handed to :func:`attach`. Its list
then ends in “New organisation…” / “New person…”, and typing a name that is not in the list
offers to create it: a small form asks for the rest, the record is added as its own undo
step (planner/ui/people/commands.py), and the new record is picked as the next step. So the
user never has to leave the screening form to name a partner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from planner.services import people as svc
from planner.services.changes import ValidationError
from planner.ui.shell.context import ViewContext
from planner.ui.shell.wheel_guard import steady_wheels

NEW = "\x00new"  # the item data of the “New…” entry (no record id looks like it)
NEW_TEXT = {"organisation": "New organisation…", "person": "New person…"}


class NewRecordDialog(QDialog):
    """Name (and kind, or organisation and role) of a record to add."""

    def __init__(self, ctx: ViewContext, table: str, name: str = "",
                 parent: QWidget | None = None, organisation_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.table = ctx, table
        self.setWindowTitle(NEW_TEXT[table].rstrip("…"))
        form = QFormLayout(self)
        self.name = QLineEdit(name)
        # Room for a name as organisations write theirs: the form opened 125 pixels wide,
        # showing "ering Works Limited" of "Harrowgate Engineering Works Limited".
        self.name.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        form.addRow("&Name", self.name)
        self.kind = QComboBox()
        self.organisation = QComboBox()
        self.role = QLineEdit()
        self.email = QLineEdit()
        self.website = QLineEdit()
        if table == "organisation":
            self.kind.addItem("—", "")
            for k in svc.ORGANISATION_KINDS:
                self.kind.addItem(svc.kind_label(k), k)
            form.addRow("&Kind", self.kind)
            form.addRow("&Website", self.website)
        else:
            directory = svc.load(ctx.store)
            self.organisation.addItem("Our organisation", None)
            for o in directory.partners:
                self.organisation.addItem(o.name, o.id)
            self.organisation.setCurrentIndex(
                max(self.organisation.findData(organisation_id), 0))
            form.addRow("&Organisation", self.organisation)
            form.addRow("&Role", self.role)
            form.addRow("&Email", self.email)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        steady_wheels(self)  # a passing wheel scrolls, it changes no date or choice here

    def values(self) -> dict[str, Any]:
        if self.table == "organisation":
            return {"name": self.name.text(), "kind": self.kind.currentData() or "",
                    "website": self.website.text()}
        return {"name": self.name.text(), "organisation_id": self.organisation.currentData(),
                "role": self.role.text(), "email": self.email.text()}

    def _accept(self) -> None:
        try:
            if self.table == "organisation":
                svc.clean_organisation(self.values())
                svc.check_value(self.ctx.store, "organisation", "name", self.name.text())
            else:
                svc.check_person(self.ctx.store, self.values())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self._fit_message()
            return
        self.accept()

    def _fit_message(self) -> None:
        """Grow to show the whole message: a message that wraps to two lines was cut through
        the middle, the form keeping the height it opened with."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)


def ask_new_record(parent: QWidget, ctx: ViewContext, table: str, name: str = "",
                   organisation_id: int | None = None) -> dict[str, Any] | None:
    """The fields of the record to add, or None if the user cancelled (tests patch this).
    A new person's organisation starts as ``organisation_id`` (None: ours)."""
    dialog = NewRecordDialog(ctx, table, name, parent, organisation_id)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.values()


def create_record(parent: QWidget, ctx: ViewContext, table: str, name: str = "",
                  organisation_id: int | None = None) -> int | None:
    """Ask for a new organisation or person and add it (one undo step); its id, or None."""
    from planner.ui.people import commands as cmd

    values = ask_new_record(parent, ctx, table, name, organisation_id)
    if values is None:
        return None
    command: cmd.AddOrganisationCommand | cmd.AddPersonCommand = (
        cmd.AddOrganisationCommand(ctx, values) if table == "organisation"
        else cmd.AddPersonCommand(ctx, values))
    if not ctx.push(command):
        return None
    return command.ident


class RecordChooser(QObject):
    """Gives a combo box of organisations or people its “New…” entry and typed names.

    ``picked(value)`` is called with the chosen item's data when the user chooses (the
    view pushes its own edit); after a new record is added, with the new record's id.
    """

    def __init__(self, combo: QComboBox, ctx: ViewContext, table: str,
                 picked: Callable[[Any], None],
                 current: Callable[[], Any] | None = None,
                 organisation: Callable[[], int | None] | None = None) -> None:
        super().__init__(combo)
        self.combo, self.ctx, self.table, self.picked = combo, ctx, table, picked
        self.current = current  # the value saved now, shown again when “New…” is cancelled
        self.organisation = organisation  # a new person's organisation, to start with
        self._last = max(combo.currentIndex(), 0)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = combo.lineEdit()
        assert line is not None  # the combo is editable
        line.setPlaceholderText("Type a name, or choose")
        completer = combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.currentIndexChanged.connect(self._index_changed)
        line.editingFinished.connect(self._typed)
        # A name longer than the box shows its start, not its end ("rowgate Engineering
        # Works Limited" at 1024×768), unless it is being typed.
        line.textChanged.connect(lambda _text: self._show_start(typing=True))
        line.editingFinished.connect(lambda: self._show_start(typing=False))
        combo.model().modelReset.connect(self.add_new_item)
        combo.model().rowsInserted.connect(self._rows_inserted)
        if combo.count():
            self.add_new_item()  # a list filled before it was handed over

    def _show_start(self, *, typing: bool) -> None:
        line = self.combo.lineEdit()
        if line is not None and not (typing and line.hasFocus()):
            line.setCursorPosition(0)

    # The view fills the list its own way; the “New…” entry is kept last.
    def _rows_inserted(self, *_args: Any) -> None:
        index = self.combo.findData(NEW)
        if index != self.combo.count() - 1:
            self.add_new_item()

    def add_new_item(self) -> None:
        combo = self.combo
        blocked = combo.blockSignals(True)
        try:
            index = combo.findData(NEW)
            while index >= 0:
                combo.removeItem(index)
                index = combo.findData(NEW)
            combo.addItem(NEW_TEXT[self.table], NEW)
        finally:
            combo.blockSignals(blocked)

    def _index_changed(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data == NEW:
            self._restore()
            self.create()
            return
        self._last = index
        self.picked(data)

    def _restore(self) -> None:
        index = self._last if self._last < self.combo.count() - 1 else 0
        if self.current is not None:
            index = max(self.combo.findData(self.current()), 0)
        blocked = self.combo.blockSignals(True)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(blocked)

    def _typed(self) -> None:
        text = self.combo.currentText().strip()
        current = self.combo.itemText(self.combo.currentIndex())
        if not text or text == current:
            return
        key = " ".join(text.split()).casefold()
        for i in range(self.combo.count()):
            item = self.combo.itemText(i)
            if self.combo.itemData(i) != NEW and " ".join(item.split()).casefold() == key:
                self.combo.setCurrentIndex(i)
                return
        self.combo.setEditText(current)
        self.create(text)

    def create(self, name: str = "") -> int | None:
        """Ask for a new record named ``name`` and pick it."""
        org = self.organisation() if self.organisation is not None else None
        ident = create_record(self.combo, self.ctx, self.table, name, org)
        if ident is None:
            return None
        combo = self.combo
        index = combo.findData(ident)
        blocked = combo.blockSignals(True)
        try:
            if index < 0:  # a list the view does not refill (a dialog's): add it here
                directory = svc.load(self.ctx.store)
                row = (directory.organisation(ident) if self.table == "organisation"
                       else directory.person(ident))
                label = (row.label if isinstance(row, svc.PersonRow)
                         else row.name if row is not None else "")
                index = max(combo.findData(NEW), 0)
                combo.insertItem(index, label, ident)
            combo.setCurrentIndex(index)
            self._last = index
        finally:
            combo.blockSignals(blocked)
        self.picked(ident)
        return ident


def attach(combo: QComboBox, ctx: ViewContext, table: str, picked: Callable[[Any], None],
           current: Callable[[], Any] | None = None,
           organisation: Callable[[], int | None] | None = None) -> RecordChooser:
    """Make ``combo`` (its items: (label, id) with “—”/None first) a chooser of
    ``table`` records that can also add one. ``picked(value)`` saves a choice;
    ``current()`` is the value saved now; ``organisation()`` the organisation a new
    person starts in (None: ours)."""
    return RecordChooser(combo, ctx, table, picked, current, organisation)


@dataclass(frozen=True)
class PeopleOffer:
    """The plan's people for a form that only shows them (the meeting editor, its owner
    boxes): the people now, and how to make a box choose one or add one (“New person…”).
    The view makes it from its context, so the form holds no context and pushes nothing."""

    load: Callable[[], svc.Directory]
    attach: Callable[[QComboBox, Callable[[Any], None]], object]


def people_offer(ctx: ViewContext) -> PeopleOffer:
    return PeopleOffer(load=lambda: svc.load(ctx.store),
                       attach=lambda combo, picked: attach(combo, ctx, "person", picked))
