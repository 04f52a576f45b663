"""A whole team database copied to a plan file, with progress and Cancel (ui layer).

File › Save a Copy… on a plan file is the file copy API (planner/store: seconds at most).
On a team database the plan is copied row by row (planner/services/copying.py), which takes
about a minute for 100,000 milestones: the copy runs off the GUI thread, and a progress
dialog (not modal: the window stays usable) says how far it has gone, table by table.
Cancel stops it at the next batch; nothing is kept then, as for any failure, because the
new file appears only once the copy in it is complete and checked.

The worker touches no Qt: it leaves the latest :class:`CopyProgress` in a box that the
dialog reads ten times a second, and looks at a ``threading.Event`` between batches.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from planner.services.copying import CopyProgress, copy_database
from planner.ui.shell.background import Job, JobRunner

if TYPE_CHECKING:
    from planner.services.plans import Store

STEPS = 1000  # the bar's resolution


class CopyDialog(QProgressDialog):
    """The copy of ``store`` to ``target`` under way: its progress, and Cancel.

    ``finished_with(outcome, why)`` is called once, on the GUI thread: outcome "done" when
    the copy is in place, "cancelled" after Cancel, "failed" with why (one line) when the
    copy could not be made. Nothing is kept unless it is "done"."""

    def __init__(self, parent: QWidget, jobs: JobRunner, store: Store, target: Path,
                 finished_with: Callable[[str, str], object]) -> None:
        super().__init__("Reading the plan…", "Cancel", 0, STEPS, parent)
        self.setWindowTitle("Saving a copy")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.target = target
        self.finished_with = finished_with
        self.cancel_event = threading.Event()
        self.latest: list[CopyProgress] = []  # the box the worker leaves its progress in
        self.canceled.connect(self._cancel)
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._show_progress)
        self.timer.start()
        self.show()
        self.job: Job = jobs.start(_work(store, target, self.latest, self.cancel_event),
                                   done=self._done, failed=self._failed,
                                   unexpected="The copy failed")

    def _show_progress(self) -> None:
        if not self.latest or self.cancel_event.is_set():
            return
        progress = self.latest[0]
        self.setValue(round(progress.fraction * STEPS))
        self.setLabelText(progress.text())

    def _cancel(self) -> None:
        self.cancel_event.set()
        self.setLabelText("Cancelling: nothing will be kept…")
        self.setCancelButtonText("Cancelling…")

    def _end(self, outcome: str, why: str) -> None:
        self.timer.stop()
        self.close()
        self.deleteLater()
        self.finished_with(outcome, why)

    def _done(self, _counts: object) -> None:
        self._end("done", "")

    def _failed(self, why: str) -> None:
        self._end("cancelled" if self.cancel_event.is_set() else "failed", why)


def _work(store: Store, target: Path, latest: list[CopyProgress],
          cancel: threading.Event) -> Callable[[], dict[str, int]]:
    """The copy as plain Python for a worker: no Qt object in it (background.py's rule)."""

    def heard(progress: CopyProgress) -> None:
        latest[:] = [progress]

    return lambda: copy_database(store, target, progress=heard, cancel=cancel)
