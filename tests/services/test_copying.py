"""`planner copy`: a plan moved SQLite → PostgreSQL → SQLite comes back byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.services import copying
from planner.services.copying import copy_database
from planner.services.organisation import get_profile, update_profile
from planner.services.portfolio_json import export_portfolio
from planner.store.database import Store, StoreError
from planner.store.tables import Milestone, Opportunity


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
