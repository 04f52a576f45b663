"""The printed milestone timeline (reports layer): ReportLab drawings of a domain layout.

One drawing per page tile: the label column and the date header repeat on every page, each
page carries the legend, the as-of date and "page n of N". The same drawing gives the PDF
(renderPDF), the SVG (renderSVG) and, rasterised by pdfium, the PNG. ReportLab is imported
inside the functions so that importing this module costs nothing at start-up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import math
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from planner.domain import timeline as tl
from planner.domain import timeline_paper as tl_paper
from planner.domain.dates import day_text

GRID = "#d9dde2"
GRID_MINOR = "#eef0f3"
INK = "#1b1f24"
MUTED = "#5b6570"
GROUP_FILL = "#e8ecf1"
TODAY = "#c62828"
BASELINE = "#3a3f45"
LINK = "#4a5560"


def _fonts() -> tuple[str, str]:
    """(regular, bold) font names: the bundled DejaVu Sans when it registers, else Helvetica
    (which loses non-Latin letters, so it is only the last resort)."""
    try:
        from planner.reports.fonts import register_fonts

        fonts = register_fonts()
    except Exception:  # a missing font must not stop a print; the text falls back
        return "Helvetica", "Helvetica-Bold"
    return fonts.sans, fonts.sans_bold


def _label(x: float, y: float, text: str, font: str, size: float, width: float,
           colour: str) -> list[Any]:
    """One line in a box ``width`` points wide from ``x``: laid out by ``text_layout``
    (bidi, shaping, cut after a whole word with "…" at its logical end), a right-to-left
    line aligned right.
    The string keeps the logical text for the SVG and the laid-out line for the PDF."""
    from reportlab.graphics.shapes import String
    from reportlab.lib.colors import HexColor

    text = text.replace("\n", " ")[:300]
    try:
        from planner.reports.text_layout import fit_text

        line = fit_text(text, font, size, width, words=True)  # not "…with Harrow…"
    except Exception:  # no bundled fonts (Helvetica): a plain line, never a lost print
        return [String(x, y, text, fontName=font, fontSize=size, fillColor=HexColor(colour))]
    if line.rtl and width > 0:
        x += width - line.width
    label = String(x, y, line.logical, fontName=font, fontSize=size, fillColor=HexColor(colour))
    label._line = line  # drawn by _PDFLines / _SVGLines below
    return [label]


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white (``amount`` 0 = unchanged, 1 = white)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _hatch(x: float, y: float, w: float, h: float, spacing: float, mirrored: bool
           ) -> list[tuple[float, float, float, float]]:
    """45° hatch line segments clipped to the rectangle (prints in black and white)."""
    segments = []
    t = -h
    while t < w:
        u0, u1 = max(0.0, -t), min(h, w - t)
        if u1 > u0:
            if mirrored:
                segments.append((x + t + u0, y + h - u0, x + t + u1, y + h - u1))
            else:
                segments.append((x + t + u0, y + u0, x + t + u1, y + u1))
        t += spacing
    return segments


def _status_shapes(x: float, y: float, w: float, h: float, status: str) -> list[Any]:
    """A bar (or legend swatch) in the status's colour and black-and-white pattern."""
    from reportlab.graphics.shapes import Line, Rect
    from reportlab.lib.colors import HexColor, white

    style = tl.STATUS_STYLES.get(status, tl.STATUS_STYLES["not_started"])
    colour = HexColor(style.colour)
    shapes: list[Any] = []
    if style.pattern in ("solid",):
        shapes.append(Rect(x, y, w, h, fillColor=colour, strokeColor=HexColor(INK),
                           strokeWidth=0.4))
    elif style.pattern == "hollow":
        shapes.append(Rect(x, y, w, h, fillColor=white, strokeColor=colour, strokeWidth=1.1))
    elif style.pattern == "dashed":
        shapes.append(Rect(x, y, w, h, fillColor=white, strokeColor=HexColor(MUTED),
                           strokeWidth=0.9, strokeDashArray=[2, 1.5]))
    else:
        light = HexColor(_tint(style.colour, 0.7))
        shapes.append(Rect(x, y, w, h, fillColor=light, strokeColor=colour, strokeWidth=0.8))
        for mirrored in ((False, True) if style.pattern == "crosshatch" else (False,)):
            for x0, y0, x1, y1 in _hatch(x, y, w, h, 3.2, mirrored):
                shapes.append(Line(x0, y0, x1, y1, strokeColor=colour, strokeWidth=0.7))
    if status == "done" and w >= 6:
        # A tick inside the bar: the "done" mark that survives grey-scale printing.
        cx, cy, s = x + w - min(w / 2, 6), y + h / 2, min(h, 8) / 2.6
        shapes.append(Line(cx - s, cy, cx - s / 3, cy - s, strokeColor=white, strokeWidth=1.2))
        shapes.append(Line(cx - s / 3, cy - s, cx + s, cy + s, strokeColor=white,
                           strokeWidth=1.2))
    return shapes


