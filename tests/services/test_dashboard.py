"""The dashboard service: health read from the tables, the portfolio summary, settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.domain import health
from planner.services import dashboard
from planner.services.changes import ValidationError
from planner.services.organisation import ensure_self
from planner.store.database import Store
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    Meeting,
    MeetingAction,
    Milestone,
    MilestoneSnapshot,
    Opportunity,
    Person,
    Signatory,
    Signature,
)

TODAY = dt.date(2026, 6, 1)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def build_portfolio(store: Store) -> dict[str, int]:
    """Three pursued partnerships: one showing inertia, one fatigue, one healthy."""
    ids: dict[str, int] = {}
    with store.work() as w:
        org, profile = ensure_self(w, "Riverbend Learning Trust")
        profile.ceo_hours_per_month = 20.0
        profile.strategic_limit = 2
        w.add(profile)
        assert org.id is not None
        ceo = w.add(Person(organisation_id=org.id, name="Margaret Ellison"))
        lead = w.add(Person(organisation_id=org.id, name="Priya Natarajan"))
        theirs = w.add(Person(organisation_id=org.id, name="Owen Bright"))

        def opp(key: str, **kw: object) -> int:
            row = w.add(Opportunity(stage="pursued", **kw))  # type: ignore[arg-type]
            assert row.id is not None
            ids[key] = row.id
            return row.id

        # Inertia: no lead, slipping and unowned milestones, overdue action, no protocol.
        uni = opp("inertia", title="City University", tier="strategic", sponsor_id=ceo.id,
                  est_ceo_hours_per_month=3.0, start_date=day(-70))
        m = w.add(Milestone(opportunity_id=uni, title="Data-sharing schedule", status="late",
                            baseline_date=day(5), forecast_date=day(20), owner_ours_id=lead.id))
        ids["uni_milestone"] = m.id or 0
        w.add(MilestoneSnapshot(milestone_id=m.id or 0, taken_on=day(-30), forecast_date=day(5)))
        w.add(MilestoneSnapshot(milestone_id=m.id or 0, taken_on=day(-10),
                                forecast_date=day(12)))
        w.add(Milestone(opportunity_id=uni, title="Taster day", status="done", small_win=True,
                        actual_date=day(-14), owner_ours_id=lead.id,
                        owner_theirs_id=theirs.id, celebration_note="Forty pupils came"))
        meet = w.add(Meeting(opportunity_id=uni, kind="operational", held_on=day(-30),
                             attendees=["A", "B"], ceo_hours=1.0))
        ids["uni_meeting"] = meet.id or 0
        w.add(MeetingAction(meeting_id=meet.id or 0, text="Name a project lead",
                            due_on=day(-21)))
        w.add(Agreement(opportunity_id=uni, title="University protocol", state="draft"))

        # Fatigue: meetings not held, attendance down, hours above the estimate.
        trust = opp("fatigue", title="Northside Health Trust", tier="strategic",
                    sponsor_id=ceo.id, lead_id=lead.id, est_ceo_hours_per_month=2.0,
                    start_date=day(-300))
        w.add(Milestone(opportunity_id=trust, title="Wellbeing pilot", status="done",
                        small_win=True, actual_date=day(-20), owner_ours_id=lead.id,
                        owner_theirs_id=theirs.id))
        for offset, state, people, hours in ((-5, "cancelled", 0, 0.0),
                                             (-19, "missed", 0, 0.0),
                                             (-33, "held", 2, 5.0), (-47, "held", 2, 5.0),
                                             (-61, "held", 5, 5.0), (-75, "held", 5, 5.0),
                                             (-89, "held", 5, 5.0)):
            row = w.add(Meeting(opportunity_id=trust, kind="operational", held_on=day(offset),
                                state=state, attendees=[f"P{i}" for i in range(people)],
                                ceo_hours=hours))
            ids.setdefault("fatigue_last_meeting", row.id or 0)
        ag = w.add(Agreement(opportunity_id=trust, title="Trust protocol", state="signed",
                             agreed_on=day(-200)))
        w.add(AgreementSection(agreement_id=ag.id or 0, key="meetings", title="Meetings",
                               data={"meetings": [{"kind": "operational",
                                                   "frequency": "fortnightly"}]}))

        # Healthy: everything in order; an agreed protocol awaiting signatures.
        club = opp("healthy", title="Riverside FC", tier="operational", sponsor_id=ceo.id,
                   lead_division="Sport", est_ceo_hours_per_month=2.0, start_date=day(-120))
        w.add(Milestone(opportunity_id=club, title="Summer camp", status="on_track",
                        small_win=True, baseline_date=day(10), forecast_date=day(10),
                        owner_ours_id=lead.id, owner_theirs_id=theirs.id))
        w.add(Milestone(opportunity_id=club, title="Coaching day", status="done",
                        small_win=True, actual_date=day(-7), owner_ours_id=lead.id,
                        owner_theirs_id=theirs.id))
        w.add(Meeting(opportunity_id=club, kind="strategic", held_on=day(-10),
                      attendees=["A", "B", "C"], ceo_hours=1.5))
        agreed = w.add(Agreement(opportunity_id=club, title="Club protocol", state="partly_signed",
                                 agreed_on=day(-100)))
        ids["awaiting"] = agreed.id or 0
        s1 = w.add(Signatory(agreement_id=agreed.id or 0, name="Margaret Ellison"))
        w.add(Signatory(agreement_id=agreed.id or 0, name="Club chair"))
        w.add(Signature(signatory_id=s1.id or 0, typed_name="Margaret Ellison"))
        area = w.add(ConflictArea(opportunity_id=club, title="Holiday clubs", openness="joint",
                                  residual_likelihood=4, residual_impact=3,
                                  next_review=day(10)))
        ids["review_soon"] = area.id or 0

        # Not pursued: counted nowhere.
        w.add(Opportunity(title="Declined idea", stage="declined", tier="strategic",
                          est_ceo_hours_per_month=9.0))
    return ids


def test_health_of_the_three(store: Store) -> None:
    ids = build_portfolio(store)
    results = {h.partnership_id: h for h in dashboard.portfolio_health(store, TODAY)}
    inertia, fatigue, healthy = (results[ids[k]] for k in ("inertia", "fatigue", "healthy"))

    assert inertia.state == health.AT_RISK
    # The milestone that slipped and whose forecast keeps moving: one sentence for both.
    assert {s.code for s in inertia.signals} == {
        "no_lead", "milestone_slip", "actions_overdue", "milestone_unowned", "no_protocol"}
    assert "Its forecast has moved later" in next(
        s.sentence for s in inertia.signals if s.code == "milestone_slip")
    links = {s.code: s.link for s in inertia.signals}
    assert links["milestone_slip"] == ("milestone", ids["uni_milestone"])
    assert links["actions_overdue"] == ("meeting", ids["uni_meeting"])
    assert links["no_protocol"][0] == "agreement"  # the draft, so the CEO can finish it

    assert fatigue.state == health.AT_RISK
    assert {s.code for s in fatigue.signals} == {
        "meetings_missed", "attendance_falling", "hours_above_estimate", "behind_cadence"}
    assert {s.category for s in fatigue.signals} == {health.FATIGUE}
    sentences = {s.code: s.sentence for s in fatigue.signals}
    assert sentences["behind_cadence"] == ("5 of 6 operational meetings expected by the "
                                           "protocol were held in the last 90 days.")

    assert (healthy.state, healthy.signals) == (health.HEALTHY, ())
    # The most worrying first.
    assert [h.state for h in dashboard.portfolio_health(store, TODAY)][-1] == health.HEALTHY


def test_summary_figures(store: Store) -> None:
    ids = build_portfolio(store)
    s = dashboard.summary(store, TODAY)
    assert s.organisation == "Riverbend Learning Trust"
    assert (s.strategic_used, s.strategic_limit, s.pursued) == (2, 2, 3)
    assert s.slots_text == "2 of 2" and not s.over_limit
    assert s.ceo_budget == 20.0
    assert s.ceo_committed == pytest.approx(7.0)  # 3 + 2 + 2; declined ideas do not count
    # Held CEO hours a month over the last 90 days; the university began 70 days ago, so
    # its hour is averaged over its own 70 days.
    assert s.ceo_actual == pytest.approx(1.0 * 30 / 70 + 25.0 / 3 + 1.5 / 3)
    assert {r.title: round(r.actual, 2) for r in s.hours} == {
        "City University": 0.43, "Northside Health Trust": 8.33, "Riverside FC": 0.5}
    assert s.counts == {health.HEALTHY: 1, health.WATCH: 0, health.AT_RISK: 2}
    assert [(i.text, i.kind) for i in s.upcoming] == [("Summer camp", "milestone"),
                                                      ("Data-sharing schedule", "milestone")]
    assert s.upcoming[0].note == "small win" and not s.upcoming[0].urgent
    assert s.upcoming[1].urgent  # late
    assert [i.text for i in s.small_wins] == ["Coaching day", "Taster day", "Wellbeing pilot"]
    assert s.small_wins[1].note == "Forty pupils came"
    assert [(i.text, i.record_id, i.note) for i in s.reviews_due] == [
        ("Holiday clubs", ids["review_soon"], "high")]
    assert [(i.record_id, i.note) for i in s.awaiting_signature] == [
        (ids["awaiting"], "partly signed, 1 of 2 signatures")]


def test_empty_plan(store: Store) -> None:
    s = dashboard.summary(store, TODAY)
    assert (s.strategic_used, s.pursued, s.ceo_committed, s.ceo_actual) == (0, 0, 0, 0)
    assert s.health == () and s.upcoming == ()


def test_health_settings_saved_with_the_plan(store: Store) -> None:
    assert dashboard.health_settings(store) == health.HealthSettings()
    old, changes = dashboard.set_health_setting(store, "protocol_weeks", 12)
    assert old == 8 and changes.touches("profile")
    assert dashboard.health_settings(store).protocol_weeks == 12
    for bad in (-1, 4000, "12", 2.5, True):
        with pytest.raises(ValidationError, match="whole number"):
            dashboard.set_health_setting(store, "protocol_weeks", bad)
    with pytest.raises(ValidationError, match="Unknown"):
        dashboard.set_health_setting(store, "nonsense", 1)


def test_a_threshold_change_changes_the_verdict(store: Store) -> None:
    ids = build_portfolio(store)
    dashboard.set_health_setting(store, "protocol_weeks", 11)
    results = {h.partnership_id: h for h in dashboard.portfolio_health(store, TODAY)}
    assert "no_protocol" not in {s.code for s in results[ids["inertia"]].signals}


def test_health_report_is_plain_data(store: Store) -> None:
    import json

    ids = build_portfolio(store)
    report = dashboard.health_report(store, TODAY)
    assert json.loads(json.dumps(report)) == report
    by_id = {p["id"]: p for p in report["partnerships"]}
    assert by_id[ids["healthy"]]["state"] == "healthy"
    assert report["strategic"] == {"used": 2, "limit": 2}
    text = dashboard.health_text(report)
    assert "Riverside FC: Healthy" in text and "City University: At risk" in text
    assert "No day-to-day lead" in text


def test_the_board_pack_lists_the_most_serious_signals_of_each_kind_first() -> None:
    from planner.domain import health as h

    def sig(code: str, category: str, severity: str) -> h.Signal:
        return h.Signal(code, category, severity, code, "opportunity", 1)

    signals = (
        [sig(f"slip{i}", h.INERTIA, h.AT_RISK) for i in range(5)]
        + [sig("late_action", h.INERTIA, h.WATCH)]
        + [sig("missed_meetings", h.FATIGUE, h.AT_RISK), sig("no_win", h.FATIGUE, h.WATCH)]
        + [sig("festering", h.CONFLICT, h.AT_RISK)])
    order = [s.code for s in dashboard.serious_first(signals)]
    # The first three a short page keeps: the worst of each kind, not five slips.
    assert order[:3] == ["slip0", "missed_meetings", "festering"]
    assert order.index("late_action") > order.index("slip4")  # watches after every risk
    assert set(order) == {s.code for s in signals}


def test_a_watch_threshold_set_beyond_its_at_risk_one_hides_nothing(
        sample_file: Path, tmp_path: Path) -> None:
    """Found in the real program's Health rules tab, which takes any number: slip tolerated
    for 100 days while 42 days of slip is "at risk" made the sample's 50-day slip of
    “Aligned timetable block” vanish from the dashboard (and the board pack); 9 meetings
    missed in a row before a watch, 3 before "at risk", showed 5 missed as healthy. The
    at-risk threshold wins; the thresholds are saved, the plan reopened."""
    import shutil

    from planner.store.tables import Meeting

    plan = tmp_path / "plan.sqlite"
    shutil.copy(sample_file, plan)
    today = dt.date.today()

    def judged() -> dict[str, health.Health]:
        with Store.open(plan) as reopened:
            return {h.title: h for h in dashboard.summary(reopened, today).health}

    def slip(h: health.Health) -> str:
        return next((s.severity for s in h.signals if s.code == "milestone_slip"), "none")

    oakfield = "Shared sixth-form curriculum with Oakfield"
    assert slip(judged()[oakfield]) == health.AT_RISK
    with Store.open(plan) as s:
        dashboard.set_health_setting(s, "slip_tolerance_days", 100)
    assert slip(judged()[oakfield]) == health.AT_RISK

    with Store.open(plan) as s:
        with s.work() as work:
            opportunity = next(h.partnership_id for h in dashboard.summary(s, today).health
                               if h.title == "Engineering pathways with Harrowgate")
            for weeks in range(1, 6):
                work.add(Meeting(opportunity_id=opportunity, kind="operational",
                                 state="cancelled", attendees=[],
                                 held_on=today - dt.timedelta(days=weeks)))
        dashboard.set_health_setting(s, "missed_in_a_row", 9)
    missed = [x for x in judged()["Engineering pathways with Harrowgate"].signals
              if x.code == "meetings_missed"]
    assert [x.severity for x in missed] == [health.AT_RISK], missed
