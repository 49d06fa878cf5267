"""The composition root: reads settings, picks adapters, wires the applications.

Tests pass fakes in through the keyword arguments; production code never branches on tests."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from uptime_sentinel.adapters.clock import SystemClock
from uptime_sentinel.adapters.sql import tables
from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.event_store_env import event_store_env
from uptime_sentinel.adapters.sql.leader_lock import SqlLeaderLock
from uptime_sentinel.adapters.sql.partitions import TelemetryPartitions
from uptime_sentinel.adapters.sql.projection_store import SqlProjectionStore
from uptime_sentinel.adapters.sql.queries import SqlMonitorQueries, SqlScheduleQueries
from uptime_sentinel.adapters.sql.telemetry_store import SqlTelemetryStore
from uptime_sentinel.application.alerting.ports import SenderFactory
from uptime_sentinel.application.check_processing import CheckProcessor, SpecCache
from uptime_sentinel.application.ingestor import Ingestor
from uptime_sentinel.application.monitoring import Monitoring
from uptime_sentinel.application.ports.check_queue import CheckQueue
from uptime_sentinel.application.ports.checker import Checker
from uptime_sentinel.application.ports.clock import Clock
from uptime_sentinel.application.ports.hot_state import HealthCache, ScheduleIndex
from uptime_sentinel.application.ports.leader_lock import LeaderLock
from uptime_sentinel.application.ports.recording_signal import RecordingSignal
from uptime_sentinel.application.ports.telemetry import TelemetryBuffer
from uptime_sentinel.application.projections.catalogue import CatalogueProjection
from uptime_sentinel.application.projections.health import HealthProjection
from uptime_sentinel.application.projections.projector import Projector
from uptime_sentinel.application.projections.runner import ProjectionRunner
from uptime_sentinel.application.projections.schedule import ScheduleProjection
from uptime_sentinel.application.scheduler import Scheduler
from uptime_sentinel.bootstrap import engines
from uptime_sentinel.bootstrap.alerting import AlertingParts, create_alerting_app, wire_alerting
from uptime_sentinel.settings import Settings

PROJECTIONS = (CatalogueProjection, HealthProjection, ScheduleProjection)


@dataclass
class Container:
    """Everything a process may need; each entrypoint starts only the parts it runs."""

    settings: Settings
    clock: Clock
    monitoring: Monitoring
    views: Database
    telemetry_db: Database
    projection_store: SqlProjectionStore
    projector: Projector
    monitor_queries: SqlMonitorQueries
    telemetry_store: SqlTelemetryStore
    telemetry_buffer: TelemetryBuffer
    health_cache: HealthCache
    schedule_index: ScheduleIndex
    check_queue: CheckQueue
    scheduler: Scheduler
    ingestor: Ingestor
    checker_factory: Callable[[], Checker]
    leader_lock: Callable[[str], LeaderLock]
    alerting: AlertingParts
    recording_signal: RecordingSignal | None = None
    health_checks: dict[str, Callable[[], None]] = field(default_factory=dict)

    projector_in_process: bool = False

    def wait_for_views(
        self, position: int, timeout: float | None = None, names: Sequence[str] = ()
    ) -> bool:
        """Read-your-writes: block until the named projections (all by default) have applied
        `position`. Served by the in-process projector when this process runs one, else by
        polling positions."""
        timeout = self.settings.read_your_writes_timeout if timeout is None else timeout
        names = tuple(names) or tuple(self.projector.runners)
        if self.projector_in_process:
            return self.projector.wait_for(position, timeout, names)
        deadline = time.monotonic() + timeout
        while True:
            positions = self.projection_store.positions()
            if all(positions.get(n, 0) >= position for n in names):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)  # one indexed read: cheap enough to ask often

    def wait_for_alerting_views(self, position: int, timeout: float | None = None) -> bool:
        """Read-your-writes for alerting commands, whose positions are in Alerting's log."""
        timeout = self.settings.read_your_writes_timeout if timeout is None else timeout
        return self.alerting.wait_for_views(position, timeout, self.projector_in_process)

    def check_processor(self, checker: Checker) -> CheckProcessor:
        return CheckProcessor(
            self.monitoring,
            SpecCache(self.monitor_queries),
            checker,
            self.telemetry_buffer,
            self.health_cache,
            self.clock,
        )

    def close(self) -> None:
        self.check_queue.close()
        self.monitoring.close()
        self.alerting.close()
        self.views.dispose()
        if self.telemetry_db is not self.views:
            self.telemetry_db.dispose()


