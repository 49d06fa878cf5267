"""RateLimiter contract: in memory and on Redis."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.contract import redis_namespace
from tests.support.services import require_service
from uptime_sentinel.adapters.memory.rate_limiter import InMemoryRateLimiter
from uptime_sentinel.adapters.redis import RedisRateLimiter
from uptime_sentinel.application.ports.rate_limiter import RateLimiter

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(params=["memory", "redis"])
def limiter(request: pytest.FixtureRequest) -> Iterator[RateLimiter]:
    if request.param == "memory":
        yield InMemoryRateLimiter()
        return
    require_service("redis")
    with redis_namespace() as (client, prefix):
        yield RedisRateLimiter(client, prefix)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_admits_up_to_the_limit_per_window(limiter: RateLimiter) -> None:
    assert [limiter.allow("c", 3, 60, at(s)) for s in (0, 1, 2, 3)] == [True, True, True, False]
    assert not limiter.allow("c", 3, 60, at(59.9))
    assert limiter.allow("c", 3, 60, at(60.5))  # the first one left the window


def test_refusals_are_not_counted(limiter: RateLimiter) -> None:
    assert limiter.allow("c", 1, 10, at(0))
    for s in range(1, 10):
        assert not limiter.allow("c", 1, 10, at(s))
    assert limiter.allow("c", 1, 10, at(10.5))


def test_keys_are_independent_and_zero_admits_nothing(limiter: RateLimiter) -> None:
    assert limiter.allow("a", 1, 60, at(0))
    assert limiter.allow("b", 1, 60, at(0))
    assert not limiter.allow("z", 0, 60, at(0))
