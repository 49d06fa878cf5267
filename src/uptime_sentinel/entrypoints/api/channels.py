"""Notification channels: where notices go. DSNs are shown redacted, always."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.params import JSONBody

from uptime_sentinel.bootstrap import Container
from uptime_sentinel.domain.alerting.channel import NotificationChannel
from uptime_sentinel.domain.alerting.errors import ChannelNotFound
from uptime_sentinel.entrypoints.api.alerting_errors import alerting_responses
from uptime_sentinel.entrypoints.api.alerting_presenters import channel_out
from uptime_sentinel.entrypoints.api.alerting_schemas import (
    ChannelCreate,
    ChannelOut,
    ChannelTestOut,
)
from uptime_sentinel.entrypoints.api.common import (
    Deps,
    PathId,
    id_path,
    require,
    settle_alerting,
)

ONE = id_path("channel_id")


class ChannelController(Controller):
    path = "/api/channels"
    tags = ["channels"]

    @get("/", operation_id="listChannels", sync_to_thread=True)
    def list_channels(self, container: Deps) -> list[ChannelOut]:
        return [channel_out(c) for c in container.alerting.queries.channels()]

    @post("/", operation_id="createChannel", sync_to_thread=True, responses=alerting_responses(409))
    def create_channel(self, container: Deps, data: JSONBody[ChannelCreate]) -> ChannelOut:
        """One channel per DSN: a second channel with the same DSN is a 409."""
        saved = container.alerting.configuration.create_channel(data.name, data.dsn)
        return _answer(container, saved)

    @get(ONE, operation_id="getChannel", sync_to_thread=True, responses=alerting_responses(404))
    def get_channel(self, container: Deps, channel_id: PathId) -> ChannelOut:
        return channel_out(require(container.alerting.queries.channel, channel_id, ChannelNotFound))

    @patch(
        ONE + "/enable",
        operation_id="enableChannel",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def enable_channel(self, container: Deps, channel_id: PathId) -> ChannelOut:
        saved = container.alerting.configuration.set_channel_enabled(channel_id, True)
        return _answer(container, saved)

    @patch(
        ONE + "/disable",
        operation_id="disableChannel",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def disable_channel(self, container: Deps, channel_id: PathId) -> ChannelOut:
        """Notices for a disabled channel are suppressed (`channel_disabled`)."""
        saved = container.alerting.configuration.set_channel_enabled(channel_id, False)
        return _answer(container, saved)

    @post(
        ONE + "/test",
        operation_id="testChannel",
        status_code=200,
        responses=alerting_responses(404),
    )
    async def test_channel(self, container: Deps, channel_id: PathId) -> ChannelTestOut:
        """Send a test message now (not through the outbox) and say how it went."""
        outcome = await container.alerting.notifier.send_test(channel_id)
        if outcome.delivered:
            return ChannelTestOut(delivered=True)
        return ChannelTestOut(delivered=False, error=outcome.error, retryable=outcome.retryable)


def _answer(container: Container, saved: tuple[NotificationChannel, int]) -> ChannelOut:
    channel, position = saved
    settle_alerting(container, position)
    return channel_out(channel)
