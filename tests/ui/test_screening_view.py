"""The Screening view: ranking, editor, weights, decisions and the capacity board."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from planner.services import screening as svc
from planner.services.changes import ChangeSet
from planner.services.organisation import update_profile
from planner.store.database import Store
from planner.ui.screening.common import ID_ROLE, parse_resources
from planner.ui.screening.make_room import CapacityChoiceDialog
from planner.ui.screening.ranking import RankingFilterProxy, RankingTableModel
from planner.ui.screening.view import ScreeningView
from planner.ui.shell.main_window import MainWindow

TODAY = dt.date(2026, 11, 25)


def new_opp(store: Store, title: str, hours: float) -> int:
    _c, ident = svc.create_opportunity(store, title)
    svc.update_opportunity(store, ident, "est_ceo_hours_per_month", hours)
    return ident


def screen_fully(store: Store, ident: int) -> None:
    """Every gate passed and every criterion scored with evidence: ready to pursue."""
    data = svc.load(store)
    for gate in data.gates:
        svc.set_gate_result(store, ident, gate.id, "pass", "ok")
    for criterion in data.criteria:
        svc.set_score(store, ident, criterion.id, 3, "seen at the visit")


def _view(window: MainWindow) -> ScreeningView:
    view = window.show_view("screening")
    assert isinstance(view, ScreeningView)
    return view


def _titles(view: ScreeningView) -> list[str]:
    proxy = view.proxy
    return [proxy.data(proxy.index(r, 1)) for r in range(proxy.rowCount())]


def _ranks(view: ScreeningView) -> dict[str, str]:
    proxy = view.proxy
    return {proxy.data(proxy.index(r, 1)): proxy.data(proxy.index(r, 0))
            for r in range(proxy.rowCount())}


@pytest.fixture
def two_options(store: Store) -> Store:
    for title in ("Alpha", "Beta"):
        _c, ident = svc.create_opportunity(store, title)
        fit = svc.load(store).criteria[0]
        svc.set_score(store, ident, fit.id, 3 if title == "Alpha" else 4, "")
    return store


def test_models_pass_the_model_tester(qtmodeltester, sample_store: Store) -> None:
    data = svc.load(sample_store)
    ranking = data.ranking()
    shares = data.stability().shares
    model = RankingTableModel()
    model.set_rows([(r, data.opportunity(r.id), shares.get(r.id)) for r in ranking],  # type: ignore[misc]
                   data.top_k)
    qtmodeltester.check(model, force_py=True)
    proxy = RankingFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("values")
    qtmodeltester.check(proxy, force_py=True)


def test_scoring_changes_the_rank_shown_and_undo_restores(window_factory,
                                                          two_options: Store) -> None:
    window = window_factory(two_options)
    view = _view(window)
    assert _titles(view)[:2] == ["Beta", "Alpha"]
    view.select(next(o.id for o in view.data.opportunities if o.title == "Alpha"))
    fit = view.data.criteria[0]
    level, _evidence = view.editor.scores.rows[fit.id]
    level.setCurrentIndex(level.findData(5))
    assert _titles(view)[:2] == ["Alpha", "Beta"]
    assert _ranks(view) == {"Alpha": "1", "Beta": "2"}
    assert view.editor.opp is not None and view.editor.opp.title == "Alpha"  # still selected
    window.undo.undo()
    assert _titles(view)[:2] == ["Beta", "Alpha"]
    window.undo.redo()
    assert _titles(view)[0] == "Alpha"


def test_evidence_typing_is_one_undo_step_and_raises_confidence(window_factory, two_options,
                                                                type_text) -> None:
    window = window_factory(two_options)
    view = _view(window)
    alpha = next(o.id for o in view.data.opportunities if o.title == "Alpha")
    view.select(alpha)
    fit = view.data.criteria[0]
    _level, evidence = view.editor.scores.rows[fit.id]
    steps = window.undo.count()
    type_text(evidence, "Minutes 3/3")
    assert window.undo.count() == steps + 1
    row = next(r for r in view.ranking if r.id == alpha)
    assert row.evidenced == 1
    assert "confidence 11%" in view.editor.header.text()


def test_evidence_notes_are_wide_enough_to_read(window_factory, sample_store: Store,
                                                qtbot) -> None:
    window = window_factory(sample_store)
    window.resize(1280, 800)
    window.show()
    view = _view(window)
    view.editor.tabs.setCurrentIndex(2)
    qtbot.waitExposed(window)
    for level, evidence in view.editor.scores.rows.values():
        # The note gets the level's full width, not a sliver beside it.
        assert evidence.width() >= level.width() > 150
        assert evidence.placeholderText().startswith("Evidence for ")


def test_sliders_stay_at_100_while_dragged(window_factory, sample_store: Store, qtbot) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    page = view.weights
    first, (slider, _spin) = next(iter(page.sliders.items()))
    for value in (19, 25, 40, 63, 80, 100, 0, 35):
        slider.setValue(value)
        values = page.slider_values()
        assert sum(values.values()) == 100
        assert values[first] == value
        assert "Total: <b>100</b>" in page.total_label.text()
    # The keyboard drags too: arrow keys and Page Up move a slider, the total holds.
    _second, (other, _spin2) = list(page.sliders.items())[1]
    for key in (Qt.Key.Key_Right, Qt.Key.Key_PageUp, Qt.Key.Key_Left):
        qtbot.keyClick(other, key)
        assert sum(page.slider_values().values()) == 100
    slider.setValue(35)
    assert page.slider_values()[first] == 35
    assert view.preview_banner.isVisibleTo(view)
    # Agreeing needs a reason; with one, the weights are saved and logged.
    page.agree()
    assert "reason" in page.weights_error.text()
    page.reason_edit.setText("Trustees asked for more weight on fit")
    page.agree()
    data = svc.load(sample_store)
    assert data.criteria[0].weight == pytest.approx(35)
    assert data.weight_log[0].reason == "Trustees asked for more weight on fit"
    assert not view.preview_banner.isVisibleTo(view)
    window.undo.undo()
    assert svc.load(sample_store).criteria[0].weight == pytest.approx(18)


def test_all_zero_weights_are_refused_with_a_message(window_factory, store: Store) -> None:
    window = window_factory(store)
    view = _view(window)
    page = view.weights
    page.set_draft(dict.fromkeys(page.sliders, 0.0))
    page.reason_edit.setText("testing")
    page.agree()
    assert "above zero" in page.weights_error.text()


def test_pairwise_grid_shows_the_ratio_and_coaches(window_factory, sample_store: Store) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    page = view.weights
    assert "Consistency ratio" in page.cr_label.text()
    # Fit far below values, values far below end users, yet fit equal to end users: a cycle.
    page.set_judgement(0, 1, 1 / 9)
    page.set_judgement(1, 2, 1 / 9)
    assert "too inconsistent" in page.cr_label.text()
    assert page.suggestion is not None and page.accept_hint.isEnabled()
    assert "Most at odds with the rest" in page.hint_label.text()
    before = float(page.cr_label.text().split("<b")[1].split(">")[1].split("<")[0])
    page.accept_suggestion()
    after = float(page.cr_label.text().split("<b")[1].split(">")[1].split("<")[0])
    assert after < before
    page.preview_pairwise()
    assert page.method == "pairwise" and page.draft is not None
    assert sum(page.slider_values().values()) == 100
    page.reason_edit.setText("Pairwise session with the board")
    page.agree()
    log = svc.load(sample_store).weight_log[0]
    assert log.method == "pairwise" and log.consistency_ratio is not None


def test_pursuing_one_strategic_too_many_opens_the_choice(window_factory, store: Store,
                                                          monkeypatch) -> None:
    update_profile(store, "strategic_limit", 1)
    ids = []
    for title in ("First", "Second"):
        _c, ident = svc.create_opportunity(store, title)
        screen_fully(store, ident)
        ids.append(ident)
    svc.decide(store, ids[0], "pursue", "yes", TODAY, tier="strategic")
    window = window_factory(store)
    view = _view(window)
    view.select(ids[1])
    editor = view.editor
    editor.decision.outcome_combo.setCurrentIndex(editor.decision.outcome_combo.findData("pursue"))
    editor.decision.tier_combo.setCurrentIndex(editor.decision.tier_combo.findData("strategic"))
    assert "The one strategic slot is taken" in editor.decision.capacity_note.text()
    opened: list[list[str]] = []

    def fake_exec(dialog: CapacityChoiceDialog) -> int:
        labels = [dialog.ui.choiceList.item(i).text().split("\n")[0]
                  for i in range(dialog.ui.choiceList.count())]
        opened.append(labels)
        row = next(i for i, text in enumerate(labels) if text.startswith("Pause"))
        dialog.ui.choiceList.setCurrentRow(row)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CapacityChoiceDialog, "exec", fake_exec)
    editor.decision.rationale_edit.setPlainText("Central to priority 2")
    editor.decision.record_decision()
    assert opened and "Pause “First”" in opened[0]
    data = svc.load(store)
    assert data.opportunity(ids[0]).stage == "paused"  # type: ignore[union-attr]
    assert data.opportunity(ids[1]).tier == "strategic"  # type: ignore[union-attr]
    assert view.board.titles("strategic") == ["Second"]
    window.undo.undo()
    assert svc.load(store).opportunity(ids[0]).stage == "pursued"  # type: ignore[union-attr]


def test_failed_gate_blocks_pursue_in_the_editor(window_factory, sample_store: Store) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    declined = next(o for o in view.data.opportunities if o.stage == "declined")
    view.select(declined.id)
    editor = view.editor
    editor.decision.outcome_combo.setCurrentIndex(editor.decision.outcome_combo.findData("pursue"))
    editor.decision.tier_combo.setCurrentIndex(editor.decision.tier_combo.findData("network"))
    editor.decision.rationale_edit.setPlainText("Let's try")
    editor.decision.record_decision()
    assert "cannot be pursued" in editor.decision.decision_error.text()
    assert svc.load(sample_store).opportunity(declined.id).stage == "declined"  # type: ignore[union-attr]


def test_overriding_a_gate_needs_a_reason(window_factory, sample_store: Store) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    declined = next(o for o in view.data.opportunities if o.stage == "declined")
    view.select(declined.id)
    failed_gate = next(g for g, r in declined.gates.items() if r.result == "fail")
    _result, _rationale, override, reason = view.editor.gates.rows[failed_gate]
    override.setChecked(True)
    assert "reason" in view.editor.gates.gate_error.text()
    # The message sits right under that gate's fields, not at the foot of the page.
    grid = view.editor.gates.grid
    at = grid.getItemPosition(grid.indexOf(view.editor.gates.gate_error))[0]
    assert at == grid.getItemPosition(grid.indexOf(reason))[0] + 1
    assert view.editor.gates.gate_error.isVisibleTo(view.editor.gates.page)
    assert not svc.load(sample_store).opportunity(declined.id).gates[failed_gate].overridden  # type: ignore[union-attr]
    reason.setText("Terms changed in writing")
    reason.textEdited.emit(reason.text())
    override.setChecked(True)
    assert svc.load(sample_store).opportunity(declined.id).gates[failed_gate].overridden  # type: ignore[union-attr]
    assert not view.editor.gates.gate_error.isVisibleTo(view.editor.gates.page)


def test_declined_stay_visible_and_searchable(window_factory, sample_store: Store) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    declined = next(o for o in view.data.opportunities if o.stage == "declined")
    assert declined.title in _titles(view)
    assert _ranks(view)[declined.title] == "—"
    word = declined.decisions[0].rationale.split()[3]
    view.search.setText(word)
    assert declined.title in _titles(view)
    view.search.setText("no such words anywhere")
    assert _titles(view) == []
    view.search.clear()
    view.show_declined.setChecked(False)
    assert declined.title not in _titles(view)


def test_chart_bars_add_up_to_the_scores(window_factory, sample_store: Store) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    ranked = [r for r in view.ranking if r.eligible]
    assert view.chart.titles == [r.title for r in ranked]
    assert view.chart.totals() == pytest.approx([r.score for r in ranked])
    assert len(view.chart.bars) == len(view.data.criteria)


def test_capacity_page_shows_slots_and_hours(window_factory, sample_store: Store) -> None:
    update_profile(sample_store, "ceo_hours_per_month", 12)
    window = window_factory(sample_store)
    view = _view(window)
    assert view.show_page("capacity") is None
    assert view.pages.currentWidget() is view.board
    state = view.data.capacity_state()
    assert len(view.board.titles("strategic")) == state.strategic_used
    assert "over budget" in view.board.hours_figure.text()
    assert "#b00020" in view.board.hours_figure.text()  # red
    assert f"{state.hours_over:g} h over budget" in view.board.hours_figure.text()
    free = [c for c in view.board.cards if c.objectName() == "emptySlot"]
    assert len(free) >= state.strategic_free


def test_keyboard_moves_through_the_table(window_factory, sample_store: Store, qtbot) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    view.table.setFocus()
    view.table.selectRow(0)
    first = view.selected_id()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.selected_id() != first
    assert view.editor.opp is not None and view.editor.opp.id == view.selected_id()


def test_new_opportunity_with_right_to_left_title(window_factory, store: Store) -> None:
    window = window_factory(store)
    view = _view(window)
    view.new_title.setText("")
    view.new_opportunity()
    assert "cannot be empty" in view.message.text()
    view.new_title.setText("شراكة مع مدرسة النور")
    view.new_opportunity()
    assert "شراكة مع مدرسة النور" in _titles(view)
    assert view.editor.opp is not None and view.editor.opp.title == "شراكة مع مدرسة النور"
    window.undo.undo()
    assert _titles(view) == []
    window.undo.redo()
    assert _titles(view) == ["شراكة مع مدرسة النور"]


def test_context_edits_are_validated_and_undoable(window_factory, store: Store,
                                                  type_text) -> None:
    svc.create_opportunity(store, "Context test")
    window = window_factory(store)
    view = _view(window)
    cui = view.editor.context.cui
    cui.weGiveEdit.setPlainText("love: nothing tagged")
    assert "knowledge, money or authority" in cui.errorLabel.text()
    cui.weGiveEdit.setPlainText("knowledge: Teachers' time")
    assert cui.errorLabel.text() == ""
    opp = svc.load(store).opportunities[0]
    assert opp.get("we_give") == [{"what": "Teachers' time", "kind": "knowledge"}]
    cui.contextCombo.setCurrentIndex(cui.contextCombo.findData("unitary"))
    assert svc.load(store).opportunities[0].get("relational_context") == "unitary"
    window.undo.undo()
    assert svc.load(store).opportunities[0].get("relational_context") == ""
    assert parse_resources("money: £5,000\n\n authority : endorsement") == [
        {"kind": "money", "what": "£5,000"}, {"kind": "authority", "what": "endorsement"}]


def test_context_errors_show_under_the_field_and_keep_the_input(window_factory, store: Store,
                                                                qtbot) -> None:
    svc.create_opportunity(store, "Context test")
    window = window_factory(store)
    window.show()
    view = _view(window)
    cui = view.editor.context.cui
    qtbot.waitExposed(window)
    for widget, bad in ((cui.weGetEdit, "love: nothing tagged"), (cui.titleEdit, "")):
        widget.setFocus()
        if widget is cui.titleEdit:
            widget.setText(bad)
            widget.textEdited.emit(bad)
        else:
            widget.setPlainText(bad)
        row, _role = cui.form.getWidgetPosition(widget)
        assert cui.form.getWidgetPosition(cui.errorLabel)[0] == row + 1  # right below it
        assert cui.errorLabel.isVisibleTo(view.editor) and cui.errorLabel.text()
        qtbot.wait(20)  # let the form lay the message out
        label = cui.errorLabel
        assert label.height() >= label.heightForWidth(label.width())  # not cut off
        # What was typed stays in front of the user; the plan keeps the last good value.
        text = widget.text() if widget is cui.titleEdit else widget.toPlainText()
        assert text == bad
    assert svc.load(store).opportunities[0].title == "Context test"
    cui.titleEdit.setText("Context test 2")
    cui.titleEdit.textEdited.emit("Context test 2")
    assert not cui.errorLabel.isVisibleTo(view.editor)
    assert svc.load(store).opportunities[0].title == "Context test 2"


def test_long_rationale_is_kept(window_factory, store: Store) -> None:
    _c, ident = svc.create_opportunity(store, "Wordy")
    window = window_factory(store)
    view = _view(window)
    view.select(ident)
    editor = view.editor
    editor.decision.outcome_combo.setCurrentIndex(editor.decision.outcome_combo.findData("defer"))
    text = "x" * 1_000_000
    editor.decision.rationale_edit.setPlainText(text)
    editor.decision.record_decision()
    assert editor.decision.decision_error.text() == ""
    assert svc.load(store).opportunity(ident).decisions[0].rationale == text  # type: ignore[union-attr]
    # The history shows the start of it, wrapped to the list: no sideways scrolling.
    item = editor.decision.history.item(0)
    assert len(item.text()) < 1000 and item.text().endswith("…")
    assert editor.decision.history.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_a_review_date_before_the_decision_is_explained(window_factory, store: Store) -> None:
    from PySide6.QtCore import QDate

    _c, ident = svc.create_opportunity(store, "Later")
    window = window_factory(store)
    view = _view(window)
    view.select(ident)
    editor = view.editor
    editor.decision.outcome_combo.setCurrentIndex(editor.decision.outcome_combo.findData("defer"))
    editor.decision.date_edit.setDate(QDate(2026, 11, 25))
    editor.decision.review_check.setChecked(True)
    editor.decision.review_edit.setDate(QDate(2026, 1, 1))
    editor.decision.rationale_edit.setPlainText("Revisit after the budget round")
    editor.decision.record_decision()
    assert editor.decision.decision_error.text() == (
        "The review date (1 Jan 2026) is before the decision date (25 Nov 2026): choose a "
        "later review date.")
    assert editor.decision.rationale_edit.toPlainText() == "Revisit after the budget round"  # kept
    assert svc.load(store).opportunity(ident).decisions == ()  # type: ignore[union-attr]


def test_a_megabyte_pasted_into_an_editor_does_not_freeze_it(window_factory, store: Store,
                                                              qtbot) -> None:
    import time

    _c, ident = svc.create_opportunity(store, "Pasted")
    window = window_factory(store)
    window.show()
    view = _view(window)
    view.select(ident)
    qtbot.waitExposed(window)
    text = "x" * 1_000_000  # one unbroken "word": the worst case for laying text out
    started = time.perf_counter()
    view.editor.context.cui.purposeEdit.setPlainText(text)
    qtbot.wait(1)
    assert time.perf_counter() - started < 5
    assert svc.load(store).opportunity(ident).get("purpose") == text  # type: ignore[union-attr]


def test_show_record_selects_the_opportunity(window_factory, sample_store: Store) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    last = view.data.opportunities[-1]
    view.pages.setCurrentIndex(2)
    assert view.show_record("opportunity", last.id)
    assert view.pages.currentIndex() == 0 and view.selected_id() == last.id
    assert not view.show_record("milestone", 1)


def test_criteria_added_refused_and_removed_with_undo(window_factory, store: Store) -> None:
    window = window_factory(store)
    view = _view(window)
    page = view.weights
    count = len(view.data.criteria)
    page.criteria.new_criterion.setText("Strategic FIT")
    page.criteria.add_criterion()
    assert "already a criterion" in page.criteria.criteria_error.text()
    page.criteria.new_criterion.setText("Urgency")
    page.criteria.add_criterion()
    assert len(view.data.criteria) == count + 1
    assert "Urgency" in page.sliders.__repr__() or len(page.sliders) == count + 1
    page.criteria.criteria_list.setCurrentRow(count)
    page.criteria.remove_criterion()
    assert len(view.data.criteria) == count
    window.undo.undo()
    assert [c.name for c in view.data.criteria][-1] == "Urgency"


def test_a_users_own_gate_is_added_and_blocks(window_factory, store: Store) -> None:
    _c, ident = svc.create_opportunity(store, "Holiday club")
    svc.set_score(store, ident, svc.load(store).criteria[0].id, 3, "")  # scored: it can rank
    window = window_factory(store)
    view = _view(window)
    view.select(ident)
    view.editor.gates.new_gate_edit.setText("Safeguarding")
    view.editor.gates.add_gate()
    gate = next(g for g in view.data.gates if g.name == "Safeguarding")
    result, _rationale, _override, _reason = view.editor.gates.rows[gate.id]
    result.setCurrentIndex(result.findData("fail"))
    assert _ranks(view)["Holiday club"] == "—"
    assert "Failed: Safeguarding" in view.editor.header.text()
    window.undo.undo()
    assert _ranks(view)["Holiday club"] == "1"


def test_board_card_menu_moves_a_partnership(window_factory, sample_store: Store) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    view.show_page("capacity")
    card = next(c for c in view.board.cards if c.engagement is not None and c.tier == "strategic")
    title = card.engagement.title  # type: ignore[union-attr]
    action = next(a for a in card.actions() if a.text() == "Move to network")
    action.trigger()
    assert view.board.titles("network") == [title]
    assert title not in view.board.titles("strategic")
    window.undo.undo()
    assert title in view.board.titles("strategic")


def _full_strategic_tier(store: Store) -> tuple[int, int]:
    """One slot, taken by "First"; "Second" is pursued as operational."""
    update_profile(store, "strategic_limit", 1)
    ids = []
    for title in ("First", "Second"):
        _c, ident = svc.create_opportunity(store, title)
        screen_fully(store, ident)
        ids.append(ident)
    svc.decide(store, ids[0], "pursue", "yes", TODAY, tier="strategic")
    svc.decide(store, ids[1], "pursue", "yes", TODAY, tier="operational")
    return ids[0], ids[1]


def test_board_move_into_a_full_strategic_tier_offers_the_choice(window_factory, store: Store,
                                                                 monkeypatch) -> None:
    _first, second = _full_strategic_tier(store)
    window = window_factory(store)
    view = _view(window)
    view.show_page("capacity")
    opened: list[list[str]] = []

    def fake_exec(dialog: CapacityChoiceDialog) -> int:
        labels = [dialog.ui.choiceList.item(i).text().split("\n")[0]
                  for i in range(dialog.ui.choiceList.count())]
        opened.append(labels)
        assert dialog.ui.choiceList.wordWrap()  # long titles wrap rather than scroll away
        dialog.ui.choiceList.setCurrentRow(labels.index("Move “First” to network"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CapacityChoiceDialog, "exec", fake_exec)
    card = next(c for c in view.board.cards
                if c.engagement is not None and c.engagement.id == second)
    next(a for a in card.actions() if a.text() == "Move to strategic").trigger()
    assert opened, "the board should ask what makes room"
    assert {"Pause “First”", "Exit “First”", "Move “Second” to network instead"} <= set(opened[0])
    assert view.board.titles("strategic") == ["Second"]
    assert view.board.titles("network") == ["First"]
    assert not view.board.error.isVisibleTo(view.board)
    # One undo step puts both back.
    window.undo.undo()
    assert view.board.titles("strategic") == ["First"]
    assert view.board.titles("operational") == ["Second"]


def test_cancelling_the_board_choice_changes_nothing(window_factory, store: Store,
                                                     monkeypatch) -> None:
    _first, second = _full_strategic_tier(store)
    window = window_factory(store)
    view = _view(window)
    view.show_page("capacity")
    steps = window.undo.count()
    monkeypatch.setattr(CapacityChoiceDialog, "exec",
                        lambda _d: QDialog.DialogCode.Rejected)
    view.board.move_requested.emit(second, "strategic")  # as a drop on the strategic row does
    assert view.board.titles("strategic") == ["First"]
    assert view.board.titles("operational") == ["Second"]
    assert window.undo.count() == steps
    assert "stays operational" in view.board.error.text()


def test_long_card_titles_stay_readable(window_factory, store: Store, qtbot) -> None:
    long_title = ("Joint safeguarding and early-intervention programme with the regional "
                  "mental-health trust and three primary academies across the valleys")
    one_word = "Supercalifragilisticexpialidociousengineeringapprenticeships"
    for title in (long_title, one_word, "Short"):
        _c, ident = svc.create_opportunity(store, title)
        screen_fully(store, ident)
        svc.decide(store, ident, "pursue", "yes", TODAY, tier="strategic")
    window = window_factory(store)
    window.resize(1024, 700)
    window.show()
    view = _view(window)
    view.show_page("capacity")
    qtbot.waitExposed(window)
    cards = {c.engagement.title: c for c in view.board.cards if c.engagement is not None}
    for title, card in cards.items():
        lines = card.title.lines()
        metrics = card.title.fontMetrics()
        # Every line drawn fits inside the card: nothing is cut off at the edge.
        assert all(metrics.horizontalAdvance(line) <= card.title.width() for line in lines)
        assert len(lines) <= card.title.MAX_LINES
        assert title in card.toolTip()  # the whole title is a hover away
        assert title in card.accessibleName()
    assert cards[long_title].title.elided and cards[long_title].title.lines()[-1].endswith("…")
    assert "".join(cards[one_word].title.lines()).startswith(one_word[:20])  # broken, not cut
    assert cards["Short"].title.lines() == ["Short"] and not cards["Short"].title.elided
    assert "Beyond the strategic limit" not in cards["Short"].toolTip()
    # A long title does not make its card taller than its neighbours.
    assert cards[long_title].height() == cards["Short"].height()


def test_a_long_title_leaves_the_ranking_table_readable(window_factory, store: Store,
                                                       qtbot) -> None:
    word = "Supercalifragilisticexpialidociousengineeringapprenticeshipsprogramme"
    _c, ident = svc.create_opportunity(store, word)
    window = window_factory(store)
    window.resize(1280, 800)
    window.show()
    view = _view(window)
    view.select(ident)
    qtbot.waitExposed(window)
    qtbot.wait(20)
    # The editor's heading wraps the long word instead of pushing over the table, so
    # every column of the ranking stays in view without scrolling sideways.
    assert view.table.horizontalHeader().length() <= view.table.viewport().width()
    assert view.editor.header.minimumSizeHint().width() < 400
    # The title column shows two lines; the tooltip has the whole title.
    index = view.proxy.index(0, 1)
    assert view.proxy.data(index, Qt.ItemDataRole.ToolTipRole).startswith(word)
    assert view.table.rowHeight(0) >= 2 * view.table.fontMetrics().lineSpacing()
    # The chart's key keeps each criterion name on one line.
    assert "Return&nbsp;to&nbsp;end&nbsp;users" in view.chart.key.text()


def test_new_criterion_name_has_room_to_be_read(window_factory, sample_store: Store,
                                                qtbot) -> None:
    window = window_factory(sample_store)
    window.resize(1280, 800)
    window.show()
    view = _view(window)
    view.show_page("weights")
    page = view.weights
    page.method_tabs.setCurrentIndex(2)
    qtbot.waitExposed(window)
    # The name field spans the criteria list, not a sliver beside the direction and button.
    assert page.criteria.new_criterion.width() >= page.criteria.criteria_list.width() - 2
    level = page.criteria.level_edits[0]
    assert level.toolTip() == level.text() and level.text()


def test_empty_table_and_board_say_what_to_do(window_factory, store: Store) -> None:
    window = window_factory(store)
    view = _view(window)
    assert view.empty_note.isVisibleTo(view) and "No opportunities yet" in view.empty_note.text()
    assert "No partnership is being pursued yet" in view.board.status.text()
    assert not view.message.isVisibleTo(view)  # an empty message line takes no room
    view.new_opportunity()  # no title typed
    assert view.message.isVisibleTo(view) and "cannot be empty" in view.message.text()
    view.new_title.setText("Reading buddies")
    view.new_opportunity()
    assert not view.empty_note.isVisibleTo(view)
    assert not view.message.isVisibleTo(view)
    view.search.setText("'; DROP TABLE opportunity; --")
    assert view.proxy.rowCount() == 0
    assert "Nothing matches “'; DROP TABLE opportunity; --”" in view.empty_note.text()
    view.search.clear()
    assert not view.empty_note.isVisibleTo(view)
    assert svc.load(store).opportunities[0].title == "Reading buddies"


def test_a_card_beyond_the_limit_says_why_it_is_red(window_factory, store: Store) -> None:
    for title in ("First", "Second"):
        _c, ident = svc.create_opportunity(store, title)
        screen_fully(store, ident)
        svc.decide(store, ident, "pursue", "yes", TODAY, tier="strategic")
    update_profile(store, "strategic_limit", 1)  # the limit lowered under two strategic ones
    window = window_factory(store)
    view = _view(window)
    cards = [c for c in view.board.cards if c.engagement is not None]
    over = [c for c in cards if "Beyond the strategic limit" in c.toolTip()]
    assert len(over) == 1 and "beyond the strategic limit" in over[0].accessibleName()
    assert "#b00020" in over[0].styleSheet()


def test_a_refused_step_is_shown_and_not_kept(window_factory, store: Store) -> None:
    _c, ident = svc.create_opportunity(store, "Doomed")
    window = window_factory(store)
    view = _view(window)
    steps = window.undo.count()
    # Someone else deletes it behind the view's back; the next edit is refused.
    svc.delete_opportunity(store, ident)
    from planner.ui.screening.commands import UpdateOpportunityCommand

    ok = view.push(UpdateOpportunityCommand(view.ctx, ident, "notes", "", "late note"))
    assert not ok
    assert "no longer exists" in view.message.text()
    assert window.undo.count() == steps
    assert _titles(view) == []


def test_dropping_a_card_on_another_tier_moves_it(window_factory, sample_store: Store) -> None:
    from PySide6.QtCore import QByteArray, QMimeData, QPointF
    from PySide6.QtGui import QDropEvent

    from planner.ui.capacity.board import CARD_MIME

    window = window_factory(sample_store)
    view = _view(window)
    view.show_page("capacity")
    card = next(c for c in view.board.cards if c.engagement is not None and c.tier == "strategic")
    title = card.engagement.title  # type: ignore[union-attr]
    mime = QMimeData()
    mime.setData(CARD_MIME, QByteArray(str(card.engagement.id).encode()))  # type: ignore[union-attr]
    area = view.board.tier_areas["operational"]
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    area.dropEvent(event)
    assert title in view.board.titles("operational")
    window.undo.undo()
    assert title in view.board.titles("strategic")


def test_hidden_view_catches_up_when_shown(window_factory, store: Store) -> None:
    window = window_factory(store)
    view = _view(window)
    window.show_view("organisation")
    assert view.isHidden()
    _c, ident = svc.create_opportunity(store, "Made elsewhere")
    window.ctx.events.emit_changes(ChangeSet.of("opportunity", ident))
    assert "Made elsewhere" not in _titles(view)  # not worked out while hidden
    window.show_view("screening")
    assert "Made elsewhere" in _titles(view)


def test_shortcuts_reach_search_table_and_editor(window_factory, sample_store: Store) -> None:
    from PySide6.QtGui import QKeySequence, QShortcut

    window = window_factory(sample_store)
    window.show()
    view = _view(window)
    window.activateWindow()
    shortcuts = {s.key().toString(): s for s in view.findChildren(QShortcut)}
    find = QKeySequence(QKeySequence.StandardKey.Find).toString()
    assert {find, "Ctrl+L", "Ctrl+E"} <= set(shortcuts)
    view.pages.setCurrentIndex(2)
    shortcuts[find].activated.emit()
    assert view.pages.currentIndex() == 0
    assert view.focusWidget() is view.search
    shortcuts["Ctrl+L"].activated.emit()
    assert view.focusWidget() is view.table


def test_top_group_size_changes_the_stability_shown(window_factory, sample_store: Store,
                                                    qtbot) -> None:
    window = window_factory(sample_store)
    view = _view(window)
    spin = view.weights.k_spin
    steps = window.undo.count()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert svc.load(sample_store).top_k == 5
    assert window.undo.count() == steps + 1  # arrow clicks merge into one step
    assert view.model.k == 5 and "top 5" in view.weights.ranges_label.text()
    window.undo.undo()
    assert svc.load(sample_store).top_k == 3 and spin.value() == 3


def test_weight_range_chart_draws_each_range(window_factory, sample_store: Store) -> None:
    svc.set_top_k(sample_store, 2)  # no tie at the edge of the top 2 in the sample
    window = window_factory(sample_store)
    view = _view(window)
    chart = view.weights.range_chart
    ranges = view.data.weight_ranges()
    assert [r.name for r in chart.ranges] == [c.name for c in view.data.criteria]
    assert list(chart.bars.opts["x0"]) == pytest.approx([r.low for r in ranges])
    assert list(chart.bars.opts["width"]) == pytest.approx(
        [max(r.high - r.low, 0.4) for r in ranges])
    xs, _ys = chart.dots.getData()
    assert list(xs) == pytest.approx([r.current for r in ranges])
    assert "top 2 stays the same" in view.weights.ranges_label.text()


def test_an_unscored_opportunity_says_not_yet_scored(window_factory, store: Store) -> None:
    _c, ident = svc.create_opportunity(store, "Holiday club")
    window = window_factory(store)
    view = _view(window)
    view.select(ident)
    assert _ranks(view)["Holiday club"] == "—"
    header = view.editor.header.text()
    assert "Not yet scored" in header
    assert "Score <b>0" not in header and "confidence 0%" not in header
    model = view.table.model()
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = next(r for r in range(model.rowCount())
               if model.index(r, columns.index("Opportunity")).data() == "Holiday club")
    assert model.index(row, columns.index("Score")).data() == "not yet scored"
    assert model.index(row, columns.index("Confidence")).data() == "—"
    assert model.index(row, columns.index("Stability")).data() in ("—", "", None)


def test_the_decision_tab_chooses_nothing_and_asks_before_pursuing(
        window_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """On a plan made earlier: no default outcome; an unscreened opportunity asks for
    screening first; open gates or low confidence ask for a reason, which is kept."""
    path = tmp_path / "earlier.sqlite"
    with Store.open(path, create=True) as store:
        _c, ident = svc.create_opportunity(store, "Holiday club")
        data = svc.load(store)
        gate = data.gates[0]
    window = window_factory(Store.open(path))
    view = _view(window)
    view.select(ident)
    editor = view.editor
    assert editor.decision.outcome_combo.currentData() == "" and editor.decision.tier_combo.currentData() == ""
    editor.decision.rationale_edit.setPlainText("Parents keep asking")
    editor.decision.record_decision()
    assert "Choose an outcome" in editor.decision.decision_error.text()

    editor.decision.outcome_combo.setCurrentIndex(editor.decision.outcome_combo.findData("pursue"))
    editor.decision.tier_combo.setCurrentIndex(editor.decision.tier_combo.findData("network"))
    editor.decision.record_decision()
    assert "has not been screened yet" in editor.decision.decision_error.text()
    assert view.data.opportunity(ident).stage == "screening"  # type: ignore[union-attr]

    assert window.store is not None
    svc.set_gate_result(window.store, ident, gate.id, "pass", "Checked")
    svc.set_score(window.store, ident, view.data.criteria[0].id, 4, "Survey of parents")
    window.refresh_all()
    view.select(ident)
    editor.decision.outcome_combo.setCurrentIndex(editor.decision.outcome_combo.findData("pursue"))
    editor.decision.tier_combo.setCurrentIndex(editor.decision.tier_combo.findData("network"))
    editor.decision.rationale_edit.setPlainText("The summer starts in three weeks")
    editor.decision.record_decision()
    text = editor.decision.decision_error.text()
    assert "still open" in text and "confidence" in text and "rationale" in text
    assert not editor.decision.despite_check.isHidden()  # shown on the Decision tab
    assert view.data.opportunity(ident).stage == "screening"  # type: ignore[union-attr]
    editor.decision.despite_check.setChecked(True)
    editor.decision.record_decision()
    opp = svc.load(window.store).opportunity(ident)
    assert opp is not None and opp.stage == "pursued"
    kept = opp.decisions[0].rationale
    assert kept.startswith("Pursued with gates still open:") and "confidence" in kept
    assert kept.endswith("The summer starts in three weeks")


def test_the_make_room_dialog_shows_each_option_and_follows_the_hours(
        window_factory, store: Store) -> None:  # type: ignore[no-untyped-def]
    update_profile(store, "strategic_limit", 1)
    update_profile(store, "ceo_hours_per_month", 10)
    ids = []
    for title, hours in (("First", 8.0), ("Second", 6.0)):
        ident = new_opp(store, title, hours)
        data = svc.load(store)
        for gate in data.gates:
            svc.set_gate_result(store, ident, gate.id, "pass", "ok")
        svc.set_score(store, ident, data.criteria[0].id, 4, "Evidence")
        ids.append(ident)
    # One criterion of nine scored: pursuing First says why before scoring is complete.
    svc.decide(store, ids[0], "pursue", "Strategic fit is all the trustees needed to know",
               TODAY, tier="strategic", despite=True)
    window = window_factory(store)
    view = _view(window)
    check = view.data.pursue_check(ids[1], "strategic")
    dialog = CapacityChoiceDialog(check, view, options=svc.room_options(store, view.data,
                                                                        check))
    texts = [dialog.ui.choiceList.item(i).text() for i in range(dialog.ui.choiceList.count())]
    move = next(t for t in texts if t.startswith("Move “First” to operational"))
    assert "rank" in move and "score" in move and "health:" in move
    assert "8 CEO h a month" in move
    lower = next(t for t in texts if t.startswith("Pursue “Second” as operational"))
    assert "not pursued yet" in lower and "6 CEO h a month" in lower
    # 14 h against 10 unless First is paused or ended: that is what is offered first.
    assert dialog.chosen().kind in ("pause", "exit")  # type: ignore[union-attr]
    assert "6 of 10 a month: within budget" in dialog.ui.hoursLabel.text()
    row = next(i for i, t in enumerate(texts) if t.startswith("Move “First” to operational"))
    dialog.ui.choiceList.setCurrentRow(row)
    assert "14 a month against a budget of 10: 4 over budget" in dialog.ui.hoursLabel.text()


def test_gates_passed_but_nothing_scored_asks_for_a_reason_and_redo_keeps_it(
        window_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: an unscored opportunity is not pursued without a reason, in the tab as in
    the service; undo and redo keep the record as it was written."""
    path = tmp_path / "earlier.sqlite"
    with Store.open(path, create=True) as store:
        _c, ident = svc.create_opportunity(store, "Holiday club")
        for gate in svc.load(store).gates:
            svc.set_gate_result(store, ident, gate.id, "pass", "Checked")
    window = window_factory(Store.open(path))
    view = _view(window)
    view.select(ident)
    tab = view.editor.decision
    tab.outcome_combo.setCurrentIndex(tab.outcome_combo.findData("pursue"))
    tab.tier_combo.setCurrentIndex(tab.tier_combo.findData("network"))
    tab.rationale_edit.setPlainText("The head asked us to start in the holidays")
    tab.record_decision()
    assert "No criterion scored yet" in tab.decision_error.text()
    assert view.data.opportunity(ident).stage == "screening"  # type: ignore[union-attr]
    tab.despite_check.setChecked(True)
    tab.record_decision()
    assert tab.decision_error.text() == "" and tab.rationale_edit.toPlainText() == ""
    window.undo.undo()
    window.undo.redo()
    assert window.store is not None
    opp = svc.load(window.store).opportunity(ident)
    assert opp is not None and (opp.stage, opp.tier) == ("pursued", "network")
    assert [d.rationale for d in opp.decisions] == [
        "Pursued with no criterion scored yet. The head asked us to start in the holidays"]


