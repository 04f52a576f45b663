"""Screening › Partner's view: the questionnaire from a button, the filled form read back with a
preview (patched, no modal opens), kept as one undo step, and their answers beside ours."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from planner.domain import partner_view as pv
from planner.services import partner_view as svc
from planner.store.database import Store
from planner.ui.screening.view import ScreeningView
from tests.services.test_partner_view import NAMES, OAKFIELD, fill


@pytest.fixture
def view(window_factory, sample_file: Path, tmp_path: Path) -> ScreeningView:  # type: ignore[no-untyped-def]
    copy = tmp_path / "plan.sqlite"
    shutil.copy(sample_file, copy)
    Store.open(copy).close()  # a plan made earlier, reopened
    window = window_factory(Store.open(copy))
    found = window.show_view("screening")
    assert isinstance(found, ScreeningView)
    found.select(OAKFIELD)
    return found


def test_questionnaire_out_answers_in_one_undo_step(qtbot, view: ScreeningView,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    page = view.editor.partner_page
    view.editor.tabs.setCurrentWidget(page)
    assert page.opportunity_id == OAKFIELD and page.model.rowCount() == 0
    out = tmp_path / "questionnaire.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(out), "PDF files (*.pdf)"))
    messages: list[str] = []
    view.ctx.events.status.connect(messages.append)
    page.export_button.click()
    qtbot.waitUntil(lambda: any("Questionnaire written" in m for m in messages), timeout=20000)
    assert page.export_button.isEnabled()

    q = svc.questionnaire(view.ctx.store, OAKFIELD)
    filled = tmp_path / "filled.pdf"
    fill(out, filled, {"respondent": NAMES["greek"], pv.gate_field(q.gates[0].id): "/no",
                       pv.gate_field(q.gates[0].id, "comment"): NAMES["arabic"]})
    shown: list[svc.Preview] = []
    assert page.import_answers(filled, confirm=lambda p: shown.append(p) or True)
    assert shown and shown[0].answers["respondent"] == NAMES["greek"]
    assert page.model.rowCount() == len(shown[0].comparison.gaps) > 0
    first = page.model.index(0, 0).data()
    assert "Strategic fit" in first and NAMES["arabic"] in first  # the biggest gap first
    assert page.model.index(0, 2).data() == "No"
    assert "To talk about" in page.topics.text()
    assert NAMES["greek"] in page.rounds_combo.currentText()

    window_undo = view.ctx.undo
    window_undo.undo()  # one step takes the whole round away
    assert svc.rounds(view.ctx.store, OAKFIELD) == []
    assert page.model.rowCount() == 0 and not page.rounds_combo.isEnabled()
    window_undo.redo()
    [back] = svc.rounds(view.ctx.store, OAKFIELD)
    assert back.answers["respondent"] == NAMES["greek"]
    assert page.model.rowCount() > 0


def test_a_form_for_another_opportunity_is_refused_beside_the_buttons(
        view: ScreeningView, tmp_path: Path) -> None:
    page = view.editor.partner_page
    other = tmp_path / "other.pdf"
    svc.export_questionnaire(view.ctx.store, 3, other)
    assert not page.import_answers(other, confirm=lambda p: pytest.fail("no preview"))
    assert "not 'Shared sixth-form curriculum with Oakfield'" in page.message.text()
    assert "\n" not in page.message.text() and not page.message.isHidden()
    assert svc.rounds(view.ctx.store, OAKFIELD) == [] and svc.rounds(view.ctx.store, 3) == []


def test_the_register_shows_their_rating_and_flags_it_worse(
        view: ScreeningView, tmp_path: Path) -> None:
    from planner.ui.conflicts.register_model import COLUMNS, ROW_ROLE
    from planner.ui.conflicts.view import ConflictsView

    q = svc.questionnaire(view.ctx.store, OAKFIELD)
    area = q.conflicts[0]
    form, filled = tmp_path / "q.pdf", tmp_path / "filled.pdf"
    svc.export_questionnaire(view.ctx.store, OAKFIELD, form)
    fill(form, filled, {pv.conflict_field(area.id, "likelihood"): "/5",
                        pv.conflict_field(area.id, "impact"): "/5"})
    assert view.editor.partner_page.import_answers(filled, confirm=lambda p: True)
    window = view.window()
    conflicts = window.show_view("conflicts")
    assert isinstance(conflicts, ConflictsView)
    proxy = conflicts.proxy
    col = [key for key, _ in COLUMNS].index("theirs")
    shown = {proxy.index(r, 0).data(ROW_ROLE).id: proxy.index(r, col).data()
             for r in range(proxy.rowCount())}
    assert shown[area.id] == "25 ▲ worse"
    others = {i: t for i, t in shown.items() if i != area.id}
    assert set(others.values()) == {""}  # not rated by them: nothing beside ours
    window.undo.undo()  # the import undone: their rating goes too
    shown_after = {proxy.index(r, 0).data(ROW_ROLE).id: proxy.index(r, col).data()
                   for r in range(proxy.rowCount())}
    assert shown_after[area.id] == ""


def test_the_date_received_is_chosen_in_the_window_and_kept(
        view: ScreeningView, tmp_path: Path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: answers that came last week are dated last week, as --received does; the
    comparison is a table model that passes Qt's model tester."""
    import datetime as dt

    from PySide6.QtCore import QDate

    page = view.editor.partner_page
    assert page.received_edit.date() == QDate.currentDate()  # today unless said
    assert page.received_edit.displayFormat() == "d MMM yyyy"  # the program's date box
    form, filled = tmp_path / "q.pdf", tmp_path / "filled.pdf"
    svc.export_questionnaire(view.ctx.store, OAKFIELD, form)
    q = svc.questionnaire(view.ctx.store, OAKFIELD)
    fill(form, filled, {"respondent": NAMES["cyrillic"], pv.gate_field(q.gates[0].id): "/no"})
    week_ago = dt.date.today() - dt.timedelta(days=7)
    page.received_edit.setDate(QDate(week_ago.year, week_ago.month, week_ago.day))
    assert page.import_answers(filled, confirm=lambda p: True)
    [kept] = svc.rounds(view.ctx.store, OAKFIELD)
    assert kept.received_on == week_ago
    assert f"Received {week_ago.day} {week_ago:%b %Y}" in page.rounds_combo.currentText()
    assert page.received_edit.date() == QDate.currentDate()  # the next round: today again
    qtmodeltester.check(page.model)
    assert page.model.rowCount() > 0 and page.model.index(0, 2).data() == "No"


