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
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.domain import timeline as tl
from planner.services import timeline as svc
from planner.services.changes import ChangeSet, Topic, ValidationError
from planner.ui.shell import theme
from planner.ui.shell.context import ViewContext
from planner.ui.shell.views import BaseView
from planner.ui.timeline import data_files, exports
from planner.ui.timeline.chart_menu import MilestoneMenu
from planner.ui.timeline.commands import (
    AddDependencyCommand,
    AddMilestoneCommand,
    DeleteMilestoneCommand,
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
    CalendarDialog as CalendarDialog,  # tests open it from here
)
from planner.ui.timeline.dialogs import (
    LinkDialog,
    MilestoneDialog,
    ask_partnership,
    left_to_right,
    refuse,
)
from planner.ui.timeline.empty_note import EmptyNote
from planner.ui.timeline.gantt_chart import LABEL_WIDTH, GanttChart
from planner.ui.timeline.meeting_mode import MeetingModeWidget, MeetingWindow, since_html
from planner.ui.timeline.meeting_steps import SINCE_LISTED, fill_meeting
from planner.ui.timeline.paging import RowPages, collector_paused
from planner.ui.timeline.print_preview import PrintPreviewDialog
from planner.ui.timeline.reading import TimelineReads
from planner.ui.timeline.side_panel import TimelineSidePanel
from planner.ui.timeline.slip_chart import SlipChart
from planner.ui.timeline.toolbar import TimelineToolbar


