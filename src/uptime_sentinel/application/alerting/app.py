"""The Alerting application: alert configuration, per-monitor alert state and the outbox.

A process application (it has a process recorder): the alerting process records its
decisions together with the position it reached in Monitoring's log, in one transaction,
so a restart or a replay can never decide (or send) anything twice. Its stored events are
encrypted (channel DSNs hold secrets): bootstrap always gives it a cipher key."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Tracking
from eventsourcing.projection import EventSourcedProjection

from uptime_sentinel.application.recorded_listeners import NotifiesRecordings
from uptime_sentinel.domain.alerting.channel import NotificationChannel
from uptime_sentinel.domain.alerting.errors import (
    AlertingNotFound,
    AlertRuleNotFound,
    ChannelNotFound,
    EscalationPolicyNotFound,
)
from uptime_sentinel.domain.alerting.escalation import EscalationPolicy
from uptime_sentinel.domain.alerting.monitor_alerts import MonitorAlerts
from uptime_sentinel.domain.alerting.notification import Notification
from uptime_sentinel.domain.alerting.rule import AlertRule

SOURCE = "Monitoring"  # the application whose notification log the process follows
A = TypeVar("A", bound=Aggregate)


class Alerting(NotifiesRecordings, EventSourcedProjection[UUID]):
    name = "Alerting"
    # Each failed check of a failing monitor adds one event to its MonitorAlerts.
    snapshotting_intervals = {MonitorAlerts: 100}

    # Writes ------------------------------------------------------------------------------

    def save_all(self, *aggregates: Aggregate | None) -> int:
        """Save atomically; returns the last notification id (0 when nothing changed)."""
        recordings = self.save(*aggregates)
        return max((r.notification.id for r in recordings), default=0)

    def record_processed(self, tracking: Tracking, *aggregates: Aggregate) -> int:
        """Save what processing one Monitoring event decided, with its tracking record:
        raises IntegrityError if that event was already processed (or an aggregate moved)."""
        processing: ProcessingEvent[UUID] = ProcessingEvent(tracking=tracking)
        processing.collect_events(*aggregates)
        with self.processing_lock:
            recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        return max((r.notification.id for r in recordings), default=0)

    def processed_position(self) -> int:
        return self.recorder.max_tracking_id(SOURCE) or 0

    # Reads -------------------------------------------------------------------------------

    def get_rule(self, rule_id: UUID) -> AlertRule:
        rule = self._get(rule_id, AlertRule, AlertRuleNotFound)
        if rule.deleted:
            raise AlertRuleNotFound(rule_id)
        return rule

    def get_policy(self, policy_id: UUID) -> EscalationPolicy:
        policy = self._get(policy_id, EscalationPolicy, EscalationPolicyNotFound)
        if policy.deleted:
            raise EscalationPolicyNotFound(policy_id)
        return policy

    def get_channel(self, channel_id: UUID) -> NotificationChannel:
        return self._get(channel_id, NotificationChannel, ChannelNotFound)

    def find_channel(self, channel_id: UUID) -> NotificationChannel | None:
        try:
            return self.get_channel(channel_id)
        except ChannelNotFound:
            return None

    def get_notification(self, notification_id: UUID) -> Notification:
        return self._get(notification_id, Notification, AlertingNotFound)

    def find_monitor_alerts(self, monitor_id: UUID) -> MonitorAlerts | None:
        try:
            found: Any = self.repository.get(MonitorAlerts.create_id(monitor_id))
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, MonitorAlerts) else None

    def _get(self, aggregate_id: UUID, kind: type[A], missing: type[AlertingNotFound]) -> A:
        try:
            found: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise missing(aggregate_id) from None
        if not isinstance(found, kind):  # an id of another kind of aggregate
            raise missing(aggregate_id)
        return found
