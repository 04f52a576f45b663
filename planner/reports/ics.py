"""Milestones as an iCalendar file (reports layer) for leaders' calendars.

Each dated milestone becomes an all-day VEVENT. RFC 5545 makes DTEND exclusive for
``VALUE=DATE`` events, so a milestone on 14 March ends on 15 March, and a bar from 3 to
14 March ends on 15 March too; writing the last day itself would lose a day in every
calendar program (the mistake GanttProject's issue #1775 describes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from planner.domain import timeline as tl

PRODID = "-//Partnership Planner//Milestones//EN"


def milestone_uid(milestone_id: int) -> str:
    return f"milestone-{milestone_id}@partnership-planner"


def milestones_ics(items: Sequence[tl.TimelineItem], group_titles: Mapping[int, str], *,
                   stamp: dt.datetime | None = None) -> bytes:
    """An iCalendar document with one all-day event per dated milestone."""
    from icalendar import Calendar, Event

    now = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Partnership milestones")
    for item in items:
        end = item.end
        if end is None:
            continue
        start = item.start if item.start is not None and item.start <= end else end
        event = Event()
        event.add("uid", milestone_uid(item.id))
        event.add("dtstamp", now)
        partnership = group_titles.get(item.group_id, "")
        event.add("summary", f"{item.title} ({partnership})" if partnership else item.title)
        event.add("dtstart", start)
        # Exclusive, per RFC 5545 (the last representable day cannot have a next one).
        event.add("dtend", end + dt.timedelta(days=1) if end < dt.date.max else end)
        lines = [f"Status: {tl.STATUS_LABELS.get(item.status, item.status)}"]
        if item.owner:
            lines.append(f"Our owner: {item.owner}")
        if item.owner_theirs:
            lines.append(f"Their owner: {item.owner_theirs}")
        if item.baseline is not None and item.baseline != end:
            lines.append(f"First agreed for {item.baseline.isoformat()}")
        event.add("description", "\n".join(lines))
        event.add("categories", [tl.STATUS_LABELS.get(item.status, item.status)])
        event.add("transp", "TRANSPARENT")  # a milestone does not block the day
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
