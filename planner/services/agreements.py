"""Protocol agreements (services layer): build, freeze, amend, sign, export and verify.

Every change goes through here: the builder (sections, tables, signatories), the lifecycle
(draft → agreed → partly signed → signed, amendments as new versions) and the PDF with its
digital signatures. Frozen versions refuse edits here, whatever the window allows. ReportLab
and pyHanko are imported only inside the export and verify functions.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain import agreements as rules
from planner.domain.conflicts import protocol_lint, residual_band
from planner.services import saved_rows, validate
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Writes
from planner.services.saved_rows import SavedRows
from planner.store.database import Store, StoreError, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    AuditEvent,
    ConflictArea,
    Opportunity,
    Organisation,
    Person,
    Signatory,
    Signature,
)

AGREEMENT_FIELDS = ("title", "effective_from", "review_on", "binding", "personal_data")
SECTION_FIELDS = ("title", "body", "guidance", "data", "conflict_ids")
SIGNATORY_FIELDS = ("name", "role", "organisation")
MAX_SECTIONS = 60
PASSPHRASE_ENV = "PLANNER_PASSPHRASE"


def _changes(*, agreement: Iterable[int | None] = (), section: Iterable[int | None] = (),
             signatory: Iterable[int | None] = (), signature: Iterable[int | None] = ()
             ) -> ChangeSet:
    out = ChangeSet.of("agreement", *agreement)
    if section:
        out = out | ChangeSet.of("agreement_section", *section)
    if signatory:
        out = out | ChangeSet.of("signatory", *signatory)
    if signature:
        out = out | ChangeSet.of("signature", *signature)
    return out


# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class AgreementSummary:
    id: int
    opportunity_id: int
    partnership: str
    partner: str
    title: str
    version: int
    state: str
    fingerprint: str


@dataclass(frozen=True)
class SectionRow:
    id: int
    agreement_id: int
    position: int
    key: str
    title: str
    guidance: str
    body: str
    data: dict[str, Any]
    conflict_ids: tuple[int, ...]


@dataclass(frozen=True)
class SignatureRow:
    id: int
    signed_at: dt.datetime
    typed_name: str
    strokes: tuple[tuple[tuple[float, float], ...], ...]
    cert_fingerprint: str
    digital: bool


@dataclass(frozen=True)
class SignatoryRow:
    id: int
    agreement_id: int
    position: int
    person_id: int | None
    name: str
    role: str
    organisation: str
    signature: SignatureRow | None
    pinned_fingerprint: str = ""  # the certificate the signatory said is theirs


@dataclass(frozen=True)
class ConflictChoice:
    id: int
    title: str
    band: str


@dataclass(frozen=True)
class AgreementDetail:
    id: int
    opportunity_id: int
    partnership: str
    us: str
    partner: str
    title: str
    version: int
    state: str
    supersedes_id: int | None
    amendment_reason: str
    fingerprint: str
    agreed_on: dt.date | None
    effective_from: dt.date | None
    review_on: dt.date | None
    binding: bool
    personal_data: bool
    sections: tuple[SectionRow, ...]
    signatories: tuple[SignatoryRow, ...]
    conflicts: tuple[ConflictChoice, ...]
    versions: tuple[tuple[int, int, str], ...]  # (id, version, state) of every version

    @property
    def editable(self) -> bool:
        return self.state in rules.EDITABLE_STATES

    @property
    def edit_problem(self) -> str | None:
        return rules.edit_problem(self.state, self.version)

    def section(self, section_id: int) -> SectionRow | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class SectionSnapshot:
    """Everything needed to put a removed section back where it was (undo)."""

    agreement_id: int
    position: int
    key: str
    title: str
    guidance: str
    body: str
    data: dict[str, Any]
    conflict_ids: tuple[int, ...]
    id: int | None = None  # put back under the same id (undo, redo)


@dataclass(frozen=True)
class SignatorySnapshot:
    agreement_id: int
    position: int
    person_id: int | None
    name: str
    role: str
    organisation: str
    id: int | None = None  # put back under the same id (undo, redo)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    signed_field: str = ""
    signer_fingerprint: str = ""
    fields: tuple[str, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------- reading


def _parties(work: UnitOfWork, opportunity: Opportunity) -> tuple[str, str]:
    us = work.first(Organisation, is_self=True)
    partner = work.get(Organisation, opportunity.partner_id) if opportunity.partner_id else None
    return (us.name if us else "Our organisation",
            partner.name if partner else "The partner organisation")


def partnerships(store: Store) -> list[tuple[int, str]]:
    """(id, title) of the opportunities an agreement can be made for: pursued ones first."""
    with store.work() as work:
        rows = work.list(Opportunity, order_by=("title",))
    order = {"pursued": 0, "screening": 1, "identified": 2, "paused": 3, "deferred": 4}
    rows = [r for r in rows if r.stage not in ("declined", "exited")]
    rows.sort(key=lambda r: (order.get(r.stage, 5), r.title.casefold()))
    return [(r.id or 0, r.title) for r in rows]


def list_agreements(store: Store) -> list[AgreementSummary]:
    with store.work() as work:
        rows = work.list(Agreement, order_by=("opportunity_id", "version"))
        opportunities = {o.id: o for o in work.list(Opportunity)}
        organisations = {o.id: o.name for o in work.list(Organisation)}
    out: list[AgreementSummary] = []
    for row in rows:
        assert row.id is not None
        opp = opportunities.get(row.opportunity_id)
        partner = organisations.get(opp.partner_id, "") if opp and opp.partner_id else ""
        out.append(AgreementSummary(row.id, row.opportunity_id, opp.title if opp else "",
                                    partner, row.title, row.version, row.state,
                                    row.fingerprint))
    return out


def _section_row(s: AgreementSection) -> SectionRow:
    assert s.id is not None
    return SectionRow(s.id, s.agreement_id, s.position, s.key, s.title, s.guidance, s.body,
                      copy.deepcopy(dict(s.data or {})), tuple(s.conflict_ids or ()))


def _strokes(raw: Any) -> tuple[tuple[tuple[float, float], ...], ...]:
    out: list[tuple[tuple[float, float], ...]] = []
    for stroke in raw or ():
        points = tuple((float(p[0]), float(p[1])) for p in stroke
                       if isinstance(p, (list, tuple)) and len(p) >= 2)
        if points:
            out.append(points)
    return tuple(out)


def get_agreement(store: Store, agreement_id: int) -> AgreementDetail:
    with store.work() as work:
        return _detail(work, agreement_id)


def _detail(work: UnitOfWork, agreement_id: int) -> AgreementDetail:
    from planner.services.organisation import ensure_self

    row = work.one(Agreement, agreement_id)
    opp = work.one(Opportunity, row.opportunity_id)
    us, partner = _parties(work, opp)
    sections = tuple(_section_row(s) for s in
                     work.list(AgreementSection, order_by=("position", "id"),
                               agreement_id=agreement_id))
    signatories: list[SignatoryRow] = []
    for p in work.list(Signatory, order_by=("position", "id"), agreement_id=agreement_id):
        assert p.id is not None
        sig = work.first(Signature, signatory_id=p.id)
        signature = None
        if sig is not None:
            assert sig.id is not None
            signature = SignatureRow(sig.id, sig.signed_at, sig.typed_name,
                                     _strokes(sig.strokes), sig.cert_fingerprint, sig.digital)
        contact = work.get(Person, p.person_id) if p.person_id is not None else None
        signatories.append(SignatoryRow(p.id, p.agreement_id, p.position, p.person_id, p.name,
                                        p.role, p.organisation, signature,
                                        contact.cert_fingerprint if contact else ""))
    _org, profile = ensure_self(work)
    limits = list(profile.band_limits)
    conflicts = tuple(ConflictChoice(c.id or 0, c.title, residual_band(c, limits))
                      for c in work.list(ConflictArea, opportunity_id=opp.id))
    versions = _versions(work, row)
    assert row.id is not None
    return AgreementDetail(
        row.id, row.opportunity_id, opp.title, us, partner, row.title, row.version, row.state,
        row.supersedes_id, row.amendment_reason, row.fingerprint, row.agreed_on,
        row.effective_from, row.review_on, row.binding, row.personal_data, sections,
        tuple(signatories), conflicts, versions)


def _versions(work: UnitOfWork, row: Agreement) -> tuple[tuple[int, int, str], ...]:
    """Every version in the same chain (older and newer), oldest first."""
    chain: dict[int, Agreement] = {}
    first = row
    while first.supersedes_id is not None and first.supersedes_id not in chain:
        assert first.id is not None
        chain[first.id] = first
        first = work.one(Agreement, first.supersedes_id)
    members = [first]
    frontier = [first]
    while frontier:
        nxt = work.list(Agreement, supersedes_id=[a.id for a in frontier])
        members += nxt
        frontier = nxt
    return tuple(sorted(((a.id or 0, a.version, a.state) for a in members),
                        key=lambda v: v[1]))


# --------------------------------------------------------------------------- creating


def load_templates() -> list[dict[str, Any]]:
    """The clause templates shipped in resources/templates/agreement.toml."""
    from planner.paths import resources_dir

    path = resources_dir() / "templates" / "agreement.toml"
    try:
        parsed = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"The agreement templates ({path}) cannot be read: {exc}") from None
    sections = parsed.get("section", [])
    return [dict(s) for s in sections if isinstance(s, dict)]


def template_guidance(key: str) -> str:
    """The shipped guidance for a section key ("" when there is none)."""
    return next((str(t.get("guidance", "")) for t in load_templates() if t.get("key") == key),
                "")


def template_choices() -> list[tuple[str, str]]:
    """(key, title) of every template section, for "add section"."""
    return [(str(t.get("key", "")), str(t.get("title", ""))) for t in load_templates()]


def _fill(value: Any, names: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        for key, text in names.items():
            value = value.replace("{" + key + "}", text)
        return value
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value


def create_agreement(store: Store, opportunity_id: int, title: str = "") -> tuple[int, ChangeSet]:
    """A new draft (version 1) for a partnership, pre-filled from the templates."""
    templates = load_templates()
    with store.work() as work:
        opp = work.one(Opportunity, opportunity_id)
        us, partner = _parties(work, opp)
        title = validate.name(title or f"Partnership protocol: {opp.title}", "The title",
                              field="title")
        row = work.add(Agreement(opportunity_id=opportunity_id, title=title))
        assert row.id is not None
        names = {"us": us, "partner": partner, "title": title}
        for position, template in enumerate(templates):
            work.add(AgreementSection(
                agreement_id=row.id, position=position, key=str(template.get("key", "")),
                title=str(template.get("title", "Section")),
                guidance=str(template.get("guidance", "")),
                body=_fill(str(template.get("body", "")), names),
                data=_fill(dict(template.get("data", {})), names)))
        for position, person in enumerate(_default_signatories(work, opp)):
            work.add(Signatory(agreement_id=row.id, person_id=person[0], name=person[1],
                               role=person[2], organisation=person[3], position=position))
        work.audit("agreement", row.id, "created", title)
    return row.id, _changes(agreement=[row.id])


def _default_signatories(work: UnitOfWork, opp: Opportunity
                         ) -> list[tuple[int | None, str, str, str]]:
    us, partner = _parties(work, opp)
    found: list[tuple[int | None, str, str, str]] = []
    sponsor = work.get(Person, opp.sponsor_id) if opp.sponsor_id else None
    if sponsor is not None:
        found.append((sponsor.id, sponsor.name, sponsor.role, us))
    if opp.partner_id:
        people = work.list(Person, organisation_id=opp.partner_id)
        holder = next((p for p in people if p.is_relationship_holder), None) or \
            (people[0] if people else None)
        if holder is not None:
            found.append((holder.id, holder.name, holder.role, partner))
    return found


def delete_agreement(store: Store, agreement_id: int) -> tuple[SavedRows, ChangeSet]:
    """Remove a draft that nothing depends on (undo of create or amend); its rows are kept
    so that a redo puts the same agreement back (:func:`restore_agreement`)."""
    with store.work() as work:
        row = work.one(Agreement, agreement_id)
        if row.state != "draft":
            raise ValidationError("Only a draft can be deleted; agreed versions are kept.")
        if work.first(Agreement, supersedes_id=agreement_id) is not None:
            raise ValidationError("A later version depends on this one; it cannot be deleted.")
        people = work.list(Signatory, agreement_id=agreement_id)
        signatures = work.list(Signature, signatory_id=[p.id for p in people]) if people else []
        saved = saved_rows.remove(work, row, *work.list(AgreementSection,
                                                        agreement_id=agreement_id),
                                  *people, *signatures)
        work.audit("agreement", agreement_id, "deleted", row.title)
    return saved, _changes(agreement=[agreement_id])


def restore_agreement(store: Store, saved: SavedRows) -> ChangeSet:
    """Put back an agreement :func:`delete_agreement` removed, with the same ids."""
    with store.work() as work:
        saved_rows.restore(work, saved)
        ident = saved.rows[0][1].get("id")
        work.audit("agreement", ident, "restored")
    return saved.changes()


# --------------------------------------------------------------------------- editing


def _editable(work: UnitOfWork, agreement_id: int) -> Agreement:
    row = work.one(Agreement, agreement_id)
    problem = rules.edit_problem(row.state, row.version)
    if problem:
        raise ValidationError(problem, "state")
    return row


def clean_agreement_value(field_name: str, value: Any) -> Any:
    if field_name == "title":
        return validate.name(value, "The title", field=field_name)
    if field_name in ("effective_from", "review_on"):
        if value is None or isinstance(value, dt.date):
            return value
        raise ValidationError("Give a date or leave it empty.", field_name)
    if field_name in ("binding", "personal_data"):
        if not isinstance(value, bool):
            raise ValidationError("Give yes or no.", field_name)
        return value
    raise ValidationError(f"Unknown agreement field {field_name!r}.", field_name)


def update_agreement(store: Store, agreement_id: int, field_name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    cleaned = clean_agreement_value(field_name, value)
    with store.work(expect) as work:
        row = _editable(work, agreement_id)
        start = cleaned if field_name == "effective_from" else row.effective_from
        end = cleaned if field_name == "review_on" else row.review_on
        validate.date_order(start, end, "The agreement's dates", field=field_name)
        setattr(row, field_name, cleaned)
        work.add(row)
    return _changes(agreement=[agreement_id])


def clean_section_value(field_name: str, value: Any) -> Any:
    if field_name == "title":
        return validate.name(value, "The section title", field=field_name)
    if field_name in ("body", "guidance"):
        return validate.text(value, "The section text" if field_name == "body"
                             else "The guidance", field=field_name)
    if field_name == "data":
        if not isinstance(value, dict):
            raise ValidationError("The tables must be given as a mapping.", field_name)
        for table, rows in value.items():
            if table == "schedule":
                if not isinstance(rows, dict) or any(
                        not isinstance(v, str) or len(v) > 5000 for v in rows.values()):
                    raise ValidationError("Each entry of the data-sharing schedule must be "
                                          "text of up to 5,000 characters.", field_name)
                continue
            problem = rules.table_problem(table, rows)
            if problem:
                raise ValidationError(problem, field_name)
        return copy.deepcopy(value)
    if field_name == "conflict_ids":
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise ValidationError("Linked conflict areas must be a list of ids.", field_name)
        return sorted(set(value))
    raise ValidationError(f"Unknown section field {field_name!r}.", field_name)


def update_section(store: Store, section_id: int, field_name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    cleaned = clean_section_value(field_name, value)
    with store.work(expect) as work:
        section = work.one(AgreementSection, section_id)
        _editable(work, section.agreement_id)
        if field_name == "conflict_ids":
            agreement = work.one(Agreement, section.agreement_id)
            known = {c.id for c in work.list(ConflictArea,
                                             opportunity_id=agreement.opportunity_id)}
            unknown = [i for i in cleaned if i not in known]
            if unknown:
                raise ValidationError("A linked conflict area does not belong to this "
                                      "partnership.", field_name)
        setattr(section, field_name, cleaned)
        work.add(section)
    return _changes(agreement=[section.agreement_id], section=[section_id])


@dataclass(frozen=True)
class ClauseTarget:
    """A clause a conflict area can be linked to from the register."""

    section_id: int
    agreement_id: int
    agreement: str
    version: int
    title: str
    linked: bool

    @property
    def label(self) -> str:
        return f"{self.agreement} (v{self.version}) — {self.title}"


def clause_targets(store: Store, area_id: int) -> list[ClauseTarget]:
    """The conflict-protocols sections of the draft agreements of the area's partnership
    (and any other draft section already naming the area): where the register can link it.

    Agreed and signed versions are left out: their text, links included, is frozen.
    """
    with store.work() as work:
        area = work.one(ConflictArea, area_id)
        drafts = {a.id: a for a in work.list(Agreement, order_by=("version", "id"),
                                             opportunity_id=area.opportunity_id)
                  if a.state in rules.EDITABLE_STATES}
        if not drafts:
            return []
        sections = work.list(AgreementSection, order_by=("agreement_id", "position"),
                             agreement_id=list(drafts))
    out: list[ClauseTarget] = []
    for s in sections:
        linked = area_id in (s.conflict_ids or ())
        if s.key != "conflicts" and not linked:
            continue
        agreement = drafts[s.agreement_id]
        assert s.id is not None and agreement.id is not None
        out.append(ClauseTarget(s.id, agreement.id, agreement.title, agreement.version,
                                s.title, linked))
    return out


def link_conflict(store: Store, section_id: int, area_id: int, linked: bool = True
                  ) -> ChangeSet:
    """Name (or stop naming) a conflict area in a clause of a draft agreement.

    Goes through :func:`update_section`, so a frozen version refuses and an area of another
    partnership is refused; the fingerprint is fixed only when the text is agreed.
    """
    with store.work() as work:
        current = set(work.one(AgreementSection, section_id).conflict_ids or ())
    wanted = current | {area_id} if linked else current - {area_id}
    changes = update_section(store, section_id, "conflict_ids", sorted(wanted))
    return changes | ChangeSet.of("conflict_area", area_id)


def set_table(store: Store, section_id: int, table: str, rows: Sequence[Mapping[str, Any]]
              ) -> ChangeSet:
    """Replace one structured table of a section (contributions, measures or meetings)."""
    with store.work() as work:
        data = dict(work.one(AgreementSection, section_id).data or {})
    data[table] = [dict(r) for r in rows]
    return update_section(store, section_id, "data", data)


def add_section(store: Store, agreement_id: int, title: str, *, key: str = "",
                position: int | None = None, body: str = "", guidance: str = "",
                data: Mapping[str, Any] | None = None,
                conflict_ids: Sequence[int] = (), ident: int | None = None
                ) -> tuple[int, ChangeSet]:
    title = validate.name(title, "The section title", field="title")
    body = validate.text(body, "The section text", field="body")
    data = clean_section_value("data", dict(data or {}))
    with store.work() as work:
        _editable(work, agreement_id)
        sections = work.list(AgreementSection, order_by=("position", "id"),
                             agreement_id=agreement_id)
        if len(sections) >= MAX_SECTIONS:
            raise ValidationError(f"An agreement can have at most {MAX_SECTIONS} sections.")
        index = len(sections) if position is None else max(0, min(position, len(sections)))
        row = work.add(AgreementSection(id=ident, agreement_id=agreement_id, position=index, key=key,
                                        title=title, guidance=guidance, body=body,
                                        data=dict(data), conflict_ids=sorted(conflict_ids)))
        sections.insert(index, row)
        _renumber(work, sections)
    return row.id or 0, _changes(agreement=[agreement_id], section=[row.id])


def add_template_section(store: Store, agreement_id: int, key: str,
                         position: int | None = None) -> tuple[int, ChangeSet]:
    template = next((t for t in load_templates() if t.get("key") == key), None)
    if template is None:
        raise ValidationError(f"There is no template section “{key}”.", "key")
    detail = get_agreement(store, agreement_id)
    names = {"us": detail.us, "partner": detail.partner, "title": detail.title}
    return add_section(store, agreement_id, str(template.get("title", "Section")), key=key,
                       position=position, body=_fill(str(template.get("body", "")), names),
                       guidance=str(template.get("guidance", "")),
                       data=_fill(dict(template.get("data", {})), names))


def _renumber(work: UnitOfWork, sections: Sequence[AgreementSection]) -> None:
    for index, s in enumerate(sections):
        if s.position != index:
            s.position = index
            work.add(s)


def remove_section(store: Store, section_id: int) -> tuple[SectionSnapshot, ChangeSet]:
    with store.work() as work:
        section = work.one(AgreementSection, section_id)
        _editable(work, section.agreement_id)
        snapshot = SectionSnapshot(section.agreement_id, section.position, section.key,
                                   section.title, section.guidance, section.body,
                                   copy.deepcopy(dict(section.data or {})),
                                   tuple(section.conflict_ids or ()), section.id)
        work.delete(section)
        _renumber(work, work.list(AgreementSection, order_by=("position", "id"),
                                  agreement_id=section.agreement_id))
    return snapshot, _changes(agreement=[snapshot.agreement_id], section=[section_id])


def restore_section(store: Store, snapshot: SectionSnapshot) -> tuple[int, ChangeSet]:
    return add_section(store, snapshot.agreement_id, snapshot.title, key=snapshot.key,
                       position=snapshot.position, body=snapshot.body,
                       guidance=snapshot.guidance, data=snapshot.data,
                       conflict_ids=snapshot.conflict_ids, ident=snapshot.id)


def move_section(store: Store, section_id: int, new_position: int) -> ChangeSet:
    with store.work() as work:
        section = work.one(AgreementSection, section_id)
        _editable(work, section.agreement_id)
        sections = [s for s in work.list(AgreementSection, order_by=("position", "id"),
                                         agreement_id=section.agreement_id)
                    if s.id != section_id]
        index = max(0, min(new_position, len(sections)))
        sections.insert(index, section)
        _renumber(work, sections)
    return _changes(agreement=[section.agreement_id], section=[section_id])


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
        out.append((f"{at:%d %b %Y %H:%M} UTC", text))
    return tuple(out)


def _day(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {day:%B %Y}"


def mark_agreed(store: Store, agreement_id: int, today: dt.date | None = None) -> ChangeSet:
    """Freeze the text: run the lint, fix the fingerprint, supersede the older version."""
    today = today or dt.date.today()
    with store.work() as work:
        row = work.one(Agreement, agreement_id)
        if row.state != "draft":
            raise ValidationError(f"Version {row.version} is already "
                                  f"{rules.STATE_LABELS[row.state].lower()}.", "state")
        problems = _lint(work, row)
        if problems:
            raise ValidationError("The agreement cannot be marked agreed yet:\n"
                                  + "\n".join(f"• {p}" for p in problems), "lint")
        row.state = "agreed"
        row.agreed_on = today
        work.add(row)
        row.fingerprint = rules.fingerprint(_document(work, agreement_id))
        work.add(row)
        touched: list[int | None] = [agreement_id]
        if row.supersedes_id is not None:
            older = work.one(Agreement, row.supersedes_id)
            older.state = "superseded"
            work.add(older)
            touched.append(older.id)
        work.audit("agreement", agreement_id, "agreed", row.fingerprint)
    return _changes(agreement=touched)


def withdraw_agreed(store: Store, agreement_id: int) -> ChangeSet:
    """Back to draft (undo of "mark agreed"): only while nobody has signed."""
    with store.work() as work:
        row = work.one(Agreement, agreement_id)
        if row.state != "agreed":
            raise ValidationError("Only an agreed version that nobody has signed can go back "
                                  "to draft.", "state")
        people = [p.id for p in work.list(Signatory, agreement_id=agreement_id)]
        if people and work.list(Signature, signatory_id=people):
            raise ValidationError("Someone has signed this version; amend it instead.", "state")
        row.state = "draft"
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
                     validation: str = "") -> tuple[int, ChangeSet]:
    """A signatory signs (typed name and drawn strokes); the version's state follows."""
    typed_name = validate.name(typed_name, "The typed name", field="typed_name")
    clean = _clean_strokes(strokes)
    with store.work() as work:
        person = work.one(Signatory, signatory_id)
        row = work.one(Agreement, person.agreement_id)
        existing = work.first(Signature, signatory_id=signatory_id)
        # A drawn signature may later be made digital, even once everybody has signed.
        upgrading = digital and existing is not None and not existing.digital
        if row.state not in rules.SIGNABLE_STATES and not (upgrading and row.state == "signed"):
            if row.state == "draft":
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
        if digital and cert_fingerprint and person.person_id is not None:
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
        if row.state == "superseded":
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
    if doc.state != "draft" and doc.fingerprint and rules.fingerprint(doc) != doc.fingerprint:
        raise StoreError(f"The text of “{doc.title}” version {doc.version} no longer matches "
                         "the fingerprint fixed when it was agreed; the plan file may have "
                         "been edited outside the program.")
    return doc


