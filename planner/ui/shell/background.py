"""Slow calls off the GUI thread (ui layer): the one mechanism for backups, exports, reports.

A view or the window owns a :class:`JobRunner` and starts a job with plain Python work::

    self.jobs = JobRunner(self)
    self.jobs.start(lambda: write(content, out), done=self._written, failed=self._not_written)

``work()`` runs on a worker thread of a Python thread pool. It must not touch Qt: it gets
and returns plain Python values (a store, paths, figures read beforehand on the GUI thread).
Its outcome goes back to the GUI thread by a queued signal, and there exactly one of the
callbacks runs: ``done(result)``, or ``failed(one readable line)``.

Who owns what (each rule is the cure of a crash seen before):

- No Qt object belongs to a job. The signal is emitted on the *post box*, one QObject made
  on the GUI thread and kept for the life of the process, so a worker never emits on an
  object that may already be gone, and nothing made on the GUI thread is ever freed on a
  worker. (The automatic backup used to carry its own QObject for its signals; when the
  worker thread dropped the job, that QObject and the receivers of its queued signal were
  deleted there while the signal's event still waited in the GUI queue: the window crashed
  when the event was delivered, about 1 open in 8.)
- The post box keeps a Python reference to every running job until it has delivered; the
  worker holds only the job's number and its work. So the callbacks (bound to views and
  windows) are released on the GUI thread, never collected on a worker.
- A runner holds its owner weakly (no reference cycle through a widget, which the garbage
  collector could free on whichever thread it happens to run), and a job whose owner was
  deleted before it finished (a view replaced when another plan opens) is not delivered.
- Before the program ends, :func:`wait_all` lets running jobs finish their files.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QWidget

from planner.services.changes import ValidationError
from planner.store.errors import StoreError

WORKERS = 4  # jobs running at once, across every window; more wait their turn


def describe(error: BaseException, unexpected: str = "Unexpected problem") -> str:
    """One readable line for what went wrong in a job (no traceback, no internals)."""
    if isinstance(error, ValidationError):
        return error.message
    if isinstance(error, StoreError):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f" ({error.filename})" if error.filename else "")
    if isinstance(error, sqlite3.Error):  # e.g. "database or disk is full"
        return str(error) or type(error).__name__
    return f"{unexpected}: {type(error).__name__}: {error}"


class Job:
    """One call in the background. ``state`` is "running", then "done" or "failed" once the
    GUI thread has been told; ``result`` or ``error`` (one line) says how it went."""

    def __init__(self, ident: int, runner: JobRunner, done: Callable[[Any], object] | None,
                 failed: Callable[[str], object] | None) -> None:
        self.ident = ident
        self.runner = runner
        self.done = done
        self.failed = failed
        self.state = "running"
        self.result: object = None
        self.error = ""
        self.finished = threading.Event()  # set on the worker once the outcome is posted
        self.outcome: list[tuple[bool, object]] = []  # filled on the worker, before finished

    def __repr__(self) -> str:
        return f"<Job {self.ident} {self.state}>"

    @property
    def running(self) -> bool:
        return self.state == "running"

    def wait(self, timeout: float | None = None) -> bool:
        """On the GUI thread: wait until the work has returned, then deliver its outcome
        (its callbacks have run when this returns True). Only this job's: another job that
        ended meanwhile is told later, from the event loop, never inside the caller's step
        (a save waits for its job; a board pack's message box must not open inside it)."""
        if not self.finished.wait(timeout):
            return False
        if _POST_BOX is not None and _POST_BOX.jobs.pop(self.ident, None) is self:
            self.runner.jobs.discard(self)
            self._settle(*self.outcome[0])
        return True

    def _settle(self, ok: bool, value: object) -> None:
        """On the GUI thread: record the outcome and call the callback, once."""
        done, failed = self.done, self.failed
        self.done = self.failed = None  # released here, on the GUI thread
        if ok:
            self.state, self.result = "done", value
        else:
            self.state, self.error = "failed", str(value)
        if self.runner.owner is _GONE:
            return  # the widget that asked is gone: nobody to tell
        if ok and done is not None:
            done(value)
        elif not ok and failed is not None:
            failed(str(value))


def _outcome(work: Callable[[], object], unexpected: str) -> tuple[bool, object]:
    try:
        return True, work()
    except Exception as exc:  # never a traceback in the window: one readable line
        return False, describe(exc, unexpected)


def _run(box: _PostBox, ident: int, work: Callable[[], object], unexpected: str,
         finished: threading.Event, outcome: list[tuple[bool, object]]) -> None:
    """On a worker thread: plain Python, then one signal to the post box."""
    ok, value = _outcome(work, unexpected)
    del work  # pure Python: dropped here, before the GUI thread hears of it
    outcome.append((ok, value))  # for a wait() on the GUI thread
    box.arrived.emit(ident, ok, value)
    finished.set()  # after the emit: a wait() that sees it finds the outcome posted


class _PostBox(QObject):
    """Lives on the GUI thread for the life of the process: outcomes arrive here from the
    workers (queued) and are handed to their jobs."""

    arrived = Signal(int, bool, object)  # job number, succeeded, result or error line

    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[int, Job] = {}  # every job not yet delivered (keeps it alive)
        self.arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(int, bool, object)
    def _deliver(self, ident: int, ok: bool, value: object) -> None:
        job = self.jobs.pop(ident, None)
        if job is not None:  # None: delivered already by a wait()
            job.runner.jobs.discard(job)
            job._settle(ok, value)


_GONE = object()  # a runner's owner once deleted
_POST_BOX: _PostBox | None = None
_POOL: ThreadPoolExecutor | None = None
_NUMBERS = itertools.count(1)


def _post_box() -> _PostBox:
    """The post box, made on first use, which must be on the GUI thread."""
    global _POST_BOX
    if _POST_BOX is None:
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("background jobs are started from the GUI thread")
        _POST_BOX = _PostBox()
    return _POST_BOX


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        # Python threads: Qt makes no object for them. The interpreter waits for them at
        # exit, so a file being written is finished, not cut short.
        _POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="planner-job")
    return _POOL


