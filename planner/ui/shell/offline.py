"""The window while the team database does not answer (ui layer): nothing typed is lost.

A save that gets no answer in time (``NotAnswering``, planner/store/watchdog.py) leaves its
step on the undo stack as *waiting* instead of dropping it: the title bar and a permanent
status-bar line say the window is offline and how many changes wait, and a timer saves
them again, in order, until the server answers. Meanwhile further edits wait behind them
without asking the server (each would block the window for the time budget). Undoing a
waiting step that was never saved just takes it out of the queue. A step whose commit went
unanswered is asked about first (``Store.committed``), so it is saved exactly once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from planner.services import edits
from planner.services.changes import EVERYTHING, ChangeSet, ValidationError
from planner.store.errors import NotAnswering, StoreError

if TYPE_CHECKING:
    from planner.services.plans import Store
    from planner.ui.shell.commands import EditCommand

RETRY_MS = 5000  # how often the server is asked whether it answers again
PROBE_MS = 250  # how often the window looks at the answer (it never waits for it)
WAITING = " (waiting to be saved)"


@dataclass
class Held:
    command: EditCommand
    forward: bool
    in_doubt: str | None  # the transaction whose commit went unanswered, if any


class Offline(QObject):
    """Held edits of one open team database, retried until the server answers."""

    def __init__(self, window: QMainWindow, store: Callable[[], Store | None],
                 refresh: Callable[[ChangeSet], None]) -> None:
        super().__init__(window)
        self.window = window
        self._store = store
        self._refresh = refresh
        self.held: list[Held] = []
        self.host = ""
        self.label = QLabel("")
        self.label.setObjectName("offlineStatus")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self.retry)
        self._probe: threading.Thread | None = None
        self._answers = False  # the last probe's finding

    @property
    def active(self) -> bool:
        """Offline: edits wait instead of going to the server."""
        return bool(self.held)

    def hold(self, command: EditCommand, forward: bool, error: NotAnswering | None) -> None:
        """Keep ``command`` (applied ``forward``, or undone) to be saved later."""
        for item in reversed(self.held):
            if item.command is command:
                if item.forward == forward:
                    return  # waiting already
                if item.in_doubt is None:
                    # Undoing (or redoing) a step that never reached the server: it cancels.
                    self.held.remove(item)
                    command.setText(command.text().removesuffix(WAITING))
                    self._show()
                    return
                break
        if error is not None:
            self.host = error.host
        if forward:
            # The view still shows what the server holds, so a later edit of a field that
            # waits expects the old value: it expects what the waiting edits write instead.
            waiting = {(w.table, w.key, w.field): w.new for item in self.held
                       if item.forward for w in item.command.edit}
            command.edit = edits.rebased(command.edit, waiting)
        self.held.append(Held(command, forward, error.in_doubt if error else None))
        if not command.text().endswith(WAITING):
            command.setText(command.text() + WAITING)
        self._show()

    def waiting(self, command: EditCommand) -> bool:
        """Whether ``command`` waits to be saved forward (and did not reach the server)."""
        return any(item.command is command and item.forward and item.in_doubt is None
                   for item in self.held)

    def forget(self, command: EditCommand) -> None:
        """``command`` was merged into the waiting step before it."""
        self.held = [item for item in self.held if item.command is not command]
        self._show()

    def retry(self) -> None:
        """Save the waiting edits in order; stop at the first that still gets no answer.

        Whether the server answers is first found out on a thread of its own, so that the
        window never waits for a server that is still frozen."""
        store = self._store()
        if store is None:
            self.held.clear()
            self._show()
            return
        if self._probe is not None and self._probe.is_alive():
            return
        if not self._answers:
            self._probe = threading.Thread(target=self._ask, args=(store,), daemon=True,
                                           name="planner-offline-probe")
            self._probe.start()
            return
        self._answers = False
        saved = 0
        while self.held:
            item = self.held[0]
            if item.in_doubt is not None:
                outcome = store.committed(item.in_doubt)
                if outcome is None:
                    break  # the server does not answer yet, or is still finishing it
                if outcome:  # it was saved after all: not again
                    self._done(item, EVERYTHING)
                    saved += 1
                    continue
                item.in_doubt = None
            try:
                changes = item.command.run(item.forward)
            except NotAnswering as exc:
                item.in_doubt = exc.in_doubt
                break
            except (StoreError, ValidationError) as exc:  # a colleague's change meanwhile
                self.held.pop(0)
                item.command.setText(item.command.text().removesuffix(WAITING))
                item.command.refuse(getattr(exc, "message", "") or str(exc),
                                    item.command._refresh(exc))
                continue
            self._done(item, changes)
            saved += 1
        self._show(saved)

    def _ask(self, store: Store) -> None:
        started = time.monotonic()
        self._answers = store.answering()
        if not self._answers:  # asked again RETRY_MS after the last question at the soonest
            time.sleep(max(0.0, RETRY_MS / 1000 - (time.monotonic() - started)))

    def _done(self, item: Held, changes: ChangeSet) -> None:
        self.held.pop(0)
        item.command.setText(item.command.text().removesuffix(WAITING))
        self._refresh(changes)

    def _show(self, saved: int = 0) -> None:
        title = self.window.windowTitle().removesuffix(" — offline")
        if self.held:
            count = len(self.held)
            self.label.setText(
                f"Offline: {self.host or 'the server'} is not answering; {count} change"
                f"{'s' if count != 1 else ''} kept in this window")
            self.label.setToolTip(
                f"The team database at {self.host or 'the server'} is not answering. Your "
                f"changes are kept in this window and saved when it answers again (asked "
                f"every {RETRY_MS // 1000} s).")
            self.window.statusBar().clearMessage()
            self.label.show()
            self.window.setWindowTitle(title + " — offline")
            if not self.timer.isActive():
                self.timer.start()
            return
        self.timer.stop()
        self.label.hide()
        self.window.setWindowTitle(title)
        if saved:
            self.window.statusBar().showMessage(
                f"The team database answers again: {saved} waiting change"
                f"{'s' if saved != 1 else ''} saved", 8000)

    def clear(self) -> None:
        self.held.clear()
        self._show()
