"""The main window (ui layer): sidebar, views, the refresh of views after an edit, theme.

Its menus are built by ``menus``; opening, copying, backing up and restoring plans are the
flows of ``plan_files``; its first size and place on a screen come from ``placement``.

The window paints before any plan is opened; the plan and each view are loaded after, so
start-up costs little more than a bare window.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from planner import APP_NAME
from planner.services import plans
from planner.services.changes import COLLEAGUE, EVERYTHING, THIS_WINDOW, ChangeSet
from planner.store.errors import NotAnswering, ReadOnlyPlace, StoreError
from planner.ui.shell import plan_files
from planner.ui.shell.background import JobRunner
from planner.ui.shell.context import AppEvents, ViewContext
from planner.ui.shell.menus import WindowMenus
from planner.ui.shell.placement import first_rect, inside, small_screen
from planner.ui.shell.plan_files import EmptyState
from planner.ui.shell.settings import Settings
from planner.ui.shell.views import VIEW_SPECS, BaseView, ViewSpec, ViewStack, create_view

if TYPE_CHECKING:
    from planner.services.plans import Store
    from planner.ui.shell.help import ShortcutRow
    from planner.ui.shell.live_refresh import LiveRefresh
    from planner.ui.shell.offline import Offline

OPEN_BACKUP_DELAY_MS = 3000
STOP_SECONDS = 1.0  # on closing a plan, the longest wait for a stuck save to give up


def say_whole_placeholders(view: QWidget) -> None:
    """An empty box's grey hint ("Search titles, partners, purposes and d…") is cut on a
    narrow screen: hovering the box says it whole, unless the box has a tooltip of its own."""
    from PySide6.QtWidgets import QLineEdit

    for box in view.findChildren(QLineEdit):
        if box.placeholderText() and not box.toolTip():
            box.setToolTip(box.placeholderText())


class MainWindow(QMainWindow):
    """The window. Its menus (``menus.WindowMenus``) and plan-file flows (``plan_files``)
    use only its public methods and attributes; what they need is named without ``_``."""

    plan_opened = Signal(str)
    # After each automatic backup: taken or not, and the backup's path or why it failed.
    backup_finished = Signal(bool, str)

    def __init__(self, settings: Settings, data_dir: Path, *,
                 auto_backup: bool = True) -> None:
        super().__init__()
        self.auto_backup = auto_backup
        self.open_backup_delay_ms = OPEN_BACKUP_DELAY_MS
        self.settings = settings
        self.data_dir = data_dir
        # Backups (and the views' exports) run off the GUI thread and report back here.
        self.jobs = JobRunner(self)
        self.backups = plan_files.AutoBackup(self)
        self.store: Store | None = None
        self.ctx: ViewContext | None = None
        self.events = AppEvents(self)
        self.undo = QUndoStack(self)
        self.views: dict[str, BaseView] = {}
        # Changes a hidden view has not been told about yet; it hears them when shown.
        self.pending: dict[str, ChangeSet] = {}
        self.live: LiveRefresh | None = None  # a team database's change notices
        self.offline: Offline | None = None  # its edits waiting while it does not answer

        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)  # until place() fits it to the screen it opens on
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(180)
        for spec in VIEW_SPECS:
            self.sidebar.addItem(spec.title)
        self.stack = ViewStack()
        self.empty = EmptyState(self)
        self.stack.addWidget(self.empty)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        # The last resort on a small screen or with large type: a view that cannot shrink
        # to the window scrolls, instead of pushing its controls beyond the screen's edge.
        self.view_scroll = QScrollArea()
        self.view_scroll.setObjectName("viewScroll")
        # No frame, and no style sheet: a style sheet would keep the palette it was polished
        # with, and a later View › Theme would leave the views on the old background.
        self.view_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.view_scroll.setWidgetResizable(True)
        self.view_scroll.setWidget(self.stack)
        row.addWidget(self.view_scroll, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self._sidebar_changed)
        self.sidebar.setEnabled(False)

        self.events.changed.connect(self._changed)
        self.events.open_record.connect(self.open_record)
        self.events.show_view.connect(self.show_place)
        self.events.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.undo.indexChanged.connect(self._undo_moved)
        self.menus = WindowMenus(self)  # the menu bar and its actions
        self.statusBar().showMessage("Ready")

    def install_shortcuts(self) -> None:
        self.menus.install_shortcuts()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.menus.pending_shortcuts:
            QTimer.singleShot(0, self.install_shortcuts)

    # ------------------------------------------------------------------ plans

    def show_error(self, title: str, message: str) -> None:
        """Why something the user asked for could not be done (a modal message)."""
        QMessageBox.critical(self, title, message)

    def may_leave_plan(self) -> bool:
        """False when the user keeps the window on a plan whose changes still wait for an
        unanswering team database, or with typing a view could not save: leaving would
        lose them, so the user is asked first."""
        for name, view in list(self.views.items()):
            if not view.finish_edits() and not self._leave_typing(name):
                return False
        offline = self.offline
        if offline is None or not offline.held:
            return True
        count = len(offline.held)
        changes = f"{count} change{'s' if count != 1 else ''}"
        answer = QMessageBox.warning(
            self, "Changes not yet saved",
            f"{changes} you made {'have' if count != 1 else 'has'} not reached the team "
            f"database at {offline.host or 'the server'}, which is not answering. "
            f"{'They are' if count != 1 else 'It is'} kept in this window and saved as soon "
            "as it answers.\n\nIf you close the plan "
            f"now, {'they are' if count != 1 else 'it is'} lost. Save writes "
            f"{'them' if count != 1 else 'it'} to a file first, to apply once the server "
            "answers (planner changes apply).",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return offline.save_waiting()
        return answer == QMessageBox.StandardButton.Discard

    def _leave_typing(self, name: str) -> bool:
        """A view's typing could not be saved: shown there, and the user asked."""
        self.show_view(name)
        title = next(s.title for s in VIEW_SPECS if s.name == name)
        answer = QMessageBox.warning(
            self, "Changes not saved",
            f"What you typed in {title} is not saved yet; the form there says why. Close the "
            "plan without it?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def close_plan_asking(self) -> None:
        """File › Close."""
        if self.may_leave_plan():
            self.close_plan()

    def open_path(self, path: Path, *, create: bool = False) -> bool:
        """Open (or create) a plan; on failure say why and keep what is open."""
        if not self.may_leave_plan():
            return False
        # A new plan starts where the method does: the dashboard's Next steps.
        first = "dashboard" if create and not path.exists() else None
        try:
            store = plans.open_plan(path, create=create, quick_check=True, check_alongside=True)
        except ReadOnlyPlace as exc:  # offered to read
            from planner.ui.shell.plan_files import open_to_read

            return open_to_read(self, path, exc)
        except StoreError as exc:
            self.show_error("Cannot open the plan", str(exc))
            if not create and not path.exists():
                self.settings.remove_recent(str(path))
            return False
        try:  # SQLite's quick check runs beside this read; nothing is shown before it answers
            self._read_ahead(store, first)
            problem = plans.opening_problem(store)
        except BaseException:
            store.close()
            raise
        if problem:  # refused as a check made before opening refuses it
            store.close()
            self.show_error("Cannot open the plan", problem)
            return False
        self.install_store(store, first_view=first)
        from planner.ui.shell.plan_files import check_in_background

        check_in_background(self, store)
        return True

    def install_store(self, store: Store, *, first_view: str | None = None) -> None:
        self.install_shortcuts()
        self.close_plan()
        self.store = store
        offline = None
        if store.notifier is not None:  # a team database may stop answering
            from planner.ui.shell.offline import Offline

            offline = self.offline = Offline(self, lambda: self.store,
                                             self.events.emit_changes)
            offline.answers_again.connect(self.catch_up)
        self.ctx = ViewContext(store=store, undo=self.undo, events=self.events,
                               settings=self.settings, offline=offline)
        title = store.display_name  # "plan.sqlite", "the team database “plan” on host:port"
        heading = title if store.path else title[:1].upper() + title[1:]
        self.setWindowTitle(f"{heading} — {APP_NAME}")
        if store.path is not None:
            self.settings.add_recent(str(store.path))
            self.settings.last_file = str(store.path)
        self.sidebar.setEnabled(True)
        self.menus.set_plan_open(self.store is not None)
        if store.notifier is not None:  # a team database; a plan file has nobody to hear
            from planner.ui.shell.live_refresh import LiveRefresh  # not loaded at start-up

            self.live = LiveRefresh.start_for(store, self.events, self)
        row = self._first_row(first_view)
        if self.sidebar.currentRow() == row:
            self._sidebar_changed(row)
        else:
            self.sidebar.setCurrentRow(row)
        self.statusBar().showMessage(f"Opened {title}", 5000)
        self.backups.plan_opened()
        self.plan_opened.emit(title)

    def _first_row(self, first_view: str | None) -> int:
        """The view a plan opens on: ``first_view``, else the one last shown."""
        names = [s.name for s in VIEW_SPECS]
        last = first_view or self.settings.last_view
        return names.index(last) if last in names else 0

    def _read_ahead(self, store: Store, first_view: str | None) -> None:
        """What the first view will show, read before it is built, while the plan file's
        quick check runs on its own thread (issue 22: 0.1 s at 100,000 milestones). The
        services keep it until a commit may change it; should the read fail, the view
        meets the failure again itself, once the check has answered."""
        import importlib

        spec = VIEW_SPECS[self._first_row(first_view)]
        read = getattr(getattr(importlib.import_module(spec.module), spec.cls), "read_ahead",
                       None)
        if callable(read):
            with contextlib.suppress(Exception):
                read(store)

    def close_plan(self) -> None:
        if self.store is None:
            return
        self.backups.plan_closing()
        self.undo.clear()
        for view in self.views.values():
            self.stack.removeWidget(view)
            view.deleteLater()
        self.views.clear()
        if self.live is not None:
            self.live.stop()
            self.live = None
        if self.offline is not None:
            self.offline.clear()
            if self.offline.jobs.running:  # saves or reads stuck on a frozen server: the
                plans.stop_waiting(self.store)  # user has answered for what waits
                self.offline.jobs.wait(STOP_SECONDS)
            self.statusBar().removeWidget(self.offline.label)
            self.offline.deleteLater()
            self.offline = None
        self.store.close()
        self.store = None
        self.ctx = None
        self.stack.setCurrentWidget(self.empty)
        self.sidebar.setEnabled(False)
        self.setWindowTitle(APP_NAME)
        self.menus.set_plan_open(self.store is not None)

    def start(self, db: str | None) -> None:
        plan_files.start(self, db)

    def connect_team_database(self) -> None:
        plan_files.connect_team_database(self)

    def welcome(self) -> None:
        plan_files.welcome(self)

    def open_sample(self) -> None:
        plan_files.open_sample(self)

    def new_plan(self) -> None:
        plan_files.new_plan(self)

    def open_plan(self) -> None:
        plan_files.open_plan(self)

    def save_copy(self) -> None:
        plan_files.save_copy(self)

    def backup_folder(self) -> Path | None:
        return plan_files.backup_folder(self)

    def backup_now(self, *, wait: bool = False) -> None:
        self.backups.take(wait=wait)

    def apply_waiting_changes(self) -> None:
        from planner.ui.shell.apply_changes import apply_waiting_changes

        apply_waiting_changes(self)

    def restore_from_backup(self) -> None:
        plan_files.restore_from_backup(self)

    # ------------------------------------------------------------------ views

    def view(self, name: str) -> BaseView | None:
        """The named view, created on first use (None with no plan open)."""
        if self.ctx is None:
            return None
        if name not in self.views:
            spec = next(s for s in VIEW_SPECS if s.name == name)
            view = self._create(spec)
            say_whole_placeholders(view)
            from planner.ui.shell.cut_cells import say_whole_cells

            say_whole_cells(view)  # a cut cell says its whole text on hover
            from planner.ui.shell.dates import improve_all

            improve_all(view)  # one date format; empty dates open at today, type, clear
            self.views[name] = view
            self.stack.addWidget(view)
        return self.views[name]

    def _create(self, spec: ViewSpec) -> BaseView:
        assert self.ctx is not None
        return create_view(spec, self.ctx)

    def show_view(self, name: str) -> BaseView | None:
        names = [s.name for s in VIEW_SPECS]
        self.sidebar.setCurrentRow(names.index(name))
        return self.views.get(name)

    def show_place(self, name: str, page: str = "") -> None:
        """Go to a view (and a page of it), as a Next steps or Guide link asks."""
        if name not in [s.name for s in VIEW_SPECS]:
            return
        view = self.show_view(name)
        show_page = getattr(view, "show_page", None)
        if page and callable(show_page):
            show_page(page)

    def show_next_steps(self) -> None:
        """View › Next Steps: the dashboard's checklist, shown again if it was hidden."""
        self.show_place("dashboard", "portfolio")
        view = self.views.get("dashboard")
        if view is not None and hasattr(view, "set_next_steps_shown"):
            view.set_next_steps_shown(True)

    def _sidebar_changed(self, row: int) -> None:
        if row < 0 or self.ctx is None:
            return
        # Loaded with the first view, not before the first paint (Qt's enums cost ~30 ms).
        from planner.ui.shell.keep_place import colleague_refresh

        spec = VIEW_SPECS[row]
        try:
            if spec.name not in self.views and self.offline is not None and \
                    self.store is not None and not self.offline.answers_now():
                raise NotAnswering(self.store.host)  # not built half-way on a frozen server
            view = self.view(spec.name)
        except NotAnswering as exc:  # a team database that does not answer: stay here
            self.not_answering(exc, f"{spec.title} opens when it answers again")
            shown = [s.name for s in VIEW_SPECS if self.views.get(s.name) is
                     self.stack.currentWidget()]
            with QSignalBlocker(self.sidebar):
                self.sidebar.setCurrentRow(
                    [s.name for s in VIEW_SPECS].index(shown[0]) if shown else -1)
            return
        if view is not None:
            self.stack.setCurrentWidget(view)
            self.settings.last_view = spec.name
            waiting = self.pending.pop(spec.name, None)
            if waiting is not None:
                # Caught up in front, before the next paint. view.focusWidget(): where the
                # keyboard last was in the view; text the user left unsaved there is kept
                # as it catches up with a colleague's changes.
                try:
                    with colleague_refresh(waiting, view.focusWidget()) as kept:
                        view.refresh(waiting)
                    kept.hand_back(self.statusBar())
                except NotAnswering as exc:  # shown as last read; caught up later
                    self._defer(spec.name, waiting)
                    self.not_answering(exc, "this view shows what was read before")

    def not_answering(self, error: NotAnswering, what_now: str) -> None:
        """A read the window needed got no answer: offline until the server answers."""
        if self.offline is not None:
            self.offline.read_failed(error)
        self.statusBar().showMessage(
            f"The team database at {error.host} is not answering: {what_now}.", 10000)

    def catch_up(self) -> None:
        """The server answers again: the view in front reads what it could not."""
        current = self.stack.currentWidget()
        for name, view in self.views.items():
            if view is current and name in self.pending:
                self._changed(self.pending.pop(name).by(COLLEAGUE))

    def show_page(self, name: str, page: str) -> BaseView | None:
        """A view's sub-page (View › Meeting log, View › Capacity)."""
        view = self.show_view(name)
        if view is not None and hasattr(view, "show_page"):
            view.show_page(page)
            from planner.ui.shell.cut_cells import say_whole_cells

            say_whole_cells(view)  # a page built when first shown: its tables too
        return view

    def timeline(self, method: str, *args: object) -> object:
        """A Timeline menu command: the Timeline is shown and does it."""
        view = self.show_view("timeline")
        return None if view is None else getattr(view, method)(*args)

    def open_record(self, kind: str, ident: int) -> None:
        """Show the view that holds this record and select it there."""
        for spec in VIEW_SPECS:
            if kind in spec.kinds:
                view = self.show_view(spec.name)
                if view is not None and not view.show_record(kind, ident):
                    self.statusBar().showMessage("That record no longer exists.", 6000)
                return

    def _changed(self, changes: ChangeSet) -> None:
        from planner.ui.shell.keep_place import colleague_refresh

        current = self.stack.currentWidget()
        for name, view in self.views.items():
            if not changes.concerns(view.topics):
                continue  # nothing it shows
            if view is current:
                try:
                    with colleague_refresh(changes) as kept:  # a colleague's: keep typing
                        view.refresh(changes)
                    kept.hand_back(self.statusBar())
                except NotAnswering as exc:  # read when the server answers again
                    self._defer(name, changes)
                    self.not_answering(exc, "this view shows what was read before")
            else:
                # Hidden: not rebuilt on every keystroke elsewhere; it hears when shown.
                self._defer(name, changes)
        if changes.origin == THIS_WINDOW:
            self.statusBar().showMessage("All changes saved", 3000)

    def _defer(self, name: str, changes: ChangeSet) -> None:
        """The one place a view's refresh waits: until it is shown (or the server answers)."""
        waiting = self.pending.get(name)
        self.pending[name] = changes if waiting is None else waiting.gathered(changes)

    def _undo_moved(self, _index: int) -> None:
        self.backups.due = True

    def refresh_all(self) -> None:
        self._changed(EVERYTHING)

    # ------------------------------------------------------------------ misc

    def about(self) -> None:
        from planner.ui.shell.about import about_text

        QMessageBox.about(self, f"About {APP_NAME}", about_text())

    def show_guide(self, page: str = "") -> QWidget:
        """Help › Guide: the method in the program's words, beside the window (not modal:
        its links take the window to the view that does what a page describes)."""
        from planner.ui.shell.help import GuideDialog

        guide = getattr(self, "_guide", None)
        if guide is None:
            guide = self._guide = GuideDialog(self.show_place, self)
        if page:
            guide.open_page(page)
        guide.show()
        guide.raise_()
        return guide

    def shortcut_rows(self) -> list[ShortcutRow]:
        """Every shortcut, read from the actions themselves (each view built first)."""
        from planner.ui.shell.help import shortcut_rows

        self.install_shortcuts()
        places: dict[QWidget, str] = {}
        for spec in VIEW_SPECS:
            view = self.view(spec.name)
            if view is not None:
                view.make_every_page()
                places[view] = f"{spec.title} ({spec.shortcut})"
        return shortcut_rows(self, places)

    def show_shortcuts(self) -> QWidget:
        from planner.ui.shell.help import ShortcutsDialog

        dialog = ShortcutsDialog(self.shortcut_rows(), self)
        dialog.show()
        return dialog

    # ------------------------------------------------------------------ theme

    def apply_theme(self) -> None:
        """The theme chosen (View › Theme); "System" follows the desktop as it changes."""
        from PySide6.QtGui import QGuiApplication

        from planner.ui.shell import theme

        if not getattr(self, "_following_system", False):
            self._following_system = True
            QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme)
        theme.apply(self.settings.theme)

    def _system_scheme(self, _scheme: object) -> None:
        if self.settings.theme == "system":
            self.set_theme("system")

    def set_theme(self, key: str) -> None:
        """View › Theme › System, Light or Dark: the whole window, charts included."""
        self.settings.theme = key
        self.menus.check_theme(key)
        self.apply_theme()
        # Built again, as at opening: cards, banners and charts take the theme's colours
        # when built (the plan, the undo history and the view shown stay).
        for view in self.views.values():
            self.stack.removeWidget(view)
            view.deleteLater()
        self.views.clear()
        self.pending.clear()
        if self.ctx is not None:
            self._sidebar_changed(self.sidebar.currentRow())

    # ------------------------------------------------------------------ screen

    def screen_key(self) -> str:
        """The screen the window is on, as its geometry is remembered: name and size."""
        screen = self.screen()
        size = screen.size()
        return f"{screen.name()} {size.width()}x{size.height()}"

    def place(self) -> bool:
        """Before the window is shown: its size and position from the screen it opens on —
        as the user left it on this screen, else a comfortable size, centred; never larger
        than the screen's available area. True: show it maximised (a laptop or projector
        screen of 1366×768 or less, the first time)."""
        screen = self.screen()
        avail = screen.availableGeometry()
        area = (avail.x(), avail.y(), avail.width(), avail.height())
        saved = self.settings.geometry_for(self.screen_key())
        restored = saved is not None and self.restoreGeometry(saved)
        small = small_screen(screen.size().width(), screen.size().height())
        if not restored:
            # On a small screen, all of it (as maximised, should no window manager maximise).
            self.setGeometry(*(inside(area, area) if small else first_rect(area)))
        if self.isMaximized() or self.isFullScreen():
            return False
        now = self.geometry()
        rect = (now.x(), now.y(), now.width(), now.height())
        fitted = inside(rect, area)
        if fitted != rect:  # only when it must move: no drift by the frame at each start
            self.setGeometry(*fitted)
        return not restored and small

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_leave_plan():
            event.ignore()
            return
        self.settings.set_geometry_for(self.screen_key(), self.saveGeometry())
        self.close_plan()
        self.settings.sync()
        event.accept()

