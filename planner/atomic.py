"""Files written whole or not at all: every output and every new plan goes through here (any layer).

A file is written under a temporary name in the target's own folder (so the final rename
stays on one file system and is atomic), flushed to the disk, renamed over the target, and
the folder is synced so that the rename itself survives a power cut. A failure at any point
(a full disk, a read-only folder, a kill) leaves the previous file as it was and no
temporary file that could be mistaken for it.

Temporaries are named ``.NAME.partial-XXXXXXXX`` after their target. While one is being
written its writer holds an ``flock`` on it (for a new plan, the plan's own lock does), so a
later run can tell a leftover of a killed run (nobody holds it) from a file another program
is writing, and removes only the leftovers (:func:`clear_leftovers`).

No Qt, no database and no ReportLab here, so every layer may use it (like planner/paths.py).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: leftovers are left alone there
    fcntl = None  # type: ignore[assignment]
if not sys.platform.startswith("linux"):  # pragma: no cover
    # On the BSDs and macOS flock meets SQLite's own fcntl locks on the same file (a
    # temporary being built as a plan), so there leftovers are simply left alone.
    fcntl = None  # type: ignore[assignment]

PARTIAL = ".partial-"


class WriteFailed(OSError):
    """A file could not be written; the message names it and says what was kept."""


def why(exc: BaseException) -> str:
    """A file-system failure in words a user can act on."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "the disk is full"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "the folder is read-only or not yours"
        if exc.errno == errno.ENOENT:
            return "its folder does not exist"
        if exc.errno == errno.EISDIR:
            return "it is a folder"
        return (exc.strerror or str(exc)).lower()
    return str(exc)


def failure(target: Path, exc: BaseException, *, existed: bool) -> WriteFailed:
    """The one-line refusal for ``target``, saying whether an earlier file was kept."""
    kept = "the previous file is unchanged" if existed else "nothing was written"
    return WriteFailed(f"Could not write “{target}”: {why(exc)}; {kept}.")


def temporary_beside(target: Path) -> Path:
    """A name for a new temporary file in the target's folder (not created here)."""
    return target.with_name(f".{target.name}{PARTIAL}{secrets.token_hex(4)}")


def _companions(path: Path) -> list[Path]:
    """The file and what SQLite may keep beside it while it is open."""
    return [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]


def remove(path: Path) -> None:
    """Remove a temporary (and any SQLite companions of it); missing files are fine."""
    for each in _companions(path):
        with contextlib.suppress(OSError):
            each.unlink()


def _hold(fd: int) -> bool:
    """Mark a temporary as being written (True), or False if another writer has it."""
    if fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def clear_leftovers(target: Path) -> int:
    """Remove temporaries of ``target`` left by a killed run; returns how many.

    One that another process is writing now (it holds the lock) is left alone. Without
    ``flock`` (Windows) nothing is removed: the names are random, so leftovers never block.
    """
    if fcntl is None:  # pragma: no cover - Windows
        return 0
    removed = 0
    prefix = f".{target.name}{PARTIAL}"
    with contextlib.suppress(OSError):
        for candidate in target.parent.iterdir():
            name = candidate.name
            if not name.startswith(prefix) or name.endswith(("-wal", "-shm", "-journal")):
                continue
            try:
                fd = os.open(candidate, os.O_RDONLY)
            except OSError:
                continue
            try:
                if _hold(fd):
                    remove(candidate)
                    removed += 1
            finally:
                os.close(fd)
    return removed


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be synced)."""
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder for syncing
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF):  # some file systems cannot
            raise
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str], *, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write the whole of ``target`` to; on a clean exit it
    replaces ``target`` (synced), on any failure it is removed and ``target`` is untouched.

    For writers that want a path (ReportLab, openpyxl): write to the path yielded, then
    leave the block. The file gets the mode the user's umask gives a new file (0644
    usually), or 0600 with ``private`` (a private key). An OSError becomes WriteFailed,
    one line naming ``target``.
    """
    target = Path(target)
    if target.is_symlink():  # write where the link points, and keep the link
        target = target.resolve()
    existed = target.exists()
    clear_leftovers(target)
    temp = temporary_beside(target)
    try:
        # O_EXCL: never write into someone else's file; 0o666 minus the umask is what
        # any new file of the user's gets (mkstemp's 0600 is for secrets only).
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666)
    except OSError as exc:
        raise failure(target, exc, existed=existed) from None
    try:
        _hold(fd)
        yield temp
        os.fsync(fd)  # the data the writer put through its own handle, on the disk
        os.replace(temp, target)
        sync_folder(target.parent)
    except OSError as exc:
        remove(temp)
        raise failure(target, exc, existed=existed) from None
    except BaseException:
        remove(temp)
        raise
    finally:
        os.close(fd)


def write_bytes(target: str | os.PathLike[str], data: bytes, *, private: bool = False) -> None:
    """Replace ``target`` with ``data``, whole or not at all (see :func:`replacing`)."""
    with replacing(target, private=private) as temp, temp.open("wb") as handle:
        handle.write(data)


def write_text(target: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``target`` with ``text``, whole or not at all (see :func:`replacing`)."""
    write_bytes(target, text.encode(encoding))


def publish_new(temp: Path, target: Path) -> None:
    """Put the finished, closed file ``temp`` in place as the NEW file ``target``.

    Synced first, then linked in without ever replacing a file that appeared at
    ``target`` meanwhile (FileExistsError says so), then the temporary name is dropped
    and the folder synced. On failure ``temp`` is left for the caller to remove.
    """
    fd = os.open(temp, os.O_RDONLY)
    try:
        _hold(fd)  # a concurrent run must not take it for a leftover now
        os.fsync(fd)
        try:
            os.link(temp, target)  # fails if target exists: no other plan is overwritten
        except FileExistsError:
            raise
        except OSError:  # any other refusal (FileExistsError is one too: kept apart above)
            # No hard links on this file system (FAT, some network shares): rename,
            # after checking nothing is there (the run checked at its start too).
            if target.exists():
                raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
            os.replace(temp, target)
        else:
            os.unlink(temp)
        sync_folder(target.parent)
    finally:
        os.close(fd)
