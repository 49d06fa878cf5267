"""What alerting needs from outside: a DSN inspector (for configuration) and a sender
factory (for delivery). Both are served by adapters/channels, wired in bootstrap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from uptime_sentinel.application.ports.channel import ChannelSender


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    type: str  # webhook, email, slack, apprise
    redacted: str  # the DSN with every secret masked: safe to store in views and show


class DsnInspector(Protocol):
    def inspect(self, dsn: str) -> ChannelSpec:
        """Raises ValueError with a message naming what to fix (never the secret)."""
        ...


SenderFactory = Callable[[str], ChannelSender]
"""DSN → sender; raises ValueError for a DSN no adapter can use."""
