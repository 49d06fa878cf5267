"""Starts a set of loops in threads and the API in the main thread, and stops them cleanly."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Sequence

from uptime_sentinel.bootstrap import Container

Loop = Callable[[Container, threading.Event], None]
log = logging.getLogger("uptime_sentinel")


class Runtime:
    def __init__(self, container: Container, loops: Sequence[Loop]) -> None:
        self.container = container
        self.stop = threading.Event()
        self._threads = [
            threading.Thread(
                target=loop, args=(container, self.stop), name=loop.__name__, daemon=True
            )
            for loop in loops
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def shutdown(self, timeout: float = 15.0) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("%s did not stop within %.0f s", thread.name, timeout)
        self.container.close()

    def wait_for_signal(self) -> None:
        """Block a process without an API until SIGINT/SIGTERM."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self.stop.set())
        while not self.stop.wait(1.0):
            pass


def serve_api(container: Container, host: str, port: int) -> None:
    import uvicorn

    from uptime_sentinel.entrypoints.api.app import create_app

    config = uvicorn.Config(
        create_app(container), host=host, port=port, log_level="info", access_log=False, loop="auto"
    )
    # uvicorn re-raises the signal that stopped it once it has shut down; turn both into
    # KeyboardInterrupt so the caller's clean-up (final telemetry drain) still runs.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run()
