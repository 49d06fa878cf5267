"""Alert configuration use cases: channels, rules and escalation policies.

`channel` in a request is an existing channel's id or a DSN; a DSN nobody has used yet
creates its channel in the same transaction as the rule or policy that names it. Every
command returns the notification id of its last event, for read-your-writes."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from uptime_sentinel.application.alerting.app import Alerting
from uptime_sentinel.application.alerting.ports import ChannelSpec, DsnInspector
from uptime_sentinel.application.alerting.read_models import AlertingQueries, EscalationPolicyView
from uptime_sentinel.application.read_models import MonitorQueries
from uptime_sentinel.domain.alerting.channel import NAME_MAX, NotificationChannel, channel_id_for
from uptime_sentinel.domain.alerting.errors import AlertingConflict, InvalidAlertConfig
from uptime_sentinel.domain.alerting.escalation import EscalationPolicy
from uptime_sentinel.domain.alerting.policy import effective_policies
from uptime_sentinel.domain.alerting.rule import AlertRule
from uptime_sentinel.domain.errors import MonitorNotFound

Saved = tuple[Aggregate, NotificationChannel, int]


class AlertConfiguration:
    def __init__(
        self,
        alerting: Alerting,
        monitors: MonitorQueries,
        queries: AlertingQueries,
        inspector: DsnInspector,
        channel_key: bytes,
    ) -> None:
        self._app = alerting
        self._monitors = monitors
        self._queries = queries
        self._inspector = inspector
        self._key = channel_key

    # Channels ------------------------------------------------------------------------------

    def create_channel(self, name: str, dsn: str) -> tuple[NotificationChannel, int]:
        spec = self._inspect(dsn, "dsn")
        channel_id = channel_id_for(dsn, self._key)
        if self._app.find_channel(channel_id) is not None:
            raise AlertingConflict(f"channel {channel_id} already has this DSN")
        channel = NotificationChannel.create(
            channel_id=channel_id, name=name, type=spec.type, dsn=dsn, redacted=spec.redacted
        )
        try:
            return channel, self._app.save_all(channel)
        except IntegrityError:
            raise AlertingConflict(f"channel {channel_id} already has this DSN") from None

    def set_channel_enabled(
        self, channel_id: UUID, enabled: bool
    ) -> tuple[NotificationChannel, int]:
        channel = self._app.get_channel(channel_id)
        channel.enable() if enabled else channel.disable()
        return channel, self._save(channel)

    # Rules ---------------------------------------------------------------------------------

    def create_rule(
        self, monitor_id: UUID, channel: str, type: str, failure_threshold: int, cooldown: str
    ) -> tuple[AlertRule, NotificationChannel, int]:
        self._require_monitor(monitor_id, "monitor_id")

        def build(chosen: NotificationChannel) -> AlertRule:
            return AlertRule.create(monitor_id, chosen.id, type, failure_threshold, cooldown)

        rule, chosen, position = self._with_channel(channel, build)
        assert isinstance(rule, AlertRule)
        return rule, chosen, position

    def update_rule(
        self,
        rule_id: UUID,
        *,
        channel: str | None = None,
        type: str | None = None,
        failure_threshold: int | None = None,
        cooldown: str | None = None,
    ) -> tuple[AlertRule, NotificationChannel, int]:
        def build(chosen: NotificationChannel | None) -> AlertRule:
            rule = self._app.get_rule(rule_id)
            rule.reconfigure(
                channel_id=None if chosen is None else chosen.id,
                type=type,
                failure_threshold=failure_threshold,
                cooldown=cooldown,
            )
            return rule

        if channel is None:
            rule = build(None)
            return rule, self._app.get_channel(rule.channel_id), self._save(rule)
        saved, chosen, position = self._with_channel(channel, build)
        assert isinstance(saved, AlertRule)
        return saved, chosen, position

    def set_rule_enabled(
        self, rule_id: UUID, enabled: bool
    ) -> tuple[AlertRule, NotificationChannel, int]:
        rule = self._app.get_rule(rule_id)
        rule.enable() if enabled else rule.disable()
        return rule, self._app.get_channel(rule.channel_id), self._save(rule)

    def delete_rule(self, rule_id: UUID) -> int:
        rule = self._app.get_rule(rule_id)
        rule.delete()
        return self._save(rule)

    # Escalation policies -------------------------------------------------------------------

    def create_policy(
        self, monitor_id: UUID | None, level: int, consecutive_failures: int, channel: str
    ) -> tuple[EscalationPolicy, NotificationChannel, int]:
        if monitor_id is not None:
            self._require_monitor(monitor_id, "monitor_id")
        for taken in self._queries.policies(monitor_id):
            if taken.monitor_id == monitor_id and taken.level == level:
                scope = "globally" if monitor_id is None else "for this monitor"
                raise AlertingConflict(
                    f"level {level} already has escalation policy {taken.id} {scope}"
                )

        def build(chosen: NotificationChannel) -> EscalationPolicy:
            return EscalationPolicy.create(monitor_id, level, consecutive_failures, chosen.id)

        policy, chosen, position = self._with_channel(channel, build)
        assert isinstance(policy, EscalationPolicy)
        return policy, chosen, position

    def set_policy_enabled(
        self, policy_id: UUID, enabled: bool
    ) -> tuple[EscalationPolicy, NotificationChannel, int]:
        policy = self._app.get_policy(policy_id)
        policy.enable() if enabled else policy.disable()
        return policy, self._app.get_channel(policy.channel_id), self._save(policy)

    def delete_policy(self, policy_id: UUID) -> int:
        policy = self._app.get_policy(policy_id)
        policy.delete()
        return self._save(policy)

    def applicable_policies(self, monitor_id: UUID) -> list[EscalationPolicyView]:
        """The policy in effect at each level for the monitor (its own over the global)."""
        self._require_monitor(monitor_id)
        views = {v.id: v for v in self._queries.policies(monitor_id)}
        config = self._queries.config_for(monitor_id)
        return [views[p.id] for p in effective_policies(monitor_id, config.policies).values()]

    # Helpers -------------------------------------------------------------------------------

    def _with_channel(self, ref: str, build: Callable[[NotificationChannel], Aggregate]) -> Saved:
        """Resolve `ref`, build the aggregate, save both. A concurrent request may create
        the same new channel first: then the second try finds it."""
        for attempt in range(2):
            channel = self._resolve_channel(ref)
            aggregate = build(channel)
            try:
                return aggregate, channel, self._app.save_all(channel, aggregate)
            except IntegrityError:
                if attempt:
                    raise AlertingConflict(
                        "changed by another request at the same time; retry"
                    ) from None
        raise AssertionError("unreachable")

    def _resolve_channel(self, ref: str) -> NotificationChannel:
        ref = ref.strip()
        try:
            channel_id = UUID(ref)
        except ValueError:
            pass
        else:
            found = self._app.find_channel(channel_id)
            if found is None:
                raise InvalidAlertConfig("channel", f"no channel with id {channel_id}")
            return found
        spec = self._inspect(ref, "channel")
        channel_id = channel_id_for(ref, self._key)
        return self._app.find_channel(channel_id) or NotificationChannel.create(
            channel_id=channel_id,
            name=spec.redacted[:NAME_MAX],
            type=spec.type,
            dsn=ref,
            redacted=spec.redacted,
        )

    def _inspect(self, dsn: str, field: str) -> ChannelSpec:
        try:
            return self._inspector.inspect(dsn)
        except ValueError as error:
            raise InvalidAlertConfig(field, str(error)) from None

    def _require_monitor(self, monitor_id: UUID, field: str | None = None) -> None:
        if self._monitors.get(monitor_id) is None:
            if field is None:
                raise MonitorNotFound(monitor_id)
            raise InvalidAlertConfig(field, f"no monitor with id {monitor_id}")

    def _save(self, aggregate: Aggregate) -> int:
        try:
            return self._app.save_all(aggregate)
        except IntegrityError:
            raise AlertingConflict("changed by another request at the same time; retry") from None
