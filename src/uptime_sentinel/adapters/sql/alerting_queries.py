"""Read-side queries over the alert configuration and delivery-log tables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, func, or_, select

from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.tables import (
    alert_channels,
    alert_notifications,
    alert_rules,
    escalation_policies,
)
from uptime_sentinel.application.alerting.read_models import (
    AlertRuleView,
    ChannelView,
    EscalationPolicyView,
    NotificationPage,
    NotificationView,
)
from uptime_sentinel.domain.alerting.policy import AlertConfig, PolicyConfig, RuleConfig
from uptime_sentinel.domain.alerting.values import NotificationType

OPEN = ("pending", "sending")
_notes = alert_notifications
_channel_columns = [c.label(f"ch_{c.name}") for c in alert_channels.c]


def channel_view(row: Any, prefix: str = "") -> ChannelView:
    """A channel from its own row, or from `ch_*` columns joined to another row."""
    values = [getattr(row, prefix + c.name) for c in alert_channels.c]
    channel_id, name, type_, dsn, enabled, created_at, updated_at = values
    return ChannelView(UUID(channel_id), name, type_, dsn, bool(enabled), created_at, updated_at)


def _rule_view(r: Any) -> AlertRuleView:
    return AlertRuleView(
        UUID(r.id),
        UUID(r.monitor_id),
        channel_view(r, "ch_"),
        r.type,
        r.failure_threshold,
        r.cooldown,
        bool(r.enabled),
        r.created_at,
        r.updated_at,
    )


def _policy_view(r: Any) -> EscalationPolicyView:
    return EscalationPolicyView(
        UUID(r.id),
        None if r.monitor_id is None else UUID(r.monitor_id),
        r.level,
        r.consecutive_failures,
        channel_view(r, "ch_"),
        bool(r.enabled),
        r.created_at,
        r.updated_at,
        r.position,
    )


def _notification_view(r: Any) -> NotificationView:
    return NotificationView(
        UUID(r.id),
        UUID(r.monitor_id),
        r.incident,
        r.kind,
        r.source,
        UUID(r.source_id),
        r.level,
        UUID(r.channel_id),
        r.channel_name,
        r.status,
        r.reason,
        r.attempts,
        r.last_error,
        r.consecutive_failures,
        r.occurred_at,
        r.next_attempt_at,
        r.delivered_at,
        r.position,
    )


_RULES = select(alert_rules, *_channel_columns).join(
    alert_channels, alert_channels.c.id == alert_rules.c.channel_id
)
_POLICIES = select(escalation_policies, *_channel_columns).join(
    alert_channels, alert_channels.c.id == escalation_policies.c.channel_id
)
_NOTES = select(_notes, alert_channels.c.name.label("channel_name")).outerjoin(
    alert_channels, alert_channels.c.id == _notes.c.channel_id
)


class SqlAlertingQueries:
    def __init__(self, database: Database) -> None:
        self._db = database

    def config_for(self, monitor_id: UUID) -> AlertConfig:
        mid = str(monitor_id)
        with self._db.read() as c:
            rules = c.execute(
                select(alert_rules)
                .where(alert_rules.c.monitor_id == mid)
                .order_by(alert_rules.c.position)
            ).all()
            policies = c.execute(
                select(escalation_policies)
                .where(_applicable(mid))
                .order_by(escalation_policies.c.position)
            ).all()
            enabled = _channels_enabled(c, {r.channel_id for r in (*rules, *policies)})
        return AlertConfig(
            rules=[
                RuleConfig(
                    UUID(r.id),
                    UUID(r.channel_id),
                    NotificationType(r.type),
                    r.failure_threshold,
                    timedelta(seconds=r.cooldown_seconds),
                    bool(r.enabled),
                )
                for r in rules
            ],
            policies=[
                PolicyConfig(
                    UUID(p.id),
                    None if p.monitor_id is None else UUID(p.monitor_id),
                    p.level,
                    p.consecutive_failures,
                    UUID(p.channel_id),
                    bool(p.enabled),
                    p.position,
                )
                for p in policies
            ],
            channels_enabled=enabled,
        )

    def channel(self, channel_id: UUID) -> ChannelView | None:
        with self._db.read() as c:
            row = c.execute(select(alert_channels).where(alert_channels.c.id == str(channel_id)))
            found = row.first()
        return None if found is None else channel_view(found)

    def channels(self) -> list[ChannelView]:
        with self._db.read() as c:
            rows = c.execute(
                select(alert_channels).order_by(alert_channels.c.created_at, alert_channels.c.id)
            )
            return [channel_view(r) for r in rows]

    def rule(self, rule_id: UUID) -> AlertRuleView | None:
        with self._db.read() as c:
            row = c.execute(_RULES.where(alert_rules.c.id == str(rule_id))).first()
        return None if row is None else _rule_view(row)

    def rules_for_monitor(self, monitor_id: UUID) -> list[AlertRuleView]:
        with self._db.read() as c:
            rows = c.execute(
                _RULES.where(alert_rules.c.monitor_id == str(monitor_id)).order_by(
                    alert_rules.c.position
                )
            )
            return [_rule_view(r) for r in rows]

    def policy(self, policy_id: UUID) -> EscalationPolicyView | None:
        with self._db.read() as c:
            row = c.execute(_POLICIES.where(escalation_policies.c.id == str(policy_id))).first()
        return None if row is None else _policy_view(row)

    def policies(self, monitor_id: UUID | None = None) -> list[EscalationPolicyView]:
        query = _POLICIES
        if monitor_id is not None:
            query = query.where(_applicable(str(monitor_id)))
        order = (escalation_policies.c.level, escalation_policies.c.position)
        with self._db.read() as c:
            return [_policy_view(r) for r in c.execute(query.order_by(*order))]

    def notifications(
        self, *, monitor_id: UUID | None, status: str | None, limit: int, offset: int
    ) -> NotificationPage:
        conditions = []
        if monitor_id is not None:
            conditions.append(_notes.c.monitor_id == str(monitor_id))
        if status is not None:
            conditions.append(_notes.c.status == status)
        with self._db.read() as c:
            total = c.execute(select(func.count()).select_from(_notes).where(*conditions))
            rows = c.execute(
                _NOTES.where(*conditions)
                .order_by(_notes.c.position.desc(), _notes.c.ordinal.desc())
                .limit(limit)
                .offset(offset)
            )
            items = [_notification_view(r) for r in rows]
            return NotificationPage(items, int(total.scalar_one()))

    def due_notifications(self, now: datetime, limit: int) -> list[NotificationView]:
        earlier = _notes.alias("earlier")
        blocked = (
            select(earlier.c.id)
            .where(
                earlier.c.monitor_id == _notes.c.monitor_id,
                earlier.c.channel_id == _notes.c.channel_id,
                earlier.c.status.in_(OPEN),
                earlier.c.position < _notes.c.position,
            )
            .exists()
        )
        with self._db.read() as c:
            rows = c.execute(
                _NOTES.where(_notes.c.status.in_(OPEN), _notes.c.next_attempt_at <= now, ~blocked)
                .order_by(_notes.c.next_attempt_at, _notes.c.position)
                .limit(limit)
            )
            return [_notification_view(r) for r in rows]


def _applicable(monitor_id: str) -> Any:
    column = escalation_policies.c.monitor_id
    return or_(column == monitor_id, column.is_(None))


def _channels_enabled(c: Connection, ids: Iterable[str]) -> dict[UUID, bool]:
    wanted = list(ids)
    if not wanted:
        return {}
    rows = c.execute(
        select(alert_channels.c.id, alert_channels.c.enabled).where(alert_channels.c.id.in_(wanted))
    )
    return {UUID(r.id): bool(r.enabled) for r in rows}
