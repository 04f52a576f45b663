"""Undo commands for the dashboard and the meeting log (ui layer): thin wrappers over services.

Each command validates nothing itself (the editor has already checked the input with the
service) and emits the ChangeSet of every service call, on redo and on undo alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from planner.services import dashboard as dash
from planner.services import meetings as svc
from planner.services.changes import ChangeSet, ValidationError
from planner.store.errors import NotFoundError
from planner.ui.context import ViewContext
from planner.ui.steps import Step


def _when(data: svc.MeetingData) -> str:
    return f"{data.held_on.day} {data.held_on:%b %Y}"


class _Guarded(Step):
    """Runs a service call; when it is refused (the meeting deleted meanwhile, or the input
    no longer passes) the step is dropped from the undo stack, the reason goes to the status
    bar and the views show what is saved now. A colleague's newer save is Step's to ask about.

    The first save names the version the editor showed (``row_version``); an undo or redo
    after it is checked by Step against what this program last wrote."""

    ctx: ViewContext

    def _run(self, call: Callable[[], ChangeSet], refresh: ChangeSet) -> bool:
        try:
            changes = call()
        except (NotFoundError, ValidationError) as exc:
            self.refuse(getattr(exc, "message", None) or str(exc), refresh)
            return False
        self.ctx.events.emit_changes(changes)
        return True


_MEETINGS = ChangeSet.of("meeting") | ChangeSet.of("meeting_action")


class AddMeetingCommand(_Guarded):
    """Log a new meeting. Redo after undo puts it back under the same id."""

    def __init__(self, ctx: ViewContext, data: svc.MeetingData) -> None:
        super().__init__(f"Log meeting of {_when(data)}")
        self.ctx, self.data = ctx, data
        self.meeting_id: int | None = None
        self._saved: svc.MeetingSnapshot | None = None

    def redo(self) -> None:
        def call() -> ChangeSet:
            if self._saved is None:
                self.meeting_id, changes = svc.create_meeting(self.ctx.store, self.data)
            else:
                changes = svc.restore_meeting(self.ctx.store, self._saved)
            return changes

        self._run(call, _MEETINGS)

    def undo(self) -> None:
        assert self.meeting_id is not None
        ident = self.meeting_id

        def call() -> ChangeSet:
            self._saved, changes = svc.delete_meeting(self.ctx.store, ident)
            return changes

        self._run(call, _MEETINGS)


class EditMeetingCommand(_Guarded):
    """Save a meeting from the editor; a colleague's save since it was opened is asked about."""

    def __init__(self, ctx: ViewContext, data: svc.MeetingData) -> None:
        super().__init__(f"Edit meeting of {_when(data)}")
        self.ctx, self.data = ctx, data
        self._before: svc.MeetingSnapshot | None = None

    def redo(self) -> None:
        assert self.data.id is not None

        def call() -> ChangeSet:
            self._before, changes = svc.update_meeting(self.ctx.store, self.data)
            self.data = replace(self.data, row_version=0)  # a redo is Step's to check
            return changes

        self._run(call, _MEETINGS)

    def undo(self) -> None:
        assert self._before is not None
        before = self._before
        self._run(lambda: svc.restore_meeting(self.ctx.store, before), _MEETINGS)


class DeleteMeetingCommand(_Guarded):
    def __init__(self, ctx: ViewContext, data: svc.MeetingData) -> None:
        super().__init__(f"Delete meeting of {_when(data)}")
        self.ctx, self.meeting_id = ctx, data.id
        self._version = data.row_version  # what the user saw when asking to delete
        self._saved: svc.MeetingSnapshot | None = None

    def redo(self) -> None:
        assert self.meeting_id is not None
        ident = self.meeting_id

        def call() -> ChangeSet:
            self._saved, changes = svc.delete_meeting(self.ctx.store, ident,
                                                      expected_version=self._version)
            self._version = 0  # a redo is Step's to check
            return changes

        self._run(call, _MEETINGS)

    def undo(self) -> None:
        assert self._saved is not None
        saved = self._saved
        self._run(lambda: svc.restore_meeting(self.ctx.store, saved), _MEETINGS)


class SetActionDoneCommand(Step):
    def __init__(self, ctx: ViewContext, action_id: int, text: str,
                 done_on: dt.date | None) -> None:
        label = "Tick off" if done_on else "Reopen"
        super().__init__(f"{label} action “{text[:40]}”")
        self.ctx, self.action_id, self.done_on = ctx, action_id, done_on
        self._old: dt.date | None = None

    def redo(self) -> None:
        self._old, changes = svc.set_action_done(self.ctx.store, self.action_id, self.done_on)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        _, changes = svc.set_action_done(self.ctx.store, self.action_id, self._old)
        self.ctx.events.emit_changes(changes)


class HealthSettingCommand(Step):
    """Change one health threshold; spin-box steps on the same setting merge."""

    def __init__(self, ctx: ViewContext, name: str, value: int) -> None:
        super().__init__(f"Change health threshold: {name.replace('_', ' ')}")
        self.ctx, self.name, self.value = ctx, name, value
        self._old: int | None = None

    def id(self) -> int:
        return 7100

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, HealthSettingCommand) or other.name != self.name:
            return False
        self.value = other.value
        return True

    def redo(self) -> None:
        old, changes = dash.set_health_setting(self.ctx.store, self.name, self.value)
        if self._old is None:
            self._old = old
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self._old is not None
        _, changes = dash.set_health_setting(self.ctx.store, self.name, self._old)
        self.ctx.events.emit_changes(changes)
