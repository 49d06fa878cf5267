"""The long-running loops a process may run: each takes the container and a stop event."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable

from uptime_sentinel.application.check_processing import CheckProcessor
from uptime_sentinel.application.ports.check_queue import CheckQueue, Delivery
from uptime_sentinel.bootstrap import Container

log = logging.getLogger("uptime_sentinel")


def run_projector(container: Container, stop: threading.Event) -> None:
    container.projector.run(stop)


def run_projector_as_leader(container: Container, stop: threading.Event) -> None:
    """Several projector processes may run; one leads, the others stand by."""
    projector = container.projector
    _lead(
        container,
        stop,
        "projector",
        projector.run_once,
        lambda: projector.idle(container.settings.projector_poll_seconds),
        projector.wake,
    )


def _lead(
    container: Container,
    stop: threading.Event,
    role: str,
    step: Callable[[], object],
    idle: Callable[[], None],
    wake: Callable[[int], None],
) -> None:
    """Run `step` then `idle` while this process holds the role's leader lock; stand by
    (retrying the lock every 2 s) while another process holds it. `wake` ends the idle
    early when another process signals a recording."""
    lock = container.leader_lock(role)
    standing_by = False
    signal = container.recording_signal
    subscription = None if signal is None else signal.subscribe(wake)
    try:
        while not stop.is_set():
            if not lock.acquire():
                if not standing_by:
                    log.info("another %s is active; standing by", role)
                    standing_by = True
                stop.wait(2.0)
                continue
            standing_by = False
            try:
                step()
            except Exception:
                log.exception("%s run failed; retrying", role)
                stop.wait(1.0)
            idle()
    finally:
        lock.release()
        if subscription is not None:
            subscription.stop()


def run_scheduler(container: Container, stop: threading.Event) -> None:
    tick = container.settings.scheduler_tick_seconds
    while not stop.is_set():
        try:
            container.scheduler.tick()
        except Exception:
            log.exception("scheduler tick failed; retrying next tick")
        stop.wait(tick - time.time() % tick)  # tick on the wall-clock second


def run_ingestor(container: Container, stop: threading.Event) -> None:
    interval = container.settings.ingestor_interval_seconds
    while not stop.is_set():
        _drain(container)
        stop.wait(interval)
    _drain(container)  # what is buffered at shutdown still gets stored


def _drain(container: Container) -> None:
    try:
        container.ingestor.drain()
    except Exception:
        log.exception("telemetry write failed; results stay buffered")


def run_worker(container: Container, stop: threading.Event) -> None:
    try:
        import uvloop

        loop: asyncio.AbstractEventLoop = uvloop.new_event_loop()
    except ImportError:  # pragma: no cover - uvloop is absent on Windows only
        loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(_consume(container, stop))
    finally:
        loop.close()


async def _consume(container: Container, stop: threading.Event) -> None:
    """Up to `worker_prefetch` batches in flight at once; each is acked only after its
    results are buffered and its decisions recorded, else failed for redelivery."""
    queue = container.check_queue
    checker = container.checker_factory()
    processor = container.check_processor(checker)
    slots = asyncio.Semaphore(container.settings.worker_prefetch)
    in_flight: set[asyncio.Task[None]] = set()
    try:
        while not stop.is_set():
            await slots.acquire()
            delivery = await asyncio.to_thread(queue.get, 0.25)
            if delivery is None:
                slots.release()
                continue
            task = asyncio.create_task(_handle(processor, queue, delivery, slots))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        if in_flight:
            await asyncio.gather(*in_flight, return_exceptions=True)
    finally:
        close = getattr(checker, "close", None)
        if close is not None:
            await close()


async def _handle(
    processor: CheckProcessor, queue: CheckQueue, delivery: Delivery, slots: asyncio.Semaphore
) -> None:
    try:
        await processor.process(delivery.batch)
    except Exception as error:
        log.exception("check batch failed (attempt %s)", delivery.attempt)
        await asyncio.to_thread(queue.fail, delivery, f"{type(error).__name__}: {error}")
    else:
        await asyncio.to_thread(queue.ack, delivery)
    finally:
        slots.release()


def run_alerting(container: Container, stop: threading.Event) -> None:
    """Decide notices from Monitoring's events, exactly once (tracked in Alerting's store)."""
    container.alerting.process.run(stop)


def run_alerting_projector(container: Container, stop: threading.Event) -> None:
    """Keep the alert configuration and delivery-log read models (Alerting's log)."""
    container.alerting.projector.run(stop)


def run_alerting_as_leader(container: Container, stop: threading.Event) -> None:
    """Both of the above in one process of their own; one active, the others stand by."""
    parts = container.alerting

    def step() -> None:
        parts.process.run_once()
        parts.projector.run_once()

    _lead(
        container,
        stop,
        "alerting",
        step,
        lambda: parts.projector.idle(container.settings.alerting_poll_seconds),
        parts.projector.wake,
    )


def run_notifier(container: Container, stop: threading.Event) -> None:
    """Deliver decided notices. Several notifiers may run: each attempt is claimed first.
    Its own thread and event loop: a slow channel never holds up checks."""
    asyncio.run(_deliver(container, stop))


async def _deliver(container: Container, stop: threading.Event) -> None:
    notifier = container.alerting.notifier
    interval = container.settings.notifier_poll_seconds
    while not stop.is_set():
        try:
            await notifier.deliver_due()
        except Exception:
            log.exception("notifier run failed; retrying")
        await asyncio.to_thread(stop.wait, interval)
