"""The cross-process "events recorded" signal over Redis pub/sub."""

import threading

import redis

from tests.contract import redis_namespace
from tests.support.http_target import refused_port
from tests.support.services import require_service
from uptime_sentinel.adapters.redis import RedisRecordingSignal


def test_a_subscriber_hears_each_recording():
    require_service("redis")
    with redis_namespace() as (client, prefix):
        heard: list[int] = []
        arrived = threading.Event()

        def listener(position: int) -> None:
            heard.append(position)
            if len(heard) == 2:
                arrived.set()

        signal = RedisRecordingSignal(client, prefix)
        subscription = signal.subscribe(listener)
        try:
            for position in (41, 42):
                signal.publish(position)
            assert arrived.wait(5)
            assert heard == [41, 42]
        finally:
            subscription.stop()


def test_publishing_without_redis_does_not_fail_the_save():
    client = redis.Redis(host="127.0.0.1", port=refused_port(), socket_connect_timeout=0.5)
    RedisRecordingSignal(client).publish(1)  # logged, not raised
