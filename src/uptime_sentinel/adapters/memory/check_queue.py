from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Sequence

from uptime_sentinel.application.ports.check_queue import MAX_ATTEMPTS, CheckBatch, Delivery


class InMemoryCheckQueue:
    """The embedded broker: a thread-safe queue with the same attempt/failure semantics."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Delivery] = queue.Queue()
        self._tags = itertools.count(1)
        self._lock = threading.Lock()
        self._unacked: dict[object, Delivery] = {}
        self.failed: list[Delivery] = []

    def publish(self, batches: Sequence[CheckBatch]) -> None:
        for batch in batches:
            self._queue.put(Delivery(batch, next(self._tags)))

    def get(self, timeout: float) -> Delivery | None:
        try:
            delivery = self._queue.get(timeout=timeout)
        except queue.Empty:
            return None
        with self._lock:
            self._unacked[delivery.tag] = delivery
        return delivery

    def ack(self, delivery: Delivery) -> None:
        with self._lock:
            self._unacked.pop(delivery.tag, None)

    def fail(self, delivery: Delivery, reason: str) -> None:
        with self._lock:
            self._unacked.pop(delivery.tag, None)
        errors = [*delivery.errors, reason]
        if delivery.attempt >= MAX_ATTEMPTS:
            self.failed.append(Delivery(delivery.batch, delivery.tag, delivery.attempt, errors))
        else:
            retry = Delivery(delivery.batch, next(self._tags), delivery.attempt + 1, errors)
            self._queue.put(retry)

    def depth(self) -> int:
        return self._queue.qsize()

    def close(self) -> None:
        pass
