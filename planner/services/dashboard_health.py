"""The health of the pursued partnerships (services layer): the facts the rules judge.

Reads what screening, conflicts, agreements, timelines and the meeting log record and turns
it into the pure facts ``planner.domain.health`` judges; the thresholds saved with the plan;
meetings held against the protocol's cadence. The dashboard's summary
(``planner.services.dashboard``) and ``portfolio_health`` both judge these facts, so the
window, the board pack and ``planner report`` never disagree.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, TypeVar

from planner.domain import conflicts as register
from planner.domain import health, partner_view
from planner.domain.capacity import Stage
from planner.domain.screening import Outcome
from planner.services.changes import ChangeSet, ValidationError
from planner.services.meetings import protocol_cadence
from planner.services.organisation import ensure_self
from planner.store import commits, health_reads
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    CriterionScore,
    Decision,
    GateResult,
    Meeting,
    MeetingAction,
    Milestone,
    MilestoneSnapshot,
    Opportunity,
    PartnerAnswers,
    Profile,
    Signatory,
    Signature,
)

T = TypeVar("T")
UPCOMING_DAYS = 30  # the dashboard lists the milestones due in the next 30 days
RECENT_WIN_DAYS = 60  # and the small wins of the last 60
# Every table the health facts and the dashboard's summary read: what they found is kept
# until a commit may have changed one of them (commits.version). A test checks the list
# against the statements they run.
HEALTH_TABLES: tuple[str, ...] = ("organisation", *(
    str(model.__tablename__) for model in (
        Opportunity, Profile, Decision, Milestone, MilestoneSnapshot, Meeting, MeetingAction,
        ConflictArea, Agreement, AgreementSection, PartnerAnswers, GateResult,
        CriterionScore, Signatory, Signature)))
_KEPT: weakref.WeakKeyDictionary[Store, dict[str, tuple[Any, dict[Any, Any]]]] = \
    weakref.WeakKeyDictionary()
KEEP_AT_MOST = 8  # answers kept per kind of question (days, partnerships asked about)


def remembered(store: Store, what: str, key: Any, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave before for the same ``what`` and ``key`` if no
    commit since may have changed the tables it reads (HEALTH_TABLES): a refresh after an
    edit elsewhere (a dependency, a person's details), or a second view asking for the same
    figures, reads nothing again. The token is asked before computing, so a commit made
    meanwhile makes the next one differ: a stale answer is never given."""
    version = commits.version(store, HEALTH_TABLES)
    kept = _KEPT.setdefault(store, {})
    seen, answers = kept.get(what, (None, {}))
    if seen != version:
        answers = {}
        kept[what] = (version, answers)
    if key in answers:
        return answers[key]
    value = compute()
    if len(answers) >= KEEP_AT_MOST:
        answers.pop(next(iter(answers)))
    answers[key] = value
    return value

# ------------------------------------------------------------------------------ settings


def health_settings(store: Store) -> health.HealthSettings:
    """The thresholds saved with the plan (profile settings), defaults for the rest."""
    with store.work() as work:
        _, profile = ensure_self(work)
    return settings_of(profile)


def settings_of(profile: Profile) -> health.HealthSettings:
    saved = (profile.settings or {}).get("health", {})
    return health.HealthSettings.from_mapping(saved if isinstance(saved, dict) else {})


def effective(s: health.HealthSettings) -> health.HealthSettings:
    """The thresholds the rules apply: a watch threshold set beyond its at-risk one gives
    way to it. Kept as typed, "missed in a row" 9 with "(at risk)" 3 showed five meetings
    missed in a row as healthy; a slip tolerated for 100 days hid a 50-day slip "at risk
    from 42"; likewise CEO hours. The Health rules tab still shows what was typed."""
    return replace(s, slip_tolerance_days=min(s.slip_tolerance_days,
                                              max(0, s.slip_risk_days - 1)),
                   missed_in_a_row=min(s.missed_in_a_row, s.missed_in_a_row_risk),
                   hours_tolerance_percent=min(s.hours_tolerance_percent, s.hours_risk_percent))


def set_health_setting(store: Store, name: str, value: object) -> tuple[int, ChangeSet]:
    """Change one threshold; returns the old value (for undo)."""
    defaults = health.HealthSettings().as_dict()
    if name not in defaults:
        raise ValidationError(f"Unknown health setting {name!r}.", name)
    label = health.SETTING_LABELS[name]
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
        raise ValidationError(f"{label}: give a whole number from 0 to 3650.", name)
    with store.work() as work:
        _, profile = ensure_self(work)
        settings = dict(profile.settings or {})
        current = dict(settings.get("health") or {})
        old = int(current.get(name, defaults[name]))
        current[name] = value
        settings["health"] = current
        profile.settings = settings
        work.add(profile)
        work.audit("profile", profile.id, f"health setting {name}", str(value))
    return old, ChangeSet.of("profile", profile.id) | ChangeSet.of("health")


