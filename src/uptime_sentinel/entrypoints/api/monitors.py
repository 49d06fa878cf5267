"""The monitor resource: commands go to the `Monitoring` use cases, reads to the read models.

Every command waits for the read models to apply its events before answering, so a GET
right after a POST or PATCH sees the change (read-your-writes). The path id is declared
`str` and converted by the handler signature (`common.PathId`), so a malformed id gets a
422 naming `monitor_id` instead of the router's bare 404."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.params import FromQuery, JSONBody, QueryParameter

from uptime_sentinel.bootstrap import Container
from uptime_sentinel.domain.errors import MonitorNotFound
from uptime_sentinel.domain.monitor import Monitor
from uptime_sentinel.domain.monitor_spec import MonitorSpec
from uptime_sentinel.entrypoints.api.common import Deps, PathId, id_path, require
from uptime_sentinel.entrypoints.api.errors import error_responses
from uptime_sentinel.entrypoints.api.presenters import (
    present_check,
    present_incident,
    present_monitor,
    present_monitors,
    view_of_aggregate,
)
from uptime_sentinel.entrypoints.api.schemas import (
    CheckOut,
    HealthName,
    IncidentOut,
    MonitorCreate,
    MonitorList,
    MonitorOut,
    MonitorPatch,
    StatusName,
)

ONE = id_path("monitor_id")


class MonitorController(Controller):
    path = "/api/monitors"
    tags = ["monitors"]

    @post("/", operation_id="createMonitor", sync_to_thread=True, responses=error_responses(422))
    def create_monitor(self, container: Deps, data: JSONBody[MonitorCreate]) -> MonitorOut:
        """Register a URL to check. It starts ACTIVE with health UNKNOWN until its first check."""
        spec = MonitorSpec.create(
            data.name, data.url, data.method, data.interval_seconds, data.timeout_ms
        )
        monitor, position = container.monitoring.register_monitor(spec)
        return _after_command(container, monitor, position)

    @get("/", operation_id="listMonitors", sync_to_thread=True, responses=error_responses(422))
    def list_monitors(
        self,
        container: Deps,
        status: FromQuery[StatusName | None] = None,
        health: FromQuery[HealthName | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> MonitorList:
        """Monitors in registration order, optionally filtered by status and health."""
        page = container.monitor_queries.page(
            status=status, health=health, limit=limit, offset=offset
        )
        items = present_monitors(container, page.items)
        return MonitorList(items=items, total=page.total, limit=limit, offset=offset)

    @get(ONE, operation_id="getMonitor", sync_to_thread=True, responses=error_responses(404, 422))
    def get_monitor(self, container: Deps, monitor_id: PathId) -> MonitorOut:
        """One monitor with its last check time and next due time."""
        view = require(container.monitor_queries.get, monitor_id, MonitorNotFound)
        return present_monitor(container, view)

    @patch(
        ONE, operation_id="updateMonitor", sync_to_thread=True, responses=error_responses(404, 422)
    )
    def update_monitor(
        self, container: Deps, monitor_id: PathId, data: JSONBody[MonitorPatch]
    ) -> MonitorOut:
        """Change some of name, url, method, interval_seconds, timeout_ms; the result is
        validated as a whole (the timeout must stay below the interval)."""
        monitor, position = container.monitoring.reconfigure_monitor(monitor_id, **data.changes())
        return _after_command(container, monitor, position)

    @delete(
        ONE, operation_id="deleteMonitor", sync_to_thread=True, responses=error_responses(404, 422)
    )
    def delete_monitor(self, container: Deps, monitor_id: PathId) -> None:
        """Stop checking a monitor and remove it from the catalogue."""
        position = container.monitoring.delete_monitor(monitor_id)
        container.wait_for_views(position, names=CATALOGUE)

    @patch(
        ONE + "/pause",
        operation_id="pauseMonitor",
        sync_to_thread=True,
        responses=error_responses(404, 409, 422),
    )
    def pause_monitor(self, container: Deps, monitor_id: PathId) -> MonitorOut:
        """Stop checking until resumed; pausing a paused monitor is a conflict (409)."""
        monitor, position = container.monitoring.pause_monitor(monitor_id)
        return _after_command(container, monitor, position)

    @patch(
        ONE + "/resume",
        operation_id="resumeMonitor",
        sync_to_thread=True,
        responses=error_responses(404, 409, 422),
    )
    def resume_monitor(self, container: Deps, monitor_id: PathId) -> MonitorOut:
        """Check again on the monitor's interval; resuming an active monitor is a conflict (409)."""
        monitor, position = container.monitoring.resume_monitor(monitor_id)
        return _after_command(container, monitor, position)

    @get(
        ONE + "/checks",
        operation_id="listMonitorChecks",
        sync_to_thread=True,
        responses=error_responses(404, 422),
    )
    def list_checks(
        self,
        container: Deps,
        monitor_id: PathId,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    ) -> list[CheckOut]:
        """Recent check results, newest first."""
        require(container.monitor_queries.get, monitor_id, MonitorNotFound)
        return [present_check(r) for r in container.telemetry_store.recent(monitor_id, limit)]

    @get(
        ONE + "/incidents",
        operation_id="listMonitorIncidents",
        sync_to_thread=True,
        responses=error_responses(404, 422),
    )
    def list_incidents(
        self,
        container: Deps,
        monitor_id: PathId,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    ) -> list[IncidentOut]:
        """Stretches of DOWN health, newest first; an open incident has no `ended_at`."""
        require(container.monitor_queries.get, monitor_id, MonitorNotFound)
        incidents = container.monitor_queries.incidents(monitor_id, limit)
        return [present_incident(i) for i in incidents]


# What a monitor command changes that the API shows: configuration and status. Health is
# not changed by commands; the schedule is not read by the API.
CATALOGUE = ("catalogue",)


def _after_command(container: Container, monitor: Monitor, position: int) -> MonitorOut:
    """Answer from the read model once it has the change; if it lags past the timeout,
    answer from the aggregate just saved rather than from a stale row."""
    caught_up = container.wait_for_views(position, names=CATALOGUE)
    view = container.monitor_queries.get(monitor.id) if caught_up else None
    return present_monitor(container, view or view_of_aggregate(monitor))
