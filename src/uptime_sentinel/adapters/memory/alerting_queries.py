"""AlertingQueries over an InMemoryProjectionStore's tables, for unit and property tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore
from uptime_sentinel.application.alerting.read_models import (
    AlertRuleView,
    ChannelView,
    EscalationPolicyView,
    NotificationPage,
    NotificationView,
)
from uptime_sentinel.domain.alerting.policy import AlertConfig, PolicyConfig, RuleConfig
from uptime_sentinel.domain.alerting.values import NotificationType

Row = dict[str, Any]
OPEN = ("pending", "sending")


class InMemoryAlertingQueries:
    def __init__(self, store: InMemoryProjectionStore) -> None:
        self._store = store

    def _rows(self, table: str) -> list[Row]:
        return list(self._store.tables.get(table, []))

    def _channels(self) -> dict[str, Row]:
        return {r["id"]: r for r in self._rows("alert_channels")}

    def config_for(self, monitor_id: UUID) -> AlertConfig:
        rules = self._rules(monitor_id)
        policies = self._policies(monitor_id)
        channels = self._channels()
        used = {r["channel_id"] for r in (*rules, *policies)}
        return AlertConfig(
            rules=[
                RuleConfig(
                    UUID(r["id"]),
                    UUID(r["channel_id"]),
                    NotificationType(r["type"]),
                    r["failure_threshold"],
                    timedelta(seconds=r["cooldown_seconds"]),
                    r["enabled"],
                )
                for r in rules
            ],
            policies=[
                PolicyConfig(
                    UUID(p["id"]),
                    None if p["monitor_id"] is None else UUID(p["monitor_id"]),
                    p["level"],
                    p["consecutive_failures"],
                    UUID(p["channel_id"]),
                    p["enabled"],
                    p["position"],
                )
                for p in policies
            ],
            channels_enabled={UUID(i): channels[i]["enabled"] for i in used if i in channels},
        )

    def _rules(self, monitor_id: UUID) -> list[Row]:
        mine = [r for r in self._rows("alert_rules") if r["monitor_id"] == str(monitor_id)]
        return sorted(mine, key=lambda r: r["position"])

    def _policies(self, monitor_id: UUID | None) -> list[Row]:
        rows = self._rows("escalation_policies")
        if monitor_id is not None:
            rows = [r for r in rows if r["monitor_id"] in (str(monitor_id), None)]
        return sorted(rows, key=lambda r: r["position"])

    def channel(self, channel_id: UUID) -> ChannelView | None:
        row = self._channels().get(str(channel_id))
        return None if row is None else _channel(row)

    def channels(self) -> list[ChannelView]:
        rows = sorted(self._rows("alert_channels"), key=lambda r: (r["created_at"], r["id"]))
        return [_channel(r) for r in rows]

    def rule(self, rule_id: UUID) -> AlertRuleView | None:
        found = [r for r in self._rows("alert_rules") if r["id"] == str(rule_id)]
        return self._rule(found[0]) if found else None

    def rules_for_monitor(self, monitor_id: UUID) -> list[AlertRuleView]:
        return [self._rule(r) for r in self._rules(monitor_id)]

    def _rule(self, r: Row) -> AlertRuleView:
        channel = _channel(self._channels()[r["channel_id"]])
        return AlertRuleView(
            UUID(r["id"]),
            UUID(r["monitor_id"]),
            channel,
            r["type"],
            r["failure_threshold"],
            r["cooldown"],
            r["enabled"],
            r["created_at"],
            r["updated_at"],
        )

    def policy(self, policy_id: UUID) -> EscalationPolicyView | None:
        found = [r for r in self._rows("escalation_policies") if r["id"] == str(policy_id)]
        return self._policy(found[0]) if found else None

    def policies(self, monitor_id: UUID | None = None) -> list[EscalationPolicyView]:
        rows = sorted(self._policies(monitor_id), key=lambda r: (r["level"], r["position"]))
        return [self._policy(r) for r in rows]

    def _policy(self, r: Row) -> EscalationPolicyView:
        return EscalationPolicyView(
            UUID(r["id"]),
            None if r["monitor_id"] is None else UUID(r["monitor_id"]),
            r["level"],
            r["consecutive_failures"],
            _channel(self._channels()[r["channel_id"]]),
            r["enabled"],
            r["created_at"],
            r["updated_at"],
            r["position"],
        )

    def notifications(
        self, *, monitor_id: UUID | None, status: str | None, limit: int, offset: int
    ) -> NotificationPage:
        rows = [
            r
            for r in self._rows("alert_notifications")
            if (monitor_id is None or r["monitor_id"] == str(monitor_id))
            and (status is None or r["status"] == status)
        ]
        rows.sort(key=lambda r: (r["position"], r["ordinal"]), reverse=True)
        names = {i: c["name"] for i, c in self._channels().items()}
        items = [_notification(r, names) for r in rows[offset : offset + limit]]
        return NotificationPage(items, len(rows))

    def due_notifications(self, now: datetime, limit: int) -> list[NotificationView]:
        open_rows = sorted(
            (r for r in self._rows("alert_notifications") if r["status"] in OPEN),
            key=lambda r: r["position"],
        )
        heads: dict[tuple[str, str], Row] = {}
        for r in open_rows:
            heads.setdefault((r["monitor_id"], r["channel_id"]), r)
        due = [r for r in heads.values() if r["next_attempt_at"] <= now]
        due.sort(key=lambda r: (r["next_attempt_at"], r["position"]))
        names = {i: c["name"] for i, c in self._channels().items()}
        return [_notification(r, names) for r in due[:limit]]


def _channel(r: Row) -> ChannelView:
    return ChannelView(
        UUID(r["id"]),
        r["name"],
        r["type"],
        r["dsn"],
        r["enabled"],
        r["created_at"],
        r["updated_at"],
    )


def _notification(r: Row, names: dict[str, str]) -> NotificationView:
    return NotificationView(
        UUID(r["id"]),
        UUID(r["monitor_id"]),
        r["incident"],
        r["kind"],
        r["source"],
        UUID(r["source_id"]),
        r["level"],
        UUID(r["channel_id"]),
        names.get(r["channel_id"]),
        r["status"],
        r["reason"],
        r["attempts"],
        r["last_error"],
        r["consecutive_failures"],
        r["occurred_at"],
        r["next_attempt_at"],
        r["delivered_at"],
        r["position"],
    )
