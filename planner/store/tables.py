"""The database schema (store layer): every table of the planner, as SQLModel classes.

Table models do not validate their input (SQLModel skips validation for ``table=True``),
so the services validate before writing and the schema carries CHECK constraints as a
last line of defence. Rows link to each other by id only: no ORM relationships, so a
detached row can never trigger a lazy load after its session is closed.

Lists and small structured values (values, priorities, anchored levels, weights) are JSON
columns, which SQLite and PostgreSQL both store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint, false
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel


def _json(default: Any = None) -> Any:
    return Field(default_factory=lambda: default() if callable(default) else default,
                 sa_column=Column(JSON, nullable=False))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


VERSION_COLUMN = "row_version"

# Table models never validate (see above), so pydantic's validator and serializer for each
# are built only if something asks for them: defining the 24 tables costs ~40 ms less at
# start-up. The columns, the mapping and the rows are the same.
DEFERRED: Any = {"from_attributes": True, "defer_build": True}


class Versioned(SQLModel):
    """Base of every table a user edits: a row version for optimistic locking.

    SQLAlchemy raises on an UPDATE or DELETE whose row changed since it was read (its
    ``version_id_col``), so two people saving the same record cannot silently overwrite
    each other. The counter is bookkeeping, not plan content: exports leave it out and
    inserts start it at 1. (Named ``row_version`` because an agreement already has a
    ``version``: its document version.)
    """

    model_config = DEFERRED

    row_version: int = Field(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        table = cls.__table__  # type: ignore[attr-defined]  # set on each table class
        return {"version_id_col": table.c[VERSION_COLUMN]}


# --------------------------------------------------------------------------- organisations


class Organisation(Versioned, table=True):
    """Our own organisation (``is_self``) or a partner organisation."""

    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="organisation_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    is_self: bool = False
    kind: str = ""  # school, trust, charity, health trust, company, university, club ...
    sector: str = ""
    location: str = ""
    website: str = ""
    notes: str = ""


class Profile(Versioned, table=True):
    """The organisation profile: what every opportunity is screened against (one row)."""

    __tablename__ = "profile"
    __table_args__ = (
        CheckConstraint("ceo_hours_per_month >= 0 AND ceo_hours_per_month <= 744",
                        name="profile_hours"),
        CheckConstraint("strategic_limit >= 1 AND strategic_limit <= 50",
                        name="profile_limit"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", unique=True)
    vision: str = ""
    priorities: list[str] = _json(list)
    values: list[str] = _json(list)
    ceo_hours_per_month: float = 20.0
    strategic_limit: int = 7
    # Conflict bands on likelihood x impact: upper bound of low, medium and high scores.
    band_limits: list[int] = _json(lambda: [4, 9, 15])
    settings: dict[str, Any] = _json(dict)


class Person(Versioned, table=True):
    __tablename__ = "person"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="person_name"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    is_relationship_holder: bool = False
    is_boundary_spanner: bool = False
    cert_fingerprint: str = ""
    notes: str = ""


# --------------------------------------------------------------------------- opportunities

STAGES = ("identified", "screening", "pursued", "deferred", "declined", "paused", "exited")
TIERS = ("", "strategic", "operational", "network")


class Opportunity(Versioned, table=True):
    """An opportunity and, once pursued, the partnership: one record with a stage and tier."""

    __tablename__ = "opportunity"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="opportunity_title"),
        CheckConstraint(
            "stage IN ('identified','screening','pursued','deferred','declined','paused','exited')",
            name="opportunity_stage"),
        CheckConstraint("tier IN ('','strategic','operational','network')",
                        name="opportunity_tier"),
        CheckConstraint("est_ceo_hours_per_month >= 0", name="opportunity_hours"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str
    partner_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    stage: str = "identified"
    tier: str = ""
    source: str = ""  # approach, referral, tender, statutory ...
    date_identified: dt.date | None = None
    # Context from the second article.
    purpose: str = ""  # shared vision statement
    goals: str = ""
    we_give: list[dict[str, str]] = _json(list)  # [{"what": ..., "kind": knowledge|money|authority}]
    we_get: list[dict[str, str]] = _json(list)
    relational_context: str = ""  # network, coalition, unitary
    route: str = ""  # market, hierarchy, network
    trust_stance: str = ""  # economise, invest
    trust_note: str = ""
    sponsor_id: int | None = Field(default=None, foreign_key="person.id")
    lead_id: int | None = Field(default=None, foreign_key="person.id")
    lead_division: str = ""
    boundary_spanners: list[int] = _json(list)  # person ids
    rests_on_funding: bool = False
    rests_on_endorsement: bool = False
    # Cost and value.
    est_ceo_hours_per_month: float = 0.0
    est_staff_hours_per_month: float = 0.0
    est_cost: float = 0.0
    est_income: float = 0.0
    start_date: dt.date | None = None
    review_date: dt.date | None = None
    notes: str = ""


class Criterion(Versioned, table=True):
    """A screening criterion with anchored 1-5 levels."""

    __tablename__ = "criterion"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="criterion_name"),
        CheckConstraint("direction IN ('benefit','cost')", name="criterion_direction"),
        CheckConstraint("weight >= 0", name="criterion_weight"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""
    direction: str = "benefit"  # cost criteria count inversely
    levels: list[str] = _json(lambda: ["", "", "", "", ""])  # one anchor line per level 1..5
    weight: float = 0.0  # current agreed weight, percent
    position: int = 0
    source: str = ""  # "" or "conflict_register" for conflict exposure fed by the register


class Gate(Versioned, table=True):
    """A must-pass question: the five headline questions and the user's deal-breakers."""

    __tablename__ = "gate"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="gate_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    question: str = ""
    position: int = 0
    is_headline: bool = False


