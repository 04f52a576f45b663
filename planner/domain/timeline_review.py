"""Reviewing a timeline (domain layer): what slipped and by how much, what changed since the
last meeting, and the bite check (steps too long to be a bite, steps overdue).

Pure functions of the milestones (``timeline.TimelineItem``) and their snapshots; the
timeline view's side panel, meeting mode and the reports read them.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from planner.domain.timeline import (
    CLOSED_STATUSES,
    DEFAULT_BITE_DAYS,
    MONTHS,
    MilestoneStatus,
    TimelineItem,
)

SLIP_LINES = 40  # a slip chart draws the lines of the worst slippers, no more


@dataclass(frozen=True, slots=True)
class SnapshotPoint:
    milestone_id: int
    taken_on: dt.date
    forecast: dt.date | None
    status: str


@dataclass(frozen=True, slots=True)
class SlipLine:
    """One milestone's forecast at each meeting (x = meeting date, y = forecast date)."""

    milestone_id: int
    title: str
    points: tuple[tuple[dt.date, dt.date], ...]

    @property
    def total_slip_days(self) -> int:
        if len(self.points) < 2:
            return 0
        return (self.points[-1][1] - self.points[0][1]).days


def slip_lines(snapshots: Iterable[SnapshotPoint], items: Sequence[TimelineItem], *,
               today: dt.date | None = None, include_today: bool = True) -> list[SlipLine]:
    """The milestone trend: per milestone, its forecast at each snapshot, then today's."""
    per: dict[int, dict[dt.date, dt.date]] = defaultdict(dict)
    for snap in snapshots:
        if snap.forecast is not None:
            per[snap.milestone_id][snap.taken_on] = snap.forecast
    now = today or dt.date.today()
    lines: list[SlipLine] = []
    for item in items:
        points = dict(per.get(item.id, {}))
        current = item.end
        if include_today and current is not None and points and now >= max(points):
            points[now] = current
        if points:
            lines.append(SlipLine(item.id, item.title, tuple(sorted(points.items()))))
    return lines


class SlipEnds(NamedTuple):
    """What ranks one milestone's slip line: how many meeting days have a forecast, the
    first of those forecasts, the last such day and its forecast, and the milestone's end
    (``TimelineItem.end``), which the line reaches today."""

    milestone_id: int
    days: int
    first: dt.date
    last_on: dt.date
    last: dt.date
    end: dt.date | None


def worst_slippers(ends: Iterable[SlipEnds], *, today: dt.date, limit: int) -> list[int]:
    """The milestones a slip chart of ``limit`` lines draws: of the lines ``slip_lines``
    makes, the largest total slips first, ties in the order of ``ends``; worked out without
    making every line (36,000 at 100,000 milestones), keeping ``limit`` of them at a time.
    The ids come in the order of ``ends``."""
    def slip(line: SlipEnds) -> int:
        points, end = line.days, line.last
        if line.end is not None and today >= line.last_on:  # today's point, as slip_lines
            points += today != line.last_on
            end = line.end
        return (end - line.first).days if points > 1 else 0

    chosen = heapq.nsmallest(limit, enumerate(ends),
                             key=lambda at: (-abs(slip(at[1])), at[0]))
    return [line.milestone_id for _at, line in sorted(chosen)]


@dataclass(frozen=True, slots=True)
class Change:
    milestone_id: int
    title: str
    before: dt.date | None
    after: dt.date | None

    @property
    def days(self) -> int:
        if self.before is None or self.after is None:
            return 0
        return (self.after - self.before).days


@dataclass(frozen=True)
class SinceLastMeeting:
    meeting_date: dt.date | None
    slipped: tuple[Change, ...] = ()
    pulled_in: tuple[Change, ...] = ()
    added: tuple[Change, ...] = ()
    done: tuple[Change, ...] = ()
    dropped: tuple[Change, ...] = ()
    several_meetings: bool = False  # partnerships last met on different dates
    more_added: int = 0  # added milestones counted but not listed in ``added`` (a long plan)

    @property
    def added_count(self) -> int:
        return len(self.added) + self.more_added

    @property
    def empty(self) -> bool:
        return not (self.slipped or self.pulled_in or self.added or self.done or self.dropped
                    or self.more_added)


