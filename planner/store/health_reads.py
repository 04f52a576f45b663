"""Reads the health rules ask of the database (store layer): only the rows a rule can name.

A plan kept for years holds tens of thousands of meetings, actions and forecast snapshots;
the health rules (planner/domain/health.py) look at a few of each per partnership. These
queries select those few in SQL (window functions and joins valid on SQLite and PostgreSQL),
so the services build facts for them alone. Each returns named tuples, like
``UnitOfWork.columns``; the services apply the same domain rules to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
    case,
    cast,
    exists,
    func,
    or_,
    text,
    union_all,
)
from sqlalchemy import select as sa_select

from planner.store.database import UnitOfWork, _row_class
from planner.store.tables import (
    ConflictArea,
    Meeting,
    MeetingAction,
    Milestone,
    MilestoneSnapshot,
    Opportunity,
)

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
    cadence).

    Two reads, each along the index on (opportunity_id, held_on) (migration 0008): each
    partnership's ``keep_held``-th latest held meeting (a few index entries each), then
    each partnership's meetings from the earlier of that one and its window's start."""
    if not opportunity_ids:
        return []
    m = Meeting.__table__  # type: ignore[attr-defined]
    o = Opportunity.__table__  # type: ignore[attr-defined]
    ids = list(opportunity_ids)

    def nth_latest_held(column: Any) -> Any:
        x = m.alias("x")
        return (sa_select(x.c[column])
                .where(x.c.opportunity_id == o.c.id, x.c.state == "held", x.c.held_on <= today)
                .order_by(x.c.held_on.desc(), x.c.id.desc())
                .limit(1).offset(max(1, keep_held) - 1).scalar_subquery())

    cuts = work.session.connection().execute(
        sa_select(o.c.id, nth_latest_held("held_on"), nth_latest_held("id"))
        .where(o.c.id.in_(ids))).all()
    # Written out as SQL: one condition per partnership, of whole numbers and ISO dates
    # only (built as expressions, their hundreds of parameters cost more than the read).
    uncut: list[int] = []  # fewer held than keep_held: every meeting is read
    reaches: list[str] = []
    for opportunity_id, cut_on, cut_id in cuts:
        if cut_id is None:
            uncut.append(int(opportunity_id))
            continue
        start = (since_of or {}).get(opportunity_id, since)
        reaches.append(
            f"(opportunity_id = {int(opportunity_id)} AND held_on >= "
            f"'{min(start, cut_on).isoformat()}' AND (held_on >= '{start.isoformat()}' OR "
            f"held_on > '{cut_on.isoformat()}' OR (held_on = '{cut_on.isoformat()}' AND "
            f"id >= {int(cut_id)})))")
    if uncut:
        reaches.append(f"opportunity_id IN ({', '.join(map(str, uncut))})")
    if not reaches:
        return []
    query = text(f"SELECT {', '.join(MEETING_COLUMNS)} FROM meeting "
                 f"WHERE held_on <= '{today.isoformat()}' AND ({' OR '.join(reaches)}) "
                 "ORDER BY held_on, id").columns(*(m.c[n] for n in MEETING_COLUMNS))
    return _rows(work, "meeting", query, MEETING_COLUMNS)


ACTION_COLUMNS = ("id", "meeting_id", "text", "owner", "due_on", "done_on", "opportunity_id",
                  "confidential")


