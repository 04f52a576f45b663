"""The chart views' libraries are imported while the user reads the first view, one module
per turn of the event loop, so the window answers between them and builds nothing.

Each test runs in a fresh process: this one has imported everything already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DRIVER = r"""
import json, sys
from PySide6.QtCore import QTimer
from planner.app import application
from planner.ui.shell import warm_up

app = application()
wanted = [m for m in warm_up.modules_to_warm()]
before = {m: m in sys.modules for m in wanted}
turns = []  # which of the wanted modules were imported at each turn of the loop
beat = QTimer()
beat.setInterval(0)
beat.timeout.connect(lambda: turns.append([m for m in wanted if m in sys.modules]))
beat.start()
warm_up.schedule(after_ms=50)
def done():
    if all(m in sys.modules for m in wanted) or len(turns) > 200000:
        print(json.dumps({"before": before, "after": {m: m in sys.modules for m in wanted},
                          "turns": turns, "widgets": len(app.topLevelWidgets())}))
        app.quit()
    else:
        QTimer.singleShot(20, done)
QTimer.singleShot(60, done)
app.exec()
"""


def test_the_chart_libraries_and_views_are_imported_a_module_per_turn() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", DRIVER], cwd=ROOT, env=env, text=True,
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    # Before the warm-up, the window had not paid for the charts.
    assert not out["before"]["pyqtgraph"] and not out["before"]["planner.ui.timeline.view"]
    assert all(out["after"].values()), out["after"]
    # The loop turned between imports: the modules arrived in order, one turn each (a
    # view's own import may bring another of its package along, never a second turn's).
    seen: list[str] = []
    finally_imported = [m for m, there in out["after"].items() if there]
    for imported in [*out["turns"], finally_imported]:
        new = [m for m in imported if m not in seen]
        assert len(new) <= 1, (seen, new)
        seen += new
    assert seen == [m for m in out["after"] if not out["before"][m]]
    assert out["widgets"] == 0  # nothing was built: importing changes nothing one sees
