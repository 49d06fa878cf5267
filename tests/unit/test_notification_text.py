from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.support.notifications import MONITOR_ID, NOTIFICATION_ID, NOW, make_message
from uptime_sentinel.application.notification_text import format_duration
from uptime_sentinel.application.ports.channel import (
    DeliveryError,
    EventType,
    NotificationMessage,
    http_status_retryable,
)


def test_failure_subject() -> None:
    assert make_message().subject == (
        "[DOWN] Shop API (https://shop.example/api) — 5 consecutive failures, HTTP 503, "
        "down for 4 min"
    )


def test_recovery_subject() -> None:
    message = make_message(
        event_type=EventType.RECOVERY,
        health="UP",
        consecutive_failures=0,
        down_since=NOW - timedelta(minutes=12),
    )
    assert (
        message.subject
        == "[RECOVERED] Shop API (https://shop.example/api) — back UP after 12 min down"
    )


def test_escalation_subject() -> None:
    message = make_message(
        event_type=EventType.ESCALATION,
        escalation_level=2,
        consecutive_failures=10,
        down_since=NOW - timedelta(minutes=8, seconds=30),
    )
    assert message.subject == (
        "[ESCALATION level 2] Shop API (https://shop.example/api) — 10 consecutive failures, "
        "HTTP 503, down for 8 min"
    )


def test_test_subject_and_minimal_facts() -> None:
    message = make_message(
        event_type=EventType.TEST,
        monitor_id=None,
        health="UNKNOWN",
        consecutive_failures=0,
        last_error=None,
        down_since=None,
    )
    assert (
        message.subject
        == "[TEST] Shop API (https://shop.example/api) — test notification from UptimeSentinel"
    )
    assert "Consecutive failures" not in message.text
    assert "Monitor ID" not in message.text


def test_one_failure_is_singular_and_missing_facts_are_left_out() -> None:
    message = make_message(consecutive_failures=1, last_error=None, down_since=None)
    assert message.subject == "[DOWN] Shop API (https://shop.example/api) — 1 consecutive failure"


def test_subject_is_one_line_and_long_errors_are_shortened() -> None:
    message = make_message(last_error="connection reset\r\nBcc: victim@example.com " + "x" * 200)
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.count("…") == 1
    assert len(message.subject) < 200
    assert "x" * 200 in message.text  # the body keeps the whole error


def test_text_has_the_subject_then_the_facts() -> None:
    text = make_message(event_type=EventType.ESCALATION, escalation_level=3).text
    subject, blank, *facts = text.split("\n")
    assert subject.startswith("[ESCALATION level 3]") and blank == ""
    assert facts == [
        "Monitor: Shop API",
        "URL: https://shop.example/api",
        "Status: DOWN",
        "Escalation level: 3",
        "Consecutive failures: 5",
        "Last error: HTTP 503",
        "Down since: 2025-03-14 09:26:00 UTC (4 min)",
        "Time: 2025-03-14 09:30:00 UTC",
        f"Monitor ID: {MONITOR_ID}",
        f"Notification ID: {NOTIFICATION_ID}",
    ]


def test_recovery_text_wording() -> None:
    text = make_message(event_type=EventType.RECOVERY, health="UP", consecutive_failures=0).text
    assert "Was down since: 2025-03-14 09:26:00 UTC (4 min)" in text
    assert "Last error before recovery: HTTP 503" in text
    assert "Recovered at: 2025-03-14 09:30:00 UTC" in text
    assert "Consecutive failures" not in text


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=-5), "0 s"),
        (timedelta(seconds=45), "45 s"),
        (timedelta(minutes=4, seconds=59), "4 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=2, minutes=5), "2 h 5 min"),
        (timedelta(days=3), "3 d"),
        (timedelta(days=3, hours=4, minutes=7), "3 d 4 h"),
    ],
)
def test_format_duration(delta: timedelta, expected: str) -> None:
    assert format_duration(delta) == expected


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        make_message(timestamp=datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        make_message(down_since=datetime(2025, 1, 1))


def test_messages_are_immutable() -> None:
    message: NotificationMessage = make_message()
    with pytest.raises(AttributeError):
        message.health = "UP"


@pytest.mark.parametrize(
    ("status", "retryable"),
    [
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (408, True),
        (429, True),
        (500, True),
        (503, True),
    ],
)
def test_http_status_retryability(status: int, retryable: bool) -> None:
    assert http_status_retryable(status) is retryable


def test_delivery_error_carries_its_classification() -> None:
    error = DeliveryError("nope", retryable=True, status=429, retry_after=3.0)
    assert (str(error), error.retryable, error.status, error.retry_after) == (
        "nope",
        True,
        429,
        3.0,
    )
