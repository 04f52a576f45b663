"""The user's whole path through a plan, one step at a time, each on a freshly opened Store.

A journey step does what the user does in that step, through the services, on a plan opened
anew (``Journey.open``: ``Store.open`` on the file or server, closed at the end of the step),
then opens the plan once more and checks that the next session sees the work. Nothing is
carried between steps but the file (or database) and the ids a user would pick on screen.

The same steps run on a plan file (tests/journeys/test_services_journey.py) and on the team
database (tests/journeys/test_team_journey.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.store.database import Store

PASS_OURS = "journey passphrase ours"
PASS_THEIRS = "journey passphrase theirs"

US = "Northfield Learning Trust"
PARTNER = "Riverside Community Sports Club"
OTHER_PARTNER = "Łódź Technika Sp. z o.o."
CEO = "Ada Byrne"
PARTNER_CHAIR = "Sam Okafor"
OTHER_CONTACT = "Ελένη Παπαδοπούλου"
PARTNERSHIP = "After-school football for Year 7"
SECOND = "Engineering careers programme"


@dataclass
class Journey:
    """Where the plan lives, and the ids the user has met on the way."""

    target: str  # the plan file, or the team database's URL
    folder: Path  # for the files the journey writes (PDFs, identities, JSON)
    draft: str = ""  # the first plan, before partners and people were imported
    ids: dict[str, int] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    @contextmanager
    def open(self, target: str | None = None) -> Iterator[Store]:
        """The plan as a new session opens it; closed afterwards."""
        store = Store.open(target or self.target)
        try:
            yield store
        finally:
            store.close()


Step = Callable[[Journey], None]


# ----------------------------------------------------------------------------- the steps


def new_plan(j: Journey) -> None:
    j.draft = str(j.folder / "first-plan.sqlite")
    Store.open(j.draft, create=True).close()
    from planner.services.organisation import get_profile

    with j.open(j.draft) as s:
        assert get_profile(s).strategic_limit >= 1  # a new plan has a profile to fill in


def profile(j: Journey) -> None:
    from planner.services import organisation as org

    with j.open(j.draft) as s:
        org.update_profile(s, "name", US)
        org.update_profile(s, "vision", "Every child finds a club, a mentor and a trade.")
        org.update_profile(s, "priorities", ["Wellbeing", "Careers"])
        org.update_profile(s, "ceo_hours_per_month", 12)
        # One strategic slot, so that the second strategic pursuit is over the limit.
        org.update_profile(s, "strategic_limit", 1)
    with j.open(j.draft) as s:
        seen = org.get_profile(s)
    assert seen.name == US
    assert seen.priorities == ("Wellbeing", "Careers")
    assert (seen.ceo_hours_per_month, seen.strategic_limit) == (12, 1)


def partners_and_people(j: Journey) -> None:
    """Partner organisations and people: no service adds them yet (issue 16), so the user
    does what they can today: export the plan as portfolio JSON, add them to the file, and
    import it as a new plan (``planner import``; here its service)."""
    from planner.services.portfolio_json import export_portfolio, import_portfolio

    with j.open(j.draft) as s:
        document = json.loads(export_portfolio(s))
    add_partners_and_people(document)
    source = j.folder / "with-partners.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    import_portfolio(j.target, source.read_text(encoding="utf-8"), source.name)
    meet_partners_and_people(j)


def meet_partners_and_people(j: Journey) -> None:
    """The imported plan holds the profile, the partners and the people (their ids noted)."""
    from planner.services.organisation import get_profile
    from planner.services.screening import load
    from planner.services.timeline import people

    with j.open() as s:
        assert get_profile(s).name == US  # the profile came along
        known = {name: (ident, org) for ident, name, org in people(s)}
        partners = dict((name, ident) for ident, name in load(s).partners)
    assert set(partners) == {PARTNER, OTHER_PARTNER}
    assert known[PARTNER_CHAIR][1] == PARTNER and known[CEO][1] == US
    j.ids.update(partner=partners[PARTNER], other_partner=partners[OTHER_PARTNER],
                 ceo=known[CEO][0], chair=known[PARTNER_CHAIR][0],
                 other_contact=known[OTHER_CONTACT][0])


def add_partners_and_people(document: dict[str, Any]) -> None:
    """The partners and people a user types into an exported portfolio JSON."""
    orgs = document["organisations"]
    us = next(o for o in orgs if o["is_self"])
    new_id = max(o["id"] for o in orgs) + 1
    orgs.append({"id": new_id, "name": PARTNER, "kind": "club", "is_self": False})
    orgs.append({"id": new_id + 1, "name": OTHER_PARTNER, "kind": "company", "is_self": False})
    people = document.setdefault("people", [])
    first = max((p["id"] for p in people), default=0) + 1
    people += [
        {"id": first, "organisation_id": us["id"], "name": CEO, "role": "Chief executive"},
        {"id": first + 1, "organisation_id": new_id, "name": PARTNER_CHAIR, "role": "Chair",
         "is_relationship_holder": True},
        {"id": first + 2, "organisation_id": new_id + 1, "name": OTHER_CONTACT,
         "role": "Director", "is_relationship_holder": True},
    ]


def opportunity(j: Journey) -> None:
    from planner.services import screening as sc

    with j.open() as s:
        _changes, first = sc.create_opportunity(s, PARTNERSHIP, partner_id=j.ids["partner"])
        for name, value in (("sponsor_id", j.ids["ceo"]), ("lead_id", j.ids["chair"]),
                            ("purpose", "Year 7 pupils play weekly at the club."),
                            ("est_ceo_hours_per_month", 3)):
            sc.update_opportunity(s, first, name, value)
    with j.open() as s:
        _changes, second = sc.create_opportunity(s, SECOND, partner_id=j.ids["other_partner"])
        sc.update_opportunity(s, second, "est_ceo_hours_per_month", 2)
    with j.open() as s:
        data = sc.load(s)
    row = data.opportunity(first)
    assert row is not None and row.partner_name == PARTNER and row.stage == "screening"
    assert row.get("sponsor_id") == j.ids["ceo"] and row.get("est_ceo_hours_per_month") == 3
    assert data.opportunity(second) is not None
    j.ids.update(opportunity=first, second=second)


def gates_and_scores(j: Journey) -> None:
    from planner.services import screening as sc

    with j.open() as s:
        data = sc.load(s)
        assert data.gates and data.criteria  # the defaults a new plan is screened with
        for ident in (j.ids["opportunity"], j.ids["second"]):
            for gate in data.gates:
                sc.set_gate_result(s, ident, gate.id, "pass", "Checked with the partner.")
            for level, criterion in enumerate(data.criteria):
                sc.set_score(s, ident, criterion.id, 1 + level % 5, "From the first meeting.")
    with j.open() as s:
        data = sc.load(s)
    for ident in (j.ids["opportunity"], j.ids["second"]):
        row = data.opportunity(ident)
        assert row is not None
        assert {g.id for g in data.gates} == {g for g, r in row.gates.items()
                                              if r.result == "pass"}
        assert len(row.scores) == len(data.criteria)
    ranked = {r.id: r for r in data.ranking()}
    assert not ranked[j.ids["opportunity"]].failed_gates
    j.ids["gates"] = len(data.gates)


def decide(j: Journey) -> None:
    from planner.services import screening as sc

    today = dt.date.today()
    with j.open() as s:
        sc.decide(s, j.ids["opportunity"], "pursue", "Fits our wellbeing priority.", today,
                  tier="strategic")
    with j.open() as s:
        row = sc.load(s).opportunity(j.ids["opportunity"])
    assert row is not None and (row.stage, row.tier) == ("pursued", "strategic")
    assert row.latest_decision is not None and row.latest_decision.outcome == "pursue"

    # One more strategic partnership, over the limit of one: the service refuses and names
    # the ways to make room; nothing is saved until the user picks one.
    with j.open() as s:
        try:
            sc.decide(s, j.ids["second"], "pursue", "Careers priority.", today,
                      tier="strategic")
        except sc.CapacityChoiceNeeded as refused:
            check = refused.check
        else:
            raise AssertionError("a second strategic partnership over a limit of 1 was saved")
    assert check.needs_choice and "strategic slot" in check.message
    kinds = {(c.kind, c.target_id, c.tier) for c in check.choices}
    assert ("lower", j.ids["second"], "operational") in kinds
    assert ("move", j.ids["opportunity"], "operational") in kinds
    with j.open() as s:
        row = sc.load(s).opportunity(j.ids["second"])
    assert row is not None and row.stage == "screening" and not row.decisions
    lower = next(c for c in check.choices if c.kind == "lower" and c.tier == "operational")
    with j.open() as s:
        sc.decide(s, j.ids["second"], "pursue", "Careers priority, at operational level.",
                  today, tier="strategic", choice=lower)
    with j.open() as s:
        data = sc.load(s)
    second = data.opportunity(j.ids["second"])
    assert second is not None and (second.stage, second.tier) == ("pursued", "operational")
    assert data.capacity_state().strategic_used == 1


def conflict_area(j: Journey) -> None:
    from planner.services import conflicts as cf

    with j.open() as s:
        area, _changes = cf.create_area(s, {
            "opportunity_id": j.ids["opportunity"], "title": "Saturday pitches for both",
            "likelihood": 5, "impact": 4, "treatment": "reduce",
            "next_review": dt.date.today() + dt.timedelta(days=14)}, who="journey")
    with j.open() as s:
        row = cf.get_area(s, area)
        register = cf.register(s)
    assert row.title == "Saturday pitches for both" and row.opportunity_id == j.ids[
        "opportunity"]
    assert area in [r.id for r in register.rows]
    j.ids["area"] = area


def agreement(j: Journey) -> None:
    from planner.services import agreements as ag

    with j.open() as s:
        agreement_id, _changes = ag.create_agreement(s, j.ids["opportunity"])
    with j.open() as s:
        detail = ag.get_agreement(s, agreement_id)
        problems = ag.lint(s, agreement_id)
    keys = [sec.key for sec in detail.sections]
    assert {"parties", "conflicts", "signatures"} <= set(keys)
    assert US in detail.sections[0].body and PARTNER in detail.sections[0].body
    assert [p.name for p in detail.signatories] == [CEO, PARTNER_CHAIR]
    assert (detail.state, detail.version) == ("draft", 1)
    # The high conflict area has no clause yet: the lint says so.
    assert any("Saturday pitches for both" in p for p in problems)
    j.ids["agreement"] = agreement_id


def link_clause(j: Journey) -> None:
    from planner.services import agreements as ag

    with j.open() as s:
        targets = ag.clause_targets(s, j.ids["area"])
        assert [t.agreement_id for t in targets] == [j.ids["agreement"]]
        ag.link_conflict(s, targets[0].section_id, j.ids["area"])
    with j.open() as s:
        detail = ag.get_agreement(s, j.ids["agreement"])
        problems = ag.lint(s, j.ids["agreement"])
    clause = next(sec for sec in detail.sections if sec.key == "conflicts")
    assert j.ids["area"] in clause.conflict_ids
    assert problems == []


def mark_agreed(j: Journey) -> None:
    from planner.services import agreements as ag

    with j.open() as s:
        ag.mark_agreed(s, j.ids["agreement"])
    with j.open() as s:
        detail = ag.get_agreement(s, j.ids["agreement"])
    assert detail.state == "agreed" and len(detail.fingerprint) == 64
    assert detail.agreed_on == dt.date.today()


def sign(j: Journey) -> None:
    from planner.services import agreements as ag
    from planner.services import identities

    make_identities(j)
    ours = identities.open_identity(j.files["identity_ours"], PASS_OURS)
    out = j.folder / "signed-once.pdf"
    with j.open() as s:
        people = ag.get_agreement(s, j.ids["agreement"]).signatories
        ag.export_agreement_pdf(s, j.ids["agreement"], out, sign=True, identity=ours.path,
                                passphrase=PASS_OURS, signatory_id=people[0].id)
    j.files["signed_once"] = out
    signed_once(j)


def make_identities(j: Journey) -> None:
    """Each signatory's digital identity (a self-signed certificate; not in the plan)."""
    from planner.services import identities

    ours = identities.create_identity(j.folder, CEO, US, "Chief executive", PASS_OURS)
    theirs = identities.create_identity(j.folder, PARTNER_CHAIR, PARTNER, "Chair", PASS_THEIRS)
    j.files.update(identity_ours=ours.path, identity_theirs=theirs.path)


