"""The Partner's view tab of the screening editor (ui layer): questionnaire out, answers in,
and our answers beside theirs.

The questionnaire is written off the GUI thread (the content is read first, here). Reading
answers back previews them and asks before keeping them; keeping them is one undo step
(``ImportPartnerAnswersCommand``, pushed by the view: the page emits ``keep_requested`` and
is told ``kept`` or shown the refusal). The page reads the plan through the ``PartnerReads``
the view gives it (bound to the plan: it holds no store) and pushes nothing. The comparison is sorted by gap, the biggest differences
listed above as topics for the conversation. Their answers never change our scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.domain import partner_view as pv
from planner.services import partner_view as svc
from planner.services.changes import ValidationError
from planner.ui.screening.partner_model import GapTableModel
from planner.ui.shell import dates, file_dialogs
from planner.ui.shell.background import Job, JobRunner

if TYPE_CHECKING:
    from planner.services.plans import Store

RED = "#b00020"


@dataclass(frozen=True)
class PartnerReads:
    """What the page reads of the plan, bound to it by the view: the rounds of answers, a
    round beside ours, the questionnaire's content and a filled form read back. Nothing
    here writes; keeping answers is the view's command."""

    rounds: Callable[[int], list[svc.Round]]
    comparison: Callable[[int, int | None], tuple[svc.Round | None, pv.Comparison]]
    questionnaire: Callable[[int], pv.Questionnaire]
    read_answers: Callable[[Path, int], svc.Preview]

    @classmethod
    def of(cls, store: Store) -> PartnerReads:
        return cls(rounds=partial(svc.rounds, store), comparison=partial(svc.comparison, store),
                   questionnaire=partial(svc.questionnaire, store),
                   read_answers=lambda path, ident: svc.read_answers(
                       store, path, opportunity_id=ident))


