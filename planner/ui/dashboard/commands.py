"""Undo commands for the dashboard and the meeting log (ui layer): thin wrappers over services.

Each command validates nothing itself (the editor has already checked the input with the
service); the convention is planner/ui/shell/commands.py's. A refused step (the meeting deleted
meanwhile, input that no longer passes) drops out with its reason on the status bar.
"""

from __future__ import annotations

import datetime as dt

from planner.services import dashboard as dash
from planner.services import meetings as svc
from planner.services.changes import ChangeSet
from planner.ui.shell.commands import EditCommand, RecordCommand
from planner.ui.shell.context import ViewContext


def _when(data: svc.MeetingData) -> str:
    return f"{data.held_on.day} {data.held_on:%b %Y}"


class AddMeetingCommand(RecordCommand):
    """Log a new meeting. Redo after undo puts it back under the same id."""

    def __init__(self, ctx: ViewContext, data: svc.MeetingData) -> None:
        super().__init__(ctx, f"Log meeting of {_when(data)}")
        self.data = data

    def add(self) -> tuple[int, ChangeSet]:
        return svc.create_meeting(self.ctx.store, self.data)

    def remove(self, ident: int) -> tuple[svc.MeetingSnapshot, ChangeSet]:
        return svc.delete_meeting(self.ctx.store, ident)

    def put_back(self, saved: svc.MeetingSnapshot) -> ChangeSet:
        return svc.restore_meeting(self.ctx.store, saved)


class EditMeetingCommand(EditCommand):
    """Save a meeting from the editor over what it showed (``before``)."""

    def __init__(self, ctx: ViewContext, before: svc.MeetingData,
                 after: svc.MeetingData) -> None:
        super().__init__(ctx, f"Edit meeting of {_when(after)}", svc.edit_of(before, after))
        self.data = after
        self.saved: svc.MeetingSnapshot | None = None  # as it stood before, for the undo

    def run(self, forward: bool) -> ChangeSet:
        expect = self.expected(forward)
        if not forward:
            assert self.saved is not None
            return svc.restore_meeting(self.ctx.store, self.saved, expect=expect)
        self.saved, changes = svc.update_meeting(self.ctx.store, self.data, expect=expect)
        return changes


class DeleteMeetingCommand(AddMeetingCommand):
    adds = False

    def __init__(self, ctx: ViewContext, data: svc.MeetingData) -> None:
        super().__init__(ctx, data)
        self.setText(f"Delete meeting of {_when(data)}")
        self.ident = data.id


class SetActionDoneCommand(EditCommand):
    def __init__(self, ctx: ViewContext, action_id: int, text: str,
                 done_on: dt.date | None) -> None:
        label = "Tick off" if done_on else "Reopen"
        super().__init__(ctx, f"{label} action “{text[:40]}”")
        self.action_id, self.done_on = action_id, done_on
        self.old: dt.date | None = None

    def run(self, forward: bool) -> ChangeSet:
        if forward:
            self.old, changes = svc.set_action_done(self.ctx.store, self.action_id,
                                                    self.done_on)
            return changes
        return svc.set_action_done(self.ctx.store, self.action_id, self.old)[1]


class HealthSettingCommand(EditCommand):
    """Change one health threshold; spin-box steps on the same setting merge."""

    merge_name = "health"

    def __init__(self, ctx: ViewContext, name: str, value: int) -> None:
        super().__init__(ctx, f"Change health threshold: {name.replace('_', ' ')}")
        self.name, self.value = name, value
        self.old: int | None = None

    def merge_key(self) -> object:
        return self.name

    def absorb(self, other: EditCommand) -> None:
        assert isinstance(other, HealthSettingCommand)
        self.value = other.value

    def run(self, forward: bool) -> ChangeSet:
        if forward:
            old, changes = dash.set_health_setting(self.ctx.store, self.name, self.value)
            if self.old is None:
                self.old = old
            return changes
        assert self.old is not None
        return dash.set_health_setting(self.ctx.store, self.name, self.old)[1]
