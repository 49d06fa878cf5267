"""AlertRule: which notices one monitor's failures and recoveries send to one channel."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from uptime_sentinel.domain.alerting.values import (
    NotificationType,
    check_count,
    check_type,
    format_cooldown,
    parse_cooldown,
)
from uptime_sentinel.domain.errors import InvalidTransition


class AlertRule(Aggregate):
    class Created(Aggregate.Created):
        monitor_id: UUID
        channel_id: UUID
        type: str
        failure_threshold: int
        cooldown_seconds: float

    class Reconfigured(Aggregate.Event):
        channel_id: UUID
        type: str
        failure_threshold: int
        cooldown_seconds: float

    class Enabled(Aggregate.Event):
        pass

    class Disabled(Aggregate.Event):
        pass

    class Deleted(Aggregate.Event):
        pass

    @event(Created)
    def __init__(
        self,
        monitor_id: UUID,
        channel_id: UUID,
        type: str,
        failure_threshold: int,
        cooldown_seconds: float,
    ) -> None:
        self.monitor_id = monitor_id
        self._configure(channel_id, type, failure_threshold, cooldown_seconds)
        self.enabled = True
        self.deleted = False

    @staticmethod
    def create_id() -> UUID:
        return uuid4()

    @classmethod
    def create(
        cls,
        monitor_id: UUID,
        channel_id: UUID,
        type: str,
        failure_threshold: int,
        cooldown: str,
    ) -> AlertRule:
        """Validates first: a decorated method also runs on replay, where it must not fail."""
        kind = check_type(type)
        threshold = check_count("failure_threshold", failure_threshold)
        seconds = parse_cooldown(cooldown).total_seconds()
        return cls(monitor_id, channel_id, kind.value, threshold, seconds)

    @property
    def notification_type(self) -> NotificationType:
        return NotificationType(self.type)

    @property
    def cooldown(self) -> timedelta:
        return timedelta(seconds=self.cooldown_seconds)

    @property
    def cooldown_text(self) -> str:
        return format_cooldown(self.cooldown)

    def reconfigure(
        self,
        *,
        channel_id: UUID | None = None,
        type: str | None = None,
        failure_threshold: int | None = None,
        cooldown: str | None = None,
    ) -> None:
        """Change some settings; records nothing when nothing changes."""
        self._require_not_deleted()
        new = (
            channel_id or self.channel_id,
            check_type(type).value if type is not None else self.type,
            check_count("failure_threshold", failure_threshold)
            if failure_threshold is not None
            else self.failure_threshold,
            parse_cooldown(cooldown).total_seconds()
            if cooldown is not None
            else self.cooldown_seconds,
        )
        if new != (self.channel_id, self.type, self.failure_threshold, self.cooldown_seconds):
            self._reconfigure(*new)

    @event(Reconfigured)
    def _reconfigure(
        self, channel_id: UUID, type: str, failure_threshold: int, cooldown_seconds: float
    ) -> None:
        self._configure(channel_id, type, failure_threshold, cooldown_seconds)

    def _configure(
        self, channel_id: UUID, type: str, failure_threshold: int, cooldown_seconds: float
    ) -> None:
        self.channel_id = channel_id
        self.type = type
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds

    def enable(self) -> None:
        """Idempotent: enabling an enabled rule records nothing."""
        self._require_not_deleted()
        if not self.enabled:
            self._enable()

    @event(Enabled)
    def _enable(self) -> None:
        self.enabled = True

    def disable(self) -> None:
        self._require_not_deleted()
        if self.enabled:
            self._disable()

    @event(Disabled)
    def _disable(self) -> None:
        self.enabled = False

    def delete(self) -> None:
        self._require_not_deleted()
        self._delete()

    @event(Deleted)
    def _delete(self) -> None:
        self.deleted = True

    def _require_not_deleted(self) -> None:
        if self.deleted:
            raise InvalidTransition("alert rule has been deleted")