def _diamond(cx: float, cy: float, r: float, status: str, *, hollow: bool = False) -> list[Any]:
    from reportlab.graphics.shapes import Line, Polygon
    from reportlab.lib.colors import HexColor, white

    style = tl.STATUS_STYLES.get(status, tl.STATUS_STYLES["not_started"])
    colour = HexColor(style.colour)
    points = [cx, cy + r, cx + r, cy, cx, cy - r, cx - r, cy]
    if hollow:
        return [Polygon(points, fillColor=None, strokeColor=HexColor(BASELINE), strokeWidth=0.8,
                        strokeDashArray=[1.5, 1])]
    fill = white if style.pattern in ("hollow", "dashed") else colour
    shapes: list[Any] = [Polygon(points, fillColor=fill, strokeColor=HexColor(INK),
                                 strokeWidth=0.6,
                                 strokeDashArray=[1.5, 1] if style.pattern == "dashed" else None)]
    if style.pattern in ("hatch", "crosshatch"):
        # Mark the risky ones with a bar (at risk) or a cross (late) inside the diamond.
        s = r * 0.45
        shapes.append(Line(cx - s, cy - s, cx + s, cy + s, strokeColor=white, strokeWidth=1.1))
        if style.pattern == "crosshatch":
            shapes.append(Line(cx - s, cy + s, cx + s, cy - s, strokeColor=white,
                               strokeWidth=1.1))
    return shapes


def _star(cx: float, cy: float, r: float) -> Any:
    from reportlab.graphics.shapes import Polygon
    from reportlab.lib.colors import HexColor

    points: list[float] = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = math.pi / 2 + k * math.pi / 5
        points += [cx + radius * math.cos(angle), cy + radius * math.sin(angle)]
    return Polygon(points, fillColor=HexColor("#f2b705"), strokeColor=HexColor(INK),
                   strokeWidth=0.4)


