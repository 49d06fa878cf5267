"""Alerting in the production topology: MariaDB, RabbitMQ, Redis, every process on its own,
with one alerting process and two competing notifiers. A webhook receiver that is down for
a while gets every notice late, once."""

import base64
import os

import pytest

from tests.e2e.test_production_processes import Topology, production_env  # noqa: F401
from tests.support.processes import Process
from tests.support.waiting import eventually


@pytest.fixture
def env(production_env):  # noqa: F811
    key = base64.b64encode(os.urandom(32)).decode()
    return {
        **production_env,
        "SENTINEL_CIPHER_KEY": key,
        "SENTINEL_NOTIFIER_BACKOFF_SECONDS": "0.5",
    }


def test_separate_processes_alert_once_each(env, tmp_path, target, hooks):
    topology = Topology(env, tmp_path / "logs", workers=1)
    for name in ("alerting", "notifier", "notifier2"):
        command = name.rstrip("2")
        topology.processes[name] = Process([command], env, tmp_path / "logs", name)
    try:
        http = topology.api.http
        monitor = http.post(
            "/api/monitors",
            json={"name": "shop", "url": target.url("/switch"), "interval_seconds": 1},
        ).json()
        rule = {"monitor_id": monitor["id"], "channel": f"webhook://{hooks.url('/rule')}"}
        created = http.post("/api/alert-rules", json={**rule, "failure_threshold": 2})
        assert created.status_code == 201, created.text
        eventually(lambda: topology.api.monitor(monitor["id"])["health"] == "UP", timeout=10)

        hooks.stop()
        target.set_status(503)

        def log(**query):
            params = {"monitor_id": monitor["id"], "limit": 500, **query}
            return http.get("/api/notifications", params=params).json()["items"]

        eventually(lambda: any(n["attempts"] >= 2 for n in log(status="pending")), timeout=30)
        hooks.start()
        eventually(lambda: len(hooks.requests) >= 1, timeout=20)
        target.set_status(200)
        eventually(lambda: len(hooks.requests) >= 2, timeout=20)
        eventually(lambda: all(n["status"] == "delivered" for n in log() if not n["reason"]))

        kinds = [r.json()["event_type"] for r in hooks.requests]
        assert kinds == ["FAILURE", "RECOVERY"]
        keys = {r.headers["Idempotency-Key"] for r in hooks.requests}
        assert len(keys) == 2
    finally:
        codes = topology.stop()
    assert all(code == 0 for code in codes.values()), codes