def test_the_hidden_pages_are_made_when_first_shown(window_factory, sample_store: Store,
                                                     qtbot) -> None:  # type: ignore[no-untyped-def]
    """Opening Screening makes only the Ranking page (issue 22: the capacity cards and the
    Weights page cost a third of a second at 200 partnerships); each other page is whole,
    laid out and current when it is chosen, however it comes to be shown."""
    window = window_factory(sample_store)
    view = _view(window)
    assert view._weights is None and not view.board._cards  # not made yet
    assert view.board.titles("strategic")  # what the board says is known all the same
    view.show_page("weights")
    assert view._weights is not None and view.pages.currentWidget().isAncestorOf(view.weights)
    assert view.weights.isVisibleTo(window) and view.weights.range_chart.ranges
    view.show_page("capacity")
    cards = [c for c in view.board.cards if c.engagement is not None]
    assert [c.engagement.title for c in cards if c.tier == "strategic"] == \
        view.board.titles("strategic")  # type: ignore[union-attr]
    assert all(c.isVisibleTo(window) and c.width() > 50 for c in cards)

    # Chosen before its window is shown, the board is whole when the window appears.
    other = window_factory(sample_store)
    hidden = _view(other)
    hidden.show_page("capacity")
    other.show()
    qtbot.waitExposed(other)
    cards = [c for c in hidden.board._cards if c.engagement is not None]
    assert cards and all(c.isVisibleTo(other) and c.width() > 50 for c in cards)


