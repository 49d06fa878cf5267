from __future__ import annotations

from typing import Any

from eventsourcing.domain import DomainEventProtocol

from uptime_sentinel.application.projections.base import Projection, ViewWriter
from uptime_sentinel.domain.monitor import LIFECYCLE_EVENTS, Monitor
from uptime_sentinel.domain.monitor_spec import MonitorStatus


class CatalogueProjection(Projection):
    """The monitors the API lists: configuration and status."""

    name = "catalogue"
    tables = ("monitors",)
    event_classes = LIFECYCLE_EVENTS

    def apply(self, event: DomainEventProtocol[Any], position: int, view: ViewWriter) -> None:
        key = {"id": str(event.originator_id)}
        e: Any = event
        if isinstance(event, Monitor.Registered):
            view.upsert(
                "monitors",
                key,
                {
                    **_spec(e),
                    "status": MonitorStatus.ACTIVE.value,
                    "created_at": e.timestamp,
                    "updated_at": e.timestamp,
                },
            )
        elif isinstance(event, Monitor.Reconfigured):
            view.update("monitors", key, {**_spec(e), "updated_at": e.timestamp})
        elif isinstance(event, Monitor.Paused | Monitor.Resumed):
            status = (
                MonitorStatus.PAUSED if isinstance(event, Monitor.Paused) else MonitorStatus.ACTIVE
            )
            view.update("monitors", key, {"status": status.value, "updated_at": e.timestamp})
        elif isinstance(event, Monitor.Deleted):
            view.delete("monitors", key)


def _spec(e: Any) -> dict[str, Any]:
    return {
        "name": e.name,
        "url": e.url,
        "method": e.method,
        "interval_seconds": e.interval_seconds,
        "timeout_ms": e.timeout_ms,
    }
