"""The agreement's contents page(s) (reports layer): anchors placed in the story, whose
entries are drawn when the document is saved and every section's page is known.
"""

from __future__ import annotations

import functools
from typing import Any

from planner.domain.agreements import AgreementDocument
from planner.reports.agreement_layout import RULE, RenderInfo, draw_text
from planner.reports.fonts import SERIF
from planner.reports.text_layout import fit_text, paragraph

TOC_STEP = 21.0
TOC_FIRST_PAGE = 29  # entries under the "Contents" heading; later pages hold TOC_MORE
TOC_MORE = 32


def contents(doc: AgreementDocument, styles: dict[str, Any], info: RenderInfo) -> list[Any]:
    """The contents page(s): anchors whose entries are drawn once all pages are known."""
    from reportlab.platypus import PageBreak, Spacer

    entries = len(doc.sections) + (0 if any(s.key == "signatures" for s in doc.sections)
                                   else 1) + (1 if doc.schedule() is not None else 0) \
        + (0 if doc.is_draft else 1)
    flow: list[Any] = [paragraph("Contents", styles["h1"]), Spacer(1, 6)]
    start, size = 0, TOC_FIRST_PAGE
    while True:
        flow.append(_contents_anchor_class()(info, start, min(entries, start + size)))
        start += size
        if start >= entries:
            return flow
        flow.append(PageBreak())
        size = TOC_MORE


@functools.cache
def _contents_anchor_class() -> type:
    """Marks where contents entries go; they are drawn at save time (see NumberedCanvas)."""
    from reportlab.platypus import Flowable

    class ContentsAnchor(Flowable):
        def __init__(self, info: RenderInfo, first: int, end: int) -> None:
            super().__init__()
            self.info, self.first, self.end = info, first, end

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, max(10.0, (self.end - self.first) * TOC_STEP)

        def draw(self) -> None:
            x, y = self.canv.absolutePosition(0, max(10.0, (self.end - self.first) * TOC_STEP))
            self.info.toc_anchors.append((self.canv.getPageNumber(), x, y, self.width,
                                          self.first, self.end))

    return ContentsAnchor


def draw_contents(c: Any, info: RenderInfo, page_number: int) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for page, x, y, width, first, end in info.toc_anchors:
        if page != page_number:
            continue
        c.saveState()
        for entry, (text, target) in enumerate(info.toc[first:end], start=first):
            # The whole line is a link to the section (and the outline has it too); named,
            # as the held-back pages each restart ReportLab's own annotation count.
            c.linkAbsolute("", info.toc_keys[entry], (x, y - 16, x + width, y + 2),
                           thickness=0, name=f"contents-{entry}")
            c.setFillColorRGB(0.1, 0.1, 0.12)
            # A line of the (left-to-right) contents list: its number stays on the left
            # with the others, an Arabic title after it reads right to left.
            draw_text(c, x, y - 12, text, SERIF, 10.5, width=width - 60, rtl=False)
            number = str(target)
            draw_text(c, x + width, y - 12, number, SERIF, 10.5, align="right")
            shown = fit_text(text, SERIF, 10.5, width - 60, rtl=False).width
            start = x + min(shown, width - 60) + 6
            stop = x + width - stringWidth(number, SERIF, 10.5) - 6
            if stop > start:
                c.setStrokeColorRGB(*RULE)
                c.setDash(1, 3)
                c.line(start, y - 12, stop, y - 12)
                c.setDash()
            y -= TOC_STEP
        c.restoreState()
