"""The agreement's page furniture (reports layer): the DRAFT watermark, and a canvas that
holds pages back until the end so each can say "page X of Y", with its header, footer,
bookmarks and contents entries.
"""

from __future__ import annotations

from typing import Any

from planner.domain.agreements import AgreementDocument, short_fingerprint
from planner.reports.agreement_contents import draw_contents
from planner.reports.agreement_layout import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_H,
    PAGE_W,
    RULE,
    RenderInfo,
    draw_text,
)
from planner.reports.fonts import SANS, SERIF


def watermark(c: Any, doc: AgreementDocument) -> None:
    if not doc.is_draft:
        return
    c.saveState()
    c.setFillColorRGB(0.86, 0.87, 0.90)
    c.setFont(f"{SANS}-Bold", 92)
    c.translate(PAGE_W / 2, PAGE_H / 2)
    c.rotate(40)
    c.drawCentredString(0, -30, "DRAFT")
    c.restoreState()


def numbered_canvas(doc: AgreementDocument, info: RenderInfo) -> type:
    """A canvas that holds pages back until the end, so each can say "page X of Y"."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            info.pages = total
            for state in self._saved:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            page = self._pageNumber
            # Bookmarks and outline entries on the page being written: made while the pages
            # were held back, they all pointed at the first page.
            for (text, target), key in zip(info.toc, info.toc_keys, strict=True):
                if target == page:
                    self.bookmarkPage(key)
                    self.addOutlineEntry(text, key, level=0)
            draw_contents(self, info, page)
            self.saveState()
            self.setStrokeColorRGB(*RULE)
            self.setLineWidth(0.5)
            width = PAGE_W - 2 * MARGIN_X
            if page > 1:
                y = PAGE_H - MARGIN_TOP + 22
                self.setFillColorRGB(*MUTED)
                # The title takes what the partners' names leave, cut after a whole word
                # ("Partnership protocol: Engineering…", not "…Engineering appren…").
                used = draw_text(self, MARGIN_X, y, f"{doc.us}  ·  {doc.partner}", SANS, 7.6,
                                 width=width * 0.62)
                draw_text(self, PAGE_W - MARGIN_X, y, doc.title, f"{SERIF}-Italic", 7.6,
                          align="right", width=max(width * 0.36, width - used - 18),
                          words=True)
                self.line(MARGIN_X, y - 6, PAGE_W - MARGIN_X, y - 6)
            y = MARGIN_BOTTOM - 30
            self.line(MARGIN_X, y + 11, PAGE_W - MARGIN_X, y + 11)
            self.setFillColorRGB(*MUTED)
            if doc.is_draft:
                left = f"Version {doc.version}  ·  DRAFT, not agreed: do not sign"
            else:
                left = f"Version {doc.version}  ·  Fingerprint {short_fingerprint(doc.fingerprint)}"
            draw_text(self, MARGIN_X, y, left, SANS, 7.6, width=width * 0.75)
            draw_text(self, PAGE_W - MARGIN_X, y, f"Page {page} of {total}", SANS, 7.6,
                  align="right")
            self.restoreState()

    return NumberedCanvas