def test_the_editor_tabs_are_made_when_first_chosen(window_factory, sample_store: Store,
                                                    qtbot) -> None:  # type: ignore[no-untyped-def]
    """Opening Screening makes no Gates or Scores rows (issue 22): each tab is made when
    first chosen, showing the opportunity chosen meanwhile, whole and current, and what is
    done on it is an undo step as before. The editor keeps its width (the splitter does not
    move when a tab is made)."""
    window = window_factory(sample_store)
    window.resize(1024, 768)
    window.show()
    view = _view(window)
    qtbot.waitExposed(window)
    editor = view.editor
    assert not editor.is_made("gates") and not editor.is_made("scores")
    assert editor.context.opp is not None and editor.context.isVisibleTo(window)
    labels = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert labels == ["&Context", "&Gates", "&Scores", "&Decision", "P&artner's view"]
    width = editor.width()
    # Another opportunity is chosen (a click in the table) before the Gates tab is.
    other = next(o for o in view.data.opportunities
                 if o.stage != "declined" and any(r.result == "pass" for r in o.gates.values()))
    row = next(r for r in range(view.proxy.rowCount())
               if view.proxy.index(r, 0).data(ID_ROLE) == other.id)
    view.table.setCurrentIndex(view.proxy.index(row, 1))
    editor.tabs.setCurrentIndex(1)  # a click on Gates
    qtbot.wait(20)
    gates = editor.gates
    assert gates.isVisibleTo(window) and editor.tabs.currentWidget().isAncestorOf(gates)
    assert gates.opp is not None and gates.opp.id == other.id
    assert set(gates.rows) == {g.id for g in view.data.gates}
    assert editor.width() == width
    passed = next(g for g, r in other.gates.items() if r.result == "pass")
    result = gates.rows[passed][0]
    assert result.currentData() == "pass"
    result.setCurrentIndex(result.findData("unknown"))
    assert svc.load(sample_store).opportunity(other.id).gates[passed].result == "unknown"  # type: ignore[union-attr]
    window.undo.undo()
    assert svc.load(sample_store).opportunity(other.id).gates[passed].result == "pass"  # type: ignore[union-attr]
    assert gates.rows[passed][0].currentData() == "pass"  # a made tab follows the plan

    # Scores, first chosen after yet another opportunity was chosen, shows that one.
    declined = next(o for o in view.data.opportunities if o.stage == "declined")
    view.select(declined.id)
    assert gates.opp is not None and gates.opp.id == declined.id  # a made tab follows
    editor.tabs.setCurrentIndex(2)
    scores = editor.scores
    assert scores.isVisibleTo(window) and scores.opp is not None
    assert scores.opp.id == declined.id
    assert set(scores.rows) == {c.id for c in view.data.criteria}
    assert editor.width() == width


