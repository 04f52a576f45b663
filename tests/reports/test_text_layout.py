"""text_layout on its own: the bidi order of runs, lines broken before reordering, cuts at
the logical end, brackets, and words longer than a line."""

from __future__ import annotations

import pytest

from planner.domain.text_direction import right_to_left
from planner.reports.fonts import SANS, SERIF, register_fonts
from planner.reports.text_layout import Span, fit_text, has_rtl, layout


@pytest.fixture(autouse=True)
def _fonts() -> None:
    register_fonts()


def _visual(line: object) -> list[str]:
    return [p.text.strip() for p in line.pieces if p.text.strip()]  # type: ignore[attr-defined]


def test_paragraph_direction_is_its_first_strong_letter() -> None:
    assert right_to_left("3 مرات") and not right_to_left("ACME: مرات")
    assert has_rtl("x שלום") and not has_rtl("Łódź 🤝")


def test_an_arabic_sentence_with_a_digit_and_a_latin_name_in_bidi_order() -> None:
    line = fit_text("يجتمع الفريق 3 مرات مع ACME (UK) اليوم", SERIF, 10, 0)
    assert line.rtl
    # Left to right on the page: the last words first, "ACME (UK)" kept whole, the digit
    # between the words it sits between.
    assert _visual(line) == ["اليوم", "ACME (UK)", "مرات مع", "3", "يجتمع الفريق"]
    assert line.logical == "يجتمع الفريق 3 مرات مع ACME (UK) اليوم"


def test_lines_break_in_logical_order_then_reorder() -> None:
    words = ["واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة",
             "عشرة", "أحد", "عشر"]
    lines = layout([Span(" ".join(words), SERIF, 10)], 120)
    assert len(lines) > 2
    # Read top to bottom, each line right to left: the words in the order written (a
    # paragraph reordered first and then broken would start its first line with "عشر").
    assert [w for line in lines for w in line.logical.split()] == words
    assert all(line.width <= 120 + 0.01 and line.rtl for line in lines)


def test_a_cut_keeps_the_logical_beginning_and_ends_in_an_ellipsis() -> None:
    title = "خطة الدعم الفني للمرحلة الأولى من مشروع المدارس الشريكة في المدينة"
    line = fit_text(title, SANS, 8, 80)
    assert line.width <= 80 and line.logical.endswith("…")
    assert title.startswith(line.logical[:-1].rstrip())
    # Drawn, the ellipsis is at the logical end: the left end of a right-to-left line
    # (the leftmost run, shaped right to left, ends with it).
    assert line.pieces[0].rtl and line.pieces[0].text.endswith("…")
    latin = fit_text("Engineering pathways with Harrowgate", SANS, 8, 60)
    assert latin.logical.startswith("Engineering") and latin.pieces[-1].text.endswith("…")


def test_bold_inside_arabic_stays_bold_and_in_place() -> None:
    spans = [Span("تقدم ", SERIF, 10), Span("دعم", f"{SERIF}-Bold", 10),
             Span(" المدارس", SERIF, 10)]
    line = layout(spans, 400)[0]
    faces = {p.text.strip(): p.font for p in line.pieces if p.text.strip()}
    assert faces["دعم"] == f"{SANS}-Bold" and faces["المدارس"] == SANS
    assert _visual(line) == ["المدارس", "دعم", "تقدم"]


def test_a_word_longer_than_the_line_is_cut_between_letters() -> None:
    lines = layout([Span("مرحبا " + "ب" * 200, SERIF, 9)], 150)
    assert all(line.width <= 150.01 for line in lines)
    assert "".join(line.logical.replace(" ", "") for line in lines) == "مرحبا" + "ب" * 200


def test_two_arabic_sentences_keep_their_order() -> None:
    """The first sentence written is read first: on the right."""
    line = fit_text("الجملة الأولى. الجملة الثانية.", SERIF, 10, 0)
    shown = " ".join(_visual(line))
    assert shown.index("الثانية") < shown.index("الأولى")