def page_drawing(layout: tl.Layout, plan: tl_paper.PagePlan, tile: tl_paper.PageTile, *, title: str,
                 as_of: dt.date) -> Any:
    """One printed page as a ReportLab ``Drawing``."""
    from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect, String
    from reportlab.lib.colors import HexColor, white

    regular, bold = _fonts()
    d = Drawing(plan.width, plan.height)
    d.add(Rect(0, 0, plan.width, plan.height, fillColor=white, strokeColor=None))
    m = plan.margin
    left, width = plan.chart_left, plan.chart_width
    top = plan.height - m - plan.header_height
    rh = plan.row_height
    d0, d1 = tile.day0, tile.day1
    ppd = plan.pt_per_day
    right = left + min(width, (d1 - d0) * ppd)
    n_rows = tile.row1 - tile.row0 + (1 if _carried_group(layout, tile) is not None else 0)
    bottom = top - n_rows * rh

    def x_of(day_number: float) -> float:
        return left + (day_number - d0) * ppd

    # A page that starts inside a group repeats that group's header first.
    carried = _carried_group(layout, tile)
    shift = 1 if carried is not None else 0

    def y_of(row: int) -> float:  # the bottom edge of a row
        return top - (row - tile.row0 + 1 + shift) * rh

    # Title and page stamp.
    for piece in _label(m, plan.height - m - 12, title, bold, 13, plan.width * 0.6, INK):
        d.add(piece)
    total = len(plan.tiles)
    stamp = f"As of {day_text(as_of)}"
    if total > 1:
        stamp += f" · page {tile.number} of {total} (across {tile.col + 1}, down {tile.row + 1})"
    d.add(String(plan.width - m, plan.height - m - 12, stamp, fontName=regular, fontSize=8.5,
                 fillColor=HexColor(MUTED), textAnchor="end"))

    # Date header: major ticks above, minor below, grid lines down through the chart.
    level = tl.level_for_scale(ppd * 1.4)  # print labels are smaller than on screen
    major, minor = tl.axis_ticks(level, d0, d1)
    header_top = top + plan.header_height - 22
    mid = top + (header_top - top) / 2
    d.add(Rect(left, top, right - left, header_top - top, fillColor=HexColor("#f5f7f9"),
               strokeColor=HexColor(GRID), strokeWidth=0.5))
    d.add(Line(left, mid, right, mid, strokeColor=HexColor(GRID), strokeWidth=0.5))
    minor_step = (minor[1].day - minor[0].day) * ppd if len(minor) > 1 else width
    for tick in minor:
        if d0 <= tick.day < d1:
            x = x_of(tick.day)
            d.add(Line(x, bottom, x, mid, strokeColor=HexColor(GRID_MINOR), strokeWidth=0.4))
            if minor_step >= 9:
                d.add(String(x + 1.5, top + 4, tick.label, fontName=regular,
                             fontSize=min(7, minor_step * 0.7), fillColor=HexColor(MUTED)))
    for i, tick in enumerate(major):
        next_day = major[i + 1].day if i + 1 < len(major) else d1
        lo, hi = max(tick.day, d0), min(next_day, d1)
        if hi <= lo:
            continue
        if tick.day >= d0:
            d.add(Line(x_of(tick.day), bottom, x_of(tick.day), header_top,
                       strokeColor=HexColor(GRID), strokeWidth=0.7))
        span = (hi - lo) * ppd
        if span >= 18:
            for piece in _label(x_of(lo) + 2, mid + 4, tick.label, bold, 7.5, span - 3, INK):
                d.add(piece)

    # Label column (repeated on every page) with group bands.
    size = plan.label_size
    d.add(Line(left, bottom, left, header_top, strokeColor=HexColor(INK), strokeWidth=0.6))
    d.add(String(m, top + 4, "Milestone", fontName=bold, fontSize=7.5,
                 fillColor=HexColor(MUTED)))
    rows = layout.rows[tile.row0:tile.row1]
    if carried is not None:
        rows = [carried, *rows]
    for row in rows:
        continued = row is carried
        y = top - rh if continued else y_of(row.index)
        if row.kind == "group":
            d.add(Rect(m, y, right - m, rh, fillColor=HexColor(GROUP_FILL), strokeColor=None))
            label = f"{row.label} ({row.count} hidden)" if row.collapsed else row.label
            if continued:
                label = f"{label} (continued)"
            for piece in _label(m + 2, y + rh * 0.28, label, bold, size,
                                plan.label_width - 4, INK):
                d.add(piece)
        else:
            indent = 8 + 8 * min(row.depth, 6)
            for piece in _label(m + indent, y + rh * 0.28, row.label, regular, size,
                                plan.label_width - indent - 4, INK):
                d.add(piece)
        d.add(Line(m, y, right, y, strokeColor=HexColor(GRID_MINOR), strokeWidth=0.3))

    # Bars, diamonds, baselines, progress.
    for bar in layout.bars:
        if not tile.row0 <= bar.row < tile.row1:
            continue
        y = y_of(bar.row)
        if bar.baseline_end is not None and not bar.diamond and not bar.summary:
            lo, hi = max(bar.start, d0), min(bar.baseline_end, d1)
            if hi > lo:
                d.add(Rect(x_of(lo), y + rh * 0.12, (hi - lo) * ppd, max(0.8, rh * 0.1),
                           fillColor=HexColor(BASELINE), strokeColor=None))
        if bar.diamond:
            centre = bar.start + 0.5
            if bar.baseline_end is not None and bar.baseline_end - 1 != bar.start:
                b = bar.baseline_end - 0.5
                if d0 <= b < d1:
                    for shape in _diamond(x_of(b), y + rh / 2, rh * 0.3, bar.status,
                                          hollow=True):
                        d.add(shape)
            if d0 <= centre < d1:
                for shape in _diamond(x_of(centre), y + rh / 2, rh * 0.36, bar.status):
                    d.add(shape)
                if bar.small_win:
                    d.add(_star(x_of(centre) + rh * 0.6, y + rh * 0.62, rh * 0.24))
            continue
        lo, hi = max(bar.start, d0), min(bar.end, d1)
        if hi <= lo:
            continue
        x0, w = x_of(lo), max(0.8, (hi - lo) * ppd)
        if bar.summary:
            yb = y + rh * 0.5
            d.add(Rect(x0, yb, w, rh * 0.2, fillColor=HexColor(INK), strokeColor=None))
            for end in (bar.start, bar.end):
                if d0 <= end <= d1:
                    xe = x_of(end)
                    d.add(Polygon([xe - 2.5, yb, xe + 2.5, yb, xe, yb - 3],
                                  fillColor=HexColor(INK), strokeColor=None))
            continue
        for shape in _status_shapes(x0, y + rh * 0.28, w, rh * 0.5, bar.status):
            d.add(shape)
        if 0 < bar.progress < 100 and bar.status != "done":
            full = (bar.end - bar.start) * ppd
            done_to = x_of(bar.start) + full * bar.progress / 100
            if done_to > x0:
                d.add(Rect(x0, y + rh * 0.72, min(done_to, x0 + w) - x0, max(0.8, rh * 0.08),
                           fillColor=HexColor(INK), strokeColor=None))
        if bar.small_win and hi == bar.end:
            d.add(_star(x_of(hi) + rh * 0.35, y + rh * 0.55, rh * 0.24))

    # Dependency arrows: elbow lines, red when the successor is scheduled too early.
    for link in layout.links:
        if not (tile.row0 <= link.from_row < tile.row1 and tile.row0 <= link.to_row < tile.row1):
            continue
        if not (d0 <= link.x0 <= d1 and d0 <= link.x1 <= d1):
            continue
        ya, yb = y_of(link.from_row) + rh / 2, y_of(link.to_row) + rh / 2
        xa, xb = x_of(link.x0), x_of(link.x1)
        colour = HexColor(TODAY if link.violated else LINK)
        elbow = max(xa + 4, min(xb - 4, xa + 8)) if xb > xa + 8 else xa + 4
        points = [xa, ya, elbow, ya, elbow, yb + (rh * 0.3 if yb < ya else -rh * 0.3)]
        points += [elbow, yb, xb - 3, yb] if xb - 3 > elbow else []
        d.add(PolyLine(points, strokeColor=colour, strokeWidth=0.6,
                       strokeDashArray=[2, 1] if link.violated else None))
        tip_x, tip_y = (xb, yb) if xb - 3 > elbow else (elbow, yb + (rh * 0.3 if yb < ya
                                                                       else -rh * 0.3))
        if xb - 3 > elbow:
            d.add(Polygon([tip_x, tip_y, tip_x - 3.5, tip_y + 1.8, tip_x - 3.5, tip_y - 1.8],
                          fillColor=colour, strokeColor=None))

    # Today line.
    if d0 <= layout.today < d1:
        xt = x_of(layout.today + 0.5)
        d.add(Line(xt, bottom, xt, top, strokeColor=HexColor(TODAY), strokeWidth=0.9,
                   strokeDashArray=[3, 2]))
        d.add(String(xt + 2, bottom - 8, "Today", fontName=bold, fontSize=6.5,
                     fillColor=HexColor(TODAY)))

    d.add(Rect(left, bottom, right - left, top - bottom, fillColor=None,
               strokeColor=HexColor(GRID), strokeWidth=0.5))
    _legend(d, plan, regular, white)
    return d


