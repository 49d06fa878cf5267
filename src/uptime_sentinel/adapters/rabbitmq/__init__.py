"""RabbitMQ adapters (pika): the check queue with retries and a failure queue."""

from uptime_sentinel.adapters.rabbitmq.check_queue import PikaCheckQueue
from uptime_sentinel.adapters.rabbitmq.failed import FailedBatch
from uptime_sentinel.adapters.rabbitmq.publisher import PublishError

__all__ = ["FailedBatch", "PikaCheckQueue", "PublishError"]
