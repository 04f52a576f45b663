"""Undo commands for the organisation profile (ui layer): thin wrappers over the service.

Each save carries the row version the command last saw, so neither a save nor an undo
can overwrite a colleague's later change on a team database: the store refuses it, and
the user is shown theirs and mine side by side (planner/ui/conflict_dialog.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from planner.services import organisation as svc
from planner.services.changes import ChangeSet, ValidationError
from planner.store.errors import ConflictError
from planner.ui import conflict_dialog
from planner.ui.context import ViewContext

_LABELS = {
    "name": "name", "vision": "vision", "priorities": "strategic priorities",
    "values": "values", "ceo_hours_per_month": "CEO hours", "strategic_limit": "strategic limit",
}
# Typing in one field merges into one undo step; list and number edits stay separate steps.
_MERGING = {"name", "vision", "ceo_hours_per_month", "strategic_limit"}


class ProfileEditCommand(QUndoCommand):
    """Set one profile field. The value is validated before the command is pushed.

    ``version`` is the version of the field's row that the view showed; None saves
    unconditionally (the old behaviour, for callers that read no version).
    """

    def __init__(self, ctx: ViewContext, field: str, old: Any, new: Any,
                 version: int | None = None) -> None:
        super().__init__(f"Edit {_LABELS.get(field, field)}")
        self.ctx, self.field, self.old, self.new = ctx, field, old, new
        self.version = version

    def id(self) -> int:
        return 1000 + list(_LABELS).index(self.field) if self.field in _MERGING else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ProfileEditCommand) or other.field != self.field:
            return False
        if other.isObsolete():  # its save was dropped (theirs kept): nothing to fold in
            return False
        self.new = other.new
        self.version = other.version  # the version the newer save left
        return True

    def _apply(self, value: Any, *, undoing: bool) -> None:
        saved: svc.Saved | None
        try:
            saved = svc.save_profile(self.ctx.store, self.field, value,
                                     expected_version=self.version)
        except ConflictError as exc:
            saved = self._resolve(exc, value, undoing=undoing)
            if saved is None:  # theirs kept: this step can no longer be undone or redone
                self.setObsolete(True)
                self.ctx.events.emit_changes(ChangeSet.of("profile"))
                return
        if self.version is not None:
            self.version = saved.version
        self.ctx.events.emit_changes(saved.changes)

    def _resolve(self, exc: ConflictError, mine: Any, *, undoing: bool) -> svc.Saved | None:
        """Ask which to keep; save mine or the merge over theirs only when told to."""
        label = _LABELS.get(self.field, self.field)
        theirs = exc.theirs.get(self.field)
        while True:
            answer = conflict_dialog.resolve_conflict(
                label, _as_text(theirs), _as_text(mine), self._problem)
            if answer.choice == conflict_dialog.THEIRS:
                self.ctx.events.status.emit(f"Kept the {label} a colleague saved.")
                return None
            value = mine if answer.choice == conflict_dialog.MINE else self._parse(answer.text)
            try:
                saved = svc.save_profile(self.ctx.store, self.field, value,
                                         expected_version=exc.current_version)
            except ConflictError as again:  # they saved once more meanwhile: ask again
                exc, theirs = again, again.theirs.get(self.field)
                continue
            if undoing:
                self.new = theirs  # redo brings back what stood before this undo
            else:
                self.old, self.new = theirs, value  # undo brings theirs back, not the past
            return saved

    def _parse(self, text: str) -> Any:
        if self.field in ("priorities", "values"):
            return [line.strip() for line in text.splitlines() if line.strip()]
        if self.field in ("ceo_hours_per_month", "strategic_limit"):
            try:
                return float(text.strip().replace(",", "."))
            except ValueError:
                return text
        return text

    def _problem(self, text: str) -> str | None:
        try:
            svc.clean_profile_value(self.field, self._parse(text))
        except ValidationError as exc:
            return exc.message
        return None

    def redo(self) -> None:
        self._apply(self.new, undoing=False)

    def undo(self) -> None:
        self._apply(self.old, undoing=True)


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)
