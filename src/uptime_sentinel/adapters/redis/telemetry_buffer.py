"""The telemetry buffer in Redis: workers push, ingestors take leases, nothing is lost to a crash.

Keys (one hash tag, so the scripts also run on Redis Cluster):
  {telemetry}:pending        LIST of msgpack results, oldest at the head
  {telemetry}:leases         ZSET lease id -> taken at (epoch ms)
  {telemetry}:lease:<id>     LIST of the results a lease holds
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

import msgspec
import redis

from uptime_sentinel.application.ports.telemetry import BufferedBatch
from uptime_sentinel.domain.check import CheckResult


class _Row(msgspec.Struct, array_like=True):
    monitor_id: UUID
    checked_at: datetime
    latency_ms: float
    status_code: int | None = None
    error: str | None = None


_encoder = msgspec.msgpack.Encoder(uuid_format="bytes")
_decoder = msgspec.msgpack.Decoder(_Row)


def encode_result(result: CheckResult) -> bytes:
    return _encoder.encode(
        _Row(
            result.monitor_id,
            result.checked_at,
            result.latency_ms,
            result.status_code,
            result.error,
        )
    )


def decode_result(raw: bytes) -> CheckResult:
    row = _decoder.decode(raw)
    return CheckResult(row.monitor_id, row.checked_at, row.latency_ms, row.status_code, row.error)


# LMOVE RIGHT->LEFT one by one gives a lease back at the head in its original order.
_GIVE_BACK = """
local function give_back(lease_key)
  while redis.call('LMOVE', lease_key, KEYS[1], 'RIGHT', 'LEFT') do end
end
"""

# Reclaims expired leases (newest first, so the oldest ends at the very head), then leases up
# to ARGV[3] results. RPUSH in chunks: Lua's unpack() is bounded by the C stack.
_TAKE = (
    _GIVE_BACK
    + """
local expired = redis.call('ZREVRANGEBYSCORE', KEYS[2], ARGV[2], '-inf')
for _, id in ipairs(expired) do
  give_back(ARGV[5] .. id)
  redis.call('ZREM', KEYS[2], id)
end
local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1)
if #items == 0 then return items end
redis.call('LTRIM', KEYS[1], #items, -1)
local lease = ARGV[5] .. ARGV[4]
for i = 1, #items, 1000 do
  redis.call('RPUSH', lease, unpack(items, i, math.min(i + 999, #items)))
end
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[4])
return items
"""
)

# Only a lease still held is given back: a reclaimed one is already pending again.
_RELEASE = (
    _GIVE_BACK
    + """
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then give_back(KEYS[3]) end
return 0
"""
)

_SIZE = """
local n = redis.call('LLEN', KEYS[1])
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  n = n + redis.call('LLEN', ARGV[1] .. id)
end
return n
"""


class RedisTelemetryBuffer:
    """TelemetryBuffer on Redis lists with leases.

    `take` moves results into a lease of its own; `commit` drops the lease, `release` puts its
    results back at the head. A lease older than `visibility_timeout` belongs to an ingestor
    presumed dead: the next `take` (by anyone) puts its results back first, so a crash loses
    nothing. A slow but living ingestor may then see its results stored twice; that is
    acceptable only because the telemetry store ignores a result already stored (same
    monitor_id and checked_at), so at-least-once here is exactly-once in the store.

    `clock` returns epoch seconds (injectable so tests expire leases without sleeping); the
    client must keep the default `decode_responses=False`, results are binary msgpack.
    """

    def __init__(
        self,
        client: redis.Redis,
        prefix: str = "sentinel:",
        visibility_timeout: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if client.connection_pool.connection_kwargs.get("decode_responses"):
            raise ValueError("RedisTelemetryBuffer needs a client with decode_responses=False")
        self._redis = client
        self._visibility_ms = int(visibility_timeout * 1000)
        self._clock = clock
        self._pending = f"{prefix}{{telemetry}}:pending"
        self._leases = f"{prefix}{{telemetry}}:leases"
        self._lease_prefix = f"{prefix}{{telemetry}}:lease:"
        self._take = client.register_script(_TAKE)
        self._release = client.register_script(_RELEASE)
        self._size = client.register_script(_SIZE)

    def push(self, results: Sequence[CheckResult]) -> None:
        if not results:
            return
        pipe = self._redis.pipeline(transaction=False)
        for start in range(0, len(results), 1000):
            pipe.rpush(self._pending, *(encode_result(r) for r in results[start : start + 1000]))
        pipe.execute()

    def take(self, max_results: int) -> BufferedBatch | None:
        if max_results < 1:
            raise ValueError("max_results must be at least 1")
        now_ms = int(self._clock() * 1000)
        lease_id = uuid.uuid4().hex
        raw = self._take(
            keys=[self._pending, self._leases],
            args=[now_ms, now_ms - self._visibility_ms, max_results, lease_id, self._lease_prefix],
        )
        if not raw:
            return None
        return BufferedBatch(tuple(decode_result(item) for item in raw), lease_id)

    def commit(self, batch: BufferedBatch) -> None:
        pipe = self._redis.pipeline(transaction=True)
        pipe.delete(self._lease_key(batch))
        pipe.zrem(self._leases, str(batch.token))
        pipe.execute()

    def release(self, batch: BufferedBatch) -> None:
        self._release(
            keys=[self._pending, self._leases, self._lease_key(batch)], args=[str(batch.token)]
        )

    def size(self) -> int:
        return int(self._size(keys=[self._pending, self._leases], args=[self._lease_prefix]))

    def _lease_key(self, batch: BufferedBatch) -> str:
        return f"{self._lease_prefix}{batch.token}"
