from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from uptime_sentinel.domain.check import CheckResult


@dataclass(frozen=True, slots=True)
class BufferedBatch:
    """Results taken from the buffer but not yet committed: `token` lets the buffer give
    them back (crash, failed insert) or forget them (committed)."""

    results: tuple[CheckResult, ...]
    token: object


class TelemetryBuffer(Protocol):
    def push(self, results: Sequence[CheckResult]) -> None: ...

    def take(self, max_results: int) -> BufferedBatch | None:
        """Lease up to `max_results` results; None when the buffer is empty."""
        ...

    def commit(self, batch: BufferedBatch) -> None:
        """The leased results are stored: drop them for good."""
        ...

    def release(self, batch: BufferedBatch) -> None:
        """Storing failed: make the leased results available again."""
        ...

    def size(self) -> int: ...


class TelemetryStore(Protocol):
    def write(self, results: Sequence[CheckResult]) -> None:
        """Store results in bulk (multi-row inserts) and update each monitor's last check.
        Writing a result already stored (same monitor and checked_at) does nothing."""
        ...

    def recent(self, monitor_id: UUID, limit: int) -> list[CheckResult]:
        """Newest first."""
        ...

    def last_checks(self, monitor_ids: Iterable[UUID]) -> dict[UUID, CheckResult]: ...

    def uptime(self, monitor_id: UUID, since: datetime) -> tuple[int, int]:
        """(successful checks, all checks) since a time."""
        ...

    def delete_monitor(self, monitor_id: UUID) -> None: ...
