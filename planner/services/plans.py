"""Plans as a whole (services layer): open or create one, connect to a team database, save a
copy, back up, restore, and hear a colleague's commits — the one door through which the window reaches plan
files and servers (the UI imports nothing from the store but its errors).

Each function imports the store when it is called: the window imports this module at
start-up, before any plan is open (tests/test_startup_imports.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from planner.services.changes import EVERYTHING, ChangeSet

if TYPE_CHECKING:
    from planner.store.backups import Backup as Backup
    from planner.store.database import Store as Store
    from planner.store.postgres import ChangeListener, Notice


def open_plan(target: Path | str, *, create: bool = False, quick_check: bool = False,
              read_only: bool = False, check_alongside: bool = False) -> Store:
    """A plan file or a team database URL. ``create``: a missing file is made first, whole
    (an empty plan is put in place complete or not at all). ``quick_check``: an existing
    file is opened after SQLite's quick check; call :func:`full_check` once it is shown.
    ``read_only``: nothing is written, not even an upgrade (``planner check``, ``backup``).
    ``check_alongside``: that quick check may still be running when this returns; nothing
    from the plan is shown before :func:`opening_problem` has answered None.
    Raises StoreError. The window and the command line both open plans here."""
    from planner.store.database import Store

    if create and isinstance(target, Path) and not target.exists():
        from planner.store.creation import new_plan

        with new_plan(target):
            pass
    if read_only:
        return Store.open(target, read_only=True)
    return Store.open(target, create=create, quick_check=quick_check,
                      check_alongside=check_alongside)


def opening_problem(store: Store) -> str | None:
    """Why the quick check a plan was opened alongside (``open_plan(check_alongside=True)``)
    finds it damaged, in the words an opening would have said it; None when it is sound.
    Waits for the check (a tenth of a second on a plan of 100,000 milestones)."""
    return store.opening_problem()


def stop_waiting(store: Store) -> None:
    """Calls still waiting for a team database that does not answer give up now (the plan
    is closing and its user has been asked about the changes not yet saved). A plan file
    has nothing to stop."""
    if store.notifier is None:
        return
    from planner.store.watchdog import give_up

    give_up(store.engine)


def full_check(store: Store) -> str | None:
    """Why a plan opened after a quick check is damaged (None when sound). Off the GUI
    thread: it takes about half a second on a plan of 100,000 milestones. Until it has
    answered no change is written; if it finds damage, none ever is (Store.full_check)."""
    return store.full_check()


KEYRING_HINT = (
    "\n\nThe password saved in your system keyring was used. If it has changed, "
    "type the new one in File › Connect to Team Database… and tick “Remember the "
    "password” to replace it."
)


def open_team_plan(url: str, *, read_only: bool = False) -> Store:
    """The team database ``url``, with the password the URL names, else libpq's own
    (PGPASSWORD, ~/.pgpass); only when the server asks for one that these do not give,
    the system keyring's, if it holds one. So a server that needs no password from the
    keyring never wakes it (no unlock prompt; and finding the keyring's backends costs the
    window 11 MB). A keyring password the server refuses says how to replace it.
    Raises StoreError (PasswordWanted when the server wants a password it was not given)."""
    from planner.store.errors import PasswordWanted

    try:
        return open_plan(url, read_only=read_only)
    except PasswordWanted:
        filled = with_saved_password(url)
        if filled == url:
            raise
    try:
        return open_plan(filled, read_only=read_only)
    except PasswordWanted as exc:
        raise PasswordWanted(str(exc) + KEYRING_HINT) from None


def with_password_if_asked(url: str) -> str:
    """``url`` for a service that opens it itself (a copy, the sample, an import): with the
    keyring's password when its server asks for one that libpq's own sources do not give
    (a connection opened and closed to see), as :func:`open_team_plan` does."""
    from planner.store.credentials import asks_for_password

    return with_saved_password(url) if asks_for_password(url) else url


def with_saved_password(url: str) -> str:
    """``url`` with the system keyring's password when it names none; else unchanged."""
    from planner.store.credentials import with_saved_password as fill

    return fill(url)


def remember_password(url: str) -> str:
    """Keep the password in ``url`` in the system keyring; returns where (StoreError if not)."""
    from planner.store.credentials import remember_password as keep

    return keep(url)


def save_copy(store: Store, target: Path) -> None:
    """A whole copy of the open plan (a file or a team database) in a new plan file, as it
    is now, while it stays open. Raises StoreError or OSError."""
    store.backup_to(target)


def backup_folder(plan: Path, backups_root: Path) -> Path:
    """Where the automatic backups of ``plan`` are kept: one folder per plan file."""
    from planner.store.backups import folder_for

    return folder_for(plan, backups_root)


def take_backup(plan: Path, folder: Path) -> Path:
    """One automatic backup, verified and thinned (plain Python: it may run on a worker)."""
    from planner.store.backups import take_backup as take

    return take(plan, folder).path


def list_backups(folder: Path) -> list[Backup]:
    """The automatic backups in ``folder``, newest first."""
    from planner.store.backups import list_backups as listed

    return listed(folder)


def restore_backup(backup: Path, plan: Path, folder: Path) -> None:
    """Put ``backup`` in place of ``plan``, whole or not at all (the plan as it was is kept
    as a backup first)."""
    from planner.store.backups import restore_backup as restore

    restore(backup, plan, folder)


def notice_changes(notice: Notice) -> ChangeSet:
    """A team database's notice of a colleague's commit as the ChangeSet views understand."""
    if notice.everything:
        return EVERYTHING
    ids = tuple((table, i) for table, idents in sorted(notice.tables.items()) for i in idents)
    return ChangeSet(frozenset(notice.tables), ids)


def colleague_listener(store: Store, heard: Callable[[ChangeSet], None]) -> ChangeListener:
    """A listener (not yet started) calling ``heard`` on its own thread for each colleague's
    commit to the team database ``store`` (this program's own commits are not heard)."""
    from planner.store.postgres import ChangeListener

    return ChangeListener(store.url, lambda notice: heard(notice_changes(notice)),
                          ignore_instance=store.instance)
