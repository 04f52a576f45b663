"""Warming up the views while the user reads the first one (ui layer).

The window imports a view's code when it is first chosen (planner/ui/shell/views.py), so
start-up pays only for the view shown first. The chart views then pay on their first
showing for libraries the plan's size has nothing to do with: numpy and pyqtgraph (with the
Qt modules it loads) and the views' own modules, about 0.6-0.9 s of processor time before
the Timeline can draw anything, at any plan size.

A second after the plan's data is visible, while the user reads it, :func:`schedule` imports
those modules one at a time, each in its own turn of the event loop, so the window answers
between them (the longest turn is pyqtgraph's, ~0.3 s). A view chosen before its turn came
simply imports what is still missing, as it always did. Nothing is built and no plan is
read: importing code changes nothing a user can see. Only the real program (app.py) warms
up; tests choose their views cold, as a user who clicks at once would.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable

from PySide6.QtCore import QTimer

AFTER_MS = 1000  # after the data is visible: the user is reading it
GAP_MS = 20  # between two imports
# Libraries first (the slowest turns), then the views in the sidebar's order.
LIBRARIES = ("numpy", "pyqtgraph")


def modules_to_warm() -> list[str]:
    from planner.ui.shell.views import VIEW_SPECS

    return [*LIBRARIES, *(spec.module for spec in VIEW_SPECS)]


def schedule(modules: Iterable[str] | None = None, after_ms: int = AFTER_MS) -> None:
    """Import ``modules`` (by default the libraries and every view), one per turn of the
    event loop, starting ``after_ms`` from now."""
    waiting = [m for m in (modules_to_warm() if modules is None else modules)
               if m not in sys.modules]

    def next_turn() -> None:
        while waiting:
            name = waiting.pop(0)
            if name not in sys.modules:  # a view chosen meanwhile already imported it
                importlib.import_module(name)
                break
        if waiting:  # a timer, not a posted call: input and painting come first
            QTimer.singleShot(GAP_MS, next_turn)

    if waiting:
        QTimer.singleShot(after_ms, next_turn)
