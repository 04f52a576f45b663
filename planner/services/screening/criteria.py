"""Criteria, gates and weights (services layer): add, rename and remove criteria and
gates; agree weights with a reason (the log is never rewritten); the size of the top group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from planner.domain import ahp
from planner.domain.screening import (
    BENEFIT,
    COST,
    ScreeningError,
    normalise_weights,
)
from planner.services import validate
from planner.services.changes import ChangeSet, ValidationError, current_user
from planner.services.defaults import ensure_screening_defaults
from planner.services.edits import Writes
from planner.services.organisation import ensure_self
from planner.services.saved_rows import SavedRows
from planner.services.screening.opportunities import _remove, _set_field
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Criterion,
    CriterionScore,
    Gate,
    GateResult,
    WeightProfile,
)

# --------------------------------------------------------------------------- criteria and gates


def _unique_name(w: UnitOfWork, model: type[Criterion] | type[Gate], name: str,
                 ident: int | None, label: str) -> None:
    for other in w.list(model):
        if other.id != ident and other.name.strip().casefold() == name.casefold():
            raise ValidationError(f"There is already a {label} called “{other.name}”.", "name")


def add_criterion(store: Store, name: str, *, direction: str = BENEFIT, description: str = "",
                  levels: Sequence[str] | None = None) -> tuple[ChangeSet, int]:
    """A new criterion, weighted 0 until the weights are next agreed."""
    cleaned = validate.name(name, "The criterion's name", field="name")
    if direction not in (BENEFIT, COST):
        raise ValidationError("A criterion counts either for (benefit) or against (cost).",
                              "direction")
    anchors = _levels(levels or [""] * 5)
    description = validate.text(description, "The description", field="description",
                                max_len=2000)
    with store.work() as w:
        ensure_screening_defaults(w)  # a first criterion must not stop the defaults arriving
        _unique_name(w, Criterion, cleaned, None, "criterion")
        position = max((c.position for c in w.list(Criterion)), default=-1) + 1
        row = w.add(Criterion(name=cleaned, direction=direction, description=description,
                              levels=anchors, weight=0.0, position=position))
        assert row.id is not None
        w.audit("criterion", row.id, "added", cleaned)
        return ChangeSet.of("criterion", row.id), row.id


def _levels(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or len(value) != 5:
        raise ValidationError("A criterion has exactly five level descriptions.", "levels")
    return [validate.text(v, f"Level {i + 1}", field="levels", max_len=500).strip()
            for i, v in enumerate(value)]


def update_criterion(store: Store, criterion_id: int, name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    with store.work(expect) as w:
        row = w.one(Criterion, criterion_id)
        if name == "name":
            value = validate.name(value, "The criterion's name", field="name")
            _unique_name(w, Criterion, value, criterion_id, "criterion")
        elif name == "description":
            value = validate.text(value, "The description", field="description", max_len=2000)
        elif name == "direction":
            if value not in (BENEFIT, COST):
                raise ValidationError(
                    "A criterion counts either for (benefit) or against (cost).", "direction")
        elif name == "levels":
            value = _levels(value)
        else:
            raise ValidationError(f"Unknown criterion field {name!r}.", name)
        _set_field(w, "criterion", row, name, value)
    return ChangeSet.of("criterion", criterion_id)


def remove_criterion(store: Store, criterion_id: int) -> tuple[ChangeSet, SavedRows]:
    """Remove a criterion and its scores (undo with :func:`restore_rows`)."""
    with store.work() as w:
        row = w.one(Criterion, criterion_id)
        others = [c for c in w.list(Criterion) if c.id != criterion_id]
        if not others:
            raise ValidationError("Screening needs at least one criterion; add another first.")
        if not any(c.weight > 0 for c in others):
            raise ValidationError(
                f"“{row.name}” carries all the weight; give another criterion some weight "
                "before removing it.")
        scores = w.list(CriterionScore, criterion_id=criterion_id)
        saved = _remove(w, "criterion", row, scores, "removed", row.name)
    return ChangeSet.of("criterion", criterion_id) | ChangeSet.of("criterion_score"), saved


def add_gate(store: Store, name: str, question: str = "") -> tuple[ChangeSet, int]:
    """A deal-breaker of the user's own (safeguarding, legal, data protection ...)."""
    cleaned = validate.name(name, "The gate's name", field="name")
    question = validate.text(question, "The question", field="question", max_len=2000)
    with store.work() as w:
        ensure_screening_defaults(w)  # a first gate must not stop the headline gates arriving
        _unique_name(w, Gate, cleaned, None, "gate")
        position = max((g.position for g in w.list(Gate)), default=-1) + 1
        row = w.add(Gate(name=cleaned, question=question, position=position))
        assert row.id is not None
        w.audit("gate", row.id, "added", cleaned)
        return ChangeSet.of("gate", row.id), row.id


