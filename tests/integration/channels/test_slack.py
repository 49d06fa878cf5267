from __future__ import annotations

import pytest

from tests.support.notifications import make_message
from tests.support.receivers import HttpReceiver
from uptime_sentinel.adapters.channels.registry import ChannelSettings, sender_for
from uptime_sentinel.adapters.channels.slack import SlackSender
from uptime_sentinel.application.ports.channel import DeliveryError

HOOK_TOKEN = "XXXXXXXXXXXXXXXXXXXXXXXX"
BOT_TOKEN = "xoxb-1111-2222-abcdefABCDEF"


def settings(receiver: HttpReceiver) -> ChannelSettings:
    return ChannelSettings(
        slack_api_base=receiver.url("/api"), slack_hooks_base=receiver.base_url, http_timeout=2.0
    )


@pytest.mark.parametrize(
    "dsn",
    [
        f"https://hooks.slack.com/services/T0001/B0001/{HOOK_TOKEN}",
        f"slack://hooks/T0001/B0001/{HOOK_TOKEN}",
    ],
)
async def test_incoming_webhook_posts_bold_subject(http_receiver: HttpReceiver, dsn: str) -> None:
    sender = sender_for(dsn, settings(http_receiver))
    assert isinstance(sender, SlackSender)

    await sender.send(make_message())

    [request] = http_receiver.wait_for(1)
    assert request.method == "POST"
    assert request.path == f"/services/T0001/B0001/{HOOK_TOKEN}"
    text = request.json()["text"]
    assert text.startswith("*[DOWN] Shop API (https://shop.example/api) — 5 consecutive failures")
    assert "*\nMonitor: Shop API" in text


async def test_bot_token_calls_chat_post_message(http_receiver: HttpReceiver) -> None:
    http_receiver.set_default(200, json_body={"ok": True, "ts": "1.2"})
    sender = sender_for(f"slack://{BOT_TOKEN}@default?channel=alerts", settings(http_receiver))

    await sender.send(make_message())

    [request] = http_receiver.wait_for(1)
    assert request.path == "/api/chat.postMessage"
    assert request.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    body = request.json()
    assert body["channel"] == "alerts"
    assert body["text"].startswith("*[DOWN] Shop API")


@pytest.mark.parametrize(
    ("error", "retryable"),
    [("invalid_auth", False), ("channel_not_found", False), ("ratelimited", True)],
)
async def test_bot_ok_false_is_a_delivery_error(
    http_receiver: HttpReceiver, error: str, retryable: bool
) -> None:
    http_receiver.respond(200, json_body={"ok": False, "error": error})
    sender = sender_for(f"slack://{BOT_TOKEN}@default?channel=alerts", settings(http_receiver))
    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_message())
    assert caught.value.retryable is retryable
    assert error in str(caught.value)
    assert BOT_TOKEN not in str(caught.value)


async def test_bot_http_429_is_retryable_with_retry_after(http_receiver: HttpReceiver) -> None:
    http_receiver.respond(429, headers={"Retry-After": "7"})
    sender = sender_for(f"slack://{BOT_TOKEN}@default?channel=alerts", settings(http_receiver))
    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_message())
    assert caught.value.retryable
    assert caught.value.retry_after == 7.0


@pytest.mark.parametrize(("status", "retryable"), [(404, False), (403, False), (500, True)])
async def test_incoming_webhook_errors(
    http_receiver: HttpReceiver, status: int, retryable: bool
) -> None:
    http_receiver.respond(status, "no_service")
    sender = sender_for(f"slack://hooks/T0001/B0001/{HOOK_TOKEN}", settings(http_receiver))
    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_message())
    assert caught.value.retryable is retryable
    assert HOOK_TOKEN not in str(caught.value)
    assert HOOK_TOKEN not in repr(sender)


async def test_monitor_names_cannot_inject_mentions(http_receiver: HttpReceiver) -> None:
    sender = sender_for(f"slack://hooks/T0001/B0001/{HOOK_TOKEN}", settings(http_receiver))
    await sender.send(make_message(monitor_name="<!channel> & co"))
    text = http_receiver.wait_for(1)[0].json()["text"]
    assert "<!channel>" not in text
    assert "&lt;!channel&gt; &amp; co" in text
