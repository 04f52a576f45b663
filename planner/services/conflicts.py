"""The conflict-area register (services layer): create, edit, review, delete, export.

Every change of status, openness, treatment or rating is written to the area's history
with who made it and an optional note, in the same transaction as the change itself.
Input is validated as a whole before anything is written, so a refused edit saves nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain import conflicts as rules
from planner.domain.agreements import AgreementState
from planner.domain.partner_view import shared_with_partner
from planner.services import validate
from planner.services.changes import ChangeSet, ValidationError, current_user
from planner.services.edits import Writes
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    ConflictHistory,
    Opportunity,
    Organisation,
    PartnerAnswers,
    Person,
    Profile,
)

EDITABLE_FIELDS = (
    "opportunity_id", "title", "overlap_domain", "tension_type", "description", "drivers",
    "openness", "partner_view", "likelihood", "impact", "residual_likelihood",
    "residual_impact", "treatment", "separation", "owner_ours_id", "owner_theirs_id",
    "review_every_days", "next_review", "status", "identified_on", "confidential",
)

FIELD_LABELS = {
    "opportunity_id": "Partnership",
    "title": "Title",
    "overlap_domain": "Overlap domain",
    "tension_type": "Tension type",
    "description": "Description",
    "drivers": "Drivers",
    "openness": "Openness",
    "partner_view": "Partner's view",
    "likelihood": "Likelihood",
    "impact": "Impact",
    "residual_likelihood": "Residual likelihood",
    "residual_impact": "Residual impact",
    "treatment": "Treatment",
    "separation": "Separation",
    "owner_ours_id": "Our owner",
    "owner_theirs_id": "Partner's owner",
    "review_every_days": "Review every (days)",
    "next_review": "Next review",
    "status": "Status",
    "identified_on": "Identified on",
    "confidential": "Confidential",
}

_RATING_SCALE = {
    "likelihood": "1 (rare) to 5 (almost certain)",
    "residual_likelihood": "1 (rare) to 5 (almost certain)",
    "impact": "1 (insignificant) to 5 (severe)",
    "residual_impact": "1 (insignificant) to 5 (severe)",
}




def code(area_id: int | None) -> str:
    """The register reference shown to people, e.g. CA-007."""
    return f"CA-{area_id or 0:03d}"


# --------------------------------------------------------------------------- validation


def clean_value(work: UnitOfWork, name: str, value: Any) -> Any:
    """The value as it will be stored, or a ValidationError naming the field."""
    label = FIELD_LABELS.get(name)
    if label is None:
        raise ValidationError(f"Unknown conflict-area field {name!r}.", name)
    if name == "title":
        return validate.name(value, "The title", field=name)
    if name in ("overlap_domain", "tension_type"):
        return validate.text(value, label, field=name, max_len=validate.NAME_MAX)
    if name in ("description", "drivers", "partner_view"):
        return validate.text(value, label, field=name)
    if name in _RATING_SCALE:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError(
                f"{label} must be a whole number from {_RATING_SCALE[name]}; "
                f"{value!r} is not on the scale.", name)
        return value
    if name == "openness":
        if value not in rules.OPENNESS:
            raise ValidationError(
                rules.openness_problem(rules.Openness.INTERNAL, str(value), 0) or "", name)
        return value
    if name == "status":
        problem = rules.status_problem(str(value))
        if problem:
            raise ValidationError(problem, name)
        return value
    if name == "treatment":
        return _choice(value, rules.TREATMENTS, label, name)
    if name == "separation":
        return _choice(value, rules.SEPARATIONS, label, name)
    if name == "review_every_days":
        return validate.integer(value, label, field=name, low=1, high=3660)
    if name in ("next_review", "identified_on"):
        if value is not None and (not isinstance(value, dt.date)
                                  or isinstance(value, dt.datetime)):
            raise ValidationError(f"{label} must be a date.", name)
        return value
    if name == "confidential":
        if not isinstance(value, bool):
            raise ValidationError(f"{label} must be yes or no.", name)
        return value
    if name == "opportunity_id":
        if not isinstance(value, int) or work.get(Opportunity, value) is None:
            raise ValidationError("Choose the partnership this conflict area belongs to.", name)
        return value
    # owners
    if value is None:
        return None
    if not isinstance(value, int) or work.get(Person, value) is None:
        raise ValidationError(f"{label}: that person is no longer in the plan.", name)
    return value


def _choice(value: Any, allowed: Sequence[str], label: str, name: str) -> str:
    value = "" if value is None else value
    if value not in allowed:
        choices = ", ".join(a for a in allowed if a)
        raise ValidationError(f"{label} must be one of: {choices}.", name)
    return str(value)


def _check_dates(values: Mapping[str, Any], today: dt.date, *, new: bool) -> None:
    identified = values.get("identified_on")
    if identified is not None and identified > today:
        raise ValidationError(
            f"Identified on ({identified:%d %b %Y}) is in the future.", "identified_on")
    review = values.get("next_review")
    if new and review is not None and review < today:
        raise ValidationError(
            f"The first review of a new area cannot be in the past ({review:%d %b %Y}); "
            "choose today or a later date.", "next_review")


# --------------------------------------------------------------------------- links


def linked_sections(work: UnitOfWork, area_id: int,
                    opportunity_id: int | None = None) -> list[AgreementSection]:
    """Clauses (agreement sections) that name the area, in live (not superseded) agreements."""
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
    if cleaned.get("openness") == rules.Openness.AGREED:
        raise ValidationError(
            rules.openness_problem(rules.Openness.INTERNAL, rules.Openness.AGREED, 0) or "",
                              "openness")
    return cleaned


def _prepare_update(work: UnitOfWork, area: ConflictArea, values: Mapping[str, Any],
                    today: dt.date) -> dict[str, Any]:
    cleaned = {k: clean_value(work, k, v) for k, v in values.items()}
    _check_dates(cleaned, today, new=False)
    moving = cleaned.get("opportunity_id", area.opportunity_id) != area.opportunity_id
    if moving:
        assert area.id is not None
        handled_by = linked_sections(work, area.id)
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
        clauses = len(linked_sections(work, area.id, area.opportunity_id))
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
        sections = linked_sections(work, area_id)
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
        _check_deletable(work, area, linked_sections(work, area_id))


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


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class InternalArea:
    """An area still kept from the partner, as the question before linking it names it."""

    id: int
    title: str
    days: int  # since it was identified
    confidential: bool


def internal_areas(store: Store, area_ids: Sequence[int], *,
                   today: dt.date | None = None) -> list[InternalArea]:
    """Those of ``area_ids`` still "internal only": before one goes into agreement text the
    partner will read, the program asks whether it has been raised with them."""
    if not area_ids:
        return []
    today = today or dt.date.today()
    with store.work() as work:
        rows = work.list(ConflictArea, id=list(area_ids))
    return [InternalArea(a.id, a.title, (today - a.identified_on).days if a.identified_on
                         else 0, a.confidential)
            for a in rows if a.id is not None and a.openness == rules.Openness.INTERNAL]


def band_limits(store_or_work: Store | UnitOfWork) -> tuple[int, int, int]:
    """The organisation's band limits, or the defaults when none are set or they are unusable."""
    if isinstance(store_or_work, Store):
        with store_or_work.work() as work:
            return band_limits(work)
    profile = store_or_work.first(Profile)
    try:
        return rules.check_band_limits(profile.band_limits if profile else [])
    except ValueError:
        return rules.DEFAULT_BAND_LIMITS


