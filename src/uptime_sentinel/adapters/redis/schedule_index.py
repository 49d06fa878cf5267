"""The schedule index in Redis, shared by every scheduler process.

A ZSET holds each monitor's due time (score) and a HASH its interval. Scores are epoch
*microseconds*, not milliseconds: integers below 2**53 are exact in a double until the year
2255, so due times round-trip exactly like the in-memory index and the Lua re-scoring does the
same integer math as `next_due_after`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from uuid import UUID

import redis

from uptime_sentinel.application.ports.hot_state import ScheduleEntry

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# Pops due members earliest first and re-scores each in the same script, so two schedulers
# never both claim a slot: Redis runs a script alone. The missed-slot count is computed in
# doubles, then corrected by one step either way to stay exact.
# Numbers are handed to redis.call as numbers (Redis formats them with 17 digits); never
# tostring() them, which in Lua 5.1 keeps only 14.
_CLAIM_DUE = """
local now = tonumber(ARGV[1])
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, ARGV[2])
local out = {}
for i = 1, #due, 2 do
  local id, at = due[i], tonumber(due[i + 1])
  local interval = redis.call('HGET', KEYS[2], id)
  if interval then
    local step = tonumber(interval) * 1000000
    local nxt = at + step
    if nxt <= now then
      local missed = math.floor((now - nxt) / step)
      if missed * step > now - nxt then missed = missed - 1 end
      if (missed + 1) * step <= now - nxt then missed = missed + 1 end
      nxt = nxt + step * (missed + 1)
    end
    redis.call('ZADD', KEYS[1], nxt, id)
    out[#out + 1] = id
    out[#out + 1] = at
  else
    redis.call('ZREM', KEYS[1], id) -- no interval: not a monitor we can schedule
  end
end
return out
"""

# Only monitors already indexed get a new interval, as the port says.
_SET_INTERVAL = """
for i = 1, #ARGV, 2 do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  end
end
return 0
"""


def to_epoch_us(moment: datetime) -> int:
    """Exact integer microseconds; a naive datetime raises TypeError rather than guess a zone."""
    return (moment - _EPOCH) // _MICROSECOND


def from_epoch_us(value: int | float | bytes | str) -> datetime:
    return _EPOCH + timedelta(microseconds=int(float(value)))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _check_interval(interval_seconds: int) -> None:
    if interval_seconds < 1:
        raise ValueError(f"interval must be at least 1 second, got {interval_seconds}")


class RedisScheduleIndex:
    """ScheduleIndex on a ZSET of due times and a HASH of intervals (same hash tag, so the
    claim script also runs on Redis Cluster)."""

    def __init__(self, client: redis.Redis, prefix: str = "sentinel:") -> None:
        self._redis = client
        self._due_key = f"{prefix}{{schedule}}:due"
        self._interval_key = f"{prefix}{{schedule}}:interval"
        self._claim = client.register_script(_CLAIM_DUE)
        self._set_interval = client.register_script(_SET_INTERVAL)

    def upsert(self, entries: Mapping[UUID, ScheduleEntry]) -> None:
        if not entries:
            return
        for entry in entries.values():
            _check_interval(entry.interval_seconds)
        pipe = self._redis.pipeline(transaction=True)
        pipe.zadd(self._due_key, {str(m): to_epoch_us(e.due_at) for m, e in entries.items()})
        pipe.hset(
            self._interval_key,
            mapping={str(m): e.interval_seconds for m, e in entries.items()},
        )
        pipe.execute()

    def add_missing(self, entries: Mapping[UUID, ScheduleEntry]) -> None:
        """ZADD NX and HSETNX: a monitor another scheduler already indexed (and perhaps
        claimed) keeps its due time."""
        if not entries:
            return
        for entry in entries.values():
            _check_interval(entry.interval_seconds)
        pipe = self._redis.pipeline(transaction=True)
        pipe.zadd(
            self._due_key, {str(m): to_epoch_us(e.due_at) for m, e in entries.items()}, nx=True
        )
        for m, e in entries.items():
            pipe.hsetnx(self._interval_key, str(m), e.interval_seconds)
        pipe.execute()

    def set_interval(self, intervals: Mapping[UUID, int]) -> None:
        if not intervals:
            return
        args: list[str | int] = []
        for mid, interval in intervals.items():
            _check_interval(interval)
            args += [str(mid), interval]
        self._set_interval(keys=[self._due_key, self._interval_key], args=args)

    def remove(self, monitor_ids: Iterable[UUID]) -> None:
        members = [str(m) for m in monitor_ids]
        if not members:
            return
        pipe = self._redis.pipeline(transaction=True)
        pipe.zrem(self._due_key, *members)
        pipe.hdel(self._interval_key, *members)
        pipe.execute()

    def claim_due(self, now: datetime, limit: int) -> list[tuple[UUID, datetime]]:
        if limit < 1:
            return []
        flat = self._claim(keys=[self._due_key, self._interval_key], args=[to_epoch_us(now), limit])
        return [(UUID(_text(flat[i])), from_epoch_us(flat[i + 1])) for i in range(0, len(flat), 2)]

    def entries(self, monitor_ids: Iterable[UUID]) -> dict[UUID, ScheduleEntry]:
        ids = list(dict.fromkeys(monitor_ids))
        if not ids:
            return {}
        members = [str(m) for m in ids]
        pipe = self._redis.pipeline(transaction=True)
        for member in members:
            pipe.zscore(self._due_key, member)
        pipe.hmget(self._interval_key, members)
        *scores, intervals = pipe.execute()
        return {
            mid: ScheduleEntry(from_epoch_us(score), int(interval))
            for mid, score, interval in zip(ids, scores, intervals, strict=True)
            if score is not None and interval is not None
        }

    def size(self) -> int:
        return int(self._redis.zcard(self._due_key))

    def clear(self) -> None:
        self._redis.delete(self._due_key, self._interval_key)
