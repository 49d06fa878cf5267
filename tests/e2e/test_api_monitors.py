"""The monitor resource end to end: each command is visible to the very next read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.e2e.conftest import Json, parse_time, settle
from uptime_sentinel.application.ports.hot_state import ScheduleEntry
from uptime_sentinel.bootstrap import Container
from uptime_sentinel.domain.check import CheckResult

Client = TestClient[Litestar]
T0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


def test_create_applies_defaults_and_is_readable_at_once(client: Client) -> None:
    response = client.post("/api/monitors", json={"name": "shop", "url": "https://shop.test/"})

    assert response.status_code == 201
    monitor = response.json()
    UUID(monitor["id"])
    assert {k: monitor[k] for k in monitor if k not in ("id", "created_at", "updated_at")} == {
        "name": "shop",
        "url": "https://shop.test/",
        "method": "GET",
        "interval_seconds": 60,
        "timeout_ms": 5000,
        "status": "ACTIVE",
        "health": "UNKNOWN",
        "consecutive_failures": 0,
        "last_error": None,
        "last_checked_at": None,
        "next_check_at": None,
    }
    parse_time(monitor["created_at"])
    assert client.get(f"/api/monitors/{monitor['id']}").json() == monitor


def test_create_takes_every_field(create_monitor: Callable[..., Json]) -> None:
    monitor = create_monitor(method="post", interval_seconds=30, timeout_ms=2000)
    assert (monitor["method"], monitor["interval_seconds"], monitor["timeout_ms"]) == (
        "POST",
        30,
        2000,
    )
    # a short interval gets a default timeout that ends before the next check
    assert create_monitor(interval_seconds=2)["timeout_ms"] == 1800


def test_list_pages_in_registration_order(
    client: Client, create_monitor: Callable[..., Json]
) -> None:
    ids = [create_monitor(name=f"m{i}")["id"] for i in range(5)]

    first = client.get("/api/monitors", params={"limit": 2}).json()
    last = client.get("/api/monitors", params={"limit": 2, "offset": 4}).json()
    beyond = client.get("/api/monitors", params={"offset": 10}).json()

    assert [m["id"] for m in first["items"]] == ids[:2]
    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [m["id"] for m in last["items"]] == ids[4:]
    assert (beyond["items"], beyond["total"], beyond["limit"]) == ([], 5, 50)


def test_list_filters_by_status_and_health(
    client: Client, container: Container, create_monitor: Callable[..., Json]
) -> None:
    up, down, _, paused = (create_monitor(name=n)["id"] for n in ("up", "dn", "un", "pa"))
    client.patch(f"/api/monitors/{paused}/pause")
    container.monitoring.record_checks(
        [
            CheckResult(UUID(up), T0, 12.0, status_code=200),
            CheckResult(UUID(down), T0, 30.0, status_code=503),
        ]
    )
    settle(container)

    def names(**params: str) -> list[str]:
        body = client.get("/api/monitors", params=params).json()
        assert body["total"] == len(body["items"])
        return [m["name"] for m in body["items"]]

    assert names(status="PAUSED") == ["pa"]
    assert names(status="ACTIVE") == ["up", "dn", "un"]
    assert names(health="UP") == ["up"]
    assert names(health="DOWN") == ["dn"]
    assert names(health="UNKNOWN", status="ACTIVE") == ["un"]
    down_view = client.get(f"/api/monitors/{down}").json()
    assert (down_view["consecutive_failures"], down_view["last_error"]) == (1, "HTTP 503")


def test_monitor_shows_last_check_and_next_due(
    client: Client,
    container: Container,
    create_monitor: Callable[..., Json],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked, scheduled, fresh = (create_monitor(interval_seconds=30)["id"] for _ in range(3))
    container.telemetry_store.write([CheckResult(UUID(checked), T0, 5.0, status_code=200)])
    due = T0 + timedelta(seconds=7)
    container.schedule_index.upsert({UUID(scheduled): ScheduleEntry(due, 30)})

    calls: list[str] = []

    def counted(name: str, real: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def call(ids: Any) -> Any:
            calls.append(name)
            return real(ids)

        return call

    for target, name in [
        (container.telemetry_store, "last_checks"),
        (container.schedule_index, "entries"),
    ]:
        monkeypatch.setattr(target, name, counted(name, getattr(target, name)))

    items = {m["id"]: m for m in client.get("/api/monitors").json()["items"]}

    assert sorted(calls) == ["entries", "last_checks"]  # one batch each, not one per monitor

    assert parse_time(items[checked]["last_checked_at"]) == T0
    # not indexed by a scheduler yet: estimated from the last check
    assert parse_time(items[checked]["next_check_at"]) == T0 + timedelta(seconds=30)
    assert parse_time(items[scheduled]["next_check_at"]) == due
    assert (items[fresh]["last_checked_at"], items[fresh]["next_check_at"]) == (None, None)
    paused = client.patch(f"/api/monitors/{scheduled}/pause").json()
    assert paused["next_check_at"] is None


def test_patch_changes_only_the_given_fields(
    client: Client, create_monitor: Callable[..., Json]
) -> None:
    monitor = create_monitor(method="HEAD", interval_seconds=120, timeout_ms=3000)

    response = client.patch(
        f"/api/monitors/{monitor['id']}", json={"name": "renamed", "timeout_ms": 4000}
    )

    assert response.status_code == 200
    expected = {**monitor, "name": "renamed", "timeout_ms": 4000}
    assert {k: v for k, v in response.json().items() if k != "updated_at"} == {
        k: v for k, v in expected.items() if k != "updated_at"
    }
    assert parse_time(response.json()["updated_at"]) > parse_time(monitor["updated_at"])
    assert client.get(f"/api/monitors/{monitor['id']}").json() == response.json()
    unchanged = client.patch(f"/api/monitors/{monitor['id']}", json={})
    assert (unchanged.status_code, unchanged.json()) == (200, response.json())


def test_pause_and_resume_and_their_conflicts(
    client: Client, create_monitor: Callable[..., Json]
) -> None:
    url = f"/api/monitors/{create_monitor()['id']}"

    resume_active = client.patch(f"{url}/resume")
    paused = client.patch(f"{url}/pause")
    pause_paused = client.patch(f"{url}/pause")
    read_paused = client.get(url).json()
    resumed = client.patch(f"{url}/resume")

    assert (resume_active.status_code, resume_active.json()["detail"]) == (
        409,
        "monitor is already active",
    )
    assert (paused.status_code, paused.json()["status"]) == (200, "PAUSED")
    assert (pause_paused.status_code, pause_paused.json()) == (
        409,
        {"status_code": 409, "detail": "monitor is already paused"},
    )
    assert read_paused["status"] == "PAUSED"
    assert (resumed.status_code, resumed.json()["status"]) == (200, "ACTIVE")
    assert client.get(url).json()["status"] == "ACTIVE"


def test_delete_then_everything_is_404(client: Client, create_monitor: Callable[..., Json]) -> None:
    keep, gone = create_monitor()["id"], create_monitor()["id"]
    url = f"/api/monitors/{gone}"

    deleted = client.delete(url)

    assert (deleted.status_code, deleted.content) == (204, b"")
    not_found = {"status_code": 404, "detail": f"monitor {gone} not found"}
    for method, path in [
        ("GET", url),
        ("DELETE", url),
        ("PATCH", url),
        ("PATCH", f"{url}/pause"),
        ("PATCH", f"{url}/resume"),
        ("GET", f"{url}/checks"),
        ("GET", f"{url}/incidents"),
    ]:
        response = client.request(method, path, json={} if method == "PATCH" else None)
        assert (response.status_code, response.json()) == (404, not_found), (method, path)
    listed = client.get("/api/monitors").json()
    assert (listed["total"], [m["id"] for m in listed["items"]]) == (1, [keep])