def set_band_limits(store: Store, limits: Sequence[int]) -> ChangeSet:
    """Set the organisation's bands: the top score of low, medium and high."""
    try:
        cleaned = rules.check_band_limits(limits)
    except (ValueError, TypeError) as exc:
        raise ValidationError(str(exc), "band_limits") from None
    from planner.services.organisation import ensure_self

    with store.work() as work:
        _org, profile = ensure_self(work)
        old = list(profile.band_limits)
        profile.band_limits = list(cleaned)
        work.add(profile)
        if old != list(cleaned):
            work.audit("profile", profile.id, "set band_limits", str(list(cleaned)))
        return ChangeSet.of("profile", profile.id)


def get_area(store: Store, area_id: int) -> ConflictArea:
    with store.work() as work:
        return work.one(ConflictArea, area_id)


def values_of(area: ConflictArea, names: Sequence[str] = EDITABLE_FIELDS) -> dict[str, Any]:
    return {name: getattr(area, name) for name in names}


def history(store: Store, area_id: int) -> list[ConflictHistory]:
    """The area's history, newest first."""
    with store.work() as work:
        return work.list(ConflictHistory, order_by=("-at", "-id"), conflict_id=area_id)


def highest_residual_band(store_or_work: Store | UnitOfWork, opportunity_id: int) -> str | None:
    """The worst residual band of the opportunity's active areas; None when it has none.

    Screening's conflict-exposure criterion takes its level from here when the criterion's
    ``source`` is "conflict_register" (see :func:`exposure_level`).
    """
    if isinstance(store_or_work, Store):
        with store_or_work.work() as work:
            return highest_residual_band(work, opportunity_id)
    areas = store_or_work.list(ConflictArea, opportunity_id=opportunity_id)
    return rules.highest_band(areas, band_limits(store_or_work))