CHOSEN_COLD = r"""
import json, sys, tempfile
from pathlib import Path
from planner.app import application, qsettings
from planner.ui.shell.main_window import MainWindow
from planner.ui.shell.settings import Settings

app = application()
tmp = tempfile.mkdtemp()
window = MainWindow(Settings(qsettings(str(Path(tmp) / "settings.ini"))), Path(tmp),
                    auto_backup=False)
window.show()
window.start(sys.argv[1])
app.processEvents()
view = window.show_view("screening")
app.processEvents()
seen = {"ranked": view.proxy.rowCount(), "bars": len(view.chart.titles),
        "pyqtgraph_at_first": "pyqtgraph" in sys.modules}
view.show_page("weights")
app.processEvents()
seen["pyqtgraph_with_weights"] = "pyqtgraph" in sys.modules
seen["ranges"] = len(view.weights.range_chart.ranges)
print(json.dumps(seen))
window.close()
"""


def test_the_ranking_shows_before_the_charting_library_loads(sample_file: Path,
                                                             tmp_path: Path) -> None:
    """Chosen first thing in a fresh window, the Ranking page (table, contribution chart,
    editor) is drawn without pyqtgraph, whose import walks every Qt class (~0.4 s before
    the page could show, issue 22); the Weights page's range chart brings it."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    path = tmp_path / "sample.sqlite"
    shutil.copyfile(sample_file, path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", CHOSEN_COLD, str(path)], env=env, text=True,
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["ranked"] >= 5 and seen["bars"] >= 4
    assert not seen["pyqtgraph_at_first"]
    assert seen["pyqtgraph_with_weights"] and seen["ranges"] >= 3


def test_a_long_partners_name_shows_its_start(window_factory, store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 1024×768 the Partner box read "rowgate Engineering Works Limited" and the
    day-to-day lead's "owgate Engineering Works Limited)": the boxes showed the end of
    a name too long for them. They show its start, as every other box does."""
    from planner.services import people

    partner, _ = people.create_organisation(store, {"name": "Harrowgate Engineering Works "
                                                            "Limited", "kind": "company"})
    lead, _ = people.create_person(store, {"name": "Dr Aleksandra Nowak-Brzezinska",
                                           "organisation_id": partner})
    _c, ident = svc.create_opportunity(store, "Engineering apprenticeships",
                                       partner_id=partner)
    svc.update_opportunity(store, ident, "lead_id", lead)
    window = window_factory(store)
    window.resize(1024, 738)
    window.show()
    qtbot.waitExposed(window)
    view = _view(window)
    view.select(ident)
    qtbot.wait(20)
    boxes = [b for b in view.editor.context.chooser_boxes() if b.currentData() in (partner, lead)]
    assert len(boxes) == 2
    for box in boxes:
        line = box.lineEdit()
        assert line.fontMetrics().horizontalAdvance(box.currentText()) > line.width()
        assert line.cursorPosition() == 0, box.currentText()
