"""Partnership health rules (domain layer): inertia, fatigue and conflict-neglect signals.

Collaborations rarely fail loudly. First nobody is quite sure who is accountable and output
falls short (inertia); later people decide the effort is not worth it (fatigue). Each rule
below looks for one early sign and, when it finds it, says so in one plain sentence that
names the record it comes from, so the CEO can open it and act.

Everything here is pure: the facts come in as small frozen dataclasses built by the
services layer, the thresholds as a :class:`HealthSettings` (both in
``planner.domain.health_facts``, offered here too), and "today" is a parameter.
Boundaries are written out in each rule ("at least", "more than") and tested exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from planner.domain import conflicts as register
from planner.domain.health_facts import (
    AGREED_STATES,
    MEETING_KINDS,
    MEETING_STATES,
    OPEN_MILESTONE,
    SETTING_LABELS,
    ActionFacts,
    Cadence,
    ConflictFacts,
    HealthSettings,
    MeetingFacts,
    MilestoneCounts,
    MilestoneFacts,
    PartnershipFacts,
    cadence_from_data,
    frequency_days,
)

__all__ = [
    "AGREED_STATES", "AT_RISK", "CATEGORY_LABELS", "CONFLICT", "FATIGUE", "HEALTHY", "INERTIA",
    "MEETING_KINDS", "MEETING_STATES", "OPEN_MILESTONE", "RULES", "SETTING_LABELS", "STATES",
    "STATE_LABELS", "WATCH", "ActionFacts", "Cadence", "ConflictFacts", "Health",
    "HealthSettings", "MeetingFacts", "MilestoneCounts", "MilestoneFacts", "PartnershipFacts",
    "Signal", "actual_ceo_hours_per_month", "assess", "assess_all", "cadence_from_data",
    "count_by_state", "expected_meetings", "frequency_days", "held_vs_expected"]

HEALTHY, WATCH, AT_RISK = "healthy", "watch", "at_risk"
STATES = (HEALTHY, WATCH, AT_RISK)
STATE_LABELS = {HEALTHY: "Healthy", WATCH: "Watch", AT_RISK: "At risk"}

INERTIA, FATIGUE, CONFLICT = "inertia", "fatigue", "conflict"
CATEGORY_LABELS = {INERTIA: "Inertia", FATIGUE: "Fatigue", CONFLICT: "Conflict neglect"}



def _named(title: str, confidential: bool, unnamed: str) -> str:
    """A record as a sentence names it: its title in quotes, or — for a confidential one,
    which a board pack must not quote — only what it is ("open the record to read it")."""
    return unnamed if confidential else f"“{title}”"


# ------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class Signal:
    """One early sign, explained: a sentence and the record it comes from."""

    code: str
    category: str
    severity: str  # WATCH or AT_RISK
    sentence: str
    kind: str  # table name of the record the sentence is about
    record_id: int

    @property
    def link(self) -> tuple[str, int]:
        return (self.kind, self.record_id)


@dataclass(frozen=True)
class Health:
    partnership_id: int
    title: str
    state: str
    signals: tuple[Signal, ...] = ()
    reason: str = ""

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    def by_category(self, category: str) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.category == category)


@functools.lru_cache(maxsize=4096)  # 2,751 sentences at 100,000 milestones, far fewer days
def _d(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _weeks(days: int) -> str:
    weeks = days // 7
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _hours(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") + " h"


# ------------------------------------------------------------------------------ inertia


def slipping_milestones(p: PartnershipFacts, today: dt.date,
                        s: HealthSettings) -> list[Signal]:
    """Open leaf milestones forecast later than their baseline, or past their forecast.

    Several slipping milestones make one sentence naming the worst, so a partnership with
    a dozen small slips does not drown the others on the dashboard. Parent milestones are
    left out: their dates follow their children, which are already counted.
    """
    out: list[Signal] = []
    slips = sorted(((m.forecast - m.baseline).days, m.id, m) for m in p.milestones
                   if m.is_open and m.is_leaf and m.baseline is not None
                   and m.forecast is not None
                   and (m.forecast - m.baseline).days > s.slip_tolerance_days)
    counted = p.milestone_counts
    n_slips = len(slips) if counted is None else counted.slipping
    if slips:
        slip, _, m = max(slips, key=lambda x: (x[0], -x[1]))
        assert m.forecast is not None and m.baseline is not None
        severity = AT_RISK if slip >= s.slip_risk_days else WATCH
        if n_slips == 1:
            sentence = (f"“{m.title}” is now forecast for {_d(m.forecast)}, "
                        f"{_plural(slip, 'day')} after its baseline of {_d(m.baseline)}.")
        else:
            sentence = (f"{n_slips} milestones are forecast later than their baselines; "
                        f"the furthest behind, “{m.title}”, by {_plural(slip, 'day')} "
                        f"(now {_d(m.forecast)}).")
        out.append(Signal("milestone_slip", INERTIA, severity, sentence, "milestone", m.id))
    overdue = sorted(((m.forecast or m.baseline), m.id, m) for m in p.milestones
                     if m.is_open and m.is_leaf and (m.forecast or m.baseline) is not None
                     and (m.forecast or m.baseline) < today)  # type: ignore[operator]
    n_overdue = len(overdue) if counted is None else counted.overdue
    slipped = out[0] if out else None
    if slipped is not None and overdue and overdue[0][2].id == slipped.record_id:
        # The milestone that slipped furthest is also the oldest past its date: one
        # sentence says both (not "is now forecast for …" and "was due on …" twice over).
        target, _, m = overdue[0]
        assert target is not None and m.forecast is not None and m.baseline is not None
        late = (today - target).days
        behind = (m.forecast - m.baseline).days
        both = (f"was forecast for {_d(m.forecast)}, {_plural(behind, 'day')} after its "
                f"baseline of {_d(m.baseline)}, and is not done ({_plural(late, 'day')} late)")
        if n_slips == 1:
            sentence = f"“{m.title}” {both}"
        else:
            sentence = (f"{n_slips} milestones are forecast later than their baselines; "
                        f"the furthest behind, “{m.title}”, {both}")
        if n_overdue > 1:
            sentence += f"; {n_overdue} milestones are past their dates in all"
        serious = slipped.severity == AT_RISK or late >= s.slip_risk_days
        out[0] = dataclasses.replace(slipped, severity=AT_RISK if serious else WATCH,
                                     sentence=sentence + ".")
    elif overdue:
        target, _, m = overdue[0]
        assert target is not None
        late = (today - target).days
        if n_overdue == 1:
            sentence = (f"“{m.title}” was due on {_d(target)} and is not done "
                        f"({_plural(late, 'day')} late).")
        else:
            sentence = (f"{n_overdue} milestones are past their dates and not done; the "
                        f"oldest, “{m.title}”, was due on {_d(target)} "
                        f"({_plural(late, 'day')} late).")
        out.append(Signal("milestone_overdue", INERTIA,
                          AT_RISK if late >= s.slip_risk_days else WATCH, sentence,
                          "milestone", m.id))
    return out


def growing_slip(p: PartnershipFacts, today: dt.date, s: HealthSettings) -> list[Signal]:
    """Open milestones whose forecast moved later at each of the last N reviews.

    Several such milestones make one sentence naming the one that moved most, rather than
    a run of near-identical sentences."""
    need = max(1, s.slip_growth_reviews)
    growing: list[tuple[int, int, MilestoneFacts]] = []
    for m in p.milestones:
        if not m.is_open:
            continue
        series = list(m.snapshots)
        if m.forecast is not None and (not series or series[-1] != m.forecast):
            series.append(m.forecast)
        if len(series) < need + 1:
            continue
        tail = series[-(need + 1):]
        if all(later > earlier for earlier, later in pairwise(tail)):
            growing.append(((tail[-1] - tail[0]).days, m.id, m))
    if not growing:
        return []
    moved, _, m = max(growing, key=lambda x: (x[0], -x[1]))
    if len(growing) == 1:
        sentence = (f"The forecast for “{m.title}” has moved later at each of the last "
                    f"{_plural(need, 'review')} ({_plural(moved, 'day')} in all).")
    else:
        sentence = (f"The forecasts of {len(growing)} milestones have moved later at each of "
                    f"the last {_plural(need, 'review')}; “{m.title}” most, by "
                    f"{_plural(moved, 'day')} in all.")
    return [Signal("slip_growing", INERTIA, WATCH, sentence, "milestone", m.id)]


def overdue_actions(p: PartnershipFacts, today: dt.date, s: HealthSettings) -> list[Signal]:
    """Meeting actions past their due date and not done (one sentence for all of them)."""
    late = sorted((a for a in p.actions
                   if a.done_on is None and a.due_on is not None and a.due_on < today),
                  key=lambda a: (a.due_on, a.id))
    if not late:
        return []
    oldest = late[0]
    n_late = len(late) if p.overdue_actions is None else p.overdue_actions
    assert oldest.due_on is not None
    owner = f" ({oldest.owner})" if oldest.owner else " (no owner)"
    what = _named(oldest.text, oldest.confidential, "of a confidential meeting")
    if n_late == 1:
        sentence = (f"The action {what}{owner} was due on {_d(oldest.due_on)} "
                    "and is not done.")
    else:
        sentence = (f"{n_late} meeting actions are overdue; the oldest, "
                    f"{'an action ' + what if oldest.confidential else what}{owner}, was due "
                    f"on {_d(oldest.due_on)}.")
    severity = AT_RISK if n_late >= s.overdue_actions_risk else WATCH
    return [Signal("actions_overdue", INERTIA, severity, sentence, "meeting", oldest.meeting_id)]


def missing_leadership(p: PartnershipFacts, today: dt.date,
                       s: HealthSettings) -> list[Signal]:
    out: list[Signal] = []
    if not p.has_sponsor:
        out.append(Signal("no_sponsor", INERTIA, AT_RISK,
                          f"No executive sponsor is named for “{p.title}”.",
                          "opportunity", p.id))
    if not p.has_lead:
        out.append(Signal("no_lead", INERTIA, AT_RISK,
                          f"No day-to-day lead (person or division) is named for “{p.title}”.",
                          "opportunity", p.id))
    return out


def unowned_milestones(p: PartnershipFacts, today: dt.date,
                       s: HealthSettings) -> list[Signal]:
    """Open leaf milestones without an owner on our side or the partner's (one sentence)."""
    found: list[tuple[MilestoneFacts, str]] = []
    for m in p.milestones:
        if not m.is_open or not m.is_leaf or (m.owner_ours and m.owner_theirs):
            continue
        if not m.owner_ours and not m.owner_theirs:
            found.append((m, "no owner on either side"))
        elif not m.owner_ours:
            found.append((m, "no owner on our side"))
        else:
            found.append((m, "no owner on the partner's side"))
    if not found:
        return []
    # Name the worst case first: nobody at all, then our side, then theirs.
    rank = {"no owner on either side": 0, "no owner on our side": 1}
    m, missing = min(found, key=lambda x: (rank.get(x[1], 2), x[0].id))
    n_found = len(found) if p.milestone_counts is None else p.milestone_counts.unowned
    if n_found == 1:
        sentence = f"“{m.title}” has {missing}, so nobody is clearly accountable."
    else:
        sentence = (f"{n_found} milestones lack an owner on one side or both, so "
                    f"accountability is unclear; “{m.title}” has {missing}.")
    return [Signal("milestone_unowned", INERTIA, WATCH, sentence, "milestone", m.id)]


