"""The user's whole journey through the services, each step on a freshly opened Store.

Every test suite that builds its plan in the process that tests it missed "Mark agreed"
failing on every reopened plan (issue 14). Here each step opens the plan anew, as the next
session would, and the next step only finds what was saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from planner.services import agreements as ag
from planner.services import conflicts as cf
from planner.services import meetings as mt
from planner.services import organisation as org
from planner.services import screening as sc
from planner.services import timeline as tl
from planner.store.database import Store
from tests.journeys.conftest import JourneyRun
from tests.journeys.journey import CEO, STEPS


def test_the_whole_journey_each_step_on_a_reopened_plan(journey_run: JourneyRun) -> None:
    if journey_run.failed is not None:
        step, exc = journey_run.failed
        exc.add_note(f"journey step: {step!r} (each step on a freshly opened Store)")
        raise exc
    # From the import on, the plan file was kept after every step.
    assert list(journey_run.checkpoints) == [name for name, _ in STEPS][2:]


# ------------------------------------------------------- read, then act, in one session
#
# The window keeps one Store open: a view reads what it shows, then the user acts on it.
# Each action below runs that way on a plan made by earlier Stores (a journey checkpoint).


@dataclass(frozen=True)
class Action:
    after: str  # the journey step whose plan the action starts from
    act: Callable[[Store, dict[str, int]], None]
    check: Callable[[Store, dict[str, int]], None]


def _profile(s: Store, ids: dict[str, int]) -> None:
    org.get_profile(s)
    org.update_profile(s, "vision", "A club for every child.")


def _opportunity(s: Store, ids: dict[str, int]) -> None:
    sc.load(s)
    sc.update_opportunity(s, ids["opportunity"], "purpose", "Weekly football at the club.")


def _score(s: Store, ids: dict[str, int]) -> None:
    data = sc.load(s)
    sc.set_score(s, ids["opportunity"], data.criteria[0].id, 5, "Seen at the trial session.")


def _decide(s: Store, ids: dict[str, int]) -> None:
    sc.load(s)
    sc.decide(s, ids["opportunity"], "defer", "Wait for the new pitch.", dt.date.today())


def _area(s: Store, ids: dict[str, int]) -> None:
    cf.get_area(s, ids["area"])
    cf.update_area(s, ids["area"], {"title": "Saturday pitches", "likelihood": 2}, who="me")


def _review(s: Store, ids: dict[str, int]) -> None:
    cf.register(s)
    cf.record_review(s, ids["area"], note="Talked it through.", who="me")


def _section(s: Store, ids: dict[str, int]) -> None:
    detail = ag.get_agreement(s, ids["agreement"])
    ag.update_section(s, detail.sections[1].id, "body", "We meet every half term.")


def _mark_agreed(s: Store, ids: dict[str, int]) -> None:
    ag.get_agreement(s, ids["agreement"])
    ag.mark_agreed(s, ids["agreement"])


def _sign_drawn(s: Store, ids: dict[str, int]) -> None:
    detail = ag.get_agreement(s, ids["agreement"])
    ag.record_signature(s, detail.signatories[0].id, CEO, [[[0, 0], [10, 5]]])


def _amend(s: Store, ids: dict[str, int]) -> None:
    ag.get_agreement(s, ids["agreement"])
    ag.amend(s, ids["agreement"], "New pitch times.")


def _milestone(s: Store, ids: dict[str, int]) -> None:
    tl.load_timeline(s, ids["opportunity"])
    tl.update_milestone(s, ids["season"], {"title": "Summer tournament"})


def _celebrate(s: Store, ids: dict[str, int]) -> None:
    tl.load_timeline(s, ids["opportunity"])
    tl.celebrate(s, ids["season"], "Everyone played.")


def _meeting(s: Store, ids: dict[str, int]) -> None:
    shown = mt.get_meeting(s, ids["meeting"])
    mt.update_meeting(s, replace(shown, decisions="Start on Wednesdays."))


ACTIONS = {
    "edit the profile": Action(
        "partner organisations and people", _profile,
        lambda s, ids: _equal(org.get_profile(s).vision, "A club for every child.")),
    "edit an opportunity": Action(
        "opportunity", _opportunity,
        lambda s, ids: _equal(_opp(s, ids).get("purpose"), "Weekly football at the club.")),
    "score a criterion": Action(
        "gates and scores", _score,
        lambda s, ids: _equal(_opp(s, ids).scores[sc.load(s).criteria[0].id].level, 5)),
    "decide": Action(
        "gates and scores", _decide, lambda s, ids: _equal(_opp(s, ids).stage, "deferred")),
    "edit a conflict area": Action(
        "conflict area", _area,
        lambda s, ids: _equal((cf.get_area(s, ids["area"]).title,
                               cf.get_area(s, ids["area"]).likelihood),
                              ("Saturday pitches", 2))),
    "record a conflict review": Action(
        "conflict area", _review,
        lambda s, ids: _equal(cf.history(s, ids["area"])[0].note, "Talked it through.")),
    "edit a clause": Action(
        "agreement from templates", _section,
        lambda s, ids: _equal(ag.get_agreement(s, ids["agreement"]).sections[1].body,
                              "We meet every half term.")),
    "mark agreed": Action(
        "link the area to a clause", _mark_agreed,
        lambda s, ids: _equal(ag.get_agreement(s, ids["agreement"]).state, "agreed")),
    "sign in the program": Action(
        "mark agreed", _sign_drawn,
        lambda s, ids: _equal(ag.get_agreement(s, ids["agreement"]).state, "partly_signed")),
    "amend": Action(
        "countersign", _amend,
        lambda s, ids: _equal([v[1] for v in ag.get_agreement(s, ids["agreement"]).versions],
                              [1, 2])),
    "edit a milestone": Action(
        "milestones", _milestone,
        lambda s, ids: _equal(tl.get_milestone(s, ids["season"])["title"],
                              "Summer tournament")),
    "celebrate a small win": Action(
        "milestones", _celebrate,
        lambda s, ids: _equal(tl.get_milestone(s, ids["season"])["status"], "done")),
    "edit a meeting": Action(
        "record a meeting", _meeting,
        lambda s, ids: _equal(mt.get_meeting(s, ids["meeting"]).decisions,
                              "Start on Wednesdays.")),
}

@pytest.mark.parametrize("name", list(ACTIONS))
def test_read_then_act_on_a_plan_made_earlier(name: str, journey_run: JourneyRun,
                                              tmp_path: Path) -> None:
    """What the window does: one Store open, a view reads, the user acts; then the next
    session sees the action."""
    action = ACTIONS[name]
    journey = journey_run.plan_after(action.after, tmp_path)
    with journey.open() as s:
        action.act(s, journey.ids)
    with journey.open() as s:
        action.check(s, journey.ids)


def _equal(found: object, expected: object) -> None:
    assert found == expected


def _opp(s: Store, ids: dict[str, int]) -> sc.OpportunityRow:
    row = sc.load(s).opportunity(ids["opportunity"])
    assert row is not None
    return row
