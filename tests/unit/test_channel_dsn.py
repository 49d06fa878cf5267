from __future__ import annotations

import pytest

from uptime_sentinel.adapters.channels.apprise_channel import AppriseSender
from uptime_sentinel.adapters.channels.dsn import channel_type, parse_dsn, redact
from uptime_sentinel.adapters.channels.registry import ChannelSettings, sender_for
from uptime_sentinel.adapters.channels.slack import SlackSender
from uptime_sentinel.adapters.channels.smtp import SmtpSender
from uptime_sentinel.adapters.channels.targets import (
    AppriseTarget,
    ChannelType,
    DsnError,
    SlackBotTarget,
    SlackWebhookTarget,
    SmtpTarget,
    TlsMode,
    WebhookTarget,
)
from uptime_sentinel.adapters.channels.webhook import WebhookSender

ADDRS = "from=alerts@example.com&to=oncall@example.com"


# --- parsing -------------------------------------------------------------------


def test_webhook_secret_is_taken_out_of_the_target_url() -> None:
    target = parse_dsn("webhook://https://api.example.com/events?team=ops&secret=k3y")
    assert isinstance(target, WebhookTarget)
    assert target.url == "https://api.example.com/events?team=ops"
    assert target.secret == "k3y"
    assert target.kind is ChannelType.WEBHOOK


def test_webhook_without_secret() -> None:
    target = parse_dsn("webhook://http://127.0.0.1:8080/hook")
    assert isinstance(target, WebhookTarget)
    assert (target.url, target.secret) == ("http://127.0.0.1:8080/hook", None)


def test_smtp_full_form() -> None:
    target = parse_dsn(
        "smtp://bot%40example.com:p%2Fss@mail.example.com:2525"
        "?from=Sentinel%20%3Calerts@example.com%3E&to=a@example.com,%20b@example.com&tls=ssl"
    )
    assert isinstance(target, SmtpTarget)
    assert (target.host, target.port, target.tls) == ("mail.example.com", 2525, TlsMode.SSL)
    assert (target.username, target.password) == ("bot@example.com", "p/ss")
    assert target.sender == "Sentinel <alerts@example.com>"
    assert target.recipients == ("a@example.com", "b@example.com")


@pytest.mark.parametrize(
    ("dsn", "tls", "port"),
    [
        (f"smtp://mail.example.com?{ADDRS}", TlsMode.STARTTLS, 587),
        (f"smtp://mail.example.com:25?{ADDRS}", TlsMode.NONE, 25),
        (f"smtp://u:p@mail.example.com:25?{ADDRS}", TlsMode.STARTTLS, 25),
        (f"smtp://mail.example.com:465?{ADDRS}", TlsMode.SSL, 465),
        (f"smtps://mail.example.com?{ADDRS}", TlsMode.SSL, 465),
        (f"smtp://localhost?{ADDRS}", TlsMode.NONE, 25),
        (f"smtp://127.0.0.1:1025?{ADDRS}", TlsMode.NONE, 1025),
        (f"smtp://[::1]?{ADDRS}", TlsMode.NONE, 25),
        (f"smtp://mail.example.com?{ADDRS}&tls=none", TlsMode.NONE, 25),
        (f"smtp://mail.example.com?{ADDRS}&tls=ssl", TlsMode.SSL, 465),
    ],
)
def test_smtp_tls_and_port_defaults(dsn: str, tls: TlsMode, port: int) -> None:
    target = parse_dsn(dsn)
    assert isinstance(target, SmtpTarget)
    assert (target.tls, target.port) == (tls, port)


def test_slack_forms() -> None:
    hook = parse_dsn("https://hooks.slack.com/services/T0001/B0001/XXXXXXXX")
    assert isinstance(hook, SlackWebhookTarget)
    assert hook.path == "T0001/B0001/XXXXXXXX"
    assert parse_dsn("slack://hooks/T0001/B0001/XXXXXXXX") == SlackWebhookTarget(
        path="T0001/B0001/XXXXXXXX", redacted="slack://hooks/T0001/B0001/***"
    )
    bot = parse_dsn("slack://xoxb-1-2-abc@default?channel=alerts")
    assert isinstance(bot, SlackBotTarget)
    assert (bot.token, bot.channel) == ("xoxb-1-2-abc", "alerts")
    unencoded = parse_dsn("slack://xoxb-1-2-abc@default?channel=#alerts")
    assert isinstance(unencoded, SlackBotTarget)
    assert unencoded.channel == "#alerts"