def missing_protocol(p: PartnershipFacts, today: dt.date, s: HealthSettings) -> list[Signal]:
    """Pursued for at least N weeks with no agreed (or signed) protocol."""
    if p.agreed_protocol or p.pursued_since is None:
        return []
    days = (today - p.pursued_since).days
    if days < s.protocol_weeks * 7:
        return []
    kind, ident = (("agreement", p.agreement_id) if p.agreement_id is not None
                   else ("opportunity", p.id))
    return [Signal("no_protocol", INERTIA, WATCH,
                   f"Pursued for {_weeks(days)} (since {_d(p.pursued_since)}) and no protocol "
                   "has been agreed yet.", kind, ident)]


# ------------------------------------------------------------------------------ fatigue


def _past_meetings(p: PartnershipFacts, today: dt.date) -> list[MeetingFacts]:
    """Meetings on or before today, newest first; a past 'planned' one was never recorded."""
    past = [m for m in p.meetings
            if m.held_on < today or (m.held_on == today and m.state != "planned")]
    return sorted(past, key=lambda m: (m.held_on, m.id), reverse=True)


def missed_meetings(p: PartnershipFacts, today: dt.date, s: HealthSettings) -> list[Signal]:
    """The most recent meetings cancelled, missed or never recorded, in a row."""
    streak: list[MeetingFacts] = []
    for m in _past_meetings(p, today):
        if m.state == "held":
            break
        streak.append(m)
    if not streak or len(streak) < max(1, s.missed_in_a_row):
        return []
    severity = AT_RISK if len(streak) >= s.missed_in_a_row_risk else WATCH
    oldest = streak[-1]
    return [Signal("meetings_missed", FATIGUE, severity,
                   f"The last {_plural(len(streak), 'meeting')} did not take place "
                   f"(cancelled, missed or never recorded) since {_d(oldest.held_on)}.",
                   "meeting", streak[0].id)]


