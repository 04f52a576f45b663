"""Waiting changes saved to a file (a window whose team database stopped answering) and
applied later with ``planner changes apply``: each change lands once, whatever happened
meanwhile; a colleague's change is not overwritten and both values are said; a record
added in the window is named, to redo by hand. Here on a plan file made earlier (the
team-database round trip, with a real frozen server, is tests/ui/test_team_offline.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.services import change_file
from planner.services.edits import writes
from planner.services.organisation import get_profile, update_profile
from planner.store.database import Store
from planner.store.tables import CriterionScore, Milestone, Opportunity


def _steps(store: Store) -> list[change_file.Step]:
    with store.work() as work:
        milestone = work.list(Milestone)[0]
        opportunity = work.list(Opportunity)[0]
        # A score not given yet: the record is found by its natural key, and made.
        score = work.list(CriterionScore, opportunity_id=opportunity.id)[0]
        unscored = score.criterion_id
        work.delete(score)
        profile = get_profile(store)
        return [
            change_file.Step("Edit vision", writes("profile", 1, {"vision": profile.vision},
                                                   {"vision": "Typed while offline"})),
            change_file.Step("Move milestone", writes(
                "milestone", milestone.id, {"due_date": milestone.due_date},
                {"due_date": dt.date(2031, 3, 14)})),
            change_file.Step("Score", writes(
                "criterion_score", {"opportunity_id": opportunity.id, "criterion_id": unscored},
                {"level": None}, {"level": 4})),
            change_file.Step("Add opportunity “Night school”", ()),
        ]


def test_saved_changes_apply_once_and_say_what_needs_a_hand(
        sample_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    steps = _steps(sample_store)
    path = tmp_path / f"waiting{change_file.SUFFIX}"
    change_file.save(path, "team plan", steps)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["apply_with"].startswith("planner changes apply")
    where = sample_store.path or sample_store.url  # a plan file, or a team database
    db = str(where)
    sample_store.close()
    assert main(["changes", "apply", "--db", db, str(path)]) == 1  # one to redo by hand
    said = capsys.readouterr().out
    assert "applied: Edit vision" in said and "applied: Move milestone" in said
    assert "redo by hand: Add opportunity “Night school”" in said
    assert said.splitlines()[-1] == "3 applied, 0 already there, 1 not applied (see above)"
    with Store.open(where) as plan:
        assert get_profile(plan).vision == "Typed while offline"
        with plan.work() as work:
            assert any(m.due_date == dt.date(2031, 3, 14) for m in work.list(Milestone))
            assert 4 in {s.level for s in work.list(CriterionScore)}
            scores = work.count(CriterionScore)
    main(["changes", "apply", "--db", db, str(path)])  # again: nothing twice
    assert "0 applied, 3 already there" in capsys.readouterr().out
    with Store.open(where) as plan, plan.work() as work:
        assert work.count(CriterionScore) == scores


def test_a_colleagues_change_since_is_kept_and_both_are_said(
        sample_store: Store, tmp_path: Path) -> None:
    steps = _steps(sample_store)[:1]
    update_profile(sample_store, "vision", "The colleague's vision")
    outcome, = change_file.apply(sample_store, steps)
    assert outcome.result == change_file.CLASH and not outcome.ok
    assert "theirs “The colleague's vision”" in outcome.detail
    assert "yours “Typed while offline”" in outcome.detail
    assert get_profile(sample_store).vision == "The colleague's vision"


def test_a_file_that_is_not_one_is_refused_in_a_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.json"
    path.write_text('{"format": "something else"}', encoding="utf-8")
    assert main(["changes", "show", str(path)]) != 0
    err = capsys.readouterr().err
    assert "is not a file of waiting changes" in err and "Traceback" not in err
