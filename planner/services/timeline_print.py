"""The printed timeline and the chart's files (services layer): PDF pages, PNG and SVG.

The same domain layout (``planner.domain.timeline.build_layout``) as the window draws, laid
on pages (``plan_pages``) or one picture (``chart_plan``) and written by
``planner.reports.timeline_pdf``; calendar and spreadsheet exports go through
``planner.services.exchange``. ``planner.services.timeline`` names all of it too.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.atomic import write_bytes, write_text
from planner.domain import timeline as tl
from planner.domain import timeline_paper as tl_paper
from planner.services.changes import ValidationError
from planner.services.timeline_reads import TimelineData, load_timeline
from planner.store.database import Store


@dataclass(frozen=True)
class PrintOptions:
    paper: str = "A4"
    landscape: bool = True
    mode: str = "fit"  # fit | tiles | auto
    cols: int = 1
    rows: int = 1
    zoom: str = "month"
    grouping: str = "partnership"
    collapsed: tuple[str, ...] = ()
    first: dt.date | None = None  # the dates shown (None: the milestones' own span)
    last: dt.date | None = None


def _in_window(items: Sequence[tl.TimelineItem], options: PrintOptions
               ) -> list[tl.TimelineItem]:
    """The milestones with a day between ``options.first`` and ``options.last``."""
    first, last = options.first, options.last
    if first is None and last is None:
        return list(items)
    kept = []
    for item in items:
        end = item.end
        if end is None:
            continue
        start = item.start if item.start is not None and item.start <= end else end
        if (first is None or end >= first) and (last is None or start <= last):
            kept.append(item)
    return kept


def _scope_title(data: TimelineData, partnership_id: int | None) -> str:
    if partnership_id is not None:
        return f"Milestones: {data.group_titles.get(partnership_id, '')}"
    return "Milestones: all partnerships"


def timeline_layout(data: TimelineData, options: PrintOptions = PrintOptions(),
                    today: dt.date | None = None,
                    summaries: Sequence[tl.GroupSummary] = ()) -> tl.Layout:
    return tl.build_layout(_in_window(data.items, options), data.dependencies,
                           grouping=options.grouping,
                           group_titles=data.group_titles, collapsed=options.collapsed,
                           today=today, summaries=summaries)


class Cancelled(ValidationError):
    """Printing was cancelled: nothing was made."""

    def __init__(self) -> None:
        super().__init__("Cancelled: nothing was printed.")


Progress = Callable[[int, int, str], object]  # done, out of, what is being done


def _print_data(store: Store, partnership_id: int | None, options: PrintOptions,
                fold_above: int | None) -> tuple[TimelineData, Sequence[tl.GroupSummary]]:
    """What the printed chart shows: every milestone; of a scope above ``fold_above``
    milestones printed with folded groups, the open groups' milestones and the folded
    ones' summaries (the same layout, without reading 100,000 milestones)."""
    if fold_above is not None and options.collapsed and options.first is None \
            and options.last is None:
        from planner.services import timeline_scope as scope

        groups = scope.group_summaries(store, partnership_id, options.grouping)
        if groups.total > fold_above:
            return (scope.load_groups(store, partnership_id, groups,
                                      groups.keys - set(options.collapsed)), groups.summaries)
    return load_timeline(store, partnership_id), ()


