"""Monitor use cases: each one gets an aggregate, commands it, and saves it atomically."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from uptime_sentinel.application.recorded_listeners import NotifiesRecordings
from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.errors import MonitorNotFound
from uptime_sentinel.domain.health import HealthPolicy, HealthState
from uptime_sentinel.domain.monitor import DEFAULT_POLICY, Monitor
from uptime_sentinel.domain.monitor_spec import MonitorSpec

SAVE_ATTEMPTS = 5


class Monitoring(NotifiesRecordings, Application[UUID]):
    """The monitor catalogue's write side. Every use case returns the notification id of
    its last event, so a caller can wait for the read models to reach it."""

    name = "Monitoring"

    # Commands ---------------------------------------------------------------------------

    def register_monitor(self, spec: MonitorSpec) -> tuple[Monitor, int]:
        monitor = Monitor.register(spec)
        return monitor, self._save(monitor)

    def reconfigure_monitor(self, monitor_id: UUID, **changes: Any) -> tuple[Monitor, int]:
        monitor = self.get_monitor(monitor_id)
        monitor.reconfigure(**changes)
        return monitor, self._save(monitor)

    def pause_monitor(self, monitor_id: UUID) -> tuple[Monitor, int]:
        monitor = self.get_monitor(monitor_id)
        monitor.pause()
        return monitor, self._save(monitor)

    def resume_monitor(self, monitor_id: UUID) -> tuple[Monitor, int]:
        monitor = self.get_monitor(monitor_id)
        monitor.resume()
        return monitor, self._save(monitor)

    def delete_monitor(self, monitor_id: UUID) -> int:
        monitor = self.get_monitor(monitor_id)
        monitor.delete()
        return self._save(monitor)

    def record_checks(
        self, results: Sequence[CheckResult], policy: HealthPolicy = DEFAULT_POLICY
    ) -> dict[UUID, HealthState]:
        """Feed check results to their monitors; save those that decided something, in one
        transaction (a batch's first checks or a wide outage write many events at once).

        Returns every monitor's health after its result (for the health cache). A result
        for a deleted or unknown monitor is dropped. If a concurrent save (a reconfigure)
        conflicts, each result is retried on its fresh aggregate."""
        states: dict[UUID, HealthState] = {}
        changed: dict[UUID, Monitor] = {}
        for result in results:
            monitor = changed.get(result.monitor_id)
            if monitor is None:
                try:
                    monitor = self.get_monitor(result.monitor_id)
                except MonitorNotFound:
                    continue
            if monitor.record_check(result, policy):
                changed[monitor.id] = monitor
            states[monitor.id] = monitor.health_state
        if changed:
            try:
                self.save(*changed.values())
            except IntegrityError:
                return {r.monitor_id: s for r in results if (s := self._record_check(r, policy))}
        return states

    def _record_check(self, result: CheckResult, policy: HealthPolicy) -> HealthState | None:
        for _ in range(SAVE_ATTEMPTS):
            try:
                monitor = self.get_monitor(result.monitor_id)
            except MonitorNotFound:
                return None
            if monitor.record_check(result, policy):
                try:
                    self.save(monitor)
                except IntegrityError:
                    continue  # someone saved this monitor meanwhile: decide again
            return monitor.health_state
        raise RuntimeError(f"could not record check for monitor {result.monitor_id}")

    # Queries on the write side (the API reads the read models instead) ------------------

    def get_monitor(self, monitor_id: UUID) -> Monitor:
        try:
            monitor: Monitor = self.repository.get(monitor_id)
        except AggregateNotFoundError:
            raise MonitorNotFound(monitor_id) from None
        if monitor.deleted:
            raise MonitorNotFound(monitor_id)
        return monitor

    def _save(self, monitor: Monitor) -> int:
        recordings = self.save(monitor)
        return max((r.notification.id for r in recordings), default=0)
