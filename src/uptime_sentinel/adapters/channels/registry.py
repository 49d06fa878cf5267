"""DSN → ChannelSender, the one place that knows which adapter serves which DSN."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from functools import lru_cache

from uptime_sentinel.adapters.channels.apprise_channel import AppriseSender
from uptime_sentinel.adapters.channels.dsn import parse_dsn
from uptime_sentinel.adapters.channels.http_client import HttpPoster, SessionFactory
from uptime_sentinel.adapters.channels.slack import (
    DEFAULT_API_BASE,
    DEFAULT_HOOKS_BASE,
    SlackSender,
)
from uptime_sentinel.adapters.channels.smtp import SmtpSender
from uptime_sentinel.adapters.channels.targets import (
    AppriseTarget,
    SlackBotTarget,
    SlackWebhookTarget,
    SmtpTarget,
    WebhookTarget,
)
from uptime_sentinel.adapters.channels.webhook import WebhookSender
from uptime_sentinel.application.ports.channel import ChannelSender


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    """`session_factory` returns a shared aiohttp session owned by the caller (senders never
    close it); without one each HTTP delivery opens and closes its own session."""

    slack_api_base: str = DEFAULT_API_BASE
    slack_hooks_base: str = DEFAULT_HOOKS_BASE
    http_timeout: float = 10.0
    smtp_timeout: float = 15.0
    session_factory: SessionFactory | None = None
    smtp_ssl_context: ssl.SSLContext | None = None  # None: the system's trusted CAs


def sender_for(dsn: str, settings: ChannelSettings) -> ChannelSender:
    """Raises DsnError (a ValueError) for a DSN no adapter can use."""
    return _cached_sender(dsn.strip(), settings)


@lru_cache(maxsize=512)
def _cached_sender(dsn: str, settings: ChannelSettings) -> ChannelSender:
    # Senders are stateless apart from configuration, so one per (DSN, settings) is enough;
    # caching spares re-parsing (and apprise's validation) on every delivery.
    target = parse_dsn(dsn)
    http = HttpPoster(settings.http_timeout, settings.session_factory)
    match target:
        case WebhookTarget():
            return WebhookSender(target, http)
        case SmtpTarget():
            return SmtpSender(
                target, timeout=settings.smtp_timeout, ssl_context=settings.smtp_ssl_context
            )
        case SlackWebhookTarget() | SlackBotTarget():
            return SlackSender(
                target,
                http,
                api_base=settings.slack_api_base,
                hooks_base=settings.slack_hooks_base,
            )
        case AppriseTarget():
            return AppriseSender(target, timeout=settings.http_timeout)
