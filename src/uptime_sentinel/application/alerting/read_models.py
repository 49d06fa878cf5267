"""What the API, the alerting process and the notifier read: rows of the alert
configuration and notification-log projections, and the query port over them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from uptime_sentinel.domain.alerting.policy import AlertConfig


@dataclass(frozen=True, slots=True)
class ChannelView:
    id: UUID
    name: str
    type: str
    dsn: str  # redacted
    enabled: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AlertRuleView:
    id: UUID
    monitor_id: UUID
    channel: ChannelView
    type: str
    failure_threshold: int
    cooldown: str
    enabled: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class EscalationPolicyView:
    id: UUID
    monitor_id: UUID | None
    level: int
    consecutive_failures: int
    channel: ChannelView
    enabled: bool
    created_at: datetime
    updated_at: datetime
    position: int  # creation order


@dataclass(frozen=True, slots=True)
class NotificationView:
    """One decision: a notice (pending, sending, delivered, dead_lettered) or a suppression."""

    id: UUID
    monitor_id: UUID
    incident: int
    kind: str
    source: str
    source_id: UUID
    level: int | None
    channel_id: UUID
    channel_name: str | None
    status: str
    reason: str | None
    attempts: int
    last_error: str | None
    consecutive_failures: int
    occurred_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    position: int


@dataclass(frozen=True, slots=True)
class NotificationPage:
    items: Sequence[NotificationView]
    total: int


class AlertingQueries(Protocol):
    def config_for(self, monitor_id: UUID) -> AlertConfig:
        """The monitor's rules, the policies that may apply to it (its own and the global
        ones, overrides not yet resolved) and whether their channels are enabled."""
        ...

    def channel(self, channel_id: UUID) -> ChannelView | None: ...

    def channels(self) -> list[ChannelView]: ...

    def rule(self, rule_id: UUID) -> AlertRuleView | None: ...

    def rules_for_monitor(self, monitor_id: UUID) -> list[AlertRuleView]: ...

    def policy(self, policy_id: UUID) -> EscalationPolicyView | None: ...

    def policies(self, monitor_id: UUID | None = None) -> list[EscalationPolicyView]:
        """All policies, or those that may apply to `monitor_id` (its own and the global)."""
        ...

    def notifications(
        self, *, monitor_id: UUID | None, status: str | None, limit: int, offset: int
    ) -> NotificationPage:
        """Newest decision first."""
        ...

    def due_notifications(self, now: datetime, limit: int) -> list[NotificationView]:
        """Pending (or sending with an expired lease) notices whose time has come, each the
        oldest open one of its monitor and channel, so notices to a channel stay in order."""
        ...
