"""Channel DSNs: parse, validate (ValueError with a message a user can act on), redact.

Forms:
  webhook://https://HOST/PATH[?secret=KEY]         (also webhook://http://…)
  smtp://[USER:PASS@]HOST[:PORT]?from=ADDR&to=ADDR[,ADDR][&tls=starttls|ssl|none]
  smtps://…                                         (same, tls=ssl)
  https://hooks.slack.com/services/T/B/X  or  slack://hooks/T/B/X
  slack://BOT_TOKEN@default?channel=NAME
  anything apprise understands (discord://, msteams://, tgram://, ntfy://, json://, …)

SMTP TLS default (when tls= is absent): ssl on port 465; none for a loopback host, or on
port 25 without credentials; starttls otherwise. Default port: 465 ssl, 587 starttls, 25 none.
Errors never echo a secret: they name the scheme or the redacted DSN.
"""

from __future__ import annotations

import ipaddress
import re
from email.utils import parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from uptime_sentinel.adapters.channels import redaction
from uptime_sentinel.adapters.channels.apprise_channel import apprise_accepts, apprise_knows
from uptime_sentinel.adapters.channels.targets import (
    AppriseTarget,
    ChannelTarget,
    ChannelType,
    DsnError,
    SlackBotTarget,
    SlackWebhookTarget,
    SmtpTarget,
    TlsMode,
    WebhookTarget,
)

_SLACK_HOOKS_HOST = "hooks.slack.com"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,31}")


def _scheme(dsn: str) -> str:
    scheme, sep, _ = dsn.partition("://")
    # Checked before use: a pasted credential must not be echoed back as a "scheme".
    if not sep or not _SCHEME.fullmatch(scheme):
        raise DsnError("channel DSN must look like SCHEME://…, e.g. webhook://https://host/path")
    return scheme.lower()


def _is_slack_hook_url(dsn: str) -> bool:
    parts = urlsplit(dsn)
    return parts.scheme.lower() in ("http", "https") and parts.hostname == _SLACK_HOOKS_HOST


def redact(dsn: str) -> str:
    """The DSN with every password, token, signing secret and webhook key as `***`."""
    dsn = dsn.strip()
    try:
        scheme = _scheme(dsn)
        if scheme == "webhook":
            return "webhook://" + redaction.redact_http_url(dsn[len("webhook://") :])
        if scheme in ("smtp", "smtps"):
            return redaction.redact_smtp(dsn)
        if scheme == "slack" or _is_slack_hook_url(dsn):
            return redaction.redact_slack(dsn)
        return redaction.redact_apprise(dsn)
    except ValueError:
        return redaction.MASK


def parse_dsn(dsn: str) -> ChannelTarget:
    """Raises DsnError (a ValueError) with a message naming what to fix."""
    dsn = dsn.strip()
    if not dsn:
        raise DsnError("channel DSN is empty")
    scheme = _scheme(dsn)
    try:
        if scheme == "webhook":
            return _parse_webhook(dsn)
        if scheme in ("smtp", "smtps"):
            return _parse_smtp(dsn)
        if scheme == "slack" or _is_slack_hook_url(dsn):
            return _parse_slack(dsn)
    except DsnError:
        raise
    except ValueError:
        # urllib's own errors (bad port, bad IPv6 literal) may quote the netloc in clear.
        raise DsnError(f"malformed {scheme} DSN (percent-encode special characters)") from None
    return _parse_apprise(dsn, scheme)


def channel_type(dsn: str) -> ChannelType:
    return parse_dsn(dsn).kind


def _parse_webhook(dsn: str) -> WebhookTarget:
    inner = dsn[len("webhook://") :]
    parts = urlsplit(inner)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise DsnError("webhook DSN must be webhook://https://HOST/PATH (or webhook://http://…)")
    kept, secret = [], None
    for pair in parts.query.split("&") if parts.query else []:
        key, _, value = pair.partition("=")
        if unquote(key) == "secret":
            secret = unquote(value)
        else:
            kept.append(pair)
    if secret == "":
        raise DsnError("webhook DSN has an empty ?secret=")
    url = parts._replace(query="&".join(kept), fragment="").geturl()
    return WebhookTarget(url=url, secret=secret, redacted=redact(dsn))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _address(value: str, what: str) -> str:
    _, address = parseaddr(value)
    if "@" not in address or any(c in value for c in "\r\n"):
        raise DsnError(f"smtp DSN: {what} '{value.strip()}' is not an email address")
    return value.strip()


