"""What a channel DSN parses into. Secret fields stay out of repr(); `redacted` is the DSN
safe to log or show."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar


class DsnError(ValueError):
    """A channel DSN that cannot be used; the message is safe to show (no secrets)."""


class ChannelType(StrEnum):
    WEBHOOK = "webhook"
    EMAIL = "email"
    SLACK = "slack"
    APPRISE = "apprise"


class TlsMode(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"


@dataclass(frozen=True, slots=True)
class WebhookTarget:
    url: str = field(repr=False)
    secret: str | None = field(repr=False)
    redacted: str
    kind: ClassVar[ChannelType] = ChannelType.WEBHOOK


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    host: str
    port: int
    tls: TlsMode
    sender: str
    recipients: tuple[str, ...]
    username: str | None
    password: str | None = field(repr=False)
    redacted: str
    kind: ClassVar[ChannelType] = ChannelType.EMAIL


@dataclass(frozen=True, slots=True)
class SlackWebhookTarget:
    path: str = field(repr=False)  # "T…/B…/TOKEN", appended to the hooks base URL
    redacted: str
    kind: ClassVar[ChannelType] = ChannelType.SLACK


@dataclass(frozen=True, slots=True)
class SlackBotTarget:
    token: str = field(repr=False)
    channel: str
    redacted: str
    kind: ClassVar[ChannelType] = ChannelType.SLACK


@dataclass(frozen=True, slots=True)
class AppriseTarget:
    url: str = field(repr=False)
    redacted: str
    kind: ClassVar[ChannelType] = ChannelType.APPRISE


ChannelTarget = WebhookTarget | SmtpTarget | SlackWebhookTarget | SlackBotTarget | AppriseTarget
