"""The production topology on loopback: MariaDB, RabbitMQ and Redis, every process on its own."""

import base64
import os
import uuid

import pika
import pytest
import redis

from tests.support.mysql import scratch_mysql_url
from tests.support.processes import ApiProcess, Process
from tests.support.services import AMQP_URL, REDIS_URL, require_service
from tests.support.waiting import eventually


@pytest.fixture
def production_env(tmp_path):
    require_service("redis")
    require_service("rabbitmq")
    with scratch_mysql_url() as database_url:
        prefix = f"test:{uuid.uuid4().hex}:"
        queue = f"test.checks.{uuid.uuid4().hex}"
        yield {
            "SENTINEL_DATABASE_URL": database_url,
            "SENTINEL_REDIS_URL": REDIS_URL,
            "SENTINEL_REDIS_PREFIX": prefix,
            "SENTINEL_AMQP_URL": AMQP_URL,
            "SENTINEL_QUEUE_NAME": queue,
            "SENTINEL_DATA_DIR": str(tmp_path / "data"),
            "SENTINEL_CIPHER_KEY": base64.b64encode(os.urandom(32)).decode(),
        }
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()
        connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
        channel = connection.channel()
        for name in (queue, f"{queue}.failed"):
            channel.queue_delete(name)
        connection.close()


class Topology:
    def __init__(self, env, log_dir, workers=2):
        self.env, self.log_dir = env, log_dir
        self.processes = {
            name: Process([name], env, log_dir, name)
            for name in ("projector", "scheduler", "ingestor")
        }
        for n in range(workers):
            self.add_worker(n)
        self.api = ApiProcess("api", env, log_dir, "api")

    def add_worker(self, n):
        self.processes[f"worker{n}"] = Process(["worker"], self.env, self.log_dir, f"worker{n}")

    def stop(self):
        codes = {"api": self.api.stop()}
        codes.update({name: p.stop() for name, p in self.processes.items()})
        return codes


def test_production_flow(production_env, tmp_path, target):
    logs = tmp_path / "logs"
    topology = Topology(production_env, logs)
    try:
        api = topology.api
        health = api.http.get("/health").json()
        assert set(health["components"]) >= {"database", "redis", "rabbitmq"}
        created = api.http.post(
            "/api/monitors",
            json={"name": "target", "url": target.url("/switch"), "interval_seconds": 1},
        )
        assert created.status_code == 201, created.text
        monitor_id = created.json()["id"]
        eventually(lambda: api.monitor(monitor_id)["health"] == "UP", timeout=6)

        target.set_status(503)
        eventually(lambda: api.monitor(monitor_id)["consecutive_failures"] >= 3)
        assert api.monitor(monitor_id)["health"] == "DOWN"
        target.set_status(200)
        eventually(lambda: api.monitor(monitor_id)["health"] == "UP")

        # Redis restarted empty: the index is rebuilt, checking goes on, no false alert.
        client = redis.Redis.from_url(REDIS_URL)
        prefix = production_env["SENTINEL_REDIS_PREFIX"]
        client.delete(*client.scan_iter(match=f"{prefix}*"))
        client.close()
        hits = target.hits("/switch")
        eventually(lambda: target.hits("/switch") >= hits + 3, timeout=10)
        incidents = api.http.get(f"/api/monitors/{monitor_id}/incidents").json()
        assert len(incidents) == 1 and incidents[0]["ended_at"] is not None

        # A worker killed in the middle of a batch loses no check: RabbitMQ redelivers it.
        slow = api.http.post(
            "/api/monitors",
            json={
                "name": "slow",
                "url": target.url("/slow?ms=3000"),
                "interval_seconds": 60,
                "timeout_ms": 10000,
            },
        ).json()
        eventually(lambda: target.hits("/slow") >= 1, timeout=10)
        for name in ("worker0", "worker1"):
            topology.processes.pop(name).kill()
        topology.add_worker(2)
        eventually(lambda: target.hits("/slow") >= 2, timeout=20)  # redelivered, checked again
        eventually(lambda: api.http.get(f"/api/monitors/{slow['id']}/checks").json(), timeout=15)
        checks = api.http.get(f"/api/monitors/{monitor_id}/checks?limit=1000").json()
    finally:
        codes = topology.stop()
    assert all(code == 0 for code in codes.values()), codes

    rebuilt = Process(["projections", "rebuild", "--all"], production_env, logs, "rebuild")
    assert rebuilt.process.wait(timeout=60) == 0, rebuilt.log()
    rebuilt.stop()

    topology = Topology(production_env, logs, workers=1)
    try:
        again = topology.api.monitor(monitor_id)
        assert again["health"] == "UP" and again["name"] == "target"
        history = topology.api.http.get(f"/api/monitors/{monitor_id}/checks?limit=1000").json()
        assert len(history) >= len(checks)
        hits = target.hits("/switch")
        eventually(lambda: target.hits("/switch") >= hits + 2, timeout=10)
    finally:
        topology.stop()
