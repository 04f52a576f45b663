"""Reading conflict areas (services layer): one area, its history, bands, exposure, trend.

What is handed out are plain snapshots (AreaSnapshot, HistoryEntry), never ORM rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planner.domain import conflicts as rules
from planner.services.changes import ChangeSet, ValidationError
from planner.services.conflicts.fields import EDITABLE_FIELDS
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    ConflictHistory,
    Profile,
)

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


@dataclass(frozen=True)
class AreaSnapshot:
    """One conflict area as stored: its id and every field a user edits."""

    id: int
    opportunity_id: int
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
    review_every_days: int
    next_review: dt.date | None
    status: str
    identified_on: dt.date | None
    confidential: bool


@dataclass(frozen=True)
class HistoryEntry:
    """One line of an area's history: who changed what, when, and why."""

    at: dt.datetime
    who: str
    field: str
    old: str
    new: str
    note: str


def get_area(store: Store, area_id: int) -> AreaSnapshot:
    with store.work() as work:
        area = work.one(ConflictArea, area_id)
        assert area.id is not None
        return AreaSnapshot(id=area.id, **values_of(area))


def values_of(area: object, names: Sequence[str] = EDITABLE_FIELDS) -> dict[str, Any]:
    return {name: getattr(area, name) for name in names}


def history(store: Store, area_id: int) -> list[HistoryEntry]:
    """The area's history, newest first."""
    with store.work() as work:
        return [HistoryEntry(at=h.at, who=h.who, field=h.field, old=h.old, new=h.new,
                             note=h.note)
                for h in work.list(ConflictHistory, order_by=("-at", "-id"),
                                   conflict_id=area_id)]


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


def exposure_levels(store_or_work: Store | UnitOfWork, *, plain: bool = False) -> dict[int, int]:
    """Conflict-exposure levels of every opportunity with active areas, in two queries.

    The bulk form of :func:`exposure_level` for screening's whole-portfolio snapshot;
    opportunities with no active area are left out (their level is 1 when fed). Reads only
    the distinct combinations of the four columns the band needs (29,000 whole records
    took a second); ``plain=True`` reads whole records, for the test that compares the two.
    """
    if isinstance(store_or_work, Store):
        with store_or_work.work() as work:
            return exposure_levels(work, plain=plain)
    limits = band_limits(store_or_work)
    by_opportunity: dict[int, list[Any]] = {}
    areas: Sequence[Any] = (
        store_or_work.list(ConflictArea) if plain else store_or_work.distinct_rows(
            ConflictArea, ("opportunity_id", "status", "residual_likelihood",
                           "residual_impact")))
    for area in areas:
        by_opportunity.setdefault(area.opportunity_id, []).append(area)
    levels = {}
    for opportunity_id, found in by_opportunity.items():
        worst = rules.highest_band(found, limits)
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