def _parse_smtp(dsn: str) -> SmtpTarget:
    parts = urlsplit(dsn)
    if not parts.hostname:
        raise DsnError("smtp DSN needs a host: smtp://HOST[:PORT]?from=ADDRESS&to=ADDRESS")
    try:
        port = parts.port
    except ValueError:
        raise DsnError("smtp DSN has an invalid port") from None
    query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    unknown = set(query) - {"from", "to", "tls"}
    if unknown:
        raise DsnError(f"smtp DSN has unknown parameter(s): {', '.join(sorted(unknown))}")
    if not query.get("from"):
        raise DsnError("smtp DSN needs ?from=ADDRESS")
    if not query.get("to"):
        raise DsnError("smtp DSN needs ?to=ADDRESS")
    sender = _address(query["from"], "from")
    recipients = tuple(_address(a, "to") for a in query["to"].split(",") if a.strip())
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if username and not password:
        raise DsnError("smtp DSN has a user but no password: smtp://USER:PASS@HOST…")
    tls = _smtp_tls(parts.scheme.lower(), query.get("tls"), port, parts.hostname, bool(username))
    if port is None:
        port = {TlsMode.SSL: 465, TlsMode.STARTTLS: 587, TlsMode.NONE: 25}[tls]
    return SmtpTarget(
        host=parts.hostname,
        port=port,
        tls=tls,
        sender=sender,
        recipients=recipients,
        username=username,
        password=password,
        redacted=redact(dsn),
    )


def _smtp_tls(scheme: str, given: str | None, port: int | None, host: str, auth: bool) -> TlsMode:
    if given is not None:
        try:
            tls = TlsMode(given.lower())
        except ValueError:
            raise DsnError("smtp DSN: tls must be starttls, ssl or none") from None
        if scheme == "smtps" and tls is not TlsMode.SSL:
            raise DsnError("smtps:// means tls=ssl; use smtp:// for starttls or none")
        return tls
    if scheme == "smtps" or port == 465:
        return TlsMode.SSL
    if _is_loopback(host) or (port == 25 and not auth):
        return TlsMode.NONE
    return TlsMode.STARTTLS


_SLACK_FORMS = (
    "slack DSN must be https://hooks.slack.com/services/T…/B…/TOKEN, slack://hooks/T…/B…/TOKEN "
    "or slack://BOT_TOKEN@default?channel=NAME"
)


def _parse_slack(dsn: str) -> SlackWebhookTarget | SlackBotTarget:
    parts = urlsplit(dsn)
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme.lower() in ("http", "https") or parts.netloc.lower() == "hooks":
        if parts.netloc.lower() != "hooks":  # https://hooks.slack.com/services/T/B/X
            if not segments or segments[0] != "services":
                raise DsnError(_SLACK_FORMS)
            segments = segments[1:]
        if len(segments) != 3 or not all(s.isalnum() for s in segments):
            raise DsnError(_SLACK_FORMS)
        return SlackWebhookTarget(path="/".join(segments), redacted=redact(dsn))
    if not parts.username or parts.hostname != "default" or segments:
        raise DsnError(_SLACK_FORMS)
    query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    # An unencoded '#' in "?channel=#alerts" lands in the fragment.
    channel = query.get("channel") or (f"#{parts.fragment}" if parts.fragment else "")
    if not channel:
        raise DsnError("slack DSN needs ?channel=NAME")
    return SlackBotTarget(token=unquote(parts.username), channel=channel, redacted=redact(dsn))


def _parse_apprise(dsn: str, scheme: str) -> AppriseTarget:
    if not apprise_knows(scheme) and scheme not in ("http", "https"):
        raise DsnError(f"unknown channel scheme '{scheme}'")
    if not apprise_accepts(dsn):
        hint = (
            " (for a plain HTTP endpoint use webhook://https://…)"
            if scheme.startswith("http")
            else ""
        )
        raise DsnError(f"apprise cannot use this {scheme}:// URL: {redact(dsn)}{hint}")
    return AppriseTarget(url=dsn, redacted=redact(dsn))
