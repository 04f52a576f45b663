"""Undo commands for milestones (ui layer): thin wrappers over ``services.timeline``.

The convention is planner/ui/shell/commands.py's; :func:`push` hands a refused input back to the
view as ValidationError, so the message appears where the user typed it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.domain.dates import day_text
from planner.services import milestone_import as imports
from planner.services import timeline as svc
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import values, writes
from planner.ui.shell.commands import EditCommand
from planner.ui.shell.context import ViewContext
from planner.ui.timeline.dates import days_text, slip_text


class _Applied(EditCommand):
    """A milestone command: ``do`` and ``undo_change`` are its two directions."""

    def do(self) -> ChangeSet:
        raise NotImplementedError

    def undo_change(self) -> ChangeSet:
        raise NotImplementedError

    def run(self, forward: bool) -> ChangeSet:
        return self.do() if forward else self.undo_change()


def push(ctx: ViewContext, command: EditCommand) -> None:
    """Apply ``command`` and put it on the stack; a refused input raises ValidationError to
    the caller, which shows it where the user typed."""
    if not ctx.push(command) and isinstance(command.refusal, ValidationError):
        raise command.refusal


class MilestoneEditCommand(_Applied):
    """Set some fields of one milestone (also used for moves and celebrations)."""

    def __init__(self, ctx: ViewContext, milestone_id: int, new: dict[str, Any],
                 text: str = "") -> None:
        record = svc.get_milestone(ctx.store, milestone_id)
        super().__init__(ctx, text or f"Edit “{record['title']}”",
                         writes("milestone", milestone_id, record, new))
        self.milestone_id = milestone_id

    def run(self, forward: bool) -> ChangeSet:
        expect = self.expected(forward)
        return svc.update_milestone(self.ctx.store, self.milestone_id, values(expect),
                                    expect=expect)


def move_command(ctx: ViewContext, milestone_id: int, days: int) -> MilestoneEditCommand:
    """Drag in the chart: a forecast slip. The forecast moves (and the start with it, keeping
    the bar's length); the due date and the baseline stay as agreed, so the slip shows
    against them, even when the start itself passes the due date. One undo step."""
    record = svc.get_milestone(ctx.store, milestone_id)
    delta = dt.timedelta(days=days)
    end = record["forecast_date"] or record["due_date"] or record["start_date"]
    if end is None:
        raise ValidationError(f"“{record['title']}” has no date to move yet.", "forecast_date")
    forecast = end + delta
    new: dict[str, Any] = {"forecast_date": forecast}
    text = f"forecast {slip_text(forecast, record['due_date'])}"
    if record["start_date"] is not None:
        new["start_date"] = record["start_date"] + delta
    when = "later" if days > 0 else "earlier"
    return MilestoneEditCommand(ctx, milestone_id, new, f"Move “{record['title']}” "
                                f"{days_text(days)} {when} ({text})")


def celebrate_command(ctx: ViewContext, milestone_id: int, note: str,
                      on: dt.date | None = None) -> MilestoneEditCommand:
    record = svc.get_milestone(ctx.store, milestone_id)
    return MilestoneEditCommand(ctx, milestone_id, svc.celebration(record, note, on),
                                f"Celebrate “{record['title']}”")


class AddMilestoneCommand(_Applied):
    def __init__(self, ctx: ViewContext, opportunity_id: int, values: dict[str, Any]) -> None:
        super().__init__(ctx, f"Add milestone “{values.get('title', '')}”")
        self.opportunity_id = opportunity_id
        self.values = values
        self.milestone_id: int | None = None

    def do(self) -> ChangeSet:
        self.milestone_id, changes = svc.create_milestone(
            self.ctx.store, self.opportunity_id, self.values, milestone_id=self.milestone_id)
        return changes

    def undo_change(self) -> ChangeSet:
        assert self.milestone_id is not None
        return svc.delete_milestone(self.ctx.store, self.milestone_id)[1]


class DeleteMilestoneCommand(_Applied):
    def __init__(self, ctx: ViewContext, milestone_id: int) -> None:
        title = svc.get_milestone(ctx.store, milestone_id)["title"]
        super().__init__(ctx, f"Delete milestone “{title}”")
        self.milestone_id = milestone_id
        self.deleted: svc.DeletedMilestone | None = None

    def do(self) -> ChangeSet:
        self.deleted, changes = svc.delete_milestone(self.ctx.store, self.milestone_id)
        return changes

    def undo_change(self) -> ChangeSet:
        assert self.deleted is not None
        return svc.restore_milestone(self.ctx.store, self.deleted)

    def undo(self) -> None:
        super().undo()
        # The milestone back, and chosen again: a keyboard user goes on from it (Enter
        # edits it) instead of from the top of the chart, where nothing was chosen.
        if self.deleted is not None and not self.problem:
            self.ctx.events.open_record.emit("milestone", self.milestone_id)


class AddDependencyCommand(_Applied):
    def __init__(self, ctx: ViewContext, predecessor_id: int, successor_id: int,
                 kind: str = "FS", lag_days: int = 0) -> None:
        super().__init__(ctx, "Add dependency")
        self.args = (predecessor_id, successor_id, kind, lag_days)
        self.dependency_id: int | None = None

    def do(self) -> ChangeSet:
        self.dependency_id, changes = svc.add_dependency(self.ctx.store, *self.args,
                                                         dependency_id=self.dependency_id)
        return changes

    def undo_change(self) -> ChangeSet:
        assert self.dependency_id is not None
        return svc.remove_dependency(self.ctx.store, self.dependency_id)[1]


class RemoveDependencyCommand(_Applied):
    def __init__(self, ctx: ViewContext, dependency_id: int) -> None:
        super().__init__(ctx, "Remove dependency")
        self.dependency_id = dependency_id
        self.record: dict[str, Any] = {}

    def do(self) -> ChangeSet:
        self.record, changes = svc.remove_dependency(self.ctx.store, self.dependency_id)
        return changes

    def undo_change(self) -> ChangeSet:
        r = self.record
        return svc.add_dependency(self.ctx.store, r["predecessor_id"], r["successor_id"],
                                  r["kind"], r["lag_days"], dependency_id=r["id"])[1]


class SnapshotCommand(_Applied):
    """Record the forecasts as they stand at a meeting (the slip chart's points)."""

    def __init__(self, ctx: ViewContext, partnership_id: int | None, taken_on: dt.date) -> None:
        super().__init__(ctx, f"Record meeting snapshot {taken_on.day} {taken_on:%b %Y}")
        self.partnership_id, self.taken_on = partnership_id, taken_on
        self.made: list[int] = []
        self.replaced: list[dict[str, Any]] = []  # that day's earlier snapshots, for undo
        self.undone: list[dict[str, Any]] = []  # the snapshots the undo took away, for redo
        self.replaced_ids: list[int] = []

    def do(self) -> ChangeSet:
        if self.undone:  # a redo: the same snapshots, with the same ids
            self.replaced, self.made, changes = svc.swap_snapshots(
                self.ctx.store, self.replaced_ids, self.undone)
            return changes
        self.made, self.replaced, changes = svc.retake_snapshot(
            self.ctx.store, self.partnership_id, self.taken_on)
        return changes

    def undo_change(self) -> ChangeSet:
        self.undone, self.replaced_ids, changes = svc.swap_snapshots(
            self.ctx.store, self.made, self.replaced)
        return changes


class SplitIntoBitesCommand(_Applied):
    """Break a goal into bite-sized dated steps under it (what is left of it, from
    ``today`` when it has started)."""

    def __init__(self, ctx: ViewContext, milestone_id: int, bite_days: int,
                 today: dt.date | None = None) -> None:
        title = svc.get_milestone(ctx.store, milestone_id)["title"]
        super().__init__(ctx, f"Split “{title}” into bites")
        self.milestone_id, self.bite_days = milestone_id, bite_days
        self.today = today or dt.date.today()
        self.made: list[int] = []
        self.deleted: list[svc.DeletedMilestone] = []  # the bites the undo took away

    def do(self) -> ChangeSet:
        if self.deleted:  # a redo: the same bites, with the same ids
            return svc.restore_milestones(self.ctx.store, self.deleted)
        self.made, changes = svc.split_into_bites(self.ctx.store, self.milestone_id,
                                                  self.bite_days, today=self.today)
        return changes

    def undo_change(self) -> ChangeSet:
        self.deleted, changes = svc.delete_milestones(self.ctx.store, self.made)
        return changes

    def outcome(self) -> str:
        """One line for the status bar: how many bites, and the days they cover (from
        today when the goal had already started)."""
        goal = svc.get_milestone(self.ctx.store, self.milestone_id)
        first = svc.get_milestone(self.ctx.store, self.made[0])["start_date"]
        last = svc.get_milestone(self.ctx.store, self.made[-1])["due_date"]
        what = "what is left of it" if first > goal["start_date"] else "it"
        count = f"{len(self.made)} bites" if len(self.made) > 1 else "one bite"
        return f"“{goal['title']}”: {what} is now {count}, {day_text(first)} to {day_text(last)}."


class ImportMilestonesCommand(_Applied):
    """A project file's tasks added to a partnership: one undo step takes them all away."""

    def __init__(self, ctx: ViewContext, partnership_id: int,
                 project: imports.ImportedProject) -> None:
        count = len(project.tasks)
        super().__init__(ctx, f"Import {count} milestone{'' if count == 1 else 's'} from "
                              f"{project.source}")
        self.partnership_id, self.project = partnership_id, project
        self.made: list[int] = []
        self.deleted: list[svc.DeletedMilestone] = []  # what the undo took away

    def do(self) -> ChangeSet:
        if self.deleted:  # a redo: the same milestones, with the same ids
            return svc.restore_milestones(self.ctx.store, self.deleted)
        self.made, changes = imports.import_milestones(self.ctx.store, self.partnership_id,
                                                       self.project)
        return changes

    def undo_change(self) -> ChangeSet:
        self.deleted, changes = svc.delete_milestones(self.ctx.store, self.made)
        return changes
