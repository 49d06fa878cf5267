"""Alerting value types: rule types, notice kinds, suppression reasons, ISO-8601 cooldowns."""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum

from uptime_sentinel.domain.alerting.errors import InvalidAlertConfig

MAX_COUNT = 1_000_000
MAX_COOLDOWN = timedelta(days=366)
COOLDOWN_HINT = "must be an ISO-8601 duration such as PT1H"


class NotificationType(StrEnum):
    """Which notices a rule sends (seed 2.2)."""

    FAILURE = "FAILURE"
    RECOVERY = "RECOVERY"
    BOTH = "BOTH"

    @property
    def on_failure(self) -> bool:
        return self is not NotificationType.RECOVERY

    @property
    def on_recovery(self) -> bool:
        return self is not NotificationType.FAILURE


class NoticeKind(StrEnum):
    """What a decided notice says; same values as the channel port's EventType."""

    FAILURE = "FAILURE"
    RECOVERY = "RECOVERY"
    ESCALATION = "ESCALATION"


class Source(StrEnum):
    RULE = "rule"
    ESCALATION = "escalation"


class SuppressionReason(StrEnum):
    BELOW_THRESHOLD = "below_threshold"
    COOLDOWN = "cooldown"
    ALREADY_ESCALATED = "already_escalated"
    DISABLED = "disabled"
    CHANNEL_DISABLED = "channel_disabled"


_DURATION = re.compile(
    r"P(?!$)(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?"
)
_SECONDS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}


def parse_cooldown(text: str) -> timedelta:
    """`PT1H`, `PT30M`, `P1D`, `PT1H30M`, `PT0S`. Years and months have no fixed length,
    so they are refused rather than guessed."""
    match = _DURATION.fullmatch(text.strip().upper()) if isinstance(text, str) else None
    if match is None:
        raise InvalidAlertConfig("cooldown", COOLDOWN_HINT)
    parts = {k: float((v or "0").replace(",", ".")) for k, v in match.groupdict().items()}
    seconds = sum(parts[k] * factor for k, factor in _SECONDS.items())
    if not seconds <= MAX_COOLDOWN.total_seconds():  # also catches inf from absurd digits
        raise InvalidAlertConfig("cooldown", f"must be at most {format_cooldown(MAX_COOLDOWN)}")
    return timedelta(seconds=seconds)


def format_cooldown(delta: timedelta) -> str:
    """The canonical ISO-8601 form: days, then hours, minutes, seconds (`P1DT2H`, `PT0S`)."""
    micros = round(delta.total_seconds() * 1_000_000)
    days, rest = divmod(micros, 86_400_000_000)
    hours, rest = divmod(rest, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds = rest / 1_000_000
    time = "".join(f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M")) if value)
    if seconds:
        time += f"{seconds:g}S" if seconds != int(seconds) else f"{int(seconds)}S"
    out = "P" + (f"{days}D" if days else "")
    if time:
        out += "T" + time
    return out if out != "P" else "PT0S"


def check_count(field: str, value: object) -> int:
    """A positive whole count (threshold, level, consecutive failures)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_COUNT:
        raise InvalidAlertConfig(field, f"must be a whole number from 1 to {MAX_COUNT}")
    return value


def check_type(value: object) -> NotificationType:
    try:
        return NotificationType(str(value).upper())
    except ValueError:
        allowed = ", ".join(t.value for t in NotificationType)
        raise InvalidAlertConfig("type", f"must be one of {allowed}") from None
