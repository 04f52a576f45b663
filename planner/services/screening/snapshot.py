"""Screening snapshots (services layer): the detached, frozen rows a view or report reads
(:class:`ScreeningData` and its rows), and reading them from the plan (``load``, and
``reload_opportunities`` after an edit to some). The arithmetic lives in
``planner.domain.screening``, ``ahp`` and ``capacity``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.domain import capacity
from planner.domain.capacity import Stage
from planner.domain.defaults import CONFLICT_REGISTER
from planner.domain.screening import (
    CriterionInfo,
    GateOutcome,
    OptionInput,
    Outcome,
    RankedOption,
    StabilityResult,
    WeightRange,
    rank_options,
    rank_stability,
    weight_ranges,
)
from planner.services import conflicts
from planner.services.defaults import ensure_screening_defaults
from planner.services.organisation import ensure_self
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Criterion,
    CriterionScore,
    Decision,
    GateResult,
    Opportunity,
    Organisation,
    PartnerAnswers,
    Person,
    WeightProfile,
)

REPORT_FORMAT = "partnership-planner/report"
REPORT_VERSION = 1
DEFAULT_TOP_K = 3
# pursue, defer, decline (StrEnum members: equal to the stored strings)
OUTCOMES: tuple[str, ...] = tuple(Outcome)
OUTCOME_STAGE: dict[str, str] = {Outcome.PURSUE: Stage.PURSUED, Outcome.DEFER: Stage.DEFERRED,
                                 Outcome.DECLINE: Stage.DECLINED}
NOT_RANKED_STAGES = (Stage.DECLINED, Stage.EXITED)
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
                for o in self.opportunities if o.stage == Stage.PURSUED and o.tier]

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


def load(store: Store, *, plain: bool = False) -> ScreeningData:
    """A snapshot of everything screening shows (seeds the default criteria and gates).

    ``plain`` reads the conflict areas as whole records (for the test that compares the
    two)."""
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
            register_levels = conflicts.exposure_levels(w, plain=plain)
        top_k = profile.settings.get("screening_top_k", DEFAULT_TOP_K)
        return ScreeningData(
            criteria=tuple(_criterion_row(c) for c in criteria),
            gates=tuple(GateRow(g.id, g.name, g.question, g.position, g.is_headline)
                        for g in gates if g.id is not None),
            opportunities=tuple(opportunities), strategic_limit=profile.strategic_limit,
            ceo_hours_budget=profile.ceo_hours_per_month,
            top_k=top_k if isinstance(top_k, int) and top_k >= 1 else DEFAULT_TOP_K,
            weight_log=log, people=people, partners=partners, register_levels=register_levels)
