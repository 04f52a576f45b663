"""The organisation profile (services layer): read it, change it field by field.

Each save can carry the version of the row the user was shown (``expected_version``): if a
colleague saved the same row since, the store raises ConflictError instead of overwriting
their change. The name lives on the organisation row, the rest on the profile row, so each
field has the version of its own row (``ProfileView.version_of``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.services import validate
from planner.services.changes import ChangeSet, ValidationError
from planner.store.database import Store, UnitOfWork
from planner.store.errors import ConflictError
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
    profile_version: int = 1  # row version of the profile row ...
    organisation_version: int = 1  # ... and of our organisation's row (the name)

    def get(self, field: str) -> Any:
        return getattr(self, field)

    def version_of(self, field: str) -> int:
        """The version a save of ``field`` must find to be allowed."""
        return self.organisation_version if field == "name" else self.profile_version


@dataclass(frozen=True)
class Saved:
    """What a save changed, and the version its row now has (for the next save or undo)."""

    changes: ChangeSet
    version: int


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
            profile_version=profile.row_version, organisation_version=org.row_version)


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


def update_profile(store: Store, field: str, value: Any, *,
                   expected_version: int | None = None) -> ChangeSet:
    """Save one field; with ``expected_version``, only over the version the user saw."""
    return save_profile(store, field, value, expected_version=expected_version).changes


def save_profile(store: Store, field: str, value: Any, *,
                 expected_version: int | None = None) -> Saved:
    """Save one field and report the row's new version.

    Raises ConflictError (nothing saved) when ``expected_version`` is given and the row
    has moved on, with both values for the user to choose between.
    """
    cleaned = clean_profile_value(field, value)
    stored = list(cleaned) if isinstance(cleaned, list) else cleaned
    with store.work() as work:
        org, profile = ensure_self(work)
        assert org.id is not None and profile.id is not None
        row: Organisation | Profile = org if field == "name" else profile
        old = getattr(row, field)
        if expected_version is None:
            setattr(row, field, stored)
            work.add(row)
        else:
            try:
                row = work.update_if_version(type(row), row.id or 0, expected_version,
                                             **{field: stored})
            except ConflictError as exc:
                exc.theirs = {field: _shown(exc.theirs.get(field))}
                exc.mine = {field: _shown(stored)}
                raise
        if old != cleaned:
            work.audit("profile", profile.id, f"set {field}", str(cleaned)[:200])
        version = row.row_version  # moved on by the flush that wrote it
    changes = ChangeSet.of("profile", profile.id) | ChangeSet.of("organisation", org.id)
    return Saved(changes, version)


def _shown(value: Any) -> Any:
    """A stored value as the views hold it (lists as tuples, like ProfileView)."""
    return tuple(value) if isinstance(value, list) else value
