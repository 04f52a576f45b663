"""A new plan file, made whole or not at all (store layer).

``planner import``, ``planner demo``, ``planner copy`` to a new file and the window's
File › New and sample plan all fill a new plan with :func:`new_plan`. The plan is built in a
temporary file beside the target (``.NAME.partial-XXXXXXXX``, planner/atomic.py), and only
once everything is committed and the database closed is it synced and linked in under its
name. A run killed or refused half-way therefore leaves no plan at all, not an empty or
half-filled one that would pass ``check`` and block the same command run again; and its
leftover temporary is removed by the next run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from planner import atomic
from planner.store.database import Store, StoreError
from planner.store.engine import database_url, sqlite_path


def _in_place_of(exc: StoreError, temp: Path, target: Path) -> StoreError:
    """The same refusal naming the file the user asked for, not our temporary."""
    text = str(exc)
    if str(temp) not in text:
        return exc
    return type(exc)(text.replace(str(temp), str(target)))


@contextlib.contextmanager
def new_plan(target: str | Path) -> Iterator[Store]:
    """An open, empty plan to fill; it becomes ``target`` when the block ends cleanly.

    ``target`` is a new SQLite file (StoreError if something is there already), or a
    database URL: a server has no file to rename, so the plan is written in place (each
    caller works in one transaction there).
    """
    url = database_url(target)
    path = sqlite_path(url)
    if path is None:
        with Store.open(url, create=True) as store:
            yield store
        return
    if path.exists() or path.is_symlink():
        raise StoreError(f"“{path}” already exists; choose a new name.")
    if path.parent.is_dir():
        atomic.clear_leftovers(path)
    temp = atomic.temporary_beside(path)
    try:
        store = Store.open(temp, create=True)
    except StoreError as exc:
        atomic.remove(temp)
        raise _in_place_of(exc, temp, path) from None
    try:
        yield store
    except StoreError as exc:
        store.close()
        atomic.remove(temp)
        raise _in_place_of(exc, temp, path) from None
    except BaseException:
        store.close()
        atomic.remove(temp)
        raise
    store.close()  # the last connection: SQLite folds its -wal file into the plan
    try:
        if Path(f"{temp}-wal").exists():  # never publish a plan without its committed work
            raise StoreError(f"Could not finish “{path}”: the database did not close cleanly.")
        atomic.publish_new(temp, path)
    except FileExistsError:
        atomic.remove(temp)
        raise StoreError(f"“{path}” was created by another program meanwhile; "
                         "nothing was written.") from None
    except OSError as exc:
        atomic.remove(temp)
        raise StoreError(f"Could not write “{path}”: {atomic.why(exc)}; "
                         "nothing was written.") from None
    except BaseException:
        atomic.remove(temp)
        raise
