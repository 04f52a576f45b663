"""Decisions (services layer): pursue, defer or decline with a rationale; what a pursue
must say when screening is not complete (``pursue_caveats``); the capacity check and the ways
to make room; undoing a decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.domain import capacity
from planner.domain.capacity import Stage
from planner.domain.dates import day_text
from planner.domain.screening import Outcome
from planner.services import validate
from planner.services.changes import ChangeSet, ValidationError
from planner.services.screening.opportunities import _opportunity_changes
from planner.services.screening.snapshot import OUTCOME_STAGE, OUTCOMES, ScreeningData, load
from planner.store.database import Store
from planner.store.tables import (
    Decision,
    Opportunity,
    PartnerAnswers,
)

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
            f"The review date ({day_text(review_on)}) is before the decision date "
            f"({day_text(decided_on)}): choose a later review date.", "review_on")
    data = data or load(store)
    opp = data.opportunity(opportunity_id)
    if opp is None:
        raise ValidationError("That opportunity no longer exists.")
    if outcome != Outcome.PURSUE:
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
                             tier=tier if outcome == Outcome.PURSUE else "", review_on=review_on,
                             partner_answers_id=partner_answers_id))
        opp.stage = OUTCOME_STAGE[outcome]
        opp.tier = tier if outcome == Outcome.PURSUE else ""
        if review_on is not None:
            opp.review_date = review_on
        w.add(opp)
        w.audit("opportunity", opportunity_id, f"decided {outcome}",
                f"{tier} {rationale}"[:200])
        if target is not None and choice is not None:
            if choice.kind == "move":
                target.tier = choice.tier
            else:
                target.stage = Stage.PAUSED if choice.kind == "pause" else Stage.EXITED
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