def default_checker_factory(settings: Settings, clock: Clock) -> Callable[[], Checker]:
    def make() -> Checker:
        from uptime_sentinel.adapters.aiohttp_checker import AiohttpChecker

        return AiohttpChecker(max_concurrency=settings.worker_concurrency, clock=clock)

    return make


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    checker_factory: Callable[[], Checker] | None = None,
    check_queue: CheckQueue | None = None,
    telemetry_buffer: TelemetryBuffer | None = None,
    health_cache: HealthCache | None = None,
    schedule_index: ScheduleIndex | None = None,
    channel_senders: SenderFactory | None = None,
) -> Container:
    settings = settings or Settings.from_env()
    clock = clock or SystemClock()
    health_checks: dict[str, Callable[[], None]] = {}

    views = Database(settings.effective_database_url)
    health_checks["database"] = views.ping
    if settings.effective_telemetry_url == settings.effective_database_url:
        telemetry_db = views
    else:
        telemetry_db = Database(settings.effective_telemetry_url)
        health_checks["telemetry"] = telemetry_db.ping
    with ExitStack() as locks:
        locks.enter_context(views.schema_lock())
        if telemetry_db is not views:
            locks.enter_context(telemetry_db.schema_lock())
        views.create_all(tables.views)
        if not telemetry_db.is_sqlite:
            TelemetryPartitions(telemetry_db).create_table()  # partitioned by day on MySQL
        telemetry_db.create_all(tables.telemetry)
        monitoring = Monitoring(
            env=event_store_env(settings.effective_database_url, settings.cipher_key)
        )
        alerting_app = create_alerting_app(settings)
    store = SqlProjectionStore(views)
    runners = [
        ProjectionRunner(p(), monitoring.recorder, monitoring.mapper, store) for p in PROJECTIONS
    ]
    projector = Projector(runners, poll_interval=settings.projector_poll_seconds)
    monitoring.on_recorded(projector.wake)

    hot: dict[str, Any] = engines.hot_state(settings, health_checks)
    if hot["signal"] is not None:
        monitoring.on_recorded(hot["signal"].publish)  # wakes projectors in other processes
    buffer = telemetry_buffer or hot["buffer"]
    index = schedule_index or hot["index"]
    queue = check_queue or engines.check_queue(settings, health_checks)
    telemetry_store = SqlTelemetryStore(telemetry_db)
    monitor_queries = SqlMonitorQueries(views)
    alerting = wire_alerting(
        settings,
        alerting_app,
        monitoring,
        views,
        monitor_queries,
        clock,
        hot["limiter"],
        channel_senders,
    )
    return Container(
        settings=settings,
        clock=clock,
        monitoring=monitoring,
        views=views,
        telemetry_db=telemetry_db,
        projection_store=store,
        projector=projector,
        monitor_queries=monitor_queries,
        telemetry_store=telemetry_store,
        telemetry_buffer=buffer,
        health_cache=health_cache or hot["health"],
        schedule_index=index,
        check_queue=queue,
        scheduler=Scheduler(index, SqlScheduleQueries(views), queue, clock),
        ingestor=Ingestor(buffer, telemetry_store),
        checker_factory=checker_factory or default_checker_factory(settings, clock),
        leader_lock=partial(SqlLeaderLock, views),
        recording_signal=hot["signal"],
        alerting=alerting,
        health_checks=health_checks,
    )
