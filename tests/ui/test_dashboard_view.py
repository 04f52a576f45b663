"""The Dashboard view: tiles show the summary, clicking a signal opens its record, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QTreeWidget, QTreeWidgetItem

from planner.domain import health
from planner.services import dashboard as dash
from planner.store.database import Store
from planner.ui.dashboard.view import LINK_ROLE, DashboardView
from planner.ui.shell.main_window import MainWindow
from tests.services.test_dashboard import TODAY, build_portfolio


@pytest.fixture
def built(store: Store) -> tuple[Store, dict[str, int]]:
    return store, build_portfolio(store)


@pytest.fixture
def view(window_factory, built: tuple[Store, dict[str, int]]) -> DashboardView:  # type: ignore[no-untyped-def]
    window: MainWindow = window_factory(built[0])
    window.resize(1400, 900)
    window.show()
    found = window.show_view("dashboard")
    assert isinstance(found, DashboardView)
    found.today = TODAY
    found.reload()
    return found


def partnership_item(tree: QTreeWidget, title: str) -> QTreeWidgetItem:
    for i in range(tree.topLevelItemCount()):
        if tree.topLevelItem(i).text(0) == title:
            return tree.topLevelItem(i)
    raise AssertionError(f"{title} not in the tree")


def click(qtbot, tree: QTreeWidget, item: QTreeWidgetItem, column: int = 0) -> None:  # type: ignore[no-untyped-def]
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    x = tree.header().sectionPosition(column) + 40
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center().__class__(x, rect.center().y()))


def test_tiles_show_the_summary(view: DashboardView) -> None:
    s = view.summary
    assert s is not None
    assert view.slots_tile.value.text() == "2 of 2"
    assert view.hours_tile.value.text() == f"{dash.fmt_hours(s.ceo_actual)} actual"
    assert "budget 20 h · committed 7 h" in view.hours_tile.note.text()
    assert view.health_tile.value.text() == "2 at risk"
    assert view.health_tile.note.text() == "0 to watch · 1 healthy"
    assert view.signature_tile.value.text() == "1"
    assert "Riverbend Learning Trust" in view.heading.text()


def test_health_tree_states_and_sentences(view: DashboardView) -> None:
    tree = view.health_tree
    assert [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())] == [
        "At risk", "At risk", "Healthy"]
    uni = partnership_item(tree, "City University")
    sentences = [uni.child(i).text(0) for i in range(uni.childCount())]
    assert "No day-to-day lead (person or division) is named for “City University”." \
        in sentences
    assert uni.isExpanded()
    club = partnership_item(tree, "Riverside FC")
    assert club.child(0).text(0) == "No warning signs." and not club.isExpanded()


def test_clicking_a_signal_opens_the_record_it_names(qtbot, view: DashboardView,  # type: ignore[no-untyped-def]
                                                     built: tuple[Store, dict[str, int]]) -> None:
    ids = built[1]
    uni = partnership_item(view.health_tree, "City University")
    slip = next(uni.child(i) for i in range(uni.childCount())
                if uni.child(i).data(0, LINK_ROLE)[0] == "milestone"
                and "forecast for" in uni.child(i).text(0))
    with qtbot.waitSignal(view.ctx.events.open_record, timeout=2000) as blocker:
        click(qtbot, view.health_tree, slip)
    assert blocker.args == ["milestone", ids["uni_milestone"]]
    window = view.window()
    assert isinstance(window, MainWindow)
    assert window.stack.currentWidget() is window.views["timeline"]  # the window went there
    window.show_view("dashboard")

    action = next(uni.child(i) for i in range(uni.childCount())
                  if "Name a project lead" in uni.child(i).text(0))
    with qtbot.waitSignal(view.ctx.events.open_record, timeout=2000) as blocker:
        click(qtbot, view.health_tree, action)
    assert blocker.args == ["meeting", ids["uni_meeting"]]
    # The meeting lives in this view: the log tab opens with that meeting selected.
    assert view.tabs.currentIndex() == 1 and view.meeting_log.isVisible()
    selected = view.meeting_log.selected()
    assert selected is not None and selected.id == ids["uni_meeting"]


def test_clicking_list_lines_opens_records(qtbot, view: DashboardView,  # type: ignore[no-untyped-def]
                                           built: tuple[Store, dict[str, int]]) -> None:
    ids = built[1]
    item = view.reviews_list.topLevelItem(0)
    assert item.text(0) == "11 Jun 2026 · Holiday clubs\nRiverside FC (high)"
    assert view.reviews_list_heading.text() == "<b>Conflict areas due for review (1)</b>"
    with qtbot.waitSignal(view.ctx.events.open_record, timeout=2000) as blocker:
        click(qtbot, view.reviews_list, item)
    assert blocker.args == ["conflict_area", ids["review_soon"]]
    item = view.signature_list.topLevelItem(0)
    with qtbot.waitSignal(view.ctx.events.open_record, timeout=2000) as blocker:
        click(qtbot, view.signature_list, item)
    assert blocker.args == ["agreement", ids["awaiting"]]
    upcoming = [view.upcoming_list.topLevelItem(i).text(0).split("\n")[0]
                for i in range(view.upcoming_list.topLevelItemCount())]
    assert upcoming == ["11 Jun 2026 · Summer camp", "21 Jun 2026 · Data-sharing schedule"]


def test_hours_bars_are_drawn_to_scale(view: DashboardView) -> None:
    budget, committed, actual = (r.width() for r in view.hours_bars.bar_rects())
    s = view.summary
    assert s is not None
    assert budget == pytest.approx(max(budget, committed, actual))
    assert committed / budget == pytest.approx(s.ceo_committed / s.ceo_budget)
    assert actual / budget == pytest.approx(s.ceo_actual / s.ceo_budget)
    image = view.hours_bars.grab().toImage()
    rect = view.hours_bars.bar_rects()[1]
    colour = image.pixelColor(int(rect.left() + 5), int(rect.center().y()))
    assert colour.name() == "#1a5fb4"  # committed, within the budget


def test_refresh_after_a_change(view: DashboardView, built: tuple[Store, dict[str, int]]) -> None:
    store = built[0]
    _, changes = dash.set_health_setting(store, "protocol_weeks", 20)
    view.ctx.events.emit_changes(changes)
    uni = partnership_item(view.health_tree, "City University")
    assert all("protocol" not in uni.child(i).text(0) for i in range(uni.childCount()))


def test_export_board_pack_from_the_view(qtbot, view: DashboardView, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "pack.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(out), "PDF files (*.pdf)"))
    messages: list[str] = []
    view.ctx.events.status.connect(messages.append)
    view.export_button.click()
    qtbot.waitUntil(lambda: any("Board pack written" in m for m in messages), timeout=15000)
    assert view.export_job is not None and view.export_job.state == "done"
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "2 of 2" in text and "2 at risk" in text
    assert view.export_button.isEnabled()


def test_export_failure_is_reported(qtbot, view: DashboardView, tmp_path: Path,  # type: ignore[no-untyped-def]
                                    errors: list[str]) -> None:
    job = view.export_boardpack(tmp_path / "no such folder" / "pack.pdf")
    assert job is not None
    qtbot.waitUntil(lambda: bool(errors), timeout=15000)
    assert "could not be written" in errors[0] and view.export_button.isEnabled()


def test_show_page_and_empty_plan(window_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = Store.open(tmp_path / "empty.sqlite", create=True)
    window = window_factory(empty)
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)
    assert view.show_page("meetings") is None and view.tabs.currentIndex() == 1
    assert view.show_page("portfolio") is None and view.tabs.currentIndex() == 0
    assert not view.show_record("milestone", 1)
    assert "No partnership is being pursued yet" in view.health_tree.topLevelItem(0).text(0)
    assert view.health_tile.value.text() == "0 at risk"
    assert view.summary is not None and view.summary.counts[health.HEALTHY] == 0


def test_health_rules_tab_changes_thresholds_with_undo(view: DashboardView,
                                                       built: tuple[Store, dict[str, int]]) -> None:
    store = built[0]
    view.show_page("rules")
    assert view.tabs.currentIndex() == 2 and view.rules.isVisible()
    spin = view.rules.spins["protocol_weeks"]
    assert spin.value() == 8

    def uni_codes() -> list[str]:
        uni = partnership_item(view.health_tree, "City University")
        return [uni.child(i).text(0) for i in range(uni.childCount())]

    assert any("no protocol" in s for s in uni_codes())
    spin.setValue(11)
    spin.setValue(12)  # typing on: one undo step
    assert dash.health_settings(store).protocol_weeks == 12
    assert not any("no protocol" in s for s in uni_codes())
    assert view.ctx.undo.count() == 1
    view.ctx.undo.undo()
    assert dash.health_settings(store).protocol_weeks == 8 and spin.value() == 8
    assert any("no protocol" in s for s in uni_codes())

    view.rules.spins["watch_limit"].setValue(9)
    view.rules.spins["small_win_weeks"].setValue(2)
    view.rules.defaults_button.click()
    assert dash.health_settings(store) == health.HealthSettings()
    view.ctx.undo.undo()
    assert dash.health_settings(store).watch_limit == 9
    assert view.rules.spins["small_win_weeks"].value() == 2


def test_the_sample_portfolio_on_the_dashboard(window_factory, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    window = window_factory(sample_store)
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)
    s = view.summary
    assert s is not None and s.pursued >= 3
    tree = view.health_tree
    assert tree.topLevelItemCount() == s.pursued
    # Every sentence shown is linked to a record.
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            child = top.child(j)
            if child.text(0) != "No warning signs.":
                kind, ident = child.data(0, LINK_ROLE)
                assert kind and ident > 0
    assert view.meeting_log.model.rowCount() > 0


def test_hidden_dashboard_catches_up_when_shown(view: DashboardView,
                                                built: tuple[Store, dict[str, int]]) -> None:
    window = view.window()
    assert isinstance(window, MainWindow)
    window.show_view("organisation")
    assert not view.isVisible()
    _, changes = dash.set_health_setting(built[0], "protocol_weeks", 20)
    view.ctx.events.emit_changes(changes)
    uni = partnership_item(view.health_tree, "City University")
    assert any("protocol" in uni.child(i).text(0) for i in range(uni.childCount()))  # stale
    window.show_view("dashboard")
    uni = partnership_item(view.health_tree, "City University")
    assert not any("protocol" in uni.child(i).text(0) for i in range(uni.childCount()))


def test_partnership_menu_logs_a_meeting_for_it(view: DashboardView,
                                                built: tuple[Store, dict[str, int]],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.ui.dashboard.meeting_log import MeetingEditorDialog

    ids = built[1]
    seen: list[str] = []

    def fake_exec(dialog: MeetingEditorDialog) -> int:
        seen.append(dialog.ui.partnershipCombo.currentText())
        return 0  # cancelled

    monkeypatch.setattr(MeetingEditorDialog, "exec", fake_exec)
    club = partnership_item(view.health_tree, "Riverside FC")
    actions = view.partnership_actions(club.child(0))  # a signal row works too
    assert [a.text() for a in actions] == ["Log a meeting…", "Show its meetings",
                                          "Open the partnership"]
    actions[0].trigger()
    assert seen == ["Riverside FC"]  # the editor starts on that partnership
    assert view.tabs.currentIndex() == 1
    assert view.meeting_log.partnership_id == ids["healthy"]
    assert {m.partnership for m in view.meeting_log.model.rows} == {"Riverside FC"}
    assert view.partnership_actions(view.upcoming_list.topLevelItem(0)) == []


def test_names_with_markup_show_as_typed(window_factory, store: Store) -> None:  # type: ignore[no-untyped-def]
    """An organisation called "Smith & Jones <Trust>" lost "<Trust>" in the heading, and a
    partnership's name in the meeting editor's heading likewise."""
    from PySide6.QtGui import QTextDocument

    from planner.services import meetings as msvc
    from planner.store.tables import Opportunity, Organisation
    from planner.ui.dashboard.meeting_log import MeetingEditorDialog

    ids = build_portfolio(store)
    name = "Smith & Jones <Trust> <b>'; DROP TABLE opportunity; --"
    with store.work() as w:
        for org in w.list(Organisation, is_self=True):
            org.name = name
            w.add(org)
        opp = w.one(Opportunity, ids["inertia"])
        opp.title = "<i>Arts</i> & Crafts"
        w.add(opp)
    window = window_factory(store)
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)

    def shown(rich: str) -> str:
        doc = QTextDocument()
        doc.setHtml(rich)
        return doc.toPlainText()

    assert shown(view.heading.text()).startswith(name)
    data = msvc.get_meeting(store, ids["uni_meeting"])
    dialog = MeetingEditorDialog(msvc.partnerships(store), data)
    assert shown(dialog.ui.headingLabel.text()).startswith("<i>Arts</i> & Crafts — meeting of")
    dialog.deleteLater()


def test_one_partnership_is_counted_in_the_singular(window_factory, store: Store) -> None:  # type: ignore[no-untyped-def]
    from planner.store.tables import Opportunity

    with store.work() as w:
        w.add(Opportunity(title="Only one", stage="pursued"))
    window = window_factory(store)
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)
    assert "1 partnership pursued ·" in view.heading.text()
    assert "· 1 partnership pursued ·" in dash.board_pack(store).subtitle


def test_a_long_list_shows_its_nearest_lines_and_links_to_the_rest(
        qtbot, view: DashboardView, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A plan kept for years has thousands of reviews due: the list shows the nearest
    (LINES_SHOWN), the heading counts them all, and the last line opens the whole list."""
    from planner.ui.dashboard import lists

    monkeypatch.setattr(lists, "LINES_SHOWN", 1)
    view.reload()
    lines = [view.upcoming_list.topLevelItem(i).text(0)
             for i in range(view.upcoming_list.topLevelItemCount())]
    assert lines[0].split("\n")[0] == "11 Jun 2026 · Summer camp"
    assert lines[1:] == ["and 1 more — open the timeline"]
    assert view.upcoming_list_heading.text().endswith("(2)</b>")
    with qtbot.waitSignal(view.ctx.events.show_view, timeout=2000) as blocker:
        click(qtbot, view.upcoming_list, view.upcoming_list.topLevelItem(1))
    assert blocker.args == ["timeline", ""]
    # A list no longer than LINES_SHOWN is shown whole, with no such line.
    assert view.reviews_list.topLevelItemCount() == 1
    assert view.reviews_list.topLevelItem(0).text(0).startswith("11 Jun 2026 · Holiday clubs")