def _carried_group(layout: tl.Layout, tile: tl_paper.PageTile) -> tl.Row | None:
    """The group a page starts inside of (its header is on an earlier page), else None."""
    if tile.row0 <= 0 or tile.row0 >= len(layout.rows) or \
            layout.rows[tile.row0].kind == "group":
        return None
    for index in range(tile.row0 - 1, -1, -1):
        if layout.rows[index].kind == "group":
            return layout.rows[index]
    return None


def _legend(d: Any, plan: tl_paper.PagePlan, regular: str, white: Any) -> None:
    """Status swatches and marks, wrapped onto a second line when the page is narrow."""
    from reportlab.graphics.shapes import Line, Rect, String
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = 7.0
    right = plan.width - plan.margin
    cursor = [plan.margin, plan.margin + 17.0]

    def entry(label: str, key_width: float, draw: Any) -> None:
        width = key_width + 3 + stringWidth(label, regular, size) + 10
        if cursor[0] + width > right and cursor[0] > plan.margin:
            cursor[0], cursor[1] = plan.margin, cursor[1] - 11
        x, y = cursor
        draw(x, y)
        d.add(String(x + key_width + 3, y + 1, label, fontName=regular, fontSize=size,
                     fillColor=HexColor(INK)))
        cursor[0] += width

    def swatch(status: str) -> Any:
        return lambda x, y: [d.add(shape) for shape in _status_shapes(x, y, 16, 7, status)]

    for status in tl.STATUSES:
        entry(tl.STATUS_LABELS[status], 16, swatch(status))
    entry("milestone", 9, lambda x, y: [d.add(shape) for shape in
                                        _diamond(x + 4.5, y + 3.5, 4.2, "on_track")])
    entry("baseline (first agreed)", 16, lambda x, y: d.add(
        Rect(x, y + 2, 16, 1.6, fillColor=HexColor(BASELINE), strokeColor=None)))
    entry("progress", 16, lambda x, y: d.add(
        Rect(x, y + 5, 16, 1.2, fillColor=HexColor(INK), strokeColor=None)))
    entry("small win", 9, lambda x, y: d.add(_star(x + 4.5, y + 3.5, 4)))
    entry("dependency (red dashed: too early)", 14, lambda x, y: d.add(
        Line(x, y + 3.5, x + 14, y + 3.5, strokeColor=HexColor(LINK), strokeWidth=0.8)))
    d.add(String(plan.margin, plan.margin - 10,
                 "Partnership Planner · dates are calendar days; bars run from start to "
                 "forecast (inclusive)", fontName=regular, fontSize=6.5,
                 fillColor=HexColor(MUTED)))


