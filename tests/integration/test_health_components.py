"""GET /health names each configured engine and answers 503 when one is down."""

import pytest
from litestar.testing import TestClient

from tests.support.http_target import refused_port
from tests.support.mysql import scratch_mysql_url
from tests.support.services import AMQP_URL, REDIS_URL, require_service
from uptime_sentinel.bootstrap import bootstrap
from uptime_sentinel.entrypoints.api import create_app
from uptime_sentinel.settings import Settings


def health(settings):
    container = bootstrap(settings)
    try:
        with TestClient(create_app(container)) as client:
            return client.get("/health")
    finally:
        container.close()


def test_all_engines_up(tmp_path):
    require_service("redis")
    require_service("rabbitmq")
    answer = health(Settings(data_dir=tmp_path, redis_url=REDIS_URL, amqp_url=AMQP_URL))
    assert answer.status_code == 200, answer.text
    components = answer.json()["components"]
    assert {n: c["status"] for n, c in components.items()} == {
        "database": "up",
        "redis": "up",
        "rabbitmq": "up",
    }


def test_engines_down_answer_503_and_say_which(tmp_path):
    down = f"127.0.0.1:{refused_port()}"
    answer = health(
        Settings(
            data_dir=tmp_path,
            redis_url=f"redis://{down}/0",
            amqp_url=f"amqp://guest:guest@{down}/%2F",
        )
    )
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "degraded"
    assert body["components"]["database"]["status"] == "up"
    assert body["components"]["redis"]["status"] == "down"
    assert body["components"]["rabbitmq"]["status"] == "down"


def test_a_server_database_without_a_cipher_key_is_refused(tmp_path):
    with scratch_mysql_url() as url, pytest.raises(ValueError, match="SENTINEL_CIPHER_KEY"):
        bootstrap(Settings(data_dir=tmp_path, database_url=url))
