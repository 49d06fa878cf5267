from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Sequence

from uptime_sentinel.application.ports.telemetry import BufferedBatch
from uptime_sentinel.domain.check import CheckResult


class InMemoryTelemetryBuffer:
    """A deque with leases: taken results stay leased until committed or released."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: deque[CheckResult] = deque()
        self._leased: dict[int, tuple[CheckResult, ...]] = {}
        self._tokens = itertools.count()

    def push(self, results: Sequence[CheckResult]) -> None:
        with self._lock:
            self._pending.extend(results)

    def take(self, max_results: int) -> BufferedBatch | None:
        with self._lock:
            if not self._pending:
                return None
            count = min(max_results, len(self._pending))
            results = tuple(self._pending.popleft() for _ in range(count))
            token = next(self._tokens)
            self._leased[token] = results
            return BufferedBatch(results, token)

    def commit(self, batch: BufferedBatch) -> None:
        with self._lock:
            self._leased.pop(batch.token, None)  # type: ignore[call-overload]

    def release(self, batch: BufferedBatch) -> None:
        with self._lock:
            results = self._leased.pop(batch.token, None)  # type: ignore[call-overload]
            if results:
                self._pending.extendleft(reversed(results))

    def size(self) -> int:
        with self._lock:
            return len(self._pending) + sum(len(r) for r in self._leased.values())
