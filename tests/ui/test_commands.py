"""The one command convention, on a bare QUndoStack over a plan made earlier.

Every undo command class is covered (here or in tests/journeys/test_undo_redo.py, which
pushes, undoes and redoes each one on a reopened plan); this module adds what the journey
cannot: redo puts back the *same* record after a colleague inserted one, typing merges into
one step, a clash is settled before push / undo / redo (keep theirs, use mine, merge) and a
refusal inside redo() drops the step with its reason, nothing modal. The colleague is a
second connection to the plan; on PostgreSQL the sample is copied to the test server.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

import planner.ui
from planner.services import agreements as ag
from planner.services import conflicts as cf
from planner.services import screening as sc
from planner.services import timeline as tl
from planner.store import engine as eng
from planner.store.database import Store
from planner.store.tables import Opportunity
from planner.ui.shell import commands
from planner.ui.shell.clash_dialog import MERGED, MINE, THEIRS
from planner.ui.shell.context import AppEvents, ViewContext
from planner.ui.shell.settings import Settings

JOURNEY_CASES = Path(__file__).parents[1] / "journeys" / "test_undo_redo.py"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def plan(request: pytest.FixtureRequest, sample_file: Path, tmp_path: Path) -> Iterator[Store]:
    """The sample made by another Store, opened afresh (a plan made earlier)."""
    if request.param == "sqlite":
        copy = tmp_path / "plan.sqlite"
        eng.sqlite_backup(sample_file, copy)
        store = Store.open(copy)
    else:
        from planner.services.copying import copy_database
        from tests import pg

        url = pg.new_database(request.getfixturevalue("pg_server"))
        copy_database(sample_file, url)
        store = Store.open(url)
    yield store
    store.close()


@pytest.fixture
def ctx(plan: Store, tmp_path: Path, qtbot) -> ViewContext:  # type: ignore[no-untyped-def]
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    return ViewContext(plan, QUndoStack(), AppEvents(), settings)


@pytest.fixture
def colleague(plan: Store) -> Iterator[Store]:
    other = Store(plan.url, eng.make_engine(plan.url), None)
    yield other
    other.engine.dispose()


@pytest.fixture
def status(ctx: ViewContext) -> list[str]:
    lines: list[str] = []
    ctx.events.status.connect(lines.append)
    return lines


def _draft(store: Store) -> ag.AgreementDetail:
    summary = next(a for a in ag.list_agreements(store) if a.state == "draft")
    return ag.get_agreement(store, summary.id)


def _pursued(store: Store) -> int:
    return next(o.id for o in sc.load(store).opportunities if o.stage == "pursued")


def _opp(store: Store, ident: int) -> Opportunity:
    """The opportunity as saved now, read by ``store``."""
    with store.work() as w:
        return w.one(Opportunity, ident)


# ------------------------------------------------------------------ every class is covered


def test_every_command_class_is_exercised_on_a_reopened_plan() -> None:
    """A new command class without a push/undo/redo test on a reopened plan fails here."""
    classes = set()
    for info in pkgutil.walk_packages(planner.ui.__path__, "planner.ui."):
        if info.name.endswith(".commands") and info.name != commands.__name__:
            module = importlib.import_module(info.name)
            classes |= {name for name, value in inspect.getmembers(module, inspect.isclass)
                        if issubclass(value, commands.EditCommand) and not name.startswith("_")
                        and value.__module__ == module.__name__}
    tested = JOURNEY_CASES.read_text(encoding="utf-8") + Path(__file__).read_text(
        encoding="utf-8")
    untested = sorted(c for c in classes if f"{c}(" not in tested)
    assert len(classes) >= 30
    assert untested == []


# ------------------------------------------------------------------ redo keeps ids


def test_redo_puts_back_the_same_agreement_after_a_colleagues_insert(
        ctx: ViewContext, colleague: Store, status: list[str]) -> None:
    from planner.ui.agreements.commands import AgreementCreateCommand, AgreementFieldCommand

    opp = _pursued(ctx.store)
    create = AgreementCreateCommand(ctx, opp, "Ours")
    assert ctx.push(create)
    ours = create.agreement_id
    assert ours is not None
    ctx.push(AgreementFieldCommand(ctx, ours, "title", "Ours", "Ours, renamed"))
    ctx.undo.undo()
    ctx.undo.undo()
    theirs, _ = ag.create_agreement(colleague, opp, "Theirs")
    ctx.undo.redo()
    ctx.undo.redo()
    if theirs == ours:  # a plan file reuses the highest id: the redo is refused, cleanly,
        # and the rename after it, which expects our title, leaves theirs alone too.
        assert "cannot be put back" in status[0] and "Someone else changed" in status[1]
        assert ctx.undo.count() == 0
        assert ag.get_agreement(colleague, theirs).title == "Theirs"
        return
    assert create.agreement_id == ours
    assert ag.get_agreement(colleague, ours).title == "Ours, renamed"
    assert ag.get_agreement(colleague, theirs).title == "Theirs"  # never touched
    assert status == []


def test_redo_puts_back_the_same_milestone_conflict_area_section_and_signatory(
        ctx: ViewContext, status: list[str]) -> None:
    from planner.ui.agreements.commands import SectionAddCommand, SignatoryAddCommand
    from planner.ui.conflicts.commands import ConflictCreateCommand
    from planner.ui.timeline.commands import AddMilestoneCommand

    opp, draft = _pursued(ctx.store), _draft(ctx.store)
    made = [
        (AddMilestoneCommand(ctx, opp, {"title": "Kick-off"}), "milestone_id"),
        (ConflictCreateCommand(ctx, {"opportunity_id": opp, "title": "Shared donors",
                                     "likelihood": 3, "impact": 3}), "ident"),
        (SectionAddCommand(ctx, draft.id, "", "Complaints", None), "ident"),
        (SignatoryAddCommand(ctx, draft.id, "Amira Haddad", "Chair", "Us"), "ident"),
    ]
    for command, _attr in made:
        assert ctx.push(command), command.problem
    first = [getattr(c, attr) for c, attr in made]
    for _ in made:
        ctx.undo.undo()
    for _ in made:
        ctx.undo.redo()
    assert [getattr(c, attr) for c, attr in made] == first
    assert tl.get_milestone(ctx.store, first[0])["title"] == "Kick-off"
    assert cf.get_area(ctx.store, first[1]).title == "Shared donors"
    detail = ag.get_agreement(ctx.store, draft.id)
    assert first[2] in {s.id for s in detail.sections}
    assert first[3] in {p.id for p in detail.signatories}
    assert status == []


# ------------------------------------------------------------------ merging typing


def test_typing_in_one_field_is_one_step_and_one_undo_goes_back(ctx: ViewContext) -> None:
    from planner.ui.screening.commands import UpdateOpportunityCommand

    opp = _pursued(ctx.store)
    before = _opp(ctx.store, opp).notes
    shown = before
    for typed in ("A", "Al", "All", "All in"):
        ctx.push(UpdateOpportunityCommand(ctx, opp, "notes", shown, typed))
        shown = typed
    assert ctx.undo.count() == 1
    ctx.undo.undo()
    assert _opp(ctx.store, opp).notes == before
    ctx.undo.redo()
    assert _opp(ctx.store, opp).notes == "All in"


def test_a_different_field_is_a_step_of_its_own(ctx: ViewContext) -> None:
    from planner.ui.screening.commands import UpdateOpportunityCommand

    opp = _opp(ctx.store, _pursued(ctx.store))
    ctx.push(UpdateOpportunityCommand(ctx, opp.id, "notes", opp.notes, "N"))
    ctx.push(UpdateOpportunityCommand(ctx, opp.id, "purpose", opp.purpose, "P"))
    assert ctx.undo.count() == 2


# ------------------------------------------------------------------ clashes, settled first


def test_a_clash_is_settled_before_the_push(ctx: ViewContext, colleague: Store,
                                            answers) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.agreements.commands import SectionFieldCommand

    section = next(s for s in _draft(ctx.store).sections if s.body)
    ag.update_section(colleague, section.id, "body", "Their text.")
    answers.queue.append(THEIRS)
    command = SectionFieldCommand(ctx, section.id, "body", section.body, "My text.")
    assert not ctx.push(command)
    assert ctx.undo.count() == 0 and "Kept the agreement section" in command.problem
    answers.queue.append((MERGED, "Their text. My text."))
    assert ctx.push(SectionFieldCommand(ctx, section.id, "body", section.body, "My text."))
    assert [a["theirs"] for a in answers] == ["Their text.", "Their text."]
    assert ag.get_agreement(colleague, section.agreement_id).section(
        section.id).body == "Their text. My text."  # type: ignore[union-attr]
    ctx.undo.undo()  # mine was written over theirs: its undo brings theirs back
    assert ag.get_agreement(colleague, section.agreement_id).section(
        section.id).body == "Their text."  # type: ignore[union-attr]


def test_undo_over_a_colleagues_change_asks_and_keeps_theirs(
        ctx: ViewContext, colleague: Store, answers) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.screening.commands import UpdateOpportunityCommand

    opp = _opp(ctx.store, _pursued(ctx.store))
    ctx.push(UpdateOpportunityCommand(ctx, opp.id, "title", opp.title, "Mine"))
    sc.update_opportunity(colleague, opp.id, "title", "Theirs, later")
    answers.queue.append(THEIRS)
    commands.undo_step(ctx.undo)
    assert answers[0]["undoing"] is True
    assert _opp(colleague, opp.id).title == "Theirs, later"
    assert ctx.undo.count() == 0  # it could only overwrite them later: gone


def test_redo_over_a_colleagues_change_can_use_mine(
        ctx: ViewContext, colleague: Store, answers) -> None:  # type: ignore[no-untyped-def]
    from planner.ui.screening.commands import UpdateOpportunityCommand

    opp = _opp(ctx.store, _pursued(ctx.store))
    ctx.push(UpdateOpportunityCommand(ctx, opp.id, "notes", opp.notes, "Mine"))
    ctx.undo.undo()
    sc.update_opportunity(colleague, opp.id, "notes", "Theirs")
    answers.queue.append(MINE)
    commands.redo_step(ctx.undo)
    assert _opp(colleague, opp.id).notes == "Mine"
    ctx.undo.undo()  # back to theirs, what stood before the redo
    assert _opp(colleague, opp.id).notes == "Theirs"


def test_an_undo_met_by_a_clash_inside_qt_is_refused_not_asked(
        ctx: ViewContext, colleague: Store, status: list[str]) -> None:
    """Qt's own undo (no settling) still never overwrites: the step drops, with a reason."""
    from planner.ui.screening.commands import UpdateOpportunityCommand

    opp = _opp(ctx.store, _pursued(ctx.store))
    ctx.push(UpdateOpportunityCommand(ctx, opp.id, "notes", opp.notes, "Mine"))
    sc.update_opportunity(colleague, opp.id, "notes", "Theirs")
    ctx.undo.undo()
    assert _opp(colleague, opp.id).notes == "Theirs"
    assert ctx.undo.count() == 0 and "Someone else changed" in status[-1]


