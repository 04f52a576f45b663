"""The dashboard's figures are kept until a commit may change them (issue 22), and never
given stale: after every kind of change — through the services, through plain SQL, by a
colleague on the team database — the next summary is what reading everything again says.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from planner.services import copying, dashboard, people
from planner.services.dashboard_health import HEALTH_TABLES
from planner.store import commits
from planner.store import engine as eng
from planner.store.database import Store
from planner.store.tables import Milestone, Person

DAY = dt.date(2026, 12, 1)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def sample(request: pytest.FixtureRequest, sample_file: Path, tmp_path: Path) -> Iterator[Store]:
    """The sample portfolio made earlier: a file, or copied to the team database."""
    if request.param == "sqlite":
        target: str | Path = tmp_path / "plan.sqlite"
    else:
        target = request.getfixturevalue("pg_url")
    copying.copy_database(sample_file, target)
    with Store.open(target) as opened:
        yield opened


class Statements:
    """The statements the store's connections run while it is listening."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine
        self.seen: list[str] = []

    def _note(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.seen.append(statement)

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._note)

    def reads(self) -> list[str]:
        """The statements that read the plan (not the server's snapshot, not BEGIN)."""
        return [s for s in self.seen if "pg_current_" not in s
                and s.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK")]


def settled(store: Store) -> tuple[object, ...]:
    """The token, once nothing moves it (on a team database the server's own work, such
    as autovacuum analysing a plan just copied, moves the snapshot too: a kept answer is
    then read again, rightly, and the test waits for a quiet server instead)."""
    last = commits.version(store, HEALTH_TABLES)
    for _ in range(50):
        if store.notifier is None:
            return last
        time.sleep(0.2)
        now = commits.version(store, HEALTH_TABLES)
        if now == last:
            return now
        last = now
    return last


def fresh(store: Store, today: dt.date = DAY) -> dashboard.DashboardSummary:
    return dashboard.summary(store, today, plain=True)  # never kept: everything read again


def test_the_summary_is_read_once_until_a_commit_may_change_it(sample: Store) -> None:
    token = settled(sample)
    first = dashboard.summary(sample, DAY)
    assert first == fresh(sample)
    with Statements(sample) as asked:
        again = dashboard.summary(sample, DAY)
    if commits.version(sample, HEALTH_TABLES) == token:  # (the server stayed quiet)
        assert again is first and asked.reads() == []  # a second view: nothing read again
    assert again == first
    with Statements(sample) as asked:
        states = dashboard.portfolio_health(sample, DAY)  # screening's make-room choices
    assert tuple(states) == first.health
    if commits.version(sample, HEALTH_TABLES) == token:  # only the thresholds were read
        assert all("FROM profile" in s or "FROM organisation" in s for s in asked.reads())
    assert dashboard.summary(sample, DAY + dt.timedelta(days=1)) == \
        fresh(sample, DAY + dt.timedelta(days=1))  # another day is another question

    with sample.work() as work:
        person = work.first(Person)
        assert person is not None and person.id is not None
    # A change the figures do not read keeps them, on a team database too (there the
    # server's own work may also move the snapshot: a quiet moment is waited for).
    for attempt in range(5):
        token = settled(sample)
        kept = dashboard.summary(sample, DAY)
        people.update(sample, "person", person.id, {"phone": f"01632 960 00{attempt}"})
        with Statements(sample) as asked:
            after_phone = dashboard.summary(sample, DAY)
        if commits.version(sample, HEALTH_TABLES) == token:
            assert after_phone is kept and asked.reads() == []
            break
        assert sample.notifier is not None  # a plan file: only this window writes it
    else:
        pytest.fail("the figures were read again after each change to a person")
    assert after_phone == fresh(sample)

    dashboard.set_health_setting(sample, "watch_limit", 1)  # through a service
    stricter = dashboard.summary(sample, DAY)
    assert stricter == fresh(sample) and stricter.counts != first.counts

    with sample.work() as work:  # plain SQL, past every service
        work.session.execute(text("UPDATE milestone SET status = 'done', actual_date = NULL"))
    emptied = dashboard.summary(sample, DAY)
    assert emptied == fresh(sample) and emptied.upcoming == () != stricter.upcoming

    facts = dashboard.facts_for(sample, None, DAY)
    assert dashboard.facts_for(sample, None, DAY) == facts
    with sample.work() as work:
        work.session.execute(text("DELETE FROM meeting_action"))
    assert all(not f.actions for f in dashboard.facts_for(sample, None, DAY))
    assert any(f.actions for f in facts)


def test_a_commit_by_anyone_else_is_seen_at_once(sample: Store) -> None:
    """A colleague on the team database; on a plan file, another connection to it (the
    lock keeps other programs out, but the figures must not rely on it)."""
    colleague = Store(sample.url, eng.make_engine(sample.url), None)
    try:
        token = settled(sample)
        before = dashboard.summary(sample, DAY)
        again = dashboard.summary(sample, DAY)
        assert again is before or commits.version(sample, HEALTH_TABLES) != token
        with colleague.work() as work:
            for m in work.list(Milestone):
                m.status = "done"
                work.add(m)
        after = dashboard.summary(sample, DAY)
        assert after == fresh(sample) and before.upcoming and after.upcoming == ()
        dashboard.set_health_setting(sample, "watch_limit", 1)  # then one of ours
        with colleague.work() as work:  # and theirs again, right after
            work.session.execute(text("DELETE FROM meeting_action"))
        assert dashboard.summary(sample, DAY) == fresh(sample)
    finally:
        colleague.close()


def test_the_kept_tables_are_every_table_the_figures_read(sample: Store) -> None:
    """Were a read of another table added to the figures without naming it in
    HEALTH_TABLES, a change to that table would leave the kept figures stale."""
    with Statements(sample) as asked:
        dashboard.summary(sample, DAY)
        fresh(sample)
        every = dashboard.facts_for(sample, None, DAY)
        dashboard.facts_for(sample, [f.id for f in every], DAY, dashboard.health_settings(
            sample))
        dashboard.portfolio_health(sample, DAY)
        for f in every:
            dashboard.held_vs_expected(sample, f.id, today=DAY)
    read = {name.lower() for statement in asked.reads()
            for name in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', statement, re.IGNORECASE)}
    read -= {"ranked", "cut"}  # the subqueries of planner/store/health_reads.py
    assert {"milestone", "meeting", "conflict_area"} <= read
    assert read <= set(HEALTH_TABLES)