def signed_once(j: Journey) -> None:
    """Our chief executive's digital signature is in the plan and in the file."""
    from planner.services import agreements as ag
    from planner.services import identities

    ours = identities.open_identity(j.files["identity_ours"], PASS_OURS)
    with j.open() as s:
        detail = ag.get_agreement(s, j.ids["agreement"])
    assert detail.state == "partly_signed"
    first = detail.signatories[0].signature
    assert first is not None and first.digital and first.cert_fingerprint == ours.fingerprint
    assert detail.signatories[1].signature is None
    ok, text = ag.verify_text(j.files["signed_once"], [ours.fingerprint])
    assert ok, text


def countersign(j: Journey) -> None:
    from planner.services import agreements as ag
    from planner.services.identities import open_identity

    out = j.folder / "signed-twice.pdf"
    with j.open() as s:
        people = ag.get_agreement(s, j.ids["agreement"]).signatories
        ag.countersign_pdf(s, j.files["signed_once"], out, j.files["identity_theirs"],
                           PASS_THEIRS, signatory_id=people[1].id)
    with j.open() as s:
        detail = ag.get_agreement(s, j.ids["agreement"])
    assert detail.state == "signed"
    assert all(p.signature is not None and p.signature.digital for p in detail.signatories)
    trusted = [open_identity(j.files[k], p).fingerprint
               for k, p in (("identity_ours", PASS_OURS), ("identity_theirs", PASS_THEIRS))]
    report = ag.verify_pdf(out, trusted)
    assert [sig.sound for sig in report.signatures] == [True, True]
    assert report.intact and not report.empty_fields
    j.files["signed_twice"] = out


