"""Read-side queries over the projections' tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import func, select

from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.tables import incidents, monitor_health, monitors, schedule
from uptime_sentinel.application.read_models import (
    IncidentView,
    MonitorPage,
    MonitorView,
    ScheduleRow,
)

_JOINED = monitors.outerjoin(monitor_health, monitor_health.c.id == monitors.c.id)
_COLUMNS = (
    *monitors.c,
    monitor_health.c.health,
    monitor_health.c.consecutive_failures,
    monitor_health.c.last_error,
)


def _view(row: Any) -> MonitorView:
    return MonitorView(
        id=UUID(row.id),
        name=row.name,
        url=row.url,
        method=row.method,
        interval_seconds=row.interval_seconds,
        timeout_ms=row.timeout_ms,
        status=row.status,
        health=row.health or "UNKNOWN",
        consecutive_failures=row.consecutive_failures or 0,
        last_error=row.last_error,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class SqlMonitorQueries:
    def __init__(self, database: Database) -> None:
        self._db = database

    def get(self, monitor_id: UUID) -> MonitorView | None:
        with self._db.read() as c:
            row = c.execute(
                select(*_COLUMNS).select_from(_JOINED).where(monitors.c.id == str(monitor_id))
            ).first()
        return None if row is None else _view(row)

    def get_many(self, monitor_ids: Iterable[UUID]) -> dict[UUID, MonitorView]:
        ids = [str(i) for i in monitor_ids]
        if not ids:
            return {}
        with self._db.read() as c:
            rows = c.execute(select(*_COLUMNS).select_from(_JOINED).where(monitors.c.id.in_(ids)))
            return {v.id: v for v in map(_view, rows)}

    def page(
        self, *, status: str | None, health: str | None, limit: int, offset: int
    ) -> MonitorPage:
        conditions = []
        if status is not None:
            conditions.append(monitors.c.status == status)
        if health is not None:
            conditions.append(monitor_health.c.health == health)
        # Without a health filter the join cannot change the count: count monitors alone.
        counted = _JOINED if health is not None else monitors
        with self._db.read() as c:
            total = c.execute(
                select(func.count()).select_from(counted).where(*conditions)
            ).scalar_one()
            # Deferred join: find the page's ids on the (status,) created_at, id index alone,
            # then read just those rows; OFFSET over whole joined rows is slow deep down.
            page_ids = (
                select(monitors.c.id)
                .select_from(counted)
                .where(*conditions)
                .order_by(monitors.c.created_at, monitors.c.id)
                .limit(limit)
                .offset(offset)
                .subquery()
            )
            rows = c.execute(
                select(*_COLUMNS)
                .select_from(_JOINED.join(page_ids, page_ids.c.id == monitors.c.id))
                .order_by(monitors.c.created_at, monitors.c.id)
            )
            return MonitorPage([_view(r) for r in rows], int(total))

    def incidents(self, monitor_id: UUID, limit: int) -> list[IncidentView]:
        with self._db.read() as c:
            rows = c.execute(
                select(incidents)
                .where(incidents.c.monitor_id == str(monitor_id))
                .order_by(incidents.c.started_at.desc())
                .limit(limit)
            )
            return [
                IncidentView(
                    UUID(r.monitor_id),
                    r.started_at,
                    r.ended_at,
                    r.failures,
                    r.first_error,
                    r.last_error,
                )
                for r in rows
            ]


class SqlScheduleQueries:
    def __init__(self, database: Database) -> None:
        self._db = database

    def changes_since(self, position: int, limit: int) -> list[ScheduleRow]:
        with self._db.read() as c:
            rows = c.execute(
                select(schedule)
                .where(schedule.c.position > position)
                .order_by(schedule.c.position)
                .limit(limit)
            )
            return [
                ScheduleRow(
                    UUID(r.monitor_id), r.interval_seconds, r.active, r.added_at, r.position
                )
                for r in rows
            ]
