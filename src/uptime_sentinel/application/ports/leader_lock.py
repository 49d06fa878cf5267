from __future__ import annotations

from typing import Protocol


class LeaderLock(Protocol):
    """Held by at most one process at a time; a holder that dies loses it."""

    def acquire(self) -> bool:
        """Take the lock if free; True while this process holds it."""
        ...

    def release(self) -> None: ...
