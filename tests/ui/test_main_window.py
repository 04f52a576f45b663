"""The main window: navigation, menus with standard shortcuts, opening plans and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow
from planner.ui.shell.views import VIEW_SPECS


def _menu_actions(window: MainWindow, title: str) -> dict[str, QKeySequence]:
    menu = window.menus[title]
    return {a.text().replace("&", ""): a.shortcut() for a in menu.actions() if a.text()}


def test_menus_have_the_standard_shortcuts(plan_window: MainWindow) -> None:
    file_menu = _menu_actions(plan_window, "&File")
    assert file_menu["New…"] == QKeySequence(QKeySequence.StandardKey.New)
    assert file_menu["Open…"] == QKeySequence(QKeySequence.StandardKey.Open)
    assert file_menu["Quit"] == QKeySequence(QKeySequence.StandardKey.Quit)
    for name in ("Open Recent", "Save a Copy…", "Close", "Restore from Backup…"):
        assert name in file_menu
    assert plan_window.menus.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert "About Partnership Planner" in _menu_actions(plan_window, "&Help")


def test_sidebar_lists_every_view_and_switches(plan_window: MainWindow) -> None:
    titles = [plan_window.sidebar.item(i).text() for i in range(plan_window.sidebar.count())]
    assert titles == ["Dashboard", "Organisation", "Screening", "Conflicts", "Agreements",
                      "Timeline", "Partners & people"]
    for index, spec in enumerate(VIEW_SPECS):
        plan_window.sidebar.setCurrentRow(index)
        assert plan_window.stack.currentWidget() is plan_window.views[spec.name]


def test_opening_a_bad_file_explains_and_keeps_the_open_plan(
        plan_window: MainWindow, tmp_path: Path, errors: list[str]) -> None:
    bad = tmp_path / "letter.sqlite"
    bad.write_text("not a plan")
    assert not plan_window.open_path(bad)
    assert errors and "letter.sqlite" in errors[0]
    assert plan_window.store is not None
    assert plan_window.windowTitle().startswith("plan.sqlite")


def test_first_run_offers_the_welcome(window_factory, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from planner.ui.shell import welcome_dialog

    window = window_factory()
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _w, _t, suggested, _f: (
        suggested, ""))  # the name and place offered, accepted

    def fake_exec(self: welcome_dialog.WelcomeDialog) -> int:
        shown.append(self.windowTitle())
        self.choice = "new"
        return 1

    monkeypatch.setattr(welcome_dialog.WelcomeDialog, "exec", fake_exec)
    window.start(None)
    assert shown == ["Welcome to Partnership Planner"]
    assert window.store is not None and window.store.path == window.data_dir / "plan.sqlite"
    # The next start opens that plan straight away.
    window.close_plan()
    shown.clear()
    window.start(None)
    assert shown == [] and window.store is not None


@pytest.mark.parametrize("answer", ["Valley Trust plan", ""])
def test_welcome_start_a_new_plan_asks_its_name_and_place(  # type: ignore[no-untyped-def]
        window_factory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, answer: str) -> None:
    """Welcome › Start a new plan made plan.sqlite in the data folder without a word, where
    a CEO looking for the file later did not think to look; the empty page's "Start a new
    plan…" asked. Now both ask (Cancel: no plan, no file)."""
    from PySide6.QtWidgets import QFileDialog

    from planner.ui.shell import welcome_dialog

    window = window_factory()
    asked: list[str] = []
    chosen = tmp_path / "Board papers" / answer if answer else None
    if chosen is not None:
        chosen.parent.mkdir()

    def save_file_name(_w: object, title: str, suggested: str, _f: str) -> tuple[str, str]:
        asked.append(f"{title}: {suggested}")
        return (str(chosen) if chosen else "", "")

    def choose_new(self: welcome_dialog.WelcomeDialog) -> int:
        self.choice = "new"
        return 1

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    monkeypatch.setattr(welcome_dialog.WelcomeDialog, "exec", choose_new)
    window.start(None)
    assert asked == [f"New plan: {window.data_dir / 'plan.sqlite'}"]
    assert not (window.data_dir / "plan.sqlite").exists()
    if chosen is None:
        assert window.store is None
        return
    assert window.store is not None
    assert window.store.path == chosen.with_suffix(".sqlite")
    window.close_plan()
    with Store.open(chosen.with_suffix(".sqlite")) as again:  # made, and opens again
        assert again.check() == []


