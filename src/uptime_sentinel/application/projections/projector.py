"""Runs several projections in one loop, woken early when this process records events."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from uptime_sentinel.application.projections.runner import ProjectionRunner, rebuild_together

log = logging.getLogger(__name__)


class Projector:
    def __init__(self, runners: Sequence[ProjectionRunner], poll_interval: float = 0.1) -> None:
        self.runners = {r.name: r for r in runners}
        self._poll_interval = poll_interval
        self._wake = threading.Event()
        self._caught_up = threading.Condition()
        self._positions: dict[str, int] = {}

    def wake(self, _last_notification_id: int = 0) -> None:
        self._wake.set()

    def run_once(self) -> int:
        """Catch every projection up; one cheap head query when nothing is new, so idle
        polling costs the database little."""
        read = 0
        head: int | None = None
        for runner in self.runners.values():
            if head is None:
                head = runner.head()
            known = self._positions.get(runner.name)
            if known is not None and known >= head:
                continue
            read += runner.catch_up()
            with self._caught_up:
                self._positions[runner.name] = runner.position()
                self._caught_up.notify_all()
        return read

    def rebuild_all(self, progress: Callable[[str, int], None] | None = None) -> int:
        """Rebuild every projection in one pass over the log; notifications read."""
        read = rebuild_together(list(self.runners.values()), progress)
        self._positions.clear()
        return read

    def idle(self, seconds: float) -> None:
        """Sleep until woken by a new recording or `seconds` pass."""
        self._wake.wait(seconds)
        self._wake.clear()

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            try:
                self.run_once()
            except Exception:  # a projector must outlive a database hiccup
                log.exception("projection run failed; retrying")
                stop.wait(1.0)
            self._wake.wait(self._poll_interval)

    def wait_for(self, position: int, timeout: float, names: Sequence[str] = ()) -> bool:
        """Block until the named projections (all by default) have reached `position`."""
        names = names or tuple(self.runners)
        deadline = time.monotonic() + timeout
        self.wake()
        with self._caught_up:
            while True:
                if all(self._positions.get(n, 0) >= position for n in names):
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._caught_up.wait(remaining)
