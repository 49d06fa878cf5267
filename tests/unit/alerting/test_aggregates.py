"""Alerting aggregates: validation, lifecycles, and state rebuilt from events."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from uptime_sentinel.domain.alerting.channel import NotificationChannel, channel_id_for
from uptime_sentinel.domain.alerting.errors import InvalidAlertConfig
from uptime_sentinel.domain.alerting.escalation import EscalationPolicy
from uptime_sentinel.domain.alerting.monitor_alerts import MonitorAlerts
from uptime_sentinel.domain.alerting.notification import (
    DeliveryStatus,
    Notification,
    RetryPolicy,
)
from uptime_sentinel.domain.alerting.policy import AlertConfig, Failure, PolicyConfig, RuleConfig
from uptime_sentinel.domain.alerting.rule import AlertRule
from uptime_sentinel.domain.alerting.values import NotificationType
from uptime_sentinel.domain.errors import InvalidTransition

T0 = datetime(2026, 1, 1, 10, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def replay(aggregate):
    """The aggregate rebuilt from its events, as a repository would."""
    events = aggregate.collect_events()
    rebuilt = None
    for e in events:
        rebuilt = e.mutate(rebuilt)
    return rebuilt


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"failure_threshold": 0}, "failure_threshold: must be a whole number from 1 to 1000000"),
        ({"failure_threshold": True}, "failure_threshold: must be a whole number"),
        ({"cooldown": "1 hour"}, "cooldown: must be an ISO-8601 duration such as PT1H"),
        ({"cooldown": "P1M"}, "cooldown: must be an ISO-8601 duration such as PT1H"),
        ({"type": "SOMETIMES"}, "type: must be one of FAILURE, RECOVERY, BOTH"),
    ],
)
def test_a_rule_refuses_bad_settings(changes, message):
    fields = {"type": "BOTH", "failure_threshold": 3, "cooldown": "PT1H", **changes}
    with pytest.raises(InvalidAlertConfig, match=message.replace("(", r"\(")):
        AlertRule.create(uuid4(), uuid4(), **fields)


def test_a_rule_records_only_real_changes_and_replays_to_the_same_state():
    rule = AlertRule.create(uuid4(), uuid4(), "failure", 5, "PT60M")
    assert (rule.type, rule.cooldown_text) == ("FAILURE", "PT1H")
    rule.reconfigure(cooldown="PT1H", failure_threshold=5)
    rule.disable()
    rule.disable()
    rule.reconfigure(type="BOTH", cooldown="PT30M")
    assert len(rule.pending_events) == 3
    again = replay(rule)
    assert (again.type, again.cooldown_text, again.enabled) == ("BOTH", "PT30M", False)
    again.delete()
    with pytest.raises(InvalidTransition):
        again.enable()


def test_a_policy_refuses_levels_and_counts_below_one():
    with pytest.raises(InvalidAlertConfig, match="level"):
        EscalationPolicy.create(None, 0, 5, uuid4())
    with pytest.raises(InvalidAlertConfig, match="consecutive_failures"):
        EscalationPolicy.create(None, 1, 0, uuid4())


def test_a_channel_never_shows_its_dsn():
    dsn = "smtp://user:hunter2@mail.example.com?from=a@example.com&to=b@example.com"
    channel = NotificationChannel.create(
        channel_id=channel_id_for(dsn, b"k"),
        name="  ops  mail ",
        type="email",
        dsn=dsn,
        redacted="r",
    )
    assert channel.name == "ops mail"
    assert "hunter2" not in repr(channel) and "hunter2" not in str(channel.id)
    assert channel_id_for(dsn + " ", b"k") == channel.id != channel_id_for(dsn, b"other")


def test_default_backoff_is_five_attempts_over_ten_minutes():
    retry = RetryPolicy()
    delays = [retry.delay_after(n) for n in range(1, 6)]
    assert delays[-1] is None
    assert sum(d.total_seconds() for d in delays[:-1]) == 600
    assert retry.delay_after(1, retry_after=300) == timedelta(seconds=300)


def notification():
    alerts = MonitorAlerts(uuid4())
    rule = RuleConfig(uuid4(), uuid4(), NotificationType.BOTH, 1, timedelta(hours=1))
    (verdict,) = alerts.evaluate_failure(Failure(T0, 1, "HTTP 503"), AlertConfig(rules=[rule]))
    return Notification.decide(alerts.monitor_id, verdict, 1, T0)


def test_a_notification_is_claimed_before_each_attempt_and_retried_with_backoff():
    n = notification()
    assert n.is_due(T0) and n.status is DeliveryStatus.PENDING
    assert n.start_attempt(T0, LEASE) == 1
    with pytest.raises(InvalidTransition):
        n.start_attempt(T0, LEASE)  # claimed: a second notifier must not send
    n.record_failure(T0, "HTTP 503", retryable=True, retry=RetryPolicy())
    assert n.next_attempt_at == T0 + timedelta(seconds=40) and not n.is_due(T0)
    n.start_attempt(T0 + timedelta(seconds=40), LEASE)
    n.record_delivery(T0 + timedelta(seconds=41))
    again = replay(n)
    assert (again.status, again.attempts, again.last_error) == ("delivered", 2, "HTTP 503")


def test_a_notification_is_dead_lettered_after_the_last_attempt_or_a_permanent_error():
    n = notification()
    now = T0
    for _ in range(3):
        n.start_attempt(now, LEASE)
        n.record_failure(now, "timeout", retryable=True, retry=RetryPolicy(max_attempts=3))
        now = n.next_attempt_at
    assert n.status is DeliveryStatus.DEAD_LETTERED and n.attempts == 3
    permanent = notification()
    permanent.start_attempt(T0, LEASE)
    permanent.record_failure(T0, "HTTP 401", retryable=False, retry=RetryPolicy())
    assert permanent.status is DeliveryStatus.DEAD_LETTERED and permanent.attempts == 1


def test_an_abandoned_claim_may_be_taken_again_after_its_lease():
    n = notification()
    n.start_attempt(T0, LEASE)
    assert not n.is_due(T0 + LEASE - timedelta(seconds=1))
    assert n.start_attempt(T0 + LEASE, LEASE) == 2


def test_monitor_alerts_replays_to_the_state_it_decided_with():
    alerts = MonitorAlerts(uuid4())
    policy = PolicyConfig(uuid4(), None, 1, 2, uuid4())
    rule = RuleConfig(uuid4(), uuid4(), NotificationType.BOTH, 2, timedelta(hours=1))
    config = AlertConfig(rules=[rule], policies=[policy])
    for count in (1, 2, 3):
        alerts.evaluate_failure(Failure(T0 + timedelta(minutes=count), count), config)
    again = replay(alerts)
    assert again.incident == alerts.incident
    assert again.incident.fired_levels[1].policy_id == policy.id
    assert again.rule_notices == {str(rule.id): T0 + timedelta(minutes=2)}
    decided = again.evaluate_recovery(T0 + timedelta(minutes=9), config)
    assert [d.decision.notify for d in decided] == [True, True] and not again.incident_open
    assert again.evaluate_recovery(T0 + timedelta(minutes=10), config) == []
