"""The portfolio dashboard (services layer): health of every partnership and the summary.

Reads what screening, conflicts, agreements, timelines and the meeting log record, turns it
into the pure facts ``planner.domain.health`` judges, and gathers the portfolio figures the
dashboard and the trustees' board pack both show, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain import conflicts as register
from planner.domain import health, partner_view
from planner.services.changes import ChangeSet, ValidationError
from planner.services.meetings import protocol_cadence
from planner.services.organisation import ensure_self
from planner.store.database import Before, Store, UnitOfWork
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

UPCOMING_DAYS = 30
RECENT_WIN_DAYS = 60
REVIEW_SOON_DAYS = 14
AWAITING_STATES = ("agreed", "partly_signed")
STATE_WORDS = {"agreed": "agreed, not yet signed", "partly_signed": "partly signed"}


# ------------------------------------------------------------------------------ settings


def health_settings(store: Store) -> health.HealthSettings:
    """The thresholds saved with the plan (profile settings), defaults for the rest."""
    with store.work() as work:
        _, profile = ensure_self(work)
    return _settings_of(profile)


def _settings_of(profile: Profile) -> health.HealthSettings:
    saved = (profile.settings or {}).get("health", {})
    return health.HealthSettings.from_mapping(saved if isinstance(saved, dict) else {})


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
    pursue = [d.decided_on for d in decisions if d.outcome == "pursue"]
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


def _facts(work: UnitOfWork, opps: Sequence[Opportunity], band_limits: Sequence[int], *,
           loaded: dict[str, list[Any]] | None = None,
           all_areas: Sequence[Any] | None = None,
           all_agreements: Sequence[Agreement] | None = None,
           plain: bool = False, today: dt.date | None = None) -> list[health.PartnershipFacts]:
    """The facts of ``opps``. ``all_areas`` / ``all_agreements``: every conflict area /
    agreement of the plan, already read (in any order), so they are not read again;
    ``loaded`` receives the milestones read here (the dashboard lists them too).
    ``plain``: read whole records of every milestone, as before the fast path (the tests
    compare the two). ``today`` (not ``plain``, no ``all_areas``): read only the conflict
    areas a rule can name as of then (:func:`_flaggable_areas`)."""
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
    milestones, parents = _milestones(work, ids, plain)
    if loaded is not None:
        loaded["milestones"] = milestones
    snaps = _group(_owned_by(work, MilestoneSnapshot, ("milestone_id", "forecast_date"),
                             "milestone_id", [m.id for m in milestones], ("taken_on", "id"),
                             plain), "milestone_id")
    meetings = read(Meeting, ("id", "opportunity_id", "held_on", "state", "kind", "attendees",
                              "ceo_hours", "confidential"),
                    opportunity_id=ids, order_by=("held_on", "id"))
    meeting_opp = {m.id: m.opportunity_id for m in meetings}
    confidential_meetings = {m.id for m in meetings if m.confidential}
    actions: dict[Any, list[Any]] = {}
    # Only actions not done yet: the one rule on actions (overdue_actions) reads no other.
    for a in _owned_by(work, MeetingAction, ("id", "meeting_id", "text", "owner", "due_on",
                                             "done_on"), "meeting_id", list(meeting_opp),
                       ("id",), plain, done_on=None):
        actions.setdefault(meeting_opp[a.meeting_id], []).append(a)
    wanted = set(ids)
    pruned = not plain and (all_areas is not None or today is not None)
    if all_areas is None and pruned:
        assert today is not None
        all_areas = _flaggable_areas(work, today)
    areas = _group(read(ConflictArea, AREA_COLUMNS, opportunity_id=ids) if all_areas is None else
                   sorted((a for a in all_areas if a.opportunity_id in wanted),
                          key=lambda a: a.id or 0), "opportunity_id")
    agreements_of: dict[Any, list[Agreement]] = {}
    if all_agreements is not None:  # newest first, as protocol_cadence reads them
        for ag in sorted(all_agreements, key=lambda a: (a.version, a.id or 0), reverse=True):
            agreements_of.setdefault(ag.opportunity_id, []).append(ag)
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
        cadence, agreed, latest = protocol_cadence(
            work, opp.id, None if all_agreements is None else agreements_of.get(opp.id, []))
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
        ))
    return out


def _flaggable_areas(work: UnitOfWork, today: dt.date,
                     due: Sequence[Any] | None = None) -> list[Any]:
    """The conflict areas a health rule can name as of ``today`` (neglected_conflicts: an
    active area past its review date, or internal only since before today), asked of the
    database instead of reading every area; ``due``: the areas already read with a review
    date before some day on or after today. The rules read no other area."""
    if due is None:
        due = work.columns(ConflictArea, AREA_COLUMNS, next_review=Before(today))
    internal = work.columns(ConflictArea, AREA_COLUMNS, openness=register.Openness.INTERNAL.value,
                            identified_on=Before(today))
    found = {a.id: a for a in due if a.next_review is not None and a.next_review < today}
    found.update((a.id, a) for a in internal)
    return [a for a in found.values() if register.is_active(a)]


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
              today: dt.date | None = None) -> list[health.PartnershipFacts]:
    """Facts of the given opportunities, or of every pursued partnership."""
    with store.work() as work:
        _, profile = ensure_self(work)
        if opportunity_ids is None:
            opps = work.list(Opportunity, stage="pursued", order_by=("title",))
        else:
            opps = work.list(Opportunity, id=list(opportunity_ids), order_by=("title",))
        return _facts(work, opps, profile.band_limits, today=today)


def portfolio_health(store: Store, today: dt.date | None = None,
                     settings: health.HealthSettings | None = None) -> list[health.Health]:
    """Every pursued partnership's health, the most worrying first."""
    today = today or dt.date.today()
    settings = settings or health_settings(store)
    results = health.assess_all(facts_for(store, None, today), today, settings)
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
    facts = facts_for(store, [opportunity_id], today)
    if not facts:
        return []
    return [CadenceRow(c.kind, c.every_days, held, expected, facts[0].agreed_protocol)
            for c, held, expected in health.held_vs_expected(facts[0], today, window)]


