"""Long reads of plain columns, as few objects as the driver gives (store layer).

SQLAlchemy wraps each row the driver returns in a Row of its own and fetches it through
its result machinery; on PostgreSQL, where psycopg already gives Python values (dates,
integers, text, booleans) and SQLAlchemy would convert none of the columns read, the rows
psycopg made are taken as they are (29,009 conflict areas: ~40 ms less processor time).
SQLite's values need SQLAlchemy's conversions (a date is text there), so its rows are
SQLAlchemy's. Both give the same values: tests/store/test_plain_reads.py compares them.
"""

from __future__ import annotations

import collections
import contextlib
import functools
from collections.abc import Sequence
from typing import Any


@functools.lru_cache(maxsize=64)
def row_class(table: str, names: tuple[str, ...]) -> Any:
    """The named tuple class of rows of ``names`` of ``table`` (made once per shape)."""
    return collections.namedtuple(f"{table}_row", names)


def driver_rows_wanted(dialect: Any, query: Any, description: Sequence[Any]) -> bool:
    """Whether the driver's own rows hold what SQLAlchemy's would: PostgreSQL, and no column
    of ``query`` converted on the way out (a type that cannot say: False)."""
    if dialect.name != "postgresql":
        return False
    with contextlib.suppress(Exception):
        return not any(c.type.dialect_impl(dialect).result_processor(dialect, d[1])
                       for c, d in zip(query.selected_columns, description, strict=True))
    return False


def rows_of(connection: Any, query: Any) -> Sequence[Sequence[Any]]:
    """The rows of ``query`` (a Core select) on ``connection``: psycopg's own tuples, whole
    in the client, when :func:`driver_rows_wanted` says so, else SQLAlchemy's rows."""
    result = connection.execute(query)
    if not driver_rows_wanted(connection.dialect, query, result.cursor.description):
        return result.all()
    rows: list[tuple[Any, ...]] = result.cursor.fetchall()  # no round trip, cannot fail
    result.close()
    return rows


def plain_tuples(connection: Any, query: Any) -> list[tuple[Any, ...]]:
    """The rows of ``query`` as plain tuples (see :func:`rows_of`)."""
    rows = rows_of(connection, query)
    if rows and type(rows[0]) is tuple:
        return rows  # type: ignore[return-value]  # psycopg's, already plain tuples
    return [tuple(row) for row in rows]
