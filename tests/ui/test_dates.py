"""Date boxes (issue 17): one format ("6 Dec 2026"); an empty date's calendar opens at
today; typing into "not set" gives a date, not "noneFri29Jan2027"; a clear button."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateEdit

from planner.store.database import Store
from planner.ui.shell.dates import improve, is_empty


def _optional_date(qtbot: Any) -> QDateEdit:
    edit = QDateEdit()
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setSpecialValueText("not set")
    edit.setDate(edit.minimumDate())
    improve(edit)
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    edit.setFocus()
    return edit


def test_typing_into_an_empty_date_gives_a_date(qtbot: Any) -> None:
    edit = _optional_date(qtbot)
    assert edit.text() == "not set"
    QTest.keyClicks(edit, "12")
    today = QDate.currentDate()
    assert edit.date() == QDate(today.year(), today.month(), 12)
    assert edit.text() == f"12 {edit.date().toString('MMM')} {today.year()}"
    assert "not" not in edit.text()


def test_an_empty_dates_calendar_opens_at_today_and_the_clear_button_empties(
        qtbot: Any) -> None:
    edit = _optional_date(qtbot)
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 8,
                                                                edit.height() // 2))
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    calendar.window().hide()
    edit.setDate(QDate(2027, 1, 29))
    assert edit.text() == "29 Jan 2027"
    clear = next(a for a in edit.actions() if a.text() == "Clear the date")
    clear.trigger()
    assert is_empty(edit) and edit.text() == "not set"


def test_every_date_box_in_the_views_shows_one_format(window_factory: Any,
                                                      sample_store: Store) -> None:
    window = window_factory(sample_store)
    formats = set()
    for name in ("agreements", "conflicts", "screening"):
        view = window.show_view(name)
        formats |= {e.displayFormat() for e in view.findChildren(QDateEdit)}
    assert formats == {"d MMM yyyy"}


def test_over_time_months_carry_their_year() -> None:
    import datetime as dt

    from planner.ui.conflicts.heat_map import month_label

    assert month_label(dt.date(2026, 12, 31), 3, 80) == "Dec 2026"
    assert month_label(dt.date(2026, 11, 30), 0, 30) == "Nov ’26"  # narrow: the first bar
    assert month_label(dt.date(2027, 1, 31), 2, 30) == "Jan ’27"  # and each January
    assert month_label(dt.date(2026, 12, 31), 1, 30) == "Dec"


def test_a_set_date_is_never_cut_under_its_clear_button(window_factory: Any,
                                                        sample_store: Store, qtbot: Any) -> None:
    """At 1024×768 the agreement's "Review by" read "5 Jan 202" under the clear button;
    the button shows only where it can clear something (a set date in an editable box)."""
    from PySide6.QtWidgets import QToolButton

    window = window_factory(sample_store)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    checked = 0
    for name in ("agreements", "conflicts", "screening"):
        view = window.show_view(name)
        qtbot.wait(50)
        for edit in view.findChildren(QDateEdit):
            line = edit.lineEdit()
            if not edit.isVisible() or not edit.specialValueText():
                continue
            buttons = [b for b in line.findChildren(QToolButton) if b.isVisible()]
            if is_empty(edit) or not edit.isEnabled():
                assert buttons == [], f"{edit.objectName()}: a clear button with nothing to clear"
                continue
            edit.setDate(QDate(2028, 12, 30))  # about the widest date there is
            qtbot.wait(10)
            buttons = [b for b in line.findChildren(QToolButton) if b.isVisible()]
            assert buttons, edit.objectName()
            text_ends = line.textMargins().left() + 4 + \
                line.fontMetrics().horizontalAdvance(line.text())
            assert text_ends <= min(b.x() for b in buttons), \
                f"{name}: {edit.objectName()} '{line.text()}' runs under its clear button"
            checked += 1
    assert checked >= 2


def test_a_date_box_and_a_message_write_the_date_alike(qtbot: Any) -> None:
    """The box shows what the services' messages say ("6 Dec 2026", no leading zero)."""
    import datetime as dt

    from planner.domain.dates import day_text
    from planner.ui.shell import dates

    box = QDateEdit(QDate(2026, 12, 6))
    qtbot.addWidget(box)
    improve(box)
    assert box.text() == dates.day_text(dt.date(2026, 12, 6)) == day_text(
        dt.date(2026, 12, 6)) == "6 Dec 2026"


@pytest.mark.parametrize(("start", "keys", "expected"), [
    # Qt moved on to the month by itself after "26", and the space then skipped it.
    (None, "26 Mar 2027", QDate(2027, 3, 26)),
    (None, "3 May 2027", QDate(2027, 5, 3)),
    # Over a whole date selected (Ctrl+A, a double-click) the day's digits were refused.
    (QDate(2026, 12, 20), "^26 Mar 2027", QDate(2027, 3, 26)),
    (QDate(2026, 12, 20), "^5 January 2028", QDate(2028, 1, 5)),
])
def test_a_whole_date_typed_is_the_date_kept(qtbot: Any, start: QDate | None, keys: str,
                                             expected: QDate) -> None:
    edit = _optional_date(qtbot)
    if start is not None:
        edit.setDate(start)
    if keys.startswith("^"):
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        keys = keys[1:]
    QTest.keyClicks(edit, keys)
    assert edit.date() == expected, edit.text()


def test_a_date_typed_in_the_window_is_the_date_saved(window_factory: Any,
                                                      sample_store: Store) -> None:
    """Typing "26 Mar 2027" over the sample agreement's "Review by" (all of it selected)
    saved 26 Mar with the day it had before (seen in the real program, in the milestone
    dialog: 20 Mar 2027); the plan reopened says 26 Mar 2027."""
    import datetime as dt

    from planner.services import agreements as ag

    window = window_factory(sample_store)
    view = window.show_view("agreements")
    edit = view.date_edits["review_on"]
    assert edit.isEnabled() and not is_empty(edit) and edit.date().day() != 26
    agreement = view.agreement_id
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(edit, "26 Mar 2027")
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    path = sample_store.path
    assert path is not None
    window.close_plan()
    with Store.open(path) as again:
        assert ag.get_agreement(again, agreement).review_on == dt.date(2027, 3, 26)
