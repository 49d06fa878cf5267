"""Exactly once across replays and restarts, on one SQLite file like the embedded runtime
(tests/integration/test_alerting_mysql.py runs them on MariaDB): decisions are recorded
with the Monitoring position they came from, so the same event can never be decided twice,
and a decided notice is sent once whoever picks it up."""

import pytest
from sqlalchemy import create_engine, text

from tests.support.alerting import WEBHOOK, AlertingHarness
from tests.support.clock import ManualClock
from uptime_sentinel.adapters.memory.projection_store import InMemoryProjectionStore

SECRET_DSN = "smtp://ops:hunter2-secret@127.0.0.1:2525?from=a@example.com&to=b@example.com"


@pytest.fixture
def world(tmp_path):
    """What survives a restart: the database, the read models, the clock."""
    url = f"sqlite:///{tmp_path / 'sentinel.db'}"
    return {"database_url": url, "store": InMemoryProjectionStore(), "clock": ManualClock()}


def start(world, **kwargs):
    return AlertingHarness(
        world["clock"], database_url=world["database_url"], store=world["store"], **kwargs
    )


def fail_a_while(h, monitor_id, times):
    for _ in range(times):
        h.clock.advance(30)
        h.check(monitor_id, ok=False)


def test_replaying_processed_events_decides_nothing(world):
    h = start(world)
    monitor_id = h.register()
    h.config.create_rule(monitor_id, WEBHOOK, "BOTH", 2, "PT1H")
    fail_a_while(h, monitor_id, 3)
    head = h.alerting.recorder.max_notification_id()
    old = h.monitoring.recorder.select_notifications(1, 1000)
    assert [h.process.handle(n) for n in old if n.topic.endswith("CheckFailed")] == [False] * 2
    assert h.alerting.recorder.max_notification_id() == head
    h.close()


def test_a_restart_neither_decides_nor_sends_anything_twice(world):
    h = start(world)
    monitor_id = h.register()
    h.config.create_rule(monitor_id, WEBHOOK, "BOTH", 1, "PT1H")
    fail_a_while(h, monitor_id, 2)
    decided = [r["id"] for r in h.log() if r["reason"] is None]
    h.close()  # stopped before the notifier ran

    h = start(world)
    assert h.settle() == 0
    h.deliver()
    sent = [str(m.notification_id) for m in h.channels.all_sent()]
    assert sent == decided
    h.close()

    h = start(world)
    assert h.settle() == 0 and h.deliver() == 0
    assert h.channels.all_sent() == []
    h.close()


def test_events_recorded_while_alerting_was_down_are_decided_once_after_restart(world):
    h = start(world)
    monitor_id = h.register()
    h.config.create_rule(monitor_id, WEBHOOK, "BOTH", 3, "PT1H")
    h.settle()
    h.close()

    h = start(world)
    for _ in range(4):  # the monitor keeps failing while alerting is not running
        h.clock.advance(30)
        h.monitoring.record_checks([_failed(monitor_id, h.clock.now())])
    h.close()

    h = start(world)
    assert h.settle() == 4
    assert [r["reason"] for r in h.log()] == ["below_threshold"] * 2 + [None, "cooldown"]
    h.close()


def test_channel_secrets_are_not_stored_in_clear(world):
    h = start(world)
    monitor_id = h.register()
    h.config.create_rule(monitor_id, SECRET_DSN, "BOTH", 1, "PT1H")
    h.settle()
    (channel,) = h.queries.channels()
    assert "hunter2" not in channel.dsn and "***" in channel.dsn
    assert h.alerting.get_channel(channel.id).dsn == SECRET_DSN  # decrypted for delivery
    h.close()
    engine = create_engine(world["database_url"])
    table = "stored_events" if engine.dialect.name == "sqlite" else "alerting_events"
    with engine.connect() as db:
        states = [bytes(s) for (s,) in db.execute(text(f"SELECT state FROM {table}"))]
    engine.dispose()
    assert states and not any(b"hunter2" in s for s in states)


def _failed(monitor_id, at):
    from uptime_sentinel.domain.check import CheckResult

    return CheckResult(monitor_id, at, 5.0, 503)


def test_a_long_incident_is_snapshotted_and_reloads_alike(world):
    h = start(world)
    monitor_id = h.register()
    h.config.create_rule(monitor_id, WEBHOOK, "BOTH", 1, "PT1H")
    h.config.create_policy(None, 1, 150, WEBHOOK)
    for _ in range(160):
        h.clock.advance(60)
        h.monitoring.record_checks([_failed(monitor_id, h.clock.now())])
    assert h.settle() == 160
    live = h.alerting.find_monitor_alerts(monitor_id)
    assert live.version == 161 and h.alerting.snapshots is not None
    snapshots = list(h.alerting.snapshots.get(live.id))
    assert [s.originator_version for s in snapshots] == [100]
    h.close()

    h = start(world)
    again = h.alerting.find_monitor_alerts(monitor_id)
    assert again.incident == live.incident and again.rule_notices == live.rule_notices
    assert again.incident.fired_levels.keys() == {1}
    h.close()
