"""In-process hot state for the embedded runtime: one process, so a lock is coordination enough."""

from __future__ import annotations

import heapq
import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from uuid import UUID

from uptime_sentinel.application.ports.hot_state import ScheduleEntry, next_due_after
from uptime_sentinel.domain.health import HealthState


class InMemoryHealthCache:
    def __init__(self) -> None:
        self._states: dict[UUID, HealthState] = {}

    def get_many(self, monitor_ids: Iterable[UUID]) -> dict[UUID, HealthState]:
        states = self._states
        return {mid: states[mid] for mid in monitor_ids if mid in states}

    def set_many(self, states: Mapping[UUID, HealthState]) -> None:
        self._states.update(states)

    def forget(self, monitor_ids: Iterable[UUID]) -> None:
        for mid in monitor_ids:
            self._states.pop(mid, None)


class InMemoryScheduleIndex:
    """A heap of (due, id) with lazy deletion: an entry is live only while it matches the
    monitor's current due time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[UUID, ScheduleEntry] = {}
        self._heap: list[tuple[datetime, UUID]] = []

    def upsert(self, entries: Mapping[UUID, ScheduleEntry]) -> None:
        with self._lock:
            for mid, entry in entries.items():
                self._entries[mid] = entry
                heapq.heappush(self._heap, (entry.due_at, mid))

    def add_missing(self, entries: Mapping[UUID, ScheduleEntry]) -> None:
        self.upsert({mid: e for mid, e in entries.items() if mid not in self._entries})

    def set_interval(self, intervals: Mapping[UUID, int]) -> None:
        with self._lock:
            for mid, interval in intervals.items():
                entry = self._entries.get(mid)
                if entry is not None:
                    self._entries[mid] = ScheduleEntry(entry.due_at, interval)

    def remove(self, monitor_ids: Iterable[UUID]) -> None:
        with self._lock:
            for mid in monitor_ids:
                self._entries.pop(mid, None)

    def claim_due(self, now: datetime, limit: int) -> list[tuple[UUID, datetime]]:
        claimed: list[tuple[UUID, datetime]] = []
        with self._lock:
            heap, entries = self._heap, self._entries
            while heap and len(claimed) < limit and heap[0][0] <= now:
                due, mid = heapq.heappop(heap)
                entry = entries.get(mid)
                if entry is None or entry.due_at != due:
                    continue  # stale heap entry
                claimed.append((mid, due))
                nxt = next_due_after(due, entry.interval_seconds, now)
                entries[mid] = ScheduleEntry(nxt, entry.interval_seconds)
                heapq.heappush(heap, (nxt, mid))
            if len(heap) > 2 * len(entries) + 1024:
                self._compact()
        return claimed

    def _compact(self) -> None:
        self._heap = [(e.due_at, mid) for mid, e in self._entries.items()]
        heapq.heapify(self._heap)

    def entries(self, monitor_ids: Iterable[UUID]) -> dict[UUID, ScheduleEntry]:
        with self._lock:
            return {mid: self._entries[mid] for mid in monitor_ids if mid in self._entries}

    def size(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._heap.clear()