def chart_pdf(layout: tl.Layout, plan: tl_paper.PagePlan, *, title: str, as_of: dt.date,
              drawn: Callable[[int], object] | None = None) -> bytes:
    """All page tiles of the plan as one PDF; ``drawn(n)`` is told after each page (it may
    raise to stop: a long print cancelled)."""
    from reportlab.graphics.renderbase import renderScaledDrawing
    from reportlab.pdfgen.canvas import Canvas

    from planner.reports.pdf_meta import canvas_options, stamp

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(plan.width, plan.height), pageCompression=1,
                    **canvas_options())
    stamp(canvas, title, subject=f"Milestone timeline as of {as_of.isoformat()}")
    renderer = _renderers()[0]
    for tile in plan.tiles:
        drawing = page_drawing(layout, plan, tile, title=title, as_of=as_of)
        renderer().draw(renderScaledDrawing(drawing), canvas, 0, 0)
        canvas.showPage()
        if drawn is not None:
            drawn(tile.number)
    canvas.save()
    return buffer.getvalue()


def chart_svg(layout: tl.Layout, plan: tl_paper.PagePlan, *, title: str, as_of: dt.date) -> str:
    """The first page tile as SVG text (use ``chart_plan`` for the whole chart as one
    picture). Text stays in logical order with its direction, for the viewer to lay out."""
    from reportlab.graphics.renderbase import renderScaledDrawing
    from reportlab.graphics.renderSVG import SVGCanvas

    from planner.reports.pdf_meta import producer

    drawing = page_drawing(layout, plan, plan.tiles[0], title=title, as_of=as_of)
    canvas = SVGCanvas((drawing.width, drawing.height))
    _renderers()[1]().draw(renderScaledDrawing(drawing), canvas, 0, 0)
    out = io.StringIO()
    canvas.save(out)
    text = out.getvalue()
    # renderSVG writes "fill: None" for unfilled shapes, which SVG viewers read as black;
    # and it names our registered fonts, which a viewer does not have: name real families.
    text = text.replace("fill: None", "fill: none").replace("stroke: None", "stroke: none")
    for name, family in _svg_families().items():
        text = text.replace(f"font-family: {name};", family)
    # A real title and description (viewers show them; screen readers read them) in place
    # of ReportLab's "..." placeholders.
    text = text.replace("<title>...</title>", f"<title>{escape(title)}</title>", 1)
    return text.replace("<desc>...</desc>",
                        f"<desc>Milestone timeline as of {as_of:%d %B %Y}, drawn by "
                        f"{escape(producer())}</desc>", 1)


