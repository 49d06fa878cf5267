from datetime import UTC, datetime, timedelta
from uuid import uuid4

from tests.support.clock import ManualClock
from tests.support.fakes import StoreScheduleQueries
from uptime_sentinel.adapters.memory.check_queue import InMemoryCheckQueue
from uptime_sentinel.adapters.memory.hot_state import InMemoryScheduleIndex
from uptime_sentinel.application.ports.hot_state import next_due_after
from uptime_sentinel.application.scheduler import Scheduler, phase_slot
from uptime_sentinel.domain.monitor_spec import MonitorSpec


def drain(queue):
    checks = []
    while (delivery := queue.get(0)) is not None:
        assert len(delivery.batch.checks) <= 50
        checks.extend(delivery.batch.checks)
        queue.ack(delivery)
    return checks


def make_scheduler(view_store, clock):
    index, queue = InMemoryScheduleIndex(), InMemoryCheckQueue()
    return Scheduler(index, StoreScheduleQueries(view_store), queue, clock), index, queue


def register(monitoring, n=1, interval=60):
    return [
        monitoring.register_monitor(
            MonitorSpec.create(f"m{i}", "http://127.0.0.1/", interval_seconds=interval)
        )[0].id
        for i in range(n)
    ]


def test_new_monitor_is_dispatched_at_once_then_every_interval(
    monitoring, view_store, project, clock
):
    scheduler, _, queue = make_scheduler(view_store, clock)
    scheduler.tick()
    (monitor_id,) = register(monitoring, interval=10)
    project()
    scheduler.tick()
    (check,) = drain(queue)
    assert (check.monitor_id, check.due_at) == (monitor_id, clock.now())
    clock.advance(8)
    assert scheduler.tick() == 0
    clock.advance(1)  # due within the one-second lookahead
    (check,) = drain(queue) if scheduler.tick() else [None]
    assert check.due_at - clock.now() == timedelta(seconds=1)


def test_batches_hold_at_most_50(monitoring, view_store, project, clock):
    register(monitoring, 120)
    project()
    scheduler, _, queue = make_scheduler(view_store, clock)
    scheduler.sync()
    clock.advance(61)
    assert scheduler.dispatch_due() == 120
    assert len(drain(queue)) == 120


def test_paused_and_deleted_monitors_leave_the_index(monitoring, view_store, project, clock):
    a, b = register(monitoring, 2)
    project()
    scheduler, index, _ = make_scheduler(view_store, clock)
    scheduler.sync()
    assert index.size() == 2
    monitoring.pause_monitor(a)
    monitoring.delete_monitor(b)
    project()
    scheduler.sync()
    assert index.size() == 0
    monitoring.resume_monitor(a)
    project()
    scheduler.sync()
    assert index.entries([a])[a].due_at == clock.now()


def test_restart_spreads_monitors_by_stable_phase(monitoring, view_store, project):
    ids = register(monitoring, 200)
    project()
    # events carry the library's wall-clock timestamps: start an hour after registration
    clock = ManualClock(datetime.now(UTC) + timedelta(hours=1))
    scheduler, index, _ = make_scheduler(view_store, clock)
    scheduler.sync()
    dues = index.entries(ids)
    offsets = sorted((d.due_at - clock.now()).total_seconds() for d in dues.values())
    assert offsets[0] >= 0 and offsets[-1] < 60
    assert len({int(o) for o in offsets}) > 40  # spread over the interval, not one herd
    assert all(phase_slot(i, 60, clock.now()) == dues[i].due_at for i in ids)


def test_lost_index_is_rebuilt(monitoring, view_store, project, clock):
    register(monitoring, 3)
    project()
    scheduler, index, _ = make_scheduler(view_store, clock)
    scheduler.tick()
    index.clear()
    scheduler.tick()
    assert index.size() == 3


def test_next_due_skips_missed_slots(clock):
    due = clock.now()
    assert next_due_after(due, 60, due) == due + timedelta(seconds=60)
    later = due + timedelta(seconds=600)
    assert next_due_after(due, 60, later) == due + timedelta(seconds=660)


def test_phase_slot_is_within_interval(clock):
    for _ in range(50):
        slot = phase_slot(uuid4(), 30, clock.now())
        assert timedelta(0) <= slot - clock.now() < timedelta(seconds=30)