# ------------------------------------------------------------------------------ summary


@dataclass(frozen=True)
class Item:
    """One line of a dashboard list, with the record it opens."""

    when: dt.date | None
    text: str
    partnership: str
    kind: str
    record_id: int
    note: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class HoursRow:
    partnership_id: int
    title: str
    estimate: float
    actual: float


@dataclass(frozen=True)
class DashboardSummary:
    organisation: str
    today: dt.date
    strategic_used: int
    strategic_limit: int
    pursued: int
    ceo_budget: float
    ceo_committed: float
    ceo_actual: float
    hours_window_days: int
    health: tuple[health.Health, ...]
    counts: dict[str, int]
    upcoming: tuple[Item, ...]
    small_wins: tuple[Item, ...]
    reviews_due: tuple[Item, ...]
    awaiting_signature: tuple[Item, ...]
    hours: tuple[HoursRow, ...] = field(default=())

    @property
    def slots_text(self) -> str:
        return f"{self.strategic_used} of {self.strategic_limit}"

    @property
    def over_limit(self) -> bool:
        return self.strategic_used > self.strategic_limit

    @property
    def hours_text(self) -> str:
        return (f"budget {fmt_hours(self.ceo_budget)} · committed "
                f"{fmt_hours(self.ceo_committed)} · actual {fmt_hours(self.ceo_actual)}")


def fmt_hours(value: float) -> str:
    """Hours a month as people say them: 20 h, 12.5 h."""
    return f"{value:.1f}".rstrip("0").rstrip(".") + " h"


def fmt_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {day:%b %Y}"


