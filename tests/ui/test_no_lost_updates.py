"""Two people on one plan, in every area: an edit or an undo that would overwrite a
colleague's newer change is shown side by side first (planner/ui/shell/commands.py), and whatever
the user chooses, nothing of theirs is lost unasked.

The colleague is a second connection to the same plan (their program); the dialog is
patched (``answers``): each test queues the user's choice and checks what was shown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from planner.services import agreements as agreements_svc
from planner.services import meetings as meetings_svc
from planner.services import screening as screening_svc
from planner.services import timeline as timeline_svc
from planner.store.database import Store
from planner.store.tables import AgreementSection, Meeting, Milestone, Opportunity
from planner.ui.agreements.commands import SectionFieldCommand
from planner.ui.dashboard.commands import EditMeetingCommand
from planner.ui.screening.commands import UpdateOpportunityCommand
from planner.ui.shell.clash_dialog import MERGED, MINE, THEIRS
from planner.ui.shell.context import ViewContext
from planner.ui.shell.main_window import MainWindow
from planner.ui.timeline.commands import move_command, push


@pytest.fixture
def window(window_factory, sample_store: Store) -> MainWindow:  # type: ignore[no-untyped-def]
    return window_factory(sample_store)


def _ctx(window: MainWindow) -> ViewContext:
    return window.show_view("dashboard").ctx


def _first(store: Store, model: type, **equal: object):  # type: ignore[no-untyped-def]
    with store.work() as w:
        return w.list(model, **equal)[0]


def _get(store: Store, model: type, ident: int):  # type: ignore[no-untyped-def]
    with store.work() as w:
        return w.one(model, ident)


def test_undoing_an_opportunity_edit_asks_before_reverting_theirs(
        window: MainWindow, colleague_of, answers) -> None:  # type: ignore[no-untyped-def]
    ctx, theirs = _ctx(window), colleague_of(window)
    opp = _first(ctx.store, Opportunity)
    ctx.push(UpdateOpportunityCommand(ctx, opp.id, "title", opp.title, "Mine"))
    _get(theirs, Opportunity, opp.id)  # their screen shows my title (live refresh) ...
    screening_svc.update_opportunity(theirs, opp.id, "title", "Theirs, later")  # ... and they edit it
    answers.queue.append(THEIRS)
    window.menus.undo_action.trigger()
    assert answers[0]["undoing"] is True
    assert (answers[0]["theirs"], answers[0]["mine"]) == ("Theirs, later", opp.title)
    assert "title of the opportunity “Theirs, later”" in str(answers[0]["what"])
    assert _get(theirs, Opportunity, opp.id).title == "Theirs, later"
    assert ctx.undo.count() == 0  # the step could only overwrite them later: it is gone
    assert "Kept the opportunity" in window.statusBar().currentMessage()


def test_undo_goes_ahead_quietly_when_they_changed_another_field(
        window: MainWindow, colleague_of, answers) -> None:  # type: ignore[no-untyped-def]
    ctx, theirs = _ctx(window), colleague_of(window)
    opp = _first(ctx.store, Opportunity)
    ctx.push(UpdateOpportunityCommand(ctx, opp.id, "title", opp.title, "Mine"))
    screening_svc.update_opportunity(theirs, opp.id, "notes", "Their note")
    window.menus.undo_action.trigger()
    assert answers == []
    row = _get(theirs, Opportunity, opp.id)
    assert (row.title, row.notes) == (opp.title, "Their note")
    window.menus.redo_action.trigger()
    assert _get(theirs, Opportunity, opp.id).title == "Mine"


def test_a_section_edit_over_their_unseen_text_can_be_merged_by_hand(
        window: MainWindow, colleague_of, answers) -> None:  # type: ignore[no-untyped-def]
    ctx, theirs = _ctx(window), colleague_of(window)
    section = next(s for s in _all_sections(ctx.store) if s.body)
    shown = section.body  # what my editor shows
    agreements_svc.update_section(theirs, section.id, "body", shown + "\nTheir sentence.")
    answers.queue.append((MERGED, shown + "\nTheir sentence.\nMy sentence."))
    ctx.push(SectionFieldCommand(ctx, section.id, "body", shown, shown + "\nMy sentence."))
    assert answers[0]["can_merge"] is True and answers[0]["undoing"] is False
    assert answers[0]["theirs"] == shown + "\nTheir sentence."
    assert _get(theirs, AgreementSection, section.id).body.endswith(
        "Their sentence.\nMy sentence.")
    # Undo brings back theirs (what stood before my save), not the older past.
    window.menus.undo_action.trigger()
    assert _get(theirs, AgreementSection, section.id).body == shown + "\nTheir sentence."
    assert len(answers) == 1


def _all_sections(store: Store) -> list[AgreementSection]:
    with store.work() as w:
        return [s for s in w.list(AgreementSection)
                if agreements_svc.get_agreement(store, s.agreement_id).state == "draft"]


def test_undoing_a_milestone_move_anyway_then_redo_brings_theirs_back(
        window: MainWindow, colleague_of, answers) -> None:  # type: ignore[no-untyped-def]
    ctx, theirs = _ctx(window), colleague_of(window)
    with ctx.store.work() as w:
        stone = next(m for m in w.list(Milestone) if m.forecast_date or m.due_date)
    before = stone.forecast_date or stone.due_date
    push(ctx, move_command(ctx, stone.id, 7))
    assert _get(theirs, Milestone, stone.id).forecast_date == before + dt.timedelta(days=7)
    their_date = before + dt.timedelta(days=30)
    timeline_svc.update_milestone(theirs, stone.id, {"forecast_date": their_date})
    answers.queue.append(MINE)  # "Undo anyway"
    window.menus.undo_action.trigger()
    assert answers[0]["undoing"] is True and answers[0]["can_merge"] is False
    # The dialog reads dates as the rest of the interface does ("6 Dec 2026"), not ISO.
    shown = f"{answers[0]['theirs']}\n{answers[0]['mine']}"
    assert f"{their_date.day} {their_date:%b %Y}" in str(answers[0]["theirs"])
    assert not re.search(r"\d{4}-\d\d-\d\d", shown), shown
    assert _get(theirs, Milestone, stone.id).forecast_date == stone.forecast_date
    window.menus.redo_action.trigger()  # redo restores what stood before the undo: theirs
    assert _get(theirs, Milestone, stone.id).forecast_date == their_date


def test_a_meeting_saved_over_a_colleagues_edit_asks_first(
        window: MainWindow, colleague_of, answers) -> None:  # type: ignore[no-untyped-def]
    ctx, theirs = _ctx(window), colleague_of(window)
    meeting = _first(ctx.store, Meeting)
    mine = meetings_svc.get_meeting(ctx.store, meeting.id)  # the editor opens it
    their = meetings_svc.get_meeting(theirs, meeting.id)
    meetings_svc.update_meeting(theirs, replace(their, notes="Their notes"))
    answers.queue.append(THEIRS)
    command = EditMeetingCommand(ctx, mine, replace(mine, notes="My notes"))
    ctx.push(command)
    assert answers[0]["theirs"] == "Their notes" and answers[0]["mine"] == "My notes"
    assert _get(theirs, Meeting, meeting.id).notes == "Their notes"
    assert ctx.undo.count() == 0 and command.problem.startswith("Kept the meeting")
    # Using mine writes over theirs, knowingly.
    answers.queue.append(MINE)
    ctx.push(EditMeetingCommand(ctx, mine, replace(mine, notes="My notes")))
    assert _get(theirs, Meeting, meeting.id).notes == "My notes"
    window.menus.undo_action.trigger()
    assert _get(theirs, Meeting, meeting.id).notes == "Their notes"


def test_alone_on_a_plan_file_nothing_ever_asks(window: MainWindow, answers) -> None:  # type: ignore[no-untyped-def]
    """Many edits, undos and redos by one person across areas: never a conflict."""
    ctx = _ctx(window)
    opp = _first(ctx.store, Opportunity)
    with ctx.store.work() as w:
        stone = next(m for m in w.list(Milestone) if m.forecast_date or m.due_date)
    for step in range(3):
        shown = f"n{step - 1}" if step else opp.notes  # what the notes box shows
        ctx.push(UpdateOpportunityCommand(ctx, opp.id, "notes", shown, f"n{step}"))
        push(ctx, move_command(ctx, stone.id, 1))
    for _ in range(6):
        window.menus.undo_action.trigger()
    for _ in range(6):
        window.menus.redo_action.trigger()
    assert answers == []
    assert _get(ctx.store, Opportunity, opp.id).notes == "n2"


def test_a_save_the_database_refuses_leaves_no_step_behind(
        window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A full disk or a lost server during a save: the step is not on the undo stack as if
    it had happened, and the error reaches the window's handler (which shows it)."""
    from planner.store.errors import StoreError

    ctx = _ctx(window)
    section = next(s for s in _all_sections(ctx.store) if s.body)

    def full(*_a: object, **_k: object) -> None:
        raise StoreError("The disk holding the plan is full: the last change was not saved.")

    monkeypatch.setattr(agreements_svc, "update_section", full)
    depth = ctx.undo.count()
    with qtbot.capture_exceptions() as shown:  # what the window's error handler is given
        ctx.push(SectionFieldCommand(ctx, section.id, "body", section.body, "More."))
    assert [str(e[1]) for e in shown] == [
        "The disk holding the plan is full: the last change was not saved."]
    assert ctx.undo.count() == depth
    assert _get(ctx.store, AgreementSection, section.id).body == section.body
