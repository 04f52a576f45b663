"""Print / PDF of the timeline: page setup and a preview of the printed pages.

The pages are drawn by ReportLab (through the services) and shown as images, so screen,
paper and PDF agree. The dialog is given a ``render`` function (options -> PDF and page
plan) and the chart's zoom, grouping and folded groups; it holds nothing of the view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.atomic import write_bytes
from planner.domain import timeline_paper as tl_paper
from planner.services import timeline as svc
from planner.services.changes import ValidationError

Render = Callable[[svc.PrintOptions], tuple[bytes, tl_paper.PagePlan]]


class PrintPreviewDialog(QDialog):
    """Page setup and a preview of the printed pages (drawn by ReportLab, shown as images)."""

    def __init__(self, render: Render, *, zoom: str, grouping: str,
                 collapsed: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.make_pdf = render  # PrintOptions -> (the PDF, its page plan)
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
            zoom=self.zoom, grouping=self.grouping, collapsed=self.collapsed)

    def update_preview(self) -> None:
        tiles = self.mode.currentData() == "tiles"
        self.cols.setEnabled(tiles)
        self.rows.setEnabled(tiles)
        try:
            self.pdf, plan = self.make_pdf(self.options())
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
