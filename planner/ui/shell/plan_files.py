"""Plan files, from the window: open at start-up, new, open, the sample, a team database,
save a copy, the automatic backups and restoring one — and what the window shows with no
plan open. Each flow asks the user (file dialogs, messages) and goes through the plans
service (``planner.services.plans``); the window keeps the plan and its views. Only the
window's public methods and attributes are used here (tests/ui/test_shell_rooms.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner import APP_NAME
from planner.services import plans
from planner.store.errors import StoreError
from planner.ui.shell import file_dialogs

if TYPE_CHECKING:
    from planner.services.plans import Store
    from planner.ui.shell.main_window import MainWindow

BACKUP_EVERY_MS = 30 * 60 * 1000
FULL_CHECK_AFTER_MS = 500  # the plan file's full integrity check, once the plan is shown
PLAN_FILTER = "Partnership plans (*.sqlite *.db);;All files (*)"


class EmptyState(QWidget):
    """What the window shows with no plan open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addStretch()
        # Centred by markup: the Qt enum namespace costs ~30 ms to load before first paint.
        title = QLabel(f"<div align='center'><h1>{APP_NAME}</h1><p>No plan is open.</p></div>")
        layout.addWidget(title)
        row = QHBoxLayout()
        row.addStretch()
        for text, slot in (
            ("Open the sample portfolio", window.open_sample),
            ("Start a new plan…", window.new_plan),
            ("Open a plan…", window.open_plan),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch()
        layout.addLayout(row)
        layout.addStretch()


def start(window: MainWindow, db: str | None) -> None:
    """After the first paint: open the plan given, the last one, or welcome the user."""
    if db:
        if "://" in db:
            try:
                window.install_store(plans.open_team_plan(db))
            except StoreError as exc:
                window.show_error("Cannot open the database", str(exc))
            return
        path = Path(db)
        window.open_path(path, create=not path.exists() and path.suffix in (".sqlite", ".db"))
        return
    default = window.data_dir / "plan.sqlite"
    last = Path(window.settings.last_file) if window.settings.last_file else default
    if last.exists():
        window.open_path(last)
    else:
        window.welcome()


def check_in_background(window: MainWindow, store: Store) -> None:
    """SQLite's full integrity check of a plan file opened after its quick check, once the
    plan is shown. A damaged plan is said as an opening would have said it; it stays open
    to read, and the store refuses every change to it (planner/store/database.py)."""

    def checked(problem: str | None) -> None:
        if problem and window.store is store:
            window.setWindowTitle(f"{store.display_name} (damaged, read only) — {APP_NAME}")
            window.statusBar().showMessage("This plan is damaged: it can be read but no "
                                           "change to it will be saved.")
            window.show_error("The plan is damaged", f"{problem}\n\nThe plan stays open to "
                              "read, but no change to it will be saved.")

    def begin() -> None:
        if window.store is store:
            window.jobs.start(lambda: plans.full_check(store), done=checked,
                              unexpected="Could not check the plan")

    # Half a second after the first view has shown the plan: the check then takes no
    # processor time from it (a write made sooner waits for the check, Store.work).
    QTimer.singleShot(FULL_CHECK_AFTER_MS, begin)


def connect_team_database(window: MainWindow) -> None:
    """File › Connect to team database…: open the plan shared on a PostgreSQL server."""
    from planner.ui.shell.connect_dialog import TeamChoice, ask_team_database

    if not window.may_leave_plan():
        return
    choice = ask_team_database(window.settings, window)
    if choice is None:
        return
    if isinstance(choice, str):  # a bare URL: nothing to remember
        choice = TeamChoice(choice)
    # No password typed: libpq's own (~/.pgpass), else the keyring's if the server asks.
    try:
        store = plans.open_team_plan(choice.url)
    except StoreError as exc:
        window.show_error("Cannot open the team database", str(exc))
        return
    window.install_store(store)
    if choice.remember:  # only a password that worked is kept
        try:
            where = plans.remember_password(choice.url)
        except StoreError as exc:  # the connection stays open either way
            QMessageBox.warning(window, "Password not remembered", str(exc))
        else:
            window.statusBar().showMessage(
                f"The password for {where} is kept in the system keyring.", 8000
            )


def welcome(window: MainWindow) -> None:
    from planner.ui.shell.welcome_dialog import WelcomeDialog

    dialog = WelcomeDialog(window)
    if dialog.exec():
        if dialog.choice == "sample":
            window.open_sample()
        elif dialog.choice == "new":
            new_plan(window)  # asks its name and place, as File › New… does


def fresh_path(window: MainWindow, stem: str) -> Path:
    window.data_dir.mkdir(parents=True, exist_ok=True)
    path = window.data_dir / f"{stem}.sqlite"
    n = 1
    while path.exists():
        n += 1
        path = window.data_dir / f"{stem}-{n}.sqlite"
    return path


def open_sample(window: MainWindow) -> None:
    from planner.services.sample import write_sample

    path = fresh_path(window, "sample-portfolio")
    try:
        write_sample(path)  # as `planner demo`: whole or not at all
    except StoreError as exc:
        window.show_error("Cannot create the sample", str(exc))
        return
    window.open_path(path)


def new_plan(window: MainWindow) -> None:
    name, _ = QFileDialog.getSaveFileName(
        window, "New plan", str(fresh_path(window, "plan")), PLAN_FILTER
    )
    if not name:
        return
    path = Path(name)
    if path.suffix == "":
        path = path.with_suffix(".sqlite")
    if path.exists():
        window.show_error(
            "Cannot create the plan", f"“{path}” already exists. Open it, or choose a new name."
        )
        return
    window.open_path(path, create=True)


def open_plan(window: MainWindow) -> None:
    name, _ = QFileDialog.getOpenFileName(window, "Open plan", str(window.data_dir), PLAN_FILTER)
    if name:
        window.open_path(Path(name))


def save_copy(window: MainWindow) -> None:
    if window.store is None:
        return
    from urllib.parse import unquote, urlsplit

    # A team database's copy is named after the database ("plan-copy.sqlite").
    url = window.store.url
    stem = window.store.path.stem if window.store.path else unquote(urlsplit(url).path[1:])
    copy = file_dialogs.ask_save(window, "Save a copy", f"{stem}-copy.sqlite", PLAN_FILTER)
    if copy is None:
        return
    if window.store.path is None:  # a team database: copied row by row, with progress
        _copy_team_database(window, copy)
        return
    try:
        plans.save_copy(window.store, copy)
    except (StoreError, OSError) as exc:
        window.show_error("Cannot save a copy", str(exc))
        return
    window.statusBar().showMessage(f"Copy saved to {copy}", 8000)


def _copy_team_database(window: MainWindow, target: Path) -> None:
    from planner.ui.shell import copy_progress

    assert window.store is not None

    def finished(outcome: str, why: str) -> None:
        if outcome == "done":
            window.statusBar().showMessage(f"Copy saved to {target}", 8000)
        elif outcome == "cancelled":
            window.statusBar().showMessage("The copy was cancelled; nothing was kept.", 8000)
        else:
            window.show_error("Cannot save a copy", why)

    # Kept by the window (its parent) until the copy ends; the job holds its callbacks.
    copy_progress.CopyDialog(window, window.jobs, window.store, target, finished)


def open_to_read(window: MainWindow, path: Path, refused: StoreError) -> bool:
    """A sound plan in a read-only place (a shared folder, a read-only disk, a file marked
    read-only): offered to read, nothing in it changeable; Save a Copy… puts a copy where
    it can be worked on. Before, it was refused outright and could not even be read."""
    answer = QMessageBox.question(
        window, "Open to read only?",
        f"{refused}\n\nOpen it to read? Nothing in it can be changed there; File › Save a "
        "Copy… puts a copy you can work on in a folder of yours.",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Open)
    if answer != QMessageBox.StandardButton.Open:
        return False
    try:
        store = plans.open_plan(path, read_only=True)
    except StoreError as exc:
        window.show_error("Cannot open the plan", str(exc))
        return False
    window.install_store(store)
    window.setWindowTitle(f"{store.display_name} (read only) — {APP_NAME}")
    window.statusBar().showMessage("Open to read only: no change to this plan can be saved "
                                   "here. File › Save a Copy… to work on it.")
    return True


def backup_folder(window: MainWindow) -> Path | None:
    if window.store is None or window.store.path is None:
        return None
    return plans.backup_folder(window.store.path, window.data_dir / "backups")


class AutoBackup:
    """The automatic backups of the plan open in the window (a file; a team database is
    backed up by its server): a few seconds after opening, every half hour after edits,
    and on closing. They run off the GUI thread; ``window.backup_finished`` tells."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.due = False  # an edit (or the opening) since the last backup
        self.failing = False  # a failure was said: not again until one works
        self.timer = QTimer(window)
        self.timer.setInterval(BACKUP_EVERY_MS)
        self.timer.timeout.connect(self.take_if_due)

    def plan_opened(self) -> None:
        """The backup on opening waits until the plan is on screen (it would compete with
        the first view for the interpreter); closing sooner takes it then."""
        self.due, self.failing = True, False
        QTimer.singleShot(self.window.open_backup_delay_ms, self.take_if_due)
        self.timer.start()

    def plan_closing(self) -> None:
        if self.due:
            self.take(wait=True)
        self.timer.stop()

    def take_if_due(self) -> None:
        if self.due:
            self.take()

    def take(self, *, wait: bool = False) -> None:
        """Take an automatic backup, off the GUI thread (``wait``: here, now)."""
        window = self.window
        folder = backup_folder(window)
        if not window.auto_backup or folder is None or window.store is None \
                or window.store.path is None:
            return
        plan = window.store.path
        self.due = False
        run = window.jobs.run_here if wait else window.jobs.start
        run(lambda: str(plans.take_backup(plan, folder)), done=self.taken, failed=self.failed,
            unexpected="unexpected problem")

    def taken(self, path: str) -> None:
        self.failing = False
        self.window.statusBar().showMessage("Backup taken", 4000)
        self.window.backup_finished.emit(True, path)

    def failed(self, problem: str) -> None:
        """A backup that could not be taken (a full disk, an unwritable folder) is said in
        the status bar, once: the tries after it (on closing the plan, every half hour) say
        nothing more until a backup is taken again. The plan stays open."""
        self.due = True
        if not self.failing:
            self.failing = True
            self.window.statusBar().showMessage(f"Automatic backup failed: {problem}", 30_000)
        self.window.backup_finished.emit(False, problem)


def restore_from_backup(window: MainWindow) -> None:
    folder = backup_folder(window)
    if folder is None or window.store is None or window.store.path is None:
        return
    from planner.ui.shell.restore_dialog import RestoreDialog

    dialog = RestoreDialog(plans.list_backups(folder), window)
    if not dialog.exec() or dialog.selected is None:
        return
    plan = window.store.path
    window.backups.due = False  # restore_backup keeps the present state itself
    window.close_plan()
    try:
        plans.restore_backup(dialog.selected.path, plan, folder)
    except (StoreError, OSError) as exc:
        window.show_error("Cannot restore the backup", str(exc))
    window.open_path(plan)
    window.statusBar().showMessage(
        f"Restored the backup of {dialog.selected.taken_at.day} {dialog.selected.taken_at:%b %Y %H:%M}",
        8000,
    )
