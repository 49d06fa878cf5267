"""Row operations of one projection batch, written with as few statements as possible.

Every update a projection writes sets absolute values, so successive updates of the same
rows can be merged into one, and successive inserts into one table sent as one multi-row
statement. Operations are queued per table in order; tables are independent (no triggers,
no foreign keys), so each table's queue is flushed on its own. A rebuild then writes each
monitor's rows once per batch instead of once per event."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, update

from uptime_sentinel.adapters.sql import tables
from uptime_sentinel.application.projections.base import Row

WhereShape = tuple[tuple[str, bool], ...]


class _Inserts:
    def __init__(self, columns: tuple[str, ...]) -> None:
        self.columns = columns
        self.rows: list[dict[str, Any]] = []


class _Updates:
    """Updates with one WHERE shape holding at least one equality: two of them match the
    same rows or disjoint rows, so merging by WHERE values keeps the outcome."""

    def __init__(self, shape: WhereShape) -> None:
        self.shape = shape
        self.by_where: dict[tuple[Any, ...], tuple[Row, dict[str, Any]]] = {}
        # An update that changes a WHERE column changes which rows later updates match:
        # nothing may merge into this segment after it.
        self.closed = False


class BatchedViewWriter:
    _statements: dict[tuple[object, ...], Any] = {}

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._queues: dict[str, list[_Inserts | _Updates]] = {}

    # ViewWriter ---------------------------------------------------------------------------

    def insert(self, table: str, values: Row) -> None:
        queue = self._queues.setdefault(table, [])
        columns = tuple(values)
        last = queue[-1] if queue else None
        if not (isinstance(last, _Inserts) and last.columns == columns):
            last = _Inserts(columns)
            queue.append(last)
        last.rows.append({f"v_{k}": v for k, v in values.items()})

    def update(self, table: str, where: Row, values: Row) -> None:
        shape = _where_shape(where)
        if all(is_null for _, is_null in shape):
            self._flush(table)
            self._execute_update(table, where, dict(values))
            return
        queue = self._queues.setdefault(table, [])
        last = queue[-1] if queue else None
        if not (isinstance(last, _Updates) and last.shape == shape and not last.closed):
            last = _Updates(shape)
            queue.append(last)
        key = tuple(where.values())
        _, merged = last.by_where.get(key, (where, {}))
        merged.update(values)
        last.by_where[key] = (where, merged)
        last.closed = not values.keys().isdisjoint(where)

    def upsert(self, table: str, key: Row, values: Row) -> None:
        self._flush(table)
        if not self._execute_update(table, key, dict(values)):
            self.insert(table, {**key, **values})

    def delete(self, table: str, where: Row) -> None:
        self._flush(table)
        stmt = self._statement(("delete", table, _where_shape(where)), _delete, table, where)
        self._c.execute(stmt, _where_params(where))

    def flush(self) -> None:
        for table in list(self._queues):
            self._flush(table)

    # Writing ------------------------------------------------------------------------------

    def _flush(self, table: str) -> None:
        for segment in self._queues.pop(table, []):
            if isinstance(segment, _Inserts):
                shape = ("insert", table, segment.columns)
                stmt = self._statement(shape, _insert, table, segment.columns)
                self._c.execute(stmt, segment.rows)
            else:
                for where, values in segment.by_where.values():
                    self._execute_update(table, where, values)

    def _execute_update(self, table: str, where: Row, values: dict[str, Any]) -> int:
        shape = ("update", table, _where_shape(where), tuple(values))
        stmt = self._statement(shape, _update, table, where, values)
        params = {**_where_params(where), **{f"v_{k}": v for k, v in values.items()}}
        return int(self._c.execute(stmt, params).rowcount)

    def _statement(self, shape: tuple[object, ...], build: Any, *args: Any) -> Any:
        stmt = self._statements.get(shape)
        if stmt is None:
            stmt = self._statements[shape] = build(*args)
        return stmt


def _insert(table: str, columns: tuple[str, ...]) -> Any:
    return insert(tables.views.tables[table]).values({k: bindparam(f"v_{k}") for k in columns})


def _update(table: str, where: Row, values: Row) -> Any:
    t = tables.views.tables[table]
    return update(t).where(_match(t, where)).values({k: bindparam(f"v_{k}") for k in values})


def _delete(table: str, where: Row) -> Any:
    t = tables.views.tables[table]
    return delete(t).where(_match(t, where))


def _where_shape(where: Row) -> WhereShape:
    return tuple((k, v is None) for k, v in where.items())


def _where_params(where: Row) -> dict[str, Any]:
    return {f"w_{k}": v for k, v in where.items() if v is not None}


def _match(table: Table, where: Row) -> Any:
    return and_(
        *(
            table.c[k].is_(None) if v is None else table.c[k] == bindparam(f"w_{k}")
            for k, v in where.items()
        )
    )
