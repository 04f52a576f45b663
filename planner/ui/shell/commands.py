"""The one undo-command convention of every view (ui layer).

An :class:`EditCommand` declares what it writes (``edit``: fields of records, each with the
value the user was shown and the value to write; planner/services/edits.py) and does its
work in :meth:`EditCommand.run`, a plain service call that passes the declared fields on as
``expect``. The path of an edit:

1. The view makes a command and calls ``ctx.push(command)`` (:func:`push`).
2. :func:`settle` asks the store whether a colleague changed a declared field since the
   user saw it. If so, the user sees theirs and mine side by side (``clash_dialog``) and
   chooses *before* anything is pushed: keep theirs (nothing is pushed), use mine or a
   merged text (the command is rebased: it now expects theirs, so its undo brings theirs
   back).
3. The command is pushed; Qt calls ``redo()``, which runs the service. The unit of work
   checks the declared fields once more and writes. Nothing modal runs in ``redo()`` or
   ``undo()``: a refusal there (bad input, a record deleted meanwhile, a full disk) drops
   the command with its reason on the status bar (:meth:`EditCommand.refuse`).
4. Undo and redo go through :func:`undo_step` / :func:`redo_step` (the window's Undo and
   Redo), which settle the reversed (or repeated) edit the same way first.

Redo after an undo puts back the same records with the same ids (the commands keep the
snapshot their undo took), so a colleague's record inserted meanwhile is never mistaken
for ours. Commands that type into one field merge into one step: their merge id comes from
:data:`MERGE_IDS`, the one registry.
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from planner.services.changes import ChangeSet, ValidationError
from planner.store.errors import EditClash, NotAnswering, NotFoundError, StoreError
from planner.ui.shell import clash_dialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from planner.services.edits import Writes
    from planner.ui.shell.context import ViewContext

# Merge ids: one per kind of typing edit; the command's merge_key decides what merges.
MERGE_IDS: dict[str, int] = {
    "profile": 1, "opportunity": 2, "score": 3, "gate": 4, "criterion": 5, "gate_text": 6,
    "top_k": 7, "conflict_area": 8, "agreement": 9, "section": 10, "signatory": 11,
    "milestone": 12, "meeting": 13, "health": 14,
}

KIND_NAMES = {
    "organisation": "organisation", "profile": "organisation profile", "person": "person",
    "opportunity": "opportunity", "criterion": "criterion", "gate": "gate",
    "gate_result": "gate answer", "criterion_score": "score", "weight_profile": "weighting",
    "decision": "decision", "conflict_area": "conflict area",
    "conflict_history": "conflict history entry", "agreement": "agreement",
    "agreement_section": "agreement section", "signatory": "signatory",
    "signature": "signature", "milestone": "milestone",
    "milestone_dependency": "milestone dependency", "milestone_snapshot": "baseline",
    "meeting": "meeting", "meeting_action": "meeting action", "setting": "setting",
}


def record_name(table: str, label: str) -> str:
    """“conflict area “Shared sports hall”” — what the user knows the record as."""
    kind = KIND_NAMES.get(table, table.replace("_", " "))
    return f"{kind} “{label}”" if label else kind


def as_text(value: Any) -> str:
    """A stored value as the user reads it in the side-by-side dialog."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        from planner.services.dashboard import fmt_date  # "6 Dec 2026": ISO only in files

        if isinstance(value, dt.datetime):
            return f"{fmt_date(value.date())} {value:%H:%M}"
        return fmt_date(value)
    if isinstance(value, (list, tuple)):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {as_text(v)}" for k, v in value.items())
    return str(value)


