"""An alerting harness for unit and property tests: Monitoring and Alerting applications
(POPO, or one SQLite file like the embedded runtime), in-memory read models, the real
process and notifier, a manual clock, and a fake channel that records what it is sent."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from tests.support.clock import ManualClock
from tests.support.fakes import StoreMonitorQueries
from uptime_sentinel.adapters.channels.inspector import DsnChannelInspector
from uptime_sentinel.adapters.memory.alerting_queries import InMemoryAlertingQueries
from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore
from uptime_sentinel.adapters.memory.rate_limiter import InMemoryRateLimiter
from uptime_sentinel.adapters.sql.event_store_env import CIPHER_TOPIC, event_store_env
from uptime_sentinel.application.alerting.app import Alerting
from uptime_sentinel.application.alerting.config_projection import AlertConfigProjection
from uptime_sentinel.application.alerting.configuration import AlertConfiguration
from uptime_sentinel.application.alerting.log_projection import NotificationLogProjection
from uptime_sentinel.application.alerting.notifier import Notifier, NotifierSettings
from uptime_sentinel.application.alerting.process import AlertingProcess
from uptime_sentinel.application.monitoring import Monitoring
from uptime_sentinel.application.ports.channel import DeliveryError, NotificationMessage
from uptime_sentinel.application.projections.catalogue import CatalogueProjection
from uptime_sentinel.application.projections.runner import ProjectionRunner
from uptime_sentinel.domain.alerting.notification import RetryPolicy
from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.monitor_spec import MonitorSpec

KEY = base64.b64encode(bytes(range(32))).decode()
POPO = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
WEBHOOK = "webhook://http://127.0.0.1:9/hook"


class MonitorQueries(StoreMonitorQueries):
    def get(self, monitor_id: UUID) -> Any:
        return self.get_many([monitor_id]).get(monitor_id)


@dataclass
class FakeChannels:
    """A SenderFactory: records messages per DSN; `fail(dsn, …)` scripts failures."""

    sent: dict[str, list[NotificationMessage]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, list[DeliveryError]] = field(default_factory=lambda: defaultdict(list))
    down: set[str] = field(default_factory=set)
    attempts: list[tuple[str, UUID]] = field(default_factory=list)  # (dsn, idempotency key)

    def __call__(self, dsn: str) -> Any:
        channels = self

        class Sender:
            async def send(self, message: NotificationMessage) -> None:
                await asyncio.sleep(0)
                channels.attempts.append((dsn, message.notification_id))
                if dsn in channels.down:
                    raise DeliveryError("connection refused", retryable=True)
                if channels.failures[dsn]:
                    raise channels.failures[dsn].pop(0)
                channels.sent[dsn].append(message)

        return Sender()

    def fail(self, dsn: str, times: int = 1, *, retryable: bool = True) -> None:
        error = DeliveryError("HTTP 503" if retryable else "HTTP 401", retryable=retryable)
        self.failures[dsn].extend([error] * times)

    def all_sent(self) -> list[NotificationMessage]:
        return [m for messages in self.sent.values() for m in messages]


class AlertingHarness:
    def __init__(
        self,
        clock: ManualClock | None = None,
        *,
        database_url: str | None = None,
        store: InMemoryProjectionStore | None = None,
        channels: FakeChannels | None = None,
        retry: RetryPolicy | None = None,
        queries: Any = None,
        monitors: Any = None,
    ) -> None:
        """`store` with `queries` and `monitors` over it: the read models (in memory by
        default, or SQL for contract tests)."""
        self.clock = clock or ManualClock()
        self.store = store or InMemoryProjectionStore()
        self.channels = channels or FakeChannels()
        if database_url is None:
            monitoring_env = POPO
            alerting_env = {**POPO, "CIPHER_TOPIC": CIPHER_TOPIC, "CIPHER_KEY": KEY}
        else:
            monitoring_env = event_store_env(database_url, None)
            alerting_env = event_store_env(database_url, KEY)
        self.monitoring = Monitoring(env=monitoring_env)
        self.alerting = Alerting(env=alerting_env)
        self.catalogue = ProjectionRunner(
            CatalogueProjection(), self.monitoring.recorder, self.monitoring.mapper, self.store
        )
        app = self.alerting
        self.config_runner = ProjectionRunner(
            AlertConfigProjection(), app.recorder, app.mapper, self.store
        )
        self.log_runner = ProjectionRunner(
            NotificationLogProjection(), app.recorder, app.mapper, self.store
        )
        self.queries = queries or InMemoryAlertingQueries(self.store)
        self.monitors = monitors or MonitorQueries(self.store)
        key = hashlib.sha256(KEY.encode()).digest()
        inspector = DsnChannelInspector()
        self.config = AlertConfiguration(app, self.monitors, self.queries, inspector, key)
        self.process = AlertingProcess(
            app,
            self.monitoring.recorder,
            self.monitoring.mapper,
            self.queries,
            before_batch=self.config_runner.catch_up,
        )
        settings = NotifierSettings(retry=retry or RetryPolicy(), lease=timedelta(minutes=2))
        self.limiter = InMemoryRateLimiter()
        self.notifier = Notifier(
            app, self.queries, self.monitors, self.channels, self.clock, self.limiter, settings
        )

    def close(self) -> None:
        self.monitoring.close()
        self.alerting.close()

    # Driving -------------------------------------------------------------------------------

    def register(self, name: str = "Shop API", url: str = "https://shop.example/api") -> UUID:
        monitor, _ = self.monitoring.register_monitor(MonitorSpec.create(name, url))
        self.catalogue.catch_up()
        return monitor.id

    def check(self, monitor_id: UUID, ok: bool, at: datetime | None = None) -> None:
        """Record one check result at the clock's time, then let alerting decide."""
        status = 200 if ok else 503
        self.monitoring.record_checks(
            [CheckResult(monitor_id, at or self.clock.now(), 5.0, status)]
        )
        self.settle()

    def settle(self) -> int:
        self.catalogue.catch_up()
        decided = self.process.run_once()
        self.config_runner.catch_up()
        self.log_runner.catch_up()
        return decided

    def deliver(self) -> int:
        attempts = asyncio.run(self.notifier.deliver_due())
        self.log_runner.catch_up()
        return attempts

    # Reading -------------------------------------------------------------------------------

    def log(self) -> list[dict[str, Any]]:
        """The delivery log's rows in decision order, with the channel's name."""
        names = {r["id"]: r["name"] for r in self.store.tables.get("alert_channels", [])}
        rows = sorted(
            self.store.tables.get("alert_notifications", []),
            key=lambda r: (r["position"], r["ordinal"]),
        )
        return [{**r, "channel": names.get(r["channel_id"])} for r in rows]
