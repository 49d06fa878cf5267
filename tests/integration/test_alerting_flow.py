"""Alerting end to end on the embedded runtime: real checks against a loopback target, the
alerting process and notifier in their loops, the real webhook and SMTP adapters talking
to loopback receivers. The webhook receiver is down while the outage starts and the whole
runtime is restarted meanwhile: notices are late, never lost, never doubled."""

from uuid import UUID

from tests.support.waiting import eventually
from uptime_sentinel.adapters.aiohttp_checker import AiohttpChecker
from uptime_sentinel.bootstrap import bootstrap
from uptime_sentinel.domain.monitor_spec import MonitorSpec
from uptime_sentinel.entrypoints import loops
from uptime_sentinel.entrypoints.runtime import Runtime
from uptime_sentinel.settings import Settings

LOOPS = [
    loops.run_projector,
    loops.run_scheduler,
    loops.run_worker,
    loops.run_ingestor,
    loops.run_alerting_projector,
    loops.run_alerting,
    loops.run_notifier,
]
SETTINGS = {
    "projector_poll_seconds": 0.05,
    "ingestor_interval_seconds": 0.1,
    "alerting_poll_seconds": 0.1,
    "notifier_poll_seconds": 0.1,
    "notifier_backoff_seconds": 0.3,
    "notifier_backoff_max_seconds": 1.0,
    "notifier_max_attempts": 30,
    "notifier_lease_seconds": 3.0,
}


def start(data_dir):
    container = bootstrap(
        Settings(data_dir=data_dir, **SETTINGS),
        checker_factory=lambda: AiohttpChecker(max_concurrency=10),
    )
    container.projector_in_process = True
    runtime = Runtime(container, LOOPS)
    runtime.start()
    return container, runtime


def notices(container, monitor_id, **filters):
    page = container.alerting.queries.notifications(
        monitor_id=monitor_id, status=filters.get("status"), limit=500, offset=0
    )
    return [n for n in page.items if n.reason is None]


def received(hooks):
    return [
        (r.path, r.json()["event_type"], r.json()["escalation_level"])
        for r in hooks.requests
        if r.path != "/never"
    ]


def test_an_outage_is_told_once_per_rule_and_level_late_but_whole(tmp_path, target, hooks, mail):
    rule_hook = f"webhook://{hooks.url('/rule')}?secret=k3y"
    page_hook = f"webhook://{hooks.url('/page')}"
    email = f"smtp://127.0.0.1:{mail.port}?from=sentinel@example.com&to=oncall@example.com"

    container, runtime = start(tmp_path)
    try:
        spec = MonitorSpec.create("shop", target.url("/switch"), interval_seconds=1)
        monitor, position = container.monitoring.register_monitor(spec)
        assert container.wait_for_views(position)
        config = container.alerting.configuration
        config.create_rule(monitor.id, rule_hook, "BOTH", 2, "PT1H")
        config.create_rule(monitor.id, email, "FAILURE", 3, "PT1H")
        config.create_policy(None, 1, 4, page_hook)
        eventually(lambda: (v := container.monitor_queries.get(monitor.id)) and v.health == "UP")

        hooks.stop()  # the webhook receiver is down when the outage starts
        target.set_status(503)
        (mailed,) = mail.wait_for(1, timeout=15)  # email is not held up by the webhooks
        assert mailed.message["Subject"].startswith("[DOWN] shop")

        def webhooks_retried():
            found = notices(container, monitor.id)
            rule = [n for n in found if "/rule" in _name(n)]
            page = [n for n in found if "/page" in _name(n)]
            return rule and page and rule[0].attempts >= 2

        eventually(webhooks_retried, timeout=20)
    finally:
        runtime.shutdown()  # stopped mid-outage, with notices still owed

    hooks.start()
    container, runtime = start(tmp_path)
    try:
        eventually(lambda: len(hooks.requests) >= 2, timeout=20)
        target.set_status(200)
        eventually(lambda: len(hooks.requests) >= 4, timeout=20)
        eventually(
            lambda: all(n.status == "delivered" for n in notices(container, monitor.id)),
            timeout=10,
        )
        # Nothing more is owed: give the loops time to prove it.
        runtime.stop.wait(1.5)

        assert sorted(received(hooks)) == sorted(
            [
                ("/rule", "FAILURE", None),
                ("/rule", "RECOVERY", None),
                ("/page", "ESCALATION", 1),
                ("/page", "RECOVERY", 1),
            ]
        )
        for path in ("/rule", "/page"):  # in order on each channel
            kinds = [kind for p, kind, _ in received(hooks) if p == path]
            assert kinds[-1] == "RECOVERY"
        keys = [r.headers["Idempotency-Key"] for r in hooks.requests]
        assert len(set(keys)) == len(keys) == 4
        assert all(
            r.headers.get("X-Sentinel-Signature") for r in hooks.requests if r.path == "/rule"
        )
        assert len(mail.mails) == 1

        log = container.alerting.queries.notifications(
            monitor_id=monitor.id, status=None, limit=500, offset=0
        ).items
        sent = [n for n in log if n.reason is None]
        assert len(sent) == 5 and all(n.status == "delivered" for n in sent)
        assert max(n.attempts for n in sent) >= 2  # the webhooks waited for their receiver
        assert {n.reason for n in log if n.reason} <= {"below_threshold", "cooldown"}
        assert all(isinstance(n.id, UUID) for n in log)
    finally:
        runtime.shutdown()


def _name(notification):
    return notification.channel_name or ""
