"""Start-up tricks of the window process (composition root), each with its reason.

Only ``planner/app.py`` calls these, at the moments named below; nothing else in the program
changes process-wide interpreter or binding behaviour. Nothing here imports Qt: the PySide6
hook is reached through ``sys.modules``. The other start-up rule, that heavy libraries are
imported only where they are needed, is not a trick but a lint rule: ruff's TID253
(``banned-module-level-imports`` in pyproject.toml, reasons there).
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator


def quicker_pyside_imports() -> None:
    """Call once PySide6 is imported and before the rest of the window is (app.py, at import).

    PySide6 checks every module imported after it for the word "PySide6" (to know which
    modules may switch its ``__feature__`` options) with ``inspect.getsource``, which walks
    all of ``sys.modules`` on each call: ~0.1-0.2 s over the ~300 modules the database layer
    and the first view import (measured again with PySide6 6.11.3: 570-820 ms of imports
    after Qt with this, 660-970 ms without). Reading the module's file gives the same answer.
    Does nothing if PySide6 is not imported or no longer has the function."""
    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if upstream is None or getattr(upstream, "planner_quick", False):
        return

    def uses_pyside(module: object) -> bool:
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or not file.endswith(".py"):
            return bool(upstream(module))
        try:
            with open(file, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(upstream(module))

    uses_pyside.planner_quick = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


def freeze_startup_objects() -> None:
    """Call once, at the window's first paint, before the plan is loaded (app.py).

    Everything made so far (modules, classes, Qt wrappers: ~125,000 tracked objects) lives
    as long as the process. A full garbage collection walks all of it, and building the
    timeline layout for tens of thousands of milestones triggers several: the 50,000-
    milestone layout took twice as long with them. ``gc.freeze()`` moves those objects out
    of the collector's sight, so later collections walk only the plan's objects. (This
    replaces a ``gc.disable()`` inside the domain's layout function, a process-wide switch
    flipped from a pure function, and from any thread that drew a timeline.) Frozen objects
    are never collected: a cycle made before this call stays; there are few and they are
    made once."""
    gc.freeze()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Around opening the first plan and building its first view (app.py, just after
    :func:`freeze_startup_objects`); what is alive at the end is frozen too.

    Opening a plan imports the database layer (SQLAlchemy, SQLModel, the tables: ~100,000
    new objects), then reads the plan's figures into tens of thousands of rows. Each batch
    of new objects triggers collections, and the full ones walk everything imported so far:
    at 100,000 milestones 0.6-0.8 s of the start went to the collector (3 full and ~560
    young collections, measured with ``gc.callbacks``), 0.15-0.2 s on the sample. Paused,
    nothing is freed later than by reference counting alone, which frees all but cycles;
    the start makes few and short-lived ones. Afterwards the modules and the first view's
    objects, which live as long as the process, are frozen like the window's own, so later
    collections (the Timeline's layout, another view's rows) walk only what those make.
    The collector is on again when this returns, whatever happened inside."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
