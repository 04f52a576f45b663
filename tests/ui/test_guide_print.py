"""Help › Guide prints or saves the whole guide, not only the page shown (issue 16): every
page, in reading order, each starting a new sheet; read back from the PDF with pypdf."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from planner.ui.shell.help import GuideDialog, guide_pages


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())  # "ﬁ" (a ligature) = "fi"


def _first_sheets(pdf: Path) -> list[int]:
    """For each guide page in reading order, the PDF sheet its title opens (or -1)."""
    sheets = [_words(page.extract_text()) for page in PdfReader(pdf).pages]
    found = []
    for page in guide_pages():
        title = _words(page.title)
        found.append(next((i for i, text in enumerate(sheets) if text.startswith(title)), -1))
    return found


def _guide(window_factory: Any) -> GuideDialog:
    guide = window_factory().show_guide()
    assert isinstance(guide, GuideDialog)
    return guide


def test_the_whole_guide_is_saved_as_one_pdf_in_reading_order(
        window_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    guide = _guide(window_factory)
    menu = guide.print_button.menu()
    assert menu is not None and [a.text() for a in menu.actions()] == [
        "Print this page…", "Print the whole guide…", "Save the whole guide as PDF…"]
    guide.open_page("capacity.html")  # whichever page is shown, all are saved
    out = tmp_path / "guide"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(out), "PDF (*.pdf)"))
    guide.pdf_action.trigger()
    pdf = out.with_suffix(".pdf")
    assert pdf.exists() and str(pdf) in guide.found.text()
    sheets = _first_sheets(pdf)
    assert -1 not in sheets, sheets  # every page's title opens a sheet of its own
    assert sheets == sorted(sheets) and len(set(sheets)) == len(guide_pages())
    text = _words(" ".join(p.extract_text() for p in PdfReader(pdf).pages))
    for words in ("six or seven", "baseline"):  # the capacity page and the elephant's
        assert words in text


def test_the_whole_guide_goes_to_the_printer_chosen(
        window_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QPrinter

    guide = _guide(window_factory)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    monkeypatch.setattr(guide, "_ask_printer", lambda _title: printer)
    guide.print_all_action.trigger()
    sheets = _first_sheets(out)
    assert -1 not in sheets and sheets == sorted(sheets)
    assert "whole guide" in guide.found.text()
    out.unlink()
    monkeypatch.setattr(guide, "_ask_printer", lambda _title: None)  # Cancel: nothing
    guide.print_all_action.trigger()
    assert not out.exists()
