from __future__ import annotations

from typing import Any

from eventsourcing.domain import DomainEventProtocol

from uptime_sentinel.application.projections.base import Projection, ViewWriter
from uptime_sentinel.domain.monitor import LIFECYCLE_EVENTS, Monitor


class ScheduleProjection(Projection):
    """What the scheduler needs: which monitors are active, at which interval. Rows stay as
    tombstones (active = false) so schedulers following `position` see removals too."""

    name = "schedule"
    tables = ("schedule",)
    event_classes = LIFECYCLE_EVENTS

    def apply(self, event: DomainEventProtocol[Any], position: int, view: ViewWriter) -> None:
        key = {"monitor_id": str(event.originator_id)}
        e: Any = event
        if isinstance(event, Monitor.Registered):
            values = {
                "interval_seconds": e.interval_seconds,
                "active": True,
                "added_at": e.timestamp,
            }
            view.upsert("schedule", key, {**values, "position": position})
        elif isinstance(event, Monitor.Reconfigured):
            view.update(
                "schedule", key, {"interval_seconds": e.interval_seconds, "position": position}
            )
        elif isinstance(event, Monitor.Resumed):
            view.update("schedule", key, {"active": True, "position": position})
        elif isinstance(event, Monitor.Paused | Monitor.Deleted):
            view.update("schedule", key, {"active": False, "position": position})
