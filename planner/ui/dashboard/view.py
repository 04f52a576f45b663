"""The Dashboard view (ui layer): the portfolio at a glance, health signals, the meeting log.

Tiles give the headline figures (strategic slots, CEO hours, health, signatures awaited);
the health tree says in plain sentences why each partnership is healthy, to watch or at
risk, and a click on any sentence or list line opens the record it names. The meeting log
sits on its own tab. The board pack PDF is the same figures on paper.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain import health
from planner.services import dashboard as dash
from planner.services import next_steps
from planner.services.changes import ALL_TOPICS, ChangeSet, Topic
from planner.ui.shell import theme
from planner.ui.shell.background import Job, JobRunner
from planner.ui.shell.context import ViewContext

if TYPE_CHECKING:
    from planner.ui.dashboard.meeting_log import MeetingLogWidget
from planner.ui.shell.keep_place import same_current_item, show_value
from planner.ui.shell.theme import colour as themed
from planner.ui.shell.views import BaseView

LINK_ROLE = Qt.ItemDataRole.UserRole + 10
STATE_COLOURS = {health.HEALTHY: theme.Ink("#2e7d32"), health.WATCH: theme.Ink("#b26a00"),
                 health.AT_RISK: theme.Ink("#c62828")}  # words: 4.5:1 in either theme
LINK_COLOUR = "#1a5fb4"
CATEGORY_MARKS = {health.INERTIA: "Inertia", health.FATIGUE: "Fatigue",
                  health.CONFLICT: "Conflict"}


class Tile(QFrame):
    """A headline figure: a label, a big value and a line of context."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#dashboardTile {{ background: {themed('tile')}; border: 1px solid "
                           f"{themed('tile_border')}; border-radius: 6px; }}"
                           f"#dashboardTile QLabel {{ color: {themed('strong')}; }}")
        layout = self.box = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.label = QLabel(label)
        self.label.setStyleSheet(f"color: {themed('secondary')};")
        self.value = QLabel()
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.note = QLabel()
        self.note.setWordWrap(True)
        for w in (self.label, self.value, self.note):
            layout.addWidget(w)

    def set(self, value: str, note: str, *, alert: bool = False) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {themed('alert' if alert else 'strong')};")
        self.note.setText(note)
        self.setAccessibleName(f"{self.label.text()}: {value}, {note}")