def falling_attendance(p: PartnershipFacts, today: dt.date,
                       s: HealthSettings) -> list[Signal]:
    """Average attendance of the latest held meetings against the ones before them."""
    held = [m for m in _past_meetings(p, today) if m.state == "held"]
    r, b = max(1, s.attendance_recent), max(1, s.attendance_baseline)
    if len(held) < r + b:
        return []
    recent, before = held[:r], held[r:r + b]
    recent_sum = sum(m.attendees for m in recent)
    before_sum = sum(m.attendees for m in before)
    if before_sum == 0:
        return []
    # Integer arithmetic keeps the boundary exact: recent/r <= before/b * (1 - drop).
    if recent_sum * b * 100 > before_sum * r * (100 - s.attendance_drop_percent):
        return []
    drop = round(100 - 100 * (recent_sum / r) / (before_sum / b))
    return [Signal("attendance_falling", FATIGUE, WATCH,
                   f"Attendance has fallen by {drop}%: {recent_sum / r:.1f} people at the last "
                   f"{_plural(r, 'meeting')} against {before_sum / b:.1f} before.",
                   "meeting", recent[0].id)]


def actual_ceo_hours_per_month(p: PartnershipFacts, today: dt.date,
                               window_days: int) -> float:
    """CEO hours of held meetings in the window, as hours per 30 days.

    A partnership younger than the window is averaged over its own life (at least 30 days),
    so a busy first month is not diluted by months before it existed.
    """
    window = max(1, window_days)
    start = today - dt.timedelta(days=window)
    first = start + dt.timedelta(days=1)  # the first day counted
    if p.pursued_since is not None and p.pursued_since > start:
        start = first = p.pursued_since  # its first day is part of its life
        window = max(30, (today - start).days)
    hours = sum(m.ceo_hours for m in p.meetings
                if m.state == "held" and first <= m.held_on <= today)
    return hours * 30 / window


