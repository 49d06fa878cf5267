"""Alert rules (seed 2.8): which notices a monitor's failures and recoveries send where.

Commands answer from the aggregates they saved, after the read models have applied them
(read-your-writes), so a GET right after sees the change."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post

from uptime_sentinel.bootstrap import Container
from uptime_sentinel.domain.alerting.channel import NotificationChannel
from uptime_sentinel.domain.alerting.errors import AlertRuleNotFound
from uptime_sentinel.domain.alerting.rule import AlertRule
from uptime_sentinel.domain.errors import MonitorNotFound
from uptime_sentinel.entrypoints.api.alerting_errors import alerting_responses
from uptime_sentinel.entrypoints.api.alerting_presenters import rule_out
from uptime_sentinel.entrypoints.api.alerting_schemas import (
    AlertRuleCreate,
    AlertRuleOut,
    AlertRulePatch,
)

ONE = "/{rule_id:str}"


class AlertRuleController(Controller):
    path = "/api/alert-rules"
    tags = ["alert rules"]

    @post("/", operation_id="createAlertRule", sync_to_thread=True, responses=alerting_responses())
    def create_rule(self, container: Container, data: AlertRuleCreate) -> AlertRuleOut:
        """Create a rule. `channel` is a DSN (its channel is created on first use) or a
        channel id; `cooldown` spaces failure notices, never recovery notices."""
        config = container.alerting.configuration
        rule, channel, position = config.create_rule(
            data.monitor_id, data.channel, data.type, data.failure_threshold, data.cooldown
        )
        return _answer(container, rule, channel, position)

    @get(
        "/monitor/{monitor_id:str}",
        operation_id="listMonitorAlertRules",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def list_for_monitor(self, container: Container, monitor_id: UUID) -> list[AlertRuleOut]:
        """The monitor's rules, oldest first."""
        if container.monitor_queries.get(monitor_id) is None:
            raise MonitorNotFound(monitor_id)
        return [rule_out(r) for r in container.alerting.queries.rules_for_monitor(monitor_id)]

    @get(ONE, operation_id="getAlertRule", sync_to_thread=True, responses=alerting_responses(404))
    def get_rule(self, container: Container, rule_id: UUID) -> AlertRuleOut:
        view = container.alerting.queries.rule(rule_id)
        if view is None:
            raise AlertRuleNotFound(rule_id)
        return rule_out(view)

    @patch(
        ONE, operation_id="updateAlertRule", sync_to_thread=True, responses=alerting_responses(404)
    )
    def update_rule(
        self, container: Container, rule_id: UUID, data: AlertRulePatch
    ) -> AlertRuleOut:
        """Change some of channel, type, failure_threshold, cooldown."""
        changes = data.changes()
        config = container.alerting.configuration
        rule, channel, position = config.update_rule(rule_id, **changes)  # type: ignore[arg-type]
        return _answer(container, rule, channel, position)

    @delete(
        ONE, operation_id="deleteAlertRule", sync_to_thread=True, responses=alerting_responses(404)
    )
    def delete_rule(self, container: Container, rule_id: UUID) -> None:
        position = container.alerting.configuration.delete_rule(rule_id)
        container.wait_for_alerting_views(position)

    @patch(
        ONE + "/enable",
        operation_id="enableAlertRule",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def enable_rule(self, container: Container, rule_id: UUID) -> AlertRuleOut:
        """Enabling an enabled rule changes nothing (and is no error)."""
        return _toggle(container, rule_id, True)

    @patch(
        ONE + "/disable",
        operation_id="disableAlertRule",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def disable_rule(self, container: Container, rule_id: UUID) -> AlertRuleOut:
        """A disabled rule sends nothing; the delivery log says `disabled` where it would."""
        return _toggle(container, rule_id, False)


def _toggle(container: Container, rule_id: UUID, enabled: bool) -> AlertRuleOut:
    rule, channel, position = container.alerting.configuration.set_rule_enabled(rule_id, enabled)
    return _answer(container, rule, channel, position)


def _answer(
    container: Container, rule: AlertRule, channel: NotificationChannel, position: int
) -> AlertRuleOut:
    if position:
        container.wait_for_alerting_views(position)
    return rule_out(rule, channel)
