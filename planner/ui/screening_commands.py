"""Undo commands for screening (ui layer): thin wrappers over ``services.screening``.

Each command's redo()/undo() calls a service and emits the ChangeSet. Typing in one field
(an evidence note, a rationale) merges into one undo step. Input is validated by the view
before a command is pushed, so redo() does not fail in normal use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from planner.domain.capacity import Choice
from planner.services import screening as svc
from planner.services.changes import ValidationError
from planner.store.errors import ConflictError, StoreError
from planner.ui.context import ViewContext
from planner.ui.steps import Step

# Merge ids: one per command class; the fields inside decide whether two steps merge.
_ID_OPPORTUNITY = 3101
_ID_SCORE = 3102
_ID_GATE = 3103
_ID_CRITERION = 3104
_ID_GATE_TEXT = 3105
_ID_TOP_K = 3106

_TYPING_FIELDS = {"title", "source", "purpose", "goals", "trust_note", "lead_division", "notes",
                  "we_give", "we_get", "est_ceo_hours_per_month", "est_staff_hours_per_month",
                  "est_cost", "est_income"}


class ServiceCommand(Step):
    """A command whose service call may be refused (bad input, a record someone else changed).

    A refusal does not escape into Qt (PySide would only print it): the command records the
    message in ``problem``, marks itself obsolete so the stack drops it, and says so on the
    status bar. ``ScreeningView.push`` shows ``problem`` beside the edit.
    """

    ctx: ViewContext

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except ConflictError:
            raise  # a colleague's change: Step asks which to keep
        except (ValidationError, StoreError) as exc:
            self.refuse(getattr(exc, "message", "") or str(exc))

    def id(self) -> int:
        # A refused step must not merge into the previous one (Qt asks after redo()).
        return -1 if self.problem else self._merge_id()

    def _merge_id(self) -> int:
        return -1

    def redo(self) -> None:
        self._guard(self._redo)

    def undo(self) -> None:
        self._guard(self._undo)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError



class UpdateOpportunityCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, opportunity_id: int, field: str, old: Any,
                 new: Any) -> None:
        label = svc.FIELD_LABELS.get(field, field).removeprefix("The ").lower()
        super().__init__(f"Edit {label}")
        self.ctx, self.opportunity_id, self.field, self.old, self.new = (
            ctx, opportunity_id, field, old, new)

    def _merge_id(self) -> int:
        return _ID_OPPORTUNITY if self.field in _TYPING_FIELDS else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, UpdateOpportunityCommand) or other.field != self.field
                or other.opportunity_id != self.opportunity_id):
            return False
        self.new = other.new
        return True

    def _apply(self, value: Any) -> None:
        self.ctx.events.emit_changes(
            svc.update_opportunity(self.ctx.store, self.opportunity_id, self.field, value))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


class SetScoreCommand(ServiceCommand):
    """A level and its evidence note; typing the note merges, changing the level does not."""

    def __init__(self, ctx: ViewContext, opportunity_id: int, criterion_id: int,
                 old: tuple[int | None, str], new: tuple[int | None, str], name: str) -> None:
        super().__init__(f"Score {name}")
        self.ctx, self.opportunity_id, self.criterion_id = ctx, opportunity_id, criterion_id
        self.old, self.new = old, new

    def _merge_id(self) -> int:
        return _ID_SCORE if self.old[0] == self.new[0] else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, SetScoreCommand) or other.old[0] != other.new[0]
                or (other.opportunity_id, other.criterion_id)
                != (self.opportunity_id, self.criterion_id)):
            return False
        self.new = other.new
        return True

    def _apply(self, value: tuple[int | None, str]) -> None:
        self.ctx.events.emit_changes(svc.set_score(
            self.ctx.store, self.opportunity_id, self.criterion_id, value[0], value[1]))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


GateValue = tuple[str, str, bool, str]  # result, rationale, overridden, override reason


class SetGateCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, opportunity_id: int, gate_id: int, old: GateValue,
                 new: GateValue, name: str) -> None:
        super().__init__(f"Answer gate {name}")
        self.ctx, self.opportunity_id, self.gate_id = ctx, opportunity_id, gate_id
        self.old, self.new = old, new

    def _typing(self) -> bool:
        return (self.old[0], self.old[2]) == (self.new[0], self.new[2])

    def _merge_id(self) -> int:
        return _ID_GATE if self._typing() else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, SetGateCommand) or not other._typing()
                or (other.opportunity_id, other.gate_id) != (self.opportunity_id, self.gate_id)):
            return False
        self.new = other.new
        return True

    def _apply(self, value: GateValue) -> None:
        result, rationale, overridden, reason = value
        self.ctx.events.emit_changes(svc.set_gate_result(
            self.ctx.store, self.opportunity_id, self.gate_id, result, rationale,
            overridden=overridden, override_reason=reason))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


class SetWeightsCommand(ServiceCommand):
    """Agree new weights. Undo agrees the old ones again, logged as an undo: the log keeps both."""

    def __init__(self, ctx: ViewContext, old: dict[int, float], new: dict[int, float],
                 reason: str, method: str = "direct",
                 pairwise: Sequence[Sequence[float]] | None = None) -> None:
        super().__init__("Agree weights")
        self.ctx, self.old, self.new, self.reason = ctx, old, new, reason
        self.method, self.pairwise = method, pairwise

    def _redo(self) -> None:
        changes, _ident = svc.set_weights(self.ctx.store, self.new, self.reason,
                                          method=self.method, pairwise=self.pairwise)
        self.ctx.events.emit_changes(changes)

    def _undo(self) -> None:
        changes, _ident = svc.set_weights(self.ctx.store, self.old,
                                          f"Undone: {self.reason}"[:2000])
        self.ctx.events.emit_changes(changes)


class DecideCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, opportunity_id: int, outcome: str, rationale: str,
                 decided_on: dt.date, tier: str, review_on: dt.date | None,
                 choice: Choice | None, title: str) -> None:
        super().__init__(f"{outcome.capitalize()} {title}")
        self.ctx, self.opportunity_id, self.outcome = ctx, opportunity_id, outcome
        self.rationale, self.decided_on, self.tier = rationale, decided_on, tier
        self.review_on, self.choice = review_on, choice
        self.token: svc.DecisionToken | None = None

    def _redo(self) -> None:
        changes, self.token = svc.decide(
            self.ctx.store, self.opportunity_id, self.outcome, self.rationale, self.decided_on,
            tier=self.tier, review_on=self.review_on, choice=self.choice)
        self.ctx.events.emit_changes(changes)

    def _undo(self) -> None:
        if self.token is not None:
            self.ctx.events.emit_changes(svc.undo_decision(self.ctx.store, self.token))


class CreateOpportunityCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, title: str) -> None:
        super().__init__(f"New opportunity {title}")
        self.ctx, self.title = ctx, title
        self.ident: int | None = None
        self.saved: svc.SavedRows | None = None

    def _redo(self) -> None:
        if self.saved is None:
            changes, self.ident = svc.create_opportunity(self.ctx.store, self.title)
        else:
            changes = svc.restore_rows(self.ctx.store, self.saved)
        self.ctx.events.emit_changes(changes)

    def _undo(self) -> None:
        assert self.ident is not None
        changes, self.saved = svc.delete_opportunity(self.ctx.store, self.ident)
        self.ctx.events.emit_changes(changes)


class DeleteOpportunityCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, ident: int, title: str) -> None:
        super().__init__(f"Delete {title}")
        self.ctx, self.ident = ctx, ident
        self.saved: svc.SavedRows | None = None

    def _redo(self) -> None:
        changes, self.saved = svc.delete_opportunity(self.ctx.store, self.ident)
        self.ctx.events.emit_changes(changes)

    def _undo(self) -> None:
        assert self.saved is not None
        self.ctx.events.emit_changes(svc.restore_rows(self.ctx.store, self.saved))


class AddCriterionCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, name: str, direction: str) -> None:
        super().__init__(f"Add criterion {name}")
        self.ctx, self.name, self.direction = ctx, name, direction
        self.ident: int | None = None
        self.saved: svc.SavedRows | None = None

    def _redo(self) -> None:
        if self.saved is None:
            changes, self.ident = svc.add_criterion(self.ctx.store, self.name,
                                                    direction=self.direction)
        else:
            changes = svc.restore_rows(self.ctx.store, self.saved)
        self.ctx.events.emit_changes(changes)

    def _undo(self) -> None:
        assert self.ident is not None
        changes, self.saved = svc.remove_criterion(self.ctx.store, self.ident)
        self.ctx.events.emit_changes(changes)


class RemoveCriterionCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, ident: int, name: str) -> None:
        super().__init__(f"Remove criterion {name}")
        self.ctx, self.ident = ctx, ident
        self.saved: svc.SavedRows | None = None

    def _redo(self) -> None:
        changes, self.saved = svc.remove_criterion(self.ctx.store, self.ident)
        self.ctx.events.emit_changes(changes)

    def _undo(self) -> None:
        assert self.saved is not None
        self.ctx.events.emit_changes(svc.restore_rows(self.ctx.store, self.saved))


class UpdateCriterionCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, ident: int, field: str, old: Any, new: Any) -> None:
        super().__init__(f"Edit criterion {field}")
        self.ctx, self.ident, self.field, self.old, self.new = ctx, ident, field, old, new

    def _merge_id(self) -> int:
        return _ID_CRITERION if self.field in ("name", "description", "levels") else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, UpdateCriterionCommand) or other.field != self.field
                or other.ident != self.ident):
            return False
        self.new = other.new
        return True

    def _apply(self, value: Any) -> None:
        self.ctx.events.emit_changes(
            svc.update_criterion(self.ctx.store, self.ident, self.field, value))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


class AddGateCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, name: str, question: str = "") -> None:
        super().__init__(f"Add gate {name}")
        self.ctx, self.name, self.question = ctx, name, question
        self.ident: int | None = None
        self.saved: svc.SavedRows | None = None

    def _redo(self) -> None:
        if self.saved is None:
            changes, self.ident = svc.add_gate(self.ctx.store, self.name, self.question)
        else:
            changes = svc.restore_rows(self.ctx.store, self.saved)
        self.ctx.events.emit_changes(changes)

    def _undo(self) -> None:
        assert self.ident is not None
        changes, self.saved = svc.remove_gate(self.ctx.store, self.ident)
        self.ctx.events.emit_changes(changes)


class RemoveGateCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, ident: int, name: str) -> None:
        super().__init__(f"Remove gate {name}")
        self.ctx, self.ident = ctx, ident
        self.saved: svc.SavedRows | None = None

    def _redo(self) -> None:
        changes, self.saved = svc.remove_gate(self.ctx.store, self.ident)
        self.ctx.events.emit_changes(changes)

    def _undo(self) -> None:
        assert self.saved is not None
        self.ctx.events.emit_changes(svc.restore_rows(self.ctx.store, self.saved))


class SetTopKCommand(ServiceCommand):
    def __init__(self, ctx: ViewContext, old: int, new: int) -> None:
        super().__init__("Change the top group size")
        self.ctx, self.old, self.new = ctx, old, new

    def _merge_id(self) -> int:
        return _ID_TOP_K  # clicking the arrows several times is one step

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetTopKCommand):
            return False
        self.new = other.new
        return True

    def _redo(self) -> None:
        self.ctx.events.emit_changes(svc.set_top_k(self.ctx.store, self.new))

    def _undo(self) -> None:
        self.ctx.events.emit_changes(svc.set_top_k(self.ctx.store, self.old))


class BoardMoveCommand(ServiceCommand):
    """Move a partnership to another tier, or pause or exit it, from the capacity board.

    ``choice`` is what makes room when it moves into a full strategic tier; undo puts both
    partnerships back.
    """

    def __init__(self, ctx: ViewContext, opportunity_id: int, move: str, title: str,
                 choice: Choice | None = None) -> None:
        label = {"pause": f"Pause {title}", "exit": f"Exit {title}"}.get(
            move, f"Move {title} to {move}")
        super().__init__(label)
        self.ctx, self.opportunity_id, self.move = ctx, opportunity_id, move
        self.choice = choice
        self.token: svc.DecisionToken | None = None

    def _redo(self) -> None:
        changes, self.token = svc.move_on_board(self.ctx.store, self.opportunity_id, self.move,
                                                self.choice)
        self.ctx.events.emit_changes(changes)

    def _undo(self) -> None:
        if self.token is not None:
            self.ctx.events.emit_changes(svc.undo_decision(self.ctx.store, self.token))