@pytest.mark.parametrize(
    "dsn",
    [
        "discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js",
        "json://127.0.0.1:8080/path",
        "form://127.0.0.1:8080/path",
        "ntfy://my-topic",
        "tgram://123456789:abcdefg_hijklmnopqrstuvwxyz12345/-100123456",
    ],
)
def test_other_services_go_to_apprise(dsn: str) -> None:
    target = parse_dsn(dsn)
    assert isinstance(target, AppriseTarget)
    assert target.url == dsn
    assert channel_type(dsn) is ChannelType.APPRISE


# --- validation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("dsn", "message"),
    [
        ("", "channel DSN is empty"),
        ("not a dsn", "channel DSN must look like SCHEME://"),
        ("foo://bar", "unknown channel scheme 'foo'"),
        ("smtp://mail.example.com?from=a@example.com", "smtp DSN needs ?to=ADDRESS"),
        ("smtp://mail.example.com?to=a@example.com", "smtp DSN needs ?from=ADDRESS"),
        (f"smtp://mail.example.com?{ADDRS}&tls=maybe", "tls must be starttls, ssl or none"),
        (f"smtp://mail.example.com?{ADDRS}&too=x", "unknown parameter(s): too"),
        (f"smtp://mail.example.com:99999?{ADDRS}", "smtp DSN has an invalid port"),
        (f"smtp://[::1?{ADDRS}", "malformed smtp DSN"),
        (f"smtp://?{ADDRS}", "smtp DSN needs a host"),
        ("smtp://h?from=nobody&to=a@example.com", "from 'nobody' is not an email address"),
        (f"smtps://h?{ADDRS}&tls=starttls", "smtps:// means tls=ssl"),
        (f"smtp://user@h?{ADDRS}", "a user but no password"),
        ("webhook://ftp://example.com/x", "webhook DSN must be webhook://https://"),
        ("webhook://example.com/x", "webhook DSN must be webhook://https://"),
        ("webhook://https://example.com/x?secret=", "empty ?secret="),
        ("slack://xoxb-1@default", "slack DSN needs ?channel=NAME"),
        ("slack://xoxb-1@elsewhere?channel=a", "slack DSN must be"),
        ("slack://hooks/T1/B1", "slack DSN must be"),
        ("https://hooks.slack.com/workflows/T1/B1/X", "slack DSN must be"),
        ("discord://onlyone", "apprise cannot use this discord:// URL"),
        ("https://example.com/hook", "use webhook://https://"),
    ],
)
def test_invalid_dsns_say_what_is_wrong(dsn: str, message: str) -> None:
    with pytest.raises(DsnError) as caught:
        parse_dsn(dsn)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_credential_pasted_before_the_scheme_is_not_echoed() -> None:
    with pytest.raises(DsnError) as caught:
        parse_dsn("user:hunter2@host://x")
    assert "hunter2" not in str(caught.value)


# --- redaction -----------------------------------------------------------------

