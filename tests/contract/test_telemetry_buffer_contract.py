"""TelemetryBuffer contract: the same scenarios on the in-memory and the Redis buffer, then the
Redis buffer's crash recovery (expired leases), with an injected clock instead of sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from tests.contract import redis_namespace
from tests.support.services import require_service
from uptime_sentinel.adapters.memory.telemetry_buffer import InMemoryTelemetryBuffer
from uptime_sentinel.adapters.redis import RedisTelemetryBuffer
from uptime_sentinel.application.ports.telemetry import TelemetryBuffer
from uptime_sentinel.domain.check import CheckResult

T0 = datetime(2026, 3, 1, 12, 0, 0, 654321, tzinfo=UTC)


def results(count: int, start: int = 0) -> list[CheckResult]:
    return [
        CheckResult(uuid4(), T0 + timedelta(milliseconds=i), 12.5 + i, 200)
        for i in range(start, start + count)
    ]


class Seconds:
    """An epoch-seconds clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "redis"])
def buffer(request: pytest.FixtureRequest) -> Iterator[TelemetryBuffer]:
    if request.param == "memory":
        yield InMemoryTelemetryBuffer()
        return
    require_service("redis")
    with redis_namespace() as (client, prefix):
        yield RedisTelemetryBuffer(client, prefix)


def test_an_empty_buffer_has_nothing_to_take(buffer: TelemetryBuffer) -> None:
    assert buffer.take(10) is None
    assert buffer.size() == 0


def test_results_round_trip_in_order(buffer: TelemetryBuffer) -> None:
    pushed = [
        CheckResult(uuid4(), T0, 0.25, 204),
        CheckResult(uuid4(), T0, 5000.0, None, "timeout after 5000 ms"),
        CheckResult(uuid4(), T0 + timedelta(microseconds=1), 3.0, 503, None),
        CheckResult(uuid4(), T0, 1.0, None, "TLS: certificate expired ✗"),
    ]
    buffer.push(pushed)
    batch = buffer.take(10)
    assert batch is not None
    assert list(batch.results) == pushed


def test_take_leases_at_most_max_results_fifo(buffer: TelemetryBuffer) -> None:
    pushed = results(5)
    buffer.push(pushed[:3])
    buffer.push(pushed[3:])
    first, second = buffer.take(2), buffer.take(10)
    assert first is not None and second is not None
    assert list(first.results) == pushed[:2]
    assert list(second.results) == pushed[2:]
    assert buffer.take(10) is None


def test_size_counts_pending_and_leased(buffer: TelemetryBuffer) -> None:
    buffer.push(results(5))
    batch = buffer.take(3)
    assert batch is not None
    assert buffer.size() == 5
    buffer.commit(batch)
    assert buffer.size() == 2


def test_commit_drops_the_lease_for_good(buffer: TelemetryBuffer) -> None:
    buffer.push(results(3))
    batch = buffer.take(3)
    assert batch is not None
    buffer.commit(batch)
    buffer.commit(batch)  # idempotent
    assert buffer.take(10) is None
    assert buffer.size() == 0


def test_release_gives_the_results_back_first_in_order(buffer: TelemetryBuffer) -> None:
    early, late = results(3), results(2, start=3)
    buffer.push(early)
    batch = buffer.take(3)
    assert batch is not None
    buffer.push(late)
    buffer.release(batch)
    buffer.release(batch)  # a second release gives nothing back twice
    assert buffer.size() == 5
    again = buffer.take(10)
    assert again is not None
    assert list(again.results) == early + late


def test_leases_are_independent(buffer: TelemetryBuffer) -> None:
    pushed = results(4)
    buffer.push(pushed)
    a, b = buffer.take(2), buffer.take(2)
    assert a is not None and b is not None
    buffer.release(b)
    buffer.commit(a)
    rest = buffer.take(10)
    assert rest is not None
    assert list(rest.results) == pushed[2:]


def test_large_batches(buffer: TelemetryBuffer) -> None:
    pushed = results(2500)
    buffer.push(pushed)
    batch = buffer.take(2100)
    assert batch is not None
    assert list(batch.results) == pushed[:2100]
    buffer.release(batch)
    assert buffer.size() == 2500


@pytest.fixture
def two_ingestors() -> Iterator[tuple[RedisTelemetryBuffer, RedisTelemetryBuffer, Seconds]]:
    """Two ingestors on one buffer, sharing a clock: the first plays the one that crashes."""
    require_service("redis")
    clock = Seconds()
    with redis_namespace() as (client, prefix):
        yield (
            RedisTelemetryBuffer(client, prefix, visibility_timeout=60, clock=clock),
            RedisTelemetryBuffer(client, prefix, visibility_timeout=60, clock=clock),
            clock,
        )


def test_an_expired_lease_is_reclaimed_by_the_next_take(two_ingestors) -> None:
    crashed, survivor, clock = two_ingestors
    pushed = results(3)
    crashed.push(pushed)
    assert crashed.take(2) is not None  # then the ingestor dies without commit or release
    clock.now += 61
    reclaimed = survivor.take(10)
    assert reclaimed is not None
    assert list(reclaimed.results) == pushed  # the crashed lease first, in order
    survivor.commit(reclaimed)
    assert survivor.size() == 0


def test_a_live_lease_is_not_reclaimed(two_ingestors) -> None:
    slow, other, clock = two_ingestors
    pushed = results(3)
    slow.push(pushed)
    lease = slow.take(2)
    assert lease is not None
    clock.now += 59
    rest = other.take(10)
    assert rest is not None
    assert list(rest.results) == pushed[2:]
    assert other.size() == 3


def test_a_late_commit_or_release_after_reclaim_neither_loses_nor_duplicates(
    two_ingestors,
) -> None:
    slow, survivor, clock = two_ingestors
    pushed = results(2)
    slow.push(pushed)
    stale = slow.take(2)
    assert stale is not None
    clock.now += 61
    current = survivor.take(10)
    assert current is not None and list(current.results) == pushed
    slow.commit(stale)  # must not drop the survivor's lease
    slow.release(stale)  # must not put the results back a second time
    assert survivor.size() == 2
    survivor.commit(current)
    assert survivor.size() == 0
