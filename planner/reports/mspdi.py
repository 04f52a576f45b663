"""The timeline as MS Project XML (MSPDI) (reports layer): what MS Project, ProjectLibre,
GanttProject and GNOME Planner (through its msp2planner stylesheet) open.

One summary task per partnership holds its milestones (a milestone with steps of its own is
a summary task too); a milestone without a span (no start, or start on the due day) is an MS
Project milestone of zero duration. Forecast dates are the task's Start and Finish, the
first agreed (baseline) date is Baseline 0, the due date is the task's Deadline, the actual
date is ActualFinish, progress is PercentComplete, the status goes in the notes, and the
owners (ours and the partner's) are resources assigned to the task.

Elements are written in the order of Microsoft's MSPDI schema (its groups are sequences),
and only elements of the subset shipped in ``resources/schemas/mspdi-subset.xsd``, which
the tests validate every export against. Each task also carries a constraint "start no
earlier than" its start, so MS Project's scheduler keeps the dates we wrote rather than
pulling every task back to the project's start.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from planner.domain import timeline as tl

NAMESPACE = "http://schemas.microsoft.com/project"
DAY_START = dt.time(8, 0)
DAY_FINISH = dt.time(17, 0)
MINUTES_PER_DAY = 480
LINK_TYPES = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}  # MSPDI's PredecessorLink/Type
CONSTRAINT_START_NO_EARLIER_THAN = 4
DURATION_FORMAT_DAYS = 7
# Characters XML 1.0 cannot hold at all.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_XML_ILLEGAL.sub("", value))


def _stamp(day: dt.date, at: dt.time) -> str:
    return dt.datetime.combine(day, at).strftime("%Y-%m-%dT%H:%M:%S")


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days from ``start`` to ``end`` inclusive (at least one)."""
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5 + sum(1 for k in range(rest)
                            if (start + dt.timedelta(days=weeks * 7 + k)).weekday() < 5)
    return max(1, count)


def _duration(minutes: int) -> str:
    return f"PT{minutes // 60}H{minutes % 60}M0S"


class _Task:
    """One task row as written: the partnership summary or a milestone."""

    def __init__(self, uid: int, name: str, level: int, outline: str) -> None:
        self.uid, self.name, self.level, self.outline = uid, name, level, outline
        self.item: tl.TimelineItem | None = None
        self.summary = False
        self.start: dt.date | None = None
        self.finish: dt.date | None = None


def _span(item: tl.TimelineItem) -> tuple[dt.date | None, dt.date | None]:
    end = item.end
    if end is None:
        return None, None
    start = item.start if item.start is not None and item.start <= end else end
    return start, end


def is_zero_length(item: tl.TimelineItem) -> bool:
    start, end = _span(item)
    return end is None or start == end


