"""Rules of the conflict-area register (domain layer): bands, workflow, flags and the lint.

A conflict area is a place where a partner is also a competitor (pupils, staff, funding,
reputation). It is rated like a risk on a 5 x 5 grid: likelihood x impact, before treatment
(inherent) and after (residual). Everything here works on any object with the right
attributes (a table row, a snapshot, a test double), so the rules are testable without a
database or a window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

# --------------------------------------------------------------------------- vocabularies

BANDS = ("low", "medium", "high", "critical")
DEFAULT_BAND_LIMITS = (4, 9, 15)  # upper bounds of low, medium and high; critical above
SERIOUS_BANDS = frozenset({"high", "critical"})



class Openness(StrEnum):
    """How far an area has been brought into the open with the partner. The values are
    what the plan stores (a CHECK constraint holds them): ``Openness.RAISED == "raised"``."""

    INTERNAL = "internal"  # not yet raised with the partner
    RAISED = "raised"
    JOINT = "joint"  # assessed together
    AGREED = "agreed"  # a protocol clause handles it


OPENNESS = tuple(Openness)
OPENNESS_LABELS: dict[str, str] = {  # read with the text a plan stores
    Openness.INTERNAL: "Internal only",
    Openness.RAISED: "Raised with partner",
    Openness.JOINT: "Jointly assessed",
    Openness.AGREED: "Protocol agreed",
}

# Status: where the area is in its life. "accepted" = we live with it by informed decision.
STATUSES = ("open", "monitoring", "escalated", "closed", "accepted")
STATUS_LABELS = {
    "open": "Open",
    "monitoring": "Monitoring",
    "escalated": "Escalated",
    "closed": "Closed",
    "accepted": "Accepted",
}
# Areas in these states are no longer active: no review is due and no clause is needed.
INACTIVE_STATUSES = frozenset({"closed"})

TREATMENTS = ("", "avoid", "reduce", "share", "accept", "exploit")
SEPARATIONS = ("", "activity", "time", "geography", "people", "customer group")
# Suggestions only: both fields are free text, so a user can name their own.
TENSION_TYPES = ("", "Strategic direction", "Task and resource allocation",
                 "Knowledge sharing vs protection", "Power", "Value capture", "Identity")
OVERLAP_DOMAINS = (
    "Pupil admissions", "Staff recruitment", "Funding bids",
    "School improvement and sponsorship", "Traded services", "Post-16 provision", "Estates",
    "Brand and media", "Data and information",
)

LIKELIHOOD_LABELS = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
IMPACT_LABELS = ("Insignificant", "Minor", "Moderate", "Major", "Severe")

INTERNAL_GRACE_DAYS = 30  # "internal only" for longer than this is flagged


class ConflictLike(Protocol):
    """The least a conflict area offers for banding and the protocol lint."""

    @property
    def id(self) -> int | None: ...

    @property
    def title(self) -> str: ...

    @property
    def residual_likelihood(self) -> int: ...

    @property
    def residual_impact(self) -> int: ...


class TrackedConflict(ConflictLike, Protocol):
    """A conflict area with the fields the review flags need."""

    @property
    def likelihood(self) -> int: ...

    @property
    def impact(self) -> int: ...

    @property
    def status(self) -> str: ...

    @property
    def openness(self) -> str: ...

    @property
    def next_review(self) -> dt.date | None: ...

    @property
    def identified_on(self) -> dt.date | None: ...


# --------------------------------------------------------------------------- bands


def check_band_limits(band_limits: Sequence[int]) -> tuple[int, int, int]:
    """The three upper bounds as a tuple; ValueError when they are not usable.

    They must rise strictly inside 1..24 so that every band holds at least one score.
    """
    limits = tuple(int(x) for x in band_limits)
    if len(limits) != 3:
        raise ValueError("Band limits need three numbers: the top score of low, medium and high.")
    low, medium, high = limits
    if not 1 <= low < medium < high < 25:
        raise ValueError(
            "Band limits must rise (low < medium < high) and lie between 1 and 24; "
            f"got {low}, {medium}, {high}.")
    return low, medium, high


def score(likelihood: int, impact: int) -> int:
    """Likelihood x impact, each 1..5."""
    return int(likelihood) * int(impact)


def band(score: int, band_limits: Sequence[int]) -> str:
    """'low', 'medium', 'high' or 'critical' for a score of likelihood x impact.

    ``band_limits`` are the upper bounds of low, medium and high (defaults 4, 9, 15).
    """
    low, medium, high = (tuple(band_limits) + DEFAULT_BAND_LIMITS[len(band_limits):])[:3]
    if score <= low:
        return "low"
    if score <= medium:
        return "medium"
    if score <= high:
        return "high"
    return "critical"


def band_rank(name: str | None) -> int:
    """0 for no band, 1 low .. 4 critical: for comparing and sorting bands."""
    return 0 if name is None else BANDS.index(name) + 1


def residual_band(area: ConflictLike, band_limits: Sequence[int]) -> str:
    return band(score(area.residual_likelihood, area.residual_impact), band_limits)


def inherent_band(area: TrackedConflict, band_limits: Sequence[int]) -> str:
    return band(score(area.likelihood, area.impact), band_limits)


def is_active(area: object) -> bool:
    return getattr(area, "status", "open") not in INACTIVE_STATUSES


def highest_band(areas: Iterable[ConflictLike], band_limits: Sequence[int]) -> str | None:
    """The worst residual band among the active areas, or None when there are none."""
    worst: str | None = None
    for area in areas:
        if not is_active(area):
            continue
        found = residual_band(area, band_limits)
        if band_rank(found) > band_rank(worst):
            worst = found
    return worst


# Screening's conflict-exposure criterion is a cost criterion scored 1..5; the register
# feeds it: no active area -> 1, then one level per band.
EXPOSURE_LEVELS = {None: 1, "low": 2, "medium": 3, "high": 4, "critical": 5}


def exposure_level(highest: str | None) -> int:
    return EXPOSURE_LEVELS[highest]


def heat_counts(cells: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Counts per (likelihood, impact) cell as ``counts[likelihood-1][impact-1]``."""
    counts = [[0] * 5 for _ in range(5)]
    for likelihood, impact in cells:
        if 1 <= likelihood <= 5 and 1 <= impact <= 5:
            counts[likelihood - 1][impact - 1] += 1
    return counts


