"""Undo commands for the organisation profile (ui layer): thin wrappers over the service.

On a team database neither a save nor an undo overwrites a colleague's later change
unasked: ``Step`` (planner/ui/steps.py) shows theirs and mine side by side. The profile's
lists merge line by line, and a merged number or name is checked before it is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from planner.services import organisation as svc
from planner.services.changes import ValidationError
from planner.ui.context import ViewContext
from planner.ui.steps import Step

_LABELS = {
    "name": "name", "vision": "vision", "priorities": "strategic priorities",
    "values": "values", "ceo_hours_per_month": "CEO hours", "strategic_limit": "strategic limit",
}
# Typing in one field merges into one undo step; list and number edits stay separate steps.
_MERGING = {"name", "vision", "ceo_hours_per_month", "strategic_limit"}


class ProfileEditCommand(Step):
    """Set one profile field. The value is validated before the command is pushed."""

    def __init__(self, ctx: ViewContext, field: str, old: Any, new: Any) -> None:
        super().__init__(f"Edit {_LABELS.get(field, field)}")
        self.ctx, self.field, self.old, self.new = ctx, field, old, new

    def id(self) -> int:
        return 1000 + list(_LABELS).index(self.field) if self.field in _MERGING else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ProfileEditCommand) or other.field != self.field:
            return False
        self.new = other.new
        return True

    def _save(self, value: Any) -> None:
        self.ctx.events.emit_changes(svc.update_profile(self.ctx.store, self.field, value))

    def redo(self) -> None:
        self._save(self.new)

    def undo(self) -> None:
        self._save(self.old)

    # Every profile field can be merged by hand: lists line by line, numbers as typed.

    def can_merge(self, field: str, undoing: bool) -> bool:
        return field == self.field

    def field_name(self, field: str) -> str:
        return _LABELS.get(field, field)

    def parse_merged(self, field: str, text: str) -> Any:
        if field in ("priorities", "values"):
            return [line.strip() for line in text.splitlines() if line.strip()]
        if field in ("ceo_hours_per_month", "strategic_limit"):
            try:
                return float(text.strip().replace(",", "."))
            except ValueError:
                return text
        return text

    def merge_problem(self, field: str, text: str) -> str | None:
        try:
            svc.clean_profile_value(field, self.parse_merged(field, text))
        except ValidationError as exc:
            return exc.message
        return None
