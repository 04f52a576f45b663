"""The partner's own view (services layer): the questionnaire out, their answers in, the gaps.

``export_questionnaire`` writes the fillable PDF for one opportunity. ``read_answers`` reads
a filled form (or the same answers as JSON, docs/partner-view.md), checks that it is ours,
for this plan and this opportunity, and returns a preview; ``store_answers`` keeps it as a
new round with the date received (undone by ``delete_answers``, redone by storing the
same round again under its id). ``comparison`` sets our answers beside theirs. Nothing here
changes our own scores.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.domain import partner_view as pv
from planner.services.changes import ChangeSet, ValidationError
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    AuditEvent,
    ConflictArea,
    Criterion,
    CriterionScore,
    Gate,
    GateResult,
    Opportunity,
    Organisation,
    PartnerAnswers,
)


class PartnerFormError(ValidationError):
    """A questionnaire or answers file we refuse: one line naming the file and why."""


# --------------------------------------------------------------------------- the questionnaire


def opportunity_key(work: UnitOfWork, opportunity_id: int) -> str:
    """Which opportunity of this number: the audit event that created it ("" when it came
    with the sample or an import). SQLite hands a deleted opportunity's number to the next
    one; the audit log is append-only, so a new opportunity never has an old one's key."""
    made = work.list(AuditEvent, order_by=("id",), entity="opportunity",
                     entity_id=opportunity_id, action="created")
    return str(made[-1].id) if made else ""


def _partner_criteria(work: UnitOfWork) -> list[Criterion]:
    rows = work.list(Criterion, order_by=("position", "id"))
    return [c for c in rows if c.name in pv.PARTNER_CRITERIA and c.source != "conflict_register"]


def questionnaire(store: Store, opportunity_id: int, *,
                  today: dt.date | None = None) -> pv.Questionnaire:
    """What the partner's form asks about ``opportunity_id`` (only areas shared with them)."""
    from planner.services.exchange import plan_uid

    today = today or dt.date.today()
    uid = plan_uid(store)
    with store.work() as work:
        opp = work.get(Opportunity, opportunity_id)
        if opp is None:
            raise ValidationError(f"there is no opportunity {opportunity_id} in this plan")
        us = work.first(Organisation, is_self=True)
        partner = work.get(Organisation, opp.partner_id) if opp.partner_id else None
        gates = [g for g in work.list(Gate, order_by=("position", "id")) if g.is_headline]
        criteria = _partner_criteria(work)
        areas = [a for a in work.list(ConflictArea, opportunity_id=opportunity_id)
                 if pv.shared_with_partner(a.openness, a.confidential)]
        key = opportunity_key(work, opportunity_id)
    return pv.Questionnaire(
        plan_uid=uid, opportunity_id=opportunity_id, opportunity_title=opp.title,
        our_name=us.name if us else "Our organisation",
        partner_name=partner.name if partner else "", issued_on=today.isoformat(),
        purpose=opp.purpose,
        gates=tuple(pv.GateQuestion(g.id or 0, g.name, g.question) for g in gates),
        criteria=tuple(pv.CriterionQuestion(c.id or 0, c.name, pv.PARTNER_CRITERIA[c.name],
                                            tuple(c.levels)) for c in criteria),
        conflicts=tuple(pv.ConflictQuestion(a.id or 0, a.title, a.description)
                        for a in areas),
        we_give=tuple(_resource(r) for r in opp.we_give),
        we_get=tuple(_resource(r) for r in opp.we_get), opportunity_key=key)


def _resource(item: Mapping[str, str]) -> str:
    kind = item.get("kind", "")
    return f"{item.get('what', '')} ({kind})" if kind else item.get("what", "")


def export_questionnaire(store: Store, opportunity_id: int, out: Path, *,
                         today: dt.date | None = None) -> pv.Questionnaire:
    from planner.reports.partner_form import write_questionnaire

    q = questionnaire(store, opportunity_id, today=today)
    write_questionnaire(q, out)
    return q


