"""Which engine serves each hot-state and queue port: memory and an in-process queue by
default, Redis and RabbitMQ when their URLs are set."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from uptime_sentinel.adapters.memory.check_queue import InMemoryCheckQueue
from uptime_sentinel.adapters.memory.hot_state import InMemoryHealthCache, InMemoryScheduleIndex
from uptime_sentinel.adapters.memory.rate_limiter import InMemoryRateLimiter
from uptime_sentinel.adapters.memory.telemetry_buffer import InMemoryTelemetryBuffer
from uptime_sentinel.application.ports.check_queue import CheckQueue
from uptime_sentinel.settings import Settings


def hot_state(settings: Settings, health_checks: dict[str, Callable[[], None]]) -> dict[str, Any]:
    if not settings.redis_url:
        return {
            "buffer": InMemoryTelemetryBuffer(),
            "index": InMemoryScheduleIndex(),
            "health": InMemoryHealthCache(),
            "limiter": InMemoryRateLimiter(),
            "signal": None,  # one process: the projector is woken in-process
        }
    import redis

    from uptime_sentinel.adapters.redis import (
        RedisHealthCache,
        RedisRateLimiter,
        RedisRecordingSignal,
        RedisScheduleIndex,
        RedisTelemetryBuffer,
    )

    client = redis.Redis.from_url(settings.redis_url, socket_timeout=10, health_check_interval=30)
    health_checks["redis"] = lambda: require(client.ping(), "no PONG")
    prefix = settings.redis_prefix
    return {
        "buffer": RedisTelemetryBuffer(client, prefix),
        "index": RedisScheduleIndex(client, prefix),
        "health": RedisHealthCache(client, prefix),
        "limiter": RedisRateLimiter(client, prefix),
        "signal": RedisRecordingSignal(client, prefix),
    }


def check_queue(settings: Settings, health_checks: dict[str, Callable[[], None]]) -> CheckQueue:
    if not settings.amqp_url:
        return InMemoryCheckQueue()
    from uptime_sentinel.adapters.rabbitmq import PikaCheckQueue

    queue = PikaCheckQueue(settings.amqp_url, settings.queue_name, settings.worker_prefetch)
    health_checks["rabbitmq"] = lambda: require(queue.ping(timeout=2.0), "broker not answering")
    return queue


def require(ok: object, message: str) -> None:
    if not ok:
        raise ConnectionError(message)