class HoursBars(QWidget):
    """Three bars, CEO hours a month: budget, committed (screening estimates), actual."""

    ORDER = (("Budget", "#8a99ab"), ("Committed", "#1a5fb4"), ("Actual", "#2e7d32"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = (0.0, 0.0, 0.0)
        self.setMinimumHeight(54)

    def set_values(self, budget: float, committed: float, actual: float) -> None:
        self.values = (budget, committed, actual)
        self.setToolTip(f"Budget {dash.fmt_hours(budget)}, committed "
                        f"{dash.fmt_hours(committed)}, actual {dash.fmt_hours(actual)} a month")
        self.update()

    def bar_rects(self) -> list[QRectF]:
        """Where each bar is drawn (also what the tests check)."""
        top = max(self.values) or 1.0
        label_w = 70.0
        width = max(1.0, self.width() - label_w - 46)
        row_h = self.height() / 3
        return [QRectF(label_w, i * row_h + 3, width * v / top, row_h - 6)
                for i, v in enumerate(self.values)]

    def sizeHint(self) -> QSize:
        return QSize(220, 54)

    def bar_colour(self, name: str, over: bool = False) -> QColor:
        """A bar's colour, standing out from the window by 3:1 in either theme."""
        colour = "#c62828" if over else dict(self.ORDER)[name]
        return QColor(theme.readable(colour, self.palette().color(self.backgroundRole()), 3.0))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        budget = self.values[0]
        for (name, _colour), rect, value in zip(self.ORDER, self.bar_rects(), self.values,
                                               strict=True):
            over = name != "Budget" and value > budget > 0
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(QRectF(0, rect.top() - 3, 66, rect.height() + 6),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             name)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(self.bar_colour(name, over)))
            painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(QRectF(rect.right() + 4, rect.top() - 3, 44, rect.height() + 6),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             dash.fmt_hours(value))
        painter.end()


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's current width (QTreeView on its
    own measures one line and clips the rest)."""

    def __init__(self, tree: QTreeWidget, column: int) -> None:
        super().__init__(tree)
        self.tree, self.column = tree, column

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex |
                 QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if index.column() != self.column or not isinstance(text, str) or not text:
            return base
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = self.tree.header().sectionSize(index.column()) - 12
        if index.column() == 0:
            width -= self.tree.indentation() * (depth + 1)
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else option.font)
        rect = metrics.boundingRect(0, 0, max(40, width), 100_000,
                                    int(Qt.TextFlag.TextWordWrap), text)
        return QSize(base.width(), max(base.height(), rect.height() + 4))


RULE_GROUPS = (
    ("Inertia — output falls short because nobody is sure who is accountable",
     ("slip_tolerance_days", "slip_risk_days", "slip_growth_reviews", "overdue_actions_risk",
      "protocol_weeks")),
    ("Fatigue — people start to decide it is not worth the effort",
     ("missed_in_a_row", "missed_in_a_row_risk", "attendance_recent", "attendance_baseline",
      "attendance_drop_percent", "hours_window_days", "hours_tolerance_percent",
      "hours_risk_percent", "small_win_weeks", "cadence_window_days")),
    ("Conflict neglect", ("internal_grace_days",)),
    ("Overall", ("watch_limit",)),
)


class HealthSettingsPanel(QScrollArea):
    """The thresholds of the health rules, saved with the plan; each change is undoable."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        intro = QLabel(
            "The dashboard judges each partnership by these rules. The defaults suit most "
            "trusts and charities; tighten them for a fragile new partnership, loosen them "
            "for a mature one. Changes are saved with the plan and can be undone.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.spins: dict[str, QSpinBox] = {}
        defaults = health.HealthSettings()
        for title, names in RULE_GROUPS:
            group = QGroupBox(title)
            form = QFormLayout(group)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            for name in names:
                spin = QSpinBox()
                spin.setRange(0, 3650)
                spin.setMinimumWidth(90)
                spin.setAccessibleName(health.SETTING_LABELS[name])
                spin.setToolTip(f"Default: {getattr(defaults, name)}")
                spin.valueChanged.connect(lambda value, n=name: self._changed(n, value))
                form.addRow(health.SETTING_LABELS[name], spin)
                self.spins[name] = spin
            layout.addWidget(group)
        self.defaults_button = QPushButton("Restore the defaults")
        self.defaults_button.clicked.connect(self.restore_defaults)
        layout.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        body.setMaximumWidth(760)  # labels stay next to their numbers on a wide screen
        self.setWidget(body)
        self._loading = False
        self.load()

    def load(self) -> None:
        values = dash.health_settings(self.ctx.store).as_dict()
        self._loading = True
        for name, spin in self.spins.items():
            show_value(spin, values[name])  # a colleague's: the number being typed stays
        self._loading = False

    def _changed(self, name: str, value: int) -> None:
        from planner.ui.dashboard.commands import HealthSettingCommand  # not at start-up

        if not self._loading:
            self.ctx.push(HealthSettingCommand(self.ctx, name, value))

    def restore_defaults(self) -> None:
        defaults = health.HealthSettings().as_dict()
        current = dash.health_settings(self.ctx.store).as_dict()
        changed = [n for n in defaults if defaults[n] != current[n]]
        if not changed:
            return
        from planner.ui.dashboard.commands import HealthSettingCommand

        self.ctx.undo.beginMacro("Restore the default health thresholds")
        for name in changed:
            self.ctx.push(HealthSettingCommand(self.ctx, name, defaults[name]))
        self.ctx.undo.endMacro()


