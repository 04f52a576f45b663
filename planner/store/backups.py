"""Automatic backups of a plan (store layer): backup API copy, verified, then thinned.

Backups are named ``<plan>-YYYYmmdd-HHMMSSZ-<suffix>.sqlite`` in one folder per plan: the
time is UTC (a change of time zone or summer time never reorders them) and the random
suffix keeps two backups taken in the same second apart. The time is read from the name,
so a listing needs no database access. Names from before (local time, no suffix) are still
listed and thinned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from planner import atomic
from planner.domain.retention import backups_to_keep
from planner.store import engine as eng
from planner.store.database import StoreError, check_existing_file, lock_plan

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?P<utc>Z-[0-9a-f]+)?\.sqlite$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime  # aware, in this computer's time zone (for showing)

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def folder_for(plan: Path, backups_root: Path) -> Path:
    """One folder per plan file, named after it and a short hash of its full path."""
    digest = hashlib.sha256(str(plan.resolve()).encode()).hexdigest()[:8]
    return backups_root / f"{plan.stem}-{digest}"


def _taken_at(path: Path) -> dt.datetime | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    stamp = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    # Older names were in local time; astimezone() reads a naive time as local.
    return (stamp.replace(tzinfo=dt.UTC) if match["utc"] else stamp).astimezone()


def list_backups(folder: Path) -> list[Backup]:
    """The backups in ``folder``, newest first."""
    found = []
    if folder.is_dir():
        for path in folder.glob("*.sqlite"):
            taken = _taken_at(path)
            if taken is not None:
                found.append(Backup(path, taken))
    return sorted(found, key=lambda b: (b.taken_at, b.path.stat().st_mtime_ns), reverse=True)


def take_backup(plan: Path, folder: Path, now: dt.datetime | None = None) -> Backup:
    """Copy ``plan`` through the backup API, verify the copy opens sound, thin the folder.

    The backup just taken is never thinned away, whatever the clock says about the others.
    A failure (a full disk, an unwritable folder) is one readable StoreError and leaves no
    partial file behind.
    """
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    target = folder / f"{plan.stem}-{now:%Y%m%d-%H%M%S}Z-{secrets.token_hex(3)}.sqlite"
    while target.exists():  # never over an earlier backup
        target = folder / f"{plan.stem}-{now:%Y%m%d-%H%M%S}Z-{secrets.token_hex(3)}.sqlite"
    eng.sqlite_backup(plan, target)
    problem = check_existing_file(target)
    if problem:
        target.unlink(missing_ok=True)
        raise StoreError(f"The backup just taken did not verify: {problem}")
    thin(folder, now=now, keep=target)
    return Backup(target, now.astimezone())


def thin(folder: Path, *, now: dt.datetime | None = None, keep: Path | None = None) -> list[Path]:
    """Remove the backups the retention rule lets go (planner/domain/retention.py), never
    ``keep``; returns what was removed."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone()
    backups = list_backups(folder)
    kept = backups_to_keep({b.path: b.taken_at for b in backups}, now)
    removed = []
    for backup in backups:
        if backup.path not in kept and backup.path != keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def _keep_present_state(plan: Path, folder: Path) -> Backup:
    """A backup of the plan about to be replaced; if it is too damaged for the backup API,
    a byte-for-byte copy (with its -wal), named ``…-damaged.sqlite`` so that it is never
    listed, restored or thinned as a backup, but nothing the user had is thrown away."""
    try:
        return take_backup(plan, folder)
    except StoreError:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        target = folder / f"{plan.stem}-{now:%Y%m%d-%H%M%S}Z-{secrets.token_hex(3)}-damaged.sqlite"
        folder.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal"):
            if Path(f"{plan}{suffix}").exists():
                with atomic.replacing(Path(f"{target}{suffix}")) as tmp:
                    shutil.copyfile(f"{plan}{suffix}", tmp)
        return Backup(target, now.astimezone())


def restore_backup(backup: Path, plan: Path, folder: Path) -> Backup | None:
    """Put ``backup`` in place of ``plan``, whole or not at all; returns the backup kept of
    the plan as it was (None when there was no plan).

    Refused (StoreError) when the backup is not a sound plan or the plan is open in a
    Partnership Planner. The chosen backup is copied beside the plan first (synced), then
    the present state is backed up, then the copy is renamed over the plan: a crash at any
    point leaves either the old plan or the restored one, and the old one in a backup.
    """
    problem = check_existing_file(backup)
    if problem:
        raise StoreError(f"That backup cannot be restored: {problem}")
    existed = plan.exists()
    lock = lock_plan(plan, create=not existed)
    staging = plan.with_name(plan.name + ".restoring")
    done = False
    try:
        # Copied aside first: the safety backup below thins the folder, which could
        # otherwise remove the very backup being restored.
        eng.sqlite_backup(backup, staging)
        kept = _keep_present_state(plan, folder) if existed else None
        # The old plan's write-ahead log belongs to the old file: left beside the restored
        # one, SQLite would replay it onto the wrong pages. Its contents are in ``kept``.
        for suffix in ("-wal", "-shm"):
            Path(str(plan) + suffix).unlink(missing_ok=True)
        staging.replace(plan)
        done = True
        with contextlib.suppress(OSError):  # restored already; the flush is a bonus
            atomic.sync_folder(plan.parent)
    except OSError as exc:
        raise StoreError(f"Could not restore into “{plan}”: {exc.strerror or exc}.") from None
    finally:
        staging.unlink(missing_ok=True)
        if not existed and not done:
            plan.unlink(missing_ok=True)  # the empty file the lock made
        lock.release()
    return kept
