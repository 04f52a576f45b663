"""Undo commands for protocol agreements (ui layer): thin wrappers over the service.

Each command declares what it writes and calls ``planner.services.agreements`` (see
planner/ui/commands.py for the convention). Typing in one field of one section merges into
one undo step. Undo and redo put back the same records with the same ids.
"""

from __future__ import annotations

from typing import Any

from planner.services import agreements as svc
from planner.services.changes import ChangeSet
from planner.services.edits import Writes, writes
from planner.services.saved_rows import SavedRows
from planner.ui.commands import EditCommand, FieldCommand
from planner.ui.context import ViewContext


class AgreementCreateCommand(EditCommand):
    def __init__(self, ctx: ViewContext, opportunity_id: int, title: str = "") -> None:
        super().__init__(ctx, "New agreement")
        self.opportunity_id, self.title = opportunity_id, title
        self.agreement_id: int | None = None
        self.saved: SavedRows | None = None  # what the undo took away, for the redo

    def run(self, forward: bool) -> ChangeSet:
        if not forward:
            assert self.agreement_id is not None
            self.saved, changes = svc.delete_agreement(self.ctx.store, self.agreement_id)
            return changes
        if self.saved is not None:
            return svc.restore_agreement(self.ctx.store, self.saved)
        self.agreement_id, changes = svc.create_agreement(self.ctx.store, self.opportunity_id,
                                                          self.title)
        return changes


class AgreementFieldCommand(FieldCommand):
    """Title, dates, binding or personal data of a draft."""

    merge_name = "agreement"
    typing = frozenset({"title"})

    def __init__(self, ctx: ViewContext, agreement_id: int, field: str, old: Any,
                 new: Any) -> None:
        super().__init__(ctx, f"Edit agreement {field.replace('_', ' ')}", "agreement",
                         agreement_id, field, old, new)

    def save(self, value: Any, expect: Writes) -> ChangeSet:
        return svc.update_agreement(self.ctx.store, self.ident, self.field, value,
                                    expect=expect)


class SectionFieldCommand(FieldCommand):
    """One field of one section: title, body, data (tables) or linked conflict areas."""

    merge_name = "section"
    typing = frozenset({"title", "body"})

    def __init__(self, ctx: ViewContext, section_id: int, field: str, old: Any,
                 new: Any) -> None:
        label = {"body": "text", "data": "table", "conflict_ids": "linked conflicts"}.get(
            field, field)
        super().__init__(ctx, f"Edit section {label}", "agreement_section", section_id, field,
                         old, new)

    def save(self, value: Any, expect: Writes) -> ChangeSet:
        return svc.update_section(self.ctx.store, self.ident, self.field, value, expect=expect)


class SectionAddCommand(EditCommand):
    def __init__(self, ctx: ViewContext, agreement_id: int, key: str, title: str,
                 position: int | None) -> None:
        super().__init__(ctx, f"Add section “{title}”")
        self.agreement_id, self.key, self.title, self.position = (
            agreement_id, key, title, position)
        self.section_id: int | None = None
        self.snapshot: svc.SectionSnapshot | None = None  # what the undo took away

    def run(self, forward: bool) -> ChangeSet:
        store = self.ctx.store
        if not forward:
            assert self.section_id is not None
            self.snapshot, changes = svc.remove_section(store, self.section_id)
            return changes
        if self.snapshot is not None:
            self.section_id, changes = svc.restore_section(store, self.snapshot)
        elif self.key:
            self.section_id, changes = svc.add_template_section(
                store, self.agreement_id, self.key, self.position)
        else:
            self.section_id, changes = svc.add_section(
                store, self.agreement_id, self.title, position=self.position)
        return changes


class SectionRemoveCommand(EditCommand):
    def __init__(self, ctx: ViewContext, section_id: int, title: str) -> None:
        super().__init__(ctx, f"Remove section “{title}”")
        self.section_id = section_id
        self.snapshot: svc.SectionSnapshot | None = None

    def run(self, forward: bool) -> ChangeSet:
        if forward:
            self.snapshot, changes = svc.remove_section(self.ctx.store, self.section_id)
            return changes
        assert self.snapshot is not None
        self.section_id, changes = svc.restore_section(self.ctx.store, self.snapshot)
        return changes


class SectionMoveCommand(EditCommand):
    def __init__(self, ctx: ViewContext, section_id: int, old: int, new: int) -> None:
        super().__init__(ctx, "Move section")
        self.section_id, self.old, self.new = section_id, old, new

    def run(self, forward: bool) -> ChangeSet:
        return svc.move_section(self.ctx.store, self.section_id,
                                self.new if forward else self.old)


