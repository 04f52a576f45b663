"""Undo commands for the conflict register (ui layer): thin wrappers over the service.

Values are validated (``check_new`` / ``check_update``) before a command is pushed, so
``redo`` does not fail in normal use. Undoing an edit writes the old values back through
the same service, so the history shows the undo too: the register's history is a record of
what happened, not a view of the present.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from planner.services import agreements as agreements_svc
from planner.services import conflicts as svc
from planner.services.changes import ChangeSet, ValidationError
from planner.store.errors import NotFoundError
from planner.ui.context import ViewContext
from planner.ui.steps import Step

# Typing in one text field of one area merges into one undo step.
_MERGING = ("title", "description", "drivers", "partner_view", "overlap_domain",
            "tension_type")
_UNDO_NOTE = "undone"


class ConflictEditCommand(Step):
    """Set fields of one area (with an optional history note).

    On a team database a save over a colleague's newer change asks first (planner/ui/steps.py).
    A refused save (the area gone, input no longer valid) drops the command out of the undo
    stack, ``problem`` says why and the view reloads what is saved now.
    """

    def __init__(self, ctx: ViewContext, area_id: int, old: dict[str, Any],
                 new: dict[str, Any], note: str = "") -> None:
        names = ", ".join(svc.FIELD_LABELS.get(k, k).lower() for k in new)
        super().__init__(f"Edit conflict area {names}")
        self.ctx, self.area_id, self.old, self.new, self.note = ctx, area_id, old, new, note
        self.who = svc.default_who()

    def _merge_key(self) -> str | None:
        if len(self.new) == 1 and not self.note:
            field = next(iter(self.new))
            if field in _MERGING:
                return field
        return None

    def id(self) -> int:
        key = self._merge_key()
        return 4000 + _MERGING.index(key) if key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, ConflictEditCommand) or other.area_id != self.area_id
                or other._merge_key() != self._merge_key() or other.problem):
            return False
        self.new = dict(other.new)
        return True

    def _save(self, values: dict[str, Any], note: str) -> None:
        store = self.ctx.store
        try:
            changes = svc.update_area(store, self.area_id, values, who=self.who, note=note)
        except (NotFoundError, ValidationError) as exc:
            self.refuse(getattr(exc, "message", None) or str(exc),
                        ChangeSet.of("conflict_area", self.area_id))
            return
        self.ctx.events.emit_changes(changes)

    def redo(self) -> None:
        self._save(self.new, self.note)

    def undo(self) -> None:
        self._save(self.old, _UNDO_NOTE)


class ConflictCreateCommand(Step):
    """Add an area; undo removes it (with its history), redo puts the same area back."""

    def __init__(self, ctx: ViewContext, values: dict[str, Any]) -> None:
        super().__init__("Add conflict area")
        self.ctx, self.values = ctx, values
        self.area_id: int | None = None
        self.saved: svc.DeletedArea | None = None

    def redo(self) -> None:
        if self.saved is None:
            self.area_id, changes = svc.create_area(self.ctx.store, self.values)
        else:
            changes = svc.restore_area(self.ctx.store, self.saved)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self.area_id is not None
        self.saved, changes = svc.delete_area(self.ctx.store, self.area_id)
        self.ctx.events.emit_changes(changes)


class ConflictDeleteCommand(Step):
    def __init__(self, ctx: ViewContext, area_id: int, title: str) -> None:
        super().__init__(f"Delete conflict area “{title}”")
        self.ctx, self.area_id = ctx, area_id
        self.saved: svc.DeletedArea | None = None

    def redo(self) -> None:
        self.saved, changes = svc.delete_area(self.ctx.store, self.area_id)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self.saved is not None
        self.ctx.events.emit_changes(svc.restore_area(self.ctx.store, self.saved))


class ConflictReviewCommand(Step):
    """Record a review today; undo puts the previous next-review date back."""

    def __init__(self, ctx: ViewContext, area_id: int, note: str = "") -> None:
        super().__init__("Record conflict review")
        self.ctx, self.area_id, self.note = ctx, area_id, note
        self.old = svc.get_area(ctx.store, area_id).next_review

    def redo(self) -> None:
        self.ctx.events.emit_changes(
            svc.record_review(self.ctx.store, self.area_id, note=self.note))

    def undo(self) -> None:
        self.ctx.events.emit_changes(svc.update_area(
            self.ctx.store, self.area_id, {"next_review": self.old}, note=_UNDO_NOTE))


class ConflictLinkCommand(Step):
    """Link an area to a clause of a draft agreement (or unlink it); undo does the opposite.

    The agreements service does the writing, so a frozen agreement refuses the change and
    the fingerprint rules hold. A refusal (the agreement was agreed meanwhile, say) drops
    the command out of the undo stack and ``problem`` says why.
    """

    def __init__(self, ctx: ViewContext, section_id: int, area_id: int, link: bool,
                 clause: str) -> None:
        super().__init__(f"{'Link' if link else 'Unlink'} conflict area "
                         f"{'to' if link else 'from'} “{clause}”")
        self.ctx, self.section_id, self.area_id, self.link = ctx, section_id, area_id, link

    def _set(self, linked: bool) -> None:
        try:
            changes = agreements_svc.link_conflict(self.ctx.store, self.section_id,
                                                   self.area_id, linked)
        except (NotFoundError, ValidationError) as exc:
            self.refuse(getattr(exc, "message", None) or str(exc),
                        ChangeSet.of("conflict_area", self.area_id))
            return
        self.ctx.events.emit_changes(changes)

    def redo(self) -> None:
        self._set(self.link)

    def undo(self) -> None:
        self._set(not self.link)


class BandLimitsCommand(Step):
    """Change the organisation's conflict bands."""

    def __init__(self, ctx: ViewContext, old: tuple[int, ...], new: tuple[int, ...]) -> None:
        super().__init__("Change conflict bands")
        self.ctx, self.old, self.new = ctx, old, new

    def redo(self) -> None:
        self.ctx.events.emit_changes(svc.set_band_limits(self.ctx.store, self.new))

    def undo(self) -> None:
        self.ctx.events.emit_changes(svc.set_band_limits(self.ctx.store, self.old))
