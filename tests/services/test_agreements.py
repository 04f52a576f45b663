"""Agreements service: builder edits, the frozen lifecycle, amendments, the conflict lint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from planner.services import agreements as svc
from planner.services.changes import ValidationError
from planner.store.database import Store
from planner.store.tables import ConflictArea, Opportunity, Organisation, Person, Profile

NAMES = {
    "polish": "Zoë Łukasiewicz-Żółć",
    "greek": "Ελένη Παπαδοπούλου",
    "cyrillic": "Дмитрий Иванов",
    "arabic": "ليلى حداد",
}


@dataclass
class Plan:
    opportunity_id: int
    conflict_id: int
    agreement_id: int


def make_plan(store: Store, *, high_conflict: bool = True) -> Plan:
    """Our trust, a partner with a contact, one partnership, one conflict area, a draft."""
    with store.work() as w:
        us = w.add(Organisation(name="Northfield Learning Trust", is_self=True))
        w.add(Profile(organisation_id=us.id, ceo_hours_per_month=20))
        partner = w.add(Organisation(name="Łódź Technika Sp. z o.o."))
        ceo = w.add(Person(organisation_id=us.id, name=NAMES["polish"], role="Chief executive"))
        theirs = w.add(Person(organisation_id=partner.id, name=NAMES["greek"],
                              role="Managing director", is_relationship_holder=True))
        opp = w.add(Opportunity(title="Engineering careers programme", partner_id=partner.id,
                                stage="pursued", tier="strategic", sponsor_id=ceo.id,
                                lead_id=theirs.id, est_ceo_hours_per_month=3))
        level = 5 if high_conflict else 1
        area = w.add(ConflictArea(opportunity_id=opp.id, title="Recruiting the same teachers",
                                  likelihood=level, impact=level, residual_likelihood=level,
                                  residual_impact=level))
    agreement_id, _ = svc.create_agreement(store, opp.id)
    return Plan(opp.id, area.id, agreement_id)


def link_conflict(store: Store, plan: Plan) -> None:
    detail = svc.get_agreement(store, plan.agreement_id)
    section = next(s for s in detail.sections if s.key == "conflicts")
    svc.update_section(store, section.id, "conflict_ids", [plan.conflict_id])


def test_new_draft_is_prefilled_from_templates(store: Store) -> None:
    plan = make_plan(store)
    detail = svc.get_agreement(store, plan.agreement_id)
    keys = [s.key for s in detail.sections]
    for key in ("parties", "status", "behaviours", "meetings", "data", "finance", "feedback",
                "monitoring", "conflicts", "term", "signatures"):
        assert key in keys
    parties = detail.sections[0]
    assert "Northfield Learning Trust" in parties.body and "{us}" not in parties.body
    assert all(s.guidance for s in detail.sections)
    finance = next(s for s in detail.sections if s.key == "finance")
    assert [r["party"] for r in finance.data["contributions"]] == [
        "Northfield Learning Trust", "Łódź Technika Sp. z o.o."]
    assert [p.name for p in detail.signatories] == [NAMES["polish"], NAMES["greek"]]
    assert detail.state == "draft" and detail.version == 1


def test_sections_add_move_remove_restore(store: Store) -> None:
    plan = make_plan(store)
    section_id, changes = svc.add_section(store, plan.agreement_id, "Safeguarding",
                                          position=1, body="- one\n- two")
    assert changes.touches("agreement_section")
    titles = [s.title for s in svc.get_agreement(store, plan.agreement_id).sections]
    assert titles[1] == "Safeguarding"
    svc.move_section(store, section_id, 0)
    detail = svc.get_agreement(store, plan.agreement_id)
    assert detail.sections[0].title == "Safeguarding"
    assert [s.position for s in detail.sections] == list(range(len(detail.sections)))
    snapshot, _ = svc.remove_section(store, section_id)
    assert "Safeguarding" not in [s.title for s in svc.get_agreement(
        store, plan.agreement_id).sections]
    svc.restore_section(store, snapshot)
    assert svc.get_agreement(store, plan.agreement_id).sections[0].title == "Safeguarding"


def test_bad_input_gets_clear_messages(store: Store) -> None:
    plan = make_plan(store)
    section = svc.get_agreement(store, plan.agreement_id).sections[0]
    with pytest.raises(ValidationError, match="cannot be empty"):
        svc.update_section(store, section.id, "title", "   ")
    with pytest.raises(ValidationError, match="must be a number"):
        svc.set_table(store, section.id, "contributions", [{"party": "A", "cash": "lots"}])
    with pytest.raises(ValidationError, match="cannot be negative"):
        svc.set_table(store, section.id, "contributions", [{"party": "A", "cash": -5}])
    with pytest.raises(ValidationError, match="longer than a day"):
        svc.set_table(store, section.id, "meetings", [{"kind": "x", "hours": 30}])
    with pytest.raises(ValidationError, match=r"“In effect from” .* is after “Review by”"):
        svc.update_agreement(store, plan.agreement_id, "effective_from", dt.date(2027, 1, 1))
        svc.update_agreement(store, plan.agreement_id, "review_on", dt.date(2026, 1, 1))
    # Odd but valid text is kept exactly: SQL-looking, emoji, right-to-left, a megabyte.
    for text in ("'; DROP TABLE agreement; --", "Celebrate 🎉 wins", NAMES["arabic"],
                 "x" * 1_000_000):
        svc.update_section(store, section.id, "body", text)
        assert svc.get_agreement(store, plan.agreement_id).sections[0].body == text
    with pytest.raises(ValidationError, match="too long"):
        svc.update_section(store, section.id, "body", "x" * 2_000_001)


def test_lint_blocks_agreement_while_high_conflict_has_no_clause(store: Store) -> None:
    plan = make_plan(store)
    with pytest.raises(ValidationError) as caught:
        svc.mark_agreed(store, plan.agreement_id)
    assert "Recruiting the same teachers" in str(caught.value)
    assert svc.get_agreement(store, plan.agreement_id).state == "draft"
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id, today=dt.date(2026, 3, 3))
    detail = svc.get_agreement(store, plan.agreement_id)
    assert detail.state == "agreed" and len(detail.fingerprint) == 64
    assert detail.agreed_on == dt.date(2026, 3, 3)


def test_low_conflict_does_not_block(store: Store) -> None:
    plan = make_plan(store, high_conflict=False)
    svc.mark_agreed(store, plan.agreement_id)
    assert svc.get_agreement(store, plan.agreement_id).state == "agreed"


def test_frozen_version_cannot_be_edited_and_amend_makes_version_2(store: Store) -> None:
    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    v1 = svc.get_agreement(store, plan.agreement_id)
    section = v1.sections[2]
    for call in (lambda: svc.update_section(store, section.id, "body", "changed"),
                 lambda: svc.add_section(store, v1.id, "New"),
                 lambda: svc.remove_section(store, section.id),
                 lambda: svc.move_section(store, section.id, 0),
                 lambda: svc.update_agreement(store, v1.id, "title", "Other"),
                 lambda: svc.add_signatory(store, v1.id, "Someone")):
        with pytest.raises(ValidationError, match="frozen"):
            call()
    with pytest.raises(ValidationError, match="reason"):
        svc.amend(store, v1.id, "  ")
    v2_id, _ = svc.amend(store, v1.id, "Add a safeguarding clause")
    v2 = svc.get_agreement(store, v2_id)
    assert (v2.version, v2.state, v2.supersedes_id) == (2, "draft", v1.id)
    assert [s.title for s in v2.sections] == [s.title for s in v1.sections]
    svc.add_section(store, v2_id, "Safeguarding", body="Both partners follow safeguarding law.")
    doc = svc.document(store, v2_id)
    assert doc.supersedes_version == 1 and "Added “Safeguarding”." in doc.changes
    svc.mark_agreed(store, v2_id)
    assert svc.get_agreement(store, v1.id).state == "superseded"
    old = svc.get_agreement(store, v1.id)
    assert old.fingerprint == v1.fingerprint and old.sections == v1.sections  # still readable
    assert [v[1] for v in old.versions] == [1, 2]
    with pytest.raises(ValidationError, match="replaced"):
        svc.update_section(store, section.id, "body", "changed")


def test_withdraw_restores_draft_and_older_state(store: Store) -> None:
    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    v2_id, _ = svc.amend(store, plan.agreement_id, "Dates")
    svc.mark_agreed(store, v2_id)
    svc.withdraw_agreed(store, v2_id)
    assert svc.get_agreement(store, v2_id).state == "draft"
    assert svc.get_agreement(store, plan.agreement_id).state == "agreed"


def test_fingerprint_is_stable_and_ignores_signing(store: Store) -> None:
    plan = make_plan(store)
    link_conflict(store, plan)
    svc.mark_agreed(store, plan.agreement_id)
    before = svc.get_agreement(store, plan.agreement_id).fingerprint
    people = svc.get_agreement(store, plan.agreement_id).signatories
    svc.record_signature(store, people[0].id, people[0].name, [[[0, 0], [5, 5]]])
    detail = svc.get_agreement(store, plan.agreement_id)
    assert detail.state == "partly_signed"
    from planner.domain.agreements import fingerprint

    assert fingerprint(svc.document(store, plan.agreement_id)) == before
    with pytest.raises(ValidationError, match="already signed"):
        svc.record_signature(store, people[0].id, people[0].name)
    svc.record_signature(store, people[1].id, people[1].name)
    assert svc.get_agreement(store, plan.agreement_id).state == "signed"
    with pytest.raises(ValidationError, match="cannot be signed"):
        svc.record_signature(store, people[1].id, people[1].name)


def test_draft_cannot_be_signed(store: Store) -> None:
    plan = make_plan(store)
    person = svc.get_agreement(store, plan.agreement_id).signatories[0]
    with pytest.raises(ValidationError, match="draft"):
        svc.record_signature(store, person.id, person.name)


def test_meeting_load_warns_when_unmanageable(store: Store) -> None:
    plan = make_plan(store)
    assert svc.meeting_load(store, plan.agreement_id).warnings == ()
    section = next(s for s in svc.get_agreement(store, plan.agreement_id).sections
                   if s.key == "meetings")
    svc.set_table(store, section.id, "meetings", [
        {"kind": "Weekly stand-up", "frequency": "weekly", "hours": 1.0, "ceo": True},
        {"kind": "Steering", "frequency": "fortnightly", "hours": 2.0, "ceo": True}])
    load = svc.meeting_load(store, plan.agreement_id)
    assert load.meetings_per_month > 6
    assert any("meetings a month" in w for w in load.warnings)
    assert any("CEO" in w for w in load.warnings)


def test_pinning_a_fingerprint_links_the_person(store: Store) -> None:
    plan = make_plan(store)
    with store.work() as w:
        w.add(Person(organisation_id=1, name="Грета Соколова", role="Chair"))
    new_id, _ = svc.add_signatory(store, plan.agreement_id, "грета соколова", "Chair")
    person = next(p for p in svc.get_agreement(store, plan.agreement_id).signatories
                  if p.id == new_id)
    assert person.person_id is not None  # linked by name, whatever the case
    svc.pin_fingerprint(store, new_id, " ".join(["ABCD"] * 16))
    assert svc.get_agreement(store, plan.agreement_id).signatories[-1].pinned_fingerprint == \
        "abcd" * 16
    assert ("abcd" * 16, "Грета Соколова") in svc.known_fingerprints(store)
    with pytest.raises(ValidationError, match="64 hexadecimal"):
        svc.pin_fingerprint(store, new_id, "abc")


def test_the_register_links_areas_only_to_draft_clauses_of_their_partnership(
        sample_store: Store) -> None:
    from planner.store.tables import Agreement, AgreementSection

    with sample_store.work() as work:
        draft = next(a for a in work.list(Agreement) if a.state == "draft")
        clause = next(s for s in work.list(AgreementSection, agreement_id=draft.id)
                      if s.key == "conflicts")
        mine = [a for a in work.list(ConflictArea) if a.opportunity_id == draft.opportunity_id]
        other = next(a for a in work.list(ConflictArea)
                     if a.opportunity_id != draft.opportunity_id)
    targets = svc.clause_targets(sample_store, mine[0].id or 0)
    assert [(t.section_id, t.linked) for t in targets] == [(clause.id, True)]
    assert "Conflict protocols" in targets[0].label
    with pytest.raises(ValidationError, match="does not belong to this partnership"):
        svc.link_conflict(sample_store, clause.id or 0, other.id or 0)
    changes = svc.link_conflict(sample_store, clause.id or 0, mine[0].id or 0, False)
    assert changes.touches("conflict_area") and changes.touches("agreement_section")
    assert svc.clause_targets(sample_store, mine[0].id or 0)[0].linked is False
