"""The Conflicts view: heat-map filtering, undoable edits, workflow messages, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from planner.domain import conflicts as rules
from planner.services import conflicts as svc
from planner.store.database import Store
from planner.ui.conflicts.heat_map import BAND_COLOURS, HeatMapWidget
from planner.ui.conflicts.register_model import ROW_ROLE, SORT_ROLE, ConflictTableModel
from planner.ui.conflicts.view import ConflictsView
from planner.ui.shell.main_window import MainWindow


@pytest.fixture
def window(window_factory, sample_store: Store) -> MainWindow:  # type: ignore[no-untyped-def]
    return window_factory(sample_store)


def _view(window: MainWindow) -> ConflictsView:
    view = window.show_view("conflicts")
    assert isinstance(view, ConflictsView)
    return view


def _shown(view: ConflictsView) -> list[svc.RegisterRow]:
    return [view.proxy.index(r, 0).data(ROW_ROLE) for r in range(view.proxy.rowCount())]


def _click_cell(qtbot, heat: HeatMapWidget, cell: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    centre = heat.cell_rect(*cell).center().toPoint()
    qtbot.mouseClick(heat, Qt.MouseButton.LeftButton, pos=centre)


def test_models_pass_the_model_tester(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    assert view.model.rowCount() >= 5
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    empty = ConflictTableModel()
    qtmodeltester.check(empty)


def test_clicking_a_heat_map_cell_filters_the_table(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    view.resize(1280, 800)
    view.show()
    everything = _shown(view)
    cell = (everything[0].residual_likelihood, everything[0].residual_impact)
    expected = sorted(r.id for r in everything
                      if (r.residual_likelihood, r.residual_impact) == cell)
    assert view.heat.count(cell) == len(expected)
    _click_cell(qtbot, view.heat, cell)
    assert sorted(r.id for r in _shown(view)) == expected
    assert len(expected) < len(everything)
    assert "heat-map cell" in view.bannerLabel.text()
    # The same cell again shows everything.
    _click_cell(qtbot, view.heat, cell)
    assert len(_shown(view)) == len(everything)
    # Inherent mode reads the ratings before treatment.
    view.modeCombo.setCurrentIndex(1)
    row = everything[0]
    _click_cell(qtbot, view.heat, (row.likelihood, row.impact))
    assert all((r.likelihood, r.impact) == (row.likelihood, row.impact) for r in _shown(view))


def test_editing_a_rating_moves_the_area_and_undo_puts_it_back(window: MainWindow) -> None:
    view = _view(window)
    store = window.store
    assert store is not None
    row = _shown(view)[0]
    view.select_area(row.id)
    old_cell = (row.residual_likelihood, row.residual_impact)
    new_likelihood = 1 if row.residual_likelihood != 1 else 2
    new_cell = (new_likelihood, row.residual_impact)
    before_old, before_new = view.heat.count(old_cell), view.heat.count(new_cell)
    view.ui.noteEdit.setText("after the joint workshop")
    view.ui.residualLikelihoodCombo.setCurrentIndex(new_likelihood - 1)
    assert svc.get_area(store, row.id).residual_likelihood == new_likelihood
    assert view.heat.count(old_cell) == before_old - 1
    assert view.heat.count(new_cell) == before_new + 1
    assert view.heat.arrow == ((row.likelihood, row.impact), new_cell)
    # The table stays worst "after" first: the area moved to its place and stays selected.
    scores = [r.residual_score for r in _shown(view)]
    assert scores == sorted(scores, reverse=True) and _shown(view)[0].id != row.id
    selected = view.table.selectionModel().currentIndex()
    assert selected.data(ROW_ROLE).id == row.id and view.current and view.current.id == row.id
    latest = svc.history(store, row.id)[0]
    assert (latest.field, latest.new, latest.note) == (
        "residual_likelihood", str(new_likelihood), "after the joint workshop")
    assert latest.who
    assert view.ui.noteEdit.text() == ""  # a note goes with one change only

    window.undo.undo()
    assert svc.get_area(store, row.id).residual_likelihood == row.residual_likelihood
    assert view.heat.count(old_cell) == before_old
    assert view.heat.count(new_cell) == before_new
    assert view.ui.residualLikelihoodCombo.currentData() == row.residual_likelihood
    window.undo.redo()
    assert view.heat.count(new_cell) == before_new + 1


def test_protocol_agreed_without_a_clause_is_refused(window: MainWindow) -> None:
    view = _view(window)
    store = window.store
    assert store is not None
    row = next(r for r in _shown(view) if not r.clauses and r.openness != "agreed")
    view.select_area(row.id)
    depth = window.undo.count()
    view.ui.opennessCombo.setCurrentIndex(view.ui.opennessCombo.findData("agreed"))
    assert "clause" in view.ui.errorLabel.text()
    assert svc.get_area(store, row.id).openness == row.openness
    assert view.ui.opennessCombo.currentData() == row.openness
    assert window.undo.count() == depth


def test_empty_title_is_explained_and_typing_is_one_undo_step(window: MainWindow,
                                                             type_text) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    store = window.store
    assert store is not None
    row = _shown(view)[0]
    view.select_area(row.id)
    view.ui.titleEdit.clear()
    view.ui.titleEdit.textEdited.emit("")
    assert "cannot be empty" in view.ui.errorLabel.text()
    assert svc.get_area(store, row.id).title == row.title
    type_text(view.ui.titleEdit, "تنافس 🚸")
    assert svc.get_area(store, row.id).title == "تنافس 🚸"
    assert view.ui.errorLabel.text() == ""
    window.undo.undo()
    assert svc.get_area(store, row.id).title == row.title


def test_filters_by_partnership_band_status_and_flags(window: MainWindow) -> None:
    view = _view(window)
    rows = view.model.rows
    view.statusFilter.setCurrentIndex(view.statusFilter.findData(""))
    assert len(_shown(view)) == len(rows)
    partnership = rows[0].opportunity_id
    view.partnershipFilter.setCurrentIndex(view.partnershipFilter.findData(partnership))
    assert {r.opportunity_id for r in _shown(view)} == {partnership}
    view.partnershipFilter.setCurrentIndex(0)
    view.bandFilter.setCurrentIndex(view.bandFilter.findData("medium"))
    assert _shown(view) and {r.residual_band for r in _shown(view)} == {"medium"}
    view.bandFilter.setCurrentIndex(0)
    view.statusFilter.setCurrentIndex(view.statusFilter.findData("closed"))
    assert {r.status for r in _shown(view)} == {"closed"}
    view.statusFilter.setCurrentIndex(view.statusFilter.findData(""))
    view.flaggedCheck.setChecked(True)
    flagged = _shown(view)
    assert flagged and all(r.overdue or r.stale_internal or not r.clauses for r in flagged)
    assert any(r.overdue for r in flagged)  # the sample has overdue reviews
    assert "overdue" in view.bannerLabel.text()


def test_sorting_by_the_residual_column(window: MainWindow) -> None:
    view = _view(window)
    view.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    scores = [r.residual_score for r in _shown(view)]
    assert scores == sorted(scores)
    view.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)  # next review
    dates = [r.next_review for r in _shown(view) if r.next_review]
    assert dates == sorted(dates)


def test_new_area_delete_and_undo(window: MainWindow) -> None:
    view = _view(window)
    store = window.store
    assert store is not None
    count = len(view.model.rows)
    view.flaggedCheck.setChecked(True)  # a new area is not flagged: the filter must give way
    area_id = view.new_area()
    assert not view.flaggedCheck.isChecked() and not view.proxy.flagged_only
    assert area_id is not None
    assert len(view.model.rows) == count + 1
    assert view.current is not None and view.current.id == area_id
    assert view.ui.titleEdit.text() == "New conflict area"
    window.undo.undo()
    assert len(view.model.rows) == count
    window.undo.redo()
    assert svc.get_area(store, area_id).title == "New conflict area"
    view.select_area(area_id)
    view.delete_area()
    assert view.model.row_of(area_id) is None
    window.undo.undo()
    assert view.model.row_of(area_id) is not None


def test_deleting_the_chosen_area_chooses_the_next_one(window: MainWindow) -> None:
    """The area after the deleted one is chosen, as before the editor kept an area an edit
    moved out of the filter (a deleted area is gone: there is nothing to keep), and undo
    brings the deleted one back in its place."""
    view = _view(window)
    shown = _shown(view)
    assert len(shown) >= 4
    target = shown[1]
    view.select_area(target.id)
    view.delete_area()
    assert view.model.row_of(target.id) is None
    assert view.current is not None and view.current.id == shown[2].id == _chosen(view)
    assert view.ui.titleEdit.text() == shown[2].title
    window.undo.undo()
    assert [r.id for r in _shown(view)] == [r.id for r in shown]


def test_reviewed_today_moves_the_next_review_and_clears_the_flag(window: MainWindow) -> None:
    view = _view(window)
    row = next(r for r in _shown(view) if r.overdue)
    view.select_area(row.id)
    view.ui.reviewedButton.click()
    assert not next(r for r in view.model.rows if r.id == row.id).overdue
    window.undo.undo()
    assert next(r for r in view.model.rows if r.id == row.id).overdue


def test_export_from_the_view_writes_what_is_shown(window: MainWindow, tmp_path: Path,
                                                  qtbot) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    view = _view(window)
    view.bandFilter.setCurrentIndex(view.bandFilter.findData("medium"))
    shown = {r.code for r in _shown(view)}
    with qtbot.waitSignal(view.exportFinished, timeout=10_000) as finished:
        out = view.export(str(tmp_path / "register.xlsx"))
        assert out is not None
        assert not view.exportButton.isEnabled()  # written off the GUI thread
    assert finished.args == [str(out), ""]
    assert view.exportButton.isEnabled()
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert {r[0] for r in rows[1:]} == shown


def test_show_record_selects_an_area_hidden_by_filters(window: MainWindow) -> None:
    view = _view(window)
    closed = next(r for r in view.model.rows if r.status == "closed")
    assert view.model.row_of(closed.id) is not None
    assert closed.id not in {r.id for r in _shown(view)}  # "Active" hides it
    assert view.show_record("conflict_area", closed.id)
    assert view.current is not None and view.current.id == closed.id
    assert not view.show_record("milestone", 1)


def test_heat_map_draws_band_colours_counts_and_the_arrow(qtbot) -> None:  # type: ignore[no-untyped-def]
    heat = HeatMapWidget()
    qtbot.addWidget(heat)
    heat.resize(400, 360)
    counts = [[0] * 5 for _ in range(5)]
    counts[4][4] = 2  # likelihood 5, impact 5: critical
    heat.set_counts(counts, (4, 9, 15))
    heat.set_arrow((5, 5), (1, 1))
    image: QImage = heat.grab().toImage()

    def colour_at(cell: tuple[int, int], dx: float = 0.38) -> QColor:
        rect = heat.cell_rect(*cell)
        return image.pixelColor(QPoint(int(rect.left() + rect.width() * dx),
                                       int(rect.top() + rect.height() * 0.15)))

    assert colour_at((5, 5)).name() == BAND_COLOURS["critical"].name()
    # Empty cells are paler than their band.
    assert colour_at((1, 1)).name() == BAND_COLOURS["low"].lighter(125).name()
    assert colour_at((1, 1)).lightness() > BAND_COLOURS["low"].lightness()
    # The count is drawn in dark text at the cell's centre.
    centre = heat.cell_rect(5, 5).center().toPoint()
    dark = [image.pixelColor(centre + QPoint(dx, dy)).lightness()
            for dx in range(-8, 9) for dy in range(-8, 9)]
    assert min(dark) < 80
    # The arrow passes through the middle of the diagonal.
    mid = heat.cell_rect(3, 3).center().toPoint()
    from planner.ui.conflicts.heat_map import SELECTION

    assert image.pixelColor(mid).name() == SELECTION.name()
    assert "= 25, critical: 2 areas" in heat.cell_tooltip((5, 5))


def test_thousands_of_areas_in_a_cell_fit_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    """At the largest plans a cell holds 1,400 areas: the counts fit their cells at the
    window's narrowest, where "1600140014001400" ran together."""
    from PySide6.QtGui import QFontMetricsF

    heat = HeatMapWidget()
    qtbot.addWidget(heat)
    heat.resize(350, 300)  # the heat map's room at 1024x768
    counts = [[1400 + 201 * ((lik + imp) % 2) for imp in range(5)] for lik in range(5)]
    heat.set_counts(counts, (4, 9, 15))
    font = heat.count_font()
    width = QFontMetricsF(font).horizontalAdvance("1601")
    assert width < heat.cell_rect(3, 3).width() - 4 and font.pointSizeF() >= 6
    heat.set_counts([[2] * 5 for _ in range(5)], (4, 9, 15))
    assert heat.count_font().pointSizeF() > font.pointSizeF()  # small counts stay large


