"""The notifier: retries with backoff, dead letters, ordering per channel, and claims that
keep competing notifiers from both sending. A fake channel stands in for the adapters."""

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from tests.support.alerting import WEBHOOK, AlertingHarness
from uptime_sentinel.application.alerting.notifier import Notifier
from uptime_sentinel.domain.alerting.notification import RetryPolicy

EMAIL = "smtp://127.0.0.1:2525?from=a@example.com&to=b@example.com"


@pytest.fixture
def h():
    harness = AlertingHarness(retry=RetryPolicy(max_attempts=3))
    yield harness
    harness.close()


def failing_monitor(h, dsn=WEBHOOK, threshold=1):
    monitor_id = h.register()
    h.config.create_rule(monitor_id, dsn, "BOTH", threshold, "PT1H")
    return monitor_id


def statuses(h):
    return [(r["kind"], r["status"], r["attempts"]) for r in h.log() if r["reason"] is None]


def test_a_failed_delivery_is_retried_with_backoff_and_keeps_its_idempotency_key(h):
    monitor_id = failing_monitor(h)
    h.channels.fail(WEBHOOK, times=2)
    h.check(monitor_id, ok=False)
    assert h.deliver() == 1 and statuses(h) == [("FAILURE", "pending", 1)]
    assert h.deliver() == 0  # not due before its backoff is over
    h.clock.advance(40)
    assert h.deliver() == 1
    h.clock.advance(79)
    assert h.deliver() == 0
    h.clock.advance(1)
    assert h.deliver() == 1 and statuses(h) == [("FAILURE", "delivered", 3)]
    (message,) = h.channels.sent[WEBHOOK]
    assert str(message.notification_id) == next(r["id"] for r in h.log() if r["reason"] is None)
    assert h.channels.attempts == [(WEBHOOK, message.notification_id)] * 3


def test_a_notice_is_dead_lettered_after_its_last_attempt(h):
    monitor_id = failing_monitor(h)
    h.channels.down.add(WEBHOOK)
    h.check(monitor_id, ok=False)
    for _ in range(3):
        h.deliver()
        h.clock.advance(3600)
    (row,) = [r for r in h.log() if r["reason"] is None]
    assert (row["status"], row["attempts"], row["last_error"]) == (
        "dead_lettered",
        3,
        "connection refused",
    )
    assert h.deliver() == 0


def test_a_permanent_error_dead_letters_at_once(h):
    monitor_id = failing_monitor(h)
    h.channels.fail(WEBHOOK, retryable=False)
    h.check(monitor_id, ok=False)
    h.deliver()
    assert statuses(h) == [("FAILURE", "dead_lettered", 1)]


def test_notices_to_one_channel_stay_in_order_and_other_channels_are_not_held_up(h):
    monitor_id = failing_monitor(h)
    h.config.create_rule(monitor_id, EMAIL, "BOTH", 1, "PT1H")
    h.channels.down.add(WEBHOOK)
    h.check(monitor_id, ok=False)
    h.clock.advance(5)
    h.check(monitor_id, ok=True)  # the recovery is decided while the failure still waits
    h.deliver()
    h.clock.advance(60)
    h.deliver()
    assert [m.event_type.value for m in h.channels.sent[EMAIL]] == ["FAILURE", "RECOVERY"]
    assert h.channels.sent[WEBHOOK] == []
    h.channels.down.clear()
    h.clock.advance(3600)
    h.deliver()  # the failure notice first; its recovery only once it is out
    assert [m.event_type.value for m in h.channels.sent[WEBHOOK]] == ["FAILURE"]
    h.deliver()
    assert [m.event_type.value for m in h.channels.sent[WEBHOOK]] == ["FAILURE", "RECOVERY"]


def test_competing_notifiers_never_both_send(h):
    monitor_id = failing_monitor(h)
    h.check(monitor_id, ok=False)
    rival = Notifier(
        h.alerting, h.queries, h.monitors, h.channels, h.clock, h.limiter, h.notifier.settings
    )

    async def both():
        return await asyncio.gather(h.notifier.deliver_due(), rival.deliver_due())

    assert sorted(asyncio.run(both())) == [0, 1]
    assert len(h.channels.all_sent()) == 1


def test_an_abandoned_attempt_is_taken_over_after_its_lease(h):
    monitor_id = failing_monitor(h)
    h.check(monitor_id, ok=False)
    (row,) = [r for r in h.log() if r["reason"] is None]
    claimed = h.alerting.get_notification(row["id"])
    claimed.start_attempt(h.clock.now(), timedelta(minutes=2))  # a notifier that then died
    h.alerting.save(claimed)
    h.log_runner.catch_up()
    assert h.deliver() == 0
    h.clock.advance(120)
    assert h.deliver() == 1 and statuses(h) == [("FAILURE", "delivered", 2)]


def test_a_channel_disabled_before_delivery_dead_letters_its_notice(h):
    monitor_id = failing_monitor(h)
    h.check(monitor_id, ok=False)
    channel_id = h.queries.rules_for_monitor(monitor_id)[0].channel.id
    h.config.set_channel_enabled(channel_id, False)
    h.deliver()
    assert statuses(h) == [("FAILURE", "dead_lettered", 1)]
    assert h.channels.all_sent() == []


def test_a_test_message_goes_straight_to_the_channel(h):
    channel, _ = h.config.create_channel("hook", WEBHOOK)
    assert asyncio.run(h.notifier.send_test(channel.id)).delivered
    h.channels.down.add(WEBHOOK)
    outcome = asyncio.run(h.notifier.send_test(channel.id))
    assert (outcome.delivered, outcome.error) == (False, "connection refused")
    assert [m.event_type.value for m in h.channels.sent[WEBHOOK]] == ["TEST"]


def test_a_flood_on_one_channel_waits_for_the_window_and_loses_nothing():
    h = AlertingHarness()
    try:
        h.notifier.settings = replace(h.notifier.settings, channel_limit=2)
        monitors = [failing_monitor(h) for _ in range(5)]
        for monitor_id in monitors:
            h.check(monitor_id, ok=False)
        assert h.deliver() == 2  # five notices due, two admitted this minute
        assert h.deliver() == 0
        h.clock.advance(61)
        assert h.deliver() == 2
        h.clock.advance(61)
        assert h.deliver() == 1
        assert len(h.channels.sent[WEBHOOK]) == 5
    finally:
        h.close()
