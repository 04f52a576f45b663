"""Opportunities (services layer): create, change one field (validated first), delete and
put back; a score with its evidence; a gate's answer, with an override's reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from planner.domain.capacity import Stage
from planner.domain.screening import (
    GATE_RESULTS,
)
from planner.services import saved_rows, validate
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Writes
from planner.services.saved_rows import SavedRows
from planner.services.screening.snapshot import CONTEXT_CHOICES, FIELD_LABELS, RESOURCE_KINDS
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    ConflictArea,
    Criterion,
    CriterionScore,
    Decision,
    Gate,
    GateResult,
    Meeting,
    Milestone,
    Opportunity,
    Organisation,
    Person,
)

# --------------------------------------------------------------------------- opportunities


def _opportunity_changes(*ids: int | None) -> ChangeSet:
    return ChangeSet.of("opportunity", *ids)


def _resources(value: Any, label: str, name: str) -> list[dict[str, str]]:
    if not isinstance(value, (list, tuple)):
        raise ValidationError(f"{label} must be a list.", name)
    cleaned = []
    for item in value:
        if not isinstance(item, Mapping):
            raise ValidationError(f"{label}: each entry needs a description and a kind.", name)
        what = validate.text(item.get("what", ""), label, field=name,
                             max_len=validate.NAME_MAX * 5).strip()
        kind = str(item.get("kind", "")).strip().casefold()
        if not what:
            raise ValidationError(f"{label}: an entry cannot be empty.", name)
        if kind not in RESOURCE_KINDS:
            raise ValidationError(
                f"{label}: “{what}” must be tagged knowledge, money or authority.", name)
        cleaned.append({"what": what, "kind": kind})
    return cleaned


def clean_opportunity_value(work: UnitOfWork, name: str, value: Any) -> Any:
    """The value as it will be stored, or a ValidationError naming the field."""
    label = FIELD_LABELS.get(name)
    if label is None:
        raise ValidationError(f"Unknown opportunity field {name!r}.", name)
    if name == "title":
        return validate.name(value, label, field=name)
    if name in ("purpose", "goals", "trust_note", "notes"):
        return validate.text(value, label, field=name)
    if name in ("source", "lead_division"):
        return validate.text(value, label, field=name, max_len=validate.NAME_MAX).strip()
    if name in CONTEXT_CHOICES:
        text = str(value or "").strip().casefold()
        if text not in CONTEXT_CHOICES[name]:
            allowed = ", ".join(c for c in CONTEXT_CHOICES[name] if c)
            raise ValidationError(f"{label} must be one of {allowed}.", name)
        return text
    if name in ("we_give", "we_get"):
        return _resources(value, label, name)
    if name in ("sponsor_id", "lead_id"):
        if value is None:
            return None
        ident = validate.integer(value, label, field=name)
        if work.get(Person, ident) is None:
            raise ValidationError(f"{label} is not a known person.", name)
        return ident
    if name == "partner_id":
        if value is None:
            return None
        ident = validate.integer(value, label, field=name)
        org = work.get(Organisation, ident)
        if org is None or org.is_self:
            raise ValidationError(f"{label} is not a known partner organisation.", name)
        return ident
    if name == "boundary_spanners":
        if not isinstance(value, (list, tuple)):
            raise ValidationError(f"{label} must be a list of people.", name)
        idents = []
        for v in value:
            ident = validate.integer(v, label, field=name)
            if work.get(Person, ident) is None:
                raise ValidationError(f"{label}: person {ident} is not known.", name)
            if ident not in idents:
                idents.append(ident)
        return idents
    if name in ("rests_on_funding", "rests_on_endorsement"):
        if not isinstance(value, bool):
            raise ValidationError(f"{label} must be yes or no.", name)
        return value
    if name == "est_ceo_hours_per_month":
        return validate.number(value, label, field=name, low=0, high=744)
    if name == "est_staff_hours_per_month":
        return validate.number(value, label, field=name, low=0, high=100_000)
    return validate.number(value, label, field=name, low=0, high=1e12)  # cost, income


def check_opportunity_value(store: Store, name: str, value: Any) -> Any:
    """Validate one field without saving it (the view checks before pushing an undo step)."""
    with store.work() as w:
        return clean_opportunity_value(w, name, value)


def create_opportunity(store: Store, title: str, *,
                       partner_id: int | None = None) -> tuple[ChangeSet, int]:
    with store.work() as w:
        cleaned = clean_opportunity_value(w, "title", title)
        partner = clean_opportunity_value(w, "partner_id", partner_id)
        row = w.add(Opportunity(title=cleaned, partner_id=partner, stage=Stage.SCREENING,
                                date_identified=dt.date.today()))
        assert row.id is not None
        w.audit("opportunity", row.id, "created", cleaned)
        return _opportunity_changes(row.id), row.id


def update_opportunity(store: Store, opportunity_id: int, name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    with store.work(expect) as w:
        row = w.one(Opportunity, opportunity_id)
        cleaned = clean_opportunity_value(w, name, value)
        _set_field(w, "opportunity", row, name,
                   list(cleaned) if isinstance(cleaned, list) else cleaned)
    return _opportunity_changes(opportunity_id)


def _set_field(w: UnitOfWork, entity: str, row: Any, name: str, value: Any) -> None:
    """Store one cleaned field; the audit log hears of it only when the value changed."""
    old = getattr(row, name)
    setattr(row, name, value)
    w.add(row)
    if old != value:
        w.audit(entity, row.id, f"set {name}", str(value)[:200])


def _remove(w: UnitOfWork, entity: str, row: Any, children: Sequence[Any], action: str,
            detail: str) -> SavedRows:
    """Delete a row and the rows hanging from it, keeping them all for an undo."""
    ident = row.id
    saved = saved_rows.remove(w, row, *children)
    w.audit(entity, ident, action, detail)
    return saved


def _delete_blocker(w: UnitOfWork, row: Opportunity) -> str | None:
    for model, what in ((ConflictArea, "conflict areas"), (Agreement, "agreements"),
                        (Milestone, "milestones"), (Meeting, "meetings")):
        if w.count(model, opportunity_id=row.id):
            return (f"“{row.title}” has {what}, so it cannot be deleted; decline it instead "
                    "(it stays on record and searchable).")
    return None


def delete_blocker(store: Store, opportunity_id: int) -> str | None:
    """Why an opportunity cannot be deleted, or None when it can."""
    with store.work() as w:
        return _delete_blocker(w, w.one(Opportunity, opportunity_id))


def delete_opportunity(store: Store, opportunity_id: int) -> tuple[ChangeSet, SavedRows]:
    """Remove an opportunity and its screening; refused once other areas hold records for it."""
    with store.work() as w:
        row = w.one(Opportunity, opportunity_id)
        blocker = _delete_blocker(w, row)
        if blocker:
            raise ValidationError(blocker)
        children = [*w.list(CriterionScore, opportunity_id=opportunity_id),
                    *w.list(GateResult, opportunity_id=opportunity_id),
                    *w.list(Decision, opportunity_id=opportunity_id)]
        saved = _remove(w, "opportunity", row, children, "deleted", row.title)
    return _opportunity_changes(opportunity_id) | ChangeSet.of("decision"), saved


def restore_rows(store: Store, saved: SavedRows) -> ChangeSet:
    """Put back rows a delete or remove took away (undo)."""
    changes = saved.changes()
    with store.work() as w:
        saved_rows.restore(w, saved)
        w.audit("screening", None, "restored", ", ".join(
            f"{m.__tablename__} {v.get('id')}" for m, v in saved.rows[:20]))
    return changes


# --------------------------------------------------------------------------- scores and gates


def set_score(store: Store, opportunity_id: int, criterion_id: int, level: int | None,
              evidence: str, *, expect: Writes = ()) -> ChangeSet:
    if level is not None:
        level = validate.integer(level, "The level", field="level", low=1, high=5)
    evidence = validate.text(evidence, "The evidence note", field="evidence")
    with store.work(expect) as w:
        w.one(Opportunity, opportunity_id)
        criterion = w.one(Criterion, criterion_id)
        row = w.first(CriterionScore, opportunity_id=opportunity_id, criterion_id=criterion_id)
        if row is None:
            row = CriterionScore(opportunity_id=opportunity_id, criterion_id=criterion_id)
        if (row.level, row.evidence) != (level, evidence) or row.id is None:
            row.level, row.evidence = level, evidence
            w.add(row)
            w.audit("opportunity", opportunity_id, f"scored {criterion.name}",
                    f"{level if level is not None else 'unscored'}")
    return _opportunity_changes(opportunity_id) | ChangeSet.of("criterion_score", row.id)


def set_gate_result(store: Store, opportunity_id: int, gate_id: int, result: str,
                    rationale: str = "", *, overridden: bool = False,
                    override_reason: str = "", expect: Writes = ()) -> ChangeSet:
    if result not in GATE_RESULTS:
        raise ValidationError("A gate is pass, fail or unknown.", "result")
    rationale = validate.text(rationale, "The rationale", field="rationale")
    override_reason = validate.text(override_reason, "The reason for the override",
                                    field="override_reason")
    if overridden and result != "fail":
        overridden, override_reason = False, ""
    if overridden and not override_reason.strip():
        raise ValidationError("Overriding a failed gate needs a recorded reason.",
                              "override_reason")
    with store.work(expect) as w:
        w.one(Opportunity, opportunity_id)
        gate = w.one(Gate, gate_id)
        row = w.first(GateResult, opportunity_id=opportunity_id, gate_id=gate_id)
        if row is None:
            row = GateResult(opportunity_id=opportunity_id, gate_id=gate_id)
        before = (row.result, row.rationale, row.overridden, row.override_reason)
        row.result, row.rationale = result, rationale
        row.overridden, row.override_reason = overridden, override_reason
        w.add(row)
        if before != (result, rationale, overridden, override_reason):
            action = "overrode" if overridden and not before[2] else "answered"
            w.audit("opportunity", opportunity_id, f"{action} gate {gate.name}",
                    f"{result}; {override_reason or rationale}"[:200])
    return _opportunity_changes(opportunity_id) | ChangeSet.of("gate_result", row.id)
