"""The DsnInspector port over dsn.py: what alert configuration needs to know about a DSN."""

from __future__ import annotations

from uptime_sentinel.adapters.channels.dsn import parse_dsn, redact
from uptime_sentinel.application.alerting.ports import ChannelSpec


class DsnChannelInspector:
    def inspect(self, dsn: str) -> ChannelSpec:
        """Raises DsnError (a ValueError) whose message is safe to show."""
        target = parse_dsn(dsn)
        return ChannelSpec(type=target.kind.value, redacted=redact(dsn))
