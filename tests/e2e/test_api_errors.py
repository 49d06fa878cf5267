"""Every rejected request: the status, a detail that names the field and the problem, no
stack trace, and nothing stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.e2e.conftest import Json
from uptime_sentinel.bootstrap import Container

Client = TestClient[Litestar]
VALID = {"name": "example", "url": "https://example.com/"}


def assert_rejected(response: Any, status: int, detail: str, field: str | None) -> None:
    expected: Json = {"status_code": status, "detail": detail}
    if field is not None:
        expected["field"] = field
    assert (response.status_code, response.json()) == (status, expected)
    assert "Traceback" not in response.text


def total(client: Client) -> int:
    count: int = client.get("/api/monitors").json()["total"]
    return count


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"url": "ftp://example.com/"}, "url", "must start with http:// or https://"),
        ({"url": "https://"}, "url", "must name a host"),
        ({"url": ""}, "url", "must not be empty"),
        ({"name": "  "}, "name", "must not be empty"),
        ({"name": "x" * 201}, "name", "must be at most 200 characters"),
        ({"method": "DELETE"}, "method", "must be one of GET, POST, HEAD, PUT"),
        ({"interval_seconds": 0}, "interval_seconds", "must be between 1 and 86400"),
        ({"timeout_ms": 99}, "timeout_ms", "must be between 100 and 60000"),
        (
            {"interval_seconds": 5, "timeout_ms": 5000},
            "timeout_ms",
            "must be below the interval (5000 ms)",
        ),
        ({"interval_seconds": "sixty"}, "interval_seconds", "must be an integer, got a string"),
        ({"interval_seconds": True}, "interval_seconds", "must be an integer, got a boolean"),
        ({"timeout_ms": [1]}, "timeout_ms", "must be an integer or null, got an array"),
        ({"name": 42}, "name", "must be a string, got an integer"),
        ({"name": None}, "name", "must not be null"),
        ({"colour": "red"}, "colour", "is not a known field"),
    ],
)
def test_create_rejects_invalid_fields(
    client: Client, changes: Json, field: str, problem: str
) -> None:
    response = client.post("/api/monitors", json={**VALID, **changes})

    assert_rejected(response, 422, f"{field}: {problem}", field)
    assert total(client) == 0


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (b'{"name": "x", "url": ', 400, "body: is not valid JSON"),
        (b"[]", 422, "body: must be a JSON object, got an array"),
        (b"null", 422, "body: must be a JSON object, got null"),
        (b"", 422, "body: must be a JSON object"),
        (b'{"name": "x"}', 422, "url: is required"),
    ],
)
def test_create_rejects_bodies_that_are_not_monitors(
    client: Client, body: bytes, status: int, detail: str
) -> None:
    response = client.post(
        "/api/monitors", content=body, headers={"content-type": "application/json"}
    )

    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)
    assert response.json()["field"] == detail.split(":")[0]
    assert total(client) == 0


@pytest.mark.parametrize(
    ("patch", "field", "problem"),
    [
        ({"name": None}, "name", "must not be null"),
        ({"timeout_ms": None}, "timeout_ms", "must not be null"),
        ({"url": "mailto:ops@example.com"}, "url", "must start with http:// or https://"),
        ({"interval_seconds": 2}, "timeout_ms", "must be below the interval (2000 ms)"),
        ({"status": "PAUSED"}, "status", "is not a known field"),
        ({"id": str(uuid4())}, "id", "is not a known field"),
    ],
)
def test_patch_rejects_invalid_fields_and_keeps_the_monitor(
    client: Client, create_monitor: Callable[..., Json], patch: Json, field: str, problem: str
) -> None:
    monitor = create_monitor()
    url = f"/api/monitors/{monitor['id']}"

    response = client.patch(url, json={"name": "changed", **patch})

    assert_rejected(response, 422, f"{field}: {problem}", field)
    assert client.get(url).json() == monitor


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("GET", ""),
        ("PATCH", ""),
        ("DELETE", ""),
        ("PATCH", "/pause"),
        ("PATCH", "/resume"),
        ("GET", "/checks"),
        ("GET", "/incidents"),
    ],
)
def test_ids_that_are_not_uuids_or_not_known(client: Client, method: str, suffix: str) -> None:
    unknown = uuid4()
    body: Json | None = {} if method == "PATCH" else None

    malformed = client.request(method, f"/api/monitors/not-a-uuid{suffix}", json=body)
    missing = client.request(method, f"/api/monitors/{unknown}{suffix}", json=body)

    assert_rejected(malformed, 422, "monitor_id: must be a UUID", "monitor_id")
    assert_rejected(missing, 404, f"monitor {unknown} not found", None)


@pytest.mark.parametrize(
    ("path", "params", "detail"),
    [
        ("", {"limit": 0}, "limit: must be >= 1"),
        ("", {"limit": 501}, "limit: must be <= 500"),
        ("", {"limit": "ten"}, "limit: must be an integer, got a string"),
        ("", {"offset": -1}, "offset: must be >= 0"),
        ("", {"status": "RUNNING"}, "status: 'RUNNING' is not allowed (one of ACTIVE, PAUSED)"),
        ("", {"health": "MAYBE"}, "health: 'MAYBE' is not allowed (one of UP, DOWN, UNKNOWN)"),
        ("/{id}/checks", {"limit": 1001}, "limit: must be <= 1000"),
        ("/{id}/incidents", {"limit": 0}, "limit: must be >= 1"),
    ],
)
def test_bad_query_parameters(
    client: Client, create_monitor: Callable[..., Json], path: str, params: Json, detail: str
) -> None:
    url = "/api/monitors" + path.format(id=create_monitor()["id"])

    response = client.get(url, params=params)

    assert_rejected(response, 422, detail, detail.split(":")[0])


def test_unexpected_failure_is_a_500_without_internals(
    client: Client, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BrokenQueries:
        def page(self, **_: Any) -> None:
            raise RuntimeError("secret connection string mysql://root:hunter2@db")

    monkeypatch.setattr(container, "monitor_queries", BrokenQueries())

    response = client.get("/api/monitors")

    assert_rejected(response, 500, "internal server error", None)
    assert "hunter2" not in response.text
