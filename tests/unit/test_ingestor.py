from datetime import UTC, datetime
from uuid import uuid4

import pytest

from uptime_sentinel.adapters.memory.telemetry_buffer import InMemoryTelemetryBuffer
from uptime_sentinel.application.ingestor import Ingestor
from uptime_sentinel.domain.check import CheckResult


class ListStore:
    def __init__(self, fail=False):
        self.batches, self.fail = [], fail

    def write(self, results):
        if self.fail:
            raise ConnectionError("database down")
        self.batches.append(list(results))


def results(n):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return [CheckResult(uuid4(), now, 1.0, 200) for _ in range(n)]


def test_drains_in_bulk_batches():
    buffer, store = InMemoryTelemetryBuffer(), ListStore()
    buffer.push(results(2500))
    assert Ingestor(buffer, store).drain() == 2500
    assert [len(b) for b in store.batches] == [1000, 1000, 500]
    assert buffer.size() == 0


def test_failed_write_loses_nothing():
    buffer = InMemoryTelemetryBuffer()
    pushed = results(10)
    buffer.push(pushed)
    with pytest.raises(ConnectionError):
        Ingestor(buffer, ListStore(fail=True)).drain()
    store = ListStore()
    Ingestor(buffer, store).drain()
    assert store.batches == [pushed]