def amend(j: Journey) -> None:
    from planner.services import agreements as ag

    with j.open() as s:
        new_id, _changes = ag.amend(s, j.ids["agreement"], "Add the summer holiday camp.")
    with j.open() as s:
        v1 = ag.get_agreement(s, j.ids["agreement"])
        v2 = ag.get_agreement(s, new_id)
    assert (v2.state, v2.version, v2.amendment_reason) == ("draft", 2,
                                                           "Add the summer holiday camp.")
    assert v1.state == "signed"  # in force until version 2 is agreed
    assert [sec.title for sec in v2.sections] == [sec.title for sec in v1.sections]
    j.ids["amendment"] = new_id


def milestones(j: Journey) -> None:
    from planner.services import timeline as tl

    today = dt.date.today()
    with j.open() as s:
        kickoff, _changes = tl.create_milestone(s, j.ids["opportunity"], {
            "title": "First training session", "start_date": today,
            "due_date": today + dt.timedelta(days=14), "owner_ours_id": j.ids["ceo"],
            "small_win": True})
        season, _changes = tl.create_milestone(s, j.ids["opportunity"], {
            "title": "End-of-season tournament", "due_date": today + dt.timedelta(days=120)})
        tl.add_dependency(s, kickoff, season)
    with j.open() as s:
        data = tl.load_timeline(s, j.ids["opportunity"])
        after = tl.dependencies_of(s, season)
    titles = {item.id: item.title for item in data.items}
    assert titles[kickoff] == "First training session"
    assert titles[season] == "End-of-season tournament"
    assert [d["predecessor_id"] for d in after] == [kickoff]
    j.ids.update(milestone=kickoff, season=season)


