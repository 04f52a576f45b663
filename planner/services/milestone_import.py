"""Milestones from other planners (services layer): MS Project XML (.xml) and GNOME Planner
(.planner) files become milestones of one partnership.

Tasks become milestones (a summary task becomes a milestone with its tasks as steps),
links become dependencies (finish-to-start, start-to-start, finish-to-finish; MS Project's
start-to-finish has no equal here and is skipped), Baseline 0 (else the finish) is the
baseline and due date, the finish is the forecast, the actual finish and % complete are
kept. The people assigned to a task (MS Project resources, Planner allocations) become its
owners when a person of that name is in the plan: ours when they work for our organisation,
the partner's otherwise. Elements this program does not read are counted, never an error; a
file that is not a project is refused in one line. The import is one transaction: all of it
or, when anything fails, none.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain.timeline import MilestoneStatus
from planner.services import timeline as tl_svc
from planner.services.changes import ChangeSet, ValidationError
from planner.store.database import Store
from planner.store.tables import Organisation, Person

MSPDI = "{http://schemas.microsoft.com/project}"
LINKS_MSPDI = {"0": "FF", "1": "FS", "3": "SS"}  # 2 (start-to-finish) has no equal here
READ_TASK = {"UID", "Name", "OutlineLevel", "Start", "Finish", "Milestone", "Summary",
             "PercentComplete", "ActualFinish", "Deadline", "Notes", "PredecessorLink",
             "Baseline", "IsNull"}
# What every project program writes about a task that follows from what is read (numbering,
# durations from the dates, scheduling bookkeeping): left out without being counted, so the
# count says only what a user might miss.
IMPLIED_TASK = {"ID", "GUID", "OutlineNumber", "WBS", "Type", "CreateDate", "Duration",
                "DurationFormat", "ConstraintType", "ConstraintDate", "Active", "Manual",
                "Estimated", "Critical", "EffortDriven", "Work", "RemainingDuration",
                "RemainingWork", "ActualDuration", "Recurring", "OverAllocated", "CalendarUID"}


@dataclass
class ImportedTask:
    key: str
    title: str
    parent: str | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    baseline: dt.date | None = None
    forecast: dt.date | None = None
    actual: dt.date | None = None
    progress: int = 0
    notes: str = ""
    owners: list[str] = field(default_factory=list)  # names as the file gives them


@dataclass
class ImportedProject:
    """What a file holds, ready for a preview and for :func:`import_milestones`."""

    source: str
    kind: str  # "MS Project XML" | "GNOME Planner"
    tasks: list[ImportedTask] = field(default_factory=list)
    links: list[tuple[str, str, str, int]] = field(default_factory=list)  # pred, succ, kind, lag
    skipped: int = 0  # elements and links this program does not use

    def owner_names(self) -> list[str]:
        """Every name assigned to a task, once each, in the file's order."""
        return list(dict.fromkeys(name for task in self.tasks for name in task.owners))


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    text = text.strip()
    try:
        if "-" in text[:8]:  # MSPDI: 2026-03-02T08:00:00
            return dt.date.fromisoformat(text[:10])
        return dt.datetime.strptime(text[:8], "%Y%m%d").date()  # Planner: 20260302T080000Z
    except ValueError:
        return None


