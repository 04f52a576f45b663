"""The timeline's reads of a long plan that only SQL can keep small (store layer).

A plan kept for years holds 100,000 milestones. The Timeline view shows a folded group from
a count and a span, and its side panel names the few milestones that are overdue or not
bite-sized: these queries find those rows in the database, so the services read only them
and then apply the same domain rules (``planner.domain.timeline``) to what came back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Date, and_, case, func, or_, select, type_coerce

from planner.store.database import UnitOfWork
from planner.store.tables import Milestone, MilestoneSnapshot

_MT = Milestone.__table__  # type: ignore[attr-defined]  # every table model has one
_ST = MilestoneSnapshot.__table__  # type: ignore[attr-defined]
_M, _S = _MT.c, _ST.c

# ``TimelineItem.end``: the date a milestone is (or was) expected to finish on.
_END = case((and_(_M.status == "done", _M.actual_date.isnot(None)), _M.actual_date),
            else_=func.coalesce(_M.forecast_date, _M.due_date, _M.start_date))
# The first day of its own span (``build_layout``): its start, unless that is after the end.
_LO = case((and_(_M.start_date.isnot(None), _M.start_date <= _END), _M.start_date),
           else_=_END)
_OPEN_END = func.coalesce(_M.forecast_date, _M.due_date, _M.start_date)  # not done


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _scoped(query: Any, opportunity_id: int | None) -> Any:
    return query if opportunity_id is None else query.where(_M.opportunity_id == opportunity_id)


def group_spans(work: UnitOfWork, by: str, opportunity_id: int | None = None
                ) -> list[tuple[Any, int, dt.date | None, dt.date | None]]:
    """Per value of the column ``by`` (opportunity_id, owner_ours_id or status): how many
    milestones, the first day of their spans and the last date they end on."""
    column = _M[by]
    query = _scoped(select(column, func.count(), func.min(type_coerce(_LO, Date)),
                           func.max(type_coerce(_END, Date))), opportunity_id).group_by(column)
    return [(value, int(n), _date(lo), _date(hi))
            for value, n, lo, hi in work.session.connection().execute(query)]


def _page(query: Any, offset: int, limit: int | None) -> Any:
    """The rows ``offset`` to ``offset + limit`` of an ordered query (all: limit None)."""
    if offset:
        query = query.offset(offset)
    return query if limit is None else query.limit(limit)


def overdue_rows(work: UnitOfWork, names: Sequence[str], today: dt.date,
                 opportunity_id: int | None = None, *, offset: int = 0,
                 limit: int | None = None) -> list[Any]:
    """Open milestones not marked late whose end has passed (what ``overdue_warnings``
    names), in the timeline's order; ``offset`` and ``limit`` pick a page of them."""
    query = select(*(_M[n] for n in names)).where(
        _M.status.notin_(("done", "dropped", "late")), today > _OPEN_END)
    query = _scoped(query, opportunity_id).order_by(_M.position, _M.id)
    return list(work.session.connection().execute(_page(query, offset, limit)).all())


def bite_rows(work: UnitOfWork, names: Sequence[str], bite_days: int,
              opportunity_id: int | None = None, *, offset: int = 0,
              limit: int | None = None) -> list[Any]:
    """Open leaf milestones with no owner, no date, or a span longer than ``bite_days``
    (what ``bite_warnings`` names), in the timeline's order; ``offset`` and ``limit`` pick a
    page of them. A leaf is a milestone no other milestone of the scope names as its
    parent."""
    parents = _scoped(select(_M.parent_id).where(_M.parent_id.isnot(None)), opportunity_id)
    start, end = _M.start_date, _OPEN_END
    if work.session.connection().dialect.name == "sqlite":
        days = func.julianday(end) - func.julianday(start)
    else:
        days = end - start  # PostgreSQL: date minus date is a number of days
    query = select(*(_M[n] for n in names)).where(
        _M.status.notin_(("done", "dropped")), _M.id.notin_(parents),
        or_(and_(_M.owner_ours_id.is_(None), _M.owner_theirs_id.is_(None)), end.is_(None),
            and_(start.isnot(None), days + 1 > bite_days)))
    query = _scoped(query, opportunity_id).order_by(_M.position, _M.id)
    return list(work.session.connection().execute(_page(query, offset, limit)).all())


def snapshotted_rows(work: UnitOfWork, names: Sequence[str],
                     opportunity_id: int | None = None) -> list[Any]:
    """Milestones with at least one meeting snapshot (the slip chart draws only those)."""
    query = select(*(_M[n] for n in names)).where(
        _M.id.in_(select(_S.milestone_id).distinct()))
    query = _scoped(query, opportunity_id).order_by(_M.position, _M.id)
    return list(work.session.connection().execute(query).all())


