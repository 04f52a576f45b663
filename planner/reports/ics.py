"""Milestones, review dates and meetings as an iCalendar file (reports layer) for diaries.

Every event is all-day. RFC 5545 makes DTEND exclusive for ``VALUE=DATE`` events, so an
event on 14 March ends on 15 March, and a span from 3 to 14 March ends on 15 March too;
writing the last day itself would lose a day in every calendar program (the mistake
GanttProject's issue #1775 describes).

By default a milestone is one event on the day it is due (its forecast, or the day it was
done): a diary full of month-long all-day banners hides the days that matter. ``spans``
puts the whole span from start to finish in instead.

Each event's UID carries the plan's own UUID (``milestone-7.<uuid>@partnership-planner``),
so two plans imported into one diary never overwrite each other's events; its SEQUENCE
rises each time the milestone's dates change, so a calendar that imports the file again
updates the event instead of keeping the old one or adding a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.domain import timeline as tl

PRODID = "-//Partnership Planner//Milestones//EN"
DOMAIN = "partnership-planner"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event: ``first`` to ``last`` inclusive."""

    uid: str
    summary: str
    first: dt.date
    last: dt.date
    description: str = ""
    category: str = ""
    sequence: int = 0


def event_uid(kind: str, ident: int, plan_uid: str = "") -> str:
    """``milestone-7.<plan uuid>@partnership-planner`` (without a plan UUID, the old form)."""
    return f"{kind}-{ident}.{plan_uid}@{DOMAIN}" if plan_uid else f"{kind}-{ident}@{DOMAIN}"


def milestone_uid(milestone_id: int, plan_uid: str = "") -> str:
    return event_uid("milestone", milestone_id, plan_uid)


def milestone_events(items: Sequence[tl.TimelineItem], group_titles: Mapping[int, str], *,
                     plan_uid: str = "", spans: bool = False,
                     sequences: Mapping[int, int] | None = None) -> list[CalendarEvent]:
    """One event per dated milestone: on its due day, or over its span (``spans``)."""
    events = []
    for item in items:
        end = item.end
        if end is None:
            continue
        start = item.start if spans and item.start is not None and item.start <= end else end
        partnership = group_titles.get(item.group_id, "")
        lines = [f"Status: {tl.STATUS_LABELS.get(item.status, item.status)}"]
        if item.owner:
            lines.append(f"Our owner: {item.owner}")
        if item.owner_theirs:
            lines.append(f"Their owner: {item.owner_theirs}")
        if item.start is not None and not spans and item.start < end:
            lines.append(f"Starts {item.start.isoformat()}")
        if item.baseline is not None and item.baseline != end:
            lines.append(f"First agreed for {item.baseline.isoformat()}")
        events.append(CalendarEvent(
            uid=milestone_uid(item.id, plan_uid),
            summary=f"{item.title} ({partnership})" if partnership else item.title,
            first=start, last=end, description="\n".join(lines),
            category=tl.STATUS_LABELS.get(item.status, item.status),
            sequence=(sequences or {}).get(item.id, 0)))
    return events


def calendar_ics(events: Sequence[CalendarEvent], *, name: str = "Partnership milestones",
                 stamp: dt.datetime | None = None) -> bytes:
    """An iCalendar document of all-day, non-blocking events."""
    from icalendar import Calendar, Event

    now = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for each in events:
        event = Event()
        event.add("uid", each.uid)
        event.add("dtstamp", now)
        event.add("sequence", max(0, each.sequence))
        event.add("summary", each.summary)
        event.add("dtstart", each.first)
        # Exclusive, per RFC 5545 (the last representable day cannot have a next one).
        last = each.last
        event.add("dtend", last + dt.timedelta(days=1) if last < dt.date.max else last)
        if each.description:
            event.add("description", each.description)
        if each.category:
            event.add("categories", [each.category])
        event.add("transp", "TRANSPARENT")  # a milestone does not block the day
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def milestones_ics(items: Sequence[tl.TimelineItem], group_titles: Mapping[int, str], *,
                   stamp: dt.datetime | None = None, plan_uid: str = "",
                   spans: bool = False) -> bytes:
    """An iCalendar document with one all-day event per dated milestone."""
    return calendar_ics(milestone_events(items, group_titles, plan_uid=plan_uid, spans=spans),
                        stamp=stamp)