def project_xml(items: Sequence[tl.TimelineItem], dependencies: Sequence[tl.Dependency],
                group_titles: Mapping[int, str], *, title: str,
                created: dt.datetime | None = None) -> bytes:
    """The MSPDI document for these milestones (UTF-8 bytes)."""
    now = (created or dt.datetime.now()).replace(microsecond=0, tzinfo=None)
    by_parent: dict[tuple[int, int | None], list[tl.TimelineItem]] = defaultdict(list)
    known = {item.id for item in items}
    for item in items:
        parent = item.parent_id if item.parent_id in known else None
        by_parent[(item.group_id, parent)].append(item)
    for children in by_parent.values():
        children.sort(key=lambda i: (i.position, i.id))
    groups = sorted({item.group_id for item in items},
                    key=lambda g: (group_titles.get(g, "").casefold(), g))

    tasks: list[_Task] = []
    uid_of: dict[int, int] = {}

    def visit(group: int, parent: int | None, level: int, prefix: str) -> list[_Task]:
        made: list[_Task] = []
        for k, item in enumerate(by_parent.get((group, parent), []), 1):
            task = _Task(len(tasks) + 1, item.title, level, f"{prefix}.{k}")
            task.item = item
            task.start, task.finish = _span(item)
            uid_of[item.id] = task.uid
            tasks.append(task)
            made.append(task)
            below = visit(group, item.id, level + 1, task.outline)
            if below:
                task.summary = True
                _cover(task, below)
        return made

    for n, group in enumerate(groups, 1):
        summary = _Task(len(tasks) + 1, group_titles.get(group, "") or f"Partnership {group}",
                        1, str(n))
        summary.summary = True
        tasks.append(summary)
        _cover(summary, visit(group, None, 2, str(n)))

    people = sorted({name for item in items for name in (item.owner, item.owner_theirs)
                     if name})
    resource_uid = {name: k for k, name in enumerate(people, 1)}
    ours = {item.owner for item in items if item.owner}

    dated = [t for t in tasks if t.start is not None and t.finish is not None]
    first = min((t.start for t in dated if t.start), default=now.date())
    last = max((t.finish for t in dated if t.finish), default=now.date())

    out: list[str] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
                      f'<Project xmlns="{NAMESPACE}">']
    add = out.append
    add("<SaveVersion>14</SaveVersion>")
    add(f"<Name>{_text(title)}.xml</Name>")
    add(f"<Title>{_text(title)}</Title>")
    add("<Author>Partnership Planner</Author>")
    add(f"<CreationDate>{now:%Y-%m-%dT%H:%M:%S}</CreationDate>")
    add("<ScheduleFromStart>1</ScheduleFromStart>")
    add(f"<StartDate>{_stamp(first, DAY_START)}</StartDate>")
    add(f"<FinishDate>{_stamp(last, DAY_FINISH)}</FinishDate>")
    add("<CalendarUID>1</CalendarUID>")
    add("<DefaultStartTime>08:00:00</DefaultStartTime>")
    add("<DefaultFinishTime>17:00:00</DefaultFinishTime>")
    add(f"<MinutesPerDay>{MINUTES_PER_DAY}</MinutesPerDay>")
    add(f"<MinutesPerWeek>{MINUTES_PER_DAY * 5}</MinutesPerWeek>")
    add("<DaysPerMonth>20</DaysPerMonth>")
    add(f"<CurrentDate>{now:%Y-%m-%dT%H:%M:%S}</CurrentDate>")
    add("<Calendars><Calendar><UID>1</UID><Name>Standard</Name>"
        "<IsBaseCalendar>1</IsBaseCalendar></Calendar></Calendars>")
    add("<Tasks>")
    add("<Task><UID>0</UID><ID>0</ID>"
        f"<Name>{_text(title)}</Name><OutlineNumber>0</OutlineNumber>"
        "<OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>")
    links: dict[int, list[tl.Dependency]] = defaultdict(list)
    for dep in dependencies:
        if dep.predecessor_id in uid_of and dep.successor_id in uid_of:
            links[dep.successor_id].append(dep)
    for task in tasks:
        add(_task_xml(task, links, uid_of, now))
    add("</Tasks>")
    add("<Resources>")
    add("<Resource><UID>0</UID><ID>0</ID><Type>1</Type><IsNull>0</IsNull></Resource>")
    for name, number in resource_uid.items():
        side = "Us" if name in ours else "Partner"
        add(f"<Resource><UID>{number}</UID><ID>{number}</ID><Name>{_text(name)}</Name>"
            f"<Type>1</Type><IsNull>0</IsNull><Group>{side}</Group></Resource>")
    add("</Resources>")
    add("<Assignments>")
    assignment = 0
    for task in tasks:
        if task.item is None:
            continue
        for name in dict.fromkeys((task.item.owner, task.item.owner_theirs)):
            if not name:
                continue
            assignment += 1
            add(f"<Assignment><UID>{assignment}</UID><TaskUID>{task.uid}</TaskUID>"
                f"<ResourceUID>{resource_uid[name]}</ResourceUID><Units>1</Units>"
                "</Assignment>")
    add("</Assignments>")
    add("</Project>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _cover(summary: _Task, below: Sequence[_Task]) -> None:
    """A summary task spans its children (and its own milestone's dates, if any)."""
    starts = [d for d in [summary.start, *(t.start for t in below)] if d is not None]
    ends = [d for d in [summary.finish, *(t.finish for t in below)] if d is not None]
    summary.start = min(starts) if starts else None
    summary.finish = max(ends) if ends else None


def _notes(item: tl.TimelineItem) -> str:
    lines = [f"Status: {tl.STATUS_LABELS.get(item.status, item.status)}"]
    if item.small_win:
        lines.append("Small win")
    if item.owner:
        lines.append(f"Our owner: {item.owner}")
    if item.owner_theirs:
        lines.append(f"Their owner: {item.owner_theirs}")
    if item.definition_of_done:
        lines.append(f"Definition of done: {item.definition_of_done}")
    return "\n".join(lines)


def _task_xml(task: _Task, links: Mapping[int, Sequence[tl.Dependency]],
              uid_of: Mapping[int, int], now: dt.datetime) -> str:
    item = task.item
    milestone = item is not None and not task.summary and is_zero_length(item)
    parts = [f"<Task><UID>{task.uid}</UID><ID>{task.uid}</ID><Name>{_text(task.name)}</Name>",
             "<Type>1</Type><IsNull>0</IsNull>",
             f"<CreateDate>{now:%Y-%m-%dT%H:%M:%S}</CreateDate>",
             f"<WBS>{task.outline}</WBS><OutlineNumber>{task.outline}</OutlineNumber>",
             f"<OutlineLevel>{task.level}</OutlineLevel>"]
    start, finish = task.start, task.finish
    if start is not None and finish is not None:
        if milestone:
            parts.append(f"<Start>{_stamp(finish, DAY_START)}</Start>"
                         f"<Finish>{_stamp(finish, DAY_START)}</Finish>"
                         f"<Duration>{_duration(0)}</Duration>")
        else:
            minutes = working_days(start, finish) * MINUTES_PER_DAY
            parts.append(f"<Start>{_stamp(start, DAY_START)}</Start>"
                         f"<Finish>{_stamp(finish, DAY_FINISH)}</Finish>"
                         f"<Duration>{_duration(minutes)}</Duration>")
        parts.append(f"<DurationFormat>{DURATION_FORMAT_DAYS}</DurationFormat>")
    parts.append(f"<Milestone>{int(milestone)}</Milestone><Summary>{int(task.summary)}</Summary>")
    if item is not None:
        done = item.status == tl.MilestoneStatus.DONE
        progress = 100 if done else max(0, min(100, item.progress))
        parts.append(f"<PercentComplete>{progress}</PercentComplete>")
        if item.actual is not None and start is not None:
            actual_start = min(start, item.actual)
            parts.append(f"<ActualStart>{_stamp(actual_start, DAY_START)}</ActualStart>")
            at = DAY_START if milestone else DAY_FINISH
            parts.append(f"<ActualFinish>{_stamp(item.actual, at)}</ActualFinish>")
        if start is not None and not task.summary:
            parts.append(f"<ConstraintType>{CONSTRAINT_START_NO_EARLIER_THAN}</ConstraintType>"
                         f"<ConstraintDate>{_stamp(start, DAY_START)}</ConstraintDate>")
        if item.due is not None:
            parts.append(f"<Deadline>{_stamp(item.due, DAY_FINISH)}</Deadline>")
        parts.append(f"<Notes>{_text(_notes(item))}</Notes>")
        for dep in links.get(item.id, ()):
            parts.append(
                f"<PredecessorLink><PredecessorUID>{uid_of[dep.predecessor_id]}</PredecessorUID>"
                f"<Type>{LINK_TYPES.get(dep.kind, 1)}</Type><CrossProject>0</CrossProject>"
                f"<LinkLag>{dep.lag_days * MINUTES_PER_DAY * 10}</LinkLag>"
                f"<LagFormat>{DURATION_FORMAT_DAYS}</LagFormat></PredecessorLink>")
        if item.baseline is not None:
            b_start = start if start is not None and not milestone else item.baseline
            if b_start is None or b_start > item.baseline:
                b_start = item.baseline
            b_at = DAY_START if milestone else DAY_FINISH
            parts.append(f"<Baseline><Number>0</Number>"
                         f"<Start>{_stamp(b_start, DAY_START)}</Start>"
                         f"<Finish>{_stamp(item.baseline, b_at)}</Finish></Baseline>")
    parts.append("</Task>")
    return "".join(parts)