def slip_ends(work: UnitOfWork, opportunity_id: int | None = None) -> Iterator[Any]:
    """What ranks a milestone's line on the slip chart, for each milestone with a forecast
    at a meeting, in the plan's order (position, id): (id, how many meeting days have a
    forecast, the first of those forecasts, the last day, its forecast, the milestone's end
    as ``TimelineItem.end``). A day's forecast is its last snapshot's with one, as
    ``timeline_review.slip_lines`` reads them. Worked out by the database and handed over a
    row at a time: 36,528 milestones have a line at 100,000 milestones, and the chart draws
    40 (``timeline_review.worst_slippers``)."""
    ranked = select(_S.milestone_id.label("m"), _S.taken_on.label("on"),
                    _S.forecast_date.label("f"),
                    func.row_number().over(partition_by=(_S.milestone_id, _S.taken_on),
                                           order_by=_S.id.desc()).label("k")
                    ).where(_S.forecast_date.isnot(None))
    if opportunity_id is not None:  # that partnership's snapshots alone
        ranked = ranked.where(_S.milestone_id.in_(_scoped(select(_M.id), opportunity_id)))
    each = ranked.subquery()
    daily = select(each.c.m, each.c.on, each.c.f).where(each.c.k == 1).cte("daily")
    span = select(daily.c.m, func.count().label("days"), func.min(daily.c.on).label("first"),
                  func.max(daily.c.on).label("last")).group_by(daily.c.m).subquery()
    first, last = daily.alias("first_day"), daily.alias("last_day")
    query = select(_M.id, span.c.days, first.c.f, type_coerce(span.c.last, Date), last.c.f,
                   type_coerce(_END, Date)).select_from(
        span.join(first, and_(first.c.m == span.c.m, first.c.on == span.c.first))
            .join(last, and_(last.c.m == span.c.m, last.c.on == span.c.last))
            .join(_MT, _M.id == span.c.m))
    query = _scoped(query, opportunity_id).order_by(_M.position, _M.id)
    yield from work.session.connection().execute(query)


def latest_snapshots(work: UnitOfWork, opportunity_id: int | None = None) -> list[Any]:
    """Each partnership's snapshots of its latest meeting (milestone_id, taken_on,
    forecast_date, status), by date then as taken."""
    latest = _scoped(select(_M.opportunity_id.label("opp"), func.max(_S.taken_on).label("on"))
                     .select_from(_ST.join(_MT, _M.id == _S.milestone_id)), opportunity_id
                     ).group_by(_M.opportunity_id).subquery()
    query = (select(_S.milestone_id, _S.taken_on, _S.forecast_date, _S.status)
             .select_from(_ST.join(_MT, _M.id == _S.milestone_id)
                          .join(latest, and_(latest.c.opp == _M.opportunity_id,
                                             latest.c.on == _S.taken_on)))
             .order_by(_S.taken_on, _S.id))
    return list(work.session.connection().execute(query).all())


def first_rows(work: UnitOfWork, names: Sequence[str], opportunity_ids: Sequence[int],
               limit: int) -> list[Any]:
    """The first ``limit`` milestones of these partnerships in the timeline's order."""
    query = (select(*(_M[n] for n in names)).where(_M.opportunity_id.in_(list(opportunity_ids)))
             .order_by(_M.position, _M.id).limit(limit))
    return list(work.session.connection().execute(query).all())


def group_counts(work: UnitOfWork, by: str, opportunity_id: int | None = None, *,
                 without: Sequence[str] = ()) -> dict[Any, int]:
    """How many milestones per value of the column ``by``, leaving out the statuses
    ``without`` (meeting mode steps through all but the dropped)."""
    column = _M[by]
    query = select(column, func.count())
    if without:
        query = query.where(_M.status.notin_(list(without)))
    query = _scoped(query, opportunity_id).group_by(column)
    return {value: int(n) for value, n in work.session.connection().execute(query)}


def _member(by: str, values: Sequence[Any]) -> Any:
    """The milestones whose column ``by`` holds one of ``values`` (None: IS NULL)."""
    column = _M[by]
    named = [v for v in values if v is not None]
    found = column.in_(named) if named else None
    if None in values:
        found = column.is_(None) if found is None else or_(found, column.is_(None))
    return found if found is not None else column.in_([])


def steps_outside(work: UnitOfWork, names: Sequence[str], by: str, values: Sequence[Any],
                  opportunity_id: int | None = None) -> list[Any]:
    """The steps (children) of the milestones whose ``by`` is one of ``values`` that are not
    among them themselves: opening a group of 48,886 milestones asks for the few hundred
    steps in other groups, not for 48,886 ids in chunks."""
    group = _member(by, values)
    # Not in the group: NOT IN is unknown for a NULL (no owner), which is outside it too.
    outside = ~group if None in values else or_(~group, _M[by].is_(None))
    inside = _scoped(select(_M.id).where(group), opportunity_id)
    query = _scoped(select(*(_M[n] for n in names)).where(
        _M.parent_id.in_(inside), outside), opportunity_id)
    return list(work.session.connection().execute(query).all())
