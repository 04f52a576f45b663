"""The base of every undo command (ui layer): no step overwrites a colleague unasked.

A :class:`Step` subclass writes ``redo()`` and ``undo()`` as plain service calls. This base
runs each of them as one application (``Store.step``): the store refuses it with
ConflictError when a colleague changed, since this program last saw it, a record the step
is about to write — and an undo or redo also when a field it writes no longer holds what
this program last wrote there (planner/store/versions.py). The user is then shown theirs and mine side by side
(``conflict_dialog.resolve_conflict``) and chooses:

* keep theirs — nothing is written; the step drops out of the undo stack (it could only
  overwrite them later) and the views show what is saved now;
* use mine — the step is applied again, over their version, knowingly; its undo then brings
  back *theirs*, not the older past;
* merge (one text field, for steps whose values are ``old``/``new`` of ``field``, or dicts
  keyed by field) — the merged text is written instead of mine.

Subclasses need nothing but ``self.ctx``; ``__init_subclass__`` wraps their methods.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from planner.services.changes import ChangeSet
from planner.store.errors import ConflictError, StoreError
from planner.ui import conflict_dialog
from planner.ui.context import ViewContext

KIND_NAMES = {
    "organisation": "organisation", "profile": "organisation profile", "person": "person",
    "opportunity": "opportunity", "criterion": "criterion", "gate": "gate",
    "gate_result": "gate answer", "criterion_score": "score", "weight_profile": "weighting",
    "decision": "decision", "conflict_area": "conflict area",
    "conflict_history": "conflict history entry", "agreement": "agreement",
    "agreement_section": "agreement section", "signatory": "signatory",
    "signature": "signature", "milestone": "milestone",
    "milestone_dependency": "milestone dependency", "milestone_snapshot": "baseline",
    "meeting": "meeting", "meeting_action": "meeting action",
}


def record_name(exc: ConflictError) -> str:
    """“conflict area “Shared sports hall”” — what the user knows the record as."""
    kind = KIND_NAMES.get(exc.table, exc.table.replace("_", " "))
    return f"{kind} “{exc.label}”" if exc.label else kind


def field_label(name: str) -> str:
    return name.replace("_", " ").removeprefix("est ").strip()


def as_text(value: Any) -> str:
    """A stored value as the user reads it in the side-by-side dialog."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {as_text(v)}" for k, v in value.items())
    return str(value)


def _side(step: Step, values: dict[str, Any], names: list[str]) -> str:
    if len(names) == 1:
        return as_text(values.get(names[0]))
    return "\n".join(f"{step.field_name(n)}: {as_text(values.get(n))}" for n in names)


class Step(QUndoCommand):
    """An undo command whose applications never overwrite a colleague's change unasked."""

    ctx: ViewContext
    problem = ""  # why the step was refused, for the view to show beside the edit

    def refuse(self, message: str, refresh: ChangeSet | None = None) -> None:
        """The step did nothing and cannot be undone or redone: it drops out of the undo
        stack (Qt removes an obsolete command), the reason goes to the status bar and the
        views reload ``refresh`` to show what is saved now."""
        self.problem = message
        self.setObsolete(True)
        if refresh is not None:
            self.ctx.events.emit_changes(refresh)
        self.ctx.events.status.emit(message)  # after the refresh, so that it stays shown

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, undoing in (("redo", False), ("undo", True)):
            method = cls.__dict__.get(name)
            if method is not None and not getattr(method, "_step", False):
                setattr(cls, name, _as_step(method, undoing))
        merge = cls.__dict__.get("mergeWith")
        if merge is not None and not getattr(merge, "_step", False):
            cls.mergeWith = _merging(merge)  # type: ignore[method-assign,assignment]

    # --------------------------------------------------------- values of the step

    def _value_slot(self, field: str, undoing: bool) -> tuple[str, str | None] | None:
        """Where this step keeps the value it writes for ``field`` in this direction:
        (attribute, key in a dict attribute or None), or None when it keeps none."""
        name = "old" if undoing else "new"
        target = getattr(self, name, None)
        if isinstance(target, dict) and field in target:
            return name, field
        if getattr(self, "field", None) == field and not isinstance(target, (dict, tuple)):
            return name, None
        return None

    def _put_value(self, field: str, undoing: bool, value: Any) -> bool:
        slot = self._value_slot(field, undoing)
        if slot is None:
            return False
        name, key = slot
        if key is None:
            setattr(self, name, value)
        else:
            getattr(self, name)[key] = value
        return True

    def shown(self) -> dict[str, Any]:
        """The values the user saw of the fields this step changes (its ``old``), so a
        colleague's change to *other* fields of the record is no conflict."""
        old = getattr(self, "old", None)
        if isinstance(old, dict):
            return dict(old)
        name = getattr(self, "field", None)
        return {name: old} if isinstance(name, str) and not isinstance(old, tuple) else {}

    # Hooks for the side-by-side dialog; a subclass may say more about its fields.

    def can_merge(self, field: str, undoing: bool) -> bool:
        """Whether the user may write a merged text for ``field`` (a text value, here)."""
        slot = self._value_slot(field, undoing)
        if slot is None:
            return False
        name, key = slot
        value = getattr(self, name) if key is None else getattr(self, name)[key]
        return isinstance(value, str)

    def parse_merged(self, field: str, text: str) -> Any:
        """The value to save for a merged text."""
        return text

    def merge_problem(self, field: str, text: str) -> str | None:
        """Why a merged text cannot be saved (shown in the dialog), or None."""
        return None

    def field_name(self, field: str) -> str:
        return field_label(field)


