"""A milestone that has slipped and is also past its forecast is one sentence in the
partnership's health (issue 16), not "is now forecast for …" and "was due on …" twice."""

from __future__ import annotations

from planner.domain import health as h
from planner.domain.health import MilestoneFacts
from tests.domain.test_health import TODAY, base, day


def test_a_slipped_milestone_past_its_forecast_is_one_sentence() -> None:
    fair = MilestoneFacts(5, "Careers fair", status="on_track", baseline=day(-40),
                          forecast=day(-10))
    health = h.assess(base(milestones=(fair,)), TODAY)
    about_fair = [s for s in health.signals if s.record_id == 5]
    assert [s.sentence for s in about_fair] == [
        "“Careers fair” was forecast for 22 May 2026, 30 days after its baseline of "
        "22 Apr 2026, and is not done (10 days late)."]
    assert about_fair[0].severity == h.WATCH and about_fair[0].link == ("milestone", 5)
    late = MilestoneFacts(5, "Careers fair", status="on_track", baseline=day(-80),
                          forecast=day(-50))  # 50 days late: at risk, whichever way
    (signal,) = [s for s in h.assess(base(milestones=(late,)), TODAY).signals
                 if s.record_id == 5]
    assert signal.severity == h.AT_RISK and signal.sentence.count(".") == 1


def test_other_milestones_are_still_counted_in_the_one_sentence() -> None:
    fair = MilestoneFacts(5, "Careers fair", status="on_track", baseline=day(-60),
                          forecast=day(-20))
    talk = MilestoneFacts(6, "Assembly talk", status="on_track", baseline=day(-8),
                          forecast=day(-5))
    signals = [s for s in h.assess(base(milestones=(fair, talk)), TODAY).signals
               if s.record_id in (5, 6)]
    assert [s.sentence for s in signals] == [
        "2 milestones are forecast later than their baselines; the furthest behind, "
        "“Careers fair”, was forecast for 12 May 2026, 40 days after its baseline of "
        "2 Apr 2026, and is not done (20 days late); 2 milestones are past their dates in "
        "all."]


def test_a_slip_of_one_milestone_and_lateness_of_another_stay_two_sentences() -> None:
    fair = MilestoneFacts(5, "Careers fair", status="on_track", baseline=day(10),
                          forecast=day(40))  # slipped, not yet late
    talk = MilestoneFacts(6, "Assembly talk", status="on_track", baseline=day(-3),
                          forecast=day(-3))  # late, not slipped
    signals = {s.code: s.record_id for s in h.assess(base(milestones=(fair, talk)),
                                                     TODAY).signals}
    assert signals["milestone_slip"] == 5 and signals["milestone_overdue"] == 6
