"""The command line: readable one-line errors, exit codes, screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner.cli", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"\x00\x01garbage" * 100, "not a Partnership Planner plan"),
])
def test_check_refuses_bad_files_in_one_line(tmp_path: Path, content: bytes, words: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    assert main(["check", "--db", str(bad)]) == 1
    err = capsys.readouterr().err
    assert words in err and str(bad) in err
    assert err.count("\n") == 1
    assert bad.read_bytes() == content


def test_missing_file_and_missing_output_folder(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()
    assert main(["backup", "--db", str(tmp_path / "x.sqlite"),
                 "--out", str(tmp_path / "no" / "where.sqlite")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_backup_command_writes_a_sound_copy(sample_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.sqlite"
    assert main(["backup", "--db", str(sample_file), "--out", str(out)]) == 0
    assert main(["check", "--db", str(out)]) == 0
    # Never over an existing file.
    assert main(["backup", "--db", str(sample_file), "--out", str(out)]) == 2


def test_demo_refuses_to_overwrite(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sample_file.read_bytes()
    assert main(["demo", "--db", str(sample_file)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert sample_file.read_bytes() == before


def test_screenshot_of_the_organisation_view(sample_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.png"
    result = _run("screenshot", "--db", str(sample_file), "--view", "organisation",
                  "--out", str(out), "--size", "1000x700")
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    # Not a blank picture: the filled form has many distinct colours.
    colours = {image.pixel(x, y) for x in range(0, 1000, 7) for y in range(0, 700, 7)}
    assert len(colours) > 20


def test_unexpected_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    result = _run("screenshot", "--db", str(tmp_path / "missing.sqlite"), "--view",
                  "organisation", "--out", str(tmp_path / "x.png"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_no_server_at_a_database_url_is_one_readable_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    """libpq's own message spans two lines (an indented hint); the command prints one."""
    assert main(["check", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    # Named by database and server, never by user ("…://nobody@127.0.0.1:1/x" before).
    assert err.startswith("planner: Cannot open the team database “x” on 127.0.0.1:1: ")
    assert "nobody" not in err
    assert "refused" in err.lower() and "Traceback" not in err


def test_a_plan_named_alone_opens_in_the_window(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """`partnership-planner FILE` is how a file manager opens a plan (Exec=… %f); a word that
    is no file stays a mistyped command."""
    from planner import cli

    opened: list[str | None] = []
    monkeypatch.setattr(cli, "cmd_gui", lambda args: opened.append(args.db) or 0)
    plan = tmp_path / "board plan.sqlite"
    plan.write_bytes(b"")
    assert cli.main([str(plan)]) == 0 and opened == [str(plan)]
    with pytest.raises(SystemExit):
        cli.main(["chek"])
    assert opened == [str(plan)]


def test_decide_refuses_a_pursue_before_screening_in_one_line(sample_file: Path,
                                                              tmp_path: Path) -> None:
    """`planner decide` meets the Decision tab's rule: a clear line, then a stated reason."""
    import shutil

    from planner.services import screening
    from planner.store.database import Store

    plan = tmp_path / "plan.sqlite"
    shutil.copy(sample_file, plan)
    with Store.open(plan) as store:
        _c, ident = screening.create_opportunity(store, "Holiday club")
    refused = _run("decide", "--db", str(plan), "--id", str(ident), "--outcome", "pursue",
                   "--tier", "network", "--rationale", "Looks fun")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert "“Holiday club” has not been screened" in refused.stderr
    done = _run("decide", "--db", str(plan), "--id", str(ident), "--outcome", "pursue",
                "--tier", "network", "--rationale", "The head asked for it this summer",
                "--despite")
    assert done.returncode == 0, done.stderr
    assert "Recorded: pursue “Holiday club” as network" in done.stdout
    with Store.open(plan) as store:
        opp = screening.load(store).opportunity(ident)
    assert opp is not None and (opp.stage, opp.tier) == ("pursued", "network")
    assert opp.latest_decision is not None
    assert opp.latest_decision.rationale.startswith("Pursued with gates still open: ")
    assert opp.latest_decision.rationale.endswith("The head asked for it this summer")


def _run_without_display(*args: str) -> subprocess.CompletedProcess[str]:
    """The real program where no display is (a server, a cron job, a build machine's shell):
    no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM chosen by the caller."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "planner.cli", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_screenshot_needs_no_display(sample_file: Path, tmp_path: Path) -> None:
    """It aborted (SIGABRT, a core dump) after Qt's page about the xcb platform plugin."""
    out = tmp_path / "dash.png"
    result = _run_without_display("screenshot", "--db", str(sample_file), "--view",
                                  "dashboard", "--out", str(out), "--size", "1024x768")
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    assert QImage(str(out)).size().toTuple() == (1024, 768)


def test_the_window_without_a_display_is_refused_in_one_line(sample_file: Path) -> None:
    result = _run_without_display("--db", str(sample_file))
    assert result.returncode == 2, result.stderr  # not -6 (SIGABRT)
    assert result.stderr.startswith("planner: no display to show the window on")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_reader_that_stops_early_gets_no_error_line(sample_file: Path) -> None:
    """`planner report | head -1` printed "planner: Broken pipe" after the line it showed."""
    command = (f"{sys.executable} -m planner.cli report --db {sample_file} | head -1")
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.startswith("Screening report, ") and done.stdout.count("\n") == 1
    assert done.stderr == "", done.stderr
