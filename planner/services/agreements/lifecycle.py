"""An agreement's lifecycle (services layer): lint, agree, withdraw, amend, sign.

draft → agreed (text frozen, fingerprint fixed) → partly signed → signed; an amendment is a
new draft version that supersedes the old one when it is agreed.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence

from planner.domain import agreements as rules
from planner.domain.conflicts import protocol_lint
from planner.domain.dates import day_text
from planner.services import saved_rows, validate
from planner.services.agreements.reading import _detail
from planner.services.agreements.snapshots import AgreementDetail, _changes
from planner.services.changes import ChangeSet, ValidationError
from planner.services.saved_rows import SavedRows
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    AuditEvent,
    ConflictArea,
    Opportunity,
    Person,
    Signatory,
    Signature,
)

# --------------------------------------------------------------------------- lifecycle


def lint(store: Store, agreement_id: int) -> list[str]:
    """What stops this version being agreed or signed (empty when nothing does)."""
    with store.work() as work:
        return _lint(work, work.one(Agreement, agreement_id))


def _lint(work: UnitOfWork, row: Agreement) -> list[str]:
    from planner.services.organisation import ensure_self

    _org, profile = ensure_self(work)
    sections = work.list(AgreementSection, agreement_id=row.id)
    linked = {i for s in sections for i in (s.conflict_ids or ())}
    areas = work.list(ConflictArea, opportunity_id=row.opportunity_id)
    problems = protocol_lint(areas, linked, list(profile.band_limits))
    if not sections:
        problems.append("The agreement has no sections.")
    empty = [s.title for s in sections if not s.body.strip() and s.key != "signatures"]
    if empty:
        problems.append("These sections have no text yet: " + ", ".join(
            f"“{t}”" for t in empty) + ".")
    if work.count(Signatory, agreement_id=row.id or 0) == 0:
        problems.append("No signatories are named.")
    return problems


def meeting_load(store: Store, agreement_id: int) -> rules.MeetingLoad:
    """The monthly load of the agreement's meeting schedule, with warnings."""
    from planner.services.organisation import ensure_self

    with store.work() as work:
        row = work.one(Agreement, agreement_id)
        opp = work.one(Opportunity, row.opportunity_id)
        _org, profile = ensure_self(work)
        rows = [r for s in work.list(AgreementSection, agreement_id=agreement_id)
                for r in (s.data or {}).get("meetings", []) if isinstance(r, dict)]
    return rules.meeting_load(rows, profile.ceo_hours_per_month, opp.est_ceo_hours_per_month)


def document(store: Store, agreement_id: int) -> rules.AgreementDocument:
    """The agreement resolved to printable text (what the PDF and the fingerprint cover)."""
    with store.work() as work:
        return _document(work, agreement_id)


def _document(work: UnitOfWork, agreement_id: int) -> rules.AgreementDocument:
    detail = _detail(work, agreement_id)
    titles = {c.id: c.title for c in detail.conflicts}
    sections = tuple(
        rules.SectionContent(s.key, s.title, s.body, s.data,
                             tuple(titles.get(i, f"#{i}") for i in s.conflict_ids),
                             s.conflict_ids)
        for s in detail.sections)
    blocks = tuple(
        rules.SignatoryBlock(
            p.name, p.role, p.organisation,
            signed_on=_day(p.signature.signed_at.date()) if p.signature else "",
            typed_name=p.signature.typed_name if p.signature else "",
            strokes=p.signature.strokes if p.signature else (),
            digital=bool(p.signature and p.signature.digital),
            cert_fingerprint=p.signature.cert_fingerprint if p.signature else "")
        for p in detail.signatories)
    supersedes: int | None = None
    changes: tuple[str, ...] = ()
    if detail.supersedes_id is not None:
        older = _detail(work, detail.supersedes_id)
        supersedes = older.version
        changes = tuple(rules.section_changes(
            [rules.SectionContent(s.key, s.title, s.body, s.data, (), s.conflict_ids)
             for s in older.sections], sections))
    return rules.AgreementDocument(
        history=_history(work, detail),
        agreement_id=detail.id, title=detail.title, version=detail.version,
        state=detail.state, us=detail.us, partner=detail.partner, sections=sections,
        signatories=blocks, binding=detail.binding, personal_data=detail.personal_data,
        fingerprint=detail.fingerprint, agreed_on=_day(detail.agreed_on),
        effective_from=_day(detail.effective_from), review_on=_day(detail.review_on),
        supersedes_version=supersedes, amendment_reason=detail.amendment_reason,
        changes=changes)


