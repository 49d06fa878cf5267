"""Contract tests: each port's scenarios run against its in-memory fake and its real adapter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import redis

from tests.support.services import REDIS_URL


@contextmanager
def redis_namespace() -> Iterator[tuple[redis.Redis, str]]:
    """A client on the test database and a key prefix of its own, deleted afterwards: tests
    never flush what other tests (or people) keep in the same database."""
    client: redis.Redis = redis.Redis.from_url(REDIS_URL)
    prefix = f"test:{uuid4().hex}:"
    try:
        yield client, prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