def meeting(j: Journey) -> None:
    from planner.services import meetings as mt

    today = dt.date.today()
    data = mt.MeetingData(
        opportunity_id=j.ids["opportunity"], held_on=today, kind="operational",
        attendees=(CEO, PARTNER_CHAIR), ceo_hours=1.5, decisions="Start on Tuesdays.",
        actions=(mt.ActionData("Book the minibus", owner=CEO,
                               due_on=today + dt.timedelta(days=7)),))
    with j.open() as s:
        meeting_id, _changes = mt.create_meeting(s, data)
    with j.open() as s:
        saved = mt.get_meeting(s, meeting_id)
    assert (saved.held_on, saved.decisions, saved.ceo_hours) == (today, "Start on Tuesdays.",
                                                                   1.5)
    assert [a.text for a in saved.actions] == ["Book the minibus"]
    assert saved.open_actions == 1
    j.ids["meeting"] = meeting_id


def small_win(j: Journey) -> None:
    from planner.services import timeline as tl

    with j.open() as s:
        tl.celebrate(s, j.ids["milestone"], "Forty pupils came to the first session!")
    with j.open() as s:
        wins = tl.recent_wins(s)
        row = tl.get_milestone(s, j.ids["milestone"])
    assert [(w.milestone_id, w.note) for w in wins] == [
        (j.ids["milestone"], "Forty pupils came to the first session!")]
    assert (row["status"], row["progress"]) == ("done", 100)


def board_pack(j: Journey) -> None:
    from planner.services.dashboard import export_boardpack

    out = j.folder / "board-pack.pdf"
    with j.open() as s:
        export_boardpack(s, out)
    text = pdf_text(out)
    assert PARTNERSHIP in text and SECOND in text
    assert "Strategic partnerships 1 of 1" in text  # the one strategic slot, used
    # The CEO's 1.5 hours at today's meeting, on the day the partnership was pursued.
    assert "1.5 h actual" in text and "1.5 h of 3 h" in text
    assert "Forty pupils came to the first session!" in text  # the small win
    j.files["board_pack"] = out


def pdf_text(path: Path) -> str:
    """The text of a PDF as another reader (pypdf) extracts it, on one line per page."""
    from pypdf import PdfReader

    return "\n".join(" ".join((page.extract_text() or "").split())
                     for page in PdfReader(str(path)).pages)


STEPS: list[tuple[str, Step]] = [
    ("new plan", new_plan),
    ("organisation profile", profile),
    ("partner organisations and people", partners_and_people),
    ("opportunity", opportunity),
    ("gates and scores", gates_and_scores),
    ("decide", decide),
    ("conflict area", conflict_area),
    ("agreement from templates", agreement),
    ("link the area to a clause", link_clause),
    ("mark agreed", mark_agreed),
    ("sign", sign),
    ("countersign", countersign),
    ("amend", amend),
    ("milestones", milestones),
    ("record a meeting", meeting),
    ("celebrate a small win", small_win),
    ("board pack", board_pack),
]
