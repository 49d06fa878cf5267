"""Projection rows and tracking positions in one SQL transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, delete, insert, select, update

from uptime_sentinel.adapters.sql import tables
from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.view_writer import BatchedViewWriter
from uptime_sentinel.application.projections.base import ViewWriter

positions = tables.projection_positions


class SqlProjectionStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def position(self, name: str) -> int:
        with self._db.read() as c:
            found = c.execute(select(positions.c.position).where(positions.c.name == name))
            return int(found.scalar() or 0)

    def positions(self) -> dict[str, int]:
        with self._db.read() as c:
            return {row.name: int(row.position) for row in c.execute(select(positions))}

    def apply_batch(
        self, name: str, expected: int, new: int, apply: Callable[[ViewWriter], None]
    ) -> bool:
        with self._db.write() as c:
            if not self._advance(c, name, expected, new):
                return False
            writer = BatchedViewWriter(c)
            apply(writer)
            writer.flush()
            return True

    @staticmethod
    def _advance(c: Connection, name: str, expected: int, new: int) -> bool:
        """Claim the step expected → new first: a concurrent runner's claim fails here."""
        moved = c.execute(
            update(positions)
            .where(positions.c.name == name, positions.c.position == expected)
            .values(position=new)
        ).rowcount
        if moved:
            return True
        if expected == 0:
            exists = c.execute(select(positions.c.name).where(positions.c.name == name)).first()
            if exists is None:
                c.execute(insert(positions).values(name=name, position=new))
                return True
        return False

    def reset(self, name: str, table_names: tuple[str, ...]) -> None:
        with self._db.write() as c:
            for table_name in table_names:
                c.execute(delete(tables.views.tables[table_name]))
            c.execute(delete(positions).where(positions.c.name == name))
