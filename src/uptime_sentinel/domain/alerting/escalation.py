"""EscalationPolicy: at exactly N consecutive failures, tell a channel (once per incident).

`monitor_id` None makes the policy global; a monitor's own policy overrides the global one
at the same level."""

from __future__ import annotations

from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from uptime_sentinel.domain.alerting.values import check_count
from uptime_sentinel.domain.errors import InvalidTransition


class EscalationPolicy(Aggregate):
    class Created(Aggregate.Created):
        monitor_id: UUID | None
        level: int
        consecutive_failures: int
        channel_id: UUID

    class Enabled(Aggregate.Event):
        pass

    class Disabled(Aggregate.Event):
        pass

    class Deleted(Aggregate.Event):
        pass

    @event(Created)
    def __init__(
        self, monitor_id: UUID | None, level: int, consecutive_failures: int, channel_id: UUID
    ) -> None:
        self.monitor_id = monitor_id
        self.level = level
        self.consecutive_failures = consecutive_failures
        self.channel_id = channel_id
        self.enabled = True
        self.deleted = False

    @staticmethod
    def create_id() -> UUID:
        return uuid4()

    @classmethod
    def create(
        cls, monitor_id: UUID | None, level: int, consecutive_failures: int, channel_id: UUID
    ) -> EscalationPolicy:
        return cls(
            monitor_id,
            check_count("level", level),
            check_count("consecutive_failures", consecutive_failures),
            channel_id,
        )

    def enable(self) -> None:
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
            raise InvalidTransition("escalation policy has been deleted")
