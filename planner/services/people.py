"""Partner organisations and people (services layer): list, add, edit, delete, merge.

Everything the planner knows about a partnership hangs on who the partners and people are,
so a record in use is never deleted: the refusal says where it is named. Merging two records
of the same person (or organisation) points every link at the one kept, and keeps what it
changed so that an undo puts every link back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planner.services import saved_rows, validate
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Writes
from planner.services.organisation import ensure_self, refuse_same_name
from planner.services.organisation import name_key as _key
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    ConflictArea,
    Meeting,
    MeetingAction,
    Milestone,
    Opportunity,
    Organisation,
    Person,
    Signatory,
)

ORGANISATION_KINDS = ("school", "trust", "NHS", "council", "company", "charity", "university",
                      "other")
ORGANISATION_FIELDS = ("name", "kind", "website", "notes")


def kind_label(kind: str) -> str:
    """An organisation's kind as the window shows it: ours capitalised ("Charity", "NHS"),
    a kind of the user's own as they typed it."""
    return kind.capitalize() if kind in ORGANISATION_KINDS and kind != "NHS" else kind
PERSON_FIELDS = ("name", "role", "organisation_id", "email", "phone", "notes")
_LABELS = {"name": "The name", "kind": "The kind", "website": "The website",
           "notes": "The notes", "role": "The role", "email": "The email address",
           "phone": "The phone number", "organisation_id": "The organisation"}


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    name: str
    kind: str = ""
    website: str = ""
    notes: str = ""
    is_self: bool = False
    people: int = 0

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    def values(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in ORGANISATION_FIELDS}


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    role: str = ""
    organisation_id: int = 0
    organisation: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""

    def values(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in PERSON_FIELDS}

    @property
    def label(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@dataclass(frozen=True)
class Directory:
    """A detached snapshot of every organisation and person."""

    organisations: tuple[OrganisationRow, ...] = ()
    people: tuple[PersonRow, ...] = ()
    self_id: int = 0

    @property
    def partners(self) -> tuple[OrganisationRow, ...]:
        return tuple(o for o in self.organisations if not o.is_self)

    def organisation(self, ident: int) -> OrganisationRow | None:
        return next((o for o in self.organisations if o.id == ident), None)

    def person(self, ident: int) -> PersonRow | None:
        return next((p for p in self.people if p.id == ident), None)


def load(store: Store) -> Directory:
    with store.work() as w:
        us, _profile = ensure_self(w)
        orgs = w.list(Organisation, order_by=("name", "id"))
        people = w.list(Person, order_by=("name", "id"))
        names = {o.id: o.name for o in orgs}
        counts: dict[int, int] = {}
        for p in people:
            counts[p.organisation_id] = counts.get(p.organisation_id, 0) + 1
        return Directory(
            organisations=tuple(OrganisationRow(o.id or 0, o.name, o.kind, o.website, o.notes,
                                                o.is_self, counts.get(o.id or 0, 0))
                                for o in orgs),
            people=tuple(PersonRow(p.id or 0, p.name, p.role, p.organisation_id,
                                   names.get(p.organisation_id, ""), p.email, p.phone, p.notes)
                         for p in people),
            self_id=us.id or 0)


# --------------------------------------------------------------------------- validation


def clean_organisation(values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields given, as they will be stored, or a ValidationError naming the field."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in ORGANISATION_FIELDS:
            raise ValidationError(f"Unknown organisation field {name!r}.", name)
        if name == "name":
            out[name] = validate.name(value, "The organisation's name", field=name)
        elif name == "kind":
            text = str(value or "").strip()
            match = next((k for k in ORGANISATION_KINDS if k.casefold() == text.casefold()),
                         None)
            if len(text) > validate.NAME_MAX:
                raise ValidationError("The kind is too long.", name)
            out[name] = match or text  # a kind of the user's own ("multi-academy trust")
        elif name == "website":
            out[name] = validate.text(value, _LABELS[name], field=name,
                                      max_len=validate.NAME_MAX * 5).strip()
        else:
            out[name] = validate.text(value, _LABELS[name], field=name)
    return out


def clean_person(work: UnitOfWork | None, values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in PERSON_FIELDS:
            raise ValidationError(f"Unknown person field {name!r}.", name)
        if name == "name":
            out[name] = validate.name(value, "The person's name", field=name)
        elif name == "organisation_id":
            if value is None:
                out[name] = None  # our own organisation
                continue
            ident = validate.integer(value, _LABELS[name], field=name)
            if work is not None and work.get(Organisation, ident) is None:
                raise ValidationError("The organisation is not known (deleted meanwhile?).",
                                      name)
            out[name] = ident
        elif name == "email":
            text = validate.text(value, _LABELS[name], field=name,
                                 max_len=validate.NAME_MAX).strip()
            if text and ("@" not in text or " " in text):
                raise ValidationError(f"“{text}” does not look like an email address.", name)
            out[name] = text
        elif name in ("role", "phone"):
            out[name] = validate.text(value, _LABELS[name], field=name,
                                      max_len=validate.NAME_MAX).strip()
        else:
            out[name] = validate.text(value, _LABELS[name], field=name)
    return out


def refuse_same_person(work: UnitOfWork, name: str, organisation_id: int,
                       ident: int | None = None) -> None:
    """A second person of the same name in the same organisation (case and spaces aside) is
    refused: every person box listed the two alike ("Margaret Ellison (Harrowgate
    Engineering Ltd)" twice). ``ident``: the person being edited."""
    key = _key(name)
    for p in work.list(Person, organisation_id=organisation_id):
        if p.id != ident and _key(p.name) == key:
            org = work.get(Organisation, organisation_id)
            raise ValidationError(
                f"There is already a person called “{p.name}” in "
                f"{org.name if org else 'this organisation'}: choose them, or give this one "
                "a name that tells them apart.", "name")


def check_person(store: Store, values: Mapping[str, Any]) -> dict[str, Any]:
    """A new person's fields as they will be stored, or why they cannot be (for the form)."""
    with store.work() as w:
        clean = clean_person(w, values)
        if "name" in clean:
            org = clean.get("organisation_id") or ensure_self(w)[0].id
            assert org is not None
            refuse_same_person(w, clean["name"], org)
        return clean


def check_value(store: Store, table: str, name: str, value: Any,
                ident: int | None = None) -> Any:
    """One field of record ``ident`` as it will be stored (for the form's message beside
    the field)."""
    if table == "organisation":
        clean = clean_organisation({name: value})[name]
        if name == "name":
            with store.work() as w:
                refuse_same_name(w, clean, ident)
        return clean
    with store.work() as w:
        return clean_person(w, {name: value})[name]


# --------------------------------------------------------------------------- add, edit


def create_organisation(store: Store, values: Mapping[str, Any]) -> tuple[int, ChangeSet]:
    clean = clean_organisation({"kind": "", "website": "", "notes": "", **values})
    if "name" not in clean:
        raise ValidationError("The organisation needs a name.", "name")
    with store.work() as work:
        refuse_same_name(work, clean["name"])
        row = work.add(Organisation(**clean))
        assert row.id is not None
        work.audit("organisation", row.id, "create", clean["name"][:200])
    return row.id, ChangeSet.of("organisation", row.id)


def create_person(store: Store, values: Mapping[str, Any]) -> tuple[int, ChangeSet]:
    with store.work() as work:
        clean = clean_person(work, {"role": "", "email": "", "phone": "", "notes": "",
                                    "organisation_id": None, **values})
        if "name" not in clean:
            raise ValidationError("The person needs a name.", "name")
        if clean["organisation_id"] is None:
            us, _p = ensure_self(work)
            clean["organisation_id"] = us.id
        refuse_same_person(work, clean["name"], clean["organisation_id"])
        row = work.add(Person(**clean))
        assert row.id is not None
        work.audit("person", row.id, "create", clean["name"][:200])
    return row.id, ChangeSet.of("person", row.id)


def update(store: Store, table: str, ident: int, values: Mapping[str, Any], *,
           expect: Writes = ()) -> ChangeSet:
    """Save some fields of an organisation or a person over what the user saw."""
    model: type[Organisation] | type[Person] = Organisation if table == "organisation" else Person
    with store.work(expect) as work:
        clean = (clean_organisation(values) if table == "organisation"
                 else clean_person(work, values))
        if clean.get("organisation_id", 0) is None:
            us, _p = ensure_self(work)
            clean["organisation_id"] = us.id
        if table == "organisation" and "name" in clean:
            refuse_same_name(work, clean["name"], ident)
        row = work.one(model, ident)
        if isinstance(row, Person):  # a new name or organisation: not one already there
            name, org = clean.get("name", row.name), clean.get("organisation_id",
                                                               row.organisation_id)
            if (_key(name), org) != (_key(row.name), row.organisation_id):
                refuse_same_person(work, name, org, ident)
        for name, value in clean.items():
            setattr(row, name, value)
        work.add(row)
        work.audit(table, ident, "edit", ", ".join(clean)[:200])
    changes = ChangeSet.of(table, ident)
    if table == "organisation":
        changes = changes | ChangeSet.of("opportunity")  # partners are shown by name
    return changes | ChangeSet.of("person")


# --------------------------------------------------------------------------- where used


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def person_uses(work: UnitOfWork, ident: int) -> list[str]:
    """Where a person is named, in the user's words ("day-to-day lead of 2 opportunities")."""
    person = work.one(Person, ident)
    opps = work.list(Opportunity)
    found: list[str] = []

    def add(n: int, what: str, one: str, many: str | None = None) -> None:
        if n:
            found.append(f"{what} of {_plural(n, one, many)}")

    add(sum(o.sponsor_id == ident for o in opps), "executive sponsor", "opportunity",
        "opportunities")
    add(sum(o.lead_id == ident for o in opps), "day-to-day lead", "opportunity",
        "opportunities")
    add(sum(ident in (o.boundary_spanners or []) for o in opps), "boundary-spanner",
        "opportunity", "opportunities")
    areas = work.list(ConflictArea)
    add(sum(ident in (a.owner_ours_id, a.owner_theirs_id) for a in areas), "owner",
        "conflict area")
    milestones = work.list(Milestone)
    add(sum(ident in (m.owner_ours_id, m.owner_theirs_id) for m in milestones), "owner",
        "milestone")
    agreements = {s.agreement_id for s in work.list(Signatory, person_id=ident)}
    add(len(agreements), "signatory", "agreement")
    key = _key(person.name)
    meetings = work.list(Meeting)
    add(sum(any(_key(a) == key for a in m.attendees or []) for m in meetings), "attendee",
        "meeting")
    add(sum(_key(a.owner) == key for a in work.list(MeetingAction)), "owner",
        "meeting action")
    return found


def organisation_uses(work: UnitOfWork, ident: int) -> list[str]:
    found = []
    n = work.count(Opportunity, partner_id=ident)
    if n:
        found.append(f"partner of {_plural(n, 'opportunity', 'opportunities')}")
    n = work.count(Person, organisation_id=ident)
    if n:
        found.append(f"the organisation of {_plural(n, 'person', 'people')}")
    return found


def uses(store: Store, table: str, ident: int) -> list[str]:
    with store.work() as w:
        return person_uses(w, ident) if table == "person" else organisation_uses(w, ident)


def _in_use(name: str, found: list[str]) -> ValidationError:
    said = ["named as " + found[0], *("as " + f for f in found[1:])]
    joined = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return ValidationError(f"“{name}” cannot be deleted: {joined}. Merge it into another "
                           "record, or change those first.")


# --------------------------------------------------------------------------- delete


def delete(store: Store, table: str, ident: int) -> tuple[saved_rows.SavedRows, ChangeSet]:
    """Delete an organisation or a person nothing names; refused, saying where, otherwise."""
    with store.work() as work:
        if table == "person":
            row: Organisation | Person = work.one(Person, ident)
            found = person_uses(work, ident)
        else:
            org = work.one(Organisation, ident)
            if org.is_self:
                raise ValidationError("Our own organisation cannot be deleted.")
            row, found = org, organisation_uses(work, ident)
        if found:
            raise _in_use(row.name, found)
        saved = saved_rows.remove(work, row)
        work.audit(table, ident, "delete", row.name[:200])
    return saved, saved.changes()


def put_back(store: Store, saved: saved_rows.SavedRows) -> ChangeSet:
    with store.work() as work:
        saved_rows.restore(work, saved)
    return saved.changes()


# --------------------------------------------------------------------------- merge


@dataclass(frozen=True)
class Relink:
    """One field of one record a merge changed, with what it held before."""

    model: type[Any]
    ident: int
    field: str
    old: Any


@dataclass(frozen=True)
class MergeSnapshot:
    """What a merge did: the record it removed, and each field it changed (the kept
    record's filled-in fields among them)."""

    removed: saved_rows.SavedRows
    relinks: tuple[Relink, ...] = field(default=())
    new_values: tuple[Any, ...] = field(default=())  # what each relink wrote, for a redo


def _set(work: UnitOfWork, row: Any, name: str, value: Any, log: list[tuple[Relink, Any]]
         ) -> None:
    old = getattr(row, name)
    if isinstance(old, list):
        old = list(old)
    log.append((Relink(type(row), row.id, name, old), value))
    setattr(row, name, value)
    work.add(row)


def merge(store: Store, table: str, keep_id: int, drop_id: int) -> tuple[MergeSnapshot,
                                                                          ChangeSet]:
    """Fold ``drop_id`` into ``keep_id``: every link to it points at the one kept, empty
    fields of the kept record take the other's, and the other is deleted."""
    if keep_id == drop_id:
        raise ValidationError("Choose two different records to merge.")
    log: list[tuple[Relink, Any]] = []
    with store.work() as work:
        if table == "person":
            keep: Any = work.one(Person, keep_id)
            drop: Any = work.one(Person, drop_id)
            fields: tuple[str, ...] = ("role", "email", "phone", "notes")
            for o in work.list(Opportunity):
                for name in ("sponsor_id", "lead_id"):
                    if getattr(o, name) == drop_id:
                        _set(work, o, name, keep_id, log)
                if drop_id in (o.boundary_spanners or []):
                    merged = []
                    for p in o.boundary_spanners:
                        p = keep_id if p == drop_id else p
                        if p not in merged:
                            merged.append(p)
                    _set(work, o, "boundary_spanners", merged, log)
            for model in (ConflictArea, Milestone):
                for r in work.list(model):
                    for name in ("owner_ours_id", "owner_theirs_id"):
                        if getattr(r, name) == drop_id:
                            _set(work, r, name, keep_id, log)
            for s in work.list(Signatory, person_id=drop_id):
                _set(work, s, "person_id", keep_id, log)
            old_key = _key(drop.name)
            if old_key != _key(keep.name):
                for m in work.list(Meeting):
                    if any(_key(a) == old_key for a in m.attendees or []):
                        _set(work, m, "attendees", [keep.name if _key(a) == old_key else a
                                                    for a in m.attendees], log)
                for a in work.list(MeetingAction):
                    if _key(a.owner) == old_key:
                        _set(work, a, "owner", keep.name, log)
        else:
            keep = work.one(Organisation, keep_id)
            drop = work.one(Organisation, drop_id)
            if drop.is_self:
                raise ValidationError("Our own organisation cannot be merged into another.")
            fields = ("kind", "website", "notes", "sector", "location")
            for opp in work.list(Opportunity, partner_id=drop_id):
                _set(work, opp, "partner_id", keep_id, log)
            for member in work.list(Person, organisation_id=drop_id):
                _set(work, member, "organisation_id", keep_id, log)
            for s in work.list(Signatory):
                if drop.name and s.organisation == drop.name and keep.name != drop.name:
                    _set(work, s, "organisation", keep.name, log)
        for name in fields:
            theirs = getattr(drop, name)
            if theirs and not getattr(keep, name):
                _set(work, keep, name, theirs, log)
        removed = saved_rows.remove(work, drop)
        work.audit(table, keep_id, "merge", f"{drop.name} into {keep.name}"[:200])
    snap = MergeSnapshot(removed, tuple(r for r, _v in log), tuple(v for _r, v in log))
    return snap, _merge_changes(table, snap, keep_id)


def _merge_changes(table: str, snap: MergeSnapshot, keep_id: int) -> ChangeSet:
    out = ChangeSet.of(table, keep_id) | snap.removed.changes()
    for r in snap.relinks:
        out = out | ChangeSet.of(r.model.__tablename__, r.ident)
    return out


def unmerge(store: Store, table: str, snap: MergeSnapshot, keep_id: int) -> ChangeSet:
    """Undo a merge: the removed record back with its id, every link as it was."""
    with store.work() as work:
        saved_rows.restore(work, snap.removed)
        for r in snap.relinks:
            row = work.one(r.model, r.ident)
            setattr(row, r.field, r.old)
            work.add(row)
        work.audit(table, keep_id, "unmerge", "")
    return _merge_changes(table, snap, keep_id)


def remerge(store: Store, table: str, snap: MergeSnapshot, keep_id: int) -> ChangeSet:
    """Redo a merge exactly as it was done (the same links, the same record removed)."""
    with store.work() as work:
        for r, value in zip(snap.relinks, snap.new_values, strict=True):
            row = work.one(r.model, r.ident)
            setattr(row, r.field, value)
            work.add(row)
        for model, values in reversed(snap.removed.rows):
            row = work.get(model, values["id"])
            if row is not None:
                work.delete(row)
        work.audit(table, keep_id, "merge", "redo")
    return _merge_changes(table, snap, keep_id)


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class Contact:
    """One person read from a contacts file, before it is added."""

    name: str
    organisation: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ImportPlan:
    """What an import will do: the contacts to add, and those skipped (with why)."""

    add: tuple[Contact, ...]
    skipped: tuple[tuple[Contact, str], ...] = ()


def plan_import(store: Store, contacts: list[Contact]) -> ImportPlan:
    """Contacts already in the plan (same name, or same email) or twice in the file are
    skipped; the rest will be added."""
    directory = load(store)
    names = {_key(p.name) for p in directory.people}
    emails = {p.email.casefold() for p in directory.people if p.email}
    add: list[Contact] = []
    skipped: list[tuple[Contact, str]] = []
    for c in contacts:
        if not c.name.strip():
            skipped.append((c, "no name"))
        elif _key(c.name) in names or (c.email and c.email.casefold() in emails):
            skipped.append((c, "already in the plan"))
        else:
            add.append(c)
            names.add(_key(c.name))
            if c.email:
                emails.add(c.email.casefold())
    return ImportPlan(tuple(add), tuple(skipped))


@dataclass(frozen=True)
class ImportResult:
    people: tuple[int, ...]
    organisations: tuple[int, ...]


def import_contacts(store: Store, contacts: tuple[Contact, ...]) -> tuple[ImportResult,
                                                                         ChangeSet]:
    """Add the contacts in one unit of work; an organisation named and not yet in the plan
    is added too (as kind "other" left blank)."""
    people: list[int] = []
    new_orgs: list[int] = []
    with store.work() as work:
        us, _p = ensure_self(work)
        orgs = {_key(o.name): o.id for o in work.list(Organisation)}
        for c in contacts:
            values = clean_person(work, {"name": c.name, "role": c.role, "email": c.email,
                                         "phone": c.phone, "notes": c.notes})
            org_id = us.id or 0
            if c.organisation.strip():
                key = _key(c.organisation)
                if key not in orgs:
                    org = work.add(Organisation(**clean_organisation(
                        {"name": c.organisation})))
                    assert org.id is not None
                    orgs[key] = org.id
                    new_orgs.append(org.id)
                org_id = orgs[key] or 0
            row = work.add(Person(organisation_id=org_id, **values))
            assert row.id is not None
            people.append(row.id)
        work.audit("person", None, "import", _plural(len(people), "person", "people"))
    return (ImportResult(tuple(people), tuple(new_orgs)),
            ChangeSet.of("person", *people) | ChangeSet.of("organisation", *new_orgs))


def unimport(store: Store, result: ImportResult) -> tuple[saved_rows.SavedRows, ChangeSet]:
    """Take an import back out (its undo); what it took is kept for a redo."""
    with store.work() as work:
        rows: list[Any] = [work.one(Organisation, i) for i in result.organisations]
        rows += [work.one(Person, i) for i in result.people]
        saved = saved_rows.remove(work, *rows)
    return saved, saved.changes()


