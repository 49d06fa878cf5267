"""Turn read models, telemetry and hot state into response Structs.

A page of monitors costs three queries whatever its size: the page, the last checks of
its ids, and their due times (no per-monitor lookups)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from uptime_sentinel.application.ports.hot_state import ScheduleEntry
from uptime_sentinel.application.read_models import IncidentView, MonitorView
from uptime_sentinel.bootstrap import Container
from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.monitor import Monitor
from uptime_sentinel.entrypoints.api.schemas import CheckOut, IncidentOut, MonitorOut


def present_monitors(container: Container, views: Sequence[MonitorView]) -> list[MonitorOut]:
    ids = [v.id for v in views]
    last = container.telemetry_store.last_checks(ids)
    due = container.schedule_index.entries(ids)
    return [_monitor_out(v, last.get(v.id), due.get(v.id)) for v in views]


def present_monitor(container: Container, view: MonitorView) -> MonitorOut:
    return present_monitors(container, [view])[0]


def view_of_aggregate(monitor: Monitor) -> MonitorView:
    """What the read model will say once it catches up: used when it has not in time."""
    return MonitorView(
        id=monitor.id,
        name=monitor.name,
        url=monitor.url,
        method=monitor.method.value,
        interval_seconds=monitor.interval_seconds,
        timeout_ms=monitor.timeout_ms,
        status=monitor.status.value,
        health=monitor.health.value,
        consecutive_failures=monitor.consecutive_failures,
        last_error=None,
        created_at=monitor.created_on,
        updated_at=monitor.modified_on,
    )


def present_check(result: CheckResult) -> CheckOut:
    return CheckOut(
        checked_at=result.checked_at,
        status_code=result.status_code,
        latency_ms=result.latency_ms,
        ok=result.ok,
        error=result.error,
    )


def present_incident(incident: IncidentView) -> IncidentOut:
    return IncidentOut(
        started_at=incident.started_at,
        ended_at=incident.ended_at,
        failures=incident.failures,
        first_error=incident.first_error,
        last_error=incident.last_error,
    )


def _monitor_out(
    view: MonitorView, last: CheckResult | None, entry: ScheduleEntry | None
) -> MonitorOut:
    last_checked_at = None if last is None else last.checked_at
    return MonitorOut(
        id=view.id,
        name=view.name,
        url=view.url,
        method=view.method,
        interval_seconds=view.interval_seconds,
        timeout_ms=view.timeout_ms,
        status=view.status,  # type: ignore[arg-type]
        health=view.health,  # type: ignore[arg-type]
        consecutive_failures=view.consecutive_failures,
        last_error=view.last_error,
        last_checked_at=last_checked_at,
        next_check_at=_next_check_at(view, last_checked_at, entry),
        created_at=view.created_at,
        updated_at=view.updated_at,
    )


def _next_check_at(
    view: MonitorView, last_checked_at: datetime | None, entry: ScheduleEntry | None
) -> datetime | None:
    """The scheduler's due time; before it indexes the monitor, an estimate from the last
    check; nothing for a paused monitor, which is not due at all."""
    if view.status != "ACTIVE":
        return None
    if entry is not None:
        return entry.due_at
    if last_checked_at is not None:
        return last_checked_at + timedelta(seconds=view.interval_seconds)
    return None
