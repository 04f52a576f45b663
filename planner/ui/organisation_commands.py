"""Undo commands for the organisation profile (ui layer): thin wrappers over the service."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from planner.services import organisation as svc
from planner.ui.context import ViewContext

_LABELS = {
    "name": "name", "vision": "vision", "priorities": "strategic priorities",
    "values": "values", "ceo_hours_per_month": "CEO hours", "strategic_limit": "strategic limit",
}
# Typing in one field merges into one undo step; list and number edits stay separate steps.
_MERGING = {"name", "vision", "ceo_hours_per_month", "strategic_limit"}


class ProfileEditCommand(QUndoCommand):
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

    def _apply(self, value: Any) -> None:
        self.ctx.events.emit_changes(svc.update_profile(self.ctx.store, self.field, value))

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)
