"""Reads the health rules ask of the database (store layer): only the rows a rule can name.

A plan kept for years holds tens of thousands of meetings, actions and forecast snapshots;
the health rules (planner/domain/health.py) look at a few of each per partnership. These
queries select those few in SQL (window functions and joins valid on SQLite and PostgreSQL),
so the services build facts for them alone. Each returns named tuples, like
``UnitOfWork.columns``; the services apply the same domain rules to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy import select as sa_select

from planner.store.database import UnitOfWork, _row_class
from planner.store.tables import Meeting, MeetingAction, Milestone, MilestoneSnapshot

MEETING_COLUMNS = ("id", "opportunity_id", "held_on", "state", "kind", "attendees",
                   "ceo_hours", "confidential")


def _rows(work: UnitOfWork, name: str, query: Any, names: Sequence[str]) -> list[Any]:
    make = _row_class(name, tuple(names))._make
    return list(map(make, work.session.connection().execute(query).all()))


def recent_meetings(work: UnitOfWork, opportunity_ids: Sequence[int], today: dt.date, *,
                    keep_held: int, since: dt.date,
                    since_of: Mapping[int, dt.date] | None = None) -> list[Any]:
    """The meetings of ``opportunity_ids`` on or before ``today`` the meeting rules can
    read, in (held_on, id) order: per partnership, every meeting from its ``keep_held``-th
    latest held one onwards (all of them when fewer were held: the streak of meetings not
    held and the attendance of the latest held ones), and every meeting since ``since``,
    or ``since_of`` the partnership (the windows of CEO hours and of the protocol's
    cadence)."""
    if not opportunity_ids:
        return []
    m = Meeting.__table__  # type: ignore[attr-defined]
    ids = list(opportunity_ids)
    ranked = (sa_select(m.c.opportunity_id, m.c.held_on, m.c.id,
                        func.row_number().over(partition_by=m.c.opportunity_id,
                                               order_by=(m.c.held_on.desc(), m.c.id.desc()))
                        .label("n"))
              .where(m.c.opportunity_id.in_(ids), m.c.state == "held", m.c.held_on <= today)
              .subquery("ranked"))
    cut = (sa_select(ranked.c.opportunity_id, ranked.c.held_on, ranked.c.id)
           .where(ranked.c.n == max(1, keep_held)).subquery("cut"))
    start: Any = since
    if since_of:
        start = case(dict(since_of), value=m.c.opportunity_id, else_=since)
    query = (sa_select(*(m.c[n] for n in MEETING_COLUMNS))
             .select_from(m.outerjoin(cut, cut.c.opportunity_id == m.c.opportunity_id))
             .where(m.c.opportunity_id.in_(ids), m.c.held_on <= today,
                    or_(cut.c.id.is_(None), m.c.held_on >= start, m.c.held_on > cut.c.held_on,
                        and_(m.c.held_on == cut.c.held_on, m.c.id >= cut.c.id)))
             .order_by(m.c.held_on, m.c.id))
    return _rows(work, "meeting", query, MEETING_COLUMNS)


ACTION_COLUMNS = ("id", "meeting_id", "text", "owner", "due_on", "done_on", "opportunity_id",
                  "confidential")


def open_actions(work: UnitOfWork, opportunity_ids: Sequence[int]) -> list[Any]:
    """The meeting actions not done yet of ``opportunity_ids``, by id, each with its
    meeting's partnership and confidentiality (one join, whatever the meetings' age)."""
    if not opportunity_ids:
        return []
    a = MeetingAction.__table__  # type: ignore[attr-defined]
    m = Meeting.__table__  # type: ignore[attr-defined]
    query = (sa_select(a.c.id, a.c.meeting_id, a.c.text, a.c.owner, a.c.due_on, a.c.done_on,
                       m.c.opportunity_id, m.c.confidential)
             .select_from(a.join(m, m.c.id == a.c.meeting_id))
             .where(m.c.opportunity_id.in_(list(opportunity_ids)), a.c.done_on.is_(None))
             .order_by(a.c.id))
    return _rows(work, "meeting_action", query, ACTION_COLUMNS)


def series_snapshots(work: UnitOfWork, opportunity_ids: Sequence[int], statuses: Sequence[str],
                     at_least: int) -> list[Any]:
    """(milestone_id, forecast_date) of the snapshots with a forecast of the milestones of
    ``opportunity_ids`` in ``statuses`` that have at least ``at_least`` of them, in
    (taken_on, id) order: the series a growing slip is read from (a milestone with fewer
    cannot show one)."""
    if not opportunity_ids:
        return []
    s = MilestoneSnapshot.__table__  # type: ignore[attr-defined]
    ms = Milestone.__table__  # type: ignore[attr-defined]
    counted = (sa_select(s.c.milestone_id)
               .select_from(s.join(ms, ms.c.id == s.c.milestone_id))
               .where(ms.c.opportunity_id.in_(list(opportunity_ids)),
                      ms.c.status.in_(list(statuses)), s.c.forecast_date.is_not(None))
               .group_by(s.c.milestone_id)
               .having(func.count() >= max(1, at_least)))
    query = (sa_select(s.c.milestone_id, s.c.forecast_date)
             .where(s.c.milestone_id.in_(counted), s.c.forecast_date.is_not(None))
             .order_by(s.c.taken_on, s.c.id))
    return _rows(work, "milestone_snapshot", query, ("milestone_id", "forecast_date"))
