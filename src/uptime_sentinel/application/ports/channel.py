"""The delivery port: one notification, handed to one channel (email, Slack, webhook, …)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID


class EventType(StrEnum):
    FAILURE = "FAILURE"
    RECOVERY = "RECOVERY"
    ESCALATION = "ESCALATION"
    TEST = "TEST"


@dataclass(frozen=True, slots=True)
class NotificationMessage:
    """What a channel delivers. `notification_id` is also the idempotency key: a retried
    delivery carries the same id, so receivers that honour it see the notice once."""

    notification_id: UUID
    event_type: EventType
    monitor_id: UUID | None
    monitor_name: str
    url: str
    health: str
    consecutive_failures: int
    escalation_level: int | None
    last_error: str | None
    down_since: datetime | None
    timestamp: datetime

    def __post_init__(self) -> None:
        # Durations are computed from these two; a naive one would be off by the local offset.
        if self.timestamp.utcoffset() is None:
            raise ValueError("NotificationMessage.timestamp must be timezone-aware")
        if self.down_since is not None and self.down_since.utcoffset() is None:
            raise ValueError("NotificationMessage.down_since must be timezone-aware")

    @property
    def subject(self) -> str:
        """One line a person understands at a glance (email subject, chat headline)."""
        # Imported here: the renderer needs this module's types, and this module is the port.
        from uptime_sentinel.application.notification_text import render_subject

        return render_subject(self)

    @property
    def details(self) -> str:
        """The facts behind the subject, one per line."""
        from uptime_sentinel.application.notification_text import render_details

        return render_details(self)

    @property
    def text(self) -> str:
        """Subject, blank line, details: the full plain-text notice."""
        return f"{self.subject}\n\n{self.details}"


class DeliveryError(Exception):
    """A channel did not take the notification. `retryable` says whether trying the same
    message again later can succeed (network errors, timeouts, 5xx, 408, 429) or not
    (bad credentials, unknown channel, other 4xx: fix the configuration first)."""

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


def http_status_retryable(status: int) -> bool:
    """HTTP semantics: 408, 429 and 5xx are transient; other 4xx need a configuration fix."""
    return status in (408, 429) or status >= 500


class ChannelSender(Protocol):
    async def send(self, message: NotificationMessage) -> None:
        """Deliver `message` or raise DeliveryError. Never logs or raises a secret in clear."""
        ...
