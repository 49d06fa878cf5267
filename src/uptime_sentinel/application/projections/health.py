from __future__ import annotations

from typing import Any

from eventsourcing.domain import DomainEventProtocol

from uptime_sentinel.application.projections.base import Projection, ViewWriter
from uptime_sentinel.domain.health import Health
from uptime_sentinel.domain.monitor import Monitor


class HealthProjection(Projection):
    """Each monitor's health and its incident history (one row per DOWN stretch)."""

    name = "health"
    tables = ("monitor_health", "incidents")
    event_classes = (
        Monitor.Registered,
        Monitor.CameUp,
        Monitor.Recovered,
        Monitor.WentDown,
        Monitor.CheckFailed,
        Monitor.Deleted,
    )

    def apply(self, event: DomainEventProtocol[Any], position: int, view: ViewWriter) -> None:
        monitor_id = str(event.originator_id)
        key = {"id": monitor_id}
        e: Any = event
        if isinstance(event, Monitor.Registered):
            view.upsert(
                "monitor_health",
                key,
                {
                    "health": Health.UNKNOWN.value,
                    "consecutive_failures": 0,
                    "last_error": None,
                    "last_failure_at": None,
                    "changed_at": e.timestamp,
                },
            )
        elif isinstance(event, Monitor.CameUp | Monitor.Recovered):
            view.update(
                "monitor_health",
                key,
                {"health": Health.UP.value, "consecutive_failures": 0, "changed_at": e.checked_at},
            )
            if isinstance(event, Monitor.Recovered):
                view.update(
                    "incidents",
                    {"monitor_id": monitor_id, "ended_at": None},
                    {"ended_at": e.checked_at},
                )
        elif isinstance(event, Monitor.WentDown | Monitor.CheckFailed):
            values = {
                "health": e.health,
                "consecutive_failures": e.consecutive_failures,
                "last_error": e.error,
                "last_failure_at": e.checked_at,
            }
            if isinstance(event, Monitor.WentDown):
                values["changed_at"] = e.checked_at
                view.insert(
                    "incidents",
                    {
                        "monitor_id": monitor_id,
                        "started_at": e.checked_at,
                        "ended_at": None,
                        "failures": e.consecutive_failures,
                        "first_error": e.error,
                        "last_error": e.error,
                    },
                )
            else:
                view.update(
                    "incidents",
                    {"monitor_id": monitor_id, "ended_at": None},
                    {"failures": e.consecutive_failures, "last_error": e.error},
                )
            view.update("monitor_health", key, values)
        elif isinstance(event, Monitor.Deleted):
            view.delete("monitor_health", key)
            view.delete("incidents", {"monitor_id": monitor_id})
