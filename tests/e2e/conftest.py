"""The API over a real embedded container (SQLite in a temp dir) with its projector running
in a thread, as `serve` runs it; no scheduler or worker, so tests feed checks directly."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from uptime_sentinel.bootstrap import Container, bootstrap
from uptime_sentinel.entrypoints.api import create_app
from uptime_sentinel.settings import Settings

HEALTH_TIMEOUT = 0.3

Json = dict[str, Any]


@pytest.fixture
def container(tmp_path: Path) -> Iterator[Container]:
    container = bootstrap(Settings(data_dir=tmp_path))
    stop = threading.Event()
    projector = threading.Thread(target=container.projector.run, args=(stop,), daemon=True)
    projector.start()
    container.projector_in_process = True
    yield container
    stop.set()
    container.projector.wake()
    projector.join(timeout=5)
    container.close()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(container, health_timeout=HEALTH_TIMEOUT)) as client:
        yield client


@pytest.fixture
def create_monitor(client: TestClient[Litestar]) -> Callable[..., Json]:
    def create(**fields: Any) -> Json:
        body = {"name": "example", "url": "https://example.com/health", **fields}
        response = client.post("/api/monitors", json=body)
        assert response.status_code == 201, response.text
        monitor: Json = response.json()
        return monitor

    return create


def settle(container: Container) -> None:
    """Wait until the read models have every event recorded so far (events recorded
    outside the API, such as check results fed straight to the use case)."""
    assert container.wait_for_views(container.monitoring.recorder.max_notification_id() or 0)


def parse_time(value: str) -> datetime:
    """The API's times are UTC with an explicit offset; anything else fails here."""
    assert value.endswith(("Z", "+00:00")), value
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert parsed.utcoffset() == UTC.utcoffset(None)
    return parsed