def test_heat_map_keyboard_selection(qtbot) -> None:  # type: ignore[no-untyped-def]
    heat = HeatMapWidget()
    qtbot.addWidget(heat)
    chosen: list[tuple[int, int]] = []
    heat.cellChosen.connect(lambda li, im: chosen.append((li, im)))
    qtbot.keyClick(heat, Qt.Key.Key_Up)
    qtbot.keyClick(heat, Qt.Key.Key_Right)
    qtbot.keyClick(heat, Qt.Key.Key_Return)
    assert chosen == [(4, 4)]
    cleared: list[bool] = []
    heat.cellCleared.connect(lambda: cleared.append(True))
    qtbot.keyClick(heat, Qt.Key.Key_Escape)
    assert cleared == [True] and heat.selected is None


def test_deleting_an_area_of_a_signed_agreement_is_refused(window: MainWindow,
                                                          errors: list[str]) -> None:
    from planner.store.tables import Agreement, AgreementSection

    view = _view(window)
    store = window.store
    assert store is not None
    row = _shown(view)[0]
    with store.work() as w:
        agreement = w.add(Agreement(opportunity_id=row.opportunity_id, title="Signed protocol",
                                    state="signed"))
        w.add(AgreementSection(agreement_id=agreement.id, title="Recruitment courtesy",
                               conflict_ids=[row.id]))
    view.reload()
    view.select_area(row.id)
    depth = window.undo.count()
    view.delete_area()
    assert errors and "Signed protocol" in errors[0] and "Closed" in errors[0]
    assert view.model.row_of(row.id) is not None
    assert window.undo.count() == depth