def hours_above_estimate(p: PartnershipFacts, today: dt.date,
                         s: HealthSettings) -> list[Signal]:
    actual = actual_ceo_hours_per_month(p, today, s.hours_window_days)
    estimate = p.est_ceo_hours_per_month
    eps = 1e-9
    if actual <= estimate * (100 + s.hours_tolerance_percent) / 100 + eps:
        return []
    if estimate <= 0:
        sentence = (f"The CEO is spending {_hours(actual)} a month on it and no estimate was "
                    "made at screening.")
        severity = WATCH
    else:
        over = round(100 * (actual - estimate) / estimate)
        sentence = (f"The CEO is spending {_hours(actual)} a month on it, {over}% above the "
                    f"{_hours(estimate)} estimated at screening.")
        risky = actual > estimate * (100 + s.hours_risk_percent) / 100 + eps
        severity = AT_RISK if risky else WATCH
    return [Signal("hours_above_estimate", FATIGUE, severity, sentence, "opportunity", p.id)]


def no_small_win(p: PartnershipFacts, today: dt.date, s: HealthSettings) -> list[Signal]:
    """No small win celebrated for at least N weeks (counting from the start if none yet)."""
    wins = [m.actual for m in p.milestones
            if m.small_win and m.status == "done" and m.actual is not None and m.actual <= today]
    last = max(wins) if wins else None
    basis = last or p.pursued_since
    if basis is None:
        return []
    days = (today - basis).days
    if days < s.small_win_weeks * 7:
        return []
    upcoming = sorted((m for m in p.milestones if m.small_win and m.is_open),
                      key=lambda m: (m.forecast or m.baseline or dt.date.max, m.id))
    kind, ident = ("milestone", upcoming[0].id) if upcoming else ("opportunity", p.id)
    if last is not None:
        sentence = f"No small win for {_weeks(days)}; the last was on {_d(last)}."
    else:
        sentence = f"No small win yet in the {_weeks(days)} since it began on {_d(basis)}."
    if upcoming:
        sentence += f" Next planned: “{upcoming[0].title}”."
    else:
        sentence += " None is planned."
    return [Signal("no_small_win", FATIGUE, WATCH, sentence, kind, ident)]


