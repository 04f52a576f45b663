"""The fields of a conflict area (services layer): their names, labels and validation.

Input is validated as a whole before anything is written, so a refused edit saves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from planner.domain import conflicts as rules
from planner.domain.dates import day_text
from planner.services import validate
from planner.services.changes import ValidationError
from planner.store.database import UnitOfWork
from planner.store.tables import (
    Opportunity,
    Person,
)

EDITABLE_FIELDS = (
    "opportunity_id", "title", "overlap_domain", "tension_type", "description", "drivers",
    "openness", "partner_view", "likelihood", "impact", "residual_likelihood",
    "residual_impact", "treatment", "separation", "owner_ours_id", "owner_theirs_id",
    "review_every_days", "next_review", "status", "identified_on", "confidential",
)

FIELD_LABELS = {
    "opportunity_id": "Partnership",
    "title": "Title",
    "overlap_domain": "Overlap domain",
    "tension_type": "Tension type",
    "description": "Description",
    "drivers": "Drivers",
    "openness": "Openness",
    "partner_view": "Partner's view",
    "likelihood": "Likelihood",
    "impact": "Impact",
    "residual_likelihood": "Residual likelihood",
    "residual_impact": "Residual impact",
    "treatment": "Treatment",
    "separation": "Separation",
    "owner_ours_id": "Our owner",
    "owner_theirs_id": "Partner's owner",
    "review_every_days": "Review every (days)",
    "next_review": "Next review",
    "status": "Status",
    "identified_on": "Identified on",
    "confidential": "Confidential",
}

_RATING_SCALE = {
    "likelihood": "1 (rare) to 5 (almost certain)",
    "residual_likelihood": "1 (rare) to 5 (almost certain)",
    "impact": "1 (insignificant) to 5 (severe)",
    "residual_impact": "1 (insignificant) to 5 (severe)",
}




def code(area_id: int | None) -> str:
    """The register reference shown to people, e.g. CA-007."""
    return f"CA-{area_id or 0:03d}"


# --------------------------------------------------------------------------- validation


def clean_value(work: UnitOfWork, name: str, value: Any) -> Any:
    """The value as it will be stored, or a ValidationError naming the field."""
    label = FIELD_LABELS.get(name)
    if label is None:
        raise ValidationError(f"Unknown conflict-area field {name!r}.", name)
    if name == "title":
        return validate.name(value, "The title", field=name)
    if name in ("overlap_domain", "tension_type"):
        return validate.text(value, label, field=name, max_len=validate.NAME_MAX)
    if name in ("description", "drivers", "partner_view"):
        return validate.text(value, label, field=name)
    if name in _RATING_SCALE:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError(
                f"{label} must be a whole number from {_RATING_SCALE[name]}; "
                f"{value!r} is not on the scale.", name)
        return value
    if name == "openness":
        if value not in rules.OPENNESS:
            raise ValidationError(
                rules.openness_problem(rules.Openness.INTERNAL, str(value), 0) or "", name)
        return value
    if name == "status":
        problem = rules.status_problem(str(value))
        if problem:
            raise ValidationError(problem, name)
        return value
    if name == "treatment":
        return _choice(value, rules.TREATMENTS, label, name)
    if name == "separation":
        return _choice(value, rules.SEPARATIONS, label, name)
    if name == "review_every_days":
        return validate.integer(value, label, field=name, low=1, high=3660)
    if name in ("next_review", "identified_on"):
        if value is not None and (not isinstance(value, dt.date)
                                  or isinstance(value, dt.datetime)):
            raise ValidationError(f"{label} must be a date.", name)
        return value
    if name == "confidential":
        if not isinstance(value, bool):
            raise ValidationError(f"{label} must be yes or no.", name)
        return value
    if name == "opportunity_id":
        if not isinstance(value, int) or work.get(Opportunity, value) is None:
            raise ValidationError("Choose the partnership this conflict area belongs to.", name)
        return value
    # owners
    if value is None:
        return None
    if not isinstance(value, int) or work.get(Person, value) is None:
        raise ValidationError(f"{label}: that person is no longer in the plan.", name)
    return value


def _choice(value: Any, allowed: Sequence[str], label: str, name: str) -> str:
    value = "" if value is None else value
    if value not in allowed:
        choices = ", ".join(a for a in allowed if a)
        raise ValidationError(f"{label} must be one of: {choices}.", name)
    return str(value)


def _check_order(values: Mapping[str, Any], identified: dt.date | None,
                 review: dt.date | None) -> None:
    """A review cannot come before the area was identified: the dates the edit ``values``
    sets, over the area's ``identified`` and ``review`` (an edit of neither is let be)."""
    identified = values.get("identified_on", identified)
    review = values.get("next_review", review)
    if identified is None or review is None or review >= identified:
        return
    if "next_review" in values:
        raise ValidationError(
            f"The next review ({day_text(review)}) would come before the area was "
            f"identified ({day_text(identified)}): choose a later date.", "next_review")
    if "identified_on" in values:
        raise ValidationError(
            f"Identified on ({day_text(identified)}) would come after the next review "
            f"({day_text(review)}): move the next review first.", "identified_on")


def _check_dates(values: Mapping[str, Any], today: dt.date, *, new: bool) -> None:
    identified = values.get("identified_on")
    if identified is not None and identified > today:
        raise ValidationError(
            f"Identified on ({day_text(identified)}) is in the future.", "identified_on")
    review = values.get("next_review")
    if new and review is not None and review < today:
        raise ValidationError(
            f"The first review of a new area cannot be in the past ({day_text(review)}); "
            "choose today or a later date.", "next_review")
