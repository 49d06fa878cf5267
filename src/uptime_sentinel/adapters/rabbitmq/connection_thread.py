"""One pika BlockingConnection owned by one thread; other threads hand it work.

pika's BlockingConnection is not thread-safe: only `add_callback_threadsafe` may be called
from another thread. So every channel operation (publish, ack, consume, declare) runs here, as
a job taken from a queue. Jobs run between `process_data_events` calls, never inside pika's
dispatch, so a job may itself block on I/O (wait for confirms). Submitting a job wakes the
loop through `add_callback_threadsafe`; a job submitted while disconnected runs after the
reconnect.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from typing import Any, TypeVar

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingConnection

log = logging.getLogger(__name__)

T = TypeVar("T")

# What ends a connection (or leaves it unusable): reconnect, unacked deliveries come back.
DISCONNECTS: tuple[type[BaseException], ...] = (
    pika.exceptions.AMQPConnectionError,
    pika.exceptions.AMQPChannelError,
    OSError,
)
_MIN_BACKOFF = 0.1


def _noop() -> None:
    pass


@dataclass(slots=True)
class _Job:
    work: Callable[[BlockingConnection], Any]
    future: Future[Any] | None  # None: fire and forget
    retry: bool  # run again after a reconnect if the connection dropped under it


class ConnectionThread:
    def __init__(
        self,
        params: pika.ConnectionParameters,
        on_connect: Callable[[BlockingConnection, int], None],
        *,
        name: str,
        max_backoff: float = 10.0,
    ) -> None:
        self._params = params
        self._on_connect = on_connect
        self._name = name
        self._max_backoff = max_backoff
        self._jobs: deque[_Job] = deque()
        self._lock = threading.Lock()
        self._conn: BlockingConnection | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.generation = 0  # bumped on each connect: delivery tags of older ones are void
        self.last_error: BaseException | None = None

    @property
    def connected(self) -> bool:
        return self._conn is not None

    def call(
        self, work: Callable[[BlockingConnection], T], timeout: float, retry: bool = True
    ) -> T:
        """Run `work` in the connection thread and wait for its result. On TimeoutError the
        job is cancelled if it has not run yet; if it was running, it may still complete."""
        future: Future[T] = Future()
        self._submit(_Job(work, future, retry))
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise TimeoutError(
                f"{self._name}: no answer within {timeout}s (last error: {self.last_error!r})"
            ) from None

    def call_soon(self, work: Callable[[BlockingConnection], object]) -> None:
        """Fire and forget; dropped if the connection drops under it, or after stop() (an ack
        that comes too late is harmless: the broker redelivers the message)."""
        if not self._stopping.is_set():
            self._submit(_Job(work, None, retry=False))

    def start(self) -> None:
        with self._lock:
            if self._thread is None and not self._stopping.is_set():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Runs the jobs already submitted (acks), then closes the connection."""
        self._stopping.set()
        self._wake()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _submit(self, job: _Job) -> None:
        if self._stopping.is_set():
            raise RuntimeError(f"{self._name} is closed")
        self._jobs.append(job)
        self.start()
        self._wake()

    def _wake(self) -> None:
        with self._lock:
            if self._conn is not None:
                # closing: the loop reconnects and runs the job then
                with contextlib.suppress(pika.exceptions.ConnectionWrongStateError):
                    self._conn.add_callback_threadsafe(_noop)

    def _run(self) -> None:
        backoff = _MIN_BACKOFF
        while not self._stopping.is_set():
            conn: BlockingConnection | None = None
            try:
                conn = pika.BlockingConnection(self._params)
                self.generation += 1
                self._on_connect(conn, self.generation)
                backoff = _MIN_BACKOFF
                self._serve(conn)
            except DISCONNECTS as exc:
                self.last_error = exc
                log.warning("%s: connection lost (%r), retrying in %.1fs", self._name, exc, backoff)
            except Exception as exc:  # a bug must not kill the only thread that can ack
                self.last_error = exc
                log.exception("%s: unexpected error, reconnecting", self._name)
            finally:
                with self._lock:
                    self._conn = None
                if conn is not None and conn.is_open:
                    with contextlib.suppress(*DISCONNECTS):
                        conn.close()
            if not self._stopping.is_set():
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff)
        self._abandon_jobs()

    def _serve(self, conn: BlockingConnection) -> None:
        with self._lock:
            self._conn = conn
        while True:
            self._run_jobs(conn)
            # re-check: a job may have swallowed stop()'s wake-up in a wait of its own
            if self._stopping.is_set():
                return
            conn.process_data_events(time_limit=1.0)

    def _run_jobs(self, conn: BlockingConnection) -> None:
        while self._jobs:
            job = self._jobs.popleft()
            if job.future is not None and job.future.cancelled():
                continue
            try:
                result = job.work(conn)
            except DISCONNECTS as exc:
                if job.retry:
                    self._jobs.appendleft(job)
                else:
                    _settle(job, exc=exc)
                raise
            except Exception as exc:
                if job.future is None:
                    log.exception("%s: job failed", self._name)
                _settle(job, exc=exc)
            else:
                _settle(job, result=result)

    def _abandon_jobs(self) -> None:
        while self._jobs:
            _settle(self._jobs.popleft(), exc=RuntimeError(f"{self._name} is closed"))


def _settle(job: _Job, result: object = None, exc: BaseException | None = None) -> None:
    if job.future is None:
        return
    try:
        if exc is None:
            job.future.set_result(result)
        else:
            job.future.set_exception(exc)
    except InvalidStateError:
        pass  # the caller gave up waiting and cancelled it meanwhile
