from datetime import UTC, datetime, timedelta

from uptime_sentinel.domain.check import CheckResult
from uptime_sentinel.domain.monitor_spec import MonitorSpec

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def rows(store, table):
    return store.tables.get(table, [])


def test_catalogue_follows_lifecycle(monitoring, view_store, project):
    monitor, _ = monitoring.register_monitor(MonitorSpec.create("Shop", "https://shop.example"))
    project()
    (row,) = rows(view_store, "monitors")
    assert (row["name"], row["status"], row["interval_seconds"]) == ("Shop", "ACTIVE", 60)
    monitoring.reconfigure_monitor(monitor.id, name="Shop v2", interval_seconds=30)
    monitoring.pause_monitor(monitor.id)
    project()
    (row,) = rows(view_store, "monitors")
    assert (row["name"], row["status"], row["interval_seconds"]) == ("Shop v2", "PAUSED", 30)
    (sched,) = rows(view_store, "schedule")
    assert (sched["active"], sched["interval_seconds"]) == (False, 30)
    monitoring.delete_monitor(monitor.id)
    project()
    assert rows(view_store, "monitors") == []
    assert rows(view_store, "monitor_health") == []


def test_health_and_incidents(monitoring, view_store, project):
    monitor, _ = monitoring.register_monitor(MonitorSpec.create("Shop", "https://shop.example"))
    at = [T0 + timedelta(seconds=s) for s in range(5)]
    monitoring.record_checks([CheckResult(monitor.id, at[0], 1.0, 200)])
    monitoring.record_checks([CheckResult(monitor.id, at[1], 1.0, 503)])
    monitoring.record_checks([CheckResult(monitor.id, at[2], 1.0, None, "timeout after 5000 ms")])
    project()
    (health,) = rows(view_store, "monitor_health")
    assert (health["health"], health["consecutive_failures"]) == ("DOWN", 2)
    assert health["last_error"] == "timeout after 5000 ms"
    (incident,) = rows(view_store, "incidents")
    assert (incident["started_at"], incident["ended_at"], incident["failures"]) == (at[1], None, 2)
    monitoring.record_checks([CheckResult(monitor.id, at[3], 1.0, 200)])
    project()
    assert rows(view_store, "monitor_health")[0]["health"] == "UP"
    assert rows(view_store, "incidents")[0]["ended_at"] == at[3]


def test_catch_up_is_exactly_once_and_rebuild_gives_the_same_rows(
    monitoring, view_store, runners, project
):
    for n in range(5):
        monitoring.register_monitor(MonitorSpec.create(f"m{n}", "https://shop.example"))
    project()
    project()
    assert len(rows(view_store, "monitors")) == 5
    before = {t: sorted(map(repr, r)) for t, r in view_store.tables.items()}
    for runner in runners:
        runner.rebuild()
    after = {t: sorted(map(repr, r)) for t, r in view_store.tables.items()}
    assert before == after
    assert all(r.position() == monitoring.recorder.max_notification_id() for r in runners)


def test_a_runner_behind_another_does_not_apply_twice(monitoring, view_store, runners):
    from uptime_sentinel.application.projections.catalogue import CatalogueProjection
    from uptime_sentinel.application.projections.runner import ProjectionRunner

    monitoring.register_monitor(MonitorSpec.create("a", "https://shop.example"))
    twin = ProjectionRunner(
        CatalogueProjection(), monitoring.recorder, monitoring.mapper, view_store
    )
    runners[0].catch_up()
    assert twin.catch_up() == 0
    assert len(rows(view_store, "monitors")) == 1


def test_rebuilding_together_equals_rebuilding_one_by_one(monitoring, view_store, runners, project):
    from uptime_sentinel.application.projections.runner import rebuild_together

    for n in range(7):
        monitor, _ = monitoring.register_monitor(MonitorSpec.create(f"m{n}", "https://h.example"))
        monitoring.record_checks([CheckResult(monitor.id, T0 + timedelta(seconds=n), 1.0, 503)])
        if n % 2:
            monitoring.pause_monitor(monitor.id)
    project()
    live = {t: sorted(map(repr, r)) for t, r in view_store.tables.items()}
    heard = []
    read = rebuild_together(runners, lambda name, n: heard.append(name))
    assert read == monitoring.recorder.max_notification_id()
    assert {t: sorted(map(repr, r)) for t, r in view_store.tables.items()} == live
    assert set(heard) == {r.name for r in runners}
    assert all(r.position() == read for r in runners)