class SignatoryAddCommand(EditCommand):
    def __init__(self, ctx: ViewContext, agreement_id: int, name: str, role: str,
                 organisation: str) -> None:
        super().__init__(ctx, f"Add signatory {name}")
        self.agreement_id = agreement_id
        self.values = (name, role, organisation)
        self.signatory_id: int | None = None
        self.snapshot: svc.SignatorySnapshot | None = None  # what the undo took away

    def run(self, forward: bool) -> ChangeSet:
        if not forward:
            assert self.signatory_id is not None
            self.snapshot, changes = svc.remove_signatory(self.ctx.store, self.signatory_id)
            return changes
        if self.snapshot is not None:
            self.signatory_id, changes = svc.restore_signatory(self.ctx.store, self.snapshot)
        else:
            self.signatory_id, changes = svc.add_signatory(self.ctx.store, self.agreement_id,
                                                           *self.values)
        return changes


class SignatoryEditCommand(EditCommand):
    """Name, role and organisation of one signatory, changed together."""

    def __init__(self, ctx: ViewContext, signatory_id: int, old: dict[str, str],
                 new: dict[str, str]) -> None:
        super().__init__(ctx, f"Edit signatory {new.get('name') or old.get('name', '')}",
                         writes("signatory", signatory_id, old, new))
        self.signatory_id = signatory_id

    def run(self, forward: bool) -> ChangeSet:
        changes = ChangeSet()
        for write in self.expected(forward):
            changes = changes | svc.update_signatory(self.ctx.store, self.signatory_id,
                                                     write.field, write.new, expect=(write,))
        return changes


class SignatoryRemoveCommand(EditCommand):
    def __init__(self, ctx: ViewContext, signatory_id: int, name: str) -> None:
        super().__init__(ctx, f"Remove signatory {name}")
        self.signatory_id = signatory_id
        self.snapshot: svc.SignatorySnapshot | None = None

    def run(self, forward: bool) -> ChangeSet:
        if forward:
            self.snapshot, changes = svc.remove_signatory(self.ctx.store, self.signatory_id)
            return changes
        assert self.snapshot is not None
        self.signatory_id, changes = svc.restore_signatory(self.ctx.store, self.snapshot)
        return changes


class MarkAgreedCommand(EditCommand):
    """Freeze the text (the lint has been run by the view first); undo while unsigned."""

    def __init__(self, ctx: ViewContext, agreement_id: int) -> None:
        super().__init__(ctx, "Mark agreement agreed")
        self.agreement_id = agreement_id

    def run(self, forward: bool) -> ChangeSet:
        if forward:
            return svc.mark_agreed(self.ctx.store, self.agreement_id)
        return svc.withdraw_agreed(self.ctx.store, self.agreement_id)


class AmendCommand(EditCommand):
    def __init__(self, ctx: ViewContext, agreement_id: int, reason: str) -> None:
        super().__init__(ctx, "Amend agreement")
        self.agreement_id, self.reason = agreement_id, reason
        self.new_id: int | None = None
        self.saved: SavedRows | None = None  # the new version the undo took away

    def run(self, forward: bool) -> ChangeSet:
        store = self.ctx.store
        if not forward:
            assert self.new_id is not None
            self.saved, changes = svc.delete_agreement(store, self.new_id)
            return changes | ChangeSet.of("agreement", self.agreement_id)
        if self.saved is not None:
            return svc.restore_agreement(store, self.saved) | ChangeSet.of(
                "agreement", self.agreement_id)
        self.new_id, changes = svc.amend(store, self.agreement_id, self.reason)
        return changes


class SignCommand(EditCommand):
    """A signatory signs in the program (typed name and drawn strokes)."""

    def __init__(self, ctx: ViewContext, signatory_id: int, typed_name: str,
                 strokes: list[list[list[float]]]) -> None:
        super().__init__(ctx, f"Sign as {typed_name}")
        self.signatory_id, self.typed_name, self.strokes = signatory_id, typed_name, strokes
        self.signature_id: int | None = None
        self.saved: SavedRows | None = None  # the signature the undo took away

    def run(self, forward: bool) -> ChangeSet:
        store = self.ctx.store
        if not forward:
            assert self.signature_id is not None
            self.saved, changes = svc.remove_signature(store, self.signature_id)
            return changes
        if self.saved is not None:
            return svc.restore_signature(store, self.saved)
        self.signature_id, changes = svc.record_signature(
            store, self.signatory_id, self.typed_name, self.strokes)
        return changes
