"""The protocol agreement as a PDF (reports layer), drawn with ReportLab.

Title page, contents, numbered sections with their tables, signature blocks, and the
data-sharing schedule as an annex when personal data is shared. Every page carries a header
with both organisations and a footer with the version, the fingerprint and "page X of Y".
The renderer records where each signature box landed, so digital signature fields can be
placed exactly over them. ReportLab is imported inside the functions: start-up stays fast.

This module builds the story (title page, sections, tables, annex, record page); its parts
are `agreement_layout.py` (colours, page geometry, `RenderInfo`, fitted text, pen strokes),
`agreement_contents.py` (the contents pages), `agreement_signatures.py` (the signature
blocks) and `agreement_pages.py` (watermark, header, footer, "page X of Y").
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
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
    ceo_attends,
    contribution_totals,
    format_cell,
    parse_markup,
    runs_markup,
    section_digest,
    short_fingerprint,
)
from planner.reports.agreement_contents import contents
from planner.reports.agreement_layout import (
    ACCENT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_H,
    PAGE_W,
    RULE,
    SHADE,
    RenderInfo,
)
from planner.reports.agreement_pages import numbered_canvas, watermark
from planner.reports.agreement_signatures import signature_blocks
from planner.reports.fonts import SANS, SERIF, register_fonts, rich
from planner.reports.pdf_meta import doc_options
from planner.reports.text_layout import paragraph


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
                     onPage=lambda canv, _doc: watermark(canv, doc)),
    ])
    story = _story(doc, styles, info, draw_strokes)
    # One pass: the contents page is drawn when the document is saved, once every section's
    # page is known (a table of contents flowable would need the whole layout done twice).
    document.build(story, canvasmaker=numbered_canvas(doc, info))
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
    story += contents(doc, styles, info)
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
            _add_signatures(story, start, signature_blocks(doc, styles, info, draw_strokes))
            signatures_done = True
    if not signatures_done:
        start = len(story)
        story.append(_heading(f"{len(doc.sections) + 1}.  Signatures", "sig", styles["h1"]))
        _add_signatures(story, start, signature_blocks(doc, styles, info, draw_strokes))
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
    para._toc_plain = text  # logical order: bookmarks want it; draw_text shapes it for the page
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


def fitted_widths(weights: Sequence[float], cells: Sequence[Sequence[tuple[str, Any]]],
                  width: float, *, padding: float) -> list[float]:
    """Column widths that share ``width`` in proportion to ``weights``, but leave each
    column room for its longest word: ``cells`` holds each column's texts, each with its
    paragraph style. A fixed share broke "Independent" in a meeting's Chair column into
    "Independe" and "nt". When the words cannot all fit, the shares stay as weighed."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    least = [max((stringWidth(word.strip("*"), style.fontName, style.fontSize)
                  for text, style in column for word in str(text).split()), default=0.0)
             + padding + 1 for column in cells]
    widths = [width * w / sum(weights) for w in weights]
    if sum(least) > width:
        return widths
    fixed: set[int] = set()
    while short := [i for i, w in enumerate(widths) if w < least[i] and i not in fixed]:
        fixed.update(short)
        room = width - sum(least[i] for i in fixed)
        free = [i for i in range(len(widths)) if i not in fixed]
        share = sum(weights[i] for i in free)
        widths = [least[i] if i in fixed else room * weights[i] / share for i in range(len(widths))]
    return widths


def _table(key: str, rows: Sequence[Any], styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib.colors import Color
    from reportlab.platypus import Spacer, Table, TableStyle

    columns = TABLES[key]
    texts = [[format_cell(c, ceo_attends(row) if c.key == "ceo" else row.get(c.key))
              for c in columns] for row in rows]
    data: list[list[Any]] = [[paragraph(rich(c.label), styles["cellhead"]) for c in columns]]
    data += [[paragraph(rich(text), styles["cell"]) for text in line] for line in texts]
    if not rows:
        data.append([paragraph("<i>None entered yet.</i>", styles["cell"])]
                    + [""] * (len(columns) - 1))
    totals = key == "contributions" and len(rows) > 1
    if totals:
        cash, kind = contribution_totals(rows)
        data.append([paragraph("<b>Total</b>", styles["cell"]),
                     paragraph(f"<b>{cash:,.0f}</b>", styles["cell"]), "",
                     paragraph(f"<b>{kind:,.0f}</b>", styles["cell"]), ""])
    weights = {"contributions": (3.4, 1.6, 3.4, 1.8, 2), "measures": (4.2, 1.6, 1.8, 2.2, 2.2, 1.8),
               "meetings": (2.4, 2.6, 1.8, 1.4, 1.8, 2.2, 1.6)}[key]
    words = [[(c.label, styles["cellhead"])] + [(line[i], styles["cell"]) for line in texts]
             for i, c in enumerate(columns)]
    col_widths = fitted_widths(weights, words, PAGE_W - 2 * MARGIN_X, padding=4 + 6)
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


def today_text(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {day:%B %Y}"
