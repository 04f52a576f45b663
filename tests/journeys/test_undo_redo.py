"""Every journey step the window offers as an undo command, undone and redone on a plan made
earlier (a journey checkpoint written by other Stores).

Each case builds its command as the view does (after reading what the view shows) on a bare
QUndoStack with a ViewContext over a Store opened fresh on the file, pushes it, undoes it
and redoes it. After each move another connection reads the plan (``peek``) and the user's
view of it must be: changed, back as it was, changed again; at the end a fresh Store opens
the file and finds the redone change. Nothing may ask about a colleague (``shown``) or be
refused (the status bar), since nobody else has the plan open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.services import agreements as ag
from planner.services import conflicts as cf
from planner.services import meetings as mt
from planner.services import organisation as org
from planner.services import partner_view as partners
from planner.services import screening as sc
from planner.services import timeline as tl
from planner.store.database import Store
from planner.ui.shell.context import AppEvents, ViewContext
from planner.ui.shell.settings import Settings
from tests.journeys.conftest import JourneyRun, peek
from tests.journeys.journey import CEO

Ids = dict[str, int]


@dataclass(frozen=True)
class Case:
    after: str  # the journey step whose plan the case starts from
    make: Callable[[ViewContext, Ids], QUndoCommand]  # as the view builds it
    state: Callable[[Store, Ids], Any]  # what the user sees of the records it changes


# ------------------------------------------------------------------ commands, as views make them


def _profile(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.organisation.commands import ProfileEditCommand

    shown = org.get_profile(ctx.store)  # the command is made over what the view shows
    return ProfileEditCommand(ctx, shown, "vision", "A club for every child.")


def _new_opportunity(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.screening.commands import CreateOpportunityCommand

    sc.load(ctx.store)
    return CreateOpportunityCommand(ctx, "Summer holiday camp")


def _opportunity(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.screening.commands import UpdateOpportunityCommand

    row = _opp(ctx.store, ids["opportunity"])
    return UpdateOpportunityCommand(ctx, row.id, "purpose", row.get("purpose"),
                                    "Weekly football at the club.")


def _score(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.screening.commands import SetScoreCommand

    data = sc.load(ctx.store)
    criterion = data.criteria[0]
    row = data.opportunity(ids["opportunity"])
    assert row is not None
    old = row.scores.get(criterion.id)
    return SetScoreCommand(ctx, row.id, criterion.id,
                           (old.level, old.evidence) if old else (None, ""),
                           (5, "Seen at the trial session."), criterion.name)


def _gate(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.screening.commands import SetGateCommand

    data = sc.load(ctx.store)
    gate = data.gates[0]
    row = data.opportunity(ids["opportunity"])
    assert row is not None
    old = row.gates.get(gate.id)
    before = (old.result, old.rationale, old.overridden, old.override_reason) if old else (
        "unknown", "", False, "")
    return SetGateCommand(ctx, row.id, gate.id, before,
                          ("pass", "DBS checks seen.", False, ""), gate.name)


def _decide(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.screening.commands import DecideCommand

    row = _opp(ctx.store, ids["opportunity"])
    today = dt.date.today()
    sc.check_decision(ctx.store, row.id, "pursue", "Fits.", today, tier="strategic")
    return DecideCommand(ctx, row.id, "pursue", "Fits.", today, "strategic", None, None,
                         row.title)


def _over_the_limit(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    """The second partnership made strategic over the limit of one: the user chooses to
    move the first one to operational, in the same step."""
    from planner.ui.screening.commands import DecideCommand

    row = _opp(ctx.store, ids["second"])
    today = dt.date.today()
    with pytest.raises(sc.CapacityChoiceNeeded) as asked:
        sc.check_decision(ctx.store, row.id, "pursue", "Careers first.", today,
                          tier="strategic")
    choice = next(c for c in asked.value.check.choices
                  if (c.kind, c.target_id, c.tier) == ("move", ids["opportunity"],
                                                        "operational"))
    return DecideCommand(ctx, row.id, "pursue", "Careers first.", today, "strategic", None,
                         choice, row.title)


def _area(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.conflicts.commands import ConflictCreateCommand

    cf.register(ctx.store)
    return ConflictCreateCommand(ctx, {"opportunity_id": ids["opportunity"],
                                       "title": "Same volunteers on Saturdays",
                                       "likelihood": 3, "impact": 2})


def _edit_area(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.conflicts.commands import ConflictEditCommand

    area = cf.get_area(ctx.store, ids["area"])
    return ConflictEditCommand(ctx, area.id, {"likelihood": area.likelihood},
                               {"likelihood": 2}, note="The club found a second pitch.")


def _review(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.conflicts.commands import ConflictReviewCommand

    cf.register(ctx.store)
    return ConflictReviewCommand(ctx, ids["area"], "Talked it through.")


def _agreement(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.agreements.commands import AgreementCreateCommand

    ag.list_agreements(ctx.store)
    return AgreementCreateCommand(ctx, ids["opportunity"])


def _clause(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.agreements.commands import SectionFieldCommand

    section = ag.get_agreement(ctx.store, ids["agreement"]).sections[1]
    return SectionFieldCommand(ctx, section.id, "body", section.body,
                               "We meet every half term.")


def _link(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.conflicts.commands import ConflictLinkCommand

    target = ag.clause_targets(ctx.store, ids["area"])[0]
    return ConflictLinkCommand(ctx, target.section_id, ids["area"], True, target.title)


def _mark_agreed(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.agreements.commands import MarkAgreedCommand

    ag.get_agreement(ctx.store, ids["agreement"])
    assert ag.lint(ctx.store, ids["agreement"]) == []
    return MarkAgreedCommand(ctx, ids["agreement"])


def _sign(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.agreements.commands import SignCommand

    ours = ag.get_agreement(ctx.store, ids["agreement"]).signatories[0]
    return SignCommand(ctx, ours.id, CEO, [[[0.0, 0.0], [40.0, 12.0]]])


def _amend(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.agreements.commands import AmendCommand

    ag.get_agreement(ctx.store, ids["agreement"])
    return AmendCommand(ctx, ids["agreement"], "Add the summer holiday camp.")


def _milestone(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.timeline.commands import AddMilestoneCommand

    tl.load_timeline(ctx.store, ids["opportunity"])
    return AddMilestoneCommand(ctx, ids["opportunity"], {
        "title": "Parents' evening stall", "due_date": dt.date.today() + dt.timedelta(30)})


def _edit_milestone(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.timeline.commands import MilestoneEditCommand

    tl.load_timeline(ctx.store, ids["opportunity"])
    return MilestoneEditCommand(ctx, ids["season"], {"title": "Summer tournament"})


def _meeting(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.dashboard.commands import AddMeetingCommand

    mt.list_meetings(ctx.store)
    return AddMeetingCommand(ctx, mt.MeetingData(
        opportunity_id=ids["opportunity"], held_on=dt.date.today(), attendees=(CEO,),
        ceo_hours=1.0, decisions="Kit from the club's sponsor.",
        actions=(mt.ActionData("Order the kit", owner=CEO),)))


def _celebrate(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.timeline.commands import celebrate_command

    tl.load_timeline(ctx.store, ids["opportunity"])
    return celebrate_command(ctx, ids["season"], "Everyone played.")


def _agreement_title(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.agreements.commands import AgreementFieldCommand

    detail = ag.get_agreement(ctx.store, ids["agreement"])
    return AgreementFieldCommand(ctx, detail.id, "title", detail.title,
                                 "Football protocol 2027")


def _add_section(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.agreements.commands import SectionAddCommand

    ag.get_agreement(ctx.store, ids["agreement"])
    return SectionAddCommand(ctx, ids["agreement"], "", "Safeguarding", 2)


def _move_section(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.agreements.commands import SectionMoveCommand

    section = ag.get_agreement(ctx.store, ids["agreement"]).sections[2]
    return SectionMoveCommand(ctx, section.id, section.position, 0)


def _add_signatory(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.agreements.commands import SignatoryAddCommand

    ag.get_agreement(ctx.store, ids["agreement"])
    return SignatoryAddCommand(ctx, ids["agreement"], "Grace Hopper", "Head of PE",
                               "Northfield Learning Trust")


def _delete_area(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.conflicts.commands import ConflictDeleteCommand

    area = cf.get_area(ctx.store, ids["area"])
    cf.check_delete(ctx.store, area.id)
    return ConflictDeleteCommand(ctx, area.id, area.title)


def _move_milestone(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.timeline.commands import move_command

    tl.load_timeline(ctx.store, ids["opportunity"])
    return move_command(ctx, ids["season"], 7)  # dragged a week later in the chart


def _dependency(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.timeline.commands import AddDependencyCommand

    _id, _changes = tl.create_milestone(ctx.store, ids["opportunity"], {
        "title": "Kit ordered", "due_date": dt.date.today() + dt.timedelta(days=10)})
    tl.load_timeline(ctx.store, ids["opportunity"])
    return AddDependencyCommand(ctx, _id, ids["season"])


def _edit_meeting(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from dataclasses import replace

    from planner.ui.dashboard.commands import EditMeetingCommand

    shown = mt.get_meeting(ctx.store, ids["meeting"])
    edited = replace(shown, decisions="Start on Wednesdays.")
    return EditMeetingCommand(ctx, shown, edited)  # over what the editor showed


def _action_done(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.dashboard.commands import SetActionDoneCommand

    action = mt.get_meeting(ctx.store, ids["meeting"]).actions[0]
    assert action.id is not None
    return SetActionDoneCommand(ctx, action.id, action.text, dt.date.today())


def _board_move(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    from planner.ui.screening.commands import BoardMoveCommand

    row = _opp(ctx.store, ids["second"])
    return BoardMoveCommand(ctx, row.id, "network", row.title)


# ------------------------------------------------------------------ what the user sees


def _opp(store: Store, ident: int) -> sc.OpportunityRow:
    row = sc.load(store).opportunity(ident)
    assert row is not None
    return row


def _decisions(store: Store, ids: Ids) -> Any:
    return [(o.title, o.stage, o.tier, len(o.decisions)) for o in sc.load(store).opportunities]


def _sections(s: Store, ids: Ids) -> Any:
    return [(sec.id, sec.title, sec.position)
            for sec in ag.get_agreement(s, ids["agreement"]).sections]


def _agreement_state(store: Store, ids: Ids) -> Any:
    detail = ag.get_agreement(store, ids["agreement"])
    return (detail.state, detail.fingerprint, detail.agreed_on,
            [(p.name, p.signature is not None) for p in detail.signatories])


def _partner_answers(ctx: ViewContext, ids: Ids) -> QUndoCommand:
    import json
    import tempfile

    from planner.ui.screening.commands import ImportPartnerAnswersCommand

    q = partners.questionnaire(ctx.store, ids["opportunity"])  # as the view reads the filled form
    doc = {"form": "partnership-planner/partner-questionnaire", "version": "1",
           "plan": q.plan_uid, "opportunity": ids["opportunity"], "respondent": "Club secretary",
           "gates": [{"id": q.gates[0].id, "answer": "unsure"}]}
    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "answers.json"
        answers.write_text(json.dumps(doc), encoding="utf-8")
        preview = partners.read_answers(ctx.store, answers, opportunity_id=ids["opportunity"])
    return ImportPartnerAnswersCommand(ctx, preview, dt.date.today(), "the club")


CASES = {
    "edit the profile": Case("partner organisations and people", _profile,
                             lambda s, ids: org.get_profile(s).vision),
    "new opportunity": Case("partner organisations and people", _new_opportunity,
                            lambda s, ids: sorted(o.title for o in sc.load(s).opportunities)),
    "edit an opportunity": Case("opportunity", _opportunity,
                                lambda s, ids: _opp(s, ids["opportunity"]).get("purpose")),
    "score a criterion": Case("opportunity", _score, lambda s, ids: {  # unscored: no score
        c: (v.level, v.evidence) for c, v in _opp(s, ids["opportunity"]).scores.items()
        if (v.level, v.evidence) != (None, "")}),
    "answer a gate": Case("opportunity", _gate, lambda s, ids: {  # unknown: not answered
        g: (v.result, v.rationale) for g, v in _opp(s, ids["opportunity"]).gates.items()
        if (v.result, v.rationale) != ("unknown", "")}),
    "decide to pursue": Case("gates and scores", _decide, _decisions),
    "pursue over the strategic limit": Case("decide", _over_the_limit, _decisions),
    "new conflict area": Case("decide", _area, lambda s, ids: sorted(
        (r.id, r.title) for r in cf.register(s).rows)),
    "edit a conflict area": Case("conflict area", _edit_area, lambda s, ids: (
        cf.get_area(s, ids["area"]).likelihood)),  # (its history only grows: a log)
    "record a conflict review": Case("conflict area", _review, lambda s, ids: next(
        (r.next_review, r.overdue) for r in cf.register(s).rows if r.id == ids["area"])),
    "agreement from templates": Case("conflict area", _agreement, lambda s, ids: [
        (a.id, a.title, a.state) for a in ag.list_agreements(s)]),
    "edit a clause": Case("agreement from templates", _clause, lambda s, ids: [
        sec.body for sec in ag.get_agreement(s, ids["agreement"]).sections]),
    "link the area to a clause": Case("agreement from templates", _link, lambda s, ids: [
        sec.conflict_ids for sec in ag.get_agreement(s, ids["agreement"]).sections]),
    "mark agreed": Case("link the area to a clause", _mark_agreed, _agreement_state),
    "sign in the program": Case("mark agreed", _sign, _agreement_state),
    "amend": Case("countersign", _amend, lambda s, ids: [
        (a.id, a.version, a.state) for a in ag.list_agreements(s)]),
    "add a milestone": Case("amend", _milestone, lambda s, ids: sorted(
        (i.id, i.title, i.due) for i in tl.load_timeline(s, ids["opportunity"]).items)),
    "edit a milestone": Case("milestones", _edit_milestone, lambda s, ids: sorted(
        (i.id, i.title) for i in tl.load_timeline(s, ids["opportunity"]).items)),
    "record a meeting": Case("milestones", _meeting, lambda s, ids: [
        (m.id, m.decisions, [a.text for a in m.actions]) for m in mt.list_meetings(s)]),
    "celebrate a small win": Case("record a meeting", _celebrate, lambda s, ids: (
        [(w.milestone_id, w.note) for w in tl.recent_wins(s)],
        tl.get_milestone(s, ids["season"])["status"])),
    # More of what the same views offer along the way.
    "rename the agreement": Case("agreement from templates", _agreement_title,
                                 lambda s, ids: ag.get_agreement(s, ids["agreement"]).title),
    "add a section": Case("agreement from templates", _add_section, _sections),
    "move a section": Case("agreement from templates", _move_section, _sections),
    "add a signatory": Case("agreement from templates", _add_signatory, lambda s, ids: [
        (p.name, p.role) for p in ag.get_agreement(s, ids["agreement"]).signatories]),
    "delete a conflict area": Case("conflict area", _delete_area, lambda s, ids: sorted(
        (r.id, r.title) for r in cf.register(s).rows)),
    "drag a milestone": Case("milestones", _move_milestone, lambda s, ids: (
        tl.get_milestone(s, ids["season"])["forecast_date"])),
    "link two milestones": Case("milestones", _dependency, lambda s, ids: [
        (d["predecessor_id"], d["successor_id"]) for d in tl.dependencies_of(s, ids["season"])]),
    "edit a meeting": Case("record a meeting", _edit_meeting, lambda s, ids: (
        mt.get_meeting(s, ids["meeting"]).decisions)),
    "tick off an action": Case("record a meeting", _action_done, lambda s, ids: [
        a.done_on for a in mt.get_meeting(s, ids["meeting"]).actions]),
    "move a partnership on the capacity board": Case("decide", _board_move, _decisions),
    "import the partner's answers": Case("gates and scores", _partner_answers, lambda s, ids: [
        (r.id, r.answers["respondent"]) for r in partners.rounds(s, ids["opportunity"])]),
}


@contextmanager
def context_on(path: str, tmp: Path) -> Iterator[tuple[ViewContext, list[str]]]:
    """What a window hands its views, over a Store opened fresh on the file; and the
    status-bar messages it would show."""
    store = Store.open(path)
    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    ctx = ViewContext(store, QUndoStack(), AppEvents(), settings)
    said: list[str] = []
    ctx.events.status.connect(said.append)
    try:
        yield ctx, said
    finally:
        ctx.undo.clear()
        store.close()


@pytest.mark.parametrize("name", list(CASES))
def test_push_undo_redo_on_a_plan_made_earlier(name: str, journey_run: JourneyRun,
                                               tmp_path: Path, qapp: Any,
                                               shown: list[str]) -> None:
    case = CASES[name]
    journey = journey_run.plan_after(case.after, tmp_path)
    ids = journey.ids
    with journey.open() as fresh:
        before = case.state(fresh, ids)

    def seen() -> Any:
        reader = peek(journey.target)
        try:
            return case.state(reader, ids)
        finally:
            reader.engine.dispose()

    with context_on(journey.target, tmp_path) as (ctx, said):
        ctx.undo.push(case.make(ctx, ids))
        assert (ctx.undo.count(), ctx.undo.index()) == (1, 1), said  # not refused
        done = seen()
        assert done != before
        ctx.undo.undo()
        assert (ctx.undo.count(), ctx.undo.index()) == (1, 0), said
        assert seen() == before
        ctx.undo.redo()
        assert (ctx.undo.count(), ctx.undo.index()) == (1, 1), said
        assert seen() == done
        assert said == [] and shown == []
    with journey.open() as fresh:
        assert case.state(fresh, ids) == done
