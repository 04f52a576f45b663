"""The file names the program suggests for what it writes."""

from __future__ import annotations

import pytest

from planner.domain.file_names import file_stem


@pytest.mark.parametrize(("title", "stem"), [
    ("Protocol agreement – Riverbend & Oakfield", "protocol-agreement-riverbend-oakfield"),
    ("  Data: sharing / 2027 (v2)  ", "data-sharing-2027-v2"),
    ("Łódź Technikum __ partnership", "łódź-technikum-partnership"),
    ("مدرسة النور", "مدرسة-النور"),
    ("x'); DROP TABLE agreement;--", "x-drop-table-agreement"),
    ("🌱🤝", "agreement"),
    ("", "agreement"),
])
def test_a_title_becomes_one_hyphen_between_words(title: str, stem: str) -> None:
    assert file_stem(title, "agreement") == stem


def test_a_long_title_is_cut_after_a_whole_word() -> None:
    """The agreement "Partnership protocol: Engineering apprenticeships with Harrowgate"
    was offered as "partnership-protocol-engineering-apprenticeships-w-v1.pdf"."""
    stem = file_stem("word " * 30, "agreement", limit=12)
    assert stem == "word-word" and len(stem) <= 12
    assert file_stem("abcd efgh", "x", limit=5) == "abcd"
    assert file_stem("abcd efgh", "x", limit=4) == "abcd"
    assert file_stem("Partnership protocol: Engineering apprenticeships with Harrowgate",
                     "agreement") == "partnership-protocol-engineering-apprenticeships"
    assert file_stem("Supercalifragilistic", "x", limit=9) == "supercali"  # one long word
