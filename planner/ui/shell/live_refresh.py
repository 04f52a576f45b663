"""Live refresh on a team database (ui layer): a colleague's commit refreshes open views.

Wraps the store's LISTEN thread (services/plans.py colleague_listener) in a QObject.
The thread's notices cross to the GUI thread through a queued signal, are gathered for a
short moment (a burst of commits is one refresh), and go out as one ChangeSet from a ``COLLEAGUE``
on ``AppEvents.changed`` — the same path as the user's own edits, so views refresh the way
they already do; being a colleague's, the refresh keeps the user's selection and the text
they are typing (planner/ui/shell/keep_place.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from planner.services import plans
from planner.services.changes import COLLEAGUE, ChangeSet
from planner.ui.shell.context import AppEvents

if TYPE_CHECKING:
    from planner.services.plans import Store

GATHER_MS = 250


class LiveRefresh(QObject):
    """Listens while a team database is open; ``stop()`` when it closes."""

    _arrived = Signal(object)  # ChangeSet, emitted on the listener's thread

    def __init__(self, store: Store, events: AppEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.pending: ChangeSet | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(GATHER_MS)
        self.timer.timeout.connect(self._flush)
        self._arrived.connect(self._gather)  # queued: the emitter is another thread
        self.listener = plans.colleague_listener(store, self._arrived.emit)

    @classmethod
    def start_for(cls, store: Store, events: AppEvents,
                  parent: QObject | None = None) -> LiveRefresh | None:
        """Start listening if ``store`` is a team database; None for a SQLite plan."""
        if store.notifier is None:
            return None
        live = cls(store, events, parent)
        if not live.listener.start(wait_seconds=3.0):
            events.status.emit("Live refresh is waiting for the team database"
                               + (f": {live.listener.error}" if live.listener.error else "."))
        return live

    def _gather(self, changes: ChangeSet) -> None:
        self.pending = changes if self.pending is None else self.pending.then(changes)
        if not self.timer.isActive():
            self.timer.start()

    def _flush(self) -> None:
        changes, self.pending = self.pending, None
        if changes is not None:
            self.events.emit_changes(changes.by(COLLEAGUE))
            self.events.status.emit("Updated with a colleague's changes.")

    def stop(self) -> None:
        self.timer.stop()
        self.listener.stop()
        self.pending = None
