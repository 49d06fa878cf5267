"""Monitors and events in bulk, through the application (never the HTTP API)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.monitor import Monitor
from uptime_sentinel.domain.monitor_spec import MonitorSpec

BATCH = 500


def register(
    container: Any, count: int, url: str, interval: int, *, up: bool = False
) -> list[UUID]:
    """Register `count` monitors, `BATCH` aggregates per save (one transaction each).

    `up`: as if each had been checked once already: a successful check is recorded on the
    aggregate (UNKNOWN -> UP) before it is saved, and the health cache is told, so the
    system starts in its steady state instead of with one event-store write per monitor."""
    ids: list[UUID] = []
    now = datetime.now(UTC)
    for start in range(0, count, BATCH):
        monitors = [
            Monitor.register(MonitorSpec.create(f"bench-{i}", url, "GET", interval))
            for i in range(start, min(count, start + BATCH))
        ]
        if up:
            for m in monitors:
                m.record_check(CheckResult(m.id, now, 1.0, 200))
            container.health_cache.set_many({m.id: m.health_state for m in monitors})
        container.monitoring.save(*monitors)
        ids.extend(m.id for m in monitors)
    return ids


def history(container: Any, monitors: int, events_per_monitor: int, url: str) -> int:
    """Monitors with a health history: registered, up, then repeated incidents
    (WentDown, CheckFailed..., Recovered), built on in-memory aggregates and saved in batches.
    Returns how many events were stored."""
    stored = 0
    start = datetime.now(UTC) - timedelta(days=30)
    per_save = max(1, 5_000 // events_per_monitor)
    for first in range(0, monitors, per_save):
        batch = []
        for i in range(first, min(monitors, first + per_save)):
            monitor = Monitor.register(MonitorSpec.create(f"hist-{i}", url, "GET", 60))
            events, step = 1, 0
            while events < events_per_monitor:
                step += 1
                ok = step % 6 in (0, 1)  # ok, fail x4, ok: up, down, ..., recovered
                at = start + timedelta(minutes=step)
                events += monitor.record_check(CheckResult(monitor.id, at, 5.0, 200 if ok else 503))
            batch.append(monitor)
        stored += len(container.monitoring.save(*batch))
    return stored


def head(container: Any) -> int:
    return int(container.monitoring.recorder.max_notification_id() or 0)


def wait_projected(system: Any, position: int, timeout: float) -> float:
    """Wait for every projection to reach `position` (read from the projection store).
    Returns the seconds waited; raises TimeoutError after `timeout`."""
    from sqlalchemy import create_engine, text

    url = system.settings().effective_database_url
    engine = create_engine(url)
    t0 = time.monotonic()
    try:
        while True:
            with engine.connect() as c:
                rows = c.execute(text("SELECT name, position FROM projection_positions")).all()
            positions = {r[0]: r[1] for r in rows}
            if len(positions) >= 3 and min(positions.values()) >= position:
                return time.monotonic() - t0
            if time.monotonic() - t0 > timeout:
                raise TimeoutError(f"projections at {positions}, wanted {position}")
            system.check_alive()
            time.sleep(0.5)
    finally:
        engine.dispose()
