"""The Timeline view: zoom ticks, drag to move with undo, editor, meeting mode, exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from planner.domain import timeline as tl
from planner.domain import timeline_paper as tl_paper
from planner.services import timeline as svc
from planner.store.database import Store
from planner.ui.shell.context import AppEvents, ViewContext
from planner.ui.shell.settings import Settings
from planner.ui.timeline.view import TimelineView
from tests.services.test_timeline_service import make_plan

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The small plan, built once through the services; each test works on a copy."""
    path = tmp_path_factory.mktemp("timeline") / "plan.sqlite"
    with Store.open(path, create=True) as s:
        ids = make_plan(s)
    return path, ids


@pytest.fixture
def view(qtbot: Any, plan_file: tuple[Path, dict[str, int]],
         tmp_path: Path) -> Iterator[tuple[TimelineView, dict[str, int]]]:
    from planner.store.engine import sqlite_backup

    source, ids = plan_file
    sqlite_backup(source, tmp_path / "plan.sqlite")
    store = Store.open(tmp_path / "plan.sqlite")
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    ctx = ViewContext(store, QUndoStack(), AppEvents(), settings)
    widget = TimelineView(ctx)
    ctx.events.changed.connect(widget.refresh)
    widget.today = TODAY
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.zoom.setCurrentIndex(widget.zoom.findData("month"))
    widget.reload(keep_view=False)
    yield widget, dict(ids)
    if widget.meeting_window is not None:
        widget.meeting_window.close()
    store.close()


