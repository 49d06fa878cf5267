"""Alerting errors: each carries a message a user can act on, and never a secret."""

from __future__ import annotations

from uuid import UUID

from uptime_sentinel.domain.errors import DomainError


class InvalidAlertConfig(DomainError):
    """A field of a rule, policy or channel is out of range or malformed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class AlertingNotFound(DomainError):
    """No such rule, policy, channel or notification (unknown or deleted)."""

    kind = "resource"

    def __init__(self, resource_id: UUID | str) -> None:
        super().__init__(f"{self.kind} {resource_id} not found")
        self.resource_id = resource_id


class AlertRuleNotFound(AlertingNotFound):
    kind = "alert rule"


class EscalationPolicyNotFound(AlertingNotFound):
    kind = "escalation policy"


class ChannelNotFound(AlertingNotFound):
    kind = "channel"


class AlertingConflict(DomainError):
    """The request clashes with what exists (a channel with this DSN, a level already set)."""
