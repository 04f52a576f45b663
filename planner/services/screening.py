"""Screening use cases (services layer): opportunities, criteria, gates, scores, weights,
decisions, capacity and the portfolio report.

Reads return detached, frozen snapshots (:class:`ScreeningData`); the arithmetic lives in
``planner.domain.screening``, ``ahp`` and ``capacity``. Every write validates first, then
changes the plan in one unit of work, writes an audit line and returns a ChangeSet. Writes
that an undo must reverse wholesale (removing a criterion, a decision that moved other
partnerships) return a token the matching ``restore_*`` / ``undo_*`` function takes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.domain import ahp, capacity
from planner.domain import conflicts as register_rules
from planner.domain.defaults import CONFLICT_REGISTER
from planner.domain.screening import (
    BENEFIT,
    COST,
    GATE_RESULTS,
    CriterionInfo,
    GateOutcome,
    OptionInput,
    RankedOption,
    ScreeningError,
    StabilityResult,
    WeightRange,
    normalise_weights,
    rank_options,
    rank_stability,
    weight_ranges,
)
from planner.services import conflicts, saved_rows, validate
from planner.services.changes import ChangeSet, ValidationError, current_user
from planner.services.defaults import ensure_screening_defaults
from planner.services.edits import Writes
from planner.services.organisation import ensure_self
from planner.services.saved_rows import SavedRows
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    ConflictArea,
    Criterion,
    CriterionScore,
    Decision,
    Gate,
    GateResult,
    Meeting,
    Milestone,
    Opportunity,
    Organisation,
    PartnerAnswers,
    Person,
    WeightProfile,
)

REPORT_FORMAT = "partnership-planner/report"
REPORT_VERSION = 1
DEFAULT_TOP_K = 3
OUTCOMES = ("pursue", "defer", "decline")
OUTCOME_STAGE = {"pursue": "pursued", "defer": "deferred", "decline": "declined"}
NOT_RANKED_STAGES = ("declined", "exited")
RESOURCE_KINDS = ("knowledge", "money", "authority")
CONTEXT_CHOICES: dict[str, tuple[str, ...]] = {
    "relational_context": ("", "network", "coalition", "unitary"),
    "route": ("", "market", "hierarchy", "network"),
    "trust_stance": ("", "economise", "invest"),
}
FIELD_LABELS = {
    "title": "The title",
    "partner_id": "The partner organisation",
    "source": "The source",
    "purpose": "The shared purpose",
    "goals": "The goals",
    "we_give": "What we give",
    "we_get": "What we get",
    "relational_context": "The relational context",
    "route": "The route",
    "trust_stance": "The trust stance",
    "trust_note": "The note on trust",
    "sponsor_id": "The executive sponsor",
    "lead_id": "The day-to-day lead",
    "lead_division": "The lead division",
    "boundary_spanners": "The boundary-spanners",
    "rests_on_funding": "Rests on one funding stream",
    "rests_on_endorsement": "Rests on an endorsement",
    "est_ceo_hours_per_month": "CEO hours per month",
    "est_staff_hours_per_month": "Staff hours per month",
    "est_cost": "The estimated cost",
    "est_income": "The estimated income or saving",
    "notes": "The notes",
}
OPPORTUNITY_FIELDS = tuple(FIELD_LABELS)




# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class CriterionRow:
    id: int
    name: str
    description: str
    direction: str
    levels: tuple[str, ...]
    weight: float
    position: int
    source: str


@dataclass(frozen=True)
class GateRow:
    id: int
    name: str
    question: str
    position: int
    is_headline: bool


@dataclass(frozen=True)
class GateResultRow:
    gate_id: int
    result: str = "unknown"
    rationale: str = ""
    overridden: bool = False
    override_reason: str = ""


@dataclass(frozen=True)
class ScoreRow:
    criterion_id: int
    level: int | None = None
    evidence: str = ""


@dataclass(frozen=True)
class DecisionRow:
    id: int
    outcome: str
    rationale: str
    decided_on: dt.date
    tier: str
    review_on: dt.date | None
    partner_answers_id: int | None = None  # the round of the partner's answers it cites
    partner_received_on: dt.date | None = None  # and the date that round was received

    @property
    def cites(self) -> str:
        """"drew on the partner's answers received 6 Dec 2026" ("" when it cites none)."""
        if self.partner_received_on is None:
            return ""
        day = self.partner_received_on
        return f"drew on the partner's answers received {day.day} {day:%b %Y}"


@dataclass(frozen=True)
class OpportunityRow:
    id: int
    title: str
    partner_id: int | None
    partner_name: str
    stage: str
    tier: str
    values: Mapping[str, Any]  # the editable context fields, by name
    scores: Mapping[int, ScoreRow]
    gates: Mapping[int, GateResultRow]
    decisions: tuple[DecisionRow, ...]  # newest first

    def get(self, name: str) -> Any:
        return self.values.get(name)

    @property
    def latest_decision(self) -> DecisionRow | None:
        return self.decisions[0] if self.decisions else None

    def search_text(self) -> str:
        """Everything a search box should find this opportunity by, lower-cased."""
        parts = [self.title, self.partner_name, self.stage, self.tier,
                 str(self.values.get("purpose", "")), str(self.values.get("notes", ""))]
        parts += [d.rationale for d in self.decisions]
        return " ".join(parts).casefold()


@dataclass(frozen=True)
class WeightLogRow:
    id: int
    method: str
    weights: Mapping[str, float]
    consistency_ratio: float | None
    reason: str
    author: str
    created_at: dt.datetime
    pairwise: tuple[tuple[float, ...], ...] = ()


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    organisation: str
    role: str


@dataclass(frozen=True)
class ScreeningData:
    """Everything the Screening view and the report show, detached from the database."""

    criteria: tuple[CriterionRow, ...]
    gates: tuple[GateRow, ...]
    opportunities: tuple[OpportunityRow, ...]
    strategic_limit: int
    ceo_hours_budget: float
    top_k: int
    weight_log: tuple[WeightLogRow, ...]  # newest first
    people: tuple[PersonRow, ...] = ()
    partners: tuple[tuple[int, str], ...] = ()
    # Conflict-exposure levels from the conflict register, for opportunities with areas.
    register_levels: Mapping[int, int] = field(default_factory=dict)
    # Caches, made afresh for every snapshot (also by dataclasses.replace).
    _by_id: dict[int, OpportunityRow] = field(default_factory=dict, compare=False, repr=False,
                                              init=False)
    _options: list[OptionInput] = field(default_factory=list, compare=False, repr=False,
                                        init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {o.id: o for o in self.opportunities})
        object.__setattr__(self, "_options", [])

    def opportunity(self, ident: int) -> OpportunityRow | None:
        return self._by_id.get(ident)

    def criterion_infos(self, weights: Mapping[int, float] | None = None) -> list[CriterionInfo]:
        return [CriterionInfo(c.id, c.name, c.direction,
                              c.weight if weights is None else weights.get(c.id, 0.0))
                for c in self.criteria]

    def option_inputs(self) -> list[OptionInput]:
        """The opportunities as the arithmetic needs them (built once per snapshot)."""
        if not self._options and self.opportunities:
            self._options.extend(self._build_options())
        return list(self._options)

    def _build_options(self) -> list[OptionInput]:
        names = {g.id: g.name for g in self.gates}
        register = [c.id for c in self.criteria if c.source == CONFLICT_REGISTER]
        options = []
        for o in self.opportunities:
            levels = {c: s.level for c, s in o.scores.items()}
            evidenced = {c for c, s in o.scores.items() if s.evidence.strip()}
            fed = self.register_levels.get(o.id)
            for c in register:
                # An unscored conflict-exposure criterion takes the register's level; the
                # register's areas are its evidence. A level the user chose stands.
                if fed is not None and levels.get(c) is None:
                    levels[c] = fed
                    evidenced.add(c)
            gates = tuple(GateOutcome(g.id, names[g.id], o.gates[g.id].result if g.id in o.gates
                                      else "unknown",
                                      o.gates[g.id].overridden if g.id in o.gates else False)
                          for g in self.gates)
            options.append(OptionInput(
                id=o.id, title=o.title, levels=levels, evidenced=frozenset(evidenced),
                gates=gates, rankable=o.stage not in NOT_RANKED_STAGES))
        return options

    def has_weight(self, weights: Mapping[int, float] | None = None) -> bool:
        return any(c.weight > 0 for c in self.criterion_infos(weights))

    def ranking(self, weights: Mapping[int, float] | None = None) -> list[RankedOption]:
        """Ranked options; with ``weights`` (criterion id -> percent) a preview of other weights."""
        if not self.has_weight(weights):
            return rank_options(self.option_inputs(), [])
        return rank_options(self.option_inputs(), self.criterion_infos(weights))

    def stability(self, k: int | None = None,
                  weights: Mapping[int, float] | None = None) -> StabilityResult:
        k = self.top_k if k is None else k
        if not self.has_weight(weights):
            return StabilityResult(k, 0, 0.0, {})
        return rank_stability(self.option_inputs(), self.criterion_infos(weights), k)

    def weight_ranges(self, k: int | None = None,
                      weights: Mapping[int, float] | None = None) -> list[WeightRange]:
        if not self.has_weight(weights):
            return []
        return weight_ranges(self.option_inputs(), self.criterion_infos(weights),
                             self.top_k if k is None else k)

    def engagements(self) -> list[capacity.Engagement]:
        return [capacity.Engagement(o.id, o.title, o.tier,
                                    float(o.values.get("est_ceo_hours_per_month") or 0.0))
                for o in self.opportunities if o.stage == "pursued" and o.tier]

    def capacity_state(self) -> capacity.CapacityState:
        return capacity.capacity_state(self.engagements(), self.strategic_limit,
                                       self.ceo_hours_budget)

    def pursue_check(self, opportunity_id: int, tier: str) -> capacity.PursueCheck:
        o = self._by_id[opportunity_id]
        new = capacity.Engagement(o.id, o.title, tier,
                                  float(o.values.get("est_ceo_hours_per_month") or 0.0))
        return capacity.check_pursue(self.engagements(), new, self.strategic_limit,
                                     self.ceo_hours_budget)

    def person_name(self, ident: int | None) -> str:
        for p in self.people:
            if p.id == ident:
                return p.name
        return ""


def _criterion_row(c: Criterion) -> CriterionRow:
    assert c.id is not None
    levels = tuple((list(c.levels) + [""] * 5)[:5])
    return CriterionRow(c.id, c.name, c.description, c.direction, levels, c.weight,
                        c.position, c.source)


def _opportunity_rows(w: UnitOfWork, rows: Sequence[Opportunity], orgs: Mapping[int | None, str],
                      only: Sequence[int] | None) -> list[OpportunityRow]:
    """Snapshot rows for opportunities, with their scores, gate answers and decisions.

    ``only`` limits the child reads to those opportunity ids (a refresh after one edit).
    """
    where: dict[str, Any] = {} if only is None else {"opportunity_id": list(only)}
    scores: dict[int, dict[int, ScoreRow]] = {}
    for s in w.list(CriterionScore, **where):
        scores.setdefault(s.opportunity_id, {})[s.criterion_id] = ScoreRow(
            s.criterion_id, s.level, s.evidence)
    results: dict[int, dict[int, GateResultRow]] = {}
    for r in w.list(GateResult, **where):
        results.setdefault(r.opportunity_id, {})[r.gate_id] = GateResultRow(
            r.gate_id, r.result, r.rationale, r.overridden, r.override_reason)
    decisions: dict[int, list[DecisionRow]] = {}
    found = w.list(Decision, order_by=("-decided_on", "-id"), **where)
    cited = sorted({d.partner_answers_id for d in found if d.partner_answers_id is not None})
    received = {a.id: a.received_on for a in w.list(PartnerAnswers, id=cited)} if cited else {}
    for d in found:
        assert d.id is not None
        decisions.setdefault(d.opportunity_id, []).append(DecisionRow(
            d.id, d.outcome, d.rationale, d.decided_on, d.tier, d.review_on,
            d.partner_answers_id, received.get(d.partner_answers_id)))
    result = []
    for o in rows:
        assert o.id is not None
        result.append(OpportunityRow(
            id=o.id, title=o.title, partner_id=o.partner_id,
            partner_name=orgs.get(o.partner_id, "") if o.partner_id else "",
            stage=o.stage, tier=o.tier,
            values={name: getattr(o, name) for name in OPPORTUNITY_FIELDS},
            scores=scores.get(o.id, {}), gates=results.get(o.id, {}),
            decisions=tuple(decisions.get(o.id, ()))))
    return result


def reload_opportunities(store: Store, data: ScreeningData, ids: Sequence[int]) -> ScreeningData:
    """``data`` with some opportunities read again: the cheap refresh after editing one.

    Criteria, gates, weights and the register are taken as they were; an opportunity that
    no longer exists is dropped, and a new one is added in title order.
    """
    wanted = sorted(set(ids))
    with store.work() as w:
        found = w.list(Opportunity, id=wanted)
        partner_ids = [o.partner_id for o in found if o.partner_id is not None]
        orgs: dict[int | None, str] = {
            o.id: o.name for o in w.list(Organisation, id=partner_ids)} if partner_ids else {}
        fresh = {row.id: row for row in _opportunity_rows(w, found, orgs, wanted)}
    kept = [fresh.pop(o.id) if o.id in fresh else o for o in data.opportunities
            if o.id not in wanted or o.id in fresh]
    kept += fresh.values()
    kept.sort(key=lambda o: (o.title, o.id))
    return dataclasses.replace(data, opportunities=tuple(kept))


def load(store: Store) -> ScreeningData:
    """A snapshot of everything screening shows (seeds the default criteria and gates)."""
    with store.work() as w:
        _org, profile = ensure_self(w)
        criteria, gates = ensure_screening_defaults(w)
        orgs = {o.id: o.name for o in w.list(Organisation)}
        partners = tuple((o.id, o.name) for o in w.list(Organisation, order_by=("name",))
                         if not o.is_self and o.id is not None)
        people = tuple(PersonRow(p.id, p.name, orgs.get(p.organisation_id, ""), p.role)
                       for p in w.list(Person, order_by=("name",)) if p.id is not None)
        opportunities = _opportunity_rows(w, w.list(Opportunity, order_by=("title", "id")),
                                          orgs, None)
        log = tuple(WeightLogRow(p.id, p.method, dict(p.weights), p.consistency_ratio, p.reason,
                                 p.author, p.created_at,
                                 tuple(tuple(float(x) for x in row) for row in p.pairwise))
                    for p in w.list(WeightProfile, order_by=("-created_at", "-id"))
                    if p.id is not None)
        register_levels: dict[int, int] = {}
        if any(c.source == CONFLICT_REGISTER for c in criteria):
            # One read of the register for all opportunities (not a query per opportunity).
            limits = conflicts.band_limits(w)
            areas: dict[int, list[ConflictArea]] = {}
            for area in w.list(ConflictArea):
                areas.setdefault(area.opportunity_id, []).append(area)
            for opp_id, opp_areas in areas.items():
                band = register_rules.highest_band(opp_areas, limits)
                if band is not None:
                    register_levels[opp_id] = register_rules.exposure_level(band)
        top_k = profile.settings.get("screening_top_k", DEFAULT_TOP_K)
        return ScreeningData(
            criteria=tuple(_criterion_row(c) for c in criteria),
            gates=tuple(GateRow(g.id, g.name, g.question, g.position, g.is_headline)
                        for g in gates if g.id is not None),
            opportunities=tuple(opportunities), strategic_limit=profile.strategic_limit,
            ceo_hours_budget=profile.ceo_hours_per_month,
            top_k=top_k if isinstance(top_k, int) and top_k >= 1 else DEFAULT_TOP_K,
            weight_log=log, people=people, partners=partners, register_levels=register_levels)


# --------------------------------------------------------------------------- opportunities


def _opportunity_changes(*ids: int | None) -> ChangeSet:
    return ChangeSet.of("opportunity", *ids)


def _resources(value: Any, label: str, name: str) -> list[dict[str, str]]:
    if not isinstance(value, (list, tuple)):
        raise ValidationError(f"{label} must be a list.", name)
    cleaned = []
    for item in value:
        if not isinstance(item, Mapping):
            raise ValidationError(f"{label}: each entry needs a description and a kind.", name)
        what = validate.text(item.get("what", ""), label, field=name,
                             max_len=validate.NAME_MAX * 5).strip()
        kind = str(item.get("kind", "")).strip().casefold()
        if not what:
            raise ValidationError(f"{label}: an entry cannot be empty.", name)
        if kind not in RESOURCE_KINDS:
            raise ValidationError(
                f"{label}: “{what}” must be tagged knowledge, money or authority.", name)
        cleaned.append({"what": what, "kind": kind})
    return cleaned


def clean_opportunity_value(work: UnitOfWork, name: str, value: Any) -> Any:
    """The value as it will be stored, or a ValidationError naming the field."""
    label = FIELD_LABELS.get(name)
    if label is None:
        raise ValidationError(f"Unknown opportunity field {name!r}.", name)
    if name == "title":
        return validate.name(value, label, field=name)
    if name in ("purpose", "goals", "trust_note", "notes"):
        return validate.text(value, label, field=name)
    if name in ("source", "lead_division"):
        return validate.text(value, label, field=name, max_len=validate.NAME_MAX).strip()
    if name in CONTEXT_CHOICES:
        text = str(value or "").strip().casefold()
        if text not in CONTEXT_CHOICES[name]:
            allowed = ", ".join(c for c in CONTEXT_CHOICES[name] if c)
            raise ValidationError(f"{label} must be one of {allowed}.", name)
        return text
    if name in ("we_give", "we_get"):
        return _resources(value, label, name)
    if name in ("sponsor_id", "lead_id"):
        if value is None:
            return None
        ident = validate.integer(value, label, field=name)
        if work.get(Person, ident) is None:
            raise ValidationError(f"{label} is not a known person.", name)
        return ident
    if name == "partner_id":
        if value is None:
            return None
        ident = validate.integer(value, label, field=name)
        org = work.get(Organisation, ident)
        if org is None or org.is_self:
            raise ValidationError(f"{label} is not a known partner organisation.", name)
        return ident
    if name == "boundary_spanners":
        if not isinstance(value, (list, tuple)):
            raise ValidationError(f"{label} must be a list of people.", name)
        idents = []
        for v in value:
            ident = validate.integer(v, label, field=name)
            if work.get(Person, ident) is None:
                raise ValidationError(f"{label}: person {ident} is not known.", name)
            if ident not in idents:
                idents.append(ident)
        return idents
    if name in ("rests_on_funding", "rests_on_endorsement"):
        if not isinstance(value, bool):
            raise ValidationError(f"{label} must be yes or no.", name)
        return value
    if name == "est_ceo_hours_per_month":
        return validate.number(value, label, field=name, low=0, high=744)
    if name == "est_staff_hours_per_month":
        return validate.number(value, label, field=name, low=0, high=100_000)
    return validate.number(value, label, field=name, low=0, high=1e12)  # cost, income


def check_opportunity_value(store: Store, name: str, value: Any) -> Any:
    """Validate one field without saving it (the view checks before pushing an undo step)."""
    with store.work() as w:
        return clean_opportunity_value(w, name, value)


def create_opportunity(store: Store, title: str, *,
                       partner_id: int | None = None) -> tuple[ChangeSet, int]:
    with store.work() as w:
        cleaned = clean_opportunity_value(w, "title", title)
        partner = clean_opportunity_value(w, "partner_id", partner_id)
        row = w.add(Opportunity(title=cleaned, partner_id=partner, stage="screening",
                                date_identified=dt.date.today()))
        assert row.id is not None
        w.audit("opportunity", row.id, "created", cleaned)
        return _opportunity_changes(row.id), row.id


def update_opportunity(store: Store, opportunity_id: int, name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    with store.work(expect) as w:
        row = w.one(Opportunity, opportunity_id)
        cleaned = clean_opportunity_value(w, name, value)
        _set_field(w, "opportunity", row, name,
                   list(cleaned) if isinstance(cleaned, list) else cleaned)
    return _opportunity_changes(opportunity_id)


def _set_field(w: UnitOfWork, entity: str, row: Any, name: str, value: Any) -> None:
    """Store one cleaned field; the audit log hears of it only when the value changed."""
    old = getattr(row, name)
    setattr(row, name, value)
    w.add(row)
    if old != value:
        w.audit(entity, row.id, f"set {name}", str(value)[:200])


def _remove(w: UnitOfWork, entity: str, row: Any, children: Sequence[Any], action: str,
            detail: str) -> SavedRows:
    """Delete a row and the rows hanging from it, keeping them all for an undo."""
    ident = row.id
    saved = saved_rows.remove(w, row, *children)
    w.audit(entity, ident, action, detail)
    return saved


def _delete_blocker(w: UnitOfWork, row: Opportunity) -> str | None:
    for model, what in ((ConflictArea, "conflict areas"), (Agreement, "agreements"),
                        (Milestone, "milestones"), (Meeting, "meetings")):
        if w.count(model, opportunity_id=row.id):
            return (f"“{row.title}” has {what}, so it cannot be deleted; decline it instead "
                    "(it stays on record and searchable).")
    return None


def delete_blocker(store: Store, opportunity_id: int) -> str | None:
    """Why an opportunity cannot be deleted, or None when it can."""
    with store.work() as w:
        return _delete_blocker(w, w.one(Opportunity, opportunity_id))


def delete_opportunity(store: Store, opportunity_id: int) -> tuple[ChangeSet, SavedRows]:
    """Remove an opportunity and its screening; refused once other areas hold records for it."""
    with store.work() as w:
        row = w.one(Opportunity, opportunity_id)
        blocker = _delete_blocker(w, row)
        if blocker:
            raise ValidationError(blocker)
        children = [*w.list(CriterionScore, opportunity_id=opportunity_id),
                    *w.list(GateResult, opportunity_id=opportunity_id),
                    *w.list(Decision, opportunity_id=opportunity_id)]
        saved = _remove(w, "opportunity", row, children, "deleted", row.title)
    return _opportunity_changes(opportunity_id) | ChangeSet.of("decision"), saved


def restore_rows(store: Store, saved: SavedRows) -> ChangeSet:
    """Put back rows a delete or remove took away (undo)."""
    changes = saved.changes()
    with store.work() as w:
        saved_rows.restore(w, saved)
        w.audit("screening", None, "restored", ", ".join(
            f"{m.__tablename__} {v.get('id')}" for m, v in saved.rows[:20]))
    return changes


# --------------------------------------------------------------------------- scores and gates


def set_score(store: Store, opportunity_id: int, criterion_id: int, level: int | None,
              evidence: str, *, expect: Writes = ()) -> ChangeSet:
    if level is not None:
        level = validate.integer(level, "The level", field="level", low=1, high=5)
    evidence = validate.text(evidence, "The evidence note", field="evidence")
    with store.work(expect) as w:
        w.one(Opportunity, opportunity_id)
        criterion = w.one(Criterion, criterion_id)
        row = w.first(CriterionScore, opportunity_id=opportunity_id, criterion_id=criterion_id)
        if row is None:
            row = CriterionScore(opportunity_id=opportunity_id, criterion_id=criterion_id)
        if (row.level, row.evidence) != (level, evidence) or row.id is None:
            row.level, row.evidence = level, evidence
            w.add(row)
            w.audit("opportunity", opportunity_id, f"scored {criterion.name}",
                    f"{level if level is not None else 'unscored'}")
    return _opportunity_changes(opportunity_id) | ChangeSet.of("criterion_score", row.id)


def set_gate_result(store: Store, opportunity_id: int, gate_id: int, result: str,
                    rationale: str = "", *, overridden: bool = False,
                    override_reason: str = "", expect: Writes = ()) -> ChangeSet:
    if result not in GATE_RESULTS:
        raise ValidationError("A gate is pass, fail or unknown.", "result")
    rationale = validate.text(rationale, "The rationale", field="rationale")
    override_reason = validate.text(override_reason, "The reason for the override",
                                    field="override_reason")
    if overridden and result != "fail":
        overridden, override_reason = False, ""
    if overridden and not override_reason.strip():
        raise ValidationError("Overriding a failed gate needs a recorded reason.",
                              "override_reason")
    with store.work(expect) as w:
        w.one(Opportunity, opportunity_id)
        gate = w.one(Gate, gate_id)
        row = w.first(GateResult, opportunity_id=opportunity_id, gate_id=gate_id)
        if row is None:
            row = GateResult(opportunity_id=opportunity_id, gate_id=gate_id)
        before = (row.result, row.rationale, row.overridden, row.override_reason)
        row.result, row.rationale = result, rationale
        row.overridden, row.override_reason = overridden, override_reason
        w.add(row)
        if before != (result, rationale, overridden, override_reason):
            action = "overrode" if overridden and not before[2] else "answered"
            w.audit("opportunity", opportunity_id, f"{action} gate {gate.name}",
                    f"{result}; {override_reason or rationale}"[:200])
    return _opportunity_changes(opportunity_id) | ChangeSet.of("gate_result", row.id)


# --------------------------------------------------------------------------- criteria and gates


def _unique_name(w: UnitOfWork, model: type[Criterion] | type[Gate], name: str,
                 ident: int | None, label: str) -> None:
    for other in w.list(model):
        if other.id != ident and other.name.strip().casefold() == name.casefold():
            raise ValidationError(f"There is already a {label} called “{other.name}”.", "name")


def add_criterion(store: Store, name: str, *, direction: str = BENEFIT, description: str = "",
                  levels: Sequence[str] | None = None) -> tuple[ChangeSet, int]:
    """A new criterion, weighted 0 until the weights are next agreed."""
    cleaned = validate.name(name, "The criterion's name", field="name")
    if direction not in (BENEFIT, COST):
        raise ValidationError("A criterion counts either for (benefit) or against (cost).",
                              "direction")
    anchors = _levels(levels or [""] * 5)
    description = validate.text(description, "The description", field="description",
                                max_len=2000)
    with store.work() as w:
        ensure_screening_defaults(w)  # a first criterion must not stop the defaults arriving
        _unique_name(w, Criterion, cleaned, None, "criterion")
        position = max((c.position for c in w.list(Criterion)), default=-1) + 1
        row = w.add(Criterion(name=cleaned, direction=direction, description=description,
                              levels=anchors, weight=0.0, position=position))
        assert row.id is not None
        w.audit("criterion", row.id, "added", cleaned)
        return ChangeSet.of("criterion", row.id), row.id


def _levels(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or len(value) != 5:
        raise ValidationError("A criterion has exactly five level descriptions.", "levels")
    return [validate.text(v, f"Level {i + 1}", field="levels", max_len=500).strip()
            for i, v in enumerate(value)]


def update_criterion(store: Store, criterion_id: int, name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    with store.work(expect) as w:
        row = w.one(Criterion, criterion_id)
        if name == "name":
            value = validate.name(value, "The criterion's name", field="name")
            _unique_name(w, Criterion, value, criterion_id, "criterion")
        elif name == "description":
            value = validate.text(value, "The description", field="description", max_len=2000)
        elif name == "direction":
            if value not in (BENEFIT, COST):
                raise ValidationError(
                    "A criterion counts either for (benefit) or against (cost).", "direction")
        elif name == "levels":
            value = _levels(value)
        else:
            raise ValidationError(f"Unknown criterion field {name!r}.", name)
        _set_field(w, "criterion", row, name, value)
    return ChangeSet.of("criterion", criterion_id)


def remove_criterion(store: Store, criterion_id: int) -> tuple[ChangeSet, SavedRows]:
    """Remove a criterion and its scores (undo with :func:`restore_rows`)."""
    with store.work() as w:
        row = w.one(Criterion, criterion_id)
        others = [c for c in w.list(Criterion) if c.id != criterion_id]
        if not others:
            raise ValidationError("Screening needs at least one criterion; add another first.")
        if not any(c.weight > 0 for c in others):
            raise ValidationError(
                f"“{row.name}” carries all the weight; give another criterion some weight "
                "before removing it.")
        scores = w.list(CriterionScore, criterion_id=criterion_id)
        saved = _remove(w, "criterion", row, scores, "removed", row.name)
    return ChangeSet.of("criterion", criterion_id) | ChangeSet.of("criterion_score"), saved


def add_gate(store: Store, name: str, question: str = "") -> tuple[ChangeSet, int]:
    """A deal-breaker of the user's own (safeguarding, legal, data protection ...)."""
    cleaned = validate.name(name, "The gate's name", field="name")
    question = validate.text(question, "The question", field="question", max_len=2000)
    with store.work() as w:
        ensure_screening_defaults(w)  # a first gate must not stop the headline gates arriving
        _unique_name(w, Gate, cleaned, None, "gate")
        position = max((g.position for g in w.list(Gate)), default=-1) + 1
        row = w.add(Gate(name=cleaned, question=question, position=position))
        assert row.id is not None
        w.audit("gate", row.id, "added", cleaned)
        return ChangeSet.of("gate", row.id), row.id


