"""Print / PDF of the timeline: page setup and a preview of the printed pages.

The pages are drawn by ReportLab (through the services) and shown as images, so screen,
paper and PDF agree. The dialog is given a ``render`` function (options -> PDF and page
plan) and the chart's zoom, grouping and folded groups; it holds nothing of the view.

A long plan's pages (``background``: a trust's 100,000 milestones) are made off the GUI
thread, as File › Save a Copy… copies (``planner.ui.shell.background``): a bar says how far
the drawing has gone and Cancel stops it; Save PDF… and Print… wait for the pages. A
small plan's are made at once, as they always were.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.atomic import write_bytes
from planner.domain import timeline_paper as tl_paper
from planner.services import timeline as svc
from planner.services.changes import ValidationError
from planner.services.timeline_print import Cancelled
from planner.ui.shell import file_dialogs
from planner.ui.shell.background import JobRunner
from planner.ui.shell.wheel_guard import steady_wheels

Render = Callable[..., tuple[bytes, tl_paper.PagePlan]]  # (options, progress=, cancel=)
Made = tuple[bytes, tl_paper.PagePlan, list[bytes]]  # the PDF, its plan, its pages as PNG
_DRAWING = threading.Lock()  # one print drawn at a time (pdfium is not thread-safe)


def _make(render: Render, options: svc.PrintOptions, latest: list[tuple[int, int, str]],
          cancel: threading.Event) -> Made:
    """The pages and their preview images, as plain Python for a worker (no Qt)."""

    def heard(done: int, total: int, text: str) -> None:
        latest[:] = [(done, total, text)]

    with _DRAWING:
        if cancel.is_set():
            raise Cancelled
        pdf, plan = render(options, progress=heard, cancel=cancel)
        heard(0, 0, "Making the preview…")
        pngs = svc.page_images(pdf, dpi=60)
    if cancel.is_set():
        raise Cancelled
    return pdf, plan, pngs


class PrintPreviewDialog(QDialog):
    """Page setup and a preview of the printed pages (drawn by ReportLab, shown as images)."""

    def __init__(self, render: Render, *, zoom: str, grouping: str,
                 collapsed: Iterable[str], parent: QWidget | None = None,
                 background: bool = False) -> None:
        super().__init__(parent)
        self.make_pdf = render  # PrintOptions -> (the PDF, its page plan)
        self.background = background  # pages made off the GUI thread, with Cancel
        self.jobs = JobRunner(self)
        self.cancel_event: threading.Event | None = None  # the pages being made
        self.latest: list[tuple[int, int, str]] = []  # how far they have gone
        self._asked = 0  # previews asked for: only the last one's pages are shown
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_pages)
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._show_progress)
        self.zoom, self.grouping = zoom, grouping
        self.collapsed = tuple(sorted(collapsed))
        self.setWindowTitle("Print timeline")
        self.resize(1000, 720)
        self.paper = QComboBox()
        self.paper.addItems(list(tl_paper.PAPER_SIZES))
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
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
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
        steady_wheels(self)  # a passing wheel scrolls, it changes no date or choice here

    def options(self) -> svc.PrintOptions:
        return svc.PrintOptions(
            paper=self.paper.currentText(), landscape=self.orientation.currentIndex() == 0,
            mode=self.mode.currentData(), cols=self.cols.value(), rows=self.rows.value(),
            zoom=self.zoom, grouping=self.grouping, collapsed=self.collapsed)

    def update_preview(self) -> None:
        tiles = self.mode.currentData() == "tiles"
        self.cols.setEnabled(tiles)
        self.rows.setEnabled(tiles)
        if self.background:
            self._make_in_background()
            return
        try:
            self.pdf, plan = self.make_pdf(self.options())
        except ValidationError as exc:
            self.summary.setText(exc.message)
            return
        self._show_pages(plan, svc.page_images(self.pdf, dpi=60))

    def _make_in_background(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()  # the pages under way are no longer wanted
        self._asked += 1
        asked, cancel = self._asked, threading.Event()
        latest: list[tuple[int, int, str]] = []
        self.cancel_event, self.latest = cancel, latest
        self.pdf = b""
        self._busy(True)
        self.summary.setText("Reading the plan…")
        self.jobs.start(partial(_make, self.make_pdf, self.options(), latest, cancel),
                        done=partial(self._made, asked), failed=partial(self._not_made, asked),
                        unexpected="The pages could not be made")

    def _busy(self, busy: bool) -> None:
        for widget in (self.progress, self.cancel_button):
            widget.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setRange(0, 0)  # busy until a page count is known
        self.save_button.setEnabled(not busy and bool(self.pdf))
        self.print_button.setEnabled(not busy and bool(self.pdf))
        if busy:
            self.timer.start()
        else:
            self.timer.stop()

    def _show_progress(self) -> None:
        if not self.latest or self.cancel_event is None or self.cancel_event.is_set():
            return
        done, total, text = self.latest[0]
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.summary.setText(text)

    def cancel_pages(self) -> None:
        """Stop making the pages (at the next page): nothing is kept."""
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.summary.setText("Cancelling…")
            self.cancel_button.setEnabled(False)

    def _made(self, asked: int, made: Made) -> None:
        if asked != self._asked:
            return  # a newer preview was asked for meanwhile
        self.cancel_event = None
        self.pdf, plan, pngs = made
        self._busy(False)
        self._show_pages(plan, pngs)

    def _not_made(self, asked: int, why: str) -> None:
        if asked != self._asked:
            return
        self.cancel_event = None
        self.pdf = b""
        self.images = []
        self.pages.clear()
        self._busy(False)
        self.summary.setText(why)

    def done(self, result: int) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()  # closed: the pages under way are not wanted
        super().done(result)

    def _show_pages(self, plan: tl_paper.PagePlan, pngs: list[bytes]) -> None:
        self.images = [QImage.fromData(png) for png in pngs]
        pages = len(plan.tiles)
        text = ("1 page" if pages == 1 else
                f"{pages} pages: {plan.cols} across × {plan.rows} down; the titles and dates "
                "repeat on each")
        if plan.auto_tiled:
            text = (f"On one page the labels would be under {tl_paper.MIN_LABEL_PT:g} pt, so the chart "
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
        path = file_dialogs.ask_save(self, "Save timeline PDF", "timeline.pdf", "PDF (*.pdf)")
        if path is not None:
            try:
                write_bytes(path, self.pdf)
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
