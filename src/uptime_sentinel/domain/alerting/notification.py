"""Notification: one decided notice on its way to one channel (the outbox item).

Decided → AttemptStarted → (AttemptFailed → AttemptStarted …) → Delivered | DeadLettered.
Starting an attempt is a recorded claim: two notifiers that race for the same notification
both try to record version N+1, and only one succeeds, so only one sends. A claim carries a
lease: if its notifier dies mid-send, another may claim again once the lease is over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from uptime_sentinel.domain.alerting.monitor_alerts import Verdict
from uptime_sentinel.domain.errors import InvalidTransition

ERROR_MAX = 500


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    DEAD_LETTERED = "dead_lettered"
    SUPPRESSED = "suppressed"  # never a Notification's status: the log's rows for suppressions


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff: by default 40 s, 80 s, 160 s, 320 s between five attempts, so
    a notice is dead-lettered about ten minutes after its first try."""

    max_attempts: int = 5
    first_delay: timedelta = timedelta(seconds=40)
    factor: float = 2.0
    max_delay: timedelta = timedelta(hours=1)

    def delay_after(self, attempt: int, retry_after: float | None = None) -> timedelta | None:
        """How long to wait after failed attempt number `attempt`; None: give up."""
        if attempt >= self.max_attempts:
            return None
        delay = min(self.first_delay * self.factor ** (attempt - 1), self.max_delay)
        if retry_after is not None:  # the receiver asked for more time (HTTP 429 Retry-After)
            delay = max(delay, min(timedelta(seconds=retry_after), self.max_delay))
        return delay


class Notification(Aggregate):
    id: UUID  # the decision's id: deterministic, so a retried decision cannot create two

    class Decided(Aggregate.Created):
        monitor_id: UUID
        incident: int
        kind: str
        source: str
        source_id: UUID
        level: int | None
        channel_id: UUID
        consecutive_failures: int
        error: str | None
        down_since: datetime | None
        occurred_at: datetime

    class AttemptStarted(Aggregate.Event):
        attempt: int
        started_at: datetime
        lease_until: datetime

    class AttemptFailed(Aggregate.Event):
        attempt: int
        failed_at: datetime
        error: str
        next_attempt_at: datetime

    class Delivered(Aggregate.Event):
        attempt: int
        delivered_at: datetime

    class DeadLettered(Aggregate.Event):
        attempt: int
        dead_lettered_at: datetime
        error: str

    @event(Decided)
    def __init__(
        self,
        monitor_id: UUID,
        incident: int,
        kind: str,
        source: str,
        source_id: UUID,
        level: int | None,
        channel_id: UUID,
        consecutive_failures: int,
        error: str | None,
        down_since: datetime | None,
        occurred_at: datetime,
    ) -> None:
        self.monitor_id = monitor_id
        self.incident = incident
        self.kind = kind
        self.source = source
        self.source_id = source_id
        self.level = level
        self.channel_id = channel_id
        self.consecutive_failures = consecutive_failures
        self.error = error
        self.down_since = down_since
        self.occurred_at = occurred_at
        self.status = DeliveryStatus.PENDING
        self.attempts = 0
        self.next_attempt_at = occurred_at  # due at once
        self.lease_until: datetime | None = None
        self.last_error: str | None = None
        self.delivered_at: datetime | None = None

    @classmethod
    def decide(
        cls, monitor_id: UUID, verdict: Verdict, consecutive_failures: int, occurred_at: datetime
    ) -> Notification:
        d, incident = verdict.decision, verdict.incident
        if not d.notify:
            raise ValueError("a suppressed decision is not a notification")
        return cls(  # type: ignore[call-arg]  # `id` is declared on the class
            id=verdict.id,
            monitor_id=monitor_id,
            incident=incident.number,
            kind=d.kind.value,
            source=d.source.value,
            source_id=d.source_id,
            level=d.level,
            channel_id=d.channel_id,
            consecutive_failures=consecutive_failures,
            error=incident.last_error,
            down_since=incident.started_at,
            occurred_at=occurred_at,
        )

    @property
    def finished(self) -> bool:
        return self.status in (DeliveryStatus.DELIVERED, DeliveryStatus.DEAD_LETTERED)

    def is_due(self, now: datetime) -> bool:
        if self.status is DeliveryStatus.PENDING:
            return self.next_attempt_at <= now
        if self.status is DeliveryStatus.SENDING:
            return self.lease_until is not None and self.lease_until <= now
        return False

    def start_attempt(self, now: datetime, lease: timedelta) -> int:
        """Claim the next attempt; returns its number."""
        if not self.is_due(now):
            raise InvalidTransition(f"notification is {self.status.value}, not due")
        self._start_attempt(self.attempts + 1, now, now + lease)
        return self.attempts

    @event(AttemptStarted)
    def _start_attempt(self, attempt: int, started_at: datetime, lease_until: datetime) -> None:
        self.status = DeliveryStatus.SENDING
        self.attempts = attempt
        self.lease_until = lease_until

    def record_failure(
        self,
        now: datetime,
        error: str,
        *,
        retryable: bool,
        retry: RetryPolicy,
        retry_after: float | None = None,
    ) -> None:
        """Schedule the next attempt, or dead-letter: after the last attempt, or at once
        when trying again cannot help (bad credentials, unknown channel)."""
        self._require_sending()
        error = error[:ERROR_MAX]
        delay = retry.delay_after(self.attempts, retry_after) if retryable else None
        if delay is None:
            self._dead_letter(self.attempts, now, error)
        else:
            self._fail_attempt(self.attempts, now, error, now + delay)

    @event(AttemptFailed)
    def _fail_attempt(
        self, attempt: int, failed_at: datetime, error: str, next_attempt_at: datetime
    ) -> None:
        self.status = DeliveryStatus.PENDING
        self.last_error = error
        self.next_attempt_at = next_attempt_at
        self.lease_until = None

    def record_delivery(self, now: datetime) -> None:
        self._require_sending()
        self._deliver(self.attempts, now)

    @event(Delivered)
    def _deliver(self, attempt: int, delivered_at: datetime) -> None:
        self.status = DeliveryStatus.DELIVERED
        self.delivered_at = delivered_at
        self.lease_until = None

    @event(DeadLettered)
    def _dead_letter(self, attempt: int, dead_lettered_at: datetime, error: str) -> None:
        self.status = DeliveryStatus.DEAD_LETTERED
        self.last_error = error
        self.lease_until = None

    def _require_sending(self) -> None:
        if self.status is not DeliveryStatus.SENDING:
            raise InvalidTransition(f"notification is {self.status.value}, not being sent")