class NextStepsPanel(QFrame):
    """The Next steps checklist: the method's eight steps, each ticked from the plan's own
    records and linked to the view that does it. It hides once every step is done (or when
    the user hides it) and comes back from View › Next Steps or the dashboard's link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nextSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#nextSteps {{ background: {themed('note')}; border: 1px solid "
                           f"{themed('note_border')}; border-radius: 6px; }}"
                           f"#nextSteps QLabel {{ color: {themed('strong')}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.title = QLabel()
        head.addWidget(self.title, 1)
        self.hide_link = QLabel(f"<a href='hide' style='color:{themed('link')}'>Hide</a>")
        self.hide_link.setToolTip("Hide the checklist (View › Next Steps shows it again)")
        head.addWidget(self.hide_link)
        layout.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(0)
        layout.addLayout(self.grid)
        self.next_line = QLabel()
        self.next_line.setWordWrap(True)
        layout.addWidget(self.next_line)
        self.items: dict[str, QLabel] = {}
        self.steps: tuple[next_steps.Step, ...] = ()

    def set_steps(self, steps: tuple[next_steps.Step, ...]) -> None:
        self.steps = steps
        done = sum(s.done for s in steps)
        self.title.setText(f"<b>Next steps</b> <span style='color:{themed('secondary')}'>— {done} "
                           f"of {len(steps)} done, ticked from what the plan records</span>")
        half = (len(steps) + 1) // 2
        for number, step in enumerate(steps):
            label = self.items.get(step.key)
            if label is None:
                label = self.items[step.key] = QLabel()
                label.setObjectName(f"step_{step.key}")
                self.grid.addWidget(label, number % half, number // half)
            mark = "✓" if step.done else "○"
            colour = themed("secondary" if step.done else "link")
            label.setText(f"<span style='color:{themed('ok' if step.done else 'warn')}'>"
                          f"{mark}</span> {number + 1}. <a href='{step.key}' style='color:"
                          f"{colour}'>{html.escape(step.title)}</a>")
            label.setToolTip(step.hint)
            label.setAccessibleName(f"{step.title}: {'done' if step.done else 'to do'}. "
                                    f"{step.hint}")
        first = next((s for s in steps if not s.done), None)
        if first is None:
            self.next_line.setText("Every step of the method is done. Keep the plan alive: "
                                   "review conflict areas, celebrate small wins, meet as agreed.")
        else:
            self.next_line.setText(f"<b>Next:</b> {html.escape(first.hint)} "
                                   f"<a href='{first.key}' style='color:{themed('link')}'>Go "
                                   "there</a>")


def _list(title: str) -> tuple[QWidget, QTreeWidget, QLabel]:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    heading = QLabel(f"<b>{title}</b>")
    tree = QTreeWidget()
    tree.setHeaderHidden(True)
    tree.setRootIsDecorated(False)
    tree.setColumnCount(1)
    tree.header().setStretchLastSection(True)
    tree.setAccessibleName(title)
    tree.setWordWrap(True)
    tree.setUniformRowHeights(False)
    tree.setTextElideMode(Qt.TextElideMode.ElideNone)
    tree.setItemDelegate(WrappingDelegate(tree, 0))
    # Short lists may shrink to two lines on a small screen (the Next steps checklist
    # takes room above them on a new plan); they scroll.
    tree.setMinimumHeight(2 * tree.fontMetrics().height() + 8)
    tree.header().sectionResized.connect(lambda *_: tree.doItemsLayout())
    heading.setBuddy(tree)
    layout.addWidget(heading)
    layout.addWidget(tree)
    return box, tree, heading


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
        self.health_tree = QTreeWidget()
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
        box, self.upcoming_list, self.upcoming_list_heading = _list(f"Milestones in the next {dash.UPCOMING_DAYS} days")
        right_layout.addWidget(box)
        box, self.wins_list, self.wins_list_heading = _list(f"Small wins in the last {dash.RECENT_WIN_DAYS} days")
        right_layout.addWidget(box)
        box, self.reviews_list, self.reviews_list_heading = _list("Conflict areas due for review")
        right_layout.addWidget(box)
        box, self.signature_list, self.signature_list_heading = _list("Agreements awaiting signature")
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

    # ------------------------------------------------------------------ lazy tabs

    @property
    def meeting_log(self) -> MeetingLogWidget:
        if self._log is None:
            from planner.ui.dashboard.meeting_log import MeetingLogWidget

            self._log = MeetingLogWidget(self.ctx)
            layout = self._log_page.layout()
            assert layout is not None
            layout.addWidget(self._log)
            self._log.show()  # a child added to a page already on screen starts hidden
        return self._log

    @property
    def rules(self) -> HealthSettingsPanel:
        if self._rules is None:
            self._rules = HealthSettingsPanel(self.ctx)
            layout = self._rules_page.layout()
            assert layout is not None
            layout.addWidget(self._rules)
            self._rules.show()
        return self._rules

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
        if self._rules is not None and changes.concerns(frozenset({Topic.HEALTH,
                                                                    Topic.PROFILE})):
            self._rules.load()
        if self._log is not None:
            self._log.refresh(changes)

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
        self._fill_health(s)
        self._fill_list(self.upcoming_list, s.upcoming, "Nothing due in the next 30 days.")
        self._fill_list(self.wins_list, s.small_wins,
                        "No small win recently: plan one — early, visible successes keep "
                        "people committed.")
        self._fill_list(self.reviews_list, s.reviews_due, "No conflict review is due.")
        self._fill_list(self.signature_list, s.awaiting_signature, "Nothing awaits signature.")

    def _link_item(self, item: QTreeWidgetItem, kind: str, ident: int) -> None:
        item.setData(0, LINK_ROLE, (kind, ident))
        item.setForeground(0, QBrush(QColor(themed('link'))))
        item.setToolTip(0, "Click to open this record")

    def _fill_health(self, s: dash.DashboardSummary) -> None:
        with same_current_item(self.health_tree, LINK_ROLE):
            self._fill_health_tree(s)

    def _fill_health_tree(self, s: dash.DashboardSummary) -> None:
        tree = self.health_tree
        tree.clear()
        hours = {r.partnership_id: r for r in s.hours}
        bold = QFont(tree.font())
        bold.setBold(True)
        for h in s.health:
            row = hours.get(h.partnership_id)
            top = QTreeWidgetItem([h.title, h.label, f"{dash.fmt_hours(row.actual)} of "
                                   f"{dash.fmt_hours(row.estimate)}" if row else ""])
            top.setFont(0, bold)
            top.setFont(1, bold)
            top.setForeground(1, QBrush(STATE_COLOURS[h.state].qcolor()))
            top.setToolTip(1, h.reason)
            top.setData(0, LINK_ROLE, ("opportunity", h.partnership_id))
            top.setData(1, LINK_ROLE, ("opportunity", h.partnership_id))
            if row and row.actual > row.estimate:
                top.setForeground(2, QBrush(STATE_COLOURS[health.WATCH].qcolor()))
            for sig in h.signals:
                child = QTreeWidgetItem([sig.sentence, CATEGORY_MARKS[sig.category], ""])
                self._link_item(child, sig.kind, sig.record_id)
                child.setToolTip(0, f"{sig.sentence}\nClick to open this record.")
                child.setForeground(1, QBrush(STATE_COLOURS[sig.severity].qcolor()))
                child.setToolTip(1, f"{health.CATEGORY_LABELS[sig.category]} — "
                                    f"{health.STATE_LABELS[sig.severity].lower()}")
                top.addChild(child)
            if not h.signals:
                top.addChild(QTreeWidgetItem(["No warning signs.", "", ""]))
            tree.addTopLevelItem(top)
            top.setExpanded(h.state != health.HEALTHY)
        if not s.health:
            tree.addTopLevelItem(QTreeWidgetItem(
                ["No partnership is being pursued yet. Screen an opportunity and decide to "
                 "pursue it, and its health will show here.", "", ""]))

    def _fill_list(self, tree: QTreeWidget, items: tuple[dash.Item, ...], empty: str) -> None:
        with same_current_item(tree, LINK_ROLE):
            self._fill_list_items(tree, items, empty)

    def _fill_list_items(self, tree: QTreeWidget, items: tuple[dash.Item, ...],
                         empty: str) -> None:
        """One line per item: date and what, then the partnership (and a note) below."""
        tree.clear()
        heading = getattr(self, f"{tree.objectName()}_heading", None)
        if isinstance(heading, QLabel):
            title = heading.text().split(" (")[0].removesuffix("</b>")
            heading.setText(f"{title} ({len(items)})</b>" if items else f"{title}</b>")
        # The colours asked once, the rows added in one go: a plan kept for years may have
        # thousands of conflict reviews due.
        brushes = {urgent: QBrush(QColor(themed('alert' if urgent else 'link')))
                   for urgent in (False, True)}
        rows = []
        for i in items:
            note = f" ({i.note})" if i.note else ""
            when = f"{dash.fmt_date(i.when)} · " if i.when else ""
            item = QTreeWidgetItem([f"{when}{i.text}\n{i.partnership}{note}"])
            item.setData(0, LINK_ROLE, (i.kind, i.record_id))
            item.setForeground(0, brushes[i.urgent])
            item.setToolTip(0, "Click to open this record")
            rows.append(item)
        tree.addTopLevelItems(rows)
        if not items:
            placeholder = QTreeWidgetItem([empty])
            placeholder.setForeground(0, QBrush(QColor(themed('secondary'))))
            tree.addTopLevelItem(placeholder)
        # An empty list needs one line; the room goes to the lists with something in them.
        tree.setMaximumHeight(3 * tree.fontMetrics().height() if not items else 16_777_215)

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
        self.meeting_log.new_meeting()

    def _item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        link = item.data(0, LINK_ROLE)
        if link:
            kind, ident = link
            self.ctx.events.open_record.emit(str(kind), int(ident))

    def export_boardpack(self, out: Path | None = None) -> Job | None:
        if out is None:
            name, _ = QFileDialog.getSaveFileName(self, "Export board pack",
                                                  str(Path.home() / "board-pack.pdf"),
                                                  "PDF files (*.pdf)")
            if not name:
                return None
            out = Path(name)
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        content = dash.boardpack_content(dash.summary(self.ctx.store, self.today))
        self.export_job = self.jobs.write_document(
            lambda: dash.write_boardpack(content, out), out, what="the board pack",
            button=self.export_button, status=self.ctx.events.status.emit,
            failed=lambda message: QMessageBox.warning(self, "Board pack", message))
        return self.export_job