def test_owner_lists_hold_each_sides_people_and_history_reads_plainly(
        window: MainWindow) -> None:
    from planner.store.tables import Person

    view = _view(window)
    store = window.store
    assert store is not None
    row = next(r for r in _shown(view) if r.partner_id is not None)
    view.select_area(row.id)
    with store.work() as w:
        people = {p.id: p.organisation_id for p in w.list(Person)}
    from planner.ui.shell.chooser import NEW

    ours = {view.ui.ownerOursCombo.itemData(i)
            for i in range(1, view.ui.ownerOursCombo.count())} - {NEW}
    theirs = {view.ui.ownerTheirsCombo.itemData(i)
              for i in range(1, view.ui.ownerTheirsCombo.count())} - {NEW}
    assert ours and theirs and not ours & theirs
    assert {people[i] for i in theirs} == {row.partner_id}
    target = "accepted" if row.status != "accepted" else "monitoring"
    view.ui.statusCombo.setCurrentIndex(view.ui.statusCombo.findData(target))
    latest = view.ui.historyList.item(0).text()
    assert "Status:" in latest and f"→ {target.capitalize()}" in latest


def test_bands_dialog_explains_and_changes_the_heat_map_colours(window: MainWindow,
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    from planner.ui.conflicts.bands_dialog import ConflictBandsDialog

    dialog = ConflictBandsDialog((4, 9, 15))
    assert "Critical 16–25" in dialog.ui.previewLabel.text()
    dialog.ui.mediumSpin.setValue(3)
    assert "must rise" in dialog.ui.errorLabel.text()
    assert not dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.ui.defaultsButton.click()
    assert dialog.limits() == (4, 9, 15) and dialog.ui.errorLabel.text() == ""

    view = _view(window)
    store = window.store
    assert store is not None
    row = next(r for r in view.model.rows if r.residual_band == "medium")

    def accept_stricter(self: ConflictBandsDialog) -> int:
        self.set_limits((2, 4, 5))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictBandsDialog, "exec", accept_stricter)
    view.bandsButton.click()
    assert svc.band_limits(store) == (2, 4, 5)
    assert view.heat.band_limits == (2, 4, 5)
    assert next(r for r in view.model.rows if r.id == row.id).residual_band == "critical"
    window.undo.undo()
    assert svc.band_limits(store) == (4, 9, 15)
    assert next(r for r in view.model.rows if r.id == row.id).residual_band == "medium"


