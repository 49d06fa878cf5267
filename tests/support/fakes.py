"""Small honest fakes for unit tests of the application layer."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from uuid import UUID

from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore
from uptime_sentinel.application.ports.checker import CheckRequest
from uptime_sentinel.application.read_models import MonitorView, ScheduleRow
from uptime_sentinel.domain.check import CheckResult


class ScriptedChecker:
    """Answers each URL with the status the test set for it (200 by default)."""

    def __init__(self, clock) -> None:
        self._clock = clock
        self.statuses: dict[str, int | None] = {}
        self.requests: list[CheckRequest] = []

    async def check_many(self, requests: Sequence[CheckRequest]) -> list[CheckResult]:
        await asyncio.sleep(0)
        self.requests.extend(requests)
        results = []
        for r in requests:
            status = self.statuses.get(r.url, 200)
            error = "connection refused (127.0.0.1:9)" if status is None else None
            results.append(CheckResult(r.monitor_id, self._clock.now(), 1.0, status, error))
        return results


class StoreScheduleQueries:
    """ScheduleQueries over an InMemoryProjectionStore's `schedule` table."""

    def __init__(self, store: InMemoryProjectionStore) -> None:
        self._store = store

    def changes_since(self, position: int, limit: int) -> list[ScheduleRow]:
        rows = sorted(
            (r for r in self._store.tables.get("schedule", []) if r["position"] > position),
            key=lambda r: r["position"],
        )[:limit]
        return [
            ScheduleRow(
                UUID(r["monitor_id"]),
                r["interval_seconds"],
                r["active"],
                r["added_at"],
                r["position"],
            )
            for r in rows
        ]


class StoreMonitorQueries:
    """The subset of MonitorQueries workers use, over an InMemoryProjectionStore."""

    def __init__(self, store: InMemoryProjectionStore) -> None:
        self._store = store

    def get_many(self, monitor_ids) -> dict[UUID, MonitorView]:
        wanted = {str(i) for i in monitor_ids}
        health = {r["id"]: r for r in self._store.tables.get("monitor_health", [])}
        found = {}
        for r in self._store.tables.get("monitors", []):
            if r["id"] in wanted:
                h = health.get(r["id"], {})
                found[UUID(r["id"])] = MonitorView(
                    id=UUID(r["id"]),
                    name=r["name"],
                    url=r["url"],
                    method=r["method"],
                    interval_seconds=r["interval_seconds"],
                    timeout_ms=r["timeout_ms"],
                    status=r["status"],
                    health=h.get("health", "UNKNOWN"),
                    consecutive_failures=h.get("consecutive_failures", 0),
                    last_error=h.get("last_error"),
                    created_at=r["created_at"],
                    updated_at=r["updated_at"],
                )
        return found
