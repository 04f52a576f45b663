"""Generic, table-by-table access to every row of a plan (store layer).

Whole-plan operations (the portfolio JSON export and import, copying a plan) must not be
written per table, or every schema change would need matching code there. This module
describes each table from its model — columns, value kinds, defaults, foreign keys — in an
order where every table comes after the tables it points to, and inserts rows with their
ids kept. It is the only place such code touches SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError
from sqlalchemy import JSON, Table, TypeDecorator, insert, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from planner.store import tables
from planner.store.database import UnitOfWork

KINDS = ("int", "float", "bool", "text", "date", "datetime", "json")


@dataclass(frozen=True)
class ColumnInfo:
    """One column as a whole-plan format sees it."""

    name: str
    kind: str  # one of KINDS
    nullable: bool
    required: bool  # no default: a row must give it
    references: str | None  # table a foreign key points to
    annotation: Any  # the model's type annotation (JSON columns are checked against it)
    default: Callable[[], Any] | None  # makes the default value for an omitted column


@dataclass(frozen=True)
class TableInfo:
    name: str
    model: type[SQLModel]
    columns: tuple[ColumnInfo, ...]

    @property
    def self_references(self) -> tuple[str, ...]:
        """Columns pointing to another row of the same table (e.g. a parent milestone)."""
        return tuple(c.name for c in self.columns if c.references == self.name)

    def column(self, name: str) -> ColumnInfo:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


class RowRejected(Exception):
    """The database refused one row (a CHECK or UNIQUE constraint); ``index`` is its place."""

    def __init__(self, table: str, index: int, reason: str) -> None:
        super().__init__(f"{table}[{index}]: {reason}")
        self.table = table
        self.index = index
        self.reason = reason


def _kind(table: Table, name: str) -> str:
    column_type: Any = table.columns[name].type
    if isinstance(column_type, TypeDecorator):  # e.g. UTCDateTime: judge by what it stores
        column_type = column_type.impl_instance
    if isinstance(column_type, JSON):
        return "json"
    python_type = column_type.python_type
    # datetime is a subclass of date, bool of int: test the narrower type first.
    for kind, candidate in (("bool", bool), ("int", int), ("float", float), ("text", str),
                            ("datetime", dt.datetime), ("date", dt.date)):
        if issubclass(python_type, candidate):
            return kind
    raise TypeError(f"{table.name}.{name}: no portable kind for {python_type!r}")


def _default(field: Any) -> Callable[[], Any] | None:
    if field.is_required():
        return None
    return lambda: field.get_default(call_default_factory=True)


@cache
def table_infos() -> tuple[TableInfo, ...]:
    """Every table except Alembic's, parents before children (a stable order)."""
    models: dict[str, type[SQLModel]] = {}
    for value in vars(tables).values():
        table = getattr(value, "__table__", None)
        if isinstance(value, type) and issubclass(value, SQLModel) and table is not None:
            models[table.name] = value
    infos: list[TableInfo] = []
    for table in SQLModel.metadata.sorted_tables:
        model = models.get(table.name)
        if model is None:
            continue
        columns: list[ColumnInfo] = []
        for name in table.columns.keys():  # noqa: SIM118 - a column collection, not a dict
            if name == tables.VERSION_COLUMN:  # bookkeeping for concurrent edits, not content
                continue
            field = model.model_fields[name]
            column = table.columns[name]
            targets = sorted({fk.column.table.name for fk in column.foreign_keys})
            columns.append(ColumnInfo(
                name=name, kind=_kind(table, name),
                nullable=bool(column.nullable) and not column.primary_key,
                required=column.primary_key or field.is_required(),
                references=targets[0] if targets else None,
                annotation=field.annotation,
                default=None if column.primary_key else _default(field)))
        infos.append(TableInfo(table.name, model, tuple(columns)))
    return tuple(infos)


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def json_problem(column: ColumnInfo, value: Any) -> tuple[str, str] | None:
    """Why ``value`` does not fit a JSON column's declared type: (inner place, problem).

    The inner place is written like ``[0].what`` (empty for the value as a whole).
    """
    try:
        _adapter(column.annotation).validate_python(value, strict=True)
    except PydanticError as exc:
        error = exc.errors()[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
        return where, f"{error['msg'].lower()}, got {error.get('input')!r}"
    return None


def row_values(info: TableInfo, row: SQLModel) -> dict[str, Any]:
    """A row as plain Python values, one per column."""
    return {column.name: getattr(row, column.name) for column in info.columns}


def insert_rows(work: UnitOfWork, info: TableInfo,
                rows: Sequence[tuple[int, dict[str, Any]]]) -> None:
    """Insert rows with their ids, in the order given (parents first for self-references).

    Each row comes with its place in the caller's list, which a refusal reports. Rows go in
    as one multi-row statement (model objects would cost ten times more); if the database
    refuses something, they are tried one at a time inside a savepoint to name the row.
    """
    if not rows:
        return
    session = work.session
    table = info.model.__table__  # type: ignore[attr-defined]
    statement = insert(table)
    try:
        with session.begin_nested():
            session.execute(statement, [values for _, values in rows])
        return
    except IntegrityError:
        pass
    for index, values in rows:
        try:
            with session.begin_nested():
                session.execute(statement, [values])
        except IntegrityError as exc:
            reason = str(exc.orig).strip() if exc.orig is not None else str(exc)
            raise RowRejected(info.name, index, f"refused by the database ({reason})") from None
    raise RowRejected(info.name, rows[0][0], "refused by the database")  # pragma: no cover


def reset_sequences(work: UnitOfWork, names: Iterable[str]) -> None:
    """After inserting explicit ids, let new rows continue after the highest one.

    SQLite does this by itself; PostgreSQL sequences must be moved on by hand.
    """
    session = work.session
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in names:
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{name}\"), 0) + 1, false)"))
