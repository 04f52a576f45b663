"""The Agreements view (ui layer): build, freeze, amend, print, sign and verify protocols.

Left, every agreement by partnership and version, and the sections of the one selected
(reorder, add from the templates, remove). Right, the agreement's header with its state,
fingerprint and lifecycle buttons, then three tabs: the section editor (guidance, text,
structured table, linked conflict areas), signatories and signing (typed name, a signature
pad, and optional digital signing), and verifying a signed PDF. Every edit is an undo
command; PDF export, signing and checking run on a worker thread behind a busy bar.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain import agreements as rules
from planner.services import agreements as svc
from planner.services import identities as ids
from planner.services import people as people_svc
from planner.services.changes import ChangeSet, ValidationError
from planner.ui.agreements.commands import (
    AgreementCreateCommand,
    AgreementFieldCommand,
    AmendCommand,
    MarkAgreedCommand,
    SectionAddCommand,
    SectionFieldCommand,
    SectionMoveCommand,
    SectionRemoveCommand,
    SignatoryAddCommand,
    SignatoryEditCommand,
    SignatoryRemoveCommand,
    SignCommand,
)
from planner.ui.forms.ui_agreement_section_editor import Ui_AgreementSectionEditorForm
from planner.ui.forms.ui_agreement_sign import Ui_AgreementSignForm
from planner.ui.shell import chooser
from planner.ui.shell.background import Job, JobRunner
from planner.ui.shell.context import ViewContext
from planner.ui.shell.keep_place import editing_cell, show_value, showing_colleagues_change
from planner.ui.shell.theme import colour as themed
from planner.ui.shell.views import BaseView

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_KINDS = ("agreement", "agreement_section", "signatory", "signature", "opportunity",
          "conflict_area", "organisation", "person", "profile")
TYPING_DELAY_MS = 400
_NO_DATE = QDate(2000, 1, 1)  # the date editors' "not set" value
SCHEDULE = "schedule"  # the data section's schedule: a mapping, edited as item / entry rows
STATE_COLOURS = {"draft": "#8a5a00", "agreed": "#1f3a5f", "partly_signed": "#5b3a8a",
                 "signed": "#1d6b35", "superseded": "#6b6f76"}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _with_message(scroll: QScrollArea, message: QLabel) -> QWidget:
    """A tab page: the scrolling form, with its message line below it, always in sight
    (at the foot of a long form it could be scrolled out of view while typing above)."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    parent = message.parentWidget()
    form = parent.layout() if parent is not None else None
    if form is not None:
        form.removeWidget(message)
    layout.addWidget(scroll, 1)
    layout.addWidget(message)
    return page


def _fit_rows(table: Any) -> None:
    """Tall enough to show every row (up to a limit): the clause text above gives way,
    rather than the table scrolling inside a scrolling page."""
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    chrome = (table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
              + table.horizontalScrollBar().sizeHint().height())
    table.setMinimumHeight(min(max(rows, 2 * 30) + chrome, 420))


def markup_html(text: str) -> str:
    """The light markup as HTML for the preview: paragraphs, bullet lists, bold, italic."""
    html = []
    for block in rules.parse_markup(text):
        if block.kind == "bullets":
            items = "".join(f"<li>{rules.runs_markup(i, _esc)}</li>" for i in block.items)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(f"<p>{rules.runs_markup(block.items[0], _esc)}</p>")
    return "".join(html) or "<i>Nothing written yet.</i>"


# --------------------------------------------------------------------------- the view


