"""The sample portfolio (services layer): a fictional trust and six opportunities.

Demos, screenshots and tests use it. Everything is invented and written in our own words.
Dates are placed relative to today, so the sample always looks current (milestones coming
up, reviews overdue), yet it is deterministic for a given day. Names in Polish, Greek and
Arabic (right-to-left) and an emoji or two exercise every script the renderers must handle.

Nearly all rows go in through one unit of work; the memorandum is then agreed and signed in
two more. A new sample file (:func:`write_sample`) is built beside its name and appears only
once all three are done, so a kill never leaves an empty or unsigned sample behind.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from planner.domain.capacity import Stage
from planner.domain.screening import Outcome
from planner.domain.timeline import MilestoneStatus
from planner.services import sample_texts as texts
from planner.services.changes import EVERYTHING, ChangeSet
from planner.services.defaults import ensure_screening_defaults
from planner.services.organisation import ensure_self
from planner.store.creation import new_plan
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    ConflictArea,
    ConflictHistory,
    Criterion,
    CriterionScore,
    Decision,
    GateResult,
    Meeting,
    MeetingAction,
    Milestone,
    MilestoneDependency,
    MilestoneSnapshot,
    Opportunity,
    Organisation,
    Person,
    Signatory,
    Signature,
    WeightProfile,
)

SAMPLE_NAME = "Riverbend Learning Trust"


class _Sample:
    """Builds the rows; ``d(n)`` is the date n days from the day the sample is made."""

    def __init__(self, work: UnitOfWork, today: dt.date) -> None:
        self.w = work
        self.today = today
        self.people: dict[str, int] = {}
        self.orgs: dict[str, int] = {}
        self.opps: dict[str, int] = {}
        self.conflicts: dict[str, int] = {}
        self.milestones: dict[str, int] = {}
        self.meeting_ids: dict[str, int] = {}

    def d(self, days: int) -> dt.date:
        return self.today + dt.timedelta(days=days)

    def at(self, days: int, hour: int = 9, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(self.d(days), dt.time(hour, minute), tzinfo=dt.UTC)

    def _id(self, row: Any) -> int:
        """Insert now (flushed), because later rows need the id."""
        self.w.add(row)
        assert row.id is not None
        return int(row.id)

    def _put(self, row: Any) -> None:
        """Insert at the next flush: rows nothing points to need no round trip each."""
        self.w.session.add(row)

    def _linked(self, section: str, agreement: str) -> list[int]:
        """The conflict areas an agreement's "Conflict protocols" section names."""
        if section != "conflicts":
            return []
        return [self.conflicts[key] for key in texts.LINKED_CONFLICTS[agreement]]

    # -------------------------------------------------------------- organisations, people

    def organisation(self) -> None:
        org, profile = ensure_self(self.w, SAMPLE_NAME)
        org.name = SAMPLE_NAME
        org.kind = "multi-academy trust"
        org.sector = "education"
        org.location = "Riverbend"
        org.notes = "Eleven schools: eight primary, three secondary with sixth forms."
        self.w.add(org)
        profile.vision = texts.VISION
        profile.priorities = list(texts.PRIORITIES)
        profile.values = list(texts.VALUES)
        profile.ceo_hours_per_month = 24.0
        profile.strategic_limit = 7
        self.w.add(profile)
        assert org.id is not None
        self.orgs["self"] = org.id

        for key, name, kind, sector, location, notes in texts.PARTNERS:
            self.orgs[key] = self._id(Organisation(name=name, kind=kind, sector=sector,
                                                   location=location, notes=notes))

        for key, org_key, name, role, holder, spanner in texts.PEOPLE:
            email = "" if org_key != "self" else (
                name.split()[0].lower().replace("ł", "l") + "@riverbend.example")
            self.people[key] = self._id(Person(
                organisation_id=self.orgs[org_key], name=name, role=role, email=email,
                is_relationship_holder=holder, is_boundary_spanner=spanner))

    # -------------------------------------------------------------- opportunities

    def opportunities(self) -> None:
        p = self.people
        rows: list[tuple[str, dict[str, Any]]] = [
            ("employer", dict(
                title="Engineering pathways with Harrowgate",
                partner_id=self.orgs["employer"], stage=Stage.PURSUED, tier="strategic",
                source="approach", date_identified=self.d(-300),
                purpose="Every secondary pupil meets working engineers and sees a real route "
                        "into skilled work in the valley.",
                goals="Mentors in all three secondaries; 40 work placements a year; "
                      "apprenticeship applications from our sixth forms doubled in two years.",
                we_give=[
                    {"what": "Curriculum time for co-designed engineering projects",
                     "kind": "knowledge"},
                    {"what": "Our standing with families when promoting apprenticeships",
                     "kind": "authority"},
                ],
                we_get=[
                    {"what": "Engineers as mentors, judges and guest teachers", "kind": "knowledge"},
                    {"what": "£18,000 a year for equipment and visits", "kind": "money"},
                ],
                relational_context="coalition", route="network", trust_stance="invest",
                trust_note="Trusting costs little here; not trusting would lose a keen partner "
                           "who already knows our staff.",
                sponsor_id=p["ceo"], lead_id=p["careers"], lead_division="Careers and Enterprise",
                boundary_spanners=[p["careers"], p["emp_ec"]],
                est_ceo_hours_per_month=5.0, est_staff_hours_per_month=30.0, est_cost=4000.0,
                est_income=18000.0, start_date=self.d(-240), review_date=self.d(60))),
            ("mental_health", dict(
                title="Early mental-health support in schools",
                partner_id=self.orgs["mental_health"], stage=Stage.PURSUED, tier="strategic",
                source="referral", date_identified=self.d(-270),
                purpose="Pupils get help with anxiety and low mood early, in school, from "
                        "people they already know.",
                goals="A named practitioner in every school; waiting time for a first "
                      "conversation under three weeks; staff trained in early signs.",
                we_give=[
                    {"what": "Rooms, timetable slots and a trained lead in each school",
                     "kind": "knowledge"},
                    {"what": "£12,000 a year towards practitioner time", "kind": "money"},
                ],
                we_get=[
                    {"what": "Clinical supervision and training for our pastoral teams",
                     "kind": "knowledge"},
                    {"what": "Faster referral routes agreed with the clinical service",
                     "kind": "authority"},
                ],
                relational_context="coalition", route="hierarchy", trust_stance="economise",
                trust_note="Pupil data and clinical risk call for written protocols first; "
                           "goodwill alone is not enough here.",
                sponsor_id=p["ceo"], lead_id=p["wellbeing"], lead_division="Pastoral",
                boundary_spanners=[p["wellbeing"], p["mh_nurse"]], rests_on_funding=True,
                est_ceo_hours_per_month=6.0, est_staff_hours_per_month=40.0, est_cost=12000.0,
                est_income=0.0, start_date=self.d(-180), review_date=self.d(30))),
            ("university", dict(
                title="Research school partnership with Wexmoor",
                partner_id=self.orgs["university"], stage=Stage.PURSUED, tier="operational",
                source="approach", date_identified=self.d(-220),
                purpose="Teachers use and add to research on teaching maths and reading.",
                goals="Two joint classroom studies a year; ten teachers on funded "
                      "postgraduate modules; a campus day for every Year 10.",
                we_give=[{"what": "Classrooms and teachers for practitioner research",
                          "kind": "knowledge"}],
                we_get=[
                    {"what": "Research expertise and module places", "kind": "knowledge"},
                    {"what": "Widening-participation funding for campus visits", "kind": "money"},
                ],
                relational_context="network", route="network", trust_stance="invest",
                trust_note="Low stakes; a relationship that grows through the people involved.",
                sponsor_id=p["deputy"], lead_id=p["deputy"], lead_division="Education",
                boundary_spanners=[p["uni_prof"]],
                est_ceo_hours_per_month=3.0, est_staff_hours_per_month=12.0, est_cost=1500.0,
                est_income=6000.0, start_date=self.d(-150), review_date=self.d(120))),
            ("neighbour", dict(
                title="Shared sixth-form curriculum with Oakfield",
                partner_id=self.orgs["neighbour"], stage=Stage.PURSUED, tier="strategic",
                source="approach", date_identified=self.d(-200),
                purpose="Students in both trusts can take any A level either trust offers, "
                        "taught well and reached by one bus.",
                goals="A joint options booklet; six shared courses from next September; one "
                      "timetable block aligned across both trusts.",
                we_give=[
                    {"what": "Further maths and engineering courses open to Oakfield students",
                     "kind": "knowledge"},
                    {"what": "Half the cost of the shared bus", "kind": "money"},
                ],
                we_get=[
                    {"what": "Languages and music courses we cannot staff alone",
                     "kind": "knowledge"},
                    {"what": "Joint say over post-16 planning with the local authority",
                     "kind": "authority"},
                ],
                relational_context="coalition", route="network", trust_stance="invest",
                trust_note="We compete for the same students; not trusting would keep both "
                           "trusts' courses too small to run.",
                sponsor_id=p["ceo"], lead_id=p["sixth"], lead_division="Post-16",
                boundary_spanners=[p["sixth"], p["oak_sixth"]],
                est_ceo_hours_per_month=7.0, est_staff_hours_per_month=25.0, est_cost=9000.0,
                est_income=0.0, start_date=self.d(-120), review_date=self.d(-5))),
            ("football", dict(
                title="Attendance and wellbeing programme with Castleford Athletic",
                partner_id=self.orgs["football"], stage=Stage.SCREENING, tier="",
                source="approach", date_identified=self.d(-60),
                purpose="Pupils at risk of persistent absence are drawn back by the club's "
                        "coaches and the pull of match days.",
                goals="Weekly sessions in four primaries; attendance of the targeted pupils "
                      "up by five points.",
                we_give=[{"what": "Pupil referrals and space in the school day",
                          "kind": "knowledge"}],
                we_get=[
                    {"what": "Coaches and mentors two afternoons a week", "kind": "knowledge"},
                    {"what": "Programme funding from the club's national fund", "kind": "money"},
                ],
                relational_context="network", route="network", trust_stance="invest",
                sponsor_id=p["deputy"], lead_id=p["wellbeing"], lead_division="Pastoral",
                boundary_spanners=[p["fc_comm"]], rests_on_funding=True,
                est_ceo_hours_per_month=4.0, est_staff_hours_per_month=10.0, est_cost=500.0,
                est_income=15000.0, notes="Deferred once until the season fixtures were known.")),
            ("tech", dict(
                title="Free devices and learning platform from Kestrel Digital",
                partner_id=self.orgs["tech"], stage=Stage.DECLINED, tier="",
                source="approach", date_identified=self.d(-160),
                purpose="Every Year 7 pupil gets a laptop with the company's platform.",
                we_give=[{"what": "Pupil usage data from the platform", "kind": "knowledge"},
                         {"what": "Our logo in the company's marketing", "kind": "authority"}],
                we_get=[{"what": "1,200 laptops and three years of licences", "kind": "money"}],
                relational_context="network", route="market", trust_stance="economise",
                trust_note="The terms asked for more trust than the company had earned.",
                sponsor_id=p["business"], lead_id=p["business"], lead_division="Operations",
                rests_on_funding=True,
                est_ceo_hours_per_month=2.0, est_staff_hours_per_month=20.0, est_cost=0.0,
                est_income=240000.0)),
        ]
        for key, fields in rows:
            self.opps[key] = self._id(Opportunity(**fields))

    # -------------------------------------------------------------- screening

    def screening(self) -> None:
        criteria, gates = ensure_screening_defaults(self.w)
        crit = {c.name: c for c in criteria}
        order = [c.name for c in criteria]
        # One row per opportunity: level per criterion (None = not scored yet), in the
        # order of the default criteria, with the evidence for each.
        scores: dict[str, list[tuple[int | None, str]]] = {
            "employer": [
                (5, "Priority 3 names routes into skilled local work; this is the main one."),
                (4, "Their apprentices volunteered at our summer school two years running."),
                (4, "Placements and mentors for about 600 pupils a year."),
                (4, "£18,000 a year plus staff expertise."),
                (4, "They need a local pipeline of technicians; said so in the first meeting."),
                (3, "Funded from their training budget, reviewed each year."),
                (3, "About five CEO hours a month during set-up."),
                (5, "Runs a well-regarded apprenticeship scheme."),
                (2, "Apprenticeships may draw students away from our sixth forms."),
            ],
            "mental_health": [
                (5, "Priority 2 depends on it."),
                (4, "Shared commitment to early help; visited two of our schools."),
                (5, "Early support for anxiety and low mood, in school."),
                (3, "Training for pastoral teams; fewer crisis referrals."),
                (4, "They must reduce waiting lists; school-based work helps."),
                (2, "Practitioner posts rest on a national funding stream."),
                (4, "Six CEO hours a month while protocols are agreed."),
                (4, "Established service, but recruitment is hard."),
                (3, "Both sides bid for the same wellbeing grants."),
            ],
            "university": [
                (4, "Priority 1: research on teaching maths and reading."),
                (4, "Professor Παπαδοπούλου taught in one of our schools."),
                (3, "Indirect: better teaching over several years."),
                (4, "Module places and research expertise."),
                (4, "They need schools for their research and placement students."),
                (4, "Part of the university's long-term outreach plan."),
                (2, "Light: a meeting a term."),
                (5, "A research-intensive school of education."),
                (1, "No overlap found."),
            ],
            "neighbour": [
                (5, "Priority 3 and the survival of small A-level courses."),
                (3, "Similar values; different styles of school improvement."),
                (4, "Wider choice of courses for about 700 students."),
                (4, "Keeps our further maths and engineering courses viable."),
                (5, "Their languages and music groups are too small to run alone."),
                (4, "Written into both trusts' three-year plans."),
                (4, "Seven CEO hours a month: timetables and admissions take senior time."),
                (4, "Good results at post-16; stable leadership."),
                (4, "We compete for the same Year 11s and the same maths teachers."),
            ],
            "football": [
                (3, "Priority 2, and attendance underpins priority 1."),
                (4, "Strong community ethos; worked with other schools nearby."),
                (3, "About 80 pupils at risk of persistent absence."),
                (2, ""),
                (None, ""),
                (2, "Depends on the club's national fund, renewed each season."),
                (2, ""),
                (None, ""),
                (2, "Possible clash over brand and photos of pupils."),
            ],
            "tech": [
                (2, "Devices help, but the platform duplicates what we have."),
                (1, "Terms let the company use pupil usage data for its own products."),
                (3, "Laptops for every Year 7 pupil."),
                (4, "Large in-kind value."),
                (5, "Marketing access to families; a large share of the value is theirs."),
                (1, "Licences end after three years with no plan beyond."),
                (2, "Mostly staff time for roll-out."),
                (3, "A young company growing fast."),
                (4, "Their platform competes with the one our schools use."),
            ],
        }
        for opp_key, levels in scores.items():
            for name, (level, evidence) in zip(order, levels, strict=True):
                criterion_id = crit[name].id
                assert criterion_id is not None
                self._put(CriterionScore(opportunity_id=self.opps[opp_key],
                                          criterion_id=criterion_id, level=level,
                                          evidence=evidence))

        pass_all = ("pass", "pass", "pass", "pass", "pass")
        gate_results: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
            "employer": (pass_all, (
                "Named in priority 3.", "Both sides gain for years: they need local talent.",
                "Within the CEO budget; lead named.", "Apprenticeship overlap raised openly.",
                "Terms of reference agreed in the first term.")),
            "mental_health": (("pass", "pass", "pass", "pass", "unknown"), (
                "Priority 2.", "Shared aim of early help.", "Lead and hours budgeted.",
                "Grant overlap discussed at the first meeting.",
                "Protocol drafted; data-sharing schedule still under review.")),
            "university": (pass_all, (
                "Priority 1.", "Long-term interest on both sides.", "Light commitment.",
                "No overlap.", "Simple memorandum signed.")),
            "neighbour": (("pass", "pass", "pass", "pass", "pass"), (
                "Priority 3.", "Both need viable courses.",
                "The heaviest CEO load; agreed by the board.",
                "Admissions competition named in the first meeting.",
                "Heads of sixth form have drafted protocols.")),
            "football": (("pass", "pass", "unknown", "unknown", "unknown"), (
                "Priority 2.", "Good record with other schools.",
                "Would take the CEO budget over 24 hours.", "", "")),
            "tech": (("fail", "fail", "pass", "unknown", "fail"), (
                "Duplicates our existing platform.",
                "Pupil data for marketing is against our values.", "Small CEO load.",
                "", "The company would not change its standard terms.")),
        }
        for opp_key, (results, rationales) in gate_results.items():
            for gate, result, rationale in zip(gates, results, rationales, strict=True):
                assert gate.id is not None
                self._put(GateResult(opportunity_id=self.opps[opp_key], gate_id=gate.id,
                                      result=result, rationale=rationale))

        self.weights(criteria)

        decisions = [
            ("employer", Outcome.PURSUE, "Central to priority 3; a willing partner with money.",
             -240, "strategic", 60),
            # Pursued with its protocol gate still open, as the Decision tab records it.
            ("mental_health", Outcome.PURSUE, "Pursued with gate still open: Protocols agreed. "
             "Priority 2 cannot be met without clinical partners; the protocol is being "
             "drafted with them.", -180, "strategic", 30),
            ("university", Outcome.PURSUE, "Low cost, good return; keep it light.", -150,
             "operational", 120),
            ("neighbour", Outcome.PURSUE, "Small courses close without it; competition managed "
             "through protocols.", -120, "strategic", -5),
            ("football", Outcome.DEFER,
             "Wait until the club's funding for next season is confirmed.",
             -40, "", 10),
            ("tech", Outcome.DECLINE, "The terms would give pupil data to the company for its own "
             "products, which fails our values gate; the platform also duplicates ours.",
             -130, "", None),
        ]
        for opp_key, outcome, rationale, when, tier, review in decisions:
            self._put(Decision(opportunity_id=self.opps[opp_key], outcome=outcome,
                                rationale=rationale, decided_on=self.d(when), tier=tier,
                                review_on=None if review is None else self.d(review)))

    def weights(self, criteria: list[Criterion]) -> None:
        first = {str(c.id): w for c, w in zip(
            criteria, (20.0, 12.0, 14.0, 10.0, 10.0, 8.0, 10.0, 8.0, 8.0), strict=True)}
        self._put(WeightProfile(method="direct", weights=first, author="Margaret Ellison",
                                 reason="First weighting, agreed by the executive team.",
                                 created_at=self.at(-280, 10)))
        agreed = {str(c.id): c.weight for c in criteria}
        self._put(WeightProfile(method="direct", weights=agreed, author="Margaret Ellison",
                                 reason="Board away-day: more weight on return to end users, "
                                        "agreed before looking at any scores.",
                                 created_at=self.at(-250, 15, 30)))

    # -------------------------------------------------------------- conflicts

    def conflict_areas(self) -> None:
        p = self.people
        rows: list[tuple[str, str, dict[str, Any]]] = [
            ("sixth_admissions", "neighbour", dict(
                title="Competing for the same Year 11 students",
                overlap_domain="Pupil admissions", tension_type="Value capture",
                description="Both trusts run sixth forms drawing on the same three towns; "
                            "shared courses could move students, and funding, between us.",
                drivers="Falling rolls in Year 11; funding follows each student.",
                openness="raised", partner_view="Oakfield accept the risk but want a cap "
                                                "on moves in the first year.",
                likelihood=4, impact=4, residual_likelihood=3, residual_impact=3,
                treatment="reduce", separation="customer group",
                owner_ours_id=p["sixth"], owner_theirs_id=p["oak_sixth"],
                review_every_days=60, next_review=self.d(-12), status="open",
                identified_on=self.d(-190))),
            ("maths_staff", "neighbour", dict(
                title="Recruiting the same maths teachers",
                overlap_domain="Staff recruitment", tension_type="Task and resource allocation",
                description="Shared courses need maths specialists both trusts are short of.",
                drivers="National shortage; similar pay scales.",
                openness="joint", partner_view="Agree a no-poaching courtesy during the "
                                               "first two years.",
                likelihood=3, impact=3, residual_likelihood=2, residual_impact=3,
                treatment="share", separation="people",
                owner_ours_id=p["deputy"], owner_theirs_id=p["oak_ceo"],
                review_every_days=90, next_review=self.d(25), status="monitoring",
                identified_on=self.d(-170))),
            ("sponsorship", "neighbour", dict(
                title="Bidding to take on the same struggling school",
                overlap_domain="School improvement and sponsorship", tension_type="Strategic direction",
                description="Both trusts may be asked to take on Brookside Primary, which sits "
                            "between us.",
                drivers="Regional growth plans; both boards want to grow.",
                openness="internal", likelihood=3, impact=5, residual_likelihood=3,
                residual_impact=4, treatment="accept",
                owner_ours_id=p["ceo"], review_every_days=30, next_review=self.d(-3),
                status="escalated", identified_on=self.d(-40), confidential=True)),
            ("referral_data", "mental_health", dict(
                title="Sharing pupil referral information",
                overlap_domain="Data and information", tension_type="Knowledge sharing vs protection",
                description="Referrals carry sensitive health information; each side keeps "
                            "records under different rules.",
                drivers="Different record systems and legal duties.",
                openness="agreed", partner_view="Happy with a separate data-sharing schedule.",
                likelihood=2, impact=5, residual_likelihood=1, residual_impact=4,
                treatment="reduce", separation="activity",
                owner_ours_id=p["dpo"], owner_theirs_id=p["mh_clin"],
                review_every_days=90, next_review=self.d(40), status="monitoring",
                identified_on=self.d(-170))),
            ("wellbeing_grant", "mental_health", dict(
                title="Applying for the same wellbeing grants",
                overlap_domain="Funding bids", tension_type="Value capture",
                description="Both sides apply to the county's wellbeing fund each spring.",
                drivers="One fund, several eligible bodies.",
                openness="joint", partner_view="Prefer joint bids with the trust as lead.",
                likelihood=3, impact=2, residual_likelihood=2, residual_impact=2,
                treatment="share", separation="time",
                owner_ours_id=p["business"], owner_theirs_id=p["mh_ceo"],
                review_every_days=180, next_review=self.d(100), status="open",
                identified_on=self.d(-160))),
            ("apprentices", "employer", dict(
                title="Apprenticeships drawing students from our sixth forms",
                overlap_domain="Post-16 provision", tension_type="Value capture",
                description="Strong apprenticeship offers at 16 could empty our engineering "
                            "A-level classes.",
                drivers="Good wages at 16; our sixth-form funding per student.",
                openness="raised", partner_view="Willing to offer post-18 routes too.",
                likelihood=3, impact=3, residual_likelihood=2, residual_impact=3,
                treatment="reduce", separation="activity",
                owner_ours_id=p["careers"], owner_theirs_id=p["emp_ec"],
                review_every_days=90, next_review=self.d(-20), status="open",
                identified_on=self.d(-220))),
            ("credit", "university", dict(
                title="Who takes credit for joint research",
                overlap_domain="Brand and media", tension_type="Identity",
                description="Publications may name the university only.",
                openness="agreed", partner_view="Both names on every output.",
                likelihood=2, impact=2, residual_likelihood=1, residual_impact=2,
                treatment="reduce", separation="",
                owner_ours_id=p["deputy"], owner_theirs_id=p["uni_prof"],
                review_every_days=180, next_review=self.d(70), status="monitoring",
                identified_on=self.d(-140))),
            ("pupil_data", "tech", dict(
                title="Pupil data used for the company's own products",
                overlap_domain="Data and information", tension_type="Value capture",
                description="Standard terms let the company reuse usage data.",
                openness="raised", partner_view="Terms are the same for every school.",
                likelihood=4, impact=4, residual_likelihood=4, residual_impact=4,
                treatment="avoid", owner_ours_id=p["dpo"], review_every_days=365,
                status="closed", identified_on=self.d(-150))),
            ("photos", "football", dict(
                title="Photos of pupils in club publicity",
                overlap_domain="Brand and media", tension_type="Identity",
                description="The club would like to publicise the programme with pupil photos.",
                openness="internal", likelihood=2, impact=3, residual_likelihood=2,
                residual_impact=3, treatment="", owner_ours_id=p["wellbeing"],
                review_every_days=90, next_review=self.d(15), status="open",
                identified_on=self.d(-50))),
        ]
        for key, opp_key, fields in rows:
            self.conflicts[key] = self._id(
                ConflictArea(opportunity_id=self.opps[opp_key], **fields))

        history = [
            ("sixth_admissions", -190, "Rhiannon Pugh", "status", "", "open", "Identified."),
            ("sixth_admissions", -150, "Margaret Ellison", "openness", "internal", "raised",
             "Raised with Andrew Coles at the CEOs' meeting."),
            ("sixth_admissions", -70, "Rhiannon Pugh", "likelihood", "3", "4",
             "Oakfield's new transport offer makes moves more likely."),
            ("maths_staff", -120, "Łukasz Wiśniewski", "openness", "raised", "joint",
             "Assessed together; courtesy agreed in principle."),
            ("maths_staff", -60, "Łukasz Wiśniewski", "status", "open", "monitoring", ""),
            ("sponsorship", -10, "Margaret Ellison", "status", "open", "escalated",
             "Board to decide before the regional meeting."),
            ("referral_data", -90, "Sam Porter", "openness", "joint", "agreed",
             "Data-sharing schedule drafted; see the protocol."),
            ("pupil_data", -130, "Grace Adeyemi", "status", "open", "closed",
             "Opportunity declined."),
        ]
        for key, when, who, field, old, new, note in history:
            self._put(ConflictHistory(conflict_id=self.conflicts[key], at=self.at(when, 16),
                                       who=who, field=field, old=old, new=new, note=note))

    # -------------------------------------------------------------- agreement

    def agreement(self) -> None:
        p = self.people
        agreement_id = self._id(Agreement(
            opportunity_id=self.opps["mental_health"],
            title="Protocol agreement: early mental-health support in schools",
            version=1, state="draft", binding=False, personal_data=True,
            effective_from=self.d(30), review_on=self.d(395), created_at=self.at(-100, 11)))

        for position, (key, title, body, data) in enumerate(texts.PROTOCOL_SECTIONS):
            self._put(AgreementSection(agreement_id=agreement_id, position=position, key=key,
                                        title=title, body=body, data=copy.deepcopy(data),
                                        conflict_ids=self._linked(key, "protocol")))
        signatories = [
            (p["ceo"], "Margaret Ellison", "Chief Executive", "Riverbend Learning Trust"),
            (p["mh_ceo"], "Helen Marsh", "Chief Executive",
             "Northvale Mental Health NHS Foundation Trust"),
        ]
        for position, (person_id, name, role, organisation) in enumerate(signatories):
            self._put(Signatory(agreement_id=agreement_id, person_id=person_id, name=name,
                                 role=role, organisation=organisation, position=position))

    def memorandum(self) -> int:
        """A short, signed memorandum with the university: what a finished protocol looks
        like. Its text is agreed and signed by :func:`_sign_memorandum` afterwards, through
        the agreements service, so its fingerprint is the real one."""
        p = self.people
        agreement_id = self._id(Agreement(
            opportunity_id=self.opps["university"],
            title="Memorandum: research school partnership with the University of Wexmoor",
            version=1, state="draft", binding=False, personal_data=False,
            effective_from=self.d(-138), review_on=self.d(227), created_at=self.at(-146, 14)))

        for position, (key, title, body, data) in enumerate(texts.MEMORANDUM_SECTIONS):
            self._put(AgreementSection(agreement_id=agreement_id, position=position, key=key,
                                        title=title, body=body, data=copy.deepcopy(data),
                                        conflict_ids=self._linked(key, "memorandum")))
        for position, (person, organisation) in enumerate(
                (("deputy", "Riverbend Learning Trust"), ("uni_prof", "University of Wexmoor"))):
            row = self.w.one(Person, p[person])
            self._put(Signatory(agreement_id=agreement_id, person_id=row.id, name=row.name,
                                 role=row.role, organisation=organisation, position=position))
        return agreement_id

    # -------------------------------------------------------------- milestones

    def milestone_rows(self) -> None:
        p = self.people
        # key, opportunity, parent, title, owner ours, owner theirs, start, baseline due,
        # forecast, actual, status, progress, small win, note
        Row = tuple[str, str, str | None, str, str, str | None, int, int, int | None,
                    int | None, str, int, bool, str]
        rows: list[Row] = [
            # Harrowgate
            ("e_setup", "employer", None, "Set up the engineering pathway", "careers", "emp_ec",
             -240, -120, None, -125, MilestoneStatus.DONE, 100, False, ""),
            ("e_tor", "employer", "e_setup", "Terms of reference agreed", "ceo", "emp_md",
             -240, -210, None, -212, MilestoneStatus.DONE, 100, True,
             "Signed over coffee at the works 🤝"),
            ("e_mentors", "employer", "e_setup", "Twelve mentors trained", "careers", "emp_ec",
             -185, -150, None, -140, MilestoneStatus.DONE, 100, False, ""),
            ("e_year", "employer", None, "First full year of placements", "careers", "emp_ec",
             -120, 120, 135, None, MilestoneStatus.AT_RISK, 45, False, ""),
            ("e_place", "employer", "e_year", "40 work placements confirmed", "careers", "emp_ec",
             -30, -10, 20, None, MilestoneStatus.LATE, 70, False,
             "Insurance paperwork held up eight places."),
            ("e_visits", "employer", "e_year", "First mentor visits in all three secondaries",
             "careers", "emp_ec", -45, -20, None, -21, MilestoneStatus.DONE, 100, True,
             "Forty Year 10s met engineers in their own classrooms."),
            ("e_project", "employer", "e_year", "Year 9 bridge-building project", "careers",
             "emp_ec", -5, 30, 30, None, MilestoneStatus.ON_TRACK, 30, True, ""),
            ("e_fair", "employer", "e_year", "Apprenticeship evening for parents", "careers",
             "emp_ec", 50, 75, 75, None, MilestoneStatus.NOT_STARTED, 0, True, ""),
            ("e_review", "employer", "e_year", "Year one review with both boards", "ceo",
             "emp_md", 100, 120, 135, None, MilestoneStatus.NOT_STARTED, 0, False, ""),
            # Northvale
            ("m_protocol", "mental_health", None, "Protocol agreed and signed", "wellbeing",
             "mh_clin", -150, 20, 45, None, MilestoneStatus.AT_RISK, 60, False, ""),
            ("m_draft", "mental_health", "m_protocol", "Draft protocol shared", "wellbeing",
             "mh_clin", -135, -100, None, -100, MilestoneStatus.DONE, 100, True, ""),
            ("m_dsa", "mental_health", "m_protocol", "Data-sharing schedule approved by both "
             "DPOs", "dpo", "mh_clin", -90, -30, 25, None, MilestoneStatus.LATE, 50, False, ""),
            ("m_sign", "mental_health", "m_protocol", "Chief executives sign", "ceo", "mh_ceo",
             10, 20, 45, None, MilestoneStatus.NOT_STARTED, 0, False, ""),
            ("m_roll", "mental_health", None, "Practitioners in all eleven schools",
             "wellbeing", "mh_nurse", -60, 200, 220, None, MilestoneStatus.ON_TRACK, 20, False, ""),
            ("m_pilot", "mental_health", "m_roll", "Pilot in two schools", "wellbeing",
             "mh_nurse", -50, -15, None, -18, MilestoneStatus.DONE, 100, True,
             "First pupils seen within two weeks of referral."),
            ("m_train", "mental_health", "m_roll", "First 100 staff trained in early signs",
             "wellbeing", "mh_nurse", -20, 20, 20, None, MilestoneStatus.ON_TRACK, 60, False, ""),
            ("m_wave2", "mental_health", "m_roll", "Second wave: five more schools", "wellbeing",
             "mh_nurse", 135, 160, 170, None, MilestoneStatus.NOT_STARTED, 0, False, ""),
            # Wexmoor
            ("u_study", "university", None, "First joint classroom study", "deputy", "uni_prof",
             -150, 60, 60, None, MilestoneStatus.ON_TRACK, 55, False, ""),
            ("u_question", "university", "u_study", "Research question agreed", "deputy",
             "uni_prof", -150, -120, None, -122, MilestoneStatus.DONE, 100, True, ""),
            ("u_ethics", "university", "u_study", "Ethics approval", "deputy", "uni_prof",
             -95, -60, None, -52, MilestoneStatus.DONE, 100, True,
             "Approved first time, no changes asked."),
            ("u_data", "university", "u_study", "Classroom data collected", "deputy", "uni_prof",
             -10, 30, 30, None, MilestoneStatus.ON_TRACK, 60, False, ""),
            ("u_modules", "university", None, "Ten teachers enrolled on postgraduate modules",
             "deputy", "uni_wp", -20, 15, 15, None, MilestoneStatus.ON_TRACK, 70, False, ""),
            ("u_campus", "university", None, "Campus day for every Year 10", "careers",
             "uni_wp", 120, 150, 150, None, MilestoneStatus.NOT_STARTED, 0, True, ""),
            # Oakfield
            ("n_offer", "neighbour", None, "Joint post-16 offer published", "sixth",
             "oak_sixth", -120, 30, 50, None, MilestoneStatus.AT_RISK, 55, False, ""),
            ("n_courses", "neighbour", "n_offer", "Six shared courses chosen", "sixth",
             "oak_sixth", -120, -80, None, -85, MilestoneStatus.DONE, 100, True, ""),
            ("n_booklet", "neighbour", "n_offer", "Joint options booklet printed", "sixth",
             "oak_sixth", -10, 30, 50, None, MilestoneStatus.AT_RISK, 40, False, ""),
            ("n_evening", "neighbour", "n_offer", "Joint open evening", "sixth", "oak_sixth",
             40, 45, 65, None, MilestoneStatus.NOT_STARTED, 0, True, ""),
            ("n_deliver", "neighbour", None, "Shared courses running", "sixth", "oak_sixth",
             -60, 280, 280, None, MilestoneStatus.ON_TRACK, 10, False, ""),
            ("n_timetable", "neighbour", "n_deliver", "Aligned timetable block", "deputy",
             "oak_ceo", -30, -20, 30, None, MilestoneStatus.LATE, 65, False,
             "Waiting on Oakfield's staffing plan."),
            ("n_bus", "neighbour", "n_deliver", "Shared bus contract let", "business", None,
             -5, 30, 30, None, MilestoneStatus.ON_TRACK, 25, False, ""),
            ("n_start", "neighbour", "n_deliver", "First shared lessons", "sixth", "oak_sixth",
             270, 280, 280, None, MilestoneStatus.NOT_STARTED, 0, True, ""),
        ]
        positions: dict[str, int] = {}
        for (key, opp, parent, title, ours, theirs, start, due, forecast, actual, status,
             progress, small_win, note) in rows:
            position = positions.get(opp, 0)
            positions[opp] = position + 1
            if actual is not None:
                expected = actual
            else:
                expected = forecast if forecast is not None else due
            self.milestones[key] = self._id(Milestone(
                opportunity_id=self.opps[opp],
                parent_id=None if parent is None else self.milestones[parent],
                title=title, definition_of_done=f"{title}, with evidence filed.",
                owner_ours_id=p[ours], owner_theirs_id=None if theirs is None else p[theirs],
                start_date=self.d(start), due_date=self.d(due), baseline_date=self.d(due),
                forecast_date=self.d(expected),
                actual_date=None if actual is None else self.d(actual),
                status=status, progress=progress, small_win=small_win,
                celebration_note=note if small_win and actual is not None else "",
                notes="" if small_win and actual is not None else note, position=position))

        dependencies = [
            ("e_tor", "e_mentors", "FS", 0), ("e_mentors", "e_visits", "FS", 0),
            ("e_mentors", "e_place", "FS", 7),
            ("e_place", "e_review", "FS", 30), ("e_project", "e_fair", "SS", 14),
            ("m_draft", "m_dsa", "FS", 0), ("m_dsa", "m_sign", "FS", 14),
            ("m_pilot", "m_wave2", "FS", 30), ("m_train", "m_wave2", "SS", 0),
            ("u_question", "u_ethics", "FS", 0), ("u_ethics", "u_data", "FS", 7),
            ("n_courses", "n_booklet", "FS", 0), ("n_booklet", "n_evening", "FS", 5),
            ("n_timetable", "n_start", "FS", 60), ("n_bus", "n_start", "SS", 0),
        ]
        for before, after, kind, lag in dependencies:
            self._put(MilestoneDependency(predecessor_id=self.milestones[before],
                                           successor_id=self.milestones[after], kind=kind,
                                           lag_days=lag))

    # -------------------------------------------------------------- meetings

    def meetings(self) -> None:
        rows: list[tuple[str, str, str, int, str, list[str], float, float, str, str]] = [
            ("n_ceo1", "neighbour", "strategic", -56, "held",
             ["Margaret Ellison", "Andrew Coles", "Rhiannon Pugh", "Fatima Rahman"], 2.0, 4.0,
             "Six shared courses confirmed. Admissions cap for year one to be drafted.",
             "A frank conversation about competing for Year 11s; both sides said it out loud."),
            ("n_ceo2", "neighbour", "strategic", -14, "held",
             ["Margaret Ellison", "Andrew Coles", "Fatima Rahman"], 1.5, 3.0,
             "Timetable block moved to the spring; booklet date slips three weeks.",
             "Rhiannon sent apologies; Fatima covered post-16 for both trusts."),
            ("m_ops1", "mental_health", "operational", -56, "held",
             ["Daniel Hughes", "Owen Bright", "ليلى حداد"], 0.0, 4.5,
             "Pilot schools chosen. Data schedule to both DPOs.", ""),
            ("m_ops2", "mental_health", "operational", -28, "cancelled",
             ["Daniel Hughes", "Owen Bright"], 0.0, 0.0, "",
             "Cancelled: clinical staffing emergency at Northvale."),
            ("m_ceo1", "mental_health", "strategic", -14, "held",
             ["Margaret Ellison", "Helen Marsh", "Daniel Hughes", "ليلى حداد"], 2.0, 3.0,
             "Signing moves back until the DPOs agree the schedule.",
             "Good pilot results; both CEOs want the second wave to go ahead 🎉"),
            ("e_ops1", "employer", "operational", -35, "held",
             ["Priya Natarajan", "Zofia Dąbrowska"], 0.0, 3.0,
             "Insurance cover for under-16 placements to be checked by Harrowgate.", ""),
            ("u_rev0", "university", "review", -100, "held",
             ["Łukasz Wiśniewski", "Ελένη Παπαδοπούλου"], 0.0, 3.0,
             "Ethics application to go in this month; ten module places offered.", ""),
            ("u_rev1", "university", "review", -21, "held",
             ["Łukasz Wiśniewski", "Ελένη Παπαδοπούλου", "Mark Ridley"], 1.0, 2.0,
             "Data collection on track; module places confirmed for ten teachers.", ""),
            ("n_ceo3", "neighbour", "strategic", 21, "planned",
             ["Margaret Ellison", "Andrew Coles"], 0.0, 0.0, "", "Agenda: admissions cap."),
        ]
        for key, opp, kind, when, state, attendees, ceo, staff, decisions, notes in rows:
            self.meeting_ids[key] = self._id(Meeting(
                opportunity_id=self.opps[opp], kind=kind, held_on=self.d(when), state=state,
                attendees=attendees, ceo_hours=ceo, staff_hours=staff, decisions=decisions,
                notes=notes, confidential=key == "n_ceo1"))  # frank talk about competing

        actions = [
            ("n_ceo1", "Draft the year-one admissions cap", "Rhiannon Pugh", -28, -30),
            ("n_ceo1", "Share staffing plans for the shared courses", "Andrew Coles", -35, None),
            ("n_ceo2", "Agree the new timetable block date", "Łukasz Wiśniewski", 7, None),
            ("n_ceo2", "Send the booklet draft to both heads", "Fatima Rahman", 10, None),
            ("m_ops1", "Send the data-sharing schedule to both DPOs", "Daniel Hughes", -49, -50),
            ("m_ceo1", "Meet the DPOs together to settle the schedule", "Sam Porter", 5, None),
            ("m_ceo1", "Plan the second wave of schools", "Owen Bright", 30, None),
            ("e_ops1", "Confirm insurance for under-16 placements", "Zofia Dąbrowska", -20,
             -12),
            ("e_ops1", "Send placement dates to the three secondaries", "Priya Natarajan", 14,
             None),
            ("u_rev1", "Enrol the ten teachers", "Mark Ridley", 14, -2),
        ]
        for meeting, text, owner, due, done in actions:
            self._put(MeetingAction(meeting_id=self.meeting_ids[meeting], text=text, owner=owner,
                                     due_on=self.d(due),
                                     done_on=None if done is None else self.d(done)))

    def snapshots(self) -> None:
        # Forecasts as they stood at two review meetings, so the slip chart has a history.
        rows: list[tuple[str, str, int, int, str]] = [
            # milestone, meeting, meeting day, forecast then, status then
            ("n_booklet", "n_ceo1", -56, 30, MilestoneStatus.ON_TRACK),
            ("n_booklet", "n_ceo2", -14, 50, MilestoneStatus.AT_RISK),
            ("n_timetable", "n_ceo1", -56, -20, MilestoneStatus.ON_TRACK),
            ("n_timetable", "n_ceo2", -14, 10, MilestoneStatus.LATE),
            ("n_offer", "n_ceo1", -56, 30, MilestoneStatus.ON_TRACK),
            ("n_offer", "n_ceo2", -14, 50, MilestoneStatus.AT_RISK),
            ("n_evening", "n_ceo1", -56, 45, MilestoneStatus.NOT_STARTED),
            ("n_evening", "n_ceo2", -14, 65, MilestoneStatus.NOT_STARTED),
            ("m_dsa", "m_ops1", -56, -30, MilestoneStatus.ON_TRACK),
            ("m_dsa", "m_ceo1", -14, 25, MilestoneStatus.LATE),
            ("m_sign", "m_ops1", -56, 20, MilestoneStatus.NOT_STARTED),
            ("m_sign", "m_ceo1", -14, 45, MilestoneStatus.NOT_STARTED),
            ("m_protocol", "m_ops1", -56, 20, MilestoneStatus.ON_TRACK),
            ("m_protocol", "m_ceo1", -14, 45, MilestoneStatus.AT_RISK),
        ]
        for milestone, meeting, when, forecast, status in rows:
            self._put(MilestoneSnapshot(milestone_id=self.milestones[milestone],
                                         meeting_id=self.meeting_ids[meeting], taken_on=self.d(when),
                                         forecast_date=self.d(forecast), status=status))


