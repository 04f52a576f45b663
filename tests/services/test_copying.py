"""`planner copy`: a plan moved SQLite → PostgreSQL → SQLite comes back byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import _scale_plan
from planner.services import copying
from planner.services.copying import copy_database
from planner.services.organisation import get_profile, update_profile
from planner.services.portfolio_json import export_portfolio
from planner.store.database import Store, StoreError
from planner.store.tables import ConflictArea, Milestone, Opportunity


def _export(target: str | Path) -> str:
    with Store.open(target) as s:
        return export_portfolio(s)


def test_sample_to_postgresql_and_back_gives_the_same_export(
        sample_file: Path, pg_url: str, tmp_path: Path) -> None:
    original = _export(sample_file)
    to_server = copy_database(sample_file, pg_url)
    assert to_server["opportunity"] > 0 and to_server["milestone"] > 0
    back = tmp_path / "offline.sqlite"
    assert copy_database(pg_url, back) == to_server
    assert _export(pg_url) == original
    assert _export(back) == original  # byte-identical portfolio JSON


def test_new_rows_continue_after_the_copied_ids(sample_file: Path, pg_url: str) -> None:
    counts = copy_database(sample_file, pg_url)
    with Store.open(pg_url) as s:
        with s.work() as w:
            highest = max(o.id or 0 for o in w.list(Opportunity))
            row = w.add(Opportunity(title="After the copy"))
        assert row.id == highest + 1
        # Copied rows are editable at once, with versions starting afresh.
        update_profile(s, "vision", "Edited on the server",
                       expect=get_profile(s).write("vision", "Edited on the server"))
    assert counts["opportunity"] == highest


def test_self_references_are_copied_parents_first(any_store: Store, tmp_path: Path) -> None:
    with any_store.work() as w:
        opp = w.add(Opportunity(title="Parents later"))
        child = w.add(Milestone(opportunity_id=opp.id or 0, title="Child"))
        parent = w.add(Milestone(opportunity_id=opp.id or 0, title="Parent"))
        child.parent_id = parent.id  # the child has the lower id
        w.add(child)
    any_store.close()  # a SQLite plan is copied when no program has it open
    target = tmp_path / "copy.sqlite"
    copy_database(any_store.url, target)
    with Store.open(target) as s, s.work() as w:
        assert w.one(Milestone, child.id or 0).parent_id == parent.id


def test_a_target_holding_a_plan_is_refused_and_left_alone(
        sample_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy.sqlite"
    with Store.open(target, create=True) as s:
        update_profile(s, "vision", "Already here")
    with pytest.raises(StoreError, match="already holds a plan"):
        copy_database(sample_file, target)
    with Store.open(target) as s:
        assert get_profile(s).vision == "Already here"


def test_copying_onto_itself_is_refused(sample_file: Path) -> None:
    with pytest.raises(StoreError, match="overwrite the plan it copies"):
        copy_database(sample_file, str(sample_file))


def test_a_count_mismatch_rolls_the_copy_back(
        sample_file: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = copying.insert_rows

    def drop_one_milestone(work, info, rows):  # type: ignore[no-untyped-def]
        real(work, info, rows[:-1] if info.name == "milestone_snapshot" else rows)

    monkeypatch.setattr(copying, "insert_rows", drop_one_milestone)
    with pytest.raises(StoreError, match=r"did not match the original \(milestone_snapshot: "):
        copy_database(sample_file, pg_url)
    with Store.open(pg_url) as s, s.work() as w:
        assert w.count(Opportunity) == 0  # rolled back: nothing half-copied
    new_file = tmp_path / "new.sqlite"
    with pytest.raises(StoreError, match="nothing was kept"):
        copy_database(sample_file, new_file)
    assert not new_file.exists()
    assert list(tmp_path.glob("new.sqlite*")) == []


def test_a_missing_source_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        copy_database(tmp_path / "nowhere.sqlite", tmp_path / "copy.sqlite")
    assert not (tmp_path / "copy.sqlite").exists()


def test_the_cli_copies_and_reports_the_rows(sample_file: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    target = tmp_path / "via-cli.sqlite"
    assert main(["copy", "--db", str(sample_file), "--to", str(target)]) == 0
    assert "Copied" in capsys.readouterr().out
    assert _export(target) == _export(sample_file)


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus 3,000 generated milestones (bench/_scale_plan.py), made earlier:
    one statement holding its milestone table takes the test server longer than 0.5 s."""
    path = tmp_path_factory.mktemp("long") / "long.sqlite"
    _scale_plan.build(path, 3_000)
    return path


