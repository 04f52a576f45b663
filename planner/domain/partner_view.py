"""The partner's own view (domain layer): the questionnaire's content, its answers and the gaps.

Each side answers separately, then both compare and talk about the differences. This module
holds what the questionnaire asks (ready-worded, built by the services from the plan), the
names of its form fields, the answers document (the same whether the answers came in a
filled PDF form or a JSON file), and the comparison of our answers with theirs. The
partner's answers never change our scores: they inform the conversation.

Only conflict areas already brought into the open with the partner (raised, jointly
assessed or agreed, and not confidential) are ever asked about: an internal-only area must
not reach the partner through a questionnaire.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FORM_KIND = "partnership-planner/partner-questionnaire"
FORM_VERSION = "2"  # 2: the form carries the opportunity's key (its record of creation)
KNOWN_VERSIONS = ("1", "2")

GATE_ANSWERS = ("yes", "unsure", "no")
GATE_ANSWER_LABELS = {"yes": "Yes", "unsure": "Not sure", "no": "No"}
RESOURCE_KINDS = ("knowledge", "money", "authority")
SHARED_OPENNESS = frozenset({"raised", "joint", "agreed"})

# The screening criteria that make sense from the partner's side (by the default names a
# plan starts with), each with the question as the partner reads it. Our own return, our
# capacity cost and our conflict exposure are ours alone and are not asked.
PARTNER_CRITERIA: Mapping[str, str] = {
    "Strategic fit": "Shared purpose: how well does this partnership serve your own "
                     "vision and priorities, and ours together?",
    "Values and culture fit": "Values fit: how closely do our values and ways of working "
                              "match yours?",
    "Partner's benefit (win-win)": "Benefit to you: how much does your organisation gain, "
                                   "now and in three years?",
    "Return to end users": "Benefit to end users: how much do the people we both serve "
                           "gain?",
    "Sustainability": "Sustainability: will it last beyond one person, one grant or one "
                      "endorsement?",
    "Partner capability": "Your capacity: can your organisation commit the people and time "
                          "this needs?",
}

# A gap of this many levels (or a yes against a no) is a topic for the conversation.
TOPIC_GAP = 2


def shared_with_partner(openness: str, confidential: bool) -> bool:
    """Whether a conflict area may appear in what the partner sees."""
    return openness in SHARED_OPENNESS and not confidential


# --------------------------------------------------------------------------- questionnaire


@dataclass(frozen=True)
class GateQuestion:
    id: int
    name: str
    question: str


@dataclass(frozen=True)
class CriterionQuestion:
    id: int
    name: str
    question: str
    levels: tuple[str, ...]  # anchor lines for levels 1..5


@dataclass(frozen=True)
class ConflictQuestion:
    id: int
    title: str
    description: str


@dataclass(frozen=True)
class Questionnaire:
    """Everything the partner's form shows, ready-worded, with the identity it carries."""

    plan_uid: str
    opportunity_id: int
    opportunity_title: str
    our_name: str
    partner_name: str
    issued_on: str  # ISO date
    purpose: str = ""
    gates: tuple[GateQuestion, ...] = ()
    criteria: tuple[CriterionQuestion, ...] = ()
    conflicts: tuple[ConflictQuestion, ...] = ()
    we_give: tuple[str, ...] = ()  # what we noted we give (so they get), for reference
    we_get: tuple[str, ...] = ()
    version: str = FORM_VERSION
    # Which opportunity of that number: SQLite gives a deleted opportunity's number to the
    # next one, so the form also carries the record of the opportunity's creation.
    opportunity_key: str = ""

    def field_names(self) -> tuple[str, ...]:
        """The answer fields of the form, in order (the manifest the form carries)."""
        names: list[str] = ["respondent", "respondent_role"]
        for g in self.gates:
            names += [gate_field(g.id), gate_field(g.id, "comment")]
        for c in self.criteria:
            names += [criterion_field(c.id), criterion_field(c.id, "comment")]
        names += [f"give_{k}" for k in RESOURCE_KINDS] + [f"get_{k}" for k in RESOURCE_KINDS]
        for a in self.conflicts:
            names += [conflict_field(a.id, "likelihood"), conflict_field(a.id, "impact"),
                      conflict_field(a.id, "proposal")]
        names += ["objectives", "sponsor", "lead", "missed"]
        return tuple(names)

    def identity(self) -> dict[str, str]:
        """The hidden identity fields: what the form is, for which plan and opportunity."""
        manifest = " ".join(self.field_names())
        ident = {"pp_form": FORM_KIND, "pp_version": self.version, "pp_plan": self.plan_uid,
                 "pp_opportunity": str(self.opportunity_id), "pp_issued": self.issued_on,
                 "pp_fields": manifest}
        if self.version != "1":
            ident["pp_opportunity_key"] = self.opportunity_key
        ident["pp_check"] = identity_check(ident)
        return ident