def test_zoom_level_changes_the_axis_ticks(view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, _ids = view
    seen = {}
    for level in ("week", "month", "quarter", "half", "year"):
        widget.zoom.setCurrentIndex(widget.zoom.findData(level))
        got, major, _minor = widget.chart.axis_ticks()
        seen[level] = (got, major[0].label)
    assert seen["week"][0] == "week" and seen["week"][1][0].isdigit()  # "23 Feb 2026"
    assert seen["month"][0] == "month" and seen["month"][1][:3] in tl.MONTHS
    assert seen["quarter"][0] == "quarter" and seen["quarter"][1].startswith("Q")
    assert seen["half"][0] == "half" and seen["half"][1].startswith("H")
    assert seen["year"] == ("year", seen["year"][1]) and seen["year"][1].isdigit()
    widget.zoom.setCurrentIndex(widget.zoom.findData("fit"))
    (x0, x1), _ = widget.chart.vb.viewRange()
    layout = widget.layout_
    assert layout is not None
    assert x0 <= layout.first_day and x1 >= layout.last_day


def _bar_point(widget: TimelineView, milestone_id: int) -> QPoint:
    chart = widget.chart
    assert chart.data is not None
    index = int((chart.data.ids == milestone_id).nonzero()[0][0])
    x = (chart.data.start[index] + chart.data.end[index]) / 2
    if chart.data.diamond[index]:
        x = chart.data.start[index] + 0.5
    scene = chart.vb.mapViewToScene(QPointF(x, chart.data.row[index] + 0.5))
    return chart.mapFromScene(scene)


def _view_xy(chart: Any, point: QPoint) -> tuple[float, float]:
    view = chart.vb.mapSceneToView(chart.mapToScene(point))
    return view.x(), view.y()


def _mouse(widget: Any, kind: QEvent.Type, pos: QPoint, button: Qt.MouseButton,
           buttons: Qt.MouseButton) -> None:
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_dragging_a_bar_moves_its_forecast_and_undo_restores(
        qtbot: Any, view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, ids = view
    chart = widget.chart
    chart.set_zoom("week")  # 24 px a day: easy to move by whole days
    chart.ensure_row_visible(widget.layout_.row_of(ids["room"]) or 0)
    qtbot.wait(10)
    before = svc.get_milestone(widget.ctx.store, ids["room"])
    (x0, x1), _ = chart.vb.viewRange()  # bring the bar's middle to the middle of the view
    middle = (before["start_date"].toordinal() + before["forecast_date"].toordinal()) / 2
    chart.pan(middle - (x0 + x1) / 2, 0)
    qtbot.wait(10)
    start = _bar_point(widget, ids["room"])
    assert 0 <= start.x() < chart.width() and 0 <= start.y() < chart.height()
    assert chart.bar_at(*_view_xy(chart, start)) >= 0  # the press lands on the bar
    viewport = chart.viewport()
    left = Qt.MouseButton.LeftButton
    _mouse(viewport, QEvent.Type.MouseButtonPress, start, left, left)
    for step in range(1, 8):  # QTest.mouseMove does not carry the held button: send events
        _mouse(viewport, QEvent.Type.MouseMove, start + QPoint(step * 24, 0),
               Qt.MouseButton.NoButton, left)
        qtbot.wait(5)
    _mouse(viewport, QEvent.Type.MouseButtonRelease, start + QPoint(7 * 24, 0), left,
           Qt.MouseButton.NoButton)
    after = svc.get_milestone(widget.ctx.store, ids["room"])
    assert after["forecast_date"] == before["forecast_date"] + dt.timedelta(days=7)
    assert after["start_date"] == before["start_date"] + dt.timedelta(days=7)
    assert widget.ctx.undo.undoText().startswith("Move “Room refitted” 7 days later")
    widget.ctx.undo.undo()
    again = svc.get_milestone(widget.ctx.store, ids["room"])
    assert (again["start_date"], again["forecast_date"]) == (before["start_date"],
                                                             before["forecast_date"])
    # The chart follows the data: the bar is back where it was.
    assert widget.chart.data is not None
    index = int((widget.chart.data.ids == ids["room"]).nonzero()[0][0])
    assert widget.chart.data.end[index] == before["forecast_date"].toordinal() + 1


def test_double_click_opens_the_editor_and_refuses_reversed_dates(
        qtbot: Any, view: tuple[TimelineView, dict[str, int]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    widget, ids = view
    shown: list[str] = []

    def fake_exec(dialog: QDialog) -> int:
        ui = dialog.ui  # type: ignore[attr-defined]
        if not shown:
            ui.titleEdit.setText("Room refitted and painted")
            ui.startEdit.setDate(ui.startEdit.date().addDays(200))  # after the due date
        elif len(shown) == 1:
            focused.append(dialog.focusWidget())
            ui.startEdit.setDate(ui.startEdit.date().addDays(-200))
        else:
            return int(QDialog.DialogCode.Rejected)
        shown.append(ui.errorLabel.text())
        return int(QDialog.DialogCode.Accepted)

    focused: list[Any] = []
    monkeypatch.setattr(widget, "_exec", fake_exec)
    widget.chart.milestoneActivated.emit(ids["room"])
    assert shown[0] == ""
    assert len(shown) == 2  # the refusal kept the dialog open with a message
    assert "is after the due date" in shown[1]
    assert focused and focused[0].objectName() in ("startEdit", "dueEdit")  # the field at fault
    record = svc.get_milestone(widget.ctx.store, ids["room"])
    assert record["title"] == "Room refitted and painted"
    widget.ctx.undo.undo()
    assert svc.get_milestone(widget.ctx.store, ids["room"])["title"] == "Room refitted"


def _shown(rich: str) -> str:
    """What a rich-text label actually shows."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()


def test_editor_and_link_dialog_show_a_title_with_markup_as_typed(
        view: tuple[TimelineView, dict[str, int]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A title such as "R&D <phase 2>" lost its "<phase 2>" in the dialog headings."""
    widget, ids = view
    title = "R&D <phase 2> '; DROP TABLE opportunity; --"
    svc.update_milestone(widget.ctx.store, ids["room"], {"title": title})
    widget.reload()
    headings: list[str] = []

    def fake_exec(dialog: QDialog) -> int:
        if hasattr(dialog, "ui"):
            headings.append(_shown(dialog.ui.headingLabel.text()))
        else:
            headings.extend(_shown(label.text()) for label in dialog.findChildren(QLabel)
                            if "depends on" in label.text())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(widget, "_exec", fake_exec)
    widget.edit_milestone(ids["room"])
    widget.chart.select_milestone(ids["room"])
    widget.add_dependency()
    assert headings == [title, f"{title} depends on:"]
    widget.show_page("meeting")
    mode = widget.meeting_window.mode  # type: ignore[union-attr]
    mode.step([i.id for i in mode.items].index(ids["room"]) - mode.index)
    assert mode.title.textFormat() == Qt.TextFormat.PlainText and mode.title.text() == title
    assert svc.get_milestone(widget.ctx.store, ids["room"])["title"] == title


def test_clicking_a_group_collapses_it(view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, _ids = view
    before = len(widget.layout_.rows)  # type: ignore[union-attr]
    widget.chart.click_row(0, False)
    assert len(widget.layout_.rows) < before  # type: ignore[union-attr]
    widget.chart.click_row(0, False)
    assert len(widget.layout_.rows) == before  # type: ignore[union-attr]


def test_meeting_mode_steps_with_the_keyboard(qtbot: Any,
                                              view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, ids = view
    svc.take_snapshot(widget.ctx.store, None, dt.date(2026, 2, 1))
    svc.move_milestone(widget.ctx.store, ids["launch"], 10)
    widget.reload()
    window = widget.show_page("meeting")
    assert window is not None
    mode = widget.meeting_window.mode  # type: ignore[union-attr]
    titles = [mode.title.text()]
    for _ in range(3):
        QTest.keyClick(mode, Qt.Key.Key_Right)
        titles.append(mode.title.text())
    assert titles[:3] == ["Hub open to pupils", "Agree scope", "Room refitted"]
    QTest.keyClick(mode, Qt.Key.Key_Left)
    assert mode.title.text() == titles[2]
    assert "Slipped (1)" in mode.since.text() and "Launch assembly" in mode.since.text()
    assert "(+10 days)" in mode.since.text()
    assert mode.slip.curves  # the slip chart drew a line per milestone with snapshots
    assert mode.slip_title.text().endswith("bold line: “Room refitted”")  # which line is which
    with qtbot.waitSignal(mode.closeRequested):
        QTest.keyClick(mode, Qt.Key.Key_Escape)


def test_the_meeting_window_closes_with_the_plan_it_shows(
        qtbot: Any, window_factory: Any, sample_store: Store) -> None:
    """Closing the plan (or opening another) takes the projector's meeting window with it:
    it no longer shows a plan that is closed, and it is deleted with its view while Qt is
    whole, not by a later garbage collection (which crashed the process now and then)."""
    import shiboken6

    window = window_factory(sample_store)
    view = window.show_view("timeline")
    meeting = view.open_meeting_mode(full_screen=False)
    assert meeting.isVisible() and meeting.isWindow()
    assert meeting.mode.title.text()  # it shows the plan's first milestone
    window.close_plan()
    qtbot.waitUntil(lambda: not shiboken6.isValid(meeting))


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_meeting_mode_fits_a_projector_without_cutting_text(
        qtbot: Any, view: tuple[TimelineView, dict[str, int]], size: tuple[int, int]) -> None:
    """At 1024x768 the last lines of a long card used to run under the slip chart."""
    widget, ids = view
    store = widget.ctx.store
    svc.update_milestone(store, ids["room"], {
        "title": "Room refitted with quiet corners, a sensory space and a counsellor's office",
        "definition_of_done": "Signed off by both site managers, " * 6})
    svc.celebrate(store, ids["staff"], "Three strong candidates; the panel chose well. " * 3,
                  TODAY)
    svc.take_snapshot(store, None, dt.date(2026, 2, 1))
    svc.move_milestone(store, ids["launch"], 1)
    widget.reload()
    window = widget.show_page("meeting")
    assert window is not None
    window.resize(*size)
    mode = widget.meeting_window.mode  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: mode.size().width() == size[0])
    QApplication.processEvents()
    for _ in mode.items:
        assert mode.card_fits(), (size, mode.title.text())
        assert mode.since_fits(), size
        assert mode.minimumSizeHint().width() <= size[0]  # no line widens the window
        mode.step(1)
    big = mode.title.font().pointSizeF()
    assert big >= (28 if size[0] > 1500 else 18)  # still large type, not shrunk to nothing
    assert "(+1 day)" in mode.since.text()  # and counted in good English


def test_undoing_a_second_record_meeting_brings_back_the_first(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    """Recording the meeting twice on one day replaces the first snapshot; undo must put
    it back, not leave the day with no snapshot at all."""
    widget, ids = view
    store = widget.ctx.store

    def launch_at_meeting() -> list[dt.date | None]:
        data = svc.load_timeline(store, None)
        return [s.forecast for s in data.snapshots
                if s.taken_on == TODAY and s.milestone_id == ids["launch"]]

    first = svc.get_milestone(store, ids["launch"])["forecast_date"]
    widget.record_meeting()
    svc.move_milestone(store, ids["launch"], 10)
    widget.record_meeting()  # the same day again, after the launch slipped
    assert launch_at_meeting() == [first + dt.timedelta(days=10)]
    widget.ctx.undo.undo()
    assert launch_at_meeting() == [first]  # the first recording is back
    assert "Slipped (1)" in widget.since.text() and "(+10 days)" in widget.since.text()
    widget.ctx.undo.redo()
    assert launch_at_meeting() == [first + dt.timedelta(days=10)]
    widget.ctx.undo.undo()
    widget.ctx.undo.undo()
    assert launch_at_meeting() == []  # undoing the first recording leaves no snapshot


def test_view_exports_png_and_svg(view: tuple[TimelineView, dict[str, int]],
                                  tmp_path: Path) -> None:
    widget, _ids = view
    widget.write_view(tmp_path / "v.png", "png")
    widget.write_view(tmp_path / "v.svg", "svg")
    assert (tmp_path / "v.png").read_bytes()[:4] == b"\x89PNG"
    svg = (tmp_path / "v.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Room refitted" in svg


def _vertical_lines(svg_path: Path) -> list[tuple[float, str, bool]]:
    """Every one-x polyline in an SVG: (absolute x, stroke, whether a clip path holds it)."""
    import re
    import xml.etree.ElementTree as ET

    found: list[tuple[float, str, bool]] = []

    def walk(el: ET.Element, dx: float, stroke: str, clipped: bool) -> None:
        if el.get("transform"):
            dx = float(re.findall(r"-?[\d.]+(?:e[-+]?\d+)?", el.get("transform", ""))[4])
        stroke = el.get("stroke", stroke)
        clipped = clipped or el.get("clip-path") is not None
        if el.tag.endswith("polyline"):
            xs = {round(float(pt.split(",")[0]), 1) for pt in el.get("points", "").split()}
            if len(xs) == 1:
                found.append((xs.pop() + dx, stroke, clipped))
        for child in el:
            walk(child, dx, stroke, clipped)

    walk(ET.parse(svg_path).getroot(), 0.0, "", False)
    return found


@pytest.mark.parametrize("level", ["week", "month", "quarter", "year"])
def test_svg_of_the_view_draws_no_grid_line_in_the_title_column(
        view: tuple[TimelineView, dict[str, int]], tmp_path: Path, level: str) -> None:
    """The grid used to start at the period holding the view's left edge, so a line
    crossed the titles in SVG viewers, which do not clip like the screen does."""
    widget, _ids = view
    widget.zoom.setCurrentIndex(widget.zoom.findData(level))
    chart = widget.chart
    (x0, x1), _ = chart.vb.viewRange()
    chart.vb.setXRange(x0 + 40, x1 + 40, padding=0)  # a period starts left of the view
    QApplication.processEvents()
    widget.write_view(tmp_path / "v.svg", "svg")
    title_edge = chart.plotItem.vb.sceneBoundingRect().left()
    lines = _vertical_lines(tmp_path / "v.svg")
    grid = [x for x, stroke, _ in lines if stroke in ("#d9dde2", "#eef0f3")
            and abs(x - (title_edge - 1)) > 0.6]  # the title column's own border
    assert grid, "the grid was drawn"
    assert min(grid) >= title_edge - 0.5, [ln for ln in lines if ln[0] < title_edge]
    text = (tmp_path / "v.svg").read_text(encoding="utf-8")
    assert "<clipPath" in text  # bars cut by the view's edge stay inside it in viewers


def test_bite_check_lists_leaves_to_fix(view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, _ids = view
    texts = [widget.bites.item(i).text() for i in range(widget.bites.count())]
    assert "In Wellbeing hub, “Launch assembly” has no owner." in texts  # of two partnerships
    widget.bite_days.setValue(200)
    assert not any("spans" in t for t in
                   (widget.bites.item(i).text() for i in range(widget.bites.count())))


def test_print_preview_follows_the_page_setup(view: tuple[TimelineView, dict[str, int]],
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    widget, _ids = view
    dialog = widget.print_dialog()  # built, never exec'd
    assert len(dialog.images) == 1 and dialog.summary.text() == "1 page"
    dialog.mode.setCurrentIndex(dialog.mode.findData("tiles"))
    dialog.cols.setValue(2)
    dialog.rows.setValue(2)
    assert len(dialog.images) == 4 and "2 across × 2 down" in dialog.summary.text()
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(out), "PDF (*.pdf)"))
    dialog.save_pdf()
    assert out.read_bytes().startswith(b"%PDF")
    gone = tmp_path / "gone" / "printed.pdf"  # a folder removed meanwhile: said, not a crash
    warnings: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(gone), "PDF (*.pdf)"))
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning",
                        lambda _p, _t, text: warnings.append(text))
    dialog.save_pdf()
    assert warnings == [f"Could not write “{gone}”: its folder does not exist; nothing was written."]
    dialog.close()


def test_print_preview_says_why_one_page_became_several(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    """Fit to one page with 180 milestones would print 4 pt labels: the preview tiles and
    says why, so the leader is not surprised by the page count at the printer."""

    widget, ids = view
    for k in range(180):
        svc.create_milestone(widget.ctx.store, ids["p1"],
                             {"title": f"Step {k}", "due_date": dt.date(2026, 3, 1 + k % 28)})
    widget.reload(keep_view=False)
    dialog = widget.print_dialog()
    text = dialog.summary.text()
    assert text.startswith(f"On one page the labels would be under {tl_paper.MIN_LABEL_PT:g} pt")
    assert len(dialog.images) > 1 and f"{len(dialog.images)} pages" in text
    dialog.mode.setCurrentIndex(dialog.mode.findData("tiles"))  # asked for: no reason given
    assert dialog.summary.text() == "1 page"
    dialog.close()


def test_context_menu_removes_a_dependency_with_undo(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, ids = view
    menu = widget.context_menu(ids["room"])
    unlink = next(a.menu() for a in menu.actions() if a.text() == "Remove dependency")
    texts = [a.text() for a in unlink.actions()]
    assert texts == ["“Room refitted” after “Agree scope”",
                     "“Launch assembly” after “Room refitted”"]
    unlink.actions()[0].trigger()
    assert len(svc.load_timeline(widget.ctx.store).dependencies) == 2
    assert widget.layout_ is not None and len(widget.layout_.links) == 2
    widget.ctx.undo.undo()
    assert len(svc.load_timeline(widget.ctx.store).dependencies) == 3


def test_keyboard_chooses_and_opens_milestones(qtbot: Any,
                                               view: tuple[TimelineView, dict[str, int]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    widget, ids = view
    chart = widget.chart
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Down)  # from nothing: the first milestone
    QTest.keyClick(chart, Qt.Key.Key_Down)
    assert chart.selected_milestone() == ids["scope"]
    assert widget.edit_button.isEnabled()
    opened: list[int] = []
    monkeypatch.setattr(widget, "edit_milestone", lambda ident: opened.append(ident))
    chart.milestoneActivated.disconnect()
    chart.milestoneActivated.connect(widget.edit_milestone)
    QTest.keyClick(chart, Qt.Key.Key_Return)
    assert opened == [ids["scope"]]
    assert chart.data is not None
    index = int((chart.data.ids == ids["room"]).nonzero()[0][0])
    tip = chart.describe(index)
    assert "Room refitted" in tip and "At risk" in tip and "40 % done" in tip


def test_alt_arrows_move_the_chosen_milestone_with_undo(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    """Moving a milestone needed the mouse; Alt+→ moves it a day, Alt+Shift+← a week."""
    widget, ids = view
    store = widget.ctx.store
    chart = widget.chart
    before = svc.get_milestone(store, ids["room"])["forecast_date"]
    chart.select_milestone(ids["room"])
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert svc.get_milestone(store, ids["room"])["forecast_date"] == before + dt.timedelta(1)
    assert chart.data is not None
    index = int((chart.data.ids == ids["room"]).nonzero()[0][0])
    assert "1 day later than first agreed" in chart.describe(index)
    QTest.keyClick(chart, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert svc.get_milestone(store, ids["room"])["forecast_date"] == before - dt.timedelta(6)
    assert chart.selected_milestone() == ids["room"]  # still chosen for the next press
    widget.ctx.undo.undo()
    widget.ctx.undo.undo()
    assert svc.get_milestone(store, ids["room"])["forecast_date"] == before
    goal = svc.get_milestone(store, ids["goal"])["forecast_date"]
    chart.select_milestone(ids["goal"])  # a summary bar follows its steps: it stays put
    QTest.keyClick(chart, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert svc.get_milestone(store, ids["goal"])["forecast_date"] == goal


def test_the_chart_paints_bars_in_their_status_colours(
        qtbot: Any, view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, ids = view
    chart = widget.chart
    chart.set_zoom("fit")
    qtbot.wait(10)
    image = chart.grab().toImage()
    for key, colour in (("scope", "#1f5fa8"), ("visit", "#ffffff")):
        point = _bar_point(widget, ids[key])
        assert image.pixelColor(point).name() == colour
    # The today line is drawn in red through the rows.
    assert chart.data is not None
    scene = chart.vb.mapViewToScene(QPointF(chart.data.layout.today + 0.5, 2.5))
    x = chart.mapFromScene(scene).x()
    reds = [image.pixelColor(QPoint(x + dx, y)).name() for dx in (-1, 0, 1)
            for y in range(chart.mapFromScene(scene).y() - 6, chart.mapFromScene(scene).y() + 6)]
    assert "#c62828" in reds


def test_split_into_bites_from_the_menu_and_undo(view: tuple[TimelineView, dict[str, int]]
                                                 ) -> None:
    widget, ids = view
    menu = widget.context_menu(ids["visit"])
    split = next(a for a in menu.actions() if a.text() == "Split into 42-day bites")
    split.trigger()
    assert widget.data is not None
    assert sum(i.parent_id == ids["visit"] for i in widget.data.items) == 3
    widget.ctx.undo.undo()
    assert widget.data is not None
    assert sum(i.parent_id == ids["visit"] for i in widget.data.items) == 0


def test_changes_tab_lists_every_change_not_five(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    """The side panel scrolls, so it names every added milestone (meeting mode keeps five)."""
    widget, ids = view
    widget.record_meeting()
    titles = [f"Step {k}" for k in range(8)]
    for title in titles:
        svc.create_milestone(widget.ctx.store, ids["p1"], {"title": title,
                                                          "due_date": dt.date(2026, 6, 1)})
    widget.reload()
    text = widget.since.text()
    assert "Added (8)" in text and all(t in text for t in titles) and "more" not in text


def test_side_tabs_show_changes_since_the_last_meeting(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    widget, ids = view
    assert "No meeting snapshot yet" in widget.since.text()
    widget.record_meeting()  # today's forecasts become the meeting's snapshot
    widget.move_milestone(ids["staff"], 5)
    assert "Slipped (1)" in widget.since.text() and "(+5 days)" in widget.since.text()
    assert widget.side._slip is None  # no chart made behind a tab not chosen yet
    widget.side_tabs.setCurrentIndex(widget.side_tabs.count() - 1)  # as a click on the tab
    chart = widget.side_tabs.currentWidget()
    assert chart is widget.slip and widget.side_tabs.tabText(2) == "Slip chart"
    assert set(chart.curves) == {ids[k] for k in ("goal", "scope", "room", "staff",
                                                  "launch", "visit")}
    widget.ctx.undo.undo()
    widget.ctx.undo.undo()
    assert "No meeting snapshot yet" in widget.since.text()


def test_an_edit_refreshes_only_the_edited_milestone(
        view: tuple[TimelineView, dict[str, int]], monkeypatch: pytest.MonkeyPatch) -> None:
    widget, ids = view

    def whole_plan(*_args: object) -> None:
        raise AssertionError("an edit of one milestone reloaded the whole plan")

    monkeypatch.setattr("planner.ui.timeline.view.svc.load_timeline", whole_plan)
    widget.move_milestone(ids["launch"], 3)
    item = widget.data.item(ids["launch"]) if widget.data else None
    assert item is not None and item.end == dt.date(2026, 5, 4)
    bar = next(b for b in widget.layout_.bars if b.milestone_id == ids["launch"])  # type: ignore[union-attr]
    assert bar.end == dt.date(2026, 5, 5).toordinal()


def test_printing_sends_every_previewed_page(view: tuple[TimelineView, dict[str, int]],
                                             tmp_path: Path) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter


    widget, _ids = view
    dialog = widget.print_dialog()
    dialog.mode.setCurrentIndex(dialog.mode.findData("tiles"))
    dialog.cols.setValue(3)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # a PDF file stands in for paper
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_pages(printer)
    pages = PdfReader(tmp_path / "printed.pdf").pages
    assert len(pages) == 3
    assert float(pages[0].mediabox.width) > float(pages[0].mediabox.height)  # landscape
    dialog.close()


def test_milestone_editor_is_usable_from_the_keyboard(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    """Every field has its own Alt+letter, and Tab leaves the multi-line boxes."""
    from planner.ui.timeline.view import MilestoneDialog

    widget, ids = view
    dialog = MilestoneDialog(widget.ctx, svc.get_milestone(widget.ctx.store, ids["room"]),
                             [], widget)
    letters = []
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None:
            text = label.text()
            assert "&" in text, text
            letters.append(text[text.index("&") + 1].lower())
    letters.append("m")  # the small-win box: "A s&mall win…"
    assert "&m" in dialog.ui.smallWinCheck.text()
    assert len(letters) == len(set(letters)) >= 14, letters
    assert dialog.ui.doneEdit.tabChangesFocus() and dialog.ui.notesEdit.tabChangesFocus()
    dialog.deleteLater()


def test_slip_chart_beside_the_gantt_labels_its_dates(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    """In the narrow side panel the forecast axis used to show no dates at all."""
    from PySide6.QtGui import QImage, QPainter

    widget, ids = view
    store = widget.ctx.store
    svc.take_snapshot(store, None, dt.date(2026, 1, 5))
    svc.move_milestone(store, ids["launch"], 20)
    svc.take_snapshot(store, None, dt.date(2026, 2, 2))
    widget.reload()
    widget.side_tabs.setCurrentWidget(widget.slip)
    QApplication.processEvents()
    assert widget.slip.width() < 320  # the side panel, not a full-width chart
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        drawn = {}
        for name in ("left", "bottom"):
            axis = widget.slip.getPlotItem().getAxis(name)
            _axis, _ticks, texts = axis.generateDrawSpecs(painter)
            drawn[name] = [text for _rect, _flags, text in texts if text]
    finally:
        painter.end()
    assert len(drawn["left"]) >= 2, drawn
    assert all(any(c.isdigit() for c in t) and len(t) >= 6 for t in drawn["left"]), drawn
    assert drawn["bottom"], drawn


def test_hovering_a_title_shows_it_whole(view: tuple[TimelineView, dict[str, int]]) -> None:
    """Long titles are cut short with "…" in the title column; hovering shows them whole."""
    widget, ids = view
    long = "Room refitted with quiet corners, a sensory space and a counsellor's office"
    svc.update_milestone(widget.ctx.store, ids["room"], {"title": long})
    widget.reload()
    chart = widget.chart
    bar = _bar_point(widget, ids["room"])
    title = QPoint(40, bar.y())  # the same row, over its title
    _mouse(chart.viewport(), QEvent.Type.MouseMove, title, Qt.MouseButton.NoButton,
           Qt.MouseButton.NoButton)
    assert long in _shown(chart.toolTip()) and "At risk" in chart.toolTip()
    assert chart.data is not None
    group_row = next(r.index for r in chart.data.layout.rows if r.kind == "group")
    assert chart.describe_row(group_row).startswith("<b>Wellbeing hub</b><br>")


def test_a_refused_celebration_note_is_offered_again_as_typed(
        view: tuple[TimelineView, dict[str, int]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Celebrating a step that has not started yet is refused; the note typed comes back."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    widget, ids = view
    store = widget.ctx.store
    svc.update_milestone(store, ids["staff"], {"start_date": TODAY + dt.timedelta(days=10)})
    widget.reload()
    answers = [("Pupils cheered.", True), ("Pupils cheered.", False)]
    offered: list[str] = []

    def get_text(*args: Any) -> tuple[str, bool]:
        offered.append(args[4] if len(args) > 4 else "")
        return answers.pop(0)

    warnings: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    widget.chart.select_milestone(ids["staff"])
    widget.celebrate()
    assert offered == ["", "Pupils cheered."]  # the second time, the note came back as typed
    assert warnings and "before the start" in warnings[0]
    assert svc.get_milestone(store, ids["staff"])["status"] != "done"


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_an_unwritable_export_says_so(view: tuple[TimelineView, dict[str, int]], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    widget, _ids = view
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    target = tmp_path / "gone" / f"v.{kind}"
    widget.write_view(target, kind)
    assert warnings == [f"Could not write “{target}”: its folder does not exist; nothing was "
                        "written."]


def test_import_milestones_shows_a_preview_then_adds_them_in_one_undo_step(
        view: tuple[TimelineView, dict[str, int]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """File › Import milestones…: a file another planner wrote (here our own MS Project
    export of the first partnership) previewed, put into the second partnership, undone in
    one step and redone with the same ids."""
    from planner.services import exchange
    from planner.ui.timeline.import_dialog import ImportPreviewDialog

    widget, ids = view
    source = tmp_path / "hub.xml"
    exchange.export_timeline_file(widget.ctx.store, source, ids["p1"])
    shown: list[ImportPreviewDialog] = []

    def into_the_second(dialog: QDialog) -> int:
        assert isinstance(dialog, ImportPreviewDialog)
        shown.append(dialog)
        dialog.target.setCurrentIndex(dialog.target.findData(ids["p2"]))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(widget, "_exec", into_the_second)
    status: list[str] = []
    widget.ctx.events.status.connect(status.append)
    before = {i.id for i in svc.load_timeline(widget.ctx.store, ids["p2"]).items}
    widget.import_milestones(source)
    (dialog,) = shown
    assert dialog.summary.text().startswith("6 tasks and 3 links from hub.xml (MS Project XML)")
    assert "Owners: 2 of 2 are people of this plan." in dialog.summary.text()
    top = dialog.tree.topLevelItem(0)
    assert top.text(0) == "Wellbeing hub" and top.child(0).text(0) == "Hub open to pupils"
    after = svc.load_timeline(widget.ctx.store, ids["p2"]).items
    added = {i.id: i for i in after if i.id not in before}
    assert len(added) == 6
    assert {i.owner_theirs for i in added.values()} >= {"عمر الفاروق"}
    # The done step's actual start: the one thing the file holds that a milestone does not.
    assert status[-1] == ("Imported 6 milestones into Łódź exchange — Żółć; 1 detail this "
                          "program does not keep left out. Undo takes them all away.")
    assert widget.ctx.undo.count() == 1
    widget.ctx.undo.undo()
    assert {i.id for i in svc.load_timeline(widget.ctx.store, ids["p2"]).items} == before
    widget.ctx.undo.redo()
    again = {i.id for i in svc.load_timeline(widget.ctx.store, ids["p2"]).items} - before
    assert again == set(added)


def test_importing_a_file_that_is_no_project_says_so_and_adds_nothing(
        view: tuple[TimelineView, dict[str, int]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    widget, _ids = view
    letter = tmp_path / "letter.xml"
    letter.write_text("<letter><to>Board</to></letter>", encoding="utf-8")
    said: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning",
                        lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(widget, "_exec", lambda _d: pytest.fail("no preview for a non-project"))
    widget.import_milestones(letter)
    assert said == ["letter.xml is not an MS Project XML or GNOME Planner file (its root "
                    "element is <letter>)."]
    assert widget.ctx.undo.count() == 0


def test_calendar_export_asks_what_goes_into_the_diary_and_remembers_it(
        view: tuple[TimelineView, dict[str, int]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.ui.timeline.view import CalendarDialog

    widget, _ids = view
    out = tmp_path / "diary"  # typed without its ending
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(out), "iCalendar (*.ics)"))
    seen: list[bool] = []

    def spans(dialog: QDialog) -> int:
        assert isinstance(dialog, CalendarDialog)
        seen.append(dialog.boxes["spans"].isChecked())
        dialog.boxes["spans"].setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(widget, "_exec", spans)
    widget.export_data("ics")
    text = out.with_suffix(".ics").read_text(encoding="utf-8")
    # "Room refitted" runs from 9 Feb to 20 Mar 2026: a span, not a one-day event.
    room = text.split("SUMMARY:Room refitted")[0].rsplit("BEGIN:VEVENT", 1)[1] + text.split(
        "SUMMARY:Room refitted")[1].split("END:VEVENT")[0]
    assert "DTSTART;VALUE=DATE:20260209" in room and "DTEND;VALUE=DATE:20260321" in room
    widget.export_data("ics")
    assert seen == [False, True]  # the second time the dialog opens as it was left


def test_timeline_as_a_spreadsheet_or_for_ms_project(
        view: tuple[TimelineView, dict[str, int]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    widget, _ids = view
    answers = iter([(str(tmp_path / "t"), "CSV, comma-separated (*.csv)"),
                    (str(tmp_path / "t.xml"), "MS Project XML (*.xml)")])
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: next(answers))
    widget.export_data("xlsx")
    rows = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("Partnership,") and any("Room refitted" in r for r in rows)
    widget.export_data("xml")
    assert "<Name>Room refitted</Name>" in (tmp_path / "t.xml").read_text(encoding="utf-8")


def test_the_milestone_editors_dates_behave_as_every_other_date_box(
        view: tuple[TimelineView, dict[str, int]]) -> None:
    """One format, and an empty date can be cleared again, in the editor as in the views;
    the Gantt's tooltip says dates the same way."""
    from PySide6.QtWidgets import QDateEdit

    from planner.ui.timeline.view import MilestoneDialog

    widget, ids = view
    record = svc.get_milestone(widget.ctx.store, ids["staff"])  # no start date
    dialog = MilestoneDialog(widget.ctx, record, [], widget)
    edits = dialog.findChildren(QDateEdit)
    assert {e.displayFormat() for e in edits} == {"d MMM yyyy"}
    assert dialog.ui.dueEdit.text() == "17 Apr 2026"
    assert any(a.text() == "Clear the date" for a in dialog.ui.startEdit.actions())
    dialog.close()
    chart = widget.chart
    index = next(i for i in range(len(chart.data.ids)) if int(chart.data.ids[i]) == ids["staff"])
    assert "Fri 17 Apr 2026" in chart.describe(index)