def exposure_level(store_or_work: Store | UnitOfWork, opportunity_id: int) -> int:
    """The 1..5 level for the conflict-exposure criterion: 1 no active area .. 5 critical."""
    return rules.exposure_level(highest_residual_band(store_or_work, opportunity_id))


def exposure_levels(store_or_work: Store | UnitOfWork) -> dict[int, int]:
    """Conflict-exposure levels of every opportunity with active areas, in two queries.

    The bulk form of :func:`exposure_level` for screening's whole-portfolio snapshot;
    opportunities with no active area are left out (their level is 1 when fed).
    """
    if isinstance(store_or_work, Store):
        with store_or_work.work() as work:
            return exposure_levels(work)
    limits = band_limits(store_or_work)
    by_opportunity: dict[int, list[ConflictArea]] = {}
    for area in store_or_work.list(ConflictArea):
        by_opportunity.setdefault(area.opportunity_id, []).append(area)
    levels = {}
    for opportunity_id, areas in by_opportunity.items():
        worst = rules.highest_band(areas, limits)
        if worst is not None:
            levels[opportunity_id] = rules.exposure_level(worst)
    return levels


@dataclass(frozen=True)
class StatusTrend:
    dates: tuple[dt.date, ...]
    counts: dict[str, list[int]]  # status -> count at each date


def status_trend(store: Store, *, months: int = 12, opportunity_id: int | None = None,
                 today: dt.date | None = None) -> StatusTrend:
    """How many areas were in each status at each month end, rebuilt from the history."""
    today = today or dt.date.today()
    query: dict[str, Any] = {}
    if opportunity_id is not None:
        query["opportunity_id"] = opportunity_id
    with store.work() as work:
        areas = work.list(ConflictArea, **query)
        ids = [a.id for a in areas if a.id is not None]
        rows = work.list(ConflictHistory, conflict_id=ids, field="status") if ids else []
    lives = [rules.AreaLife(a.id, a.identified_on, a.status) for a in areas
             if a.id is not None]
    changes = [rules.StatusChange(h.conflict_id, h.at.date(), h.old, h.new) for h in rows]
    dates = rules.month_ends(today, max(1, months))
    return StatusTrend(tuple(dates), rules.status_counts(lives, changes, dates))


def lint_agreement(store_or_work: Store | UnitOfWork, agreement_id: int) -> list[str]:
    """The protocol lint for one agreement: its partnership's areas against its clauses."""
    if isinstance(store_or_work, Store):
        with store_or_work.work() as work:
            return lint_agreement(work, agreement_id)
    agreement = store_or_work.one(Agreement, agreement_id)
    sections = store_or_work.list(AgreementSection, agreement_id=agreement_id)
    linked = {i for s in sections for i in (s.conflict_ids or [])}
    areas = store_or_work.list(ConflictArea, opportunity_id=agreement.opportunity_id)
    return rules.protocol_lint(areas, linked, band_limits(store_or_work))


@dataclass(frozen=True)
class Clause:
    section_id: int
    agreement_id: int
    agreement: str
    title: str
    state: str