# --------------------------------------------------------------------------- the lint


def protocol_lint(areas: Sequence[ConflictLike], linked_conflict_ids: Collection[int],
                  band_limits: Sequence[int]) -> list[str]:
    """One message per high or critical area (residual rating) that no clause handles.

    ``areas`` are the partnership's conflict areas; ``linked_conflict_ids`` the ids named by
    the agreement's clauses. Closed areas need no clause. An empty list means the agreement
    may be marked agreed or signed.
    """
    linked = set(linked_conflict_ids)
    messages: list[str] = []
    for area in areas:
        if not is_active(area) or area.id in linked:
            continue
        rating = residual_band(area, band_limits)
        if rating in SERIOUS_BANDS:
            # "Even after treatment" only when a treatment is recorded: otherwise the rating
            # is simply untreated, and saying so is the more useful nudge.
            treatment = str(getattr(area, "treatment", "") or "").strip()
            rated = (f"is rated {rating} even after treatment ({treatment})" if treatment
                     else f"is rated {rating} and no treatment is recorded")
            messages.append(f"Conflict area “{area.title}” {rated}, but no clause of the "
                            "agreement deals with it.")
    return messages


# --------------------------------------------------------------------------- workflow


def openness_problem(old: str, new: str, linked_clauses: int) -> str | None:
    """Why the openness cannot move from ``old`` to ``new``, or None when it can.

    "Protocol agreed" needs at least one agreement clause linked to the area: an area
    cannot be declared settled before a protocol says how it is handled.
    """
    if new not in OPENNESS:
        return f"“{new}” is not a known openness; use one of: " + ", ".join(
            OPENNESS_LABELS.values()) + "."
    if new == Openness.AGREED and old != Openness.AGREED and linked_clauses <= 0:
        return ("The area cannot be marked “Protocol agreed” until a clause of an agreement "
                "is linked to it. Link a clause in the Agreements view first.")
    return None


