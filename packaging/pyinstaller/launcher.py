"""The bundle's entry point (packaging): the same ``planner`` command as ``make run``.

PyInstaller needs a script, not a console-script entry point; this one hands the arguments to
``planner.cli.main`` unchanged, so the bundle opens the plan in the same user data folder and
understands the same subcommands (demo, check, screenshot, export ...).
"""

from __future__ import annotations

import os
import sys


def _attach_streams() -> None:
    """Give print() somewhere to go in a windowed build.

    A bundle built without a console (Windows ``console=False``, a macOS .app opened from the
    Finder) starts with ``sys.stdout`` and ``sys.stderr`` set to None. print() tolerates that,
    but anything that writes to the stream directly (warnings, faulthandler, a library's
    logging) would raise. On Windows, a command typed in a terminal can still show its output
    by attaching to the terminal's console; everywhere else the output goes nowhere.
    """
    if sys.stdout is not None and sys.stderr is not None:
        return
    console = None
    if sys.platform == "win32":
        try:
            import ctypes

            attach_parent_process = -1
            if ctypes.windll.kernel32.AttachConsole(attach_parent_process):  # type: ignore[attr-defined]
                console = "CONOUT$"
        except (AttributeError, OSError):
            console = None
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            try:
                stream = open(console or os.devnull, "w", encoding="utf-8")  # noqa: SIM115
            except OSError:
                stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
            setattr(sys, name, stream)


def main() -> int:
    _attach_streams()
    from planner.cli import main as planner_main

    return planner_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
