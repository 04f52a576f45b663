"""Fonts for PDFs (reports layer): the bundled DejaVu families and text ready for ReportLab.

ReportLab's built-in Helvetica has no glyphs for Ł, ż, Cyrillic or accented Greek, and the
text is lost, not just drawn badly. So every PDF uses the DejaVu TTFs shipped in
``resources/fonts`` (licence beside them), registered as families so ``<b>`` and ``<i>``
pick the right faces. DejaVu Serif has no Arabic: Arabic runs are shaped (joined letter
forms), put in visual right-to-left order and set in DejaVu Sans, which has the glyphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

SERIF = "PP-Serif"
SANS = "PP-Sans"

_FACES = {
    SERIF: ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
            "DejaVuSerif-BoldItalic.ttf"),
    SANS: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
           "DejaVuSans-BoldOblique.ttf"),
}

# Arabic letters, supplements and presentation forms, with the spaces between words.
_ARABIC = re.compile(
    r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]"
    r"(?:[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF\s]*"
    r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF])?")


class FontError(Exception):
    """The bundled fonts are missing or unreadable (a broken installation)."""


@dataclass(frozen=True)
class Fonts:
    serif: str
    serif_bold: str
    serif_italic: str
    sans: str
    sans_bold: str


def fonts_dir() -> Path:
    from planner.paths import resources_dir

    return resources_dir() / "fonts"


def register_fonts(folder: Path | None = None) -> Fonts:
    """Register both families once per process (ReportLab keeps a global registry)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    folder = folder or fonts_dir()
    registered = set(pdfmetrics.getRegisteredFontNames())
    for family, files in _FACES.items():
        names = (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic")
        for name, file in zip(names, files, strict=True):
            if name in registered:
                continue
            path = folder / file
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (OSError, TTFError) as exc:
                raise FontError(f"The font {path} is missing or damaged ({exc}); "
                                "reinstall Partnership Planner.") from exc
        for bold, italic, name in ((0, 0, names[0]), (1, 0, names[1]), (0, 1, names[2]),
                                   (1, 1, names[3])):
            addMapping(family, bold, italic, name)
    return Fonts(SERIF, f"{SERIF}-Bold", f"{SERIF}-Italic", SANS, f"{SANS}-Bold")


def has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


def visual_arabic(text: str) -> str:
    """Arabic shaped and in visual order, for a renderer that draws left to right."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def rich(text: str, *, arabic_font: str = SANS) -> str:
    """Plain text as ReportLab paragraph markup: escaped, Arabic runs shaped in a font with
    Arabic glyphs. Everything else is left to the paragraph's own font."""
    if not has_arabic(text):
        return escape(text)
    out: list[str] = []
    last = 0
    for match in _ARABIC.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f'<font name="{arabic_font}">{escape(visual_arabic(match.group(0)))}</font>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def canvas_text(text: str) -> str:
    """Plain text for a canvas ``drawString`` call: Arabic shaped and reordered."""
    if not has_arabic(text):
        return text
    return _ARABIC.sub(lambda m: visual_arabic(m.group(0)), text)