class TimelineView(BaseView):
    """Milestones of one partnership or all of them, as a Gantt chart.

    A scope of more than ``timeline_scope.FOLD_ABOVE`` milestones opens with its groups folded:
    folded groups are drawn from their summaries and only open ones are read; the panel
    beside the chart still speaks of the whole scope (``planner.services.timeline_scope``).
    """

    topics = frozenset({Topic.MILESTONES, Topic.OPPORTUNITIES, Topic.PEOPLE,
                        Topic.ORGANISATIONS, Topic.MEETINGS})

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = dt.date.today()
        self.partnership_id: int | None = None
        self.grouping = ctx.settings.get_str("timeline/grouping", "partnership")
        if self.grouping not in tl.GROUPINGS:
            self.grouping = "partnership"
        self.collapsed: set[str] = set()
        self.reads = TimelineReads(ctx)  # every milestone, or a long scope's open groups
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
        self.pages = RowPages(self.reads, self.chart, lambda: self.data)
        self.empty = EmptyNote(self.chart, LABEL_WIDTH + 30)
        self.side = side = TimelineSidePanel(
            ctx.settings.get_int("timeline/bite_days", tl.DEFAULT_BITE_DAYS))
        self.bite_days, self.bites, self.legend = side.bite_days, side.bites, side.legend
        self.since, self.side_tabs = side.since, side.side_tabs
        self.slip_stale = self.since_stale = False  # drawn when their tab is chosen
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
        self.folded_note = QLabel()  # "200 partnerships folded: click a header…"
        self.folded_note.hide()
        page_layout.addWidget(self.folded_note)
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
        side.changesShown.connect(self._side_tab_chosen)
        side.biteChosen.connect(self._bite_chosen)
        side.biteDaysChanged.connect(self._bite_days_changed)

        self._fill_scope()
        self.reload(keep_view=False)

    @property
    def slip(self) -> SlipChart:  # the side panel's, made when first wanted
        return self.side.slip

    # -------------------------------------------------------------------- loading

    def _fill_scope(self) -> None:
        self.toolbar.set_scopes(svc.partnerships(self.ctx.store), self.partnership_id)

    @collector_paused
    def reload(self, *, keep_view: bool = True) -> None:
        """Read the scope again: every milestone of a small one; of a long one, the groups'
        summaries and the open groups' milestones (groups not met before open folded)."""
        try:
            self.data = self.reads.read(self.partnership_id, self.grouping, self.collapsed)
        except ValidationError:  # the partnership was deleted: show everything instead
            self.partnership_id = None
            self._fill_scope()
            self.data = self.reads.read(None, self.grouping, self.collapsed)
        self._relayout(keep_view=keep_view)

    def _relayout(self, *, keep_view: bool = True) -> None:
        assert self.data is not None
        selected = self.chart.selected_milestone()
        self.layout_ = tl.build_layout(self.data.items, self.data.dependencies,
                                       grouping=self.grouping,
                                       group_titles=self.data.group_titles,
                                       collapsed=self.collapsed, today=self.today,
                                       summaries=self.reads.summaries, paged=self.reads.paged)
        self.chart.item_dates = {i.id: (i.start, i.due, i.forecast) for i in
                                 (*self.data.items, *self.data.paged.values())}
        self.chart.set_layout(self.layout_, keep_view=keep_view)
        self.pages.fill()  # a paged group's rows in view, read
        self.empty.setVisible(not self.reads.any_milestones(self.data))
        note = self.reads.folded_text(self.collapsed)
        self.folded_note.setText(note)
        self.folded_note.setVisible(bool(note))
        self.empty.place()
        self.chart.select_milestone(selected)
        self._fill_bites()
        self._fill_meeting_tabs()
        self._update_buttons()
        if self.meeting_window is not None and self.meeting_window.isVisible():
            self._fill_meeting(self.meeting_window.mode)  # the projector follows the edits

    def _fill_meeting_tabs(self) -> None:
        """The "since last meeting" list and the slip chart beside the Gantt chart: each
        is drawn when its tab is shown (a long scope's changes too), as drawing a line per
        milestone with snapshots is most of the cost of showing a long plan's timeline."""
        assert self.data is not None
        self.since_stale = self.reads.groups is not None and not self.side.changes_in_front()
        if self.since_stale:
            self.since.clear()  # nothing stale left behind a tab
        else:
            delta = self.reads.since(self.data, self.partnership_id, limit=SINCE_LISTED)
            self.since.setText(since_html(delta, dark=theme.current_is_dark(),  # the theme
                                          limit=200))  # this panel scrolls
        self.slip_stale = not self.side.slip_in_front()
        if not self.slip_stale:
            self._fill_slip()

    def _fill_slip(self) -> None:
        assert self.data is not None
        lines = self.reads.slip_lines(self.data, self.partnership_id, self.today, owner=self,
                                      then=lambda _read: self._side_tab_chosen())
        self.slip_stale = lines is None  # a long scope's: drawn once read in the background
        self.slip.set_lines(lines or [], highlight=self.chart.selected_milestone())

    def _side_tab_chosen(self) -> None:
        if (self.slip_stale or self.since_stale) and self.data is not None:
            self._fill_meeting_tabs()

    def _fill_bites(self) -> None:
        assert self.data is not None
        warnings = self.reads.warnings(self.data, self.partnership_id, self.today,
                                       self.bite_days.value())
        # All partnerships of a plan with several: each line names its own, from the
        # scope box, which lists them all (a long plan's data holds only the open groups').
        names = {self.scope.itemData(i): self.scope.itemText(i)
                 for i in range(1, self.scope.count())}
        several = self.partnership_id is None and len(names) > 1
        self.side.set_bites(warnings, self.reads.any_milestones(self.data),
                            names if several else None)

    def _selected(self, ident: int) -> None:
        self._update_buttons()
        if self.side.slip_in_front() and self.data is not None:
            self._fill_slip()

    def _update_buttons(self) -> None:
        self.toolbar.set_chosen(self.chart.selected_milestone() is not None)

    def refresh(self, changes: ChangeSet) -> None:
        if not changes.concerns(self.topics):
            return
        self.reads.changed()
        if changes.touches("opportunity"):
            self._fill_scope()
        ids = changes.only_rows(frozenset({"milestone"}), "milestone")
        if ids is None or not self._patch(ids):
            self.reload()

    def _patch(self, ids: list[int]) -> bool:
        """Edits of milestones already shown: read just those, not the scope (a drag in a
        long plan stays quick). False when the scope must be read again."""
        fresh = None if self.data is None else self.reads.patched(
            self.data, self.partnership_id, self.grouping, ids)
        if fresh is None:
            return False
        self.data = fresh
        self._relayout()
        return True

    def show_record(self, kind: str, ident: int) -> bool:
        """Select a milestone: its scope shown (all partnerships if need be), its group
        opened."""
        if kind != "milestone":
            return False
        placed = self.reads.placed(ident, self.grouping)
        if placed is not None and self.partnership_id not in (None, placed[0]):
            self.partnership_id = None
            self.reads.seen = frozenset()
            self._fill_scope()
            self.reload()
        folded = set(self.collapsed)
        if self.reads.groups is not None and placed is not None:
            self.collapsed.discard(placed[1])
        else:
            self.collapsed.clear()
        if self.collapsed != folded or not self.reads.shows(self.data, ident):
            self.reload()  # its group opened, or it is new to this view
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
        self.reads.seen = frozenset()
        self.reload(keep_view=False)

    def _group_changed(self, grouping: str) -> None:
        self.grouping = grouping
        self.ctx.settings.set_value("timeline/grouping", self.grouping)
        self.collapsed.clear()
        self.reads.seen = frozenset()
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
        self.chart.go_to_day(self.today)

    def toggle_group(self, key: str) -> None:
        self.collapsed.symmetric_difference_update({key})
        self.reload()

    def _bite_chosen(self, ident: int) -> None:
        if self.data is not None and self.chart.data is not None and \
                self.chart.data.layout.row_of(ident) is None:  # in a folded group
            self.show_record("milestone", ident)
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
            refuse(self, exc.message)
            return False
        return True

    def move_milestone(self, milestone_id: int, days: int) -> None:
        """A drag (or Alt+←/→): a forecast slip, recorded against the baseline (see
        ``move_command``), never a modal error for passing the due date."""
        try:
            command = move_command(self.ctx, milestone_id, days)
        except ValidationError as exc:
            refuse(self, exc.message)
            return
        text = command.text()  # the stack owns the command once pushed
        if self._run(command):
            self.ctx.events.status.emit(text)

    def _parents(self, partnership: int) -> list[tuple[int, str]]:
        assert self.data is not None
        return self.reads.choices(self.data, partnership)

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
        ends = {i for pair in self.data.dependency_ids if ident in pair for i in pair}
        menu = MilestoneMenu(ident, self.data, self.bite_days.value(), self,
                             self.reads.titles(self.data, ends))
        menu.editRequested.connect(self.edit_milestone)
        menu.linkRequested.connect(self.add_dependency)
        menu.unlinkRequested.connect(self._unlink)
        menu.celebrateRequested.connect(self.celebrate)
        menu.splitRequested.connect(self.split_into_bites)
        menu.deleteRequested.connect(self.delete_selected)
        return menu

    def split_into_bites(self, ident: int) -> None:
        """The bite helper: what is left of the goal's span (from today once it has
        started) cut into steps no longer than the bite length; the bite check then lists
        what each new step still needs (an owner, a better title). The status bar says
        which days the bites cover."""
        command = SplitIntoBitesCommand(self.ctx, ident, self.bite_days.value(), self.today)
        if self._run(command):
            self.chart.select_milestone(ident)
            self.ctx.events.status.emit(command.outcome())

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
        choices = [(i, t) for i, t in self._parents(item.group_id) if i != ident]
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
                dialog.error.setText(left_to_right(exc.message))
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
                left_to_right(f"“{item.title}” is done. What did passing it mean?"),
                QLineEdit.EchoMode.Normal, note)
            if not ok or self._run(celebrate_command(self.ctx, ident, note, self.today)):
                return

    def record_meeting(self) -> None:
        if self._run(SnapshotCommand(self.ctx, self.partnership_id, self.today)):
            self.ctx.events.status.emit(
                f"Meeting snapshot recorded for {medium(self.today)}")

    # -------------------------------------------------------------------- meeting mode

    def _fill_meeting(self, widget: MeetingModeWidget) -> None:
        assert self.data is not None
        wins = svc.recent_wins(self.ctx.store, today=self.today,
                               partnership_id=self.partnership_id)
        fill_meeting(widget, self.reads, self.data, self.partnership_id, self.grouping,
                     self.today, wins, owner=self)

    def open_meeting_mode(self, full_screen: bool = True) -> QWidget:
        if self.meeting_window is None:
            self.meeting_window = MeetingWindow(self)
            self.meeting_window.mode.currentChanged.connect(self.chart.select_milestone)
        selected = self.chart.selected_milestone()  # before the meeting shows its first
        self._fill_meeting(self.meeting_window.mode)
        if selected is not None:
            self.meeting_window.mode.go_to(selected)
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
        long = self.reads.groups is not None  # read folded, drawn in the background
        render = partial(svc.timeline_pdf, self.ctx.store, self.partnership_id,
                         today=self.today, fold_above=self.reads.fold_above if long else None)
        return PrintPreviewDialog(render, zoom=self.chart.axis_level(), grouping=self.grouping,
                                  collapsed=self.collapsed, parent=self, background=long)

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
        data_files.import_milestones(self, path)

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
        data_files.export_data(self, kind)
