"""The Partners & people view (ui layer): partner organisations and the people in them.

One search box filters both lists. The form under them edits the record selected; every change
(add, save, delete, merge, import) is one undo step. What is typed in the form is saved when
the form leaves its record (another one chosen, another view, the plan closed) as Save changes
saves it; typing that cannot be saved (an email that is not one) keeps the form on its record,
with why. A delete of a record in use is refused, on the page, with where it is named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.services import contacts
from planner.services import people as svc
from planner.services.changes import ChangeSet, Topic, ValidationError
from planner.ui.people import commands as cmd
from planner.ui.people.import_dialog import preview_import
from planner.ui.shell import chooser, file_dialogs
from planner.ui.shell.context import ViewContext
from planner.ui.shell.views import BaseView

_Index = QModelIndex | QPersistentModelIndex


class DirectoryTableModel(QAbstractTableModel):
    """Rows of organisations or people (detached snapshots) with named columns."""

    def __init__(self, columns: tuple[tuple[str, str], ...], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: tuple[Any, ...] = ()

    def set_rows(self, rows: tuple[Any, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(row, self.columns[index.column()][1])
            if isinstance(value, bool):
                return "ours" if value else ""
            return str(value)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
                and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.columns)):  # the tooltip: the whole title
            return self.columns[section][0]
        return None


def _table(model: DirectoryTableModel) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view, proxy


class FittedColumns(QObject):
    """A table's columns kept in sight: each as wide as its contents up to ``most``, the
    first given what room is left (a long organisation's name). When they would not fit,
    the other columns narrow first, down to their headings, then the first (the name a
    row is found by), then all together (a cut text keeps its tooltip). At 1366×768 the
    people's Email and Phone were behind a scroll bar while the organisations' names were
    cut beside an empty column."""

    def __init__(self, table: QTableView, most: tuple[int, ...]) -> None:
        super().__init__(table)
        self.table, self.most = table, most
        self.contents: list[int] = []
        table.viewport().installEventFilter(self)

    def measure(self) -> None:
        self.table.resizeColumnsToContents()
        self.contents = [self.table.columnWidth(c) for c in range(len(self.most))]
        self.fit()

    def fit(self) -> None:
        wanted = [min(width, most) for width, most in zip(self.contents, self.most, strict=True)]
        room = self.table.viewport().width() - 2
        total = sum(wanted)
        if 0 < total <= room:
            wanted[0] = min(self.contents[0], wanted[0] + room - total)
        elif total > room > 0:
            wanted = self._narrowed(wanted, total - room)
        for col, width in enumerate(wanted):
            self.table.setColumnWidth(col, width)

    def _narrowed(self, wanted: list[int], excess: int) -> list[int]:
        model, metrics = self.table.model(), self.table.horizontalHeader().fontMetrics()
        floors = [min(width, max(44, metrics.horizontalAdvance(str(model.headerData(
            c, Qt.Orientation.Horizontal))) + 20)) for c, width in enumerate(wanted)]
        for group in (range(1, len(wanted)), range(1)):
            spare = sum(wanted[c] - floors[c] for c in group)
            take = min(excess, spare)
            if take <= 0:
                continue
            for c in group:
                wanted[c] -= -(-(wanted[c] - floors[c]) * take // spare)  # rounded up
            excess -= take
        total = sum(wanted)
        room = total - max(excess, 0)
        return wanted if excess <= 0 else [width * room // total for width in wanted]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.contents:
            self.fit()
        return False


def _plain(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class PeopleView(BaseView):
    topics = frozenset({Topic.ORGANISATIONS, Topic.PEOPLE, Topic.PROFILE})

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.directory = svc.Directory()
        self.current: tuple[str, int] | None = None  # (table, id) in the form
        self._loaded: dict[str, Any] = {}  # the form's values as it showed its record
        outer = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names, roles, organisations, emails, notes")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        bar.addWidget(self.search, 1)
        self.new_org = QPushButton("New &organisation…")
        self.new_person = QPushButton("New &person…")
        self.import_button = QPushButton("&Import contacts…")
        self.import_button.setToolTip("People from a vCard (.vcf) or a CSV exported from "
                                      "Outlook, Google or Apple Contacts")
        for b in (self.new_org, self.new_person, self.import_button):
            bar.addWidget(b)
        outer.addLayout(bar)

        self.org_model = DirectoryTableModel(
            (("Organisation", "name"), ("Kind", "kind_label"), ("People", "people"),
             ("", "is_self")), self)
        self.person_model = DirectoryTableModel(
            (("Name", "name"), ("Role", "role"), ("Organisation", "organisation"),
             ("Email", "email"), ("Phone", "phone")), self)
        self.org_table, self.org_proxy = _table(self.org_model)
        self.person_table, self.person_proxy = _table(self.person_model)
        self.columns = (FittedColumns(self.org_table, (170, 96, 50, 40)),
                        FittedColumns(self.person_table, (170, 190, 190, 200, 130)))
        # Searching notes and websites too: a hidden text per row would need a custom
        # filter; the proxy's row filter below reads the row objects directly.
        self.org_proxy.filterAcceptsRow = self._org_accepts  # type: ignore[method-assign]
        self.person_proxy.filterAcceptsRow = self._person_accepts  # type: ignore[method-assign]
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._boxed("Organisations (partners and ours)", self.org_table))
        split.addWidget(self._boxed("People", self.person_table))
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        outer.addWidget(split, 3)

        self.form_box = QGroupBox("Select an organisation or a person")
        form = QFormLayout(self.form_box)
        self.name_edit = QLineEdit()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("—", "")
        for k in svc.ORGANISATION_KINDS:
            self.kind_combo.addItem(svc.kind_label(k), k)
        self.website_edit = QLineEdit()
        self.org_combo = QComboBox()
        self.role_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(54)
        form.addRow("&Name", self.name_edit)
        form.addRow("&Kind", self.kind_combo)
        form.addRow("&Website", self.website_edit)
        form.addRow("Or&ganisation", self.org_combo)
        form.addRow("&Role", self.role_edit)
        form.addRow("Em&ail", self.email_edit)
        form.addRow("Pho&ne", self.phone_edit)
        form.addRow("&Notes", self.notes_edit)  # Name, Phone, Notes: Alt+N goes round them
        self.form = form
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        form.addRow(self.message)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save changes")
        self.delete_button = QPushButton("&Delete")
        self.merge_combo = QComboBox()
        self.merge_combo.setToolTip("Another record of the same person or organisation: its "
                                    "links move to this one and it is removed")
        self.merge_button = QPushButton("&Merge into this")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("Same as:"))
        buttons.addWidget(self.merge_combo, 1)
        buttons.addWidget(self.merge_button)
        form.addRow(buttons)
        outer.addWidget(self.form_box, 2)

        self.new_org.clicked.connect(lambda: self.add("organisation"))
        self.new_person.clicked.connect(lambda: self.add("person"))
        self.import_button.clicked.connect(lambda: self.import_file())
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.merge_button.clicked.connect(self.merge)
        self.org_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._picked("organisation", self.org_proxy, cur))
        self.person_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._picked("person", self.person_proxy, cur))
        self.reload()

    @staticmethod
    def _boxed(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(widget)
        return box

    # ----------------------------------------------------------------- loading

    def reload(self) -> None:
        self.directory = svc.load(self.ctx.store)
        self.org_model.set_rows(self.directory.organisations)
        self.person_model.set_rows(self.directory.people)
        for columns in self.columns:
            columns.measure()
        current, typing = self.current, self._typing()
        if current is not None and not self._select(*current):
            self.current = None
        if self.current is None and self.person_proxy.rowCount():
            # Open on someone, so the form shows what a record holds.
            self._select("person", self.person_proxy.index(0, 0).data(Qt.ItemDataRole.UserRole))
        self._load_form()
        if typing and self.current == current:
            self._put_back(typing)  # an undo or a colleague's change leaves the typing be

    def _typing(self) -> dict[str, Any]:
        """The fields the user changed since the form showed its record."""
        return {k: v for k, v in self.form_values().items()
                if _plain(v) != _plain(self._loaded.get(k))}

    def _put_back(self, typing: dict[str, Any]) -> None:
        edits = {"name": self.name_edit, "website": self.website_edit, "role": self.role_edit,
                 "email": self.email_edit, "phone": self.phone_edit}
        for name, value in typing.items():
            if name in edits:
                edits[name].setText(value)
            elif name == "notes":
                self.notes_edit.setPlainText(value)
            else:  # a kind, or the organisation (ours is the first entry, whose data is None)
                combo = self.kind_combo if name == "kind" else self.org_combo
                combo.setCurrentIndex(max(combo.findData(value), 0))

    def refresh(self, changes: ChangeSet) -> None:
        if changes.concerns(self.topics):
            self.reload()

    def show_record(self, kind: str, ident: int) -> bool:
        if kind not in ("person", "organisation"):
            return False
        self.search.clear()
        return self._select(kind, ident)

    def _select(self, table: str, ident: int, *, load: bool = True) -> bool:
        view, proxy = ((self.org_table, self.org_proxy) if table == "organisation"
                       else (self.person_table, self.person_proxy))
        for row in range(proxy.rowCount()):
            index = proxy.index(row, 0)
            if index.data(Qt.ItemDataRole.UserRole) == ident:
                self.current = (table, ident)
                view.selectionModel().blockSignals(True)
                view.setCurrentIndex(index)
                view.selectionModel().blockSignals(False)
                view.scrollTo(index)
                if load:
                    self._load_form()
                return True
        return False

    def _picked(self, table: str, proxy: QSortFilterProxyModel, index: QModelIndex) -> None:
        if not index.isValid():
            return
        ident = proxy.index(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        leaving = self.current
        record = self._record()
        if leaving is not None and leaving != (table, ident) and record is not None \
                and self._typed(record):
            # Saving reads the lists again: not inside the click that is choosing a row.
            QTimer.singleShot(0, self, lambda: self._leave(leaving, (table, ident)))
            return
        self._quiet(self.person_table if table == "organisation" else self.org_table)
        self.message.clear()
        self._select(table, ident)

    def _leave(self, leaving: tuple[str, int], going: tuple[str, int]) -> None:
        """The typing of ``leaving`` saved, then ``going`` shown; if it cannot be saved it
        stays in the form, on its own record (chosen again in the lists), with why."""
        if self.current != leaving:
            return
        clicked = self.org_table if going[0] == "organisation" else self.person_table
        if not self.finish_edits():
            self._back_to(leaving, clicked)
            return
        self._quiet(self.person_table if going[0] == "organisation" else self.org_table)
        self.message.clear()
        self._select(*going)  # in the lists as read again after the save

    def _back_to(self, record: tuple[str, int], clicked: QTableView) -> None:
        if self.current == record:
            self._quiet(clicked)
            self._select(*record, load=False)

    @staticmethod
    def _quiet(table: QTableView) -> None:
        """No row chosen in ``table`` (without acting on it; a click on any row of it,
        the last one chosen too, then chooses that row)."""
        table.selectionModel().blockSignals(True)
        table.selectionModel().clearCurrentIndex()
        table.clearSelection()
        table.selectionModel().blockSignals(False)

    def _record(self) -> svc.OrganisationRow | svc.PersonRow | None:
        if self.current is None:
            return None
        table, ident = self.current
        return (self.directory.organisation(ident) if table == "organisation"
                else self.directory.person(ident))

    def _load_form(self) -> None:
        row = self._record()
        is_org = self.current is not None and self.current[0] == "organisation"
        org_rows: tuple[QWidget, ...] = (self.kind_combo, self.website_edit)
        for field in org_rows:
            self.form.setRowVisible(field, is_org)
        person_rows: tuple[QWidget, ...] = (self.org_combo, self.role_edit, self.email_edit,
                                             self.phone_edit)
        for field in person_rows:
            self.form.setRowVisible(field, row is not None and not is_org)
        for widget in (self.save_button, self.delete_button, self.merge_button,
                       self.merge_combo, self.name_edit, self.notes_edit):
            widget.setEnabled(row is not None)
        self.org_combo.clear()
        us = self.directory.organisation(self.directory.self_id)
        self.org_combo.addItem(f"{us.name} (ours)" if us else "Our organisation", None)
        for o in self.directory.partners:
            self.org_combo.addItem(o.name, o.id)
        self.merge_combo.clear()
        # Nothing is merged by one careless click: the duplicate is always chosen first.
        self.merge_combo.addItem("— choose the duplicate —", None)
        if row is None:
            self.form_box.setTitle("Select an organisation or a person")
            for edit in (self.name_edit, self.website_edit, self.role_edit, self.email_edit,
                         self.phone_edit):
                edit.clear()
            self.notes_edit.clear()
            self._loaded = {}
            return
        self.name_edit.setText(row.name)
        self.notes_edit.setPlainText(row.notes)
        if isinstance(row, svc.OrganisationRow):
            self.form_box.setTitle(f"Organisation: {row.name}")
            if self.kind_combo.findData(row.kind) < 0:
                self.kind_combo.addItem(row.kind, row.kind)  # a kind of the user's own
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(row.kind), 0))
            self.website_edit.setText(row.website)
            self.delete_button.setEnabled(not row.is_self)
            for o in self.directory.partners:
                if o.id != row.id:
                    self.merge_combo.addItem(o.name, o.id)
        else:
            self.form_box.setTitle(f"Person: {row.name}")
            index = self.org_combo.findData(row.organisation_id)
            self.org_combo.setCurrentIndex(max(index, 0))
            self.role_edit.setText(row.role)
            self.email_edit.setText(row.email)
            self.phone_edit.setText(row.phone)
            for p in self.directory.people:
                if p.id != row.id:
                    self.merge_combo.addItem(p.label, p.id)
        self.merge_button.setEnabled(self.merge_combo.count() > 1)
        self._loaded = self.form_values()

    def _filter(self, _text: str = "") -> None:
        self.org_proxy.invalidate()
        self.person_proxy.invalidate()

    def _matches(self, *texts: str) -> bool:
        words = self.search.text().casefold().split()
        joined = " ".join(texts).casefold()
        return all(w in joined for w in words)

    def _org_accepts(self, row: int, _parent: _Index) -> bool:
        o = self.org_model.rows[row]
        return self._matches(o.name, o.kind, o.website, o.notes)

    def _person_accepts(self, row: int, _parent: _Index) -> bool:
        p = self.person_model.rows[row]
        return self._matches(p.name, p.role, p.organisation, p.email, p.phone, p.notes)

    # ----------------------------------------------------------------- edits

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def add(self, table: str, name: str = "") -> int | None:
        """A new record; a new person belongs to the organisation in the form, if any."""
        if not self.finish_edits():  # the form is about to show the new record
            return None
        organisation = None
        if table == "person" and self.current is not None:
            shown, shown_id = self.current
            organisation = shown_id if shown == "organisation" else self.org_combo.currentData()
        ident = chooser.create_record(self, self.ctx, table, name, organisation)
        if ident is not None:
            self.search.clear()
            self._select(table, ident)
        return ident

    def form_values(self) -> dict[str, Any]:
        if self.current is None:
            return {}
        values: dict[str, Any] = {"name": self.name_edit.text(),
                                  "notes": self.notes_edit.toPlainText()}
        if self.current[0] == "organisation":
            values |= {"kind": self.kind_combo.currentData() or "",
                       "website": self.website_edit.text()}
        else:
            org = self.org_combo.currentData()
            values |= {"organisation_id": org if org is not None else self.directory.self_id,
                       "role": self.role_edit.text(), "email": self.email_edit.text(),
                       "phone": self.phone_edit.text()}
        return values

    def save(self) -> bool:
        """Save changes: True when the form's values were saved to its record."""
        return self._save() == "saved"

    def finish_edits(self) -> bool:
        """The form leaves its record: what was typed is saved first. False (and why,
        under the form) when it could not be."""
        row = self._record()
        if row is None or not self._typed(row):
            return True
        return self._save() != "refused"

    def hideEvent(self, event: QHideEvent) -> None:
        # Another view chosen: the typing is saved, as when another record is chosen.
        if not event.spontaneous() and self.current is not None:
            self.finish_edits()
        super().hideEvent(event)

    def _typed(self, row: svc.OrganisationRow | svc.PersonRow) -> bool:
        """Whether the form shows anything but its record (a cheap look; _save decides)."""
        old = row.values()
        return any(_plain(old.get(k)) != _plain(v) for k, v in self.form_values().items())

    def _save(self) -> str:
        """"saved", "unchanged" or "refused" (the reason is under the form)."""
        row = self._record()
        if row is None or self.current is None:
            return "unchanged"
        table = self.current[0]
        new = self.form_values()
        try:
            for name, value in new.items():
                new[name] = svc.check_value(self.ctx.store, table, name, value, row.id)
        except ValidationError as exc:
            self._say(exc.message)
            return "refused"
        old = row.values()
        if all(old.get(k) == v for k, v in new.items()):
            self._say("")
            return "unchanged"
        command = cmd.EditRecordCommand(self.ctx, table, row.id, old, new, row.name)
        ok = self.ctx.push(command)
        self._say("" if ok else command.problem)
        return "saved" if ok else "refused"

    def delete(self) -> bool:
        row = self._record()
        if row is None or self.current is None:
            return False
        command = cmd.DeleteRecordCommand(self.ctx, self.current[0], row.id, row.name)
        ok = self.ctx.push(command)
        if ok:
            self.current = None
            self._load_form()
        self._say("" if ok else command.problem)
        return ok

    def merge(self) -> bool:
        if not self.finish_edits():
            return False
        row = self._record()
        other = self.merge_combo.currentData()
        if row is None or self.current is None or other is None:
            self._say("Choose, under “Same as”, the other record of the same "
                      + ("organisation." if self.current and self.current[0] == "organisation"
                         else "person."))
            return False
        table = self.current[0]
        drop = (self.directory.organisation(other) if table == "organisation"
                else self.directory.person(other))
        command = cmd.MergeRecordsCommand(self.ctx, table, row.id, other, row.name,
                                          drop.name if drop else "")
        ok = self.ctx.push(command)
        self._say("" if ok else command.problem)
        return ok

    def import_file(self, path: Path | None = None) -> bool:
        if path is None:
            path = file_dialogs.ask_open(self, "Import people",
                                         "Contacts (*.vcf *.vcard *.csv);;All files (*)")
            if path is None:
                return False
        if not self.finish_edits():
            return False
        try:
            found = contacts.read_file(path)
        except ValidationError as exc:
            self._say(exc.message)
            return False
        plan = svc.plan_import(self.ctx.store, found)
        if not preview_import(self, plan, path.name) or not plan.add:
            return False
        command = cmd.ImportContactsCommand(self.ctx, plan.add, path.name)
        ok = self.ctx.push(command)
        self._say("" if ok else command.problem)
        if ok:
            skipped = f"; {len(plan.skipped)} skipped" if plan.skipped else ""
            self.ctx.events.status.emit(f"Imported {len(plan.add)} people from "
                                        f"{path.name}{skipped}.")
        return ok
