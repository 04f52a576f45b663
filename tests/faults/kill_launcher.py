"""Runs ``planner ARGS...`` and SIGKILLs itself on entering a chosen function (test helper).

The kill point is chosen from outside, with nothing in the product code:
``PLANNER_KILL_AT=module:Qualified.name`` and ``PLANNER_KILL_NTH=N`` (the N-th entry; a
generator or context manager is entered again each time it resumes). A trace function,
installed for every thread, compares each Python call's code object with the target's and
sends SIGKILL to this process when it matches: no clean-up runs, as when the power cord or
the OOM killer ends a run. (It costs about a third more CPU than a plain run; a profile
function, called for C calls too, a little more.) Without the variables it simply runs
the command.

Usage: ``python kill_launcher.py export timeline --db plan.sqlite --out t.pdf``.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
from types import CodeType, FrameType
from typing import Any


def _code_of(target: str) -> CodeType:
    module_name, _, qualname = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    obj = getattr(obj, "__wrapped__", obj)  # contextlib.contextmanager and friends
    return obj.__code__  # type: ignore[no-any-return]


def _arm(target: str, nth: int) -> None:
    code = _code_of(target)
    seen = 0
    lock = threading.Lock()

    def trace(frame: FrameType, event: str, _arg: object) -> None:
        # Called for "call" events only (a new frame, or a generator resumed); returning
        # None asks for no line events, so the run slows down little.
        nonlocal seen
        if frame.f_code is code:
            with lock:
                seen += 1
                if seen >= nth:
                    os.kill(os.getpid(), signal.SIGKILL)

    threading.settrace(trace)  # type: ignore[arg-type]
    sys.settrace(trace)  # type: ignore[arg-type]


def main() -> int:
    target = os.environ.get("PLANNER_KILL_AT")
    if target:
        _arm(target, int(os.environ.get("PLANNER_KILL_NTH", "1")))
    from planner.cli import main as planner

    return planner(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
