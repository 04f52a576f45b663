"""The Next steps checklist ticks itself as a CEO walks the method on a plan made earlier
(each step in a freshly opened Store, as after closing and reopening the program)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from planner.services import agreements, conflicts, meetings, organisation, screening, timeline
from planner.services.next_steps import all_done, next_steps
from planner.store.database import Store
from planner.store.tables import Criterion, Gate

KEYS = ["profile", "opportunity", "screening", "decision", "conflicts", "agreement",
        "milestones", "cadence"]


def _done(path: Path) -> list[str]:
    with Store.open(path) as store:
        return [s.key for s in next_steps(store) if s.done]


def _in(path: Path, act: Callable[[Store], object]) -> None:
    with Store.open(path) as store:
        act(store)


def _screen(store: Store, opp: int) -> None:
    screening.load(store)  # as the Screening view does: the default gates and criteria
    with store.work() as work:
        gates = [g.id for g in work.list(Gate)]
        criteria = [c.id for c in work.list(Criterion)]
    for gate in gates:
        assert gate is not None
        screening.set_gate_result(store, opp, gate, "pass", "Checked with the partner")
    for criterion in criteria:
        assert criterion is not None
        screening.set_score(store, opp, criterion, 4, "Evidence")


def test_the_checklist_ticks_itself_step_by_step(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    Store.open(path, create=True).close()
    with Store.open(path) as store:
        steps = next_steps(store)
    assert [s.key for s in steps] == KEYS
    assert not any(s.done for s in steps)
    assert all(s.view for s in steps) and not all_done(steps)

    def profile(store: Store) -> None:
        organisation.update_profile(store, "vision", "Every child thrives")
        organisation.update_profile(store, "values", ["Openness"])
    _in(path, profile)
    assert _done(path) == []  # the priorities are still missing: not ticked yet
    with Store.open(path) as store:
        assert "the priorities" in next_steps(store)[0].hint
    _in(path, lambda s: organisation.update_profile(s, "priorities", ["Careers"]))
    assert _done(path) == ["profile"]

    _in(path, lambda s: screening.create_opportunity(s, "Careers with the employer"))
    assert _done(path) == ["profile", "opportunity"]
    with Store.open(path) as store:
        opp = screening.load(store).opportunities[0].id

    _in(path, lambda s: _screen(s, opp))
    assert _done(path) == KEYS[:3]

    _in(path, lambda s: screening.decide(s, opp, "pursue", "Fits our priorities",
                                         dt.date.today(), tier="operational"))
    assert _done(path) == KEYS[:4]
    with Store.open(path) as store:
        assert "Careers with the employer" in next_steps(store)[4].hint

    _in(path, lambda s: conflicts.create_area(
        s, {"opportunity_id": opp, "title": "Both run a careers fair"}))
    assert _done(path) == KEYS[:5]

    _in(path, lambda s: agreements.create_agreement(s, opp))
    assert _done(path) == KEYS[:6]
    with Store.open(path) as store:
        assert "still to agree" in next_steps(store)[5].hint

    for n in range(3):
        assert _done(path) == KEYS[:6]
        _in(path, lambda s, n=n: timeline.create_milestone(
            s, opp, {"title": f"Step {n + 1}",
                     "due_date": dt.date.today() + dt.timedelta(days=30 * (n + 1))}))
    assert _done(path) == KEYS[:7]

    # The template's Meetings table sets the rhythm; the first meeting in the log keeps it.
    _in(path, lambda s: meetings.create_meeting(
        s, meetings.MeetingData(opportunity_id=opp, held_on=dt.date.today(),
                                kind="operational", state="held")))
    assert _done(path) == KEYS
    with Store.open(path) as store:
        assert all_done(next_steps(store))