# --------------------------------------------------------------------------- reading answers


@dataclass(frozen=True)
class Preview:
    """Answers read and checked, not yet stored: what the import dialog shows."""

    answers: dict[str, Any]
    opportunity_id: int
    opportunity_title: str
    source: str
    comparison: pv.Comparison

    def summary(self) -> str:
        who = self.answers.get("respondent") or "the partner"
        answers, gaps = pv.answered(self.answers), len(self.comparison.topics)
        return (f"{answers} answer{'' if answers == 1 else 's'} from {who} about "
                f"“{self.opportunity_title}”; {gaps} difference{'' if gaps == 1 else 's'} "
                f"of {pv.TOPIC_GAP} levels or more to talk about")


_FIELD = re.compile(r"^(gate|criterion|conflict)_(\d+)_(answer|comment|level|likelihood|"
                    r"impact|proposal)$")


def _from_form(path: Path) -> dict[str, Any]:
    """The answers document of a filled questionnaire (identity checked, not yet the plan)."""
    from planner.reports.partner_form import FormReadError, read_form_fields

    try:
        fields = read_form_fields(path)
    except FormReadError as exc:
        raise PartnerFormError(str(exc)) from None
    name = path.name
    if fields.get("pp_form") != pv.FORM_KIND:
        raise PartnerFormError(f"{name} is not a partner questionnaire from Partnership "
                               "Planner (it has no questionnaire identity)")
    if fields.get("pp_version") not in pv.KNOWN_VERSIONS:
        raise PartnerFormError(f"{name} is questionnaire version "
                               f"{fields.get('pp_version', '')[:20]!r}, which this version "
                               "of the program cannot read")
    if fields.get("pp_check") != pv.identity_check(fields):
        raise PartnerFormError(f"{name}: the questionnaire's identity fields were edited, "
                               "so we cannot tell which opportunity it answers")
    manifest = fields.get("pp_fields", "").split()
    missing = [f for f in manifest if f not in fields]
    if missing:
        raise PartnerFormError(f"{name}: the form was edited and lost {len(missing)} of its "
                               f"fields (first: {missing[0]}); send the partner a new copy")
    try:
        opportunity = int(fields.get("pp_opportunity", ""))
    except ValueError:
        raise PartnerFormError(f"{name} does not say which opportunity it answers") from None
    ids: dict[str, list[int]] = {"gate": [], "criterion": [], "conflict": []}
    for f in manifest:
        m = _FIELD.match(f)
        if m and int(m.group(2)) not in ids[m.group(1)]:
            ids[m.group(1)].append(int(m.group(2)))
    q = pv.Questionnaire(
        plan_uid=fields.get("pp_plan", ""), opportunity_id=opportunity,
        opportunity_title="", our_name="", partner_name="",
        issued_on=fields.get("pp_issued", ""), version=fields["pp_version"],
        opportunity_key=fields.get("pp_opportunity_key", ""),
        gates=tuple(pv.GateQuestion(i, "", "") for i in ids["gate"]),
        criteria=tuple(pv.CriterionQuestion(i, "", "", ()) for i in ids["criterion"]),
        conflicts=tuple(pv.ConflictQuestion(i, "", "") for i in ids["conflict"]))
    try:
        return pv.answers_from_fields(q, fields)
    except pv.AnswersError as exc:
        raise PartnerFormError(f"{name}: {exc}") from None


