"""Health rules: every signal, its exact boundary, and the overall state."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import replace

import pytest

from planner.domain import health as h
from planner.domain.health import (
    ActionFacts,
    Cadence,
    ConflictFacts,
    HealthSettings,
    MeetingFacts,
    MilestoneFacts,
    PartnershipFacts,
)

TODAY = dt.date(2026, 6, 1)
S = HealthSettings()


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def base(**kw: object) -> PartnershipFacts:
    """A healthy partnership: sponsor, lead, agreed protocol, a recent small win."""
    values: dict[str, object] = dict(
        id=1, title="Riverside FC", pursued_since=day(-200), agreed_protocol=True,
        protocol_since=day(-150), agreement_id=7, est_ceo_hours_per_month=4.0,
        milestones=(MilestoneFacts(90, "Kick-off coaching day", status="done",
                                   actual=day(-10), small_win=True),),
    )
    values.update(kw)
    return PartnershipFacts(**values)  # type: ignore[arg-type]


def codes(p: PartnershipFacts, settings: HealthSettings = S) -> list[str]:
    return [s.code for s in h.assess(p, TODAY, settings).signals]


def test_baseline_partnership_is_healthy() -> None:
    result = h.assess(base(), TODAY)
    assert result.state == h.HEALTHY
    assert result.signals == ()
    assert result.label == "Healthy"


# ------------------------------------------------------------------------------ inertia


@pytest.mark.parametrize(("slip", "expected"), [(0, None), (1, h.WATCH), (41, h.WATCH),
                                                (42, h.AT_RISK)])
def test_slip_boundaries(slip: int, expected: str | None) -> None:
    m = MilestoneFacts(5, "Careers fair", status="on_track", baseline=day(30),
                       forecast=day(30 + slip))
    found = h.slipping_milestones(base(milestones=(m,)), TODAY, S)
    if expected is None:
        assert found == []
    else:
        (signal,) = found
        assert signal.severity == expected
        assert signal.link == ("milestone", 5)
        assert f"{slip} day" in signal.sentence and "“Careers fair”" in signal.sentence


def test_slip_tolerance_setting() -> None:
    m = MilestoneFacts(5, "Fair", status="on_track", baseline=day(30), forecast=day(33))
    p = base(milestones=(m,))
    assert h.slipping_milestones(p, TODAY, replace(S, slip_tolerance_days=3)) == []
    assert len(h.slipping_milestones(p, TODAY, replace(S, slip_tolerance_days=2))) == 1


def test_done_milestones_never_slip() -> None:
    m = MilestoneFacts(5, "Fair", status="done", baseline=day(-90), forecast=day(-10),
                       actual=day(-10))
    assert h.slipping_milestones(base(milestones=(m,)), TODAY, S) == []


def test_overdue_milestone_boundary() -> None:
    due_today = MilestoneFacts(5, "Launch", status="on_track", baseline=day(0), forecast=day(0))
    yesterday = replace(due_today, baseline=day(-1), forecast=day(-1))
    assert h.slipping_milestones(base(milestones=(due_today,)), TODAY, S) == []
    (signal,) = h.slipping_milestones(base(milestones=(yesterday,)), TODAY, S)
    assert signal.code == "milestone_overdue" and "1 day late" in signal.sentence


def test_growing_slip_needs_the_set_number_of_reviews_in_a_row() -> None:
    two_steps = MilestoneFacts(6, "Mentoring pilot", status="at_risk", baseline=day(10),
                               forecast=day(30), snapshots=(day(10), day(20)))
    (signal,) = h.growing_slip(base(milestones=(two_steps,)), TODAY, S)
    assert signal.link == ("milestone", 6)
    assert "last 2 reviews" in signal.sentence and "20 days in all" in signal.sentence
    one_step = replace(two_steps, snapshots=(day(20),))
    assert h.growing_slip(base(milestones=(one_step,)), TODAY, S) == []
    flat_then_up = replace(two_steps, snapshots=(day(20), day(20)))
    assert h.growing_slip(base(milestones=(flat_then_up,)), TODAY, S) == []


@pytest.mark.parametrize(("count", "expected"), [(0, None), (1, h.WATCH), (2, h.WATCH),
                                                 (3, h.AT_RISK)])
def test_overdue_actions(count: int, expected: str | None) -> None:
    actions = tuple(ActionFacts(i, 40 + i, f"Send list {i}", owner="Priya", due_on=day(-1 - i))
                    for i in range(count))
    done = ActionFacts(99, 50, "Done already", due_on=day(-30), done_on=day(-29))
    due_today = ActionFacts(98, 50, "Due today", due_on=day(0))
    found = h.overdue_actions(base(actions=(*actions, done, due_today)), TODAY, S)
    if expected is None:
        assert found == []
        return
    (signal,) = found
    assert signal.severity == expected
    oldest = actions[-1]
    assert signal.link == ("meeting", oldest.meeting_id)
    assert oldest.text in signal.sentence and "Priya" in signal.sentence


def test_missing_sponsor_and_lead() -> None:
    found = h.missing_leadership(base(has_sponsor=False, has_lead=False), TODAY, S)
    assert [s.code for s in found] == ["no_sponsor", "no_lead"]
    assert all(s.severity == h.AT_RISK and s.link == ("opportunity", 1) for s in found)
    assert "sponsor" in found[0].sentence and "day-to-day lead" in found[1].sentence


def test_unowned_milestones_name_the_missing_side() -> None:
    cases = {MilestoneFacts(1, "A", owner_ours=False): "no owner on our side",
             MilestoneFacts(2, "B", owner_theirs=False): "no owner on the partner's side",
             MilestoneFacts(3, "C", owner_ours=False, owner_theirs=False):
                 "no owner on either side"}
    for m, words in cases.items():
        (signal,) = h.unowned_milestones(base(milestones=(m,)), TODAY, S)
        assert signal.sentence == f"“{m.title}” has {words}, so nobody is clearly accountable."
        assert signal.link == ("milestone", m.id)
    ignored = (MilestoneFacts(4, "Parent", owner_ours=False, owner_theirs=False, is_leaf=False),
               MilestoneFacts(5, "Done", status="done", owner_ours=False),
               MilestoneFacts(6, "Owned"))
    assert h.unowned_milestones(base(milestones=ignored), TODAY, S) == []
    (signal,) = h.unowned_milestones(base(milestones=(*cases, *ignored)), TODAY, S)
    assert signal.link == ("milestone", 3)
    assert signal.sentence.startswith("3 milestones lack an owner")


def test_many_slips_make_one_sentence_naming_the_worst() -> None:
    ms = (MilestoneFacts(1, "Small slip", status="on_track", baseline=day(10), forecast=day(15)),
          MilestoneFacts(2, "Big slip", status="on_track", baseline=day(10), forecast=day(60)),
          MilestoneFacts(3, "Parent", status="on_track", baseline=day(10), forecast=day(90),
                         is_leaf=False),
          MilestoneFacts(4, "Late one", status="late", baseline=day(-50), forecast=day(-50)),
          MilestoneFacts(5, "Later one", status="late", baseline=day(-5), forecast=day(-5)))
    slip, overdue = h.slipping_milestones(base(milestones=ms), TODAY, S)
    assert slip.link == ("milestone", 2) and slip.severity == h.AT_RISK
    assert slip.sentence == ("2 milestones are forecast later than their baselines; the "
                             "furthest behind, “Big slip”, by 50 days (now 31 Jul 2026).")
    assert overdue.link == ("milestone", 4) and overdue.severity == h.AT_RISK
    assert overdue.sentence.startswith("2 milestones are past their dates and not done")


@pytest.mark.parametrize(("days", "flagged"), [(55, False), (56, True), (57, True)])
def test_no_protocol_after_exactly_n_weeks(days: int, flagged: bool) -> None:
    p = base(agreed_protocol=False, pursued_since=day(-days), agreement_id=None)
    found = h.missing_protocol(p, TODAY, S)
    assert bool(found) is flagged
    if flagged:
        assert found[0].link == ("opportunity", 1)
        assert "8 weeks" in found[0].sentence


def test_no_protocol_links_to_the_draft_agreement() -> None:
    p = base(agreed_protocol=False, pursued_since=day(-100), agreement_id=12)
    assert h.missing_protocol(p, TODAY, S)[0].link == ("agreement", 12)
    assert h.missing_protocol(replace(p, agreed_protocol=True), TODAY, S) == []


# ------------------------------------------------------------------------------ fatigue


def meetings(*states: str, start: int = -10, step: int = -14) -> tuple[MeetingFacts, ...]:
    """Meetings newest first: the first state is the most recent meeting."""
    return tuple(MeetingFacts(100 + i, day(start + i * step), state=s, attendees=4)
                 for i, s in enumerate(states))


@pytest.mark.parametrize(("states", "expected"), [
    (("held", "cancelled", "cancelled"), None),
    (("cancelled", "held", "missed"), None),
    (("cancelled", "missed", "held"), h.WATCH),
    (("cancelled", "missed", "cancelled", "held"), h.AT_RISK),
])
def test_missed_in_a_row(states: tuple[str, ...], expected: str | None) -> None:
    found = h.missed_meetings(base(meetings=meetings(*states)), TODAY, S)
    if expected is None:
        assert found == []
    else:
        (signal,) = found
        assert signal.severity == expected
        assert signal.link == ("meeting", 100)


def test_a_past_planned_meeting_counts_as_not_held_but_a_future_one_does_not() -> None:
    past = meetings("planned", "missed", "held")
    assert h.missed_meetings(base(meetings=past), TODAY, S)
    future = (MeetingFacts(1, day(5), state="planned"), *meetings("missed", "held"))
    assert h.missed_meetings(base(meetings=future), TODAY, S) == []
    today_planned = (MeetingFacts(1, day(0), state="planned"), *meetings("missed", "held"))
    assert h.missed_meetings(base(meetings=today_planned), TODAY, S) == []


def attendance(*counts: int) -> tuple[MeetingFacts, ...]:
    return tuple(MeetingFacts(200 + i, day(-7 - 14 * i), attendees=c)
                 for i, c in enumerate(counts))


def test_attendance_falling_at_exactly_the_drop() -> None:
    # Recent average 3 against 4 before: exactly 25 percent.
    (signal,) = h.falling_attendance(base(meetings=attendance(3, 3, 4, 4, 4)), TODAY, S)
    assert signal.link == ("meeting", 200)
    assert "25%" in signal.sentence and "3.0 people" in signal.sentence
    # 3.5 against 4 is 12.5 percent: no signal.
    assert h.falling_attendance(base(meetings=attendance(3, 4, 4, 4, 4)), TODAY, S) == []


def test_attendance_needs_enough_history() -> None:
    assert h.falling_attendance(base(meetings=attendance(1, 1, 6, 6)), TODAY, S) == []


@pytest.mark.parametrize(("hours", "expected"), [
    (12.0, None),  # exactly the estimate (4 a month over 3 months)
    (13.2, None),  # exactly estimate + 10 percent tolerance
    (13.5, h.WATCH),
    (18.0, h.WATCH),  # exactly + 50 percent: still watch
    (18.3, h.AT_RISK),
])
def test_hours_against_the_estimate(hours: float, expected: str | None) -> None:
    p = base(meetings=(MeetingFacts(1, day(-20), ceo_hours=hours, attendees=3),))
    found = h.hours_above_estimate(p, TODAY, S)
    if expected is None:
        assert found == []
    else:
        (signal,) = found
        assert signal.severity == expected
        assert signal.link == ("opportunity", 1)
        assert "estimated at screening" in signal.sentence


def test_hours_exactly_the_estimate_with_no_tolerance() -> None:
    strict = replace(S, hours_tolerance_percent=0)
    at = base(meetings=(MeetingFacts(1, day(-20), ceo_hours=12.0),))
    above = base(meetings=(MeetingFacts(1, day(-20), ceo_hours=12.1),))
    assert h.hours_above_estimate(at, TODAY, strict) == []
    assert len(h.hours_above_estimate(above, TODAY, strict)) == 1


def test_hours_window_edges_and_young_partnerships() -> None:
    edge = base(meetings=(MeetingFacts(1, day(-90), ceo_hours=100.0),
                          MeetingFacts(2, day(0), ceo_hours=3.0)))
    assert h.actual_ceo_hours_per_month(edge, TODAY, 90) == pytest.approx(1.0)
    young = base(pursued_since=day(-15), meetings=(MeetingFacts(1, day(-5), ceo_hours=6.0),))
    # Less than 30 days old: averaged over 30 days, not over the whole window.
    assert h.actual_ceo_hours_per_month(young, TODAY, 90) == pytest.approx(6.0)
    cancelled = base(meetings=(MeetingFacts(1, day(-5), state="cancelled", ceo_hours=50.0),))
    assert h.actual_ceo_hours_per_month(cancelled, TODAY, 90) == 0


def test_hours_with_no_estimate() -> None:
    p = base(est_ceo_hours_per_month=0.0, meetings=(MeetingFacts(1, day(-3), ceo_hours=3.0),))
    (signal,) = h.hours_above_estimate(p, TODAY, S)
    assert "no estimate" in signal.sentence


@pytest.mark.parametrize(("days", "flagged"), [(55, False), (56, True)])
def test_no_small_win_for_exactly_n_weeks(days: int, flagged: bool) -> None:
    win = MilestoneFacts(90, "Open day", status="done", actual=day(-days), small_win=True)
    nxt = MilestoneFacts(91, "Joint assembly", status="on_track", forecast=day(20),
                         small_win=True)
    found = h.no_small_win(base(milestones=(win, nxt)), TODAY, S)
    assert bool(found) is flagged
    if flagged:
        assert found[0].link == ("milestone", 91)
        assert "8 weeks" in found[0].sentence and "Joint assembly" in found[0].sentence


def test_no_small_win_ever_counts_from_the_start() -> None:
    p = base(milestones=(), pursued_since=day(-60))
    (signal,) = h.no_small_win(p, TODAY, S)
    assert "yet" in signal.sentence and "None is planned" in signal.sentence
    assert signal.link == ("opportunity", 1)
    assert h.no_small_win(base(milestones=(), pursued_since=None), TODAY, S) == []


def test_a_meeting_on_the_first_day_counts() -> None:
    """The kick-off meeting held on the day the partnership was pursued (or the protocol
    took effect) is part of its life: its hours and the meeting itself count."""
    kickoff = MeetingFacts(1, day(0), kind="strategic", ceo_hours=1.5)
    today_pursued = base(pursued_since=day(0), meetings=(kickoff,))
    assert h.actual_ceo_hours_per_month(today_pursued, TODAY, 90) == pytest.approx(1.5)
    ten_days = base(pursued_since=day(-10), meetings=(replace(kickoff, held_on=day(-10)),))
    assert h.actual_ceo_hours_per_month(ten_days, TODAY, 90) == pytest.approx(1.5)
    before = base(pursued_since=day(-10), meetings=(replace(kickoff, held_on=day(-11)),))
    assert h.actual_ceo_hours_per_month(before, TODAY, 90) == 0  # screening, not the partnership
    agreed = base(cadence=(Cadence("strategic", 30),), protocol_since=day(-45),
                  meetings=(replace(kickoff, held_on=day(-45)),))
    assert h.held_vs_expected(agreed, TODAY, 90)[0][1:] == (1, 1)


def test_cadence_held_vs_expected() -> None:
    monthly = Cadence("operational", 30)
    held = tuple(MeetingFacts(i, day(-10 - 30 * i), kind="operational") for i in range(3))
    p = base(cadence=(monthly,), meetings=held, protocol_since=day(-400))
    assert h.held_vs_expected(p, TODAY, 90) == [(monthly, 3, 3)]
    assert h.behind_cadence(p, TODAY, S) == []
    fewer = replace(p, meetings=held[:2])
    (signal,) = h.behind_cadence(fewer, TODAY, S)
    assert "2 of 3 operational meetings" in signal.sentence
    assert signal.link == ("agreement", 7) and signal.severity == h.WATCH
    none = replace(p, meetings=())
    assert h.behind_cadence(none, TODAY, S)[0].severity == h.AT_RISK


def test_cadence_counts_from_the_protocol_start_and_ignores_other_kinds() -> None:
    p = base(cadence=(Cadence("strategic", 30),), protocol_since=day(-45),
             meetings=(MeetingFacts(1, day(-3), kind="operational"),))
    assert h.held_vs_expected(p, TODAY, 90)[0][1:] == (0, 1)
    termly = base(cadence=(Cadence("strategic", 121),), protocol_since=day(-400),
                  meetings=(MeetingFacts(1, day(-100), kind="strategic"),))
    # A termly meeting is judged over a whole term, not the 90-day window.
    assert h.held_vs_expected(termly, TODAY, 90)[0][1:] == (1, 1)
    assert h.expected_meetings(Cadence("", 30), day(-29), TODAY) == 0
    assert h.expected_meetings(Cadence("", 30), day(-30), TODAY) == 1


# ------------------------------------------------------------------------------ conflicts


def test_high_conflict_with_an_overdue_review() -> None:
    high = ConflictFacts(3, "Recruiting the same apprentices", residual_likelihood=4,
                         residual_impact=4, openness="joint", next_review=day(-1))
    (signal,) = h.neglected_conflicts(base(conflicts=(high,)), TODAY, S)
    assert signal.severity == h.AT_RISK and signal.link == ("conflict_area", 3)
    assert "critical" in signal.sentence and "1 day ago" in signal.sentence
    on_time = replace(high, next_review=day(0))
    assert h.neglected_conflicts(base(conflicts=(on_time,)), TODAY, S) == []
    medium = replace(high, residual_likelihood=3, residual_impact=3)
    assert h.neglected_conflicts(base(conflicts=(medium,)), TODAY, S) == []
    closed = replace(high, status="closed")
    assert h.neglected_conflicts(base(conflicts=(closed,)), TODAY, S) == []


def test_band_limits_come_from_the_profile() -> None:
    area = ConflictFacts(3, "Overlap", residual_likelihood=3, residual_impact=3,
                         openness="joint", next_review=day(-5))
    assert h.neglected_conflicts(base(conflicts=(area,)), TODAY, S) == []
    strict = base(conflicts=(area,), band_limits=(2, 4, 8))
    assert h.neglected_conflicts(strict, TODAY, S)[0].code == "conflict_review_overdue"


@pytest.mark.parametrize(("days", "flagged"), [(30, False), (31, True)])
def test_internal_only_areas(days: int, flagged: bool) -> None:
    area = ConflictFacts(4, "Summer camps", openness="internal", identified_on=day(-days))
    found = h.neglected_conflicts(base(conflicts=(area,)), TODAY, S)
    assert bool(found) is flagged
    if flagged:
        assert found[0].code == "conflict_internal" and "not yet raised" in found[0].sentence
    raised = replace(area, openness="raised")
    assert h.neglected_conflicts(base(conflicts=(raised,)), TODAY, S) == []


def test_several_internal_areas_make_one_sentence() -> None:
    areas = (ConflictFacts(4, "Camps", openness="internal", identified_on=day(-40)),
             ConflictFacts(5, "Coaches", openness="internal", identified_on=day(-90)),
             ConflictFacts(6, "Fresh", openness="internal", identified_on=day(-3)))
    (signal,) = h.neglected_conflicts(base(conflicts=areas), TODAY, S)
    assert signal.link == ("conflict_area", 5)
    assert signal.sentence == ("2 conflict areas have not yet been raised with the partner; "
                               "the oldest, “Coaches”, has been kept internal for 90 days "
                               "(since 3 Mar 2026).")


def test_confidential_records_are_never_quoted() -> None:
    """Sentences reach the board pack, read by people the CEO has not named: a confidential
    conflict area or meeting is named by what it is, and its link opens it for those who may."""
    secret = ConflictFacts(4, "Poaching their head of maths", openness="internal",
                           identified_on=day(-90), residual_likelihood=5, residual_impact=5,
                           next_review=day(-5), confidential=True)
    action = ActionFacts(8, 41, "Call their chair about the merger", owner="Priya",
                         due_on=day(-3), confidential=True)
    signals = (h.neglected_conflicts(base(conflicts=(secret,)), TODAY, S)
               + h.overdue_actions(base(actions=(action,)), TODAY, S))
    text = " ".join(s.sentence for s in signals)
    assert len(signals) == 3
    assert "head of maths" not in text and "merger" not in text
    assert "The critical conflict area (confidential) was due for review" in text
    assert "The action of a confidential meeting (Priya) was due on 29 May 2026" in text
    assert [s.link for s in signals] == [("conflict_area", 4), ("conflict_area", 4),
                                         ("meeting", 41)]
    several = h.overdue_actions(base(actions=(action, replace(action, id=9, due_on=day(-1),
                                                              confidential=False))), TODAY, S)
    assert "the oldest, an action of a confidential meeting (Priya), was due" in \
        several[0].sentence


# ------------------------------------------------------------------------------ state


def test_state_watch_then_at_risk_from_many_warnings() -> None:
    unowned = (*base().milestones, MilestoneFacts(1, "A", owner_ours=False))
    internal = (ConflictFacts(2, "Camps", openness="internal", identified_on=day(-60)),)
    one = base(milestones=unowned)
    two = replace(one, conflicts=internal)
    three = replace(two, agreed_protocol=False)
    assert h.assess(one, TODAY).state == h.WATCH
    assert h.assess(two, TODAY).state == h.WATCH
    result = h.assess(three, TODAY)
    assert result.state == h.AT_RISK and "3 warning signs" in result.reason
    assert h.assess(three, TODAY, replace(S, watch_limit=4)).state == h.WATCH


def test_any_serious_signal_means_at_risk_and_comes_first() -> None:
    p = base(has_sponsor=False, milestones=(*base().milestones,
                                            MilestoneFacts(1, "A", owner_ours=False)))
    result = h.assess(p, TODAY)
    assert result.state == h.AT_RISK
    assert result.signals[0].code == "no_sponsor"
    assert result.by_category(h.INERTIA) == result.signals


def test_portfolio_of_inertia_fatigue_and_healthy() -> None:
    inertia = base(
        id=10, title="City University", has_lead=False, agreed_protocol=False,
        pursued_since=day(-70), agreement_id=None,
        milestones=(MilestoneFacts(11, "Data-sharing schedule", status="late",
                                   baseline=day(5), forecast=day(40), owner_theirs=False,
                                   snapshots=(day(5), day(20))),
                    MilestoneFacts(12, "First taster day", status="done", actual=day(-14),
                                   small_win=True)),
        actions=(ActionFacts(13, 14, "Name a project lead", owner="", due_on=day(-21)),),
    )
    fatigue = base(
        id=20, title="Northside Health Trust", est_ceo_hours_per_month=2.0,
        milestones=(MilestoneFacts(21, "Wellbeing pilot", status="done", actual=day(-120),
                                   small_win=True),),
        meetings=(MeetingFacts(22, day(-5), state="cancelled"),
                  MeetingFacts(23, day(-19), state="missed"),
                  MeetingFacts(24, day(-33), attendees=2, ceo_hours=5),
                  MeetingFacts(25, day(-47), attendees=2, ceo_hours=5),
                  MeetingFacts(26, day(-61), attendees=5, ceo_hours=5),
                  MeetingFacts(27, day(-75), attendees=5, ceo_hours=5),
                  MeetingFacts(28, day(-89), attendees=5, ceo_hours=5)),
    )
    healthy = base(id=30, title="Tech for Schools")
    results = {r.title: r for r in h.assess_all([inertia, fatigue, healthy], TODAY)}

    r = results["City University"]
    assert r.state == h.AT_RISK
    assert {s.category for s in r.signals} == {h.INERTIA}
    # The slip and its ever-later forecast are one milestone: one sentence says both.
    assert {s.code for s in r.signals} == {"no_lead", "milestone_slip",
                                           "actions_overdue", "milestone_unowned",
                                           "no_protocol"}
    sentences = {s.code: s.sentence for s in r.signals}
    assert sentences["no_lead"] == ("No day-to-day lead (person or division) is named for "
                                    "“City University”.")
    assert sentences["milestone_slip"] == ("“Data-sharing schedule” is now forecast for "
                                           "11 Jul 2026, 35 days after its baseline of "
                                           "6 Jun 2026. Its forecast has moved later at each "
                                           "of the last 2 reviews.")
    assert sentences["actions_overdue"] == ("The action “Name a project lead” (no owner) was "
                                            "due on 11 May 2026 and is not done.")
    assert sentences["no_protocol"] == ("Pursued for 10 weeks (since 23 Mar 2026) and no "
                                        "protocol has been agreed yet.")

    r = results["Northside Health Trust"]
    assert r.state == h.AT_RISK
    assert {s.category for s in r.signals} == {h.FATIGUE}
    assert {s.code for s in r.signals} == {"meetings_missed", "attendance_falling",
                                           "hours_above_estimate", "no_small_win"}
    sentences = {s.code: s.sentence for s in r.signals}
    assert sentences["meetings_missed"] == ("The last 2 meetings did not take place "
                                            "(cancelled, missed or never recorded) since "
                                            "13 May 2026.")
    assert sentences["hours_above_estimate"] == ("The CEO is spending 8.3 h a month on it, "
                                                 "317% above the 2 h estimated at screening.")
    assert sentences["no_small_win"].startswith("No small win for 17 weeks; the last was on "
                                                "1 Feb 2026.")

    r = results["Tech for Schools"]
    assert (r.state, r.signals) == (h.HEALTHY, ())
    assert h.count_by_state(list(results.values())) == {h.HEALTHY: 1, h.WATCH: 0,
                                                        h.AT_RISK: 2}


# ------------------------------------------------------------------------------ settings


def test_settings_from_stored_values_ignore_junk() -> None:
    s = HealthSettings.from_mapping({"protocol_weeks": 12, "small_win_weeks": "ten",
                                     "missed_in_a_row": -1, "unknown": 3, "watch_limit": True})
    assert s.protocol_weeks == 12
    assert s.small_win_weeks == HealthSettings().small_win_weeks
    assert s.missed_in_a_row == HealthSettings().missed_in_a_row
    assert s.watch_limit == HealthSettings().watch_limit
    assert HealthSettings.from_mapping(s.as_dict()) == s
    assert set(h.SETTING_LABELS) == set(s.as_dict())


# ------------------------------------------------------------------------------ cadence text


@pytest.mark.parametrize(("text", "days"), [
    ("monthly", 30), ("Termly", 121), ("quarterly", 91), ("every 6 weeks", 42), ("every 2 months", 60),
    ("4 times a year", 91), ("3 times a year", 121), ("twice a year", 182), ("fortnightly", 14), (14, 14),
    ("whenever", None), ("", None), (None, None), (0, None), (True, None),
])
def test_frequency_days(text: object, days: int | None) -> None:
    assert h.frequency_days(text) == days


def test_cadence_from_section_data_shapes() -> None:
    data = {"meetings": [
        {"type": "Strategic (CEOs)", "frequency": "termly"},
        {"kind": "operational", "every_weeks": 4},
        {"kind": "review", "per_year": 2},
        {"kind": "operational", "frequency": "as needed"},
        "junk",
    ]}
    assert h.cadence_from_data(data) == (Cadence("strategic", 121), Cadence("operational", 28),
                                         Cadence("review", 182))
    assert h.cadence_from_data({}) == ()
    assert h.cadence_from_data({"cadence": [{"every_days": 30}]}) == (Cadence("", 30),)


def test_a_draft_cadence_counts_from_the_start_of_the_partnership() -> None:
    p = base(agreed_protocol=False, protocol_since=None, pursued_since=day(-100),
             cadence=(Cadence("review", 365),))
    assert h.held_vs_expected(p, TODAY, 90)[0][1:] == (0, 0)
    assert h.behind_cadence(p, TODAY, S) == []


def test_a_serious_area_never_raised_and_in_no_clause_weighs_at_risk() -> None:
    """Named with its rating, the real days kept internal and the missing clause."""
    areas = (ConflictFacts(7, "Bidding for the same contract", likelihood=5, impact=5,
                           residual_likelihood=5, residual_impact=5, openness="internal",
                           identified_on=day(-75), handled=False),
             ConflictFacts(8, "Camps", openness="internal", identified_on=day(-40),
                           handled=False, residual_likelihood=1, residual_impact=2))
    signals = h.neglected_conflicts(base(conflicts=areas), TODAY, S)
    serious = next(x for x in signals if x.link == ("conflict_area", 7))
    assert serious.severity == h.AT_RISK
    assert serious.sentence == (
        "The critical conflict area “Bidding for the same contract” has been kept internal "
        "for 75 days, never raised with the partner, and no agreement clause handles it.")
    low = next(x for x in signals if x.link == ("conflict_area", 8))
    assert low.severity == h.WATCH and "kept internal for 40 days" in low.sentence
    assert h.assess(base(conflicts=areas), TODAY, S).state == h.AT_RISK
    # Handled by a clause: only the usual nudge to raise it, as a watch.
    handled = (dataclasses.replace(areas[0], handled=True),)
    (signal,) = h.neglected_conflicts(base(conflicts=handled), TODAY, S)
    assert signal.severity == h.WATCH


def test_several_growing_slips_make_one_sentence() -> None:
    ms = tuple(MilestoneFacts(i, f"Step {i}", baseline=day(10), forecast=day(10 + 10 * i),
                              snapshots=(day(10), day(10 + 5 * i)))
               for i in (1, 2, 3))
    signals = h.growing_slip(base(milestones=ms), TODAY, S)
    assert len(signals) == 1
    assert signals[0].sentence == ("The forecasts of 3 milestones have moved later at each "
                                   "of the last 2 reviews; “Step 3” most, by 30 days in all.")


def test_a_slip_and_its_growing_forecast_make_one_sentence() -> None:
    m = MilestoneFacts(5, "Aligned timetable", baseline=day(10), forecast=day(60),
                       snapshots=(day(10), day(30)))
    health = h.assess(base(milestones=(m,)), TODAY, S)
    about = [x.sentence for x in health.signals if x.link == ("milestone", 5)]
    assert len(about) == 1
    assert about[0].startswith("“Aligned timetable” is now forecast for ")
    assert "50 days after its baseline" in about[0]
    assert about[0].endswith(" Its forecast has moved later at each of the last 2 reviews.")
