"""Dates as the timeline shows them (ui layer, no Qt): "6 Dec 2026", and where a dragged
milestone lands against its due date."""

from __future__ import annotations

import datetime as dt

from planner.services.dashboard import fmt_date as medium  # "6 Dec 2026", as everywhere

__all__ = ["days_text", "medium", "slip_text"]


def days_text(days: int) -> str:
    return f"{abs(days)} day{'' if abs(days) == 1 else 's'}"


def slip_text(forecast: dt.date, due: dt.date | None) -> str:
    """"27 Mar 2026, 7 days past due": where a dragged milestone lands, against its due date."""
    text = medium(forecast)
    if due is None:
        return text
    if forecast > due:
        return f"{text}, {days_text((forecast - due).days)} past due"
    if forecast < due:
        return f"{text}, {days_text((due - forecast).days)} before due"
    return f"{text}, on the due date"
