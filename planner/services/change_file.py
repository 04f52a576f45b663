"""Waiting changes saved to a file and applied later (services layer).

A window on a team database that stopped answering keeps the edits it could not save
(planner/ui/shell/offline.py). Leaving the plan would lose them, so the window can save them
to a file first (File › Save Waiting Changes…, or Save in the question asked on leaving),
and once the server answers again they are applied with::

    planner changes apply --db URL FILE

The file is JSON (``*.planner-changes.json``): the plan it belongs to and, in the order they
were made, the steps — each with its undo-stack name and its declared writes (table, the
record's key, field, the value the user saw ``was`` and the value to write ``value``).

Applying is safe to repeat: each step is one transaction checked like any edit. A field that
holds the new value already is left alone ("already there": a step the server saved after
all, or a file applied twice), so every change is in the plan once. A field a colleague
changed since the user saw it is a clash: the step is not applied, and both values are
said. A step that is not a change of fields (adding or removing a record) cannot be written
again from the file: it is named, to be redone by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner import atomic
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Write, Writes
from planner.store import replay
from planner.store.database import Store
from planner.store.errors import EditClash, NotFoundError, StoreError
from planner.store.naming import shown

FORMAT = "partnership-planner-waiting-changes"
VERSION = 1
SUFFIX = ".planner-changes.json"

APPLIED, ALREADY, CLASH, GONE, BY_HAND, REFUSED = (
    "applied", "already there", "clash", "record gone", "redo by hand", "refused")


@dataclass(frozen=True)
class Step:
    """One undo step that waited: its name, and its writes (empty: not a change of fields)."""

    text: str
    writes: Writes


@dataclass(frozen=True)
class Outcome:
    step: str
    result: str  # one of APPLIED, ALREADY, CLASH, GONE, BY_HAND, REFUSED
    detail: str = ""
    written: Writes = ()  # the fields this step changed (what an undo puts back)

    @property
    def ok(self) -> bool:
        return self.result in (APPLIED, ALREADY)


# ------------------------------------------------------------------ the file


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        (tag, text), = value.items()
        if tag == "$datetime":
            return dt.datetime.fromisoformat(text)
        if tag == "$date":
            return dt.date.fromisoformat(text)
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    return value


def dumps(plan: str, steps: Iterable[Step]) -> str:
    """The file's text: ``plan`` names the team database (no password)."""
    return json.dumps({
        "format": FORMAT, "version": VERSION, "plan": plan,
        "saved_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "apply_with": "planner changes apply --db URL FILE",
        "steps": [{"step": s.text, "redo_by_hand": not s.writes, "writes": [
            {"table": w.table, "key": [[k, _encode(v)] for k, v in w.key],
             "field": w.field, "was": _encode(w.expected), "value": _encode(w.new)}
            for w in s.writes]} for s in steps],
    }, indent=2, ensure_ascii=False) + "\n"


def save(path: Path, plan: str, steps: Sequence[Step]) -> None:
    """Write the file whole or not at all (OSError says why not)."""
    text = dumps(plan, steps)
    with atomic.replacing(path) as partial:
        partial.write_text(text, encoding="utf-8")


def load(path: Path) -> tuple[str, list[Step]]:
    """The plan named in the file (as ``Store.display_name`` names it: a file saved before
    named a team database by its URL, user name included) and its steps; ValidationError
    for anything else."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{path} is not a file of waiting changes: it is not text "
                              "(a PDF, a picture or a program's own file?).") from None
    except ValueError:
        raise ValidationError(f"{path} is not a file of waiting changes: it is "
                              + ("empty." if _empty(path) else "not whole (cut short, or "
                                 "another kind of text).")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(f"{path} is not a file of waiting changes saved by Partnership "
                              "Planner.")
    if data.get("version") != VERSION:
        raise ValidationError(f"{path} was saved by another version of Partnership Planner "
                              f"(version {data.get('version')}); this one reads {VERSION}.")
    try:
        steps = [Step(str(s["step"]), tuple(
            Write(str(w["table"]), tuple((str(k), _decode(v)) for k, v in w["key"]),
                  str(w["field"]), _decode(w["was"]), _decode(w["value"]))
            for w in s["writes"])) for s in data["steps"]]
    except (KeyError, TypeError, ValueError):
        raise ValidationError(f"{path} is damaged: a change in it is not whole, so none of "
                              "them is applied.") from None
    plan = str(data.get("plan", ""))
    return (shown(plan) if "://" in plan else plan), steps


# ------------------------------------------------------------------ applying


def apply(store: Store, steps: Sequence[Step], source: str = "") -> list[Outcome]:
    """Write each step in order, each in one transaction checked like an edit."""
    outcomes = []
    final = {(w.table, w.key, w.field): w.new for step in steps for w in step.writes}
    for step in steps:
        if not step.writes:
            outcomes.append(Outcome(step.text, BY_HAND))
            continue
        try:
            changed = _write(store, step.writes, source, final)
        except EditClash as exc:
            detail = "; ".join(f"{f.replace('_', ' ')}: theirs “{exc.theirs.get(f)}”, yours "
                               f"“{exc.mine.get(f)}”" for f in exc.mine)
            what = exc.table.replace("_", " ") + (f" “{exc.label}”" if exc.label else "")
            outcomes.append(Outcome(step.text, CLASH,
                                    f"a colleague changed the {what} since — {detail}"))
            continue
        except NotFoundError as exc:
            outcomes.append(Outcome(step.text, GONE, str(exc)))
            continue
        except (StoreError, ValidationError) as exc:
            outcomes.append(Outcome(step.text, REFUSED, getattr(exc, "message", "") or str(exc)))
            continue
        outcomes.append(Outcome(step.text, APPLIED if changed else ALREADY, written=changed))
    return outcomes


def rewrite(store: Store, edit: Writes, source: str = "") -> ChangeSet:
    """Write ``edit`` again in one transaction, checked like any edit (the window's Undo and
    Redo of an applied file: ``edit`` is then what it wrote, reversed or not)."""
    _write(store, edit, source)
    return ChangeSet.of_writes(edit)


def _write(store: Store, edit: Writes, source: str,
           final: dict[tuple[str, Any, str], Any] | None = None) -> Writes:
    """One transaction: the writes of ``edit`` that changed a field, each audited."""
    with store.work() as work:  # checked in there, past what the file wrote since
        changed = replay.write(work.session, edit, final)
        for want, ident in changed:
            work.audit(want.table, ident, "apply saved change",
                       f"{want.field} (waiting changes{' from ' + source if source else ''})")
    return tuple(want for want, _ident in changed if isinstance(want, Write))


def report(outcomes: Sequence[Outcome]) -> str:
    """One line per step, then a summary line."""
    lines = [f"{o.result}: {o.step}" + (f" — {o.detail}" if o.detail else "") for o in outcomes]
    done = sum(o.result == APPLIED for o in outcomes)
    there = sum(o.result == ALREADY for o in outcomes)
    left = len(outcomes) - done - there
    lines.append(f"{done} applied, {there} already there, {left} not applied"
                 + (" (see above)" if left else ""))
    return "\n".join(lines)


def _empty(path: Path) -> bool:
    try:
        return not path.read_bytes().strip()
    except OSError:
        return False
