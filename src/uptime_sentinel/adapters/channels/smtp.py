"""Email through SMTP (stdlib smtplib, run in a worker thread so the event loop never blocks)."""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from uptime_sentinel.adapters.channels.targets import SmtpTarget, TlsMode
from uptime_sentinel.application.ports.channel import DeliveryError, NotificationMessage

log = logging.getLogger(__name__)


def build_email(target: SmtpTarget, message: NotificationMessage) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = target.sender
    email["To"] = ", ".join(target.recipients)
    email["Date"] = format_datetime(message.timestamp)
    domain = parseaddr(target.sender)[1].rpartition("@")[2] or "uptime-sentinel"
    # Stable across retries, so mail clients and dedup filters see one message.
    email["Message-ID"] = f"<{message.notification_id}@{domain}>"
    email["X-Sentinel-Notification-Id"] = str(message.notification_id)
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies
    email.set_content(message.text)
    return email


def _smtp_retryable(code: int) -> bool:
    # SMTP is the reverse of HTTP: 4xx is transient, 5xx permanent.
    return 400 <= code < 500


class SmtpSender:
    def __init__(
        self,
        target: SmtpTarget,
        *,
        timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._target = target
        self._timeout = timeout
        self._ssl_context = ssl_context

    def __repr__(self) -> str:
        return f"SmtpSender({self._target.redacted})"

    async def send(self, message: NotificationMessage) -> None:
        email = build_email(self._target, message)
        await asyncio.to_thread(self._deliver, email)

    def _deliver(self, email: EmailMessage) -> None:
        target, what = self._target, f"smtp {self._target.redacted}"
        context = self._ssl_context or ssl.create_default_context()
        try:
            client: smtplib.SMTP
            if target.tls is TlsMode.SSL:
                client = smtplib.SMTP_SSL(
                    target.host, target.port, timeout=self._timeout, context=context
                )
            else:
                client = smtplib.SMTP(target.host, target.port, timeout=self._timeout)
            with client:
                if target.tls is TlsMode.STARTTLS:
                    client.starttls(context=context)
                if target.username and target.password:
                    client.login(target.username, target.password)
                refused = client.send_message(email, target.sender, list(target.recipients))
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise DeliveryError(
                f"{what}: all recipients refused ({', '.join(map(str, codes))})",
                retryable=any(_smtp_retryable(c) for c in codes),
            ) from None
        except smtplib.SMTPResponseException as error:
            # Includes auth failures (535) and sender refusals; the server's text is safe.
            raw = error.smtp_error
            text = (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw)[:200]
            raise DeliveryError(
                f"{what}: server answered {error.smtp_code} {text}",
                retryable=_smtp_retryable(error.smtp_code),
                status=error.smtp_code,
            ) from None
        except smtplib.SMTPNotSupportedError as error:
            raise DeliveryError(f"{what}: {error}", retryable=False) from None
        except ssl.SSLCertVerificationError as error:
            raise DeliveryError(
                f"{what}: TLS certificate not trusted ({error.verify_message})", retryable=False
            ) from None
        except (smtplib.SMTPException, OSError) as error:
            # Disconnects, refused connections, timeouts, TLS handshake failures.
            reason = getattr(error, "strerror", None) or type(error).__name__
            raise DeliveryError(f"{what}: {reason}", retryable=True) from None
        if refused:
            # Some recipients took it: retrying would duplicate it for them.
            log.warning("%s: recipients refused: %s", what, ", ".join(refused))
