"""What the agreement's pages and its signature stamps share (reports layer): the colours and
the page's geometry, where the renderer records each signature box (`RenderInfo`), one line
of text fitted to a width, a name set smaller until it fits, the drawn pen strokes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.reports.text_layout import Line, Span, draw_fitted, layout

ACCENT = (0.12, 0.23, 0.37)  # deep navy: headings, rules
MUTED = (0.38, 0.40, 0.44)
RULE = (0.78, 0.80, 0.84)
SHADE = (0.94, 0.95, 0.97)

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN_X = 62.0
MARGIN_TOP = 74.0
MARGIN_BOTTOM = 68.0
SIG_BOX_H = 58.0


@dataclass(frozen=True)
class FieldBox:
    """A signature box: PDF field name, 0-based page, (x1, y1, x2, y2) in points."""

    name: str
    page: int
    box: tuple[float, float, float, float]


@dataclass
class RenderInfo:
    pages: int = 0
    fields: dict[str, FieldBox] = field(default_factory=dict)
    section_pages: dict[str, int] = field(default_factory=dict)
    toc: list[tuple[str, int]] = field(default_factory=list)
    toc_keys: list[str] = field(default_factory=list)  # the bookmark each entry links to
    # Where contents entries go: page, x, top y, width, first and end entry index.
    toc_anchors: list[tuple[int, float, float, float, int, int]] = field(default_factory=list)

    def field_list(self) -> list[FieldBox]:
        return [self.fields[k] for k in sorted(self.fields)]


def fit_lines(text: str, font: str, size: float, width: float, max_lines: int,
              smallest: float = 5.0) -> tuple[list[Line], float]:
    """``text`` whole in at most ``max_lines`` lines of ``width``: wrapped, and set smaller
    (down to ``smallest`` points) until it fits. A name is never cut."""
    current = size
    while True:
        lines = layout([Span(text, font, current)], width)
        if (len(lines) <= max_lines and all(line.width <= width + 0.01 for line in lines)) \
                or current <= smallest:
            return lines, current
        current = max(smallest, current * 0.92)


def draw_text(c: Any, x: float, y: float, text: str, font: str, size: float, *,
          align: str = "left", width: float = 0.0, rtl: bool | None = None,
          words: bool = False) -> float:
    """One line of text: in logical order for any reader, shaped and ordered right to left
    where it has Arabic or Hebrew, each run in a face that has its characters, shortened
    with an ellipsis at its logical end to ``width`` (``words``: after a whole word).
    Returns the width drawn."""
    return draw_fitted(c, x, y, text, font, size, width=width, align=align, rtl=rtl,
                       words=words)


def draw_strokes(c: Any, strokes: Sequence[Sequence[Sequence[float]]],
                 box: tuple[float, float, float, float]) -> None:
    """Draw pen strokes (screen coordinates, y down) fitted into ``box`` as vector lines."""
    points = [p for stroke in strokes for p in stroke if len(p) >= 2]
    if not points:
        return
    min_x = min(p[0] for p in points)
    max_x = max(p[0] for p in points)
    min_y = min(p[1] for p in points)
    max_y = max(p[1] for p in points)
    span_x = max(max_x - min_x, 1e-6)
    span_y = max(max_y - min_y, 1e-6)
    bx1, by1, bx2, by2 = box
    scale = min((bx2 - bx1) / span_x, (by2 - by1) / span_y)
    off_x = bx1 + ((bx2 - bx1) - span_x * scale) / 2
    off_y = by1 + ((by2 - by1) - span_y * scale) / 2
    c.saveState()
    c.setStrokeColorRGB(0.05, 0.12, 0.35)
    c.setLineWidth(1.3)
    c.setLineCap(1)
    c.setLineJoin(1)
    for stroke in strokes:
        pts = [(off_x + (p[0] - min_x) * scale, off_y + (max_y - p[1]) * scale)
               for p in stroke if len(p) >= 2]
        if len(pts) == 1:
            pts.append((pts[0][0] + 0.5, pts[0][1]))
        if len(pts) < 2:
            continue
        path = c.beginPath()
        path.moveTo(*pts[0])
        for point in pts[1:]:
            path.lineTo(*point)
        c.drawPath(path, stroke=1, fill=0)
    c.restoreState()