def oldest_overdue_actions(work: UnitOfWork, opportunity_ids: Sequence[int],
                           today: dt.date) -> tuple[list[Any], dict[int, int]]:
    """Per partnership of ``opportunity_ids``, the oldest meeting action not done and due
    before ``today`` (by due date, then the first made) as ACTION_COLUMNS, and how many
    such actions it has: all the rule on actions says (overdue_actions)."""
    if not opportunity_ids:
        return [], {}
    a = MeetingAction.__table__  # type: ignore[attr-defined]
    m = Meeting.__table__  # type: ignore[attr-defined]
    joined = a.join(m, m.c.id == a.c.meeting_id)
    late = and_(m.c.opportunity_id.in_(list(opportunity_ids)), a.c.done_on.is_(None),
                a.c.due_on < today)
    # Counted and ranked per partnership in SQL (8,402 overdue at 100,000 milestones): the
    # oldest is the least of (due day) * 2**32 + id, the id its remainder.
    day = cast(_days(work, a.c.due_on, dt.date(2000, 1, 1)), BigInteger)
    counts: dict[int, int] = {}
    oldest: list[int] = []
    for opp, n, key in work.session.connection().execute(
            sa_select(m.c.opportunity_id, func.count(),
                      func.min(day * _SPAN + cast(a.c.id, BigInteger)))
            .select_from(joined).where(late).group_by(m.c.opportunity_id)).all():
        counts[int(opp)] = int(n)
        oldest.append(int(key) % _SPAN)
    if not oldest:
        return [], counts
    query = (sa_select(a.c.id, a.c.meeting_id, a.c.text, a.c.owner, a.c.due_on, a.c.done_on,
                       m.c.opportunity_id, m.c.confidential)
             .select_from(joined).where(a.c.id.in_(oldest))
             .order_by(a.c.id))
    return _rows(work, "meeting_action", query, ACTION_COLUMNS), counts


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


MILESTONE_COLUMNS = ("id", "opportunity_id", "parent_id", "title", "status", "baseline_date",
                     "forecast_date", "due_date", "actual_date", "small_win", "owner_ours_id",
                     "owner_theirs_id", "celebration_note", "position")


_SPAN = 2 ** 32  # above every id: (a rule's value) * _SPAN +- id orders by value, then id


class MilestoneTally(NamedTuple):
    """Per partnership, how many open leaf milestones slip, are past their dates, or lack
    an owner (the counts in the milestone rules' sentences)."""

    slipping: int
    overdue: int
    unowned: int


def _days(work: UnitOfWork, later: Any, earlier: Any) -> Any:
    """Whole days from ``earlier`` to ``later`` (two dates) in SQL."""
    if work.session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return later - earlier  # PostgreSQL: date - date is a number of days


