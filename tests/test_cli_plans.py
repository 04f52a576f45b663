"""The command line opens plans where the window does (services/plans.py), not through the
store: the same door, so the same checks and the same words.

Before, ``planner/cli`` called ``Store.open`` itself in four places (every command's plan,
``check``, ``backup`` and ``team``), and ``planner team`` then printed the team database
as its URL, user name included ("Team access set on postgresql+psycopg://alice@…"), where
every copy message now says "the team database “plan” on host:port".
"""

from __future__ import annotations

import ast
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import planner
from tests.journeys.conftest import run_planner

CLI = Path(planner.__file__).parent / "cli"


def test_no_command_opens_a_plan_through_the_store() -> None:
    found = []
    for path in sorted(CLI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "planner.store.database" \
                    and any(alias.name == "Store" for alias in node.names):
                found.append(f"{path.name}:{node.lineno}: imports Store")
            if isinstance(node, ast.Attribute) and node.attr == "open" and \
                    isinstance(node.value, ast.Name) and node.value.id == "Store":
                found.append(f"{path.name}:{node.lineno}: Store.open")
    assert found == [], "open plans with planner.services.plans.open_plan:\n" + "\n".join(found)


def test_check_and_backup_of_a_read_only_plan_made_earlier_change_nothing(
        tmp_path: Path) -> None:
    plan = tmp_path / "sample.sqlite"
    assert run_planner("demo", "--db", str(plan)).returncode == 0  # another process
    before = plan.read_bytes()
    checked = run_planner("check", "--db", str(plan))
    assert checked.returncode == 0 and checked.stdout == f"{plan}: sound\n", checked.stderr
    out = tmp_path / "copy.sqlite"
    backed = run_planner("backup", "--db", str(plan), "--out", str(out))
    assert backed.returncode == 0 and backed.stdout == f"Backup written to {out}\n"
    assert plan.read_bytes() == before  # reads only: not a byte of the plan written
    report = run_planner("report", "--db", str(out))
    assert report.returncode == 0 and "Engineering pathways with Harrowgate" in report.stdout
    missing = run_planner("report", "--db", str(tmp_path / "nowhere.sqlite"))
    assert missing.returncode == 1 and len(missing.stderr.splitlines()) == 1
    assert missing.stderr.startswith("planner: ") and "Traceback" not in missing.stderr
    assert not (tmp_path / "nowhere.sqlite").exists()


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a plan made earlier (in another process), then made read-only."""
    folder = tmp_path / "ro"
    folder.mkdir()
    assert run_planner("demo", "--db", str(folder / "plan.sqlite")).returncode == 0
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_backup_leaves_the_plans_folder_as_it_found_it(tmp_path: Path) -> None:
    """``planner backup`` once left an empty plan.sqlite-wal and a plan.sqlite-shm beside
    the plan it only read (its own bytes were unchanged): reading leaves the folder as it
    was, as ``check`` does."""
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "plan.sqlite"
    assert run_planner("demo", "--db", str(plan)).returncode == 0
    before = _contents(folder)
    for args in (("check", "--db", str(plan)),
                 ("backup", "--db", str(plan), "--out", str(tmp_path / "copy.sqlite"))):
        done = run_planner(*args)
        assert done.returncode == 0, done.stderr
        assert _contents(folder) == before, args
    assert run_planner("check", "--db", str(tmp_path / "copy.sqlite")).returncode == 0


def test_backup_of_a_plan_in_a_read_only_folder(read_only_folder: Path, tmp_path: Path) -> None:
    """It was refused with the wrong file named: "Could not write “copy.sqlite”: the folder
    is read-only" (the copy's folder was writable; the plan's was not)."""
    before = _contents(read_only_folder)
    out = tmp_path / "copy.sqlite"
    done = run_planner("backup", "--db", str(read_only_folder / "plan.sqlite"), "--out", str(out))
    assert (done.returncode, done.stdout) == (0, f"Backup written to {out}\n"), done.stderr
    assert _contents(read_only_folder) == before
    report = run_planner("report", "--db", str(out))
    assert report.returncode == 0 and "Engineering pathways with Harrowgate" in report.stdout


@pytest.mark.postgresql
def test_planner_team_names_the_database_without_the_user(pg_server: str) -> None:
    from sqlalchemy.engine import make_url

    from tests import pg

    url = pg.new_database(pg_server)
    try:
        done = run_planner("team", "--db", url, "--member", "planner_test_finance")
        assert done.returncode == 0, done.stderr
        name = make_url(url).database
        assert done.stdout.startswith(f"Team access set on the team database “{name}” on "
                                      "127.0.0.1:"), done.stdout
        user = make_url(url).username
        assert f"{user}@" not in done.stdout and "://" not in done.stdout
    finally:
        pg.drop_database(url)