# ------------------------------------------------------------------------------ facts


def _pursued_since(opp: Opportunity, decisions: Sequence[Decision]) -> dt.date | None:
    if opp.start_date is not None:
        return opp.start_date
    pursue = [d.decided_on for d in decisions if d.outcome == Outcome.PURSUE]
    return max(pursue) if pursue else None


def _group(rows: Sequence[Any], key: str) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = {}
    for row in rows:
        out.setdefault(getattr(row, key), []).append(row)
    return out


MILESTONE_COLUMNS = ("id", "opportunity_id", "parent_id", "title", "status", "baseline_date",
                     "forecast_date", "due_date", "actual_date", "small_win", "owner_ours_id",
                     "owner_theirs_id", "celebration_note")
AREA_COLUMNS = ("id", "opportunity_id", "title", "likelihood", "impact", "residual_likelihood",
                "residual_impact", "openness", "status", "next_review", "identified_on",
                "confidential")
# Beyond this many owners, one read of the whole table (filtered here) beats a long IN list.
LONG_IN = 2000


def _owned_by(work: UnitOfWork, model: Any, names: Sequence[str], key: str,
              owners: Sequence[Any], order_by: Sequence[str], plain: bool,
              **equal: Any) -> list[Any]:
    """Rows of ``model`` whose ``key`` is one of ``owners`` (and matching ``equal``, unless
    ``plain``): plain rows of ``names``, or whole records when ``plain``."""
    if not owners:
        return []
    if plain:
        return list(work.list(model, order_by=order_by, **{key: list(owners)}))
    if len(owners) <= LONG_IN:
        return list(work.columns(model, names, order_by=order_by,
                                 **{key: list(owners)}, **equal))
    wanted = set(owners)
    return [r for r in work.columns(model, names, order_by=order_by, **equal)
            if getattr(r, key) in wanted]


def _milestones(work: UnitOfWork, ids: list[int], plain: bool) -> tuple[list[Any], set[Any]]:
    """(the milestones of the partnerships ``ids`` the rules and the lists look at, in the
    plan's order; the ids of every milestone that has steps under it)."""
    if plain:
        rows = work.list(Milestone, opportunity_id=ids, order_by=("position", "id"))
        return rows, {m.parent_id for m in rows if m.parent_id is not None}
    # Every rule and list reads open milestones or small wins only (health.py: slips,
    # overdue, growing slips and owners of open ones; the last win; upcoming and recent
    # wins): a plan kept for years is mostly steps long done, read here only as parents.
    names = (*MILESTONE_COLUMNS, "position")
    open_ = work.columns(Milestone, names, opportunity_id=ids,
                         status=sorted(health.OPEN_MILESTONE), order_by=())
    wins = work.columns(Milestone, names, opportunity_id=ids, small_win=True, order_by=())
    rows = sorted({m.id: m for m in (*open_, *wins)}.values(), key=lambda m: (m.position, m.id))
    return rows, work.distinct(Milestone, "parent_id") - {None}


