"""The Partners & people page, on plans made earlier (created, closed, reopened)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from planner.services import people as ps
from planner.services import screening as sc
from planner.store.database import Store
from planner.store.engine import sqlite_backup
from planner.store.tables import Opportunity
from planner.ui.people import view as people_view
from planner.ui.people.view import DirectoryTableModel, PeopleView
from planner.ui.shell import chooser
from planner.ui.shell.main_window import MainWindow

ODD_NAMES = ["مدرسة النور للبنات", "🌱 Green Shoots 🤝", "x'); DROP TABLE person;--",
             "Ünïcödé Łódź Trust"]


class Asked(list[dict[str, Any]]):
    """The next answers of the “New…” form; ``asked_with``: (table, typed name, the
    organisation it started with) of each time it was opened."""

    def __init__(self) -> None:
        super().__init__()
        self.asked_with: list[tuple[str, str, int | None]] = []


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    """Answers for the “New…” form, in order (no dialog is opened)."""
    queue = Asked()
    asked_with = queue.asked_with

    def answer(_parent: object, _ctx: object, table: str, name: str = "",
               organisation_id: int | None = None) -> dict[str, Any]:
        values = queue.pop(0)
        asked_with.append((table, name, organisation_id))
        assert values.pop("_table", table) == table
        return {"name": name, **values} if name and "name" not in values else values

    monkeypatch.setattr(chooser, "ask_new_record", answer)
    return queue


@pytest.fixture
def sample_window(window_factory, sample_file: Path, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    copy = tmp_path / "sample.sqlite"
    sqlite_backup(sample_file, copy)
    yield window_factory(Store.open(copy))


def _view(window: MainWindow) -> PeopleView:
    view = window.show_view("people")
    assert isinstance(view, PeopleView)
    return view


def test_the_models_keep_qts_rules(qtmodeltester, sample_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = _view(sample_window)
    for model in (view.org_model, view.person_model):
        assert isinstance(model, DirectoryTableModel)
        qtmodeltester.check(model)


def test_add_edit_search_undo_redo_with_names_in_any_script(
        window_factory, tmp_path: Path, asked: Asked) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.sqlite"
    Store.open(path, create=True).close()  # a plan made earlier
    window = window_factory(Store.open(path))
    view = _view(window)
    asked.append({"name": ODD_NAMES[0], "kind": "school", "website": "https://nour.example"})
    org = view.add("organisation")
    assert org is not None
    for name in ODD_NAMES[1:]:
        asked.append({"name": name, "organisation_id": org, "role": "Head"})
        assert view.add("person") is not None
    names = {r.name for r in view.person_model.rows}
    assert names == set(ODD_NAMES[1:])
    # Search narrows both lists.
    view.search.setText("łódź")
    assert view.person_proxy.rowCount() == 1 and view.org_proxy.rowCount() == 0
    view.search.clear()
    # Edit a person in the form: one undo step.
    person = next(r for r in view.person_model.rows if r.name == ODD_NAMES[1])
    assert view.show_record("person", person.id)
    view.email_edit.setText("shoots@example.org")
    assert view.save()
    assert ps.load(window.store).person(person.id).email == "shoots@example.org"  # type: ignore[arg-type, union-attr]
    view.email_edit.setText("not an address")
    assert not view.save() and "does not look like an email" in view.message.text()
    window.undo.undo()
    assert ps.load(window.store).person(person.id).email == ""  # type: ignore[arg-type, union-attr]
    window.undo.redo()
    window.close_plan()
    with Store.open(path) as again:
        d = ps.load(again)
        assert {p.name for p in d.people} == set(ODD_NAMES[1:])
        assert d.person(person.id).email == "shoots@example.org"  # type: ignore[union-attr]
        assert d.organisation(org).name == ODD_NAMES[0]  # type: ignore[union-attr]


def test_delete_in_use_is_refused_saying_where_and_merge_keeps_links(
        sample_window: MainWindow, asked: Asked) -> None:
    store = sample_window.store
    assert store is not None
    view = _view(sample_window)
    with store.work() as w:
        opp = next(o for o in w.list(Opportunity) if o.lead_id is not None)
    lead = opp.lead_id
    assert lead is not None and opp.id is not None
    assert view.show_record("person", lead)
    assert not view.delete()
    assert "cannot be deleted: named as" in view.message.text()
    assert "day-to-day lead of" in view.message.text()
    assert ps.load(store).person(lead) is not None
    # A second record of the same person, named as the lead; merged into the first.
    asked.append({"name": "Duplicate of the lead", "email": "dup@example.org"})
    copy = view.add("person")
    assert copy is not None
    sc.update_opportunity(store, opp.id, "lead_id", copy)
    view.reload()
    assert view.show_record("person", lead)
    view.merge_combo.setCurrentIndex(view.merge_combo.findData(copy))
    assert view.merge()
    with store.work() as w:
        assert w.one(Opportunity, opp.id).lead_id == lead
    assert ps.load(store).person(copy) is None
    sample_window.undo.undo()  # one step puts the record and its link back
    with store.work() as w:
        assert w.one(Opportunity, opp.id).lead_id == copy
    sample_window.undo.redo()
    with store.work() as w:
        assert w.one(Opportunity, opp.id).lead_id == lead
    # An unused record deletes, and undo brings it back with its id.
    asked.append({"name": "Passing contact"})
    spare = view.add("person")
    assert spare is not None and view.delete()
    assert ps.load(store).person(spare) is None
    sample_window.undo.undo()
    assert ps.load(store).person(spare) is not None


VCF = """BEGIN:VCARD\r
VERSION:3.0\r
FN:Grace Adeyemi\r
ORG:Riverbend Learning Trust\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Ольга Смирнова\r
ORG:Городская школа № 5\r
TITLE:Директор\r
EMAIL:olga@school5.example\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
FN:Ahmed Khalil\r
TEL:+44 7700 900123\r
END:VCARD\r
"""


def test_a_vcard_with_a_duplicate_and_a_cyrillic_name_imports_two(
        sample_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = sample_window.store
    assert store is not None
    view = _view(sample_window)
    before = {p.name for p in ps.load(store).people}
    assert "Grace Adeyemi" in before  # the duplicate
    shown: list[ps.ImportPlan] = []
    monkeypatch.setattr(people_view, "preview_import",
                        lambda _p, plan, _s: shown.append(plan) or True)
    path = tmp_path / "contacts.vcf"
    path.write_text(VCF, encoding="utf-8")
    assert view.import_file(path)
    assert [c.name for c in shown[0].add] == ["Ольга Смирнова", "Ahmed Khalil"]
    assert [c.name for c, _why in shown[0].skipped] == ["Grace Adeyemi"]
    after = ps.load(store)
    assert {p.name for p in after.people} - before == {"Ольга Смирнова", "Ahmed Khalil"}
    olga = next(p for p in after.people if p.name == "Ольга Смирнова")
    assert (olga.organisation, olga.role) == ("Городская школа № 5", "Директор")
    sample_window.undo.undo()  # one step takes the whole import out
    assert {p.name for p in ps.load(store).people} == before
    assert "Городская школа № 5" not in {o.name for o in ps.load(store).organisations}
    sample_window.undo.redo()
    assert {p.name for p in ps.load(store).people} - before == {"Ольга Смирнова",
                                                                "Ahmed Khalil"}


# ------------------------------------------------------------------ the shared chooser


def _choose(combo: Any, text: str) -> None:
    """The user picks the entry ``text`` from the open list."""
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def test_partner_and_people_are_created_from_the_opportunitys_own_boxes(
        window_factory, tmp_path: Path, asked: Asked) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.screening.view import ScreeningView

    path = tmp_path / "plan.sqlite"
    Store.open(path, create=True).close()  # an empty plan, made earlier
    window = window_factory(Store.open(path))
    store = window.store
    screening = window.show_view("screening")
    assert isinstance(screening, ScreeningView)
    screening.new_title.setText("Holiday club with Nour")
    screening.new_opportunity()
    opp_id = screening.editor.opp.id  # type: ignore[union-attr]
    cui = screening.editor.context.cui
    for combo in (cui.partnerCombo, cui.sponsorCombo, cui.leadCombo):
        assert combo.itemText(combo.count() - 1) in ("New organisation…", "New person…")

    def saved() -> tuple[Any, Any, Any]:
        with store.work() as w:  # type: ignore[union-attr]
            o = w.one(Opportunity, opp_id)
            return o.partner_id, o.sponsor_id, o.lead_id

    # “New organisation…” in the Partner box: the organisation is added and picked.
    asked.append({"_table": "organisation", "name": "مدرسة النور", "kind": "school"})
    _choose(cui.partnerCombo, "New organisation…")
    partner = saved()[0]
    assert partner is not None and cui.partnerCombo.currentText() == "مدرسة النور"
    # “New person…” in the sponsor box.
    asked.append({"_table": "person", "name": "Zoë Ørsted 🌱", "role": "Chair"})
    _choose(cui.sponsorCombo, "New person…")
    sponsor = saved()[1]
    assert sponsor is not None and cui.sponsorCombo.currentText().startswith("Zoë Ørsted 🌱")
    # A typed name not in the list offers to create it (the form comes prefilled).
    asked.append({"_table": "person", "organisation_id": partner, "role": "Head"})
    cui.leadCombo.setEditText("Amira Haddad")
    cui.leadCombo.lineEdit().editingFinished.emit()  # type: ignore[union-attr]
    lead = saved()[2]
    assert lead is not None and cui.leadCombo.currentText() == "Amira Haddad (مدرسة النور)"
    assert {p.name for p in ps.load(store).people} == {"Zoë Ørsted 🌱", "Amira Haddad"}  # type: ignore[arg-type]
    # Typing a name that is listed picks it, creating nothing.
    cui.sponsorCombo.setEditText("amira haddad (مدرسة النور)")
    cui.sponsorCombo.lineEdit().editingFinished.emit()  # type: ignore[union-attr]
    assert saved()[1] == lead and len(ps.load(store).people) == 2  # type: ignore[arg-type]
    window.undo.undo()
    assert saved() == (partner, sponsor, lead)
    # Each record and each pick is its own step: undo all six, then redo them.
    for _ in range(6):
        window.undo.undo()
    assert saved() == (None, None, None)
    assert ps.load(store).people == () and ps.load(store).partners == ()  # type: ignore[arg-type]
    assert cui.partnerCombo.currentText() == "—"
    for _ in range(6):
        window.undo.redo()
    assert saved() == (partner, sponsor, lead)
    assert cui.leadCombo.currentText() == "Amira Haddad (مدرسة النور)"
    # Cancelling the form leaves the choice as it was.
    asked.clear()
    import planner.ui.shell.chooser as ch

    original = ch.ask_new_record
    ch.ask_new_record = lambda *a, **k: None  # type: ignore[assignment]
    try:
        _choose(cui.partnerCombo, "New organisation…")
    finally:
        ch.ask_new_record = original
    assert cui.partnerCombo.currentText() == "مدرسة النور" and saved()[0] == partner
    window.close_plan()
    with Store.open(path) as again, again.work() as w:
        o = w.one(Opportunity, opp_id)
        assert (o.partner_id, o.sponsor_id, o.lead_id) == (partner, sponsor, lead)


def test_a_conflict_areas_partner_owner_is_created_in_the_partner_organisation(
        sample_window: MainWindow, asked: Asked) -> None:
    from planner.services import conflicts as cf
    from planner.ui.conflicts.view import ConflictsView

    store = sample_window.store
    assert store is not None
    view = sample_window.show_view("conflicts")
    assert isinstance(view, ConflictsView)
    row = next(r for r in cf.register(store).rows if r.partner_id is not None)
    view.select_area(row.id)
    asked.append({"name": "Jamal Al-Sayed", "organisation_id": row.partner_id})
    _choose(view.ui.ownerTheirsCombo, "New person…")
    assert asked.asked_with == [("person", "", row.partner_id)]
    again = next(r for r in cf.register(store).rows if r.id == row.id)
    new = next(p for p in ps.load(store).people if p.name == "Jamal Al-Sayed")
    assert again.owner_theirs_id == new.id and new.organisation_id == row.partner_id
    assert view.ui.ownerTheirsCombo.currentText() == "Jamal Al-Sayed"
    sample_window.undo.undo()
    sample_window.undo.undo()
    assert next(r for r in cf.register(store).rows if r.id == row.id).owner_theirs_id == (
        row.owner_theirs_id)
    assert "Jamal Al-Sayed" not in {p.name for p in ps.load(store).people}


def test_the_milestone_editor_adds_an_owner_and_saves_the_choice_with_the_dialog(
        sample_window: MainWindow, asked: Asked) -> None:
    from planner.services import timeline as tl
    from planner.store.tables import Milestone
    from planner.ui.timeline.view import MilestoneDialog

    store = sample_window.store
    assert store is not None
    with store.work() as w:
        ident = w.list(Milestone)[0].id or 0
    ctx = sample_window.ctx
    assert ctx is not None
    dialog = MilestoneDialog(ctx, tl.get_milestone(store, ident), [], None)
    asked.append({"name": "Ngozi Okafor 🌍", "role": "Project officer"})
    _choose(dialog.ui.ownerOursCombo, "New person…")
    new = next(p for p in ps.load(store).people if p.name == "Ngozi Okafor 🌍")
    assert dialog.ui.ownerOursCombo.currentData() == new.id
    assert dialog.values()["owner_ours_id"] == new.id  # saved when the dialog is
    # The user cancels the next “New…”: the choice stays as it was.
    monkey = chooser.ask_new_record
    chooser.ask_new_record = lambda *a, **k: None  # type: ignore[assignment]
    try:
        _choose(dialog.ui.ownerOursCombo, "New person…")
    finally:
        chooser.ask_new_record = monkey
    assert dialog.ui.ownerOursCombo.currentData() == new.id
    dialog.deleteLater()


def test_a_signatory_is_taken_from_the_plans_people_or_added_there(
        sample_window: MainWindow, asked: Asked) -> None:
    from planner.services import agreements as ag
    from planner.ui.agreements.view import AgreementsView

    store = sample_window.store
    assert store is not None
    view = sample_window.show_view("agreements")
    assert isinstance(view, AgreementsView)
    draft = next(a for a in ag.list_agreements(store) if a.state == "draft")
    view.select_agreement(draft.id)
    asked.append({"name": "Siobhán Ní Bhriain", "role": "Chair of governors"})
    _choose(view.person_combo, "New person…")
    new = next(p for p in ps.load(store).people if p.name == "Siobhán Ní Bhriain")
    assert (view.sign.nameEdit.text(), view.sign.roleEdit.text()) == (
        "Siobhán Ní Bhriain", "Chair of governors")
    view.add_signatory()
    signer = next(s for s in ag.get_agreement(store, draft.id).signatories
                  if s.name == "Siobhán Ní Bhriain")
    assert signer is not None
    # Now named as a signatory, the person cannot be deleted.
    people = sample_window.show_view("people")
    assert isinstance(people, PeopleView)
    assert people.show_record("person", new.id)
    assert not people.delete()
    assert "signatory of 1 agreement" in people.message.text()


def test_meeting_attendees_come_from_the_plans_people_or_a_new_person(
        sample_window: MainWindow, asked: Asked) -> None:
    from PySide6.QtWidgets import QComboBox

    from planner.services import meetings as mt
    from planner.ui.dashboard.meeting_log import MeetingEditorDialog
    from planner.ui.shell.chooser import people_offer

    store = sample_window.store
    ctx = sample_window.ctx
    assert store is not None and ctx is not None
    dialog = MeetingEditorDialog(mt.partnerships(store), None, None, people=people_offer(ctx))
    known = ps.load(store).people[0]
    _choose(dialog.people_combo, known.label)
    asked.append({"name": "Tomás Ó Briain", "role": "Youth worker"})
    _choose(dialog.people_combo, "New person…")
    assert dialog.ui.attendeesEdit.toPlainText().splitlines() == [known.name, "Tomás Ó Briain"]
    assert dialog.people_combo.currentIndex() == 0  # ready for the next one
    assert "Tomás Ó Briain" in {p.name for p in ps.load(store).people}
    # An action's owner is chosen from the people, the new one too (or added: New person…).
    dialog.add_action_row()
    owner = dialog.ui.actionsTable.cellWidget(0, 1)
    assert isinstance(owner, QComboBox)
    names = {owner.itemText(i) for i in range(owner.count())}
    assert {known.name, "Tomás Ó Briain", "New person…"} <= names
    dialog.deleteLater()


def test_a_new_boundary_spanner_is_added_and_ticked(sample_window: MainWindow,
                                                    asked: Asked) -> None:
    from planner.ui.screening.view import ScreeningView

    store = sample_window.store
    assert store is not None
    view = sample_window.show_view("screening")
    assert isinstance(view, ScreeningView)
    opp = view.editor.opp
    assert opp is not None
    before = list(opp.get("boundary_spanners") or [])
    asked.append({"name": "Li Wei 李伟", "role": "Community link"})
    view.editor.context.new_spanner.click()
    assert asked.asked_with[-1] == ("person", "", opp.partner_id)
    new = next(p for p in ps.load(store).people if p.name == "Li Wei 李伟")
    with store.work() as w:
        assert w.one(Opportunity, opp.id).boundary_spanners == [*before, new.id]
    lst = view.editor.context.cui.spannersList
    ticked = [lst.item(i).text() for i in range(lst.count())
              if lst.item(i).checkState() == Qt.CheckState.Checked]
    assert any(t.startswith("Li Wei 李伟") for t in ticked)
    sample_window.undo.undo()
    with store.work() as w:
        assert w.one(Opportunity, opp.id).boundary_spanners == before


def test_kinds_read_the_same_in_the_table_and_the_form_and_a_new_person_joins_the_partner_shown(
        sample_window: MainWindow, asked: Asked) -> None:
    view = _view(sample_window)
    kind_column = 1
    trust = next(r for r in view.org_model.rows if r.kind == "charity")
    row = view.org_model.rows.index(trust)
    shown = view.org_model.index(row, kind_column).data()
    assert shown == "Charity"  # as the form's box says it, not the stored word
    assert view.show_record("organisation", trust.id)
    assert view.kind_combo.currentText() == shown
    # New person… with that partner in the form starts in it, not in our organisation.
    asked.append({"name": "Sam Partner", "role": "Coach", "organisation_id": trust.id})
    ident = view.add("person")
    assert asked.asked_with[-1] == ("person", "", trust.id)
    assert ident is not None
    # From a person of that partner, too.
    asked.append({"name": "Kim Partner"})
    view.add("person")
    assert asked.asked_with[-1] == ("person", "", trust.id)


@pytest.mark.parametrize("size", [(1024, 738), (1366, 738)])
def test_every_column_is_in_sight_and_a_long_name_gets_the_room(
        window_factory, sample_file: Path, tmp_path: Path, qtbot,  # type: ignore[no-untyped-def]
        size: tuple[int, int]) -> None:
    """At 1366×768 the people's Email and Phone were behind a scroll bar, and "Harrowgate
    Engineering Works Limited" was cut to "Harrowgate Engineering …" beside an empty
    column taking the room left."""
    copy = tmp_path / "sample.sqlite"
    sqlite_backup(sample_file, copy)
    name = "Harrowgate Engineering Works Limited"
    with Store.open(copy) as earlier:
        ps.create_organisation(earlier, {"name": name, "kind": "company"})
    window = window_factory(Store.open(copy))
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    view = _view(window)
    qtbot.wait(50)  # the tables take their final width
    for table in (view.org_table, view.person_table):
        header = table.horizontalHeader()
        room = table.viewport().width()
        ends = [header.sectionViewportPosition(c) + header.sectionSize(c)
                for c in range(header.count())]
        assert max(ends) <= room and table.horizontalScrollBar().maximum() == 0, (ends, room)
        assert min(header.sectionSize(c) for c in range(header.count())) >= 24
    metrics = view.org_table.fontMetrics()
    if size[0] >= 1366:
        assert view.org_table.columnWidth(0) >= metrics.horizontalAdvance(name) + 8
    # The name a row is found by stays whole where the others can give way ("Margaret …").
    assert view.person_table.columnWidth(0) >= metrics.horizontalAdvance("Margaret Ellison") + 8
