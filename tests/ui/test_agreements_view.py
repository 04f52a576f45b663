"""The Agreements view: builder edits and undo, the frozen lifecycle, signing, PDF, print."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter

from planner.domain import agreements as rules
from planner.services import agreements as svc
from planner.store.database import Store
from planner.ui.agreements.view import AgreementsView
from planner.ui.shell.main_window import MainWindow
from tests.services.test_agreements import Plan, make_plan

PASS = "long enough passphrase"


@pytest.fixture
def plan_and_view(window_factory, store: Store, tmp_path: Path):  # type: ignore[no-untyped-def]
    plan = make_plan(store)
    window: MainWindow = window_factory(store)
    view = window.show_view("agreements")
    assert isinstance(view, AgreementsView)
    view.data_dir = tmp_path / "userdata"
    view.resize(1300, 850)
    view.show()
    return plan, view


def _wait(qtbot, view: AgreementsView) -> object:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not view.working, timeout=20_000)
    return view.last_result


def _section(view: AgreementsView, key: str) -> svc.SectionRow:
    assert view.detail is not None
    section = next(s for s in view.detail.sections if s.key == key)
    view.select_section(section.id)
    return section


def test_sample_agreement_opens_with_sections_and_guidance(window_factory,  # type: ignore[no-untyped-def]
                                                           sample_store: Store) -> None:
    window = window_factory(sample_store)
    view = window.show_view("agreements")
    assert isinstance(view, AgreementsView)
    assert view.detail is not None and view.detail.state == "draft"
    assert view.sections.count() == len(view.detail.sections) >= 10
    assert view.editor.guidanceLabel.text().startswith("<b>Guidance.</b>")
    assert "fingerprint is fixed" in view.fingerprint_label.text()


def test_a_long_partnership_title_does_not_widen_the_view(window_factory,  # type: ignore[no-untyped-def]
                                                          sample_store: Store) -> None:
    """The partnership list is filled after the view is built: a long title there must not
    push the window past a laptop screen (it did with the sample, to 1398 pixels)."""
    from planner.store.tables import Opportunity

    with sample_store.work() as work:
        opp = work.list(Opportunity)[0]
        opp.title = "A very long partnership title " * 4
        work.add(opp)
    window = window_factory(sample_store)
    view = window.show_view("agreements")
    assert isinstance(view, AgreementsView)
    assert view.partnership_combo.findText(opp.title) >= 0
    assert view.partnership_combo.minimumSizeHint().width() < 300
    assert view.minimumSizeHint().width() < 1280 - 200  # beside the sidebar
    # Cut short in the box, the title is whole in its tooltip (it said only "The
    # partnership a new agreement is made for"), and in the list's.
    combo = view.partnership_combo
    combo.setCurrentIndex(combo.findText(opp.title))
    assert combo.fontMetrics().horizontalAdvance(opp.title) > combo.width()
    assert opp.title in combo.toolTip()
    assert combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole) == opp.title


def test_typing_is_one_undoable_step(plan_and_view, qtbot) -> None:  # type: ignore[no-untyped-def]
    plan, view = plan_and_view
    section = _section(view, "background")
    before = section.body
    view.editor.bodyEdit.setPlainText("**Bold** start\n\n- one\n- two")
    assert "<b>Bold</b>" in view.preview.text() and "<li>two</li>" in view.preview.text()
    view.editor.bodyEdit.setPlainText("First draft")
    view.editor.bodyEdit.setPlainText("First draft, then more")
    view.flush_edits()
    stored = svc.get_agreement(view.ctx.store, plan.agreement_id).section(section.id)
    assert stored is not None and stored.body == "First draft, then more"
    view.ctx.undo.undo()
    stored = svc.get_agreement(view.ctx.store, plan.agreement_id).section(section.id)
    assert stored is not None and stored.body == before
    assert view.editor.bodyEdit.toPlainText() == before


def test_sections_reorder_add_remove_with_undo(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    plan, view = plan_and_view
    titles = lambda: [s.title for s in svc.get_agreement(view.ctx.store,  # noqa: E731
                                                         plan.agreement_id).sections]
    start = titles()
    _section(view, "status")
    view.move_section(-1)
    assert titles()[0] == "Status of this document"
    view.add_section("", "Safeguarding")
    assert "Safeguarding" in titles()
    view.remove_section()
    assert "Safeguarding" not in titles()
    for _ in range(3):
        view.ctx.undo.undo()
    assert titles() == start


def test_lint_blocks_then_linking_the_conflict_allows_agreement(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    plan, view = plan_and_view
    assert not view.mark_agreed()
    assert view.banner.isVisibleTo(view) and "Recruiting the same teachers" in view.banner.text()
    assert "Link to a clause" in view.banner.text()  # says how to put it right
    _section(view, "conflicts")
    assert view.editor.conflictsGroup.isVisibleTo(view)
    item = view.editor.conflictsList.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    assert svc.get_agreement(view.ctx.store, plan.agreement_id).section(
        view.section_id).conflict_ids == (plan.conflict_id,)  # type: ignore[union-attr]
    assert view.mark_agreed()
    assert view.detail is not None and view.detail.state == "agreed"
    assert len(view.detail.fingerprint) == 64
    assert view.detail.fingerprint[:4].upper() in view.fingerprint_label.text()


def _agree(view: AgreementsView, plan: Plan) -> None:
    from tests.services.test_agreements import link_conflict

    link_conflict(view.ctx.store, plan)
    view.reload()
    assert view.mark_agreed()


def test_frozen_version_cannot_be_edited_in_the_window(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    plan, view = plan_and_view
    _agree(view, plan)
    section = _section(view, "background")
    assert view.editor.bodyEdit.isReadOnly() and view.title_edit.isReadOnly()
    assert not view.add_button.isEnabled() and not view.agree_button.isEnabled()
    steps = view.ctx.undo.count()
    view.set_section_body("sneaky change")  # even if the text got in, it is not saved
    stored = svc.get_agreement(view.ctx.store, plan.agreement_id).section(section.id)
    assert stored is not None and stored.body == section.body
    assert view.ctx.undo.count() == steps
    assert "frozen" in view.editor.messageLabel.text()
    # Undo of "mark agreed" (nobody signed yet) unfreezes it.
    view.ctx.undo.undo()
    assert view.detail is not None and view.detail.state == "draft"
    assert not view.editor.bodyEdit.isReadOnly()


def test_amend_makes_version_two_and_keeps_one(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    plan, view = plan_and_view
    _agree(view, plan)
    assert view.amend(reason="") is None and "why" in view.banner.text().lower()
    new_id = view.amend(reason="New safeguarding rules")
    assert new_id is not None and view.agreement_id == new_id
    assert view.detail is not None and view.detail.version == 2
    assert "New safeguarding rules" in view.banner.text()
    assert "nothing yet" in view.banner.text()
    view.add_section("", "Safeguarding")
    assert "Added “Safeguarding”." in view.banner.text()
    view.ctx.undo.undo()
    versions = [view.tree.topLevelItem(0).child(i).text(0)  # type: ignore[union-attr]
                for i in range(view.tree.topLevelItem(0).childCount())]  # type: ignore[union-attr]
    assert [v.split()[0] for v in versions] == ["v1", "v2"]
    view.ctx.undo.undo()
    assert [a.version for a in svc.list_agreements(view.ctx.store)] == [1]


def test_table_edits_validate_and_warn_about_meeting_load(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    _plan, view = plan_and_view
    _section(view, "meetings")
    table = view.editor.tableWidget
    assert table.rowCount() == 3 and "meetings" in view.editor.loadLabel.text()
    hours_col = [c.key for c in rules.TABLES["meetings"]].index("hours")
    table.item(0, hours_col).setText("lots")
    assert "must be a number" in view.editor.messageLabel.text()
    freq_col = [c.key for c in rules.TABLES["meetings"]].index("frequency")
    table.item(0, hours_col).setText("3")
    table.item(0, freq_col).setText("weekly")
    assert "Heavy meeting load" in view.editor.loadLabel.text()
    rows = view.detail.section(view.section_id).data["meetings"]  # type: ignore[union-attr]
    assert rows[0]["frequency"] == "weekly" and rows[0]["hours"] == 3.0


def _draw(qtbot, pad) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 60))
    for x, y in ((40, 30), (60, 70), (90, 25), (130, 65)):
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(140, 60))


def test_drawn_signature_then_digital_countersignature_and_verify(plan_and_view, qtbot,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    plan, view = plan_and_view
    _agree(view, plan)
    view.show_page("signatures")
    view.sign.signatoriesList.setCurrentRow(0)
    assert not view.sign_drawn()  # nothing drawn yet
    _draw(qtbot, view.sign.pad)
    assert not view.sign.pad.is_empty()
    assert view.sign_drawn()
    assert view.detail is not None and view.detail.state == "partly_signed"
    assert view.detail.signatories[0].signature is not None
    assert len(view.detail.signatories[0].signature.strokes) == 1

    # The second signatory signs digitally with a new identity (off the GUI thread).
    view.sign.signatoriesList.setCurrentRow(1)
    assert view.create_identity(passphrase="short") is None
    assert "at least 8" in view.sign.messageLabel.text()
    identity = view.create_identity(passphrase=PASS)
    assert identity is not None and identity.fingerprint in view.sign.identityInfoLabel.text()
    out = tmp_path / "signed.pdf"
    assert view.sign_digitally(out=out, passphrase="wrong passphrase") is None
    assert "not correct" in view.sign.messageLabel.text()
    _draw(qtbot, view.sign.pad)  # drawn and typed first, then the digital signature
    job = view.sign_digitally(out=out, passphrase=PASS)
    assert job is not None and view.busy.isVisibleTo(view)
    _wait(qtbot, view)
    assert not view.busy.isVisibleTo(view)
    assert view.detail is not None and view.detail.state == "signed"
    second = view.detail.signatories[1].signature
    assert second is not None and second.digital and len(second.strokes) == 1

    view.show_page("verify")
    view.pins_edit.setPlainText(identity.fingerprint)
    view.verify_file(out)
    ok, text, fingerprint = _wait(qtbot, view)  # type: ignore[misc]
    assert ok and "✔" in view.verify_result.toPlainText() and "trusted" in text
    assert fingerprint == view.detail.fingerprint
    assert "This is version 1 of" in view.verify_result.toPlainText()
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("plain words")
    view.verify_file(not_pdf)
    _wait(qtbot, view)
    assert "not a PDF" in view.banner.text()
    assert view.verify_result.toPlainText().startswith("✘")  # not left at "Checking…"
    assert "not a PDF" in view.verify_result.toPlainText()


def test_export_runs_off_the_gui_thread(plan_and_view, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _plan, view = plan_and_view
    out = tmp_path / "agreement.pdf"
    job = view.export_pdf(out)
    assert job is not None and view.working
    result = _wait(qtbot, view)
    assert isinstance(result, svc.ExportResult) and out.exists()
    assert len(pypdf.PdfReader(out).pages) == result.pages
    assert view.export_pdf(tmp_path / "missing" / "a.pdf") is None
    assert "does not exist" in view.banner.text()


def test_print_draws_the_pdf_pages(plan_and_view, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan, view = plan_and_view
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = view.print_to(printer)
    expected = svc.render_pdf(view.ctx.store, plan.agreement_id)[1].pages
    assert pages == expected
    assert len(pypdf.PdfReader(tmp_path / "printed.pdf").pages) == expected


def test_dates_are_checked_and_undoable(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from PySide6.QtCore import QDate

    plan, view = plan_and_view
    view.date_edits["effective_from"].setDate(QDate(2026, 9, 1))
    assert svc.get_agreement(view.ctx.store, plan.agreement_id).effective_from == \
        dt.date(2026, 9, 1)
    view.date_edits["review_on"].setDate(QDate(2026, 1, 1))
    assert "“In effect from” (" in view.banner.text() and "is after “Review by” (" in view.banner.text()
    assert svc.get_agreement(view.ctx.store, plan.agreement_id).review_on is None
    assert view.date_edits["review_on"].specialValueText() == "not set"
    view.ctx.undo.undo()
    assert svc.get_agreement(view.ctx.store, plan.agreement_id).effective_from is None


def test_signatories_added_edited_removed_with_undo(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    plan, view = plan_and_view
    names = lambda: [p.name for p in svc.get_agreement(  # noqa: E731
        view.ctx.store, plan.agreement_id).signatories]
    start = names()
    view.sign.nameEdit.setText("")
    view.add_signatory()
    assert "cannot be empty" in view.sign.messageLabel.text() and names() == start
    view.sign.nameEdit.setText("Дмитрий Иванов")
    view.sign.roleEdit.setText("Chair")
    view.add_signatory()
    assert names() == [*start, "Дмитрий Иванов"]
    view.sign.signatoriesList.setCurrentRow(2)
    assert view.sign.nameEdit.text() == "Дмитрий Иванов"
    view.sign.nameEdit.setText("Dmitri Ivanov")
    view.update_signatory()
    assert names()[-1] == "Dmitri Ivanov"
    view.ctx.undo.undo()
    view.ctx.undo.undo()
    assert names() == start


def test_new_agreement_for_a_partnership_and_undo(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    plan, view = plan_and_view
    assert view.partnership_combo.findData(plan.opportunity_id) >= 0
    view.new_agreement(plan.opportunity_id)
    summaries = svc.list_agreements(view.ctx.store)
    assert len(summaries) == 2 and view.agreement_id == summaries[-1].id
    assert view.tree.topLevelItem(0).childCount() == 2  # type: ignore[union-attr]
    view.ctx.undo.undo()
    assert [a.id for a in svc.list_agreements(view.ctx.store)] == [plan.agreement_id]
    assert view.agreement_id == plan.agreement_id


def test_pinning_a_partner_fingerprint(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    _plan, view = plan_and_view
    view.sign.signatoriesList.setCurrentRow(1)
    assert not view.pin_fingerprint("not a fingerprint")
    assert "64 hexadecimal" in view.sign.messageLabel.text()
    fp = "AB:" + "cd" * 30 + "EF"
    assert view.pin_fingerprint(fp)
    pinned = fp.replace(":", "").lower()
    assert view.detail is not None and view.detail.signatories[1].pinned_fingerprint == pinned
    assert pinned in view.pins_edit.toPlainText()
    view.sign.nameEdit.setText("Someone Unknown")
    view.add_signatory()
    view.sign.signatoriesList.setCurrentRow(2)
    assert not view.pin_fingerprint(pinned)
    assert "not a person of this plan" in view.sign.messageLabel.text()


def test_the_data_sharing_schedule_is_edited_in_the_section_and_printed(  # type: ignore[no-untyped-def]
        window_factory, sample_store: Store) -> None:
    """The data section shows Annex A's entries; an edit is one undo step and reaches the
    PDF; an entry left empty prints as “To be completed.”."""
    import io

    from planner.domain.agreements import SCHEDULE_FIELDS

    window = window_factory(sample_store)
    view = window.show_view("agreements")
    assert isinstance(view, AgreementsView)
    assert view.detail is not None and view.detail.personal_data
    section = _section(view, "data")
    table = view.editor.tableWidget
    assert view.editor.tableGroup.isVisibleTo(view)
    assert "Annex A" in view.editor.tableGroup.title()
    assert not view.editor.addRowButton.isVisibleTo(view)
    assert table.rowCount() == len(SCHEDULE_FIELDS)
    row = [key for key, _label in SCHEDULE_FIELDS].index("lawful_basis")
    assert table.item(row, 0).text() == "Lawful basis"
    assert not table.item(row, 0).flags() & Qt.ItemFlag.ItemIsEditable
    before = section.data["schedule"]["lawful_basis"]

    table.item(row, 1).setText("Legitimate interests, confirmed by both DPOs in March.")
    stored = svc.get_agreement(view.ctx.store, section.agreement_id).section(section.id)
    assert stored is not None
    assert stored.data["schedule"]["lawful_basis"].startswith("Legitimate interests")
    data, _info = svc.render_pdf(view.ctx.store, section.agreement_id)
    annex = pypdf.PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    assert "Legitimate interests" in annex

    view.ctx.undo.undo()
    stored = svc.get_agreement(view.ctx.store, section.agreement_id).section(section.id)
    assert stored is not None and stored.data["schedule"]["lawful_basis"] == before
    assert table.item(row, 1).text() == before

    table.item(row, 1).setText("   ")
    data, _info = svc.render_pdf(view.ctx.store, section.agreement_id)
    annex = pypdf.PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    assert "To be completed." in annex


def test_a_refused_title_stays_in_the_editor_with_the_reason(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    plan, view = plan_and_view
    section = _section(view, "background")
    too_long = "Ω" * 201
    view.editor.titleEdit.setText(too_long)
    view._queue("section:title", too_long)
    view.flush_edits()
    stored = svc.get_agreement(view.ctx.store, plan.agreement_id).section(section.id)
    assert stored is not None and stored.title == section.title  # nothing saved
    assert view.editor.titleEdit.text() == too_long  # what was typed is not thrown away
    assert "200" in view.editor.messageLabel.text()
    view.editor.titleEdit.setText("")
    view._queue("section:title", "")
    view.flush_edits()
    assert "empty" in view.editor.messageLabel.text()
    view.editor.titleEdit.setText("Where we start from")
    view._queue("section:title", "Where we start from")
    view.flush_edits()
    assert view.editor.messageLabel.text() == ""
    stored = svc.get_agreement(view.ctx.store, plan.agreement_id).section(section.id)
    assert stored is not None and stored.title == "Where we start from"


def test_an_empty_plan_says_what_to_do_first(plan_window: MainWindow) -> None:
    view = plan_window.show_view("agreements")
    assert isinstance(view, AgreementsView)
    assert "add an opportunity in Screening first" in view.fingerprint_label.text()
    assert not view.new_button.isEnabled()
    assert not view.editor_page.isEnabled()  # nothing to type into, so nothing is lost
    assert not view.editor.guidanceLabel.isVisibleTo(view)


def test_add_with_the_selected_signatory_still_in_the_boxes_is_refused(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    """Selecting a signatory fills the boxes; pressing Add then must not make a twin."""
    plan, view = plan_and_view
    view.tabs.setCurrentIndex(1)
    view.sign.signatoriesList.setCurrentRow(0)
    first = svc.get_agreement(view.ctx.store, plan.agreement_id).signatories[0]
    assert view.sign.nameEdit.text() == first.name
    count = len(svc.get_agreement(view.ctx.store, plan.agreement_id).signatories)
    view.add_signatory()
    assert len(svc.get_agreement(view.ctx.store, plan.agreement_id).signatories) == count
    assert "already a signatory" in view.sign.messageLabel.text()
    assert view.sign.nameEdit.text() == first.name  # nothing typed is thrown away
    view.sign.roleEdit.setText("R" * 201)
    view.sign.nameEdit.setText("Someone Else")
    view.add_signatory()
    assert "200" in view.sign.messageLabel.text()
    assert len(svc.get_agreement(view.ctx.store, plan.agreement_id).signatories) == count
    view.sign.roleEdit.setText("Chair")
    view.sign.nameEdit.setText("N" * 201)
    view.update_signatory()  # refused beside the boxes, not by an error dialog
    assert "200" in view.sign.messageLabel.text()
    assert svc.get_agreement(view.ctx.store, plan.agreement_id).signatories[0].name == first.name
    view.sign.nameEdit.setText("")
    view.update_signatory()
    assert "empty" in view.sign.messageLabel.text()


def test_a_huge_unbroken_clause_opens_without_freezing(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    import time

    _plan, view = plan_and_view
    section = _section(view, "background")
    blob = "B" * 300_000
    svc.update_section(view.ctx.store, section.id, "body", blob)
    view.reload()
    _section(view, "vision")
    started = time.perf_counter()
    _section(view, "background")
    view.editor_page.grab()
    assert time.perf_counter() - started < 5
    assert view.editor.bodyEdit.toPlainText() == blob


def test_messages_stay_in_sight_below_the_scrolling_forms(plan_and_view) -> None:  # type: ignore[no-untyped-def]
    _plan, view = plan_and_view
    for form, message in ((view.editor_page, view.editor.messageLabel),
                          (view.sign_page, view.sign.messageLabel)):
        assert not form.isAncestorOf(message)  # not at the foot of a scrolled form
        assert view.tabs.isAncestorOf(message)
    view.tabs.setCurrentIndex(1)
    view.sign.nameEdit.setText("")
    view.add_signatory()
    assert "empty" in view.sign.messageLabel.text()
    assert view.sign.messageLabel.isVisibleTo(view)


def test_ticking_an_internal_area_in_a_clause_asks_whether_it_was_raised(
        plan_and_view, raised_question) -> None:  # type: ignore[no-untyped-def]
    from planner.services import conflicts as conflicts_svc
    from planner.ui.shell import raise_check

    plan, view = plan_and_view
    area = conflicts_svc.get_area(view.ctx.store, plan.conflict_id)
    assert area.openness == "internal"
    _section(view, "conflicts")
    depth = view.ctx.undo.count()
    raised_question.answer = raise_check.CANCEL
    view.editor.conflictsList.item(0).setCheckState(Qt.CheckState.Checked)
    assert raised_question == [[area.title]] and view.ctx.undo.count() == depth
    assert svc.get_agreement(view.ctx.store, plan.agreement_id).section(
        view.section_id).conflict_ids == ()  # type: ignore[union-attr]
    assert view.editor.conflictsList.item(0).checkState() == Qt.CheckState.Unchecked

    raised_question.answer = raise_check.RECORD
    view.editor.conflictsList.item(0).setCheckState(Qt.CheckState.Checked)
    assert svc.get_agreement(view.ctx.store, plan.agreement_id).section(
        view.section_id).conflict_ids == (plan.conflict_id,)  # type: ignore[union-attr]
    assert conflicts_svc.get_area(view.ctx.store, plan.conflict_id).openness == "raised"
    assert view.ctx.undo.count() == depth + 1
    view.ctx.undo.undo()
    assert conflicts_svc.get_area(view.ctx.store, plan.conflict_id).openness == "internal"


def test_the_signatures_tab_fits_a_laptop_screen(window_factory, sample_store: Store,  # type: ignore[no-untyped-def]
                                                 qtbot) -> None:
    """At 1024x768, with the program's own style sheet, the Signatures tab needs no sideways
    scrolling: the people list (long names and roles) once widened it past the screen,
    hiding "Sign" and cutting "Remove selected"."""
    from PySide6.QtWidgets import QApplication

    from planner.paths import resources_dir

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet((resources_dir() / "styles" / "app.qss").read_text(encoding="utf-8"))
    try:
        _signatures_fit(window_factory, sample_store, qtbot)
    finally:
        app.setStyleSheet(before)


def _signatures_fit(window_factory, sample_store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QScrollArea

    window = window_factory(sample_store)
    window.resize(1024, 768)
    view = window.show_view("agreements")  # filled before it is first shown, as at start-up
    assert isinstance(view, AgreementsView)
    view.show_page("signatures")
    window.show()
    scroll = view.signatures.page.findChild(QScrollArea)
    assert scroll is not None
    qtbot.waitUntil(lambda: scroll.viewport().width() > 0)
    assert view.person_combo.count() > 1  # the plan's people are offered
    assert scroll.horizontalScrollBar().maximum() == 0
    for button in (view.sign.signButton, view.sign.removeSignatoryButton,
                   view.sign.updateSignatoryButton):  # in sight, not beyond the right edge
        left = button.mapTo(scroll.viewport(), button.rect().topLeft()).x()
        assert left >= 0 and left + button.width() // 2 < scroll.viewport().width(), \
            button.text()


def test_a_signatorys_state_is_in_sight_at_1024(window_factory, sample_store: Store,  # type: ignore[no-untyped-def]
                                                 qtbot) -> None:
    """At 1024×768 the sample's second signatory read "Helen Marsh — Chief Executive,
    Northvale Mental Health NHS Foundation Trust   [n", the rest behind a scroll bar."""
    window = window_factory(sample_store)
    window.resize(1024, 738)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_view("agreements")
    view.tabs.setCurrentIndex(1)  # Signatures
    qtbot.wait(20)
    listed = view.sign.signatoriesList
    assert listed.count() >= 2
    assert listed.horizontalScrollBar().maximum() == 0
    for row in range(listed.count()):
        item = listed.item(row)
        assert item.text().endswith("[not signed]") and item.toolTip() == item.text()
        shown = listed.visualItemRect(item)
        needed = listed.fontMetrics().boundingRect(
            shown.adjusted(0, 0, -4, 0), int(Qt.TextFlag.TextWordWrap), item.text())
        assert shown.right() <= listed.viewport().width()
        assert shown.height() >= needed.height(), (item.text(), shown, needed)


@pytest.mark.parametrize("themed", ["light", "dark"])
def test_the_guidance_note_reads_in_light_and_dark(window_factory, sample_store: Store,  # type: ignore[no-untyped-def]
                                                   qtbot, themed: str) -> None:
    """The guidance above each clause kept the form's pale blue in the dark theme: a glaring
    box in a dark window. Its paper follows the theme and its words stand out by 4.5:1."""
    from collections import Counter

    from PySide6.QtGui import QColor, QImage

    from planner.ui.shell import theme

    theme.apply(themed)
    try:
        window = window_factory(sample_store)
        window.resize(1366, 738)
        window.show()
        qtbot.waitExposed(window)
        note = window.show_view("agreements").section_editor.ui.guidanceLabel
        assert note.isVisible() and "Guidance." in note.text()
        image = note.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        found = Counter(QColor(image.pixel(x, y)).name() for y in range(0, image.height(), 2)
                        for x in range(0, image.width(), 2))
        paper = QColor(found.most_common(1)[0][0])
        window_paper = window.palette().window().color()
        assert (paper.lightness() < 128) == (themed == "dark"), paper.name()
        assert (window_paper.lightness() < 128) == (themed == "dark")
        ink = max(found, key=lambda c: theme.contrast(QColor(c), paper))
        assert theme.contrast(QColor(ink), paper) >= 4.5
    finally:
        theme.apply("light")
