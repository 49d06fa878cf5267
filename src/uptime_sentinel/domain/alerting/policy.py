"""The decision policy, pure: given one failed check (or a recovery), the monitor's rules and
escalation policies, and what this monitor's alerting has already done, say which notices
are due and why every other one is not (DESIGN.md "Alerting semantics").

No clock: every time comes from the facts (when the check ran), so decisions replay alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from uptime_sentinel.domain.alerting.values import (
    NoticeKind,
    NotificationType,
    Source,
    SuppressionReason,
)


@dataclass(frozen=True, slots=True)
class RuleConfig:
    id: UUID
    channel_id: UUID
    type: NotificationType
    failure_threshold: int
    cooldown: timedelta
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class PolicyConfig:
    id: UUID
    monitor_id: UUID | None
    level: int
    consecutive_failures: int
    channel_id: UUID
    enabled: bool = True
    order: int = 0  # creation order: the earliest wins when two share a level and scope


@dataclass(frozen=True, slots=True)
class AlertConfig:
    """The configuration in effect for one monitor (rules in creation order)."""

    rules: Sequence[RuleConfig] = ()
    policies: Sequence[PolicyConfig] = ()
    channels_enabled: Mapping[UUID, bool] = field(default_factory=dict)

    def channel_enabled(self, channel_id: UUID) -> bool:
        # An unknown channel is not "disabled": the notifier dead-letters it, visibly.
        return self.channels_enabled.get(channel_id, True)


@dataclass(frozen=True, slots=True)
class FiredLevel:
    policy_id: UUID
    channel_id: UUID


@dataclass(frozen=True, slots=True)
class Incident:
    """One run of consecutive failures, as alerting saw it."""

    number: int = 0
    open: bool = False
    started_at: datetime | None = None
    last_count: int = 0
    max_failures: int = 0
    last_error: str | None = None
    fired_levels: Mapping[int, FiredLevel] = field(default_factory=dict)
    alerted_rules: frozenset[UUID] = frozenset()


@dataclass(frozen=True, slots=True)
class Failure:
    checked_at: datetime
    consecutive_failures: int
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """A notice that is due (`reason` None) or suppressed, and why."""

    kind: NoticeKind
    source: Source
    source_id: UUID
    channel_id: UUID
    level: int | None = None
    reason: SuppressionReason | None = None

    @property
    def notify(self) -> bool:
        return self.reason is None


def starts_incident(incident: Incident, failure: Failure) -> bool:
    """A failure opens an incident unless one is open and counting up. A count that did not
    grow means the monitor succeeded in between without an event (it never went DOWN)."""
    return not incident.open or failure.consecutive_failures <= incident.last_count


def open_incident(previous: Incident, failure: Failure) -> Incident:
    return Incident(number=previous.number + 1, open=True, started_at=failure.checked_at)


def effective_policies(
    monitor_id: UUID, policies: Sequence[PolicyConfig]
) -> dict[int, PolicyConfig]:
    """One policy per level: the monitor's own overrides the global one."""
    chosen: dict[int, PolicyConfig] = {}
    ranked = sorted(
        (p for p in policies if p.monitor_id in (monitor_id, None)),
        key=lambda p: (p.monitor_id is None, p.order, str(p.id)),
    )
    for policy in ranked:
        chosen.setdefault(policy.level, policy)
    return dict(sorted(chosen.items()))


def decide_failure(
    monitor_id: UUID,
    incident: Incident,
    last_notices: Mapping[UUID, datetime],
    failure: Failure,
    config: AlertConfig,
) -> list[Decision]:
    """`incident` is the one this failure belongs to (already opened when it starts one);
    `last_notices` is each rule's last failure notice time, across incidents."""
    decisions = [
        _rule_on_failure(rule, last_notices.get(rule.id), failure, config)
        for rule in config.rules
        if rule.type.on_failure
    ]
    for level, policy in effective_policies(monitor_id, config.policies).items():
        if failure.consecutive_failures != policy.consecutive_failures:
            continue  # exact match only: not due, and nothing to explain
        reason = None
        if level in incident.fired_levels:
            reason = SuppressionReason.ALREADY_ESCALATED
        elif not policy.enabled:
            reason = SuppressionReason.DISABLED
        elif not config.channel_enabled(policy.channel_id):
            reason = SuppressionReason.CHANNEL_DISABLED
        decisions.append(
            Decision(
                NoticeKind.ESCALATION,
                Source.ESCALATION,
                policy.id,
                policy.channel_id,
                level,
                reason,
            )
        )
    return decisions


def _rule_on_failure(
    rule: RuleConfig, last_notice: datetime | None, failure: Failure, config: AlertConfig
) -> Decision:
    reason = None
    if failure.consecutive_failures < rule.failure_threshold:
        reason = SuppressionReason.BELOW_THRESHOLD
    elif not rule.enabled:
        reason = SuppressionReason.DISABLED
    elif not config.channel_enabled(rule.channel_id):
        reason = SuppressionReason.CHANNEL_DISABLED
    elif last_notice is not None and failure.checked_at - last_notice < rule.cooldown:
        reason = SuppressionReason.COOLDOWN
    return Decision(NoticeKind.FAILURE, Source.RULE, rule.id, rule.channel_id, None, reason)


def decide_recovery(incident: Incident, config: AlertConfig) -> list[Decision]:
    """Recovery notices ignore cooldowns. A rule owes one when it alerted in this incident
    or the incident reached its threshold; every level that fired is told it is over."""
    decisions: list[Decision] = []
    for rule in config.rules:
        if not rule.type.on_recovery:
            continue
        reason = None
        owed = rule.id in incident.alerted_rules or incident.max_failures >= rule.failure_threshold
        if not owed:
            reason = SuppressionReason.BELOW_THRESHOLD
        elif not rule.enabled:
            reason = SuppressionReason.DISABLED
        elif not config.channel_enabled(rule.channel_id):
            reason = SuppressionReason.CHANNEL_DISABLED
        decisions.append(
            Decision(NoticeKind.RECOVERY, Source.RULE, rule.id, rule.channel_id, None, reason)
        )
    for level, fired in sorted(incident.fired_levels.items()):
        reason = None
        if not config.channel_enabled(fired.channel_id):
            reason = SuppressionReason.CHANNEL_DISABLED
        decisions.append(
            Decision(
                NoticeKind.RECOVERY,
                Source.ESCALATION,
                fired.policy_id,
                fired.channel_id,
                level,
                reason,
            )
        )
    return decisions
