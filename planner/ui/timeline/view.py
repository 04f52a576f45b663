"""The Timeline view (ui layer): milestone Gantt chart, bite check, meeting mode, printing.

The chart is drawn from the domain layout by ``GanttChart``; edits go through undo commands
in ``timeline_commands``; printing renders the same layout with ReportLab (through the
services) and previews the pages as images, so screen, paper, PNG and SVG agree.
"""

from __future__ import annotations

import datetime as dt
import html
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.atomic import write_bytes
from planner.domain import timeline as tl
from planner.services import timeline as svc
from planner.services import validate
from planner.services.changes import ChangeSet, ValidationError
from planner.ui.forms.ui_milestone_editor import Ui_MilestoneEditorDialog
from planner.ui.shell import chooser, theme
from planner.ui.shell.context import ViewContext
from planner.ui.shell.dates import improve_all
from planner.ui.shell.settings import Settings

if TYPE_CHECKING:
    from planner.services.exchange import CalendarOptions
from planner.ui.shell.keep_place import same_current_item
from planner.ui.shell.overflow import working_overflow
from planner.ui.shell.views import BaseView
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
from planner.ui.timeline.gantt_chart import LABEL_WIDTH, GanttChart
from planner.ui.timeline.meeting_mode import MeetingModeWidget, MeetingWindow, since_html
from planner.ui.timeline.slip_chart import SlipChart

NO_DATE = QDate(1999, 12, 31)  # the editors' minimum, shown as "none"
GROUP_LABELS = {"partnership": "Partnership", "owner": "Owner", "status": "Status"}


