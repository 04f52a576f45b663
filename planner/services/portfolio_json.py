"""The portfolio JSON format: export a whole plan, import it into a new one (services layer).

The format is described in docs/portfolio-json.md. It is generic over the tables (see
planner/store/rows.py), so a new column or table needs no code here: a column with a
default may be absent from older files, and a table absent from a file simply has no rows.

Export is deterministic — sorted keys, rows by id, ids kept, ISO dates — so exporting,
importing and exporting again gives the same bytes. Import checks the whole file before it
creates anything, and on any failure (or a kill) leaves no file behind.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from planner.services.agreements import tampered_in
from planner.services.changes import ValidationError
from planner.store.creation import new_plan
from planner.store.database import Store, StoreError
from planner.store.engine import database_url, sqlite_path
from planner.store.naming import shown
from planner.store.rows import (
    ColumnInfo,
    RowRejected,
    TableInfo,
    insert_rows,
    json_problem,
    reset_sequences,
    row_values,
    table_infos,
)

FORMAT = "partnership-planner-portfolio"
VERSION = 1
MAX_PROBLEMS = 50

_IRREGULAR = {"person": "people", "criterion": "criteria"}
# Keys written by an earlier version of this program, read as the key they stand for.
_FORMER_KEYS = {"partner_answerss": "partner_answers"}  # issue 21's first files (0.2 dev)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}|Z)")


def collection_name(table: str) -> str:
    """The key of a table's rows in the file: the plural of the table name."""
    head, _, last = table.rpartition("_")
    prefix = f"{head}_" if head else ""
    if last in _IRREGULAR:
        return prefix + _IRREGULAR[last]
    if last.endswith("s"):  # already a plural ("partner_answers")
        return prefix + last
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return prefix + last[:-1] + "ies"
    return prefix + last + "s"


# ----------------------------------------------------------------------------- export


def _encode(column: ColumnInfo, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "datetime":
        moment: dt.datetime = value
        if moment.tzinfo is None:  # stored without an offset: the store keeps UTC
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC).isoformat()
    if column.kind == "date":
        day: dt.date = value
        return day.isoformat()
    if column.kind == "float":
        return float(value)
    return value


LEFT_OUT = "left_out"  # a partial export says inside the file what it lacks
PARTIAL_NOTE = ("confidential conflict areas and meetings your database role may not read, "
                "with their history, actions and audit events")


def export_portfolio(store: Store, *, allow_partial: bool = False) -> str:
    """The whole plan as portfolio JSON text (UTF-8, ends with a newline).

    On a team database, a role from which row security hides confidential records would
    write a plan that looks complete but is not: refused (as ``planner copy`` refuses),
    unless ``allow_partial``, when the file says under ``left_out`` what it lacks (see
    ``left_out``).
    """
    from planner.store import postgres

    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    with store.work() as work:
        postgres.consistent_reads(work.session)
        if not postgres.sees_confidential(work.session):  # a named reader sees them all
            if not allow_partial:
                raise StoreError(
                    f"{shown(store.url, capital=True)}: confidential records are hidden from "
                    "your database role, so the export would be incomplete. Ask the plan's "
                    "owner to make it, or add --allow-partial to write it without them.")
            document[LEFT_OUT] = PARTIAL_NOTE
        for info in table_infos():
            rows = work.list(info.model, order_by=("id",))
            document[collection_name(info.name)] = [
                {column.name: _encode(column, values[column.name]) for column in info.columns}
                for values in (row_values(info, row) for row in rows)]
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def left_out(text: str) -> str | None:
    """What a partial portfolio (``export_portfolio(allow_partial=True)``) lacks, or None."""
    value = json.loads(text).get(LEFT_OUT)
    return None if value is None else str(value)


# ----------------------------------------------------------------------------- checking


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _decode(column: ColumnInfo, value: Any) -> tuple[Any, str | None]:
    """The stored value for a JSON value, or the problem with it."""
    if value is None:
        if column.nullable:
            return None, None
        return None, "cannot be null"
    kind = column.kind
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            if not -(2**63) <= value < 2**63:  # what a database integer holds
                return None, f"the number {value} is too large"
            return value, None
        return None, f"expected a whole number, got {_shown(value)}"
    if kind == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if value != value or value in (float("inf"), float("-inf")):
                return None, f"expected a finite number, got {_shown(value)}"
            return float(value), None
        return None, f"expected a number, got {_shown(value)}"
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, f"expected true or false, got {_shown(value)}"
    if kind == "text":
        if isinstance(value, str):
            if "\x00" in value:
                return None, "contains a NUL character"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate from a "\ud800"-style escape
                return None, "contains an invalid character (a lone surrogate)"
            return value, None
        return None, f"expected text, got {_shown(value)}"
    if kind == "date":
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value), None
            except ValueError:
                pass
        return None, f"expected a date like 2026-03-01, got {_shown(value)}"
    if kind == "datetime":
        if isinstance(value, str) and _DATETIME.fullmatch(value):
            try:
                return dt.datetime.fromisoformat(value).astimezone(dt.UTC), None
            except ValueError:
                pass
            except OverflowError:  # 9999-12-31T23:59:59-12:00 is after year 9999 in UTC
                return None, (f"the date and time {_shown(value)} is out of range (it must "
                              "fall between the years 1 and 9999 in UTC)")
        return None, ("expected a date and time with its offset like "
                      f"2026-03-01T09:30:00+00:00, got {_shown(value)}")
    # JSON columns are checked against their declared type by the caller, which can name a place inside the value.
    return value, None


