"""Generic webhook: a signed JSON POST, idempotent by notification id."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from uptime_sentinel.adapters.channels.http_client import HttpPoster
from uptime_sentinel.adapters.channels.targets import WebhookTarget
from uptime_sentinel.application.ports.channel import NotificationMessage

IDEMPOTENCY_HEADER = "Idempotency-Key"
SIGNATURE_HEADER = "X-Sentinel-Signature"


def iso_utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def webhook_payload(message: NotificationMessage) -> dict[str, Any]:
    return {
        "notification_id": str(message.notification_id),
        "event_type": message.event_type.value,
        "monitor_id": str(message.monitor_id) if message.monitor_id else None,
        "monitor_name": message.monitor_name,
        "url": message.url,
        "health": message.health,
        "consecutive_failures": message.consecutive_failures,
        "escalation_level": message.escalation_level,
        "last_error": message.last_error,
        "down_since": iso_utc(message.down_since),
        "subject": message.subject,
        "text": message.text,
        "timestamp": iso_utc(message.timestamp),
    }


def sign(secret: str, body: bytes) -> str:
    """`sha256=<hex>`: HMAC-SHA256 of the exact body bytes. Receivers must verify the raw
    body before parsing it (re-serialised JSON would not match)."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class WebhookSender:
    def __init__(self, target: WebhookTarget, http: HttpPoster) -> None:
        self._target = target
        self._http = http

    def __repr__(self) -> str:
        return f"WebhookSender({self._target.redacted})"

    async def send(self, message: NotificationMessage) -> None:
        body = json.dumps(
            webhook_payload(message), ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            IDEMPOTENCY_HEADER: str(message.notification_id),
        }
        if self._target.secret:
            headers[SIGNATURE_HEADER] = sign(self._target.secret, body)
        what = f"webhook {self._target.redacted}"
        answer = await self._http.post(self._target.url, body, headers, what=what)
        if not answer.ok:
            raise answer.error(what)