def _qdate(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else NO_DATE


def _pydate(value: QDate) -> dt.date | None:
    if value <= NO_DATE:
        return None
    return dt.date(value.year(), value.month(), value.day())


def _keep_for_save(_value: Any) -> None:
    """A choice in a dialog is saved with the dialog (``values()``), not at once."""


class MilestoneDialog(QDialog):
    """The milestone editor (Designer form). ``values()`` gives only what the user changed."""

    DATE_EDITS = {"start_date": "startEdit", "due_date": "dueEdit",
                  "baseline_date": "baselineEdit", "forecast_date": "forecastEdit",
                  "actual_date": "actualEdit"}

    def __init__(self, ctx: ViewContext, record: dict[str, Any], parents: list[tuple[int, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MilestoneEditorDialog()
        self.ui.setupUi(self)
        self.record = record
        new = record.get("id") is None
        self.setWindowTitle("New milestone" if new else "Edit milestone")
        self.ui.headingLabel.setText("<b>New milestone</b>" if new else
                                     f"<b>{html.escape(record['title'])}</b>")
        self.ui.titleEdit.setText(record.get("title", ""))
        self.ui.doneEdit.setPlainText(record.get("definition_of_done", ""))
        self.ui.parentCombo.addItem("— none (a top-level goal) —", None)
        for ident, title in parents:
            if ident != record.get("id"):
                self.ui.parentCombo.addItem(title, ident)
        self._select(self.ui.parentCombo, record.get("parent_id"))
        people = svc.people(ctx.store)
        for combo, key in ((self.ui.ownerOursCombo, "owner_ours_id"),
                           (self.ui.ownerTheirsCombo, "owner_theirs_id")):
            combo.addItem("— nobody named —", None)
            for ident, name, org in people:
                combo.addItem(f"{name} ({org})" if org else name, ident)
            self._select(combo, record.get(key))
            # “New person…” adds one (its own undo step); the dialog saves the choice.
            chooser.attach(combo, ctx, "person", _keep_for_save)
        today = QDate.currentDate()
        for key, name in self.DATE_EDITS.items():
            edit = getattr(self.ui, name)
            edit.setMaximumDate(QDate(validate.LAST_YEAR, 12, 31))  # the service refuses later
            edit.setDate(_qdate(record.get(key)))
            if record.get(key) is None:  # "none": open the calendar on this month, not 1999
                edit.calendarWidget().setCurrentPage(today.year(), today.month())
        for status in tl.STATUSES:
            self.ui.statusCombo.addItem(tl.STATUS_LABELS[status], status)
        self._select(self.ui.statusCombo, record.get("status", "not_started"))
        self.ui.progressSpin.setValue(int(record.get("progress", 0)))
        self.ui.smallWinCheck.setChecked(bool(record.get("small_win", False)))
        self.ui.celebrationEdit.setText(record.get("celebration_note", ""))
        self.ui.notesEdit.setPlainText(record.get("notes", ""))
        improve_all(self)  # the date boxes as everywhere: one format, open at today, clear
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        # Messages quote titles, which may hold "<" or "&": show them as typed.
        self.ui.errorLabel.setTextFormat(Qt.TextFormat.PlainText)

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(0, index))

    def all_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "title": self.ui.titleEdit.text(),
            "definition_of_done": self.ui.doneEdit.toPlainText(),
            "parent_id": self.ui.parentCombo.currentData(),
            "owner_ours_id": self.ui.ownerOursCombo.currentData(),
            "owner_theirs_id": self.ui.ownerTheirsCombo.currentData(),
            "status": self.ui.statusCombo.currentData(),
            "progress": self.ui.progressSpin.value(),
            "small_win": self.ui.smallWinCheck.isChecked(),
            "celebration_note": self.ui.celebrationEdit.text(),
            "notes": self.ui.notesEdit.toPlainText(),
        }
        for key, name in self.DATE_EDITS.items():
            values[key] = _pydate(getattr(self.ui, name).date())
        return values

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.all_values().items() if self.record.get(k) != v}

    FIELD_WIDGETS = {"title": "titleEdit", "definition_of_done": "doneEdit",
                     "parent_id": "parentCombo", "owner_ours_id": "ownerOursCombo",
                     "owner_theirs_id": "ownerTheirsCombo", "status": "statusCombo",
                     "progress": "progressSpin", "celebration_note": "celebrationEdit",
                     "notes": "notesEdit", **DATE_EDITS}

    def show_error(self, message: str, field: str = "") -> None:
        """The message under the form, and the cursor in the field it is about."""
        self.ui.errorLabel.setText(message)
        name = self.FIELD_WIDGETS.get(field)
        if name is not None:
            getattr(self.ui, name).setFocus()


class LinkDialog(QDialog):
    """Make the selected milestone depend on another one."""

    def __init__(self, successor: str, choices: list[tuple[int, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add dependency")
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{html.escape(successor)}</b> depends on:"))
        self.predecessor = QComboBox()
        for ident, title in choices:
            self.predecessor.addItem(title, ident)
        self.kind = QComboBox()
        for kind in tl.DEPENDENCY_KINDS:
            self.kind.addItem(f"{tl.DEPENDENCY_LABELS[kind]} ({kind})", kind)
        self.lag = QSpinBox()
        self.lag.setRange(-365, 365)
        self.lag.setSuffix(" days")
        form.addRow("Milestone", self.predecessor)
        form.addRow("Type", self.kind)
        form.addRow("Lag", self.lag)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it quotes titles as typed
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


# Save dialogs of the data exports: title, suggested name, file types.
DATA_EXPORTS = {
    "ics": ("Save milestones to a calendar", "milestones.ics", "iCalendar (*.ics)"),
    "xml": ("Save the timeline for MS Project", "timeline.xml",
            "MS Project XML (*.xml)"),
    "xlsx": ("Save the timeline as a spreadsheet", "timeline.xlsx",
             "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)"),
}


class CalendarDialog(QDialog):
    """What goes into the diary; the choices are remembered for next time."""

    CHOICES = (
        ("spans", "Show each milestone as a span from its start to its due date",
         "Off: one event on the due day, which keeps the diary readable."),
        ("reviews", "Add the review dates of open conflict areas", ""),
        ("meetings", "Add planned partnership meetings", ""),
        ("include_confidential", "Include confidential conflict areas and meetings",
         "Off: a calendar is easily shared; confidential records stay in the plan."),
    )

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Calendar export")
        self.settings = settings
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for key, text, hint in self.CHOICES:
            box = QCheckBox(text)
            box.setChecked(bool(settings.get_int(f"calendar/{key}", 0)))
            box.setToolTip(hint)
            self.boxes[key] = box
            layout.addWidget(box)
        note = QLabel("Re-importing the file updates the events already in the diary rather "
                      "than adding them twice.")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Choose file…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def options(self) -> CalendarOptions:
        from planner.services.exchange import CalendarOptions

        chosen = {key: box.isChecked() for key, box in self.boxes.items()}
        for key, value in chosen.items():
            self.settings.set_value(f"calendar/{key}", int(value))
        return CalendarOptions(**chosen)


class PrintPreviewDialog(QDialog):
    """Page setup and a preview of the printed pages (drawn by ReportLab, shown as images)."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setWindowTitle("Print timeline")
        self.resize(1000, 720)
        self.paper = QComboBox()
        self.paper.addItems(list(tl.PAPER_SIZES))
        self.orientation = QComboBox()
        self.orientation.addItems(["Landscape", "Portrait"])
        self.mode = QComboBox()
        self.mode.addItem("Fit to one page", "fit")
        self.mode.addItem("Pages across × down", "tiles")
        self.mode.addItem("Keep the zoom's scale", "auto")
        self.cols = QSpinBox()
        self.cols.setRange(1, 20)
        self.rows = QSpinBox()
        self.rows.setRange(1, 20)
        self.summary = QLabel()
        bar = QHBoxLayout()
        for label, widget in (("Paper", self.paper), ("", self.orientation), ("", self.mode),
                              ("Across", self.cols), ("Down", self.rows)):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.summary, 1)
        self.pages = QLabel()
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = buttons.addButton("Print…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(lambda: self.print_pages())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        for widget in (self.paper, self.orientation, self.mode):
            widget.currentIndexChanged.connect(self.update_preview)
        for spin in (self.cols, self.rows):
            spin.valueChanged.connect(self.update_preview)
        self.pdf = b""
        self.images: list[QImage] = []
        self.update_preview()

    def options(self) -> svc.PrintOptions:
        return svc.PrintOptions(
            paper=self.paper.currentText(), landscape=self.orientation.currentIndex() == 0,
            mode=self.mode.currentData(), cols=self.cols.value(), rows=self.rows.value(),
            zoom=self.view.chart.axis_level(), grouping=self.view.grouping,
            collapsed=tuple(sorted(self.view.collapsed)))

    def update_preview(self) -> None:
        tiles = self.mode.currentData() == "tiles"
        self.cols.setEnabled(tiles)
        self.rows.setEnabled(tiles)
        try:
            self.pdf, plan = svc.timeline_pdf(self.view.ctx.store, self.view.partnership_id,
                                              self.options(), today=self.view.today)
        except ValidationError as exc:
            self.summary.setText(exc.message)
            return
        pngs = svc.page_images(self.pdf, dpi=60)
        self.images = [QImage.fromData(png) for png in pngs]
        pages = len(plan.tiles)
        text = ("1 page" if pages == 1 else
                f"{pages} pages: {plan.cols} across × {plan.rows} down; the titles and dates "
                "repeat on each")
        if plan.auto_tiled:
            text = (f"On one page the labels would be under {tl.MIN_LABEL_PT:g} pt, so the chart "
                    f"is spread over {text}")
        self.summary.setText(text)
        if not self.images:
            return
        gap = 12
        width = sum(i.width() for i in self.images[:plan.cols]) + gap * (plan.cols + 1)
        rows = (len(self.images) + plan.cols - 1) // plan.cols
        height = self.images[0].height() * rows + gap * (rows + 1)
        sheet = QPixmap(QSize(width, height))
        sheet.fill(Qt.GlobalColor.gray)
        painter = QPainter(sheet)
        for k, image in enumerate(self.images):
            col, row = k % plan.cols, k // plan.cols
            painter.drawImage(gap + col * (image.width() + gap),
                              gap + row * (image.height() + gap), image)
        painter.end()
        self.pages.setPixmap(sheet)

    def save_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save timeline PDF", "timeline.pdf",
                                              "PDF (*.pdf)")
        if path:
            try:
                write_bytes(Path(path), self.pdf)
            except OSError as exc:  # WriteFailed: one line naming the file
                QMessageBox.warning(self, "Print timeline", str(exc))

    def print_pages(self, printer: Any = None) -> None:
        """Send the previewed pages to a printer (chosen in the print dialog if not given)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        ask = printer is None
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        options = self.options()
        paper = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3,
                 "Letter": QPageSize.PageSizeId.Letter}[options.paper]
        printer.setPageSize(QPageSize(paper))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if options.landscape
                                   else QPageLayout.Orientation.Portrait)
        if ask and QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        pngs = svc.page_images(self.pdf, dpi=float(min(300, printer.resolution())))
        painter = QPainter(printer)
        for k, png in enumerate(pngs):
            if k:
                printer.newPage()
            image = QImage.fromData(png)
            page = painter.viewport()
            size = image.size().scaled(page.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
        painter.end()


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

        self.scope = QComboBox()
        self.scope.setMinimumContentsLength(22)
        self.group = QComboBox()
        for key in tl.GROUPINGS:
            self.group.addItem(GROUP_LABELS[key], key)
        self.group.setCurrentIndex(tl.GROUPINGS.index(self.grouping))
        self.zoom = QComboBox()
        for key in tl.ZOOMS:
            self.zoom.addItem(tl.ZOOM_LABELS[key], key)
        zoom = ctx.settings.get_str("timeline/zoom", "fit")
        self.zoom.setCurrentIndex(tl.ZOOMS.index(zoom) if zoom in tl.ZOOMS else 5)
        self.columns_button = QToolButton()
        self.columns_button.setText("Dates")
        self.columns_button.setToolTip("Date columns beside the titles: start, due, forecast")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        columns_menu = QMenu(self.columns_button)
        shown = [c for c in ctx.settings.get_str("timeline/columns", "").split(",") if c]
        self.column_actions: dict[str, QAction] = {}
        for key, label in (("start", "Start"), ("due", "Due"), ("forecast", "Forecast")):
            action = columns_menu.addAction(f"{label} date column")
            action.setCheckable(True)
            action.setChecked(key in shown)
            action.toggled.connect(self._columns_changed)
            self.column_actions[key] = action
        self.columns_button.setMenu(columns_menu)
        today_button = QPushButton("Today")
        today_button.setToolTip("Bring today's date into view")
        add = QPushButton("Add milestone…")
        add.setShortcut(QKeySequence("Ins"))
        add.setToolTip("A new small, dated step; it goes under the chosen milestone (Insert)")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the chosen milestone (Enter, or double-click it)")
        self.link_button = QPushButton("Depends on…")
        self.link_button.setToolTip("Make the chosen milestone wait for another one")
        self.celebrate_button = QPushButton("Celebrate…")
        self.celebrate_button.setToolTip("Mark the chosen milestone done as a small win, "
                                         "with a note of what it meant")
        snapshot = QPushButton("Record meeting")
        snapshot.setToolTip("Keep today's forecasts as this meeting's snapshot: the slip chart "
                            "and 'since last meeting' compare against it")
        meeting = QPushButton("Meeting mode")  # F5: Timeline › Meeting mode, in the window
        meeting.setToolTip("Full screen for the projector (F5); Esc leaves")
        export = QToolButton()
        export.setText("Export")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        menu.addAction("Print / PDF…", self.print_preview)
        menu.addAction("PNG of this view…", lambda: self.export_view("png"))
        menu.addAction("SVG of this view…", lambda: self.export_view("svg"))
        menu.addAction("Calendar (.ics)…", lambda: self.export_data("ics"))
        menu.addAction("MS Project XML…", lambda: self.export_data("xml"))
        menu.addAction("Spreadsheet (.xlsx, .csv)…", lambda: self.export_data("xlsx"))
        export.setMenu(menu)

        # A tool bar rather than a row of buttons: on a narrow screen the last buttons move
        # into its » menu instead of widening the window.
        bar = QToolBar()
        bar.setMovable(False)
        for widget in (self.scope, QLabel(" Group by "), self.group, QLabel(" Zoom "), self.zoom,
                       today_button, self.columns_button):
            bar.addWidget(widget)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        # Most used first: on a narrow screen the tail of this list goes into the » menu.
        for button in (add, meeting, export, self.edit_button, self.link_button,
                       self.celebrate_button, snapshot):
            bar.addWidget(button)
        working_overflow(bar)  # its » menu offers what did not fit

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
        self.bite_days = QSpinBox()
        self.bite_days.setRange(7, 365)
        self.bite_days.setSuffix(" days")
        self.bite_days.setValue(ctx.settings.get_int("timeline/bite_days", tl.DEFAULT_BITE_DAYS))
        self.bites = QListWidget()
        self.bites.setWordWrap(True)
        self.legend = QLabel(self._legend_html())
        self.legend.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        side_layout.addWidget(self.legend)
        bite_page = QWidget()
        bite_layout = QVBoxLayout(bite_page)
        bite_layout.setContentsMargins(2, 4, 2, 2)
        bite_row = QHBoxLayout()
        bite_row.addWidget(QLabel("Longest bite"))
        bite_row.addWidget(self.bite_days)
        bite_layout.addLayout(bite_row)
        bite_layout.addWidget(self.bites, 1)
        self.since = QLabel()
        self.since.setWordWrap(True)
        self.since.setTextFormat(Qt.TextFormat.RichText)
        self.since.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        since_scroll = QScrollArea()
        since_scroll.setWidget(self.since)
        since_scroll.setWidgetResizable(True)
        self.slip = SlipChart()
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(bite_page, "Bites")
        self.side_tabs.addTab(since_scroll, "Changes")
        self.side_tabs.addTab(self.slip, "Slip chart")
        self.slip_stale = False
        self.side_tabs.currentChanged.connect(self._side_tab_chosen)
        side_layout.addWidget(self.side_tabs, 1)
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

        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.group.currentIndexChanged.connect(self._group_changed)
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        self.zoom.activated.connect(self._zoom_activated)
        self.chart.zoomed.connect(self._zoom_followed)
        today_button.clicked.connect(self.go_today)
        add.clicked.connect(self.add_milestone)
        self.edit_button.clicked.connect(lambda: self.edit_milestone(None))
        self.link_button.clicked.connect(self.add_dependency)
        self.celebrate_button.clicked.connect(self.celebrate)
        snapshot.clicked.connect(self.record_meeting)
        meeting.clicked.connect(lambda: self.open_meeting_mode())  # not clicked's False
        self.chart.milestoneMoved.connect(self.move_milestone)
        self.chart.milestoneActivated.connect(self.edit_milestone)
        self.chart.milestoneSelected.connect(self._selected)
        self.chart.groupToggled.connect(self.toggle_group)
        self.chart.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.chart.customContextMenuRequested.connect(self._chart_menu)
        self.bites.itemActivated.connect(self._bite_chosen)
        self.bites.itemClicked.connect(self._bite_chosen)
        self.bite_days.valueChanged.connect(self._bite_days_changed)

        self._fill_scope()
        self.reload(keep_view=False)

    # -------------------------------------------------------------------- loading

    @staticmethod
    def _legend_html() -> str:
        def status_colour(status: str) -> str:  # a key's mark: 3:1 on the window
            return theme.readable(tl.STATUS_STYLES[status].colour, need=3)

        marks = {"hollow": "outline", "solid": "solid", "hatch": "hatched",
                 "crosshatch": "cross-hatched", "dashed": "dashed"}
        muted, alert = theme.colour("secondary"), theme.colour("alert")
        rows = [f"<span style='color:{status_colour(s)}'>■</span> "
                f"{tl.STATUS_LABELS[s]} <span style='color:{muted}'>"
                f"({marks[tl.STATUS_STYLES[s].pattern]})</span>" for s in tl.STATUSES]
        return ("<b>Legend</b><br>" + "<br>".join(rows) +
                "<br>◆ milestone · thin dark bar: baseline<br>★ small win · "
                f"<span style='color:{alert}'>┆</span> today<br>"
                f"<span style='color:{muted}'>Drag a bar to move its forecast (or Alt+←/→); "
                "double-click or Enter to edit; the wheel scrolls, Shift+wheel scrolls the "
                "dates, Ctrl+wheel zooms; Home/End go to the plan's start/end.</span>")

    def _fill_scope(self) -> None:
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem("All partnerships", None)
        for ident, title in svc.partnerships(self.ctx.store):
            self.scope.addItem(title, ident)
        index = self.scope.findData(self.partnership_id)
        self.scope.setCurrentIndex(max(0, index))
        self.scope.blockSignals(False)

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
        self.slip_stale = self.side_tabs.currentWidget() is not self.slip
        if not self.slip_stale:
            lines = tl.slip_lines(self.data.snapshots, self.data.items, today=self.today)
            self.slip.set_lines(lines, highlight=self.chart.selected_milestone())

    def _side_tab_chosen(self) -> None:
        if self.slip_stale and self.side_tabs.currentWidget() is self.slip and \
                self.data is not None:
            self._fill_meeting_tabs()

    def _fill_bites(self) -> None:
        with same_current_item(self.bites, Qt.ItemDataRole.UserRole):  # by milestone id
            self._fill_bite_items()

    def _fill_bite_items(self) -> None:
        assert self.data is not None
        self.bites.clear()
        warnings = (tl.overdue_warnings(self.data.items, self.today)
                    + tl.bite_warnings(self.data.items, self.bite_days.value()))
        if not warnings and self.data.items:
            self.bites.addItem("Every step has an owner, a date and a bite-sized span.")
        for warning in warnings:
            item = QListWidgetItem(warning.message)
            item.setData(Qt.ItemDataRole.UserRole, warning.milestone_id)
            item.setToolTip(warning.message)
            self.bites.addItem(item)

    def _selected(self, ident: int) -> None:
        self._update_buttons()
        if self.side_tabs.currentWidget() is self.slip and self.data is not None:
            self._fill_meeting_tabs()

    def _update_buttons(self) -> None:
        chosen = self.chart.selected_milestone() is not None
        for button in (self.edit_button, self.link_button, self.celebrate_button):
            button.setEnabled(chosen)

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

    def _group_changed(self) -> None:
        self.grouping = self.group.currentData()
        self.ctx.settings.set_value("timeline/grouping", self.grouping)
        self.collapsed.clear()
        self.reload()

    def _zoom_changed(self) -> None:
        level = self.zoom.currentData()
        if level == "custom":
            return
        custom = self.zoom.findData("custom")
        if custom >= 0:  # a chosen level replaces the scale the wheel had reached
            self.zoom.blockSignals(True)
            self.zoom.removeItem(custom)
            self.zoom.blockSignals(False)
        self.ctx.settings.set_value("timeline/zoom", level)
        self.chart.set_zoom(level)

    def _columns_changed(self) -> None:
        shown = [key for key, action in self.column_actions.items() if action.isChecked()]
        self.ctx.settings.set_value("timeline/columns", ",".join(shown))
        self.chart.set_columns(shown)

    def _zoom_activated(self, index: int) -> None:
        """Choosing the level already shown (after a wheel zoom near it) applies it exactly."""
        level = self.zoom.itemData(index)
        if level != "custom" and self.chart.zoom != level:
            self._zoom_changed()

    def _zoom_followed(self) -> None:
        """After a wheel or key zoom the box shows the scale in view, never a stale "Fit"."""
        text = self.chart.scale_text()
        self.zoom.blockSignals(True)
        try:
            preset = self.zoom.findText(text)
            if preset >= 0 and self.zoom.itemData(preset) != "custom":
                self.chart.zoom = self.zoom.itemData(preset)
                custom = self.zoom.findData("custom")
                if custom >= 0:
                    self.zoom.removeItem(custom)
                self.zoom.setCurrentIndex(preset)
                return
            custom = self.zoom.findData("custom")
            if custom < 0:
                self.zoom.addItem(text, "custom")
                custom = self.zoom.count() - 1
            self.zoom.setItemText(custom, text)
            self.zoom.setCurrentIndex(custom)
        finally:
            self.zoom.blockSignals(False)

    def go_today(self) -> None:
        (x0, x1), _ = self.chart.vb.viewRange()
        span = x1 - x0
        start = self.today.toordinal() - span * 0.3
        self.chart.vb.setXRange(start, start + span, padding=0)

    def toggle_group(self, key: str) -> None:
        self.collapsed.symmetric_difference_update({key})
        self.reload()

    def _bite_chosen(self, item: QListWidgetItem) -> None:
        ident = item.data(Qt.ItemDataRole.UserRole)
        if ident is not None:
            self.chart.select_milestone(int(ident))
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
        choices = svc.partnerships(self.ctx.store)
        if not choices:
            QMessageBox.information(self, "Timeline", "Pursue a partnership first: milestones "
                                    "belong to a partnership.")
            return None
        if len(choices) == 1:
            return choices[0][0]
        title, ok = QInputDialog.getItem(self, "New milestone", "Partnership:",
                                         [t for _i, t in choices], 0, False)
        if not ok:
            return None
        return next(i for i, t in choices if t == title)

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

    def context_menu(self, ident: int) -> QMenu:
        """Edit, link, unlink, celebrate or delete the milestone (right-click in the chart)."""
        menu = QMenu(self)
        menu.addAction("Edit…", lambda: self.edit_milestone(ident))
        menu.addAction("Depends on…", self.add_dependency)
        assert self.data is not None
        titles = {i.id: i.title for i in self.data.items}
        unlink = menu.addMenu("Remove dependency")
        links = [(dep_id, pred, succ) for (pred, succ), dep_id in
                 self.data.dependency_ids.items() if ident in (pred, succ)]
        for dep_id, pred, succ in links:
            text = f"“{titles.get(succ, succ)}” after “{titles.get(pred, pred)}”"
            unlink.addAction(text, partial(self._unlink, dep_id))
        unlink.setEnabled(bool(links))
        menu.addAction("Celebrate…", self.celebrate)
        menu.addAction(f"Split into {self.bite_days.value()}-day bites",
                       partial(self.split_into_bites, ident))
        menu.addSeparator()
        menu.addAction("Delete", self.delete_selected)
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

    def print_preview(self) -> None:
        self._exec(PrintPreviewDialog(self))

    def export_view(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, f"Save the view as {kind.upper()}",
                                              f"timeline.{kind}", f"{kind.upper()} (*.{kind})")
        if path:
            self.write_view(Path(path), kind)

    def write_view(self, path: Path, kind: str) -> None:
        """The chart as seen now: a PNG grab, or SVG painted through QSvgGenerator.

        Both are drawn in memory and written whole through planner/atomic.py: Qt writing
        to the file itself says nothing when the disk fills, and would leave half a file.
        """
        from PySide6.QtCore import QBuffer, QIODevice

        buffer = QBuffer()  # owns its bytes: nothing here outlives what it points to
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if kind == "png":
            self.chart.grab().save(buffer, "PNG")
        else:
            from PySide6.QtSvg import QSvgGenerator

            # SVG 1.1 keeps the clip paths (Tiny 1.2 drops them, so shapes cut by the
            # view's edge spilled over the title column in viewers).
            generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
            generator.setOutputDevice(buffer)
            generator.setSize(self.chart.size())
            generator.setViewBox(self.chart.rect())
            generator.setResolution(self.chart.logicalDpiX())  # text the size it is on screen
            generator.setTitle("Milestone timeline")
            generator.setDescription("Drawn by Partnership Planner")
            painter = QPainter(generator)
            self.chart.render(painter)
            painter.end()
        buffer.close()
        try:
            write_bytes(path, bytes(buffer.data().data()))
        except OSError as exc:  # WriteFailed: one line naming the file
            QMessageBox.warning(self, "Timeline", str(exc))

    def import_milestones(self, path: Path | None = None) -> None:
        """File › Import milestones…: an MS Project XML or GNOME Planner file's tasks, shown
        first, then added to a partnership in one undo step."""
        from planner.services import milestone_import as imports
        from planner.ui.timeline.import_dialog import ImportPreviewDialog

        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, "Import milestones", "",
                "Project files (*.xml *.planner);;MS Project XML (*.xml);;"
                "GNOME Planner (*.planner);;All files (*)")
            if not name:
                return
            path = Path(name)
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
        title, name, filters = DATA_EXPORTS[kind]
        path, chosen = QFileDialog.getSaveFileName(self, title, name, filters)
        if not path:
            return
        out = Path(path)
        suffixes = {f".{kind}"} | ({".csv"} if kind == "xlsx" else set())
        if out.suffix.lower() not in suffixes:  # a name typed without its ending
            out = out.with_suffix(".csv" if chosen.startswith("CSV") else f".{kind}")
        try:
            export_timeline_file(self.ctx.store, out, self.partnership_id, calendar=calendar)
        except (ValidationError, OSError) as exc:
            QMessageBox.warning(self, "Timeline", str(exc))
            return
        self.ctx.events.status.emit(f"Timeline written to {out}")
