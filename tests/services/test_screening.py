"""Screening services: scores, gates, criteria, weights, decisions, capacity and the report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from planner.domain.capacity import Choice
from planner.services import screening as svc
from planner.services.changes import ValidationError
from planner.services.organisation import update_profile
from planner.store.database import Store
from planner.store.tables import AuditEvent, WeightProfile

TODAY = dt.date(2026, 11, 25)


def new_opp(store: Store, title: str, hours: float = 0.0) -> int:
    _c, ident = svc.create_opportunity(store, title)
    svc.update_opportunity(store, ident, "est_ceo_hours_per_month", hours)
    return ident


def screen_fully(store: Store, ident: int) -> None:
    """Every gate passed and every criterion scored with evidence: ready to pursue."""
    data = svc.load(store)
    for gate in data.gates:
        svc.set_gate_result(store, ident, gate.id, "pass", "checked")
    for criterion in data.criteria:
        svc.set_score(store, ident, criterion.id, 3, "seen at the visit")


def test_new_plan_has_default_criteria_and_gates(store: Store) -> None:
    data = svc.load(store)
    assert len(data.criteria) == 9 and len(data.gates) == 5
    assert sum(c.weight for c in data.criteria) == pytest.approx(100)
    assert {c.direction for c in data.criteria} == {"benefit", "cost"}


def test_scoring_changes_the_ranking(store: Store) -> None:
    a, b = new_opp(store, "Alpha"), new_opp(store, "Beta")
    fit = svc.load(store).criteria[0]
    svc.set_score(store, a, fit.id, 3, "")
    svc.set_score(store, b, fit.id, 4, "minutes of the March meeting")
    assert [r.title for r in svc.load(store).ranking()] == ["Beta", "Alpha"]
    svc.set_score(store, a, fit.id, 5, "")
    ranking = svc.load(store).ranking()
    assert [r.title for r in ranking] == ["Alpha", "Beta"]
    beta = ranking[1]
    assert beta.evidenced == 1 and beta.confidence == pytest.approx(1 / 9)
    with pytest.raises(ValidationError, match="level"):
        svc.set_score(store, a, fit.id, 6, "")


def test_duplicate_criterion_names_and_zero_weights_are_refused(store: Store) -> None:
    svc.load(store)
    with pytest.raises(ValidationError, match="already a criterion called “Strategic fit”"):
        svc.add_criterion(store, "  strategic FIT ")
    with pytest.raises(ValidationError, match="cannot be empty"):
        svc.add_criterion(store, "   ")
    _c, ident = svc.add_criterion(store, "Urgency", levels=["a", "b", "c", "d", "e"])
    with pytest.raises(ValidationError, match="already a criterion"):
        svc.update_criterion(store, ident, "name", "Sustainability")
    data = svc.load(store)
    with pytest.raises(ValidationError, match="above zero"):
        svc.set_weights(store, {c.id: 0 for c in data.criteria}, "testing")
    with pytest.raises(ValidationError, match="reason"):
        svc.set_weights(store, {c.id: 1 for c in data.criteria}, "  ")


def test_weights_are_logged_and_normalised(store: Store) -> None:
    data = svc.load(store)
    ids = [c.id for c in data.criteria]
    svc.set_weights(store, {ids[0]: 3, ids[1]: 1}, "Board asked for fit first", author="CEO")
    data = svc.load(store)
    assert data.criteria[0].weight == 75 and data.criteria[1].weight == 25
    assert all(c.weight == 0 for c in data.criteria[2:])
    assert data.weight_log[0].reason == "Board asked for fit first"
    with store.work() as w:
        assert w.count(WeightProfile) == 1
        assert any("weights agreed" in e.action for e in w.list(AuditEvent))


def test_pairwise_weights_store_the_consistency_ratio(store: Store) -> None:
    data = svc.load(store)
    n = len(data.criteria)
    matrix = [[1.0] * n for _ in range(n)]
    matrix[0][1], matrix[1][0] = 3.0, 1 / 3
    svc.set_weights(store, {c.id: 1 for c in data.criteria}, "pairwise session",
                    method="pairwise", pairwise=matrix)
    log = svc.load(store).weight_log[0]
    assert log.method == "pairwise" and log.consistency_ratio is not None
    with pytest.raises(ValidationError, match="reciprocal"):
        matrix[1][0] = 3.0
        svc.set_weights(store, {c.id: 1 for c in data.criteria}, "bad", method="pairwise",
                        pairwise=matrix)


def test_failed_gate_blocks_pursue_until_overridden(store: Store) -> None:
    ident = new_opp(store, "Risky")
    gate = svc.load(store).gates[1]
    svc.set_gate_result(store, ident, gate.id, "fail", "Their data terms clash with ours")
    with pytest.raises(ValidationError, match="cannot be pursued"):
        svc.decide(store, ident, "pursue", "Looks good", TODAY, tier="network")
    with pytest.raises(ValidationError, match="recorded reason"):
        svc.set_gate_result(store, ident, gate.id, "fail", "x", overridden=True)
    svc.set_gate_result(store, ident, gate.id, "fail", "x", overridden=True,
                        override_reason="They agreed to change the data terms in writing")
    # The other gates are still open and nothing is scored: pursuing says why.
    svc.decide(store, ident, "pursue", "The data terms were the only doubt; the board wants "
               "it started this term", TODAY, tier="network", despite=True)
    opp = svc.load(store).opportunity(ident)
    assert opp is not None and (opp.stage, opp.tier) == ("pursued", "network")


def test_declined_stays_visible_searchable_and_undo_restores(store: Store) -> None:
    ident = new_opp(store, "Free laptops")
    _c, token = svc.decide(store, ident, "decline", "Data terms against our values", TODAY)
    data = svc.load(store)
    opp = data.opportunity(ident)
    assert opp is not None and opp.stage == "declined"
    assert "against our values" in opp.search_text()
    row = next(r for r in data.ranking() if r.id == ident)
    assert row.rank is None
    svc.undo_decision(store, token)
    opp = svc.load(store).opportunity(ident)
    assert opp is not None and opp.stage == "screening" and not opp.decisions


def test_one_strategic_too_many_needs_a_choice(store: Store) -> None:
    update_profile(store, "strategic_limit", 2)
    update_profile(store, "ceo_hours_per_month", 10)
    first, second, third = (new_opp(store, t, 4) for t in ("One", "Two", "Three"))
    for ident in (first, second, third):
        screen_fully(store, ident)
    svc.decide(store, first, "pursue", "yes", TODAY, tier="strategic")
    check = svc.check_decision(store, second, "pursue", "yes", TODAY, tier="strategic")
    assert check is not None and check.status == "last_slot"
    svc.decide(store, second, "pursue", "yes", TODAY, tier="strategic")
    with pytest.raises(svc.CapacityChoiceNeeded) as caught:
        svc.decide(store, third, "pursue", "yes", TODAY, tier="strategic")
    assert "12 hours a month against a budget of 10" in caught.value.check.message
    _c, token = svc.decide(store, third, "pursue", "yes", TODAY, tier="strategic",
                           choice=Choice("pause", first, "", ""))
    data = svc.load(store)
    first_row = data.opportunity(first)
    assert first_row is not None and first_row.stage == "paused"
    assert data.capacity_state().strategic_used == 2
    svc.undo_decision(store, token)
    data = svc.load(store)
    assert data.opportunity(first).stage == "pursued"  # type: ignore[union-attr]
    assert data.opportunity(third).stage == "screening"  # type: ignore[union-attr]


def test_lower_tier_choice_pursues_at_that_tier(store: Store) -> None:
    update_profile(store, "strategic_limit", 1)
    a, b = new_opp(store, "A"), new_opp(store, "B")
    screen_fully(store, a)
    screen_fully(store, b)
    svc.decide(store, a, "pursue", "yes", TODAY, tier="strategic")
    svc.decide(store, b, "pursue", "yes", TODAY, tier="strategic",
               choice=Choice("lower", b, "network", ""))
    assert svc.load(store).opportunity(b).tier == "network"  # type: ignore[union-attr]


def test_bad_input_is_refused_with_clear_messages(store: Store) -> None:
    ident = new_opp(store, "X")
    with pytest.raises(ValidationError, match="rationale"):
        svc.decide(store, ident, "decline", "", TODAY)
    with pytest.raises(ValidationError, match="is before the decision date"):
        svc.decide(store, ident, "defer", "later", TODAY, review_on=TODAY - dt.timedelta(1))
    with pytest.raises(ValidationError, match="tier"):
        svc.check_decision(store, ident, "pursue", "go", TODAY, tier="")
    with pytest.raises(ValidationError, match="knowledge, money or authority"):
        svc.update_opportunity(store, ident, "we_give", [{"what": "Rooms", "kind": "love"}])
    with pytest.raises(ValidationError, match="one of network, coalition, unitary"):
        svc.update_opportunity(store, ident, "relational_context", "marriage")


def test_long_and_right_to_left_text_round_trips(store: Store) -> None:
    title = "شراكة مع مدرسة النور"  # right-to-left title
    ident = new_opp(store, title)
    rationale = "ب" * 1_000_000
    svc.decide(store, ident, "defer", rationale, TODAY)
    data = svc.load(store)
    opp = data.opportunity(ident)
    assert opp is not None and opp.title == title
    assert opp.decisions[0].rationale == rationale
    text = svc.report_text(svc.portfolio_report(store))
    assert title in text


def test_remove_and_restore_a_criterion(store: Store) -> None:
    ident = new_opp(store, "A")
    crit = svc.load(store).criteria[2]
    svc.set_score(store, ident, crit.id, 4, "seen it")
    _c, saved = svc.remove_criterion(store, crit.id)
    data = svc.load(store)
    assert crit.id not in {c.id for c in data.criteria}
    svc.restore_rows(store, saved)
    data = svc.load(store)
    assert data.opportunity(ident).scores[crit.id].level == 4  # type: ignore[union-attr]


def test_delete_and_restore_an_opportunity(store: Store) -> None:
    ident = new_opp(store, "Short-lived")
    svc.set_score(store, ident, svc.load(store).criteria[0].id, 2, "")
    _c, saved = svc.delete_opportunity(store, ident)
    assert svc.load(store).opportunity(ident) is None
    svc.restore_rows(store, saved)
    assert svc.load(store).opportunity(ident) is not None


def test_report_json_shape_on_the_sample(sample_store: Store) -> None:
    report = svc.portfolio_report(sample_store, today=TODAY)
    assert report["format"] == "partnership-planner/report" and report["version"] == 1
    assert {"criteria", "weights", "ranking", "stability", "weight_ranges",
            "capacity", "health"} <= set(report)
    first = report["ranking"][0]
    assert first["rank"] == 1 and first["stability"]["words"]
    declined = [r for r in report["ranking"] if r["stage"] == "declined"]
    assert declined and declined[0]["rank"] is None and declined[0]["decision"]["rationale"]
    assert report["capacity"]["strategic_limit"] == 7
    json.dumps(report)  # plain data only


def test_cli_report_prints_text_and_json(sample_file: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main
    from planner.store.engine import sqlite_backup

    copy = tmp_path / "copy.sqlite"
    sqlite_backup(sample_file, copy)
    assert main(["report", "--db", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "Capacity:" in out and "Rank" in out
    assert main(["report", "--db", str(copy), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "partnership-planner/report"


def test_unscored_conflict_exposure_takes_the_register_level(sample_store: Store) -> None:
    data = svc.load(sample_store)
    assert data.register_levels, "the sample records conflict areas"
    ident, level = next(iter(data.register_levels.items()))
    exposure = next(c for c in data.criteria if c.source == "conflict_register")
    svc.set_score(sample_store, ident, exposure.id, None, "")
    data = svc.load(sample_store)
    option = next(o for o in data.option_inputs() if o.id == ident)
    assert option.levels[exposure.id] == level
    assert exposure.id in option.evidenced
    # A level the user chose stands over the register's.
    other = 1 if level != 1 else 2
    svc.set_score(sample_store, ident, exposure.id, other, "our own view")
    option = next(o for o in svc.load(sample_store).option_inputs() if o.id == ident)
    assert option.levels[exposure.id] == other


def test_empty_plan_report_says_so(store: Store) -> None:
    text = svc.report_text(svc.portfolio_report(store))
    assert "No opportunities yet" in text and "Capacity: 0 of 7" in text


def test_gates_added_renamed_removed_and_restored(store: Store) -> None:
    ident = new_opp(store, "A")
    svc.set_score(store, ident, svc.load(store).criteria[0].id, 3, "")  # scored: it can rank
    _c, gate = svc.add_gate(store, "Safeguarding", "Are checks in place for every adult?")
    with pytest.raises(ValidationError, match="already a gate"):
        svc.add_gate(store, "safeguarding")
    svc.set_gate_result(store, ident, gate, "fail", "No checks yet")
    assert next(r for r in svc.load(store).ranking() if r.id == ident).failed_gates == (
        "Safeguarding",)
    svc.update_gate(store, gate, "name", "Safeguarding checks")
    _c, saved = svc.remove_gate(store, gate)
    assert next(r for r in svc.load(store).ranking() if r.id == ident).rank == 1
    svc.restore_rows(store, saved)
    data = svc.load(store)
    assert data.opportunity(ident).gates[gate].result == "fail"  # type: ignore[union-attr]
    assert any(g.name == "Safeguarding checks" for g in data.gates)


def test_top_group_size_is_kept_with_the_plan(store: Store) -> None:
    assert svc.load(store).top_k == 3
    svc.set_top_k(store, 5)
    assert svc.load(store).top_k == 5
    with pytest.raises(ValidationError):
        svc.set_top_k(store, 0)


def test_board_moves_change_tier_pause_exit_and_undo(store: Store) -> None:
    update_profile(store, "strategic_limit", 1)
    a, b = new_opp(store, "A"), new_opp(store, "B")
    for ident in (a, b):
        screen_fully(store, ident)
    svc.decide(store, a, "pursue", "yes", TODAY, tier="strategic")
    svc.decide(store, b, "pursue", "yes", TODAY, tier="network")
    with pytest.raises(svc.CapacityChoiceNeeded, match="The one strategic slot is taken"):
        svc.move_on_board(store, b, "strategic")
    _c, token = svc.move_on_board(store, a, "operational")
    assert svc.load(store).opportunity(a).tier == "operational"  # type: ignore[union-attr]
    svc.move_on_board(store, b, "strategic")
    _c, paused = svc.move_on_board(store, b, "pause")
    assert svc.load(store).opportunity(b).stage == "paused"  # type: ignore[union-attr]
    svc.undo_decision(store, paused)
    assert svc.load(store).opportunity(b).stage == "pursued"  # type: ignore[union-attr]
    svc.undo_decision(store, token)
    with pytest.raises(ValidationError, match="already strategic"):
        svc.move_on_board(store, a, "strategic")


def test_board_move_into_a_full_strategic_tier_takes_a_choice(store: Store) -> None:
    update_profile(store, "strategic_limit", 1)
    a, b = new_opp(store, "A", hours=4), new_opp(store, "B", hours=2)
    for ident in (a, b):
        screen_fully(store, ident)
    svc.decide(store, a, "pursue", "yes", TODAY, tier="strategic")
    svc.decide(store, b, "pursue", "yes", TODAY, tier="operational")
    check = svc.board_check(svc.load(store), b)
    labels = [c.label for c in check.choices]
    # Keeping B operational is what Cancel does; the other lower tier is offered.
    assert "Move “B” to network instead" in labels
    assert not any("“B” as operational" in text for text in labels)
    assert {"Move “A” to operational", "Pause “A”", "Exit “A”"} <= set(labels)
    with pytest.raises(ValidationError, match="no longer possible"):
        svc.move_on_board(store, b, "strategic", Choice("pause", 999))
    pause_a = next(c for c in check.choices if c.kind == "pause")
    _c, token = svc.move_on_board(store, b, "strategic", pause_a)
    data = svc.load(store)
    assert data.opportunity(b).tier == "strategic"  # type: ignore[union-attr]
    assert data.opportunity(a).stage == "paused"  # type: ignore[union-attr]
    svc.undo_decision(store, token)
    data = svc.load(store)
    assert data.opportunity(b).tier == "operational"  # type: ignore[union-attr]
    assert data.opportunity(a).stage == "pursued"  # type: ignore[union-attr]
    lower = next(c for c in check.choices if c.kind == "lower")
    svc.move_on_board(store, b, "strategic", lower)
    assert svc.load(store).opportunity(b).tier == "network"  # type: ignore[union-attr]
    assert svc.load(store).opportunity(a).tier == "strategic"  # type: ignore[union-attr]


def test_reloading_some_opportunities_matches_a_full_load(sample_store: Store) -> None:
    data = svc.load(sample_store)
    first, second = data.opportunities[0].id, data.opportunities[1].id
    fit = data.criteria[0]
    svc.set_score(sample_store, first, fit.id, 1, "changed")
    svc.update_opportunity(sample_store, second, "title", "Renamed to sort first")
    _c, new = svc.create_opportunity(sample_store, "A brand new one")
    partial = svc.reload_opportunities(sample_store, data, [first, second, new])
    full = svc.load(sample_store)
    assert partial.opportunities == full.opportunities
    assert [r.id for r in partial.ranking()] == [r.id for r in full.ranking()]
    svc.delete_opportunity(sample_store, new)
    assert svc.reload_opportunities(sample_store, partial, [new]).opportunity(new) is None


def test_an_unscored_opportunity_has_no_rank_confidence_or_stability(store: Store) -> None:
    """Not "score 0, ranked 1, in the top 3 in every plausible weighting": not yet scored."""
    scored = new_opp(store, "Scored")
    unscored = new_opp(store, "Unscored")
    data = svc.load(store)
    svc.set_score(store, scored, data.criteria[0].id, 2, "Evidence")
    data = svc.load(store)
    ranked = {r.id: r for r in data.ranking()}
    assert ranked[scored].rank == 1 and not ranked[scored].unscored
    assert ranked[unscored].rank is None and ranked[unscored].unscored
    assert unscored not in data.stability().shares
    report = svc.portfolio_report(store)
    row = next(r for r in report["ranking"] if r["id"] == unscored)
    assert row["not_yet_scored"] is True
    assert (row["rank"], row["score"], row["confidence"], row["stability"]) == (
        None, None, None, None)
    line = next(x for x in svc.report_text(report).splitlines() if "Unscored" in x)
    assert "not yet scored" in line and "0%" not in line


def test_pursue_caveats_say_what_is_not_yet_known(store: Store) -> None:
    ident = new_opp(store, "Holiday club")
    data = svc.load(store)
    caveats = svc.pursue_caveats(data, ident)
    assert caveats.unscreened and not caveats.needs_reason
    svc.set_gate_result(store, ident, data.gates[0].id, "pass", "Checked")
    caveats = svc.pursue_caveats(svc.load(store), ident)
    assert not caveats.unscreened and caveats.needs_reason
    assert data.gates[1].name in caveats.open_gates and caveats.confidence is None
    for gate in data.gates:
        svc.set_gate_result(store, ident, gate.id, "pass", "Checked")
    for criterion in data.criteria[:2]:
        svc.set_score(store, ident, criterion.id, 4, "Evidence")
    caveats = svc.pursue_caveats(svc.load(store), ident)
    assert caveats.open_gates == () and caveats.low_confidence and caveats.needs_reason
    assert caveats.sentence == f"Pursued with confidence {round(caveats.confidence * 100)}%."  # type: ignore[operator]
    for criterion in data.criteria:
        svc.set_score(store, ident, criterion.id, 4, "Evidence")
    caveats = svc.pursue_caveats(svc.load(store), ident)
    assert not caveats.needs_reason and caveats.sentence == ""


def test_decide_refuses_a_pursue_before_screening_unless_a_reason_is_confirmed(
        store: Store) -> None:
    """The Decision tab's rule holds in the service: scripts and the CLI meet it too."""
    bare = new_opp(store, "Holiday club")
    with pytest.raises(ValidationError, match="has not been screened") as refused:
        svc.decide(store, bare, "pursue", "Looks fun", TODAY, tier="network")
    assert "\n" not in str(refused.value)
    data = svc.load(store)
    for gate in data.gates:
        svc.set_gate_result(store, bare, gate.id, "pass", "checked")
    # Gates passed, nothing scored: still needs a reason.
    with pytest.raises(ValidationError, match=r"not fully screened \(no criterion scored yet\)"):
        svc.decide(store, bare, "pursue", "Looks fun", TODAY, tier="network")
    svc.set_score(store, bare, data.criteria[0].id, 4, "Seen it")
    with pytest.raises(ValidationError, match="confidence 11%"):
        svc.check_decision(store, bare, "pursue", "Looks fun", TODAY, tier="network")
    svc.decide(store, bare, "pursue", "The head asked us to start in the holidays", TODAY,
               tier="network", despite=True)
    # Defer and decline never need screening.
    other = new_opp(store, "Summer fair")
    svc.decide(store, other, "decline", "No capacity this year", TODAY)
    opp = svc.load(store).opportunity(bare)
    assert opp is not None and (opp.stage, opp.tier) == ("pursued", "network")
    assert opp.latest_decision is not None
    assert opp.latest_decision.rationale == (
        "Pursued with confidence 11%. The head asked us to start in the holidays")


