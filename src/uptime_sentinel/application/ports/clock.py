from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Injected everywhere time matters, so tests control it."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...
