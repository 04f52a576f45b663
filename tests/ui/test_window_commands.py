"""Every command within reach on a laptop: the Timeline menu, View entries, the tool bar's »
menu, meeting mode full screen on the window's screen (issue 17)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QToolBar, QToolButton

from planner.services import timeline as svc
from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow


def _menu(window: MainWindow, title: str) -> dict[str, Any]:
    found = {}
    for action in window.menus[title].actions():
        found[action.text().replace("&", "")] = action
        if action.menu() is not None:
            for sub in action.menu().actions():
                found[sub.text().replace("&", "")] = sub
    return found


@pytest.fixture
def laptop(window_factory: Any, sample_store: Store, qtbot: Any) -> MainWindow:
    """The sample plan in a window as wide as a 1366×768 laptop's screen."""
    window = window_factory(sample_store)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    window.install_shortcuts()
    return window


def test_record_meeting_is_in_the_timeline_menu_on_a_laptop(laptop: MainWindow) -> None:
    assert laptop.store is not None
    before = len(svc.load_timeline(laptop.store).snapshots)
    laptop.show_view("dashboard")
    _menu(laptop, "&Timeline")["Record meeting"].trigger()
    assert laptop.stack.currentWidget() is laptop.views["timeline"]
    taken = svc.load_timeline(laptop.store).snapshots
    assert len(taken) > before
    assert {s.taken_on for s in taken[before:]} == {dt.date.today()}
    laptop.undo.undo()  # the snapshot is an edit like any other
    assert len(svc.load_timeline(laptop.store).snapshots) == before


def test_the_timeline_menu_carries_every_tool_bar_command(laptop: MainWindow) -> None:
    menu = _menu(laptop, "&Timeline")
    for name in ("Add milestone…", "Record meeting", "Meeting mode", "Print / PDF…",
                 "PNG of the timeline…", "SVG of the timeline…", "Calendar (.ics)…"):
        assert name in menu and menu[name].isEnabled(), name
    assert menu["Meeting mode"].shortcut().toString() == "F5"


def test_the_tool_bar_overflow_offers_what_did_not_fit(laptop: MainWindow, qtbot: Any) -> None:
    view = laptop.show_view("timeline")
    assert view is not None
    bar = view.findChild(QToolBar)
    snapshot = next(b for b in bar.findChildren(QPushButton) if b.text() == "Record meeting")
    if snapshot.isVisibleTo(bar):
        laptop.resize(1024, 740)  # this style's fonts fit more: make it overflow
        qtbot.wait(50)
    assert not snapshot.isVisibleTo(bar)
    more = next(b for b in bar.findChildren(QToolButton)
                if b.objectName() == "qt_toolbar_ext_button")
    assert more.isVisible()
    more.menu().aboutToShow.emit()  # what the » button's menu holds when opened
    items = {a.text(): a for a in more.menu().actions()}
    assert "Record meeting" in items
    assert laptop.store is not None
    before = len(svc.load_timeline(laptop.store).snapshots)
    items["Record meeting"].trigger()
    assert len(svc.load_timeline(laptop.store).snapshots) > before


def test_meeting_mode_is_full_screen_from_the_button_and_f5_and_esc_leaves(
        laptop: MainWindow, qtbot: Any) -> None:
    view = laptop.show_view("timeline")
    assert view is not None
    button = next(b for b in view.findChildren(QPushButton) if b.text() == "Meeting mode")
    button.click()  # clicked(bool) once asked for a window instead of full screen
    meeting = view.meeting_window  # type: ignore[attr-defined]
    assert meeting.isVisible() and meeting.isFullScreen()
    assert meeting.windowState() & Qt.WindowState.WindowFullScreen
    assert meeting.screen() is laptop.screen()
    QTest.keyClick(meeting.mode, Qt.Key.Key_Escape)
    assert not meeting.isVisible()
    laptop.show_view("dashboard")
    laptop.activateWindow()
    QTest.keyClick(laptop, Qt.Key.Key_F5)
    assert laptop.stack.currentWidget() is view
    assert meeting.isVisible() and meeting.isFullScreen()
    QTest.keyClick(meeting.mode, Qt.Key.Key_Escape)
    assert not meeting.isVisible()


def test_view_menu_opens_the_meeting_log_and_the_capacity_board(laptop: MainWindow) -> None:
    menu = _menu(laptop, "&View")
    menu["Meeting log"].trigger()
    dashboard = laptop.views["dashboard"]
    assert laptop.stack.currentWidget() is dashboard
    assert dashboard.tabs.currentWidget() is dashboard._log_page  # type: ignore[attr-defined]
    menu["Capacity"].trigger()
    screening = laptop.views["screening"]
    assert laptop.stack.currentWidget() is screening
    assert screening.pages.currentIndex() == 2  # type: ignore[attr-defined]


def test_view_theme_dark_rebuilds_the_views_readable_and_is_remembered(
        laptop: MainWindow, qtbot: Any) -> None:
    from planner.ui.shell import theme
    from tests.ui.layout_check import problems

    laptop.show_view("dashboard")
    before = laptop.views["dashboard"]
    try:
        laptop.menus.theme_actions["dark"].trigger()
        assert laptop.settings.theme == "dark" and theme.current_is_dark()
        assert laptop.menus.theme_actions["dark"].isChecked()
        assert not laptop.menus.theme_actions["system"].isChecked()
        view = laptop.views["dashboard"]
        assert view is not before and laptop.stack.currentWidget() is view
        qtbot.wait(20)
        found = problems(laptop)
        assert found == [], "\n".join(found)  # no white-on-near-white secondary text
        window_bg = laptop.palette().color(laptop.backgroundRole())
        assert window_bg.lightness() < 80
    finally:
        laptop.menus.theme_actions["light"].trigger()
    assert not theme.current_is_dark()
    qtbot.wait(20)
    view = laptop.views["dashboard"]
    assert view.palette().color(view.backgroundRole()).lightness() > 180
    found = problems(laptop)
    assert found == [], "\n".join(found)


def test_the_slip_chart_has_a_key(laptop: MainWindow, qtbot: Any) -> None:
    view = laptop.show_view("timeline")
    assert view is not None
    meeting = view.open_meeting_mode(full_screen=False)  # type: ignore[attr-defined]
    meeting.resize(1024, 768)
    qtbot.wait(50)
    chart = meeting.mode.slip
    assert chart.key.isVisible()
    assert chart.key_names[-1] == "Forecast = meeting date (out of time)"
    assert len(chart.key_names) >= 2
    side = view.slip  # type: ignore[attr-defined]
    view.side_tabs.setCurrentWidget(side)  # type: ignore[attr-defined]  # drawn when shown
    assert side.lines
    side.resize(300, 300)  # beside the Gantt chart: too narrow to draw it, said on hover
    side.set_lines(side.lines)
    assert not side.key.isVisible()
    assert "Forecast = meeting date" in side.toolTip()
    meeting.close()
