"""What a worker does with one batch: check on time, buffer every result, record decisions."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from itertools import groupby
from uuid import UUID

from uptime_sentinel.application.monitoring import Monitoring
from uptime_sentinel.application.ports.check_queue import CheckBatch, ScheduledCheck
from uptime_sentinel.application.ports.checker import Checker, CheckRequest
from uptime_sentinel.application.ports.clock import Clock
from uptime_sentinel.application.ports.hot_state import HealthCache
from uptime_sentinel.application.ports.telemetry import TelemetryBuffer
from uptime_sentinel.application.read_models import MonitorQueries, MonitorView
from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.health import Health, HealthPolicy, HealthState
from uptime_sentinel.domain.monitor import DEFAULT_POLICY
from uptime_sentinel.domain.monitor_spec import MonitorStatus

HEALTHY = HealthState(Health.UP, 0)


class SpecCache:
    """Monitor specs by id, refreshed after `ttl` seconds: workers never replay aggregates
    to learn what to check, and a reconfiguration reaches them within `ttl`."""

    def __init__(self, queries: MonitorQueries, ttl: float = 5.0) -> None:
        self._queries = queries
        self._ttl = ttl
        self._cache: dict[UUID, tuple[float, MonitorView | None]] = {}

    def get_many(self, ids: Sequence[UUID]) -> dict[UUID, MonitorView]:
        now = time.monotonic()
        stale = [i for i in ids if (hit := self._cache.get(i)) is None or hit[0] < now]
        if stale:
            fresh = self._queries.get_many(stale)
            for i in stale:
                self._cache[i] = (now + self._ttl, fresh.get(i))
        found: dict[UUID, MonitorView] = {}
        for i in ids:
            view = self._cache[i][1]
            if view is not None:
                found[i] = view
        return found


class CheckProcessor:
    def __init__(
        self,
        monitoring: Monitoring,
        specs: SpecCache,
        checker: Checker,
        buffer: TelemetryBuffer,
        health: HealthCache,
        clock: Clock,
        policy: HealthPolicy = DEFAULT_POLICY,
    ) -> None:
        self._monitoring = monitoring
        self._specs = specs
        self._checker = checker
        self._buffer = buffer
        self._health = health
        self._clock = clock
        self._policy = policy

    async def process(self, batch: CheckBatch) -> list[CheckResult]:
        ids = [c.monitor_id for c in batch.checks]
        specs = await asyncio.to_thread(self._specs.get_many, ids)
        due = [
            c
            for c in batch.checks
            if (v := specs.get(c.monitor_id)) is not None and v.status == MonitorStatus.ACTIVE
        ]
        groups = [
            list(g) for _, g in groupby(sorted(due, key=lambda c: c.due_at), lambda c: c.due_at)
        ]
        checked = await asyncio.gather(*(self._check_at_due(g, specs) for g in groups))
        results = [r for group in checked for r in group]
        if results:
            self._buffer.push(results)
            await asyncio.to_thread(self._record_decisions, results)
        return results

    async def _check_at_due(
        self, checks: list[ScheduledCheck], specs: dict[UUID, MonitorView]
    ) -> list[CheckResult]:
        wait = (checks[0].due_at - self._clock.now()).total_seconds()
        if wait > 0:
            await asyncio.sleep(wait)
        requests = [
            CheckRequest(
                c.monitor_id,
                specs[c.monitor_id].url,
                specs[c.monitor_id].method,
                specs[c.monitor_id].timeout_ms,
            )
            for c in checks
        ]
        return await self._checker.check_many(requests)

    def _record_decisions(self, results: list[CheckResult]) -> None:
        """Only results that may change state reach the event store: a success of a monitor
        known to be healthy is telemetry only."""
        known = self._health.get_many(r.monitor_id for r in results)
        deciding = [r for r in results if not (r.ok and known.get(r.monitor_id) == HEALTHY)]
        if deciding:
            self._health.set_many(self._monitoring.record_checks(deciding, self._policy))