def expected_meetings(cadence: Cadence, start: dt.date, end: dt.date) -> int:
    """How many meetings of this cadence fall due between start and end (whole periods)."""
    if cadence.every_days <= 0 or end <= start:
        return 0
    return (end - start).days // cadence.every_days


def held_vs_expected(p: PartnershipFacts, today: dt.date,
                     window_days: int) -> list[tuple[Cadence, int, int]]:
    """(cadence, held, expected) for each line of the protocol.

    Each line is judged over the window or one of its own periods, whichever is longer (a
    termly meeting cannot fall due in a 90-day window), and never before the protocol began.
    Behind the cadence counts as a signal only once the protocol is agreed.
    """
    rows = []
    # Nothing can fall due before the protocol took effect (or, for a draft, before the
    # partnership began).
    began = p.protocol_since if p.protocol_since is not None else p.pursued_since
    for c in p.cadence:
        start = today - dt.timedelta(days=max(1, window_days, c.every_days))
        first = start + dt.timedelta(days=1)  # the first day counted
        if began is not None and began > start:
            start = first = began  # a meeting on the day it began counts
        held = sum(1 for m in p.meetings if m.state == "held" and first <= m.held_on <= today
                   and (not c.kind or m.kind == c.kind))
        rows.append((c, held, expected_meetings(c, start, today)))
    return rows


def behind_cadence(p: PartnershipFacts, today: dt.date, s: HealthSettings) -> list[Signal]:
    """Fewer meetings held than the agreed protocol expects."""
    out: list[Signal] = []
    if not p.agreed_protocol:
        return out
    for c, held, expected in held_vs_expected(p, today, s.cadence_window_days):
        if held >= expected:
            continue
        what = f"{c.kind} meetings" if c.kind else "meetings"
        severity = AT_RISK if held == 0 and expected >= 2 else WATCH
        kind, ident = (("agreement", p.agreement_id) if p.agreement_id is not None
                       else ("opportunity", p.id))
        span = max(s.cadence_window_days, c.every_days)
        out.append(Signal("behind_cadence", FATIGUE, severity,
                          f"{held} of {expected} {what} expected by the protocol were held "
                          f"in the last {_plural(span, 'day')}.", kind, ident))
    return out


# ------------------------------------------------------------------------------ conflicts


def neglected_conflicts(p: PartnershipFacts, today: dt.date,
                        s: HealthSettings) -> list[Signal]:
    """High or critical areas past their review date; areas still kept from the partner.

    Bands and both flags come from the conflict register's own rules, so the dashboard and
    the register never disagree about an area.
    """
    out: list[Signal] = []
    for c in p.conflicts:
        band = register.residual_band(c, p.band_limits)
        if band in register.SERIOUS_BANDS and register.is_overdue(c, today):
            assert c.next_review is not None
            late = register.days_overdue(c, today)
            out.append(Signal(
                "conflict_review_overdue", CONFLICT, AT_RISK,
                f"The {band} conflict area {_named(c.title, c.confidential, '(confidential)')} "
                f"was due for review on "
                f"{_d(c.next_review)} ({_plural(late, 'day')} ago).",
                "conflict_area", c.id))
    stale = [c for c in p.conflicts
             if register.is_stale_internal(c, today, s.internal_grace_days)]
    # A serious area nobody has raised with the partner and no clause handles is the
    # festering kind: named with its rating, the days kept internal and the missing clause,
    # and it weighs "at risk", not "watch".
    festering = [c for c in stale if c.handled is False
                 and register.residual_band(c, p.band_limits) in register.SERIOUS_BANDS]
    for c in sorted(festering, key=lambda c: (c.identified_on or today, c.id)):
        assert c.identified_on is not None
        days = (today - c.identified_on).days
        band = register.residual_band(c, p.band_limits)
        out.append(Signal(
            "conflict_unaddressed", CONFLICT, AT_RISK,
            f"The {band} conflict area {_named(c.title, c.confidential, '(confidential)')} "
            f"has been kept internal for {_plural(days, 'day')}, never raised with the "
            "partner, and no agreement clause handles it.", "conflict_area", c.id))
    internal = sorted((c for c in stale if c not in festering),
                      key=lambda c: (c.identified_on or today, c.id))
    if internal:
        first = internal[0]
        assert first.identified_on is not None
        days = (today - first.identified_on).days
        n_internal = len(internal) + p.quiet_internal
        if n_internal == 1:
            sentence = (f"The conflict area "
                        f"{_named(first.title, first.confidential, '(confidential)')} has been "
                        f"kept internal for {_plural(days, 'day')} (since "
                        f"{_d(first.identified_on)}) and not yet raised with the partner.")
        else:
            oldest = _named(first.title, first.confidential, "a confidential one")
            sentence = (f"{n_internal} conflict areas have not yet been raised with the "
                        f"partner; the oldest, {oldest}, has been kept internal for "
                        f"{_plural(days, 'day')} (since {_d(first.identified_on)}).")
        out.append(Signal("conflict_internal", CONFLICT, WATCH, sentence, "conflict_area",
                          first.id))
    return out


