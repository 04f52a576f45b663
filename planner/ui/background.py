"""One slow call off the GUI thread (ui layer): a QRunnable that reports back by signal.

Used where a view renders, signs, verifies or exports and must stay responsive meanwhile.
The job reports exactly once: `signals.done(result)`, or `signals.failed(one readable line)`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from planner.services.changes import ValidationError


class JobSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class BackgroundJob(QRunnable):
    """Runs `work` on a pool thread; the view keeps a reference until it has heard back.

    `unexpected` starts the line shown for an error nobody foresaw (the caller picks its
    case to suit the sentence the line is put into).
    """

    def __init__(self, work: Callable[[], object], *,
                 unexpected: str = "Unexpected problem") -> None:
        super().__init__()
        self.work = work
        self.unexpected = unexpected
        self.signals = JobSignals()
        # The view holds the job (and so its signals) until it has reported: Qt must not
        # delete it underneath a queued signal.
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work()
        except ValidationError as exc:
            outcome: tuple[Any, object] = (self.signals.failed, exc.message)
        except OSError as exc:
            outcome = (self.signals.failed, f"{exc.strerror or exc}"
                       + (f" ({exc.filename})" if exc.filename else ""))
        except Exception as exc:  # never a traceback in the window: one readable line
            outcome = (self.signals.failed, f"{self.unexpected}: {type(exc).__name__}: {exc}")
        else:
            outcome = (self.signals.done, result)
        with contextlib.suppress(RuntimeError):  # the view closed while we worked
            outcome[0].emit(outcome[1])
