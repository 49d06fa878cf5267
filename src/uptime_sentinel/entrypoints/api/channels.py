"""Notification channels: where notices go. DSNs are shown redacted, always."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, patch, post

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

ONE = "/{channel_id:str}"


class ChannelController(Controller):
    path = "/api/channels"
    tags = ["channels"]

    @get("/", operation_id="listChannels", sync_to_thread=True)
    def list_channels(self, container: Container) -> list[ChannelOut]:
        return [channel_out(c) for c in container.alerting.queries.channels()]

    @post("/", operation_id="createChannel", sync_to_thread=True, responses=alerting_responses(409))
    def create_channel(self, container: Container, data: ChannelCreate) -> ChannelOut:
        """One channel per DSN: a second channel with the same DSN is a 409."""
        channel, position = container.alerting.configuration.create_channel(data.name, data.dsn)
        return _answer(container, channel, position)

    @get(ONE, operation_id="getChannel", sync_to_thread=True, responses=alerting_responses(404))
    def get_channel(self, container: Container, channel_id: UUID) -> ChannelOut:
        view = container.alerting.queries.channel(channel_id)
        if view is None:
            raise ChannelNotFound(channel_id)
        return channel_out(view)

    @patch(
        ONE + "/enable",
        operation_id="enableChannel",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def enable_channel(self, container: Container, channel_id: UUID) -> ChannelOut:
        channel, position = container.alerting.configuration.set_channel_enabled(channel_id, True)
        return _answer(container, channel, position)

    @patch(
        ONE + "/disable",
        operation_id="disableChannel",
        sync_to_thread=True,
        responses=alerting_responses(404),
    )
    def disable_channel(self, container: Container, channel_id: UUID) -> ChannelOut:
        """Notices for a disabled channel are suppressed (`channel_disabled`)."""
        channel, position = container.alerting.configuration.set_channel_enabled(channel_id, False)
        return _answer(container, channel, position)

    @post(
        ONE + "/test",
        operation_id="testChannel",
        status_code=200,
        responses=alerting_responses(404),
    )
    async def test_channel(self, container: Container, channel_id: UUID) -> ChannelTestOut:
        """Send a test message now (not through the outbox) and say how it went."""
        outcome = await container.alerting.notifier.send_test(channel_id)
        if outcome.delivered:
            return ChannelTestOut(delivered=True)
        return ChannelTestOut(delivered=False, error=outcome.error, retryable=outcome.retryable)


def _answer(container: Container, channel: NotificationChannel, position: int) -> ChannelOut:
    if position:
        container.wait_for_alerting_views(position)
    return channel_out(channel)
