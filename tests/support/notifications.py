"""A ready-made NotificationMessage for channel tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from uptime_sentinel.application.ports.channel import EventType, NotificationMessage

NOW = datetime(2025, 3, 14, 9, 30, 0, tzinfo=UTC)
NOTIFICATION_ID = UUID("7b0c6a2e-3f51-4c1e-9a7d-2b8f0e6d4c11")
MONITOR_ID = UUID("0f3e2d1c-5b4a-4978-8665-a4b3c2d1e0f9")


def make_message(**overrides: Any) -> NotificationMessage:
    message = NotificationMessage(
        notification_id=NOTIFICATION_ID,
        event_type=EventType.FAILURE,
        monitor_id=MONITOR_ID,
        monitor_name="Shop API",
        url="https://shop.example/api",
        health="DOWN",
        consecutive_failures=5,
        escalation_level=None,
        last_error="HTTP 503",
        down_since=NOW - timedelta(minutes=4),
        timestamp=NOW,
    )
    return replace(message, **overrides)
