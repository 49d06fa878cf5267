"""CheckBatch on the wire: msgpack body, attempt and errors in headers.

The body never changes between attempts (retries and the failure queue copy it as is); what
changes travels in headers, so an operator can read why a batch failed without decoding it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
import pika

from uptime_sentinel.application.ports.check_queue import CheckBatch, ScheduledCheck

ATTEMPT_HEADER = "x-attempt"
ERRORS_HEADER = "x-errors"
CONTENT_TYPE = "application/msgpack"
_MAX_ERROR_CHARS = 500  # headers share one frame with the message properties: keep them small

# (dispatched_at, [(monitor id as 16 bytes, due_at), ...]): ~28 bytes a check.
_WireBatch = tuple[datetime, list[tuple[UUID, datetime]]]
_encoder = msgspec.msgpack.Encoder(uuid_format="bytes")
_decoder = msgspec.msgpack.Decoder(_WireBatch)


def encode_batch(batch: CheckBatch) -> bytes:
    return _encoder.encode((batch.dispatched_at, [(c.monitor_id, c.due_at) for c in batch.checks]))


def decode_batch(body: bytes) -> CheckBatch:
    """Raises msgspec.DecodeError / ValidationError for a body that is not a batch."""
    dispatched_at, checks = _decoder.decode(body)
    return CheckBatch(tuple(ScheduledCheck(mid, due) for mid, due in checks), dispatched_at)


def properties(attempt: int, errors: Sequence[str]) -> pika.BasicProperties:
    headers: dict[str, Any] = {ATTEMPT_HEADER: attempt}
    if errors:
        headers[ERRORS_HEADER] = [e[:_MAX_ERROR_CHARS] for e in errors]
    return pika.BasicProperties(
        content_type=CONTENT_TYPE,
        delivery_mode=pika.DeliveryMode.Persistent,
        headers=headers,
    )


def attempt_of(props: pika.BasicProperties) -> int:
    value = (props.headers or {}).get(ATTEMPT_HEADER, 1)
    return value if isinstance(value, int) and value >= 1 else 1


def errors_of(props: pika.BasicProperties) -> list[str]:
    value = (props.headers or {}).get(ERRORS_HEADER) or []
    return [e.decode(errors="replace") if isinstance(e, bytes) else str(e) for e in value]
