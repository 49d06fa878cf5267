"""What the API and the scheduler read: query ports over the projections' tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class MonitorView:
    id: UUID
    name: str
    url: str
    method: str
    interval_seconds: int
    timeout_ms: int
    status: str
    health: str
    consecutive_failures: int
    last_error: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class MonitorPage:
    items: Sequence[MonitorView]
    total: int


@dataclass(frozen=True, slots=True)
class IncidentView:
    monitor_id: UUID
    started_at: datetime
    ended_at: datetime | None
    failures: int
    first_error: str | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    monitor_id: UUID
    interval_seconds: int
    active: bool
    added_at: datetime
    position: int


class MonitorQueries(Protocol):
    def get(self, monitor_id: UUID) -> MonitorView | None: ...

    def get_many(self, monitor_ids: Iterable[UUID]) -> dict[UUID, MonitorView]: ...

    def page(
        self, *, status: str | None, health: str | None, limit: int, offset: int
    ) -> MonitorPage: ...

    def incidents(self, monitor_id: UUID, limit: int) -> list[IncidentView]: ...


class ScheduleQueries(Protocol):
    def changes_since(self, position: int, limit: int) -> list[ScheduleRow]:
        """Schedule rows changed after `position`, in position order (tombstones included)."""
        ...