def status_problem(new: str) -> str | None:
    if new not in STATUSES:
        return f"“{new}” is not a known status; use one of: " + ", ".join(
            STATUS_LABELS.values()) + "."
    return None


# --------------------------------------------------------------------------- review flags


def next_review_after(last: dt.date, every_days: int) -> dt.date:
    return last + dt.timedelta(days=max(1, every_days))


def is_overdue(area: TrackedConflict, today: dt.date) -> bool:
    """An active area whose next review date has passed."""
    return is_active(area) and area.next_review is not None and area.next_review < today


def days_overdue(area: TrackedConflict, today: dt.date) -> int:
    if not is_overdue(area, today) or area.next_review is None:
        return 0
    return (today - area.next_review).days


def is_stale_internal(area: TrackedConflict, today: dt.date,
                      grace_days: int = INTERNAL_GRACE_DAYS) -> bool:
    """Still "internal only" more than ``grace_days`` after it was identified.

    Areas kept from the partner fester; the register nudges the CEO to raise them.
    """
    if not is_active(area) or area.openness != Openness.INTERNAL or area.identified_on is None:
        return False
    return (today - area.identified_on).days > grace_days


@dataclass(frozen=True)
class Flags:
    overdue: bool
    stale_internal: bool

    @property
    def any(self) -> bool:
        return self.overdue or self.stale_internal

    def describe(self) -> str:
        parts = []
        if self.overdue:
            parts.append("review overdue")
        if self.stale_internal:
            parts.append(f"internal only for more than {INTERNAL_GRACE_DAYS} days")
        return "; ".join(parts)


def flags(area: TrackedConflict, today: dt.date) -> Flags:
    return Flags(is_overdue(area, today), is_stale_internal(area, today))


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


# Changes to these fields are kept in the area's history (the issue asks for status and
# ratings; openness and treatment are part of the same story).
TRACKED_FIELDS = ("status", "openness", "likelihood", "impact", "residual_likelihood",
                  "residual_impact", "treatment")


def tracked_changes(before: dict[str, object], after: dict[str, object]) -> list[FieldChange]:
    """The tracked fields whose value differs between two snapshots, in a stable order."""
    changes: list[FieldChange] = []
    for name in TRACKED_FIELDS:
        if name in after and before.get(name) != after[name]:
            changes.append(FieldChange(name, _text(before.get(name)), _text(after[name])))
    return changes


def _text(value: object) -> str:
    return "" if value is None else str(value)


# --------------------------------------------------------------------------- status over time


@dataclass(frozen=True)
class StatusChange:
    conflict_id: int
    on: dt.date
    old: str
    new: str


@dataclass(frozen=True)
class AreaLife:
    id: int
    identified_on: dt.date | None
    status: str  # the status now


def month_ends(today: dt.date, months: int) -> list[dt.date]:
    """The last day of each of the ``months`` months up to today's month (today for it)."""
    ends: list[dt.date] = []
    year, month = today.year, today.month
    for _ in range(months):
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(min(today, following - dt.timedelta(days=1)))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return ends[::-1]


def status_counts(areas: Sequence[AreaLife], changes: Sequence[StatusChange],
                  dates: Sequence[dt.date]) -> dict[str, list[int]]:
    """How many areas were in each status at each date (from the status history).

    An area counts from the day it was identified. Before its first recorded change it was
    in that change's old status; with no change recorded it has always had today's status.
    """
    by_area: dict[int, list[StatusChange]] = {}
    for change in sorted(changes, key=lambda c: c.on):
        by_area.setdefault(change.conflict_id, []).append(change)
    counts = {status: [0] * len(dates) for status in STATUSES}
    for area in areas:
        history = by_area.get(area.id, [])
        for i, day in enumerate(dates):
            if area.identified_on is not None and area.identified_on > day:
                continue
            status = area.status
            earlier = [c for c in history if c.on <= day]
            if earlier:
                status = earlier[-1].new
            elif history:
                status = history[0].old or history[0].new
            if status in counts:
                counts[status][i] += 1
    return counts
