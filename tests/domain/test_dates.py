"""One way to write a date in the interface: "6 Dec 2026", in the window and in messages."""

from __future__ import annotations

import datetime as dt

from planner.domain.dates import day_text


def test_a_date_is_written_as_the_interface_writes_it() -> None:
    assert day_text(dt.date(2026, 12, 6)) == "6 Dec 2026"  # no leading zero
    assert day_text(dt.date(2027, 1, 31)) == "31 Jan 2027"
    assert day_text(None) == "" and day_text(None, empty="not set") == "not set"