def _sign_memorandum(store: Store, agreement_id: int, today: dt.date) -> None:
    """Agree the memorandum's text (fixing its fingerprint), then record both signatures."""
    from planner.domain.agreements import state_after_signatures
    from planner.services.agreements import mark_agreed

    mark_agreed(store, agreement_id, today=today - dt.timedelta(days=140))
    with store.work() as work:
        signatories = work.list(Signatory, agreement_id=agreement_id, order_by=("position",))
        for offset, signatory in enumerate(signatories):
            assert signatory.id is not None
            signed = dt.datetime.combine(today - dt.timedelta(days=139 - offset),
                                         dt.time(10, 30), tzinfo=dt.UTC)
            work.add(Signature(signatory_id=signatory.id, signed_at=signed,
                               typed_name=signatory.name))
        agreement = work.one(Agreement, agreement_id)
        agreement.state = state_after_signatures(len(signatories), len(signatories))
        work.add(agreement)


def create_sample(store: Store, today: dt.date | None = None) -> ChangeSet:
    """Write the sample portfolio into ``store`` (an empty plan).

    One unit of work writes nearly everything; the memorandum is then agreed and signed
    through the agreements service, as a user would.
    """
    day = today or dt.date.today()
    with store.work() as work:
        sample = _Sample(work, day)
        sample.organisation()
        sample.opportunities()
        sample.screening()
        sample.conflict_areas()
        sample.agreement()
        memorandum = sample.memorandum()
        sample.milestone_rows()
        sample.meetings()
        sample.snapshots()
        work.audit("plan", None, "sample created", SAMPLE_NAME)
    _sign_memorandum(store, memorandum, day)
    return EVERYTHING


def write_sample(target: str | Path, today: dt.date | None = None) -> None:
    """The sample portfolio as a NEW plan file (``planner demo``, the window's sample),
    whole or not at all: StoreError if something is at ``target`` already."""
    with new_plan(target) as store:
        create_sample(store, today)
