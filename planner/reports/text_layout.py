"""Right-to-left and mixed text for PDFs (reports layer): bidi, shaping, lines, truncation.

ReportLab lays text out left to right and does not reorder it, so text with Arabic or Hebrew
is laid out here, as a reader expects it:

- the Unicode Bidirectional Algorithm runs over each *paragraph*, which takes its direction
  from its first strong letter (an Arabic sentence is right-to-left even when it starts with
  a digit or a Latin name);
- lines are broken in *logical* order first, then each line is reordered on its own (UAX #9
  rules L1–L2), so a wrapped Arabic paragraph reads top to bottom, right to left;
- every run of one level and one face is shaped by HarfBuzz (``uharfbuzz``, through the face
  ReportLab embeds) with its own direction: joined letters, ligatures, mirrored brackets;
- a line cut to fit keeps its logical *beginning* and ends in "…" at its logical end (the
  left, in an Arabic line);
- each drawn line carries its logical text as ``/ActualText``, so copying, searching and
  text extraction give "دعم", not presentation forms in visual order.

Text without right-to-left letters never comes here: ReportLab's own Paragraph and
drawString are faster and already right for it. ReportLab is imported inside functions.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.domain.text_direction import right_to_left
from planner.reports.fonts import GLYPH_TEXT, SANS, SYMBOLS

ELLIPSIS = "…"
MARK_ACTUAL_TEXT = False
# Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo, their presentation forms).
_RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
# Invisible characters no face draws: bidi controls, joiners, variation selectors. They take
# part in the algorithm but are not drawn.
_HIDDEN = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                    "\u2066\u2067\u2068\u2069\ufe0e\ufe0f")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (only then is this module needed)."""
    return _RTL.search(text) is not None


@dataclass(frozen=True)
class Span:
    """A piece of logical text in one style. ``colour`` None: the canvas's current fill."""

    text: str
    font: str
    size: float
    colour: Any = None
    link: str | None = None


@dataclass
class Piece:
    """A drawn run: one face, one direction, shaped, in the line's visual order."""

    text: str  # logical text of the run
    font: str
    size: float
    colour: Any
    rtl: bool
    shaped: Any  # a ReportLab ShapedStr (glyphs in visual order)
    width: float


@dataclass
class Line:
    """One laid-out line: pieces left to right, and the logical text it shows."""

    pieces: list[Piece]
    logical: str
    rtl: bool  # the paragraph's direction (where the line is aligned)
    width: float = 0.0
    ascent: float = 0.0
    size: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- faces


