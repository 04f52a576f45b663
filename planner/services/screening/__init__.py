"""Screening use cases (services layer), one module per use case:

- ``snapshot``: the detached, frozen rows views and reports read (:class:`ScreeningData`),
  read from the plan by ``load`` (and ``reload_opportunities`` after an edit to some);
- ``opportunities``: create, change, delete and put back an opportunity; scores; gate answers;
- ``criteria``: criteria, gates, weights (agreed with a reason) and the top group's size;
- ``decisions``: pursue, defer or decline, what a pursue must say before screening is
  complete, the capacity check and the ways to make room;
- ``board``: the capacity board's moves;
- ``report``: ``planner report``.

Every write validates first, then changes the plan in one unit of work, writes an audit line
and returns a ChangeSet. Writes that an undo must reverse wholesale (removing a criterion, a
decision that moved other partnerships) return a token the matching ``restore_*`` /
``undo_*`` function takes. Callers use the package (``from planner.services import screening
as svc``); the names below are its interface.
"""

from __future__ import annotations

from planner.domain.capacity import Tier
from planner.domain.screening import Outcome
from planner.services.screening.board import (
    BOARD_MOVES,
    board_check,
    move_on_board,
)
from planner.services.screening.criteria import (
    add_criterion,
    add_gate,
    clean_weights,
    remove_criterion,
    remove_gate,
    set_top_k,
    set_weights,
    update_criterion,
    update_gate,
)
from planner.services.screening.decisions import (
    LOW_CONFIDENCE,
    CapacityChoiceNeeded,
    DecisionToken,
    PursueCaveats,
    RoomOption,
    check_decision,
    decide,
    pursue_caveats,
    room_options,
    undo_decision,
)
from planner.services.screening.opportunities import (
    check_opportunity_value,
    clean_opportunity_value,
    create_opportunity,
    delete_blocker,
    delete_opportunity,
    restore_rows,
    set_gate_result,
    set_score,
    update_opportunity,
)
from planner.services.screening.report import (
    portfolio_report,
    report_text,
)
from planner.services.screening.snapshot import (
    CONTEXT_CHOICES,
    DEFAULT_TOP_K,
    FIELD_LABELS,
    NOT_RANKED_STAGES,
    OPPORTUNITY_FIELDS,
    OUTCOME_STAGE,
    OUTCOMES,
    REPORT_FORMAT,
    REPORT_VERSION,
    RESOURCE_KINDS,
    CriterionRow,
    DecisionRow,
    GateResultRow,
    GateRow,
    OpportunityRow,
    PersonRow,
    ScoreRow,
    ScreeningData,
    WeightLogRow,
    load,
    reload_opportunities,
)

__all__ = [
    "BOARD_MOVES",
    "CONTEXT_CHOICES",
    "DEFAULT_TOP_K",
    "FIELD_LABELS",
    "LOW_CONFIDENCE",
    "NOT_RANKED_STAGES",
    "OPPORTUNITY_FIELDS",
    "OUTCOMES",
    "OUTCOME_STAGE",
    "REPORT_FORMAT",
    "REPORT_VERSION",
    "RESOURCE_KINDS",
    "CapacityChoiceNeeded",
    "CriterionRow",
    "DecisionRow",
    "DecisionToken",
    "GateResultRow",
    "GateRow",
    "OpportunityRow",
    "Outcome",
    "PersonRow",
    "PursueCaveats",
    "RoomOption",
    "ScoreRow",
    "ScreeningData",
    "Tier",
    "WeightLogRow",
    "add_criterion",
    "add_gate",
    "board_check",
    "check_decision",
    "check_opportunity_value",
    "clean_opportunity_value",
    "clean_weights",
    "create_opportunity",
    "decide",
    "delete_blocker",
    "delete_opportunity",
    "load",
    "move_on_board",
    "portfolio_report",
    "pursue_caveats",
    "reload_opportunities",
    "remove_criterion",
    "remove_gate",
    "report_text",
    "restore_rows",
    "room_options",
    "set_gate_result",
    "set_score",
    "set_top_k",
    "set_weights",
    "undo_decision",
    "update_criterion",
    "update_gate",
    "update_opportunity",
]