def _history(work: UnitOfWork, detail: AgreementDetail) -> tuple[tuple[str, str], ...]:
    """What happened to this version, from the plan's audit trail, in plain words."""
    events = work.list(AuditEvent, order_by=("id",), entity="agreement", entity_id=detail.id)
    signature_ids = [p.signature.id for p in detail.signatories if p.signature is not None]
    if signature_ids:
        events += work.list(AuditEvent, order_by=("id",), entity="signature",
                            entity_id=signature_ids)
    out: list[tuple[str, str]] = []
    for event in sorted(events, key=lambda e: e.id or 0):
        action = event.action
        if action == "created":
            text = "Draft created"
        elif action == "agreed":
            text = f"Text agreed; fingerprint {rules.short_fingerprint(event.detail)} fixed"
        elif action.startswith("amends version"):
            text = f"Started as an amendment of version {action.rsplit(' ', 1)[-1]}"
        elif action == "back to draft":
            text = "Returned to draft before anyone signed"
        elif action.startswith("signed by"):
            how = ("digital signature, certificate "
                   + rules.short_fingerprint(event.detail.removeprefix("digital ").strip())
                   if event.detail.startswith("digital") else "typed name and drawn signature")
            text = f"Signed by {action.removeprefix('signed by ')} ({how})"
        else:
            text = action[:1].upper() + action[1:]
        at = event.at if event.at.tzinfo else event.at.replace(tzinfo=dt.UTC)
        out.append((f"{day_text(at)} {at:%H:%M} UTC", text))
    return tuple(out)


