"""The notifier: delivers decided notices through channel adapters, with retries, backoff
and a dead-letter state, and records every outcome on the Notification aggregate.

It runs apart from checking (its own loop), so a slow or failing channel never delays or
fails a check. Each attempt is first claimed by saving AttemptStarted: competing notifiers
race on the aggregate's version, and only the winner sends. The notification id travels as
the idempotency key, so a receiver can drop the duplicate a crashed attempt may cause."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from uptime_sentinel.application.alerting.app import Alerting
from uptime_sentinel.application.alerting.messages import message_for, test_message
from uptime_sentinel.application.alerting.ports import SenderFactory
from uptime_sentinel.application.alerting.read_models import AlertingQueries
from uptime_sentinel.application.ports.channel import DeliveryError, NotificationMessage
from uptime_sentinel.application.ports.clock import Clock
from uptime_sentinel.application.ports.rate_limiter import RateLimiter
from uptime_sentinel.application.read_models import MonitorQueries
from uptime_sentinel.domain.alerting.notification import Notification, RetryPolicy

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NotifierSettings:
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    lease: timedelta = timedelta(minutes=2)  # longer than any send may take
    send_timeout: float = 60.0
    batch_size: int = 100
    concurrency: int = 16
    # A flood guard per channel (a network outage takes many monitors down at once): excess
    # notices wait for the window, in order, and are not lost.
    channel_limit: int = 60
    channel_window_seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class Outcome:
    error: str | None = None
    retryable: bool = True
    retry_after: float | None = None

    @property
    def delivered(self) -> bool:
        return self.error is None


class Notifier:
    def __init__(
        self,
        alerting: Alerting,
        queries: AlertingQueries,
        monitors: MonitorQueries,
        senders: SenderFactory,
        clock: Clock,
        limiter: RateLimiter,
        settings: NotifierSettings | None = None,
    ) -> None:
        self._app = alerting
        self._queries = queries
        self._monitors = monitors
        self._senders = senders
        self._clock = clock
        self.settings = settings or NotifierSettings()
        self._limiter = limiter

    async def deliver_due(self) -> int:
        """Attempt every notice that is due now; returns how many attempts were made."""
        due = await asyncio.to_thread(
            self._queries.due_notifications, self._clock.now(), self.settings.batch_size
        )
        slots = asyncio.Semaphore(self.settings.concurrency)  # per call: loops may differ
        allowed = [row for row in due if self._within_channel_limit(row.channel_id)]
        attempted = await asyncio.gather(*(self._attempt(row.id, slots) for row in allowed))
        return sum(attempted)

    def _within_channel_limit(self, channel_id: UUID) -> bool:
        s = self.settings
        return self._limiter.allow(
            f"channel:{channel_id}", s.channel_limit, s.channel_window_seconds, self._clock.now()
        )

    async def _attempt(self, notification_id: UUID, slots: asyncio.Semaphore) -> bool:
        async with slots:
            try:
                claimed = await asyncio.to_thread(self._claim, notification_id)
                if claimed is None:
                    return False
                notification, dsn, message = claimed
                outcome = await self._send(dsn, message) if dsn else _NO_CHANNEL
                await asyncio.to_thread(self._finish, notification, outcome)
            except Exception:  # one notice's trouble (a database hiccup) must not stop the rest
                log.exception(
                    "notification %s: attempt failed; retried after its lease", notification_id
                )
                return False
            return True

    def _claim(self, notification_id: UUID) -> tuple[Notification, str, NotificationMessage] | None:
        notification = self._app.get_notification(notification_id)
        now = self._clock.now()
        if not notification.is_due(now):
            return None  # the read model lags behind, or another notifier has it
        notification.start_attempt(now, self.settings.lease)
        try:
            self._app.save_all(notification)
        except IntegrityError:
            return None  # another notifier claimed it first
        channel = self._app.find_channel(notification.channel_id)
        dsn = "" if channel is None or not channel.enabled else channel.dsn
        monitor = self._monitors.get(notification.monitor_id)
        return notification, dsn, message_for(notification, monitor)

    async def _send(self, dsn: str, message: NotificationMessage) -> Outcome:
        try:
            sender = self._senders(dsn)
            await asyncio.wait_for(sender.send(message), self.settings.send_timeout)
        except DeliveryError as error:
            return Outcome(str(error), error.retryable, error.retry_after)
        except TimeoutError:
            return Outcome(f"no answer within {self.settings.send_timeout:g} s")
        except ValueError as error:  # a DSN no adapter can use: retrying cannot help
            return Outcome(str(error), retryable=False)
        except Exception as error:  # a bug in an adapter must not stop the notifier
            log.exception("channel adapter failed")
            return Outcome(f"unexpected {type(error).__name__}")
        return Outcome()

    def _finish(self, notification: Notification, outcome: Outcome) -> None:
        now = self._clock.now()
        if outcome.delivered:
            notification.record_delivery(now)
        else:
            notification.record_failure(
                now,
                outcome.error or "",
                retryable=outcome.retryable,
                retry=self.settings.retry,
                retry_after=outcome.retry_after,
            )
        try:
            self._app.save_all(notification)
        except IntegrityError:
            # Our lease ran out and another notifier took over; its outcome stands.
            log.warning("notification %s: outcome not recorded (lease lost)", notification.id)

    async def send_test(self, channel_id: UUID) -> Outcome:
        """Send a test message to a channel now, outside the outbox (nothing is recorded)."""
        channel = await asyncio.to_thread(self._app.get_channel, channel_id)
        return await self._send(channel.dsn, test_message(uuid4(), self._clock.now()))


_NO_CHANNEL = Outcome("channel is missing or disabled", retryable=False)
