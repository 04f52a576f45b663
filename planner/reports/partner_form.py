"""The partner's questionnaire (reports layer): a fillable PDF form, written and read back.

The form is made of ordinary AcroForm fields (text boxes and radio buttons, made by
ReportLab), so it can be filled in any PDF reader with no account and nothing to install.
It carries hidden, read-only fields with the plan's and the opportunity's identity, the
form's version and the list of its answer fields, so answers cannot be read into the wrong
opportunity and a form with a field removed is recognised.

Reading uses pyHanko's PDF reader (already needed for signing), not the library the tests
fill the form with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.atomic import replacing
from planner.domain.partner_view import (
    GATE_ANSWER_LABELS,
    GATE_ANSWERS,
    RESOURCE_KINDS,
    Questionnaire,
    conflict_field,
    criterion_field,
    gate_field,
)

INK = "#1f2933"
MUTED = "#5f6b7a"
RULE = "#d5dbe3"
FIELD_BG = "#f4f8fc"
FIELD_BORDER = "#7b8794"
MAX_TEXT = 4000  # characters a text box takes


class FormReadError(Exception):
    """A file we cannot read as our questionnaire: the one-line reason."""


def _field_flowables() -> tuple[type, type]:
    """Flowables that draw one form field where the layout puts them (made on first use,
    so that importing this module does not load ReportLab)."""
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    class TextBox(Flowable):
        def __init__(self, name: str, width: float, height: float, tooltip: str,
                     multiline: bool = True) -> None:
            super().__init__()
            self.name, self.width, self.height = name, width, height
            self.tooltip, self.multiline = tooltip, multiline

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = min(self.width, avail_width)
            return self.width, self.height

        def draw(self) -> None:
            self.canv.acroForm.textfield(
                name=self.name, tooltip=self.tooltip, x=0, y=0, width=self.width,
                height=self.height, relative=True, maxlen=MAX_TEXT, fontSize=9,
                fieldFlags="multiline" if self.multiline else "",
                fillColor=colors.HexColor(FIELD_BG), borderColor=colors.HexColor(FIELD_BORDER),
                textColor=colors.black, borderWidth=0.6, forceBorder=True)

    class Radio(Flowable):
        SIZE = 11.0

        def __init__(self, name: str, value: str, tooltip: str) -> None:
            super().__init__()
            self.name, self.value, self.tooltip = name, value, tooltip
            self.width = self.height = self.SIZE

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return self.SIZE, self.SIZE

        def draw(self) -> None:
            self.canv.acroForm.radio(
                name=self.name, value=self.value, selected=False, x=0, y=0, size=self.SIZE,
                # A square box with a dot: ReportLab's round radio draws a broken circle
                # with an off-centre dot in poppler and pdf.js; the square one is clean.
                relative=True, tooltip=self.tooltip, buttonStyle="circle", shape="square",
                fieldFlags="noToggleToOff radio", borderWidth=0.8,
                borderColor=colors.HexColor(FIELD_BORDER), fillColor=colors.white,
                textColor=colors.HexColor(INK), forceBorder=True)

    return TextBox, Radio


def write_questionnaire(q: Questionnaire, out: Path) -> None:
    """Write the partner's questionnaire for ``q`` at ``out`` (beside, then moved into place)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        CondPageBreak,
        KeepTogether,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from planner.reports.fonts import register_fonts, rich
    from planner.reports.pdf_meta import doc_options
    from planner.reports.text_layout import draw_fitted, paragraph

    fonts = register_fonts()
    TextBox, Radio = _field_flowables()
    ink, muted = colors.HexColor(INK), colors.HexColor(MUTED)
    base = ParagraphStyle("base", fontName=fonts.sans, fontSize=9.5, leading=12.5,
                          textColor=ink)
    small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=10.5)
    note = ParagraphStyle("note", parent=small, textColor=muted)
    title = ParagraphStyle("title", parent=base, fontName=fonts.sans_bold, fontSize=17,
                           leading=21, spaceAfter=4)
    heading = ParagraphStyle("heading", parent=base, fontName=fonts.sans_bold, fontSize=12,
                             leading=15, spaceBefore=10, spaceAfter=4)
    question = ParagraphStyle("question", parent=base, fontName=fonts.sans_bold,
                              spaceBefore=6, spaceAfter=2)

    width, _height = A4
    margin = 18 * mm
    inner = width - 2 * margin
    story: list[Any] = []

    def text_box(name: str, tooltip: str, lines: int = 3, box_width: float = inner) -> Any:
        return TextBox(name, box_width, 6 + 11 * lines, tooltip, multiline=lines > 1)

    def radio_row(name: str, choices: list[tuple[str, str]], tooltip: str) -> Any:
        """Radio buttons side by side, each followed by its label."""
        cells: list[Any] = []
        widths: list[float] = []
        for value, label in choices:
            cells += [Radio(name, value, f"{tooltip}: {label}"), paragraph(rich(label), small)]
            widths += [16, 70]
        table = Table([cells], colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                                   ("TOPPADDING", (0, 0), (-1, -1), 2),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        return table

    def label(text: str) -> Any:
        return paragraph(rich(text), note)

    # ---- the opening: who asks, about what, and how to answer
    issued = _day(q.issued_on)
    story.append(paragraph(rich(f"{q.opportunity_title}: how do you see it?"), title))
    story.append(paragraph(rich(
        f"A questionnaire from {q.our_name} for {q.partner_name or 'our partner'}, "
        f"issued on {issued}."), note))
    story.append(Spacer(1, 3 * mm))
    story.append(paragraph(rich(
        f"{q.our_name} has answered these questions for itself. We would like your own "
        "answers, given separately, so that we can put the two side by side and talk about "
        "where we see things differently. There are no right answers and nothing here is "
        "binding. Fill in the boxes in any PDF reader, save the file and send it back to us; "
        "leave blank anything you would rather discuss in person."), base))
    if q.purpose:
        story.append(Spacer(1, 2 * mm))
        story.append(paragraph(rich(f"The purpose as we have written it: {q.purpose}"), note))
    story.append(Spacer(1, 2 * mm))
    who = Table([[label("Your name"), label("Your role and organisation")],
                 [text_box("respondent", "Your name", 1, inner / 2 - 6),
                  text_box("respondent_role", "Your role and organisation", 1, inner / 2 - 6)]],
                colWidths=[inner / 2, inner / 2], hAlign="LEFT")
    who.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    story.append(who)

    # ---- the headline questions
    if q.gates:
        story.append(paragraph("1. The headline questions", heading))
        story.append(paragraph(rich(
            "For each question: yes, not sure or no, as your organisation sees it, with a "
            "word on why."), note))
        choices = [(a, GATE_ANSWER_LABELS[a]) for a in GATE_ANSWERS]
        for g in q.gates:
            story.append(KeepTogether([
                paragraph(rich(g.name), question),
                paragraph(rich(g.question), small),
                radio_row(gate_field(g.id), choices, g.name),
                label("Why (optional)"),
                text_box(gate_field(g.id, "comment"), f"{g.name}: why", 2)]))

    # ---- the criteria, with the same anchored levels we use
    if q.criteria:
        story.append(CondPageBreak(60 * mm))
        story.append(paragraph("2. How much it is worth, from your side", heading))
        story.append(paragraph(rich(
            "Choose the level, 1 to 5, whose description fits best. These are the same "
            "descriptions we used for our own answers."), note))
        for c in q.criteria:
            rows: list[list[Any]] = []
            for level, anchor in enumerate(c.levels, start=1):
                rows.append([Radio(criterion_field(c.id), str(level), f"{c.name}: {level}"),
                             paragraph(f"<b>{level}</b>", small),
                             paragraph(rich(anchor or "—"), small)])
            levels = Table(rows, colWidths=[16, 14, inner - 30], hAlign="LEFT")
            levels.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
            story.append(KeepTogether([
                paragraph(rich(c.name), question), paragraph(rich(c.question), small),
                Spacer(1, 1.5 * mm), levels, label("Comment (optional)"),
                text_box(criterion_field(c.id, "comment"), f"{c.name}: comment", 2)]))

    # ---- what each side gives and gets
    story.append(CondPageBreak(90 * mm))
    story.append(paragraph("3. What you give and what you get", heading))
    story.append(paragraph(rich(
        "Partnerships work when each side gains something it needs: knowledge, money or "
        "authority (the standing to act, a mandate, access)."), note))
    if q.we_give or q.we_get:
        noted = []
        if q.we_get:
            noted.append("we expect you to give: " + "; ".join(q.we_get))
        if q.we_give:
            noted.append("we expect to give you: " + "; ".join(q.we_give))
        story.append(paragraph(rich("What we have noted so far — " + " · ".join(noted)), small))
    grid: list[list[Any]] = [[paragraph("<b>What you give</b>", small),
                              paragraph("<b>What you get</b>", small)]]
    half = inner / 2 - 6
    for kind in RESOURCE_KINDS:
        grid.append([label(kind.capitalize()), label(kind.capitalize())])
        grid.append([text_box(f"give_{kind}", f"What you give: {kind}", 2, half),
                     text_box(f"get_{kind}", f"What you get: {kind}", 2, half)])
    give_get = Table(grid, colWidths=[inner / 2, inner / 2], hAlign="LEFT")
    give_get.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story.append(give_get)

    # ---- conflict areas already raised with them
    if q.conflicts:
        story.append(CondPageBreak(70 * mm))
        story.append(paragraph("4. Where we overlap or compete", heading))
        story.append(paragraph(rich(
            "These are the areas we have already talked about with you. How likely is each "
            "to cause friction, how much would it matter, and what would you propose?"), note))
        scale = [(str(n), str(n)) for n in range(1, 6)]
        for a in q.conflicts:
            parts: list[Any] = [paragraph(rich(a.title), question)]
            if a.description:
                parts.append(paragraph(rich(a.description), small))
            rating = Table(
                [[label("Likelihood (1 rare – 5 almost certain)"),
                  label("Impact (1 slight – 5 severe)")],
                 [radio_row(conflict_field(a.id, "likelihood"), scale, f"{a.title}: likelihood"),
                  radio_row(conflict_field(a.id, "impact"), scale, f"{a.title}: impact")]],
                colWidths=[inner / 2, inner / 2], hAlign="LEFT")
            rating.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
            # Five choices at 86 pt do not fit half a page: narrower cells for the scale.
            for cell in rating._cellvalues[1]:
                cell._argW = [14, 20] * 5
            parts += [rating, label("What would you propose?"),
                      text_box(conflict_field(a.id, "proposal"), f"{a.title}: proposal", 2)]
            story.append(KeepTogether(parts))

    # ---- their own side
    story.append(CondPageBreak(80 * mm))
    story.append(paragraph(f"{5 if q.conflicts else 4}. Your side of it", heading))
    for name, text, lines in (
            ("objectives", "Your own objectives for this partnership", 3),
            ("sponsor", "Your executive sponsor (name and role)", 1),
            ("lead", "Your day-to-day lead (name, role or team)", 1),
            ("missed", "Anything we have missed, or you would like to add", 4)):
        story.append(KeepTogether([paragraph(rich(text), question),
                                   text_box(name, text, lines)]))

    footer_text = (f"{q.our_name} · partner questionnaire · {q.opportunity_title} · "
                   f"form {q.version}, issued {issued}")
    identity = q.identity()

    def on_page(canv: Any, doc: Any) -> None:
        canv.saveState()
        canv.setFillColor(muted)
        draw_fitted(canv, margin, 10 * mm, footer_text, fonts.sans, 7.5, width=inner - 40)
        canv.setFont(fonts.sans, 7.5)
        canv.drawRightString(width - margin, 10 * mm, f"page {doc.page}")
        canv.setStrokeColor(colors.HexColor(RULE))
        canv.line(margin, 13 * mm, width - margin, 13 * mm)
        if doc.page == 1:
            # The identity, hidden and read-only: readers keep it when the form is saved.
            for n, (name, value) in enumerate(identity.items()):
                canv.acroForm.textfield(name=name, value=value, x=margin + n, y=2, width=1,
                                        height=1, maxlen=0, fieldFlags="readOnly",
                                        annotationFlags="hidden", borderWidth=0)
        canv.restoreState()

    with replacing(out) as tmp:
        doc = SimpleDocTemplate(
            str(tmp), pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=16 * mm,
            bottomMargin=18 * mm,
            **{**doc_options(f"Partner questionnaire: {q.opportunity_title}"),
               "author": q.our_name, "subject": f"{q.our_name} asks {q.partner_name}"})
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


# --------------------------------------------------------------------------- reading back


def read_form_fields(path: Path) -> dict[str, str]:
    """The fields of a filled form, by name (radio buttons: the chosen value, or "").

    FormReadError, in one line, when the file is not a PDF we can read or has no form."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormReadError(f"{path} does not exist") from None
    except OSError as exc:
        raise FormReadError(f"{path} cannot be read ({exc.strerror})") from None
    if not data.startswith(b"%PDF-"):
        raise FormReadError(f"{path.name} is not a PDF file")
    if b"%%EOF" not in data[-1024:]:
        raise FormReadError(f"{path.name} is cut short (the end of the PDF is missing); "
                            "ask for the file to be sent again")
    import io

    def text_of(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, generic.NameObject):
            name = str(value)[1:]
            return "" if name == "Off" else name
        if isinstance(value, generic.ArrayObject):  # a multi-select list: not ours
            return " ".join(text_of(v) for v in value)
        return str(value)

    fields: dict[str, str] = {}

    def walk(node: Any, prefix: str, inherited: Any, depth: int = 0) -> None:
        if depth > 20:
            raise FormReadError(f"{path.name}: its form nests too deep to be ours")
        node = node.get_object()
        partial = node.get("/T")
        name = prefix if partial is None else (
            f"{prefix}.{partial}" if prefix else str(partial))
        value = node.get("/V", inherited)
        kids = node.get("/Kids")
        if kids is not None and any("/T" in k.get_object() for k in kids):
            for kid in kids:
                walk(kid, name, value, depth + 1)
            return
        if name:
            fields[name] = text_of(value.get_object() if value is not None else None)

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        form = reader.root.get("/AcroForm")
        if form is None:
            raise FormReadError(f"{path.name} has no form to read: it is not a questionnaire "
                                "from Partnership Planner")
        for top in form.get_object().get("/Fields", []):
            walk(top, "", None)
    except FormReadError:
        raise
    except (PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        reason = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise FormReadError(f"{path.name} is not a PDF we can read ({reason})") from None
    return fields



def _day(iso: str) -> str:
    """The issue date as the program writes dates ("7 Dec 2026"; it printed "2026-12-07");
    the form's hidden field keeps it in ISO for reading the answers back."""
    import datetime as dt

    from planner.domain.dates import day_text

    try:
        return day_text(dt.date.fromisoformat(iso))
    except ValueError:
        return iso
