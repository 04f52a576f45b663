"""File names the program suggests (domain layer): a title made safe to save under."""

from __future__ import annotations

import re


def file_stem(title: str, fallback: str, limit: int = 50) -> str:
    """``title`` as a file name's stem: lower case, letters and digits of any script kept,
    every run of anything else one hyphen ("Riverbend – Oakfield: 2027" gives
    "riverbend-oakfield-2027"); ``fallback`` when nothing is left. A long title is cut
    after its last whole word ("…-apprenticeships", not "…-apprenticeships-w"); a first
    word longer than ``limit`` is cut where it must be."""
    whole = re.sub(r"[\W_]+", "-", title.casefold()).strip("-")
    stem = whole[:limit]
    if len(whole) > limit and whole[limit] != "-" and "-" in stem:
        stem = stem.rsplit("-", 1)[0]
    return stem.strip("-") or fallback
