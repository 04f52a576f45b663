"""Portfolio capacity rules (domain layer): strategic slots and the CEO's hours.

An experienced adviser's rule of thumb is that an organisation cannot lead more than six or
seven key strategic partnerships at once, so strategic partnerships fill a fixed number of
slots (the profile's limit, 7 by default). Filling the last slot is allowed with a warning;
one more strategic partnership is not, until the CEO makes room: move one to another tier,
pause it, exit it, or take the new one on at a lower tier. Operational and network
partnerships have no slots, but every pursued partnership spends CEO hours from a monthly
budget, and going over it is shown with the figure.

An opportunity's ``Stage`` (identified … pursued, paused, exited) and its ``Tier`` live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    """Where an opportunity is in its life, from first sight to partnership and beyond. The
    values are what plans store (a CHECK constraint holds them) and compare equal to the plain
    strings, ``Stage.PURSUED == "pursued"``, so stored data and exports are unchanged."""

    IDENTIFIED = "identified"
    SCREENING = "screening"
    PURSUED = "pursued"  # a partnership: it has a tier and spends CEO hours
    DEFERRED = "deferred"
    DECLINED = "declined"
    PAUSED = "paused"  # made room for another; may resume
    EXITED = "exited"


STAGES: tuple[str, ...] = tuple(Stage)
STAGE_LABELS: dict[str, str] = {  # read with the text a plan stores
    Stage.IDENTIFIED: "Identified", Stage.SCREENING: "Screening", Stage.PURSUED: "Pursued",
    Stage.DEFERRED: "Deferred", Stage.DECLINED: "Declined", Stage.PAUSED: "Paused",
    Stage.EXITED: "Exited"}


class Tier(StrEnum):
    """A pursued partnership's tier; the values are what plans store (and compare equal to
    the plain strings, so stored data and exports are unchanged)."""

    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    NETWORK = "network"


# Typed as plain strings: tiers arrive from the plan and from the user as text.
STRATEGIC: str = Tier.STRATEGIC
OPERATIONAL: str = Tier.OPERATIONAL
NETWORK: str = Tier.NETWORK
TIERS: tuple[str, ...] = tuple(Tier)
TIER_LABELS: dict[str, str] = {STRATEGIC: "Strategic", OPERATIONAL: "Operational",
                               NETWORK: "Network"}

OK = "ok"
LAST_SLOT = "last_slot"
OVER_LIMIT = "over_limit"


@dataclass(frozen=True)
class Engagement:
    """A pursued partnership as the capacity rules see it."""

    id: int
    title: str
    tier: str
    ceo_hours: float = 0.0  # estimated CEO hours per month


@dataclass(frozen=True)
class CapacityState:
    limit: int
    strategic_used: int
    hours_budget: float
    hours_used: float
    by_tier: dict[str, tuple[Engagement, ...]]

    @property
    def strategic_free(self) -> int:
        return max(0, self.limit - self.strategic_used)

    @property
    def status(self) -> str:
        if self.strategic_used > self.limit:
            return OVER_LIMIT
        if self.strategic_used == self.limit:
            return LAST_SLOT
        return OK

    @property
    def hours_over(self) -> float:
        return max(0.0, self.hours_used - self.hours_budget)

    @property
    def over_budget(self) -> bool:
        return self.hours_used > self.hours_budget + 1e-9

    def summary(self) -> str:
        slots = f"{self.strategic_used} of {self.limit} strategic slots used"
        if self.status == OVER_LIMIT:
            slots += f" ({self.strategic_used - self.limit} over the limit)"
        elif self.status == LAST_SLOT:
            slots += " (no slot free)"
        hours = f"{self.hours_used:g} of {self.hours_budget:g} CEO hours a month"
        if self.over_budget:
            hours += f" ({self.hours_over:g} over budget)"
        return f"{slots}; {hours}."


def capacity_state(engagements: Sequence[Engagement], limit: int,
                   hours_budget: float) -> CapacityState:
    by_tier: dict[str, tuple[Engagement, ...]] = {
        tier: tuple(e for e in engagements if e.tier == tier) for tier in TIERS}
    return CapacityState(
        limit=limit, strategic_used=len(by_tier[STRATEGIC]), hours_budget=hours_budget,
        hours_used=sum(e.ceo_hours for e in engagements), by_tier=by_tier)


@dataclass(frozen=True)
class Choice:
    """One way to make room for a new strategic partnership.

    ``kind``: "move" (target moves to ``tier``), "pause" or "exit" (target leaves the
    active portfolio), or "lower" (the new partnership is pursued at ``tier`` instead).
    """

    kind: str
    target_id: int
    tier: str = ""
    label: str = ""
    hours_after: float = 0.0  # the CEO's hours a month once this choice is made


@dataclass(frozen=True)
class PursueCheck:
    status: str  # ok / last_slot / over_limit
    message: str
    choices: tuple[Choice, ...] = ()
    hours_after: float = 0.0
    hours_budget: float = 0.0

    @property
    def needs_choice(self) -> bool:
        return self.status == OVER_LIMIT


def check_pursue(engagements: Sequence[Engagement], new: Engagement, limit: int,
                 hours_budget: float) -> PursueCheck:
    """What pursuing ``new`` at ``new.tier`` does to the portfolio.

    Re-deciding a partnership already in the portfolio replaces it rather than adding.
    """
    others = [e for e in engagements if e.id != new.id]
    hours_after = sum(e.ceo_hours for e in others) + new.ceo_hours
    used_after = sum(1 for e in others if e.tier == STRATEGIC) + (new.tier == STRATEGIC)
    hours_note = ""
    over_hours = hours_after > hours_budget + 1e-9
    if over_hours:
        hours_note = (f" CEO time would be {hours_after:g} hours a month against a budget of "
                      f"{hours_budget:g} ({hours_after - hours_budget:g} over).")
    if new.tier != STRATEGIC or used_after < limit:
        # "Fits" only when both limits hold; otherwise say which holds and which does not.
        if not over_hours:
            message = "Fits the portfolio: " + (
                f"{used_after} of {limit} strategic slots used" if new.tier == STRATEGIC
                else "no strategic slot needed") + (
                f", {hours_after:g} of {hours_budget:g} CEO hours a month.")
        else:
            slots = (f"The strategic slots allow it ({used_after} of {limit} used)"
                     if new.tier == STRATEGIC else
                     f"As {TIER_LABELS[new.tier].lower()} it needs no strategic slot")
            message = (f"{slots}, but the CEO's hours do not: {hours_after:g} hours a month "
                       f"against a budget of {hours_budget:g} ({hours_after - hours_budget:g} "
                       "over).")
        return PursueCheck(OK, message, hours_after=hours_after, hours_budget=hours_budget)
    if used_after == limit:
        return PursueCheck(
            LAST_SLOT, f"This fills {last_slot(limit)}: the next strategic "
            f"partnership will mean giving one up.{hours_note}",
            hours_after=hours_after, hours_budget=hours_budget)
    choices: list[Choice] = []
    for tier in (OPERATIONAL, NETWORK):
        choices.append(Choice("lower", new.id, tier,
                              f"Pursue “{new.title}” as {TIER_LABELS[tier].lower()} instead",
                              hours_after))
    for e in sorted((e for e in others if e.tier == STRATEGIC), key=lambda e: e.title.casefold()):
        for tier in (OPERATIONAL, NETWORK):
            choices.append(Choice("move", e.id, tier,
                                  f"Move “{e.title}” to {TIER_LABELS[tier].lower()}",
                                  hours_after))
        # Pausing or ending one frees its hours too.
        choices.append(Choice("pause", e.id, "", f"Pause “{e.title}”",
                              hours_after - e.ceo_hours))
        choices.append(Choice("exit", e.id, "", f"Exit “{e.title}”", hours_after - e.ceo_hours))
    return PursueCheck(
        OVER_LIMIT, f"{all_slots(limit)} taken. Make room first: move one "
        f"partnership to another tier, pause or exit one, or pursue “{new.title}” at a lower "
        f"tier.{hours_note}", tuple(choices), hours_after, hours_budget)


def apply_choice(engagements: Sequence[Engagement], new: Engagement,
                 choice: Choice) -> tuple[Engagement, list[Engagement]]:
    """The new partnership and the portfolio after ``choice`` (for previews and tests)."""
    others = [e for e in engagements if e.id != new.id]
    if choice.kind == "lower":
        return Engagement(new.id, new.title, choice.tier, new.ceo_hours), others
    changed: list[Engagement] = []
    for e in others:
        if e.id != choice.target_id:
            changed.append(e)
        elif choice.kind == "move":
            changed.append(Engagement(e.id, e.title, choice.tier, e.ceo_hours))
        # pause and exit take it out of the active portfolio
    return new, changed


def preferred_choice(check: PursueCheck) -> int:
    """Which choice to offer first: the first that keeps the CEO within the hours budget,
    else the one that leaves the fewest hours over (the dialog says it is still over)."""
    if not check.choices:
        return -1
    fitting = [i for i, c in enumerate(check.choices)
               if c.hours_after <= check.hours_budget + 1e-9]
    if fitting:
        return fitting[0]
    return min(range(len(check.choices)), key=lambda i: check.choices[i].hours_after)


def all_slots(limit: int) -> str:
    """The subject of "… taken" / "… filled": "All 7 strategic slots are", or with a limit of
    one "The one strategic slot is" (not "All 1 strategic slots are")."""
    return "The one strategic slot is" if limit == 1 else f"All {limit} strategic slots are"


def last_slot(limit: int) -> str:
    """ "the last of 7 strategic slots", or "the one strategic slot"."""
    return "the one strategic slot" if limit == 1 else f"the last of {limit} strategic slots"


def hours_line(hours_after: float, budget: float) -> str:
    """The CEO's hours after a choice, said plainly either way."""
    if hours_after > budget + 1e-9:
        return (f"CEO hours would be {hours_after:g} a month against a budget of {budget:g}: "
                f"{hours_after - budget:g} over budget.")
    return f"CEO hours would be {hours_after:g} of {budget:g} a month: within budget."
