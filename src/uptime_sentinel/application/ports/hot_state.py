from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from uptime_sentinel.domain.health import HealthState


class HealthCache(Protocol):
    """Each monitor's current health, written through by workers so a healthy monitor's
    successful check needs no event-store read. Losing it loses nothing: a miss falls back
    to the aggregate."""

    def get_many(self, monitor_ids: Iterable[UUID]) -> dict[UUID, HealthState]: ...

    def set_many(self, states: Mapping[UUID, HealthState]) -> None: ...

    def forget(self, monitor_ids: Iterable[UUID]) -> None: ...


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    due_at: datetime
    interval_seconds: int


def next_due_after(due_at: datetime, interval_seconds: int, now: datetime) -> datetime:
    """The monitor's next slot: one interval later, skipping slots already past (a scheduler
    that was down does not fire a burst of catch-up checks). Keeps the monitor's phase."""
    step = timedelta(seconds=interval_seconds)
    nxt = due_at + step
    if nxt <= now:
        missed = (now - nxt) // step + 1
        nxt += step * missed
    return nxt


class ScheduleIndex(Protocol):
    """When each active monitor is next due. Hot state: rebuildable from the schedule read
    model and the last check times."""

    def upsert(self, entries: Mapping[UUID, ScheduleEntry]) -> None:
        """Set due time and interval of monitors (adds those not yet indexed)."""
        ...

    def add_missing(self, entries: Mapping[UUID, ScheduleEntry]) -> None:
        """Index monitors not indexed yet; leave indexed ones alone (two schedulers adding the
        same new monitor must not reset a slot the other already claimed)."""
        ...

    def set_interval(self, intervals: Mapping[UUID, int]) -> None:
        """Change the interval of indexed monitors, keeping their due times; monitors not
        indexed are ignored."""
        ...

    def remove(self, monitor_ids: Iterable[UUID]) -> None: ...

    def claim_due(self, now: datetime, limit: int) -> list[tuple[UUID, datetime]]:
        """Atomically take up to `limit` monitors due at or before `now` (earliest first),
        each with the due time it was taken for, and move each to `next_due_after`. Safe with
        several schedulers: each slot of a monitor is claimed once."""
        ...

    def entries(self, monitor_ids: Iterable[UUID]) -> dict[UUID, ScheduleEntry]: ...

    def size(self) -> int: ...

    def clear(self) -> None: ...
