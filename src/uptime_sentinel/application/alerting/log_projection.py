"""The delivery log: one row per decision. Notices follow their Notification aggregate
(pending → sending → delivered | dead_lettered); suppressed decisions, which are only
part of a MonitorAlerts evaluation event, get a row too, so the log explains silence."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import DomainEventProtocol

from uptime_sentinel.application.projections.base import Projection, ViewWriter
from uptime_sentinel.domain.alerting.monitor_alerts import MonitorAlerts
from uptime_sentinel.domain.alerting.notification import DeliveryStatus, Notification

TABLE = "alert_notifications"


class NotificationLogProjection(Projection):
    name = "notification_log"
    tables = (TABLE,)
    event_classes = (
        MonitorAlerts.FailureEvaluated,
        MonitorAlerts.RecoveryEvaluated,
        Notification.Decided,
        Notification.AttemptStarted,
        Notification.AttemptFailed,
        Notification.Delivered,
        Notification.DeadLettered,
    )

    def apply(self, event: DomainEventProtocol[Any], position: int, view: ViewWriter) -> None:
        e: Any = event
        key = {"id": str(event.originator_id)}
        if isinstance(event, MonitorAlerts.FailureEvaluated | MonitorAlerts.RecoveryEvaluated):
            count = getattr(e, "consecutive_failures", 0)
            for ordinal, d in enumerate(e.decisions):
                if d["reason"] is not None:
                    view.upsert(TABLE, {"id": d["id"]}, _suppressed(e, d, count, position, ordinal))
        elif isinstance(event, Notification.Decided):
            view.upsert(
                TABLE,
                key,
                {
                    "monitor_id": str(e.monitor_id),
                    "incident": e.incident,
                    "kind": e.kind,
                    "source": e.source,
                    "source_id": str(e.source_id),
                    "level": e.level,
                    "channel_id": str(e.channel_id),
                    "status": DeliveryStatus.PENDING.value,
                    "reason": None,
                    "attempts": 0,
                    "last_error": None,
                    "consecutive_failures": e.consecutive_failures,
                    "occurred_at": e.occurred_at,
                    "next_attempt_at": e.occurred_at,
                    "delivered_at": None,
                    "position": position,
                    "ordinal": 0,
                },
            )
        elif isinstance(event, Notification.AttemptStarted):
            values = {"status": DeliveryStatus.SENDING.value, "attempts": e.attempt}
            view.update(TABLE, key, {**values, "next_attempt_at": e.lease_until})
        elif isinstance(event, Notification.AttemptFailed):
            values = {"status": DeliveryStatus.PENDING.value, "last_error": e.error}
            view.update(TABLE, key, {**values, "next_attempt_at": e.next_attempt_at})
        elif isinstance(event, Notification.Delivered):
            values = {"status": DeliveryStatus.DELIVERED.value, "delivered_at": e.delivered_at}
            view.update(TABLE, key, {**values, "next_attempt_at": None})
        elif isinstance(event, Notification.DeadLettered):
            values = {"status": DeliveryStatus.DEAD_LETTERED.value, "last_error": e.error}
            view.update(TABLE, key, {**values, "next_attempt_at": None})


def _suppressed(e: Any, d: dict[str, Any], count: int, position: int, ordinal: int) -> Any:
    return {
        "monitor_id": str(e.monitor_id),
        "incident": e.incident,
        "kind": d["kind"],
        "source": d["source"],
        "source_id": d["source_id"],
        "level": d["level"],
        "channel_id": d["channel_id"],
        "status": DeliveryStatus.SUPPRESSED.value,
        "reason": d["reason"],
        "attempts": 0,
        "last_error": None,
        "consecutive_failures": count,
        "occurred_at": e.checked_at,
        "next_attempt_at": None,
        "delivered_at": None,
        "position": position,
        "ordinal": ordinal,
    }
