"""One writer per plan file, whatever name it is reached by (store layer).

The lock is taken on the database file itself, so a hard link, a symbolic link or another
path to the same plan meets the same lock. On Linux it is an ``flock`` on a descriptor of
the plan file that we keep open while the plan is open:

- ``flock`` locks belong to the open file description, not the process, so they do not
  mix with the ``fcntl`` byte-range locks SQLite takes on the same file (Linux keeps the two
  apart), and a second ``Store`` in the same process is refused like another program;
- the operating system drops it when the process dies (kill -9 included): no stale lock;
- it never touches the file's bytes.

Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
included; so the descriptor is closed only after SQLite's connections are gone, and nothing
else here opens and closes the plan while SQLite has it.

Who holds the lock (pid, host, command) is written for the refusal message to a small file
in a per-user runtime folder, named by the plan's device and inode; it is information only,
never consulted to decide anything. On macOS and Windows a lock file beside that note is
locked instead (:func:`_lock_by_identity` says why): the same plan under any name is still
refused, for one user on one machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class LockedError(Exception):
    """The plan is open in another Partnership Planner; the message says who holds it."""


def _runtime_dir() -> Path:
    """A folder of this user's only, for the holder notes."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and Path(base).is_dir():
        return Path(base) / "partnership-planner"
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"partnership-planner-{user}"


def _identity(fd: int) -> str:
    st = os.fstat(fd)
    return f"{st.st_dev}-{st.st_ino}"


class FileLock:
    """The lock on one plan file: exclusive for a writer, shared for a reader (``check``)."""

    def __init__(self, path: Path, *, shared: bool = False, create: bool = False) -> None:
        self.path = path
        self.shared = shared
        self.create = create
        self._fd: int | None = None
        self._note: Path | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise LockedError naming the holder (OSError if unreadable)."""
        flags = os.O_RDONLY | (os.O_CREAT if self.create else 0)
        fd = os.open(self.path, flags, 0o666)
        try:
            note = _runtime_dir() / f"{_identity(fd)}.json"
            if sys.platform.startswith("linux"):
                _lock(fd, note, shared=self.shared)
            else:  # pragma: no cover - macOS, Windows
                fd = _lock_by_identity(fd, note, shared=self.shared)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._note = note
        if not self.shared:
            _write_note(note)

    def release(self) -> None:
        """Let the plan go. Call only after SQLite's connections to it are closed."""
        if self._fd is None:
            return
        if self._note is not None and not self.shared:
            with contextlib.suppress(OSError):
                self._note.unlink()
        os.close(self._fd)
        self._fd = None


def _holder(note: Path) -> str:
    try:
        info = json.loads(note.read_text(encoding="utf-8"))
        pid, host = int(info["pid"]), str(info["host"])
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"
    if host == socket.gethostname() and not _alive(pid):
        return "another process"  # a note left by a crash; the holder is someone else
    return f"process {pid} on {host}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _write_note(note: Path) -> None:
    """Who we are, for another program's refusal message; failing to write it is harmless."""
    with contextlib.suppress(OSError):
        note.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = note.with_name(f"{note.name}.{os.getpid()}")
        tmp.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                   "command": " ".join(sys.argv[:2])}), encoding="utf-8")
        tmp.replace(note)


def _lock(fd: int, note: Path, *, shared: bool) -> None:
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        raise LockedError(_holder(note)) from None


def _lock_by_identity(fd: int, note: Path, *, shared: bool) -> int:  # pragma: no cover
    """Elsewhere the plan itself is not locked: on BSD and macOS ``flock`` and ``fcntl`` locks
    meet (ours would block SQLite's), and Windows byte locks are mandatory (SQLite locks
    bytes of the plan). Lock a file named by the plan's device and inode instead, in this
    user's runtime folder: the same plan under any name, for one user on one machine; the
    lock dies with the process too. Returns the descriptor to keep; the plan's is closed
    (SQLite has not opened the plan yet)."""
    note.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle = os.open(note.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            _lock(handle, note, shared=shared)
        elif sys.platform == "win32":
            import msvcrt

            try:
                msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
            except OSError:
                raise LockedError(_holder(note)) from None
    except BaseException:
        os.close(handle)
        raise
    os.close(fd)
    return handle
