"""Who signs an agreement (services layer): signatories and their pinned fingerprints.
"""

from __future__ import annotations

from typing import Any

from planner.services import validate
from planner.services.agreements.drafting import _editable
from planner.services.agreements.snapshots import SignatorySnapshot, _changes
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Writes
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Person,
    Signatory,
    Signature,
)

# --------------------------------------------------------------------------- signatories


def add_signatory(store: Store, agreement_id: int, name: str, role: str = "",
                  organisation: str = "", *, person_id: int | None = None,
                  position: int | None = None, ident: int | None = None
                  ) -> tuple[int, ChangeSet]:
    name, role, organisation = clean_signatory(name, role, organisation)
    with store.work() as work:
        people = _check_new_signatory(work, agreement_id, name, organisation)
        index = len(people) if position is None else max(0, min(position, len(people)))
        if person_id is None:
            person_id = _person_named(work, name)
        row = work.add(Signatory(id=ident, agreement_id=agreement_id, person_id=person_id, name=name,
                                 role=role, organisation=organisation, position=index))
        people.insert(index, row)
        for i, p in enumerate(people):
            if p.position != i:
                p.position = i
                work.add(p)
    return row.id or 0, _changes(agreement=[agreement_id], signatory=[row.id])


def clean_signatory(name: str, role: str, organisation: str) -> tuple[str, str, str]:
    return (validate.name(name, "The signatory's name", field="name"),
            validate.text(role, "The role", field="role", max_len=validate.NAME_MAX),
            validate.text(organisation, "The organisation", field="organisation",
                          max_len=validate.NAME_MAX))


def _check_new_signatory(work: UnitOfWork, agreement_id: int, name: str,
                         organisation: str) -> list[Signatory]:
    """The agreement's signatories, once a new one named so is known to be acceptable."""
    _editable(work, agreement_id)
    people = work.list(Signatory, order_by=("position", "id"), agreement_id=agreement_id)
    if len(people) >= 12:
        raise ValidationError("An agreement can have at most 12 signatories.")
    twin = next((p for p in people if p.name.strip().casefold() == name.strip().casefold()
                 and p.organisation.strip().casefold() == organisation.strip().casefold()),
                None)
    if twin is not None:
        # Usually "Add" pressed with the selected signatory's details still in the boxes.
        raise ValidationError(f"{twin.name} is already a signatory"
                              + (f" for {twin.organisation}" if twin.organisation else "")
                              + "; change the name to add someone else.", "name")
    return people


def check_new_signatory(store: Store, agreement_id: int, name: str, role: str = "",
                        organisation: str = "") -> None:
    """Raise the ValidationError :func:`add_signatory` would raise; writes nothing."""
    name, role, organisation = clean_signatory(name, role, organisation)
    with store.work() as work:
        _check_new_signatory(work, agreement_id, name, organisation)


def _person_named(work: UnitOfWork, name: str) -> int | None:
    """The one person of the plan with exactly this name (ignoring case), if there is one."""
    wanted = name.strip().casefold()
    found = [p.id for p in work.list(Person) if p.name.strip().casefold() == wanted]
    return found[0] if len(found) == 1 else None


def clean_fingerprint(value: object) -> str:
    """A SHA-256 certificate fingerprint as 64 lowercase hex digits (spaces and colons go)."""
    if not isinstance(value, str):
        raise ValidationError("The fingerprint must be text.", "fingerprint")
    cleaned = "".join(ch for ch in value if ch not in " :\t\n-").lower()
    if len(cleaned) != 64 or any(ch not in "0123456789abcdef" for ch in cleaned):
        raise ValidationError("A certificate fingerprint is 64 hexadecimal digits (0-9, a-f); "
                              "ask the signatory to read theirs out again.", "fingerprint")
    return cleaned


def pin_fingerprint(store: Store, signatory_id: int, fingerprint: str) -> ChangeSet:
    """Remember the certificate a signatory says is theirs, on their person record, so
    checks of signed files trust it. Allowed on frozen versions: the text is not touched."""
    cleaned = clean_fingerprint(fingerprint) if fingerprint.strip() else ""
    with store.work() as work:
        row = work.one(Signatory, signatory_id)
        person_id = row.person_id if row.person_id is not None else _person_named(work, row.name)
        if person_id is None:
            raise ValidationError(f"{row.name} is not a person of this plan yet; add them to "
                                  "their organisation first, then pin the fingerprint.",
                                  "fingerprint")
        person = work.one(Person, person_id)
        person.cert_fingerprint = cleaned
        work.add(person)
        if row.person_id is None:
            row.person_id = person_id
            work.add(row)
        work.audit("person", person_id, "certificate pinned" if cleaned else "pin removed",
                   cleaned)
    return ChangeSet.of("person", person_id) | _changes(agreement=[row.agreement_id],
                                                         signatory=[signatory_id])


def update_signatory(store: Store, signatory_id: int, field_name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    if field_name == "name":
        cleaned = validate.name(value, "The signatory's name", field=field_name)
    elif field_name in ("role", "organisation"):
        cleaned = validate.text(value, f"The {field_name}", field=field_name,
                                max_len=validate.NAME_MAX)
    else:
        raise ValidationError(f"Unknown signatory field {field_name!r}.", field_name)
    with store.work(expect) as work:
        row = work.one(Signatory, signatory_id)
        _editable(work, row.agreement_id)
        setattr(row, field_name, cleaned)
        work.add(row)
    return _changes(agreement=[row.agreement_id], signatory=[signatory_id])


def remove_signatory(store: Store, signatory_id: int) -> tuple[SignatorySnapshot, ChangeSet]:
    with store.work() as work:
        row = work.one(Signatory, signatory_id)
        _editable(work, row.agreement_id)
        snapshot = SignatorySnapshot(row.agreement_id, row.position, row.person_id, row.name,
                                     row.role, row.organisation, row.id)
        for sig in work.list(Signature, signatory_id=signatory_id):
            work.delete(sig)
        work.delete(row)
    return snapshot, _changes(agreement=[snapshot.agreement_id], signatory=[signatory_id])


def restore_signatory(store: Store, snapshot: SignatorySnapshot) -> tuple[int, ChangeSet]:
    return add_signatory(store, snapshot.agreement_id, snapshot.name, snapshot.role,
                         snapshot.organisation, person_id=snapshot.person_id,
                         position=snapshot.position, ident=snapshot.id)


