"""Undo commands for protocol agreements (ui layer): thin wrappers over the service.

Each command calls ``planner.services.agreements`` in ``redo``/``undo`` and emits the
ChangeSet. Typing in one field of one section merges into one undo step. Commands whose
redo is refused by the service (a frozen version) are checked before they are pushed, so
the stack never holds a step that did nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from planner.services import agreements as svc
from planner.services.changes import ChangeSet
from planner.ui.context import ViewContext
from planner.ui.steps import Step

_MERGING_SECTION = ("title", "body")
_MERGE_BASE = 5000


class AgreementCreateCommand(Step):
    def __init__(self, ctx: ViewContext, opportunity_id: int, title: str = "") -> None:
        super().__init__("New agreement")
        self.ctx, self.opportunity_id, self.title = ctx, opportunity_id, title
        self.agreement_id: int | None = None

    def redo(self) -> None:
        self.agreement_id, changes = svc.create_agreement(self.ctx.store, self.opportunity_id,
                                                          self.title)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self.agreement_id is not None
        self.ctx.events.emit_changes(svc.delete_agreement(self.ctx.store, self.agreement_id))


class AgreementFieldCommand(Step):
    """Title, dates, binding or personal data of a draft."""

    def __init__(self, ctx: ViewContext, agreement_id: int, field: str, old: Any,
                 new: Any) -> None:
        super().__init__(f"Edit agreement {field.replace('_', ' ')}")
        self.ctx, self.agreement_id, self.field, self.old, self.new = (
            ctx, agreement_id, field, old, new)

    def id(self) -> int:
        return _MERGE_BASE + 10 if self.field == "title" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AgreementFieldCommand) or \
                (other.agreement_id, other.field) != (self.agreement_id, self.field):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.ctx.events.emit_changes(svc.update_agreement(
            self.ctx.store, self.agreement_id, self.field, self.new))

    def undo(self) -> None:
        self.ctx.events.emit_changes(svc.update_agreement(
            self.ctx.store, self.agreement_id, self.field, self.old))


class SectionFieldCommand(Step):
    """One field of one section: title, body, data (tables) or linked conflict areas."""

    def __init__(self, ctx: ViewContext, section_id: int, field: str, old: Any,
                 new: Any) -> None:
        label = {"body": "text", "data": "table", "conflict_ids": "linked conflicts"}.get(
            field, field)
        super().__init__(f"Edit section {label}")
        self.ctx, self.section_id, self.field, self.old, self.new = (
            ctx, section_id, field, old, new)

    def id(self) -> int:
        if self.field in _MERGING_SECTION:
            return _MERGE_BASE + _MERGING_SECTION.index(self.field)
        return -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SectionFieldCommand) or \
                (other.section_id, other.field) != (self.section_id, self.field):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.ctx.events.emit_changes(svc.update_section(
            self.ctx.store, self.section_id, self.field, self.new))

    def undo(self) -> None:
        self.ctx.events.emit_changes(svc.update_section(
            self.ctx.store, self.section_id, self.field, self.old))


class SectionAddCommand(Step):
    def __init__(self, ctx: ViewContext, agreement_id: int, key: str, title: str,
                 position: int | None) -> None:
        super().__init__(f"Add section “{title}”")
        self.ctx, self.agreement_id, self.key, self.title, self.position = (
            ctx, agreement_id, key, title, position)
        self.section_id: int | None = None

    def redo(self) -> None:
        if self.key:
            self.section_id, changes = svc.add_template_section(
                self.ctx.store, self.agreement_id, self.key, self.position)
        else:
            self.section_id, changes = svc.add_section(
                self.ctx.store, self.agreement_id, self.title, position=self.position)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self.section_id is not None
        _snapshot, changes = svc.remove_section(self.ctx.store, self.section_id)
        self.ctx.events.emit_changes(changes)


class SectionRemoveCommand(Step):
    def __init__(self, ctx: ViewContext, section_id: int, title: str) -> None:
        super().__init__(f"Remove section “{title}”")
        self.ctx, self.section_id = ctx, section_id
        self.snapshot: svc.SectionSnapshot | None = None

    def redo(self) -> None:
        self.snapshot, changes = svc.remove_section(self.ctx.store, self.section_id)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self.snapshot is not None
        self.section_id, changes = svc.restore_section(self.ctx.store, self.snapshot)
        self.ctx.events.emit_changes(changes)


class SectionMoveCommand(Step):
    def __init__(self, ctx: ViewContext, section_id: int, old: int, new: int) -> None:
        super().__init__("Move section")
        self.ctx, self.section_id, self.old, self.new = ctx, section_id, old, new

    def redo(self) -> None:
        self.ctx.events.emit_changes(svc.move_section(self.ctx.store, self.section_id,
                                                      self.new))

    def undo(self) -> None:
        self.ctx.events.emit_changes(svc.move_section(self.ctx.store, self.section_id,
                                                      self.old))


class SignatoryAddCommand(Step):
    def __init__(self, ctx: ViewContext, agreement_id: int, name: str, role: str,
                 organisation: str) -> None:
        super().__init__(f"Add signatory {name}")
        self.ctx, self.agreement_id = ctx, agreement_id
        self.values = (name, role, organisation)
        self.signatory_id: int | None = None

    def redo(self) -> None:
        self.signatory_id, changes = svc.add_signatory(self.ctx.store, self.agreement_id,
                                                       *self.values)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self.signatory_id is not None
        _snapshot, changes = svc.remove_signatory(self.ctx.store, self.signatory_id)
        self.ctx.events.emit_changes(changes)


class SignatoryEditCommand(Step):
    """Name, role and organisation of one signatory, changed together."""

    def __init__(self, ctx: ViewContext, signatory_id: int, old: dict[str, str],
                 new: dict[str, str]) -> None:
        super().__init__(f"Edit signatory {new.get('name') or old.get('name', '')}")
        self.ctx, self.signatory_id, self.old, self.new = ctx, signatory_id, old, new

    def _apply(self, values: dict[str, str]) -> None:
        changes = ChangeSet()
        for field, value in values.items():
            changes = changes | svc.update_signatory(self.ctx.store, self.signatory_id, field,
                                                     value)
        self.ctx.events.emit_changes(changes)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class SignatoryRemoveCommand(Step):
    def __init__(self, ctx: ViewContext, signatory_id: int, name: str) -> None:
        super().__init__(f"Remove signatory {name}")
        self.ctx, self.signatory_id = ctx, signatory_id
        self.snapshot: svc.SignatorySnapshot | None = None

    def redo(self) -> None:
        self.snapshot, changes = svc.remove_signatory(self.ctx.store, self.signatory_id)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self.snapshot is not None
        self.signatory_id, changes = svc.restore_signatory(self.ctx.store, self.snapshot)
        self.ctx.events.emit_changes(changes)


class MarkAgreedCommand(Step):
    """Freeze the text (the lint has been run by the view first); undo while unsigned."""

    def __init__(self, ctx: ViewContext, agreement_id: int) -> None:
        super().__init__("Mark agreement agreed")
        self.ctx, self.agreement_id = ctx, agreement_id

    def redo(self) -> None:
        self.ctx.events.emit_changes(svc.mark_agreed(self.ctx.store, self.agreement_id))

    def undo(self) -> None:
        self.ctx.events.emit_changes(svc.withdraw_agreed(self.ctx.store, self.agreement_id))


class AmendCommand(Step):
    def __init__(self, ctx: ViewContext, agreement_id: int, reason: str) -> None:
        super().__init__("Amend agreement")
        self.ctx, self.agreement_id, self.reason = ctx, agreement_id, reason
        self.new_id: int | None = None

    def redo(self) -> None:
        self.new_id, changes = svc.amend(self.ctx.store, self.agreement_id, self.reason)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self.new_id is not None
        self.ctx.events.emit_changes(svc.delete_agreement(self.ctx.store, self.new_id)
                                     | ChangeSet.of("agreement", self.agreement_id))


class SignCommand(Step):
    """A signatory signs in the program (typed name and drawn strokes)."""

    def __init__(self, ctx: ViewContext, signatory_id: int, typed_name: str,
                 strokes: list[list[list[float]]]) -> None:
        super().__init__(f"Sign as {typed_name}")
        self.ctx, self.signatory_id, self.typed_name, self.strokes = (
            ctx, signatory_id, typed_name, strokes)
        self.signature_id: int | None = None

    def redo(self) -> None:
        self.signature_id, changes = svc.record_signature(
            self.ctx.store, self.signatory_id, self.typed_name, self.strokes)
        self.ctx.events.emit_changes(changes)

    def undo(self) -> None:
        assert self.signature_id is not None
        self.ctx.events.emit_changes(svc.remove_signature(self.ctx.store, self.signature_id))
