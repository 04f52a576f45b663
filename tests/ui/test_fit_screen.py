"""The window fits the screen it opens on: laptops, projectors, scale 2 (issue 17).

The real program's window is placed on screens given to Qt's offscreen platform (its
``configfile``: the screen's size and device pixel ratio), in a process of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import split_qt_options
from planner.ui.shell.main_window import first_rect, inside, small_screen

PLACE = r"""
import json, sys
from pathlib import Path
from planner.app import application, qsettings
from planner.ui.shell.main_window import MainWindow
from planner.ui.shell.settings import Settings

app = application(sys.argv[3:])
settings_path, data = sys.argv[1], Path(sys.argv[2])
out = []
for _ in range(2):  # open, close, open again: the second opening is where it was left
    window = MainWindow(Settings(qsettings(settings_path)), data, auto_backup=False)
    maximised = window.place()
    window.showMaximized() if maximised else window.show()
    for _ in range(5):
        app.processEvents()
    screen = window.screen()
    avail = screen.availableGeometry()
    frame = window.frameGeometry()
    out.append({"maximised": window.isMaximized(), "style": app.styleSheet(),
                "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                "size": [window.width(), window.height()],
                "avail": [avail.x(), avail.y(), avail.width(), avail.height()],
                "rtl": app.isRightToLeft()})
    if not window.isMaximized():
        window.resize(window.width() - 50, window.height() - 40)
    window.close()
print(json.dumps(out))
"""


def _place(tmp_path: Path, width: int, height: int, dpr: float = 1,
           qt_args: tuple[str, ...] = ()) -> list[dict[str, object]]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "Screen", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": dpr}]}))
    env = {"QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", PLACE, str(tmp_path / "settings.ini"), str(tmp_path / "data"),
         *qt_args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _within(frame: list[int], avail: list[int]) -> bool:
    return (frame[0] >= avail[0] and frame[1] >= avail[1]
            and frame[0] + frame[2] <= avail[0] + avail[2]
            and frame[1] + frame[3] <= avail[1] + avail[3])


# Sizes in Qt's device-independent pixels: 2732×1536 at scale 2 is 1366×768 at dpr 2.
@pytest.mark.parametrize(("width", "height", "dpr"), [
    (1024, 768, 1), (1366, 768, 1), (1366, 768, 2)])
def test_on_a_laptop_or_projector_the_window_opens_maximised(
        tmp_path: Path, width: int, height: int, dpr: float) -> None:
    first, again = _place(tmp_path, width, height, dpr)
    assert first["maximised"] and again["maximised"]
    assert _within(first["frame"], first["avail"])  # type: ignore[arg-type]
    assert first["avail"] == [0, 0, width, height]


def test_on_a_desktop_screen_it_opens_centred_and_comes_back_where_it_was_left(
        tmp_path: Path) -> None:
    first, again = _place(tmp_path, 1920, 1080)
    assert not first["maximised"]
    assert first["size"] == [1280, 800]
    x, y, w, h = first["frame"]  # type: ignore[misc]
    assert abs((x + w / 2) - 960) <= 4 and abs((y + h / 2) - 540) <= 4
    assert again["size"] == [1230, 760]
    assert again["frame"][:2] == [x, y]  # type: ignore[index]


def test_a_window_left_bigger_than_a_smaller_screen_is_fitted_to_it(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    # Last used on a big screen of another name; now the only screen is 1600×900.
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    _place(tmp_path, 2560, 1440)
    settings.sync()
    first, _ = _place(tmp_path, 1600, 900)
    assert not first["maximised"]
    assert _within(first["frame"], first["avail"])  # type: ignore[arg-type]


def test_qt_options_on_the_command_line_reach_qt(tmp_path: Path) -> None:
    assert split_qt_options(["-style", "fusion", "--db", "x.sqlite", "-reverse"]) == (
        ["--db", "x.sqlite"], ["-style", "fusion", "-reverse"])
    assert split_qt_options(["-platform=xcb", "demo", "--db", "y"]) == (
        ["demo", "--db", "y"], ["-platform=xcb"])
    mine = tmp_path / "mine.qss"
    mine.write_text("QMainWindow { background: #fafafa; }")
    first, _ = _place(tmp_path, 1920, 1080, qt_args=("-stylesheet", str(mine), "-reverse"))
    assert first["rtl"]  # the layout is mirrored, as Qt's -reverse asks
    assert "mine.qss" in str(first["style"])  # the user's style sheet, not the program's


def test_placement_rules() -> None:
    assert small_screen(1366, 768) and small_screen(1024, 768)
    assert not small_screen(1920, 1080) and not small_screen(1440, 900)
    assert first_rect((0, 0, 1920, 1040)) == (320, 120, 1280, 800)
    assert first_rect((0, 0, 1280, 720))[2:] == (1152, 648)
    x, y, w, h = inside((-300, 2000, 3000, 2000), (0, 0, 1600, 860))
    # The client area, with a title bar of 36 px above and a frame of 4 px around it.
    assert x - 4 >= 0 and x + w + 4 <= 1600 and y - 36 >= 0 and y + h + 4 <= 860