def summary(store: Store, today: dt.date | None = None, *,
            plain: bool = False) -> DashboardSummary:
    """The portfolio at a glance, as of ``today``. ``plain``: by reading every record
    whole, the way it was done before the fast path (the same figures, for the tests)."""
    today = today or dt.date.today()
    # One read per table, shared by the health facts and the lists: each distinct query
    # costs SQLAlchemy a few milliseconds to compile the first time (start-up).
    with store.work() as work:
        org, profile = ensure_self(work)
        settings = _settings_of(profile)
        everyone = work.list(Opportunity, order_by=("title",))
        pursued = [o for o in everyone if o.stage == "pursued"]
        titles = {o.id: o.title for o in everyone}
        soon = today + dt.timedelta(days=REVIEW_SOON_DAYS)
        # The reviews due soon, by date, and the areas a rule can name: asked of the
        # database, not read whole (a plan kept for years holds 29,000 areas).
        areas = work.list(ConflictArea, order_by=("next_review", "id")) if plain else \
            work.columns(ConflictArea, AREA_COLUMNS, order_by=("next_review", "id"),
                         next_review=Before(soon + dt.timedelta(days=1)))
        every_agreement = work.list(Agreement)
        loaded: dict[str, list[Any]] = {}
        facts = _facts(work, pursued, profile.band_limits, loaded=loaded,
                       all_areas=areas if plain else _flaggable_areas(work, today, areas),
                       all_agreements=every_agreement, plain=plain)
        milestones = sorted(loaded["milestones"], key=lambda m: m.id or 0)
        agreements = [a for a in every_agreement if a.state in AWAITING_STATES]
        signatories = work.list(Signatory, agreement_id=[a.id for a in agreements]) \
            if agreements else []
        signed = {s.signatory_id for s in work.list(
            Signature, signatory_id=[s.id for s in signatories])} if signatories else set()

    results = health.assess_all(facts, today, settings)
    order = {health.AT_RISK: 0, health.WATCH: 1, health.HEALTHY: 2}
    results.sort(key=lambda h: (order[h.state], -len(h.signals), h.title.casefold()))
    window = settings.hours_window_days
    hours = tuple(HoursRow(f.id, f.title, f.est_ceo_hours_per_month,
                           health.actual_ceo_hours_per_month(f, today, window)) for f in facts)

    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    upcoming: list[Item] = []
    wins: list[Item] = []
    for m in milestones:
        assert m.id is not None
        when = m.forecast_date or m.due_date or m.baseline_date
        if m.status in health.OPEN_MILESTONE and when is not None and today <= when <= horizon:
            upcoming.append(Item(when, m.title, titles.get(m.opportunity_id, ""), "milestone",
                                 m.id, "small win" if m.small_win else "",
                                 urgent=m.status in ("at_risk", "late")))
        if m.small_win and m.status == "done" and m.actual_date is not None and \
                today - dt.timedelta(days=RECENT_WIN_DAYS) <= m.actual_date <= today:
            wins.append(Item(m.actual_date, m.title, titles.get(m.opportunity_id, ""),
                             "milestone", m.id, m.celebration_note))
    upcoming.sort(key=lambda i: (i.when or today, i.text))
    wins.sort(key=lambda i: (i.when or today, i.text), reverse=True)

    reviews: list[Item] = []
    for a in areas:
        assert a.id is not None
        if not register.is_active(a) or a.next_review is None or a.next_review > soon:
            continue
        band = register.residual_band(a, profile.band_limits)
        overdue = a.next_review < today
        note = f"{band}, overdue" if overdue else band
        # The dashboard goes into the board pack: a confidential area is not named there.
        shown = "A confidential conflict area" if a.confidential else a.title
        reviews.append(Item(a.next_review, shown, titles.get(a.opportunity_id, ""),
                            "conflict_area", a.id, note,
                            urgent=overdue and band in register.SERIOUS_BANDS))

    awaiting: list[Item] = []
    for ag in agreements:
        assert ag.id is not None
        people = [s for s in signatories if s.agreement_id == ag.id]
        done = sum(1 for s in people if s.id in signed)
        note = STATE_WORDS.get(ag.state, ag.state)
        if people:
            note += f", {done} of {len(people)} signatures"
        awaiting.append(Item(ag.agreed_on, f"{ag.title} (v{ag.version})",
                             titles.get(ag.opportunity_id, ""), "agreement", ag.id, note))

    return DashboardSummary(
        organisation=org.name, today=today,
        strategic_used=sum(1 for o in pursued if o.tier == "strategic"),
        strategic_limit=profile.strategic_limit, pursued=len(pursued),
        ceo_budget=profile.ceo_hours_per_month,
        ceo_committed=sum(o.est_ceo_hours_per_month for o in pursued),
        ceo_actual=sum(r.actual for r in hours), hours_window_days=window,
        health=tuple(results), counts=health.count_by_state(results),
        upcoming=tuple(upcoming), small_wins=tuple(wins), reviews_due=tuple(reviews),
        awaiting_signature=tuple(awaiting), hours=hours)


# ------------------------------------------------------------------------------ board pack


