"""Each monitor's health in one Redis HASH, written through by every worker."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from uuid import UUID

import redis

from uptime_sentinel.domain.health import Health, HealthState


def encode_state(state: HealthState) -> str:
    return f"{state.health.value}:{state.consecutive_failures}"


def decode_state(raw: bytes | str) -> HealthState | None:
    """None for a value we cannot read: a miss makes the caller load the aggregate, which is
    always safe, whereas a guess could raise a false alert."""
    text = raw.decode() if isinstance(raw, bytes) else raw
    health, _, failures = text.partition(":")
    try:
        return HealthState(Health(health), int(failures))
    except ValueError:
        return None


class RedisHealthCache:
    """HealthCache on a HASH of monitor id -> compact "DOWN:3"."""

    def __init__(self, client: redis.Redis, prefix: str = "sentinel:") -> None:
        self._redis = client
        self._key = f"{prefix}health"

    def get_many(self, monitor_ids: Iterable[UUID]) -> dict[UUID, HealthState]:
        ids = list(dict.fromkeys(monitor_ids))
        if not ids:
            return {}
        found: dict[UUID, HealthState] = {}
        for mid, raw in zip(ids, self._redis.hmget(self._key, [str(m) for m in ids]), strict=True):
            state = decode_state(raw) if raw is not None else None
            if state is not None:
                found[mid] = state
        return found

    def set_many(self, states: Mapping[UUID, HealthState]) -> None:
        if states:
            self._redis.hset(
                self._key, mapping={str(m): encode_state(s) for m, s in states.items()}
            )

    def forget(self, monitor_ids: Iterable[UUID]) -> None:
        fields = [str(m) for m in monitor_ids]
        if fields:
            self._redis.hdel(self._key, *fields)
