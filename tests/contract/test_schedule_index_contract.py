"""ScheduleIndex contract: the same scenarios on the in-memory and the Redis index."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
import redis

from tests.contract import redis_namespace
from tests.support.services import REDIS_URL, require_service
from uptime_sentinel.adapters.memory.hot_state import InMemoryScheduleIndex
from uptime_sentinel.adapters.redis import RedisScheduleIndex
from uptime_sentinel.application.ports.hot_state import ScheduleEntry, ScheduleIndex, next_due_after

T0 = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)  # microseconds on purpose


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture(params=["memory", "redis"])
def index(request: pytest.FixtureRequest) -> Iterator[ScheduleIndex]:
    if request.param == "memory":
        yield InMemoryScheduleIndex()
        return
    require_service("redis")
    with redis_namespace() as (client, prefix):
        yield RedisScheduleIndex(client, prefix)


def test_entries_round_trip_exactly(index: ScheduleIndex) -> None:
    a, b, unknown = uuid4(), uuid4(), uuid4()
    index.upsert({a: ScheduleEntry(at(0), 60), b: ScheduleEntry(at(0.000001), 5)})
    assert index.entries([a, b, unknown]) == {
        a: ScheduleEntry(at(0), 60),
        b: ScheduleEntry(at(0.000001), 5),
    }
    assert index.size() == 2


def test_claims_only_due_monitors_earliest_first_up_to_the_limit(index: ScheduleIndex) -> None:
    ids = [uuid4() for _ in range(4)]
    index.upsert({mid: ScheduleEntry(at(3 - i), 60) for i, mid in enumerate(ids)})  # 3,2,1,0
    index.upsert({uuid4(): ScheduleEntry(at(10), 60)})  # not due
    assert index.claim_due(at(2.5), limit=2) == [(ids[3], at(0)), (ids[2], at(1))]
    assert index.claim_due(at(2.5), limit=10) == [(ids[1], at(2))]
    assert index.claim_due(at(2.5), limit=10) == []
    assert index.claim_due(at(3), limit=0) == []


@pytest.mark.parametrize(
    ("due", "interval", "now", "expected"),
    [
        (0, 60, 0, 60),  # on time: one interval later
        (0, 60, 59.999999, 60),
        (0, 60, 60, 120),  # the next slot is already now: skip it
        (0, 10, 95, 100),  # scheduler was down: no burst of catch-up slots
        (0.5, 7, 1000, 1001.5),  # keeps the phase
    ],
)
def test_a_claim_moves_the_monitor_to_its_next_slot(
    index: ScheduleIndex, due: float, interval: int, now: float, expected: float
) -> None:
    mid = uuid4()
    index.upsert({mid: ScheduleEntry(at(due), interval)})
    assert index.claim_due(at(now), 10) == [(mid, at(due))]
    assert index.entries([mid]) == {mid: ScheduleEntry(at(expected), interval)}
    assert at(expected) == next_due_after(at(due), interval, at(now))


def test_rescoring_matches_next_due_after_on_random_schedules(index: ScheduleIndex) -> None:
    rnd = random.Random(20260301)
    schedule = {
        uuid4(): ScheduleEntry(at(rnd.uniform(-90_000, 0)), rnd.choice([1, 7, 30, 60, 86_400]))
        for _ in range(300)
    }
    index.upsert(schedule)
    now = at(rnd.uniform(0, 3))
    claimed = dict(index.claim_due(now, 1000))
    assert claimed == {mid: e.due_at for mid, e in schedule.items()}
    assert index.entries(schedule) == {
        mid: ScheduleEntry(next_due_after(e.due_at, e.interval_seconds, now), e.interval_seconds)
        for mid, e in schedule.items()
    }


def test_each_slot_is_claimed_once(index: ScheduleIndex) -> None:
    mid = uuid4()
    index.upsert({mid: ScheduleEntry(at(0), 10)})
    assert index.claim_due(at(0), 10) == [(mid, at(0))]
    assert index.claim_due(at(9.9), 10) == []
    assert index.claim_due(at(10), 10) == [(mid, at(10))]


def test_upsert_replaces_due_time_and_interval(index: ScheduleIndex) -> None:
    mid = uuid4()
    index.upsert({mid: ScheduleEntry(at(0), 10)})
    index.upsert({mid: ScheduleEntry(at(100), 30)})
    assert index.claim_due(at(50), 10) == []
    assert index.entries([mid]) == {mid: ScheduleEntry(at(100), 30)}
    assert index.size() == 1


def test_add_missing_leaves_indexed_monitors_alone(index: ScheduleIndex) -> None:
    known, new = uuid4(), uuid4()
    index.upsert({known: ScheduleEntry(at(0), 10)})
    index.claim_due(at(0), 10)  # another scheduler claimed it: now due at 10
    index.add_missing({known: ScheduleEntry(at(0), 60), new: ScheduleEntry(at(5), 30)})
    assert index.entries([known, new]) == {
        known: ScheduleEntry(at(10), 10),
        new: ScheduleEntry(at(5), 30),
    }


def test_set_interval_keeps_the_due_time_and_ignores_unindexed(index: ScheduleIndex) -> None:
    mid, stranger = uuid4(), uuid4()
    index.upsert({mid: ScheduleEntry(at(0), 10)})
    index.set_interval({mid: 300, stranger: 5})
    assert index.entries([mid, stranger]) == {mid: ScheduleEntry(at(0), 300)}
    assert index.size() == 1
    index.claim_due(at(1), 10)
    assert index.entries([mid]) == {mid: ScheduleEntry(at(300), 300)}


def test_removed_monitors_are_never_claimed(index: ScheduleIndex) -> None:
    kept, gone = uuid4(), uuid4()
    index.upsert({kept: ScheduleEntry(at(0), 10), gone: ScheduleEntry(at(0), 10)})
    index.remove([gone, uuid4()])
    assert index.claim_due(at(1), 10) == [(kept, at(0))]
    assert index.entries([gone]) == {}
    assert index.size() == 1


def test_clear_empties_the_index(index: ScheduleIndex) -> None:
    index.upsert({uuid4(): ScheduleEntry(at(0), 10) for _ in range(3)})
    index.clear()
    assert index.size() == 0
    assert index.claim_due(at(100), 10) == []


def test_two_redis_schedulers_never_claim_the_same_slot() -> None:
    require_service("redis")
    with redis_namespace() as (client, prefix):
        other_client: redis.Redis = redis.Redis.from_url(REDIS_URL)
        first, second = RedisScheduleIndex(client, prefix), RedisScheduleIndex(other_client, prefix)
        first.upsert({uuid4(): ScheduleEntry(at(i * 0.003), 1 + i % 3) for i in range(2000)})
        ticks = [at(0.25 * k) for k in range(24)]
        start = threading.Barrier(2, timeout=10)
        claims: dict[str, list[tuple[UUID, datetime]]] = {"first": [], "second": []}

        def schedule(name: str, index: RedisScheduleIndex) -> None:
            start.wait()
            for now in ticks:
                while batch := index.claim_due(now, 17):
                    claims[name].extend(batch)

        threads = [
            threading.Thread(target=schedule, args=("first", first)),
            threading.Thread(target=schedule, args=("second", second)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        other_client.close()
        assert not any(t.is_alive() for t in threads)
        everything = claims["first"] + claims["second"]
        assert claims["first"] and claims["second"], "both schedulers should have taken part"
        assert len(everything) == len(set(everything)), "a slot was claimed twice"
        assert len(everything) >= 2000
