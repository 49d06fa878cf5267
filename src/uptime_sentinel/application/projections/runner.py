"""Pull-based projection runner: reads the notification log from the projection's tracking
position and applies each batch atomically with the new position (exactly once)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification

from uptime_sentinel.application.projections.base import Projection, ProjectionStore, ViewWriter

DEFAULT_BATCH_SIZE = 1000


class ProjectionRunner:
    def __init__(
        self,
        projection: Projection,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        store: ProjectionStore,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        self.projection = projection
        self._recorder = recorder
        self._mapper = mapper
        self._store = store
        self._batch_size = batch_size
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.projection.name

    def position(self) -> int:
        return self._store.position(self.name)

    def head(self) -> int:
        return self._recorder.max_notification_id() or 0

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply everything recorded so far; returns how many notifications were read."""
        read = 0
        with self._lock:
            while True:
                position = self.position()
                notifications = self._recorder.select_notifications(
                    start=position + 1, limit=self._batch_size
                )
                if not notifications:
                    return read
                last = notifications[-1].id
                applied = self._store.apply_batch(
                    self.name, position, last, partial(self._apply, notifications)
                )
                if applied:
                    read += len(notifications)
                    if progress is not None:
                        progress(len(notifications))

    def _apply(self, notifications: Sequence[Notification], view: ViewWriter) -> None:
        topics = self.projection.topics
        for notification in notifications:
            if notification.topic in topics:
                event = self._mapper.to_domain_event(notification)
                self.projection.apply(event, notification.id, view)

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        with self._lock:
            self._store.reset(self.name, self.projection.tables)
        return self.catch_up(progress)
