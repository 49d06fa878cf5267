"""Real services for integration tests: skip when absent on a developer machine, fail under CI."""

from __future__ import annotations

import os
import socket

import pytest

MYSQL_URL = os.environ.get("TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")

_PORTS = {"mysql": 3306, "redis": 6379, "rabbitmq": 5672}


def _answering(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str) -> None:
    """Skip the test when the service is genuinely absent, unless CI is set: then fail."""
    if _answering(_PORTS[name]):
        return
    message = f"{name} is not answering on 127.0.0.1:{_PORTS[name]}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set: a missing service is a failure)")
    pytest.skip(message)
