"""Projection tables as dicts of rows, for unit tests and property tests."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

from uptime_sentinel.application.projections.base import Row, ViewWriter

Table = list[dict[str, Any]]


def _matches(row: Row, where: Row) -> bool:
    return all(row.get(k) == v for k, v in where.items())


class InMemoryViewWriter:
    def __init__(self, tables: dict[str, Table]) -> None:
        self._tables = tables

    def _rows(self, table: str) -> Table:
        return self._tables.setdefault(table, [])

    def upsert(self, table: str, key: Row, values: Row) -> None:
        rows = [r for r in self._rows(table) if _matches(r, key)]
        if rows:
            for r in rows:
                r.update(values)
        else:
            self._rows(table).append({**key, **values})

    def update(self, table: str, where: Row, values: Row) -> None:
        for r in self._rows(table):
            if _matches(r, where):
                r.update(values)

    def delete(self, table: str, where: Row) -> None:
        self._tables[table] = [r for r in self._rows(table) if not _matches(r, where)]

    def insert(self, table: str, values: Row) -> None:
        self._rows(table).append(dict(values))


class InMemoryProjectionStore:
    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}
        self._positions: dict[str, int] = {}
        self._lock = threading.Lock()

    def position(self, name: str) -> int:
        return self._positions.get(name, 0)

    def positions(self) -> dict[str, int]:
        return dict(self._positions)

    def apply_batch(
        self, name: str, expected: int, new: int, apply: Callable[[ViewWriter], None]
    ) -> bool:
        with self._lock:
            if self._positions.get(name, 0) != expected:
                return False
            working = copy.deepcopy(self.tables)  # all or nothing, like a transaction
            apply(InMemoryViewWriter(working))
            self.tables = working
            self._positions[name] = new
            return True

    def reset(self, name: str, tables: tuple[str, ...]) -> None:
        with self._lock:
            for table in tables:
                self.tables.pop(table, None)
            self._positions.pop(name, None)