def test_the_edit_menu_undoes_once_per_trigger(ctx: ViewContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from planner.ui.screening.commands import UpdateOpportunityCommand

    owner = QWidget()
    qtbot.addWidget(owner)
    undo, redo = commands.undo_actions(owner, ctx.undo)
    opp = _opp(ctx.store, _pursued(ctx.store))
    ctx.push(UpdateOpportunityCommand(ctx, opp.id, "notes", opp.notes, "One"))
    ctx.push(UpdateOpportunityCommand(ctx, opp.id, "purpose", opp.purpose, "Two"))
    assert undo.text() == f"&Undo {ctx.undo.undoText()}" and undo.isEnabled()
    assert not redo.isEnabled()
    undo.trigger()
    assert ctx.undo.index() == 1
    redo.trigger()
    assert ctx.undo.index() == 2


# ------------------------------------------------------------------ the other classes


def _rows(store: Store, *models: type) -> list[dict[str, object]]:
    """Every row of some tables as the user's data (the version counter left out)."""
    out: list[dict[str, object]] = []
    with store.work() as w:
        for model in models:
            out += [{k: v for k, v in r.model_dump().items() if k != "row_version"}
                    for r in w.list(model)]
    return out


def _cases() -> dict[str, tuple[object, object]]:
    """name: (make(ctx) -> command, state(store) -> what the user sees of its records)."""
    from planner.services import dashboard as dash
    from planner.services import meetings as mt
    from planner.store import tables as t
    from planner.ui.agreements import commands as a
    from planner.ui.conflicts import commands as c
    from planner.ui.dashboard import commands as d
    from planner.ui.screening import commands as s
    from planner.ui.timeline import commands as tc

    def criterion(ctx: ViewContext) -> sc.CriterionRow:
        return sc.load(ctx.store).criteria[0]

    def spare_gate(ctx: ViewContext) -> object:
        _c, ident = sc.add_gate(ctx.store, "Safeguarding checked")
        return s.RemoveGateCommand(ctx, ident, "Safeguarding checked")

    def spare_opportunity(ctx: ViewContext) -> object:
        _c, ident = sc.create_opportunity(ctx.store, "Spare idea")
        return s.DeleteOpportunityCommand(ctx, ident, "Spare idea")

    def weights(ctx: ViewContext) -> object:
        old = {c.id: c.weight for c in sc.load(ctx.store).criteria}
        ids = list(old)
        new = {ident: old[ids[(n + 1) % len(ids)]] for n, ident in enumerate(ids)}
        return s.SetWeightsCommand(ctx, old, new, "Rotated for a test")

    def health(ctx: ViewContext) -> object:
        value = dash.health_settings(ctx.store).overdue_actions_risk
        return d.HealthSettingCommand(ctx, "overdue_actions_risk", value + 2)

    def meeting(ctx: ViewContext) -> object:
        with ctx.store.work() as w:
            first = w.list(t.Meeting)[0].id or 0
        return d.DeleteMeetingCommand(ctx, mt.get_meeting(ctx.store, first))

    def leaf(ctx: ViewContext) -> int:
        with ctx.store.work() as w:
            parents = {m.parent_id for m in w.list(t.Milestone)}
            return next(m.id or 0 for m in w.list(t.Milestone) if m.id not in parents)

    def dependency(ctx: ViewContext) -> object:
        with ctx.store.work() as w:
            return tc.RemoveDependencyCommand(ctx, w.list(t.MilestoneDependency)[0].id or 0)

    def split(ctx: ViewContext) -> object:
        ident, _c = tl.create_milestone(ctx.store, _pursued(ctx.store), {
            "title": "Open the hub", "start_date": "2027-01-04", "due_date": "2027-03-26"})
        return tc.SplitIntoBitesCommand(ctx, ident, 14)

    def section(ctx: ViewContext) -> object:
        first = _draft(ctx.store).sections[0]
        return a.SectionRemoveCommand(ctx, first.id, first.title)

    def signatory(ctx: ViewContext, remove: bool) -> object:
        person = _draft(ctx.store).signatories[0]
        if remove:
            return a.SignatoryRemoveCommand(ctx, person.id, person.name)
        return a.SignatoryEditCommand(ctx, person.id, {"role": person.role},
                                      {"role": "Vice chair"})

    import datetime as dt

    def decline(ctx: ViewContext) -> object:
        _c, ident = sc.create_opportunity(ctx.store, "Weekend fair")
        return s.DecideCommand(ctx, ident, "decline", "Outside our vision for now.",
                               dt.date(2027, 1, 11), "", None, None, "Weekend fair")

    from planner.services import people as ps
    from planner.ui.people import commands as pc

    def spare_person(ctx: ViewContext) -> object:
        ident, _c = ps.create_person(ctx.store, {"name": "Spare contact"})
        return pc.DeleteRecordCommand(ctx, "person", ident, "Spare contact")

    def edit_person(ctx: ViewContext) -> object:
        first = ps.load(ctx.store).people[0]
        return pc.EditRecordCommand(ctx, "person", first.id, first.values(),
                                    {**first.values(), "phone": "+44 20 7946 0000"})

    def merge_people(ctx: ViewContext) -> object:
        with ctx.store.work() as w:
            opp = next(o for o in w.list(t.Opportunity) if o.lead_id is not None)
        copy, _c = ps.create_person(ctx.store, {"name": "Lead (second record)"})
        sc.update_opportunity(ctx.store, opp.id or 0, "lead_id", copy)
        return pc.MergeRecordsCommand(ctx, "person", opp.lead_id or 0, copy, "", "")

    people_rows = (t.Person, t.Organisation, t.Opportunity)
    return {
        "add an organisation": (lambda ctx: pc.AddOrganisationCommand(
            ctx, {"name": "مدرسة النور", "kind": "school"}), lambda st: _rows(st, t.Organisation)),
        "add a person": (lambda ctx: pc.AddPersonCommand(ctx, {"name": "Zoë 🌱"}),
                         lambda st: _rows(st, t.Person)),
        "delete a person": (spare_person, lambda st: _rows(st, t.Person)),
        "edit a person": (edit_person, lambda st: _rows(st, t.Person)),
        "merge people": (merge_people, lambda st: _rows(st, *people_rows)),
        "import contacts": (lambda ctx: pc.ImportContactsCommand(ctx, (
            ps.Contact("Ольга Смирнова", "Городская школа"), ps.Contact("Ahmed Khalil"))),
            lambda st: _rows(st, t.Person, t.Organisation)),
        "decide": (decline, lambda st: _rows(st, t.Decision, t.Opportunity)),
        "add a criterion": (lambda ctx: s.AddCriterionCommand(ctx, "Local reach", "benefit"),
                            lambda st: _rows(st, t.Criterion)),
        "remove a criterion": (lambda ctx: s.RemoveCriterionCommand(
            ctx, criterion(ctx).id, criterion(ctx).name),
            lambda st: _rows(st, t.Criterion, t.CriterionScore)),
        "edit a criterion": (lambda ctx: s.UpdateCriterionCommand(
            ctx, criterion(ctx).id, "description", criterion(ctx).description, "Plain words"),
            lambda st: _rows(st, t.Criterion)),
        "add a gate": (lambda ctx: s.AddGateCommand(ctx, "Data protection"),
                       lambda st: _rows(st, t.Gate)),
        "remove a gate": (spare_gate, lambda st: _rows(st, t.Gate, t.GateResult)),
        "delete an opportunity": (spare_opportunity, lambda st: _rows(st, t.Opportunity)),
        "top group size": (lambda ctx: s.SetTopKCommand(ctx, sc.load(ctx.store).top_k, 5),
                           lambda st: sc.load(st).top_k),
        "agree weights": (weights, lambda st: [(c.id, c.weight) for c in sc.load(st).criteria]),
        "conflict bands": (lambda ctx: c.BandLimitsCommand(ctx, cf.band_limits(ctx.store),
                                                           (3, 9, 16)),
                           lambda st: cf.band_limits(st)),
        "health threshold": (health, lambda st: dash.health_settings(st)),
        "delete a meeting": (meeting, lambda st: _rows(st, t.Meeting, t.MeetingAction)),
        "delete a milestone": (lambda ctx: tc.DeleteMilestoneCommand(ctx, leaf(ctx)),
                               lambda st: _rows(st, t.Milestone, t.MilestoneDependency)),
        "remove a dependency": (dependency, lambda st: _rows(st, t.MilestoneDependency)),
        "meeting snapshot": (lambda ctx: tc.SnapshotCommand(ctx, _pursued(ctx.store),
                                                            dt.date(2027, 2, 1)),
                             lambda st: _rows(st, t.MilestoneSnapshot)),
        "split into bites": (split, lambda st: _rows(st, t.Milestone)),
        "remove a section": (section, lambda st: _rows(st, t.AgreementSection)),
        "edit a signatory": (lambda ctx: signatory(ctx, False), lambda st: _rows(st, t.Signatory)),
        "remove a signatory": (lambda ctx: signatory(ctx, True),
                               lambda st: _rows(st, t.Signatory)),
    }


@pytest.mark.parametrize("name", list(_cases()))
def test_push_undo_redo_each_command_on_a_plan_made_earlier(
        name: str, ctx: ViewContext, status: list[str]) -> None:
    make, state = _cases()[name]
    command = make(ctx)  # type: ignore[operator]
    before = state(ctx.store)  # type: ignore[operator]
    assert ctx.push(command), getattr(command, "problem", "")
    after = state(ctx.store)  # type: ignore[operator]
    assert after != before
    ctx.undo.undo()
    assert state(ctx.store) == before  # type: ignore[operator]
    ctx.undo.redo()
    with Store.open(ctx.store.url) if ctx.store.path is None else _fresh(ctx.store) as again:
        assert state(again) == after  # type: ignore[operator]
    assert status == []


def _fresh(store: Store) -> Store:
    """A second program's view of a plan file (the file is locked to this one)."""
    return Store(store.url, eng.make_engine(store.url), None)


def test_an_imported_file_is_one_step_and_redo_brings_back_the_same_ids(
        ctx: ViewContext, tmp_path: Path) -> None:
    from planner.services import exchange
    from planner.services.milestone_import import read_project
    from planner.ui.timeline.commands import ImportMilestonesCommand

    opp = _pursued(ctx.store)
    source = tmp_path / "plan.xml"
    exchange.export_timeline_file(ctx.store, source, opp)
    before = {i.id for i in tl.load_timeline(ctx.store, opp).items}
    command = ImportMilestonesCommand(ctx, opp, read_project(source))
    assert commands.push(ctx, command)
    made = set(command.made)
    assert len(made) == len(before) + 1  # and the partnership's own summary task
    assert {i.id for i in tl.load_timeline(ctx.store, opp).items} == before | made
    ctx.undo.undo()
    assert {i.id for i in tl.load_timeline(ctx.store, opp).items} == before
    ctx.undo.redo()
    assert {i.id for i in tl.load_timeline(ctx.store, opp).items} == before | made