def identity_check(ident: Mapping[str, str]) -> str:
    """A digest over the identity fields, so a form whose identity or list of fields was
    edited is recognised as such (not a signature: it guards against mistakes)."""
    keys: tuple[str, ...] = ("pp_form", "pp_version", "pp_plan", "pp_opportunity",
                             "pp_issued", "pp_fields")
    if ident.get("pp_version", "1") != "1":
        keys += ("pp_opportunity_key",)
    text = "\n".join(ident.get(k, "") for k in keys)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def gate_field(gate_id: int, part: str = "answer") -> str:
    return f"gate_{gate_id}_{part}"


def criterion_field(criterion_id: int, part: str = "level") -> str:
    return f"criterion_{criterion_id}_{part}"


def conflict_field(area_id: int, part: str) -> str:
    return f"conflict_{area_id}_{part}"


# --------------------------------------------------------------------------- answers


class AnswersError(ValueError):
    """Answers we cannot read: the one-line reason."""


def _int_or_none(value: Any, low: int, high: int, what: str) -> int | None:
    if value in (None, "", "Off", "/Off"):
        return None
    text = str(value).lstrip("/").strip()
    try:
        number = int(text)
    except ValueError:
        raise AnswersError(f"{what} must be a whole number from {low} to {high}, "
                           f"not {text[:20]!r}") from None
    if not low <= number <= high:
        raise AnswersError(f"{what} must be from {low} to {high}, not {number}")
    return number


def _text(value: Any, what: str, limit: int = 4000) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnswersError(f"{what} must be text")
    if len(value) > limit:
        raise AnswersError(f"{what} is longer than {limit} characters")
    return value.strip()


def answers_from_fields(q: Questionnaire, values: Mapping[str, str]) -> dict[str, Any]:
    """The answers document from a filled form's field values (checked against ``q``)."""
    def get(name: str) -> str:
        return values.get(name, "") or ""

    gates = []
    for g in q.gates:
        raw = get(gate_field(g.id)).lstrip("/")
        answer = None if raw in ("", "Off") else raw
        gates.append({"id": g.id, "label": g.name, "answer": answer,
                      "comment": get(gate_field(g.id, "comment"))})
    criteria = [{"id": c.id, "label": c.name, "level": get(criterion_field(c.id)),
                 "comment": get(criterion_field(c.id, "comment"))} for c in q.criteria]
    conflicts = [{"id": a.id, "label": a.title,
                  "likelihood": get(conflict_field(a.id, "likelihood")),
                  "impact": get(conflict_field(a.id, "impact")),
                  "proposal": get(conflict_field(a.id, "proposal"))} for a in q.conflicts]
    doc = {"form": FORM_KIND, "version": q.version, "plan": q.plan_uid,
           "opportunity": q.opportunity_id, "opportunity_key": q.opportunity_key,
           "issued_on": q.issued_on,
           "respondent": get("respondent"), "respondent_role": get("respondent_role"),
           "gates": gates, "criteria": criteria, "conflicts": conflicts,
           "give": {k: get(f"give_{k}") for k in RESOURCE_KINDS},
           "get": {k: get(f"get_{k}") for k in RESOURCE_KINDS},
           "objectives": get("objectives"), "sponsor": get("sponsor"), "lead": get("lead"),
           "missed": get("missed")}
    return clean_answers(doc)


