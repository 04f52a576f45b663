"""Opportunity stages and milestone statuses are StrEnums (planner/domain) whose values are
the words plans have always stored: a plan made before them opens, reads and shows the same,
and what is written now is the same text in the file or on the team database."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text

from planner.domain.capacity import STAGE_LABELS, Stage
from planner.domain.timeline import STATUS_LABELS, STATUSES, MilestoneStatus
from planner.services import screening as svc
from planner.services import timeline as timeline_svc
from planner.store.database import Store
from planner.store.tables import MILESTONE_STATUSES
from planner.store.tables import STAGES as STORED_STAGES
from tests.services.test_screening import TODAY, new_opp, screen_fully

STAGE_WORDS = ("identified", "screening", "pursued", "deferred", "declined", "paused", "exited")
STATUS_WORDS = ("not_started", "on_track", "at_risk", "late", "done", "dropped")


def test_the_values_are_the_words_plans_store() -> None:
    assert tuple(Stage) == STAGE_WORDS == STORED_STAGES
    assert tuple(MilestoneStatus) == STATUSES == STATUS_WORDS == MILESTONE_STATUSES
    assert json.dumps(list(STATUSES)) == json.dumps(list(STATUS_WORDS))
    # Looked up with the plain text read from a plan, the labels are the same as before.
    assert STAGE_LABELS["paused"] == "Paused"
    assert STATUS_LABELS["at_risk"] == "At risk"
    assert STATUSES.index("done") == 4  # the Gantt's status codes keep their order


def test_a_plan_written_with_them_holds_the_same_text(store: Store) -> None:
    ident = new_opp(store, "Reading buddies")
    screen_fully(store, ident)
    svc.decide(store, ident, "pursue", "Top of the ranking", TODAY, tier="network")
    svc.move_on_board(store, ident, "pause")
    milestones = {status: timeline_svc.create_milestone(
        store, ident, {"title": f"Step {status.value}", "due_date": dt.date(2027, 1, 29),
                       "status": status, "progress": 100 if status is MilestoneStatus.DONE
                       else 0})[0] for status in MilestoneStatus}
    # What another tool reading the file or the server sees: the plain words.
    with store.engine.connect() as raw:
        stage = raw.execute(text("SELECT stage FROM opportunity WHERE id = :i"),
                            {"i": ident}).scalar_one()
        stored = {row[0]: row[1] for row in raw.execute(text("SELECT id, status FROM milestone"))}
    assert (type(stage), stage) == (str, "paused")
    assert {type(word) for word in stored.values()} == {str}
    assert {word: stored[milestones[status]] for word, status
            in zip(STATUS_WORDS, MilestoneStatus, strict=True)} == {w: w for w in STATUS_WORDS}
    # Read back through the services, they compare equal to the members and show as before.
    opp = svc.load(store).opportunity(ident)
    assert opp is not None and opp.stage == Stage.PAUSED
    assert STAGE_LABELS[opp.stage] == "Paused"
    record = timeline_svc.get_milestone(store, milestones[MilestoneStatus.AT_RISK])
    assert record["status"] == MilestoneStatus.AT_RISK
    assert STATUS_LABELS[record["status"]] == "At risk"