def test_the_decision_tab_cites_a_round_and_shows_it(
        view: ScreeningView, tmp_path: Path) -> None:
    """Issue 21: the round of their answers a decision drew on is chosen in the Decision
    tab, kept with the decision and shown with it."""
    import datetime as dt

    from planner.services import screening

    form, filled = tmp_path / "q.pdf", tmp_path / "filled.pdf"
    svc.export_questionnaire(view.ctx.store, OAKFIELD, form)
    fill(form, filled, {"respondent": NAMES["arabic"]})
    tab = view.editor.decision
    assert not tab.cites_combo.isEnabled()  # no answers yet: nothing to cite
    assert view.editor.partner_page.import_answers(filled, confirm=lambda p: True)
    [kept] = svc.rounds(view.ctx.store, OAKFIELD)
    assert tab.cites_combo.isEnabled() and tab.cites_combo.count() == 2
    assert NAMES["arabic"] in tab.cites_combo.itemText(1)
    tab.cites_combo.setCurrentIndex(1)
    tab.outcome_combo.setCurrentIndex(tab.outcome_combo.findData("defer"))
    tab.rationale_edit.setPlainText("They see the protocol differently: talk first")
    tab.record_decision()
    assert tab.decision_error.text() == ""
    today = dt.date.today()
    assert f"drew on the partner's answers received {today.day} {today:%b %Y}" in \
        tab.history.item(0).text()
    opp = screening.load(view.ctx.store).opportunity(OAKFIELD)
    assert opp is not None and opp.latest_decision is not None
    assert opp.latest_decision.partner_answers_id == kept.id
    view.ctx.undo.undo()  # the decision
    view.ctx.undo.redo()
    opp = screening.load(view.ctx.store).opportunity(OAKFIELD)
    assert opp is not None and opp.latest_decision is not None
    assert opp.latest_decision.partner_answers_id == kept.id