def clean_answers(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The answers document as stored, or AnswersError naming what is wrong.

    The same checks for a filled form and a JSON file (the documented format,
    docs/partner-view.md)."""
    if not isinstance(doc, Mapping):
        raise AnswersError("the answers must be a JSON object")
    if doc.get("form") != FORM_KIND:
        raise AnswersError("this is not a partner questionnaire from Partnership Planner")
    version = str(doc.get("version", ""))
    if version not in KNOWN_VERSIONS:
        raise AnswersError(f"questionnaire version {version[:20]!r} is not one this "
                           "version of the program reads")
    plan = doc.get("plan")
    if not isinstance(plan, str) or not plan:
        raise AnswersError("the answers do not say which plan they belong to")
    opportunity = doc.get("opportunity")
    if not isinstance(opportunity, int) or isinstance(opportunity, bool):
        raise AnswersError("the answers do not say which opportunity they belong to")

    def items(key: str) -> list[Mapping[str, Any]]:
        found = doc.get(key, [])
        if not isinstance(found, list) or not all(isinstance(i, Mapping) for i in found):
            raise AnswersError(f"{key!r} must be a list of objects")
        for i in found:
            if not isinstance(i.get("id"), int) or isinstance(i.get("id"), bool):
                raise AnswersError(f"every item of {key!r} needs its id (a whole number)")
        return found

    gates = []
    for g in items("gates"):
        answer = g.get("answer")
        if answer not in (None, *GATE_ANSWERS):
            raise AnswersError(f"gate {g['id']}: the answer must be yes, unsure or no, "
                               f"not {str(answer)[:20]!r}")
        gates.append({"id": g["id"], "label": _text(g.get("label"), "a gate's label", 200),
                      "answer": answer, "comment": _text(g.get("comment"), "a comment")})
    criteria = [{"id": c["id"], "label": _text(c.get("label"), "a criterion's label", 200),
                 "level": _int_or_none(c.get("level"), 1, 5, f"criterion {c['id']}'s level"),
                 "comment": _text(c.get("comment"), "a comment")} for c in items("criteria")]
    conflicts = [{"id": a["id"], "label": _text(a.get("label"), "an area's title", 300),
                  "likelihood": _int_or_none(a.get("likelihood"), 1, 5,
                                             f"conflict area {a['id']}'s likelihood"),
                  "impact": _int_or_none(a.get("impact"), 1, 5,
                                         f"conflict area {a['id']}'s impact"),
                  "proposal": _text(a.get("proposal"), "a proposal")}
                 for a in items("conflicts")]

    def resources(key: str) -> dict[str, str]:
        found = doc.get(key, {})
        if not isinstance(found, Mapping):
            raise AnswersError(f"{key!r} must be an object with knowledge, money and authority")
        return {k: _text(found.get(k), f"{key} {k}") for k in RESOURCE_KINDS}

    key = doc.get("opportunity_key")
    if version != "1" and not isinstance(key, str):
        raise AnswersError("the answers do not carry the opportunity's key "
                           "(pp_opportunity_key on the exported form)")
    return {"form": FORM_KIND, "version": version, "plan": plan, "opportunity": opportunity,
            **({"opportunity_key": key[:40]} if isinstance(key, str) and version != "1"
               else {}),
            "issued_on": _text(doc.get("issued_on"), "the date issued", 40),
            "respondent": _text(doc.get("respondent"), "the respondent's name", 200),
            "respondent_role": _text(doc.get("respondent_role"), "the respondent's role", 200),
            "gates": gates, "criteria": criteria, "conflicts": conflicts,
            "give": resources("give"), "get": resources("get"),
            "objectives": _text(doc.get("objectives"), "their objectives"),
            "sponsor": _text(doc.get("sponsor"), "their sponsor", 200),
            "lead": _text(doc.get("lead"), "their day-to-day lead", 200),
            "missed": _text(doc.get("missed"), "anything we missed")}


def answered(doc: Mapping[str, Any]) -> int:
    """How many questions the partner answered (not counting names and comments)."""
    return (sum(1 for g in doc.get("gates", []) if g.get("answer"))
            + sum(1 for c in doc.get("criteria", []) if c.get("level"))
            + sum(1 for a in doc.get("conflicts", []) if a.get("likelihood") or a.get("impact")))


# --------------------------------------------------------------------------- comparison

GATE_SCALE = {"pass": 2, "unknown": 1, "fail": 0, "yes": 2, "unsure": 1, "no": 0}
OUR_GATE_LABELS = {"pass": "Yes", "unknown": "Not sure", "fail": "No"}


@dataclass(frozen=True)
class Gap:
    """One question side by side: ours, theirs and how far apart (None: one side silent)."""

    kind: str  # gate, criterion, conflict
    ref: int
    label: str
    ours: str
    theirs: str
    gap: int | None
    worse: bool = False  # a conflict area: they rate it worse than we do
    comment: str = ""  # theirs

    @property
    def topic(self) -> bool:
        return self.gap is not None and self.gap >= TOPIC_GAP

    def sentence(self) -> str:
        return f"{self.label}: we say {self.ours}, they say {self.theirs}"


@dataclass(frozen=True)
class Comparison:
    gaps: tuple[Gap, ...] = field(default=())

    @property
    def topics(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.topic)


def compare(doc: Mapping[str, Any], gate_results: Mapping[int, str],
            scores: Mapping[int, int | None],
            areas: Mapping[int, tuple[int, int]]) -> Comparison:
    """Our answers beside theirs, biggest gap first (unanswered last).

    ``gate_results``: gate id -> pass/fail/unknown; ``scores``: criterion id -> level;
    ``areas``: conflict area id -> (likelihood, impact), ours, only areas shared with them.
    """
    rows: list[Gap] = []
    for g in doc.get("gates", []):
        ours = gate_results.get(g["id"], "unknown")
        theirs = g.get("answer")
        gap = None if theirs is None else abs(GATE_SCALE[ours] - GATE_SCALE[theirs])
        rows.append(Gap("gate", g["id"], g["label"], OUR_GATE_LABELS.get(ours, ours),
                        GATE_ANSWER_LABELS.get(theirs, "no answer") if theirs else "no answer",
                        gap, comment=g.get("comment", "")))
    for c in doc.get("criteria", []):
        ours_level = scores.get(c["id"])
        theirs_level = c.get("level")
        gap = (None if ours_level is None or theirs_level is None
               else abs(ours_level - theirs_level))
        rows.append(Gap("criterion", c["id"], c["label"],
                        "not scored" if ours_level is None else str(ours_level),
                        "no answer" if theirs_level is None else str(theirs_level), gap,
                        comment=c.get("comment", "")))
    for a in doc.get("conflicts", []):
        if a["id"] not in areas:
            continue  # no longer shared with them, or removed: nothing to set it against
        lik, imp = areas[a["id"]]
        tl, ti = a.get("likelihood"), a.get("impact")
        gap = None
        worse = False
        if tl is not None and ti is not None:
            gap = max(abs(lik - tl), abs(imp - ti))
            worse = tl * ti > lik * imp
        rows.append(Gap("conflict", a["id"], a["label"], f"L{lik} × I{imp}",
                        "no answer" if tl is None or ti is None else f"L{tl} × I{ti}",
                        gap, worse=worse, comment=a.get("proposal", "")))
    order = {"gate": 0, "criterion": 1, "conflict": 2}
    rows.sort(key=lambda r: (r.gap is None, -(r.gap or 0), order[r.kind]))
    return Comparison(tuple(rows))


def gaps_json(comparison: Comparison) -> list[dict[str, Any]]:
    return [{"kind": g.kind, "id": g.ref, "label": g.label, "ours": g.ours, "theirs": g.theirs,
             "gap": g.gap, "topic": g.topic, **({"worse": g.worse} if g.kind == "conflict"
                                                else {})}
            for g in comparison.gaps]


def describe_topics(comparison: Comparison, limit: int = 8) -> list[str]:
    return [g.sentence() for g in comparison.topics[:limit]]


__all__ = ["FORM_KIND", "FORM_VERSION", "AnswersError", "Comparison", "ConflictQuestion",
           "CriterionQuestion", "Gap", "GateQuestion", "Questionnaire",
           "answered", "answers_from_fields", "clean_answers", "compare"]