class EditCommand(QUndoCommand):
    """One undoable edit: a declared write set and a service call each way."""

    merge_name: ClassVar[str] = ""  # a key of MERGE_IDS for commands that merge typing

    def __init__(self, ctx: ViewContext, text: str, edit: Writes = ()) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.edit: Writes = edit
        self.problem = ""  # why the step was refused, for the view to show beside the edit
        self.refusal: Exception | None = None  # the service's refusal, when it refused
        self._skip_undo = False

    # ----------------------------------------------------------------- for subclasses

    def run(self, forward: bool) -> ChangeSet:
        """Do the edit (``forward``) or undo it: service calls only, passing
        ``self.expected(forward)`` as ``expect``. Raises to refuse."""
        raise NotImplementedError

    def expected(self, forward: bool) -> Writes:
        from planner.services import edits  # the store's libraries: after the first paint

        return self.edit if forward else edits.reverse(self.edit)

    def merge_key(self) -> object:
        """What must be equal for a later command to merge into this one (None: never)."""
        return None

    def field_name(self, field: str) -> str:
        return field.replace("_", " ").removeprefix("est ").strip()

    def can_merge(self, field: str, value: Any) -> bool:
        """Whether the user may write a merged text for ``field`` (text, here)."""
        return isinstance(value, str)

    def parse_merged(self, field: str, text: str) -> Any:
        """The value to save for a merged text (the dialog's third column)."""
        return text

    def merge_problem(self, field: str, text: str) -> str | None:
        """Why a merged text cannot be saved (shown in the dialog), or None."""
        return None

    # ----------------------------------------------------------------- Qt's side

    def redo(self) -> None:
        self._apply(True)

    def undo(self) -> None:
        if self._skip_undo:  # dropped by the user's choice: Qt deletes it after this call
            return
        self._apply(False)

    def id(self) -> int:
        if self.problem or not self.merge_name or self.merge_key() is None:
            return -1
        return MERGE_IDS[self.merge_name]

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (type(other) is not type(self) or other.isObsolete()
                or not isinstance(other, EditCommand)
                or other.merge_key() != self.merge_key()):
            return False
        offline = self.ctx.offline
        if offline is not None:
            # Typing merges only into a step in the same state: saved, or waiting to be;
            # never into or from one being saved in the background (Qt deletes the other).
            if offline.busy(self) or offline.busy(other):
                return False
            waiting = offline.waiting(self)
            if waiting != offline.waiting(other):
                return False
            if waiting:
                offline.forget(other)  # its writes now travel with this step
        from planner.services import edits

        self.edit = edits.followed_by(self.edit, other.edit)
        self.absorb(other)
        return True

    def absorb(self, other: EditCommand) -> None:
        """Take over what else a merged later command holds (its edit is merged already)."""

    def _apply(self, forward: bool) -> None:
        offline = self.ctx.offline
        if offline is not None and offline.active:  # behind the edits already waiting
            offline.hold(self, forward, None)
            return
        try:
            if offline is None:
                changes = self.run(forward)
            else:  # a team database: the window waits a moment at most (offline.py)
                saved = offline.run(self, forward)
                if saved is None:
                    return  # still saving, in the background
                changes = saved
        except NotAnswering as exc:
            if offline is None:
                self._failed(exc)
                return
            # The team database does not answer: the step stays, waiting (offline.py).
            offline.hold(self, forward, exc)
            return
        except (EditClash, NotFoundError, ValidationError) as exc:
            self.refusal = exc
            self.refuse(getattr(exc, "message", "") or str(exc), self._refresh(exc))
            return
        except StoreError as exc:  # a full disk, a lost server: nothing was saved
            self._failed(exc)
            return
        self.ctx.events.emit_changes(changes)

    def _failed(self, exc: StoreError) -> None:
        # Handed to the window's error handler (which shows it), not raised through
        # Qt's undo stack, which deletes the dropped command.
        self.problem = str(exc)
        self.setObsolete(True)
        sys.excepthook(type(exc), exc.with_traceback(None), None)

    def _refresh(self, exc: Exception) -> ChangeSet:
        if isinstance(exc, EditClash):
            return ChangeSet.of(exc.table, exc.ident)
        return ChangeSet.of_writes(self.edit)

    def refuse(self, message: str, refresh: ChangeSet | None = None) -> None:
        """The step did nothing and cannot be undone or redone: it drops out of the undo
        stack (Qt removes an obsolete command), the reason goes to the status bar and the
        views reload ``refresh`` to show what is saved now."""
        self.problem = message
        self.setObsolete(True)
        if refresh is not None and refresh.kinds:
            self.ctx.events.emit_changes(refresh)
        self.ctx.events.status.emit(message)  # after the refresh, so that it stays shown


class FieldCommand(EditCommand):
    """Set one field of one record over what the user saw: the most common edit."""

    typing: ClassVar[frozenset[str]] = frozenset()  # fields whose typing merges into one step

    def __init__(self, ctx: ViewContext, text: str, table: str, ident: int, field: str,
                 old: Any, new: Any) -> None:
        from planner.services import edits

        super().__init__(ctx, text, edits.writes(table, ident, {field: old}, {field: new}))
        self.ident, self.field = ident, field

    @property
    def new(self) -> Any:
        return self.edit[0].new

    def merge_key(self) -> object:
        return (self.ident, self.field) if self.field in self.typing else None

    def run(self, forward: bool) -> ChangeSet:
        expect = self.expected(forward)
        return self.save(expect[0].new, expect)

    def save(self, value: Any, expect: Writes) -> ChangeSet:
        """The service call writing ``value`` (passing ``expect`` on)."""
        raise NotImplementedError


class RecordCommand(EditCommand):
    """Adds a record with what hangs from it, or removes one (``adds = False``).

    What the removal takes away is kept, so the opposite direction puts back the same rows
    with the same ids: links to them stay whole, and a redo never lands on a colleague's
    record made in the meantime.
    """

    adds: ClassVar[bool] = True

    def __init__(self, ctx: ViewContext, text: str, ident: int | None = None) -> None:
        super().__init__(ctx, text)
        self.ident = ident  # the record's id, once it exists
        self.saved: Any = None  # what the removal took away

    def add(self) -> tuple[int, ChangeSet]:
        raise NotImplementedError

    def remove(self, ident: int) -> tuple[Any, ChangeSet]:
        """Delete the record; return what a put_back needs."""
        raise NotImplementedError

    def put_back(self, saved: Any) -> ChangeSet:
        raise NotImplementedError

    def run(self, forward: bool) -> ChangeSet:
        if forward != self.adds:
            assert self.ident is not None
            self.saved, changes = self.remove(self.ident)
            return changes
        if self.saved is not None:
            return self.put_back(self.saved)
        self.ident, changes = self.add()
        return changes


