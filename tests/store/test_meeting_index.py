"""The dashboard's read of each partnership's latest meetings goes by the index on
meeting (opportunity_id, held_on) (migration 0008): a plan kept for years holds tens of
thousands of meetings, and the read looks at a few of each partnership's (issue 22)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy

from planner.store.database import Store
from planner.store.health_reads import recent_meetings
from planner.store.tables import Opportunity


def test_the_latest_meetings_are_found_by_partnership_and_day(sample_store: Store) -> None:
    if sample_store.engine.dialect.name != "sqlite":  # pragma: no cover - a server plans itself
        return
    ran: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, params: Any, *_a: Any) -> None:
        ran.append((statement, params))

    today = dt.date(2026, 12, 7)
    sqlalchemy.event.listen(sample_store.engine, "before_cursor_execute", note)
    try:
        with sample_store.work() as work:
            ids = [o.id for o in work.list(Opportunity)]
            assert recent_meetings(work, ids, today, keep_held=3,
                                   since=today - dt.timedelta(days=90))
    finally:
        sqlalchemy.event.remove(sample_store.engine, "before_cursor_execute", note)
    reads = [(s, p) for s, p in ran if "FROM meeting" in s]
    assert len(reads) == 2, "the n-th latest held meeting, then the meetings from it"
    with sample_store.engine.connect() as connection:
        raw = connection.connection.driver_connection
        for statement, params in reads:
            plan = " ".join(str(row[3]) for row in raw.execute(
                f"EXPLAIN QUERY PLAN {statement}", params or ()).fetchall())
            assert "ix_meeting_opportunity_held_on" in plan, plan
            assert "SCAN meeting" not in plan, plan
