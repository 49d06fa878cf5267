"""The Monitor aggregate: configuration, lifecycle and health decisions, event-sourced.

Only decisions are events. A successful check of a monitor that is already UP changes
nothing here: it is telemetry only (see DESIGN.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.errors import InvalidTransition
from uptime_sentinel.domain.health import Health, HealthPolicy, HealthState
from uptime_sentinel.domain.monitor_spec import HttpMethod, MonitorSpec, MonitorStatus

DEFAULT_POLICY = HealthPolicy()


class Monitor(Aggregate):
    # Declared explicitly so the event types are visible to type checkers and projections.
    class Registered(Aggregate.Created):
        name: str
        url: str
        method: str
        interval_seconds: int
        timeout_ms: int

    class Reconfigured(Aggregate.Event):
        name: str
        url: str
        method: str
        interval_seconds: int
        timeout_ms: int

    class Paused(Aggregate.Event):
        pass

    class Resumed(Aggregate.Event):
        pass

    class Deleted(Aggregate.Event):
        pass

    class CameUp(Aggregate.Event):
        checked_at: datetime
        status_code: int | None
        latency_ms: float

    class Recovered(Aggregate.Event):
        checked_at: datetime
        status_code: int | None
        latency_ms: float

    class WentDown(Aggregate.Event):
        checked_at: datetime
        status_code: int | None
        error: str
        consecutive_failures: int
        health: str

    class CheckFailed(Aggregate.Event):
        checked_at: datetime
        status_code: int | None
        error: str
        consecutive_failures: int
        health: str

    @event(Registered)
    def __init__(
        self, name: str, url: str, method: str, interval_seconds: int, timeout_ms: int
    ) -> None:
        self.name = name
        self.url = url
        self.method = HttpMethod(method)
        self.interval_seconds = interval_seconds
        self.timeout_ms = timeout_ms
        self.status = MonitorStatus.ACTIVE
        self.health = Health.UNKNOWN
        self.consecutive_failures = 0
        self.last_failure_at: datetime | None = None
        self.last_event_check_at: datetime | None = None
        self.deleted = False

    @classmethod
    def register(cls, spec: MonitorSpec) -> Monitor:
        spec.validate()
        return cls(spec.name, spec.url, spec.method.value, spec.interval_seconds, spec.timeout_ms)

    @property
    def spec(self) -> MonitorSpec:
        return MonitorSpec(self.name, self.url, self.method, self.interval_seconds, self.timeout_ms)

    @property
    def health_state(self) -> HealthState:
        return HealthState(self.health, self.consecutive_failures)

    # Configuration and lifecycle --------------------------------------------------------

    def reconfigure(self, **changes: Any) -> None:
        self._require_not_deleted()
        spec = self.spec.changed(**changes)
        if spec != self.spec:
            self._reconfigure(
                spec.name, spec.url, spec.method.value, spec.interval_seconds, spec.timeout_ms
            )

    @event(Reconfigured)
    def _reconfigure(
        self, name: str, url: str, method: str, interval_seconds: int, timeout_ms: int
    ) -> None:
        self.name = name
        self.url = url
        self.method = HttpMethod(method)
        self.interval_seconds = interval_seconds
        self.timeout_ms = timeout_ms

    def pause(self) -> None:
        self._require_not_deleted()
        if self.status is MonitorStatus.PAUSED:
            raise InvalidTransition("monitor is already paused")
        self._pause()

    @event(Paused)
    def _pause(self) -> None:
        self.status = MonitorStatus.PAUSED

    def resume(self) -> None:
        self._require_not_deleted()
        if self.status is MonitorStatus.ACTIVE:
            raise InvalidTransition("monitor is already active")
        self._resume()

    @event(Resumed)
    def _resume(self) -> None:
        self.status = MonitorStatus.ACTIVE

    def delete(self) -> None:
        self._require_not_deleted()
        self._delete()

    @event(Deleted)
    def _delete(self) -> None:
        self.deleted = True

    def _require_not_deleted(self) -> None:
        if self.deleted:
            raise InvalidTransition("monitor has been deleted")

    # Checks ---------------------------------------------------------------------------------

    def record_check(self, result: CheckResult, policy: HealthPolicy = DEFAULT_POLICY) -> bool:
        """Apply one check result; return whether it recorded an event.

        Results for a paused or deleted monitor, and results older than the last one that
        changed state (a redelivered batch), are ignored."""
        if self.deleted or self.status is not MonitorStatus.ACTIVE:
            return False
        if self.last_event_check_at is not None and result.checked_at <= self.last_event_check_at:
            return False
        new = policy.next_state(self.health_state, result.ok)
        if result.ok:
            if self.health is Health.UP:
                return False
            if self.health is Health.DOWN:
                self._recover(result.checked_at, result.status_code, result.latency_ms)
            else:
                self._come_up(result.checked_at, result.status_code, result.latency_ms)
            return True
        went_down = new.health is Health.DOWN and self.health is not Health.DOWN
        record = self._go_down if went_down else self._fail_again
        record(
            result.checked_at,
            result.status_code,
            result.reason,
            new.consecutive_failures,
            new.health.value,
        )
        return True

    @event(CameUp)
    def _come_up(self, checked_at: datetime, status_code: int | None, latency_ms: float) -> None:
        self._apply_success(checked_at)

    @event(Recovered)
    def _recover(self, checked_at: datetime, status_code: int | None, latency_ms: float) -> None:
        self._apply_success(checked_at)

    def _apply_success(self, checked_at: datetime) -> None:
        self.health = Health.UP
        self.consecutive_failures = 0
        self.last_event_check_at = checked_at

    @event(WentDown)
    def _go_down(
        self,
        checked_at: datetime,
        status_code: int | None,
        error: str,
        consecutive_failures: int,
        health: str,
    ) -> None:
        self._apply_failure(checked_at, consecutive_failures, health)

    @event(CheckFailed)
    def _fail_again(
        self,
        checked_at: datetime,
        status_code: int | None,
        error: str,
        consecutive_failures: int,
        health: str,
    ) -> None:
        self._apply_failure(checked_at, consecutive_failures, health)

    def _apply_failure(self, checked_at: datetime, consecutive_failures: int, health: str) -> None:
        self.health = Health(health)
        self.consecutive_failures = consecutive_failures
        self.last_failure_at = checked_at
        self.last_event_check_at = checked_at


# The events that change what a monitor is and whether it runs (not its health).
LIFECYCLE_EVENTS: tuple[type[Aggregate.Event], ...] = (
    Monitor.Registered,
    Monitor.Reconfigured,
    Monitor.Paused,
    Monitor.Resumed,
    Monitor.Deleted,
)
