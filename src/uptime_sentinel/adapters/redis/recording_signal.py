"""Redis pub/sub as the cross-process "events were recorded" signal. A lost message costs
only latency: projectors still poll."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import redis

log = logging.getLogger(__name__)


class RedisRecordingSignal:
    def __init__(self, client: redis.Redis, prefix: str = "sentinel:") -> None:
        self._redis = client
        self._channel = f"{prefix}recorded"

    def publish(self, position: int) -> None:
        try:
            self._redis.publish(self._channel, position)
        except redis.RedisError:  # the signal is an optimisation: never fail a save for it
            log.debug("could not publish a recording signal", exc_info=True)

    def subscribe(self, listener: Callable[[int], None]) -> Any:
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]

        def on_message(message: dict[str, Any]) -> None:
            listener(int(message["data"]))

        def on_error(error: BaseException, _pubsub: Any, thread: Any) -> None:
            # Redis restarting, or the connection closed by stop(): keep going, slowly.
            log.debug("recording signal subscription: %s", error)
            if thread.is_alive():
                time.sleep(1.0)

        pubsub.subscribe(**{self._channel: on_message})
        return pubsub.run_in_thread(sleep_time=1.0, daemon=True, exception_handler=on_error)