def read_facts(work: UnitOfWork, opps: Sequence[Opportunity], band_limits: Sequence[int], *,
               loaded: dict[str, list[Any]] | None = None,
               all_areas: Sequence[Any] | None = None,
               all_agreements: Sequence[Agreement] | None = None,
               plain: bool = False, today: dt.date | None = None,
               settings: health.HealthSettings | None = None,
               ) -> list[health.PartnershipFacts]:
    """The facts of ``opps``. ``all_areas`` / ``all_agreements``: every conflict area /
    agreement of the plan, already read (in any order), so they are not read again;
    ``loaded`` receives the milestones read here (the dashboard lists them too).
    ``plain``: read whole records of every milestone, as before the fast path (the tests
    compare the two). ``today`` (not ``plain``, no ``all_areas``): read only the conflict
    areas a rule can name as of then (health_reads.flaggable_areas). ``today`` and ``settings``
    (not ``plain``): read only the meetings and forecast snapshots the rules can read with
    these settings as of then (:func:`planner.store.health_reads.recent_meetings`); the
    facts then serve those rules only."""
    ids = [o.id for o in opps if o.id is not None]
    if not ids:
        if loaded is not None:
            loaded["milestones"] = []
        return []

    def read(model: Any, names: Sequence[str] | None, **equal: Any) -> Sequence[Any]:
        return work.list(model, **equal) if plain else work.columns(model, names, **equal)

    # One query per table, then grouped by owner: linear in the size of the plan. Plain
    # rows of the columns the rules read, not records (a plan may hold 100,000 milestones).
    decisions = _group(read(Decision, ("opportunity_id", "decided_on", "outcome"),
                            opportunity_id=ids, order_by=("decided_on",)), "opportunity_id")
    tally: dict[int, health_reads.MilestoneTally] | None = None
    if plain or today is None or settings is None:
        milestones, parents = _milestones(work, ids, plain)
    else:
        # Asked of the database: the snapshots of open milestones with enough of them to
        # show a growing slip, and the milestones a rule or a list can name, with the
        # counts the rules say (a plan kept for years has tens of thousands open).
        need = max(1, settings.slip_growth_reviews)
        snaps = _group(health_reads.series_snapshots(
            work, ids, sorted(health.OPEN_MILESTONE), need), "milestone_id")
        # A growing slip needs the last ``need`` forecasts at review to rise each time
        # (health.growing_slip, whether or not the current forecast follows them): only
        # those milestones are read (at 100,000 milestones, 3,656 have a series).
        rising = [ident for ident, series in snaps.items()
                  if all(earlier.forecast_date < later.forecast_date
                         for earlier, later in pairwise(series[-need:]))]
        milestones, tally = health_reads.named_milestones(
            work, ids, today, open_statuses=sorted(health.OPEN_MILESTONE),
            slip_tolerance=settings.slip_tolerance_days,
            listed=(today, today + dt.timedelta(days=UPCOMING_DAYS)),
            wins_since=today - dt.timedelta(days=RECENT_WIN_DAYS), also=rising)
        parents = work.distinct(Milestone, "parent_id") - {None}
    if loaded is not None:
        loaded["milestones"] = milestones
    agreements_of: dict[Any, list[Agreement]] = {}
    if all_agreements is not None:  # newest first, as protocol_cadence reads them
        for ag in sorted(all_agreements, key=lambda a: (a.version, a.id or 0), reverse=True):
            agreements_of.setdefault(ag.opportunity_id, []).append(ag)
    protocols = {opp.id: protocol_cadence(
        work, opp.id, None if all_agreements is None else agreements_of.get(opp.id, []))
        for opp in opps if opp.id is not None}
    actions: dict[Any, list[Any]] = {}
    late_actions: dict[int, int] | None = None
    if plain or today is None or settings is None:
        snaps = _group(_owned_by(work, MilestoneSnapshot, ("milestone_id", "forecast_date"),
                                 "milestone_id", [m.id for m in milestones],
                                 ("taken_on", "id"), plain), "milestone_id")
        meetings = read(Meeting, health_reads.MEETING_COLUMNS, opportunity_id=ids,
                        order_by=("held_on", "id"))
        meeting_opp = {m.id: m.opportunity_id for m in meetings}
        confidential_meetings = {m.id for m in meetings if m.confidential}
        # Only actions not done yet: the one rule on actions (overdue_actions) reads no
        # other.
        for a in _owned_by(work, MeetingAction, ("id", "meeting_id", "text", "owner", "due_on",
                                                 "done_on"), "meeting_id", list(meeting_opp),
                           ("id",), plain, done_on=None):
            actions.setdefault(meeting_opp[a.meeting_id], []).append(a)
    else:
        # Asked of the database: the meetings the fatigue rules can read (the streak since
        # the last held one, the latest held ones for attendance, the hours and cadence
        # windows); the oldest overdue action of each partnership, and how many.
        reach = max(1, settings.hours_window_days, settings.cadence_window_days)
        meetings = health_reads.recent_meetings(
            work, ids, today,
            keep_held=max(1, settings.attendance_recent) + max(1, settings.attendance_baseline),
            since=today - dt.timedelta(days=reach),
            since_of={i: today - dt.timedelta(days=max(reach, *(c.every_days for c in cadence)))
                      for i, (cadence, _a, _l) in protocols.items() if cadence})
        oldest, late_actions = health_reads.oldest_overdue_actions(work, ids, today)
        confidential_meetings = {a.meeting_id for a in oldest if a.confidential}
        for a in oldest:
            actions.setdefault(a.opportunity_id, []).append(a)
    wanted = set(ids)
    pruned = not plain and (all_areas is not None or today is not None)
    quiet: dict[int, int] = {}
    if all_areas is None and pruned:
        assert today is not None
        all_areas, quiet = health_reads.flaggable_areas(
            work, AREA_COLUMNS, today, inactive=register.INACTIVE_STATUSES,
            serious_from=serious_from(band_limits), internal=register.Openness.INTERNAL.value,
            grace_days=None if settings is None else settings.internal_grace_days)
    areas = _group(read(ConflictArea, AREA_COLUMNS, opportunity_id=ids) if all_areas is None else
                   sorted((a for a in all_areas if a.opportunity_id in wanted),
                          key=lambda a: a.id or 0), "opportunity_id")
    milestones_of = _group(milestones, "opportunity_id")
    meetings_of = _group(meetings, "opportunity_id")
    gaps_of = _perception_gaps(work, ids, None if pruned else areas)
    # Which areas a clause of a live agreement handles (the register's "needs a clause").
    live = [a.id for a in (all_agreements if all_agreements is not None else
                           work.list(Agreement, opportunity_id=ids))
            if a.opportunity_id in wanted and a.state != "superseded" and a.id is not None]
    handled = {i for section in (work.list(AgreementSection, agreement_id=live) if live else [])
               for i in section.conflict_ids or []}

    out: list[health.PartnershipFacts] = []
    for opp in opps:
        assert opp.id is not None
        cadence, agreed, latest = protocols[opp.id]
        protocol_since = None
        linked = agreed or latest
        if agreed is not None:
            protocol_since = agreed.effective_from or agreed.agreed_on
        ms = tuple(
            health.MilestoneFacts(
                id=m.id, title=m.title, status=m.status, baseline=m.baseline_date,
                forecast=m.forecast_date or m.due_date, actual=m.actual_date,
                small_win=m.small_win, owner_ours=m.owner_ours_id is not None,
                owner_theirs=m.owner_theirs_id is not None, is_leaf=m.id not in parents,
                snapshots=tuple(s.forecast_date for s in snaps.get(m.id, ())
                                if s.forecast_date is not None))
            for m in milestones_of.get(opp.id, ()) if m.id is not None)
        out.append(health.PartnershipFacts(
            id=opp.id, title=opp.title,
            pursued_since=_pursued_since(opp, decisions.get(opp.id, [])),
            has_sponsor=opp.sponsor_id is not None,
            has_lead=opp.lead_id is not None or bool(opp.lead_division.strip()),
            est_ceo_hours_per_month=opp.est_ceo_hours_per_month,
            agreed_protocol=agreed is not None, protocol_since=protocol_since,
            agreement_id=linked.id if linked is not None else None,
            cadence=cadence, milestones=ms,
            meetings=tuple(health.MeetingFacts(
                id=m.id, held_on=m.held_on, state=m.state, kind=m.kind,
                attendees=len(m.attendees), ceo_hours=m.ceo_hours)
                for m in meetings_of.get(opp.id, ()) if m.id is not None),
            actions=tuple(health.ActionFacts(
                id=a.id, meeting_id=a.meeting_id, text=a.text, owner=a.owner,
                due_on=a.due_on, done_on=a.done_on,
                confidential=a.meeting_id in confidential_meetings)
                for a in actions.get(opp.id, ()) if a.id is not None),
            conflicts=tuple(health.ConflictFacts(
                id=c.id, title=c.title, likelihood=c.likelihood, impact=c.impact,
                residual_likelihood=c.residual_likelihood, residual_impact=c.residual_impact,
                openness=c.openness, status=c.status, next_review=c.next_review,
                identified_on=c.identified_on, confidential=c.confidential,
                handled=c.id in handled)
                for c in areas.get(opp.id, ()) if c.id is not None),
            band_limits=tuple(band_limits),
            perception_gaps=gaps_of.get(opp.id, ()),
            milestone_counts=None if tally is None else health.MilestoneCounts(
                *tally.get(opp.id, (0, 0, 0))),
            overdue_actions=None if late_actions is None else late_actions.get(opp.id, 0),
            quiet_internal=quiet.get(opp.id, 0),
        ))
    return out


