"""Undo commands for screening (ui layer): thin wrappers over ``services.screening``.

Each command declares what it writes and calls a service (planner/ui/shell/commands.py). Typing
in one field (an evidence note, a rationale) merges into one undo step. Input is validated
by the view before a command is pushed; a refusal the view did not foresee drops the
command with its reason (``problem``), which ``ScreeningView.push`` shows beside the edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from planner.domain.capacity import Choice
from planner.services import partner_view
from planner.services import screening as svc
from planner.services.changes import ChangeSet
from planner.services.edits import Writes, values, writes
from planner.services.saved_rows import SavedRows
from planner.ui.shell.commands import EditCommand, FieldCommand, RecordCommand
from planner.ui.shell.context import ViewContext

_TYPING_FIELDS = frozenset({"title", "source", "purpose", "goals", "trust_note", "lead_division", "notes",
                  "we_give", "we_get", "est_ceo_hours_per_month", "est_staff_hours_per_month",
                  "est_cost", "est_income"})


class UpdateOpportunityCommand(FieldCommand):
    merge_name = "opportunity"
    typing = _TYPING_FIELDS

    def __init__(self, ctx: ViewContext, opportunity_id: int, field: str, old: Any,
                 new: Any) -> None:
        label = svc.FIELD_LABELS.get(field, field).removeprefix("The ").lower()
        super().__init__(ctx, f"Edit {label}", "opportunity", opportunity_id, field, old, new)

    def save(self, value: Any, expect: Writes) -> ChangeSet:
        return svc.update_opportunity(self.ctx.store, self.ident, self.field, value,
                                      expect=expect)


class SetScoreCommand(EditCommand):
    """A level and its evidence note; typing the note merges, changing the level does not."""

    merge_name = "score"

    def __init__(self, ctx: ViewContext, opportunity_id: int, criterion_id: int,
                 old: tuple[int | None, str], new: tuple[int | None, str], name: str) -> None:
        key = {"opportunity_id": opportunity_id, "criterion_id": criterion_id}
        super().__init__(ctx, f"Score {name}", writes(
            "criterion_score", key, {"level": old[0], "evidence": old[1]},
            {"level": new[0], "evidence": new[1]}))
        self.opportunity_id, self.criterion_id = opportunity_id, criterion_id
        self.typing = old[0] == new[0]

    def merge_key(self) -> object:
        return (self.opportunity_id, self.criterion_id) if self.typing else None

    def run(self, forward: bool) -> ChangeSet:
        expect = self.expected(forward)
        now = values(expect)
        return svc.set_score(self.ctx.store, self.opportunity_id, self.criterion_id,
                             now["level"], now["evidence"], expect=expect)


GateValue = tuple[str, str, bool, str]  # result, rationale, overridden, override reason
_GATE_FIELDS = ("result", "rationale", "overridden", "override_reason")


class SetGateCommand(EditCommand):
    merge_name = "gate"

    def __init__(self, ctx: ViewContext, opportunity_id: int, gate_id: int, old: GateValue,
                 new: GateValue, name: str) -> None:
        key = {"opportunity_id": opportunity_id, "gate_id": gate_id}
        super().__init__(ctx, f"Answer gate {name}", writes(
            "gate_result", key, dict(zip(_GATE_FIELDS, old, strict=True)),
            dict(zip(_GATE_FIELDS, new, strict=True))))
        self.opportunity_id, self.gate_id = opportunity_id, gate_id
        self.typing = (old[0], old[2]) == (new[0], new[2])  # only the texts changed

    def merge_key(self) -> object:
        return (self.opportunity_id, self.gate_id) if self.typing else None

    def run(self, forward: bool) -> ChangeSet:
        expect = self.expected(forward)
        now = values(expect)
        return svc.set_gate_result(
            self.ctx.store, self.opportunity_id, self.gate_id, now["result"], now["rationale"],
            overridden=now["overridden"], override_reason=now["override_reason"],
            expect=expect)


class SetWeightsCommand(EditCommand):
    """Agree new weights. Undo agrees the old ones again, logged as an undo: the log keeps both."""

    def __init__(self, ctx: ViewContext, old: dict[int, float], new: dict[int, float],
                 reason: str, method: str = "direct",
                 pairwise: Sequence[Sequence[float]] | None = None) -> None:
        super().__init__(ctx, "Agree weights")
        self.old, self.new, self.reason = old, new, reason
        self.method, self.pairwise = method, pairwise

    def run(self, forward: bool) -> ChangeSet:
        if forward:
            changes, _ident = svc.set_weights(self.ctx.store, self.new, self.reason,
                                              method=self.method, pairwise=self.pairwise)
        else:
            changes, _ident = svc.set_weights(self.ctx.store, self.old,
                                              f"Undone: {self.reason}"[:2000])
        return changes


class DecideCommand(EditCommand):
    def __init__(self, ctx: ViewContext, opportunity_id: int, outcome: str, rationale: str,
                 decided_on: dt.date, tier: str, review_on: dt.date | None,
                 choice: Choice | None, title: str, *, despite: bool = False,
                 partner_answers_id: int | None = None) -> None:
        super().__init__(ctx, f"{outcome.capitalize()} {title}")
        self.opportunity_id, self.outcome = opportunity_id, outcome
        self.rationale, self.decided_on, self.tier = rationale, decided_on, tier
        self.review_on, self.choice = review_on, choice
        self.despite = despite  # pursued before screening is complete: the rationale says why
        self.partner_answers_id = partner_answers_id  # the round of their answers it cites
        self.token: svc.DecisionToken | None = None

    def run(self, forward: bool) -> ChangeSet:
        if not forward:
            assert self.token is not None
            return svc.undo_decision(self.ctx.store, self.token)
        changes, self.token = svc.decide(
            self.ctx.store, self.opportunity_id, self.outcome, self.rationale, self.decided_on,
            tier=self.tier, review_on=self.review_on, choice=self.choice,
            despite=self.despite, partner_answers_id=self.partner_answers_id, ident=self.token.decision_id if self.token is not None else None)
        return changes


class CreateOpportunityCommand(RecordCommand):
    def __init__(self, ctx: ViewContext, title: str) -> None:
        super().__init__(ctx, f"New opportunity {title}")
        self.title = title

    def add(self) -> tuple[int, ChangeSet]:
        changes, ident = svc.create_opportunity(self.ctx.store, self.title)
        return ident, changes

    def remove(self, ident: int) -> tuple[SavedRows, ChangeSet]:
        changes, saved = svc.delete_opportunity(self.ctx.store, ident)
        return saved, changes

    def put_back(self, saved: SavedRows) -> ChangeSet:
        return svc.restore_rows(self.ctx.store, saved)


class DeleteOpportunityCommand(CreateOpportunityCommand):
    adds = False

    def __init__(self, ctx: ViewContext, ident: int, title: str) -> None:
        super().__init__(ctx, title)
        self.setText(f"Delete {title}")
        self.ident = ident


class AddCriterionCommand(RecordCommand):
    def __init__(self, ctx: ViewContext, name: str, direction: str) -> None:
        super().__init__(ctx, f"Add criterion {name}")
        self.name, self.direction = name, direction

    def add(self) -> tuple[int, ChangeSet]:
        changes, ident = svc.add_criterion(self.ctx.store, self.name, direction=self.direction)
        return ident, changes

    def remove(self, ident: int) -> tuple[SavedRows, ChangeSet]:
        changes, saved = svc.remove_criterion(self.ctx.store, ident)
        return saved, changes

    def put_back(self, saved: SavedRows) -> ChangeSet:
        return svc.restore_rows(self.ctx.store, saved)


class RemoveCriterionCommand(AddCriterionCommand):
    adds = False

    def __init__(self, ctx: ViewContext, ident: int, name: str) -> None:
        super().__init__(ctx, name, direction="")  # a removal never adds anew
        self.setText(f"Remove criterion {name}")
        self.ident = ident


class UpdateCriterionCommand(FieldCommand):
    merge_name = "criterion"
    typing = frozenset({"name", "description", "levels"})

    def __init__(self, ctx: ViewContext, ident: int, field: str, old: Any, new: Any) -> None:
        super().__init__(ctx, f"Edit criterion {field}", "criterion", ident, field, old, new)

    def save(self, value: Any, expect: Writes) -> ChangeSet:
        return svc.update_criterion(self.ctx.store, self.ident, self.field, value,
                                    expect=expect)


class AddGateCommand(RecordCommand):
    def __init__(self, ctx: ViewContext, name: str, question: str = "") -> None:
        super().__init__(ctx, f"Add gate {name}")
        self.name, self.question = name, question

    def add(self) -> tuple[int, ChangeSet]:
        changes, ident = svc.add_gate(self.ctx.store, self.name, self.question)
        return ident, changes

    def remove(self, ident: int) -> tuple[SavedRows, ChangeSet]:
        changes, saved = svc.remove_gate(self.ctx.store, ident)
        return saved, changes

    def put_back(self, saved: SavedRows) -> ChangeSet:
        return svc.restore_rows(self.ctx.store, saved)


class RemoveGateCommand(AddGateCommand):
    adds = False

    def __init__(self, ctx: ViewContext, ident: int, name: str) -> None:
        super().__init__(ctx, name)
        self.setText(f"Remove gate {name}")
        self.ident = ident


class SetTopKCommand(EditCommand):
    merge_name = "top_k"  # clicking the arrows several times is one step

    def __init__(self, ctx: ViewContext, old: int, new: int) -> None:
        super().__init__(ctx, "Change the top group size")
        self.old, self.new = old, new

    def merge_key(self) -> object:
        return "top_k"

    def absorb(self, other: EditCommand) -> None:
        assert isinstance(other, SetTopKCommand)
        self.new = other.new

    def run(self, forward: bool) -> ChangeSet:
        return svc.set_top_k(self.ctx.store, self.new if forward else self.old)


class BoardMoveCommand(EditCommand):
    """Move a partnership to another tier, or pause or exit it, from the capacity board.

    ``choice`` is what makes room when it moves into a full strategic tier; undo puts both
    partnerships back.
    """

    def __init__(self, ctx: ViewContext, opportunity_id: int, move: str, title: str,
                 choice: Choice | None = None) -> None:
        label = {"pause": f"Pause {title}", "exit": f"Exit {title}"}.get(
            move, f"Move {title} to {move}")
        super().__init__(ctx, label)
        self.opportunity_id, self.move = opportunity_id, move
        self.choice = choice
        self.token: svc.DecisionToken | None = None

    def run(self, forward: bool) -> ChangeSet:
        if not forward:
            assert self.token is not None
            return svc.undo_decision(self.ctx.store, self.token)
        changes, self.token = svc.move_on_board(self.ctx.store, self.opportunity_id, self.move,
                                                self.choice)
        return changes


class ImportPartnerAnswersCommand(RecordCommand):
    """Keep a round of the partner's answers (read and previewed by the view). Undo removes
    the round; redo puts it back under the same id."""

    def __init__(self, ctx: ViewContext, preview: partner_view.Preview, received_on: dt.date,
                 title: str) -> None:
        super().__init__(ctx, f"Import the partner's answers about {title}")
        self.preview, self.received_on = preview, received_on

    def add(self) -> tuple[int, ChangeSet]:
        return partner_view.store_answers(self.ctx.store, self.preview,
                                          received_on=self.received_on)

    def remove(self, ident: int) -> tuple[int, ChangeSet]:
        return ident, partner_view.delete_answers(self.ctx.store, ident)

    def put_back(self, saved: int) -> ChangeSet:
        _ident, changes = partner_view.store_answers(
            self.ctx.store, self.preview, received_on=self.received_on, answers_id=saved)
        return changes
