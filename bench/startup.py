"""Cold start: `planner` on the sample portfolio against a bare PySide6 QMainWindow.

Each run is a fresh process, timed from just before it is spawned to its first paint (and,
for the planner, to the sample data being on screen). Prints medians of RUNS runs and the
ratios; the goals are first paint <= 1.3x the bare window and data visible <= 5x.
Run: make bench, or .venv/bin/python -m bench.startup
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
            app.removeEventFilter(self)
        return False
probe = Probe()
app.installEventFilter(probe)
w = QMainWindow()
w.menuBar().addMenu("File")
w.setCentralWidget(QLabel("bare"))
w.statusBar().showMessage("Ready")
w.resize(1280, 800)
w.show()
app.exec()
"""


def _time(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=True)
    marks = {}
    for line in out.stdout.splitlines():
        stage, _, stamp = line.partition(" ")
        if stage in ("first-paint", "data-visible"):
            marks[stage] = float(stamp) - start
    return marks


def main() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLANNER_STARTUP_PROBE="1")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.sqlite"
        subprocess.run([sys.executable, "-m", "planner.cli", "demo", "--db", str(db)],
                       check=True, capture_output=True)
        env["PLANNER_SETTINGS"] = str(Path(tmp) / "settings.ini")
        env["PLANNER_DATA_DIR"] = tmp
        # As installed (pip and the bundle ship compiled bytecode): the warm-up runs write it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        bare_cmd = [sys.executable, "-c", BARE]
        app_cmd = [sys.executable, "-m", "planner.cli", "--db", str(db)]
        _time(bare_cmd, env), _time(app_cmd, env)  # warm the page cache
        bare, paint, data = [], [], []
        for _ in range(RUNS):  # interleaved, so load on the machine hits both alike
            bare.append(_time(bare_cmd, env)["first-paint"])
            marks = _time(app_cmd, env)
            paint.append(marks["first-paint"])
            data.append(marks["data-visible"])
    b, p, d = (statistics.median(x) for x in (bare, paint, data))
    print(f"startup (median of {RUNS} cold starts)")
    print(f"  bare QMainWindow first paint   {b * 1000:7.0f} ms   1.00x")
    print(f"  planner first paint            {p * 1000:7.0f} ms   {p / b:.2f}x   (goal <= 1.3x)")
    print(f"  planner sample data visible    {d * 1000:7.0f} ms   {d / b:.2f}x   (goal <= 5x)")


if __name__ == "__main__":
    main()