@dataclass(frozen=True)
class RegisterRow:
    """One area as the register shows it: a detached snapshot with derived values."""

    id: int
    code: str
    opportunity_id: int
    partnership: str
    partner_id: int | None
    partner: str
    title: str
    overlap_domain: str
    tension_type: str
    description: str
    drivers: str
    openness: str
    partner_view: str
    likelihood: int
    impact: int
    residual_likelihood: int
    residual_impact: int
    treatment: str
    separation: str
    owner_ours_id: int | None
    owner_theirs_id: int | None
    owner_ours: str
    owner_theirs: str
    review_every_days: int
    next_review: dt.date | None
    status: str
    identified_on: dt.date | None
    confidential: bool
    inherent_score: int
    residual_score: int
    inherent_band: str
    residual_band: str
    overdue: bool
    days_overdue: int
    stale_internal: bool
    clauses: tuple[Clause, ...] = field(default=())
    # The partner's own rating, from their latest questionnaire answers (None: not asked or
    # not answered); it never changes ours.
    theirs_likelihood: int | None = None
    theirs_impact: int | None = None
    internal_days: int = 0  # days since it was identified, while still internal only

    @property
    def theirs_worse(self) -> bool:
        """The partner rates the area worse than we do (before treatment)."""
        if self.theirs_likelihood is None or self.theirs_impact is None:
            return False
        return self.theirs_likelihood * self.theirs_impact > self.likelihood * self.impact

    @property
    def theirs_score(self) -> int | None:
        """The partner's likelihood × impact (None until they have rated the area)."""
        if self.theirs_likelihood is None or self.theirs_impact is None:
            return None
        return self.theirs_likelihood * self.theirs_impact

    def theirs_text(self) -> str:
        """The partner's rating as the register words it — their score, "▲ worse" when they
        rate the area worse than we do, blank until they have rated it: the Conflicts view's
        Theirs column and the register's CSV/XLSX export."""
        score = self.theirs_score
        return "" if score is None else f"{score}{' ▲ worse' if self.theirs_worse else ''}"

    @property
    def needs_clause(self) -> bool:
        """Rated high or critical (after treatment) and handled by no agreement clause."""
        return (self.status not in rules.INACTIVE_STATUSES and not self.clauses
                and self.residual_band in rules.SERIOUS_BANDS)

    @property
    def flagged(self) -> bool:
        return self.overdue or self.stale_internal or self.needs_clause or self.theirs_worse

    def flag_text(self, *, long: bool = True) -> str:
        """Why the area is flagged — the same flags wherever they show: the Conflicts view
        (short in the table, long in the editor), the register's CSV/XLSX Flags column and
        ``planner report --json``."""
        parts = []
        days = self.days_overdue
        if self.overdue:
            parts.append(f"review {days} day{'s' if days != 1 else ''} overdue" if long
                         else f"review {days} d overdue")
        if self.stale_internal:
            n = self.internal_days
            parts.append(f"kept internal for {n} day{'s' if n != 1 else ''}, not yet raised "
                         "with the partner" if long else f"internal {n} d")
        if self.needs_clause:
            parts.append(f"rated {self.residual_band}, handled by no agreement clause" if long
                         else "needs a clause")
        if self.theirs_worse:
            parts.append("the partner rates it worse than we do" if long else "partner: worse")
        return (" · " if long else "; ").join(parts)


@dataclass(frozen=True)
class Register:
    rows: tuple[RegisterRow, ...]
    band_limits: tuple[int, int, int]
    partnerships: tuple[tuple[int, str], ...]  # (id, title) of every opportunity
    people: tuple[tuple[int, str, int], ...]  # (id, name, organisation id)
    today: dt.date
    self_organisation_id: int | None = None