class GateResult(Versioned, table=True):
    __tablename__ = "gate_result"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "gate_id"),
        CheckConstraint("result IN ('pass','fail','unknown')", name="gate_result_value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    gate_id: int = Field(foreign_key="gate.id")
    result: str = "unknown"
    rationale: str = ""
    overridden: bool = False
    override_reason: str = ""


class CriterionScore(Versioned, table=True):
    __tablename__ = "criterion_score"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "criterion_id"),
        CheckConstraint("level IS NULL OR (level >= 1 AND level <= 5)", name="score_level"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    criterion_id: int = Field(foreign_key="criterion.id")
    level: int | None = None
    evidence: str = ""


class WeightProfile(Versioned, table=True):
    """A logged weighting: every change of weights is kept with its reason."""

    __tablename__ = "weight_profile"
    __table_args__ = (
        CheckConstraint("method IN ('direct','pairwise')", name="weight_method"),
    )

    id: int | None = Field(default=None, primary_key=True)
    method: str = "direct"
    weights: dict[str, float] = _json(dict)  # criterion id (as text) -> percent
    pairwise: list[list[float]] = _json(list)
    consistency_ratio: float | None = None
    reason: str = ""
    author: str = ""
    created_at: dt.datetime = Field(default_factory=_utcnow)


class Decision(Versioned, table=True):
    __tablename__ = "decision"
    __table_args__ = (
        CheckConstraint("outcome IN ('pursue','defer','decline')", name="decision_outcome"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    outcome: str
    rationale: str = ""
    decided_on: dt.date
    tier: str = ""
    review_on: dt.date | None = None
    # The round of the partner's own answers the decision drew on, if any (their answers
    # never change our scores; a decision can cite them). Undoing that round's import
    # leaves the decision without the citation.
    partner_answers_id: int | None = Field(default=None, foreign_key="partner_answers.id",
                                           ondelete="SET NULL")


# --------------------------------------------------------------------------- conflict areas


class ConflictArea(Versioned, table=True):
    __tablename__ = "conflict_area"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="conflict_title"),
        CheckConstraint("likelihood BETWEEN 1 AND 5 AND impact BETWEEN 1 AND 5",
                        name="conflict_inherent"),
        CheckConstraint("residual_likelihood BETWEEN 1 AND 5 AND residual_impact BETWEEN 1 AND 5",
                        name="conflict_residual"),
        CheckConstraint("openness IN ('internal','raised','joint','agreed')",
                        name="conflict_openness"),
        CheckConstraint("status IN ('open','monitoring','escalated','closed','accepted')",
                        name="conflict_status"),
        CheckConstraint("treatment IN ('','avoid','reduce','share','accept','exploit')",
                        name="conflict_treatment"),
        CheckConstraint(
            "separation IN ('','activity','time','geography','people','customer group')",
            name="conflict_separation"),
        CheckConstraint("review_every_days >= 1", name="conflict_review_every"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    title: str
    overlap_domain: str = ""
    tension_type: str = ""
    description: str = ""
    drivers: str = ""
    openness: str = "internal"  # internal, raised, joint, agreed
    partner_view: str = ""
    likelihood: int = 3
    impact: int = 3
    residual_likelihood: int = 3
    residual_impact: int = 3
    treatment: str = ""  # avoid, reduce, share, accept, exploit
    separation: str = ""  # activity, time, geography, people, customer group
    owner_ours_id: int | None = Field(default=None, foreign_key="person.id")
    owner_theirs_id: int | None = Field(default=None, foreign_key="person.id")
    review_every_days: int = 90
    next_review: dt.date | None = None
    status: str = "open"  # open, monitoring, escalated, closed, accepted
    identified_on: dt.date | None = None
    confidential: bool = False


class ConflictHistory(Versioned, table=True):
    __tablename__ = "conflict_history"

    id: int | None = Field(default=None, primary_key=True)
    conflict_id: int = Field(foreign_key="conflict_area.id", index=True)
    at: dt.datetime = Field(default_factory=_utcnow)
    who: str = ""
    field: str
    old: str = ""
    new: str = ""
    note: str = ""


class ConfidentialReader(Versioned, table=True):
    """A database role allowed to see confidential conflict areas and meetings (named by the CEO).

    On PostgreSQL row-level security enforces the list (planner/store/postgres.py); the
    owner of the plan always sees everything. On a single-user SQLite plan it is kept so
    that copying the plan to a team database carries it across.
    """

    __tablename__ = "confidential_reader"
    __table_args__ = (CheckConstraint("length(trim(role_name)) > 0", name="reader_role"),)

    id: int | None = Field(default=None, primary_key=True)
    role_name: str = Field(unique=True)
    note: str = ""


# --------------------------------------------------------------------------- agreements


class Agreement(Versioned, table=True):
    __tablename__ = "agreement"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="agreement_title"),
        CheckConstraint("version >= 1", name="agreement_version"),
        CheckConstraint("state IN ('draft','agreed','partly_signed','signed','superseded')",
                        name="agreement_state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    title: str
    version: int = 1
    state: str = "draft"
    supersedes_id: int | None = Field(default=None, foreign_key="agreement.id")
    amendment_reason: str = ""
    fingerprint: str = ""  # SHA-256 of the canonical content, set when agreed
    agreed_on: dt.date | None = None
    effective_from: dt.date | None = None
    review_on: dt.date | None = None
    binding: bool = False
    personal_data: bool = False
    created_at: dt.datetime = Field(default_factory=_utcnow)


class AgreementSection(Versioned, table=True):
    __tablename__ = "agreement_section"

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="agreement.id", index=True)
    position: int = 0
    key: str = ""  # template key: parties, behaviours, meetings, data, finance ...
    title: str
    guidance: str = ""
    body: str = ""  # light markup: paragraphs, "- " bullets, **bold**
    data: dict[str, Any] = _json(dict)  # structured tables: contributions, measures, meetings
    conflict_ids: list[int] = _json(list)  # conflict areas this clause handles


class Signatory(Versioned, table=True):
    __tablename__ = "signatory"

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="agreement.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    name: str
    role: str = ""
    organisation: str = ""
    position: int = 0


class Signature(Versioned, table=True):
    __tablename__ = "signature"

    id: int | None = Field(default=None, primary_key=True)
    signatory_id: int = Field(foreign_key="signatory.id", index=True)
    signed_at: dt.datetime = Field(default_factory=_utcnow)
    typed_name: str = ""
    strokes: list[list[list[float]]] = _json(list)  # drawn signature, strokes of (x, y)
    cert_fingerprint: str = ""
    digital: bool = False
    validation: str = ""


# --------------------------------------------------------------------------- milestones

MILESTONE_STATUSES = ("not_started", "on_track", "at_risk", "late", "done", "dropped")


class Milestone(Versioned, table=True):
    __tablename__ = "milestone"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="milestone_title"),
        # Work starts by its due date, or by its forecast once it has slipped (0006).
        CheckConstraint("start_date IS NULL OR due_date IS NULL OR start_date <= due_date "
                        "OR (forecast_date IS NOT NULL AND start_date <= forecast_date)",
                        name="milestone_dates"),
        CheckConstraint(
            "status IN ('not_started','on_track','at_risk','late','done','dropped')",
            name="milestone_status"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="milestone_progress"),
        # The dashboard's reads of a long plan: open milestones, small wins (0005).
        Index("ix_milestone_opportunity_status", "opportunity_id", "status"),
        Index("ix_milestone_opportunity_small_win", "opportunity_id", "small_win"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="milestone.id", index=True)
    title: str
    definition_of_done: str = ""
    owner_ours_id: int | None = Field(default=None, foreign_key="person.id")
    owner_theirs_id: int | None = Field(default=None, foreign_key="person.id")
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    baseline_date: dt.date | None = None
    forecast_date: dt.date | None = None
    actual_date: dt.date | None = None
    status: str = "not_started"
    progress: int = 0
    small_win: bool = False
    celebration_note: str = ""
    notes: str = ""
    position: int = 0


class MilestoneDependency(Versioned, table=True):
    __tablename__ = "milestone_dependency"
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id"),
        CheckConstraint("predecessor_id <> successor_id", name="dependency_not_self"),
        CheckConstraint("kind IN ('FS','SS','FF')", name="dependency_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    predecessor_id: int = Field(foreign_key="milestone.id", index=True)
    successor_id: int = Field(foreign_key="milestone.id", index=True)
    kind: str = "FS"
    lag_days: int = 0


class MilestoneSnapshot(Versioned, table=True):
    """Forecast dates as they stood at a meeting: the slip chart is drawn from these."""

    __tablename__ = "milestone_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    milestone_id: int = Field(foreign_key="milestone.id", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    taken_on: dt.date
    forecast_date: dt.date | None = None
    status: str = "not_started"


# --------------------------------------------------------------------------- meetings


class Meeting(Versioned, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("ceo_hours >= 0 AND staff_hours >= 0", name="meeting_hours"),
        CheckConstraint("state IN ('held','cancelled','missed','planned')",
                        name="meeting_state"),
        # The dashboard's read of each partnership's latest meetings (0008).
        Index("ix_meeting_opportunity_held_on", "opportunity_id", "held_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    kind: str = "operational"  # strategic, operational, review
    held_on: dt.date
    state: str = "held"
    attendees: list[str] = _json(list)
    ceo_hours: float = 0.0
    staff_hours: float = 0.0
    decisions: str = ""
    notes: str = ""
    # Confidential: on a team database only the owner and the named readers
    # (ConfidentialReader) see the meeting, its actions and its audit events (row-level
    # security, planner/store/postgres.py). Added in revision 0002, hence the server default.
    confidential: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class MeetingAction(Versioned, table=True):
    __tablename__ = "meeting_action"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    text: str
    owner: str = ""
    due_on: dt.date | None = None
    done_on: dt.date | None = None


# --------------------------------------------------------------------------- audit


class AuditEvent(SQLModel, table=True):
    """Append-only log; each event's hash covers the previous one (a hash chain)."""

    __tablename__ = "audit_event"
    model_config = DEFERRED

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=_utcnow)
    entity: str
    entity_id: int | None = None
    action: str
    detail: str = ""
    prev_hash: str = ""
    hash: str = ""


# --------------------------------------------------------------------------- the plan itself


class PlanIdentity(SQLModel, table=True):
    """The plan's own identity: one row (id 1) holding a UUID made once for this plan.

    Calendar events are named after it (``milestone-7.<uuid>@partnership-planner``), so two
    plans imported into one diary never overwrite each other's events, while a backup, a
    restore or a copy of the plan (to a file or a team database) keeps the same events.
    """

    __tablename__ = "plan_identity"
    __table_args__ = (CheckConstraint("id = 1", name="plan_identity_single_row"),)
    model_config = DEFERRED

    id: int | None = Field(default=None, primary_key=True)
    uid: str


# --------------------------------------------------------------------------- the partner's view


class PartnerAnswers(Versioned, table=True):
    """One round of the partner's own answers to our questionnaire about an opportunity.

    Several rounds are kept (each with the date we received it); the answers are a JSON
    document holding, beside each answer, the label the partner saw, so an old round still
    reads after a gate or criterion is renamed. The answers never change our scores.
    """

    __tablename__ = "partner_answers"
    __table_args__ = (CheckConstraint("length(trim(form_version)) > 0",
                                      name="partner_answers_version"),)

    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    received_on: dt.date
    form_version: str
    source: str = ""  # the file the answers came from (its name only)
    answers: dict[str, Any] = _json(dict)
    imported_at: dt.datetime = Field(default_factory=_utcnow)
