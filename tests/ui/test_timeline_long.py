"""The Timeline view of a long plan (issue 22): it opens folded and reads only what it shows.

The plan is the benchmark's generated one (the sample plus 1,000 milestones), made earlier
and reopened; the fold threshold is lowered to 500 so that it counts as long. Its chart and
panel are compared with the plain view's, which reads every milestone.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QFontMetrics, QUndoStack
from PySide6.QtWidgets import QApplication

from bench import _scale_plan
from planner.services import timeline_scope
from planner.store.database import Store
from planner.ui.shell.context import AppEvents, ViewContext
from planner.ui.shell.settings import Settings
from planner.ui.timeline.view import TimelineView

TODAY = _scale_plan.DAY



@pytest.fixture
def open_view(qtbot: Any, long_plan: Path, tmp_path: Path
              ) -> Iterator[Callable[[int], TimelineView]]:
    """A Timeline view on a copy of the long plan, reopened, folding above ``fold_above``."""
    from planner.store.engine import sqlite_backup

    sqlite_backup(long_plan, tmp_path / "plan.sqlite")
    store = Store.open(tmp_path / "plan.sqlite")
    made: list[TimelineView] = []

    def make(fold_above: int) -> TimelineView:
        settings = Settings(QSettings(str(tmp_path / f"s{len(made)}.ini"),
                                      QSettings.Format.IniFormat))
        ctx = ViewContext(store, QUndoStack(), AppEvents(), settings)
        widget = TimelineView(ctx)
        ctx.events.changed.connect(widget.refresh)
        widget.today = TODAY
        qtbot.addWidget(widget)
        widget.resize(1300, 700)
        widget.show()
        qtbot.waitExposed(widget)
        widget.reads.fold_above = fold_above
        widget.reload(keep_view=False)
        made.append(widget)
        return widget

    yield make
    store.close()


def _rows(widget: TimelineView) -> list[tuple[str, str, int, bool]]:
    assert widget.layout_ is not None
    return [(r.kind, r.label, r.count, r.collapsed) for r in widget.layout_.rows]


def _bites(widget: TimelineView) -> list[str]:
    return [widget.bites.item(k).text() for k in range(widget.bites.count())]


def _same_panel(fast: TimelineView, plain: TimelineView) -> None:
    assert _bites(fast) == _bites(plain) and len(_bites(fast)) > 20
    assert not fast.since.text()  # a long plan's changes are read when their tab is shown
    for widget in (fast, plain):
        widget.side_tabs.setCurrentIndex(1)  # Bites, Changes, Slip chart
    assert fast.since.text() == plain.since.text() and "Added" in fast.since.text()
    assert fast.layout_ == plain.layout_  # every bar, link and date as well as the titles
    for widget in (fast, plain):
        widget.side_tabs.setCurrentWidget(widget.slip)
    assert not fast.slip.curves  # a long plan's slip chart is read in the background
    deadline = time.monotonic() + 20
    while not fast.slip.curves and time.monotonic() < deadline:
        QApplication.processEvents()  # the read's outcome is delivered by the event loop
        time.sleep(0.01)
    assert fast.slip.curves.keys() == plain.slip.curves.keys() and fast.slip.curves
    assert [c.getData()[1].tolist() for c in fast.slip.curves.values()] == \
        [c.getData()[1].tolist() for c in plain.slip.curves.values()]
    for widget in (fast, plain):
        widget.side_tabs.setCurrentIndex(0)


def test_a_long_plan_opens_folded_says_so_and_shows_what_every_milestone_shows(
        open_view: Callable[[int], TimelineView]) -> None:
    fast = open_view(500)
    rows = _rows(fast)
    assert rows and all(kind == "group" and folded for kind, _l, _n, folded in rows)
    assert sum(n for _k, _l, n, _f in rows) == 1_031  # every milestone counted
    assert fast.folded_note.isVisible()
    assert fast.folded_note.text() == (f"{len(rows)} partnerships folded (1,031 milestones): "
                                       "click a header to open one.")
    assert fast.data is not None and not fast.data.items  # nothing read but the summaries
    assert not fast.empty.isVisible()

    plain = open_view(10**9)  # reads every milestone; fold the same groups by hand
    assert not plain.folded_note.isVisible()
    plain.collapsed = set(fast.collapsed)
    plain.reload()
    assert _rows(plain) == rows
    _same_panel(fast, plain)


def test_clicking_a_folded_header_opens_its_milestones(
        open_view: Callable[[int], TimelineView]) -> None:
    fast = open_view(500)
    rows = _rows(fast)
    big = max(range(len(rows)), key=lambda k: rows[k][2])  # a generated partnership
    title, count = rows[big][1], rows[big][2]
    fast.chart.click_row(big, False)
    opened = _rows(fast)
    assert opened[big] == ("group", title, count, False)
    shown = [label for kind, label, _n, _f in opened[big + 1:big + 1 + count]]
    assert all(kind == "item" for kind, *_ in opened[big + 1:big + 1 + count])
    assert fast.data is not None and len(fast.data.items) == count  # only that group read
    partnership = int(fast.layout_.rows[big].group_key.split(":")[1])  # type: ignore[union-attr]
    assert sorted(shown) == sorted(t for _i, t in
                                   timeline_scope.titles_in(fast.ctx.store, partnership))
    assert fast.folded_note.text().startswith(f"{len(rows) - 1} partnerships folded")

    plain = open_view(10**9)
    plain.collapsed = set(fast.collapsed)
    plain.reload()
    assert _rows(plain) == opened
    _same_panel(fast, plain)

    fast.chart.click_row(big, False)  # and folds again
    assert _rows(fast) == rows


def test_an_edit_in_an_open_group_shows_at_once_with_the_panel_read_again(
        open_view: Callable[[int], TimelineView], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = open_view(500)
    rows = _rows(fast)
    big = max(range(len(rows)), key=lambda k: rows[k][2])
    fast.chart.click_row(big, False)
    assert fast.layout_ is not None and fast.data is not None
    shown = {b.milestone_id: b for b in fast.layout_.bars if not b.summary}
    late = next(fast.bites.item(k) for k in range(fast.bites.count())
                if "was due on" in fast.bites.item(k).text()
                and fast.bites.item(k).data(Qt.ItemDataRole.UserRole) in shown)
    ident, warning = late.data(Qt.ItemDataRole.UserRole), late.text()
    bar = shown[ident]

    def whole_plan(*_args: object) -> None:
        raise AssertionError("an edit of one milestone read the plan again")

    monkeypatch.setattr("planner.services.timeline_scope.load_groups", whole_plan)
    monkeypatch.setattr("planner.ui.timeline.reading.svc.load_timeline", whole_plan)
    days = TODAY.toordinal() - bar.end + 10  # its forecast moved past today: not overdue
    fast.move_milestone(ident, days)
    moved = next(b for b in fast.layout_.bars if b.milestone_id == ident)
    assert moved.end == bar.end + days and moved.row == bar.row  # drawn at once, in place
    assert [r[3] for r in _rows(fast) if r[0] == "group"].count(False) == 1  # still open
    assert warning not in _bites(fast)  # the panel read again
    monkeypatch.undo()
    plain = open_view(10**9)  # and it says what a fresh read of every milestone says
    assert _bites(fast) == _bites(plain)
    fast.ctx.undo.undo()
    back = next(b for b in fast.layout_.bars if b.milestone_id == ident)
    assert back.end == bar.end and warning in _bites(fast)


def test_choosing_a_milestone_in_a_folded_group_opens_it(
        open_view: Callable[[int], TimelineView]) -> None:
    fast = open_view(500)
    overdue = next(k for k in range(fast.bites.count())
                   if "was due on" in fast.bites.item(k).text())
    item = fast.bites.item(overdue)
    text = item.text()
    fast.bites.setCurrentItem(item)  # as a click does
    fast.bites.itemClicked.emit(item)  # the bite check names it: its group opens
    chosen = fast.chart.selected_milestone()
    assert chosen is not None and fast.data is not None and fast.data.item(chosen)
    assert f"“{fast.data.item(chosen).title}”" in text  # type: ignore[union-attr]
    assert fast.bites.currentItem().text() == text  # still the one chosen
    opened = [r for r in _rows(fast) if r[0] == "group" and not r[3]]
    assert len(opened) == 1

    found = fast.data.items[-1].id if fast.data.items else 0
    other = next(r.group_key for r in fast.layout_.rows  # type: ignore[union-attr]
                 if r.kind == "group" and r.collapsed and r.count > 100)
    target = timeline_scope.titles_in(fast.ctx.store, int(other.split(":")[1]))[3][0]
    assert fast.show_record("milestone", target)  # from search or another view
    assert fast.chart.selected_milestone() == target != found
    assert other not in fast.collapsed


def test_grouped_by_owner_a_long_plan_folds_and_opens_the_same_way(
        open_view: Callable[[int], TimelineView]) -> None:
    fast = open_view(500)
    fast.group.setCurrentIndex(fast.group.findData("owner"))
    rows = _rows(fast)
    assert fast.grouping == "owner" and all(r[0] == "group" and r[3] for r in rows)
    assert "owners folded" in fast.folded_note.text()
    fast.chart.click_row(0, False)  # an owner's milestones: their parents may be folded
    assert _rows(fast)[1][0] == "item"
    plain = open_view(10**9)
    plain.grouping = "owner"
    plain.collapsed = set(fast.collapsed)
    plain.reload()
    assert _rows(plain) == _rows(fast)
    assert plain.layout_ == fast.layout_


def test_the_bite_check_lists_a_long_plans_warnings_as_it_is_scrolled(
        open_view: Callable[[int], TimelineView], monkeypatch: pytest.MonkeyPatch) -> None:
    plain = open_view(10**9)
    every = _bites(plain)
    monkeypatch.setattr("planner.ui.timeline.side_panel.LISTED", 10)
    fast = open_view(500)
    assert _bites(fast) == every[:10]  # the first at once
    bar = fast.bites.verticalScrollBar()
    for _ in range(len(every)):
        if fast.bites.count() == len(every):
            break
        QApplication.processEvents()  # laid out: the scroll bar knows the new end
        bar.setValue(bar.maximum())  # scrolled to the end: the next ones
    assert _bites(fast) == every and len(every) > 20


def test_a_folded_band_draws_its_span_and_keeps_its_count_readable(
        open_view: Callable[[int], TimelineView]) -> None:
    from PySide6.QtCore import QPointF

    from planner.ui.timeline import gantt_style as gs

    fast = open_view(500)
    chart = fast.chart
    chart.set_zoom("fit")
    QApplication.processEvents()
    lay = fast.layout_
    assert lay is not None
    (x0, x1), (y0, y1) = chart.vb.viewRange()
    folded = [r for r in lay.rows if r.kind == "group" and r.span is not None
              and y0 <= r.index and r.index + 1 <= y1]
    assert len(folded) > 5
    image = chart.grab().toImage()

    def colour_at(day: float, row: float) -> str:
        at = chart.mapFromScene(chart.vb.mapViewToScene(QPointF(day, row)))
        return image.pixelColor(at.x(), at.y()).name()

    bar, band = gs.folded_bar().name(), gs.GROUP_FILL.name()
    assert bar != band
    today = lay.today + 0.5
    for row in folded:
        lo, hi = row.span  # type: ignore[misc]
        scale = chart.vb.width() / (x1 - x0)
        inside = [d for d in (lo + 3 / scale, (lo + hi) / 2, hi - 3 / scale)
                  if abs(d - today) * scale > 4]  # the today line crosses every row
        assert [colour_at(d, row.index + 0.5) for d in inside] == [bar] * len(inside), row
        for outside in (lo - 4 / scale, hi + 4 / scale):  # the bar ends at its days
            if x0 < outside < x1:
                assert colour_at(outside, row.index + 0.5) != bar, row.label
        assert colour_at(inside[0], row.index + 0.1) != bar  # a bar inside its band

    # The span is the days its milestones cover, as they show once it is opened.
    big = max(folded, key=lambda r: r.count)
    fast.chart.click_row(big.index, False)
    opened = fast.layout_
    assert opened is not None
    mine = [b for b in opened.bars if opened.rows[b.row].group_key == big.group_key]
    assert len(mine) >= big.count - 5
    assert (min(b.start for b in mine), max(b.end for b in mine)) == big.span
    fast.chart.click_row(big.index, False)

    # Its header keeps the count, cutting a long title instead.
    labels = chart.labels
    width = labels.title_width()
    longest = max((r for r in fast.layout_.rows if r.kind == "group"),  # type: ignore[union-attr]
                  key=lambda r: len(r.label))
    text = labels.group_text(longest, width)
    assert text.endswith(f"({longest.count})") and "…" in text
    assert QFontMetrics(labels.bold).horizontalAdvance(text) <= width - 12


def test_the_date_header_of_a_long_span_draws_only_labels_that_fit(
        open_view: Callable[[int], TimelineView]) -> None:
    fast = open_view(500)
    fast.window().resize(1024, 768)
    chart = fast.chart
    header = chart.days
    bold, small = QFontMetrics(header.bold), QFontMetrics(header.small)
    first = TODAY.toordinal()
    spans = [("fit", 0)] + [("custom", years) for years in (4, 8, 12, 20, 40, 90)]
    for zoom, years in spans:
        if zoom == "fit":
            chart.set_zoom("fit")
        else:
            chart.vb.setXRange(first, first + years * 365.25, padding=0)
        header.update()
        chart.grab()  # paints the header as the screen does
        width = header.geometry().width()
        assert width < 700  # the header of a 1024-wide window beside the titles and panel
        major, _minor = header.last[1], header.last[2]
        assert len(header.drawn) >= 3, (zoom, years, header.drawn)  # the dates are named
        for label, room in header.drawn:
            assert "…" not in label and bold.horizontalAdvance(label) <= room, (years, label)
        for label, room in header.drawn_minor:
            assert "…" not in label and small.horizontalAdvance(label) <= room, (years, label)
        if years >= 20:  # a year is narrower than its label: every 2, 5... years instead
            assert header.last[0] == "year", years
            assert major[1].day - major[0].day > 366, [t.label for t in major]


def test_remove_dependency_names_a_milestone_of_a_folded_group_by_its_title(
        open_view: Callable[[int], TimelineView]) -> None:
    fast = open_view(500)
    fast.group.setCurrentIndex(fast.group.findData("status"))
    rows = _rows(fast)
    assert all(r[0] == "group" and r[3] for r in rows)
    fast.chart.click_row(max(range(len(rows)), key=lambda k: rows[k][2]), False)
    data = fast.data
    assert data is not None
    read = {i.id for i in data.items}
    ident, other = next((a if a in read else b, b if a in read else a)
                        for a, b in data.dependency_ids
                        if (a in read) != (b in read))  # its other end is folded
    menu = fast.context_menu(ident)
    unlink = next(a.menu() for a in menu.actions() if a.text() == "Remove dependency")
    texts = [a.text() for a in unlink.actions()]
    title = dict(timeline_scope.titles_of(fast.ctx.store, [other]))[other]
    assert any(f"“{title}”" in t for t in texts), texts
    assert not any(f"“{other}”" in t for t in texts)


@pytest.mark.parametrize("grouping", ["partnership", "status", "status paged"])
def test_meeting_mode_on_a_long_plan_steps_through_what_reading_every_milestone_gives(
        qtbot: Any, open_view: Callable[[int], TimelineView], grouping: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Meeting mode on a long scope reads a group when the meeting reaches it (a very
    large one a page at a time), and what changed and its slip chart in the background,
    never the whole scope: the same milestones in the same order, the same card, changes
    and slip chart as the plain view's meeting."""
    grouping, *paged = grouping.split()
    fast, plain = open_view(500), open_view(10**6)
    if paged:
        fast.reads.page_above = 100
    for widget in (fast, plain):
        widget.group.setCurrentIndex(widget.group.findData(grouping))
    assert plain.data is not None and plain.layout_ is not None
    shown = [r.milestone_id for r in plain.layout_.rows if r.milestone_id is not None
             and plain.data.item(r.milestone_id).status != "dropped"]  # type: ignore[union-attr]
    chosen = shown[len(shown) * 2 // 3]
    for widget in (fast, plain):
        widget.show_record("milestone", chosen)  # chosen in the chart: the meeting starts there

    def whole_scope(*_args: object) -> None:
        raise AssertionError("meeting mode read the whole scope")

    monkeypatch.setattr("planner.ui.timeline.reading.svc.load_timeline", whole_scope)
    fast.show_page("meeting")
    monkeypatch.undo()
    plain.show_page("meeting")
    real_load_groups = timeline_scope.load_groups
    quick = fast.meeting_window.mode  # type: ignore[union-attr]
    whole = plain.meeting_window.mode  # type: ignore[union-attr]
    assert quick.current_id() == whole.current_id() == chosen
    assert len(quick.items) == len(whole.items) > 500
    assert quick.counter.text() == whole.counter.text() != f"1 of {len(whole.items)}"
    assert quick.details.text() == whole.details.text()
    assert "Reading what changed" in quick.since.text() and quick.since_reading
    assert "reading the lines" in quick.slip_title.text()
    qtbot.waitUntil(lambda: not quick.slip_reading and not quick.since_reading,
                    timeout=20_000)
    assert quick.since.text() == whole.since.text() and "Added" in quick.since.text()
    assert quick.slip.lines == whole.slip.lines and quick.slip.curves.keys() == \
        whole.slip.curves.keys()  # the lines drawn (of 100,000, only those are made)
    assert len(quick.slip_lines) == len(quick.slip.lines) < len(whole.slip_lines)
    assert quick.slip_title.text() == whole.slip_title.text()
    read_whole: list[str] = []
    read_light: list[str] = []
    real_load_paged = timeline_scope.load_paged
    monkeypatch.setattr(timeline_scope, "load_groups", lambda *a: read_whole.extend(a[3])
                        or real_load_groups(*a))
    monkeypatch.setattr(timeline_scope, "load_paged", lambda *a: read_light.append(a[3])
                        or real_load_paged(*a))
    assert [i.id for i in quick.items] == [i.id for i in whole.items]  # group by group
    largest = max(fast.reads.summaries, key=lambda s: s.count)
    assert (largest.key in read_whole) == (not paged) and largest.count > 300
    shown_paged = {group.key for group in fast.reads.paged}
    assert not shown_paged & set(read_light)  # open in the chart: its order known already
    assert bool(paged) == (largest.key in shown_paged | set(read_light)), (shown_paged,
                                                                           read_light)
    monkeypatch.undo()
    for mode in (quick, whole):  # the first milestone: Home, as a meeting's keyboard does
        mode.step(-len(mode.items))
    assert (quick.title.text(), quick.details.text(), quick.counter.text()) == \
        (whole.title.text(), whole.details.text(), whole.counter.text())
    for widget in (fast, plain):  # deleted now, while Qt is whole, not by a later collection
        assert widget.meeting_window is not None
        widget.meeting_window.close()
        widget.meeting_window.deleteLater()
        widget.meeting_window = None
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _paged_open(open_view: Callable[[int], TimelineView]) -> tuple[TimelineView, str, int]:
    """A long plan grouped by status with its largest group open, paged above 100."""
    fast = open_view(500)
    fast.reads.page_above = 100
    fast.group.setCurrentIndex(fast.group.findData("status"))
    largest = max(fast.reads.summaries, key=lambda s: s.count)
    fast.toggle_group(largest.key)
    return fast, largest.key, largest.count


def _drawn(widget: TimelineView) -> list[tuple[Any, ...]]:
    """The rows in view as the chart draws them: each title, depth, count, dates and bar."""
    shown = widget.chart.data
    assert shown is not None
    y0, y1 = widget.chart.visible_rows()
    r0, r1 = math.floor(y0), math.ceil(y1)
    bars = {b.row: b for b in shown.layout.bars if r0 <= b.row < r1}
    dates = widget.chart.item_dates
    return [(r.kind, r.label, r.depth, r.milestone_id, r.count, r.collapsed,
             bars.get(r.index), dates.get(r.milestone_id or 0))
            for r in shown.layout.rows[r0:r1]]


def test_a_very_large_open_group_is_read_a_page_at_a_time_and_drawn_as_every_milestone_is(
        open_view: Callable[[int], TimelineView], monkeypatch: pytest.MonkeyPatch) -> None:
    """Grouped by status, the largest group opened is laid out from a light read and its
    milestones read whole only a page either side of the view: scrolled anywhere, the
    rows in view are drawn as the plain view (every milestone read) draws them, pixel for
    pixel, titles, date columns and bars."""
    monkeypatch.setattr("planner.ui.timeline.paging.NEAR", 10)  # pages as short as the
    monkeypatch.setattr("planner.ui.timeline.paging.AHEAD", 40)  # group is to 48,886
    fast, key, count = _paged_open(open_view)
    assert [group.key for group in fast.reads.paged] == [key] and count > 300
    assert fast.data is not None and not fast.data.items  # nothing read whole
    assert 0 < len(fast.data.paged) < count  # the rows in view and a page either side
    plain = open_view(10**9)
    plain.grouping = "status"
    plain.collapsed = set(fast.collapsed)
    plain.reload()
    assert plain.reads.groups is None and len(plain.data.items) == 1_031  # type: ignore[union-attr]
    for widget in (fast, plain):  # the same size (only the long plan's says it folds)
        widget.chart.set_columns(["start", "due", "forecast"])
        widget.chart.setFixedSize(880, 520)
    QApplication.processEvents()
    header = next(r.index for r in plain.layout_.rows if r.group_key == key)  # type: ignore[union-attr]
    for top in (0, header + count // 3, header + count - 5, header + count // 2, 12):
        for widget in (fast, plain):
            widget.chart._show_rows(float(top))
            QApplication.processEvents()
        drawn = _drawn(fast)
        assert drawn == _drawn(plain) and len(drawn) > 15
        assert any(r[0] == "item" and r[1] for r in drawn)
        assert fast.chart.grab().toImage() == plain.chart.grab().toImage(), top
    assert len(fast.data.paged) < count  # the middle was never read


def test_a_milestone_of_a_paged_group_is_chosen_edited_and_undone_on_a_reopened_plan(
        open_view: Callable[[int], TimelineView]) -> None:
    """In the middle of a paged group: a click chooses the milestone, its editor's changes
    show in its row, and undo puts them back; the group stays open and paged."""
    from planner.ui.timeline.commands import MilestoneEditCommand, push

    fast, key, count = _paged_open(open_view)
    chart = fast.chart
    assert chart.data is not None
    header = next(r.index for r in chart.data.layout.rows if r.group_key == key)
    chart._show_rows(float(header + count // 2))
    y0, y1 = chart.visible_rows()
    row = next(r for r in chart.data.layout.rows[math.ceil(y0) + 3:math.floor(y1)]
               if r.kind == "item" and int(chart.data.bar_at_row[r.index]) >= 0)
    ident = row.milestone_id
    assert ident is not None and row.label
    chart.click_row(row.index, False)
    assert fast.chart.selected_milestone() == ident
    item = fast.data.item(ident)  # type: ignore[union-attr]
    assert item is not None and item.title == row.label
    assert fast.toolbar.edit_button.isEnabled()

    def shown() -> tuple[str, int]:
        lay = fast.layout_
        assert lay is not None
        at = lay.row_of(ident)  # type: ignore[arg-type]
        assert at is not None
        bar = next(b for b in lay.bars if b.milestone_id == ident)
        return lay.rows[at].label, bar.end

    before = shown()
    push(fast.ctx, MilestoneEditCommand(fast.ctx, ident, {"title": "Agreed at the board"}))
    assert shown() == ("Agreed at the board", before[1])
    assert item.actual is not None  # done: its bar ends on the day it was done
    push(fast.ctx, MilestoneEditCommand(fast.ctx, ident, {
        "actual_date": item.actual + dt.timedelta(days=9)}))
    assert shown() == ("Agreed at the board", before[1] + 9)
    assert fast.chart.selected_milestone() == ident
    assert [group.key for group in fast.reads.paged] == [key]
    fast.ctx.undo.undo()
    fast.ctx.undo.undo()
    assert shown() == before
    assert fast.data.item(ident).title == before[0]  # type: ignore[union-attr]


def test_a_milestone_of_a_paged_group_chosen_elsewhere_is_shown_without_reading_again(
        open_view: Callable[[int], TimelineView], monkeypatch: pytest.MonkeyPatch) -> None:
    """From search or another view: a milestone deep in an open paged group, not read yet,
    is chosen and scrolled to with its title read, the group not read again."""
    fast, key, _count = _paged_open(open_view)
    assert fast.layout_ is not None and fast.data is not None
    row = [r for r in fast.layout_.rows if r.group_key == key and r.kind == "item"][-3]
    ident = row.milestone_id
    assert ident is not None and fast.data.item(ident) is None  # not read yet

    def again(*_args: object) -> None:
        raise AssertionError("the group was read again")

    monkeypatch.setattr(timeline_scope, "load_paged", again)
    assert fast.show_record("milestone", ident)
    assert fast.chart.selected_milestone() == ident
    item = fast.data.item(ident)
    assert item is not None and row.label == item.title != ""


def _pdf_text(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_long_plan_prints_in_the_background_with_progress_and_cancel(
        qtbot: Any, open_view: Callable[[int], TimelineView], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The print preview of a long plan makes its pages off the GUI thread from the open
    groups and the folded ones' summaries, with a progress bar and Cancel; the pages, read
    back, are the plain view's. Save PDF… waits for them; Cancel keeps nothing."""
    from planner.ui.timeline import print_preview

    fast, plain = open_view(500), open_view(10**6)
    opened = max(fast.reads.summaries, key=lambda s: s.count).key
    fast.toggle_group(opened)
    plain.collapsed = set(fast.collapsed)
    plain.reload()

    def whole_plan(*_args: object) -> None:
        raise AssertionError("printing read every milestone")

    monkeypatch.setattr("planner.services.timeline_print.load_timeline", whole_plan)
    with print_preview._DRAWING:  # held: the pages cannot be ready before we look
        dialog = fast.print_dialog()
        assert dialog.background and not dialog.cancel_button.isHidden()
        assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
        assert dialog.summary.text() == "Reading the plan…"
    qtbot.waitUntil(lambda: bool(dialog.pdf), timeout=30_000)
    assert dialog.cancel_button.isHidden() and dialog.save_button.isEnabled()
    monkeypatch.undo()
    whole = plain.print_dialog()  # an ordinary plan: made at once, as before
    assert not whole.background and whole.pdf
    pages = _pdf_text(dialog.pdf)
    assert pages == _pdf_text(whole.pdf) and len(dialog.images) == len(pages) > 1
    assert dialog.summary.text() == whole.summary.text()
    assert "Milestones: all partnerships" in pages[0]
    out = tmp_path / "long.pdf"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(out), "PDF (*.pdf)"))
    dialog.save_pdf()
    assert _pdf_text(out.read_bytes()) == pages

    with print_preview._DRAWING:  # tiles asked for, then Cancel before a page is drawn
        dialog.mode.setCurrentIndex(dialog.mode.findData("tiles"))
        dialog.cols.setValue(2)
        assert not dialog.save_button.isEnabled()
        dialog.cancel_pages()
        assert dialog.summary.text() == "Cancelling…"
    qtbot.waitUntil(lambda: dialog.cancel_button.isHidden(), timeout=30_000)
    assert dialog.summary.text() == "Cancelled: nothing was printed."
    assert dialog.pdf == b"" and not dialog.images and not dialog.save_button.isEnabled()
    dialog.cols.setValue(3)  # asked again: made again
    qtbot.waitUntil(lambda: bool(dialog.pdf), timeout=30_000)
    assert len(_pdf_text(dialog.pdf)) == 3 and "3 across" in dialog.summary.text()
    for shown in (dialog, whole):
        shown.close()