def named_milestones(work: UnitOfWork, opportunity_ids: Sequence[int], today: dt.date, *,
                     open_statuses: Sequence[str], slip_tolerance: int,
                     listed: tuple[dt.date, dt.date], wins_since: dt.date,
                     also: Sequence[int] = ()) -> tuple[list[Any], dict[int, MilestoneTally]]:
    """The milestones of ``opportunity_ids`` the milestone rules and the dashboard's lists
    can name, and per partnership the counts the rules say (planner/domain/health.py):

    - of the open leaf milestones (no step under them): the one slipped furthest past its
      baseline by more than ``slip_tolerance`` days (ties: the first made), the oldest past
      its date before ``today``, the one lacking an owner on the most sides (ties: the
      first made), with how many of each there are;
    - of the small wins: the next open one (by date, undated last) and the last done on or
      before ``today``; the ones done since ``wins_since``;
    - the open milestones due from ``listed[0]`` to ``listed[1]``; and those of ``also``.

    A milestone's date is its forecast, else its due date, else its baseline. Rows as
    MILESTONE_COLUMNS, in the plan's order (position, id)."""
    if not opportunity_ids:
        return [], {}
    m = Milestone.__table__  # type: ignore[attr-defined]
    ids, statuses = list(opportunity_ids), list(open_statuses)
    forecast = func.coalesce(m.c.forecast_date, m.c.due_date)
    when = func.coalesce(m.c.forecast_date, m.c.due_date, m.c.baseline_date)
    by_opp = m.c.opportunity_id
    # The open leaf milestones as whole numbers (days, flags), counted and ranked per
    # partnership in SQL: a plan kept for years has 35,000 of them, and the rules name one
    # of each kind. A rule's order (furthest slip, oldest date, fewest owners; then the
    # first made) is one number, its value times 2**32 plus or minus the id, whose max or
    # min is the first; the id is its remainder (ids stay below 2**32).
    epoch = dt.date(2000, 1, 1)
    step = Milestone.__table__.alias("step")  # type: ignore[attr-defined]
    leaves = (sa_select(by_opp.label("opp"),
                        case((and_(m.c.baseline_date.is_not(None), forecast.is_not(None)),
                              _days(work, forecast, m.c.baseline_date))).label("slip"),
                        _days(work, when, epoch).label("day"),
                        case((and_(m.c.owner_ours_id.is_(None), m.c.owner_theirs_id.is_(None)),
                              0), (m.c.owner_ours_id.is_(None), 1),
                             (m.c.owner_theirs_id.is_(None), 2)).label("missing"),
                        cast(m.c.id, BigInteger).label("id"))
              .where(by_opp.in_(ids), m.c.status.in_(statuses),
                     ~exists().where(step.c.parent_id == m.c.id))
              .subquery("leaf"))
    past = (today - epoch).days
    slipping = leaves.c.slip > slip_tolerance
    overdue = leaves.c.day < past
    ranked = sa_select(
        leaves.c.opp,
        func.count(case((slipping, 1))),
        func.max(case((slipping, cast(leaves.c.slip, BigInteger) * _SPAN - leaves.c.id))),
        func.count(case((overdue, 1))),
        func.min(case((overdue, cast(leaves.c.day, BigInteger) * _SPAN + leaves.c.id))),
        func.count(leaves.c.missing),
        func.min(cast(leaves.c.missing, BigInteger) * _SPAN + leaves.c.id),
    ).group_by(leaves.c.opp)
    tally: dict[int, MilestoneTally] = {}
    wanted: set[int] = set(also)
    for opp, n_slip, slip_key, n_late, late_key, n_unowned, unowned_key in \
            work.session.connection().execute(ranked).all():
        tally[opp] = MilestoneTally(int(n_slip), int(n_late), int(n_unowned))
        if slip_key is not None:
            wanted.add(int(-slip_key) % _SPAN)
        wanted.update(int(key) % _SPAN for key in (late_key, unowned_key) if key is not None)

    is_open = m.c.status.in_(statuses)
    done_win = and_(m.c.status == "done", m.c.actual_date.is_not(None),
                    m.c.actual_date <= today)
    # Of the small wins, per partnership: the next open one (by date, undated last, then
    # the first made) and the last done (latest, then the first made), as the least and
    # the greatest of one number each (the id its remainder), like the rules above.
    undated = 10 ** 7  # days: after every date (9999-12-31 is 2,914,000 days on)
    next_day = cast(func.coalesce(_days(work, when, epoch), undated), BigInteger)
    done_day = cast(_days(work, m.c.actual_date, epoch), BigInteger)
    for next_key, last_key in work.session.connection().execute(
            sa_select(func.min(case((is_open, next_day * _SPAN + cast(m.c.id, BigInteger)))),
                      func.max(case((done_win, done_day * _SPAN - cast(m.c.id, BigInteger)))))
            .where(by_opp.in_(ids), m.c.small_win.is_(True)).group_by(by_opp)).all():
        if next_key is not None:
            wanted.add(int(next_key) % _SPAN)
        if last_key is not None:
            wanted.add(int(-last_key) % _SPAN)
    # Two reads in one, each along its own index, (opportunity_id, status) and
    # (opportunity_id, small_win): as one OR they read every milestone of the plan.
    columns = [m.c[n] for n in MILESTONE_COLUMNS]
    rows = {r.id: r for r in _rows(work, "milestone", union_all(
        sa_select(*columns).where(by_opp.in_(ids), is_open, when >= listed[0],
                                  when <= listed[1]),
        sa_select(*columns).where(by_opp.in_(ids), m.c.small_win.is_(True),
                                  m.c.status == "done", m.c.actual_date >= wins_since,
                                  m.c.actual_date <= today)),
        MILESTONE_COLUMNS)}
    wanted.difference_update(rows)
    more = sorted(wanted)
    for start in range(0, len(more), 5000):
        rows.update((r.id, r) for r in _rows(work, "milestone", sa_select(
            *(m.c[n] for n in MILESTONE_COLUMNS)).where(m.c.id.in_(more[start:start + 5000])),
            MILESTONE_COLUMNS))
    return sorted(rows.values(), key=lambda r: (r.position, r.id)), tally


