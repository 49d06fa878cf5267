"""Alert rules (seed 2.8): which notices a monitor's failures and recoveries send where.

Commands answer from the aggregates they saved, after the read models have applied them
(read-your-writes), so a GET right after sees the change. Path ids are declared `str` and
converted by the handler signature (`common.PathId`): a malformed id is a 422 naming it."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import JSONBody

from uptime_sentinel.domain.alerting.errors import AlertRuleNotFound
from uptime_sentinel.domain.errors import MonitorNotFound
from uptime_sentinel.entrypoints.api.alerting_errors import alerting_responses
from uptime_sentinel.entrypoints.api.alerting_presenters import rule_out
from uptime_sentinel.entrypoints.api.alerting_schemas import (
    AlertRuleCreate,
    AlertRuleOut,
    AlertRulePatch,
)
from uptime_sentinel.entrypoints.api.common import (
    Deps,
    PathId,
    answer_alerting,
    id_path,
    require,
)

ONE = id_path("rule_id")


class AlertRuleController(Controller):
    path = "/api/alert-rules"
    tags = ["alert rules"]

    @post("/", operation_id="createAlertRule", sync_to_thread=True, responses=alerting_responses())
    def create_rule(self, container: Deps, data: JSONBody[AlertRuleCreate]) -> AlertRuleOut:
        """Create a rule. `channel` is a DSN (its channel is created on first use) or a
        channel id; `cooldown` spaces failure notices, never recovery notices."""
        saved = container.alerting.configuration.create_rule(
            data.monitor_id, data.channel, data.type, data.failure_threshold, data.cooldown
        )
        return answer_alerting(container, saved, rule_out)

    @get(
        "/monitor" + id_path("monitor_id"),
        operation_id="listMonitorAlertRules",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def list_for_monitor(self, container: Deps, monitor_id: PathId) -> list[AlertRuleOut]:
        """The monitor's rules, oldest first."""
        require(container.monitor_queries.get, monitor_id, MonitorNotFound)
        return [rule_out(r) for r in container.alerting.queries.rules_for_monitor(monitor_id)]

    @get(ONE, operation_id="getAlertRule", sync_to_thread=True, responses=alerting_responses(404))
    def get_rule(self, container: Deps, rule_id: PathId) -> AlertRuleOut:
        return rule_out(require(container.alerting.queries.rule, rule_id, AlertRuleNotFound))

    @patch(
        ONE, operation_id="updateAlertRule", sync_to_thread=True, responses=alerting_responses(404)
    )
    def update_rule(
        self, container: Deps, rule_id: PathId, data: JSONBody[AlertRulePatch]
    ) -> AlertRuleOut:
        """Change some of channel, type, failure_threshold, cooldown."""
        config = container.alerting.configuration
        saved = config.update_rule(rule_id, **data.changes())  # type: ignore[arg-type]
        return answer_alerting(container, saved, rule_out)

    @delete(
        ONE, operation_id="deleteAlertRule", sync_to_thread=True, responses=alerting_responses(404)
    )
    def delete_rule(self, container: Deps, rule_id: PathId) -> None:
        position = container.alerting.configuration.delete_rule(rule_id)
        container.wait_for_alerting_views(position)

    @patch(
        ONE + "/enable",
        operation_id="enableAlertRule",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def enable_rule(self, container: Deps, rule_id: PathId) -> AlertRuleOut:
        """Enabling an enabled rule changes nothing (and is no error)."""
        saved = container.alerting.configuration.set_rule_enabled(rule_id, True)
        return answer_alerting(container, saved, rule_out)

    @patch(
        ONE + "/disable",
        operation_id="disableAlertRule",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def disable_rule(self, container: Deps, rule_id: PathId) -> AlertRuleOut:
        """A disabled rule sends nothing; the delivery log says `disabled` where it would."""
        saved = container.alerting.configuration.set_rule_enabled(rule_id, False)
        return answer_alerting(container, saved, rule_out)
