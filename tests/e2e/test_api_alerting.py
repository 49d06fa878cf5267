"""The alerting resources end to end: rules, escalation policies, channels and the delivery
log over HTTP, on the embedded container with its alerting projector and process running."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.e2e.conftest import Json
from tests.support.receivers import HttpReceiver
from tests.support.waiting import eventually
from uptime_sentinel.bootstrap import Container
from uptime_sentinel.domain.check import CheckResult

Client = TestClient[Litestar]
SECRET = "s3cr3t-signing-key"
SMTP = "smtp://ops:hunter2@127.0.0.1:2525?from=sentinel@example.com&to=oncall@example.com"


@pytest.fixture(autouse=True)
def alerting(container: Container) -> Iterator[None]:
    """Alerting's loops, as `serve` runs them (the notifier is driven by the tests)."""
    stop = threading.Event()
    threads = [
        threading.Thread(target=container.alerting.projector.run, args=(stop,), daemon=True),
        threading.Thread(target=container.alerting.process.run, args=(stop,), daemon=True),
    ]
    for thread in threads:
        thread.start()
    yield
    stop.set()
    container.alerting.projector.wake()
    container.alerting.process.wake()
    for thread in threads:
        thread.join(timeout=5)


@pytest.fixture
def monitor(create_monitor: Callable[..., Json]) -> Json:
    return create_monitor(name="shop")


@pytest.fixture
def receiver() -> Iterator[HttpReceiver]:
    with HttpReceiver() as r:
        yield r


def webhook(receiver: HttpReceiver) -> str:
    return f"webhook://{receiver.url('/hook')}?secret={SECRET}"


def post_rule(client: Client, monitor: Json, channel: str, **fields: Any) -> Any:
    body = {"monitor_id": monitor["id"], "channel": channel, **fields}
    return client.post("/api/alert-rules", json=body)


def test_a_rule_with_a_new_dsn_creates_its_channel_and_never_shows_the_secret(
    client: Client, monitor: Json
) -> None:
    created = post_rule(
        client, monitor, SMTP, type="failure", failure_threshold=5, cooldown="PT60M"
    )
    assert created.status_code == 201, created.text
    rule = created.json()
    assert {
        k: rule[k] for k in ("monitor_id", "type", "failure_threshold", "cooldown", "enabled")
    } == {
        "monitor_id": monitor["id"],
        "type": "FAILURE",
        "failure_threshold": 5,
        "cooldown": "PT1H",
        "enabled": True,
    }
    channel = rule["channel"]
    assert channel["type"] == "email" and "***" in channel["dsn"]
    assert client.get(f"/api/alert-rules/{rule['id']}").json() == rule
    assert client.get(f"/api/alert-rules/monitor/{monitor['id']}").json() == [rule]
    assert client.get("/api/channels").json() == [channel]
    again = post_rule(client, monitor, channel["id"]).json()  # by id, with the defaults
    assert (again["channel"]["id"], again["type"], again["failure_threshold"]) == (
        channel["id"],
        "BOTH",
        3,
    )
    for path in ("/api/channels", f"/api/alert-rules/monitor/{monitor['id']}"):
        assert "hunter2" not in client.get(path).text


@pytest.mark.parametrize(
    ("fields", "status", "field", "detail"),
    [
        ({"failure_threshold": 0}, 422, "failure_threshold", "failure_threshold: must be"),
        (
            {"cooldown": "1h"},
            422,
            "cooldown",
            "cooldown: must be an ISO-8601 duration such as PT1H",
        ),
        ({"type": "ALWAYS"}, 422, "type", "type: must be one of FAILURE, RECOVERY, BOTH"),
        ({"channel": "http//nope"}, 422, "channel", "channel: channel DSN must look like"),
        ({"channel": str(uuid4())}, 422, "channel", "channel: no channel with id"),
        ({"monitor_id": str(uuid4())}, 422, "monitor_id", "monitor_id: no monitor with id"),
        ({"monitor_id": "nope"}, 422, "monitor_id", "monitor_id: must be a UUID"),
        ({"colour": "red"}, 422, "colour", "colour: is not a known field"),
    ],
)
def test_rule_errors_name_the_field(
    client: Client, monitor: Json, fields: Json, status: int, field: str, detail: str
) -> None:
    body = {"monitor_id": monitor["id"], "channel": "webhook://https://hooks.example.com/x"}
    response = client.post("/api/alert-rules", json={**body, **fields})
    assert response.status_code == status, response.text
    error = response.json()
    assert error["field"] == field and error["detail"].startswith(detail), error