def _area_query(names: Sequence[str]) -> tuple[Any, Any]:
    a = ConflictArea.__table__  # type: ignore[attr-defined]
    return a, sa_select(*(a.c[n] for n in names))


def areas_due(work: UnitOfWork, names: Sequence[str], until: dt.date, *,
              inactive: Collection[str], first: int | None = None) -> tuple[list[Any], int]:
    """The conflict areas not in an ``inactive`` status whose next review is on or before
    ``until``, by (next_review, id), as ``names``: the ``first`` of them (all when None),
    and how many there are (a plan kept for years has over 10,000 due)."""
    a, query = _area_query(names)
    due = and_(a.c.status.not_in(sorted(inactive)), a.c.next_review <= until)
    query = query.where(due).order_by(a.c.next_review, a.c.id)
    if first is None:
        rows = _rows(work, "conflict_area", query, names)
        return rows, len(rows)
    rows = _rows(work, "conflict_area", query.limit(first), names)
    count = len(rows) if len(rows) < first else int(work.session.connection().execute(
        sa_select(func.count()).select_from(a).where(due)).scalar_one())
    return rows, count


def flaggable_areas(work: UnitOfWork, names: Sequence[str], today: dt.date, *,
                    inactive: Collection[str], serious_from: int, internal: str,
                    grace_days: int | None = None) -> tuple[list[Any], dict[int, int]]:
    """The conflict areas not in an ``inactive`` status that are past their review date
    before ``today`` with a residual score (likelihood x impact) of ``serious_from`` or
    more, or ``internal`` (their openness) since before ``today``, as ``names`` in id
    order: the only areas the health rule on conflicts can name. With ``grace_days``, of
    the areas internal for longer than that with a lower score, only the oldest of each
    partnership (by identified_on, then id) and how many the others are per partnership
    (the rule names the oldest and counts the rest); internal ones not yet that old are
    left out."""
    a, query = _area_query(names)
    active = a.c.status.not_in(sorted(inactive))
    score = a.c.residual_likelihood * a.c.residual_impact
    serious_late = and_(a.c.next_review < today, score >= serious_from)
    if grace_days is None:
        return _rows(work, "conflict_area", query.where(active, or_(
            serious_late, and_(a.c.openness == internal, a.c.identified_on < today)))
            .order_by(a.c.id), names), {}
    kept_since = and_(a.c.openness == internal,
                      a.c.identified_on < today - dt.timedelta(days=grace_days))
    named = _rows(work, "conflict_area", query.where(active, or_(
        serious_late, and_(kept_since, score >= serious_from))).order_by(a.c.id), names)
    # Ranked by id alone (6,001 such areas at 100,000 milestones), then the oldest of each
    # partnership read whole: carrying every column through the windows cost a third more.
    ranked = sa_select(a.c.id.label("id"),
                       func.row_number().over(partition_by=a.c.opportunity_id,
                                              order_by=(a.c.identified_on, a.c.id))
                       .label("place_"),
                       func.count().over(partition_by=a.c.opportunity_id).label("count_"))\
        .where(active, kept_since, score < serious_from).subquery("quiet")
    oldest = work.session.connection().execute(
        sa_select(*(a.c[n] for n in names), ranked.c.count_)
        .select_from(ranked.join(a, a.c.id == ranked.c.id))
        .where(ranked.c.place_ == 1).order_by(a.c.id)).all()
    make = _row_class("conflict_area", tuple(names))._make
    kept = [make(tuple(row)[:len(names)]) for row in oldest]
    more = {area.opportunity_id: int(row[-1]) - 1 for area, row in zip(kept, oldest, strict=True)}
    return sorted([*named, *kept], key=lambda r: r.id), more