def boardpack_content(s: DashboardSummary) -> Any:  # a reports.boardpack_pdf.BoardPack
    """The board pack's text, built from exactly the figures the dashboard shows."""
    from planner.reports.boardpack_pdf import BoardPack, HealthLine, Tile

    tiles = (
        Tile("Strategic partnerships", s.slots_text, "slots used of the limit",
             alert=s.over_limit),
        Tile("CEO hours a month", f"{fmt_hours(s.ceo_actual)} actual",
             f"budget {fmt_hours(s.ceo_budget)} · committed {fmt_hours(s.ceo_committed)}",
             alert=s.ceo_actual > s.ceo_budget or s.ceo_committed > s.ceo_budget),
        Tile("Partnership health", f"{s.counts[health.AT_RISK]} at risk",
             f"{s.counts[health.WATCH]} to watch · {s.counts[health.HEALTHY]} healthy",
             alert=s.counts[health.AT_RISK] > 0),
        Tile("Awaiting signature", str(len(s.awaiting_signature)),
             "agreements agreed, not fully signed" if s.awaiting_signature
             else "nothing waiting"),
    )
    hours = {r.partnership_id: r for r in s.hours}
    lines = []
    for h in s.health:
        row = hours.get(h.partnership_id)
        hrs = f"{fmt_hours(row.actual)} of {fmt_hours(row.estimate)}" if row else ""
        # The partner seeing things differently is for the board to hear even when the
        # page has room for only a few reasons: it goes first.
        # After it, the most serious signal of each kind (serious_first).
        ordered = sorted(serious_first(h.signals), key=lambda sig: sig.code != "perception_gap")
        lines.append(HealthLine(h.title, h.label, h.state, hrs,
                                tuple(sig.sentence for sig in ordered)))

    def items(rows: Sequence[Item], empty: str) -> tuple[str, ...]:
        return tuple(f"{fmt_date(i.when)}{' · ' if i.when else ''}{i.text} — {i.partnership}"
                     + (f" ({i.note})" if i.note else "") for i in rows) or (empty,)

    sections = (
        ("Milestones in the next 30 days", items(s.upcoming, "None due.")),
        ("Small wins in the last 60 days", items(s.small_wins, "None recorded yet.")),
        ("Conflict areas due for review", items(s.reviews_due, "None due.")),
        ("Agreements awaiting signature", items(s.awaiting_signature, "None waiting.")),
    )
    return BoardPack(
        title=f"{s.organisation}: partnership portfolio",
        subtitle=(f"Board pack as of {fmt_date(s.today)} · {pursued_text(s.pursued)} · "
                  f"CEO hours averaged over the last {s.hours_window_days} days"),
        tiles=tiles, health=tuple(lines), sections=sections)


def serious_first(signals: Sequence[health.Signal]) -> list[health.Signal]:
    """The order a short list should keep: at-risk signals before watches, and within each,
    one of each kind (inertia, fatigue, conflict) before a second of any, so the page's
    "… and N more" never hides a whole kind of trouble such as missed meetings."""
    rank = {health.AT_RISK: 0, health.WATCH: 1}
    seen: dict[tuple[str, str], int] = {}
    keyed = []
    for n, sig in enumerate(signals):
        key = (sig.severity, sig.category)
        turn = seen.get(key, 0)
        seen[key] = turn + 1
        keyed.append(((rank.get(sig.severity, 2), turn, n), sig))
    return [sig for _k, sig in sorted(keyed, key=lambda x: x[0])]


def pursued_text(count: int) -> str:
    """"1 partnership pursued", "4 partnerships pursued"."""
    return f"{count} partnership{'' if count == 1 else 's'} pursued"


def export_boardpack(store: Store, out: Path, today: dt.date | None = None) -> DashboardSummary:
    """Write the one-page board pack PDF; returns the summary it was made from."""
    s = summary(store, today)
    write_boardpack(boardpack_content(s), Path(out))
    return s


def write_boardpack(content: Any, out: Path) -> str:
    """Write the board pack PDF from figures already read (plain Python: the window runs it
    on a worker thread, having read the figures on the GUI thread); returns the path."""
    from planner.reports.boardpack_pdf import write_boardpack as write

    write(content, out)
    return str(out)


# ------------------------------------------------------------------------------ report


def health_report(store: Store, today: dt.date | None = None) -> dict[str, Any]:
    """The dashboard as plain data (JSON-ready), for ``planner report`` and scripts."""
    s = summary(store, today)
    return {
        "as_of": s.today.isoformat(),
        "strategic": {"used": s.strategic_used, "limit": s.strategic_limit},
        "ceo_hours_per_month": {"budget": round(s.ceo_budget, 2),
                                "committed": round(s.ceo_committed, 2),
                                "actual": round(s.ceo_actual, 2),
                                "actual_window_days": s.hours_window_days},
        "counts": dict(s.counts),
        "partnerships": [
            {"id": h.partnership_id, "title": h.title, "state": h.state, "reason": h.reason,
             "signals": [{"category": x.category, "severity": x.severity, "code": x.code,
                          "sentence": x.sentence, "kind": x.kind, "id": x.record_id}
                         for x in h.signals]}
            for h in s.health],
    }


def health_text(report: dict[str, Any]) -> str:
    """The health report as lines for a terminal."""
    hours = report["ceo_hours_per_month"]
    lines = [f"Health as of {report['as_of']}: strategic slots {report['strategic']['used']} "
             f"of {report['strategic']['limit']}; CEO hours a month: budget "
             f"{fmt_hours(hours['budget'])}, committed {fmt_hours(hours['committed'])}, "
             f"actual {fmt_hours(hours['actual'])}"]
    for p in report["partnerships"]:
        lines.append(f"  {p['title']}: {health.STATE_LABELS[p['state']]}")
        lines += [f"    - {x['sentence']}" for x in p["signals"]]
    return "\n".join(lines)
