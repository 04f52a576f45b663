"""The trustees' board pack (reports layer): the portfolio on one A4 page, with ReportLab.

The content arrives ready-worded (the dashboard service builds it from the same figures
the dashboard shows); this module only lays it out. Whatever the portfolio's size, the
page is one page: the body is shrunk to fit, and long lists are cut with "and N more".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from planner.atomic import replacing

SIGNAL_BUDGET = 24  # sentences on the page in all, shared out among the partnerships
MAX_ITEMS = 8  # lines per list
STATE_COLOURS = {"healthy": "#2e7d32", "watch": "#b26a00", "at_risk": "#c62828"}
INK = "#1f2933"
MUTED = "#5f6b7a"
RULE = "#d5dbe3"
TILE_BG = "#f3f6f9"
ALERT = "#c62828"


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    note: str = ""
    alert: bool = False


@dataclass(frozen=True)
class HealthLine:
    partnership: str
    state_label: str
    state: str  # healthy, watch, at_risk
    hours: str  # "6 h of 4 h"
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoardPack:
    title: str
    subtitle: str
    tiles: tuple[Tile, ...]
    health: tuple[HealthLine, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]


def _fonts() -> tuple[str, str, Any]:
    """(regular, bold, markup function): the bundled DejaVu fonts when present."""
    try:
        from planner.reports import fonts
    except ImportError:  # pragma: no cover - only before the fonts module exists
        return "Helvetica", "Helvetica-Bold", escape
    registered = fonts.register_fonts()
    return registered.sans, registered.sans_bold, fonts.rich


def _cut(lines: tuple[str, ...], limit: int) -> list[str]:
    if len(lines) <= limit:
        return list(lines)
    return [*lines[:limit - 1], f"… and {len(lines) - limit + 1} more"]


def write_boardpack(pack: BoardPack, out: Path) -> None:
    """Write ``pack`` as a one-page PDF at ``out`` (written beside, then moved into place)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Frame,
        KeepInFrame,
        PageTemplate,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.doctemplate import BaseDocTemplate

    from planner import APP_NAME
    from planner.reports import text_layout
    from planner.reports.pdf_meta import doc_options

    def paragraph(markup: str, style: Any, rtl: bool | None = False) -> Any:
        # The page's lines are the program's own English, names quoted in them: left to
        # right even when one starts with an Arabic or Hebrew title (as the dashboard shows
        # it). A name alone (rtl=None) reads its own way.
        return text_layout.paragraph(markup, style, rtl=rtl)

    regular, bold, rich = _fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=8.5, leading=10.5,
                          textColor=colors.HexColor(INK))
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.2)
    muted = ParagraphStyle("muted", parent=small, textColor=colors.HexColor(MUTED))
    item = ParagraphStyle("item", parent=small, spaceAfter=2.5)
    title = ParagraphStyle("title", parent=base, fontName=bold, fontSize=16, leading=19)
    heading = ParagraphStyle("heading", parent=base, fontName=bold, fontSize=10.5, leading=13,
                             spaceBefore=6, spaceAfter=3)
    tile_label = ParagraphStyle("tile_label", parent=muted, alignment=TA_CENTER)
    tile_value = ParagraphStyle("tile_value", parent=base, fontName=bold, fontSize=17,
                                leading=21, alignment=TA_CENTER)
    tile_note = ParagraphStyle("tile_note", parent=small, alignment=TA_CENTER)

    width, height = A4
    margin = 14 * mm
    inner = width - 2 * margin
    story: list[Any] = [paragraph(rich(pack.title), title), Spacer(1, 1.5 * mm),
                        paragraph(rich(pack.subtitle), muted), Spacer(1, 5 * mm)]

    # Tiles: the three headline figures side by side.
    cells = []
    for tile in pack.tiles:
        value_style = ParagraphStyle("v", parent=tile_value,
                                     textColor=colors.HexColor(ALERT if tile.alert else INK))
        cells.append([paragraph(rich(tile.label), tile_label),
                      paragraph(rich(tile.value), value_style),
                      paragraph(rich(tile.note), tile_note)])
    if cells:
        tiles = Table([cells], colWidths=[inner / len(cells)] * len(cells))
        tiles.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(TILE_BG)),
            ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        story.append(tiles)

    # Health of each partnership, with the sentences that explain it.
    story.append(paragraph("Partnership health", heading))
    rows: list[list[Any]] = [[paragraph(f"<b>{h}</b>", small) for h in
                              ("Partnership", "Health", "CEO hours a month", "Why")]]
    styles: list[tuple[Any, ...]] = []
    # A small portfolio gets every reason on paper; a big one the first two or three each.
    per_partnership = max(2, min(6, SIGNAL_BUDGET // max(1, len(pack.health))))
    for i, line in enumerate(pack.health, start=1):
        colour = STATE_COLOURS.get(line.state, INK)
        state = ParagraphStyle("s", parent=small, fontName=bold,
                               textColor=colors.HexColor(colour))
        signals = _cut(line.signals, per_partnership) or ["No warning signs."]
        why = "<br/>".join(f"• {rich(s)}" if not s.startswith("… and") else rich(s)
                           for s in signals)
        rows.append([paragraph(rich(line.partnership), small, rtl=None),
                     paragraph(line.state_label, state),
                     paragraph(rich(line.hours), small), paragraph(why, small)])
        styles.append(("LINEABOVE", (0, i), (-1, i), 0.4, colors.HexColor(RULE)))
    if not pack.health:
        rows.append([paragraph("No partnership is being pursued yet.", small), "", "", ""])
    table = Table(rows, colWidths=[0.2 * inner, 0.09 * inner, 0.13 * inner, 0.58 * inner],
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(INK)),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *styles,
    ]))
    story.append(table)
    story.append(Spacer(1, 2 * mm))

    # The four lists, two by two.
    blocks = []
    for name, lines in pack.sections:
        block = [paragraph(rich(name), heading)]
        block += [paragraph(rich(text), item) for text in _cut(lines, MAX_ITEMS)]
        blocks.append(block)
    grid = [blocks[i:i + 2] + [[]] * (2 - len(blocks[i:i + 2]))
            for i in range(0, len(blocks), 2)]
    if grid:
        lists = Table(grid, colWidths=[inner / 2] * 2)
        lists.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ]))
        story.append(lists)

    story.append(Spacer(1, 3 * mm))
    story.append(paragraph(
        "Health is judged from what the plan records: inertia (slipping milestones, overdue "
        "actions, unclear accountability, no agreed protocol), fatigue (meetings not held, "
        "falling attendance, hours above the estimate, no recent small win) and conflict "
        "areas left unreviewed or undisclosed. Each line names the record behind it.", muted))

    frame = Frame(margin, margin, inner, height - 2 * margin, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    with replacing(out) as temp:
        doc = BaseDocTemplate(str(temp), pagesize=A4, author=APP_NAME, subject="Board pack",
                              **doc_options(pack.title),
                              leftMargin=margin, rightMargin=margin, topMargin=margin,
                              bottomMargin=margin)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        # Shrink, never split: the pack is a single page whatever the portfolio's size.
        doc.build([KeepInFrame(inner, height - 2 * margin, story, mode="shrink")])
