"""An agreement as a PDF (services layer): render, export, sign, countersign, verify.

ReportLab and pyHanko are imported only inside these functions. Writing and signing are
planned on the GUI thread (plan_export), run on a worker (run_export) and recorded in the
plan afterwards (finish_export).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.domain import agreements as rules
from planner.services.agreements.lifecycle import _document, lint, record_signature
from planner.services.agreements.reading import get_agreement, list_agreements
from planner.services.agreements.snapshots import (
    PASSPHRASE_ENV,
    AgreementDetail,
    AgreementSummary,
    ExportResult,
    SignatoryRow,
)
from planner.services.changes import ChangeSet, ValidationError
from planner.store.database import Store, StoreError, UnitOfWork
from planner.store.tables import (
    Agreement,
    Signatory,
)

# --------------------------------------------------------------------------- PDF


def _check_out(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise ValidationError(f"{out}: the file name must end in .pdf", "out")
    if not out.parent.is_dir():
        raise ValidationError(f"{out}: the folder {out.parent} does not exist", "out")
    if out.is_dir():
        raise ValidationError(f"{out} is a folder", "out")
    return out


def _passphrase(passphrase: str | None) -> str:
    """The identity's passphrase: given, else from the environment, else none at all (an
    identity without a passphrase opens with none; one that has a passphrase says so)."""
    value = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
    return value or ""


def _frozen_document(work: UnitOfWork, agreement_id: int) -> rules.AgreementDocument:
    doc = _document(work, agreement_id)
    if doc.state != rules.AgreementState.DRAFT and doc.fingerprint \
            and rules.fingerprint(doc) != doc.fingerprint:
        raise StoreError(f"The text of “{doc.title}” version {doc.version} no longer matches "
                         "the fingerprint fixed when it was agreed: it was changed outside "
                         "the program after it was agreed.")
    return doc


def tampered_texts(store: Store) -> list[str]:
    """Why each agreed or signed text no longer matches the fingerprint fixed when it was
    agreed (the plan was changed outside the program); empty when every one matches.
    The same test ``export agreement`` applies, for ``planner check``."""
    with store.work() as work:
        return tampered_in(work)


def tampered_in(work: UnitOfWork) -> list[str]:
    """:func:`tampered_texts` in a unit of work of the caller's (an import, before it
    commits)."""
    found = []
    for row in work.list(Agreement):
        if row.state != rules.AgreementState.DRAFT and row.id is not None:
            try:
                _frozen_document(work, row.id)
            except StoreError as exc:
                found.append(str(exc))
    return found


def render_pdf(store: Store, agreement_id: int, *, for_signing: bool = False
               ) -> tuple[bytes, Any]:
    """The agreement's PDF bytes and layout (page count, signature boxes)."""
    from planner.reports.agreement_pdf import render_agreement

    with store.work() as work:
        doc = _frozen_document(work, agreement_id)
    return render_agreement(doc, draw_strokes=not for_signing)


@dataclass(frozen=True)
class ExportJob:
    """An export planned on the GUI thread: ``run_export`` needs no database, so it can run
    on a worker thread; ``finish_export`` records a signature back on the GUI thread."""

    out: Path
    document: rules.AgreementDocument | None = None  # None: countersign an existing file
    source: Path | None = None
    identity: Path | None = None
    passphrase: str = ""
    field: str = ""
    signatory_id: int | None = None
    stamp_name: str = ""
    stamp_role: str = ""
    stamp_organisation: str = ""
    strokes: tuple[tuple[tuple[float, float], ...], ...] = ()
    reason: str = "I agree to this protocol"
    cert_name: str = ""  # whom the signing certificate names

    @property
    def pins(self) -> bool:
        """Whether the certificate is remembered as the signatory's (it names them)."""
        return rules.same_person(self.cert_name, self.stamp_name)

    @property
    def signing(self) -> bool:
        return self.identity is not None


def plan_export(store: Store, agreement_id: int, out: Path, sign: bool = False,
                identity: str | Path | None = None, passphrase: str | None = None, *,
                signatory_id: int | None = None,
                reason: str = "I agree to this protocol") -> ExportJob:
    """Check everything that can be checked before the (slow) rendering and signing."""
    out = _check_out(out)
    with store.work() as work:
        doc = _frozen_document(work, agreement_id)
    if not sign:
        return ExportJob(out, doc)
    if identity is None:
        raise ValidationError("Signing needs an identity file (--identity FILE.p12).",
                              "identity")
    if doc.state not in rules.SIGNABLE_STATES | {rules.AgreementState.SIGNED}:
        raise ValidationError(
            "Only an agreed version can be signed: " + (
                "mark the text agreed first." if doc.state == rules.AgreementState.DRAFT
                else f"this one is {rules.STATE_LABELS[doc.state].lower()}."), "state")
    problems = lint(store, agreement_id)
    if problems:
        raise ValidationError("The agreement cannot be signed yet:\n"
                              + "\n".join(f"• {p}" for p in problems), "lint")
    secret = _passphrase(passphrase)
    from planner.services.identities import open_identity

    who = open_identity(Path(identity), secret)
    detail = get_agreement(store, agreement_id)
    already = [p.name for p in detail.signatories if p.signature and p.signature.digital]
    if already:
        # A fresh file would lack their signature: the partner must sign the same file.
        raise ValidationError(
            f"{already[0]} has already signed a PDF of this version digitally. Countersign "
            "that file instead, so both signatures are on one document.", "identity")
    index, signatory = _choose_signatory(detail, signatory_id, who.name)
    return ExportJob(out, doc, identity=Path(identity), passphrase=secret,
                     field=rules.field_name(index), signatory_id=signatory.id,
                     stamp_name=signatory.name, stamp_role=signatory.role,
                     stamp_organisation=signatory.organisation,
                     strokes=signatory.signature.strokes if signatory.signature else (),
                     cert_name=who.name,
                     reason=reason)