def serious_from(band_limits: Sequence[int]) -> int:
    """The lowest residual score (likelihood x impact) in a serious band (26: none is)."""
    return min((n for n in range(1, 26)
                if register.band(n, band_limits) in register.SERIOUS_BANDS), default=26)


def _perception_gaps(work: UnitOfWork, ids: Sequence[int],
                     areas: dict[Any, list[Any]] | None) -> dict[int, tuple[str, ...]]:
    """Per partnership, the differences of two levels or more between our answers and the
    partner's latest questionnaire round (planner/domain/partner_view.py). ``areas``: every
    area of ``ids`` by partnership, or None to read those of partnerships answered."""
    latest: dict[int, PartnerAnswers] = {}
    for row in work.list(PartnerAnswers, opportunity_id=list(ids),
                         order_by=("received_on", "id")):
        latest[row.opportunity_id] = row
    if not latest:
        return {}
    results = _group(work.list(GateResult, opportunity_id=list(latest)), "opportunity_id")
    scores = _group(work.list(CriterionScore, opportunity_id=list(latest)), "opportunity_id")
    if areas is None:
        areas = _group(work.columns(ConflictArea, AREA_COLUMNS, opportunity_id=sorted(latest)),
                       "opportunity_id")
    out: dict[int, tuple[str, ...]] = {}
    for oid, row in latest.items():
        comparison = partner_view.compare(
            row.answers, {r.gate_id: r.result for r in results.get(oid, [])},
            {c.criterion_id: c.level for c in scores.get(oid, [])},
            {a.id: (a.likelihood, a.impact) for a in areas.get(oid, [])
             if a.id is not None and partner_view.shared_with_partner(a.openness,
                                                                      a.confidential)})
        out[oid] = tuple(g.sentence() for g in comparison.topics)
    return out


