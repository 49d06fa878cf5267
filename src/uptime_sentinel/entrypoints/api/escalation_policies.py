"""Escalation policies (seed 2.8): at exactly N consecutive failures, tell a channel, once
per incident and level. A policy without monitor_id is global; a monitor's own policy
overrides the global one at the same level."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post

from uptime_sentinel.bootstrap import Container
from uptime_sentinel.domain.alerting.channel import NotificationChannel
from uptime_sentinel.domain.alerting.errors import EscalationPolicyNotFound
from uptime_sentinel.domain.alerting.escalation import EscalationPolicy
from uptime_sentinel.entrypoints.api.alerting_errors import alerting_responses
from uptime_sentinel.entrypoints.api.alerting_presenters import policy_out
from uptime_sentinel.entrypoints.api.alerting_schemas import (
    EscalationPolicyCreate,
    EscalationPolicyOut,
)

ONE = "/{policy_id:str}"


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
        self, container: Container, data: EscalationPolicyCreate
    ) -> EscalationPolicyOut:
        """One policy per level and scope (global, or one monitor): a second is a 409."""
        policy, channel, position = container.alerting.configuration.create_policy(
            data.monitor_id, data.level, data.consecutive_failures, data.channel
        )
        return _answer(container, policy, channel, position)

    @get("/", operation_id="listEscalationPolicies", sync_to_thread=True)
    def list_policies(self, container: Container) -> list[EscalationPolicyOut]:
        """Every policy, global and per monitor, by level."""
        return [policy_out(p) for p in container.alerting.queries.policies()]

    @get(
        "/monitor/{monitor_id:str}",
        operation_id="listApplicableEscalationPolicies",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def list_applicable(self, container: Container, monitor_id: UUID) -> list[EscalationPolicyOut]:
        """The policy in effect at each level for this monitor (its own over the global)."""
        policies = container.alerting.configuration.applicable_policies(monitor_id)
        return [policy_out(p) for p in policies]

    @get(
        ONE,
        operation_id="getEscalationPolicy",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def get_policy(self, container: Container, policy_id: UUID) -> EscalationPolicyOut:
        view = container.alerting.queries.policy(policy_id)
        if view is None:
            raise EscalationPolicyNotFound(policy_id)
        return policy_out(view)

    @delete(
        ONE,
        operation_id="deleteEscalationPolicy",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def delete_policy(self, container: Container, policy_id: UUID) -> None:
        position = container.alerting.configuration.delete_policy(policy_id)
        container.wait_for_alerting_views(position)

    @patch(
        ONE + "/enable",
        operation_id="enableEscalationPolicy",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def enable_policy(self, container: Container, policy_id: UUID) -> EscalationPolicyOut:
        return _toggle(container, policy_id, True)

    @patch(
        ONE + "/disable",
        operation_id="disableEscalationPolicy",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def disable_policy(self, container: Container, policy_id: UUID) -> EscalationPolicyOut:
        """A disabled level sends nothing (and does not let the global policy stand in)."""
        return _toggle(container, policy_id, False)


def _toggle(container: Container, policy_id: UUID, enabled: bool) -> EscalationPolicyOut:
    config = container.alerting.configuration
    policy, channel, position = config.set_policy_enabled(policy_id, enabled)
    return _answer(container, policy, channel, position)


def _answer(
    container: Container, policy: EscalationPolicy, channel: NotificationChannel, position: int
) -> EscalationPolicyOut:
    if position:
        container.wait_for_alerting_views(position)
    return policy_out(policy, channel)
