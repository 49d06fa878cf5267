"""`/health` reports each component the container registered; `/schema` documents the API."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.e2e.conftest import HEALTH_TIMEOUT, parse_time
from uptime_sentinel.bootstrap import Container

Client = TestClient[Litestar]


def test_health_is_ok_when_every_component_answers(client: Client) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["components"]) == ("ok", {"database": {"status": "up"}})
    parse_time(body["timestamp"])


def test_health_is_degraded_when_a_component_fails(client: Client, container: Container) -> None:
    def refuse() -> None:
        raise ConnectionRefusedError("connection refused\nat some internal detail")

    container.health_checks["database"] = refuse

    response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["components"] == {
        "database": {"status": "down", "error": "ConnectionRefusedError: connection refused"}
    }


@pytest.fixture
def hung() -> Iterator[threading.Event]:
    release = threading.Event()
    yield release
    release.set()


def test_health_does_not_wait_for_a_hung_component(
    client: Client, container: Container, hung: threading.Event
) -> None:
    def hang() -> None:
        hung.wait(30)

    container.health_checks["telemetry"] = hang

    response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["components"] == {
        "database": {"status": "up"},
        "telemetry": {"status": "down", "error": f"no answer within {HEALTH_TIMEOUT:g} s"},
    }


def test_openapi_lists_every_operation(client: Client) -> None:
    schema = client.get("/schema/openapi.json").json()

    operations = {
        op["operationId"]: (method.upper(), path)
        for path, item in schema["paths"].items()
        for method, op in item.items()
    }
    assert schema["info"]["title"] == "UptimeSentinel"
    assert schema["info"]["version"]
    assert operations == {
        "createMonitor": ("POST", "/api/monitors"),
        "listMonitors": ("GET", "/api/monitors"),
        "getMonitor": ("GET", "/api/monitors/{monitor_id}"),
        "updateMonitor": ("PATCH", "/api/monitors/{monitor_id}"),
        "deleteMonitor": ("DELETE", "/api/monitors/{monitor_id}"),
        "pauseMonitor": ("PATCH", "/api/monitors/{monitor_id}/pause"),
        "resumeMonitor": ("PATCH", "/api/monitors/{monitor_id}/resume"),
        "listMonitorChecks": ("GET", "/api/monitors/{monitor_id}/checks"),
        "listMonitorIncidents": ("GET", "/api/monitors/{monitor_id}/incidents"),
        "getHealth": ("GET", "/health"),
        "createAlertRule": ("POST", "/api/alert-rules"),
        "listMonitorAlertRules": ("GET", "/api/alert-rules/monitor/{monitor_id}"),
        "getAlertRule": ("GET", "/api/alert-rules/{rule_id}"),
        "updateAlertRule": ("PATCH", "/api/alert-rules/{rule_id}"),
        "deleteAlertRule": ("DELETE", "/api/alert-rules/{rule_id}"),
        "enableAlertRule": ("PATCH", "/api/alert-rules/{rule_id}/enable"),
        "disableAlertRule": ("PATCH", "/api/alert-rules/{rule_id}/disable"),
        "createEscalationPolicy": ("POST", "/api/escalation-policies"),
        "listEscalationPolicies": ("GET", "/api/escalation-policies"),
        "listApplicableEscalationPolicies": (
            "GET",
            "/api/escalation-policies/monitor/{monitor_id}",
        ),
        "getEscalationPolicy": ("GET", "/api/escalation-policies/{policy_id}"),
        "deleteEscalationPolicy": ("DELETE", "/api/escalation-policies/{policy_id}"),
        "enableEscalationPolicy": ("PATCH", "/api/escalation-policies/{policy_id}/enable"),
        "disableEscalationPolicy": ("PATCH", "/api/escalation-policies/{policy_id}/disable"),
        "listChannels": ("GET", "/api/channels"),
        "createChannel": ("POST", "/api/channels"),
        "getChannel": ("GET", "/api/channels/{channel_id}"),
        "enableChannel": ("PATCH", "/api/channels/{channel_id}/enable"),
        "disableChannel": ("PATCH", "/api/channels/{channel_id}/disable"),
        "testChannel": ("POST", "/api/channels/{channel_id}/test"),
        "listNotifications": ("GET", "/api/notifications"),
    }
    create = schema["paths"]["/api/monitors"]["post"]
    assert create["description"].startswith("Register a URL to check")
    assert set(create["responses"]) == {"201", "400", "422"}
