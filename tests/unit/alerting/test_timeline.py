"""The seed's section 2.10 timeline, row by row, through the real Monitor aggregate, the
alerting process and the notifier, on a manual clock; then continued: the monitor recovers
(recovery notices, never swallowed by a cooldown) and fails again (escalation restarts at
level 1; the rule's cooldown still counts from its last notice).

Configuration (seed 2.10): rule threshold 5, cooldown PT1H, channel email; escalation level 1
at exactly 5 failures → Slack, level 2 at 10 → PagerDuty, level 3 at 15 → webhook."""

from datetime import UTC, datetime

import pytest

from tests.support.alerting import AlertingHarness
from tests.support.clock import ManualClock

FAILURE, RECOVERY, ESCALATION = "FAILURE", "RECOVERY", "ESCALATION"
RECOVERED = "recovered"
DSNS = {
    "email": "smtp://mail.example.com:587?from=sentinel@example.com&to=oncall@example.com",
    "slack": "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX",
    "pagerduty": "webhook://https://events.pagerduty.example/v2/enqueue?secret=pd-key",
    "webhook": "webhook://https://hooks.example.com/incidents",
}

# (time, failures after this check or RECOVERED, notices sent, why the email rule stayed quiet)
SEED_ROWS = [
    ("10:00:00", 1, [], "below_threshold"),
    ("10:00:30", 2, [], "below_threshold"),
    ("10:01:00", 3, [], "below_threshold"),
    ("10:01:30", 4, [], "below_threshold"),
    ("10:02:00", 5, [("email", FAILURE, None), ("slack", ESCALATION, 1)], None),
    ("10:02:30", 6, [], "cooldown"),
    ("10:03:00", 7, [], "cooldown"),
    ("10:03:30", 8, [], "cooldown"),  # the seed's "..." rows
    ("10:04:00", 9, [], "cooldown"),
    ("10:15:00", 10, [("pagerduty", ESCALATION, 2)], "cooldown"),
    ("10:20:00", 11, [], "cooldown"),
    ("10:22:00", 12, [], "cooldown"),
    ("10:25:00", 13, [], "cooldown"),
    ("10:27:30", 14, [], "cooldown"),
    ("10:30:00", 15, [("webhook", ESCALATION, 3)], "cooldown"),
    ("10:40:00", 16, [], "cooldown"),
    ("10:50:00", 17, [], "cooldown"),
    ("11:00:00", 18, [], "cooldown"),
    ("11:01:59", 19, [], "cooldown"),  # one second before the hour since 10:02:00 is up
    ("11:05:00", 20, [("email", FAILURE, None)], None),
]
CONTINUATION = [
    ("11:05:30", 21, [], "cooldown"),
    (
        "11:10:00",
        RECOVERED,
        [("slack", RECOVERY, 1), ("pagerduty", RECOVERY, 2), ("webhook", RECOVERY, 3)],
        None,
    ),
    # A new incident: escalation starts again from level 1 …
    ("11:20:00", 1, [], "below_threshold"),
    ("11:20:30", 2, [], "below_threshold"),
    ("11:21:00", 3, [], "below_threshold"),
    ("11:21:30", 4, [], "below_threshold"),
    ("11:22:00", 5, [("slack", ESCALATION, 1)], "cooldown"),  # … the email waits for 12:05
    ("11:22:30", 6, [], "cooldown"),
    ("11:24:30", 7, [], "cooldown"),
    ("11:30:00", 8, [], "cooldown"),
    ("11:40:00", 9, [], "cooldown"),
    ("11:45:00", 10, [("pagerduty", ESCALATION, 2)], "cooldown"),
    ("12:04:59", 11, [], "cooldown"),
    ("12:05:00", 12, [("email", FAILURE, None)], None),  # exactly an hour after 11:05:00
]


def at(hms: str) -> datetime:
    return datetime.fromisoformat(f"2026-03-02T{hms}+00:00").astimezone(UTC)


@pytest.fixture(params=["FAILURE", "BOTH"])
def rule_type(request):
    return request.param


@pytest.fixture
def seeded(rule_type):
    clock = ManualClock(at("09:59:00"))
    h = AlertingHarness(clock)
    monitor_id = h.register()
    channels = {name: h.config.create_channel(name, dsn)[0].id for name, dsn in DSNS.items()}
    h.config.create_rule(monitor_id, str(channels["email"]), rule_type, 5, "PT1H")
    for level, count, name in ((1, 5, "slack"), (2, 10, "pagerduty"), (3, 15, "webhook")):
        h.config.create_policy(None, level, count, str(channels[name]))
    h.settle()
    yield h, monitor_id
    h.close()


def play(h, monitor_id, rows, rule_type):
    for time, failures, expected, rule_reason in rows:
        h.clock._now = at(time)
        seen = len(h.log())
        h.check(monitor_id, ok=failures == RECOVERED)
        new = h.log()[seen:]
        notices = [(r["channel"], r["kind"], r["level"]) for r in new if r["reason"] is None]
        if failures == RECOVERED and rule_type == "BOTH":
            # A BOTH rule reports the recovery too: the cooldown never swallows it.
            expected = [("email", RECOVERY, None), *expected]
        assert notices == expected, time
        rule_rows = [r for r in new if r["source"] == "rule"]
        if failures != RECOVERED:
            assert [r["reason"] for r in rule_rows] == [rule_reason], time
            assert all(r["consecutive_failures"] == failures for r in new), time
        h.deliver()  # the notifier runs on the same clock: due notices go at once


def test_seed_timeline_row_by_row(seeded, rule_type):
    h, monitor_id = seeded
    play(h, monitor_id, SEED_ROWS, rule_type)


def test_timeline_continues_through_recovery_and_a_second_incident(seeded, rule_type):
    h, monitor_id = seeded
    play(h, monitor_id, SEED_ROWS + CONTINUATION, rule_type)

    sent = {
        name: [(m.event_type.value, m.escalation_level, m.consecutive_failures) for m in messages]
        for name, dsn in DSNS.items()
        if (messages := h.channels.sent[dsn])
    }
    email = [(FAILURE, None, 5), (FAILURE, None, 20)]
    if rule_type == "BOTH":
        email.append((RECOVERY, None, 21))
    assert sent == {
        "email": [*email, (FAILURE, None, 12)],
        "slack": [(ESCALATION, 1, 5), (RECOVERY, 1, 21), (ESCALATION, 1, 5)],
        "pagerduty": [(ESCALATION, 2, 10), (RECOVERY, 2, 21), (ESCALATION, 2, 10)],
        "webhook": [(ESCALATION, 3, 15), (RECOVERY, 3, 21)],
    }
    assert all(r["status"] in ("delivered", "suppressed") for r in h.log())
    incidents = {r["incident"] for r in h.log()}
    assert incidents == {1, 2}


def test_messages_carry_the_incident_facts(seeded, rule_type):
    h, monitor_id = seeded
    play(h, monitor_id, SEED_ROWS[:5], rule_type)
    (message,) = h.channels.sent[DSNS["email"]]
    assert message.monitor_name == "Shop API" and message.url == "https://shop.example/api"
    assert message.down_since == at("10:00:00") and message.timestamp == at("10:02:00")
    assert message.last_error == "HTTP 503" and message.health == "DOWN"
    (page,) = h.channels.sent[DSNS["slack"]]
    assert page.escalation_level == 1 and page.notification_id != message.notification_id