def test_a_long_plan_copies_to_a_team_database_that_answers_each_statement_quickly(
        long_plan: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The server may take 0.5 s per statement (the window's default is 5 s): a copy sending
    # each table in one statement was cut off there, as a 100,000-milestone plan is at 5 s.
    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", "0.5")
    counts = copy_database(long_plan, pg_url)
    assert counts["milestone"] == 3_031 and counts["conflict_area"] > 800
    with Store.open(long_plan) as original, original.work() as w:
        titles = {m.id: (m.title, m.parent_id) for m in w.list(Milestone)}
        areas = w.count(ConflictArea)
    with Store.open(pg_url) as s, s.work() as w:
        assert {m.id: (m.title, m.parent_id) for m in w.list(Milestone)} == titles
        assert w.count(ConflictArea) == areas == counts["conflict_area"]


def test_a_copy_the_server_stops_answering_keeps_nothing(
        sample_file: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import text

    real = copying.insert_rows

    def stall_at_milestones(work, info, rows):  # type: ignore[no-untyped-def]
        real(work, info, rows)
        if info.name == "milestone":  # the partnerships and people are in by now
            work.session.execute(text("SELECT pg_sleep(3)"))

    monkeypatch.setattr(copying, "insert_rows", stall_at_milestones)
    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", "0.5")
    with pytest.raises(StoreError, match=r"got no answer .* in time; nothing was kept"):
        copy_database(sample_file, pg_url)
    monkeypatch.delenv("PLANNER_PG_ANSWER_SECONDS")
    with Store.open(pg_url) as s, s.work() as w:
        assert w.count(Opportunity) == 0 and w.count(Milestone) == 0


def test_a_long_copy_says_how_far_it_has_gone(long_plan: Path, tmp_path: Path) -> None:
    heard: list[copying.CopyProgress] = []
    counts = copy_database(long_plan, tmp_path / "copy.sqlite", progress=heard.append)
    total = sum(counts.values())
    stages = [p.stage for p in heard]
    assert stages == sorted(stages, key=["reading", "writing", "checking"].index)  # in order
    assert {p.total for p in heard} == {total}
    for stage in ("reading", "writing"):
        done = [p.done for p in heard if p.stage == stage]
        assert done == sorted(done) and done[-1] == total  # every row, counted up
    fractions = [p.fraction for p in heard]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert 0 < heard[0].fraction < copying.CopyProgress.READING_SHARE  # reading comes first
    writing = next(p for p in heard if p.stage == "writing" and p.table == "milestone")
    assert writing.text() == (f"Writing {writing.done:,} of {total:,} rows "
                              f"({writing.fraction:.0%}): milestone")  # "1,000 of 4,953"


@pytest.mark.parametrize("where", ["file", "server"])
def test_a_cancelled_copy_keeps_nothing(long_plan: Path, tmp_path: Path, where: str,
                                        request: pytest.FixtureRequest) -> None:
    import threading

    target: str | Path = (tmp_path / "copy.sqlite" if where == "file"
                          else request.getfixturevalue("pg_url"))
    cancel = threading.Event()

    def stop_in_the_milestones(progress: copying.CopyProgress) -> None:
        if progress.stage == "writing" and progress.table == "milestone":
            cancel.set()  # as the Cancel button does, from another thread

    with pytest.raises(copying.CopyCancelled, match="cancelled; nothing was kept"):
        copy_database(long_plan, target, progress=stop_in_the_milestones, cancel=cancel)
    if where == "file":
        assert list(tmp_path.iterdir()) == []  # no file, no leftovers beside it
    else:
        with Store.open(target) as s, s.work() as w:
            assert w.count(Opportunity) == 0 and w.count(Milestone) == 0
    assert copy_database(long_plan, target)["milestone"] == 3_031  # and it can go again


def test_a_long_plan_is_read_from_a_team_database_in_pieces(
        long_plan: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copying back from the server reads each table by id, a piece per statement, so a
    table of 100,000 milestones never asks one statement for more than the server's answer
    budget allows (0.5 s here: 100 rows a statement)."""
    monkeypatch.setenv("PLANNER_PG_ANSWER_SECONDS", "0.5")
    copy_database(long_plan, pg_url)
    heard: list[copying.CopyProgress] = []
    back = tmp_path / "back.sqlite"
    counts = copy_database(pg_url, back, progress=heard.append)
    read = [p for p in heard if p.stage == "reading" and p.table == "milestone"]
    assert len(read) == 31  # 3,031 milestones, 100 a statement
    assert counts["milestone"] == 3_031
    assert _export(back) == _export(long_plan)  # every row, once, as it was


def test_the_cli_says_how_far_a_copy_has_gone(long_plan: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from planner import cli

    monkeypatch.setattr(cli.plan_files, "COPY_PROGRESS_SECONDS", 0.0)  # a line for every batch
    assert cli.main(["copy", "--db", str(long_plan), "--to", str(tmp_path / "c.sqlite")]) == 0
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert lines[0].startswith("Copying: Reading ") and "): milestone\n" in err
    assert lines[-1] == "Copying: Checking the copy (100%)"
    assert "Copied" in out and "Copying" not in out  # the result stays alone on stdout


@pytest.mark.parametrize("where", ["file", "server"])
def test_a_copy_holds_the_values_the_records_hold_as_plain_tuples(
        long_plan: Path, where: str, request: pytest.FixtureRequest) -> None:
    """A copy reads each table as plain tuples (a plan of 100,000 milestones held as
    records turned into dicts took twice the memory): the same values, in the same
    order, as reading every record, from a plan file and from a team database."""
    from planner.store.rows import table_infos

    source: str | Path = long_plan
    if where == "server":
        source = request.getfixturevalue("pg_url")
        copy_database(long_plan, source)
    with Store.open(source) as s:
        plan = copying.read_all(s, batch=700)  # several pieces per long table
        with s.work() as w:
            for info in table_infos():
                names = [c.name for c in info.columns]
                records = [tuple(getattr(r, n) for n in names) for r in w.list(info.model)]
                assert plan[info.name] == records, info.name
                assert all(type(row) is tuple for row in plan[info.name])
    assert len(plan["milestone"]) == 3_031