def test_export_button_asks_for_a_file(window: MainWindow, tmp_path: Path, qtbot,
                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "from-button.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "Comma-separated values (*.csv)"))
    view = _view(window)
    with qtbot.waitSignal(view.exportFinished, timeout=10_000):
        view.exportButton.click()
    assert target.is_file() and "Ref" in target.read_text(encoding="utf-8-sig")


def test_export_failure_is_one_readable_message(window: MainWindow, tmp_path: Path, qtbot,
                                                errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    missing = tmp_path / "no-such-folder" / "register.csv"
    with qtbot.waitSignal(view.exportFinished, timeout=10_000) as finished:
        view.export(str(missing))
    assert finished.args[1]
    assert errors and str(missing) in errors[0] and "Traceback" not in errors[0]
    assert not missing.exists()


def test_a_colleagues_newer_save_is_not_overwritten(window: MainWindow, colleague_of,
                                                    answers) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    store = window.store
    assert store is not None
    row = _shown(view)[0]
    view.select_area(row.id)
    theirs = colleague_of(window)  # another copy of the program on a team database
    # They change another field: my title edit goes ahead and keeps their text.
    svc.update_area(theirs, row.id, {"drivers": "Their newer text"}, who="colleague")
    view.ui.titleEdit.setText("My change")
    view.ui.titleEdit.textEdited.emit("My change")
    assert answers == []
    assert svc.get_area(theirs, row.id).title == "My change"
    assert svc.get_area(theirs, row.id).drivers == "Their newer text"
    # They change the title too, before this window heard of it: I am asked, and keep theirs.
    svc.get_area(theirs, row.id)
    svc.update_area(theirs, row.id, {"title": "Their title"}, who="colleague")
    depth = window.undo.count()
    answers.queue.append("theirs")
    view.ui.titleEdit.setText("My second change")
    view.ui.titleEdit.textEdited.emit("My second change")
    assert [(a["theirs"], a["mine"]) for a in answers] == [("Their title", "My second change")]
    assert "Kept the conflict area" in view.ui.errorLabel.text()
    assert svc.get_area(theirs, row.id).title == "Their title"
    assert window.undo.count() == depth
    assert view.ui.titleEdit.text() == "Their title"  # reloaded
    # Undoing my first edit would revert their title: asked again, and kept.
    answers.queue.append("theirs")
    window.menus.undo_action.trigger()  # the Edit menu, which settles the undo first
    assert answers[-1]["undoing"] is True
    assert svc.get_area(theirs, row.id).title == "Their title"


def test_an_empty_plan_shows_an_empty_register_and_explains_new(plan_window: MainWindow,
                                                                errors: list[str]) -> None:
    view = _view(plan_window)
    assert view.model.rowCount() == 0 and view.current is None
    assert sum(map(sum, view.heat.counts)) == 0
    assert not view.editor.isEnabled() and "No conflict area" in view.ui.headingLabel.text()
    assert view.new_area() is None
    assert errors and "opportunity first" in errors[0]
    assert plan_window.undo.count() == 0


def test_a_hidden_register_catches_up_when_shown(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view = _view(window)
    store = window.store
    assert store is not None
    row = _shown(view)[0]
    window.show_view("organisation")
    assert view.isHidden()
    reloads: list[bool] = []
    original = view.reload
    monkeypatch.setattr(view, "reload", lambda: (reloads.append(True), original())[1])
    window.events.emit_changes(svc.update_area(store, row.id, {"title": "Renamed elsewhere"}))
    window.events.emit_changes(svc.set_band_limits(store, [3, 8, 14]))
    assert reloads == []  # nothing read while another view is in front
    window.show_view("conflicts")
    assert reloads == [True]
    assert next(r for r in view.model.rows if r.id == row.id).title == "Renamed elsewhere"
    assert view.heat.band_limits == (3, 8, 14)


def test_status_over_time_tab_draws_the_current_statuses(window: MainWindow) -> None:
    from planner.ui.conflicts.heat_map import STATUS_COLOURS

    view = _view(window)
    view.resize(1280, 800)
    view.chartTabs.setCurrentWidget(view.trend)
    chart = view.trend
    chart.resize(420, 260)
    assert len(chart.dates) == 12
    now = {status: counts[-1] for status, counts in chart.counts.items()}
    statuses = [r.status for r in view.model.rows]
    assert now == {s: statuses.count(s) for s in now}
    image = chart.grab().toImage()
    for status, n in now.items():
        rect = chart.bar_rect(len(chart.dates) - 1, status)
        assert (rect is not None) == bool(n)
        if rect is not None:
            centre = rect.center().toPoint()
            drawn = chart.status_colour(status)  # the status's hue, at 3:1 on the background
            assert drawn.hue() == STATUS_COLOURS[status].hue()
            assert image.pixelColor(centre).name() == drawn.name()
    # The partnership filter narrows the chart too.
    partnership = view.model.rows[0].opportunity_id
    view.partnershipFilter.setCurrentIndex(view.partnershipFilter.findData(partnership))
    assert sum(c[-1] for c in chart.counts.values()) == sum(
        r.opportunity_id == partnership for r in view.model.rows)


def test_linking_an_area_to_a_draft_clause_from_the_register(window: MainWindow) -> None:
    """The editor lists the draft agreement's conflict-protocols clause; linking it clears
    the "needs a clause" flag and lets the protocol lint pass; undo takes it away again."""
    from planner.services import agreements as agreements_svc
    from planner.store.tables import Agreement

    view = _view(window)
    store = window.store
    assert store is not None
    with store.work() as work:
        draft = next(a for a in work.list(Agreement) if a.state == "draft")
    # A new high area of the draft's partnership: the lint names it until a clause does.
    area_id, changes = svc.create_area(store, {
        "opportunity_id": draft.opportunity_id, "title": "Both running holiday clubs",
        "likelihood": 4, "impact": 4})
    window.events.emit_changes(changes)
    assert any("Both running holiday clubs" in p
               for p in agreements_svc.lint(store, draft.id or 0))
    view.clear_filters()
    row = next(r for r in _shown(view) if r.id == area_id)
    assert view.select_area(row.id)
    view._fill_link_menu()
    labels = [a.text() for a in view.linkMenu.actions()]
    assert any("Conflict protocols" in t for t in labels), labels
    view.linkMenu.actions()[0].trigger()

    after = next(r for r in _shown(view) if r.id == row.id)
    assert [c.title for c in after.clauses] == ["Conflict protocols"]
    assert "Conflict protocols" in view.ui.clausesList.item(0).text()
    assert not any(row.title in p for p in agreements_svc.lint(store, draft.id or 0))
    # Already linked: the menu offers nothing more for this clause.
    view._fill_link_menu()
    assert not any(a.isEnabled() for a in view.linkMenu.actions())

    window.undo.undo()
    assert next(r for r in _shown(view) if r.id == row.id).clauses == ()
    window.undo.redo()
    view.ui.clausesList.setCurrentRow(0)
    assert view.ui.unlinkClauseButton.isEnabled()
    assert view.unlink_clause()
    assert next(r for r in _shown(view) if r.id == row.id).clauses == ()


def test_a_frozen_agreement_clause_cannot_be_linked_or_unlinked(window: MainWindow) -> None:
    from planner.services import agreements as agreements_svc
    from planner.services.changes import ValidationError
    from planner.store.tables import Agreement, AgreementSection

    view = _view(window)
    store = window.store
    assert store is not None
    with store.work() as work:
        signed = next(a for a in work.list(Agreement) if a.state == "signed")
        section = next(s for s in work.list(AgreementSection, agreement_id=signed.id)
                       if s.conflict_ids)
    area_id = section.conflict_ids[0]
    assert agreements_svc.clause_targets(store, area_id) == []
    with pytest.raises(ValidationError):
        agreements_svc.link_conflict(store, section.id or 0, area_id, False)
    view.clear_filters()
    assert view.select_area(area_id)
    view.ui.clausesList.setCurrentRow(0)
    assert not view.ui.unlinkClauseButton.isEnabled()  # agreed text stays as agreed
    assert not view.link_clause(section.id or 0, link=False)
    assert "draft" in view.ui.errorLabel.text()


def test_an_empty_plan_says_what_to_do_first(plan_window: MainWindow) -> None:
    view = _view(plan_window)
    assert view.model.rowCount() == 0
    assert "add an opportunity in Screening first" in view.bannerLabel.text()


def test_the_editor_says_in_words_why_an_area_is_flagged(window: MainWindow) -> None:
    view = _view(window)
    view.clear_filters()
    row = next(r for r in _shown(view) if r.overdue and r.stale_internal)
    view.select_area(row.id)
    text = view.ui.flagLabel.text()
    assert f"Review {row.days_overdue} day" in text and "overdue" in text
    assert "kept internal for 40 days, not yet raised with the partner" in text
    assert " d " not in text and ">" not in text  # no shorthand beside the editor


def test_a_huge_unbroken_description_opens_without_freezing(window: MainWindow) -> None:
    """A pasted blob with no spaces took Qt minutes to lay out word-wrapped (1 MB: ~6 min)."""
    import time

    view = _view(window)
    store = window.store
    assert store is not None
    row = _shown(view)[0]
    blob = "A" * 300_000
    window.events.emit_changes(svc.update_area(store, row.id, {"description": blob}))
    view.select_area(_shown(view)[1].id)
    started = time.perf_counter()
    view.select_area(row.id)
    view.ui.descriptionEdit.grab()  # lay it out and paint it, as the screen would
    assert time.perf_counter() - started < 5
    assert view.ui.descriptionEdit.toPlainText() == blob


def test_a_refusal_shows_outside_the_scrolling_editor(window: MainWindow) -> None:
    """The message stays in sight whichever field was edited (it used to sit at the foot
    of the scrolled editor, out of view while typing a title)."""
    view = _view(window)
    view.resize(1280, 720)
    view.show()
    row = _shown(view)[0]
    view.select_area(row.id)
    view.ui.titleEdit.setText("")
    view.ui.titleEdit.textEdited.emit("")
    assert view.ui.errorLabel.text() == "The title cannot be empty."
    assert view.ui.errorLabel.isVisibleTo(view)
    assert not view.editor.isAncestorOf(view.ui.errorLabel)
    assert svc.get_area(window.store, row.id).title == row.title  # type: ignore[arg-type]
    assert view.ui.titleEdit.text() == ""  # what was typed stays to be corrected


def test_double_clicking_a_linked_clause_opens_it_in_its_agreement(window: MainWindow) -> None:
    from planner.ui.agreements.view import AgreementsView

    view = _view(window)
    view.clear_filters()
    row = next(r for r in _shown(view) if r.clauses)
    view.select_area(row.id)
    item = view.ui.clausesList.item(0)
    view.ui.clausesList.itemDoubleClicked.emit(item)
    agreements = window.stack.currentWidget()
    assert isinstance(agreements, AgreementsView)
    assert agreements.agreement_id == row.clauses[0].agreement_id
    assert agreements.section_id == row.clauses[0].section_id  # the clause itself


def test_linking_an_internal_area_asks_first_whether_it_was_raised(
        window: MainWindow, raised_question, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The sample plan (made earlier, reopened): an internal-only area going into a draft's
    clause asks — before anything is pushed — and records "raised" when told so, as one
    undo step with the link; Cancel links nothing."""
    from planner.services import agreements as agreements_svc
    from planner.store.tables import Agreement
    from planner.ui.shell import raise_check

    view = _view(window)
    store = window.store
    assert store is not None
    with store.work() as work:
        draft = next(a for a in work.list(Agreement) if a.state == "draft")
    area_id, changes = svc.create_area(store, {
        "opportunity_id": draft.opportunity_id, "title": "Both running holiday clubs",
        "likelihood": 4, "impact": 4, "openness": "internal"})
    window.events.emit_changes(changes)
    view.clear_filters()
    assert view.select_area(area_id)
    section = next(t.section_id for t in agreements_svc.clause_targets(store, area_id))
    depth = window.undo.count()

    def cancel(_parent: object, areas: object) -> str:
        assert window.undo.count() == depth  # asked before any edit was pushed
        raised_question.append([a.title for a in areas])  # type: ignore[attr-defined]
        return raise_check.CANCEL

    monkeypatch.setattr(raise_check, "ask", cancel)
    assert not view.link_clause(section)
    assert raised_question == [["Both running holiday clubs"]]
    assert window.undo.count() == depth
    assert next(r for r in _shown(view) if r.id == area_id).clauses == ()

    monkeypatch.setattr(raise_check, "ask", lambda _p, _a: raise_check.RECORD)
    assert view.link_clause(section)
    row = next(r for r in _shown(view) if r.id == area_id)
    assert row.openness == "raised" and [c.title for c in row.clauses] == ["Conflict protocols"]
    assert any(h.note == raise_check.RAISED_NOTE for h in svc.history(store, area_id))
    assert window.undo.count() == depth + 1  # one step: raised and linked
    window.undo.undo()
    row = next(r for r in _shown(view) if r.id == area_id)
    assert row.openness == "internal" and row.clauses == ()


def test_the_question_names_the_area_and_the_real_days() -> None:
    from planner.services.conflicts import InternalArea
    from planner.ui.shell.raise_check import question

    text = question([InternalArea(1, "Holiday clubs", 45, False)])
    assert "“Holiday clubs” is still marked internal only (45 days" in text
    assert "Has it been raised" in text
    assert "Secret" not in question([InternalArea(2, "Secret", 3, True)])


def test_a_refused_huge_title_paste_is_seen_at_1024x768(window_factory, sample_store: Store,
                                                        qtbot) -> None:  # type: ignore[no-untyped-def]
    """Using the real program at 1024×768: a 1 MB paste into an area's title was refused,
    but the refusal sat below the fold (the window's view scrolled), so nothing visible
    happened. It shows in the window, without scrolling, and the title box with it."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    window = window_factory(sample_store)
    window.resize(1024, 738)
    window.show()
    qtbot.waitExposed(window)
    view = _view(window)
    row = _shown(view)[0]
    view.select_area(row.id)
    for _ in range(10):
        QApplication.processEvents()
    window.activateWindow()
    view.ui.titleEdit.setFocus()  # clicked into, then pasted
    pasted = "x" * 1_000_000
    view.ui.titleEdit.setText(pasted)  # a line box keeps its first 32,767 characters
    view.ui.titleEdit.textEdited.emit(view.ui.titleEdit.text())
    for _ in range(10):
        QApplication.processEvents()
    label = view.ui.errorLabel
    assert "too long" in label.text()
    port = window.view_scroll.viewport()
    for widget in (label, view.ui.titleEdit):
        where = QRect(widget.mapTo(port, QPoint(0, 0)), widget.size())
        assert widget.isVisible() and port.rect().contains(where), (
            f"{widget.objectName()} at {where.getRect()} outside the shown "
            f"{port.rect().getRect()}")
    assert svc.get_area(window.store, row.id).title == row.title  # type: ignore[arg-type]


def test_the_heat_map_counts_what_the_filters_let_through_in_both_modes(
        window: MainWindow) -> None:
    """The map tallies the shown areas' ratings as the domain's heat_counts does, before
    and after treatment, with and without a filter (it counts them in one pass)."""
    view = _view(window)

    def expected(inherent: bool) -> list[list[int]]:
        return rules.heat_counts([(r.likelihood, r.impact) if inherent
                                  else (r.residual_likelihood, r.residual_impact)
                                  for r in _shown(view)])

    view.statusFilter.setCurrentIndex(view.statusFilter.findData(""))
    assert view.heat.counts == expected(False) and sum(map(sum, view.heat.counts)) >= 5
    view.modeCombo.setCurrentIndex(1)
    assert view.heat.counts == expected(True) != expected(False)
    view.statusFilter.setCurrentIndex(view.statusFilter.findData("closed"))
    assert view.heat.counts == expected(True)
    assert 0 < sum(map(sum, view.heat.counts)) < len(view.model.rows)


def test_every_column_sorts_by_its_key_in_both_orders_ties_in_register_order(
        window: MainWindow) -> None:
    view = _view(window)
    model = view.model
    given = [r.id for r in view.reg.rows] if view.reg else []
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            keys = [model.index(r, column).data(SORT_ROLE) for r in range(model.rowCount())]
            assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder)
            for a, b, ka, kb in zip(model.shown, model.shown[1:], keys, keys[1:],
                                    strict=False):
                if ka == kb:  # a tie keeps the register's order
                    assert given.index(a.id) < given.index(b.id)


def _chosen(view: ConflictsView) -> int | None:
    """The area the table shows as chosen (its current row), if any."""
    index = view.table.selectionModel().currentIndex()
    row = index.data(ROW_ROLE) if index.isValid() else None
    return row.id if row is not None else None


def test_the_chosen_area_stays_chosen_while_the_filters_still_show_it(
        window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Filtering happens in the table model now (issue 22: no Python call from Qt per row):
    a filter that still shows the chosen area keeps it chosen, highlighted and in the
    editor; one that hides it moves the choice to the first area shown (all as with the
    proxy's filter before). An edit that takes the area out of the filter leaves it in the
    editor, with no row chosen (it moved the choice to the next area before, so the next
    edit went to an area the user had not chosen), as a full reload always did; a click on
    any row then chooses that one, and undo brings the area back to its place, chosen."""
    view = _view(window)
    view.resize(1280, 800)
    view.show()
    rows = _shown(view)
    area = rows[len(rows) // 2]  # not the first: the choice must really stay put
    view.table.setCurrentIndex(view.proxy.index(len(rows) // 2, 1))  # a click on it
    assert _chosen(view) == area.id and view.current is not None
    view.bandFilter.setCurrentIndex(view.bandFilter.findData(area.residual_band))
    assert _chosen(view) == area.id and view.current.id == area.id
    assert view.table.selectionModel().isRowSelected(view.table.currentIndex().row())
    assert view.ui.titleEdit.text() == area.title
    assert {r.residual_band for r in _shown(view)} == {area.residual_band}
    view.statusFilter.setCurrentIndex(view.statusFilter.findData(""))  # more areas shown
    assert _chosen(view) == area.id and len(_shown(view)) > 0
    # A filter that hides it: the first area shown is chosen instead.
    other = next(b for b in ("low", "medium", "high", "critical") if b != area.residual_band
                 and view.bandFilter.findData(b) >= 0
                 and any(r.residual_band == b for r in view.model.rows))
    view.bandFilter.setCurrentIndex(view.bandFilter.findData(other))
    first = _shown(view)[0]
    assert _chosen(view) == first.id and view.current is not None
    assert view.current.id == first.id and view.ui.titleEdit.text() == first.title

    # An edit that takes the chosen area out of the filter: the editor keeps it.
    view.statusFilter.setCurrentIndex(view.statusFilter.findData("active"))
    view.bandFilter.setCurrentIndex(0)
    shown = _shown(view)
    assert all(r.status not in rules.INACTIVE_STATUSES for r in shown)
    target = shown[1]
    view.select_area(target.id)
    view.ui.statusCombo.setCurrentIndex(view.ui.statusCombo.findData("closed"))
    assert window.store is not None
    assert svc.get_area(window.store, target.id).status == "closed"
    assert target.id not in {r.id for r in _shown(view)}
    assert view.current is not None and view.current.id == target.id
    assert view.current.status == "closed" and _chosen(view) is None
    assert view.ui.titleEdit.text() == target.title
    assert not view.table.selectionModel().hasSelection()
    view.reload()  # a full reload (another kind of change) keeps it the same way
    assert view.current is not None and view.current.id == target.id
    assert _chosen(view) is None
    # A click on the row the table had moved to before chooses it (it is not current).
    index = view.proxy.index(1, 1)
    assert index.data(ROW_ROLE).id == shown[2].id
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.current is not None and view.current.id == shown[2].id == _chosen(view)
    view.select_area(shown[3].id)
    view.ui.statusCombo.setCurrentIndex(view.ui.statusCombo.findData("closed"))
    assert view.current is not None and view.current.id == shown[3].id
    window.undo.undo()
    assert shown[3].id in {r.id for r in _shown(view)}
    assert view.current is not None and view.current.id == shown[3].id == _chosen(view)
    window.undo.undo()
    assert target.id in {r.id for r in _shown(view)}
    scores = [r.residual_score for r in _shown(view)]
    assert scores == sorted(scores, reverse=True)  # back in its place


def test_reloading_pauses_the_collector_only_while_it_builds_and_frees_the_old_rows(
        window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The view reads the register with the garbage collector paused (issue 22: its runs
    over 29,000 new rows were 70-150 ms of the wait at 100,000 milestones). It is on again
    after every reload, even one whose read fails; the rows a reload replaces are freed (a
    cycle made during the pause is found by the next collection), and the register shown
    is the one the service reads."""
    import gc
    import sys
    import weakref

    view = _view(window)
    assert gc.isenabled()
    seen: list[bool] = []
    read = svc.register

    def register(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return read(*args, **kwargs)

    monkeypatch.setattr(svc, "register", register)
    old_rows = list(view.model.rows)  # rows are tuples (no weak references to them)
    assert sys.getrefcount(old_rows[0]) > 3  # the view holds it too, besides this list
    old_register = weakref.ref(view.reg)
    view.reload()
    assert seen == [False] and gc.isenabled()
    gc.collect()
    # Only this test's list holds the old rows now.
    assert old_register() is None
    for row in old_rows:
        assert sys.getrefcount(row) == 3  # the list, the loop's name, the call's argument
    assert view.reg == read(window.store)  # same rows, limits, partnerships and people
    assert sorted(r.id for r in view.model.rows) == sorted(r.id for r in view.reg.rows)
    assert view.proxy.rowCount() == len(_shown(view)) > 0

    def fails(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the plan's file went away")

    monkeypatch.setattr(svc, "register", fails)
    with pytest.raises(RuntimeError):
        view.reload()
    assert gc.isenabled()  # the collector is never left off
    gc.disable()
    try:  # paused by someone else (the start-up): the view leaves it paused
        monkeypatch.setattr(svc, "register", read)
        view.reload()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("counts_of", [1, 7, 1400])
def test_the_arrow_leaves_every_count_readable(qtbot, counts_of: int) -> None:  # type: ignore[no-untyped-def]
    """The chosen area's arrow once started with a dot on its inherent cell's centre, over
    that cell's count (the "1" of Possible × 3 on the sample was hidden), and its line ran
    over the counts of the cells between its ends (the diagonal from 5 × 5 to 1 × 1 hid
    three). In every direction, a ring where the rating stayed, and with counts up to
    thousands, the pixels of every count are the same with the arrow as without it, and
    the arrow still starts and ends in its own two cells."""
    from planner.ui.conflicts.heat_map import SELECTION

    heat = HeatMapWidget()
    qtbot.addWidget(heat)
    heat.resize(350, 300)  # the heat map's room at 1024x768
    heat.set_counts([[counts_of] * 5 for _ in range(5)], (4, 9, 15))
    bare = heat.grab().toImage()
    every = [(likelihood, impact) for likelihood in range(1, 6) for impact in range(1, 6)]
    for start, end in (((3, 2), (2, 2)), ((3, 2), (3, 4)), ((5, 5), (1, 1)), ((1, 4), (4, 1)),
                       ((2, 3), (3, 3)), ((4, 4), (3, 2)), ((5, 1), (1, 5)), ((5, 3), (1, 3)),
                       ((3, 1), (3, 5)), ((5, 4), (1, 1)), ((4, 4), (4, 4))):
        heat.set_arrow(start, end)
        image = heat.grab().toImage()
        for cell in every:
            box = heat.count_rect(cell).toAlignedRect()
            assert box.width() > 0
            changed = [(x, y) for x in range(box.left(), box.right() + 1)
                       for y in range(box.top(), box.bottom() + 1)
                       if image.pixel(x, y) != bare.pixel(x, y)]
            assert not changed, (start, end, cell, changed[:3])
        for cell in (start, end):
            rect = heat.cell_rect(*cell).toAlignedRect().adjusted(-3, -3, 3, 3)
            ink = sum(1 for x in range(rect.left(), rect.right() + 1)
                      for y in range(rect.top(), rect.bottom() + 1)
                      if image.pixelColor(x, y).name() == SELECTION.name())
            # The dot and the line start in the one (where a count as wide as the cell
            # leaves no room for the dot, at its edge); the head reaches the other.
            dot = cell == start and counts_of < 1000
            assert ink > (20 if dot else 0), (start, end, cell)
