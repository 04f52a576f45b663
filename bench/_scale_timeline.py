"""The Timeline view's own actions in ``bench.scale``'s timeline child (issue 22): meeting
mode, then grouped by status with its largest group opened, scrolled and stepped into.

Run: ``.venv/bin/python -m bench.scale --child timeline COPY`` (a copy of the cached plan;
prints JSON with ``meeting_*``, ``open_largest_*``, ``meeting_into_largest_*`` and the
peaks). The first figures are in bench/scale.py's docstring ("Timeline", "Timeline
actions"); then:

A very large open group read a page at a time, 7 Dec 2026 (grp22; "Done" laid out from a
light read of the columns that fix its rows, its milestones read whole a page either side
of the view; the slip chart makes only the 40 lines it draws; before = main at bfef925,
after = main at 96a177d; 3 interleaved pairs on fresh copies of the 100,031 plan, 2 cores
at load 3.1-3.9), wall / processor ms:

  open "Done"                       2760-4884 / 2185-2400  ->   884-1598 / 692-769
  a 5,000-row jump in it (paint)           1-2 (processor)  ->        6-9 (a page read)
  meeting mode stepping into "Done" 3436-5935 / 2588-2943  ->    297-427 / 163-207
  meeting mode's peak (slip chart)  249 MB                 ->   225 MB
  the process's peak after it all   417-418 MB             ->   240 MB
  (Without meeting mode stepping into "Done", at load 4.6-5.5: peak 325 -> 242-243 MB.)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timeline_actions(app: Any, view: Any, painted: list[Any], peak: Callable[[], float]
                     ) -> dict[str, float]:
    """In the timeline's process, after the frames: meeting mode opened (shown; then its
    slip chart read in the background), and the chart grouped by status with its largest
    group opened ("Done": 48,886 milestones at 100,031), scrolled and stepped into by meeting
    mode, each timed until painted; ``peak`` says the process's peak memory so far."""
    from PySide6.QtWidgets import QApplication

    def timed(step: Any, target: Any, prefix: str) -> dict[str, float]:
        cpu, start = time.process_time(), time.perf_counter()
        step()
        while time.perf_counter() - start < 120:
            painted.clear()
            app.processEvents()
            app.sendPostedEvents()
            if not any(w is target or target.isAncestorOf(w) for w in painted) and \
                    time.perf_counter() - start > 0.05:
                break
        return {f"{prefix}_ms": (time.perf_counter() - start) * 1000,
                f"{prefix}_cpu_ms": (time.process_time() - cpu) * 1000}

    out: dict[str, float] = {}
    out.update(timed(lambda: view.open_meeting_mode(full_screen=False),
                     view, "meeting"))
    mode = view.meeting_window.mode
    start = time.perf_counter()
    while (getattr(mode, "slip_reading", False) or getattr(mode, "since_reading", False)
           ) and time.perf_counter() - start < 120:
        app.processEvents()
        time.sleep(0.005)
    out["meeting_all_ms"] = out["meeting_ms"] + (time.perf_counter() - start) * 1000
    out["peak_meeting_mb"] = peak()  # meeting mode with its changes and slip chart
    view.meeting_window.close()
    QApplication.processEvents()
    out.update(timed(lambda: view.group.setCurrentIndex(view.group.findData("status")),
                     view, "by_status"))
    largest = max(view.reads.summaries, key=lambda s: s.count, default=None)
    if largest is not None:
        out["largest_group"] = largest.count
        out.update(timed(lambda: view.toggle_group(largest.key), view, "open_largest"))
        chart = view.chart
        frames = []
        for k in range(8):
            c0 = time.process_time()
            chart.scroll_rows(40.0 if k % 2 else -20.0)
            chart.repaint()
            frames.append((time.process_time() - c0) * 1000)
        out["open_largest_frame_cpu_ms"] = statistics.median(frames[2:])
        jumps = []  # a jump of 5,000 rows in the open group: a page of it read each time
        for k in range(6):
            c0 = time.process_time()
            chart.scroll_rows(5_000.0 if k < 4 else -9_000.0)
            chart.repaint()
            jumps.append((time.process_time() - c0) * 1000)
        out["open_largest_jump_cpu_ms"] = statistics.median(jumps)
        out["open_largest_jump_max_cpu_ms"] = max(jumps)
        # Meeting mode grouped by status with "Done" open, then stepped into "Done".
        out.update(timed(lambda: view.open_meeting_mode(full_screen=False), view,
                         "meeting_status"))
        mode = view.meeting_window.mode
        steps = mode.items
        if largest.key in getattr(steps, "keys", ()):
            into = steps.starts[steps.keys.index(largest.key)] + largest.count // 2
            out.update(timed(lambda: mode.step(into - mode.index), mode, "meeting_into_largest"))
        view.meeting_window.close()
        QApplication.processEvents()
    return out