def timeline_pdf(store: Store, partnership_id: int | None = None,
                 options: PrintOptions = PrintOptions(), *, today: dt.date | None = None,
                 fold_above: int | None = None, progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> tuple[bytes, tl_paper.PagePlan]:
    """The printed timeline as PDF bytes, and the page plan it followed. A long scope
    (above ``fold_above`` milestones) printed folded reads only its open groups;
    ``progress`` hears how far it has gone, and a set ``cancel`` stops it between two
    pages (``Cancelled``)."""
    from planner.reports.timeline_pdf import chart_pdf

    def said(done: int, total: int, text: str) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        if progress is not None:
            progress(done, total, text)

    said(0, 0, "Reading the plan…")
    data, summaries = _print_data(store, partnership_id, options, fold_above)
    said(0, 0, "Laying out the chart…")
    layout = timeline_layout(data, options, today, summaries)
    plan = _plan(layout, options)
    pages = len(plan.tiles)
    said(0, pages, f"Drawing page 1 of {pages}…")
    as_of = today or dt.date.today()
    pdf = chart_pdf(layout, plan, title=_scope_title(data, partnership_id), as_of=as_of,
                    drawn=lambda k: said(k, pages, f"Drawing page {min(k + 1, pages)} of "
                                                   f"{pages}…"))
    return pdf, plan


def _plan(layout: tl.Layout, options: PrintOptions) -> tl_paper.PagePlan:
    # The label column grows with the longest title (about 4.6 pt a character at the
    # print size), between 150 pt and a third of a landscape A4 page.
    label_width = _label_width(layout)
    first, last = _days(layout, options)
    try:
        return tl_paper.plan_pages(first, last, len(layout.rows),
                             paper=options.paper, landscape=options.landscape,
                             mode=options.mode, cols=options.cols, rows=options.rows,
                             zoom=options.zoom, label_width=label_width)
    except ValueError as exc:
        raise ValidationError(str(exc), "paper") from None


def _days(layout: tl.Layout, options: PrintOptions) -> tuple[int, int]:
    """The chart's first and end day: the dates asked for, else the milestones' span with a
    little room either side so end marks and stars are not cut at the edge."""
    pad = max(3, (layout.last_day - layout.first_day) // 50)
    first = options.first.toordinal() if options.first else layout.first_day - pad
    last = options.last.toordinal() + 1 if options.last else layout.last_day + pad
    if last <= first:
        raise ValidationError("The timeline's end date comes before its start date.", "to")
    return first, last


def _label_width(layout: tl.Layout) -> float:
    longest = max((len(r.label) + (2 * r.depth if r.kind == "item" else 0)
                   for r in layout.rows), default=20)
    return min(270.0, max(150.0, longest * 4.6 + 16))


def picture_plan(layout: tl.Layout, options: PrintOptions = PrintOptions()) -> tl_paper.PagePlan:
    """The whole chart as one picture (PNG, SVG), as tall as its rows: the paper's width
    (landscape or not), 15 pt rows."""
    from planner.domain.timeline_paper import PAPER_SIZES

    first, last = _days(layout, options)
    w, h = PAPER_SIZES.get(options.paper, PAPER_SIZES["A4"])
    return tl_paper.chart_plan(first, last, len(layout.rows), width=max(w, h) if options.landscape
                         else min(w, h), label_width=_label_width(layout))


def page_images(pdf: bytes, dpi: float = 96.0) -> list[bytes]:
    """PNG images of each page of a PDF (print preview)."""
    from planner.reports.timeline_pdf import pdf_to_png_pages

    return pdf_to_png_pages(pdf, dpi)


def export_timeline(store: Store, out: Path, partnership_id: int | None = None,
                    options: PrintOptions = PrintOptions(), *, today: dt.date | None = None
                    ) -> tl_paper.PagePlan | None:
    """Write the timeline to ``out``: .pdf (printed pages), .png or .svg (the whole chart as
    one picture) or .ics. Returns the pages the PDF or picture followed."""
    suffix = out.suffix.lower()
    data = load_timeline(store, partnership_id)
    if not data.items:
        where = (f"“{data.group_titles.get(partnership_id, partnership_id)}”"
                 if partnership_id is not None else "this plan")
        raise ValidationError(f"There are no milestones in {where} to export yet.")
    as_of = today or dt.date.today()
    if suffix in (".ics", ".xml", ".csv", ".xlsx"):  # data for other programs
        from planner.services.exchange import export_timeline_file

        export_timeline_file(store, out, partnership_id, data=data)
        return None
    if options.first and options.last and options.last < options.first:
        raise ValidationError("The timeline's end date comes before its start date.", "to")
    layout = timeline_layout(data, options, as_of)
    if not layout.bars:
        raise ValidationError("No milestone falls between the dates asked for.", "from")
    title = _scope_title(data, partnership_id)
    from planner.reports import timeline_pdf as rep

    if suffix == ".pdf":
        plan = _plan(layout, options)
        write_bytes(out, rep.chart_pdf(layout, plan, title=title, as_of=as_of))
        return plan
    if suffix in (".png", ".svg"):
        plan = picture_plan(layout, options)
        if suffix == ".png":
            write_bytes(out, rep.chart_png(layout, plan, title=title, as_of=as_of))
        else:
            write_text(out, rep.chart_svg(layout, plan, title=title, as_of=as_of))
        return plan
    raise ValidationError(f"{out.name}: a timeline can be written as .pdf, .png, .svg or "
                          ".ics.", "out")
