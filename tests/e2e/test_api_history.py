"""A monitor's history: raw check results from telemetry, incidents from the read model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from litestar import Litestar
from litestar.testing import TestClient

from tests.e2e.conftest import Json, parse_time, settle
from uptime_sentinel.bootstrap import Container
from uptime_sentinel.domain.check import CheckResult

Client = TestClient[Litestar]
T0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


def test_checks_are_listed_newest_first(
    client: Client, container: Container, create_monitor: Callable[..., Json]
) -> None:
    monitor_id = create_monitor()["id"]
    other_id = create_monitor()["id"]
    mid = UUID(monitor_id)
    container.telemetry_store.write(
        [
            CheckResult(mid, T0, 11.5, status_code=200),
            CheckResult(mid, T0 + timedelta(minutes=2), 5000.0, error="timeout after 5000 ms"),
            CheckResult(mid, T0 + timedelta(minutes=1), 20.0, status_code=500),
            CheckResult(UUID(other_id), T0, 1.0, status_code=200),
        ]
    )

    checks = client.get(f"/api/monitors/{monitor_id}/checks").json()
    latest = client.get(f"/api/monitors/{monitor_id}/checks", params={"limit": 1}).json()

    assert [parse_time(c["checked_at"]) for c in checks] == [
        T0 + timedelta(minutes=2),
        T0 + timedelta(minutes=1),
        T0,
    ]
    assert checks[0] == {
        "checked_at": checks[0]["checked_at"],
        "status_code": None,
        "latency_ms": 5000.0,
        "ok": False,
        "error": "timeout after 5000 ms",
    }
    assert [(c["status_code"], c["ok"], c["error"]) for c in checks[1:]] == [
        (500, False, None),
        (200, True, None),
    ]
    assert latest == checks[:1]


def test_incidents_record_each_down_stretch(
    client: Client, container: Container, create_monitor: Callable[..., Json]
) -> None:
    monitor_id = create_monitor()["id"]
    mid = UUID(monitor_id)
    container.monitoring.record_checks([CheckResult(mid, T0, 9.0, error="connection refused")])
    container.monitoring.record_checks([CheckResult(mid, T0 + timedelta(minutes=1), 9.0, 200)])
    settle(container)

    incidents = client.get(f"/api/monitors/{monitor_id}/incidents").json()

    assert len(incidents) == 1
    assert parse_time(incidents[0]["started_at"]) == T0
    assert parse_time(incidents[0]["ended_at"]) == T0 + timedelta(minutes=1)
    assert (incidents[0]["failures"], incidents[0]["first_error"]) == (1, "connection refused")
