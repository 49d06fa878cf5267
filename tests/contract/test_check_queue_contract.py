"""CheckQueue contract: the same scenarios on the in-memory queue and on RabbitMQ (pika), then
what only a broker does: redelivery after a consumer dies, reconnection, the failure queue."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID, uuid4

import pika
import pytest

from tests.support.services import AMQP_URL, require_service
from tests.support.waiting import eventually
from uptime_sentinel.adapters.memory.check_queue import InMemoryCheckQueue
from uptime_sentinel.adapters.rabbitmq import PikaCheckQueue
from uptime_sentinel.application.ports.check_queue import (
    MAX_ATTEMPTS,
    CheckBatch,
    CheckQueue,
    Delivery,
    ScheduledCheck,
)

T0 = datetime(2026, 3, 1, 12, 0, 0, 250000, tzinfo=UTC)
WAIT = 10.0  # the bound on any single wait for a delivery


def batch(size: int = 3) -> CheckBatch:
    checks = tuple(ScheduledCheck(uuid4(), T0 + timedelta(seconds=i)) for i in range(size))
    return CheckBatch(checks, T0)


def ids(b: CheckBatch) -> tuple[UUID, ...]:
    return tuple(c.monitor_id for c in b.checks)


@dataclass
class Broker:
    """A queue under test, plus what each implementation needs to be observed from outside."""

    queue: CheckQueue
    reopen: Callable[[CheckQueue], CheckQueue]  # close a consumer, return a fresh one
    failed: Callable[[], list[tuple[tuple[UUID, ...], int, list[str]]]]
    opened: list[CheckQueue] = field(default_factory=list)

    def next(self, timeout: float = WAIT) -> Delivery:
        delivery = self.queue.get(timeout)
        assert delivery is not None, f"no delivery within {timeout} s"
        return delivery


def pika_queue(url: str, name: str) -> PikaCheckQueue:
    return PikaCheckQueue(url, name, prefetch=4, timeout=WAIT, max_backoff=0.5)


def delete_queues(name: str) -> None:
    conn = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    try:
        channel = conn.channel()
        channel.queue_delete(name)
        channel.queue_delete(f"{name}.failed")
    finally:
        conn.close()


@pytest.fixture(params=["memory", "pika"])
def broker(request: pytest.FixtureRequest) -> Iterator[Broker]:
    if request.param == "memory":
        memory = InMemoryCheckQueue()
        yield Broker(
            memory,
            reopen=lambda q: q,
            failed=lambda: [(ids(d.batch), d.attempt, d.errors) for d in memory.failed],
        )
        return
    require_service("rabbitmq")
    name = f"test.checks.{uuid4().hex}"
    opened: list[CheckQueue] = []

    def reopen(old: CheckQueue) -> CheckQueue:
        old.close()
        opened.append(pika_queue(AMQP_URL, name))
        return opened[-1]

    first = pika_queue(AMQP_URL, name)
    opened.append(first)

    def failed() -> list[tuple[tuple[UUID, ...], int, list[str]]]:
        return [(f.monitor_ids, f.attempts, list(f.errors)) for f in opened[-1].failed_batches()]

    try:
        yield Broker(first, reopen, failed, opened)
    finally:
        for q in opened:
            q.close()
        delete_queues(name)


def test_published_batches_come_out_in_order(broker: Broker) -> None:
    sent = [batch(1), batch(50), batch(3)]
    broker.queue.publish(sent)
    received = [broker.next() for _ in sent]
    assert [d.batch for d in received] == sent
    assert all(d.attempt == 1 and d.errors == [] for d in received)
    assert broker.queue.get(0.2) is None


def test_an_acked_batch_is_gone(broker: Broker) -> None:
    broker.queue.publish([batch()])
    broker.queue.ack(broker.next())
    broker.queue = broker.reopen(broker.queue)
    assert broker.queue.get(0.5) is None


def test_an_ack_from_another_thread_counts(broker: Broker) -> None:
    broker.queue.publish([batch(), batch()])
    deliveries = [broker.next(), broker.next()]
    ackers = [threading.Thread(target=broker.queue.ack, args=(d,)) for d in deliveries]
    for t in ackers:
        t.start()
    for t in ackers:
        t.join(timeout=WAIT)
    broker.queue = broker.reopen(broker.queue)
    assert broker.queue.get(0.5) is None


def test_a_failed_batch_comes_back_with_one_more_attempt(broker: Broker) -> None:
    sent = batch()
    broker.queue.publish([sent])
    threading.Thread(target=broker.queue.fail, args=(broker.next(), "HTTP pool exploded")).start()
    again = broker.next()
    assert (again.batch, again.attempt, again.errors) == (sent, 2, ["HTTP pool exploded"])


def test_the_last_failure_moves_the_batch_to_the_failure_queue(broker: Broker) -> None:
    sent = batch()
    broker.queue.publish([sent])
    for attempt in range(1, MAX_ATTEMPTS + 1):
        delivery = broker.next()
        assert delivery.attempt == attempt
        broker.queue.fail(delivery, f"failure {attempt}")
    assert broker.queue.get(0.3) is None
    expected = (ids(sent), MAX_ATTEMPTS, [f"failure {n}" for n in range(1, MAX_ATTEMPTS + 1)])
    assert eventually(broker.failed, timeout=WAIT) == [expected]


# --- RabbitMQ only ----------------------------------------------------------------------


@pytest.fixture
def queue_name() -> Iterator[str]:
    require_service("rabbitmq")
    name = f"test.checks.{uuid4().hex}"
    yield name
    delete_queues(name)


def test_an_unacked_batch_is_redelivered_when_its_consumer_goes(queue_name: str) -> None:
    worker = pika_queue(AMQP_URL, queue_name)
    sent = batch()
    worker.publish([sent])
    taken = worker.get(WAIT)
    assert taken is not None
    worker.close()  # dies before ack
    successor = pika_queue(AMQP_URL, queue_name)
    try:
        again = successor.get(WAIT)
        assert again is not None and (again.batch, again.attempt) == (sent, 1)
    finally:
        successor.close()


def test_failure_queue_list_retry_purge(queue_name: str) -> None:
    q = pika_queue(AMQP_URL, queue_name)
    try:
        first, second = batch(2), batch(4)
        q.publish([first, second])
        for _ in range(2 * MAX_ATTEMPTS):
            delivery = q.get(WAIT)
            assert delivery is not None
            q.fail(delivery, f"boom on {delivery.attempt}")
        eventually(lambda: q.failed_depth() == 2, timeout=WAIT)
        listed = q.failed_batches()
        assert [f.monitor_ids for f in listed] == [ids(first), ids(second)]
        assert listed[0].attempts == MAX_ATTEMPTS and listed[0].last_error == "boom on 3"
        assert q.failed_batches() == listed  # listing does not consume
        assert q.retry_failed(limit=1) == 1
        retried = q.get(WAIT)
        assert retried is not None and (retried.batch, retried.attempt) == (first, 1)
        q.ack(retried)
        assert q.purge_failed() == 1
        assert q.failed_batches() == [] and q.depth() == 0
    finally:
        q.close()


def test_an_undecodable_message_goes_to_the_failure_queue(queue_name: str) -> None:
    q = pika_queue(AMQP_URL, queue_name)
    try:
        good = batch()
        q.depth()  # connects, so the queues exist
        conn = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
        conn.channel().basic_publish("", queue_name, b"\xc1 not msgpack")
        conn.close()
        q.publish([good])
        delivery = q.get(WAIT)
        assert delivery is not None and delivery.batch == good
        q.ack(delivery)
        [poison] = eventually(q.failed_batches, timeout=WAIT)
        assert poison.monitor_ids == () and poison.last_error.startswith("undecodable batch")
    finally:
        q.close()


class DroppableProxy:
    """Forwards a local port to the broker; `drop()` cuts every connection through it, as a
    broker restart or a network failure would."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
                upstream = socket.create_connection(self._target, timeout=5)
            except OSError:
                return
            upstream.settimeout(None)
            self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        for s in (src, dst):
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def drop(self) -> None:
        for s in self._sockets:
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        self._sockets.clear()

    def close(self) -> None:
        self._server.close()
        self.drop()