def test_update_enable_disable_and_delete_a_rule(client: Client, monitor: Json) -> None:
    rule = post_rule(client, monitor, "webhook://https://hooks.example.com/a").json()
    url = f"/api/alert-rules/{rule['id']}"
    changed = client.patch(url, json={"cooldown": "PT5M", "failure_threshold": 2})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["cooldown"], changed.json()["failure_threshold"]) == ("PT5M", 2)
    assert client.patch(url, json={"cooldown": "soon"}).status_code == 422
    assert client.patch(f"{url}/disable").json()["enabled"] is False
    assert client.patch(f"{url}/disable").json()["enabled"] is False  # idempotent
    assert client.get(url).json()["enabled"] is False
    assert client.patch(f"{url}/enable").json()["enabled"] is True
    assert client.delete(url).status_code == 204
    missing = client.get(url)
    assert missing.status_code == 404 and "alert rule" in missing.json()["detail"]
    assert client.delete(url).status_code == 404
    assert client.get("/api/alert-rules/not-a-uuid").status_code == 422
    assert client.get(f"/api/alert-rules/monitor/{uuid4()}").status_code == 404


def test_escalation_policies_global_and_per_monitor(client: Client, monitor: Json) -> None:
    slack = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX"
    pager = "webhook://https://events.pagerduty.example/v2/enqueue"
    base = "/api/escalation-policies"
    one = client.post(base, json={"level": 1, "consecutive_failures": 5, "channel": slack})
    two = client.post(
        base, json={"monitor_id": None, "level": 2, "consecutive_failures": 10, "channel": pager}
    )
    assert one.status_code == two.status_code == 201, one.text
    assert one.json()["monitor_id"] is None and "XXXX" not in one.json()["channel"]["dsn"]
    taken = client.post(base, json={"level": 1, "consecutive_failures": 3, "channel": pager})
    assert taken.status_code == 409 and "level 1" in taken.json()["detail"]
    own = client.post(
        base,
        json={"monitor_id": monitor["id"], "level": 1, "consecutive_failures": 3, "channel": pager},
    ).json()
    applicable = client.get(f"{base}/monitor/{monitor['id']}").json()
    assert [p["id"] for p in applicable] == [own["id"], two.json()["id"]]
    assert len(client.get(base).json()) == 3
    assert client.patch(f"{base}/{own['id']}/disable").json()["enabled"] is False
    assert client.get(f"{base}/{own['id']}").json()["enabled"] is False
    assert client.delete(f"{base}/{own['id']}").status_code == 204
    applicable = client.get(f"{base}/monitor/{monitor['id']}").json()
    assert [p["id"] for p in applicable] == [one.json()["id"], two.json()["id"]]
    bad = client.post(base, json={"level": 0, "consecutive_failures": 5, "channel": slack})
    assert bad.status_code == 422 and bad.json()["field"] == "level"
    assert client.get(f"{base}/monitor/{uuid4()}").status_code == 404
    assert client.get(f"{base}/{uuid4()}").status_code == 404


