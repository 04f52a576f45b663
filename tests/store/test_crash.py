"""Killing a writer at random moments loses nothing it reported as committed."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.store.database import Store
from planner.store.tables import Organisation

CHILD = Path(__file__).with_name("crash_child.py")


@pytest.mark.slow
def test_sigkill_at_random_moments_keeps_every_committed_write(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    rng = random.Random(20261125)
    committed: list[int] = []
    for _ in range(20):
        child = subprocess.Popen([sys.executable, str(CHILD), str(path)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        first = child.stdout.readline()  # wait until it is writing
        assert first.strip().isdigit()
        committed.append(int(first))
        time.sleep(rng.uniform(0.0, 0.3))
        child.kill()
        rest, _ = child.communicate(timeout=30)
        committed += [int(line) for line in rest.split() if line.isdigit()]
    assert len(committed) >= 20

    result = subprocess.run([sys.executable, "-m", "planner.cli", "check", "--db", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with Store.open(path) as store, store.work() as work:
        ids = {o.id for o in work.list(Organisation)}
    missing = [i for i in committed if i not in ids]
    assert missing == []
