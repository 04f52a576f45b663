"""The window while the team database does not answer (ui layer): nothing typed is lost.

A save that gets no answer in time (``NotAnswering``, planner/store/watchdog.py) leaves its
step on the undo stack as *waiting* instead of dropping it: the title bar and a permanent
status-bar line say the window is offline and how many changes wait, and a timer saves
them again, in order, until the server answers. Meanwhile further edits wait behind them
without asking the server (each would block the window for the time budget). Undoing a
waiting step that was never saved just takes it out of the queue. A step whose commit went
unanswered is asked about first (``Store.committed``), so it is saved exactly once.

The window never waits for the server longer than ``WAIT_MS``: every save of a team
database (and the read that looks for a colleague's clashing change first) runs as a
background job (planner/ui/shell/background.py), and the window waits for it that long.
A save still running then goes on in the background and its step is *in flight*: the
status bar says it is being saved, later edits wait behind it, and when it lands the
waiting ones follow; if it gets no answer the window goes offline as above. The job has
its own session (``Store.work`` opens one per unit of work), so no session or connection
is ever shared between threads; the command's own state is touched by one thread at a
time (a step in flight is neither merged into nor cancelled).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from planner.services import change_file, edits
from planner.services.changes import EVERYTHING, ChangeSet, ValidationError
from planner.store.errors import EditClash, NotAnswering, StoreError
from planner.ui.shell import file_dialogs
from planner.ui.shell.background import Job, JobRunner

if TYPE_CHECKING:
    from planner.services.plans import Store
    from planner.ui.shell.commands import EditCommand

RETRY_MS = 5000  # how often the server is asked whether it answers again
PROBE_MS = 250  # how often the window looks at the answer (it never waits for it)
WAIT_MS = 200  # the longest the window waits for the server in one go
SILENT_MS = 3000  # a save unanswered this long: the window says it is offline
WAITING = " (waiting to be saved)"
T = TypeVar("T")


@dataclass(eq=False)  # each step is itself (found by identity)
class Held:
    command: EditCommand
    forward: bool
    in_doubt: str | None  # the transaction whose commit went unanswered, if any
    flight: Job | None = None  # its save, still running in the background
    settling: bool = False  # a colleague's change meets it: the user is choosing
    settled: int = 0  # times the user chose over a colleague's change for it


def _caught(work: Callable[[], Any]) -> tuple[bool, Any]:
    """On a worker: the work's result, or the exception it raised (to re-raise on the GUI
    thread, where the caller tells a clash from a lost server)."""
    try:
        return True, work()
    except Exception as exc:
        return False, exc


def _untag(command: EditCommand) -> None:
    """The step is no longer waiting (Qt may have deleted it: undone, then replaced)."""
    if shiboken6.isValid(command):
        command.setText(command.text().removesuffix(WAITING))


def _unwrap(outcome: object) -> Any:
    """What ``_caught`` returned: the result, or its exception raised here."""
    assert isinstance(outcome, tuple)
    ok, value = outcome
    if not ok:
        raise value
    return value


def _step(store: Store, command: EditCommand, forward: bool, in_doubt: str | None) -> ChangeSet:
    """On a worker: save one waiting step; first, if its commit went unanswered, ask
    whether it happened (then it is not saved again)."""
    if in_doubt is not None:
        outcome = store.committed(in_doubt)
        if outcome is None:  # the server does not answer yet, or is still finishing it
            raise NotAnswering(store.host, in_doubt)
        if outcome:
            return EVERYTHING
    return command.run(forward)


class Offline(QObject):
    """Held edits of one open team database, retried until the server answers."""

    answers_again = Signal()  # the server answers after the window was offline

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
        self._gui_thread = threading.get_ident()
        self._lost = False
        self._was_lost = False  # lost since the last time the window was online
        self._draining = False  # retry() is saving the queue (it goes on by itself)
        self._saved = 0  # waiting steps saved since the window went offline
        self._unanswered_read = False  # the last clash read got no answer in time
        self._kept: list[str] = []  # why waiting steps were dropped for a colleague's
        self.jobs = JobRunner(self)

    def ask(self, work: Callable[[], T], late: T) -> T:
        """``work()`` (a read of the server) if it answers within ``WAIT_MS``, else
        ``late``; what it raises is raised here."""
        job = self.jobs.start(partial(_caught, work))
        if not job.wait(WAIT_MS / 1000):
            self._unanswered_read = True  # the save that follows waits no longer
            return late  # it ends in the background; its answer is not needed any more
        return _unwrap(job.result)  # type: ignore[no-any-return]

    def check(self, work: Callable[[], T], late: T) -> T:
        """``work()``, a read that checks an edit before its step is pushed (a value against
        the plan's rules), if the server answers within ``WAIT_MS``; else ``late`` (at once
        while offline), and the step goes ahead: its save checks the same rules, and a
        waiting step they refuse is refused with the reason then. What the check raises
        (a ValidationError: the value is refused) is raised here."""
        if self.lost:
            return late
        job = self.jobs.start(partial(_caught, work))
        if not job.wait(WAIT_MS / 1000):
            return late  # it ends in the background; the save that follows asks again
        try:
            return _unwrap(job.result)  # type: ignore[no-any-return]
        except NotAnswering as exc:
            self.read_failed(exc)
            return late

    def run(self, command: EditCommand, forward: bool) -> ChangeSet | None:
        """Save ``command`` in the background; its changes if it was saved within
        ``WAIT_MS`` (what it raised is raised here), else None: the step is in flight and
        this object takes care of it from now on.

        Right after a clash read that got no answer in time the step is not even started:
        it waits (typing then merges into it as usual) and is saved once the server
        answers (``retry``)."""
        if self._unanswered_read:
            self._unanswered_read = False
            self.hold(command, forward, None)
            QTimer.singleShot(SILENT_MS, self, partial(self._silent, self.held[-1]))
            return None
        item = Held(command, forward, None)
        job = self.jobs.start(partial(_caught, partial(command.run, forward)),
                              done=partial(self._landed, item))
        if job.wait(WAIT_MS / 1000):
            return _unwrap(job.result)  # type: ignore[no-any-return]
        item.flight = job
        self.held.append(item)
        if not command.text().endswith(WAITING):
            command.setText(command.text() + WAITING)
        QTimer.singleShot(SILENT_MS, self, partial(self._silent, item))
        self._show()
        return None

    def _landed(self, item: Held, outcome: tuple[bool, Any]) -> None:
        """On the GUI thread: a save in flight has ended (a job's ``done``)."""
        if item.flight is None or item not in self.held:
            return  # answered in time (the caller has it), or the plan was closed
        item.flight = None
        ok, value = outcome
        if ok:
            self._done(item, value)
            self._saved += 1
            if not self._draining:
                self._answers = True  # it answers: the steps behind follow at once
                self.retry()
            return
        if isinstance(value, NotAnswering):
            item.in_doubt = value.in_doubt
            self.host = value.host or self.host
            self.lost = True
        elif isinstance(value, EditClash) and item.settled < 2:
            # A colleague changed a field it writes while it waited: theirs and mine side
            # by side, as for any edit (commands.settle), once the queue has stopped here.
            item.settling = True
            QTimer.singleShot(0, partial(self._settle, item))
        elif isinstance(value, (StoreError, ValidationError)):  # a colleague's change
            self.held.remove(item)
            _untag(item.command)
            reason = getattr(value, "message", "") or str(value)
            if shiboken6.isValid(item.command):
                item.command.refuse(reason, item.command._refresh(value))
            else:  # undone, then replaced by a new edit: only the reason is left to say
                self.window.statusBar().showMessage(reason, 8000)
        else:  # a program error: reported as any other
            self.held.remove(item)
            _untag(item.command)
            sys.excepthook(type(value), value, value.__traceback__)
        if not self._draining:
            self._show()

    def _silent(self, item: Held) -> None:
        """A step still not saved SILENT_MS after it was tried: the window says it is
        offline now rather than when the save gives up (the budget, then a new
        connection's timeout)."""
        if item in self.held and not self.lost:
            self.lost = True
            self._show()

    def _settle(self, item: Held) -> None:
        """The user chooses between a colleague's change and the waiting step: theirs drops
        the step (it never reached the server); mine or a merged text saves it over theirs,
        still one undo step, whose undo brings theirs back."""
        from planner.ui.shell.commands import settle

        item.settling = False
        if item not in self.held or item is not self.held[0]:
            return
        try:  # (a step undone and replaced by a new edit meanwhile is simply let go)
            keep = shiboken6.isValid(item.command) and settle(item.command,
                                                              forward=item.forward)
        except NotAnswering:
            return  # asked again with the next answer
        except StoreError as exc:  # the record went meanwhile
            keep = False
            item.command.refuse(str(exc))
        if not keep:
            if shiboken6.isValid(item.command) and item.command.problem:
                self._kept.append(item.command.problem)  # said again with the summary
            # Theirs, for the typing that followed in the same fields too (one intent).
            written = {(w.table, w.key, w.field): w.new
                       for w in item.command.expected(item.forward)}
            for later in [item, *self.held[1:]]:
                edit = later.command.expected(later.forward)
                if later is not item and (later.flight is not None or not edit or any(
                        (w.table, w.key, w.field) not in written
                        or written[(w.table, w.key, w.field)] != w.expected for w in edit)):
                    break
                written.update({(w.table, w.key, w.field): w.new for w in edit})
                self.held.remove(later)
                later.command._skip_undo = True  # nothing of it is saved: nothing to undo
                if shiboken6.isValid(later.command):
                    _untag(later.command)
                    later.command.setObsolete(True)
        else:
            item.settled += 1
        self._answers = True
        self.retry()

    @property
    def active(self) -> bool:
        """Offline: edits wait instead of going to the server."""
        return bool(self.held) or self.lost

    @property
    def lost(self) -> bool:
        """The server gave no answer (to a save or a read): offline until it answers. The
        window's own reads then fail at once (``Store.hold_thread``): showing a view never
        waits for a server known to be frozen; background saves still ask it."""
        return self._lost

    @lost.setter
    def lost(self, value: bool) -> None:
        self._lost = value
        self._was_lost = self._was_lost or value
        store = self._store()
        if store is not None:
            store.hold_thread(self._gui_thread if value else None)

    def answers_now(self) -> bool:
        """Whether the server answers within ``WAIT_MS`` (asked off the window's thread);
        False at once while offline."""
        store = self._store()
        if self.lost or store is None:
            return False
        return self.ask(store.answering, late=False)

    def read_failed(self, error: NotAnswering) -> None:
        """A read on the window's thread got no answer: offline until the server answers
        (asked every ``RETRY_MS``); the views keep what they showed."""
        self.host = error.host or self.host
        if not self.lost:
            self.lost = True
        self._show()

    def hold(self, command: EditCommand, forward: bool, error: NotAnswering | None) -> None:
        """Keep ``command`` (applied ``forward``, or undone) to be saved later."""
        for item in reversed(self.held):
            if item.command is command:
                if item.forward == forward:
                    return  # waiting already
                if item.in_doubt is None and item.flight is None:
                    # Undoing (or redoing) a step that never reached the server: it cancels.
                    self.held.remove(item)
                    command.setText(command.text().removesuffix(WAITING))
                    self._show()
                    return
                break
        if error is not None:
            self.host = error.host
            self.lost = True
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
                   and item.flight is None for item in self.held)

    def busy(self, command: EditCommand) -> bool:
        """Whether ``command`` is being saved in the background, or its commit went
        unanswered: its state is not the window's to change until it lands."""
        return any(item.command is command and (item.flight is not None
                                                 or item.in_doubt is not None)
                   for item in self.held)

    def forget(self, command: EditCommand) -> None:
        """``command`` was merged into the waiting step before it."""
        self.held = [item for item in self.held if item.command is not command]
        self._show()

    def retry(self) -> None:
        """Save the waiting edits in order; stop at the first that still gets no answer.

        Whether the server answers is first found out on a thread of its own, and each
        save runs as a background job the window waits for ``WAIT_MS`` at most, so that the
        window never waits for a server that is still frozen."""
        store = self._store()
        if store is None:
            self.held.clear()
            self._show()
            return
        if self.held and (self.held[0].flight is not None or self.held[0].settling):
            return  # its landing (or the user's choice) carries on from here
        if self._probe is not None and self._probe.is_alive():
            return
        if not self._answers:
            self._probe = threading.Thread(target=self._ask, args=(store,), daemon=True,
                                           name="planner-offline-probe")
            self._probe.start()
            return
        self._answers = False
        if self.lost:
            self.lost = False  # it answers: the window reads again; a save that fails says so
        self._draining = True
        try:
            while self.held:
                item = self.held[0]
                item.flight = self.jobs.start(
                    partial(_caught, partial(_step, store, item.command, item.forward,
                                             item.in_doubt)),
                    done=partial(self._landed, item))
                if not item.flight.wait(WAIT_MS / 1000):
                    QTimer.singleShot(SILENT_MS, self, partial(self._silent, item))
                    break  # still saving: its landing goes on with the rest
                if self.held and self.held[0] is item:
                    break  # landed without an answer: it waits for the next probe
        finally:
            self._draining = False
        self._show()

    def _ask(self, store: Store) -> None:
        started = time.monotonic()
        self._answers = store.answering()
        if not self._answers:  # asked again RETRY_MS after the last question at the soonest
            time.sleep(max(0.0, RETRY_MS / 1000 - (time.monotonic() - started)))

    def _done(self, item: Held, changes: ChangeSet) -> None:
        self.held.pop(0)
        _untag(item.command)
        self._refresh(changes)

    def _show(self) -> None:
        title = self.window.windowTitle().removesuffix(" — offline")
        if self.held and not self.lost:  # slower than WAIT_MS, not (yet) unanswered
            count = len(self.held)
            self.label.setText(f"Saving {count} change{'s' if count != 1 else ''} to "
                               f"{self._host()}…")
            self.label.setToolTip("The team database is taking a moment to answer; your "
                                  "changes are kept in this window until it has saved them.")
            self.label.show()
            if not self.timer.isActive():
                self.timer.start()
            return
        if self.held or self.lost:
            count = len(self.held)
            self.label.setText(
                f"Offline: {self._host()} is not answering; {count} change"
                f"{'s' if count != 1 else ''} kept in this window" if count else
                f"Offline: {self._host()} is not answering; showing what was read before")
            self.label.setToolTip(
                f"The team database at {self._host()} is not answering. Your "
                f"changes are kept in this window and saved when it answers again (asked "
                f"every {RETRY_MS // 1000} s).")
            self.window.statusBar().clearMessage()
            self.label.show()
            self.window.setWindowTitle(title + " — offline")
            if not self.timer.isActive():
                self.timer.start()
            return
        self.timer.stop()
        was_lost, self._was_lost = self._was_lost, False
        self.label.hide()
        self.window.setWindowTitle(title)
        saved, self._saved = self._saved, 0
        said, self._kept = self._kept, []
        if saved and was_lost:  # (a slow save just lands)
            said.insert(0, f"The team database answers again: {saved} waiting change"
                           f"{'s' if saved != 1 else ''} saved.")
        elif was_lost:
            said.insert(0, "The team database answers again.")
        if said:
            self.window.statusBar().showMessage(" ".join(said), 8000)
        if was_lost:
            self.answers_again.emit()  # the views catch up with what they could not read

    def _host(self) -> str:
        if not self.host:
            store = self._store()
            self.host = store.host if store is not None else ""
        return self.host or "the server"

    def steps(self) -> list[change_file.Step]:
        """What waits, as a file can keep it: each step's name and declared writes (none
        for a record added or removed, which only a service call can do again)."""
        from planner.ui.shell.commands import RecordCommand

        steps = []
        for item in self.held:
            writes = () if isinstance(item.command, RecordCommand) else \
                item.command.expected(item.forward)
            text = (item.command.text().removesuffix(WAITING)
                    if shiboken6.isValid(item.command) else "A change undone since")
            steps.append(change_file.Step(text if item.forward else f"Undo {text}", writes))
        return steps

    def save_waiting(self) -> bool:
        """File › Save Waiting Changes… (also offered on leaving): True once written."""
        from PySide6.QtWidgets import QMessageBox

        store = self._store()
        if store is None or not self.held:
            self.window.statusBar().showMessage("No changes are waiting to be saved.", 5000)
            return False
        name = f"waiting-changes-{time.strftime('%Y-%m-%d-%H%M')}{change_file.SUFFIX}"
        path = file_dialogs.ask_save(self.window, "Save Waiting Changes", name,
                                     f"Waiting changes (*{change_file.SUFFIX})")
        if path is None:
            return False
        steps = self.steps()
        try:
            change_file.save(path, store.display_name, steps)
        except OSError as exc:
            QMessageBox.critical(self.window, "Waiting changes not saved",
                                 f"The waiting changes could not be written to {path}: "
                                 f"{exc.strerror or exc}")
            return False
        by_hand = sum(not s.writes for s in steps)
        self.window.statusBar().showMessage(
            f"{len(steps)} waiting change{'s' if len(steps) != 1 else ''} saved to {path}; "
            "once the server answers: File › Apply Waiting Changes…"
            + (f" ({by_hand} to redo by hand)" if by_hand else ""), 15000)
        return True

    def clear(self) -> None:
        self.held.clear()
        self._show()
