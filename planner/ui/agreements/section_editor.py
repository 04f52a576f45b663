"""The section editor of the Agreements view (ui layer): one clause of the agreement.

Guidance, the clause's title and text (light markup, previewed as the PDF sets it), its
structured table (staffing, money, meetings, …, or the data-sharing schedule) and the
conflict areas it deals with. The editor holds no store and pushes no edit: it shows the
section it is given and says what the user changed through its signals; the view checks
and saves the edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidgetItem, QTableWidgetItem, QWidget

from planner.domain import agreements as rules
from planner.services import agreements as svc
from planner.services.changes import ValidationError
from planner.ui.agreements.common import ID_ROLE, esc, scrolling_page
from planner.ui.forms.ui_agreement_section_editor import Ui_AgreementSectionEditorForm
from planner.ui.shell.keep_place import editing_cell, show_value
from planner.ui.shell.theme import colour as themed
from planner.ui.shell.theme import current_is_dark

# The guidance note's paper, rule and words, light and dark (words 4.5:1 on the paper).
GUIDANCE = {False: ("#eef2f8", "#1f3a5f", "#26313f"), True: ("#1f2a36", "#7fa7d9", "#dfe6ee")}

SCHEDULE = "schedule"  # the data section's schedule: a mapping, edited as item / entry rows


def markup_html(text: str) -> str:
    """The light markup as HTML for the preview: paragraphs, bullet lists, bold, italic."""
    html = []
    for block in rules.parse_markup(text):
        if block.kind == "bullets":
            items = "".join(f"<li>{rules.runs_markup(i, esc)}</li>" for i in block.items)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(f"<p>{rules.runs_markup(block.items[0], esc)}</p>")
    return "".join(html) or "<i>Nothing written yet.</i>"


def table_key_of(section: svc.SectionRow) -> str:
    """Which structured table the section carries ("" for none)."""
    key = next((k for k in rules.TABLES if k in section.data),
               rules.SECTION_TABLES.get(section.key, ""))
    if not key and (section.key == "data" or SCHEDULE in section.data):
        key = SCHEDULE
    return key


def fit_rows(table: Any) -> None:
    """Tall enough to show every row (up to a limit): the clause text above gives way,
    rather than the table scrolling inside a scrolling page."""
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    chrome = (table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
              + table.horizontalScrollBar().sizeHint().height())
    table.setMinimumHeight(min(max(rows, 2 * 30) + chrome, 420))


class SectionEditor(QWidget):
    """The "Section" tab. ``page`` is what goes into the tab (the form scrolls, its message
    line stays in sight); ``ui`` is the Designer form."""

    textEdited = Signal(str, str)  # field ("title" or "body"), the text typed so far
    dataEdited = Signal(object)  # the section's whole new ``data`` (a table was edited)
    conflictsChosen = Signal(list)  # the ids of the conflict areas ticked
    meetingLoadWanted = Signal()  # the meetings table is shown: the view answers show_load

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AgreementSectionEditorForm()
        self.ui.setupUi(self)
        self.section: svc.SectionRow | None = None
        self.table_key = ""
        self._filling = False
        e = self.ui
        e.markupLabel.setStyleSheet(f"color: {themed('secondary')};")
        # A note in either theme: the form's fixed pale blue was a glaring box in the dark
        # window (the view is built again when the theme changes).
        paper, rule, ink = GUIDANCE[current_is_dark()]
        e.guidanceLabel.setStyleSheet(f"QLabel {{ background: {paper}; border-left: 3px solid "
                                      f"{rule}; padding: 6px; color: {ink}; }}")
        e.titleLabel.setBuddy(e.titleEdit)
        e.bodyLabel.setBuddy(e.bodyEdit)
        e.titleEdit.textEdited.connect(lambda t: self.textEdited.emit("title", t))
        e.bodyEdit.textChanged.connect(self._body_changed)
        e.tableWidget.itemChanged.connect(self._table_item_changed)
        e.addRowButton.clicked.connect(lambda: self.add_table_row())
        e.removeRowButton.clicked.connect(lambda: self.remove_table_row())
        e.conflictsList.itemChanged.connect(self._conflict_toggled)
        # A live preview of the light markup, as the PDF will set it (bold, bullets).
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setAccessibleName("Preview of the clause")
        # The page as printed: paper-white in light, a dark page with light ink in dark.
        self.preview.setStyleSheet(f"QLabel {{ background: {themed('paper')}; color: "
                                   f"{themed('paper_text')}; border: 1px solid "
                                   f"{themed('paper_border')}; padding: 8px; "
                                   "font-family: serif; }")
        layout = e.outerLayout
        layout.insertWidget(layout.indexOf(e.markupLabel) + 1, self.preview)
        e.bodyEdit.textChanged.connect(self._update_preview)
        self.page = scrolling_page(self, e.messageLabel)

    @property
    def message(self) -> QLabel:
        return self.ui.messageLabel

    def set_editable(self, editable: bool) -> None:
        e = self.ui
        e.titleEdit.setReadOnly(not editable)
        e.bodyEdit.setReadOnly(not editable)
        e.addRowButton.setEnabled(editable)
        e.removeRowButton.setEnabled(editable)
        e.conflictsList.setEnabled(editable)

    # ------------------------------------------------------------------ showing

    def show_section(self, section: svc.SectionRow | None,
                     conflicts: tuple[svc.ConflictChoice, ...] = (),
                     personal_data: bool = False) -> None:
        """Show ``section`` (None: nothing selected) with the partnership's ``conflicts``."""
        self._filling = True
        try:
            self._show(section, conflicts, personal_data)
        finally:
            self._filling = False

    def _show(self, section: svc.SectionRow | None,
              conflicts: tuple[svc.ConflictChoice, ...], personal_data: bool) -> None:
        e = self.ui
        self.section = section
        self.setEnabled(section is not None)
        if section is None:
            self.table_key = ""
            e.headingLabel.setText("No section selected")
            e.titleEdit.clear()
            e.bodyEdit.clear()
            e.guidanceLabel.setText("")
            e.guidanceLabel.hide()
            e.tableGroup.hide()
            e.conflictsGroup.hide()
            return
        e.headingLabel.setText(f"<b>Section {section.position + 1}</b>")
        # A colleague's change leaves the title or text being typed (and its message) alone.
        shown = show_value(e.titleEdit, section.title) & show_value(e.bodyEdit, section.body)
        guidance = section.guidance or svc.template_guidance(section.key)
        e.guidanceLabel.setText(f"<b>Guidance.</b> {esc(guidance)}" if guidance else "")
        e.guidanceLabel.setVisible(bool(guidance))
        self.table_key = table_key_of(section)
        # With a table below, the clause text is usually short: let the table have the room.
        e.bodyEdit.setMaximumHeight(150 if self.table_key else 16777215)
        self._fill_table(section, personal_data)
        show_conflicts = section.key == "conflicts" or bool(section.conflict_ids)
        e.conflictsGroup.setVisible(show_conflicts)
        e.conflictsList.clear()
        if show_conflicts:
            for c in conflicts:
                item = QListWidgetItem(f"{c.title}  ({c.band})")
                item.setData(ID_ROLE, c.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if c.id in section.conflict_ids
                                   else Qt.CheckState.Unchecked)
                e.conflictsList.addItem(item)
            if not conflicts:
                e.conflictsList.addItem("No conflict areas are recorded for this partnership.")
        if shown:
            e.messageLabel.setText("")

    def _fill_table(self, section: svc.SectionRow, personal_data: bool) -> None:
        e = self.ui
        if not self.table_key:
            e.tableGroup.hide()
            return
        if editing_cell(e.tableWidget):  # a colleague's change: the cell being typed stays
            return
        e.tableGroup.show()
        for button in (e.addRowButton, e.removeRowButton):
            button.setVisible(self.table_key != SCHEDULE)
        if self.table_key == SCHEDULE:
            self._fill_schedule(section, personal_data)
            return
        e.tableGroup.setTitle(rules.TABLE_TITLES[self.table_key])
        columns = rules.TABLES[self.table_key]
        rows = section.data.get(self.table_key, [])
        table = e.tableWidget
        table.blockSignals(True)
        table.clear()
        table.setColumnCount(len(columns))
        table.setHorizontalHeaderLabels([c.label for c in columns])
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, column in enumerate(columns):
                value = row.get(column.key)
                if column.kind == "bool":
                    item = QTableWidgetItem()
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    on = rules.ceo_attends(row) if column.key == "ceo" else bool(value)
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                else:
                    item = QTableWidgetItem("" if value is None else
                                            rules.format_cell(column, value).replace(",", "")
                                            if column.kind in ("money", "hours") else str(value))
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(False)
        table.blockSignals(False)
        fit_rows(table)
        if self.table_key == "meetings":
            self.meetingLoadWanted.emit()
        else:
            e.loadLabel.setText("")

    def _fill_schedule(self, section: svc.SectionRow, personal_data: bool) -> None:
        """The data-sharing schedule (Annex A) as item / entry rows; only entries edit."""
        e = self.ui
        schedule = section.data.get(SCHEDULE)
        values = schedule if isinstance(schedule, dict) else {}
        e.tableGroup.setTitle("Data-sharing schedule (printed as Annex A when personal "
                              "data is shared)")
        table = e.tableWidget
        table.blockSignals(True)
        table.clear()
        table.setColumnCount(2)
        table.setHorizontalHeaderLabels(["Item", "Entry"])
        table.setRowCount(len(rules.SCHEDULE_FIELDS))
        for r, (key, label) in enumerate(rules.SCHEDULE_FIELDS):
            item = QTableWidgetItem(label)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(r, 0, item)
            entry = QTableWidgetItem(str(values.get(key, "") or ""))
            entry.setToolTip(entry.text() or "Empty: the annex prints “To be completed.”")
            table.setItem(r, 1, entry)
        table.resizeColumnToContents(0)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeRowsToContents()
        table.blockSignals(False)
        fit_rows(table)
        e.loadLabel.setText("" if personal_data else
                            "Tick “Personal data shared” above to print this schedule.")

    def show_load(self, load: rules.MeetingLoad | None) -> None:
        """The meeting load the meetings table adds up to (None: not known)."""
        if load is None:
            self.ui.loadLabel.setText("")
            return
        text = (f"About {load.meetings_per_month:g} meetings and {load.hours_per_month:g} "
                f"hours a month; the CEO's share is {load.ceo_hours_per_month:g} h.")
        if load.warnings:
            text = (f"<span style='color:{themed('warn')}'><b>Heavy meeting load.</b> "
                    + " ".join(esc(w) for w in load.warnings) + "</span><br>" + text)
        self.ui.loadLabel.setText(text)

    # ------------------------------------------------------------------ what the user did

    def _update_preview(self) -> None:
        self.preview.setText(markup_html(self.ui.bodyEdit.toPlainText()[:20_000]))

    def _body_changed(self) -> None:
        if not self._filling:
            self.textEdited.emit("body", self.ui.bodyEdit.toPlainText())

    def _table_rows(self) -> list[dict[str, Any]]:
        """The table as rows, or ValidationError naming the cell that is not a number."""
        columns = rules.TABLES[self.table_key]
        table = self.ui.tableWidget
        rows: list[dict[str, Any]] = []
        for r in range(table.rowCount()):
            row: dict[str, Any] = {}
            for c, column in enumerate(columns):
                item = table.item(r, c)
                if column.kind == "bool":
                    row[column.key] = bool(item and item.checkState() == Qt.CheckState.Checked)
                    continue
                text = (item.text() if item else "").strip()
                if column.kind in ("money", "hours"):
                    if not text:
                        continue
                    try:
                        row[column.key] = float(text.replace(",", "").replace("£", ""))
                    except ValueError:
                        raise ValidationError(f"Row {r + 1}: {column.label} must be a number "
                                              f"(not “{text}”).", "data") from None
                elif text:
                    row[column.key] = text
            rows.append(row)
        return rows

    def _table_item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self.commit_table()

    def commit_table(self) -> None:
        """Say the table's rows as the section's new data (a cell that is not a number is
        named in the message line instead)."""
        section = self.section
        if section is None or not self.table_key:
            return
        data = dict(section.data)
        if self.table_key == SCHEDULE:
            table = self.ui.tableWidget
            entries = {key: (cell.text().strip() if (cell := table.item(r, 1)) else "")
                       for r, (key, _label) in enumerate(rules.SCHEDULE_FIELDS)}
            data[SCHEDULE] = {**dict(data.get(SCHEDULE) or {}), **entries}
        else:
            try:
                data[self.table_key] = self._table_rows()
            except ValidationError as exc:
                self.ui.messageLabel.setText(esc(exc.message))
                return
        self.dataEdited.emit(data)

    def add_table_row(self) -> None:
        section = self.section
        if section is None or not self.table_key:
            return
        data = dict(section.data)
        data[self.table_key] = [*data.get(self.table_key, []), {}]
        self.dataEdited.emit(data)

    def remove_table_row(self) -> None:
        section = self.section
        row = self.ui.tableWidget.currentRow()
        if section is None or not self.table_key or row < 0:
            return
        data = dict(section.data)
        rows = list(data.get(self.table_key, []))
        if row < len(rows):
            del rows[row]
        data[self.table_key] = rows
        self.dataEdited.emit(data)

    def _conflict_toggled(self, _item: QListWidgetItem) -> None:
        if self._filling or self.section is None:
            return
        chosen = []
        for i in range(self.ui.conflictsList.count()):
            it = self.ui.conflictsList.item(i)
            ident = it.data(ID_ROLE)
            if isinstance(ident, int) and it.checkState() == Qt.CheckState.Checked:
                chosen.append(ident)
        self.conflictsChosen.emit(chosen)
