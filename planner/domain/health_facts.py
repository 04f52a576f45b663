"""The thresholds and the facts the health rules judge (domain layer).

The services layer reads a plan into these small frozen dataclasses; the rules in
``planner.domain.health`` (which offers every name here too) judge them with a
:class:`HealthSettings` as of a given day. The cadence a protocol's "meetings" section asks
for is read here from its words ("monthly", "every 6 weeks", "3 times a year").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from planner.domain import conflicts as register

OPEN_MILESTONE = frozenset({"not_started", "on_track", "at_risk", "late"})
AGREED_STATES = frozenset({"agreed", "partly_signed", "signed"})
MEETING_KINDS = ("strategic", "operational", "review")
MEETING_STATES = ("held", "cancelled", "missed", "planned")


# ------------------------------------------------------------------------------ settings


@dataclass(frozen=True)
class HealthSettings:
    """Thresholds of every rule. The defaults suit a school trust or charity CEO."""

    # Inertia
    slip_tolerance_days: int = 0  # a forecast MORE than this many days after baseline slips
    slip_risk_days: int = 42  # AT LEAST this many days late or slipped = at risk (half a term)
    slip_growth_reviews: int = 2  # forecast later at this many reviews IN A ROW = growing slip
    overdue_actions_risk: int = 3  # AT LEAST this many overdue actions = at risk
    protocol_weeks: int = 8  # pursued AT LEAST this many weeks with no agreed protocol
    # Fatigue
    missed_in_a_row: int = 2  # AT LEAST this many cancelled/missed meetings in a row
    missed_in_a_row_risk: int = 3
    attendance_recent: int = 2  # average attendance of the last N held meetings ...
    attendance_baseline: int = 3  # ... against the N held before them
    attendance_drop_percent: int = 25  # a fall of AT LEAST this percent is a signal
    hours_window_days: int = 90  # CEO hours per month are averaged over this window
    hours_tolerance_percent: int = 10  # MORE than estimate + this percent is a signal
    hours_risk_percent: int = 50  # MORE than estimate + this percent = at risk
    small_win_weeks: int = 8  # AT LEAST this many weeks without a small win
    cadence_window_days: int = 90  # meetings held vs expected over this window
    # Conflict neglect (the same rules as the conflict register's own flags)
    internal_grace_days: int = register.INTERNAL_GRACE_DAYS  # internal MORE than this long
    # Overall state
    watch_limit: int = 3  # AT LEAST this many watch signals add up to "at risk"

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> HealthSettings:
        """Settings from stored values, ignoring unknown keys and unusable values."""
        known = {f.name for f in fields(cls)}
        clean: dict[str, int] = {}
        for key, value in values.items():
            if key in known and isinstance(value, int) and not isinstance(value, bool) \
                    and value >= 0:
                clean[key] = value
        return replace(cls(), **clean)

    def as_dict(self) -> dict[str, int]:
        return {f.name: int(getattr(self, f.name)) for f in fields(self)}


SETTING_LABELS: dict[str, str] = {
    "slip_tolerance_days": "Days of slip tolerated before a milestone counts as slipping",
    "slip_risk_days": "Days of slip that put a partnership at risk",
    "slip_growth_reviews": "Reviews in a row with a later forecast (growing slip)",
    "overdue_actions_risk": "Overdue actions that put a partnership at risk",
    "protocol_weeks": "Weeks pursued without an agreed protocol",
    "missed_in_a_row": "Meetings cancelled or missed in a row",
    "missed_in_a_row_risk": "Meetings cancelled or missed in a row (at risk)",
    "attendance_recent": "Recent meetings compared for attendance",
    "attendance_baseline": "Earlier meetings compared for attendance",
    "attendance_drop_percent": "Fall in attendance (percent)",
    "hours_window_days": "Days over which CEO hours are averaged",
    "hours_tolerance_percent": "CEO hours above the estimate tolerated (percent)",
    "hours_risk_percent": "CEO hours above the estimate that put it at risk (percent)",
    "small_win_weeks": "Weeks without a small win",
    "cadence_window_days": "Days over which meetings held are compared with the protocol",
    "internal_grace_days": "Days a conflict area may stay internal-only",
    "watch_limit": "Watch signals that add up to at risk",
}


# ------------------------------------------------------------------------------ facts


@dataclass(frozen=True)
class MilestoneFacts:
    id: int
    title: str
    status: str = "not_started"
    baseline: dt.date | None = None
    forecast: dt.date | None = None
    actual: dt.date | None = None
    small_win: bool = False
    owner_ours: bool = True
    owner_theirs: bool = True
    is_leaf: bool = True
    # Forecast dates at successive reviews, oldest first.
    snapshots: tuple[dt.date, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_MILESTONE


@dataclass(frozen=True)
class MeetingFacts:
    id: int
    held_on: dt.date
    state: str = "held"
    kind: str = "operational"
    attendees: int = 0
    ceo_hours: float = 0.0


@dataclass(frozen=True)
class ActionFacts:
    id: int
    meeting_id: int
    text: str
    owner: str = ""
    due_on: dt.date | None = None
    done_on: dt.date | None = None
    confidential: bool = False  # its meeting is: the text is never quoted


@dataclass(frozen=True)
class ConflictFacts:
    """The fields of a conflict area the neglect rules read (a ``TrackedConflict``)."""

    id: int
    title: str
    likelihood: int = 3
    impact: int = 3
    residual_likelihood: int = 3
    residual_impact: int = 3
    openness: str = "internal"
    status: str = "open"
    next_review: dt.date | None = None
    identified_on: dt.date | None = None
    confidential: bool = False  # the title is never quoted
    handled: bool | None = None  # a clause of a live agreement handles it (None: not known)


@dataclass(frozen=True)
class Cadence:
    """One line of an agreed meeting protocol: a kind of meeting every so many days."""

    kind: str  # "" means any kind of meeting counts
    every_days: int


@dataclass(frozen=True)
class MilestoneCounts:
    """How many open leaf milestones slip past their baselines, are past their dates and
    lack an owner, when the facts carry only the milestones the rules name (the services
    count the rest in the database, for a plan kept for years)."""

    slipping: int = 0
    overdue: int = 0
    unowned: int = 0


@dataclass(frozen=True)
class PartnershipFacts:
    id: int
    title: str
    pursued_since: dt.date | None = None
    has_sponsor: bool = True
    has_lead: bool = True
    est_ceo_hours_per_month: float = 0.0
    agreed_protocol: bool = False
    protocol_since: dt.date | None = None  # when the agreed protocol took effect
    agreement_id: int | None = None  # the latest agreement (any state), for the link
    cadence: tuple[Cadence, ...] = ()
    milestones: tuple[MilestoneFacts, ...] = ()
    meetings: tuple[MeetingFacts, ...] = ()
    actions: tuple[ActionFacts, ...] = ()
    conflicts: tuple[ConflictFacts, ...] = ()
    band_limits: tuple[int, ...] = register.DEFAULT_BAND_LIMITS
    # Differences of two levels or more between our answers and the partner's latest
    # questionnaire round, as sentences (planner/domain/partner_view.py).
    perception_gaps: tuple[str, ...] = ()
    # None: every open milestone is in ``milestones`` and the rules count them there.
    milestone_counts: MilestoneCounts | None = None
    # How many actions are overdue when ``actions`` holds only the oldest (None: count them).
    overdue_actions: int | None = None
    # Conflict areas kept internal past the grace in a band below serious that are left
    # out of ``conflicts``, which holds the oldest of them (the rule counts the rest).
    quiet_internal: int = 0


# ------------------------------------------------------------------------------ helpers


# Days between meetings for the protocol's wording: 365 / meetings a year, rounded down,
# so "termly" (three terms) and the agreement's own meeting-load figures agree.
_WORDS: dict[str, int] = {
    "weekly": 7, "fortnightly": 14, "monthly": 30, "half-termly": 60, "half termly": 60,
    "every half term": 60, "termly": 121, "each term": 121, "every term": 121,
    "quarterly": 91, "twice a year": 182, "half-yearly": 182, "six-monthly": 182,
    "annually": 365, "yearly": 365, "annual": 365, "once a year": 365,
}


def frequency_days(value: object) -> int | None:
    """Days between meetings from a protocol's wording ("monthly", "every 6 weeks", 30)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value > 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip().casefold()
    if text in _WORDS:
        return _WORDS[text]
    match = re.search(r"every\s+(\d+)\s*(day|week|month)", text)
    if match:
        n, unit = int(match.group(1)), match.group(2)
        return n * {"day": 1, "week": 7, "month": 30}[unit] or None
    match = re.search(r"(\d+)\s*(?:times\s*)?(?:a|per)\s*(year|term|month)", text)
    if match:
        n, unit = int(match.group(1)), match.group(2)
        period = {"year": 365, "term": 121, "month": 30}[unit]
        return max(1, math.floor(period / n)) if n else None
    for word, days in _WORDS.items():
        if word in text:
            return days
    return None