def _as_step(method: Callable[[Step], None], undoing: bool) -> Callable[[Step], None]:
    @functools.wraps(method)
    def run(self: Step) -> None:
        if self.__dict__.get("_applying"):  # a subclass calling super().redo()
            method(self)
            return
        apply_step(self, lambda: method(self), undoing=undoing)

    run._step = True  # type: ignore[attr-defined]
    return run


def _merging(method: Callable[[Step, QUndoCommand], bool]) -> Callable[[Step, QUndoCommand], bool]:
    @functools.wraps(method)
    def merge(self: Step, other: QUndoCommand) -> bool:
        if other.isObsolete():  # its save was dropped (theirs kept): nothing to fold in
            return False
        return method(self, other)

    merge._step = True  # type: ignore[attr-defined]
    return merge


def apply_step(step: Step, action: Callable[[], None], *, undoing: bool) -> bool:
    """Run ``action`` (the step's service calls) as one application; False when the user
    kept a colleague's change instead (the step is then obsolete)."""
    store = step.ctx.store
    replay = bool(step.__dict__.get("_applied"))  # an undo or redo after the first time
    overrides: dict[tuple[str, int], int] = {}
    while True:
        step.__dict__["_applying"] = True
        try:
            with store.step(overrides, replay=replay, base=None if replay else step.shown()):
                action()
        except ConflictError as exc:
            settled = exc.key is not None and overrides.get(exc.key) == exc.current_version
            if exc.key is None or exc.current_version is None or settled or not _overwrite(
                    step, exc, undoing):  # (settled: asked already; never ask in a loop)
                _drop(step, exc)
                return False
            overrides[exc.key] = exc.current_version
            continue
        except StoreError as exc:  # a full disk, a lost server: nothing was saved
            # The step must not stay on the undo stack as if it had happened, and the error
            # goes to the window's error handler, which shows it. It is handed over, not
            # raised: an exception leaving redo() through Qt's undo stack, which deletes the
            # dropped step, kept the step's Python side alive past it (a crash when
            # collected).
            step.problem = str(exc)
            step.setObsolete(True)
            sys.excepthook(type(exc), exc.with_traceback(None), None)
            return False
        finally:
            step.__dict__["_applying"] = False
        step.__dict__["_applied"] = True
        return True


def _overwrite(step: Step, exc: ConflictError, undoing: bool) -> bool:
    """Ask; True to write over theirs (mine or a merge, already put into the step)."""
    names = sorted(set(exc.mine) | set(exc.theirs)) if not exc.deleting else sorted(exc.theirs)
    differing = [n for n in names if as_text(exc.theirs.get(n)) != as_text(exc.mine.get(n))]
    if differing and not exc.deleting:  # a whole-record save: show what differs
        names = differing
    merge_field = (names[0] if len(names) == 1 and not exc.deleting
                   and step.can_merge(names[0], undoing) else None)
    what = record_name(exc)
    if len(names) == 1 and not exc.deleting:
        what = f"{step.field_name(names[0])} of the {what}"
    mine = "(deleted)" if exc.deleting else _side(step, exc.mine, names)

    def problem(text: str) -> str | None:
        return None if merge_field is None else step.merge_problem(merge_field, text)

    answer = conflict_dialog.resolve_conflict(
        what, _side(step, exc.theirs, names), mine, problem,
        undoing=undoing, step=step.text(), can_merge=merge_field is not None)
    if answer.choice == conflict_dialog.THEIRS:
        return False
    if answer.choice == conflict_dialog.MERGED and merge_field is not None:
        step._put_value(merge_field, undoing, step.parse_merged(merge_field, answer.text))
    # What stood before is theirs now: the opposite direction brings theirs back.
    for name, value in exc.theirs.items():
        step._put_value(name, not undoing, value)
    return True


def _drop(step: Step, exc: ConflictError) -> None:
    step.refuse(f"Kept the {record_name(exc)} as a colleague saved it; “{step.text()}” was "
                "not applied.", ChangeSet.of(exc.table, exc.ident))
