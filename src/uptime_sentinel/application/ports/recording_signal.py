from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Subscription(Protocol):
    def stop(self) -> None: ...


class RecordingSignal(Protocol):
    """Tells other processes that events were recorded, so a projector in another process
    wakes at once instead of at its next poll (read-your-writes for a separate API)."""

    def publish(self, position: int) -> None: ...

    def subscribe(self, listener: Callable[[int], None]) -> Subscription:
        """Call `listener(position)` for each signal, from a background thread."""
        ...