def cadence_from_data(data: Mapping[str, Any]) -> tuple[Cadence, ...]:
    """The expected meeting cadence from the data of a protocol's "meetings" section.

    Accepts a list of rows under "cadence", "meetings", "rows" or "types", each with a kind
    ("kind" or "type") and a frequency ("every_days", "every_weeks", "every_months",
    "per_year" or words such as "monthly" under "frequency"/"cadence"/"every"). Rows that
    cannot be read are skipped rather than guessed.
    """
    rows: list[Any] = []
    for key in ("cadence", "meetings", "rows", "types"):
        value = data.get(key)
        if isinstance(value, list):
            rows = value
            break
    out: list[Cadence] = []
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        kind = str(row.get("kind") or row.get("type") or "").strip().casefold()
        kind = next((k for k in MEETING_KINDS if k in kind), "")
        days: int | None = None
        for key, scale in (("every_days", 1), ("every_weeks", 7), ("every_months", 30)):
            value = row.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
                days = int(value * scale)
                break
        if days is None:
            per_year = row.get("per_year")
            if isinstance(per_year, (int, float)) and not isinstance(per_year, bool) \
                    and per_year > 0:
                days = max(1, math.floor(365 / per_year))
        if days is None:
            for key in ("frequency", "cadence", "every", "how_often"):
                days = frequency_days(row.get(key))
                if days is not None:
                    break
        if days is not None:
            out.append(Cadence(kind, days))
    return tuple(out)
