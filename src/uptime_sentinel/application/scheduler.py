"""Dispatches due monitors in batches, every tick, a little ahead of their due time."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from uuid import UUID

from uptime_sentinel.application.ports.check_queue import (
    MAX_BATCH_SIZE,
    CheckBatch,
    CheckQueue,
    ScheduledCheck,
)
from uptime_sentinel.application.ports.clock import Clock
from uptime_sentinel.application.ports.hot_state import ScheduleEntry, ScheduleIndex
from uptime_sentinel.application.read_models import ScheduleQueries, ScheduleRow

SYNC_PAGE = 5000
CLAIM_PAGE = 5000
JUST_ADDED = timedelta(seconds=30)


def phase_slot(monitor_id: UUID, interval_seconds: int, now: datetime) -> datetime:
    """The first of the monitor's slots at or after `now`. Each monitor has a stable phase
    within its interval (a hash of its id), so a restart spreads checks evenly instead of
    firing them all at once."""
    interval_us = interval_seconds * 1_000_000
    digest = hashlib.blake2b(monitor_id.bytes, digest_size=8).digest()
    phase = int.from_bytes(digest, "big") % interval_us
    now_us = int(now.timestamp() * 1_000_000)
    wait = (phase - now_us) % interval_us
    return now + timedelta(microseconds=wait)


class Scheduler:
    """Follows the schedule read model into the schedule index, then claims what is due.

    `lookahead` dispatches checks due within the next tick; workers wait for each due time,
    so a check starts on time rather than up to a tick late."""

    def __init__(
        self,
        index: ScheduleIndex,
        schedule: ScheduleQueries,
        queue: CheckQueue,
        clock: Clock,
        lookahead: timedelta = timedelta(seconds=1),
        batch_size: int = MAX_BATCH_SIZE,
    ) -> None:
        self._index = index
        self._schedule = schedule
        self._queue = queue
        self._clock = clock
        self._lookahead = lookahead
        self._batch_size = batch_size
        self._position = 0
        self._loaded = False
        self._active: set[UUID] = set()

    def sync(self) -> int:
        """Apply schedule changes since the last sync; returns how many rows were read.

        The first sync (start-up) places monitors at their phase slot; monitors added or
        resumed later (or just before start-up) are due at once, so a new monitor is
        checked within a tick."""
        now = self._clock.now()
        read = 0
        while True:
            rows = self._schedule.changes_since(self._position, SYNC_PAGE)
            if not rows:
                break
            read += len(rows)
            self._position = rows[-1].position
            gone = [r.monitor_id for r in rows if not r.active]
            active = [r for r in rows if r.active]
            self._active.difference_update(gone)
            self._active.update(r.monitor_id for r in active)
            if gone:
                self._index.remove(gone)
            if active:
                self._index.set_interval({r.monitor_id: r.interval_seconds for r in active})
                self._index.add_missing(
                    {
                        r.monitor_id: ScheduleEntry(self._first_due(r, now), r.interval_seconds)
                        for r in active
                    }
                )
        self._loaded = True
        return read

    def _first_due(self, row: ScheduleRow, now: datetime) -> datetime:
        if self._loaded or now - row.added_at < JUST_ADDED:
            return now
        return phase_slot(row.monitor_id, row.interval_seconds, now)

    def dispatch_due(self) -> int:
        """Claim every monitor due before now + lookahead and publish them in batches."""
        now = self._clock.now()
        horizon = now + self._lookahead
        dispatched = 0
        while True:
            claimed = self._index.claim_due(horizon, CLAIM_PAGE)
            if not claimed:
                return dispatched
            claimed.sort(key=lambda c: c[1])
            checks = [ScheduledCheck(mid, due) for mid, due in claimed]
            size = self._batch_size
            self._queue.publish(
                [CheckBatch(tuple(checks[i : i + size]), now) for i in range(0, len(checks), size)]
            )
            dispatched += len(checks)
            if len(claimed) < CLAIM_PAGE:
                return dispatched

    def tick(self) -> int:
        self.sync()
        if self._index.size() < len(self._active):
            self.reload()  # the index lost entries (Redis restarted empty): rebuild it
        return self.dispatch_due()

    def reload(self) -> None:
        """Re-read the whole schedule; monitors missing from the index go back at their
        phase slot, indexed ones keep their due time."""
        self._position = 0
        self._loaded = False
        self._active.clear()
        self.sync()
