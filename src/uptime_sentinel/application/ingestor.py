"""Moves check results from the telemetry buffer into the telemetry store, in bulk."""

from __future__ import annotations

from uptime_sentinel.application.ports.telemetry import TelemetryBuffer, TelemetryStore

MAX_ROWS = 1000


class Ingestor:
    def __init__(self, buffer: TelemetryBuffer, store: TelemetryStore, max_rows: int = MAX_ROWS):
        self._buffer = buffer
        self._store = store
        self._max_rows = max_rows

    def drain(self) -> int:
        """Store everything buffered; returns how many results were written. A failed write
        gives the batch back to the buffer (nothing lost) and re-raises."""
        written = 0
        while (batch := self._buffer.take(self._max_rows)) is not None:
            try:
                self._store.write(batch.results)
            except BaseException:
                self._buffer.release(batch)
                raise
            self._buffer.commit(batch)
            written += len(batch.results)
        return written