def _svg_families() -> dict[str, str]:
    regular, bold = _fonts()
    # Families a viewer has: DejaVu or a common sans for text, then colour emoji fonts (the
    # names the platforms' emoji fonts go by) and Symbola, which we ship for the PDF.
    stack = ("'DejaVu Sans', Verdana, Arial, 'Noto Color Emoji', 'Apple Color Emoji', "
             "'Segoe UI Emoji', Symbola, sans-serif")
    return {bold: f"font-family: {stack}; font-weight: bold;",
            regular: f"font-family: {stack};",
            "PP-Symbols": f"font-family: {stack};"}


@functools.cache
def _renderers() -> tuple[type, type]:
    """ReportLab's PDF and SVG renderers, with labels drawn by ``text_layout`` (PDF: shaped
    glyphs in visual order) or written as logical text with its direction (SVG)."""
    from reportlab.graphics.renderPDF import _PDFRenderer
    from reportlab.graphics.renderSVG import _SVGRenderer

    from planner.reports.text_layout import draw_line

    class _PDFLines(_PDFRenderer):
        def drawString(self, stringObj: Any) -> None:
            line = getattr(stringObj, "_line", None)
            if line is None:
                super().drawString(stringObj)
            elif self._fill:
                draw_line(self._canvas, stringObj.x, stringObj.y, line)

    class _SVGLines(_SVGRenderer):
        def drawString(self, stringObj: Any) -> None:
            line = getattr(stringObj, "_line", None)
            if line is None:
                super().drawString(stringObj)
                return
            attrs = {"direction": "rtl", "unicode-bidi": "embed"} if line.rtl else {}
            # Right to left, the text starts at its right end: that is where x goes.
            x = stringObj.x + line.width if line.rtl else stringObj.x
            self._canvas.drawString(line.logical, x, stringObj.y, text_anchor="start",
                                    **attrs)

    return _PDFLines, _SVGLines


def pdf_to_png_pages(pdf: bytes, dpi: float = 150.0) -> list[bytes]:
    """Each PDF page rasterised to PNG bytes (print preview, PNG export)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images: list[bytes] = []
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=dpi / 72.0).to_pil()
            out = io.BytesIO()
            image.save(out, format="PNG", dpi=(dpi, dpi))  # pHYs: prints at its size
            images.append(out.getvalue())
            page.close()
    finally:
        document.close()
    return images


def chart_png(layout: tl.Layout, plan: tl_paper.PagePlan, *, title: str, as_of: dt.date,
              dpi: float = 150.0) -> bytes:
    """The first page tile as a PNG, drawn by the same code as the PDF."""
    single = dataclasses.replace(plan, cols=1, rows=1, tiles=plan.tiles[:1])
    return pdf_to_png_pages(chart_pdf(layout, single, title=title, as_of=as_of), dpi)[0]