class PartnerViewPage(QWidget):
    keep_requested = Signal(object, object, str)  # Preview, date received, opportunity title
    status = Signal(str)  # a line for the status bar

    def __init__(self, reads: PartnerReads, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reads = reads
        self._kept = False
        self.round_names: list[tuple[int, str]] = []  # (id, "Received 6 Dec 2026 from …")
        self.opportunity_id: int | None = None
        self.title = ""
        self.jobs = JobRunner(self)
        self.export_job: Job | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("The partner answers the same questions separately, in a PDF form they "
                       "fill in any PDF reader; their answers sit beside ours here. They never "
                       "change our scores. Only conflict areas already raised with them are "
                       "asked about.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("&Questionnaire for the partner…")
        self.export_button.setToolTip("A fillable PDF form about this opportunity, to send to "
                                      "the partner")
        self.import_button = QPushButton("I&mport their answers…")  # Alt+I: Show declined
        self.import_button.setToolTip("A filled questionnaire (PDF) or answers file (JSON) "
                                      "back from the partner")
        # The date the answers came, like the command line's --received: today unless said.
        self.received_edit = QDateEdit(QDate.currentDate())
        dates.improve(self.received_edit)
        self.received_edit.setMaximumDate(QDate.currentDate())
        self.received_edit.setAccessibleName("Date the answers were received")
        self.received_edit.setToolTip("The date the partner's answers came (kept with them)")
        received_label = QLabel("Answers imported are dated as &received on")
        received_label.setBuddy(self.received_edit)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        received_row = QHBoxLayout()
        received_row.addWidget(received_label)
        received_row.addWidget(self.received_edit)
        received_row.addStretch(1)
        layout.addLayout(received_row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {RED};")
        self.message.hide()
        layout.addWidget(self.message)
        rounds_row = QHBoxLayout()
        rounds_row.addWidget(QLabel("Round"))
        self.rounds_combo = QComboBox()
        rounds_row.addWidget(self.rounds_combo, 1)
        layout.addLayout(rounds_row)
        self.topics = QLabel()
        self.topics.setWordWrap(True)
        layout.addWidget(self.topics)
        self.model = GapTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.export_button.clicked.connect(lambda: self.export_questionnaire())
        self.import_button.clicked.connect(lambda: self.import_answers())
        self.rounds_combo.activated.connect(lambda _i: self._show_round())

    # ------------------------------------------------------------------ showing

    def load(self, opportunity_id: int | None, title: str) -> None:
        if opportunity_id != self.opportunity_id:
            self.message.hide()
        self.opportunity_id, self.title = opportunity_id, title
        chosen = self.rounds_combo.currentData()
        self.rounds_combo.clear()
        if opportunity_id is None:
            self.round_names = []
            self._fill(None, pv.Comparison())
            return
        found = self.reads.rounds(opportunity_id)
        self.round_names = []
        for r in found:
            who = r.answers.get("respondent") or "the partner"
            name = f"Received {r.received_on.day} {r.received_on:%b %Y} from {who}"
            self.round_names.append((r.id, f"Their answers: {name[0].lower()}{name[1:]}"))
            self.rounds_combo.addItem(name + (f" ({r.source})" if r.source else ""), r.id)
        if not found:
            self.rounds_combo.addItem("No answers from the partner yet", None)
        index = self.rounds_combo.findData(chosen) if chosen is not None else 0
        self.rounds_combo.setCurrentIndex(max(0, index))
        self.rounds_combo.setEnabled(bool(found))
        self._show_round()

    def _show_round(self) -> None:
        if self.opportunity_id is None:
            return
        ident = self.rounds_combo.currentData()
        if ident is None:
            self._fill(None, pv.Comparison())
            return
        found, comparison = self.reads.comparison(self.opportunity_id, ident)
        self._fill(found, comparison)

    def _fill(self, found: svc.Round | None, comparison: pv.Comparison) -> None:
        if found is None:
            self.topics.setText("Send the questionnaire, then read the filled form back here "
                                "to see where you and the partner differ.")
        elif comparison.topics:
            items = "".join(f"<li>{_html(g.sentence())}</li>" for g in comparison.topics)
            self.topics.setText(f"<b>To talk about</b> (two levels or more apart):<ul>{items}"
                                "</ul>")
        else:
            self.topics.setText("No difference of two levels or more: talk about the smaller "
                                "ones, and whatever they added.")
        self.model.set_comparison(comparison)
        self.table.resizeRowsToContents()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ------------------------------------------------------------------ questionnaire out

    def export_questionnaire(self, out: Path | None = None) -> Job | None:
        if self.opportunity_id is None:
            return None
        if out is None:
            chosen = file_dialogs.ask_save(self, "Questionnaire for the partner",
                                           f"questionnaire-{self.opportunity_id}.pdf",
                                           "PDF files (*.pdf)")
            if chosen is None:
                return None
            out = chosen
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        try:
            q = self.reads.questionnaire(self.opportunity_id)
        except ValidationError as exc:
            self.show_message(exc.message)
            return None
        self.show_message("")
        self.export_job = self.jobs.write_document(
            lambda: svc.write_questionnaire(q, out), out, what="the questionnaire",
            button=self.export_button, status=self.status.emit,
            failed=self.show_message)
        return self.export_job

    # ------------------------------------------------------------------ answers in

    def import_answers(self, path: Path | None = None, *,
                       confirm: Callable[[svc.Preview], bool] | None = None) -> bool:
        """Read a filled form (or JSON answers), preview, and keep it as a new round."""
        if self.opportunity_id is None:
            return False
        if path is None:
            path = file_dialogs.ask_open(self, "The partner's answers",
                                         "Filled questionnaires (*.pdf *.json);;All files (*)")
            if path is None:
                return False
        try:
            preview = self.reads.read_answers(path, self.opportunity_id)
        except ValidationError as exc:
            self.show_message(exc.message)
            return False
        self.show_message("")
        if not (confirm or self._confirm)(preview):
            return False
        received = self.received_edit.date().toPython()
        assert isinstance(received, dt.date)
        self._kept = False
        self.keep_requested.emit(preview, received, self.title)
        return self._kept

    def kept(self, preview: svc.Preview) -> None:
        """The view kept the answers as a new round: show it."""
        self._kept = True
        self.status.emit(f"Kept {preview.summary()}.")
        self.received_edit.setMaximumDate(QDate.currentDate())
        self.received_edit.setDate(QDate.currentDate())  # the next round: today again
        self.rounds_combo.setCurrentIndex(0)
        self.load(self.opportunity_id, self.title)

    def _confirm(self, preview: svc.Preview) -> bool:
        topics = "\n".join(f"• {g.sentence()}" for g in preview.comparison.topics[:8])
        box = QMessageBox(QMessageBox.Icon.Question, "The partner's answers",
                          f"{preview.summary()}.", parent=self)
        box.setInformativeText(
            (f"To talk about:\n{topics}\n\n" if topics else "")
            + f"Keep these answers as a new round, received {_day(self.received_edit)}? Our "
              "own scores are not changed.")
        box.setStandardButtons(QMessageBox.StandardButton.Save
                               | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Save).setText("Keep the answers")
        return box.exec() == QMessageBox.StandardButton.Save


def _day(edit: QDateEdit) -> str:
    day = edit.date().toPython()
    assert isinstance(day, dt.date)
    return "today" if day == dt.date.today() else f"{day.day} {day:%b %Y}"


def _html(text: str) -> str:
    from html import escape

    return escape(text)