def update_gate(store: Store, gate_id: int, name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    with store.work(expect) as w:
        row = w.one(Gate, gate_id)
        if name == "name":
            value = validate.name(value, "The gate's name", field="name")
            _unique_name(w, Gate, value, gate_id, "gate")
        elif name == "question":
            value = validate.text(value, "The question", field="question", max_len=2000)
        else:
            raise ValidationError(f"Unknown gate field {name!r}.", name)
        _set_field(w, "gate", row, name, value)
    return ChangeSet.of("gate", gate_id)


def remove_gate(store: Store, gate_id: int) -> tuple[ChangeSet, SavedRows]:
    with store.work() as w:
        row = w.one(Gate, gate_id)
        if w.count(Gate) <= 1:
            raise ValidationError("Keep at least one gate; rename it instead.")
        results = w.list(GateResult, gate_id=gate_id)
        saved = _remove(w, "gate", row, results, "removed", row.name)
    return ChangeSet.of("gate", gate_id) | ChangeSet.of("gate_result"), saved


# --------------------------------------------------------------------------- weights


def clean_weights(store: Store, weights: Mapping[int, float]) -> dict[int, float]:
    """Weights as percentages of 100 for every criterion, or a ValidationError."""
    with store.work() as w:
        ids = [c.id for c in w.list(Criterion, order_by=("position", "id")) if c.id is not None]
    unknown = set(weights) - set(ids)
    if unknown:
        raise ValidationError("Some weights are for criteria that no longer exist; reload.")
    raw = [weights.get(i, 0.0) for i in ids]
    for value in raw:
        validate.number(value, "A weight", field="weights", low=0)
    try:
        fractions = normalise_weights(raw)
    except ScreeningError as exc:
        raise ValidationError(str(exc), "weights") from None
    return {i: round(float(f) * 100, 4) for i, f in zip(ids, fractions, strict=True)}


def set_weights(store: Store, weights: Mapping[int, float], reason: str, *,
                method: str = "direct", pairwise: Sequence[Sequence[float]] | None = None,
                author: str | None = None) -> tuple[ChangeSet, int]:
    """Agree new weights, logged with the reason (the log is never rewritten)."""
    reason = validate.text(reason, "The reason for the change", field="reason",
                           max_len=2000).strip()
    if not reason:
        raise ValidationError("Say why the weights change; the reason is kept in the log.",
                              "reason")
    if method not in ("direct", "pairwise"):
        raise ValidationError("Weights come from sliders or pairwise comparison.", "method")
    cleaned = clean_weights(store, weights)
    matrix: list[list[float]] = []
    ratio: float | None = None
    if method == "pairwise":
        if pairwise is None:
            raise ValidationError("Pairwise weights need the comparison table.", "pairwise")
        try:
            result = ahp.analyse(pairwise)
        except ahp.AhpError as exc:
            raise ValidationError(str(exc), "pairwise") from None
        if len(result.weights) != len(cleaned):
            raise ValidationError("The comparison table does not match the criteria.",
                                  "pairwise")
        matrix = [[float(x) for x in row] for row in pairwise]
        ratio = round(result.consistency_ratio, 4)
    with store.work() as w:
        for c in w.list(Criterion):
            if c.id in cleaned:
                c.weight = cleaned[c.id]
                w.add(c)
        profile = w.add(WeightProfile(
            method=method, weights={str(k): v for k, v in cleaned.items()}, pairwise=matrix,
            consistency_ratio=ratio, reason=reason, author=current_user() if author is None else author))
        assert profile.id is not None
        w.audit("weight_profile", profile.id, "weights agreed",
                f"{reason} | " + ", ".join(f"{k}:{v:g}" for k, v in cleaned.items()))
        return (ChangeSet.of("criterion", *cleaned) | ChangeSet.of("weight_profile", profile.id),
                profile.id)


def set_top_k(store: Store, k: int) -> ChangeSet:
    """How many places count as "the top" in rank stability (kept with the plan)."""
    k = validate.integer(k, "The size of the top group", field="top_k", low=1, high=50)
    with store.work() as w:
        _org, profile = ensure_self(w)
        settings = dict(profile.settings)
        settings["screening_top_k"] = k
        profile.settings = settings
        w.add(profile)
    return ChangeSet.of("profile", profile.id)


# --------------------------------------------------------------------------- decisions


class CapacityChoiceNeeded(ValidationError):
    """Pursuing this strategic partnership needs room made first; ``check`` lists the ways."""

    def __init__(self, check: capacity.PursueCheck) -> None:
        super().__init__(check.message, "tier")
        self.check = check


@dataclass(frozen=True)
class DecisionToken:
    """What :func:`undo_decision` needs: the decision made and the stages and tiers before."""

    decision_id: int | None  # None for a move on the capacity board (no decision row)
    before: tuple[tuple[int, str, str], ...]  # opportunity id, stage, tier


@dataclass(frozen=True)
class RoomOption:
    """One way of making room, with what the CEO needs to weigh it: the rank, score, health
    and CEO hours of the partnership it touches, and the hours once it is chosen."""

    choice: capacity.Choice
    title: str  # the partnership the choice touches
    rank: int | None
    score: float | None  # None: not yet scored
    health: str  # "At risk", "To watch", "Healthy", or "" when not pursued yet
    ceo_hours: float
    hours_after: float

    @property
    def facts(self) -> str:
        rank = f"rank {self.rank}" if self.rank is not None else "not ranked"
        score = "not yet scored" if self.score is None else f"score {self.score:.0f}"
        health = f"health: {self.health.lower()}" if self.health else "not pursued yet"
        return f"{rank} · {score} · {health} · {self.ceo_hours:g} CEO h a month"


def room_options(store: Store, data: ScreeningData,
                 check: capacity.PursueCheck) -> list[RoomOption]:
    """The make-room choices of ``check``, each with the facts to choose by."""
    from planner.services.dashboard import portfolio_health

    ranked = {r.id: r for r in data.ranking()}
    states = {h.partnership_id: h.label for h in portfolio_health(store)}
    out = []
    for choice in check.choices:
        opp = data.opportunity(choice.target_id)
        r = ranked.get(choice.target_id)
        out.append(RoomOption(
            choice, opp.title if opp else "", r.rank if r else None,
            None if r is None or r.unscored else r.score, states.get(choice.target_id, ""),
            float(opp.values.get("est_ceo_hours_per_month") or 0.0) if opp else 0.0,
            choice.hours_after))
    return out


LOW_CONFIDENCE = 0.5  # below half the criteria scored with evidence, pursuing needs a reason


@dataclass(frozen=True)
class PursueCaveats:
    """What is not yet known about an opportunity someone wants to pursue."""

    title: str
    unscreened: bool  # no gate answered and no criterion scored
    open_gates: tuple[str, ...]  # gates still "unknown"
    confidence: float | None  # share of criteria scored with evidence; None when unscored
    failed_gates: tuple[str, ...] = ()  # a failed gate blocks a pursue outright (check_decision)

    @property
    def low_confidence(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE

    @property
    def unscored(self) -> bool:
        return self.confidence is None

    @property
    def needs_reason(self) -> bool:
        """Screened, but not far enough for a pursue to go without a stated reason: a gate
        still open, no criterion scored, or a low confidence."""
        return not self.unscreened and not self.failed_gates and (
            bool(self.open_gates) or self.unscored or self.low_confidence)

    @property
    def sentence(self) -> str:
        """What the decision record keeps about the gaps it was taken with."""
        parts = []
        if self.open_gates:
            parts.append("gate" + ("s" if len(self.open_gates) > 1 else "") + " still open: "
                         + ", ".join(self.open_gates))
        if self.unscored:
            parts.append("no criterion scored yet")
        if self.low_confidence and self.confidence is not None:
            parts.append(f"confidence {round(self.confidence * 100)}%")
        return "Pursued with " + "; ".join(parts) + "." if parts else ""

    @property
    def refusal(self) -> str:
        """One line: why a pursue without a stated reason is refused ("" when it is not)."""
        if self.unscreened:
            return (f"“{self.title}” has not been screened: no gate answered and no criterion "
                    "scored. Screen it first, or say in the rationale why it should be pursued "
                    "before screening and confirm it.")
        if not self.needs_reason:
            return ""
        gaps = self.sentence.removeprefix("Pursued with ").rstrip(".")
        return (f"“{self.title}” is not fully screened ({gaps}). Say in the rationale why it "
                "should be pursued before screening is complete and confirm it, or finish "
                "screening first.")


def pursue_caveats(data: ScreeningData, opportunity_id: int) -> PursueCaveats:
    """Whether an opportunity is screened enough to pursue: ``decide`` (and the Decision
    tab) refuses a pursue when nothing is known, or when gates are open, nothing is scored
    or the confidence is low, unless the caller confirms a stated reason (``despite``)."""
    opp = data.opportunity(opportunity_id)
    if opp is None:
        raise ValidationError("That opportunity no longer exists.")
    ranked = next(r for r in data.ranking() if r.id == opportunity_id)
    results = {g.id: (opp.gates[g.id].result if g.id in opp.gates else "unknown")
               for g in data.gates}
    open_gates = tuple(g.name for g in data.gates if results[g.id] == "unknown")
    answered = any(r != "unknown" for r in results.values())
    return PursueCaveats(opp.title, unscreened=ranked.unscored and not answered
                         and not ranked.failed_gates,
                         open_gates=open_gates,
                         confidence=None if ranked.unscored else ranked.confidence,
                         failed_gates=ranked.failed_gates)


def check_decision(store: Store, opportunity_id: int, outcome: str, rationale: str,
                   decided_on: dt.date, *, tier: str = "", review_on: dt.date | None = None,
                   choice: capacity.Choice | None = None, despite: bool = False,
                   partner_answers_id: int | None = None,
                   data: ScreeningData | None = None) -> capacity.PursueCheck | None:
    """Validate a decision without saving it; the capacity check when it is a pursue.

    Raises ValidationError for bad input, a failed gate, or a pursue of an opportunity not
    fully screened (``pursue_caveats``) unless ``despite`` confirms that the rationale says
    why; CapacityChoiceNeeded when a strategic slot is needed and ``choice`` does not make one.
    ``partner_answers_id``: the round of the partner's answers the decision cites (it must be
    this opportunity's).
    """
    return _check_decision(store, opportunity_id, outcome, rationale, decided_on, tier=tier,
                           review_on=review_on, choice=choice, despite=despite,
                           partner_answers_id=partner_answers_id, data=data)[0]


def _check_decision(store: Store, opportunity_id: int, outcome: str, rationale: str,
                    decided_on: dt.date, *, tier: str, review_on: dt.date | None,
                    choice: capacity.Choice | None, despite: bool,
                    partner_answers_id: int | None,
                    data: ScreeningData | None) -> tuple[capacity.PursueCheck | None, str]:
    """The capacity check, and the caveats sentence a confirmed pursue is recorded with."""
    if partner_answers_id is not None:
        with store.work() as w:
            cited = w.get(PartnerAnswers, partner_answers_id)
            if cited is None or cited.opportunity_id != opportunity_id:
                raise ValidationError("The partner's answers cited are not this "
                                      "opportunity's (or were removed); choose a round of its "
                                      "own answers.", "partner_answers_id")
    if outcome not in OUTCOMES:
        raise ValidationError("A decision is pursue, defer or decline.", "outcome")
    text = validate.text(rationale, "The rationale", field="rationale")
    if not text.strip():
        raise ValidationError("Record why: the rationale stays with the opportunity.",
                              "rationale")
    if not isinstance(decided_on, dt.date):
        raise ValidationError("The decision needs a date.", "decided_on")
    if review_on is not None and review_on < decided_on:
        raise ValidationError(
            f"The review date ({review_on:%d %b %Y}) is before the decision date "
            f"({decided_on:%d %b %Y}): choose a later review date.", "review_on")
    data = data or load(store)
    opp = data.opportunity(opportunity_id)
    if opp is None:
        raise ValidationError("That opportunity no longer exists.")
    if outcome != "pursue":
        return None, ""
    if tier not in capacity.TIERS:
        raise ValidationError("Choose a tier: strategic, operational or network.", "tier")
    failed = next(r for r in data.ranking() if r.id == opportunity_id).failed_gates
    if failed:
        names = ", ".join(f"“{n}”" for n in failed)
        raise ValidationError(
            f"{names} failed, so “{opp.title}” cannot be pursued. Override the failed gate "
            "with a recorded reason, or defer or decline it.", "outcome")
    caveats = pursue_caveats(data, opportunity_id)
    if caveats.refusal and not despite:
        raise ValidationError(caveats.refusal, "outcome")
    check = data.pursue_check(opportunity_id, tier)
    if check.needs_choice:
        if choice is None:
            raise CapacityChoiceNeeded(check)
        possible = {(c.kind, c.target_id, c.tier) for c in check.choices}
        if (choice.kind, choice.target_id, choice.tier) not in possible:
            raise ValidationError("That way of making room is no longer possible; reload.",
                                  "tier")
    return check, caveats.sentence


def decide(store: Store, opportunity_id: int, outcome: str, rationale: str,
           decided_on: dt.date, *, tier: str = "", review_on: dt.date | None = None,
           choice: capacity.Choice | None = None, despite: bool = False,
           partner_answers_id: int | None = None,
           ident: int | None = None) -> tuple[ChangeSet, DecisionToken]:
    """Record pursue / defer / decline, move the opportunity's stage, apply a capacity choice.

    A pursue of an opportunity not fully screened (open gates, nothing scored, low
    confidence, or not screened at all) is refused unless ``despite`` confirms that the
    rationale says why; the record then begins with what was not yet known.
    ``partner_answers_id``: the round of the partner's own answers the decision drew on.
    ``ident``: the id the decision had before an undo took it away (a redo keeps it)."""
    _check, caveats = _check_decision(store, opportunity_id, outcome, rationale, decided_on,
                                      tier=tier, review_on=review_on, choice=choice,
                                      despite=despite, partner_answers_id=partner_answers_id,
                                      data=None)
    if caveats and not rationale.startswith(caveats):
        rationale = f"{caveats} {rationale.strip()}"  # kept with the record
    if choice is not None and choice.kind == "lower":
        tier = choice.tier
    with store.work() as w:
        opp = w.one(Opportunity, opportunity_id)
        touched = [opp]
        target = None
        if choice is not None and choice.kind != "lower":
            target = w.one(Opportunity, choice.target_id)
            touched.append(target)
        before = tuple((o.id, o.stage, o.tier) for o in touched if o.id is not None)
        row = w.add(Decision(id=ident, opportunity_id=opportunity_id, outcome=outcome,
                             rationale=rationale, decided_on=decided_on,
                             tier=tier if outcome == "pursue" else "", review_on=review_on,
                             partner_answers_id=partner_answers_id))
        opp.stage = OUTCOME_STAGE[outcome]
        opp.tier = tier if outcome == "pursue" else ""
        if review_on is not None:
            opp.review_date = review_on
        w.add(opp)
        w.audit("opportunity", opportunity_id, f"decided {outcome}",
                f"{tier} {rationale}"[:200])
        if target is not None and choice is not None:
            if choice.kind == "move":
                target.tier = choice.tier
            else:
                target.stage = "paused" if choice.kind == "pause" else "exited"
            w.add(target)
            w.audit("opportunity", target.id, f"{choice.kind} to make room",
                    f"for {opp.title}"[:200])
        assert row.id is not None
        token = DecisionToken(row.id, before)
    ids = [o for o, _s, _t in token.before]
    return _opportunity_changes(*ids) | ChangeSet.of("decision", token.decision_id), token


def undo_decision(store: Store, token: DecisionToken) -> ChangeSet:
    with store.work() as w:
        row = w.get(Decision, token.decision_id) if token.decision_id is not None else None
        if row is not None:
            w.delete(row)
        for ident, stage, tier in token.before:
            opp = w.one(Opportunity, ident)
            opp.stage, opp.tier = stage, tier
            w.add(opp)
        w.audit("decision", token.decision_id, "undone", "")
    ids = [o for o, _s, _t in token.before]
    return _opportunity_changes(*ids) | ChangeSet.of("decision", token.decision_id)


BOARD_MOVES = ("strategic", "operational", "network", "pause", "exit")


def board_check(data: ScreeningData, opportunity_id: int) -> capacity.PursueCheck:
    """The capacity check for moving a pursued partnership into the strategic tier.

    The same ways of making room as a decision offers, except that "pursue it at a lower
    tier" means keeping it where it is, so only the other lower tier is offered.
    """
    opp = data.opportunity(opportunity_id)
    check = data.pursue_check(opportunity_id, capacity.STRATEGIC)
    if opp is None or not check.needs_choice:
        return check
    choices = tuple(
        dataclasses.replace(c, label=f"Move “{opp.title}” to "
                            f"{capacity.TIER_LABELS[c.tier].lower()} instead")
        if c.kind == "lower" else c
        for c in check.choices if not (c.kind == "lower" and c.tier == opp.tier))
    message = (f"All {data.strategic_limit} strategic slots are taken. To make “{opp.title}” "
               "strategic, move another strategic partnership to a lower tier, or pause or exit "
               f"one. Cancel leaves “{opp.title}” where it is.")
    return dataclasses.replace(check, message=message, choices=choices)


def move_on_board(store: Store, opportunity_id: int, move: str,
                  choice: capacity.Choice | None = None) -> tuple[ChangeSet, DecisionToken]:
    """Change a pursued partnership's tier, or pause or exit it, from the capacity board.

    Moving into the strategic tier when no slot is free raises CapacityChoiceNeeded (with
    :func:`board_check`'s ways of making room) unless ``choice`` is one of them; the chosen
    change to the other partnership is made in the same step, and undone with it.
    """
    if move not in BOARD_MOVES:
        raise ValidationError("Move a partnership to a tier, or pause or exit it.", "move")
    data = load(store)
    opp = data.opportunity(opportunity_id)
    if opp is None or opp.stage != "pursued":
        raise ValidationError("Only pursued partnerships sit on the capacity board.")
    if move == opp.tier:
        raise ValidationError(f"“{opp.title}” is already {move}.")
    target_id: int | None = None
    if move == capacity.STRATEGIC:
        check = board_check(data, opportunity_id)
        if check.needs_choice:
            if choice is None:
                raise CapacityChoiceNeeded(check)
            possible = {(c.kind, c.target_id, c.tier) for c in check.choices}
            if (choice.kind, choice.target_id, choice.tier) not in possible:
                raise ValidationError("That way of making room is no longer possible; reload.",
                                      "tier")
            if choice.kind == "lower":
                move = choice.tier
            else:
                target_id = choice.target_id
    with store.work() as w:
        row = w.one(Opportunity, opportunity_id)
        before = [(opportunity_id, row.stage, row.tier)]
        if move in capacity.TIERS:
            row.tier = move
        else:
            row.stage = "paused" if move == "pause" else "exited"
        w.add(row)
        w.audit("opportunity", opportunity_id, f"{move} on the capacity board", row.title)
        if target_id is not None and choice is not None:
            target = w.one(Opportunity, target_id)
            before.append((target_id, target.stage, target.tier))
            if choice.kind == "move":
                target.tier = choice.tier
            else:
                target.stage = "paused" if choice.kind == "pause" else "exited"
            w.add(target)
            w.audit("opportunity", target_id, f"{choice.kind} to make room",
                    f"for {row.title}"[:200])
    ids = [ident for ident, _s, _t in before]
    return _opportunity_changes(*ids), DecisionToken(None, tuple(before))


# --------------------------------------------------------------------------- report


def _round(value: float, places: int = 1) -> float:
    return round(float(value), places)


def portfolio_report(store: Store, *, today: dt.date | None = None) -> dict[str, Any]:
    """The ranking, gates, stability and capacity as plain data (``planner report --json``).

    The shape is documented in docs/report-json.md and kept stable within a version.
    """
    data = load(store)
    ranking = data.ranking()
    stability = data.stability()
    ranges = data.weight_ranges()
    state = data.capacity_state()
    gate_names = {g.id: g.name for g in data.gates}
    latest = data.weight_log[0] if data.weight_log else None
    rows = []
    for r in ranking:
        opp = data.opportunity(r.id)
        assert opp is not None
        decision = opp.latest_decision
        share = stability.shares.get(r.id)
        rows.append({
            "id": r.id, "title": r.title, "partner": opp.partner_name, "stage": opp.stage,
            # Nobody has scored it: no score, rank, confidence or stability, said as such.
            "not_yet_scored": r.unscored,
            "tier": opp.tier, "rank": r.rank,
            "score": None if r.unscored else _round(r.score),
            "contributions": {c.name: _round(x, 2) for c, x in zip(data.criteria,
                                                                   r.contributions,
                                                                   strict=True)},
            "confidence": None if r.unscored else _round(r.confidence, 3), "scored": r.scored,
            "evidenced": r.evidenced, "gate_status": r.gate_status,
            "gates": [{"gate": gate_names[g.id],
                       "result": opp.gates[g.id].result if g.id in opp.gates else "unknown",
                       "overridden": opp.gates[g.id].overridden if g.id in opp.gates else False,
                       "rationale": opp.gates[g.id].rationale if g.id in opp.gates else "",
                       "override_reason": (opp.gates[g.id].override_reason
                                           if g.id in opp.gates else "")}
                      for g in data.gates],
            "stability": None if share is None else {
                "share": _round(share, 3), "words": stability.words(r.id)},
            "ceo_hours_per_month": float(opp.values.get("est_ceo_hours_per_month") or 0.0),
            "decision": None if decision is None else {
                "outcome": decision.outcome, "rationale": decision.rationale,
                "decided_on": decision.decided_on.isoformat(), "tier": decision.tier,
                "review_on": decision.review_on.isoformat() if decision.review_on else None,
                "partner_answers": None if decision.partner_received_on is None else {
                    "id": decision.partner_answers_id,
                    "received_on": decision.partner_received_on.isoformat()}},
        })
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated_on": (today or dt.date.today()).isoformat(),
        "criteria": [{"id": c.id, "name": c.name, "direction": c.direction,
                      "weight": _round(c.weight, 2)} for c in data.criteria],
        "weights": None if latest is None else {
            "method": latest.method, "reason": latest.reason, "author": latest.author,
            "agreed_at": latest.created_at.isoformat(),
            "consistency_ratio": latest.consistency_ratio},
        "ranking": rows,
        "stability": {"top_k": stability.k, "samples": stability.samples,
                      "concentration": stability.concentration},
        "weight_ranges": [{"criterion": x.name, "current": _round(x.current),
                           "low": _round(x.low), "high": _round(x.high)} for x in ranges],
        "capacity": {
            "strategic_limit": state.limit, "strategic_used": state.strategic_used,
            "strategic_free": state.strategic_free, "status": state.status,
            "ceo_hours_budget": state.hours_budget, "ceo_hours_used": state.hours_used,
            "ceo_hours_over": state.hours_over,
            "tiers": {tier: [{"id": e.id, "title": e.title, "ceo_hours_per_month": e.ceo_hours}
                             for e in state.by_tier[tier]] for tier in capacity.TIERS},
            "summary": state.summary(),
        },
        "health": _health(store, today),
        "conflict_flags": _conflict_flags(store, today),
    }


def _conflict_flags(store: Store, today: dt.date | None) -> list[dict[str, Any]]:
    """Every flagged conflict area, with the flags the Conflicts view shows (in the same
    words as the register's Flags column); a confidential area's title is not quoted."""
    from planner.services import conflicts

    reg = conflicts.register(store, today=today)
    return [{"ref": row.code, "id": row.id, "partnership": row.partnership,
             "title": "(confidential)" if row.confidential else row.title,
             "residual_band": row.residual_band, "overdue": row.overdue,
             "days_overdue": row.days_overdue, "stale_internal": row.stale_internal,
             "internal_days": row.internal_days if row.stale_internal else 0,
             "needs_clause": row.needs_clause, "flags": row.flag_text(long=True)}
            for row in sorted(reg.rows, key=lambda r: (r.partnership.casefold(), r.id))
            if row.flagged]


def _health(store: Store, today: dt.date | None) -> dict[str, Any] | None:
    """The dashboard's health report, when the dashboard service provides one."""
    # Imported here: the dashboard is a sibling area, and the report is its only use here.
    from planner.services import dashboard

    return dashboard.health_report(store, today)


def report_text(report: Mapping[str, Any]) -> str:
    """The report for a terminal: ranking with gates and stability, then capacity."""
    lines = [f"Screening report, {report['generated_on']}", ""]
    crits = ", ".join(f"{c['name']} {c['weight']:g}%" for c in report["criteria"])
    lines.append(f"Weights: {crits}")
    weights = report.get("weights")
    if weights:
        ratio = weights.get("consistency_ratio")
        extra = f"; consistency ratio {ratio:.2f}" if ratio is not None else ""
        lines.append(f"  agreed {weights['agreed_at'][:10]} ({weights['method']}{extra}): "
                     f"{weights['reason']}")
    if not report["ranking"]:
        lines += ["", "No opportunities yet: add one in the Screening view."]
    else:
        lines += ["", f"{'Rank':>4}  {'Score':>5}  {'Conf.':>5}  {'Gates':<10}  Opportunity"]
    for row in report["ranking"]:
        rank = str(row["rank"]) if row["rank"] is not None else "-"
        if row.get("not_yet_scored"):
            lines.append(f"{rank:>4}  {'-':>5}  {'-':>5}  {row['gate_status']:<10}  "
                         f"{row['title']} ({row['stage']}) — not yet scored")
        else:
            lines.append(f"{rank:>4}  {row['score']:>5.0f}  {row['confidence'] * 100:>4.0f}%  "
                         f"{row['gate_status']:<10}  {row['title']} ({row['stage']})")
        failed = [g["gate"] for g in row["gates"] if g["result"] == "fail"
                  and not g["overridden"]]
        if failed:
            lines.append(f"{'':>31}failed: {', '.join(failed)}")
        if row["stability"]:
            lines.append(f"{'':>31}{row['stability']['words']}")
    ranges = report["weight_ranges"]
    k = report["stability"]["top_k"]
    if ranges and all(r["high"] - r["low"] < 0.5 for r in ranges):
        lines += ["", f"A tie at the edge of the top {k}: any change of weights decides "
                  "which of the tied opportunities is in it."]
    elif ranges and report["ranking"]:
        lines += ["", f"The top {k} stays the same while each weight stays within "
                  "(the others scaled to fit):"]
        for r in ranges:
            lines.append(f"  {r['criterion']}: {r['low']:.0f}% to {r['high']:.0f}% "
                         f"(now {r['current']:.0f}%)")
    cap = report["capacity"]
    lines += ["", f"Capacity: {cap['summary']}"]
    for tier in capacity.TIERS:
        items = cap["tiers"][tier]
        if items:
            names = ", ".join(f"{e['title']} ({e['ceo_hours_per_month']:g} h)" for e in items)
            lines.append(f"  {capacity.TIER_LABELS[tier]}: {names}")
    if report.get("health"):
        from planner.services import dashboard

        lines += ["", dashboard.health_text(report["health"])]
    if report.get("conflict_flags"):
        lines += ["", "Conflict areas flagged:"]
        lines += [f"  {f['ref']} {f['title']} ({f['partnership']}): {f['flags']}"
                  for f in report["conflict_flags"]]
    return "\n".join(lines)
