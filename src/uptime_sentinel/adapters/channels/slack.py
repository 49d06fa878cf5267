"""Slack: incoming webhooks and the bot-token chat.postMessage API."""

from __future__ import annotations

import json

from uptime_sentinel.adapters.channels.http_client import HttpPoster
from uptime_sentinel.adapters.channels.targets import SlackBotTarget, SlackWebhookTarget
from uptime_sentinel.application.ports.channel import DeliveryError, NotificationMessage

DEFAULT_API_BASE = "https://slack.com/api"
DEFAULT_HOOKS_BASE = "https://hooks.slack.com"

# Web API error codes that a later retry can clear; every other code needs a config fix.
_RETRYABLE_ERRORS = frozenset(
    {
        "ratelimited",
        "rate_limited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
    }
)


def _escape(text: str) -> str:
    # Slack mrkdwn control characters: a monitor named "<!channel>" must not ping anyone.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_text(message: NotificationMessage) -> str:
    return f"*{_escape(message.subject)}*\n{_escape(message.details)}"


class SlackSender:
    def __init__(
        self,
        target: SlackWebhookTarget | SlackBotTarget,
        http: HttpPoster,
        *,
        api_base: str = DEFAULT_API_BASE,
        hooks_base: str = DEFAULT_HOOKS_BASE,
    ) -> None:
        self._target = target
        self._http = http
        self._api_base = api_base.rstrip("/")
        self._hooks_base = hooks_base.rstrip("/")

    def __repr__(self) -> str:
        return f"SlackSender({self._target.redacted})"

    async def send(self, message: NotificationMessage) -> None:
        if isinstance(self._target, SlackWebhookTarget):
            await self._send_webhook(self._target, message)
        else:
            await self._send_bot(self._target, message)

    async def _send_webhook(self, target: SlackWebhookTarget, message: NotificationMessage) -> None:
        what = f"slack {target.redacted}"
        body = json.dumps({"text": slack_text(message)}, ensure_ascii=False).encode("utf-8")
        url = f"{self._hooks_base}/services/{target.path}"
        headers = {"Content-Type": "application/json; charset=utf-8"}
        answer = await self._http.post(url, body, headers, what=what)
        if not answer.ok:  # hooks answer 200 "ok", or 4xx/5xx with a code like "no_service"
            raise answer.error(what)

    async def _send_bot(self, target: SlackBotTarget, message: NotificationMessage) -> None:
        what = f"slack {target.redacted}"
        payload = {"channel": target.channel, "text": slack_text(message), "unfurl_links": False}
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {target.token}",
        }
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        answer = await self._http.post(
            f"{self._api_base}/chat.postMessage", body, headers, what=what
        )
        if not answer.ok:
            raise answer.error(what)
        try:
            result = json.loads(answer.body)
        except ValueError:
            raise DeliveryError(f"{what}: answer is not JSON", retryable=True) from None
        if not isinstance(result, dict) or result.get("ok") is not True:
            code = str(result.get("error", "unknown_error")) if isinstance(result, dict) else "?"
            raise DeliveryError(
                f"{what}: Slack refused the message: {code}",
                retryable=code in _RETRYABLE_ERRORS,
                status=answer.status,
                retry_after=answer.retry_after(),
            )
