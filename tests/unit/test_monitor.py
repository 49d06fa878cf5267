from datetime import UTC, datetime, timedelta

import pytest

from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.errors import InvalidTransition
from uptime_sentinel.domain.health import Health
from uptime_sentinel.domain.monitor import Monitor
from uptime_sentinel.domain.monitor_spec import MonitorSpec, MonitorStatus

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def new_monitor() -> Monitor:
    monitor = Monitor.register(MonitorSpec.create("Shop", "https://shop.example"))
    monitor.collect_events()
    return monitor


def result(monitor: Monitor, seconds: int, status: int | None = 200, error=None) -> CheckResult:
    return CheckResult(monitor.id, T0 + timedelta(seconds=seconds), 12.5, status, error)


def event_names(monitor: Monitor) -> list[str]:
    return [type(e).__name__ for e in monitor.collect_events()]


def test_registered_monitor_is_active_and_unknown():
    monitor = new_monitor()
    assert monitor.status is MonitorStatus.ACTIVE
    assert monitor.health is Health.UNKNOWN
    assert monitor.consecutive_failures == 0


def test_first_success_comes_up_then_successes_record_nothing():
    monitor = new_monitor()
    assert monitor.record_check(result(monitor, 1))
    assert not monitor.record_check(result(monitor, 2))
    assert event_names(monitor) == ["CameUp"]
    assert monitor.health is Health.UP


def test_failures_go_down_count_up_and_recover():
    monitor = new_monitor()
    monitor.record_check(result(monitor, 1))
    monitor.record_check(result(monitor, 2, 503))
    monitor.record_check(result(monitor, 3, None, "timeout after 5000 ms"))
    assert (monitor.health, monitor.consecutive_failures) == (Health.DOWN, 2)
    monitor.record_check(result(monitor, 4))
    assert (monitor.health, monitor.consecutive_failures) == (Health.UP, 0)
    assert event_names(monitor) == ["CameUp", "WentDown", "CheckFailed", "Recovered"]


def test_failure_event_carries_reason():
    monitor = new_monitor()
    monitor.record_check(result(monitor, 1, 503))
    (went_down,) = monitor.collect_events()
    assert isinstance(went_down, Monitor.WentDown)
    assert (went_down.error, went_down.consecutive_failures) == ("HTTP 503", 1)


def test_old_or_paused_results_are_ignored():
    monitor = new_monitor()
    monitor.record_check(result(monitor, 5, 503))
    assert not monitor.record_check(result(monitor, 4))
    monitor.pause()
    assert not monitor.record_check(result(monitor, 6))
    assert monitor.health is Health.DOWN


def test_invalid_transitions():
    monitor = new_monitor()
    with pytest.raises(InvalidTransition, match="already active"):
        monitor.resume()
    monitor.pause()
    with pytest.raises(InvalidTransition, match="already paused"):
        monitor.pause()
    monitor.resume()
    monitor.delete()
    with pytest.raises(InvalidTransition, match="deleted"):
        monitor.pause()


def test_reconfigure_records_only_real_changes():
    monitor = new_monitor()
    monitor.reconfigure(name="Shop")
    assert event_names(monitor) == []
    monitor.reconfigure(interval_seconds=30, url="https://shop.example/v2")
    assert event_names(monitor) == ["Reconfigured"]
    assert (monitor.interval_seconds, monitor.url) == (30, "https://shop.example/v2")