def test_a_fully_screened_opportunity_is_pursued_without_caveats(store: Store) -> None:
    ident = new_opp(store, "Reading buddies")
    screen_fully(store, ident)
    svc.decide(store, ident, "pursue", "Top of the ranking", TODAY, tier="operational")
    opp = svc.load(store).opportunity(ident)
    assert opp is not None and opp.latest_decision is not None
    assert opp.latest_decision.rationale == "Top of the ranking"


def test_outcomes_and_tiers_are_enums_stored_as_the_same_words(store: Store) -> None:
    """Issue 15: StrEnums in the domain, equal to the strings plans already hold."""
    from sqlalchemy import text

    from planner.domain.capacity import TIERS, Tier
    from planner.domain.screening import Outcome

    assert [str(o) for o in svc.OUTCOMES] == ["pursue", "defer", "decline"]
    assert json.dumps(list(TIERS)) == '["strategic", "operational", "network"]'
    ident = new_opp(store, "Reading buddies")
    screen_fully(store, ident)
    svc.decide(store, ident, Outcome.PURSUE, "Top of the ranking", TODAY, tier=Tier.NETWORK)
    opp = svc.load(store).opportunity(ident)
    assert opp is not None and opp.latest_decision is not None
    assert (opp.stage, opp.tier, opp.latest_decision.outcome) == ("pursued", "network", "pursue")
    # What another tool reading the file or the server sees: the plain words.
    with store.engine.connect() as raw:
        row = raw.execute(text("SELECT outcome, tier FROM decision WHERE opportunity_id = :i"),
                          {"i": ident}).one()
    assert tuple(row) == ("pursue", "network")
    report = svc.portfolio_report(store)
    ranked = next(r for r in report["ranking"] if r["id"] == ident)
    assert json.loads(json.dumps(ranked["decision"]))["outcome"] == "pursue"
