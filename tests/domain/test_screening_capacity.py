"""Capacity rules below, at and above the strategic limit, and the CEO's hours."""

from __future__ import annotations

from planner.domain.capacity import (
    LAST_SLOT,
    OK,
    OVER_LIMIT,
    Choice,
    Engagement,
    apply_choice,
    capacity_state,
    check_pursue,
)


def strategic(n: int, hours: float = 2.0) -> list[Engagement]:
    return [Engagement(i, f"P{i}", "strategic", hours) for i in range(1, n + 1)]


def test_state_below_at_and_above_the_limit() -> None:
    below = capacity_state(strategic(5), limit=7, hours_budget=20)
    assert (below.status, below.strategic_used, below.strategic_free) == (OK, 5, 2)
    at = capacity_state(strategic(7), limit=7, hours_budget=20)
    assert (at.status, at.strategic_free) == (LAST_SLOT, 0)
    above = capacity_state(strategic(8), limit=7, hours_budget=20)
    assert above.status == OVER_LIMIT
    assert "1 over the limit" in above.summary()


def test_hours_over_budget_show_the_figure() -> None:
    portfolio = [*strategic(3, hours=5), Engagement(9, "Net", "network", 7.5)]
    state = capacity_state(portfolio, limit=7, hours_budget=20)
    assert state.hours_used == 22.5
    assert state.over_budget and state.hours_over == 2.5
    assert "2.5 over budget" in state.summary()
    assert len(state.by_tier["network"]) == 1


def test_pursue_below_the_limit_is_fine() -> None:
    check = check_pursue(strategic(5), Engagement(50, "New", "strategic"), 7, 40)
    assert check.status == OK and not check.needs_choice


def test_filling_the_last_slot_warns() -> None:
    check = check_pursue(strategic(6), Engagement(50, "New", "strategic"), 7, 40)
    assert check.status == LAST_SLOT
    assert "last of 7" in check.message
    assert not check.needs_choice


def test_one_too_many_opens_the_choice() -> None:
    check = check_pursue(strategic(7), Engagement(50, "New", "strategic"), 7, 40)
    assert check.needs_choice
    kinds = {(c.kind, c.target_id, c.tier) for c in check.choices}
    assert ("lower", 50, "operational") in kinds and ("lower", 50, "network") in kinds
    assert ("move", 3, "operational") in kinds and ("pause", 3, "") in kinds
    assert ("exit", 7, "") in kinds


def test_operational_and_network_have_no_slot_limit() -> None:
    check = check_pursue(strategic(7), Engagement(50, "New", "operational"), 7, 40)
    assert check.status == OK


def test_re_deciding_a_member_does_not_count_it_twice() -> None:
    check = check_pursue(strategic(7), Engagement(3, "P3", "strategic"), 7, 40)
    assert check.status == LAST_SLOT


def test_pursuing_over_the_hours_budget_says_so() -> None:
    check = check_pursue(strategic(2, hours=9), Engagement(50, "New", "network", 4), 7, 20)
    assert check.status == OK
    assert "22 hours a month against a budget of 20 (2 over)" in check.message


def test_each_choice_makes_room() -> None:
    portfolio = strategic(7)
    new = Engagement(50, "New", "strategic")
    for choice in (Choice("move", 2, "network"), Choice("pause", 2), Choice("exit", 2)):
        after_new, after = apply_choice(portfolio, new, choice)
        assert capacity_state([*after, after_new], 7, 40).status == LAST_SLOT
    lowered, after = apply_choice(portfolio, new, Choice("lower", 50, "operational"))
    assert lowered.tier == "operational"
    assert capacity_state([*after, lowered], 7, 40).strategic_used == 7


def test_fits_is_never_said_while_the_hours_go_over_budget() -> None:
    from planner.domain.capacity import Engagement, check_pursue

    portfolio = [Engagement(1, "Employer", "strategic", 12.0)]
    fits = check_pursue(portfolio, Engagement(2, "Club", "strategic", 4.0), 3, 20.0)
    assert fits.message.startswith("Fits the portfolio") and "16 of 20" in fits.message
    over = check_pursue(portfolio, Engagement(2, "Club", "strategic", 10.0), 3, 20.0)
    assert "Fits" not in over.message
    assert over.message == ("The strategic slots allow it (2 of 3 used), but the CEO's hours "
                            "do not: 22 hours a month against a budget of 20 (2 over).")
    network = check_pursue(portfolio, Engagement(2, "Club", "network", 10.0), 3, 20.0)
    assert "Fits" not in network.message and "needs no strategic slot" in network.message


def test_the_first_choice_offered_keeps_the_hours_within_budget() -> None:
    from planner.domain.capacity import (
        Engagement,
        check_pursue,
        hours_line,
        preferred_choice,
    )

    portfolio = [Engagement(1, "Alpha", "strategic", 6.0),
                 Engagement(2, "Beta", "strategic", 10.0)]
    check = check_pursue(portfolio, Engagement(3, "New", "strategic", 8.0), 2, 20.0)
    assert check.needs_choice and check.hours_after == 24.0
    first = check.choices[preferred_choice(check)]
    assert first.hours_after <= 20.0
    assert (first.kind, first.target_id) == ("pause", 1)  # "lower" and "move" keep 24 h
    assert hours_line(first.hours_after, 20.0) == \
        "CEO hours would be 18 of 20 a month: within budget."
    assert hours_line(24.0, 20.0).endswith("4 over budget.")


def test_a_limit_of_one_slot_reads_as_one() -> None:
    """Found in the real program with the limit set to 1: "All 1 strategic slots are
    taken", "This fills the last of 1 strategic slots"."""
    last = check_pursue(strategic(0), Engagement(50, "New", "strategic"), 1, 40)
    assert "This fills the one strategic slot:" in last.message
    over = check_pursue(strategic(1), Engagement(50, "New", "strategic"), 1, 40)
    assert over.message.startswith("The one strategic slot is taken.")
    seven = check_pursue(strategic(7), Engagement(50, "New", "strategic"), 7, 40)
    assert seven.message.startswith("All 7 strategic slots are taken.")
