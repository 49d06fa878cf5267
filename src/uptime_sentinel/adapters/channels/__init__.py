"""Notification channel adapters: webhook, SMTP, Slack, and Apprise for everything else."""

from uptime_sentinel.adapters.channels.dsn import parse_dsn, redact
from uptime_sentinel.adapters.channels.registry import ChannelSettings, sender_for
from uptime_sentinel.adapters.channels.targets import ChannelType, DsnError

__all__ = ["ChannelSettings", "ChannelType", "DsnError", "parse_dsn", "redact", "sender_for"]