def _day(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {day:%B %Y}"


def mark_agreed(store: Store, agreement_id: int, today: dt.date | None = None) -> ChangeSet:
    """Freeze the text: run the lint, fix the fingerprint, supersede the older version."""
    today = today or dt.date.today()
    with store.work() as work:
        row = work.one(Agreement, agreement_id)
        if row.state != rules.AgreementState.DRAFT:
            raise ValidationError(f"Version {row.version} is already "
                                  f"{rules.STATE_LABELS[row.state].lower()}.", "state")
        problems = _lint(work, row)
        if problems:
            raise ValidationError("The agreement cannot be marked agreed yet:\n"
                                  + "\n".join(f"• {p}" for p in problems), "lint")
        row.state = rules.AgreementState.AGREED
        row.agreed_on = today
        work.add(row)
        row.fingerprint = rules.fingerprint(_document(work, agreement_id))
        work.add(row)
        touched: list[int | None] = [agreement_id]
        if row.supersedes_id is not None:
            older = work.one(Agreement, row.supersedes_id)
            older.state = rules.AgreementState.SUPERSEDED
            work.add(older)
            touched.append(older.id)
        work.audit("agreement", agreement_id, "agreed", row.fingerprint)
    return _changes(agreement=touched)


def withdraw_agreed(store: Store, agreement_id: int) -> ChangeSet:
    """Back to draft (undo of "mark agreed"): only while nobody has signed."""
    with store.work() as work:
        row = work.one(Agreement, agreement_id)
        if row.state != rules.AgreementState.AGREED:
            raise ValidationError("Only an agreed version that nobody has signed can go back "
                                  "to draft.", "state")
        people = [p.id for p in work.list(Signatory, agreement_id=agreement_id)]
        if people and work.list(Signature, signatory_id=people):
            raise ValidationError("Someone has signed this version; amend it instead.", "state")
        row.state = rules.AgreementState.DRAFT
        row.fingerprint = ""
        row.agreed_on = None
        work.add(row)
        touched: list[int | None] = [agreement_id]
        if row.supersedes_id is not None:
            older = work.one(Agreement, row.supersedes_id)
            older.state = _signed_state(work, older)
            work.add(older)
            touched.append(older.id)
        work.audit("agreement", agreement_id, "back to draft")
    return _changes(agreement=touched)


def _signed_state(work: UnitOfWork, row: Agreement) -> str:
    people = [p.id for p in work.list(Signatory, agreement_id=row.id)]
    signed = len({s.signatory_id for s in work.list(Signature, signatory_id=people)}) \
        if people else 0
    return rules.state_after_signatures(signed, len(people))


def amend(store: Store, agreement_id: int, reason: str) -> tuple[int, ChangeSet]:
    """A new draft version copying this one; the older stays readable and in force until the
    new one is agreed."""
    reason = validate.text(reason, "The reason for the amendment", field="reason",
                           required=True, max_len=5000)
    with store.work() as work:
        row = work.one(Agreement, agreement_id)
        if row.state not in rules.AMENDABLE_STATES:
            raise ValidationError("Only an agreed or signed version can be amended; a draft "
                                  "can simply be edited.", "state")
        if work.first(Agreement, supersedes_id=agreement_id) is not None:
            raise ValidationError("This version already has a newer version; amend that one.",
                                  "state")
        new = work.add(Agreement(
            opportunity_id=row.opportunity_id, title=row.title, version=row.version + 1,
            supersedes_id=row.id, amendment_reason=reason, effective_from=row.effective_from,
            review_on=row.review_on, binding=row.binding, personal_data=row.personal_data))
        assert new.id is not None
        for s in work.list(AgreementSection, order_by=("position", "id"),
                           agreement_id=agreement_id):
            work.add(AgreementSection(agreement_id=new.id, position=s.position, key=s.key,
                                      title=s.title, guidance=s.guidance, body=s.body,
                                      data=copy.deepcopy(dict(s.data or {})),
                                      conflict_ids=list(s.conflict_ids or [])))
        for p in work.list(Signatory, order_by=("position", "id"), agreement_id=agreement_id):
            work.add(Signatory(agreement_id=new.id, person_id=p.person_id, name=p.name,
                               role=p.role, organisation=p.organisation, position=p.position))
        work.audit("agreement", new.id, f"amends version {row.version}", reason[:500])
    return new.id, _changes(agreement=[agreement_id, new.id])


def record_signature(store: Store, signatory_id: int, typed_name: str,
                     strokes: Sequence[Sequence[Sequence[float]]] = (), *,
                     cert_fingerprint: str = "", digital: bool = False,
                     validation: str = "", pin: bool = True) -> tuple[int, ChangeSet]:
    """A signatory signs (typed name and drawn strokes); the version's state follows.
    ``pin``: a digital signature's certificate is remembered as the person's, when they
    have none yet (False when the certificate names somebody else)."""
    typed_name = validate.name(typed_name, "The typed name", field="typed_name")
    clean = _clean_strokes(strokes)
    with store.work() as work:
        person = work.one(Signatory, signatory_id)
        row = work.one(Agreement, person.agreement_id)
        existing = work.first(Signature, signatory_id=signatory_id)
        # A drawn signature may later be made digital, even once everybody has signed.
        upgrading = digital and existing is not None and not existing.digital
        if row.state not in rules.SIGNABLE_STATES \
                and not (upgrading and row.state == rules.AgreementState.SIGNED):
            if row.state == rules.AgreementState.DRAFT:
                raise ValidationError("A draft cannot be signed: mark the text agreed first.",
                                      "state")
            raise ValidationError(f"Version {row.version} is "
                                  f"{rules.STATE_LABELS[row.state].lower()}; it cannot be "
                                  "signed now.", "state")
        problems = _lint(work, row)
        if problems:
            raise ValidationError("The agreement cannot be signed yet:\n"
                                  + "\n".join(f"• {p}" for p in problems), "lint")
        if existing is not None and not upgrading:
            raise ValidationError(f"{person.name} has already signed this version.",
                                  "typed_name")
        sig = existing or Signature(signatory_id=signatory_id)
        sig.typed_name = typed_name
        if clean or not existing:
            sig.strokes = clean
        sig.cert_fingerprint = cert_fingerprint or sig.cert_fingerprint
        sig.digital = digital or sig.digital
        sig.validation = validation or sig.validation
        if existing is None:
            sig.signed_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        sig = work.add(sig)
        if digital and cert_fingerprint and pin and person.person_id is not None:
            # Remember the certificate against the person, so later checks can trust it.
            contact = work.get(Person, person.person_id)
            if contact is not None and not contact.cert_fingerprint:
                contact.cert_fingerprint = cert_fingerprint
                work.add(contact)
        row.state = _signed_state(work, row)
        work.add(row)
        work.audit("signature", sig.id, f"signed by {person.name}",
                   "digital " + cert_fingerprint if digital else "drawn")
    return sig.id or 0, _changes(agreement=[row.id], signatory=[signatory_id],
                                 signature=[sig.id])


def known_fingerprints(store: Store) -> list[tuple[str, str]]:
    """(fingerprint, whose) of every certificate the plan knows: people's pinned
    fingerprints and those of digital signatures made in this program."""
    found: dict[str, str] = {}
    with store.work() as work:
        for person in work.list(Person):
            if person.cert_fingerprint:
                found.setdefault(person.cert_fingerprint.lower(), person.name)
        for sig in work.list(Signature):
            if sig.digital and sig.cert_fingerprint:
                signer = work.get(Signatory, sig.signatory_id)
                found.setdefault(sig.cert_fingerprint.lower(),
                                 signer.name if signer else sig.typed_name)
    return sorted(found.items(), key=lambda item: item[1].casefold())


def remove_signature(store: Store, signature_id: int) -> tuple[SavedRows, ChangeSet]:
    """Undo of a signature made in this program; the state steps back. The signature is
    kept, so that a redo puts the same one back (:func:`restore_signature`)."""
    with store.work() as work:
        sig = work.one(Signature, signature_id)
        person = work.one(Signatory, sig.signatory_id)
        row = work.one(Agreement, person.agreement_id)
        if row.state == rules.AgreementState.SUPERSEDED:
            raise ValidationError("A superseded version cannot change.", "state")
        saved = saved_rows.remove(work, sig)
        row.state = _signed_state(work, row)
        work.add(row)
        work.audit("signature", signature_id, f"signature of {person.name} withdrawn")
    return saved, _changes(agreement=[row.id], signatory=[person.id], signature=[signature_id])


def restore_signature(store: Store, saved: SavedRows) -> ChangeSet:
    """Put back a signature :func:`remove_signature` took away; the state steps on."""
    with store.work() as work:
        saved_rows.restore(work, saved)
        values = saved.rows[0][1]
        person = work.one(Signatory, values["signatory_id"])
        row = work.one(Agreement, person.agreement_id)
        row.state = _signed_state(work, row)
        work.add(row)
        work.audit("signature", values.get("id"), f"signature of {person.name} restored")
    return _changes(agreement=[row.id], signatory=[person.id], signature=[values.get("id")])


def _clean_strokes(strokes: Sequence[Sequence[Sequence[float]]]) -> list[list[list[float]]]:
    out: list[list[list[float]]] = []
    total = 0
    for stroke in strokes:
        points: list[list[float]] = []
        for point in stroke:
            if len(point) < 2:
                continue
            x, y = float(point[0]), float(point[1])
            if x != x or y != y or abs(x) > 1e5 or abs(y) > 1e5:
                raise ValidationError("The drawn signature has points out of range.",
                                      "strokes")
            points.append([round(x, 1), round(y, 1)])
        if points:
            out.append(points)
            total += len(points)
    if total > 20_000:
        raise ValidationError("The drawn signature is too detailed; clear it and draw again.",
                              "strokes")
    return out


