"""The Agreements view's documents (ui layer): export, print and verify PDFs.

Writing a PDF, signing one and checking one run on a worker thread (JobRunner) behind the
head's busy bar; the result, or the one line saying why not, lands in the banner or in the
tab that asked. Printing draws the PDF's own pages, so paper and file agree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from planner.domain.file_names import file_stem
from planner.services import agreements as svc
from planner.services.changes import ValidationError
from planner.ui.agreements.common import esc
from planner.ui.agreements.header import AgreementHeader
from planner.ui.agreements.verify import VerifyPane
from planner.ui.shell import file_dialogs
from planner.ui.shell.background import Job, JobRunner
from planner.ui.shell.context import ViewContext

Current = Callable[[], "svc.AgreementDetail | None"]


class AgreementDocuments(QObject):
    """The PDFs of the agreement ``current()`` gives (the one selected in the view)."""

    def __init__(self, ctx: ViewContext, host: QWidget, head: AgreementHeader,
                 verify: VerifyPane, current: Current, flush: Callable[[], None]) -> None:
        super().__init__(host)
        self.ctx, self.host, self.head, self.verify = ctx, host, head, verify
        self.current, self.flush = current, flush
        self.jobs = JobRunner(host)  # PDF export, signing and checking
        self.last_result: object = None
        verify.verifyRequested.connect(lambda: self.verify_file())

    @property
    def working(self) -> bool:
        return self.jobs.running

    # ------------------------------------------------------------------ jobs

    def start(self, work: Callable[[], object], done: Callable[[object], None],
              message: QLabel, status: str,
              failed: Callable[[str], None] | None = None) -> Job:
        """Run ``work`` in the background; ``done`` gets its result, ``message`` the reason
        it failed."""
        def job_failed(text: str) -> None:
            self._job_failed(message, text)
            if failed is not None:
                failed(text)

        job = self.jobs.start(work, done=lambda result: self._job_done(done, result),
                              failed=job_failed)
        self.head.busy.setVisible(self.jobs.running)
        self.ctx.events.status.emit(status)
        return job

    def _job_done(self, done: Callable[[object], None], result: object) -> None:
        self.head.busy.setVisible(self.jobs.running)
        self.last_result = result
        done(result)

    def _job_failed(self, message: QLabel, text: str) -> None:
        self.head.busy.setVisible(self.jobs.running)
        self.last_result = ValidationError(text)
        message.setText(esc(text))
        if message is self.head.banner:
            message.show()

    def ask_save(self, title: str, suggested: str) -> Path | None:
        path = file_dialogs.ask_save(self.host, title, suggested, "PDF files (*.pdf)")
        if path is None:
            return None
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def ask_open(self, title: str) -> Path | None:
        return file_dialogs.ask_open(self.host, title, "PDF files (*.pdf)")

    def suggested(self) -> str:
        detail = self.current()
        stem = "agreement" if detail is None else file_stem(detail.title, "agreement")
        return f"{stem}-v{detail.version if detail else 1}.pdf"

    # ------------------------------------------------------------------ export

    def export_pdf(self, out: Path | None = None) -> Job | None:
        self.flush()
        detail = self.current()
        if detail is None:
            return None
        out = out or self.ask_save("Export the agreement", self.suggested())
        if out is None:
            return None
        try:
            job = svc.plan_export(self.ctx.store, detail.id, out)
        except ValidationError as exc:
            self.head.say(exc.message)
            return None
        return self.start(lambda: svc.run_export(job), self._exported, self.head.banner,
                          "Writing the agreement PDF…")

    def _exported(self, result: object) -> None:
        assert isinstance(result, svc.ExportResult)
        text = f"Agreement written to {result.path} ({result.pages} pages)."
        if result.signed_field:
            text += f" Signed field {result.signed_field}."
        self.ctx.events.status.emit(text)

    # ------------------------------------------------------------------ verify

    def verify_file(self, path: Path | None = None) -> Job | None:
        if path is None:
            path = self.ask_open("Verify a signed agreement")
            if path is None:
                return None
        pins = self.verify.pins()
        self.verify.show_result("Checking…")
        target = path
        # A file that cannot be checked says so in the result box too, not "Checking…".
        return self.start(lambda: svc.verify_details(target, pins), self._verified,
                          self.head.banner, "Checking signatures…",
                          lambda text: self.verify.show_result(f"✘ {text}"))

    def offer_pins(self) -> None:
        self.verify.offer_pins(svc.known_fingerprints(self.ctx.store))

    def _verified(self, result: object) -> None:
        assert isinstance(result, tuple)
        ok, text, fingerprint = result
        match = svc.match_text(self.ctx.store, fingerprint)
        self.verify.show_result(("✔ " if ok else "✘ ") + text + (f"\n{match}" if match else ""))

    # ------------------------------------------------------------------ printing

    def print_preview(self) -> None:
        """Preview and print exactly the pages of the PDF (drawn from the PDF itself)."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        if self.current() is None:
            return
        self.flush()
        dialog = QPrintPreviewDialog(self.host)
        dialog.setWindowTitle("Print the agreement")
        dialog.paintRequested.connect(self.print_to)
        dialog.exec()

    def print_to(self, printer: Any) -> int:
        """Draw every page of the agreement's PDF into ``printer``; returns pages printed."""
        import pypdfium2 as pdfium
        from PySide6.QtPrintSupport import QPrinter

        detail = self.current()
        if detail is None:
            return 0
        data, _info = svc.render_pdf(self.ctx.store, detail.id)
        pdf = pdfium.PdfDocument(data)
        painter = QPainter()
        if not painter.begin(printer):
            self.head.say("The printer could not be started.")
            return 0
        count = len(pdf)
        try:
            dpi = min(printer.resolution(), 300)
            for number in range(count):
                if number:
                    printer.newPage()
                page = pdf[number]
                bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
                formats = {"RGB": QImage.Format.Format_RGB888,
                           "RGBA": QImage.Format.Format_RGBA8888,
                           "RGBX": QImage.Format.Format_RGBX8888}
                pixels = bytes(bitmap.buffer)
                qimage = QImage(pixels, bitmap.width, bitmap.height, bitmap.stride,
                                formats.get(bitmap.mode, QImage.Format.Format_RGB888)).copy()
                bitmap.close()
                page.close()
                area = printer.pageRect(QPrinter.Unit.DevicePixel)
                target = area.toRect()
                target.moveTo(0, 0)
                scaled = qimage.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                target.setSize(scaled)
                painter.drawImage(target, qimage)
        finally:
            painter.end()
            pdf.close()
        return count