@functools.cache
def _charset(font: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def face_for(char: str, font: str) -> str:
    """The face that draws ``char`` when the paragraph's face is ``font``: the face itself
    when it has the character, else DejaVu Sans (Arabic, Hebrew) in the same weight, else
    Symbola (emoji)."""
    code = ord(char)
    if code < 0x250 or char.isspace() or code in _charset(font):
        return font
    bold = "Bold" in font
    for candidate in ((f"{SANS}-Bold", SANS) if bold else (SANS,)):
        if code in _charset(candidate):
            return candidate
    if code in _charset(SYMBOLS):
        return SYMBOLS
    return font


# --------------------------------------------------------------------------- bidi


def _levels(text: str, rtl: bool) -> list[int]:
    """Each character's resolved embedding level (UAX #9 up to rule I2)."""
    if not has_rtl(text) and not rtl:
        return [0] * len(text)
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [storage["base_level"]] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    _pair_brackets(text, levels)
    return levels


_OPENING = {"(": ")", "[": "]", "{": "}"}


def _pair_brackets(text: str, levels: list[int]) -> None:
    """Both brackets of a pair on one level (the higher), so "(ACME)" in an Arabic sentence
    stays "(ACME)" (a simplified rule N0 of UAX #9, which python-bidi predates)."""
    stack: list[tuple[str, int]] = []
    for i, char in enumerate(text):
        if char in _OPENING:
            stack.append((_OPENING[char], i))
        elif stack and char == stack[-1][0]:
            _, j = stack.pop()
            levels[i] = levels[j] = max(levels[i], levels[j])


def _visual_order(levels: Sequence[int]) -> list[int]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every run at
    that level or higher. Returns indices into ``levels`` in visual order."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


# --------------------------------------------------------------------------- shaping


@functools.lru_cache(maxsize=20000)
def _shape(text: str, font: str, rtl: bool) -> tuple[Any, float]:
    """``text`` shaped by HarfBuzz in ``font`` with the given direction: a ShapedStr whose
    glyphs are in visual order, and its advance in thousandths of the font size."""
    import uharfbuzz as hb
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

    ttf = pdfmetrics.getFont(font)
    hb_font = ttf.hbFont(10)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.guess_segment_properties()
    hb.shape(hb_font, buf, {"kern": True, "liga": True})
    chars: list[str] = []
    data = []
    total = 0.0
    glyph_to_char = ttf.face.glyphToChar
    widths = ttf.face.charWidths
    infos = buf.glyph_infos
    starts = sorted({info.cluster for info in infos} | {len(text)})
    ends = dict(itertools.pairwise(starts))
    for info, pos in zip(infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        try:
            code = glyph_to_char[gid][0]
        except (KeyError, IndexError):
            code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, pos.x_advance)
            # A glyph with no character of its own reads back as the text it draws.
            GLYPH_TEXT.setdefault(code, text[info.cluster:ends.get(info.cluster, len(text))])
        advance = ttf.pdfScale(pos.x_advance)
        data.append(ShapeData(info.cluster, advance, ttf.pdfScale(pos.y_advance),
                              ttf.pdfScale(pos.x_offset), ttf.pdfScale(pos.y_offset),
                              widths[code]))
        chars.append(chr(code))
        total += advance
    glyphs = "".join(chars)
    if all(d.x_offset == 0 and d.y_offset == 0 and abs(d.x_advance - d.width) < 1e-6
           for d in data):
        # Nothing moved from where the glyphs' own widths put them (most Arabic in DejaVu):
        # a plain string of the glyphs draws the same, several times faster.
        return glyphs, total
    return ShapedStr(glyphs, shapeData=data), total


def _piece(text: str, font: str, size: float, colour: Any, rtl: bool) -> Piece:
    if not rtl and _simple(text):
        # Latin, Greek, Cyrillic without combining marks: each character is its glyph, as
        # ReportLab draws it (no ligatures to search around), without the shaper's cost.
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return Piece(text, font, size, colour, rtl, text, stringWidth(text, font, size))
    shaped, advance = _shape(text, font, rtl)
    return Piece(text, font, size, colour, rtl, shaped, advance * size / 1000.0)


@functools.lru_cache(maxsize=20000)
def _simple(text: str) -> bool:
    return all(ord(c) < 0x0590 and not unicodedata.combining(c) for c in text)


# --------------------------------------------------------------------------- lines


@dataclass
class _Para:
    """A paragraph as characters with their style, face and level."""

    text: str
    styles: list[Span]  # per character
    faces: list[str]
    levels: list[int]
    rtl: bool


def _prepare(spans: Sequence[Span], rtl: bool | None) -> _Para:
    text = "".join(s.text for s in spans)
    styles = [s for s in spans for _ in s.text]
    faces = [face_for(c, s.font) for c, s in zip(text, styles, strict=True)]
    # A space stays in the face of the letters before it: "ليلى حداد" is one shaped run, and
    # one string for a reader that reverses right-to-left runs it finds in a PDF.
    for i in range(1, len(text)):
        if text[i] == " " and styles[i] is styles[i - 1] and 32 in _charset(faces[i - 1]):
            faces[i] = faces[i - 1]
    direction = right_to_left(text) if rtl is None else rtl
    return _Para(text, styles, faces, _levels(text, direction), direction)


def _line(para: _Para, start: int, end: int, tail: Span | None = None) -> Line:
    """Characters ``start:end`` of the paragraph as one visual line (rules L1–L2), with an
    optional ``tail`` (the ellipsis) at the logical end."""
    text = para.text[start:end]
    styles = para.styles[start:end]
    faces = para.faces[start:end]
    levels = list(para.levels[start:end])
    base = 1 if para.rtl else 0
    if tail is not None:
        text += tail.text
        styles += [tail] * len(tail.text)
        faces += [face_for(c, tail.font) for c in tail.text]
        levels += [base] * len(tail.text)
    # L1: trailing white space takes the paragraph's level.
    k = len(text)
    while k > 0 and text[k - 1].isspace():
        k -= 1
        levels[k] = base
    # Runs of one level, face, size and colour, in logical order.
    runs: list[tuple[int, int]] = []
    for i in range(len(text)):
        if text[i] in _HIDDEN:
            continue
        key = (levels[i], faces[i], styles[i].size, styles[i].colour)
        if runs and runs[-1][1] == i:
            j0 = runs[-1][0]
            if (levels[j0], faces[j0], styles[j0].size, styles[j0].colour) == key:
                runs[-1] = (j0, i + 1)
                continue
        runs.append((i, i + 1))
    order = _visual_order([levels[a] for a, _ in runs])
    pieces = [_piece(text[a:b], faces[a], styles[a].size, styles[a].colour, levels[a] % 2 == 1)
              for a, b in (runs[n] for n in order)]
    size = max((s.size for s in styles), default=0.0)
    logical = "".join(c for c in text if c not in _HIDDEN)
    return Line(pieces, logical, para.rtl, sum(p.width for p in pieces), size * 0.8, size)


def _width_of(para: _Para, start: int, end: int) -> float:
    """Advance width of characters ``start:end`` (shaped per face and level run; a word's
    width does not depend on where its line ends)."""
    total = 0.0
    i = start
    while i < end:
        j = i + 1
        while (j < end and para.faces[j] == para.faces[i] and para.levels[j] == para.levels[i]
               and para.styles[j].size == para.styles[i].size):
            j += 1
        piece = _piece(para.text[i:j], para.faces[i], para.styles[i].size, None,
                       para.levels[i] % 2 == 1)
        total += piece.width
        i = j
    return total


def _words(text: str) -> list[tuple[int, int]]:
    """Break opportunities: each word with the spaces after it, as (start, end)."""
    return [m.span() for m in re.finditer(r"\S+\s*|\s+", text)]


def layout(spans: Sequence[Span], width: float, *, rtl: bool | None = None,
           first_indent: float = 0.0) -> list[Line]:
    """Lines of at most ``width`` points, broken in logical order, then each reordered.

    A newline starts a new paragraph, which finds its own direction unless ``rtl`` is given.
    """
    out: list[Line] = []
    for para_spans in _split_paragraphs(spans):
        para = _prepare(para_spans, rtl)
        n = len(para.text)
        line_start, used, room = 0, 0.0, width - first_indent

        def close(end: int, start: int, para: _Para = para) -> None:
            while end > start and para.text[end - 1].isspace():
                end -= 1
            out.append(_line(para, start, end))

        for a, b in _words(para.text):
            word_end = a + len(para.text[a:b].rstrip())
            w = _width_of(para, a, word_end)
            if a > line_start and used + w > room:
                close(a, line_start)
                line_start, used, room = a, 0.0, width
            # A word longer than the line is cut between characters.
            while w > room and word_end - line_start > 1:
                lo, hi = line_start + 1, word_end  # the longest piece that fits (>= 1 char)
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if _width_of(para, line_start, mid) <= room:
                        lo = mid
                    else:
                        hi = mid - 1
                cut = lo
                close(cut, line_start)
                line_start, room = cut, width
                w = _width_of(para, line_start, word_end)
            used += _width_of(para, max(a, line_start), b)
        if line_start < n or n == 0:
            close(n, line_start)
        out[-1].extra["last"] = True  # a paragraph's last line is never justified
    return out


def _split_paragraphs(spans: Sequence[Span]) -> list[list[Span]]:
    paras: list[list[Span]] = [[]]
    for span in spans:
        parts = span.text.split("\n")
        for n, part in enumerate(parts):
            if n:
                paras.append([])
            if part or not paras[-1]:
                paras[-1].append(Span(part, span.font, span.size, span.colour, span.link))
    return paras


def fit(spans: Sequence[Span], width: float, *, rtl: bool | None = None,
        words: bool = False) -> Line:
    """One line of at most ``width`` points (``width`` <= 0: no limit): the logical
    beginning of the text, ending in "…" at its logical end when cut; ``words``: cut
    after a whole word where one fits ("Partnership protocol: Engineering…", not
    "…Engineering appren…")."""
    flat = [Span(s.text.replace("\n", " "), s.font, s.size, s.colour) for s in spans]
    para = _prepare(flat, rtl)
    whole = _line(para, 0, len(para.text))
    if width <= 0 or whole.width <= width:
        return whole
    last = flat[-1] if flat else Span("", SANS, 8)
    tail = Span(ELLIPSIS, last.font, last.size, last.colour)
    lo, hi = 0, len(para.text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _line(para, 0, mid, tail).width <= width:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return Line([], "", para.rtl)
    # Cut at the end of a character, not inside trailing spaces.
    end = lo
    if words and end < len(para.text) and not para.text[end].isspace():
        end = max(para.text.rfind(" ", 0, end), 0) or end
    while end > 0 and para.text[end - 1].isspace():
        end -= 1
    return _line(para, 0, end, tail)


def fit_text(text: str, font: str, size: float, width: float, *, colour: Any = None,
             rtl: bool | None = None, words: bool = False) -> Line:
    return fit([Span(text, font, size, colour)], width, rtl=rtl, words=words)


# --------------------------------------------------------------------------- drawing


def actual_text(text: str) -> str:
    """``text`` as a PDF text string (UTF-16BE with its byte order mark, in hex)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw_line(canvas: Any, x: float, y: float, line: Line, word_space: float = 0.0) -> None:
    """Draw ``line`` with its left end at ``x`` and baseline at ``y``; ``word_space``
    widens every space (justified text)."""
    if not line.pieces:
        return
    code = canvas._code
    marked = MARK_ACTUAL_TEXT and not any(p.rtl for p in line.pieces)
    if marked:
        code.append(f"/Span <</ActualText {actual_text(line.logical)}>> BDC")
    text = canvas.beginText(x, y)
    if word_space:
        text.setWordSpace(word_space)  # Tw: applies to the space (code 32 in every subset)
    cursor = x
    colour = None
    for piece in line.pieces:
        if piece.colour is not None and piece.colour != colour:
            text.setFillColor(piece.colour)
            colour = piece.colour
        text.setTextOrigin(cursor, y)
        text.setFont(piece.font, piece.size)
        text.textOut(piece.shaped)
        cursor += piece.width + (piece.text.count(" ") * word_space if word_space else 0.0)
    if word_space:
        text.setWordSpace(0)
    canvas.drawText(text)
    if marked:
        code.append("EMC")


def draw_fitted(canvas: Any, x: float, y: float, text: str, font: str, size: float, *,
                width: float = 0.0, align: str = "left", rtl: bool | None = None,
                words: bool = False) -> float:
    """One line of ``text`` cut to ``width`` (0: no limit; ``words``: after a whole word),
    drawn from ``x`` (``align`` "right": ``x`` is the right end). ``rtl`` sets the line's
    direction (None: its first letter's). Returns the width drawn. (The fonts are
    registered by the caller.)"""
    line = fit_text(text, font, size, width, rtl=rtl, words=words)
    if align == "right":
        x -= line.width
    draw_line(canvas, x, y, line)
    return line.width


# --------------------------------------------------------------------------- flowable


def paragraph(markup: str, style: Any, bulletText: str | None = None, *,
              rtl: bool | None = None) -> Any:
    """A ReportLab Paragraph, or, when the text has right-to-left letters, a flowable that
    lays it out properly (same markup: <b>, <i>, <font>, <br/>). ``rtl`` False: the program's
    own sentences, left to right even when a quoted name comes first; None: its letters."""
    from reportlab.platypus import Paragraph

    if not has_rtl(markup):
        return Paragraph(markup, style, bulletText=bulletText)
    return bidi_paragraph_class()(markup, style, bulletText, rtl=rtl)


def spans_of(markup: str, style: Any) -> list[Span]:
    """ReportLab markup parsed into logical spans (ReportLab's own parser: same markup)."""
    from reportlab.platypus.paraparser import ParaParser

    parsed = ParaParser().parse(markup, style)
    if parsed is None or parsed[1] is None:
        from xml.sax.saxutils import unescape

        return [Span(unescape(re.sub(r"<[^>]+>", "", markup)), style.fontName,
                     style.fontSize, style.textColor)]
    spans = []
    for frag in parsed[1]:
        if getattr(frag, "lineBreak", False):
            spans.append(Span("\n", frag.fontName, frag.fontSize, frag.textColor))
            continue
        spans.append(Span(frag.text, frag.fontName, frag.fontSize, frag.textColor,
                          getattr(frag, "link", None) or None))
    return spans


@functools.cache
def bidi_paragraph_class() -> type:
    """The flowable for paragraphs with right-to-left text, made on first use."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.platypus import Flowable

    class BidiParagraph(Flowable):
        """A paragraph laid out by ``layout``: a right-to-left paragraph aligns right."""

        def __init__(self, markup: str, style: Any, bulletText: str | None = None,
                     lines: list[Line] | None = None, rtl: bool | None = None) -> None:
            super().__init__()
            self.rtl = rtl
            self.markup = markup
            self.style = style
            self.bulletText = bulletText
            self.lines = lines
            self.spans = spans_of(markup, style)
            self._width = 0.0

        def _layout(self, width: float) -> list[Line]:
            inner = width - self.style.leftIndent - self.style.rightIndent
            return layout(self.spans, max(10.0, inner), rtl=self.rtl)

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            if self.lines is None or self._width != avail_width:
                self.lines = self._layout(avail_width)
                self._width = avail_width
            self.width = avail_width
            self.height = len(self.lines) * self.style.leading
            return avail_width, self.height

        def minWidth(self) -> float:
            widest = 0.0
            for word in re.findall(r"\S+", "".join(s.text for s in self.spans)):
                widest = max(widest, fit_text(word, self.style.fontName,
                                              self.style.fontSize, 0).width)
            return widest + self.style.leftIndent + self.style.rightIndent

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            self.wrap(avail_width, avail_height)
            assert self.lines is not None
            fits = int(avail_height // self.style.leading)
            if fits <= 0 or fits >= len(self.lines):
                return [] if fits <= 0 else [self]
            cls = type(self)
            first = cls(self.markup, self.style, self.bulletText, self.lines[:fits], self.rtl)
            rest = cls(self.markup, self.style, None, self.lines[fits:], self.rtl)
            first._width = rest._width = avail_width
            first.spaceAfter_ = 0
            rest.spaceBefore_ = 0
            return [first, rest]

        def getSpaceBefore(self) -> float:
            return float(getattr(self, "spaceBefore_", self.style.spaceBefore))

        def getSpaceAfter(self) -> float:
            return float(getattr(self, "spaceAfter_", self.style.spaceAfter))

        def getKeepWithNext(self) -> bool:
            return bool(getattr(self.style, "keepWithNext", False))

        def draw(self) -> None:
            assert self.lines is not None
            c = self.canv
            st = self.style
            left, right = st.leftIndent, self.width - st.rightIndent
            y = self.height - st.leading + (st.leading - st.fontSize) / 2 + st.fontSize * 0.2
            c.saveState()
            c.setFillColor(st.textColor)
            if self.bulletText:
                rtl = bool(self.lines and self.lines[0].rtl)
                bullet = fit_text(self.bulletText, getattr(st, "bulletFontName", st.fontName)
                                  or st.fontName, st.fontSize, 0)
                bx = (self.width - st.bulletIndent - bullet.width) if rtl else st.bulletIndent
                draw_line(c, bx, y, bullet)
            for line in self.lines:
                spaces = sum(p.text.count(" ") for p in line.pieces)
                word_space = 0.0
                if st.alignment == TA_JUSTIFY and spaces and not line.extra.get("last"):
                    # Justified, right to left as left to right: the spaces take up the
                    # slack, so both edges are straight.
                    word_space = max(0.0, (right - left - line.width) / spaces)
                    x = left
                elif st.alignment == TA_CENTER:
                    x = left + (right - left - line.width) / 2
                elif line.rtl or st.alignment == TA_RIGHT:
                    x = right - line.width
                else:
                    x = left
                draw_line(c, x, y, line, word_space)
                y -= st.leading
            c.restoreState()

    return BidiParagraph