# --------------------------------------------------------------------- the edit's path


def push(ctx: ViewContext, command: QUndoCommand) -> bool:
    """Settle clashes, then push: False when nothing was applied (the user kept a
    colleague's change, or the service refused; ``command.problem`` says why)."""
    if isinstance(command, EditCommand) and (ctx.offline is None or not ctx.offline.active):
        try:
            if not settle(command, forward=True):
                return False
        except NotAnswering as exc:
            if ctx.offline is None:
                raise
            ctx.offline.hold(command, True, exc)  # pushing it below only keeps it waiting
    ctx.undo.push(command)
    return not getattr(command, "problem", "")


def undo_step(stack: QUndoStack) -> None:
    """The window's Undo: the reversed edit is settled with the user first."""
    if not stack.canUndo():
        return
    command = stack.command(stack.index() - 1)
    if isinstance(command, EditCommand) and command._skip_undo:  # dropped while waiting
        stack.undo()  # (offline.py): it goes without a word, and Undo undoes the step before
        undo_step(stack)
        return
    if isinstance(command, EditCommand) and not settle(command, forward=False):
        command._skip_undo = True  # the user kept theirs: the step can only overwrite them
        command.setObsolete(True)
        stack.undo()  # Qt removes an obsolete command after undo()
        return
    stack.undo()


def redo_step(stack: QUndoStack) -> None:
    """The window's Redo: the repeated edit is settled with the user first."""
    if not stack.canRedo():
        return
    command = stack.command(stack.index())
    if isinstance(command, EditCommand) and not settle(command, forward=True):
        return
    stack.redo()


def undo_actions(parent: QWidget, stack: QUndoStack) -> tuple[QAction, QAction]:
    """Undo and Redo for the Edit menu through the settling path. Qt's own actions keep
    their text and enabled state with the stack; only what they do is ours."""
    undo = stack.createUndoAction(parent, "&Undo")
    redo = stack.createRedoAction(parent, "&Redo")
    for action, step in ((undo, undo_step), (redo, redo_step)):
        action.triggered.disconnect()  # Qt's direct stack.undo() / stack.redo()
        action.triggered.connect(partial(step, stack))
    return undo, redo


def settle(command: EditCommand, *, forward: bool) -> bool:
    """Ask the user about fields a colleague changed since; False to keep theirs.

    With mine or a merged text the command is rebased: it expects theirs now, so applying
    it goes through, and its opposite direction brings theirs back.
    """
    from planner.services import edits

    edit = command.expected(forward)
    store, offline = command.ctx.store, command.ctx.offline
    try:
        if offline is None:
            found = edits.clashes(store, edit)
        else:  # no answer at once: the save itself still refuses a clash (offline.py)
            found = offline.ask(partial(edits.clashes, store, edit), late=[])
    except NotFoundError as exc:
        command.refuse(exc.args[0] if exc.args else str(exc), command._refresh(exc))
        return False
    if not found:
        return True
    first = found[0].write
    found = [c for c in found if (c.write.table, c.write.key) == (first.table, first.key)]
    names = [c.write.field for c in found]
    what = record_name(first.table, found[0].label)
    if len(names) == 1:
        what = f"{command.field_name(names[0])} of the {what}"
    mine = {c.write.field: c.write.new for c in found}
    theirs = {c.write.field: c.theirs for c in found}
    can_merge = len(found) == 1 and command.can_merge(names[0], found[0].write.new)

    def side(values: dict[str, Any]) -> str:
        if len(names) == 1:
            return as_text(values[names[0]])
        return "\n".join(f"{command.field_name(n)}: {as_text(values[n])}" for n in names)

    def problem(text: str) -> str | None:
        return command.merge_problem(names[0], text) if can_merge else None

    answer = clash_dialog.resolve_clash(what, side(theirs), side(mine), problem,
                                        undoing=not forward, step=command.text(),
                                        can_merge=can_merge)
    if answer.choice == clash_dialog.THEIRS:
        command.problem = (f"Kept the {record_name(first.table, found[0].label)} as a "
                           f"colleague saved it; “{command.text()}” was not "
                           f"{'applied' if forward else 'undone'}.")
        command.ctx.events.emit_changes(ChangeSet.of(first.table, first.ident))
        command.ctx.events.status.emit(command.problem)
        return False
    at = {(c.write.table, c.write.key, c.write.field): c.theirs for c in found}
    chosen = {}
    if answer.choice == clash_dialog.MERGED and can_merge:
        chosen = {(first.table, first.key, names[0]): command.parse_merged(names[0], answer.text)}
    rebased = edits.rebased(edit, at, chosen)
    command.edit = rebased if forward else edits.reverse(rebased)
    return True


__all__ = ["MERGE_IDS", "EditCommand", "FieldCommand", "RecordCommand", "push", "redo_step", "settle", "undo_actions",
           "undo_step"]
