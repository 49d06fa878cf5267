from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from tests.support.notifications import make_message
from tests.support.receivers import HttpReceiver
from uptime_sentinel.adapters.channels.apprise_channel import AppriseSender
from uptime_sentinel.adapters.channels.registry import ChannelSettings, sender_for
from uptime_sentinel.application.ports.channel import DeliveryError, EventType

FAST = ChannelSettings(http_timeout=3.0)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # Apprise uses requests, which honours proxy variables: keep loopback traffic direct.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


async def test_json_schema_reaches_the_receiver(http_receiver: HttpReceiver) -> None:
    sender = sender_for(f"json://127.0.0.1:{http_receiver.port}/apprise/in", FAST)
    assert isinstance(sender, AppriseSender)

    await sender.send(make_message())

    [request] = http_receiver.wait_for(1)
    assert request.method == "POST"
    assert request.path == "/apprise/in"
    body = request.json()
    assert body["title"].startswith("[DOWN] Shop API (https://shop.example/api)")
    assert "Consecutive failures: 5" in body["message"]
    assert body["type"] == "failure"


async def test_form_schema_maps_recovery_to_success(http_receiver: HttpReceiver) -> None:
    message = make_message(event_type=EventType.RECOVERY, health="UP", consecutive_failures=0)
    await sender_for(f"form://127.0.0.1:{http_receiver.port}/form", FAST).send(message)

    [request] = http_receiver.wait_for(1)
    fields = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
    assert fields["title"].startswith("[RECOVERED] Shop API")
    assert fields["type"] == "success"


async def test_a_failing_service_is_a_retryable_delivery_error(http_receiver: HttpReceiver) -> None:
    http_receiver.respond(503, "down")
    token = "hdr-secret-123"
    sender = sender_for(f"json://127.0.0.1:{http_receiver.port}/in?+X-Token={token}", FAST)

    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_message())

    assert caught.value.retryable
    assert token not in str(caught.value)
    assert http_receiver.wait_for(1)[0].headers["X-Token"] == token
