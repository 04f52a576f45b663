"""Digital signatures on agreement PDFs (reports layer): the signature fields, PAdES signing
and the visible stamp.

Offline signing is PAdES B-B with pyHanko: no timestamp authority, no revocation checks. The
first signature certifies the document and allows form filling only, so the partner can
countersign in the second pre-made field. pyHanko's own messages and tracebacks never reach
the user. The identities signed with are made and read in `signing_identity.py`; a signed
PDF is checked in `signature_check.py`; what they share (`SigningError`, keeping pyHanko
quiet) is in `signing_common.py`.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.domain.agreements import short_fingerprint
from planner.domain.dates import day_text
from planner.reports.signing_common import SigningError, pdf_reader, quiet
from planner.reports.signing_identity import IdentityInfo, signer_for


@dataclass(frozen=True)
class FieldSpec:
    name: str
    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class StampInfo:
    """What the visible signature shows: the typed name, role, and the drawn strokes."""

    name: str
    role: str = ""
    organisation: str = ""
    strokes: tuple[tuple[tuple[float, float], ...], ...] = ()


def signature_fields(data: bytes) -> list[tuple[str, bool]]:
    """The signature fields of a PDF: (name, already signed), in document order."""
    from pyhanko.sign import fields

    with quiet():
        reader = pdf_reader(data)
        try:
            return [(name, value is not None)
                    for name, value, _ref in fields.enumerate_sig_fields(reader)]
        except Exception as exc:
            raise SigningError(f"the PDF's form cannot be read ({type(exc).__name__})") \
                from None


def add_fields(data: bytes, specs: Sequence[FieldSpec]) -> bytes:
    """Add empty signature fields in one incremental update (for a PDF signed elsewhere)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    with quiet():
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        existing = {name for name, _signed in signature_fields(data)}
        for spec in specs:
            if spec.name not in existing:
                fields.append_signature_field(writer, fields.SigFieldSpec(
                    spec.name, on_page=spec.page, box=_int_box(spec.box)))
        out = io.BytesIO()
        writer.write(out)  # type: ignore[no-untyped-call]
        return out.getvalue()


def sign(data: bytes, *, field: str, identity: Path, passphrase: str, stamp: StampInfo,
         reason: str, new_fields: Sequence[FieldSpec] = (), certify: bool = False,
         ) -> tuple[bytes, IdentityInfo]:
    """Sign ``field`` of the PDF in ``data`` in an incremental update; add ``new_fields`` first.

    ``certify`` makes this the certifying (first) signature, which still lets the remaining
    fields be signed. Returns the signed bytes and the identity that signed.
    """
    from pyhanko import stamp as pstamp
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer, info = signer_for(identity, passphrase)
    with quiet():
        present = dict(signature_fields(data))
        if field not in present and not any(s.name == field for s in new_fields):
            raise SigningError(f"the PDF has no signature field {field}")
        if present.get(field):
            raise SigningError(f"the field {field} is already signed")
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        box = _field_size(writer, field, new_fields)
        for spec in new_fields:
            if spec.name not in present:
                fields.append_signature_field(writer, fields.SigFieldSpec(
                    spec.name, on_page=spec.page, box=_int_box(spec.box)))
        when = dt.datetime.now(dt.UTC)
        with tempfile.TemporaryDirectory() as folder:
            appearance = Path(folder) / "stamp.pdf"
            appearance.write_bytes(stamp_pdf(stamp, info, when, box))
            style = pstamp.StaticStampStyle.from_pdf_file(
                str(appearance), border_width=0, background_opacity=1.0,
                background_layout=layout.SimpleBoxLayoutRule(
                    x_align=layout.AxisAlignment.ALIGN_MID,
                    y_align=layout.AxisAlignment.ALIGN_MID,
                    inner_content_scaling=layout.InnerScaling.STRETCH_FILL))
            meta = signers.PdfSignatureMetadata(
                field_name=field, reason=reason, name=info.name,
                certify=certify, docmdp_permissions=fields.MDPPerm.FILL_FORMS,
                subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
            pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style)
            out = io.BytesIO()
            try:
                pdf_signer.sign_pdf(writer, output=out)
            except SigningError:
                raise
            except Exception as exc:
                raise SigningError(f"the PDF could not be signed ({type(exc).__name__}: "
                                   f"{str(exc)[:160]})") from None
    return out.getvalue(), info


def _int_box(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = box
    return round(x1), round(y1), round(x2), round(y2)


def _field_size(writer: Any, field: str, new_fields: Sequence[FieldSpec]) -> tuple[float, float]:
    """Width and height of the field's box, so the appearance fills it without distortion."""
    from pyhanko.sign import fields

    for spec in new_fields:
        if spec.name == field:
            return spec.box[2] - spec.box[0], spec.box[3] - spec.box[1]
    for name, _value, ref in fields.enumerate_sig_fields(writer):
        if name == field:
            rect = ref.get_object().get("/Rect")
            if rect is not None:
                x1, y1, x2, y2 = (float(v) for v in rect)
                if abs(x2 - x1) > 1 and abs(y2 - y1) > 1:
                    return abs(x2 - x1), abs(y2 - y1)
    return 220.0, 58.0


def stamp_pdf(stamp: StampInfo, info: IdentityInfo, when: dt.datetime,
              size: tuple[float, float]) -> bytes:
    """A one-page PDF the size of the signature box: the drawn signature and who signed."""
    from reportlab.pdfgen.canvas import Canvas

    from planner.reports.agreement_layout import draw_strokes, draw_text, fit_lines
    from planner.reports.fonts import SANS, register_fonts
    from planner.reports.pdf_meta import canvas_options
    from planner.reports.pdf_meta import stamp as stamp_meta
    from planner.reports.text_layout import draw_line

    register_fonts()
    width, height = size
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(width, height), **canvas_options())
    stamp_meta(c, f"Signature of {stamp.name}")
    c.setFillColorRGB(0.97, 0.98, 1.0)
    c.setStrokeColorRGB(0.55, 0.62, 0.75)
    c.setLineWidth(0.8)
    c.rect(0.4, 0.4, width - 0.8, height - 0.8, stroke=1, fill=1)
    if stamp.strokes:
        draw_strokes(c, stamp.strokes, (6, 16, width * 0.62, height - 4))
    else:
        c.setFillColorRGB(0.05, 0.12, 0.35)
        # The whole name, never cut: two lines if need be, then smaller.
        lines, name_size = fit_lines(stamp.name, "PP-Serif-Italic", 14, width * 0.6, 2, 5)
        top = height / 2 + (len(lines) - 1) * (name_size + 1) / 2
        for number, line in enumerate(lines):
            draw_line(c, 8, top - number * (name_size + 1), line)
    c.setFillColorRGB(0.12, 0.23, 0.37)
    right = width - 6
    draw_text(c, right, height - 11, "Digitally signed", f"{SANS}-Bold", 6.6, align="right")
    draw_text(c, right, height - 20, f"{day_text(when)} {when:%H:%M} UTC", SANS, 6.0, align="right")
    draw_text(c, right, 13, "Certificate", SANS, 5.6, align="right")
    draw_text(c, right, 5, short_fingerprint(info.fingerprint), SANS, 5.6, align="right")
    c.setFillColorRGB(0.3, 0.32, 0.36)
    lines, _ = fit_lines(stamp.name, SANS, 6.4, width * 0.55, 1, 3.5)
    draw_line(c, 8, 5, lines[0])
    c.showPage()
    c.save()
    return buffer.getvalue()