def read_project(path: Path) -> ImportedProject:
    """Parse ``path``; ValidationError (one line naming the file) when it is no project."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(f"{path} does not exist.") from None
    except OSError as exc:
        raise ValidationError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValidationError(f"{path.name} is not an MS Project XML or GNOME Planner file: "
                              f"it is not well-formed XML ({exc}).") from None
    if root.tag == f"{MSPDI}Project":
        project = _read_mspdi(root, path.name)
    elif root.tag == "project":
        project = _read_planner(root, path.name)
    else:
        tag = root.tag.split("}")[-1]
        raise ValidationError(f"{path.name} is not an MS Project XML or GNOME Planner file "
                              f"(its root element is <{tag}>).")
    if not project.tasks:
        raise ValidationError(f"{path.name} holds no tasks to import.")
    return project


def _read_mspdi(root: ET.Element, name: str) -> ImportedProject:
    project = ImportedProject(name, "MS Project XML")
    tasks = root.find(f"{MSPDI}Tasks")
    known_sections = {"Tasks", "Resources", "Assignments", "Calendars"}
    for child in root:  # the project's own settings (no children) are not counted
        if child.tag.removeprefix(MSPDI) not in known_sections and len(child):
            project.skipped += 1
    parents: list[tuple[int, str]] = []  # (outline level, key) of the open summary tasks
    for task in (tasks if tasks is not None else []):
        def text(tag: str, node: ET.Element = task) -> str | None:
            return node.findtext(f"{MSPDI}{tag}")
        project.skipped += sum(1 for c in task
                               if c.tag.removeprefix(MSPDI) not in READ_TASK | IMPLIED_TASK)
        level = int(text("OutlineLevel") or "1")
        start, finish = _date(text("Start")), _date(text("Finish"))
        if level == 0 or text("IsNull") == "1" or not ((text("Name") or "").strip()
                                                       or start or finish):
            continue  # the project's own summary, or a blank line of the chart
        key = text("UID") or str(len(project.tasks))
        while parents and parents[-1][0] >= level:
            parents.pop()
        baseline = None
        for base in task.findall(f"{MSPDI}Baseline"):
            if text("Number", base) == "0":
                baseline = _date(text("Finish", base))
        milestone = text("Milestone") == "1"
        item = ImportedTask(
            key=key, title=_title(text("Name"), key),
            parent=parents[-1][1] if parents else None,
            start=None if milestone or start == finish else start,
            due=_date(text("Deadline")) or baseline or finish, baseline=baseline or finish,
            forecast=finish, actual=_date(text("ActualFinish")),
            progress=max(0, min(100, int(float(text("PercentComplete") or 0)))),
            notes=(text("Notes") or "")[:5000])
        project.tasks.append(item)
        for link in task.findall(f"{MSPDI}PredecessorLink"):
            kind = LINKS_MSPDI.get(text("Type", link) or "1")
            pred = text("PredecessorUID", link)
            if kind is None or pred is None or text("CrossProject", link) == "1":
                project.skipped += 1
                continue
            lag = int(float(text("LinkLag", link) or 0)) // 4800  # tenths of a minute, 8 h days
            project.links.append((pred, key, kind, lag))
        if text("Summary") == "1":
            parents.append((level, key))
    names = {r.findtext(f"{MSPDI}UID"): (r.findtext(f"{MSPDI}Name") or "").strip()
             for r in root.iterfind(f"{MSPDI}Resources/{MSPDI}Resource")}
    by_key = {task.key: task for task in project.tasks}
    for assignment in root.iterfind(f"{MSPDI}Assignments/{MSPDI}Assignment"):
        owned = by_key.get(assignment.findtext(f"{MSPDI}TaskUID") or "")
        name = names.get(assignment.findtext(f"{MSPDI}ResourceUID"), "")
        if owned is not None and name and name not in owned.owners:
            owned.owners.append(name)
    return project


def _read_planner(root: ET.Element, name: str) -> ImportedProject:
    project = ImportedProject(name, "GNOME Planner")
    known = {"properties", "phases", "calendars", "tasks", "resource-groups", "resources",
             "allocations"}
    project.skipped += sum(1 for c in root if c.tag not in known)
    tasks = root.find("tasks")

    def visit(node: ET.Element, parent: str | None) -> None:
        for task in node.findall("task"):
            key = task.get("id") or str(len(project.tasks))
            start, end = _date(task.get("start")), _date(task.get("end"))
            milestone = task.get("type") == "milestone"
            kept = bool((task.get("name") or "").strip()) or start is not None or end is not None
            if kept:  # a task, named or not
                project.tasks.append(ImportedTask(
                    key=key, title=_title(task.get("name"), key), parent=parent,
                    start=None if milestone or start == end else start, due=end,
                    baseline=end, forecast=end,
                    progress=max(0, min(100, int(task.get("percent-complete") or 0))),
                    notes=(task.get("note") or "")[:5000]))
            for pred in task.findall("predecessors/predecessor"):
                kind = pred.get("type", "FS")
                if kind not in ("FS", "SS", "FF") or pred.get("predecessor-id") is None:
                    project.skipped += 1
                    continue
                lag = int(pred.get("lag") or 0) // 86400
                project.links.append((str(pred.get("predecessor-id")), key, kind, lag))
            project.skipped += sum(1 for c in task if c.tag not in ("task", "predecessors"))
            visit(task, key if kept else parent)

    if tasks is not None:
        visit(tasks, None)
    names = {r.get("id"): (r.get("name") or "").strip()
             for r in root.iterfind("resources/resource")}
    by_key = {task.key: task for task in project.tasks}
    for allocation in root.iterfind("allocations/allocation"):
        owned = by_key.get(allocation.get("task-id") or "")
        name = names.get(allocation.get("resource-id"), "")
        if owned is not None and name and name not in owned.owners:
            owned.owners.append(name)
    return project


def match_owners(store: Store, project: ImportedProject) -> dict[str, tuple[str, int]]:
    """The file's owner names that are people of the plan: name -> ("ours" or "theirs", id).
    Names are compared ignoring case and spacing; a name two people share is left unmatched
    (the import cannot tell which is meant)."""
    def key(name: str) -> str:
        return " ".join(name.casefold().split())

    wanted = {key(name): name for name in project.owner_names()}
    if not wanted:
        return {}
    found: dict[str, list[tuple[str, int]]] = {}
    with store.work() as work:
        ours = {o.id for o in work.list(Organisation) if o.is_self}
        for person in work.list(Person):
            name = wanted.get(key(person.name))
            if name is not None and person.id is not None:
                side = "ours" if person.organisation_id in ours else "theirs"
                found.setdefault(name, []).append((side, person.id))
    return {name: people[0] for name, people in found.items() if len(people) == 1}


def import_milestones(store: Store, partnership_id: int, project: ImportedProject
                      ) -> tuple[list[int], ChangeSet]:
    """Add the project's tasks to the partnership, in one transaction; the milestone ids
    made, in order (a loop or duplicate among the links is left out and counted)."""
    owners = match_owners(store, project)
    made: dict[str, int] = {}
    changes = ChangeSet()
    with store.work() as work:
        for task in project.tasks:
            done = task.actual is not None or task.progress >= 100
            start = task.start
            if start is not None and task.forecast is not None and start > task.forecast:
                start = None
            values: dict[str, Any] = {
                "title": task.title, "start_date": start, "due_date": task.due,
                "baseline_date": task.baseline, "forecast_date": task.forecast,
                "actual_date": task.actual if done else None, "progress": task.progress,
                "status": MilestoneStatus.DONE if done else (
                    MilestoneStatus.ON_TRACK if task.progress else MilestoneStatus.NOT_STARTED),
                "notes": task.notes,
                "parent_id": made.get(task.parent) if task.parent else None}
            for name in task.owners:  # the first person of each side the file names
                side, person = owners.get(name, ("", 0))
                if side and f"owner_{side}_id" not in values:
                    values[f"owner_{side}_id"] = person
            ident, change = tl_svc.add_milestone(work, partnership_id, values)
            made[task.key] = ident
            changes = changes | change
        for pred, succ, kind, lag in project.links:
            if pred in made and succ in made:
                try:
                    _, change = tl_svc.link_milestones(work, made[pred], made[succ], kind, lag)
                except ValidationError:
                    project.skipped += 1  # a loop, a duplicate, a lag beyond ten years: counted
                    continue
                changes = changes | change
    return list(made.values()), changes


def _title(name: str | None, key: str) -> str:
    """A task's title; one with no name (but dates) is kept, named by its number in the
    file, rather than left out without a word."""
    return (name or "").strip()[:200] or f"Task {key} (no name in the file)"
