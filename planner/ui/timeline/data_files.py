"""The Timeline's data in and out: milestones imported from a project file, the timeline
written as a calendar, an MS Project file or a spreadsheet.

Run for the view (its File menu and Export button): the files are read and written through
the services, the import is one undo step, and the status bar says what happened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMessageBox

from planner.services import timeline as svc
from planner.services.changes import ValidationError
from planner.ui.timeline import exports
from planner.ui.timeline.commands import ImportMilestonesCommand, push
from planner.ui.timeline.dialogs import CalendarDialog

if TYPE_CHECKING:
    from planner.ui.timeline.view import TimelineView


def import_milestones(view: TimelineView, path: Path | None = None) -> None:
    """File › Import milestones…: an MS Project XML or GNOME Planner file's tasks, shown
    first, then added to a partnership in one undo step."""
    from planner.services import milestone_import as imports
    from planner.ui.timeline.import_dialog import ImportPreviewDialog

    path = path or exports.ask_import_path(view)
    if path is None:
        return
    try:
        project = imports.read_project(path)
    except ValidationError as exc:
        QMessageBox.warning(view, "Import milestones", exc.message)
        return
    choices = svc.partnerships(view.ctx.store)
    if not choices:
        QMessageBox.information(view, "Import milestones", "Pursue a partnership first: "
                                "milestones belong to a partnership.")
        return
    dialog = ImportPreviewDialog(project, choices, view._default_partnership(),
                                 imports.match_owners(view.ctx.store, project), view)
    if view._exec(dialog) != QDialog.DialogCode.Accepted:
        return
    command = ImportMilestonesCommand(view.ctx, dialog.partnership(), project)
    try:
        push(view.ctx, command)
    except ValidationError as exc:
        QMessageBox.warning(view, "Import milestones", exc.message)
        return
    if view.partnership_id not in (None, dialog.partnership()):
        view.scope.setCurrentIndex(view.scope.findData(dialog.partnership()))
    skipped = (f"; {project.skipped} detail{'s' if project.skipped != 1 else ''} this "
               "program does not keep left out" if project.skipped else "")
    view.ctx.events.status.emit(
        f"Imported {len(command.made)} milestones into {dialog.target.currentText()}"
        f"{skipped}. Undo takes them all away.")


def export_data(view: TimelineView, kind: str) -> None:
    """The timeline as data for other programs: "ics" (a calendar, after asking what
    goes into the diary), "xml" (MS Project) or "xlsx" (a spreadsheet, or CSV)."""
    from planner.services.exchange import CalendarOptions, export_timeline_file

    calendar = CalendarOptions()
    if kind == "ics":
        dialog = CalendarDialog(view.ctx.settings, view)
        if view._exec(dialog) != QDialog.DialogCode.Accepted:
            return
        calendar = dialog.options()
    out = exports.ask_data_path(view, kind)
    if out is None:
        return
    try:
        export_timeline_file(view.ctx.store, out, view.partnership_id, calendar=calendar)
    except (ValidationError, OSError) as exc:
        QMessageBox.warning(view, "Timeline", str(exc))
        return
    view.ctx.events.status.emit(f"Timeline written to {out}")
