from __future__ import annotations

import threading
from collections import defaultdict, deque
from datetime import datetime, timedelta


class InMemoryRateLimiter:
    """Sliding windows of admitted times per key, for one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._admitted: defaultdict[str, deque[datetime]] = defaultdict(deque)

    def allow(self, key: str, limit: int, window_seconds: float, now: datetime) -> bool:
        if limit < 1:
            return False
        with self._lock:
            times = self._admitted[key]
            oldest = now - timedelta(seconds=window_seconds)
            while times and times[0] <= oldest:
                times.popleft()
            if len(times) >= limit:
                return False
            times.append(now)
            return True
