"""The timeline for other programs (services layer): MS Project XML, calendars, spreadsheets.

``planner export timeline --out F.xml|.ics|.csv|.xlsx`` and the window's calendar export
come here; the PDF, PNG and SVG pictures stay in planner/services/timeline.py.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.atomic import write_bytes
from planner.domain import timeline as tl
from planner.services.changes import ValidationError
from planner.services.timeline import TimelineData, load_timeline
from planner.store.database import Store
from planner.store.tables import AuditEvent, ConflictArea, Meeting, Opportunity, PlanIdentity

SUFFIXES = (".xml", ".ics", ".csv", ".xlsx")
DATE_CHANGES = ("start_date=", "due_date=", "forecast_date=", "actual_date=", "status=")
TABLE_HEADER = ("Partnership", "Group", "Milestone", "Our owner", "Their owner", "Start",
                "Due", "Baseline", "Forecast", "Actual", "Status", "Progress (%)",
                "Small win", "Depends on")


@dataclass(frozen=True)
class CalendarOptions:
    """What goes into the diary: due days (default) or spans."""

    spans: bool = False
    reviews: bool = False  # conflict areas' next review dates
    meetings: bool = False  # planned meetings
    include_confidential: bool = False  # confidential areas and meetings too


def plan_uid(store: Store) -> str:
    """The plan's own UUID, made (and kept in the plan) the first time it is asked for."""
    with store.work() as work:
        row = work.get(PlanIdentity, 1)
        if row is None:
            row = work.add(PlanIdentity(id=1, uid=str(uuid.uuid4())))
        return row.uid


def date_changes(store: Store, milestone_ids: set[int]) -> dict[int, int]:
    """How many times each milestone's dates (or status) were changed: its SEQUENCE."""
    counts: dict[int, int] = {}
    with store.work() as work:
        for event in work.list(AuditEvent, entity="milestone", action="update"):
            if event.entity_id in milestone_ids and any(
                    key in event.detail for key in DATE_CHANGES):
                counts[event.entity_id] = counts.get(event.entity_id, 0) + 1
    return counts


def _other_events(store: Store, partnership_id: int | None, options: CalendarOptions,
                  uid: str) -> list[Any]:
    """Review dates of open conflict areas and planned meetings, when asked for."""
    from planner.reports.ics import CalendarEvent, event_uid

    events: list[CalendarEvent] = []
    scope: dict[str, Any] = {} if partnership_id is None else {"opportunity_id": partnership_id}
    with store.work() as work:
        titles = {o.id: o.title for o in work.list(Opportunity)}
        if options.reviews:
            for area in work.list(ConflictArea, **scope):
                if area.next_review is None or area.status == "closed" or area.id is None:
                    continue
                if area.confidential and not options.include_confidential:
                    continue
                events.append(CalendarEvent(
                    uid=event_uid("review", area.id, uid),
                    summary=f"Review conflict area: {area.title} "
                            f"({titles.get(area.opportunity_id, '')})",
                    first=area.next_review, last=area.next_review,
                    category="Conflict review", sequence=max(0, area.row_version - 1)))
        if options.meetings:
            for meeting in work.list(Meeting, state="planned", **scope):
                if meeting.id is None or (meeting.confidential
                                          and not options.include_confidential):
                    continue
                events.append(CalendarEvent(
                    uid=event_uid("meeting", meeting.id, uid),
                    summary=f"{meeting.kind.capitalize()} meeting: "
                            f"{titles.get(meeting.opportunity_id, '')}",
                    first=meeting.held_on, last=meeting.held_on, category="Meeting",
                    sequence=max(0, meeting.row_version - 1)))
    return events


def timeline_table(data: TimelineData) -> list[list[Any]]:
    """Header first, then one row per milestone: dates stay dates, numbers stay numbers."""
    titles = {item.id: item.title for item in data.items}
    depends: dict[int, list[str]] = {}
    for dep in data.dependencies:
        if dep.predecessor_id in titles:
            lag = f" {dep.lag_days:+d} days" if dep.lag_days else ""
            depends.setdefault(dep.successor_id, []).append(
                f"{titles[dep.predecessor_id]} ({tl.DEPENDENCY_LABELS.get(dep.kind, dep.kind)}"
                f"{lag})")
    rows: list[list[Any]] = [list(TABLE_HEADER)]
    ordered = sorted(data.items, key=lambda i: (
        data.group_titles.get(i.group_id, "").casefold(), i.group_id, i.position, i.id))
    for item in ordered:
        rows.append([
            data.group_titles.get(item.group_id, ""),
            titles.get(item.parent_id, "") if item.parent_id else "",
            item.title, item.owner, item.owner_theirs, item.start, item.due, item.baseline,
            item.forecast, item.actual, tl.STATUS_LABELS.get(item.status, item.status),
            item.progress, "yes" if item.small_win else "no",
            "; ".join(depends.get(item.id, []))])
    return rows


def _scope(data: TimelineData, partnership_id: int | None) -> str:
    if partnership_id is not None:
        return f"Milestones: {data.group_titles.get(partnership_id, '')}"
    return "Milestones: all partnerships"


def export_timeline_file(store: Store, out: Path, partnership_id: int | None = None, *,
                         calendar: CalendarOptions = CalendarOptions(),
                         data: TimelineData | None = None) -> None:
    """Write the timeline to ``out``: .xml (MS Project), .ics, .csv or .xlsx."""
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(f"{out.name}: the timeline's data can be written as .xml, .ics, "
                              ".csv or .xlsx.", "out")
    data = data or load_timeline(store, partnership_id)
    if not data.items:
        where = (f"“{data.group_titles.get(partnership_id, partnership_id)}”"
                 if partnership_id is not None else "this plan")
        raise ValidationError(f"There are no milestones in {where} to export yet.")
    title = _scope(data, partnership_id)
    if suffix == ".ics":
        from planner.reports.ics import calendar_ics, milestone_events

        ids = {item.id for item in data.items}
        events = milestone_events(data.items, data.group_titles, plan_uid=plan_uid(store),
                                  spans=calendar.spans, sequences=date_changes(store, ids))
        events += _other_events(store, partnership_id, calendar, plan_uid(store))
        write_bytes(out, calendar_ics(events))
    elif suffix == ".xml":
        from planner.reports.mspdi import project_xml

        write_bytes(out, project_xml(data.items, data.dependencies, data.group_titles,
                                     title=title, created=dt.datetime.now()))
    else:
        from planner.reports import register_export

        table = timeline_table(data)
        if suffix == ".csv":
            register_export.write_csv(table, out)
        else:
            register_export.write_xlsx(table, out, title="Timeline", document_title=title)
