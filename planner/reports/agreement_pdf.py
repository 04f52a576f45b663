"""The protocol agreement as a PDF (reports layer), drawn with ReportLab.

Title page, contents, numbered sections with their tables, signature blocks, and the
data-sharing schedule as an annex when personal data is shared. Every page carries a header
with both organisations and a footer with the version, the fingerprint and "page X of Y".
The renderer records where each signature box landed, so digital signature fields can be
placed exactly over them. ReportLab is imported inside the functions: start-up stays fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from planner.atomic import write_bytes
from planner.domain.agreements import (
    SCHEDULE_FIELDS,
    SECTION_TABLES,
    STATE_LABELS,
    TABLE_TITLES,
    TABLES,
    AgreementDocument,
    Block,
    SignatoryBlock,
    ceo_attends,
    contribution_totals,
    field_name,
    format_cell,
    parse_markup,
    runs_markup,
    section_digest,
    short_fingerprint,
)
from planner.reports.fonts import SANS, SERIF, register_fonts, rich
from planner.reports.pdf_meta import doc_options
from planner.reports.text_layout import (
    Line,
    Span,
    draw_fitted,
    draw_line,
    fit_text,
    layout,
    paragraph,
)

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


def render_agreement(doc: AgreementDocument, out: Path | BinaryIO | None = None, *,
                     draw_strokes: bool = True) -> tuple[bytes, RenderInfo]:
    """Render ``doc``; write to ``out`` when given and return the bytes and where things are.

    ``draw_strokes`` False leaves the signature boxes empty: the copy meant for digital
    signing, where each signature's appearance (with its drawn strokes) goes in the field.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    register_fonts()
    info = RenderInfo()
    buffer = io.BytesIO()
    styles = _styles()

    class _Doc(BaseDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:
            key = getattr(flowable, "_toc_key", None)
            if key is not None:
                page = self.page
                info.section_pages[key] = page
                info.toc.append((flowable._toc_plain, page))
                info.toc_keys.append(key)  # bookmarked when the page is written (see below)

    frame = Frame(MARGIN_X, MARGIN_BOTTOM, PAGE_W - 2 * MARGIN_X,
                  PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    document = _Doc(buffer, pagesize=A4, author=f"{doc.us} and {doc.partner}",
                    subject=f"Protocol agreement, version {doc.version}",
                    keywords=_keywords(doc), **doc_options(doc.title),
                    leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                    topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM)
    document.addPageTemplates([
        PageTemplate(id="page", frames=[frame],
                     onPage=lambda canv, _doc: _watermark(canv, doc)),
    ])
    story = _story(doc, styles, info, draw_strokes)
    # One pass: the contents page is drawn when the document is saved, once every section's
    # page is known (a table of contents flowable would need the whole layout done twice).
    document.build(story, canvasmaker=_numbered_canvas(doc, info))
    data = buffer.getvalue()
    if out is not None:
        if isinstance(out, Path):
            write_bytes(out, data)
        else:
            out.write(data)
    return data, info


FINGERPRINT_KEY = "agreement-fingerprint:"


def _keywords(doc: AgreementDocument) -> str:
    """The fingerprint in the PDF's metadata too, so a filed copy can be matched to the plan
    without reading its pages."""
    return f"protocol agreement; {FINGERPRINT_KEY}{doc.fingerprint}" if doc.fingerprint \
        else "protocol agreement; draft"


# --------------------------------------------------------------------------- styles


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import Color
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    accent = Color(*ACCENT)
    muted = Color(*MUTED)
    body = ParagraphStyle("body", fontName=SERIF, fontSize=10.2, leading=15.0,
                          alignment=TA_JUSTIFY, spaceAfter=7, bulletFontName=SERIF)
    return {
        "body": body,
        "body_cont": ParagraphStyle("body_cont", parent=body, spaceAfter=0),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=16, bulletIndent=4,
                                 spaceAfter=3.5, alignment=TA_LEFT),
        "h1": ParagraphStyle("h1", fontName=f"{SANS}-Bold", fontSize=13, leading=17,
                             textColor=accent, spaceBefore=14, spaceAfter=7, keepWithNext=1),
        "h2": ParagraphStyle("h2", fontName=f"{SANS}-Bold", fontSize=10, leading=14,
                             textColor=accent, spaceBefore=6, spaceAfter=4, keepWithNext=1),
        "kicker": ParagraphStyle("kicker", fontName=f"{SANS}-Bold", fontSize=9.5, leading=12,
                                 textColor=accent, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=f"{SERIF}-Bold", fontSize=25, leading=31,
                                alignment=TA_CENTER, spaceBefore=18, spaceAfter=10),
        "between": ParagraphStyle("between", fontName=SERIF, fontSize=11, leading=16,
                                  alignment=TA_CENTER, textColor=muted),
        "party": ParagraphStyle("party", fontName=f"{SERIF}-Bold", fontSize=15, leading=21,
                                alignment=TA_CENTER),
        "note": ParagraphStyle("note", fontName=SERIF, bulletFontName=SERIF, fontSize=9.2,
                               leading=13,
                               textColor=muted, alignment=TA_LEFT, spaceAfter=5),
        "cell": ParagraphStyle("cell", fontName=SERIF, fontSize=8.8, leading=11.5),
        "cellhead": ParagraphStyle("cellhead", fontName=f"{SANS}-Bold", fontSize=8.2,
                                   leading=10.5, textColor=accent),
        "meta_key": ParagraphStyle("meta_key", fontName=f"{SANS}-Bold", fontSize=8.6,
                                   leading=12, textColor=muted),
        "meta_val": ParagraphStyle("meta_val", fontName=SERIF, fontSize=9.6, leading=13),
        "toc0": ParagraphStyle("toc0", fontName=SERIF, fontSize=10.5, leading=19,
                               leftIndent=0),
        "linked": ParagraphStyle("linked", parent=body, fontName=f"{SERIF}-Italic",
                                 fontSize=9.2, leading=13, textColor=muted,
                                 alignment=TA_LEFT),
    }


def _blocks(blocks: Sequence[Block], styles: dict[str, Any]) -> list[Any]:
    flow: list[Any] = []
    for block in blocks:
        if block.kind == "bullets":
            for item in block.items:
                flow.append(paragraph(runs_markup(item, rich), styles["bullet"],
                                      bulletText="•"))
            flow[-1].style = styles["bullet"].clone("bullet_last", spaceAfter=8)
        else:
            pieces = _chunks(block.items[0])
            for number, piece in enumerate(pieces):
                style = styles["body"] if number == len(pieces) - 1 else styles["body_cont"]
                flow.append(paragraph(runs_markup(piece, rich), style))
    return flow


CHUNK = 3000  # characters: ReportLab re-wraps the rest of a paragraph at every page break


def _chunks(runs: Sequence[Any]) -> list[list[Any]]:
    """A very long paragraph as consecutive pieces, so a megabyte of text renders in time
    linear in its length; ordinary paragraphs come back whole."""
    from planner.domain.agreements import Run

    if sum(len(r.text) for r in runs) <= CHUNK:
        return [list(runs)]
    pieces: list[list[Any]] = [[]]
    size = 0
    for run in runs:
        text = run.text
        while text:
            room = CHUNK - size
            if len(text) <= room:
                pieces[-1].append(Run(text, run.bold, run.italic))
                size += len(text)
                break
            cut = text.rfind(" ", 0, room)
            cut = room if cut <= 0 else cut + 1
            pieces[-1].append(Run(text[:cut], run.bold, run.italic))
            pieces.append([])
            size = 0
            text = text[cut:]
    return [p for p in pieces if p]


# --------------------------------------------------------------------------- story


def _story(doc: AgreementDocument, styles: dict[str, Any], info: RenderInfo,
           draw_strokes: bool) -> list[Any]:
    from reportlab.platypus import PageBreak

    story: list[Any] = []
    story += _title_page(doc, styles)
    story.append(PageBreak())
    story += _contents(doc, styles, info)
    story.append(PageBreak())
    signatures_done = False
    for number, section in enumerate(doc.sections, start=1):
        start = len(story)
        story.append(_heading(f"{number}.  {section.title}", f"s{number}", styles["h1"]))
        story += _blocks(parse_markup(section.body), styles)
        for key in ("contributions", "measures", "meetings"):
            rows = section.data.get(key)
            if isinstance(rows, list) and (rows or SECTION_TABLES.get(section.key) == key):
                story += _table(key, rows, styles)
        if section.conflict_titles:
            from reportlab.platypus import KeepTogether

            note = _paragraph(
                "This section deals with the following conflict areas of the register: "
                + "; ".join(f"“{rich(t)}”" for t in section.conflict_titles) + ".",
                styles["linked"])
            story.append(KeepTogether([story.pop(), note]))  # never a note on its own
        if section.key == "data" and doc.personal_data:
            story.append(_paragraph(
                "Personal data is shared under this agreement: the data-sharing schedule in "
                "Annex A applies and forms part of it.", styles["linked"]))
        if section.key == "signatures":
            _add_signatures(story, start, _signature_blocks(doc, styles, info, draw_strokes))
            signatures_done = True
    if not signatures_done:
        start = len(story)
        story.append(_heading(f"{len(doc.sections) + 1}.  Signatures", "sig", styles["h1"]))
        _add_signatures(story, start, _signature_blocks(doc, styles, info, draw_strokes))
    schedule = doc.schedule()
    if schedule is not None:
        story.append(PageBreak())
        story += _annex(schedule, styles)
    if not doc.is_draft:
        story.append(PageBreak())
        story += _record(doc, styles)
    return story


def _add_signatures(story: list[Any], start: int, blocks: list[Any]) -> None:
    """Append the signature blocks, keeping the first row with the section's heading and
    text: a "Signatures" heading alone at the foot of a page looks unfinished."""
    from reportlab.platypus import KeepTogether

    head = story[start:]
    del story[start:]
    story.append(KeepTogether(head + blocks[:2]))
    story.extend(blocks[2:])


def _record(doc: AgreementDocument, styles: dict[str, Any]) -> list[Any]:
    """The record page: what the fingerprint covers, a checksum per section, the history."""
    from reportlab.lib.colors import Color
    from reportlab.platypus import Spacer, Table, TableStyle

    flow: list[Any] = [
        _heading("Record of this document", "record", styles["h1"]),
        paragraph(
            "The fingerprint below identifies the agreed text: the parties, every section "
            "with its tables and linked conflict areas, and the signatories. Any change to "
            "any of them gives a different fingerprint, and the checksum of each section "
            "shows which clause differs. Both partners can recompute them from their plan.",
            styles["body"]),
        paragraph(f"<b>Fingerprint (SHA-256)</b> {doc.fingerprint}", styles["note"]),
        Spacer(1, 6)]
    rows = [[paragraph("Section", styles["cellhead"]),
             paragraph("Checksum (first 16 of SHA-256)", styles["cellhead"])]]
    rows += [[paragraph(rich(f"{number}. {section.title}"), styles["cell"]),
              paragraph(short_fingerprint(section_digest(section)), styles["cell"])]
             for number, section in enumerate(doc.sections, start=1)]
    width = PAGE_W - 2 * MARGIN_X
    table = Table(rows, colWidths=[width * 0.62, width * 0.38], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, Color(*ACCENT)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, Color(*RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    flow.append(table)
    if doc.history:
        flow += [Spacer(1, 12), paragraph("History", styles["h2"])]
        history = Table([[paragraph(rich(when), styles["cell"]),
                          paragraph(rich(what), styles["cell"])] for when, what in doc.history],
                        colWidths=[width * 0.28, width * 0.72], hAlign="LEFT")
        history.setStyle(TableStyle([
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, Color(*RULE)),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]))
        flow.append(history)
    return flow


def _paragraph(markup: str, style: Any) -> Any:
        return paragraph(markup, style)


def _heading(text: str, key: str, style: Any) -> Any:
    para = paragraph(rich(text), style)
    para._toc_key = key
    para._toc_text = rich(text)
    para._toc_plain = text  # logical order: bookmarks want it; _draw shapes it for the page
    return para


def _title_page(doc: AgreementDocument, styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib.colors import Color
    from reportlab.platypus import HRFlowable, Spacer, Table, TableStyle

    flow: list[Any] = [Spacer(1, 70),
                       paragraph("PROTOCOL  AGREEMENT", styles["kicker"]),
                       Spacer(1, 6),
                       HRFlowable(width="30%", thickness=1.2, color=Color(*ACCENT),
                                  hAlign="CENTER", spaceBefore=4, spaceAfter=4),
                       paragraph(rich(doc.title), styles["title"]),
                       paragraph("between", styles["between"]),
                       Spacer(1, 4),
                       paragraph(rich(doc.us), styles["party"]),
                       paragraph("and", styles["between"]),
                       paragraph(rich(doc.partner), styles["party"]),
                       Spacer(1, 46)]
    status = ("A binding agreement between the partners." if doc.binding else
              "A statement of intent: not legally binding except where it says so.")
    if doc.is_draft:
        fp = "Not yet agreed: the fingerprint is fixed when both partners agree the text."
    else:
        fp = f"<b>{short_fingerprint(doc.fingerprint)}</b><br/>" \
             f"<font size='7' color='#666a70'>SHA-256 {doc.fingerprint}</font>"
    rows = [("Version", str(doc.version)),
            ("Status", STATE_LABELS.get(doc.state, doc.state)),
            ("Nature", status)]
    if doc.agreed_on:
        rows.append(("Text agreed on", doc.agreed_on))
    if doc.effective_from:
        rows.append(("In effect from", doc.effective_from))
    if doc.review_on:
        rows.append(("Review by", doc.review_on))
    rows.append(("Fingerprint", fp))
    table = Table([[paragraph(k.upper(), styles["meta_key"]),
                    paragraph(v if k == "Fingerprint" else rich(v), styles["meta_val"])]
                   for k, v in rows], colWidths=[105, 300], hAlign="CENTER")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, Color(*ACCENT)),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, Color(*ACCENT)),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, Color(*RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    flow.append(table)
    if doc.supersedes_version is not None:
        flow.append(Spacer(1, 18))
        text = f"This version replaces version {doc.supersedes_version}."
        if doc.amendment_reason:
            text += f" Reason for the amendment: {rich(doc.amendment_reason)}"
        else:
            text = rich(text)
        flow.append(paragraph(f"<b>Amendment.</b> {text}", styles["note"]))
        for change in doc.changes:
            flow.append(paragraph(rich(change), styles["note"], bulletText="–"))
    if doc.is_draft:
        flow.append(Spacer(1, 18))
        flow.append(paragraph(
            "<b>Draft for discussion.</b> This text is still being negotiated and must not be "
            "signed. Once both partners agree it, the text is frozen and identified by the "
            "fingerprint printed at the foot of every page.", styles["note"]))
    return flow


TOC_STEP = 21.0
TOC_FIRST_PAGE = 29  # entries under the "Contents" heading; later pages hold TOC_MORE
TOC_MORE = 32


def _contents(doc: AgreementDocument, styles: dict[str, Any], info: RenderInfo) -> list[Any]:
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


def _draw_contents(c: Any, info: RenderInfo, page_number: int) -> None:
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
            _draw(c, x, y - 12, text, SERIF, 10.5, width=width - 60, rtl=False)
            number = str(target)
            _draw(c, x + width, y - 12, number, SERIF, 10.5, align="right")
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


def _table(key: str, rows: Sequence[Any], styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib.colors import Color
    from reportlab.platypus import Spacer, Table, TableStyle

    columns = TABLES[key]
    data: list[list[Any]] = [[paragraph(rich(c.label), styles["cellhead"]) for c in columns]]
    for row in rows:
        data.append([paragraph(rich(format_cell(
            c, ceo_attends(row) if c.key == "ceo" else row.get(c.key))), styles["cell"])
            for c in columns])
    if not rows:
        data.append([paragraph("<i>None entered yet.</i>", styles["cell"])]
                    + [""] * (len(columns) - 1))
    totals = key == "contributions" and len(rows) > 1
    if totals:
        cash, kind = contribution_totals(rows)
        data.append([paragraph("<b>Total</b>", styles["cell"]),
                     paragraph(f"<b>{cash:,.0f}</b>", styles["cell"]), "",
                     paragraph(f"<b>{kind:,.0f}</b>", styles["cell"]), ""])
    width = PAGE_W - 2 * MARGIN_X
    weights = {"contributions": (3.4, 1.6, 3.4, 1.8, 2), "measures": (4.2, 1.6, 1.8, 2.2, 2.2, 1.8),
               "meetings": (2.4, 2.6, 1.8, 1.4, 1.8, 2.2, 1.6)}[key]
    col_widths = [width * w / sum(weights) for w in weights]
    table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, Color(*ACCENT)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, Color(*RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ]
    for i in range(2, len(data), 2):
        style.append(("BACKGROUND", (0, i), (-1, i), Color(*SHADE)))
    if totals:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, Color(*ACCENT)))
    table.setStyle(TableStyle(style))
    caption = paragraph(TABLE_TITLES[key], styles["h2"])
    return [caption, table, Spacer(1, 10)]


def _annex(schedule: Any, styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib.colors import Color
    from reportlab.platypus import Table, TableStyle

    flow: list[Any] = [_heading("Annex A.  Data-sharing schedule", "annex", styles["h1"]),
                       paragraph(
                           "This schedule sets out how personal data is shared under the "
                           "agreement. It is reviewed whenever the purposes or the data "
                           "change, and at least at each annual review.", styles["body"])]
    rows = [[paragraph(rich(label), styles["cellhead"]),
             paragraph(rich(str(schedule.get(key, "") or "To be completed.")), styles["cell"])]
            for key, label in SCHEDULE_FIELDS]
    table = Table(rows, colWidths=[130, PAGE_W - 2 * MARGIN_X - 130], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, Color(*RULE)),
        ("LINEABOVE", (0, 0), (-1, 0), 0.9, Color(*ACCENT)),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    flow.append(table)
    return flow


# --------------------------------------------------------------------------- signatures


def _signature_blocks(doc: AgreementDocument, styles: dict[str, Any], info: RenderInfo,
                      draw_strokes: bool) -> list[Any]:
    from reportlab.platypus import Spacer

    flow: list[Any] = [Spacer(1, 8)]
    signers = list(enumerate(doc.signatories))
    if not signers:
        flow.append(_paragraph("<i>No signatories have been named yet.</i>", styles["body"]))
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
            _draw(c, x + 8, box_bottom + 3.5, "Signature", SANS, 6.2, width=w)
            if self.draw_strokes and signer.strokes:
                draw_strokes(c, signer.strokes, (x + 6, box_bottom + 14, x + w - 6, box_top - 4))
            elif self.draw_strokes and signer.signed_on and signer.typed_name:
                # Signed with a typed name only: set it in the box, as a typed signature.
                c.setFillColorRGB(0.05, 0.12, 0.35)
                shown, size = fit_lines(signer.typed_name, f"{SERIF}-Italic", 15, w - 28, 1, 6)
                draw_line(c, x + 14, box_bottom + 18, shown[0])
            if self.draw_strokes and signer.digital:
                _draw(c, x + w - 8, box_top - 9, "digitally signed", f"{SANS}-Bold", 6.4,
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
                _draw(c, x, y, label.upper(), f"{SANS}-Bold", 6.6, width=w)
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
                _draw(c, x, y, f"Certificate SHA-256 {short_fingerprint(signer.cert_fingerprint)}",
                      SANS, 6.6, width=w)
            c.restoreState()

    return SignatureRow


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines of ``width`` (the last may be cut)."""
    lines = [line.logical for line in layout([Span(text, font, size)], width)] or [""]
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], " ".join(lines[max_lines - 1:])]
    return lines


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


def _draw(c: Any, x: float, y: float, text: str, font: str, size: float, *,
          align: str = "left", width: float = 0.0, rtl: bool | None = None) -> None:
    """One line of text: in logical order for any reader, shaped and ordered right to left
    where it has Arabic or Hebrew, each run in a face that has its characters, shortened
    with an ellipsis at its logical end to ``width``."""
    draw_fitted(c, x, y, text, font, size, width=width, align=align, rtl=rtl)


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


# --------------------------------------------------------------------------- page furniture


def _watermark(c: Any, doc: AgreementDocument) -> None:
    if not doc.is_draft:
        return
    c.saveState()
    c.setFillColorRGB(0.86, 0.87, 0.90)
    c.setFont(f"{SANS}-Bold", 92)
    c.translate(PAGE_W / 2, PAGE_H / 2)
    c.rotate(40)
    c.drawCentredString(0, -30, "DRAFT")
    c.restoreState()


def _numbered_canvas(doc: AgreementDocument, info: RenderInfo) -> type:
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
            _draw_contents(self, info, page)
            self.saveState()
            self.setStrokeColorRGB(*RULE)
            self.setLineWidth(0.5)
            width = PAGE_W - 2 * MARGIN_X
            if page > 1:
                y = PAGE_H - MARGIN_TOP + 22
                self.setFillColorRGB(*MUTED)
                _draw(self, MARGIN_X, y, f"{doc.us}  ·  {doc.partner}", SANS, 7.6,
                      width=width * 0.62)
                _draw(self, PAGE_W - MARGIN_X, y, doc.title, f"{SERIF}-Italic", 7.6,
                      align="right", width=width * 0.36)
                self.line(MARGIN_X, y - 6, PAGE_W - MARGIN_X, y - 6)
            y = MARGIN_BOTTOM - 30
            self.line(MARGIN_X, y + 11, PAGE_W - MARGIN_X, y + 11)
            self.setFillColorRGB(*MUTED)
            if doc.is_draft:
                left = f"Version {doc.version}  ·  DRAFT, not agreed: do not sign"
            else:
                left = f"Version {doc.version}  ·  Fingerprint {short_fingerprint(doc.fingerprint)}"
            _draw(self, MARGIN_X, y, left, SANS, 7.6, width=width * 0.75)
            _draw(self, PAGE_W - MARGIN_X, y, f"Page {page} of {total}", SANS, 7.6,
                  align="right")
            self.restoreState()

    return NumberedCanvas


def today_text(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {day:%B %Y}"
