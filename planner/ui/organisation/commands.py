"""Undo commands for the organisation profile (ui layer): thin wrappers over the service.

The profile's lists merge line by line in the side-by-side dialog, and a merged number or
name is checked before it is saved (planner/ui/shell/commands.py).
"""

from __future__ import annotations

from typing import Any

from planner.services import organisation as svc
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import values
from planner.ui.shell.commands import EditCommand
from planner.ui.shell.context import ViewContext

_LABELS = {
    "name": "name", "vision": "vision", "priorities": "strategic priorities",
    "values": "values", "ceo_hours_per_month": "CEO hours", "strategic_limit": "strategic limit",
}
# Typing in one field merges into one undo step; list and number edits stay separate steps.
_MERGING = {"name", "vision", "ceo_hours_per_month", "strategic_limit"}


class ProfileEditCommand(EditCommand):
    """Set one profile field over what ``shown`` holds. Validated before it is pushed."""

    merge_name = "profile"

    def __init__(self, ctx: ViewContext, shown: svc.ProfileView, field: str,
                 new: Any) -> None:
        super().__init__(ctx, f"Edit {_LABELS.get(field, field)}", shown.write(field, new))
        self.field = field

    def merge_key(self) -> object:
        return self.field if self.field in _MERGING else None

    def run(self, forward: bool) -> ChangeSet:
        expect = self.expected(forward)
        return svc.update_profile(self.ctx.store, self.field, values(expect)[self.field],
                                  expect=expect)

    # Every profile field can be merged by hand: lists line by line, numbers as typed.

    def can_merge(self, field: str, value: Any) -> bool:
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
