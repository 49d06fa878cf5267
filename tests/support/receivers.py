"""Real receivers on 127.0.0.1 for channel tests: an HTTP server and an SMTP server, each in
a background thread on a random port, recording what they get. Every wait is bounded."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import json
import socket
import ssl
import tempfile
import threading
from collections import deque
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal, Self

from aiohttp import web
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from multidict import CIMultiDict

LOOPBACK = "127.0.0.1"
WAIT = 5.0  # seconds; generous for a loaded CI machine, still bounded


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: str
    headers: CIMultiDict[str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes
    headers: dict[str, str]
    delay: float = 0.0


class HttpReceiver:
    """Answers every method and path. Scripted answers (`respond`) are used first, in order;
    then the default answer (200 "ok")."""

    def __init__(self) -> None:
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._lock = threading.Condition()
        self._requests: list[RecordedRequest] = []
        self._script: deque[_Answer] = deque()
        self._default = _Answer(200, b"ok", {"Content-Type": "text/plain"})

    # lifecycle ---------------------------------------------------------------
    def __enter__(self) -> Self:
        self._thread.start()
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(WAIT)
        self._loop.close()

    def _run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(WAIT)

    def start(self) -> None:
        """Listen (again) on the same port as before, or a random one the first time."""
        self._run(self._start())

    def stop(self) -> None:
        """Close the listener and every connection: clients now get 'connection refused'."""
        if self._runner is not None:
            self._run(self._runner.cleanup())
            self._runner = None

    def restart(self) -> None:
        self.stop()
        self.start()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, LOOPBACK, self.port, reuse_address=True)
        await site.start()
        self._runner = runner
        self.port = runner.addresses[0][1]

    # behaviour ---------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def respond(
        self,
        status: int,
        body: bytes | str = b"",
        *,
        json_body: Any = None,
        times: int = 1,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer the next `times` requests this way."""
        hdrs = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body)
            hdrs.setdefault("Content-Type", "application/json")
        raw = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._script.extend(_Answer(status, raw, hdrs, delay) for _ in range(times))

    def set_default(self, status: int, body: bytes | str = b"ok", *, json_body: Any = None) -> None:
        hdrs = {"Content-Type": "application/json" if json_body is not None else "text/plain"}
        raw = json.dumps(json_body) if json_body is not None else body
        data = raw.encode() if isinstance(raw, str) else raw
        with self._lock:
            self._default = _Answer(status, data, hdrs)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def wait_for(self, count: int, timeout: float = WAIT) -> list[RecordedRequest]:
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._requests) >= count, timeout):
                raise AssertionError(f"expected {count} requests, got {len(self._requests)}")
            return list(self._requests)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        recorded = RecordedRequest(
            request.method, request.path, request.query_string, CIMultiDict(request.headers), body
        )
        with self._lock:
            answer = self._script.popleft() if self._script else self._default
            self._requests.append(recorded)
            self._lock.notify_all()
        if answer.delay:
            await asyncio.sleep(answer.delay)
        return web.Response(status=answer.status, body=answer.body, headers=answer.headers)


# --- SMTP --------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    login: str | None  # the AUTH user, when the client authenticated
    tls: bool  # the session was encrypted (STARTTLS or implicit TLS)

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class TlsPair:
    server: ssl.SSLContext
    client: ssl.SSLContext  # trusts only the test CA


def loopback_tls() -> TlsPair:
    """A throwaway CA and a certificate for 127.0.0.1 signed by it."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def build(subject: str, key: Any, issuer: Any, issuer_key: Any, ca: bool) -> Any:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
            )
        )
        if ca:
            usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
        else:
            usage = x509.KeyUsage(True, False, True, False, False, False, False, False, False)
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(LOOPBACK))]),
                False,
            ).add_extension(x509.ExtendedKeyUsage([x509.OID_SERVER_AUTH]), False)
        return builder.add_extension(usage, True).sign(issuer_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sentinel test CA")])
    ca_cert = build("sentinel test CA", ca_key, ca_name, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = build(LOOPBACK, key, ca_name, ca_key, ca=False)

    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as tmp:
        cert_path, key_path = Path(tmp, "cert.pem"), Path(tmp, "key.pem")
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        server.load_cert_chain(cert_path, key_path)
    ca_pem = ca_cert.public_bytes(serialization.Encoding.PEM).decode()
    client = ssl.create_default_context(cadata=ca_pem)
    return TlsPair(server=server, client=client)


class _LoopbackController(Controller):
    """aiosmtpd's Controller on a socket we bound to 127.0.0.1:0 (it has no random port)."""

    def __init__(self, handler: Any, sock: socket.socket, **kwargs: Any) -> None:
        self._sock = sock
        super().__init__(handler, hostname=LOOPBACK, port=sock.getsockname()[1], **kwargs)

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


@dataclass
class _SmtpHandler:
    receiver: SmtpReceiver
    rejections: deque[str] = field(default_factory=deque)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.receiver._lock:
            if self.rejections:
                return self.rejections.popleft()
            login = session.login_data.decode() if session.authenticated else None
            self.receiver._mails.append(
                ReceivedMail(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    envelope.original_content,
                    login,
                    server.transport.get_extra_info("ssl_object") is not None,
                )
            )
            self.receiver._lock.notify_all()
        return "250 Message accepted"


class SmtpReceiver:
    """tls: "none" (plain), "starttls" (offered and required) or "ssl" (implicit TLS).
    With `credentials`, AUTH is offered (also without TLS: loopback only) and checked."""

    def __init__(
        self,
        *,
        tls: Literal["none", "starttls", "ssl"] = "none",
        credentials: tuple[str, str] | None = None,
    ) -> None:
        self._lock = threading.Condition()
        self._mails: list[ReceivedMail] = []
        self._handler = _SmtpHandler(self)
        self._credentials = credentials
        self.tls = loopback_tls() if tls != "none" else None
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((LOOPBACK, 0))
        self.port: int = sock.getsockname()[1]
        kwargs: dict[str, Any] = {"auth_require_tls": False}
        if credentials is not None:
            kwargs["authenticator"] = self._authenticate
        if tls == "starttls":
            assert self.tls is not None
            kwargs.update(tls_context=self.tls.server, require_starttls=True)
        if tls == "ssl":
            assert self.tls is not None
            kwargs["ssl_context"] = self.tls.server
        self._controller = _LoopbackController(self._handler, sock, ready_timeout=WAIT, **kwargs)

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert self._credentials is not None
        ok = (
            isinstance(auth_data, LoginPassword)
            and (
                auth_data.login.decode(),
                auth_data.password.decode(),
            )
            == self._credentials
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    def __enter__(self) -> Self:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()

    def reject_next(self, reply: str, times: int = 1) -> None:
        """Answer DATA with `reply` (e.g. "451 4.3.0 try later") for the next `times` mails."""
        with self._lock:
            self._handler.rejections.extend([reply] * times)

    @property
    def mails(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self._mails)

    def wait_for(self, count: int, timeout: float = WAIT) -> list[ReceivedMail]:
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._mails) >= count, timeout):
                raise AssertionError(f"expected {count} mails, got {len(self._mails)}")
            return list(self._mails)


def free_loopback_port() -> int:
    """A port nothing listens on (bound then released): connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])
