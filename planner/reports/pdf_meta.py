"""What every PDF we write says about itself (reports layer): creator, producer, language,
and a first font that is embedded.

ReportLab's canvas starts every page with Helvetica selected in an empty text block, so
each PDF listed Helvetica as a font it uses but does not embed (pdffonts, PDF/A checkers).
Starting the canvas with a bundled TrueType face leaves no font unembedded. Creator and
Producer name the program and its version on every document, and ``/Lang`` says the
language a screen reader should read it in.
"""

from __future__ import annotations

from typing import Any

from planner import APP_NAME, __version__

LANG = "en-GB"  # the documents' own words (templates, headings) are British English


def producer() -> str:
    return f"{APP_NAME} {__version__}"


def canvas_options() -> dict[str, Any]:
    """Keyword arguments for ReportLab's Canvas or a DocTemplate (fonts registered first)."""
    from planner.reports.fonts import register_fonts

    fonts = register_fonts()
    _embedded_defaults(fonts.sans)
    return {"initialFontName": fonts.sans, "lang": LANG}


def _embedded_defaults(face: str) -> None:
    """ReportLab's own defaults name Helvetica: a table cell's font (selected even for an
    empty cell), a paragraph's bullet font, a drawing's first font. Our bundled face instead, once per process,
    like the font registry itself."""
    from reportlab.graphics import shapes
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.tables import CellStyle

    CellStyle.fontname = face
    ParagraphStyle.defaults["bulletFontName"] = face
    shapes.STATE_DEFAULTS["fontName"] = face  # a drawing's initial font (the timeline)


def doc_options(title: str) -> dict[str, Any]:
    """Keyword arguments for a DocTemplate: the above plus title, creator and producer."""
    return {**canvas_options(), "title": title, "creator": producer(),
            "producer": producer()}


def stamp(canvas: Any, title: str, *, subject: str = "", author: str = "") -> None:
    """Title, creator and producer on a bare canvas."""
    canvas.setTitle(title)
    canvas.setCreator(producer())
    canvas.setProducer(producer())
    canvas.setAuthor(author or APP_NAME)
    if subject:
        canvas.setSubject(subject)
