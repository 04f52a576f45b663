"""A conflict area's next review cannot be set before the day it was identified (found in
the real program).

Typing "1 Jan 2026" as the next review of an area identified on 7 Dec 2026 was saved
without a word: the register then showed a review due before the area existed (and it
counted as overdue). Now the editor says why, and the saved date stays; the same for an
"Identified on" after the next review. On the sample plan made earlier and reopened.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QDate

from planner.services import conflicts as svc
from planner.services.changes import ValidationError
from planner.store.database import Store
from planner.ui.conflicts.view import ConflictsView
from planner.ui.shell.main_window import MainWindow


@pytest.fixture
def window(window_factory: Any, sample_store: Store) -> MainWindow:
    return window_factory(sample_store)  # type: ignore[no-any-return]


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_a_review_before_the_area_was_identified_is_refused(window: MainWindow) -> None:
    view = window.show_view("conflicts")
    assert isinstance(view, ConflictsView) and window.store is not None
    store: Store = window.store
    area = next(r for r in svc.register(store).rows if r.identified_on and r.next_review)
    assert area.identified_on is not None and area.next_review is not None
    view.select_area(area.id)
    steps = window.undo.count()
    too_early = area.identified_on - dt.timedelta(days=30)
    view.ui.nextReviewEdit.setDate(_qdate(too_early))
    assert "would come before the area was identified" in view.ui.errorLabel.text()
    assert svc.get_area(store, area.id).next_review == area.next_review
    assert view.ui.nextReviewEdit.date() == _qdate(area.next_review)  # the saved date
    too_late = area.next_review + dt.timedelta(days=1)
    if too_late <= dt.date.today():  # an identified-on date in the future is refused anyway
        view.ui.identifiedEdit.setDate(_qdate(too_late))
        assert "would come after the next review" in view.ui.errorLabel.text()
        assert svc.get_area(store, area.id).identified_on == area.identified_on
    # A later review is saved, one undo step.
    later = area.identified_on + dt.timedelta(days=10)
    view.ui.nextReviewEdit.setDate(_qdate(later))
    assert svc.get_area(store, area.id).next_review == later
    assert window.undo.count() == steps + 1


def test_the_service_refuses_it_whoever_asks(sample_store: Store) -> None:
    area = next(r for r in svc.register(sample_store).rows if r.identified_on)
    assert area.identified_on is not None
    with pytest.raises(ValidationError, match="before the area was identified"):
        svc.update_area(sample_store, area.id,
                        {"next_review": area.identified_on - dt.timedelta(days=1)})
