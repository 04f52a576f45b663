"""Last-resort error handling for the window (ui layer).

An exception escaping a slot would otherwise only print to a console the user never sees.
Here it is written in full to a log file in the user data folder and shown as one plain
message; store errors (a full disk, a read-only file) are shown as they are worded.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.services.changes import ValidationError
from planner.store.errors import StoreError


def install(parent: QWidget, log_file: Path) -> None:
    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if isinstance(error, (StoreError, ValidationError)):
            QMessageBox.warning(parent, "Not saved", str(error))
            return
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            with log_file.open("a", encoding="utf-8") as log:
                log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
                log.write("".join(traceback.format_exception(kind, error, tb)))
            where = f"The details are in {log_file}."
        except OSError:
            where = ""
        QMessageBox.critical(
            parent, "Something went wrong",
            f"Partnership Planner hit an unexpected problem: {error}\n\nYour plan is safe: every "
            f"change made before this was saved. {where}")

    sys.excepthook = hook
