"""The Monitor aggregate and health policy against a plain model: live state, replayed
state, and the projections (incremental and rebuilt) all agree with the model."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore
from uptime_sentinel.application.monitoring import Monitoring
from uptime_sentinel.application.projections.catalogue import CatalogueProjection
from uptime_sentinel.application.projections.health import HealthProjection
from uptime_sentinel.application.projections.runner import ProjectionRunner
from uptime_sentinel.application.projections.schedule import ScheduleProjection
from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.errors import InvalidTransition
from uptime_sentinel.domain.monitor import Monitor
from uptime_sentinel.domain.monitor_spec import MonitorSpec

PROJECTIONS = (CatalogueProjection, HealthProjection, ScheduleProjection)


@dataclass
class Model:
    """What a user expects, written as plainly as possible."""

    name: str
    interval: int
    paused: bool = False
    deleted: bool = False
    health: str = "UNKNOWN"
    failures: int = 0
    incidents: int = 0
    open_incident: bool = False

    def check(self, ok: bool) -> None:
        if self.paused or self.deleted:
            return
        if ok:
            if self.health == "DOWN":
                self.open_incident = False
            self.health, self.failures = "UP", 0
        else:
            if self.health != "DOWN":
                self.incidents += 1
                self.open_incident = True
            self.health, self.failures = "DOWN", self.failures + 1


class MonitorMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.app = Monitoring(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        self.store = InMemoryProjectionStore()
        self.runners = [
            ProjectionRunner(p(), self.app.recorder, self.app.mapper, self.store, batch_size=7)
            for p in PROJECTIONS
        ]
        monitor, _ = self.app.register_monitor(MonitorSpec.create("m", "http://127.0.0.1/"))
        self.id = monitor.id
        self.model = Model("m", 60)
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def teardown(self) -> None:
        self.app.close()

    @precondition(lambda self: not self.model.deleted)
    @rule(ok=st.booleans(), status=st.sampled_from([200, 204, 301, 404, 500, 503, None]))
    def check(self, ok: bool, status: int | None) -> None:
        self.now += timedelta(seconds=1)
        code = (200 if status is None else status) if ok else status
        error = None if code is not None else "timeout after 5000 ms"
        result = CheckResult(self.id, self.now, 1.0, code, error)
        self.app.record_checks([result])
        self.model.check(result.ok)

    @precondition(lambda self: not self.model.deleted)
    @rule()
    def pause(self) -> None:
        try:
            self.app.pause_monitor(self.id)
        except InvalidTransition:
            assert self.model.paused
        else:
            assert not self.model.paused
            self.model.paused = True

    @precondition(lambda self: not self.model.deleted)
    @rule()
    def resume(self) -> None:
        try:
            self.app.resume_monitor(self.id)
        except InvalidTransition:
            assert not self.model.paused
        else:
            assert self.model.paused
            self.model.paused = False

    @precondition(lambda self: not self.model.deleted)
    @rule(name=st.text(min_size=1, max_size=20).filter(str.strip), interval=st.integers(6, 600))
    def reconfigure(self, name: str, interval: int) -> None:
        self.app.reconfigure_monitor(self.id, name=name, interval_seconds=interval)
        self.model.name, self.model.interval = name.strip(), interval

    @precondition(lambda self: not self.model.deleted)
    @rule()
    def delete(self) -> None:
        self.app.delete_monitor(self.id)
        self.model.deleted = True

    @rule()
    def project(self) -> None:
        for runner in self.runners:
            runner.catch_up()

    @invariant()
    def replay_equals_model(self) -> None:
        monitor: Monitor = self.app.repository.get(self.id)
        assert monitor.deleted == self.model.deleted
        if self.model.deleted:
            return
        assert (monitor.health.value, monitor.consecutive_failures) == (
            self.model.health,
            self.model.failures,
        )
        assert monitor.status.value == ("PAUSED" if self.model.paused else "ACTIVE")
        assert (monitor.name, monitor.interval_seconds) == (self.model.name, self.model.interval)

    @invariant()
    def projections_equal_model_and_rebuild(self) -> None:
        for runner in self.runners:
            runner.catch_up()
        live = {t: sorted(map(repr, rows)) for t, rows in self.store.tables.items()}
        tables = self.store.tables
        if self.model.deleted:
            assert not tables.get("monitors") and not tables.get("monitor_health")
            assert not tables.get("incidents")
        else:
            (row,) = tables["monitors"]
            (health,) = tables["monitor_health"]
            assert row["status"] == ("PAUSED" if self.model.paused else "ACTIVE")
            assert (row["name"], row["interval_seconds"]) == (self.model.name, self.model.interval)
            assert (health["health"], health["consecutive_failures"]) == (
                self.model.health,
                self.model.failures,
            )
            incidents = tables.get("incidents", [])
            assert len(incidents) == self.model.incidents
            assert sum(i["ended_at"] is None for i in incidents) == int(self.model.open_incident)
        rebuilt = InMemoryProjectionStore()
        for p in PROJECTIONS:
            ProjectionRunner(p(), self.app.recorder, self.app.mapper, rebuilt).catch_up()
        assert {t: sorted(map(repr, rows)) for t, rows in rebuilt.tables.items()} == live


MonitorMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
TestMonitorMachine = MonitorMachine.TestCase
