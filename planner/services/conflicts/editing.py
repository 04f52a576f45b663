"""Changing the conflict register (services layer): create, edit, review, delete, restore.

Every change of status, openness, treatment or rating is written to the area's history
with who made it and an optional note, in the same transaction as the change itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planner.domain import conflicts as rules
from planner.domain.agreements import AgreementState
from planner.services.changes import ChangeSet, ValidationError, current_user
from planner.services.conflicts.fields import _check_dates, _check_order, clean_value
from planner.services.edits import Writes
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    ConflictHistory,
)

# --------------------------------------------------------------------------- links


def _linked_sections(work: UnitOfWork, area_id: int,
                    opportunity_id: int | None = None) -> list[AgreementSection]:
    """Clauses (agreement sections) that name the area, in live (not superseded) agreements
    (table rows, inside one unit of work: never handed out)."""
    query: dict[str, Any] = {}
    if opportunity_id is not None:
        query["opportunity_id"] = opportunity_id
    agreements = [a.id for a in work.list(Agreement, **query)
                  if a.state != AgreementState.SUPERSEDED]
    if not agreements:
        return []
    sections = work.list(AgreementSection, order_by=("agreement_id", "position"),
                         agreement_id=agreements)
    return [s for s in sections if area_id in (s.conflict_ids or [])]


# --------------------------------------------------------------------------- writing


def _prepare_new(work: UnitOfWork, values: Mapping[str, Any],
                 today: dt.date) -> dict[str, Any]:
    cleaned = {k: clean_value(work, k, v) for k, v in values.items()}
    for needed in ("opportunity_id", "title"):
        if needed not in cleaned:
            clean_value(work, needed, None)  # raises the field's own message
    cleaned.setdefault("residual_likelihood", cleaned.get("likelihood", 3))
    cleaned.setdefault("residual_impact", cleaned.get("impact", 3))
    cleaned.setdefault("identified_on", today)
    every = cleaned.get("review_every_days", 90)
    cleaned.setdefault("next_review", rules.next_review_after(today, every))
    _check_dates(cleaned, today, new=True)
    _check_order(cleaned, None, None)
    if cleaned.get("openness") == rules.Openness.AGREED:
        raise ValidationError(
            rules.openness_problem(rules.Openness.INTERNAL, rules.Openness.AGREED, 0) or "",
                              "openness")
    return cleaned


def _prepare_update(work: UnitOfWork, area: ConflictArea, values: Mapping[str, Any],
                    today: dt.date) -> dict[str, Any]:
    cleaned = {k: clean_value(work, k, v) for k, v in values.items()}
    _check_dates(cleaned, today, new=False)
    _check_order(cleaned, area.identified_on, area.next_review)
    moving = cleaned.get("opportunity_id", area.opportunity_id) != area.opportunity_id
    if moving:
        assert area.id is not None
        handled_by = _linked_sections(work, area.id)
        if handled_by:
            # A clause of one partnership's agreement cannot handle another's area.
            agreements = [work.one(Agreement, s.agreement_id) for s in handled_by]
            settled = next((a for a in agreements if a.state != AgreementState.DRAFT), None)
            if settled is not None:
                raise ValidationError(
                    f"“{area.title}” is named in the agreed text of “{settled.title}”, so it "
                    "stays with this partnership; close it and add a new area under the "
                    "other one.", "opportunity_id")
            raise ValidationError(
                f"“{area.title}” is handled by the clause “{handled_by[0].title}” of this "
                "partnership's draft agreement; unlink it first (Openness & review tab, "
                "Unlink), then move the area.", "opportunity_id")
    if "openness" in cleaned:
        assert area.id is not None
        clauses = len(_linked_sections(work, area.id, area.opportunity_id))
        problem = rules.openness_problem(area.openness, cleaned["openness"], clauses)
        if problem:
            raise ValidationError(problem, "openness")
    return cleaned


def check_new(store: Store, values: Mapping[str, Any], *,
              today: dt.date | None = None) -> None:
    """Raise the ValidationError :func:`create_area` would raise; writes nothing."""
    with store.work() as work:
        _prepare_new(work, values, today or dt.date.today())


def check_update(store: Store, area_id: int, values: Mapping[str, Any], *,
                 today: dt.date | None = None) -> None:
    """Raise the ValidationError :func:`update_area` would raise; writes nothing."""
    with store.work() as work:
        _prepare_update(work, work.one(ConflictArea, area_id), values,
                        today or dt.date.today())


def create_area(store: Store, values: Mapping[str, Any], *, who: str | None = None,
                note: str = "", today: dt.date | None = None) -> tuple[int, ChangeSet]:
    """Add a conflict area; returns its id. Residual ratings default to the inherent ones."""
    today = today or dt.date.today()
    with store.work() as work:
        cleaned = _prepare_new(work, values, today)
        area = work.add(ConflictArea(**cleaned))
        assert area.id is not None
        work.add(ConflictHistory(conflict_id=area.id, who=who or current_user(), field="created",
                                 new=area.title, note=note))
        work.audit("conflict_area", area.id, "create", area.title[:200])
        return area.id, _changes(area)


def update_area(store: Store, area_id: int, values: Mapping[str, Any], *,
                who: str | None = None, note: str = "", today: dt.date | None = None,
                expect: Writes = ()) -> ChangeSet:
    """Change fields of an area; status, openness, treatment and ratings go to history.

    ``expect``: the fields as the user saw them (planner/services/edits.py); the save is
    refused with EditClash, nothing written, when a colleague changed one since.
    """
    today = today or dt.date.today()
    with store.work(expect) as work:
        area = work.one(ConflictArea, area_id)
        cleaned = _prepare_update(work, area, values, today)
        before = {k: getattr(area, k) for k in cleaned}
        old_opportunity = area.opportunity_id
        for name, value in cleaned.items():
            setattr(area, name, value)
        work.add(area)
        changes = rules.tracked_changes(before, cleaned)
        person = who or current_user()
        for change in changes:
            work.add(ConflictHistory(conflict_id=area_id, who=person, field=change.field,
                                     old=change.old, new=change.new, note=note))
        if changes:
            work.audit("conflict_area", area_id, "update",
                       ", ".join(f"{c.field} {c.old}→{c.new}" for c in changes)[:500])
        result = _changes(area)
        if old_opportunity != area.opportunity_id:
            result = result | ChangeSet.of("opportunity", old_opportunity)
        return result


def record_review(store: Store, area_id: int, *, note: str = "", who: str | None = None,
                  today: dt.date | None = None) -> ChangeSet:
    """The area was reviewed today: the next review moves on by the review interval."""
    today = today or dt.date.today()
    with store.work() as work:
        area = work.one(ConflictArea, area_id)
        old = area.next_review
        area.next_review = rules.next_review_after(today, area.review_every_days)
        work.add(area)
        work.add(ConflictHistory(conflict_id=area_id, who=who or current_user(), field="review",
                                 old=_date_text(old), new=_date_text(area.next_review),
                                 note=note))
        return _changes(area)


def undo_review(store: Store, area_id: int, next_review: dt.date | None, *,
                who: str | None = None) -> ChangeSet:
    """Undo of :func:`record_review`: the next review goes back, and the history says the
    review was undone (it records what happened; it is not rewritten)."""
    with store.work() as work:
        area = work.one(ConflictArea, area_id)
        old = area.next_review
        area.next_review = next_review
        work.add(area)
        work.add(ConflictHistory(conflict_id=area_id, who=who or current_user(), field="review",
                                 old=_date_text(old), new=_date_text(next_review),
                                 note="review undone"))
        return _changes(area)


@dataclass(frozen=True)
class DeletedArea:
    """Everything needed to put a deleted area back exactly as it was (for undo)."""

    area: dict[str, Any]
    history: tuple[dict[str, Any], ...]
    section_ids: tuple[int, ...]


def delete_area(store: Store, area_id: int) -> tuple[DeletedArea, ChangeSet]:
    """Remove an area, its history and draft clauses' references to it.

    An area named by a clause of an agreed or signed agreement cannot be deleted: the link
    is part of what was agreed (and of the document's fingerprint). Close it instead.
    """
    with store.work() as work:
        area = work.one(ConflictArea, area_id)
        history = work.list(ConflictHistory, conflict_id=area_id)
        sections = _linked_sections(work, area_id)
        _check_deletable(work, area, sections)
        saved = DeletedArea(area.model_dump(), tuple(h.model_dump() for h in history),
                            tuple(s.id for s in sections if s.id is not None))
        for section in sections:
            section.conflict_ids = [i for i in section.conflict_ids if i != area_id]
            work.add(section)
        for row in history:
            work.delete(row)
        work.delete(area)
        work.audit("conflict_area", area_id, "delete", area.title[:200])
        changes = _changes(area)
        if sections:
            changes = changes | ChangeSet.of("agreement_section", *saved.section_ids)
        return saved, changes


def _check_deletable(work: UnitOfWork, area: ConflictArea,
                     sections: Sequence[AgreementSection]) -> None:
    settled = [work.one(Agreement, s.agreement_id) for s in sections]
    settled = [a for a in settled if a.state != AgreementState.DRAFT]
    if settled:
        raise ValidationError(
            f"“{area.title}” is handled by a clause of “{settled[0].title}”, which is "
            f"{settled[0].state.replace('_', ' ')}; set the area's status to Closed "
            "instead of deleting it.", "status")


def check_delete(store: Store, area_id: int) -> None:
    """Raise the ValidationError :func:`delete_area` would raise; writes nothing."""
    with store.work() as work:
        area = work.one(ConflictArea, area_id)
        _check_deletable(work, area, _linked_sections(work, area_id))


def restore_area(store: Store, saved: DeletedArea) -> ChangeSet:
    """Undo :func:`delete_area`: the same id, history and clause links come back."""
    with store.work() as work:
        area = work.add(ConflictArea(**saved.area))
        assert area.id is not None
        for row in saved.history:
            work.add(ConflictHistory(**row))
        for section_id in saved.section_ids:
            section = work.get(AgreementSection, section_id)
            if section is not None and area.id not in section.conflict_ids:
                section.conflict_ids = [*section.conflict_ids, area.id]
                work.add(section)
        work.audit("conflict_area", area.id, "restore", area.title[:200])
        changes = _changes(area)
        if saved.section_ids:
            changes = changes | ChangeSet.of("agreement_section", *saved.section_ids)
        return changes


def _changes(area: ConflictArea) -> ChangeSet:
    return (ChangeSet.of("conflict_area", area.id)
            | ChangeSet.of("conflict_history", area.id)
            | ChangeSet.of("opportunity", area.opportunity_id))


def _date_text(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()
