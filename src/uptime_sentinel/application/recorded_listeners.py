"""Tells listeners the last notification id an application recorded, after each save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Recording

RecordedListener = Callable[[int], None]


class NotifiesRecordings:
    """Mixin for eventsourcing Applications: `on_recorded(listener)` is called with the last
    notification id after each save (wakes in-process projectors, signals other processes)."""

    _listeners: list[RecordedListener]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listeners = []

    def on_recorded(self, listener: RecordedListener) -> None:
        self._listeners.append(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        if recordings and self._listeners:
            last = max(r.notification.id for r in recordings)
            for listener in self._listeners:
                listener(last)
