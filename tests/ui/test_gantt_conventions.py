"""The Gantt behaves as GanttProject and MS Project users expect: the wheel scrolls,
Shift+wheel scrolls the dates, Ctrl+wheel zooms about the pointer, scrollbars reach every bar,
Home/End/PgUp/PgDn, and the Zoom box tells the scale in view. On a plan made earlier."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QUndoStack, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.domain import timeline as tl
from planner.services import timeline as svc
from planner.store.database import Store
from planner.ui.shell.context import AppEvents, ViewContext
from planner.ui.shell.settings import Settings
from planner.ui.timeline.gantt_chart import LABEL_WIDTH
from planner.ui.timeline.view import TimelineView
from tests.services.test_timeline_service import make_plan

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The small plan plus forty steps spread over three years: more rows than fit."""
    path = tmp_path_factory.mktemp("gantt") / "plan.sqlite"
    with Store.open(path, create=True) as s:
        ids = make_plan(s)
        first = dt.date(2025, 1, 6)
        for k in range(40):
            start = first + dt.timedelta(days=27 * k)
            mid, _ = svc.create_milestone(s, ids["p2"], {
                "title": f"Exchange step {k + 1:02d}", "start_date": start,
                "due_date": start + dt.timedelta(days=20)})
            ids[f"step{k + 1}"] = mid
        ids["arabic"], _ = svc.create_milestone(s, ids["p1"], {
            "title": "زيارة المدرسة", "due_date": dt.date(2026, 4, 2)})
        ids["hebrew"], _ = svc.create_milestone(s, ids["p1"], {
            "title": "פגישה עם ההנהלה 2026", "due_date": dt.date(2026, 4, 9)})
    return path, ids


@pytest.fixture
def view(qtbot: Any, plan_file: tuple[Path, dict[str, int]],
         tmp_path: Path) -> Iterator[tuple[TimelineView, dict[str, int]]]:
    from planner.store.engine import sqlite_backup

    source, ids = plan_file
    sqlite_backup(source, tmp_path / "plan.sqlite")
    store = Store.open(tmp_path / "plan.sqlite")  # reopened: a plan made earlier
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    ctx = ViewContext(store, QUndoStack(), AppEvents(), settings)
    widget = TimelineView(ctx)
    ctx.events.changed.connect(widget.refresh)
    widget.today = TODAY
    qtbot.addWidget(widget)
    widget.resize(1200, 640)
    widget.show()
    qtbot.waitExposed(widget)
    widget.zoom.setCurrentIndex(widget.zoom.findData("month"))
    widget.reload(keep_view=False)
    yield widget, dict(ids)
    store.close()


