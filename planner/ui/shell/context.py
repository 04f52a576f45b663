"""What every view is handed (ui layer): the open store, the undo stack, events, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.services.changes import ChangeSet
from planner.ui.shell.settings import Settings

if TYPE_CHECKING:
    from planner.services.plans import Store
    from planner.ui.shell.offline import Offline

T = TypeVar("T")


class AppEvents(QObject):
    """The application's one signal hub; there are no module-level signals."""

    changed = Signal(object)  # ChangeSet
    open_record = Signal(str, int)  # kind (table name), id: navigate to a record
    status = Signal(str)  # a line for the status bar
    show_view = Signal(str, str)  # view name, page of it ("" for none): go to a place

    def emit_changes(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)


@dataclass
class ViewContext:
    store: Store
    undo: QUndoStack
    events: AppEvents
    settings: Settings
    offline: Offline | None = None  # a team database's waiting edits (offline.py)

    def check(self, work: Callable[[], T], late: T) -> T:
        """``work()``: a read that checks an edit before it is pushed. On a team database
        the window waits for it a moment at most, and while offline not at all: then it
        returns ``late`` and the save checks the edit itself (planner/ui/shell/offline.py)."""
        if self.offline is None:
            return work()
        return self.offline.check(work, late)

    def push(self, command: QUndoCommand) -> bool:
        """Apply an edit and put it on the undo stack, a clash with a colleague settled
        first (planner/ui/shell/commands.py); False when nothing was applied."""
        from planner.ui.shell.commands import EditCommand, push
        from planner.ui.shell.keep_place import saved_as_typed

        applied = push(self, command)
        offline = self.offline
        if applied and isinstance(command, EditCommand) and (
                offline is None or not (offline.active or offline.busy(command))):
            saved_as_typed(write.new for write in command.edit)  # stored now, not typing
        return applied
