"""The Agreements view (ui layer): build, freeze, amend, print, sign and verify protocols.

Left (agreement_list), every agreement by partnership and version, and the sections of the
one selected. Right, the agreement's head (header: title, state, fingerprint, lifecycle
buttons), then three tabs: the section editor (section_editor), signatories and signing
(signatures, with signing.py doing the steps) and verifying a signed PDF (verify). The parts
show what they are given and say what the user did through Qt signals; this module joins
them, loads the plan, and turns what they say into undo commands, checked with the service
first. PDF export, signing and checking run on a worker thread (documents).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QInputDialog, QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from planner.domain import agreements as rules
from planner.domain.conflicts import Openness
from planner.services import agreements as svc
from planner.services import identities as ids
from planner.services import people as people_svc
from planner.services.changes import ChangeSet, Topic, ValidationError
from planner.ui.agreements.agreement_list import AgreementList
from planner.ui.agreements.commands import (
    AgreementCreateCommand,
    AgreementFieldCommand,
    AmendCommand,
    MarkAgreedCommand,
    SectionAddCommand,
    SectionFieldCommand,
    SectionMoveCommand,
    SectionRemoveCommand,
)
from planner.ui.agreements.common import ID_ROLE, esc
from planner.ui.agreements.documents import AgreementDocuments
from planner.ui.agreements.header import AgreementHeader
from planner.ui.agreements.section_editor import SectionEditor
from planner.ui.agreements.signatures import SignaturesPane
from planner.ui.agreements.signing import SigningDesk
from planner.ui.agreements.verify import VerifyPane
from planner.ui.shell import chooser
from planner.ui.shell.background import Job
from planner.ui.shell.context import ViewContext
from planner.ui.shell.keep_place import showing_colleagues_change
from planner.ui.shell.views import BaseView

__all__ = ["ID_ROLE", "AgreementsView"]

TYPING_DELAY_MS = 400


class AgreementsView(BaseView):
    topics = frozenset({Topic.AGREEMENTS, Topic.OPPORTUNITIES, Topic.CONFLICTS,
                        Topic.ORGANISATIONS, Topic.PEOPLE, Topic.PROFILE})

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from planner.paths import user_data_dir

        self.agreement_id: int | None = None
        self.section_id: int | None = None
        self.detail: svc.AgreementDetail | None = None
        self._loading = False
        self._pending: dict[str, Any] = {}
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self.flush_edits)

        self.list = AgreementList()
        self.head = AgreementHeader()
        self.section_editor = SectionEditor()
        self.signatures = SignaturesPane(user_data_dir())  # where signing identities live
        self.verify = VerifyPane()
        self.documents = AgreementDocuments(ctx, self, self.head, self.verify,
                                            lambda: self.detail, self.flush_edits)
        self.signing = SigningDesk(ctx, self.signatures, self.documents,
                                   lambda: self.detail, self._guard)
        self._lay_out()
        self._connect()
        # What tests and the window reach by name.
        self.tree, self.sections = self.list.tree, self.list.sections
        self.partnership_combo, self.new_button = self.list.partnership_combo, self.list.new_button
        self.add_button = self.list.add_button
        self.title_edit, self.fingerprint_label = self.head.title_edit, self.head.fingerprint_label
        self.date_edits, self.agree_button = self.head.date_edits, self.head.agree_button
        self.busy, self.banner = self.head.busy, self.head.banner
        self.editor, self.editor_page = self.section_editor.ui, self.section_editor
        self.preview = self.section_editor.preview
        self.sign, self.sign_page = self.signatures.ui, self.signatures
        self.person_combo, self.pin_edit = self.signatures.person_combo, self.signatures.pin_edit
        self.pins_edit, self.verify_result = self.verify.ui.pinsEdit, self.verify.ui.resultEdit
        self.reload()

    def _lay_out(self) -> None:
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter)
        splitter.addWidget(self.list)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self.head)
        self.tabs = QTabWidget()
        rlay.addWidget(self.tabs, 1)
        self.tabs.addTab(self.section_editor.page, "Section")
        self.tabs.addTab(self.signatures.page, "Signatures")
        self.tabs.addTab(self.verify, "Verify")
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 960])

    def _connect(self) -> None:
        self.list.agreementChosen.connect(self._agreement_chosen)
        self.list.sectionChosen.connect(self._section_chosen)
        self.list.newRequested.connect(lambda: self.new_agreement())
        self.list.addRequested.connect(self.add_section)
        self.list.moveRequested.connect(self.move_section)
        self.list.removeRequested.connect(lambda: self.remove_section())
        self.head.titleEdited.connect(lambda t: self._queue("agreement:title", t))
        self.head.fieldChanged.connect(self.set_agreement_field)
        self.head.agreeRequested.connect(lambda: self.mark_agreed())
        self.head.amendRequested.connect(lambda: self.amend())
        self.head.exportRequested.connect(lambda: self.export_pdf())
        self.head.printRequested.connect(self.documents.print_preview)
        self.section_editor.textEdited.connect(lambda f, t: self._queue(f"section:{f}", t))
        self.section_editor.dataEdited.connect(self._data_edited)
        self.section_editor.conflictsChosen.connect(self._conflicts_chosen)
        self.section_editor.meetingLoadWanted.connect(self._show_load)
        chooser.attach(self.signatures.person_combo, self.ctx, "person", self._person_picked)
        self.signing.fingerprintPinned.connect(self.verify.ui.pinsEdit.clear)

    # ------------------------------------------------------------------ contract

    def refresh(self, changes: ChangeSet) -> None:
        if changes.concerns(self.topics):
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
        self.signatures.show_people(people_svc.load(self.ctx.store).people)
        self._loading = True
        try:
            summaries = svc.list_agreements(self.ctx.store)
            self.list.show_agreements(summaries, svc.partnerships(self.ctx.store))
            if self.agreement_id is None and summaries:
                self.agreement_id = next((s.id for s in summaries
                                          if s.state == rules.AgreementState.DRAFT),
                                         summaries[0].id)
            if self.agreement_id is not None and \
                    self.agreement_id not in {s.id for s in summaries}:
                self.agreement_id = summaries[-1].id if summaries else None
            self.list.select_agreement(self.agreement_id)
        finally:
            self._loading = False
        self._load_detail()

    def select_agreement(self, agreement_id: int) -> bool:
        self.flush_edits()
        if agreement_id not in {s.id for s in svc.list_agreements(self.ctx.store)}:
            return False
        self.agreement_id = agreement_id
        self.section_id = None
        self.list.select_agreement(agreement_id)
        self._load_detail()
        return True

    def select_section(self, section_id: int) -> None:
        self.list.select_section(section_id)

    def _agreement_chosen(self, ident: int) -> None:
        if not self._loading and ident != self.agreement_id:
            self.select_agreement(ident)

    def _section_chosen(self, ident: int) -> None:
        if self._loading:
            return
        self.flush_edits()
        self.section_id = ident
        self._loading = True
        try:
            self._show_section()
        finally:
            self._loading = False

    def _load_detail(self) -> None:
        self._loading = True
        try:
            self.detail = svc.get_agreement(self.ctx.store, self.agreement_id) \
                if self.agreement_id is not None else None
            detail = self.detail
            self.list.show_sections(detail.sections if detail else (), svc.template_choices())
            self.head.show_agreement(detail, self.list.has_partnerships())
            self._set_enabled(detail is not None)
            if detail is None:
                self._show_section()
                self.signatures.show_signatories(())
                return
            if self.section_id is None or detail.section(self.section_id) is None:
                self.section_id = detail.sections[0].id if detail.sections else None
            if self.section_id is not None:
                self.select_section(self.section_id)
            self._show_section()
            self.signatures.show_signatories(detail.signatories)
            self.signatures.fill_identities()
            self._show_banner()
            self.documents.offer_pins()
        finally:
            self._loading = False

    def _show_section(self) -> None:
        detail = self.detail
        section = detail.section(self.section_id) if detail and self.section_id else None
        self.section_editor.show_section(section, detail.conflicts if detail else (),
                                         bool(detail and detail.personal_data))

    def _show_load(self) -> None:
        """The meetings table is shown: what the meetings add up to."""
        self.section_editor.show_load(
            svc.meeting_load(self.ctx.store, self.agreement_id)
            if self.agreement_id is not None else None)

    def _set_enabled(self, on: bool) -> None:
        detail = self.detail
        editable = bool(on and detail is not None and detail.editable)
        self.list.set_editable(editable)
        self.head.set_enabled(on, detail)
        self.section_editor.set_editable(editable)
        self.signatures.set_state(on, detail)

    def _show_banner(self) -> None:
        detail = self.detail
        lines: list[str] = []
        if detail is not None and not detail.editable and detail.edit_problem:
            lines.append(esc(detail.edit_problem))
        if detail is not None and detail.supersedes_id is not None and detail.editable:
            lines.append(f"<b>Amendment of version {detail.version - 1}.</b> Why: "
                         f"{esc(detail.amendment_reason)}")
            changes = svc.document(self.ctx.store, detail.id).changes
            lines.append("Changed so far: " + (" ".join(esc(c) for c in changes)
                                               if changes else "nothing yet."))
        self.head.show_banner(lines)

    def _person_picked(self, ident: Any) -> None:
        if ident is None:
            return
        person = people_svc.load(self.ctx.store).person(ident)
        if person is not None:
            self.signatures.fill_from(person)

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

    def _data_edited(self, data: object) -> None:
        section = self._current_section()
        if not self._loading and section is not None:
            self._push_section(section, "data", data)

    def _conflicts_chosen(self, chosen: list[int]) -> None:
        section = self._current_section()
        if self._loading or section is None:
            return
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
            self.ctx.push(ConflictEditCommand(self.ctx, area.id, {"openness": Openness.INTERNAL},
                                              {"openness": Openness.RAISED},
                                              note=raise_check.RAISED_NOTE))
        self._push_section(section, "conflict_ids", sorted(chosen))
        self.ctx.undo.endMacro()

    def _push_section(self, section: svc.SectionRow, field: str, value: Any) -> None:
        old = getattr(section, field)
        if field == "conflict_ids":
            old = list(old)
        self._push(SectionFieldCommand(self.ctx, section.id, field, old, value),
                   self.section_editor.message)

    def _push(self, command: Any, message: QLabel) -> bool:
        """Check the edit with the service first: a refused edit never enters the stack."""
        check = self._check(command)
        if check is not None:
            typed = command.field in ("title", "body") and isinstance(
                command, (SectionFieldCommand, AgreementFieldCommand))
            if not typed or (self.detail is not None and not self.detail.editable):
                self._load_detail()  # put back what is stored
            # A refused title or text stays in its editor, to be corrected, not retyped.
            message.setText(esc(check))
            if message is self.banner:
                message.show()
            return False
        message.setText("")
        self.ctx.push(command)
        return True

    def _check(self, command: Any) -> str | None:
        detail = self.detail
        try:
            if isinstance(command, SectionFieldCommand):
                svc.clean_section_value(command.field, command.new)
            elif isinstance(command, AgreementFieldCommand):
                svc.clean_agreement_value(command.field, command.new)
                if detail is not None and command.field in ("effective_from", "review_on"):
                    start = command.new if command.field == "effective_from" \
                        else detail.effective_from
                    end = command.new if command.field == "review_on" else detail.review_on
                    svc.check_agreement_dates(start, end)
        except ValidationError as exc:
            return exc.message
        if detail is not None and not detail.editable:
            return detail.edit_problem
        return None

    def set_agreement_field(self, field: str, value: Any) -> None:
        if self._loading or self.detail is None:
            return
        old = getattr(self.detail, field)
        if old != value:
            self._push(AgreementFieldCommand(self.ctx, self.detail.id, field, old, value),
                       self.banner)

    def set_section_body(self, text: str) -> None:
        """Type into the editor (as a user would) and save at once."""
        self.editor.bodyEdit.setPlainText(text)
        self.flush_edits()

    def new_agreement(self, opportunity_id: int | None = None) -> None:
        ident = opportunity_id if opportunity_id is not None else \
            self.list.chosen_partnership()
        if ident is None:
            self._say("Choose a partnership first.")
            return
        command = AgreementCreateCommand(self.ctx, ident)
        self.ctx.push(command)
        if command.ident is not None:
            self.select_agreement(command.ident)

    def add_section(self, key: str, title: str) -> None:
        if self.agreement_id is None:
            return
        row = self.list.section_row()
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
        self.head.say(text)

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

    # ------------------------------------------------------------------ the parts' steps by name

    @property
    def data_dir(self) -> Path:
        """Where signing identities live (tests point it elsewhere)."""
        return self.signatures.data_dir

    @data_dir.setter
    def data_dir(self, path: Path) -> None:
        self.signatures.data_dir = path

    @property
    def working(self) -> bool:
        return self.documents.working

    @property
    def last_result(self) -> object:
        return self.documents.last_result

    # The steps of signing and of documents, by the names the window and tests use.

    def add_signatory(self) -> None:
        self.signing.add_signatory()

    def update_signatory(self) -> None:
        self.signing.update_signatory()

    def remove_signatory(self) -> None:
        self.signing.remove_signatory()

    def pin_fingerprint(self, fingerprint: str | None = None) -> bool:
        return self.signing.pin_fingerprint(fingerprint)

    def sign_drawn(self) -> bool:
        return self.signing.sign_drawn()

    def create_identity(self, passphrase: str | None = None) -> ids.Identity | None:
        return self.signing.create_identity(passphrase)

    def import_identity(self, source: Path | None = None,
                        passphrase: str | None = None) -> ids.Identity | None:
        return self.signing.import_identity(source, passphrase)

    def sign_digitally(self, out: Path | None = None,
                       passphrase: str | None = None) -> Job | None:
        return self.signing.sign_digitally(out, passphrase)

    def countersign(self, source: Path | None = None, out: Path | None = None,
                    passphrase: str | None = None) -> Job | None:
        return self.signing.countersign(source, out, passphrase)

    def export_pdf(self, out: Path | None = None) -> Job | None:
        return self.documents.export_pdf(out)

    def verify_file(self, path: Path | None = None) -> Job | None:
        return self.documents.verify_file(path)

    def print_to(self, printer: Any) -> int:
        return self.documents.print_to(printer)
