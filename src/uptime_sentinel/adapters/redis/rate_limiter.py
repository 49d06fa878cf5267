"""A sliding-window rate limiter shared by every process (notifications per channel, …)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import redis

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# A ZSET per key of admitted events scored by time: drop those out of the window, admit if
# fewer than the limit remain. The key expires with the window, so idle keys cost nothing.
_ALLOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""


class RedisRateLimiter:
    """At most `limit` events per `window_seconds` for a key, counted over a sliding window
    (no burst at a fixed window's edge). A refused event is not counted."""

    def __init__(self, client: redis.Redis, prefix: str = "sentinel:") -> None:
        self._prefix = f"{prefix}ratelimit:"
        self._allow = client.register_script(_ALLOW)

    def allow(self, key: str, limit: int, window_seconds: float, now: datetime) -> bool:
        if limit < 1:
            return False
        now_ms = (now - _EPOCH) // timedelta(milliseconds=1)
        window_ms = max(1, int(window_seconds * 1000))
        member = f"{now_ms}:{os.urandom(6).hex()}"  # two events in one ms are two members
        admitted = self._allow(keys=[self._prefix + key], args=[now_ms, window_ms, limit, member])
        return bool(admitted)
