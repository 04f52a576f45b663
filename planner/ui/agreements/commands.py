"""Undo commands for protocol agreements (ui layer): thin wrappers over the service.

Each command declares what it writes and calls ``planner.services.agreements`` (see
planner/ui/shell/commands.py for the convention). Typing in one field of one section merges into
one undo step. Undo and redo put back the same records with the same ids.
"""

from __future__ import annotations

from typing import Any

from planner.services import agreements as svc
from planner.services.changes import ChangeSet
from planner.services.edits import Writes, writes
from planner.services.saved_rows import SavedRows
from planner.ui.shell.commands import EditCommand, FieldCommand, RecordCommand
from planner.ui.shell.context import ViewContext


class AgreementCreateCommand(RecordCommand):
    def __init__(self, ctx: ViewContext, opportunity_id: int, title: str = "") -> None:
        super().__init__(ctx, "New agreement")
        self.opportunity_id, self.title = opportunity_id, title

    @property
    def agreement_id(self) -> int | None:
        return self.ident

    def add(self) -> tuple[int, ChangeSet]:
        return svc.create_agreement(self.ctx.store, self.opportunity_id, self.title)

    def remove(self, ident: int) -> tuple[SavedRows, ChangeSet]:
        return svc.delete_agreement(self.ctx.store, ident)

    def put_back(self, saved: SavedRows) -> ChangeSet:
        return svc.restore_agreement(self.ctx.store, saved)


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


class SectionAddCommand(RecordCommand):
    def __init__(self, ctx: ViewContext, agreement_id: int, key: str, title: str,
                 position: int | None) -> None:
        super().__init__(ctx, f"Add section “{title}”")
        self.agreement_id, self.key, self.title, self.position = (
            agreement_id, key, title, position)

    def add(self) -> tuple[int, ChangeSet]:
        if self.key:
            return svc.add_template_section(self.ctx.store, self.agreement_id, self.key,
                                            self.position)
        return svc.add_section(self.ctx.store, self.agreement_id, self.title,
                               position=self.position)

    def remove(self, ident: int) -> tuple[svc.SectionSnapshot, ChangeSet]:
        return svc.remove_section(self.ctx.store, ident)

    def put_back(self, saved: svc.SectionSnapshot) -> ChangeSet:
        return svc.restore_section(self.ctx.store, saved)[1]


class SectionRemoveCommand(SectionAddCommand):
    adds = False

    def __init__(self, ctx: ViewContext, section_id: int, title: str) -> None:
        super().__init__(ctx, 0, "", title, None)
        self.setText(f"Remove section “{title}”")
        self.ident = section_id


class SectionMoveCommand(EditCommand):
    def __init__(self, ctx: ViewContext, section_id: int, old: int, new: int) -> None:
        super().__init__(ctx, "Move section")
        self.section_id, self.old, self.new = section_id, old, new

    def run(self, forward: bool) -> ChangeSet:
        return svc.move_section(self.ctx.store, self.section_id,
                                self.new if forward else self.old)


class SignatoryAddCommand(RecordCommand):
    def __init__(self, ctx: ViewContext, agreement_id: int, name: str, role: str,
                 organisation: str) -> None:
        super().__init__(ctx, f"Add signatory {name}")
        self.agreement_id = agreement_id
        self.values = (name, role, organisation)

    def add(self) -> tuple[int, ChangeSet]:
        return svc.add_signatory(self.ctx.store, self.agreement_id, *self.values)

    def remove(self, ident: int) -> tuple[svc.SignatorySnapshot, ChangeSet]:
        return svc.remove_signatory(self.ctx.store, ident)

    def put_back(self, saved: svc.SignatorySnapshot) -> ChangeSet:
        return svc.restore_signatory(self.ctx.store, saved)[1]


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


class SignatoryRemoveCommand(SignatoryAddCommand):
    adds = False

    def __init__(self, ctx: ViewContext, signatory_id: int, name: str) -> None:
        super().__init__(ctx, 0, name, "", "")
        self.setText(f"Remove signatory {name}")
        self.ident = signatory_id


class MarkAgreedCommand(EditCommand):
    """Freeze the text (the lint has been run by the view first); undo while unsigned."""

    def __init__(self, ctx: ViewContext, agreement_id: int) -> None:
        super().__init__(ctx, "Mark agreement agreed")
        self.agreement_id = agreement_id

    def run(self, forward: bool) -> ChangeSet:
        if forward:
            return svc.mark_agreed(self.ctx.store, self.agreement_id)
        return svc.withdraw_agreed(self.ctx.store, self.agreement_id)


class AmendCommand(RecordCommand):
    """A new draft version of an agreement; ``ident`` is the new version's id."""

    def __init__(self, ctx: ViewContext, agreement_id: int, reason: str) -> None:
        super().__init__(ctx, "Amend agreement")
        self.agreement_id, self.reason = agreement_id, reason

    def add(self) -> tuple[int, ChangeSet]:
        return svc.amend(self.ctx.store, self.agreement_id, self.reason)

    def remove(self, ident: int) -> tuple[SavedRows, ChangeSet]:
        saved, changes = svc.delete_agreement(self.ctx.store, ident)
        return saved, changes | ChangeSet.of("agreement", self.agreement_id)

    def put_back(self, saved: SavedRows) -> ChangeSet:
        return svc.restore_agreement(self.ctx.store, saved) | ChangeSet.of(
            "agreement", self.agreement_id)


class SignCommand(RecordCommand):
    """A signatory signs in the program (typed name and drawn strokes)."""

    def __init__(self, ctx: ViewContext, signatory_id: int, typed_name: str,
                 strokes: list[list[list[float]]]) -> None:
        super().__init__(ctx, f"Sign as {typed_name}")
        self.signatory_id, self.typed_name, self.strokes = signatory_id, typed_name, strokes

    def add(self) -> tuple[int, ChangeSet]:
        return svc.record_signature(self.ctx.store, self.signatory_id, self.typed_name,
                                    self.strokes)

    def remove(self, ident: int) -> tuple[SavedRows, ChangeSet]:
        return svc.remove_signature(self.ctx.store, ident)

    def put_back(self, saved: SavedRows) -> ChangeSet:
        return svc.restore_signature(self.ctx.store, saved)
