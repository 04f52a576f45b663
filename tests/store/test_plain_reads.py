"""Long reads of plain columns (planner/store/plain_reads.py): psycopg's own rows, taken on
a team database where SQLAlchemy would convert no column, hold the same values, of the same
types, as SQLAlchemy's rows and as the records themselves, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import JSON, select

from planner.domain.conflicts import Openness
from planner.domain.timeline import MilestoneStatus
from planner.store import plain_reads
from planner.store.database import Store
from planner.store.tables import ConflictArea, Meeting, Milestone, Opportunity

TEXTS = ("Joint sixth form 🎓 with Oakfield", "شراكة المدرسة", "שותפות ✡ (RTL) ‏end",
         "Zażółć gęślą jaźń — ™")


def _plan(store: Store) -> None:
    day = dt.date(2026, 2, 28)
    with store.work() as work:
        for n, title in enumerate(TEXTS):
            opp = work.add(Opportunity(title=title, date_identified=day if n % 2 else None,
                                       est_cost=Decimal("1234.5") if n == 1 else 0.0,
                                       est_income=2.0 / 3, rests_on_funding=bool(n % 2),
                                       we_give=[{"what": title, "kind": "money"}]))
            assert opp.id is not None
            for k, status in enumerate(MilestoneStatus):
                work.add(Milestone(opportunity_id=opp.id, title=f"{title} {k}", status=status,
                                   due_date=day + dt.timedelta(days=k) if k % 3 else None,
                                   small_win=k % 2 == 0, progress=k * 10, notes=title * k))
            work.add(Meeting(opportunity_id=opp.id, held_on=day, ceo_hours=Decimal("1.25"),
                             staff_hours=0.1, attendees=[title], notes=title))
            work.add(ConflictArea(opportunity_id=opp.id, title=title, openness=Openness.RAISED,
                                  next_review=None if n % 2 else day, description=title))


def _typed(rows: Any) -> list[list[tuple[type, Any]]]:
    return [[(type(value), value) for value in row] for row in rows]


@pytest.mark.parametrize("model", [Opportunity, Milestone, Meeting, ConflictArea])
def test_plain_column_reads_give_the_values_the_records_hold(
        any_store: Store, model: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _plan(any_store)
    names = [c.name for c in model.__table__.c]
    plain = [c.name for c in model.__table__.c if not isinstance(c.type, JSON)]  # DISTINCT
    any_store.close()
    reopened = Store.open(any_store.url)  # the plan made earlier, read by another Store
    try:
        with reopened.work() as work:
            records = [[getattr(r, n) for n in names] for r in work.list(model)]
            columns = work.columns(model)
            tuples = work.tuples(model, names)
            distinct = sorted(work.distinct_rows(model, plain))
        # The same reads through SQLAlchemy's rows, which always convert what needs it.
        monkeypatch.setattr(plain_reads, "driver_rows_wanted", lambda *_args: False)
        with reopened.work() as work:
            columns_sa = work.columns(model)
            tuples_sa = work.tuples(model, names)
            distinct_sa = sorted(work.distinct_rows(model, plain))
    finally:
        reopened.close()
    assert len(records) >= len(TEXTS)
    assert _typed(columns) == _typed(columns_sa) == _typed(tuples) == _typed(tuples_sa) \
        == _typed(records)
    assert _typed(distinct) == _typed(distinct_sa) == _typed(sorted(
        tuple(getattr(row, n) for n in plain) for row in columns))
    assert [row._fields for row in columns] == [tuple(names)] * len(records)
    assert all(type(row) is tuple for row in tuples)
    values = {v for row in records for v in row if isinstance(v, str)}
    assert set(TEXTS) <= values


@pytest.mark.postgresql
def test_a_team_database_reads_plain_columns_as_psycopg_gives_them(pg_url: str) -> None:
    """On PostgreSQL the rows of these tables come from psycopg as they are (SQLAlchemy
    would convert none of their columns): the test above compares both ways."""
    with Store.open(pg_url) as store:
        _plan(store)
        with store.work() as work:
            connection = work.session.connection()
            for model in (Opportunity, Milestone, Meeting, ConflictArea):
                query = select(*model.__table__.c)
                result = connection.execute(query)
                assert plain_reads.driver_rows_wanted(connection.dialect, query,
                                                      result.cursor.description)
                result.close()