def _from_json(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PartnerFormError(f"{path} does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8 text"
        raise PartnerFormError(f"{path.name} is not a JSON file we can read ({reason})") \
            from None
    try:
        return pv.clean_answers(doc)
    except pv.AnswersError as exc:
        raise PartnerFormError(f"{path.name}: {exc}") from None


_IDENTITY = frozenset({"form", "version", "plan", "opportunity_key", "issued_on", "label"})


def _filled_in(doc: Mapping[str, Any]) -> bool:
    """Whether the partner answered or wrote anything (a name, a comment) on the form."""

    def written(value: Any) -> bool:
        if isinstance(value, str):
            return bool(value.strip())
        if isinstance(value, Mapping):
            return any(written(v) for k, v in value.items() if k not in _IDENTITY)
        if isinstance(value, list):
            return any(written(v) for v in value)
        return False

    return pv.answered(doc) > 0 or written(doc)


def read_answers(store: Store, path: Path, *,
                 opportunity_id: int | None = None) -> Preview:
    """Read a filled questionnaire (.pdf) or answers file (.json) and check it belongs here.

    ``opportunity_id``: the opportunity the user is importing into (the window's selection);
    a form for another one is refused. PartnerFormError, in one line, when refused."""
    from planner.services.exchange import plan_uid

    path = Path(path)
    if path.suffix.lower() == ".json":
        doc = _from_json(path)
    else:
        doc = _from_form(path)
    name = path.name
    if doc["plan"] != plan_uid(store):
        raise PartnerFormError(f"{name} was made from another plan, not this one")
    with store.work() as work:
        opp = work.get(Opportunity, doc["opportunity"])
        if opp is None:
            raise PartnerFormError(f"{name} answers opportunity {doc['opportunity']}, which "
                                   "this plan no longer has")
        if "opportunity_key" in doc and (doc["opportunity_key"]
                                         != opportunity_key(work, doc["opportunity"])):
            raise PartnerFormError(
                f"{name} answers an opportunity {doc['opportunity']} that was deleted; "
                f"{opp.title!r} has its number now. Send the partner a new questionnaire")
        if opportunity_id is not None and opportunity_id != opp.id:
            chosen = work.get(Opportunity, opportunity_id)
            raise PartnerFormError(
                f"{name} answers {opp.title!r}, not "
                f"{chosen.title if chosen else opportunity_id!r}; choose that opportunity")
        gate_names = {g.id: g.name for g in work.list(Gate)}
        criterion_names = {c.id: c.name for c in work.list(Criterion)}
        areas = {a.id: a for a in work.list(ConflictArea, opportunity_id=opp.id)}
        for a in doc["conflicts"]:
            if a["id"] not in areas:
                raise PartnerFormError(f"{name} rates conflict area {a['id']}, which is not "
                                       f"one of {opp.title!r}'s")
            if not pv.shared_with_partner(areas[a["id"]].openness,
                                          areas[a["id"]].confidential):
                raise PartnerFormError(f"{name} rates conflict area {a['id']}, which has not "
                                       "been raised with the partner")
            a["label"] = a["label"] or areas[a["id"]].title
        for g in doc["gates"]:
            g["label"] = g["label"] or gate_names.get(g["id"], f"Gate {g['id']} (removed)")
        for c in doc["criteria"]:
            c["label"] = c["label"] or criterion_names.get(c["id"],
                                                           f"Criterion {c['id']} (removed)")
        title = opp.title
    if not _filled_in(doc):
        # It was kept as a round of "0 answers", which a decision could then cite.
        raise PartnerFormError(f"{name} has nothing filled in yet, so nothing was imported: "
                               "the partner fills in the boxes in a PDF reader and saves the "
                               "file before sending it back")
    preview = Preview(doc, doc["opportunity"], title, name, pv.Comparison())
    return Preview(doc, preview.opportunity_id, title, name,
                   _compare(store, preview.opportunity_id, doc))


# --------------------------------------------------------------------------- storing rounds


@dataclass(frozen=True)
class Round:
    id: int
    opportunity_id: int
    received_on: dt.date
    source: str
    answers: dict[str, Any]
    form_version: str


def _changes(opportunity_id: int, answers_id: int | None = None) -> ChangeSet:
    return ChangeSet.of("partner_answers", answers_id) | ChangeSet.of("opportunity",
                                                                      opportunity_id)


def store_answers(store: Store, preview: Preview, *, received_on: dt.date | None = None,
                  answers_id: int | None = None) -> tuple[int, ChangeSet]:
    """Keep the previewed answers as a new round (``answers_id``: put a round back under
    the id it had, the redo of an undone import)."""
    received = received_on or dt.date.today()
    if received > dt.date.today():
        raise ValidationError("The date the answers were received cannot be in the future.",
                              "received_on")
    with store.work() as work:
        if work.get(Opportunity, preview.opportunity_id) is None:
            raise ValidationError("The opportunity these answers belong to was deleted.")
        row = work.add(PartnerAnswers(
            id=answers_id, opportunity_id=preview.opportunity_id, received_on=received,
            form_version=str(preview.answers["version"]), source=preview.source[:200],
            answers=preview.answers))
        assert row.id is not None
        work.audit("partner_answers", row.id, "import",
                   f"opportunity {preview.opportunity_id} received {received} "
                   f"from {preview.source[:80]}")
    return row.id, _changes(preview.opportunity_id, row.id)


def delete_answers(store: Store, answers_id: int) -> ChangeSet:
    """Remove one round (the undo of an import)."""
    with store.work() as work:
        row = work.one(PartnerAnswers, answers_id)
        opportunity_id = row.opportunity_id
        work.delete(row)
        work.audit("partner_answers", answers_id, "delete", f"opportunity {opportunity_id}")
    return _changes(opportunity_id, answers_id)


def rounds(store: Store, opportunity_id: int) -> list[Round]:
    """The rounds of answers received about an opportunity, newest first."""
    with store.work() as work:
        rows = work.list(PartnerAnswers, opportunity_id=opportunity_id,
                         order_by=("-received_on", "-id"))
    return [Round(r.id or 0, r.opportunity_id, r.received_on, r.source, dict(r.answers),
                  r.form_version) for r in rows]


# --------------------------------------------------------------------------- comparing


def _compare(store: Store, opportunity_id: int, doc: Mapping[str, Any]) -> pv.Comparison:
    with store.work() as work:
        results = {r.gate_id: r.result
                   for r in work.list(GateResult, opportunity_id=opportunity_id)}
        scores = {s.criterion_id: s.level
                  for s in work.list(CriterionScore, opportunity_id=opportunity_id)}
        areas = {a.id: (a.likelihood, a.impact)
                 for a in work.list(ConflictArea, opportunity_id=opportunity_id)
                 if a.id is not None and pv.shared_with_partner(a.openness, a.confidential)}
    return pv.compare(doc, results, scores, areas)


def comparison(store: Store, opportunity_id: int,
               answers_id: int | None = None) -> tuple[Round | None, pv.Comparison]:
    """Our answers beside the partner's latest round (or round ``answers_id``)."""
    found = rounds(store, opportunity_id)
    if answers_id is not None:
        found = [r for r in found if r.id == answers_id]
    if not found:
        return None, pv.Comparison()
    latest = found[0]
    return latest, _compare(store, opportunity_id, latest.answers)


def report_json(store: Store) -> dict[str, Any]:
    """``partner_view`` for ``planner report --json``: per opportunity with answers, the
    latest round's answers and gaps, and the dates of every round."""
    with store.work() as work:
        ids = sorted({r.opportunity_id for r in work.list(PartnerAnswers)})
    out: dict[str, Any] = {}
    for opportunity_id in ids:
        latest, comp = comparison(store, opportunity_id)
        if latest is None:
            continue
        out[str(opportunity_id)] = {
            "received_on": latest.received_on.isoformat(),
            "rounds": [r.received_on.isoformat() for r in rounds(store, opportunity_id)],
            # The same rounds' ids: what a decision cites (planner decide --cites ID).
            "round_ids": [r.id for r in rounds(store, opportunity_id)],
            "answers": latest.answers, "gaps": pv.gaps_json(comp),
            "topics": pv.describe_topics(comp)}
    return out


def write_questionnaire(q: pv.Questionnaire, out: Path) -> str:
    """Write a questionnaire already built (the window builds it, then writes it off the
    GUI thread); returns the path."""
    from planner.reports.partner_form import write_questionnaire as write

    write(q, out)
    return str(out)
