"""Alert configuration use cases: channels found or created from DSNs, references checked,
one policy per level and scope, and a deleted monitor's configuration removed with it."""

from uuid import uuid4

import pytest

from tests.support.alerting import WEBHOOK, AlertingHarness
from uptime_sentinel.domain.alerting.errors import (
    AlertingConflict,
    AlertRuleNotFound,
    InvalidAlertConfig,
)
from uptime_sentinel.domain.errors import MonitorNotFound

SLACK = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX"


@pytest.fixture
def h():
    harness = AlertingHarness()
    yield harness
    harness.close()


def test_a_dsn_creates_its_channel_once_and_an_id_names_it(h):
    monitor_id = h.register()
    first, channel, _ = h.config.create_rule(monitor_id, WEBHOOK, "BOTH", 3, "PT1H")
    second, same, _ = h.config.create_rule(monitor_id, f" {WEBHOOK} ", "FAILURE", 5, "PT2H")
    third, by_id, _ = h.config.create_rule(monitor_id, str(channel.id), "RECOVERY", 1, "PT0S")
    assert channel.id == same.id == by_id.id == first.channel_id == third.channel_id
    h.settle()
    (view,) = h.queries.channels()
    assert (view.type, view.dsn, view.name) == ("webhook", WEBHOOK, WEBHOOK)
    assert [r.id for r in h.queries.rules_for_monitor(monitor_id)] == [
        first.id,
        second.id,
        third.id,
    ]


@pytest.mark.parametrize(
    ("channel", "message"),
    [
        ("nonsense", "channel: channel DSN must look like SCHEME://"),
        ("webhook://ftp://x", "channel: webhook DSN must be webhook://https://HOST/PATH"),
        (str(uuid4()), "channel: no channel with id"),
    ],
)
def test_a_bad_channel_reference_is_refused_and_nothing_is_saved(h, channel, message):
    monitor_id = h.register()
    head = h.alerting.recorder.max_notification_id()
    with pytest.raises(InvalidAlertConfig, match=message):
        h.config.create_rule(monitor_id, channel, "BOTH", 3, "PT1H")
    assert h.alerting.recorder.max_notification_id() == head


def test_an_invalid_rule_does_not_create_its_channel(h):
    monitor_id = h.register()
    with pytest.raises(InvalidAlertConfig, match="cooldown"):
        h.config.create_rule(monitor_id, WEBHOOK, "BOTH", 3, "an hour")
    h.settle()
    assert h.queries.channels() == []


def test_an_unknown_monitor_is_refused(h):
    with pytest.raises(InvalidAlertConfig, match="monitor_id: no monitor with id"):
        h.config.create_rule(uuid4(), WEBHOOK, "BOTH", 3, "PT1H")
    with pytest.raises(InvalidAlertConfig, match="monitor_id"):
        h.config.create_policy(uuid4(), 1, 5, WEBHOOK)
    with pytest.raises(MonitorNotFound):
        h.config.applicable_policies(uuid4())


def test_one_policy_per_level_and_scope_and_overrides_in_effect(h):
    monitor_id = h.register()
    global_one, _, _ = h.config.create_policy(None, 1, 5, SLACK)
    global_two, _, _ = h.config.create_policy(None, 2, 10, SLACK)
    h.settle()
    with pytest.raises(AlertingConflict, match="level 1 already has escalation policy"):
        h.config.create_policy(None, 1, 3, WEBHOOK)
    mine, _, _ = h.config.create_policy(monitor_id, 1, 3, WEBHOOK)
    h.settle()
    assert [p.id for p in h.config.applicable_policies(monitor_id)] == [mine.id, global_two.id]
    other = h.register("Other", "https://other.example")
    assert [p.id for p in h.config.applicable_policies(other)] == [global_one.id, global_two.id]


def test_update_enable_disable_and_delete_a_rule(h):
    monitor_id = h.register()
    rule, _, _ = h.config.create_rule(monitor_id, WEBHOOK, "BOTH", 3, "PT1H")
    updated, channel, _ = h.config.update_rule(rule.id, channel=SLACK, cooldown="PT5M")
    assert (updated.cooldown_text, channel.type, updated.failure_threshold) == ("PT5M", "slack", 3)
    h.config.set_rule_enabled(rule.id, False)
    h.settle()
    view = h.queries.rule(rule.id)
    assert (view.enabled, view.cooldown, view.channel.type) == (False, "PT5M", "slack")
    h.config.delete_rule(rule.id)
    with pytest.raises(AlertRuleNotFound):
        h.config.set_rule_enabled(rule.id, True)
    h.settle()
    assert h.queries.rule(rule.id) is None


def test_a_channel_exists_once_per_dsn(h):
    h.config.create_channel("hook", WEBHOOK)
    with pytest.raises(AlertingConflict, match="already has this DSN"):
        h.config.create_channel("again", WEBHOOK)


def test_deleting_a_monitor_removes_its_rules_and_own_policies(h):
    monitor_id = h.register()
    h.config.create_rule(monitor_id, WEBHOOK, "BOTH", 3, "PT1H")
    h.config.create_policy(monitor_id, 1, 5, WEBHOOK)
    shared, _, _ = h.config.create_policy(None, 1, 5, WEBHOOK)
    h.settle()
    h.monitoring.delete_monitor(monitor_id)
    h.settle()
    assert h.queries.rules_for_monitor(monitor_id) == []
    assert [p.id for p in h.queries.policies()] == [shared.id]