def test_a_long_plan_lists_its_nearest_reviews_and_counts_them_all(
        qtbot, window_factory, long_plan: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary lists only the nearest reviews due (at 100,000 milestones 10,450 are
    due): the heading still counts them all, the last line says how many more, and the
    board pack lists every one."""
    from bench import _scale_plan
    from planner.store.engine import sqlite_backup

    monkeypatch.setattr(dash, "REVIEWS_LISTED", 2)
    sqlite_backup(long_plan, tmp_path / "long.sqlite")
    store = Store.open(tmp_path / "long.sqlite")  # a plan made earlier, reopened
    every = dash.reviews_due(store, _scale_plan.DAY)
    assert len(every) > 2
    window: MainWindow = window_factory(store)
    window.show()
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)
    view.today = _scale_plan.DAY
    view.reload()
    lines = [view.reviews_list.topLevelItem(i).text(0)
             for i in range(view.reviews_list.topLevelItemCount())]
    assert view.reviews_list_heading.text().endswith(f"({len(every)})</b>")
    assert [line.split("\n")[0] for line in lines[:2]] == [
        f"{dash.fmt_date(i.when)} · {i.text}" for i in every[:2]]
    assert lines[2:] == [f"and {len(every) - 2:,} more — open the register"]
    section = dict(dash.board_pack(store, _scale_plan.DAY).sections)
    assert len(section["Conflict areas due for review"]) == len(every)


def test_a_watch_threshold_beyond_its_at_risk_one_says_what_the_rules_use(
        view: DashboardView, built: tuple[Store, dict[str, int]]) -> None:
    """"Days of slip tolerated" set to 100 with "at risk" at 42: the rules use 41 (the
    slip is still said), and the tab now says so beside the number as typed."""
    view.show_page("rules")
    rules = view.rules
    assert not rules.note.isVisibleTo(rules)
    rules.spins["slip_tolerance_days"].setValue(100)
    assert rules.spins["slip_tolerance_days"].value() == 100  # as typed
    assert rules.note.isVisibleTo(rules)
    text = rules.note.text()
    assert health.SETTING_LABELS["slip_tolerance_days"] in text and "use 41" in text
    view.ctx.undo.undo()
    assert not rules.note.isVisibleTo(rules)
