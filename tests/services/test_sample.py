"""The sample portfolio: what a demo user sees is there, consistent and current."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from planner.domain.defaults import DEFAULT_CRITERIA, DEFAULT_GATES, default_weights_total
from planner.services.defaults import ensure_screening_defaults
from planner.services.sample import SAMPLE_NAME, create_sample
from planner.store.database import Store
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    ConflictHistory,
    Criterion,
    CriterionScore,
    Decision,
    Gate,
    GateResult,
    Meeting,
    MeetingAction,
    Milestone,
    MilestoneDependency,
    MilestoneSnapshot,
    Opportunity,
    Organisation,
    Person,
    Profile,
    Signatory,
    Signature,
    WeightProfile,
)


def test_defaults_are_complete_and_weights_total_100() -> None:
    assert default_weights_total() == 100
    assert len(DEFAULT_CRITERIA) == 9
    assert all(len(c.levels) == 5 and all(level.strip() for level in c.levels)
               for c in DEFAULT_CRITERIA)
    assert {c.name for c in DEFAULT_CRITERIA if c.direction == "cost"} == {
        "Capacity cost", "Conflict exposure"}
    assert [c.source for c in DEFAULT_CRITERIA if c.source] == ["conflict_register"]
    assert len(DEFAULT_GATES) == 5 and all(g.is_headline for g in DEFAULT_GATES)


def test_screening_defaults_seed_once(store: Store) -> None:
    with store.work() as work:
        ensure_screening_defaults(work)
    with store.work() as work:
        criteria, gates = ensure_screening_defaults(work)
        assert len(criteria) == 9 and len(gates) == 5
        assert work.count(Criterion) == 9 and work.count(Gate) == 5


def test_sample_counts_and_integrity(store: Store) -> None:
    create_sample(store)  # its speed is measured by bench/portfolio_json.py, not here
    assert store.check() == []
    with store.work() as w:
        assert w.count(Organisation) == 7
        assert w.count(Opportunity) == 6
        assert 15 <= w.count(Person) <= 25
        assert 6 <= w.count(ConflictArea) <= 10
        assert w.count(ConflictHistory) >= 5
        # One draft protocol (mental health) and one signed memorandum (university).
        assert sorted(a.state for a in w.list(Agreement)) == ["draft", "signed"]
        assert w.count(AgreementSection) >= 20
        assert w.count(Signatory) == 4 and w.count(Signature) == 2
        assert 28 <= w.count(Milestone) <= 32
        assert w.count(MilestoneDependency) >= 8
        assert w.count(MilestoneSnapshot) >= 8
        assert 3 <= w.count(Meeting) <= 10
        assert w.count(MeetingAction) >= 5
        assert w.count(WeightProfile) >= 1
        assert w.count(GateResult) == 30
        assert w.count(CriterionScore) == 54
        stages = sorted(o.stage for o in w.list(Opportunity))
        assert stages == ["declined", "pursued", "pursued", "pursued", "pursued", "screening"]
        tiers = {o.tier for o in w.list(Opportunity, stage="pursued")}
        assert tiers == {"strategic", "operational"}
        declined = w.first(Opportunity, stage="declined")
        assert declined is not None
        decision = w.first(Decision, opportunity_id=declined.id)
        assert decision is not None and decision.outcome == "decline" and decision.rationale
        org = w.first(Organisation, is_self=True)
        assert org is not None and org.name == SAMPLE_NAME
        profile = w.first(Profile, organisation_id=org.id)
        assert profile is not None
        assert profile.ceo_hours_per_month == 24 and profile.strategic_limit == 7
        assert len(profile.priorities) == 5 and len(profile.values) == 5


def test_sample_is_current_and_exercises_every_script(store: Store) -> None:
    today = dt.date.today()
    create_sample(store)
    with store.work() as w:
        milestones = w.list(Milestone)
        conflicts = w.list(ConflictArea)
        names = " ".join(p.name for p in w.list(Person))
        everything = names + " ".join(m.celebration_note + m.notes for m in milestones)
        everything += " ".join(m.notes for m in w.list(Meeting))
    assert any(m.status == "done" and m.actual_date for m in milestones)
    assert any(m.status == "late" for m in milestones)
    assert any(m.small_win for m in milestones)
    assert any(m.parent_id for m in milestones)
    assert any(m.forecast_date != m.baseline_date for m in milestones if m.status != "done")
    assert any(m.due_date and m.due_date > today and m.status != "done" for m in milestones)
    assert any(c.next_review and c.next_review < today and c.status != "closed"
               for c in conflicts)
    assert any(c.likelihood * c.impact >= 15 for c in conflicts)
    for letter in ("Ł", "ś", "ą", "Ε", "ل", "🤝"):
        assert letter in everything, letter


def test_sample_is_deterministic_for_a_given_day(tmp_path: Path) -> None:
    """Apart from the audit log's timestamps, the same day gives the same plan."""
    from planner.services.portfolio_json import export_portfolio

    day = dt.date(2026, 3, 1)
    documents = []
    for name in ("a", "b"):
        with Store.open(tmp_path / f"{name}.sqlite", create=True) as s:
            create_sample(s, today=day)
            document = json.loads(export_portfolio(s))
        del document["audit_events"]
        documents.append(document)
    assert documents[0] == documents[1]
    first = documents[0]["milestones"][0]
    assert first["start_date"] == "2025-07-04"  # 240 days before the given day