class AgreementsView(BaseView):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from planner.paths import user_data_dir

        self.data_dir = user_data_dir()  # where signing identities live; tests override
        self.jobs = JobRunner(self)  # PDF export, signing and checking
        self.agreement_id: int | None = None
        self.section_id: int | None = None
        self.detail: svc.AgreementDetail | None = None
        self.table_key = ""
        self._loading = False
        self.last_result: object = None
        self._pending: dict[str, Any] = {}
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self.flush_edits)
        self._build()
        self.reload()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("<b>Agreements</b>")
        lay.addWidget(heading)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Agreement", "State"])
        self.tree.setAccessibleName("Agreements")
        # The state column always shows in full; long titles are cut short (tooltips).
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._tree_changed)
        heading.setBuddy(self.tree)
        lay.addWidget(self.tree, 2)
        row = QHBoxLayout()
        self.partnership_combo = QComboBox()
        self.partnership_combo.setAccessibleName("Partnership for a new agreement")
        self.partnership_combo.setToolTip("The partnership a new agreement is made for")
        # Filled after the view is built, so say now that long titles must not widen it.
        self.partnership_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.partnership_combo.setMinimumContentsLength(16)
        self.new_button = QPushButton("New agreement")
        self.new_button.setToolTip("Start a draft for the chosen partnership, pre-filled from "
                                   "the clause templates")
        self.new_button.clicked.connect(lambda: self.new_agreement())
        row.addWidget(self.partnership_combo, 1)
        row.addWidget(self.new_button)
        lay.addLayout(row)
        sections_heading = QLabel("<b>Sections</b>")
        lay.addWidget(sections_heading)
        self.sections = QListWidget()
        self.sections.setAccessibleName("Sections")
        self.sections.currentItemChanged.connect(self._section_changed)
        sections_heading.setBuddy(self.sections)
        lay.addWidget(self.sections, 3)
        buttons = QHBoxLayout()
        self.up_button = QToolButton()
        self.up_button.setText("Up")
        self.up_button.setToolTip("Move the section up (Alt+Up)")
        self.up_button.setShortcut("Alt+Up")
        self.up_button.clicked.connect(lambda: self.move_section(-1))
        self.down_button = QToolButton()
        self.down_button.setText("Down")
        self.down_button.setToolTip("Move the section down (Alt+Down)")
        self.down_button.setShortcut("Alt+Down")
        self.down_button.clicked.connect(lambda: self.move_section(1))
        self.add_button = QToolButton()
        self.add_button.setText("Add")
        self.add_button.setToolTip("Add a section from the templates, or a blank one, after "
                                   "the selected section")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self.add_button)
        self.add_button.setMenu(self.add_menu)
        self.remove_button = QToolButton()
        self.remove_button.setText("Remove")
        self.remove_button.setToolTip("Remove the selected section (Edit › Undo brings it back)")
        self.remove_button.clicked.connect(lambda: self.remove_section())
        for b in (self.up_button, self.down_button, self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch()
        lay.addLayout(buttons)
        splitter.addWidget(left)

        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Agreement title")
        self.title_edit.setPlaceholderText("Agreement title")
        self.title_edit.textEdited.connect(lambda t: self._queue("agreement:title", t))
        f = self.title_edit.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        self.title_edit.setFont(f)
        self.state_label = QLabel()
        head.addWidget(self.title_edit, 1)
        head.addWidget(self.state_label)
        rlay.addLayout(head)
        info = QHBoxLayout()
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setWordWrap(True)
        self.binding_check = QCheckBox("Legally binding")
        self.binding_check.toggled.connect(lambda v: self.set_agreement_field("binding", v))
        self.personal_check = QCheckBox("Personal data shared")
        self.personal_check.setToolTip("Adds the data-sharing schedule as an annex")
        self.personal_check.toggled.connect(
            lambda v: self.set_agreement_field("personal_data", v))
        info.addWidget(self.fingerprint_label, 1)
        # Beside the fingerprint's words (which wrap), not after the dates: the pane fits
        # a 1024-pixel screen beside the list of agreements.
        info.addWidget(self.binding_check)
        info.addWidget(self.personal_check)
        rlay.addLayout(info)
        dates = QHBoxLayout()
        self.date_edits: dict[str, QDateEdit] = {}
        for field, text in (("effective_from", "In &effect from"), ("review_on", "Re&view by")):
            label = QLabel(text)
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setMinimumDate(_NO_DATE)
            edit.setSpecialValueText("not set")
            edit.setAccessibleName(text.replace("&", ""))
            edit.dateChanged.connect(lambda d, f=field: self._date_changed(f, d))
            label.setBuddy(edit)
            dates.addWidget(label)
            dates.addWidget(edit)
            self.date_edits[field] = edit
        dates.addStretch()
        rlay.addLayout(dates)
        actions = QHBoxLayout()
        self.agree_button = QPushButton("Mark agreed")
        self.agree_button.setToolTip("Freeze the text after checking nothing blocks it")
        self.agree_button.clicked.connect(lambda: self.mark_agreed())
        self.amend_button = QPushButton("Amend…")
        self.amend_button.setToolTip("Start a new draft version of this agreement")
        self.amend_button.clicked.connect(lambda: self.amend())
        self.export_button = QPushButton("Export PDF…")
        self.export_button.setToolTip("Save this version as a PDF to print, send or sign")
        self.export_button.clicked.connect(lambda: self.export_pdf())
        self.print_button = QPushButton("Print…")
        self.print_button.setToolTip("Preview and print the pages exactly as the PDF shows them")
        self.print_button.clicked.connect(lambda: self.print_preview())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Working")
        self.busy.hide()
        for button in (self.agree_button, self.amend_button, self.export_button,
                       self.print_button):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.busy)
        rlay.addLayout(actions)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setStyleSheet(f"QLabel {{ background: {themed('banner')}; border: 1px solid "
                                  f"{themed('banner_border')}; padding: 6px; "
                                  f"color: {themed('banner_text')}; }}")
        self.banner.hide()
        rlay.addWidget(self.banner)

        self.tabs = QTabWidget()
        rlay.addWidget(self.tabs, 1)
        self.editor_page = QWidget()
        self.editor = Ui_AgreementSectionEditorForm()
        self.editor.setupUi(self.editor_page)
        self.editor.markupLabel.setStyleSheet(f"color: {themed('secondary')};")
        self.editor.titleLabel.setBuddy(self.editor.titleEdit)
        self.editor.bodyLabel.setBuddy(self.editor.bodyEdit)
        self.editor.titleEdit.textEdited.connect(lambda t: self._queue("section:title", t))
        self.editor.bodyEdit.textChanged.connect(self._body_changed)
        self.editor.tableWidget.itemChanged.connect(self._table_item_changed)
        self.editor.addRowButton.clicked.connect(lambda: self.add_table_row())
        self.editor.removeRowButton.clicked.connect(lambda: self.remove_table_row())
        self.editor.conflictsList.itemChanged.connect(self._conflict_toggled)
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
        layout = self.editor.outerLayout
        layout.insertWidget(layout.indexOf(self.editor.markupLabel) + 1, self.preview)
        self.editor.bodyEdit.textChanged.connect(self._update_preview)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor_page)
        self.tabs.addTab(_with_message(scroll, self.editor.messageLabel), "Section")

        self.sign_page = QWidget()
        self.sign = Ui_AgreementSignForm()
        self.sign.setupUi(self.sign_page)
        self.sign.nameLabel.setBuddy(self.sign.nameEdit)
        self.sign.roleLabel.setBuddy(self.sign.roleEdit)
        self.sign.organisationLabel.setBuddy(self.sign.organisationEdit)
        self.sign.typedLabel.setBuddy(self.sign.typedNameEdit)
        self.sign.identityLabel.setBuddy(self.sign.identityCombo)
        self.sign.passphraseLabel.setBuddy(self.sign.passphraseEdit)
        self.sign.addSignatoryButton.clicked.connect(lambda: self.add_signatory())
        self.sign.removeSignatoryButton.clicked.connect(lambda: self.remove_signatory())
        self.sign.updateSignatoryButton.clicked.connect(lambda: self.update_signatory())
        self.sign.signatoriesList.currentItemChanged.connect(self._signatory_changed)
        # A signatory can be taken from the plan's people (or added there): the boxes fill in.
        self.person_combo = QComboBox()
        self.person_combo.setToolTip("Fill the name, role and organisation from a person of "
                                     "the plan, or add a new person")
        person_label = QLabel("From p&eople")
        person_label.setBuddy(self.person_combo)
        self.sign.signatoryGrid.addWidget(person_label, 2, 0, 1, 1)
        self.sign.signatoryGrid.addWidget(self.person_combo, 2, 1, 1, 2)
        chooser.attach(self.person_combo, self.ctx, "person", self._person_picked)
        self._fill_people()
        self.sign.clearPadButton.clicked.connect(self.sign.pad.clear)
        self.sign.signButton.clicked.connect(lambda: self.sign_drawn())
        self.sign.newIdentityButton.clicked.connect(lambda: self.create_identity())
        self.sign.importIdentityButton.clicked.connect(lambda: self.import_identity())
        self.sign.digitalButton.clicked.connect(lambda: self.sign_digitally())
        self.sign.countersignButton.clicked.connect(lambda: self.countersign())
        self.sign.identityCombo.currentIndexChanged.connect(self._identity_changed)
        # The fingerprint the signatory reads out to you (exchanged outside the program).
        pin_label = QLabel("T&heir fingerprint")
        self.pin_edit = QLineEdit()
        self.pin_edit.setAccessibleName("The signatory's certificate fingerprint")
        self.pin_edit.setPlaceholderText("64 hexadecimal digits, as the signatory gave it to you")
        pin_label.setBuddy(self.pin_edit)
        self.pin_button = QPushButton("Pin")
        self.pin_button.setToolTip("Trust signatures made with this certificate")
        self.pin_button.clicked.connect(lambda: self.pin_fingerprint())
        grid = self.sign.digitalGrid
        pin_row = grid.rowCount()
        grid.addWidget(pin_label, pin_row, 0)
        grid.addWidget(self.pin_edit, pin_row, 1, 1, 2)
        grid.addWidget(self.pin_button, pin_row, 3)
        sign_scroll = QScrollArea()
        sign_scroll.setWidgetResizable(True)
        sign_scroll.setWidget(self.sign_page)
        self.tabs.addTab(_with_message(sign_scroll, self.sign.messageLabel), "Signatures")

        self.verify_page = QWidget()
        vlay = QVBoxLayout(self.verify_page)
        intro = QLabel(
            "Check a signed agreement PDF: who signed, when, and whether anything changed "
            "since. Paste the certificate fingerprints your partners gave you (one per line; "
            "anything after # is a note) to confirm who signed.")
        intro.setWordWrap(True)
        vlay.addWidget(intro)
        pins_label = QLabel("&Trusted fingerprints")
        self.pins_edit = QPlainTextEdit()
        self.pins_edit.setAccessibleName("Trusted fingerprints")
        self.pins_edit.setMaximumHeight(90)
        self.pins_edit.setPlaceholderText(
            "For example:  3f2a…9c41  # Helen Marsh, Northvale (read out on the phone)")
        pins_label.setBuddy(self.pins_edit)
        vlay.addWidget(pins_label)
        vlay.addWidget(self.pins_edit)
        self.verify_button = QPushButton("Verify a &PDF…")
        self.verify_button.setToolTip("Choose a signed agreement PDF to check")
        self.verify_button.clicked.connect(lambda: self.verify_file())
        vlay.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.verify_result = QPlainTextEdit()
        self.verify_result.setReadOnly(True)
        self.verify_result.setAccessibleName("Verification result")
        self.verify_result.setPlaceholderText(
            "What the check finds appears here: each signature (who, when, which "
            "certificate), whether the file is intact, and whether it matches an agreement "
            "of this plan.")
        vlay.addWidget(self.verify_result, 1)
        self.tabs.addTab(self.verify_page, "Verify")

        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 960])
        self.sign.signatoriesList.setMaximumHeight(130)

    # ------------------------------------------------------------------ contract

    def refresh(self, changes: ChangeSet) -> None:
        if changes.touches(*_KINDS):
            if not showing_colleagues_change():
                # Typing not saved yet when an undo or redo lands is dropped with it: the
                # undo means "take back my latest edit", and the editors reload from the plan.
                self._typing.stop()
                self._pending.clear()
            # A colleague's change: reload saves the typing first and leaves it in its editor.
            self.reload()

    def show_record(self, kind: str, ident: int) -> bool:
        if kind == "agreement":
            return self.select_agreement(ident)
        if kind == "agreement_section":
            for summary in svc.list_agreements(self.ctx.store):
                detail = svc.get_agreement(self.ctx.store, summary.id)
                if detail.section(ident) is not None:
                    self.select_agreement(summary.id)
                    self.select_section(ident)
                    return True
        return False

    def show_page(self, name: str) -> QWidget | None:
        pages = {"section": 0, "signatures": 1, "verify": 2}
        if name in pages:
            self.tabs.setCurrentIndex(pages[name])
        return None

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self.flush_edits()
        self._fill_people()
        self._loading = True
        try:
            summaries = svc.list_agreements(self.ctx.store)
            self.tree.clear()
            groups: dict[int, QTreeWidgetItem] = {}
            for s in summaries:
                group = groups.get(s.opportunity_id)
                if group is None:
                    group = QTreeWidgetItem([s.partnership or "Partnership", ""])
                    group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    group.setToolTip(0, s.partnership)
                    self.tree.addTopLevelItem(group)
                    groups[s.opportunity_id] = group
                item = QTreeWidgetItem([f"v{s.version}  {s.title}",
                                        rules.STATE_LABELS.get(s.state, s.state)])
                item.setData(0, ID_ROLE, s.id)
                item.setToolTip(0, s.title)
                group.addChild(item)
            self.tree.expandAll()
            self._fill_partnerships()
            if self.agreement_id is None and summaries:
                self.agreement_id = next((s.id for s in summaries if s.state == "draft"),
                                         summaries[0].id)
            if self.agreement_id is not None and \
                    self.agreement_id not in {s.id for s in summaries}:
                self.agreement_id = summaries[-1].id if summaries else None
            self._select_tree_item(self.agreement_id)
        finally:
            self._loading = False
        self._load_detail()

    def _fill_partnerships(self) -> None:
        current = self.partnership_combo.currentData()
        self.partnership_combo.clear()
        for ident, title in svc.partnerships(self.ctx.store):
            self.partnership_combo.addItem(title, ident)
        at = self.partnership_combo.findData(current)
        if at >= 0:
            self.partnership_combo.setCurrentIndex(at)
        self.new_button.setEnabled(self.partnership_combo.count() > 0)

    def _select_tree_item(self, agreement_id: int | None) -> None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None:
                continue
            for j in range(group.childCount()):
                child = group.child(j)
                if child is not None and child.data(0, ID_ROLE) == agreement_id:
                    self.tree.setCurrentItem(child)
                    return

    def select_agreement(self, agreement_id: int) -> bool:
        self.flush_edits()
        if agreement_id not in {s.id for s in svc.list_agreements(self.ctx.store)}:
            return False
        self.agreement_id = agreement_id
        self.section_id = None
        self._loading = True
        try:
            self._select_tree_item(agreement_id)
        finally:
            self._loading = False
        self._load_detail()
        return True

    def select_section(self, section_id: int) -> None:
        for i in range(self.sections.count()):
            if self.sections.item(i).data(ID_ROLE) == section_id:
                self.sections.setCurrentRow(i)
                return

    def _tree_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if self._loading or current is None:
            return
        ident = current.data(0, ID_ROLE)
        if isinstance(ident, int) and ident != self.agreement_id:
            self.select_agreement(ident)

    def _load_detail(self) -> None:
        self._loading = True
        try:
            self.detail = svc.get_agreement(self.ctx.store, self.agreement_id) \
                if self.agreement_id is not None else None
            detail = self.detail
            self._fill_add_menu()
            self.sections.clear()
            if detail is None:
                self.title_edit.clear()
                self.state_label.setText("")
                self.fingerprint_label.setText(
                    "No agreement yet: choose a partnership and press “New agreement”."
                    if self.partnership_combo.count() else
                    "No agreement yet. An agreement belongs to a partnership: add an "
                    "opportunity in Screening first.")
                self._set_enabled(False)
                self._show_section(None)
                self._fill_signatories()
                return
            for number, s in enumerate(detail.sections, start=1):
                item = QListWidgetItem(f"{number}. {s.title}")
                item.setData(ID_ROLE, s.id)
                self.sections.addItem(item)
            show_value(self.title_edit, detail.title)
            colour = STATE_COLOURS.get(detail.state, "#333")
            self.state_label.setText(
                f"<span style='color:white; background:{colour}; padding:3px 8px;'>"
                f"&nbsp;v{detail.version} · {rules.STATE_LABELS[detail.state]}&nbsp;</span>")
            if detail.fingerprint:
                self.fingerprint_label.setText(
                    f"Fingerprint <b>{rules.short_fingerprint(detail.fingerprint)}</b>"
                    f" <span style='color:{themed('secondary')}'>(SHA-256 {detail.fingerprint[:24]}…)</span>")
                self.fingerprint_label.setToolTip(detail.fingerprint)
            else:
                self.fingerprint_label.setText(
                    "Draft: the fingerprint is fixed when the text is agreed.")
                self.fingerprint_label.setToolTip("")
            for field, edit in self.date_edits.items():
                value = getattr(detail, field)
                show_value(edit, QDate(value.year, value.month, value.day) if value else _NO_DATE)
            self.binding_check.setChecked(detail.binding)
            self.personal_check.setChecked(detail.personal_data)
            self._set_enabled(True)
            if self.section_id is None or detail.section(self.section_id) is None:
                self.section_id = detail.sections[0].id if detail.sections else None
            if self.section_id is not None:
                self.select_section(self.section_id)
            self._show_section(self.section_id)
            self._fill_signatories()
            self._show_banner()
            self._fill_pins()
        finally:
            self._loading = False

    def _set_enabled(self, on: bool) -> None:
        detail = self.detail
        editable = bool(on and detail is not None and detail.editable)
        self.title_edit.setReadOnly(not editable)
        widgets: list[QWidget] = [*self.date_edits.values(), self.binding_check,
                                  self.personal_check, self.up_button,
                                  self.down_button, self.add_button, self.remove_button,
                                  self.sign.addSignatoryButton, self.sign.removeSignatoryButton,
                                  self.sign.updateSignatoryButton]
        for widget in widgets:
            widget.setEnabled(editable)
        self.editor.titleEdit.setReadOnly(not editable)
        self.editor.bodyEdit.setReadOnly(not editable)
        self.editor.addRowButton.setEnabled(editable)
        self.editor.removeRowButton.setEnabled(editable)
        self.editor.conflictsList.setEnabled(editable)
        self.agree_button.setEnabled(editable)
        self.amend_button.setEnabled(bool(on and detail is not None
                                          and detail.state in rules.AMENDABLE_STATES))
        self.export_button.setEnabled(on)
        self.print_button.setEnabled(on)
        signable = bool(on and detail is not None and detail.state in rules.SIGNABLE_STATES)
        if detail is not None and detail.state == "draft":
            self.sign.headingLabel.setText(
                "<b>Signatories</b> — signing opens once the text is marked agreed.")
        else:
            self.sign.headingLabel.setText("<b>Signatories</b>")
        self.sign.signButton.setEnabled(signable)
        # Drawn signatures can still be made digital once everybody has signed.
        digital = bool(on and detail is not None
                       and detail.state in rules.SIGNABLE_STATES | {"signed"})
        for button in (self.sign.digitalButton, self.sign.countersignButton):
            button.setEnabled(digital)

    def _show_banner(self) -> None:
        detail = self.detail
        lines: list[str] = []
        if detail is not None and not detail.editable and detail.edit_problem:
            lines.append(_esc(detail.edit_problem))
        if detail is not None and detail.supersedes_id is not None and detail.editable:
            lines.append(f"<b>Amendment of version {detail.version - 1}.</b> Why: "
                         f"{_esc(detail.amendment_reason)}")
            changes = svc.document(self.ctx.store, detail.id).changes
            lines.append("Changed so far: " + (" ".join(_esc(c) for c in changes)
                                               if changes else "nothing yet."))
        if lines:
            self.banner.setText("<br>".join(lines))
            self.banner.show()
        else:
            self.banner.hide()

    def _fill_add_menu(self) -> None:
        self.add_menu.clear()
        for key, title in svc.template_choices():
            action = self.add_menu.addAction(title)
            action.triggered.connect(lambda _=False, k=key, t=title: self.add_section(k, t))
        self.add_menu.addSeparator()
        blank = self.add_menu.addAction("Blank section")
        blank.triggered.connect(lambda: self.add_section("", "New section"))

    # ------------------------------------------------------------------ section editor

    def _section_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if self._loading or current is None:
            return
        self.flush_edits()
        self.section_id = current.data(ID_ROLE)
        self._loading = True
        try:
            self._show_section(self.section_id)
        finally:
            self._loading = False

    def _show_section(self, section_id: int | None) -> None:
        e = self.editor
        section = self.detail.section(section_id) if self.detail and section_id else None
        self.editor_page.setEnabled(section is not None)
        if section is None:
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
        e.guidanceLabel.setText(f"<b>Guidance.</b> {_esc(guidance)}" if guidance else "")
        e.guidanceLabel.setVisible(bool(guidance))
        self.table_key = next((k for k in rules.TABLES if k in section.data),
                              rules.SECTION_TABLES.get(section.key, ""))
        if not self.table_key and (section.key == "data" or "schedule" in section.data):
            self.table_key = SCHEDULE
        # With a table below, the clause text is usually short: let the table have the room.
        e.bodyEdit.setMaximumHeight(150 if self.table_key else 16777215)
        self._fill_table(section)
        show_conflicts = section.key == "conflicts" or bool(section.conflict_ids)
        e.conflictsGroup.setVisible(show_conflicts)
        e.conflictsList.clear()
        if show_conflicts and self.detail is not None:
            for c in self.detail.conflicts:
                item = QListWidgetItem(f"{c.title}  ({c.band})")
                item.setData(ID_ROLE, c.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if c.id in section.conflict_ids
                                   else Qt.CheckState.Unchecked)
                e.conflictsList.addItem(item)
            if not self.detail.conflicts:
                e.conflictsList.addItem("No conflict areas are recorded for this partnership.")
        if shown:
            e.messageLabel.setText("")

    def _fill_table(self, section: svc.SectionRow) -> None:
        e = self.editor
        if not self.table_key:
            e.tableGroup.hide()
            return
        if editing_cell(e.tableWidget):  # a colleague's change: the cell being typed stays
            return
        e.tableGroup.show()
        for button in (e.addRowButton, e.removeRowButton):
            button.setVisible(self.table_key != SCHEDULE)
        if self.table_key == SCHEDULE:
            self._fill_schedule(section)
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
        _fit_rows(table)
        self._show_load()

    def _fill_schedule(self, section: svc.SectionRow) -> None:
        """The data-sharing schedule (Annex A) as item / entry rows; only entries edit."""
        e = self.editor
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
        _fit_rows(table)
        e.loadLabel.setText("" if self.detail is None or self.detail.personal_data else
                            "Tick “Personal data shared” above to print this schedule.")

    def _show_load(self) -> None:
        e = self.editor
        if self.table_key != "meetings" or self.agreement_id is None:
            e.loadLabel.setText("")
            return
        load = svc.meeting_load(self.ctx.store, self.agreement_id)
        text = (f"About {load.meetings_per_month:g} meetings and {load.hours_per_month:g} "
                f"hours a month; the CEO's share is {load.ceo_hours_per_month:g} h.")
        if load.warnings:
            text = (f"<span style='color:{themed('warn')}'><b>Heavy meeting load.</b> "
                    + " ".join(_esc(w) for w in load.warnings) + "</span><br>" + text)
        e.loadLabel.setText(text)

    def _table_rows(self) -> list[dict[str, Any]]:
        """The table as rows, or ValidationError naming the cell that is not a number."""
        columns = rules.TABLES[self.table_key]
        table = self.editor.tableWidget
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
        if not self._loading:
            self.commit_table()

    def commit_table(self) -> None:
        section = self._current_section()
        if section is None or not self.table_key:
            return
        if self.table_key == SCHEDULE:
            table = self.editor.tableWidget
            entries = {key: (cell.text().strip() if (cell := table.item(r, 1)) else "")
                       for r, (key, _label) in enumerate(rules.SCHEDULE_FIELDS)}
            data = dict(section.data)
            data[SCHEDULE] = {**dict(data.get(SCHEDULE) or {}), **entries}
            self._push_section(section, "data", data)
            return
        try:
            rows = self._table_rows()
        except ValidationError as exc:
            self.editor.messageLabel.setText(_esc(exc.message))
            return
        data = dict(section.data)
        data[self.table_key] = rows
        self._push_section(section, "data", data)

    def add_table_row(self) -> None:
        section = self._current_section()
        if section is None or not self.table_key:
            return
        data = dict(section.data)
        data[self.table_key] = [*data.get(self.table_key, []), {}]
        self._push_section(section, "data", data)

    def remove_table_row(self) -> None:
        section = self._current_section()
        row = self.editor.tableWidget.currentRow()
        if section is None or not self.table_key or row < 0:
            return
        data = dict(section.data)
        rows = list(data.get(self.table_key, []))
        if row < len(rows):
            del rows[row]
        data[self.table_key] = rows
        self._push_section(section, "data", data)

    def _conflict_toggled(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        section = self._current_section()
        if section is None:
            return
        chosen = []
        for i in range(self.editor.conflictsList.count()):
            it = self.editor.conflictsList.item(i)
            ident = it.data(ID_ROLE)
            if isinstance(ident, int) and it.checkState() == Qt.CheckState.Checked:
                chosen.append(ident)
        # Before an area the partner has not heard of goes into their text, ask (settled
        # before any edit is pushed) and offer to record that it was raised.
        from planner.services.conflicts import internal_areas
        from planner.ui.shell import raise_check

        added = [i for i in chosen if i not in section.conflict_ids]
        internal = internal_areas(self.ctx.store, added)
        answer = raise_check.ask(self, internal) if internal else raise_check.LINK_ONLY
        if answer == raise_check.CANCEL:
            self._load_detail()  # the tick is taken back
            return
        if answer != raise_check.RECORD:
            self._push_section(section, "conflict_ids", sorted(chosen))
            return
        from planner.ui.conflicts.commands import ConflictEditCommand

        self.ctx.undo.beginMacro("Raise and link conflict areas")
        for area in internal:
            self.ctx.push(ConflictEditCommand(self.ctx, area.id, {"openness": "internal"},
                                              {"openness": "raised"},
                                              note=raise_check.RAISED_NOTE))
        self._push_section(section, "conflict_ids", sorted(chosen))
        self.ctx.undo.endMacro()

    def _update_preview(self) -> None:
        self.preview.setText(markup_html(self.editor.bodyEdit.toPlainText()[:20_000]))

    def _body_changed(self) -> None:
        if not self._loading:
            self._queue("section:body", self.editor.bodyEdit.toPlainText())

    def _current_section(self) -> svc.SectionRow | None:
        if self.detail is None or self.section_id is None:
            return None
        return self.detail.section(self.section_id)

    # ------------------------------------------------------------------ edits

    def _queue(self, key: str, value: Any) -> None:
        """Typing is saved after a short pause, as one merged undo step per field."""
        if self._loading:
            return
        target = self.section_id if key.startswith("section:") else self.agreement_id
        self._pending[key] = (target, value)
        self._typing.start()

    def flush_edits(self) -> None:
        """Save what was typed and not saved yet (also before switching records)."""
        self._typing.stop()
        pending, self._pending = self._pending, {}
        for key, (target, value) in pending.items():
            if target is None:
                continue
            kind, field = key.split(":")
            detail = svc.get_agreement(self.ctx.store, self.agreement_id) \
                if self.agreement_id is not None else None
            if kind == "agreement" and detail is not None and target == detail.id:
                if value != detail.title:
                    self._push(AgreementFieldCommand(self.ctx, target, field, detail.title,
                                                     value), self.banner)
            elif kind == "section" and detail is not None:
                section = detail.section(target)
                if section is not None and getattr(section, field) != value:
                    self._push_section(section, field, value)

    def _push_section(self, section: svc.SectionRow, field: str, value: Any) -> None:
        old = getattr(section, field)
        if field == "conflict_ids":
            old = list(old)
        self._push(SectionFieldCommand(self.ctx, section.id, field, old, value),
                   self.editor.messageLabel)

    def _push(self, command: Any, message: QLabel) -> bool:
        """Check the edit with the service first: a refused edit never enters the stack."""
        check = self._check(command)
        if check is not None:
            typed = command.field in ("title", "body") and isinstance(
                command, (SectionFieldCommand, AgreementFieldCommand))
            if not typed or (self.detail is not None and not self.detail.editable):
                self._load_detail()  # put back what is stored
            # A refused title or text stays in its editor, to be corrected, not retyped.
            message.setText(_esc(check))
            if message is self.banner:
                message.show()
            return False
        message.setText("")
        self.ctx.push(command)
        return True

    def _check(self, command: Any) -> str | None:
        try:
            if isinstance(command, SectionFieldCommand):
                svc.clean_section_value(command.field, command.new)
                detail = self.detail
                if detail is not None and not detail.editable:
                    return detail.edit_problem
            elif isinstance(command, AgreementFieldCommand):
                svc.clean_agreement_value(command.field, command.new)
                if self.detail is not None and command.field in ("effective_from",
                                                                 "review_on"):
                    from planner.services import validate

                    start = command.new if command.field == "effective_from" \
                        else self.detail.effective_from
                    end = command.new if command.field == "review_on" else self.detail.review_on
                    validate.date_order(start, end, "The agreement's dates")
                if self.detail is not None and not self.detail.editable:
                    return self.detail.edit_problem
        except ValidationError as exc:
            return exc.message
        return None

    def set_agreement_field(self, field: str, value: Any) -> None:
        if self._loading or self.detail is None:
            return
        old = getattr(self.detail, field)
        if old != value:
            self._push(AgreementFieldCommand(self.ctx, self.detail.id, field, old, value),
                       self.banner)

    def _date_changed(self, field: str, value: QDate) -> None:
        day = None if value == _NO_DATE else dt.date(value.year(), value.month(), value.day())
        self.set_agreement_field(field, day)

    def set_section_body(self, text: str) -> None:
        """Type into the editor (as a user would) and save at once."""
        self.editor.bodyEdit.setPlainText(text)
        self.flush_edits()

    def new_agreement(self, opportunity_id: int | None = None) -> None:
        ident = opportunity_id if opportunity_id is not None else \
            self.partnership_combo.currentData()
        if not isinstance(ident, int):
            self._say("Choose a partnership first.")
            return
        command = AgreementCreateCommand(self.ctx, ident)
        self.ctx.push(command)
        if command.ident is not None:
            self.select_agreement(command.ident)

    def add_section(self, key: str, title: str) -> None:
        if self.agreement_id is None:
            return
        row = self.sections.currentRow()
        position = row + 1 if row >= 0 else None
        command = SectionAddCommand(self.ctx, self.agreement_id, key, title, position)
        if self._guard():
            self.ctx.push(command)
            if command.ident is not None:
                self.section_id = command.ident
                self._load_detail()

    def remove_section(self) -> None:
        section = self._current_section()
        if section is not None and self._guard():
            self.ctx.push(SectionRemoveCommand(self.ctx, section.id, section.title))

    def move_section(self, step: int) -> None:
        section = self._current_section()
        if section is None or self.detail is None or not self._guard():
            return
        new = section.position + step
        if 0 <= new < len(self.detail.sections):
            self.ctx.push(SectionMoveCommand(self.ctx, section.id, section.position, new))

    def _guard(self) -> bool:
        """False (with the reason shown) when the selected version is frozen."""
        if self.detail is not None and not self.detail.editable:
            self._say(self.detail.edit_problem or "")
            return False
        return self.detail is not None

    def _say(self, text: str) -> None:
        self.banner.setText(_esc(text).replace("\n", "<br>"))
        self.banner.show()

    # ------------------------------------------------------------------ lifecycle

    def mark_agreed(self) -> bool:
        self.flush_edits()
        if self.agreement_id is None or not self._guard():
            return False
        problems = svc.lint(self.ctx.store, self.agreement_id)
        if problems:
            hint = ("\nTo fix: tick the area under “Conflict areas this clause deals with” in "
                    "the conflict-protocols section, or use “Link to a clause” in Conflicts."
                    if any(p.startswith("Conflict area") for p in problems) else "")
            self._say("The agreement cannot be marked agreed yet:\n"
                      + "\n".join(f"• {p}" for p in problems) + hint)
            return False
        self.ctx.push(MarkAgreedCommand(self.ctx, self.agreement_id))
        return True

    def amend(self, reason: str | None = None) -> int | None:
        if self.detail is None or self.detail.state not in rules.AMENDABLE_STATES:
            return None
        if reason is None:
            reason, ok = QInputDialog.getMultiLineText(
                self, "Amend the agreement", "Why is the agreement being amended?")
            if not ok:
                return None
        if not reason.strip():
            self._say("Say why the agreement is being amended: the reason is kept with the "
                      "new version.")
            return None
        newer = [v for v in self.detail.versions if v[1] > self.detail.version]
        if newer:
            self._say(f"Version {newer[0][1]} already amends this one; open it instead.")
            return None
        command = AmendCommand(self.ctx, self.detail.id, reason)
        self.ctx.push(command)
        if command.ident is not None:
            self.select_agreement(command.ident)
        return command.ident

    # ------------------------------------------------------------------ signatories

    def _fill_signatories(self) -> None:
        lst = self.sign.signatoriesList
        current = lst.currentItem().data(ID_ROLE) if lst.currentItem() else None
        lst.clear()
        if self.detail is None:
            return
        for p in self.detail.signatories:
            if p.signature is None:
                status = "not signed"
            elif p.signature.digital:
                status = (f"signed digitally {p.signature.signed_at.day} {p.signature.signed_at:%b %Y} · certificate "
                          f"{rules.short_fingerprint(p.signature.cert_fingerprint)}")
            else:
                status = f"signed {p.signature.signed_at.day} {p.signature.signed_at:%b %Y}"
            if p.pinned_fingerprint:
                status += f" · pinned {rules.short_fingerprint(p.pinned_fingerprint)}"
            item = QListWidgetItem(f"{p.name} — {p.role}, {p.organisation}   [{status}]")
            item.setData(ID_ROLE, p.id)
            lst.addItem(item)
        for i in range(lst.count()):
            if lst.item(i).data(ID_ROLE) == current:
                lst.setCurrentRow(i)
        if lst.currentRow() < 0 and lst.count():
            lst.setCurrentRow(0)
        self._fill_identities()

    def _signatory(self) -> svc.SignatoryRow | None:
        item = self.sign.signatoriesList.currentItem()
        if item is None or self.detail is None:
            return None
        return next((p for p in self.detail.signatories if p.id == item.data(ID_ROLE)), None)

    def _signatory_changed(self, *_args: object) -> None:
        person = self._signatory()
        if person is None:
            return
        # Saved by a button, so a colleague's change leaves what is being typed here alone.
        show_value(self.pin_edit, person.pinned_fingerprint)
        show_value(self.sign.nameEdit, person.name)
        show_value(self.sign.roleEdit, person.role)
        show_value(self.sign.organisationEdit, person.organisation)
        show_value(self.sign.typedNameEdit, person.signature.typed_name if person.signature
                   else person.name)
        if person.signature and person.signature.strokes:
            self.sign.pad.set_strokes(person.signature.strokes)
        else:
            self.sign.pad.clear()

    def _fill_people(self) -> None:
        combo = self.person_combo
        blocked = combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem("— choose to fill the boxes —", None)
            for p in people_svc.load(self.ctx.store).people:
                combo.addItem(p.label, p.id)
        finally:
            combo.blockSignals(blocked)

    def _person_picked(self, ident: Any) -> None:
        if ident is None:
            return
        person = people_svc.load(self.ctx.store).person(ident)
        if person is None:
            return
        self.sign.nameEdit.setText(person.name)
        self.sign.roleEdit.setText(person.role)
        self.sign.organisationEdit.setText(person.organisation)

    def add_signatory(self) -> None:
        if self.agreement_id is None or not self._guard():
            return
        name = self.sign.nameEdit.text()
        try:
            svc.check_new_signatory(self.ctx.store, self.agreement_id, name,
                                    self.sign.roleEdit.text(),
                                    self.sign.organisationEdit.text())
        except ValidationError as exc:
            self.sign.messageLabel.setText(_esc(exc.message))  # the boxes keep what was typed
            return
        self.ctx.push(SignatoryAddCommand(self.ctx, self.agreement_id, name,
                                               self.sign.roleEdit.text(),
                                               self.sign.organisationEdit.text()))
        for w in (self.sign.nameEdit, self.sign.roleEdit, self.sign.organisationEdit):
            w.clear()
        self.sign.messageLabel.setText("")

    def update_signatory(self) -> None:
        """Save the name, role and organisation typed above to the selected signatory."""
        person = self._signatory()
        if person is None or not self._guard():
            return
        new = {"name": self.sign.nameEdit.text().strip(),
               "role": self.sign.roleEdit.text().strip(),
               "organisation": self.sign.organisationEdit.text().strip()}
        old = {"name": person.name, "role": person.role, "organisation": person.organisation}
        try:
            svc.clean_signatory(new["name"], new["role"], new["organisation"])
        except ValidationError as exc:
            self.sign.messageLabel.setText(_esc(exc.message))  # the boxes keep what was typed
            return
        changed = {k: v for k, v in new.items() if v != old[k]}
        if changed:
            self.ctx.push(SignatoryEditCommand(self.ctx, person.id,
                                                    {k: old[k] for k in changed}, changed))
        self.sign.messageLabel.setText("")

    def pin_fingerprint(self, fingerprint: str | None = None) -> bool:
        """Pin the selected signatory's certificate fingerprint (not an agreement edit)."""
        person = self._signatory()
        if person is None:
            return False
        text = self.pin_edit.text() if fingerprint is None else fingerprint
        try:
            changes = svc.pin_fingerprint(self.ctx.store, person.id, text)
        except ValidationError as exc:
            self.sign.messageLabel.setText(_esc(exc.message))
            return False
        self.sign.messageLabel.setText("")
        self.pins_edit.clear()  # offered again from the plan, now with this one
        self.ctx.events.emit_changes(changes)
        return True

    def remove_signatory(self) -> None:
        person = self._signatory()
        if person is not None and self._guard():
            self.ctx.push(SignatoryRemoveCommand(self.ctx, person.id, person.name))

    def sign_drawn(self) -> bool:
        """The selected signatory signs with typed name and drawn signature."""
        person = self._signatory()
        if person is None:
            self.sign.messageLabel.setText("Choose who is signing.")
            return False
        typed = self.sign.typedNameEdit.text().strip()
        if not typed:
            self.sign.messageLabel.setText("Type your name as well as drawing a signature.")
            return False
        if self.sign.pad.is_empty():
            self.sign.messageLabel.setText("Draw a signature in the box first.")
            return False
        if self.agreement_id is not None:
            problems = svc.lint(self.ctx.store, self.agreement_id)
            if problems:
                self.sign.messageLabel.setText(
                    "Cannot sign yet:<br>" + "<br>".join(f"• {_esc(p)}" for p in problems))
                return False
        if person.signature is not None:
            self.sign.messageLabel.setText(f"{_esc(person.name)} has already signed.")
            return False
        self.ctx.push(SignCommand(self.ctx, person.id, typed, self.sign.pad.strokes()))
        self.sign.messageLabel.setText("")
        return True

    # ------------------------------------------------------------------ identities

    def _fill_identities(self) -> None:
        combo = self.sign.identityCombo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for identity in ids.list_identities(self.data_dir):
            label = f"{identity.name} — {identity.organisation or 'no organisation'}"
            if identity.expired:
                label += " (expired)"
            combo.addItem(label, str(identity.path))
        at = combo.findData(current)
        combo.setCurrentIndex(at if at >= 0 else 0)
        combo.blockSignals(False)
        self._identity_changed()

    def _identity(self) -> ids.Identity | None:
        path = self.sign.identityCombo.currentData()
        return next((i for i in ids.list_identities(self.data_dir) if str(i.path) == path),
                    None)

    def _identity_changed(self, *_args: object) -> None:
        identity = self._identity()
        if identity is None:
            self.sign.identityInfoLabel.setText(
                "No signing identity yet. Create one (protected by a passphrase) or import a "
                ".p12 file.")
            return
        self.sign.identityInfoLabel.setText(
            f"Certificate fingerprint (give it to your partner): <b>{identity.fingerprint}</b>"
            f"<br>Valid until {identity.expires:%d %B %Y}.")

    def create_identity(self, passphrase: str | None = None) -> ids.Identity | None:
        person = self._signatory()
        if person is None:
            self.sign.messageLabel.setText("Choose the signatory the identity is for.")
            return None
        if passphrase is None:
            passphrase, ok = QInputDialog.getText(
                self, "New signing identity",
                f"Choose a passphrase (at least 8 characters) for {person.name}'s identity:",
                QLineEdit.EchoMode.Password)
            if not ok:
                return None
            again, ok = QInputDialog.getText(self, "New signing identity",
                                             "Type the passphrase again:",
                                             QLineEdit.EchoMode.Password)
            if not ok:
                return None
            if again != passphrase:
                self.sign.messageLabel.setText("The two passphrases differ; nothing was made.")
                return None
        try:
            identity = ids.create_identity(self.data_dir, person.name, person.organisation,
                                           person.role, passphrase)
        except ValidationError as exc:
            self.sign.messageLabel.setText(_esc(exc.message))
            return None
        self._fill_identities()
        self.sign.identityCombo.setCurrentIndex(
            self.sign.identityCombo.findData(str(identity.path)))
        self.sign.messageLabel.setText("")
        return identity

    def import_identity(self, source: Path | None = None,
                        passphrase: str | None = None) -> ids.Identity | None:
        if source is None:
            name, _ = QFileDialog.getOpenFileName(self, "Import a signing identity", "",
                                                  "PKCS#12 identities (*.p12 *.pfx)")
            if not name:
                return None
            source = Path(name)
        if passphrase is None:
            passphrase = self.sign.passphraseEdit.text()
        try:
            identity = ids.import_identity(self.data_dir, source, passphrase)
        except ValidationError as exc:
            self.sign.messageLabel.setText(_esc(exc.message))
            return None
        self._fill_identities()
        return identity

    # ------------------------------------------------------------------ jobs

    def _start(self, work: Callable[[], object], done: Callable[[object], None],
               message: QLabel, status: str,
               failed: Callable[[str], None] | None = None) -> Job:
        def job_failed(text: str) -> None:
            self._job_failed(message, text)
            if failed is not None:
                failed(text)

        job = self.jobs.start(work, done=lambda result: self._job_done(done, result),
                              failed=job_failed)
        self.busy.setVisible(self.jobs.running)
        self.ctx.events.status.emit(status)
        return job

    def _job_done(self, done: Callable[[object], None], result: object) -> None:
        self.busy.setVisible(self.jobs.running)
        self.last_result = result
        done(result)

    def _job_failed(self, message: QLabel, text: str) -> None:
        self.busy.setVisible(self.jobs.running)
        self.last_result = ValidationError(text)
        message.setText(_esc(text))
        if message is self.banner:
            message.show()

    @property
    def working(self) -> bool:
        return self.jobs.running

    def _ask_save(self, title: str, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested),
                                              "PDF files (*.pdf)")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def _suggested(self) -> str:
        detail = self.detail
        stem = "agreement" if detail is None else \
            "".join(ch if ch.isalnum() else "-" for ch in detail.title.lower())[:50].strip("-")
        return f"{stem}-v{detail.version if detail else 1}.pdf"

    def export_pdf(self, out: Path | None = None) -> Job | None:
        self.flush_edits()
        if self.agreement_id is None:
            return None
        out = out or self._ask_save("Export the agreement", self._suggested())
        if out is None:
            return None
        try:
            job = svc.plan_export(self.ctx.store, self.agreement_id, out)
        except ValidationError as exc:
            self._say(exc.message)
            return None
        return self._start(lambda: svc.run_export(job), self._exported, self.banner,
                           "Writing the agreement PDF…")

    def _exported(self, result: object) -> None:
        assert isinstance(result, svc.ExportResult)
        text = f"Agreement written to {result.path} ({result.pages} pages)."
        if result.signed_field:
            text += f" Signed field {result.signed_field}."
        self.ctx.events.status.emit(text)

    def sign_digitally(self, out: Path | None = None,
                       passphrase: str | None = None) -> Job | None:
        """The selected signatory signs a fresh PDF of the agreed text with their identity."""
        person = self._signatory()
        identity = self._identity()
        if person is None or identity is None or self.agreement_id is None:
            self.sign.messageLabel.setText("Choose a signatory and an identity first.")
            return None
        secret = passphrase if passphrase is not None else self.sign.passphraseEdit.text()
        out = out or self._ask_save("Save the signed agreement", self._suggested()
                                    .replace(".pdf", "-signed.pdf"))
        if out is None:
            return None
        try:
            job = svc.plan_export(self.ctx.store, self.agreement_id, out, True, identity.path,
                                  secret, signatory_id=person.id)
        except ValidationError as exc:
            self.sign.messageLabel.setText(_esc(exc.message).replace("\n", "<br>"))
            return None
        ready = self._with_drawing(person, job)
        if ready is None:
            return None
        self.sign.passphraseEdit.clear()
        return self._start(lambda: svc.run_export(ready), lambda r: self._signed(ready, r),
                           self.sign.messageLabel, "Signing the agreement…")

    def _with_drawing(self, person: svc.SignatoryRow, job: svc.ExportJob
                      ) -> svc.ExportJob | None:
        """A signature drawn on the pad but not yet recorded is recorded now and goes into the
        digital signature's appearance too (typed name and drawing, then the certificate)."""
        if person.signature is not None or self.sign.pad.is_empty():
            return job
        if not self.sign_drawn():
            return None
        strokes = tuple(tuple((float(x), float(y)) for x, y in stroke)
                        for stroke in self.sign.pad.strokes())
        return dataclasses.replace(job, strokes=strokes)

    def countersign(self, source: Path | None = None, out: Path | None = None,
                    passphrase: str | None = None) -> Job | None:
        """Sign the next empty field of a PDF the partner already signed."""
        person = self._signatory()
        identity = self._identity()
        if person is None or identity is None:
            self.sign.messageLabel.setText("Choose a signatory and an identity first.")
            return None
        if source is None:
            name, _ = QFileDialog.getOpenFileName(self, "The signed agreement to countersign",
                                                  "", "PDF files (*.pdf)")
            if not name:
                return None
            source = Path(name)
        out = out or self._ask_save("Save the countersigned agreement",
                                    source.stem + "-countersigned.pdf")
        if out is None:
            return None
        secret = passphrase if passphrase is not None else self.sign.passphraseEdit.text()
        try:
            job = svc.plan_countersign(self.ctx.store, source, out, identity.path, secret,
                                       signatory_id=person.id)
        except ValidationError as exc:
            self.sign.messageLabel.setText(_esc(exc.message))
            return None
        drawn = self._with_drawing(person, job)
        if drawn is None:
            return None
        self.sign.passphraseEdit.clear()
        return self._start(lambda: svc.run_export(drawn), lambda r: self._signed(drawn, r),
                           self.sign.messageLabel, "Countersigning the agreement…")

    def _signed(self, job: svc.ExportJob, result: object) -> None:
        assert isinstance(result, svc.ExportResult)
        try:
            changes = svc.finish_export(self.ctx.store, job, result)
        except ValidationError as exc:
            self.sign.messageLabel.setText(_esc(exc.message))
            return
        self.ctx.events.emit_changes(changes)
        self.sign.messageLabel.setText("")
        self.ctx.events.status.emit(f"Signed and saved to {result.path}.")

    def verify_file(self, path: Path | None = None) -> Job | None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Verify a signed agreement", "",
                                                  "PDF files (*.pdf)")
            if not name:
                return None
            path = Path(name)
        pins = [line.split("#")[0].strip() for line in self.pins_edit.toPlainText().splitlines()
                if line.split("#")[0].strip()]
        self.verify_result.setPlainText("Checking…")
        target = path
        # A file that cannot be checked says so in the result box too, not "Checking…".
        return self._start(lambda: svc.verify_details(target, pins), self._verified,
                           self.banner, "Checking signatures…",
                           lambda text: self.verify_result.setPlainText(f"✘ {text}"))

    def _fill_pins(self) -> None:
        """Offer the fingerprints the plan already knows (one per line, "# name" after)."""
        if self.pins_edit.toPlainText().strip():
            return
        known = svc.known_fingerprints(self.ctx.store)
        self.pins_edit.setPlainText("\n".join(f"{fp}  # {name}" for fp, name in known))

    def _verified(self, result: object) -> None:
        assert isinstance(result, tuple)
        ok, text, fingerprint = result
        match = svc.match_text(self.ctx.store, fingerprint)
        self.verify_result.setPlainText(("✔ " if ok else "✘ ") + text
                                        + (f"\n{match}" if match else ""))

    # ------------------------------------------------------------------ printing

    def print_preview(self) -> None:
        """Preview and print exactly the pages of the PDF (drawn from the PDF itself)."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        if self.agreement_id is None:
            return
        self.flush_edits()
        dialog = QPrintPreviewDialog(self)
        dialog.setWindowTitle("Print the agreement")
        dialog.paintRequested.connect(self.print_to)
        dialog.exec()

    def print_to(self, printer: Any) -> int:
        """Draw every page of the agreement's PDF into ``printer``; returns pages printed."""
        import pypdfium2 as pdfium
        from PySide6.QtPrintSupport import QPrinter

        if self.agreement_id is None:
            return 0
        data, _info = svc.render_pdf(self.ctx.store, self.agreement_id)
        pdf = pdfium.PdfDocument(data)
        painter = QPainter()
        if not painter.begin(printer):
            self._say("The printer could not be started.")
            return 0
        count = len(pdf)
        try:
            dpi = min(printer.resolution(), 300)
            for number in range(count):
                if number:
                    printer.newPage()
                page = pdf[number]
                bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
                formats = {"RGB": QImage.Format.Format_RGB888,
                           "RGBA": QImage.Format.Format_RGBA8888,
                           "RGBX": QImage.Format.Format_RGBX8888}
                pixels = bytes(bitmap.buffer)
                qimage = QImage(pixels, bitmap.width, bitmap.height, bitmap.stride,
                                formats.get(bitmap.mode, QImage.Format.Format_RGB888)).copy()
                bitmap.close()
                page.close()
                area = printer.pageRect(QPrinter.Unit.DevicePixel)
                target = area.toRect()
                target.moveTo(0, 0)
                scaled = qimage.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target.setSize(scaled)
                painter.drawImage(target, qimage)
        finally:
            painter.end()
            pdf.close()
        return count
