"""The journey on the team database (PostgreSQL), two members taking turns, and a real edit
clash between them.

The plan is imported into a new database on the test server, the owner lets two member
roles in (``planner team``'s service), and the members do the rest of the journey in turn,
each step in a freshly opened Store of its own. Without a test server these tests skip
(CI starts one: .ci/with-pg.sh; see tests/pg.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.services import organisation as org
from planner.store import engine as eng
from planner.store.database import Store
from tests import pg
from tests.journeys import journey as J
from tests.journeys.conftest import EditClash

MEMBERS = ("planner_test_member_ada", "planner_test_member_sam")


@pytest.fixture
def team_database(pg_server: str) -> Iterator[str]:
    """A new, empty plan database on the test server (the owner's URL); dropped after."""
    url = pg.new_database(pg_server)
    yield url
    pg.drop_database(url)


@pytest.mark.postgresql
def test_the_journey_on_the_team_database_with_two_members(team_database: str,
                                                           tmp_path: Path) -> None:
    from planner.services.team import setup_team

    owner = J.Journey(team_database, tmp_path)
    for name, step in J.STEPS[:3]:  # new plan and profile in a file, imported to the server
        _run(name, step, owner)
    with Store.open(team_database) as s:
        done = setup_team(s, list(MEMBERS))
    assert set(done.members) | set(done.already) == set(MEMBERS)  # a reused server
    members = [pg.with_user(team_database, m) for m in MEMBERS]
    for turn, (name, step) in enumerate(J.STEPS[3:]):
        member = J.Journey(members[turn % 2], tmp_path, owner.draft, owner.ids, owner.files)
        _run(f"{name} (as {MEMBERS[turn % 2]})", step, member)
    # The owner sees every member's work.
    from planner.services.agreements import list_agreements

    with Store.open(team_database) as s:
        assert {(a.version, a.state) for a in list_agreements(s)} == {(1, "signed"),
                                                                     (2, "draft")}


def _run(name: str, step: J.Step, journey: J.Journey) -> None:
    try:
        step(journey)
    except BaseException as exc:
        exc.add_note(f"journey step: {name!r}")
        raise


# ------------------------------------------------------------------ a real clash


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def two_members(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two members' programs on one plan, each with its own connections. A plan file is
    locked to one program: the second stands in as another connection to it."""
    if request.param == "sqlite":
        path = tmp_path / "plan.sqlite"
        first = Store.open(path, create=True)
        url = eng.database_url(path)
        second = Store(url, eng.make_engine(url), None)
    else:
        url = request.getfixturevalue("pg_url")
        first, second = Store.open(url), Store.open(url)
    try:
        yield first, second
    finally:
        second.close()
        first.close()


def save_as_shown(store: Store, shown: org.ProfileView, field: str, value: Any) -> None:
    """Save one profile field over what the user was shown, as the Organisation view does:
    the edit declares the value it expects to find."""
    org.update_profile(store, field, value, expect=shown.write(field, value))


def test_two_members_edit_the_same_field_and_the_second_save_is_refused(
        two_members: tuple[Store, Store]) -> None:
    ada, sam = two_members
    org.update_profile(ada, "vision", "Every child finds a club.")
    shown_to_ada, shown_to_sam = org.get_profile(ada), org.get_profile(sam)
    save_as_shown(ada, shown_to_ada, "vision", "Every child finds a club and a mentor.")
    with pytest.raises(EditClash) as clash:
        save_as_shown(sam, shown_to_sam, "vision", "Every child finds a club and a trade.")
    assert clash.value.theirs == {"vision": "Every child finds a club and a mentor."}
    assert clash.value.mine == {"vision": "Every child finds a club and a trade."}
    assert "nothing was saved" in str(clash.value)
    assert org.get_profile(sam).vision == "Every child finds a club and a mentor."
    # Sam settles it as the side-by-side dialog lets him: a merge, saved over what he has
    # now seen; Ada's next look shows it.
    save_as_shown(sam, org.get_profile(sam), "vision",
                  "Every child finds a club, a mentor and a trade.")
    assert org.get_profile(ada).vision == "Every child finds a club, a mentor and a trade."


def test_different_fields_of_one_record_are_no_clash(two_members: tuple[Store, Store]) -> None:
    ada, sam = two_members
    shown_to_ada, shown_to_sam = org.get_profile(ada), org.get_profile(sam)
    save_as_shown(ada, shown_to_ada, "vision", "Every child finds a club.")
    save_as_shown(sam, shown_to_sam, "ceo_hours_per_month", 16)
    seen = org.get_profile(ada)
    assert (seen.vision, seen.ceo_hours_per_month) == ("Every child finds a club.", 16)


# ------------------------------------------------------------------ settled through the dialog


@pytest.mark.parametrize("choice", ["theirs", "mine", "merged"])
def test_a_clash_between_two_members_is_settled_through_the_dialog(
        choice: str, two_members: tuple[Store, Store], tmp_path: Path, qapp: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ada and Sam both have the opportunity open; Ada saves its purpose first, then Sam
    saves his over the purpose he was shown. Sam is shown both and chooses."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack

    from planner.services import screening as sc
    from planner.ui.screening.commands import UpdateOpportunityCommand
    from planner.ui.shell import clash_dialog
    from planner.ui.shell.commands import push, undo_step
    from planner.ui.shell.context import AppEvents, ViewContext
    from planner.ui.shell.settings import Settings

    ada, sam = two_members
    _c, ident = sc.create_opportunity(ada, J.PARTNERSHIP)
    sc.update_opportunity(ada, ident, "purpose", "Weekly football.")
    contexts = [ViewContext(store, QUndoStack(), AppEvents(), Settings(QSettings(
        str(tmp_path / f"{n}.ini"), QSettings.Format.IniFormat))) for n, store in
        (("ada", ada), ("sam", sam))]
    shown = [sc.load(store).opportunity(ident).get("purpose")  # type: ignore[union-attr]
             for store in (ada, sam)]
    merged = "Weekly football, Tuesdays and Thursdays."
    asked: list[tuple[str, str]] = []

    def answer(what: str, theirs: str, mine: str, *a: object, **k: object) -> Any:
        asked.append((theirs, mine))
        return clash_dialog.Resolution({"theirs": clash_dialog.THEIRS,
                                        "mine": clash_dialog.MINE,
                                        "merged": clash_dialog.MERGED}[choice], merged)

    monkeypatch.setattr(clash_dialog, "resolve_clash", answer)
    push(contexts[0], UpdateOpportunityCommand(contexts[0], ident, "purpose", shown[0],
                                                "Weekly football, Tuesdays."))
    assert asked == []  # Ada saved over what she was shown: no clash
    push(contexts[1], UpdateOpportunityCommand(contexts[1], ident, "purpose", shown[1],
                                                "Weekly football, Thursdays."))
    assert asked == [("Weekly football, Tuesdays.", "Weekly football, Thursdays.")]

    def purpose(store: Store) -> Any:
        return sc.load(store).opportunity(ident).get("purpose")  # type: ignore[union-attr]

    expected = {"theirs": "Weekly football, Tuesdays.", "mine": "Weekly football, Thursdays.",
                "merged": merged}[choice]
    assert purpose(ada) == purpose(sam) == expected
    if choice == "theirs":
        assert not contexts[1].undo.canUndo()  # nothing of Sam's was applied
        return
    # Sam's undo brings back what Ada saved (what stood before his save), not the past.
    undo_step(contexts[1].undo)  # the window's Undo
    assert purpose(ada) == "Weekly football, Tuesdays."
    assert len(asked) == 1  # nobody changed it since: the undo asked nothing


# ------------------------------------------------------------------ redo puts back the same records


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def plan_with_agreement(request: pytest.FixtureRequest, journey_run: Any,
                        tmp_path: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """The journey's plan with its draft agreement (made by earlier Stores), as a file or
    copied to the team database."""
    journey = journey_run.plan_after("agreement from templates", tmp_path)
    if request.param == "sqlite":
        yield journey.target, journey.ids
        return
    from planner.services.copying import copy_database

    url = request.getfixturevalue("pg_url")
    copy_database(journey.target, url)
    yield url, journey.ids


def _contexts(target: str, tmp_path: Path, *names: str) -> list[Any]:
    """Each member's window: a ViewContext over a Store of their own."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack

    from planner.ui.shell.context import AppEvents, ViewContext
    from planner.ui.shell.settings import Settings

    out = []
    for i, name in enumerate(names):
        if i == 0 or "://" in target:
            store = Store.open(target)
        else:  # a plan file is locked to one program: another connection stands in
            url = eng.database_url(target)
            store = Store(url, eng.make_engine(url), None)
        out.append(ViewContext(store, QUndoStack(), AppEvents(), Settings(QSettings(
            str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))))
    return out


@pytest.mark.parametrize("what", ["section", "agreement"])
def test_redo_puts_back_the_record_the_next_step_edits(
        what: str, plan_with_agreement: tuple[str, dict[str, int]], tmp_path: Path,
        qapp: Any) -> None:
    """Add a record, type into it, undo both, redo both: the typing lands on the record
    put back. On a plan file ids are reused, which would hide the fault; a team
    database's ids never are."""
    from planner.services import agreements as ag
    from planner.ui.agreements import commands as cmd

    target, ids = plan_with_agreement
    (ctx,) = _contexts(target, tmp_path, "ada")
    try:
        if what == "section":
            ctx.undo.push(cmd.SectionAddCommand(ctx, ids["agreement"], "", "Safeguarding", 1))
            new_id = next(s.id for s in ag.get_agreement(ctx.store, ids["agreement"]).sections
                          if s.title == "Safeguarding")
            ctx.undo.push(cmd.SectionFieldCommand(ctx, new_id, "body", "",
                                                  "DBS checks for every coach."))

            def seen() -> Any:
                detail = ag.get_agreement(ctx.store, ids["agreement"])
                return [(s.title, s.body) for s in detail.sections if s.title == "Safeguarding"]
        else:
            before = {a.id for a in ag.list_agreements(ctx.store)}
            ctx.undo.push(cmd.AgreementCreateCommand(ctx, ids["opportunity"]))
            (new_id,) = {a.id for a in ag.list_agreements(ctx.store)} - before
            title = ag.get_agreement(ctx.store, new_id).title
            ctx.undo.push(cmd.AgreementFieldCommand(ctx, new_id, "title", title,
                                                    "Holiday camp protocol"))

            def seen() -> Any:
                return sorted((a.title, a.state) for a in ag.list_agreements(ctx.store))
        done = seen()
        ctx.undo.undo()
        ctx.undo.undo()
        ctx.undo.redo()
        ctx.undo.redo()
        assert ctx.undo.index() == 2 and seen() == done
    finally:
        ctx.undo.clear()
        ctx.store.close()


@pytest.mark.postgresql
def test_a_redone_agreement_is_mine_after_a_colleague_added_one(
        plan_with_agreement: tuple[str, dict[str, int]], tmp_path: Path, qapp: Any,
        request: pytest.FixtureRequest) -> None:
    from planner.services import agreements as ag
    from planner.ui.agreements import commands as cmd

    if "sqlite" in request.node.callspec.id:
        pytest.skip("a plan file has one writer: no colleague inserts between undo and redo")
    target, ids = plan_with_agreement
    ada, sam = _contexts(target, tmp_path, "ada", "sam")
    try:
        before = {a.id for a in ag.list_agreements(ada.store)}
        ada.undo.push(cmd.AgreementCreateCommand(ada, ids["opportunity"], "Ada's camp protocol"))
        (mine,) = {a.id for a in ag.list_agreements(ada.store)} - before
        ada.undo.undo()
        theirs, _changes = ag.create_agreement(sam.store, ids["opportunity"],
                                               "Sam's camp protocol")
        ada.undo.redo()
        titles = {a.id: a.title for a in ag.list_agreements(ada.store)}
        assert titles[mine] == "Ada's camp protocol"  # the same record, under its own id
        assert titles[theirs] == "Sam's camp protocol"
        assert list(titles.values()).count("Ada's camp protocol") == 1
    finally:
        for ctx in (ada, sam):
            ctx.undo.clear()
            ctx.store.close()
