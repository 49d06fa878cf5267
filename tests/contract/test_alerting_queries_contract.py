"""AlertingQueries contract: one scenario through the real projections, then the same
answers from the in-memory adapter and the SQL one (SQLite, and MySQL when it runs)."""

from contextlib import ExitStack
from datetime import timedelta

import pytest

from tests.support.alerting import WEBHOOK, AlertingHarness
from tests.support.mysql import scratch_mysql_url
from uptime_sentinel.adapters.sql import tables
from uptime_sentinel.adapters.sql.alerting_queries import SqlAlertingQueries
from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.projection_store import SqlProjectionStore
from uptime_sentinel.adapters.sql.queries import SqlMonitorQueries
from uptime_sentinel.domain.alerting.values import NotificationType

SLACK = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX"
MAIL = "smtp://u:pw@127.0.0.1:2525?from=a@example.com&to=b@example.com"


@pytest.fixture(params=["memory", "sqlite", "mysql"])
def h(request, tmp_path):
    with ExitStack() as stack:
        if request.param == "memory":
            harness = AlertingHarness()
        else:
            if request.param == "sqlite":
                url = f"sqlite:///{tmp_path / 'views.db'}"
            else:
                url = stack.enter_context(scratch_mysql_url())
            db = Database(url)
            stack.callback(db.dispose)
            db.create_all(tables.views)
            harness = AlertingHarness(
                store=SqlProjectionStore(db),
                queries=SqlAlertingQueries(db),
                monitors=SqlMonitorQueries(db),
            )
        yield harness
        harness.close()


def test_configuration_and_delivery_log_read_alike(h):
    monitor_id = h.register()
    other = h.register("Other", "https://other.example")
    hook, _ = h.config.create_channel("hook", WEBHOOK)
    rule, _, _ = h.config.create_rule(monitor_id, str(hook.id), "BOTH", 2, "PT90M")
    muted, mail, _ = h.config.create_rule(monitor_id, MAIL, "FAILURE", 1, "PT1H")
    h.config.set_channel_enabled(mail.id, False)
    global_one, _, _ = h.config.create_policy(None, 1, 3, SLACK)
    mine, _, _ = h.config.create_policy(monitor_id, 2, 3, str(hook.id))
    theirs, _, _ = h.config.create_policy(other, 2, 4, SLACK)
    h.settle()

    config = h.queries.config_for(monitor_id)
    assert [(r.id, r.type, r.failure_threshold, r.cooldown) for r in config.rules] == [
        (rule.id, NotificationType.BOTH, 2, timedelta(minutes=90)),
        (muted.id, NotificationType.FAILURE, 1, timedelta(hours=1)),
    ]
    assert [p.id for p in config.policies] == [global_one.id, mine.id]
    assert config.channels_enabled == {hook.id: True, mail.id: False, global_one.channel_id: True}
    assert [r.id for r in h.queries.rules_for_monitor(other)] == []
    view = h.queries.rule(rule.id)
    assert (view.cooldown, view.channel.name, view.channel.dsn) == ("PT1H30M", "hook", WEBHOOK)
    assert [p.id for p in h.queries.policies()] == [global_one.id, mine.id, theirs.id]
    assert [p.id for p in h.queries.policies(other)] == [global_one.id, theirs.id]
    assert h.queries.policy(mine.id).channel.id == hook.id
    channels = h.queries.channels()
    assert channels[0].name == "hook" and len(channels) == 3
    assert "pw" not in h.queries.channel(mail.id).dsn

    h.channels.down.add(WEBHOOK)
    for _ in range(3):
        h.clock.advance(30)
        h.check(monitor_id, ok=False)
    h.deliver()
    page = h.queries.notifications(monitor_id=monitor_id, status=None, limit=3, offset=0)
    assert page.total == 8
    newest = [(n.kind, n.level, n.status, n.reason) for n in page.items]
    assert newest == [
        ("ESCALATION", 2, "pending", None),
        ("ESCALATION", 1, "delivered", None),
        ("FAILURE", None, "suppressed", "channel_disabled"),
    ]
    suppressed = h.queries.notifications(
        monitor_id=monitor_id, status="suppressed", limit=9, offset=0
    )
    assert [n.reason for n in suppressed.items] == [
        "channel_disabled",
        "cooldown",
        "channel_disabled",
        "channel_disabled",
        "below_threshold",
    ]
    waiting = page.items[0]  # queued behind the rule's failed notice to the same channel
    assert (waiting.attempts, waiting.channel_name) == (0, "hook")
    sent = h.queries.notifications(monitor_id=monitor_id, status="pending", limit=9, offset=0)
    failed = sent.items[-1]
    assert (failed.kind, failed.attempts, failed.last_error) == (
        "FAILURE",
        1,
        "connection refused",
    )
    assert h.queries.due_notifications(h.clock.now(), 10) == []
    later = h.clock.now() + timedelta(seconds=40)
    due = h.queries.due_notifications(later, 10)
    # The rule's FAILURE notice to the same channel went first and failed: it heads the line.
    assert [(n.kind, n.attempts) for n in due] == [("FAILURE", 1)]
    assert h.queries.notifications(monitor_id=other, status=None, limit=5, offset=0).total == 0
