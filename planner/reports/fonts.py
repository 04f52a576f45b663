"""Fonts for PDFs (reports layer): the bundled DejaVu families and text ready for ReportLab.

ReportLab's built-in Helvetica has no glyphs for Ł, ż, Cyrillic or accented Greek, and the
text is lost, not just drawn badly. So every PDF uses the DejaVu TTFs shipped in
``resources/fonts`` (licence beside them), registered as families so ``<b>`` and ``<i>``
pick the right faces. DejaVu Serif has no Arabic or Hebrew: such runs are set in DejaVu
Sans, which has the glyphs; ``text_layout`` orders and shapes them.
Characters neither DejaVu face has (most emoji: a 🤝 in a partnership's name) are set in
Symbola, a monochrome symbol font, instead of printing as empty boxes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

SERIF = "PP-Serif"
SANS = "PP-Sans"
SYMBOLS = "PP-Symbols"
SYMBOLS_FILE = "Symbola.ttf"
# Invisible joiners and emoji/text presentation selectors: no face draws them, and a PDF
# has no colour emoji to select, so they are left out rather than drawn as boxes.
_INVISIBLE = dict.fromkeys(map(ord, "\u200d\ufe0e\ufe0f"))
_PLAIN = re.compile(r"[\u0000-\u024f]*")

_FACES = {
    SERIF: ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
            "DejaVuSerif-BoldItalic.ttf"),
    SANS: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
           "DejaVuSans-BoldOblique.ttf"),
}

# Right-to-left letters (Hebrew, Arabic and their presentation forms).
_RTL_LETTER = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")


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

    folder = folder or fonts_dir()
    registered = set(pdfmetrics.getRegisteredFontNames())
    for family, files in _FACES.items():
        names = (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic")
        for name, file in zip(names, files, strict=True):
            if name in registered:
                continue
            _register(name, folder / file)
        for bold, italic, name in ((0, 0, names[0]), (1, 0, names[1]), (0, 1, names[2]),
                                   (1, 1, names[3])):
            addMapping(family, bold, italic, name)
    _mend_to_unicode()
    if SYMBOLS not in registered:
        _register(SYMBOLS, folder / SYMBOLS_FILE)
        for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):  # one face for <b>/<i> too
            addMapping(SYMBOLS, bold, italic, SYMBOLS)
        _coverage.cache_clear()
        _serif_chars.cache_clear()
    return Fonts(SERIF, f"{SERIF}-Bold", f"{SERIF}-Italic", SANS, f"{SANS}-Bold")


def _register(name: str, path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except (OSError, TTFError) as exc:
        raise FontError(f"The font {path} is missing or damaged ({exc}); "
                        "reinstall Partnership Planner.") from exc


def _mend_to_unicode() -> None:
    """ReportLab writes a character beyond U+FFFF (an emoji) into a font's ToUnicode map as
    five hex digits, which PDF readers reject: the emoji then drew but could not be copied,
    searched or read back. The map's values are UTF-16BE, so such a character is written as
    its surrogate pair."""
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.makeToUnicodeCMap, "_planner", False) == 2:
        return
    original = ttfonts.makeToUnicodeCMap

    def make(fontname: str, subset: list[int]) -> str:
        cmap: str = original(fontname, subset)
        for code in subset:
            text = GLYPH_TEXT.get(code)
            if text is None and (0xFB00 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF):
                # A shaped glyph (an Arabic joined form, a Latin "fi" ligature): its
                # letters, so that copying and searching find "دعم" and "Northfield".
                text = unicodedata.normalize("NFKC", chr(code))
            if code > 0xFFFF or text is not None:
                pair = (text or chr(code)).encode("utf-16-be").hex().upper()
                cmap = cmap.replace(f"> <{code:04X}>\n", f"> <{pair}>\n")
        return cmap

    make._planner = 2  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make


# What a shaped glyph without a character of its own stands for (its private-use code, given
# by the shaper, to the text of its cluster), for the fonts' ToUnicode maps.
GLYPH_TEXT: dict[int, str] = {}


@functools.cache
def _coverage() -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """The code points DejaVu Serif, DejaVu Sans and Symbola draw (after register_fonts)."""
    from reportlab.pdfbase import pdfmetrics

    def of(name: str) -> frozenset[int]:
        return frozenset(pdfmetrics.getFont(name).face.charToGlyph)

    return of(SERIF), of(SANS), of(SYMBOLS)


@functools.cache
def _serif_chars() -> frozenset[str]:
    return frozenset(map(chr, _coverage()[0]))


def _fallback_font(char: str) -> str | None:
    """The face to set ``char`` in when a paragraph's DejaVu face may lack it (None: any
    DejaVu face will do, or no bundled face has it)."""
    serif, sans, symbols = _coverage()
    code = ord(char)
    if code in serif or code < 0x250:
        return None
    if code in sans:
        return SANS
    return SYMBOLS if code in symbols else None


def _runs(text: str) -> list[tuple[str, str | None]]:
    """``text`` cut into runs, each with the face it needs (None: the text's own face)."""
    text = text.translate(_INVISIBLE)
    if _PLAIN.fullmatch(text) or _serif_chars() >= set(text):  # the common case, fast
        return [(text, None)]
    out: list[tuple[str, str | None]] = []
    run: list[str] = []
    face: str | None = None
    for char in text:
        # A space stays with the run it is in: "ليلى حداد" is one string, as a reader
        # (and a copy and paste) expects.
        wanted = face if char.isspace() and run else _fallback_font(char)
        if wanted != face and run:
            out.append(("".join(run), face))
            run = []
        face = wanted
        run.append(char)
    if run:
        out.append(("".join(run), face))
    return out


def _with_fallbacks(text: str) -> str:
    """Escaped markup with each run of characters the paragraph's face lacks in a face
    that has them."""
    return "".join(escape(run) if face is None else f'<font name="{face}">{escape(run)}</font>'
                   for run, face in _runs(text))


def rich(text: str, *, arabic_font: str = SANS) -> str:
    """Plain text as ReportLab paragraph markup, in logical order: escaped, characters the
    paragraph's face lacks (Arabic, Hebrew, emoji) in a face that has them. A paragraph with
    right-to-left letters is laid out by ``text_layout.paragraph`` (bidi and shaping)."""
    del arabic_font  # the face is chosen per character (DejaVu Sans has Arabic)
    if _RTL_LETTER.search(text):
        # text_layout lays this paragraph out and picks each character's face itself, in
        # the weight of the run: a <font> tag here would undo a surrounding <b>.
        return "".join(escape(run) if face != SYMBOLS else
                       f'<font name="{face}">{escape(run)}</font>' for run, face in _runs(text))
    return _with_fallbacks(text)
