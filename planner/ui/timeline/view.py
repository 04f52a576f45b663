"""The Timeline view (ui layer): milestone Gantt chart, bite check, meeting mode, printing.

The view composes its rooms and turns what they emit into undo commands (``commands``):
the tool bar (``toolbar``), the chart (``gantt_chart``), the panel beside it
(``side_panel``: legend, bites, changes, slip chart), the dialogs (``dialogs``), the print
preview (``print_preview``) and the files out (``exports``). Printing renders the same
domain layout with ReportLab (through the services), so screen, paper, PNG and SVG agree.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.domain import timeline as tl
from planner.services import timeline as svc
from planner.services.changes import ChangeSet, ValidationError
from planner.ui.shell import theme
from planner.ui.shell.context import ViewContext
from planner.ui.shell.views import BaseView
from planner.ui.timeline import exports
from planner.ui.timeline.chart_menu import MilestoneMenu
from planner.ui.timeline.commands import (
    AddDependencyCommand,
    AddMilestoneCommand,
    DeleteMilestoneCommand,
    ImportMilestonesCommand,
    MilestoneEditCommand,
    RemoveDependencyCommand,
    SnapshotCommand,
    SplitIntoBitesCommand,
    celebrate_command,
    move_command,
    push,
)
from planner.ui.timeline.dates import medium
from planner.ui.timeline.dialogs import (
    CalendarDialog,
    LinkDialog,
    MilestoneDialog,
    ask_partnership,
)
from planner.ui.timeline.gantt_chart import LABEL_WIDTH, GanttChart
from planner.ui.timeline.meeting_mode import MeetingModeWidget, MeetingWindow, since_html
from planner.ui.timeline.print_preview import PrintPreviewDialog
from planner.ui.timeline.side_panel import TimelineSidePanel
from planner.ui.timeline.toolbar import TimelineToolbar


class TimelineView(BaseView):
    """Milestones of one partnership or all of them, as a Gantt chart."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = dt.date.today()
        self.partnership_id: int | None = None
        self.grouping = ctx.settings.get_str("timeline/grouping", "partnership")
        if self.grouping not in tl.GROUPINGS:
            self.grouping = "partnership"
        self.collapsed: set[str] = set()
        self.data: svc.TimelineData | None = None
        self.layout_: tl.Layout | None = None
        self.meeting_window: MeetingWindow | None = None

        shown = [c for c in ctx.settings.get_str("timeline/columns", "").split(",") if c]
        self.toolbar = bar = TimelineToolbar(
            self.grouping, ctx.settings.get_str("timeline/zoom", "fit"), shown)
        # The bar's boxes and buttons under the names the rest of the program knows.
        self.scope, self.group, self.zoom = bar.scope, bar.group, bar.zoom
        self.columns_button, self.column_actions = bar.columns_button, bar.column_actions
        self.edit_button, self.link_button = bar.edit_button, bar.link_button
        self.celebrate_button = bar.celebrate_button

        self.chart = GanttChart()
        self.chart.zoom = self.zoom.currentData()
        self.chart.set_columns(shown)
        self.empty = QLabel(
            "<h3>No milestones yet</h3><p>A partnership is most fragile at the start. Give it "
            "a short series of small, dated steps: choose <b>Add milestone…</b>, then split "
            "a big goal into bites and celebrate each one passed.</p>", self.chart)
        self.empty.setWordWrap(True)
        self.empty.setFixedWidth(420)
        self.empty.move(LABEL_WIDTH + 30, 70)
        self.empty.setStyleSheet("background: #ffffffee; padding: 12px; border: 1px solid "
                                 "#d9dde2; border-radius: 6px;")
        self.empty.hide()
        self.side = side = TimelineSidePanel(
            ctx.settings.get_int("timeline/bite_days", tl.DEFAULT_BITE_DAYS))
        self.bite_days, self.bites, self.legend = side.bite_days, side.bites, side.legend
        self.since, self.slip, self.side_tabs = side.since, side.slip, side.side_tabs
        self.slip_stale = False
        splitter = QSplitter()
        splitter.addWidget(self.chart.frame())
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 260])

        chart_page = QWidget()
        page_layout = QVBoxLayout(chart_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(bar)
        page_layout.addWidget(splitter, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(chart_page)

        undo = QAction("Delete milestone", self)
        undo.setShortcut(QKeySequence.StandardKey.Delete)
        undo.triggered.connect(self.delete_selected)
        self.addAction(undo)

        bar.scopeChosen.connect(self._scope_changed)
        bar.groupingChosen.connect(self._group_changed)
        bar.zoomChosen.connect(self._zoom_changed)
        bar.zoomPicked.connect(self._zoom_picked)
        bar.columnsChosen.connect(self._columns_changed)
        bar.todayRequested.connect(self.go_today)
        bar.addRequested.connect(self.add_milestone)
        bar.editRequested.connect(lambda: self.edit_milestone(None))
        bar.linkRequested.connect(self.add_dependency)
        bar.celebrateRequested.connect(self.celebrate)
        bar.snapshotRequested.connect(self.record_meeting)
        bar.meetingRequested.connect(lambda: self.open_meeting_mode())
        bar.exportRequested.connect(self._export)
        self.chart.zoomed.connect(self._zoom_followed)
        self.chart.milestoneMoved.connect(self.move_milestone)
        self.chart.milestoneActivated.connect(self.edit_milestone)
        self.chart.milestoneSelected.connect(self._selected)
        self.chart.groupToggled.connect(self.toggle_group)
        self.chart.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.chart.customContextMenuRequested.connect(self._chart_menu)
        side.slipShown.connect(self._side_tab_chosen)
        side.biteChosen.connect(self._bite_chosen)
        side.biteDaysChanged.connect(self._bite_days_changed)

        self._fill_scope()
        self.reload(keep_view=False)

    # -------------------------------------------------------------------- loading

    def _fill_scope(self) -> None:
        self.toolbar.set_scopes(svc.partnerships(self.ctx.store), self.partnership_id)

    def reload(self, *, keep_view: bool = True) -> None:
        try:
            self.data = svc.load_timeline(self.ctx.store, self.partnership_id)
        except ValidationError:  # the partnership was deleted: show everything instead
            self.partnership_id = None
            self._fill_scope()
            self.data = svc.load_timeline(self.ctx.store, None)
        self._relayout(keep_view=keep_view)

    def _relayout(self, *, keep_view: bool = True) -> None:
        assert self.data is not None
        selected = self.chart.selected_milestone()
        self.layout_ = tl.build_layout(self.data.items, self.data.dependencies,
                                       grouping=self.grouping,
                                       group_titles=self.data.group_titles,
                                       collapsed=self.collapsed, today=self.today)
        self.chart.item_dates = {i.id: (i.start, i.due, i.forecast) for i in self.data.items}
        self.chart.set_layout(self.layout_, keep_view=keep_view)
        self.empty.setVisible(not self.data.items)
        self.empty.adjustSize()
        self.chart.select_milestone(selected)
        self._fill_bites()
        self._fill_meeting_tabs()
        self._update_buttons()
        if self.meeting_window is not None and self.meeting_window.isVisible():
            self._fill_meeting(self.meeting_window.mode)  # the projector follows the edits

    def _fill_meeting_tabs(self) -> None:
        """The "since last meeting" list and the slip chart beside the Gantt chart."""
        assert self.data is not None
        delta = tl.since_last_meeting(self.data.snapshots, self.data.items)
        self.since.setText(since_html(delta, dark=theme.current_is_dark(),  # the theme in use
                                      limit=200))  # this panel scrolls
        # The slip chart is drawn when its tab is shown: a line per milestone with
        # snapshots is most of the cost of showing a long plan's timeline.
        self.slip_stale = not self.side.slip_in_front()
        if not self.slip_stale:
            lines = tl.slip_lines(self.data.snapshots, self.data.items, today=self.today)
            self.slip.set_lines(lines, highlight=self.chart.selected_milestone())

    def _side_tab_chosen(self) -> None:
        if self.slip_stale and self.data is not None:
            self._fill_meeting_tabs()

    def _fill_bites(self) -> None:
        assert self.data is not None
        warnings = (tl.overdue_warnings(self.data.items, self.today)
                    + tl.bite_warnings(self.data.items, self.bite_days.value()))
        self.side.set_bites(warnings, bool(self.data.items))

    def _selected(self, ident: int) -> None:
        self._update_buttons()
        if self.side.slip_in_front() and self.data is not None:
            self._fill_meeting_tabs()

    def _update_buttons(self) -> None:
        self.toolbar.set_chosen(self.chart.selected_milestone() is not None)

    def refresh(self, changes: ChangeSet) -> None:
        if changes.touches("opportunity"):
            self._fill_scope()
        if changes.kinds == {"milestone"} and self._patch(changes):
            return
        if changes.touches("milestone", "milestone_dependency", "milestone_snapshot",
                           "opportunity", "person", "organisation", "meeting"):
            self.reload()

    def _patch(self, changes: ChangeSet) -> bool:
        """Edits of milestones already shown: fetch just those, not the whole plan (a drag
        in a 10,000-milestone plan stays quick). False when a full reload is needed."""
        data = self.data
        ids = sorted({ident for _kind, ident in changes.ids})
        if data is None or not ids or any(data.item(i) is None for i in ids):
            return False
        fresh = svc.load_items(self.ctx.store, ids)
        if len(fresh) != len(ids) or any(
                f.group_id != self.partnership_id for f in fresh
                if self.partnership_id is not None):
            return False
        self.data = data.with_items(fresh)
        self._relayout()
        return True

    def show_record(self, kind: str, ident: int) -> bool:
        if kind != "milestone":
            return False
        if self.data is None or self.data.item(ident) is None:
            self.partnership_id = None
            self._fill_scope()
            self.reload()
        if self.collapsed:
            self.collapsed.clear()
            self.reload()
        self.chart.select_milestone(ident)
        self._update_buttons()
        return True

    def show_page(self, name: str) -> QWidget | None:
        """"meeting": meeting mode in its own window (what the projector shows)."""
        if name == "meeting":
            return self.open_meeting_mode(full_screen=False)
        return None

    # -------------------------------------------------------------------- toolbar

    def _scope_changed(self) -> None:
        self.partnership_id = self.scope.currentData()
        self.reload(keep_view=False)

    def _group_changed(self, grouping: str) -> None:
        self.grouping = grouping
        self.ctx.settings.set_value("timeline/grouping", self.grouping)
        self.collapsed.clear()
        self.reload()

    def _zoom_changed(self, level: str) -> None:
        self.toolbar.drop_custom()  # a chosen level replaces the scale the wheel had reached
        self.ctx.settings.set_value("timeline/zoom", level)
        self.chart.set_zoom(level)

    def _columns_changed(self, shown: list[str]) -> None:
        self.ctx.settings.set_value("timeline/columns", ",".join(shown))
        self.chart.set_columns(shown)

    def _zoom_picked(self, level: str) -> None:
        """Choosing the level already shown (after a wheel zoom near it) applies it exactly."""
        if self.chart.zoom != level:
            self._zoom_changed(level)

    def _zoom_followed(self) -> None:
        """After a wheel or key zoom the box shows the scale in view, never a stale "Fit"."""
        preset = self.toolbar.show_scale(self.chart.scale_text())
        if preset is not None:
            self.chart.zoom = preset

    def go_today(self) -> None:
        (x0, x1), _ = self.chart.vb.viewRange()
        span = x1 - x0
        start = self.today.toordinal() - span * 0.3
        self.chart.vb.setXRange(start, start + span, padding=0)

    def toggle_group(self, key: str) -> None:
        self.collapsed.symmetric_difference_update({key})
        self.reload()

    def _bite_chosen(self, ident: int) -> None:
        self.chart.select_milestone(ident)
        self._update_buttons()

    def _bite_days_changed(self, value: int) -> None:
        self.ctx.settings.set_value("timeline/bite_days", value)
        if self.data is not None:
            self._fill_bites()

    # -------------------------------------------------------------------- editing

    def _run(self, command: Any) -> bool:
        try:
            push(self.ctx, command)
        except ValidationError as exc:
            QMessageBox.warning(self, "Timeline", exc.message)
            return False
        return True

    def move_milestone(self, milestone_id: int, days: int) -> None:
        """A drag (or Alt+←/→): a forecast slip, recorded against the baseline (see
        ``move_command``), never a modal error for passing the due date."""
        try:
            command = move_command(self.ctx, milestone_id, days)
        except ValidationError as exc:
            QMessageBox.warning(self, "Timeline", exc.message)
            return
        text = command.text()  # the stack owns the command once pushed
        if self._run(command):
            self.ctx.events.status.emit(text)

    def _parents(self, partnership: int) -> list[tuple[int, str]]:
        assert self.data is not None
        return [(i.id, i.title) for i in self.data.items if i.group_id == partnership]

    def _ask_partnership(self) -> int | None:
        current = self._default_partnership()
        if current is not None:
            return current
        return ask_partnership(self, svc.partnerships(self.ctx.store))

    def _exec(self, dialog: QDialog) -> int:
        """Run a dialog modally (tests patch this to accept without showing anything)."""
        return dialog.exec()

    def add_milestone(self) -> None:
        partnership = self._ask_partnership()
        if partnership is None:
            return
        record: dict[str, Any] = {"id": None, "title": "", "status": "not_started",
                                  "progress": 0, "parent_id": self.chart.selected_milestone()}
        if record["parent_id"] is not None and self.data is not None:
            parent = self.data.item(record["parent_id"])
            if parent is None or parent.group_id != partnership:
                record["parent_id"] = None
        dialog = MilestoneDialog(self.ctx, record, self._parents(partnership), self)
        while self._exec(dialog) == QDialog.DialogCode.Accepted:
            values = {k: v for k, v in dialog.all_values().items() if v not in (None, "")}
            values["title"] = dialog.ui.titleEdit.text()
            for key in ("baseline_date", "forecast_date"):
                if values.get(key) is None:
                    values.pop(key, None)
            command = AddMilestoneCommand(self.ctx, partnership, values)
            try:
                push(self.ctx, command)
            except ValidationError as exc:
                dialog.show_error(exc.message, exc.field)
                continue
            self.chart.select_milestone(command.milestone_id)
            return

    def edit_milestone(self, milestone_id: int | None) -> None:
        ident = milestone_id if milestone_id is not None else self.chart.selected_milestone()
        if ident is None:
            return
        record = svc.get_milestone(self.ctx.store, ident)
        dialog = MilestoneDialog(self.ctx, record, self._parents(record["opportunity_id"]),
                                 self)
        while self._exec(dialog) == QDialog.DialogCode.Accepted:
            values = dialog.values()
            if not values:
                return
            try:
                push(self.ctx, MilestoneEditCommand(self.ctx, ident, values))
            except ValidationError as exc:
                dialog.show_error(exc.message, exc.field)
                continue
            return

    def _chart_menu(self, pos: Any) -> None:
        view = self.chart.vb.mapSceneToView(self.chart.mapToScene(pos))
        row = int(view.y()) if view.y() >= 0 else -1
        self.chart.click_row(row, False)
        ident = self.chart.selected_milestone()
        if ident is None:
            return
        menu = self.context_menu(ident)
        menu.exec(self.chart.mapToGlobal(pos))

    def context_menu(self, ident: int) -> MilestoneMenu:
        """Edit, link, unlink, celebrate or delete the milestone (right-click in the chart)."""
        assert self.data is not None
        menu = MilestoneMenu(ident, self.data, self.bite_days.value(), self)
        menu.editRequested.connect(self.edit_milestone)
        menu.linkRequested.connect(self.add_dependency)
        menu.unlinkRequested.connect(self._unlink)
        menu.celebrateRequested.connect(self.celebrate)
        menu.splitRequested.connect(self.split_into_bites)
        menu.deleteRequested.connect(self.delete_selected)
        return menu

    def split_into_bites(self, ident: int) -> None:
        """The bite helper: the goal's span cut into steps no longer than the bite length;
        the bite check then lists what each new step still needs (an owner, a better
        title)."""
        if self._run(SplitIntoBitesCommand(self.ctx, ident, self.bite_days.value())):
            self.chart.select_milestone(ident)

    def _unlink(self, dependency_id: int) -> None:
        self._run(RemoveDependencyCommand(self.ctx, dependency_id))

    def delete_selected(self) -> None:
        ident = self.chart.selected_milestone()
        if ident is not None:
            self._run(DeleteMilestoneCommand(self.ctx, ident))

    def add_dependency(self) -> None:
        ident = self.chart.selected_milestone()
        if ident is None or self.data is None:
            return
        item = self.data.item(ident)
        assert item is not None
        choices = [(i.id, i.title) for i in self.data.items
                   if i.group_id == item.group_id and i.id != ident]
        dialog = LinkDialog(item.title, choices, self)
        while self._exec(dialog) == QDialog.DialogCode.Accepted:
            pred = dialog.predecessor.currentData()
            if pred is None:
                return
            try:
                push(self.ctx, AddDependencyCommand(self.ctx, int(pred), ident,
                                                    dialog.kind.currentData(),
                                                    dialog.lag.value()))
            except ValidationError as exc:
                dialog.error.setText(exc.message)
                continue
            return

    def celebrate(self) -> None:
        ident = self.chart.selected_milestone()
        if ident is None or self.data is None:
            return
        item = self.data.item(ident)
        assert item is not None
        note = ""
        while True:  # a refused note is offered again as typed, never lost
            note, ok = QInputDialog.getText(
                self, "Celebrate a small win",
                f"“{item.title}” is done. What did passing it mean?",
                QLineEdit.EchoMode.Normal, note)
            if not ok or self._run(celebrate_command(self.ctx, ident, note, self.today)):
                return

    def record_meeting(self) -> None:
        if self._run(SnapshotCommand(self.ctx, self.partnership_id, self.today)):
            self.ctx.events.status.emit(
                f"Meeting snapshot recorded for {medium(self.today)}")

    # -------------------------------------------------------------------- meeting mode

    def _meeting_order(self) -> list[int]:
        assert self.layout_ is not None
        full = tl.build_layout(self.data.items if self.data else (), grouping=self.grouping,
                               group_titles=self.data.group_titles if self.data else {},
                               today=self.today)
        return [r.milestone_id for r in full.rows if r.milestone_id is not None]

    def _fill_meeting(self, widget: MeetingModeWidget) -> None:
        assert self.data is not None
        scope = ("all partnerships" if self.partnership_id is None
                 else self.data.group_titles.get(self.partnership_id, ""))
        wins = svc.recent_wins(self.ctx.store, today=self.today,
                               partnership_id=self.partnership_id)
        widget.set_data(self.data, scope=scope, wins=wins, today=self.today,
                        order=self._meeting_order())

    def open_meeting_mode(self, full_screen: bool = True) -> QWidget:
        if self.meeting_window is None:
            self.meeting_window = MeetingWindow()
            self.meeting_window.mode.currentChanged.connect(self.chart.select_milestone)
        self._fill_meeting(self.meeting_window.mode)
        selected = self.chart.selected_milestone()
        if selected is not None:
            mode = self.meeting_window.mode
            for k, item in enumerate(mode.items):
                if item.id == selected:
                    mode.step(k - mode.index)
        self.meeting_window.show_on(self.screen() if self.isVisible() else None,
                                    full_screen=full_screen)
        self.meeting_window.mode.setFocus()
        return self.meeting_window

    # -------------------------------------------------------------------- exports

    def _export(self, kind: str) -> None:
        """The tool bar's Export menu: print, the chart as an image, or the plan as data."""
        if kind == "print":
            self.print_preview()
        elif kind in ("png", "svg"):
            self.export_view(kind)
        else:
            self.export_data(kind)

    def print_dialog(self) -> PrintPreviewDialog:
        """Page setup and preview of what is shown: its partnership, zoom and groups."""
        render = partial(svc.timeline_pdf, self.ctx.store, self.partnership_id,
                         today=self.today)
        return PrintPreviewDialog(render, zoom=self.chart.axis_level(),
                                  grouping=self.grouping, collapsed=self.collapsed, parent=self)

    def print_preview(self) -> None:
        self._exec(self.print_dialog())

    def export_view(self, kind: str) -> None:
        path = exports.ask_view_path(self, kind)
        if path is not None:
            self.write_view(path, kind)

    def write_view(self, path: Path, kind: str) -> None:  # the chart as seen now
        exports.write_chart(self, self.chart, path, kind)

    def import_milestones(self, path: Path | None = None) -> None:
        """File › Import milestones…: an MS Project XML or GNOME Planner file's tasks, shown
        first, then added to a partnership in one undo step."""
        from planner.services import milestone_import as imports
        from planner.ui.timeline.import_dialog import ImportPreviewDialog

        path = path or exports.ask_import_path(self)
        if path is None:
            return
        try:
            project = imports.read_project(path)
        except ValidationError as exc:
            QMessageBox.warning(self, "Import milestones", exc.message)
            return
        choices = svc.partnerships(self.ctx.store)
        if not choices:
            QMessageBox.information(self, "Import milestones", "Pursue a partnership first: "
                                    "milestones belong to a partnership.")
            return
        dialog = ImportPreviewDialog(project, choices, self._default_partnership(),
                                     imports.match_owners(self.ctx.store, project), self)
        if self._exec(dialog) != QDialog.DialogCode.Accepted:
            return
        command = ImportMilestonesCommand(self.ctx, dialog.partnership(), project)
        try:
            push(self.ctx, command)
        except ValidationError as exc:
            QMessageBox.warning(self, "Import milestones", exc.message)
            return
        if self.partnership_id not in (None, dialog.partnership()):
            self.scope.setCurrentIndex(self.scope.findData(dialog.partnership()))
        skipped = (f"; {project.skipped} detail{'s' if project.skipped != 1 else ''} this "
                   "program does not keep left out" if project.skipped else "")
        self.ctx.events.status.emit(
            f"Imported {len(command.made)} milestones into {dialog.target.currentText()}"
            f"{skipped}. Undo takes them all away.")

    def _default_partnership(self) -> int | None:
        """The partnership shown, else the selected milestone's (no question asked)."""
        if self.partnership_id is not None:
            return self.partnership_id
        selected = self.chart.selected_milestone()
        item = self.data.item(selected) if selected is not None and self.data else None
        return None if item is None else item.group_id

    def export_data(self, kind: str) -> None:
        """The timeline as data for other programs: "ics" (a calendar, after asking what
        goes into the diary), "xml" (MS Project) or "xlsx" (a spreadsheet, or CSV)."""
        from planner.services.exchange import CalendarOptions, export_timeline_file

        calendar = CalendarOptions()
        if kind == "ics":
            dialog = CalendarDialog(self.ctx.settings, self)
            if self._exec(dialog) != QDialog.DialogCode.Accepted:
                return
            calendar = dialog.options()
        out = exports.ask_data_path(self, kind)
        if out is None:
            return
        try:
            export_timeline_file(self.ctx.store, out, self.partnership_id, calendar=calendar)
        except (ValidationError, OSError) as exc:
            QMessageBox.warning(self, "Timeline", str(exc))
            return
        self.ctx.events.status.emit(f"Timeline written to {out}")
