from __future__ import annotations

from datetime import datetime
from typing import Protocol


class RateLimiter(Protocol):
    """At most `limit` events per sliding window for a key, shared by every process that
    uses the same limiter. A refused event is not counted."""

    def allow(self, key: str, limit: int, window_seconds: float, now: datetime) -> bool: ...
