"""The Timeline's files out: the chart as PNG or SVG, and where a data export is saved.

The view asks these for a file name and the bytes; it writes the plan's data through the
services and says on the status bar what was written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView, QMessageBox, QWidget

from planner.atomic import write_bytes
from planner.ui.shell import file_dialogs

# Save dialogs of the data exports: title, suggested name, file types.
DATA_EXPORTS = {
    "ics": ("Save milestones to a calendar", "milestones.ics", "iCalendar (*.ics)"),
    "xml": ("Save the timeline for MS Project", "timeline.xml",
            "MS Project XML (*.xml)"),
    "xlsx": ("Save the timeline as a spreadsheet", "timeline.xlsx",
             "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)"),
}


def ask_import_path(parent: QWidget) -> Path | None:
    """File › Import milestones…: an MS Project XML or GNOME Planner file; None if cancelled."""
    return file_dialogs.ask_open(
        parent, "Import milestones",
        "Project files (*.xml *.planner);;MS Project XML (*.xml);;"
        "GNOME Planner (*.planner);;All files (*)")


def ask_view_path(parent: QWidget, kind: str) -> Path | None:
    """Where to save the chart as ``kind`` ("png" or "svg"); None when cancelled."""
    return file_dialogs.ask_save(parent, f"Save the view as {kind.upper()}",
                                 f"timeline.{kind}", f"{kind.upper()} (*.{kind})")


def ask_data_path(parent: QWidget, kind: str) -> Path | None:
    """Where to save a data export ("ics", "xml" or "xlsx"); a name typed without its
    ending gets the one of the type chosen (.csv for the CSV choice). None when cancelled."""
    title, name, filters = DATA_EXPORTS[kind]
    out, chosen = file_dialogs.ask_save_typed(parent, title, name, filters)
    if out is None:
        return None
    suffixes = {f".{kind}"} | ({".csv"} if kind == "xlsx" else set())
    if out.suffix.lower() not in suffixes:  # a name typed without its ending
        out = out.with_suffix(".csv" if chosen.startswith("CSV") else f".{kind}")
    return out


def chart_bytes(chart: QGraphicsView, kind: str) -> bytes:
    """The chart as seen now: a PNG grab, or SVG painted through QSvgGenerator.

    Both are drawn in memory (and written whole through planner/atomic.py): Qt writing
    to the file itself says nothing when the disk fills, and would leave half a file.
    """
    buffer = QBuffer()  # owns its bytes: nothing here outlives what it points to
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if kind == "png":
        chart.grab().save(buffer, "PNG")
    else:
        from PySide6.QtSvg import QSvgGenerator

        # SVG 1.1 keeps the clip paths (Tiny 1.2 drops them, so shapes cut by the
        # view's edge spilled over the title column in viewers).
        generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
        generator.setOutputDevice(buffer)
        generator.setSize(chart.size())
        generator.setViewBox(chart.rect())
        generator.setResolution(chart.logicalDpiX())  # text the size it is on screen
        generator.setTitle("Milestone timeline")
        generator.setDescription("Drawn by Partnership Planner")
        painter = QPainter(generator)
        chart.render(painter)
        painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def write_chart(parent: QWidget, chart: QGraphicsView, path: Path, kind: str) -> None:
    """Write the chart to ``path``; a failed write is said in one line naming the file."""
    try:
        write_bytes(path, chart_bytes(chart, kind))
    except OSError as exc:  # WriteFailed: one line naming the file
        QMessageBox.warning(parent, "Timeline", str(exc))
