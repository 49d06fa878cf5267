from datetime import UTC, datetime, timedelta

import pytest

from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.errors import InvalidTransition, MonitorNotFound
from uptime_sentinel.domain.health import Health, HealthState
from uptime_sentinel.domain.monitor_spec import MonitorSpec

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def register(monitoring, name="Shop"):
    monitor, _ = monitoring.register_monitor(MonitorSpec.create(name, "https://shop.example"))
    return monitor.id


def test_use_cases_return_growing_positions(monitoring):
    monitor_id = register(monitoring)
    _, paused_at = monitoring.pause_monitor(monitor_id)
    _, resumed_at = monitoring.resume_monitor(monitor_id)
    assert 1 < paused_at < resumed_at


def test_unknown_and_deleted_monitors_are_not_found(monitoring):
    import uuid

    with pytest.raises(MonitorNotFound):
        monitoring.get_monitor(uuid.uuid4())
    monitor_id = register(monitoring)
    monitoring.delete_monitor(monitor_id)
    with pytest.raises(MonitorNotFound):
        monitoring.pause_monitor(monitor_id)


def test_rejected_command_stores_nothing(monitoring):
    monitor_id = register(monitoring)
    head = monitoring.recorder.max_notification_id()
    with pytest.raises(InvalidTransition):
        monitoring.resume_monitor(monitor_id)
    assert monitoring.recorder.max_notification_id() == head


def test_record_checks_writes_only_decisions(monitoring):
    monitor_id = register(monitoring)
    head = monitoring.recorder.max_notification_id()
    ok = [CheckResult(monitor_id, T0 + timedelta(seconds=s), 3.0, 200) for s in range(3)]
    states = monitoring.record_checks(ok)
    assert states == {monitor_id: HealthState(Health.UP, 0)}
    assert monitoring.recorder.max_notification_id() == head + 1  # CameUp only


def test_record_checks_drops_results_of_deleted_monitors(monitoring):
    monitor_id = register(monitoring)
    monitoring.delete_monitor(monitor_id)
    assert monitoring.record_checks([CheckResult(monitor_id, T0, 1.0, 200)]) == {}


def test_listener_hears_each_save(monitoring):
    heard = []
    monitoring.on_recorded(heard.append)
    monitor_id = register(monitoring)
    monitoring.pause_monitor(monitor_id)
    assert heard == [1, 2]


def test_a_batch_is_saved_at_once_and_retried_per_result_on_conflict(monitoring, monkeypatch):
    from eventsourcing.persistence import IntegrityError

    a, b = register(monitoring, "a"), register(monitoring, "b")
    head = monitoring.recorder.max_notification_id()
    saves = []
    real_save = monitoring.save

    def save_once_conflicting(*objs, **kwargs):
        saves.append(len(objs))
        if len(saves) == 1:
            monitoring.reconfigure_monitor(a, name="renamed meanwhile")  # the rival's save
            raise IntegrityError("version conflict")
        return real_save(*objs, **kwargs)

    monkeypatch.setattr(monitoring, "save", save_once_conflicting)
    results = [CheckResult(m, T0, 1.0, 503) for m in (a, b)]
    states = monitoring.record_checks(results)
    assert states == {a: HealthState(Health.DOWN, 1), b: HealthState(Health.DOWN, 1)}
    assert saves[0] == 2  # one save for the whole batch first
    assert monitoring.get_monitor(a).name == "renamed meanwhile"
    assert monitoring.recorder.max_notification_id() == head + 3
