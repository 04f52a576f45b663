"""The capacity board's moves (services layer): change a pursued partnership's tier, pause
or end it, with the same choice of what makes room as a decision.
"""

from __future__ import annotations

import dataclasses

from planner.domain import capacity
from planner.domain.capacity import Stage
from planner.services.changes import ChangeSet, ValidationError
from planner.services.screening.decisions import CapacityChoiceNeeded, DecisionToken
from planner.services.screening.opportunities import _opportunity_changes
from planner.services.screening.snapshot import ScreeningData, load
from planner.store.database import Store
from planner.store.tables import (
    Opportunity,
)

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
    message = (f"{capacity.all_slots(data.strategic_limit)} taken. To make “{opp.title}” "
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
    if opp is None or opp.stage != Stage.PURSUED:
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
            row.stage = Stage.PAUSED if move == "pause" else Stage.EXITED
        w.add(row)
        w.audit("opportunity", opportunity_id, f"{move} on the capacity board", row.title)
        if target_id is not None and choice is not None:
            target = w.one(Opportunity, target_id)
            before.append((target_id, target.stage, target.tier))
            if choice.kind == "move":
                target.tier = choice.tier
            else:
                target.stage = Stage.PAUSED if choice.kind == "pause" else Stage.EXITED
            w.add(target)
            w.audit("opportunity", target_id, f"{choice.kind} to make room",
                    f"for {row.title}"[:200])
    ids = [ident for ident, _s, _t in before]
    return _opportunity_changes(*ids), DecisionToken(None, tuple(before))