def tampered_texts(store: Store) -> list[str]:
    """Why each agreed or signed text no longer matches the fingerprint fixed when it was
    agreed (the plan was changed outside the program); empty when every one matches.
    The same test ``export agreement`` applies, for ``planner check``."""
    found = []
    with store.work() as work:
        for row in work.list(Agreement):
            if row.state != "draft" and row.id is not None:
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
    if doc.state not in rules.SIGNABLE_STATES | {"signed"}:
        raise ValidationError(
            "Only an agreed version can be signed: " + (
                "mark the text agreed first." if doc.state == "draft"
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
        if detail.state not in rules.SIGNABLE_STATES | {"signed"}:
            raise ValidationError(f"Version {detail.version} is "
                                  f"{rules.STATE_LABELS[detail.state].lower()}; it cannot be "
                                  "signed now.", "state")
        index, signatory = _choose_signatory(detail, signatory_id, who.name)
        return ExportJob(out, None, source, Path(identity), secret, rules.field_name(index),
                         signatory.id, signatory.name, signatory.role, signatory.organisation,
                         signatory.signature.strokes if signatory.signature else (), reason)
    return ExportJob(out, None, source, Path(identity), secret, "", None, who.name, who.role,
                     who.organisation, (), reason)


def run_export(job: ExportJob) -> ExportResult:
    """Render and/or sign and write the file. No database: safe on a worker thread."""
    from planner.reports.agreement_pdf import render_agreement
    from planner.reports.signing import FieldSpec, SigningError, StampInfo, signature_fields
    from planner.reports.signing import sign as sign_pdf

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
        cert_fingerprint=result.signer_fingerprint, digital=True,
        validation=f"signed {result.signed_field} of {result.path.name}")
    return changes


def export_agreement_pdf(store: Store, agreement_id: int, out: Path, sign: bool = False,
                         identity: str | Path | None = None, passphrase: str | None = None,
                         *, signatory_id: int | None = None,
                         reason: str = "I agree to this protocol") -> ExportResult:
    """Write the agreement to ``out``; with ``sign`` add both signature fields and sign one.

    Signing needs an agreed (frozen) version. The field signed is the signatory's given by
    ``signatory_id``, else the one whose name matches the identity, else the first unsigned.
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
        found = next(((i, p) for i, p in unsigned
                      if p.name.casefold() == cert_name.casefold()), None) or \
            (unsigned[0] if unsigned else None)
        if found is None:
            raise ValidationError("Every signatory has already signed digitally.", "signatory")
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
    from planner.reports.signing import SigningError, verify

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
    from planner.reports.signing import report_text

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