def plan_countersign(store: Store | None, source: Path, out: Path, identity: str | Path,
                     passphrase: str | None, *, signatory_id: int | None = None,
                     reason: str = "I agree to this protocol") -> ExportJob:
    """Sign the next empty field of an already signed PDF (or the signatory's own field)."""
    out = _check_out(out)
    source = Path(source)
    if not source.is_file():
        raise ValidationError(f"{source} does not exist.", "source")
    secret = _passphrase(passphrase)
    from planner.services.identities import open_identity

    who = open_identity(Path(identity), secret)
    if store is not None and signatory_id is not None:
        with store.work() as work:
            agreement_id = work.one(Signatory, signatory_id).agreement_id
        detail = get_agreement(store, agreement_id)
        if detail.state not in rules.SIGNABLE_STATES | {rules.AgreementState.SIGNED}:
            raise ValidationError(f"Version {detail.version} is "
                                  f"{rules.STATE_LABELS[detail.state].lower()}; it cannot be "
                                  "signed now.", "state")
        index, signatory = _choose_signatory(detail, signatory_id, who.name)
        return ExportJob(out, None, source, Path(identity), secret, rules.field_name(index),
                         signatory.id, signatory.name, signatory.role, signatory.organisation,
                         signatory.signature.strokes if signatory.signature else (), reason,
                         cert_name=who.name)
    return ExportJob(out, None, source, Path(identity), secret, "", None, who.name, who.role,
                     who.organisation, (), reason)


def run_export(job: ExportJob) -> ExportResult:
    """Render and/or sign and write the file. No database: safe on a worker thread."""
    from planner.reports.agreement_pdf import render_agreement
    from planner.reports.signing import FieldSpec, StampInfo, signature_fields
    from planner.reports.signing import sign as sign_pdf
    from planner.reports.signing_common import SigningError

    stamp = StampInfo(job.stamp_name, job.stamp_role, job.stamp_organisation, job.strokes)
    try:
        if job.document is not None:
            data, info = render_agreement(job.document, draw_strokes=not job.signing)
            if not job.signing:
                _write(job.out, data)
                return ExportResult(job.out, info.pages, fields=tuple(info.fields))
            assert job.identity is not None
            specs = [FieldSpec(f.name, f.page, f.box) for f in info.field_list()]
            signed, signer = sign_pdf(data, field=job.field, identity=job.identity,
                                      passphrase=job.passphrase, stamp=stamp,
                                      reason=job.reason, new_fields=specs, certify=True)
            _write(job.out, signed)
            return ExportResult(job.out, info.pages, job.field, signer.fingerprint,
                                tuple(info.fields))
        assert job.source is not None and job.identity is not None
        try:
            data = job.source.read_bytes()
        except OSError as exc:
            raise ValidationError(f"{job.source} cannot be read: {exc.strerror or exc}",
                                  "source") from None
        target = job.field
        if not target:
            free = [name for name, signed in signature_fields(data) if not signed]
            if not free:
                raise ValidationError(f"{job.source.name} has no empty signature field left.",
                                      "source")
            target = free[0]
        signed, signer = sign_pdf(data, field=target, identity=job.identity,
                                  passphrase=job.passphrase, stamp=stamp, reason=job.reason)
        _write(job.out, signed)
        return ExportResult(job.out, 0, target, signer.fingerprint)
    except SigningError as exc:
        where = job.source.name if job.source is not None else "Signing"
        raise ValidationError(f"{where} failed: {exc}." if job.source is None
                              else f"{where}: {exc}.", "identity") from None


def finish_export(store: Store, job: ExportJob, result: ExportResult) -> ChangeSet:
    """Record a digital signature made by ``run_export`` in the plan."""
    if not job.signing or job.signatory_id is None:
        return ChangeSet()
    _sig, changes = record_signature(
        store, job.signatory_id, job.stamp_name, job.strokes,
        cert_fingerprint=result.signer_fingerprint, digital=True, pin=job.pins,
        validation=f"signed {result.signed_field} of {result.path.name}")
    return changes


