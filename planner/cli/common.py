"""What every command shares (command line): the one-line error, a plan opened (a team
database with the keyring's password), an output path checked before any work.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


class CommandError(Exception):
    """A failure the user reads on one line."""


def db_target(db: str) -> str:
    """A database URL without a password gets the system keyring's when its server asks
    for one that libpq's own password file does not give; a plan file is left as it is.
    The result is for opening only: never print it."""
    if "://" not in db:
        return db
    from planner.services import plans

    return plans.with_password_if_asked(db)


def named(db: str, *, capital: bool = False) -> str:
    """The plan ``db`` as a printed line names it: a file as it was typed; a team database
    by its name and server ("the team database “plan” on host:5432"), never by the user
    name or password its URL holds (those lines are pasted into emails and kept in logs)."""
    if "://" not in db:
        return db
    from planner.services.copying import shown

    return shown(db, capital=capital)


def open_plan(db: str, *, create: bool = False, read_only: bool = False) -> Any:
    """The plan ``db`` names, opened as the window opens it (services/plans.py): a new
    file made whole; a team database with the keyring's password if the server asks for
    one that libpq's own password file does not give."""
    from planner.services import plans

    if "://" in db:
        return plans.open_team_plan(db, read_only=read_only)
    return plans.open_plan(Path(db), create=create, read_only=read_only)


def out_path(out: str, suffixes: Sequence[str]) -> Path:
    path = Path(out)
    if path.suffix.lower() not in suffixes:
        raise CommandError(f"{out}: the output must end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise CommandError(f"{out}: the folder {path.parent} does not exist")
    return path

