from tests.support.fakes import ScriptedChecker, StoreMonitorQueries
from uptime_sentinel.adapters.memory.hot_state import InMemoryHealthCache
from uptime_sentinel.adapters.memory.telemetry_buffer import InMemoryTelemetryBuffer
from uptime_sentinel.application.check_processing import CheckProcessor, SpecCache
from uptime_sentinel.application.ports.check_queue import CheckBatch, ScheduledCheck
from uptime_sentinel.domain.health import Health
from uptime_sentinel.domain.monitor_spec import MonitorSpec


def setup(monitoring, view_store, clock):
    checker = ScriptedChecker(clock)
    buffer, health = InMemoryTelemetryBuffer(), InMemoryHealthCache()
    processor = CheckProcessor(
        monitoring,
        SpecCache(StoreMonitorQueries(view_store), ttl=0),
        checker,
        buffer,
        health,
        clock,
    )
    return processor, checker, buffer, health


def batch(clock, *ids):
    return CheckBatch(tuple(ScheduledCheck(i, clock.now()) for i in ids), clock.now())


async def test_results_are_buffered_and_decisions_recorded(monitoring, view_store, project, clock):
    processor, checker, buffer, health = setup(monitoring, view_store, clock)
    up, _ = monitoring.register_monitor(MonitorSpec.create("up", "http://127.0.0.1:1/up"))
    down, _ = monitoring.register_monitor(MonitorSpec.create("down", "http://127.0.0.1:1/down"))
    checker.statuses["http://127.0.0.1:1/down"] = 503
    project()
    results = await processor.process(batch(clock, up.id, down.id))
    assert [r.ok for r in results] == [True, False]
    assert buffer.size() == 2
    assert monitoring.get_monitor(down.id).health is Health.DOWN
    assert health.get_many([up.id])[up.id].health is Health.UP


async def test_healthy_success_touches_no_event(monitoring, view_store, project, clock):
    processor, _, buffer, _ = setup(monitoring, view_store, clock)
    monitor, _ = monitoring.register_monitor(MonitorSpec.create("up", "http://127.0.0.1:1/"))
    project()
    await processor.process(batch(clock, monitor.id))
    head = monitoring.recorder.max_notification_id()
    for _ in range(3):
        clock.advance(1)
        await processor.process(batch(clock, monitor.id))
    assert monitoring.recorder.max_notification_id() == head
    assert buffer.size() == 4


async def test_paused_and_unknown_monitors_are_not_checked(monitoring, view_store, project, clock):
    import uuid

    processor, checker, buffer, _ = setup(monitoring, view_store, clock)
    monitor, _ = monitoring.register_monitor(MonitorSpec.create("p", "http://127.0.0.1:1/"))
    monitoring.pause_monitor(monitor.id)
    project()
    assert await processor.process(batch(clock, monitor.id, uuid.uuid4())) == []
    assert checker.requests == [] and buffer.size() == 0
