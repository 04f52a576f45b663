"""The application (composition root): QApplication, settings, the main window, screenshots.

The window is shown and painted first; the plan is opened on the next turn of the event
loop, so the user sees the window as soon as Qt can draw it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from planner import APP_ID, APP_NAME, ORG_DOMAIN, __version__, startup
from planner.paths import resources_dir, user_data_dir

startup.quicker_pyside_imports()  # before the window's modules are imported

Screenshot = tuple[str, Path, int, int]

# Sub-pages a screenshot can ask for: command-line name -> (view, page).
PAGES = {"capacity": ("screening", "capacity"), "meeting": ("timeline", "meeting"),
         "meetings": ("dashboard", "meetings"), "partner": ("screening", "partner")}


def application(qt_args: Sequence[str] = ()) -> QApplication:
    """The application; ``qt_args``: Qt's own options from the command line (``-style
    fusion``, ``-platform xcb``, ``-reverse``), which Qt reads itself."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setOrganizationDomain(ORG_DOMAIN)
    app.setDesktopFileName(APP_ID)
    _set_icon(app)
    style = resources_dir() / "styles" / "app.qss"
    if style.is_file() and not app.styleSheet():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def _set_icon(app: QApplication) -> None:
    """The window icon from the PNG sizes (Windows, macOS and X11 without a desktop file;
    Wayland takes it from the desktop file named by APP_ID)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()  # addFile only notes the paths; a size is read when first drawn
    for png in sorted((resources_dir() / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        icon.addFile(str(png))
    if not icon.isNull():
        app.setWindowIcon(icon)


def qsettings(path: str | None = None) -> QSettings:
    path = path or os.environ.get("PLANNER_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    # The organisation is the reverse-DNS APP_ID, as in the desktop file and metainfo.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_ID, APP_NAME)


class FirstPaint(QObject):
    """Calls ``then`` once, just after the first paint of any widget: the window is on
    screen before the plan is opened and the views are built."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self.then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.then is not None:
            then, self.then = self.then, None
            QTimer.singleShot(0, then)
            # Installed on the application, it sees every event of every widget: once is
            # enough (each call is a trip into Python while the first view is built).
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
        return False


def _probe(stage: str) -> None:
    """Start-up timing for bench/startup.py (PLANNER_STARTUP_PROBE=1)."""
    print(f"{stage} {time.time():.6f}", flush=True)


def run(db: str | None, screenshot: Screenshot | None = None, *,
        exit_after_backup: bool = False, qt_args: Sequence[str] = (),
        theme: str = "light") -> int:
    """The window, until the user quits. ``exit_after_backup`` (``planner --db PLAN
    --exit-after-backup``, a hidden option for tests and smoke checks) opens the plan,
    takes the opening backup at once instead of after the usual few seconds, closes the
    window as a user would once the backup has been reported, and ends: 0 if the backup
    was taken, 1 if it could not be."""
    from planner.ui.shell import background
    from planner.ui.shell.main_window import MainWindow
    from planner.ui.shell.settings import Settings

    app = application(qt_args)
    if screenshot is not None:
        return _screenshot(app, db, screenshot, theme)
    from planner.ui.shell import error_hook

    window = MainWindow(Settings(qsettings()), user_data_dir())
    error_hook.install(window, user_data_dir() / "logs" / "planner.log")
    maximised = window.place()
    if window.settings.theme != "system" or \
            app.styleHints().colorScheme().name == "Dark":  # light needs nothing done
        window.apply_theme()
    probing = os.environ.get("PLANNER_STARTUP_PROBE") == "1"

    def open_plan() -> None:
        if probing:
            _probe("first-paint")
        startup.freeze_startup_objects()
        with startup.collector_paused():
            window.start(db)
        if probing:
            app.processEvents()
            _probe("data-visible")
            window.close()  # as a user would: the plan is closed (and backed up) properly
            app.quit()
            return
        from planner.ui.shell import warm_up

        warm_up.schedule()  # while the user reads the plan

    taken: list[bool] = []
    if exit_after_backup:
        window.open_backup_delay_ms = 0

        def finish() -> None:
            window.close()  # as a user would: the plan is closed properly
            app.quit()

        def reported(ok: bool, text: str) -> None:
            if not taken:
                taken.append(ok)
                print(f"Backup taken: {text}" if ok else f"planner: backup failed: {text}",
                      file=sys.stdout if ok else sys.stderr, flush=True)
                QTimer.singleShot(0, finish)

        window.backup_finished.connect(reported)

    painted = FirstPaint(open_plan)
    app.installEventFilter(painted)
    if maximised:
        window.showMaximized()
    else:
        window.show()
    code = app.exec()
    # An export or backup still running on a worker thread finishes its file (and reports)
    # before the interpreter shuts down.
    background.wait_all()
    if exit_after_backup and code == 0:
        return 0 if taken == [True] else 1
    return code


def _screenshot(app: QApplication, db: str | None, shot: Screenshot,
                theme: str = "light") -> int:
    import tempfile

    from PySide6.QtCore import QBuffer, QIODevice

    from planner.atomic import write_bytes
    from planner.services import plans
    from planner.ui.shell.main_window import MainWindow
    from planner.ui.shell.settings import Settings

    name, out, width, height = shot
    view_name, page = PAGES.get(name, (name, ""))
    if not db:
        raise ValueError("screenshot needs --db")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(qsettings(str(Path(tmp) / "settings.ini")))
        settings.theme = theme
        window = MainWindow(settings, Path(tmp), auto_backup=False)
        if theme != "light":
            window.apply_theme()
        window.resize(width, height)
        window.install_store(plans.open_plan(db))
        window.show()
        view = window.show_view(view_name)
        target = None
        if page and view is not None and hasattr(view, "show_page"):
            target = view.show_page(page)
        if target is not None:
            target.resize(width, height)
        for _ in range(5):
            app.processEvents()
        pixmap = (target or window).grab()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        pixmap.save(buffer, "PNG")  # in memory, then written whole (planner/atomic.py)
        buffer.close()
        window.close()
        if target is not None:
            target.close()
    write_bytes(out, bytes(buffer.data().data()))
    print(f"Screenshot of {name} written to {out}")
    return 0