def update_gate(store: Store, gate_id: int, name: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    with store.work(expect) as w:
        row = w.one(Gate, gate_id)
        if name == "name":
            value = validate.name(value, "The gate's name", field="name")
            _unique_name(w, Gate, value, gate_id, "gate")
        elif name == "question":
            value = validate.text(value, "The question", field="question", max_len=2000)
        else:
            raise ValidationError(f"Unknown gate field {name!r}.", name)
        _set_field(w, "gate", row, name, value)
    return ChangeSet.of("gate", gate_id)


def remove_gate(store: Store, gate_id: int) -> tuple[ChangeSet, SavedRows]:
    with store.work() as w:
        row = w.one(Gate, gate_id)
        if w.count(Gate) <= 1:
            raise ValidationError("Keep at least one gate; rename it instead.")
        results = w.list(GateResult, gate_id=gate_id)
        saved = _remove(w, "gate", row, results, "removed", row.name)
    return ChangeSet.of("gate", gate_id) | ChangeSet.of("gate_result"), saved


# --------------------------------------------------------------------------- weights


def clean_weights(store: Store, weights: Mapping[int, float]) -> dict[int, float]:
    """Weights as percentages of 100 for every criterion, or a ValidationError."""
    with store.work() as w:
        ids = [c.id for c in w.list(Criterion, order_by=("position", "id")) if c.id is not None]
    unknown = set(weights) - set(ids)
    if unknown:
        raise ValidationError("Some weights are for criteria that no longer exist; reload.")
    raw = [weights.get(i, 0.0) for i in ids]
    for value in raw:
        validate.number(value, "A weight", field="weights", low=0)
    try:
        fractions = normalise_weights(raw)
    except ScreeningError as exc:
        raise ValidationError(str(exc), "weights") from None
    return {i: round(float(f) * 100, 4) for i, f in zip(ids, fractions, strict=True)}


def set_weights(store: Store, weights: Mapping[int, float], reason: str, *,
                method: str = "direct", pairwise: Sequence[Sequence[float]] | None = None,
                author: str | None = None) -> tuple[ChangeSet, int]:
    """Agree new weights, logged with the reason (the log is never rewritten)."""
    reason = validate.text(reason, "The reason for the change", field="reason",
                           max_len=2000).strip()
    if not reason:
        raise ValidationError("Say why the weights change; the reason is kept in the log.",
                              "reason")
    if method not in ("direct", "pairwise"):
        raise ValidationError("Weights come from sliders or pairwise comparison.", "method")
    cleaned = clean_weights(store, weights)
    matrix: list[list[float]] = []
    ratio: float | None = None
    if method == "pairwise":
        if pairwise is None:
            raise ValidationError("Pairwise weights need the comparison table.", "pairwise")
        try:
            result = ahp.analyse(pairwise)
        except ahp.AhpError as exc:
            raise ValidationError(str(exc), "pairwise") from None
        if len(result.weights) != len(cleaned):
            raise ValidationError("The comparison table does not match the criteria.",
                                  "pairwise")
        matrix = [[float(x) for x in row] for row in pairwise]
        ratio = round(result.consistency_ratio, 4)
    with store.work() as w:
        for c in w.list(Criterion):
            if c.id in cleaned:
                c.weight = cleaned[c.id]
                w.add(c)
        profile = w.add(WeightProfile(
            method=method, weights={str(k): v for k, v in cleaned.items()}, pairwise=matrix,
            consistency_ratio=ratio, reason=reason, author=current_user() if author is None else author))
        assert profile.id is not None
        w.audit("weight_profile", profile.id, "weights agreed",
                f"{reason} | " + ", ".join(f"{k}:{v:g}" for k, v in cleaned.items()))
        return (ChangeSet.of("criterion", *cleaned) | ChangeSet.of("weight_profile", profile.id),
                profile.id)


def set_top_k(store: Store, k: int) -> ChangeSet:
    """How many places count as "the top" in rank stability (kept with the plan)."""
    k = validate.integer(k, "The size of the top group", field="top_k", low=1, high=50)
    with store.work() as w:
        _org, profile = ensure_self(w)
        settings = dict(profile.settings)
        settings["screening_top_k"] = k
        profile.settings = settings
        w.add(profile)
    return ChangeSet.of("profile", profile.id)
