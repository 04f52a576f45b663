"""The Dashboard view (ui layer): the portfolio at a glance, health signals, the meeting log.

Tiles give the headline figures (strategic slots, CEO hours, health, signatures awaited);
the health tree says in plain sentences why each partnership is healthy, to watch or at
risk, and a click on any sentence or list line opens the record it names. The meeting log
sits on its own tab. The board pack PDF is the same figures on paper.

The view joins its parts and holds the context: ``cards`` (tiles, hours bars, Next steps),
``lists`` (the health tree and the short lists, filled from the summary), ``health_rules``
(the thresholds tab, whose changes come back as signals the view pushes as commands) and
``meeting_log`` (the meetings and their editor: the view reads what the log shows and turns
what the log wants — a new meeting, an edit, a deletion, an action ticked — into commands).
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QPoint,
    Qt,
)
from PySide6.QtGui import (
    QAction,
)
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain import health
from planner.services import dashboard as dash
from planner.services import meetings as mt
from planner.services import next_steps
from planner.services.changes import ALL_TOPICS, ChangeSet, Topic, ValidationError
from planner.ui.dashboard.cards import HoursBars, NextStepsPanel, Tile
from planner.ui.dashboard.health_rules import HealthSettingsPanel
from planner.ui.dashboard.lists import (
    LINK_ROLE,
    HealthTree,
    WrappingDelegate,
    fill_health,
    fill_list,
    titled_list,
)
from planner.ui.shell import file_dialogs
from planner.ui.shell.background import Job, JobRunner
from planner.ui.shell.context import ViewContext
from planner.ui.shell.theme import colour as themed
from planner.ui.shell.views import BaseView

if TYPE_CHECKING:
    from planner.services.plans import Store
    from planner.ui.dashboard.meeting_log import MeetingEditorDialog, MeetingLogWidget

__all__ = ["LINK_ROLE", "DashboardView"]


class DashboardView(BaseView):
    topics = ALL_TOPICS  # the portfolio at a glance: everything in the plan
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: dt.date | None = None  # None: the real date (tests pin it)
        self.summary: dash.DashboardSummary | None = None
        self.jobs = JobRunner(self)  # the board pack's export
        self.export_job: Job | None = None
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs)

        page = QWidget()
        layout = QVBoxLayout(page)
        head = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        head.addWidget(self.heading, 1)
        self.export_button = QPushButton("Export board pack…")
        self.export_button.setToolTip("A one-page PDF of this dashboard for the trustees")
        head.addWidget(self.export_button)
        self.show_steps_link = QLabel()
        self.show_steps_link.setObjectName("show_next_steps")
        self.show_steps_link.linkActivated.connect(lambda _: self.set_next_steps_shown(True))
        head.insertWidget(1, self.show_steps_link)
        layout.addLayout(head)
        self.next_steps = NextStepsPanel()
        for link in (self.next_steps.hide_link, self.next_steps.next_line):
            link.linkActivated.connect(self._step_link)
        layout.addWidget(self.next_steps)

        tiles = QGridLayout()
        self.slots_tile = Tile("Strategic partnerships")
        self.hours_tile = Tile("CEO hours a month")
        self.hours_bars = HoursBars()
        self.hours_tile.box.addWidget(self.hours_bars)
        self.health_tile = Tile("Partnership health")
        self.signature_tile = Tile("Agreements awaiting signature")
        self.slots_tile.setToolTip("Pursued partnerships in the strategic tier, against the "
                                   "limit set in the organisation profile.")
        self.hours_tile.setToolTip(
            "Budget: the CEO's monthly hours for partnerships (organisation profile).\n"
            "Committed: the screening estimates of the pursued partnerships, added up.\n"
            "Actual: CEO hours in meetings held (meeting log), per month.")
        self.health_tile.setToolTip("Judged by the rules on the Health rules tab.")
        self.signature_tile.setToolTip("Agreements agreed by both sides but not yet signed "
                                       "by every signatory.")
        for col, tile in enumerate((self.slots_tile, self.hours_tile, self.health_tile,
                                    self.signature_tile)):
            tiles.addWidget(tile, 0, col)
            tiles.setColumnStretch(col, 2 if tile is self.hours_tile else 1)
        layout.addLayout(tiles)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Health of each partnership</b> — click a sentence to "
                                     "open the record behind it"))
        self.health_tree = HealthTree()
        self.health_tree.setHeaderLabels(["Partnership / why", "Health", "CEO h a month"])
        self.health_tree.setAccessibleName("Health of each partnership")
        self.health_tree.setWordWrap(True)
        self.health_tree.setUniformRowHeights(False)
        header = self.health_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.health_tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.health_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.health_tree.customContextMenuRequested.connect(self._health_menu)
        # Only the first column wraps; the others keep Qt's own delegate, which answers
        # their many size questions (they fit their contents) without calling Python.
        self.health_tree.setItemDelegateForColumn(0, WrappingDelegate(self.health_tree, 0))
        # Rows grow to fit wrapped sentences; re-measure when the column width changes.
        header.sectionResized.connect(lambda *_: self.health_tree.doItemsLayout())
        left_layout.addWidget(self.health_tree)
        split.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        box, self.upcoming_list, self.upcoming_list_heading = titled_list(f"Milestones in the next {dash.UPCOMING_DAYS} days")
        right_layout.addWidget(box)
        box, self.wins_list, self.wins_list_heading = titled_list(f"Small wins in the last {dash.RECENT_WIN_DAYS} days")
        right_layout.addWidget(box)
        box, self.reviews_list, self.reviews_list_heading = titled_list("Conflict areas due for review")
        right_layout.addWidget(box)
        box, self.signature_list, self.signature_list_heading = titled_list("Agreements awaiting signature")
        right_layout.addWidget(box)
        for name in ("upcoming_list", "wins_list", "reviews_list", "signature_list"):
            getattr(self, name).setObjectName(name)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.tabs.addTab(page, "Portfolio")

        # The other tabs are built the first time they are needed: the portfolio is what
        # the user sees at start-up, so only it costs time then.
        self._log: MeetingLogWidget | None = None
        self._rules: HealthSettingsPanel | None = None
        self._log_page = QWidget()
        self._rules_page = QWidget()
        for page_widget in (self._log_page, self._rules_page):
            QVBoxLayout(page_widget).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._log_page, "Meeting log")
        self.tabs.addTab(self._rules_page, "Health rules")
        self.tabs.currentChanged.connect(self._tab_changed)

        for tree in (self.health_tree, self.upcoming_list, self.wins_list, self.reviews_list,
                     self.signature_list):
            tree.itemClicked.connect(self._item_clicked)
            tree.itemActivated.connect(self._item_clicked)
        self.export_button.clicked.connect(lambda: self.export_boardpack())
        self.reload()

    @staticmethod
    def read_ahead(store: Store) -> None:
        """What the portfolio tab shows, read before the view is built (the window reads it
        while the plan file's quick check runs beside): kept by ``dash.summary`` until a
        commit may change it, so the view's first reload reads nothing again."""
        dash.summary(store)

    # ------------------------------------------------------------------ lazy tabs

    @property
    def meeting_log(self) -> MeetingLogWidget:
        if self._log is None:
            from planner.ui.dashboard.meeting_log import MeetingLogWidget

            log = self._log = MeetingLogWidget()
            log.readWanted.connect(lambda _pid: self._read_meetings())
            log.newWanted.connect(self._new_meeting)
            log.editWanted.connect(self._edit_meeting)
            log.deleteWanted.connect(self._delete_meeting)
            log.actionTicked.connect(self._tick_action)
            log.set_partnerships(mt.partnerships(self.ctx.store))
            self._read_meetings()
            layout = self._log_page.layout()
            assert layout is not None
            layout.addWidget(self._log)
            self._log.show()  # a child added to a page already on screen starts hidden
        return self._log

    @property
    def rules(self) -> HealthSettingsPanel:
        if self._rules is None:
            self._rules = HealthSettingsPanel()
            self._rules.settingChanged.connect(self._set_threshold)
            self._rules.defaultsWanted.connect(self._restore_thresholds)
            self._load_rules()
            layout = self._rules_page.layout()
            assert layout is not None
            layout.addWidget(self._rules)
            self._rules.show()
        return self._rules

    def _load_rules(self) -> None:
        if self._rules is not None:
            self._rules.load(dash.health_settings(self.ctx.store).as_dict())

    def _set_threshold(self, name: str, value: int) -> None:
        from planner.ui.dashboard.commands import HealthSettingCommand  # not at start-up

        self.ctx.push(HealthSettingCommand(self.ctx, name, value))

    def _restore_thresholds(self, defaults: dict[str, int]) -> None:
        from planner.ui.dashboard.commands import HealthSettingCommand

        self.ctx.undo.beginMacro("Restore the default health thresholds")
        for name, value in defaults.items():
            self.ctx.push(HealthSettingCommand(self.ctx, name, value))
        self.ctx.undo.endMacro()

    # ------------------------------------------------------------------ meeting log

    def _read_meetings(self) -> None:
        log = self._log
        if log is None:
            return
        pid = log.partnership_id
        log.show_meetings(mt.list_meetings(self.ctx.store, pid),
                          None if pid is None else dash.held_vs_expected(self.ctx.store, pid))

    def _meeting_dialog(self, data: mt.MeetingData | None) -> MeetingEditorDialog:
        from planner.ui.dashboard.meeting_log import MeetingEditorDialog
        from planner.ui.shell.chooser import people_offer

        log = self.meeting_log
        return MeetingEditorDialog(
            log.partnerships, data, log, default_partnership=log.partnership_id,
            may_mark_confidential=mt.can_mark_confidential(self.ctx.store),
            people=people_offer(self.ctx))

    def _new_meeting(self) -> None:
        from planner.ui.dashboard.commands import AddMeetingCommand

        log = self.meeting_log
        if not log.partnerships:
            QMessageBox.information(log, "Log a meeting",
                                    "Add a partnership first: every meeting belongs to one.")
            return
        dialog = self._meeting_dialog(None)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_data is not None:
            command = AddMeetingCommand(self.ctx, dialog.result_data)
            self.ctx.push(command)
            if command.ident is not None:
                log.select_meeting(command.ident)

    def _edit_meeting(self, meeting: mt.MeetingData) -> None:
        from planner.ui.dashboard.commands import EditMeetingCommand

        dialog = self._meeting_dialog(meeting)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted and dialog.result_data is not None and dialog.result_data != meeting:
            self.ctx.push(EditMeetingCommand(self.ctx, meeting, dialog.result_data))

    def _delete_meeting(self, meeting: mt.MeetingData) -> None:
        from planner.ui.dashboard.commands import DeleteMeetingCommand

        self.ctx.push(DeleteMeetingCommand(self.ctx, meeting))
        self.ctx.events.status.emit("Meeting deleted — Undo (Ctrl+Z) brings it back.")

    def _tick_action(self, action_id: int, text: str, day: dt.date | None) -> None:
        from planner.ui.dashboard.commands import SetActionDoneCommand

        try:
            self.ctx.push(SetActionDoneCommand(self.ctx, action_id, text, day))
        except ValidationError as exc:
            QMessageBox.warning(self.meeting_log, "Action", exc.message)
            self._read_meetings()

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self._log_page:
            _ = self.meeting_log
        elif page is self._rules_page:
            _ = self.rules

    # ------------------------------------------------------------------ contract

    def refresh(self, changes: ChangeSet) -> None:
        # The rules read the whole plan; hidden, this view hears nothing (the window hands
        # it the backlog when shown).
        self.reload()
        if changes.concerns(frozenset({Topic.HEALTH, Topic.PROFILE})):
            self._load_rules()
        if self._log is not None:
            if changes.concerns(frozenset({Topic.OPPORTUNITIES})):
                self._log.set_partnerships(mt.partnerships(self.ctx.store))
            if changes.concerns(frozenset({Topic.MEETINGS, Topic.OPPORTUNITIES,
                                           Topic.AGREEMENTS})):
                self._read_meetings()

    def show_record(self, kind: str, ident: int) -> bool:
        if kind in ("meeting", "meeting_action"):
            log = self.meeting_log
            self.tabs.setCurrentWidget(self._log_page)
            if kind == "meeting":
                return log.select_meeting(ident)
            return True
        return False

    def show_page(self, name: str) -> QWidget | None:
        """Switch to a tab ("meetings" or "portfolio"). Both live inside the main window,
        so there is no separate widget to return (a screenshot grabs the window)."""
        if name in ("meeting", "meetings", "meeting_log"):
            self.tabs.setCurrentWidget(self._log_page)
        elif name in ("portfolio", "dashboard"):
            self.tabs.setCurrentIndex(0)
        elif name in ("rules", "health_rules", "thresholds"):
            self.tabs.setCurrentWidget(self._rules_page)
        return None

    # ------------------------------------------------------------------ filling

    # ------------------------------------------------------------------ next steps

    def _steps_key(self) -> str:
        import hashlib

        name = hashlib.sha1(self.ctx.store.display_name.encode()).hexdigest()[:16]
        return f"next_steps/{name}"

    def next_steps_mode(self) -> str:
        """"" (shown until every step is done), "shown" or "hidden" (the user's choice)."""
        return self.ctx.settings.get_str(self._steps_key(), "")

    def set_next_steps_shown(self, shown: bool) -> None:
        self.ctx.settings.set_value(self._steps_key(), "shown" if shown else "hidden")
        self._fill_next_steps()

    def _step_link(self, target: str) -> None:
        if target == "hide":
            self.set_next_steps_shown(False)
            return
        self.open_step(target)

    def open_step(self, key: str) -> None:
        """Go to the place where a step is done."""
        step = next((s for s in self.next_steps.steps if s.key == key), None)
        if step is not None:
            self.ctx.events.show_view.emit(step.view, step.page)

    def _fill_next_steps(self) -> None:
        steps = next_steps.next_steps(self.ctx.store)
        for key, label in self.next_steps.items.items():
            if not any(s.key == key for s in steps):
                label.deleteLater()
        self.next_steps.set_steps(steps)
        for label in self.next_steps.items.values():
            if not label.property("linked"):
                label.setProperty("linked", True)
                label.linkActivated.connect(self.open_step)
        mode = self.next_steps_mode()
        shown = mode == "shown" or (mode == "" and not next_steps.all_done(steps))
        self.next_steps.setVisible(shown)
        done = sum(s.done for s in steps)
        self.show_steps_link.setVisible(not shown)
        self.show_steps_link.setText(f"<a href='show' style='color:{themed('link')}'>Next steps "
                                     f"({done} of {len(steps)} done)</a>")

    def reload(self) -> None:
        self._fill_next_steps()
        s = dash.summary(self.ctx.store, self.today)
        self.summary = s
        self.heading.setText(f"<h2 style='margin:0'>{html.escape(s.organisation)}</h2>"
                             f"<span style='color:{themed('secondary')}'>{dash.pursued_text(s.pursued)} · "
                             f"as of {dash.fmt_date(s.today)}</span>")
        self.slots_tile.set(s.slots_text, "strategic slots used of the limit"
                            + (" — over the limit" if s.over_limit else ""),
                            alert=s.over_limit)
        over = s.ceo_actual > s.ceo_budget or s.ceo_committed > s.ceo_budget
        self.hours_tile.set(f"{dash.fmt_hours(s.ceo_actual)} actual",
                            f"budget {dash.fmt_hours(s.ceo_budget)} · committed "
                            f"{dash.fmt_hours(s.ceo_committed)} (actual averaged over "
                            f"{s.hours_window_days} days)", alert=over)
        self.hours_bars.set_values(s.ceo_budget, s.ceo_committed, s.ceo_actual)
        self.health_tile.set(f"{s.counts[health.AT_RISK]} at risk",
                             f"{s.counts[health.WATCH]} to watch · "
                             f"{s.counts[health.HEALTHY]} healthy",
                             alert=s.counts[health.AT_RISK] > 0)
        self.signature_tile.set(str(len(s.awaiting_signature)),
                                "agreed but not fully signed" if s.awaiting_signature
                                else "nothing waiting")
        fill_health(self.health_tree, s)
        for tree, heading, items, empty, more, total in (
                (self.upcoming_list, self.upcoming_list_heading, s.upcoming,
                 "Nothing due in the next 30 days.", ("timeline", "open the timeline"),
                 None),
                (self.wins_list, self.wins_list_heading, s.small_wins,
                 "No small win recently: plan one — early, visible successes keep people "
                 "committed.", None, None),
                (self.reviews_list, self.reviews_list_heading, s.reviews_due,
                 "No conflict review is due.", ("conflicts", "open the register"),
                 s.reviews_due_count),
                (self.signature_list, self.signature_list_heading, s.awaiting_signature,
                 "Nothing awaits signature.", None, None)):
            fill_list(tree, heading, items, empty, more, total)

    # ------------------------------------------------------------------ actions

    def partnership_actions(self, item: QTreeWidgetItem) -> list[QAction]:
        """What the right-click menu offers for a partnership row (or one of its signals)."""
        top = item.parent() or item
        link = top.data(0, LINK_ROLE)
        if not link or link[0] != "opportunity":
            return []
        ident = int(link[1])
        log_one = QAction("Log a meeting…", self)
        log_one.triggered.connect(lambda: self.log_meeting_for(ident))
        show = QAction("Show its meetings", self)
        show.triggered.connect(lambda: self.show_meetings_of(ident))
        open_it = QAction("Open the partnership", self)
        open_it.triggered.connect(lambda: self.ctx.events.open_record.emit("opportunity", ident))
        return [log_one, show, open_it]

    def _health_menu(self, pos: QPoint) -> None:
        item = self.health_tree.itemAt(pos)
        actions = self.partnership_actions(item) if item is not None else []
        if actions:
            menu = QMenu(self)
            menu.addActions(actions)
            menu.exec(self.health_tree.viewport().mapToGlobal(pos))

    def show_meetings_of(self, opportunity_id: int) -> None:
        log = self.meeting_log
        self.tabs.setCurrentWidget(self._log_page)
        log.show_partnership(opportunity_id)

    def log_meeting_for(self, opportunity_id: int) -> None:
        self.show_meetings_of(opportunity_id)
        self._new_meeting()

    def _item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        link = item.data(0, LINK_ROLE)
        if link and link[0] == "view":  # "and 10,250 more": where they are listed whole
            self.ctx.events.show_view.emit(str(link[1]), "")
        elif link:
            kind, ident = link
            self.ctx.events.open_record.emit(str(kind), int(ident))

    def export_boardpack(self, out: Path | None = None) -> Job | None:
        if out is None:
            out = file_dialogs.ask_save(self, "Export board pack", "board-pack.pdf",
                                        "PDF files (*.pdf)")
            if out is None:
                return None
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        content = dash.board_pack(self.ctx.store, self.today)
        self.export_job = self.jobs.write_document(
            lambda: dash.write_boardpack(content, out), out, what="the board pack",
            button=self.export_button, status=self.ctx.events.status.emit,
            failed=lambda message: QMessageBox.warning(self, "Board pack", message))
        return self.export_job
