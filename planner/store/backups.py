"""Automatic backups of a plan (store layer): backup API copy, verified, then thinned.

Backups are named ``<plan>-YYYYmmdd-HHMMSS.sqlite`` in one folder per plan, so the date of a
backup is read from its name and a listing needs no database access.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from planner.domain.retention import backups_to_keep
from planner.store import engine as eng
from planner.store.database import StoreError, check_existing_file

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})\.sqlite$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def folder_for(plan: Path, backups_root: Path) -> Path:
    """One folder per plan file, named after it and a short hash of its full path."""
    digest = hashlib.sha256(str(plan.resolve()).encode()).hexdigest()[:8]
    return backups_root / f"{plan.stem}-{digest}"


def list_backups(folder: Path) -> list[Backup]:
    found = []
    if folder.is_dir():
        for path in folder.glob("*.sqlite"):
            match = _NAME.match(path.name)
            if match:
                stamp = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
                found.append(Backup(path, stamp))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def take_backup(plan: Path, folder: Path, now: dt.datetime | None = None) -> Backup:
    """Copy ``plan`` through the backup API, verify the copy opens sound, thin the folder."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{plan.stem}-{now:%Y%m%d-%H%M%S}.sqlite"
    while target.exists():  # two backups in one second: never overwrite the earlier one
        now += dt.timedelta(seconds=1)
        target = folder / f"{plan.stem}-{now:%Y%m%d-%H%M%S}.sqlite"
    try:
        eng.sqlite_backup(plan, target)
    except OSError as exc:
        raise StoreError(f"Could not write a backup in “{folder}”: {exc.strerror or exc}.") from exc
    problem = check_existing_file(target)
    if problem:
        target.unlink(missing_ok=True)
        raise StoreError(f"The backup just taken did not verify: {problem}")
    thin(folder)
    return Backup(target, now)


def thin(folder: Path) -> list[Path]:
    backups = list_backups(folder)
    keep = backups_to_keep(b.taken_at for b in backups)
    removed = []
    for backup in backups:
        if backup.taken_at not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def restore_backup(backup: Path, plan: Path, folder: Path) -> None:
    """Put ``backup`` in place of the (closed) ``plan``, keeping a backup of what it replaces."""
    problem = check_existing_file(backup)
    if problem:
        raise StoreError(problem)
    # Copy the chosen backup aside first: the safety backup below thins the folder,
    # which could otherwise remove the very backup being restored.
    staging = plan.with_name(plan.name + ".restoring")
    eng.sqlite_backup(backup, staging)
    if plan.exists():
        take_backup(plan, folder)
    for suffix in ("-wal", "-shm"):
        Path(str(plan) + suffix).unlink(missing_ok=True)
    staging.replace(plan)
