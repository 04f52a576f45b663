"""The window paints before the database libraries load (issue 17's start-up budget: first
paint within 1.3x a bare window). SQLAlchemy, SQLModel and the tables take longer to import
than the whole bare window takes to appear; they load after the first paint, with the plan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from planner.app import application, qsettings
from planner.ui.shell.main_window import MainWindow
from planner.ui.shell.settings import Settings

app = application(())
window = MainWindow(Settings(qsettings(sys.argv[1])), __import__("pathlib").Path(sys.argv[2]),
                    auto_backup=False)
window.place()
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["modules"] = sorted({m.split(".")[0] for m in sys.modules}
                                     | {m for m in sys.modules if m.startswith("planner.")})
            QTimer.singleShot(0, app.quit)
        return False

probe = FirstPaint()
app.installEventFilter(probe)
window.show()
app.exec()
print(json.dumps(seen["modules"]))
"""


def test_the_window_paints_before_the_database_libraries_load(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "s.ini"),
                           str(tmp_path / "data")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = set(json.loads(done.stdout.splitlines()[-1]))
    assert "PySide6" in modules  # the probe saw the window's first paint
    assert modules & {"sqlalchemy", "sqlmodel", "alembic", "planner.store.tables"} == set()
