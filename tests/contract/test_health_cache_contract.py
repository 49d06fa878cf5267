"""HealthCache contract: the same scenarios on the in-memory and the Redis cache."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest

from tests.contract import redis_namespace
from tests.support.services import require_service
from uptime_sentinel.adapters.memory.hot_state import InMemoryHealthCache
from uptime_sentinel.adapters.redis import RedisHealthCache
from uptime_sentinel.application.ports.hot_state import HealthCache
from uptime_sentinel.domain.health import Health, HealthState


@pytest.fixture(params=["memory", "redis"])
def cache(request: pytest.FixtureRequest) -> Iterator[HealthCache]:
    if request.param == "memory":
        yield InMemoryHealthCache()
        return
    require_service("redis")
    with redis_namespace() as (client, prefix):
        yield RedisHealthCache(client, prefix)


def test_unknown_monitors_are_misses(cache: HealthCache) -> None:
    assert cache.get_many([uuid4(), uuid4()]) == {}
    assert cache.get_many([]) == {}


def test_states_round_trip(cache: HealthCache) -> None:
    states = {
        uuid4(): HealthState(Health.UP, 0),
        uuid4(): HealthState(Health.DOWN, 12),
        uuid4(): HealthState(Health.UNKNOWN, 1),
    }
    cache.set_many(states)
    assert cache.get_many([*states, uuid4()]) == states


def test_set_overwrites(cache: HealthCache) -> None:
    mid = uuid4()
    cache.set_many({mid: HealthState(Health.DOWN, 3)})
    cache.set_many({mid: HealthState(Health.UP, 0)})
    assert cache.get_many([mid, mid]) == {mid: HealthState(Health.UP, 0)}


def test_forget_removes_only_the_given_monitors(cache: HealthCache) -> None:
    kept, gone = uuid4(), uuid4()
    cache.set_many({kept: HealthState(Health.UP, 0), gone: HealthState(Health.DOWN, 1)})
    cache.forget([gone, uuid4()])
    cache.forget([])
    assert cache.get_many([kept, gone]) == {kept: HealthState(Health.UP, 0)}


def test_redis_treats_an_unreadable_value_as_a_miss() -> None:
    require_service("redis")
    with redis_namespace() as (client, prefix):
        cache = RedisHealthCache(client, prefix)
        mid = uuid4()
        client.hset(f"{prefix}health", str(mid), "SIDEWAYS:x")
        assert cache.get_many([mid]) == {}
