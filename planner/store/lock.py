"""A lock file beside the database (store layer): one planner per database file.

On POSIX the lock is an ``flock`` held for as long as the file is open, so a crash releases
it by itself; the pid written inside only serves the message. Elsewhere a stale lock is
recognised by its pid no longer running.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class LockedError(Exception):
    """The database is open in another planner."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def _holder(self) -> str:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
            return f"process {info.get('pid')} on {info.get('host')}"
        except (OSError, ValueError):
            return "another process"

    def holder_if_held(self) -> str | None:
        """Who holds the lock now, or None; creates nothing."""
        try:
            handle = open(self.path, encoding="utf-8")  # noqa: SIM115
        except OSError:
            return None
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                except OSError:
                    return self._holder()
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
                return None
            info = json.loads(handle.read() or "{}")  # pragma: no cover - Windows
            pid = int(info.get("pid", 0))
            return self._holder() if pid and _pid_alive(pid) else None
        except (OSError, ValueError):
            return None
        finally:
            handle.close()

    def acquire(self) -> None:
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                raise LockedError(self._holder()) from None
        else:  # pragma: no cover - Windows
            with contextlib.suppress(OSError, ValueError):
                info = json.loads(self.path.read_text(encoding="utf-8"))
                if info.get("pid") != os.getpid() and _pid_alive(int(info["pid"])):
                    handle.close()
                    raise LockedError(self._holder())
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._handle.close()
        self._handle = None