def register(store: Store, *, today: dt.date | None = None,
             opportunity_id: int | None = None,
             area_ids: Sequence[int] | None = None) -> Register:
    """The whole register (or one partnership's), ready for a table, a heat map or a file.

    ``area_ids`` reads only those areas (the view refreshes the rows an edit touched).
    """
    today = today or dt.date.today()
    with store.work() as work:
        limits = band_limits(work)
        query: dict[str, Any] = {}
        if opportunity_id is not None:
            query["opportunity_id"] = opportunity_id
        if area_ids is not None:
            query["id"] = list(area_ids)
        areas = work.list(ConflictArea, **query)
        # A few rows (after an edit) read only what they refer to: ORM rows cost ~0.1 ms each.
        few = area_ids is not None
        opp_query: dict[str, Any] = {"id": [a.opportunity_id for a in areas]} if few else {}
        opportunities = work.list(Opportunity, order_by=("title", "id"), **opp_query)
        org_query: dict[str, Any] = (
            {"id": [o.partner_id for o in opportunities if o.partner_id]} if few else {})
        work_orgs = work.list(Organisation, **org_query)
        self_org = work.first(Organisation, is_self=True)
        organisations = {o.id: o.name for o in work_orgs}
        people_query: dict[str, Any] = (
            {"id": [i for a in areas for i in (a.owner_ours_id, a.owner_theirs_id) if i]}
            if few else {})
        people = work.list(Person, order_by=("name", "id"), **people_query)
        names = {p.id: p.name for p in people}
        agreement_query: dict[str, Any] = (
            {"opportunity_id": [a.opportunity_id for a in areas]} if few else {})
        agreements = {a.id: a for a in work.list(Agreement, **agreement_query)
                      if a.state != AgreementState.SUPERSEDED}
        clauses: dict[int, list[Clause]] = {}
        if agreements:
            for section in work.list(AgreementSection, order_by=("agreement_id", "position"),
                                     agreement_id=list(agreements)):
                agreement = agreements[section.agreement_id]
                for area_id in section.conflict_ids or []:
                    assert section.id is not None and agreement.id is not None
                    clauses.setdefault(area_id, []).append(Clause(
                        section.id, agreement.id, agreement.title, section.title,
                        agreement.state))
        theirs = _partner_ratings(work, {a.opportunity_id for a in areas})
    by_id = {o.id: o for o in opportunities}
    rows = []
    for area in areas:
        assert area.id is not None
        opportunity = by_id.get(area.opportunity_id)
        partner = organisations.get(opportunity.partner_id, "") if opportunity else ""
        inherent = rules.score(area.likelihood, area.impact)
        residual = rules.score(area.residual_likelihood, area.residual_impact)
        rows.append(RegisterRow(
            id=area.id, code=code(area.id), opportunity_id=area.opportunity_id,
            partnership=opportunity.title if opportunity else "",
            partner_id=opportunity.partner_id if opportunity else None, partner=partner,
            title=area.title, overlap_domain=area.overlap_domain,
            tension_type=area.tension_type, description=area.description,
            drivers=area.drivers, openness=area.openness, partner_view=area.partner_view,
            likelihood=area.likelihood, impact=area.impact,
            residual_likelihood=area.residual_likelihood,
            residual_impact=area.residual_impact, treatment=area.treatment,
            separation=area.separation, owner_ours_id=area.owner_ours_id,
            owner_theirs_id=area.owner_theirs_id,
            owner_ours=names.get(area.owner_ours_id, "") if area.owner_ours_id else "",
            owner_theirs=names.get(area.owner_theirs_id, "") if area.owner_theirs_id else "",
            review_every_days=area.review_every_days, next_review=area.next_review,
            status=area.status, identified_on=area.identified_on,
            confidential=area.confidential, inherent_score=inherent, residual_score=residual,
            inherent_band=rules.band(inherent, limits), residual_band=rules.band(residual, limits),
            overdue=rules.is_overdue(area, today), days_overdue=rules.days_overdue(area, today),
            stale_internal=rules.is_stale_internal(area, today),
            clauses=tuple(clauses.get(area.id, ())),
            theirs_likelihood=theirs.get(area.id, (None, None))[0],
            theirs_impact=theirs.get(area.id, (None, None))[1],
            internal_days=((today - area.identified_on).days
                           if area.openness == rules.Openness.INTERNAL and area.identified_on
                           else 0),
        ))
    return Register(
        rows=tuple(rows), band_limits=limits,
        partnerships=tuple((o.id, o.title) for o in opportunities if o.id is not None),
        people=tuple((p.id, p.name, p.organisation_id) for p in people if p.id is not None),
        today=today, self_organisation_id=self_org.id if self_org else None)


def _partner_ratings(work: UnitOfWork, opportunity_ids: set[int]) -> dict[int, tuple[int, int]]:
    """Area id -> (likelihood, impact) as the partner rated it in their latest round."""
    if not opportunity_ids:
        return {}
    latest: dict[int, PartnerAnswers] = {}
    for answers in work.list(PartnerAnswers, order_by=("received_on", "id"),
                             opportunity_id=sorted(opportunity_ids)):
        latest[answers.opportunity_id] = answers
    shared = {a.id for a in work.list(ConflictArea, opportunity_id=sorted(latest))
              if shared_with_partner(a.openness, a.confidential)} if latest else set()
    out: dict[int, tuple[int, int]] = {}
    for answers in latest.values():
        for rated in answers.answers.get("conflicts", []):
            lik, imp = rated.get("likelihood"), rated.get("impact")
            if rated.get("id") in shared and isinstance(lik, int) and isinstance(imp, int):
                out[rated["id"]] = (lik, imp)
    return out


