"""Drafting an agreement (services layer): create, edit, sections, tables, clause links.

Each write is one unit of work that returns a ChangeSet; frozen versions refuse edits.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planner.domain import agreements as rules
from planner.services import saved_rows, validate
from planner.services.agreements.reading import _fill, _parties, get_agreement, load_templates
from planner.services.agreements.snapshots import MAX_SECTIONS, SectionSnapshot, _changes
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Writes
from planner.services.saved_rows import SavedRows
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    Opportunity,
    Person,
    Signatory,
    Signature,
)


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
        if row.state != rules.AgreementState.DRAFT:
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


def check_agreement_dates(start: dt.date | None, end: dt.date | None, field: str = "") -> None:
    """An agreement in effect from a day after its review is refused, in the form's words."""
    validate.date_order(start, end, "The agreement's dates", field=field,
                        names=("“In effect from”", "“Review by”"))


def update_agreement(store: Store, agreement_id: int, field_name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    cleaned = clean_agreement_value(field_name, value)
    with store.work(expect) as work:
        row = _editable(work, agreement_id)
        start = cleaned if field_name == "effective_from" else row.effective_from
        end = cleaned if field_name == "review_on" else row.review_on
        check_agreement_dates(start, end, field_name)
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


