"""Input checks shared by every service (services layer); each failure names its field."""

from __future__ import annotations

import datetime as dt

from planner.domain.dates import day_text
from planner.services.changes import ValidationError

NAME_MAX = 200
# A plan's dates fall within these years; a date far outside them is a slip of the keyboard
# (a year 9999 squeezed a chart into one pixel and broke the calendar export).
FIRST_YEAR, LAST_YEAR = 1900, 2199
TEXT_MAX = 2_000_000  # long texts (rationales, clauses) may run to a couple of megabytes


def text(value: object, label: str, *, field: str = "", required: bool = False,
         max_len: int = TEXT_MAX) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{label} must be text.", field)
    if "\x00" in value:
        raise ValidationError(f"{label} contains a NUL character, which cannot be saved.", field)
    cleaned = value.strip() if max_len <= NAME_MAX else value
    if required and not cleaned.strip():
        raise ValidationError(f"{label} cannot be empty.", field)
    if len(cleaned) > max_len:
        raise ValidationError(
            f"{label} is too long ({len(cleaned):,} characters; the limit is {max_len:,}).", field)
    return cleaned


def name(value: object, label: str, *, field: str = "") -> str:
    return text(value, label, field=field, required=True, max_len=NAME_MAX)


def number(value: object, label: str, *, field: str = "", low: float | None = None,
           high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"{label} must be a number.", field)
    if value != value:  # NaN
        raise ValidationError(f"{label} must be a number.", field)
    if low is not None and value < low:
        raise ValidationError(f"{label} cannot be less than {low:g}.", field)
    if high is not None and value > high:
        raise ValidationError(f"{label} cannot be more than {high:g}.", field)
    return float(value)


def integer(value: object, label: str, *, field: str = "", low: int | None = None,
            high: int | None = None) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{label} must be a whole number.", field)
    number(value, label, field=field, low=low, high=high)
    return value


def text_list(values: object, label: str, *, field: str = "") -> list[str]:
    if not isinstance(values, (list, tuple)):
        raise ValidationError(f"{label} must be a list.", field)
    cleaned = [text(v, label, field=field, max_len=NAME_MAX * 5).strip() for v in values]
    if any(not v for v in cleaned):
        raise ValidationError(f"{label}: an entry cannot be empty.", field)
    lowered = [v.casefold() for v in cleaned]
    duplicates = sorted({v for v in cleaned if lowered.count(v.casefold()) > 1})
    if duplicates:
        raise ValidationError(f"{label}: “{duplicates[0]}” appears twice.", field)
    return cleaned


def date_order(start: dt.date | None, end: dt.date | None, what: str, *,
               field: str = "", names: tuple[str, str] = ("the start", "the end")) -> None:
    """A start after its end refused; ``names``: the two dates as the form calls them."""
    if start is not None and end is not None and start > end:
        raise ValidationError(f"{what}: {names[0]} ({day_text(start)}) is after {names[1]} "
                              f"({day_text(end)}).", field)


def date(value: object, label: str, *, field: str = "", required: bool = False) -> dt.date | None:
    """A calendar date from a date or an ISO text ("2026-03-31"); None when empty."""
    if value is None or value == "":
        if required:
            raise ValidationError(f"{label} is required.", field)
        return None
    if isinstance(value, dt.datetime):
        raise ValidationError(f"{label} must be a calendar date, not a time.", field)
    if isinstance(value, str):
        typed = value
        try:
            value = dt.date.fromisoformat(typed.strip())
        except ValueError:
            raise ValidationError(
                f"{label} must be a date written like 2026-03-31; “{typed[:40]}” is not a date.",
                field) from None
    if not isinstance(value, dt.date):
        raise ValidationError(f"{label} must be a date.", field)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            f"{label} ({day_text(value)}) is outside the years "
            f"{FIRST_YEAR}–{LAST_YEAR}; check the year.", field)
    return value
