"""A full disk: one readable line, nothing half-written, nothing acknowledged lost.

The disk is a small tmpfs of the test's own (root only; CI runs as root). New plans leave
no file at all; exports leave the previous file as it was; saves that were acknowledged
are all there when the plan is opened again.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.cli import main
from tests.faults.conftest import leave_free

SmallDisk = Callable[[str], Path]
INTERNALS = ("PRAGMA", "sqlalche", "[SQL", "Traceback", "OperationalError")


def _one_clean_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("planner: "), err
    assert not any(word in err for word in INTERNALS), err
    return err


@pytest.fixture(scope="module")
def sample_json(sample_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from planner.services.portfolio_json import export_portfolio
    from planner.store.database import Store

    path = tmp_path_factory.mktemp("json") / "sample.json"
    with Store.open(sample_file, read_only=True) as store:
        path.write_text(export_portfolio(store), encoding="utf-8")
    return path


@pytest.mark.parametrize("free", [40_000, 150_000])  # full while migrating / while filling
@pytest.mark.parametrize("command", ["import", "demo", "copy"])
def test_a_new_plan_on_a_full_disk_is_one_line_and_leaves_nothing(
        command: str, free: int, small_disk: SmallDisk, sample_json: Path, sample_file: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    disk = small_disk("1m")
    leave_free(disk, free)
    target = disk / "new.sqlite"
    args = {"import": ["import", "--db", str(target), str(sample_json)],
            "demo": ["demo", "--db", str(target)],
            "copy": ["copy", "--db", str(sample_file), "--to", str(target)]}[command]
    assert main(args) == 1
    err = _one_clean_line(capsys.readouterr().err)
    assert str(target) in err and "full" in err, err
    assert sorted(p.name for p in disk.iterdir()) == ["filler"]  # no plan, no temporary
    (disk / "filler").unlink()
    assert main(args) == 0  # the same command, once there is room


EXPORTS = [("timeline", "t.pdf"), ("timeline", "t.png"), ("timeline", "t.svg"),
           ("timeline", "t.ics"), ("register", "r.csv"), ("register", "r.xlsx"),
           ("portfolio", "p.json"), ("boardpack", "b.pdf"), ("agreement", "a.pdf")]


@pytest.mark.parametrize(("what", "name"), EXPORTS, ids=[n for _, n in EXPORTS])
def test_an_export_on_a_full_disk_keeps_the_previous_file_and_names_it(
        what: str, name: str, small_disk: SmallDisk, sample_file: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    disk = small_disk("512k")
    plan = tmp_path / "plan.sqlite"  # the plan elsewhere: only the export's disk is full
    shutil.copyfile(sample_file, plan)
    out = disk / name
    out.write_bytes(b"last week's export")
    leave_free(disk, 0)
    extra = ["--id", "1"] if what == "agreement" else []
    assert main(["export", what, *extra, "--db", str(plan), "--out", str(out)]) == 1
    err = _one_clean_line(capsys.readouterr().err)
    assert err == (f"planner: Could not write “{out}”: the disk is full; the previous file "
                   "is unchanged.\n")
    assert out.read_bytes() == b"last week's export"
    assert sorted(p.name for p in disk.iterdir()) == sorted(["filler", name])


def test_saving_until_the_disk_is_full_loses_nothing_acknowledged(small_disk: SmallDisk) -> None:
    from planner.store.database import Store, StoreError
    from planner.store.tables import Organisation

    disk = small_disk("2m")
    plan = disk / "plan.sqlite"
    Store.open(plan, create=True).close()
    leave_free(disk, 300_000)
    saved: list[int] = []
    store = Store.open(plan)
    try:
        with pytest.raises(StoreError) as refused:
            for n in range(10_000):
                with store.work() as work:
                    row = work.add(Organisation(name=f"partner {n} " + "x" * 2_000))
                assert row.id is not None
                saved.append(row.id)  # acknowledged: the save returned
    finally:
        store.close()
    assert saved, "the disk filled before the first save"
    message = str(refused.value)
    assert f"“{plan}”" in message and "full" in message and "\n" not in message
    assert not any(word in message for word in INTERNALS), message
    (disk / "filler").unlink()
    with Store.open(plan) as again:
        assert again.check() == []
        with again.work() as work:
            present = {o.id for o in work.list(Organisation)}
    assert set(saved) <= present


def test_commands_print_no_library_warnings(sample_file: Path, tmp_path: Path) -> None:
    """pyHanko's import once printed a CryptographyDeprecationWarning on every verify."""
    import subprocess
    import sys

    plan = tmp_path / "plan.sqlite"
    shutil.copyfile(sample_file, plan)
    pdf = tmp_path / "a.pdf"
    for args in (["export", "agreement", "--id", "1", "--db", str(plan), "--out", str(pdf)],
                 ["verify", str(pdf)]):
        done = subprocess.run([sys.executable, "-m", "planner.cli", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.stderr == "", (args, done.stderr)
