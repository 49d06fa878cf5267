"""Escalation policies (seed 2.8): at exactly N consecutive failures, tell a channel, once
per incident and level. A policy without monitor_id is global; a monitor's own policy
overrides the global one at the same level."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import JSONBody

from uptime_sentinel.domain.alerting.errors import EscalationPolicyNotFound
from uptime_sentinel.entrypoints.api.alerting_errors import alerting_responses
from uptime_sentinel.entrypoints.api.alerting_presenters import policy_out
from uptime_sentinel.entrypoints.api.alerting_schemas import (
    EscalationPolicyCreate,
    EscalationPolicyOut,
)
from uptime_sentinel.entrypoints.api.common import (
    Deps,
    PathId,
    answer_alerting,
    id_path,
    require,
)

ONE = id_path("policy_id")


class EscalationPolicyController(Controller):
    path = "/api/escalation-policies"
    tags = ["escalation policies"]

    @post(
        "/",
        operation_id="createEscalationPolicy",
        sync_to_thread=True,
        responses=alerting_responses(409),
    )
    def create_policy(
        self, container: Deps, data: JSONBody[EscalationPolicyCreate]
    ) -> EscalationPolicyOut:
        """One policy per level and scope (global, or one monitor): a second is a 409."""
        saved = container.alerting.configuration.create_policy(
            data.monitor_id, data.level, data.consecutive_failures, data.channel
        )
        return answer_alerting(container, saved, policy_out)

    @get("/", operation_id="listEscalationPolicies", sync_to_thread=True)
    def list_policies(self, container: Deps) -> list[EscalationPolicyOut]:
        """Every policy, global and per monitor, by level."""
        return [policy_out(p) for p in container.alerting.queries.policies()]

    @get(
        "/monitor" + id_path("monitor_id"),
        operation_id="listApplicableEscalationPolicies",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def list_applicable(self, container: Deps, monitor_id: PathId) -> list[EscalationPolicyOut]:
        """The policy in effect at each level for this monitor (its own over the global)."""
        policies = container.alerting.configuration.applicable_policies(monitor_id)
        return [policy_out(p) for p in policies]

    @get(
        ONE,
        operation_id="getEscalationPolicy",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def get_policy(self, container: Deps, policy_id: PathId) -> EscalationPolicyOut:
        queries = container.alerting.queries
        return policy_out(require(queries.policy, policy_id, EscalationPolicyNotFound))

    @delete(
        ONE,
        operation_id="deleteEscalationPolicy",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def delete_policy(self, container: Deps, policy_id: PathId) -> None:
        position = container.alerting.configuration.delete_policy(policy_id)
        container.wait_for_alerting_views(position)

    @patch(
        ONE + "/enable",
        operation_id="enableEscalationPolicy",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def enable_policy(self, container: Deps, policy_id: PathId) -> EscalationPolicyOut:
        saved = container.alerting.configuration.set_policy_enabled(policy_id, True)
        return answer_alerting(container, saved, policy_out)

    @patch(
        ONE + "/disable",
        operation_id="disableEscalationPolicy",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def disable_policy(self, container: Deps, policy_id: PathId) -> EscalationPolicyOut:
        """A disabled level sends nothing (and does not let the global policy stand in)."""
        saved = container.alerting.configuration.set_policy_enabled(policy_id, False)
        return answer_alerting(container, saved, policy_out)
