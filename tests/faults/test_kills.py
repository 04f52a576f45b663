"""kill -9 at chosen points and at random times: whole or nothing, and the rerun works.

``planner import``, ``demo`` and ``copy`` to a new file must leave either no plan or a
complete one (``check`` passes, every row there) and nothing named like it; running the
same command again then works. Every export must leave the previous file as it was or a
complete new one, and the next export clears what the killed one left. Each chain of runs
works on one target: every run after a kill is the rerun of the one killed before it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import (
    Kill,
    Tally,
    leftovers,
    named_like,
    plan_counts,
    plan_is_sound,
    planner,
    random_delays,
    run_chains,
)

OPEN = "planner.store.database:Store.open"
CLOSE = "planner.store.database:Store.close"
MIGRATE = "planner.store.migrations.runner:upgrade"
INSERT = "planner.store.rows:insert_rows"
PUBLISH = "planner.atomic:publish_new"
SYNCED = "planner.atomic:sync_folder"
REPLACE = "planner.atomic:replacing"


@pytest.fixture(scope="module")
def sample_json(sample_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from planner.services.portfolio_json import export_portfolio
    from planner.store.database import Store

    path = tmp_path_factory.mktemp("json") / "sample.json"
    with Store.open(sample_file, read_only=True) as store:
        path.write_text(export_portfolio(store), encoding="utf-8")
    return path


def _plan_chain(command: str, args: list[str], cwd: Path, target: Path, kills: list[Kill],
                expected: dict[str, int], tally: Tally) -> Callable[[], None]:
    """Kill ``planner ARGS`` at each point in turn, checking after each; then run it whole."""

    def chain() -> None:
        start, tried, survived, failures = time.monotonic(), 0, 0, []
        for kill in kills:
            run = planner(args, cwd, kill_at=kill.at, nth=kill.nth, kill_after=kill.delay)
            if kill.at is not None and not run.killed:
                failures.append(f"{kill}: never reached ({run.code}: {run.stderr.strip()})")
                continue
            tried += run.killed
            try:
                # No -wal, -shm, -journal or .lock of the target, whatever the moment.
                assert named_like(target) == [], named_like(target)
                if target.exists():  # killed after it was put in place: it must be whole
                    plan_is_sound(target, expected)
                    again = planner(args, cwd)  # refused in one line, the plan untouched
                    assert again.code in (1, 2) and again.stderr.count("\n") == 1, again
                    assert "already" in again.stderr, again.stderr
                    plan_is_sound(target, expected)
                    target.unlink()  # so that the next kill has something to cut
            except AssertionError as exc:
                failures.append(f"{kill}: {exc}")
                continue
            survived += run.killed
        final = planner(args, cwd)  # the rerun after the last kill
        tally.add(command, tried, survived, time.monotonic() - start)
        assert final.code == 0, (final.code, final.stderr)
        plan_is_sound(target, expected)
        assert named_like(target) == [] and leftovers(target) == []
        assert failures == []

    return chain


def _points(*named: Kill, seed: int, low: float, high: float) -> list[Kill]:
    return [*named, *(Kill(delay=d) for d in random_delays(seed, 2, low, high))]


def test_import_killed_anywhere_leaves_no_plan_or_a_whole_one(
        sample_json: Path, sample_file: Path, tmp_path: Path, tally: Tally) -> None:
    kills = _points(Kill(MIGRATE), Kill(INSERT, 1), Kill(INSERT, 12), Kill(CLOSE), Kill(PUBLISH),
                    Kill(SYNCED), seed=13, low=0.3, high=2.5)
    chains = []
    for n, half in enumerate((kills[::2], kills[1::2])):  # two targets, side by side
        target = tmp_path / f"imported{n}.sqlite"
        chains.append(_plan_chain("import", ["import", "--db", str(target), str(sample_json)],
                                  tmp_path, target, half, plan_counts(sample_file), tally))
    run_chains(chains)


def test_demo_killed_anywhere_leaves_no_plan_or_a_whole_one(
        sample_file: Path, tmp_path: Path, tally: Tally) -> None:
    # The sample is written in one unit of work, then its memorandum is agreed and signed
    # in two more: a kill between them once left an empty or unsigned plan behind.
    kills = _points(Kill("planner.services.sample:_Sample.snapshots"),
                    Kill("planner.services.sample:_sign_memorandum"),
                    Kill("planner.store.database:UnitOfWork.audit", 2), Kill(CLOSE),
                    Kill(PUBLISH), seed=14, low=0.3, high=2.0)
    chains = []
    for n, half in enumerate((kills[::2], kills[1::2])):
        target = tmp_path / f"demo{n}.sqlite"
        chains.append(_plan_chain("demo", ["demo", "--db", str(target)], tmp_path, target,
                                  half, plan_counts(sample_file), tally))
    run_chains(chains)


def test_copy_to_a_new_file_killed_anywhere_leaves_no_plan_or_a_whole_one(
        sample_file: Path, tmp_path: Path, tally: Tally) -> None:
    kills = _points(Kill(OPEN, 2), Kill(INSERT, 8), Kill("planner.services.copying:_count_all", 2),
                    Kill(CLOSE, 2), Kill(PUBLISH), seed=15, low=0.3, high=2.0)
    chains = []
    for n, half in enumerate((kills[::2], kills[1::2])):
        source = tmp_path / f"source{n}.sqlite"  # one each: a copy holds its source's lock
        shutil.copyfile(sample_file, source)
        target = tmp_path / f"copy{n}.sqlite"
        chains.append(_plan_chain("copy", ["copy", "--db", str(source), "--to", str(target)],
                                  tmp_path, target, half, plan_counts(sample_file), tally))
    run_chains(chains)


# ------------------------------------------------------------------------------- exports


def _pdf(data: bytes) -> bool:
    from pypdf import PdfReader

    return (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
            and len(PdfReader(io.BytesIO(data)).pages) >= 1)


def _png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


def _xlsx(data: bytes) -> bool:
    from openpyxl import load_workbook

    return sum(1 for _ in load_workbook(io.BytesIO(data), read_only=True).active.iter_rows()) > 1


def _csv(data: bytes) -> bool:
    return len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) > 1


def _json(data: bytes) -> bool:
    return json.loads(data)["format"] == "partnership-planner-portfolio"


EXPORTS: dict[str, tuple[list[str], Callable[[bytes], bool]]] = {
    "timeline.pdf": (["export", "timeline"], _pdf),
    "timeline.png": (["export", "timeline"], _png),
    "timeline.svg": (["export", "timeline"], lambda d: d.rstrip().endswith(b"</svg>")),
    "timeline.ics": (["export", "timeline"], lambda d: d.rstrip().endswith(b"END:VCALENDAR")),
    "register.csv": (["export", "register"], _csv),
    "register.xlsx": (["export", "register"], _xlsx),
    "portfolio.json": (["export", "portfolio"], _json),
    "boardpack.pdf": (["export", "boardpack"], _pdf),
    "agreement.pdf": (["export", "agreement", "--id", "1"], _pdf),
}
PREVIOUS = b"the export the user made last week"


def _export_chain(name: str, sample_file: Path, folder: Path, kills: list[Kill],
                  tally: Tally, *, rerun: bool) -> Callable[[], None]:
    command, complete = EXPORTS[name]

    def chain() -> None:
        folder.mkdir()
        plan = folder / "plan.sqlite"  # its own: an export holds the plan's lock
        shutil.copyfile(sample_file, plan)
        out = folder / name
        out.write_bytes(PREVIOUS)
        args = [*command, "--db", str(plan), "--out", str(out)]
        start, tried, survived, failures = time.monotonic(), 0, 0, []
        for kill in kills:
            run = planner(args, folder, kill_at=kill.at, nth=kill.nth, kill_after=kill.delay)
            if kill.at is not None and not run.killed:
                failures.append(f"{name} {kill}: never reached ({run.stderr.strip()})")
                continue
            tried += run.killed
            data = out.read_bytes()
            if data == PREVIOUS or complete(data):
                survived += run.killed
            else:
                failures.append(f"{name} {kill}: a half-written file ({len(data)} bytes)")
        if rerun:
            final = planner(args, folder)
            assert final.code == 0, (name, final.stderr)
            assert complete(out.read_bytes()), name
            assert leftovers(out) == [], (name, leftovers(out))  # the rerun cleared them
            umask = os.umask(0)
            os.umask(umask)
            assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask, name  # as any new file
        tally.add(f"export {name}", tried, survived, time.monotonic() - start)
        assert failures == []

    return chain


def test_every_export_killed_anywhere_leaves_the_old_file_or_a_whole_new_one(
        sample_file: Path, tmp_path: Path, tally: Tally) -> None:
    # Every export, killed when its file is written but not yet renamed in place. Three
    # of them also at a random moment, then run again (which clears what was left); the
    # timeline PDF also before anything is written and just after the rename.
    delays = iter(random_delays(16, 3, 0.5, 2.5))
    chains = []
    for name in EXPORTS:
        kills = [Kill(REPLACE, 2)]
        deeper = name in ("timeline.pdf", "register.xlsx", "agreement.pdf")
        if deeper:
            kills.append(Kill(delay=next(delays)))
        if name == "timeline.pdf":
            kills += [Kill(REPLACE, 1), Kill(SYNCED)]
        chains.append(_export_chain(name, sample_file, tmp_path / name.replace(".", "-"),
                                    kills, tally, rerun=deeper))
    run_chains(chains)