class _Problems:
    """Collects every problem, so the message can say how many there are."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, path: str, problem: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append((path, problem))

    def raise_if_any(self, source: str) -> None:
        if not self.items:
            return
        path, problem = self.items[0]
        more = len(self.items) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        prefix = f"{source}: " if source else ""
        error = ValidationError(f"{prefix}{path}: {problem}{tail}", path)
        error.problems = list(self.items)  # type: ignore[attr-defined]
        raise error


def _self_reference_order(info: TableInfo, rows: list[tuple[int, dict[str, Any]]],
                          key: str, problems: _Problems) -> list[tuple[int, dict[str, Any]]]:
    """Rows ordered so that each comes after the rows of its own table it points to.

    Passes over the rows placing those whose parents are placed; a pass that places
    nothing means the rest form a loop (a milestone that is its own ancestor).
    """
    references = info.self_references
    if not references:
        return rows
    ordered: list[tuple[int, dict[str, Any]]] = []
    placed: set[int] = set()
    remaining = rows
    while remaining:
        waiting: list[tuple[int, dict[str, Any]]] = []
        for index, values in remaining:
            parents = {values[c] for c in references if values.get(c) is not None}
            if parents <= placed:
                ordered.append((index, values))
                placed.add(values["id"])
            else:
                waiting.append((index, values))
        if len(waiting) == len(remaining):
            for index, values in waiting:
                column = next(c for c in references if values.get(c) is not None)
                problems.add(f"{key}[{index}].{column}",
                             "is part of a loop (a row that is its own ancestor)")
            break
        remaining = waiting
    return ordered


def parse_portfolio(text: str, source_name: str = ""
                    ) -> list[tuple[TableInfo, list[tuple[int, dict[str, Any]]]]]:
    """Check a portfolio JSON text completely; return its rows in insertion order.

    Raises ValidationError naming the first problem's place, e.g.
    ``opportunities[2].title: missing``.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors add
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        prefix = f"{source_name}: " if source_name else ""
        raise ValidationError(
            f"{prefix}not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            "") from None
    except RecursionError:
        prefix = f"{source_name}: " if source_name else ""
        raise ValidationError(f"{prefix}not a portfolio: the JSON is nested too deeply",
                              "") from None
    problems = _Problems()
    if not isinstance(document, dict):
        problems.add("(top level)", "expected a JSON object holding a portfolio")
        problems.raise_if_any(source_name)
    if "format" not in document:
        problems.add("format", "missing; this is not a Partnership Planner portfolio")
    elif document["format"] != FORMAT:
        problems.add("format", f"expected \"{FORMAT}\", got {_shown(document['format'])}; "
                               "this is not a Partnership Planner portfolio")
    problems.raise_if_any(source_name)
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        problems.add("version", f"expected a whole number, got {_shown(version)}")
    elif version > VERSION:
        problems.add("version", f"this file is version {version}; this Partnership Planner "
                                f"reads up to version {VERSION}. Please update the program.")
    elif version < 1:
        problems.add("version", f"unknown version {version}")
    problems.raise_if_any(source_name)
    for former, key in _FORMER_KEYS.items():
        if former in document and key not in document:
            document[key] = document.pop(former)

    infos = table_infos()
    keys = {collection_name(info.name): info for info in infos}
    for key in sorted(document):
        if key not in keys and key not in ("format", "version", LEFT_OUT):
            problems.add(key, "unknown section (a newer Partnership Planner may have written it)")

    # Pass 1: each row on its own.
    tables: list[tuple[TableInfo, str, list[tuple[int, dict[str, Any]]]]] = []
    ids: dict[str, set[int]] = {}
    for info in infos:
        key = collection_name(info.name)
        raw = document.get(key, [])
        rows: list[tuple[int, dict[str, Any]]] = []
        seen: set[int] = set()
        if not isinstance(raw, list):
            problems.add(key, f"expected a list of rows, got {_shown(raw)}")
            raw = []
        known = {column.name for column in info.columns}
        for index, item in enumerate(raw):
            where = f"{key}[{index}]"
            if not isinstance(item, dict):
                problems.add(where, f"expected an object, got {_shown(item)}")
                continue
            values: dict[str, Any] = {}
            for name in sorted(set(item) - known):
                problems.add(f"{where}.{name}",
                             "unknown field (a newer Partnership Planner may have written it)")
            for column in info.columns:
                if column.name not in item:
                    if column.required or column.default is None:
                        problems.add(f"{where}.{column.name}", "missing")
                    else:
                        values[column.name] = column.default()
                    continue
                value, problem = _decode(column, item[column.name])
                found = (json_problem(column, value)
                         if column.kind == "json" and problem is None else None)
                if found is not None:  # e.g. opportunities[0].we_give[1].kind
                    problem = found[1]
                if problem is not None:
                    inner = found[0] if found is not None else ""
                    problems.add(f"{where}.{column.name}{inner}", problem)
                    continue
                values[column.name] = value
            ident = values.get("id")
            if isinstance(ident, int):
                if ident < 1:
                    problems.add(f"{where}.id", f"expected a positive whole number, got {ident}")
                elif ident in seen:
                    problems.add(f"{where}.id", f"duplicate id {ident}")
                seen.add(ident)
            rows.append((index, values))
        ids[info.name] = seen
        tables.append((info, key, rows))

    # Pass 2: every reference points to a row in the file.
    for info, key, rows in tables:
        for column in info.columns:
            if column.references is None:
                continue
            targets = ids.get(column.references, set())
            for index, values in rows:
                target = values.get(column.name)
                if target is not None and target not in targets:
                    problems.add(f"{key}[{index}].{column.name}",
                                 f"refers to {column.references.replace('_', ' ')} {target}, "
                                 "which is not in the file")
    problems.raise_if_any(source_name)

    ordered = [(info, _self_reference_order(info, rows, key, problems))
               for info, key, rows in tables]
    problems.raise_if_any(source_name)
    return ordered


# ----------------------------------------------------------------------------- import


def import_portfolio(db_target: str | Path, text: str, source_name: str = "") -> dict[str, int]:
    """Load portfolio JSON into a NEW database; return the row count per table.

    The whole file is checked first. A new plan file is built beside its name and put in
    place only when complete (planner/store/creation.py): if anything is wrong, the
    database refuses a row, the disk fills or the run is killed, there is no plan at
    ``db_target`` afterwards, and the same import can simply be run again.
    """
    plan = parse_portfolio(text, source_name)
    path = sqlite_path(database_url(db_target))
    if path is not None and path.exists():
        raise ValidationError(f"{path} already exists; import writes a new database only",
                              "db")
    try:
        with new_plan(db_target) as store:
            if path is None:  # a database server: "new" means no plan in it yet
                with store.work() as work:
                    occupied = [info.name for info, _ in plan if work.count(info.model)]
                if occupied:
                    raise ValidationError(f"{shown(store.url, capital=True)} already holds a "
                                          f"plan (its {occupied[0]} table has rows); import "
                                          "needs an empty database", "db")
            with store.work() as work:
                for info, rows in plan:
                    insert_rows(work, info, rows)
                reset_sequences(work, [info.name for info, rows in plan if rows])
                tampered = tampered_in(work)  # a text changed since it was agreed
                if tampered:
                    prefix = f"{source_name}: " if source_name else ""
                    raise ValidationError(f"{prefix}not imported: {tampered[0]}", "agreement")
    except RowRejected as exc:
        prefix = f"{source_name}: " if source_name else ""
        raise ValidationError(f"{prefix}{collection_name(exc.table)}[{exc.index}]: "
                              f"{exc.reason}", f"{collection_name(exc.table)}[{exc.index}]"
                              ) from None
    return {info.name: len(rows) for info, rows in plan}


# ----------------------------------------------------------------------------- documentation

_KIND_NAMES = {"int": "integer", "float": "number", "bool": "true/false", "text": "string",
               "date": "date", "datetime": "date-time", "json": "JSON"}
REFERENCE_START = "<!-- field reference: generated by field_reference(); do not edit -->"
REFERENCE_END = "<!-- end of field reference -->"


def field_reference() -> str:
    """The per-table field list of docs/portfolio-json.md, made from the schema itself.

    A test compares the document with this, so the documentation cannot drift from the
    format. After a schema change run ``python -m planner.services.portfolio_json``.
    """
    lines = [REFERENCE_START, ""]
    for info in table_infos():
        lines += [f"### `{collection_name(info.name)}` (table `{info.name}`)", "",
                  "| field | type | notes |", "|---|---|---|"]
        for column in info.columns:
            kind = _KIND_NAMES[column.kind]
            if column.kind == "json":
                kind = f"JSON `{column.annotation}`".replace("typing.", "")
            notes: list[str] = []
            if column.name == "id":
                notes.append("row id, kept on import")
            elif column.required:
                notes.append("required")
            if column.nullable:
                notes.append("may be null")
            if column.references:
                notes.append(f"an id in `{collection_name(column.references)}`")
            if not column.required and column.default is not None:
                default = column.default()
                shown = ("the time of import" if isinstance(default, dt.datetime)
                         else f"`{json.dumps(default, ensure_ascii=False)}`")
                notes.append(f"default {shown}")
            lines.append(f"| `{column.name}` | {kind} | {'; '.join(notes)} |")
        lines.append("")
    lines.append(REFERENCE_END)
    return "\n".join(lines)


def _write_reference(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(REFERENCE_START)
    end = text.index(REFERENCE_END) + len(REFERENCE_END)
    path.write_text(text[:start] + field_reference() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    _write_reference(Path(__file__).resolve().parents[2] / "docs" / "portfolio-json.md")
