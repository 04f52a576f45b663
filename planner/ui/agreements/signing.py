"""Signing in the Agreements view (ui layer): signatories, drawn and digital signatures.

What the "Signatures" tab asks for, checked with the service before anything is pushed:
adding, correcting and removing signatories (undo commands), signing with a typed name and
a drawing, making or importing a signing identity, signing a fresh PDF digitally,
countersigning a PDF the partner signed, and pinning the fingerprint a signatory read out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from planner.services import agreements as svc
from planner.services import identities as ids
from planner.services.changes import ValidationError
from planner.ui.agreements.commands import (
    SignatoryAddCommand,
    SignatoryEditCommand,
    SignatoryRemoveCommand,
    SignCommand,
)
from planner.ui.agreements.common import esc
from planner.ui.agreements.documents import AgreementDocuments, Current
from planner.ui.agreements.signatures import SignaturesPane
from planner.ui.shell import file_dialogs
from planner.ui.shell.background import Job
from planner.ui.shell.context import ViewContext


class SigningDesk(QObject):
    """The steps of signing the agreement ``current()`` gives; ``guard()`` is False (with
    the reason shown) when its version is frozen."""

    fingerprintPinned = Signal()

    def __init__(self, ctx: ViewContext, pane: SignaturesPane, documents: AgreementDocuments,
                 current: Current, guard: Callable[[], bool]) -> None:
        super().__init__(pane)
        self.ctx, self.pane, self.documents = ctx, pane, documents
        self.current, self.guard = current, guard
        pane.addRequested.connect(lambda: self.add_signatory())
        pane.updateRequested.connect(lambda: self.update_signatory())
        pane.removeRequested.connect(lambda: self.remove_signatory())
        pane.signRequested.connect(lambda: self.sign_drawn())
        pane.newIdentityRequested.connect(lambda: self.create_identity())
        pane.importIdentityRequested.connect(lambda: self.import_identity())
        pane.digitalRequested.connect(lambda: self.sign_digitally())
        pane.countersignRequested.connect(lambda: self.countersign())
        pane.pinRequested.connect(lambda: self.pin_fingerprint())

    # ------------------------------------------------------------------ signatories

    def add_signatory(self) -> None:
        detail = self.current()
        if detail is None or not self.guard():
            return
        typed = self.pane.typed()
        try:
            svc.check_new_signatory(self.ctx.store, detail.id, typed["name"], typed["role"],
                                    typed["organisation"])
        except ValidationError as exc:
            self.pane.tell(esc(exc.message))  # the boxes keep what was typed
            return
        self.ctx.push(SignatoryAddCommand(self.ctx, detail.id, typed["name"], typed["role"],
                                          typed["organisation"]))
        self.pane.clear_typed()
        self.pane.tell("")

    def update_signatory(self) -> None:
        """Save the name, role and organisation typed above to the selected signatory."""
        person = self.pane.signatory()
        if person is None or not self.guard():
            return
        new = {k: v.strip() for k, v in self.pane.typed().items()}
        old = {"name": person.name, "role": person.role, "organisation": person.organisation}
        try:
            svc.clean_signatory(new["name"], new["role"], new["organisation"])
        except ValidationError as exc:
            self.pane.tell(esc(exc.message))  # the boxes keep what was typed
            return
        changed = {k: v for k, v in new.items() if v != old[k]}
        if changed:
            self.ctx.push(SignatoryEditCommand(self.ctx, person.id,
                                               {k: old[k] for k in changed}, changed))
        self.pane.tell("")

    def remove_signatory(self) -> None:
        person = self.pane.signatory()
        if person is not None and self.guard():
            self.ctx.push(SignatoryRemoveCommand(self.ctx, person.id, person.name))

    def pin_fingerprint(self, fingerprint: str | None = None) -> bool:
        """Pin the selected signatory's certificate fingerprint (not an agreement edit)."""
        person = self.pane.signatory()
        if person is None:
            return False
        text = self.pane.pin_edit.text() if fingerprint is None else fingerprint
        try:
            changes = svc.pin_fingerprint(self.ctx.store, person.id, text)
        except ValidationError as exc:
            self.pane.tell(esc(exc.message))
            return False
        self.pane.tell("")
        self.fingerprintPinned.emit()
        self.ctx.events.emit_changes(changes)
        return True

    # ------------------------------------------------------------------ drawn signatures

    def sign_drawn(self) -> bool:
        """The selected signatory signs with typed name and drawn signature."""
        person = self.pane.signatory()
        pad = self.pane.ui.pad
        if person is None:
            self.pane.tell("Choose who is signing.")
            return False
        typed = self.pane.ui.typedNameEdit.text().strip()
        if not typed:
            self.pane.tell("Type your name as well as drawing a signature.")
            return False
        if pad.is_empty():
            self.pane.tell("Draw a signature in the box first.")
            return False
        detail = self.current()
        if detail is not None:
            problems = svc.lint(self.ctx.store, detail.id)
            if problems:
                self.pane.tell("Cannot sign yet:<br>"
                               + "<br>".join(f"• {esc(p)}" for p in problems))
                return False
        if person.signature is not None:
            self.pane.tell(f"{esc(person.name)} has already signed.")
            return False
        self.ctx.push(SignCommand(self.ctx, person.id, typed, pad.strokes()))
        self.pane.tell("")
        return True

    # ------------------------------------------------------------------ identities

    def create_identity(self, passphrase: str | None = None) -> ids.Identity | None:
        person = self.pane.signatory()
        if person is None:
            self.pane.tell("Choose the signatory the identity is for.")
            return None
        if passphrase is None:
            passphrase, ok = QInputDialog.getText(
                self.pane, "New signing identity",
                f"Choose a passphrase (at least 8 characters) for {person.name}'s identity:",
                QLineEdit.EchoMode.Password)
            if not ok:
                return None
            again, ok = QInputDialog.getText(self.pane, "New signing identity",
                                             "Type the passphrase again:",
                                             QLineEdit.EchoMode.Password)
            if not ok:
                return None
            if again != passphrase:
                self.pane.tell("The two passphrases differ; nothing was made.")
                return None
        try:
            identity = ids.create_identity(self.pane.data_dir, person.name,
                                           person.organisation, person.role, passphrase)
        except ValidationError as exc:
            self.pane.tell(esc(exc.message))
            return None
        self.pane.choose_identity(identity)
        self.pane.tell("")
        return identity

    def import_identity(self, source: Path | None = None,
                        passphrase: str | None = None) -> ids.Identity | None:
        if source is None:
            source = file_dialogs.ask_open(self.pane, "Import a signing identity",
                                           "PKCS#12 identities (*.p12 *.pfx)")
            if source is None:
                return None
        try:
            identity = ids.import_identity(self.pane.data_dir, source,
                                           self.pane.passphrase(passphrase))
        except ValidationError as exc:
            self.pane.tell(esc(exc.message))
            return None
        self.pane.fill_identities()
        return identity

    # ------------------------------------------------------------------ digital signatures

    def sign_digitally(self, out: Path | None = None,
                       passphrase: str | None = None) -> Job | None:
        """The selected signatory signs a fresh PDF of the agreed text with their identity."""
        person = self.pane.signatory()
        identity = self.pane.identity()
        detail = self.current()
        if person is None or identity is None or detail is None:
            self.pane.tell("Choose a signatory and an identity first.")
            return None
        secret = self.pane.passphrase(passphrase)
        out = out or self.documents.ask_save("Save the signed agreement",
                                             self.documents.suggested()
                                             .replace(".pdf", "-signed.pdf"))
        if out is None:
            return None
        try:
            job = svc.plan_export(self.ctx.store, detail.id, out, True, identity.path,
                                  secret, signatory_id=person.id)
        except ValidationError as exc:
            self.pane.tell(esc(exc.message).replace("\n", "<br>"))
            return None
        if not self._someone_else_agreed(job):
            return None
        return self._run(person, job, "Signing the agreement…")

    def countersign(self, source: Path | None = None, out: Path | None = None,
                    passphrase: str | None = None) -> Job | None:
        """Sign the next empty field of a PDF the partner already signed."""
        person = self.pane.signatory()
        identity = self.pane.identity()
        if person is None or identity is None:
            self.pane.tell("Choose a signatory and an identity first.")
            return None
        if source is None:
            source = self.documents.ask_open("The signed agreement to countersign")
            if source is None:
                return None
        out = out or self.documents.ask_save("Save the countersigned agreement",
                                             source.stem + "-countersigned.pdf")
        if out is None:
            return None
        secret = self.pane.passphrase(passphrase)
        try:
            job = svc.plan_countersign(self.ctx.store, source, out, identity.path, secret,
                                       signatory_id=person.id)
        except ValidationError as exc:
            self.pane.tell(esc(exc.message))
            return None
        if not self._someone_else_agreed(job):
            return None
        return self._run(person, job, "Countersigning the agreement…")

    def _someone_else_agreed(self, job: svc.ExportJob) -> bool:
        """A certificate that names someone other than the signatory chosen: the user says
        first whether to sign with it. The signature is then recorded as the signatory's,
        but the certificate is not remembered as theirs (it was, and later checks of
        their signatures "confirmed" whoever the certificate named)."""
        if job.pins or not job.cert_name:
            return True
        answer = QMessageBox.question(
            self.pane, "Sign with another person's certificate?",
            f"The identity chosen is the certificate of “{job.cert_name}”, but the "
            f"signatory is “{job.stamp_name}”.\n\nSign {job.stamp_name}'s field with it? "
            f"The signature is recorded as {job.stamp_name}'s; the certificate is not "
            f"remembered as theirs.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            self.pane.tell("Not signed: choose the signatory the certificate names, or "
                           "their identity.")
            return False
        return True

    def _run(self, person: svc.SignatoryRow, job: svc.ExportJob, status: str) -> Job | None:
        ready = self._with_drawing(person, job)
        if ready is None:
            return None
        self.pane.ui.passphraseEdit.clear()
        return self.documents.start(lambda: svc.run_export(ready),
                                    lambda r: self._signed(ready, r),
                                    self.pane.ui.messageLabel, status)

    def _with_drawing(self, person: svc.SignatoryRow, job: svc.ExportJob
                      ) -> svc.ExportJob | None:
        """A signature drawn on the pad but not yet recorded is recorded now and goes into the
        digital signature's appearance too (typed name and drawing, then the certificate)."""
        pad = self.pane.ui.pad
        if person.signature is not None or pad.is_empty():
            return job
        if not self.sign_drawn():
            return None
        strokes = tuple(tuple((float(x), float(y)) for x, y in stroke)
                        for stroke in pad.strokes())
        return dataclasses.replace(job, strokes=strokes)

    def _signed(self, job: svc.ExportJob, result: object) -> None:
        assert isinstance(result, svc.ExportResult)
        try:
            changes = svc.finish_export(self.ctx.store, job, result)
        except ValidationError as exc:
            self.pane.tell(esc(exc.message))
            return
        self.ctx.events.emit_changes(changes)
        self.pane.tell("")
        self.ctx.events.status.emit(f"Signed and saved to {result.path}.")