def test_open_recent_remembers_plans(plan_window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    Store.open(other, create=True).close()
    assert plan_window.open_path(other)
    recent = plan_window.settings.recent_files
    assert recent[:2] == [str(other), str(tmp_path / "plan.sqlite")]


def test_save_a_copy_writes_a_sound_plan(plan_window: MainWindow, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "copy.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    plan_window.save_copy()
    with Store.open(target) as copy:
        assert copy.check() == []


def test_edits_trigger_a_backup_on_close(window_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from planner.store.backups import list_backups

    window = window_factory(Store.open(tmp_path / "plan.sqlite", create=True))
    window.auto_backup = True
    folder = window.backup_folder()
    window.show_view("organisation").ui.hoursSpin.setValue(11)
    window.close_plan()
    assert list_backups(folder)


def test_about_names_the_version(plan_window: MainWindow) -> None:
    from planner import __version__
    from planner.ui.shell.about import about_text

    assert __version__ in about_text()


def test_restore_from_backup_goes_back_and_keeps_the_present(
        window_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from planner.services.organisation import get_profile
    from planner.store.backups import list_backups
    from planner.ui.shell import restore_dialog

    window = window_factory(Store.open(tmp_path / "plan.sqlite", create=True))
    window.auto_backup = True
    window.backup_now(wait=True)
    view = window.show_view("organisation")
    view.ui.limitSpin.setValue(4)
    listed: list[int] = []

    def choose_oldest(self: restore_dialog.RestoreDialog) -> int:
        listed.append(self.list.count())
        self.selected = self.backups[-1]
        return 1

    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", choose_oldest)
    window.restore_from_backup()
    assert listed == [1]
    assert window.store is not None
    assert get_profile(window.store).strategic_limit == 7
    # The state that was replaced is itself a backup now.
    limits = []
    for backup in list_backups(window.backup_folder()):
        with Store.open(backup.path) as copy:
            limits.append(get_profile(copy).strategic_limit)
    assert 4 in limits and 7 in limits


def test_hidden_views_hear_changes_when_shown(window_factory, sample_store: Store,
                                              monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.shell.views import BaseView

    window = window_factory(sample_store)
    window.show_view("conflicts")
    heard: list[tuple[str, frozenset[str]]] = []
    monkeypatch.setattr(BaseView, "refresh", lambda self, changes: None)
    conflicts = window.views["conflicts"]
    monkeypatch.setattr(conflicts, "refresh",
                        lambda changes: heard.append(("conflicts", changes.kinds)))
    organisation = window.show_view("organisation")
    organisation.ui.limitSpin.setValue(6)
    assert heard == []  # hidden: not rebuilt on every keystroke elsewhere
    assert "profile" in window.pending["conflicts"].kinds
    window.show_view("conflicts")
    assert len(heard) == 1 and "profile" in heard[0][1]
    assert "conflicts" not in window.pending


def test_a_hidden_view_hears_only_the_topics_it_shows(window_factory, sample_store: Store,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A conflict review recorded: the dashboard, which lists the reviews due, shows one
    fewer when the user goes back to it; the organisation profile, which shows no conflict
    area, is not read again (going back to it costs nothing)."""
    from planner.services import conflicts as conflicts_svc
    from planner.ui.dashboard.view import LINK_ROLE

    window = window_factory(sample_store)
    dashboard = window.show_view("dashboard")
    due = dashboard.reviews_list.topLevelItemCount()
    first = dashboard.reviews_list.topLevelItem(0).text(0)
    area = dashboard.reviews_list.topLevelItem(0).data(0, LINK_ROLE)[1]
    organisation = window.show_view("organisation")
    organisation_refreshes: list[object] = []
    monkeypatch.setattr(organisation, "refresh", organisation_refreshes.append)
    window.show_view("conflicts")
    window.events.emit_changes(conflicts_svc.record_review(window.store, area))
    assert dashboard.reviews_list.topLevelItemCount() == due  # hidden: not rebuilt meanwhile
    window.show_view("organisation")
    assert organisation_refreshes == []
    window.show_view("dashboard")
    assert dashboard.reviews_list.topLevelItemCount() == due - 1
    assert first not in [dashboard.reviews_list.topLevelItem(i).text(0)
                         for i in range(due - 1)]
    assert window.pending == {}  # nothing left waiting


def test_changes_a_hidden_view_missed_are_read_again_whole_when_shown(
        window_factory, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    """Two edits elsewhere while the conflicts register is hidden: shown again, it has both."""
    from planner.services import conflicts as conflicts_svc

    window = window_factory(sample_store)
    conflicts = window.show_view("conflicts")
    rows = conflicts.model.rows[:2]
    window.show_view("organisation")
    for row, title in zip(rows, ("Renamed by a colleague", "Also renamed"), strict=True):
        window.events.emit_changes(conflicts_svc.update_area(window.store, row.id,
                                                             {"title": title}))
    assert window.pending["conflicts"].ids == ()  # gathered: read again whole
    window.show_view("conflicts")
    titles = {r.title for r in conflicts.model.rows}
    assert {"Renamed by a colleague", "Also renamed"} <= titles


def test_open_record_goes_to_the_view_that_shows_it(window_factory, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    from planner.store.tables import ConflictArea

    with sample_store.work() as work:
        area = work.list(ConflictArea)[2]
    window = window_factory(sample_store)
    window.show_view("dashboard")
    window.events.open_record.emit("conflict_area", area.id)
    assert window.stack.currentWidget() is window.views["conflicts"]
    assert "timeline" not in window.views  # only the view needed was built


def test_every_view_fits_a_laptop_screen(window_factory, sample_store: Store) -> None:  # type: ignore[no-untyped-def]
    window = window_factory(sample_store)
    window.resize(1280, 720)
    too_big = {}
    for spec in VIEW_SPECS:
        window.show_view(spec.name)
        hint = window.minimumSizeHint()
        if hint.width() > 1280 or hint.height() > 720:
            too_big[spec.name] = (hint.width(), hint.height())
    assert too_big == {}


def test_a_plan_closed_before_its_opening_backup_still_gets_one(window_factory,
                                                                tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from planner.store.backups import list_backups

    window = window_factory()
    window.auto_backup = True
    window.install_store(Store.open(tmp_path / "plan.sqlite", create=True))
    folder = window.backup_folder()
    assert list_backups(folder) == []  # the opening backup waits until the plan is shown
    window.close_plan()
    assert len(list_backups(folder)) == 1


def test_about_gives_each_bundled_font_its_own_licence() -> None:
    from planner.ui.shell.about import font_licences

    licences = dict((fonts, text) for fonts, text in font_licences())
    dejavu = next(f for f in licences if f.startswith("DejaVu"))
    assert "Symbola" not in dejavu and "DejaVu" in licences[dejavu]
    assert "free for any use" in licences["Symbola.ttf"]
