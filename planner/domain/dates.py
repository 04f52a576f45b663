"""The interface's one way to write a date (domain layer): "6 Dec 2026".

Services (their validation messages) and the window (labels, date boxes) both write dates
with it, so a date reads the same wherever the user meets it; ISO ("2026-12-06") only in
files. Month names are English abbreviations, as in the rest of the program's words.
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QT_FORMAT = "d MMM yyyy"  # the same format, as Qt's date boxes write it


def day_text(day: dt.date | None, *, empty: str = "") -> str:
    """``6 Dec 2026`` (no leading zero); ``empty`` for no date."""
    if day is None:
        return empty
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
