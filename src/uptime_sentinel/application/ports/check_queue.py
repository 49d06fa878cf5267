from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

MAX_BATCH_SIZE = 50
MAX_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class ScheduledCheck:
    monitor_id: UUID
    due_at: datetime


@dataclass(frozen=True, slots=True)
class CheckBatch:
    """Up to MAX_BATCH_SIZE monitors due for a check, dispatched by the scheduler."""

    checks: tuple[ScheduledCheck, ...]
    dispatched_at: datetime


@dataclass(slots=True)
class Delivery:
    """A batch handed to one worker; `tag` is the broker's handle for ack/fail."""

    batch: CheckBatch
    tag: object
    attempt: int = 1
    errors: list[str] = field(default_factory=list)


class CheckQueue(Protocol):
    def publish(self, batches: Sequence[CheckBatch]) -> None:
        """Hand batches to the broker durably (confirmed, not one round trip per message)."""
        ...

    def get(self, timeout: float) -> Delivery | None:
        """The next batch, or None after `timeout` seconds. May be called from any thread."""
        ...

    def ack(self, delivery: Delivery) -> None:
        """The batch's results are safely buffered: forget it. Thread-safe."""
        ...

    def fail(self, delivery: Delivery, reason: str) -> None:
        """Redeliver later; after MAX_ATTEMPTS move it to the failure queue. Thread-safe."""
        ...

    def close(self) -> None: ...
