"""The agreement's signature blocks (reports layer): one or two side by side, each box's
position on the page recorded so digital signature fields can be placed exactly over it.
"""

from __future__ import annotations

import functools
from typing import Any

from planner.domain.agreements import (
    AgreementDocument,
    SignatoryBlock,
    field_name,
    short_fingerprint,
)
from planner.reports.agreement_layout import (
    ACCENT,
    MUTED,
    RULE,
    SIG_BOX_H,
    FieldBox,
    RenderInfo,
    draw_strokes,
    draw_text,
    fit_lines,
)
from planner.reports.fonts import SANS, SERIF
from planner.reports.text_layout import draw_line, paragraph


def signature_blocks(doc: AgreementDocument, styles: dict[str, Any], info: RenderInfo,
                      draw_strokes: bool) -> list[Any]:
    from reportlab.platypus import Spacer

    flow: list[Any] = [Spacer(1, 8)]
    signers = list(enumerate(doc.signatories))
    if not signers:
        flow.append(paragraph("<i>No signatories have been named yet.</i>", styles["body"]))
        return flow
    for start in range(0, len(signers), 2):
        flow.append(_signature_row_class()(signers[start:start + 2], info, draw_strokes))
        flow.append(Spacer(1, 16))
    return flow


@functools.cache
def _signature_row_class() -> type:
    """The signature row flowable, made on first use so ReportLab loads only when needed."""
    from reportlab.platypus import Flowable

    class SignatureRow(Flowable):
        """One or two signature blocks side by side; records each box's position on the page."""

        HEIGHT = 168.0

        def __init__(self, signers: list[tuple[int, SignatoryBlock]], info: RenderInfo,
                     draw_strokes: bool) -> None:
            super().__init__()
            self.signers = signers
            self.info = info
            self.draw_strokes = draw_strokes

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, self.HEIGHT

        def draw(self) -> None:
            gap = 26.0
            block_w = (self.width - gap) / 2
            for column, (index, signer) in enumerate(self.signers):
                self._block(column * (block_w + gap), block_w, index, signer)

        def _block(self, x: float, w: float, index: int, signer: SignatoryBlock) -> None:
            c = self.canv
            top = self.HEIGHT
            c.saveState()
            c.setFillColorRGB(*ACCENT)
            header, size = fit_lines(f"For {signer.organisation}" if signer.organisation
                                     else "Signatory", f"{SANS}-Bold", 8.8, w, 2)
            box_top = top - 27
            for number, line in enumerate(reversed(header)):
                draw_line(c, x + w - line.width if line.rtl else x,
                          box_top + 6 + number * (size + 1.7), line)
            box_bottom = box_top - SIG_BOX_H
            c.setStrokeColorRGB(*RULE)
            c.setLineWidth(0.5)
            c.setFillColorRGB(0.985, 0.985, 0.99)
            c.rect(x, box_bottom, w, SIG_BOX_H, stroke=1, fill=1)
            c.setStrokeColorRGB(*MUTED)
            c.setLineWidth(0.6)
            c.line(x + 8, box_bottom + 12, x + w - 8, box_bottom + 12)
            c.setFillColorRGB(*MUTED)
            draw_text(c, x + 8, box_bottom + 3.5, "Signature", SANS, 6.2, width=w)
            if self.draw_strokes and signer.strokes:
                draw_strokes(c, signer.strokes, (x + 6, box_bottom + 14, x + w - 6, box_top - 4))
            elif self.draw_strokes and signer.signed_on and signer.typed_name:
                # Signed with a typed name only: set it in the box, as a typed signature.
                c.setFillColorRGB(0.05, 0.12, 0.35)
                shown, size = fit_lines(signer.typed_name, f"{SERIF}-Italic", 15, w - 28, 1, 6)
                draw_line(c, x + 14, box_bottom + 18, shown[0])
            if self.draw_strokes and signer.digital:
                draw_text(c, x + w - 8, box_top - 9, "digitally signed", f"{SANS}-Bold", 6.4,
                      align="right", width=w)
            x1, y1 = c.absolutePosition(x, box_bottom)
            x2, y2 = c.absolutePosition(x + w, box_top)
            name = field_name(index)
            self.info.fields[name] = FieldBox(name, c.getPageNumber() - 1,
                                              (round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)))
            lines = [("Name", signer.typed_name or signer.name), ("Role", signer.role),
                     ("Organisation", signer.organisation), ("Date", signer.signed_on)]
            y = box_bottom - 15
            for label, value in lines:
                c.setFillColorRGB(*MUTED)
                draw_text(c, x, y, label.upper(), f"{SANS}-Bold", 6.6, width=w)
                c.setFillColorRGB(0.1, 0.1, 0.12)
                if value:
                    # Names, roles and organisations are never cut: two lines, then smaller.
                    shown, size = fit_lines(value, SERIF, 9.4, w - 62, 2)
                    for line in shown:
                        draw_line(c, x + w - line.width if line.rtl else x + 62, y, line)
                        y -= size + 2.6
                    y -= 3
                else:
                    c.setStrokeColorRGB(*RULE)
                    c.line(x + 62, y - 2, x + w, y - 2)
                    y -= 15
            if signer.cert_fingerprint and self.draw_strokes:
                c.setFillColorRGB(*MUTED)
                draw_text(c, x, y, f"Certificate SHA-256 {short_fingerprint(signer.cert_fingerprint)}",
                      SANS, 6.6, width=w)
            c.restoreState()

    return SignatureRow
