from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.notifications import NOTIFICATION_ID, make_message
from tests.support.receivers import SmtpReceiver, free_loopback_port
from uptime_sentinel.adapters.channels.registry import ChannelSettings, sender_for
from uptime_sentinel.adapters.channels.smtp import SmtpSender
from uptime_sentinel.application.ports.channel import DeliveryError

PASSWORD = "pa$$-w0rd-very-secret"
ADDRS = "from=sentinel%40example.com&to=oncall%40example.com,ops%40example.com"
FAST = ChannelSettings(smtp_timeout=3.0)


def dsn(receiver: SmtpReceiver, userinfo: str = "", tls: str = "") -> str:
    extra = f"&tls={tls}" if tls else ""
    return f"smtp://{userinfo}127.0.0.1:{receiver.port}?{ADDRS}{extra}"


async def test_delivers_a_plain_text_mail(smtp_receiver: SmtpReceiver) -> None:
    sender = sender_for(dsn(smtp_receiver), FAST)
    assert isinstance(sender, SmtpSender)

    await sender.send(make_message())

    [mail] = smtp_receiver.wait_for(1)
    assert mail.mail_from == "sentinel@example.com"
    assert mail.rcpt_tos == ["oncall@example.com", "ops@example.com"]
    assert mail.login is None and not mail.tls
    message = mail.message
    assert message["Subject"] == (
        "[DOWN] Shop API (https://shop.example/api) — 5 consecutive failures, HTTP 503, "
        "down for 4 min"
    )
    assert message["Message-ID"] == f"<{NOTIFICATION_ID}@example.com>"
    assert message["To"] == "oncall@example.com, ops@example.com"
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    assert "Consecutive failures: 5" in body
    assert "Last error: HTTP 503" in body


@pytest.fixture
def auth_receiver() -> Iterator[SmtpReceiver]:
    with SmtpReceiver(credentials=("sentinel", PASSWORD)) as receiver:
        yield receiver


async def test_logs_in_when_credentials_are_given(auth_receiver: SmtpReceiver) -> None:
    await sender_for(dsn(auth_receiver, f"sentinel:{PASSWORD}@"), FAST).send(make_message())
    [mail] = auth_receiver.wait_for(1)
    assert mail.login == "sentinel"


async def test_a_wrong_password_is_not_retryable_and_not_revealed(
    auth_receiver: SmtpReceiver,
) -> None:
    sender = sender_for(dsn(auth_receiver, "sentinel:wrong-password-xyz@"), FAST)
    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_message())
    assert not caught.value.retryable
    assert caught.value.status == 535
    assert "wrong-password-xyz" not in str(caught.value)
    assert "wrong-password-xyz" not in repr(sender)


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
async def test_tls_modes_with_login(mode: str) -> None:
    with SmtpReceiver(tls=mode, credentials=("sentinel", PASSWORD)) as receiver:  # type: ignore[arg-type]
        assert receiver.tls is not None
        settings = ChannelSettings(smtp_timeout=3.0, smtp_ssl_context=receiver.tls.client)
        await sender_for(dsn(receiver, f"sentinel:{PASSWORD}@", mode), settings).send(
            make_message()
        )
        [mail] = receiver.wait_for(1)
    assert mail.tls
    assert mail.login == "sentinel"


async def test_an_untrusted_certificate_is_not_retryable() -> None:
    # The system trust store (FAST has no ssl context) does not hold the receiver's test CA.
    with SmtpReceiver(tls="starttls") as receiver, pytest.raises(DeliveryError) as caught:
        await sender_for(dsn(receiver, tls="starttls"), FAST).send(make_message())
    assert not caught.value.retryable
    assert "certificate" in str(caught.value)


@pytest.mark.parametrize(
    ("reply", "retryable"),
    [("451 4.3.0 Try again later", True), ("554 5.7.1 Rejected", False)],
)
async def test_server_replies_are_classified_the_smtp_way(
    smtp_receiver: SmtpReceiver, reply: str, retryable: bool
) -> None:
    smtp_receiver.reject_next(reply)
    sender = sender_for(dsn(smtp_receiver), FAST)
    with pytest.raises(DeliveryError) as caught:
        await sender.send(make_message())
    assert caught.value.retryable is retryable
    assert caught.value.status == int(reply[:3])
    await sender.send(make_message())  # the next attempt goes through
    assert len(smtp_receiver.wait_for(1)) == 1


async def test_nothing_listening_is_retryable() -> None:
    target = f"smtp://127.0.0.1:{free_loopback_port()}?{ADDRS}"
    with pytest.raises(DeliveryError) as caught:
        await sender_for(target, FAST).send(make_message())
    assert caught.value.retryable