SECRET_CASES = [
    ("webhook://https://api.example.com/events?secret=WHSECRET1", ["WHSECRET1"]),
    ("webhook://https://u:WHPASS1@api.example.com/e", ["WHPASS1"]),
    ("webhook://https://TOKENUSER1@api.example.com/e", ["TOKENUSER1"]),
    ("webhook://https://api.example.com/e?token=QTOKEN1&api_key=QKEY1", ["QTOKEN1", "QKEY1"]),
    ("webhook://https://api.example.com/hooks/9fj3k2LmN0pQ4rS8tU", ["9fj3k2LmN0pQ4rS8tU"]),
    (f"smtp://bot:SMTPPASS1@mail.example.com?{ADDRS}", ["SMTPPASS1"]),
    (f"smtps://bot:p%40SMTP2@mail.example.com?{ADDRS}", ["p%40SMTP2", "SMTP2"]),
    ("https://hooks.slack.com/services/T0001/B0001/HOOKTOKEN123", ["HOOKTOKEN123"]),
    ("slack://hooks/T0001/B0001/HOOKTOKEN456", ["HOOKTOKEN456"]),
    ("slack://xoxb-BOTTOKEN-1@default?channel=alerts", ["xoxb-BOTTOKEN-1", "BOTTOKEN"]),
    ("discord://4174216298/DISCORDTOKEN_x7", ["DISCORDTOKEN_x7", "4174216298"]),
    ("tgram://123456789:TGTOKENabc/-100123456", ["TGTOKENabc", "123456789"]),
    ("pagerduty://INTEGKEY1@APIKEY1/", ["INTEGKEY1", "APIKEY1"]),
    ("ntfy://u:NTFYPASS@ntfy.example.com/topic", ["NTFYPASS"]),
    ("json://u:JSONPASS@127.0.0.1:8080/in?+X-Api-Token=HDRTOKEN", ["JSONPASS", "HDRTOKEN"]),
    ("https://discord.com/api/webhooks/4174216298/DISCORDHOOKTOK", ["DISCORDHOOKTOK"]),
    # malformed: an unencoded '#', '/' or '?' in a password
    (f"smtp://bot:pa#SHARPPW@mail.example.com?{ADDRS}", ["pa#SHARPPW", "SHARPPW"]),
    ("webhook://https://u:12/SLASHPW@api.example.com/e", ["SLASHPW"]),
    ("webhook://https://TOK?QMARKPW@api.example.com/e", ["QMARKPW", "TOK"]),
]


@pytest.mark.parametrize(("dsn", "secrets"), SECRET_CASES)
def test_no_secret_survives_redaction(dsn: str, secrets: list[str]) -> None:
    redacted = redact(dsn)
    assert "***" in redacted
    for secret in secrets:
        assert secret not in redacted


@pytest.mark.parametrize(("dsn", "secrets"), SECRET_CASES)
def test_parsed_targets_do_not_show_secrets(dsn: str, secrets: list[str]) -> None:
    try:
        target = parse_dsn(dsn)
    except DsnError as error:
        rendered = str(error)
    else:
        rendered = repr(target)
    for secret in secrets:
        assert secret not in rendered


@pytest.mark.parametrize(
    ("dsn", "expected"),
    [
        (
            "webhook://https://api.example.com/events?team=ops&secret=abc",
            "webhook://https://api.example.com/events?team=ops&secret=***",
        ),
        (
            f"smtp://bot:pw@mail.example.com:587?{ADDRS}",
            f"smtp://bot:***@mail.example.com:587?{ADDRS}",
        ),
        (
            "https://hooks.slack.com/services/T0001/B0001/XXXX",
            "https://hooks.slack.com/services/T0001/B0001/***",
        ),
        ("slack://xoxb-1@default?channel=alerts", "slack://***@default?channel=alerts"),
        ("discord://id/token", "discord://***"),
        ("json://127.0.0.1:8080/in", "json://127.0.0.1:8080/in"),
    ],
)
def test_redaction_keeps_what_identifies_the_channel(dsn: str, expected: str) -> None:
    assert redact(dsn) == expected


@pytest.mark.parametrize("garbage", ["", "://", "no scheme", "smtp://[::1", "x://[bad"])
def test_redact_never_raises(garbage: str) -> None:
    assert isinstance(redact(garbage), str)


# --- registry ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dsn", "sender_type"),
    [
        ("webhook://https://api.example.com/e", WebhookSender),
        (f"smtp://mail.example.com?{ADDRS}", SmtpSender),
        ("slack://hooks/T1/B1/X1", SlackSender),
        ("slack://xoxb-1@default?channel=a", SlackSender),
        ("json://127.0.0.1:8080/in", AppriseSender),
    ],
)
def test_sender_for_picks_the_adapter(dsn: str, sender_type: type) -> None:
    settings = ChannelSettings()
    sender = sender_for(dsn, settings)
    assert isinstance(sender, sender_type)
    assert sender_for(f"  {dsn} ", settings) is sender  # cached per DSN and settings


def test_sender_for_rejects_bad_dsns() -> None:
    with pytest.raises(ValueError, match="unknown channel scheme 'foo'"):
        sender_for("foo://x", ChannelSettings())
