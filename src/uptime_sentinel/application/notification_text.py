"""Human text for notifications: pure functions of the message, no clock, no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from uptime_sentinel.application.ports.channel import EventType, NotificationMessage

_MAX_ERROR_IN_SUBJECT = 80


def format_duration(delta: timedelta) -> str:
    """Coarse on purpose: '45 s', '4 min', '2 h 5 min', '3 d 4 h'."""
    seconds = max(0, int(delta.total_seconds()))  # clock skew never shows "-3 s"
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def _one_line(text: str) -> str:
    # Subjects become mail headers and chat headlines: no CR/LF may leak into them.
    return " ".join(text.split())


def _shorten(text: str, limit: int) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _failures(count: int) -> str:
    return f"{count} consecutive failure{'' if count == 1 else 's'}"


def _down_for(message: NotificationMessage) -> str | None:
    if message.down_since is None:
        return None
    return format_duration(message.timestamp - message.down_since)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _who(message: NotificationMessage) -> str:
    name = _one_line(message.monitor_name) or "(unnamed monitor)"
    return f"{name} ({_one_line(message.url)})" if message.url else name


def render_subject(message: NotificationMessage) -> str:
    who = _who(message)
    down_for = _down_for(message)
    if message.event_type is EventType.RECOVERY:
        tail = f"back UP after {down_for} down" if down_for else "back UP"
        return f"[RECOVERED] {who} — {tail}"
    if message.event_type is EventType.TEST:
        return f"[TEST] {who} — test notification from UptimeSentinel"
    facts = [_failures(message.consecutive_failures)]
    if message.last_error:
        facts.append(_shorten(message.last_error, _MAX_ERROR_IN_SUBJECT))
    if down_for:
        facts.append(f"down for {down_for}")
    if message.event_type is EventType.ESCALATION:
        level = message.escalation_level if message.escalation_level is not None else "?"
        tag = f"[ESCALATION level {level}]"
    else:
        tag = "[DOWN]"
    return f"{tag} {who} — {', '.join(facts)}"


def render_details(message: NotificationMessage) -> str:
    recovered = message.event_type is EventType.RECOVERY
    down_for = _down_for(message)
    rows: list[tuple[str, object | None]] = [
        ("Monitor", message.monitor_name or None),
        ("URL", message.url or None),
        ("Status", message.health or None),
    ]
    if message.event_type is EventType.ESCALATION:
        rows.append(("Escalation level", message.escalation_level))
    if not recovered and message.event_type is not EventType.TEST:
        rows.append(("Consecutive failures", message.consecutive_failures))
    if message.last_error:
        rows.append(
            ("Last error before recovery" if recovered else "Last error", message.last_error)
        )
    if message.down_since is not None:
        label = "Was down since" if recovered else "Down since"
        rows.append((label, f"{_when(message.down_since)} ({down_for})"))
    rows += [
        ("Recovered at" if recovered else "Time", _when(message.timestamp)),
        ("Monitor ID", message.monitor_id),
        ("Notification ID", message.notification_id),
    ]
    return "\n".join(f"{label}: {value}" for label, value in rows if value is not None)
