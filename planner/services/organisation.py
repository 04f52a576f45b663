"""The organisation profile (services layer): read it, change it field by field.

A save can declare the value the user was shown (``expect``, planner/services/edits.py): if
a colleague changed the field since, the store raises EditClash instead of overwriting
their change. The name lives on the organisation row, the rest on the profile row
(``ProfileView.write`` names the right one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.services import validate
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Writes, writes
from planner.store.database import Store, UnitOfWork
from planner.store.tables import Organisation, Profile

DEFAULT_STRATEGIC_LIMIT = 7


@dataclass(frozen=True)
class ProfileView:
    """A detached snapshot of the profile, as the views show it."""

    name: str
    vision: str
    priorities: tuple[str, ...]
    values: tuple[str, ...]
    ceo_hours_per_month: float
    strategic_limit: int
    band_limits: tuple[int, ...]
    organisation_id: int = 0  # the row holding the name ...
    profile_id: int = 0  # ... and the row holding the rest

    def get(self, field: str) -> Any:
        return getattr(self, field)

    def write(self, field: str, new: Any) -> Writes:
        """The edit setting ``field`` to ``new`` over what this view shows."""
        if field == "name":
            return writes("organisation", self.organisation_id, {field: self.name}, {field: new})
        return writes("profile", self.profile_id, {field: self.get(field)}, {field: new})


PROFILE_FIELDS = ("name", "vision", "priorities", "values", "ceo_hours_per_month",
                  "strategic_limit")


def ensure_self(work: UnitOfWork, name: str = "Our organisation") -> tuple[Organisation, Profile]:
    """Our organisation and its profile, created on first use."""
    org = work.first(Organisation, is_self=True)
    if org is None:
        org = work.add(Organisation(name=name, is_self=True))
    assert org.id is not None
    profile = work.first(Profile, organisation_id=org.id)
    if profile is None:
        profile = work.add(Profile(organisation_id=org.id))
    return org, profile


def get_profile(store: Store) -> ProfileView:
    with store.work() as work:
        org, profile = ensure_self(work)
        return ProfileView(
            name=org.name, vision=profile.vision, priorities=tuple(profile.priorities),
            values=tuple(profile.values), ceo_hours_per_month=profile.ceo_hours_per_month,
            strategic_limit=profile.strategic_limit, band_limits=tuple(profile.band_limits),
            organisation_id=org.id or 0, profile_id=profile.id or 0)


def clean_profile_value(field: str, value: Any) -> Any:
    """The value as it will be stored, or a ValidationError naming the field."""
    if field == "name":
        return validate.name(value, "The organisation's name", field=field)
    if field == "vision":
        return validate.text(value, "The vision", field=field)
    if field == "priorities":
        return validate.text_list(value, "Strategic priorities", field=field)
    if field == "values":
        return validate.text_list(value, "Values", field=field)
    if field == "ceo_hours_per_month":
        return validate.number(value, "CEO hours per month", field=field, low=0, high=744)
    if field == "strategic_limit":
        return validate.integer(value, "The strategic-partnership limit", field=field,
                                low=1, high=50)
    raise ValidationError(f"Unknown profile field {field!r}.", field)


def name_key(name: str) -> str:
    """A name as names are compared: case and spaces aside."""
    return " ".join(name.split()).casefold()


def refuse_same_name(work: UnitOfWork, name: str, ident: int | None = None) -> None:
    """A second organisation called as one already in the plan (case and spaces aside) is
    refused: every chooser listed the two alike ("Harrowgate Engineering" twice), and the
    partner picked was a guess. ``ident``: the organisation being renamed."""
    key = name_key(name)
    for o in work.list(Organisation):
        if o.id != ident and name_key(o.name) == key:
            raise ValidationError(
                f"There is already an organisation called “{o.name}”: choose it, or give "
                "this one a name that tells them apart.", "name")


def refuse_taken_name(store: Store, name: Any) -> None:
    """Our own organisation's new name refused when another organisation in the plan has
    it (a partner's name: two organisations called alike)."""
    with store.work() as work:
        us, _profile = ensure_self(work)
        refuse_same_name(work, clean_profile_value("name", name), us.id)


def update_profile(store: Store, field: str, value: Any, *, expect: Writes = ()) -> ChangeSet:
    """Save one field; with ``expect``, only over the value the user saw."""
    cleaned = clean_profile_value(field, value)
    stored = list(cleaned) if isinstance(cleaned, list) else cleaned
    with store.work(expect) as work:
        org, profile = ensure_self(work)
        assert org.id is not None and profile.id is not None
        if field == "name":
            refuse_same_name(work, cleaned, org.id)
        row: Organisation | Profile = org if field == "name" else profile
        old = getattr(row, field)
        setattr(row, field, stored)
        work.add(row)
        if old != cleaned:
            work.audit("profile", profile.id, f"set {field}", str(cleaned)[:200])
    return ChangeSet.of("profile", profile.id) | ChangeSet.of("organisation", org.id)