def test_channels_are_unique_per_dsn_and_can_be_tested(
    client: Client, receiver: HttpReceiver
) -> None:
    created = client.post("/api/channels", json={"name": "ops hook", "dsn": webhook(receiver)})
    assert created.status_code == 201, created.text
    channel = created.json()
    assert channel["name"] == "ops hook" and SECRET not in channel["dsn"]
    duplicate = client.post("/api/channels", json={"name": "again", "dsn": webhook(receiver)})
    assert duplicate.status_code == 409
    bad = client.post("/api/channels", json={"name": "x", "dsn": "webhook://ftp://x"})
    assert bad.status_code == 422 and bad.json()["field"] == "dsn"

    tested = client.post(f"/api/channels/{channel['id']}/test")
    assert tested.status_code == 200 and tested.json() == {
        "delivered": True,
        "error": None,
        "retryable": None,
    }
    (request,) = receiver.wait_for(1)
    assert request.json()["event_type"] == "TEST" and request.headers["X-Sentinel-Signature"]
    receiver.stop()
    failed = client.post(f"/api/channels/{channel['id']}/test").json()
    assert failed["delivered"] is False and failed["retryable"] is True
    assert SECRET not in failed["error"]
    assert client.post(f"/api/channels/{uuid4()}/test").status_code == 404
    assert client.patch(f"/api/channels/{channel['id']}/disable").json()["enabled"] is False


def test_the_delivery_log_explains_every_decision(
    client: Client, container: Container, monitor: Json, receiver: HttpReceiver
) -> None:
    post_rule(client, monitor, webhook(receiver), failure_threshold=2, cooldown="PT1H")
    start = container.clock.now() - timedelta(minutes=5)  # the notifier runs on this clock
    for i in range(4):
        result = CheckResult(UUID(monitor["id"]), start + timedelta(seconds=30 * i), 3.0, 503)
        container.monitoring.record_checks([result])

    def log(**query: Any) -> Json:
        params = {"monitor_id": monitor["id"], **query}
        answer: Json = client.get("/api/notifications", params=params).json()
        return answer

    eventually(lambda: log()["total"] == 4)
    reasons = [n["reason"] for n in reversed(log()["items"])]
    assert reasons == ["below_threshold", None, "cooldown", "cooldown"]
    (pending,) = log(status="pending")["items"]
    assert (pending["kind"], pending["source"], pending["attempts"]) == ("FAILURE", "rule", 0)
    assert pending["rule_id"] and pending["escalation_policy_id"] is None

    asyncio.run(container.alerting.notifier.deliver_due())
    eventually(lambda: log(status="delivered")["total"] == 1)
    (request,) = receiver.wait_for(1)
    assert request.headers["Idempotency-Key"] == pending["id"]
    assert log(status="suppressed")["total"] == 3
    bad = client.get("/api/notifications", params={"status": "lost"})
    assert bad.status_code == 422 and bad.json()["field"] == "status"


@pytest.mark.parametrize(
    ("method", "path", "param"),
    [
        ("GET", "/api/alert-rules/nope", "rule_id"),
        ("PATCH", "/api/alert-rules/nope", "rule_id"),
        ("DELETE", "/api/alert-rules/nope", "rule_id"),
        ("PATCH", "/api/alert-rules/nope/enable", "rule_id"),
        ("PATCH", "/api/alert-rules/nope/disable", "rule_id"),
        ("GET", "/api/alert-rules/monitor/nope", "monitor_id"),
        ("GET", "/api/escalation-policies/nope", "policy_id"),
        ("DELETE", "/api/escalation-policies/nope", "policy_id"),
        ("PATCH", "/api/escalation-policies/nope/enable", "policy_id"),
        ("PATCH", "/api/escalation-policies/nope/disable", "policy_id"),
        ("GET", "/api/escalation-policies/monitor/nope", "monitor_id"),
        ("GET", "/api/channels/nope", "channel_id"),
        ("PATCH", "/api/channels/nope/enable", "channel_id"),
        ("PATCH", "/api/channels/nope/disable", "channel_id"),
        ("POST", "/api/channels/nope/test", "channel_id"),
        ("GET", "/api/notifications?monitor_id=nope", "monitor_id"),
    ],
)
def test_a_malformed_id_is_a_422_naming_it(
    client: Client, method: str, path: str, param: str
) -> None:
    body = {"cooldown": "PT5M"} if (method, path) == ("PATCH", "/api/alert-rules/nope") else None
    response = client.request(method, path, json=body)
    assert response.status_code == 422, response.text
    assert response.json() == {
        "status_code": 422,
        "detail": f"{param}: must be a UUID",
        "field": param,
    }