def _deliver_arrived() -> None:
    """On the GUI thread: hand over the outcomes that have arrived, now."""
    if _POST_BOX is not None:
        QCoreApplication.sendPostedEvents(_POST_BOX, QEvent.Type.MetaCall)


def running_jobs() -> list[Job]:
    """Every job, of every runner, not yet delivered."""
    return [] if _POST_BOX is None else list(_POST_BOX.jobs.values())


def wait_all(timeout: float | None = None) -> bool:
    """On the GUI thread: let every running job finish and deliver (before the program
    ends, or a test session). False if one was still running after ``timeout`` s each."""
    jobs = running_jobs()
    finished = all([job.finished.wait(timeout) for job in jobs])
    _deliver_arrived()
    return finished


class JobRunner:
    """Starts jobs for one owner (a window or a view) and knows which are still running."""

    def __init__(self, owner: QObject | None = None) -> None:
        _post_box()
        self._owner = None if owner is None else weakref.ref(owner)
        self.jobs: set[Job] = set()

    @property
    def owner(self) -> object:
        """The owner; None if there is none; ``_GONE`` once it has been deleted."""
        if self._owner is None:
            return None
        owner = self._owner()
        return owner if owner is not None and shiboken6.isValid(owner) else _GONE

    @property
    def running(self) -> bool:
        return bool(self.jobs)

    def start(self, work: Callable[[], object], *,
              done: Callable[[Any], object] | None = None,
              failed: Callable[[str], object] | None = None,
              unexpected: str = "Unexpected problem") -> Job:
        """Run ``work`` off the GUI thread. ``unexpected`` starts the line given to
        ``failed`` for an error nobody foresaw (the caller picks its case to suit the
        sentence the line is put into)."""
        box = _post_box()
        job = Job(next(_NUMBERS), self, done, failed)
        box.jobs[job.ident] = job
        self.jobs.add(job)
        try:
            _pool().submit(_run, box, job.ident, work, unexpected, job.finished, job.outcome)
        except RuntimeError as exc:  # the interpreter is shutting down
            box.jobs.pop(job.ident, None)
            self.jobs.discard(job)
            job.finished.set()
            job._settle(False, describe(exc, unexpected))
        return job

    def run_here(self, work: Callable[[], object], *,
                 done: Callable[[Any], object] | None = None,
                 failed: Callable[[str], object] | None = None,
                 unexpected: str = "Unexpected problem") -> Job:
        """The same, on this thread, now (closing a plan waits for its last backup)."""
        job = Job(0, self, done, failed)
        ok, value = _outcome(work, unexpected)
        job.finished.set()
        job._settle(ok, value)
        return job

    def write_document(self, work: Callable[[], object], out: Path, *, what: str,
                       button: QWidget, status: Callable[[str], object],
                       failed: Callable[[str], object]) -> Job:
        """A document ``work`` writes to ``out``, off the GUI thread: ``button`` is off
        meanwhile; the status line says "Writing the board pack…", then "Board pack
        written to PATH" (``what`` = "the board pack"); a failure reaches ``failed`` as "The
        board pack could not be written to PATH: why", with the button on again."""
        button.setEnabled(False)
        status(f"Writing {what}…")
        name = what.removeprefix("the ")
        name = name[:1].upper() + name[1:]

        def written(_result: object) -> None:
            button.setEnabled(True)
            status(f"{name} written to {out}")

        def not_written(problem: str) -> None:
            button.setEnabled(True)
            failed(f"{what[:1].upper()}{what[1:]} could not be written to {out}: {problem}")

        return self.start(work, done=written, failed=not_written)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for this runner's jobs and deliver them; False if one is still running."""
        finished = all([job.finished.wait(timeout) for job in list(self.jobs)])
        _deliver_arrived()
        return finished
