"""Commands on a plan as a whole (command line): the sample, the check, backups and
restoring one, copying between SQLite and PostgreSQL, a team database's access and the changes
a window kept in a file when its team database stopped answering.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import CommandError, db_target, named, open_plan


def cmd_demo(args: argparse.Namespace) -> int:
    from planner.services.sample import write_sample

    path = Path(args.db)
    if path.exists():
        raise CommandError(f"{args.db} already exists; demo writes a new file only")
    write_sample(db_target(args.db))  # whole or not at all: a killed run leaves no file
    print(f"Sample portfolio written to {args.db}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Reads only: a read-only plan or folder is checked as it is, and an older schema is
    reported, not upgraded (exit 0: the plan is sound; the window upgrades it)."""
    from planner.services.agreements import tampered_texts
    from planner.store.migrations import HEAD

    with open_plan(args.db, read_only=True) as store:
        problems = store.check()
        revision = store.revision()
        if not problems:
            problems = tampered_texts(store)
    if problems:
        for problem in problems:
            print(f"problem: {' '.join(problem.split())}", file=sys.stderr)
        return 1
    plan = named(args.db, capital=True)
    if revision != HEAD:
        print(f"{plan}: sound; this plan uses schema {revision}: it will be upgraded to "
              f"{HEAD} (with a backup first) when it is opened in the program")
        return 0
    print(f"{plan}: sound")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CommandError(f"{args.out}: the folder {out.parent} does not exist")
    if out.exists():
        raise CommandError(f"{args.out} already exists; choose a new name")
    # Read-only: the plan is copied as it is (a read-only plan too; an older schema is
    # not upgraded first).
    with open_plan(args.db, read_only=True) as store:
        store.backup_to(out)
    print(f"Backup written to {args.out}")
    return 0


def _backups_folder(db: str) -> Path:
    """Where the window keeps the automatic backups of the plan file ``db``."""
    from planner.paths import backups_root
    from planner.store.backups import folder_for

    if "://" in db:
        raise CommandError("automatic backups are kept for plan files only, not for a "
                           "database server (ask its administrator)")
    return folder_for(Path(db), backups_root())


def cmd_backups(args: argparse.Namespace) -> int:
    from planner.store.backups import list_backups

    folder = _backups_folder(args.db)
    found = list_backups(folder)
    if not found:
        print(f"No automatic backups of {args.db} yet (they are kept in {folder}).")
        return 0
    print(f"Automatic backups of {args.db}, newest first (in {folder}):")
    for backup in found:
        print(f"{backup.taken_at:%Y-%m-%d %H:%M:%S}  {backup.size / 1024:>9,.0f} KB  "
              f"{backup.path.name}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from planner.store.backups import restore_backup

    folder = _backups_folder(args.db)
    chosen = Path(args.source)
    if not chosen.exists() and (folder / args.source).exists():
        chosen = folder / args.source  # a name as "planner backups" lists it
    if not chosen.is_file():
        raise CommandError(f"{args.source}: no such backup (planner backups --db {args.db} "
                           "lists them)")
    kept = restore_backup(chosen, Path(args.db), folder)
    print(f"Restored {chosen.name} into {args.db}"
          + (f"; the plan as it was is kept as {kept.path.name}" if kept else ""))
    return 0


COPY_PROGRESS_SECONDS = 2.0  # a long copy says how far it has gone this often (stderr)


def cmd_copy(args: argparse.Namespace) -> int:
    import time

    from planner.services.copying import CopyProgress, copy_database, shown

    said = [time.monotonic()]

    def say(progress: CopyProgress) -> None:
        now = time.monotonic()
        if now - said[0] >= COPY_PROGRESS_SECONDS:
            said[0] = now
            print(f"Copying: {progress.text()}", file=sys.stderr, flush=True)

    counts = copy_database(db_target(args.db), db_target(args.to), progress=say)
    # Never the URL typed: it may hold a password (and names the user).
    print(f"Copied {sum(counts.values())} rows in {len(counts)} tables to {shown(args.to)}")
    return 0


def cmd_team(args: argparse.Namespace) -> int:
    from planner.services.copying import shown
    from planner.services.team import setup_team

    with open_plan(args.db) as store:
        done = setup_team(store, args.member or [], args.reader or [])
    already = (f"; already a member: {', '.join(done.already)}" if done.already else "")
    # Named without the user (or password) the URL holds, as every copy message is.
    print(f"Team access set on {shown(store.url)}; members added: "
          f"{', '.join(done.members) or 'none'}{already}; confidential readers: "
          f"{', '.join(done.readers) or 'the owner only'}")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from planner.services import change_file

    plan, steps = change_file.load(Path(args.file))
    if args.action == "show":
        print(f"{len(steps)} waiting change{'s' if len(steps) != 1 else ''} of {plan}:")
        for step in steps:
            print(f"  {step.text}" + ("" if step.writes else " (redo by hand)"))
        return 0
    with open_plan(args.db) as store:
        outcomes = change_file.apply(store, steps, Path(args.file).name)
    print(change_file.report(outcomes))
    return 0 if all(o.ok for o in outcomes) else 1
