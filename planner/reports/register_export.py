"""The conflict register as a CSV or XLSX file (reports layer).

Formula injection. A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would run as a formula when a spreadsheet opens the file.

- XLSX: such text is written as a *string* cell (never a formula) with Excel's "quote
  prefix" style, so the cell shows exactly the text typed, and editing it keeps it text.
- CSV: the format has no cell types, so such text gets one leading apostrophe (the OWASP
  advice). A spreadsheet then shows it as text; readers get the original back with
  :func:`unguard_csv_cell`, which removes exactly that apostrophe and nothing else.
  Text that already starts with an apostrophe followed by a trigger character is guarded
  too, so the round trip is exact for every value.

CSV files are UTF-8 with a byte-order mark, so spreadsheet programs read accents, Arabic
and emoji correctly; Python's ``csv`` module reads them with ``encoding="utf-8-sig"``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner.atomic import replacing, write_bytes

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_GUARD = "'"
# Characters XML 1.0 cannot hold; openpyxl refuses them, so they are dropped.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def guard_csv_cell(value: Any) -> str:
    """The text written to the CSV for ``value``: dates as ISO, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if looks_like_formula(text) or (text.startswith(_GUARD) and looks_like_formula(text[1:])):
        return _GUARD + text
    return text


def unguard_csv_cell(text: str) -> str:
    """The original text of a CSV cell written by :func:`guard_csv_cell`."""
    if not text.startswith(_GUARD):
        return text
    rest = text[1:]
    guarded = looks_like_formula(rest) or (rest.startswith(_GUARD)
                                           and looks_like_formula(rest[1:]))
    return rest if guarded else text


def write_csv(table: Sequence[Sequence[Any]], out: Path) -> None:
    import csv

    with replacing(out) as temp, temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in table:
            writer.writerow([guard_csv_cell(v) for v in row])


def write_xlsx(table: Sequence[Sequence[Any]], out: Path, *, title: str = "Register",
               document_title: str = "") -> None:
    """One sheet: a bold, frozen header row with filters, real date and number cells.

    It prints well as it is: landscape, one page wide (as many pages down as it needs),
    the header row repeated on every page; the document's title and creator are set
    (File › Properties in a spreadsheet program).

    Written in openpyxl's streaming (write-only) mode: about twice as fast, and memory
    stays flat however long the register is.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    columns = max((len(row) for row in table), default=0)
    widths = [8] * columns
    for row in table:
        for c, value in enumerate(row):
            shown = len(str(value)) if value is not None else 0
            widths[c] = max(widths[c], min(shown, 60) + 2)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    book.properties.title = document_title or title
    book.properties.creator = "Partnership Planner"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(1, len(table))}"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(table):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet)
            if isinstance(value, dt.datetime):
                cell.value = value.replace(tzinfo=None)
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, bool):
                cell.value = "yes" if value else "no"
            elif isinstance(value, (int, float)) or value is None:
                cell.value = value
            else:
                text = _XML_ILLEGAL.sub("", str(value))[:32767]  # Excel's cell limit
                cell.value = text
                # Assigning text that starts with "=" makes openpyxl write a formula;
                # force a plain string cell and mark it as typed text.
                cell.data_type = "s"
                if looks_like_formula(text):
                    cell.quotePrefix = True
                if "\n" in text:
                    cell.alignment = wrap
            if r == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    # Built in memory, then written whole: a full disk while openpyxl's zip file is open
    # left it to complain again when collected ("Exception ignored in ZipFile.__del__").
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes(out, buffer.getvalue())
