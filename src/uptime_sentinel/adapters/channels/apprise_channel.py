"""Every other service (Discord, Teams, Telegram, PagerDuty, ntfy, …) through Apprise."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import warnings

import apprise
from apprise.plugins import N_MGR

with warnings.catch_warnings():
    # Apprise's plugins import the deprecated stdlib imghdr; load them once, quietly, here.
    warnings.simplefilter("ignore", DeprecationWarning)
    N_MGR.load_modules()  # type: ignore[no-untyped-call]

from uptime_sentinel.adapters.channels.targets import AppriseTarget
from uptime_sentinel.application.ports.channel import DeliveryError, EventType, NotificationMessage

_validating = contextvars.ContextVar("apprise_validating", default=False)


class _QuietWhileValidating(logging.Filter):
    # Apprise logs a URL it cannot load in clear ("Unparseable URL tgram://TOKEN…").
    def filter(self, record: logging.LogRecord) -> bool:
        return not _validating.get()


_apprise_logger = logging.getLogger("apprise")
if not any(isinstance(f, _QuietWhileValidating) for f in _apprise_logger.filters):
    _apprise_logger.addFilter(_QuietWhileValidating())

_NOTIFY_TYPES = {
    EventType.FAILURE: apprise.NotifyType.FAILURE,
    EventType.ESCALATION: apprise.NotifyType.FAILURE,
    EventType.RECOVERY: apprise.NotifyType.SUCCESS,
    EventType.TEST: apprise.NotifyType.INFO,
}


def apprise_knows(scheme: str) -> bool:
    return scheme.lower() in N_MGR


def apprise_accepts(url: str) -> bool:
    """True when apprise can build a notifier from `url` (well-formed, tokens present)."""
    token = _validating.set(True)
    try:
        return apprise.Apprise.instantiate(url) is not None
    finally:
        _validating.reset(token)


class AppriseSender:
    def __init__(self, target: AppriseTarget, *, timeout: float = 10.0) -> None:
        self._target = target
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"AppriseSender({self._target.redacted})"

    async def send(self, message: NotificationMessage) -> None:
        await asyncio.to_thread(self._deliver, message)

    def _deliver(self, message: NotificationMessage) -> None:
        what = f"apprise {self._target.redacted}"
        notifier = apprise.Apprise()  # per call: apprise objects are not shared across threads
        token = _validating.set(True)
        try:
            loaded = notifier.add(self._target.url)
        finally:
            _validating.reset(token)
        if not loaded:
            raise DeliveryError(f"{what}: apprise cannot load this URL", retryable=False)
        result = notifier.notify(
            body=message.text,
            title=message.subject,
            notify_type=_NOTIFY_TYPES[message.event_type],
            body_format=apprise.NotifyFormat.TEXT,
            timeout=self._timeout,
        )
        if not result:
            # Apprise does not tell a bad token from an outage: let the retry policy decide.
            status = getattr(getattr(result, "status", None), "name", "FAILURE")
            raise DeliveryError(f"{what}: delivery failed ({status})", retryable=True)