def test_reconnects_when_the_broker_drops_the_connection(queue_name: str) -> None:
    parts = urlsplit(AMQP_URL)
    proxy = DroppableProxy((parts.hostname or "127.0.0.1", parts.port or 5672))
    netloc = f"{parts.username}:{parts.password}@127.0.0.1:{proxy.port}"
    q = pika_queue(urlunsplit(parts._replace(netloc=netloc)), queue_name)
    try:
        sent = batch()
        q.publish([sent])
        before = q.get(WAIT)
        assert before is not None
        proxy.drop()
        q.ack(before)  # its channel is gone: ignored, and RabbitMQ redelivers the batch
        again = q.get(WAIT)
        assert again is not None and again.batch == sent
        q.ack(again)
        after = batch()
        q.publish([after])
        delivery = q.get(WAIT)
        assert delivery is not None and delivery.batch == after
        q.ack(delivery)
        assert eventually(lambda: q.depth() == 0, timeout=WAIT)
        assert q.ping()
    finally:
        q.close()
        proxy.close()


def test_ping_says_false_when_no_broker_answers() -> None:
    with socket.create_server(("127.0.0.1", 0)) as spare:
        port = spare.getsockname()[1]
    q = PikaCheckQueue(f"amqp://guest:guest@127.0.0.1:{port}/%2F", "nowhere", max_backoff=0.2)
    try:
        assert q.ping(timeout=0.5) is False
    finally:
        q.close()
