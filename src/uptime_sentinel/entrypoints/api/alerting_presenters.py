"""Aggregates and read-model rows of alerting, as response Structs."""

from __future__ import annotations

from datetime import datetime

from uptime_sentinel.application.alerting.read_models import (
    AlertRuleView,
    ChannelView,
    EscalationPolicyView,
    NotificationView,
)
from uptime_sentinel.domain.alerting.channel import NotificationChannel
from uptime_sentinel.domain.alerting.escalation import EscalationPolicy
from uptime_sentinel.domain.alerting.rule import AlertRule
from uptime_sentinel.domain.alerting.values import Source
from uptime_sentinel.entrypoints.api.alerting_schemas import (
    AlertRuleOut,
    ChannelOut,
    EscalationPolicyOut,
    NotificationOut,
)


def channel_out(c: NotificationChannel | ChannelView) -> ChannelOut:
    if isinstance(c, ChannelView):
        return ChannelOut(c.id, c.name, c.type, c.dsn, c.enabled, c.created_at, c.updated_at)
    return ChannelOut(c.id, c.name, c.type, c.redacted, c.enabled, c.created_on, c.modified_on)


def rule_out(
    rule: AlertRule | AlertRuleView, channel: NotificationChannel | None = None
) -> AlertRuleOut:
    shown, created, updated = _channel_and_times(rule, channel)
    cooldown = rule.cooldown if isinstance(rule, AlertRuleView) else rule.cooldown_text
    return AlertRuleOut(
        rule.id,
        rule.monitor_id,
        shown,
        rule.type,
        rule.failure_threshold,
        cooldown,
        rule.enabled,
        created,
        updated,
    )


def policy_out(
    policy: EscalationPolicy | EscalationPolicyView, channel: NotificationChannel | None = None
) -> EscalationPolicyOut:
    shown, created, updated = _channel_and_times(policy, channel)
    return EscalationPolicyOut(
        policy.id,
        policy.monitor_id,
        policy.level,
        policy.consecutive_failures,
        shown,
        policy.enabled,
        created,
        updated,
    )


def _channel_and_times(
    item: AlertRule | EscalationPolicy | AlertRuleView | EscalationPolicyView,
    channel: NotificationChannel | None,
) -> tuple[ChannelOut, datetime, datetime]:
    """A rule's or policy's channel and times: a read-model row carries its channel, an
    aggregate just saved comes with the channel its command returned."""
    if isinstance(item, AlertRuleView | EscalationPolicyView):
        return channel_out(item.channel), item.created_at, item.updated_at
    assert channel is not None
    return channel_out(channel), item.created_on, item.modified_on


def notification_out(n: NotificationView) -> NotificationOut:
    by_rule = n.source == Source.RULE
    return NotificationOut(
        id=n.id,
        monitor_id=n.monitor_id,
        incident=n.incident,
        kind=n.kind,
        source=n.source,
        rule_id=n.source_id if by_rule else None,
        escalation_policy_id=None if by_rule else n.source_id,
        level=n.level,
        channel_id=n.channel_id,
        channel_name=n.channel_name,
        status=n.status,
        reason=n.reason,
        attempts=n.attempts,
        last_error=n.last_error,
        consecutive_failures=n.consecutive_failures,
        occurred_at=n.occurred_at,
        next_attempt_at=n.next_attempt_at,
        delivered_at=n.delivered_at,
    )
