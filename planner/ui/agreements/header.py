"""The head of the Agreements view's right pane (ui layer): the agreement as a whole.

Its title, state and fingerprint, whether it binds and whether personal data is shared, the
dates it runs from and is reviewed by, the lifecycle buttons (mark agreed, amend, export,
print) with a busy bar for the work done in the background, and a banner for what blocks an
edit or what an amendment changed so far. The head holds no store: it shows the agreement
it is given and says what the user did through its signals.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain import agreements as rules
from planner.services import agreements as svc
from planner.ui.agreements.common import NO_DATE, esc
from planner.ui.shell import theme
from planner.ui.shell.keep_place import show_value
from planner.ui.shell.theme import colour as themed

_STATE = rules.AgreementState
STATE_COLOURS: dict[str, str] = {_STATE.DRAFT: "#8a5a00", _STATE.AGREED: "#1f3a5f",
                                 _STATE.PARTLY_SIGNED: "#5b3a8a", _STATE.SIGNED: "#1d6b35",
                                 _STATE.SUPERSEDED: "#6b6f76"}
CHIP_INK_DARK = "#1b1f24"


def state_chip(state: str) -> tuple[str, str]:
    """The state's chip as (words, chip) colours in the theme in use. Light: white words on
    the state's deep colour. Dark: that deep colour sank into the dark window (1.3:1 for
    "agreed"), so the chip is the same hue made light, with near-black words on it; the
    words stand out from the chip by 4.5:1 and the chip from the window in either theme."""
    base = STATE_COLOURS.get(state, "#333333")
    if not theme.current_is_dark():
        return "#ffffff", base
    return CHIP_INK_DARK, theme.readable(base, QColor(CHIP_INK_DARK), 4.5)


class AgreementHeader(QWidget):
    titleEdited = Signal(str)  # the title typed so far
    fieldChanged = Signal(str, object)  # binding / personal_data (bool), a date (or None)
    agreeRequested = Signal()
    amendRequested = Signal()
    exportRequested = Signal()
    printRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rlay = QVBoxLayout(self)
        rlay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Agreement title")
        self.title_edit.setPlaceholderText("Agreement title")
        self.title_edit.textEdited.connect(self.titleEdited)
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
        self.binding_check.toggled.connect(lambda v: self.fieldChanged.emit("binding", v))
        self.personal_check = QCheckBox("Personal data shared")
        self.personal_check.setToolTip("Adds the data-sharing schedule as an annex")
        self.personal_check.toggled.connect(
            lambda v: self.fieldChanged.emit("personal_data", v))
        info.addWidget(self.fingerprint_label, 1)
        # Beside the fingerprint's words (which wrap), not after the dates: the pane fits
        # a 1024-pixel screen beside the list of agreements.
        info.addWidget(self.binding_check)
        info.addWidget(self.personal_check)
        rlay.addLayout(info)
        dates = QHBoxLayout()
        self.date_edits: dict[str, QDateEdit] = {}
        for field, text in (("effective_from", "I&n effect from"), ("review_on", "&Review by")):
            label = QLabel(text)
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("not set")
            edit.setAccessibleName(text.replace("&", ""))
            edit.dateChanged.connect(lambda d, f=field: self.fieldChanged.emit(f, _day(d)))
            label.setBuddy(edit)
            dates.addWidget(label)
            dates.addWidget(edit)
            self.date_edits[field] = edit
        dates.addStretch()
        rlay.addLayout(dates)
        actions = QHBoxLayout()
        self.agree_button = QPushButton("Mark agreed")
        self.agree_button.setToolTip("Freeze the text after checking nothing blocks it")
        self.agree_button.clicked.connect(self.agreeRequested)
        self.amend_button = QPushButton("Amend…")
        self.amend_button.setToolTip("Start a new draft version of this agreement")
        self.amend_button.clicked.connect(self.amendRequested)
        self.export_button = QPushButton("Export PDF…")
        self.export_button.setToolTip("Save this version as a PDF to print, send or sign")
        self.export_button.clicked.connect(self.exportRequested)
        self.print_button = QPushButton("Print…")
        self.print_button.setToolTip("Preview and print the pages exactly as the PDF shows them")
        self.print_button.clicked.connect(self.printRequested)
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

    def show_agreement(self, detail: svc.AgreementDetail | None,
                       has_partnerships: bool = True) -> None:
        """Show ``detail`` (None: there is no agreement yet, and how to make one)."""
        if detail is None:
            self.title_edit.clear()
            self.state_label.setText("")
            self.fingerprint_label.setText(
                "No agreement yet: choose a partnership and press “New agreement”."
                if has_partnerships else
                "No agreement yet. An agreement belongs to a partnership: add an "
                "opportunity in Screening first.")
            return
        show_value(self.title_edit, detail.title)
        words, chip = state_chip(detail.state)
        self.state_label.setText(
            f"<span style='color:{words}; background:{chip}; padding:3px 8px;'>"
            f"&nbsp;v{detail.version} · {rules.STATE_LABELS[detail.state]}&nbsp;</span>")
        if detail.fingerprint:
            self.fingerprint_label.setText(
                f"Fingerprint <b>{rules.short_fingerprint(detail.fingerprint)}</b>"
                f" <span style='color:{themed('secondary')}'>"
                f"(SHA-256 {detail.fingerprint[:24]}…)</span>")
            self.fingerprint_label.setToolTip(detail.fingerprint)
        else:
            self.fingerprint_label.setText(
                "Draft: the fingerprint is fixed when the text is agreed.")
            self.fingerprint_label.setToolTip("")
        for field, edit in self.date_edits.items():
            value = getattr(detail, field)
            show_value(edit, QDate(value.year, value.month, value.day) if value else NO_DATE)
        self.binding_check.setChecked(detail.binding)
        self.personal_check.setChecked(detail.personal_data)

    def set_enabled(self, on: bool, detail: svc.AgreementDetail | None) -> None:
        editable = bool(on and detail is not None and detail.editable)
        self.title_edit.setReadOnly(not editable)
        for widget in (*self.date_edits.values(), self.binding_check, self.personal_check,
                       self.agree_button):
            widget.setEnabled(editable)
        self.amend_button.setEnabled(bool(on and detail is not None
                                          and detail.state in rules.AMENDABLE_STATES))
        self.export_button.setEnabled(on)
        self.print_button.setEnabled(on)

    def say(self, text: str) -> None:
        """A plain-text message in the banner (line breaks kept)."""
        self.show_banner([esc(text).replace("\n", "<br>")])

    def show_banner(self, lines: list[str]) -> None:
        """Rich-text lines in the banner; none hides it."""
        if lines:
            self.banner.setText("<br>".join(lines))
            self.banner.show()
        else:
            self.banner.hide()


def _day(value: QDate) -> dt.date | None:
    return None if value == NO_DATE else dt.date(value.year(), value.month(), value.day())
