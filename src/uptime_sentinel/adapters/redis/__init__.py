"""Redis adapters: hot state, telemetry buffer and rate limits shared by every process."""

from uptime_sentinel.adapters.redis.health_cache import RedisHealthCache
from uptime_sentinel.adapters.redis.rate_limiter import RedisRateLimiter
from uptime_sentinel.adapters.redis.recording_signal import RedisRecordingSignal
from uptime_sentinel.adapters.redis.schedule_index import RedisScheduleIndex
from uptime_sentinel.adapters.redis.telemetry_buffer import RedisTelemetryBuffer

__all__ = [
    "RedisHealthCache",
    "RedisRateLimiter",
    "RedisRecordingSignal",
    "RedisScheduleIndex",
    "RedisTelemetryBuffer",
]