def since_last_meeting(snapshots: Iterable[SnapshotPoint], items: Sequence[TimelineItem], *,
                       before: dt.date | None = None) -> SinceLastMeeting:
    """What slipped, moved earlier, was added, was done or dropped since the last snapshot.

    Each partnership meets on its own dates, so a milestone is compared with the latest
    snapshot of *its* partnership (before ``before`` when given). A milestone missing from
    that snapshot counts as added; partnerships never snapshotted are left out.
    ``meeting_date`` is the latest of those meetings.
    """
    snaps = [s for s in snapshots if before is None or s.taken_on < before]
    if not snaps:
        return SinceLastMeeting(None)
    group_of = {item.id: item.group_id for item in items}
    last_of: dict[int, dt.date] = {}
    for snap in snaps:
        group = group_of.get(snap.milestone_id)
        if group is not None and (group not in last_of or snap.taken_on > last_of[group]):
            last_of[group] = snap.taken_on
    if not last_of:
        return SinceLastMeeting(None)
    then = {s.milestone_id: s for s in snaps
            if s.taken_on == last_of.get(group_of.get(s.milestone_id, -1))}
    slipped, pulled, added, done, dropped = [], [], [], [], []
    for item in items:
        if item.group_id not in last_of:
            continue
        old = then.get(item.id)
        now = item.end
        if old is None:
            added.append(Change(item.id, item.title, None, now))
            continue
        change = Change(item.id, item.title, old.forecast, now)
        if item.status == "done" and old.status != "done":
            done.append(change)
        elif item.status == "dropped" and old.status != "dropped":
            dropped.append(change)
        elif old.forecast is not None and now is not None and now > old.forecast:
            slipped.append(change)
        elif old.forecast is not None and now is not None and now < old.forecast:
            pulled.append(change)
    slipped.sort(key=lambda c: -c.days)
    return SinceLastMeeting(max(last_of.values()), tuple(slipped), tuple(pulled), tuple(added),
                            tuple(done), tuple(dropped), len(set(last_of.values())) > 1)


# --------------------------------------------------------------------------- bite helper


@dataclass(frozen=True, slots=True)
class BiteWarning:
    milestone_id: int
    title: str
    message: str
    group_id: int = 0  # the partnership the milestone is in


def bite_line(warning: BiteWarning, partnerships: Mapping[int, str] | None) -> str:
    """The warning as the bite check lists it: its sentence, led by the partnership it is
    in when the list spans several ("In Wellbeing hub, “Step 9 of phase 22” has no
    owner."; ``partnerships``: id to name; None for one partnership's list, whose
    sentences need no name). A long plan's "Step 9 of phase 22" is in many partnerships, and the
    title alone cannot tell which."""
    name = partnerships.get(warning.group_id) if partnerships else None
    return f"In {name}, {warning.message}" if name else warning.message


def bite_warnings(items: Sequence[TimelineItem], bite_days: int = DEFAULT_BITE_DAYS
                  ) -> list[BiteWarning]:
    """Leaf milestones ("bites") that have no owner, no date, or span more than a bite."""
    parents = {item.parent_id for item in items if item.parent_id is not None}
    warnings: list[BiteWarning] = []
    for item in items:
        if item.id in parents or item.status in CLOSED_STATUSES:
            continue
        if not item.owner and not item.owner_theirs:
            warnings.append(BiteWarning(item.id, item.title, f"“{item.title}” has no owner.",
                                        item.group_id))
        end = item.end
        if end is None:
            warnings.append(BiteWarning(item.id, item.title, f"“{item.title}” has no date.",
                                        item.group_id))
        elif item.start is not None and (end - item.start).days + 1 > bite_days:
            span = (end - item.start).days + 1
            warnings.append(BiteWarning(
                item.id, item.title,
                f"“{item.title}” spans {span} days, more than a {bite_days}-day bite: "
                "split it.", item.group_id))
    return warnings


def overdue_warnings(items: Sequence[TimelineItem], today: dt.date) -> list[BiteWarning]:
    """Open milestones whose forecast has passed but whose status does not say "late":
    an honest status is what lets a meeting trust the colours."""
    found: list[BiteWarning] = []
    for item in items:
        end = item.end
        if (item.status in CLOSED_STATUSES or item.status == MilestoneStatus.LATE
                or end is None or end >= today):
            continue
        found.append(BiteWarning(
            item.id, item.title,
            f"“{item.title}” was due on {end.day} {MONTHS[end.month - 1]} {end.year} and is "
            "not done: mark it late, or move its forecast.", item.group_id))
    return found


def bite_spans(start: dt.date, end: dt.date, bite_days: int = DEFAULT_BITE_DAYS
               ) -> list[tuple[dt.date, dt.date]]:
    """Split ``start..end`` (inclusive) into the fewest equal bites no longer than
    ``bite_days``; each bite starts the day after the previous one ends."""
    if end < start:
        raise ValueError("the end is before the start")
    if bite_days < 1:
        raise ValueError("a bite is at least one day")
    total = (end - start).days + 1
    count = math.ceil(total / bite_days)
    return [(start + dt.timedelta(days=k * total // count),
             start + dt.timedelta(days=(k + 1) * total // count - 1)) for k in range(count)]
