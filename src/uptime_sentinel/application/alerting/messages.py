"""A decided Notification, as the message a channel delivers."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from uptime_sentinel.application.ports.channel import EventType, NotificationMessage
from uptime_sentinel.application.read_models import MonitorView
from uptime_sentinel.domain.alerting.notification import Notification
from uptime_sentinel.domain.alerting.values import NoticeKind

DELETED_MONITOR = "(deleted monitor)"


def message_for(notification: Notification, monitor: MonitorView | None) -> NotificationMessage:
    """Names and URLs come from the catalogue at send time; everything decided (counts,
    times, the error) comes from the notification, identical on every retry."""
    recovered = notification.kind == NoticeKind.RECOVERY
    return NotificationMessage(
        notification_id=notification.id,
        event_type=EventType(notification.kind),
        monitor_id=notification.monitor_id,
        monitor_name=DELETED_MONITOR if monitor is None else monitor.name,
        url="" if monitor is None else monitor.url,
        health="UP" if recovered else "DOWN",
        consecutive_failures=notification.consecutive_failures,
        escalation_level=notification.level,
        last_error=notification.error,
        down_since=notification.down_since,
        timestamp=notification.occurred_at,
    )


def test_message(message_id: UUID, now: datetime) -> NotificationMessage:
    return NotificationMessage(
        notification_id=message_id,
        event_type=EventType.TEST,
        monitor_id=None,
        monitor_name="UptimeSentinel",
        url="",
        health="UP",
        consecutive_failures=0,
        escalation_level=None,
        last_error=None,
        down_since=None,
        timestamp=now,
    )
