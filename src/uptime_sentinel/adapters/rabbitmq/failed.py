"""The failure queue, for the CLI's `failed list | retry | purge`.

Each function runs in the connection thread (PikaCheckQueue calls them there) on a channel of
its own, so a mistake here never closes the channels that publish and consume.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import msgspec
import pika
from pika.adapters.blocking_connection import BlockingConnection

from uptime_sentinel.adapters.rabbitmq.codec import attempt_of, decode_batch, errors_of, properties
from uptime_sentinel.adapters.rabbitmq.publisher import ConfirmingPublisher, Message

_RETRY_CHUNK = 100  # messages published (and confirmed) per round trip when moving back


@dataclass(frozen=True, slots=True)
class FailedBatch:
    """A batch that failed MAX_ATTEMPTS times, as an operator sees it."""

    monitor_ids: tuple[UUID, ...]
    attempts: int
    errors: tuple[str, ...]
    dispatched_at: datetime | None  # None: the body was not a batch at all

    @property
    def last_error(self) -> str:
        return self.errors[-1] if self.errors else ""


def describe(props: pika.BasicProperties, body: bytes) -> FailedBatch:
    try:
        batch = decode_batch(body)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return FailedBatch((), attempt_of(props), tuple(errors_of(props)), None)
    ids = tuple(c.monitor_id for c in batch.checks)
    return FailedBatch(ids, attempt_of(props), tuple(errors_of(props)), batch.dispatched_at)


def list_failed(conn: BlockingConnection, failed_queue: str, limit: int) -> list[FailedBatch]:
    """Peek: the messages are taken unacked, then given back by closing the channel (RabbitMQ
    puts requeued messages back in their original positions)."""
    channel = conn.channel()
    try:
        found: list[FailedBatch] = []
        while len(found) < limit:
            method, props, body = channel.basic_get(failed_queue, auto_ack=False)
            if method is None:
                break
            found.append(describe(props, body))
        return found
    finally:
        if channel.is_open:
            channel.close()


def retry_failed(
    conn: BlockingConnection,
    publisher: ConfirmingPublisher,
    failed_queue: str,
    main_queue: str,
    limit: int | None,
) -> int:
    """Move failed batches back to the main queue with a fresh attempt count (their errors
    are kept as history). Each is acked off the failure queue only once its copy is confirmed:
    a crash in between duplicates a batch, never loses one."""
    channel = conn.channel()
    moved = 0
    try:
        while limit is None or moved < limit:
            room = _RETRY_CHUNK if limit is None else min(_RETRY_CHUNK, limit - moved)
            chunk: list[Message] = []
            last_tag = 0
            while len(chunk) < room:
                method, props, body = channel.basic_get(failed_queue, auto_ack=False)
                if method is None:
                    break
                chunk.append((main_queue, body, properties(1, errors_of(props))))
                last_tag = method.delivery_tag
            if not chunk:
                break
            publisher.publish(chunk)
            channel.basic_ack(last_tag, multiple=True)
            moved += len(chunk)
        return moved
    finally:
        if channel.is_open:
            channel.close()


def message_count(conn: BlockingConnection, queue: str) -> int:
    """Ready messages (not those delivered and unacked)."""
    channel = conn.channel()
    try:
        return int(channel.queue_declare(queue, passive=True).method.message_count)
    finally:
        if channel.is_open:
            channel.close()


def purge(conn: BlockingConnection, queue: str) -> int:
    channel = conn.channel()
    try:
        return int(channel.queue_purge(queue).method.message_count)
    finally:
        if channel.is_open:
            channel.close()
