"""A timeline on paper (domain layer): paper sizes, the scale of each zoom in points, and how
a chart is cut into pages (tiles) so that its labels stay legible.

Pure arithmetic on day numbers and row counts; ``planner.reports.timeline_pdf`` draws it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PAPER_SIZES: dict[str, tuple[float, float]] = {  # points, portrait
    "A4": (595.28, 841.89),
    "A3": (841.89, 1190.55),
    "Letter": (612.0, 792.0),
}
PRINT_PT_PER_DAY = {"week": 14.0, "month": 3.2, "quarter": 1.1, "half": 0.55, "year": 0.28}


@dataclass(frozen=True, slots=True)
class PageTile:
    number: int  # 1-based
    col: int
    row: int
    day0: int  # first day shown (inclusive)
    day1: int  # last day shown (exclusive)
    row0: int  # first layout row shown
    row1: int  # one past the last row shown


# Printed row labels are 0.62 of the row height (at most 8.5 pt). Text below 7 pt is not
# legible on paper: a chart whose rows would be smaller tiles down onto more pages instead.
LABEL_PER_ROW = 0.62
MIN_LABEL_PT = 7.0
LEGIBLE_ROW = MIN_LABEL_PT / LABEL_PER_ROW
MAX_TILE_ROW = 48.0  # rows spread to fill a tile (labels stay at most 8.5 pt)


@dataclass(frozen=True)
class PagePlan:
    paper: str
    landscape: bool
    width: float  # page size in points
    height: float
    margin: float
    label_width: float
    header_height: float
    footer_height: float
    row_height: float
    pt_per_day: float
    cols: int
    rows: int
    tiles: tuple[PageTile, ...]
    auto_tiled: bool = False  # "fit" asked for, but one page would be illegible

    @property
    def label_size(self) -> float:
        """The printed size of row labels, in points."""
        return max(4.0, min(8.5, self.row_height * LABEL_PER_ROW))

    @property
    def chart_left(self) -> float:
        return self.margin + self.label_width

    @property
    def chart_width(self) -> float:
        return self.width - 2 * self.margin - self.label_width

    @property
    def chart_height(self) -> float:
        return self.height - 2 * self.margin - self.header_height - self.footer_height


def plan_pages(first_day: int, last_day: int, n_rows: int, *, paper: str = "A4",
               landscape: bool = True, mode: str = "fit", cols: int = 1, rows: int = 1,
               zoom: str = "month", margin: float = 28.0, label_width: float = 170.0,
               header_height: float = 54.0, footer_height: float = 40.0,
               row_height: float = 15.0) -> PagePlan:
    """Split a chart into printed pages, repeating the label column and the date header.

    mode "fit": everything on one page (rows shrink to fit, never grow past ``row_height``);
    when the labels would be smaller than ``MIN_LABEL_PT`` the chart tiles down instead
    (``auto_tiled``), as many pages as legible rows need.
    mode "tiles": ``cols`` pages across (days split evenly) × ``rows`` pages down; the rows
    spread to fill each page (up to ``MAX_TILE_ROW``).
    mode "auto": keep the zoom level's print scale and ``row_height`` and count the pages.
    A page that starts inside a group repeats the group's header row (room is kept for it).
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}; choose A4, A3 or Letter")
    if mode not in ("fit", "tiles", "auto"):
        raise ValueError(f"unknown page mode {mode!r}")
    w, h = PAPER_SIZES[paper]
    if landscape:
        w, h = h, w
    avail_w = w - 2 * margin - label_width
    avail_h = h - 2 * margin - header_height - footer_height
    days = max(1, last_day - first_day)
    n_rows = max(1, n_rows)
    auto_tiled = False
    if mode == "auto":
        ppd = PRINT_PT_PER_DAY.get(zoom, PRINT_PT_PER_DAY["month"])
        cols = max(1, math.ceil(days * ppd / avail_w - 1e-9))
        per_page = max(1, int(avail_h // row_height))
        rows = max(1, math.ceil(n_rows / per_page))
        if rows > 1:
            rows = max(1, math.ceil(n_rows / max(1, per_page - 1)))
    elif mode == "fit":
        cols = rows = 1
        if avail_h / n_rows < LEGIBLE_ROW:
            per_page = max(2, int(avail_h // LEGIBLE_ROW)) - 1  # one kept for a header
            rows = math.ceil(n_rows / per_page)
            auto_tiled = True
    cols, rows = max(1, int(cols)), max(1, int(rows))
    rows = min(rows, n_rows)
    days_per_col = math.ceil(days / cols)
    rows_per_page = math.ceil(n_rows / rows)
    slots = rows_per_page + (1 if rows > 1 else 0)  # a continued group's header
    if mode == "auto":
        rh = row_height
    elif mode == "tiles" and rows > 1:
        rh = min(MAX_TILE_ROW, avail_h / slots)
    else:
        rh = min(row_height, avail_h / slots)
    ppd = avail_w / days_per_col
    tiles: list[PageTile] = []
    for r in range(rows):
        r0 = r * rows_per_page
        r1 = min(n_rows, r0 + rows_per_page)
        if r0 >= r1:
            continue
        for c in range(cols):
            d0 = first_day + c * days_per_col
            d1 = min(last_day, d0 + days_per_col)
            if d0 >= d1 and c > 0:
                continue
            tiles.append(PageTile(len(tiles) + 1, c, r, d0, max(d1, d0 + 1), r0, r1))
    return PagePlan(paper, landscape, w, h, margin, label_width, header_height, footer_height,
                    rh, ppd, cols, rows, tuple(tiles), auto_tiled)


def chart_plan(first_day: int, last_day: int, n_rows: int, *, width: float = 842.0,
               margin: float = 28.0, label_width: float = 170.0,
               header_height: float = 54.0, footer_height: float = 40.0,
               row_height: float = 15.0) -> PagePlan:
    """One picture sized to the chart (PNG, SVG): ``width`` points wide and as tall as its
    rows need at ``row_height``, not a paper page with a blank lower half."""
    n_rows = max(1, n_rows)
    height = 2 * margin + header_height + footer_height + n_rows * row_height
    days = max(1, last_day - first_day)
    ppd = (width - 2 * margin - label_width) / days
    tile = PageTile(1, 0, 0, first_day, max(last_day, first_day + 1), 0, n_rows)
    return PagePlan("chart", True, width, height, margin, label_width, header_height,
                    footer_height, row_height, ppd, 1, 1, (tile,))
