from __future__ import annotations

import hashlib
import hmac
import json

import aiohttp
import pytest

from tests.support.notifications import MONITOR_ID, NOTIFICATION_ID, make_message
from tests.support.receivers import HttpReceiver, free_loopback_port
from uptime_sentinel.adapters.channels.registry import ChannelSettings, sender_for
from uptime_sentinel.adapters.channels.webhook import WebhookSender
from uptime_sentinel.application.ports.channel import DeliveryError, EventType

SECRET = "s3cr3t-signing-key"
FAST = ChannelSettings(http_timeout=2.0)


def dsn(receiver: HttpReceiver, path: str = "/hooks/sentinel", query: str = "") -> str:
    return f"webhook://{receiver.url(path)}" + (f"?{query}" if query else "")


async def test_posts_the_notification_as_json_with_an_idempotency_key(
    http_receiver: HttpReceiver,
) -> None:
    sender = sender_for(dsn(http_receiver), FAST)
    assert isinstance(sender, WebhookSender)

    await sender.send(make_message())

    [request] = http_receiver.wait_for(1)
    assert request.method == "POST"
    assert request.path == "/hooks/sentinel"
    assert request.headers["Idempotency-Key"] == str(NOTIFICATION_ID)
    assert request.headers["Content-Type"].startswith("application/json")
    assert "X-Sentinel-Signature" not in request.headers
    payload = request.json()
    assert payload["notification_id"] == str(NOTIFICATION_ID)
    assert payload["event_type"] == "FAILURE"
    assert payload["monitor_id"] == str(MONITOR_ID)
    assert payload["monitor_name"] == "Shop API"
    assert payload["url"] == "https://shop.example/api"
    assert payload["health"] == "DOWN"
    assert payload["consecutive_failures"] == 5
    assert payload["escalation_level"] is None
    assert payload["timestamp"] == "2025-03-14T09:30:00Z"
    assert payload["text"].startswith("[DOWN] Shop API (https://shop.example/api)")


async def test_signs_the_exact_body_and_keeps_the_secret_out_of_the_url(
    http_receiver: HttpReceiver,
) -> None:
    sender = sender_for(dsn(http_receiver, query=f"team=ops&secret={SECRET}"), FAST)

    await sender.send(make_message(event_type=EventType.ESCALATION, escalation_level=2))

    [request] = http_receiver.wait_for(1)
    assert request.query == "team=ops"
    expected = hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Sentinel-Signature"] == f"sha256={expected}"
    assert SECRET not in request.body.decode()
    assert request.json()["escalation_level"] == 2


async def test_a_5xx_is_retryable_and_the_retry_carries_the_same_key(
    http_receiver: HttpReceiver,
) -> None:
    http_receiver.respond(503, "maintenance", times=2)
    sender = sender_for(dsn(http_receiver), FAST)
    message = make_message()

    for _ in range(2):
        with pytest.raises(DeliveryError) as caught:
            await sender.send(message)
        assert caught.value.retryable
        assert caught.value.status == 503
    await sender.send(message)

    keys = {r.headers["Idempotency-Key"] for r in http_receiver.wait_for(3)}
    assert keys == {str(NOTIFICATION_ID)}


@pytest.mark.parametrize(
    ("status", "retryable"),
    [(400, False), (401, False), (404, False), (410, False), (408, True), (429, True), (500, True)],
)
async def test_status_classification(
    http_receiver: HttpReceiver, status: int, retryable: bool
) -> None:
    http_receiver.respond(status, "nope")
    with pytest.raises(DeliveryError) as caught:
        await sender_for(dsn(http_receiver), FAST).send(make_message())
    assert caught.value.retryable is retryable
    assert caught.value.status == status


async def test_retry_after_is_passed_on(http_receiver: HttpReceiver) -> None:
    http_receiver.respond(429, headers={"Retry-After": "30"})
    with pytest.raises(DeliveryError) as caught:
        await sender_for(dsn(http_receiver), FAST).send(make_message())
    assert caught.value.retryable
    assert caught.value.retry_after == 30.0


async def test_redirects_are_not_followed(http_receiver: HttpReceiver) -> None:
    http_receiver.respond(302, headers={"Location": http_receiver.url("/elsewhere")})
    with pytest.raises(DeliveryError) as caught:
        await sender_for(dsn(http_receiver), FAST).send(make_message())
    assert not caught.value.retryable
    assert [r.path for r in http_receiver.requests] == ["/hooks/sentinel"]


async def test_a_stopped_receiver_is_retryable_and_delivery_resumes_after_restart(
    http_receiver: HttpReceiver,
) -> None:
    sender = sender_for(dsn(http_receiver), FAST)
    http_receiver.stop()

    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_message())
    assert caught.value.retryable
    assert "cannot connect" in str(caught.value)

    http_receiver.start()
    await sender.send(make_message())
    assert len(http_receiver.wait_for(1)) == 1


async def test_a_slow_receiver_times_out_as_retryable(http_receiver: HttpReceiver) -> None:
    http_receiver.respond(200, delay=3.0)
    sender = sender_for(dsn(http_receiver), ChannelSettings(http_timeout=0.3))
    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_message())
    assert caught.value.retryable
    assert "did not answer within 0.3 s" in str(caught.value)


async def test_nothing_listening_is_retryable() -> None:
    target = f"webhook://http://127.0.0.1:{free_loopback_port()}/x"
    with pytest.raises(DeliveryError) as caught:
        await sender_for(target, FAST).send(make_message())
    assert caught.value.retryable


async def test_errors_do_not_reveal_secrets(http_receiver: HttpReceiver) -> None:
    path_token = "AbCdEf0123456789XyZ"
    http_receiver.respond(403, "forbidden")
    target = dsn(http_receiver, f"/hooks/{path_token}", f"secret={SECRET}&token=tok123")
    sender = sender_for(target, FAST)
    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_message())
    for secret in (SECRET, path_token, "tok123"):
        assert secret not in str(caught.value)
        assert secret not in repr(sender)


async def test_uses_a_shared_session_without_closing_it(http_receiver: HttpReceiver) -> None:
    async with aiohttp.ClientSession() as session:
        settings = ChannelSettings(http_timeout=2.0, session_factory=lambda: session)
        sender = sender_for(dsn(http_receiver), settings)
        await sender.send(make_message())
        await sender.send(make_message(event_type=EventType.RECOVERY, health="UP"))
        assert not session.closed
    events = [json.loads(r.body)["event_type"] for r in http_receiver.wait_for(2)]
    assert events == ["FAILURE", "RECOVERY"]
