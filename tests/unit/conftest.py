import pytest

from tests.support.clock import ManualClock
from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore
from uptime_sentinel.application.monitoring import Monitoring
from uptime_sentinel.application.projections.catalogue import CatalogueProjection
from uptime_sentinel.application.projections.health import HealthProjection
from uptime_sentinel.application.projections.runner import ProjectionRunner
from uptime_sentinel.application.projections.schedule import ScheduleProjection


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def monitoring():
    app = Monitoring(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield app
    app.close()


@pytest.fixture
def view_store():
    return InMemoryProjectionStore()


@pytest.fixture
def runners(monitoring, view_store):
    return [
        ProjectionRunner(p(), monitoring.recorder, monitoring.mapper, view_store)
        for p in (CatalogueProjection, HealthProjection, ScheduleProjection)
    ]


@pytest.fixture
def project(runners):
    def catch_up():
        for runner in runners:
            runner.catch_up()

    return catch_up
