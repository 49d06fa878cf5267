"""The alert configuration read model: channels (DSN redacted), rules and policies. The API
lists from it; the alerting process reads each monitor's configuration from it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from eventsourcing.domain import DomainEventProtocol

from uptime_sentinel.application.projections.base import Projection, ViewWriter
from uptime_sentinel.domain.alerting.channel import NotificationChannel
from uptime_sentinel.domain.alerting.escalation import EscalationPolicy
from uptime_sentinel.domain.alerting.rule import AlertRule
from uptime_sentinel.domain.alerting.values import format_cooldown

CHANNELS, RULES, POLICIES = "alert_channels", "alert_rules", "escalation_policies"


class AlertConfigProjection(Projection):
    name = "alert_config"
    tables = (CHANNELS, RULES, POLICIES)
    event_classes = (
        NotificationChannel.Created,
        NotificationChannel.Enabled,
        NotificationChannel.Disabled,
        AlertRule.Created,
        AlertRule.Reconfigured,
        AlertRule.Enabled,
        AlertRule.Disabled,
        AlertRule.Deleted,
        EscalationPolicy.Created,
        EscalationPolicy.Enabled,
        EscalationPolicy.Disabled,
        EscalationPolicy.Deleted,
    )

    def apply(self, event: DomainEventProtocol[Any], position: int, view: ViewWriter) -> None:
        e: Any = event
        key = {"id": str(event.originator_id)}
        created = {"enabled": True, "created_at": e.timestamp, "updated_at": e.timestamp}
        if isinstance(event, NotificationChannel.Created):
            # Only the redacted DSN: a read model is no place for a password.
            view.upsert(
                CHANNELS, key, {"name": e.name, "type": e.type, "dsn": e.redacted, **created}
            )
        elif isinstance(event, NotificationChannel.Enabled | NotificationChannel.Disabled):
            _toggle(view, CHANNELS, key, e, isinstance(event, NotificationChannel.Enabled))
        elif isinstance(event, AlertRule.Created):
            values = {"monitor_id": str(e.monitor_id), **_rule(e), "position": position}
            view.upsert(RULES, key, {**values, **created})
        elif isinstance(event, AlertRule.Reconfigured):
            view.update(RULES, key, {**_rule(e), "updated_at": e.timestamp})
        elif isinstance(event, AlertRule.Enabled | AlertRule.Disabled):
            _toggle(view, RULES, key, e, isinstance(event, AlertRule.Enabled))
        elif isinstance(event, AlertRule.Deleted):
            view.delete(RULES, key)
        elif isinstance(event, EscalationPolicy.Created):
            values = {
                "monitor_id": None if e.monitor_id is None else str(e.monitor_id),
                "level": e.level,
                "consecutive_failures": e.consecutive_failures,
                "channel_id": str(e.channel_id),
                "position": position,
            }
            view.upsert(POLICIES, key, {**values, **created})
        elif isinstance(event, EscalationPolicy.Enabled | EscalationPolicy.Disabled):
            _toggle(view, POLICIES, key, e, isinstance(event, EscalationPolicy.Enabled))
        elif isinstance(event, EscalationPolicy.Deleted):
            view.delete(POLICIES, key)


def _toggle(view: ViewWriter, table: str, key: dict[str, str], e: Any, enabled: bool) -> None:
    view.update(table, key, {"enabled": enabled, "updated_at": e.timestamp})


def _rule(e: Any) -> dict[str, Any]:
    return {
        "channel_id": str(e.channel_id),
        "type": e.type,
        "failure_threshold": e.failure_threshold,
        "cooldown": format_cooldown(timedelta(seconds=e.cooldown_seconds)),
        "cooldown_seconds": e.cooldown_seconds,
    }