def export_agreement_pdf(store: Store, agreement_id: int, out: Path, sign: bool = False,
                         identity: str | Path | None = None, passphrase: str | None = None,
                         *, signatory_id: int | None = None,
                         reason: str = "I agree to this protocol") -> ExportResult:
    """Write the agreement to ``out``; with ``sign`` add both signature fields and sign one.

    Signing needs an agreed (frozen) version. The field signed is the signatory's given by
    ``signatory_id``, else the one whose name is the identity's (else refused: the signature,
    and the certificate pinned to the person, would go to somebody else).
    The first signature certifies the file and leaves the other fields free to countersign.
    """
    job = plan_export(store, agreement_id, out, sign, identity, passphrase,
                      signatory_id=signatory_id, reason=reason)
    result = run_export(job)
    finish_export(store, job, result)
    return result


def countersign_pdf(store: Store | None, source: Path, out: Path, identity: str | Path,
                    passphrase: str | None, *, signatory_id: int | None = None,
                    reason: str = "I agree to this protocol") -> ExportResult:
    """Sign the next empty field of an already signed agreement PDF, as an incremental update.

    With ``store`` and ``signatory_id`` the signature is also recorded in the plan.
    """
    job = plan_countersign(store, source, out, identity, passphrase,
                           signatory_id=signatory_id, reason=reason)
    result = run_export(job)
    if store is not None:
        finish_export(store, job, result)
    return result


def _choose_signatory(detail: AgreementDetail, signatory_id: int | None, cert_name: str
                      ) -> tuple[int, SignatoryRow]:
    people = list(enumerate(detail.signatories))
    if not people:
        raise ValidationError("No signatories are named on this agreement.", "signatory")
    if signatory_id is not None:
        found = next(((i, p) for i, p in people if p.id == signatory_id), None)
        if found is None:
            raise ValidationError("That signatory is not on this version.", "signatory")
    else:
        unsigned = [(i, p) for i, p in people if not (p.signature and p.signature.digital)]
        if not unsigned:
            raise ValidationError("Every signatory has already signed digitally.", "signatory")
        found = next(((i, p) for i, p in unsigned if rules.same_person(cert_name, p.name)),
                     None)
        if found is None:
            names = ", ".join(f"“{p.name}”" for _i, p in unsigned)
            raise ValidationError(f"The identity is “{cert_name}”, who is not a signatory still "
                                  f"to sign this version ({names}): say who signs "
                                  "(--signatory NAME).", "signatory")
    if found[1].signature and found[1].signature.digital:
        raise ValidationError(f"{found[1].name} has already signed this version digitally.",
                              "signatory")
    return found


def _write(out: Path, data: bytes) -> None:
    from planner.atomic import WriteFailed, write_bytes

    try:
        write_bytes(out, data)
    except WriteFailed as exc:  # names the file; the previous one is kept
        raise ValidationError(str(exc), "out") from None


# --------------------------------------------------------------------------- verify


def verify_pdf(path: Path, trusted: Sequence[str] = ()) -> Any:
    """A VerifyReport for the PDF at ``path``; ValidationError when it cannot be read."""
    from planner.reports.signature_check import verify
    from planner.reports.signing_common import SigningError

    try:
        return verify(Path(path), trusted)
    except SigningError as exc:
        raise ValidationError(str(exc), "file") from None


def verify_text(path: Path, trusted: Sequence[str] = ()) -> tuple[bool, str]:
    """``(ok, text)`` for ``planner verify``: ok only when every signature is intact and
    nothing changed after it, and (when fingerprints are pinned) every signer is pinned."""
    ok, text, _fingerprint = verify_details(path, trusted)
    return ok, text


def match_agreement(store: Store, fingerprint: str) -> AgreementSummary | None:
    """The agreement version in this plan whose agreed text has ``fingerprint``."""
    if not fingerprint:
        return None
    return next((a for a in list_agreements(store) if a.fingerprint == fingerprint.lower()),
                None)


def verify_details(path: Path, trusted: Sequence[str] = ()) -> tuple[bool, str, str]:
    """``verify_text`` and the agreement fingerprint in the file's metadata (no database:
    safe on a worker thread)."""
    from planner.reports.signature_check import report_text

    report = verify_pdf(path, trusted)
    pinned = bool([t for t in trusted if t])
    ok = bool(report.intact and (not pinned or all(s.trusted for s in report.signatures)))
    return ok, report_text(report, pinned), report.agreement_fingerprint


def match_text(store: Store, fingerprint: str) -> str:
    """Which agreement of this plan a verified file is, in one line ("" when unknown)."""
    found = match_agreement(store, fingerprint)
    if found is not None:
        return (f"This is version {found.version} of “{found.title}” in this plan "
                f"({rules.STATE_LABELS[found.state].lower()}).")
    if fingerprint:
        return "No agreement in this plan has this fingerprint."
    return ""
