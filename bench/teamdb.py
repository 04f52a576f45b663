"""Team database: a profile save round trip on loopback PostgreSQL against the same save on
SQLite, how soon a colleague's commit reaches a listening program (NOTIFY), and what the
no-lost-updates bookkeeping (planner/store/versions.py: each row's version noted as it is
read) costs when reading 10,000 milestones, against the same read in an untracked session.

With every server process stopped (SIGSTOP), the time from a save to its clear error; and
in the window (offscreen, the default budget): the longest the GUI thread stops while the
user types through the freeze (a 20 ms QTimer's longest gap between ticks), the time to the
offline title, and, after SIGCONT, the time until what waited is saved (checked: once).

A save is one service call as the window makes it: read the row, check its version, write,
audit, commit (and, on PostgreSQL, queue the NOTIFY). Medians of RUNS saves after WARMUP.
Needs a server: PLANNER_TEST_PG_URL (a superuser URL; `source .ci/pg.sh && pg_start` makes
one). Without it the PostgreSQL figures are skipped, not failed.
Run: make bench, or .venv/bin/python -m bench.teamdb
"""

from __future__ import annotations

import contextlib
import os
import queue
import statistics
import tempfile
import time
from pathlib import Path

RUNS = 200
WARMUP = 20


def _save_ms(store) -> float:  # type: ignore[no-untyped-def]
    from planner.services.organisation import update_profile

    times = []
    for n in range(WARMUP + RUNS):
        start = time.perf_counter()
        update_profile(store, "vision", f"Vision {n}")
        times.append(time.perf_counter() - start)
    return statistics.median(times[WARMUP:]) * 1000


def _notify_ms(store) -> float:  # type: ignore[no-untyped-def]
    from planner.services.organisation import update_profile
    from planner.store.database import Store
    from planner.store.postgres import ChangeListener

    arrived: queue.Queue[float] = queue.Queue()
    listener = ChangeListener(store.url, lambda _n: arrived.put(time.perf_counter()),
                              ignore_instance=store.instance, poll_seconds=0.05)
    listener.start()
    times = []
    with Store.open(store.url) as colleague:
        for n in range(40):
            start = time.perf_counter()
            update_profile(colleague, "vision", f"Heard {n}")
            times.append(arrived.get(timeout=5) - start)
    listener.stop()
    return statistics.median(times[5:]) * 1000


def _tracking(store) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median ms to read 10,000 milestones: untracked session (baseline), unit of work."""
    from sqlmodel import Session, select

    from bench._common import median_ms
    from planner.store.tables import Milestone, Opportunity

    with store.work() as w:
        partnership = w.add(Opportunity(title="Bench")).id
        for n in range(10_000):
            w.session.add(Milestone(title=f"Step {n}", opportunity_id=partnership))

    def plain() -> None:
        with Session(store.engine) as session:
            session.exec(select(Milestone)).all()

    def tracked() -> None:
        with store.work() as w:
            w.list(Milestone)

    return median_ms(plain, 7, warm_up=True), median_ms(tracked, 7, warm_up=True)


def _frozen_s(store, server: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Seconds from a save on a frozen server (every server process SIGSTOPped; the default
    budget, planner/store/watchdog.py) to its clear error; seconds to the first save after
    the server runs again (same open plan)."""
    from planner.services.organisation import update_profile
    from planner.store.errors import NotAnswering
    from tests import pg

    update_profile(store, "vision", "Before the freeze")
    with pg.frozen(server):
        start = time.perf_counter()
        with contextlib.suppress(NotAnswering):
            update_profile(store, "vision", "During the freeze")
        first_error = time.perf_counter() - start
    start = time.perf_counter()
    update_profile(store, "vision", "After the freeze")
    return first_error, time.perf_counter() - start