def _wheel(chart: Any, pos: QPoint, notches: int,
           mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """``notches`` clicks of the wheel (positive: away from the user) at ``pos``."""
    viewport = chart.viewport()
    for _ in range(abs(notches)):
        angle = QPoint(0, 120 if notches > 0 else -120)
        event = QWheelEvent(QPointF(pos), QPointF(viewport.mapToGlobal(pos)), QPoint(0, 0),
                            angle, Qt.MouseButton.NoButton, mods, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(viewport, event)


def _chart_point(chart: Any, fx: float, fy: float) -> QPoint:
    """A point inside the dates area, as fractions of its width and height."""
    rect = chart.vb.sceneBoundingRect()
    scene = QPointF(rect.left() + rect.width() * fx, rect.top() + rect.height() * fy)
    return chart.mapFromScene(scene)


def _day_at(chart: Any, pos: QPoint) -> float:
    return float(chart.vb.mapSceneToView(chart.mapToScene(pos)).x())


def _bar_drawn(chart: Any, milestone_id: int) -> bool:
    """Whether the bar's status colour is drawn where the bar is (what the user sees)."""
    data = chart.data
    index = int((data.ids == milestone_id).nonzero()[0][0])
    status = tl.STATUSES[int(data.status[index])]
    want = QColor(tl.STATUS_STYLES[status].colour)
    (x0, x1), _ = chart.vb.viewRange()
    left, right = max(x0, data.start[index]), min(x1, data.end[index])
    if right <= left:
        return False
    row = float(data.row[index])
    a = chart.mapFromScene(chart.vb.mapViewToScene(QPointF(left, row)))
    b = chart.mapFromScene(chart.vb.mapViewToScene(QPointF(right, row + 1)))
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    for y in range(round(a.y() * ratio), round(b.y() * ratio)):
        for x in range(round(a.x() * ratio), round(b.x() * ratio), 2):
            c = image.pixelColor(x, y)
            if (abs(c.red() - want.red()) + abs(c.green() - want.green())
                    + abs(c.blue() - want.blue())) < 30:
                return True
    return False


def test_wheel_scrolls_rows_and_shift_wheel_scrolls_dates(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, _ids = view
    chart = widget.chart
    (x0, x1), (y0, _y1) = chart.vb.viewRange()
    assert y0 == 0
    pos = _chart_point(chart, 0.5, 0.5)
    _wheel(chart, pos, -2)  # towards the user: down the rows, dates unchanged
    (a0, a1), (b0, _b1) = chart.vb.viewRange()
    assert b0 == pytest.approx(6.0) and (a0, a1) == pytest.approx((x0, x1))
    assert chart.vbar.value() == 6
    _wheel(chart, pos, 1)
    assert chart.vb.viewRange()[1][0] == pytest.approx(3.0)
    _wheel(chart, pos, -1, Qt.KeyboardModifier.ShiftModifier)  # the dates move, not the rows
    (c0, c1), (d0, _d1) = chart.vb.viewRange()
    assert d0 == pytest.approx(3.0)
    assert c0 > x0 and c1 - c0 == pytest.approx(x1 - x0)
    assert chart.hbar.value() > 0
    # The wheel over the titles scrolls the rows too.
    labels = chart.mapFromScene(chart.labels.sceneBoundingRect().center())
    _wheel(chart, labels, -1)
    assert chart.vb.viewRange()[1][0] == pytest.approx(6.0)


def test_ctrl_wheel_zooms_about_the_pointer_and_the_zoom_box_follows(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, _ids = view
    chart = widget.chart
    widget.zoom.setCurrentIndex(widget.zoom.findData("fit"))
    assert widget.zoom.currentText() == "Fit"
    pos = _chart_point(chart, 0.7, 0.4)
    day = _day_at(chart, pos)
    (x0, x1), rows = chart.vb.viewRange()
    _wheel(chart, pos, 3, Qt.KeyboardModifier.ControlModifier)
    (a0, a1), rows_after = chart.vb.viewRange()
    assert a1 - a0 < (x1 - x0) * 0.8  # zoomed in
    assert _day_at(chart, pos) == pytest.approx(day, abs=0.01)  # the date under the pointer
    assert rows_after == pytest.approx(rows)  # Ctrl+wheel does not scroll
    text = widget.zoom.currentText()
    assert text != "Fit" and text == chart.scale_text()
    assert text.endswith("in view") and ("months" in text or "years" in text)
    # Zoomed in to weeks: the box says so.
    _wheel(chart, pos, 25, Qt.KeyboardModifier.ControlModifier)
    assert _day_at(chart, pos) == pytest.approx(day, abs=0.01)
    assert "week" in widget.zoom.currentText()
    # Choosing a level again gives that level exactly, and the odd entry goes.
    widget.zoom.setCurrentIndex(widget.zoom.findData("quarter"))
    assert widget.zoom.currentText() == "Quarter"
    assert widget.zoom.findData("custom") == -1
    (q0, q1), _ = chart.vb.viewRange()
    assert chart._chart_width() / (q1 - q0) == pytest.approx(1.7)


def test_scrollbars_reach_the_first_and_last_bars_after_zooming(
        qtbot: Any, view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, ids = view
    chart = widget.chart
    assert chart.hbar.isVisible() and chart.vbar.isVisible()
    pos = _chart_point(chart, 0.5, 0.5)
    _wheel(chart, pos, 12, Qt.KeyboardModifier.ControlModifier)  # well in: about a month shown
    layout = widget.layout_
    assert layout is not None
    chart.hbar.setValue(chart.hbar.minimum())
    chart.vbar.setValue(chart.vbar.minimum())
    (x0, _x1), (y0, _y1) = chart.vb.viewRange()
    assert x0 <= layout.first_day and y0 == 0
    first = min(layout.bars, key=lambda b: b.start)
    assert first.milestone_id is not None
    chart.ensure_row_visible(first.row)
    qtbot.wait(20)
    assert _bar_drawn(chart, first.milestone_id)  # drawn where the scrollbar took us
    chart.hbar.setValue(chart.hbar.maximum())
    chart.vbar.setValue(chart.vbar.maximum())
    (_x0, x1), (_y0, y1) = chart.vb.viewRange()
    assert x1 >= layout.last_day and y1 >= len(layout.rows)
    last = ids["step40"]
    qtbot.wait(20)
    assert _bar_drawn(chart, last)


def test_home_end_and_page_keys(view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, _ids = view
    chart = widget.chart
    layout = widget.layout_
    assert layout is not None
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_End)
    (_x0, x1), (_y0, y1) = chart.vb.viewRange()
    assert x1 >= layout.last_day and y1 >= len(layout.rows)
    QTest.keyClick(chart, Qt.Key.Key_Home)
    (x0, _x1), (y0, y1) = chart.vb.viewRange()
    assert x0 <= layout.first_day and y0 == 0
    page = y1 - y0
    QTest.keyClick(chart, Qt.Key.Key_PageDown)
    top = chart.vb.viewRange()[1][0]
    assert page - 2 <= top <= page
    QTest.keyClick(chart, Qt.Key.Key_PageUp)
    assert chart.vb.viewRange()[1][0] == 0


def _mouse(widget: Any, kind: QEvent.Type, pos: QPoint, button: Qt.MouseButton,
           buttons: Qt.MouseButton) -> None:
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def _red_pixels(image: QImage, left: int, right: int, top: int, bottom: int) -> int:
    red = QColor("#c62828")
    count = 0
    for y in range(max(0, top), min(image.height(), bottom)):
        for x in range(max(0, left), min(image.width(), right)):
            c = image.pixelColor(x, y)
            if abs(c.red() - red.red()) + abs(c.green() - red.green()) + abs(
                    c.blue() - red.blue()) < 40:
                count += 1
    return count


def test_dragging_past_the_due_date_records_a_forecast_slip_and_undo_restores_it(
        qtbot: Any, view: tuple[TimelineView, dict[str, int]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    widget, ids = view
    chart = widget.chart
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: refused.append(a[2]))
    said: list[str] = []
    widget.ctx.events.status.connect(said.append)
    before = svc.get_milestone(widget.ctx.store, ids["room"])
    assert before["due_date"] == before["baseline_date"] == dt.date(2026, 3, 20)
    chart.ensure_row_visible(widget.layout_.row_of(ids["room"]) or 0)
    (x0, x1), _ = chart.vb.viewRange()
    chart.pan(before["start_date"].toordinal() - (x0 + (x1 - x0) * 0.2), 0)
    qtbot.wait(10)
    data = chart.data
    index = int((data.ids == ids["room"]).nonzero()[0][0])
    row = float(data.row[index])
    start = chart.mapFromScene(chart.vb.mapViewToScene(
        QPointF(data.start[index] + 10, row + 0.5)))
    px_per_day = chart._chart_width() / (x1 - x0)
    step = QPoint(round(10 * px_per_day), 0)  # ten days a move
    viewport = chart.viewport()
    plain = chart.grab().toImage()
    left = Qt.MouseButton.LeftButton
    _mouse(viewport, QEvent.Type.MouseButtonPress, start, left, left)
    for k in (1, 2, 3, 4, 5, 6, 6):  # the last move again: the scene may deliver one late
        _mouse(viewport, QEvent.Type.MouseMove, start + step * k, Qt.MouseButton.NoButton, left)
        qtbot.wait(5)
    days = chart.gantt.drag_days
    assert 45 <= days <= 62  # the whole bar past its due date (20 Mar, 39 days after the start)
    landing = before["forecast_date"] + dt.timedelta(days=days)
    # While dragging, the new date is shown beside the bar, in red: it is past the due date.
    assert chart.gantt.drag_label == (f"{landing.day} {landing:%b %Y}, {days} days past due "
                                      f"({days:+d})")
    image = chart.grab().toImage()
    top = round(chart.mapFromScene(chart.vb.mapViewToScene(QPointF(0, row))).y()
                * image.devicePixelRatio())
    band = (0, image.width(), top, top + round(24 * image.devicePixelRatio()))
    assert _red_pixels(image, *band) > _red_pixels(plain, *band) + 20  # the red-edged label
    _mouse(viewport, QEvent.Type.MouseButtonRelease, start + step * 6, left,
           Qt.MouseButton.NoButton)
    assert refused == []  # no modal error: a slip is what the timeline records
    after = svc.get_milestone(widget.ctx.store, ids["room"])
    assert after["forecast_date"] == landing
    assert after["start_date"] == before["start_date"] + dt.timedelta(days=days)
    # The whole bar passed the due date, its start too: the due date and the baseline stay
    # as agreed (a slip is recorded, not a new deadline), so the slip shows against them.
    assert after["start_date"] > before["due_date"]
    assert after["due_date"] == before["due_date"]
    assert after["baseline_date"] == before["baseline_date"]
    assert widget.ctx.undo.count() == 1  # one undo step
    assert widget.ctx.undo.undoText().startswith(f"Move “Room refitted” {days} days later")
    assert said and f"{days} days past due" in said[-1]
    # The chart shows the slip: the bar at its new place.
    assert widget.chart.data is not None
    moved = int((widget.chart.data.ids == ids["room"]).nonzero()[0][0])
    assert widget.chart.data.end[moved] == landing.toordinal() + 1
    # Logged (the audit chain) in the plan file.
    path = widget.ctx.store.path
    with closing(sqlite3.connect(path)) as db:
        detail = db.execute("SELECT detail FROM audit_event WHERE entity = 'milestone' AND "
                            "entity_id = ? ORDER BY id DESC LIMIT 1", (ids["room"],)).fetchone()
    assert f"forecast_date={landing}" in detail[0]
    assert widget.layout_ is not None
    bar = next(b for b in widget.layout_.bars if b.milestone_id == ids["room"])
    assert bar.slip_days == days  # the slip against the baseline, as the chart tells it
    widget.ctx.undo.undo()
    restored = svc.get_milestone(widget.ctx.store, ids["room"])
    assert {k: restored[k] for k in ("start_date", "due_date", "forecast_date",
                                     "baseline_date")} == {
        k: before[k] for k in ("start_date", "due_date", "forecast_date", "baseline_date")}
    widget.ctx.undo.redo()
    assert svc.get_milestone(widget.ctx.store, ids["room"])["forecast_date"] == landing
    # The plan opened again holds the slip as recorded: forecast and start moved, due kept.
    from planner.store.engine import sqlite_backup

    assert path is not None
    sqlite_backup(path, path.parent / "again.sqlite")  # (the window keeps its file open)
    with Store.open(path.parent / "again.sqlite") as again:
        kept = svc.get_milestone(again, ids["room"])
    assert (kept["forecast_date"], kept["due_date"], kept["start_date"]) == (
        landing, before["due_date"], before["start_date"] + dt.timedelta(days=days))


def _ink_span(chart: Any, row: int) -> tuple[int, int]:
    """The leftmost and rightmost inked pixel of a row's title (in the title column)."""
    labels = chart.labels
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    rect = labels.sceneBoundingRect()
    top = chart.mapFromScene(chart.vb.mapViewToScene(QPointF(0, row))).y()
    ink = []
    for y in range(round((top + 5) * ratio), round((top + 19) * ratio)):
        for x in range(round(rect.left() * ratio), round((rect.right() - 8) * ratio)):
            c = image.pixelColor(x, y)
            if c.red() + c.green() + c.blue() < 400:
                ink.append(x)
    assert ink, "nothing drawn"
    return min(ink), max(ink)


def test_right_to_left_titles_are_aligned_right(view: tuple[TimelineView, dict[str, int]]
                                                ) -> None:
    from planner.domain.text_direction import right_to_left

    assert right_to_left("زيارة المدرسة") and right_to_left("«פגישה» 2026")
    assert not right_to_left("Room refitted") and not right_to_left("2026 — Room")
    widget, ids = view
    chart = widget.chart
    layout = widget.layout_
    assert layout is not None
    width = chart.labels.sceneBoundingRect().width()
    for key, rtl in (("arabic", True), ("hebrew", True), ("launch", False)):
        row = layout.row_of(ids[key])
        assert row is not None
        chart.ensure_row_visible(row)
        left, right = _ink_span(chart, row)
        if rtl:  # read from the right: the text ends at the column's right edge
            assert right > width - 30 and left > width / 3, (key, left, right)
        else:
            assert left < 60 and right < width / 2, (key, left, right)


def test_date_columns_beside_the_titles(qtbot: Any,
                                        view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, ids = view
    chart = widget.chart
    assert chart.columns == [] and chart.labels.width() == LABEL_WIDTH
    plain_left = chart.vb.sceneBoundingRect().left()
    for key in ("start", "due", "forecast"):
        widget.column_actions[key].setChecked(True)
    qtbot.wait(20)
    assert chart.columns == ["start", "due", "forecast"]
    dates = 3 * chart.labels.column_width
    assert 160 + dates <= chart.labels.width() <= LABEL_WIDTH + dates
    assert chart.vb.sceneBoundingRect().width() >= chart.width() * 0.35  # the bars keep room
    assert chart.vb.sceneBoundingRect().left() > plain_left  # the dates moved over for them
    assert widget.ctx.settings.get_str("timeline/columns") == "start,due,forecast"
    # What is drawn: the slipped step's start, due and forecast in its row, in the columns.
    svc.move_milestone(widget.ctx.store, ids["room"], 10)  # a forecast past its due date
    widget.reload()
    layout = widget.layout_
    assert layout is not None
    row = layout.row_of(ids["room"])
    assert row is not None
    texts: list[tuple[float, str]] = []
    colours: dict[str, str] = {}
    original = QPainter.drawText

    def spy(painter: QPainter, *args: Any) -> Any:
        if len(args) == 3 and isinstance(args[0], QRectF) and isinstance(args[2], str):
            texts.append((args[0].center().y(), args[2]))
            colours[args[2]] = painter.pen().color().name()
        return original(painter, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QPainter, "drawText", spy)
        chart.grab()
    chart.ensure_row_visible(row)
    _, (top, bottom) = chart.vb.viewRange()
    height = chart.labels.geometry().height()
    y = (row + 0.5 - top) * height / (bottom - top)  # the row's middle, in the title column
    in_row = [t for cy, t in texts if abs(cy - y) < 3]
    assert in_row == ["Room refitted", "19 Feb 2026", "20 Mar 2026", "30 Mar 2026"], in_row
    assert colours["30 Mar 2026"] == "#c62828"  # a forecast past the due date, in red
    assert colours["20 Mar 2026"] != "#c62828"
    with pytest.MonkeyPatch.context() as patch:
        texts.clear()
        patch.setattr(QPainter, "drawText", spy)
        chart.grab()
    assert {"Start", "Due", "Forecast", "Milestone"} <= {t for _y, t in texts}
    # Chosen columns come back with the view.
    again = TimelineView(widget.ctx)
    qtbot.addWidget(again)
    assert again.chart.columns == ["start", "due", "forecast"]
    widget.column_actions["due"].setChecked(False)
    assert chart.columns == ["start", "forecast"]


def test_a_resize_keeps_the_scale_the_zoom_box_names(
        qtbot: Any, view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, _ids = view
    chart = widget.chart

    def px_per_day() -> float:
        (x0, x1), _ = chart.vb.viewRange()
        return float(chart.vb.geometry().width() / (x1 - x0))

    assert widget.zoom.currentText() == "Month"
    assert px_per_day() == pytest.approx(5.0, rel=0.01)
    (left, _x1), _ = chart.vb.viewRange()
    widget.resize(900, 600)
    qtbot.wait(20)
    assert px_per_day() == pytest.approx(5.0, rel=0.01)  # still a month's scale
    assert chart.vb.viewRange()[0][0] == pytest.approx(left)  # from the same left edge
    widget.zoom.setCurrentIndex(widget.zoom.findData("fit"))
    widget.resize(1250, 640)
    qtbot.wait(20)
    layout = widget.layout_
    assert layout is not None
    (x0, x1), _ = chart.vb.viewRange()
    assert x0 <= layout.first_day and x1 >= layout.last_day
    assert x1 - x0 < (layout.last_day - layout.first_day) * 1.1  # fitted, not stretched


def test_the_charts_graphics_items_hold_no_chart() -> None:
    """Issue 15: the titles, the headers and the view box are given what they draw and say
    what the mouse did as signals; none reaches up to the chart."""
    import ast
    import inspect

    from planner.ui.timeline import gantt_axes, gantt_viewbox

    for module in (gantt_axes, gantt_viewbox):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                assert not (node.value.id == "self" and node.attr == "chart"), module.__name__
            if isinstance(node, ast.Name):
                assert node.id != "GanttChart", module.__name__