def perception_gap(p: PartnershipFacts, today: dt.date, s: HealthSettings) -> list[Signal]:
    """The partner sees something two levels or more differently from us: left unspoken,
    it festers like an unnamed conflict, so it is a topic for the next meeting."""
    if not p.perception_gaps:
        return []
    first = p.perception_gaps[0]
    more = len(p.perception_gaps) - 1
    sentence = (f"Perception gap: the partner's answers differ from ours by two levels or "
                f"more on {_plural(len(p.perception_gaps), 'question')} ({first}"
                + (f"; and {more} more" if more else "") + ").")
    return [Signal("perception_gap", CONFLICT, WATCH, sentence, "opportunity", p.id)]


RULES = (missing_leadership, slipping_milestones, growing_slip, overdue_actions,
         unowned_milestones, missing_protocol, missed_meetings, falling_attendance,
         hours_above_estimate, behind_cadence, no_small_win, neglected_conflicts,
         perception_gap)


def _merge_slips(signals: list[Signal], s: HealthSettings) -> list[Signal]:
    """One sentence per milestone: when the milestone that slipped furthest is also the one
    whose forecast keeps moving, say both in the slip's sentence rather than twice."""
    slip = next((x for x in signals if x.code == "milestone_slip"), None)
    growing = next((x for x in signals if x.code == "slip_growing"), None)
    if (slip is None or growing is None or growing.record_id != slip.record_id
            or not growing.sentence.startswith("The forecast for ")):
        return signals
    need = max(1, s.slip_growth_reviews)
    merged = dataclasses.replace(
        slip, sentence=f"{slip.sentence} Its forecast has moved later at each of the last "
                       f"{_plural(need, 'review')}.")
    return [merged if x is slip else x for x in signals if x is not growing]


def assess(p: PartnershipFacts, today: dt.date,
           settings: HealthSettings | None = None) -> Health:
    """The health of one partnership with every signal that caused it."""
    s = settings or HealthSettings()
    signals = _merge_slips([signal for rule in RULES for signal in rule(p, today, s)], s)
    risks = [x for x in signals if x.severity == AT_RISK]
    watches = [x for x in signals if x.severity == WATCH]
    if risks:
        state = AT_RISK
        reason = f"{_plural(len(risks), 'serious signal')}"
    elif watches and len(watches) >= max(1, s.watch_limit):
        state = AT_RISK
        reason = f"{len(watches)} warning signs together"
    elif watches:
        state = WATCH
        reason = _plural(len(watches), "warning sign")
    else:
        state = HEALTHY
        reason = "no warning signs"
    order = {AT_RISK: 0, WATCH: 1}
    ranked = tuple(sorted(signals, key=lambda x: order[x.severity]))
    return Health(p.id, p.title, state, ranked, reason)


def assess_all(partnerships: Iterable[PartnershipFacts], today: dt.date,
               settings: HealthSettings | None = None) -> list[Health]:
    return [assess(p, today, settings) for p in partnerships]


def count_by_state(health: Sequence[Health]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for h in health:
        counts[h.state] += 1
    return counts
