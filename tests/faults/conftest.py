"""Fault fixtures: a small disk of its own, and a harness that kills a real ``planner`` run.

The kill harness runs the command in a subprocess (kill_launcher.py) and SIGKILLs it at a
named function or after a delay; the test then checks the invariant on the files the run
left: the target is absent or complete, nothing named like it is left over, and running the
command again works. Each chain of kills is reported at the end of the session (kills
survived / tried per command, and the time they took).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LAUNCHER = Path(__file__).with_name("kill_launcher.py")
ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------------ a small disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """``small_disk("1m")``: a fresh tmpfs of that size, unmounted after the test.

    Needs root to mount (CI runs as root); skipped otherwise, since nothing else fills a
    real disk as a user would meet it.
    """
    mounted: list[Path] = []

    def make(size: str = "1m") -> Path:
        if os.geteuid() != 0:
            pytest.skip("a full disk is a small tmpfs, and mounting one needs root (CI is root)")
        mount = tmp_path / f"disk{len(mounted)}"
        mount.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                               str(mount)], capture_output=True, text=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(mount)
        return mount

    yield make
    for mount in mounted:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def leave_free(folder: Path, free: int) -> Path:
    """Fill the file system of ``folder`` until about ``free`` bytes are left."""
    stats = os.statvfs(folder)
    filler = folder / "filler"
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, stats.f_bavail * stats.f_frsize - free))
    return filler


# ------------------------------------------------------------------------ running planner


@dataclass
class Run:
    """How one run of the command ended."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def killed(self) -> bool:
        return self.code == -signal.SIGKILL


def planner(args: Sequence[str], cwd: Path, *, kill_at: str | None = None, nth: int = 1,
            kill_after: float | None = None, timeout: float = 120) -> Run:
    """Run ``planner ARGS`` in ``cwd``; kill it on the ``nth`` entry of ``kill_at``
    (``module:qualname``) or after ``kill_after`` seconds."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.pop("PLANNER_KILL_AT", None)
    if kill_at:
        env["PLANNER_KILL_AT"], env["PLANNER_KILL_NTH"] = kill_at, str(nth)
    start = time.monotonic()
    child = subprocess.Popen([sys.executable, str(LAUNCHER), *args], cwd=cwd, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             encoding="utf-8")
    try:
        out, err = child.communicate(timeout=kill_after if kill_after is not None else timeout)
    except subprocess.TimeoutExpired:
        if kill_after is None:
            child.kill()
            child.communicate()
            raise
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=timeout)
    return Run(tuple(args), child.returncode, out, err, time.monotonic() - start)


def random_delays(seed: int, count: int, low: float, high: float) -> list[float]:
    """The same "random" kill times on every run of the suite (reproducible failures).

    ``PLANNER_KILLS_SCALE=K`` draws K times as many (bench/reliability's longer campaign)."""
    count *= int(os.environ.get("PLANNER_KILLS_SCALE", "1"))
    draw = random.Random(seed)
    return [round(draw.uniform(low, high), 3) for _ in range(count)]


@dataclass(frozen=True)
class Kill:
    """Where to cut a run: at a function's ``nth`` entry, or after ``delay`` seconds."""

    at: str | None = None
    nth: int = 1
    delay: float | None = None

    def __str__(self) -> str:
        return f"{self.at}#{self.nth}" if self.at else f"after {self.delay:.2f} s"


# ------------------------------------------------------------------------ invariants


def plan_counts(path: Path) -> dict[str, int]:
    """Rows per table, read without leaving anything beside the file."""
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def named_like(target: Path) -> list[str]:
    """Files beside ``target`` that belong to it: its SQLite companions or a lock."""
    return sorted(p.name for p in target.parent.iterdir()
                  if p.name.startswith(target.name) and p.name != target.name)


def leftovers(target: Path) -> list[str]:
    """Temporaries of ``target`` left by killed runs (planner/atomic.py names them
    .NAME.partial-…)."""
    prefix = f".{target.name}.partial-"
    return sorted(p.name for p in target.parent.iterdir() if p.name.startswith(prefix))


def plan_is_sound(path: Path, expected: dict[str, int]) -> None:
    """What ``planner check`` says (sound, fingerprints intact), and every row there."""
    from planner.services.agreements import tampered_texts
    from planner.store.database import Store

    with Store.open(path, read_only=True) as store:
        assert store.check() == [], path
        assert tampered_texts(store) == [], path
    counts = plan_counts(path)
    assert {t: n for t, n in counts.items() if t != "audit_event"} == \
        {t: n for t, n in expected.items() if t != "audit_event"}, path


# ------------------------------------------------------------------------ the tally


@dataclass
class Tally:
    """Kills tried and survived per command, for the session's summary."""

    rows: dict[str, list[float]] = field(default_factory=dict)

    def add(self, command: str, tried: int, survived: int, seconds: float) -> None:
        row = self.rows.setdefault(command, [0, 0, 0.0])
        row[0] += tried
        row[1] += survived
        row[2] += seconds


TALLY = Tally()


@pytest.fixture
def tally() -> Tally:
    return TALLY


def run_chains(chains: Sequence[Callable[[], None]]) -> None:
    """Independent chains of kills side by side (one per core), each on its own files."""
    with ThreadPoolExecutor(max_workers=max(1, min(len(chains), os.cpu_count() or 1))) as pool:
        for future in [pool.submit(chain) for chain in chains]:
            future.result()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY.rows:
        return
    terminalreporter.section("kill -9 harness: kills survived / tried")
    for command, (tried, survived, seconds) in sorted(TALLY.rows.items()):
        terminalreporter.write_line(
            f"{command:<28} {int(survived):>3} / {int(tried):<3} in {seconds:6.1f} s")