# --------------------------------------------------------------------------- export

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "Ref"), ("partnership", "Partnership"), ("partner", "Partner"),
    ("title", "Title"), ("overlap_domain", "Overlap domain"), ("tension_type", "Tension type"),
    ("description", "Description"), ("drivers", "Drivers"), ("openness", "Openness"),
    ("partner_view", "Partner's view"), ("likelihood", "Likelihood"), ("impact", "Impact"),
    ("inherent_score", "Inherent score"), ("inherent_band", "Inherent band"),
    ("residual_likelihood", "Residual likelihood"), ("residual_impact", "Residual impact"),
    ("residual_score", "Residual score"), ("residual_band", "Residual band"),
    # The partner's own rating, from their latest questionnaire answers (blank before).
    ("theirs_likelihood", "Their likelihood"), ("theirs_impact", "Their impact"),
    ("theirs", "Theirs"),
    ("treatment", "Treatment"), ("separation", "Separation"), ("owner_ours", "Our owner"),
    ("owner_theirs", "Partner's owner"), ("review_every_days", "Review every (days)"),
    ("next_review", "Next review"), ("status", "Status"), ("identified_on", "Identified on"),
    ("confidential", "Confidential"), ("clauses", "Linked clauses"), ("flags", "Flags"),
)


def export_rows(reg: Register) -> list[list[Any]]:
    """Header row first, then one row per area: dates stay dates, numbers stay numbers."""
    table: list[list[Any]] = [[label for _, label in EXPORT_COLUMNS]]
    for row in sorted(reg.rows, key=lambda r: (r.partnership.casefold(), r.id)):
        values: list[Any] = []
        for name, _ in EXPORT_COLUMNS:
            if name == "clauses":
                values.append("; ".join(f"{c.agreement} — {c.title}" for c in row.clauses))
            elif name == "flags":
                values.append(row.flag_text(long=True))
            elif name == "theirs":
                values.append(row.theirs_text())
            elif name == "openness":
                values.append(rules.OPENNESS_LABELS.get(row.openness, row.openness))
            elif name == "status":
                values.append(rules.STATUS_LABELS.get(row.status, row.status))
            elif name in ("treatment", "separation"):
                text = str(getattr(row, name))  # as the editor shows it; own words kept
                values.append(text[:1].upper() + text[1:])
            elif name == "confidential":
                values.append("yes" if row.confidential else "no")
            else:
                values.append(getattr(row, name))
        table.append(values)
    return table


def export_register(store: Store, out: Path, *, rows: Sequence[int] | None = None,
                    today: dt.date | None = None, partnership_id: int | None = None,
                    include_confidential: bool = True) -> int:
    """Write the register to ``out`` (.csv or .xlsx); returns the number of areas written.

    ``rows`` limits the export to those area ids (the view exports what it shows);
    ``partnership_id`` to one partnership's areas; without ``include_confidential`` the
    confidential areas are left out (the command line's default, as in the board pack).
    """
    if partnership_id is not None:
        with store.work() as work:
            if work.get(Opportunity, partnership_id) is None:
                raise ValidationError(f"Partnership {partnership_id} does not exist.",
                                      "partnership")
    reg = register(store, today=today, opportunity_id=partnership_id)
    if not include_confidential:
        reg = dataclasses.replace(reg, rows=tuple(r for r in reg.rows if not r.confidential))
    if rows is not None:
        wanted = set(rows)
        reg = dataclasses.replace(reg, rows=tuple(r for r in reg.rows if r.id in wanted))
    table = export_rows(reg)
    suffix = out.suffix.lower()
    from planner.reports import register_export

    if suffix == ".csv":
        register_export.write_csv(table, out)
    elif suffix == ".xlsx":
        register_export.write_xlsx(table, out, title="Conflict register")
    else:
        raise ValidationError(f"{out.name}: the register can be written as .csv or .xlsx only.")
    return len(table) - 1
