"""Undo commands for partner organisations and people (ui layer): thin service wrappers.

Adding, editing, deleting, merging and importing are each one undo step; a redo puts back
the same records with the same ids, so every link to them stays whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner.services import people as svc
from planner.services.changes import ChangeSet
from planner.services.edits import values, writes
from planner.services.saved_rows import SavedRows
from planner.ui.shell.commands import EditCommand, RecordCommand
from planner.ui.shell.context import ViewContext

_KIND = {"organisation": "organisation", "person": "person"}


class AddOrganisationCommand(RecordCommand):
    """Add a partner organisation."""

    def __init__(self, ctx: ViewContext, values: Mapping[str, Any]) -> None:
        super().__init__(ctx, f"Add organisation “{values.get('name', '')}”")
        self.values = dict(values)

    def add(self) -> tuple[int, ChangeSet]:
        return svc.create_organisation(self.ctx.store, self.values)

    def remove(self, ident: int) -> tuple[SavedRows, ChangeSet]:
        return svc.delete(self.ctx.store, "organisation", ident)

    def put_back(self, saved: SavedRows) -> ChangeSet:
        return svc.put_back(self.ctx.store, saved)


class AddPersonCommand(RecordCommand):
    """Add a person (to our own organisation when none is given)."""

    def __init__(self, ctx: ViewContext, values: Mapping[str, Any]) -> None:
        super().__init__(ctx, f"Add person “{values.get('name', '')}”")
        self.values = dict(values)

    def add(self) -> tuple[int, ChangeSet]:
        return svc.create_person(self.ctx.store, self.values)

    def remove(self, ident: int) -> tuple[SavedRows, ChangeSet]:
        return svc.delete(self.ctx.store, "person", ident)

    def put_back(self, saved: SavedRows) -> ChangeSet:
        return svc.put_back(self.ctx.store, saved)


class DeleteRecordCommand(RecordCommand):
    """Delete an organisation or a person nothing names (refused, saying where, else)."""

    adds = False

    def __init__(self, ctx: ViewContext, table: str, ident: int, name: str) -> None:
        super().__init__(ctx, f"Delete {_KIND[table]} “{name}”", ident)
        self.table = table

    def remove(self, ident: int) -> tuple[SavedRows, ChangeSet]:
        return svc.delete(self.ctx.store, self.table, ident)

    def put_back(self, saved: SavedRows) -> ChangeSet:
        return svc.put_back(self.ctx.store, saved)


class EditRecordCommand(EditCommand):
    """Save fields of an organisation or a person over what the form showed."""

    def __init__(self, ctx: ViewContext, table: str, ident: int, old: Mapping[str, Any],
                 new: Mapping[str, Any], name: str = "") -> None:
        changed = {k: v for k, v in new.items() if old.get(k) != v}
        super().__init__(ctx, f"Edit {_KIND[table]} “{name or new.get('name', '')}”",
                         writes(table, ident, old, changed))
        self.table, self.ident = table, ident

    def run(self, forward: bool) -> ChangeSet:
        expect = self.expected(forward)
        return svc.update(self.ctx.store, self.table, self.ident, values(expect),
                          expect=expect)


class MergeRecordsCommand(EditCommand):
    """Merge two records of the same person or organisation; every link is kept."""

    def __init__(self, ctx: ViewContext, table: str, keep_id: int, drop_id: int,
                 keep_name: str, drop_name: str) -> None:
        super().__init__(ctx, f"Merge “{drop_name}” into “{keep_name}”")
        self.table, self.keep_id, self.drop_id = table, keep_id, drop_id
        self.snap: svc.MergeSnapshot | None = None

    def run(self, forward: bool) -> ChangeSet:
        if not forward:
            assert self.snap is not None
            return svc.unmerge(self.ctx.store, self.table, self.snap, self.keep_id)
        if self.snap is None:
            self.snap, changes = svc.merge(self.ctx.store, self.table, self.keep_id,
                                           self.drop_id)
            return changes
        return svc.remerge(self.ctx.store, self.table, self.snap, self.keep_id)


class ImportContactsCommand(EditCommand):
    """Add the people of a contacts file (and organisations they name): one undo step."""

    def __init__(self, ctx: ViewContext, contacts: tuple[svc.Contact, ...],
                 source: str = "") -> None:
        n = len(contacts)
        super().__init__(ctx, f"Import {n} {'person' if n == 1 else 'people'}"
                         + (f" from {source}" if source else ""))
        self.contacts = contacts
        self.result: svc.ImportResult | None = None
        self.saved: SavedRows | None = None

    def run(self, forward: bool) -> ChangeSet:
        if not forward:
            assert self.result is not None
            self.saved, changes = svc.unimport(self.ctx.store, self.result)
            return changes
        if self.saved is not None:
            return svc.put_back(self.ctx.store, self.saved)
        self.result, changes = svc.import_contacts(self.ctx.store, self.contacts)
        return changes
