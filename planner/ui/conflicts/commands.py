"""Undo commands for the conflict register (ui layer): thin wrappers over the service.

Values are validated (``check_new`` / ``check_update``) before a command is pushed, so
``redo`` does not fail in normal use. Undoing an edit writes the old values back through
the same service, so the history shows the undo too: the register's history is a record of
what happened, not a view of the present.
"""

from __future__ import annotations

from typing import Any

from planner.services import conflicts as svc
from planner.services.changes import ChangeSet, current_user
from planner.services.edits import values, writes
from planner.ui.shell.commands import EditCommand, RecordCommand
from planner.ui.shell.context import ViewContext

# Typing in one text field of one area merges into one undo step.
_MERGING = ("title", "description", "drivers", "partner_view", "overlap_domain",
            "tension_type")
_UNDO_NOTE = "undone"


class ConflictEditCommand(EditCommand):
    """Set fields of one area over what the user saw (with an optional history note)."""

    merge_name = "conflict_area"

    def __init__(self, ctx: ViewContext, area_id: int, old: dict[str, Any],
                 new: dict[str, Any], note: str = "") -> None:
        names = ", ".join(svc.FIELD_LABELS.get(k, k).lower() for k in new)
        super().__init__(ctx, f"Edit conflict area {names}",
                         writes("conflict_area", area_id, old, new))
        self.area_id, self.note = area_id, note
        self.who = current_user()

    def merge_key(self) -> object:
        if len(self.edit) == 1 and not self.note and self.edit[0].field in _MERGING:
            return (self.area_id, self.edit[0].field)
        return None

    def run(self, forward: bool) -> ChangeSet:
        expect = self.expected(forward)
        return svc.update_area(self.ctx.store, self.area_id, values(expect), who=self.who,
                               note=self.note if forward else _UNDO_NOTE, expect=expect)


class ConflictCreateCommand(RecordCommand):
    """Add an area; undo removes it (with its history), redo puts the same area back."""

    def __init__(self, ctx: ViewContext, values: dict[str, Any]) -> None:
        super().__init__(ctx, "Add conflict area")
        self.values = values

    def add(self) -> tuple[int, ChangeSet]:
        return svc.create_area(self.ctx.store, self.values)

    def remove(self, ident: int) -> tuple[svc.DeletedArea, ChangeSet]:
        return svc.delete_area(self.ctx.store, ident)

    def put_back(self, saved: svc.DeletedArea) -> ChangeSet:
        return svc.restore_area(self.ctx.store, saved)


class ConflictDeleteCommand(ConflictCreateCommand):
    adds = False

    def __init__(self, ctx: ViewContext, area_id: int, title: str) -> None:
        super().__init__(ctx, {})
        self.setText(f"Delete conflict area “{title}”")
        self.ident = area_id


class ConflictReviewCommand(EditCommand):
    """Record a review today; undo puts the previous next-review date back."""

    def __init__(self, ctx: ViewContext, area_id: int, note: str = "") -> None:
        super().__init__(ctx, "Record conflict review")
        self.area_id, self.note = area_id, note
        self.old = svc.get_area(ctx.store, area_id).next_review

    def run(self, forward: bool) -> ChangeSet:
        if forward:
            return svc.record_review(self.ctx.store, self.area_id, note=self.note)
        return svc.undo_review(self.ctx.store, self.area_id, self.old)


class ConflictLinkCommand(EditCommand):
    """Link an area to a clause of a draft agreement (or unlink it); undo does the opposite.

    The agreements service does the writing, so a frozen agreement refuses the change and
    the fingerprint rules hold.
    """

    def __init__(self, ctx: ViewContext, section_id: int, area_id: int, link: bool,
                 clause: str) -> None:
        super().__init__(ctx, f"{'Link' if link else 'Unlink'} conflict area "
                         f"{'to' if link else 'from'} “{clause}”")
        self.section_id, self.area_id, self.link = section_id, area_id, link

    def run(self, forward: bool) -> ChangeSet:
        # Imported when first needed, so the Conflicts view shows without it.
        from planner.services import agreements as agreements_svc

        return agreements_svc.link_conflict(self.ctx.store, self.section_id, self.area_id,
                                            self.link if forward else not self.link)


class BandLimitsCommand(EditCommand):
    """Change the organisation's conflict bands."""

    def __init__(self, ctx: ViewContext, old: tuple[int, ...], new: tuple[int, ...]) -> None:
        super().__init__(ctx, "Change conflict bands")
        self.old, self.new = old, new

    def run(self, forward: bool) -> ChangeSet:
        return svc.set_band_limits(self.ctx.store, self.new if forward else self.old)
