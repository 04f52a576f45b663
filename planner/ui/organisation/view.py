"""The Organisation view (ui layer): edit the profile every opportunity is screened against.

Each change is validated, pushed as an undo command and saved at once. Invalid input stays
in the field with a message beside it, so nothing typed is lost, and the plan keeps the last
valid value; a priority or value that cannot stand (empty, twice) opens again for editing
with what was typed in it. A name another organisation in the plan has is not saved either,
and is said when the name field is left (per key it would bite "Kestrel" on the way to
"Kestrel Digital Academy").
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from planner.services import organisation as svc
from planner.services.changes import ChangeSet, Topic, ValidationError
from planner.ui.forms.ui_organisation import Ui_OrganisationForm
from planner.ui.organisation.commands import ProfileEditCommand
from planner.ui.shell.context import ViewContext
from planner.ui.shell.keep_place import editing_cell, show_value
from planner.ui.shell.views import BaseView


class NumberedDelegate(QStyledItemDelegate):
    """Shows each entry with its position ("3. …"); editing still edits the text alone."""

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.text = f"{index.row() + 1}. {option.text}"  # type: ignore[attr-defined]


class OrganisationView(BaseView):
    topics = frozenset({Topic.PROFILE, Topic.ORGANISATIONS})

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.form = QWidget()
        self.ui = Ui_OrganisationForm()
        self.ui.setupUi(self.form)
        self.form.setMaximumWidth(960)
        for lst in (self.ui.prioritiesList, self.ui.valuesList):
            lst.setFixedHeight(150)
        # Priorities are ordered and referred to by number ("priority 3") when screening.
        self._numbers = NumberedDelegate(self.ui.prioritiesList)
        self.ui.prioritiesList.setItemDelegate(self._numbers)
        self.ui.visionEdit.setFixedHeight(90)
        self.ui.outerLayout.addStretch(1)  # spare height goes below the form, not between rows
        for row, lst in ((self.ui.prioritiesRow, self.ui.prioritiesList),
                         (self.ui.valuesRow, self.ui.valuesList)):
            row.setAlignment(lst, Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.profile = svc.get_profile(ctx.store)
        self._loading = False
        self._name_before: str | None = None  # the saved name when this run of typing began
        # A message sits on the row right under the field it is about, and only then takes
        # room: the general message label moves into the form beside the field at fault.
        form = self.ui.form
        self.ui.outerLayout.removeWidget(self.ui.errorLabel)
        self._error_cell = QLabel()
        form.addRow(self._error_cell, self.ui.errorLabel)
        for label in (self.ui.nameError, self.ui.errorLabel):
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            form.setRowVisible(label, False)
        self._field_items: dict[str, QWidget | QLayout] = {
            "vision": self.ui.visionEdit, "priorities": self.ui.prioritiesRow,
            "values": self.ui.valuesRow, "ceo_hours_per_month": self.ui.hoursSpin,
            "strategic_limit": self.ui.limitSpin}

        ui = self.ui
        ui.nameEdit.textEdited.connect(lambda text: self._edit("name", text))
        ui.nameEdit.editingFinished.connect(self._name_left)
        ui.visionEdit.textChanged.connect(
            lambda: self._edit("vision", ui.visionEdit.toPlainText()))
        ui.hoursSpin.valueChanged.connect(lambda v: self._edit("ceo_hours_per_month", v))
        # 0 typed is taken and refused with the message under the box: at the form's
        # minimum (1) the box put the last value back on Tab without a word.
        ui.limitSpin.setMinimum(0)
        ui.limitSpin.valueChanged.connect(lambda v: self._edit("strategic_limit", v))
        for lst, field in ((ui.prioritiesList, "priorities"), (ui.valuesList, "values")):
            lst.itemChanged.connect(lambda _item, f=field, w=lst: self._edit(f, _items(w)))
        ui.addPriority.clicked.connect(lambda: self._add(ui.prioritiesList, "New priority"))
        ui.addValue.clicked.connect(lambda: self._add(ui.valuesList, "New value"))
        ui.removePriority.clicked.connect(lambda: self._remove(ui.prioritiesList, "priorities"))
        ui.removeValue.clicked.connect(lambda: self._remove(ui.valuesList, "values"))
        ui.upPriority.clicked.connect(lambda: self._move(-1))
        ui.downPriority.clicked.connect(lambda: self._move(+1))
        # The keyboard does what the buttons do, inside each list.
        keys = [(ui.prioritiesList, "Ins", ui.addPriority),
                (ui.prioritiesList, "Del", ui.removePriority),
                (ui.prioritiesList, "Ctrl+Up", ui.upPriority),
                (ui.prioritiesList, "Ctrl+Down", ui.downPriority),
                (ui.valuesList, "Ins", ui.addValue), (ui.valuesList, "Del", ui.removeValue)]
        buttons = [button for _l, _k, button in keys]
        width = max(button.sizeHint().width() for button in buttons)
        for button in buttons:
            button.setFixedWidth(width)  # both lists end at the same edge
        for lst, key, button in keys:
            shortcut = QShortcut(QKeySequence(key), lst, button.click)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.setWhatsThis(f"{button.text()} (in the "
                                  f"{lst.objectName().removesuffix('List')} list)")
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{button.text()} ({native} in the list)")
        self._load()

    # ------------------------------------------------------------------ showing

    def _load(self) -> None:
        self._loading = True
        try:
            p, ui = self.profile, self.ui
            # A colleague's change leaves what the user is typing (and its message) alone.
            if show_value(ui.nameEdit, p.name):
                self.show_error("name", "")
            shown = [show_value(ui.visionEdit, p.vision)]
            _fill(ui.prioritiesList, p.priorities)
            _fill(ui.valuesList, p.values)
            shown.append(show_value(ui.hoursSpin, p.ceo_hours_per_month))
            shown.append(show_value(ui.limitSpin, p.strategic_limit))
            if all(shown):
                self.show_error("", "")
        finally:
            self._loading = False

    def refresh(self, changes: ChangeSet) -> None:
        if changes.concerns(self.topics):
            self.profile = svc.get_profile(self.ctx.store)
            self._load()

    def show_record(self, kind: str, ident: int) -> bool:
        return kind in ("profile", "organisation")

    # ------------------------------------------------------------------ editing

    def _edit(self, field: str, value: Any) -> None:
        if self._loading:
            return
        try:
            cleaned = svc.clean_profile_value(field, value)
        except ValidationError as exc:
            if field in ("priorities", "values"):
                self._load()  # a list edit that cannot stand is put back, with the message
                lst = self.ui.prioritiesList if field == "priorities" else self.ui.valuesList
                QTimer.singleShot(0, self, lambda: _reopen(lst, value))
            self.show_error(field, exc.message)
            return
        self.show_error(field, "")
        if field == "name":
            if self._name_before is None:
                self._name_before = self.profile.name
            if self._name_taken(cleaned):
                return  # not saved; said when the field is left (per key it bit mid-word)
        old = self.profile.get(field)
        if isinstance(old, tuple):
            old = list(old)
        if old == cleaned:
            return
        self.ctx.push(ProfileEditCommand(self.ctx, self.profile, field, cleaned))

    def _name_taken(self, name: str) -> str:
        """Why ``name`` cannot be ours (another organisation in the plan has it), or "".
        A team database that does not answer is not waited for: the save checks it."""
        def taken() -> str:
            try:
                svc.refuse_taken_name(self.ctx.store, name)
            except ValidationError as exc:
                return exc.message
            return ""

        return self.ctx.check(taken, late="")

    def _name_left(self) -> None:
        """A partner's name ("Kestrel Digital") is refused when the name field is left:
        while typing, "Kestrel" may be on its way to "Kestrel Digital Academy"."""
        typed, before, self._name_before = self.ui.nameEdit.text(), self._name_before, None
        message = self._name_taken(typed)
        if not message:
            return
        if before is not None and before != self.profile.name:
            # "Kestrel Digita", saved on the way, goes: the plan keeps the name it had.
            self.ctx.push(ProfileEditCommand(self.ctx, self.profile, "name", before))
            self.ui.nameEdit.setText(typed)  # the refused name stays, to put right
        self.show_error("name", message)

    def finish_edits(self) -> bool:
        """Before the plan closes: a name held back (another organisation's) is said, and
        the plan closes only if the user lets it go."""
        if self.ui.nameEdit.text() != self.profile.name:
            self._name_left()
        return not self.ui.nameError.text()

    def show_error(self, field: str, message: str) -> None:
        """Show (or with "" clear) a message on the row right under ``field``'s input."""
        form = self.ui.form
        if field == "name":
            self.ui.nameError.setText(message)
            form.setRowVisible(self.ui.nameError, bool(message))
            return
        label = self.ui.errorLabel
        label.setText(message)
        item = self._field_items.get(field)
        if message and item is not None:
            row = _row_of(form, item)
            if row >= 0 and _row_of(form, label) != row + 1:
                form.takeRow(label)
                form.insertRow(_row_of(form, item) + 1, self._error_cell, label)
        form.setRowVisible(label, bool(message))

    def _add(self, lst: QListWidget, text: str) -> None:
        existing = {lst.item(i).text() for i in range(lst.count())}
        n, candidate = 1, text
        while candidate in existing:
            n += 1
            candidate = f"{text} {n}"
        field = "priorities" if lst is self.ui.prioritiesList else "values"
        self._edit(field, [*_items(lst), candidate])
        new_row = lst.count() - 1
        lst.setCurrentRow(new_row)
        lst.setFocus()
        lst.editItem(lst.item(new_row))

    def _remove(self, lst: QListWidget, field: str) -> None:
        row = lst.currentRow()
        if row < 0:
            return
        items = _items(lst)
        del items[row]
        self._edit(field, items)
        lst.setCurrentRow(min(row, lst.count() - 1))

    def _move(self, step: int) -> None:
        lst = self.ui.prioritiesList
        row = lst.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < lst.count():
            return
        items = _items(lst)
        items[row], items[target] = items[target], items[row]
        self._edit("priorities", items)
        lst.setCurrentRow(target)


def _row_of(form: QFormLayout, item: QWidget | QLayout) -> int:
    """The form row holding a field (a widget or a nested layout), or -1."""
    position: object = (form.getLayoutPosition(item) if isinstance(item, QLayout)
                        else form.getWidgetPosition(item))
    row, _role = cast(tuple[int, Any], position)
    return row


def _reopen(lst: QListWidget, typed: list[str]) -> None:
    """The entry whose new text was refused, open again with that text to put right (a
    value typed twice was replaced by the "New value" it was typed over)."""
    shown = _items(lst)
    row = next((i for i, (a, b) in enumerate(zip(shown, typed, strict=False)) if a != b), -1)
    if row < 0 or len(shown) != len(typed):
        return  # an add, remove or move: nothing was typed
    lst.setCurrentRow(row)
    lst.setFocus()
    lst.editItem(lst.item(row))
    for editor in lst.viewport().findChildren(QLineEdit):
        editor.setText(typed[row])
        editor.selectAll()


def _items(lst: QListWidget) -> list[str]:
    return [lst.item(i).text() for i in range(lst.count())]


def _fill(lst: QListWidget, values: tuple[str, ...]) -> None:
    if tuple(_items(lst)) == values or editing_cell(lst):  # an entry being typed stays open
        return
    row = lst.currentRow()
    current = lst.currentItem().text() if lst.currentItem() is not None else None
    lst.blockSignals(True)
    lst.clear()
    for value in values:
        item = QListWidgetItem(value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        lst.addItem(item)
    lst.blockSignals(False)
    if current in values:  # the entry stays selected where it moved (entries are unique)
        lst.setCurrentRow(values.index(current))
    elif lst.count():
        lst.setCurrentRow(max(0, min(row, lst.count() - 1)))
