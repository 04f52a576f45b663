"""Last-resort error handling for the window (ui layer).

An exception escaping a slot would otherwise only print to a console the user never sees.
Here it is written in full to a log file in the user data folder and shown as one plain
message; store errors (a full disk, a read-only file) are shown as they are worded.

Only the GUI thread builds widgets. An error raised on another thread (an uncaught
exception of a worker, through ``threading.excepthook`` too) is logged there, and its
message goes to the GUI thread by a queued signal, to a QObject that lives on the GUI
thread as long as the process, which shows it.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import time
import traceback
import weakref
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from planner.services.changes import ValidationError
from planner.store.errors import NotAnswering, StoreError


def _log(log_file: Path, kind: type[BaseException], error: BaseException,
         tb: TracebackType | None) -> str:
    """Write the error in full to the log; returns where it is, for the message."""
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} "
                      f"({threading.current_thread().name})\n")
            log.write("".join(traceback.format_exception(kind, error, tb)))
        return f"The details are in {log_file}."
    except OSError:
        return ""


REPEAT_QUIET_S = 20.0  # the same refusal again within this: the status bar says it


class _Messenger(QObject):
    """Made on the GUI thread by ``install`` and kept for the life of the process: shows
    the messages, whichever thread the error was raised on.

    A save refused again for the same reason (a full disk, while the user types in a
    field saved at each keystroke) is said once in a box, then on the status bar for as
    long as it goes on: a box at every keystroke took the keys typed next (a Space or
    Enter among them pressed OK) and the user could not type on."""

    show = Signal(str, str, str)  # "warning" or "critical", title, text

    def __init__(self) -> None:
        super().__init__()
        self.parent_ref: weakref.ref[QWidget] | None = None
        self.show.connect(self.say, Qt.ConnectionType.QueuedConnection)
        self._said: dict[str, float] = {}  # a refusal's text: when it was last said

    @Slot(str, str, str)
    def say(self, level: str, title: str, text: str) -> None:
        parent = self.parent_ref() if self.parent_ref is not None else None
        if parent is not None and not shiboken6.isValid(parent):
            parent = None  # the window has gone: a message of its own
        if level == "warning" and isinstance(parent, QMainWindow) and self._repeated(text):
            parent.statusBar().showMessage(f"Still {title.lower()}: {text}", 15000)
            return
        box = QMessageBox.warning if level == "warning" else QMessageBox.critical
        box(parent, title, text)
        if level == "warning":
            self._said[text] = time.monotonic()  # from when it was dismissed

    def _repeated(self, text: str) -> bool:
        """Whether ``text`` was said less than REPEAT_QUIET_S ago (and note it again)."""
        now = time.monotonic()
        last = self._said.get(text)
        if last is None or now - last > REPEAT_QUIET_S:
            return False
        self._said[text] = now
        return True


_MESSENGER: _Messenger | None = None


def install(parent: QWidget, log_file: Path) -> None:
    """Call on the GUI thread, once the window exists."""
    global _MESSENGER
    gui_thread = threading.get_ident()
    if _MESSENGER is None:
        _MESSENGER = _Messenger()
    messenger = _MESSENGER
    messenger.parent_ref = weakref.ref(parent)

    def say(level: str, title: str, text: str) -> None:
        if threading.get_ident() == gui_thread:
            messenger.say(level, title, text)
        else:  # never a widget off the GUI thread: it is shown there, soon
            messenger.show.emit(level, title, text)

    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if isinstance(error, NotAnswering):  # a read or save the server left unanswered
            parent = messenger.parent_ref() if messenger.parent_ref else None
            not_answering = getattr(parent, "not_answering", None)
            if callable(not_answering) and threading.get_ident() == gui_thread:
                # An action that had to read the plan first (a view's own read, not a
                # save: saves wait on the undo stack) stopped here: it was not made.
                not_answering(error, "that was not done; try again once it answers")
                return  # the status bar says it: no box on every click while offline
        if isinstance(error, (StoreError, ValidationError)):
            say("warning", "Not saved", str(error))
            return
        where = _log(log_file, kind, error, tb)
        say("critical", "Something went wrong",
            f"Partnership Planner hit an unexpected problem: {error}\n\nYour plan is safe: "
            f"every change made before this was saved. {where}")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