def _window_frozen(url: str, server: str) -> tuple[float, float, float, bool]:
    """Typing into the Organisation view's vision while the server is frozen: the longest
    GUI-thread stall (s), seconds to the offline title, seconds from SIGCONT until the
    waiting changes are saved, and whether the server holds the text exactly once."""
    import itertools

    from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from planner.services.organisation import get_profile, update_profile
    from planner.store.database import Store
    from planner.ui.shell.main_window import MainWindow
    from planner.ui.shell.settings import Settings
    from tests import pg

    app = QApplication.instance() or QApplication([])

    def wait(until, seconds: float) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        while not until() and time.perf_counter() - start < seconds:
            app.processEvents()
            time.sleep(0.005)
        return time.perf_counter() - start

    def typed(widget, text: str) -> None:  # type: ignore[no-untyped-def]
        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QCoreApplication.sendEvent(widget, QKeyEvent(
                    kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))
            wait(lambda: False, 0.15)  # a typist's pace

    with tempfile.TemporaryDirectory() as tmp, Store.open(url) as store:
        update_profile(store, "vision", "Vision")
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, Path(tmp) / "data", auto_backup=False)
        window.install_store(Store.open(url))
        window.show()
        view = window.show_view("organisation")
        edit = view.ui.visionEdit  # type: ignore[attr-defined]
        edit.setFocus()
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        wait(lambda: False, 0.3)
        ticks = [time.perf_counter()]
        heart = QTimer()
        heart.setInterval(20)
        heart.timeout.connect(lambda: ticks.append(time.perf_counter()))
        heart.start()
        offline = window.offline
        assert offline is not None
        with pg.frozen(server):
            start = time.perf_counter()
            typed(edit, " kept")
            wait(lambda: window.windowTitle().endswith("— offline"), 30)
            to_offline = time.perf_counter() - start
            typed(edit, " offline")
        to_saved = wait(lambda: not offline.active, 60)
        ticks.append(time.perf_counter())
        heart.stop()
        stall = max(b - a for a, b in itertools.pairwise(ticks))
        vision = get_profile(store).vision
        window.close_plan()
        window.deleteLater()
    return stall, to_offline, to_saved, vision == "Vision kept offline"


def main() -> None:
    from planner.store.database import Store

    with tempfile.TemporaryDirectory() as tmp, \
            Store.open(Path(tmp) / "plan.sqlite", create=True) as lite:
        sqlite_ms = _save_ms(lite)
        plain_ms, tracked_ms = _tracking(lite)
    print(f"save round trip, SQLite file (baseline): {sqlite_ms:.2f} ms")
    print(f"read 10,000 milestones, untracked session (baseline): {plain_ms:.1f} ms")
    print(f"read 10,000 milestones, unit of work noting versions: {tracked_ms:.1f} ms "
          f"({tracked_ms / plain_ms:.2f}x)")

    server = os.environ.get("PLANNER_TEST_PG_URL", "")
    if not server:
        print("PostgreSQL figures skipped: set PLANNER_TEST_PG_URL (source .ci/pg.sh && pg_start)")
        return
    from tests import pg

    url = pg.new_database(server)
    try:
        with Store.open(url) as team:
            pg_ms = _save_ms(team)
            print(f"save round trip, PostgreSQL on loopback: {pg_ms:.2f} ms "
                  f"({pg_ms / sqlite_ms:.2f}x SQLite)")
            notify_ms = _notify_ms(team)
            print(f"commit to a colleague's listener (NOTIFY): {notify_ms:.2f} ms "
                  f"({notify_ms / pg_ms:.2f}x a save)")
            first_error, resumed = _frozen_s(team, server)
            print(f"frozen server (SIGSTOP): first clear error after {first_error:.1f} s "
                  f"(goal <= 10 s); first save after SIGCONT {resumed * 1000:.0f} ms")
        stall, to_offline, to_saved, once = _window_frozen(url, server)
        print(f"window typing through a frozen server: longest GUI stall {stall * 1000:.0f} ms "
              f"(goal < 500 ms); offline shown after {to_offline:.1f} s; waiting changes "
              f"saved {to_saved:.1f} s after SIGCONT, "
              f"{'each once' if once else 'NOT each once'}")
    finally:
        pg.drop_database(url)


if __name__ == "__main__":
    main()
