"""The Next steps checklist (services layer): how far a plan has come along the method.

A plan is built in the order the method asks for — know yourself, find an opportunity,
screen it, decide, name the conflict, agree protocols, cut the work into small bites, meet
on a rhythm. Each step is judged from what the plan records, never ticked by hand, so the
list cannot claim progress the plan does not show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.domain import health
from planner.domain.capacity import Stage
from planner.services.meetings import protocol_cadence
from planner.services.organisation import ensure_self
from planner.store.database import Store
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
)

# Milestones a pursued partnership needs before its work counts as cut into small bites.
SMALL_BITES = 3


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    hint: str  # what to do next (or, once done, what the plan shows)
    done: bool
    view: str  # the view that does it (a VIEW_SPECS name)
    page: str = ""  # a tab of that view, when it has one for this step


def _names(opps: Sequence[Opportunity]) -> str:
    titles = [f"“{o.title}”" for o in opps]
    if len(titles) <= 2:
        return " and ".join(titles)
    return ", ".join(titles[:2]) + f" and {len(titles) - 2} more"


def next_steps(store: Store) -> tuple[Step, ...]:
    """The eight steps of the method, each done or not according to the plan."""
    with store.work() as work:
        _, profile = ensure_self(work)
        opps = work.list(Opportunity, order_by=("title", "id"))
        gates = work.list(Gate)
        criteria = work.list(Criterion)
        results = work.list(GateResult)
        scores = work.list(CriterionScore)
        decisions = work.list(Decision)
        pursued = [o for o in opps if o.stage == Stage.PURSUED]
        ids = [o.id for o in pursued]
        # Which partnerships have conflict areas, milestones (how many) and meetings: asked
        # of the database, not read row by row (a plan kept for years holds 100,000).
        with_areas = work.distinct(ConflictArea, "opportunity_id") if ids else set()
        agreements = work.list(Agreement, opportunity_id=ids,
                               order_by=("-version", "-id")) if ids else []
        per_opp = work.count_by(Milestone, "opportunity_id") if ids else {}
        met = work.distinct(Meeting, "opportunity_id") if ids else set()
        cadence = {o.id: bool(protocol_cadence(
            work, o.id, [a for a in agreements if a.opportunity_id == o.id])[0])
            for o in pursued if o.id is not None}

    steps: list[Step] = []

    missing = [label for label, ok in (("the vision", bool(profile.vision.strip())),
                                       ("the values", bool(profile.values)),
                                       ("the priorities", bool(profile.priorities)),
                                       ("the CEO's hours", profile.ceo_hours_per_month > 0))
               if not ok]
    steps.append(Step(
        "profile", "Describe your organisation",
        "Vision, values, priorities and the CEO's hours are recorded." if not missing else
        "Write down " + ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "")
        + missing[-1] + ": every opportunity is judged against them.",
        not missing, "organisation"))

    steps.append(Step(
        "opportunity", "Add your first opportunity",
        f"{len(opps)} opportunit{'y' if len(opps) == 1 else 'ies'} recorded." if opps else
        "Record a partnership you are being offered or are thinking of, with its partner.",
        bool(opps), "screening"))

    # Each partnership's answered gates and scored criteria, gathered once (not looked for
    # among every partnership's answers for each of 206 partnerships).
    answered: dict[int | None, set[int | None]] = {}
    for r in results:
        if r.result != "unknown":
            answered.setdefault(r.opportunity_id, set()).add(r.gate_id)
    scored: dict[int | None, set[int | None]] = {}
    for sc in scores:
        if sc.level is not None:
            scored.setdefault(sc.opportunity_id, set()).add(sc.criterion_id)

    def screened(opp: Opportunity) -> bool:
        gates_done, marks = answered.get(opp.id, set()), scored.get(opp.id, set())
        return (all(g.id in gates_done for g in gates)
                and all(c.id in marks for c in criteria) and bool(gates or criteria))

    done_screening = [o for o in opps if screened(o)]
    steps.append(Step(
        "screening", "Answer the gates and score it",
        f"{len(done_screening)} of {len(opps)} screened in full." if done_screening else
        "Answer every must-pass gate (the five headline questions first) and score each "
        "criterion, with the evidence.",
        bool(done_screening), "screening"))

    steps.append(Step(
        "decision", "Decide: pursue, defer or decline",
        f"{len(decisions)} decision{'' if len(decisions) == 1 else 's'} recorded, with reasons."
        if decisions else
        "Make a decision with its reason. Declining is a good outcome when the fit is poor.",
        bool(decisions), "screening", "decision"))

    def each_pursued(have: set[int | None], ok: str, todo: str, none: str) -> tuple[str, bool]:
        if not pursued:
            return none, False
        lacking = [o for o in pursued if o.id not in have]
        if not lacking:
            return ok, True
        return todo.format(names=_names(lacking)), False

    hint, done = each_pursued(
        with_areas,
        "Every pursued partnership has its areas of overlap and competition named.",
        "Name where you and the partner overlap or compete, for {names}.",
        "Once a partnership is pursued, name where you and the partner overlap or compete.")
    steps.append(Step("conflicts", "Name the conflict areas of each partnership", hint, done,
                      "conflicts"))

    hint, done = each_pursued(
        {a.opportunity_id for a in agreements},
        "Every pursued partnership has a protocol agreement.",
        "Draft the protocol agreement (remit, behaviours, data, money, conflict) for {names}.",
        "Once a partnership is pursued, agree its protocol early, before trouble starts.")
    if done:
        unagreed = [o for o in pursued if not any(
            a.opportunity_id == o.id and a.state in health.AGREED_STATES for a in agreements)]
        if unagreed:
            hint = f"Drafted; still to agree and sign for {_names(unagreed)}."
    steps.append(Step("agreement", "Agree a protocol", hint, done, "agreements"))

    hint, done = each_pursued(
        {i for i, n in per_opp.items() if n >= SMALL_BITES},
        "Every pursued partnership has its work cut into milestones.",
        f"Cut the work into at least {SMALL_BITES} small milestones, an early win among "
        "them, for {names}.",
        "Once a partnership is pursued, set a series of small milestones up front.")
    steps.append(Step("milestones", "Plan milestones in small bites", hint, done, "timeline"))

    hint, done = each_pursued(
        {i for i, has in cadence.items() if has and i in met},
        "Every pursued partnership has a meeting rhythm and its meetings in the log.",
        "Set how often you meet (the protocol's Meetings section) and put the first meeting "
        "in the meeting log, for {names}.",
        "Once a partnership is pursued, agree how often you meet and keep to it.")
    steps.append(Step("cadence", "Keep a meeting cadence", hint, done, "dashboard",
                      "meetings"))
    return tuple(steps)


def all_done(steps: Sequence[Step]) -> bool:
    return all(s.done for s in steps)
