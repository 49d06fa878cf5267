"""The alerting process: follows Monitoring's notification log and records, for each failed
check, recovery or deletion, what alerting decided, atomically with the log position it
reached (exactly once: a replayed position is refused by the tracking record's key).

It pulls from its tracking position instead of subscribing: eventsourcing 9.5.6 offers
push subscriptions only on POPO and PostgreSQL, and we run on SQLite and MySQL."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    Mapper,
    Notification,
    Tracking,
)
from eventsourcing.utils import get_topic

from uptime_sentinel.application.alerting.app import SOURCE, Alerting
from uptime_sentinel.application.alerting.read_models import AlertingQueries
from uptime_sentinel.domain.alerting.errors import AlertingNotFound
from uptime_sentinel.domain.alerting.monitor_alerts import MonitorAlerts, Verdict
from uptime_sentinel.domain.alerting.notification import Notification as Notice
from uptime_sentinel.domain.alerting.policy import Failure
from uptime_sentinel.domain.monitor import Monitor

log = logging.getLogger(__name__)
FAILURES = (Monitor.WentDown, Monitor.CheckFailed)
RECOVERIES = (Monitor.Recovered, Monitor.CameUp)
TOPICS = tuple(get_topic(c) for c in (*FAILURES, *RECOVERIES, Monitor.Deleted))
MAX_CONFLICTS = 5


class AlertingProcess:
    def __init__(
        self,
        alerting: Alerting,
        source: ApplicationRecorder,
        source_mapper: Mapper[Any],
        queries: AlertingQueries,
        *,
        before_batch: Callable[[], object] = lambda: None,
        batch_size: int = 100,
        poll_interval: float = 0.5,
    ) -> None:
        """`before_batch` brings the configuration read model up to date, so a decision
        sees every configuration change committed before it."""
        self._app = alerting
        self._source = source
        self._mapper = source_mapper
        self._queries = queries
        self._before_batch = before_batch
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._wake = threading.Event()

    def wake(self, _last_notification_id: int = 0) -> None:
        self._wake.set()

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            try:
                self.run_once()
            except Exception:  # a hiccup of a database must not end alerting
                log.exception("alerting run failed; retrying")
                stop.wait(1.0)
            self._wake.wait(self._poll_interval)

    def run_once(self) -> int:
        """Decide on everything Monitoring has recorded so far; returns how many events."""
        done = conflicts = 0
        while True:
            self._before_batch()
            position = self._app.processed_position()
            batch = self._source.select_notifications(position + 1, self._batch_size, topics=TOPICS)
            if not batch:
                return done
            for notification in batch:
                if self.handle(notification):
                    done += 1
                    conflicts = 0
                    continue
                conflicts += 1  # another process got there, or an aggregate moved: re-read
                if conflicts >= MAX_CONFLICTS:
                    raise RuntimeError(f"alerting keeps conflicting at {notification.id}")
                break

    def handle(self, notification: Notification) -> bool:
        """Process one notification; False when its decision could not be recorded because
        it was already processed or an aggregate it touches changed meanwhile."""
        event = self._mapper.to_domain_event(notification)
        aggregates = self._decide(event)
        try:
            self._app.record_processed(Tracking(SOURCE, notification.id), *aggregates)
        except IntegrityError:
            return False
        return True

    def _decide(self, event: DomainEventProtocol[Any]) -> list[Aggregate]:
        monitor_id: UUID = event.originator_id
        e: Any = event
        if isinstance(event, FAILURES):
            alerts = self._app.find_monitor_alerts(monitor_id) or MonitorAlerts(monitor_id)
            failure = Failure(e.checked_at, e.consecutive_failures, e.error)
            verdicts = alerts.evaluate_failure(failure, self._queries.config_for(monitor_id))
            return [alerts, *_notices(monitor_id, verdicts, e.consecutive_failures, e.checked_at)]
        if isinstance(event, RECOVERIES):
            found = self._app.find_monitor_alerts(monitor_id)
            if found is None or not found.incident_open:
                return []
            verdicts = found.evaluate_recovery(e.checked_at, self._queries.config_for(monitor_id))
            count = found.max_failures
            return [found, *_notices(monitor_id, verdicts, count, e.checked_at)]
        if isinstance(event, Monitor.Deleted):
            return self._forget(monitor_id)
        return []

    def _forget(self, monitor_id: UUID) -> list[Aggregate]:
        """A deleted monitor takes its rules and its own escalation policies with it."""
        changed: list[Aggregate] = []
        alerts = self._app.find_monitor_alerts(monitor_id)
        if alerts is not None:
            alerts.forget()
            changed.append(alerts)
        for rule_view in self._queries.rules_for_monitor(monitor_id):
            try:
                rule = self._app.get_rule(rule_view.id)
            except AlertingNotFound:
                continue
            rule.delete()
            changed.append(rule)
        for policy_view in self._queries.policies(monitor_id):
            if policy_view.monitor_id != monitor_id:
                continue
            try:
                policy = self._app.get_policy(policy_view.id)
            except AlertingNotFound:
                continue
            policy.delete()
            changed.append(policy)
        return changed


def _notices(monitor_id: UUID, verdicts: list[Verdict], count: int, at: Any) -> list[Aggregate]:
    return [Notice.decide(monitor_id, v, count, at) for v in verdicts if v.decision.notify]
