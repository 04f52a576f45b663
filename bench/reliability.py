"""Reliability of the data path (issue 13): each part tries something many times and says
how often it held, with the time it took.

Parts (a list: add one as a function returning a Row):
- opens: the real program opens a copy of the sample plan (``planner demo``), offscreen,
  takes its opening backup on a worker thread, and quits by itself (``planner --db PLAN
  --exit-after-backup``); a crash is any run ending with a signal or another status than 0.
- truncations: the sample plan cut short by 1 byte to a whole page and more; each must be
  refused by opening and by ``planner check`` (the time is per refusal, the baseline the
  same open and check of the whole plan).
- kills: the kill -9 harness of tests/faults/test_kills.py (import, demo, copy and every
  export, killed at named functions and at seeded random times), run by pytest in a child
  process; a kill is survived when the target is absent or whole and the rerun works.

Run: make bench, or .venv/bin/python -m bench.reliability [--opens N] [--at-once K]
(PYTHONPATH=another/checkout measures that code instead.)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OPENS = 40
AT_ONCE = 2  # programs running side by side (each is idle part of its time)
TIMEOUT_S = 90


@dataclass(frozen=True)
class Row:
    part: str
    result: str  # e.g. "0 crashes in 40 opens"
    seconds: float
    notes: tuple[str, ...] = ()  # what went wrong, one line each


def _demo(folder: Path) -> Path:
    plan = folder / "sample.sqlite"
    subprocess.run([sys.executable, "-m", "planner.cli", "demo", "--db", str(plan)],
                   check=True, capture_output=True, timeout=120)
    return plan


def _ended(code: int | None) -> str:
    if code is None:
        return f"still running after {TIMEOUT_S} s (killed)"
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit status {code}"


def opens(count: int = OPENS, at_once: int = AT_ONCE) -> Row:
    """Open the window ``count`` times, ``at_once`` at a time; count the crashes."""
    started = time.perf_counter()
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="planner-opens-") as tmp:
        plan = _demo(Path(tmp))
        waiting = list(range(count))
        running: dict[int, tuple[subprocess.Popen[bytes], float]] = {}
        while waiting or running:
            while waiting and len(running) < at_once:
                n = waiting.pop(0)
                folder = Path(tmp) / f"run{n}"
                folder.mkdir()
                shutil.copyfile(plan, folder / "plan.sqlite")
                env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                       "PLANNER_DATA_DIR": str(folder / "data"),
                       "PLANNER_SETTINGS": str(folder / "settings.ini")}
                child = subprocess.Popen(
                    [sys.executable, "-m", "planner.cli", "--db", str(folder / "plan.sqlite"),
                     "--exit-after-backup"],
                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                running[n] = child, time.perf_counter()
            time.sleep(0.05)
            for n, (child, since) in list(running.items()):
                code = child.poll()
                if code is None and time.perf_counter() - since < TIMEOUT_S:
                    continue
                del running[n]
                if code is None:
                    child.kill()
                    child.wait()
                if code != 0:
                    notes.append(f"open {n + 1}: {_ended(code)}")
    return Row("opening the window (with its backup)",
               f"{len(notes)} crashes in {count} opens", time.perf_counter() - started,
               tuple(notes))


CUTS = (1, 2, 10, 50, 100, 1000, 4095, 4096, 8192, 65536)


def truncations() -> Row:
    """Cut the sample plan short by each of CUTS bytes; count the refusals."""
    from planner.cli import main as planner
    from planner.store.database import Store, StoreError
    from planner.store.engine import sqlite_backup

    started = time.perf_counter()
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="planner-cuts-") as tmp:
        whole = _demo(Path(tmp))
        t0 = time.perf_counter()
        Store.open(whole, read_only=True).close()
        baseline = time.perf_counter() - t0
        refusals: list[float] = []
        for cut in CUTS:
            plan = Path(tmp) / f"cut{cut}.sqlite"
            sqlite_backup(whole, plan)
            data = plan.read_bytes()
            plan.write_bytes(data[:-cut])
            t0 = time.perf_counter()
            try:
                Store.open(plan).close()
            except StoreError:
                refusals.append(time.perf_counter() - t0)
            else:
                notes.append(f"missing {cut} bytes: opened as if whole")
                continue
            with contextlib.redirect_stderr(io.StringIO()):  # check's one line, not shown
                if planner(["check", "--db", str(plan)]) != 1:
                    notes.append(f"missing {cut} bytes: check called it sound")
    refused = len(CUTS) - len(notes)
    slowest = max(refusals, default=0.0)
    notes.insert(0, f"sizes cut: {', '.join(map(str, CUTS))} bytes; slowest refusal "
                    f"{slowest * 1000:.1f} ms ({slowest / baseline:.1f}x opening the whole "
                    f"plan, {baseline * 1000:.1f} ms)")
    return Row("truncated plans refused", f"{refused} of {len(CUTS)} sizes refused",
               time.perf_counter() - started, tuple(notes))


KILLS_SCALE = 4  # random kill times per command: four times the test suite's


def kills(scale: int = KILLS_SCALE) -> Row:
    """The kill -9 harness of the fault tests, with its tally of kills survived / tried."""
    started = time.perf_counter()
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/faults/test_kills.py"],
        cwd=root, capture_output=True, text=True, timeout=1800,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLANNER_KILLS_SCALE": str(scale)})
    lines = run.stdout.splitlines()
    tally = [line for line in lines[next((i for i, line in enumerate(lines)
                                          if "kills survived / tried" in line), len(lines)) + 1:]
             if "/" in line and " in " in line]
    tried = survived = 0
    for line in tally:
        counts = line.split(" in ")[0].split()
        survived, tried = survived + int(counts[-3]), tried + int(counts[-1])
    notes = [line.strip() for line in tally]
    if run.returncode != 0:
        notes.append(f"pytest ended {run.returncode}: {lines[-1] if lines else run.stderr}")
    return Row("kill -9 at named points and at random", f"{survived} / {tried} kills survived",
               time.perf_counter() - started, tuple(notes))


PARTS: list[Callable[[], Row]] = [truncations, opens, kills]


def main(argv: list[str] | None = None) -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--opens", type=int, default=OPENS, help="how many opens")
    args.add_argument("--at-once", type=int, default=AT_ONCE, help="opens side by side")
    options = args.parse_args(argv)
    parts: list[Callable[[], Row]] = [
        (lambda: opens(options.opens, options.at_once)) if part is opens else part
        for part in PARTS]
    print("reliability")
    print(f"  {'part':<40} {'result':<32} {'time':>8}")
    for part in parts:
        row = part()
        print(f"  {row.part:<40} {row.result:<32} {row.seconds:7.1f} s", flush=True)
        for note in row.notes:
            print(f"      {note}")


if __name__ == "__main__":
    main()