def facts_for(store: Store, opportunity_ids: Sequence[int] | None = None,
              today: dt.date | None = None,
              settings: health.HealthSettings | None = None) -> list[health.PartnershipFacts]:
    """Facts of the given opportunities, or of every pursued partnership. ``today`` and
    ``settings``: only what the rules with these settings read as of then (read_facts).
    Kept until a commit may change them (:func:`remembered`)."""
    key = (None if opportunity_ids is None else tuple(opportunity_ids), today, settings)
    return list(remembered(store, "facts", key, lambda: tuple(
        _facts_for(store, opportunity_ids, today, settings))))


def _facts_for(store: Store, opportunity_ids: Sequence[int] | None, today: dt.date | None,
               settings: health.HealthSettings | None) -> list[health.PartnershipFacts]:
    with store.work() as work:
        _, profile = ensure_self(work)
        if opportunity_ids is None:
            opps = work.list(Opportunity, stage=Stage.PURSUED, order_by=("title",))
        else:
            opps = work.list(Opportunity, id=list(opportunity_ids), order_by=("title",))
        return read_facts(work, opps, profile.band_limits, today=today, settings=settings)


def portfolio_health_of(store: Store, today: dt.date | None = None,
                        settings: health.HealthSettings | None = None) -> list[health.Health]:
    """Every pursued partnership's health, the most worrying first, judged from the facts
    with ``settings`` (the plan's when None); services.dashboard.portfolio_health gives the
    dashboard's own when the thresholds are the plan's."""
    today = today or dt.date.today()
    settings = effective(settings or health_settings(store))
    results = health.assess_all(facts_for(store, None, today, settings), today, settings)
    order = {health.AT_RISK: 0, health.WATCH: 1, health.HEALTHY: 2}
    return sorted(results, key=lambda h: (order[h.state], -len(h.signals), h.title.casefold()))


# ------------------------------------------------------------------------------ cadence


@dataclass(frozen=True)
class CadenceRow:
    kind: str
    every_days: int
    held: int
    expected: int
    agreed: bool = True  # False: the cadence of a draft protocol, not yet binding

    @property
    def behind(self) -> bool:
        return self.held < self.expected

    def describe(self) -> str:
        what = f"{self.kind} meetings" if self.kind else "meetings"
        every = f"one every {self.every_days} days"
        if self.expected == 0:
            return f"{what}: {self.held} held, none due yet ({every})"
        return f"{self.held} of {self.expected} {what} held ({every})"


def held_vs_expected(store: Store, opportunity_id: int, *, today: dt.date | None = None,
                     window_days: int | None = None) -> list[CadenceRow]:
    """Meetings held against the protocol's cadence over the health window."""
    today = today or dt.date.today()
    window = window_days or health.HealthSettings().cadence_window_days
    facts = facts_for(store, [opportunity_id], today,
                      replace(health.HealthSettings(), cadence_window_days=window))
    if not facts:
        return []
    return [CadenceRow(c.kind, c.every_days, held, expected, facts[0].agreed_protocol)
            for c, held, expected in health.held_vs_expected(facts[0], today, window)]
