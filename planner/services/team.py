"""Setting up a team database (services layer): who may use the plan, who sees confidential
conflict areas and meetings. Run by the plan's owner; PostgreSQL only (a SQLite plan has one
user).

``planner team --db URL --member ROLE --reader ROLE`` calls ``setup_team``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.services import validate
from planner.services.changes import ValidationError
from planner.store import postgres
from planner.store.database import Store, StoreError
from planner.store.tables import ConfidentialReader


@dataclass(frozen=True)
class TeamSetup:
    members: tuple[str, ...]  # roles made members of the team role this time
    readers: tuple[str, ...]  # every role that now sees confidential areas and meetings
    already: tuple[str, ...] = ()  # roles named that were members already (nothing done)


def _role(value: str) -> str:
    name = validate.name(value, "A database role", field="role")
    if any(c.isspace() or c in "\"'" for c in name):
        raise ValidationError(f"“{name}” is not a usable database role name.", "role")
    return name


def setup_team(store: Store, members: Sequence[str] = (),
               readers: Sequence[str] = ()) -> TeamSetup:
    """Grant the team role the plan, turn on row security, add members and readers.

    Idempotent: run again to add people (an upgrade needs no second run). Readers are added
    to the list, never removed here (remove one with ``remove_reader``).
    """
    if store.notifier is None:
        raise StoreError("Team access applies to a team database (PostgreSQL); a plan file "
                         "has one user.")
    member_names = tuple(_role(m) for m in members)
    reader_names = tuple(_role(r) for r in readers)
    needed = postgres.admin_statements(store.engine, member_names)
    if needed:
        raise StoreError(
            "Your database role may not create roles or add members to the team, so the "
            "server's administrator must first run this once (then run planner team again): "
            + " ".join(needed))
    postgres.setup_team_access(store.engine)
    added = tuple(m for m in dict.fromkeys(member_names)
                  if postgres.add_team_member(store.engine, m))
    already = tuple(m for m in dict.fromkeys(member_names) if m not in added)
    with store.work() as work:
        present = {r.role_name for r in work.list(ConfidentialReader)}
        for reader in reader_names:
            if reader not in present:
                work.add(ConfidentialReader(role_name=reader))
                work.audit("confidential_reader", None, "add reader", reader)
                present.add(reader)
    return TeamSetup(added, tuple(sorted(present)), already)


def remove_reader(store: Store, role: str) -> None:
    with store.work() as work:
        row = work.first(ConfidentialReader, role_name=role)
        if row is None:
            raise ValidationError(f"“{role}” is not among the confidential readers.", "role")
        work.delete(row)
        work.audit("confidential_reader", row.id, "remove reader", role)
