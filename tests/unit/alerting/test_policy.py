"""The pure decision policy, case by case (the seed timeline is in test_timeline.py)."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from uptime_sentinel.domain.alerting.policy import (
    AlertConfig,
    Failure,
    FiredLevel,
    Incident,
    PolicyConfig,
    RuleConfig,
    decide_failure,
    decide_recovery,
    effective_policies,
    starts_incident,
)
from uptime_sentinel.domain.alerting.values import NotificationType, SuppressionReason

T0 = datetime(2026, 1, 1, 10, tzinfo=UTC)
MONITOR, OTHER = uuid4(), uuid4()
EMAIL, SLACK, PAGER = uuid4(), uuid4(), uuid4()
HOUR = timedelta(hours=1)
OPEN = Incident(number=1, open=True, started_at=T0)


def rule(type=NotificationType.BOTH, threshold=3, cooldown=HOUR, enabled=True, channel=EMAIL):
    return RuleConfig(uuid4(), channel, type, threshold, cooldown, enabled)


def policy(level, count, monitor=None, channel=SLACK, enabled=True, order=0):
    return PolicyConfig(uuid4(), monitor, level, count, channel, enabled, order)


def failure(count, minutes=0.0):
    return Failure(T0 + timedelta(minutes=minutes), count, "HTTP 503")


def reasons(decisions):
    return [d.reason for d in decisions]


def test_a_rule_fires_from_its_threshold_then_waits_out_its_cooldown():
    r = rule(threshold=3)
    config = AlertConfig(rules=[r])
    assert reasons(decide_failure(MONITOR, OPEN, {}, failure(2), config)) == [
        SuppressionReason.BELOW_THRESHOLD
    ]
    assert reasons(decide_failure(MONITOR, OPEN, {}, failure(3), config)) == [None]
    last = {r.id: T0}
    assert reasons(decide_failure(MONITOR, OPEN, last, failure(9, 59.99), config)) == [
        SuppressionReason.COOLDOWN
    ]
    assert reasons(decide_failure(MONITOR, OPEN, last, failure(10, 60), config)) == [None]


def test_a_zero_cooldown_fires_on_every_failure_past_the_threshold():
    r = rule(threshold=1, cooldown=timedelta(0))
    last = {r.id: T0}
    assert reasons(decide_failure(MONITOR, OPEN, last, failure(2), AlertConfig(rules=[r]))) == [
        None
    ]


def test_disabled_rule_and_disabled_channel_say_so():
    off = rule(enabled=False)
    muted = rule(channel=PAGER)
    config = AlertConfig(rules=[off, muted], channels_enabled={PAGER: False})
    assert reasons(decide_failure(MONITOR, OPEN, {}, failure(5), config)) == [
        SuppressionReason.DISABLED,
        SuppressionReason.CHANNEL_DISABLED,
    ]


def test_recovery_only_rules_say_nothing_on_failures():
    config = AlertConfig(rules=[rule(type=NotificationType.RECOVERY)])
    assert decide_failure(MONITOR, OPEN, {}, failure(5), config) == []


def test_escalation_fires_on_the_exact_count_only():
    config = AlertConfig(policies=[policy(2, 10)])
    for count in (9, 11):
        assert decide_failure(MONITOR, OPEN, {}, failure(count), config) == []
    (decision,) = decide_failure(MONITOR, OPEN, {}, failure(10), config)
    assert decision.notify and decision.level == 2 and decision.channel_id == SLACK


def test_a_level_fires_once_per_incident_even_if_its_policy_changes():
    replaced = policy(1, 7)
    fired = Incident(1, True, T0, 6, 6, None, {1: FiredLevel(uuid4(), SLACK)})
    (decision,) = decide_failure(MONITOR, fired, {}, failure(7), AlertConfig(policies=[replaced]))
    assert decision.reason is SuppressionReason.ALREADY_ESCALATED


def test_a_monitors_own_policy_overrides_the_global_one_at_its_level():
    mine = policy(1, 5, monitor=MONITOR, channel=PAGER, order=9)
    theirs = policy(1, 5, monitor=OTHER, channel=PAGER)
    everyone = [policy(1, 5, order=1), policy(2, 10, order=2)]
    chosen = effective_policies(MONITOR, [*everyone, mine, theirs])
    assert chosen == {1: mine, 2: everyone[1]}
    assert effective_policies(OTHER, everyone) == {1: everyone[0], 2: everyone[1]}


def test_a_disabled_override_is_explained_not_replaced_by_the_global_policy():
    config = AlertConfig(policies=[policy(1, 5), policy(1, 5, monitor=MONITOR, enabled=False)])
    (decision,) = decide_failure(MONITOR, OPEN, {}, failure(5), config)
    assert decision.reason is SuppressionReason.DISABLED


def test_recovery_goes_to_rules_whose_threshold_the_incident_reached():
    low, high, failure_only = rule(threshold=3), rule(threshold=10), rule(NotificationType.FAILURE)
    incident = Incident(1, True, T0, 5, 5)
    config = AlertConfig(rules=[low, high, failure_only])
    assert reasons(decide_recovery(incident, config)) == [None, SuppressionReason.BELOW_THRESHOLD]


def test_a_rule_that_alerted_owes_its_recovery_even_after_its_threshold_rose():
    raised = rule(threshold=50)
    incident = Incident(1, True, T0, 5, 5, alerted_rules=frozenset({raised.id}))
    assert reasons(decide_recovery(incident, AlertConfig(rules=[raised]))) == [None]


def test_every_fired_level_hears_the_recovery_unless_its_channel_is_off():
    fired = {2: FiredLevel(uuid4(), PAGER), 1: FiredLevel(uuid4(), SLACK)}
    incident = Incident(1, True, T0, 12, 12, fired_levels=fired)
    decisions = decide_recovery(incident, AlertConfig(channels_enabled={PAGER: False}))
    assert [(d.level, d.channel_id, d.reason) for d in decisions] == [
        (1, SLACK, None),
        (2, PAGER, SuppressionReason.CHANNEL_DISABLED),
    ]


def test_a_count_that_did_not_grow_starts_a_new_incident():
    assert starts_incident(Incident(), failure(1))
    running = Incident(1, True, T0, last_count=4)
    assert not starts_incident(running, failure(5))
    assert starts_incident(running, failure(1))  # succeeded in between, silently
