"""Alerting's part of the composition root: the
Alerting application with its encrypted store, its projector, process and notifier."""

from __future__ import annotations

import hashlib
import logging
import time
from base64 import b64decode
from dataclasses import dataclass
from datetime import timedelta

from uptime_sentinel.adapters.channels.inspector import DsnChannelInspector
from uptime_sentinel.adapters.channels.registry import ChannelSettings, sender_for
from uptime_sentinel.adapters.key_file import load_or_create_key
from uptime_sentinel.adapters.sql.alerting_queries import SqlAlertingQueries
from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.event_store_env import event_store_env
from uptime_sentinel.adapters.sql.projection_store import SqlProjectionStore
from uptime_sentinel.application.alerting.app import Alerting
from uptime_sentinel.application.alerting.config_projection import AlertConfigProjection
from uptime_sentinel.application.alerting.configuration import AlertConfiguration
from uptime_sentinel.application.alerting.log_projection import NotificationLogProjection
from uptime_sentinel.application.alerting.notifier import Notifier, NotifierSettings
from uptime_sentinel.application.alerting.ports import SenderFactory
from uptime_sentinel.application.alerting.process import AlertingProcess
from uptime_sentinel.application.monitoring import Monitoring
from uptime_sentinel.application.ports.channel import ChannelSender
from uptime_sentinel.application.ports.clock import Clock
from uptime_sentinel.application.ports.rate_limiter import RateLimiter
from uptime_sentinel.application.projections.projector import Projector
from uptime_sentinel.application.projections.runner import ProjectionRunner
from uptime_sentinel.application.read_models import MonitorQueries
from uptime_sentinel.domain.alerting.notification import RetryPolicy
from uptime_sentinel.settings import Settings

log = logging.getLogger(__name__)
CHANNEL_SETTINGS = ChannelSettings()


@dataclass
class AlertingParts:
    app: Alerting
    projector: Projector  # follows the Alerting log: its positions are not Monitoring's
    store: SqlProjectionStore
    queries: SqlAlertingQueries
    configuration: AlertConfiguration
    process: AlertingProcess
    notifier: Notifier

    def wait_for_views(self, position: int, timeout: float, in_process: bool) -> bool:
        """Read-your-writes for alerting commands (positions in the Alerting log)."""
        if in_process:
            return self.projector.wait_for(position, timeout)
        deadline = time.monotonic() + timeout
        names = tuple(self.projector.runners)
        while True:
            positions = self.store.positions()
            if all(positions.get(n, 0) >= position for n in names):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)

    def close(self) -> None:
        self.app.close()


def alerting_cipher_key(settings: Settings) -> str:
    """Alerting's events hold channel secrets, so they are always encrypted: with the
    configured key, else with a key file in the data directory."""
    if settings.cipher_key:
        return settings.cipher_key
    if not settings.effective_database_url.startswith("sqlite"):
        # Processes sharing a server database each have their own data directory: key
        # files would differ, and one process could not read another's events.
        raise ValueError(
            "SENTINEL_CIPHER_KEY must be set with a server database: every process needs the "
            "same key (base64 of 32 random bytes, e.g. python3 -c 'import os,base64;"
            "print(base64.b64encode(os.urandom(32)).decode())')"
        )
    return load_or_create_key(settings.data_dir)


def create_alerting_app(settings: Settings) -> Alerting:
    """Creates the event tables: call under the schema lock."""
    key = alerting_cipher_key(settings)
    return Alerting(env=event_store_env(settings.effective_database_url, key))


def default_senders(dsn: str) -> ChannelSender:
    return sender_for(dsn, CHANNEL_SETTINGS)


def wire_alerting(
    settings: Settings,
    app: Alerting,
    monitoring: Monitoring,
    views: Database,
    monitor_queries: MonitorQueries,
    clock: Clock,
    limiter: RateLimiter,
    senders: SenderFactory | None = None,
) -> AlertingParts:
    store = SqlProjectionStore(views)
    queries = SqlAlertingQueries(views)
    config_runner = ProjectionRunner(AlertConfigProjection(), app.recorder, app.mapper, store)
    log_runner = ProjectionRunner(NotificationLogProjection(), app.recorder, app.mapper, store)
    projector = Projector(
        [config_runner, log_runner], poll_interval=settings.projector_poll_seconds
    )
    app.on_recorded(projector.wake)
    process = AlertingProcess(
        app,
        monitoring.recorder,
        monitoring.mapper,
        queries,
        before_batch=config_runner.catch_up,
        poll_interval=settings.alerting_poll_seconds,
    )
    monitoring.on_recorded(process.wake)
    retry = RetryPolicy(
        max_attempts=settings.notifier_max_attempts,
        first_delay=timedelta(seconds=settings.notifier_backoff_seconds),
        max_delay=timedelta(seconds=settings.notifier_backoff_max_seconds),
    )
    notifier = Notifier(
        app,
        queries,
        monitor_queries,
        senders or default_senders,
        clock,
        limiter,
        NotifierSettings(
            retry=retry,
            lease=timedelta(seconds=settings.notifier_lease_seconds),
            concurrency=settings.notifier_concurrency,
            channel_limit=settings.notifier_channel_limit_per_minute,
        ),
    )
    # Channel ids are keyed hashes of DSNs: derive their key from the cipher key.
    cipher_key = app.env.get("CIPHER_KEY") or ""
    key = hashlib.sha256(b"uptime-sentinel channel ids\0" + b64decode(cipher_key))
    configuration = AlertConfiguration(
        app, monitor_queries, queries, DsnChannelInspector(), key.digest()
    )
    return AlertingParts(app, projector, store, queries, configuration, process, notifier)
